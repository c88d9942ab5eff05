//! Nuon: the runner's FIFO, its four timeouts, executions, cancel, the build and its git ref.

use super::*;

#[test]
fn nuon_queue_timeout_gives_not_attempted_at_dequeue() {
    let o = nuon(json!({"queue_timeout": 60}), json!([{"id": "1", "build": "c", "submit": 0, "duration": 120}, {"id": "2", "build": "c", "submit": 0, "duration": 10}]));
    let j = job(&o, "2");
    assert_eq!(j.status, "not-attempted");
    assert_eq!(j.finished, Some(120.0));
    assert_eq!(j.backend["runner_job"]["status_description"], "queue timeout reached");
    // Never picked up, it has no execution to count, and Nuon's view leaves the count out.
    assert!(j.backend["runner_job"].get("execution_count").is_none(), "{}", j.backend);
    // Its times: created when submitted, started when the runner took it off its queue.
    let times = |j: &JobOutcome| ["created_at", "started_at", "finished_at"].map(|f| j.backend["runner_job"][f].clone());
    assert_eq!(times(j), [json!(0.0), json!(120.0), json!(120.0)]);
    assert_eq!(j.backend["build"]["status"], "error");
    assert_eq!(j.waits[0].reason, "runner busy with job 1");
    let unnamed = nuon(json!({}), json!([{"build": "c", "submit": 0, "duration": 120}, {"build": "c", "submit": 0, "duration": 10}]));
    assert_eq!(job(&unnamed, "job-2").waits[0].reason, "runner busy with job 1", "a default id reads as its number");
    assert_eq!(job(&o, "1").backend["build"]["status"], "active");
    // The build goes through Nuon's words from the row the create-build handler inserts.
    let build: Vec<(&str, &str)> = j.transitions.iter().filter(|t| t.scope == "build").map(|t| (t.status.as_str(), t.note.as_str())).collect();
    assert_eq!(build, [("queued", "queued and waiting for runner to pick up"), ("planning", "creating build plan"), ("building", "building"), ("error", "build did not complete successfully")]);
}

/// Behind up to ten jobs a queued job names each; behind more, all but the last read as one
/// wait, so that a long queue's detail grows with its jobs, not with their square.
#[test]
fn nuon_job_behind_a_long_queue_names_the_last_job_and_the_run_before_it() {
    let jobs: Vec<Value> = (1..=13).map(|k| json!({"id": k.to_string(), "build": "c", "submit": 0, "duration": 10})).collect();
    let o = nuon(json!({}), json!(jobs));
    let waits = |id: &str| job(&o, id).waits.iter().map(|w| (w.from, w.to, w.reason.clone())).collect::<Vec<_>>();
    let eleven = waits("11");
    assert_eq!(eleven.len(), 10, "{eleven:?}");
    assert_eq!(eleven[9], (90.0, 100.0, "runner busy with job 10".to_string()));
    assert_eq!(
        waits("12"),
        [(0.0, 100.0, "runner busy with job 1 to job 10, 10 jobs one after another".to_string()), (100.0, 110.0, "runner busy with job 11".to_string())]
    );
    assert_eq!(waits("13")[0].2, "runner busy with job 1 to job 11, 11 jobs one after another");
    // Told as one wait or as many, the waiting summed by reason is the same.
    let behind = o.summary.waits_by_reason.as_ref().unwrap().iter().find(|r| r.reason.ends_with("busy with an earlier job")).unwrap();
    assert_eq!((behind.jobs, behind.seconds), (12, (1..=12).map(|k| 10.0 * k as f64).sum::<f64>()));
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
    // Ids read as Nuon's: a kind's prefix and 23 of [0-9a-z]; executions start `run`, as
    // Nuon makes their ids with its runner-id maker; the first attempt never got one.
    let ids: Vec<&str> = [&j.backend["build"]["id"], &j.backend["runner_job"]["id"]].into_iter().chain(j.backend["executions"].as_array().unwrap().iter().map(|e| &e["id"])).filter_map(Value::as_str).collect();
    assert_eq!(ids.iter().map(|id| &id[..3]).collect::<Vec<_>>(), ["bld", "job", "run"], "{ids:?}");
    assert_eq!(j.backend["runner_job"]["execution_count"], 1);
    assert!(ids.iter().all(|id| id.len() == 26 && id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())), "{ids:?}");
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
        let at = engine.add_build(&PreparedBuild { name: build.name.clone(), semantics: Target::Nuon, build: prepared.build }, &BuildEntry::default());
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

/// A component of a public repository builds its config's branch whatever the request says
/// (Nuon's `CreateComponentBuild` overwrites the `git_ref`, `use_latest` included), and the
/// scenario warns where the request asks for something else; a connected one builds the ref.
#[test]
fn a_public_repository_builds_its_configs_branch_whatever_the_request_says() {
    let scenario = json!({"builds": [
        {"name": "asked", "definition": {"git_ref": "feature-x"}, "nuon": {"public_repo": {"repo": "https://github.com/nuonco/guides", "branch": "main"}}},
        {"name": "latest", "definition": {"use_latest": true}, "nuon": {"public_repo": {"repo": "nuonco/guides", "branch": "stable"}}},
        {"name": "same", "definition": {"git_ref": "main"}, "nuon": {"public_repo": {"branch": "main"}}},
        {"name": "connected", "definition": {"git_ref": "feature-x"}}],
        "workload": {"jobs": [{"id": "a", "build": "asked", "submit": 0, "duration": 60}, {"id": "l", "build": "latest", "submit": 0, "duration": 60},
            {"id": "s", "build": "same", "submit": 0, "duration": 60}, {"id": "c", "build": "connected", "submit": 0, "duration": 60}]}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let o = simulate::simulate(&prepared, prepared.scenario.seed, Detail::Full);
    let built = |id: &str| job(&o, id).backend["build"]["git_ref"].clone();
    assert_eq!([built("a"), built("l"), built("s"), built("c")], [json!("main"), json!("stable"), json!("main"), json!("feature-x")]);
    // The config's repository is the one checked out, at its branch.
    let a = job(&o, "a");
    let clones: Vec<&str> = a.steps.iter().filter(|s| s.name == "git-clone").map(|s| s.detail.as_str()).collect();
    assert_eq!(clones, ["nuonco/guides"]);
    assert!(a.logs.iter().any(|l| l.text == "Checking out branch 'main'"), "{:?}", a.logs);
    assert!(job(&o, "s").steps.iter().all(|s| s.name != "git-clone"), "no repository named, none checked out");
    let warned = said(&prepared.findings, "public-repo-ref-overwritten");
    assert_eq!(warned.iter().map(|(at, _)| *at).collect::<Vec<_>>(), ["/builds/0/definition/git_ref", "/builds/1/definition/use_latest"]);
    assert!(warned[0].1.ends_with("it overwrites this git_ref, `feature-x`, and the build records `main`."), "{}", warned[0].1);
    // A repository's own branch, the ref a Zadig-shaped build's request carries, is warned at the config.
    let from_repo = json!({"builds": [{"name": "z", "semantics": "nuon", "definition": {"name": "z", "project_key": "p",
        "repos": [{"repo_owner": "acme", "repo_name": "api", "branch": "dev", "source": "github"}]}, "nuon": {"public_repo": {"branch": "main"}}}]});
    let prepared = scenario::parse(&from_repo.to_string()).unwrap();
    assert_eq!(said(&prepared.findings, "public-repo-ref-overwritten").iter().map(|(at, _)| *at).collect::<Vec<_>>(), ["/builds/0/nuon/public_repo/branch"]);
    // A config without its branch is refused there; so is a field Nuon's config does not have here.
    let refused = |public_repo: Value| {
        let text = json!({"builds": [{"name": "c", "definition": {"git_ref": "x"}, "nuon": {"public_repo": public_repo}}]}).to_string();
        scenario::parse(&text).err().unwrap_or_else(|| panic!("{public_repo} is taken")).into_iter().map(|d| (d.path, d.code)).collect::<Vec<_>>()
    };
    assert_eq!(refused(json!({"repo": "a/b", "branch": " "})), [("/builds/0/nuon/public_repo/branch".to_string(), "required".to_string())]);
    assert_eq!(refused(json!({"repo": "a/b", "branch": "main", "ref": "x"}))[0].0, "/builds/0/nuon/public_repo/ref");
    // Nuon's own words for the kind of repository are answered with how it is written.
    let answered = |nuon: Value| {
        let text = json!({"builds": [{"name": "c", "definition": {"git_ref": "x"}, "nuon": nuon}]}).to_string();
        scenario::parse(&text).err().unwrap_or_default().into_iter().map(|d| d.message).collect::<Vec<_>>().join("\n")
    };
    assert!(answered(json!({"vcs": "public_repo"})).contains(". A component of a public repository is written with its config, {\"public_repo\": {"), "{}", answered(json!({"vcs": "public_repo"})));
    assert!(answered(json!({"public_git_vcs_config": {"branch": "main"}})).ends_with("Did you mean `public_repo`?"));
}

#[test]
fn a_sandbox_runner_marks_its_jobs_finished_after_five_seconds_and_runs_nothing() {
    let scenario = json!({"runners": [{"name": "demo", "sandbox_mode": true}, {"name": "down", "healthy": false, "sandbox_mode": true}],
        "builds": [{"name": "c", "definition": {"git_ref": "main"}, "nuon": {"runner": "demo", "queue_timeout": 2}},
            {"name": "short", "definition": {"git_ref": "main"}, "nuon": {"runner": "demo", "queue_timeout": 60, "overall_timeout": 3}},
            {"name": "d", "definition": {"git_ref": "main"}, "nuon": {"runner": "down"}}],
        "workload": {"jobs": [{"id": "1", "build": "c", "submit": 0, "duration": 120, "outcome": "failed"}, {"id": "2", "build": "c", "submit": 1},
            {"id": "3", "build": "c", "submit": 2, "cancel_at": 12}, {"id": "4", "build": "c", "submit": 3},
            {"id": "5", "build": "short", "submit": 100}, {"id": "6", "build": "d", "submit": 0}]}});
    let prepared = scenario::parse(&scenario.to_string()).unwrap();
    let o = simulate::simulate(&prepared, prepared.scenario.seed, Detail::Full);
    // Finished 5 s after the control plane took it, its pinned run and failure never used: no
    // execution, no step, no log line.
    let one = job(&o, "1");
    assert_eq!((one.status.as_str(), one.started, one.finished, one.attempts), ("finished", Some(0.0), Some(5.0), 0));
    assert_eq!(one.backend["runner_job"]["status_description"], "success in sandbox mode");
    assert!(one.backend["runner_job"].get("execution_count").is_none(), "{}", one.backend);
    assert_eq!(one.backend["executions"], json!([]));
    assert_eq!(one.backend["build"]["status"], "active");
    assert!(one.steps.is_empty() && one.logs.is_empty());
    assert!(one.no_steps_line().unwrap().contains("sandbox mode"));
    let runner_job: Vec<&str> = one.transitions.iter().filter(|t| t.scope == "runner_job").map(|t| t.status.as_str()).collect();
    assert_eq!(runner_job, ["queued", "finished"], "never `available`: no runner reserves it");
    let warned = said(&prepared.findings, "sandbox-runs-nothing");
    assert_eq!(warned.iter().map(|(at, _)| *at).collect::<Vec<_>>(), ["/workload/jobs/0/duration"]);
    // Sandbox mode comes before ProcessJob's queue-timeout check: taken 4 s after it was
    // queued, past its 2 s queue timeout, job 2 still finishes.
    let two = job(&o, "2");
    assert_eq!((two.status.as_str(), two.started, two.finished), ("finished", Some(5.0), Some(10.0)));
    assert_eq!(two.waits[0].reason, "runner busy with job 1");
    // A cancel during the sleep is final for the build, and the runner stays with the sleep:
    // job 4 waits behind job 3 until its sleep ends at 15 s.
    let three = job(&o, "3");
    assert_eq!((three.status.as_str(), three.finished), ("cancelled", Some(12.0)));
    assert_eq!(three.backend["build"]["status"], "error");
    let four = job(&o, "4");
    let waits: Vec<(f64, f64, &str)> = four.waits.iter().map(|w| (w.from, w.to, w.reason.as_str())).collect();
    assert_eq!(waits, [(3.0, 5.0, "runner busy with job 1"), (5.0, 10.0, "runner busy with job 2"), (10.0, 15.0, "runner busy with job 3")]);
    assert_eq!(four.finished, Some(20.0));
    // Nuon's client gives up at the overall deadline even while the control plane sleeps; the
    // runner job reads `finished` after it all the same.
    let five = job(&o, "5");
    assert_eq!((five.status.as_str(), five.finished), ("finished", Some(105.0)));
    let build: Vec<(f64, &str)> = five.transitions.iter().filter(|t| t.scope == "build").map(|t| (t.at, t.status.as_str())).collect();
    assert_eq!(build.last(), Some(&(103.0, "error")));
    // The runner's health is checked first: an unhealthy runner turns jobs away, sandbox or not.
    assert_eq!((job(&o, "6").status.as_str(), job(&o, "6").finished), ("not-attempted", Some(0.0)));
}
