//! Rules for the Kubernetes side of Zadig's advanced settings: resources, volumes, cache, labels,
//! annotations and outputs. The build API passes these to Kubernetes unchecked (failures show
//! when the build runs); the template API checks most of them itself.

use serde_json::Value;

use crate::diagnostic::Source;
use crate::validate::Checker;
use crate::validate::checker::{At, IntoPath};
use crate::validate::rules::{gpu_limit_problem, is_env_name, label_key_problem, label_value_problem};
use crate::wire::zadig::{ACCESS_MODES, AdvancedSetting, KeyValue, PROVISION_TYPES, ResourceSpec, Storages};

/// Which API reads the settings: the build API (Kubernetes finds problems at run time) or the
/// template API (the server refuses them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Api {
    Build,
    Template,
}

impl Api {
    /// The source of a finding the template API checks itself and the build API leaves to run time.
    pub(crate) fn checked(self, otherwise: Source) -> Source {
        match self {
            Api::Template => Source::Server,
            Api::Build => otherwise,
        }
    }
}

/// Built-in outputs Zadig always adds.
const BUILTIN_OUTPUTS: [&str; 2] = ["IMAGE", "PKG_FILE"];

pub(crate) fn advanced(c: &mut Checker, base: At<'_>, a: &AdvancedSetting, infrastructure: &str, api: Api) {
    let on_vm = infrastructure == "vm";
    if api == Api::Build || !on_vm {
        c.require(base.key("cluster_name"), &a.cluster_name, Source::Server, "With advanced settings, the cluster name");
    }
    timeout(c, base.key("timeout"), a.timeout, api);
    resources(c, base.key("resource_spec"), &a.resource_spec, api, on_vm);
    if let Some(cache) = &a.cache_setting
        && cache.enabled && cache.cache_dir.trim().is_empty() {
            c.error(
                base.key("cache_setting").key("cache_dir"),
                "required",
                api.checked(Source::Runtime),
                "An enabled cache needs a cache directory (for example $WORKSPACE/.cache).",
            );
        }
    if let Some(storages) = &a.storages {
        volumes(c, base.key("storages"), storages, api);
    }
    labels(c, base.key("custom_labels"), &a.custom_labels, api, true);
    labels(c, base.key("custom_annotations"), &a.custom_annotations, api, false);
    outputs(c, base.key("outputs"), &a.outputs);
    if on_vm {
        let k8s_only = [
            (a.resource_spec != ResourceSpec::default(), "resource_spec"),
            (a.storages.as_ref().is_some_and(|s| s.enabled), "storages"),
            (!a.custom_labels.is_empty(), "custom_labels"),
            (!a.custom_annotations.is_empty(), "custom_annotations"),
            (a.privileged_mode, "privileged_mode"),
        ];
        for (_, field) in k8s_only.iter().filter(|(set, _)| *set) {
            c.warn(
                base.key(field),
                "ignored-on-vm",
                Source::Lint,
                format!("{field} applies to Kubernetes build pods; a vm build ignores it."),
            );
        }
    }
}

fn timeout(c: &mut Checker, path: At<'_>, minutes: i64, api: Api) {
    if minutes <= 0 {
        match api {
            Api::Template => c.error(path, "timeout-not-positive", Source::Server, "The timeout must be more than 0 minutes."),
            Api::Build => c.warn(
                path,
                "timeout-not-positive",
                Source::Lint,
                format!("A timeout of {minutes} makes Zadig run the build with 600 minutes (10 hours); set the minutes you mean."),
            ),
        }
    } else if minutes > 24 * 60 {
        c.warn(
            path,
            "timeout-in-minutes",
            Source::Lint,
            format!(
                "The timeout is in minutes: {minutes} minutes is {}. If you meant {minutes} seconds, write {}.",
                human_minutes(minutes),
                minutes.saturating_add(59) / 60
            ),
        );
    }
}

fn human_minutes(minutes: i64) -> String {
    let hours = minutes as f64 / 60.0;
    if hours >= 48.0 { format!("{:.1} days", hours / 24.0) } else { format!("{hours:.1} hours") }
}

fn resources(c: &mut Checker, base: At<'_>, spec: &ResourceSpec, api: Api, on_vm: bool) {
    let fields = [
        ("cpu_limit", spec.cpu_limit, "CPU limit"),
        ("memory_limit", spec.memory_limit, "memory limit"),
        ("cpu_req", spec.cpu_req, "CPU request"),
        ("memory_req", spec.memory_req, "memory request"),
    ];
    for (field, value, what) in fields {
        if value < 0 {
            c.error(
                base.key(field),
                "negative",
                api.checked(Source::Runtime),
                format!("The {what} cannot be negative ({value}); Kubernetes refuses the build pod."),
            );
        }
    }
    let pairs = [
        ("cpu_req", spec.cpu_req, spec.cpu_limit, "CPU", "m"),
        ("memory_req", spec.memory_req, spec.memory_limit, "memory", " MiB"),
    ];
    for (field, request, limit, what, unit) in pairs {
        if limit > 0 && request > limit {
            c.error(
                base.key(field),
                "request-above-limit",
                api.checked(Source::Runtime),
                format!(
                    "The {what} request ({request}{unit}) is above its limit ({limit}{unit}); Kubernetes requires request ≤ limit."
                ),
            );
        }
    }
    if !spec.gpu_limit.is_empty()
        && let Some(problem) = gpu_limit_problem(&spec.gpu_limit) {
            c.error(base.key("gpu_limit"), "invalid-gpu-limit", Source::Server, format!("The GPU limit {problem}."));
        }
    if !on_vm && *spec == ResourceSpec::default() {
        c.warn(
            base,
            "no-resources",
            Source::Lint,
            "No CPU or memory is set: Zadig stores a custom spec of zeros, and its pod requests nothing, so the scheduler may put it on a node already full. Pick a preset (low is 1000m/1024 MiB requested) or set values.",
        );
    }
}

fn volumes(c: &mut Checker, base: At<'_>, storages: &Storages, api: Api) {
    if !storages.enabled {
        return;
    }
    let list = base.key("storages_properties");
    if storages.storages_properties.is_empty() {
        c.warn(list, "no-volumes", Source::Lint, "Storages are enabled but no volume is listed.");
    }
    let source = api.checked(Source::Runtime);
    for (i, v) in storages.storages_properties.iter().enumerate() {
        let at = list.index(i);
        let mount = at.key("mount_path");
        if c.require(mount, &v.mount_path, source, "The mount path") && !v.mount_path.starts_with(['/', '$']) {
            c.warn(mount, "relative-mount-path", Source::Runtime, "Kubernetes mounts volumes at absolute paths; start the mount path with '/'.");
        }
        match v.provision_type.as_str() {
            "dynamic" => {
                c.require(at.key("storage_class"), &v.storage_class, source, "A dynamic volume's storage class");
                if v.storage_size_in_gib <= 0 {
                    c.error(
                        at.key("storage_size_in_gib"),
                        "size-not-positive",
                        source,
                        format!("A dynamic volume needs a size above 0 GiB (got {}).", v.storage_size_in_gib),
                    );
                }
            }
            "static" => {
                c.require(at.key("pvc"), &v.pvc, source, "A static volume's persistent volume claim (pvc)");
            }
            "" => c.error(at.key("provision_type"), "required", source, "The provision type (dynamic or static) is required."),
            other => {
                let hint = if other == "dynmaic" { " (Zadig's source comment misspells dynamic this way)" } else { "" };
                c.one_of(at.key("provision_type"), other, &PROVISION_TYPES, source, "Provision type", hint);
            }
        }
        c.one_of(
            at.key("access_mode"),
            &v.access_mode,
            &ACCESS_MODES,
            Source::Runtime,
            "Access mode",
            " Kubernetes refuses the claim; leave it empty for ReadWriteMany.",
        );
    }
    c.duplicates(
        storages
            .storages_properties
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.mount_path.is_empty())
            .map(|(i, v)| (i, v.mount_path.trim_end_matches('/'))),
        |i| list.index(i).key("mount_path").into_path(),
        true,
        Source::Runtime,
        |first| format!("Another volume (number {}) is already mounted here; Kubernetes refuses two mounts at one path.", first + 1),
    );
}

fn labels(c: &mut Checker, base: At<'_>, items: &[KeyValue], api: Api, is_label: bool) {
    let what = if is_label { "label" } else { "annotation" };
    for (i, kv) in items.iter().enumerate() {
        let at = base.index(i);
        if !c.require(at.key("key"), &kv.key, api.checked(Source::Runtime), &format!("A {what} key")) {
            continue;
        }
        if let Some(problem) = label_key_problem(&kv.key) {
            c.error(at.key("key"), "invalid-key", Source::Runtime, format!("The {what} key \"{}\" {problem}.", kv.key));
        }
        match &kv.value {
            Value::String(text) => {
                if is_label
                    && let Some(problem) = label_value_problem(text) {
                        c.error(at.key("value"), "invalid-value", Source::Runtime, format!("The label value \"{text}\" {problem}."));
                    }
            }
            other => c.error(
                at.key("value"),
                "invalid-type",
                api.checked(Source::Runtime),
                format!("Kubernetes {what} values are text; write {} in quotes.", if other.is_null() { "\"\"".to_string() } else { other.to_string() }),
            ),
        }
    }
    c.duplicates(
        items.iter().enumerate().filter(|(_, kv)| !kv.key.is_empty()).map(|(i, kv)| (i, kv.key.as_str())),
        |i| base.index(i).key("key").into_path(),
        false,
        Source::Lint,
        |first| format!("This {what} key is already set by entry {}; the later value wins.", first + 1),
    );
}

fn outputs(c: &mut Checker, base: At<'_>, outputs: &[String]) {
    for (i, name) in outputs.iter().enumerate() {
        let at = base.index(i);
        if !c.require(at, name, Source::Runtime, "An output variable name") {
            continue;
        }
        if BUILTIN_OUTPUTS.contains(&name.as_str()) {
            c.warn(at, "builtin-output", Source::Lint, format!("Zadig always outputs {name}; listing it again makes it appear twice."));
        } else if !is_env_name(name) {
            c.error(
                at,
                "invalid-output",
                Source::Runtime,
                format!("\"{name}\" is not a variable name a script can export (letters, digits and '_', not starting with a digit)."),
            );
        }
    }
    c.duplicates(
        outputs.iter().enumerate().map(|(i, n)| (i, n.as_str())),
        |i| base.index(i).into_path(),
        false,
        Source::Lint,
        |first| format!("This output is already listed (entry {}).", first + 1),
    );
}
