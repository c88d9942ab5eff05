//! Starting a build job in the simulation: the console's job record is checked against its
//! build by the job rules, then turned into the build as this run sees it (branches and
//! variable values applied, secrets masked) and the engine's job specification.

use super::scenario::JobSpec;
use crate::diagnostic::Source;
use crate::model::{BranchOverride, Build, Job, JobInput};
use crate::validate::validate_job;
use crate::{Diagnostic, Target};
use serde::{Deserialize, Serialize};

/// What the engine runs for a started job: the build as the run sees it, and the job's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The build with the job's branches and variable values, secrets masked: the simulation
    /// has no use for them, and the run is kept in browser storage.
    pub build: Build,
    pub spec: JobSpec,
}

/// The values a job of `build` starts with, as the start form shows them: each variable's
/// default (a multi-select's chosen values comma-separated, as [`prepare_run`] reads them
/// back), then, for a variable a template build's services give differently, each of those
/// services' own value, as Zadig's run request gives inputs per service.
pub fn default_inputs(build: &Build) -> Vec<JobInput> {
    let value = |v: &crate::model::Variable| if v.kind == "multi-select" { v.choice_values.join(", ") } else { v.default_value.clone() };
    let common = build.variables.iter().map(|v| JobInput { key: v.key.clone(), value: value(v), ..JobInput::default() });
    let per_service = build.variables.iter().flat_map(|v| {
        let given: Vec<(&str, &str)> =
            build.services.iter().filter_map(|s| s.inputs.iter().find(|i| i.key == v.key).map(|i| (s.name.as_str(), i.value.as_str()))).collect();
        let differ = given.windows(2).any(|w| w[0].1 != w[1].1);
        given.into_iter().filter(move |_| differ).map(|(service, value)| JobInput { key: v.key.clone(), value: value.to_string(), service: service.to_string() })
    });
    common.chain(per_service).collect()
}

/// Where in `inputs` the values of `key` for single services stand (the start form shows them
/// in place of the one for every service), with the service each is for: none unless a job
/// of `semantics` runs the build's services one by one, which only Zadig's does.
pub fn per_service_inputs<'a>(inputs: &'a [JobInput], key: &'a str, semantics: Target) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let one_by_one = takes_services(semantics);
    inputs.iter().enumerate().filter(move |(_, i)| one_by_one && i.key == key && !i.service.is_empty()).map(|(n, i)| (n, i.service.as_str()))
}

/// The branches a job of `build` starts with, one per repository it can check out: the build's
/// own, then each service's own (a template build's), each from the branch the build gives.
pub fn default_branches(build: &Build) -> Vec<BranchOverride> {
    let own = build.repos.iter().enumerate().map(|(repo, r)| BranchOverride { repo, branch: r.branch.clone(), service: String::new() });
    let per_service =
        build.services.iter().flat_map(|s| s.repos.iter().enumerate().map(|(repo, r)| BranchOverride { repo, branch: r.branch.clone(), service: s.name.clone() }));
    own.chain(per_service).collect()
}

/// Whether a job of `semantics` runs the build's services one by one: only Zadig's run request
/// names services; the other backends build the build once, from its first repository.
pub fn takes_services(semantics: Target) -> bool {
    semantics == Target::Zadig
}

/// Whether the start form asks for `branch` under `semantics`: Zadig's run request takes a
/// branch per repository; Rainbond and ServiceStage send only the build's first repository
/// ([`Build::primary_repo`]); Nuon builds a git ref instead ([`takes_git_ref`]).
pub fn takes_branch(build: &Build, semantics: Target, branch: &BranchOverride) -> bool {
    match semantics {
        Target::Zadig => true,
        Target::Nuon => false,
        Target::Rainbond | Target::ServiceStage => branch.repo == 0 && build.primary_repo_owner() == Some(branch.service.as_str()),
    }
}

/// A branch field the start form shows for a job of `semantics`: where in the job's branches
/// it stands, its label, and the service whose untick hides it (empty: always shown, as for a
/// backend that runs no services one by one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchFieldShown {
    pub index: usize,
    pub label: String,
    pub hidden_with: String,
}

/// The branch fields the start form shows of `typed` (the job's branches, one per repository):
/// those `semantics` takes ([`takes_branch`]), each named by [`branch_label`].
pub fn branch_fields(build: &Build, semantics: Target, typed: &[BranchOverride]) -> Vec<BranchFieldShown> {
    let shown: Vec<(usize, &BranchOverride)> = typed.iter().enumerate().filter(|(_, b)| takes_branch(build, semantics, b)).collect();
    let count = shown.len();
    shown
        .into_iter()
        .map(|(index, b)| BranchFieldShown {
            index,
            label: branch_label(build, b, count),
            hidden_with: if takes_services(semantics) { b.service.clone() } else { String::new() },
        })
        .collect()
}

/// Whether the start form asks for a git ref: Nuon's build request takes one, unless the build
/// builds the latest commit (`use_latest`), where Nuon replaces whatever ref it is given.
pub fn takes_git_ref(build: &Build, semantics: Target) -> bool {
    semantics == Target::Nuon && !build.nuon.use_latest
}

/// The git ref a Nuon job of `build` starts with, as Nuon's request would carry it: the build's
/// own, else its first repository's branch; empty when it gives neither (or builds the latest).
pub fn default_git_ref(build: &Build) -> String {
    crate::convert::nuon::requested_git_ref(build).unwrap_or_default()
}

/// How the start form names the branch field of `branch`: plain "Branch" when the job checks
/// out one repository (`fields` is how many the form shows), else whose repository it is.
pub fn branch_label(build: &Build, branch: &BranchOverride, fields: usize) -> String {
    if fields <= 1 {
        return "Branch".into();
    }
    let repo = build.repos_of(&branch.service).and_then(|r| r.get(branch.repo)).map_or_else(|| format!("repository {}", branch.repo + 1), super::plan::repo_name);
    if branch.service.is_empty() { format!("Branch of {repo}") } else { format!("Branch of {repo} ({})", branch.service) }
}

/// The job the start form describes, or why it cannot start (at `/build`, `/services` or
/// `/git_ref`): the form lists services by name, while a job names none to mean "every one", so
/// ticking them all and ticking none must not read alike. Only what `semantics` takes is read
/// (services, a branch per repository and values per service for Zadig; a git ref for Nuon),
/// so a field the form does not show never refuses a job. A build still made from a template
/// (the form applies a stored template to it) cannot run: Zadig runs such a build with its
/// template's tools, script and resources, which are not at hand.
pub fn job_from_form(build: Option<&Build>, semantics: Target, picked: &[String], branches: &[BranchOverride], inputs: Vec<JobInput>, git_ref: &str) -> Result<Job, Vec<Diagnostic>> {
    let refuse = |path: &str, code: &str, message: String| Err(vec![Diagnostic::error(path, code, Source::Runtime, message)]);
    let Some(build) = build else { return refuse("/build", "required", "Choose a build to run.".into()) };
    if let Some(template) = &build.template_name {
        return refuse(
            "/build",
            "template-not-stored",
            format!("Template `{template}` is not stored here, and a build made from it runs with the template's tools, script and resources: create or import it on the Templates page first."),
        );
    }
    let asks_ref = takes_git_ref(build, semantics);
    let git_ref = if asks_ref { git_ref.trim().to_string() } else { String::new() };
    if asks_ref && git_ref.is_empty() && !default_git_ref(build).is_empty() {
        return refuse("/git_ref", "required", "The git ref is required: a branch, tag or commit.".into());
    }
    let (services, inputs) = if takes_services(semantics) {
        let every = build.services.iter().all(|s| picked.contains(&s.name));
        if !build.services.is_empty() && !build.services.iter().any(|s| picked.contains(&s.name)) {
            return Err(vec![Diagnostic::error("/services", "no-service", Source::Server, "Choose at least one service.")]);
        }
        let services = if every { Vec::new() } else { build.services.iter().filter(|s| picked.contains(&s.name)).map(|s| (s.name.clone(), s.module.clone())).collect() };
        (services, inputs)
    } else {
        // One run of the build: a value per service has nowhere to go.
        (Vec::new(), inputs.into_iter().filter(|i| i.service.is_empty()).collect())
    };
    let branches = branches.iter().filter(|b| takes_branch(build, semantics, b)).map(|b| BranchOverride { branch: b.branch.trim().to_string(), ..b.clone() }).collect();
    Ok(Job { build: build.name.clone(), semantics, services, branches, inputs, git_ref, ..Job::default() })
}

/// Checks `job` against `build` and prepares its run at `submit` seconds; the job rules'
/// errors (an unknown service, an invalid branch, a value that is not an option…) otherwise.
pub fn prepare_run(job: &Job, build: &Build, submit: f64) -> Result<Run, Vec<Diagnostic>> {
    let problems = validate_job(job, build);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    // A template build's services give their own values: a value for every service replaces
    // them only once changed from the form's default (which is the first service's), and a
    // value for one service replaces that service's.
    let defaults = default_inputs(build);
    let changed = |input: &JobInput| !defaults.iter().any(|d| d.key == input.key && d.service.is_empty() && d.value == input.value);
    let mut build = build.clone();
    for input in job.inputs.iter().filter(|i| i.service.is_empty() && changed(i)) {
        for given in build.services.iter_mut().flat_map(|s| s.inputs.iter_mut()).filter(|g| g.key == input.key) {
            given.value = input.value.clone();
        }
    }
    for input in job.inputs.iter().filter(|i| !i.service.is_empty()) {
        let is_credential = build.is_secret_variable(&input.key);
        let Some(service) = build.services.iter_mut().find(|s| s.name == input.service) else { continue };
        match service.inputs.iter_mut().find(|g| g.key == input.key) {
            Some(given) => given.value = input.value.clone(),
            None => service.inputs.push(crate::model::ServiceInput { key: input.key.clone(), value: input.value.clone(), is_credential, ..Default::default() }),
        }
    }
    for b in &job.branches {
        if let Some(repo) = build.repos_of_mut(&b.service).and_then(|r| r.get_mut(b.repo)) {
            repo.branch = b.branch.trim().to_string();
        }
    }
    if job.semantics == Target::Nuon && !job.git_ref.trim().is_empty() {
        build.nuon.git_ref = Some(job.git_ref.trim().to_string());
    }
    for input in job.inputs.iter().filter(|i| i.service.is_empty()) {
        if let Some(v) = build.variables.iter_mut().find(|v| v.key == input.key) {
            if v.kind == "multi-select" {
                v.choice_values = input.picked().map(String::from).collect();
            } else {
                v.default_value = input.value.clone();
            }
        }
    }
    let mut services: Vec<String> = Vec::new();
    for (name, _) in &job.services {
        if !services.contains(name) {
            services.push(name.clone());
        }
    }
    let spec = JobSpec { id: job.id.clone(), build: build.name.clone(), submit, semantics: Some(job.semantics), services, ..JobSpec::default() };
    Ok(Run { build: build.masked(), spec })
}

/// The start form as typed, as a tab keeps it across a reload: every field but a secret's value
/// (never kept), for the build chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypedStartForm {
    /// The chosen build's record id.
    pub chosen: String,
    pub semantics: Target,
    pub services: Vec<String>,
    pub branches: Vec<BranchOverride>,
    pub inputs: Vec<JobInput>,
    pub git_ref: String,
}

impl TypedStartForm {
    /// The form as it may be kept: each of `build`'s secrets' values left out.
    pub fn without_secrets(mut self, build: &Build) -> TypedStartForm {
        for input in self.inputs.iter_mut().filter(|i| build.is_secret_variable(&i.key)) {
            input.value.clear();
        }
        self
    }

    /// The form to put back once `build` (record `chosen`) is loaded again: None unless it was
    /// typed for that record and the build still lays out the same fields in the same places (its
    /// repositories' branches, its variables' inputs), which a kept form names only by place; a
    /// secret's value is the build's own, as a fresh form starts with.
    pub fn restored_over(self, chosen: &str, build: &Build) -> Option<TypedStartForm> {
        let (branches, mut inputs) = (default_branches(build), default_inputs(build));
        let same_branches = self.branches.len() == branches.len() && self.branches.iter().zip(&branches).all(|(a, b)| a.repo == b.repo && a.service == b.service);
        let same_inputs = self.inputs.len() == inputs.len() && self.inputs.iter().zip(&inputs).all(|(a, b)| a.key == b.key && a.service == b.service);
        if self.chosen != chosen || !same_branches || !same_inputs {
            return None;
        }
        for (input, typed) in inputs.iter_mut().zip(self.inputs) {
            if !build.is_secret_variable(&input.key) {
                input.value = typed.value;
            }
        }
        Some(TypedStartForm { inputs, ..self })
    }
}
