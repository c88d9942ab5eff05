//! Templates: build templates that many builds instantiate with per-service inputs.

use leptos::prelude::*;

use crate::pages::{SectionIntro, route_param};

/// `/templates`: the build templates kept in this browser.
#[component]
pub fn TemplatesPage() -> impl IntoView {
    view! {
        <SectionIntro title="Templates">
            <p>
                "Build templates define a build once — environment, script, variables and settings — "
                "so that builds for many services can be created from them with their own inputs."
            </p>
        </SectionIntro>
        <section class="empty-state" aria-labelledby="templates-empty">
            <h2 id="templates-empty">"No templates in this browser yet"</h2>
            <p>"This list will show every build template stored here and the builds that use each."</p>
        </section>
    }
}

/// `/templates/:name`: one template, named in the URL.
#[component]
pub fn TemplatePage() -> impl IntoView {
    let name = route_param("name");
    view! {
        <SectionIntro title=Signal::derive(move || format!("Template {}", name.get()))>
            <p>"The template editor opens here, with the inputs each build must provide."</p>
        </SectionIntro>
        <p class="muted">
            "No template named " <code>{move || name.get()}</code> " is stored in this browser."
        </p>
        <p><a href="/templates">"Back to templates"</a></p>
    }
}
