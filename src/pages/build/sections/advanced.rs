//! Where and how the build runs: cluster, timeout, resources, cache, volumes, labels, outputs.

use buildbay_core::model::{ResourcePreset, ResourceSpec};
use leptos::prelude::*;
use serde_json::json;

use crate::components::form::{Checkbox, FieldMessages, Form, ListEditor, NumberInput, Select, TextInput};
use crate::pages::build::sections::docker::SectionToggle;
use crate::pages::build::sections::item_title;

fn volume_title(form: Form, path: &str, i: usize) -> String {
    item_title(form, path, "mount_path", "Volume", i)
}

fn label_title(form: Form, path: &str, i: usize) -> String {
    item_title(form, path, "key", "Label", i)
}

fn annotation_title(form: Form, path: &str, i: usize) -> String {
    item_title(form, path, "key", "Annotation", i)
}

fn output_title(form: Form, path: &str, i: usize) -> String {
    let text = form.text(path);
    if text.is_empty() { format!("Output {}", i + 1) } else { format!("Output {}: {text}", i + 1) }
}

fn key_value(path: String) -> impl IntoView {
    let p = move |f: &str| format!("{path}/{f}");
    view! {
        <div class="grid">
            <TextInput path=p("key") label="Key" />
            <TextInput path=p("value") label="Value" />
        </div>
    }
}

/// The resource preset picker; choosing one sets the four values, editing them makes it custom.
#[component]
fn Resources() -> impl IntoView {
    let form = expect_context::<Form>();
    let spec = Memo::new(move |_| serde_json::from_value::<ResourceSpec>(form.value("/advanced/resources")).unwrap_or_default());
    let preset = move || ResourcePreset::of(&spec.get());
    let choose = move |ev| {
        if let Some(p) = ResourcePreset::parse(&event_target_value(&ev))
            && let Some(mut s) = p.spec()
        {
            s.gpu_limit = spec.get_untracked().gpu_limit;
            form.set("/advanced/resources", serde_json::to_value(s).unwrap_or_default());
        }
    };
    view! {
        <fieldset class="field">
            <legend>"Resources"</legend>
            <label for="resource-preset">"Size"</label>
            <select id="resource-preset" prop:value=move || preset().as_str() on:change=choose>
                {ResourcePreset::ALL.iter().map(|p| view! { <option value=p.as_str()>{p.label()}</option> }).collect_view()}
            </select>
            <div class="grid">
                <NumberInput path="/advanced/resources/cpu_limit" label="CPU limit" unit="millicores" />
                <NumberInput path="/advanced/resources/memory_limit" label="Memory limit" unit="MiB" />
                <NumberInput path="/advanced/resources/cpu_req" label="CPU request" unit="millicores" />
                <NumberInput path="/advanced/resources/memory_req" label="Memory request" unit="MiB" />
            </div>
            <TextInput path="/advanced/resources/gpu_limit" label="GPU limit" hint="resource: quantity, for example nvidia.com/gpu: 1." />
            <FieldMessages path="/advanced/resources" />
        </fieldset>
    }
}

/// The advanced section.
#[component]
pub fn Advanced() -> impl IntoView {
    let form = expect_context::<Form>();
    let present = move || form.present("/advanced");
    let on_vm = move || form.text("/infrastructure") == "vm";
    view! {
        <SectionToggle
            path="/advanced"
            id="toggle-advanced"
            label="Set advanced settings"
            default=json!({
                "timeout_minutes": 60,
                "cluster_name": "",
                "resources": {"cpu_limit": 4000, "memory_limit": 8192, "cpu_req": 1000, "memory_req": 1024}
            })
        />
        <Show when=present>
            <div class="grid">
                <TextInput path="/advanced/cluster_name" label="Cluster" hint="The cluster's name in Zadig." />
                <TextInput path="/advanced/strategy_name" label="Scheduling strategy" hint="Empty uses the cluster's default." />
                <NumberInput path="/advanced/timeout_minutes" label="Timeout" unit="minutes" hint="Zadig counts minutes; 0 or less runs as 600." />
            </div>
            <Show when=move || !on_vm() fallback=|| view! {
                <p class="note" role="note">"Resources, volumes, labels and privileged mode apply to Kubernetes builds; this build runs on VMs."</p>
            }>
                <Resources />
                <Checkbox path="/advanced/privileged_mode" label="Privileged mode" />
                <Checkbox path="/advanced/use_host_docker_daemon" label="Use the host's Docker daemon" />
                <h4>"Volumes"</h4>
                <Checkbox path="/advanced/storages/enabled" label="Mount volumes" />
                <Show when=move || form.flag("/advanced/storages/enabled")>
                    <ListEditor
                        path="/advanced/storages/volumes"
                        item="volume"
                        new_item=json!({"provision_type": "dynamic", "size_gib": 10, "mount_path": ""})
                        title=volume_title
                        row=move |path: String, _| {
                            let p = {
                                let path = path.clone();
                                move |f: &str| format!("{path}/{f}")
                            };
                            let kind = {
                                let k = p("provision_type");
                                move || form.text(&k)
                            };
                            let kind2 = kind.clone();
                            let (class_path, size_path, pvc_path) = (p("storage_class"), p("size_gib"), p("pvc"));
                            view! {
                                <div class="grid">
                                    <Select path=p("provision_type") label="Provisioning" options=vec![("dynamic", "New claim (dynamic)"), ("static", "Existing claim (static)")] />
                                    <TextInput path=p("mount_path") label="Mount path" hint="An absolute path, for example /cache." />
                                    <Show when=move || kind() == "dynamic">
                                        <TextInput path=class_path.clone() label="Storage class" />
                                        <NumberInput path=size_path.clone() label="Size" unit="GiB" />
                                    </Show>
                                    <Show when=move || kind2() == "static">
                                        <TextInput path=pvc_path.clone() label="Persistent volume claim" />
                                    </Show>
                                    <Select path=p("access_mode") label="Access mode" options=vec![("", "Default (ReadWriteMany)"), ("ReadWriteOnce", "ReadWriteOnce"), ("ReadOnlyMany", "ReadOnlyMany"), ("ReadWriteMany", "ReadWriteMany"), ("ReadWriteOncePod", "ReadWriteOncePod")] />
                                    <TextInput path=p("subpath") label="Subpath" />
                                </div>
                                <Checkbox path=p("is_temporary") label="Temporary (removed after the build)" />
                            }
                        }
                    />
                </Show>
                <h4>"Labels"</h4>
                <ListEditor path="/advanced/labels" item="label" new_item=json!({"key": "", "value": ""}) title=label_title row=|path: String, _| key_value(path) />
                <h4>"Annotations"</h4>
                <ListEditor path="/advanced/annotations" item="annotation" new_item=json!({"key": "", "value": ""}) title=annotation_title row=|path: String, _| key_value(path) />
            </Show>
            <h4>"Cache"</h4>
            <Checkbox path="/advanced/cache/enabled" label="Keep a cache between builds" />
            <Show when=move || form.flag("/advanced/cache/enabled")>
                <TextInput path="/advanced/cache/dir" label="Cache directory" hint="For example $WORKSPACE/.cache." />
            </Show>
            <h4>"Output variables"</h4>
            <ListEditor
                path="/advanced/outputs"
                item="output"
                new_item=json!("")
                title=output_title
                row=|path: String, i: usize| view! { <TextInput path=path label=format!("Output {}", i + 1) hint="A variable the script exports." /> }
            />
        </Show>
    }
}
