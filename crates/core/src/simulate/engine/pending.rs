//! Pods waiting for room, per cluster, and why they wait at every moment.
//!
//! Kubernetes tries an unschedulable pod again whenever a pod leaves a node, and writes the
//! reason of that attempt ("Insufficient cpu on all 3 nodes…") over the last one. So a waiting
//! pod's reason follows the cluster: after each release the engine works the reason out again
//! for every build with pods waiting in that cluster, once per build (its pods ask the same
//! of the same nodes), and only when some reason changed does it go through the waiting pods to
//! say so. Only a full-detail run keeps reasons; a summary run pays one test per release.

use std::collections::VecDeque;

use super::Engine;
use crate::simulate::cluster::Request;
use crate::target::Target;

/// Pods waiting for room in one cluster, oldest first.
#[derive(Debug, Clone, Default)]
pub(super) struct PendingQueue {
    /// (unit, epoch): an entry whose unit has moved on is dropped when met.
    pub units: VecDeque<(u32, u32)>,
    /// No more than any waiting pod asks (each resource's least), so a node that cannot hold
    /// it holds none of them.
    pub min: Request,
    /// Per build whose pods waited here (full detail only): their reason as last told.
    reasons: Vec<WaitingBuild>,
}

/// A build's pods waiting in one cluster, and the reason last worked out for them.
#[derive(Debug, Clone)]
struct WaitingBuild {
    profile: u32,
    reason: String,
    /// Whether some of its waiting pods may still show an older reason than `reason`.
    stale: bool,
}

impl Engine {
    /// A unit's pod found no node: it waits with the scheduler's reason (full detail), kept
    /// for its build so that a later release can tell whether it changed.
    pub(super) fn note_pending(&mut self, cluster: usize, unit: u32, reason: String) {
        let job = self.units[unit as usize].job;
        let profile = self.jobs[job as usize].profile;
        let reasons = &mut self.pending[cluster].reasons;
        match reasons.iter_mut().find(|w| w.profile == profile) {
            Some(w) if w.reason != reason => {
                w.reason.clone_from(&reason);
                w.stale = true;
            }
            Some(_) => {}
            None => reasons.push(WaitingBuild { profile, reason: reason.clone(), stale: false }),
        }
        let whole = (self.jobs[job as usize].semantics == Target::ServiceStage).then(|| reason.clone());
        self.wait(job, Some(unit), |_| reason);
        if let Some(reason) = whole {
            // A ServiceStage build waits as a whole for its one pod.
            self.wait(job, None, |_| reason);
        }
    }

    /// After a pod left a node of `cluster`, the scheduler's retry: each build's pods still
    /// waiting get the reason the cluster gives now. Out of line: the release path only tests
    /// whether to call it.
    #[inline(never)]
    pub(super) fn refresh_reasons(&mut self, cluster: usize) {
        if self.pending[cluster].units.is_empty() {
            self.pending[cluster].reasons.clear();
            return;
        }
        let mut changed = false;
        for i in 0..self.pending[cluster].reasons.len() {
            let profile = self.pending[cluster].reasons[i].profile as usize;
            let Some(group) = self.profile_groups[profile] else { continue };
            let now = self.fleet.why_not(group as usize, self.profiles[profile].request);
            let w = &mut self.pending[cluster].reasons[i];
            if w.reason != now {
                w.reason = now;
                w.stale = true;
            }
            changed |= w.stale;
        }
        if !changed {
            return;
        }
        // Tell the pods whose build's reason changed, and forget builds with none left waiting.
        let mut queue = std::mem::take(&mut self.pending[cluster]);
        let mut still_waiting = vec![false; queue.reasons.len()];
        for &(unit, epoch) in &queue.units {
            let u = &self.units[unit as usize];
            if !u.pending || u.epoch != epoch {
                continue;
            }
            let job = u.job;
            let profile = self.jobs[job as usize].profile;
            let Some(k) = queue.reasons.iter().position(|w| w.profile == profile) else { continue };
            still_waiting[k] = true;
            let w = &queue.reasons[k];
            if w.stale {
                self.wait(job, Some(unit), |_| w.reason.clone());
                if self.jobs[job as usize].semantics == Target::ServiceStage {
                    self.wait(job, None, |_| w.reason.clone());
                }
            }
        }
        let mut k = 0;
        queue.reasons.retain_mut(|w| {
            w.stale = false;
            k += 1;
            still_waiting[k - 1]
        });
        self.pending[cluster] = queue;
    }
}
