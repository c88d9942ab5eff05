//! Kubernetes fit and Zadig's strategies: requests, reasons a pod fits nowhere, affinity.

use super::*;

#[test]
fn a_request_defaults_to_its_limit_and_fit_uses_requests_only() {
    // Limit 8000 with request 1000 fits a 2000m node; limit 1500 without request fits too; 2500 does not.
    let o = run(json!({"clusters": one_node(2000),
        "builds": [zadig_build("a", json!({"timeout": 5, "resource_spec": {"cpu_limit": 8000, "cpu_req": 1000, "memory_limit": 1024}})),
                   zadig_build("b", json!({"timeout": 5, "resource_spec": {"cpu_limit": 2500, "memory_limit": 1024}}))],
        "workload": {"jobs": [{"id": "a", "build": "a", "submit": 0, "duration": 60}, {"id": "b", "build": "b", "submit": 0, "duration": 60}]}}));
    assert_eq!(job(&o, "a").status, "passed");
    assert_eq!(job(&o, "b").status, "timeout");
}

#[test]
fn zadig_required_strategy_matching_no_node_waits_until_timeout() {
    let o = run(json!({"clusters": one_node(4000),
        "builds": [zadig_build("a", json!({"timeout": 2, "cluster_name": "prod", "strategy_name": "nowhere"}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0}]}}));
    assert_eq!(job(&o, "j").status, "timeout");
    assert!(job(&o, "j").waits[0].reason.contains("didn't match node affinity"), "{:?}", job(&o, "j").waits);
}

#[test]
fn a_pod_that_fits_nowhere_names_each_nodes_reasons_and_starts_when_one_frees() {
    // na has room but holds one pod at most; nb is too small in both CPU and memory.
    let o = run(json!({"clusters": [{"name": "prod", "nodes": [
            {"name": "na", "cpu": 4000, "memory": 8192, "max_pods": 1}, {"name": "nb", "cpu": 1000, "memory": 1024}]}],
        "zadig": {"workflow_concurrency": 5},
        "builds": [zadig_build("a", json!({"timeout": 10, "resource_spec": {"cpu_limit": 2000, "memory_limit": 2048}}))],
        "workload": {"jobs": [{"id": "1", "build": "a", "submit": 0, "duration": 100}, {"id": "2", "build": "a", "submit": 1, "duration": 100}]}}));
    let second = job(&o, "2");
    assert_eq!(second.waits[0].reason, "Too many pods on 1 node, Insufficient cpu on 1 node, Insufficient memory on 1 node of cluster prod");
    assert_eq!((second.waits[0].from, second.waits[0].to), (1.0, 100.0));
    assert_eq!((second.started, second.finished, second.status.as_str()), (Some(100.0), Some(200.0), "passed"));
    assert_eq!(second.steps[0].node.as_deref(), Some("na"));
}

#[test]
fn a_waiting_pods_reason_follows_the_cluster_each_time_a_pod_leaves() {
    // One node of 8000m holding two pods at most. Two small pods fill it; `big` and then `mid`
    // wait for "Too many pods". When the first small pod leaves, the scheduler's retry places
    // `big`, the older, which leaves 2000m: `mid` (2500m) now also finds too little CPU, and
    // says so from then on, until `big` leaves.
    let size = |name: &str, cpu: i64| zadig_build(name, json!({"timeout": 60, "resource_spec": {"cpu_limit": cpu, "memory_limit": 1024}}));
    let o = run(json!({"clusters": [{"name": "prod", "nodes": [{"name": "n", "cpu": 8000, "memory": 16384, "max_pods": 2}]}],
        "zadig": {"workflow_concurrency": 10},
        "builds": [size("small", 1000), size("big", 5000), size("mid", 2500)],
        "workload": {"jobs": [{"id": "a1", "build": "small", "submit": 0, "duration": 100}, {"id": "a2", "build": "small", "submit": 0, "duration": 1000},
                              {"id": "big", "build": "big", "submit": 10, "duration": 500}, {"id": "mid", "build": "mid", "submit": 20, "duration": 100}]}}));
    let waits: Vec<(f64, f64, &str)> = job(&o, "mid").waits.iter().map(|w| (w.from, w.to, w.reason.as_str())).collect();
    assert_eq!(waits, [
        (20.0, 100.0, "Too many pods on 1 node of cluster prod"),
        (100.0, 600.0, "Too many pods on 1 node, Insufficient cpu on 1 node of cluster prod"),
    ]);
    assert_eq!(job(&o, "big").started, Some(100.0));
    assert_eq!(job(&o, "mid").started, Some(600.0));
}

#[test]
fn preferred_fills_the_nodes_matching_most_keys_first_and_required_takes_any_one_key() {
    let build = |name: &str, strategy: &str, timeout: i64| {
        zadig_build(name, json!({"timeout": timeout, "cluster_name": "prod", "strategy_name": strategy, "resource_spec": {"cpu_limit": 2000, "memory_limit": 2048}}))
    };
    let jobs: Vec<Value> = (1..=5).map(|i| json!({"id": i.to_string(), "build": "pref", "submit": i - 1, "duration": 1000}))
        .chain([json!({"id": "req", "build": "req", "submit": 5, "duration": 10})])
        .collect();
    let o = run(json!({"clusters": [{"name": "prod", "nodes": [
            {"name": "plain", "cpu": 4000, "memory": 8192},
            {"name": "pool", "cpu": 4000, "memory": 8192, "labels": {"pool": "build"}},
            {"name": "ssd", "cpu": 4000, "memory": 8192, "labels": {"pool": "build", "disk": "ssd"}}],
          "strategies": [{"name": "pref", "strategy": "preferred", "labels": ["pool:build", "disk:ssd"]},
                         {"name": "req", "strategy": "required", "labels": ["pool:none", "disk:ssd"]}]}],
        "zadig": {"workflow_concurrency": 10},
        "builds": [build("pref", "pref", 60), build("req", "req", 10)],
        "workload": {"jobs": jobs}}));
    let nodes: Vec<&str> = (1..=5).map(|i| job(&o, &i.to_string()).steps[0].node.as_deref().unwrap_or("")).collect();
    assert_eq!(nodes, ["ssd", "ssd", "pool", "pool", "plain"]);
    // `required` over pool:none or disk:ssd admits only `ssd`, full until 1000 s: the pod waits
    // there and its 10 minutes, counted from `prepare` at 5 s, end first.
    let req = job(&o, "req");
    assert_eq!(req.waits[0].reason, "node(s) didn't match node affinity on 2 nodes, Insufficient cpu on 1 node of cluster prod");
    assert_eq!((req.status.as_str(), req.finished), ("timeout", Some(605.0)));
}

/// Zadig refuses a build on a cluster it does not know, but drops a strategy name its cluster
/// lacks and schedules by the cluster's default: the run goes ahead, and a finding says so.
#[test]
fn an_unknown_strategy_runs_by_the_clusters_default_and_an_unknown_cluster_is_refused() {
    let clusters = json!([{"name": "prod", "nodes": [{"name": "plain", "cpu": 4000, "memory": 8192}, {"name": "pool", "cpu": 4000, "memory": 8192, "labels": {"pool": "build"}}],
        "strategies": [{"name": "pool", "strategy": "required", "labels": ["pool:build"], "default": true}]}]);
    let text = json!({"clusters": clusters, "builds": [zadig_build("a", json!({"timeout": 5, "cluster_name": "prod", "strategy_name": "gpu-only"}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 60}]}}).to_string();
    let prepared = scenario::parse(&text).unwrap();
    let finding = prepared.findings.first().expect("a finding");
    assert_eq!((finding.path.as_str(), finding.code.as_str(), finding.severity), ("/builds/0/definition/advanced_settings/strategy_name", "unknown-strategy", buildbay_core::Severity::Warning));
    assert!(finding.message.contains("has no strategy `gpu-only` (its strategies: `pool`); Zadig ignores the name and schedules build `a` by its default strategy, `pool`"), "{}", finding.message);
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    assert_eq!(o.jobs[0].steps[0].node.as_deref(), Some("pool"), "the default strategy's labelled node, not the first listed");

    // Problems are placed at the build's own index, even after a build that did not read.
    let bad = json!({"clusters": cluster(json!([{"name": "n", "cpu": 4000, "memory": 8192}])), "builds": [{"name": "x", "definition": []},
        zadig_build("a", json!({"timeout": 5, "cluster_name": "staging"})), zadig_build("a", json!({"timeout": 5}))], "workload": {"jobs": []}});
    let problems = scenario::parse(&bad.to_string()).unwrap_err();
    let at: Vec<(&str, &str)> = problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert!(at.contains(&("/builds/1/definition/advanced_settings/cluster_name", "unknown-cluster")), "{at:?}");
    // Each names what the scenario has, and the one a slip most likely meant.
    let unknown = problems.iter().find(|d| d.code == "unknown-cluster").unwrap();
    assert_eq!(unknown.message, "Build `a` runs on cluster `staging`, which the scenario does not define (its clusters: `prod`).");
    let slip = json!({"clusters": clusters, "runners": [{"name": "org-runner"}, {"name": "edge"}],
        "builds": [{"name": "n", "definition": {"git_ref": "main"}, "nuon": {"runner": "org-runer"}}], "workload": {"jobs": []}});
    let problems = scenario::parse(&slip.to_string()).unwrap_err();
    assert_eq!(said(&problems, "unknown-runner"), [("/builds/0/nuon/runner", "No runner named `org-runer` in `runners` (its runners: `org-runner`, `edge`). Did you mean `org-runner`?")]);
    let slip = json!({"clusters": clusters, "builds": [zadig_build("a", json!({"timeout": 5, "cluster_name": "prod", "strategy_name": "pools"}))], "workload": {"jobs": []}});
    let findings = scenario::parse(&slip.to_string()).unwrap().findings;
    assert!(said(&findings, "unknown-strategy")[0].1.ends_with("by its default strategy, `pool`. Did you mean `pool`?"), "{findings:?}");
    assert!(at.contains(&("/builds/2/name", "duplicate-build")), "{at:?}");
}

/// A pod waiting in a busy cluster gets a new reason each time a pod leaves: its first ten are
/// told one by one, and the rest fold into the last, with how long each held, so that a run's
/// detail grows with its jobs rather than their square and the waiting summed by reason stays
/// exact.
#[test]
fn a_pod_whose_reason_keeps_changing_tells_ten_and_folds_the_rest_with_their_times() {
    let big = zadig_build("big", json!({"timeout": 600, "resource_spec": {"cpu_limit": 3000, "memory_limit": 2048}}));
    let small = zadig_build("small", json!({"timeout": 600, "resource_spec": {"cpu_limit": 500, "memory_limit": 7000}}));
    let jobs: Vec<Value> = (0..60).map(|i| json!({"id": format!("j{i}"), "build": if i % 2 == 1 { "big" } else { "small" }, "submit": 0, "duration": 30 + i % 7})).collect();
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 3, "cpu": 4000, "memory": 8192, "max_pods": 3}])),
        "zadig": {"workflow_concurrency": 1000}, "builds": [big, small], "workload": {"jobs": jobs}}));
    let last = job(&o, "j59");
    let pod: Vec<&WaitOut> = last.waits.iter().filter(|w| w.unit.is_some()).collect();
    assert_eq!(pod.len(), 10, "{pod:#?}");
    assert!(pod[..9].iter().all(|w| w.folded.is_none()));
    let folded = pod[9].folded.as_ref().expect("the tenth wait folds the reasons after it");
    assert!(folded.reason_changes > 10 && !folded.earlier_reasons.is_empty(), "{folded:?}");
    // The reasons folded are told longest first, and with the last they fill the wait.
    let held: Vec<f64> = folded.earlier_reasons.iter().map(|r| r.seconds).collect();
    assert!(held.windows(2).all(|w| w[0] >= w[1]), "{held:?}");
    assert!(held.iter().sum::<f64>() < pod[9].to - pod[9].from);
    assert!(pod[9].describe().contains(&format!("(the last reason: it changed {} times in this stretch)", folded.reason_changes)), "{}", pod[9].describe());
    // Every millisecond waited is counted once, under the reason that held it.
    let waited: f64 = o.jobs.iter().flat_map(|j| &j.waits).map(|w| w.to - w.from).sum();
    let by_reason: f64 = o.summary.waits_by_reason.as_ref().unwrap().iter().map(|r| r.seconds).sum();
    assert!((waited - by_reason).abs() < 1e-6, "{waited} {by_reason}");
    let json = serde_json::to_value(pod[9]).unwrap();
    assert_eq!(json["reason_changes"], folded.reason_changes);
    assert_eq!(json["earlier_reasons"][0]["seconds"], held[0]);
}
