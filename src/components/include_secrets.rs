//! The opt-in that lets one file carry secret values in clear text, with what it means.

use leptos::prelude::*;

/// What the opt-in means for an export of builds: Zadig keeps a secret it already has when sent `********`.
pub const FOR_AN_EXPORT: &str = "Off: credential variables and passwords are written as ******** (Zadig then keeps the secret it already has). On: they are written in clear text into the file.";

/// Whether secrets are included, and a hint that says what either choice writes.
#[component]
pub fn IncludeSecrets(include: RwSignal<bool>, id: &'static str, #[prop(default = FOR_AN_EXPORT)] hint: &'static str) -> impl IntoView {
    view! {
        <div class="field checkbox-field">
            <input type="checkbox" id=id prop:checked=move || include.get() on:change=move |ev| include.set(event_target_checked(&ev)) aria-describedby=format!("{id}-hint") />
            <label for=id>"Include secret values"</label>
            <p class="hint" id=format!("{id}-hint")>{hint}</p>
        </div>
    }
}
