//! Component tests of the console shell in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use buildbay::App;
use buildbay::shell::fatal::render_fatal_panel;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_container() -> web_sys::HtmlElement {
    let document = document();
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    container.unchecked_into()
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

#[wasm_bindgen_test]
async fn shell_has_landmarks_product_name_and_all_sections() {
    let container = fresh_container();
    let _app = mount_to(container.clone(), App);
    tick().await;
    assert!(container.query_selector("header.app-header").unwrap().is_some(), "header landmark");
    assert!(container.query_selector("nav[aria-label='Sections']").unwrap().is_some(), "nav landmark");
    assert!(container.query_selector("main#main").unwrap().is_some(), "main landmark");
    assert_eq!(texts(&container, ".brand-name"), vec!["Buildbay"]);
    assert_eq!(
        texts(&container, "nav a"),
        vec!["Builds", "Templates", "Jobs", "Simulator", "Settings"]
    );
    let skip = container.query_selector(".skip-link").unwrap().expect("skip link");
    assert_eq!(skip.get_attribute("href").as_deref(), Some("#main"));
}

#[wasm_bindgen_test]
async fn theme_toggle_flips_and_remembers_the_theme() {
    let storage = window().local_storage().unwrap().unwrap();
    storage.remove_item("buildbay.theme").unwrap();
    let container = fresh_container();
    let _app = mount_to(container.clone(), App);
    tick().await;
    let root = document().document_element().unwrap();
    let toggle: web_sys::HtmlElement =
        container.query_selector(".theme-toggle").unwrap().unwrap().unchecked_into();
    let before = root.get_attribute("data-theme");
    assert_eq!(before, None, "with no stored choice the page follows the system");
    let was_dark = toggle.get_attribute("aria-pressed").as_deref() == Some("true");
    toggle.click();
    tick().await;
    let expected = if was_dark { "light" } else { "dark" };
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some(expected));
    assert_eq!(storage.get_item("buildbay.theme").unwrap().as_deref(), Some(expected));
    toggle.click();
    tick().await;
    let back = if was_dark { "dark" } else { "light" };
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some(back));
    storage.remove_item("buildbay.theme").unwrap();
    root.remove_attribute("data-theme").unwrap();
}

#[wasm_bindgen_test]
fn fatal_panel_names_the_error_as_text() {
    let container = fresh_container();
    container.set_inner_html("<p>old page</p>");
    render_fatal_panel(&container, "panicked at <b>core</b>: index out of bounds");
    let panel = container.query_selector("[role='alert']").unwrap().expect("an alert panel");
    let text = panel.text_content().unwrap();
    assert!(text.contains("Buildbay stopped because of an internal error"), "{text}");
    assert!(text.contains("panicked at <b>core</b>"), "the message is shown literally: {text}");
    assert!(container.query_selector("b").unwrap().is_none(), "no HTML injected");
    assert!(!container.inner_html().contains("old page"), "the dead page is replaced");
}

