//! A checkbox bound to a boolean at a model pointer.

use leptos::prelude::*;
use serde_json::Value;

use crate::components::form::frame::{described_by, invalid};
use crate::components::form::{FieldMessages, Form, field_id};

/// A yes/no setting; the label follows the box.
#[component]
pub fn Checkbox(#[prop(into)] path: String, #[prop(into)] label: String, #[prop(optional, into)] hint: Option<String>) -> impl IntoView {
    let form = expect_context::<Form>();
    let id = field_id(&path);
    let checked = {
        let path = path.clone();
        move || form.flag(&path)
    };
    let on_change = {
        let path = path.clone();
        move |ev| form.set(&path, Value::Bool(event_target_checked(&ev)))
    };
    let hint_id = format!("{id}-hint");
    // Its findings are read with it, as a text field's are (a warning about a secret, say).
    let aria_described = described_by(&path, hint.is_some(), form);
    let aria_invalid = invalid(&path, form);
    let data_path = path.clone();
    view! {
        <div class="field checkbox-field" data-path=data_path>
            <input
                type="checkbox"
                id=id.clone()
                prop:checked=checked
                on:change=on_change
                aria-describedby=aria_described
                aria-invalid=aria_invalid
            />
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <FieldMessages path=path />
        </div>
    }
}
