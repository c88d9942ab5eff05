//! The jobs started in the browser, with their JSON kept ready for the lab's saves
//! (wasm-bindgen-test, as the app's code builds for the browser only; how a tab's changes are
//! merged onto another's is core's, tested natively in `crates/core/tests/simulate/started.rs`).
#![cfg(target_arch = "wasm32")]

use buildbay::state::{StartedJob, StartedJobs};
use buildbay_core::Target;
use buildbay_core::model::Build;
use buildbay_core::simulate::scenario::JobSpec;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A job of build `build` started in `tab` as `id` at `submit` seconds.
fn job(id: &str, build: &str, tab: &str, submit: f64) -> StartedJob {
    let spec = JobSpec { id: id.into(), build: build.into(), submit, ..JobSpec::default() };
    StartedJob { build: Build { name: build.into(), ..Build::default() }, semantics: Target::Zadig, spec, tab: tab.into() }
}

/// The lab saves once a second while its clock runs; it reuses the started jobs' JSON until
/// they change, and what it reuses always equals serialising them afresh.
#[wasm_bindgen_test]
fn started_jobs_json_follows_every_change() {
    let job = |id: &str| job(id, "api", "a", 0.0);
    let fresh = |jobs: &StartedJobs| serde_json::to_string(jobs.all()).unwrap();
    let mut jobs = StartedJobs::default();
    assert_eq!(jobs.json().unwrap().get(), "[]");
    jobs.push(job("job-1"));
    let expected = fresh(&jobs);
    assert_eq!(jobs.json().unwrap().get(), expected);
    jobs.push(job("job-2"));
    assert_eq!(jobs.cancel_at("job-2", 12.5), Some(1));
    let saved = jobs.json().unwrap().get().to_string();
    assert_eq!(saved, fresh(&jobs));
    assert!(saved.contains("\"cancel_at\":12.5"), "the cancel is saved: {saved}");
    assert_eq!(jobs.cancel_at("job-9", 1.0), None, "an unknown id changes nothing");
    assert_eq!(jobs.take().len(), 2);
    assert!(jobs.is_empty());
    assert_eq!(jobs.json().unwrap().get(), "[]");
}
