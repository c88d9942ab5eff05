//! `buildbay validate`.

use buildbay_core::Target;
use buildbay_core::check::{self, Checked};
use buildbay_core::diagnostic::Diagnostic;
use buildbay_core::import::{self, Hint, Shape};
use buildbay_core::validate::Context;
use crate::Format;
use crate::finding::Finding;
use crate::files::read_document;

/// A file's text and what importing it gave, or why it could not be read.
type Reading = Result<(String, Result<import::Imported, import::ImportError>), Diagnostic>;

/// Validates every file and prints the findings; returns the exit code.
pub fn run(files: &[String], target: Option<Target>, shape: Option<Shape>, format: Format) -> u8 {
    let hint = shape.map(Hint::Shape).unwrap_or_default().or_target(target);
    // Read everything first: build and template names span files (Zadig's are instance-wide).
    let read: Vec<(&str, Reading)> = files
        .iter()
        .map(|f| {
            let reading = read_document(f).map(|text| {
                let imported = import::import(&text, hint);
                (text, imported)
            });
            (f.as_str(), reading)
        })
        .collect();
    let mut builds = Vec::new();
    let mut templates = Vec::new();
    for (file, outcome) in &read {
        if let Ok((_, Ok(imported))) = outcome {
            let (b, t) = check::names_in(imported, file);
            builds.extend(b);
            templates.extend(t);
        }
    }
    let context = Context::new(builds, templates);
    let mut results: Vec<(&str, Checked)> = Vec::with_capacity(read.len());
    for (file, outcome) in read {
        let checked = match outcome {
            Err(d) => Checked { shape: None, diagnostics: vec![d], losses: Vec::new(), unreadable: true, imported: None },
            Ok((text, Err(error))) => check::unreadable(error, &text),
            Ok((text, Ok(imported))) => check::check_read(imported, &text, target, &context.for_origin(file)),
        };
        results.push((file, checked));
    }
    match format {
        Format::Text => {
            for (file, checked) in &results {
                for d in &checked.diagnostics {
                    println!("{}", crate::finding::line(file, d));
                }
            }
        }
        Format::Json => {
            let findings = results.iter().flat_map(|(file, c)| c.diagnostics.iter().map(move |d| Finding { file, diagnostic: d }));
            println!("{}", crate::finding::json(findings));
        }
    }
    if results.iter().any(|(_, c)| c.unreadable) {
        2
    } else if results.iter().any(|(_, c)| c.has_errors()) {
        1
    } else {
        0
    }
}
