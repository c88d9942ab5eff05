//! A job as a live list shows it, cheap enough to make for every job on every tick, and how
//! its status reads at a glance whatever its backend calls it.

use serde::Serialize;

use super::seconds;
use crate::simulate::engine::Engine;
use crate::target::Target;
use super::status_tally::{FoundJobs, find_jobs};

/// See [`JobOutcome::status_label`].
pub fn status_label(status: &str) -> String {
    if status.is_empty() { "building".to_string() } else { status.to_string() }
}

/// How a job's status reads at a glance, whatever its backend calls it: the list colours by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusTone {
    /// Still queued, waiting or running.
    Active,
    /// Ended as the user wanted: `passed`, `finished`, `success`, `Successful`, …
    Success,
    /// Stopped on request: `cancelled`, `Cancel`.
    Cancelled,
    /// Ended without the build: failed, timed out, refused, not attempted.
    Failure,
}

/// See [`StatusTone`]; `finished` is whether the job has reached its terminal status.
pub fn status_tone(status: &str, finished: bool) -> StatusTone {
    match status {
        _ if !finished => StatusTone::Active,
        "passed" | "finished" | "success" | "Successful" | "complete" | "active" => StatusTone::Success,
        "cancelled" | "Cancel" => StatusTone::Cancelled,
        _ => StatusTone::Failure,
    }
}

/// One job in a live list: cheap to make every tick, with no steps or logs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobLine {
    pub id: String,
    pub build: String,
    pub semantics: Target,
    /// As [`status_label`] shows it.
    pub status: String,
    pub finished: bool,
    pub submitted: f64,
    pub wait: f64,
    /// Seconds from its start to its end, or to now while it runs; none before it starts.
    pub ran: Option<f64>,
}

impl JobLine {
    /// How its status reads at a glance.
    pub fn tone(&self) -> StatusTone {
        status_tone(&self.status, self.finished)
    }

    /// What a search of the jobs list looks in, lowercased: id, build, backend, status.
    pub(super) fn searched_text(&self) -> String {
        format!("{} {} {} {}", self.id, self.build, self.semantics.label(), self.status).to_lowercase()
    }
}

/// How the Jobs list orders its jobs: the latest first, as they start, or the ones that waited
/// or ran longest first — where a stuck job or a slow build shows at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListedOrder {
    /// The latest submitted first.
    #[default]
    Latest,
    /// The longest wait so far first.
    LongestWait,
    /// The longest run so far first; those not started last.
    LongestRun,
}

impl ListedOrder {
    /// Every order, with the word the page's URL names it by and the words it is offered by.
    pub const ALL: [(ListedOrder, &'static str, &'static str); 3] =
        [(ListedOrder::Latest, "", "Latest first"), (ListedOrder::LongestWait, "wait", "Longest wait first"), (ListedOrder::LongestRun, "run", "Longest run first")];

    /// The order the URL's word names (the latest first for any other word).
    pub fn from_key(key: &str) -> ListedOrder {
        ListedOrder::ALL.iter().find(|(_, k, _)| *k == key).map_or(ListedOrder::Latest, |(o, _, _)| *o)
    }

    /// The word the URL names it by (none for the latest first).
    pub fn key(self) -> &'static str {
        ListedOrder::ALL.iter().find(|(o, _, _)| *o == self).map_or("", |(_, k, _)| k)
    }
}

/// What the Jobs list shows of the `lines` for `query` ([`find_jobs`]: every word or quoted
/// phrase in a job's id, build, backend or status, ignoring case, `status:WORD` its exact
/// status — with hundreds of jobs started, an admin finds the ones still `running`, or one
/// build's), the found ones in `order` (equals the latest first).
pub fn listed_jobs(lines: &[JobLine], query: &str, order: ListedOrder) -> FoundJobs {
    let mut listed = find_jobs(lines, query);
    let found = &mut listed.found;
    found.reverse();
    match order {
        ListedOrder::Latest => {}
        ListedOrder::LongestWait => found.sort_by(|&a, &b| lines[b].wait.total_cmp(&lines[a].wait)),
        ListedOrder::LongestRun => found.sort_by(|&a, &b| lines[b].ran.unwrap_or(-1.0).total_cmp(&lines[a].ran.unwrap_or(-1.0))),
    }
    listed
}

/// Every job's line, in submission order.
pub fn job_lines(engine: &Engine) -> Vec<JobLine> {
    engine
        .jobs
        .iter()
        .enumerate()
        .filter(|(_, j)| !j.is_free())
        .map(|(i, j)| JobLine {
            id: engine.job_id(i as u32).into_owned(),
            build: engine.profile_for(j).name.clone(),
            semantics: j.semantics,
            status: status_label(&j.status),
            finished: j.ended().is_some(),
            submitted: seconds(j.submit),
            wait: seconds(j.wait_ms(engine.now)),
            ran: j.started().map(|s| seconds(j.ended().unwrap_or(engine.now).saturating_sub(s))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, build: &str, semantics: Target, status: &str) -> JobLine {
        JobLine { id: id.into(), build: build.into(), semantics, status: status.into(), finished: false, submitted: 0.0, wait: 0.0, ran: None }
    }

    #[test]
    fn a_search_of_the_jobs_finds_them_by_id_build_backend_and_status() {
        let lines = [line("job-1", "api", Target::Zadig, "running"), line("job-2", "web app", Target::Nuon, "queued"), line("job-12", "api", Target::Nuon, "timed-out")];
        let matching_lines = |lines: &[JobLine], query: &str| find_jobs(lines, query).found;
        assert_eq!(matching_lines(&lines, ""), [0, 1, 2]);
        assert_eq!(matching_lines(&lines, "  RUNNING "), [0]);
        assert_eq!(matching_lines(&lines, "api nuon"), [2]);
        assert_eq!(matching_lines(&lines, "\"web app\""), [1]);
        assert_eq!(matching_lines(&lines, "job-1"), [0, 2]);
        assert_eq!(matching_lines(&lines, "failed"), Vec::<usize>::new());
    }

    #[test]
    fn the_list_puts_the_latest_first_or_the_longest_wait_or_run_with_equals_latest_first() {
        let timed = |id: &str, wait: f64, ran: Option<f64>| JobLine { wait, ran, ..line(id, "api", Target::Zadig, "running") };
        let lines = [timed("job-1", 60.0, Some(30.0)), timed("job-2", 0.0, Some(90.0)), timed("job-3", 60.0, None), timed("job-4", 5.0, None)];
        let listed_lines = |lines: &[JobLine], query: &str, order| listed_jobs(lines, query, order).found;
        assert_eq!(listed_lines(&lines, "", ListedOrder::Latest), [3, 2, 1, 0]);
        assert_eq!(listed_lines(&lines, "", ListedOrder::LongestWait), [2, 0, 3, 1]);
        assert_eq!(listed_lines(&lines, "", ListedOrder::LongestRun), [1, 0, 3, 2]);
        assert_eq!(listed_lines(&lines, "job-1", ListedOrder::LongestWait), [0]);
        for (order, key, _) in ListedOrder::ALL {
            assert_eq!(ListedOrder::from_key(key), order);
            assert_eq!(order.key(), key);
        }
        assert_eq!(ListedOrder::from_key("nonsense"), ListedOrder::Latest);
    }
}
