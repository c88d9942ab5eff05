//! How every command prints a finding: one line a person (or `grep`) can follow to the place.

use buildbay_core::diagnostic::Diagnostic;

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
