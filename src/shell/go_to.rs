//! Opening a page from a keyboard command (`g` then a letter, the Go to palette) exactly as a
//! link to it opens: the router takes it in the tab, and the build editor's unsaved-changes
//! guard, which watches link clicks, still asks first.

use leptos::prelude::request_animation_frame;
use wasm_bindgen::JsCast;

/// Follows a link to `path`, then moves focus to the page's content for the keyboard user
/// (not when the guard kept the admin where they were).
pub fn open_path(path: &str) {
    open_path_at(path, "main");
}

/// Follows a link to `path` as [`open_path`] does, then focuses the element `focus` there (the
/// field a command leads to), or the page's content when the page has none.
pub fn open_path_at(path: &str, focus: &'static str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(main) = document.get_element_by_id("main") else { return };
    let Some(link) = document.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok()) else { return };
    link.set_href(path);
    link.set_hidden(true);
    if main.append_child(&link).is_err() {
        return;
    }
    link.click();
    link.remove();
    // The router takes the new path after this task; the content is focused once it has.
    let wanted = link.pathname();
    request_animation_frame(move || {
        let here = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        if here == wanted {
            let found = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(focus)).is_some();
            crate::components::focus_by_id(if found { focus } else { "main" });
        }
    });
}
