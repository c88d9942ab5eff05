//! The text summary `buildbay simulate` prints.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::engine::Detail;
use super::outcome::{JobOutcome, NodeOutcome, Outcome, Percentiles};

/// `h:mm:ss` for a number of seconds, its whole seconds as a clock and Zadig's task view read
/// them (57.6 s is 0:00:57), so a wait's ends and its length never disagree by a rounding.
pub fn clock(seconds: f64) -> String {
    let s = millis(seconds) / 1000;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// A stretch of time as a clock reads it, `0:00:05–0:06:40`, or `1:15:51 (under a second)`
/// where it lasted less than a second: its two ends would read alike (or a second apart) beside
/// a length of 0:00:00, and a reader would take a range of no time for a mistake.
pub fn span(from: f64, to: f64) -> String {
    if millis(to).saturating_sub(millis(from)) < 1000 {
        return format!("{} (under a second)", clock(from));
    }
    format!("{}–{}", clock(from), clock(to))
}

/// A time to the millisecond, where the engine keeps time, so a sum landing a hair under a
/// whole second still reads it; before 0 (or not a number) is 0.
fn millis(seconds: f64) -> u64 {
    (seconds.max(0.0) * 1000.0).round() as u64
}

/// What a searchable list says of itself, in the same words on every page: how many `things`
/// (singular, plural) there are, how many match its search ("1 of 4 jobs matches"), and that
/// only the first `listed` are shown when more match (a list that shows all passes `usize::MAX`).
pub fn listed_count(all: usize, found: usize, listed: usize, (one, many): (&str, &str)) -> String {
    let counted_all = counted(all as u64, one, many);
    let cut = if found > listed { format!("; the first {listed} are listed") } else { String::new() };
    let verb = if found == 1 { "matches" } else { "match" };
    if found == all { format!("{counted_all}{cut}") } else { format!("{found} of {counted_all} {verb}{cut}") }
}

/// A count with its noun, singular for one: "1 node", "3 nodes".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// One backend's final statuses with their counts, "passed 13, timeout 1", as the CLI and the
/// Simulator both show them.
pub fn status_counts(statuses: &BTreeMap<String, usize>) -> String {
    statuses.iter().map(|(status, n)| format!("{status} {n}")).collect::<Vec<_>>().join(", ")
}

/// Every backend's final statuses in a run on one line, "zadig passed 13, timeout 1; nuon
/// finished 3" (a sweep's row per seed, in the CLI and the Simulator alike).
pub fn final_statuses(by_status: &BTreeMap<String, BTreeMap<String, usize>>) -> String {
    let parts: Vec<String> = by_status.iter().map(|(semantics, statuses)| format!("{semantics} {}", status_counts(statuses))).collect();
    if parts.is_empty() { counted(0, "job", "jobs") } else { parts.join("; ") }
}

/// How many reasons for waiting the summary lists (the rest are in the JSON).
const REASON_LINES: usize = 8;

/// A per-cluster share under its heading, with up to eight of each cluster's nodes that have one.
fn shares(out: &mut String, outcome: &Outcome, heading: &str, per_cluster: &BTreeMap<String, f64>, node: impl Fn(&NodeOutcome) -> Option<f64>) {
    if per_cluster.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading}");
    for (cluster, share) in per_cluster {
        let nodes: Vec<String> = outcome.nodes.iter().filter(|n| &n.cluster == cluster).filter_map(|n| Some(format!("{} {:.1}%", n.node, node(n)? * 100.0))).take(8).collect();
        let _ = writeln!(out, "  {cluster}: {:.1}%  ({})", share * 100.0, nodes.join(", "));
    }
}

/// A spread of times as "p50 / p95 / max" joined by `between` (each figure after its label
/// when `labelled`), or `none` when no job gave one: a run where nothing ran to an end has no
/// run time, not one of 0:00:00.
pub fn spread(p: &Percentiles, labelled: bool, between: &str, none: &str) -> String {
    if p.count == 0 {
        return none.to_string();
    }
    let figures = [("p50", p.p50), ("p95", p.p95), ("max", p.max)].map(|(label, s)| if labelled { format!("{label} {}", clock(s)) } else { clock(s) });
    figures.join(between)
}

/// What a scenario says of itself, its name and the question it asks, as one line ("nightly
/// rush — four api builds at once on two nodes"), or `None` when it says neither.
pub fn scenario_title(name: Option<&str>, description: Option<&str>) -> Option<String> {
    // One line, whatever line breaks the JSON string holds.
    let [name, description] = [name, description].map(|t| Some(t?.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty()));
    match (name, description) {
        (Some(n), Some(d)) => Some(format!("{n} — {d}")),
        (Some(t), None) | (None, Some(t)) => Some(t),
        (None, None) => None,
    }
}

/// The line a text result opens with when its scenario says what it is ("Scenario: nightly
/// rush — …"), a single run's and a sweep's alike.
pub fn scenario_heading(name: Option<&str>, description: Option<&str>) -> Option<String> {
    scenario_title(name, description).map(|title| format!("Scenario: {title}"))
}

/// A human summary: the scenario's name and question when it gives them, jobs by final
/// status, wait and run percentiles, utilisation, why jobs waited, and per job (up to
/// `job_lines`) its status and what it waited for.
pub fn summary(outcome: &Outcome, job_lines: usize) -> String {
    summary_of_found(outcome, job_lines, None)
}

/// [`summary`], where `found` names a search and how many jobs the run kept before it: the
/// jobs left in `outcome` are the ones it found ([`job_table::keep_found`]), and the list says so.
///
/// [`job_table::keep_found`]: crate::simulate::job_table::keep_found
pub fn summary_of_found(outcome: &Outcome, job_lines: usize, found: Option<(&str, usize)>) -> String {
    let s = &outcome.summary;
    let mut out = String::new();
    if let Some(heading) = scenario_heading(outcome.name.as_deref(), outcome.description.as_deref()) {
        let _ = writeln!(out, "{heading}");
    }
    let (jobs, events) = (counted(s.jobs as u64, "job", "jobs"), counted(outcome.events, "event", "events"));
    let _ = writeln!(out, "Simulated {jobs} until {} (seed {}, {events}).", clock(outcome.end), outcome.seed);
    if s.by_status.is_empty() {
        let _ = writeln!(out, "Final status: no jobs");
    } else {
        let _ = writeln!(out, "Final status:");
    }
    for (semantics, statuses) in &s.by_status {
        let _ = writeln!(out, "  {semantics:<13}{}", status_counts(statuses));
    }
    if !s.nuon_builds.is_empty() {
        let _ = writeln!(out, "  (their Nuon component builds: {})", status_counts(&s.nuon_builds));
    }
    let _ = writeln!(out, "Wait:  {}", spread(&s.wait, true, "  ", "no jobs"));
    let _ = writeln!(out, "Run:   {}", spread(&s.run, true, "  ", "no job ran to an end"));
    let _ = writeln!(out, "Queue: max {}  mean {:.2}", s.queue_max, s.queue_mean);
    shares(&mut out, outcome, "Utilisation (CPU requested / allocatable):", &s.utilisation, |n| Some(n.cpu));
    shares(&mut out, outcome, "Builder slots held (Rainbond source builds; 2 per CPU):", &s.builder_slots, |n| n.builder_slots);
    if let Some(reasons) = s.waits_by_reason.as_ref().filter(|r| !r.is_empty()) {
        let _ = writeln!(out, "Waited for (summed over jobs, the most first):");
        for r in reasons.iter().take(REASON_LINES) {
            let _ = writeln!(out, "  {:>9}  {:<9}  {}", clock(r.seconds), counted(r.jobs as u64, "job", "jobs"), r.reason);
        }
        if reasons.len() > REASON_LINES {
            let _ = writeln!(out, "  … {} more reasons (use --format json for all)", reasons.len() - REASON_LINES);
        }
    }
    if outcome.detail == Detail::Summary && s.jobs > 0 && job_lines > 0 {
        let _ = writeln!(out, "Jobs: not kept; this run kept the summary only (`--detail full` keeps every job).");
    }
    if let Some((query, of)) = found.filter(|_| outcome.detail != Detail::Summary && job_lines > 0) {
        let matching = listed_count(of, outcome.jobs.len(), usize::MAX, ("job", "jobs"));
        let colon = if outcome.jobs.is_empty() { "." } else { ":" };
        let _ = writeln!(out, "Jobs found by `{query}` ({matching}){colon}");
        if outcome.jobs.is_empty() {
            out.push_str(&no_such_status(query, &s.by_status));
        }
    } else if !outcome.jobs.is_empty() && job_lines > 0 {
        let _ = writeln!(out, "Jobs:");
    }
    if !outcome.jobs.is_empty() && job_lines > 0 {
        for j in outcome.jobs.iter().take(job_lines) {
            let ended = j.finished.map(clock).unwrap_or_else(|| "-".into());
            let _ = writeln!(out, "  {:<12} {:<12} {:<14} submitted {}  ended {}  waited {}", j.id, j.semantics.as_str(), j.status, clock(j.submitted), ended, clock(j.wait));
            // A Zadig job task waits inside its running task: name it, or the line reads
            // as the task's own wait.
            for w in &j.waits {
                let who = w.unit.as_ref().map(|u| format!("{u} ")).unwrap_or_default();
                let _ = writeln!(out, "      {who}waited {}: {}", span(w.from, w.to), w.why());
            }
        }
        if outcome.jobs.len() > job_lines {
            let _ = writeln!(out, "  … {} more (use --format json for all)", outcome.jobs.len() - job_lines);
        }
    }
    out
}

/// For a search that found nothing by asking for a status no job ended in, the line naming the
/// statuses the run's jobs did end in (a backend's word is easy to miss: Nuon's `finished` is
/// Zadig's `passed`); empty otherwise.
fn no_such_status(query: &str, by_status: &BTreeMap<String, BTreeMap<String, usize>>) -> String {
    let Some(word) = crate::workspace::searched_status(query) else { return String::new() };
    let ended: std::collections::BTreeSet<&str> = by_status.values().flat_map(|statuses| statuses.keys().map(String::as_str)).collect();
    if ended.is_empty() || ended.iter().any(|status| status.eq_ignore_ascii_case(&word)) {
        return String::new();
    }
    let named: Vec<String> = ended.iter().map(|status| format!("`{status}`")).collect();
    format!("No job ended `{word}`; this run's jobs ended {}.\n", crate::diagnostic::or_joined(&named))
}

/// One job's whole report, as the console's job page shows it: where it stands, its status
/// timeline, its waits, its steps, its log, and the job as its backend's API would show it.
pub fn job_report(job: &JobOutcome) -> String {
    let mut out = String::new();
    let or_dash = |t: Option<f64>| t.map(clock).unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "Job {} ({}, build {}): {}, {}", job.id, job.semantics.label(), job.build, job.status_label(), job.attempts_label());
    let _ = writeln!(
        out,
        "Submitted {}, started {}, ended {}; waited {}, ran {}",
        clock(job.submitted),
        or_dash(job.started),
        or_dash(job.finished),
        clock(job.wait),
        or_dash(job.run)
    );
    let _ = writeln!(out, "Timeline:");
    for t in &job.transitions {
        let note = if t.note.is_empty() { String::new() } else { format!(" — {}", t.note) };
        let _ = writeln!(out, "  {}  {} → {}{note}", clock(t.at), t.scope, t.status);
    }
    if !job.waits.is_empty() {
        let _ = writeln!(out, "Waits:");
        for w in &job.waits {
            let _ = writeln!(out, "  {}", w.describe());
        }
    }
    if !job.steps.is_empty() {
        let _ = writeln!(out, "Steps:");
        for s in &job.steps {
            let detail = if s.detail.is_empty() { String::new() } else { format!(" ({})", s.detail) };
            let node = s.node.as_ref().map(|n| format!(" on {n}")).unwrap_or_default();
            let _ = writeln!(out, "  attempt {}  {}{detail}  {}–{}  {}{node}", s.attempt, s.name, clock(s.start), or_dash(s.ended()), s.status);
        }
    }
    if !job.logs.is_empty() {
        let _ = writeln!(out, "Log:");
        for l in &job.logs {
            let _ = writeln!(out, "  {}", l.line());
        }
    }
    let _ = writeln!(out, "As {}'s API would show it:", job.semantics.label());
    let _ = writeln!(out, "{}", serde_json::to_string_pretty(&job.backend).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::{listed_count, scenario_title};

    #[test]
    fn a_scenarios_title_is_its_name_and_question_on_one_line() {
        assert_eq!(scenario_title(Some("nightly rush"), Some("Two more nodes?")).as_deref(), Some("nightly rush — Two more nodes?"));
        assert_eq!(scenario_title(Some("nightly rush"), None).as_deref(), Some("nightly rush"));
        assert_eq!(scenario_title(None, Some(" Which build waits,\n  and why? ")).as_deref(), Some("Which build waits, and why?"));
        // Blank is not a name: a title of nothing would print an empty line.
        assert_eq!(scenario_title(Some("  "), Some("\n")), None);
        assert_eq!(scenario_title(None, None), None);
    }

    #[test]
    fn a_lists_count_says_how_many_match_and_how_many_are_listed_in_good_english() {
        let jobs = ("job", "jobs");
        assert_eq!(listed_count(1, 1, 100, jobs), "1 job");
        assert_eq!(listed_count(4, 4, 100, jobs), "4 jobs");
        assert_eq!(listed_count(1827, 1827, 100, jobs), "1827 jobs; the first 100 are listed");
        assert_eq!(listed_count(4, 0, 100, jobs), "0 of 4 jobs match");
        assert_eq!(listed_count(4, 1, 100, jobs), "1 of 4 jobs matches");
        assert_eq!(listed_count(4, 3, 100, jobs), "3 of 4 jobs match");
        assert_eq!(listed_count(1827, 250, 200, jobs), "250 of 1827 jobs match; the first 200 are listed");
        assert_eq!(listed_count(2, 1, usize::MAX, ("build", "builds")), "1 of 2 builds matches");
    }
}
