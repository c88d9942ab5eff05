//! What a run reports: job tables, logs, charts, utilisation, percentiles, live lines.

use super::*;

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
    let pair = Alternative::ExtraNodes(2).prepare(&text, &simulate::default_model()).unwrap();
    let seed = pair.first.scenario.seed;
    let (a, b) = (simulate::simulate(&pair.first, seed, Detail::Full), simulate::simulate(&pair.second, seed, Detail::Full));
    assert!(a.summary.wait.p95 >= 15.0 * 60.0, "the api builds queue for nodes: p95 wait {} s", a.summary.wait.p95);
    assert!(b.summary.wait.p95 * 4.0 <= a.summary.wait.p95, "two more nodes cut the p95 wait: {} s → {} s", a.summary.wait.p95, b.summary.wait.p95);
    let reasons: Vec<&str> = a.jobs.iter().flat_map(|j| j.waits.iter().map(|w| w.reason.as_str())).collect();
    assert!(reasons.iter().any(|r| r.starts_with("Insufficient cpu on all 3 nodes")), "{reasons:?}");
    // The line the README quotes.
    assert_eq!(Alternative::ExtraNodes(2).line(&a.summary, &b.summary), "Add 2 nodes: p95 wait 0:21:23 → 0:03:11, max wait 0:24:43 → 0:21:40");
    // Read alone, as `buildbay simulate` reads a file, it names no clusters, and is told so.
    let problems = scenario::parse(&text).unwrap_err();
    let no_nodes = problems.iter().find(|d| d.code == "no-nodes").unwrap_or_else(|| panic!("{problems:?}"));
    assert!(no_nodes.message.contains("The scenario names no `clusters`: write them with their `nodes`") && no_nodes.message.ends_with("with that model in (\"With the cluster model above\")."), "{}", no_nodes.message);
    // A scenario that names clusters without nodes is not told it names none.
    let bare = text.replacen("{", "{\"clusters\": [{\"name\": \"local\", \"nodes\": []}],", 1);
    let problems = scenario::parse(&bare).unwrap_err();
    let no_nodes = problems.iter().find(|d| d.code == "no-nodes").unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!(no_nodes.message, "Zadig, Rainbond and ServiceStage builds need at least one cluster with nodes.");
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

    // A scenario without jobs says so under each heading rather than leaving one empty.
    let text = simulate::text::summary(&run(json!({})), 0);
    assert!(text.contains("Final status: no jobs\nWait:  no jobs\nRun:   no job ran to an end\n"), "{text}");
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

/// One job's report (`--job`) keeps the findings about that job: its build's, its own entry's
/// (an id-less one found by its build and submission), and the scenario-wide ones, not those
/// about other builds and jobs.
#[test]
fn a_jobs_findings_are_those_about_it_and_the_whole_scenario() {
    let text = json!({"clusters": cluster(json!([{"name": "n", "cpu": 4000, "memory": 16}])),
        "builds": [zadig_build("big", json!({"timeout": 5, "resource_spec": {"cpu_limit": 8000, "memory_limit": 1024}})),
                   {"name": "web", "semantics": "nuon", "definition": {"git_ref": "main"}}],
        "workload": {"jobs": [{"build": "web", "submit": 0, "services": ["x"]}, {"id": "b", "build": "big", "submit": 5}]}}).to_string();
    let prepared = scenario::parse(&text).unwrap();
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    let paths = |id: &str| -> Vec<String> { prepared.findings_about(job(&o, id)).into_iter().map(|d| d.path).collect() };
    let (web, big) = (paths(&o.jobs[0].id), paths("b"));
    assert!(web.contains(&"/workload/jobs/0/services".to_string()) && web.contains(&"/clusters/0/nodes/0/memory".to_string()), "{web:?}");
    assert!(!web.iter().any(|p| p.starts_with("/builds/0/")), "{web:?}");
    assert!(big.iter().any(|p| p.starts_with("/builds/0/definition/advanced_settings")) && big.contains(&"/clusters/0/nodes/0/memory".to_string()), "{big:?}");
    assert!(!big.iter().any(|p| p.starts_with("/workload/jobs/0")), "{big:?}");
}

/// A template's findings are about the jobs of the builds made from it, and no other's; kept
/// apart from the scenario (the Simulator's job dialog reads them after the run), they say the same.
#[test]
fn a_templates_findings_are_about_the_jobs_of_its_builds() {
    let text = json!({"builds": [{"name": "api", "definition": {"name": "api", "project_key": "p", "template_name": "go-service",
            "target_services": [{"service_name": "api", "service_module": "api"}]}},
                   {"name": "web", "semantics": "nuon", "definition": {"git_ref": "main"}}],
        "templates": [{"name": "go-service", "build_script": "echo short", "project_key": "p"}],
        "runners": [{"name": "org-runner"}], "clusters": cluster(json!([{"name": "n", "cpu": 4000, "memory": 8192}])),
        "workload": {"jobs": [{"build": "api", "submit": 0}, {"id": "w", "build": "web", "submit": 0.0004}],
                     "arrivals": [{"builds": ["web"], "per_hour": 60, "from": 0, "until": 600}]}}).to_string();
    let prepared = scenario::parse(&text).unwrap();
    let o = simulate::simulate(&prepared, 1, Detail::Full);
    let kept = prepared.job_findings();
    let paths = |id: &str| -> Vec<String> { kept.about(job(&o, id)).into_iter().map(|d| d.path).collect() };
    assert_eq!(paths(&o.jobs.iter().find(|j| j.build == "api").unwrap().id), ["/templates/0/project_key"]);
    assert!(o.jobs.iter().filter(|j| j.build == "web").count() > 1, "arrivals made web jobs");
    for j in &o.jobs {
        assert_eq!(kept.about(j), prepared.findings_about(j), "{}", j.id);
        if j.build == "web" {
            assert!(paths(&j.id).is_empty(), "{}: {:?}", j.id, paths(&j.id));
        }
    }
}

/// A scenario's own name and question lead its result, so a saved result or one side of a
/// comparison says which question it answers; a scenario that gives neither writes neither,
/// and its result reads as before.
#[test]
fn a_result_carries_the_scenarios_name_and_question_first() {
    let scenario = |about: Value| {
        let mut s = json!({"clusters": one_node(4000), "builds": [zadig_build("a", json!({"timeout": 10}))],
            "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 60}]}});
        for (k, v) in about.as_object().unwrap() { s[k] = v.clone(); }
        scenario::parse(&s.to_string()).unwrap()
    };
    let named = scenario(json!({"name": "one node", "description": "Does one build fit?"}));
    let text = serde_json::to_string(&simulate::simulate(&named, 1, Detail::Full)).unwrap();
    assert!(text.starts_with(r#"{"name":"one node","description":"Does one build fit?","seed":1,"#), "{text}");
    assert!(buildbay_core::simulate::text::summary(&simulate::simulate(&named, 1, Detail::Full), 0).starts_with("Scenario: one node — Does one build fit?\nSimulated 1 job until 0:01:00"));
    let plain = scenario(json!({}));
    let text = serde_json::to_string(&simulate::simulate(&plain, 1, Detail::Full)).unwrap();
    assert!(text.starts_with(r#"{"seed":1,"#), "{text}");
    assert!(!text.contains(r#""description""#));
    // A name that is not a string is refused at it, as any field of the wrong kind.
    let refused = scenario::parse(&json!({"name": 5, "workload": {"jobs": []}}).to_string()).unwrap_err();
    assert!(refused.iter().any(|d| d.path == "/name" && d.message.contains("expected a string")), "{refused:?}");
}

/// The job page's log narrows to one step as to a search: the steps offered are those with
/// lines, in the order they begin, and the line beside the log counts what is kept of what.
#[test]
fn the_log_narrows_to_one_step_and_says_how_many_lines_it_keeps() {
    use buildbay_core::simulate::logs::log_steps;
    let o = run(json!({"clusters": cluster(json!([{"name": "n", "cpu": 8000, "memory": 16384}])), "builds": [zadig_build("api", json!({}))],
        "workload": {"jobs": [{"id": "1", "build": "api", "submit": 0}]}}));
    let j = job(&o, "1");
    let steps = log_steps(&j.logs);
    assert!(steps.len() >= 3, "{steps:?}");
    let first_lines: Vec<&str> = steps.iter().map(|s| j.logs.iter().find(|l| &l.step == s).unwrap().step.as_str()).collect();
    assert_eq!(first_lines, steps.iter().map(String::as_str).collect::<Vec<_>>());
    let begun: Vec<f64> = steps.iter().map(|s| j.logs.iter().find(|l| &l.step == s).unwrap().at).collect();
    assert!(begun.windows(2).all(|w| w[0] <= w[1]), "in the order they begin: {begun:?}");
    let count = |step: &String| j.logs.iter().filter(|l| &l.step == step).count();
    let step = steps.iter().max_by_key(|s| count(s)).unwrap();
    let of_step = count(step);
    assert!(of_step >= 2, "a step with lines enough to count in the plural: {:?}", j.logs);
    let all = j.logs.len();
    assert_eq!(j.log_line("", ""), None);
    assert_eq!(j.log_line("", step), Some(format!("{of_step} of {all} lines are from step {step}.")));
    assert_eq!(j.log_line("no such text", step), Some(format!("No line of step {step} matches “no such text” (it has {of_step}).")));
    let text = &j.logs.iter().find(|l| &l.step == step).unwrap().text;
    let kept = j.logs.iter().filter(|l| l.shown(&text.to_lowercase(), step)).count();
    assert!(kept >= 1 && j.logs.iter().filter(|l| l.shown(&text.to_lowercase(), step)).all(|l| &l.step == step));
    let said = j.log_line(text, step).unwrap();
    assert!(said.starts_with(&format!("{kept} of {of_step} lines of step {step} match")), "{said}");
    assert_eq!(j.log_line("", "no-such-step"), Some(format!("No line of {all} is from step no-such-step.")));
}

/// The text reads times as a clock and Zadig's task view do, in whole seconds passed, so a job
/// that ended at 57.6 s reads 0:00:57 beside Zadig's `end_time` of 57, and a sub-second wait's
/// ends and its length agree; a sum landing a hair under a whole second still reads it.
#[test]
fn the_text_reads_whole_seconds_passed_as_zadigs_task_view_does() {
    use buildbay_core::simulate::text::clock;
    assert_eq!([clock(57.6), clock(599.999_999_9), clock(-3.0), clock(3661.0)], ["0:00:57", "0:10:00", "0:00:00", "1:01:01"]);
    let o = run(json!({"clusters": one_node(4000), "builds": [zadig_build("a", json!({"resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 57.6}]}}));
    let text = buildbay_core::simulate::text::summary(&o, usize::MAX);
    assert!(text.contains("  j            zadig        passed         submitted 0:00:00  ended 0:00:57  waited 0:00:00\n"), "{text}");
    assert_eq!(o.jobs[0].backend["end_time"], json!(57.0), "Zadig's own view keeps the seconds passed too");
}

#[test]
fn a_wait_under_a_second_says_so_rather_than_reading_as_a_range_of_no_time() {
    use buildbay_core::simulate::text::span;
    assert_eq!([span(9.6, 10.0), span(9.9, 10.5), span(9.0, 10.0), span(0.0, 600.0)],
        ["0:00:09 (under a second)", "0:00:09 (under a second)", "0:00:09–0:00:10", "0:00:00–0:10:00"]);
    let o = run(json!({"clusters": one_node(4000), "zadig": {"workflow_concurrency": 1},
        "builds": [zadig_build("a", json!({"resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}}))],
        "workload": {"jobs": [{"id": "j", "build": "a", "submit": 0, "duration": 10}, {"id": "k", "build": "a", "submit": 9.6, "duration": 10}]}}));
    let text = buildbay_core::simulate::text::summary(&o, usize::MAX);
    assert!(text.contains("  k            zadig        passed         submitted 0:00:09  ended 0:00:20  waited 0:00:00\n      waited 0:00:09 (under a second): workflow concurrency 1 reached\n"), "{text}");
    assert_eq!(o.jobs[1].waits[0].describe(), "0:00:09 (under a second) workflow concurrency 1 reached");
}
