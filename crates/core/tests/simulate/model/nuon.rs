//! Nuon's model (peer-apis.md §1.5–1.7): each runner processes its jobs one at a time, in the
//! order they were created (`ProcessJob` per runner, across groups); at dequeue an unhealthy
//! runner or a passed queue timeout makes the job `not-attempted`; each execution is made
//! `available`, picked up or `timed-out`, then `finished`, `failed` or `timed-out`, the overall
//! timeout final; the component build is `error` from the job's first failure status (or its
//! overall deadline while still queued), else `active`. A job waits for the jobs its runner
//! took before it, each named, and then, in each attempt, for the runner to pick it up.

use super::*;

/// A build: its runner and its four timeouts in ms (none: Nuon's defaults) and most executions.
#[derive(Debug, Clone)]
struct Build {
    runner: usize,
    queue: Option<u64>,
    available: Option<u64>,
    execution: Option<u64>,
    overall: Option<u64>,
    max_executions: u32,
}

impl Build {
    /// The timeouts as the runner job holds them: queue, available, execution, overall.
    fn timeouts(&self) -> (u64, u64, u64, u64) {
        let (q, a, e) = (self.queue.unwrap_or(86_400_000), self.available.unwrap_or(30_000), self.execution.unwrap_or(3_600_000));
        (q, a, e, self.overall.unwrap_or(q + u64::from(self.max_executions) * (a + e)))
    }
}

/// A random Nuon scenario: runners, healthy or not, builds and their jobs.
#[derive(Debug, Clone)]
pub(super) struct Case {
    healthy: Vec<bool>,
    builds: Vec<Build>,
    jobs: Vec<PinnedJob>,
}

/// Draws a Nuon case (shrinking toward fewer, simpler parts).
pub(super) fn case() -> impl Strategy<Value = Case> {
    let timeout = |lo: u64, hi: u64| proptest::option::weighted(0.6, lo..hi);
    (proptest::collection::vec(proptest::bool::weighted(0.9), 1..4), proptest::collection::vec((0usize..3, timeout(10_000, 1_500_000), timeout(5_000, 300_000), timeout(30_000, 900_000), timeout(60_000, 4_000_000), 1u32..4), 1..4))
        .prop_flat_map(|(healthy, builds)| {
            let runners = healthy.len();
            let builds: Vec<Build> = builds.into_iter().map(|(runner, queue, available, execution, overall, max_executions)| Build { runner: runner % runners, queue, available, execution, overall, max_executions }).collect();
            let jobs = proptest::collection::vec(pinned_job(builds.len(), 900_000, 700_000), 1..30);
            (Just(healthy), Just(builds), jobs)
        })
        .prop_map(|(healthy, builds, jobs)| Case { healthy, builds, jobs })
}

impl Case {
    /// The case as a scenario file gives it.
    pub(super) fn scenario(&self) -> Value {
        let runners: Vec<Value> = self.healthy.iter().enumerate().map(|(i, h)| json!({"name": format!("r{i}"), "healthy": h})).collect();
        let builds: Vec<Value> = self.builds.iter().enumerate().map(|(i, b)| {
            let mut nuon = json!({"runner": format!("r{}", b.runner), "max_executions": b.max_executions});
            for (key, value) in [("queue_timeout", b.queue), ("available_timeout", b.available), ("execution_timeout", b.execution), ("overall_timeout", b.overall)] {
                if let Some(ms) = value {
                    nuon[key] = seconds(ms);
                }
            }
            json!({"name": format!("b{i}"), "semantics": "nuon", "definition": {"git_ref": "main"}, "nuon": nuon})
        }).collect();
        let jobs: Vec<Value> = self.jobs.iter().enumerate().map(|(i, j)| j.scenario(i, &format!("b{}", j.build), true)).collect();
        json!({"seed": 1, "runners": runners, "builds": builds, "workload": {"jobs": jobs}})
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Submit(usize),
    Cancel(usize),
    /// The job's overall deadline, for a job still queued behind others.
    Overdue(usize),
    /// The runner picks up the current attempt (job, epoch).
    Pickup(usize, u32),
    /// The available timeout passes (job, epoch).
    Available(usize, u32),
    /// The overall timeout passes (job, epoch).
    Overall(usize, u32),
    /// The execution timeout passes (job, epoch).
    Execution(usize, u32),
    /// The execution ends as pinned (job, epoch).
    Ended(usize, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Before,
    Queued,
    Available,
    InProgress,
    Done,
}

#[derive(Debug, Clone)]
struct Job {
    phase: Phase,
    /// Bumped whenever what the job waits for changes, so that stale events are dropped.
    epoch: u32,
    out: Expected,
    /// When the runner took it off its queue, if it did.
    dequeued: Option<u64>,
    /// Since when it waits to be picked up, if it does.
    pickup_wait: Option<u64>,
    waits: Vec<String>,
}

/// The backend's rules run over a case, each queue a list, each choice a scan.
pub(super) struct Model<'a> {
    case: &'a Case,
    agenda: Agenda<Event>,
    jobs: Vec<Job>,
    queues: Vec<Vec<usize>>,
    busy: Vec<Option<usize>>,
    /// Each runner's jobs in the order it processed them: (job, from, to).
    history: Vec<Vec<(usize, u64, u64)>>,
}

impl<'a> Model<'a> {
    pub(super) fn new(case: &'a Case) -> Self {
        let jobs = case.jobs.iter().map(|_| Job { phase: Phase::Before, epoch: 0, out: Expected { build: Some("building".into()), ..Expected::default() }, dequeued: None, pickup_wait: None, waits: Vec::new() }).collect();
        let runners = case.healthy.len();
        Model { case, agenda: Agenda::new(), jobs, queues: vec![Vec::new(); runners], busy: vec![None; runners], history: vec![Vec::new(); runners] }
    }

    fn build(&self, j: usize) -> &'a Build {
        &self.case.builds[self.case.jobs[j].build]
    }

    /// Each job's outcome, by id.
    pub(super) fn run(mut self) -> BTreeMap<String, Expected> {
        let mut order: Vec<usize> = (0..self.case.jobs.len()).collect();
        order.sort_by_key(|j| self.case.jobs[*j].submit);
        for j in order {
            self.agenda.at(self.case.jobs[j].submit, 2, Event::Submit(j));
            if let Some(c) = self.case.jobs[j].cancel {
                self.agenda.at(c, 2, Event::Cancel(j));
            }
        }
        while let Some((now, event)) = self.agenda.next() {
            self.on(event, now);
        }
        for j in 0..self.jobs.len() {
            self.runner_waits(j);
        }
        self.jobs.into_iter().enumerate().map(|(i, j)| (PinnedJob::id(i), j.out)).collect()
    }

    /// The job's waits: behind each job its runner processed while it was queued, then each
    /// stretch waiting to be picked up.
    fn runner_waits(&mut self, j: usize) {
        let (submit, until) = (self.case.jobs[j].submit, self.jobs[j].dequeued.or(self.jobs[j].out.finished).unwrap_or(u64::MAX));
        let mut waits = std::mem::take(&mut self.jobs[j].waits);
        let behind: Vec<(usize, u64, u64)> = self.history[self.build(j).runner]
            .iter()
            .map(|&(other, from, to)| (other, from.max(submit), to.min(until)))
            .filter(|&(other, a, b)| other != j && b > a)
            .collect();
        // Behind more than a few jobs, all but the last read as one wait.
        let named = buildbay_core::simulate::engine::REASONS_TOLD as usize;
        let collapsed = behind.len() > named;
        if collapsed {
            let (first, before_last) = (behind[0], behind[behind.len() - 2]);
            let reason = format!("runner busy with job {} to job {}, {} jobs one after another", PinnedJob::id(first.0), PinnedJob::id(before_last.0), behind.len() - 1);
            waits.push(wait_line(first.1, before_last.2, None, &reason));
        }
        for &(other, a, b) in &behind[if collapsed { behind.len() - 1 } else { 0 }..] {
            waits.push(wait_line(a, b, None, &format!("runner busy with job {}", PinnedJob::id(other))));
        }
        waits.sort();
        self.jobs[j].out.waits = Some(waits);
    }

    /// The job waits for the runner to pick it up from now (one wait across attempts that
    /// time out waiting, as the reason stays the same).
    fn await_pickup(&mut self, j: usize, now: u64) {
        self.jobs[j].pickup_wait.get_or_insert(now);
    }

    fn picked_up_or_gone(&mut self, j: usize, now: u64) {
        if let Some(from) = self.jobs[j].pickup_wait.take()
            && now > from
        {
            self.jobs[j].waits.push(wait_line(from, now, None, "waiting for the runner to pick the job up"));
        }
    }

    fn on(&mut self, event: Event, now: u64) {
        let (_, _, execution, overall) = self.build(event_job(event)).timeouts();
        match event {
            Event::Submit(j) => {
                let runner = self.build(j).runner;
                self.queues[runner].push(j);
                (self.jobs[j].phase, self.jobs[j].out.status) = (Phase::Queued, "queued".into());
                if self.busy[runner].is_none() {
                    self.next_job(runner, now);
                } else {
                    self.agenda.at(self.case.jobs[j].submit + overall, 1, Event::Overdue(j));
                }
            }
            Event::Overdue(j) if self.jobs[j].phase == Phase::Queued => self.fail_build(j),
            Event::Cancel(j) => match self.jobs[j].phase {
                Phase::InProgress if self.jobs[j].out.attempts < self.build(j).max_executions => {
                    self.jobs[j].epoch += 1;
                    self.attempt_over(j, "cancelled", true, now);
                }
                Phase::Queued => {
                    // Off the queue: the runner, reaching it, finds it cancelled and moves on.
                    self.jobs[j].epoch += 1;
                    self.fail_build(j);
                    let job = &mut self.jobs[j];
                    (job.phase, job.out.status, job.out.finished) = (Phase::Done, "cancelled".into(), Some(now));
                }
                Phase::Available | Phase::InProgress => {
                    self.jobs[j].epoch += 1;
                    self.end(j, "cancelled", now);
                }
                _ => {}
            },
            Event::Pickup(j, e) if self.current(j, e) => {
                self.picked_up_or_gone(j, now);
                self.jobs[j].out.started.get_or_insert(now);
                (self.jobs[j].phase, self.jobs[j].out.status) = (Phase::InProgress, "in-progress".into());
                self.jobs[j].epoch += 1;
                let epoch = self.jobs[j].epoch;
                let pin = self.case.jobs[j].attempt(self.jobs[j].out.attempts - 1);
                let (end, deadline, overall) = (pin.duration.map_or(u64::MAX, |d| now + d), now + execution, self.case.jobs[j].submit + overall);
                if end <= deadline && end <= overall {
                    self.agenda.at(end, 0, Event::Ended(j, epoch));
                } else if overall <= deadline {
                    self.agenda.at(overall, 1, Event::Overall(j, epoch));
                } else {
                    self.agenda.at(deadline, 1, Event::Execution(j, epoch));
                }
            }
            Event::Available(j, e) | Event::Execution(j, e) if self.current(j, e) => self.attempt_over(j, "timed-out", true, now),
            Event::Overall(j, e) if self.current(j, e) => self.attempt_over(j, "timed-out", false, now),
            Event::Ended(j, e) if self.current(j, e) => {
                if self.case.jobs[j].attempt(self.jobs[j].out.attempts - 1).outcome == Pinned::Failed {
                    self.attempt_over(j, "failed", true, now);
                } else {
                    if self.jobs[j].out.build.as_deref() == Some("building") {
                        self.jobs[j].out.build = Some("active".into());
                    }
                    self.end(j, "finished", now);
                }
            }
            _ => {}
        }
    }

    fn current(&self, j: usize, epoch: u32) -> bool {
        self.jobs[j].epoch == epoch && self.jobs[j].phase != Phase::Done
    }

    /// The runner's `ProcessJob` takes its next job: turned away by an unhealthy runner or a
    /// passed queue timeout, else its first attempt.
    fn next_job(&mut self, runner: usize, now: u64) {
        while !self.queues[runner].is_empty() {
            let j = self.queues[runner].remove(0);
            if self.jobs[j].phase == Phase::Done {
                continue;
            }
            let (queue, ..) = self.build(j).timeouts();
            if !self.case.healthy[runner] {
                self.end(j, "not-attempted", now);
                continue;
            }
            self.jobs[j].dequeued = Some(now);
            if self.case.jobs[j].submit + queue < now {
                self.end(j, "not-attempted", now);
                continue;
            }
            self.busy[runner] = Some(j);
            self.history[runner].push((j, now, u64::MAX));
            self.attempt(j, now);
            return;
        }
    }

    /// An execution is made `available`: picked up after its delay, or timed out.
    fn attempt(&mut self, j: usize, now: u64) {
        let (_, available, _, overall) = self.build(j).timeouts();
        let pickup = self.case.jobs[j].attempt(self.jobs[j].out.attempts).pickup;
        self.await_pickup(j, now);
        let job = &mut self.jobs[j];
        job.out.attempts += 1;
        job.epoch += 1;
        (job.phase, job.out.status) = (Phase::Available, "available".into());
        let (pick, available, overall) = (now + pickup, now + available, self.case.jobs[j].submit + overall);
        let epoch = job.epoch;
        if overall < now {
            self.agenda.at(now, 1, Event::Overall(j, epoch));
        } else if pick <= available && pick <= overall {
            self.agenda.at(pick, 0, Event::Pickup(j, epoch));
        } else if overall <= available {
            self.agenda.at(overall, 1, Event::Overall(j, epoch));
        } else {
            self.agenda.at(available, 1, Event::Available(j, epoch));
        }
    }

    /// An attempt ended on a failure status: the next one if allowed, else the job ends so.
    fn attempt_over(&mut self, j: usize, status: &str, retry: bool, now: u64) {
        self.jobs[j].out.status = status.into();
        self.fail_build(j);
        if retry && self.jobs[j].out.attempts < self.build(j).max_executions {
            self.attempt(j, now);
        } else {
            self.end(j, status, now);
        }
    }

    fn end(&mut self, j: usize, status: &str, now: u64) {
        if status != "finished" {
            self.fail_build(j);
        }
        self.picked_up_or_gone(j, now);
        let job = &mut self.jobs[j];
        (job.phase, job.out.status, job.out.finished) = (Phase::Done, status.into(), Some(now));
        let runner = self.build(j).runner;
        if self.busy[runner] == Some(j) {
            self.busy[runner] = None;
            if let Some(last) = self.history[runner].last_mut() {
                last.2 = now;
            }
            self.next_job(runner, now);
        }
    }

    /// Nuon's client reads the build `error` from the job's first failure status on.
    fn fail_build(&mut self, j: usize) {
        if self.jobs[j].out.build.as_deref() == Some("building") {
            self.jobs[j].out.build = Some("error".into());
        }
    }
}

fn event_job(event: Event) -> usize {
    match event {
        Event::Submit(j) | Event::Cancel(j) | Event::Overdue(j) => j,
        Event::Pickup(j, _) | Event::Available(j, _) | Event::Overall(j, _) | Event::Execution(j, _) | Event::Ended(j, _) => j,
    }
}
