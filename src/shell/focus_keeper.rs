//! Keyboard focus kept on the page when the control holding it is disabled or removed by its
//! own use (Run while the run goes, Undo with nothing left to undo, Cancel once the job has
//! ended): the browser drops focus to the document, and a keyboard user would start again
//! from the top. Such a control names where focus goes next in its `data-focus-next`.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// The attribute on a control that may disable or remove itself: the ids, space-separated,
/// of where focus goes then, the first one on the page and enabled.
const FOCUS_NEXT: &str = "data-focus-next";

/// How many frames focus is kept waiting for where it goes (about a second).
const PATIENCE_FRAMES: u32 = 60;

/// Listens, for the whole console, for focus leaving a control that names where it goes next.
#[component]
pub fn FocusKeeper() -> impl IntoView {
    let listener = window_event_listener(ev::focusout, |e| {
        // Focus that moved to another element, or left with a click on the page, went where
        // the user put it.
        if e.related_target().is_some() {
            return;
        }
        let Some(left) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Some(next) = left.get_attribute(FOCUS_NEXT) else { return };
        // Disabled as the frame was drawn: it is already; removed: it is gone by the next.
        let disabled = left.has_attribute("disabled");
        spawn_local(async move {
            // What it names may come a little later, after a write to storage: waits for it
            // while focus stays on nothing, a second at most.
            for _ in 0..PATIENCE_FRAMES {
                crate::components::next_frame().await;
                let dropped = (disabled || !left.is_connected()) && on_nothing();
                if !dropped {
                    return;
                }
                if let Some(usable) = usable(&next, &left) {
                    let _ = usable.focus();
                    return;
                }
            }
        });
    });
    on_cleanup(move || listener.remove());
}

/// The first of the ids in `next` on the page and enabled, else `left` itself once enabled
/// again (a run over within the frame).
fn usable(next: &str, left: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    let document = web_sys::window().and_then(|w| w.document())?;
    next.split_whitespace()
        .filter_map(|id| document.get_element_by_id(id))
        .chain(Some(left.clone()).filter(|l| l.is_connected()))
        .find(|e| !e.has_attribute("disabled"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Whether focus is on no control at all (the document's body), where a browser leaves it.
fn on_nothing() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    document.active_element().is_none_or(|e| e.tag_name() == "BODY")
}
