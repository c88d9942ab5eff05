//! The model ⇄ Zadig: plain build requests, template build requests, build details and lists,
//! and build templates.

use crate::convert::{Conversion, Losses};
use crate::model::{
    AdvancedSettings, Build, Cache, DockerStep, Install, Label, RemoteInfo, Repo, ResourceSpec, Service, ServiceInput,
    Storages, Template, Variable, Volume,
};
use crate::wire::zadig as wire;

/// Output variables Zadig adds to every build; the detail lists them, requests must not.
pub const BUILTIN_OUTPUTS: [&str; 2] = ["IMAGE", "PKG_FILE"];

/// `POST|PUT /openapi/build` for a plain build.
pub fn build_request(build: &Build) -> Conversion<wire::BuildRequest> {
    let mut losses = Losses::default();
    note_non_zadig(build, &mut losses);
    losses.note(
        build.services.iter().any(|s| !s.repos.is_empty() || !s.inputs.is_empty()),
        "services",
        "per-service repositories and inputs belong to template builds; a plain build sends services by name only",
    );
    losses.note(
        build.variables.iter().any(|v| v.required),
        "variables",
        "\"required\" is a template setting; plain build variables do not carry it",
    );
    let request = wire::BuildRequest {
        name: build.name.clone(),
        project_key: build.project_key.clone(),
        services: build
            .services
            .iter()
            .map(|s| wire::ServiceWithModule { service_name: s.name.clone(), service_module: s.module.clone() })
            .collect(),
        infrastructure: build.infrastructure.clone(),
        build_os: build.build_os.clone(),
        installs: installs_out(&build.installs),
        repo_info: repos_out(&build.repos, "repos", &mut losses),
        parameters: build.variables.iter().map(parameter_out).collect(),
        script_type: build.script_type.clone(),
        build_script: build.script.clone(),
        docker_build_step: build.docker.as_ref().map(docker_out),
        advanced_settings: build.advanced.as_ref().map(advanced_out),
    };
    losses.finish(request)
}

/// `POST /openapi/build?source=template` for a build made from a template.
pub fn template_build_request(build: &Build) -> Conversion<wire::TemplateBuildRequest> {
    let mut losses = Losses::default();
    note_non_zadig(build, &mut losses);
    let supplied = |what: &str| format!("the template supplies {what}; a template build does not send it");
    losses.note(!build.infrastructure.is_empty(), "infrastructure", supplied("the infrastructure"));
    losses.note(!build.build_os.is_empty(), "build_os", supplied("the build OS"));
    losses.note(!build.installs.is_empty(), "installs", supplied("the tool installs"));
    losses.note(!build.variables.is_empty(), "variables", "variables come from the template; services set them as inputs");
    losses.note(!build.script.is_empty() || !build.script_type.is_empty(), "script", supplied("the script"));
    losses.note(build.docker.is_some(), "docker", supplied("the Docker step"));
    losses.note(build.advanced.is_some(), "advanced", supplied("the advanced settings"));
    losses.note(
        !build.repos.is_empty(),
        "repos",
        "template builds take repositories per service; the build-level repositories are not sent",
    );
    let mut targets = Vec::with_capacity(build.services.len());
    for (i, service) in build.services.iter().enumerate() {
        targets.push(wire::ServiceBuildArgs {
            service_name: service.name.clone(),
            service_module: service.module.clone(),
            repo_info: repos_out(&service.repos, &format!("services/{i}/repos"), &mut losses),
            inputs: service.inputs.iter().map(input_out).collect(),
        });
    }
    losses.finish(wire::TemplateBuildRequest {
        name: build.name.clone(),
        project_key: build.project_key.clone(),
        template_name: build.template_name.clone().unwrap_or_default(),
        target_services: targets,
    })
}

fn note_non_zadig(build: &Build, losses: &mut Losses) {
    losses.note(!build.description.is_empty(), "description", "Zadig builds have no description");
    losses.note(
        build.rainbond.build_type.is_some() || build.rainbond.server_type.is_some(),
        "rainbond",
        "Rainbond's build and server type have no Zadig counterpart",
    );
    losses.note(
        build.nuon.git_ref.is_some() || build.nuon.use_latest,
        "nuon",
        "Nuon's git ref settings have no Zadig counterpart; Zadig builds repository branches",
    );
    let ss = &build.servicestage;
    losses.note(
        !ss.docker_version.is_empty() || !ss.cluster_id.is_empty() || ss.use_public_cluster || !ss.arch.is_empty()
            || !ss.enterprise_project_id.is_empty(),
        "servicestage",
        "ServiceStage's environment settings (cluster id, architecture, Docker version) have no Zadig counterpart",
    );
}

fn repos_out(repos: &[Repo], field: &str, losses: &mut Losses) -> Vec<wire::RepoInput> {
    losses.note(
        repos.iter().any(|r| !r.url.is_empty() || !r.username.is_empty() || !r.password.is_empty()),
        field,
        "Zadig finds repositories through the code host alias, namespace and name; URLs and credentials are not sent",
    );
    repos.iter().map(repo_out).collect()
}

/// A repository as Zadig takes it; one given only by its clone URL (from ServiceStage or
/// Rainbond) keeps the namespace and name the URL holds, so only the code host alias is left to
/// fill in.
fn repo_out(r: &Repo) -> wire::RepoInput {
    let (namespace, name) = r.namespace_and_name();
    wire::RepoInput {
        codehost_name: r.codehost.clone(),
        repo_namespace: namespace.to_string(),
        repo_name: name.to_string(),
        branch: r.branch.clone(),
        pr: r.pr,
        prs: r.prs.clone(),
        enable_commit: r.enable_commit,
        commit_id: r.commit_id.clone(),
        remote_name: r.remote_name.clone(),
        checkout_path: r.checkout_path.clone(),
        submodules: r.submodules,
        stream: r.stream.clone(),
        view_mapping: r.view_mapping.clone(),
        changelist_id: r.changelist_id,
        shelve_id: r.shelve_id,
    }
}

fn repo_in(r: wire::RepoInput) -> Repo {
    Repo {
        codehost: r.codehost_name,
        namespace: r.repo_namespace,
        name: r.repo_name,
        branch: r.branch,
        pr: r.pr,
        prs: r.prs,
        enable_commit: r.enable_commit,
        commit_id: r.commit_id,
        remote_name: r.remote_name,
        checkout_path: r.checkout_path,
        submodules: r.submodules,
        stream: r.stream,
        view_mapping: r.view_mapping,
        changelist_id: r.changelist_id,
        shelve_id: r.shelve_id,
        ..Repo::default()
    }
}

fn installs_out(installs: &[Install]) -> Vec<wire::ToolItem> {
    installs.iter().map(|i| wire::ToolItem { name: i.name.clone(), version: i.version.clone() }).collect()
}

fn installs_in(installs: Vec<wire::ToolItem>) -> Vec<Install> {
    installs.into_iter().map(|i| Install { name: i.name, version: i.version }).collect()
}

fn parameter_out(v: &Variable) -> wire::ParameterSetting {
    wire::ParameterSetting {
        key: v.key.clone(),
        kind: v.kind.clone(),
        default_value: v.default_value.clone(),
        choice_option: v.choice_options.clone(),
        choice_value: v.choice_values.clone(),
        is_credential: v.is_credential,
        description: v.description.clone(),
    }
}

fn parameter_in(p: wire::ParameterSetting) -> Variable {
    Variable {
        key: p.key,
        kind: p.kind,
        default_value: p.default_value,
        choice_options: p.choice_option,
        choice_values: p.choice_value,
        is_credential: p.is_credential,
        description: p.description,
        required: false,
    }
}

fn input_out(i: &ServiceInput) -> wire::Kv {
    wire::Kv {
        key: i.key.clone(),
        value: i.value.clone(),
        kind: i.kind.clone(),
        is_credential: i.is_credential,
        file_id: i.file_id.clone(),
        file_name: i.file_name.clone(),
        file_path: i.file_path.clone(),
    }
}

fn input_in(kv: wire::Kv) -> ServiceInput {
    ServiceInput {
        key: kv.key,
        value: kv.value,
        kind: kv.kind,
        is_credential: kv.is_credential,
        file_id: kv.file_id,
        file_name: kv.file_name,
        file_path: kv.file_path,
    }
}

fn docker_out(d: &DockerStep) -> wire::DockerBuildStep {
    wire::DockerBuildStep {
        build_context_dir: d.context_dir.clone(),
        dockerfile_source: d.dockerfile_source.clone(),
        dockerfile_directory: d.dockerfile_path.clone(),
        template_name: d.template_name.clone(),
        build_args: d.build_args.clone(),
        enable_buildkit: d.buildkit,
        platforms: d.platforms.clone(),
        enable_proxy: d.enable_proxy,
    }
}

fn docker_in(d: wire::DockerBuildStep) -> DockerStep {
    DockerStep {
        context_dir: d.build_context_dir,
        dockerfile_source: d.dockerfile_source,
        dockerfile_path: d.dockerfile_directory,
        template_name: d.template_name,
        template_id: String::new(),
        build_args: d.build_args,
        buildkit: d.enable_buildkit,
        platforms: d.platforms,
        enable_proxy: d.enable_proxy,
    }
}

fn labels_out(labels: &[Label]) -> Vec<wire::KeyValue> {
    labels.iter().map(|l| wire::KeyValue { key: l.key.clone(), value: l.value.clone() }).collect()
}

fn labels_in(labels: Vec<wire::KeyValue>) -> Vec<Label> {
    labels.into_iter().map(|l| Label { key: l.key, value: l.value }).collect()
}

fn advanced_out(a: &AdvancedSettings) -> wire::AdvancedSetting {
    wire::AdvancedSetting {
        timeout: a.timeout_minutes,
        cache_setting: a.cache.as_ref().map(|c| wire::CacheSetting { enabled: c.enabled, cache_dir: c.dir.clone() }),
        cluster_name: a.cluster_name.clone(),
        resource_spec: wire::ResourceSpec {
            cpu_limit: a.resources.cpu_limit,
            memory_limit: a.resources.memory_limit,
            cpu_req: a.resources.cpu_req,
            memory_req: a.resources.memory_req,
            gpu_limit: a.resources.gpu_limit.clone(),
        },
        strategy_name: a.strategy_name.clone(),
        storages: a.storages.as_ref().map(|s| wire::Storages {
            enabled: s.enabled,
            storages_properties: s
                .volumes
                .iter()
                .map(|v| wire::NfsProperties {
                    provision_type: v.provision_type.clone(),
                    storage_class: v.storage_class.clone(),
                    storage_size_in_gib: v.size_gib,
                    pvc: v.pvc.clone(),
                    access_mode: v.access_mode.clone(),
                    subpath: v.subpath.clone(),
                    mount_path: v.mount_path.clone(),
                    is_temporary: v.is_temporary,
                })
                .collect(),
        }),
        use_host_docker_daemon: a.use_host_docker_daemon,
        privileged_mode: a.privileged_mode,
        custom_annotations: labels_out(&a.annotations),
        custom_labels: labels_out(&a.labels),
        outputs: a.outputs.clone(),
    }
}

fn advanced_in(a: wire::AdvancedSetting) -> AdvancedSettings {
    AdvancedSettings {
        timeout_minutes: a.timeout,
        cache: a.cache_setting.map(|c| Cache { enabled: c.enabled, dir: c.cache_dir }),
        cluster_name: a.cluster_name,
        resources: ResourceSpec {
            cpu_limit: a.resource_spec.cpu_limit,
            memory_limit: a.resource_spec.memory_limit,
            cpu_req: a.resource_spec.cpu_req,
            memory_req: a.resource_spec.memory_req,
            gpu_limit: a.resource_spec.gpu_limit,
        },
        strategy_name: a.strategy_name,
        storages: a.storages.map(|s| Storages {
            enabled: s.enabled,
            volumes: s
                .storages_properties
                .into_iter()
                .map(|v| Volume {
                    provision_type: v.provision_type,
                    storage_class: v.storage_class,
                    size_gib: v.storage_size_in_gib,
                    pvc: v.pvc,
                    access_mode: v.access_mode,
                    subpath: v.subpath,
                    mount_path: v.mount_path,
                    is_temporary: v.is_temporary,
                })
                .collect(),
        }),
        use_host_docker_daemon: a.use_host_docker_daemon,
        privileged_mode: a.privileged_mode,
        annotations: labels_in(a.custom_annotations),
        labels: labels_in(a.custom_labels),
        outputs: a.outputs,
    }
}

/// A plain build request as the console's model; nothing is lost.
pub fn from_build_request(r: wire::BuildRequest) -> Build {
    Build {
        name: r.name,
        project_key: r.project_key,
        services: r
            .services
            .into_iter()
            .map(|s| Service { name: s.service_name, module: s.service_module, ..Service::default() })
            .collect(),
        infrastructure: r.infrastructure,
        build_os: r.build_os,
        installs: installs_in(r.installs),
        repos: r.repo_info.into_iter().map(repo_in).collect(),
        variables: r.parameters.into_iter().map(parameter_in).collect(),
        script_type: r.script_type,
        script: r.build_script,
        docker: r.docker_build_step.map(docker_in),
        advanced: r.advanced_settings.map(advanced_in),
        ..Build::default()
    }
}

/// A template build request as the console's model; nothing is lost.
pub fn from_template_build_request(r: wire::TemplateBuildRequest) -> Build {
    Build {
        name: r.name,
        project_key: r.project_key,
        template_name: Some(r.template_name),
        services: r
            .target_services
            .into_iter()
            .map(|s| Service {
                name: s.service_name,
                module: s.service_module,
                repos: s.repo_info.into_iter().map(repo_in).collect(),
                inputs: s.inputs.into_iter().map(input_in).collect(),
            })
            .collect(),
        ..Build::default()
    }
}

/// Turns a detail value into the text a variable's default holds.
fn value_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// A build detail (a response) as the console's model, with what the detail does not return
/// (storages, labels, annotations, privileged mode, infrastructure, script type, code host
/// aliases) and what the model does not keep (post-build upload, archive and script).
pub fn from_detail(d: wire::BuildDetail) -> Conversion<Build> {
    let mut losses = Losses::default();
    let env = d.build_env.unwrap_or_default();
    losses.note(true, "/infrastructure", "the detail does not say which infrastructure the build uses; set it before sending");
    losses.note(true, "/script_type", "the detail does not return the script type; set it before sending");
    losses.note(
        !d.repos.is_empty(),
        "/repos",
        "the detail names each code host by its type, not its alias; check codehost_name before sending",
    );
    losses.note(
        d.advanced_settings.is_some(),
        "/advanced_settings",
        "the detail never returns storages, custom labels, custom annotations or privileged mode; they read as unset",
    );
    losses.note(
        d.parameters.iter().any(|p| p.is_credential),
        "/parameters",
        "credential values came back unmasked from the detail; they are secrets",
    );
    let post = d.post_build.unwrap_or_default();
    losses.note(
        post.object_storage_upload.as_ref().is_some_and(|o| o.enabled),
        "/post_build/object_storage_upload",
        "object storage upload cannot be set through the build OpenAPI; it is not kept",
    );
    losses.note(
        post.file_archive.as_ref().is_some_and(|f| !f.file_location.is_empty()),
        "/post_build/file_archive",
        "binary archiving cannot be set through the build OpenAPI; it is not kept",
    );
    losses.note(
        !post.scripts.is_empty(),
        "/post_build/scripts",
        "the post-build script cannot be set through the build OpenAPI; it is not kept",
    );
    let repos: Vec<Repo> = d
        .repos
        .into_iter()
        .map(|r| Repo {
            codehost: r.source.clone(),
            provider: r.source,
            namespace: r.repo_owner,
            name: r.repo_name,
            branch: r.branch,
            remote_name: r.remote_name,
            checkout_path: r.checkout_path,
            submodules: r.submodules,
            hidden: r.hidden,
            ..Repo::default()
        })
        .collect();
    let variables: Vec<Variable> = d
        .parameters
        .into_iter()
        .map(|p| Variable {
            key: p.key,
            kind: p.kind,
            default_value: value_text(p.value),
            choice_options: p.choice_option,
            choice_values: p.choice_value,
            is_credential: p.is_credential,
            ..Variable::default()
        })
        .collect();
    let mut advanced = d.advanced_settings.map(advanced_in);
    let outputs: Vec<String> =
        d.outputs.into_iter().map(|o| o.name).filter(|n| !BUILTIN_OUTPUTS.contains(&n.as_str())).collect();
    if !outputs.is_empty() {
        advanced.get_or_insert_with(AdvancedSettings::default).outputs = outputs;
    }
    let mut build = Build {
        name: d.name,
        project_key: d.project_key,
        template_name: (!d.template_name.is_empty()).then_some(d.template_name),
        services: d
            .target_services
            .into_iter()
            .map(|s| Service { name: s.service_name, module: s.service_module, ..Service::default() })
            .collect(),
        build_os: env.basic_image_label,
        installs: installs_in(env.installs),
        script: d.build_script,
        docker: post.docker_build.map(|db| DockerStep {
            context_dir: db.work_dir,
            dockerfile_source: db.source,
            dockerfile_path: db.docker_file,
            template_name: db.template_name,
            template_id: db.template_id,
            build_args: db.build_args,
            buildkit: db.enable_buildkit,
            platforms: db.platform,
            enable_proxy: db.enable_proxy,
        }),
        advanced,
        remote: Some(RemoteInfo {
            source: d.source,
            update_by: d.update_by,
            update_time: d.update_time,
            basic_image_id: env.basic_image_id,
        }),
        ..Build::default()
    };
    // For a template build the detail's repositories and variables are one service's (its
    // target); with a single service they belong there.
    if build.template_name.is_some() && build.services.len() == 1 {
        let service = &mut build.services[0];
        service.repos = repos;
        service.inputs = variables
            .into_iter()
            .map(|v| ServiceInput { key: v.key, value: v.default_value, kind: v.kind, is_credential: v.is_credential, ..ServiceInput::default() })
            .collect();
    } else {
        build.repos = repos;
        build.variables = variables;
    }
    losses.finish(build)
}

/// A build from the list response: name, project, services and update info only.
pub fn from_brief(b: wire::BuildBrief) -> Build {
    Build {
        name: b.name,
        project_key: b.project_key,
        services: b
            .target_services
            .into_iter()
            .map(|s| Service { name: s.service_name, module: s.service_module, ..Service::default() })
            .collect(),
        remote: Some(RemoteInfo { source: b.source, update_by: b.update_by, update_time: b.update_time, ..RemoteInfo::default() }),
        ..Build::default()
    }
}

/// `POST|PUT /openapi/templates/builds` for a template.
pub fn template_out(t: &Template) -> wire::BuildTemplate {
    let remote = t.remote.clone().unwrap_or_default();
    wire::BuildTemplate {
        id: t.id.clone(),
        name: t.name.clone(),
        infrastructure: t.infrastructure.clone(),
        vm_labels: t.vm_labels.clone(),
        build_os: t.build_os.clone(),
        installs: installs_out(&t.installs),
        parameters: t
            .variables
            .iter()
            .map(|v| wire::TemplateParameter {
                key: v.key.clone(),
                kind: v.kind.clone(),
                default_value: v.default_value.clone(),
                choice_option: v.choice_options.clone(),
                choice_value: v.choice_values.clone(),
                is_credential: v.is_credential,
                description: v.description.clone(),
                required: v.required,
            })
            .collect(),
        script_type: t.script_type.clone(),
        build_script: t.script.clone(),
        docker_build_step: t.docker.as_ref().map(docker_out),
        advanced_settings: t.advanced.as_ref().map(advanced_out),
        update_time: remote.update_time,
        update_by: remote.update_by,
    }
}

/// A build template (input or detail) as the console's model; nothing is lost.
pub fn template_in(t: wire::BuildTemplate) -> Template {
    let remote = (t.update_time != 0 || !t.update_by.is_empty())
        .then(|| RemoteInfo { update_by: t.update_by, update_time: t.update_time, ..RemoteInfo::default() });
    Template {
        id: t.id,
        name: t.name,
        infrastructure: t.infrastructure,
        vm_labels: t.vm_labels,
        build_os: t.build_os,
        installs: installs_in(t.installs),
        variables: t
            .parameters
            .into_iter()
            .map(|p| Variable {
                key: p.key,
                kind: p.kind,
                default_value: p.default_value,
                choice_options: p.choice_option,
                choice_values: p.choice_value,
                is_credential: p.is_credential,
                description: p.description,
                required: p.required,
            })
            .collect(),
        script_type: t.script_type,
        script: t.build_script,
        docker: t.docker_build_step.map(docker_in),
        advanced: t.advanced_settings.map(advanced_in),
        remote,
    }
}
