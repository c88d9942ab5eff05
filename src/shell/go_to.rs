//! Opening a page from a keyboard command (`g` then a letter, the Go to palette) exactly as a
//! link to it opens: the router takes it in the tab, and the build editor's unsaved-changes
//! guard, which watches link clicks, still asks first.

use std::future::Future;

use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Follows a link to `path`, then moves focus to the page's content for the keyboard user
/// (not when the guard kept the admin where they were).
pub fn open_path(path: &str) {
    let arriving = arrive_at(path, "main");
    spawn_local(async move {
        arriving.await;
    });
}

/// Follows a link to `path` now and, once the router has taken it (a frame later), focuses
/// the element `focus` there (the field a command leads to, or the page's content when the
/// page has none) and says whether the tab is at `path`: false when
/// the editor's guard kept the admin where they were, so a command can do nothing then.
pub fn arrive_at(path: &str, focus: &'static str) -> impl Future<Output = bool> + 'static {
    let wanted = follow(path);
    async move {
        let Some(wanted) = wanted else { return false };
        crate::components::next_frame().await;
        let here = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        if here != wanted {
            return false;
        }
        let found = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(focus)).is_some();
        crate::components::focus_by_id(if found { focus } else { "main" });
        true
    }
}

/// Clicks a hidden link to `path` in the page's content; the path the link resolves to, or
/// None when there is no page to click it in.
fn follow(path: &str) -> Option<String> {
    let document = web_sys::window().and_then(|w| w.document())?;
    let main = document.get_element_by_id("main")?;
    let link = document.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())?;
    link.set_href(path);
    link.set_hidden(true);
    main.append_child(&link).ok()?;
    link.click();
    link.remove();
    Some(link.pathname())
}
