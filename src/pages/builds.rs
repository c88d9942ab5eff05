//! Builds: the list of builds kept in this browser and the editor of one build.

use leptos::prelude::*;

use crate::pages::{SectionIntro, route_param};

/// `/builds`: every build stored in this browser.
#[component]
pub fn BuildsPage() -> impl IntoView {
    view! {
        <SectionIntro title="Builds">
            <p>
                "Builds are the CI build configurations you manage for Zadig, Rainbond, Nuon and "
                "ServiceStage: services, repositories, tools, variables, script, Docker step and "
                "advanced settings."
            </p>
        </SectionIntro>
        <section class="empty-state" aria-labelledby="builds-empty">
            <h2 id="builds-empty">"No builds in this browser yet"</h2>
            <p>
                "This list will show every build stored here, with search, sorting, validation "
                "state and sync state, and open each one in the build editor."
            </p>
        </section>
    }
}

/// `/builds/:name`: one build, named in the URL.
#[component]
pub fn BuildPage() -> impl IntoView {
    let name = route_param("name");
    view! {
        <SectionIntro title=Signal::derive(move || format!("Build {}", name.get()))>
            <p>"The build editor opens here: every field of the build, validated as you type."</p>
        </SectionIntro>
        <p class="muted">
            "No build named " <code>{move || name.get()}</code> " is stored in this browser."
        </p>
        <p><a href="/builds">"Back to builds"</a></p>
    }
}
