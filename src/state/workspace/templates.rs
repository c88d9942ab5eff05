//! Storing build templates: saved, renamed, deleted and imported, kept in memory whatever
//! storage does, so a storage failure loses nothing typed.

use std::collections::HashMap;

use buildbay_core::model::Template;
use buildbay_core::workspace::{TemplateRecord, copy_name, new_template, next_free_name};
use serde::{Deserialize, Serialize};

use leptos::prelude::*;

use super::Workspace;
use crate::state::now_ms;
use crate::storage::{Notice, StorageError, session};

/// Where the tab keeps its unsaved template texts across reloads.
const DRAFTS_KEY: &str = "buildbay.template-drafts";

/// A template's text typed and not saved, with whether it holds a secret (read once, as typed),
/// which decides whether it may go to session storage.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateDraft {
    pub text: String,
    pub holds_secret: bool,
}

/// The unsaved template texts this tab kept before a reload.
pub(super) fn restored_drafts() -> HashMap<String, TemplateDraft> {
    session().and_then(|s| s.get_item(DRAFTS_KEY).ok().flatten()).and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
}

/// What saving a template came to.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateSave {
    /// Stored, as of this `updated_at`.
    Saved(i64),
    /// Another tab saved it since this one loaded it; nothing was written. Its version is the
    /// one now listed.
    Conflict(Box<TemplateRecord>),
}

impl Workspace {
    /// The stored template of this name.
    pub fn template(&self, name: &str) -> Option<TemplateRecord> {
        self.templates.with_untracked(|t| t.iter().find(|r| r.name() == name).cloned())
    }

    /// The stored template `build` is made from, if it is a template build and that template is
    /// stored: its jobs and scenario entries run with the template's settings.
    pub fn template_of(&self, build: &buildbay_core::model::Build) -> Option<Template> {
        build.template_name.as_deref().and_then(|t| self.template(t)).map(|r| r.template)
    }

    /// The text typed for this template and not saved, if any.
    pub fn template_draft(&self, name: &str) -> Option<String> {
        self.template_drafts.with_value(|d| d.get(name).map(|draft| draft.text.clone()))
    }

    /// Keeps (or, with `None`, forgets) the unsaved text of a template, in memory and in the
    /// tab's session storage; a text holding a secret goes to storage only when Settings says to
    /// remember secrets.
    pub fn keep_template_draft(&self, name: &str, draft: Option<TemplateDraft>) {
        self.template_drafts.update_value(|d| match draft {
            Some(t) => {
                d.insert(name.to_string(), t);
            }
            None => {
                d.remove(name);
            }
        });
        let secrets = self.settings.remember_secrets.get_untracked();
        let json = self.template_drafts.with_value(|d| {
            let kept: HashMap<&String, &TemplateDraft> = d.iter().filter(|(_, t)| secrets || !t.holds_secret).collect();
            serde_json::to_string(&kept)
        });
        if let (Some(session), Ok(json)) = (session(), json) {
            // Session storage full or refused: the text stays in memory, as before.
            let _ = session.set_item(DRAFTS_KEY, &json);
        }
    }

    /// What storage keeps of a template: credential defaults masked unless the admin opted in.
    fn template_for_storage(&self, record: &TemplateRecord) -> TemplateRecord {
        if self.settings.remember_secrets.get_untracked() {
            record.clone()
        } else {
            TemplateRecord { template: record.template.masked(), ..record.clone() }
        }
    }

    /// Stores a new, empty template under the first free name from `new-template`; returns
    /// that name, for the editor to open.
    pub async fn create_template(&self) -> Result<String, StorageError> {
        self.opened().await;
        let name = next_free_name("new-template", |n| self.template(n).is_some());
        self.save_template(new_template(name.clone()), None, None).await.map(|_| name)
    }

    /// Saves `template`, replacing the one stored as `replacing` (its name before this edit) if
    /// that is still the version `expected` (its `updated_at`; `None` saves over anything).
    pub async fn save_template(&self, template: Template, replacing: Option<String>, expected: Option<i64>) -> Result<TemplateSave, StorageError> {
        self.opened().await;
        let record = TemplateRecord::new(template, now_ms());
        let stored = match self.storage() {
            Some(storage) => storage.put_template(&self.template_for_storage(&record), replacing.as_deref(), expected).await,
            None => Ok(None),
        };
        match stored {
            Ok(Some(theirs)) => {
                self.templates.update(|list| {
                    list.retain(|r| r.name() != theirs.name());
                    list.push(theirs.clone());
                });
                return Ok(TemplateSave::Conflict(Box::new(theirs)));
            }
            Ok(None) => self.broadcast.with_value(|b| b.send(&Notice::TemplatesChanged { tab: self.tab() })),
            Err(ref e) => self.problem.set(Some(e.to_string())),
        }
        // Kept in memory even when storage failed, so nothing typed is lost.
        self.templates.update(|list| {
            list.retain(|r| Some(r.name()) != replacing.as_deref() && r.name() != record.name());
            list.push(record.clone());
        });
        let mut changed = vec![record.name().to_string()];
        changed.extend(replacing);
        self.recount_template_builds(&changed).await;
        stored.map(|_| TemplateSave::Saved(record.updated_at))
    }

    /// Takes again the list's counts of the builds made from these templates, which validate
    /// against them (an input a template now requires, one it no longer has).
    async fn recount_template_builds(&self, templates: &[String]) {
        let templates: std::collections::HashSet<&str> = templates.iter().map(String::as_str).collect();
        let ids: Vec<String> = self.catalog.with_untracked(|c| {
            c.entries().iter().filter(|s| !s.template.is_empty() && templates.contains(s.template.as_str())).map(|s| s.id.clone()).collect()
        });
        if ids.is_empty() {
            return;
        }
        // All in one go: one at a time, a template used by 2,000 builds kept the list
        // re-sorting for 4 s after each save.
        let context = self.context();
        let summaries: Vec<_> = self.load_all(&ids).await.iter().map(|record| record.summary(&context)).collect();
        if let Some(storage) = self.storage() {
            let _ = storage.put_summaries(&summaries).await;
        }
        self.catalog.update(|c| c.upsert_all(summaries));
    }

    /// Reads the templates again after another tab changed them.
    pub(super) async fn reload_templates(&self) {
        if let Some(storage) = self.storage()
            && let Ok((records, _)) = storage.templates().await
        {
            self.templates.set(records);
        }
    }

    /// Deletes a template; returns it, for an undo.
    pub async fn delete_template(&self, name: &str) -> Result<Option<TemplateRecord>, StorageError> {
        self.opened().await;
        let removed = self.template(name);
        self.templates.update(|list| list.retain(|r| r.name() != name));
        if let Some(storage) = self.storage() {
            storage.delete_template(name).await?;
            self.broadcast.with_value(|b| b.send(&Notice::TemplatesChanged { tab: self.tab() }));
        }
        self.recount_template_builds(&[name.to_string()]).await;
        Ok(removed)
    }

    /// Stores imported templates, each under a free name (a taken one gets `-copy`), all in
    /// one go, and kept in memory whatever storage does; returns the names they were stored
    /// under. One at a time, each was checked against every other and told to other tabs apart:
    /// 2,000 took 46 s.
    pub async fn import_templates(&self, templates: Vec<Template>) -> Result<Vec<String>, StorageError> {
        self.opened().await;
        if templates.is_empty() {
            return Ok(Vec::new());
        }
        let mut taken: std::collections::HashSet<String> = self.templates.with_untracked(|t| t.iter().map(|r| r.name().to_string()).collect());
        let now = now_ms();
        let records: Vec<TemplateRecord> = templates
            .into_iter()
            .map(|mut template| {
                template.name = copy_name_if_taken(&template.name, |n| taken.contains(n));
                taken.insert(template.name.clone());
                TemplateRecord::new(template, now)
            })
            .collect();
        let stored = match self.storage() {
            Some(storage) => storage.insert_templates(&records.iter().map(|r| self.template_for_storage(r)).collect::<Vec<_>>()).await,
            None => Ok(()),
        };
        match &stored {
            Ok(()) => self.broadcast.with_value(|b| b.send(&Notice::TemplatesChanged { tab: self.tab() })),
            Err(e) => self.problem.set(Some(e.to_string())),
        }
        let names: Vec<String> = records.iter().map(|r| r.name().to_string()).collect();
        self.templates.update(|list| list.extend(records));
        self.recount_template_builds(&names).await;
        stored.map(|()| names)
    }
}

/// `name` itself when free, else a free copy name (`template` for a template without a name).
fn copy_name_if_taken(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if name.trim().is_empty() {
        next_free_name("template", taken)
    } else if taken(name) {
        copy_name(name, taken)
    } else {
        name.to_string()
    }
}
