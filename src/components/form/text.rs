//! Text inputs bound to a model pointer.

use leptos::prelude::*;

use crate::components::form::frame::{described_by, invalid, store_text, text_of};
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
    let value = text_of(&path, form);
    let on_input = store_text(&path, form, nullable);
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
    let value = text_of(&path, form);
    let on_input = store_text(&path, form, false);
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
