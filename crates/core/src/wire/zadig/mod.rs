//! Zadig's build OpenAPI (`koderover/zadig`, aslan), as the server binds and answers it.
//!
//! Zadig is written in Go: a missing field takes its zero value, `null` is the same as absent,
//! and a value of the wrong JSON type makes the whole request fail with HTTP 400 and an empty
//! body. `docker_build_step` and `advanced_settings` are single objects, not arrays.

mod build;
mod build_template;
mod detail;
mod error;
mod list;
mod task;
mod template_build;

pub use build::{
    AdvancedSetting, BuildRequest, DEFAULT_TIMEOUT_MINUTES, CacheSetting, DockerBuildStep, KeyValue, NfsProperties, ParameterSetting,
    RepoInput, ResourceSpec, ServiceWithModule, Storages, ToolItem,
};
pub use build_template::{BuildTemplate, BuildTemplateBrief, BuildTemplateList, TemplateParameter};
pub use detail::{BuildDetail, BuildEnv, DetailRepo, DockerBuild, FileArchive, ObjectStorageUpload, Output, PostBuild, ServiceKeyVal};
pub use error::{HttpError, InternalError};
pub use list::{BuildBrief, BuildList};
pub use task::{JobErrorPolicy, TaskStatus, WorkflowTask, WorkflowTaskJob, WorkflowTaskStage};
pub use template_build::{Kv, ServiceBuildArgs, TemplateBuildRequest};

/// Infrastructure values (`pkg/setting/consts.go`); the build API stores any string.
pub const INFRASTRUCTURES: [&str; 2] = ["kubernetes", "vm"];
/// Script types the job builder knows (`pkg/types/cache.go`).
pub const SCRIPT_TYPES: [&str; 3] = ["shell", "batch_file", "powershell"];
/// Variable types a build form offers (string, choice, multi-select).
pub const PARAMETER_TYPES: [&str; 3] = ["string", "choice", "multi-select"];
/// Further `ParameterSettingType` values Zadig knows but the build form does not offer.
pub const OTHER_PARAMETER_TYPES: [&str; 3] = ["image", "script", "file"];
/// Where a Docker build step takes its Dockerfile from.
pub const DOCKERFILE_SOURCES: [&str; 2] = ["local", "template"];
/// Storage provisioning (the Go comment's misspelling "dynmaic" is not a value).
pub const PROVISION_TYPES: [&str; 2] = ["dynamic", "static"];
/// Kubernetes `PersistentVolumeAccessMode`s; empty means ReadWriteMany.
pub const ACCESS_MODES: [&str; 4] = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];
/// Value a credential parameter carries when its stored secret should be kept (`setting.MaskValue`).
pub const MASK_VALUE: &str = "********";
/// Built-in basic image labels usable as `build_os` without custom images.
pub const BUILTIN_BUILD_OS: [&str; 2] = ["ubuntu 18.04", "ubuntu 20.04"];
