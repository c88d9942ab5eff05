//! Workflow tasks: the status vocabulary (`aslan/config/consts.go`), the roll-up precedence of
//! stages and workflows, and the task detail (`WorkflowTaskPreview`) a build job appears in.

use serde::{Deserialize, Serialize};


string_enum! {
    /// Status of a workflow task, stage or job, spelled exactly as Zadig does.
    pub enum TaskStatus {
        Disabled = "disabled",
        Created = "created",
        Running = "running",
        Passed = "passed",
        Skipped = "skipped",
        Failed = "failed",
        Timeout = "timeout",
        Cancelled = "cancelled",
        Pause = "pause",
        Waiting = "waiting",
        Queued = "queued",
        Blocked = "blocked",
        Pending = "pending",
        Changed = "changed",
        NotRun = "notRun",
        Prepare = "prepare",
        Reject = "reject",
        Distributed = "distributed",
        WaitForApproval = "wait_for_approval",
        DebugBefore = "debug_before",
        DebugAfter = "debug_after",
        Unstable = "unstable",
        WaitForManualErrorHandling = "wait_for_manual_error_handling",
    }
}

impl TaskStatus {
    /// `FailedStatus()`: failed, timeout, cancelled, reject.
    pub fn is_failed(&self) -> bool {
        matches!(self, TaskStatus::Failed | TaskStatus::Timeout | TaskStatus::Cancelled | TaskStatus::Reject)
    }

    /// `CompletedStatus()`: passed, failed, timeout, cancelled, reject.
    pub fn is_completed(&self) -> bool {
        matches!(self, TaskStatus::Passed) || self.is_failed()
    }

    /// Whether the status will not change any more (completed, skipped or unstable).
    pub fn is_terminal(&self) -> bool {
        self.is_completed() || matches!(self, TaskStatus::Skipped | TaskStatus::Unstable)
    }

    /// Rank in a stage's roll-up of its jobs (`updateStageStatus`): the highest wins.
    pub fn stage_rank(&self) -> u8 {
        match self {
            TaskStatus::Cancelled => 7,
            TaskStatus::Timeout => 6,
            TaskStatus::Failed => 5,
            TaskStatus::Pause => 4,
            TaskStatus::Reject => 3,
            TaskStatus::Passed => 2,
            TaskStatus::Unstable => 1,
            _ => 0,
        }
    }

    /// Rank in a workflow's roll-up of its stages (`updateworkflowStatus`).
    pub fn workflow_rank(&self) -> u8 {
        match self {
            TaskStatus::Pause => 7,
            TaskStatus::Reject => 6,
            TaskStatus::Cancelled => 5,
            TaskStatus::Timeout => 4,
            TaskStatus::Failed => 3,
            TaskStatus::Passed => 2,
            TaskStatus::Unstable => 1,
            _ => 0,
        }
    }

    /// A stage's status from its jobs' final statuses.
    pub fn roll_up_stage<'a>(jobs: impl IntoIterator<Item = &'a TaskStatus>) -> TaskStatus {
        jobs.into_iter().max_by_key(|s| s.stage_rank()).cloned().unwrap_or(TaskStatus::Skipped)
    }

    /// A workflow's status from its stages; a final `unstable` is reported as `passed`.
    pub fn roll_up_workflow<'a>(stages: impl IntoIterator<Item = &'a TaskStatus>) -> TaskStatus {
        match stages.into_iter().max_by_key(|s| s.workflow_rank()).cloned() {
            Some(TaskStatus::Unstable) => TaskStatus::Passed,
            Some(status) => status,
            None => TaskStatus::Skipped,
        }
    }
}

string_enum! {
    /// What a job does when it fails or times out (`JobErrorPolicy`).
    pub enum JobErrorPolicy {
        Stop = "stop",
        IgnoreError = "ignore_error",
        ManualCheck = "manual_check",
        Retry = "retry",
    }
}

/// `GET /openapi/workflows/custom/task`: a task with its stages and jobs (times in unix seconds).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkflowTask {
    pub task_id: i64,
    pub workflow_key: String,
    pub workflow_name: String,
    pub project_key: String,
    #[serde(skip_serializing_if = "is_unset")]
    pub status: TaskStatus,
    pub task_creator: String,
    pub create_time: i64,
    pub start_time: i64,
    pub end_time: i64,
    pub stages: Vec<WorkflowTaskStage>,
    pub error: String,
}

/// A stage of a task; stages run one after another.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkflowTaskStage {
    pub name: String,
    pub status: TaskStatus,
    pub start_time: i64,
    pub end_time: i64,
    pub parallel: bool,
    pub jobs: Vec<WorkflowTaskJob>,
    pub error: String,
}

/// One job of a stage; a build job runs once per selected service and module.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkflowTaskJob {
    /// `job-<stage>-<job>-<subtask>-<jobName>`.
    pub name: String,
    /// `<jobName>.<service>.<module>`.
    pub key: String,
    pub display_name: String,
    pub origin_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: TaskStatus,
    pub start_time: i64,
    pub end_time: i64,
    pub cost_seconds: i64,
    pub error: String,
    pub retry_count: i64,
    pub job_info: serde_json::Value,
}

fn is_unset(status: &TaskStatus) -> bool {
    status.as_str().is_empty()
}

#[cfg(test)]
mod tests {
    use super::TaskStatus::{self, *};

    #[test]
    fn stage_roll_up_follows_zadig_precedence() {
        assert_eq!(TaskStatus::roll_up_stage(&[Passed, Timeout, Failed]), Timeout);
        assert_eq!(TaskStatus::roll_up_stage(&[Passed, Unstable]), Passed);
        assert_eq!(TaskStatus::roll_up_stage(&[Unstable, Skipped]), Unstable);
        assert_eq!(TaskStatus::roll_up_stage(&[Failed, Cancelled]), Cancelled);
    }

    #[test]
    fn workflow_roll_up_reports_unstable_as_passed() {
        assert_eq!(TaskStatus::roll_up_workflow(&[Unstable, Skipped]), Passed);
        assert_eq!(TaskStatus::roll_up_workflow(&[Failed, Timeout]), Timeout);
        assert_eq!(TaskStatus::roll_up_workflow(&[Cancelled, Reject]), Reject);
    }

    #[test]
    fn unknown_statuses_are_kept_verbatim() {
        let s: TaskStatus = serde_json::from_str("\"brand_new\"").unwrap();
        assert_eq!(s, Other("brand_new".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"brand_new\"");
        assert_eq!(serde_json::to_string(&NotRun).unwrap(), "\"notRun\"");
    }
}
