//! What a scenario is refused or warned for, at the field that says it.

use super::*;

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

/// A Rainbond build request without `repo_url` changes nothing of its component's source, so
/// the builder clones the component's stored repository at its stored branch (the request's
/// `branch` unused), and the log says so rather than that there is nothing to download.
#[test]
fn a_rainbond_build_without_repo_url_clones_the_components_own_repository() {
    let rb = json!({"name": "rb", "definition": {"branch": "main"}, "rainbond": {"kind": "source"}});
    let o = run(json!({"clusters": [{"name": "c", "nodes": [{"name": "x", "cpu": 4000, "memory": 8192, "builder": true}]}], "builds": [rb],
        "workload": {"jobs": [{"id": "r", "build": "rb", "submit": 0}]}}));
    let lines: Vec<String> = job(&o, "r").logs.iter().filter(|l| l.step == "clone-code").map(|l| l.text.clone()).collect();
    assert_eq!(lines[0], "Cloning the component's own repository at its own branch (the request gives no repo_url)");
    assert!(lines[1].starts_with("HEAD is now at "), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("Checking out branch 'main'")), "{lines:?}");
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
    let unused = json!({"clusters": [{"name": "prod", "nodes": [{"name": "n", "cpu": 4000, "memory": 8192, "builder": true}]}], "runners": [{"name": "r"}],
        "builds": [zadig_build("a", json!({"timeout": 60})), {"name": "n", "semantics": "nuon", "definition": {"git_ref": "main"}}, rb_build("rb", "source")],
        "workload": {"jobs": [{"build": "a", "submit": 0, "attempts": [{"pickup_delay": 5}]}, {"build": "n", "submit": 0, "services": ["x"], "workflow": "w"},
            {"build": "rb", "submit": 0, "duration": 60, "cancel_at": 10}]}});
    let prepared = scenario::parse(&unused.to_string()).unwrap();
    let found: Vec<(&str, &str)> = prepared.findings.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert_eq!(found, [("/workload/jobs/0/attempts/0/pickup_delay", "field-not-used"), ("/workload/jobs/1/services", "field-not-used"), ("/workload/jobs/1/workflow", "field-not-used"), ("/workload/jobs/2/cancel_at", "field-not-used")]);
    assert!(prepared.findings[1].message.ends_with("this job runs under Nuon's rules, so it is left out."));
    // Each says where it is in the text, as the definitions' findings do.
    assert!(prepared.findings.iter().all(|d| d.position.is_some()), "{:?}", prepared.findings.iter().collect::<Vec<_>>());
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    assert_eq!((o.jobs[2].status.as_str(), o.jobs[2].finished), ("success", Some(60.0)));
    let typo = scenario::parse(r#"{"clusterz": []}"#).unwrap_err();
    assert!(typo[0].message.contains("clusterz") && typo[0].message.ends_with("Did you mean `clusters`?"), "{typo:?}");
    // Every field of the wrong kind or unknown is reported in one reading, each where it is.
    let several = json!({"clusters": [{"name": "p", "nodes": [{"name": "n", "cpu": "4 cores"}]}],
        "builds": [{"name": "a", "build_script": "make", "repos": []}],
        "workload": {"jobs": [{"build": "a", "at": 0}, "b", {"build": "a", "submit": "0:05:00"}]}});
    let problems = scenario::parse(&several.to_string()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/clusters/0/nodes/0/cpu", "/builds/0/build_script", "/builds/0/repos", "/workload/jobs/0/at", "/workload/jobs/1", "/workload/jobs/2/submit"]);
    // A request's field and a field of the stored build a request may be copied from (`repos`) alike.
    assert!(problems[1..3].iter().all(|p| p.message.ends_with("under `definition`.")), "{problems:?}");
    assert!(problems[3].message.ends_with("Did you mean `submit`?"), "{problems:?}");
    assert!(problems[4].message.ends_with("expected an object."), "{problems:?}");
    // A part written as a list where it is an object is refused rather than read field by field
    // in order (`[2, 5]` as both of Zadig's concurrencies, `[]` as no jobs), and a list written
    // as an object keyed by name is told how the list is written; all in the order written.
    let listed = json!({"cluster": {"name": "c"}, "workload": [{"build": "a", "submit": 0}], "builds": {"a": {"definition": {}}}, "zadig": [2, 5]});
    let problems = scenario::parse(&listed.to_string()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/cluster", "/workload", "/builds", "/zadig"], "{problems:?}");
    assert!(problems[1].message.ends_with("the workload holds a list of `jobs` and one of `arrivals` ({\"workload\": {\"jobs\": [{\"build\": \"api\", \"submit\": 0}]}})."), "{problems:?}");
    assert!(problems[2].message.starts_with("invalid type: map, expected an array: one entry per build, each naming it"), "{problems:?}");
    assert!(problems[3].message.contains("`zadig` holds Zadig's queue settings"), "{problems:?}");
    let empty = scenario::parse(r#"{"workload": [], "clusters": [{"name": "c", "nodes": [{"name": "n"}]}]}"#).unwrap_err();
    assert_eq!(empty.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(), ["/workload"], "{empty:?}");
    // So is one deeper down: a node row of values in order would have been a node of 3m CPU
    // named `build`, an error policy `[2, true]` two retries ignoring errors.
    let deep = json!({"clusters": [{"name": "c", "nodes": [["build", 3, 4000, 8192]]}],
        "builds": [{"name": "a", "definition": {}, "error_policy": [2, true]}],
        "workload": {"jobs": [{"build": "a", "submit": 0, "attempts": [["passed"]]}, ["a", 60]]}});
    let problems = scenario::parse(&deep.to_string()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/clusters/0/nodes/0", "/builds/0/error_policy", "/workload/jobs/0/attempts/0", "/workload/jobs/1"], "{problems:?}");
    assert_eq!(problems[0].message, "invalid type: sequence, expected an object with its fields named, not a list of their values: {\"name\": \"n\", \"count\": 3, \"cpu\": 4000, \"memory\": 8192}.");
    assert_eq!(problems[1].message, "invalid type: sequence, expected an object: `error_policy` is Zadig's, a policy and its setting ({\"policy\": \"retry\", \"maximum_retry\": 2}).");
    assert_eq!(problems[2].message, "invalid type: sequence, expected an object with its fields named, not a list of their values.");
    assert!(problems[3].message.ends_with("not a list of their values: {\"build\": \"api\", \"submit\": 0}."), "{problems:?}");
    // A value of the wrong kind deep inside is placed by its JSON pointer, on its own line.
    let deep = "{\n  \"builds\": [\n    {\"name\": \"a\", \"semantics\": \"gitlab\", \"definition\": {}}\n  ]\n}";
    let problems = scenario::parse(deep).unwrap_err();
    assert_eq!(problems[0].path, "/builds/0/semantics");
    assert_eq!(problems[0].position.map(|p| p.line), Some(3), "{problems:?}");
    assert!(problems[0].message.contains("gitlab") && problems[0].message.contains("servicestage"), "{problems:?}");
    // A backend's answer (here a Nuon component build, which has its component's id) runs nothing.
    let answer = json!({"builds": [{"name": "web", "definition": {"component_id": "cmp1", "git_ref": "main"}}], "workload": {"jobs": []}});
    let problems = scenario::parse(&answer.to_string()).unwrap_err();
    assert_eq!((problems[0].path.as_str(), problems[0].code.as_str()), ("/builds/0/definition", "not-a-build"));
    assert_eq!(problems[0].message, "This is a Nuon component build, not a build definition: give the build as its backend takes it (a build request or detail).");
}

/// A node's CPU and memory read as numbers in the scenario's units or as Kubernetes quantity
/// strings, as `kubectl describe node` prints them: a string is read as Kubernetes reads it
/// (`"4"` is 4 CPUs, memory without a unit is bytes), so one under a MiB is refused as a slip.
#[test]
fn a_nodes_size_reads_as_a_kubernetes_quantity() {
    let scenario = |cpu: Value, memory: Value| json!({"clusters": [{"name": "prod", "nodes": [{"name": "n", "cpu": cpu, "memory": memory}]}],
        "builds": [zadig_build("a", json!({"timeout": 1, "resource_spec": {"cpu_limit": 3000, "memory_limit": 2048}}))],
        "workload": {"jobs": [{"id": "1", "build": "a", "submit": 0, "duration": 60}]}});
    let prepared = scenario::parse(&scenario(json!("4"), json!("8Gi")).to_string()).unwrap();
    let node = &prepared.scenario.clusters[0].nodes[0];
    assert_eq!((node.cpu, node.memory), (4000, 8192));
    assert_eq!(job(&simulate::simulate(&prepared, 1, Detail::Full), "1").status, "passed");
    // 2.5 CPUs is short of the build's 3000m: it waits, in Kubernetes' words, until its timeout.
    let o = run(scenario(json!("2500m"), json!(8192)));
    assert_eq!((job(&o, "1").status.as_str(), job(&o, "1").finished), ("timeout", Some(60.0)));
    assert!(job(&o, "1").waits[0].reason.starts_with("Insufficient cpu"), "{:?}", job(&o, "1").waits);
    let problems = scenario::parse(&scenario(json!("4 cores"), json!("8192")).to_string()).unwrap_err();
    let at = said(&problems, "");
    assert_eq!(at, [
        ("/clusters/0/nodes/0/cpu", "`4 cores` is not a Kubernetes CPU quantity: write millicores as a number (4000), or a quantity (\"4\" is 4 CPUs, \"500m\" half of one)."),
        ("/clusters/0/nodes/0/memory", "`8192` is 8192 bytes, under one MiB: Kubernetes reads memory without a unit as bytes. Write \"8192Mi\", or the number 8192 for MiB."),
    ]);
    let problems = scenario::parse(&scenario(json!(4.5), json!(true)).to_string()).unwrap_err();
    let at = said(&problems, "");
    assert_eq!(at, [
        ("/clusters/0/nodes/0/cpu", "4.5 is not a whole number: this is millicores (4000 is 4 CPUs) or a Kubernetes quantity (\"4\", \"500m\")."),
        ("/clusters/0/nodes/0/memory", "true is not a whole number: this is MiB (8192 is 8 GiB) or a Kubernetes quantity (\"8Gi\", \"512Mi\")."),
    ]);
}

/// A backend is named as its users write it, whatever the case or separator.
#[test]
fn a_build_names_its_semantics_in_any_case() {
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "cpu": 4000, "memory": 8192}])),
        "builds": [{"name": "s", "semantics": "ServiceStage", "definition": {}}, {"name": "r", "semantics": "Rain-Bond", "definition": {}}],
        "workload": {"jobs": [{"id": "s", "build": "s", "submit": 0, "duration": 60}, {"id": "r", "build": "r", "submit": 0, "duration": 60}]}}));
    assert_eq!((job(&o, "s").semantics, job(&o, "s").status.as_str()), (buildbay_core::Target::ServiceStage, "Successful"));
    assert_eq!((job(&o, "r").semantics, job(&o, "r").status.as_str()), (buildbay_core::Target::Rainbond, "success"));
    // ServiceStage also by its vendor's name, as people call it.
    for name in ["Huawei ServiceStage", "huawei", "huawei-servicestage"] {
        assert_eq!(buildbay_core::Target::parse(name), Some(buildbay_core::Target::ServiceStage), "{name}");
    }
    assert_eq!(buildbay_core::Target::parse("huawei cloud"), None);
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

/// `manual_check` waits for a person, and a run has none: the scenario gives the decision, or is
/// refused saying so; a decision is `ignore` or `reject`; one given under another policy is left
/// out with a warning.
#[test]
fn a_manual_check_needs_the_decision_a_person_would_make() {
    let scenario = |policy: Value| {
        let mut b = zadig_build("web", json!({}));
        b["error_policy"] = policy;
        json!({"clusters": one_node(4000), "builds": [b], "workload": {"jobs": [{"id": "j", "build": "web", "submit": 0, "outcome": "failed"}]}}).to_string()
    };
    let problems = scenario::parse(&scenario(json!({"policy": "manual_check"}))).unwrap_err();
    assert_eq!((problems[0].path.as_str(), problems[0].code.as_str()), ("/builds/0/error_policy/policy", "decision-missing"), "{problems:?}");
    assert!(problems[0].message.contains("`\"decision\": \"ignore\"` (the job task reads `unstable`) or `\"reject\"`"), "{}", problems[0].message);
    let problems = scenario::parse(&scenario(json!({"policy": "manual_check", "decision": "approve", "decision_after": -1}))).unwrap_err();
    let places: Vec<(&str, &str)> = problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert_eq!(places, [("/builds/0/error_policy/decision", "invalid-decision"), ("/builds/0/error_policy/decision_after", "invalid-seconds")]);
    let prepared = scenario::parse(&scenario(json!({"policy": "retry", "maximum_retry": 1, "decision": "ignore"}))).unwrap();
    let stray = prepared.findings.iter().find(|d| d.code == "decision-not-used").unwrap_or_else(|| panic!("{:?}", prepared.findings));
    assert_eq!(stray.path, "/builds/0/error_policy/decision");
    let prepared = scenario::parse(&scenario(json!({"policy": "", "decision_after": 30}))).unwrap();
    let stray = prepared.findings.iter().find(|d| d.code == "decision-not-used").unwrap_or_else(|| panic!("{:?}", prepared.findings));
    assert!(stray.message.ends_with("this build's policy is `stop`: it is left out."), "{}", stray.message);
    // Left out a wait, the decision comes at once.
    let o = run(serde_json::from_str(&scenario(json!({"policy": "manual_check", "decision": "reject"}))).unwrap());
    let unit: Vec<(f64, &str)> = o.jobs[0].transitions.iter().filter(|t| t.scope != "task").map(|t| (t.at, t.status.as_str())).rev().take(3).collect();
    assert_eq!((unit[0].1, unit[1].1, unit[2].1), ("failed", "wait_for_manual_error_handling", "failed"));
    assert!(unit[0].0 == unit[1].0 && o.jobs[0].status == "failed", "{unit:?}");
}

/// A build under `manual_check` may leave the decision to its jobs, but then every job of it
/// must give one: a job, or an arrival, whose jobs give none is named in the refusal. A job's
/// decision is checked as the build's, and left out with a warning where nothing reads it.
#[test]
fn a_manual_check_left_to_the_jobs_needs_every_jobs_decision() {
    let scenario = |policy: Value, jobs: Value, arrivals: Value| {
        let mut b = zadig_build("web", json!({}));
        b["error_policy"] = policy;
        json!({"clusters": one_node(4000), "builds": [b], "workload": {"jobs": jobs, "arrivals": arrivals}}).to_string()
    };
    let manual = json!({"policy": "manual_check"});
    let deciding = json!({"id": "d", "build": "web", "submit": 0, "decision": "ignore"});
    assert!(scenario::parse(&scenario(manual.clone(), json!([deciding.clone()]), json!([]))).is_ok());
    let problems = scenario::parse(&scenario(manual.clone(), json!([deciding.clone(), {"id": "n", "build": "web", "submit": 5}]), json!([]))).unwrap_err();
    assert_eq!((problems[0].path.as_str(), problems[0].code.as_str()), ("/builds/0/error_policy/policy", "decision-missing"), "{problems:?}");
    assert!(problems[0].message.ends_with("here or on each job of build `web`; job `n` (/workload/jobs/1) gives none."), "{}", problems[0].message);
    let problems = scenario::parse(&scenario(manual.clone(), json!([deciding.clone()]), json!([{"builds": ["web"], "per_hour": 6, "until": 3600}]))).unwrap_err();
    assert!(problems[0].message.ends_with("the jobs the arrivals at /workload/arrivals/0 make give none."), "{}", problems[0].message);
    let problems = scenario::parse(&scenario(manual.clone(), json!([{"id": "d", "build": "web", "submit": 0, "decision": "approve", "decision_after": -1}]), json!([]))).unwrap_err();
    let places: Vec<(&str, &str)> = problems.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert_eq!(places, [("/workload/jobs/0/decision", "invalid-decision"), ("/workload/jobs/0/decision_after", "invalid-seconds")]);
    // Under another policy, or another backend's rules, a job's decision is left out.
    let prepared = scenario::parse(&scenario(json!({"policy": "retry", "maximum_retry": 1}), json!([deciding.clone()]), json!([]))).unwrap();
    let stray = prepared.findings.iter().find(|d| d.code == "decision-not-used").unwrap_or_else(|| panic!("{:?}", prepared.findings));
    assert_eq!(stray.path, "/workload/jobs/0/decision");
    assert!(stray.message.ends_with("its build's policy is `retry`: it is left out."), "{}", stray.message);
    let prepared = scenario::parse(&scenario(manual, json!([deciding, {"id": "s", "build": "web", "submit": 0, "semantics": "servicestage", "decision_after": 5}]), json!([]))).unwrap();
    let stray = prepared.findings.iter().find(|d| d.code == "decision-not-used").unwrap_or_else(|| panic!("{:?}", prepared.findings));
    assert_eq!(stray.path, "/workload/jobs/1/decision_after");
    assert!(stray.message.contains("this job runs under ServiceStage's rules, which have no error policy"), "{}", stray.message);
}

/// A Zadig job naming a service its build does not have is refused at that name: it would
/// otherwise run no job task and pass at once. Named services that exist run alone.
#[test]
fn a_zadig_job_naming_a_service_its_build_lacks_is_refused_there() {
    let services: Vec<Value> = ["web", "api"].iter().map(|s| json!({"service_name": s, "service_module": s})).collect();
    let multi = json!({"definition": {"name": "multi", "project_key": "p", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "make", "services": services}});
    let scenario = |jobs: Value| json!({"clusters": cluster(json!([{"name": "n", "cpu": 8000, "memory": 8192}])),
        "builds": [multi.clone(), zadig_build("solo", json!({})), {"name": "rb", "semantics": "rainbond", "definition": {}}],
        "workload": {"jobs": jobs}});
    let bad = scenario(json!([{"build": "multi", "services": ["web", "worker"]}, {"build": "solo", "services": ["solo", "x"]},
        {"build": "rb", "semantics": "zadig", "services": ["rb"]}, {"build": "rb", "services": ["ignored"]}, {"build": "multi", "services": ["apis"]}]));
    let problems = scenario::parse(&bad.to_string()).unwrap_err();
    let found = said(&problems, "");
    assert_eq!(found, [
        ("/workload/jobs/0/services/1", "Build `multi` has no service `worker` (its services: `web`, `api`)."),
        ("/workload/jobs/1/services/1", "Build `solo` has no service `x` (its services: `solo`)."),
        ("/workload/jobs/2/services/0", "Build `rb` has no service `rb` (it names none, so leave `services` out)."),
        ("/workload/jobs/4/services/0", "Build `multi` has no service `apis` (its services: `web`, `api`). Did you mean `api`?"),
        // The warnings found beside the errors come along, after them.
        ("/workload/jobs/3/services", "`services` picks a Zadig build's services; this job runs under Rainbond's rules, so it is left out."),
    ]);
    assert_eq!(problems[4].severity, buildbay_core::diagnostic::Severity::Warning);
    // A request's services written as the detail's `target_services` do not read, so the job's
    // service is refused: the warning that says why comes with the error, and says it is one.
    let mut misnamed = multi.clone();
    misnamed["definition"]["target_services"] = misnamed["definition"]["services"].take();
    let text = json!({"clusters": cluster(json!([{"name": "n", "cpu": 8000, "memory": 8192}])), "builds": [misnamed],
        "workload": {"jobs": [{"build": "multi", "services": ["web"]}]}}).to_string();
    let lines = buildbay_core::simulate::compare::lines(&Alternative::ExtraNodes(1).prepare(&text, &Default::default()).unwrap_err().problems);
    assert!(lines.contains("/workload/jobs/0/services/0 (line 1, column") && lines.contains(": Build `multi` has no service `web`"), "{lines}");
    assert!(lines.contains("/builds/0/definition/target_services (line 1, column") && lines.contains(": Warning: Zadig does not read \"target_services\""), "{lines}");
    let o = run(scenario(json!([{"id": "w", "build": "multi", "services": ["api"], "duration": 60}])));
    let jobs = &job(&o, "w").backend["stages"][0]["jobs"];
    assert_eq!(jobs.as_array().map(Vec::len), Some(1), "{jobs}");
    assert_eq!(jobs[0]["job_info"]["service_name"], "api");
    // The one job task builds `api` throughout: its key, its steps and its log are the second
    // service's, not the build's first.
    assert_eq!(jobs[0]["key"], "build.api.api");
    let w = job(&o, "w");
    let steps: Vec<&str> = w.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(steps, ["api-tool-install", "api-shell", "api-archive"]);
    assert!(w.logs.iter().all(|l| l.step.starts_with("api-")), "{:?}", w.logs);
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
    let said: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(said[..2], ["Give a number of seconds between 0 and 1000000000, not -1.", "Give a number of seconds between 0 and 1000000000, not 1000000000000."]);
    let huge = scenario::parse(r#"{"workload": {"jobs": [{"build": "w", "submit": 1e300}]}}"#).unwrap_err();
    assert!(huge.iter().any(|d| d.message == "Give a number of seconds between 0 and 1000000000, not 1e300."), "{huge:?}");
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
    let cases = [
        (zadig(4_000_000_000), "/builds/0/error_policy/maximum_retry", "`maximum_retry` can be at most 99"),
        (nuon(101), "/builds/0/nuon/max_executions", "`max_executions` can be at most 100"),
        // Nor can it be 0, which Nuon never makes and which would never run the job.
        (nuon(0), "/builds/0/nuon/max_executions", "`max_executions` must be at least 1"),
    ];
    for (scenario, path, field) in cases {
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

/// A row of billions of nodes is refused as the scenario is read, before any node is made: the
/// capacity warnings of a Zadig or ServiceStage build once made the whole row first, filling
/// memory (24 GB before the machine killed the run; in the browser, the page) — found by fuzzing.
#[test]
fn a_row_of_billions_of_nodes_is_refused_before_any_node_is_made() {
    for (count, second) in [(4_000_000_000u32, 1u32), (100_000, 100_000)] {
        let text = json!({"clusters": [{"name": "c", "nodes": [
                {"name": "n", "count": count, "cpu": 2000, "memory": 4096},
                {"name": "m", "count": second, "cpu": 2000, "memory": 4096}]}],
            "builds": [{"definition": {"name": "api", "project_key": "p", "build_script": "make", "infrastructure": "kubernetes",
                "advanced_settings": {"cluster_name": "c", "resource_spec": {"cpu_limit": 64000, "memory_limit": 1024}}}},
                {"definition": {"job_name": "edge", "environment_setting": {"cluster_name": "c", "build_os": {"arch": "aarch64"}}}}],
            "workload": {"jobs": [{"build": "api", "submit": 0}, {"build": "edge", "submit": 0}]}});
        let problems = scenario::parse(&text.to_string()).unwrap_err();
        let codes: Vec<&str> = problems.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"invalid-count") || codes.contains(&"too-many-nodes"), "{problems:?}");
    }
    let clusters: Vec<scenario::ClusterSpec> = serde_json::from_value(json!([{"name": "c", "nodes": [{"name": "n", "count": 100_000, "cpu": 1, "memory": 1}]}])).unwrap();
    assert!(scenario::nodes_within_limits(&clusters));
    let over: Vec<scenario::ClusterSpec> = serde_json::from_value(json!([{"name": "c", "nodes": [{"name": "n", "count": 100_000, "cpu": 1, "memory": 1}, {"name": "m", "count": 1, "cpu": 1, "memory": 1}]}])).unwrap();
    assert!(!scenario::nodes_within_limits(&over));
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

/// A scenario saved as a file without the opt-in carries no secret: each secret value of its
/// builds and templates reads `********` where the text had it, and nothing else changes.
#[test]
fn a_scenario_saved_without_secrets_masks_them_where_they_were_written() {
    let build = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds/zadig-build.json")).unwrap();
    let template = r#"{"name": "go", "build_script": "make", "parameters": [{"key": "TOKEN", "default_value": "t0ken", "type": "string", "is_credential": true}]}"#;
    let rainbond = r#"{"repo_url": "https://git.example.com/acme/ui.git", "branch": "main", "username": "ci", "password": "pa55"}"#;
    let text = format!(
        r#"{{"seed": 3, "builds": [{{"name": "api", "definition": {build}}}, {{"name": "ui", "semantics": "rainbond", "definition": {rainbond}}}, {{"name": "web", "definition": {{"git_ref": "main"}}}}], "templates": [{template}], "workload": {{"jobs": [{{"id": "a", "build": "api", "submit": 0}}]}}}}"#
    );
    assert_eq!(scenario::holds_secrets(&text), Some(true));
    let (out, masked) = scenario::without_secrets(&text).unwrap();
    assert_eq!(masked, 3, "two builds and a template held secrets: {out}");
    for secret in ["abc123", "pa55", "t0ken"] {
        assert!(!out.contains(secret), "{secret} in {out}");
    }
    assert_eq!(scenario::holds_secrets(&out), Some(false));
    let expected = text.replace("\"abc123\"", "\"********\"").replace("\"pa55\"", "\"********\"").replace("\"t0ken\"", "\"********\"");
    let read = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
    assert_eq!(read(&out), read(&expected), "only the secrets changed");
    // Masking again finds nothing: the text comes back as it is.
    assert_eq!(scenario::without_secrets(&out).unwrap(), (out.clone(), 0));
}

/// A text without secrets is saved exactly as typed; one that is not a JSON object says why.
#[test]
fn a_scenario_without_secrets_is_saved_as_typed() {
    let typed = "{ \"seed\":3,\n  \"workload\": {\"jobs\": []} }";
    assert_eq!(scenario::without_secrets(typed).unwrap(), (typed.to_string(), 0));
    assert!(scenario::without_secrets("{\"seed\": ").unwrap_err().starts_with("The scenario is not JSON yet (line 1"));
    assert_eq!(scenario::without_secrets("[1]").unwrap(), ("[1]".to_string(), 0), "not a scenario, and no secret either");
}

/// A secret the definition does not write as a string of its own (Rainbond's `password` given
/// as a number, which Django REST framework reads as text) still leaves: that definition is
/// written again as its backend's request, masked.
#[test]
fn a_secret_not_written_as_a_string_is_masked_by_writing_the_request_again() {
    let text = r#"{"builds": [{"name": "ui", "semantics": "rainbond", "definition": {"repo_url": "https://git.example.com/acme/ui.git", "password": 123456}}]}"#;
    assert_eq!(scenario::holds_secrets(text), Some(true));
    let (out, masked) = scenario::without_secrets(text).unwrap();
    assert_eq!(masked, 1);
    assert!(!out.contains("123456"), "{out}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["builds"][0]["definition"]["password"], "********");
    assert_eq!(value["builds"][0]["definition"]["repo_url"], "https://git.example.com/acme/ui.git");
    assert_eq!(scenario::holds_secrets(&out), Some(false));
}

/// A definition its backend would refuse (a Nuon build request without `git_ref` or
/// `use_latest`, a Zadig build without its infrastructure) still runs — the scenario asks what
/// if — but a warning at the field says the real request would not be accepted, and why.
#[test]
fn a_definition_its_backend_would_refuse_runs_with_a_warning_at_the_field() {
    let scenario = json!({"clusters": one_node(4000), "runners": [{"name": "r"}],
        "builds": [{"name": "n", "semantics": "nuon", "definition": {"use_latest": false}},
                   {"name": "z", "definition": {"name": "z", "project_key": "p", "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "make"}},
                   {"name": "ok", "semantics": "nuon", "definition": {"use_latest": true}}],
        "workload": {"jobs": [{"id": "n", "build": "n", "submit": 0, "duration": 60}, {"id": "z", "build": "z", "submit": 0, "duration": 60},
                              {"id": "ok", "build": "ok", "submit": 0, "duration": 60}]}});
    let text = serde_json::to_string_pretty(&scenario).unwrap();
    let prepared = scenario::parse(&text).unwrap();
    let found = said(&prepared.findings, "");
    assert_eq!(found, [
        ("/builds/0/definition/git_ref", "Nuon would refuse this request: git_ref is required unless use_latest is true (Nuon answers \"invalid input for GitRef\"). The simulation runs it as written."),
        ("/builds/1/definition/infrastructure", "Zadig would refuse this request: The infrastructure (kubernetes or vm) is required. The simulation runs it as written."),
    ]);
    assert!(prepared.findings.iter().all(|d| d.severity == buildbay_core::Severity::Warning && d.position.is_some()), "{:?}", prepared.findings.iter().collect::<Vec<_>>());
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    assert_eq!(o.jobs.iter().map(|j| j.status.as_str()).collect::<Vec<_>>(), ["finished", "passed", "finished"]);
}

/// What the build editor's capacity lints say of a build, the scenario says before its run
/// (on stderr, or above the Simulator's results), at the definition's own field: a request no
/// node holds, an architecture no node has, a strategy whose labels no node carries. A build
/// that fits gets none, nor do Nuon and Rainbond builds, which run on a runner or in a slot.
#[test]
fn a_build_that_would_wait_until_its_timeout_is_said_to_before_the_run() {
    let big = zadig_build("big", json!({"timeout": 5, "resource_spec": {"cpu_limit": 8000, "memory_limit": 1024}}));
    let fits = zadig_build("fits", json!({"timeout": 5, "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}}));
    let pinned = zadig_build("pinned", json!({"timeout": 5, "strategy_name": "nowhere"}));
    let arm = json!({"name": "arm", "definition": {"job_name": "arm-build", "environment_setting": {"cluster_name": "prod", "build_os": {"arch": "aarch64"}}}});
    let other = [json!({"name": "n", "definition": {"git_ref": "main"}}), json!({"name": "r", "semantics": "rainbond", "definition": {}, "rainbond": {"arch": "aarch64"}})];
    let scenario = json!({"clusters": cluster(json!([{"name": "n", "count": 2, "cpu": 4000, "memory": 8192}])), "runners": [{"name": "org-runner"}],
        "builds": [big, fits, pinned, arm, other[0], other[1]],
        "workload": {"jobs": [{"id": "b", "build": "big", "submit": 0}, {"id": "a", "build": "arm", "submit": 0}]}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let found: Vec<(&str, &str)> = prepared.findings.iter().filter(|d| d.code.starts_with("capacity-")).map(|d| (d.path.as_str(), d.code.as_str())).collect();
    assert_eq!(found, [
        ("/builds/0/definition/advanced_settings/resource_spec", "capacity-request-fits-no-node"),
        ("/builds/2/definition/advanced_settings/strategy_name", "capacity-strategy-matches-no-node"),
        ("/builds/3/definition/environment_setting/build_os/arch", "capacity-arch-matches-no-node"),
    ], "{:?}", prepared.findings.iter().collect::<Vec<_>>());
    // (The Rainbond build for an architecture no node has is answered 404 at once, not kept waiting.)
    let message = |i: usize| prepared.findings.iter().filter(|d| d.code.starts_with("capacity-")).nth(i).unwrap().message.clone();
    assert_eq!(message(0), "Build `big` requests 8000m CPU, 1024 MiB memory — more than any node of cluster prod offers (each of its 2 nodes has 4000m CPU and 8192 MiB). It would wait until its timeout (5 min) and end `timeout`.");
    assert_eq!(message(2), "Build `arm` builds on aarch64, and no node of cluster prod is aarch64 (its nodes are x86_64); it would wait until its timeout (60 min) and end `Timeout`.");
    // And the run bears them out.
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    assert_eq!((job(&o, "b").status.as_str(), job(&o, "b").finished), ("timeout", Some(300.0)));
    assert_eq!((job(&o, "a").status.as_str(), job(&o, "a").finished), ("Timeout", Some(3600.0)));
}

/// A Zadig build that never fits ends as its error policy has it, and its warning says so
/// rather than promising a plain `timeout`: retried, each run waits its timeout (three runs of 5
/// minutes end at 15); ignored, the timeout is `unstable` and the task `passed`.
#[test]
fn a_build_that_never_fits_is_warned_of_as_its_error_policy_ends_it() {
    let big = |name: &str, policy: Value| {
        let mut b = zadig_build(name, json!({"timeout": 5, "resource_spec": {"cpu_limit": 8000, "memory_limit": 1024}}));
        b["error_policy"] = policy;
        b
    };
    let scenario = json!({"clusters": one_node(4000), "zadig": {"workflow_concurrency": 6},
        "builds": [big("retried", json!({"policy": "retry", "maximum_retry": 2})), big("ignored", json!({"policy": "ignore_error"})),
                   big("once", json!({"policy": "retry", "maximum_retry": 1})), big("never", json!({"policy": "retry"})),
                   big("checked", json!({"policy": "manual_check", "decision": "ignore", "decision_after": 90})), big("each", json!({"policy": "manual_check"}))],
        "workload": {"jobs": [{"id": "r", "build": "retried", "submit": 0}, {"id": "i", "build": "ignored", "submit": 0},
                              {"id": "o", "build": "once", "submit": 0}, {"id": "n", "build": "never", "submit": 0},
                              {"id": "m", "build": "checked", "submit": 0}, {"id": "e", "build": "each", "submit": 0, "decision": "reject"}]}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let endings: Vec<&str> = prepared.findings.iter().filter(|d| d.code == "capacity-request-fits-no-node").map(|d| d.message.split(". It ").nth(1).unwrap()).collect();
    assert_eq!(endings, [
        "would wait until its timeout (5 min) and end `timeout` — on each of its 3 runs, since its error policy retries it 2 times: 15 min in all.",
        "would wait until its timeout (5 min) and end `timeout`, which its error policy `ignore_error` turns into `unstable` (its task ends `passed`).",
        "would wait until its timeout (5 min) and end `timeout` — on each of its 2 runs, since its error policy retries it 1 time: 10 min in all.",
        "would wait until its timeout (5 min) and end `timeout`.",
        "would wait until its timeout (5 min) and end `timeout`, which its error policy `manual_check` holds as `wait_for_manual_error_handling` until the scenario's decision, 0:01:30 later, has it ignored: `unstable`, its task `passed`.",
        "would wait until its timeout (5 min) and end `timeout`, which its error policy `manual_check` holds as `wait_for_manual_error_handling` until each job's decision (`decision` on the job) has it ignored (`unstable`, its task `passed`) or rejected (`timeout`).",
    ]);
    // And the run bears them out.
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    let ends = |id: &str| (job(&o, id).status.as_str(), job(&o, id).finished);
    assert_eq!([ends("r"), ends("i"), ends("o"), ends("n"), ends("m"), ends("e")], [("timeout", Some(900.0)), ("passed", Some(300.0)), ("timeout", Some(600.0)), ("timeout", Some(300.0)), ("passed", Some(390.0)), ("timeout", Some(300.0))]);
}

/// A generated workload's 20,000 jobs may all name a misspelt build: the first hundred
/// problems are listed, each placed, and one line says how many more there are (one line each,
/// each located in a text of megabytes, took 36 s and would bury the rest). Where it must
/// choose, an error is kept before a warning, since the error is why nothing ran.
#[test]
fn past_a_hundred_problems_one_line_says_how_many_more() {
    let build = json!({"name": "w", "definition": {"git_ref": "main"}});
    let jobs: Vec<Value> = (0..20_000).map(|i| json!({"build": "missng", "submit": i})).collect();
    let text = serde_json::to_string_pretty(&json!({"builds": [build], "workload": {"jobs": jobs}})).unwrap();
    let problems = scenario::parse(&text).unwrap_err();
    assert_eq!(problems.len(), scenario::MAX_LISTED + 1);
    assert!(problems[..100].iter().all(|d| d.code == "unknown-build" && d.position.is_some()), "{:?}", &problems[..2]);
    assert_eq!(problems[99].path, "/workload/jobs/99/build");
    let last = &problems[100];
    assert_eq!((last.path.as_str(), last.position, last.is_error()), ("", None, true));
    assert_eq!(last.message, "…and 19900 more (20000 errors in all; the first 100 are listed). Fix these and run again to see the rest.");
    // The Simulator lists that line without a place: it is about the list, not the text.
    let listed = buildbay_core::simulate::compare::listed(None, Some(buildbay_core::simulate::compare::Side::A), &problems);
    assert_eq!((listed[99].place.as_str(), listed[100].place.as_str()), ("/workload/jobs/99/build (line 409, column 9)", ""));
    // 150 jobs give a field Nuon has no use for (warnings), and the last names no build.
    let mut jobs: Vec<Value> = (0..150).map(|i| json!({"build": "w", "submit": i, "services": ["api"]})).collect();
    jobs.push(json!({"build": "missng", "submit": 0}));
    let problems = scenario::parse(&json!({"builds": [build], "workload": {"jobs": jobs.clone()}}).to_string()).unwrap_err();
    assert_eq!(problems.len(), 101);
    assert_eq!(problems.iter().filter(|d| d.is_error()).map(|d| d.path.as_str()).collect::<Vec<_>>(), ["/workload/jobs/150/build", ""], "the error is kept");
    assert!(problems[100].message.starts_with("…and 51 more (1 error and 150 warnings in all;"), "{}", problems[100].message);
    // Without the error, the run goes ahead with its findings listed the same way, as a warning.
    jobs.pop();
    let prepared = scenario::parse(&json!({"builds": [build], "workload": {"jobs": jobs}}).to_string()).unwrap();
    let findings: Vec<&buildbay_core::Diagnostic> = prepared.findings.iter().collect();
    assert_eq!(findings.len(), 101);
    assert_eq!((findings[100].is_error(), findings[100].message.starts_with("…and 50 more (150 warnings in all;")), (false, true), "{:?}", findings[100]);
    assert_eq!(run(json!({"builds": [build], "workload": {"jobs": [{"id": "1", "build": "w", "submit": 0, "services": ["api"]}]}})).jobs.len(), 1);
    // The builds' findings count too: 150 definitions with a field Nuon does not read.
    let builds: Vec<Value> = (0..150).map(|i| json!({"name": format!("b{i}"), "definition": {"git_ref": "main", "colour": "red"}})).collect();
    let prepared = scenario::parse(&json!({"builds": builds, "workload": {"jobs": [{"build": "b0", "submit": 0}]}}).to_string()).unwrap();
    assert_eq!(prepared.findings.len(), 101);
    assert_eq!((prepared.findings[99].path.as_str(), prepared.findings[100].message.starts_with("…and 50 more (150 warnings")), ("/builds/99/definition/colour", true));
}

/// Unknown fields and values of the wrong kind are read one reading each, so the reading stops
/// at twenty; when there are more, a last line says so (the list stopped silently at twenty, and
/// an admin who fixed those met twenty more as if new), and at exactly twenty none does.
#[test]
fn a_reading_stopped_at_twenty_wrong_fields_says_there_are_more() {
    let build = json!({"name": "w", "definition": {"git_ref": "main"}});
    let scenario = |n: usize| {
        let jobs: Vec<Value> = (0..n).map(|i| json!({"build": "w", "submit_at_s": i})).collect();
        serde_json::to_string_pretty(&json!({"builds": [build], "workload": {"jobs": jobs}})).unwrap()
    };
    let problems = scenario::parse(&scenario(150)).unwrap_err();
    assert_eq!(problems.len(), 21);
    assert!(problems[..20].iter().all(|d| d.code == "invalid-scenario" && d.position.is_some()), "{:?}", &problems[..2]);
    assert_eq!(problems[19].path, "/workload/jobs/19/submit_at_s");
    let last = &problems[20];
    assert_eq!((last.path.as_str(), last.code.as_str(), last.position, last.is_error()), ("", scenario::MORE_PROBLEMS, None, true));
    assert_eq!(last.message, "…and more: the reading stopped after 20 unknown fields and values of the wrong kind. Fix these and run again to see the rest.");
    let exactly = scenario::parse(&scenario(20)).unwrap_err();
    assert_eq!(exactly.len(), 20, "{:?}", exactly.last());
    assert!(exactly.iter().all(|d| d.code == "invalid-scenario"));
}

/// A scenario saved by an editor that writes a byte-order mark reads, and its problems stand
/// where they are, not all at line 1, column 1.
#[test]
fn a_byte_order_mark_leaves_problems_where_they_are() {
    let text = "\u{feff}{\n  \"builds\": [{\"name\": \"g\", \"definition\": {\"git_ref\": \"main\"}}],\n  \"workload\": {\"jobs\": [{\"build\": \"missing\", \"submit\": 0}]}\n}\n";
    let problems = scenario::parse(text).unwrap_err();
    assert_eq!((problems[0].path.as_str(), problems[0].position), ("/workload/jobs/0/build", Some(buildbay_core::Position { line: 3, column: 26 })));
    assert!(scenario::parse(&text.replace("missing", "g")).is_ok());
}

/// Several unknown fields in one object are listed in the order they were typed: each is set
/// aside before the next reading, and setting one aside used to move the object's last field
/// into its place, so a build written at the top level came back as `project_key`,
/// `advanced_settings`, `build_script`… — an order no reader could follow.
#[test]
fn unknown_fields_of_one_object_are_listed_in_the_order_typed() {
    let fields = ["project_key", "infrastructure", "build_os", "script_type", "build_script", "advanced_settings"];
    let mut build = serde_json::Map::new();
    build.insert("name".into(), json!("api"));
    for field in fields {
        build.insert(field.into(), json!("x"));
    }
    let text = serde_json::to_string_pretty(&json!({"builds": [build], "workload": {"jobs": []}})).unwrap();
    let problems = scenario::parse(&text).unwrap_err();
    let listed: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    let typed: Vec<String> = fields.iter().map(|f| format!("/builds/0/{f}")).collect();
    assert_eq!(listed, typed);
    let lines: Vec<_> = problems.iter().map(|d| d.position.expect("each is placed").line).collect();
    assert!(lines.is_sorted(), "{lines:?}");
}

/// A value out of range is quoted in its problem, so that a list of such problems tells one
/// from another without looking each up in the text.
#[test]
fn a_value_out_of_range_is_quoted_where_it_is_refused() {
    let text = json!({"failure_rate": 2,
        "clusters": [{"name": "prod", "nodes": [{"name": "n", "count": 0, "cpu": 1000, "memory": -5}]}],
        "builds": [{"name": "x", "semantics": "nuon", "definition": {"git_ref": "main"}}],
        "workload": {"arrivals": [{"builds": ["x"], "per_hour": -3, "from": 100, "until": 50}]}});
    let problems = scenario::parse(&text.to_string()).unwrap_err();
    let said: std::collections::BTreeMap<&str, &str> = problems.iter().map(|d| (d.path.as_str(), d.message.as_str())).collect();
    assert_eq!(said["/failure_rate"], "A failure rate is a probability between 0 and 1, not 2.");
    assert_eq!(said["/clusters/0/nodes/0/count"], "`count` must be between 1 and 100000, not 0.");
    assert_eq!(said["/clusters/0/nodes/0/memory"], "`memory` must be 0 or more, not -5.");
    assert_eq!(said["/workload/arrivals/0/per_hour"], "Arrivals per hour must be a number above 0, not -3.");
    assert_eq!(said["/workload/arrivals/0/until"], "`until` must be after `from` (100), not 50.");
    // An arrival without an `until` is told what it is for.
    let open_ended = json!({"builds": [{"name": "x", "semantics": "nuon", "definition": {"git_ref": "main"}}], "workload": {"arrivals": [{"per_hour": 30}]}});
    let problems = scenario::parse(&open_ended.to_string()).unwrap_err();
    assert_eq!((problems[0].path.as_str(), problems[0].message.as_str()), ("/workload/arrivals/0/until", "Give the arrivals an `until`: the second from the scenario's start when they stop (7200 for two hours of arrivals)."));
}

/// An attempt is pinned to pass or fail in any backend's words (Nuon's `finished`, Rainbond's
/// `failure`, ServiceStage's `Successful`), each read as Zadig's `passed` or `failed`; a
/// cancel is not pinned as an outcome, and the refusal says what gives one.
#[test]
fn an_outcome_is_pinned_in_any_backends_words() {
    let o = nuon(json!({}), json!([{"id": "fin", "build": "c", "submit": 0, "duration": 30, "outcome": "finished"},
                                   {"id": "bad", "build": "c", "submit": 0, "duration": 30, "outcome": "Failure"},
                                   {"id": "ok", "build": "c", "submit": 0, "duration": 30, "attempts": [{"outcome": "Successful"}]}]));
    assert_eq!(["fin", "bad", "ok"].map(|id| job(&o, id).status.as_str()), ["finished", "failed", "finished"]);
    let refused = |outcome: &str| {
        let scenario = json!({"runners": [{"name": "r"}], "builds": [{"name": "c", "definition": {"git_ref": "main"}}],
            "workload": {"jobs": [{"build": "c", "submit": 0, "attempts": [{"outcome": outcome}]}]}});
        let problems = scenario::parse(&scenario.to_string()).unwrap_err();
        assert_eq!((problems[0].path.as_str(), problems[0].code.as_str()), ("/workload/jobs/0/attempts/0/outcome", "invalid-outcome"));
        problems[0].message.clone()
    };
    assert_eq!(refused("cancelled"), "Outcome `cancelled` is not one an attempt is pinned to: give the job a `cancel_at`, and it is cancelled then.");
    // What a run comes to by its build's settings is told how to come to it.
    assert!(refused("unstable").ends_with("so pin `failed` and give its build, beside its `definition`, {\"error_policy\": {\"policy\": \"ignore_error\"}}."));
    assert!(refused("not-attempted").starts_with("Outcome `not-attempted` is not one an attempt is pinned to: a Nuon job is `not-attempted` when its runner takes it after its `queue_timeout`"));
    assert_eq!(refused("maybe"), "Outcome `maybe` is not `passed`, `failed` or `timeout` (nor a backend's own word for one, such as `success`, `finished`, `failure` or `timed-out`).");
}

/// An attempt pinned to time out (in any backend's word: `timeout`, Nuon's `timed-out`,
/// ServiceStage's `Timeout`) hangs at its script until its backend's timeout ends it: Zadig's
/// build timeout (each retry again), Nuon's execution timeout (each execution), Rainbond's 30
/// minutes (an image build's two tries), ServiceStage's 60; a `duration` beside it is refused.
#[test]
fn an_attempt_pinned_to_time_out_runs_until_its_backends_timeout() {
    let mut retried = zadig_build("z", json!({"timeout": 10}));
    retried["name"] = json!("z");
    retried["error_policy"] = json!({"policy": "retry", "maximum_retry": 1});
    let o = run(json!({"clusters": one_node(4000), "runners": [{"name": "r"}],
        "builds": [retried,
            {"name": "n", "semantics": "nuon", "definition": {"git_ref": "main"}, "nuon": {"max_executions": 2, "execution_timeout": 300}},
            {"name": "img", "semantics": "rainbond", "definition": {}, "rainbond": {"kind": "image", "component": "img"}},
            {"name": "src", "semantics": "rainbond", "definition": {"repo_url": "https://git.example.com/src.git"}, "rainbond": {"kind": "source", "component": "src"}},
            {"name": "s", "semantics": "servicestage", "definition": {"job_name": "s", "environment_setting": {}}}],
        "workload": {"jobs": [
            {"id": "z1", "build": "z", "submit": 0, "outcome": "timeout"},
            {"id": "z2", "build": "z", "submit": 0, "attempts": [{"outcome": "TIMEOUT"}, {"outcome": "passed", "duration": 60}]},
            {"id": "n1", "build": "n", "submit": 0, "outcome": "timed-out"},
            {"id": "img1", "build": "img", "submit": 0, "outcome": "timeout"},
            {"id": "src1", "build": "src", "submit": 0, "outcome": "timeout"},
            {"id": "s1", "build": "s", "submit": 0, "outcome": "Timeout"}]}}));
    let ends: Vec<(&str, &str, Option<f64>)> = ["z1", "z2", "n1", "img1", "src1", "s1"].iter().map(|id| {
        let j = job(&o, id);
        (j.id.as_str(), j.status.as_str(), j.finished)
    }).collect();
    assert_eq!(ends, [("z1", "timeout", Some(1200.0)), ("z2", "passed", Some(660.0)), ("n1", "timed-out", Some(600.0)),
        ("img1", "timeout", Some(3600.0)), ("src1", "timeout", Some(1800.0)), ("s1", "Timeout", Some(3600.0))]);
    // It hangs at the step a pinned failure fails at: the script, cut short by the timeout.
    let steps: Vec<(&str, &str)> = job(&o, "z1").steps.iter().map(|s| (s.name.as_str(), s.status.as_str())).collect();
    assert_eq!(steps, [("z-tool-install", "passed"), ("z-shell", "timeout"), ("z-tool-install", "passed"), ("z-shell", "timeout")]);
    let both = json!({"runners": [{"name": "r"}], "builds": [{"name": "c", "definition": {"git_ref": "main"}}],
        "workload": {"jobs": [{"build": "c", "submit": 0, "outcome": "timeout", "duration": 30}, {"build": "c", "submit": 0, "attempts": [{"outcome": "timed-out", "duration": 30}]}]}});
    let problems = scenario::parse(&both.to_string()).unwrap_err();
    let found: Vec<&str> = problems.iter().filter(|p| p.code == "duration-with-timeout").map(|p| p.path.as_str()).collect();
    assert_eq!(found, ["/workload/jobs/0/duration", "/workload/jobs/1/attempts/0/duration"]);
}

/// A Nuon timeout copied from Nuon's API is in nanoseconds, where the scenario counts seconds:
/// refused, with the seconds meant; and a node's architecture reads in any case (`AMD64`).
#[test]
fn a_nuon_timeout_in_nanoseconds_is_refused_with_the_seconds_meant() {
    let scenario = json!({"runners": [{"name": "r"}], "clusters": cluster(json!([{"name": "n", "cpu": 4000, "memory": 8192, "arch": "AMD64"}])),
        "builds": [{"name": "c", "definition": {"git_ref": "main"}, "nuon": {"queue_timeout": 86_400_000_000_000_u64, "available_timeout": 1.5e9}}],
        "workload": {"jobs": [{"build": "c", "submit": 0}]}});
    let problems = scenario::parse(&scenario.to_string()).unwrap_err();
    let found = said(&problems, "");
    assert_eq!(found, [
        ("/builds/0/nuon/queue_timeout", "Give a number of seconds between 0 and 1000000000, not 86400000000000: that is nanoseconds, as Nuon's API gives its timeouts; in the scenario's seconds it is 86400."),
        // Not whole seconds in nanoseconds: only out of range.
        ("/builds/0/nuon/available_timeout", "Give a number of seconds between 0 and 1000000000, not 1500000000."),
    ]);
}

/// A node written in CPUs and GiB as bare numbers (`"cpu": 4`) is read in the scenario's
/// millicores and MiB, runs as written, and is warned of at the field with the size meant.
#[test]
fn a_node_sized_in_cpus_or_gib_is_warned_of_with_the_size_meant() {
    let scenario = json!({"clusters": cluster(json!([{"name": "n", "cpu": 4, "memory": 16}, {"name": "m", "cpu": 500, "memory": 1024}])),
        "builds": [{"name": "r", "semantics": "rainbond", "definition": {}}], "workload": {"jobs": [{"build": "r", "submit": 0}]}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let found = said(&prepared.findings, "small-node");
    assert_eq!(found, [
        ("/clusters/0/nodes/0/cpu", "`cpu` is millicores: this node has 4m, a small fraction of one CPU, where a build's pod requests hundreds of millicores or more. 4 CPUs are written 4000 (or \"4\")."),
        ("/clusters/0/nodes/0/memory", "`memory` is MiB: this node has 16 MiB, where a build's pod requests a GiB or so. 16 GiB are written 16384 (or \"16Gi\")."),
    ]);
    assert!(prepared.findings.iter().all(|d| d.position.is_some()), "{:?}", prepared.findings);
}

/// An attempt pinned past the most its job makes (Zadig's error policy, Nuon's
/// `max_executions`, Rainbond's one source build or two image tries) is never made, and a
/// warning at the first such pin says so; pins within them get none.
#[test]
fn an_attempt_pinned_past_the_most_made_is_warned_of() {
    let mut retried = zadig_build("z", json!({"timeout": 5}));
    retried["error_policy"] = json!({"policy": "retry", "maximum_retry": 1});
    let scenario = json!({"clusters": one_node(4000), "runners": [{"name": "r"}],
        "builds": [retried, {"name": "n", "definition": {"git_ref": "main"}, "nuon": {"max_executions": 2}},
                   {"name": "src", "semantics": "rainbond", "definition": {}}, {"name": "img", "semantics": "rainbond", "definition": {}, "rainbond": {"kind": "image"}}],
        "workload": {"jobs": [
            {"build": "z", "submit": 0, "attempts": [{"outcome": "failed"}, {}, {}]},
            {"build": "n", "submit": 0, "attempts": [{"outcome": "failed"}, {}]},
            {"build": "src", "submit": 0, "attempts": [{"outcome": "failed"}, {}]},
            {"build": "img", "submit": 0, "attempts": [{"outcome": "failed"}, {}]},
            {"build": "z", "submit": 0, "semantics": "servicestage", "attempts": [{}, {}]}]}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let found = said(&prepared.findings, "attempt-never-made");
    assert_eq!(found, [
        ("/workload/jobs/0/attempts/2", "This job makes at most 2 attempts (its error policy retries it 1 time), so attempt 3 and any after it are never made."),
        ("/workload/jobs/2/attempts/1", "This job makes at most 1 attempt (Rainbond's builder builds source once), so attempt 2 and any after it are never made."),
        ("/workload/jobs/4/attempts/1", "This job makes at most 1 attempt (a ServiceStage build instance runs once), so attempt 2 and any after it are never made."),
    ]);
}

/// A duration pinned for a kind of step the job never makes pins nothing (a `git_clone` of a
/// build that checks out nothing, a `script` of Rainbond's image build, whose steps are its
/// own fixed pull, tag and push), and a warning at the field says so with the steps it makes.
#[test]
fn a_duration_pinned_for_a_step_never_made_is_warned_of() {
    let scenario = json!({"clusters": one_node(4000),
        "builds": [{"name": "img", "semantics": "rainbond", "definition": {}, "rainbond": {"kind": "image"}, "durations": {"script": 30}},
                   {"name": "src", "semantics": "rainbond", "definition": {"repo_url": "https://git.example.com/a.git"}}],
        "workload": {"jobs": [{"build": "src", "submit": 0, "durations": {"git_clone": 20, "script": 40, "docker_build": 5}}]}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let found = said(&prepared.findings, "duration-not-used");
    assert_eq!(found, [
        ("/builds/0/durations/script", "Under Rainbond's rules build `img` makes no step that `script` sets (its steps: pullimage, changetag, push-image), so it pins nothing."),
        ("/workload/jobs/0/durations/docker_build", "Under Rainbond's rules build `src` makes no step that `docker_build` sets (its steps: builder-exector, clone-code, build-code, push-image), so it pins nothing."),
    ]);
    // The pins it does make hold: 1 s of executor, 20 s of clone, 40 s of build, 10 s of push.
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    assert_eq!(o.jobs[0].finished, Some(71.0));
}

/// A per-workflow limit no Zadig job runs under holds nothing (a limit written for the build's
/// name, where its jobs run in `<build>-workflow`), and a warning at it names the one meant;
/// the console's model's limits, taken by a scenario naming no `zadig` of its own, are for
/// the Jobs page's builds and get none.
#[test]
fn a_workflow_limit_no_job_runs_under_is_warned_of() {
    let build = zadig_build("api", json!({"timeout": 5}));
    let scenario = json!({"clusters": one_node(4000), "zadig": {"workflows": {"api": 1, "api-workflow": 2, "release": 1}},
        "builds": [build], "workload": {"jobs": [{"build": "api", "submit": 0}]}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let found = said(&prepared.findings, "workflow-limit-not-used");
    assert_eq!(found, [
        ("/zadig/workflows/api", "No Zadig job of this scenario runs in workflow `api`, so its limit holds none. Did you mean `api-workflow`? Build `api`'s jobs run in that one."),
        ("/zadig/workflows/release", "No Zadig job of this scenario runs in workflow `release`, so its limit holds none. A build's jobs run in `<build>-workflow` unless a job names its `workflow`."),
    ]);
    // A job naming its workflow, and generated jobs, run under theirs.
    let named = json!({"clusters": one_node(4000), "zadig": {"workflows": {"release": 1, "api-workflow": 1}}, "builds": [zadig_build("api", json!({"timeout": 5}))],
        "workload": {"jobs": [{"build": "api", "submit": 0, "workflow": "release"}], "arrivals": [{"per_hour": 1, "until": 3600}]}});
    assert!(scenario::parse(&named.to_string()).unwrap().findings.iter().all(|d| d.code != "workflow-limit-not-used"));
    let mut model = simulate::default_model();
    model.zadig.workflows.insert("web-workflow".into(), 1);
    let taking = json!({"builds": [zadig_build("api", json!({"timeout": 5, "cluster_name": model.clusters[0].name}))], "workload": {"jobs": [{"build": "api", "submit": 0}]}});
    let prepared = scenario::parse_on_model(&taking.to_string(), &model).unwrap();
    assert!(prepared.findings.iter().all(|d| d.code != "workflow-limit-not-used"), "{:?}", prepared.findings);
    // The same limits written into the scenario are its own.
    let written = scenario::parse(&scenario::with_cluster_model(&taking.to_string(), &model)).unwrap();
    assert_eq!(written.findings.iter().filter(|d| d.code == "workflow-limit-not-used").map(|d| d.path.as_str()).collect::<Vec<_>>(), ["/zadig/workflows/web-workflow"]);
}

/// A job's build the scenario lacks is answered with the builds it has and the one most likely
/// meant; a job without a `build` is asked for one.
#[test]
fn a_jobs_unknown_build_is_answered_with_the_builds_there_are() {
    let scenario = json!({"runners": [{"name": "r"}], "builds": [{"name": "api-server", "definition": {"git_ref": "main"}}, {"name": "web", "definition": {"git_ref": "main"}}],
        "workload": {"jobs": [{"build": "api-srever", "submit": 0}, {"submit": 0}, {"build": "b", "submit": 0}]}});
    let problems = scenario::parse(&scenario.to_string()).unwrap_err();
    let said = said(&problems, "");
    assert_eq!(said, [
        ("/workload/jobs/0/build", "No build named `api-srever` in `builds` (its builds: `api-server`, `web`). Did you mean `api-server`?"),
        ("/workload/jobs/1/build", "Give the job a `build`: the name of one of the scenario's builds (`api-server`, `web`)."),
        ("/workload/jobs/2/build", "No build named `b` in `builds` (its builds: `api-server`, `web`)."),
    ]);
}

/// A Zadig timeout that reads as seconds (3600 is 2.5 days of minutes) or as none (0 runs
/// with 600 minutes) is warned of before the run, which ends the build by it.
#[test]
fn a_zadig_timeout_as_zadig_reads_it_is_said_before_the_run() {
    let scenario = json!({"clusters": one_node(4000), "builds": [zadig_build("long", json!({"timeout": 3600})), zadig_build("none", json!({"timeout": 0}))],
        "workload": {"jobs": []}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    assert_eq!(said(&prepared.findings, "timeout-in-minutes"), [("/builds/0/definition/advanced_settings/timeout", "The timeout is in minutes: 3600 minutes is 2.5 days. If you meant 3600 seconds, write 60.")]);
    assert_eq!(said(&prepared.findings, "timeout-not-positive"), [("/builds/1/definition/advanced_settings/timeout", "A timeout of 0 makes Zadig run the build with 600 minutes (10 hours); set the minutes you mean.")]);
}

/// Every object of the example scenarios, at whatever depth (a cluster, a node row, its labels,
/// a build's error policy, an object of its definition, a job, a pinned attempt…), written as
/// the list of its values is refused at its place (or within it), never read as its fields in
/// order; within a build's definition, told that its backend refuses it.
#[test]
fn every_object_of_the_examples_written_as_a_list_is_refused_where_it_is() {
    let mut tried = 0;
    for document in examples() {
        for (at, object) in places(&document).into_iter().filter_map(|(at, v)| Some((at, v.as_object()?))) {
            let mut listed = document.clone();
            *listed.pointer_mut(&at).unwrap() = Value::Array(object.values().cloned().collect());
            // A definition as a list reads as a list of builds, refused at its first entry.
            let within = |path: &str| path == at || path.strip_prefix(at.as_str()).is_some_and(|rest| rest.starts_with('/'));
            match scenario::parse(&listed.to_string()) {
                Err(problems) => assert!(problems.iter().any(|p| within(&p.path) && p.severity == buildbay_core::Severity::Error), "{at}: {problems:?}"),
                // Inside a definition, a part its backend's server would refuse is left out of the
                // run, which goes on ("simulated as read"), told so at the place.
                Ok(prepared) => {
                    let told = prepared.findings.iter().find(|f| f.path == at).map(|f| f.message.as_str()).unwrap_or_default();
                    assert!(at.contains("/definition/") && told.contains("must be") && told.contains("not an array"), "{at}: {:?}", prepared.findings);
                }
            }
            tried += 1;
        }
    }
    assert!(tried > 40, "only {tried} objects");
}
