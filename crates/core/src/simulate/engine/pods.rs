//! Pods: Zadig job tasks and ServiceStage builds, each a Kubernetes pod placed by requests.
//!
//! A unit asks its node group for the best node that fits; one that fits nowhere waits in its
//! cluster's queue, oldest first, and is retried on a node whenever room frees there. Its
//! timeout counts from the moment it asked (Zadig's `prepare`), queued or running.

use super::agenda::Rank;
use super::word::word;
use super::{Detail, Engine, Event, NEVER, NONE, Placement, Scope, index};
use crate::simulate::cluster::{Request, Selector};
use crate::target::Target;

impl Engine {
    /// The node group a job's pods may use (its cluster, architecture and strategy), worked
    /// out once per build.
    pub(super) fn selector_group(&mut self, job: u32) -> u32 {
        let profile = self.jobs[job as usize].profile as usize;
        if let Some(g) = self.profile_groups[profile] {
            return g;
        }
        let p = &self.profiles[profile];
        let cluster = p.cluster.min(self.fleet.clusters.len().saturating_sub(1));
        let info = &self.fleet.clusters[cluster];
        let selector = Selector::of(cluster, p.arch.clone(), p.scheduling_strategy(&info.strategies));
        let group = self.fleet.group(&selector) as u32;
        self.profile_groups[profile] = Some(group);
        group
    }

    /// What each pod of the job asks of a node (its build's resource requests).
    fn request(&self, job: u32) -> Request {
        self.profile_of(job).request
    }

    /// A unit asks for a node: it runs at once if one fits, else it waits in its cluster's queue.
    pub(crate) fn pod_start(&mut self, unit: u32) {
        let u = &self.units[unit as usize];
        let (job, group) = (u.job, u.group);
        let request = self.request(job);
        match self.fleet.best(group as usize, request) {
            Some(node) => self.pod_run(unit, node),
            None => {
                let cluster = self.profile_of(job).cluster.min(self.pending.len() - 1);
                let u = &mut self.units[unit as usize];
                u.pending = true;
                let epoch = u.epoch;
                let queue = &mut self.pending[cluster];
                if queue.units.is_empty() {
                    queue.min = request;
                } else {
                    queue.min = Request { cpu: queue.min.cpu.min(request.cpu), memory: queue.min.memory.min(request.memory), gpus: queue.min.gpus.min(request.gpus) };
                }
                queue.units.push_back((unit, epoch));
                if self.detail == Detail::Full {
                    let reason = self.fleet.why_not(group as usize, request);
                    self.note_pending(cluster, unit, reason);
                }
            }
        }
    }

    /// Schedules a unit's timeout, `timeout` from now (its `prepare`), unless the unit already
    /// runs and ends before it: a deadline that cannot fire is not worth a place in the agenda.
    pub(crate) fn pod_deadline(&mut self, unit: u32, timeout: u64) {
        let u = &self.units[unit as usize];
        let ends_in_time = !u.pending && u.run_end != NEVER && u.run_end <= self.now.saturating_add(timeout);
        if !ends_in_time {
            let epoch = u.epoch;
            self.deadline(timeout, Event::UnitTimeout(unit, epoch));
        }
    }

    /// Binds a unit's pod to `node` and plans its attempt, which ends at a completion event.
    fn pod_run(&mut self, unit: u32, node: usize) {
        let (job, request, retries, service) = {
            let u = &self.units[unit as usize];
            (u.job, self.request(u.job), u.retries, u.service)
        };
        self.bind(node, request, 1);
        let unit_in_job = unit - self.jobs[job as usize].units.start;
        let attempt = self.plan_attempt(job, unit_in_job, service, retries);
        let end = self.now + attempt.length();
        let u = &mut self.units[unit as usize];
        u.pending = false;
        u.node = node as u32;
        u.run_start = self.now;
        u.run_end = end;
        u.fails = attempt.fails_at.is_some();
        if self.detail == Detail::Full {
            self.unit_plans[unit as usize] = Some(Box::new(attempt));
        }
        let u = &mut self.units[unit as usize];
        let epoch = u.epoch;
        self.stop_waiting(job, Some(unit));
        self.schedule(end, Rank::Completion, Event::UnitDone(unit, epoch));
        self.started(job);
        match self.jobs[job as usize].semantics {
            Target::ServiceStage => {
                self.stop_waiting(job, None);
                self.units[unit as usize].status = word!("Building");
                self.jobs[job as usize].status = word!("Building");
                self.record(job, Scope::Job, "Building", "");
            }
            _ => {
                self.units[unit as usize].status = word!("running");
                self.record(job, Scope::Unit(unit_in_job), "running", "");
            }
        }
    }

    /// Frees a unit's node (if it has one) and lets waiting pods onto it.
    pub(crate) fn pod_release(&mut self, unit: u32, status: &'static str) {
        let u = &mut self.units[unit as usize];
        u.epoch += 1;
        u.pending = false;
        let job = u.job;
        let attempt = u.retries;
        let node = index(std::mem::replace(&mut u.node, NONE));
        u.run_end = NEVER;
        let start = u.run_start;
        let plan = self.unit_plans.get_mut(unit as usize).and_then(Option::take);
        let request = self.request(job);
        self.stop_waiting(job, Some(unit));
        if let Some(node) = node {
            self.bind(node as usize, request, -1);
            if self.detail == Detail::Full {
                let unit_in_job = unit - self.jobs[job as usize].units.start;
                self.placements.push(Placement { job, unit: unit_in_job, attempt, node: Some(node), start, end: self.now, status, plan: plan.map(|p| *p).unwrap_or_default() });
            }
            self.fill_node(node as usize);
            if self.detail == Detail::Full {
                self.refresh_reasons(self.fleet.nodes[node as usize].cluster);
            }
        }
    }

    /// After room frees on `node`, starts the oldest waiting pods that now fit there (only that
    /// node changed, so only it can take a pod that fitted nowhere before).
    fn fill_node(&mut self, node: usize) {
        let cluster = self.fleet.nodes[node].cluster;
        let mut i = 0;
        while i < self.pending[cluster].units.len() {
            let (unit, epoch) = self.pending[cluster].units[i];
            let u = &self.units[unit as usize];
            if !u.pending || u.epoch != epoch {
                if i == 0 {
                    self.pending[cluster].units.pop_front();
                } else {
                    i += 1;
                }
                continue;
            }
            let min = self.pending[cluster].min;
            if !self.fleet.nodes[node].fits(min) {
                break;
            }
            if self.fleet.admits(u.group as usize, node) && self.fleet.nodes[node].fits(self.request(u.job)) {
                self.pending[cluster].units.remove(i);
                self.pod_run(unit, node);
                continue;
            }
            i += 1;
        }
        if self.pending[cluster].units.is_empty() {
            self.pending[cluster].min = Request::default();
        }
    }

    /// A unit's attempt ran to its end: passed or failed by its plan, in its backend's words.
    pub(super) fn unit_done(&mut self, unit: u32, epoch: u32) {
        let u = &self.units[unit as usize];
        if u.epoch != epoch {
            return;
        }
        let failed = u.run_end != NEVER && u.fails;
        match self.jobs[u.job as usize].semantics {
            Target::ServiceStage => self.servicestage_done(unit, if failed { word!("Failed") } else { word!("Successful") }),
            _ => self.zadig_unit_done(unit, if failed { word!("failed") } else { word!("passed") }, ""),
        }
    }

    /// A unit's timeout passed before it ended (queued or running).
    pub(super) fn unit_timeout(&mut self, unit: u32, epoch: u32) {
        let u = &self.units[unit as usize];
        if u.epoch != epoch {
            return;
        }
        match self.jobs[u.job as usize].semantics {
            Target::ServiceStage => self.servicestage_done(unit, word!("Timeout")),
            // Under `manual_check` the only deadline of a job task waiting is its decision.
            _ if u.status == word!("wait_for_manual_error_handling") => self.zadig_decided(unit),
            _ => self.zadig_unit_done(unit, word!("timeout"), ""),
        }
    }

    /// Cancels a Zadig task or a ServiceStage build.
    pub(super) fn pod_cancel(&mut self, job: u32) {
        let j = &self.jobs[job as usize];
        if j.ended != NEVER || j.cancelled {
            return;
        }
        let (semantics, unit) = (j.semantics, j.units.start);
        self.jobs[job as usize].cancelled = true;
        if semantics == Target::ServiceStage {
            self.servicestage_done(unit, word!("Cancel"));
        } else {
            self.zadig_cancel(job);
        }
    }
}
