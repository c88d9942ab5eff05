//! Why a run's jobs waited, reason by reason: the one table that tells a team admin what is
//! short (CPU on a cluster, a workflow limit, a runner) and how much waiting it costs.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::outcome::JobOutcome;
use super::scenario::millis;

/// The waiting one reason caused over a whole run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonTotal {
    pub reason: String,
    /// Jobs that waited for it at least once.
    pub jobs: usize,
    /// Seconds of waiting, summed over the jobs (a Zadig task's job tasks each count theirs).
    pub seconds: f64,
}

/// The reason a wait is counted under: its own words, except that a wait behind a named job
/// on a Nuon runner ("runner busy with job 3") joins the other waits behind that runner's
/// jobs, named by the runner: "runner org-runner busy with an earlier job".
fn reason_key<'a>(job: &JobOutcome, reason: &'a str) -> Cow<'a, str> {
    if !reason.starts_with("runner busy with job ") {
        return Cow::Borrowed(reason);
    }
    match job.runner() {
        Some(runner) => Cow::Owned(format!("runner {runner} busy with an earlier job")),
        None => Cow::Borrowed("runner busy with an earlier job"),
    }
}

/// Every reason jobs waited for, the most waiting first (ties by reason, so the order is
/// the same on every run).
pub fn by_reason(jobs: &[JobOutcome]) -> Vec<ReasonTotal> {
    // Per reason: the jobs counted (the last job index, as each job's waits come together)
    // and the milliseconds, summed exactly before they turn into seconds.
    let mut totals: BTreeMap<Cow<'_, str>, (usize, Option<usize>, u64)> = BTreeMap::new();
    for (j, job) in jobs.iter().enumerate() {
        for wait in &job.waits {
            // Waits start and end on the engine's millisecond clock, so these sums are exact;
            // a wait whose reason kept changing counts each reason for as long as it held.
            let earlier = wait.folded.iter().flat_map(|f| &f.earlier_reasons).map(|r| (r.reason.as_str(), millis(r.seconds)));
            let last = millis(wait.to - wait.from).saturating_sub(earlier.clone().map(|(_, ms)| ms).sum());
            for (reason, ms) in earlier.chain([(wait.reason.as_str(), last)]) {
                let entry = totals.entry(reason_key(job, reason)).or_default();
                if entry.1 != Some(j) {
                    entry.0 += 1;
                    entry.1 = Some(j);
                }
                entry.2 += ms;
            }
        }
    }
    let mut out: Vec<ReasonTotal> =
        totals.into_iter().map(|(reason, (jobs, _, ms))| ReasonTotal { reason: reason.into_owned(), jobs, seconds: ms as f64 / 1000.0 }).collect();
    out.sort_by(|a, b| b.seconds.total_cmp(&a.seconds).then_with(|| a.reason.cmp(&b.reason)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::outcome::WaitOut;

    fn on_runner(runner: &str, waits: &[(f64, f64, &str)]) -> JobOutcome {
        JobOutcome { semantics: crate::Target::Nuon, backend: serde_json::json!({"runner_job": {"runner": runner}}), ..job(waits) }
    }

    fn job(waits: &[(f64, f64, &str)]) -> JobOutcome {
        let waits = waits.iter().map(|(from, to, reason)| WaitOut { from: *from, to: *to, unit: None, reason: (*reason).to_string(), ongoing: false, folded: None }).collect();
        JobOutcome {
            id: String::new(),
            build: String::new(),
            semantics: crate::Target::Zadig,
            submitted: 0.0,
            started: None,
            finished: None,
            wait: 0.0,
            run: None,
            status: String::new(),
            attempts: 0,
            backend: serde_json::Value::Null,
            transitions: Vec::new(),
            waits,
            steps: Vec::new(),
            logs: Vec::new(),
        }
    }

    #[test]
    fn reasons_are_summed_over_jobs_and_counted_once_per_job_the_longest_first() {
        let jobs = [
            job(&[(0.0, 60.0, "Insufficient cpu on all 3 nodes of cluster prod"), (90.0, 120.0, "Insufficient cpu on all 3 nodes of cluster prod")]),
            job(&[(0.0, 10.0, "workflow concurrency 2 reached"), (10.0, 20.0, "Insufficient cpu on all 3 nodes of cluster prod")]),
            on_runner("r1", &[(5.0, 65.0, "runner busy with job 1"), (65.0, 125.0, "runner busy with job 2")]),
            on_runner("r1", &[(5.0, 6.0, "runner busy with job a")]),
            on_runner("r2", &[(0.0, 2.0, "runner busy with job b"), (2.0, 4.0, "waiting for the runner to pick the job up")]),
            job(&[]),
        ];
        let totals = by_reason(&jobs);
        let rows: Vec<(&str, usize, f64)> = totals.iter().map(|t| (t.reason.as_str(), t.jobs, t.seconds)).collect();
        assert_eq!(
            rows,
            [
                ("runner r1 busy with an earlier job", 2, 121.0),
                ("Insufficient cpu on all 3 nodes of cluster prod", 2, 100.0),
                ("workflow concurrency 2 reached", 1, 10.0),
                ("runner r2 busy with an earlier job", 1, 2.0),
                ("waiting for the runner to pick the job up", 1, 2.0),
            ]
        );
    }

    #[test]
    fn equal_totals_keep_one_order_and_nothing_waited_gives_nothing() {
        let jobs = [job(&[(0.0, 1.5, "b")]), job(&[(0.0, 1.5, "a"), (3.0, f64::NAN, "c")])];
        let reasons: Vec<String> = by_reason(&jobs).into_iter().map(|t| t.reason).collect();
        assert_eq!(reasons, ["a", "b", "c"]);
        assert!(by_reason(&[job(&[])]).is_empty());
    }
}
