//! `/templates/:name`: one template as the exact body of Zadig's `/openapi/templates/builds`,
//! edited as text with the template rules of core checked as it is typed, saved under its name,
//! and the builds made from it — or a new one made from it.

use buildbay_core::Target;
use buildbay_core::simulate::lints::template_lints;
use buildbay_core::simulate::text::counted;
use buildbay_core::workspace::{build_from_template, builds_made_from, read_template_body, template_body, template_text_holds_secret};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{BuildLinks, encoded};
use crate::components::text_findings::JsonTextEditor;
use crate::pages::{SectionIntro, route_param};
use crate::pages::builds::table::format_recent;
use crate::state::{TemplateDraft, TemplateSave, Workspace, WorkspaceStatus};

/// How many of the template's builds its page names before linking to them all.
const USED_BY_LISTED: usize = 50;

/// `/templates/:name`.
#[component]
pub fn TemplatePage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let name = route_param("name");
    let text = RwSignal::new(String::new());
    // The template the text was loaded from, by the name it is stored under.
    let loaded = RwSignal::new(None::<String>);
    let saved_text = RwSignal::new(String::new());
    // The stored version the text started from (its `updated_at`), so a save never silently
    // replaces what another tab saved meanwhile; after such a conflict the next save does.
    let base = RwSignal::new(None::<i64>);
    let force = RwSignal::new(false);
    let note = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let wanted = name.get();
        if ws.status.get() == WorkspaceStatus::Loading || loaded.get_untracked().as_deref() == Some(wanted.as_str()) {
            return;
        }
        match ws.template(&wanted) {
            Some(record) => {
                let body = template_body(&record.template);
                saved_text.set(body.clone());
                base.set(Some(record.updated_at));
                // Text typed here earlier and not saved comes back as it was left.
                text.set(ws.template_draft(&wanted).unwrap_or(body));
                loaded.set(Some(wanted));
            }
            None => loaded.set(None),
        }
    });
    // Another tab saved this template: with nothing typed here, show its version.
    Effect::new(move |_| {
        let Some(current) = loaded.get().and_then(|n| ws.templates.with(|t| t.iter().find(|r| r.name() == n).cloned())) else { return };
        if Some(current.updated_at) != base.get_untracked() && text.get_untracked() == saved_text.get_untracked() {
            let body = template_body(&current.template);
            saved_text.set(body.clone());
            text.set(body);
            base.set(Some(current.updated_at));
        }
    });
    let clusters = crate::state::cluster_model();
    let read = Memo::new(move |_| {
        let origin = loaded.get().unwrap_or_default();
        text.with(|body| {
            let (template, mut findings) = ws.templates.with(|others| read_template_body(body, others, &origin));
            // What the cluster model says of every build made from it (a request no node holds).
            if let Some(t) = &template {
                findings.extend(clusters.with(|cs| template_lints(t, body, cs)));
                buildbay_core::diagnostic::sort(&mut findings);
            }
            (template, findings)
        })
    });
    let used_by = Memo::new(move |_| {
        let current = loaded.get().unwrap_or_default();
        ws.catalog.with(|c| builds_made_from(c.entries(), &current))
    });
    // Whether the text as typed holds a secret, from the one reading each keystroke makes.
    let holds_secret = Memo::new(move |_| text.with(|body| read.with(|(template, _)| template_text_holds_secret(body, template.as_ref()))));
    let on_input = move |value: String| {
        let unsaved = value != saved_text.get_untracked();
        text.set(value);
        note.set(None);
        if let Some(stored) = loaded.get_untracked() {
            let draft = unsaved.then(|| TemplateDraft { text: text.get_untracked(), holds_secret: holds_secret.get_untracked() });
            ws.keep_template_draft(&stored, draft);
        }
    };
    let navigate = StoredValue::new_local(use_navigate());
    let save = move |_| {
        let Some(before) = loaded.get_untracked() else { return };
        let (template, findings) = read.get_untracked();
        let Some(template) = template else {
            note.set(Some("Not saved: the text does not read as a build template; see the errors below.".into()));
            return;
        };
        if template.name.trim().is_empty() {
            note.set(Some("Not saved: a template needs a name (builds refer to it by name).".into()));
            return;
        }
        if template.name != before && ws.template(&template.name).is_some() {
            note.set(Some(format!("Not saved: another template is named \"{}\"; choose another name.", template.name)));
            return;
        }
        let errors = findings.iter().filter(|d| d.is_error()).count();
        let expected = if force.get_untracked() { None } else { base.get_untracked() };
        spawn_local(async move {
            let after = template.name.clone();
            let body = template_body(&template);
            match ws.save_template(template, Some(before.clone()), expected).await {
                Ok(TemplateSave::Saved(at)) => {
                    base.set(Some(at));
                    force.set(false);
                }
                Ok(TemplateSave::Conflict(theirs)) => {
                    force.set(true);
                    note.set(Some(format!(
                        "Not saved: another tab saved \"{}\" at {} since this page loaded it. Your text stays here; press Save template again to replace that version with yours.",
                        theirs.name(),
                        format_recent(theirs.updated_at)
                    )));
                    return;
                }
                Err(_) => {
                    note.set(Some("Kept in this tab only: browser storage refused it (see the banner).".into()));
                    return;
                }
            }
            ws.keep_template_draft(&before, None);
            saved_text.set(body.clone());
            text.set(body);
            let with = if errors == 0 { String::new() } else { format!(" with {}", counted(errors as u64, "error", "errors")) };
            note.set(Some(format!("Saved template \"{after}\"{with}.")));
            if after != before {
                loaded.set(Some(after.clone()));
                crate::pages::navigate_unless_left(navigate, &format!("/templates/{}", encoded(&after)), NavigateOptions { replace: true, ..Default::default() });
            }
        });
    };
    let new_build = move |_| {
        let Some(stored) = loaded.get_untracked().and_then(|n| ws.template(&n)) else { return };
        spawn_local(async move {
            let build = build_from_template(&stored.template, String::new());
            if let Ok(name) = ws.create_named(build, &format!("{}-build", stored.name()), Target::Zadig).await {
                crate::pages::navigate_unless_left(navigate, &format!("/builds/{}?section=services", encoded(&name)), Default::default());
            }
        });
    };
    let unsaved = move || text.with(|t| saved_text.with(|s| t != s));
    view! {
        <SectionIntro title=Signal::derive(move || format!("Template {}", name.get()))>
            <p>"The template as Zadig's /openapi/templates/builds receives it. Builds made from it give each service its repositories and variable inputs."</p>
        </SectionIntro>
        <Show when=move || loaded.get().is_some() fallback=move || view! {
            <p class="muted">
                {move || if ws.status.get() == WorkspaceStatus::Loading { "Loading…".to_string() } else { String::new() }}
                {move || (ws.status.get() != WorkspaceStatus::Loading).then(|| view! { "No template named " <code>{move || name.get()}</code> " is stored in this browser." })}
            </p>
            <p><A href="/templates">"Back to templates"</A></p>
        }>
            <JsonTextEditor
                prefix="template"
                label="Build template request body".to_string()
                hint="Checked as you type. Saving keeps it under its name; text that does not read is never saved and stays here as typed."
                rows="24"
                text=text
                on_input=Callback::new(on_input)
                findings=Signal::derive(move || read.with(|(_, f)| f.clone()))
            />
            <div class="toolbar-actions">
                <button type="button" class="primary" on:click=save>"Save template"</button>
                <button type="button" on:click=new_build disabled=unsaved>"New build from this template"</button>
            </div>
            <p role="status" aria-live="polite" id="template-note">
                {move || note.get().unwrap_or_else(|| unsaved_note(unsaved(), ws.settings.remember_secrets.get(), holds_secret.get()))}
            </p>
            <section aria-labelledby="template-builds-title">
                <h2 id="template-builds-title">"Builds made from it"</h2>
                {move || {
                    let names = used_by.get();
                    if names.is_empty() {
                        view! { <p class="muted">"No stored build uses this template yet."</p> }.into_any()
                    } else {
                        view! { <BuildLinks template=loaded.get().unwrap_or_default() names shown=USED_BY_LISTED /> }.into_any()
                    }
                }}
            </section>
        </Show>
    }
}

/// What the page says of text typed and not saved: kept across a reload of the tab, unless it
/// holds a secret the admin has not asked to remember.
fn unsaved_note(unsaved: bool, remember_secrets: bool, holds_secret: bool) -> String {
    match unsaved {
        false => String::new(),
        true if !remember_secrets && holds_secret => {
            "Unsaved changes, kept in memory only (a reload would lose them): the text holds a secret, which this browser stores only when Settings says to remember secrets.".into()
        }
        true => "Unsaved changes (kept if this tab reloads).".into(),
    }
}
