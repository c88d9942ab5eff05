//! Zadig's rules for plain builds, template builds and build templates.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Source};
use crate::validate::checker::{At, IntoPath};
use crate::validate::kube::{self, Api};
use crate::validate::rules::{ZADIG_BUILTIN_ENV, is_env_name, is_zadig_build_name};
use crate::validate::{Checker, Context};
use crate::wire::zadig::{
    BUILTIN_BUILD_OS, BuildRequest, BuildTemplate, DOCKERFILE_SOURCES, DockerBuildStep, INFRASTRUCTURES, Kv,
    OTHER_PARAMETER_TYPES, PARAMETER_TYPES, RepoInput, SCRIPT_TYPES, ServiceWithModule, ToolItem, TemplateBuildRequest,
};

/// A plain build request (`POST|PUT /openapi/build`).
pub(crate) fn build(r: &BuildRequest, context: &Context) -> Vec<Diagnostic> {
    let mut c = Checker::default();
    build_name(&mut c, &r.name, &r.project_key, context);
    c.require("/project_key", &r.project_key, Source::Server, "The project key");
    infrastructure(&mut c, &r.infrastructure, Api::Build);
    build_os(&mut c, &r.build_os);
    script(&mut c, &r.script_type, &r.build_script, &r.infrastructure, Api::Build);
    services(&mut c, &r.services);
    installs(&mut c, &r.installs, Api::Build);
    repos(&mut c, At::root("/repo_info"), &r.repo_info, Source::Server);
    let vars: Vec<Var<'_>> = r.parameters.iter().map(|p| Var {
        key: &p.key, kind: &p.kind, default: &p.default_value, options: &p.choice_option, values: &p.choice_value, credential: p.is_credential,
    }).collect();
    variables(&mut c, At::root("/parameters"), &vars, Api::Build);
    if let Some(step) = &r.docker_build_step {
        docker(&mut c, step, Api::Build);
    }
    if let Some(advanced) = &r.advanced_settings {
        kube::advanced(&mut c, At::root("/advanced_settings"), advanced, &r.infrastructure, Api::Build);
    }
    c.out
}

/// A create-from-template request (`POST /openapi/build?source=template`).
pub(crate) fn template_build(r: &TemplateBuildRequest, context: &Context) -> Vec<Diagnostic> {
    let mut c = Checker::default();
    build_name(&mut c, &r.name, &r.project_key, context);
    c.require("/project_key", &r.project_key, Source::Server, "The project key");
    let template = if c.require("/template_name", &r.template_name, Source::Server, "The template name") {
        let found = context.template(&r.template_name);
        if found.is_none() && context.knows_templates() {
            c.warn(
                "/template_name",
                "unknown-template",
                Source::Lint,
                format!("No template named \"{}\" is among the templates given; Zadig answers 500 when it does not exist.", r.template_name),
            );
        }
        found
    } else {
        None
    };
    if r.target_services.is_empty() {
        c.error("/target_services", "required", Source::Server, "A template build needs at least one service in target_services.");
    }
    let pairs: Vec<ServiceWithModule> = r
        .target_services
        .iter()
        .map(|t| ServiceWithModule { service_name: t.service_name.clone(), service_module: t.service_module.clone() })
        .collect();
    let list = At::root("/target_services");
    service_list(&mut c, list, &pairs);
    for (i, target) in r.target_services.iter().enumerate() {
        let at = list.index(i);
        if target.repo_info.is_empty() {
            c.warn(at.key("repo_info"), "no-repos", Source::Lint, "No repository is given for this service; the build will check nothing out.");
        }
        repos(&mut c, at.key("repo_info"), &target.repo_info, Source::Server);
        inputs(&mut c, at.key("inputs"), &target.inputs, template);
    }
    c.out
}

/// A build template (`/openapi/templates/builds`), with the server's own strict rules.
pub(crate) fn build_template(t: &BuildTemplate, context: &Context) -> Vec<Diagnostic> {
    let mut c = Checker::default();
    if c.require("/name", &t.name, Source::Server, "The template name")
        && let Some(other) = context.template_named(&t.name) {
            c.error(
                "/name",
                "duplicate-name",
                Source::Server,
                format!("A template named \"{}\" already exists ({}); template names are unique.", t.name.trim(), other.origin),
            );
        }
    infrastructure(&mut c, &t.infrastructure, Api::Template);
    if t.infrastructure == "vm" {
        if t.vm_labels.is_empty() {
            c.error("/vm_labels", "required", Source::Server, "A vm template needs at least one VM label to pick hosts.");
        }
        for (i, label) in t.vm_labels.iter().enumerate() {
            c.require(At::root("/vm_labels").index(i), label, Source::Server, "A VM label");
        }
    }
    c.require("/build_os", &t.build_os, Source::Server, "The build OS");
    script(&mut c, &t.script_type, &t.build_script, &t.infrastructure, Api::Template);
    installs(&mut c, &t.installs, Api::Template);
    let vars: Vec<Var<'_>> = t.parameters.iter().map(|p| Var {
        key: &p.key, kind: &p.kind, default: &p.default_value, options: &p.choice_option, values: &p.choice_value, credential: p.is_credential,
    }).collect();
    variables(&mut c, At::root("/parameters"), &vars, Api::Template);
    for (i, p) in t.parameters.iter().enumerate() {
        if p.default_value.is_empty() {
            c.error(
                At::root("/parameters").index(i).key("default_value"),
                "required",
                Source::Server,
                "Template variables need a default value; builds that do not set the input use it.",
            );
        }
    }
    if let Some(step) = &t.docker_build_step {
        docker(&mut c, step, Api::Template);
    }
    if let Some(advanced) = &t.advanced_settings {
        kube::advanced(&mut c, At::root("/advanced_settings"), advanced, &t.infrastructure, Api::Template);
    }
    c.out
}

fn build_name(c: &mut Checker, name: &str, project: &str, context: &Context) {
    if !c.require("/name", name, Source::Server, "The build name") {
        return;
    }
    if !is_zadig_build_name(name) {
        c.error(
            "/name",
            "invalid-name",
            Source::Lint,
            format!("\"{name}\" has characters Zadig's console refuses in build names: use lowercase letters, digits and '-' only."),
        );
    }
    if let Some(other) = context.build_named(name) {
        let project_note = if other.project_key == project { String::new() } else { format!(" in project \"{}\"", other.project_key) };
        c.error(
            "/name",
            "duplicate-name",
            Source::Server,
            format!(
                "A build named \"{name}\" already exists{project_note} ({}); Zadig build names are unique across the whole instance.",
                other.origin
            ),
        );
    }
}

fn infrastructure(c: &mut Checker, value: &str, api: Api) {
    if c.require("/infrastructure", value, Source::Server, "The infrastructure (kubernetes or vm)") {
        let consequence = match api {
            Api::Build => " Zadig stores it but runs anything other than vm on Kubernetes.",
            Api::Template => "",
        };
        c.one_of("/infrastructure", value, &INFRASTRUCTURES, api.checked(Source::Runtime), "Infrastructure", consequence);
    }
}

fn build_os(c: &mut Checker, value: &str) {
    if !c.require("/build_os", value, Source::Server, "The build OS (a basic image label such as \"ubuntu 20.04\")") {
        return;
    }
    let by_value = [("focal", "ubuntu 20.04"), ("bionic", "ubuntu 18.04")];
    if let Some((_, label)) = by_value.iter().find(|(v, _)| value.eq_ignore_ascii_case(v)) {
        c.error(
            "/build_os",
            "build-os-label",
            Source::Server,
            format!("Zadig finds the image by its label, not its value: write \"{label}\" instead of \"{value}\"."),
        );
    } else if let Some(label) = BUILTIN_BUILD_OS.iter().find(|l| l.eq_ignore_ascii_case(value.trim()) && **l != value) {
        c.error(
            "/build_os",
            "build-os-label",
            Source::Server,
            format!("Image labels match exactly: write \"{label}\" instead of \"{value}\"."),
        );
    }
}

fn script(c: &mut Checker, script_type: &str, body: &str, infrastructure: &str, api: Api) {
    if c.require("/script_type", script_type, Source::Server, "The script type (shell, batch_file or powershell)") {
        c.one_of(
            "/script_type",
            script_type,
            &SCRIPT_TYPES,
            api.checked(Source::Runtime),
            "Script type",
            " Zadig's job runner only knows these, so the script would not run.",
        );
        if infrastructure == "kubernetes" && (script_type == "batch_file" || script_type == "powershell") {
            c.warn(
                "/script_type",
                "windows-script-on-kubernetes",
                Source::Runtime,
                format!("A {script_type} script needs a Windows host; Kubernetes build pods run Linux. Use infrastructure vm."),
            );
        }
    }
    if body.trim().is_empty() {
        match api {
            Api::Template => c.error("/build_script", "required", Source::Server, "A template needs a build script."),
            Api::Build => c.warn("/build_script", "empty-script", Source::Lint, "The build script is empty: the build would run nothing."),
        }
    }
}

fn services(c: &mut Checker, list: &[ServiceWithModule]) {
    if list.is_empty() {
        c.warn("/services", "no-services", Source::Lint, "No service is bound: workflows cannot pick this build for any service.");
    }
    service_list(c, At::root("/services"), list);
}

fn service_list(c: &mut Checker, base: At<'_>, list: &[ServiceWithModule]) {
    for (i, s) in list.iter().enumerate() {
        let at = base.index(i);
        c.require(at.key("service_name"), &s.service_name, Source::Runtime, "The service name");
        c.require(at.key("service_module"), &s.service_module, Source::Runtime, "The service module");
    }
    c.duplicates(
        list.iter()
            .enumerate()
            .filter(|(_, s)| !s.service_name.is_empty() && !s.service_module.is_empty())
            .map(|(i, s)| (i, (s.service_name.as_str(), s.service_module.as_str()))),
        |i| base.index(i).into_path(),
        true,
        Source::Runtime,
        |first| format!("This service and module are already listed (entry {}); Zadig's build job refuses duplicate service modules.", first + 1),
    );
}

fn installs(c: &mut Checker, list: &[ToolItem], api: Api) {
    let source = api.checked(Source::Runtime);
    let base = At::root("/installs");
    for (i, tool) in list.iter().enumerate() {
        let at = base.index(i);
        c.require(at.key("name"), &tool.name, source, "The tool name");
        c.require(at.key("version"), &tool.version, source, "The tool version");
    }
    c.duplicates(
        list.iter().enumerate().filter(|(_, t)| !t.name.is_empty()).map(|(i, t)| (i, t.name.as_str())),
        |i| base.index(i).key("name").into_path(),
        false,
        Source::Lint,
        |first| format!("This tool is already installed by entry {}; only one version ends up on PATH.", first + 1),
    );
}

/// Repository rows; `codehost` is who objects to a missing code host alias (the build API
/// refuses the request; the template path answers 500).
fn repos(c: &mut Checker, base: At<'_>, list: &[RepoInput], codehost: Source) {
    for (i, r) in list.iter().enumerate() {
        let at = base.index(i);
        c.require(at.key("codehost_name"), &r.codehost_name, codehost, "The code host alias (codehost_name)");
        c.require(at.key("repo_namespace"), &r.repo_namespace, Source::Runtime, "The repository namespace (organisation or user)");
        c.require(at.key("repo_name"), &r.repo_name, Source::Runtime, "The repository name");
        let pinned = r.enable_commit && !r.commit_id.trim().is_empty();
        if !pinned && r.pr == 0 && r.prs.is_empty() {
            c.require(at.key("branch"), &r.branch, Source::Runtime, "The branch");
        }
        if r.enable_commit && r.commit_id.trim().is_empty() {
            c.error(at.key("commit_id"), "required", Source::Runtime, "enable_commit is on, so the commit to build (commit_id) is required.");
        }
        if r.pr != 0 || !r.prs.is_empty() {
            c.warn(at.key("prs"), "unsupported", Source::Lint, "The build OpenAPI does not support pull request settings; Zadig ignores them.");
        }
        if !r.stream.is_empty() || !r.view_mapping.is_empty() || r.changelist_id != 0 || r.shelve_id != 0 {
            c.warn(at, "unsupported", Source::Lint, "The build OpenAPI does not support Perforce settings; Zadig ignores them.");
        }
        if r.checkout_path.starts_with('/') || r.checkout_path.split('/').any(|p| p == "..") {
            c.warn(at.key("checkout_path"), "checkout-path", Source::Runtime, "The checkout path is a directory inside the workspace: no leading '/' and no '..'.");
        }
    }
    c.duplicates(
        list.iter().enumerate().filter(|(_, r)| !r.repo_name.is_empty()).map(|(i, r)| {
            let dir = if r.checkout_path.is_empty() { r.repo_name.as_str() } else { r.checkout_path.trim_end_matches('/') };
            (i, dir)
        }),
        |i| base.index(i).into_path(),
        true,
        Source::Runtime,
        |first| format!("This repository is checked out into the same directory as entry {}; set a different checkout_path.", first + 1),
    );
}

/// A build or template variable, whichever wire type it came from.
struct Var<'a> {
    key: &'a str,
    kind: &'a str,
    default: &'a str,
    options: &'a [String],
    values: &'a [String],
    credential: bool,
}

fn variables(c: &mut Checker, base: At<'_>, list: &[Var<'_>], api: Api) {
    for (i, v) in list.iter().enumerate() {
        let at = base.index(i);
        if c.require(at.key("key"), v.key, api.checked(Source::Runtime), "The variable key") {
            if !is_env_name(v.key) {
                c.warn(
                    at.key("key"),
                    "invalid-key",
                    Source::Runtime,
                    format!("\"{}\" cannot be read as ${} in a shell script: use letters, digits and '_', not starting with a digit.", v.key, v.key),
                );
            } else if ZADIG_BUILTIN_ENV.contains(&v.key) {
                c.warn(
                    at.key("key"),
                    "reserved-key",
                    Source::Runtime,
                    format!("Zadig sets ${} itself in every build; this variable collides with it.", v.key),
                );
            }
        }
        variable_values(c, at, v, api);
    }
    c.duplicates(
        list.iter().enumerate().filter(|(_, v)| !v.key.is_empty()).map(|(i, v)| (i, v.key)),
        |i| base.index(i).key("key").into_path(),
        true,
        api.checked(Source::Runtime),
        |first| format!("This key is already used by variable {}; keys must be unique.", first + 1),
    );
}

fn variable_values(c: &mut Checker, at: At<'_>, v: &Var<'_>, api: Api) {
    let kind_path = at.key("type");
    match v.kind {
        "" => c.error(kind_path, "required", api.checked(Source::Runtime), "The variable type (string, choice or multi-select) is required."),
        kind if OTHER_PARAMETER_TYPES.contains(&kind) && api == Api::Build => c.warn(
            kind_path,
            "unsupported-type",
            Source::Lint,
            format!("Zadig knows \"{kind}\" variables, but builds are edited with string, choice and multi-select only."),
        ),
        kind => c.one_of(kind_path, kind, &PARAMETER_TYPES, api.checked(Source::Runtime), "Variable type", ""),
    }
    let options: HashSet<&str> = v.options.iter().map(String::as_str).collect();
    match v.kind {
        "string"
            if (!v.options.is_empty() || !v.values.is_empty()) => {
                c.warn(at.key("choice_option"), "ignored-options", Source::Lint, "Choice options are ignored for string variables.");
            }
        "choice" | "multi-select" => {
            if v.options.is_empty() {
                c.error(at.key("choice_option"), "no-options", Source::Runtime, format!("A {} variable needs options to choose from.", v.kind));
            }
            for (j, option) in v.options.iter().enumerate() {
                if option.is_empty() {
                    c.warn(at.key("choice_option").index(j), "empty-option", Source::Lint, "An option is empty.");
                }
            }
            c.duplicates(
                v.options.iter().enumerate().map(|(j, o)| (j, o.as_str())),
                |j| at.key("choice_option").index(j).into_path(),
                false,
                Source::Lint,
                |first| format!("This option is already listed (option {}).", first + 1),
            );
            // A credential's value never appears in a message.
            let shown = if v.credential { "(secret)".to_string() } else { format!("\"{}\"", v.default) };
            if v.kind == "choice" {
                if !v.options.is_empty() && !options.contains(v.default) {
                    c.error(
                        at.key("default_value"),
                        "default-not-an-option",
                        Source::Runtime,
                        format!("The default {shown} is not one of the options; a run without a choice would fail."),
                    );
                }
                if !v.values.is_empty() {
                    c.warn(at.key("choice_value"), "ignored-values", Source::Lint, "choice_value is used by multi-select variables only.");
                }
            } else {
                for (j, value) in v.values.iter().enumerate() {
                    if !options.contains(value.as_str()) {
                        c.error(
                            at.key("choice_value").index(j),
                            "value-not-an-option",
                            Source::Runtime,
                            format!("The selected value \"{value}\" is not one of the options."),
                        );
                    }
                }
                c.duplicates(
                    v.values.iter().enumerate().map(|(j, o)| (j, o.as_str())),
                    |j| at.key("choice_value").index(j).into_path(),
                    false,
                    Source::Lint,
                    |first| format!("This value is already selected (value {}).", first + 1),
                );
                let defaults: Vec<&str> = v.default.split(',').map(str::trim).filter(|d| !d.is_empty()).collect();
                if !v.options.is_empty() && defaults.iter().any(|d| !options.contains(d)) {
                    c.error(
                        at.key("default_value"),
                        "default-not-an-option",
                        Source::Runtime,
                        format!("The default {shown} names a value that is not one of the options."),
                    );
                }
            }
        }
        _ => {}
    }
    if v.credential && !v.kind.is_empty() && v.kind != "string" {
        c.warn(
            at.key("is_credential"),
            "credential-type",
            Source::Lint,
            format!("Only string variables can be credentials in Zadig; a {} variable's value is shown in clear.", v.kind),
        );
    }
}

fn inputs(c: &mut Checker, base: At<'_>, list: &[Kv], template: Option<&crate::model::Template>) {
    for (i, kv) in list.iter().enumerate() {
        let at = base.index(i);
        if !c.require(at.key("key"), &kv.key, Source::Runtime, "The input key") {
            continue;
        }
        let Some(template) = template else { continue };
        match template.variable(&kv.key) {
            None => c.warn(
                at.key("key"),
                "unknown-input",
                Source::Server,
                format!("Template \"{}\" has no variable \"{}\"; Zadig drops this input silently.", template.name, kv.key),
            ),
            Some(var) if var.kind == "choice" && !var.choice_options.contains(&kv.value) => c.error(
                at.key("value"),
                "value-not-an-option",
                Source::Runtime,
                if kv.is_credential || var.is_credential {
                    format!("The value is not one of the options of {}.", var.key)
                } else {
                    format!("\"{}\" is not one of the options of {} ({}).", kv.value, var.key, var.choice_options.join(", "))
                },
            ),
            Some(var) if var.is_credential && !kv.is_credential && !kv.value.is_empty() => c.warn(
                at.key("is_credential"),
                "input-not-secret",
                Source::Lint,
                format!(
                    "Template \"{}\" keeps {} secret, but this input is not marked as one: its value is stored and exported in clear.",
                    template.name, var.key
                ),
            ),
            Some(_) => {}
        }
    }
    c.duplicates(
        list.iter().enumerate().filter(|(_, kv)| !kv.key.is_empty()).map(|(i, kv)| (i, kv.key.as_str())),
        |i| base.index(i).key("key").into_path(),
        false,
        Source::Lint,
        |first| format!("This input is already set by entry {}; only one value is kept.", first + 1),
    );
    if let Some(template) = template {
        let given: HashSet<&str> = list.iter().map(|kv| kv.key.as_str()).collect();
        for var in template.variables.iter().filter(|v| v.required && !given.contains(v.key.as_str())) {
            c.error(
                base,
                "missing-input",
                Source::Runtime,
                format!("Template \"{}\" requires the input \"{}\"; add it for this service.", template.name, var.key),
            );
        }
    }
}

fn docker(c: &mut Checker, d: &DockerBuildStep, api: Api) {
    let base = At::root("/docker_build_step");
    let source = api.checked(Source::Runtime);
    c.require(base.key("build_context_dir"), &d.build_context_dir, source, "The build context directory");
    match d.dockerfile_source.as_str() {
        "local" => {
            c.require(base.key("dockerfile_directory"), &d.dockerfile_directory, source, "The Dockerfile path (dockerfile_directory)");
            if !d.template_name.is_empty() {
                c.warn(base.key("template_name"), "ignored", Source::Lint, "A local Dockerfile is used; template_name is ignored.");
            }
        }
        "template" => {
            c.require(base.key("template_name"), &d.template_name, Source::Server, "The Dockerfile template name");
            if !d.dockerfile_directory.is_empty() {
                c.warn(base.key("dockerfile_directory"), "ignored", Source::Lint, "A Dockerfile template is used; dockerfile_directory is ignored.");
            }
        }
        "" => c.error(base.key("dockerfile_source"), "required", Source::Server, "The Dockerfile source (local or template) is required."),
        other => c.one_of(base.key("dockerfile_source"), other, &DOCKERFILE_SOURCES, Source::Server, "Dockerfile source", ""),
    }
    let platforms: Vec<&str> = d.platforms.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    if d.enable_buildkit && platforms.is_empty() {
        c.error(base.key("platforms"), "required", source, "BuildKit needs at least one platform, e.g. linux/amd64.");
    }
    if !d.enable_buildkit && !platforms.is_empty() {
        c.warn(base.key("platforms"), "ignored", Source::Lint, "Platforms are used only when BuildKit is enabled.");
    }
    for p in &platforms {
        let parts: Vec<&str> = p.split('/').collect();
        if !(2..=3).contains(&parts.len()) || parts.iter().any(|x| x.is_empty()) {
            c.error(
                base.key("platforms"),
                "invalid-platform",
                Source::Runtime,
                format!("\"{p}\" is not a platform: write os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8."),
            );
        }
    }
}
