//! Running a scenario without blocking the page: core's engine in slices of at most ~20 ms,
//! yielding to the browser between slices, with progress and cancel.

use std::sync::Arc;

use buildbay_core::simulate::compare::{Alternative, Listed, Unreadable};
use buildbay_core::simulate::outcome::Outcome;
use buildbay_core::simulate::Detail;
use buildbay_core::simulate::scenario::{ClusterModel, JobFindings};
use buildbay_core::simulate::seeds::{self, SeedRun, Sweep};
use buildbay_core::simulate::stepped::{Progress as RunProgress, Step, SteppedRun};
use leptos::prelude::*;

/// Above this many jobs a run keeps summaries only (no per-job steps or Gantt chart; its CPU
/// and queue charts are sampled).
pub const FULL_DETAIL_JOBS: f64 = 2_000.0;
/// Real milliseconds one slice may take before the browser gets the thread back.
const SLICE_MS: f64 = 20.0;
/// Jobs set up or summed up, or events simulated, between looks at the clock.
const STEP: usize = 2_000;

/// The Simulator's run and its results, owned by `App` so that they outlive the page: a run
/// goes on while another page is open, and its results are there on return.
#[derive(Debug, Clone, Copy)]
pub struct SimulatorRun {
    pub result: RwSignal<Option<Result<Compared, Unreadable>>>,
    pub progress: RwSignal<Option<Progress>>,
    /// Moves on when a run starts or is cancelled, so that an older run stops and says nothing.
    pub generation: RwSignal<u64>,
    /// The titles of the run under way (the choice may change while it runs).
    pub running: RwSignal<[&'static str; 2]>,
}

impl SimulatorRun {
    /// No run yet.
    pub fn new() -> SimulatorRun {
        SimulatorRun { result: RwSignal::new(None), progress: RwSignal::new(None), generation: RwSignal::new(0), running: RwSignal::new(["As written", "With extra nodes"]) }
    }
}

impl Default for SimulatorRun {
    fn default() -> SimulatorRun {
        SimulatorRun::new()
    }
}

/// How far the comparison has got: which of the two scenarios, and where its run is (the
/// default: the first, about to start), and in a sweep over seeds, which seed of how many.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    pub scenario: u8,
    pub run: RunProgress,
    pub seed: Option<(u32, u32)>,
}

impl Progress {
    /// What the progress bar's label says, the run under way called `title`.
    pub fn label(&self, title: &str) -> String {
        match self.seed {
            Some((k, n)) => format!("Seed {k} of {n}, {}", self.run.label(title)),
            None => self.run.label(title),
        }
    }
}

/// A finished comparison: both outcomes, and what they were compared as (kept with the
/// results, since the form may have changed since the run began).
#[derive(Debug, Clone)]
pub struct Compared {
    /// The scenario's run, then its alternative's: shared, not copied, by everything that shows
    /// them (two runs of 2,000 jobs with their steps and logs take tens of milliseconds to copy).
    pub runs: Arc<[Outcome; 2]>,
    pub alternative: Alternative,
    /// What did not read in the builds' definitions and is left out of the runs, and what the
    /// capacity lints say of them.
    pub left_out: Vec<Listed>,
    /// Each run's findings by the jobs they bear on, for the report of one job.
    pub job_findings: Arc<[JobFindings; 2]>,
    /// Both runs again on the seeds after scenario A's, when more than one seed was asked for.
    pub sweep: Option<Sweep>,
}

/// Runs the scenario and its alternative (each on the console's cluster model wherever it
/// names none of its own), then, for `seeds` over 1, both again with summaries only on the
/// seeds after scenario A's; None when cancelled (when `generation` moved on from the value it
/// had at the start).
pub async fn run_sliced(text: String, alternative: Alternative, model: ClusterModel, seeds: u32, progress: RwSignal<Option<Progress>>, generation: RwSignal<u64>) -> Option<Result<Compared, Unreadable>> {
    let mine = generation.get_untracked();
    // The click that started the run is a task of its own, apart from reading the scenarios.
    yield_to_browser().await;
    let pair = match alternative.prepare(&text, &model) {
        Ok(pair) => pair,
        Err(problems) => {
            // Nothing runs: the Run button comes back at once, beside the problems.
            progress.set(None);
            return Some(Err(problems));
        }
    };
    let still_mine = move || {
        let mine = generation.get_untracked() == mine;
        if !mine {
            progress.set(None);
        }
        mine
    };
    let mut outcomes = Vec::new();
    for (i, prepared) in [&pair.first, &pair.second].into_iter().enumerate() {
        let run = SteppedRun::new(prepared, prepared.detail_up_to(FULL_DETAIL_JOBS));
        outcomes.push(run_in_tasks(run, |run| Progress { scenario: i as u8, run, seed: None }, progress, &still_mine).await?);
    }
    let second = outcomes.pop()?;
    let first = outcomes.pop()?;
    let sweep = if seeds > 1 {
        // The seeds follow A's, on both sides, so that each pair differs only in what changed;
        // A's run above is the first seed's, and B's too where B has A's seed.
        let seed = first.seed;
        let mut runs = Vec::new();
        for (k, seed) in seeds::seeds(seed, seeds).enumerate() {
            let at = Some((k as u32 + 1, seeds));
            let mut summaries = Vec::new();
            for (i, (prepared, done)) in [(&pair.first, &first), (&pair.second, &second)].into_iter().enumerate() {
                let summary = match seeds::summary_on(done, seed) {
                    Some(summary) => summary,
                    None => {
                        let run = SteppedRun::on_seed(prepared, seed, Detail::Summary);
                        run_in_tasks(run, |run| Progress { scenario: i as u8, run, seed: at }, progress, &still_mine).await?.summary
                    }
                };
                summaries.push(summary);
            }
            let compared = summaries.pop();
            runs.push(SeedRun { seed, summary: summaries.pop()?, compared });
        }
        Some(Sweep::of(runs, Some(&alternative)).with_scenario_words(&pair.first, Some(&pair.second)))
    } else {
        None
    };
    // The last step built the second result; showing the results is a task of its own (both
    // together made one of 54 ms for two runs of about 1,900 jobs on a freshly loaded page).
    if !next_task(&still_mine).await {
        return None;
    }
    progress.set(None);
    let job_findings = Arc::new([pair.first.job_findings(), pair.second.job_findings()]);
    Some(Ok(Compared { runs: Arc::new([first, second]), alternative, left_out: pair.left_out, job_findings, sweep }))
}

/// Steps a run to its end in tasks of at most about `SLICE_MS`, saying how far it got between
/// them (`at` makes the progress of the run's); None when the run is no longer wanted.
async fn run_in_tasks(mut run: SteppedRun<'_>, at: impl Fn(RunProgress) -> Progress, progress: RwSignal<Option<Progress>>, still_mine: &impl Fn() -> bool) -> Option<Outcome> {
    loop {
        if !next_task(still_mine).await {
            return None;
        }
        let started = now();
        // Core decides the phases and the size of each step; here they are fitted into tasks.
        loop {
            match run.step(STEP) {
                Step::Done(outcome) => return Some(*outcome),
                Step::Working { progress: p, own_task } => {
                    if own_task || now() - started >= SLICE_MS {
                        progress.set(Some(at(p)));
                        break;
                    }
                }
            }
        }
    }
}

/// Gives the browser the thread, then says whether the run is still wanted (not cancelled).
async fn next_task(still_mine: &impl Fn() -> bool) -> bool {
    yield_to_browser().await;
    still_mine()
}

/// Moves `stage` through `stages`, one value per task, so that what each value shows is drawn
/// in a task of its own; stops when the view that owns `stage` has gone (the reader chose other
/// charts meanwhile).
pub fn stage_in_tasks<T: Send + Sync + 'static>(stage: RwSignal<T>, stages: impl IntoIterator<Item = T> + 'static) {
    leptos::task::spawn_local(async move {
        for next in stages {
            yield_to_browser().await;
            if stage.try_set(next).is_some() {
                break;
            }
        }
    });
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Gives the thread back to the browser, so it paints and handles input, through a message
/// to itself: a zero-delay timer set from a timer's own task waits at least 4 ms once timers
/// nest five deep, which over a million-job run's hundreds of slices added most of a second.
pub async fn yield_to_browser() {
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            let port = channel.port2();
            // The handler holds the channel until its message arrives, so nothing collects it before.
            let held = channel.clone();
            let on_message = Closure::once_into_js(move |_: web_sys::MessageEvent| {
                drop(held);
                let _ = resolve.call0(&JsValue::UNDEFINED);
            });
            channel.port1().set_onmessage(Some(on_message.unchecked_ref()));
            let _ = port.post_message(&JsValue::UNDEFINED);
        }
        Err(_) => {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
