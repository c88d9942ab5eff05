//! `POST /openapi/build?source=template` and `PUT /openapi/build/:name/template`:
//! `OpenAPIBuildCreationFromTemplateReq` (both routes read `name` and `project_key` from the body).

use serde::{Deserialize, Serialize};

use crate::wire::is_false;
use crate::wire::zadig::RepoInput;

/// Create (or update) a build from a build template, with repositories and inputs per service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateBuildRequest {
    pub name: String,
    pub project_key: String,
    pub template_name: String,
    pub target_services: Vec<ServiceBuildArgs>,
}

/// One service built from the template (`OpenAPIServiceBuildArgs`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceBuildArgs {
    pub service_name: String,
    pub service_module: String,
    pub repo_info: Vec<RepoInput>,
    pub inputs: Vec<Kv>,
}

/// A template input (`types.KV`); keys the template does not define are dropped silently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Kv {
    pub key: String,
    pub value: String,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(skip_serializing_if = "is_false")]
    pub is_credential: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub file_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub file_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub file_path: String,
}
