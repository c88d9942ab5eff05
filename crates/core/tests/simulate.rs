//! The simulator, one table row per scheduling rule, plus determinism and properties.

use buildbay_core::simulate::compare::Alternative;
use buildbay_core::simulate::outcome::{JobOutcome, WaitOut};
use buildbay_core::simulate::{self, Detail, Engine, Outcome, scenario};
use proptest::prelude::*;
use serde_json::{Value, json};

fn zadig_build(name: &str, advanced: Value) -> Value {
    json!({"definition": {"name": name, "project_key": "p", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04",
        "script_type": "shell", "build_script": "make", "services": [{"service_name": name, "service_module": name}],
        "advanced_settings": advanced}})
}

fn cluster(nodes: Value) -> Value {
    json!([{"name": "prod", "nodes": nodes, "strategies": [
        {"name": "pool", "strategy": "required", "labels": ["pool:build"]},
        {"name": "nowhere", "strategy": "required", "labels": ["pool:gpu"]}]}])
}

fn run(scenario: Value) -> Outcome {
    let prepared = scenario::parse(&scenario.to_string()).unwrap_or_else(|e| panic!("scenario invalid: {e:?}"));
    simulate::simulate(&prepared, prepared.scenario.seed, Detail::Full)
}

fn job<'a>(o: &'a Outcome, id: &str) -> &'a JobOutcome {
    o.jobs.iter().find(|j| j.id == id).unwrap_or_else(|| panic!("no job {id}"))
}

/// The README's example with two hours of arrivals (120 an hour) beside its explicit jobs.
fn example_with_arrivals() -> simulate::Prepared {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenario.json")).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["workload"]["arrivals"] = json!([{"per_hour": 120, "from": 0, "until": 7200}]);
    scenario::parse(&value.to_string()).unwrap()
}

fn one_node(cpu: i64) -> Value {
    cluster(json!([{"name": "n1", "cpu": cpu, "memory": 8192, "labels": {"pool": "build"}}]))
}

#[test]
fn zadig_unfittable_build_waits_until_its_timeout_and_ends_timeout() {
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 3, "cpu": 2000, "memory": 8192}])),
        "builds": [zadig_build("big", json!({"timeout": 15, "resource_spec": {"cpu_limit": 4000, "memory_limit": 4096}}))],
        "workload": {"jobs": [{"id": "j", "build": "big", "submit": 5}]}}));
    let j = job(&o, "j");
    assert_eq!(j.status, "timeout");
    assert_eq!(j.finished, Some(905.0));
    assert_eq!(j.backend["stages"][0]["jobs"][0]["status"], "timeout");
    // Named as Zadig's task detail names them: the task's `status`, its workflow's key.
    assert_eq!((j.backend["status"].as_str(), j.backend["workflow_key"].as_str()), (Some("timeout"), Some("big-workflow")));
    // With its times (seconds from the scenario's start): the job task ran from `prepare` to
    // its timeout, and says what it cost.
    let task = &j.backend;
    assert_eq!((&task["create_time"], &task["start_time"], &task["end_time"]), (&json!(5.0), &json!(5.0), &json!(905.0)));
    let job_task = &task["stages"][0]["jobs"][0];
    assert_eq!((&job_task["start_time"], &job_task["end_time"], &job_task["cost_seconds"]), (&json!(5.0), &json!(905.0), &json!(900.0)));
    assert_eq!(j.waits[0].reason, "Insufficient cpu on all 3 nodes of cluster prod");
    assert_eq!((j.waits[0].from, j.waits[0].to), (5.0, 905.0));
    // The run's summary counts that wait under its reason.
    let totals = o.summary.waits_by_reason.as_ref().unwrap();
    assert_eq!((totals[0].reason.as_str(), totals[0].jobs, totals[0].seconds), ("Insufficient cpu on all 3 nodes of cluster prod", 1, 900.0));
    // Zadig keeps Unix seconds: a task submitted at 5.6 s is created, and times out, in whole seconds.
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 3, "cpu": 2000, "memory": 8192}])),
        "builds": [zadig_build("big", json!({"timeout": 15, "resource_spec": {"cpu_limit": 4000, "memory_limit": 4096}}))],
        "workload": {"jobs": [{"id": "j", "build": "big", "submit": 5.6}]}}));
    let task = &job(&o, "j").backend;
    assert_eq!((&task["create_time"], &task["end_time"], &task["stages"][0]["jobs"][0]["cost_seconds"]), (&json!(5.0), &json!(905.0), &json!(900.0)));
    assert_eq!(job(&o, "j").finished, Some(905.6), "the run itself keeps its milliseconds");
}

#[test]
fn the_simulators_job_table_says_where_each_job_ran_and_why_each_waited() {
    use buildbay_core::simulate::job_table::{JobOrder, job_rows, select};
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 2, "cpu": 2000, "memory": 8192}])),
        "builds": [zadig_build("big", json!({"timeout": 15, "resource_spec": {"cpu_limit": 4000, "memory_limit": 4096}})),
                   zadig_build("small", json!({"resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}}))],
        "workload": {"jobs": [{"id": "k", "build": "small", "submit": 0, "duration": 60}, {"id": "j", "build": "big", "submit": 5}]}}));
    let rows = job_rows(&o);
    assert_eq!(rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["k", "j"], "one row per job, in submission order");
    let (k, j) = (&rows[0], &rows[1]);
    assert_eq!((k.status.as_str(), k.ran_on.clone(), k.ran, k.waits.len()), ("passed", vec!["n-1".to_string()], Some(60.0), 0));
    assert_eq!((j.status.as_str(), j.ended, j.waited), ("timeout", Some(905.0), 900.0));
    assert!(j.ran_on.is_empty(), "it never fitted anywhere");
    assert_eq!(j.waits, ["0:00:05–0:15:05 Insufficient cpu on all 2 nodes of cluster prod (job-0-0-0-build)"]);
    assert_eq!(select(&rows, "insufficient", JobOrder::Submitted), [1], "a search finds the jobs a reason held up");
    assert_eq!(select(&rows, "n-1", JobOrder::Submitted), [0], "and the jobs that ran on a node");
    assert_eq!(select(&rows, "", JobOrder::LongestWait), [1, 0]);
}

#[test]
fn a_zadig_job_task_shows_the_branch_and_variable_values_it_ran_with_its_secrets_masked() {
    let mut build = zadig_build("api", json!({"timeout": 60}));
    build["definition"]["repo_info"] = json!([{"codehost_name": "gl", "repo_namespace": "acme", "repo_name": "api", "branch": "release/1.2"}]);
    build["definition"]["parameters"] = json!([
        {"key": "TARGETS", "type": "multi-select", "choice_option": ["a", "b", "c"], "choice_value": ["a", "c"]},
        {"key": "TOKEN", "type": "string", "default_value": "s3cret", "is_credential": true},
        {"key": "MODE", "type": "choice", "choice_option": ["fast", "full"], "default_value": "full"}]);
    let o = run(json!({"clusters": one_node(8000), "builds": [build], "workload": {"jobs": [{"id": "j", "build": "api", "submit": 0}]}}));
    let j = job(&o, "j");
    let spec = &j.backend["stages"][0]["jobs"][0]["spec"];
    assert_eq!((spec["service_name"].as_str(), spec["service_module"].as_str()), (Some("api"), Some("api")));
    assert_eq!(spec["repos"], json!([{"repo_namespace": "acme", "repo_name": "api", "branch": "release/1.2"}]));
    assert_eq!(spec["envs"], json!([
        {"key": "TARGETS", "value": "a,c", "type": "multi-select", "is_credential": false},
        {"key": "TOKEN", "value": "********", "type": "string", "is_credential": true},
        {"key": "MODE", "value": "full", "type": "choice", "is_credential": false}]));
    assert!(!serde_json::to_string(&o).unwrap().contains("s3cret"), "a secret's value left the run");
    // The clone step says which branch it checked out.
    assert!(j.logs.iter().any(|l| l.step == "api-git" && l.text == "Checking out branch 'release/1.2'"), "{:?}", j.logs);
    // So does Rainbond's, whose steps name the clone URL, and whose server checks out `master` when no branch is given.
    let rainbond = |definition: Value| {
        let o = run(json!({"clusters": [{"name": "c", "nodes": [{"name": "b", "cpu": 4000, "memory": 8192, "builder": true}]}],
            "builds": [{"name": "rb", "semantics": "rainbond", "definition": definition}], "workload": {"jobs": [{"id": "r", "build": "rb", "submit": 0}]}}));
        job(&o, "r").logs.iter().filter(|l| l.step == "clone-code").map(|l| l.text.clone()).collect::<Vec<_>>()
    };
    assert!(rainbond(json!({"repo_url": "https://gitee.com/acme/api.git", "branch": "feature/x"})).contains(&"Checking out branch 'feature/x'".to_string()));
    assert!(rainbond(json!({"repo_url": "https://gitee.com/acme/api.git"})).contains(&"Checking out branch 'master'".to_string()));
}

#[test]
fn zadig_timeout_of_zero_runs_as_600_minutes_and_one_left_out_as_the_default_60() {
    let o = run(json!({"clusters": one_node(1000), "zadig": {"workflow_concurrency": 3},
        "builds": [zadig_build("zero", json!({"timeout": 0, "resource_spec": {"cpu_limit": 4000, "memory_limit": 4096}})),
                   zadig_build("unset", json!({"resource_spec": {"cpu_limit": 4000, "memory_limit": 4096}})),
                   json!({"definition": {"name": "bare", "project_key": "p", "build_script": "make"}})],
        "workload": {"jobs": [{"id": "zero", "build": "zero", "submit": 0}, {"id": "unset", "build": "unset", "submit": 0},
                              {"id": "bare", "build": "bare", "submit": 0, "duration": 4000}]}}));
    assert_eq!(job(&o, "zero").finished, Some(36000.0));
    // Advanced settings without a timeout, and none at all: Zadig's default of 60 minutes.
    assert_eq!((job(&o, "unset").status.as_str(), job(&o, "unset").finished), ("timeout", Some(3600.0)));
    assert_eq!((job(&o, "bare").status.as_str(), job(&o, "bare").finished), ("timeout", Some(3600.0)));
}

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
fn zadig_workflow_concurrency_holds_tasks_oldest_first() {
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 4, "cpu": 8000, "memory": 16384}])),
        "builds": [zadig_build("a", json!({"timeout": 60}))],
        "workload": {"jobs": [
            {"id": "1", "build": "a", "submit": 0, "duration": 100}, {"id": "2", "build": "a", "submit": 1, "duration": 100},
            {"id": "3", "build": "a", "submit": 2, "duration": 100}, {"id": "4", "build": "a", "submit": 3, "duration": 100}]}}));
    assert_eq!(job(&o, "3").started, Some(100.0));
    assert_eq!(job(&o, "4").started, Some(101.0));
    assert_eq!(job(&o, "3").waits[0].reason, "workflow concurrency 2 reached");
    let status: Vec<&str> = job(&o, "3").transitions.iter().filter(|t| t.scope == "task").map(|t| t.status.as_str()).collect();
    assert_eq!(status, ["created", "waiting", "queued", "running", "passed"]);
}

#[test]
fn zadig_job_concurrency_runs_five_services_at_once() {
    let services: Vec<Value> = (1..=7).map(|i| json!({"service_name": format!("s{i}"), "service_module": format!("s{i}")})).collect();
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 4, "cpu": 16000, "memory": 32768}])),
        "builds": [{"definition": {"name": "multi", "project_key": "p", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04",
            "script_type": "shell", "build_script": "make", "services": services}}],
        "workload": {"jobs": [{"id": "m", "build": "multi", "submit": 0, "duration": 60}]}}));
    let j = job(&o, "m");
    let starts: Vec<f64> = j.transitions.iter().filter(|t| t.status == "running" && t.scope != "task").map(|t| t.at).collect();
    assert_eq!(starts, [0.0, 0.0, 0.0, 0.0, 0.0, 60.0, 60.0]);
    assert!(j.waits.iter().any(|w| w.reason == "job concurrency 5 reached"));
    assert_eq!(j.finished, Some(120.0));
    // The text names the job task that waited: the task itself never did.
    let text = simulate::text::summary(&o, 10);
    assert!(text.contains("  m            zadig        passed         submitted 0:00:00  ended 0:02:00  waited 0:00:00\n"), "{text}");
    assert!(text.contains("      job-0-0-5-build waited 0:00:00–0:01:00: job concurrency 5 reached\n"), "{text}");
}

#[test]
fn zadig_error_policies_retry_ignore_and_stop() {
    let with = |policy: Value| {
        let mut b = zadig_build("a", json!({"timeout": 60}));
        b["error_policy"] = policy;
        run(json!({"clusters": one_node(4000), "builds": [b],
            "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 50, "attempts": [{"outcome": "failed"}]}]}}))
    };
    let retried = with(json!({"policy": "retry", "maximum_retry": 2}));
    let j = job(&retried, "j");
    assert_eq!(j.status, "passed");
    assert_eq!(j.backend["stages"][0]["jobs"][0]["retry_count"], 1);
    let ignored = with(json!({"policy": "ignore_error"}));
    assert_eq!(job(&ignored, "j").status, "passed");
    assert_eq!(job(&ignored, "j").backend["stages"][0]["status"], "unstable");
    assert_eq!(job(&ignored, "j").backend["stages"][0]["jobs"][0]["status"], "unstable");
    let stopped = with(json!({"policy": "stop"}));
    assert_eq!(job(&stopped, "j").status, "failed");
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

#[test]
fn zadig_cancel_stops_a_running_task() {
    let o = run(json!({"clusters": one_node(4000), "builds": [zadig_build("a", json!({"timeout": 60}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 500, "cancel_at": 100}]}}));
    assert_eq!(job(&o, "j").status, "cancelled");
    assert_eq!(job(&o, "j").finished, Some(100.0));
}

fn nuon(settings: Value, jobs: Value) -> Outcome {
    run(json!({"builds": [{"name": "c", "definition": {"git_ref": "main"}, "nuon": settings}], "workload": {"jobs": jobs}}))
}

#[test]
fn nuon_queue_timeout_gives_not_attempted_at_dequeue() {
    let o = nuon(json!({"queue_timeout": 60}), json!([{"id": "1", "build": "c", "submit": 0, "duration": 120}, {"id": "2", "build": "c", "submit": 0, "duration": 10}]));
    let j = job(&o, "2");
    assert_eq!(j.status, "not-attempted");
    assert_eq!(j.finished, Some(120.0));
    assert_eq!(j.backend["runner_job"]["status_description"], "queue timeout reached");
    // Its times: created when submitted, started when the runner took it off its queue.
    let times = |j: &JobOutcome| ["created_at", "started_at", "finished_at"].map(|f| j.backend["runner_job"][f].clone());
    assert_eq!(times(j), [json!(0.0), json!(120.0), json!(120.0)]);
    assert_eq!(j.backend["build"]["status"], "error");
    assert_eq!(j.waits[0].reason, "runner busy with job 1");
    let unnamed = nuon(json!({}), json!([{"build": "c", "submit": 0, "duration": 120}, {"build": "c", "submit": 0, "duration": 10}]));
    assert_eq!(job(&unnamed, "job-2").waits[0].reason, "runner busy with job 1", "a default id reads as its number");
    assert_eq!(job(&o, "1").backend["build"]["status"], "active");
}

#[test]
fn nuon_unhealthy_runner_turns_its_jobs_away_before_they_start() {
    let o = run(json!({"runners": [{"name": "sick", "healthy": false}],
        "builds": [{"name": "c", "definition": {"git_ref": "main"}, "nuon": {"runner": "sick"}}],
        "workload": {"jobs": [{"id": "1", "build": "c", "submit": 0, "duration": 60}, {"id": "2", "build": "c", "submit": 5, "duration": 60}]}}));
    for (id, at) in [("1", 0.0), ("2", 5.0)] {
        let j = job(&o, id);
        assert_eq!((j.status.as_str(), j.finished, j.started), ("not-attempted", Some(at), None), "{id}");
        assert_eq!(j.backend["runner_job"]["status_description"], "runner is not in a healthy state");
        // ProcessJob stamps `started_at` only after its runner check.
        assert_eq!(j.backend["runner_job"]["started_at"], Value::Null, "{id}");
        assert_eq!(j.backend["build"]["status"], "error");
    }
}

#[test]
fn nuon_available_timeout_times_out_then_tries_again() {
    let o = nuon(json!({"max_executions": 2}), json!([{"id": "1", "build": "c", "submit": 0, "attempts": [{"pickup_delay": 40}, {"duration": 100}]}]));
    let j = job(&o, "1");
    assert_eq!(j.status, "finished");
    assert_eq!(j.finished, Some(130.0));
    assert!(j.transitions.iter().any(|t| t.status == "timed-out" && t.at == 30.0 && t.note == "timeout waiting for runner to pick up job"));
    // The build reads `error` because its runner job timed out, and its timeline says so in
    // that order; likewise `finished` comes before the build's `active`, when the first
    // attempt succeeds.
    let at_30: Vec<(&str, &str)> = j.transitions.iter().filter(|t| t.at == 30.0).map(|t| (t.scope.as_str(), t.status.as_str())).take(2).collect();
    assert_eq!(at_30, [("runner_job", "timed-out"), ("build", "error")]);
    let first_time = nuon(json!({}), json!([{"id": "1", "build": "c", "submit": 0, "duration": 100}]));
    let ends: Vec<(&str, &str)> = job(&first_time, "1").transitions.iter().rev().take(2).map(|t| (t.scope.as_str(), t.status.as_str())).collect();
    assert_eq!(ends, [("build", "active"), ("runner_job", "finished")], "the last two, latest first");
    let single = nuon(json!({}), json!([{"id": "1", "build": "c", "submit": 0, "attempts": [{"pickup_delay": 40}]}]));
    assert_eq!(job(&single, "1").status, "timed-out");
    assert_eq!(job(&single, "1").finished, Some(30.0));
}

#[test]
fn nuon_execution_failure_fails_and_overall_timeout_is_final() {
    let failed = nuon(json!({}), json!([{"id": "1", "build": "c", "submit": 0, "duration": 50, "outcome": "failed"}]));
    assert_eq!(job(&failed, "1").status, "failed");
    let overall = nuon(json!({"overall_timeout": 100, "max_executions": 3}), json!([{"id": "1", "build": "c", "submit": 0, "duration": 500}]));
    let j = job(&overall, "1");
    assert_eq!((j.status.as_str(), j.finished, j.attempts), ("timed-out", Some(100.0), 1));
    assert_eq!(j.backend["runner_job"]["status_description"], "overall timeout");
    let execution = nuon(json!({"execution_timeout": 60, "max_executions": 2}), json!([{"id": "1", "build": "c", "submit": 0, "attempts": [{"duration": 90}, {"duration": 30}]}]));
    let j = job(&execution, "1");
    assert_eq!((j.status.as_str(), j.finished, j.attempts), ("finished", Some(90.0), 2));
    assert_eq!(j.backend["build"]["status"], "error", "Nuon's client stops at the first failure status");
    // The summary says so beside the runner jobs' statuses.
    let counts = |m: &std::collections::BTreeMap<String, usize>| m.iter().map(|(s, n)| format!("{s} {n}")).collect::<Vec<_>>();
    assert_eq!((counts(&execution.summary.by_status["nuon"]), counts(&execution.summary.nuon_builds)), (vec!["finished 1".to_string()], vec!["error 1".to_string()]));
    assert!(buildbay_core::simulate::text::summary(&execution, 0).contains("\n  nuon         finished 1\n  (their Nuon component builds: error 1)\n"));
    assert_eq!(j.attempts_label(), "2 attempts");
}

/// A queue timeout longer than the overall one lets a job wait in the runner's queue past its
/// overall deadline: Nuon's client gives up on it there (the build reads `error`), and the runner
/// job, still queued, times out when the runner reaches it — never back at the deadline.
#[test]
fn nuon_overall_deadline_passed_in_the_queue_fails_the_build_then_the_job_at_dequeue() {
    let o = run(json!({"builds": [{"name": "long", "definition": {"git_ref": "main"}, "nuon": {"execution_timeout": 10800}},
            {"name": "short", "definition": {"git_ref": "main"}, "nuon": {"overall_timeout": 3600, "queue_timeout": 8000}}],
        "workload": {"jobs": [{"id": "1", "build": "long", "submit": 0, "duration": 7200},
            {"id": "2", "build": "short", "submit": 10}, {"id": "3", "build": "short", "submit": 20, "duration": 60}]}}));
    let j = job(&o, "2");
    assert_eq!((j.status.as_str(), j.finished, j.attempts), ("timed-out", Some(7200.0), 1));
    assert_eq!(j.backend["runner_job"]["status_description"], "overall timeout");
    assert_eq!(j.backend["executions"], json!([]), "no runner reserved it");
    let timeline: Vec<(f64, &str, &str)> = j.transitions.iter().filter(|t| t.at > 10.0).map(|t| (t.at, t.scope.as_str(), t.status.as_str())).collect();
    assert_eq!(timeline, [(3610.0, "build", "error"), (7200.0, "runner_job", "available"), (7200.0, "runner_job", "timed-out")]);
    // The next one in the queue is past its deadline too, and the runner moves on at once.
    assert_eq!((job(&o, "3").status.as_str(), job(&o, "3").finished), ("timed-out", Some(7200.0)));
    // A job the runner reaches before its overall deadline is not touched by it.
    let in_time = run(json!({"builds": [{"name": "short", "definition": {"git_ref": "main"}, "nuon": {"overall_timeout": 3600}}],
        "workload": {"jobs": [{"id": "1", "build": "short", "submit": 0, "duration": 600}, {"id": "2", "build": "short", "submit": 0, "duration": 600}]}}));
    assert_eq!((job(&in_time, "2").status.as_str(), job(&in_time, "2").finished), ("finished", Some(1200.0)));
    assert_eq!(job(&in_time, "2").backend["build"]["status"], "active");
}

/// Nuon's monitor treats a cancelled execution like a failed one: with executions left the
/// next attempt marks the job `available` again and it runs on; only the last attempt's cancel
/// (or one before the runner picked the job up) is final.
#[test]
fn nuon_cancel_in_progress_starts_the_next_attempt_while_executions_remain() {
    let o = nuon(json!({"max_executions": 2}), json!([{"id": "1", "build": "c", "submit": 0, "duration": 100, "cancel_at": 30}]));
    let j = job(&o, "1");
    assert_eq!((j.status.as_str(), j.finished, j.attempts), ("finished", Some(130.0), 2));
    let statuses: Vec<&str> = j.backend["executions"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["cancelled", "finished"]);
    let job_statuses: Vec<(f64, &str)> = j.transitions.iter().filter(|t| t.scope == "runner_job" && t.at >= 30.0).map(|t| (t.at, t.status.as_str())).collect();
    assert_eq!(job_statuses, [(30.0, "cancelled"), (30.0, "available"), (30.0, "in-progress"), (130.0, "finished")]);
    assert_eq!(j.backend["build"]["status"], "error", "Nuon's client stops at the first failure status");

    let once = nuon(json!({}), json!([{"id": "1", "build": "c", "submit": 0, "duration": 100, "cancel_at": 30}]));
    assert_eq!((job(&once, "1").status.as_str(), job(&once, "1").finished), ("cancelled", Some(30.0)));

    // Cancelled again on its last attempt, it stays cancelled.
    let prepared = scenario::parse(&json!({"builds": [{"name": "c", "definition": {"git_ref": "main"}, "nuon": {"max_executions": 2}}],
        "workload": {"jobs": [{"id": "1", "build": "c", "submit": 0, "duration": 100}]}}).to_string()).unwrap();
    let mut engine = Engine::new(&prepared, 1, Detail::Full);
    engine.run_until(30_000);
    engine.cancel_now(0);
    engine.run_until(50_000);
    engine.cancel_now(0);
    engine.run();
    let j = JobOutcome::of(&engine, 0).unwrap();
    assert_eq!((j.status.as_str(), j.finished, j.attempts), ("cancelled", Some(50.0), 2));
}

/// A Zadig task runs a job task per service: two services that pass at once made two runs,
/// which the console words as such rather than as a retry.
#[test]
fn zadig_attempts_count_job_task_runs_over_services() {
    let mut build = zadig_build("a", json!({"timeout": 60}));
    build["definition"]["services"] = json!([{"service_name": "a", "service_module": "a"}, {"service_name": "b", "service_module": "b"}]);
    let o = run(json!({"clusters": one_node(8000), "builds": [build], "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 50}]}}));
    let j = job(&o, "j");
    assert_eq!((j.status.as_str(), j.attempts, j.attempts_label().as_str()), ("passed", 2, "2 job-task runs"));
    assert!(j.backend["stages"][0]["jobs"].as_array().is_some_and(|jobs| jobs.iter().all(|t| t["retry_count"] == 0)), "{}", j.backend);
}

fn rainbond(nodes: Value, builds: Value, jobs: Value) -> Outcome {
    run(json!({"clusters": [{"name": "region", "nodes": nodes}], "builds": builds, "workload": {"jobs": jobs}}))
}

fn rb_build(name: &str, kind: &str) -> Value {
    json!({"name": name, "definition": {"repo_url": format!("https://git.example.com/{name}.git"), "branch": "main"}, "rainbond": {"kind": kind}})
}

#[test]
fn rainbond_refuses_a_build_within_3_minutes_and_stamps_the_old_event_after() {
    let o = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096}]), json!([rb_build("ui", "source")]),
        json!([{"id": "1", "build": "ui", "submit": 0, "duration": 600}, {"id": "2", "build": "ui", "submit": 180}, {"id": "3", "build": "ui", "submit": 181, "duration": 10}]));
    // Exactly 3 minutes on is not yet after them (`time.Now().After(start + 3 min)`).
    assert_eq!(job(&o, "2").status, "refused");
    // The console's envelope: `code` is the HTTP status when Rainbond gives no code of its own.
    assert_eq!(job(&o, "2").backend, json!({"http_status": 409, "code": 409, "msg": "操作过于频繁，请稍后再试", "msg_show": "操作过于频繁，请稍后再试", "event": null}));
    // The newer build stamps the old event `timeout`; the old build runs on, and its completion
    // callback writes `complete` over the stamp (Rainbond's event store does so unconditionally).
    let old = job(&o, "1");
    assert!(old.transitions.iter().any(|t| t.at == 181.0 && t.status == "timeout" && t.note.contains("stamped")), "{:?}", old.transitions);
    assert_eq!((old.finished, &old.backend["event"]), (Some(600.0), &json!({"status": "success", "final_status": "complete", "start_time": 0.0, "end_time": 600.0})));
    assert_eq!(job(&o, "3").backend["event"], json!({"status": "success", "final_status": "complete", "start_time": 181.0, "end_time": 191.0}));
    assert!(job(&o, "3").steps.iter().all(|s| s.status == "success"), "steps in the event's words: {:?}", job(&o, "3").steps);
    // The event's start is kept to the second: one started at 0.6 s counts from 0 s, so a
    // build at 180.4 s is let through (and one at 180 s is not).
    let o = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096}]), json!([rb_build("ui", "source")]),
        json!([{"id": "1", "build": "ui", "submit": 0.6, "duration": 600}, {"id": "2", "build": "ui", "submit": 180}, {"id": "3", "build": "ui", "submit": 180.4, "duration": 10}]));
    assert_eq!((job(&o, "2").status.as_str(), job(&o, "3").status.as_str()), ("refused", "success"));
    assert_eq!(job(&o, "1").backend["event"]["start_time"], json!(0.0), "kept to the second");
}

/// A job queued and started in the same millisecond never waited: the queue's most counts
/// only lengths that held for a while, in full and in summary runs alike.
#[test]
fn the_queue_max_counts_only_jobs_that_waited() {
    let small = json!({"timeout": 60, "resource_spec": {"cpu_limit": 2000, "memory_limit": 1024}});
    let scenario = |jobs: usize| json!({"clusters": one_node(4000), "builds": [zadig_build("a", small.clone())],
        "workload": {"jobs": (0..jobs).map(|i| json!({"id": format!("j{i}"), "build": "a", "submit": 0, "duration": 60})).collect::<Vec<_>>()}});
    for (jobs, most) in [(2, 0), (3, 1)] {
        let prepared = scenario::parse(&scenario(jobs).to_string()).unwrap();
        for detail in [Detail::Full, Detail::Summary] {
            let o = simulate::simulate(&prepared, 1, detail);
            assert_eq!(o.summary.queue_max, most, "{jobs} jobs on room for 2, {detail:?}");
        }
    }
}

/// The Jobs page's words for a job that never ran: the start says it was refused, and the
/// empty steps table and log say why they are empty.
#[test]
fn a_job_refused_at_once_says_so_where_the_console_shows_it() {
    let o = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096}]), json!([rb_build("ui", "source")]),
        json!([{"id": "1", "build": "ui", "submit": 0, "duration": 600}, {"id": "2", "build": "ui", "submit": 60}]));
    let refused = job(&o, "2");
    assert_eq!(refused.start_line(), "2 ended as soon as it was submitted: refused — 409 操作过于频繁，请稍后再试 (too frequent).");
    assert_eq!(refused.no_steps_line().as_deref(), Some("No step ran: the job ended refused before one began."));
    assert_eq!(refused.log_line("make").as_deref(), Some("The job wrote no log line."));
    let built = job(&o, "1");
    assert_eq!((built.start_line().as_str(), built.no_steps_line()), ("Started 1.", None));
    assert_eq!(built.log_line(""), None, "nothing searched, a log with lines needs no word");

    // Waiting for a node, a job has started no step and written no line yet.
    let prepared = scenario::parse(&json!({"clusters": one_node(1000), "builds": [zadig_build("big", json!({"timeout": 10, "resource_spec": {"cpu_limit": 4000}}))],
        "workload": {"jobs": [{"id": "w", "build": "big", "submit": 0}]}}).to_string()).unwrap();
    let mut engine = Engine::new(&prepared, 1, Detail::Full);
    engine.run_until(60_000);
    let waiting = JobOutcome::of(&engine, 0).unwrap();
    assert_eq!(waiting.start_line(), "Started w.");
    // Zadig's task detail leaves what has not happened yet unset.
    let job_task = &waiting.backend["stages"][0]["jobs"][0];
    assert_eq!((&job_task["start_time"], &job_task["end_time"], &job_task["cost_seconds"], &waiting.backend["end_time"]), (&json!(0.0), &Value::Null, &Value::Null, &Value::Null));
    assert_eq!((waiting.no_steps_line().as_deref(), waiting.log_line("").as_deref()), (Some("No step has begun yet."), Some("No log line yet.")));
    // Its wait goes on: it says since when and how long so far, not an end it has not reached.
    assert_eq!(waiting.waits.iter().map(WaitOut::describe).collect::<Vec<_>>(), ["since 0:00:00 (0:01:00 so far) Insufficient cpu on 1 node of cluster prod (job-0-0-0-build)"]);
    engine.run();
    let ended = JobOutcome::of(&engine, 0).unwrap();
    assert_eq!(ended.waits.iter().map(WaitOut::describe).collect::<Vec<_>>(), ["0:00:00–0:10:00 Insufficient cpu on 1 node of cluster prod (job-0-0-0-build)"]);

    // A Nuon job queued behind another is told whom it waits for, while it waits.
    let prepared = scenario::parse(&json!({"builds": [{"name": "c", "definition": {"git_ref": "main"}}],
        "workload": {"jobs": [{"id": "1", "build": "c", "submit": 0, "duration": 100}, {"id": "2", "build": "c", "submit": 10, "duration": 10}]}}).to_string()).unwrap();
    let mut engine = Engine::new(&prepared, 1, Detail::Full);
    engine.run_until(40_000);
    let queued = JobOutcome::of(&engine, 1).unwrap();
    assert_eq!(queued.waits.iter().map(WaitOut::describe).collect::<Vec<_>>(), ["since 0:00:10 (0:00:30 so far) runner busy with job 1"]);
}

#[test]
fn rainbond_slots_are_two_per_cpu_and_image_builds_release_theirs_at_start() {
    let builds = json!([rb_build("a", "source"), rb_build("b", "source"), rb_build("c", "source"), rb_build("i", "image")]);
    let o = rainbond(json!([{"name": "b", "cpu": 1000, "memory": 4096}]), builds,
        json!([{"id": "i", "build": "i", "submit": 0, "duration": 300}, {"id": "a", "build": "a", "submit": 1, "duration": 100},
               {"id": "b", "build": "b", "submit": 2, "duration": 100}, {"id": "c", "build": "c", "submit": 3, "duration": 100}]));
    assert_eq!(job(&o, "a").started, Some(1.0));
    assert_eq!(job(&o, "b").started, Some(2.0));
    assert_eq!(job(&o, "c").started, Some(101.0));
    assert_eq!(job(&o, "c").waits[0].reason, "all 2 builder slots busy on 1 builder node");
    // Slots held over the 300 s run: a, b and c 100 s each of 2 × 300 (the image build none),
    // which the CPU utilisation, 0 % for builds that request none, cannot tell.
    assert_eq!(o.summary.builder_slots.get("region"), Some(&0.5));
    assert_eq!(o.nodes[0].builder_slots, Some(0.5));
    assert_eq!(o.summary.utilisation.get("region"), Some(&0.0));
    assert!(simulate::text::summary(&o, 0).contains("Builder slots held (Rainbond source builds; 2 per CPU):\n  region: 50.0%  (b 50.0%)\n"));
    let zadig = run(json!({"clusters": one_node(4000), "builds": [zadig_build("z", json!({"timeout": 60}))], "workload": {"jobs": [{"build": "z", "submit": 0}]}}));
    assert!(zadig.summary.builder_slots.is_empty() && zadig.nodes[0].builder_slots.is_none(), "no Rainbond build, no slots to tell of");
    assert!(!serde_json::to_string(&zadig.summary).unwrap().contains("builder_slots"));
}

/// Rainbond's console compares the component's architecture with its cluster's nodes before it
/// asks the region to build: none of them has it, 404 and no event (so no 409 later either);
/// a node has it but builds nothing, the task waits for a builder that never comes.
#[test]
fn rainbond_refuses_an_architecture_no_node_has_and_waits_for_a_builder_that_lacks_it() {
    let arch = |name: &str, arch: &str| json!({"name": name, "semantics": "rainbond", "definition": {}, "rainbond": {"arch": arch}});
    let o = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096, "builder": true}, {"name": "arm", "cpu": 2000, "memory": 4096, "arch": "aarch64"}]),
        json!([arch("x86", "amd64"), arch("arm", "arm64")]),
        json!([{"id": "x", "build": "x86", "submit": 0, "duration": 60}, {"id": "a", "build": "arm", "submit": 0}]));
    assert_eq!((job(&o, "x").status.as_str(), job(&o, "x").finished), ("success", Some(60.0)), "amd64 is x86_64");
    let a = job(&o, "a");
    assert_eq!((a.status.as_str(), a.finished), ("timeout", Some(1800.0)));
    assert_eq!(a.waits[0].reason, "no builder node with architecture aarch64 (1 builder node)");

    let o = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096}]), json!([arch("arm", "aarch64")]),
        json!([{"id": "1", "build": "arm", "submit": 0}, {"id": "2", "build": "arm", "submit": 10}]));
    for id in ["1", "2"] {
        let j = job(&o, id);
        assert_eq!((j.status.as_str(), j.finished, j.waits.len()), ("refused", Some(j.submitted), 0), "job {id}");
        assert_eq!(j.backend, json!({"http_status": 404, "code": 404, "msg": "app arch does not match build node arch", "msg_show": "应用架构与构建节点架构不匹配", "event": null}));
    }

    // Kubernetes' and Rainbond's names for the architectures read as the model's, on nodes too.
    let o = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096, "arch": "arm64"}]), json!([arch("arm", "aarch64")]),
        json!([{"id": "1", "build": "arm", "submit": 0, "duration": 60}]));
    assert_eq!(job(&o, "1").status, "success");

    let bad = scenario::parse(&json!({"builds": [arch("s", "sparc")], "workload": {"jobs": []}}).to_string()).unwrap_err();
    assert!(bad.iter().any(|d| d.path == "/builds/0/rainbond/arch" && d.code == "invalid-arch"), "{bad:?}");
}

#[test]
fn rainbond_attempts_last_30_minutes_image_builds_try_twice() {
    let o = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096}]), json!([rb_build("s", "source"), rb_build("i", "image")]),
        json!([{"id": "s", "build": "s", "submit": 0, "duration": 2400}, {"id": "i", "build": "i", "submit": 0, "attempts": [{"outcome": "failed", "duration": 60}, {"duration": 60}]}]));
    assert_eq!((job(&o, "s").status.as_str(), job(&o, "s").finished), ("timeout", Some(1800.0)));
    assert_eq!((job(&o, "i").status.as_str(), job(&o, "i").attempts), ("success", 2));
}

/// Every field of Rainbond's build request is optional, so `{}` is a whole build once the
/// entry says whose it is; a definition that reads as nothing is reported once, where it is.
#[test]
fn an_empty_definition_reads_as_the_named_semantics_and_an_unreadable_one_is_reported_once() {
    let o = rainbond(json!([{"name": "b", "cpu": 1000, "memory": 4096}]), json!([{"name": "ui", "semantics": "rainbond", "definition": {}}]),
        json!([{"id": "1", "build": "ui", "submit": 0, "duration": 60}]));
    assert_eq!((job(&o, "1").status.as_str(), job(&o, "1").finished), ("success", Some(60.0)));
    let unnamed = json!({"builds": [{"name": "ui", "definition": {}}], "workload": {"jobs": [{"id": "1", "build": "ui", "submit": 0}],
        "arrivals": [{"builds": ["ui"], "per_hour": 1, "until": 3600}]}});
    let problems = scenario::parse(&unnamed.to_string()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/builds/0/definition"], "{problems:?}");
    assert_eq!(problems[0].code, "unknown-shape");
}

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
    assert!(unknown.message.ends_with("runs this build on `x86`."), "{}", unknown.message);
}

/// ServiceStage's `code_repo` and Rainbond's `repo_url` name a repository only by its URL: the
/// steps and the log name it as git would (`a/web`, "Cloning into '/workspace/web'"), not as
/// an empty name.
#[test]
fn a_repository_given_by_its_url_alone_is_named_from_it() {
    let ss = json!({"name": "ss", "definition": {"job_name": "web-build", "environment_setting": {},
        "code_repo": {"type": "GitHub", "url": "https://github.com/a/web.git", "branch": "main", "namespace": "a"}}});
    let rb = json!({"name": "rb", "definition": {"repo_url": "git@git.example.com:team/api.git", "branch": "main"}, "rainbond": {"kind": "source"}});
    let o = run(json!({"clusters": [{"name": "c", "nodes": [{"name": "x", "cpu": 4000, "memory": 8192, "builder": true}]}], "builds": [ss, rb],
        "workload": {"jobs": [{"id": "s", "build": "ss", "submit": 0}, {"id": "r", "build": "rb", "submit": 0}]}}));
    let download = job(&o, "s").steps.iter().find(|s| s.name == "Download").unwrap();
    assert_eq!(download.detail, "a/web");
    let cloning = |id: &str| job(&o, id).logs.iter().map(|l| l.line()).find(|l| l.contains("Cloning into")).unwrap();
    assert!(cloning("s").ends_with("Cloning into '/workspace/web'..."), "{}", cloning("s"));
    assert!(cloning("r").ends_with("Cloning into '/workspace/api'..."), "{}", cloning("r"));
}

#[test]
fn the_example_scenario_runs_and_invalid_scenarios_say_where() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenario.json")).unwrap();
    let prepared = scenario::parse(&text).unwrap();
    let o = simulate::simulate(&prepared, 7, Detail::Full);
    assert!(o.jobs.iter().all(|j| j.finished.is_some()));
    let bad = json!({"builds": [], "workload": {"jobs": [{"build": "nope", "submit": -1}]}});
    let problems = scenario::parse(&bad.to_string()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/workload/jobs/0/build", "/workload/jobs/0/submit"]);
    // A value of the wrong kind is answered in the scenario's terms, with the field's unit.
    let clock = scenario::parse(r#"{"workload": {"jobs": [{"build": "a", "submit": "0:05:00"}]}}"#).unwrap_err();
    assert_eq!(clock[0].path, "/workload/jobs/0/submit");
    assert!(clock[0].message.ends_with("expected a number: `submit` is seconds from the scenario's start (300 is 0:05:00)."), "{clock:?}");
    // A cancel before its job is submitted was most likely meant from the submission.
    let early = json!({"clusters": one_node(4000), "builds": [zadig_build("a", json!({"timeout": 60}))],
        "workload": {"jobs": [{"build": "a", "submit": 100, "cancel_at": 50}, {"build": "a", "submit": 100, "cancel_at": 100}]}});
    let problems = scenario::parse(&early.to_string()).unwrap_err();
    assert_eq!(problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect::<Vec<_>>(), [("/workload/jobs/0/cancel_at", "cancel-before-submit")]);
    assert!(problems[0].message.ends_with("(to cancel 50 s after submission, write 150)."), "{problems:?}");
    // A field the job's backend has no use for runs without it, and a finding says so.
    // Rainbond's API cannot cancel a build, so a cancel is one of them.
    let unused = json!({"clusters": [{"name": "c", "nodes": [{"name": "n", "cpu": 4000, "memory": 8192, "builder": true}]}], "runners": [{"name": "r"}],
        "builds": [zadig_build("a", json!({"timeout": 60})), {"name": "n", "semantics": "nuon", "definition": {"git_ref": "main"}}, rb_build("rb", "source")],
        "workload": {"jobs": [{"build": "a", "submit": 0, "attempts": [{"pickup_delay": 5}]}, {"build": "n", "submit": 0, "services": ["x"], "workflow": "w"},
            {"build": "rb", "submit": 0, "duration": 60, "cancel_at": 10}]}});
    let prepared = scenario::parse(&unused.to_string()).unwrap();
    let found: Vec<(&str, &str)> = prepared.findings().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert_eq!(found, [("/workload/jobs/0/attempts/0/pickup_delay", "field-not-used"), ("/workload/jobs/1/services", "field-not-used"), ("/workload/jobs/1/workflow", "field-not-used"), ("/workload/jobs/2/cancel_at", "field-not-used")]);
    assert!(prepared.findings().nth(1).unwrap().message.ends_with("this job runs under Nuon's rules, so it is left out."));
    // Each says where it is in the text, as the definitions' findings do.
    assert!(prepared.findings().all(|d| d.position.is_some()), "{:?}", prepared.findings().collect::<Vec<_>>());
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    assert_eq!((o.jobs[2].status.as_str(), o.jobs[2].finished), ("success", Some(60.0)));
    let typo = scenario::parse(r#"{"clusterz": []}"#).unwrap_err();
    assert!(typo[0].message.contains("clusterz") && typo[0].message.ends_with("Did you mean `clusters`?"), "{typo:?}");
    // Every field of the wrong kind or unknown is reported in one reading, each where it is.
    let several = json!({"clusters": [{"name": "p", "nodes": [{"name": "n", "cpu": "4 cores"}]}],
        "builds": [{"name": "a", "build_script": "make"}],
        "workload": {"jobs": [{"build": "a", "at": 0}, "b", {"build": "a", "submit": "0:05:00"}]}});
    let problems = scenario::parse(&several.to_string()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/clusters/0/nodes/0/cpu", "/builds/0/build_script", "/workload/jobs/0/at", "/workload/jobs/1", "/workload/jobs/2/submit"]);
    assert!(problems[1].message.ends_with("under `definition`."), "{problems:?}");
    assert!(problems[2].message.ends_with("Did you mean `submit`?"), "{problems:?}");
    assert!(problems[3].message.ends_with("expected an object."), "{problems:?}");
    // A value of the wrong kind deep inside is placed by its JSON pointer, on its own line.
    let deep = "{\n  \"builds\": [\n    {\"name\": \"a\", \"semantics\": \"huawei\", \"definition\": {}}\n  ]\n}";
    let problems = scenario::parse(deep).unwrap_err();
    assert_eq!(problems[0].path, "/builds/0/semantics");
    assert_eq!(problems[0].position.map(|p| p.line), Some(3), "{problems:?}");
    assert!(problems[0].message.contains("huawei") && problems[0].message.contains("servicestage"), "{problems:?}");
    // A backend's answer (here a Nuon component build, which has its component's id) runs nothing.
    let answer = json!({"builds": [{"name": "web", "definition": {"component_id": "cmp1", "git_ref": "main"}}], "workload": {"jobs": []}});
    let problems = scenario::parse(&answer.to_string()).unwrap_err();
    assert_eq!((problems[0].path.as_str(), problems[0].code.as_str()), ("/builds/0/definition", "not-a-build"));
    assert_eq!(problems[0].message, "This is a Nuon component build, not a build definition: give the build as its backend takes it (a build request or detail).");
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
    let finding = prepared.findings().next().expect("a finding");
    assert_eq!((finding.path.as_str(), finding.code.as_str(), finding.severity), ("/builds/0/definition/advanced_settings/strategy_name", "unknown-strategy", buildbay_core::Severity::Warning));
    assert!(finding.message.contains("by its default strategy, `pool`"), "{}", finding.message);
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    assert_eq!(o.jobs[0].steps[0].node.as_deref(), Some("pool"), "the default strategy's labelled node, not the first listed");

    // Problems are placed at the build's own index, even after a build that did not read.
    let bad = json!({"clusters": cluster(json!([{"name": "n", "cpu": 4000, "memory": 8192}])), "builds": [{"name": "x", "definition": []},
        zadig_build("a", json!({"timeout": 5, "cluster_name": "staging"})), zadig_build("a", json!({"timeout": 5}))], "workload": {"jobs": []}});
    let problems = scenario::parse(&bad.to_string()).unwrap_err();
    let at: Vec<(&str, &str)> = problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert!(at.contains(&("/builds/1/definition/advanced_settings/cluster_name", "unknown-cluster")), "{at:?}");
    assert!(at.contains(&("/builds/2/name", "duplicate-build")), "{at:?}");
}

/// A backend is named as its users write it, whatever the case or separator.
#[test]
fn a_build_names_its_semantics_in_any_case() {
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "cpu": 4000, "memory": 8192}])),
        "builds": [{"name": "s", "semantics": "ServiceStage", "definition": {}}, {"name": "r", "semantics": "Rain-Bond", "definition": {}}],
        "workload": {"jobs": [{"id": "s", "build": "s", "submit": 0, "duration": 60}, {"id": "r", "build": "r", "submit": 0, "duration": 60}]}}));
    assert_eq!((job(&o, "s").semantics, job(&o, "s").status.as_str()), (buildbay_core::Target::ServiceStage, "Successful"));
    assert_eq!((job(&o, "r").semantics, job(&o, "r").status.as_str()), (buildbay_core::Target::Rainbond, "success"));
}

/// Zadig starts a task only while its workflow runs fewer than its limit, -1 meaning no limit:
/// a limit of 0 (or below -1) would hold its tasks forever, so the scenario is refused there,
/// and -1 runs every task at once.
#[test]
fn workflow_limits_are_unlimited_at_minus_one_and_refused_where_nothing_could_run() {
    let scenario = |limits: Value| json!({"clusters": cluster(json!([{"name": "n", "count": 3, "cpu": 8000, "memory": 16384}])),
        "zadig": {"workflow_concurrency": 5, "workflows": limits},
        "builds": [zadig_build("web", json!({}))],
        "workload": {"jobs": (0..3).map(|i| json!({"id": format!("t{i}"), "build": "web", "workflow": "w/x", "submit": 0, "duration": 60})).collect::<Vec<_>>()}});
    for bad in [0, -2] {
        let problems = scenario::parse(&scenario(json!({"w/x": bad})).to_string()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "/zadig/workflows/w~1x");
        assert!(problems[0].message.contains(&format!("concurrency limit {bad}")), "{}", problems[0].message);
    }
    let o = run(scenario(json!({"w/x": -1})));
    assert!(o.jobs.iter().all(|j| j.finished == Some(60.0) && j.waits.is_empty()), "{:?}", o.jobs.iter().map(|j| j.finished).collect::<Vec<_>>());
    let o = run(scenario(json!({"w/x": 1})));
    let ends: Vec<Option<f64>> = o.jobs.iter().map(|j| j.finished).collect();
    assert_eq!(ends, [Some(60.0), Some(120.0), Some(180.0)]);
}

/// A Zadig job naming a service its build does not have is refused at that name: it would
/// otherwise run no job task and pass at once. Named services that exist run alone.
#[test]
fn a_zadig_job_naming_a_service_its_build_lacks_is_refused_there() {
    let services: Vec<Value> = ["web", "api"].iter().map(|s| json!({"service_name": s, "service_module": s})).collect();
    let multi = json!({"definition": {"name": "multi", "project_key": "p", "build_script": "make", "services": services}});
    let scenario = |jobs: Value| json!({"clusters": cluster(json!([{"name": "n", "cpu": 8000, "memory": 8192}])),
        "builds": [multi.clone(), zadig_build("solo", json!({})), {"name": "rb", "semantics": "rainbond", "definition": {}}],
        "workload": {"jobs": jobs}});
    let bad = scenario(json!([{"build": "multi", "services": ["web", "worker"]}, {"build": "solo", "services": ["solo", "x"]},
        {"build": "rb", "semantics": "zadig", "services": ["rb"]}, {"build": "rb", "services": ["ignored"]}]));
    let problems = scenario::parse(&bad.to_string()).unwrap_err();
    let found: Vec<(&str, &str)> = problems.iter().map(|d| (d.path.as_str(), d.message.as_str())).collect();
    assert_eq!(found, [
        ("/workload/jobs/0/services/1", "Build `multi` has no service `worker` (its services: web, api)."),
        ("/workload/jobs/1/services/1", "Build `solo` has no service `x` (its services: solo)."),
        ("/workload/jobs/2/services/0", "Build `rb` has no service `rb` (it names none, so leave `services` out)."),
        // The warnings found beside the errors come along.
        ("/workload/jobs/3/services", "`services` picks a Zadig build's services; this job runs under Rainbond's rules, so it is left out."),
    ]);
    assert_eq!(problems[3].severity, buildbay_core::diagnostic::Severity::Warning);
    // A request's services written as the detail's `target_services` do not read, so the job's
    // service is refused: the warning that says why comes with the error, and says it is one.
    let mut misnamed = multi.clone();
    misnamed["definition"]["target_services"] = misnamed["definition"]["services"].take();
    let text = json!({"clusters": cluster(json!([{"name": "n", "cpu": 8000, "memory": 8192}])), "builds": [misnamed],
        "workload": {"jobs": [{"build": "multi", "services": ["web"]}]}}).to_string();
    let lines = Alternative::ExtraNodes(1).prepare(&text, &[]).unwrap_err().problems;
    assert!(lines.contains("/workload/jobs/0/services/0 (line 1, column") && lines.contains(": Build `multi` has no service `web`"), "{lines}");
    assert!(lines.contains("/builds/0/definition/target_services (line 1, column") && lines.contains(": Warning: Zadig does not read \"target_services\""), "{lines}");
    let o = run(scenario(json!([{"id": "w", "build": "multi", "services": ["api"], "duration": 60}])));
    let jobs = &job(&o, "w").backend["stages"][0]["jobs"];
    assert_eq!(jobs.as_array().map(Vec::len), Some(1), "{jobs}");
    assert_eq!(jobs[0]["job_info"]["service_name"], "api");
}

/// A job's id names it in results and in other jobs' wait reasons, so one id names one job:
/// a listed id used twice is refused at the second, and so is a `job-<n>` that a job without an
/// id is called by its place in submission order (any of them, once arrivals are generated).
#[test]
fn a_job_id_names_one_job() {
    let scenario = |jobs: Value, arrivals: Value| json!({"builds": [{"name": "w", "definition": {"git_ref": "main"}}], "workload": {"jobs": jobs, "arrivals": arrivals}});
    let refused = |jobs: Value, arrivals: Value| -> Vec<(String, String, String)> {
        let problems = scenario::parse(&scenario(jobs, arrivals).to_string()).unwrap_err();
        problems.into_iter().map(|d| (d.path, d.code, d.message)).collect()
    };
    let twice = refused(json!([{"id": "x", "build": "w", "submit": 0}, {"id": "y", "build": "w", "submit": 0}, {"id": "x", "build": "w", "submit": 5}]), json!([]));
    assert_eq!(twice, [("/workload/jobs/2/id".into(), "duplicate-job-id".into(), "Job id `x` is already the id of /workload/jobs/0; each job needs its own.".into())]);
    // Listed second, submitted first: the unnamed job is `job-1`, so the first listed may not be.
    let taken = refused(json!([{"id": "job-1", "build": "w", "submit": 9}, {"build": "w", "submit": 3}]), json!([]));
    assert_eq!(taken, [("/workload/jobs/0/id".into(), "taken-job-id".into(),
        "`job-1` is the name of the 1st job submitted, /workload/jobs/1, which has no id of its own; give this job another id.".into())]);
    let generated = refused(json!([{"id": "job-2", "build": "w", "submit": 0}]), json!([{"per_hour": 5, "from": 0, "until": 3600}]));
    assert_eq!(generated.iter().map(|(p, c, _)| (p.as_str(), c.as_str())).collect::<Vec<_>>(), [("/workload/jobs/0/id", "taken-job-id")]);
    // A job may carry the name it would get anyway, and `job-07` is no job's default name.
    let o = run(scenario(json!([{"id": "job-1", "build": "w", "submit": 0, "duration": 30}, {"build": "w", "submit": 1, "duration": 30}, {"id": "job-07", "build": "w", "submit": 2, "duration": 30}]), json!([])));
    let ids: Vec<&str> = o.jobs.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(ids, ["job-1", "job-2", "job-07"]);
}

/// A cluster's strategies follow Zadig's `ScheduleStrategy.Validate`: `required` and
/// `preferred` need a label, one default at most, a name of at most 15 characters; refused at
/// the field, in a scenario and in the console's cluster model alike.
#[test]
fn strategies_are_refused_as_zadig_refuses_them() {
    let clusters = json!([{"name": "c", "nodes": [{"name": "n", "cpu": 4000, "memory": 8192}], "strategies": [
        {"name": "any", "strategy": "normal", "default": true},
        {"name": "pinned", "strategy": "required", "labels": []},
        {"name": "gpu-pool-preferred", "strategy": "preferred", "labels": ["gpu:yes"], "default": true},
        {"name": "fifteen-chars-x", "strategy": "normal"}]}]);
    let model: Vec<scenario::ClusterSpec> = serde_json::from_value(clusters.clone()).unwrap();
    let found: Vec<(String, String, String)> = scenario::check_cluster_model(&model).into_iter().map(|d| (d.path, d.code, d.message)).collect();
    assert_eq!(found, [
        ("/clusters/0/strategies/1/labels".to_string(), "strategy-without-labels".to_string(), "node labels is empty: `required` and `preferred` need at least one `key:value` label.".to_string()),
        ("/clusters/0/strategies/2/name".into(), "strategy-name-too-long".into(), "Strategy name `gpu-pool-preferred` is 18 characters; Zadig takes at most 15.".into()),
        ("/clusters/0/strategies".into(), "default-strategy-not-unique".into(), "default strategy must be unique.".into()),
    ]);
    let text = json!({"clusters": clusters, "builds": [{"name": "w", "definition": {"git_ref": "main"}}], "workload": {"jobs": [{"build": "w", "submit": 0}]}});
    let problems = scenario::parse(&text.to_string()).unwrap_err();
    assert_eq!(problems.len(), 3, "{problems:?}");
}

/// A build picks its strategy and its runner by name, so a second of the same name could never
/// be picked: refused at it, in the scenario and in the console's cluster model alike; and a
/// Nuon job type outside its build group is refused rather than run as `docker-build`.
#[test]
fn a_strategy_or_runner_named_twice_and_an_unknown_job_type_are_refused() {
    let clusters = json!([{"name": "c", "nodes": [{"name": "n", "cpu": 4000, "memory": 8192}],
        "strategies": [{"name": "s", "strategy": "normal", "default": true}, {"name": "s", "strategy": "required", "labels": ["a:b"]}]}]);
    let text = json!({"clusters": clusters, "runners": [{"name": "r"}, {"name": "r", "healthy": false}],
        "builds": [{"name": "w", "definition": {"git_ref": "main"}, "nuon": {"runner": "r", "job_type": "docker"}}],
        "workload": {"jobs": [{"build": "w", "submit": 0}]}});
    let problems = scenario::parse(&text.to_string()).unwrap_err();
    let at: Vec<(&str, &str)> = problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert_eq!(at, [("/builds/0/nuon/job_type", "invalid-job-type"), ("/clusters/0/strategies/1/name", "duplicate-strategy"), ("/runners/1/name", "duplicate-runner")]);
    assert_eq!(problems[1].message, "Two strategies of cluster `c` are named `s`.");
    let model: Vec<scenario::ClusterSpec> = serde_json::from_value(clusters).unwrap();
    let form = scenario::check_cluster_model(&model);
    assert_eq!(form.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(), ["/clusters/0/strategies/1/name"]);
    let ok = json!({"builds": [{"name": "w", "definition": {"git_ref": "main"}, "nuon": {"job_type": "helm-chart-build"}}], "workload": {"jobs": [{"id": "h", "build": "w", "submit": 0}]}});
    assert_eq!(job(&run(ok), "h").backend["runner_job"]["type"], "helm-chart-build");
}

/// Pinned step durations are seconds like every other time, checked where they are written;
/// and a document that is not an object is refused as a whole, not item by item.
#[test]
fn pinned_step_durations_and_the_documents_shape_are_checked_where_written() {
    let text = json!({"builds": [{"name": "w", "definition": {"git_ref": "main"}, "durations": {"archive": -1}}],
        "workload": {"jobs": [{"build": "w", "submit": 0, "durations": {"script": -4, "git_clone": 1.0e12}}]}});
    let problems = scenario::parse(&text.to_string()).unwrap_err();
    let at: Vec<(&str, &str)> = problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert_eq!(at, [("/builds/0/durations/archive", "invalid-seconds"), ("/workload/jobs/0/durations/git_clone", "invalid-seconds"), ("/workload/jobs/0/durations/script", "invalid-seconds")]);
    let array = scenario::parse("[1, 2]").unwrap_err();
    assert_eq!((array[0].path.as_str(), array[0].message.as_str()), ("", "A scenario is a JSON object (with `clusters`, `builds`, `workload`…); this is an array."));
}

/// A retry count or an execution limit in the millions is refused where it is written: a job
/// that fails at once would otherwise retry for hours of the page's time (the limit is
/// `MAX_ATTEMPTS`, 100 attempts), while the most that limit allows runs to its end.
#[test]
fn attempts_past_the_simulators_limit_are_refused_at_their_field() {
    let nodes = one_node(8000);
    let zadig = |retries: u32| {
        let mut b = zadig_build("api", json!({"resource_spec": {"cpu_req": 1000, "memory_req": 1024}}));
        b["error_policy"] = json!({"policy": "retry", "maximum_retry": retries});
        json!({"failure_rate": 1.0, "clusters": nodes, "builds": [b], "workload": {"jobs": [{"id": "a", "build": "api", "submit": 0, "duration": 1}]}})
    };
    let nuon = |executions: u32| json!({"builds": [{"name": "c", "definition": {"git_ref": "main"}, "nuon": {"max_executions": executions, "execution_timeout": 1}}],
        "workload": {"jobs": [{"id": "a", "build": "c", "submit": 0, "duration": 5}]}});
    for (scenario, path, field) in [(zadig(4_000_000_000), "/builds/0/error_policy/maximum_retry", "`maximum_retry` can be at most 99"), (nuon(101), "/builds/0/nuon/max_executions", "`max_executions` can be at most 100")] {
        let problems = scenario::parse(&scenario.to_string()).unwrap_err();
        assert_eq!(problems.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(), [path]);
        assert!(problems[0].message.starts_with(field), "{problems:?}");
    }
    let o = run(zadig(99));
    assert_eq!((job(&o, "a").status.as_str(), job(&o, "a").attempts), ("failed", 100));
    let o = run(nuon(100));
    assert_eq!((job(&o, "a").status.as_str(), job(&o, "a").attempts), ("timed-out", 100));
}

/// A workload past ten million jobs is refused at the arrival that takes it there, whatever
/// `max_jobs` allows: the jobs' state would not fit in the browser's memory.
#[test]
fn a_workload_past_ten_million_jobs_is_refused_at_its_arrival() {
    let arrival = |max_jobs: u64| json!({"per_hour": 1.0e9, "from": 0, "until": 3600, "max_jobs": max_jobs});
    let scenario = |arrivals: Value| json!({"builds": [{"name": "c", "definition": {"git_ref": "main"}}], "workload": {"arrivals": arrivals}});
    let problems = scenario::parse(&scenario(json!([arrival(6_000_000), arrival(6_000_000)])).to_string()).unwrap_err();
    assert_eq!(problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect::<Vec<_>>(), [("/workload/arrivals/1/max_jobs", "workload-too-large")]);
    assert!(problems[0].message.contains("about 12 million"), "{problems:?}");
    assert!(scenario::parse(&scenario(json!([arrival(5_000_000), arrival(5_000_000)])).to_string()).is_ok());
}

/// Rows of nodes may each hold 100,000, but the model as a whole no more: the row that passes
/// it is marked, so the cluster form shows the message beside that row's count.
#[test]
fn a_model_past_a_hundred_thousand_nodes_is_refused_at_the_row_that_passes_it() {
    let row = |name: &str, count: u32| json!({"name": name, "count": count, "cpu": 1000, "memory": 1024});
    let clusters: Vec<scenario::ClusterSpec> = serde_json::from_value(json!([
        {"name": "a", "nodes": [row("x", 60_000)]},
        {"name": "b", "nodes": [row("y", 30_000), row("z", 20_000), row("w", 5)]}])).unwrap();
    let problems = scenario::check_cluster_model(&clusters);
    assert_eq!(problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect::<Vec<_>>(), [("/clusters/1/nodes/1/count", "too-many-nodes")]);
    assert!(problems[0].message.contains("110000 nodes"), "{problems:?}");
    assert!(scenario::check_cluster_model(&clusters[..1]).is_empty());
}

/// A summary run keeps no per-job records but still charts its queue and its clusters' CPU,
/// sampled: the queue's peak is the run's, and the CPU means average out to the run's
/// utilisation; a full run keeps every change instead and writes no samples.
#[test]
fn a_summary_run_samples_its_queue_and_cluster_cpu_true_to_its_totals() {
    let scenario = json!({"seed": 5, "clusters": one_node(4000), "zadig": {"workflow_concurrency": 1000},
        "builds": [zadig_build("api", json!({"resource_spec": {"cpu_req": 1000, "memory_req": 1024}}))],
        "workload": {"arrivals": [{"per_hour": 400, "from": 0, "until": 7200}]}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let o = simulate::simulate(&prepared, 5, Detail::Summary);
    let sampled = o.sampled.as_ref().expect("a summary run samples");
    assert!(o.jobs.is_empty() && o.queue.is_empty());
    assert_eq!(sampled.interval, 11.0, "the expected span (2 h of arrivals and an hour) in about 1000 whole-second intervals");
    assert_eq!(sampled.queue.iter().map(|p| p.2).max(), Some(o.summary.queue_max));
    assert_eq!(o.queue_line().iter().map(|p| p.1).fold(0.0, f64::max), o.summary.queue_max as f64);
    let cpu = &sampled.clusters["prod"];
    let mut weighted = 0.0;
    for (i, (t, mean, most)) in cpu.iter().enumerate() {
        assert!(mean <= most && *most <= 1.0, "a mean above its interval's most, or more CPU than the cluster has: {cpu:?}");
        weighted += mean * (cpu.get(i + 1).map_or(o.end, |n| n.0) - t);
    }
    assert!((weighted / o.end - o.summary.utilisation["prod"]).abs() < 1e-9, "{} vs {}", weighted / o.end, o.summary.utilisation["prod"]);
    let full = simulate::simulate(&prepared, 5, Detail::Full);
    assert_eq!(full.summary.queue_max, o.summary.queue_max);
    assert!(full.sampled.is_none() && !serde_json::to_string(&full).unwrap().contains("\"sampled\""));
    // Waits by reason come from per-job waits: a full run sums them (here the one node's CPU,
    // as every wait in it), a summary run has none to sum and leaves them out.
    let totals = full.summary.waits_by_reason.as_ref().unwrap();
    let waited: f64 = full.jobs.iter().flat_map(|j| &j.waits).map(|w| w.to - w.from).sum();
    assert_eq!(totals.len(), 1, "{totals:?}");
    assert!(totals[0].reason.starts_with("Insufficient cpu") && (totals[0].seconds - waited).abs() < 1e-6, "{totals:?} vs {waited}");
    assert!(o.summary.waits_by_reason.is_none() && !serde_json::to_string(&o).unwrap().contains("waits_by_reason"));
}

/// The Simulator's starting scenario shows what the page is for: on the console's default
/// cluster model its api builds queue for nodes, and the comparison with two more nodes cuts
/// the p95 wait (a first run where more nodes changed nothing would show nothing).
#[test]
fn the_simulators_starting_scenario_shows_two_more_nodes_cutting_the_wait() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/simulator.json")).unwrap();
    let pair = Alternative::ExtraNodes(2).prepare(&text, &simulate::default_clusters()).unwrap();
    let seed = pair.first.scenario.seed;
    let (a, b) = (simulate::simulate(&pair.first, seed, Detail::Full), simulate::simulate(&pair.second, seed, Detail::Full));
    assert!(a.summary.wait.p95 >= 15.0 * 60.0, "the api builds queue for nodes: p95 wait {} s", a.summary.wait.p95);
    assert!(b.summary.wait.p95 * 4.0 <= a.summary.wait.p95, "two more nodes cut the p95 wait: {} s → {} s", a.summary.wait.p95, b.summary.wait.p95);
    let reasons: Vec<&str> = a.jobs.iter().flat_map(|j| j.waits.iter().map(|w| w.reason.as_str())).collect();
    assert!(reasons.iter().any(|r| r.starts_with("Insufficient cpu on all 3 nodes")), "{reasons:?}");
    // The line the README quotes.
    assert_eq!(Alternative::ExtraNodes(2).line(&a.summary, &b.summary), "Add 2 nodes: p95 wait 0:21:23 → 0:03:12, max wait 0:24:44 → 0:21:40");
}

#[test]
fn the_extra_nodes_field_reads_a_whole_number_from_one_to_a_thousand_and_says_what_is_wrong() {
    use buildbay_core::simulate::scenario::extra_nodes;
    assert_eq!(extra_nodes(" 3 "), Ok(3));
    assert_eq!(extra_nodes("1000"), Ok(1000));
    assert_eq!(extra_nodes("0"), Err("Give between 1 and 1000 extra nodes, not 0.".into()));
    assert_eq!(extra_nodes("1001"), Err("Give between 1 and 1000 extra nodes, not 1001.".into()));
    assert_eq!(extra_nodes("two"), Err("`two` is not a whole number of nodes (1 to 1000).".into()));
    assert_eq!(extra_nodes("-1"), Err("`-1` is not a whole number of nodes (1 to 1000).".into()));
    assert_eq!(extra_nodes(""), Err("Give how many nodes to add, from 1 to 1000.".into()));
    let one = simulate::outcome::Summary::default();
    assert!(Alternative::ExtraNodes(1).line(&one, &one).starts_with("Add 1 node: p95 wait 0:00:00 → 0:00:00"));
}

#[test]
fn the_same_seed_gives_byte_identical_results() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenario.json")).unwrap();
    let prepared = scenario::parse(&text).unwrap();
    let a = serde_json::to_string(&simulate::simulate(&prepared, 11, Detail::Full)).unwrap();
    let b = serde_json::to_string(&simulate::simulate(&prepared, 11, Detail::Full)).unwrap();
    let c = serde_json::to_string(&simulate::simulate(&prepared, 12, Detail::Full)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c, "the seed drives arrivals and durations");
}

/// A random scenario: a few nodes, four backends, random requests, durations and outcomes.
fn arbitrary_scenario() -> impl Strategy<Value = Value> {
    let node = (500i64..8000, 512i64..16384, 1i64..6).prop_map(|(cpu, memory, pods)| json!({"name": "", "cpu": cpu, "memory": memory, "max_pods": pods}));
    let job = (0usize..7, 0u32..3000, proptest::option::of(1u32..4000), proptest::bool::ANY, proptest::option::of(0u32..2000), 0u32..60);
    (proptest::collection::vec(node, 1..5), proptest::collection::vec(job, 1..40), 0u64..1000, 1u32..4).prop_map(|(nodes, jobs, seed, wc)| {
        let nodes: Vec<Value> = nodes.into_iter().enumerate().map(|(i, mut n)| { n["name"] = json!(format!("n{i}")); n }).collect();
        let builds = json!([
            zadig_build("z1", json!({"timeout": 30, "resource_spec": {"cpu_limit": 2000, "memory_limit": 2048, "cpu_req": 1000, "memory_req": 1024}})),
            zadig_build("z2", json!({"timeout": 10, "resource_spec": {"cpu_limit": 6000, "memory_limit": 8192}})),
            {"name": "n", "definition": {"git_ref": "main"}, "nuon": {"queue_timeout": 600, "available_timeout": 30, "execution_timeout": 900, "max_executions": 2}},
            rb_build("r", "source"), rb_build("ri", "image"),
            {"definition": {"job_name": "ss-job", "environment_setting": {}}},
            // Overall shorter than queue: a job can pass its overall deadline in the queue.
            {"name": "no", "definition": {"git_ref": "main"}, "nuon": {"queue_timeout": 1200, "overall_timeout": 300, "available_timeout": 30, "execution_timeout": 200, "max_executions": 2}}
        ]);
        let names = ["z1", "z2", "n", "r", "ri", "ss-job", "no"];
        let jobs: Vec<Value> = jobs.into_iter().map(|(b, submit, duration, fail, cancel, pickup)| {
            let mut j = json!({"build": names[b], "submit": submit, "attempts": [{"pickup_delay": pickup}]});
            if let Some(d) = duration { j["duration"] = json!(d); }
            if fail { j["outcome"] = json!("failed"); }
            if let Some(c) = cancel { j["cancel_at"] = json!(submit + c); }
            j
        }).collect();
        json!({"seed": seed, "failure_rate": 0.1, "zadig": {"workflow_concurrency": wc},
               "clusters": [{"name": "c", "nodes": nodes}], "builds": builds, "workload": {"jobs": jobs}})
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_scenario_text_is_answered_without_panicking(text in "\\PC{0,200}") {
        let _ = scenario::parse(&text);
    }

    #[test]
    fn any_scenario_value_is_answered_without_panicking(jobs in proptest::collection::vec((any::<f64>(), any::<i64>(), any::<u32>()), 0..5)) {
        let jobs: Vec<Value> = jobs.iter().map(|(t, _cpu, n)| json!({"build": "z", "submit": t.abs() % 1e6, "duration": (*n as f64), "cancel_at": t.abs() % 1e6 + (*n % 100) as f64})).collect();
        let cpu = jobs.len() as i64 * 1000;
        let s = json!({"clusters": [{"name": "c", "nodes": [{"name": "n", "cpu": cpu, "memory": 100}]}],
            "builds": [zadig_build("z", json!({"timeout": -5}))], "workload": {"jobs": jobs}});
        if let Ok(p) = scenario::parse(&s.to_string()) {
            let o = simulate::simulate(&p, 1, Detail::Full);
            prop_assert!(o.jobs.iter().all(|j| j.finished.is_some()));
        }
    }

    #[test]
    fn any_scenario_run_step_by_step_gives_the_run_at_once(scenario in arbitrary_scenario(), budget in 1usize..40, summary in any::<bool>()) {
        use simulate::stepped::{Step, SteppedRun};
        let prepared = scenario::parse(&scenario.to_string()).unwrap();
        let detail = if summary { Detail::Summary } else { Detail::Full };
        let at_once = serde_json::to_string(&simulate::simulate(&prepared, prepared.scenario.seed, detail)).unwrap();
        let mut run = SteppedRun::new(&prepared, detail);
        let mut steps = 0usize;
        let outcome = loop {
            match run.step(budget) {
                Step::Done(outcome) => break outcome,
                Step::Working { .. } => steps += 1,
            }
            prop_assert!(steps < 1_000_000, "a run that never ends");
        };
        prop_assert_eq!(serde_json::to_string(&outcome).unwrap(), at_once);
    }

    #[test]
    fn every_run_keeps_the_invariants(scenario in arbitrary_scenario()) {
        let prepared = scenario::parse(&scenario.to_string()).unwrap();
        let submitted = prepared.scenario.workload.jobs.len();
        let mut engine = Engine::new(&prepared, prepared.scenario.seed, Detail::Full);
        engine.run();
        // No node is ever over capacity: sweep every placement's request over time.
        for (n, node) in engine.fleet.nodes.iter().enumerate() {
            let mut moments: Vec<(u64, i64)> = Vec::new();
            for p in engine.placements.iter().filter(|p| p.node == Some(n as u32)) {
                let j = &engine.jobs[p.job as usize];
                if j.semantics == buildbay_core::Target::Rainbond { continue; }
                moments.push((p.start, 1));
                moments.push((p.end, -1));
            }
            moments.sort_by_key(|m| (m.0, m.1));
            let mut pods = 0;
            for m in moments { pods += m.1; prop_assert!(pods <= node.max_pods, "node {} holds {} pods", node.name, pods); }
            for point in &engine.cpu_series[n] {
                prop_assert!(point.value <= node.capacity.cpu, "node {} at {} uses {}m of {}m", node.name, point.at, point.value, node.capacity.cpu);
            }
            prop_assert_eq!(node.used.cpu, 0);
            prop_assert!(node.slots_used == 0);
        }
        let outcome = Outcome::of(&mut engine);
        // Conservation: every submitted job is accounted for, and each ended in a terminal status.
        prop_assert_eq!(outcome.jobs.len(), submitted);
        let counted: usize = outcome.summary.by_status.values().flat_map(|m| m.values()).sum();
        prop_assert_eq!(counted, submitted);
        let terminal = ["passed", "failed", "timeout", "cancelled", "finished", "timed-out", "not-attempted", "success", "failure", "refused", "Successful", "Failed", "Timeout", "Cancel"];
        for j in &outcome.jobs {
            prop_assert!(j.finished.is_some(), "job {} never ended", j.id);
            prop_assert!(terminal.contains(&j.status.as_str()), "job {} ended {:?}", j.id, j.status);
            prop_assert!(j.transitions.windows(2).all(|w| w[0].at <= w[1].at), "job {} timeline goes back", j.id);
            prop_assert!(j.steps.windows(2).all(|w| w[0].attempt != w[1].attempt || w[0].end <= w[1].start + 1e-9 || w[0].unit != w[1].unit));
            prop_assert!(j.submitted <= j.finished.unwrap_or(f64::MAX));
        }
    }
}

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
    assert!(lints[0].message.contains("no strategy `gpu-pool`; Zadig ignores the name and schedules this build by its default strategy, `random`"), "{}", lints[0].message);
    let fine = read(json!({"timeout": 30, "cluster_name": "local"}));
    assert!(capacity_lints(&fine, None, buildbay_core::Target::Zadig, &default_clusters()).is_empty());
}

#[test]
fn one_jobs_report_and_the_live_lines_agree_with_the_full_outcome() {
    use buildbay_core::simulate::outcome::{JobOutcome, job_lines};
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenario.json")).unwrap();
    let prepared = scenario::parse(&text).unwrap();
    let mut engine = Engine::new(&prepared, 7, Detail::Full);
    engine.run_until(400_000);
    let lines = job_lines(&engine);
    let full = Outcome::of(&mut engine);
    for (i, j) in full.jobs.iter().enumerate() {
        assert_eq!(JobOutcome::of(&engine, i as u32).as_ref(), Some(j));
        assert_eq!((lines[i].id.as_str(), lines[i].status.as_str(), lines[i].wait), (j.id.as_str(), j.status_label().as_str(), j.wait));
        // The list's run time counts to the end, or to now while the job runs.
        let ran = j.started.map(|s| j.finished.unwrap_or(400.0) - s);
        assert_eq!(lines[i].ran, ran, "{}", j.id);
    }
    assert!(full.jobs.iter().any(|j| j.started.is_some() && j.finished.is_none()), "a job still runs at 400 s");
    let more = prepared.scenario.clone().with_extra_nodes(2);
    assert_eq!(more.clusters[0].nodes[0].count, prepared.scenario.clusters[0].nodes[0].count + 2);
}

#[test]
fn a_step_still_running_is_marked_running_and_its_log_does_not_say_it_stopped() {
    let prepared = scenario::parse(&json!({"clusters": one_node(4000), "builds": [zadig_build("a", json!({"timeout": 60}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 100}]}}).to_string()).unwrap();
    let mut engine = Engine::new(&prepared, 1, Detail::Full);
    engine.run_until(99_000);
    let job = JobOutcome::of(&engine, 0).unwrap();
    let last = job.steps.last().unwrap();
    assert_eq!((last.status.as_str(), last.end, last.ended()), ("running", 99.0, None), "{:?}", job.steps);
    assert!(job.logs.iter().all(|l| !l.text.starts_with("step stopped")), "{:?}", job.logs);
    engine.cancel_now(0);
    engine.run_until(99_000);
    let job = JobOutcome::of(&engine, 0).unwrap();
    assert_eq!(job.steps.last().unwrap().status, "cancelled");
    assert!(job.logs.last().is_some_and(|l| l.text == "step stopped: cancelled"), "{:?}", job.logs);
}

#[test]
fn a_log_shows_the_builds_own_tools_and_commands_as_the_clock_reaches_them() {
    let mut build = zadig_build("a", json!({"timeout": 60}));
    build["definition"]["installs"] = json!([{"name": "go", "version": "1.22"}, {"name": "node", "version": "20"}]);
    build["definition"]["build_script"] = json!("#!/bin/bash\nmake deps\n\n  make test  \n# ship it\nmake build\nmake push\n");
    // Tools 0–30 s, script 30–130 s (four commands, 25 s apart; comments are not traced), archive 130–135 s.
    build["durations"] = json!({"tool_install": 30, "script": 100, "archive": 5});
    let prepared = scenario::parse(&json!({"clusters": one_node(4000), "builds": [build],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0}]}}).to_string()).unwrap();
    let mut engine = Engine::new(&prepared, 1, Detail::Full);
    let log = |engine: &Engine| JobOutcome::of(engine, 0).unwrap().logs.iter().map(|l| (l.at, l.text.clone())).collect::<Vec<_>>();
    engine.run_until(60_000);
    let so_far = [(0.0, "Installing tools for a"), (10.0, "Installing go 1.22"), (20.0, "Installing node 20"), (30.0, "Tools installed"), (30.0, "+ make deps"), (55.0, "+ make test")];
    assert_eq!(log(&engine), so_far.map(|(at, t)| (at, t.to_string())), "only the lines the clock has reached");
    engine.run_until(200_000);
    let all = log(&engine);
    let rest: Vec<(f64, &str)> = all[so_far.len()..].iter().map(|(at, t)| (*at, t.as_str())).collect();
    assert_eq!(rest, [(80.0, "+ make build"), (105.0, "+ make push"), (130.0, "build script finished"), (130.0, "Archiving the build's outputs"), (135.0, "Archive uploaded")]);

    let mut long = zadig_build("b", json!({"timeout": 60}));
    long["definition"]["build_script"] = json!((1..=55).map(|i| format!("step {i}")).collect::<Vec<_>>().join("\n"));
    let o = run(json!({"clusters": one_node(4000), "builds": [long], "workload": {"jobs": [{"id": "k", "build": "b", "submit": 0}]}}));
    let commands: Vec<&str> = job(&o, "k").logs.iter().map(|l| l.text.as_str()).filter(|t| t.starts_with("+ ")).collect();
    assert_eq!(commands.len(), 41, "the first 40 commands and a line for the rest");
    assert_eq!((commands[0], commands[39], commands[40]), ("+ step 1", "+ step 40", "+ … (15 more commands)"));
}

#[test]
fn a_build_without_tools_says_so_and_a_run_where_nothing_ran_has_no_run_time() {
    // A build too large for the node: it never runs, so no run time, not one of 0:00:00.
    let o = run(json!({"clusters": one_node(1000), "builds": [zadig_build("a", json!({"timeout": 1, "resource_spec": {"cpu_req": 2000}}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0}]}}));
    assert_eq!((o.summary.run.count, o.summary.wait.count, o.summary.wait.max), (0, 1, 60.0));
    let text = simulate::text::summary(&o, 10);
    assert!(text.contains("Run:   no job ran to an end\n"), "{text}");
    assert!(text.contains("Wait:  p50 0:01:00  p95 0:01:00  max 0:01:00\n"), "{text}");

    let o = run(json!({"clusters": one_node(4000), "builds": [zadig_build("a", json!({"timeout": 60}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 40}]}}));
    assert_eq!((o.summary.run.count, o.summary.run.max), (1, 40.0));
    assert_eq!(job(&o, "j").logs[0].text, "No tools to install for a", "{:?}", job(&o, "j").logs);
}

#[test]
fn the_clock_reaches_the_time_asked_for_even_with_nothing_due() {
    let prepared = scenario::parse(&json!({"clusters": one_node(4000), "builds": [zadig_build("a", json!({"timeout": 60}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 10}]}}).to_string()).unwrap();
    let mut engine = Engine::new(&prepared, 1, Detail::Full);
    engine.run_until(5_000);
    assert_eq!(engine.now(), 5_000);
    engine.run_until(7_200_000);
    assert_eq!(engine.now(), 7_200_000, "after the last job ended");
}

#[test]
fn the_cluster_form_reads_back_the_model_and_says_which_field_does_not_read() {
    use buildbay_core::simulate::cluster_form::{ClusterRows, read};
    use buildbay_core::simulate::default_clusters;
    let rows = ClusterRows::of_model(&default_clusters());
    assert_eq!(read(&rows).unwrap(), default_clusters(), "the rows of a model read back as that model");
    let mut typed = rows.clone();
    typed[0].nodes[0].cpu = "4 cores".into();
    typed[0].nodes[0].labels = "pool=build, oops".into();
    typed[0].nodes[0].arch = "sparc".into();
    typed[0].strategies[1].strategy = "sometimes".into();
    let problems = read(&typed).unwrap_err();
    let at: Vec<(&str, &str)> = problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert!(at.contains(&("/clusters/0/nodes/0/cpu", "not-a-number")), "{at:?}");
    assert!(at.contains(&("/clusters/0/nodes/0/labels", "invalid-label")), "{at:?}");
    assert!(at.contains(&("/clusters/0/nodes/0/arch", "invalid-arch")), "{at:?}");
    assert!(at.contains(&("/clusters/0/strategies/1/strategy", "invalid-strategy")), "{at:?}");
    assert_eq!(problems.iter().filter(|d| d.path == "/clusters/0/nodes/0/cpu").count(), 1, "one message per field");
    assert!(problems.iter().find(|d| d.path.ends_with("/cpu")).unwrap().message.contains("4 cores"), "the message quotes what was typed");
}

/// A row of three `node` is node-1…node-3, so a one-node row called `node-2` would make two
/// nodes of that name (two lanes, two utilisation lines): refused at the row's name. The form's
/// Add buttons pick names nothing has, even after a removal left a numbered name in use.
#[test]
fn no_two_nodes_share_a_name_and_added_rows_get_free_names() {
    use buildbay_core::simulate::cluster_form::{ClusterRows, read};
    use buildbay_core::simulate::default_clusters;
    let rows = |nodes: Value| json!({"clusters": [{"name": "c", "nodes": nodes}], "builds": [], "workload": {}}).to_string();
    let problems = scenario::parse(&rows(json!([{"name": "node", "count": 3, "cpu": 4000, "memory": 8192}, {"name": "node-2", "cpu": 4000, "memory": 8192}]))).unwrap_err();
    assert_eq!((problems[0].path.as_str(), problems[0].code.as_str()), ("/clusters/0/nodes/1/name", "duplicate-node"));
    assert_eq!(problems[0].message, "A node of row `node` is already called `node-2` (its 3 nodes are node-1…node-3); give this row another name.");
    // node-4, a row of two `node-2` (node-2-1, node-2-2) and `node-02` name nodes no other row has.
    for name in ["node-4", "node-02"] {
        scenario::parse(&rows(json!([{"name": "node", "count": 3}, {"name": name}]))).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
    scenario::parse(&rows(json!([{"name": "node", "count": 3}, {"name": "node-2", "count": 2}]))).unwrap();

    let mut model = ClusterRows::of_model(&default_clusters());
    let added = model[0].added_nodes();
    assert_eq!(added.name, "node-4", "the default row's three nodes are node-1…node-3");
    model[0].nodes.push(added);
    assert!(read(&model).is_ok());
    model[0].strategies.remove(0);
    model[0].strategies[0].name = "strategy-2".into();
    assert_eq!(model[0].added_strategy().name, "strategy-3", "strategy-2 is still in use after the removal");
    assert_eq!((model[0].added_strategy().strategy.as_str(), ClusterRows::added(&model).name.as_str()), ("normal", "cluster-2"));
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

#[test]
fn the_workload_form_replaces_arrivals_and_keeps_explicit_jobs() {
    use buildbay_core::simulate::{scenario::Arrival, workload::with_arrivals};
    let text = r#"{"seed": 3, "workload": {"jobs": [{"build": "a", "submit": 1}], "arrivals": [{"per_hour": 1, "until": 10}]}}"#;
    let arrival = Arrival { builds: vec!["a".into()], per_hour: 120.0, from: 0.0, until: 7200.0, max_jobs: 50 };
    let out: serde_json::Value = serde_json::from_str(&with_arrivals(text, &[arrival]).unwrap()).unwrap();
    assert_eq!(out["workload"]["jobs"][0]["build"], "a", "explicit jobs stay");
    assert_eq!(out["workload"]["arrivals"].as_array().unwrap().len(), 1);
    assert_eq!(out["workload"]["arrivals"][0]["per_hour"], 120.0);
    assert_eq!(out["seed"], 3);
    let err = with_arrivals("{\"seed\": ", &[]).unwrap_err();
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn cluster_utilisation_over_time_is_the_share_of_cpu_requested() {
    // Two 2000m nodes (4000m in all); two 1000m jobs overlap from 10 s to 60 s.
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 2, "cpu": 2000, "memory": 8192}])),
        "builds": [zadig_build("a", json!({"timeout": 5, "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}}))],
        "workload": {"jobs": [{"id": "a1", "build": "a", "submit": 0, "duration": 60}, {"id": "a2", "build": "a", "submit": 10, "duration": 100}]}}));
    let lines = o.cluster_utilisation();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].0, "prod");
    assert_eq!(lines[0].1, vec![(0.0, 0.25), (10.0, 0.5), (60.0, 0.25), (110.0, 0.0)]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever is typed into the cluster form, reading it answers (a model or messages).
    #[test]
    fn any_cluster_form_text_is_read_without_panicking(fields in proptest::collection::vec("\\PC{0,12}", 8), builder in any::<bool>(), strategy in "\\PC{0,12}", labels in "\\PC{0,20}") {
        use buildbay_core::simulate::cluster_form::{ClusterRows, NodeRow, StrategyRow, read};
        let f = |i: usize| fields[i].clone();
        let row = NodeRow { name: f(0), count: f(1), cpu: f(2), memory: f(3), gpus: f(4), arch: f(5), labels: f(6), max_pods: f(7), builder };
        let rows = vec![ClusterRows { name: f(0), nodes: vec![row], strategies: vec![StrategyRow { name: f(1), strategy, labels, default: builder }] }];
        if let Ok(model) = read(&rows) {
            prop_assert_eq!(model.len(), 1);
        }
    }

    /// The workload form answers any scenario text with new text or a message.
    #[test]
    fn any_text_gets_arrivals_or_a_message(text in "\\PC{0,120}", per_hour in any::<f64>()) {
        use buildbay_core::simulate::{scenario::Arrival, workload::with_arrivals};
        let _ = with_arrivals(&text, &[Arrival { builds: Vec::new(), per_hour, from: 0.0, until: 3600.0, max_jobs: 0 }]);
    }

    /// Whatever the two scenario texts are, the comparison answers with both scenarios or
    /// placed problems, and the storage rule with a verdict or "not JSON yet".
    #[test]
    fn any_pair_of_scenario_texts_is_read_without_panicking(a in "\\PC{0,120}", b in "\\PC{0,120}", braced in any::<bool>()) {
        use buildbay_core::simulate::compare::Alternative;
        let wrap = |t: &str| if braced { format!("{{\"builds\": [{{\"definition\": {t}}}]}}") } else { t.to_string() };
        let (a, b) = (wrap(&a), wrap(&b));
        let _ = scenario::holds_secrets(&a);
        let _ = Alternative::Scenario(b).prepare(&a, &simulate::default_clusters());
        let _ = Alternative::ExtraNodes(1000).prepare(&a, &[]);
    }
}

/// A template build's services each give their own values: the start form offers a value per
/// service where they differ (as Zadig's run request takes them), one for all where they agree,
/// and a job runs each service with its own unless the form changed it.
#[test]
fn a_template_builds_services_run_with_their_own_values_unless_the_job_changes_them() {
    use buildbay_core::model::{Build, Job, JobInput, Service, ServiceInput, Template, Variable};
    use buildbay_core::simulate::start::{default_inputs, per_service_inputs, prepare_run};
    use buildbay_core::validate::validate_job;
    let input = |key: &str, value: &str| ServiceInput { key: key.into(), value: value.into(), ..ServiceInput::default() };
    let service = |name: &str, region: &str, mode: &str| Service { name: name.into(), module: name.into(), inputs: vec![input("REGION", region), input("MODE", mode)], ..Service::default() };
    let variable = |key: &str| Variable { key: key.into(), kind: "string".into(), default_value: "template".into(), ..Variable::default() };
    let template = Template { name: "t".into(), variables: vec![variable("REGION"), variable("MODE")], ..Template::default() };
    let build = Build { name: "api".into(), template_name: Some("t".into()), services: vec![service("a", "eu", "fast"), service("b", "us", "fast")], ..Build::default() };
    let applied = template.applied_to(&build);
    let mut inputs = default_inputs(&applied);
    let entry = |key: &str, value: &str, service: &str| JobInput { key: key.into(), value: value.into(), service: service.into() };
    assert_eq!(inputs, [entry("REGION", "eu", ""), entry("MODE", "fast", ""), entry("REGION", "eu", "a"), entry("REGION", "us", "b")],
        "one value for all where the services agree, one per service where they differ");
    assert_eq!(per_service_inputs(&inputs, "REGION", buildbay_core::Target::Zadig).collect::<Vec<_>>(), [(2, "a"), (3, "b")]);
    assert_eq!(per_service_inputs(&inputs, "MODE", buildbay_core::Target::Zadig).count(), 0);
    // Only Zadig's run request takes inputs per service: another backend's form asks once.
    assert_eq!(per_service_inputs(&inputs, "REGION", buildbay_core::Target::Nuon).count(), 0);
    let given = |run: &buildbay_core::simulate::start::Run, i: usize| run.build.services[i].inputs.iter().map(|x| (x.key.clone(), x.value.clone())).collect::<Vec<_>>();
    let pairs = |v: [(&str, &str); 2]| v.map(|(k, x)| (k.to_string(), x.to_string())).to_vec();
    // Left as they are, each service keeps its own.
    let run = prepare_run(&Job { build: "api".into(), inputs: inputs.clone(), ..Job::default() }, &applied, 0.0).unwrap();
    assert_eq!((given(&run, 0), given(&run, 1)), (pairs([("REGION", "eu"), ("MODE", "fast")]), pairs([("REGION", "us"), ("MODE", "fast")])));
    // One service's value changed, and the value for all: each where it applies.
    inputs[1].value = "full".into();
    inputs[3].value = "ap".into();
    let run = prepare_run(&Job { build: "api".into(), inputs: inputs.clone(), ..Job::default() }, &applied, 0.0).unwrap();
    assert_eq!((given(&run, 0), given(&run, 1)), (pairs([("REGION", "eu"), ("MODE", "full")]), pairs([("REGION", "ap"), ("MODE", "full")])));
    // A value for a service the build lacks is refused at it.
    inputs.push(entry("REGION", "x", "nope"));
    let found = validate_job(&Job { build: "api".into(), inputs, ..Job::default() }, &applied);
    assert!(found.iter().any(|d| d.path == "/inputs/4/service" && d.code == "unknown-service"), "{found:?}");
}

#[test]
fn a_job_run_applies_branches_and_values_masks_secrets_and_refuses_bad_input() {
    use buildbay_core::model::{BranchOverride, Build, Job, JobInput, Repo, Variable};
    use buildbay_core::simulate::start::prepare_run;
    let build = Build {
        name: "api".into(),
        repos: vec![Repo { name: "api".into(), branch: "main".into(), ..Repo::default() }],
        variables: vec![
            Variable { key: "ENV".into(), kind: "choice".into(), default_value: "dev".into(), choice_options: vec!["dev".into(), "prod".into()], ..Variable::default() },
            Variable { key: "TOKEN".into(), kind: "string".into(), default_value: "old".into(), is_credential: true, ..Variable::default() },
        ],
        ..Build::default()
    };
    let job = Job {
        build: "api".into(),
        branches: vec![BranchOverride { repo: 0, branch: "release/2".into(), ..BranchOverride::default() }],
        inputs: vec![JobInput { key: "ENV".into(), value: "prod".into(), ..JobInput::default() }, JobInput { key: "TOKEN".into(), value: "s3cret".into(), ..JobInput::default() }],
        ..Job::default()
    };
    let run = prepare_run(&job, &build, 12.5).unwrap();
    assert_eq!(run.build.repos[0].branch, "release/2");
    assert_eq!(run.build.variables[0].default_value, "prod");
    assert_ne!(run.build.variables[1].default_value, "s3cret", "secrets are masked");
    assert_eq!((run.spec.build.as_str(), run.spec.submit), ("api", 12.5));
    let bad = Job { branches: vec![BranchOverride { repo: 0, branch: "a..b".into(), ..BranchOverride::default() }], inputs: vec![JobInput { key: "ENV".into(), value: "staging".into(), ..JobInput::default() }], ..job };
    let problems = prepare_run(&bad, &build, 0.0).unwrap_err();
    let at: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert!(at.contains(&"/branches/0/branch") && at.contains(&"/inputs/0/value"), "{at:?}");
}

/// A job started with the form's defaults runs the build's variables as they are: a
/// multi-select's values are shown comma-separated and read back the same.
#[test]
fn a_job_started_with_the_default_inputs_keeps_every_variable_as_it_was() {
    use buildbay_core::model::Job;
    use buildbay_core::simulate::start::{default_inputs, prepare_run};
    let build = buildbay_core::sample::large_build("api", 2);
    let inputs = default_inputs(&build);
    let targets = inputs.iter().find(|i| i.key == "TARGETS").map(|i| i.value.as_str());
    assert_eq!(targets, Some("linux, darwin"), "a multi-select shows its chosen values");
    let job = Job { build: build.name.clone(), semantics: buildbay_core::Target::Zadig, inputs, ..Job::default() };
    let run = prepare_run(&job, &build, 0.0).unwrap_or_else(|e| panic!("the defaults are refused: {e:?}"));
    for (ran, given) in run.build.variables.iter().zip(&build.variables).filter(|(_, v)| !v.is_credential) {
        assert_eq!((&ran.default_value, &ran.choice_values), (&given.default_value, &given.choice_values), "{}", given.key);
    }
}

#[test]
fn the_workload_form_reads_an_arrival_or_says_which_field_does_not() {
    use buildbay_core::simulate::workload::ArrivalForm;
    let form = ArrivalForm { per_hour: "30".into(), hours: "2".into(), max_jobs: "0".into(), builds: "api, web".into() };
    let a = form.read().unwrap();
    assert_eq!((a.per_hour, a.until, a.max_jobs, a.builds.len()), (30.0, 7200.0, 0, 2));
    assert_eq!(a.expected_jobs(), 60.0);
    let bad = ArrivalForm { per_hour: "lots".into(), hours: "-1".into(), max_jobs: "x".into(), ..form };
    let at: Vec<String> = bad.read().unwrap_err().into_iter().map(|d| d.path).collect();
    assert_eq!(at, ["/per_hour", "/hours", "/max_jobs"]);
}

#[test]
fn the_cluster_model_goes_into_a_scenario_that_names_no_clusters() {
    let model = simulate::default_clusters();
    let with = scenario::with_cluster_model("{}", &model);
    let value: Value = serde_json::from_str(&with).unwrap();
    assert_eq!(value["clusters"][0]["name"], "local");
    // The rest keeps its lines, so problems point where they were typed.
    let text = "{\n  \"seed\": 3,\n  \"builds\": 7\n}";
    let with = scenario::with_cluster_model(text, &model);
    assert_eq!(with.lines().count(), text.lines().count());
    assert_eq!(with.lines().nth(2), text.lines().nth(2));
    // A scenario with clusters of its own is left as it is.
    let own = "{\"clusters\": []}";
    assert_eq!(scenario::with_cluster_model(own, &model), own);
}

#[test]
fn the_gantt_chart_gives_pods_running_at_once_their_own_lanes_and_each_attempt_one_bar() {
    use buildbay_core::simulate::chart::gantt;
    let small = json!({"timeout": 60, "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}});
    let mut build = zadig_build("a", small);
    build["error_policy"] = json!({"policy": "retry", "maximum_retry": 1});
    // Two pods at once on one node, then a third after the first ends; the second fails once
    // and runs again.
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 1, "cpu": 4000, "memory": 8192}])), "builds": [build],
        "workload": {"jobs": [
            {"id": "first", "build": "a", "submit": 0, "duration": 100},
            {"id": "second", "build": "a", "submit": 0, "attempts": [{"outcome": "failed", "duration": 50}, {"duration": 50}]},
            {"id": "third", "build": "a", "submit": 150, "duration": 10}]}}));
    let layout = gantt(&o);
    let rows: Vec<(&str, u32)> = layout.rows.iter().map(|r| (r.node.as_str(), r.lanes)).collect();
    assert_eq!(rows, [("n", 2)], "two pods at once on the node");
    let bars: Vec<(&str, u32, u32, f64, &str)> = layout.bars.iter().map(|b| (b.job.as_str(), b.attempt, b.lane, b.start, b.status.as_str())).collect();
    assert_eq!(bars, [("first", 1, 0, 0.0, "passed"), ("second", 1, 1, 0.0, "failed"), ("second", 2, 1, 50.0, "passed"), ("third", 1, 0, 150.0, "passed")]);
    assert_eq!(layout.bars[1].end, 50.0, "the failing attempt ends when its pinned duration says");
    assert_eq!((layout.bars[0].end, layout.bars[3].end), (100.0, 160.0), "a bar spans its attempt's steps");
}

/// A Nuon build runs on its runner, on no node: the chart gives each runner a row after the
/// nodes, where its attempts show one after another (FIFO), rather than leaving them out.
#[test]
fn the_gantt_chart_shows_nuon_attempts_on_their_runner() {
    use buildbay_core::simulate::chart::{gantt, gantt_places};
    let o = nuon(json!({"max_executions": 2}), json!([
        {"id": "1", "build": "c", "submit": 0, "attempts": [{"outcome": "failed", "duration": 60}, {"duration": 100}]},
        {"id": "2", "build": "c", "submit": 5, "duration": 50}]));
    let layout = gantt(&o);
    assert_eq!(gantt_places(&o), "nodes and runners");
    assert_eq!((layout.runners, layout.places()), (1, "nodes and runners"));
    let last = layout.rows.last().unwrap();
    assert_eq!((last.node.as_str(), last.lanes), ("runner org-runner", 1), "one job at a time on the runner");
    let bars: Vec<(&str, u32, f64, f64, &str)> = layout.bars.iter().map(|b| (b.job.as_str(), b.attempt, b.start, b.end, b.status.as_str())).collect();
    assert_eq!(bars, [("1", 1, 0.0, 60.0, "failed"), ("1", 2, 60.0, 160.0, "finished"), ("2", 1, 160.0, 210.0, "finished")]);
    assert!(layout.bars.iter().all(|b| b.row == layout.rows.len() - 1));
    let zadig = run(json!({"clusters": one_node(4000), "builds": [zadig_build("a", json!({"timeout": 60}))], "workload": {"jobs": [{"id": "z", "build": "a", "submit": 0}]}}));
    assert_eq!((gantt_places(&zadig), gantt(&zadig).runners), ("nodes", 0));
}

#[test]
fn every_backends_terminal_status_reads_as_success_failure_or_cancelled() {
    use buildbay_core::simulate::outcome::{StatusTone, job_lines, status_tone};
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenario.json")).unwrap();
    let prepared = scenario::parse(&text).unwrap();
    let mut engine = Engine::new(&prepared, 7, Detail::Summary);
    engine.run_until(60_000);
    assert!(job_lines(&engine).iter().filter(|l| !l.finished).all(|l| l.tone() == StatusTone::Active));
    engine.run();
    let mut seen: Vec<(String, StatusTone)> = job_lines(&engine).iter().map(|l| (format!("{:?} {}", l.semantics, l.status), l.tone())).collect();
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    seen.dedup();
    let expected = [
        ("Nuon finished", StatusTone::Success),
        ("Rainbond refused", StatusTone::Failure),
        ("Rainbond success", StatusTone::Success),
        ("ServiceStage Cancel", StatusTone::Cancelled),
        ("Zadig passed", StatusTone::Success),
        ("Zadig timeout", StatusTone::Failure),
    ];
    assert_eq!(seen, expected.map(|(s, t)| (s.to_string(), t)));
    for (status, tone) in [("not-attempted", StatusTone::Failure), ("timed-out", StatusTone::Failure), ("Failed", StatusTone::Failure), ("Successful", StatusTone::Success), ("cancelled", StatusTone::Cancelled)] {
        assert_eq!(status_tone(status, true), tone, "{status}");
    }
}

/// A scenario whose build holds a secret is recognised, so the Simulator keeps it out of
/// browser storage unless the admin opts in.
#[test]
fn a_scenario_holding_a_secret_value_is_recognised() {
    let build = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds/zadig-build.json")).unwrap();
    let with = format!(r#"{{"builds": [{{"definition": {build}}}]}}"#);
    assert_eq!(scenario::holds_secrets(&with), Some(true));
    let without = with.replace("\"abc123\"", "\"\"");
    assert_eq!(scenario::holds_secrets(&without), Some(false), "a credential variable without a value holds nothing");
    assert_eq!(scenario::holds_secrets(r#"{"builds": []}"#), Some(false));
    assert_eq!(scenario::holds_secrets(&with[..with.len() - 3]), None, "not JSON yet");
    // Everything beside the builds is only skipped over, wherever the builds come.
    let after_a_workload = format!(r#"{{"seed": 3, "workload": {{"jobs": [{{"id": "a", "build": "x", "submit": 0}}], "arrivals": []}}, "builds": [{{"definition": {build}}}], "zadig": {{}}}}"#);
    assert_eq!(scenario::holds_secrets(&after_a_workload), Some(true));
    assert_eq!(scenario::holds_secrets(r#"{"seed": 3, "workload": {"jobs": [1, 2, 3]}}"#), Some(false), "no builds, no secrets");
    assert_eq!(scenario::holds_secrets(r#"{"workload": {"jobs": [1, 2,]}}"#), None, "not JSON anywhere is not JSON");
}

/// Setting up a workload a few jobs at a time (as the browser does, between slices) makes the
/// same engine as setting it up at once: explicit jobs and generated ones interleave the same;
/// and summing it up a step at a time gives the same result.
#[test]
fn a_workload_set_up_in_slices_runs_exactly_as_one_set_up_at_once() {
    let prepared = example_with_arrivals();
    let at_once = serde_json::to_string(&simulate::simulate(&prepared, 3, Detail::Full)).unwrap();
    let mut loading = Engine::loading(&prepared, 3, Detail::Full);
    let mut slices = 0;
    while loading.add(7) {
        slices += 1;
        assert_eq!(loading.added(), 7 * slices);
    }
    assert!(slices > 30, "{slices} slices");
    let mut engine = loading.finish();
    engine.run();
    // Summed up in slices too, each percentile list ranked in a step of its own.
    let mut tally = simulate::outcome::Tally::default();
    while tally.add(&engine, 5) {}
    assert_eq!([tally.rank(), tally.rank(), tally.rank()], [true, false, false], "waits, then run times, then nothing");
    assert_eq!(serde_json::to_string(&tally.finish(&mut engine)).unwrap(), at_once);
}

/// A run done a step at a time goes through its phases in order, each step bounded by its
/// budget, each phase starting a task of its own and each ranking a step of its own, the
/// result's job reports built a bounded number per step; its result is the one run at once
/// gives.
#[test]
fn a_stepped_run_goes_phase_by_phase_in_bounded_steps_to_the_same_result() {
    use simulate::stepped::{Phase, Step, SteppedRun};
    let prepared = example_with_arrivals();
    let at_once = serde_json::to_string(&simulate::simulate(&prepared, prepared.scenario.seed, Detail::Full)).unwrap();
    for budget in [1, 7, 1_000_000] {
        let mut run = SteppedRun::new(&prepared, Detail::Full);
        // A run starts setting up; a budget that sets every job up at once goes straight on.
        let (mut phases, mut last) = (vec![Phase::SettingUp], None);
        let outcome = loop {
            match run.step(budget) {
                Step::Done(outcome) => break outcome,
                Step::Working { progress, own_task } => {
                    let new_phase = phases.last() != Some(&progress.phase);
                    if new_phase {
                        phases.push(progress.phase);
                        let from = if progress.phase == Phase::Ranking { progress.jobs } else { 0 };
                        assert_eq!(progress.done, from, "{:?} starts from nothing, or once all are summed up from all", progress.phase);
                    } else if matches!(progress.phase, Phase::SettingUp | Phase::SummingUp) {
                        let before = last.unwrap_or(0);
                        assert!(progress.done > before && progress.done - before <= budget as u64, "{progress:?} after {before}, budget {budget}");
                    } else if progress.phase == Phase::Finishing {
                        // The figures first, then the reports, a sixteenth of the budget at a time.
                        let before = last.unwrap_or(0);
                        assert!(progress.done >= before && progress.done - before <= (budget as u64 / 16).max(1), "{progress:?} after {before}, budget {budget}");
                    } else {
                        // Jobs finished only ever grow; a step of events need not finish one.
                        assert!(progress.done >= last.unwrap_or(0), "{progress:?}");
                    }
                    assert_eq!(own_task, new_phase || progress.phase == Phase::Ranking, "{progress:?}");
                    assert!(progress.done <= progress.jobs, "{progress:?}");
                    last = Some(progress.done);
                }
            }
            assert!(phases.len() <= 5, "{phases:?}");
        };
        assert_eq!(phases, [Phase::SettingUp, Phase::Simulating, Phase::SummingUp, Phase::Ranking, Phase::Finishing], "budget {budget}");
        assert_eq!(serde_json::to_string(&outcome).unwrap(), at_once, "budget {budget}");
    }
}

proptest! {
    /// Percentiles by selection agree with nearest ranks read off the sorted values.
    #[test]
    fn percentiles_are_the_nearest_ranks_of_the_sorted_values(values in proptest::collection::vec(0u64..5_000, 1..300)) {
        let got = simulate::outcome::Percentiles::of(&mut values.clone());
        let mut sorted = values;
        sorted.sort_unstable();
        let rank = |p: usize| sorted[(sorted.len() * p).div_ceil(100).max(1) - 1] as f64 / 1000.0;
        prop_assert_eq!((got.p50, got.p95, got.max), (rank(50), rank(95), *sorted.last().unwrap() as f64 / 1000.0));
    }
}

/// The start form's services: all ticked runs every one (the job names none), some ticked
/// runs those, none ticked is refused at `/services` rather than read as "all".
#[test]
fn the_start_form_reads_its_ticked_services_and_refuses_none() {
    use buildbay_core::model::{BranchOverride, Build, Repo, Service};
    use buildbay_core::simulate::start::{default_branches, job_from_form};
    use buildbay_core::Target;
    let service = |name: &str| Service { name: name.into(), module: format!("{name}-mod"), ..Service::default() };
    let build = Build { name: "api".into(), services: vec![service("a"), service("b")], repos: vec![Repo { name: "api".into(), branch: "main".into(), ..Repo::default() }], ..Build::default() };
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut typed = default_branches(&build);
    assert_eq!(typed, [BranchOverride { repo: 0, branch: "main".into(), ..BranchOverride::default() }], "one field, the build's repository");
    typed[0].branch = " dev ".into();
    let all = job_from_form(Some(&build), Target::Zadig, &names(&["b", "a"]), &typed, Vec::new(), "").unwrap();
    assert!(all.services.is_empty(), "every service ticked: the job names none");
    assert_eq!(all.branches[0].branch, "dev", "the branch as typed, trimmed");
    let main = default_branches(&build);
    let some = job_from_form(Some(&build), Target::Zadig, &names(&["b", "gone"]), &main, Vec::new(), "").unwrap();
    assert_eq!(some.services, vec![("b".to_string(), "b-mod".to_string())]);
    // Only Zadig's run request names services: another backend's job runs the build once.
    let nuon = job_from_form(Some(&build), Target::Nuon, &names(&["gone"]), &main, Vec::new(), "main").unwrap();
    assert_eq!((nuon.semantics, nuon.services.len(), nuon.git_ref.as_str()), (Target::Nuon, 0, "main"));
    let none = job_from_form(Some(&build), Target::Zadig, &names(&["gone"]), &main, Vec::new(), "").unwrap_err();
    assert_eq!((none[0].path.as_str(), none[0].message.as_str()), ("/services", "Choose at least one service."));
    let plain = Build { services: Vec::new(), repos: Vec::new(), ..build };
    assert!(default_branches(&plain).is_empty(), "no repository, no branch field");
    let job = job_from_form(Some(&plain), Target::Rainbond, &[], &[], Vec::new(), "").unwrap();
    assert!(job.services.is_empty() && job.branches.is_empty(), "no services or repositories to choose");
    // No build, or one still made from a template the form could not apply, is refused at the build.
    let unchosen = job_from_form(None, Target::Zadig, &[], &main, Vec::new(), "").unwrap_err();
    assert_eq!((unchosen[0].path.as_str(), unchosen[0].message.as_str()), ("/build", "Choose a build to run."));
    let templated = Build { template_name: Some("go-service".into()), ..plain };
    let refused = job_from_form(Some(&templated), Target::Zadig, &[], &[], Vec::new(), "").unwrap_err();
    assert_eq!((refused[0].path.as_str(), refused[0].code.as_str()), ("/build", "template-not-stored"));
    assert!(refused[0].message.starts_with("Template `go-service` is not stored here"), "{}", refused[0].message);
}

/// A Rainbond build request need not name a branch (Rainbond defaults it to `master`): the start
/// form's branch left empty runs so, while a branch emptied where the build gives one is refused.
#[test]
fn a_branch_left_empty_where_the_build_gives_none_runs_as_the_backend_defaults_it() {
    use buildbay_core::import::{Document, Hint, import};
    use buildbay_core::simulate::start::{default_branches, job_from_form, prepare_run};
    use buildbay_core::Target;
    let imported = import(r#"{"repo_url": "https://git.example.com/acme/api.git"}"#, Hint::Target(Target::Rainbond)).unwrap();
    let Document::Build(mut build) = imported.document else { panic!("a build: {:?}", imported.document) };
    build.name = "api".into();
    let typed = default_branches(&build);
    assert_eq!(typed.len(), 1, "the repository has its field");
    assert_eq!(typed[0].branch, "", "empty, as the request gives none");
    let job = job_from_form(Some(&build), Target::Rainbond, &[], &typed, Vec::new(), "").unwrap();
    let run = prepare_run(&job, &build, 0.0).unwrap_or_else(|e| panic!("it runs: {e:?}"));
    assert_eq!(run.build.repos[0].branch, "", "as the build gives it, for Rainbond to default");
    build.repos[0].branch = "main".into();
    let mut emptied = default_branches(&build);
    emptied[0].branch = " ".into();
    let job = job_from_form(Some(&build), Target::Rainbond, &[], &emptied, Vec::new(), "").unwrap();
    let refused = prepare_run(&job, &build, 0.0).unwrap_err();
    assert_eq!((refused[0].path.as_str(), refused[0].message.as_str()), ("/branches/0/branch", "The branch is required."));
}

/// A template build's repositories are its services' own: the start form gives each its branch
/// field, named by repository and service, and the run checks out what each was given.
#[test]
fn a_template_builds_services_check_out_the_branches_given_to_each() {
    use buildbay_core::model::{BranchOverride, Build, Job, Repo, Service};
    use buildbay_core::simulate::start::{branch_label, default_branches, job_from_form, prepare_run};
    use buildbay_core::validate::validate_job;
    use buildbay_core::Target;
    let repo = |name: &str| Repo { namespace: "org".into(), name: name.into(), branch: "main".into(), ..Repo::default() };
    let service = |name: &str, repos: Vec<Repo>| Service { name: name.into(), module: name.into(), repos, ..Service::default() };
    let build = Build { name: "duo".into(), services: vec![service("api", vec![repo("api")]), service("web", vec![repo("web"), repo("assets")])], ..Build::default() };
    let mut typed = default_branches(&build);
    let at = |service: &str, repo: usize| BranchOverride { repo, branch: "main".into(), service: service.into() };
    assert_eq!(typed, [at("api", 0), at("web", 0), at("web", 1)]);
    let labels: Vec<String> = typed.iter().map(|b| branch_label(&build, b, typed.len())).collect();
    assert_eq!(labels, ["Branch of org/api (api)", "Branch of org/web (web)", "Branch of org/assets (web)"]);
    assert_eq!(branch_label(&build, &typed[0], 1), "Branch", "one field needs no more");
    typed[2].branch = "release/2".into();
    let job = job_from_form(Some(&build), Target::Zadig, &["api".into(), "web".into()], &typed, Vec::new(), "").unwrap();
    let run = prepare_run(&job, &build, 0.0).unwrap();
    let branches: Vec<&str> = run.build.services.iter().flat_map(|s| s.repos.iter().map(|r| r.branch.as_str())).collect();
    assert_eq!(branches, ["main", "main", "release/2"]);
    // A branch for a service or a repository the build lacks is refused where it stands.
    let wrong = Job { branches: vec![at("gone", 0), at("api", 1)], ..job };
    let found: Vec<(String, String)> = validate_job(&wrong, &build).into_iter().map(|d| (d.path, d.code)).collect();
    assert_eq!(found, [("/branches/0/service".to_string(), "unknown-service".to_string()), ("/branches/1/repo".into(), "unknown-repo".into())]);
}

/// A Zadig build's pod requests what Zadig's job controller gives it: its `low` preset (1000m,
/// 1024 MiB) without advanced settings, else the spec as given, a size of 0 left out, so a
/// build with advanced settings but no sizes requests nothing and fits wherever a pod may go.
#[test]
fn a_zadig_pod_requests_the_low_preset_only_without_advanced_settings() {
    let mut bare = zadig_build("bare", json!(null));
    bare["definition"].as_object_mut().unwrap().remove("advanced_settings");
    let sized = |name: &str, advanced: Value| zadig_build(name, advanced);
    // One node of 1000m: two `low` pods cannot share it, two pods of no size can.
    let o = run(json!({"clusters": one_node(1000), "builds": [bare, sized("free", json!({"cluster_name": "prod", "timeout": 5}))],
        "workload": {"jobs": [{"id": "b1", "build": "bare", "submit": 0, "duration": 60}, {"id": "b2", "build": "bare", "submit": 0, "duration": 60},
                              {"id": "f1", "build": "free", "submit": 200, "duration": 60}, {"id": "f2", "build": "free", "submit": 200, "duration": 60}]}}));
    assert_eq!((job(&o, "b2").started, job(&o, "b2").finished), (Some(60.0), Some(120.0)), "the second low pod waits for the first");
    assert_eq!(job(&o, "b2").waits[0].reason, "Insufficient cpu on 1 node of cluster prod");
    assert!(["f1", "f2"].iter().all(|f| job(&o, f).finished == Some(260.0) && job(&o, f).waits.is_empty()), "pods of no size run side by side");
    // A GPU limit alone asks for the GPU and nothing else.
    let gpu = run(json!({"clusters": one_node(1000), "builds": [sized("g", json!({"cluster_name": "prod", "timeout": 5, "resource_spec": {"gpu_limit": "nvidia.com/gpu:1"}}))],
        "workload": {"jobs": [{"id": "g", "build": "g", "submit": 0, "duration": 60}]}}));
    assert_eq!(job(&gpu, "g").status, "timeout", "no node of this cluster has a GPU");
}

/// Zadig stores a resource spec whose request is above its limit (its build API checks
/// neither), but Kubernetes refuses the pod: each job task fails as it prepares, retried by a
/// `retry` policy to no avail, and the scenario says why before the run shows it.
#[test]
fn a_zadig_build_whose_pod_kubernetes_refuses_fails_as_it_prepares() {
    let mut b = zadig_build("r", json!({"timeout": 5, "cluster_name": "prod", "resource_spec": {"cpu_limit": 2000, "cpu_req": 3000, "memory_limit": 1024}}));
    b["error_policy"] = json!({"policy": "retry", "maximum_retry": 2});
    let text = json!({"clusters": one_node(4000), "builds": [b], "workload": {"jobs": [{"id": "r", "build": "r", "submit": 30, "duration": 60}]}});
    let prepared = scenario::parse(&text.to_string()).unwrap();
    let found: Vec<(&str, &str)> = prepared.findings().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert_eq!(found, [("/builds/0/definition/advanced_settings/resource_spec", "pod-refused")]);
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    let j = job(&o, "r");
    assert_eq!((j.status.as_str(), j.finished, j.started, j.attempts), ("failed", Some(30.0), None, 3));
    let failed: Vec<&str> = j.transitions.iter().filter(|t| t.status == "failed" && t.scope != "task").map(|t| t.note.as_str()).collect();
    assert_eq!(failed.len(), 3, "{:?}", j.transitions);
    assert!(failed.iter().all(|n| n.starts_with("Kubernetes refused the build pod")), "{failed:?}");
    assert!(j.steps.is_empty() && o.summary.utilisation["prod"] == 0.0, "no pod ran");
    // A request at its limit, or a limit alone, runs.
    let fine = run(json!({"clusters": one_node(4000), "builds": [zadig_build("f", json!({"cluster_name": "prod", "resource_spec": {"cpu_limit": 2000, "cpu_req": 2000, "memory_limit": 1024}}))],
        "workload": {"jobs": [{"id": "f", "build": "f", "submit": 0, "duration": 60}]}}));
    assert_eq!(job(&fine, "f").status, "passed");
}

/// Nuon builds one git ref (its request's `git_ref`, else the first repository's branch, or the
/// latest commit with `use_latest`): the start form asks for that ref rather than a branch per
/// repository, the run checks it out, and the build as Nuon shows it records it.
#[test]
fn a_nuon_job_builds_the_git_ref_it_is_given() {
    use buildbay_core::import::{Document, Hint, import};
    use buildbay_core::model::{Build, Repo};
    use buildbay_core::simulate::start::{branch_fields, default_branches, default_git_ref, job_from_form, prepare_run, takes_branch, takes_git_ref};
    use buildbay_core::Target;
    let imported = import(r#"{"git_ref": "v1.2.0"}"#, Hint::Target(Target::Nuon)).unwrap();
    let Document::Build(mut build) = imported.document else { panic!("a build: {:?}", imported.document) };
    build.name = "app".into();
    assert!(default_branches(&build).is_empty(), "no repository, so no branch field");
    assert!(takes_git_ref(&build, Target::Nuon) && !takes_git_ref(&build, Target::Zadig));
    assert_eq!(default_git_ref(&build), "v1.2.0", "the field starts from the build's ref");
    let started = job_from_form(Some(&build), Target::Nuon, &[], &[], Vec::new(), " release/3 ").unwrap();
    assert_eq!(started.git_ref, "release/3", "as typed, trimmed");
    let prepared = prepare_run(&started, &build, 0.0).unwrap();
    assert_eq!(prepared.build.nuon.git_ref.as_deref(), Some("release/3"));
    // Emptied, the field is refused as a branch is; a ref git would refuse is marked there.
    let emptied = job_from_form(Some(&build), Target::Nuon, &[], &[], Vec::new(), " ").unwrap_err();
    assert_eq!((emptied[0].path.as_str(), emptied[0].message.as_str()), ("/git_ref", "The git ref is required: a branch, tag or commit."));
    let bad = job_from_form(Some(&build), Target::Nuon, &[], &[], Vec::new(), "a..b").unwrap();
    let refused = prepare_run(&bad, &build, 0.0).unwrap_err();
    assert_eq!((refused[0].path.as_str(), refused[0].code.as_str()), ("/git_ref", "invalid-git-ref"));
    // A build that gives no ref at all cannot run on Nuon, which answers 400; with use_latest it can.
    let bare = Build { name: "bare".into(), ..Build::default() };
    let started = job_from_form(Some(&bare), Target::Nuon, &[], &[], Vec::new(), "").unwrap();
    let refused = prepare_run(&started, &bare, 0.0).unwrap_err();
    assert_eq!((refused[0].path.as_str(), refused[0].code.as_str()), ("/git_ref", "required"));
    let latest = Build { nuon: buildbay_core::model::NuonOptions { use_latest: true, ..Default::default() }, ..bare };
    assert!(!takes_git_ref(&latest, Target::Nuon), "no field: Nuon builds the latest commit");
    assert!(prepare_run(&job_from_form(Some(&latest), Target::Nuon, &[], &[], Vec::new(), "x").unwrap(), &latest, 0.0).is_ok());
    // A build with two repositories: Zadig asks a branch of each, Rainbond and ServiceStage of
    // the first (the only one their requests send), Nuon none (its ref stands for them).
    let repo = |name: &str| Repo { namespace: "org".into(), name: name.into(), branch: "main".into(), ..Repo::default() };
    let two = Build { name: "two".into(), repos: vec![repo("api"), repo("docs")], ..Build::default() };
    let asked = |t: Target| default_branches(&two).iter().filter(|b| takes_branch(&two, t, b)).count();
    assert_eq!([Target::Zadig, Target::Rainbond, Target::ServiceStage, Target::Nuon].map(asked), [2, 1, 1, 0]);
    let shown = |t: Target| branch_fields(&two, t, &default_branches(&two)).into_iter().map(|f| (f.index, f.label, f.hidden_with)).collect::<Vec<_>>();
    assert_eq!(shown(Target::Zadig), [(0, "Branch of org/api".to_string(), String::new()), (1, "Branch of org/docs".into(), String::new())]);
    assert_eq!(shown(Target::Rainbond), [(0, "Branch".to_string(), String::new())], "one field needs no more name");
    let mut typed = default_branches(&two);
    typed[1].branch = "a..b".into();
    let started = job_from_form(Some(&two), Target::Rainbond, &[], &typed, Vec::new(), "ignored").unwrap();
    assert_eq!((started.branches.len(), started.git_ref.as_str()), (1, ""), "only what Rainbond takes");
    assert!(prepare_run(&started, &two, 0.0).is_ok(), "the unsent repository's field does not refuse the job");

    // The run, as the Jobs page starts it: the ref typed is checked out of the first repository
    // (the only one Nuon builds) and recorded on the build; with use_latest, the latest commit's
    // id is, the one its checkout reports.
    let ran = |build: &Build, git_ref: &str| {
        use buildbay_core::simulate::scenario::{BuildEntry, PreparedBuild};
        let started = job_from_form(Some(build), Target::Nuon, &[], &default_branches(build), Vec::new(), git_ref).unwrap();
        let prepared = prepare_run(&started, build, 0.0).unwrap();
        let mut engine = Engine::new(&scenario::parse("{}").unwrap(), 1, Detail::Full);
        let at = engine.add_build(&PreparedBuild { name: build.name.clone(), semantics: Target::Nuon, build: prepared.build, findings: Vec::new() }, &BuildEntry::default());
        let index = engine.add_job_for(at, prepared.spec, &Default::default());
        engine.run();
        JobOutcome::of(&engine, index).unwrap()
    };
    let mut both = Build { nuon: buildbay_core::model::NuonOptions { git_ref: Some("v3".into()), ..Default::default() }, ..two };
    let j = ran(&both, "v4");
    let clones: Vec<&str> = j.steps.iter().filter(|s| s.name == "git-clone").map(|s| s.detail.as_str()).collect();
    assert_eq!(clones, ["org/api"], "Nuon builds the first repository only");
    assert!(j.logs.iter().any(|l| l.text == "Checking out branch 'v4'"), "{:?}", j.logs);
    assert_eq!((j.status.as_str(), &j.backend["build"]["git_ref"]), ("finished", &json!("v4")));
    assert_eq!(j.backend["build"]["status_description"], "build is active and ready to be deployed", "as its last status said");
    both.nuon = buildbay_core::model::NuonOptions { git_ref: None, use_latest: true };
    let j = ran(&both, "");
    let head = j.logs.iter().find_map(|l| l.text.strip_prefix("HEAD is now at ")).unwrap_or_else(|| panic!("{:?}", j.logs));
    assert_eq!(j.backend["build"]["git_ref"], head, "Nuon records the latest commit's id");
    // A scenario's Nuon request builds its `git_ref`, and says so.
    let on_ref = run(json!({"builds": [{"name": "c", "definition": {"git_ref": "v2"}}], "workload": {"jobs": [{"id": "1", "build": "c", "submit": 0, "duration": 60}]}}));
    assert_eq!(job(&on_ref, "1").backend["build"]["git_ref"], "v2");
}

/// Utilisation is reported for clusters that have nodes: a scenario that names none (its pods
/// wait in an empty placeholder) reports no cluster at all rather than a made-up one at 0 %.
#[test]
fn utilisation_leaves_out_clusters_without_nodes() {
    let nuon = json!({"builds": [{"name": "app", "semantics": "nuon", "definition": {}}], "workload": {"jobs": [{"id": "a", "build": "app", "submit": 0, "duration": 60}]}});
    let o = run(nuon);
    assert_eq!(job(&o, "a").status, "finished");
    assert!(o.summary.utilisation.is_empty() && o.nodes.is_empty(), "{:?}", o.summary.utilisation);
    let text = simulate::text::summary(&o, 0);
    assert!(!text.contains("Utilisation"), "no utilisation section without nodes");
    assert!(text.starts_with("Simulated 1 job until 0:01:00 (seed "), "one job is not `1 jobs`: {text}");
    let with_nodes = run(json!({"clusters": one_node(4000), "builds": [zadig_build("g", json!({"cluster_name": "prod", "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}}))],
        "workload": {"jobs": [{"id": "z", "build": "g", "submit": 0, "duration": 60}]}}));
    assert_eq!(with_nodes.summary.utilisation.keys().collect::<Vec<_>>(), vec!["prod"]);
}

/// A pinned duration is how long the attempt runs, whether it passes or fails: a failure
/// pinned at 40 s happens at 40 s, and the next attempt starts then.
#[test]
fn a_pinned_failing_attempt_fails_exactly_when_its_duration_says() {
    let mut b = zadig_build("a", json!({"timeout": 60}));
    b["error_policy"] = json!({"policy": "retry", "maximum_retry": 1});
    let zadig = run(json!({"clusters": one_node(4000), "builds": [b],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 10, "attempts": [{"outcome": "failed", "duration": 40}, {"duration": 30}]}]}}));
    let j = job(&zadig, "j");
    assert_eq!((j.status.as_str(), j.finished), ("passed", Some(80.0)));
    assert!(j.transitions.iter().any(|t| t.status == "failed" && t.at == 50.0), "{:?}", j.transitions);
    let nuon = nuon(json!({}), json!([{"id": "1", "build": "c", "submit": 0, "attempts": [{"outcome": "failed", "duration": 45, "pickup_delay": 0}]}]));
    assert_eq!((job(&nuon, "1").status.as_str(), job(&nuon, "1").finished), ("failed", Some(45.0)));
    let image = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096}]), json!([rb_build("i", "image")]),
        json!([{"id": "i", "build": "i", "submit": 0, "attempts": [{"outcome": "failed", "duration": 60}, {"duration": 60}]}]));
    assert_eq!((job(&image, "i").status.as_str(), job(&image, "i").finished), ("success", Some(120.0)));
}

/// A build made from a template runs with its template's tools, script and resources (Zadig
/// never reads a template build's own), when the scenario holds the template; without it the
/// run says what it lacks.
#[test]
fn a_template_build_runs_with_its_templates_settings() {
    let template = json!({"name": "go-service", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04", "script_type": "shell",
        "installs": [{"name": "go", "version": "1.22"}], "build_script": "go test ./...",
        "parameters": [{"key": "MODE", "type": "string", "default_value": "fast", "required": false}],
        "advanced_settings": {"timeout": 15, "cluster_name": "prod", "resource_spec": {"cpu_limit": 4000, "memory_limit": 4096}}});
    let build = json!({"name": "api", "definition": {"name": "api", "project_key": "p", "template_name": "go-service",
        "target_services": [{"service_name": "api", "service_module": "api",
            "repo_info": [{"codehost_name": "gh", "repo_namespace": "o", "repo_name": "api", "branch": "main"}],
            "inputs": [{"key": "MODE", "value": "slow"}]}]}});
    let scenario = json!({"clusters": cluster(json!([{"name": "n", "count": 2, "cpu": 2000, "memory": 8192}])),
        "builds": [build], "templates": [template], "workload": {"jobs": [{"id": "j", "build": "api", "submit": 0}]}});
    let o = run(scenario.clone());
    let j = job(&o, "j");
    // The template asks for 4 CPUs, which no node has: the build waits for its template's 15 minutes.
    assert_eq!((j.status.as_str(), j.finished), ("timeout", Some(900.0)));
    assert_eq!(j.waits[0].reason, "Insufficient cpu on all 2 nodes of cluster prod");
    // On a bigger node it runs the template's tool and script.
    let mut bigger = scenario.clone();
    bigger["clusters"][0]["nodes"][0]["cpu"] = json!(8000);
    // A second service gives its own value, which its job task runs with.
    let mut web = bigger["builds"][0]["definition"]["target_services"][0].clone();
    (web["service_name"], web["service_module"], web["inputs"][0]["value"]) = (json!("web"), json!("web"), json!("turbo"));
    bigger["builds"][0]["definition"]["target_services"].as_array_mut().unwrap().push(web);
    let o = run(bigger);
    let j = job(&o, "j");
    assert_eq!(j.status, "passed");
    let log: Vec<&str> = j.logs.iter().map(|l| l.text.as_str()).collect();
    assert!(log.iter().any(|l| l.contains("go 1.22")) && log.contains(&"+ go test ./..."), "{log:?}");
    let mode = |k: usize| j.backend["stages"][0]["jobs"][k]["spec"]["envs"].clone();
    assert_eq!(mode(0), json!([{"key": "MODE", "value": "slow", "type": "string", "is_credential": false}]));
    assert_eq!(mode(1)[0]["value"], "turbo");
    // Followed as Nuon, which builds one repository, it clones its service's (the build keeps none of its own).
    let mut nuon = scenario.clone();
    nuon["builds"][0]["semantics"] = json!("nuon");
    nuon["runners"] = json!([{"name": "org-runner"}]);
    let o = run(nuon);
    let j = job(&o, "j");
    assert!(j.steps.iter().any(|s| s.detail == "o/api"), "{:?}", j.steps);
    // Without its template the run goes on as written, and says what it lacks.
    let mut alone = scenario;
    alone["templates"] = json!([]);
    let prepared = scenario::parse(&alone.to_string()).unwrap();
    let finding = prepared.findings().find(|d| d.code == "template-not-in-scenario").unwrap_or_else(|| panic!("{:?}", prepared.findings().collect::<Vec<_>>()));
    assert_eq!(finding.path, "/builds/0/definition/template_name");
    assert!(finding.message.ends_with("so this run has none of them (no tools, an empty script, the `low` resources)."), "{}", finding.message);
    // A build detail carries tools, a script and settings of its own, which the run uses.
    let mut detail = alone.clone();
    detail["builds"][0]["definition"] = serde_json::from_str(include_str!("fixtures/seeds/zadig-build-detail.json")).unwrap();
    detail["builds"][0]["definition"]["advanced_settings"]["cluster_name"] = json!("prod");
    let prepared = scenario::parse(&detail.to_string()).unwrap();
    let finding = prepared.findings().find(|d| d.code == "template-not-in-scenario").unwrap_or_else(|| panic!("{:?}", prepared.findings().collect::<Vec<_>>()));
    assert!(finding.message.ends_with("so this run uses the ones written in the build, which may not be the template's."), "{}", finding.message);
    // A template that does not read is refused where it is.
    let mut broken = alone.clone();
    broken["templates"] = json!([{"name": "x", "build_os": 3}]);
    let problems = scenario::parse(&broken.to_string()).unwrap_err();
    assert!(problems.iter().any(|d| d.path.starts_with("/templates/0")), "{problems:?}");
}
