//! The error summary: shown when a save is refused, it takes focus and links to each field.

use buildbay_core::convert;
use buildbay_core::simulate::text::counted;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::form::field_id;
use crate::components::next_frame;
use crate::pages::build::editor::EditorState;
use crate::pages::build::sections::Section;

/// Moves focus to the field at a model pointer once its section has rendered (trying for a
/// few frames), or to its nearest rendered ancestor.
pub async fn focus_field_when_shown(path: String) {
    let id = field_id(&path);
    for _ in 0..30 {
        let found = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id));
        if found.is_some() {
            break;
        }
        next_frame().await;
    }
    focus_field(&path);
}

/// Moves focus to the field at a model pointer, or to its nearest rendered ancestor.
pub fn focus_field(path: &str) {
    let document = web_sys::window().and_then(|w| w.document());
    let Some(document) = document else { return };
    let mut candidate = path.to_string();
    loop {
        let id = field_id(&candidate);
        let found = document.get_element_by_id(&id).or_else(|| document.get_element_by_id(&format!("{id}-row")));
        if let Some(el) = found {
            let focusable = if el.matches("input, select, textarea, button").unwrap_or(false) {
                Some(el)
            } else {
                el.query_selector("input, select, textarea, button").ok().flatten()
            };
            if let Some(target) = focusable.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = target.focus();
                target.scroll_into_view_with_bool(false);
                return;
            }
        }
        match candidate.rfind('/') {
            Some(0) | None => break,
            Some(i) => candidate.truncate(i),
        }
    }
    if let Some(h) = document.get_element_by_id("section-title").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = h.focus();
    }
}

/// The summary of errors, then warnings, with links that open the section and focus the field.
#[component]
pub fn ErrorSummary(section: RwSignal<Section>) -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let node = NodeRef::<html::Div>::new();
    // Focus only when a save is refused, not whenever the summary's content changes.
    Effect::new(move |previous: Option<u64>| {
        let asked = editor.summary_focus.get();
        if previous.is_some_and(|p| p != asked) {
            leptos::task::spawn_local(async move {
                for _ in 0..10 {
                    // A summary gone with its editor between frames is no longer focused.
                    if let Some(el) = node.try_get_untracked().flatten() {
                        let _ = el.focus();
                        return;
                    }
                    next_frame().await;
                }
            });
        }
        asked
    });
    // The findings of one severity, each a link that opens its section and focuses its field.
    let items = move |errors: bool| {
        let target = editor.target.get();
        editor.findings.with(|fs| {
            fs.iter()
                .filter(|d| d.is_error() == errors)
                .map(|d| {
                    let model = convert::model_path(target, &d.path);
                    let in_section = Section::of_path(&model);
                    let href = format!("?section={}#{}", in_section.as_str(), field_id(&model));
                    let message = d.message.clone();
                    view! {
                        <li>
                            <a
                                href=href
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    section.set(in_section);
                                    leptos::task::spawn_local(focus_field_when_shown(model.clone()));
                                }
                            >
                                {format!("{}: {message}", in_section.label())}
                            </a>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let warnings = move || editor.findings.with(|fs| fs.len()) - editor.error_count();
    let title = move || match (editor.error_count(), warnings()) {
        (0, w) => format!("{}: the build can be saved as it is", counted(w as u64, "warning", "warnings")),
        (n, _) => format!("{} to fix before saving", counted(n as u64, "error", "errors")),
    };
    view! {
        <Show when=move || { editor.summary_open.get() && editor.findings.with(|fs| !fs.is_empty()) }>
            <div class="error-summary" class:warnings-only=move || editor.error_count() == 0 role="alert" tabindex="-1" node_ref=node aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{title}</h2>
                <Show when=move || { editor.error_count() > 0 }>
                    <p>"Your changes are kept as a draft. Fix these, then save again:"</p>
                    <ul>{move || items(true)}</ul>
                </Show>
                <Show when=move || { warnings() > 0 }>
                    <Show when=move || { editor.error_count() > 0 } fallback=|| view! { <p>"Each opens its field:"</p> }>
                        <h3>"Warnings"</h3>
                    </Show>
                    <ul class="warning-list">{move || items(false)}</ul>
                </Show>
            </div>
        </Show>
    }
}
