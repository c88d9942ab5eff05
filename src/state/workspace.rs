//! The builds in this browser: their summaries for the list, and every operation that stores
//! them. Writes go to IndexedDB when it works and are kept in memory regardless, so a storage
//! failure never loses what was typed.

use std::collections::HashMap;

use buildbay_core::Target;
use buildbay_core::model::Build;
use buildbay_core::validate::{Context, KnownName};
use buildbay_core::workspace::{BuildRecord, BuildSummary, Catalog, TemplateRecord, copy_name, next_free_name};
use futures_channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::{Settings, now_ms};
use crate::storage::{Broadcast, Notice, SaveOutcome, Storage, StorageError, tab_id};

mod templates;

pub use templates::{TemplateDraft, TemplateSave};

/// Whether browser storage works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkspaceStatus {
    Loading,
    Ready,
    /// Storage cannot be used; builds live in this tab only.
    MemoryOnly(String),
}

/// A short message with an optional undo, shown in the page's status region.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub message: String,
    /// A deleted build that "Undo" puts back.
    pub undo: Option<BuildRecord>,
    /// When it was shown (the browser's clock, ms), so that the page its own action opens
    /// keeps it while the next one does not.
    pub shown_at: f64,
}

impl Toast {
    /// A note of what was just done, with nothing to undo.
    pub fn note(message: String) -> Toast {
        Toast { message, undo: None, shown_at: js_sys::Date::now() }
    }

    /// A note of a deletion that "Undo" takes back (`undo` None when there is nothing to put back).
    pub fn undoable(message: String, undo: Option<BuildRecord>) -> Toast {
        Toast { undo, ..Toast::note(message) }
    }

    /// Whether a page opened now leaves it behind: a note outlives the page its action opened
    /// (an import lands on the build it made), not the next; an Undo stays until used or closed.
    pub fn stale_on_new_page(&self) -> bool {
        self.undo.is_none() && js_sys::Date::now() - self.shown_at > 1000.0
    }
}

/// The workspace, as context. Copyable handles only.
#[derive(Clone, Copy)]
pub struct Workspace {
    pub catalog: RwSignal<Catalog>,
    /// The build templates, loaded whole (they are few, and template builds validate against them).
    pub templates: RwSignal<Vec<TemplateRecord>>,
    pub status: RwSignal<WorkspaceStatus>,
    /// The latest storage problem, shown in a banner until dismissed.
    pub problem: RwSignal<Option<String>>,
    pub toast: RwSignal<Option<Toast>>,
    pub settings: Settings,
    /// Bumped when another tab saves a build: (id, revision).
    pub outside_save: RwSignal<Option<(String, u64)>>,
    storage: StoredValue<Option<Storage>, LocalStorage>,
    broadcast: StoredValue<Broadcast, LocalStorage>,
    /// Records saved or loaded in this tab: the fallback store when IndexedDB fails.
    memory: StoredValue<HashMap<String, BuildRecord>, LocalStorage>,
    /// Template texts typed and not saved, by the template's stored name: kept while the
    /// console is open, so a look at another page loses nothing, and in the tab's session
    /// storage, so a reload loses nothing either (a text holding a secret only on opt-in).
    template_drafts: StoredValue<HashMap<String, TemplateDraft>, LocalStorage>,
    /// Operations begun while storage was still opening, woken once it has opened or failed.
    waiting: StoredValue<Vec<oneshot::Sender<()>>, LocalStorage>,
    tab: StoredValue<String>,
}

impl Workspace {
    /// Opens storage, loads the summaries, and starts listening to other tabs.
    pub fn start(settings: Settings) -> Workspace {
        let ws = Workspace {
            catalog: RwSignal::new(Catalog::default()),
            templates: RwSignal::new(Vec::new()),
            status: RwSignal::new(WorkspaceStatus::Loading),
            problem: RwSignal::new(None),
            toast: RwSignal::new(None),
            settings,
            outside_save: RwSignal::new(None),
            storage: StoredValue::new_local(None),
            broadcast: StoredValue::new_local(Broadcast::open()),
            memory: StoredValue::new_local(HashMap::new()),
            template_drafts: StoredValue::new_local(templates::restored_drafts()),
            waiting: StoredValue::new_local(Vec::new()),
            tab: StoredValue::new(tab_id()),
        };
        spawn_local(async move {
            match Storage::open().await {
                Ok(storage) => {
                    match storage.summaries().await {
                        Ok((summaries, problems)) => {
                            ws.catalog.set(Catalog::new(summaries));
                            if let Some(p) = problems.first() {
                                ws.problem.set(Some(format!("{p} ({} record(s) affected)", problems.len())));
                            }
                        }
                        Err(e) => ws.problem.set(Some(e.to_string())),
                    }
                    match storage.templates().await {
                        Ok((records, problems)) => {
                            ws.templates.set(records);
                            if let Some(p) = problems.first() {
                                ws.problem.set(Some(format!("{p} ({} template(s) affected)", problems.len())));
                            }
                        }
                        Err(e) => ws.problem.set(Some(e.to_string())),
                    }
                    ws.storage.set_value(Some(storage));
                    ws.status.set(WorkspaceStatus::Ready);
                }
                Err(e) => {
                    ws.problem.set(Some(e.to_string()));
                    ws.status.set(WorkspaceStatus::MemoryOnly(e.to_string()));
                }
            }
            let mut waiting = Vec::new();
            ws.waiting.update_value(|w| waiting = std::mem::take(w));
            for waiter in waiting {
                let _ = waiter.send(());
            }
        });
        ws.broadcast.with_value(|b| {
            b.listen(move |notice| ws.on_notice(notice));
        });
        ws
    }

    /// This tab's id.
    pub fn tab(&self) -> String {
        self.tab.get_value()
    }

    fn storage(&self) -> Option<Storage> {
        self.storage.get_value()
    }

    /// Waits until storage has opened (or failed to); operations wait here through `load` and
    /// `save`, or at their own start when they read the list first. Before then a build saved
    /// would be kept in memory only and dropped from the list when the stored ones arrive, and
    /// a new build's name could clash with a stored build not listed yet: "New build" pressed
    /// as the page loads opened an editor that said no such build was stored.
    async fn opened(&self) {
        if self.status.get_untracked() != WorkspaceStatus::Loading {
            return;
        }
        let (sender, receiver) = oneshot::channel();
        self.waiting.update_value(|w| w.push(sender));
        let _ = receiver.await;
    }

    fn on_notice(self, notice: Notice) {
        match notice {
            Notice::Saved { id, revision, tab } if tab != self.tab() => {
                self.outside_save.set(Some((id.clone(), revision)));
                spawn_local(async move { self.refresh_summary(&id).await });
            }
            Notice::TemplatesChanged { tab } if tab != self.tab() => spawn_local(async move { self.reload_templates().await }),
            Notice::Imported { ids, tab } if tab != self.tab() => spawn_local(async move { self.list_imported(ids).await }),
            Notice::Deleted { id, tab } if tab != self.tab() => {
                self.catalog.update(|c| {
                    c.remove(&id);
                });
            }
            _ => {}
        }
    }

    /// Lists the builds another tab imported, their summaries as that tab stored them, read in
    /// one go: a notice per build had this tab work each out against its whole list, which
    /// held it for 15 s while another imported 8,000.
    async fn list_imported(self, ids: Vec<String>) {
        let Some(storage) = self.storage() else { return };
        if let Ok(summaries) = storage.summaries_of(&ids).await {
            self.catalog.update(|c| c.upsert_all(summaries));
        }
    }

    async fn refresh_summary(self, id: &str) {
        let Some(storage) = self.storage() else { return };
        if let Ok(Some(record)) = storage.record(id).await {
            let summary = record.summary(&self.context());
            self.catalog.update(|c| c.upsert(summary));
        }
    }

    /// What validation knows of the other builds (their names), for instance-wide uniqueness,
    /// and of the stored templates, which template builds are checked against.
    pub fn context(&self) -> Context {
        let names = self.catalog.with_untracked(|c| {
            c.entries()
                .iter()
                .map(|s| KnownName { name: s.name.clone(), project_key: s.project_key.clone(), origin: s.id.clone(), existing: false })
                .collect()
        });
        Context::new(names, self.templates.with_untracked(|t| t.iter().map(|r| (r.template.name.clone(), r.template.clone())).collect()))
    }

    /// Whether storage has answered and holds no build (reading it tracks both), so that a page
    /// says "no builds yet" only then, never of a browser whose builds are still being listed.
    pub fn holds_no_builds(&self) -> bool {
        self.status.get() != WorkspaceStatus::Loading && self.catalog.with(|c| c.entries().is_empty())
    }

    /// Whether a build name is already used by another build.
    pub fn name_taken(&self, name: &str) -> bool {
        self.catalog.with_untracked(|c| c.named(name).is_some())
    }

    /// What storage keeps of a record: secrets masked unless the admin opted in.
    fn for_storage(&self, record: &BuildRecord) -> BuildRecord {
        if self.settings.remember_secrets.get_untracked() || !record.build.has_secrets() {
            record.clone()
        } else {
            BuildRecord { build: record.build.masked(), ..record.clone() }
        }
    }

    /// Loads a saved record (from memory first, then storage).
    pub async fn load(&self, id: &str) -> Result<Option<BuildRecord>, StorageError> {
        self.opened().await;
        if let Some(r) = self.memory.with_value(|m| m.get(id).cloned()) {
            let stored = match self.storage() {
                Some(storage) => storage.record(id).await.ok().flatten(),
                None => None,
            };
            return Ok(newer(Some(r), stored));
        }
        match self.storage() {
            Some(storage) => storage.record(id).await,
            None => Ok(None),
        }
    }

    /// These builds as [`Workspace::load`] gives each, read from storage in one go.
    pub(super) async fn load_all(&self, ids: &[String]) -> Vec<BuildRecord> {
        self.opened().await;
        let stored = match self.storage() {
            Some(storage) => storage.records_of(ids).await.unwrap_or_default(),
            None => Vec::new(),
        };
        let mut stored: HashMap<String, BuildRecord> = stored.into_iter().map(|r| (r.id.clone(), r)).collect();
        self.memory.with_value(|m| ids.iter().filter_map(|id| newer(m.get(id).cloned(), stored.remove(id))).collect())
    }

    /// Saves `record` if the stored revision is still `expected` (`None` for a new build).
    pub async fn save(&self, record: BuildRecord, expected: Option<u64>) -> Result<SaveOutcome, StorageError> {
        self.opened().await;
        let summary = record.summary(&self.context());
        self.memory.update_value(|m| {
            m.insert(record.id.clone(), record.clone());
        });
        let outcome = match self.storage() {
            Some(storage) => storage.save(&self.for_storage(&record), &summary, expected).await,
            None => Ok(SaveOutcome::Saved),
        };
        match &outcome {
            Ok(SaveOutcome::Saved) => {
                self.catalog.update(|c| c.upsert(summary));
                self.broadcast.with_value(|b| b.send(&Notice::Saved { id: record.id.clone(), revision: record.revision, tab: self.tab() }));
            }
            Ok(SaveOutcome::Conflict(_)) => {}
            Err(e) => self.problem.set(Some(e.to_string())),
        }
        outcome
    }

    /// Creates an empty build for `target` with a free name; returns its name.
    pub async fn create(&self, target: Target) -> Result<String, StorageError> {
        let build = Build {
            infrastructure: "kubernetes".into(),
            build_os: "ubuntu 20.04".into(),
            script_type: "shell".into(),
            script: "#!/bin/bash\nset -e\n".into(),
            ..Build::default()
        };
        self.create_named(build, "new-build", target).await
    }

    /// Stores `build` as a new one under the first free name from `base`; returns that name.
    pub async fn create_named(&self, mut build: Build, base: &str, target: Target) -> Result<String, StorageError> {
        self.opened().await;
        build.name = next_free_name(base, |n| self.name_taken(n));
        let name = build.name.clone();
        let record = BuildRecord::new(crate::storage::new_id(), target, build, now_ms());
        self.save(record, None).await?;
        Ok(name)
    }

    /// Copies a build under a free name; returns the copy's name.
    pub async fn duplicate(&self, id: &str) -> Result<Option<String>, StorageError> {
        let Some(original) = self.load(id).await? else { return Ok(None) };
        let mut build = original.build.clone();
        build.name = copy_name(&build.name, |n| self.name_taken(n));
        build.remote = None;
        let name = build.name.clone();
        let record = BuildRecord::new(crate::storage::new_id(), original.target, build, now_ms());
        self.save(record, None).await?;
        Ok(Some(name))
    }

    /// Deletes a build, offering to undo.
    pub async fn delete(&self, id: &str) -> Result<(), StorageError> {
        let record = self.load(id).await?;
        if let Some(storage) = self.storage() {
            storage.delete(id).await?;
        }
        self.memory.update_value(|m| {
            m.remove(id);
        });
        let removed = self.catalog.try_update(|c| c.remove(id)).flatten();
        self.broadcast.with_value(|b| b.send(&Notice::Deleted { id: id.to_string(), tab: self.tab() }));
        let name = removed.map(|s| s.name).unwrap_or_default();
        self.toast.set(Some(Toast::undoable(format!("Deleted build \"{name}\"."), record)));
        Ok(())
    }

    /// Puts back the build the last toast deleted.
    pub async fn undo_delete(&self) -> Result<(), StorageError> {
        let Some(Toast { undo: Some(record), .. }) = self.toast.get_untracked() else { return Ok(()) };
        self.toast.set(None);
        let name = record.build.name.clone();
        self.save(record, None).await?;
        self.toast.set(Some(Toast::note(format!("Restored build \"{name}\"."))));
        Ok(())
    }

    /// Stores imported builds as new records; returns how many.
    pub async fn import(&self, builds: Vec<Build>, target: Target) -> Result<usize, StorageError> {
        self.opened().await;
        let now = now_ms();
        let records: Vec<BuildRecord> =
            builds.into_iter().map(|b| BuildRecord::new(crate::storage::new_id(), target, b, now)).collect();
        let context = {
            let known = self.context();
            let mut names = known.known_builds();
            names.extend(records.iter().map(|r| KnownName { name: r.build.name.clone(), project_key: r.build.project_key.clone(), origin: r.id.clone(), existing: false }));
            Context::new(names, known.known_templates())
        };
        let items: Vec<(BuildRecord, BuildSummary)> = records.iter().map(|r| (self.for_storage(r), r.summary(&context))).collect();
        if let Some(storage) = self.storage() {
            storage.insert_all(&items).await?;
        }
        self.memory.update_value(|m| {
            for r in &records {
                m.insert(r.id.clone(), r.clone());
            }
        });
        let count = items.len();
        self.catalog.update(|c| c.upsert_all(items.into_iter().map(|(_, summary)| summary)));
        let ids = records.into_iter().map(|r| r.id).collect();
        self.broadcast.with_value(|b| b.send(&Notice::Imported { ids, tab: self.tab() }));
        Ok(count)
    }

    /// Every build, for "export all".
    pub async fn all_records(&self) -> Result<Vec<BuildRecord>, StorageError> {
        self.opened().await;
        let mut records = match self.storage() {
            Some(storage) => storage.records().await?,
            None => Vec::new(),
        };
        // Builds edited in this tab carry their unmasked secrets in memory.
        self.memory.with_value(|m| {
            for r in records.iter_mut() {
                if let Some(mine) = m.get(&r.id).filter(|mine| mine.revision >= r.revision) {
                    *r = mine.clone();
                }
            }
            for mine in m.values() {
                if !records.iter().any(|r| r.id == mine.id) {
                    records.push(mine.clone());
                }
            }
        });
        Ok(records)
    }

    /// Direct access to storage for drafts.
    pub fn drafts_storage(&self) -> Option<Storage> {
        self.storage()
    }
}

/// The build as this tab has it, unless another tab has since saved a newer revision.
fn newer(mine: Option<BuildRecord>, stored: Option<BuildRecord>) -> Option<BuildRecord> {
    match (mine, stored) {
        (Some(mine), Some(stored)) if stored.revision > mine.revision => Some(stored),
        (Some(mine), _) => Some(mine),
        (None, stored) => stored,
    }
}
