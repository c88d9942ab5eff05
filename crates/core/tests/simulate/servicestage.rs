//! ServiceStage: a build instance's states and phases, its cluster and architecture.

use super::*;

#[test]
fn servicestage_states_timeout_and_architecture() {
    let ss = |arch: &str| json!({"definition": {"job_name": format!("job-{arch}"), "environment_setting": {"build_os": {"arch": arch}}}});
    let spec = json!({"clusters": [{"name": "c", "nodes": [{"name": "x", "cpu": 4000, "memory": 8192}]}],
        "builds": [ss("x86_64"), ss("aarch64")],
        "workload": {"jobs": [{"id": "x", "build": "job-x86_64", "submit": 0, "duration": 100}, {"id": "a", "build": "job-aarch64", "submit": 0}]}});
    let o = run(spec.clone());
    assert_eq!(job(&o, "x").status, "Successful");
    let states: Vec<&str> = job(&o, "x").transitions.iter().map(|t| t.status.as_str()).collect();
    assert_eq!(states, ["NotStarted", "Queuing", "Building", "Pushing", "Successful"]);
    // Its steps are its phases, and end in the phases' words.
    assert!(job(&o, "x").steps.iter().all(|s| s.status == "Successful"), "{:?}", job(&o, "x").steps);
    let x = &job(&o, "x").backend;
    assert_eq!((&x["started_at"], &x["ended_at"], &x["duration"]), (&json!(0.0), &json!(100.0), &json!(100.0)));
    assert_eq!((job(&o, "a").status.as_str(), job(&o, "a").finished), ("Timeout", Some(3600.0)));
    assert!(job(&o, "a").waits[0].reason.starts_with("architecture mismatch"));
    // It timed out queuing, before its first phase: that phase says so, the rest never started.
    let phases: Vec<&str> = job(&o, "a").backend["phases"].as_array().unwrap().iter().map(|p| p["state"].as_str().unwrap()).collect();
    assert_eq!(phases, ["Timeout", "NotStarted", "NotStarted", "NotStarted", "NotStarted", "NotStarted"]);

    // Mid-run, the queuing build's first phase is `Queuing`, and the running build's artifact
    // phase reads `Pushing` once its instance does.
    let pushing = job(&o, "x").transitions.iter().find(|t| t.status == "Pushing").unwrap().at;
    let prepared = scenario::parse(&spec.to_string()).unwrap();
    let mut engine = Engine::new(&prepared, prepared.scenario.seed, Detail::Full);
    engine.run_until((pushing * 1000.0) as u64 + 1);
    let phase_states = |j: u32| -> Vec<String> {
        let backend = buildbay_core::simulate::outcome::JobOutcome::of(&engine, j).unwrap().backend;
        backend["phases"].as_array().unwrap().iter().map(|p| p["state"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(phase_states(0), ["Successful", "Successful", "Successful", "Successful", "Pushing", "NotStarted"]);
    assert_eq!(phase_states(1), ["Queuing", "NotStarted", "NotStarted", "NotStarted", "NotStarted", "NotStarted"]);
}

/// ServiceStage's `environment_setting` names its cluster by name and by id: the build runs on
/// the scenario's cluster of that name (or, failing that, of that id), an unknown name is
/// refused at the field, and the editor's lint says where the simulator runs it instead.
#[test]
fn a_servicestage_build_runs_on_the_cluster_its_environment_names() {
    let ss = |env: Value| json!({"name": "ss", "semantics": "servicestage", "definition": {"job_name": "ss-job", "environment_setting": env}});
    let clusters = json!([{"name": "x86", "nodes": [{"name": "x", "cpu": 4000, "memory": 8192}]},
        {"name": "arm", "nodes": [{"name": "a", "cpu": 4000, "memory": 8192, "arch": "aarch64"}]}]);
    let scenario = |env: Value| json!({"clusters": clusters, "builds": [ss(env)], "workload": {"jobs": [{"id": "s", "build": "ss", "submit": 0, "duration": 60}]}});
    let arm = json!({"build_os": {"arch": "aarch64"}});
    for env in [json!({"cluster_name": "arm", "build_os": {"arch": "aarch64"}}), json!({"cluster_id": "arm", "build_os": {"arch": "aarch64"}})] {
        let o = run(scenario(env.clone()));
        assert_eq!((job(&o, "s").status.as_str(), job(&o, "s").steps[0].node.as_deref()), ("Successful", Some("a")), "{env}");
    }
    // Without a cluster it runs on the first, whose nodes are all x86_64.
    assert_eq!(job(&run(scenario(arm)), "s").status, "Timeout");
    let problems = scenario::parse(&scenario(json!({"cluster_name": "nope"})).to_string()).unwrap_err();
    assert_eq!((problems[0].path.as_str(), problems[0].code.as_str()), ("/builds/0/definition/environment_setting/cluster_name", "unknown-cluster"));

    use buildbay_core::simulate::{lints::capacity_lints, scenario::ClusterSpec};
    let model: Vec<ClusterSpec> = serde_json::from_value(clusters).unwrap();
    let request = json!({"job_name": "ss-job", "environment_setting": {"cluster_name": "nope"}});
    let buildbay_core::import::Document::Build(build) = buildbay_core::import::import_value(request, buildbay_core::import::Hint::Auto).unwrap().document else { unreachable!() };
    let lints = capacity_lints(&build, None, buildbay_core::Target::ServiceStage, &model);
    let unknown = lints.iter().find(|d| d.code == "capacity-unknown-cluster").unwrap_or_else(|| panic!("{lints:?}"));
    assert_eq!(unknown.path, "/advanced/cluster_name");
    assert_eq!(unknown.message, "The cluster model has no cluster `nope` (its clusters: `x86`, `arm`); the simulator runs this build on `x86`.");
    // A near miss of a cluster's name is pointed at, as the scenario's own check points at it.
    let request = json!({"job_name": "ss-job", "environment_setting": {"cluster_name": "arm64"}});
    let buildbay_core::import::Document::Build(build) = buildbay_core::import::import_value(request, buildbay_core::import::Hint::Auto).unwrap().document else { unreachable!() };
    let lints = capacity_lints(&build, None, buildbay_core::Target::ServiceStage, &model);
    let unknown = lints.iter().find(|d| d.code == "capacity-unknown-cluster").unwrap_or_else(|| panic!("{lints:?}"));
    assert!(unknown.message.ends_with("runs this build on `x86`. Did you mean `arm`?"), "{}", unknown.message);
}

/// A build instance reads as ServiceStage's detail: its job's name (the definition's, whatever
/// the scenario calls the build), its `index` among that
/// job's instances (from 1), and the branch and commit it built — the commit its log checks out,
/// and none for an instance that ended before its Download phase checked one out.
#[test]
fn a_servicestage_instance_names_its_job_index_branch_and_commit() {
    let repo = json!({"type": "GitHub", "url": "https://github.com/acme/web.git", "branch": "release", "namespace": "acme"});
    let spec = json!({"clusters": [{"name": "c", "nodes": [{"name": "x", "count": 2, "cpu": 4000, "memory": 8192}]}],
        "builds": [{"name": "web", "definition": {"job_name": "web-assembly", "environment_setting": {}, "code_repo": repo}},
                   {"definition": {"job_name": "bare", "environment_setting": {}}}],
        "workload": {"jobs": [{"id": "w1", "build": "web", "submit": 0, "duration": 60}, {"id": "b1", "build": "bare", "submit": 0, "duration": 60},
                              {"id": "w2", "build": "web", "submit": 10, "duration": 60},
                              {"id": "w3", "build": "web", "submit": 20, "cancel_at": 21}]}});
    let o = run(spec);
    let field = |id: &str, f: &str| job(&o, id).backend[f].clone();
    assert_eq!(["w1", "b1", "w2"].map(|id| (field(id, "job_name"), field(id, "index"))),
        [(json!("web-assembly"), json!(1)), (json!("bare"), json!(1)), (json!("web-assembly"), json!(2))]);
    assert_eq!((field("w1", "branch"), field("b1", "branch"), field("b1", "commit_id")), (json!("release"), Value::Null, Value::Null));
    let commit = field("w2", "commit_id").as_str().unwrap().to_string();
    assert!(job(&o, "w2").logs.iter().any(|l| l.line().contains(&commit)), "the log checks out {commit}");
    assert_eq!((job(&o, "w3").status.as_str(), field("w3", "branch"), field("w3", "commit_id")), ("Cancel", json!("release"), Value::Null),
        "cancelled in Init, it never checked a commit out");
}

/// Scheduling strategies are Zadig's node affinity on its own build pods: a cluster's default
/// `required` strategy holds Zadig builds to its labelled nodes but not a ServiceStage build.
#[test]
fn zadig_strategies_do_not_reach_a_servicestage_build() {
    let clusters = json!([{"name": "c", "nodes": [{"name": "n", "count": 2, "cpu": 4000, "memory": 8192}],
        "strategies": [{"name": "gpu-pool", "strategy": "required", "labels": ["pool:gpu"], "default": true}]}]);
    let zadig = json!({"name": "z", "project_key": "p", "build_script": "make", "advanced_settings": {"timeout": 10, "cluster_name": "c"}});
    let o = run(json!({"clusters": clusters, "builds": [{"definition": {"job_name": "web", "environment_setting": {"cluster_name": "c"}}}, {"definition": zadig}],
        "workload": {"jobs": [{"id": "s", "build": "web", "submit": 0, "duration": 60}, {"id": "z", "build": "z", "submit": 0}]}}));
    assert_eq!((job(&o, "s").status.as_str(), job(&o, "s").wait), ("Successful", 0.0));
    assert_eq!(job(&o, "z").status, "timeout", "the Zadig build waits for a node labelled pool:gpu");
}
