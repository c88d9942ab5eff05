//! ServiceStage: a build instance is one pod, `NotStarted` → `Queuing` → `Building` → its end.
//!
//! The instance queues on the cluster its `environment_setting` names until a node of its
//! architecture fits it; its timeout counts from submission, queued or building.

use super::word::word;
use super::{Engine, Scope, Word};

impl Engine {
    /// A build instance is created `NotStarted`, queues at once and asks for its pod.
    pub(super) fn servicestage_submit(&mut self, job: u32) {
        let unit = self.jobs[job as usize].units.start;
        self.jobs[job as usize].attempts = 1;
        self.jobs[job as usize].status = word!("Queuing");
        self.record(job, Scope::Job, "NotStarted", "");
        self.record(job, Scope::Job, "Queuing", "");
        self.enqueue(job);
        let group = self.selector_group(job);
        let timeout = self.profile_of(job).timeout_ms;
        self.units[unit as usize].group = group;
        self.pod_start(unit);
        self.pod_deadline(unit, timeout);
    }

    /// The instance ends with its pod: `Successful`, `Failed`, `Timeout` or `Cancel`.
    pub(super) fn servicestage_done(&mut self, unit: u32, state: Word) {
        let job = self.units[unit as usize].job;
        if state == word!("Successful") {
            self.warm_up(job);
        }
        self.pod_release(unit, state.as_str());
        self.units[unit as usize].status = state;
        self.record(job, Scope::Job, state.as_str(), "");
        self.ended(job, state);
    }
}
