//! `/builds`: every build in this browser — search, sort, create, duplicate, delete (with
//! undo), import and export — and `/builds/:name`, the editor.

mod export_dialog;
mod import_dialog;
pub(crate) mod table;

use buildbay_core::Target;
use buildbay_core::simulate::text::listed_count;
use buildbay_core::workspace::Sort;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::components::boxes::EmptyState;
use crate::components::search_field::SearchField;
use crate::pages::SectionIntro;
use crate::pages::url_query::{keep_in_url, query_param};
use crate::state::{Workspace, WorkspaceStatus};
use export_dialog::ExportAllDialog;
pub(crate) use import_dialog::ImportDialog;
use table::BuildsTable;

/// Id of the search field, which `/` focuses.
const SEARCH_ID: &str = "build-search";

/// `/builds`.
#[component]
pub fn BuildsPage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let query = RwSignal::new(query_param("q"));
    let sort = RwSignal::new(Sort::parse(&query_param("sort")).unwrap_or_default());
    // The URL names the filter and the order (the default order left out).
    keep_in_url(move || {
        let s = sort.get();
        vec![("q", query.get()), ("sort", if s == Sort::default() { String::new() } else { s.as_str().to_string() })]
    });
    let hits = Memo::new(move |_| ws.catalog.with(|c| c.search(&query.get(), sort.get())));
    let total = move || ws.catalog.with(|c| c.entries().len());
    let import_open = RwSignal::new(false);
    let export_open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let navigate_to = use_navigate();
    let create = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate_to = navigate_to.clone();
        spawn_local(async move {
            let created = ws.create(Target::Zadig).await;
            busy.set(false);
            if let Ok(name) = created {
                navigate_to(&format!("/builds/{}", js_sys::encode_uri_component(&name)), Default::default());
            }
        });
    };
    let status_text = move || {
        let shown = hits.with(Vec::len);
        let all = total();
        match ws.status.get() {
            WorkspaceStatus::Loading => "Loading builds…".to_string(),
            _ if all == 0 => "No builds yet.".to_string(),
            // The list scrolls through every build it finds: none is left out.
            _ => listed_count(all, shown, usize::MAX, ("build", "builds")),
        }
    };
    view! {
        <SectionIntro title="Builds">
            <p>
                "CI build configurations for Zadig, Rainbond, Nuon and ServiceStage, kept in this browser. "
                "Open one to edit it; findings show as you type."
            </p>
        </SectionIntro>
        <div class="toolbar">
            <SearchField id=SEARCH_ID placeholder="Name, service, repository or template:NAME" count_id="build-count" query=query shortcut="/" />
            <div class="toolbar-field">
                <label for="build-sort">"Sort"</label>
                <select id="build-sort" on:change=move |ev| sort.set(Sort::parse(&event_target_value(&ev)).unwrap_or_default()) prop:value=move || sort.get().as_str()>
                    {Sort::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="toolbar-actions">
                <button type="button" class="primary" on:click=create disabled=move || busy.get()>"New build"</button>
                <button type="button" id="import-builds" on:click=move |_| import_open.set(true)>"Import…"</button>
                <button type="button" on:click=move |_| export_open.set(true) disabled=move || total() == 0>"Export all…"</button>
            </div>
        </div>
        <p id="build-count" class="muted" role="status" aria-live="polite">{status_text}</p>
        <Show
            when=move || { total() > 0 }
            // Until storage has listed them, the status line says the builds are loading.
            fallback=move || ws.holds_no_builds().then(|| view! {
                <EmptyState id="builds-empty" title="No builds in this browser yet">
                    <p>"Create one with New build, or import a JSON document from Zadig, Rainbond, Nuon or ServiceStage."</p>
                </EmptyState>
            })
        >
            <BuildsTable hits=hits />
        </Show>
        <ImportDialog open=import_open />
        <ExportAllDialog open=export_open />
    }
}
