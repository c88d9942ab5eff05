//! The `buildbay` binary as a person (or a CI job) runs it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn buildbay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildbay")).args(args).output().expect("run buildbay")
}

fn fixture(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures").join(path).display().to_string()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn version_names_the_binary_and_version() {
    let out = buildbay(&["--version"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim(), format!("buildbay {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_says_what_the_tool_is_for() {
    let out = buildbay(&["--help"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Zadig, Rainbond, Nuon and ServiceStage"), "{text}");
    assert!(text.contains("validate") && text.contains("convert"), "{text}");
}

#[test]
fn valid_documents_exit_zero_and_print_nothing() {
    let out = buildbay(&["validate", &fixture("seeds/zadig-build.json"), &fixture("backends/nuon-build.json")]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn errors_print_one_line_each_and_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "bad.json", r#"{"use_latest": false}"#);
    let out = buildbay(&["validate", &file]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with(&format!("{file}: error /git_ref (line 1, column 1): ")), "{text}");
    assert!(text.trim_end().ends_with("[required]"), "{text}");
}

#[test]
fn json_output_lists_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "bad.json", "{\n  \"job_name\": \"1x\",\n  \"environment_setting\": {}\n}");
    let out = buildbay(&["validate", "--format", "json", &file]);
    assert_eq!(out.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &findings[0];
    for key in ["file", "path", "code", "severity", "message", "source", "line", "column"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert_eq!(first["path"], "/job_name");
    assert_eq!(first["code"], "invalid-name");
    assert_eq!(first["source"], "server");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(2), Some(3)));
}

#[test]
fn unreadable_and_malformed_files_exit_two_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(dir.path(), "broken.json", "{\n  \"name\": \"x\",\n}");
    let out = buildbay(&["validate", "--format", "json", &broken, &fixture("seeds/zadig-build.json")]);
    assert_eq!(out.status.code(), Some(2));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings[0]["code"], "parse-error");
    assert_eq!((findings[0]["line"].as_u64(), findings[0]["column"].as_u64()), (Some(3), Some(1)));
    // In text, a finding about the whole file says no place, or its line and column alone:
    // "/" would read as a place (and is the key "" in JSON Pointer).
    let text = buildbay(&["validate", &broken]);
    assert!(stdout(&text).starts_with(&format!("{broken}: error (line 3, column 1): ")), "{}", stdout(&text));
    let missing = buildbay(&["validate", "/nonexistent/build.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stdout(&missing).starts_with("/nonexistent/build.json: error: Cannot read"), "{}", stdout(&missing));
    let binary = dir.path().join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    assert_eq!(buildbay(&["validate", &binary.display().to_string()]).status.code(), Some(2));
}

#[test]
fn huge_input_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    let out = buildbay(&["validate", &path.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("document-too-large"), "{}", stdout(&out));
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

#[test]
fn build_names_are_unique_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("seeds/zadig-build.json")).unwrap();
    let a = write(dir.path(), "a.json", &text);
    let b = write(dir.path(), "b.json", &text.replace("\"project_key\": \"yaml\"", "\"project_key\": \"other\""));
    let out = buildbay(&["validate", &a, &b]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains(&format!("{a}: error /name (line ")) && text.contains(&format!("{b}: error /name (line ")), "{text}");
    assert!(text.contains("[duplicate-name]"), "{text}");
}

#[test]
fn builds_in_an_array_or_an_export_do_not_collide_with_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("seeds/zadig-build.json")).unwrap();
    let other = text.replace("\"name\": \"api-test\"", "\"name\": \"api-other\"");
    assert_ne!(other, text);
    let array = write(dir.path(), "array.json", &format!("[{text}, {other}]"));
    let export = write(dir.path(), "export.json", &format!("{{\"buildbay\": 1, \"target\": \"zadig\", \"builds\": [{text}]}}"));
    for file in [&array, &export] {
        let out = buildbay(&["validate", file]);
        assert!(!stdout(&out).contains("duplicate-name"), "{file}: {}", stdout(&out));
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stdout(&out));
    }
    // The same build twice in one array is a duplicate, named by where the other one sits.
    let twice = write(dir.path(), "twice.json", &format!("[{text}, {text}]"));
    let out = stdout(&buildbay(&["validate", &twice]));
    assert!(out.contains("/0/name") && out.contains("already exists (") && out.contains("twice.json at /1)"), "{out}");
}

#[test]
fn a_builds_detail_and_its_list_entry_describe_one_build_not_two() {
    let (detail, list) = (fixture("seeds/zadig-build-detail.json"), fixture("seeds/zadig-build-list.json"));
    let out = buildbay(&["validate", &detail, &list]);
    assert!(!stdout(&out).contains("duplicate-name"), "{}", stdout(&out));
    // A request creating a build of that name still meets it.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("seeds/zadig-build.json")).unwrap().replace("\"name\": \"api-test\"", "\"name\": \"openapi-build\"");
    let request = write(dir.path(), "request.json", &text);
    let out = stdout(&buildbay(&["validate", &request, &detail, &list]));
    assert!(out.contains("request.json: error /name (line ") && out.contains("[duplicate-name]"), "{out}");
}

#[test]
fn target_validates_the_converted_request() {
    let out = buildbay(&["validate", "--target", "servicestage", &fixture("seeds/zadig-build.json")]);
    assert_eq!(out.status.code(), Some(1), "a Zadig repository has no URL for ServiceStage");
    // A converted request is not the file's text: its findings have no line and column.
    assert!(stdout(&out).contains("error /code_repo/url: "), "{}", stdout(&out));
    assert!(stdout(&out).contains("[not-carried]"), "{}", stdout(&out));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_buildbay"))
        .args(["validate", "--target", "rainbond", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(br#"{"build_type": "binary"}"#).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("-: error /build_type (line 1, column 2): "), "{}", stdout(&out));
}

/// A reader that stops early (`| head`) ends the process as it ends `cat`: no panic, no backtrace.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_buildbay"))
        .args(["simulate", &example("scenario.json"), "--extra-nodes", "2", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line of the comparison's JSON (about 170 KB, more than a pipe holds), then leave.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert_eq!(first, "{\n");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Only the scenario's findings, said before the run (the example's build too large for
    // any node), each on a line of its own that names the file: no panic, no "Broken pipe".
    let file = example("scenario.json");
    assert!(stderr.lines().count() >= 2 && stderr.lines().all(|l| l.starts_with(&format!("{file}: "))), "{stderr}");
    assert!(stderr.contains("[capacity-request-fits-no-node]") && !stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // SIGPIPE, 13 on Linux and macOS.
        assert_eq!(out.status.signal(), Some(13), "{:?}", out.status);
    }
}

#[test]
fn convert_prints_the_exact_body_and_losses_on_stderr() {
    let out = buildbay(&["convert", &fixture("seeds/zadig-build.json"), "--to", "zadig", "--include-secrets"]);
    assert!(out.status.success());
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let original: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("seeds/zadig-build.json")).unwrap()).unwrap();
    assert_eq!(body, original);

    let detail = buildbay(&["convert", &fixture("seeds/zadig-build-detail.json"), "--to", "zadig"]);
    let body: serde_json::Value = serde_json::from_slice(&detail.stdout).unwrap();
    assert_eq!(body["template_name"], "test", "a template build's detail becomes a create-from-template body");
    assert_eq!(body["target_services"][0]["repo_info"][0]["repo_namespace"], "liyue326");
    let stderr = String::from_utf8_lossy(&detail.stderr);
    assert!(stderr.contains("/post_build/scripts"), "{stderr}");

    let rainbond = buildbay(&["convert", &fixture("backends/servicestage-job.json"), "--to", "rainbond"]);
    let body: serde_json::Value = serde_json::from_slice(&rainbond.stdout).unwrap();
    assert_eq!(body, serde_json::json!({"branch": "main", "repo_url": "https://github.com/acme/api.git"}));

    // Zadig names a repository where ServiceStage gives its URL: the URL's owner and name carry over.
    let zadig = buildbay(&["convert", &fixture("backends/servicestage-job.json"), "--to", "zadig"]);
    let body: serde_json::Value = serde_json::from_slice(&zadig.stdout).unwrap();
    assert_eq!((&body["repo_info"][0]["repo_namespace"], &body["repo_info"][0]["repo_name"]), (&serde_json::json!("acme"), &serde_json::json!("api")));
}

#[test]
fn convert_says_what_the_other_backend_would_still_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let build = write(dir.path(), "tpl.json", r#"{"name": "user", "project_key": "demo", "template_name": "go",
        "target_services": [{"service_name": "user", "service_module": "user", "repo_info": [], "inputs": []}]}"#);
    let nuon = buildbay(&["convert", &build, "--to", "nuon"]);
    assert!(nuon.status.success());
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&nuon.stdout).unwrap(), serde_json::json!({"use_latest": false}));
    let stderr = String::from_utf8_lossy(&nuon.stderr);
    assert!(stderr.contains("tpl.json: Nuon would refuse the converted request: /git_ref: git_ref is required unless use_latest is true"), "{stderr}");

    // A body the other backend takes as it is gets no such line.
    let zadig = buildbay(&["convert", &fixture("seeds/zadig-build.json"), "--to", "zadig"]);
    assert!(!String::from_utf8_lossy(&zadig.stderr).contains("would refuse"), "{}", String::from_utf8_lossy(&zadig.stderr));
}

#[test]
fn convert_masks_secrets_unless_asked() {
    let out = buildbay(&["convert", &fixture("seeds/zadig-build.json"), "--to", "zadig"]);
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["parameters"][1]["default_value"], "********");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--include-secrets"));
    assert!(!stdout(&out).contains("abc123"));
}

fn example(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(name).display().to_string()
}

#[test]
fn simulate_prints_a_summary_and_every_jobs_waits_as_text() {
    let o = buildbay(&["simulate", &example("scenario.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    // The scenario's name and question come first, as the file gives them.
    assert!(out.starts_with("Scenario: one cluster, four backends — Zadig, Nuon, Rainbond and ServiceStage builds on one cluster: which wait"), "{out}");
    assert!(out.contains("\nSimulated 21 jobs until 1:51:07 (seed 7, "), "{out}");
    assert!(out.contains("  zadig        passed 13, timeout 1\n"), "{out}");
    assert!(out.contains("Insufficient cpu on all 4 nodes, Insufficient memory on all 4 nodes of cluster prod"), "{out}");
    assert!(out.contains("runner busy with job web-1"), "{out}");
}

#[test]
fn simulate_json_is_the_same_for_the_same_seed_and_names_each_jobs_final_status() {
    let path = example("scenario.json");
    let run = |seed: &str| stdout(&buildbay(&["simulate", &path, "--seed", seed, "--format", "json"]));
    let (a, b, c) = (run("3"), run("3"), run("4"));
    assert_eq!(a, b, "byte-identical for one seed");
    assert_ne!(a, c, "the seed drives durations and arrivals");
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["name"], "one cluster, four backends", "the result says which scenario it ran");
    assert!(v["description"].as_str().unwrap().starts_with("Zadig, Nuon, Rainbond and ServiceStage builds"));
    let trainer = v["jobs"].as_array().unwrap().iter().find(|j| j["id"] == "trainer-1").unwrap();
    assert_eq!((trainer["status"].as_str(), trainer["finished"].as_f64()), (Some("timeout"), Some(600.0)));
    assert!(trainer["waits"][0]["reason"].as_str().unwrap().starts_with("Insufficient cpu on all 4 nodes"));
}

/// `--job ID` prints one job's whole report, as the console's job page shows it; an id the run
/// lacks is refused with the ones it has, and so is a run that keeps summaries only.
#[test]
fn simulate_prints_one_jobs_report_with_job() {
    let path = example("scenario.json");
    let o = buildbay(&["simulate", &path, "--job", "web-2"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.starts_with("Job web-2 (Nuon, build web): finished, 2 attempts\nSubmitted 0:00:05, started 0:07:10, ended 0:10:30; waited 0:07:05, ran 0:03:20\nTimeline:\n"), "{out}");
    for line in [
        "  0:07:10  runner_job → timed-out — timeout waiting for runner to pick up job\n  0:07:10  build → error — build did not complete successfully\n",
        "Waits:\n  0:00:05–0:06:40 runner busy with job web-1\n  0:06:40–0:07:10 waiting for the runner to pick the job up\n",
        "  attempt 2  cleanup  0:10:17–0:10:30  finished\n",
        "Log:\n  0:07:10 [initialize] resetting\n",
        "As Nuon's API would show it:\n{\n",
    ] {
        assert!(out.contains(line), "{line:?} in {out}");
    }
    let json: serde_json::Value = serde_json::from_str(&stdout(&buildbay(&["simulate", &path, "--job", "trainer-1", "--format", "json"]))).unwrap();
    assert_eq!((json["id"].as_str(), json["status"].as_str(), json["finished"].as_f64()), (Some("trainer-1"), Some("timeout"), Some(600.0)));
    // With the findings about it (its build never fits), and none about the other builds.
    let findings: Vec<(&str, &str)> = json["findings"].as_array().unwrap().iter().map(|f| (f["path"].as_str().unwrap(), f["code"].as_str().unwrap())).collect();
    assert_eq!(findings, [("/builds/1/definition/advanced_settings/resource_spec", "capacity-request-fits-no-node")]);
    let api: serde_json::Value = serde_json::from_str(&stdout(&buildbay(&["simulate", &path, "--job", "api-1", "--format", "json"]))).unwrap();
    assert!(api.get("findings").is_none() && api["id"] == "api-1", "none bear on it");
    let missing = buildbay(&["simulate", &path, "--job", "nope"]);
    assert_eq!(missing.status.code(), Some(2));
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(said.contains("no job `nope`; its jobs are api-1, trainer-1, web-1,") && said.contains(" and 11 more"), "{said}");
    let summary = buildbay(&["simulate", &path, "--job", "web-2", "--detail", "summary"]);
    assert_eq!(summary.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&summary.stderr).contains("--job needs every job kept"));
    assert_ne!(buildbay(&["simulate", &path, "--job", "web-2", "--extra-nodes", "2"]).status.code(), Some(0), "one job of one run");
}

/// `--find` lists only the jobs a search finds, by the Simulator's table's rule, in the text and
/// the JSON alike; the summary above still counts every job.
#[test]
fn simulate_lists_only_the_jobs_find_asks_for() {
    let path = example("scenario.json");
    let text = |query: &str| stdout(&buildbay(&["simulate", &path, "--find", query]));
    let timeout = text("status:timeout");
    assert!(timeout.contains("Final status:\n  nuon         finished 3\n"), "the summary counts every job: {timeout}");
    assert!(timeout.ends_with("Jobs found by `status:timeout` (1 of 21 jobs matches):\n  trainer-1    zadig        timeout        submitted 0:00:00  ended 0:10:00  waited 0:10:00\n      job-0-0-0-build waited 0:00:00–0:10:00: Insufficient cpu on all 4 nodes, Insufficient memory on all 4 nodes of cluster prod\n"), "{timeout}");
    let busy = text("\"runner busy\" web");
    assert!(busy.contains("Jobs found by `\"runner busy\" web` (2 of 21 jobs match):\n  web-2 ") && busy.contains("\n  web-3 "), "a phrase in a wait reason: {busy}");
    // A status is matched whole, and one no job ended in is answered with the ones they did.
    let none = text("status:time");
    assert!(none.ends_with("Jobs found by `status:time` (0 of 21 jobs match).\nNo job ended `time`; this run's jobs ended `Cancel`, `finished`, `passed`, `refused`, `success` or `timeout`.\n"), "{none}");
    let nothing_else = text("status:passed nosuchword");
    assert!(nothing_else.ends_with("(0 of 21 jobs match).\n"), "a status some job ended in is not questioned: {nothing_else}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&buildbay(&["simulate", &path, "--find", "status:passed", "--format", "json"]))).unwrap();
    let ids: Vec<&str> = json["jobs"].as_array().unwrap().iter().map(|j| j["status"].as_str().unwrap()).collect();
    assert!(ids.len() == 13 && ids.iter().all(|s| *s == "passed") && json["summary"]["jobs"] == 21, "{ids:?}");
    assert_eq!(buildbay(&["simulate", &path, "--find", "api", "--extra-nodes", "1"]).status.code(), Some(2), "one run's jobs");
}

/// A scenario past 20,000 jobs keeps its summary only (full detail would take gigabytes for a
/// million), says so, and `--detail` chooses either way.
#[test]
fn simulate_keeps_every_job_up_to_twenty_thousand_and_detail_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = |per_hour: u32| serde_json::json!({"builds": [{"name": "web", "definition": {"git_ref": "main"}}],
        "runners": [{"name": "a"}], "workload": {"arrivals": [{"per_hour": per_hour, "from": 0, "until": 3600}]}}).to_string();
    let (big, small) = (write(dir.path(), "big.json", &scenario(25_000)), write(dir.path(), "small.json", &scenario(50)));
    let json = |args: &[&str]| -> serde_json::Value { serde_json::from_str(&stdout(&buildbay(args))).unwrap() };
    let kept = |v: &serde_json::Value| (v["detail"].as_str().map(String::from), v["jobs"].as_array().map(Vec::len).unwrap_or(0) > 0);
    let v = json(&["simulate", &big, "--format", "json"]);
    assert_eq!(kept(&v), (Some("summary".into()), false));
    assert!(v["summary"]["jobs"].as_u64().unwrap() > 20_000);
    let text = stdout(&buildbay(&["simulate", &big]));
    assert!(text.contains("Jobs: not kept; this run kept the summary only (`--detail full` keeps every job)."), "{text}");
    assert_eq!(kept(&json(&["simulate", &small, "--format", "json"])), (Some("full".into()), true));
    assert_eq!(kept(&json(&["simulate", &small, "--format", "json", "--detail", "summary"])), (Some("summary".into()), false));
    // The figures are the same whatever is kept; only a full run can sum its waits by reason.
    let full = json(&["simulate", &small, "--format", "json"]);
    assert!(full["summary"]["waits_by_reason"][0]["reason"] == "runner a busy with an earlier job", "{}", full["summary"]);
    let figures = |mut v: serde_json::Value| {
        v["summary"].as_object_mut().map(|s| s.remove("waits_by_reason"));
        v["summary"].to_string()
    };
    assert_eq!(figures(json(&["simulate", &small, "--format", "json", "--detail", "summary"])), figures(full), "the summary is the same whatever is kept");
    // Every job kept of a large scenario is told what it costs before it runs; a small one is not.
    let cost = "keeping every one of about 25,000 jobs (--detail full) takes about 0.2–0.3 GB of memory (7–14 KB a job";
    let every = buildbay(&["simulate", &big, "--detail", "full", "--format", "json"]);
    assert!(String::from_utf8_lossy(&every.stderr).contains(cost), "{}", String::from_utf8_lossy(&every.stderr));
    let every: serde_json::Value = serde_json::from_slice(&every.stdout).unwrap();
    assert_eq!(kept(&every), (Some("full".into()), true));
    assert!(buildbay(&["simulate", &small, "--detail", "full"]).stderr.is_empty());
}

#[test]
fn simulate_refuses_an_invalid_scenario_with_each_problem_and_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.json", "{\n  \"builds\": [],\n  \"workload\": {\"jobs\": [{\"build\": \"nope\", \"submit\": 0}]}\n}\n");
    let o = buildbay(&["simulate", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error /workload/jobs/0/build (line 3, column "), "{err}");
    assert!(err.contains("No build named `nope`: the scenario's `builds` name none. [unknown-build]"), "{err}");
    // With `--format json` a program reads them on stdout as `validate` prints findings.
    let o = buildbay(&["simulate", &path, "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let problems: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!((&problems[0]["file"], &problems[0]["path"], &problems[0]["code"], &problems[0]["line"]), (&serde_json::json!(path), &serde_json::json!("/workload/jobs/0/build"), &serde_json::json!("unknown-build"), &serde_json::json!(3)), "{problems}");
    // Past the hundredth problem one line says how many more, and names no place ("/" is a
    // pointer to a key named "", which the scenario has not).
    let jobs: Vec<String> = (0..150).map(|i| format!("{{\"build\": \"nope\", \"submit\": {i}}}")).collect();
    let path = write(dir.path(), "many.json", &format!("{{\"builds\": [], \"workload\": {{\"jobs\": [{}]}}}}", jobs.join(",\n")));
    let o = buildbay(&["simulate", &path]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 101, "{err}");
    let last = format!("{path}: error: …and 50 more (150 errors in all; the first 100 are listed). Fix these and run again to see the rest. [more-problems]");
    assert_eq!(err.lines().last(), Some(last.as_str()));
}

#[test]
fn simulate_runs_on_what_reads_and_says_on_stderr_what_did_not() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = r#"{"clusters": [{"name": "c", "nodes": [{"name": "a", "cpu": 4000, "memory": 8192}]}],
 "builds": [{"definition": {"name": "g", "project_key": "p", "build_script": "make",
   "advanced_settings": {"timeout": 5, "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024, "gpu_limit": 1}}}}],
 "workload": {"jobs": [{"build": "g", "submit": 0}]}}"#;
    let path = write(dir.path(), "gpu.json", scenario);
    let o = buildbay(&["simulate", &path, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("stdout stays pure JSON");
    assert_eq!(v["jobs"][0]["status"], "passed", "the GPU limit that did not read is not simulated");
    // The result keeps what stderr says, each finding as `validate --format json` prints it.
    let finding = v["findings"].as_array().unwrap().iter().find(|f| f["path"] == "/builds/0/definition/advanced_settings/resource_spec/gpu_limit").expect("the result keeps the finding");
    assert_eq!((finding["code"].as_str(), finding["line"].as_u64()), (Some("invalid-type"), Some(3)), "{finding}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("simulated as read, with these findings (a part that did not read or does not apply is left out; a build no node can take waits until its timeout):"), "{err}");
    assert!(err.contains("/builds/0/definition/advanced_settings/resource_spec/gpu_limit (line 3, column "), "{err}");
}

/// Four 3-CPU builds of ten minutes at once on three 4-CPU nodes: the fourth waits ten minutes.
const FOUR_BUILDS: &str = r#"{"clusters": [{"name": "c", "nodes": [{"name": "n", "count": 3, "cpu": 4000, "memory": 8192}]}],
 "zadig": {"workflow_concurrency": 10},
 "builds": [{"definition": {"name": "g", "project_key": "p", "build_script": "make",
   "advanced_settings": {"timeout": 60, "resource_spec": {"cpu_limit": 3000, "memory_limit": 1024}}}}],
 "workload": {"jobs": [{"build": "g", "submit": 0, "duration": 600}, {"build": "g", "submit": 0, "duration": 600},
   {"build": "g", "submit": 0, "duration": 600}, {"build": "g", "submit": 0, "duration": 600}]}}"#;

#[test]
fn simulate_compares_with_more_nodes_or_a_second_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.json", FOUR_BUILDS);
    let o = buildbay(&["simulate", &a, "--extra-nodes", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    assert!(text.starts_with("Add 1 node: p95 wait 0:10:00 → 0:00:00, max wait 0:10:00 → 0:00:00\n"), "{text}");
    assert!(text.contains("== As written (") && text.contains("== With extra nodes ("), "{text}");
    // B: the same jobs on two 8-CPU nodes.
    let b = write(dir.path(), "b.json", &FOUR_BUILDS.replace(r#""count": 3, "cpu": 4000, "memory": 8192"#, r#""count": 2, "cpu": 8000, "memory": 16384"#));
    let o = buildbay(&["simulate", &a, "--compare", &b, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["comparison"], "Scenario A → B: p95 wait 0:10:00 → 0:00:00, max wait 0:10:00 → 0:00:00");
    let required = |run: &serde_json::Value| run["findings"].as_array().map(|f| f.iter().filter(|f| f["code"] == "required").count());
    assert_eq!((required(&v["first"]), required(&v["second"])), (Some(4), Some(4)), "each run keeps its scenario's findings");
    assert_eq!((v["first"]["jobs"].as_array().map(Vec::len), v["second"]["nodes"].as_array().map(Vec::len)), (Some(4), Some(2)));
    // Over seeds too: the sweep keeps each side's findings, as a single run's result does.
    let o = buildbay(&["simulate", &a, "--compare", &b, "--seeds", "2", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!((required(&v), v["compared_findings"].as_array().map(|f| f.iter().filter(|f| f["code"] == "required").count())), (Some(4), Some(4)), "{v}");
    // A problem in B is B's, with its file, line and column; nothing is printed on stdout.
    let broken = write(dir.path(), "broken.json", "{\n  \"workload\": {\"jobs\": [{\"build\": \"nope\", \"submit\": 0}]}\n}\n");
    let o = buildbay(&["simulate", &a, "--compare", &broken]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.json: error /workload/jobs/0/build (line 2, column "), "{err}");
    // The two kinds of comparison exclude each other, and a count that does not read is refused.
    assert_eq!(buildbay(&["simulate", &a, "--compare", &b, "--extra-nodes", "1"]).status.code(), Some(2));
    let o = buildbay(&["simulate", &a, "--extra-nodes", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Give between 1 and 1000 extra nodes, not 0."));
    // Nodes are more of a node row: a scenario without one is refused, not compared with itself.
    let bare = write(dir.path(), "bare.json", "{}");
    let o = buildbay(&["simulate", &bare, "--extra-nodes", "2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bare.json: error /clusters: There is no node row to add nodes to"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = buildbay(&["simulate", &bare, "--compare", &bare]);
    assert!(stdout(&o).starts_with("Scenario A → B: no jobs in either run\n"), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&buildbay(&["simulate", &bare, "--format", "json"]))).unwrap();
    assert!(v.get("findings").is_none(), "a scenario without findings gets none: {v}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&buildbay(&["simulate", &bare, "--seeds", "2", "--format", "json"]))).unwrap();
    assert!(v.get("findings").is_none() && v.get("compared_findings").is_none(), "nor does its sweep: {v}");
    assert!(v.get("name").is_none() && v.get("description").is_none(), "nor a name it does not give: {v}");
}

#[test]
fn simulate_seeds_runs_consecutive_seeds_and_says_how_the_waits_spread() {
    let example = example("scenario.json");
    let o = buildbay(&["simulate", &example, "--seeds", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    // Under the scenario's name and question, from its own seed (7), a row each.
    assert!(text.starts_with("Scenario: one cluster, four backends — Zadig, Nuon") && text.contains("\np95 wait "), "{text}");
    assert!(text.contains(" over 3 seeds (7 to 9)\n"), "{text}");
    for seed in ["7", "8", "9"] {
        assert!(text.lines().any(|l| l.trim_start().starts_with(&format!("{seed} ")) && l.contains("zadig passed")), "seed {seed}:\n{text}");
    }
    assert!(text.contains("Over the seeds (median, lowest to highest):\n  wait p50  "), "{text}");
    // Each seed's row is that seed's run: the first is the plain run's.
    let alone = stdout(&buildbay(&["simulate", &example]));
    let zadig = alone.lines().find(|l| l.starts_with("  zadig ")).unwrap().trim_start_matches("  zadig").trim().to_string();
    assert!(text.lines().any(|l| l.trim_start().starts_with("7 ") && l.contains(&format!("zadig {zadig}"))), "{zadig}\n{text}");
    // With --seed, from there; compared, both sides on every seed; json is the sweep.
    let o = buildbay(&["simulate", &example, "--seeds", "2", "--seed", "40", "--extra-nodes", "2", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // It says what it ran, as a single run's result does.
    assert_eq!((v["name"].as_str(), v["description"].as_str().map(|d| d.starts_with("Zadig, Nuon"))), (Some("one cluster, four backends"), Some(true)), "{v}");
    let line = v["line"].as_str().unwrap();
    assert!(line.starts_with("Add 2 nodes: p95 wait ") && line.contains(" over 2 seeds (40 to 41); lower on "), "{line}");
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.iter().map(|r| r["seed"].as_u64()).collect::<Vec<_>>(), [Some(40), Some(41)]);
    assert!(runs.iter().all(|r| r["compared"]["jobs"] == r["summary"]["jobs"]), "the same seed draws the same jobs on both sides");
    assert!(v["compared_wait"]["p95"]["median"].is_number());
    // A count that does not read, or one job's report over many seeds, is refused.
    let o = buildbay(&["simulate", &example, "--seeds", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("give a whole number from 1 to 100"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(buildbay(&["simulate", &example, "--seeds", "2", "--job", "api-1"]).status.code(), Some(2));
}

/// A comparison's Simulator link asks its question here too: A against the B it carries, or
/// against more nodes, as `--compare` and `--extra-nodes` would with the files; a flag given
/// asks its own question instead.
#[test]
fn a_comparison_link_runs_its_comparison() {
    use buildbay_core::simulate::compare::Alternative;
    use buildbay_core::simulate::scenario_link::comparison_fragment_for;
    let a = example("scenario.json");
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("one-at-a-time.json").to_string_lossy().into_owned();
    let first = std::fs::read_to_string(&a).unwrap();
    let second = first.replacen("\"workflow_concurrency\": 2", "\"workflow_concurrency\": 1", 1);
    assert_ne!(first, second, "the example has a workflow concurrency to change");
    std::fs::write(&b, &second).unwrap();
    let texts = [first, second];
    let link_to = |alternative| format!("http://127.0.0.1:8080/simulator#{}", comparison_fragment_for(&texts[0], &alternative, &Default::default()).unwrap());
    let with_b = link_to(Alternative::Scenario(texts[1].clone()));
    let by_link = buildbay(&["simulate", &with_b, "--seed", "3"]);
    assert!(by_link.status.success(), "{}", String::from_utf8_lossy(&by_link.stderr));
    let by_files = buildbay(&["simulate", &a, "--compare", &b, "--seed", "3"]);
    let names = |out: &str| out.replace(&a, "link").replace(&b, "link's scenario B");
    assert_eq!(stdout(&by_link), names(&stdout(&by_files)));
    assert!(stdout(&by_link).contains("== Scenario B (link's scenario B) =="), "{}", stdout(&by_link));
    let with_nodes = link_to(Alternative::ExtraNodes(2));
    let (by_link, by_file) = (buildbay(&["simulate", &with_nodes, "--format", "json"]), buildbay(&["simulate", &a, "--extra-nodes", "2", "--format", "json"]));
    assert_eq!(stdout(&by_link), stdout(&by_file));
    // A flag asks another question; `--job` reports on scenario A's job.
    let asked = buildbay(&["simulate", &with_nodes, "--extra-nodes", "5", "--format", "json"]);
    assert_eq!(stdout(&asked), stdout(&buildbay(&["simulate", &a, "--extra-nodes", "5", "--format", "json"])));
    let job = buildbay(&["simulate", &with_b, "--job", "api-1"]);
    assert_eq!(stdout(&job), stdout(&buildbay(&["simulate", &a, "--job", "api-1"])));
}

/// A Simulator link (as "Copy a link to scenario A" makes it) runs the scenario it carries, as
/// the file runs, its findings named by the word "link" rather than its kilobytes; a link cut
/// short exits 2 saying so.
#[test]
fn a_simulator_link_runs_as_its_scenario_file() {
    use buildbay_core::simulate::scenario_link::fragment_for;
    let file = example("scenario.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let link = format!("http://127.0.0.1:8080/simulator#{}", fragment_for(&text, "A", &Default::default()).unwrap());
    let (by_file, by_link) = (buildbay(&["simulate", &file, "--seed", "3"]), buildbay(&["simulate", &link, "--seed", "3"]));
    assert!(by_link.status.success(), "{}", String::from_utf8_lossy(&by_link.stderr));
    assert_eq!(stdout(&by_link), stdout(&by_file));
    let said = String::from_utf8_lossy(&by_link.stderr).into_owned();
    assert!(said.starts_with("link: simulated as read") && !said.contains("#scenario="), "{said}");
    // Compared with itself, both headed by the word.
    let both = buildbay(&["simulate", &link, "--compare", &link]);
    assert!(stdout(&both).contains("== Scenario A (link) ==") && stdout(&both).contains("== Scenario B (link) =="), "{}", stdout(&both));
    let cut = buildbay(&["simulate", &format!("{}!", &link[..link.len() - 1])]);
    assert_eq!(cut.status.code(), Some(2));
    let why = String::from_utf8_lossy(&cut.stderr).into_owned();
    assert!(why.starts_with("link: error") && why.contains("The link's scenario does not read"), "{why}");
}
