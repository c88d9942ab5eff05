//! Reusable pieces of the console's pages.

pub mod boxes;
pub mod build_select;
pub mod dialog;
pub mod download;
pub mod form;
pub mod include_secrets;
pub mod job_report;
pub mod picked_file;
pub mod script_editor;
pub mod search_field;
pub mod show_more;
pub mod status_badge;
pub mod status_tally;
pub mod text_findings;

use wasm_bindgen::JsCast;

/// Waits one animation frame: until what the last task changed (a route, a new row) is on
/// the page.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Moves keyboard focus to the element with this id, if it is on the page: after an action
/// that removes the control that had focus, focus goes where the user acts next.
pub fn focus_by_id(id: &str) {
    focus(by_id(id));
}

/// Moves keyboard focus to the first element `selector` matches, if any (as [`focus_by_id`],
/// for an element with no id of its own, such as a row that has just been shown).
pub fn focus_first(selector: &str) {
    let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
    focus(el);
}

/// Presses the button with this id, if it is on the page, as a click on it would: a command
/// run from elsewhere (the Go to palette) does what the button does, and nothing else. Says
/// whether there was one, for a command whose button comes and goes.
pub fn press_by_id(id: &str) -> bool {
    let button = html(by_id(id));
    if let Some(el) = &button {
        el.click();
    }
    button.is_some()
}

fn by_id(id: &str) -> Option<web_sys::Element> {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
}

fn html(el: Option<web_sys::Element>) -> Option<web_sys::HtmlElement> {
    el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

fn focus(el: Option<web_sys::Element>) {
    if let Some(el) = html(el) {
        let _ = el.focus();
    }
}
