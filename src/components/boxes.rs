//! The boxes pages put content in: a section saying there is nothing yet, and a region a wide
//! table scrolls in on a narrow screen instead of the page.

use leptos::prelude::*;

/// A titled box standing in for a list with nothing in it yet (or a short fact), its heading
/// naming the section for assistive technology; `subsection` makes it an `h3` under a page's `h2`.
#[component]
pub fn EmptyState(#[prop(into)] id: String, #[prop(into)] title: String, #[prop(optional)] subsection: bool, children: Children) -> impl IntoView {
    let heading = if subsection { view! { <h3 id=id.clone()>{title}</h3> }.into_any() } else { view! { <h2 id=id.clone()>{title}</h2> }.into_any() };
    view! {
        <section class="empty-state" aria-labelledby=id>
            {heading}
            {children()}
        </section>
    }
}

/// A keyboard-focusable region, named by the heading `labelledby` points at, in which a wide
/// table scrolls sideways on its own rather than the page.
#[component]
pub fn TableScroll(#[prop(into)] labelledby: String, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-labelledby=labelledby tabindex="0">
            {children()}
        </div>
    }
}
