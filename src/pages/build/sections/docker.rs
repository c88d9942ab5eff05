//! The Docker image build after the script.

use leptos::prelude::*;
use serde_json::{Value, json};

use crate::components::form::{Checkbox, Form, Select, TextInput};

/// A checkbox that adds or removes an optional part of the build.
#[component]
pub fn SectionToggle(#[prop(into)] path: String, #[prop(into)] label: String, default: Value, #[prop(into)] id: String) -> impl IntoView {
    let form = expect_context::<Form>();
    let present = {
        let path = path.clone();
        move || form.present(&path)
    };
    view! {
        <div class="field checkbox-field toggle">
            <input
                type="checkbox"
                id=id.clone()
                prop:checked=present
                on:change=move |ev| form.set(&path, if event_target_checked(&ev) { default.clone() } else { Value::Null })
            />
            <label for=id>{label}</label>
        </div>
    }
}

/// The Docker section.
#[component]
pub fn Docker() -> impl IntoView {
    let form = expect_context::<Form>();
    let present = move || form.present("/docker");
    let source = move || form.text("/docker/dockerfile_source");
    view! {
        <SectionToggle
            path="/docker"
            id="toggle-docker"
            label="Build a Docker image after the script"
            default=json!({"context_dir": ".", "dockerfile_source": "local", "dockerfile_path": "Dockerfile"})
        />
        <Show when=present>
            <div class="grid">
                <TextInput path="/docker/context_dir" label="Build context directory" hint="For example $REPONAME_0." />
                <Select path="/docker/dockerfile_source" label="Dockerfile from" options=vec![("local", "The repository"), ("template", "A Dockerfile template")] />
            </div>
            <Show when=move || source() != "template" fallback=|| view! {
                <TextInput path="/docker/template_name" label="Dockerfile template name" />
            }>
                <TextInput path="/docker/dockerfile_path" label="Dockerfile path" hint="For example $REPONAME_0/Dockerfile." />
            </Show>
            <TextInput path="/docker/build_args" label="Build arguments" placeholder="--build-arg KEY=value" />
            <Checkbox path="/docker/buildkit" label="Use BuildKit" hint="Needed for multi-platform images." />
            <Show when=move || form.flag("/docker/buildkit")>
                <TextInput path="/docker/platforms" label="Platforms" hint="Comma-separated, for example linux/amd64,linux/arm64." />
            </Show>
        </Show>
    }
}
