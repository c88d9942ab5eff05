//! Huawei ServiceStage build jobs (the "assembling" API, from Huawei's documentation; no
//! source is public): `POST /assembling/v1/jobs` and what it answers. Creating a job does not
//! start it; `POST /assembling/v1/jobs/{job_id}/builds` does.

use serde::{Deserialize, Serialize};

use crate::wire::is_false;

/// Build architectures.
pub const ARCHES: [&str; 2] = ["x86_64", "aarch64"];
/// Repository kinds the documentation names (`repo_type`), compared case-insensitively.
pub const REPO_TYPES: [&str; 5] = ["DevCloud", "Gitee", "GitHub", "GitLab", "Bitbucket"];
/// Longest `job_description`, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 64;

/// Create (or, with `PUT /assembling/v1/jobs/{job_id}`, update) a build job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateJobRequest {
    /// 2–64 letters, digits, `-` and `_`, starting with a letter and ending with a letter or digit.
    pub job_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub job_description: String,
    /// Required, even when every field inside it is empty.
    pub environment_setting: Option<EnvironmentSetting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_repo: Option<CodeRepo>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub enterprise_project_id: String,
}

/// Where and how the job builds; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnvironmentSetting {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub docker_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cluster_id: String,
    #[serde(skip_serializing_if = "is_false")]
    pub use_public_cluster: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cluster_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_os: Option<BuildOs>,
}

/// The build architecture.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildOs {
    pub arch: String,
}

/// The repository to build; when present, all four fields are required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CodeRepo {
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
    pub branch: String,
    pub namespace: String,
}

/// `200` answer to a create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobCreated {
    pub job_id: String,
    pub job_name: String,
    pub job_description: String,
    pub cluster_name: String,
    pub cluster_id: String,
    pub created_at: String,
}

string_enum! {
    /// State of a build instance or of one of its phases.
    pub enum BuildState {
        NotStarted = "NotStarted",
        Queuing = "Queuing",
        Building = "Building",
        Pushing = "Pushing",
        Successful = "Successful",
        Failed = "Failed",
        Timeout = "Timeout",
        Cancel = "Cancel",
        Deleted = "Deleted",
    }
}

impl BuildState {
    /// Whether the build has ended.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            BuildState::Successful | BuildState::Failed | BuildState::Timeout | BuildState::Cancel | BuildState::Deleted
        )
    }
}

/// The phases of a build, in order.
pub const PHASES: [&str; 6] = ["Init", "Download", "PreProcess", "Build", "Artifact", "PostProcess"];

/// `POST /assembling/v1/jobs/{job_id}/builds`: the started build instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildStarted {
    pub build_id: String,
    pub job_id: String,
    pub job_name: String,
    pub index: i64,
    /// e.g. `2025-11-14 09:06:28 +0000 UTC`.
    pub started_at: String,
    pub ended_at: String,
    pub duration: i64,
    pub state: BuildState,
    pub progress: f64,
    pub commit_id: String,
    pub committer: String,
}

/// A phase of a build (`GET /assembling/v1/builds/{build_id}/phases`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Phase {
    pub id: String,
    pub name: String,
    pub state: BuildState,
}

/// The error body, `{"error_code": "SVCSTG.CPE.5004401", "error_msg": "..."}` (inferred from CSE docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    pub error_code: String,
    pub error_msg: String,
}
