//! A tab's own changes made over again on another tab's newer jobs: a clashing id renamed,
//! nothing made twice, a clear here keeping only what was started since.

use buildbay_core::Target;
use buildbay_core::model::Build;
use buildbay_core::simulate::scenario::JobSpec;
use buildbay_core::simulate::started::{LocalChange, ModelPart, StartedJob, merged_onto};

/// A job of build `build` started in `tab` as `id` at `submit` seconds.
fn job(id: &str, build: &str, tab: &str, submit: f64) -> StartedJob {
    let spec = JobSpec { id: id.into(), build: build.into(), submit, ..JobSpec::default() };
    StartedJob { build: Build { name: build.into(), ..Build::default() }, semantics: Target::Zadig, spec, tab: tab.into() }
}

fn ids(jobs: &[StartedJob]) -> Vec<String> {
    jobs.iter().map(|j| j.spec.id.clone()).collect()
}

#[test]
fn a_job_started_under_an_id_another_tab_gave_its_own_takes_the_next_free_one() {
    let first = job("job-1", "api", "a", 0.0);
    let mine = job("job-2", "api", "a", 5.0);
    let theirs = job("job-2", "web", "b", 5.0);
    let started = vec![first.clone(), mine];
    let changes = [LocalChange::Started("job-2".into()), LocalChange::Model(ModelPart::Zadig), LocalChange::Cancelled("job-2".into(), 9.0)];
    let merged = merged_onto(&started, vec![first.clone(), theirs.clone()], &changes);
    assert_eq!(ids(&merged.jobs), ["job-1", "job-2", "job-3"]);
    assert_eq!(merged.jobs[1], theirs, "the other tab's job is kept as it is, not cancelled");
    assert_eq!((merged.jobs[2].spec.build.as_str(), merged.jobs[2].spec.cancel_at), ("api", Some(9.0)), "the cancel here follows the job started here");
    assert_eq!(merged.renamed, [("job-2".to_string(), "job-3".to_string())]);
    // The changes still to store then name the job by its new id.
    let mut pending = changes.to_vec();
    merged.rename_in(&mut pending);
    assert_eq!(pending, [LocalChange::Started("job-3".into()), LocalChange::Model(ModelPart::Zadig), LocalChange::Cancelled("job-3".into(), 9.0)]);
    // The same job started in two tabs at the same moment is two jobs.
    let same = job("job-2", "api", "b", 5.0);
    let merged = merged_onto(&started, vec![first.clone(), same], &changes[..1]);
    assert_eq!(ids(&merged.jobs), ["job-1", "job-2", "job-3"]);
}

#[test]
fn a_change_already_stored_is_not_made_twice() {
    let first = job("job-1", "api", "a", 0.0);
    let started = vec![first.clone()];
    // This tab's own write got there first (cancelled here since).
    let merged = merged_onto(&started, vec![first.clone()], &[LocalChange::Started("job-1".into())]);
    assert_eq!(merged.jobs, std::slice::from_ref(&first));
    assert!(merged.renamed.is_empty());
    let mut cancelled = vec![first.clone()];
    cancelled[0].spec.cancel_at = Some(3.0);
    let merged = merged_onto(&cancelled, vec![first.clone()], &[LocalChange::Started("job-1".into()), LocalChange::Cancelled("job-1".into(), 3.0)]);
    assert_eq!(ids(&merged.jobs), ["job-1"]);
    assert_eq!(merged.jobs[0].spec.cancel_at, Some(3.0));
}

#[test]
fn after_a_clear_here_only_the_jobs_started_here_since_count() {
    let again = job("job-1", "api", "a", 0.0);
    let started = vec![again.clone()];
    let stored = vec![job("job-1", "web", "b", 0.0), job("job-2", "web", "b", 1.0)];
    let merged = merged_onto(&started, stored.clone(), &[LocalChange::Started("job-7".into()), LocalChange::Cleared, LocalChange::Started("job-1".into())]);
    assert_eq!(merged.jobs, [again]);
    // With no change here, the stored jobs are taken as they are.
    assert_eq!(merged_onto(&started, stored.clone(), &[LocalChange::Pace]).jobs, stored);
}

#[test]
fn the_clock_after_a_merge_is_the_other_tabs_unless_a_change_here_needs_its_own() {
    use buildbay_core::simulate::started::merged_clock_ms;
    assert_eq!(merged_clock_ms(&[], 9_000, 12_000), 9_000, "no change here: the state as stored");
    assert_eq!(merged_clock_ms(&[LocalChange::Started("job-1".into())], 9_000, 12_000), 12_000, "a job started here does not start before the clock");
    assert_eq!(merged_clock_ms(&[LocalChange::Pace], 15_000, 12_000), 15_000);
    assert_eq!(merged_clock_ms(&[LocalChange::Cleared, LocalChange::Started("job-1".into())], 90_000, 2_000), 2_000, "a clear here set the clock back");
}
