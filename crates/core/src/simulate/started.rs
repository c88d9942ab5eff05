//! The jobs an admin started in the console, as each tab keeps them, and how one tab's own
//! changes are made over again on another tab's newer jobs when both changed them at once, so
//! neither change is lost.

use serde::{Deserialize, Serialize};

use crate::Target;
use crate::model::Build;
use crate::simulate::scenario::JobSpec;

/// A job as started: the build as it was then, whose semantics, and the job's choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartedJob {
    pub build: Build,
    pub semantics: Target,
    pub spec: JobSpec,
    /// The tab it was started in, so that two tabs starting the same job at the same simulated
    /// moment start two jobs (absent in states stored before tabs were told apart).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tab: String,
}

impl StartedJob {
    /// Whether `other` is this job as started (in the same tab, under the same id, at the same
    /// moment, of the same build and semantics), cancelled since or not.
    fn started_as(&self, other: &StartedJob) -> bool {
        // The id and tab first: they tell nearly every pair apart without copying or comparing builds.
        let uncancelled = |job: &StartedJob| JobSpec { cancel_at: None, ..job.spec.clone() };
        self.spec.id == other.spec.id && self.tab == other.tab && self.semantics == other.semantics && uncancelled(self) == uncancelled(other) && self.build == other.build
    }
}

/// What a tab changed since the stored state it last wrote or took up: what it makes over
/// again on another tab's newer state when both changed it at once, or on the stored state
/// when the page went before it could store them (so they are kept with it as it goes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LocalChange {
    /// A job was started (or put back by an undo) here, under this id.
    Started(String),
    /// The job with this id was cancelled at these simulated seconds.
    Cancelled(String, f64),
    /// Every job was forgotten.
    Cleared,
    /// A part of the cluster model was edited: only that part of this tab's model is made over
    /// again on another tab's, so two tabs editing different parts at once keep both edits.
    Model(ModelPart),
    /// The clock's speed or pause was changed.
    Pace,
}

/// The parts of the console's cluster model, each edited by a form of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModelPart {
    /// The clusters: their nodes and strategies.
    Clusters,
    /// Zadig's queue settings.
    Zadig,
    /// Nuon's runners.
    Runners,
}

/// Another tab's newer jobs with this tab's changes made over again on them, and the jobs
/// started here that took another id because that tab gave theirs to a job of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub jobs: Vec<StartedJob>,
    /// (the id the job had here, the id it has now), in the order they were started.
    pub renamed: Vec<(String, String)>,
}

impl Merged {
    /// Names the jobs in `changes` (this tab's, still to store) by the ids they have now.
    pub fn rename_in(&self, changes: &mut [LocalChange]) {
        for change in changes {
            if let LocalChange::Started(id) | LocalChange::Cancelled(id, _) = change {
                *id = now_called(&self.renamed, id).to_string();
            }
        }
    }
}

/// The id a job started here as `id` has after `renamed`.
fn now_called<'a>(renamed: &'a [(String, String)], id: &'a str) -> &'a str {
    renamed.iter().find(|(old, _)| old == id).map_or(id, |(_, new)| new)
}

/// The next `job-<n>` no job of `jobs` has: one more than their number, or the first free after.
pub fn next_job_id(jobs: &[StartedJob]) -> String {
    (jobs.len() + 1..).map(|n| format!("job-{n}")).find(|id| jobs.iter().all(|j| j.spec.id != *id)).unwrap_or_default()
}

/// The simulated clock, in milliseconds, once another tab's state (at `stored_ms`) is taken up
/// with `changes`, this tab's since, made over again on it (this tab at `own_ms`): with none,
/// that tab's clock (the tabs' clocks run apart by a tick or so); after a clear here, this
/// tab's, which the clear set back; else the later of the two, so no job started here starts
/// before the clock.
pub fn merged_clock_ms(changes: &[LocalChange], stored_ms: u64, own_ms: u64) -> u64 {
    if changes.is_empty() {
        stored_ms
    } else if changes.contains(&LocalChange::Cleared) {
        own_ms
    } else {
        stored_ms.max(own_ms)
    }
}

/// `stored` (another tab's newer jobs) with `changes`, this tab's since, made over again on
/// them, `mine` being this tab's jobs: after a clear only the jobs started here since count; a
/// job started here is added with its id, or the next free one where `stored` gave that id to
/// another job (a job `stored` already holds as it is here — this tab's own write — is not
/// added twice); a cancel here cancels the job again.
pub fn merged_onto(mine: &[StartedJob], stored: Vec<StartedJob>, changes: &[LocalChange]) -> Merged {
    let since_clear = changes.iter().rposition(|c| *c == LocalChange::Cleared).map_or(0, |i| i + 1);
    let mut jobs = if since_clear == 0 { stored } else { Vec::new() };
    let mut renamed: Vec<(String, String)> = Vec::new();
    for change in &changes[since_clear..] {
        match change {
            LocalChange::Started(id) => {
                let Some(started) = mine.iter().find(|j| j.spec.id == *id) else { continue };
                if jobs.iter().any(|j| j.started_as(started)) {
                    continue;
                }
                let mut job = started.clone();
                if jobs.iter().any(|j| j.spec.id == *id) {
                    job.spec.id = next_job_id(&jobs);
                    renamed.push((id.clone(), job.spec.id.clone()));
                }
                jobs.push(job);
            }
            LocalChange::Cancelled(id, at) => {
                let id = now_called(&renamed, id);
                if let Some(job) = jobs.iter_mut().find(|j| j.spec.id == id) {
                    job.spec.cancel_at = Some(*at);
                }
            }
            LocalChange::Cleared | LocalChange::Model(_) | LocalChange::Pace => {}
        }
    }
    Merged { jobs, renamed }
}
