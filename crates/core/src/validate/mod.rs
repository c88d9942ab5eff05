//! Validation: `validate(model, target)` runs one backend's rules over the exact request the
//! console would send, so every finding's path points into that request body.
//!
//! Each rule says who would object ([`Source`]): the server refusing the request, the build
//! failing when it runs, or a lint. Rules follow the servers' code where it is known (see
//! `shared/reference`); where the servers accept something Zadig's own console refuses (build
//! name characters), the console's rule is kept and said to be a lint.

mod checker;
mod kube;
mod nuon;
mod rainbond;
pub mod rules;
mod servicestage;
mod zadig;
mod zadig_job;

use std::collections::HashMap;
use std::sync::Arc;

use crate::convert::{self, Loss};
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::model::{Build, Job, Template};
use crate::target::Target;
use crate::wire;

pub(crate) use checker::Checker;

/// A build or template the admin already has, for rules that span several of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownName {
    pub name: String,
    pub project_key: String,
    /// Where it lives, for messages and to tell it apart from the one being validated: a file,
    /// a pointer inside one, a local id.
    pub origin: String,
    /// Named by a backend's answer (a detail, a list): a build that exists, which another
    /// answer may describe again, as opposed to one a request would create.
    pub existing: bool,
}

/// What validation may know beyond the one build: the admin's other builds and templates, so
/// that instance-wide name uniqueness and template inputs can be checked. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Context {
    builds: Arc<HashMap<String, Vec<KnownName>>>,
    template_names: Arc<HashMap<String, Vec<KnownName>>>,
    templates: Arc<Vec<Template>>,
    /// Each template's place in `templates` by its exact name (the first of a name): a
    /// catalogue may hold thousands of template builds, each looking its template up.
    template_at: Arc<HashMap<String, usize>>,
    /// The origin of what is being validated, so it never collides with itself.
    me: String,
}

impl Context {
    /// A context holding these builds and templates (each template with where it lives).
    pub fn new(builds: Vec<KnownName>, templates: Vec<(String, Template)>) -> Context {
        let mut by_name: HashMap<String, Vec<KnownName>> = HashMap::new();
        for b in builds {
            by_name.entry(b.name.trim().to_string()).or_default().push(b);
        }
        let mut template_names: HashMap<String, Vec<KnownName>> = HashMap::new();
        for (origin, t) in &templates {
            template_names.entry(t.name.trim().to_string()).or_default().push(KnownName {
                name: t.name.clone(),
                project_key: String::new(),
                origin: origin.clone(),
                existing: false,
            });
        }
        let templates: Vec<Template> = templates.into_iter().map(|(_, t)| t).collect();
        let mut template_at = HashMap::with_capacity(templates.len());
        for (i, t) in templates.iter().enumerate() {
            template_at.entry(t.name.clone()).or_insert(i);
        }
        Context {
            builds: Arc::new(by_name),
            template_names: Arc::new(template_names),
            templates: Arc::new(templates),
            template_at: Arc::new(template_at),
            me: String::new(),
        }
    }

    /// The same context, validating the document that lives at `origin`.
    pub fn for_origin(&self, origin: &str) -> Context {
        Context { me: origin.to_string(), ..self.clone() }
    }

    /// Another build with this name, if the admin has one.
    pub fn build_named(&self, name: &str) -> Option<&KnownName> {
        self.builds_named(name).next()
    }

    /// Every other build with this name (stored, or to be created elsewhere among the documents).
    pub fn builds_named(&self, name: &str) -> impl Iterator<Item = &KnownName> {
        self.builds.get(name.trim()).into_iter().flatten().filter(|k| k.origin != self.me)
    }

    /// Another template with this name, if the admin has one.
    pub fn template_named(&self, name: &str) -> Option<&KnownName> {
        self.template_names.get(name.trim())?.iter().find(|k| k.origin != self.me)
    }

    /// The template definition with this name, if known.
    pub fn template(&self, name: &str) -> Option<&Template> {
        self.template_at.get(name).map(|&i| &self.templates[i])
    }

    /// The templates' names in the order given, so that a name none has can be told the ones there are.
    pub fn template_names(&self) -> Vec<&str> {
        self.templates.iter().map(|t| t.name.as_str()).collect()
    }

    /// The origin of the document being validated.
    pub fn origin(&self) -> String {
        self.me.clone()
    }

    /// Every build the context knows, for extending it.
    pub fn known_builds(&self) -> Vec<KnownName> {
        self.builds.values().flatten().cloned().collect()
    }

    /// Every template the context knows, with where it lives, for extending it.
    pub fn known_templates(&self) -> Vec<(String, Template)> {
        let origin_of = |t: &Template| {
            self.template_names.get(t.name.trim()).and_then(|v| v.first()).map(|k| k.origin.clone()).unwrap_or_default()
        };
        self.templates.iter().map(|t| (origin_of(t), t.clone())).collect()
    }

    /// Whether any template definitions are known at all.
    pub fn knows_templates(&self) -> bool {
        !self.templates.is_empty()
    }
}

/// Every finding `target` would have about `build`, with no knowledge of other builds.
pub fn validate(build: &Build, target: Target) -> Vec<Diagnostic> {
    validate_with(build, target, &Context::default())
}

/// Every finding `target` would have about `build`, given what else the admin has.
pub fn validate_with(build: &Build, target: Target, context: &Context) -> Vec<Diagnostic> {
    let mut diagnostics = match target {
        Target::Zadig if build.is_from_template() => {
            zadig::template_build(&convert::zadig::template_build_request(build).value, context)
        }
        Target::Zadig => zadig::build(&convert::zadig::build_request(build).value, context),
        Target::Rainbond => rainbond::build(&convert::rainbond::build_request(build).value),
        Target::Nuon => nuon::build(&convert::nuon::build_request(build).value),
        Target::ServiceStage => servicestage::job(&convert::servicestage::job_request(build).value),
    };
    crate::diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// Findings about a Zadig build template (`/openapi/templates/builds`), validated as strictly
/// as the server does.
pub fn validate_template(template: &Template, context: &Context) -> Vec<Diagnostic> {
    let mut diagnostics = zadig::build_template(&convert::zadig::template_out(template), context);
    crate::diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// Findings about starting `job` from `build` under the job's backend semantics.
pub fn validate_job(job: &Job, build: &Build) -> Vec<Diagnostic> {
    let mut diagnostics = zadig_job::job(job, build);
    crate::diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// Wire-level entry points, used by import for documents already in a backend's shape.
pub mod wire_rules {
    use super::*;

    /// A Zadig plain build request.
    pub fn zadig_build(request: &wire::zadig::BuildRequest, context: &Context) -> Vec<Diagnostic> {
        zadig::build(request, context)
    }
    /// A Zadig create-from-template request.
    pub fn zadig_template_build(request: &wire::zadig::TemplateBuildRequest, context: &Context) -> Vec<Diagnostic> {
        zadig::template_build(request, context)
    }
    /// A Zadig build template.
    pub fn zadig_build_template(template: &wire::zadig::BuildTemplate, context: &Context) -> Vec<Diagnostic> {
        zadig::build_template(template, context)
    }
    /// A Rainbond build body.
    pub fn rainbond_build(request: &wire::rainbond::BuildRequest) -> Vec<Diagnostic> {
        rainbond::build(request)
    }
    /// A Nuon create-build body.
    pub fn nuon_build(request: &wire::nuon::CreateBuildRequest) -> Vec<Diagnostic> {
        nuon::build(request)
    }
    /// A ServiceStage create-job body.
    pub fn servicestage_job(request: &wire::servicestage::CreateJobRequest) -> Vec<Diagnostic> {
        servicestage::job(request)
    }
}

/// Conversion losses as warnings, for places (like `buildbay validate --target`) that show them
/// among the findings.
pub fn losses_as_warnings(losses: &[Loss], target: Target) -> Vec<Diagnostic> {
    losses
        .iter()
        .map(|loss| Diagnostic {
            path: String::new(),
            code: "not-carried".to_string(),
            message: format!("{} cannot carry {}: {}", target.label(), loss.field, loss.message),
            severity: Severity::Warning,
            source: Source::Lint,
            position: None,
        })
        .collect()
}
