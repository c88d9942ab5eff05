//! What a simulation found, in each backend's own words: per job its statuses over time, its
//! steps and logs, why it waited; per node its utilisation; the queue over time; percentiles.

mod backend_view;
mod job_line;
mod status_tally;
mod tally;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::engine::{Detail, Engine, JobState, Placement, REASONS_TOLD, Samples, Scope};
use super::logs;
use super::plan::StepKind;
use super::wait_reasons::{self, ReasonTotal};
use backend_view::{RunNumbers, backend_view};
pub use job_line::{JobLine, ListedOrder, StatusTone, job_lines, listed_jobs, status_label, status_tone};
pub use status_tally::{FoundJobs, StatusCount, TalliedJob, find_jobs, status_tally};
pub use tally::Tally;
use crate::target::Target;

/// Seconds with millisecond precision, as the JSON result states every time.
pub fn seconds(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

/// The whole result of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The scenario's own `name`, absent when it gives none: a saved result says what it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The scenario's own `description`, the question it asks, absent when it gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub seed: u64,
    /// When the last event happened, in seconds.
    pub end: f64,
    pub events: u64,
    /// `full`, or `summary` when the run kept no per-job records (so `jobs` is empty).
    pub detail: Detail,
    pub summary: Summary,
    pub jobs: Vec<JobOutcome>,
    pub nodes: Vec<NodeOutcome>,
    /// Jobs submitted and not yet started, as `[seconds, count]` steps (full detail only).
    pub queue: Vec<(f64, i64)>,
    /// A summary run's charts: the queue and each cluster's CPU, sampled at an interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sampled: Option<SampledSeries>,
    /// What the scenario's reading warned of and left out, the run going ahead as read (a build
    /// that would wait until its timeout, a field that does not read): kept with the result so
    /// that a program, or a downloaded file, reads why without the command's stderr.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<crate::diagnostic::Diagnostic>,
}

/// The queue and each cluster's CPU requested over a summary run, interval by interval (each
/// point holds until the next): the mean shows the load, the most shows the peaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampledSeries {
    /// Seconds each interval lasts.
    pub interval: f64,
    /// `[seconds, mean, most]` jobs waiting.
    pub queue: Vec<(f64, f64, i64)>,
    /// Per cluster, `[seconds, mean, most]` share of its CPU requested (0–1).
    pub clusters: BTreeMap<String, Vec<(f64, f64, f64)>>,
}

/// Counts and percentiles over all jobs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub jobs: usize,
    /// Per semantics, jobs by final status (Nuon's by their runner job's).
    pub by_status: BTreeMap<String, BTreeMap<String, usize>>,
    /// Nuon jobs by what their component build came to, which Nuon's client decides at the
    /// runner job's first failure status (the same jobs as `by_status.nuon`, counted again).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub nuon_builds: BTreeMap<String, usize>,
    pub wait: Percentiles,
    pub run: Percentiles,
    /// Per cluster: requested CPU over allocatable CPU, averaged over the run (0–1).
    pub utilisation: BTreeMap<String, f64>,
    /// Per cluster Rainbond builds went to: builder slots held over its builders' slots,
    /// averaged over the run (0–1) — Rainbond's capacity, which its builds' CPU does not show.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub builder_slots: BTreeMap<String, f64>,
    pub queue_max: i64,
    pub queue_mean: f64,
    /// Why jobs waited, reason by reason, the most waiting first (full detail only: a
    /// summary run keeps no waits, and leaves this out rather than say nobody waited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waits_by_reason: Option<Vec<ReasonTotal>>,
}

/// Seconds at the 50th and 95th percentile (nearest rank) and the maximum, over `count` jobs:
/// with none (no job ran to an end) the zeros mean nothing, and a reader must say so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p95: f64,
    pub max: f64,
    pub count: usize,
}

impl Percentiles {
    /// Nearest-rank percentiles of millisecond values (which it reorders).
    pub fn of(values: &mut [u64]) -> Percentiles {
        if values.is_empty() {
            return Percentiles::default();
        }
        // Selection rather than a sort: a million-job run's waits are ranked in a few
        // milliseconds, inside one slice of the browser's time.
        let rank = |p: usize| (values.len() * p).div_ceil(100).max(1) - 1;
        let (i50, i95) = (rank(50), rank(95));
        let max = values.iter().copied().max().unwrap_or(0);
        let (below, p95, _) = values.select_nth_unstable(i95);
        let p95 = *p95;
        // Everything below the 95th rank's place is at most it, so the median is among them.
        let p50 = if i50 < i95 { *below.select_nth_unstable(i50).1 } else { p95 };
        Percentiles { p50: seconds(p50), p95: seconds(p95), max: seconds(max), count: values.len() }
    }
}

/// One job, as its backend would report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobOutcome {
    pub id: String,
    pub build: String,
    pub semantics: Target,
    pub submitted: f64,
    pub started: Option<f64>,
    pub finished: Option<f64>,
    /// Seconds from submission until it started (or ended, if it never started).
    pub wait: f64,
    pub run: Option<f64>,
    /// The final status in the backend's vocabulary.
    pub status: String,
    /// Attempts made: Nuon executions (or windows no runner took), Rainbond builds, one
    /// ServiceStage build, Zadig job-task runs summed over its services, retries included.
    pub attempts: u32,
    /// Backend-specific view: Zadig task/stage/jobs, Nuon build/runner job/executions,
    /// Rainbond event, ServiceStage instance and phases.
    pub backend: Value,
    pub transitions: Vec<TransitionOut>,
    pub waits: Vec<WaitOut>,
    pub steps: Vec<StepOut>,
    pub logs: Vec<logs::LogLine>,
}

/// One status change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransitionOut {
    pub at: f64,
    /// `task`, a Zadig job name, `runner_job`, `execution-N`, `build`, `event`, `instance`.
    pub scope: String,
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One stretch of waiting and its reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaitOut {
    pub from: f64,
    /// When the wait ended, or the run's time now while it goes on.
    pub to: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub reason: String,
    /// Whether the job is still waiting (only while the clock runs: a finished run has none).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ongoing: bool,
    /// A wait that had told as many reasons one by one as a wait tells
    /// (`engine::REASONS_TOLD`) and kept changing: how often it changed after, and each
    /// reason it had before `reason`, its last, with how long that held in all, longest first.
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    pub folded: Option<FoldedReasons>,
}

/// The reasons a long wait went through after the ones told one by one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoldedReasons {
    pub reason_changes: u32,
    pub earlier_reasons: Vec<ReasonHeld>,
}

/// A reason and how long it held.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonHeld {
    pub reason: String,
    pub seconds: f64,
}

impl FoldedReasons {
    /// The engine's folded reasons, the longest held first.
    fn of(folded: &super::engine::Folded) -> FoldedReasons {
        let mut earlier: Vec<&(String, u64)> = folded.earlier.iter().filter(|(_, ms)| *ms > 0).collect();
        earlier.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let earlier_reasons = earlier.into_iter().map(|(reason, ms)| ReasonHeld { reason: reason.clone(), seconds: seconds(*ms) }).collect();
        FoldedReasons { reason_changes: folded.changes, earlier_reasons }
    }
}

impl WaitOut {
    /// The wait in one line, `0:00:05–0:06:40 Insufficient cpu on all 3 nodes of cluster prod
    /// (job-0-0-0-build)`, the Zadig job task that waited named after the reason (one under a
    /// second reads `1:15:51 (under a second) …`); a wait that goes on reads `since 0:00:05
    /// (0:06:35 so far)`, since its end is not known yet.
    pub fn describe(&self) -> String {
        use super::text::{clock, span};
        let unit = self.unit.as_ref().map(|u| format!(" ({u})")).unwrap_or_default();
        if self.ongoing {
            return format!("since {} ({} so far) {}{unit}", clock(self.from), clock(self.to - self.from), self.why());
        }
        format!("{} {}{unit}", span(self.from, self.to), self.why())
    }

    /// The reason, and for a stretch whose reason kept changing, that it is the last one
    /// ("… of cluster prod (the last reason: it changed 38 times in this stretch)").
    pub fn why(&self) -> std::borrow::Cow<'_, str> {
        match &self.folded {
            None => self.reason.as_str().into(),
            Some(f) => format!("{} (the last reason: it changed {} times in this stretch)", self.reason, f.reason_changes).into(),
        }
    }
}

/// One step of one attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepOut {
    pub unit: String,
    pub attempt: u32,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    pub start: f64,
    pub end: f64,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// What the step does, which decides its log lines.
    #[serde(skip)]
    pub kind: StepKind,
    /// When the step ends as planned (its `end` until it stops early or while it runs), so
    /// that a log spreads the step's lines over its whole length and shows those reached.
    #[serde(skip)]
    pub planned_end: f64,
}

impl StepOut {
    /// When the step ended; none while it still runs (its `end` is then the current time).
    pub fn ended(&self) -> Option<f64> {
        (self.status != "running").then_some(self.end)
    }
}

/// A node's share of CPU and memory requested over the run, and its CPU over time.
#[derive(Debug, Clone, Serialize)]
pub struct NodeOutcome {
    pub cluster: String,
    pub node: String,
    pub cpu: f64,
    pub memory: f64,
    /// Allocatable CPU in millicores.
    pub cpu_capacity: i64,
    /// `[seconds, millicores requested]` steps (full detail only).
    pub cpu_series: Vec<(f64, i64)>,
    /// A builder node of a cluster Rainbond builds went to: its slots' share held (0–1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builder_slots: Option<f64>,
}

impl Outcome {
    /// Jobs waiting over time as `[seconds, count]` steps: every change, or in a summary run
    /// each interval's most (so the chart's peak is the run's).
    pub fn queue_line(&self) -> Vec<(f64, f64)> {
        match &self.sampled {
            Some(s) => s.queue.iter().map(|(t, _, most)| (*t, *most as f64)).collect(),
            None => self.queue.iter().map(|(t, v)| (*t, *v as f64)).collect(),
        }
    }

    /// Per cluster, its share of CPU requested over time as `[seconds, share]` steps: every
    /// change, or in a summary run each interval's mean.
    pub fn utilisation_lines(&self) -> Vec<(String, Vec<(f64, f64)>)> {
        match &self.sampled {
            Some(s) => s.clusters.iter().map(|(c, points)| (c.clone(), points.iter().map(|(t, mean, _)| (*t, *mean)).collect())).collect(),
            None => self.cluster_utilisation(),
        }
    }

    /// Per cluster, the share of its CPU requested over time as `[seconds, share]` steps (full
    /// detail only): the utilisation chart's lines.
    pub fn cluster_utilisation(&self) -> Vec<(String, Vec<(f64, f64)>)> {
        let mut clusters: Vec<String> = self.nodes.iter().map(|n| n.cluster.clone()).collect();
        clusters.dedup();
        clusters
            .into_iter()
            .map(|cluster| {
                let nodes: Vec<&NodeOutcome> = self.nodes.iter().filter(|n| n.cluster == cluster).collect();
                let capacity: i64 = nodes.iter().map(|n| n.cpu_capacity.max(0)).sum();
                // Every node's changes in time order; a node's step replaces its last value.
                let mut changes: Vec<(f64, usize, i64)> = nodes.iter().enumerate().flat_map(|(i, n)| n.cpu_series.iter().map(move |(t, v)| (*t, i, *v))).collect();
                changes.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut current = vec![0i64; nodes.len()];
                let mut total = 0i64;
                let mut series: Vec<(f64, f64)> = Vec::new();
                for (t, i, v) in changes {
                    total += v - current[i];
                    current[i] = v;
                    let share = if capacity > 0 { total as f64 / capacity as f64 } else { 0.0 };
                    match series.last_mut() {
                        Some(last) if last.0 == t => last.1 = share,
                        _ => series.push((t, share)),
                    }
                }
                (cluster, series)
            })
            .collect()
    }
}

/// A summary run's samples up to `end`, in seconds and shares of each cluster's CPU (clusters
/// without nodes left out, as from the utilisation figures).
fn sampled_series(engine: &Engine, samples: &Samples, end: u64) -> SampledSeries {
    let mut clusters = BTreeMap::new();
    for (cluster, series) in engine.fleet.clusters.iter().zip(&samples.clusters) {
        let capacity = engine.fleet.cpu_capacity(cluster);
        if cluster.nodes.is_empty() || capacity == 0 {
            continue;
        }
        let share = |v: f64| v / capacity as f64;
        clusters.insert(cluster.name.clone(), series.until(end).1.iter().map(|p| (seconds(p.at), share(p.mean), share(p.most as f64))).collect());
    }
    // Every series has the same width and so the same intervals up to `end`.
    let (width, queue) = samples.queue.until(end);
    SampledSeries { interval: seconds(width), queue: queue.iter().map(|p| (seconds(p.at), p.mean, p.most)).collect(), clusters }
}

/// The `k`th job task's name, by its place in the task, and key, by the service it builds.
fn zadig_job_name(engine: &Engine, job: &JobState, k: u32) -> (String, String) {
    let profile = engine.profile_for(job);
    let (service, module) = profile.services.get(unit_service(engine, job, k)).cloned().unwrap_or_default();
    (format!("job-0-0-{k}-build"), format!("build.{service}.{module}"))
}

/// Which of its build's services the job's `k`th unit builds: a job may run some of them.
fn unit_service(engine: &Engine, job: &JobState, k: u32) -> usize {
    job.units.clone().nth(k as usize).and_then(|u| engine.units.get(u as usize)).map_or(k as usize, |u| u.service as usize)
}

impl Outcome {
    /// Assembles the result from a finished (or paused) engine.
    pub fn of(engine: &mut Engine) -> Outcome {
        let mut tally = Tally::default();
        tally.add(engine, usize::MAX);
        tally.finish(engine)
    }

    /// Keeps what the result carries of its scenario besides the run: its name, description
    /// and findings, so that the result read alone (a file, a program) says what ran and why.
    pub fn keep_scenario_words(&mut self, prepared: &crate::simulate::Prepared) {
        self.name = prepared.scenario.name.clone();
        self.description = prepared.scenario.description.clone();
        self.findings = prepared.findings.clone();
    }
}

/// How far a full-detail result's jobs have been built: each job's report (its steps, logs
/// and backend view) costs about 20 µs natively, so 2,000 of them are built a slice at a time.
#[derive(Debug, Default)]
pub struct JobsBuilt {
    done: u32,
}

impl JobsBuilt {
    /// Builds up to `budget` more jobs' reports into `outcome` (a summary run has none), then,
    /// once all are in, why they waited; returns whether any remain.
    pub fn add(&mut self, outcome: &mut Outcome, engine: &Engine, budget: usize) -> bool {
        // Why jobs waited is told once every job is in, so it also marks the end.
        if engine.detail != Detail::Full || outcome.summary.waits_by_reason.is_some() {
            return false;
        }
        let total = engine.jobs.len() as u32;
        let to = self.done.saturating_add(budget.clamp(1, u32::MAX as usize) as u32).min(total);
        outcome.jobs.extend(job_outcomes(engine, self.done..to));
        self.done = to;
        if to < total {
            return true;
        }
        outcome.summary.waits_by_reason = Some(wait_reasons::by_reason(&outcome.jobs));
        false
    }

    /// Jobs whose reports are built.
    pub fn done(&self) -> u64 {
        u64::from(self.done)
    }
}

impl JobOutcome {
    /// The job's full report as it stands now (steps so far, logs so far), by index.
    pub fn of(engine: &Engine, index: u32) -> Option<JobOutcome> {
        job_outcomes(engine, index..index.saturating_add(1)).pop()
    }

    /// The status as the console shows it: a Rainbond event reads an empty status while it
    /// builds, which the console calls `building`.
    pub fn status_label(&self) -> String {
        status_label(&self.status)
    }

    /// The Nuon runner the job was queued on, as its runner job names it (none for other backends).
    pub fn runner(&self) -> Option<&str> {
        self.backend["runner_job"]["runner"].as_str()
    }

    /// What the console says once the job is submitted: a job its backend ended at once (a
    /// Rainbond 409 or 404, a Nuon runner that is down) says so with the reason, where
    /// "Started" would have the user wait for a build that never comes.
    pub fn start_line(&self) -> String {
        if self.started.is_some() || self.finished.is_none() {
            return format!("Started {}.", self.id);
        }
        let why = self.transitions.iter().rev().find(|t| !t.note.is_empty()).map(|t| format!(" — {}", t.note)).unwrap_or_default();
        format!("{} ended as soon as it was submitted: {}{why}.", self.id, self.status_label())
    }

    /// What the steps table says while it has no row, so an empty table never goes unexplained.
    pub fn no_steps_line(&self) -> Option<String> {
        if !self.steps.is_empty() {
            return None;
        }
        // A sandbox runner's job is started by the control plane and stays `queued` through its
        // sleep, then reads `finished` with no execution made.
        let sandbox = self.semantics == Target::Nuon
            && ((self.status == "queued" && self.started.is_some()) || self.transitions.iter().any(|t| t.note == crate::simulate::engine::SANDBOX_SUCCESS));
        if sandbox {
            return Some("No step runs: the job's runner is in sandbox mode, where Nuon marks each job `finished` after a 5 s sleep and no runner runs it.".into());
        }
        Some(match self.finished {
            Some(_) => format!("No step ran: the job ended {} before one began.", self.status_label()),
            None => "No step has begun yet.".to_string(),
        })
    }

    /// What the log pane says beside itself: that there is no line yet (or none at all, once
    /// the job has ended), else how many lines `query` keeps of `step`'s, every step's when
    /// empty (see [`logs::search_line`]).
    pub fn log_line(&self, query: &str, step: &str) -> Option<String> {
        if !self.logs.is_empty() {
            return logs::search_line(&self.logs, query, step);
        }
        Some(if self.finished.is_some() { "The job wrote no log line." } else { "No log line yet." }.to_string())
    }

    /// What `attempts` counts, in words: a Zadig task runs one job task per service (and
    /// again per retry), so "2 attempts" would misread a two-service task that passed at once.
    pub fn attempts_label(&self) -> String {
        let noun = if self.semantics == Target::Zadig { "job-task run" } else { "attempt" };
        format!("{} {noun}{}", self.attempts, if self.attempts == 1 { "" } else { "s" })
    }
}

/// How a backend says a step ended well or failed — Zadig's step statuses, Nuon's execution
/// statuses, Rainbond's event statuses, ServiceStage's phase states — so a job's steps read in
/// the words of the rest of its report.
pub(crate) fn step_words(semantics: Target) -> (&'static str, &'static str) {
    match semantics {
        Target::Zadig => ("passed", "failed"),
        Target::Nuon => ("finished", "failed"),
        Target::Rainbond => ("success", "failure"),
        Target::ServiceStage => ("Successful", "Failed"),
    }
}

/// Joins each wait to the one before it of the same job task where it goes on for the same
/// reason from the moment that one ended.
fn join_unbroken_waits(listed: &mut Vec<WaitOut>) {
    if listed.len() < 2 {
        return;
    }
    let mut joined: Vec<WaitOut> = Vec::with_capacity(listed.len());
    for out in listed.drain(..) {
        match joined.iter_mut().rev().find(|o| o.unit == out.unit) {
            // (A folded wait's last reason goes on in it; one folded later cannot be joined.)
            Some(last) if last.reason == out.reason && last.to == out.from && out.folded.is_none() => (last.to, last.ongoing) = (out.to, out.ongoing),
            _ => joined.push(out),
        }
    }
    *listed = joined;
}

/// Every job's full report, or only the job at `only` (a job page needs no other).
fn job_outcomes(engine: &Engine, only: std::ops::Range<u32>) -> Vec<JobOutcome> {
    // Per job of the range, by its place in it.
    let n = only.end.min(engine.jobs.len() as u32).saturating_sub(only.start) as usize;
    let wanted = |j: u32| only.contains(&j);
    let at = |j: u32| (j - only.start) as usize;
    let mut transitions: Vec<Vec<TransitionOut>> = vec![Vec::new(); n];
    for t in engine.transitions.iter().filter(|t| wanted(t.job)) {
        let job = &engine.jobs[t.job as usize];
        let scope = match (t.scope, job.semantics) {
            (Scope::Job, Target::Zadig) => "task".to_string(),
            (Scope::Job, Target::Nuon) => "runner_job".to_string(),
            (Scope::Job, Target::Rainbond) => "event".to_string(),
            (Scope::Job, Target::ServiceStage) => "instance".to_string(),
            (Scope::Unit(k), _) => zadig_job_name(engine, job, k).0,
            (Scope::Build, _) => "build".to_string(),
            (Scope::Execution(a), _) => format!("execution-{}", a + 1),
        };
        transitions[at(t.job)].push(TransitionOut { at: seconds(t.at), scope, status: t.status.to_string(), note: t.note.to_string() });
    }
    let mut waits: Vec<Vec<WaitOut>> = vec![Vec::new(); n];
    for w in engine.waits.iter().filter(|w| wanted(w.job)) {
        let job = &engine.jobs[w.job as usize];
        let to = w.to.or(job.ended()).unwrap_or(engine.now);
        // A wait that took no time is not told (one still open may yet take some).
        if to <= w.from && (job.ended().is_some() || w.to.is_some()) {
            continue;
        }
        let unit = w.unit.map(|u| zadig_job_name(engine, job, u - job.units.start).0).filter(|_| job.semantics == Target::Zadig);
        let ongoing = w.to.is_none() && job.ended().is_none();
        // (Reasons folded and every change undone within its instant leave one reason.)
        let out = WaitOut { from: seconds(w.from), to: seconds(to), unit, reason: w.reason.clone(), ongoing, folded: w.folded.as_deref().filter(|f| f.changes > 0).map(FoldedReasons::of) };
        // A ServiceStage build waits as a whole and as its pod, for the same reason: say it once.
        if !waits[at(w.job)].contains(&out) {
            waits[at(w.job)].push(out);
        }
    }
    // A reason reworded and back within one instant reads as the one wait it was.
    for listed in &mut waits {
        join_unbroken_waits(listed);
    }
    // Nuon jobs queued behind others: the runner's history says whom they waited for.
    let mut behind: Vec<(u32, u64, u64)> = Vec::new();
    for (j, job) in engine.jobs.iter().enumerate() {
        if job.semantics != Target::Nuon || !wanted(j as u32) {
            continue;
        }
        let profile = engine.profile_for(job);
        let runner = &engine.runners[profile.nuon.runner.min(engine.runners.len() - 1)];
        let (dequeued, ended) = (engine.extra(j as u32).dequeued(), job.ended());
        let until = dequeued.or(ended).unwrap_or(engine.now);
        let first = runner.history.partition_point(|h| h.2 <= job.submit);
        behind.clear();
        for (other, from, to) in &runner.history[first..] {
            if *from >= until {
                break;
            }
            let (a, b) = ((*from).max(job.submit), (*to).min(until));
            if *other as usize != j && b > a {
                behind.push((*other, a, b));
            }
        }
        // "runner busy with job 3" for the default id `job-3`, not "… job job-3".
        let id = |other: u32| {
            let id = engine.job_id(other);
            id.strip_prefix("job-").unwrap_or(&id).to_string()
        };
        let wait = |(other, a, b): (u32, u64, u64)| {
            let ongoing = dequeued.is_none() && ended.is_none() && b == engine.now;
            WaitOut { from: seconds(a), to: seconds(b), unit: None, reason: format!("runner busy with job {}", id(other)), ongoing, folded: None }
        };
        let mut extra: Vec<WaitOut> = match behind.split_last() {
            // Behind as many jobs as a wait tells reasons, a queued job's waits name each; behind
            // more, all but the last read as one ("runner busy with job 1 to job 944, 944 jobs one
            // after another"), or a long queue's detail would grow with the square of its jobs.
            Some((&last, earlier)) if earlier.len() >= REASONS_TOLD as usize => {
                let (&(head, from, _), &(tail, _, to)) = (&earlier[0], &earlier[earlier.len() - 1]);
                let reason = format!("runner busy with job {} to job {}, {} jobs one after another", id(head), id(tail), earlier.len());
                vec![WaitOut { from: seconds(from), to: seconds(to), unit: None, reason, ongoing: false, folded: None }, wait(last)]
            }
            _ => behind.iter().map(|&span| wait(span)).collect(),
        };
        extra.append(&mut waits[at(j as u32)]);
        waits[at(j as u32)] = extra;
    }
    let mut placements: Vec<Vec<Placement>> = vec![Vec::new(); n];
    for p in engine.placements.iter().filter(|p| wanted(p.job)) {
        placements[at(p.job)].push(p.clone());
    }
    // Attempts still running show their steps so far, so logs stream while the clock runs.
    for (u, unit) in engine.units.iter().enumerate().filter(|(_, u)| wanted(u.job)) {
        if let (Some(Some(plan)), Some(node)) = (engine.unit_plans.get(u), unit.node()) {
            let job = &engine.jobs[unit.job as usize];
            placements[at(unit.job)].push(Placement { job: unit.job, unit: u as u32 - job.units.start, attempt: unit.retries, node: Some(node), start: unit.run_start, end: engine.now, status: "running", plan: (**plan).clone() });
        }
    }
    let mut numbers = RunNumbers::default();
    for (j, job) in engine.jobs.iter().enumerate().filter(|(j, _)| wanted(*j as u32)) {
        let extra = engine.extra(j as u32);
        if let (Some(plan), None) = (&extra.attempt_plan, job.ended()) {
            placements[at(j as u32)].push(Placement { job: j as u32, unit: 0, attempt: job.attempts.saturating_sub(1), node: None, start: extra.attempt_start, end: engine.now, status: "running", plan: (**plan).clone() });
        }
    }
    // A Zadig job's steps read job task by job task, as Zadig lists its job tasks, and not in
    // the order their attempts happened to end (a later service's may end first).
    for job_placements in placements.iter_mut().filter(|p| p.len() > 1) {
        job_placements.sort_by_key(|p| (p.unit, p.attempt));
    }
    engine
        .jobs
        .iter()
        .enumerate()
        .filter(|(j, _)| wanted(*j as u32))
        .map(|(j, job)| {
            let profile = engine.profile_for(job);
            let (ended_well, failed) = step_words(job.semantics);
            let mut steps = Vec::new();
            for p in &placements[at(j as u32)] {
                let templates = &profile.steps[unit_service(engine, job, p.unit).min(profile.steps.len() - 1)];
                let unit = if job.semantics == Target::Zadig { zadig_job_name(engine, job, p.unit).0 } else { String::new() };
                let node = p.node.map(|n| engine.fleet.nodes[n as usize].name.clone());
                let mut at = p.start;
                for (i, (t, d)) in templates.iter().zip(&p.plan.durations).enumerate() {
                    if at >= p.end && !(at == p.end && *d == 0) {
                        break;
                    }
                    let step_end = at + d;
                    let status = if step_end > p.end {
                        p.status
                    } else if p.plan.fails_at == Some(i) {
                        failed
                    } else {
                        ended_well
                    };
                    steps.push(StepOut { unit: unit.clone(), attempt: p.attempt + 1, name: t.name.clone(), detail: t.detail.clone(), start: seconds(at), end: seconds(step_end.min(p.end)), status: status.to_string(), node: node.clone(), kind: t.kind, planned_end: seconds(step_end) });
                    at = step_end;
                    if p.plan.fails_at == Some(i) {
                        break;
                    }
                }
            }
            let mut job_transitions = std::mem::take(&mut transitions[at(j as u32)]);
            derived_transitions(job, &steps, &mut job_transitions);
            let backend = backend_view(engine, j as u32, numbers.of(engine, j as u32), &steps, &job_transitions);
            let logs = logs::for_job(engine.seed, j as u32, job.semantics, &steps, profile);
            JobOutcome {
                id: engine.job_id(j as u32).into_owned(),
                build: profile.name.clone(),
                semantics: job.semantics,
                submitted: seconds(job.submit),
                started: job.started().map(seconds),
                finished: job.ended().map(seconds),
                wait: seconds(job.wait_ms(engine.now)),
                run: job.started().zip(job.ended()).map(|(s, e)| seconds(e - s)),
                status: job.status.to_string(),
                attempts: job.attempts,
                backend,
                transitions: job_transitions,
                waits: std::mem::take(&mut waits[at(j as u32)]),
                steps,
                logs,
            }
        })
        .collect()
}

/// Statuses that follow from step times: Nuon execution phases, ServiceStage `Pushing`.
fn derived_transitions(job: &JobState, steps: &[StepOut], out: &mut Vec<TransitionOut>) {
    let mut extra = Vec::new();
    match job.semantics {
        Target::Nuon => {
            for s in steps {
                let status = match s.name.as_str() {
                    "initialize" => "initializing",
                    "tool-install" => "in-progress",
                    "cleanup" => "cleaning-up",
                    _ => continue,
                };
                extra.push(TransitionOut { at: s.start, scope: format!("execution-{}", s.attempt), status: status.into(), note: String::new() });
            }
        }
        Target::ServiceStage => {
            if let Some(s) = steps.iter().find(|s| s.name == "Artifact") {
                extra.push(TransitionOut { at: s.start, scope: "instance".into(), status: "Pushing".into(), note: String::new() });
            }
        }
        _ => {}
    }
    if extra.is_empty() {
        return;
    }
    out.extend(extra);
    // Stable by time: recorded order is kept among equal times, derived ones come after.
    out.sort_by(|a, b| a.at.total_cmp(&b.at));
}
