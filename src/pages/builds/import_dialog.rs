//! Importing builds: paste, pick a file, or drop one; see what was found before importing.

use buildbay_core::Target;
use buildbay_core::check::{self, Checked};
use buildbay_core::import::{Document, Hint, Imported};
use buildbay_core::model::Build;
use buildbay_core::validate::Context;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::components::dialog::Dialog;
use crate::state::{Toast, Workspace};

/// The builds in an imported document, and how many templates it also held.
fn builds_in(doc: &Imported, out: &mut Vec<Build>, templates: &mut usize) {
    match &doc.document {
        Document::Build(b) => out.push(b.clone()),
        Document::Template(_) => *templates += 1,
        Document::Many(parts) => parts.iter().for_each(|(_, p)| builds_in(p, out, templates)),
        Document::Response(_) => {}
    }
}

fn hint_of(choice: &str) -> Hint {
    Target::parse(choice).map(Hint::Target).unwrap_or(Hint::Auto)
}

async fn read_file(file: web_sys::File) -> Result<String, String> {
    JsFuture::from(file.text()).await.map(|v| v.as_string().unwrap_or_default()).map_err(|e| format!("{e:?}"))
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
            let mut templates = 0;
            if let Some(imported) = c.as_ref().and_then(|c: &Checked| c.imported.as_ref()) {
                builds_in(imported, &mut builds, &mut templates);
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
    let do_import = move |_| {
        let (builds, _) = found.get_untracked();
        if builds.is_empty() {
            return;
        }
        let target = checked.with_untracked(|c| c.as_ref().and_then(|c| c.shape).map(|s| s.target())).unwrap_or(Target::Zadig);
        let target = Target::parse(&read_as.get_untracked()).unwrap_or(target);
        let first = (builds.len() == 1).then(|| builds[0].name.clone());
        spawn_local(async move {
            match ws.import(builds, target).await {
                Ok(n) => {
                    ws.toast.set(Some(Toast { message: format!("Imported {n} build{}.", if n == 1 { "" } else { "s" }), undo: None }));
                    open.set(false);
                    text.set(String::new());
                    file_note.set(None);
                    if let Some(name) = first {
                        navigate.with_value(|n| n(&format!("/builds/{}", js_sys::encode_uri_component(&name)), Default::default()));
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
            let shape = c.shape.map(|s| s.label()).unwrap_or("a document");
            let mut s = format!("Found {shape} with {} build{}.", builds.len(), if builds.len() == 1 { "" } else { "s" });
            if templates > 0 {
                s.push_str(&format!(" {templates} template(s) are not imported: templates are edited in the Templates section."));
            }
            let errors = c.diagnostics.iter().filter(|d| d.is_error()).count();
            if errors > 0 {
                s.push_str(&format!(" {errors} error(s) will show in the editor after import."));
            }
            s
        })
    };
    let findings = move || {
        checked.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.diagnostics
                        .iter()
                        .take(50)
                        .map(|d| {
                            let place = d.position.map(|p| format!("line {}, column {}", p.line, p.column)).unwrap_or_else(|| d.path.clone());
                            let kind = if d.is_error() { "Error" } else { "Warning" };
                            view! { <li><strong>{kind}</strong>" " {place} ": " {d.message.clone()}</li> }
                        })
                        .collect_view()
                })
        })
    };
    view! {
        <Dialog open=open title="Import builds" id="import-dialog">
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
            <ul class="import-findings">{findings}</ul>
            <div class="dialog-actions">
                <button type="button" class="primary" on:click=do_import disabled=move || found.with(|(b, _)| b.is_empty())>
                    {move || match found.with(|(b, _)| b.len()) {
                        0 => "Import".to_string(),
                        1 => "Import 1 build".to_string(),
                        n => format!("Import {n} builds"),
                    }}
                </button>
                <button type="button" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Dialog>
    }
}
