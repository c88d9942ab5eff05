//! Settings: how the console looks, whether secrets are kept, and what browser storage holds.

use buildbay_core::simulate::text::counted;
use leptos::prelude::*;

use crate::components::boxes::EmptyState;
use crate::pages::SectionIntro;
use crate::shell::{ThemeChoice, ThemeState};
use crate::state::{Settings, Workspace, WorkspaceStatus};

/// `/settings`: appearance now; backends and storage as those capabilities land.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let theme = expect_context::<ThemeState>();
    let settings = expect_context::<Settings>();
    let ws = expect_context::<Workspace>();
    let storage = move || match ws.status.get() {
        WorkspaceStatus::Loading => "Opening browser storage…".to_string(),
        WorkspaceStatus::Ready => {
            let builds = counted(ws.catalog.with(|c| c.entries().len()) as u64, "build", "builds");
            let templates = counted(ws.templates.with(Vec::len) as u64, "template", "templates");
            format!("Browser storage (IndexedDB) holds {builds} and {templates}, beside the simulation's jobs and cluster model.")
        }
        WorkspaceStatus::MemoryOnly(why) => format!("Browser storage is unavailable ({why}); builds live in this tab only."),
    };
    view! {
        <SectionIntro title="Settings">
            <p>
                "Settings for this browser: appearance, and the REST backend Buildbay syncs with when "
                "one is configured. Without one, everything stays in this browser."
            </p>
        </SectionIntro>
        <fieldset class="setting">
            <legend>"Theme"</legend>
            {ThemeChoice::ALL
                .into_iter()
                .map(|choice| {
                    let id = format!("theme-{}", choice.as_str());
                    view! {
                        <div class="radio-row">
                            <input
                                type="radio"
                                name="theme"
                                id=id.clone()
                                value=choice.as_str()
                                prop:checked=move || theme.choice.get() == choice
                                on:change=move |_| theme.choice.set(choice)
                            />
                            <label for=id>{choice.label()}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        <fieldset class="setting">
            <legend>"Secrets"</legend>
            <SettingToggle id="remember-secrets" flag=settings.remember_secrets label="Remember secret values in this browser">
                "Off (the default): credential variables and passwords are stored as ******** and kept only in the open tab; Zadig keeps the secret it has when it receives ********. "
                "On: they are stored in this browser's storage in clear text."
            </SettingToggle>
        </fieldset>
        <fieldset class="setting">
            <legend>"Keyboard"</legend>
            <SettingToggle id="single-key-shortcuts" flag=settings.single_key_shortcuts label="Single-key shortcuts (? and /)">
                "Turn off if they get in the way of speech input or other tools."
            </SettingToggle>
        </fieldset>
        <EmptyState id="storage-title" title="Storage">
            <p role="status">{storage}</p>
        </EmptyState>
        <EmptyState id="backend-empty" title="Backend: none configured">
            <p>"Buildbay works offline with the in-browser engine and browser storage."</p>
        </EmptyState>
    }
}

/// One kept on/off setting: its checkbox, its label and a hint saying what each state means.
#[component]
fn SettingToggle(id: &'static str, flag: RwSignal<bool>, label: &'static str, children: Children) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field checkbox-field">
            <input
                type="checkbox"
                id=id
                prop:checked=move || flag.get()
                on:change=move |ev| flag.set(event_target_checked(&ev))
                aria-describedby=hint_id.clone()
            />
            <label for=id>{label}</label>
            <p class="hint" id=hint_id>{children()}</p>
        </div>
    }
}
