//! Exporting every build as one JSON document of a backend's request bodies.

use buildbay_core::Target;
use buildbay_core::import::bundle;
use buildbay_core::simulate::text::counted;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::dialog::Dialog;
use crate::components::download::download;
use crate::components::include_secrets::IncludeSecrets;
use crate::state::{Toast, Workspace};

/// The export-all dialog.
#[component]
pub fn ExportAllDialog(open: RwSignal<bool>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let target = RwSignal::new(Target::Zadig);
    let include = RwSignal::new(false);
    // The opt-in to export secrets never carries over from one export to the next.
    Effect::new(move |_| {
        if open.get() {
            include.set(false);
        }
    });
    let export = move |_| {
        // The choices as they stand at the click: the dialog, and the page, may be gone by the
        // time the builds are read.
        let (with_secrets, t) = (include.get_untracked(), target.get_untracked());
        spawn_local(async move {
            match ws.all_records().await {
                Ok(records) => {
                    let builds: Vec<_> = records
                        .into_iter()
                        .map(|r| if with_secrets { r.build } else { r.build.masked() })
                        .collect();
                    // Templates exist only in Zadig; its export carries them beside the builds.
                    let templates: Vec<_> = if t == Target::Zadig {
                        ws.templates.with_untracked(|list| {
                            list.iter().map(|r| if with_secrets { r.template.clone() } else { r.template.masked() }).collect()
                        })
                    } else {
                        Vec::new()
                    };
                    let text = serde_json::to_string_pretty(&bundle(t, &builds, &templates)).unwrap_or_default();
                    match download(&format!("buildbay-builds.{}.json", t.as_str()), &text, "application/json") {
                        Ok(()) => {
                            ws.toast.set(Some(Toast::note(format!("Exported {}.", counted(builds.len() as u64, "build", "builds")))));
                            open.set(false);
                        }
                        Err(e) => ws.problem.set(Some(format!("The download could not start: {e}"))),
                    }
                }
                Err(e) => ws.problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <Dialog open=open title="Export all builds" id="export-all-dialog">
            <p>"Downloads one JSON file with every build as the chosen backend's request body (and, for Zadig, every template). Import it here again, or send the bodies to the backend."</p>
            <div class="field">
                <label for="export-all-target">"Backend"</label>
                <select id="export-all-target" on:change=move |ev| target.set(Target::parse(&event_target_value(&ev)).unwrap_or(Target::Zadig))>
                    {Target::ALL.iter().map(|t| view! { <option value=t.as_str()>{t.label()}</option> }).collect_view()}
                </select>
            </div>
            <IncludeSecrets include=include id="export-all-secrets" />
            <div class="dialog-actions">
                <button type="button" class="primary" on:click=export>"Download"</button>
                <button type="button" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Dialog>
    }
}
