//! Keyboard shortcuts: `?` lists them, `/` focuses the page's search (the field announcing
//! the key, else the first search field). Single-key shortcuts can be turned off in Settings
//! (WCAG 2.1.4), and never fire while typing in a field.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::dialog::Dialog;
use crate::state::Settings;

/// Whether the key went to something the admin types into.
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable())
}

/// The shortcut sheet and the global single-key shortcuts.
#[component]
pub fn Shortcuts() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let open = RwSignal::new(false);
    let listener = window_event_listener(ev::keydown, move |e| {
        if !settings.single_key_shortcuts.get_untracked() || typing(&e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        match e.key().as_str() {
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
    let rows: [(&str, &str); 8] = [
        ("?", "Show this list"),
        ("/", "Search: the builds, templates or jobs listed, or a job's log"),
        ("Ctrl+S or ⌘S", "Save the open build"),
        ("Ctrl+Z or ⌘Z", "Undo the last change to the build"),
        ("Ctrl+Shift+Z or ⌘⇧Z", "Redo"),
        ("Tab in the script editor", "Indent (Shift+Tab outdents; Escape then Tab leaves)"),
        ("Escape", "Close a dialog"),
        ("Tab / Shift+Tab", "Move between controls; everything works by keyboard"),
    ];
    view! {
        <button type="button" class="shortcut-hint link" on:click=move |_| open.set(true) aria-keyshortcuts="?">"Keyboard shortcuts"</button>
        <Dialog open=open title="Keyboard shortcuts" id="shortcuts-dialog">
            <table class="shortcuts">
                <thead><tr><th scope="col">"Keys"</th><th scope="col">"Action"</th></tr></thead>
                <tbody>
                    {rows.iter().map(|(k, a)| view! { <tr><td><kbd>{*k}</kbd></td><td>{*a}</td></tr> }).collect_view()}
                </tbody>
            </table>
            <p class="muted">"Single-key shortcuts (? and /) can be turned off in Settings."</p>
        </Dialog>
    }
}
