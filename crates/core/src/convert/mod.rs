//! Conversions between the console's model and each backend's wire shapes.
//!
//! A conversion never drops something silently: alongside the result it lists what the other
//! side cannot carry, so the console can show it ("Rainbond has no variables").

mod apply;
pub mod nuon;
mod paths;
pub mod rainbond;
pub mod servicestage;
pub mod zadig;

pub use apply::apply_request;
pub use paths::model_path;

use serde::Serialize;
use serde_json::Value;

use crate::model::Build;
use crate::target::Target;

/// Something that does not survive a conversion, named by where it lives in the source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Loss {
    /// Where the lost data sits in the source: a model field such as `variables`, or a JSON
    /// pointer into the response it came from.
    pub field: String,
    /// What is lost and why, in the admin's terms.
    pub message: String,
}

/// A converted value and what the conversion could not carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion<T> {
    pub value: T,
    pub losses: Vec<Loss>,
}

impl<T> Conversion<T> {
    /// A conversion that lost nothing.
    pub fn complete(value: T) -> Conversion<T> {
        Conversion { value, losses: Vec::new() }
    }

    /// Transforms the value, keeping the losses.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Conversion<U> {
        Conversion { value: f(self.value), losses: self.losses }
    }
}

/// Collects losses while a conversion walks the source.
#[derive(Debug, Default)]
pub(crate) struct Losses(Vec<Loss>);

impl Losses {
    /// Records a loss when `present` (the data exists and the target cannot carry it).
    pub(crate) fn note(&mut self, present: bool, field: &str, message: impl Into<String>) {
        if present {
            self.0.push(Loss { field: field.to_string(), message: message.into() });
        }
    }

    pub(crate) fn finish<T>(self, value: T) -> Conversion<T> {
        Conversion { value, losses: self.0 }
    }
}

/// The exact request body `target` receives for `build`, with what it cannot carry.
///
/// Zadig gets the plain build request, or the create-from-template request for template
/// builds; Rainbond its component build body; Nuon its create-component-build body;
/// ServiceStage its create-build-job body.
pub fn to_request(build: &Build, target: Target) -> Conversion<Value> {
    fn json<T: Serialize>(c: Conversion<T>) -> Conversion<Value> {
        // Serialising these plain data types into a Value cannot fail.
        c.map(|v| serde_json::to_value(v).unwrap_or(Value::Null))
    }
    match target {
        Target::Zadig if build.is_from_template() => json(zadig::template_build_request(build)),
        Target::Zadig => json(zadig::build_request(build)),
        Target::Rainbond => json(rainbond::build_request(build)),
        Target::Nuon => json(nuon::build_request(build)),
        Target::ServiceStage => json(servicestage::job_request(build)),
    }
}

/// Losses shared by the single-repository backends for everything Zadig-specific.
pub(crate) fn note_zadig_only(build: &Build, losses: &mut Losses, target: &str) {
    losses.note(!build.project_key.is_empty(), "project_key", format!("{target} has no project key in the request"));
    losses.note(!build.services.is_empty(), "services", format!("{target} builds one component; services are not sent"));
    losses.note(!build.installs.is_empty(), "installs", format!("{target} has no tool installs"));
    losses.note(!build.variables.is_empty(), "variables", format!("{target} has no build variables"));
    losses.note(!build.script.is_empty(), "script", format!("{target} takes no build script in the request"));
    losses.note(build.docker.is_some(), "docker", format!("{target} has no Docker build step settings"));
    losses.note(build.template_name.is_some(), "template_name", format!("{target} has no build templates"));
    losses.note(build.repos.len() > 1, "repos", format!("{target} builds one repository; only the first is sent"));
}
