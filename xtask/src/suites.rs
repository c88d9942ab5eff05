//! `cargo xtask test`: every suite in order, with one summary line counting all of them.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::browsers;
use crate::tools::{self, Result, command, step};

/// What one suite reported: its libtest counts and whether the process itself succeeded.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SuiteOutcome {
    pub name: String,
    pub passed: u64,
    pub failed: u64,
    pub process_ok: bool,
}

impl SuiteOutcome {
    /// Failures to count: a suite that crashed or did not compile counts as one failure even
    /// though libtest never printed a result for it.
    pub fn failures(&self) -> u64 {
        if !self.process_ok && self.failed == 0 { 1 } else { self.failed }
    }
}

/// Adds the counts of one libtest `test result:` line to `outcome`; other lines are ignored.
pub fn count_result_line(line: &str, outcome: &mut SuiteOutcome) {
    let Some(rest) = line.trim().strip_prefix("test result: ") else { return };
    for part in rest.split(';') {
        let words: Vec<&str> = part.split_whitespace().collect();
        // "ok. 12 passed" / "FAILED. 1 passed" / " 0 failed"
        let (number, label) = match words.as_slice() {
            [_, n, label] | [n, label] => (n, label),
            _ => continue,
        };
        let Ok(n) = number.parse::<u64>() else { continue };
        match *label {
            "passed" => outcome.passed += n,
            "failed" => outcome.failed += n,
            _ => {}
        }
    }
}

/// Runs a test command, echoing its stdout while counting the libtest result lines.
fn run_suite(name: &str, mut cmd: Command) -> SuiteOutcome {
    let mut outcome = SuiteOutcome { name: name.to_string(), ..SuiteOutcome::default() };
    let shown = tools::show(&cmd);
    let result = step(&format!("suite `{name}`: {shown}"), || {
        let mut child = cmd
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start `{shown}`: {e}"))?;
        let stdout = child.stdout.take().expect("stdout was piped");
        let mut echo = std::io::stdout();
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| e.to_string())?;
            count_result_line(&line, &mut outcome);
            let _ = writeln!(echo, "{line}");
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        if status.success() { Ok(()) } else { Err(format!("exited with {status}")) }
    });
    outcome.process_ok = result.is_ok();
    outcome
}

// Every suite runs with --no-fail-fast: a failing test binary must not hide (and leave
// uncounted) the results of the binaries after it.

fn native() -> Command {
    let mut cmd = command("cargo");
    cmd.args(["test", "--no-fail-fast", "--workspace", "--exclude", "buildbay", "--exclude", "buildbay-e2e"]);
    cmd
}

fn browser_components() -> Command {
    let mut cmd = browsers::command("cargo");
    // --tests skips the doc-test pass, which would otherwise print a misleading `0 passed`.
    cmd.args(["test", "--no-fail-fast", "-p", "buildbay", "--target", "wasm32-unknown-unknown", "--tests"]);
    cmd
}

fn end_to_end() -> Command {
    let mut cmd = browsers::command("cargo");
    cmd.args(["test", "--no-fail-fast", "-p", "buildbay-e2e", "--tests"]).env("BUILDBAY_DIST", tools::root().join("dist"));
    cmd
}

/// Runs native, in-browser and end-to-end suites, then prints `N passed, N failed`.
pub fn run_all() -> Result {
    browsers::end_leftovers();
    let mut outcomes = vec![run_suite("native", native()), run_suite("browser components", browser_components())];
    let bundle = tools::build_release_bundle();
    outcomes.push(match bundle {
        Ok(()) => run_suite("end-to-end", end_to_end()),
        Err(e) => {
            eprintln!("xtask: end-to-end suite skipped: {e}");
            SuiteOutcome { name: "end-to-end".into(), ..SuiteOutcome::default() }
        }
    });
    browsers::end_leftovers();
    println!();
    for o in &outcomes {
        let state = if o.process_ok { "ok" } else { "FAILED" };
        println!("  {:<20} {:>5} passed, {:>3} failed  ({state})", o.name, o.passed, o.failures());
    }
    let passed: u64 = outcomes.iter().map(|o| o.passed).sum();
    let failed: u64 = outcomes.iter().map(SuiteOutcome::failures).sum();
    println!("{passed} passed, {failed} failed");
    // The summary above must stay the last line, so the failure carries no further message.
    if failed == 0 { Ok(()) } else { Err(String::new()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_ok_and_failed_result_lines() {
        let mut o = SuiteOutcome::default();
        count_result_line("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s", &mut o);
        count_result_line("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out", &mut o);
        count_result_line("running 5 tests", &mut o);
        assert_eq!((o.passed, o.failed), (15, 2));
    }

    #[test]
    fn a_crashed_suite_counts_as_one_failure() {
        let o = SuiteOutcome { name: "x".into(), passed: 0, failed: 0, process_ok: false };
        assert_eq!(o.failures(), 1);
        let ok = SuiteOutcome { name: "y".into(), passed: 4, failed: 0, process_ok: true };
        assert_eq!(ok.failures(), 0);
    }
}
