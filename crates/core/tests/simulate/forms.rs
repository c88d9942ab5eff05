//! The Simulator's and the Jobs page's forms, read into scenarios and run requests.

use super::*;
use buildbay_core::simulate::cluster_form::ZadigRows;

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
    assert_eq!(Alternative::ExtraNodes(1).line(&one, &one), "Add 1 node: no jobs in either run");
    assert_eq!(Alternative::ExtraNodes(3).change(), "Add 3 nodes");
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
    assert!(at.contains(&("/clusters/0/nodes/0/cpu", "not-a-size")), "{at:?}");
    assert!(at.contains(&("/clusters/0/nodes/0/labels", "invalid-label")), "{at:?}");
    assert!(at.contains(&("/clusters/0/nodes/0/arch", "invalid-arch")), "{at:?}");
    assert!(at.contains(&("/clusters/0/strategies/1/strategy", "invalid-strategy")), "{at:?}");
    assert_eq!(problems.iter().filter(|d| d.path == "/clusters/0/nodes/0/cpu").count(), 1, "one message per field");
    assert!(problems.iter().find(|d| d.path.ends_with("/cpu")).unwrap().message.contains("4 cores"), "the message quotes what was typed");
    // A whole number is the field's unit, as labelled; one with a unit reads as Kubernetes
    // prints a node's allocatable capacity, so it can be pasted from `kubectl describe node`.
    let mut pasted = rows.clone();
    (pasted[0].nodes[0].cpu, pasted[0].nodes[0].memory) = ("3500m".into(), "16318456Ki".into());
    let node = &read(&pasted).unwrap()[0].nodes[0];
    assert_eq!((node.cpu, node.memory), (3500, 15935));
    pasted[0].nodes[0].memory = "8 GB".into();
    let problems = read(&pasted).unwrap_err();
    assert_eq!((problems[0].path.as_str(), problems[0].code.as_str()), ("/clusters/0/nodes/0/memory", "not-a-size"));
    assert_eq!(problems[0].message, "`8 GB` is not a Kubernetes memory quantity: write MiB as a number (8192), or a quantity (\"8Gi\", \"512Mi\").");
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

/// The start form kept across a reload: a secret's value is never kept, and the typed fields
/// come back only over a build that still lays out the same fields, a secret from the build.
#[test]
fn a_kept_start_form_comes_back_over_the_same_fields_without_its_secret() {
    use buildbay_core::simulate::start::{TypedStartForm, default_branches, default_inputs};
    let build = buildbay_core::sample::large_build("api", 2);
    let mut inputs = default_inputs(&build);
    for input in &mut inputs {
        input.value = format!("typed {}", input.key);
    }
    let typed = TypedStartForm { chosen: "b1".into(), semantics: buildbay_core::Target::Nuon, services: vec!["service-1".into()], branches: default_branches(&build), inputs, git_ref: "v2".into() };
    let kept = typed.clone().without_secrets(&build);
    let value = |form: &TypedStartForm, key: &str| form.inputs.iter().find(|i| i.key == key).map(|i| i.value.clone());
    assert_eq!(value(&kept, "REGISTRY_TOKEN").as_deref(), Some(""), "a secret's value is left out");
    assert_eq!(value(&kept, "TARGETS").as_deref(), Some("typed TARGETS"));
    let back = kept.clone().restored_over("b1", &build).expect("the same build takes it back");
    assert_eq!((back.semantics, back.services.clone(), back.git_ref.clone()), (typed.semantics, typed.services.clone(), typed.git_ref.clone()));
    assert_eq!(value(&back, "TARGETS").as_deref(), Some("typed TARGETS"));
    assert_eq!(value(&back, "REGISTRY_TOKEN").as_deref(), Some("secret-token"), "a secret starts from the build's own");
    assert_eq!(kept.clone().restored_over("b2", &build), None, "another record");
    let mut changed = build.clone();
    changed.variables.remove(0);
    assert_eq!(kept.restored_over("b1", &changed), None, "a build whose fields moved");
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
    let zadig = scenario::ZadigSettings { job_concurrency: 1, ..Default::default() };
    let runners = vec![scenario::RunnerSpec { name: "edge".into(), healthy: false, sandbox_mode: false }];
    let model = scenario::ClusterModel { zadig, runners, ..simulate::default_model() };
    let with = scenario::with_cluster_model("{}", &model);
    let value: Value = serde_json::from_str(&with).unwrap();
    assert_eq!(value["clusters"][0]["name"], "local");
    assert_eq!(value["zadig"]["job_concurrency"], 1);
    assert_eq!(value["runners"], json!([{"name": "edge", "healthy": false}]));
    // The rest keeps its lines, so problems point where they were typed.
    let text = "{\n  \"seed\": 3,\n  \"builds\": 7\n}";
    let with = scenario::with_cluster_model(text, &model);
    assert_eq!(with.lines().count(), text.lines().count());
    assert_eq!(with.lines().nth(2), text.lines().nth(2));
    // A scenario with clusters, Zadig settings and runners of its own is left as it is, and
    // one with some gets only the others.
    let own = "{\"clusters\": [], \"zadig\": {\"job_concurrency\": 3}, \"runners\": []}";
    assert_eq!(scenario::with_cluster_model(own, &model), own);
    let prepared = scenario::parse(&scenario::with_cluster_model("{\"clusters\": []}", &model)).unwrap();
    assert_eq!((prepared.scenario.clusters.len(), prepared.scenario.zadig.job_concurrency, prepared.scenario.runners.clone()), (0, 1, model.runners.clone()));
    let prepared = scenario::parse(&scenario::with_cluster_model("{\"zadig\": {\"job_concurrency\": 3}}", &model)).unwrap();
    assert_eq!((prepared.scenario.clusters, prepared.scenario.zadig.job_concurrency), (model.clusters.clone(), 3));
    // A model without runners leaves the scenario to the engine's one healthy org runner.
    let bare = scenario::ClusterModel { runners: Vec::new(), ..model };
    assert!(!scenario::with_cluster_model("{}", &bare).contains("runners"));
}

/// A scenario saved as a file takes the model's parts it names none of, indented as the page
/// writes JSON, so that `buildbay simulate`, which has no cluster model, runs it as the page does.
#[test]
fn a_scenario_file_takes_the_cluster_model_written_out() {
    let model = scenario::ClusterModel { zadig: scenario::ZadigSettings { job_concurrency: 1, ..Default::default() }, ..simulate::default_model() };
    let text = "{\n  \"seed\": 3,\n  \"workload\": {\"jobs\": []}\n}\n";
    let (written, parts) = scenario::with_cluster_model_written(text, &model);
    assert_eq!(parts, ["clusters", "zadig", "runners"]);
    assert!(written.starts_with("{\n  \"clusters\": [\n    {\n      \"name\": \"local\","), "{written}");
    assert!(written.ends_with(",\n  \"seed\": 3,\n  \"workload\": {\"jobs\": []}\n}\n"), "the rest as typed: {written}");
    let read: Value = serde_json::from_str(&written).unwrap();
    let compact: Value = serde_json::from_str(&scenario::with_cluster_model(text, &model)).unwrap();
    assert_eq!(read, compact, "the same scenario as the page runs");
    // Parts the scenario names are its own; with all three, the text is left as it is.
    let (written, parts) = scenario::with_cluster_model_written("{\"zadig\": {}}", &model);
    assert_eq!(parts, ["clusters", "runners"]);
    assert!(serde_json::from_str::<Value>(&written).unwrap()["zadig"] == json!({}));
    let own = "{\"clusters\": [], \"zadig\": {}, \"runners\": []}";
    assert_eq!(scenario::with_cluster_model_written(own, &model), (own.to_string(), vec![]));
    let (empty, _) = scenario::with_cluster_model_written("{}", &model);
    assert_eq!(scenario::parse(&empty).unwrap().scenario.zadig.job_concurrency, 1, "{empty}");
}

/// Zadig's queue settings in the cluster form: whole numbers of at least 1, each problem at its
/// field as a scenario would place it, and what was typed shown again as it reads.
#[test]
fn the_zadig_settings_fields_read_whole_numbers_of_at_least_one() {
    let rows = ZadigRows::default();
    assert_eq!(rows.read(), Ok(scenario::ZadigSettings::default()));
    assert_eq!((rows.workflow_concurrency.as_str(), rows.job_concurrency.as_str()), ("2", "5"));
    let typed = ZadigRows { workflow_concurrency: " 10 ".into(), job_concurrency: "1".into(), ..ZadigRows::default() };
    assert_eq!(typed.read().map(|z| (z.workflow_concurrency, z.job_concurrency)), Ok((10, 1)));
    let bad = ZadigRows { workflow_concurrency: "two".into(), job_concurrency: "0".into(), ..ZadigRows::default() };
    let problems = bad.read().unwrap_err();
    let at = said(&problems, "");
    assert_eq!(at, [("/zadig/workflow_concurrency", "`two` is not a whole number."), ("/zadig/job_concurrency", "Job concurrency must be at least 1, or no job would ever run.")]);
    let negative = ZadigRows { workflow_concurrency: "-3".into(), ..ZadigRows::default() };
    assert_eq!(negative.read().unwrap_err()[0].path, "/zadig/workflow_concurrency");
    // Per-workflow limits, `workflow=limit` by commas: read into the settings and shown again
    // as they read; each part that does not read, and a limit no task could run under, is a
    // problem at the one field.
    let limits = ZadigRows { workflows: " api-workflow = 1, web-workflow=-1 ,".into(), ..ZadigRows::default() };
    let settings = limits.read().unwrap();
    assert_eq!(settings.workflows.into_iter().collect::<Vec<_>>(), [("api-workflow".to_string(), 1), ("web-workflow".to_string(), -1)]);
    assert_eq!(ZadigRows::of(&limits.read().unwrap()).workflows, "api-workflow=1, web-workflow=-1");
    let bad = ZadigRows { workflows: "api-workflow, web=x, =2, ops=1, ops=2, idle=0".into(), ..ZadigRows::default() };
    let problems = bad.read().unwrap_err();
    let at = said(&problems, "");
    assert_eq!(at, [
        ("/zadig/workflows", "`api-workflow` should read `workflow=limit`, a whole number (-1 for no limit)."),
        ("/zadig/workflows", "`web=x` should read `workflow=limit`, a whole number (-1 for no limit)."),
        ("/zadig/workflows", "`=2` should read `workflow=limit`, a whole number (-1 for no limit)."),
        ("/zadig/workflows", "Workflow `ops` is given a limit twice."),
        ("/zadig/workflows", "Workflow `idle` has concurrency limit 0: it is -1 (unlimited) or at least 1, or no task of it would ever run."),
    ]);
}

/// Nuon's runners in the cluster form: each needs a name of its own (a build picks its runner by
/// name), and "Add runner" picks one no runner has.
#[test]
fn runners_need_names_of_their_own_and_added_ones_get_free_names() {
    use buildbay_core::simulate::cluster_form::added_runner;
    use scenario::{RunnerSpec, check_runners};
    let runner = |name: &str| RunnerSpec { name: name.into(), healthy: true, sandbox_mode: false };
    assert!(check_runners(&simulate::default_model().runners).is_empty());
    let problems = check_runners(&[runner("org-runner"), runner(" "), runner("org-runner")]);
    let at = said(&problems, "");
    assert_eq!(at, [("/runners/1/name", "A runner needs a name: a build picks its runner by name."), ("/runners/2/name", "Two runners are named `org-runner`.")]);
    assert_eq!(added_runner(&[runner("org-runner")]), runner("runner-2"));
    assert_eq!(added_runner(&[runner("org-runner"), runner("runner-2")]).name, "runner-3");
    assert_eq!(added_runner(&[]).name, "runner-1");
}

/// A started job's task runs in its build's workflow, so a limit typed for that workflow holds
/// its tasks back while the system's concurrency would let them run.
#[test]
fn a_workflow_limit_from_the_form_holds_a_builds_tasks_back() {
    let zadig = ZadigRows { workflows: "a-workflow=1".into(), ..ZadigRows::default() }.read().unwrap();
    let text = scenario::with_cluster_model(&json!({"builds": [zadig_build("a", json!({"timeout": 60, "cluster_name": "local"}))],
        "workload": {"jobs": [{"id": "1", "build": "a", "submit": 0, "duration": 60}, {"id": "2", "build": "a", "submit": 0, "duration": 60}]}}).to_string(),
        &scenario::ClusterModel { zadig, ..simulate::default_model() });
    let o = simulate::simulate(&scenario::parse(&text).unwrap(), 1, Detail::Full);
    assert_eq!((job(&o, "2").started, job(&o, "2").finished), (Some(60.0), Some(120.0)));
    assert!(job(&o, "2").waits[0].reason.contains("a-workflow"), "{:?}", job(&o, "2").waits);
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
