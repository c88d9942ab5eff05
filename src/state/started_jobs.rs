//! The jobs started in this browser, with their JSON kept ready for the lab's saves.

pub use buildbay_core::simulate::started::StartedJob;
use serde_json::value::RawValue;

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
