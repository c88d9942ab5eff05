//! What validation and import report: where, what, how bad, and who would object.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a finding is: errors stop a save or a sync; warnings inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Who would object to the finding, so the admin knows how urgent it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The target server refuses the request.
    Server,
    /// The server stores it, but the build fails (or misbehaves) when it runs.
    Runtime,
    /// Nothing fails, but the configuration is probably not what was meant.
    Lint,
}

/// A line and column (both from 1) in a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One finding about a document or model.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// JSON pointer (RFC 6901) into the target's request body; empty for the whole document.
    pub path: String,
    /// Stable identifier of the rule, for filtering and documentation.
    pub code: String,
    /// What is wrong and what to do about it, in the admin's terms.
    pub message: String,
    pub severity: Severity,
    pub source: Source,
    /// Where the path points in the document's text, when the text is known.
    #[serde(default, skip_serializing_if = "Option::is_none", flatten)]
    pub position: Option<Position>,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, code: &str, source: Source, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(path, code, Severity::Error, source, message)
    }

    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, code: &str, source: Source, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(path, code, Severity::Warning, source, message)
    }

    fn new(path: impl Into<String>, code: &str, severity: Severity, source: Source, message: impl Into<String>) -> Diagnostic {
        Diagnostic { path: path.into(), code: code.to_string(), message: message.into(), severity, source, position: None }
    }

    /// Whether this finding blocks saving or syncing.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether this is the line standing for the findings a list leaves out ([`MORE_PROBLEMS`]),
    /// which is about the list and points at no place in a text.
    pub fn counts_the_rest(&self) -> bool {
        self.code == MORE_PROBLEMS
    }

    /// Where the finding is, as people read it: `/builds/0 (line 3, column 5)`, or the pointer
    /// alone when the text it came from is not known. A finding about the whole document (a
    /// JSON syntax error, a file that cannot be read) has no pointer: its line and column
    /// alone, or nothing — `/` would be read as a place, and in JSON Pointer it is the key "".
    /// Nor has the line counting what a list leaves out, which is about the list.
    pub fn place(&self) -> String {
        if self.counts_the_rest() {
            return String::new();
        }
        match (self.path.as_str(), self.position) {
            ("", Some(p)) => format!("(line {}, column {})", p.line, p.column),
            ("", None) => String::new(),
            (path, Some(p)) => format!("{path} (line {}, column {})", p.line, p.column),
            (path, None) => path.to_string(),
        }
    }

    /// Where the finding is in a text shown beside it (an import's, a JSON view's): its line
    /// and column, else its pointer; none for a finding about the whole document that has
    /// neither, or for the line counting a list's rest, so a list shows no empty place.
    pub fn spot_in_text(&self) -> Option<String> {
        match (self.path.as_str(), self.position) {
            _ if self.counts_the_rest() => None,
            (_, Some(p)) => Some(format!("line {}, column {}", p.line, p.column)),
            ("", None) => None,
            (path, None) => Some(path.to_string()),
        }
    }
}

/// The message of the first finding at exactly `path`, for a form field that shows one.
pub fn message_at<'a>(diagnostics: &'a [Diagnostic], path: &str) -> Option<&'a str> {
    diagnostics.iter().find(|d| d.path == path).map(|d| d.message.as_str())
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Server => "server",
            Source::Runtime => "runtime",
            Source::Lint => "lint",
        })
    }
}

/// The code of the line that stands for the findings past those a list shows.
pub const MORE_PROBLEMS: &str = "more-problems";

/// Gives each finding that `placeable` accepts and that has no line yet the line and column its
/// pointer names in `text`, all of them in one pass over the text, however many there are (the
/// line counting the rest has no place to be given).
pub fn place(diagnostics: &mut [Diagnostic], text: &str, placeable: impl Fn(&Diagnostic) -> bool) {
    let unplaced: Vec<usize> =
        (0..diagnostics.len()).filter(|&i| diagnostics[i].position.is_none() && !diagnostics[i].counts_the_rest() && placeable(&diagnostics[i])).collect();
    let pointers: Vec<&str> = unplaced.iter().map(|&i| diagnostics[i].path.as_str()).collect();
    let positions = crate::pointer::locate_all(text, &pointers);
    for (i, position) in unplaced.into_iter().zip(positions) {
        diagnostics[i].position = position;
    }
}

/// What a list showing only `listed` of `diagnostics` says of the rest, if any: a list cut
/// short must say so, or the admin takes it for all there is; errors are counted apart from
/// warnings, since an error is what stops an import or a run.
pub fn left_out(diagnostics: &[Diagnostic], listed: usize) -> Option<String> {
    let total = diagnostics.len();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let counted = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let in_all = match (errors, total - errors) {
        (e, 0) => counted(e, "error"),
        (0, w) => counted(w, "warning"),
        (e, w) => format!("{} and {}", counted(e, "error"), counted(w, "warning")),
    };
    (total > listed).then(|| format!("…and {} more ({in_all} in all; the first {listed} are listed).", total - listed))
}

/// Orders findings for display: by path, errors first, then by code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        pointer_order(&a.path, &b.path)
            .then(a.severity.cmp(&b.severity))
            .then(a.code.cmp(&b.code))
            .then(a.message.cmp(&b.message))
    });
}

/// Compares pointers segment by segment, numbers numerically, so `/x/2` sorts before `/x/10`.
fn pointer_order(a: &str, b: &str) -> std::cmp::Ordering {
    let mut left = a.split('/');
    let mut right = b.split('/');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => x.cmp(y),
                };
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

/// Items joined as a message lists choices: "a", "a or b", "a, b or c".
pub(crate) fn or_joined(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_cut_short_says_how_much_it_leaves_out() {
        let many = |errors: usize, warnings: usize| {
            let error = Diagnostic::error("/a", "x", Source::Lint, "a");
            let warning = Diagnostic::warning("/b", "y", Source::Lint, "b");
            std::iter::repeat_n(error, errors).chain(std::iter::repeat_n(warning, warnings)).collect::<Vec<_>>()
        };
        assert_eq!(left_out(&many(50, 0), 50), None);
        assert_eq!(left_out(&many(1, 2), 50), None);
        assert_eq!(left_out(&many(0, 5000), 50).as_deref(), Some("…and 4950 more (5000 warnings in all; the first 50 are listed)."));
        assert_eq!(left_out(&many(101, 0), 100).as_deref(), Some("…and 1 more (101 errors in all; the first 100 are listed)."));
        assert_eq!(left_out(&many(1, 150), 100).as_deref(), Some("…and 51 more (1 error and 150 warnings in all; the first 100 are listed)."));
    }

    #[test]
    fn a_place_reads_as_pointer_and_position_and_the_whole_document_has_no_pointer() {
        let at = |path: &str, position: Option<Position>| Diagnostic { position, ..Diagnostic::error(path, "x", Source::Lint, "m") }.place();
        let p = Some(Position { line: 3, column: 5 });
        assert_eq!(at("/builds/0", p), "/builds/0 (line 3, column 5)");
        assert_eq!(at("/builds/0", None), "/builds/0");
        assert_eq!(at("", p), "(line 3, column 5)");
        assert_eq!(at("", None), "");
        assert_eq!(at("/", None), "/", "the key \"\" keeps its pointer");
    }

    #[test]
    fn a_spot_in_a_text_is_its_line_else_its_pointer_and_the_whole_document_has_none() {
        let at = |path: &str, position: Option<Position>| Diagnostic { position, ..Diagnostic::error(path, "x", Source::Lint, "m") }.spot_in_text();
        let p = Some(Position { line: 3, column: 5 });
        assert_eq!(at("/builds/0", p).as_deref(), Some("line 3, column 5"));
        assert_eq!(at("", p).as_deref(), Some("line 3, column 5"));
        assert_eq!(at("/builds/0", None).as_deref(), Some("/builds/0"));
        assert_eq!(at("", None), None);
        let rest = Diagnostic { code: MORE_PROBLEMS.to_string(), ..Diagnostic::error("", "x", Source::Lint, "…and 3 more") };
        assert_eq!(rest.spot_in_text(), None);
    }

    #[test]
    fn places_only_what_it_is_asked_to_and_keeps_given_places() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2\n}";
        let given = Position { line: 9, column: 9 };
        let mut found = vec![
            Diagnostic::error("/a", "x", Source::Lint, "a"),
            Diagnostic::error("/b", "skip", Source::Lint, "b"),
            Diagnostic { position: Some(given), ..Diagnostic::error("/b", "x", Source::Lint, "b") },
        ];
        place(&mut found, text, |d| d.code != "skip");
        assert_eq!(found.iter().map(|d| d.position).collect::<Vec<_>>(), vec![Some(Position { line: 2, column: 3 }), None, Some(given)]);
    }
}
