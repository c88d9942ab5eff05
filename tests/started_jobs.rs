//! The jobs started in the browser: their JSON kept ready for the lab's saves, and a tab's own
//! changes made over again on another tab's newer stored state (wasm-bindgen-test, as the
//! app's code builds for the browser only).
#![cfg(target_arch = "wasm32")]

use buildbay::state::{LocalChange, StartedJob, StartedJobs};
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

/// This tab's jobs, in the order it started them.
fn here(jobs: Vec<StartedJob>) -> StartedJobs {
    let mut started = StartedJobs::default();
    for j in jobs {
        started.push(j);
    }
    started
}

fn ids(jobs: &[StartedJob]) -> Vec<String> {
    jobs.iter().map(|j| j.spec.id.clone()).collect()
}

#[wasm_bindgen_test]
fn a_job_started_under_an_id_another_tab_gave_its_own_takes_the_next_free_one() {
    let first = job("job-1", "api", "a", 0.0);
    let mine = job("job-2", "api", "a", 5.0);
    let theirs = job("job-2", "web", "b", 5.0);
    let started = here(vec![first.clone(), mine]);
    let changes = [LocalChange::Started("job-2".into()), LocalChange::Model, LocalChange::Cancelled("job-2".into(), 9.0)];
    let merged = started.merged_onto(vec![first.clone(), theirs.clone()], &changes);
    assert_eq!(ids(&merged.jobs), ["job-1", "job-2", "job-3"]);
    assert_eq!(merged.jobs[1], theirs, "the other tab's job is kept as it is, not cancelled");
    assert_eq!((merged.jobs[2].spec.build.as_str(), merged.jobs[2].spec.cancel_at), ("api", Some(9.0)), "the cancel here follows the job started here");
    assert_eq!(merged.renamed, [("job-2".to_string(), "job-3".to_string())]);
    // The same job started in two tabs at the same moment is two jobs.
    let same = job("job-2", "api", "b", 5.0);
    let merged = started.merged_onto(vec![first.clone(), same], &changes[..1]);
    assert_eq!(ids(&merged.jobs), ["job-1", "job-2", "job-3"]);
}

#[wasm_bindgen_test]
fn a_change_already_stored_is_not_made_twice() {
    let first = job("job-1", "api", "a", 0.0);
    let started = here(vec![first.clone()]);
    // This tab's own write got there first (cancelled here since).
    let merged = started.merged_onto(vec![first.clone()], &[LocalChange::Started("job-1".into())]);
    assert_eq!(merged.jobs, std::slice::from_ref(&first));
    assert!(merged.renamed.is_empty());
    let mut cancelled = here(vec![first.clone()]);
    cancelled.cancel_at("job-1", 3.0);
    let merged = cancelled.merged_onto(vec![first.clone()], &[LocalChange::Started("job-1".into()), LocalChange::Cancelled("job-1".into(), 3.0)]);
    assert_eq!(ids(&merged.jobs), ["job-1"]);
    assert_eq!(merged.jobs[0].spec.cancel_at, Some(3.0));
}

#[wasm_bindgen_test]
fn after_a_clear_here_only_the_jobs_started_here_since_count() {
    let again = job("job-1", "api", "a", 0.0);
    let started = here(vec![again.clone()]);
    let stored = vec![job("job-1", "web", "b", 0.0), job("job-2", "web", "b", 1.0)];
    let merged = started.merged_onto(stored.clone(), &[LocalChange::Started("job-7".into()), LocalChange::Cleared, LocalChange::Started("job-1".into())]);
    assert_eq!(merged.jobs, [again]);
    // With no change here, the stored jobs are taken as they are.
    assert_eq!(started.merged_onto(stored.clone(), &[LocalChange::Pace]).jobs, stored);
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
