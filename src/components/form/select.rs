//! A select bound to a model pointer; a value outside the options is shown, not hidden.

use leptos::prelude::*;
use serde_json::Value;

use crate::components::form::frame::{described_by, invalid};
use crate::components::form::{FieldFrame, Form, field_id};

/// A choice among `options` (value, label). An unknown current value appears as an extra option
/// so the admin sees what the document says.
#[component]
pub fn Select(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    options: Vec<(&'static str, &'static str)>,
    #[prop(optional, into)] hint: Option<String>,
    /// Stores `null` for the empty option instead of an empty string.
    #[prop(optional)]
    empty_is_null: bool,
) -> impl IntoView {
    let form = expect_context::<Form>();
    let id = field_id(&path);
    let current = {
        let path = path.clone();
        Memo::new(move |_| form.text(&path))
    };
    let known: Vec<&'static str> = options.iter().map(|(v, _)| *v).collect();
    let on_change = {
        let path = path.clone();
        move |ev| {
            let v = event_target_value(&ev);
            let value = if v.is_empty() && empty_is_null { Value::Null } else { Value::String(v) };
            form.set(&path, value);
        }
    };
    let aria_invalid = invalid(&path, form);
    let aria_described = described_by(&path, hint.is_some(), form);
    view! {
        <FieldFrame path=path.clone() label=label hint=hint.clone()>
            <select
                id=id
                on:change=on_change
                prop:value=move || current.get()
                aria-invalid=aria_invalid
                aria-describedby=aria_described
            >
                {move || {
                    let value = current.get();
                    (!known.contains(&value.as_str()))
                        .then(|| view! { <option value=value.clone()>{format!("“{value}” (not a known value)")}</option> })
                }}
                {options
                    .iter()
                    .map(|(v, l)| view! { <option value=*v>{*l}</option> })
                    .collect_view()}
            </select>
        </FieldFrame>
    }
}
