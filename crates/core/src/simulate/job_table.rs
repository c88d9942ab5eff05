//! A run's jobs one by one, as the Simulator lists them: where each ran, how long it waited and
//! why, found by typing any of it. The summary's totals say what is short; this says which
//! jobs paid for it, which is what a team admin asks next.

use super::outcome::{JobOutcome, Outcome, StatusTone, TalliedJob, WaitOut, status_label, status_tone};
use crate::target::Target;
use crate::workspace::{Exact, Term, terms};

/// One job's row.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRow {
    pub id: String,
    pub build: String,
    pub semantics: Target,
    /// Its final status in its backend's words (as [`status_label`] reads it).
    pub status: String,
    pub tone: StatusTone,
    pub submitted: f64,
    /// Seconds from submission until it started, or ended if it never started.
    pub waited: f64,
    /// Seconds it ran, if it started.
    pub ran: Option<f64>,
    pub ended: Option<f64>,
    /// Where its attempts ran, each place once, in the order first used: nodes, or the Nuon
    /// runner that took it.
    pub ran_on: Vec<String>,
    /// Each stretch of waiting with its reason, "0:00:10–0:05:00 workflow concurrency 2
    /// reached", a Zadig job task's with the task named after it.
    pub waits: Vec<String>,
    /// Everything above in lower case, which a search looks through (made once, not per keystroke).
    haystack: String,
}

/// How the table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JobOrder {
    /// Submission order (the run's own).
    #[default]
    Submitted,
    /// The longest wait first: the jobs a shortage hurt most.
    LongestWait,
    /// The longest run first.
    LongestRun,
}

impl JobOrder {
    /// Every order, with the words the Simulator offers it by.
    pub const ALL: [(JobOrder, &'static str); 3] =
        [(JobOrder::Submitted, "Submission order"), (JobOrder::LongestWait, "Longest wait first"), (JobOrder::LongestRun, "Longest run first")];

    /// The order offered by `label` (submission order for any other text).
    pub fn from_label(label: &str) -> JobOrder {
        JobOrder::ALL.iter().find(|(_, l)| *l == label).map_or(JobOrder::Submitted, |(o, _)| *o)
    }

    /// The words it is offered by.
    pub fn label(self) -> &'static str {
        JobOrder::ALL.iter().find(|(o, _)| *o == self).map_or("Submission order", |(_, l)| l)
    }
}

impl JobRow {
    /// The row of one job.
    pub fn of(job: &JobOutcome) -> JobRow {
        let mut ran_on: Vec<String> = Vec::new();
        for node in job.steps.iter().filter_map(|s| s.node.as_deref()) {
            if !ran_on.iter().any(|n| n == node) {
                ran_on.push(node.to_string());
            }
        }
        if let (Some(runner), true) = (job.runner(), job.started.is_some() && ran_on.is_empty()) {
            ran_on.push(format!("runner {runner}"));
        }
        let waits: Vec<String> = job.waits.iter().map(WaitOut::describe).collect();
        let status = status_label(&job.status);
        let tone = status_tone(&status, job.finished.is_some());
        let haystack = [job.id.as_str(), job.build.as_str(), job.semantics.label(), job.semantics.as_str(), status.as_str()]
            .into_iter()
            .chain(ran_on.iter().map(String::as_str))
            .chain(waits.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase();
        JobRow {
            id: job.id.clone(),
            build: job.build.clone(),
            semantics: job.semantics,
            status,
            tone,
            submitted: job.submitted,
            waited: job.wait,
            ran: job.run,
            ended: job.finished,
            ran_on,
            waits,
            haystack,
        }
    }

    /// Whether the row holds every word or quoted phrase of `query`, in any case and in any of
    /// its columns ("timeout prod" finds jobs that timed out waiting on cluster prod;
    /// `"insufficient memory on all"` one wait reason), as the console's other lists search.
    pub fn matches(&self, query: &str) -> bool {
        self.meets(&terms(query))
    }

    fn meets(&self, terms: &[Term]) -> bool {
        terms.iter().all(|t| t.met_by(&self.haystack, Exact { template: None, status: Some(&self.status) }))
    }
}

impl TalliedJob for JobRow {
    fn status(&self) -> &str {
        &self.status
    }

    fn finished(&self) -> bool {
        self.ended.is_some()
    }

    fn semantics(&self) -> Target {
        self.semantics
    }

    fn found_by(&self, terms: &[Term]) -> bool {
        self.meets(terms)
    }
}

/// Every job's row, in submission order (empty for a run that kept summaries only).
pub fn job_rows(outcome: &Outcome) -> Vec<JobRow> {
    outcome.jobs.iter().map(JobRow::of).collect()
}

/// Keeps only the jobs of `outcome` that `query` finds, by the Simulator's table's rule (any
/// word of any column, `status:WORD` the exact status), as `buildbay simulate --find` prints
/// them; returns how many there were.
pub fn keep_found(outcome: &mut Outcome, query: &str) -> usize {
    let terms = terms(query);
    let all = outcome.jobs.len();
    outcome.jobs.retain(|j| JobRow::of(j).meets(&terms));
    all
}

/// The positions in `rows` of those that match `query`, in `order` (ties in submission order).
pub fn select(rows: &[JobRow], query: &str, order: JobOrder) -> Vec<usize> {
    let terms = terms(query);
    let mut chosen: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].meets(&terms)).collect();
    match order {
        JobOrder::Submitted => {}
        JobOrder::LongestWait => chosen.sort_by(|&a, &b| rows[b].waited.total_cmp(&rows[a].waited)),
        JobOrder::LongestRun => chosen.sort_by(|&a, &b| rows[b].ran.unwrap_or(-1.0).total_cmp(&rows[a].ran.unwrap_or(-1.0))),
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::outcome::StepOut;

    fn job(id: &str, wait: f64, run: Option<f64>) -> JobOutcome {
        JobOutcome {
            id: id.into(),
            build: "api".into(),
            semantics: Target::Zadig,
            submitted: 0.0,
            started: run.map(|_| wait),
            finished: Some(wait + run.unwrap_or_default()),
            wait,
            run,
            status: if run.is_some() { "passed".into() } else { "timeout".into() },
            attempts: 1,
            backend: serde_json::Value::Null,
            transitions: Vec::new(),
            waits: Vec::new(),
            steps: Vec::new(),
            logs: Vec::new(),
        }
    }

    fn step(node: &str) -> StepOut {
        StepOut {
            unit: "job-0-0-0-build".into(),
            attempt: 1,
            name: "build".into(),
            detail: String::new(),
            start: 0.0,
            end: 1.0,
            status: "passed".into(),
            node: Some(node.into()),
            kind: crate::simulate::plan::StepKind::Script,
            planned_end: 1.0,
        }
    }

    #[test]
    fn a_row_says_where_the_job_ran_and_each_wait_with_its_reason() {
        let mut j = job("a", 600.0, None);
        j.waits = vec![
            WaitOut { from: 0.0, to: 10.0, unit: None, reason: "workflow concurrency 2 reached".into(), ongoing: false, folded: None },
            WaitOut { from: 10.0, to: 600.0, unit: Some("job-0-0-0-build".into()), reason: "Insufficient cpu on all 3 nodes of cluster prod".into(), ongoing: false, folded: None },
        ];
        let row = JobRow::of(&j);
        assert_eq!(row.waits, ["0:00:00–0:00:10 workflow concurrency 2 reached", "0:00:10–0:10:00 Insufficient cpu on all 3 nodes of cluster prod (job-0-0-0-build)"]);
        assert_eq!((row.status.as_str(), row.tone), ("timeout", StatusTone::Failure));
        assert!(row.ran_on.is_empty());

        let mut j = job("b", 0.0, Some(90.0));
        j.steps = vec![step("n-2"), step("n-2"), step("n-1")];
        assert_eq!(JobRow::of(&j).ran_on, ["n-2", "n-1"], "each node once, in the order used");

        let mut j = job("c", 0.0, Some(90.0));
        j.semantics = Target::Nuon;
        j.backend = serde_json::json!({"runner_job": {"runner": "org-runner"}});
        assert_eq!(JobRow::of(&j).ran_on, ["runner org-runner"], "a Nuon job runs on its runner, not a node");
        j.started = None;
        assert!(JobRow::of(&j).ran_on.is_empty(), "a job no runner took ran nowhere");
    }

    #[test]
    fn a_search_needs_every_word_or_quoted_phrase_somewhere_in_the_row_in_any_case() {
        let mut j = job("job-7", 600.0, None);
        j.waits = vec![WaitOut { from: 0.0, to: 600.0, unit: None, reason: "Insufficient cpu on all 3 nodes of cluster prod".into(), ongoing: false, folded: None }];
        let row = JobRow::of(&j);
        for hit in ["", "  ", "job-7", "TIMEOUT", "timeout prod", "insufficient CPU", "zadig", "api", "0:10:00", "status:timeout prod"] {
            assert!(row.matches(hit), "{hit:?} should match");
        }
        for phrase in ["\"cpu on all 3\"", "\"INSUFFICIENT cpu\" prod"] {
            assert!(row.matches(phrase), "{phrase:?} should match");
        }
        for miss in ["passed", "timeout staging", "job-8", "memory", "\"cpu prod\"", "\"cpu on all 4\"", "status:prod", "status:time"] {
            assert!(!row.matches(miss), "{miss:?} should not match");
        }
    }

    #[test]
    fn a_runs_tally_counts_the_jobs_its_search_words_find_by_final_status() {
        use crate::simulate::outcome::{StatusCount, status_tally};
        let mut slow = job("job-3", 600.0, None);
        slow.waits = vec![WaitOut { from: 0.0, to: 600.0, unit: None, reason: "Insufficient cpu on all 3 nodes of cluster prod".into(), ongoing: false, folded: None }];
        let rows: Vec<JobRow> = [job("job-1", 0.0, Some(60.0)), job("job-2", 5.0, Some(60.0)), slow].iter().map(JobRow::of).collect();
        let count = |status: &str, tone, jobs| StatusCount { status: status.into(), tone, jobs };
        assert_eq!(status_tally(&rows, ""), [count("passed", StatusTone::Success, 2), count("timeout", StatusTone::Failure, 1)]);
        assert_eq!(status_tally(&rows, "status:passed cpu"), [count("timeout", StatusTone::Failure, 1), count("passed", StatusTone::Cancelled, 0)]);
    }

    #[test]
    fn orders_put_the_longest_first_and_keep_submission_order_among_equals() {
        let rows: Vec<JobRow> = [job("a", 5.0, Some(10.0)), job("b", 60.0, None), job("c", 5.0, Some(30.0)), job("d", 60.0, Some(1.0))].iter().map(JobRow::of).collect();
        assert_eq!(select(&rows, "", JobOrder::Submitted), [0, 1, 2, 3]);
        assert_eq!(select(&rows, "", JobOrder::LongestWait), [1, 3, 0, 2]);
        assert_eq!(select(&rows, "", JobOrder::LongestRun), [2, 0, 3, 1], "a job that never ran comes last");
        assert_eq!(select(&rows, "passed", JobOrder::LongestWait), [3, 0, 2]);
        for (order, label) in JobOrder::ALL {
            assert_eq!(JobOrder::from_label(label), order);
            assert_eq!(order.label(), label);
        }
        assert_eq!(JobOrder::from_label("anything else"), JobOrder::Submitted);
    }
}
