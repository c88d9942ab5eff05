//! Secret values in a scenario's builds and templates (credential variables, repository
//! passwords): found, so that the page keeps such a text out of browser storage unless the
//! admin opts in, and masked, so that a scenario saved as a file carries none.

use serde::Deserialize;
use serde_json::Value;

use super::read_definition;
use crate::convert::{to_request, zadig::template_out};
use crate::import::Document;
use crate::model::{Build, MASK, Template};
use crate::simulate::scenario_text::{object, written};
use crate::target::Target;

/// A build entry's definition read into the console's model, with the backend whose shape it is in.
fn read_build(entry: &Value) -> Option<(Build, Target)> {
    let semantics = entry.get("semantics").and_then(Value::as_str).and_then(Target::parse);
    let imported = read_definition(entry.get("definition")?, semantics).ok()?;
    let target = imported.shape.target();
    match imported.document {
        Document::Build(build) => Some((build, target)),
        _ => None,
    }
}

/// A `templates` entry read as the Zadig build template it is.
fn read_template(entry: &Value) -> Option<Template> {
    match super::read_template(entry).ok()?.document {
        Document::Template(template) => Some(template),
        _ => None,
    }
}

fn build_holds_secrets(entry: &Value) -> bool {
    read_build(entry).is_some_and(|(b, _)| !b.clear_secrets().is_empty())
}

fn template_holds_secrets(entry: &Value) -> bool {
    read_template(entry).is_some_and(|t| !t.clear_secrets().is_empty())
}

/// Whether the scenario's build definitions or templates hold secret values (credential
/// variables with a value, repository passwords), which the console keeps out of browser storage unless the
/// admin opts in; None while the text is not JSON.
pub fn holds_secrets(text: &str) -> Option<bool> {
    /// Only the builds and templates, read into values: the page asks on every keystroke, and
    /// a scenario listing thousands of jobs is skipped over, not built, outside them.
    #[derive(Deserialize)]
    struct Builds {
        #[serde(default)]
        builds: Value,
        #[serde(default)]
        templates: Value,
    }
    let value: Builds = serde_json::from_str(text).ok()?;
    fn entries(list: &Value) -> &[Value] {
        list.as_array().map(Vec::as_slice).unwrap_or_default()
    }
    // A secret already masked (`********`, as a stored build comes into the scenario) is none.
    Some(entries(&value.builds).iter().any(build_holds_secrets) || entries(&value.templates).iter().any(template_holds_secrets))
}

/// Writes `********` over every string in `value` that is one of `secrets`.
fn mask_strings(value: &mut Value, secrets: &[String]) {
    match value {
        Value::String(s) if secrets.iter().any(|secret| secret == s) => *s = MASK.to_string(),
        Value::Array(items) => items.iter_mut().for_each(|v| mask_strings(v, secrets)),
        Value::Object(fields) => fields.values_mut().for_each(|v| mask_strings(v, secrets)),
        _ => {}
    }
}

/// The scenario as a file may carry it without the admin's opt-in: the secret values of its
/// builds and templates written `********` where the text has them, everything else as typed,
/// and how many builds and templates held any. A definition whose secret is not written as a
/// string of its own (a number read as a credential's value, say) is written again as its
/// backend's request, masked. A text holding no secret comes back unchanged, to the byte.
pub fn without_secrets(text: &str) -> Result<(String, usize), String> {
    if holds_secrets(text) == Some(false) {
        return Ok((text.to_string(), 0));
    }
    let mut scenario = object(text)?;
    let mut masked = 0;
    if let Some(Value::Array(builds)) = scenario.get_mut("builds") {
        for entry in builds.iter_mut() {
            let Some((build, target)) = read_build(entry) else { continue };
            let secrets: Vec<String> = build.clear_secrets().into_iter().map(str::to_string).collect();
            if secrets.is_empty() {
                continue;
            }
            masked += 1;
            if let Some(definition) = entry.get_mut("definition") {
                mask_strings(definition, &secrets);
                if build_holds_secrets(entry) {
                    entry["definition"] = to_request(&build.masked(), target).value;
                }
            }
        }
    }
    if let Some(Value::Array(templates)) = scenario.get_mut("templates") {
        for entry in templates.iter_mut() {
            let Some(template) = read_template(entry) else { continue };
            let secrets: Vec<String> = template.clear_secrets().into_iter().map(str::to_string).collect();
            if secrets.is_empty() {
                continue;
            }
            masked += 1;
            mask_strings(entry, &secrets);
            if template_holds_secrets(entry) {
                *entry = serde_json::to_value(template_out(&template.masked())).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok((written(scenario)?, masked))
}
