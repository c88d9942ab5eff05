//! Build variables: key, type, default, choices, and whether the value is a secret.
//!
//! A choice variable's default is picked with radio buttons when it has up to six options and
//! from a drop-down beyond; a multi-select variable's defaults are checkboxes.

use leptos::prelude::*;
use serde_json::{Value, json};

use crate::components::form::{Checkbox, FieldMessages, Form, ListEditor, MAX_RADIOS, SecretInput, Select, TextInput, field_id};
use crate::pages::build::sections::item_title;

fn variable_title(form: Form, path: &str, i: usize) -> String {
    item_title(form, path, "key", "Variable", i)
}

fn option_title(form: Form, path: &str, i: usize) -> String {
    let text = form.text(path);
    if text.is_empty() { format!("Option {}", i + 1) } else { format!("Option {}: {text}", i + 1) }
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// The list of strings at `path`, followed as the form changes (a choice's options, a multi-select's values).
fn strings_at(form: Form, path: &str) -> Memo<Vec<String>> {
    let path = path.to_string();
    Memo::new(move |_| strings(&form.value(&path)))
}

/// The default of a choice variable: radios for few options, a drop-down for many.
#[component]
fn ChoiceDefault(path: String) -> impl IntoView {
    let form = expect_context::<Form>();
    let default_path = format!("{path}/default_value");
    let options = strings_at(form, &format!("{path}/choice_options"));
    let current = {
        let p = default_path.clone();
        Memo::new(move |_| form.text(&p))
    };
    let group_id = field_id(&default_path);
    let messages_id = format!("{group_id}-messages");
    let set = {
        let p = default_path.clone();
        move |v: String| form.set(&p, Value::String(v))
    };
    let radios = {
        let set = set.clone();
        let group_id = group_id.clone();
        move || {
            options
                .get()
                .into_iter()
                .enumerate()
                .map(|(j, option)| {
                    let value = option.clone();
                    let checked_value = option.clone();
                    let set = set.clone();
                    view! {
                        <OptionRow kind="radio" id=format!("{group_id}-{j}") name=group_id.clone() option=option
                            checked=Signal::derive(move || current.get() == checked_value)
                            on_change=Callback::new(move |_: bool| set(value.clone())) />
                    }
                })
                .collect_view()
        }
    };
    let dropdown = {
        let group_id = group_id.clone();
        move || {
            let set = set.clone();
            view! {
                <label for=group_id.clone()>"Default"</label>
                <select id=group_id.clone() prop:value=move || current.get() on:change=move |ev| set(event_target_value(&ev))>
                    {move || {
                        let opts = options.get();
                        let cur = current.get();
                        let unknown = (!opts.contains(&cur)).then(|| view! { <option value=cur.clone()>{format!("“{cur}” (not an option)")}</option> });
                        view! {
                            {unknown}
                            {opts.into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                        }
                    }}
                </select>
            }
        }
    };
    let described = messages_id.clone();
    view! {
        <Show
            when=move || { options.with(|o| o.len() <= MAX_RADIOS) }
            fallback=dropdown
        >
            <fieldset class="field" role="radiogroup" aria-describedby=described.clone()>
                <legend>"Default"</legend>
                {radios.clone()}
            </fieldset>
        </Show>
        <FieldMessages path=default_path.clone() />
    }
}

/// One option as a radio button or a checkbox with its label (an empty option reads "(empty)").
#[component]
fn OptionRow(kind: &'static str, id: String, name: String, option: String, checked: Signal<bool>, on_change: Callback<bool>) -> impl IntoView {
    let label = if option.is_empty() { "(empty)".to_string() } else { option };
    let name = (!name.is_empty()).then_some(name);
    view! {
        <div class="radio-row">
            <input type=kind id=id.clone() name=name prop:checked=move || checked.get() on:change=move |ev| on_change.run(event_target_checked(&ev)) />
            <label for=id>{label}</label>
        </div>
    }
}

/// The values a multi-select variable starts with selected.
#[component]
fn MultiSelectDefaults(path: String) -> impl IntoView {
    let form = expect_context::<Form>();
    let values_path = format!("{path}/choice_values");
    let options = strings_at(form, &format!("{path}/choice_options"));
    let selected = strings_at(form, &values_path);
    let group_id = field_id(&values_path);
    let boxes = {
        let values_path = values_path.clone();
        move || {
            options
                .get()
                .into_iter()
                .enumerate()
                .map(|(j, option)| {
                    let is_checked = option.clone();
                    let toggled = option.clone();
                    let values_path = values_path.clone();
                    let toggle = move |on: bool| {
                        let mut now = selected.get_untracked();
                        now.retain(|v| *v != toggled);
                        if on {
                            now.push(toggled.clone());
                        }
                        // Keep the options' order.
                        let order = options.get_untracked();
                        now.sort_by_key(|v| order.iter().position(|o| o == v).unwrap_or(usize::MAX));
                        form.set(&values_path, json!(now));
                    };
                    view! {
                        <OptionRow kind="checkbox" id=format!("{group_id}-{j}") name=String::new() option=option
                            checked=Signal::derive(move || selected.with(|s| s.contains(&is_checked)))
                            on_change=Callback::new(toggle) />
                    }
                })
                .collect_view()
        }
    };
    view! {
        <fieldset class="field">
            <legend>"Selected by default"</legend>
            {boxes}
        </fieldset>
        <FieldMessages path=values_path.clone() />
    }
}

/// The variables section.
#[component]
pub fn Variables() -> impl IntoView {
    let form = expect_context::<Form>();
    view! {
        <ListEditor
            path="/variables"
            item="variable"
            new_item=json!({"key": "", "kind": "string", "default_value": ""})
            title=variable_title
            row=move |path: String, _| {
                let p = {
                    let path = path.clone();
                    move |f: &str| format!("{path}/{f}")
                };
                let kind = {
                    let k = p("kind");
                    Memo::new(move |_| form.text(&k))
                };
                let secret = {
                    let c = p("is_credential");
                    Memo::new(move |_| form.flag(&c))
                };
                let is_choice = move || matches!(kind.get().as_str(), "choice" | "multi-select");
                let value_path = p("default_value");
                let value_path_secret = value_path.clone();
                let options_path = p("choice_options");
                let choice_path = path.clone();
                let multi_path = path.clone();
                view! {
                    <div class="grid">
                        <TextInput path=p("key") label="Key" hint="Read in the script as $KEY." />
                        <Select
                            path=p("kind")
                            label="Type"
                            options=vec![("string", "Text"), ("choice", "Choice (one)"), ("multi-select", "Multi-select")]
                        />
                    </div>
                    <TextInput path=p("description") label="Description" spellcheck=true />
                    <Checkbox path=p("is_credential") label="Secret (credential)" hint="Masked here and in exports; Zadig keeps a stored secret when it receives ********." />
                    <Show when=move || kind.get() == "string">
                        {
                            let value_path = value_path.clone();
                            let value_path_secret = value_path_secret.clone();
                            move || if secret.get() {
                                view! { <SecretInput path=value_path_secret.clone() label="Value" /> }.into_any()
                            } else {
                                view! { <TextInput path=value_path.clone() label="Default value" /> }.into_any()
                            }
                        }
                    </Show>
                    <Show when=is_choice>
                        <h4>"Options"</h4>
                        <ListEditor
                            path=options_path.clone()
                            item="option"
                            new_item=json!("")
                            title=option_title
                            row=|path: String, i: usize| view! { <TextInput path=path label=format!("Option {}", i + 1) /> }
                        />
                    </Show>
                    <Show when=move || kind.get() == "choice">
                        <ChoiceDefault path=choice_path.clone() />
                    </Show>
                    <Show when=move || kind.get() == "multi-select">
                        <MultiSelectDefaults path=multi_path.clone() />
                    </Show>
                }
            }
        />
    }
}
