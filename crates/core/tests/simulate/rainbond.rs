//! Rainbond: the 3-minute rule, builder slots, attempts, refusals before an event exists.

use super::*;

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
    // Each build Rainbond accepts is answered with its event's id: 32 hex digits, one per event.
    let event = |id: &str| {
        let mut event = job(&o, id).backend["event"].clone();
        let event_id = event.as_object_mut().and_then(|e| e.remove("event_id")).unwrap_or_default();
        assert_eq!(job(&o, id).backend["event_id"], event_id, "the answer's id is its event's");
        (event_id.as_str().unwrap_or_default().to_string(), event)
    };
    let ((id1, event1), (id3, event3)) = (event("1"), event("3"));
    assert!(id1.len() == 32 && id1.chars().all(|c| c.is_ascii_hexdigit()) && id1 != id3, "{id1} {id3}");
    assert_eq!((old.finished, event1), (Some(600.0), json!({"status": "success", "final_status": "complete", "start_time": 0.0, "end_time": 600.0})));
    assert_eq!(event3, json!({"status": "success", "final_status": "complete", "start_time": 181.0, "end_time": 191.0}));
    assert!(job(&o, "3").steps.iter().all(|s| s.status == "success"), "steps in the event's words: {:?}", job(&o, "3").steps);
    // The event's start is kept to the second: one started at 0.6 s counts from 0 s, so a
    // build at 180.4 s is let through (and one at 180 s is not).
    let o = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096}]), json!([rb_build("ui", "source")]),
        json!([{"id": "1", "build": "ui", "submit": 0.6, "duration": 600}, {"id": "2", "build": "ui", "submit": 180}, {"id": "3", "build": "ui", "submit": 180.4, "duration": 10}]));
    assert_eq!((job(&o, "2").status.as_str(), job(&o, "3").status.as_str()), ("refused", "success"));
    assert_eq!(job(&o, "1").backend["event"]["start_time"], json!(0.0), "kept to the second");
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
    assert_eq!(refused.log_line("make", "").as_deref(), Some("The job wrote no log line."));
    let built = job(&o, "1");
    assert_eq!((built.start_line().as_str(), built.no_steps_line()), ("Started 1.", None));
    assert_eq!(built.log_line("", ""), None, "nothing searched, a log with lines needs no word");

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
    assert_eq!((waiting.no_steps_line().as_deref(), waiting.log_line("", "").as_deref()), (Some("No step has begun yet."), Some("No log line yet.")));
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

/// An image build pulls the image its request names, or, with no `repo_url`, the one its
/// component already has, and its log says which rather than leave the name blank.
#[test]
fn a_rainbond_image_build_logs_the_image_it_pulls() {
    let unnamed = json!({"name": "u", "semantics": "rainbond", "definition": {}, "rainbond": {"kind": "image", "component": "web"}});
    let o = rainbond(json!([{"name": "b", "cpu": 2000, "memory": 4096}]), json!([rb_build("i", "image"), unnamed]),
        json!([{"id": "i", "build": "i", "submit": 0}, {"id": "u", "build": "u", "submit": 0}]));
    let pulled = |id: &str| job(&o, id).logs.iter().map(|l| l.line().to_string()).find(|l| l.contains("Start pull image")).unwrap_or_default();
    assert!(pulled("i").ends_with("Start pull image: https://git.example.com/i.git"), "{}", pulled("i"));
    assert!(pulled("u").ends_with("Start pull image: the image of component web"), "{}", pulled("u"));
}
