//! Application state shared by every page, provided as context by `App`.

mod job_draft;
mod lab;
mod settings;
mod started_jobs;
mod workspace;

pub use job_draft::JobDraft;
pub use lab::{ClearedJobs, Lab, cluster_model};
pub use settings::{Settings, kept_flag, kept_text};
pub use started_jobs::{StartedJob, StartedJobs};
pub use workspace::{TemplateDraft, TemplateSave, Toast, Workspace, WorkspaceStatus};

/// Milliseconds since the Unix epoch: the one clock the app passes into core.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
