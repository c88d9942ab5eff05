//! A scenario as a file: opened from disk into the scenario's text, picked or dropped on it
//! (with a way back while the opened text stands untouched), and saved, its secret values masked unless the admin opts in
//! for that one save. Scenarios travel between the Simulator and `buildbay simulate` this way.

use buildbay_core::simulate::scenario::MAX_SCENARIO_BYTES;
use buildbay_core::simulate::scenario_file::SavedScenario;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::kept::KeptScenario;
use super::undo::{Replaceable, ReplacedStatus};
use crate::components::download::download;
use crate::components::include_secrets::IncludeSecrets;
use crate::components::picked_file::read_file;
use crate::state::Lab;

/// One scenario's words and the ids of its file controls.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioFileIds {
    /// "A" or "B", as the page names the scenario.
    pub letter: &'static str,
    /// The scenario's text field, where focus goes once an opened file is undone.
    pub text: &'static str,
    pub open: &'static str,
    pub opened: &'static str,
    pub saved: &'static str,
    pub secrets: &'static str,
    pub drop_hint: &'static str,
    pub model: &'static str,
    pub model_hint: &'static str,
    /// The name a scenario not opened from a file is saved under.
    pub file_name: &'static str,
}

/// Scenario A's file controls.
pub const SCENARIO_A: ScenarioFileIds = ScenarioFileIds {
    letter: "A",
    text: "scenario-text",
    open: "scenario-a-open",
    opened: "scenario-a-opened",
    saved: "scenario-a-saved",
    secrets: "scenario-a-secrets",
    drop_hint: "scenario-a-drop-hint",
    model: "scenario-a-model",
    model_hint: "scenario-a-model-hint",
    file_name: "buildbay-scenario.json",
};

/// Scenario B's file controls.
pub const SCENARIO_B: ScenarioFileIds = ScenarioFileIds {
    letter: "B",
    text: "scenario-b-text",
    open: "scenario-b-open",
    opened: "scenario-b-opened",
    saved: "scenario-b-saved",
    secrets: "scenario-b-secrets",
    drop_hint: "scenario-b-drop-hint",
    model: "scenario-b-model",
    model_hint: "scenario-b-model-hint",
    file_name: "buildbay-scenario-b.json",
};

/// What the opt-in means for a scenario file.
const SECRETS_HINT: &str = "Off: credential variables and passwords in the scenario's builds and templates are written as ******** (a run needs none). On: the file holds them in clear text, as typed.";

/// Opening files into one scenario's text, from its file picker or dropped on its text box:
/// the text is replaced with a way back, and the file's name kept for saving.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioOpener {
    ids: ScenarioFileIds,
    replace: Replaceable,
    /// What the last opening did, for its status line.
    opened: RwSignal<Option<Result<String, String>>>,
    /// The file last opened: saving writes back under its name.
    file_name: RwSignal<Option<String>>,
}

impl ScenarioOpener {
    pub fn new(text: RwSignal<String>, ids: ScenarioFileIds) -> ScenarioOpener {
        ScenarioOpener { ids, replace: Replaceable::new(text), opened: RwSignal::new(None), file_name: RwSignal::new(None) }
    }

    /// Reads `file` into the scenario, unless it is larger than a scenario may be.
    pub fn open(self, file: web_sys::File) {
        let (name, letter) = (file.name(), self.ids.letter);
        if file.size() > MAX_SCENARIO_BYTES as f64 {
            let size = file.size() / 1_000_000.0;
            self.opened.set(Some(Err(format!("{name} is {size:.1} MB; a scenario is at most {} MB, so it was not opened.", MAX_SCENARIO_BYTES / 1_000_000))));
            return;
        }
        spawn_local(async move {
            match read_file(file).await {
                Ok(content) => {
                    self.replace.replace(content);
                    self.opened.set(Some(Ok(format!("Opened {name} as scenario {letter}."))));
                    self.file_name.set(Some(name));
                }
                Err(e) => self.opened.set(Some(Err(format!("{name} could not be read: {e}")))),
            }
        });
    }

    /// A file dragged over the text box may be dropped there (the browser would otherwise open
    /// it in place of the page); text dragged keeps the browser's own handling.
    pub fn drag_over(self, ev: web_sys::DragEvent) {
        let Some(transfer) = ev.data_transfer() else { return };
        if transfer.types().iter().any(|t| t.as_string().as_deref() == Some("Files")) {
            ev.prevent_default();
            transfer.set_drop_effect("copy");
        }
    }

    /// A drop on the text box: a file is opened as the scenario; dropped text is left to the
    /// browser, which inserts it where it falls.
    pub fn drop(self, ev: web_sys::DragEvent) {
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            ev.prevent_default();
            self.open(file);
        }
    }
}

/// "Open a file as scenario X", "Save scenario X as a file" and the opt-in to keep its secrets.
#[component]
pub fn ScenarioFile(scenario: KeptScenario, opener: ScenarioOpener) -> impl IntoView {
    let text = scenario.text;
    let ScenarioOpener { ids, replace, opened, file_name } = opener;
    let saved = RwSignal::new(None::<Result<String, String>>);
    let include = RwSignal::new(false);
    // On by default: `buildbay simulate` has no cluster model, and runs the file as the page does only with it.
    let with_model = RwSignal::new(true);
    let lab = expect_context::<Lab>();
    let letter = ids.letter;
    let on_pick = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        // Picking the same file again (after editing the text) opens it again.
        input.set_value("");
        opener.open(file);
    };
    let save = move |_| {
        let name = file_name.get_untracked().unwrap_or_else(|| ids.file_name.to_string());
        let model = with_model.get_untracked().then(|| lab.model());
        if model.is_some() && !lab.cluster_problems().is_empty() {
            let why = "The cluster model above has fields that do not read: fix the marked fields first, or save without the cluster model.";
            return saved.set(Some(Err(why.to_string())));
        }
        // The opt-in is for this one save: the next starts without secrets again.
        let written = text.with_untracked(|typed| SavedScenario::of(typed, letter, model.as_ref(), include.get_untracked()));
        include.set(false);
        saved.set(Some(written.and_then(|file| {
            download(&name, &file.text, "application/json").map(|()| file.message(letter, &name)).map_err(|e| format!("Scenario {letter} could not be saved: {e}"))
        })));
    };
    // The opt-in shows while it matters: the text holds secrets, or cannot be read to tell.
    let may_hold_secrets = move || scenario.holds_secrets.get() != Some(false) && text.with(|t| !t.trim().is_empty());
    view! {
        <div class="scenario-file">
            <div class="toolbar">
                <div class="toolbar-field">
                    <label for=ids.open>{format!("Open a file as scenario {letter}")}</label>
                    <input type="file" id=ids.open accept=".json,application/json" on:change=on_pick aria-describedby=ids.drop_hint />
                </div>
                <button type="button" on:click=save>{format!("Save scenario {letter} as a file")}</button>
            </div>
            <p class="hint" id=ids.drop_hint>"Or drop the file on the scenario's text."</p>
            <div class="field checkbox-field">
                <input type="checkbox" id=ids.model prop:checked=move || with_model.get() on:change=move |ev| with_model.set(event_target_checked(&ev)) aria-describedby=ids.model_hint />
                <label for=ids.model>"With the cluster model above"</label>
                <p class="hint" id=ids.model_hint>
                    "Where the scenario names no clusters, Zadig queue or Nuon runners of its own, the file gets the model's, "
                    "so that "<code>"buildbay simulate"</code>" runs it as this page does; opened here again, it runs on those."
                </p>
            </div>
            <Show when=may_hold_secrets>
                <IncludeSecrets include=include id=ids.secrets hint=SECRETS_HINT />
            </Show>
            <ReplacedStatus outcome=opened replace=replace id=ids.opened undo_label="Undo opening the file" restores=ids.text />
            {move || saved.get().map(|s| match s {
                Ok(m) => view! { <p role="status" id=ids.saved>{m}</p> }.into_any(),
                Err(e) => view! { <p role="alert" class="error" id=ids.saved>{e}</p> }.into_any(),
            })}
        </div>
    }
}
