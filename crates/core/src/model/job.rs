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
        }
    }
}

/// The branch to build for one of the build's repositories (by index in `Build::repos`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct BranchOverride {
    pub repo: usize,
    pub branch: String,
}

/// A value for one of the build's variables for this run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct JobInput {
    pub key: String,
    pub value: String,
}
