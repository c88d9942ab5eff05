//! The document shapes Buildbay reads, and how to tell them apart by their keys.

use serde::{Deserialize, Serialize};

use crate::target::Target;

/// A kind of JSON document: a backend's request or response, or Buildbay's own bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// `POST|PUT /openapi/build` body.
    ZadigBuild,
    /// `POST /openapi/build?source=template` body.
    ZadigTemplateBuild,
    /// `GET /openapi/build/:name/detail` answer.
    ZadigBuildDetail,
    /// `GET /openapi/build` answer.
    ZadigBuildList,
    /// `/openapi/templates/builds` body or detail.
    ZadigBuildTemplate,
    /// `GET /openapi/templates/builds` answer.
    ZadigBuildTemplateList,
    /// Zadig's JSON error bodies.
    ZadigError,
    /// Rainbond's component build body.
    RainbondBuild,
    /// Rainbond's `{event_id}` answer.
    RainbondBuildAccepted,
    /// Rainbond's error bodies.
    RainbondError,
    /// Nuon's create-component-build body.
    NuonBuild,
    /// Nuon's component build (with its runner job).
    NuonComponentBuild,
    /// Nuon's error body.
    NuonError,
    /// ServiceStage's create-build-job body.
    ServiceStageJob,
    /// ServiceStage's answer to a create.
    ServiceStageJobCreated,
    /// ServiceStage's error body.
    ServiceStageError,
    /// Buildbay's export of several builds and templates.
    Bundle,
}

impl Shape {
    /// Every shape, most specific first: detection prefers earlier shapes on a tie.
    pub const ALL: [Shape; 17] = [
        Shape::Bundle,
        Shape::ZadigTemplateBuild,
        Shape::ZadigBuild,
        Shape::ZadigBuildTemplate,
        Shape::ZadigBuildDetail,
        Shape::ZadigBuildList,
        Shape::ZadigBuildTemplateList,
        Shape::ZadigError,
        Shape::RainbondBuild,
        Shape::RainbondBuildAccepted,
        Shape::RainbondError,
        Shape::NuonBuild,
        Shape::NuonComponentBuild,
        Shape::NuonError,
        Shape::ServiceStageJob,
        Shape::ServiceStageJobCreated,
        Shape::ServiceStageError,
    ];

    /// The backend the shape belongs to (a bundle says its own; Zadig by default).
    pub fn target(self) -> Target {
        match self {
            Shape::ZadigBuild
            | Shape::ZadigTemplateBuild
            | Shape::ZadigBuildDetail
            | Shape::ZadigBuildList
            | Shape::ZadigBuildTemplate
            | Shape::ZadigBuildTemplateList
            | Shape::ZadigError
            | Shape::Bundle => Target::Zadig,
            Shape::RainbondBuild | Shape::RainbondBuildAccepted | Shape::RainbondError => Target::Rainbond,
            Shape::NuonBuild | Shape::NuonComponentBuild | Shape::NuonError => Target::Nuon,
            Shape::ServiceStageJob | Shape::ServiceStageJobCreated | Shape::ServiceStageError => Target::ServiceStage,
        }
    }

    /// What the shape is, for messages ("a Zadig build detail").
    pub fn label(self) -> &'static str {
        match self {
            Shape::ZadigBuild => "a Zadig build request",
            Shape::ZadigTemplateBuild => "a Zadig create-from-template request",
            Shape::ZadigBuildDetail => "a Zadig build detail",
            Shape::ZadigBuildList => "a Zadig build list",
            Shape::ZadigBuildTemplate => "a Zadig build template",
            Shape::ZadigBuildTemplateList => "a Zadig build template list",
            Shape::ZadigError => "a Zadig error response",
            Shape::RainbondBuild => "a Rainbond build request",
            Shape::RainbondBuildAccepted => "a Rainbond build answer",
            Shape::RainbondError => "a Rainbond error response",
            Shape::NuonBuild => "a Nuon build request",
            Shape::NuonComponentBuild => "a Nuon component build",
            Shape::NuonError => "a Nuon error response",
            Shape::ServiceStageJob => "a ServiceStage build job request",
            Shape::ServiceStageJobCreated => "a ServiceStage build job answer",
            Shape::ServiceStageError => "a ServiceStage error response",
            Shape::Bundle => "a Buildbay export",
        }
    }

    /// The stable identifier (`zadig-build`, …) used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::ZadigBuild => "zadig-build",
            Shape::ZadigTemplateBuild => "zadig-template-build",
            Shape::ZadigBuildDetail => "zadig-build-detail",
            Shape::ZadigBuildList => "zadig-build-list",
            Shape::ZadigBuildTemplate => "zadig-build-template",
            Shape::ZadigBuildTemplateList => "zadig-build-template-list",
            Shape::ZadigError => "zadig-error",
            Shape::RainbondBuild => "rainbond-build",
            Shape::RainbondBuildAccepted => "rainbond-build-accepted",
            Shape::RainbondError => "rainbond-error",
            Shape::NuonBuild => "nuon-build",
            Shape::NuonComponentBuild => "nuon-component-build",
            Shape::NuonError => "nuon-error",
            Shape::ServiceStageJob => "servicestage-job",
            Shape::ServiceStageJobCreated => "servicestage-job-created",
            Shape::ServiceStageError => "servicestage-error",
            Shape::Bundle => "bundle",
        }
    }

    /// Parses the identifier from `as_str`.
    pub fn parse(text: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether this is a body the console sends (rather than something a server answers).
    pub fn is_request(self) -> bool {
        matches!(
            self,
            Shape::ZadigBuild
                | Shape::ZadigTemplateBuild
                | Shape::ZadigBuildTemplate
                | Shape::RainbondBuild
                | Shape::NuonBuild
                | Shape::ServiceStageJob
        )
    }

    /// The request shape a backend's documents default to when nothing else fits.
    pub fn primary(target: Target) -> Shape {
        match target {
            Target::Zadig => Shape::ZadigBuild,
            Target::Rainbond => Shape::RainbondBuild,
            Target::Nuon => Shape::NuonBuild,
            Target::ServiceStage => Shape::ServiceStageJob,
        }
    }

    /// Top-level keys of the shape, and which of them hardly appear in other shapes.
    fn keys(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Shape::ZadigBuild => (
                &["name", "project_key", "services", "infrastructure", "build_os", "installs", "repo_info", "parameters", "script_type", "build_script", "docker_build_step", "advanced_settings"],
                &["services", "repo_info", "project_key"],
            ),
            Shape::ZadigTemplateBuild => (&["name", "project_key", "template_name", "target_services"], &["target_services", "template_name"]),
            Shape::ZadigBuildDetail => (
                &["project_key", "name", "source", "target_services", "template_name", "update_by", "update_time", "repos", "build_env", "advanced_settings", "build_script", "parameters", "outputs", "post_build"],
                &["build_env", "post_build", "repos", "outputs", "update_by", "update_time"],
            ),
            Shape::ZadigBuildList => (&["total", "builds"], &["builds"]),
            Shape::ZadigBuildTemplate => (
                &["id", "name", "infrastructure", "vm_labels", "build_os", "installs", "parameters", "script_type", "build_script", "docker_build_step", "advanced_settings", "update_time", "update_by", PARAMETER_REQUIRED],
                &["vm_labels", "id", PARAMETER_REQUIRED],
            ),
            Shape::ZadigBuildTemplateList => (&["total", "build_templates"], &["build_templates"]),
            Shape::ZadigError => (&["type", "message", "code", "description", "extra"], &["extra", "type", "message"]),
            Shape::RainbondBuild => (
                &["build_type", "server_type", "branch", "repo_url", "username", "password"],
                &["build_type", "server_type", "repo_url", "branch", "username", "password"],
            ),
            Shape::RainbondBuildAccepted => (&["event_id"], &["event_id"]),
            Shape::RainbondError => (&["code", "msg", "msg_show", "data", "detail", "err", "error_type"], &["msg", "msg_show", "error_type", "err"]),
            Shape::NuonBuild => (&["git_ref", "use_latest"], &["use_latest", "git_ref"]),
            Shape::NuonComponentBuild => (
                &["id", "created_at", "updated_at", "created_by_id", "component_id", "component_name", "component_config_connection_id", "component_config_version", "git_ref", "status", "status_description", "runner_job", "vcs_connection_commit", "log_stream", "install_deploys", "releases", "status_v2"],
                &["runner_job", "component_id", "component_config_connection_id", "component_config_version", "vcs_connection_commit"],
            ),
            Shape::NuonError => (&["error", "user_error", "description"], &["user_error", "error"]),
            Shape::ServiceStageJob => (
                &["job_name", "job_description", "environment_setting", "code_repo", "enterprise_project_id"],
                &["environment_setting", "code_repo", "job_description", "enterprise_project_id", "job_name"],
            ),
            Shape::ServiceStageJobCreated => (&["job_id", "job_name", "job_description", "cluster_name", "cluster_id", "created_at"], &["job_id"]),
            Shape::ServiceStageError => (&["error_code", "error_msg"], &["error_code", "error_msg"]),
            Shape::Bundle => (&["buildbay", "target", "builds", "templates"], &["buildbay"]),
        }
    }

    /// Keys at least one of which must be present for the shape to be considered at all.
    fn signature(self) -> &'static [&'static str] {
        match self {
            // A build missing most fields is still a build: anything but a bare name will do.
            Shape::ZadigBuild => &["project_key", "services", "infrastructure", "build_os", "installs", "repo_info", "parameters", "script_type", "build_script", "docker_build_step", "advanced_settings"],
            other => other.keys().1,
        }
    }

    /// How well a document's top-level keys (and pseudo-keys such as [`PARAMETER_REQUIRED`])
    /// fit this shape; `None` when the shape is not plausible at all.
    pub(crate) fn score(self, keys: &[&str]) -> Option<i64> {
        if !self.signature().iter().any(|s| keys.contains(s)) {
            return None;
        }
        let (all, distinctive) = self.keys();
        let mut score = 0i64;
        for key in keys {
            if distinctive.contains(key) {
                score += 3;
            }
            if all.contains(key) {
                score += 1;
            } else {
                score -= 1;
            }
        }
        Some(score)
    }
}

/// Pseudo-key present when a document's `parameters` items carry `required`, which only build
/// templates have.
pub(crate) const PARAMETER_REQUIRED: &str = "parameters[].required";

/// The top-level keys of a document, plus pseudo-keys for telling nested differences apart.
pub(crate) fn keys_of(map: &serde_json::Map<String, serde_json::Value>) -> Vec<&str> {
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    let required = map
        .get("parameters")
        .and_then(|p| p.as_array())
        .is_some_and(|items| items.iter().any(|i| i.get("required").is_some()));
    if required {
        keys.push(PARAMETER_REQUIRED);
    }
    keys
}

/// Fields a backend's answers name differently from its requests (the object they sit in: `*`
/// anywhere, `""` the top level; the answer's name; the request's, `""` where the request has
/// none): a request written from a detail answer uses the answer's names, which the server
/// ignores.
pub(crate) fn answer_names(target: Target) -> &'static [(&'static str, &'static str, &'static str)] {
    match target {
        Target::Zadig => &[
            ("*", "target_services", "services"),
            ("*", "value", "default_value"),
            ("", "repos", "repo_info"),
            ("*", "repo_owner", "repo_namespace"),
            ("", "post_build", "docker_build_step"),
            ("", "source", ""),
            ("", "build_env", ""),
            ("build_env", "basic_image_label", "build_os"),
            ("build_env", "installs", "installs"),
            ("", "update_by", ""),
            ("", "update_time", ""),
            ("docker_build_step", "work_dir", "build_context_dir"),
            ("docker_build_step", "docker_file", "dockerfile_directory"),
            ("docker_build_step", "source", "dockerfile_source"),
            ("docker_build_step", "platform", "platforms"),
            // The stored build's names, which the console's own API answers with.
            ("*", "res_req_spec", "resource_spec"),
            ("*", "res_req", ""),
        ],
        _ => &[],
    }
}

/// Short names a request's object is written with for fields whose real names add a word (the
/// object they sit in; the name written; the hint), so that `cpu` in `resource_spec` is pointed
/// at `cpu_limit` rather than at whatever field is two letters away.
pub(crate) fn short_names(target: Target) -> &'static [(&'static str, &'static str, &'static str)] {
    match target {
        Target::Zadig => &[
            ("resource_spec", "cpu", "Did you mean \"cpu_limit\" (millicores)? \"cpu_req\" is the request, which is the limit when left out."),
            ("resource_spec", "memory", "Did you mean \"memory_limit\" (MiB)? \"memory_req\" is the request, which is the limit when left out."),
            ("resource_spec", "gpu", "Did you mean \"gpu_limit\" (a string such as \"nvidia.com/gpu: 1\")?"),
            ("resource_spec", "gpus", "Did you mean \"gpu_limit\" (a string such as \"nvidia.com/gpu: 1\")?"),
        ],
        _ => &[],
    }
}

/// Where a backend's request reads a field that sits in one place only (`""` the top level), so
/// that a field written in the wrong object is told the right one rather than "elsewhere"
/// (fields whose place differs between a build and a build made from a template are left out).
pub(crate) fn field_homes(target: Target) -> &'static [(&'static str, &'static str)] {
    const ZADIG: &[(&str, &str)] = &[
        ("project_key", ""), ("services", ""), ("infrastructure", ""), ("build_os", ""), ("installs", ""),
        ("parameters", ""), ("script_type", ""), ("build_script", ""),
        ("docker_build_step", ""), ("advanced_settings", ""),
        ("version", "each entry of installs"),
        ("codehost_name", "each entry of repo_info"), ("repo_namespace", "each entry of repo_info"),
        ("repo_name", "each entry of repo_info"), ("branch", "each entry of repo_info"),
        ("enable_commit", "each entry of repo_info"), ("commit_id", "each entry of repo_info"),
        ("remote_name", "each entry of repo_info"), ("checkout_path", "each entry of repo_info"),
        ("submodules", "each entry of repo_info"),
        ("default_value", "each entry of parameters"), ("choice_option", "each entry of parameters"),
        ("build_context_dir", "docker_build_step"), ("dockerfile_source", "docker_build_step"),
        ("dockerfile_directory", "docker_build_step"), ("build_args", "docker_build_step"),
        ("enable_buildkit", "docker_build_step"), ("platforms", "docker_build_step"),
        ("enable_proxy", "docker_build_step"),
        ("timeout", "advanced_settings"), ("cache_setting", "advanced_settings"),
        ("cluster_name", "advanced_settings"), ("resource_spec", "advanced_settings"),
        ("strategy_name", "advanced_settings"), ("storages", "advanced_settings"),
        ("use_host_docker_daemon", "advanced_settings"), ("privileged_mode", "advanced_settings"),
        ("custom_annotations", "advanced_settings"), ("custom_labels", "advanced_settings"),
        ("cpu_limit", "advanced_settings.resource_spec"), ("memory_limit", "advanced_settings.resource_spec"),
        ("cpu_req", "advanced_settings.resource_spec"), ("memory_req", "advanced_settings.resource_spec"),
        ("gpu_limit", "advanced_settings.resource_spec"),
        ("cache_dir", "advanced_settings.cache_setting"),
    ];
    const SERVICE_STAGE: &[(&str, &str)] = &[
        ("job_name", ""), ("job_description", ""), ("environment_setting", ""), ("code_repo", ""),
        ("enterprise_project_id", ""),
        ("docker_version", "environment_setting"), ("cluster_id", "environment_setting"),
        ("use_public_cluster", "environment_setting"), ("cluster_name", "environment_setting"),
        ("build_os", "environment_setting"), ("arch", "environment_setting.build_os"),
        ("type", "code_repo"), ("url", "code_repo"), ("branch", "code_repo"), ("namespace", "code_repo"),
    ];
    match target {
        Target::Zadig => ZADIG,
        Target::ServiceStage => SERVICE_STAGE,
        Target::Rainbond | Target::Nuon => &[],
    }
}

/// Whether `name` is a field a build of `target` is written with, in its request or in the
/// answer a request may be written from (Zadig's stored `repos`, `build_env`, `post_build`…),
/// so that one written beside a scenario's build entry is pointed into its `definition`.
pub(crate) fn is_build_field(target: Target, name: &str) -> bool {
    known_fields(target).contains(&name) || answer_names(target).iter().any(|(_, answer, _)| *answer == name)
}

/// Every field name a backend's request bodies use, for "did you mean" hints and Go's
/// case-insensitive key matching.
pub(crate) fn known_fields(target: Target) -> &'static [&'static str] {
    match target {
        Target::Zadig => &[
            "name", "project_key", "services", "service_name", "service_module", "infrastructure", "build_os", "installs",
            "version", "repo_info", "codehost_name", "repo_namespace", "repo_name", "branch", "pr", "prs", "enable_commit",
            "commit_id", "remote_name", "checkout_path", "submodules", "stream", "view_mapping", "changelist_id", "shelve_id",
            "parameters", "key", "type", "default_value", "choice_option", "choice_value", "is_credential", "description",
            "script_type", "build_script", "docker_build_step", "build_context_dir", "dockerfile_source",
            "dockerfile_directory", "template_name", "build_args", "enable_buildkit", "platforms", "enable_proxy",
            "advanced_settings", "timeout", "cache_setting", "enabled", "cache_dir", "cluster_name", "resource_spec",
            "cpu_limit", "memory_limit", "cpu_req", "memory_req", "gpu_limit", "strategy_name", "storages",
            "storages_properties", "provision_type", "storage_class", "storage_size_in_gib", "pvc", "access_mode",
            "subpath", "mount_path", "is_temporary", "use_host_docker_daemon", "privileged_mode", "custom_annotations",
            "custom_labels", "value", "outputs", "target_services", "inputs", "file_id", "file_name", "file_path", "id",
            "vm_labels", "required", "update_time", "update_by",
        ],
        Target::Rainbond => &["build_type", "server_type", "branch", "repo_url", "username", "password"],
        Target::Nuon => &["git_ref", "use_latest"],
        Target::ServiceStage => &[
            "job_name", "job_description", "environment_setting", "docker_version", "cluster_id", "use_public_cluster",
            "cluster_name", "build_os", "arch", "code_repo", "type", "url", "branch", "namespace", "enterprise_project_id",
        ],
    }
}
