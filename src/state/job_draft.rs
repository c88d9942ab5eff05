//! The "Start a job" form as typed, kept while the console stays loaded: a look at another of
//! its pages loses nothing (a secret variable's value included: it lives in memory only, never
//! in storage). Across a reload of the tab it comes back from session storage, every field but
//! a secret's value, so long as its build still asks for the same fields.

use buildbay_core::Target;
use buildbay_core::model::{BranchOverride, Build, JobInput};
use buildbay_core::simulate::start::{TypedStartForm, default_branches, default_git_ref, default_inputs};
use leptos::prelude::*;

/// Where this tab keeps the form across a reload.
const KEPT: &str = "buildbay.job-draft";

/// The form's fields, provided by `App` so they outlive the Jobs page.
#[derive(Debug, Clone, Copy)]
pub struct JobDraft {
    /// The chosen build's record id (empty for none).
    pub chosen: RwSignal<String>,
    /// The record id the fields below were filled from, so a return to the page keeps them.
    pub filled_for: RwSignal<String>,
    /// The build as it was when chosen: its services and variables make the form.
    pub build: RwSignal<Option<Build>>,
    pub semantics: RwSignal<Target>,
    pub services: RwSignal<Vec<String>>,
    /// A branch per repository the job checks out (a template build's per service), as typed.
    pub branches: RwSignal<Vec<BranchOverride>>,
    /// The build's variables with the values this job will use, as typed.
    pub inputs: RwSignal<Vec<JobInput>>,
    /// The ref a Nuon job builds, as typed (Nuon's request takes one ref, not a branch per repository).
    pub git_ref: RwSignal<String>,
    /// The form a reload of this tab found in session storage, until its build is filled in.
    kept: StoredValue<Option<TypedStartForm>>,
}

impl JobDraft {
    /// The form as this tab left it before a reload (its build chosen again, its fields put
    /// back once the build is loaded), else an empty one; kept in session storage as it changes.
    pub fn new() -> JobDraft {
        let session = crate::storage::session();
        let kept = session.as_ref().and_then(|s| s.get_item(KEPT).ok().flatten()).and_then(|text| serde_json::from_str::<TypedStartForm>(&text).ok());
        let draft = JobDraft {
            chosen: RwSignal::new(kept.as_ref().map(|k| k.chosen.clone()).unwrap_or_default()),
            filled_for: RwSignal::new(String::new()),
            build: RwSignal::new(None),
            semantics: RwSignal::new(Target::Zadig),
            services: RwSignal::new(Vec::new()),
            branches: RwSignal::new(Vec::new()),
            inputs: RwSignal::new(Vec::new()),
            git_ref: RwSignal::new(String::new()),
            kept: StoredValue::new(kept),
        };
        Effect::new(move |_| draft.keep());
        draft
    }

    /// Writes the form to session storage (nothing while no build is filled in: a form not
    /// shown yet, or one a reload is about to put back, is not written over).
    fn keep(&self) {
        let Some(session) = crate::storage::session() else { return };
        let chosen = self.chosen.get();
        let filled = self.filled_for.get();
        if chosen.is_empty() {
            let _ = session.remove_item(KEPT);
            return;
        }
        if filled != chosen {
            return;
        }
        let typed = TypedStartForm { chosen, semantics: self.semantics.get(), services: self.services.get(), branches: self.branches.get(), inputs: self.inputs.get(), git_ref: self.git_ref.get() };
        let Some(form) = self.build.with(|b| b.as_ref().map(|b| typed.without_secrets(b))) else { return };
        if let Ok(text) = serde_json::to_string(&form) {
            let _ = session.set_item(KEPT, &text);
        }
    }

    /// Whether the fields already hold the record `id` as typed (the page was left and came back to).
    pub fn holds(&self, id: &str) -> bool {
        self.build.with_untracked(Option::is_some) && self.filled_for.with_untracked(|f| f == id)
    }

    /// Fills the fields from a build just chosen: its backend, every service, its repositories'
    /// branches (and the ref Nuon would build) and its variables' defaults.
    /// After a reload, the fields come back as typed instead, a secret's value from the build,
    /// when the build still lays out the same fields.
    pub fn fill(&self, id: String, target: Target, build: Build) {
        let kept = self.kept.try_update_value(Option::take).flatten().and_then(|k| k.restored_over(&id, &build));
        match kept {
            Some(kept) => {
                self.semantics.set(kept.semantics);
                self.services.set(kept.services);
                self.branches.set(kept.branches);
                self.git_ref.set(kept.git_ref);
                self.inputs.set(kept.inputs);
            }
            None => {
                self.semantics.set(target);
                self.services.set(build.services.iter().map(|s| s.name.clone()).collect());
                self.branches.set(default_branches(&build));
                self.git_ref.set(default_git_ref(&build));
                self.inputs.set(default_inputs(&build));
            }
        }
        self.filled_for.set(id);
        self.build.set(Some(build));
    }

    /// Takes the chosen build with its template applied, once that template is stored: its
    /// variables are the template's, so their values start from its defaults; the services,
    /// branch and semantics stay as chosen.
    pub fn apply_template(&self, build: Build) {
        self.inputs.set(default_inputs(&build));
        self.build.set(Some(build));
    }

    /// Forgets the build's fields once no build is chosen (the choice itself is the caller's:
    /// an effect that reads it must not write it).
    pub fn clear(&self) {
        self.filled_for.set(String::new());
        self.build.set(None);
    }
}

impl Default for JobDraft {
    fn default() -> JobDraft {
        JobDraft::new()
    }
}
