//! Import: a pasted or uploaded JSON document of any supported shape, into the console's model.
//!
//! The shape is detected from the document's keys (or given). Syntax errors carry their line
//! and column; wrongly typed values are reported at their path and the rest is still read;
//! documents larger than [`MAX_DOCUMENT_BYTES`] are refused before parsing. Import never
//! panics, whatever the input.

mod decode;
pub(crate) use decode::{closest, expected_of, kind_of, patch};
mod shape;
pub(crate) use shape::is_build_field;

pub use shape::Shape;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::convert::{self, Loss};
use crate::diagnostic::{Diagnostic, Source};
use crate::model::{Build, Template};
use crate::pointer;
use crate::target::Target;
use crate::wire::{nuon, rainbond, servicestage, zadig};
use decode::{Decoded, Undecodable, UnknownFields, decode};

/// The largest document import reads: an export of 10,000 builds fits with room to spare.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024 * 1024;

/// What the caller knows about a document before it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hint {
    /// Detect backend and shape from the keys.
    #[default]
    Auto,
    /// The backend is known; detect the shape among its own (falling back to other backends'
    /// shapes only when the document clearly is one).
    Target(Target),
    /// The exact shape is known.
    Shape(Shape),
}

/// A document read into the console's terms.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant, reason = "made once per document imported and taken apart at once; never stored in bulk, so a box would only add an allocation")]
pub enum Document {
    Build(Build),
    Template(Template),
    /// Several documents in one (a list answer, a bundle, a JSON array), each at its pointer.
    Many(Vec<(String, Imported)>),
    /// An answer that is not a build: an acceptance, a status, an error.
    Response(Response),
}

/// Server answers Buildbay reads but that are not builds or templates.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// `{"message": "success"}`: what Zadig answers to a create, update or delete.
    ZadigSuccess,
    ZadigError { status: u16, message: String, description: String, code: i64 },
    RainbondAccepted(rainbond::BuildAccepted),
    RainbondError { message: String },
    NuonComponentBuild(Box<nuon::ComponentBuild>),
    NuonError(nuon::ErrorBody),
    ServiceStageJobCreated(servicestage::JobCreated),
    ServiceStageError(servicestage::ErrorBody),
    TemplateList(zadig::BuildTemplateList),
}

/// An imported document: its shape, its content, and what reading it found.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub shape: Shape,
    pub document: Document,
    /// Findings about the document itself (wrong types, ignored fields), at its own paths.
    pub findings: Vec<Diagnostic>,
    /// What the document holds that the model does not keep, or lacks that requests need.
    pub losses: Vec<Loss>,
    /// The document as parsed, for validators that need more than the model.
    pub raw: Value,
}

/// Why a document could not be imported at all.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    /// The finding (code `parse-error`, `document-too-large`, `unknown-shape` or `invalid-type`),
    /// followed by anything found before reading stopped.
    pub diagnostics: Vec<Diagnostic>,
}

impl ImportError {
    fn one(diagnostic: Diagnostic) -> ImportError {
        ImportError { diagnostics: vec![diagnostic] }
    }
}

/// Parses JSON text into a value, with a line and column on failure.
pub fn parse_json(text: &str) -> Result<Value, Diagnostic> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Diagnostic::error(
            "",
            "document-too-large",
            Source::Lint,
            format!(
                "The document is {:.1} MB; Buildbay reads documents of up to {} MB. Split it into smaller files.",
                text.len() as f64 / 1_048_576.0,
                MAX_DOCUMENT_BYTES / 1_048_576
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str::<Value>(text).map_err(|e| {
        let position = pointer::char_position(text, e.line(), e.column());
        let what = match e.classify() {
            serde_json::error::Category::Eof => "The JSON ends too early",
            serde_json::error::Category::Syntax => "The JSON is malformed",
            _ => "The JSON cannot be read",
        };
        let detail = e.to_string();
        let detail = detail.rsplit_once(" at line ").map(|(d, _)| d).unwrap_or(&detail);
        let mut d = Diagnostic::error(
            "",
            "parse-error",
            Source::Lint,
            format!("{what} at line {} column {}: {detail}.", position.line, position.column),
        );
        d.position = Some(position);
        d
    })
}

/// A request body exactly as the document wrote it, for rules the model cannot express
/// (a blank string where absent is fine, for example).
#[derive(Debug, Clone, PartialEq)]
pub enum RequestBody {
    ZadigBuild(zadig::BuildRequest),
    ZadigTemplateBuild(zadig::TemplateBuildRequest),
    ZadigBuildTemplate(zadig::BuildTemplate),
    Rainbond(rainbond::BuildRequest),
    Nuon(nuon::CreateBuildRequest),
    ServiceStage(servicestage::CreateJobRequest),
}

impl Imported {
    /// The document as its backend's typed request body, when it is one.
    pub fn request_body(&self) -> Option<RequestBody> {
        fn read<T: DeserializeOwned>(raw: &Value, shape: Shape) -> Option<T> {
            typed::<T, true>(raw, shape).ok().map(|d| d.value)
        }
        let raw = &self.raw;
        Some(match self.shape {
            Shape::ZadigBuild => RequestBody::ZadigBuild(read(raw, self.shape)?),
            Shape::ZadigTemplateBuild => RequestBody::ZadigTemplateBuild(read(raw, self.shape)?),
            Shape::ZadigBuildTemplate => RequestBody::ZadigBuildTemplate(read(raw, self.shape)?),
            Shape::RainbondBuild => RequestBody::Rainbond(read(raw, self.shape)?),
            Shape::NuonBuild => RequestBody::Nuon(read(raw, self.shape)?),
            Shape::ServiceStageJob => RequestBody::ServiceStage(read(raw, self.shape)?),
            _ => return None,
        })
    }

    /// Whether the document is a list with nothing in it, which an import has nothing to take
    /// from and says so, rather than naming a shape it holds none of.
    pub fn is_empty_list(&self) -> bool {
        matches!(&self.document, Document::Many(parts) if parts.is_empty())
    }
}

/// Reads JSON text of any supported shape.
pub fn import(text: &str, hint: Hint) -> Result<Imported, ImportError> {
    let value = parse_json(text).map_err(ImportError::one)?;
    import_value(value, hint)
}

/// Reads an already parsed document.
pub fn import_value(value: Value, hint: Hint) -> Result<Imported, ImportError> {
    if let Value::Array(items) = value {
        return many_from_array(items, hint);
    }
    let shape = match hint {
        Hint::Shape(shape) => shape,
        _ => detect(&value, hint)?,
    };
    read_as(value, shape)
}

fn many_from_array(items: Vec<Value>, hint: Hint) -> Result<Imported, ImportError> {
    // An empty list checks clean, yet an export or a script that wrote nothing is more likely
    // a mistake than a document meant to hold no build, so it is said rather than passed.
    let findings = if items.is_empty() {
        vec![Diagnostic::warning("", "empty-document", Source::Lint, "The list is empty: it holds no build or template.")]
    } else {
        Vec::new()
    };
    let mut parts = Vec::with_capacity(items.len());
    let mut shape = None;
    for (i, item) in items.into_iter().enumerate() {
        let at = pointer::index("", i);
        let part = import_value(item, hint).map_err(|e| ImportError { diagnostics: prefix(e.diagnostics, &at) })?;
        shape.get_or_insert(part.shape);
        parts.push((at, part));
    }
    let shape = shape.unwrap_or(match hint {
        Hint::Shape(s) => s,
        Hint::Target(t) => Shape::primary(t),
        Hint::Auto => Shape::ZadigBuild,
    });
    Ok(Imported { shape, document: Document::Many(parts), findings, losses: Vec::new(), raw: Value::Null })
}

/// Moves findings of an inner document under the pointer where it sits.
pub fn prefix(mut diagnostics: Vec<Diagnostic>, at: &str) -> Vec<Diagnostic> {
    for d in &mut diagnostics {
        d.path = format!("{at}{}", d.path);
    }
    diagnostics
}

/// Where a backend is named for a document whose keys do not tell it: the one message serves
/// the command line and the console's import dialog alike.
const NAMING_THE_BACKEND: &str = "--target on the command line, Read as in the import dialog";

/// Picks the shape that fits the document's keys best.
pub fn detect(value: &Value, hint: Hint) -> Result<Shape, ImportError> {
    let Value::Object(map) = value else {
        return Err(ImportError::one(Diagnostic::error(
            "",
            "invalid-type",
            Source::Server,
            "The document must be a JSON object (or an array of them).",
        )));
    };
    let keys = shape::keys_of(map);
    let best = |candidates: &mut dyn Iterator<Item = Shape>| {
        let mut best: Option<(i64, Shape)> = None;
        for shape in candidates {
            let Some(score) = shape.score(&keys) else { continue };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, shape));
            }
        }
        best.map(|(_, s)| s)
    };
    match hint {
        Hint::Shape(shape) => Ok(shape),
        Hint::Target(target) => Ok(best(&mut Shape::ALL.into_iter().filter(|s| s.target() == target && *s != Shape::Bundle))
            .or_else(|| best(&mut Shape::ALL.into_iter()))
            .unwrap_or(Shape::primary(target))),
        Hint::Auto => best(&mut Shape::ALL.into_iter()).ok_or_else(|| {
            let shown: Vec<&str> = map.keys().take(6).map(String::as_str).collect();
            ImportError::one(Diagnostic::error(
                "",
                "unknown-shape",
                Source::Lint,
                if map.is_empty() {
                    format!("The document is an empty object, which could be any backend's request; name the backend to read it as ({NAMING_THE_BACKEND}).")
                } else {
                    format!(
                        "This does not look like a build document of Zadig, Rainbond, Nuon or ServiceStage (keys: {}); name the backend to read it anyway ({NAMING_THE_BACKEND}).",
                        shown.join(", ")
                    )
                },
            ))
        }),
    }
}

/// Reads `value` as `T`, the wire type of `shape`; `REPORT` is whether the shape reports the
/// fields it lacks ([`unknown_fields`]), given as a constant so that only those types carry the
/// code for it.
fn typed<T: DeserializeOwned, const REPORT: bool>(value: &Value, shape: Shape) -> Result<Decoded<T>, ImportError> {
    let unknown = unknown_fields(shape);
    debug_assert_eq!(REPORT, unknown != UnknownFields::Unreported, "{shape:?} is read with REPORT {REPORT}");
    let target = shape.target();
    decode::<T, REPORT>(value, target, unknown, shape::known_fields(target)).map_err(|Undecodable(d)| ImportError { diagnostics: d })
}

/// Whether a shape's fields it lacks are reported: a request's, which its server ignores, and a
/// build detail's, which is modelled field for field, so anything else in it was never Zadig's.
fn unknown_fields(shape: Shape) -> UnknownFields {
    match shape {
        Shape::ZadigBuildDetail => UnknownFields::ZadigBuildDetail,
        _ if shape.is_request() => UnknownFields::Request,
        _ => UnknownFields::Unreported,
    }
}

fn done(shape: Shape, document: Document, findings: Vec<Diagnostic>, losses: Vec<Loss>, raw: Value) -> Result<Imported, ImportError> {
    Ok(Imported { shape, document, findings, losses, raw })
}

/// Reads a document as a given shape.
pub fn read_as(value: Value, shape: Shape) -> Result<Imported, ImportError> {
    if !value.is_object() {
        return Err(ImportError::one(Diagnostic::error("", "invalid-type", Source::Server, format!("{} must be a JSON object.", capitalised(shape.label())))));
    }
    match shape {
        Shape::ZadigBuild => {
            let d = typed::<zadig::BuildRequest, true>(&value, shape)?;
            done(shape, Document::Build(convert::zadig::from_build_request(d.value)), d.findings, Vec::new(), value)
        }
        Shape::ZadigTemplateBuild => {
            let d = typed::<zadig::TemplateBuildRequest, true>(&value, shape)?;
            done(shape, Document::Build(convert::zadig::from_template_build_request(d.value)), d.findings, Vec::new(), value)
        }
        Shape::ZadigBuildDetail => {
            let d = typed::<zadig::BuildDetail, true>(&value, shape)?;
            let c = convert::zadig::from_detail(d.value);
            done(shape, Document::Build(c.value), d.findings, c.losses, value)
        }
        Shape::ZadigBuildList => {
            let d = typed::<zadig::BuildList, false>(&value, shape)?;
            let parts = d
                .value
                .builds
                .into_iter()
                .enumerate()
                .map(|(i, brief)| {
                    let part = Imported {
                        shape,
                        document: Document::Build(convert::zadig::from_brief(brief)),
                        findings: Vec::new(),
                        losses: Vec::new(),
                        raw: Value::Null,
                    };
                    (format!("/builds/{i}"), part)
                })
                .collect();
            done(shape, Document::Many(parts), d.findings, Vec::new(), value)
        }
        Shape::ZadigBuildTemplate => {
            let d = typed::<zadig::BuildTemplate, true>(&value, shape)?;
            done(shape, Document::Template(convert::zadig::template_in(d.value)), d.findings, Vec::new(), value)
        }
        Shape::ZadigBuildTemplateList => {
            let d = typed::<zadig::BuildTemplateList, false>(&value, shape)?;
            done(shape, Document::Response(Response::TemplateList(d.value)), d.findings, Vec::new(), value)
        }
        Shape::ZadigError => {
            let d = typed::<zadig::HttpError, false>(&value, shape)?;
            let e = d.value;
            if e.message == "success" && e.code == 0 && e.kind.is_empty() {
                return done(shape, Document::Response(Response::ZadigSuccess), d.findings, Vec::new(), value);
            }
            let status = if e.kind.is_empty() { 500 } else { e.http_status() };
            let response = Response::ZadigError { status, message: e.message, description: e.description, code: e.code };
            done(shape, Document::Response(response), d.findings, Vec::new(), value)
        }
        Shape::RainbondBuild => {
            let d = typed::<rainbond::BuildRequest, true>(&value, shape)?;
            done(shape, Document::Build(convert::rainbond::from_build_request(d.value)), d.findings, Vec::new(), value)
        }
        Shape::RainbondBuildAccepted => {
            let d = typed::<rainbond::BuildAccepted, false>(&value, shape)?;
            done(shape, Document::Response(Response::RainbondAccepted(d.value)), d.findings, Vec::new(), value)
        }
        Shape::RainbondError => {
            let message = ["msg_show", "msg", "detail"]
                .iter()
                .find_map(|k| value.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()))
                .unwrap_or_default()
                .to_string();
            done(shape, Document::Response(Response::RainbondError { message }), Vec::new(), Vec::new(), value)
        }
        Shape::NuonBuild => {
            let d = typed::<nuon::CreateBuildRequest, true>(&value, shape)?;
            done(shape, Document::Build(convert::nuon::from_build_request(d.value)), d.findings, Vec::new(), value)
        }
        Shape::NuonComponentBuild => {
            let d = typed::<nuon::ComponentBuild, false>(&value, shape)?;
            done(shape, Document::Response(Response::NuonComponentBuild(Box::new(d.value))), d.findings, Vec::new(), value)
        }
        Shape::NuonError => {
            let d = typed::<nuon::ErrorBody, false>(&value, shape)?;
            done(shape, Document::Response(Response::NuonError(d.value)), d.findings, Vec::new(), value)
        }
        Shape::ServiceStageJob => {
            let d = typed::<servicestage::CreateJobRequest, true>(&value, shape)?;
            done(shape, Document::Build(convert::servicestage::from_job_request(d.value)), d.findings, Vec::new(), value)
        }
        Shape::ServiceStageJobCreated => {
            let d = typed::<servicestage::JobCreated, false>(&value, shape)?;
            done(shape, Document::Response(Response::ServiceStageJobCreated(d.value)), d.findings, Vec::new(), value)
        }
        Shape::ServiceStageError => {
            let d = typed::<servicestage::ErrorBody, false>(&value, shape)?;
            done(shape, Document::Response(Response::ServiceStageError(d.value)), d.findings, Vec::new(), value)
        }
        Shape::Bundle => read_bundle(value),
    }
}

/// Buildbay's export: `{"buildbay": 1, "target": "zadig", "builds": [...], "templates": [...]}`,
/// each entry a request body of that target.
fn read_bundle(value: Value) -> Result<Imported, ImportError> {
    let target = value.get("target").and_then(Value::as_str).and_then(Target::parse).unwrap_or(Target::Zadig);
    let mut findings = Vec::new();
    let mut parts = Vec::new();
    for (key, hint) in [("builds", Hint::Target(target)), ("templates", Hint::Shape(Shape::ZadigBuildTemplate))] {
        let items = match value.get(key) {
            None => continue,
            Some(Value::Array(items)) => items,
            Some(_) => {
                findings.push(Diagnostic::error(format!("/{key}"), "invalid-type", Source::Lint, format!("{key} must be an array.")));
                continue;
            }
        };
        for (i, item) in items.iter().enumerate() {
            let at = format!("/{key}/{i}");
            match import_value(item.clone(), hint) {
                Ok(part) => parts.push((at, part)),
                Err(e) => findings.extend(prefix(e.diagnostics, &at)),
            }
        }
    }
    done(Shape::Bundle, Document::Many(parts), findings, Vec::new(), value)
}

/// `text` with its first letter in upper case, to start a sentence with a name or a phrase.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// Writes Buildbay's export of several builds (as `target` request bodies) and templates.
pub fn bundle(target: Target, builds: &[Build], templates: &[Template]) -> Value {
    serde_json::json!({
        "buildbay": 1,
        "target": target.as_str(),
        "builds": builds.iter().map(|b| convert::to_request(b, target).value).collect::<Vec<_>>(),
        "templates": templates.iter().map(|t| serde_json::to_value(convert::zadig::template_out(t)).unwrap_or(Value::Null)).collect::<Vec<_>>(),
    })
}
