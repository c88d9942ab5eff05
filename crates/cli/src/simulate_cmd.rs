//! `buildbay simulate`: runs a scenario through the engine and prints what happened.

use buildbay_core::Diagnostic;
use buildbay_core::simulate::compare::{Alternative, Comparison};
use buildbay_core::simulate::job_table::keep_found;
use buildbay_core::simulate::scenario::{self, Prepared};
use buildbay_core::simulate::{self, Detail, Outcome, seeds, text};
use clap::ValueEnum;
use serde::Serialize;

use crate::Format;
use crate::files::{read_scenario, shown};

/// Up to how many jobs `--detail auto` keeps every job: full detail costs about 7 KB a job,
/// so a million-job scenario would need 7 GB where its summary needs a few hundred MB.
pub const FULL_DETAIL_JOBS: f64 = 20_000.0;

/// What full detail costs a job at least and at most, in kilobytes, as measured: the million
/// jobs of the benchmark's builds 7, the examples' builds, whose scripts log more, 14.
const FULL_DETAIL_KB: [f64; 2] = [7.0, 14.0];

/// How much of a run `simulate` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DetailChoice {
    Auto,
    Full,
    Summary,
}

/// How to run and print: the seed (else each scenario's own), the format, the detail kept.
pub struct How {
    pub seed: Option<u64>,
    pub format: Format,
    pub detail: DetailChoice,
}

impl How {
    /// What a run of `prepared` keeps, as asked.
    fn detail(&self, prepared: &Prepared) -> Detail {
        match self.detail {
            DetailChoice::Full => Detail::Full,
            DetailChoice::Summary => Detail::Summary,
            DetailChoice::Auto => prepared.detail_up_to(FULL_DETAIL_JOBS),
        }
    }

    /// Runs one scenario as asked, first telling on stderr what every job kept of a large
    /// scenario will cost, so that a run the machine cannot hold is not a mystery.
    fn simulate(&self, file: &str, prepared: &Prepared) -> Outcome {
        if self.detail == DetailChoice::Full && prepared.expected_jobs() > FULL_DETAIL_JOBS {
            eprintln!("{file}: {}", full_detail_cost(prepared.expected_jobs()));
        }
        simulate::simulate(prepared, self.seed.unwrap_or(prepared.scenario.seed), self.detail(prepared))
    }
}

/// What keeping every one of about `jobs` jobs will take, and what keeps the figures for less.
fn full_detail_cost(jobs: f64) -> String {
    let about = if jobs >= 1e6 { format!("{:.1} million", jobs / 1e6) } else { format!("{},000", (jobs / 1e3).round()) };
    let [low, high] = FULL_DETAIL_KB.map(|kb| jobs * kb / 1e6);
    format!(
        "keeping every one of about {about} jobs (--detail full) takes about {low:.1}–{high:.1} GB of memory ({}–{} KB a job, more the more its steps log); --detail summary keeps the same figures in a fraction of that",
        FULL_DETAIL_KB[0], FULL_DETAIL_KB[1]
    )
}

/// Runs the scenario in `file`; exits 0 on a finished run, 2 when the scenario cannot be read
/// or is invalid (each problem printed with its path, line and column). With `find`, the jobs
/// listed (the text's, the JSON's `jobs`) are only those that search finds, as the
/// Simulator's job table finds them.
pub fn run(file: &str, how: How, find: Option<&str>) -> u8 {
    let Some((_, prepared)) = read(file, how.format) else { return 2 };
    let mut outcome = how.simulate(shown(file), &prepared);
    let found = find.map(|query| (query, keep_found(&mut outcome, query)));
    match how.format {
        Format::Text => print!("{}", text::summary_of_found(&outcome, 200, found)),
        Format::Json => return print_json(shown(file), &outcome),
    }
    0
}

/// Runs the scenario in `file` and prints the report of the job called `id`; exits 2 when the
/// scenario does not read, keeps summaries only, or has no such job (naming the ones it has).
pub fn job_report(file: &str, id: &str, how: How) -> u8 {
    let Some((_, prepared)) = read(file, how.format) else { return 2 };
    let file = shown(file);
    if how.detail(&prepared) == Detail::Summary {
        eprintln!("{file}: --job needs every job kept, which this run would not do (`--detail full` keeps them, about {} KB a job)", FULL_DETAIL_KB[0]);
        return 2;
    }
    let outcome = how.simulate(file, &prepared);
    let Some(job) = outcome.jobs.iter().find(|j| j.id == id) else {
        let ids: Vec<&str> = outcome.jobs.iter().take(10).map(|j| j.id.as_str()).collect();
        let more = if outcome.jobs.len() > ids.len() { format!(" and {} more", outcome.jobs.len() - ids.len()) } else { String::new() };
        eprintln!("{file}: no job `{id}`; its jobs are {}{more}", ids.join(", "));
        return 2;
    };
    match how.format {
        Format::Text => print!("{}", text::job_report(job)),
        Format::Json => return print_json(file, &prepared.with_findings(job)),
    }
    0
}

/// What `compare` runs the scenario against: a second scenario's file, or more nodes, or the
/// second scenario a comparison's link carries.
pub enum Against<'a> {
    Scenario(&'a str),
    ExtraNodes(u32),
    LinkedScenario(String),
}

impl Against<'_> {
    /// What a comparison's link compares its scenario with.
    pub fn linked(alternative: Alternative) -> Against<'static> {
        match alternative {
            Alternative::ExtraNodes(n) => Against::ExtraNodes(n),
            Alternative::Scenario(text) => Against::LinkedScenario(text),
        }
    }
}

/// How messages name the second scenario a comparison's link carries.
const LINKED_SECOND: &str = "link's scenario B";

/// Runs the scenario in `file` and its alternative (each on its own seed unless `seed` is
/// given); prints the line that says what changed and both summaries.
pub fn compare(file: &str, against: Against<'_>, how: How) -> u8 {
    let Some((first, second, alternative, second_name)) = read_pair(file, against, how.format) else { return 2 };
    let file = shown(file);
    let (a, b) = (how.simulate(file, &first), how.simulate(&second_name, &second));
    let comparison = Comparison::of(&alternative, &a, &b);
    match how.format {
        Format::Json => print_json(file, &comparison),
        Format::Text => {
            println!("{}", comparison.comparison);
            let [title_a, title_b] = alternative.titles();
            for (title, name, outcome) in [(title_a, file, &a), (title_b, second_name.as_str(), &b)] {
                println!("\n== {title} ({name}) ==");
                print!("{}", text::summary(outcome, 0));
            }
            println!("\n(use --format json for every job of both runs)");
            0
        }
    }
}

/// Runs the scenario in `file` (and its alternative, on the same seeds) on `count` seeds from
/// `--seed` or the scenario's own, summaries only; prints how the waits spread over them.
pub fn sweep(file: &str, against: Option<Against<'_>>, how: How, count: u32) -> u8 {
    let (first, second) = match against {
        Some(against) => {
            let Some((first, second, alternative, _)) = read_pair(file, against, how.format) else { return 2 };
            (first, Some((second, alternative)))
        }
        None => {
            let Some((_, first)) = read(file, how.format) else { return 2 };
            (first, None)
        }
    };
    let seed = how.seed.unwrap_or(first.scenario.seed);
    let result = seeds::sweep(&first, second.as_ref().map(|(p, a)| (p, a)), seed, count);
    match how.format {
        Format::Json => print_json(shown(file), &result),
        Format::Text => {
            if let Some(heading) = text::scenario_heading(first.scenario.name.as_deref(), first.scenario.description.as_deref()) {
                println!("{heading}");
            }
            let titles = second.as_ref().map_or(["", ""], |(_, a)| a.titles());
            print!("{}", result.text(titles));
            println!("\n(summaries only; --seed S without --seeds runs one seed with every job kept)");
            0
        }
    }
}

/// Reads the scenario in `file` and what it is compared with: both prepared, the alternative,
/// and the second one's name as the text output heads it.
fn read_pair(file: &str, against: Against<'_>, format: Format) -> Option<(Prepared, Prepared, Alternative, String)> {
    let (_, first) = read(file, format)?;
    match against {
        Against::Scenario(other) => {
            let (text, second) = read(other, format)?;
            Some((first, second, Alternative::Scenario(text), shown(other).to_string()))
        }
        Against::LinkedScenario(text) => {
            let second = prepare(LINKED_SECOND, &text, format)?;
            Some((first, second, Alternative::Scenario(text), LINKED_SECOND.to_string()))
        }
        Against::ExtraNodes(n) => match first.with_extra_nodes(n) {
            Ok(second) => Some((first, second, Alternative::ExtraNodes(n), format!("{} with {n} more nodes", shown(file)))),
            Err(problems) => {
                refuse(shown(file), &problems, format);
                None
            }
        },
    }
}

/// Reads and checks a scenario (its text and what the engine runs), printing its problems
/// (and what it leaves out) on stderr, and with `--format json` the problems on stdout too.
fn read(path: &str, format: Format) -> Option<(String, Prepared)> {
    let file = shown(path);
    let text = match read_scenario(path) {
        Ok(text) => text,
        Err(d) => {
            refuse(file, &[d], format);
            return None;
        }
    };
    let prepared = prepare(file, &text, format)?;
    Some((text, prepared))
}

/// Checks the scenario `text` (from the document messages call `file`) and prepares it for the
/// engine, printing its problems and what it leaves out as [`read`] does.
fn prepare(file: &str, text: &str, format: Format) -> Option<Prepared> {
    let prepared = match scenario::parse(text) {
        Ok(p) => p,
        Err(problems) => {
            refuse(file, &problems, format);
            return None;
        }
    };
    // What did not read is left out of the run, which goes ahead: say so, apart from the result.
    if !prepared.findings.is_empty() {
        eprintln!("{file}: simulated as read, with these findings (a part that did not read or does not apply is left out; a build no node can take waits until its timeout):");
        prepared.findings.iter().for_each(|d| report(file, d));
    }
    Some(prepared)
}

/// Writes `value` as pretty JSON straight to stdout: a full-detail result of many jobs runs to
/// gigabytes, which a string made first would hold in memory a second time.
fn print_json(file: &str, value: &impl Serialize) -> u8 {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from).and_then(|()| writeln!(out)).and_then(|()| out.flush());
    match written {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{file}: cannot write the result: {e}");
            2
        }
    }
}

/// Why a scenario does not run: each problem on stderr, and with `--format json` all of them
/// on stdout as `validate` prints findings, so that a program reading the result reads them.
fn refuse(file: &str, problems: &[Diagnostic], format: Format) {
    problems.iter().for_each(|d| report(file, d));
    if format == Format::Json {
        println!("{}", crate::finding::json(problems.iter().map(|d| crate::finding::Finding { file, diagnostic: d })));
    }
}

/// One finding on stderr: file, severity, where (pointer, line and column), message and code.
fn report(file: &str, d: &Diagnostic) {
    eprintln!("{}", crate::finding::line(file, d));
}
