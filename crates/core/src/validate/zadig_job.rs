//! Rules for starting a build job: names, chosen services, branches and variable values.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Source};
use crate::model::{Build, Job};
use crate::target::Target;
use crate::validate::Checker;
use crate::validate::rules::{git_ref_problem, is_zadig_job_name, is_zadig_workflow_name};

/// Findings about `job` as a run of `build`; paths point into the console's job record.
pub(crate) fn job(job: &Job, build: &Build) -> Vec<Diagnostic> {
    let mut c = Checker::default();
    if job.semantics == Target::Zadig {
        if !job.job_name.is_empty() && !is_zadig_job_name(&job.job_name) {
            c.error(
                "/job_name",
                "invalid-name",
                Source::Server,
                format!("\"{}\" is not a Zadig job name: 1–32 lowercase letters, digits, '-' (or Chinese), starting with a letter.", job.job_name),
            );
        }
        if !job.workflow_key.is_empty() && !is_zadig_workflow_name(&job.workflow_key) {
            c.error("/workflow_key", "invalid-name", Source::Server, "Workflow names may contain only letters, digits and '-'.");
        }
    }
    let known: HashSet<(&str, &str)> = build.services.iter().map(|s| (s.name.as_str(), s.module.as_str())).collect();
    let mut seen = HashSet::new();
    for (i, (name, module)) in job.services.iter().enumerate() {
        let path = format!("/services/{i}");
        if !known.contains(&(name.as_str(), module.as_str())) {
            c.error(&path, "unknown-service", Source::Runtime, format!("{name}/{module} is not in the build's service list."));
        }
        if !seen.insert((name, module)) {
            c.error(&path, "duplicate", Source::Runtime, format!("{name}/{module} is chosen twice; Zadig refuses duplicate service modules."));
        }
    }
    for (i, b) in job.branches.iter().enumerate() {
        let path = format!("/branches/{i}");
        let given = match build.repos_of(&b.service) {
            None => {
                c.error(format!("{path}/service"), "unknown-service", Source::Runtime, format!("{} is not in the build's service list.", b.service));
                None
            }
            Some(repos) if b.repo >= repos.len() => {
                let whose = if b.service.is_empty() { "The build".to_string() } else { format!("Service {}", b.service) };
                c.error(format!("{path}/repo"), "unknown-repo", Source::Runtime, format!("{whose} has no repository number {}.", b.repo + 1));
                None
            }
            Some(repos) => Some(repos[b.repo].branch.trim()),
        };
        match (b.branch.trim(), given) {
            // Left empty where the build gives none, the branch is the backend's default
            // (Rainbond's request defaults it to `master`).
            ("", Some("")) => {}
            ("", _) => c.error(format!("{path}/branch"), "required", Source::Runtime, "The branch is required."),
            (branch, _) => {
                if let Some(problem) = git_ref_problem(branch) {
                    c.error(format!("{path}/branch"), "invalid-git-ref", Source::Runtime, format!("\"{}\" {problem}.", b.branch));
                }
            }
        }
    }
    git_ref(&mut c, job, build);
    for (i, input) in job.inputs.iter().enumerate() {
        let path = format!("/inputs/{i}");
        if !input.service.is_empty() && !build.services.iter().any(|s| s.name == input.service) {
            c.error(format!("{path}/service"), "unknown-service", Source::Runtime, format!("{} is not in the build's service list.", input.service));
        }
        match build.variables.iter().find(|v| v.key == input.key) {
            None => c.error(format!("{path}/key"), "unknown-variable", Source::Server, format!("param {} not found in the build's variables", input.key)),
            Some(v) if v.kind == "choice" && !v.choice_options.contains(&input.value) => c.error(
                format!("{path}/value"),
                "value-not-an-option",
                Source::Server,
                format!("invalid choice value {} for param {}: choose one of {}", input.value, v.key, v.choice_options.join(", ")),
            ),
            Some(v) if v.kind == "multi-select" => {
                for value in input.picked() {
                    if !v.choice_options.iter().any(|o| o == value) {
                        c.error(format!("{path}/value"), "value-not-an-option", Source::Server, format!("\"{value}\" is not one of the options of {}.", v.key));
                    }
                }
            }
            Some(_) => {}
        }
    }
    c.out
}

/// The ref a Nuon job builds: its own, else the build's (its git ref or first repository's
/// branch); Nuon refuses a request with neither unless it builds the latest commit. No other
/// backend's request carries one.
fn git_ref(c: &mut Checker, job: &Job, build: &Build) {
    let given = job.git_ref.trim();
    if job.semantics != Target::Nuon {
        if !given.is_empty() {
            c.error("/git_ref", "not-nuon", Source::Runtime, format!("Only Nuon builds a git ref; {} takes a branch per repository.", job.semantics.label()));
        }
        return;
    }
    if !crate::simulate::start::takes_git_ref(build, job.semantics) {
        return;
    }
    let built = if given.is_empty() { crate::simulate::start::default_git_ref(build) } else { given.to_string() };
    if built.is_empty() {
        c.error("/git_ref", "required", Source::Server, "Nuon builds a git ref: give a branch, tag or commit (Nuon answers \"invalid input for GitRef\").");
    } else if let Some(problem) = git_ref_problem(&built) {
        c.error("/git_ref", "invalid-git-ref", Source::Runtime, format!("\"{built}\" {problem}."));
    }
}
