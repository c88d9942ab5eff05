//! The frame every field shares: label, hint, and its findings, wired for assistive technology.

use buildbay_core::diagnostic::Severity;
use leptos::prelude::*;
use serde_json::Value;

use crate::components::form::{FieldMessage, Form};

/// The element id of the field at a model pointer (`/advanced/timeout_minutes` → `f-advanced-timeout_minutes`).
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' });
    }
    id
}

/// The ids a field's `aria-describedby` names: its hint (when it has one) and its messages.
pub fn described_by(path: &str, has_hint: bool, form: Form) -> impl Fn() -> Option<String> + Send + Sync + use<> {
    let path = path.to_string();
    move || {
        let id = field_id(&path);
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if !form.messages_at(&path).is_empty() {
            ids.push(format!("{id}-messages"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The field's current text, for `prop:value`.
pub fn text_of(path: &str, form: Form) -> impl Fn() -> String + Send + Sync + use<> {
    let path = path.to_string();
    move || form.text(&path)
}

/// Stores an input's text at `path`; with `nullable`, an emptied field stores `null` (absent).
pub fn store_text(path: &str, form: Form, nullable: bool) -> impl Fn(web_sys::Event) + Send + Sync + use<> {
    let path = path.to_string();
    move |ev| {
        let text = event_target_value(&ev);
        form.set(&path, if nullable && text.is_empty() { Value::Null } else { Value::String(text) })
    }
}

/// Whether the field has an error (for `aria-invalid`).
pub fn invalid(path: &str, form: Form) -> impl Fn() -> &'static str + Send + Sync + use<> {
    let path = path.to_string();
    move || if form.messages_at(&path).iter().any(|m| m.severity == Severity::Error) { "true" } else { "false" }
}

/// The list of a field's findings, each introduced in words (never by colour alone).
#[component]
pub fn FieldMessages(#[prop(into)] path: String, #[prop(optional)] extra: Option<Signal<Vec<FieldMessage>>>) -> impl IntoView {
    let form = expect_context::<Form>();
    let id = format!("{}-messages", field_id(&path));
    let messages = Memo::new(move |_| {
        let mut all = form.messages_at(&path);
        if let Some(extra) = extra {
            all.extend(extra.get());
        }
        all
    });
    view! {
        <Show when=move || !messages.with(Vec::is_empty)>
            <ul class="field-messages" id=id.clone()>
                {move || {
                    messages.get()
                        .into_iter()
                        .map(|m| {
                            let (class, word) = match m.severity {
                                Severity::Error => ("message error", "Error:"),
                                Severity::Warning => ("message warning", "Warning:"),
                            };
                            view! {
                                <li class=class data-code=m.code.clone()>
                                    <span class="message-kind">{word}</span>
                                    " "
                                    {m.text.clone()}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

/// Label, control, hint and findings of one field.
#[component]
pub fn FieldFrame(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    /// Help under the control; none when absent or empty.
    hint: Option<String>,
    #[prop(optional)] extra_messages: Option<Signal<Vec<FieldMessage>>>,
    children: Children,
) -> impl IntoView {
    let id = field_id(&path);
    let hint = hint.filter(|h| !h.is_empty());
    let data_path = path.clone();
    view! {
        <div class="field" data-path=data_path>
            <label for=id.clone()>{label}</label>
            {children()}
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            <FieldMessages path=path extra=extra_messages.unwrap_or_default() />
        </div>
    }
}
