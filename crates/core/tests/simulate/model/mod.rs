//! Model-based checks: random scenarios with every attempt pinned run exactly as a small,
//! separate model of each backend's rules says they must.
//!
//! The table tests pin one rule each and the properties check what holds of any run; neither
//! says that, in a busy scenario, each job ends with the right status at the right millisecond.
//! Each model here is written from `../shared/reference` (the backends' code as read there),
//! as plainly as it can be — a list for every queue, a scan for every choice — and shares no code
//! with the engine, whose queues, trees and buckets are built for speed. Times are whole
//! milliseconds, drawn so that unrelated events seldom meet; where they do meet the models
//! order them as the engine documents it (an attempt ending before a deadline at the same
//! instant, submissions and cancels last).

mod nuon;
mod rainbond;
mod zadig;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use super::*;

/// How an attempt is pinned to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pinned {
    Passed,
    Failed,
    /// Hangs until its backend's timeout ends it.
    Timeout,
}

impl Pinned {
    fn word(self) -> &'static str {
        match self {
            Pinned::Passed => "passed",
            Pinned::Failed => "failed",
            Pinned::Timeout => "timeout",
        }
    }
}

/// One attempt's pin: its outcome, how long it runs (none when it hangs), and for Nuon how
/// long the runner takes to pick it up.
#[derive(Debug, Clone, Copy)]
struct AttemptPin {
    outcome: Pinned,
    duration: Option<u64>,
    pickup: u64,
}

/// A job of the workload, its times in milliseconds.
#[derive(Debug, Clone)]
struct PinnedJob {
    build: usize,
    submit: u64,
    /// The pin of every attempt not pinned on its own.
    all: AttemptPin,
    attempts: Vec<AttemptPin>,
    cancel: Option<u64>,
}

impl PinnedJob {
    fn id(i: usize) -> String {
        format!("j{i}")
    }

    /// The pin attempt `number` (from 0) runs with.
    fn attempt(&self, number: u32) -> AttemptPin {
        self.attempts.get(number as usize).copied().unwrap_or(self.all)
    }

    /// The job as the scenario gives it (its pick-up delays only for Nuon, which has them).
    fn scenario(&self, i: usize, build: &str, pickups: bool) -> Value {
        let pin = |p: &AttemptPin, with_pickup: bool| {
            let mut v = json!({"outcome": p.outcome.word()});
            if let Some(d) = p.duration {
                v["duration"] = seconds(d);
            }
            if with_pickup && p.pickup > 0 {
                v["pickup_delay"] = seconds(p.pickup);
            }
            v
        };
        let mut job = pin(&self.all, false);
        job["id"] = json!(Self::id(i));
        job["build"] = json!(build);
        job["submit"] = seconds(self.submit);
        if !self.attempts.is_empty() {
            job["attempts"] = self.attempts.iter().map(|p| pin(p, pickups)).collect();
        }
        if let Some(c) = self.cancel {
            job["cancel_at"] = seconds(c);
        }
        job
    }
}

/// Milliseconds as the scenario's seconds.
fn seconds(ms: u64) -> Value {
    json!(ms as f64 / 1000.0)
}

/// An attempt's pin: mostly a pinned run, now and then a failure or a hang.
fn attempt_pin(longest: u64) -> impl Strategy<Value = AttemptPin> {
    (0u8..4, 5_000u64..longest, prop_oneof![3 => Just(0u64), 2 => 0u64..120_000]).prop_map(|(o, duration, pickup)| {
        let outcome = [Pinned::Passed, Pinned::Passed, Pinned::Failed, Pinned::Timeout][o as usize];
        AttemptPin { outcome, duration: (outcome != Pinned::Timeout).then_some(duration), pickup }
    })
}

/// A job of one of `builds` builds, submitted in the first `window` ms, cancelled now and then.
fn pinned_job(builds: usize, window: u64, longest: u64) -> impl Strategy<Value = PinnedJob> {
    (0..builds, 0..window, attempt_pin(longest), proptest::collection::vec(attempt_pin(longest), 0..3), proptest::option::weighted(0.15, 0u64..1_500_000))
        .prop_map(|(build, submit, mut all, attempts, cancel)| {
            all.pickup = 0;
            PinnedJob { build, submit, all, attempts, cancel: cancel.map(|c| submit + c) }
        })
}

/// The events of a model, in time order: at one instant, by rank (0 an attempt's end, 1 a
/// deadline, 2 a submission or cancel), then in the order they were scheduled.
struct Agenda<E: Ord> {
    heap: BinaryHeap<Reverse<(u64, u8, u64, E)>>,
    scheduled: u64,
}

impl<E: Ord> Agenda<E> {
    fn new() -> Self {
        Agenda { heap: BinaryHeap::new(), scheduled: 0 }
    }

    fn at(&mut self, at: u64, rank: u8, event: E) {
        self.scheduled += 1;
        self.heap.push(Reverse((at, rank, self.scheduled, event)));
    }

    fn next(&mut self) -> Option<(u64, E)> {
        self.heap.pop().map(|Reverse((at, _, _, event))| (at, event))
    }
}

/// What the model says of one job: its final status, when it first ran and ended, and how many
/// attempts it made (plus, for Nuon, its component build's status, and for Zadig, each job
/// task's — a task's roll-up alone cannot tell `unstable` from `passed` — and each wait, where
/// the model says them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Expected {
    status: String,
    started: Option<u64>,
    finished: Option<u64>,
    attempts: u32,
    build: Option<String>,
    job_tasks: Vec<String>,
    /// Each wait as "from–to unit: reason", in ms, sorted.
    waits: Option<Vec<String>>,
}

/// A wait as [`Expected`] lists it.
/// A wait's reason, and for one whose reason kept changing past the most told one by one,
/// its changes and each earlier reason with the milliseconds it held.
fn folded_reason(reason: &str, folded: Option<(u32, Vec<(String, u64)>)>) -> String {
    match folded {
        None => reason.to_string(),
        Some((changes, earlier)) => format!("{reason} after {changes} changes: {earlier:?}"),
    }
}

fn wait_line(from: u64, to: u64, unit: Option<&str>, reason: &str) -> String {
    format!("{from}–{to} {}: {reason}", unit.unwrap_or("-"))
}

/// Runs `scenario` and asserts each job's outcome is the model's.
fn check(scenario: &Value, expected: &BTreeMap<String, Expected>) -> Result<(), TestCaseError> {
    let prepared = scenario::parse(&scenario.to_string()).map_err(|e| TestCaseError::fail(format!("scenario refused: {e:?}")))?;
    let outcome = simulate::simulate(&prepared, 1, Detail::Full);
    prop_assert_eq!(outcome.jobs.len(), expected.len());
    let ms = |s: Option<f64>| s.map(|s| (s * 1000.0).round() as u64);
    for job in &outcome.jobs {
        let want = &expected[&job.id];
        let build = want.build.as_ref().map(|_| job.backend["build"]["status"].as_str().unwrap_or_default().to_string());
        let job_tasks = if want.job_tasks.is_empty() { Vec::new() } else { job_task_statuses(&job.backend) };
        let waits = want.waits.as_ref().map(|_| {
            let mut w: Vec<String> = job
                .waits
                .iter()
                .map(|w| {
                    let folded = w.folded.as_ref().map(|f| (f.reason_changes, f.earlier_reasons.iter().map(|r| (r.reason.clone(), ms(Some(r.seconds)).unwrap_or(0))).collect()));
                    wait_line(ms(Some(w.from)).unwrap_or(0), ms(Some(w.to)).unwrap_or(0), w.unit.as_deref(), &folded_reason(&w.reason, folded))
                })
                .collect();
            w.sort();
            w
        });
        let got = Expected { status: job.status.clone(), started: ms(job.started), finished: ms(job.finished), attempts: job.attempts, build, job_tasks, waits };
        prop_assert_eq!(&got, want, "job {} of {}", &job.id, scenario);
    }
    Ok(())
}

/// The statuses of a Zadig task's job tasks, as its task detail lists them.
fn job_task_statuses(task: &Value) -> Vec<String> {
    let jobs = task["stages"][0]["jobs"].as_array().map(Vec::as_slice).unwrap_or_default();
    jobs.iter().map(|j| j["status"].as_str().unwrap_or_default().to_string()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Zadig: tasks under the workflow concurrency and per-workflow limits, oldest first; job
    /// tasks per service under the job concurrency (one by one, stopping at the first failure,
    /// at 1); pods placed by requests and the pod cap on the best-scored node, waiting oldest
    /// first; timeouts from `prepare`; retry, ignore_error and stop; cancels.
    #[test]
    fn zadig_runs_as_its_model_says(case in zadig::case()) {
        check(&case.scenario(), &zadig::Model::new(&case).run())?;
    }

    /// Nuon: each runner's jobs one at a time in submission order; the queue timeout at
    /// dequeue, the available, execution and overall timeouts, executions up to the most
    /// allowed, cancels, unhealthy runners; the component build's `active` or `error`.
    #[test]
    fn nuon_runs_as_its_model_says(case in nuon::case()) {
        check(&case.scenario(), &nuon::Model::new(&case).run())?;
    }

    /// Rainbond: the architecture check, 409 within 3 minutes of a component's unfinished
    /// event, builder slots (2 × CPU) held by source builds and not by image builds, first in
    /// first out, 30-minute attempts, a second for image builds, 30 minutes at most queued.
    #[test]
    fn rainbond_runs_as_its_model_says(case in rainbond::case()) {
        check(&case.scenario(), &rainbond::Model::new(&case).run())?;
    }
}
