//! Importing builds and build templates: paste, pick a file, or drop one; see what was found
//! before importing.

use buildbay_core::Target;
use buildbay_core::check::{self, Checked};
use buildbay_core::import::{Document, Hint, Imported};
use buildbay_core::model::Build;
use buildbay_core::simulate::text::counted;
use buildbay_core::validate::Context;
use buildbay_core::workspace::templates_in;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::dialog::Dialog;
use crate::components::picked_file::read_file;
use crate::components::text_findings::TextFindings;
use crate::state::{Toast, Workspace};

/// The builds in an imported document.
fn builds_in(doc: &Imported, out: &mut Vec<Build>) {
    match &doc.document {
        Document::Build(b) => out.push(b.clone()),
        Document::Many(parts) => parts.iter().for_each(|(_, p)| builds_in(p, out)),
        Document::Template(_) | Document::Response(_) => {}
    }
}

/// "1 build and 2 templates", leaving out a kind there is none of.
fn what_is_found(builds: usize, templates: usize) -> String {
    let b = counted(builds as u64, "build", "builds");
    match templates {
        0 => b,
        t if builds == 0 => counted(t as u64, "template", "templates"),
        t => format!("{b} and {}", counted(t as u64, "template", "templates")),
    }
}

fn hint_of(choice: &str) -> Hint {
    Target::parse(choice).map(Hint::Target).unwrap_or(Hint::Auto)
}

/// The import dialog.
#[component]
pub fn ImportDialog(open: RwSignal<bool>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let text = RwSignal::new(String::new());
    let read_as = RwSignal::new("auto".to_string());
    let file_note = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    let checked = Memo::new(move |_| {
        let t = text.get();
        (!t.trim().is_empty()).then(|| check::check(&t, hint_of(&read_as.get()), None, &Context::default()))
    });
    let found = Memo::new(move |_| {
        checked.with(|c| {
            let mut builds = Vec::new();
            let mut templates = Vec::new();
            if let Some(imported) = c.as_ref().and_then(|c: &Checked| c.imported.as_ref()) {
                builds_in(imported, &mut builds);
                templates = templates_in(imported);
            }
            (builds, templates)
        })
    });
    let load_file = move |file: web_sys::File| {
        let name = file.name();
        spawn_local(async move {
            match read_file(file).await {
                Ok(content) => {
                    file_note.set(Some(format!("Read {name} ({} characters).", content.chars().count())));
                    text.set(content);
                }
                Err(e) => file_note.set(Some(format!("Could not read {name}: {e}"))),
            }
        });
    };
    let on_pick = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            load_file(file);
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            load_file(file);
        }
    };
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    // Thousands of builds take seconds to store: a second press meanwhile would store them twice.
    let importing = RwSignal::new(false);
    let do_import = move |_| {
        let (builds, templates) = found.get_untracked();
        if (builds.is_empty() && templates.is_empty()) || importing.get_untracked() {
            return;
        }
        importing.set(true);
        let target = checked.with_untracked(|c| c.as_ref().and_then(|c| c.shape).map(|s| s.target())).unwrap_or(Target::Zadig);
        let target = Target::parse(&read_as.get_untracked()).unwrap_or(target);
        let first_build = (builds.len() == 1 && templates.is_empty()).then(|| format!("/builds/{}", js_sys::encode_uri_component(&builds[0].name)));
        spawn_local(async move {
            let outcome = async {
                // Templates first: the builds made from them are then checked against them as
                // they are stored, rather than each loaded and checked again afterwards (5,000
                // such builds took 10 s more that way).
                let names = ws.import_templates(templates).await?;
                let n = if builds.is_empty() { 0 } else { ws.import(builds, target).await? };
                Ok::<_, crate::storage::StorageError>((n, names))
            };
            let outcome = outcome.await;
            importing.set(false);
            match outcome {
                Ok((n, names)) => {
                    ws.toast.set(Some(Toast::note(format!("Imported {}.", what_is_found(n, names.len())))));
                    open.set(false);
                    text.set(String::new());
                    file_note.set(None);
                    let first_template = (n == 0 && names.len() == 1).then(|| format!("/templates/{}", js_sys::encode_uri_component(&names[0])));
                    if let Some(path) = first_build.or(first_template) {
                        crate::pages::navigate_unless_left(navigate, &path, Default::default());
                    }
                }
                Err(e) => ws.problem.set(Some(e.to_string())),
            }
        });
    };
    let summary = move || {
        checked.with(|c| {
            let Some(c) = c else { return "Paste a document, choose a file, or drop one here.".to_string() };
            if c.unreadable {
                return "This document cannot be imported; see below.".to_string();
            }
            let (builds, templates) = found.get();
            if c.imported.as_ref().is_some_and(Imported::is_empty_list) {
                return "Found an empty list: there is nothing to import.".to_string();
            }
            let shape = c.shape.map(|s| s.label()).unwrap_or("a document");
            let mut s = format!("Found {shape} with {}.", what_is_found(builds.len(), templates.len()));
            if !templates.is_empty() {
                s.push_str(" Templates go to the Templates section; one whose name is taken there is stored as a copy.");
            }
            let errors = c.diagnostics.iter().filter(|d| d.is_error()).count();
            if errors > 0 {
                s.push_str(&format!(" {errors} error(s) will show in the editor after import."));
            }
            s
        })
    };
    // Copied once per reading, however often the list reads them.
    let findings = Memo::new(move |_| checked.with(|c| c.as_ref().map(|c| c.diagnostics.clone()).unwrap_or_default()));
    let area = NodeRef::<html::Textarea>::new();
    view! {
        <Dialog open=open title="Import builds and templates" id="import-dialog">
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <div class="field">
                    <label for="import-file">"JSON file"</label>
                    <input type="file" id="import-file" accept=".json,application/json" on:change=on_pick />
                    <p class="hint">"Or drop a file anywhere in this box."</p>
                </div>
                <div class="field">
                    <label for="import-text">"Or paste a document"</label>
                    <textarea
                        id="import-text"
                        node_ref=area
                        aria-describedby="import-findings"
                        class="code"
                        rows="10"
                        spellcheck="false"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                </div>
            </div>
            <div class="field">
                <label for="import-read-as">"Read as"</label>
                <select id="import-read-as" on:change=move |ev| read_as.set(event_target_value(&ev))>
                    <option value="auto">"Detect the backend"</option>
                    {Target::ALL.iter().map(|t| view! { <option value=t.as_str()>{t.label()}</option> }).collect_view()}
                </select>
            </div>
            {move || file_note.get().map(|n| view! { <p class="muted">{n}</p> })}
            <p role="status" aria-live="polite" class="import-summary">{summary}</p>
            <div class="import-findings"><TextFindings findings=findings area=area id="import-findings".to_string() /></div>
            <div class="dialog-actions">
                <button
                    type="button"
                    class="primary"
                    on:click=do_import
                    disabled=move || importing.get() || found.with(|(b, t)| b.is_empty() && t.is_empty())
                    aria-busy=move || importing.get().to_string()
                >
                    {move || found.with(|(b, t)| match (importing.get(), b.is_empty() && t.is_empty()) {
                        (true, _) => format!("Importing {}…", what_is_found(b.len(), t.len())),
                        (false, true) => "Import".to_string(),
                        (false, false) => format!("Import {}", what_is_found(b.len(), t.len())),
                    })}
                </button>
                <button type="button" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Dialog>
    }
}
