//! Properties: console models survive the trip through every backend's request JSON, and no
//! input — arbitrary bytes or arbitrary JSON — makes import or validation panic.

use buildbay_core::check;
use buildbay_core::convert;
use buildbay_core::import::{self, Document, Hint};
use buildbay_core::model::*;
use buildbay_core::validate::{self, Context};
use buildbay_core::Target;
use proptest::prelude::*;
use serde_json::Value;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z0-9-]{0,10}",
        1 => "[ -~]{0,12}",
        1 => "\\PC{0,6}",
        1 => Just(String::new()),
    ]
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..4)
}

fn simple_value() -> impl Strategy<Value = Value> {
    prop_oneof![text().prop_map(Value::String), any::<i32>().prop_map(Value::from), any::<bool>().prop_map(Value::Bool), Just(Value::Null)]
}

prop_compose! {
    fn zadig_repo()(codehost in text(), namespace in text(), name in text(), branch in text(), remote_name in text(), checkout_path in text(),
        submodules in any::<bool>(), pr in any::<i64>(), prs in prop::collection::vec(any::<i64>(), 0..3), enable_commit in any::<bool>(), commit_id in text(),
        stream in text(), changelist_id in any::<i64>()) -> Repo {
        Repo { codehost, namespace, name, branch, remote_name, checkout_path, submodules, pr, prs, enable_commit, commit_id, stream, changelist_id, ..Repo::default() }
    }
}

prop_compose! {
    fn variable()(key in text(), kind in prop_oneof![Just("string".to_string()), Just("choice".to_string()), Just("multi-select".to_string()), text()],
        default_value in text(), choice_options in texts(), choice_values in texts(), is_credential in any::<bool>(), description in text()) -> Variable {
        Variable { key, kind, default_value, choice_options, choice_values, is_credential, description, required: false }
    }
}

prop_compose! {
    fn docker()(context_dir in text(), dockerfile_source in text(), dockerfile_path in text(), template_name in text(), build_args in text(),
        buildkit in any::<bool>(), platforms in text(), enable_proxy in proptest::option::of(any::<bool>())) -> DockerStep {
        DockerStep { context_dir, dockerfile_source, dockerfile_path, template_name, template_id: String::new(), build_args, buildkit, platforms, enable_proxy }
    }
}

prop_compose! {
    fn volume()(provision_type in text(), storage_class in text(), size_gib in any::<i64>(), pvc in text(), access_mode in text(), subpath in text(),
        mount_path in text(), is_temporary in any::<bool>()) -> Volume {
        Volume { provision_type, storage_class, size_gib, pvc, access_mode, subpath, mount_path, is_temporary }
    }
}

prop_compose! {
    fn label()(key in text(), value in simple_value()) -> Label { Label { key, value } }
}

prop_compose! {
    fn advanced()(timeout_minutes in any::<i64>(), cache in proptest::option::of((any::<bool>(), text())), cluster_name in text(),
        limits in (any::<i64>(), any::<i64>(), any::<i64>(), any::<i64>(), text()), strategy_name in text(),
        storages in proptest::option::of((any::<bool>(), prop::collection::vec(volume(), 0..3))), flags in (any::<bool>(), any::<bool>()),
        annotations in prop::collection::vec(label(), 0..3), labels in prop::collection::vec(label(), 0..3), outputs in texts()) -> AdvancedSettings {
        AdvancedSettings {
            timeout_minutes,
            cache: cache.map(|(enabled, dir)| Cache { enabled, dir }),
            cluster_name,
            resources: ResourceSpec { cpu_limit: limits.0, memory_limit: limits.1, cpu_req: limits.2, memory_req: limits.3, gpu_limit: limits.4 },
            strategy_name,
            storages: storages.map(|(enabled, volumes)| Storages { enabled, volumes }),
            use_host_docker_daemon: flags.0,
            privileged_mode: flags.1,
            annotations,
            labels,
            outputs,
        }
    }
}

prop_compose! {
    /// A plain Zadig build: everything Zadig's build request carries, nothing it does not.
    fn zadig_build()(name in text(), project_key in text(), services in prop::collection::vec((text(), text()), 0..4), infrastructure in text(),
        build_os in text(), installs in prop::collection::vec((text(), text()), 0..3), repos in prop::collection::vec(zadig_repo(), 0..3),
        variables in prop::collection::vec(variable(), 0..4), script_type in text(), script in text(),
        docker in proptest::option::of(docker()), advanced in proptest::option::of(advanced())) -> Build {
        Build {
            name, project_key, infrastructure, build_os, script_type, script, docker, advanced,
            services: services.into_iter().map(|(name, module)| Service { name, module, ..Service::default() }).collect(),
            installs: installs.into_iter().map(|(name, version)| Install { name, version }).collect(),
            repos, variables,
            ..Build::default()
        }
    }
}

prop_compose! {
    fn template_build()(name in text(), project_key in text(), template_name in text(),
        services in prop::collection::vec((text(), text(), prop::collection::vec(zadig_repo(), 0..2), prop::collection::vec((text(), text(), text(), any::<bool>()), 0..3)), 0..3)) -> Build {
        Build {
            name, project_key, template_name: Some(template_name),
            services: services.into_iter().map(|(name, module, repos, inputs)| Service {
                name, module, repos,
                inputs: inputs.into_iter().map(|(key, value, kind, is_credential)| ServiceInput { key, value, kind, is_credential, ..ServiceInput::default() }).collect(),
            }).collect(),
            ..Build::default()
        }
    }
}

prop_compose! {
    /// Any console model, including the parts only other backends read.
    fn any_build()(base in zadig_build(), description in text(), url in text(), provider in text(), user in (text(), text()),
        rainbond in (proptest::option::of(text()), proptest::option::of(text())), nuon in (proptest::option::of(text()), any::<bool>()),
        ss in (text(), text(), any::<bool>(), text(), text())) -> Build {
        let mut b = base;
        b.description = description;
        if let Some(r) = b.repos.first_mut() {
            r.url = url;
            r.provider = provider;
            r.username = user.0;
            r.password = user.1;
        }
        b.rainbond = RainbondOptions { build_type: rainbond.0, server_type: rainbond.1 };
        b.nuon = NuonOptions { git_ref: nuon.0, use_latest: nuon.1 };
        b.servicestage = ServiceStageOptions { docker_version: ss.0, cluster_id: ss.1, use_public_cluster: ss.2, arch: ss.3, enterprise_project_id: ss.4 };
        b
    }
}

fn reimport(body: &Value, hint: Hint) -> Build {
    let text = serde_json::to_string_pretty(body).unwrap();
    match import::import(&text, hint).unwrap_or_else(|e| panic!("{e:?}\n{text}")).document {
        Document::Build(b) => b,
        other => panic!("not a build: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn zadig_builds_survive_their_request_json(build in zadig_build()) {
        let body = convert::to_request(&build, Target::Zadig);
        prop_assert!(body.losses.is_empty(), "{:?}", body.losses);
        prop_assert_eq!(reimport(&body.value, Hint::Shape(import::Shape::ZadigBuild)), build);
    }

    #[test]
    fn template_builds_survive_their_request_json(build in template_build()) {
        let body = convert::to_request(&build, Target::Zadig);
        prop_assert_eq!(reimport(&body.value, Hint::Shape(import::Shape::ZadigTemplateBuild)), build);
    }

    #[test]
    fn every_backends_request_survives_a_round_trip(build in any_build()) {
        for target in Target::ALL {
            let first = convert::to_request(&build, target).value;
            let again = reimport(&first, Hint::Shape(import::Shape::primary(target)));
            prop_assert_eq!(&convert::to_request(&again, target).value, &first, "{}", target);
        }
    }

    #[test]
    fn applying_an_unchanged_request_changes_nothing(build in any_build(), template in template_build()) {
        for target in Target::ALL {
            let body = convert::to_request(&build, target).value;
            let edited = reimport(&body, Hint::Shape(import::Shape::primary(target)));
            prop_assert_eq!(&convert::apply_request(&build, target, edited), &build, "{}", target);
        }
        let body = convert::to_request(&template, Target::Zadig).value;
        let edited = reimport(&body, Hint::Shape(import::Shape::ZadigTemplateBuild));
        prop_assert_eq!(&convert::apply_request(&template, Target::Zadig, edited), &template);
    }

    #[test]
    fn every_finding_maps_to_a_model_field_that_exists_or_its_parent(build in any_build()) {
        let doc = buildbay_core::edit::to_document(&build);
        for target in Target::ALL {
            for d in validate::validate(&build, target) {
                let model = convert::model_path(target, &d.path);
                // The field may be absent (an unset section) but its top-level section exists.
                let top = model.split('/').nth(1).unwrap_or_default();
                prop_assert!(top.is_empty() || doc.get(top).is_some(), "{} {} → {}", target, d.path, model);
            }
        }
    }

    #[test]
    fn templates_survive_their_json(build in zadig_build(), vm_labels in texts(), required in prop::collection::vec(any::<bool>(), 0..4)) {
        let mut variables = build.variables.clone();
        for (v, r) in variables.iter_mut().zip(required) { v.required = r; }
        let template = Template {
            name: build.name, infrastructure: build.infrastructure, vm_labels, build_os: build.build_os, installs: build.installs,
            variables, script_type: build.script_type, script: build.script, docker: build.docker, advanced: build.advanced,
            ..Template::default()
        };
        let text = serde_json::to_string(&convert::zadig::template_out(&template)).unwrap();
        let back = import::import(&text, Hint::Shape(import::Shape::ZadigBuildTemplate)).unwrap();
        prop_assert_eq!(back.document, Document::Template(template));
    }

    #[test]
    fn validation_never_panics_on_any_model(build in any_build()) {
        for target in Target::ALL {
            let _ = validate::validate(&build, target);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        for target in [None, Some(Target::Zadig), Some(Target::Rainbond), Some(Target::Nuon), Some(Target::ServiceStage)] {
            let _ = check::check(&text, Hint::Auto, target, &Context::default());
        }
    }

    /// Findings are placed in one pass over the text; every place must be where placing each
    /// finding on its own puts it, in pretty and compact text, cut short or not.
    #[test]
    fn placing_many_pointers_at_once_agrees_with_one_at_a_time(value in json_value(), pretty in any::<bool>(), cut in any::<prop::sample::Index>()) {
        let text = if pretty { serde_json::to_string_pretty(&value).unwrap() } else { value.to_string() };
        let mut wanted = Vec::new();
        pointers_in(&value, String::new(), &mut wanted);
        let extra: Vec<String> = wanted.iter().flat_map(|p| [format!("{p}/missing"), format!("{p}/7"), format!("{p}/01")]).collect();
        wanted.extend(extra);
        let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
        for text in [text.as_str(), &text[..text.char_indices().map(|(i, _)| i).nth(cut.index(text.chars().count().max(1))).unwrap_or(0)]] {
            let one_by_one: Vec<_> = wanted.iter().map(|p| buildbay_core::pointer::locate(text, p)).collect();
            prop_assert_eq!(buildbay_core::pointer::locate_all(text, &wanted), one_by_one, "{}", text);
        }
    }

    /// The Go to palette ranks whatever names the admin's builds, templates and jobs carry.
    #[test]
    fn going_to_any_name_never_panics_and_finds_only_names_holding_the_letters(names in prop::collection::vec("\\PC{0,12}", 0..20), query in "\\PC{0,6}", limit in 0usize..8) {
        use buildbay_core::workspace::{Destination, DestinationKind, best_destinations};
        let all: Vec<Destination> = names.iter().map(|n| Destination { name: n.clone(), kind: DestinationKind::Build, detail: String::new(), path: String::new() }).collect();
        let found = best_destinations(&query, &all, limit);
        prop_assert!(found.len() <= limit);
        let wanted: Vec<char> = query.trim().to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        for d in found {
            let mut letters = d.name.to_lowercase().chars().collect::<Vec<_>>().into_iter();
            prop_assert!(wanted.iter().all(|q| letters.any(|n| n == *q)), "{:?} does not hold {:?}", d.name, query);
        }
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        let text = value.to_string();
        for target in [None, Some(Target::Zadig), Some(Target::Rainbond), Some(Target::Nuon), Some(Target::ServiceStage)] {
            let _ = check::check(&text, Hint::Auto, target, &Context::default());
        }
        for shape in import::Shape::ALL {
            let _ = check::check(&text, Hint::Shape(shape), None, &Context::default());
        }
    }
}

/// Every pointer into `value`, containers before what they hold.
fn pointers_in(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => members.iter().for_each(|(k, v)| pointers_in(v, buildbay_core::pointer::join(&at, k), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers_in(v, buildbay_core::pointer::index(&at, i), out)),
        _ => {}
    }
    out.push(at);
}

/// JSON whose keys are mostly real field names, so the decoders see plausible but wrong shapes.
fn json_value() -> impl Strategy<Value = Value> {
    let keys = prop_oneof![
        Just("name".to_string()), Just("project_key".to_string()), Just("services".to_string()), Just("docker_build_step".to_string()),
        Just("advanced_settings".to_string()), Just("resource_spec".to_string()), Just("parameters".to_string()), Just("repo_info".to_string()),
        Just("storages".to_string()), Just("storages_properties".to_string()), Just("target_services".to_string()), Just("inputs".to_string()),
        Just("git_ref".to_string()), Just("use_latest".to_string()), Just("build_type".to_string()), Just("repo_url".to_string()),
        Just("job_name".to_string()), Just("environment_setting".to_string()), Just("build_os".to_string()), Just("builds".to_string()),
        Just("buildbay".to_string()), Just("runner_job".to_string()), Just("Name".to_string()), Just("a/b~c".to_string()), Just("01".to_string()), Just("1".to_string()), "[a-z_]{1,6}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A repository given only by its clone URL goes to Zadig with the namespace and name the URL
/// holds; the same request applied back unchanged leaves them derived, as the build had them
/// (proptest found it with the URL `@:a`).
#[test]
fn an_unchanged_zadig_request_leaves_a_url_only_repository_as_it_was() {
    for url in ["https://git.example.com/acme/api.git", "git@git.example.com:acme/api.git", "@:a"] {
        let build = Build { repos: vec![Repo { url: url.into(), branch: "main".into(), ..Repo::default() }], ..Build::default() };
        let body = convert::to_request(&build, Target::Zadig).value;
        let edited = reimport(&body, Hint::Shape(import::Shape::primary(Target::Zadig)));
        assert!(!edited.repos[0].name.is_empty(), "the request names the repository: {body}");
        assert_eq!(convert::apply_request(&build, Target::Zadig, edited.clone()), build, "{url}");
        // Edited, the name is the request's.
        let mut renamed = edited;
        renamed.repos[0].name = "web".into();
        assert_eq!(convert::apply_request(&build, Target::Zadig, renamed).repos[0].name, "web");
    }
}
