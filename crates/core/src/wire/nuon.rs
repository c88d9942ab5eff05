//! Nuon's component builds (`nuonco/nuon` ctl-api): the create request, the component build
//! with its single `runner_job`, runner jobs and executions, and the error envelope.
//!
//! Durations are Go `time.Duration`s, i.e. JSON integers in nanoseconds. Responses use
//! `omitzero`: zero values are left out.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::{is_false, is_zero};

/// Nanoseconds per second, for the `time.Duration` fields.
pub const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// `POST /v1/apps/{app_id}/components/{component_id}/builds`: `git_ref` is required unless
/// `use_latest` is true (validator tags `required_unless=UseLatest true`, `required_without=GitRef`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateBuildRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
    pub use_latest: bool,
}

string_enum! {
    /// `ComponentBuildStatus`; the create call answers `queued`, which is not in Nuon's enum.
    pub enum ComponentBuildStatus {
        Queued = "queued",
        Planning = "planning",
        Error = "error",
        Building = "building",
        Active = "active",
        Deleting = "deleting",
    }
}

string_enum! {
    /// A runner job's status.
    pub enum RunnerJobStatus {
        Queued = "queued",
        Available = "available",
        InProgress = "in-progress",
        Finished = "finished",
        Failed = "failed",
        TimedOut = "timed-out",
        NotAttempted = "not-attempted",
        Cancelled = "cancelled",
        Unknown = "unknown",
    }
}

impl RunnerJobStatus {
    /// Statuses a client treats as final failures (`failureStatuses`).
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            RunnerJobStatus::Failed
                | RunnerJobStatus::TimedOut
                | RunnerJobStatus::Cancelled
                | RunnerJobStatus::NotAttempted
                | RunnerJobStatus::Unknown
        )
    }

    /// Whether the job will not change any more unless retried.
    pub fn is_terminal(&self) -> bool {
        *self == RunnerJobStatus::Finished || self.is_failure()
    }
}

string_enum! {
    /// A runner job execution's status; the first four are "running".
    pub enum ExecutionStatus {
        Pending = "pending",
        Initializing = "initializing",
        InProgress = "in-progress",
        CleaningUp = "cleaning-up",
        Finished = "finished",
        Failed = "failed",
        TimedOut = "timed-out",
        NotAttempted = "not-attempted",
        Cancelled = "cancelled",
        Unknown = "unknown",
    }
}

string_enum! {
    /// Runner job types; build jobs are the first five.
    pub enum RunnerJobType {
        DockerBuild = "docker-build",
        ContainerImageBuild = "container-image-build",
        TerraformModuleBuild = "terraform-module-build",
        HelmChartBuild = "helm-chart-build",
        NoopBuild = "noop-build",
        HealthCheck = "health-check",
        OciSync = "oci-sync",
        NoopSync = "noop-sync",
        TerraformDeploy = "terraform-deploy",
        HelmChartDeploy = "helm-chart-deploy",
        JobDeploy = "job-deploy",
        KubernetesManifestDeploy = "kubernetes-manifest-deploy",
        NoopDeploy = "noop-deploy",
        ShutDown = "shut-down",
        Noop = "noop",
        UpdateVersion = "update-version",
        SandboxTerraform = "sandbox-terraform",
        SandboxTerraformPlan = "sandbox-terraform-plan",
        SandboxSyncSecrets = "sandbox-sync-secrets",
        RunnerHelm = "runner-helm",
        RunnerTerraform = "runner-terraform",
        RunnerLocal = "runner-local",
        ActionsWorkflow = "actions-workflow",
        MngVmShutDown = "mng-vm-shut-down",
        MngShutDown = "mng-shut-down",
        MngRunnerUpdateVersion = "mng-runner-update-version",
        MngRunnerRestart = "mng-runner-restart",
    }
}

impl RunnerJobType {
    /// Nuon's default execution timeout for a job of this type, in seconds (`jobs_builds.go`).
    pub fn default_execution_timeout_seconds(&self) -> i64 {
        match self {
            RunnerJobType::DockerBuild | RunnerJobType::TerraformDeploy | RunnerJobType::SandboxTerraform => 3600,
            RunnerJobType::ContainerImageBuild
            | RunnerJobType::OciSync
            | RunnerJobType::HelmChartDeploy
            | RunnerJobType::KubernetesManifestDeploy
            | RunnerJobType::JobDeploy
            | RunnerJobType::RunnerTerraform => 900,
            _ => 300,
        }
    }
}

string_enum! {
    /// Runner job groups; the runner processes one job at a time per group.
    pub enum RunnerJobGroup {
        HealthChecks = "health-checks",
        Sync = "sync",
        Build = "build",
        Deploy = "deploy",
        Sandbox = "sandbox",
        Runner = "runner",
        Operations = "operations",
        Management = "management",
        Actions = "actions",
        Any = "any",
    }
}

string_enum! {
    /// What a runner job does; builds use `build`.
    pub enum RunnerJobOperation {
        Exec = "exec",
        Build = "build",
        CreateApplyPlan = "create-apply-plan",
        CreateTeardownPlan = "create-teardown-plan",
        ApplyPlan = "apply-plan",
        Unknown = "unknown",
    }
}

/// A component build (`app.ComponentBuild`) with its single runner job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComponentBuild {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub updated_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created_by_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub component_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub component_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub component_config_connection_id: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub component_config_version: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub git_ref: String,
    pub status: ComponentBuildStatus,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub status_description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runner_job: Option<RunnerJob>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vcs_connection_commit: Option<Value>,
}

/// A runner job (`app.RunnerJob`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunnerJob {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub updated_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub runner_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner_type: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub log_stream_id: String,
    /// Nanoseconds a job may stay queued before it is given up (`not-attempted`).
    #[serde(skip_serializing_if = "is_zero")]
    pub queue_timeout: i64,
    /// Nanoseconds a job may stay `available` before the attempt times out.
    #[serde(skip_serializing_if = "is_zero")]
    pub available_timeout: i64,
    /// Nanoseconds an execution may run before the attempt times out.
    #[serde(skip_serializing_if = "is_zero")]
    pub execution_timeout: i64,
    /// Nanoseconds from creation after which the job ends `timed-out` for good.
    #[serde(skip_serializing_if = "is_zero")]
    pub overall_timeout: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub execution_time: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub max_executions: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub execution_count: i64,
    pub status: RunnerJobStatus,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub status_description: String,
    #[serde(rename = "type")]
    pub kind: RunnerJobType,
    pub group: RunnerJobGroup,
    pub operation: RunnerJobOperation,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub started_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub finished_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub final_runner_job_execution_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub executions: Vec<RunnerJobExecution>,
}

impl RunnerJob {
    /// Nuon's `BeforeCreate` rule: an unset overall timeout is queue + max × (available + execution).
    pub fn derived_overall_timeout(&self) -> i64 {
        if self.overall_timeout != 0 {
            return self.overall_timeout;
        }
        let attempts = self.max_executions.max(1);
        self.queue_timeout
            .saturating_add(attempts.saturating_mul(self.available_timeout.saturating_add(self.execution_timeout)))
    }
}

/// One attempt at a runner job. Its id uses the `run` prefix, like runner ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunnerJobExecution {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub updated_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub runner_job_id: String,
    pub status: ExecutionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
}

/// The error envelope (`stderr.ErrResponse`); with `omitzero`, `false` and empty strings are omitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error: String,
    #[serde(skip_serializing_if = "is_false")]
    pub user_error: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}
