//! Keyboard shortcuts: `?` lists them, `/` focuses the page's search (the field announcing
//! the key, else the first search field), `g` then a section's letter opens that section;
//! the sheet also lists the modifier shortcuts (Ctrl+K's Go to palette, the editor's keys).
//! Single-key shortcuts can be turned off in Settings (WCAG 2.1.4), and never fire while
//! typing in a field.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::dialog::Dialog;
use crate::shell::header::SECTIONS;
use crate::state::Settings;

/// How long after `g` a section's letter still counts as its second key, in milliseconds.
const SECOND_KEY_WINDOW_MS: f64 = 1500.0;

/// Whether the key went to something the admin types into.
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable())
}

/// Whether a dialog is open over the page, which single keys then leave alone.
fn dialog_open() -> bool {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector("dialog[open]").ok().flatten()).is_some()
}

/// The shortcut sheet and the global single-key shortcuts.
#[component]
pub fn Shortcuts() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let open = RwSignal::new(false);
    // When `g` was pressed, while its second key is awaited.
    let g_pressed_at = StoredValue::new(None::<f64>);
    let listener = window_event_listener(ev::keydown, move |e| {
        if !settings.single_key_shortcuts.get_untracked() || typing(&e) || e.ctrl_key() || e.meta_key() || e.alt_key() || e.repeat() || dialog_open() {
            return;
        }
        let now = js_sys::Date::now();
        let after_g = g_pressed_at.get_value().is_some_and(|at| now - at <= SECOND_KEY_WINDOW_MS);
        g_pressed_at.set_value(None);
        if after_g && let Some((path, _, _)) = SECTIONS.iter().find(|(_, _, key)| *key == e.key()) {
            e.prevent_default();
            crate::shell::go_to::open_path(path);
            return;
        }
        match e.key().as_str() {
            "g" => g_pressed_at.set_value(Some(now)),
            "?" => {
                e.prevent_default();
                open.set(true);
            }
            "/" => {
                let find = |d: &web_sys::Document, selector: &str| d.query_selector(selector).ok().flatten();
                let search = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| find(&d, "main input[aria-keyshortcuts='/']").or_else(|| find(&d, "main input[type=search]")))
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(search) = search {
                    e.prevent_default();
                    let _ = search.focus();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || listener.remove());
    let single_keys = [("?", "Show this list"), ("/", "Search: the builds, templates or jobs listed, or a job's log")];
    let other_keys = [
        ("Ctrl+K or ⌘K", "Go to any section, build, template or job by name, or run a command: New build, New template, Start a job, Import builds, Import templates, Run the simulation, Pause or Resume the simulated clock, Cancel the jobs under way"),
        ("Ctrl+S or ⌘S", "Save the open build"),
        ("Ctrl+Z or ⌘Z", "Undo the last change to the build"),
        ("Ctrl+Shift+Z or ⌘⇧Z", "Redo"),
        ("Tab in the script editor", "Indent (Shift+Tab outdents; Escape then Tab leaves)"),
        ("Escape", "Close a dialog"),
        ("Tab / Shift+Tab", "Move between controls; everything works by keyboard"),
    ];
    let go_to = SECTIONS.iter().map(|(_, label, key)| (format!("g then {key}"), format!("Go to {label}")));
    let rows: Vec<(String, String)> = single_keys
        .into_iter()
        .map(|(k, a)| (k.to_owned(), a.to_owned()))
        .chain(go_to)
        .chain(other_keys.into_iter().map(|(k, a)| (k.to_owned(), a.to_owned())))
        .collect();
    view! {
        <button type="button" class="shortcut-hint link" on:click=move |_| open.set(true) aria-keyshortcuts="?">"Keyboard shortcuts"</button>
        <Dialog open=open title="Keyboard shortcuts" id="shortcuts-dialog">
            <table class="shortcuts">
                <thead><tr><th scope="col">"Keys"</th><th scope="col">"Action"</th></tr></thead>
                <tbody>
                    {rows.iter().map(|(k, a)| view! { <tr><td><kbd>{k.clone()}</kbd></td><td>{a.clone()}</td></tr> }).collect_view()}
                </tbody>
            </table>
            <p class="muted">"Single-key shortcuts (?, / and g with a letter) can be turned off in Settings."</p>
        </Dialog>
    }
}
