//! Capacity lints: what the cluster model says about a build before it runs.

use super::*;

#[test]
fn capacity_lints_flag_requests_no_node_holds_and_strategies_matching_no_node() {
    use buildbay_core::simulate::{default_clusters, lints::capacity_lints};
    let read = |advanced: Value| match buildbay_core::import::import_value(zadig_build("a", advanced)["definition"].clone(), buildbay_core::import::Hint::Auto).unwrap().document {
        buildbay_core::import::Document::Build(b) => b,
        _ => unreachable!(),
    };
    let big = read(json!({"timeout": 30, "cluster_name": "local", "resource_spec": {"cpu_limit": 16000, "memory_limit": 4096}}));
    let codes: Vec<String> = capacity_lints(&big, None, buildbay_core::Target::Zadig, &default_clusters()).into_iter().map(|d| d.code).collect();
    assert_eq!(codes, ["capacity-request-fits-no-node"]);
    let mut clusters = default_clusters();
    clusters[0].strategies[1].labels = vec!["pool:gpu".into()];
    let pinned = read(json!({"timeout": 30, "cluster_name": "local", "strategy_name": "build-pool"}));
    let codes: Vec<String> = capacity_lints(&pinned, None, buildbay_core::Target::Zadig, &clusters).into_iter().map(|d| d.code).collect();
    assert_eq!(codes, ["capacity-strategy-matches-no-node"]);
    let unknown = read(json!({"timeout": 30, "cluster_name": "local", "strategy_name": "gpu-pool"}));
    let lints = capacity_lints(&unknown, None, buildbay_core::Target::Zadig, &default_clusters());
    assert_eq!(lints.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["capacity-unknown-strategy"]);
    assert!(lints[0].message.contains("no strategy `gpu-pool` (its strategies: `random`, `build-pool`); Zadig ignores the name and schedules this build by its default strategy, `random`"), "{}", lints[0].message);
    // A GPU no node has: the nodes' GPUs are told beside their CPU and memory.
    let gpu = read(json!({"timeout": 30, "cluster_name": "local", "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024, "gpu_limit": "nvidia.com/gpu: 1"}}));
    let lints = capacity_lints(&gpu, None, buildbay_core::Target::Zadig, &default_clusters());
    assert_eq!(lints.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect::<Vec<_>>(), [("capacity-request-fits-no-node", "/advanced_settings/resource_spec/gpu_limit")]);
    assert!(lints[0].message.contains("1 GPU — more than any node of cluster local offers (each of its 3 nodes has 4000m CPU, 8192 MiB and 0 GPUs)"), "{}", lints[0].message);
    let fine = read(json!({"timeout": 30, "cluster_name": "local"}));
    assert!(capacity_lints(&fine, None, buildbay_core::Target::Zadig, &default_clusters()).is_empty());
}

#[test]
fn capacity_lints_point_at_model_fields_for_targets_without_zadig_paths() {
    use buildbay_core::simulate::{default_clusters, lints::capacity_lints};
    let mut big = buildbay_core::model::Build { name: "big".into(), ..Default::default() };
    let mut adv = buildbay_core::model::AdvancedSettings::default();
    adv.resources.cpu_req = 64_000;
    adv.resources.cpu_limit = 64_000;
    big.advanced = Some(adv);
    let zadig = capacity_lints(&big, None, buildbay_core::Target::Zadig, &default_clusters());
    assert_eq!(zadig[0].path, "/advanced_settings/resource_spec/cpu_req");
    let servicestage = capacity_lints(&big, None, buildbay_core::Target::ServiceStage, &default_clusters());
    assert_eq!(servicestage[0].path, "/advanced/resources/cpu_req");
    // A Rainbond build runs in a builder's slot and a Nuon build on its runner, whatever they request.
    assert!(capacity_lints(&big, None, buildbay_core::Target::Rainbond, &default_clusters()).is_empty());
    assert!(capacity_lints(&big, None, buildbay_core::Target::Nuon, &default_clusters()).is_empty());
}

/// A ServiceStage build for aarch64 on a cluster of x86_64 nodes fits nowhere for its
/// architecture, not its size: the lint says so at its architecture, in ServiceStage's words.
#[test]
fn an_architecture_no_node_has_is_flagged_as_that_not_as_a_size() {
    use buildbay_core::simulate::{default_clusters, lints::capacity_lints, scenario::ClusterSpec};
    let read = |request: Value| match buildbay_core::import::import_value(request, buildbay_core::import::Hint::Auto).unwrap().document {
        buildbay_core::import::Document::Build(b) => b,
        _ => unreachable!(),
    };
    let arm = read(json!({"job_name": "edge", "environment_setting": {"build_os": {"arch": "aarch64"}}}));
    let lints = capacity_lints(&arm, None, buildbay_core::Target::ServiceStage, &default_clusters());
    assert_eq!(lints.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect::<Vec<_>>(), [("capacity-arch-matches-no-node", "/servicestage/arch")]);
    assert_eq!(lints[0].message, "This build builds on aarch64, and no node of cluster local is aarch64 (its nodes are x86_64); it would wait until its timeout (60 min) and end `Timeout`.");
    // With an aarch64 node in the cluster it fits, and an x86_64 build is fine either way.
    let mixed: Vec<ClusterSpec> = serde_json::from_value(json!([{"name": "local", "nodes": [
        {"name": "x", "cpu": 4000, "memory": 8192}, {"name": "a", "cpu": 4000, "memory": 8192, "arch": "arm64"}]}])).unwrap();
    assert!(capacity_lints(&arm, None, buildbay_core::Target::ServiceStage, &mixed).is_empty());
    let x86 = read(json!({"job_name": "web", "environment_setting": {"build_os": {"arch": "x86_64"}}}));
    assert!(capacity_lints(&x86, None, buildbay_core::Target::ServiceStage, &default_clusters()).is_empty());
    // The run agrees: it waits for an aarch64 node until its timeout and ends `Timeout`.
    let o = run(json!({"clusters": default_clusters(), "builds": [{"definition": {"job_name": "edge", "environment_setting": {"build_os": {"arch": "aarch64"}}}}],
        "workload": {"jobs": [{"id": "e", "build": "edge", "submit": 0}]}}));
    assert_eq!((job(&o, "e").status.as_str(), job(&o, "e").finished), ("Timeout", Some(3600.0)));
}

#[test]
fn a_template_build_is_linted_by_its_template_at_its_template_name() {
    use buildbay_core::model::{AdvancedSettings, Build, Template};
    use buildbay_core::simulate::{default_clusters, lints::{capacity_lints, template_lints}};
    let mut adv = AdvancedSettings { timeout_minutes: 15, ..AdvancedSettings::default() };
    adv.resources.cpu_req = 64_000;
    adv.resources.cpu_limit = 64_000;
    let template = Template { name: "go-service".into(), advanced: Some(adv), ..Template::default() };
    // The build's own settings ask for little and are never read: its template's are.
    let mut own = AdvancedSettings::default();
    own.resources.cpu_req = 500;
    let build = Build { name: "api".into(), template_name: Some("go-service".into()), advanced: Some(own), ..Build::default() };
    let lints = capacity_lints(&build, Some(&template), buildbay_core::Target::Zadig, &default_clusters());
    assert_eq!(lints.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect::<Vec<_>>(), [("capacity-request-fits-no-node", "/template_name")]);
    assert!(lints[0].message.starts_with("This build (by its template `go-service`) requests 64000m CPU"), "{}", lints[0].message);
    assert!(lints[0].message.contains("until its timeout (15 min)"), "{}", lints[0].message);
    assert!(lints[0].message.contains("(each of its 3 nodes has 4000m CPU and 8192 MiB)"), "{}", lints[0].message);
    // Nodes of several sizes: the first of the largest is named.
    let mut mixed = default_clusters();
    let big_row = buildbay_core::simulate::scenario::NodeSpec { name: "big".into(), count: 2, cpu: 16_000, memory: 8192, ..Default::default() };
    mixed[0].nodes.push(big_row);
    let lints = capacity_lints(&build, Some(&template), buildbay_core::Target::Zadig, &mixed);
    assert!(lints[0].message.contains("(the largest node, big-1, has 16000m CPU and 8192 MiB)"), "{}", lints[0].message);
    // Without its template (validation says it is unknown) or with another one, nothing is guessed.
    assert!(capacity_lints(&build, None, buildbay_core::Target::Zadig, &default_clusters()).is_empty());
    let other = Template { name: "other".into(), ..template.clone() };
    assert!(capacity_lints(&build, Some(&other), buildbay_core::Target::Zadig, &default_clusters()).is_empty());
    // A template whose settings fit says nothing; the template's own page gets the warning at its field.
    let fits = Template { advanced: None, ..template.clone() };
    assert!(capacity_lints(&build, Some(&fits), buildbay_core::Target::Zadig, &default_clusters()).is_empty());
    let body = buildbay_core::workspace::template_body(&template);
    let own_page = template_lints(&template, &body, &default_clusters());
    assert_eq!(own_page.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(), ["/advanced_settings/resource_spec/cpu_req"]);
    let line = own_page[0].position.as_ref().map(|p| p.line).unwrap_or_default();
    assert!(body.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains("\"cpu_req\": 64000")), "line {line} of {body}");
    assert!(own_page[0].message.starts_with("A build made from this template requests 64000m CPU"), "{}", own_page[0].message);
}

/// Zadig's sizing rule worked out for the model: the default model's three 4-CPU, 8-GiB nodes
/// hold 12 builds at the `low` preset, so the default 2 × 5 fits and 4 × 5 leaves 8 waiting,
/// as a run of 4 five-service tasks shows.
#[test]
fn the_queue_settings_are_weighed_against_the_cluster_builds_go_to() {
    use buildbay_core::simulate::{default_clusters, lints::QueueRoom, scenario::ZadigSettings};
    let zadig = ZadigSettings::default();
    let room = QueueRoom::of(&zadig, &default_clusters()).unwrap();
    assert_eq!((room.at_once, room.room, room.overflows()), (10, 12, false));
    assert_eq!(room.sentence(), "Up to 2 × 5 = 10 job tasks may run at once; cluster local holds 12 such builds at a time (1000m CPU and 1024 MiB each, Zadig's low preset for a build without advanced settings).");
    let busy = ZadigSettings { workflow_concurrency: 4, ..ZadigSettings::default() };
    let room = QueueRoom::of(&busy, &default_clusters()).unwrap();
    assert!(room.overflows());
    assert!(room.sentence().starts_with("Up to 4 × 5 = 20 job tasks may run at once, but cluster local holds 12 such builds at a time"), "{}", room.sentence());
    assert!(room.sentence().contains("the other 8 would start and wait for a node"), "{}", room.sentence());
    // The run agrees: of 20 job tasks started at once, 8 wait for a node.
    let services: Vec<Value> = ["a", "b", "c", "d", "e"].iter().map(|s| json!({"service_name": s, "service_module": s})).collect();
    let mut build = zadig_build("w", Value::Null);
    build["definition"]["services"] = json!(services);
    build["definition"].as_object_mut().unwrap().remove("advanced_settings");
    build["name"] = json!("w");
    build["semantics"] = json!("zadig");
    let jobs: Vec<Value> = (0..4).map(|i| json!({"id": format!("t{i}"), "build": "w", "submit": 0, "duration": 600})).collect();
    let o = run(json!({"clusters": serde_json::to_value(default_clusters()).unwrap(), "zadig": {"workflow_concurrency": 4},
        "builds": [build], "workload": {"jobs": jobs}}));
    let held: usize = o.jobs.iter().map(|j| j.waits.iter().filter(|w| w.reason.starts_with("Insufficient")).count()).sum();
    assert_eq!(held, 8, "{:?}", o.jobs.iter().map(|j| &j.waits).collect::<Vec<_>>());
    // A pod cap or a default strategy narrows the room; a model without nodes has none to weigh.
    let mut capped = default_clusters();
    capped[0].nodes[0].max_pods = 2;
    assert_eq!(QueueRoom::of(&zadig, &capped).unwrap().room, 6);
    assert_eq!(QueueRoom::of(&zadig, &[]), None);
}

/// A request too large for the nodes a build may use is measured against those nodes: a
/// larger one its strategy keeps it off, or of another architecture, is no answer to its size.
#[test]
fn a_request_too_large_is_measured_against_the_nodes_the_build_may_use() {
    use buildbay_core::simulate::{lints::capacity_lints, scenario::ClusterSpec};
    let clusters: Vec<ClusterSpec> = serde_json::from_value(json!([{"name": "local", "nodes": [
        {"name": "small", "count": 2, "cpu": 2000, "memory": 4096, "labels": {"pool": "build"}},
        {"name": "arm", "cpu": 500, "memory": 2048, "arch": "aarch64"},
        {"name": "big", "cpu": 16000, "memory": 32768}],
        "strategies": [{"name": "pool", "strategy": "required", "labels": ["pool:build"], "default": true}]}])).unwrap();
    let advanced = json!({"timeout": 30, "cluster_name": "local", "resource_spec": {"cpu_limit": 4000, "memory_limit": 4096}});
    let zadig = match buildbay_core::import::import_value(zadig_build("a", advanced)["definition"].clone(), buildbay_core::import::Hint::Auto).unwrap().document {
        buildbay_core::import::Document::Build(b) => b,
        _ => unreachable!(),
    };
    let lints = capacity_lints(&zadig, None, buildbay_core::Target::Zadig, &clusters);
    assert_eq!(lints.len(), 1, "{lints:?}");
    assert_eq!(lints[0].message, "This build requests 4000m CPU, 4096 MiB memory — more than any node of cluster local strategy `pool` lets it use offers (each of those 2 nodes has 2000m CPU and 4096 MiB). It would wait until its timeout (30 min) and end `timeout`.");
    // A ServiceStage build for aarch64 may use the one aarch64 node only (Zadig's strategies
    // do not reach it).
    let arm = match buildbay_core::import::import_value(json!({"job_name": "edge", "environment_setting": {"build_os": {"arch": "aarch64"}}}), buildbay_core::import::Hint::Auto).unwrap().document {
        buildbay_core::import::Document::Build(b) => b,
        _ => unreachable!(),
    };
    let lints = capacity_lints(&arm, None, buildbay_core::Target::ServiceStage, &clusters);
    assert_eq!(lints.len(), 1, "{lints:?}");
    assert_eq!(lints[0].message, "This build requests 1000m CPU, 1024 MiB memory — more than any node of cluster local that is aarch64 offers (the one such node, arm, has 500m CPU and 2048 MiB). It would wait until its timeout (60 min) and end `Timeout`.");
}

/// A Nuon job started from the console goes to the model's first runner: one that is not
/// healthy or is in sandbox mode runs nothing of it, and the start form says so beforehand.
#[test]
fn a_nuon_job_is_told_before_it_starts_when_its_runner_would_run_nothing() {
    use buildbay_core::simulate::{lints::runner_lints, scenario::RunnerSpec};
    use buildbay_core::Target;
    let runner = |healthy: bool, sandbox_mode: bool| vec![RunnerSpec { name: "org-runner".into(), healthy, sandbox_mode }, RunnerSpec::default()];
    let said = |target: Target, runners: &[RunnerSpec]| runner_lints(target, runners).into_iter().map(|d| (d.path, d.message)).collect::<Vec<_>>();
    assert_eq!(said(Target::Nuon, &runner(true, false)), []);
    assert_eq!(said(Target::Nuon, &[]), [], "no runner in the model: the engine's healthy org runner");
    let sandbox = said(Target::Nuon, &runner(true, true));
    assert_eq!(sandbox, [("/runners/0".to_string(), "Runner `org-runner` is in sandbox mode: Nuon marks this job `finished` after a 5 s sleep (\"success in sandbox mode\") and nothing of the build runs.".to_string())]);
    let sick = said(Target::Nuon, &runner(false, true));
    assert!(sick[0].1.starts_with("Runner `org-runner` is not healthy: Nuon turns this job away `not-attempted`"), "health is checked first: {sick:?}");
    assert_eq!(said(Target::Zadig, &runner(false, true)), [], "only Nuon jobs run on a runner");
}

/// The Jobs page's Build field is told both kinds at once: the build's capacity lints on the
/// model and, under Nuon, its runner's.
#[test]
fn a_job_about_to_start_is_told_its_capacity_and_runner_lints_together() {
    use buildbay_core::simulate::{default_clusters, lints::start_lints, scenario::RunnerSpec};
    use buildbay_core::Target;
    let big = match buildbay_core::import::import_value(zadig_build("a", json!({"timeout": 30, "cluster_name": "local", "resource_spec": {"cpu_limit": 16000, "memory_limit": 4096}}))["definition"].clone(), buildbay_core::import::Hint::Auto).unwrap().document {
        buildbay_core::import::Document::Build(b) => b,
        _ => unreachable!(),
    };
    let sandbox = [RunnerSpec { name: "org-runner".into(), healthy: true, sandbox_mode: true }];
    let codes = |target: Target| start_lints(&big, target, &default_clusters(), &sandbox).into_iter().map(|d| d.code).collect::<Vec<_>>();
    assert_eq!(codes(Target::Zadig), ["capacity-request-fits-no-node"], "a Zadig job runs on no runner");
    assert_eq!(codes(Target::Nuon).last().map(String::as_str), Some("runner-runs-nothing"), "a Nuon job's runner is told after its capacity: {:?}", codes(Target::Nuon));
}
