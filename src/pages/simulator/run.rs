//! Running a scenario without blocking the page: core's engine in slices of at most ~25 ms,
//! yielding to the browser between slices, with progress and cancel.

use buildbay_core::simulate::compare::Alternative;
use buildbay_core::simulate::outcome::Outcome;
use buildbay_core::simulate::scenario::ClusterSpec;
use buildbay_core::simulate::{Detail, Engine};
use leptos::prelude::*;

/// Above this many jobs a run keeps summaries only (no per-job steps, Gantt or queue chart).
pub const FULL_DETAIL_JOBS: f64 = 2_000.0;
/// Real milliseconds one slice may take before the browser gets the thread back.
const SLICE_MS: f64 = 25.0;
/// Events processed between looks at the clock.
const EVENTS_PER_LOOK: u64 = 2_000;

/// How far a run has got: which of the two scenarios, and jobs finished of all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub scenario: u8,
    pub finished: u64,
    pub jobs: u64,
}

/// A finished comparison: both outcomes, and what they were compared as (kept with the
/// results, since the form may have changed since the run began).
#[derive(Debug, Clone)]
pub struct Compared {
    pub first: Outcome,
    pub second: Outcome,
    pub alternative: Alternative,
    /// What did not read in the builds' definitions and is left out of the runs, one per line.
    pub left_out: String,
}

/// Runs the scenario and its alternative (each on `clusters` unless it names its own); None
/// when cancelled (when `generation` moved on from the value it had at the start).
pub async fn run_sliced(text: String, alternative: Alternative, clusters: Vec<ClusterSpec>, progress: RwSignal<Option<Progress>>, generation: RwSignal<u64>) -> Option<Result<Compared, String>> {
    let mine = generation.get_untracked();
    let pair = match alternative.prepare(&text, &clusters) {
        Ok(pair) => pair,
        Err(problems) => return Some(Err(problems)),
    };
    let mut outcomes = Vec::new();
    for (i, prepared) in [&pair.first, &pair.second].into_iter().enumerate() {
        let detail = if prepared.expected_jobs() > FULL_DETAIL_JOBS { Detail::Summary } else { Detail::Full };
        let mut engine = Engine::new(prepared, prepared.scenario.seed, detail);
        let jobs = engine.jobs.len() as u64;
        loop {
            let started = now();
            let mut more = true;
            while more && now() - started < SLICE_MS {
                more = engine.run_bounded(u64::MAX, EVENTS_PER_LOOK);
            }
            progress.set(Some(Progress { scenario: i as u8, finished: engine.finished, jobs }));
            yield_to_browser().await;
            if generation.get_untracked() != mine {
                progress.set(None);
                return None;
            }
            if !more {
                break;
            }
        }
        outcomes.push(Outcome::of(&mut engine));
    }
    progress.set(None);
    let second = outcomes.pop()?;
    let first = outcomes.pop()?;
    Some(Ok(Compared { first, second, alternative, left_out: pair.left_out }))
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Gives the thread back to the browser (a zero-delay timer), so it paints and handles input.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
