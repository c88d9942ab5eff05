//! The IndexedDB database: builds, their summaries and drafts, as JSON text in core's schema.

use std::rc::Rc;

use buildbay_core::workspace::{self, BuildRecord, BuildSummary, Draft, TemplateRecord};
use rexie::{KeyRange, ObjectStore, Rexie, TransactionMode};
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::storage::StorageError;

const DATABASE: &str = "buildbay";
/// IndexedDB's own version of the stores' layout (records carry core's schema version).
/// 2 added the simulation's store, 3 the templates' store.
const LAYOUT_VERSION: u32 = 3;
const BUILDS: &str = "builds";
const SUMMARIES: &str = "summaries";
const DRAFTS: &str = "drafts";
/// The simulated scheduler's state (jobs started, clock, cluster model) under one key.
const SIMULATION: &str = "simulation";
const SIMULATION_KEY: &str = "state";
/// The revision of the simulation's state, beside it: every change a tab makes bumps it.
const SIMULATION_REVISION_KEY: &str = "revision";
/// Build templates, each under its name.
const TEMPLATES: &str = "templates";

/// An open database. Cheap to clone.
#[derive(Clone)]
pub struct Storage {
    db: Rc<Rexie>,
}

/// What a save found.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    Saved,
    /// Another tab saved a newer revision since this one was loaded; nothing was written.
    Conflict(Box<BuildRecord>),
}

fn key(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn json<T: Serialize>(value: &T) -> Result<JsValue, StorageError> {
    serde_json::to_string(value).map(|t| JsValue::from_str(&t)).map_err(|e| StorageError::Failed(e.to_string()))
}

fn draft_key(build_id: &str, tab: &str) -> String {
    format!("{build_id}\u{1f}{tab}")
}

impl Storage {
    /// Opens (or creates) the database.
    pub async fn open() -> Result<Storage, StorageError> {
        let db = Rexie::builder(DATABASE)
            .version(LAYOUT_VERSION)
            .add_object_store(ObjectStore::new(BUILDS))
            .add_object_store(ObjectStore::new(SUMMARIES))
            .add_object_store(ObjectStore::new(DRAFTS))
            .add_object_store(ObjectStore::new(SIMULATION))
            .add_object_store(ObjectStore::new(TEMPLATES))
            .build()
            .await
            .map_err(|e| StorageError::Unavailable(e.to_string()))?;
        Ok(Storage { db: Rc::new(db) })
    }

    /// Every build's summary, and the records that could not be read (left untouched).
    pub async fn summaries(&self) -> Result<(Vec<BuildSummary>, Vec<StorageError>), StorageError> {
        let tx = self.db.transaction(&[SUMMARIES], TransactionMode::ReadOnly)?;
        let values = tx.store(SUMMARIES)?.get_all(None, None).await?;
        let mut summaries = Vec::with_capacity(values.len());
        let mut problems = Vec::new();
        for value in values {
            let text = value.as_string().unwrap_or_default();
            match serde_json::from_str::<BuildSummary>(&text) {
                Ok(summary) => summaries.push(summary),
                Err(e) => problems.push(StorageError::Unreadable { id: "summary".into(), why: e.to_string() }),
            }
        }
        Ok((summaries, problems))
    }

    /// One build's saved record.
    pub async fn record(&self, id: &str) -> Result<Option<BuildRecord>, StorageError> {
        let tx = self.db.transaction(&[BUILDS], TransactionMode::ReadOnly)?;
        let value = tx.store(BUILDS)?.get(key(id)).await?;
        value
            .and_then(|v| v.as_string())
            .map(|text| workspace::migrate::<BuildRecord>(&text).map_err(|e| StorageError::Unreadable { id: id.to_string(), why: e.to_string() }))
            .transpose()
    }

    /// The saved records of these builds (those stored and readable), read in one transaction.
    pub async fn records_of(&self, ids: &[String]) -> Result<Vec<BuildRecord>, StorageError> {
        self.read_each(BUILDS, ids, |text| workspace::migrate::<BuildRecord>(text).ok()).await
    }

    /// The summaries of these builds (those stored and readable), read in one transaction.
    pub async fn summaries_of(&self, ids: &[String]) -> Result<Vec<BuildSummary>, StorageError> {
        self.read_each(SUMMARIES, ids, |text| serde_json::from_str::<BuildSummary>(text).ok()).await
    }

    /// The values stored under these keys in one store, as `read` reads their text, in one
    /// transaction: many builds at once, rather than a transaction each.
    async fn read_each<T>(&self, store: &str, ids: &[String], read: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, StorageError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly)?;
        let store = tx.store(store)?;
        // All asked at once: one round trip each made 8,000 reads take 2.5 s.
        let values = futures_util::future::try_join_all(ids.iter().map(|id| store.get(key(id)))).await?;
        Ok(values.into_iter().filter_map(|v| v.and_then(|v| v.as_string()).and_then(|text| read(&text))).collect())
    }

    /// Puts each item under its key in one store, in one transaction.
    async fn put_each<T: Serialize>(&self, store: &str, items: &[T], key_of: impl Fn(&T) -> &str) -> Result<(), StorageError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadWrite)?;
        let store = tx.store(store)?;
        for item in items {
            store.put(&json(item)?, Some(&key(key_of(item)))).await?;
        }
        tx.done().await?;
        Ok(())
    }

    /// Every readable build record, for exporting them all.
    pub async fn records(&self) -> Result<Vec<BuildRecord>, StorageError> {
        let tx = self.db.transaction(&[BUILDS], TransactionMode::ReadOnly)?;
        let values = tx.store(BUILDS)?.get_all(None, None).await?;
        Ok(values.into_iter().filter_map(|v| v.as_string()).filter_map(|t| workspace::migrate::<BuildRecord>(&t).ok()).collect())
    }

    /// Saves a record and its summary, unless the stored revision is not `expected` (another
    /// tab saved meanwhile). `None` expects no record yet. Read and write happen in one
    /// transaction, so two tabs cannot both win.
    pub async fn save(&self, record: &BuildRecord, summary: &BuildSummary, expected: Option<u64>) -> Result<SaveOutcome, StorageError> {
        let tx = self.db.transaction(&[BUILDS, SUMMARIES], TransactionMode::ReadWrite)?;
        let builds = tx.store(BUILDS)?;
        let current = builds.get(key(&record.id)).await?;
        let current = current.and_then(|v| v.as_string()).map(|t| workspace::migrate::<BuildRecord>(&t));
        match (current, expected) {
            (Some(Err(e)), _) => return Err(StorageError::Unreadable { id: record.id.clone(), why: e.to_string() }),
            (Some(Ok(stored)), Some(rev)) if stored.revision != rev => return Ok(SaveOutcome::Conflict(Box::new(stored))),
            (Some(Ok(stored)), None) => return Ok(SaveOutcome::Conflict(Box::new(stored))),
            _ => {}
        }
        builds.put(&json(record)?, Some(&key(&record.id))).await?;
        tx.store(SUMMARIES)?.put(&json(summary)?, Some(&key(&record.id))).await?;
        tx.done().await?;
        Ok(SaveOutcome::Saved)
    }

    /// Stores many new records at once (an import).
    pub async fn insert_all(&self, items: &[(BuildRecord, BuildSummary)]) -> Result<(), StorageError> {
        let tx = self.db.transaction(&[BUILDS, SUMMARIES], TransactionMode::ReadWrite)?;
        let builds = tx.store(BUILDS)?;
        let summaries = tx.store(SUMMARIES)?;
        for (record, summary) in items {
            builds.put(&json(record)?, Some(&key(&record.id))).await?;
            summaries.put(&json(summary)?, Some(&key(&record.id))).await?;
        }
        tx.done().await?;
        Ok(())
    }

    /// Replaces builds' summaries alone, in one transaction: their counts taken again after a
    /// template they are made from changed (the builds themselves did not).
    pub async fn put_summaries(&self, summaries: &[BuildSummary]) -> Result<(), StorageError> {
        self.put_each(SUMMARIES, summaries, |summary| summary.id.as_str()).await
    }

    /// Deletes a build, its summary and its drafts.
    pub async fn delete(&self, id: &str) -> Result<(), StorageError> {
        let tx = self.db.transaction(&[BUILDS, SUMMARIES, DRAFTS], TransactionMode::ReadWrite)?;
        tx.store(BUILDS)?.delete(key(id)).await?;
        tx.store(SUMMARIES)?.delete(key(id)).await?;
        let range = drafts_of(id)?;
        let drafts = tx.store(DRAFTS)?;
        for k in drafts.get_all_keys(Some(range), None).await? {
            drafts.delete(k).await?;
        }
        tx.done().await?;
        Ok(())
    }

    /// Stores this tab's draft of a build (replacing its previous one).
    pub async fn put_draft(&self, draft: &Draft) -> Result<(), StorageError> {
        let tx = self.db.transaction(&[DRAFTS], TransactionMode::ReadWrite)?;
        tx.store(DRAFTS)?.put(&json(draft)?, Some(&key(&draft_key(&draft.build_id, &draft.tab)))).await?;
        tx.done().await?;
        Ok(())
    }

    /// Every tab's draft of a build.
    pub async fn drafts(&self, build_id: &str) -> Result<Vec<Draft>, StorageError> {
        let tx = self.db.transaction(&[DRAFTS], TransactionMode::ReadOnly)?;
        let values = tx.store(DRAFTS)?.get_all(Some(drafts_of(build_id)?), None).await?;
        Ok(values.into_iter().filter_map(|v| v.as_string()).filter_map(|t| workspace::migrate::<Draft>(&t).ok()).collect())
    }

    /// Removes one tab's draft (after a save, or when discarded).
    pub async fn delete_draft(&self, build_id: &str, tab: &str) -> Result<(), StorageError> {
        let tx = self.db.transaction(&[DRAFTS], TransactionMode::ReadWrite)?;
        tx.store(DRAFTS)?.delete(key(&draft_key(build_id, tab))).await?;
        tx.done().await?;
        Ok(())
    }
}

/// What a write of the simulation's state carries: the clock's progress, which yields to
/// another tab's change, or a change made here, which every other tab takes up. Ordered so
/// that a task's writes fold into the larger: a change wins over progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SimulationWrite {
    /// The clock moved on; the jobs only did what the simulation made them do.
    Progress,
    /// The admin started, cancelled or retried a job, cleared the jobs or edited the model.
    Change,
}

impl Storage {
    /// The simulation's saved state, as the JSON text the lab wrote, and its revision (0 for
    /// a state saved before revisions were kept).
    pub async fn simulation(&self) -> Result<Option<(String, u64)>, StorageError> {
        let tx = self.db.transaction(&[SIMULATION], TransactionMode::ReadOnly)?;
        let store = tx.store(SIMULATION)?;
        let value = store.get(key(SIMULATION_KEY)).await?;
        let revision = simulation_revision(&store).await?;
        Ok(value.and_then(|v| v.as_string()).map(|text| (text, revision)))
    }

    /// Replaces the simulation's saved state while the stored revision is still `known`, the one
    /// this tab's state was made from, and returns the revision written: a
    /// [`SimulationWrite::Change`] (a job started, the model edited) as the next one, the clock's
    /// progress as the same. Else nothing is written (None): another tab changed the state since,
    /// and writing this tab's copy over it would lose that change (the lab makes its own change
    /// over again on that tab's state instead).
    pub async fn put_simulation(&self, text: &str, known: u64, write: SimulationWrite) -> Result<Option<u64>, StorageError> {
        let tx = self.db.transaction(&[SIMULATION], TransactionMode::ReadWrite)?;
        let store = tx.store(SIMULATION)?;
        let stored = simulation_revision(&store).await?;
        let revision = match write {
            _ if stored != known => return Ok(None),
            SimulationWrite::Change => known + 1,
            SimulationWrite::Progress => known,
        };
        store.put(&key(text), Some(&key(SIMULATION_KEY))).await?;
        store.put(&JsValue::from_f64(revision as f64), Some(&key(SIMULATION_REVISION_KEY))).await?;
        tx.done().await?;
        Ok(Some(revision))
    }
}

impl Storage {
    /// Every readable template, and the records that could not be read (left untouched).
    pub async fn templates(&self) -> Result<(Vec<TemplateRecord>, Vec<StorageError>), StorageError> {
        let tx = self.db.transaction(&[TEMPLATES], TransactionMode::ReadOnly)?;
        let values = tx.store(TEMPLATES)?.get_all(None, None).await?;
        let mut records = Vec::with_capacity(values.len());
        let mut problems = Vec::new();
        for text in values.into_iter().filter_map(|v| v.as_string()) {
            match workspace::migrate::<TemplateRecord>(&text) {
                Ok(record) => records.push(record),
                Err(e) => problems.push(StorageError::Unreadable { id: "template".into(), why: e.to_string() }),
            }
        }
        Ok((records, problems))
    }

    /// Stores a template under its name, removing the one it was stored under before (a rename)
    /// in the same transaction — unless the stored one is no longer the version `expected` (its
    /// `updated_at`: another tab saved it meanwhile), when nothing is written and that version
    /// is returned.
    pub async fn put_template(&self, record: &TemplateRecord, replacing: Option<&str>, expected: Option<i64>) -> Result<Option<TemplateRecord>, StorageError> {
        let tx = self.db.transaction(&[TEMPLATES], TransactionMode::ReadWrite)?;
        let store = tx.store(TEMPLATES)?;
        if let Some(expected) = expected {
            let current = store.get(key(replacing.unwrap_or(record.name()))).await?;
            let current = current.and_then(|v| v.as_string()).and_then(|t| workspace::migrate::<TemplateRecord>(&t).ok());
            if let Some(current) = current.filter(|c| c.updated_at != expected) {
                return Ok(Some(current));
            }
        }
        if let Some(old) = replacing.filter(|old| *old != record.name()) {
            store.delete(key(old)).await?;
        }
        store.put(&json(record)?, Some(&key(record.name()))).await?;
        tx.done().await?;
        Ok(None)
    }

    /// Stores many new templates at once (an import), each under its name.
    pub async fn insert_templates(&self, records: &[TemplateRecord]) -> Result<(), StorageError> {
        self.put_each(TEMPLATES, records, TemplateRecord::name).await
    }

    /// Deletes a template.
    pub async fn delete_template(&self, name: &str) -> Result<(), StorageError> {
        let tx = self.db.transaction(&[TEMPLATES], TransactionMode::ReadWrite)?;
        tx.store(TEMPLATES)?.delete(key(name)).await?;
        tx.done().await?;
        Ok(())
    }
}

/// The stored simulation state's revision (0 when none is kept).
async fn simulation_revision(store: &rexie::Store) -> Result<u64, StorageError> {
    let value = store.get(key(SIMULATION_REVISION_KEY)).await?;
    Ok(value.and_then(|v| v.as_f64()).map_or(0, |r| r as u64))
}

/// The key range of every draft of one build.
fn drafts_of(build_id: &str) -> Result<KeyRange, StorageError> {
    KeyRange::bound(&key(&draft_key(build_id, "")), &key(&draft_key(build_id, "\u{ffff}")), Some(false), Some(false))
        .map_err(|e| StorageError::Failed(e.to_string()))
}
