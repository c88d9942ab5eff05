//! A scenario over several seeds: one seeded run of a random workload (arrivals, jittered step
//! durations, injected failures) is one sample of it, and "add 2 nodes: p95 wait 14 min → 2 min"
//! on one sample may be luck. A sweep runs the scenario, or both sides of a comparison, on
//! consecutive seeds (the same seed on both sides, so each pair differs only in what changed)
//! and says how the figures spread and how often the change helped.

use std::fmt::Write;

use serde::Serialize;

use super::compare::Alternative;
use super::outcome::{Outcome, Percentiles, Summary};
use super::scenario::Prepared;
use super::text::{clock, final_statuses};
use super::{Detail, run};
use crate::diagnostic::Diagnostic;

/// The most seeds a sweep runs: enough to see a spread, few enough that a sweep of a large
/// scenario still ends while someone waits for it.
pub const MAX_SEEDS: u32 = 100;

/// How many seeds a sweep runs, as typed (the CLI's `--seeds` and the Simulator's field).
pub fn seed_count(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_SEEDS).contains(&n) => Ok(n),
        _ => Err(format!("\"{}\" is not a number of seeds: give a whole number from 1 to {MAX_SEEDS}", text.trim())),
    }
}

/// The seeds a sweep of `count` runs uses: `first` and the ones after it.
pub fn seeds(first: u64, count: u32) -> impl Iterator<Item = u64> {
    (0..u64::from(count)).map(move |k| first.wrapping_add(k))
}

/// The summary a sweep takes from a run already made, when it was made on `seed` (the
/// Simulator's comparison is its first seed's): without why jobs waited, which only a run that
/// keeps every job tells, so that the sweep reads the same however its runs were made.
pub fn summary_on(outcome: &Outcome, seed: u64) -> Option<Summary> {
    (outcome.seed == seed).then(|| Summary { waits_by_reason: None, ..outcome.summary.clone() })
}

/// One seed's run (or pair of runs) as a sweep keeps it: the summaries only.
#[derive(Debug, Clone, Serialize)]
pub struct SeedRun {
    pub seed: u64,
    pub summary: Summary,
    /// The alternative's summary on the same seed, in a compared sweep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared: Option<Summary>,
}

/// A figure over the seeds: the lowest, the median (the lower middle one for an even count, a
/// value some seed gave) and the highest, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Spread {
    pub low: f64,
    pub median: f64,
    pub high: f64,
}

impl Spread {
    /// The spread of `values` (none: all zero).
    pub fn of(mut values: Vec<f64>) -> Spread {
        values.sort_by(f64::total_cmp);
        let (Some(low), Some(high)) = (values.first().copied(), values.last().copied()) else { return Spread::default() };
        Spread { low, median: values[(values.len() - 1) / 2], high }
    }

    /// "0:14:00 (0:10:00 to 0:19:00)", or one time where every seed gave the same.
    pub fn text(&self) -> String {
        if self.low == self.high { clock(self.median) } else { format!("{} ({} to {})", clock(self.median), clock(self.low), clock(self.high)) }
    }
}

/// The wait figures' spreads over the seeds of one side whose runs had jobs (a run without
/// any has no waits to count, not waits of zero).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct WaitSpread {
    /// How many seeds' runs had jobs: the spreads are over these.
    pub seeds: usize,
    pub p50: Spread,
    pub p95: Spread,
    pub max: Spread,
}

impl WaitSpread {
    fn of<'a>(summaries: impl Iterator<Item = &'a Summary> + Clone) -> WaitSpread {
        let with_jobs = summaries.filter(|s| s.wait.count > 0);
        let figure = |f: fn(&Percentiles) -> f64| Spread::of(with_jobs.clone().map(|s| f(&s.wait)).collect());
        WaitSpread { seeds: with_jobs.clone().count(), p50: figure(|p| p.p50), p95: figure(|p| p.p95), max: figure(|p| p.max) }
    }

    /// The p95 wait's spread, or that no seed's run had a job.
    fn p95_text(&self) -> String {
        if self.seeds == 0 { "none (no jobs)".to_string() } else { self.p95.text() }
    }

    /// The p50, p95 and max waits' spreads as text, or None when no seed's run had a job.
    pub fn figures(&self) -> Option<[String; 3]> {
        (self.seeds > 0).then(|| [self.p50.text(), self.p95.text(), self.max.text()])
    }
}

/// One row of a sweep's table: one side's run on one seed, as the CLI prints it and the
/// Simulator shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedRow<'a> {
    pub seed: u64,
    /// Whether it is the seed's first row (the one that names the seed in the CLI's table).
    pub first_of_seed: bool,
    /// The side's title in a compared sweep.
    pub title: &'a str,
    pub jobs: usize,
    /// The wait p50, p95 and max, "-" for a run without jobs.
    pub waits: [String; 3],
    pub finals: String,
}

/// A scenario (and its alternative, if compared) run on consecutive seeds.
#[derive(Debug, Clone, Serialize)]
pub struct Sweep {
    /// The scenario's own `name`, as a single run's result keeps it: a saved sweep says what it
    /// ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The scenario's own `description`, the question it asks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the sweep says in one line: the spread of the p95 wait, or of both sides' and how
    /// often the alternative's was lower.
    pub line: String,
    pub runs: Vec<SeedRun>,
    pub wait: WaitSpread,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared_wait: Option<WaitSpread>,
    /// What the scenario's reading warned of and left out, as a single run's result keeps it, so
    /// that a program reading the sweep learns why without the command's stderr.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Diagnostic>,
    /// The same for the side it is compared with, as a comparison's `second` keeps its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub compared_findings: Vec<Diagnostic>,
}

/// Runs `first` (and `second`, the `alternative`'s scenario, on the same seeds) with summaries
/// only, on `count` seeds from `seed`.
pub fn sweep(first: &Prepared, second: Option<(&Prepared, &Alternative)>, seed: u64, count: u32) -> Sweep {
    let runs = seeds(seed, count)
        .map(|seed| SeedRun {
            seed,
            summary: run(first, seed, Detail::Summary).summary,
            compared: second.map(|(p, _)| run(p, seed, Detail::Summary).summary),
        })
        .collect();
    Sweep::of(runs, second.map(|(_, a)| a)).with_scenario_words(first, second.map(|(p, _)| p))
}

impl Sweep {
    /// The sweep of runs already made (the Simulator makes them a slice at a time).
    pub fn of(runs: Vec<SeedRun>, alternative: Option<&Alternative>) -> Sweep {
        let wait = WaitSpread::of(runs.iter().map(|r| &r.summary));
        let compared_wait = alternative.map(|_| WaitSpread::of(runs.iter().filter_map(|r| r.compared.as_ref())));
        let over = match (runs.first(), runs.last()) {
            (Some(a), Some(b)) if runs.len() > 1 => format!("over {} seeds ({} to {})", runs.len(), a.seed, b.seed),
            (Some(a), _) => format!("on seed {}", a.seed),
            _ => "on no seed".to_string(),
        };
        let line = match (alternative, compared_wait) {
            (Some(alternative), Some(b)) => {
                let [mut lower, mut same, mut higher] = [0, 0, 0];
                for r in &runs {
                    let (a, b) = (r.summary.wait.p95, r.compared.as_ref().map_or(r.summary.wait.p95, |s| s.wait.p95));
                    *(if b < a { &mut lower } else if b > a { &mut higher } else { &mut same }) += 1;
                }
                format!(
                    "{}: p95 wait {} → {} {over}; lower on {lower}, the same on {same}, higher on {higher}",
                    alternative.change(),
                    wait.p95_text(),
                    b.p95_text()
                )
            }
            _ => format!("p95 wait {} {over}", wait.p95_text()),
        };
        Sweep { name: None, description: None, line, runs, wait, compared_wait, findings: Vec::new(), compared_findings: Vec::new() }
    }

    /// The sweep with its scenario's name and description and the findings each side's
    /// scenario was run with (`second`'s in a compared sweep), as a single run's result keeps
    /// them.
    pub fn with_scenario_words(self, first: &Prepared, second: Option<&Prepared>) -> Sweep {
        Sweep {
            name: first.scenario.name.clone(),
            description: first.scenario.description.clone(),
            findings: first.findings.clone(),
            compared_findings: second.map(|p| p.findings.clone()).unwrap_or_default(),
            ..self
        }
    }

    /// Each side's title with its waits over the seeds (one side unless compared).
    pub fn sides<'a>(&self, titles: [&'a str; 2]) -> impl Iterator<Item = (&'a str, WaitSpread)> {
        [Some((titles[0], self.wait)), self.compared_wait.map(|w| (titles[1], w))].into_iter().flatten()
    }

    /// The table's rows: per seed, its run, and its alternative's in a compared sweep.
    pub fn rows<'a>(&'a self, titles: [&'a str; 2]) -> impl Iterator<Item = SeedRow<'a>> {
        self.runs.iter().flat_map(move |r| {
            let sides = [Some((titles[0], &r.summary)), r.compared.as_ref().map(|s| (titles[1], s))];
            sides.into_iter().flatten().enumerate().map(move |(k, (title, s))| {
                let cell = |seconds: f64| if s.wait.count == 0 { "-".to_string() } else { clock(seconds) };
                let w = &s.wait;
                SeedRow { seed: r.seed, first_of_seed: k == 0, title, jobs: s.jobs, waits: [cell(w.p50), cell(w.p95), cell(w.max)], finals: final_statuses(&s.by_status) }
            })
        })
    }

    /// The sweep for people: the line, a row per seed, and each wait figure's spread.
    pub fn text(&self, titles: [&str; 2]) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.line);
        let compared = self.compared_wait.is_some();
        let run = if compared { format!("  {:<17}", "run") } else { String::new() };
        let _ = writeln!(out, "\n{:>6}{run}  {:>5}  {:>9}  {:>9}  {:>9}  final statuses", "seed", "jobs", "wait p50", "wait p95", "wait max");
        for row in self.rows(titles) {
            let seed = if row.first_of_seed { row.seed.to_string() } else { String::new() };
            let run = if compared { format!("  {:<17}", row.title) } else { String::new() };
            let [p50, p95, max] = &row.waits;
            let _ = writeln!(out, "{seed:>6}{run}  {:>5}  {p50:>9}  {p95:>9}  {max:>9}  {}", row.jobs, row.finals);
        }
        for (title, w) in self.sides(titles) {
            let heading = if compared { format!("{title}, over the seeds") } else { "Over the seeds".to_string() };
            let Some([p50, p95, max]) = w.figures() else {
                let _ = writeln!(out, "\n{heading}: no jobs on any seed");
                continue;
            };
            let of = if w.seeds < self.runs.len() { format!(", over the {} seeds with jobs", w.seeds) } else { String::new() };
            let _ = writeln!(out, "\n{heading} (median, lowest to highest{of}):");
            let _ = writeln!(out, "  wait p50  {p50}\n  wait p95  {p95}\n  wait max  {max}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::scenario;

    /// Two 4-CPU nodes under about 200 two-CPU builds an hour: busy enough to queue, so that
    /// the seed decides how long.
    fn busy(until: u32) -> Prepared {
        let text = format!(
            r#"{{"seed": 3,
              "clusters": [{{"name": "prod", "nodes": [{{"name": "n", "count": 2, "cpu": 4000, "memory": 8192}}]}}],
              "builds": [{{"definition": {{"name": "api", "project_key": "p", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04",
                "script_type": "shell", "build_script": "make", "services": [{{"service_name": "api", "service_module": "api"}}],
                "advanced_settings": {{"timeout": 60, "cluster_name": "prod", "resource_spec": {{"cpu_limit": 2000, "memory_limit": 2048}}}}}}}}],
              "zadig": {{"workflow_concurrency": 20}},
              "workload": {{"arrivals": [{{"per_hour": 200, "from": 0, "until": {until}}}]}}}}"#
        );
        scenario::parse(&text).expect("the busy scenario reads")
    }

    #[test]
    fn each_seed_runs_as_a_run_on_that_seed_would() {
        let prepared = busy(3600);
        let sweep = sweep(&prepared, None, 3, 4);
        assert_eq!(sweep.runs.iter().map(|r| r.seed).collect::<Vec<_>>(), [3, 4, 5, 6]);
        for r in &sweep.runs {
            // A run that keeps every job states the same summary, and why jobs waited besides,
            // which the sweep leaves out when it takes that run's summary.
            let full = crate::simulate::simulate(&prepared, r.seed, Detail::Full);
            assert!(full.summary.waits_by_reason.is_some());
            let taken = summary_on(&full, r.seed).expect("made on that seed");
            assert_eq!(serde_json::to_string(&r.summary).ok(), serde_json::to_string(&taken).ok(), "seed {}", r.seed);
            assert!(summary_on(&full, r.seed + 100).is_none(), "a run on another seed is not taken");
        }
        let p95: Vec<f64> = sweep.runs.iter().map(|r| r.summary.wait.p95).collect();
        assert!(p95.iter().any(|w| *w != p95[0]), "the seeds give different waits: {p95:?}");
        let spread = sweep.wait.p95;
        assert!(p95.contains(&spread.median) && p95.iter().all(|w| (spread.low..=spread.high).contains(w)), "{spread:?} over {p95:?}");
        assert_eq!(sweep.wait.seeds, 4);
        assert!(sweep.line.starts_with(&format!("p95 wait {} ", spread.text())) && sweep.line.ends_with("over 4 seeds (3 to 6)"), "{}", sweep.line);
    }

    #[test]
    fn a_compared_sweep_says_on_how_many_seeds_the_change_lowered_the_wait() {
        let prepared = busy(3600);
        let more = prepared.with_extra_nodes(1).expect("a node more");
        let alternative = Alternative::ExtraNodes(1);
        let sweep = sweep(&prepared, Some((&more, &alternative)), 3, 6);
        for r in &sweep.runs {
            let b = r.compared.as_ref().expect("both sides run on every seed");
            assert_eq!(b.jobs, r.summary.jobs, "the same seed draws the same workload on both sides");
            assert!(b.wait.p95 <= r.summary.wait.p95, "seed {}: a node more never waits longer here", r.seed);
        }
        let lower = sweep.runs.iter().filter(|r| r.compared.as_ref().is_some_and(|b| b.wait.p95 < r.summary.wait.p95)).count();
        assert!(lower >= 5, "the extra node helps on nearly every seed ({lower} of 6)");
        assert!(sweep.line.starts_with("Add 1 node: p95 wait "), "{}", sweep.line);
        assert!(sweep.line.ends_with(&format!("over 6 seeds (3 to 8); lower on {lower}, the same on {}, higher on 0", 6 - lower)), "{}", sweep.line);
        let text = sweep.text(alternative.titles());
        assert!(text.contains("As written, over the seeds") && text.contains("With extra nodes, over the seeds"), "{text}");
        assert_eq!(text.lines().filter(|l| l.contains("zadig passed")).count(), 12, "a row per side per seed:\n{text}");
    }

    #[test]
    fn seeds_without_jobs_are_not_counted_as_waits_of_zero() {
        let sweep = sweep(&busy(1), None, 3, 2);
        assert_eq!(sweep.wait.seeds, 0);
        assert_eq!(sweep.line, "p95 wait none (no jobs) over 2 seeds (3 to 4)");
        assert!(sweep.text(["", ""]).contains("Over the seeds: no jobs on any seed"));
    }

    #[test]
    fn a_seed_count_reads_from_1_to_100() {
        assert_eq!(seed_count(" 20 "), Ok(20));
        assert_eq!(seed_count("1"), Ok(1));
        assert_eq!(seed_count("100"), Ok(100));
        for bad in ["0", "101", "-3", "ten", "", "2.5"] {
            assert!(seed_count(bad).is_err_and(|e| e.contains("from 1 to 100")), "{bad}");
        }
        assert_eq!(seeds(u64::MAX, 2).collect::<Vec<_>>(), [u64::MAX, 0], "the seeds wrap rather than overflow");
    }

    #[test]
    fn a_spread_is_a_median_some_seed_gave_and_the_range() {
        assert_eq!(Spread::of(vec![30.0, 10.0, 20.0, 40.0]), Spread { low: 10.0, median: 20.0, high: 40.0 });
        assert_eq!(Spread::of(Vec::new()), Spread::default());
        assert_eq!(Spread { low: 60.0, median: 60.0, high: 60.0 }.text(), "0:01:00");
        assert_eq!(Spread { low: 10.0, median: 20.0, high: 40.0 }.text(), "0:00:20 (0:00:10 to 0:00:40)");
    }
}
