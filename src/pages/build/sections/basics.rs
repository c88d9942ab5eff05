//! Name, project, how the build is made, and where it runs.

use leptos::prelude::*;
use serde_json::Value;

use crate::components::form::{Form, Select, TextInput};
use crate::pages::build::editor::EditorState;

/// The basics section.
#[component]
pub fn Basics() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let form = expect_context::<Form>();
    let template = move || editor.build.with(|b| b.is_from_template());
    let set_mode = move |from_template: bool| {
        form.set("/template_name", if from_template { Value::String(String::new()) } else { Value::Null });
    };
    view! {
        <TextInput path="/name" label="Build name" hint="Lowercase letters, digits and '-'. Zadig build names are unique across the whole instance." />
        <TextInput path="/project_key" label="Project key" hint="The Zadig project the build belongs to." />
        <fieldset class="field">
            <legend>"How the build is defined"</legend>
            <div class="radio-row">
                <input type="radio" id="mode-plain" name="build-mode" prop:checked=move || !template() on:change=move |_| set_mode(false) />
                <label for="mode-plain">"Its own script and settings"</label>
            </div>
            <div class="radio-row">
                <input type="radio" id="mode-template" name="build-mode" prop:checked=template on:change=move |_| set_mode(true) />
                <label for="mode-template">"From a Zadig build template"</label>
            </div>
        </fieldset>
        <Show when=template>
            <TextInput path="/template_name" label="Template name" hint="The build template, by name; each service then gives its repositories and inputs." />
        </Show>
        <Show when=move || !template()>
            <Select
                path="/infrastructure"
                label="Infrastructure"
                options=vec![("kubernetes", "Kubernetes"), ("vm", "VM (hosts)")]
            />
            <TextInput path="/build_os" label="Build OS" hint="A basic image label, for example \"ubuntu 20.04\"." />
            <Select
                path="/script_type"
                label="Script type"
                options=vec![("shell", "Shell"), ("batch_file", "Batch file"), ("powershell", "PowerShell")]
            />
        </Show>
    }
}
