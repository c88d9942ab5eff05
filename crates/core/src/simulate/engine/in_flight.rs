//! Summary runs of a generated workload hold only the jobs in flight.
//!
//! A million-job capacity run used to make every job before the clock started and keep each
//! one's state to the end: 128 MB written once, then read back thousands of jobs later, with a
//! page fault every 4 KB. Such a run needs of a finished job only its wait, its run time and its
//! final status, so here each job is made as the clock reaches its submission, and once it ends
//! its slot (with its units) goes to a later job. The run's results are the same: a job keeps
//! its place in submission order (its ordinal) for its id and its random draws, submissions
//! keep their order among events at the same instant, and a reused unit keeps counting its
//! epoch, so the old job's leftover events stay stale.

use std::collections::BTreeMap;

use super::{Engine, JobState, NONE, UnitState, Word};
use crate::simulate::workload::Generator;
use crate::target::Target;

/// The generated jobs not made yet, and what making them needs.
pub(super) struct Upcoming {
    pub(super) generated: Generator,
    /// Workflow concurrency limits by name, for a build's first job.
    pub(super) limits: BTreeMap<String, i64>,
}

/// What jobs add to a run's summary: their waits, run times and final statuses. A job leaves
/// its part here when its slot is reused; the rest are gone through once the run is over.
#[derive(Debug, Default, Clone)]
pub struct JobSums {
    pub last_end: u64,
    /// Whether any job had not ended.
    pub unfinished: bool,
    pub waits_ms: Vec<u64>,
    pub runs_ms: Vec<u64>,
    /// Jobs by (backend, final status or none yet), in a short list rather than two strings
    /// per job: a million-job run has a handful of distinct pairs.
    pub counts: Vec<((Target, Option<Word>), usize)>,
    /// Nuon jobs by their component build's final status, which Nuon's client decides at the
    /// runner job's first failure: a job whose second execution finished still left `error`.
    pub nuon_builds: Vec<(Option<Word>, usize)>,
}

impl JobSums {
    /// Adds one job as it stands at `now`.
    pub fn count(&mut self, job: &JobState, now: u64) {
        self.waits_ms.push(job.wait_ms(now));
        match job.ended() {
            Some(e) => self.last_end = self.last_end.max(e),
            None => self.unfinished = true,
        }
        if let (Some(s), Some(e)) = (job.started(), job.ended()) {
            self.runs_ms.push(e - s);
        }
        self.add_to_count((job.semantics, job.ended().map(|_| job.status)), 1);
        if job.semantics == Target::Nuon {
            add_to(&mut self.nuon_builds, job.ended().map(|_| job.secondary), 1);
        }
    }

    fn add_to_count(&mut self, key: (Target, Option<Word>), n: usize) {
        add_to(&mut self.counts, key, n);
    }

    /// Adds everything `other` holds.
    pub fn absorb(&mut self, other: &JobSums) {
        self.last_end = self.last_end.max(other.last_end);
        self.unfinished |= other.unfinished;
        self.waits_ms.extend_from_slice(&other.waits_ms);
        self.runs_ms.extend_from_slice(&other.runs_ms);
        for (key, n) in &other.counts {
            self.add_to_count(*key, *n);
        }
        for (key, n) in &other.nuon_builds {
            add_to(&mut self.nuon_builds, *key, *n);
        }
    }
}

/// Adds `n` to `key`'s count in a short list of counts.
fn add_to<K: PartialEq>(counts: &mut Vec<(K, usize)>, key: K, n: usize) {
    match counts.iter_mut().find(|(k, _)| *k == key) {
        Some((_, count)) => *count += n,
        None => counts.push((key, n)),
    }
}

impl JobState {
    /// Whether the slot holds no job: its job ended and was summed up, and no later job has
    /// taken the slot yet.
    pub fn is_free(&self) -> bool {
        self.ordinal == NONE
    }
}

impl Engine {
    /// Makes the next generated job, if any, when jobs are made as the clock reaches them.
    pub(super) fn make_next_job(&mut self) {
        let Some(g) = self.upcoming.as_mut().and_then(|u| u.generated.next()) else {
            self.upcoming = None;
            return;
        };
        let profile = g.build as usize;
        let workflow = match self.profile_workflows[profile] {
            Some(w) => w,
            // A build's first job: its workflow is made with its limit (a clone, once per build).
            None => {
                let limits = self.upcoming.as_ref().map(|u| u.limits.clone()).unwrap_or_default();
                self.default_workflow(profile, &limits)
            }
        };
        self.add_generated(profile, g.submit, workflow);
    }

    /// Whether jobs are still to be made as the clock reaches them (so the count so far is
    /// not the run's).
    pub fn jobs_to_come(&self) -> bool {
        self.upcoming.is_some()
    }

    /// A slot for a new job of `units` units: a retired job's with as many, if jobs are
    /// recycled and one is free.
    pub(super) fn free_slot(&mut self, units: u32) -> Option<u32> {
        if !self.recycles {
            return None;
        }
        self.free.iter_mut().find(|(n, _)| *n == units)?.1.pop()
    }

    /// Makes the free slot's units those of a new job, one per service; returns them.
    pub(super) fn reset_units(&mut self, slot: u32, services: impl Iterator<Item = u32>) -> std::ops::Range<u32> {
        let units = self.jobs[slot as usize].units.clone();
        for (u, service) in units.clone().zip(services) {
            let old = &mut self.units[u as usize];
            // The old job's leftover events and queue entries carry older epochs: going on
            // counting from its last keeps them stale.
            *old = UnitState { epoch: old.epoch, ..UnitState::created(slot, service) };
        }
        units
    }

    /// Sums up a job that just ended and frees its slot for a later job, if this run recycles
    /// slots and nothing refers to the job later (a job with extras may be: a Rainbond
    /// component's last event, a Nuon runner's history, a cancel). The slot keeps the job's
    /// state until a new job takes it, and only a submission makes one, so the handler that
    /// ended the job may go on reading it.
    pub(super) fn retire(&mut self, job: u32) {
        let j = &mut self.jobs[job as usize];
        if !self.recycles || j.extra != NONE {
            return;
        }
        self.retired.count(j, self.now);
        j.ordinal = NONE;
        let units = j.units.len() as u32;
        match self.free.iter_mut().find(|(n, _)| *n == units) {
            Some((_, slots)) => slots.push(job),
            None => self.free.push((units, vec![job])),
        }
    }
}
