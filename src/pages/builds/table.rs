//! The builds table, rendering only the rows in view so 10,000 builds scroll smoothly.

use buildbay_core::workspace::BuildSummary;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::Workspace;

/// Height of one row in pixels; `style/list.css` sets the same.
const ROW_HEIGHT: f64 = 52.0;
/// Rows rendered beyond the visible ones, above and below.
const OVERSCAN: usize = 8;

/// `2026-11-23 19:40` in the browser's time zone.
pub fn format_time(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

fn list_summary(items: &[String], max: usize) -> String {
    match items.len() {
        0 => "—".to_string(),
        n if n <= max => items.join(", "),
        n => format!("{} +{}", items[..max].join(", "), n - max),
    }
}

/// The table of `hits` (indexes into the workspace's catalog).
#[component]
pub fn BuildsTable(hits: Memo<Vec<usize>>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let viewport = NodeRef::<html::Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let height = RwSignal::new(600.0);
    Effect::new(move |_| {
        if let Some(v) = viewport.get() {
            height.set(f64::from(v.client_height()).max(ROW_HEIGHT));
        }
    });
    // A new filter starts at the top.
    Effect::new(move |_| {
        hits.track();
        if let Some(v) = viewport.get_untracked() {
            v.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    });
    let window = Memo::new(move |_| {
        let count = hits.with(Vec::len);
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN).min(count);
        let visible = (height.get() / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        (first, (first + visible).min(count))
    });
    let rows = move || {
        let (start, end) = window.get();
        hits.with(|h| {
            ws.catalog.with(|c| {
                h[start..end]
                    .iter()
                    .enumerate()
                    .filter_map(|(offset, &i)| c.entries().get(i).map(|s| (start + offset, s.clone())))
                    .collect::<Vec<_>>()
            })
        })
        .into_iter()
        .map(|(position, summary)| view! { <BuildRow position=position summary=summary /> })
        .collect_view()
    };
    let top_pad = move || format!("height:{}px", window.get().0 as f64 * ROW_HEIGHT);
    let bottom_pad = move || format!("height:{}px", (hits.with(Vec::len) - window.get().1) as f64 * ROW_HEIGHT);
    view! {
        <div
            class="table-viewport"
            node_ref=viewport
            tabindex="0"
            role="region"
            aria-label="Builds"
            on:scroll=move |_| {
                if let Some(v) = viewport.get_untracked() {
                    scroll_top.set(f64::from(v.scroll_top()));
                    height.set(f64::from(v.client_height()).max(ROW_HEIGHT));
                }
            }
        >
            <table class="builds-table" aria-rowcount=move || hits.with(Vec::len) + 1>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col">"Name"</th>
                        <th scope="col">"Project"</th>
                        <th scope="col">"Services"</th>
                        <th scope="col">"Repositories"</th>
                        <th scope="col">"Backend"</th>
                        <th scope="col">"Last updated"</th>
                        <th scope="col">"Validation"</th>
                        <th scope="col">"Sync"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true"><td colspan="9" style=top_pad></td></tr>
                    {rows}
                    <tr class="spacer" aria-hidden="true"><td colspan="9" style=bottom_pad></td></tr>
                </tbody>
            </table>
        </div>
    }
}

/// One build's row.
#[component]
fn BuildRow(position: usize, summary: BuildSummary) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let navigate = leptos_router::hooks::use_navigate();
    let href = format!("/builds/{}", js_sys::encode_uri_component(&summary.name));
    let display_name = if summary.name.is_empty() { "(no name)".to_string() } else { summary.name.clone() };
    let validation = match (summary.errors, summary.warnings) {
        (0, 0) => view! { <span class="badge ok">"Valid"</span> }.into_any(),
        (e, w) => view! {
            <span class="badges">
                {(e > 0).then(|| view! { <span class="badge error">{format!("{e} error{}", if e == 1 { "" } else { "s" })}</span> })}
                {(w > 0).then(|| view! { <span class="badge warning">{format!("{w} warning{}", if w == 1 { "" } else { "s" })}</span> })}
            </span>
        }
        .into_any(),
    };
    let id_dup = summary.id.clone();
    let id_del = summary.id.clone();
    let name_for_labels = display_name.clone();
    view! {
        <tr aria-rowindex=position + 2>
            <td class="name"><a href=href>{display_name}</a></td>
            <td>{summary.project_key.clone()}</td>
            <td class="truncate" title=summary.services.join(", ")>{list_summary(&summary.services, 2)}</td>
            <td class="truncate" title=summary.repos.join(", ")>{list_summary(&summary.repos, 2)}</td>
            <td>{summary.target.label()}</td>
            <td><time>{format_time(summary.updated_at)}</time></td>
            <td>{validation}</td>
            <td>{summary.sync.label()}</td>
            <td class="row-actions">
                <button
                    type="button"
                    aria-label=format!("Duplicate {name_for_labels}")
                    on:click=move |_| {
                        let id = id_dup.clone();
                        let navigate = navigate.clone();
                        spawn_local(async move {
                            if let Ok(Some(name)) = ws.duplicate(&id).await {
                                navigate(&format!("/builds/{}", js_sys::encode_uri_component(&name)), Default::default());
                            }
                        });
                    }
                >"Duplicate"</button>
                <button
                    type="button"
                    class="danger"
                    aria-label=format!("Delete {name_for_labels}")
                    on:click=move |_| {
                        let id = id_del.clone();
                        spawn_local(async move {
                            let _ = ws.delete(&id).await;
                        });
                    }
                >"Delete"</button>
            </td>
        </tr>
    }
}
