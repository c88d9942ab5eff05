//! A whole-number field that never loses what was typed: text that is not a number stays in the
//! field with a message, and the model keeps its last valid value until the text is fixed.

use buildbay_core::diagnostic::Severity;
use leptos::prelude::*;
use serde_json::Value;

use crate::components::form::frame::{described_by, invalid};
use crate::components::form::{FieldFrame, FieldMessage, Form, field_id};

/// An integer field (millicores, MiB, minutes, GiB).
#[component]
pub fn NumberInput(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    /// The unit, shown after the field and read with the label.
    #[prop(optional, into)]
    unit: String,
) -> impl IntoView {
    let form = expect_context::<Form>();
    let id = field_id(&path);
    // The text as typed, when it is not (yet) a number the model can hold.
    let pending = RwSignal::new(None::<String>);
    let value = {
        let path = path.clone();
        move || pending.get().unwrap_or_else(|| form.text(&path))
    };
    let on_input = {
        let path = path.clone();
        move |ev| {
            let text = event_target_value(&ev);
            let trimmed = text.trim();
            if trimmed.is_empty() {
                pending.set(Some(text));
                form.set(&path, Value::from(0));
            } else if let Ok(n) = trimmed.parse::<i64>() {
                pending.set(None);
                form.set(&path, Value::from(n));
            } else {
                pending.set(Some(text));
            }
        }
    };
    let local_message = Signal::derive(move || match pending.get() {
        Some(text) if !text.trim().is_empty() => vec![FieldMessage {
            severity: Severity::Error,
            text: format!("\"{}\" is not a whole number; the build keeps its last number until this is fixed.", text.trim()),
            code: "not-a-number".into(),
        }],
        _ => Vec::new(),
    });
    let described = described_by(&path, hint.is_some(), form);
    let has_error = invalid(&path, form);
    let unit_id = format!("{id}-unit");
    let label_text = label.clone();
    let has_unit = !unit.is_empty();
    let described_unit = unit_id.clone();
    view! {
        <FieldFrame path=path.clone() label=label_text hint=hint.clone() extra_messages=local_message>
            <span class="with-unit">
                <input
                    type="text"
                    inputmode="numeric"
                    id=id.clone()
                    prop:value=value
                    on:input=on_input
                    autocomplete="off"
                    aria-invalid=move || if pending.with(|p| p.as_ref().is_some_and(|t| !t.trim().is_empty())) { "true" } else { has_error() }
                    aria-describedby=move || {
                        let mut ids = described().unwrap_or_default();
                        if pending.with(|p| p.as_ref().is_some_and(|t| !t.trim().is_empty())) && !ids.contains("-messages") {
                            ids = format!("{ids} {}-messages", field_id(&path)).trim().to_string();
                        }
                        if has_unit {
                            ids = format!("{ids} {described_unit}").trim().to_string();
                        }
                        (!ids.is_empty()).then_some(ids)
                    }
                />
                {(!unit.is_empty()).then(|| view! { <span class="unit" id=unit_id.clone()>{unit.clone()}</span> })}
            </span>
        </FieldFrame>
    }
}
