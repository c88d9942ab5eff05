//! `GET /openapi/build/:name/detail`: `OpenAPIBuildDetailResp`, whose shape differs from the
//! request: `default_value` → `value`, `services` → `target_services`, `installs` under
//! `build_env`, `docker_build_step` → `post_build.docker_build` with renamed fields.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::zadig::{AdvancedSetting, ServiceWithModule, ToolItem};

/// A build as Zadig returns it. Storages, labels, annotations and outputs in
/// `advanced_settings` are never filled here, and credential values come back unmasked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildDetail {
    pub project_key: String,
    pub name: String,
    pub source: String,
    pub target_services: Vec<ServiceWithModule>,
    pub template_name: String,
    pub update_by: String,
    pub update_time: i64,
    pub repos: Vec<DetailRepo>,
    pub build_env: Option<BuildEnv>,
    pub advanced_settings: Option<AdvancedSetting>,
    pub build_script: String,
    pub parameters: Vec<ServiceKeyVal>,
    pub outputs: Vec<Output>,
    pub post_build: Option<PostBuild>,
}

/// A repository in the detail (`OpenAPIRepo`); `source` is the code host's type, not its alias.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DetailRepo {
    pub source: String,
    pub repo_owner: String,
    pub repo_name: String,
    pub branch: String,
    pub remote_name: String,
    pub checkout_path: String,
    pub submodules: bool,
    pub hidden: bool,
    /// The code host's address, which the documentation's example shows and the server's
    /// `OpenAPIRepo` lacks: read, so that a documented detail is not told it has a stray field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// The build environment: `basic_image_label` is what `build_os` matches on input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildEnv {
    pub basic_image_id: String,
    pub basic_image_label: String,
    pub installs: Vec<ToolItem>,
}

/// A variable as returned (`ServiceKeyVal`): `value` may be any JSON value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceKeyVal {
    pub key: String,
    pub value: Value,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choice_option: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choice_value: Vec<String>,
    pub is_credential: bool,
}

/// An output variable; `IMAGE` and `PKG_FILE` are always present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Output {
    pub name: String,
    pub description: String,
}

/// Steps after the script; only `docker_build` has a counterpart in the request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostBuild {
    pub docker_build: Option<DockerBuild>,
    pub object_storage_upload: Option<ObjectStorageUpload>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_archive: Option<FileArchive>,
    pub scripts: String,
}

/// The Docker build step as returned (request `build_context_dir` → `work_dir`, etc.).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DockerBuild {
    pub work_dir: String,
    pub docker_file: String,
    pub build_args: String,
    pub source: String,
    pub template_id: String,
    pub template_name: String,
    pub enable_buildkit: bool,
    pub platform: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_proxy: Option<bool>,
}

/// Upload to object storage after the build.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ObjectStorageUpload {
    pub enabled: bool,
    pub object_storage_id: String,
    pub upload_detail: Vec<Value>,
}

/// Where the binary package is archived.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileArchive {
    pub file_location: String,
}
