//! Every JSON example in the backends' documentation parses as the right shape, round-trips,
//! and validates without errors.

mod support;

use buildbay_core::check;
use buildbay_core::convert;
use buildbay_core::import::{self, Document, Hint, Response, Shape};
use buildbay_core::validate::Context;
use buildbay_core::wire::zadig;
use buildbay_core::{Position, Target};
use serde_json::Value;
use support::{dump, errors, fixture, fixture_json};

const SEEDS: [(&str, Shape); 6] = [
    ("seeds/zadig-build.json", Shape::ZadigBuild),
    ("seeds/zadig-template-build.json", Shape::ZadigTemplateBuild),
    ("seeds/zadig-build-list.json", Shape::ZadigBuildList),
    ("seeds/zadig-build-detail.json", Shape::ZadigBuildDetail),
    ("seeds/zadig-success.json", Shape::ZadigError),
    ("seeds/rainbond-build.json", Shape::RainbondBuild),
];

#[test]
fn every_seed_is_detected_as_its_shape() {
    for (path, shape) in SEEDS {
        let imported = import::import(&fixture(path), Hint::Auto).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        assert_eq!(imported.shape, shape, "{path}");
        assert!(imported.findings.is_empty(), "{path}: {:?}", imported.findings);
    }
}

#[test]
fn every_seed_validates_without_errors() {
    for (path, _) in SEEDS {
        let checked = check::check(&fixture(path), Hint::Auto, None, &Context::default());
        assert!(!checked.unreadable, "{path}");
        assert!(errors(&checked).is_empty(), "{path}:\n{}", dump(&checked));
    }
}

#[test]
fn request_seeds_round_trip_through_the_model_exactly() {
    for (path, target) in [
        ("seeds/zadig-build.json", Target::Zadig),
        ("seeds/zadig-template-build.json", Target::Zadig),
        ("seeds/rainbond-build.json", Target::Rainbond),
    ] {
        let original = fixture_json(path);
        let Document::Build(build) = import::import(&fixture(path), Hint::Auto).unwrap().document else { panic!("{path}") };
        let back = convert::to_request(&build, target);
        assert_eq!(back.value, original, "{path}: the request written back differs from the example");
        assert!(back.losses.is_empty(), "{path}: {:?}", back.losses);
    }
}

#[test]
fn response_seeds_round_trip_through_their_wire_types() {
    let list: zadig::BuildList = serde_json::from_value(fixture_json("seeds/zadig-build-list.json")).unwrap();
    let again: zadig::BuildList = serde_json::from_value(serde_json::to_value(&list).unwrap()).unwrap();
    assert_eq!(list, again);
    assert_eq!(serde_json::to_value(&list).unwrap(), fixture_json("seeds/zadig-build-list.json"));
    let detail: zadig::BuildDetail = serde_json::from_value(fixture_json("seeds/zadig-build-detail.json")).unwrap();
    let again: zadig::BuildDetail = serde_json::from_value(serde_json::to_value(&detail).unwrap()).unwrap();
    assert_eq!(detail, again);
}

#[test]
fn the_detail_maps_its_renames_back_into_the_model() {
    let imported = import::import(&fixture("seeds/zadig-build-detail.json"), Hint::Auto).unwrap();
    let Document::Build(build) = &imported.document else { panic!() };
    assert_eq!(build.build_os, "ubuntu 20.04", "build_env.basic_image_label → build_os");
    assert_eq!(build.installs[0].name, "go");
    assert_eq!(build.template_name.as_deref(), Some("test"));
    let service = &build.services[0];
    assert_eq!((service.name.as_str(), service.module.as_str()), ("service1", "service1"), "target_services → services");
    assert_eq!(service.repos[0].namespace, "liyue326", "repo_owner → namespace");
    assert_eq!(service.inputs[0].value, "1", "parameters[].value → input value");
    let docker = build.docker.as_ref().unwrap();
    assert_eq!((docker.context_dir.as_str(), docker.dockerfile_path.as_str(), docker.dockerfile_source.as_str()), ("temp", "temp", "local"));
    assert_eq!(build.advanced.as_ref().unwrap().outputs, vec!["xx"], "built-in IMAGE and PKG_FILE are not re-sent");
    let lost: Vec<&str> = imported.losses.iter().map(|l| l.field.as_str()).collect();
    for gap in ["/infrastructure", "/script_type", "/post_build/object_storage_upload", "/post_build/file_archive", "/post_build/scripts"] {
        assert!(lost.contains(&gap), "the detail's gap {gap} is reported: {lost:?}");
    }
}

#[test]
fn the_success_answer_is_not_mistaken_for_an_error() {
    let imported = import::import(&fixture("seeds/zadig-success.json"), Hint::Auto).unwrap();
    assert_eq!(imported.document, Document::Response(Response::ZadigSuccess));
}

#[test]
fn the_malformed_rainbond_answer_is_reported_with_its_position() {
    let checked = check::check(&fixture("seeds/rainbond-build-accepted.malformed.json"), Hint::Auto, None, &Context::default());
    assert!(checked.unreadable);
    let d = &checked.diagnostics[0];
    assert_eq!(d.code, "parse-error");
    assert_eq!(d.position, Some(Position { line: 1, column: 1 }));
    assert!(d.message.contains("line 1 column 1"), "{}", d.message);
    // The corrected example reads as Rainbond's answer.
    let fixed = fixture("seeds/rainbond-build-accepted.malformed.json").replacen("LO", "{", 1);
    let imported = import::import(&fixed, Hint::Auto).unwrap();
    assert_eq!(imported.shape, Shape::RainbondBuildAccepted);
    assert!(matches!(imported.document, Document::Response(Response::RainbondAccepted(_))));
    let _: Value = serde_json::from_str(&fixed).unwrap();
}
