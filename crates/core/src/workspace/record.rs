//! What the console stores per build, and how older or newer stored data is read.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::Build;
use crate::target::Target;
use crate::validate::{self, Context};

/// The version of the stored records this build of Buildbay writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A saved build: what the editor last saved, with the identity and versions sync needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildRecord {
    pub schema: u32,
    /// Stable local id; names can change, the id never does.
    pub id: String,
    /// Incremented by every save; a save expecting an older revision is a conflict.
    pub revision: u64,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub updated_at: i64,
    /// The backend the admin edits this build for.
    pub target: Target,
    pub build: Build,
    /// What the backend had when this build was last synced; none while it is local only.
    pub remote: Option<RemoteVersion>,
}

/// The last-known version of a build on its backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteVersion {
    pub backend: Target,
    /// The backend's own timestamp of that version (Zadig's `update_time`, seconds).
    pub update_time: i64,
    /// The local revision that matched it.
    pub synced_revision: u64,
}

/// Unsaved edits of one build in one browser tab, autosaved as the admin types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub schema: u32,
    pub build_id: String,
    /// The tab that wrote it (kept in the tab's session storage, so a reload finds it again).
    pub tab: String,
    /// The saved revision the edits started from.
    pub base_revision: u64,
    pub updated_at: i64,
    pub target: Target,
    pub build: Build,
}

impl Draft {
    /// Whether this copy (kept in the tab's session storage as the page unloaded) is the one to
    /// take over `stored`, the tab's draft in IndexedDB: only when newer, since the IndexedDB
    /// write may also have landed, or a later edit may have been stored since.
    pub fn supersedes(&self, stored: Option<&Draft>) -> bool {
        stored.is_none_or(|s| self.updated_at > s.updated_at)
    }

    /// Whether `saved` leaves nothing of this draft of `tab` unsaved: the tab's copy of exactly
    /// the build and backend just saved (compared as drafts are stored, secrets masked), which
    /// would otherwise be offered back as unsaved changes; a draft with later edits is not.
    pub fn only_repeats(&self, saved: &BuildRecord, tab: &str) -> bool {
        self.tab == tab && self.build_id == saved.id && self.target == saved.target && self.build.masked() == saved.build.masked()
    }
}

/// Whether a build matches its backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyncState {
    /// Never synced: it exists only in this browser.
    LocalOnly,
    Synced,
    /// Changed locally since the last sync.
    Modified,
}

impl SyncState {
    /// Words for the list's column.
    pub fn label(self) -> &'static str {
        match self {
            SyncState::LocalOnly => "Local only",
            SyncState::Synced => "Synced",
            SyncState::Modified => "Changed locally",
        }
    }
}

/// What the builds list shows of a build, stored apart so 10,000 builds list without loading
/// every build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildSummary {
    pub id: String,
    pub name: String,
    pub project_key: String,
    /// `service/module` of each service.
    pub services: Vec<String>,
    /// `namespace/name` of each repository.
    pub repos: Vec<String>,
    pub target: Target,
    pub updated_at: i64,
    pub errors: u32,
    pub warnings: u32,
    pub sync: SyncState,
    /// The template a template build is made from, so its counts are taken again when the
    /// template changes; empty for a plain build (and in summaries stored before templates).
    #[serde(default)]
    pub template: String,
}

impl BuildRecord {
    /// A new record for a build first saved at `now`.
    pub fn new(id: String, target: Target, build: Build, now: i64) -> BuildRecord {
        BuildRecord { schema: SCHEMA_VERSION, id, revision: 1, created_at: now, updated_at: now, target, build, remote: None }
    }

    /// The record after saving `build` at `now`.
    pub fn saved(&self, target: Target, build: Build, now: i64) -> BuildRecord {
        BuildRecord { revision: self.revision + 1, updated_at: now, target, build, ..self.clone() }
    }

    /// The list's view of this record, with its validation counts under `context`.
    pub fn summary(&self, context: &Context) -> BuildSummary {
        let findings = validate::validate_with(&self.build, self.target, &context.for_origin(&self.id));
        let errors = findings.iter().filter(|d| d.is_error()).count() as u32;
        let b = &self.build;
        let repos = b.repos.iter().chain(b.services.iter().flat_map(|s| s.repos.iter()));
        BuildSummary {
            id: self.id.clone(),
            name: b.name.clone(),
            project_key: b.project_key.clone(),
            services: b.services.iter().map(|s| format!("{}/{}", s.name, s.module)).collect(),
            repos: repos
                .map(|r| match (r.namespace.is_empty(), r.name.is_empty()) {
                    (false, false) => format!("{}/{}", r.namespace, r.name),
                    (true, false) => r.name.clone(),
                    _ => r.url.clone(),
                })
                .collect(),
            target: self.target,
            updated_at: self.updated_at,
            errors,
            warnings: findings.len() as u32 - errors,
            sync: match &self.remote {
                None => SyncState::LocalOnly,
                Some(r) if r.synced_revision == self.revision => SyncState::Synced,
                Some(_) => SyncState::Modified,
            },
            template: b.template_name.clone().unwrap_or_default(),
        }
    }
}

/// Why stored data could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredError {
    /// Written by a newer Buildbay: it is kept as it is and never overwritten by this one.
    Newer { schema: u32 },
    /// Not a record Buildbay wrote, or damaged.
    Unreadable(String),
}

impl std::fmt::Display for StoredError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoredError::Newer { schema } => write!(
                f,
                "stored by a newer version of Buildbay (schema {schema}; this one reads up to {SCHEMA_VERSION}); reload to update"
            ),
            StoredError::Unreadable(why) => write!(f, "unreadable: {why}"),
        }
    }
}

/// Reads a stored record of any known schema, upgrading it to the current one.
///
/// Each schema change adds a step here from the old shape to the new; a record from a newer
/// Buildbay is refused rather than guessed at.
pub fn migrate<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoredError> {
    let value: Value = serde_json::from_str(text).map_err(|e| StoredError::Unreadable(e.to_string()))?;
    let schema = value.get("schema").and_then(Value::as_u64).ok_or_else(|| StoredError::Unreadable("no schema version".into()))?;
    let schema = u32::try_from(schema).map_err(|_| StoredError::Newer { schema: u32::MAX })?;
    if schema > SCHEMA_VERSION {
        return Err(StoredError::Newer { schema });
    }
    // Schema 1 is the first; future upgrades transform `value` step by step here.
    serde_json::from_value(value).map_err(|e| StoredError::Unreadable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::large_build;

    #[test]
    fn records_round_trip_and_count_their_findings() {
        let mut build = large_build("api", 3);
        build.name = "Bad_Name".into();
        let record = BuildRecord::new("id-1".into(), Target::Zadig, build, 1000);
        let text = serde_json::to_string(&record).unwrap();
        assert_eq!(migrate::<BuildRecord>(&text).unwrap(), record);
        let summary = record.summary(&Context::default());
        assert_eq!((summary.errors, summary.sync), (1, SyncState::LocalOnly));
        assert_eq!(summary.services.len(), 3);
        let next = record.saved(Target::Zadig, record.build.clone(), 2000);
        assert_eq!((next.revision, next.updated_at, next.created_at), (2, 2000, 1000));
    }

    #[test]
    fn a_copy_kept_at_unload_supersedes_only_an_older_or_missing_draft() {
        let draft = |at: i64| Draft { schema: SCHEMA_VERSION, build_id: "b".into(), tab: "t".into(), base_revision: 1, updated_at: at, target: Target::Zadig, build: Build::default() };
        assert!(draft(5).supersedes(None));
        assert!(draft(5).supersedes(Some(&draft(4))));
        assert!(!draft(5).supersedes(Some(&draft(5))), "the IndexedDB write landed as well");
        assert!(!draft(5).supersedes(Some(&draft(6))));
    }

    #[test]
    fn a_draft_repeating_the_saved_build_is_told_from_one_with_later_edits() {
        let mut build = large_build("api", 1);
        build.variables[0].is_credential = true;
        build.variables[0].default_value = "s3cret".into();
        let saved = BuildRecord::new("b".into(), Target::Zadig, build.clone(), 1);
        let draft = |build: Build, tab: &str, target: Target| Draft { schema: SCHEMA_VERSION, build_id: "b".into(), tab: tab.into(), base_revision: 1, updated_at: 2, target, build };
        assert!(draft(build.masked(), "t", Target::Zadig).only_repeats(&saved, "t"), "stored masked, as drafts are");
        assert!(draft(build.clone(), "t", Target::Zadig).only_repeats(&saved, "t"), "or in clear, when the admin opted in");
        assert!(!draft(build.masked(), "other", Target::Zadig).only_repeats(&saved, "t"), "another tab's draft is its own");
        assert!(!draft(build.masked(), "t", Target::Nuon).only_repeats(&saved, "t"), "another backend is an edit");
        let mut later = build.clone();
        later.project_key = "edited-after-save".into();
        assert!(!draft(later.masked(), "t", Target::Zadig).only_repeats(&saved, "t"), "an edit made after Save was pressed");
    }

    #[test]
    fn newer_and_foreign_records_are_refused() {
        let newer = serde_json::json!({"schema": SCHEMA_VERSION + 1, "id": "x"}).to_string();
        assert_eq!(migrate::<BuildRecord>(&newer), Err(StoredError::Newer { schema: SCHEMA_VERSION + 1 }));
        assert!(matches!(migrate::<BuildRecord>("{\"name\": \"api\"}"), Err(StoredError::Unreadable(_))));
        assert!(matches!(migrate::<BuildRecord>("not json"), Err(StoredError::Unreadable(_))));
    }
}
