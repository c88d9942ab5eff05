//! How every command prints a finding: one line a person (or `grep`) can follow to the place.

use buildbay_core::diagnostic::Diagnostic;
use serde::Serialize;

/// One finding as `--format json` prints it: the file, then the finding's own fields.
#[derive(Serialize)]
pub struct Finding<'a> {
    pub file: &'a str,
    #[serde(flatten)]
    pub diagnostic: &'a Diagnostic,
}

/// Findings as `--format json` prints them, an array (empty rather than nothing).
pub fn json<'a>(findings: impl Iterator<Item = Finding<'a>>) -> String {
    serde_json::to_string_pretty(&findings.collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

/// `FILE: severity path (line L, column C): message [code]`, the line and column left out
/// where the path is not in the file's text, and the place left out altogether where there is
/// none: a finding about the whole file (it cannot be read) or the line that stands for the
/// problems past those listed, which is about the list and points at no place in the file.
pub fn line(file: &str, d: &Diagnostic) -> String {
    match d.place().as_str() {
        "" => format!("{file}: {}: {} [{}]", d.severity, d.message, d.code),
        place => format!("{file}: {} {place}: {} [{}]", d.severity, d.message, d.code),
    }
}
