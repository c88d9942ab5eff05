//! Benchmarks of `buildbay-core` inside the browser: the same code the console runs, built with
//! the release profile and wasm-opt like the shipped bundle, timed with `performance.now()`.
//!
//! Chromium rounds `performance.now()` to 100 µs on ordinary pages, so each function times many
//! repetitions and returns the mean.

use buildbay_core::Target;
use buildbay_core::sample::large_build;
use buildbay_core::validate;
use wasm_bindgen::prelude::*;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Mean microseconds to validate a 100-service build with every section filled for Zadig.
#[wasm_bindgen]
pub fn validate_100_services_us(repetitions: u32) -> f64 {
    let build = large_build("bench", 100);
    // Warm up allocations and caches before timing.
    for _ in 0..50 {
        std::hint::black_box(validate::validate(&build, Target::Zadig));
    }
    let started = now_ms();
    for _ in 0..repetitions {
        std::hint::black_box(validate::validate(std::hint::black_box(&build), Target::Zadig));
    }
    (now_ms() - started) * 1000.0 / f64::from(repetitions.max(1))
}

/// Runs the capacity benchmark (`jobs` Zadig jobs over `nodes` nodes, summaries only)
/// [`CAPACITY_RUNS`](buildbay_core::simulate::CAPACITY_RUNS) times, as the native benchmark
/// does, and returns `[events, milliseconds]` of the fastest run,
/// timing each whole run including generating the workload.
#[wasm_bindgen]
pub fn simulate_capacity(jobs: u32, nodes: u32) -> Vec<f64> {
    let prepared = buildbay_core::simulate::capacity_scenario(u64::from(jobs), nodes);
    let (mut events, mut best) = (0, f64::MAX);
    for _ in 0..buildbay_core::simulate::CAPACITY_RUNS {
        let started = now_ms();
        let (e, _) = buildbay_core::simulate::capacity_run(&prepared);
        best = best.min(now_ms() - started);
        events = e;
    }
    vec![events as f64, best]
}
