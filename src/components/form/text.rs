//! Text inputs bound to a model pointer.

use leptos::prelude::*;
use serde_json::Value;

use crate::components::form::frame::{described_by, invalid};
use crate::components::form::{FieldFrame, Form, field_id};

/// A one-line text field.
#[component]
pub fn TextInput(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] placeholder: String,
    /// `autocomplete` and spell checking are off by default: these are identifiers, not prose.
    #[prop(optional)]
    spellcheck: bool,
    /// An emptied field stores `null` (absent) instead of an empty string.
    #[prop(optional)]
    nullable: bool,
) -> impl IntoView {
    let form = expect_context::<Form>();
    let id = field_id(&path);
    let value = {
        let path = path.clone();
        move || form.text(&path)
    };
    let on_input = {
        let path = path.clone();
        move |ev| {
            let text = event_target_value(&ev);
            form.set(&path, if nullable && text.is_empty() { Value::Null } else { Value::String(text) })
        }
    };
    let aria_invalid = invalid(&path, form);
    let aria_described = described_by(&path, hint.is_some(), form);
    view! {
        <FieldFrame path=path.clone() label=label hint=hint.clone()>
            <input
                type="text"
                id=id
                prop:value=value
                on:input=on_input
                placeholder=placeholder
                autocomplete="off"
                spellcheck=spellcheck.to_string()
                aria-invalid=aria_invalid
                aria-describedby=aria_described
            />
        </FieldFrame>
    }
}

/// A multi-line text field.
#[component]
pub fn TextArea(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let form = expect_context::<Form>();
    let id = field_id(&path);
    let value = {
        let path = path.clone();
        move || form.text(&path)
    };
    let on_input = {
        let path = path.clone();
        move |ev| form.set(&path, Value::String(event_target_value(&ev)))
    };
    let aria_invalid = invalid(&path, form);
    let aria_described = described_by(&path, hint.is_some(), form);
    view! {
        <FieldFrame path=path.clone() label=label hint=hint.clone()>
            <textarea
                id=id
                rows=rows
                prop:value=value
                on:input=on_input
                aria-invalid=aria_invalid
                aria-describedby=aria_described
            ></textarea>
        </FieldFrame>
    }
}
