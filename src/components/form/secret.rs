//! A secret value: masked, with a button that reveals it.

use leptos::prelude::*;

use crate::components::form::frame::{described_by, invalid, store_text, text_of};
use crate::components::form::{FieldFrame, Form, field_id};

/// A text field for a credential; hidden unless revealed.
#[component]
pub fn SecretInput(#[prop(into)] path: String, #[prop(into)] label: String, #[prop(optional, into)] hint: Option<String>) -> impl IntoView {
    let form = expect_context::<Form>();
    let id = field_id(&path);
    let revealed = RwSignal::new(false);
    let value = text_of(&path, form);
    let on_input = store_text(&path, form, false);
    let toggle_label = label.clone();
    let aria_invalid = invalid(&path, form);
    let aria_described = described_by(&path, hint.is_some(), form);
    view! {
        <FieldFrame path=path.clone() label=label hint=hint.clone()>
            <span class="secret">
                <input
                    type=move || if revealed.get() { "text" } else { "password" }
                    id=id
                    class="secret-input"
                    prop:value=value
                    on:input=on_input
                    autocomplete="new-password"
                    spellcheck="false"
                    aria-invalid=aria_invalid
                    aria-describedby=aria_described
                />
                <RevealButton revealed=revealed label=toggle_label />
            </span>
        </FieldFrame>
    }
}

/// The button beside a secret field that shows or hides what was typed, so an admin can check
/// a value before it is used; `label` names the field for a screen reader ("Show DB_PASSWORD").
#[component]
pub fn RevealButton(revealed: RwSignal<bool>, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <button
            type="button"
            class="reveal"
            aria-pressed=move || revealed.get().to_string()
            aria-label=move || format!("{} {}", if revealed.get() { "Hide" } else { "Show" }, label)
            on:click=move |_| revealed.update(|r| *r = !*r)
        >
            {move || if revealed.get() { "Hide" } else { "Show" }}
        </button>
    }
}
