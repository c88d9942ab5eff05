//! How every command prints a finding: one line a person (or `grep`) can follow to the place.

use buildbay_core::diagnostic::Diagnostic;

/// `FILE: severity path (line L, column C): message [code]`, the line and column left out
/// where the path is not in the file's text, and the path too on the line that stands for the
/// problems past those listed, which is about the list and points at no place in the file.
pub fn line(file: &str, d: &Diagnostic) -> String {
    if d.counts_the_rest() {
        return format!("{file}: {}: {} [{}]", d.severity, d.message, d.code);
    }
    format!("{file}: {} {}: {} [{}]", d.severity, d.place(), d.message, d.code)
}
