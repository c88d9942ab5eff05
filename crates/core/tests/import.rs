//! Import: shape detection, documents holding several builds, limits, and error positions.

mod support;

use buildbay_core::check;
use buildbay_core::convert;
use buildbay_core::import::{self, Document, Hint, MAX_DOCUMENT_BYTES, Response, Shape};
use buildbay_core::validate::Context;
use buildbay_core::{Position, Target};
use serde_json::json;
use support::{dump, errors, fixture, fixture_json};

#[test]
fn every_fixture_is_detected_as_its_shape() {
    let expected = [
        ("backends/nuon-build.json", Shape::NuonBuild),
        ("backends/nuon-component-build.json", Shape::NuonComponentBuild),
        ("backends/nuon-error.json", Shape::NuonError),
        ("backends/servicestage-job.json", Shape::ServiceStageJob),
        ("backends/servicestage-job-created.json", Shape::ServiceStageJobCreated),
        ("backends/servicestage-error.json", Shape::ServiceStageError),
        ("backends/rainbond-build-image.json", Shape::RainbondBuild),
        ("backends/rainbond-error.json", Shape::RainbondError),
        ("backends/zadig-error.json", Shape::ZadigError),
        ("backends/zadig-internal-error.json", Shape::ZadigError),
        ("backends/zadig-build-template.json", Shape::ZadigBuildTemplate),
    ];
    for (path, shape) in expected {
        let imported = import::import(&fixture(path), Hint::Auto).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        assert_eq!(imported.shape, shape, "{path}");
        let checked = check::check(&fixture(path), Hint::Auto, None, &Context::default());
        assert!(errors(&checked).is_empty(), "{path}:\n{}", dump(&checked));
    }
}

#[test]
fn error_answers_say_what_the_server_said() {
    let imported = import::import(&fixture("backends/zadig-internal-error.json"), Hint::Auto).unwrap();
    match imported.document {
        Document::Response(Response::ZadigError { status, .. }) => assert_eq!(status, 500),
        other => panic!("{other:?}"),
    }
    let imported = import::import(&fixture("backends/zadig-error.json"), Hint::Auto).unwrap();
    match imported.document {
        Document::Response(Response::ZadigError { status, description, .. }) => {
            assert_eq!(status, 400);
            assert_eq!(description, "build name cannot be empty");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_template_is_told_from_a_build_by_its_required_flags() {
    let mut doc = fixture_json("backends/zadig-build-template.json");
    assert_eq!(import::detect(&doc, Hint::Auto).unwrap(), Shape::ZadigBuildTemplate);
    doc["project_key"] = json!("demo");
    doc["parameters"] = json!([]);
    assert_eq!(import::detect(&doc, Hint::Auto).unwrap(), Shape::ZadigBuild);
}

#[test]
fn an_empty_document_needs_a_backend() {
    let error = import::import("{}", Hint::Auto).unwrap_err();
    assert_eq!(error.diagnostics[0].code, "unknown-shape");
    assert_eq!(import::import("{}", Hint::Target(Target::Rainbond)).unwrap().shape, Shape::RainbondBuild);
    assert_eq!(import::import("{}", Hint::Target(Target::Nuon)).unwrap().shape, Shape::NuonBuild);
    let unknown = import::import(r#"{"foo": 1, "bar": 2}"#, Hint::Auto).unwrap_err();
    assert!(unknown.diagnostics[0].message.contains("foo"), "{:?}", unknown.diagnostics);
}

#[test]
fn an_empty_list_is_said_to_hold_nothing_not_passed_as_clean() {
    let checked = check::check("[]", Hint::Auto, None, &Context::default());
    assert!(errors(&checked).is_empty(), "{}", dump(&checked));
    assert!(support::has(&checked, "", "empty-document", buildbay_core::Severity::Warning), "{}", dump(&checked));
    assert!(import::import("[]", Hint::Auto).unwrap().is_empty_list());
    let checked = check::check("[[]]", Hint::Auto, None, &Context::default());
    assert!(support::has(&checked, "/0", "empty-document", buildbay_core::Severity::Warning), "{}", dump(&checked));
    let one = check::check(&format!("[{}]", fixture("seeds/zadig-build.json")), Hint::Auto, None, &Context::default());
    assert!(!one.diagnostics.iter().any(|d| d.code == "empty-document"), "{}", dump(&one));
}

#[test]
fn a_hinted_backend_still_reads_another_backends_document() {
    let imported = import::import(&fixture("seeds/zadig-build.json"), Hint::Target(Target::Nuon)).unwrap();
    assert_eq!(imported.shape, Shape::ZadigBuild);
    let checked = check::check(&fixture("seeds/zadig-build.json"), Hint::Auto, Some(Target::Nuon), &Context::default());
    assert!(errors(&checked).is_empty(), "{}", dump(&checked));
    assert!(checked.losses.iter().any(|l| l.field == "variables"), "Nuon has no variables: {:?}", checked.losses);
    let checked = check::check(&fixture("seeds/zadig-build.json"), Hint::Auto, Some(Target::ServiceStage), &Context::default());
    assert!(support::has(&checked, "/code_repo/url", "required", buildbay_core::Severity::Error), "{}", dump(&checked));
}

#[test]
fn arrays_and_bundles_hold_several_documents() {
    let one = fixture_json("seeds/zadig-build.json");
    let mut two = one.clone();
    two["name"] = json!("api-test");
    let text = serde_json::to_string_pretty(&json!([one, two])).unwrap();
    let checked = check::check(&text, Hint::Auto, None, &Context::default());
    assert!(support::has(&checked, "/1/name", "duplicate-name", buildbay_core::Severity::Error), "{}", dump(&checked));
    assert!(support::has(&checked, "/0/name", "duplicate-name", buildbay_core::Severity::Error), "{}", dump(&checked));
    let located = checked.diagnostics.iter().find(|d| d.path == "/1/name").unwrap();
    assert!(located.position.is_some_and(|p| p.line > 10), "{located:?}");

    let Document::Build(build) = import::import(&fixture("seeds/zadig-build.json"), Hint::Auto).unwrap().document else { panic!() };
    let mut other = build.clone();
    other.name = "web".into();
    let exported = import::bundle(Target::Zadig, &[build.clone(), other.clone()], &[]);
    let back = import::import(&exported.to_string(), Hint::Auto).unwrap();
    assert_eq!(back.shape, Shape::Bundle);
    let Document::Many(parts) = back.document else { panic!() };
    let builds: Vec<_> = parts.into_iter().map(|(_, p)| match p.document { Document::Build(b) => b, _ => panic!() }).collect();
    assert_eq!(builds, vec![build, other]);
}

#[test]
fn a_list_answer_checks_its_names() {
    let mut list = fixture_json("seeds/zadig-build-list.json");
    list["builds"][1]["name"] = json!("s-build");
    let checked = support::check_doc(&list, None);
    assert!(support::has(&checked, "/builds/1/name", "duplicate-name", buildbay_core::Severity::Error), "{}", dump(&checked));
}

#[test]
fn syntax_errors_give_line_and_column() {
    let text = "{\n  \"name\": \"api\",\n  \"project_key\" \"x\"\n}";
    let error = import::import(text, Hint::Auto).unwrap_err();
    let d = &error.diagnostics[0];
    assert_eq!(d.code, "parse-error");
    assert_eq!(d.position, Some(Position { line: 3, column: 17 }));
    let eof = import::import("{\"name\": ", Hint::Auto).unwrap_err();
    assert!(eof.diagnostics[0].message.contains("ends too early"), "{:?}", eof.diagnostics);
    let wide = import::import("{\"名前\": ,}", Hint::Auto).unwrap_err();
    assert_eq!(wide.diagnostics[0].position, Some(Position { line: 1, column: 8 }), "columns count characters");
}

#[test]
fn oversized_documents_are_refused_before_parsing() {
    let text = format!("{{\"name\": \"{}\"}}", "x".repeat(MAX_DOCUMENT_BYTES));
    let started = std::time::Instant::now();
    let error = import::import(&text, Hint::Auto).unwrap_err();
    assert_eq!(error.diagnostics[0].code, "document-too-large");
    assert!(started.elapsed().as_millis() < 500, "refused without reading it: {:?}", started.elapsed());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    let error = import::import(&deep, Hint::Auto).unwrap_err();
    assert_eq!(error.diagnostics[0].code, "parse-error");
    let nested = format!("{{\"name\": {}{}}}", "[".repeat(120), "]".repeat(120));
    let checked = check::check(&nested, Hint::Target(Target::Zadig), None, &Context::default());
    assert!(support::has(&checked, "/name", "invalid-type", buildbay_core::Severity::Error), "{}", dump(&checked));
}

#[test]
fn wrong_top_level_types_are_reported() {
    for text in ["42", "\"build\"", "null", "[1, 2]"] {
        let checked = check::check(text, Hint::Auto, None, &Context::default());
        assert!(checked.unreadable, "{text}");
        assert_eq!(checked.diagnostics[0].code, "invalid-type", "{text}");
    }
}

#[test]
fn conversions_list_what_the_target_cannot_carry() {
    let Document::Build(build) = import::import(&fixture("seeds/zadig-build.json"), Hint::Auto).unwrap().document else { panic!() };
    for target in [Target::Rainbond, Target::Nuon, Target::ServiceStage] {
        let c = convert::to_request(&build, target);
        let fields: Vec<&str> = c.losses.iter().map(|l| l.field.as_str()).collect();
        for field in ["variables", "installs", "script", "docker", "services"] {
            assert!(fields.contains(&field), "{target} loses {field}: {fields:?}");
        }
    }
    assert!(convert::to_request(&build, Target::Zadig).losses.is_empty());
}

#[test]
fn a_zadig_timeout_left_out_is_the_default_60_minutes_and_only_zero_sent_warns() {
    let request = |advanced: serde_json::Value| {
        json!({"name": "api", "project_key": "p", "build_os": "ubuntu 20.04", "build_script": "make", "advanced_settings": advanced}).to_string()
    };
    let Document::Build(build) = import::import(&request(json!({"cluster_name": "prod"})), Hint::Auto).unwrap().document else { panic!() };
    assert_eq!(build.advanced.as_ref().map(|a| a.timeout_minutes), Some(60));
    let timeout_findings = |text: &str| {
        check::check(text, Hint::Auto, None, &Context::default()).diagnostics.into_iter().filter(|d| d.code == "timeout-not-positive").count()
    };
    assert_eq!(timeout_findings(&request(json!({"cluster_name": "prod"}))), 0);
    assert_eq!(timeout_findings(&request(json!({"cluster_name": "prod", "timeout": 0}))), 1, "a 0 sent runs as 600 minutes");
}

#[test]
fn a_request_written_with_an_answers_field_names_is_told_the_requests_names() {
    let text = json!({"name": "api", "project_key": "p", "build_os": "ubuntu 20.04", "build_script": "make",
        "target_services": [{"service_name": "api", "service_module": "api"}],
        "parameters": [{"key": "A", "type": "string", "value": "1"}],
        "advanced_settings": {"cluster_name": "prod", "resource_spec": {"cpu_limit": 1000}, "services": []}})
    .to_string();
    let imported = import::import(&text, Hint::Auto).unwrap();
    let message = |at: &str| imported.findings.iter().find(|d| d.path == at).map(|d| d.message.clone()).unwrap_or_else(|| panic!("nothing at {at}: {:?}", imported.findings));
    assert!(message("/target_services").contains("Did you mean \"services\"?"), "{}", message("/target_services"));
    assert!(message("/parameters/0/value").contains("Did you mean \"default_value\"?"), "{}", message("/parameters/0/value"));
    // A request field in the wrong place is not offered as its own correction.
    let misplaced = message("/advanced_settings/services");
    assert!(misplaced.contains("reads \"services\" at the top level, not here.") && !misplaced.contains("Did you mean"), "{misplaced}");
}

#[test]
fn a_field_written_in_the_wrong_object_is_told_the_object_that_reads_it() {
    let zadig = json!({"name": "api", "project_key": "p", "build_os": "ubuntu 20.04", "build_script": "make", "timeout": 7,
        "advanced_settings": {"cluster_name": "prod", "cpu_limit": 3000}})
    .to_string();
    let imported = import::import(&zadig, Hint::Auto).unwrap();
    let message = |at: &str| imported.findings.iter().find(|d| d.path == at).map(|d| d.message.clone()).unwrap_or_else(|| panic!("nothing at {at}: {:?}", imported.findings));
    assert!(message("/timeout").ends_with("Zadig reads \"timeout\" in advanced_settings, not here."), "{}", message("/timeout"));
    assert!(message("/advanced_settings/cpu_limit").ends_with("in advanced_settings.resource_spec, not here."), "{}", message("/advanced_settings/cpu_limit"));
    let stage = json!({"job_name": "api", "environment_setting": {"arch": "x86_64"}}).to_string();
    let imported = import::import(&stage, Hint::Auto).unwrap();
    let arch = imported.findings.iter().find(|d| d.path == "/environment_setting/arch").map(|d| d.message.clone()).unwrap_or_else(|| panic!("{:?}", imported.findings));
    assert!(arch.ends_with("ServiceStage reads \"arch\" in environment_setting.build_os, not here."), "{arch}");
}

#[test]
fn a_docker_step_written_with_the_detail_answers_names_is_told_the_requests_names() {
    let text = json!({"name": "api", "project_key": "p", "build_os": "ubuntu 20.04", "infrastructure": "kubernetes",
        "script_type": "shell", "script": "make", "source": "zadig",
        "docker_build_step": {"dockerfile_source": "local", "work_dir": ".", "docker_file": "Dockerfile", "source": "local", "platform": "linux/amd64"}})
    .to_string();
    let imported = import::import(&text, Hint::Auto).unwrap();
    let message = |at: &str| imported.findings.iter().find(|d| d.path == at).map(|d| d.message.clone()).unwrap_or_else(|| panic!("nothing at {at}: {:?}", imported.findings));
    for (answer, request) in [("work_dir", "build_context_dir"), ("docker_file", "dockerfile_directory"), ("source", "dockerfile_source"), ("platform", "platforms")] {
        let said = message(&format!("/docker_build_step/{answer}"));
        assert!(said.contains(&format!("Did you mean \"{request}\"? \"{answer}\" is what Zadig's answers call it.")), "{said}");
    }
    // The detail's top-level `source` is the build's source, not the Dockerfile's: no such hint there.
    assert!(message("/source").ends_with("\"source\" is part of Zadig's answers; its requests have no such field."), "{}", message("/source"));
    // A name that is one field's last word points at that field rather than at `script_type`.
    assert!(message("/script").ends_with("Did you mean \"build_script\"?"), "{}", message("/script"));
}

#[test]
fn resources_written_with_the_stored_builds_names_are_told_the_requests_name() {
    let text = json!({"name": "api", "project_key": "p", "build_os": "ubuntu 20.04", "infrastructure": "kubernetes", "script_type": "shell",
        "advanced_settings": {"res_req": "define", "res_req_spec": {"cpu_limit": 8000, "memory_limit": 4096}}})
    .to_string();
    let imported = import::import(&text, Hint::Auto).unwrap();
    let message = |at: &str| imported.findings.iter().find(|d| d.path == at).map(|d| d.message.clone()).unwrap_or_else(|| panic!("nothing at {at}: {:?}", imported.findings));
    let spec = message("/advanced_settings/res_req_spec");
    assert!(spec.ends_with("Did you mean \"resource_spec\"? \"res_req_spec\" is what Zadig's answers call it."), "{spec}");
    let preset = message("/advanced_settings/res_req");
    assert!(preset.ends_with("\"res_req\" is part of Zadig's answers; its requests have no such field."), "{preset}");
}

#[test]
fn sizes_written_without_their_unit_word_are_told_the_limit_and_the_request() {
    let text = json!({"name": "api", "project_key": "p", "build_os": "ubuntu 20.04", "infrastructure": "kubernetes", "script_type": "shell",
        "advanced_settings": {"cluster_name": "prod", "resource_spec": {"cpu": 4000, "memory": 1024, "gpu": 1}}})
    .to_string();
    let imported = import::import(&text, Hint::Auto).unwrap();
    let message = |at: &str| imported.findings.iter().find(|d| d.path == at).map(|d| d.message.clone()).unwrap_or_else(|| panic!("nothing at {at}: {:?}", imported.findings));
    let cpu = message("/advanced_settings/resource_spec/cpu");
    assert!(cpu.ends_with("Did you mean \"cpu_limit\" (millicores)? \"cpu_req\" is the request, which is the limit when left out."), "{cpu}");
    assert!(message("/advanced_settings/resource_spec/memory").contains("Did you mean \"memory_limit\" (MiB)?"));
    assert!(message("/advanced_settings/resource_spec/gpu").contains("Did you mean \"gpu_limit\""));
    // Two edits turn a short name into too many others: `cpu` is not offered `pr` anywhere else.
    let elsewhere = json!({"name": "api", "project_key": "p", "build_os": "ubuntu 20.04", "build_script": "make", "cpu": 4000}).to_string();
    let imported = import::import(&elsewhere, Hint::Auto).unwrap();
    let cpu = imported.findings.iter().find(|d| d.path == "/cpu").map(|d| d.message.clone()).unwrap_or_default();
    assert_eq!(cpu, "Zadig does not read \"cpu\"; it is ignored.");
}

#[test]
fn a_field_a_build_detail_lacks_is_reported_with_the_details_own_name() {
    let text = json!({"name": "api", "project_key": "p", "target_services": [{"service_name": "api", "service_module": "api"}],
        "build_env": {"basic_image_label": "ubuntu 20.04", "build_os": "focal", "cluster_name": "prod", "resource_spec": {"cpu_limit": 4000}},
        "advanced_settings": {"cluster_name": "prod", "timeout": 5}, "build_script": "make", "installs": []})
    .to_string();
    let imported = import::import(&text, Hint::Auto).unwrap();
    assert_eq!(imported.shape, Shape::ZadigBuildDetail);
    let message = |at: &str| imported.findings.iter().find(|d| d.path == at).map(|d| d.message.clone()).unwrap_or_else(|| panic!("nothing at {at}: {:?}", imported.findings));
    let os = message("/build_env/build_os");
    assert_eq!(os, "A Zadig build detail has no \"build_os\"; it is ignored. It is given as \"basic_image_label\" in build_env; \"build_os\" is what Zadig's requests call it.");
    assert!(message("/build_env/cluster_name").ends_with("Zadig reads \"cluster_name\" in advanced_settings, not here."));
    assert!(message("/build_env/resource_spec").ends_with("Zadig reads \"resource_spec\" in advanced_settings, not here."));
    assert!(message("/installs").ends_with("has no \"installs\"; it is ignored. It is given in build_env, not here."), "{}", message("/installs"));
    assert_eq!(imported.findings.len(), 4, "{:?}", imported.findings);
}

#[test]
fn a_list_entry_of_the_wrong_kind_is_named_by_its_place_in_the_list() {
    let text = json!({"name": "api", "project_key": "p", "build_os": "ubuntu 20.04", "build_script": "make", "installs": ["go 1.21"]}).to_string();
    let findings = check::check(&text, Hint::Auto, None, &Context::default()).diagnostics;
    let wrong = findings.iter().find(|d| d.path == "/installs/0").unwrap_or_else(|| panic!("{findings:?}"));
    assert!(wrong.message.starts_with("Entry 1 of installs must be an object, not text."), "{}", wrong.message);
}

/// Serde alone reads a list given for an object as the object's fields in order; Zadig's Go
/// server refuses it, so every object read from a list is refused, wherever it is and whatever
/// it is called (a detail's `outputs` entry as well as a request's `advanced_settings`).
#[test]
fn a_list_where_the_server_binds_an_object_is_refused_at_any_depth() {
    let detail = json!({"name": "api", "project_key": "p", "target_services": [{"service_name": "api", "service_module": "api"}],
        "build_env": {"basic_image_label": "ubuntu 20.04", "installs": [["go", "1.21"]]}, "build_script": "make",
        "outputs": [["IMAGE", "the image built"]], "advanced_settings": [{"timeout": 5}]})
    .to_string();
    let findings = check::check(&detail, Hint::Auto, None, &Context::default()).diagnostics;
    let mut refused: Vec<(&str, &str)> = findings.iter().filter(|d| d.code == "invalid-type").map(|d| (d.path.as_str(), d.message.as_str())).collect();
    refused.sort();
    let zadig = "Zadig refuses the whole request (HTTP 400 with an empty body).";
    assert_eq!(
        refused,
        [
            ("/advanced_settings", format!("advanced_settings must be a single object, not an array (some published docs show an array; the server binds one object). {zadig}").as_str()),
            ("/build_env/installs/0", format!("Entry 1 of installs must be an object, not an array. {zadig}").as_str()),
            ("/outputs/0", format!("Entry 1 of outputs must be an object, not an array. {zadig}").as_str()),
        ],
        "{findings:?}"
    );
}
