//! Running a scenario without blocking the page: core's engine in slices of at most ~25 ms,
//! yielding to the browser between slices, with progress and cancel.

use buildbay_core::Diagnostic;
use buildbay_core::simulate::outcome::Outcome;
use buildbay_core::simulate::scenario::{self, ClusterSpec, Prepared};
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

/// The scenario text with the console's cluster model put in when it names no clusters of its
/// own. The model goes in on the first line, so positions in problems stay where they were
/// typed everywhere else.
pub fn with_model(text: &str, clusters: &[ClusterSpec]) -> String {
    let names_clusters = serde_json::from_str::<serde_json::Value>(text).ok().is_some_and(|v| v.get("clusters").is_some());
    let Some(brace) = text.find('{').filter(|_| !names_clusters) else { return text.to_string() };
    let model = serde_json::to_string(clusters).unwrap_or_else(|_| "[]".into());
    let rest = &text[brace + 1..];
    let comma = if rest.trim_start().starts_with('}') { "" } else { "," };
    format!("{}{{\"clusters\":{model}{comma}{rest}", &text[..brace])
}

/// Problems as lines that say where: "/builds/0 (line 3, column 5): …".
pub fn describe(problems: &[Diagnostic]) -> String {
    problems
        .iter()
        .map(|d| format!("{}: {}", d.place(), d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// About how many jobs a scenario submits (its explicit jobs plus what its arrivals produce).
pub fn expected_jobs(prepared: &Prepared) -> f64 {
    let w = &prepared.scenario.workload;
    w.jobs.len() as f64 + w.arrivals.iter().map(|a| a.expected_jobs()).sum::<f64>()
}

/// Runs the scenario as written and with `extra_nodes` more; None when cancelled (when
/// `generation` moved on from the value it had at the start).
pub async fn run_sliced(text: String, extra_nodes: u32, progress: RwSignal<Option<Progress>>, generation: RwSignal<u64>) -> Option<Result<(Outcome, Outcome), String>> {
    let mine = generation.get_untracked();
    let written = match scenario::parse(&text) {
        Ok(w) => w,
        Err(problems) => return Some(Err(describe(&problems))),
    };
    let more = match scenario::prepare(written.scenario.clone().with_extra_nodes(extra_nodes)) {
        Ok(m) => m,
        Err(problems) => return Some(Err(describe(&problems))),
    };
    let detail = if expected_jobs(&written) > FULL_DETAIL_JOBS { Detail::Summary } else { Detail::Full };
    let seed = written.scenario.seed;
    let mut outcomes = Vec::new();
    for (i, prepared) in [written, more].iter().enumerate() {
        let mut engine = Engine::new(prepared, seed, detail);
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
    let b = outcomes.pop()?;
    let a = outcomes.pop()?;
    Some(Ok((a, b)))
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
