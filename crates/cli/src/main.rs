//! `buildbay`: the console's validation, conversion and simulation on the command line.

mod convert_cmd;
mod files;
mod finding;
mod simulate_cmd;
mod validate_cmd;

use std::process::ExitCode;

use buildbay_core::Target;
use buildbay_core::import::Shape;
use clap::{Parser, Subcommand, ValueEnum};

/// Command line of `buildbay`.
#[derive(Debug, Parser)]
#[command(
    name = "buildbay",
    version,
    about = "Configure, validate and simulate CI builds for Zadig, Rainbond, Nuon and ServiceStage."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `buildbay` can do.
#[derive(Debug, Subcommand)]
enum Command {
    /// Check build documents against a backend's rules.
    ///
    /// Prints one line per finding (`FILE: severity path: message [code]`) or a JSON array.
    /// Exits 0 without errors, 1 with any error, 2 when a file cannot be read or parsed.
    Validate {
        /// JSON documents (`-` reads standard input).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        /// Validate against this backend (default: the backend each document is written for).
        #[arg(long, value_parser = parse_target)]
        target: Option<Target>,
        /// Read every file as this shape instead of detecting it.
        #[arg(long, value_parser = parse_shape)]
        shape: Option<Shape>,
        /// `text`, a line per finding, or `json`, an array of findings.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the exact request body a backend receives for a build document.
    ///
    /// The body goes to standard output; what the backend cannot carry goes to standard error.
    Convert {
        /// The build document, in any shape Buildbay imports (`-` reads standard input).
        #[arg(value_name = "FILE")]
        file: String,
        /// The backend to convert to.
        #[arg(long, value_parser = parse_target)]
        to: Target,
        /// Read the file as this shape instead of detecting it.
        #[arg(long, value_parser = parse_shape)]
        shape: Option<Shape>,
        /// Print credential values instead of `********`.
        #[arg(long)]
        include_secrets: bool,
    },
    /// Simulate a scenario: clusters, builds and a workload, under each backend's rules.
    ///
    /// Text prints jobs by final status, wait and run percentiles, utilisation and each job's
    /// waits; json prints the full result (statuses over time, steps, logs, wait reasons).
    /// With `--compare` or `--extra-nodes`, both runs' summaries and the line that says what
    /// changed (json: `comparison`, `first`, `second`).
    /// Exits 0 after a run, 2 when a scenario cannot be read or is invalid.
    Simulate {
        /// The scenario: clusters, builds and a workload, its format in the README's
        /// "Simulation" and `examples/scenario.json` (`-` reads standard input; a Simulator
        /// link, quoted, runs the scenario it carries, and a comparison's link, without
        /// `--compare` or `--extra-nodes`, the comparison; with `--job`, its scenario A).
        #[arg(value_name = "SCENARIO.json")]
        file: String,
        /// Also run this second scenario and compare the two.
        #[arg(long, value_name = "SCENARIO_B.json", conflicts_with = "extra_nodes")]
        compare: Option<String>,
        /// Also run the scenario with this many more nodes like its first node row (1 to 1000).
        #[arg(long, value_name = "N", value_parser = parse_extra_nodes)]
        extra_nodes: Option<u32>,
        /// Seed for every random choice (default: each scenario's `seed`).
        #[arg(long)]
        seed: Option<u64>,
        /// Run on this many consecutive seeds from the seed (1 to 100), summaries only, and print
        /// how the waits spread over them; with `--compare` or `--extra-nodes`, both sides on
        /// each seed and on how many the change lowered the p95 wait (json: the sweep).
        #[arg(long, value_name = "N", value_parser = parse_seeds, conflicts_with = "job")]
        seeds: Option<u32>,
        /// `text`, a summary for people, or `json`, the whole result for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// What a run keeps: every job's statuses, steps, logs and waits (`full`), or only the
        /// summary (`summary`); `auto` keeps every job up to 20,000 jobs, where full detail
        /// already takes about 150 MB.
        #[arg(long, value_enum, default_value_t = simulate_cmd::DetailChoice::Auto)]
        detail: simulate_cmd::DetailChoice,
        /// Print one job's whole report instead: its status timeline, waits, steps, log and the
        /// job as its backend's API would show it (json: that job's part of the full result).
        #[arg(long, value_name = "ID", conflicts_with_all = ["compare", "extra_nodes"])]
        job: Option<String>,
        /// List only the jobs this search finds, as the Simulator's job table does: every word
        /// or "quoted phrase" somewhere in a job's id, build, status, times, nodes or wait
        /// reasons, `status:WORD` its exact status (`--find "status:timeout prod"`); the
        /// summary still counts every job.
        #[arg(long, value_name = "QUERY", conflicts_with_all = ["compare", "extra_nodes", "seeds", "job"])]
        find: Option<String>,
    },
}

/// Output format of `validate` and `simulate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_target(text: &str) -> Result<Target, String> {
    Target::parse(text).ok_or_else(|| format!("unknown backend \"{text}\": use zadig, rainbond, nuon or servicestage"))
}

fn parse_extra_nodes(text: &str) -> Result<u32, String> {
    buildbay_core::simulate::scenario::extra_nodes(text)
}

fn parse_seeds(text: &str) -> Result<u32, String> {
    buildbay_core::simulate::seeds::seed_count(text)
}

fn parse_shape(text: &str) -> Result<Shape, String> {
    Shape::parse(text).ok_or_else(|| {
        let known: Vec<&str> = Shape::ALL.iter().map(|s| s.as_str()).collect();
        format!("unknown shape \"{text}\": use one of {}", known.join(", "))
    })
}

/// Lets a closed pipe end the process quietly (`buildbay simulate big.json --format json | head`):
/// Rust ignores SIGPIPE, so every print after the reader left would panic with a backtrace.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Validate { files, target, shape, format } => validate_cmd::run(&files, target, shape, format),
        Command::Convert { file, to, shape, include_secrets } => convert_cmd::run(&file, to, shape, include_secrets),
        Command::Simulate { file, compare, extra_nodes, seed, seeds, format, detail, job, find } => {
            let how = simulate_cmd::How { seed, format, detail };
            if let Some(job) = job {
                return ExitCode::from(simulate_cmd::job_report(&file, &job, how));
            }
            let against = match (&compare, extra_nodes) {
                (Some(second), _) => Some(simulate_cmd::Against::Scenario(second)),
                (None, Some(n)) => Some(simulate_cmd::Against::ExtraNodes(n)),
                // A comparison's link asks its own question unless the command line asks another.
                (None, None) => files::linked_alternative(&file).map(simulate_cmd::Against::linked),
            };
            match (against, seeds) {
                (against, Some(count)) => simulate_cmd::sweep(&file, against, how, count),
                (Some(against), None) => simulate_cmd::compare(&file, against, how),
                (None, None) => simulate_cmd::run(&file, how, find.as_deref()),
            }
        }
    };
    ExitCode::from(code)
}
