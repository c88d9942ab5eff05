//! Reading documents from files or standard input, never more than Buildbay will parse.

use std::fs::File;
use std::io::{self, Read};

use buildbay_core::diagnostic::{Diagnostic, Source};
use buildbay_core::import::MAX_DOCUMENT_BYTES;

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
