//! The discrete-event engine: one ordered queue of events, one handler per backend's rules.
//!
//! Time is whole milliseconds from the scenario's start. Events at the same instant run in the
//! order completion, then deadlines, then everything else, each in the order it was scheduled;
//! so work that ends exactly at a deadline is in time (Go's `now.After(deadline)` is false).

mod agenda;
mod in_flight;
mod loading;
mod nuon;
mod pending;
mod pods;
mod rainbond;
pub mod sampled;
mod servicestage;
mod word;
mod zadig;

use std::collections::VecDeque;

use agenda::{Agenda, Rank};
use in_flight::Upcoming;
use pending::PendingQueue;
pub use in_flight::JobSums;
pub use loading::Loading;
pub(crate) use nuon::SANDBOX_SUCCESS;
pub(crate) use rainbond::Refusal;
use sampled::Sampled;

use rand_pcg::Pcg32;

use super::cluster::{Fleet, Request};
use super::plan::{self, Attempt, Profile};
use super::scenario::{JobSpec, millis};
use crate::target::Target;
pub use word::Word;
use word::word;

/// How much the engine keeps: everything for display, or only what summaries need (for
/// million-job capacity runs, where per-step records would dominate memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Detail {
    Full,
    Summary,
}

/// What happens at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    Submit(u32),
    Cancel(u32),
    /// A unit's attempt ends (its last step or its failing step).
    UnitDone(u32, u32),
    /// A Zadig or ServiceStage unit reaches its timeout.
    UnitTimeout(u32, u32),
    /// A Nuon job's next decision: pick-up, deadline, execution end or a sandbox sleep's end.
    NuonWake(u32, u32),
    /// A Rainbond attempt ends.
    RainbondDone(u32, u32),
    /// A Rainbond task still waiting for a builder slot gives up.
    RainbondExpire(u32),
    /// A Nuon job still queued behind another reaches its overall timeout: Nuon's client
    /// stops waiting for it there, so its build reads `error` while the runner job waits on.
    NuonOverdue(u32),
}

/// Where a status change happened: the job as a whole, one of its units, or a sub-record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Zadig task, Nuon runner job, Rainbond event, ServiceStage build instance.
    Job,
    /// Zadig job task (one per service), by unit index within the job.
    Unit(u32),
    /// Nuon component build.
    Build,
    /// Nuon runner job execution, by attempt number.
    Execution(u32),
}

/// One status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub job: u32,
    pub scope: Scope,
    pub at: u64,
    pub status: &'static str,
    pub note: &'static str,
}

/// A stretch of time a job (or one of its units) waited, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    pub job: u32,
    pub unit: Option<u32>,
    pub from: u64,
    pub to: Option<u64>,
    pub reason: String,
    /// Its place among the reasons of one unbroken wait, from 1: past [`REASONS_TOLD`], a
    /// change of reason is folded into the last wait told instead of starting another.
    pub told: u32,
    /// The wait before it in the same unbroken wait (`NONE` for the first).
    prev: u32,
    /// The reasons folded into this wait before `reason`, if any.
    pub folded: Option<Box<Folded>>,
}

/// The reasons a wait went through after it had told [`REASONS_TOLD`], kept by how long
/// each held, so that the waiting summed by reason stays exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// When the wait's present reason began.
    pub since: u64,
    /// Each earlier reason and the milliseconds it held in all.
    pub earlier: Vec<(String, u64)>,
    /// How many times the reason changed (a reason that held no time not counted).
    pub changes: u32,
    /// The last change: the earlier reason's entry and the time added to it, so that a
    /// reason reworded and back within one instant is undone, as if never changed.
    last: Option<(usize, u64)>,
}

impl Folded {
    /// The reason changes at `now` from `old` to `new`.
    fn change(&mut self, now: u64, old: String, new: &str) {
        if now == self.since {
            // `old` held no time: it never happened, and a return to the reason before undoes
            // the change to it.
            if let Some((i, held)) = self.last.filter(|(i, _)| self.earlier[*i].0 == new) {
                self.earlier[i].1 -= held;
                (self.since, self.changes, self.last) = (self.since - held, self.changes - 1, None);
            }
            return;
        }
        let held = now - self.since;
        let i = match self.earlier.iter().position(|(r, _)| *r == old) {
            Some(i) => i,
            None => {
                self.earlier.push((old, 0));
                self.earlier.len() - 1
            }
        };
        self.earlier[i].1 += held;
        (self.since, self.changes, self.last) = (now, self.changes + 1, Some((i, held)));
    }
}

/// How many reasons one unbroken wait tells one by one (and how many jobs ahead a queued Nuon
/// job's waits name): a pod waiting in a busy cluster is given a new reason each time a pod
/// leaves, and without a bound each of a thousand waiting pods would list a thousand reasons (a
/// run's detail growing with the square of its jobs).
pub const REASONS_TOLD: u32 = 10;

/// A unit's run on a node (or a builder, or a runner), for the Gantt chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub job: u32,
    pub unit: u32,
    pub attempt: u32,
    pub node: Option<u32>,
    pub start: u64,
    pub end: u64,
    pub status: &'static str,
    /// The attempt's planned step durations and failing step.
    pub plan: Attempt,
}

/// A time not reached yet, in the engine's compact state (where `Option<u64>` costs 16 bytes).
const NEVER: u64 = u64::MAX;

/// No index, in the engine's compact state (where `Option<u32>` costs 8 bytes).
const NONE: u32 = u32::MAX;

/// `amount × duration` for the utilisation integrals, in 64 bits when that is exact: wasm
/// has no 128-bit multiply and calls a library routine for one, twice per pod bound or freed.
#[cfg(target_arch = "wasm32")]
fn area(amount: u64, duration: u64) -> u128 {
    if (amount | duration) >> 32 == 0 { u128::from(amount * duration) } else { u128::from(amount) * u128::from(duration) }
}

/// `amount × duration` for the utilisation integrals (one instruction natively).
#[cfg(not(target_arch = "wasm32"))]
fn area(amount: u64, duration: u64) -> u128 {
    u128::from(amount) * u128::from(duration)
}

/// Asks for `items[i]` to be brought into the cache without waiting for it: a prefetch hint.
#[cfg(target_arch = "x86_64")]
#[inline]
fn touch<T, V>(items: &[T], i: usize, _field: impl Fn(&T) -> V) {
    use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    // SAFETY: a prefetch is only a hint; it never faults, whatever the address.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(items.as_ptr().wrapping_add(i).cast()) };
}

/// Reads a field of `items[i]` early where there is no prefetch instruction (wasm): nothing
/// waits for the read, so the processor carries on with the current event meanwhile.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn touch<T, V>(items: &[T], i: usize, field: impl Fn(&T) -> V) {
    std::hint::black_box(items.get(i).map(field));
}

fn time(t: u64) -> Option<u64> {
    (t != NEVER).then_some(t)
}

fn index(i: u32) -> Option<u32> {
    (i != NONE).then_some(i)
}

/// Per-job state the engine updates and the outcome reports, kept small: a million-job run
/// holds one per job, and touching that memory is most of what such a run costs. What only
/// some jobs need (a given id, pinned attempts, a Nuon or Rainbond attempt) is in [`JobExtra`].
#[derive(Debug, Clone)]
pub struct JobState {
    pub submit: u64,
    started: u64,
    ended: u64,
    pub units: std::ops::Range<u32>,
    /// Its place in submission order (`NONE` for a free slot): its index, unless finished
    /// jobs' slots are reused.
    ordinal: u32,
    pub profile: u32,
    pub workflow: u32,
    pub attempts: u32,
    next_unit: u32,
    active_units: u32,
    done_units: u32,
    epoch: u32,
    open_wait: u32,
    /// Its entry in the engine's `extras`, if it has one.
    extra: u32,
    /// The job's status in its backend's vocabulary (task, runner job, event, instance).
    pub status: Word,
    /// Nuon's component build status; Rainbond's event `final_status`; Zadig's stage status.
    pub secondary: Word,
    /// Rainbond: version status; Nuon: status description.
    pub note: Word,
    pub semantics: Target,
    pub http_status: u16,
    cancelled: bool,
    /// Counted in the queue-length series (submitted, not yet started or ended).
    in_queue: bool,
    decision: u8,
}

/// What a job has beyond [`JobState`] when it has an id of its own, pins its attempts, or
/// runs one attempt at a time on a Nuon runner or a Rainbond builder.
#[derive(Debug, Clone)]
pub struct JobExtra {
    /// The id the job's specification gave, if any.
    given_id: Option<String>,
    /// Where its pinned attempts are kept.
    pins: u32,
    /// Nuon: when the runner took the job off its queue.
    dequeued: u64,
    pub(crate) attempt_start: u64,
    pub(crate) attempt_plan: Option<Box<Attempt>>,
    /// Rainbond: the builder node of the current attempt.
    node: u32,
}

impl JobExtra {
    /// What a job without an entry reads: no id of its own, no pins, no attempt under way.
    const NONE: JobExtra = JobExtra { given_id: None, pins: NONE, dequeued: NEVER, attempt_start: 0, attempt_plan: None, node: NONE };

    /// Nuon: when the runner took it off its queue, if it has.
    pub fn dequeued(&self) -> Option<u64> {
        time(self.dequeued)
    }

    /// Rainbond: the builder node of its current or last attempt.
    pub fn node(&self) -> Option<u32> {
        index(self.node)
    }
}

impl JobState {
    /// When its first unit started running, if it has.
    pub fn started(&self) -> Option<u64> {
        time(self.started)
    }

    /// When it reached its terminal status, if it has.
    pub fn ended(&self) -> Option<u64> {
        time(self.ended)
    }

    /// Milliseconds from submission until the job started, or ended without starting, or now.
    pub fn wait_ms(&self, now: u64) -> u64 {
        self.started().or(self.ended()).unwrap_or(now).saturating_sub(self.submit)
    }
}

/// Per-unit state: a Zadig job task or a ServiceStage build's pod.
#[derive(Debug, Clone)]
pub struct UnitState {
    pub(crate) run_start: u64,
    /// When the current attempt ends, while it runs.
    run_end: u64,
    pub job: u32,
    pub service: u32,
    pub retries: u32,
    node: u32,
    epoch: u32,
    group: u32,
    open_wait: u32,
    pub status: Word,
    pending: bool,
    /// Whether the current attempt fails.
    fails: bool,
}

impl UnitState {
    /// A unit of `job` for `service`, not started yet.
    fn created(job: u32, service: u32) -> UnitState {
        UnitState {
            run_start: 0,
            run_end: NEVER,
            job,
            service,
            retries: 0,
            node: NONE,
            epoch: 0,
            group: 0,
            open_wait: NONE,
            status: word!("created"),
            pending: false,
            fails: false,
        }
    }

    /// The node its pod is bound to, while it runs.
    pub fn node(&self) -> Option<u32> {
        index(self.node)
    }
}

/// Rainbond's per-component memory of its last build event.
#[derive(Debug, Clone, Default)]
struct Component {
    name: String,
    last: Option<u32>,
}

/// A Nuon runner: its FIFO of jobs and which one it is processing.
#[derive(Debug, Clone)]
pub struct Runner {
    pub name: String,
    pub healthy: bool,
    /// Sandbox mode: its jobs read `finished` after the control plane's sleep, run by no runner.
    pub sandbox: bool,
    queue: VecDeque<u32>,
    busy: Option<u32>,
    /// (job, from, to): which job the runner processed when, to explain waits behind it.
    pub history: Vec<(u32, u64, u64)>,
}

/// A point of a step-shaped series: the value from `at` until the next point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub at: u64,
    pub value: i64,
}

/// The simulation: its state, its queue of events and what it has recorded.
pub struct Engine {
    pub(crate) detail: Detail,
    pub(crate) seed: u64,
    pub(crate) now: u64,
    agenda: Agenda,
    pub events: u64,
    pub(crate) profiles: Vec<Profile>,
    /// The specifications of jobs that pin durations, outcomes or pick-up delays.
    specs: Vec<JobSpec>,
    /// What a job that pins nothing reads.
    unpinned: JobSpec,
    /// Step durations of the attempt being planned, reused when only summaries are kept.
    scratch: Vec<u64>,
    pub jobs: Vec<JobState>,
    /// What some jobs have beyond their state, each job pointing at its own entry.
    extras: Vec<JobExtra>,
    /// How many jobs have reached a terminal status (a long run's progress).
    pub finished: u64,
    pub units: Vec<UnitState>,
    /// Each unit's current attempt's step durations (full detail only, for placements and logs).
    pub(crate) unit_plans: Vec<Option<Box<Attempt>>>,
    pub fleet: Fleet,
    pub runners: Vec<Runner>,
    pending: Vec<PendingQueue>,
    /// Each build's node group, once known (a build's selector never changes).
    profile_groups: Vec<Option<u32>>,
    /// Each build's default workflow, once created.
    profile_workflows: Vec<Option<u32>>,
    warm: Vec<bool>,
    pub workflows: Vec<String>,
    /// Each workflow's index by name: ten thousand builds have ten thousand workflows.
    workflow_index: std::collections::HashMap<String, u32>,
    workflow_limits: Vec<i64>,
    workflow_running: Vec<u32>,
    waiting_tasks: VecDeque<u32>,
    /// Whether the waiting tasks last read as held by their workflows' limits (full detail).
    tasks_wait_for_workflows: bool,
    running_tasks: u32,
    workflow_concurrency: u32,
    job_concurrency: u32,
    components: Vec<Component>,
    builder_queue: VecDeque<u32>,
    pub builder_slots: rainbond::BuilderSlotTime,
    pub transitions: Vec<Transition>,
    pub waits: Vec<Wait>,
    pub placements: Vec<Placement>,
    /// Per node: CPU in use over time (Full detail only), and the CPU-millisecond integral.
    pub cpu_series: Vec<Vec<Point>>,
    pub cpu_integral: Vec<u128>,
    pub memory_integral: Vec<u128>,
    last_change: Vec<u64>,
    /// Jobs submitted and not yet started or ended, over time.
    pub queue_series: Vec<Point>,
    pub queued: i64,
    /// The most jobs that waited at once, up to the last change (see [`Engine::queue_peak`]).
    pub queue_max: i64,
    pub queue_integral: u128,
    queue_changed: u64,
    /// Summary runs only: the queue and each cluster's CPU requested, sampled at an interval.
    pub samples: Option<Samples>,
    /// How many jobs have been made (the next one's ordinal).
    made: u32,
    /// The generated jobs still to be made, when they are made as the clock reaches them.
    upcoming: Option<Upcoming>,
    /// Whether a finished job's slot goes to a later job (summary runs of generated jobs).
    recycles: bool,
    /// Free job slots (each with its units), by how many units they have.
    free: Vec<(u32, Vec<u32>)>,
    /// What the jobs whose slots were reused add to the summary.
    pub(crate) retired: JobSums,
}

/// What a summary run charts, sampled: it keeps no per-node series, and a change-by-change
/// queue series of a million-job run would be millions of points.
#[derive(Debug, Clone)]
pub struct Samples {
    pub queue: Sampled,
    /// Per cluster, millicores requested on its nodes.
    pub clusters: Vec<Sampled>,
}

impl Engine {
    /// Cancels a job at the current time (the app's cancel button).
    pub fn cancel_now(&mut self, job: u32) {
        if (job as usize) < self.jobs.len() {
            self.schedule(self.now, Rank::Other, Event::Cancel(job));
        }
    }

    pub(crate) fn schedule(&mut self, at: u64, rank: Rank, event: Event) {
        self.agenda.push(at, rank, event);
    }

    /// Schedules a deadline `delay` from now; such deadlines are cheap however many there are.
    pub(crate) fn deadline(&mut self, delay: u64, event: Event) {
        self.agenda.deadline(self.now, delay, event);
    }

    /// Whether an event no longer applies (its unit or job moved on); such events are dropped
    /// without being counted.
    fn is_stale(&self, event: Event) -> bool {
        match event {
            Event::UnitDone(u, e) | Event::UnitTimeout(u, e) => self.units[u as usize].epoch != e,
            Event::NuonWake(j, e) | Event::RainbondDone(j, e) => self.jobs[j as usize].epoch != e,
            Event::NuonOverdue(j) => !self.nuon_overdue_applies(j),
            _ => false,
        }
    }

    /// Processes every event up to and including `until`; returns whether events remain.
    pub fn run_until(&mut self, until: u64) -> bool {
        self.run_bounded(until, u64::MAX)
    }

    /// Processes at most `budget` events up to `until`, so a caller can slice a long run.
    pub fn run_bounded(&mut self, until: u64, budget: u64) -> bool {
        let mut done = 0;
        while done < budget {
            let Some(next) = self.agenda.pop_due(until, |j| self.jobs[j as usize].submit) else { break };
            self.read_ahead();
            let event = next.event();
            if self.is_stale(event) {
                continue;
            }
            self.now = next.at;
            self.events += 1;
            done += 1;
            self.handle(event);
        }
        // With nothing more due by `until`, the clock still gets there (the app's clock runs on
        // after the last job ends); `u64::MAX` means "to the end", not a time.
        if done < budget && until != u64::MAX {
            self.now = self.now.max(until);
        }
        !self.agenda.is_empty()
    }

    /// Asks the memory system early for the unit and job the next completion will touch: on
    /// million-job runs they were last used thousands of jobs ago and are no longer cached.
    #[inline]
    fn read_ahead(&self) {
        let [next, after, other] = self.agenda.upcoming();
        // The next completion's job (its unit is read here, and was asked for a step ago)…
        if let Some(Event::UnitDone(unit, _)) = next
            && let Some(u) = self.units.get(unit as usize)
        {
            touch(&self.jobs, u.job as usize, |j| j.submit);
        }
        // …and the units of the two completions after it.
        for event in [after, other] {
            if let Some(Event::UnitDone(unit, _)) = event {
                touch(&self.units, unit as usize, |u| u.run_end);
            }
        }
    }

    /// Runs to the end: every job reaches a terminal status because every wait has a deadline.
    pub fn run(&mut self) {
        self.run_until(u64::MAX);
    }

    /// The index of the job with this id.
    pub fn job_index(&self, id: &str) -> Option<u32> {
        (0..self.jobs.len() as u32).find(|j| self.has_id(*j, id))
    }

    /// What the job has beyond its state (nothing set for most generated jobs).
    pub fn extra(&self, job: u32) -> &JobExtra {
        index(self.jobs[job as usize].extra).map_or(&JobExtra::NONE, |e| &self.extras[e as usize])
    }

    /// The job's extra state to change; jobs that need it got it when they were added.
    pub(crate) fn extra_mut(&mut self, job: u32) -> Option<&mut JobExtra> {
        index(self.jobs[job as usize].extra).map(|e| &mut self.extras[e as usize])
    }

    /// Nuon: the runner takes the job off its queue now.
    pub(crate) fn mark_dequeued(&mut self, job: u32) {
        let now = self.now;
        if let Some(e) = self.extra_mut(job) {
            e.dequeued = now;
        }
    }

    /// Nuon or Rainbond: an attempt starts now (with its plan once it runs).
    pub(crate) fn begin_attempt(&mut self, job: u32, plan: Option<Attempt>) {
        let now = self.now;
        if let Some(e) = self.extra_mut(job) {
            e.attempt_start = now;
            if let Some(plan) = plan {
                e.attempt_plan = Some(Box::new(plan));
            }
        }
    }

    /// Nuon or Rainbond: the current attempt ends; its start and its plan, if it had begun
    /// running.
    pub(crate) fn end_attempt(&mut self, job: u32) -> (u64, Option<Box<Attempt>>) {
        self.extra_mut(job).map_or((0, None), |e| (e.attempt_start, e.attempt_plan.take()))
    }

    /// Rainbond: the builder node the current attempt runs on.
    pub(crate) fn set_builder(&mut self, job: u32, node: u32) {
        if let Some(e) = self.extra_mut(job) {
            e.node = node;
        }
    }

    /// The job's id: the one its specification gave, or `job-<n>` in submission order.
    pub fn job_id(&self, job: u32) -> std::borrow::Cow<'_, str> {
        match &self.extra(job).given_id {
            Some(id) => std::borrow::Cow::Borrowed(id.as_str()),
            None => std::borrow::Cow::Owned(format!("job-{}", u64::from(self.jobs[job as usize].ordinal) + 1)),
        }
    }

    /// Whether the job's id is `id`, without building default ids.
    pub fn has_id(&self, job: u32, id: &str) -> bool {
        if self.jobs[job as usize].is_free() {
            return false;
        }
        match &self.extra(job).given_id {
            Some(given) => given.as_str() == id,
            None => super::scenario::number_after(id, "job") == Some(u64::from(self.jobs[job as usize].ordinal) + 1),
        }
    }

    /// The simulated time reached, in milliseconds.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// When the next event happens, if any.
    pub fn next_event_at(&self) -> Option<u64> {
        self.agenda.peek(|j| self.jobs[j as usize].submit).map(|s| s.at)
    }

    /// A job's submission is handled now: its semantics, once the next job (if they are made
    /// as the clock reaches them) is in the agenda.
    fn submitting(&mut self, job: u32) -> Target {
        if self.upcoming.is_some() {
            self.make_next_job();
        }
        self.jobs[job as usize].semantics
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::Submit(job) => match self.submitting(job) {
                Target::Zadig => self.zadig_submit(job),
                Target::ServiceStage => self.servicestage_submit(job),
                Target::Nuon => self.nuon_submit(job),
                Target::Rainbond => self.rainbond_submit(job),
            },
            Event::Cancel(job) => match self.jobs[job as usize].semantics {
                Target::Zadig | Target::ServiceStage => self.pod_cancel(job),
                Target::Nuon => self.nuon_cancel(job),
                Target::Rainbond => self.rainbond_cancel(job),
            },
            Event::UnitDone(unit, epoch) => self.unit_done(unit, epoch),
            Event::UnitTimeout(unit, epoch) => self.unit_timeout(unit, epoch),
            Event::NuonWake(job, epoch) => self.nuon_wake(job, epoch),
            Event::RainbondDone(job, epoch) => self.rainbond_done(job, epoch),
            Event::RainbondExpire(job) => self.rainbond_expire(job),
            Event::NuonOverdue(job) => self.nuon_overdue(job),
        }
    }

    // ---- shared bookkeeping -------------------------------------------------------------

    pub(crate) fn record(&mut self, job: u32, scope: Scope, status: &'static str, note: &'static str) {
        if self.detail == Detail::Full {
            self.transitions.push(Transition { job, scope, at: self.now, status, note });
        }
    }

    /// Starts (or changes the reason of) a wait; `unit` is None for the job as a whole.
    pub(crate) fn wait(&mut self, job: u32, unit: Option<u32>, reason: impl FnOnce(&Engine) -> String) {
        if self.detail != Detail::Full {
            return;
        }
        let reason = reason(self);
        let open = match unit {
            Some(u) => self.units[u as usize].open_wait,
            None => self.jobs[job as usize].open_wait,
        };
        let (mut told, mut prev) = (1, NONE);
        if let Some(i) = index(open).map(|w| w as usize) {
            let now = self.now;
            let w = &mut self.waits[i];
            if w.reason == reason {
                return;
            }
            if w.folded.is_none() && w.from == now {
                // The open wait held no time, so it never happened: a return to the reason of
                // the wait before it takes that one up again; another reason takes its place.
                match index(w.prev).map(|p| p as usize) {
                    Some(p) if self.waits[p].reason == reason && self.waits[p].to == Some(now) => {
                        self.waits[i].to = Some(now);
                        self.waits[p].to = None;
                        self.set_open_wait(job, unit, p as u32);
                    }
                    _ => self.waits[i].reason = reason,
                }
                return;
            }
            if w.told >= REASONS_TOLD {
                let from = w.from;
                let old = std::mem::replace(&mut w.reason, reason);
                let folded = w.folded.get_or_insert_with(|| Box::new(Folded { since: from, earlier: Vec::new(), changes: 0, last: None }));
                folded.change(now, old, &w.reason);
                return;
            }
            w.to = Some(now);
            (told, prev) = (w.told + 1, i as u32);
        }
        self.waits.push(Wait { job, unit, from: self.now, to: None, reason, told, prev, folded: None });
        self.set_open_wait(job, unit, (self.waits.len() - 1) as u32);
    }

    fn set_open_wait(&mut self, job: u32, unit: Option<u32>, wait: u32) {
        match unit {
            Some(u) => self.units[u as usize].open_wait = wait,
            None => self.jobs[job as usize].open_wait = wait,
        }
    }

    /// Ends the current wait, if any.
    pub(crate) fn stop_waiting(&mut self, job: u32, unit: Option<u32>) {
        let open = match unit {
            Some(u) => std::mem::replace(&mut self.units[u as usize].open_wait, NONE),
            None => std::mem::replace(&mut self.jobs[job as usize].open_wait, NONE),
        };
        if let Some(w) = index(open) {
            self.waits[w as usize].to = Some(self.now);
        }
    }

    /// The most jobs that waited at once for a while, the length now included once it has held.
    pub fn queue_peak(&self) -> i64 {
        if self.now > self.queue_changed { self.queue_max.max(self.queued) } else { self.queue_max }
    }

    /// Counts a job into the queue-length series.
    pub(crate) fn enqueue(&mut self, job: u32) {
        self.jobs[job as usize].in_queue = true;
        self.queue_step(1);
    }

    /// Counts a job out of the queue once it starts or ends.
    pub(crate) fn dequeue(&mut self, job: u32) {
        if std::mem::take(&mut self.jobs[job as usize].in_queue) {
            self.queue_step(-1);
        }
    }

    fn queue_step(&mut self, delta: i64) {
        let held = self.now - self.queue_changed;
        self.queue_integral += area(self.queued.max(0) as u64, held);
        // A length counts once it has held for a while: a job queued and started in the same
        // millisecond never waited, and "queue max 1" beside "wait max 0:00:00" would say so.
        if held > 0 {
            self.queue_max = self.queue_max.max(self.queued);
        }
        self.queue_changed = self.now;
        self.queued += delta;
        if self.detail == Detail::Full {
            match self.queue_series.last_mut() {
                Some(p) if p.at == self.now => p.value = self.queued,
                _ => self.queue_series.push(Point { at: self.now, value: self.queued }),
            }
        } else if let Some(samples) = &mut self.samples {
            samples.queue.set(self.now, self.queued);
        }
    }

    /// Marks a job as started (its first unit runs) once.
    pub(crate) fn started(&mut self, job: u32) {
        let j = &mut self.jobs[job as usize];
        if j.started == NEVER {
            j.started = self.now;
        }
        self.dequeue(job);
    }

    /// Marks a job as ended with its final status.
    pub(crate) fn ended(&mut self, job: u32, status: Word) {
        let first = self.jobs[job as usize].ended == NEVER;
        self.jobs[job as usize].status = status;
        self.jobs[job as usize].ended = self.now;
        self.dequeue(job);
        self.stop_waiting(job, None);
        if first {
            self.finished += 1;
            self.retire(job);
        }
    }

    /// The generator of one attempt: a PCG stream per (job, unit, attempt), so an attempt's
    /// draws do not depend on what else ran, and setting one up costs two multiplications.
    pub(crate) fn rng(&self, job: u32, unit: u32, attempt: u32) -> Pcg32 {
        let ordinal = self.jobs[job as usize].ordinal;
        let stream = (u64::from(ordinal) << 24) ^ (u64::from(unit) << 8) ^ u64::from(attempt);
        // PCG streams that start from the same state are correlated, so the state is mixed too.
        let mut z = (self.seed ^ 0x6275_696c_6462_6179).wrapping_add(stream.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Pcg32::new(z ^ (z >> 31), stream)
    }

    /// The job's pinned choices (all unset for a job that pins nothing).
    pub(crate) fn pins(&self, job: u32) -> &JobSpec {
        index(self.extra(job).pins).map_or(&self.unpinned, |i| &self.specs[i as usize])
    }

    /// Decides an attempt of one unit of a job, the `unit_in_job`th it runs, for the build's
    /// `service`th service: a job that runs some of its build's services runs their steps
    /// (its step durations only with full detail).
    pub(crate) fn plan_attempt(&mut self, job: u32, unit_in_job: u32, service: u32, number: u32) -> Attempt {
        let mut rng = self.rng(job, unit_in_job, number);
        let mut durations = if self.detail == Detail::Full { Vec::new() } else { std::mem::take(&mut self.scratch) };
        let p = self.jobs[job as usize].profile as usize;
        let (profile, pins, warm) = (&self.profiles[p], self.pins(job), self.warm[p]);
        let (fails_at, run_ms) = plan::attempt_into(&mut durations, profile, service as usize, pins, number, warm, &mut rng);
        if self.detail != Detail::Full {
            self.scratch = durations;
            return Attempt { durations: Vec::new(), fails_at, run_ms };
        }
        Attempt { durations, fails_at, run_ms }
    }

    /// Remembers that a build completed, so its cache (if enabled) is warm from now on.
    pub(crate) fn warm_up(&mut self, job: u32) {
        let p = self.jobs[job as usize].profile as usize;
        self.warm[p] = true;
    }

    fn account(&mut self, node: usize) {
        let dt = self.now - self.last_change[node];
        let n = &self.fleet.nodes[node];
        self.cpu_integral[node] += area(n.used.cpu.max(0) as u64, dt);
        self.memory_integral[node] += area(n.used.memory.max(0) as u64, dt);
        self.last_change[node] = self.now;
    }

    /// Binds or releases a pod on a node, keeping the utilisation records.
    pub(crate) fn bind(&mut self, node: usize, request: Request, sign: i64) {
        self.account(node);
        self.fleet.place(node, request, sign);
        if self.detail == Detail::Full {
            self.note_node_change(node, request, sign);
            let value = self.fleet.nodes[node].used.cpu;
            let series = &mut self.cpu_series[node];
            match series.last_mut() {
                Some(p) if p.at == self.now => p.value = value,
                _ => series.push(Point { at: self.now, value }),
            }
        } else if let Some(samples) = &mut self.samples {
            let cluster = self.fleet.nodes[node].cluster;
            if let Some(series) = samples.clusters.get_mut(cluster) {
                series.set(self.now, series.value() + sign * request.cpu);
            }
        }
    }

    /// Brings the utilisation integrals up to the current time (before reading them).
    pub fn settle(&mut self) {
        for node in 0..self.fleet.nodes.len() {
            self.account(node);
        }
        self.settle_builder_slots();
        self.queue_step(0);
    }

    /// The build profile a job runs by: what its build asks for, worked out once per build.
    #[inline]
    pub(crate) fn profile_of(&self, job: u32) -> &Profile {
        self.profile_for(&self.jobs[job as usize])
    }

    /// [`Engine::profile_of`] for a job's state in hand (as the outcome reads it).
    #[inline]
    pub(crate) fn profile_for(&self, job: &JobState) -> &Profile {
        &self.profiles[job.profile as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full run (or a summary of explicit jobs) holds one of each per job: growing them costs
    /// page faults and cache misses, so a field that only some jobs need belongs in `JobExtra`.
    #[test]
    fn per_job_state_stays_small() {
        assert!(std::mem::size_of::<JobState>() <= 88, "JobState is {} bytes", std::mem::size_of::<JobState>());
        assert!(std::mem::size_of::<UnitState>() <= 48, "UnitState is {} bytes", std::mem::size_of::<UnitState>());
    }
}
