//! The builds table, rendering only the rows in view so 10,000 builds scroll smoothly.
//!
//! It is an ARIA table of `div`s rather than a `<table>`: each row is absolutely positioned and
//! layout-contained, so replacing the rows on a filter keystroke lays out those rows only, not a
//! whole table whose column widths depend on every cell (measured: ~18 ms → a few ms).

use buildbay_core::workspace::BuildSummary;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::state::Workspace;

/// Height of one row in pixels; `style/list.css` sets the same.
const ROW_HEIGHT: f64 = 52.0;
/// Rows rendered beyond the visible ones, above and below: four (208 px) cover a wheel notch
/// between frames, and each row fewer is less to build and lay out on a filter keystroke (eight
/// took the filter's row-changing keystrokes 10.7–21.2 ms in headless Chromium, four 7.1–12.9).
const OVERSCAN: usize = 4;

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

/// A moment of the last minutes as the editor's status tells it: the time alone when it is
/// today (a note that changes with every kept draft stays short), else with its date.
pub fn format_recent(ms: i64) -> String {
    let full = format_time(ms);
    let today = format_time(js_sys::Date::now() as i64);
    match (full.split_once(' '), today.split_once(' ')) {
        (Some((day, time)), Some((now_day, _))) if day == now_day => time.to_string(),
        _ => full,
    }
}

fn list_summary(items: &[String], max: usize) -> String {
    match items.len() {
        0 => "—".to_string(),
        n if n <= max => items.join(", "),
        n => format!("{} +{}", items[..max].join(", "), n - max),
    }
}

/// One row's cells as HTML. Every value is escaped, so names like `<img …>` show as text. Cells
/// are written as one string (instead of one DOM call per node) because rows are rebuilt on every
/// filter keystroke; the buttons are handled by one listener on the table body.
fn row_cells(summary: &BuildSummary) -> String {
    use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
    let name = if summary.name.is_empty() { "(no name)" } else { summary.name.as_str() };
    let href = format!("/builds/{}", js_sys::encode_uri_component(&summary.name).as_string().unwrap_or_default());
    let validation = match (summary.errors, summary.warnings) {
        (0, 0) => r#"<span class="badge ok">Valid</span>"#.to_string(),
        (e, w) => {
            let mut out = String::from(r#"<span class="badges">"#);
            if e > 0 {
                out.push_str(&format!(r#"<span class="badge error">{e} error{}</span>"#, if e == 1 { "" } else { "s" }));
            }
            if w > 0 {
                out.push_str(&format!(r#"<span class="badge warning">{w} warning{}</span>"#, if w == 1 { "" } else { "s" }));
            }
            out.push_str("</span>");
            out
        }
    };
    let services = summary.services.join(", ");
    let repos = summary.repos.join(", ");
    format!(
        concat!(
            r#"<div role="cell" class="name"><a href="{href}">{name}</a></div>"#,
            r#"<div role="cell" class="truncate">{project}</div>"#,
            r#"<div role="cell" class="truncate" title="{services_all}">{services}</div>"#,
            r#"<div role="cell" class="truncate" title="{repos_all}">{repos}</div>"#,
            r#"<div role="cell">{target}</div>"#,
            r#"<div role="cell"><time>{time}</time></div>"#,
            r#"<div role="cell">{validation}</div>"#,
            r#"<div role="cell">{sync}</div>"#,
            r#"<div role="cell" class="row-actions">"#,
            r#"<button type="button" data-action="duplicate" data-id="{id}" aria-label="Duplicate {name_attr}">Duplicate</button>"#,
            r#"<button type="button" class="danger" data-action="delete" data-id="{id}" data-focus-next="toast-undo" aria-label="Delete {name_attr}">Delete</button>"#,
            r#"</div>"#
        ),
        href = attr(&href),
        name = text(name),
        name_attr = attr(name),
        project = text(&summary.project_key),
        services_all = attr(&services),
        services = text(&list_summary(&summary.services, 2)),
        repos_all = attr(&repos),
        repos = text(&list_summary(&summary.repos, 2)),
        target = summary.target.label(),
        time = format_time(summary.updated_at),
        validation = validation,
        sync = summary.sync.label(),
        id = attr(&summary.id),
    )
}

/// The table of `hits` (indexes into the workspace's catalog).
#[component]
pub fn BuildsTable(hits: Memo<Vec<usize>>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    let viewport = NodeRef::<html::Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let height = RwSignal::new(600.0);
    Effect::new(move |_| {
        if let Some(v) = viewport.get() {
            height.set(f64::from(v.client_height()).max(ROW_HEIGHT));
        }
    });
    // A new filter starts at the top (touching scrollTop forces a layout, so only when needed).
    Effect::new(move |_| {
        hits.track();
        if scroll_top.get_untracked() != 0.0 {
            if let Some(v) = viewport.get_untracked() {
                v.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });
    let window = Memo::new(move |_| {
        let count = hits.with(Vec::len);
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN).min(count);
        let visible = (height.get() / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        (first, (first + visible).min(count))
    });
    // Rows are keyed by (position, id, cells): scrolling keeps the rows still in view (and the
    // focus in them); a new filter replaces them, and so does a change to a build shown (its
    // counts taken again after its template changed, a save in another tab), which a row keyed
    // by its place alone went on showing as it was.
    let visible = Memo::new(move |_| {
        let (start, end) = window.get();
        hits.with(|h| {
            ws.catalog.with(|c| {
                h[start..end]
                    .iter()
                    .enumerate()
                    .filter_map(|(offset, &i)| c.entries().get(i).map(|s| (start + offset, s.id.clone(), row_cells(s))))
                    .collect::<Vec<_>>()
            })
        })
    });
    let on_action = move |ev: web_sys::MouseEvent| {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("button[data-action]").ok().flatten());
        let Some(button) = button else { return };
        let (Some(action), Some(id)) = (button.get_attribute("data-action"), button.get_attribute("data-id")) else { return };
        spawn_local(async move {
            match action.as_str() {
                "duplicate" => {
                    if let Ok(Some(name)) = ws.duplicate(&id).await {
                        crate::pages::navigate_unless_left(navigate, &format!("/builds/{}", js_sys::encode_uri_component(&name)), Default::default());
                    }
                }
                "delete" => {
                    let _ = ws.delete(&id).await;
                }
                _ => {}
            }
        });
    };
    let body_height = move || format!("height:{}px", hits.with(Vec::len) as f64 * ROW_HEIGHT);
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
            <div class="builds-table" role="table" aria-label="Builds" aria-rowcount=move || hits.with(Vec::len) + 1>
                <div role="rowgroup" class="builds-head">
                    <div role="row" class="builds-row" aria-rowindex="1">
                        <div role="columnheader">"Name"</div>
                        <div role="columnheader">"Project"</div>
                        <div role="columnheader">"Services"</div>
                        <div role="columnheader">"Repositories"</div>
                        <div role="columnheader">"Backend"</div>
                        <div role="columnheader">"Last updated"</div>
                        <div role="columnheader">"Validation"</div>
                        <div role="columnheader">"Sync"</div>
                        <div role="columnheader"><span class="visually-hidden">"Actions"</span></div>
                    </div>
                </div>
                <div role="rowgroup" class="builds-body" style=body_height on:click=on_action>
                    <For
                        each=move || visible.get()
                        key=|(position, id, cells)| (*position, id.clone(), cells.clone())
                        children=|(position, _, cells)| {
                            let top = format!("top:{}px", position as f64 * ROW_HEIGHT);
                            view! { <div role="row" class="builds-row" aria-rowindex=position + 2 style=top inner_html=cells></div> }
                        }
                    />
                </div>
            </div>
        </div>
    }
}
