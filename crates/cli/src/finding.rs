//! How every command prints a finding: one line a person (or `grep`) can follow to the place.

use buildbay_core::diagnostic::Diagnostic;

/// `FILE: severity path (line L, column C): message [code]`, the line and column left out
/// where the path is not in the file's text.
pub fn line(file: &str, d: &Diagnostic) -> String {
    format!("{file}: {} {}: {} [{}]", d.severity, d.place(), d.message, d.code)
}
