//! Helpers shared by the core's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use buildbay_core::check::{self, Checked};
use buildbay_core::diagnostic::{Diagnostic, Severity};
use buildbay_core::import::Hint;
use buildbay_core::validate::Context;
use buildbay_core::Target;
use serde_json::Value;

/// A fixture's text.
pub fn fixture(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// A fixture as JSON.
pub fn fixture_json(path: &str) -> Value {
    serde_json::from_str(&fixture(path)).unwrap()
}

/// Sets (or, with `Value::Null`… no: with `None`, removes) the value at a JSON pointer,
/// creating objects on the way.
pub fn set(doc: &mut Value, pointer: &str, value: Option<Value>) {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
    let (last, parents) = tokens.split_last().expect("a non-empty pointer");
    let mut here = doc;
    for t in parents {
        here = match here {
            Value::Array(items) => &mut items[t.parse::<usize>().unwrap()],
            Value::Object(map) => map.entry(t.clone()).or_insert_with(|| Value::Object(Default::default())),
            other => panic!("cannot descend into {other}"),
        };
    }
    match (here, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(last.clone(), v);
        }
        (Value::Object(map), None) => {
            map.remove(last);
        }
        (Value::Array(items), Some(v)) => {
            let i: usize = last.parse().unwrap();
            if i == items.len() { items.push(v) } else { items[i] = v }
        }
        (Value::Array(items), None) => {
            items.remove(last.parse::<usize>().unwrap());
        }
        (other, _) => panic!("cannot set in {other}"),
    }
}

/// Checks a document as a CLI run without `--target` would.
pub fn check_doc(doc: &Value, target: Option<Target>) -> Checked {
    check_text(&serde_json::to_string_pretty(doc).unwrap(), target, &Context::default())
}

/// Checks text with a context.
pub fn check_text(text: &str, target: Option<Target>, context: &Context) -> Checked {
    check::check(text, Hint::Auto, target, context)
}

/// Errors of a check.
pub fn errors(c: &Checked) -> Vec<&Diagnostic> {
    c.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

/// Whether a finding with this path, code and severity exists.
pub fn has(c: &Checked, path: &str, code: &str, severity: Severity) -> bool {
    c.diagnostics.iter().any(|d| d.path == path && d.code == code && d.severity == severity)
}

/// A readable dump for assertion messages.
pub fn dump(c: &Checked) -> String {
    c.diagnostics.iter().map(|d| format!("  {} {} {} — {}", d.severity, d.path, d.code, d.message)).collect::<Vec<_>>().join("\n")
}
