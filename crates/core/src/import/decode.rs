//! Typed decoding that reports every problem instead of stopping at the first.
//!
//! A document is decoded from a `serde_json::Value` the way the backends' servers bind JSON:
//! `null` equals absent, and a value of the wrong type is a finding at its exact path. To find
//! all of them, each wrong value is reported, replaced by an empty value of the expected kind,
//! and decoding resumes. Fields the backend does not read are reported as warnings.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Source};
use crate::objects_as_written::ObjectsAsWritten;
use crate::pointer;
use crate::target::Target;

/// How many wrong values one document may report before decoding gives up on it.
const MAX_TYPE_ERRORS: usize = 64;

/// A decoded value with what decoding found.
#[derive(Debug)]
pub(crate) struct Decoded<T> {
    pub(crate) value: T,
    pub(crate) findings: Vec<Diagnostic>,
}

/// A document that could not be decoded at all, with everything found on the way.
#[derive(Debug)]
pub(crate) struct Undecodable(pub(crate) Vec<Diagnostic>);

/// Removes `null` members from objects (at any depth): for the servers they are absent.
pub(crate) fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// Renames keys that match a known field only case-insensitively, as Go's JSON decoding does
/// (Zadig and Nuon are written in Go); each rename is reported.
pub(crate) fn fold_go_keys(value: &mut Value, known: &[&str], at: &str, target: Target, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            let position = |map: &Map<String, Value>, key: &str| map.keys().position(|k| k == key);
            let renames: Vec<(String, String)> = map
                .keys()
                .filter(|k| !known.contains(&k.as_str()))
                .filter_map(|k| known.iter().find(|f| f.eq_ignore_ascii_case(k)).map(|f| (k.clone(), f.to_string())))
                .collect();
            for (from, to) in renames {
                // Go's decoder keeps the later of two keys that match one field.
                let later = match (position(map, &from), position(map, &to)) {
                    (Some(f), Some(t)) => f > t,
                    _ => true,
                };
                let Some(v) = map.shift_remove(&from) else { continue };
                let message = if map.contains_key(&to) {
                    let kept = if later { &from } else { &to };
                    format!("Both \"{from}\" and \"{to}\" are given; {target} matches keys case-insensitively and keeps the later one (\"{kept}\"). Keep only \"{to}\".")
                } else {
                    format!("{target} reads \"{from}\" as \"{to}\" (Go matches keys case-insensitively); other tools will not. Write \"{to}\".")
                };
                out.push(Diagnostic::warning(pointer::join(at, &from), "key-case", Source::Lint, message));
                if later {
                    map.insert(to, v);
                }
            }
            for (k, v) in map.iter_mut() {
                fold_go_keys(v, known, &pointer::join(at, k), target, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                fold_go_keys(v, known, &pointer::index(at, i), target, out);
            }
        }
        _ => {}
    }
}

/// What kind of JSON value this is, for messages ("an array", "text").
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What the decoder expected, read from serde's message ("invalid type: …, expected …").
pub(crate) fn expected_of(message: &str) -> Option<(&'static str, Value)> {
    let expected = message.rsplit_once("expected ").map(|(_, e)| e)?;
    let e = expected.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    if e.starts_with("struct") || e.contains("map") {
        Some(("an object", Value::Object(Map::new())))
    } else if e.contains("string") {
        Some(("text", Value::String(String::new())))
    } else if e.starts_with('i') || e.starts_with('u') || e.contains("integer") {
        Some(("a whole number", Value::from(0)))
    } else if e.starts_with('f') {
        Some(("a number", Value::from(0)))
    } else if e.contains("boolean") {
        Some(("true or false", Value::Bool(false)))
    } else if e.contains("sequence") {
        Some(("an array", Value::Array(Vec::new())))
    } else {
        None
    }
}

/// What the server does with a request that has a wrongly typed value.
fn consequence(target: Target) -> &'static str {
    match target {
        Target::Zadig => "Zadig refuses the whole request (HTTP 400 with an empty body).",
        Target::Nuon => "Nuon answers 400 \"invalid request format\".",
        Target::Rainbond => "Rainbond answers 400 (ValidationError).",
        Target::ServiceStage => "ServiceStage answers 400.",
    }
}

/// What is wrong with the value found where `expected` goes, and what the server does about it;
/// `in_list` for an entry of a list rather than a field.
fn describe(found: &Value, expected: Option<&str>, serde_message: &str, target: Target, in_list: bool) -> String {
    let tail = consequence(target);
    match (found, expected) {
        // Serde alone would read the array as the object's fields in order; the servers (Go, DRF) refuse it.
        (Value::Array(_), Some("an object")) if !in_list => format!(
            "must be a single object, not an array (some published docs show an array; the server binds one object). {tail}"
        ),
        (Value::Number(n), Some("a whole number")) if n.is_f64() => format!("must be a whole number, not {n}. {tail}"),
        (Value::Number(n), Some("a whole number")) => format!("{n} is out of range for this field. {tail}"),
        (found, Some(expected)) => format!("must be {expected}, not {}. {tail}", kind_of(found)),
        (found, None) if serde_message.contains("valid") => format!("is refused: {serde_message} ({} given). {tail}", kind_of(found)),
        (found, None) => format!("has the wrong type ({}): {serde_message}. {tail}", kind_of(found)),
    }
}

fn ignored_to_pointer(path: &serde_ignored::Path<'_>) -> String {
    match path {
        serde_ignored::Path::Root => String::new(),
        serde_ignored::Path::Seq { parent, index } => pointer::index(&ignored_to_pointer(parent), *index),
        serde_ignored::Path::Map { parent, key } => pointer::join(&ignored_to_pointer(parent), key),
        serde_ignored::Path::Some { parent }
        | serde_ignored::Path::NewtypeStruct { parent }
        | serde_ignored::Path::NewtypeVariant { parent } => ignored_to_pointer(parent),
    }
}

fn value_at<'a>(root: &'a mut Value, at: &str) -> Option<&'a mut Value> {
    if at.is_empty() { Some(root) } else { root.pointer_mut(at) }
}

/// Replaces the wrong value at `at` so decoding can go on: object members are removed (they
/// take their default), array items become an empty value of the expected kind.
pub(crate) fn patch(root: &mut Value, at: &str, replacement: Option<Value>) -> bool {
    let Some((parent_at, last)) = at.rsplit_once('/') else { return false };
    let key = last.replace("~1", "/").replace("~0", "~");
    match value_at(root, parent_at) {
        // Shifted out, not swapped: the next reading must meet the fields in the order typed,
        // so that the problems it reports follow the document.
        Some(Value::Object(map)) => map.shift_remove(&key).is_some(),
        Some(Value::Array(items)) => match (key.parse::<usize>().ok().and_then(|i| items.get_mut(i)), replacement) {
            (Some(slot), Some(empty)) => {
                *slot = empty;
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether fields a document's shape lacks are reported, and in whose words: a request's are
/// fields its server ignores; a Zadig build detail's (modelled field for field) are fields
/// Buildbay leaves out when it reads one, such as a request's name written into a detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnknownFields {
    /// Not reported: the shape is modelled only in part.
    Unreported,
    /// Reported as fields the backend's server ignores.
    Request,
    /// Reported as fields a Zadig build detail does not have.
    ZadigBuildDetail,
}

/// Decodes `document` as `T` the way `target`'s server would, reporting every wrongly typed
/// value and, with `REPORT` (`unknown` then saying in whose words), every field the shape does
/// not have, in the same pass. `REPORT` is a constant so that a type that never reports has no
/// unknown-field code at all: each type's deserializer is compiled once per way it is read,
/// and the wasm bundle carries every copy.
pub(crate) fn decode<T: DeserializeOwned, const REPORT: bool>(
    document: &Value,
    target: Target,
    unknown: UnknownFields,
    known_fields: &[&str],
) -> Result<Decoded<T>, Undecodable> {
    let mut work = document.clone();
    strip_nulls(&mut work);
    let mut findings = Vec::new();
    if matches!(target, Target::Zadig | Target::Nuon) {
        fold_go_keys(&mut work, known_fields, "", target, &mut findings);
    }
    let mut ignored = Vec::new();
    let value = loop {
        let mut track = serde_path_to_error::Track::new();
        ignored.clear();
        let outcome = if REPORT {
            let mut note = |path: serde_ignored::Path| ignored.push(ignored_to_pointer(&path));
            T::deserialize(serde_ignored::Deserializer::new(serde_path_to_error::Deserializer::new(ObjectsAsWritten(&work), &mut track), &mut note))
        } else {
            T::deserialize(serde_path_to_error::Deserializer::new(ObjectsAsWritten(&work), &mut track))
        };
        let error = match outcome {
            Ok(value) => break value,
            Err(error) => error,
        };
        let at = pointer::of_serde_path(&track.path());
        let message = error.to_string();
        let expected = expected_of(&message);
        let found = value_at(&mut work, &at).cloned().unwrap_or(Value::Null);
        if at.is_empty() {
            let what = expected.as_ref().map(|(e, _)| *e).unwrap_or("an object");
            findings.push(Diagnostic::error(
                "",
                "invalid-type",
                Source::Server,
                format!("The document must be {what}, not {}.", kind_of(&found)),
            ));
            return Err(Undecodable(findings));
        }
        let in_list = pointer::tokens(&at).last().is_some_and(|last| last.parse::<usize>().is_ok());
        findings.push(Diagnostic::error(
            &at,
            "invalid-type",
            Source::Server,
            format!("{} {}", value_name(&at), describe(&found, expected.as_ref().map(|(e, _)| *e), &message, target, in_list)),
        ));
        if findings.len() >= MAX_TYPE_ERRORS {
            findings.push(Diagnostic::error(
                "",
                "too-many-errors",
                Source::Server,
                format!("Stopped after {MAX_TYPE_ERRORS} wrongly typed values; fix these first."),
            ));
            return Err(Undecodable(findings));
        }
        if !patch(&mut work, &at, expected.map(|(_, v)| v)) {
            return Err(Undecodable(findings));
        }
    };
    if REPORT {
        for at in ignored {
            let name = last_name(&at);
            let message = match unknown {
                UnknownFields::ZadigBuildDetail => {
                    format!("A Zadig build detail has no \"{name}\"; it is ignored.{}", answer_hint_for(&at, target, known_fields))
                }
                _ => format!("{target} does not read \"{name}\"; it is ignored.{}", hint_for(&at, target, known_fields)),
            };
            findings.push(Diagnostic::warning(&at, "unknown-field", Source::Lint, message));
        }
    }
    Ok(Decoded { value, findings })
}

/// How a message names the value at `at`: its field, or for an element of a list, its place
/// in that list ("Entry 1 of installs" rather than "0").
fn value_name(at: &str) -> String {
    let tokens = pointer::tokens(at);
    match tokens.as_slice() {
        [.., list, index] if index.parse::<usize>().is_ok() => {
            let place = index.parse::<usize>().unwrap_or(0) + 1;
            if list.parse::<usize>().is_ok() { format!("Entry {place} of the list") } else { format!("Entry {place} of {list}") }
        }
        [index] if index.parse::<usize>().is_ok() => format!("Entry {} of the list", index.parse::<usize>().unwrap_or(0) + 1),
        _ => last_name(at),
    }
}

/// The last reference token of a pointer, unescaped.
fn last_name(at: &str) -> String {
    pointer::tokens(at).pop().unwrap_or_default()
}

/// What to write instead of the field at `at`, which the request does not read there: the
/// request's name for what an answer calls it (in that object, where the answer's name differs
/// by place), else a field within two edits of it or the one field it is a part of. A name that
/// is itself a field elsewhere is said to be so, never suggested as its own correction.
fn hint_for(at: &str, target: Target, known: &[&str]) -> String {
    let tokens = pointer::tokens(at);
    let name = tokens.last().cloned().unwrap_or_default();
    let parent = tokens.iter().rev().skip(1).find(|t| t.parse::<usize>().is_err()).map_or("", String::as_str);
    let renamed = super::shape::answer_names(target).iter().find(|(within, answer, _)| *answer == name && (*within == "*" || *within == parent));
    match renamed {
        Some((_, _, "")) => return format!(" \"{name}\" is part of {target}'s answers; its requests have no such field."),
        Some((_, _, request_name)) => return format!(" Did you mean \"{request_name}\"? \"{name}\" is what {target}'s answers call it."),
        None => {}
    }
    if let Some((_, _, hint)) = super::shape::short_names(target).iter().find(|(within, short, _)| *within == parent && *short == name) {
        return format!(" {hint}");
    }
    let name = name.as_str();
    if known.contains(&name) {
        let home = super::shape::field_homes(target).iter().find(|(field, _)| *field == name).map(|(_, home)| *home);
        return match home {
            Some("") => format!(" {target} reads \"{name}\" at the top level, not here."),
            Some(home) => format!(" {target} reads \"{name}\" in {home}, not here."),
            None => format!(" {target} reads \"{name}\" elsewhere, not here."),
        };
    }
    closest(name, known).map(|k| format!(" Did you mean \"{k}\"?")).unwrap_or_default()
}

/// What a field an answer lacks was likely meant as: the answer's own name for a field a request
/// names differently (`build_os` is the detail's `build_env.basic_image_label`), else what a
/// request's field would be told.
fn answer_hint_for(at: &str, target: Target, known: &[&str]) -> String {
    let name = last_name(at);
    let home = super::shape::field_homes(target).iter().find(|(field, _)| *field == name).map(|(_, home)| *home);
    if home.is_some_and(|home| home.starts_with("advanced_settings")) {
        // The detail's `advanced_settings` is the request's, so the request's place is its place.
        return hint_for(at, target, known);
    }
    let renamed = super::shape::answer_names(target).iter().find(|(_, answer, request)| !answer.is_empty() && *request == name);
    if let Some((within, answer, _)) = renamed {
        let place = if matches!(*within, "*" | "") { String::new() } else { format!(" in {within}") };
        if *answer == name {
            return format!(" It is given{place}, not here.");
        }
        return format!(" It is given as \"{answer}\"{place}; \"{name}\" is what {target}'s requests call it.");
    }
    hint_for(at, target, known)
}

/// A known field within two edits of `name` (one for a name of four letters or fewer, which two
/// edits turn into too many others: `cpu` is not `pr`), if there is exactly one best; else the
/// one known field that `name` is a whole part of (`script` for `build_script`), or else the
/// one that is a whole part of `name` (`per_hour` for `rate_per_hour`).
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    let most = if name.chars().count() <= 4 { 1 } else { 2 };
    let near = known.iter().map(|k| (edit_distance(&name, k), *k)).filter(|(d, _)| *d <= most).min_by_key(|(d, _)| *d);
    near.map(|(_, k)| k).or_else(|| whole_part_of(&name, known)).or_else(|| holding_whole(&name, known))
}

/// The only known field of three letters or more that `name` ends with as `_<field>` or starts
/// with as `<field>_`: a name with a word added to the field's, the unit or what it counts.
fn holding_whole<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let ends = |k: &str| name.strip_suffix(k).is_some_and(|rest| rest.ends_with('_'));
    let starts = |k: &str| name.strip_prefix(k).is_some_and(|rest| rest.starts_with('_'));
    only(known.iter().copied().filter(|k| k.len() >= 3 && (ends(k) || starts(k))))
}

/// The field if the iterator gives exactly one: a hint that could mean two points at neither.
fn only<'a>(mut fields: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let first = fields.next()?;
    fields.next().is_none().then_some(first)
}

/// The only known field that ends in `_<name>` (a `script` is more likely a `build_script` than
/// a `script_type`), else the only one that starts with `<name>_`; for names of three letters or
/// more (shorter ones, like `id`, are part of too many fields to point at one).
fn whole_part_of<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    if name.len() < 3 {
        return None;
    }
    let (prefix, suffix) = (format!("{name}_"), format!("_{name}"));
    let ending: Vec<&str> = known.iter().copied().filter(|k| k.ends_with(&suffix)).collect();
    if ending.is_empty() { only(known.iter().copied().filter(|k| k.starts_with(&prefix))) } else { only(ending.into_iter()) }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 || a.len() > 64 {
        return usize::MAX;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}
