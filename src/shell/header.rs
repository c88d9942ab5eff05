//! Header with the product name, the section navigation and the theme toggle.

use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::shell::theme::ThemeToggle;

/// The console's sections in navigation order: (path, label, the key after `g` that opens it).
pub const SECTIONS: [(&str, &str, &str); 5] = [
    ("/builds", "Builds", "b"),
    ("/templates", "Templates", "t"),
    ("/jobs", "Jobs", "j"),
    ("/simulator", "Simulator", "s"),
    ("/settings", "Settings", ","),
];

/// First focusable element: jumps keyboard users past the header to the section content.
///
/// Focus is moved by hand because the router handles in-page links without moving focus.
#[component]
pub fn SkipLink() -> impl IntoView {
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let main = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            let _ = main.focus();
            main.scroll_into_view();
        }
    };
    view! { <a class="skip-link" href="#main" on:click=skip>"Skip to content"</a> }
}

/// Site header: product name, primary navigation (with `aria-current` on the open section) and theme toggle.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="app-header">
            <a class="brand" href="/builds">
                <span class="brand-mark" aria-hidden="true">"▦"</span>
                <span class="brand-name">{buildbay_core::PRODUCT_NAME}</span>
            </a>
            <nav class="app-nav" aria-label="Sections">
                <ul>
                    {SECTIONS
                        .into_iter()
                        .map(|(href, label, key)| view! { <li><A href=href attr:aria-keyshortcuts=format!("g {key}")>{label}</A></li> })
                        .collect_view()}
                </ul>
            </nav>
            <ThemeToggle />
        </header>
    }
}
