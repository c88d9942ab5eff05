//! How many jobs stand in each status: the Jobs page's glance over thousands of jobs, and the
//! Simulator's over a run's, each count a way to list just those jobs.

use std::collections::BTreeMap;

use super::job_line::{JobLine, StatusTone, status_tone};
use crate::Target;
use crate::workspace::{Exact, Term, terms};

/// A job as a list that tallies its statuses holds it.
pub trait TalliedJob {
    /// Its status in its backend's words.
    fn status(&self) -> &str;
    /// Whether that status is its last.
    fn finished(&self) -> bool;
    /// Whose semantics it runs by, which says whether it can be cancelled.
    fn semantics(&self) -> Target;
    /// Whether its text holds every one of `terms` (none of them a status).
    fn found_by(&self, terms: &[Term]) -> bool;

    /// Whether a cancel now would cancel it: under way, and its backend has a cancel (a
    /// Rainbond build runs on: [`Target::no_cancel`]).
    fn cancellable(&self) -> bool {
        !self.finished() && self.semantics().no_cancel().is_none()
    }
}

/// What a list of jobs shows for a search, worked out in one pass over them (the Jobs list
/// does it on every tick, each job's searched text made once).
#[derive(Debug, Clone, PartialEq)]
pub struct FoundJobs {
    /// The places of the jobs the search finds, in the list's order.
    pub found: Vec<usize>,
    /// How many of the jobs the search's words find are in each status ([`status_tally`]).
    pub tally: Vec<StatusCount>,
    /// How many of the found jobs are still under way.
    pub under_way: usize,
    /// How many of those its backend can cancel (a Rainbond build runs on: [`Target::no_cancel`]).
    pub cancellable: usize,
}

impl TalliedJob for JobLine {
    fn status(&self) -> &str {
        &self.status
    }

    fn finished(&self) -> bool {
        self.finished
    }

    fn semantics(&self) -> Target {
        self.semantics
    }

    fn found_by(&self, terms: &[Term]) -> bool {
        if terms.is_empty() {
            return true;
        }
        let text = self.searched_text();
        terms.iter().all(|t| t.met_by(&text, Exact::default()))
    }
}

/// One status the jobs are in, in their backend's words, and how many are in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCount {
    /// The status as the jobs' backends spell it; where they spell one word differently, each
    /// spelling, "failed / Failed", since `status:failed` finds them all, ignoring case.
    pub status: String,
    /// How it reads at a glance: the tone of its ended jobs, or active while any is still under
    /// way (a Nuon job `timed-out` between attempts, say); a status no job is in reads muted,
    /// as cancelled jobs do.
    pub tone: StatusTone,
    pub jobs: usize,
}

/// The statuses of the `jobs` that `query` finds, leaving out what it asks of the status (so
/// that every status stays there to choose), with their counts: the jobs under way first, then
/// those that ended well, those that failed and those cancelled, each by name, so that a status
/// keeps its place as the clock runs. A status asked for that no job is in (the last `running`
/// job ended) is there with none, last, so that what the search asks for can still be undone.
pub fn status_tally<J: TalliedJob>(jobs: &[J], query: &str) -> Vec<StatusCount> {
    find_jobs(jobs, query).tally
}

/// The jobs `query` finds (every word or phrase in a job's text, `status:WORD` its exact
/// status, ignoring case), in their own order, with the tally of those its words find and how
/// many found are under way.
pub fn find_jobs<J: TalliedJob>(jobs: &[J], query: &str) -> FoundJobs {
    let (wanted, asked): (Vec<Term>, Vec<Term>) = terms(query).into_iter().partition(|t| matches!(t, Term::Status(_)));
    let (mut found, mut under_way, mut cancellable) = (Vec::new(), 0, 0);
    // By the word ignoring case, as a search for it finds it; each spelling kept, in order.
    let mut by_word: BTreeMap<String, (Vec<&str>, usize, bool)> = BTreeMap::new();
    for (i, job) in jobs.iter().enumerate().filter(|(_, j)| j.found_by(&asked)) {
        let status = job.status();
        // A status term reads the status alone, never the text.
        if wanted.iter().all(|t| t.met_by("", Exact { template: None, status: Some(status) })) {
            found.push(i);
            under_way += usize::from(!job.finished());
            cancellable += usize::from(job.cancellable());
        }
        let (spellings, jobs, all_ended) = by_word.entry(status.to_lowercase()).or_insert((Vec::new(), 0, true));
        if let Err(at) = spellings.binary_search(&status) {
            spellings.insert(at, status);
        }
        *jobs += 1;
        *all_ended &= job.finished();
    }
    let mut tally: Vec<StatusCount> = by_word
        .into_values()
        .map(|(spellings, jobs, all_ended)| StatusCount { tone: status_tone(spellings[0], all_ended), status: spellings.join(" / "), jobs })
        .collect();
    tally.sort_by_key(|c| rank(c.tone));
    if let Some(Term::Status(word)) = wanted.last()
        && !tally.iter().any(|c| c.word() == *word)
    {
        tally.push(StatusCount { status: word.clone(), tone: StatusTone::Cancelled, jobs: 0 });
    }
    FoundJobs { found, tally, under_way, cancellable }
}

impl FoundJobs {
    /// How many of the found jobs are under way and cannot be cancelled (Rainbond builds run
    /// on): what a cancel of them all leaves running, and says so.
    pub fn not_cancellable(&self) -> usize {
        self.under_way.saturating_sub(self.cancellable)
    }

    /// What a cancel of the found jobs says when it finds none to cancel: that each has ended,
    /// or which builds run on and why, so that the command is never met with silence.
    pub fn nothing_to_cancel(&self) -> String {
        match self.not_cancellable() {
            0 => "No job is under way any more: each has ended.".to_string(),
            n => format!("No job is left to cancel: {} under way. {}", crate::simulate::text::counted(n as u64, "Rainbond build is", "Rainbond builds are"), Target::Rainbond.no_cancel().unwrap_or_default()),
        }
    }
}

impl StatusCount {
    /// The word a search asks for it by (`status:WORD`), lowercased.
    pub fn word(&self) -> String {
        self.status.split(" / ").next().unwrap_or_default().to_lowercase()
    }
}

/// Where a tone's statuses stand in the tally.
fn rank(tone: StatusTone) -> u8 {
    match tone {
        StatusTone::Active => 0,
        StatusTone::Success => 1,
        StatusTone::Failure => 2,
        StatusTone::Cancelled => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, build: &str, status: &str, finished: bool) -> JobLine {
        JobLine { id: id.into(), build: build.into(), semantics: Target::Nuon, status: status.into(), finished, submitted: 0.0, wait: 0.0, ran: None }
    }

    fn count(status: &str, tone: StatusTone, jobs: usize) -> StatusCount {
        StatusCount { status: status.into(), tone, jobs }
    }

    #[test]
    fn the_tally_counts_each_status_under_way_first_then_the_ended_by_tone_and_name() {
        let lines = [
            line("job-1", "api", "finished", true),
            line("job-2", "api", "timed-out", true),
            line("job-3", "web", "in-progress", false),
            line("job-4", "web", "cancelled", true),
            line("job-5", "api", "timed-out", false),
            line("job-6", "web", "failed", true),
            line("job-7", "api", "finished", true),
            line("job-8", "api", "available", false),
        ];
        assert_eq!(
            status_tally(&lines, ""),
            [
                count("available", StatusTone::Active, 1),
                count("in-progress", StatusTone::Active, 1),
                // One of the two is between attempts: the status is still under way.
                count("timed-out", StatusTone::Active, 2),
                count("finished", StatusTone::Success, 2),
                count("failed", StatusTone::Failure, 1),
                count("cancelled", StatusTone::Cancelled, 1),
            ]
        );
        assert_eq!(status_tally(&lines[..2], ""), [count("finished", StatusTone::Success, 1), count("timed-out", StatusTone::Failure, 1)]);
        // One word in two backends' spellings is one entry, as `status:failed` finds both.
        let spelt = [line("job-1", "api", "failed", true), line("job-2", "api", "Failed", true), line("job-3", "api", "failed", true)];
        assert_eq!(status_tally(&spelt, ""), [count("Failed / failed", StatusTone::Failure, 3)]);
        assert_eq!(status_tally(&spelt, "")[0].word(), "failed");
        assert_eq!(status_tally::<JobLine>(&[], ""), []);
    }

    #[test]
    fn the_tally_counts_the_jobs_a_search_finds_whatever_status_it_asks_for() {
        let lines = [line("job-1", "api", "finished", true), line("job-2", "web", "finished", true), line("job-3", "api", "failed", true)];
        let api = [count("finished", StatusTone::Success, 1), count("failed", StatusTone::Failure, 1)];
        assert_eq!(status_tally(&lines, "api"), api);
        assert_eq!(status_tally(&lines, "status:failed api"), api, "every status stays there to choose");
        assert_eq!(status_tally(&lines, "nothing"), []);
        assert_eq!(status_tally(&lines, "web status:failed"), [count("finished", StatusTone::Success, 1), count("failed", StatusTone::Cancelled, 0)]);
        assert_eq!(status_tally(&lines, "status:FINISHED"), [count("finished", StatusTone::Success, 2), count("failed", StatusTone::Failure, 1)]);
    }

    /// A Rainbond build under way counts as under way but not as one to cancel: its API has
    /// no cancel, so "Cancel N under way" leaves it out rather than claim to cancel it.
    #[test]
    fn a_rainbond_build_under_way_is_not_counted_as_one_to_cancel() {
        let on = |semantics, id: &str, status: &str, finished| JobLine { semantics, ..line(id, "api", status, finished) };
        let lines = [
            on(Target::Rainbond, "job-1", "building", false),
            on(Target::Zadig, "job-2", "running", false),
            on(Target::ServiceStage, "job-3", "Queuing", false),
            on(Target::Nuon, "job-4", "queued", false),
            on(Target::Rainbond, "job-5", "success", true),
            on(Target::Zadig, "job-6", "passed", true),
        ];
        let found = find_jobs(&lines, "");
        assert_eq!((found.under_way, found.cancellable), (4, 3));
        assert_eq!(found.not_cancellable(), 1, "the Rainbond build a cancel leaves running");
        assert_eq!((find_jobs(&lines, "job-1").under_way, find_jobs(&lines, "job-1").cancellable), (1, 0));
        // With nothing left to cancel, a cancel says which run on and why, or that all ended.
        assert_eq!(find_jobs(&lines, "job-1").nothing_to_cancel(), "No job is left to cancel: 1 Rainbond build is under way. Rainbond's API cannot cancel a build; it runs to its end.");
        assert_eq!(find_jobs(&lines, "job-5").nothing_to_cancel(), "No job is under way any more: each has ended.");
    }
}
