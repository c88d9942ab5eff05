//! The "Start a job" form as typed, kept while the console stays loaded: a look at another of
//! its pages loses nothing (a secret variable's value included: it lives in memory only, never
//! in storage).

use buildbay_core::Target;
use buildbay_core::model::{BranchOverride, Build, JobInput};
use buildbay_core::simulate::start::{default_branches, default_git_ref, default_inputs};
use leptos::prelude::*;

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
}

impl JobDraft {
    /// An empty form: no build chosen.
    pub fn new() -> JobDraft {
        JobDraft {
            chosen: RwSignal::new(String::new()),
            filled_for: RwSignal::new(String::new()),
            build: RwSignal::new(None),
            semantics: RwSignal::new(Target::Zadig),
            services: RwSignal::new(Vec::new()),
            branches: RwSignal::new(Vec::new()),
            inputs: RwSignal::new(Vec::new()),
            git_ref: RwSignal::new(String::new()),
        }
    }

    /// Whether the fields already hold the record `id` as typed (the page was left and came back to).
    pub fn holds(&self, id: &str) -> bool {
        self.build.with_untracked(Option::is_some) && self.filled_for.with_untracked(|f| f == id)
    }

    /// Fills the fields from a build just chosen: its backend, every service, its repositories'
    /// branches (and the ref Nuon would build) and its variables' defaults.
    pub fn fill(&self, id: String, target: Target, build: Build) {
        self.semantics.set(target);
        self.services.set(build.services.iter().map(|s| s.name.clone()).collect());
        self.branches.set(default_branches(&build));
        self.git_ref.set(default_git_ref(&build));
        self.inputs.set(default_inputs(&build));
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
