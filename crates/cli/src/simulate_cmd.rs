//! `buildbay simulate`: runs a scenario through the engine and prints what happened.

use buildbay_core::Diagnostic;
use buildbay_core::simulate::{self, Detail, text};

use crate::Format;
use crate::files::read_document;

/// Runs the scenario in `file`; exits 0 on a finished run, 2 when the scenario cannot be read
/// or is invalid (each problem printed with its path, line and column).
pub fn run(file: &str, seed: Option<u64>, format: Format) -> u8 {
    let text = match read_document(file) {
        Ok(text) => text,
        Err(d) => {
            eprintln!("{file}: {} {}: {} [{}]", d.severity, d.path, d.message, d.code);
            return 2;
        }
    };
    let prepared = match simulate::scenario::parse(&text) {
        Ok(p) => p,
        Err(problems) => {
            for d in &problems {
                report(file, d);
            }
            return 2;
        }
    };
    // What did not read is left out of the run, which goes ahead: say so, apart from the result.
    let mut findings = prepared.findings().peekable();
    if findings.peek().is_some() {
        eprintln!("{file}: simulated as read; these parts of the builds did not read and are left out:");
        for d in findings {
            report(file, d);
        }
    }
    let seed = seed.unwrap_or(prepared.scenario.seed);
    let outcome = simulate::simulate(&prepared, seed, Detail::Full);
    match format {
        Format::Text => print!("{}", text::summary(&outcome, 200)),
        Format::Json => match serde_json::to_string_pretty(&outcome) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("{file}: cannot write the result: {e}");
                return 2;
            }
        },
    }
    0
}

/// One finding on stderr: file, severity, where (pointer, line and column), message and code.
fn report(file: &str, d: &Diagnostic) {
    eprintln!("{file}: {} {}: {} [{}]", d.severity, d.place(), d.message, d.code);
}
