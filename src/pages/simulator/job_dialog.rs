//! The report of one job of a run, in a dialog: opened from the job table's ids and from the
//! Gantt chart's bars alike.

use std::sync::Arc;

use buildbay_core::simulate::Outcome;
use leptos::prelude::*;

use crate::components::dialog::Dialog;
use crate::components::job_report::{JobReport, JobStatusLine};

/// Which job's report is open, shared by everything in a run's results that names a job.
#[derive(Debug, Clone, Copy)]
pub struct OpenedJob {
    id: RwSignal<Option<String>>,
    shown: RwSignal<bool>,
}

impl OpenedJob {
    /// No report open.
    pub fn new() -> OpenedJob {
        OpenedJob { id: RwSignal::new(None), shown: RwSignal::new(false) }
    }

    /// Opens the report of the job called `id`.
    pub fn open(self, id: String) {
        self.id.set(Some(id));
        self.shown.set(true);
    }
}

/// The dialog with the opened job's report, from run `run` of `outcomes` (only that job is
/// copied out); `title` names the run ("Scenario A").
#[component]
pub fn JobDialog(outcomes: StoredValue<Arc<[Outcome; 2]>>, run: usize, opened: OpenedJob, title: &'static str) -> impl IntoView {
    let report = Signal::derive(move || {
        opened.id.with(|id| id.as_ref().and_then(|id| outcomes.with_value(|o| o[run].jobs.iter().find(|j| j.id == *id).cloned())))
    });
    view! {
        <Dialog open=opened.shown title=move || opened.id.get().map(|id| format!("Job {id}: {title}")).unwrap_or_default() id="sim-job-dialog">
            <JobStatusLine job=report />
            <JobReport job=report />
        </Dialog>
    }
}
