//! Jobs: build jobs run by the in-browser engine, and one job's timeline and logs.

use leptos::prelude::*;

use crate::pages::{SectionIntro, route_param};

/// `/jobs`: the build jobs started in this browser.
#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <SectionIntro title="Jobs">
            <p>
                "Build jobs run a build in the simulated scheduler: which services, which branch, "
                "which variable values, and whose semantics (Zadig, Rainbond, Nuon or ServiceStage) apply."
            </p>
        </SectionIntro>
        <section class="empty-state" aria-labelledby="jobs-empty">
            <h2 id="jobs-empty">"No jobs have run yet"</h2>
            <p>"This list will show each job's status as the simulated clock runs, live."</p>
        </section>
    }
}

/// `/jobs/:id`: one job, identified in the URL.
#[component]
pub fn JobPage() -> impl IntoView {
    let id = route_param("id");
    view! {
        <SectionIntro title=Signal::derive(move || format!("Job {}", id.get()))>
            <p>"A job's status timeline, its steps and their logs open here."</p>
        </SectionIntro>
        <p class="muted">"No job " <code>{move || id.get()}</code> " exists in this browser."</p>
        <p><a href="/jobs">"Back to jobs"</a></p>
    }
}
