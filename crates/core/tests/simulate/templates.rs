//! Builds made from a Zadig build template: run with the template's settings and their services' values.

use super::*;

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
    // Which the scenario says before the run, at the build's template name.
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let found: Vec<(&str, &str, &str)> = prepared.findings.iter().map(|d| (d.path.as_str(), d.code.as_str(), d.message.as_str())).collect();
    assert_eq!(found, [("/builds/0/definition/template_name", "capacity-request-fits-no-node",
        "Build `api` (by its template `go-service`) requests 4000m CPU, 4096 MiB memory — more than any node of cluster prod offers (each of its 2 nodes has 2000m CPU and 8192 MiB). It would wait until its timeout (15 min) and end `timeout`.")]);
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
    let finding = prepared.findings.iter().find(|d| d.code == "template-not-in-scenario").unwrap_or_else(|| panic!("{:?}", prepared.findings.iter().collect::<Vec<_>>()));
    assert_eq!(finding.path, "/builds/0/definition/template_name");
    assert!(finding.message.ends_with("so this run has none of them (no tools, an empty script, the `low` resources)."), "{}", finding.message);
    // A scenario holding other templates says which, and the one a slip most likely meant.
    let mut slip = alone.clone();
    slip["templates"] = json!([{"name": "go-services", "build_script": "make"}]);
    let prepared = scenario::parse(&slip.to_string()).unwrap();
    let finding = prepared.findings.iter().find(|d| d.code == "template-not-in-scenario").unwrap_or_else(|| panic!("{:?}", prepared.findings.iter().collect::<Vec<_>>()));
    assert!(finding.message.contains("does not hold (its templates: `go-services`): Zadig runs") && finding.message.ends_with(". Did you mean `go-services`?"), "{}", finding.message);
    // A build detail carries tools, a script and settings of its own, which the run uses.
    let mut detail = alone.clone();
    detail["builds"][0]["definition"] = serde_json::from_str(include_str!("../fixtures/seeds/zadig-build-detail.json")).unwrap();
    detail["builds"][0]["definition"]["advanced_settings"]["cluster_name"] = json!("prod");
    let prepared = scenario::parse(&detail.to_string()).unwrap();
    let finding = prepared.findings.iter().find(|d| d.code == "template-not-in-scenario").unwrap_or_else(|| panic!("{:?}", prepared.findings.iter().collect::<Vec<_>>()));
    assert!(finding.message.ends_with("so this run uses the ones written in the build, which may not be the template's."), "{}", finding.message);
    // A short template body is a template all the same (the `templates` list holds nothing
    // else); a field no template has is left out and said so, not refused.
    let mut short = alone.clone();
    short["templates"] = json!([{"name": "go-service", "build_script": "echo short", "project_key": "p"}]);
    let prepared = scenario::parse(&short.to_string()).unwrap();
    let left_out: Vec<_> = prepared.findings.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    // The build's MODE, which this template has no variable for, is dropped as Zadig drops it.
    assert_eq!(left_out, [("/builds/0/definition/target_services/0/inputs/0/key", "unknown-input"), ("/templates/0/project_key", "unknown-field")]);
    assert!(prepared.findings[0].message.ends_with("has no variable \"MODE\"; Zadig drops this input silently. The simulation drops it too."), "{}", prepared.findings[0].message);
    let o = run(short.clone());
    assert!(job(&o, "j").logs.iter().any(|l| l.text == "+ echo short"), "{:?}", job(&o, "j").logs);
    // A template that does not read is refused where it is.
    let mut broken = alone.clone();
    broken["templates"] = json!([{"name": "x", "build_os": 3}]);
    let problems = scenario::parse(&broken.to_string()).unwrap_err();
    assert!(problems.iter().any(|d| d.path.starts_with("/templates/0")), "{problems:?}");
    // Two templates of one name are refused at the second: which of them a build meant is
    // not for the run to guess.
    let mut twice = short.clone();
    twice["templates"].as_array_mut().unwrap().push(json!({"name": "go-service", "build_script": "echo other"}));
    let problems = scenario::parse(&twice.to_string()).unwrap_err();
    let refused: Vec<_> = problems.iter().filter(|d| d.is_error()).map(|d| (d.path.as_str(), d.code.as_str(), d.message.as_str())).collect();
    assert_eq!(refused, [("/templates/1/name", "duplicate-template", "Two templates are named `go-service`: a build names its template, so each needs a name no other has.")]);
}
