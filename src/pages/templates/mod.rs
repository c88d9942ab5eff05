//! `/templates`: the build templates kept in this browser, with the builds made from each —
//! create, import, delete (with undo) — and `/templates/:name`, one template's editor.

mod build_links;
mod template_page;

use buildbay_core::simulate::text::counted;
use buildbay_core::workspace::{TemplateRecord, checked_template_rows, matching_template_rows, template_count, with_users};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::boxes::{EmptyState, TableScroll};
use crate::components::search_field::SearchField;
use crate::components::show_more::{PAGE, ShowMore};
use crate::pages::SectionIntro;
use crate::pages::builds::ImportDialog;
use crate::state::{Workspace, WorkspaceStatus};

use build_links::BuildLinks;
pub use template_page::TemplatePage;

pub(crate) use crate::pages::encoded;


/// How many of a template's builds its row names before linking to them all.
const USED_BY_SHOWN: usize = 3;

/// `/templates`.
#[component]
pub fn TemplatesPage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    // Checked when the templates change; their builds, when the builds do.
    let checked = Memo::new(move |_| ws.templates.with(|t| checked_template_rows(t)));
    let rows = Memo::new(move |_| ws.catalog.with(|c| with_users(checked.get(), c.entries())));
    let query = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    let matching = Memo::new(move |_| rows.with(|r| query.with(|q| matching_template_rows(r, q))));
    let shown = Memo::new(move |_| rows.with(|r| matching.with(|m| m.iter().take(limit.get()).map(|&i| r[i].clone()).collect::<Vec<_>>())));
    let more = move || matching.with(Vec::len).saturating_sub(limit.get());
    let import_open = RwSignal::new(false);
    let deleted = RwSignal::new(None::<TemplateRecord>);
    let navigate = StoredValue::new_local(use_navigate());
    let create = move |_| {
        spawn_local(async move {
            if let Ok(name) = ws.create_template().await {
                crate::pages::navigate_unless_left(navigate, &format!("/templates/{}", encoded(&name)), Default::default());
            }
        });
    };
    let delete = move |name: String| {
        spawn_local(async move {
            if let Ok(removed) = ws.delete_template(&name).await {
                deleted.set(removed);
            }
        });
    };
    let undo = move |_| {
        if let Some(record) = deleted.get_untracked() {
            deleted.set(None);
            spawn_local(async move {
                let _ = ws.save_template(record.template, None, None).await;
            });
        }
    };
    let status = move || match ws.status.get() {
        WorkspaceStatus::Loading => "Loading templates…".to_string(),
        _ if rows.with(Vec::is_empty) => "No templates yet.".to_string(),
        _ => template_count(rows.with(Vec::len), matching.with(Vec::len), limit.get()),
    };
    view! {
        <SectionIntro title="Templates">
            <p>
                "Build templates define a build once — environment, script, variables and settings — "
                "so that builds for many services can be created from them with their own inputs. "
                "Template builds are checked against the templates stored here: an input the template lacks, or one it requires."
            </p>
        </SectionIntro>
        <div class="toolbar">
            <SearchField id="template-search" placeholder="Template name" count_id="template-count" shortcut="/" query=query on_change=Callback::new(move |()| limit.set(PAGE)) />
            <div class="toolbar-actions">
                <button type="button" class="primary" on:click=create>"New template"</button>
                <button type="button" id="import-templates" on:click=move |_| import_open.set(true)>"Import…"</button>
            </div>
        </div>
        <p id="template-count" class="muted" role="status" aria-live="polite">{status}</p>
        <div role="status" aria-live="polite">
            {move || deleted.get().map(|r| view! {
                <p class="toast-line">
                    {format!("Deleted template \"{}\". ", r.name())}
                    <button type="button" id="undo-template-delete" data-focus-next="template-search" on:click=undo>"Undo"</button>
                </p>
            })}
        </div>
        <Show when=move || rows.with(|r| !r.is_empty()) fallback=move || (ws.status.get() != WorkspaceStatus::Loading).then(|| view! {
            <EmptyState id="templates-empty" title="No templates in this browser yet">
                <p>"Create one with New template, or import a Zadig build template (the body of /openapi/templates/builds) or a Buildbay export that holds templates."</p>
            </EmptyState>
        })>
            <h2 id="templates-title" class="visually-hidden">"Stored templates"</h2>
            <TableScroll labelledby="templates-title">
            <table class="jobs-table templates-table" aria-labelledby="templates-title">
                <thead><tr>
                    <th scope="col">"Name"</th><th scope="col">"Infrastructure"</th><th scope="col">"Build OS"</th>
                    <th scope="col">"Variables"</th><th scope="col">"Findings"</th><th scope="col">"Used by"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    <For each=move || shown.get() key=|r| (r.name.clone(), r.updated_at, r.used_by.clone()) children=move |r| {
                        let name = r.name.clone();
                        let label = format!("Delete template {}", r.name);
                        let findings = match (r.errors, r.warnings) {
                            (0, 0) => view! { <span class="badge ok">"Valid"</span> }.into_any(),
                            (e, w) => view! { <span class="badges">
                                {(e > 0).then(|| view! { <span class="badge error">{counted(e as u64, "error", "errors")}</span> })}
                                {(w > 0).then(|| view! { <span class="badge warning">{counted(w as u64, "warning", "warnings")}</span> })}
                            </span> }.into_any(),
                        };
                        let used_by = if r.used_by.is_empty() {
                            view! { <span class="muted">"No build"</span> }.into_any()
                        } else {
                            view! { <BuildLinks template=r.name.clone() names=r.used_by.clone() shown=USED_BY_SHOWN /> }.into_any()
                        };
                        view! {
                            <tr>
                                <td><A href=format!("/templates/{}", encoded(&r.name))>{if r.name.is_empty() { "(no name)".to_string() } else { r.name.clone() }}</A></td>
                                <td>{r.infrastructure.clone()}</td>
                                <td>{r.build_os.clone()}</td>
                                <td>{r.variables}</td>
                                <td>{findings}</td>
                                <td>{used_by}</td>
                                <td><button type="button" aria-label=label data-focus-next="undo-template-delete" on:click=move |_| delete(name.clone())>"Delete"</button></td>
                            </tr>
                        }
                    } />
                </tbody>
            </table>
            </TableScroll>
            <ShowMore limit=limit more=Signal::derive(more) rows=".templates-table tbody tr" />
        </Show>
        <ImportDialog open=import_open />
    }
}
