//! Determinism and the properties every run keeps, whatever the scenario.

use super::*;

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

/// Every place in the example scenarios (each field and each entry, at any depth) given a value
/// of each kind, the edges of what numbers may be among them: each is answered, and each that
/// runs ends every job. (A Nuon queue timeout of 1e300, refused, overflowed the sum its
/// capacity warnings are worked out with before the scenario was refused.)
#[test]
fn any_value_put_anywhere_in_the_examples_is_answered_without_panicking() {
    let values = [json!(null), json!(true), json!(-1), json!(0), json!(0.5), json!(1e9), json!(1e300), json!(-1e300), json!(u64::MAX), json!(i64::MIN),
        json!(""), json!("x"), json!([]), json!({}), json!([1, "a", {"b": []}])];
    let mut ran = 0;
    for document in examples() {
        for (at, _) in places(&document) {
            for value in &values {
                let mut changed = document.clone();
                *changed.pointer_mut(&at).unwrap() = value.clone();
                if let Ok(prepared) = scenario::parse(&changed.to_string()) && prepared.expected_jobs() < 10_000.0 {
                    let o = simulate::simulate(&prepared, 1, Detail::Summary);
                    assert!(o.jobs.iter().all(|j| j.finished.is_some()), "{at} = {value}");
                    ran += 1;
                }
            }
        }
    }
    assert!(ran > 500, "only {ran} ran");
}

/// `build` under Zadig's `manual_check`, decided `after` seconds from each failure.
fn manual_check(mut build: Value, decision: &str, after: u32) -> Value {
    build["error_policy"] = json!({"policy": "manual_check", "decision": decision, "decision_after": after});
    build
}

/// A Zadig build of three services whose pod Kubernetes refuses (a request above its limit).
fn three_services_all_refused() -> Value {
    let mut b = zadig_build("zp", json!({"timeout": 5, "resource_spec": {"cpu_limit": 1000, "cpu_req": 1500, "memory_limit": 1024}}));
    b["definition"]["services"] = json!([{"service_name": "a", "service_module": "a"}, {"service_name": "b", "service_module": "b"}, {"service_name": "c", "service_module": "c"}]);
    b
}

/// A random scenario: a few nodes, four backends, random requests, durations and outcomes.
fn arbitrary_scenario() -> impl Strategy<Value = Value> {
    let node = (500i64..8000, 512i64..16384, 1i64..6).prop_map(|(cpu, memory, pods)| json!({"name": "", "cpu": cpu, "memory": memory, "max_pods": pods}));
    let job = (0usize..11, 0u32..3000, proptest::option::of(1u32..4000), proptest::bool::ANY, proptest::option::of(0u32..2000), 0u32..60);
    (proptest::collection::vec(node, 1..5), proptest::collection::vec(job, 1..40), 0u64..1000, 1u32..4, 1u32..4).prop_map(|(nodes, jobs, seed, wc, jc)| {
        let nodes: Vec<Value> = nodes.into_iter().enumerate().map(|(i, mut n)| { n["name"] = json!(format!("n{i}")); n }).collect();
        let builds = json!([
            zadig_build("z1", json!({"timeout": 30, "resource_spec": {"cpu_limit": 2000, "memory_limit": 2048, "cpu_req": 1000, "memory_req": 1024}})),
            zadig_build("z2", json!({"timeout": 10, "resource_spec": {"cpu_limit": 6000, "memory_limit": 8192}})),
            // A public repository's component, built at its config's branch whatever the request says.
            {"name": "n", "definition": {"git_ref": "v2"}, "nuon": {"queue_timeout": 600, "available_timeout": 30, "execution_timeout": 900, "max_executions": 2,
                "public_repo": {"repo": "acme/api", "branch": "main"}}},
            rb_build("r", "source"), rb_build("ri", "image"),
            {"definition": {"job_name": "ss-job", "environment_setting": {}}},
            // Overall shorter than queue: a job can pass its overall deadline in the queue.
            {"name": "no", "definition": {"git_ref": "main"}, "nuon": {"queue_timeout": 1200, "overall_timeout": 300, "available_timeout": 30, "execution_timeout": 200, "max_executions": 2}},
            // A failure held for a decision: the task keeps its place, the pod is gone.
            manual_check(zadig_build("zm", json!({"timeout": 5, "resource_spec": {"cpu_limit": 1500, "memory_limit": 1024}})), "ignore", 90),
            manual_check(zadig_build("zr", json!({"timeout": 20})), "reject", 0),
            // Three job tasks whose pods Kubernetes refuses: each fails as it prepares, at once.
            three_services_all_refused(),
            // A runner in sandbox mode runs nothing; its overall deadline can pass in the sleep.
            {"name": "ns", "definition": {"git_ref": "main"}, "nuon": {"runner": "demo", "queue_timeout": 3, "overall_timeout": 4}}
        ]);
        let names = ["z1", "z2", "n", "r", "ri", "ss-job", "no", "zm", "zr", "zp", "ns"];
        let jobs: Vec<Value> = jobs.into_iter().map(|(b, submit, duration, fail, cancel, pickup)| {
            let mut j = json!({"build": names[b], "submit": submit, "attempts": [{"pickup_delay": pickup}]});
            if let Some(d) = duration { j["duration"] = json!(d); }
            if fail { j["outcome"] = json!("failed"); }
            if let Some(c) = cancel { j["cancel_at"] = json!(submit + c); }
            // Some of the `manual_check` jobs decide for themselves, in place of their build.
            if names[b].starts_with("zm") || names[b] == "zr" {
                if pickup % 3 == 0 { j["decision"] = json!(if pickup % 2 == 0 { "reject" } else { "ignore" }); }
                if pickup % 5 == 0 { j["decision_after"] = json!(pickup * 5); }
            }
            j
        }).collect();
        let mut s = json!({"seed": seed, "failure_rate": 0.1, "zadig": {"workflow_concurrency": wc, "job_concurrency": jc, "workflows": {"z1-workflow": 1}},
               "clusters": [{"name": "prod", "nodes": nodes}], "runners": [{"name": "org-runner"}, {"name": "demo", "sandbox_mode": true}], "builds": builds, "workload": {"jobs": jobs}});
        // Some scenarios say what they are, which their results carry, stepped or not.
        if seed % 2 == 0 { s["name"] = json!(format!("sample {seed}")); }
        if seed % 3 == 0 { s["description"] = json!("What waits, and why?"); }
        s
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

    /// The Gantt chart of any run draws every bar inside the run, forward in time, and no two
    /// bars of one lane of a row overlap (so none hides another).
    #[test]
    fn any_runs_gantt_chart_hides_no_bar(scenario in arbitrary_scenario()) {
        let prepared = scenario::parse(&scenario.to_string()).unwrap();
        let outcome = simulate::simulate(&prepared, prepared.scenario.seed, Detail::Full);
        let chart = simulate::chart::gantt(&outcome);
        for bar in &chart.bars {
            prop_assert!(0.0 <= bar.start && bar.start <= bar.end && bar.end <= outcome.end, "{:?} outside 0–{}", bar, outcome.end);
            prop_assert!(bar.lane < chart.rows[bar.row].lanes);
        }
        for (i, a) in chart.bars.iter().enumerate() {
            for b in &chart.bars[i + 1..] {
                let overlap = a.start < b.end && b.start < a.end;
                prop_assert!(!(a.row == b.row && a.lane == b.lane && overlap), "{:?} hides {:?}", a, b);
            }
        }
    }

    /// The Jobs page's simulation, driven as a person drives it: jobs started from the
    /// scenario's builds as the start form gives them, the clock advanced in slices of any size
    /// and cancels at any moment. It never panics, and every job started ends once run out.
    #[test]
    fn jobs_started_cancelled_and_clocked_at_any_moment_all_end(
        mut scenario in arbitrary_scenario(),
        steps in proptest::collection::vec((0usize..10, 0u64..400_000, 1u64..50, proptest::option::of(0usize..40)), 1..40),
    ) {
        use buildbay_core::model::Job;
        use buildbay_core::simulate::scenario::{BuildEntry, PreparedBuild};
        use buildbay_core::simulate::start::{default_branches, default_git_ref, default_inputs, job_from_form, prepare_run};
        let builds = scenario::parse(&scenario.to_string()).unwrap().builds;
        scenario["workload"] = json!({"jobs": []});
        let mut engine = Engine::new(&scenario::parse(&scenario.to_string()).unwrap(), 1, Detail::Full);
        let mut started = Vec::new();
        for (build, advance, budget, cancel) in steps {
            let b = &builds[build % builds.len()];
            let services: Vec<String> = b.build.services.iter().map(|s| s.name.clone()).collect();
            let job: Job = job_from_form(Some(&b.build), b.semantics, &services, &default_branches(&b.build), default_inputs(&b.build), &default_git_ref(&b.build)).unwrap();
            if let Ok(run) = prepare_run(&job, &b.build, engine.now() as f64 / 1000.0) {
                let profile = engine.add_build(&PreparedBuild { name: b.name.clone(), semantics: b.semantics, build: run.build }, &BuildEntry::default());
                started.push(engine.add_job_for(profile, run.spec, &Default::default()));
            }
            engine.run_bounded(engine.now() + advance, budget);
            if let Some(k) = cancel.filter(|k| *k < started.len()) {
                engine.cancel_now(started[k]);
            }
        }
        engine.run();
        let outcome = Outcome::of(&mut engine);
        prop_assert_eq!(outcome.jobs.len(), started.len());
        for j in &outcome.jobs {
            prop_assert!(j.finished.is_some(), "job {} never ended: {:?}", j.id, j.transitions);
            prop_assert!(j.transitions.windows(2).all(|w| w[0].at <= w[1].at), "job {} timeline goes back", j.id);
        }
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
        // Concurrency limits hold: Zadig's tasks, a workflow's own limit, each task's job tasks,
        // and one Nuon job processed at a time per runner (the default runner's jobs made
        // `available`, the sandbox runner's held through their sleep).
        let settings = &prepared.scenario.zadig;
        let (workflow, job) = (settings.workflow_concurrency as usize, settings.job_concurrency as usize);
        let mut tasks = Vec::new();
        let mut z1_tasks = Vec::new();
        let mut runner = Vec::new();
        let mut sandbox = Vec::new();
        for j in &outcome.jobs {
            let end = j.finished.unwrap_or(f64::MAX);
            let first = |scope: &str, status: &str| j.transitions.iter().find(|t| t.scope == scope && t.status == status).map(|t| t.at);
            match j.semantics.as_str() {
                "zadig" => {
                    tasks.extend(first("task", "running").map(|at| (at, end)));
                    if j.build == "z1" {
                        z1_tasks.extend(first("task", "running").map(|at| (at, end)));
                    }
                    let mut units: Vec<(&str, f64, f64)> = Vec::new();
                    for t in j.transitions.iter().filter(|t| t.scope != "task") {
                        match units.iter_mut().find(|u| u.0 == t.scope) {
                            Some(u) => u.2 = t.at,
                            None if t.status == "prepare" => units.push((&t.scope, t.at, t.at)),
                            None => {}
                        }
                    }
                    let held: Vec<(f64, f64)> = units.iter().map(|u| (u.1, u.2)).collect();
                    prop_assert!(most_at_once(&held) <= job, "job {} ran {} job tasks at once, over {}", j.id, most_at_once(&held), job);
                }
                // A sandbox runner's job runs nothing and reads `finished` after its 5 s sleep,
                // unless cancelled meanwhile (or turned away before it started).
                "nuon" if j.build == "ns" => {
                    if let Some(started) = j.started {
                        sandbox.push((started, started + 5.0));
                        prop_assert!(j.steps.is_empty() && j.attempts == 0, "sandbox job {} ran", j.id);
                        if j.status != "cancelled" {
                            prop_assert_eq!((j.status.as_str(), j.finished), ("finished", Some(started + 5.0)), "sandbox job {}", j.id);
                        }
                    }
                }
                "nuon" => runner.extend(first("runner_job", "available").map(|at| (at, end))),
                _ => {}
            }
        }
        prop_assert!(most_at_once(&tasks) <= workflow, "{} Zadig tasks ran at once, over {}", most_at_once(&tasks), workflow);
        prop_assert!(most_at_once(&z1_tasks) <= 1, "z1-workflow, limited to 1, ran {} tasks at once", most_at_once(&z1_tasks));
        prop_assert!(most_at_once(&runner) <= 1, "the runner processed {} jobs at once", most_at_once(&runner));
        prop_assert!(most_at_once(&sandbox) <= 1, "the sandbox runner processed {} jobs at once", most_at_once(&sandbox));
    }
}

/// Whether `wanted` is anywhere in `value`, as a value (an object's keys are names, not values).
fn holds_value(value: &Value, wanted: &Value) -> bool {
    match value {
        Value::Object(fields) => fields.values().any(|v| holds_value(v, wanted)),
        Value::Array(items) => items.iter().any(|v| holds_value(v, wanted)),
        scalar => scalar == wanted,
    }
}

/// The most of these spans (start, end) that overlap at one moment; one ending as another
/// starts does not count as overlapping.
fn most_at_once(spans: &[(f64, f64)]) -> usize {
    let mut moments: Vec<(f64, i32)> = spans.iter().flat_map(|&(a, b)| [(a, 1), (b, -1)]).collect();
    moments.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    let mut at_once = 0i32;
    let mut most = 0i32;
    for (_, change) in moments {
        at_once += change;
        most = most.max(at_once);
    }
    most as usize
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any model that reads still reads with more nodes, which are exactly that many more,
    /// whatever names its rows already take (`n-2`, `n-extra`, `n-extra-1`…): "add nodes" is
    /// never refused for a clash the scenario did not write.
    #[test]
    fn any_model_that_reads_still_reads_with_more_nodes(rows in proptest::collection::vec((0usize..7, 1u32..4), 1..6), extra in 1u32..5) {
        let names = ["n", "n-2", "n-3", "n-extra", "n-extra-1", "n-extra2", "m"];
        let nodes: Vec<Value> = rows.iter().map(|(name, count)| json!({"name": names[*name], "count": count, "cpu": 1000, "memory": 1024})).collect();
        if let Ok(prepared) = scenario::parse(&json!({"clusters": [{"name": "c", "nodes": nodes}]}).to_string()) {
            let more = prepared.with_extra_nodes(extra);
            prop_assert!(more.is_ok(), "{rows:?} + {extra}: {:?}", more.err());
            let count = |p: &scenario::Prepared| p.scenario.clusters[0].nodes.iter().map(|r| r.count).sum::<u32>();
            prop_assert_eq!(count(&more.unwrap()), count(&prepared) + extra);
        }
    }

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

    /// Whatever a secret value is and wherever the scenario keeps it (a Zadig credential
    /// variable, a Rainbond password, a template's credential parameter), the scenario saved
    /// without secrets holds it nowhere, reads as holding none, and still reads as a scenario.
    #[test]
    fn a_scenario_saved_without_secrets_never_carries_one(secret in "[^*]{1,12}", place in 0..3usize, numbered in any::<bool>()) {
        let value = if numbered && place == 1 { json!(secret.len() * 7919) } else { json!(secret) };
        let (builds, templates) = match place {
            0 => (json!([{"name": "api", "definition": {"name": "api", "project_key": "p", "build_script": "make",
                    "parameters": [{"key": "TOKEN", "type": "string", "default_value": value, "is_credential": true}]}}]), json!([])),
            1 => (json!([{"name": "ui", "semantics": "rainbond", "definition": {"repo_url": "https://git.example.com/ui.git", "password": value}}]), json!([])),
            _ => (json!([]), json!([{"name": "go", "build_script": "make", "parameters": [{"key": "TOKEN", "type": "string", "default_value": value, "is_credential": true}]}])),
        };
        let text = json!({"seed": 1, "builds": builds, "templates": templates}).to_string();
        let held = scenario::holds_secrets(&text);
        let (out, masked) = scenario::without_secrets(&text).unwrap();
        prop_assert_eq!(masked, usize::from(held == Some(true)));
        prop_assert_eq!(scenario::holds_secrets(&out), Some(false), "{}", out);
        // Looked for as a value, not as text: a secret such as `": "` is also JSON's own syntax.
        let saved: Value = serde_json::from_str(&out).map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        if held == Some(true) {
            prop_assert!(!holds_value(&saved, &value), "{} still in {}", value, out);
        }
    }

    /// Whatever the two scenario texts are, the comparison answers with both scenarios or
    /// placed problems, and the storage rule with a verdict or "not JSON yet".
    #[test]
    fn any_pair_of_scenario_texts_is_read_without_panicking(a in "\\PC{0,120}", b in "\\PC{0,120}", braced in any::<bool>()) {
        use buildbay_core::simulate::compare::Alternative;
        let wrap = |t: &str| if braced { format!("{{\"builds\": [{{\"definition\": {t}}}]}}") } else { t.to_string() };
        let (a, b) = (wrap(&a), wrap(&b));
        let _ = scenario::holds_secrets(&a);
        let _ = scenario::without_secrets(&a);
        let _ = Alternative::Scenario(b).prepare(&a, &simulate::default_model());
        let _ = Alternative::ExtraNodes(1000).prepare(&a, &Default::default());
    }

    /// Any text travels in a scenario link and comes back as it was; any fragment a link may
    /// arrive with is answered (no scenario, the text, or why it does not read).
    #[test]
    fn any_text_travels_in_a_link_and_any_fragment_is_answered(text in "\\PC{0,300}", hash in "#?(scenario=)?[A-Za-z0-9_=%!&-]{0,40}") {
        use buildbay_core::simulate::scenario_link::{Linked, fragment, from_fragment};
        let made = fragment(&text, "A").unwrap();
        prop_assert_eq!(from_fragment(&made), Some(Ok(Linked { scenario: text, compared_with: None })));
        let _ = from_fragment(&hash);
    }
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
    let mut sliced = tally.finish(&mut engine);
    sliced.keep_scenario_words(&prepared);
    assert_eq!(serde_json::to_string(&sliced).unwrap(), at_once);
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
