//! Pods waiting for room, per cluster, and why they wait at every moment.
//!
//! Kubernetes tries an unschedulable pod again whenever a pod leaves a node, and writes the
//! reason of that attempt ("Insufficient cpu on all 3 nodes…") over the last one. So a waiting
//! pod's reason follows the cluster: after each release the engine works the reason out again
//! for each build with pods waiting in that cluster (its pods ask the same of the same nodes),
//! but only for a build some changed node now answers differently (the nodes bound or freed
//! since the last retry are noted as they change, each with its state before), and only when
//! some reason changed does it go through the waiting pods to say so. Only a full-detail run
//! keeps reasons; a summary run pays one test per release.

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
    /// The nodes bound or freed since the last retry, each as it was before (full detail, and
    /// only while some build's pods wait here), and which nodes are among them.
    changed: Vec<(u32, NodeUse)>,
    marked: Vec<bool>,
}

/// What a node held: CPU, memory, GPUs and pods.
#[derive(Debug, Clone, Copy)]
struct NodeUse {
    used: Request,
    pods: i64,
}

/// A build's pods waiting in one cluster, and the reason last worked out for them.
#[derive(Debug, Clone)]
struct WaitingBuild {
    profile: u32,
    reason: String,
    /// Whether some of its waiting pods may still show an older reason than `reason`.
    stale: bool,
    /// Whether `reason` was worked out since the last retry (a pod went waiting), so that the
    /// next retry must work it out again whatever changed.
    fresh: bool,
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
                (w.stale, w.fresh) = (true, true);
            }
            Some(_) => {}
            None => reasons.push(WaitingBuild { profile, reason: reason.clone(), stale: false, fresh: true }),
        }
        let whole = (self.jobs[job as usize].semantics == Target::ServiceStage).then(|| reason.clone());
        self.wait(job, Some(unit), |_| reason);
        if let Some(reason) = whole {
            // A ServiceStage build waits as a whole for its one pod.
            self.wait(job, None, |_| reason);
        }
    }

    /// A pod was bound to or freed from `node` (`sign` 1 or -1, full detail): while pods wait in
    /// its cluster, the node is noted with what it held before, once until the next retry.
    pub(super) fn note_node_change(&mut self, node: usize, request: Request, sign: i64) {
        let n = &self.fleet.nodes[node];
        let Some(queue) = self.pending.get_mut(n.cluster) else { return };
        if queue.reasons.is_empty() {
            return;
        }
        if queue.marked.len() <= node {
            queue.marked.resize(self.fleet.nodes.len(), false);
        }
        if std::mem::replace(&mut queue.marked[node], true) {
            return;
        }
        let used = Request { cpu: n.used.cpu - sign * request.cpu, memory: n.used.memory - sign * request.memory, gpus: n.used.gpus - sign * request.gpus };
        queue.changed.push((node as u32, NodeUse { used, pods: n.pods - sign }));
    }

    /// After a pod left a node of `cluster`, the scheduler's retry: each build's pods still
    /// waiting get the reason the cluster gives now. Out of line: the release path only tests
    /// whether to call it.
    #[inline(never)]
    pub(super) fn refresh_reasons(&mut self, cluster: usize) {
        let changed_nodes = std::mem::take(&mut self.pending[cluster].changed);
        for (node, _) in &changed_nodes {
            self.pending[cluster].marked[*node as usize] = false;
        }
        if self.pending[cluster].units.is_empty() {
            self.pending[cluster].reasons.clear();
            return;
        }
        let mut changed = false;
        for i in 0..self.pending[cluster].reasons.len() {
            let w = &self.pending[cluster].reasons[i];
            let profile = w.profile as usize;
            let request = self.profiles[profile].request;
            // A build's reason can only change where a node now refuses it otherwise (its
            // architecture and labels never change).
            let moved = changed_nodes.iter().any(|&(node, before)| {
                let n = &self.fleet.nodes[node as usize];
                n.refusals(before.used, before.pods, request) != n.refusals(n.used, n.pods, request)
            });
            if let (true, Some(group)) = (w.fresh || moved, self.profile_groups[profile]) {
                let now = self.fleet.why_not(group as usize, request);
                let w = &mut self.pending[cluster].reasons[i];
                w.fresh = false;
                if w.reason != now {
                    w.reason = now;
                    w.stale = true;
                }
            }
            changed |= self.pending[cluster].reasons[i].stale;
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
