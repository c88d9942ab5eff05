//! Build templates kept in this browser: how they are stored, listed (and searched) with the
//! builds that use them, read from what the admin types, and taken from an import.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::check;
use crate::diagnostic::Diagnostic;
use crate::import::{Document, Hint, Imported, Shape};
use crate::model::{Build, Service, ServiceInput, Template};
use crate::validate::{self, Context};
use crate::simulate::text::listed_count;
use crate::workspace::search_terms::{Exact, terms};
use crate::workspace::{BuildSummary, SCHEMA_VERSION};

/// A stored build template, kept under its name (Zadig's template names are unique, and builds
/// name their template by it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateRecord {
    pub schema: u32,
    /// Milliseconds since the Unix epoch.
    pub updated_at: i64,
    pub template: Template,
}

impl TemplateRecord {
    /// A record of `template` saved at `now`.
    pub fn new(template: Template, now: i64) -> TemplateRecord {
        TemplateRecord { schema: SCHEMA_VERSION, updated_at: now, template }
    }

    /// The name it is stored and referred to by.
    pub fn name(&self) -> &str {
        &self.template.name
    }
}

/// What the templates list shows of one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRow {
    pub name: String,
    pub infrastructure: String,
    pub build_os: String,
    pub variables: usize,
    pub errors: usize,
    pub warnings: usize,
    /// The builds made from it (whose `template_name` is its name), by name.
    pub used_by: Vec<String>,
    pub updated_at: i64,
}

/// The list's rows, by name, each with its findings and no builds yet: they follow from the
/// templates alone, so a change to the builds (another tab's save) checks no template again.
pub fn checked_template_rows(records: &[TemplateRecord]) -> Vec<TemplateRow> {
    let context = context_of(records);
    let mut rows: Vec<TemplateRow> = records
        .iter()
        .map(|r| {
            let t = &r.template;
            let findings = validate::validate_template(t, &context.for_origin(&t.name));
            let errors = findings.iter().filter(|d| d.is_error()).count();
            TemplateRow {
                name: t.name.clone(),
                infrastructure: t.infrastructure.clone(),
                build_os: t.build_os.clone(),
                variables: t.variables.len(),
                errors,
                warnings: findings.len() - errors,
                used_by: Vec::new(),
                updated_at: r.updated_at,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

/// `rows` with the builds among `builds` made from each, by name (found in one pass over the
/// builds: asking each of 5,000 templates about each of 20,000 builds held the page for 3 s).
pub fn with_users(mut rows: Vec<TemplateRow>, builds: &[BuildSummary]) -> Vec<TemplateRow> {
    let mut users: HashMap<&str, Vec<String>> = HashMap::new();
    for b in builds.iter().filter(|b| !b.template.is_empty()) {
        users.entry(b.template.as_str()).or_default().push(b.name.clone());
    }
    for row in &mut rows {
        row.used_by = users.remove(row.name.as_str()).unwrap_or_default();
        row.used_by.sort();
    }
    rows
}

/// The indexes of the `rows` whose name holds every word or quoted phrase of `query`, ignoring
/// case (`template:NAME`, the one of exactly that name), as the builds list searches: with
/// thousands of templates the list shows a page of them, and this finds the one wanted.
pub fn matching_template_rows(rows: &[TemplateRow], query: &str) -> Vec<usize> {
    let terms = terms(query);
    (0..rows.len())
        .filter(|&i| {
            let name = rows[i].name.to_lowercase();
            terms.iter().all(|term| term.met_by(&name, Exact { template: Some(&rows[i].name), status: None }))
        })
        .collect()
}

/// What the templates list says of itself: how many there are, how many match its search, and
/// that only the first `listed` are shown when more match.
pub fn template_count(all: usize, found: usize, listed: usize) -> String {
    listed_count(all, found, listed, ("template", "templates"))
}

/// The names of the builds among `builds` made from the template named `template`, sorted.
pub fn builds_made_from(builds: &[BuildSummary], template: &str) -> Vec<String> {
    let mut names: Vec<String> = builds.iter().filter(|b| !template.is_empty() && b.template == template).map(|b| b.name.clone()).collect();
    names.sort();
    names
}

/// The stored templates as validation knows them, each living under its own name, so template
/// builds are checked against them (unknown templates, inputs the template lacks or requires).
pub fn context_of(records: &[TemplateRecord]) -> Context {
    Context::new(Vec::new(), records.iter().map(|r| (r.template.name.clone(), r.template.clone())).collect())
}

/// The text the template page edits: the exact body of Zadig's `/openapi/templates/builds`.
pub fn template_body(template: &Template) -> String {
    serde_json::to_string_pretty(&crate::convert::zadig::template_out(template)).unwrap_or_default()
}

/// What typing `text` on a template's page gives: the template when the text reads as one (with
/// every finding, errors included, placed at its line and column), or why it does not read.
/// `others` are the other stored templates, for the name's uniqueness.
pub fn read_template_body(text: &str, others: &[TemplateRecord], origin: &str) -> (Option<Template>, Vec<Diagnostic>) {
    let context = context_of(others).for_origin(origin);
    let checked = check::check(text, Hint::Shape(Shape::ZadigBuildTemplate), None, &context);
    let template = match checked.imported.map(|i| i.document) {
        Some(Document::Template(t)) => Some(t),
        _ => None,
    };
    (template, checked.diagnostics)
}

/// Whether a template's typed text holds a secret in clear, so that it may be kept in browser
/// storage only when the admin opts in. `read` is what the text reads as
/// ([`read_template_body`]'s template, which the page has made already): one that reads holds a
/// secret when a credential variable has a value; text that does not read yet, whenever it
/// declares a credential at all (its value could be anywhere in it).
pub fn template_text_holds_secret(text: &str, read: Option<&Template>) -> bool {
    match read {
        Some(template) => template.masked() != *template,
        None => text.split_whitespace().collect::<String>().contains("\"is_credential\":true"),
    }
}

/// Every template an imported document holds (a template, a list of them, or a bundle).
pub fn templates_in(doc: &Imported) -> Vec<Template> {
    match &doc.document {
        Document::Template(t) => vec![t.clone()],
        Document::Many(parts) => parts.iter().flat_map(|(_, p)| templates_in(p)).collect(),
        _ => Vec::new(),
    }
}

/// A template to start from: the fields Zadig requires, filled as most builds use them.
pub fn new_template(name: String) -> Template {
    Template {
        name,
        infrastructure: "kubernetes".into(),
        build_os: "ubuntu 20.04".into(),
        script_type: "shell".into(),
        script: "#!/bin/bash\nset -e\n".into(),
        ..Template::default()
    }
}

/// A Zadig build made from `template`, named `name`: one service to fill in, with an input for
/// each of the template's variables at its default (a credential's left empty to be typed).
pub fn build_from_template(template: &Template, name: String) -> Build {
    let inputs = template
        .variables
        .iter()
        .map(|v| ServiceInput {
            key: v.key.clone(),
            value: if v.is_credential { String::new() } else { v.default_value.clone() },
            kind: v.kind.clone(),
            is_credential: v.is_credential,
            ..ServiceInput::default()
        })
        .collect();
    Build {
        name,
        template_name: Some(template.name.clone()),
        services: vec![Service { inputs, ..Service::default() }],
        ..Build::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import;
    use crate::model::Variable;

    fn record(name: &str) -> TemplateRecord {
        TemplateRecord::new(new_template(name.into()), 5)
    }

    #[test]
    fn rows_name_the_builds_made_from_each_template() {
        let summary = |name: &str, template: Option<&str>| {
            let build = Build { name: name.into(), template_name: template.map(Into::into), ..Build::default() };
            crate::workspace::BuildRecord::new(name.into(), crate::Target::Zadig, build, 1).summary(&Context::default())
        };
        let builds = vec![summary("web", Some("go")), summary("api", Some("go")), summary("plain", None), summary("other", Some("gone"))];
        let rows = with_users(checked_template_rows(&[record("node"), record("go")]), &builds);
        assert_eq!(rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["go", "node"]);
        assert_eq!(rows[0].used_by, ["api", "web"]);
        assert!(rows[1].used_by.is_empty());
        assert_eq!(builds_made_from(&builds, "go"), ["api", "web"]);
        assert_eq!(matching_template_rows(&rows, ""), [0, 1]);
        assert_eq!(matching_template_rows(&rows, " NO  de "), [1]);
        assert!(matching_template_rows(&rows, "go x").is_empty());
        assert!(builds_made_from(&builds, "").is_empty(), "a plain build is made from no template");
        assert_eq!(matching_template_rows(&rows, "template:go \"g\""), [0]);
        assert_eq!(template_count(2, 2, 100), "2 templates");
        assert_eq!(template_count(2000, 2000, 100), "2000 templates; the first 100 are listed");
        assert_eq!(template_count(2000, 1, 100), "1 of 2000 templates matches");
        assert_eq!(template_count(2000, 0, 100), "0 of 2000 templates match");
        assert_eq!(template_count(2000, 150, 100), "150 of 2000 templates match; the first 100 are listed");
        assert_eq!((rows[0].errors, rows[0].infrastructure.as_str()), (0, "kubernetes"), "a new template is valid as it is");
    }

    #[test]
    fn a_build_from_a_template_gives_an_input_per_variable_and_validates_against_it() {
        let mut t = new_template("go".into());
        t.variables.push(Variable { key: "GO".into(), kind: "string".into(), default_value: "1.22".into(), ..Variable::default() });
        t.variables.push(Variable { key: "TOKEN".into(), kind: "string".into(), default_value: "s3cret".into(), is_credential: true, ..Variable::default() });
        let mut build = build_from_template(&t, "api".into());
        assert_eq!(build.template_name.as_deref(), Some("go"));
        let inputs = &build.services[0].inputs;
        assert_eq!((inputs[0].key.as_str(), inputs[0].value.as_str()), ("GO", "1.22"));
        assert_eq!((inputs[1].value.as_str(), inputs[1].is_credential), ("", true), "a secret is never copied into a build");
        // Checked against the stored templates: an input the template lacks is named.
        build.services[0].inputs.push(ServiceInput { key: "NOPE".into(), ..ServiceInput::default() });
        let findings = validate::validate_with(&build, crate::Target::Zadig, &context_of(&[TemplateRecord::new(t, 0)]));
        assert!(findings.iter().any(|d| d.code == "unknown-input" && d.message.contains("NOPE")), "{findings:?}");
    }

    #[test]
    fn typed_text_holds_a_secret_when_a_credential_has_a_value_or_may_have_one() {
        let holds = |text: &str| template_text_holds_secret(text, read_template_body(text, &[], "").0.as_ref());
        let mut t = new_template("go".into());
        t.variables.push(Variable { key: "GO".into(), kind: "string".into(), default_value: "1.22".into(), ..Variable::default() });
        assert!(!holds(&template_body(&t)), "no credential");
        t.variables.push(Variable { key: "TOKEN".into(), kind: "string".into(), is_credential: true, ..Variable::default() });
        assert!(!holds(&template_body(&t)), "a credential left empty holds nothing");
        t.variables[1].default_value = "s3cret".into();
        let body = template_body(&t);
        assert!(holds(&body), "a credential's value");
        // Half typed, it does not read: any credential declared may hold its value anywhere.
        let broken = body.replacen("\"build_os\": \"ubuntu 20.04\"", "\"build_os\": ", 1);
        assert!(read_template_body(&broken, &[], "go").0.is_none());
        assert!(holds(&broken));
        assert!(!holds("{\"name\": \"go\", \"parameters\": [{\"key\": \"A\", \"is_credential\": false"));
        assert!(holds("{\"parameters\": [{\"key\": \"A\",\n \"is_credential\" :  true"));
    }

    #[test]
    fn a_typed_body_reads_back_as_the_template_it_shows() {
        let mut t = new_template("go".into());
        t.variables.push(Variable { key: "GO".into(), kind: "string".into(), default_value: "1.22".into(), ..Variable::default() });
        let (read, findings) = read_template_body(&template_body(&t), &[], "go");
        assert_eq!(read.as_ref(), Some(&t));
        assert!(findings.iter().all(|d| !d.is_error()), "{findings:?}");
    }

    #[test]
    fn a_body_that_does_not_read_says_where() {
        let (read, findings) = read_template_body("{\"name\": \"go\",\n  \"build_os\": }", &[], "go");
        assert!(read.is_none());
        let d = &findings[0];
        assert!(d.is_error() && d.position.map(|p| p.line) == Some(2), "{findings:?}");
    }

    #[test]
    fn a_name_another_stored_template_has_is_an_error() {
        let (read, findings) = read_template_body(&template_body(&new_template("go".into())), &[record("go")], "node");
        assert!(read.is_some(), "it still reads");
        assert!(findings.iter().any(|d| d.is_error() && d.path == "/name"), "{findings:?}");
        let (_, alone) = read_template_body(&template_body(&new_template("go".into())), &[record("go")], "go");
        assert!(alone.iter().all(|d| d.path != "/name"), "its own stored copy is not another: {alone:?}");
    }

    #[test]
    fn an_import_gives_every_template_it_holds() {
        let templates = [new_template("go".into()), new_template("node".into())];
        let text = import::bundle(crate::Target::Zadig, &[], &templates).to_string();
        let imported = import::import(&text, Hint::Auto).unwrap();
        let names: Vec<String> = templates_in(&imported).into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["go", "node"]);
    }
}
