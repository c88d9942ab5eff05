//! Rainbond: build events per component and builder slots per node.
//!
//! A build whose architecture no node of the cluster has is refused by the console first (404
//! "应用架构与构建节点架构不匹配", no event). A build request while the component's last event is
//! unfinished and under 3 minutes old is
//! refused (409 "操作过于频繁，请稍后再试", no event); at 3 minutes or more the old event is stamped
//! `final_status: timeout` and the new one goes ahead (the old build runs on, and its
//! completion callback writes `complete` over the stamp, as Rainbond's event store does).
//! Builder nodes take tasks first-in first-out when they have a free slot (2 × CPU count) and
//! the right architecture; a source build holds its slot until it ends, an image build gives
//! it back as soon as it starts. An attempt runs at most 30 minutes; image builds get a second
//! attempt, source builds none. The event ends `final_status: complete` with `status`
//! `success`, `failure` or `timeout`.

use super::agenda::Rank;
use super::word::word;
use super::{Engine, Event, NEVER, Scope, Word};
use crate::simulate::cluster::ClusterInfo;
use crate::simulate::scenario::DEFAULT_ARCH;

const TOO_FREQUENT_MS: u64 = 3 * 60 * 1000;
const ATTEMPT_MS: u64 = 30 * 60 * 1000;

/// A build request Rainbond's console answers with an error instead of an event, spelled once
/// for the job's timeline and for its backend view.
pub(crate) struct Refusal {
    /// The HTTP status (and the envelope's `code`) of the answer.
    pub http_status: u16,
    /// The envelope's `msg`.
    pub msg: &'static str,
    /// The envelope's `msg_show`, what the console's page shows.
    pub msg_show: &'static str,
    /// The job's note: `msg_show` as a status word.
    note: Word,
    /// The timeline's note at the refusal.
    timeline: &'static str,
}

/// The region's `CanDoEvent` answer to a build within 3 minutes of an unfinished event.
const TOO_FREQUENT: Refusal = Refusal::new(409, "操作过于频繁，请稍后再试", "操作过于频繁，请稍后再试", "409 操作过于频繁，请稍后再试 (too frequent)");

/// The console's `deploy()` answer when no node of the cluster has the build's architecture.
const ARCH_MISMATCH: Refusal = Refusal::new(
    404,
    "app arch does not match build node arch",
    "应用架构与构建节点架构不匹配",
    "404 app arch does not match build node arch (应用架构与构建节点架构不匹配)",
);

impl Refusal {
    /// A refusal whose `msg_show` is in the engine's vocabulary (checked while compiling).
    const fn new(http_status: u16, msg: &'static str, msg_show: &'static str, timeline: &'static str) -> Refusal {
        let note = Word::of(msg_show);
        assert!(!note.is_empty(), "a refusal's msg_show must be in the engine's vocabulary");
        Refusal { http_status, msg, msg_show, note, timeline }
    }

    /// The refusal a job's HTTP status stands for, if the console refused it.
    pub(crate) fn of(http_status: u16) -> Option<&'static Refusal> {
        [&TOO_FREQUENT, &ARCH_MISMATCH].into_iter().find(|r| r.http_status == http_status)
    }
}

/// How long each node's builder slots were held: Rainbond's capacity is its builders' slots,
/// and its builds request no CPU, so the CPU utilisation says nothing of it.
#[derive(Debug, Clone, Default)]
pub struct BuilderSlotTime {
    /// Per node: slot-milliseconds held, and when that was last brought up to date (empty
    /// until a Rainbond build arrives, so other runs pay nothing for it).
    pub held: Vec<(u128, u64)>,
    /// Per cluster: whether a Rainbond build was sent to it.
    pub clusters: Vec<bool>,
}

impl Engine {
    /// Notes that a Rainbond build was sent to the job's cluster, whose slots then count.
    fn note_builder_cluster(&mut self, job: u32) {
        if self.builder_slots.held.is_empty() {
            self.builder_slots = BuilderSlotTime { held: vec![(0, 0); self.fleet.nodes.len()], clusters: vec![false; self.fleet.clusters.len()] };
        }
        let cluster = self.profile_of(job).cluster.min(self.fleet.clusters.len().saturating_sub(1));
        if let Some(c) = self.builder_slots.clusters.get_mut(cluster) {
            *c = true;
        }
    }

    /// Brings a node's slot-time up to now.
    fn account_slots(&mut self, node: usize) {
        let used = self.fleet.nodes[node].slots_used.max(0) as u128;
        if let Some((held, since)) = self.builder_slots.held.get_mut(node) {
            *held += used * u128::from(self.now - *since);
            *since = self.now;
        }
    }

    /// Takes (`1`) or frees (`-1`) one of a node's builder slots.
    fn take_slot(&mut self, node: usize, sign: i64) {
        self.account_slots(node);
        self.fleet.nodes[node].slots_used += sign;
    }

    /// Brings every node's slot-time up to now (before reading it).
    pub(super) fn settle_builder_slots(&mut self) {
        for node in 0..self.builder_slots.held.len() {
            self.account_slots(node);
        }
    }

    /// The cluster the job's build runs in (none only in a model without clusters).
    fn build_cluster(&self, job: u32) -> Option<&ClusterInfo> {
        let cluster = self.profile_of(job).cluster;
        self.fleet.clusters.get(cluster.min(self.fleet.clusters.len().saturating_sub(1)))
    }

    /// The architecture the job's build needs a node of (`Profile::new` fills in the default).
    fn build_arch(&self, job: u32) -> &str {
        self.profile_of(job).arch.as_deref().unwrap_or(DEFAULT_ARCH)
    }

    /// The nodes of the job's cluster, builders or not.
    fn builder_nodes(&self, job: u32) -> std::ops::Range<usize> {
        self.build_cluster(job).map(|c| c.nodes.clone()).unwrap_or(0..0)
    }

    pub(super) fn rainbond_submit(&mut self, job: u32) {
        self.note_builder_cluster(job);
        if !self.cluster_has_arch(job) {
            self.rainbond_refuse(job, &ARCH_MISMATCH);
            return;
        }
        let name = self.profile_of(job).component.clone();
        let component = match self.components.iter().position(|c| c.name == name) {
            Some(c) => c,
            None => {
                self.components.push(super::Component { name, last: None });
                self.components.len() - 1
            }
        };
        if let Some(last) = self.components[component].last {
            let l = &self.jobs[last as usize];
            if l.secondary.is_empty() {
                // The event's `start_time` is RFC 3339, kept to the second, and `CanDoEvent`
                // lets a new build through only once `time.Now().After(start + 3 min)`.
                let start = l.submit / 1000 * 1000;
                if self.now <= start + TOO_FREQUENT_MS {
                    self.rainbond_refuse(job, &TOO_FREQUENT);
                    return;
                }
                self.jobs[last as usize].secondary = word!("timeout");
                self.record(last, Scope::Job, "timeout", "final_status stamped timeout by a newer build");
            }
        }
        self.components[component].last = Some(job);
        let j = &mut self.jobs[job as usize];
        j.http_status = 200;
        j.status = Word::default();
        self.record(job, Scope::Job, "created", "event created; status and final_status empty");
        self.enqueue(job);
        self.builder_queue.push_back(job);
        self.rainbond_dispatch();
        if self.extra(job).node().is_none() && self.jobs[job as usize].ended == NEVER {
            let reason = self.rainbond_block_reason(job);
            self.wait(job, None, |_| reason);
            self.deadline(ATTEMPT_MS, Event::RainbondExpire(job));
        }
    }

    /// Ends a build request the console answered with an error: no event, no build.
    fn rainbond_refuse(&mut self, job: u32, refusal: &Refusal) {
        let j = &mut self.jobs[job as usize];
        j.http_status = refusal.http_status;
        j.note = refusal.note;
        self.record(job, Scope::Job, "refused", refusal.timeline);
        self.ended(job, word!("refused"));
    }

    /// Whether some node of the build's cluster, builder or not, has its architecture: the
    /// console's `deploy()` compares it with the cluster's node architectures before it asks
    /// the region to build.
    fn cluster_has_arch(&self, job: u32) -> bool {
        let arch = self.build_arch(job);
        self.build_cluster(job).is_some_and(|c| c.archs.iter().any(|a| a == arch))
    }

    fn rainbond_block_reason(&self, job: u32) -> String {
        let range = self.builder_nodes(job);
        let arch = self.build_arch(job);
        let builders: Vec<usize> = range.filter(|n| self.fleet.is_builder(*n)).collect();
        let matching: Vec<usize> = builders.iter().copied().filter(|n| self.fleet.nodes[*n].arch == arch).collect();
        let nodes = |n: usize| crate::simulate::text::counted(n as u64, "builder node", "builder nodes");
        if matching.is_empty() {
            return format!("no builder node with architecture {arch} ({})", nodes(builders.len()));
        }
        let slots: i64 = matching.iter().map(|n| self.fleet.nodes[*n].slots).sum();
        format!("all {slots} builder slots busy on {}", nodes(matching.len()))
    }

    /// Hands queued tasks to builder nodes with a free slot, first in first out.
    fn rainbond_dispatch(&mut self) {
        let mut i = 0;
        while i < self.builder_queue.len() {
            let job = self.builder_queue[i];
            let range = self.builder_nodes(job);
            let arch = self.build_arch(job);
            let mut best: Option<usize> = None;
            for n in range {
                let node = &self.fleet.nodes[n];
                if !self.fleet.is_builder(n) || node.arch != arch || node.slots_used >= node.slots {
                    continue;
                }
                let free = node.slots - node.slots_used;
                if best.is_none_or(|b| free > self.fleet.nodes[b].slots - self.fleet.nodes[b].slots_used) {
                    best = Some(n);
                }
            }
            match best {
                Some(node) => {
                    self.builder_queue.remove(i);
                    self.rainbond_start(job, node);
                }
                None => i += 1,
            }
        }
    }

    fn rainbond_start(&mut self, job: u32, node: usize) {
        let image = self.profile_of(job).image_build;
        if !image {
            self.take_slot(node, 1);
        }
        self.set_builder(job, node as u32);
        self.stop_waiting(job, None);
        self.started(job);
        self.record(job, Scope::Job, "building", "");
        self.rainbond_attempt(job);
    }

    fn rainbond_attempt(&mut self, job: u32) {
        let number = self.jobs[job as usize].attempts;
        self.jobs[job as usize].attempts += 1;
        let plan = self.plan_attempt(job, 0, 0, number);
        let end = self.now + plan.length().min(ATTEMPT_MS);
        self.begin_attempt(job, Some(plan));
        let epoch = self.jobs[job as usize].epoch;
        self.schedule(end, Rank::Completion, Event::RainbondDone(job, epoch));
    }

    pub(super) fn rainbond_done(&mut self, job: u32, epoch: u32) {
        if self.jobs[job as usize].epoch != epoch {
            return;
        }
        self.jobs[job as usize].epoch += 1;
        let (start, plan) = self.end_attempt(job);
        let plan = plan.unwrap_or_default();
        let timed_out = plan.length() > ATTEMPT_MS;
        let status = if timed_out {
            "timeout"
        } else if plan.fails_at.is_some() {
            "failure"
        } else {
            "success"
        };
        let number = self.jobs[job as usize].attempts - 1;
        let node = self.extra(job).node();
        if self.detail == super::Detail::Full {
            self.placements.push(super::Placement { job, unit: 0, attempt: number, node, start, end: self.now, status, plan: *plan });
        }
        let image = self.profile_of(job).image_build;
        if status != "success" && image && number == 0 {
            self.record(job, Scope::Job, "building", "build failed, will try again");
            self.rainbond_attempt(job);
            return;
        }
        if status == "success" {
            self.warm_up(job);
        }
        let j = &mut self.jobs[job as usize];
        j.note = if status == "success" { word!("success") } else { word!("failure") };
        // The callback sets `complete` whatever the event held, a `timeout` stamp included.
        j.secondary = word!("complete");
        self.record(job, Scope::Job, status, if status == "success" { "Build success" } else { "" });
        self.ended(job, Word::of(status));
        if !image
            && let Some(node) = node {
                self.take_slot(node as usize, -1);
            }
        self.rainbond_dispatch();
    }

    /// A task no builder took within 30 minutes ends `timeout` (a modelled limit: Rainbond's
    /// queue itself has none, but its event would be stamped `timeout` by then anyway).
    pub(super) fn rainbond_expire(&mut self, job: u32) {
        let Some(i) = self.builder_queue.iter().position(|j| *j == job) else { return };
        self.builder_queue.remove(i);
        let j = &mut self.jobs[job as usize];
        if j.secondary.is_empty() {
            j.secondary = word!("complete");
        }
        j.note = word!("failure");
        self.record(job, Scope::Job, "timeout", "no builder slot within 30 minutes");
        self.ended(job, word!("timeout"));
    }

    /// Rainbond's build API offers no cancel: the build runs on.
    pub(super) fn rainbond_cancel(&mut self, job: u32) {
        if self.jobs[job as usize].ended == NEVER {
            self.record(job, Scope::Job, if self.extra(job).node().is_some() { "building" } else { "" }, "Rainbond cannot cancel a build; it runs on");
        }
    }
}
