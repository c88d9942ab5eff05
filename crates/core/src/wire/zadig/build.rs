//! `POST|PUT /openapi/build`: `OpenAPIBuildCreationReq` and its parts (`build/service/types.go`,
//! `pkg/types/openapi.go`, `pkg/types/workflow.go`, `pkg/setting/types.go`, `pkg/types/cache.go`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::{is_false, is_zero};

/// Create or update a plain (non-template) build. Update is a full replacement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildRequest {
    pub name: String,
    pub project_key: String,
    pub services: Vec<ServiceWithModule>,
    pub infrastructure: String,
    pub build_os: String,
    pub installs: Vec<ToolItem>,
    pub repo_info: Vec<RepoInput>,
    pub parameters: Vec<ParameterSetting>,
    pub script_type: String,
    pub build_script: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker_build_step: Option<DockerBuildStep>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advanced_settings: Option<AdvancedSetting>,
}

/// A service and module the build is bound to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceWithModule {
    pub service_name: String,
    pub service_module: String,
}

/// A tool to install before the script runs, e.g. `go 1.20.7`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ToolItem {
    pub name: String,
    pub version: String,
}

/// A repository to clone (`OpenAPIRepoInput`); `codehost_name` is the code host's alias.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RepoInput {
    pub codehost_name: String,
    pub repo_namespace: String,
    pub repo_name: String,
    pub branch: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub pr: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prs: Vec<i64>,
    #[serde(skip_serializing_if = "is_false")]
    pub enable_commit: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub commit_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub remote_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub checkout_path: String,
    #[serde(skip_serializing_if = "is_false")]
    pub submodules: bool,
    /// Perforce only, which the build OpenAPI does not support.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub stream: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub view_mapping: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub changelist_id: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub shelve_id: i64,
}

/// A build variable (`ParameterSetting`); the detail response returns it as `ServiceKeyVal`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParameterSetting {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub default_value: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choice_option: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choice_value: Vec<String>,
    pub is_credential: bool,
    pub description: String,
}

/// The image build step (`OpenAPIDockerBuildStep`), a single object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DockerBuildStep {
    pub build_context_dir: String,
    pub dockerfile_source: String,
    /// Absolute path of the Dockerfile when the source is `local`.
    pub dockerfile_directory: String,
    /// Dockerfile template name when the source is `template`.
    pub template_name: String,
    pub build_args: String,
    pub enable_buildkit: bool,
    /// Comma-separated BuildKit platforms, e.g. `linux/amd64,linux/arm64`.
    pub platforms: String,
    /// Newer servers only (PR #5017).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_proxy: Option<bool>,
}

/// Advanced settings (`OpenAPIAdvancedSetting`), a single object; `timeout` is in minutes (left out, 60).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdvancedSetting {
    pub timeout: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_setting: Option<CacheSetting>,
    pub cluster_name: String,
    pub resource_spec: ResourceSpec,
    pub strategy_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storages: Option<Storages>,
    pub use_host_docker_daemon: bool,
    pub privileged_mode: bool,
    pub custom_annotations: Vec<KeyValue>,
    pub custom_labels: Vec<KeyValue>,
    pub outputs: Vec<String>,
}

impl Default for AdvancedSetting {
    /// A `timeout` left out is Zadig's default of 60 minutes (its portal fills it in and its
    /// build defaults say so); only a 0 or less sent on purpose runs as 600.
    fn default() -> Self {
        AdvancedSetting {
            timeout: DEFAULT_TIMEOUT_MINUTES,
            cache_setting: None,
            cluster_name: String::new(),
            resource_spec: ResourceSpec::default(),
            strategy_name: String::new(),
            storages: None,
            use_host_docker_daemon: false,
            privileged_mode: false,
            custom_annotations: Vec::new(),
            custom_labels: Vec::new(),
            outputs: Vec::new(),
        }
    }
}

/// Zadig's build timeout when none is given, in minutes.
pub const DEFAULT_TIMEOUT_MINUTES: i64 = 60;

/// CPU in millicores and memory in MiB (`setting.RequestSpec`); `gpu_limit` is `resource: quantity`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceSpec {
    pub cpu_limit: i64,
    pub memory_limit: i64,
    pub cpu_req: i64,
    pub memory_req: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gpu_limit: String,
}

/// A label or annotation; Zadig types the value as `interface{}`, Kubernetes needs a string.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyValue {
    pub key: String,
    pub value: Value,
}

/// Build cache on a user-defined directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CacheSetting {
    pub enabled: bool,
    pub cache_dir: String,
}

/// Volumes mounted into the build pod.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Storages {
    pub enabled: bool,
    pub storages_properties: Vec<NfsProperties>,
}

/// One volume (`NFSProperties`): a new claim (`dynamic`) or an existing one (`static`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NfsProperties {
    pub provision_type: String,
    pub storage_class: String,
    pub storage_size_in_gib: i64,
    pub pvc: String,
    pub access_mode: String,
    pub subpath: String,
    pub mount_path: String,
    pub is_temporary: bool,
}
