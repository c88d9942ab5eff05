//! Reading documents from files or standard input, never more than Buildbay will parse.

use std::fs::File;
use std::io::{self, Read};

use buildbay_core::diagnostic::{Diagnostic, Source};
use buildbay_core::import::MAX_DOCUMENT_BYTES;
use buildbay_core::simulate::compare::Alternative;
use buildbay_core::simulate::scenario_link::{FRAGMENT_KEY, Linked, from_fragment};

/// Whether `name` is a Simulator link carrying a scenario (its text after `#scenario=`), not a
/// file's path: a link shared in a chat runs here as it ran on the page. Told by its text
/// alone, so that naming the document in every message asks nothing of the file system.
fn is_link(name: &str) -> bool {
    let web = name.starts_with("https://") || name.starts_with("http://");
    web && name.contains(&format!("#{FRAGMENT_KEY}"))
}

/// How messages name the document called `name`: a link by that word, not its kilobytes.
pub fn shown(name: &str) -> &str {
    if is_link(name) { "link" } else { name }
}

/// Reads a scenario's text as [`read_document`] reads a document's, or from a Simulator link
/// (scenario A of a comparison's link).
pub fn read_scenario(name: &str) -> Result<String, Diagnostic> {
    if !is_link(name) {
        return read_document(name);
    }
    let linked = from_link(name).unwrap_or_else(|| Err(String::new()));
    linked.map(|l| l.scenario).map_err(|why| Diagnostic::error("", "unreadable-link", Source::Lint, why))
}

/// What a comparison's Simulator link compares its scenario with (scenario B, or more nodes),
/// so that the question asked on the page is asked here; None for a file or a scenario's link.
pub fn linked_alternative(name: &str) -> Option<Alternative> {
    from_link(name)?.ok()?.compared_with
}

/// What the link `name` carries, None when it is no link.
fn from_link(name: &str) -> Option<Result<Linked, String>> {
    let fragment = name.split_once('#').map_or("", |(_, f)| f);
    is_link(name).then(|| from_fragment(fragment)).flatten()
}

/// Reads a document's text; `-` is standard input. Larger inputs stop at the limit instead of
/// filling memory, and are reported as too large.
pub fn read_document(name: &str) -> Result<String, Diagnostic> {
    let limit = MAX_DOCUMENT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let outcome = if name == "-" {
        io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        match File::open(name) {
            Ok(file) => {
                if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                    return Err(unreadable(name, "is a directory"));
                }
                file.take(limit).read_to_end(&mut bytes)
            }
            Err(e) => return Err(unreadable(name, &e.to_string())),
        }
    };
    outcome.map_err(|e| unreadable(name, &e.to_string()))?;
    if bytes.len() as u64 >= limit {
        return Err(Diagnostic::error(
            "",
            "document-too-large",
            Source::Lint,
            format!("The document is larger than {} MB, the most Buildbay reads; split it into smaller files.", MAX_DOCUMENT_BYTES / 1_048_576),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error("", "not-utf8", Source::Lint, format!("The document is not UTF-8 text (invalid byte at offset {}).", e.utf8_error().valid_up_to()))
    })
}

fn unreadable(name: &str, why: &str) -> Diagnostic {
    Diagnostic::error("", "unreadable", Source::Lint, format!("Cannot read {name}: {why}."))
}
