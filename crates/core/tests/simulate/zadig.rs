//! Zadig: tasks and job tasks, workflow and job concurrency, timeouts, error policies, cancel.

use super::*;

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
    // The task detail numbers a workflow's tasks in the order they were created.
    let ids: Vec<Option<u64>> = o.jobs.iter().map(|j| j.backend["task_id"].as_u64()).collect();
    assert_eq!(ids, [Some(1), Some(2), Some(3), Some(4)]);
    assert_eq!(job(&o, "1").backend["project_key"], "p");
}

/// Zadig's queue checks the system-wide limit before it looks at any task, so a task held by
/// its workflow's own limit reads the workflow concurrency while every place is taken, and its
/// workflow's limit again once a place frees.
#[test]
fn a_task_held_by_its_workflows_limit_says_so_only_while_a_place_is_free() {
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 4, "cpu": 8000, "memory": 16384}])),
        "zadig": {"workflow_concurrency": 3, "workflows": {"a-workflow": 1}},
        "builds": [zadig_build("a", json!({"timeout": 60})), zadig_build("b", json!({"timeout": 60}))],
        "workload": {"jobs": [
            {"id": "a1", "build": "a", "submit": 0, "duration": 300}, {"id": "a2", "build": "a", "submit": 5, "duration": 100},
            {"id": "b1", "build": "b", "submit": 10, "duration": 100}, {"id": "b2", "build": "b", "submit": 20, "duration": 100}]}}));
    let waits: Vec<(f64, f64, &str)> = job(&o, "a2").waits.iter().map(|w| (w.from, w.to, w.reason.as_str())).collect();
    assert_eq!(waits, [
        (5.0, 20.0, "workflow a-workflow concurrency limit 1 reached"),
        (20.0, 110.0, "workflow concurrency 3 reached"),
        (110.0, 300.0, "workflow a-workflow concurrency limit 1 reached")]);
    assert_eq!(job(&o, "a2").started, Some(300.0));
    // Submitted while every place is taken, it waits for the workflow concurrency first.
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "count": 4, "cpu": 8000, "memory": 16384}])),
        "zadig": {"workflow_concurrency": 2, "workflows": {"a-workflow": 1}},
        "builds": [zadig_build("a", json!({"timeout": 60})), zadig_build("b", json!({"timeout": 60}))],
        "workload": {"jobs": [
            {"id": "a1", "build": "a", "submit": 0, "duration": 300}, {"id": "b1", "build": "b", "submit": 0, "duration": 100},
            {"id": "a2", "build": "a", "submit": 5, "duration": 100}]}}));
    let waits: Vec<(f64, f64, &str)> = job(&o, "a2").waits.iter().map(|w| (w.from, w.to, w.reason.as_str())).collect();
    assert_eq!(waits, [(5.0, 100.0, "workflow concurrency 2 reached"), (100.0, 300.0, "workflow a-workflow concurrency limit 1 reached")]);
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
    // The job task carries its policy, as Zadig's task detail does.
    assert_eq!(j.backend["stages"][0]["jobs"][0]["error_policy"], json!({"policy": "retry", "maximum_retry": 2}));
    // Zadig stamps a job task's start at each run's `prepare`: the retry's, 50 s in.
    let task = &j.backend["stages"][0]["jobs"][0];
    assert_eq!((&task["start_time"], &task["end_time"], &task["cost_seconds"]), (&json!(50.0), &json!(100.0), &json!(50.0)), "{task}");
    let ignored = with(json!({"policy": "ignore_error"}));
    assert_eq!(job(&ignored, "j").status, "passed");
    assert_eq!(job(&ignored, "j").backend["stages"][0]["status"], "unstable");
    assert_eq!(job(&ignored, "j").backend["stages"][0]["jobs"][0]["status"], "unstable");
    let stopped = with(json!({"policy": "stop"}));
    assert_eq!(job(&stopped, "j").status, "failed");
}

/// Under `manual_check` a failed or timed-out job task waits as `wait_for_manual_error_handling`
/// (Zadig's `waitForManualErrorHandling`) until the scenario's decision: `ignore` makes it
/// `unstable` (the task `passed`), `reject` gives it back its failure. Meanwhile its pod is gone
/// but its task keeps its place under the workflow concurrency, so the next task waits for the
/// decision; a cancel ends the wait.
#[test]
fn zadig_manual_check_holds_the_failure_until_the_decision() {
    let build = |name: &str, decision: &str, after: u32| {
        let mut b = zadig_build(name, json!({"timeout": 60, "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}}));
        b["error_policy"] = json!({"policy": "manual_check", "decision": decision, "decision_after": after});
        b
    };
    let o = run(json!({"clusters": one_node(4000), "zadig": {"workflow_concurrency": 1},
        "builds": [build("api", "ignore", 300), build("web", "reject", 60)],
        "workload": {"jobs": [{"id": "a", "build": "api", "submit": 0, "duration": 100, "outcome": "failed"},
            {"id": "w", "build": "web", "submit": 10, "duration": 50, "outcome": "failed"},
            {"id": "c", "build": "api", "submit": 20, "duration": 30, "outcome": "failed", "cancel_at": 600}]}}));
    let a = job(&o, "a");
    assert_eq!((a.status.as_str(), a.finished), ("passed", Some(400.0)));
    let unit: Vec<(f64, &str)> = a.transitions.iter().filter(|t| t.scope != "task").map(|t| (t.at, t.status.as_str())).collect();
    assert_eq!(unit[unit.len() - 3..], [(100.0, "failed"), (100.0, "wait_for_manual_error_handling"), (400.0, "unstable")], "{unit:?}");
    assert!(a.transitions.last().is_some_and(|t| t.status == "passed"));
    assert_eq!((&a.backend["stages"][0]["status"], &a.backend["stages"][0]["jobs"][0]["status"]), (&json!("unstable"), &json!("unstable")));
    let held = a.waits.iter().find(|w| w.reason.starts_with("error policy manual_check")).unwrap_or_else(|| panic!("{:?}", a.waits));
    assert_eq!((held.from, held.to), (100.0, 400.0));
    let requested_at = |t: f64| o.nodes[0].cpu_series.iter().take_while(|(at, _)| *at <= t).last().map_or(0, |(_, m)| *m);
    assert_eq!((requested_at(99.0), requested_at(100.0), requested_at(399.0)), (1000, 0, 0), "the pod is gone while the decision is awaited: {:?}", o.nodes[0].cpu_series);
    // The next task waits for the decision under the workflow concurrency, then its failure is rejected.
    let w = job(&o, "w");
    assert_eq!((w.started, w.status.as_str(), w.finished), (Some(400.0), "failed", Some(510.0)));
    assert!(w.waits.iter().any(|x| x.reason == "workflow concurrency 1 reached" && x.to == 400.0), "{:?}", w.waits);
    assert!(w.transitions.last().is_some_and(|t| t.status == "failed"));
    let rejected = w.transitions.iter().rev().find(|t| t.scope != "task").unwrap();
    assert_eq!((rejected.at, rejected.status.as_str()), (510.0, "failed"));
    assert!(rejected.note.contains("rejected by hand"), "{}", rejected.note);
    // A cancel while the decision is awaited ends it there.
    let c = job(&o, "c");
    assert_eq!((c.status.as_str(), c.finished), ("cancelled", Some(600.0)));
}

/// Two runs of one build can be decided apart: a job's own `decision` and `decision_after`
/// each take the place of the build's, and a build that gives none leaves it to every job.
#[test]
fn zadig_manual_check_takes_each_jobs_own_decision() {
    let build = |name: &str, policy: Value| {
        let mut b = zadig_build(name, json!({"timeout": 60, "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}}));
        b["error_policy"] = policy;
        b
    };
    let failing = |id: &str, build: &str, submit: u32, pins: Value| {
        let mut j = json!({"id": id, "build": build, "submit": submit, "duration": 100, "outcome": "failed"});
        j.as_object_mut().unwrap().extend(pins.as_object().unwrap().clone());
        j
    };
    let o = run(json!({"clusters": one_node(8000), "zadig": {"workflow_concurrency": 4},
        "builds": [build("api", json!({"policy": "manual_check", "decision": "reject", "decision_after": 120})), build("web", json!({"policy": "manual_check"}))],
        "workload": {"jobs": [failing("built", "api", 0, json!({})), failing("ignored", "api", 0, json!({"decision": "ignore"})),
            failing("sooner", "api", 0, json!({"decision_after": 10})), failing("own", "web", 0, json!({"decision": "ignore", "decision_after": 30}))]}}));
    let ends = |id: &str| (job(&o, id).status.as_str(), job(&o, id).finished);
    assert_eq!([ends("built"), ends("ignored"), ends("sooner"), ends("own")], [("failed", Some(220.0)), ("passed", Some(220.0)), ("failed", Some(110.0)), ("passed", Some(130.0))]);
    let last_unit = |id: &str| job(&o, id).transitions.iter().rev().find(|t| t.scope != "task").map(|t| t.status.clone());
    assert_eq!(last_unit("ignored").as_deref(), Some("unstable"));
}

#[test]
fn zadig_cancel_stops_a_running_task() {
    let o = run(json!({"clusters": one_node(4000), "builds": [zadig_build("a", json!({"timeout": 60}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 500, "cancel_at": 100}]}}));
    assert_eq!(job(&o, "j").status, "cancelled");
    assert_eq!(job(&o, "j").finished, Some(100.0));
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

/// A job's steps read job task by job task, each's runs in order, as Zadig lists its job tasks:
/// not in the order the runs ended, which would put service b's first run before a's retry.
#[test]
fn a_zadig_jobs_steps_read_job_task_by_job_task() {
    let mut build = zadig_build("a", json!({"timeout": 60}));
    build["definition"]["services"] = json!([{"service_name": "a", "service_module": "a"}, {"service_name": "b", "service_module": "b"}]);
    build["error_policy"] = json!({"policy": "retry", "maximum_retry": 1});
    let o = run(json!({"clusters": one_node(8000), "builds": [build],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "attempts": [{"outcome": "failed", "duration": 30}, {"duration": 60}]}]}}));
    let j = job(&o, "j");
    let runs: Vec<(&str, u32, f64)> = j.steps.iter().filter(|s| s.name.ends_with("-tool-install")).map(|s| (s.name.as_str(), s.attempt, s.start)).collect();
    assert_eq!(runs, [("a-tool-install", 1, 0.0), ("a-tool-install", 2, 30.0), ("b-tool-install", 1, 0.0), ("b-tool-install", 2, 30.0)]);
    let text = simulate::text::job_report(j);
    let first_b = text.find("attempt 1  b-tool-install").expect("b's steps are listed");
    assert!(text.find("attempt 2  a-tool-install").is_some_and(|a| a < first_b), "{text}");
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
    let found: Vec<(&str, &str)> = prepared.findings.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
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

/// A task whose job tasks all fail as they prepare ends once and frees its place: the task
/// after it runs, under a workflow concurrency of 1, whatever its error policy. (Found by
/// fuzzing: each failing job task started the next, which ended at once and finished the task,
/// and then the one before finished it again, so the count of running tasks went below zero.)
#[test]
fn a_task_whose_pods_are_all_refused_frees_its_place_once() {
    for (policy, status) in [("stop", "failed"), ("ignore_error", "passed"), ("retry", "failed")] {
        let mut b = zadig_build("r", json!({"timeout": 5, "resource_spec": {"cpu_limit": 2000, "cpu_req": 2001, "memory_limit": 1024}}));
        b["definition"]["services"] = json!([{"service_name": "a", "service_module": "a"}, {"service_name": "b", "service_module": "b"}, {"service_name": "c", "service_module": "c"}]);
        b["error_policy"] = json!({"policy": policy, "maximum_retry": 1});
        let o = run(json!({"clusters": one_node(4000), "builds": [b], "zadig": {"workflow_concurrency": 1},
            "workload": {"jobs": [{"id": "first", "build": "r", "submit": 0}, {"id": "second", "build": "r", "submit": 10}]}}));
        for (id, at) in [("first", 0.0), ("second", 10.0)] {
            let j = job(&o, id);
            assert_eq!((j.status.as_str(), j.finished, j.wait), (status, Some(at), 0.0), "{policy}: {id}: {:?}", j.transitions);
            assert_eq!(j.transitions.iter().filter(|t| t.scope == "task" && t.status == status).count(), 1, "{policy}: {id} ends once: {:?}", j.transitions);
        }
    }
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

/// With a job concurrency of 1 Zadig runs a stage's jobs one by one and returns at the first
/// that fails (`RunJobs`): the services after it never run, the task fails then, and a cancel
/// leaves them unrun too. A job `ignore_error` turns `unstable` does not stop the others.
#[test]
fn zadig_job_concurrency_one_stops_the_stage_at_the_first_failure() {
    let services: Vec<Value> = ["a", "b", "c"].iter().map(|s| json!({"service_name": s, "service_module": s})).collect();
    let scenario = |policy: Value, job: Value| {
        let mut b = zadig_build("multi", json!({"timeout": 60}));
        b["definition"]["services"] = json!(services);
        b["error_policy"] = policy;
        run(json!({"clusters": one_node(8000), "zadig": {"job_concurrency": 1}, "builds": [b], "workload": {"jobs": [job]}}))
    };
    let o = scenario(json!({"policy": "stop"}), json!({"id": "j", "build": "multi", "submit": 0, "duration": 60, "outcome": "failed"}));
    let j = job(&o, "j");
    assert_eq!((j.status.as_str(), j.finished, j.attempts), ("failed", Some(60.0), 1));
    let statuses: Vec<&Value> = j.backend["stages"][0]["jobs"].as_array().unwrap().iter().map(|t| &t["status"]).collect();
    assert_eq!(statuses, [&json!("failed"), &json!("created"), &json!("created")], "{}", j.backend);
    assert_eq!(j.backend["stages"][0]["jobs"][1]["start_time"], Value::Null);
    assert!(j.waits.iter().all(|w| w.to == 60.0), "{:?}", j.waits);
    let last = j.transitions.last().unwrap();
    assert_eq!((last.status.as_str(), last.at), ("failed", 60.0));
    assert!(last.note.contains("the rest did not run"), "{}", last.note);

    let ignored = scenario(json!({"policy": "ignore_error"}), json!({"id": "j", "build": "multi", "submit": 0, "duration": 60, "outcome": "failed"}));
    let j = job(&ignored, "j");
    assert_eq!((j.status.as_str(), j.finished, j.attempts), ("passed", Some(180.0), 3));

    let cancelled = scenario(json!({"policy": "stop"}), json!({"id": "j", "build": "multi", "submit": 0, "duration": 60, "cancel_at": 90}));
    let j = job(&cancelled, "j");
    let statuses: Vec<&Value> = j.backend["stages"][0]["jobs"].as_array().unwrap().iter().map(|t| &t["status"]).collect();
    assert_eq!(statuses, [&json!("passed"), &json!("cancelled"), &json!("created")], "{}", j.backend);
    assert_eq!((j.status.as_str(), j.finished), ("cancelled", Some(90.0)));
}
