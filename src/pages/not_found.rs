//! The page for any URL the console does not know.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::pages::SectionIntro;

/// Fallback route: says which address was not found and where to go instead.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let location = use_location();
    view! {
        <SectionIntro title="Page not found">
            <p>
                "Nothing lives at " <code>{move || location.pathname.get()}</code> ". "
                "Choose a section from the navigation, or go to "
                <a href="/builds">"Builds"</a> "."
            </p>
        </SectionIntro>
    }
}
