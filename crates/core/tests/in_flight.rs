//! Summary runs of generated workloads hold only the jobs in flight, and find what a run that
//! keeps every job finds.

use buildbay_core::simulate::outcome::Summary;
use buildbay_core::simulate::stepped::{Step, SteppedRun};
use buildbay_core::simulate::{self, Detail, Engine, Outcome, Prepared, scenario};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The example's builds (all four backends) with only generated jobs: two arrival rates, the
/// second for one build and overlapping the first.
fn example_with_arrivals_only(per_hour: f64, seed: u64) -> Prepared {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenario.json")).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["seed"] = json!(seed);
    value["workload"] = json!({"jobs": [], "arrivals": [
        {"per_hour": per_hour, "from": 0, "until": 7200},
        {"builds": ["api"], "per_hour": per_hour / 2.0, "from": 1800, "until": 5400}]});
    scenario::parse(&value.to_string()).unwrap()
}

/// What a summary states, as JSON: the counts, percentiles, utilisation and queue, the end and
/// the number of events (not why jobs waited: only a run that keeps every job tells that).
fn summary_of(outcome: &Outcome) -> String {
    let figures = Summary { waits_by_reason: None, ..outcome.summary.clone() };
    serde_json::to_string(&(figures, outcome.end, outcome.events)).unwrap()
}

#[test]
fn a_summary_of_generated_jobs_reuses_finished_jobs_slots() {
    // The benchmark's workload (Zadig jobs filling 80 % of the nodes), cut to 5,000 jobs.
    let prepared = simulate::capacity_scenario(5_000, 20);
    let mut engine = Engine::new(&prepared, 3, Detail::Summary);
    engine.run();
    let made = engine.job_count();
    assert_eq!(made, 5_000);
    assert_eq!(engine.finished as usize, made, "every job ended");
    assert!(engine.jobs.len() * 4 < made, "{} slots for {made} jobs", engine.jobs.len());
    // The run that keeps every job holds one slot per job, and states the same summary.
    let full = simulate::simulate(&prepared, 3, Detail::Full);
    assert_eq!(full.summary.jobs, made);
    assert_eq!(summary_of(&simulate::simulate(&prepared, 3, Detail::Summary)), summary_of(&full));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the rate, seed and nodes, holding only the jobs in flight changes nothing: the
    /// summary equals the full run's, at once or a step at a time.
    #[test]
    fn a_summary_of_generated_jobs_states_what_the_full_run_finds(per_hour in 1.0f64..3000.0, seed in 0u64..1000, budget in 1usize..500) {
        let prepared = example_with_arrivals_only(per_hour, seed);
        let full = summary_of(&simulate::simulate(&prepared, seed, Detail::Full));
        let at_once = simulate::simulate(&prepared, seed, Detail::Summary);
        prop_assert_eq!(&summary_of(&at_once), &full);
        let mut run = SteppedRun::new(&prepared, Detail::Summary);
        let stepped = loop {
            if let Step::Done(outcome) = run.step(budget) {
                break outcome;
            }
        };
        prop_assert_eq!(serde_json::to_string(&*stepped).unwrap(), serde_json::to_string(&at_once).unwrap());
    }
}
