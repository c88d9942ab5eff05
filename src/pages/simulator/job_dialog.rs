//! The report of one job of a run, in a dialog: opened from the job table's ids and from the
//! Gantt chart's bars alike.

use std::sync::Arc;

use buildbay_core::simulate::Outcome;
use buildbay_core::simulate::compare::{Side, listed};
use buildbay_core::simulate::scenario::JobFindings;
use leptos::prelude::*;

use super::problem_list::ProblemList;
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
/// copied out), and the findings about it from that run's `findings`, each place a button
/// into the text of `side`; `title` names the run ("Scenario A").
#[component]
pub fn JobDialog(outcomes: StoredValue<Arc<[Outcome; 2]>>, findings: StoredValue<Arc<[JobFindings; 2]>>, run: usize, side: Side, opened: OpenedJob, title: &'static str) -> impl IntoView {
    let report = Signal::derive(move || {
        opened.id.with(|id| id.as_ref().and_then(|id| outcomes.with_value(|o| o[run].jobs.iter().find(|j| j.id == *id).cloned())))
    });
    // What the scenario's checks said of this job, its build and the whole scenario: a warning
    // at the build's request is why a job waited until its timeout.
    let about = move || {
        report.with(|job| {
            let found = job.as_ref().map(|job| findings.with_value(|f| f[run].about(job))).unwrap_or_default();
            (!found.is_empty()).then(|| {
                view! {
                    <section class="left-out job-findings" aria-labelledby="job-findings-title">
                        <h2 id="job-findings-title">"Findings before the run"</h2>
                        <p>"What the scenario's checks said about this job, its build and the scenario as a whole (the run went ahead as read):"</p>
                        <ProblemList problems=listed(None, Some(side), &found) />
                    </section>
                }
            })
        })
    };
    view! {
        <Dialog open=opened.shown title=move || opened.id.get().map(|id| format!("Job {id}: {title}")).unwrap_or_default() id="sim-job-dialog">
            <JobStatusLine job=report />
            {about}
            <JobReport job=report />
        </Dialog>
    }
}
