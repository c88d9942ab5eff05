//! The jobs started in this browser, with their JSON kept ready for the lab's saves.

use buildbay_core::Target;
use buildbay_core::model::Build;
use buildbay_core::simulate::scenario::JobSpec;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

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

/// What this tab changed since the stored state it last wrote or took up: what it makes over
/// again on another tab's newer state when both changed it at once, so neither change is lost.
#[derive(Debug, Clone, PartialEq)]
pub enum LocalChange {
    /// A job was started (or put back by an undo) here, under this id.
    Started(String),
    /// The job with this id was cancelled at these simulated seconds.
    Cancelled(String, f64),
    /// Every job was forgotten.
    Cleared,
    /// The cluster model, Zadig's settings or Nuon's runners were edited.
    Model,
    /// The clock's speed or pause was changed.
    Pace,
}

/// Another tab's newer jobs with this tab's changes made over again on them, and the jobs
/// started here that took another id because that tab gave theirs to a job of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub jobs: Vec<StartedJob>,
    /// (the id the job had here, the id it has now), in the order they were started.
    pub renamed: Vec<(String, String)>,
}

/// The next `job-<n>` no job of `jobs` has: one more than their number, or the first free after.
fn free_id(jobs: &[StartedJob]) -> String {
    (jobs.len() + 1..).map(|n| format!("job-{n}")).find(|id| jobs.iter().all(|j| j.spec.id != *id)).unwrap_or_default()
}

/// The started jobs in order, and their JSON once asked for: the running clock saves the
/// lab once a second, and each job carries its whole build, so serialising them all on every
/// save would cost more the longer the console is used. Only a change serialises them again.
#[derive(Debug, Clone, Default)]
pub struct StartedJobs {
    jobs: Vec<StartedJob>,
    json: Option<Box<RawValue>>,
}

impl StartedJobs {
    /// Every started job, oldest first.
    pub fn all(&self) -> &[StartedJob] {
        &self.jobs
    }

    /// How many jobs have been started (the next default id is one more).
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Whether no job has been started.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// The id a job started now gets.
    pub fn next_id(&self) -> String {
        free_id(&self.jobs)
    }

    /// `stored` (another tab's newer jobs) with `changes`, this tab's since, made over again:
    /// after a clear only the jobs started here since count; a job started here is added with its
    /// id, or the next free one where `stored` gave that id to another job (a job `stored`
    /// already holds as it is here — this tab's own write — is not added twice); a cancel here
    /// cancels the job again.
    pub fn merged_onto(&self, stored: Vec<StartedJob>, changes: &[LocalChange]) -> Merged {
        let since_clear = changes.iter().rposition(|c| *c == LocalChange::Cleared).map_or(0, |i| i + 1);
        let mut jobs = if since_clear == 0 { stored } else { Vec::new() };
        let mut renamed: Vec<(String, String)> = Vec::new();
        for change in &changes[since_clear..] {
            match change {
                LocalChange::Started(id) => {
                    let Some(mine) = self.find(id) else { continue };
                    if jobs.iter().any(|j| j.started_as(mine)) {
                        continue;
                    }
                    let mut job = mine.clone();
                    if jobs.iter().any(|j| j.spec.id == *id) {
                        job.spec.id = free_id(&jobs);
                        renamed.push((id.clone(), job.spec.id.clone()));
                    }
                    jobs.push(job);
                }
                LocalChange::Cancelled(id, at) => {
                    let id = renamed.iter().find(|(old, _)| old == id).map_or(id, |(_, new)| new);
                    if let Some(job) = jobs.iter_mut().find(|j| j.spec.id == *id) {
                        job.spec.cancel_at = Some(*at);
                    }
                }
                LocalChange::Cleared | LocalChange::Model | LocalChange::Pace => {}
            }
        }
        Merged { jobs, renamed }
    }

    /// The job with this id.
    pub fn find(&self, id: &str) -> Option<&StartedJob> {
        self.jobs.iter().find(|j| j.spec.id == id)
    }

    /// Adds a job after the others.
    pub fn push(&mut self, job: StartedJob) {
        self.jobs.push(job);
        self.json = None;
    }

    /// Records that the job with this id is cancelled at `seconds`; returns its position.
    pub fn cancel_at(&mut self, id: &str, seconds: f64) -> Option<usize> {
        let i = self.jobs.iter().position(|j| j.spec.id == id)?;
        self.jobs[i].spec.cancel_at = Some(seconds);
        self.json = None;
        Some(i)
    }

    /// Removes every job and returns them (a replay adds them back one by one).
    pub fn take(&mut self) -> Vec<StartedJob> {
        self.json = None;
        std::mem::take(&mut self.jobs)
    }

    /// The jobs as a JSON array, serialised only if they changed since it was last asked for.
    pub fn json(&mut self) -> Result<&RawValue, serde_json::Error> {
        let json = match self.json.take() {
            Some(json) => json,
            None => serde_json::value::to_raw_value(&self.jobs)?,
        };
        Ok(self.json.insert(json))
    }
}
