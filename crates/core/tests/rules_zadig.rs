//! One broken and one satisfying input per Zadig rule, asserting the finding's path and code.
//! Each case patches the (clean) published example.

mod support;

use buildbay_core::diagnostic::Severity::{self, Error, Warning};
use buildbay_core::validate::{Context, KnownName};
use buildbay_core::Target;
use serde_json::{Value, json};
use support::{check_doc, check_text, dump, fixture_json, has, set};

/// A rule case: patches that break the rule, the finding expected, and patches that satisfy it.
struct Case {
    rule: &'static str,
    breaks: Vec<(&'static str, Option<Value>)>,
    path: &'static str,
    code: &'static str,
    severity: Severity,
    satisfies: Vec<(&'static str, Option<Value>)>,
}

fn case(rule: &'static str, breaks: &[(&'static str, Value)], path: &'static str, code: &'static str, severity: Severity, satisfies: &[(&'static str, Value)]) -> Case {
    let patch = |p: &[(&'static str, Value)]| p.iter().map(|(k, v)| (*k, if v.is_null() { None } else { Some(v.clone()) })).collect();
    Case { rule, breaks: patch(breaks), path, code, severity, satisfies: patch(satisfies) }
}

fn run(base: &Value, cases: Vec<Case>) {
    let clean = check_doc(base, None);
    assert!(clean.diagnostics.is_empty(), "the base document is clean:\n{}", dump(&clean));
    for c in cases {
        let mut broken = base.clone();
        for (p, v) in &c.breaks {
            set(&mut broken, p, v.clone());
        }
        let checked = check_doc(&broken, None);
        assert!(has(&checked, c.path, c.code, c.severity), "{}: expected {} {} {}, got:\n{}", c.rule, c.severity, c.path, c.code, dump(&checked));
        let mut fixed = broken.clone();
        for (p, v) in &c.satisfies {
            set(&mut fixed, p, v.clone());
        }
        let checked = check_doc(&fixed, None);
        assert!(
            !checked.diagnostics.iter().any(|d| d.code == c.code && d.path == c.path),
            "{}: the satisfying input still has {} at {}:\n{}",
            c.rule,
            c.code,
            c.path,
            dump(&checked)
        );
    }
}

fn build() -> Value {
    fixture_json("seeds/zadig-build.json")
}

#[test]
fn required_fields_of_a_plain_build() {
    run(&build(), vec![
        case("name required", &[("/name", json!(""))], "/name", "required", Error, &[("/name", json!("api"))]),
        case("name absent", &[("/name", Value::Null)], "/name", "required", Error, &[("/name", json!("api"))]),
        case("project required", &[("/project_key", json!(" "))], "/project_key", "required", Error, &[("/project_key", json!("p"))]),
        case("infrastructure required", &[("/infrastructure", json!(""))], "/infrastructure", "required", Error, &[("/infrastructure", json!("vm"))]),
        case("build_os required", &[("/build_os", Value::Null)], "/build_os", "required", Error, &[("/build_os", json!("ubuntu 18.04"))]),
        case("script_type required", &[("/script_type", json!(""))], "/script_type", "required", Error, &[("/script_type", json!("shell"))]),
        case("empty script", &[("/build_script", json!(""))], "/build_script", "empty-script", Warning, &[("/build_script", json!("make"))]),
        case("no services", &[("/services", json!([]))], "/services", "no-services", Warning, &[("/services/0", json!({"service_name": "a", "service_module": "a"}))]),
    ]);
}

#[test]
fn enumerations() {
    run(&build(), vec![
        case("infrastructure", &[("/infrastructure", json!("k8s"))], "/infrastructure", "invalid-enum", Error, &[("/infrastructure", json!("kubernetes"))]),
        case("script type", &[("/script_type", json!("bash"))], "/script_type", "invalid-enum", Error, &[("/script_type", json!("shell"))]),
        case("parameter type", &[("/parameters/1/type", json!("text"))], "/parameters/1/type", "invalid-enum", Error, &[("/parameters/1/type", json!("string"))]),
        case("parameter type Zadig knows", &[("/parameters/1/type", json!("file"))], "/parameters/1/type", "unsupported-type", Warning, &[("/parameters/1/type", json!("string"))]),
        case("dockerfile source", &[("/docker_build_step/dockerfile_source", json!("remote"))], "/docker_build_step/dockerfile_source", "invalid-enum", Error, &[("/docker_build_step/dockerfile_source", json!("local"))]),
        case("provision type", &[("/advanced_settings/storages/storages_properties/0/provision_type", json!("dynmaic"))], "/advanced_settings/storages/storages_properties/0/provision_type", "invalid-enum", Error, &[("/advanced_settings/storages/storages_properties/0/provision_type", json!("dynamic"))]),
        case("access mode", &[("/advanced_settings/storages/storages_properties/0/access_mode", json!("RWX"))], "/advanced_settings/storages/storages_properties/0/access_mode", "invalid-enum", Error, &[("/advanced_settings/storages/storages_properties/0/access_mode", json!("ReadWriteMany"))]),
        case("build os by value", &[("/build_os", json!("focal"))], "/build_os", "build-os-label", Error, &[("/build_os", json!("ubuntu 20.04"))]),
        case("build os case", &[("/build_os", json!("Ubuntu 20.04"))], "/build_os", "build-os-label", Error, &[("/build_os", json!("ubuntu 20.04"))]),
        case("windows script on kubernetes", &[("/script_type", json!("powershell"))], "/script_type", "windows-script-on-kubernetes", Warning, &[("/infrastructure", json!("vm"))]),
    ]);
}

#[test]
fn names_and_uniqueness() {
    run(&build(), vec![
        case("build name characters", &[("/name", json!("API_Test"))], "/name", "invalid-name", Error, &[("/name", json!("api-test"))]),
        case("duplicate parameter keys", &[("/parameters/1/key", json!("aa"))], "/parameters/1/key", "duplicate", Error, &[("/parameters/1/key", json!("cc"))]),
        case("duplicate services", &[("/services/1/service_name", json!("service1")), ("/services/1/service_module", json!("service1"))], "/services/1", "duplicate", Error, &[("/services/1/service_module", json!("service9"))]),
        case("service module required", &[("/services/0/service_module", json!(""))], "/services/0/service_module", "required", Error, &[("/services/0/service_module", json!("m"))]),
        case("same checkout directory", &[("/repo_info/1", json!({"codehost_name": "gitlab", "repo_namespace": "other", "repo_name": "multi-service-demo", "branch": "main"}))], "/repo_info/1", "duplicate", Error, &[("/repo_info/1/checkout_path", json!("other"))]),
        case("variable key as shell name", &[("/parameters/1/key", json!("my-var"))], "/parameters/1/key", "invalid-key", Warning, &[("/parameters/1/key", json!("MY_VAR"))]),
        case("variable key Zadig sets", &[("/parameters/1/key", json!("IMAGE"))], "/parameters/1/key", "reserved-key", Warning, &[("/parameters/1/key", json!("MY_IMAGE"))]),
    ]);
}

#[test]
fn build_names_are_unique_across_the_instance() {
    let text = serde_json::to_string(&build()).unwrap();
    let context = Context::new(
        vec![KnownName { name: "api-test".into(), project_key: "other".into(), origin: "b.json".into(), existing: false }],
        vec![],
    )
    .for_origin("a.json");
    let checked = check_text(&text, None, &context);
    assert!(support::has(&checked, "/name", "duplicate-name", Error), "{}", dump(&checked));
    assert!(checked.diagnostics.iter().any(|d| d.message.contains("project \"other\"")));
    // The build itself is not its own duplicate.
    let own = Context::new(vec![KnownName { name: "api-test".into(), project_key: "yaml".into(), origin: "a.json".into(), existing: false }], vec![]).for_origin("a.json");
    assert!(check_text(&text, None, &own).diagnostics.is_empty());
}

#[test]
fn repositories_and_installs() {
    run(&build(), vec![
        case("code host alias", &[("/repo_info/0/codehost_name", json!(""))], "/repo_info/0/codehost_name", "required", Error, &[("/repo_info/0/codehost_name", json!("gh"))]),
        case("namespace", &[("/repo_info/0/repo_namespace", Value::Null)], "/repo_info/0/repo_namespace", "required", Error, &[("/repo_info/0/repo_namespace", json!("org"))]),
        case("branch", &[("/repo_info/0/branch", json!(""))], "/repo_info/0/branch", "required", Error, &[("/repo_info/0/branch", json!("dev"))]),
        case("pinned commit needs an id", &[("/repo_info/0/enable_commit", json!(true))], "/repo_info/0/commit_id", "required", Error, &[("/repo_info/0/commit_id", json!("abc123"))]),
        case("tool version", &[("/installs/0/version", json!(""))], "/installs/0/version", "required", Error, &[("/installs/0/version", json!("1.22"))]),
        case("tool twice", &[("/installs/1", json!({"name": "go", "version": "1.21"}))], "/installs/1/name", "duplicate", Warning, &[("/installs/1/name", json!("node"))]),
    ]);
}

#[test]
fn resources_timeout_and_gpu() {
    let rs = "/advanced_settings/resource_spec";
    run(&build(), vec![
        case("negative cpu limit", &[("/advanced_settings/resource_spec/cpu_limit", json!(-1))], "/advanced_settings/resource_spec/cpu_limit", "negative", Error, &[("/advanced_settings/resource_spec/cpu_limit", json!(1000))]),
        case("negative memory request", &[("/advanced_settings/resource_spec/memory_req", json!(-5))], "/advanced_settings/resource_spec/memory_req", "negative", Error, &[("/advanced_settings/resource_spec/memory_req", json!(5))]),
        case("cpu request above limit", &[("/advanced_settings/resource_spec/cpu_req", json!(2000))], "/advanced_settings/resource_spec/cpu_req", "request-above-limit", Error, &[("/advanced_settings/resource_spec/cpu_limit", json!(2000))]),
        case("memory request above limit", &[("/advanced_settings/resource_spec/memory_req", json!(4096))], "/advanced_settings/resource_spec/memory_req", "request-above-limit", Error, &[("/advanced_settings/resource_spec/memory_req", json!(2000))]),
        case("gpu format", &[("/advanced_settings/resource_spec/gpu_limit", json!("nvidia.com/gpu"))], "/advanced_settings/resource_spec/gpu_limit", "invalid-gpu-limit", Error, &[("/advanced_settings/resource_spec/gpu_limit", json!("nvidia.com/gpu: 1"))]),
        case("gpu quantity", &[("/advanced_settings/resource_spec/gpu_limit", json!("nvidia.com/gpu: many"))], "/advanced_settings/resource_spec/gpu_limit", "invalid-gpu-limit", Error, &[("/advanced_settings/resource_spec/gpu_limit", json!("nvidia.com/gpu:2"))]),
        case("timeout not positive", &[("/advanced_settings/timeout", json!(0))], "/advanced_settings/timeout", "timeout-not-positive", Warning, &[("/advanced_settings/timeout", json!(45))]),
        case("timeout in minutes", &[("/advanced_settings/timeout", json!(3600))], "/advanced_settings/timeout", "timeout-in-minutes", Warning, &[("/advanced_settings/timeout", json!(60))]),
        case("cluster with advanced settings", &[("/advanced_settings/cluster_name", json!(""))], "/advanced_settings/cluster_name", "required", Error, &[("/advanced_settings/cluster_name", json!("prod"))]),
        case("no resources", &[("/advanced_settings/resource_spec", json!({}))], "/advanced_settings/resource_spec", "no-resources", Warning, &[("/advanced_settings/resource_spec", json!({"cpu_limit": 1000, "memory_limit": 512}))]),
    ]);
    let _ = rs;
}

#[test]
fn storage_cache_and_docker_step() {
    let v = "/advanced_settings/storages/storages_properties/0";
    let _ = v;
    run(&build(), vec![
        case("dynamic needs a storage class", &[("/advanced_settings/storages/storages_properties/0/storage_class", json!(""))], "/advanced_settings/storages/storages_properties/0/storage_class", "required", Error, &[("/advanced_settings/storages/storages_properties/0/storage_class", json!("cfs"))]),
        case("dynamic needs a size", &[("/advanced_settings/storages/storages_properties/0/storage_size_in_gib", json!(0))], "/advanced_settings/storages/storages_properties/0/storage_size_in_gib", "size-not-positive", Error, &[("/advanced_settings/storages/storages_properties/0/storage_size_in_gib", json!(10))]),
        case("static needs a pvc", &[("/advanced_settings/storages/storages_properties/0/provision_type", json!("static")), ("/advanced_settings/storages/storages_properties/0/pvc", json!(""))], "/advanced_settings/storages/storages_properties/0/pvc", "required", Error, &[("/advanced_settings/storages/storages_properties/0/pvc", json!("shared"))]),
        case("mount path always", &[("/advanced_settings/storages/storages_properties/0/mount_path", json!(""))], "/advanced_settings/storages/storages_properties/0/mount_path", "required", Error, &[("/advanced_settings/storages/storages_properties/0/mount_path", json!("/data"))]),
        case("two mounts at one path", &[("/advanced_settings/storages/storages_properties/1", json!({"provision_type": "static", "pvc": "x", "mount_path": "/workspace"}))], "/advanced_settings/storages/storages_properties/1/mount_path", "duplicate", Error, &[("/advanced_settings/storages/storages_properties/1/mount_path", json!("/other"))]),
        case("enabled cache needs a directory", &[("/advanced_settings/cache_setting/cache_dir", json!(""))], "/advanced_settings/cache_setting/cache_dir", "required", Error, &[("/advanced_settings/cache_setting/enabled", json!(false))]),
        case("context directory", &[("/docker_build_step/build_context_dir", json!(""))], "/docker_build_step/build_context_dir", "required", Error, &[("/docker_build_step/build_context_dir", json!("."))]),
        case("local Dockerfile path", &[("/docker_build_step/dockerfile_directory", json!(""))], "/docker_build_step/dockerfile_directory", "required", Error, &[("/docker_build_step/dockerfile_directory", json!("Dockerfile"))]),
        case("template name", &[("/docker_build_step/dockerfile_source", json!("template"))], "/docker_build_step/template_name", "required", Error, &[("/docker_build_step/template_name", json!("go-base"))]),
        case("buildkit needs platforms", &[("/docker_build_step/platforms", json!(""))], "/docker_build_step/platforms", "required", Error, &[("/docker_build_step/platforms", json!("linux/amd64,linux/arm64"))]),
        case("platform syntax", &[("/docker_build_step/platforms", json!("linux"))], "/docker_build_step/platforms", "invalid-platform", Error, &[("/docker_build_step/platforms", json!("linux/arm64/v8"))]),
    ]);
}

#[test]
fn variables() {
    run(&build(), vec![
        case("multi-select values are options", &[("/parameters/0/choice_value/1", json!("z"))], "/parameters/0/choice_value/1", "value-not-an-option", Error, &[("/parameters/0/choice_value/1", json!("c"))]),
        case("multi-select default within options", &[("/parameters/0/default_value", json!("a,z"))], "/parameters/0/default_value", "default-not-an-option", Error, &[("/parameters/0/default_value", json!("a,b"))]),
        case("choice default within options", &[("/parameters/0/type", json!("choice")), ("/parameters/0/choice_value", json!([])), ("/parameters/0/default_value", json!("z"))], "/parameters/0/default_value", "default-not-an-option", Error, &[("/parameters/0/default_value", json!("b"))]),
        case("choice needs options", &[("/parameters/0/choice_option", json!([]))], "/parameters/0/choice_option", "no-options", Error, &[("/parameters/0/choice_option", json!(["a", "b"]))]),
        case("credential only for strings", &[("/parameters/0/is_credential", json!(true))], "/parameters/0/is_credential", "credential-type", Warning, &[("/parameters/0/is_credential", json!(false))]),
        case("key required", &[("/parameters/1/key", json!(""))], "/parameters/1/key", "required", Error, &[("/parameters/1/key", json!("bb"))]),
    ]);
}

#[test]
fn labels_annotations_and_outputs() {
    run(&build(), vec![
        case("label value is text", &[("/advanced_settings/custom_labels/0/value", json!(5))], "/advanced_settings/custom_labels/0/value", "invalid-type", Error, &[("/advanced_settings/custom_labels/0/value", json!("5"))]),
        case("label key syntax", &[("/advanced_settings/custom_labels/0/key", json!("-bad"))], "/advanced_settings/custom_labels/0/key", "invalid-key", Error, &[("/advanced_settings/custom_labels/0/key", json!("team"))]),
        case("label value syntax", &[("/advanced_settings/custom_labels/0/value", json!("has space"))], "/advanced_settings/custom_labels/0/value", "invalid-value", Error, &[("/advanced_settings/custom_labels/0/value", json!("has-dash"))]),
        case("annotation key required", &[("/advanced_settings/custom_annotations/0/key", json!(""))], "/advanced_settings/custom_annotations/0/key", "required", Error, &[("/advanced_settings/custom_annotations/0/key", json!("note"))]),
        case("output name", &[("/advanced_settings/outputs/0", json!("my-out"))], "/advanced_settings/outputs/0", "invalid-output", Error, &[("/advanced_settings/outputs/0", json!("MY_OUT"))]),
        case("built-in output", &[("/advanced_settings/outputs/0", json!("IMAGE"))], "/advanced_settings/outputs/0", "builtin-output", Warning, &[("/advanced_settings/outputs/0", json!("bb"))]),
    ]);
}

#[test]
fn wrong_json_types_are_reported_where_they_are() {
    run(&build(), vec![
        case("docker step as the docs' array", &[("/docker_build_step", json!([{"build_context_dir": "."}]))], "/docker_build_step", "invalid-type", Error, &[("/docker_build_step", json!({"build_context_dir": ".", "dockerfile_source": "local", "dockerfile_directory": "Dockerfile", "build_args": "", "enable_buildkit": false, "platforms": "", "template_name": ""}))]),
        case("advanced settings as an array", &[("/advanced_settings", json!([]))], "/advanced_settings", "invalid-type", Error, &[("/advanced_settings", Value::Null)]),
        case("timeout as text", &[("/advanced_settings/timeout", json!("60"))], "/advanced_settings/timeout", "invalid-type", Error, &[("/advanced_settings/timeout", json!(60))]),
        case("fractional cpu", &[("/advanced_settings/resource_spec/cpu_limit", json!(1.5))], "/advanced_settings/resource_spec/cpu_limit", "invalid-type", Error, &[("/advanced_settings/resource_spec/cpu_limit", json!(1500))]),
        case("name as a number", &[("/name", json!(42))], "/name", "invalid-type", Error, &[("/name", json!("n42"))]),
        case("install item as an array", &[("/installs/0", json!(["go", "1.20"]))], "/installs/0", "invalid-type", Error, &[("/installs/0", json!({"name": "go", "version": "1.20"}))]),
        case("unknown field", &[("/repo_infos", json!([]))], "/repo_infos", "unknown-field", Warning, &[("/repo_infos", Value::Null)]),
    ]);
}

#[test]
fn a_wrong_type_is_not_reported_twice() {
    let mut doc = build();
    set(&mut doc, "/name", Some(json!(42)));
    let checked = check_doc(&doc, None);
    let at_name: Vec<_> = checked.diagnostics.iter().filter(|d| d.path == "/name").collect();
    assert_eq!(at_name.len(), 1, "{}", dump(&checked));
    assert_eq!(at_name[0].code, "invalid-type");
}

#[test]
fn findings_carry_their_line_and_column() {
    let text = "{\n  \"name\": \"Bad_Name\",\n  \"project_key\": \"p\",\n  \"infrastructure\": \"kubernetes\",\n  \"build_os\": \"ubuntu 20.04\",\n  \"script_type\": \"shell\",\n  \"build_script\": \"make\",\n  \"services\": [{\"service_name\": \"a\", \"service_module\": \"a\"}]\n}";
    let checked = check_text(text, None, &Context::default());
    let d = checked.diagnostics.iter().find(|d| d.path == "/name").unwrap();
    assert_eq!(d.position.map(|p| (p.line, p.column)), Some((2, 3)));
}

fn template_build() -> Value {
    fixture_json("seeds/zadig-template-build.json")
}

#[test]
fn template_builds() {
    run(&template_build(), vec![
        case("template name", &[("/template_name", json!(""))], "/template_name", "required", Error, &[("/template_name", json!("t"))]),
        case("target services", &[("/target_services", json!([]))], "/target_services", "required", Error, &[("/target_services/0", json!({"service_name": "s", "service_module": "m", "repo_info": [{"codehost_name": "g", "repo_namespace": "o", "repo_name": "r", "branch": "main"}], "inputs": []}))]),
        case("service module", &[("/target_services/0/service_module", json!(""))], "/target_services/0/service_module", "required", Error, &[("/target_services/0/service_module", json!("m"))]),
        case("repo branch", &[("/target_services/0/repo_info/0/branch", json!(""))], "/target_services/0/repo_info/0/branch", "required", Error, &[("/target_services/0/repo_info/0/branch", json!("main"))]),
        case("input key", &[("/target_services/0/inputs/0/key", json!(""))], "/target_services/0/inputs/0/key", "required", Error, &[("/target_services/0/inputs/0/key", json!("name"))]),
    ]);
}

fn demo_template() -> buildbay_core::model::Template {
    let text = serde_json::to_string(&json!({
        "name": "demo-template", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04", "script_type": "shell",
        "build_script": "make",
        "parameters": [
            {"key": "name", "type": "string", "default_value": "x", "required": true, "is_credential": false, "description": ""},
            {"key": "password", "type": "string", "default_value": "y", "required": false, "is_credential": true, "description": ""},
            {"key": "env", "type": "choice", "default_value": "dev", "choice_option": ["dev", "prod"], "required": false, "is_credential": false, "description": ""}
        ],
        "advanced_settings": {"timeout": 60, "cluster_name": "c", "resource_spec": {"cpu_limit": 1000, "memory_limit": 512}}
    }))
    .unwrap();
    match buildbay_core::import::import(&text, buildbay_core::import::Hint::Auto).unwrap().document {
        buildbay_core::import::Document::Template(t) => t,
        other => panic!("{other:?}"),
    }
}

#[test]
fn template_inputs_are_checked_against_the_template() {
    let context = Context::new(vec![], vec![("templates.json".into(), demo_template())]);
    let mut doc = template_build();
    set(&mut doc, "/target_services/0/inputs/1/key", Some(json!("passwd")));
    set(&mut doc, "/target_services/0/inputs/2", Some(json!({"key": "env", "value": "staging"})));
    let checked = check_text(&serde_json::to_string(&doc).unwrap(), None, &context);
    assert!(has(&checked, "/target_services/0/inputs/1/key", "unknown-input", Warning), "{}", dump(&checked));
    assert!(has(&checked, "/target_services/0/inputs/2/value", "value-not-an-option", Error), "{}", dump(&checked));
    set(&mut doc, "/target_services/0/inputs/0", None);
    let checked = check_text(&serde_json::to_string(&doc).unwrap(), None, &context);
    assert!(has(&checked, "/target_services/0/inputs", "missing-input", Error), "{}", dump(&checked));
    // Zadig's own example sends the template's secret in clear: it is stored and exported so.
    let plain = check_text(&serde_json::to_string(&template_build()).unwrap(), None, &context);
    assert!(has(&plain, "/target_services/0/inputs/1/is_credential", "input-not-secret", Warning), "{}", dump(&plain));
    assert_eq!(plain.diagnostics.len(), 1, "{}", dump(&plain));
    let mut doc = template_build();
    set(&mut doc, "/target_services/0/inputs/1/is_credential", Some(json!(true)));
    let clean = check_text(&serde_json::to_string(&doc).unwrap(), None, &context);
    assert!(clean.diagnostics.is_empty(), "{}", dump(&clean));
}

fn build_template() -> Value {
    json!({
        "name": "go-service", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04",
        "installs": [{"name": "go", "version": "1.22"}],
        "parameters": [{"key": "GOFLAGS", "type": "string", "default_value": "-mod=vendor", "is_credential": false, "description": "", "required": false}],
        "script_type": "shell", "build_script": "go build ./...",
        "advanced_settings": {"timeout": 60, "cluster_name": "prod", "resource_spec": {"cpu_limit": 2000, "memory_limit": 2048, "cpu_req": 500, "memory_req": 512},
            "strategy_name": "", "use_host_docker_daemon": false, "privileged_mode": false, "custom_annotations": [], "custom_labels": [], "outputs": []}
    })
}

#[test]
fn build_templates_follow_the_servers_strict_rules() {
    let base = build_template();
    let checked = check_doc(&base, None);
    assert_eq!(checked.shape, Some(buildbay_core::import::Shape::ZadigBuildTemplate), "detected as a template via Hint? {:?}", checked.shape);
    run(&base, vec![
        case("name", &[("/name", json!(" "))], "/name", "required", Error, &[("/name", json!("go"))]),
        case("infrastructure enum", &[("/infrastructure", json!("docker"))], "/infrastructure", "invalid-enum", Error, &[("/infrastructure", json!("kubernetes"))]),
        case("vm needs labels", &[("/infrastructure", json!("vm"))], "/vm_labels", "required", Error, &[("/vm_labels", json!(["linux"]))]),
        case("script required", &[("/build_script", json!(""))], "/build_script", "required", Error, &[("/build_script", json!("make"))]),
        case("parameter default required", &[("/parameters/0/default_value", json!(""))], "/parameters/0/default_value", "required", Error, &[("/parameters/0/default_value", json!("x"))]),
        case("parameter type", &[("/parameters/0/type", json!("image"))], "/parameters/0/type", "invalid-enum", Error, &[("/parameters/0/type", json!("string"))]),
        case("timeout positive", &[("/advanced_settings/timeout", json!(0))], "/advanced_settings/timeout", "timeout-not-positive", Error, &[("/advanced_settings/timeout", json!(30))]),
        case("cluster for kubernetes", &[("/advanced_settings/cluster_name", json!(""))], "/advanced_settings/cluster_name", "required", Error, &[("/advanced_settings/cluster_name", json!("c"))]),
    ]);
}

#[test]
fn template_names_are_unique() {
    let mut t = demo_template();
    t.name = "go-service".into();
    let context = Context::new(vec![], vec![("other.json".into(), t)]).for_origin("mine.json");
    let checked = check_text(&serde_json::to_string(&build_template()).unwrap(), Some(Target::Zadig), &context);
    assert!(has(&checked, "/name", "duplicate-name", Error), "{}", dump(&checked));
}
