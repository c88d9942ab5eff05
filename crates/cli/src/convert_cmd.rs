//! `buildbay convert`.

use buildbay_core::Target;
use buildbay_core::check;
use buildbay_core::convert::{self, Loss};
use buildbay_core::import::{self, Document, Hint, Imported, Shape};
use serde_json::Value;

use crate::files::read_document;

/// Prints the request body (or bodies) `to` receives; returns the exit code.
pub fn run(file: &str, to: Target, shape: Option<Shape>, include_secrets: bool) -> u8 {
    let text = match read_document(file) {
        Ok(text) => text,
        Err(d) => {
            eprintln!("{}", crate::finding::line(file, &d));
            return 2;
        }
    };
    let hint = shape.map(Hint::Shape).unwrap_or(Hint::Auto);
    let imported = match import::import(&text, hint) {
        Ok(imported) => imported,
        Err(error) => {
            for d in check::unreadable(error, &text).diagnostics {
                eprintln!("{}", crate::finding::line(file, &d));
            }
            return 2;
        }
    };
    let mut bodies = Vec::new();
    let mut losses = Vec::new();
    let mut masked = 0usize;
    if let Err(message) = collect(&imported, "", to, include_secrets, &mut bodies, &mut losses, &mut masked) {
        let d = buildbay_core::Diagnostic::error("", "not-convertible", buildbay_core::Source::Runtime, message);
        eprintln!("{}", crate::finding::line(file, &d));
        return 1;
    }
    let output = match (&imported.document, bodies.len()) {
        (Document::Many(_), _) => Value::Array(bodies),
        (_, 1) => bodies.pop().unwrap_or(Value::Null),
        _ => Value::Array(bodies),
    };
    println!("{}", serde_json::to_string_pretty(&output).unwrap_or_default());
    for loss in &losses {
        eprintln!("{file}: {} cannot carry {}: {}", to.label(), loss.field, loss.message);
    }
    for (at, body) in bodies_at(&output) {
        for d in check::refusals(body, to) {
            let how = match d.source {
                buildbay_core::Source::Server => format!("{} would refuse the converted request", to.label()),
                _ => format!("the converted request would fail when {} runs it", to.label()),
            };
            eprintln!("{file}: {how}: {at}{}: {} [{}]", d.path, d.message, d.code);
        }
    }
    if masked > 0 {
        eprintln!("{file}: {masked} secret value(s) are printed as ******** (Zadig keeps the stored secret for that value); pass --include-secrets to print them.");
    }
    0
}

fn collect(
    doc: &Imported,
    at: &str,
    to: Target,
    include_secrets: bool,
    bodies: &mut Vec<Value>,
    losses: &mut Vec<Loss>,
    masked: &mut usize,
) -> Result<(), String> {
    let prefix_loss = |mut l: Loss| {
        l.field = if at.is_empty() { l.field } else { format!("{at}: {}", l.field) };
        l
    };
    losses.extend(doc.losses.iter().cloned().map(prefix_loss));
    match &doc.document {
        Document::Build(build) => {
            let conversion = convert::to_request(build, to);
            losses.extend(conversion.losses.into_iter().map(prefix_loss));
            if include_secrets || !build.has_secrets() {
                bodies.push(conversion.value);
            } else {
                let hidden = convert::to_request(&build.masked(), to).value;
                *masked += differing_leaves(&conversion.value, &hidden);
                bodies.push(hidden);
            }
        }
        Document::Template(template) if to == Target::Zadig => {
            let template = if include_secrets { template.clone() } else { template.masked() };
            bodies.push(serde_json::to_value(convert::zadig::template_out(&template)).unwrap_or(Value::Null));
        }
        Document::Template(_) => return Err(format!("build templates exist only in Zadig; {} has none", to.label())),
        Document::Many(parts) => {
            for (inner, part) in parts {
                collect(part, &format!("{at}{inner}"), to, include_secrets, bodies, losses, masked)?;
            }
        }
        Document::Response(_) => return Err(format!("{} is an answer, not a build, so there is no request to convert", doc.shape.label())),
    }
    Ok(())
}

/// Each request body printed, with where it sits in the output (`/1` in an array of them).
fn bodies_at(output: &Value) -> Vec<(String, &Value)> {
    match output {
        Value::Array(bodies) => bodies.iter().enumerate().map(|(i, b)| (format!("/{i}"), b)).collect(),
        body => vec![(String::new(), body)],
    }
}

/// How many values differ between two bodies of the same shape: the secrets that were masked.
fn differing_leaves(a: &Value, b: &Value) -> usize {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x.iter().map(|(k, v)| y.get(k).map_or(1, |w| differing_leaves(v, w))).sum(),
        (Value::Array(x), Value::Array(y)) => x.iter().zip(y).map(|(v, w)| differing_leaves(v, w)).sum(),
        (x, y) => usize::from(x != y),
    }
}
