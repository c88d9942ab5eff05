//! The state of one open build: what is being edited, its findings, its history, and how it is
//! saved. Components only wire these signals to the page.

use std::collections::{HashMap, HashSet};

use buildbay_core::Target;
use buildbay_core::convert::{self, Loss};
use buildbay_core::diagnostic::Diagnostic;
use buildbay_core::edit::{self, Edit};
use buildbay_core::model::Build;
use buildbay_core::validate;
use buildbay_core::simulate::lints::capacity_lints;
use buildbay_core::workspace::{BuildRecord, Draft, History, SCHEMA_VERSION};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::components::form::{FieldMessage, Form};
use crate::state::{Workspace, now_ms};
use crate::storage::SaveOutcome;

/// Milliseconds of quiet typing before a draft is stored.
const AUTOSAVE_DELAY_MS: u64 = 400;

/// Where the last save stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved(i64),
    /// Refused because of errors (the summary lists them); the note counts those still left,
    /// so fixing them never leaves a stale "2 errors to fix" beside "No problems".
    Blocked,
    /// Another tab saved first; the stored record is kept for the admin to choose.
    Conflict(Box<BuildRecord>),
    Failed(String),
}

/// Where the draft autosave stands.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftState {
    /// Nothing unsaved.
    Clean,
    Pending,
    Stored(i64),
    Failed(String),
}

/// One open build, as context for its sections.
#[derive(Clone, Copy)]
pub struct EditorState {
    pub build: RwSignal<Build>,
    pub target: RwSignal<Target>,
    /// The last saved record.
    pub saved: RwSignal<BuildRecord>,
    /// The revision the current edits started from: what a save expects to replace.
    pub base_revision: RwSignal<u64>,
    pub findings: Memo<Vec<Diagnostic>>,
    pub losses: Memo<Vec<Loss>>,
    pub dirty: Memo<bool>,
    /// Show every finding (after a save attempt, or for builds that already existed), or only
    /// those of fields the admin has edited.
    pub reveal_all: RwSignal<bool>,
    pub touched: RwSignal<HashSet<String>>,
    pub save_state: RwSignal<SaveState>,
    pub draft_state: RwSignal<DraftState>,
    /// Set when a save was refused: the error summary shows until its errors are fixed.
    pub summary_open: RwSignal<bool>,
    /// Bumped when the summary should take focus (a refused save), and only then.
    pub summary_focus: RwSignal<u64>,
    /// Bumped whenever undo/redo availability may change.
    pub history_tick: RwSignal<u64>,
    pub form: Form,
    history: StoredValue<History<Build>>,
    timer: StoredValue<Option<TimeoutHandle>>,
    ws: Workspace,
}

impl EditorState {
    /// State for `record`, starting from `draft` (unsaved edits) when one is restored.
    pub fn new(ws: Workspace, record: BuildRecord, draft: Option<Draft>, reveal_all: bool) -> EditorState {
        let (build, target, base) = match &draft {
            Some(d) => {
                let mut b = d.build.clone();
                b.restore_masked(&record.build);
                (b, d.target, d.base_revision)
            }
            None => (record.build.clone(), record.target, record.revision),
        };
        let build = RwSignal::new(build);
        let target = RwSignal::new(target);
        let saved = RwSignal::new(record);
        let context = ws.context();
        // The cluster model the Simulator page edits.
        let clusters = crate::state::cluster_model();
        let findings = Memo::new(move |_| {
            let ctx = context.for_origin(&saved.with_untracked(|s| s.id.clone()));
            let t = target.get();
            build.with(|b| {
                let mut found = validate::validate_with(b, t, &ctx);
                // A template build runs with its template's settings: linted by them.
                let template = b.template_name.as_deref().and_then(|n| ctx.template(n));
                found.extend(clusters.with(|cs| capacity_lints(b, template, t, cs)));
                found
            })
        });
        let losses = Memo::new(move |_| build.with(|b| convert::to_request(b, target.get()).losses));
        let dirty = Memo::new(move |_| {
            saved.with(|s| s.target != target.get() || build.with(|b| b.masked() != s.build.masked()))
        });
        let touched = RwSignal::new(HashSet::new());
        let reveal = RwSignal::new(reveal_all);
        let doc = Memo::new(move |_| build.with(edit::to_document));
        let messages = Memo::new(move |_| {
            let t = target.get();
            let all = reveal.get();
            touched.with(|seen: &HashSet<String>| {
                findings.with(|fs| {
                    let mut map: HashMap<String, Vec<FieldMessage>> = HashMap::new();
                    for d in fs {
                        let path = convert::model_path(t, &d.path);
                        if all || seen.iter().any(|s| path == *s || path.starts_with(&format!("{s}/"))) {
                            map.entry(path).or_default().push(FieldMessage { severity: d.severity, text: d.message.clone(), code: d.code.clone() });
                        }
                    }
                    map
                })
            })
        });
        let history = StoredValue::new(History::new(200));
        let history_tick = RwSignal::new(0);
        let timer = StoredValue::new(None);
        let save_state = RwSignal::new(SaveState::Idle);
        let draft_state = RwSignal::new(if draft.is_some() { DraftState::Stored(draft.as_ref().map(|d| d.updated_at).unwrap_or(0)) } else { DraftState::Clean });
        let base_revision = RwSignal::new(base);
        let change = Callback::new(move |(field, e): (String, Edit)| {
            let current = build.get_untracked();
            match edit::apply(&current, &e) {
                Ok(next) if next != current => {
                    history.update_value(|h| h.record(&current, &field, now_ms()));
                    build.set(next);
                    touched.update(|t| {
                        t.insert(field);
                    });
                    history_tick.update(|n| *n += 1);
                }
                _ => {}
            }
        });
        let form = Form { doc, messages, change };
        let state = EditorState {
            build,
            target,
            saved,
            base_revision,
            findings,
            losses,
            dirty,
            reveal_all: reveal,
            touched,
            save_state,
            draft_state,
            summary_open: RwSignal::new(false),
            summary_focus: RwSignal::new(0),
            history_tick,
            form,
            history,
            timer,
            ws,
        };
        // Once every finding is dealt with the summary has done its job; new ones do not bring it
        // back (and never take focus) until the next save or a press on the counts.
        Effect::new(move |_| {
            let any = findings.with(|f| !f.is_empty());
            if !any && state.summary_open.get_untracked() {
                state.summary_open.set(false);
            }
        });
        // Autosave a draft whenever the build or its target changes.
        Effect::new(move |previous: Option<()>| {
            build.track();
            target.track();
            if previous.is_some() {
                state.schedule_draft();
            }
        });
        state
    }

    /// Replaces the whole build (JSON view edits, taking another tab's version), as one undo step.
    pub fn replace(&self, next: Build, field: &str) {
        let current = self.build.get_untracked();
        if next == current {
            return;
        }
        self.history.update_value(|h| h.record(&current, field, now_ms()));
        self.build.set(next);
        self.history_tick.update(|n| *n += 1);
    }

    /// Puts the build back as last saved, backend too; Undo brings the discarded edits back,
    /// and the draft, no longer differing, is removed as after a save.
    pub fn discard_changes(&self) {
        let saved = self.saved.get_untracked();
        self.replace(saved.build, "");
        self.set_target(saved.target);
        // At once, not after the autosave's quiet period: a reload straight after the discard
        // must not find the old draft and offer it back.
        self.store_draft();
    }

    /// Switches the backend the build is edited for.
    pub fn set_target(&self, target: Target) {
        if self.target.get_untracked() != target {
            self.target.set(target);
        }
    }

    /// Whether Undo is offered; tracked, so the button follows every edit.
    pub fn can_undo(&self) -> bool {
        self.history_tick.track();
        self.history.with_value(History::can_undo)
    }

    /// Whether Redo is offered; tracked, so the button follows every edit.
    pub fn can_redo(&self) -> bool {
        self.history_tick.track();
        self.history.with_value(History::can_redo)
    }

    /// Takes the whole build back one step (Ctrl/Cmd+Z).
    pub fn undo(&self) {
        let current = self.build.get_untracked();
        if let Some(previous) = self.history.try_update_value(|h| h.undo(&current)).flatten() {
            self.build.set(previous);
            self.history_tick.update(|n| *n += 1);
        }
    }

    /// Brings back the step Undo took (Ctrl/Cmd+Shift+Z).
    pub fn redo(&self) {
        let current = self.build.get_untracked();
        if let Some(next) = self.history.try_update_value(|h| h.redo(&current)).flatten() {
            self.build.set(next);
            self.history_tick.update(|n| *n += 1);
        }
    }

    fn schedule_draft(self) {
        self.draft_state.set(DraftState::Pending);
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || self.store_draft(), std::time::Duration::from_millis(AUTOSAVE_DELAY_MS)).ok();
        self.timer.set_value(handle);
    }

    /// This tab's draft as the build stands, secrets masked unless the admin opted in.
    fn draft_now(self) -> Draft {
        let build = self.build.get_untracked();
        let build = if self.ws.settings.remember_secrets.get_untracked() { build } else { build.masked() };
        Draft {
            schema: SCHEMA_VERSION,
            build_id: self.saved.with_untracked(|s| s.id.clone()),
            tab: self.ws.tab(),
            base_revision: self.base_revision.get_untracked(),
            updated_at: now_ms(),
            target: self.target.get_untracked(),
            build,
        }
    }

    /// Typing still inside the autosave's quiet period as the page unloads: stored in IndexedDB
    /// as usual, and at once in session storage, which the reloaded tab takes back should the
    /// IndexedDB write not land before the page goes; typing that undid every change removes
    /// the draft instead.
    pub fn store_draft_on_unload(self) {
        if self.draft_state.get_untracked() != DraftState::Pending {
            return;
        }
        if self.dirty.get_untracked() {
            let draft = self.draft_now();
            crate::storage::unload_draft::keep(&draft);
            self.put_draft(draft);
        } else {
            // Edited back to the saved build: the draft stored before goes with the page.
            self.store_draft();
        }
    }

    /// Leaving the editor for another page: typing still inside the autosave's quiet period
    /// is stored now, since the timer would otherwise fire on an editor that is gone.
    pub fn store_draft_on_leave(self) {
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        self.timer.set_value(None);
        if self.draft_state.get_untracked() == DraftState::Pending {
            self.store_draft();
        }
    }

    /// Stores (or, when nothing is unsaved, removes) this tab's draft now; nothing once the
    /// editor is gone (a save that lands after the admin has left it).
    pub fn store_draft(self) {
        let Some(dirty) = self.dirty.try_get_untracked() else { return };
        if dirty {
            return self.put_draft(self.draft_now());
        }
        let Some(storage) = self.drafts_storage() else { return };
        let id = self.saved.with_untracked(|s| s.id.clone());
        let tab = self.ws.tab();
        crate::storage::unload_draft::forget(&id);
        spawn_local(async move {
            let _ = storage.delete_draft(&id, &tab).await;
        });
        self.draft_state.set(DraftState::Clean);
    }

    /// A save that lands after the editor has gone: the draft stored as it went holds the
    /// build just saved and would be offered back as unsaved changes, so it goes; a draft with
    /// edits made after Save was pressed stays.
    fn forget_draft_saved_after_leaving(self, record: BuildRecord) {
        let Some(storage) = self.ws.drafts_storage() else { return };
        let tab = self.ws.tab();
        spawn_local(async move {
            let drafts = storage.drafts(&record.id).await.unwrap_or_default();
            if drafts.iter().any(|d| d.only_repeats(&record, &tab)) {
                crate::storage::unload_draft::forget(&record.id);
                let _ = storage.delete_draft(&record.id, &tab).await;
            }
        });
    }

    /// Where drafts are stored; without it, the draft state says the edits live in this tab.
    fn drafts_storage(self) -> Option<crate::storage::Storage> {
        let storage = self.ws.drafts_storage();
        if storage.is_none() {
            self.draft_state.set(DraftState::Failed("browser storage is unavailable; your edits live in this tab".into()));
        }
        storage
    }

    /// Writes `draft` to IndexedDB, saying in the draft state whether it landed.
    fn put_draft(self, draft: Draft) {
        let Some(storage) = self.drafts_storage() else { return };
        spawn_local(async move {
            match storage.put_draft(&draft).await {
                Ok(()) => self.draft_state.set(DraftState::Stored(draft.updated_at)),
                Err(e) => {
                    self.draft_state.set(DraftState::Failed(e.to_string()));
                    self.ws.problem.set(Some(e.to_string()));
                }
            }
        });
    }

    /// Saves the build unless it has errors; returns the new name when the save changed it.
    pub async fn save(self, overwrite: Option<u64>) -> Option<String> {
        let errors = self.findings.with_untracked(|f| f.iter().filter(|d| d.is_error()).count());
        if errors > 0 {
            self.reveal_all.set(true);
            self.save_state.set(SaveState::Blocked);
            self.summary_open.set(true);
            self.summary_focus.update(|n| *n += 1);
            return None;
        }
        self.save_state.set(SaveState::Saving);
        let saved = self.saved.get_untracked();
        let expected = overwrite.unwrap_or(self.base_revision.get_untracked());
        let base = BuildRecord { revision: expected, ..saved.clone() };
        let record = base.saved(self.target.get_untracked(), self.build.get_untracked(), now_ms());
        match self.ws.save(record.clone(), Some(expected)).await {
            Ok(SaveOutcome::Saved) => {
                let renamed = (record.build.name != saved.build.name).then(|| record.build.name.clone());
                // The admin may have left the editor while the save was being stored.
                if self.dirty.try_get_untracked().is_none() {
                    self.forget_draft_saved_after_leaving(record);
                    return renamed;
                }
                self.base_revision.set(record.revision);
                self.saved.set(record);
                self.save_state.set(SaveState::Saved(now_ms()));
                self.summary_open.set(false);
                if let Some(handle) = self.timer.get_value() {
                    handle.clear();
                }
                self.store_draft();
                renamed
            }
            Ok(SaveOutcome::Conflict(stored)) => {
                self.save_state.set(SaveState::Conflict(stored));
                None
            }
            Err(e) => {
                self.save_state.set(SaveState::Failed(e.to_string()));
                None
            }
        }
    }

    /// Takes another tab's saved version, dropping this tab's edits.
    pub fn take(&self, stored: BuildRecord) {
        // Called once a load has finished: nothing to take into once the editor is gone.
        let Some(current) = self.build.try_get_untracked() else { return };
        let mut build = stored.build.clone();
        build.restore_masked(&current);
        self.replace(build, "");
        self.target.set(stored.target);
        self.base_revision.set(stored.revision);
        self.saved.set(stored);
        self.save_state.set(SaveState::Idle);
    }

    /// The findings that are errors.
    pub fn error_count(&self) -> usize {
        self.findings.with(|f| f.iter().filter(|d| d.is_error()).count())
    }

    /// The value of the build as the target's request body, for the JSON view.
    pub fn request_text(&self) -> String {
        let body = self.build.with(|b| convert::to_request(&b.masked(), self.target.get()).value);
        serde_json::to_string_pretty(&body).unwrap_or_default()
    }

    /// The model as JSON (for tests and debugging views).
    pub fn document(&self) -> Value {
        self.form.doc.get()
    }
}
