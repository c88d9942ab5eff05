//! Checking a document end to end: read it, validate it against a backend, and point every
//! finding at a line and column of the text. The CLI's `validate` and the console's import both
//! go through here.

use std::collections::HashMap;

use crate::convert::{self, Loss};
use crate::diagnostic::{self, Diagnostic, Severity, Source};
use crate::import::{self, Document, Hint, Imported, RequestBody, Response, Shape};
use crate::model::Build;
use crate::target::Target;
use crate::validate::{self, Context, KnownName};
use crate::wire::nuon::{ComponentBuildStatus, RunnerJobStatus};

/// The outcome of checking one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The detected (or given) shape, when the document could be read.
    pub shape: Option<Shape>,
    /// Every finding, sorted; paths point into the document when it is in the target's own
    /// shape, and into the target's request body when it was converted.
    pub diagnostics: Vec<Diagnostic>,
    /// What the target cannot carry, when the document was converted to another backend.
    pub losses: Vec<Loss>,
    /// The document could not be read at all (too large, malformed, not a known shape).
    pub unreadable: bool,
    /// The document as read, when it could be.
    pub imported: Option<Imported>,
}

impl Checked {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads `text` and validates it against `target` (or its own backend).
pub fn check(text: &str, hint: Hint, target: Option<Target>, context: &Context) -> Checked {
    let imported = match import::import(text, hint.or_target(target)) {
        Ok(imported) => imported,
        Err(error) => return unreadable(error, text),
    };
    check_read(imported, text, target, context)
}

/// Validates an already imported document; `text` is what it was read from, for positions.
pub fn check_read(imported: Imported, text: &str, target: Option<Target>, context: &Context) -> Checked {
    let mut out = Outcome::default();
    check_imported(&imported, "", target, context, &mut out);
    // Placed all at once: a list of a thousand builds would otherwise rescan the text per build.
    diagnostic::place(&mut out.in_text, text, |_| true);
    out.diagnostics.append(&mut out.in_text);
    diagnostic::sort(&mut out.diagnostics);
    Checked { shape: Some(imported.shape), diagnostics: out.diagnostics, losses: out.losses, unreadable: false, imported: Some(imported) }
}

/// The errors `target` would give a request body made for it (a conversion's output), at the
/// body's own paths: a conversion carries what it can, and what the other backend never had
/// (Nuon's `git_ref` from a build without a branch) is still missing.
pub fn refusals(body: &serde_json::Value, target: Target) -> Vec<Diagnostic> {
    let text = serde_json::to_string(body).unwrap_or_default();
    let mut errors: Vec<Diagnostic> = check(&text, Hint::Target(target), Some(target), &Context::default()).diagnostics;
    errors.retain(Diagnostic::is_error);
    for d in &mut errors {
        d.position = None;
    }
    errors
}

/// What the rules say of a request-shaped document in `context` (nothing for any other
/// shape), at the document's paths: a simulated build is run as written, and its scenario says
/// what its backend would refuse or drop.
pub fn request_findings(imported: &Imported, context: &Context) -> Vec<Diagnostic> {
    let Some(body) = imported.shape.is_request().then(|| imported.request_body()).flatten() else { return Vec::new() };
    without_shadowed(request_rules(&body, context), &imported.findings)
}

/// The diagnostics of a document that could not be imported, positioned in its text.
pub fn unreadable(error: import::ImportError, text: &str) -> Checked {
    let mut diagnostics = error.diagnostics;
    diagnostic::place(&mut diagnostics, text, |_| true);
    diagnostic::sort(&mut diagnostics);
    Checked { shape: None, diagnostics, losses: Vec::new(), unreadable: true, imported: None }
}

impl Hint {
    /// With no hint, a target given for validation is also the best hint for reading.
    pub fn or_target(self, target: Option<Target>) -> Hint {
        match (self, target) {
            (Hint::Auto, Some(t)) => Hint::Target(t),
            (hint, _) => hint,
        }
    }
}

#[derive(Default)]
struct Outcome {
    /// Findings placed as they are (a converted build's point into its request, not the text).
    diagnostics: Vec<Diagnostic>,
    /// Findings whose pointers are into the document's text, placed there at the end.
    in_text: Vec<Diagnostic>,
    losses: Vec<Loss>,
}

fn check_imported(doc: &Imported, at: &str, target: Option<Target>, context: &Context, out: &mut Outcome) {
    let own = doc.shape.target();
    let target = target.unwrap_or(own);
    let mut found = doc.findings.clone();
    let converted = target != own && matches!(doc.document, Document::Build(_));
    match &doc.document {
        Document::Build(build) if converted => {
            let conversion = convert::to_request(build, target);
            let mut rules = validate::validate_with(build, target, context);
            rules.extend(validate::losses_as_warnings(&conversion.losses, target));
            out.losses.extend(conversion.losses);
            // These paths point into the converted request, not into the text.
            out.diagnostics.extend(import::prefix(rules, at));
        }
        Document::Build(_) | Document::Template(_) if doc.shape.is_request() => {
            let rules = match doc.request_body() {
                Some(body) => request_rules(&body, context),
                None => Vec::new(),
            };
            found.extend(without_shadowed(rules, &doc.findings));
        }
        Document::Build(build) => {
            let mut rules = validate::validate_with(build, target, context);
            if doc.shape == Shape::ZadigBuildDetail {
                rules = detail_findings(rules);
            }
            // An answer describes a build that exists; another answer naming it (its list
            // entry, its detail again) describes the same build, not a second one.
            if !collides_with_a_request(&build.name, context) {
                rules.retain(|d| d.code != "duplicate-name");
            }
            found.extend(without_shadowed(rules, &doc.findings));
        }
        Document::Template(template) => {
            let rules = validate::validate_template(template, context);
            found.extend(without_shadowed(rules, &doc.findings));
        }
        Document::Many(parts) if doc.shape == Shape::ZadigBuildList => found.extend(list_findings(doc, parts)),
        Document::Many(parts) => {
            let siblings = with_parts(context, parts, at);
            for (inner, part) in parts {
                let here = format!("{at}{inner}");
                check_imported(part, &here, Some(target), &siblings.for_origin(&part_origin(&context.origin(), &here)), out);
            }
        }
        Document::Response(response) => found.extend(response_findings(response)),
    }
    if !doc.shape.is_request() {
        soften_console_rules(&mut found);
    }
    out.in_text.extend(import::prefix(found, at));
    out.losses.extend(doc.losses.iter().cloned().map(|mut l| {
        if l.field.starts_with('/') {
            l.field = format!("{at}{}", l.field);
        }
        l
    }));
}

/// The rules of a request body's own backend, at the body's own paths.
fn request_rules(body: &RequestBody, context: &Context) -> Vec<Diagnostic> {
    use validate::wire_rules as rules;
    match body {
        RequestBody::ZadigBuild(r) => rules::zadig_build(r, context),
        RequestBody::ZadigTemplateBuild(r) => rules::zadig_template_build(r, context),
        RequestBody::ZadigBuildTemplate(t) => rules::zadig_build_template(t, context),
        RequestBody::Rainbond(r) => rules::rainbond_build(r),
        RequestBody::Nuon(r) => rules::nuon_build(r),
        RequestBody::ServiceStage(r) => rules::servicestage_job(r),
    }
}

/// Whether a build to be created elsewhere among the documents has this name.
fn collides_with_a_request(name: &str, context: &Context) -> bool {
    // Looked up by name: a list of N answers would otherwise copy every known build N times.
    context.builds_named(name).any(|k| !k.existing)
}

/// Findings under a path that already has a wrong-type finding only repeat it.
fn without_shadowed(rules: Vec<Diagnostic>, findings: &[Diagnostic]) -> Vec<Diagnostic> {
    let wrong: Vec<&str> = findings.iter().filter(|f| f.code == "invalid-type").map(|f| f.path.as_str()).collect();
    rules
        .into_iter()
        .filter(|d| !wrong.iter().any(|w| d.path == *w || d.path.starts_with(&format!("{w}/"))))
        .collect()
}

/// Where a document inside another lives, e.g. `a.json at /builds/3`.
pub fn part_origin(origin: &str, at: &str) -> String {
    if at.is_empty() { origin.to_string() } else if origin.is_empty() { format!("at {at}") } else { format!("{origin} at {at}") }
}

/// The context plus the builds and templates of a bundle's parts, which see each other.
fn with_parts(context: &Context, parts: &[(String, Imported)], at: &str) -> Context {
    let mut builds = context.known_builds();
    let mut templates = context.known_templates();
    for (inner, part) in parts {
        let origin = part_origin(&context.origin(), &format!("{at}{inner}"));
        let (b, t) = names_in(part, &origin);
        builds.extend(b);
        templates.extend(t);
    }
    Context::new(builds, templates).for_origin(&context.origin())
}

/// Responses describe what exists: rules only Zadig's console applies become warnings there.
fn soften_console_rules(found: &mut [Diagnostic]) {
    for d in found.iter_mut().filter(|d| d.source == Source::Lint && d.severity == Severity::Error) {
        d.severity = Severity::Warning;
    }
}

/// Request paths as the detail response spells them.
const DETAIL_PATHS: [(&str, &str); 12] = [
    ("/services", "/target_services"),
    ("/installs", "/build_env/installs"),
    ("/build_os", "/build_env/basic_image_label"),
    ("/docker_build_step/build_context_dir", "/post_build/docker_build/work_dir"),
    ("/docker_build_step/dockerfile_directory", "/post_build/docker_build/docker_file"),
    ("/docker_build_step/dockerfile_source", "/post_build/docker_build/source"),
    ("/docker_build_step/platforms", "/post_build/docker_build/platform"),
    ("/docker_build_step", "/post_build/docker_build"),
    ("/advanced_settings/outputs", "/outputs"),
    ("/repo_info", "/repos"),
    ("/parameters", "/parameters"),
    ("/template_name", "/template_name"),
];

/// Findings about a detail, at the detail's own paths; fields the detail never carries are not
/// held against it.
fn detail_findings(rules: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let missing_in_detail = ["/infrastructure", "/script_type"];
    rules
        .into_iter()
        .filter(|d| !missing_in_detail.contains(&d.path.as_str()))
        .map(|mut d| {
            if let Some((from, to)) = DETAIL_PATHS.iter().find(|(from, _)| d.path == *from || d.path.starts_with(&format!("{from}/"))) {
                d.path = format!("{to}{}", &d.path[from.len()..]);
            }
            if d.path.starts_with("/repos/") {
                d.path = d.path.replace("/repo_namespace", "/repo_owner").replace("/codehost_name", "/source");
            }
            if d.path.starts_with("/parameters/") && d.path.ends_with("/default_value") {
                d.path = d.path.replace("/default_value", "/value");
            }
            d
        })
        .collect()
}

fn list_findings(doc: &Imported, parts: &[(String, Imported)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let total = doc.raw.get("total").and_then(serde_json::Value::as_i64).unwrap_or(0);
    if total < parts.len() as i64 {
        out.push(Diagnostic::warning(
            "/total",
            "total-below-count",
            Source::Lint,
            format!("total is {total} but the page lists {} builds; total counts every build of the project.", parts.len()),
        ));
    }
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, (at, part)) in parts.iter().enumerate() {
        let Document::Build(build) = &part.document else { continue };
        let name_at = format!("{at}/name");
        if build.name.trim().is_empty() {
            out.push(Diagnostic::error(&name_at, "required", Source::Server, "A build in the list has no name."));
            continue;
        }
        if !validate::rules::is_zadig_build_name(&build.name) {
            out.push(Diagnostic::warning(
                &name_at,
                "invalid-name",
                Source::Lint,
                format!("\"{}\" has characters Zadig's console refuses in build names.", build.name),
            ));
        }
        match first.get(build.name.as_str()) {
            Some(earlier) => out.push(Diagnostic::error(
                &name_at,
                "duplicate-name",
                Source::Server,
                format!("Build {} has the same name; Zadig build names are unique across the instance.", earlier + 1),
            )),
            None => {
                first.insert(&build.name, i);
            }
        }
    }
    out
}

fn response_findings(response: &Response) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match response {
        Response::ZadigSuccess => {}
        Response::ZadigError { status, message, description, code } => out.push(Diagnostic::warning(
            "",
            "error-response",
            Source::Server,
            format!("This is a Zadig error answer (HTTP {status}, code {code}): {message} {description}").trim_end().to_string(),
        )),
        Response::RainbondError { message } => out.push(Diagnostic::warning("", "error-response", Source::Server, format!("This is a Rainbond error answer: {message}"))),
        Response::NuonError(e) => out.push(Diagnostic::warning(
            "",
            "error-response",
            Source::Server,
            format!("This is a Nuon error answer: {} {}", e.error, e.description).trim_end().to_string(),
        )),
        Response::ServiceStageError(e) => out.push(Diagnostic::warning(
            "",
            "error-response",
            Source::Server,
            format!("This is a ServiceStage error answer ({}): {}", e.error_code, e.error_msg),
        )),
        Response::RainbondAccepted(a) => {
            if a.event_id.len() != 32 || !a.event_id.bytes().all(|b| b.is_ascii_hexdigit()) {
                out.push(Diagnostic::warning("/event_id", "invalid-event-id", Source::Lint, "Rainbond event ids are 32 hexadecimal characters."));
            }
        }
        Response::ServiceStageJobCreated(j) => {
            if j.job_id.trim().is_empty() {
                out.push(Diagnostic::error("/job_id", "required", Source::Server, "The answer has no job_id."));
            }
        }
        Response::NuonComponentBuild(b) => {
            if let ComponentBuildStatus::Other(s) = &b.status
                && !s.is_empty() {
                    out.push(Diagnostic::warning("/status", "unknown-status", Source::Lint, format!("\"{s}\" is not a component build status Nuon is known to use.")));
                }
            if let Some(job) = &b.runner_job {
                if let RunnerJobStatus::Other(s) = &job.status {
                    out.push(Diagnostic::warning("/runner_job/status", "unknown-status", Source::Lint, format!("\"{s}\" is not a runner job status Nuon is known to use.")));
                }
                let timeouts = [
                    ("queue_timeout", job.queue_timeout),
                    ("available_timeout", job.available_timeout),
                    ("execution_timeout", job.execution_timeout),
                    ("overall_timeout", job.overall_timeout),
                ];
                for (field, ns) in timeouts {
                    if ns < 0 {
                        out.push(Diagnostic::error(format!("/runner_job/{field}"), "negative", Source::Lint, "Timeouts are nanoseconds and cannot be negative."));
                    } else if ns > 0 && ns < 1_000_000 {
                        out.push(Diagnostic::warning(
                            format!("/runner_job/{field}"),
                            "timeout-units",
                            Source::Lint,
                            format!("{ns} ns is under a millisecond; Nuon timeouts are nanoseconds (1 s = 1000000000)."),
                        ));
                    }
                }
            }
        }
        Response::TemplateList(list) => {
            let mut first: HashMap<&str, usize> = HashMap::new();
            for (i, t) in list.build_templates.iter().enumerate() {
                if let Some(earlier) = first.insert(&t.name, i) {
                    out.push(Diagnostic::error(
                        format!("/build_templates/{i}/name"),
                        "duplicate-name",
                        Source::Server,
                        format!("Template {} has the same name; template names are unique.", earlier + 1),
                    ));
                }
            }
        }
    }
    out
}

/// Names of the builds and templates in a document (each template with where it sits), for
/// cross-document uniqueness.
pub fn names_in(imported: &Imported, origin: &str) -> (Vec<KnownName>, Vec<(String, crate::model::Template)>) {
    let mut builds = Vec::new();
    let mut templates = Vec::new();
    collect(imported, origin, "", &mut builds, &mut templates);
    (builds, templates)
}

/// Each part of a document of several is known by where it sits (`a.json at /builds/0`), as
/// `check` names it when it validates that part, so no part collides with itself.
fn collect(doc: &Imported, origin: &str, at: &str, builds: &mut Vec<KnownName>, templates: &mut Vec<(String, crate::model::Template)>) {
    match &doc.document {
        Document::Build(b) if !b.name.is_empty() => builds.push(known(b, &part_origin(origin, at), !doc.shape.is_request())),
        Document::Template(t) => templates.push((part_origin(origin, at), t.clone())),
        Document::Many(parts) => parts.iter().for_each(|(inner, p)| collect(p, origin, &format!("{at}{inner}"), builds, templates)),
        _ => {}
    }
}

fn known(b: &Build, origin: &str, existing: bool) -> KnownName {
    KnownName { name: b.name.clone(), project_key: b.project_key.clone(), origin: origin.to_string(), existing }
}
