//! Starting a build job in the simulation: the console's job record is checked against its
//! build by the job rules, then turned into the build as this run sees it (branches and
//! variable values applied, secrets masked) and the engine's job specification.

use super::scenario::JobSpec;
use crate::diagnostic::Source;
use crate::model::{BranchOverride, Build, Job, JobInput};
use crate::validate::validate_job;
use crate::{Diagnostic, Target};

/// What the engine runs for a started job: the build as the run sees it, and the job's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The build with the job's branches and variable values, secrets masked: the simulation
    /// has no use for them, and the run is kept in browser storage.
    pub build: Build,
    pub spec: JobSpec,
}

/// The values a job of `build` starts with, as the start form shows them: each variable's
/// default, a multi-select's chosen values comma-separated (as [`prepare_run`] reads them back).
pub fn default_inputs(build: &Build) -> Vec<JobInput> {
    let value = |v: &crate::model::Variable| if v.kind == "multi-select" { v.choice_values.join(", ") } else { v.default_value.clone() };
    build.variables.iter().map(|v| JobInput { key: v.key.clone(), value: value(v) }).collect()
}

/// What the start form says under a variable whose value a template build's services give
/// differently: each service's own ("Per service: api eu, web us; …"), since the form shows only
/// the first's and a value left as it is keeps each service's. None when they all agree, and
/// for a secret, whose values are never shown.
pub fn per_service_note(build: &Build, key: &str) -> Option<String> {
    let given: Vec<(&str, &crate::model::ServiceInput)> =
        build.services.iter().filter_map(|s| s.inputs.iter().find(|i| i.key == key).map(|i| (s.name.as_str(), i))).collect();
    let secret = build.variables.iter().any(|v| v.key == key && v.is_credential) || given.iter().any(|(_, i)| i.is_credential);
    if secret || given.windows(2).all(|w| w[0].1.value == w[1].1.value) {
        return None;
    }
    let each: Vec<String> = given.iter().map(|(service, i)| format!("{service} {}", if i.value.is_empty() { "(empty)" } else { &i.value })).collect();
    Some(format!("Per service: {}; a value changed here runs for every service.", each.join(", ")))
}

/// The job the start form describes, or why it cannot start (at `/build` or `/services`): the
/// form lists services by name, while a job names none to mean "every one", so ticking them all
/// and ticking none must not read alike. A build still made from a template (the form applies
/// a stored template to it) cannot run: Zadig runs such a build with its template's tools,
/// script and resources, which are not at hand.
pub fn job_from_form(build: Option<&Build>, semantics: Target, picked: &[String], branch: &str, inputs: Vec<JobInput>) -> Result<Job, Vec<Diagnostic>> {
    let refuse = |code: &str, message: String| Err(vec![Diagnostic::error("/build", code, Source::Runtime, message)]);
    let Some(build) = build else { return refuse("required", "Choose a build to run.".into()) };
    if let Some(template) = &build.template_name {
        return refuse(
            "template-not-stored",
            format!("Template `{template}` is not stored here, and a build made from it runs with the template's tools, script and resources: create or import it on the Templates page first."),
        );
    }
    let every = build.services.iter().all(|s| picked.contains(&s.name));
    if !build.services.is_empty() && !build.services.iter().any(|s| picked.contains(&s.name)) {
        return Err(vec![Diagnostic::error("/services", "no-service", Source::Server, "Choose at least one service.")]);
    }
    let services = if every { Vec::new() } else { build.services.iter().filter(|s| picked.contains(&s.name)).map(|s| (s.name.clone(), s.module.clone())).collect() };
    let branches = if build.repos.is_empty() { Vec::new() } else { vec![BranchOverride { repo: 0, branch: branch.trim().to_string() }] };
    Ok(Job { build: build.name.clone(), semantics, services, branches, inputs, ..Job::default() })
}

/// Checks `job` against `build` and prepares its run at `submit` seconds; the job rules'
/// errors (an unknown service, an invalid branch, a value that is not an option…) otherwise.
pub fn prepare_run(job: &Job, build: &Build, submit: f64) -> Result<Run, Vec<Diagnostic>> {
    let problems = validate_job(job, build);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    // A template build's services give their own values; the form starts from the first's,
    // so a value changed there is the job's for every service, one left as it was is not.
    let defaults = default_inputs(build);
    let changed = |input: &JobInput| !defaults.iter().any(|d| d.key == input.key && d.value == input.value);
    let mut build = build.clone();
    for input in job.inputs.iter().filter(|i| changed(i)) {
        for given in build.services.iter_mut().flat_map(|s| s.inputs.iter_mut()).filter(|g| g.key == input.key) {
            given.value = input.value.clone();
        }
    }
    for b in &job.branches {
        if let Some(repo) = build.repos.get_mut(b.repo) {
            repo.branch = b.branch.trim().to_string();
        }
    }
    for input in &job.inputs {
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
