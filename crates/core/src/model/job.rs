//! A build job: one run of a build, with the choices made when starting it.

use serde::{Deserialize, Serialize};

use crate::target::Target;

/// A request to run a build: which services, which branches, which variable values, and whose
/// semantics (queueing, statuses, timeouts) apply.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Job {
    pub id: String,
    /// The build to run, by name.
    pub build: String,
    pub project_key: String,
    pub semantics: Target,
    /// Zadig: the workflow and the build job's name inside it.
    pub workflow_key: String,
    pub job_name: String,
    /// Services (name, module) to build; empty means every service of the build.
    pub services: Vec<(String, String)>,
    pub branches: Vec<BranchOverride>,
    pub inputs: Vec<JobInput>,
    /// Nuon: the ref to build, as its build request's `git_ref`; empty builds the build's own
    /// (its git ref, else its first repository's branch, or the latest commit with `use_latest`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub git_ref: String,
}

impl Default for Job {
    fn default() -> Job {
        Job {
            id: String::new(),
            build: String::new(),
            project_key: String::new(),
            semantics: Target::Zadig,
            workflow_key: String::new(),
            job_name: String::new(),
            services: Vec::new(),
            branches: Vec::new(),
            inputs: Vec::new(),
            git_ref: String::new(),
        }
    }
}

/// The branch to build for one of the build's repositories (by index in `Build::repos`, or in
/// a service's `repos` when `service` names it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct BranchOverride {
    pub repo: usize,
    pub branch: String,
    /// The service whose repository this is, as a template build's repositories are per
    /// service (Zadig's run request gives `repo_info` per service); empty for the build's own.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub service: String,
}

/// A value for one of the build's variables for this run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct JobInput {
    pub key: String,
    pub value: String,
    /// The service this value is for, as Zadig's run request gives inputs per service; empty
    /// for every service the job runs.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub service: String,
}

impl JobInput {
    /// A multi-select's chosen options: the value lists them comma-separated, as the start
    /// form writes it and a job record keeps it.
    pub fn picked(&self) -> impl Iterator<Item = &str> {
        self.value.split(',').map(str::trim).filter(|s| !s.is_empty())
    }

    /// The value with `option` ticked or not, the options kept in the variable's order so the
    /// same choice always reads the same.
    pub fn toggled(&self, options: &[String], option: &str, on: bool) -> String {
        let keep = |o: &str| if o == option { on } else { self.picked().any(|p| p == o) };
        options.iter().filter(|o| keep(o)).map(String::as_str).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::JobInput;

    #[test]
    fn ticking_options_keeps_the_variables_order() {
        let options = ["a", "b", "c"].map(String::from);
        let input = JobInput { key: "k".into(), value: "c".into(), ..JobInput::default() };
        assert_eq!(input.toggled(&options, "a", true), "a, c");
        let input = JobInput { value: "a, c".into(), ..input };
        assert_eq!(input.toggled(&options, "c", false), "a");
        assert_eq!(input.toggled(&options, "b", true), "a, b, c");
        assert_eq!(JobInput { value: " a ,, b".into(), ..input }.picked().collect::<Vec<_>>(), ["a", "b"]);
    }
}
