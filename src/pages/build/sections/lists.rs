//! Services, repositories and tools: lists of small records.

use buildbay_core::Target;
use leptos::prelude::*;
use serde_json::json;

use crate::components::form::{Checkbox, Form, ListEditor, SecretInput, TextInput};
use crate::pages::build::editor::EditorState;
use crate::pages::build::sections::item_title;
use crate::state::Workspace;

fn service_title(form: Form, path: &str, i: usize) -> String {
    let name = form.text(&format!("{path}/name"));
    let module = form.text(&format!("{path}/module"));
    match (name.is_empty(), module.is_empty()) {
        (true, true) => format!("Service {}", i + 1),
        _ => format!("Service {}: {name}/{module}", i + 1),
    }
}

fn repo_title(form: Form, path: &str, i: usize) -> String {
    let ns = form.text(&format!("{path}/namespace"));
    let name = form.text(&format!("{path}/name"));
    let url = form.text(&format!("{path}/url"));
    if !name.is_empty() {
        format!("Repository {}: {ns}/{name}", i + 1)
    } else if !url.is_empty() {
        format!("Repository {}: {url}", i + 1)
    } else {
        format!("Repository {}", i + 1)
    }
}

fn input_title(form: Form, path: &str, i: usize) -> String {
    item_title(form, path, "key", "Input", i)
}

fn tool_title(form: Form, path: &str, i: usize) -> String {
    let name = form.text(&format!("{path}/name"));
    let version = form.text(&format!("{path}/version"));
    if name.is_empty() { format!("Tool {}", i + 1) } else { format!("Tool {}: {name} {version}", i + 1) }
}

/// The fields of one repository (`path` is its pointer).
#[component]
pub fn RepoFields(path: String) -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let by_url = move || matches!(editor.target.get(), Target::Rainbond | Target::ServiceStage);
    let p = move |f: &str| format!("{path}/{f}");
    view! {
        <div class="grid">
            <TextInput path=p("codehost") label="Code host alias" hint="Zadig's name for the code host (codehost_name)." />
            <TextInput path=p("namespace") label="Namespace" hint="Organisation or user." />
            <TextInput path=p("name") label="Repository" />
            <TextInput path=p("branch") label="Branch" />
            <TextInput path=p("remote_name") label="Remote name" placeholder="origin" />
            <TextInput path=p("checkout_path") label="Checkout path" hint="Directory inside the workspace; the repository name when empty." />
        </div>
        <Checkbox path=p("submodules") label="Check out submodules" />
        <Show when=by_url>
            <div class="grid">
                <TextInput path=p("url") label="Clone URL" hint="Rainbond and ServiceStage build from the URL." />
                <TextInput path=p("provider") label="Hosting (GitHub, GitLab…)" />
                <TextInput path=p("username") label="Username" />
                <SecretInput path=p("password") label="Password or token" />
            </div>
        </Show>
    }
}

/// The services section (with repositories and inputs per service for template builds).
#[component]
pub fn Services() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let template = move || editor.build.with(|b| b.is_from_template());
    view! {
        <ListEditor
            path="/services"
            item="service"
            new_item=json!({"name": "", "module": ""})
            title=service_title
            row=move |path: String, _| {
                let p = {
                    let path = path.clone();
                    move |f: &str| format!("{path}/{f}")
                };
                let repos = p("repos");
                let inputs = p("inputs");
                view! {
                    <div class="grid">
                        <TextInput path=p("name") label="Service name" />
                        <TextInput path=p("module") label="Service module" />
                    </div>
                    <Show when=template>
                        <h4>"Repositories for this service"</h4>
                        <ListEditor
                            path=repos.clone()
                            item="repository"
                            new_item=json!({"branch": "main"})
                            title=repo_title
                            row=|path: String, _| view! { <RepoFields path=path /> }
                        />
                        <h4>"Template inputs"</h4>
                        <ListEditor
                            path=inputs.clone()
                            item="input"
                            new_item=json!({"key": "", "value": ""})
                            title=input_title
                            row=|path: String, _| view! { <InputFields path=path /> }
                        />
                    </Show>
                }
            }
        />
    }
}

/// One template input of a service: a credential's value (marked so here, or a secret variable
/// of the template) is typed unseen, as a variable's is.
#[component]
fn InputFields(path: String) -> impl IntoView {
    let form = expect_context::<Form>();
    let editor = expect_context::<EditorState>();
    let workspace = use_context::<Workspace>();
    let p = move |f: &str| format!("{path}/{f}");
    let secret = {
        let (flag, key) = (p("is_credential"), p("key"));
        Memo::new(move |_| {
            let template = editor.build.with(|b| b.template_name.clone()).unwrap_or_default();
            let secret_in_template = workspace.is_some_and(|ws| {
                ws.templates.with(|all| {
                    all.iter().find(|r| r.name() == template).is_some_and(|r| r.template.keeps_secret(&form.text(&key)))
                })
            });
            form.flag(&flag) || secret_in_template
        })
    };
    let value = p("value");
    view! {
        <div class="grid">
            <TextInput path=p("key") label="Variable" />
            {move || if secret.get() {
                view! { <SecretInput path=value.clone() label="Value" /> }.into_any()
            } else {
                view! { <TextInput path=value.clone() label="Value" /> }.into_any()
            }}
        </div>
        <Checkbox path=p("is_credential") label="Secret (credential)" hint="Masked here and in exports, as the template's secret variables are." />
    }
}

/// The repositories section.
#[component]
pub fn Repositories() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let template = move || editor.build.with(|b| b.is_from_template());
    view! {
        <Show when=template>
            <p class="note" role="note">"Template builds take repositories per service (in Services)."</p>
        </Show>
        <ListEditor
            path="/repos"
            item="repository"
            new_item=json!({"remote_name": "origin", "branch": "main"})
            title=repo_title
            row=|path: String, _| view! { <RepoFields path=path /> }
        />
    }
}

/// The tools section.
#[component]
pub fn Installs() -> impl IntoView {
    view! {
        <ListEditor
            path="/installs"
            item="tool"
            new_item=json!({"name": "", "version": ""})
            title=tool_title
            row=|path: String, _| {
                let p = move |f: &str| format!("{path}/{f}");
                view! {
                    <div class="grid">
                        <TextInput path=p("name") label="Tool" hint="For example go, node, java." />
                        <TextInput path=p("version") label="Version" />
                    </div>
                }
            }
        />
    }
}
