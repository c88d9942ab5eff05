//! The panel that replaces a dead page: a panic in wasm stops the app, so say so plainly.

use wasm_bindgen::JsCast;

/// Installs a panic hook that logs to the console and replaces the page with an error panel.
pub fn install_panic_panel() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let body = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body());
        if let Some(body) = body {
            render_fatal_panel(&body, &info.to_string());
        }
    }));
}

/// Replaces `container`'s content with an alert naming what happened and what to do next.
///
/// Built with plain DOM calls because the reactive runtime may be the thing that died. The message
/// is inserted as text, never as HTML.
pub fn render_fatal_panel(container: &web_sys::Element, message: &str) {
    let Some(document) = container.owner_document() else { return };
    container.set_inner_html("");
    let make = |tag: &str, class: &str, text: &str| {
        let el = document.create_element(tag).ok()?;
        if !class.is_empty() {
            el.set_class_name(class);
        }
        el.set_text_content(Some(text));
        Some(el)
    };
    let Some(panel) = make("section", "fatal-error", "") else { return };
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("aria-labelledby", "fatal-error-title");
    let parts = [
        make("h1", "", "Buildbay stopped because of an internal error"),
        make(
            "p",
            "",
            "The page can no longer respond. Work that was saved is kept in this browser; reload to carry on.",
        ),
        make("pre", "fatal-error-detail", message),
    ];
    for part in parts.into_iter().flatten() {
        if part.tag_name() == "H1" {
            part.set_id("fatal-error-title");
        }
        let _ = panel.append_child(&part);
    }
    if let Some(reload) = make("a", "button", "Reload Buildbay") {
        let _ = reload.set_attribute("href", "");
        let _ = panel.append_child(&reload);
    }
    let _ = container.append_child(&panel);
    if let Ok(heading) = panel.query_selector("h1")
        && let Some(h) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = h.set_attribute("tabindex", "-1");
        let _ = h.focus();
    }
}
