//! Bringing the console's stored builds into scenario A: the builds an admin already keeps,
//! simulated without copying their JSON by hand.

use buildbay_core::simulate::scenario_text::with_build;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::undo::{Replaceable, ReplacedStatus};
use crate::components::build_select::StoredBuildSelect;
use crate::state::Workspace;

/// A choice of stored build and a button that writes it into the scenario's builds.
#[component]
pub fn StoredBuilds(text: RwSignal<String>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let chosen = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let replace = Replaceable::new(text);
    let add = move |_| {
        let id = chosen.get_untracked();
        if id.is_empty() {
            outcome.set(Some(Err("Choose a build to add first.".into())));
            return;
        }
        spawn_local(async move {
            let record = match ws.load(&id).await {
                Ok(Some(record)) => record,
                Ok(None) => return outcome.set(Some(Err("That build is no longer stored.".into()))),
                Err(e) => return outcome.set(Some(Err(format!("The build could not be read: {e}")))),
            };
            // A template build brings its template, which its runs take their settings from.
            let template = ws.template_of(&record.build);
            // The page may have been left while the build was read: then there is no scenario to add it to.
            let Some(scenario) = text.try_get_untracked() else { return };
            match with_build(&scenario, &record.build, record.target, template.as_ref()) {
                Ok((next, added)) => {
                    replace.replace(next);
                    outcome.set(Some(Ok(added.message(&record.build.name, record.target))));
                }
                Err(e) => outcome.set(Some(Err(e))),
            }
        });
    };
    view! {
        <section class="stored-builds" aria-labelledby="stored-builds-heading">
            <h2 id="stored-builds-heading">"Builds"</h2>
            <div class="toolbar">
                <div class="toolbar-field grow">
                    <label for="stored-build">"A build stored in this console"</label>
                    <StoredBuildSelect id="stored-build" chosen=chosen described_by="stored-build-hint" />
                </div>
                <button type="button" on:click=add>"Add to scenario A"</button>
            </div>
            <p class="hint" id="stored-build-hint">
                {move || if ws.holds_no_builds() {
                    "No builds are stored yet: create or import one on the Builds page, or write builds into the scenario below."
                } else {
                    "Written into the scenario's builds as the build's backend takes it, following that backend's rules; a build of the same name there is updated."
                }}
            </p>
            <ReplacedStatus outcome=outcome replace=replace id="stored-build-status" undo_label="Undo adding the build" restores="scenario-text" />
        </section>
    }
}
