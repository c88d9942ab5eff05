//! End-to-end: the Simulator's cluster form keeps what was typed and says what is wrong next to
//! the field; the cluster model it edits drives the editor's capacity lints; a large run shows
//! progress and can be cancelled; a run compares the scenario with more nodes.

use anyhow::{Context, ensure};
use buildbay_e2e::World;

#[tokio::test(flavor = "multi_thread")]
async fn the_cluster_model_drives_lints_and_runs_can_be_cancelled() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.import_fixture("seeds/zadig-build.json", "api-test").await?;
        w.goto("/simulator").await?;
        w.wait_until("document.getElementById('cl-0-nodes-0-cpu') !== null").await.context("the cluster form shows the default model")?;
        // A value that does not read: marked, explained, and kept as typed.
        w.type_into("cl-0-nodes-0-cpu", "4 cores").await?;
        w.wait_until("document.getElementById('cl-0-nodes-0-cpu').getAttribute('aria-invalid') === 'true'").await?;
        let message = w.text_of("cl-0-nodes-0-cpu-message").await?;
        ensure!(message.as_str().unwrap_or_default().contains("4 cores"), "the message quotes the text: {message}");
        // A model with a field that does not read is not run on.
        w.press("Run").await?;
        w.wait_until("(document.getElementById('scenario-error')?.textContent || '').includes('fix the marked fields')").await.context("the run is refused")?;
        // Nodes too small for the build's 100m request: the editor warns at the CPU request.
        w.type_into("cl-0-nodes-0-cpu", "50").await?;
        w.wait_until("document.getElementById('cl-0-nodes-0-cpu').getAttribute('aria-invalid') === 'false'").await?;
        let stored = w.stored_simulation_with("\"cpu\":\"50\"").await?;
        ensure!(stored.contains("\"cpu\":\"50\""), "the model is stored: {stored}");
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('cl-0-nodes-0-cpu')?.value === '50'").await.context("the model survives a reload")?;
        // A strategy's kind and a node's architecture are chosen, not typed; a kind that needs
        // labels says so at the labels.
        let kinds = w.eval_with("return [...document.getElementById('cl-0-strategies-0-strategy').options].map(o => o.value).join(',')", vec![]).await?;
        ensure!(kinds.as_str() == Some("normal,required,preferred"), "the kinds offered: {kinds}");
        ensure!(w.eval_with("return document.getElementById('cl-0-nodes-0-arch').tagName", vec![]).await?.as_str() == Some("SELECT"), "the architecture is a choice");
        w.choose("cl-0-strategies-0-strategy", "preferred").await?;
        w.wait_until("(document.getElementById('cl-0-strategies-0-labels-message')?.textContent || '').includes('node labels is empty')").await.context("preferred needs labels")?;
        w.choose("cl-0-strategies-0-strategy", "normal").await?;
        w.wait_until("document.getElementById('cl-0-strategies-0-labels').getAttribute('aria-invalid') === 'false'").await?;
        w.goto("/builds/api-test?section=advanced").await?;
        w.wait_until("(document.getElementById('f-advanced-resources-cpu_req-messages')?.textContent || '').includes('more than any node')").await.context("the capacity lint shows next to the CPU request")?;
        // A ServiceStage build for aarch64 on x86_64 nodes is told so at its architecture, in
        // ServiceStage's words, not as a request too large.
        w.goto("/builds").await?;
        w.import_here(r#"{"job_name": "edge-agent", "environment_setting": {"build_os": {"arch": "aarch64"}}}"#, "Import 1 build", "/builds/edge-agent").await?;
        w.goto("/builds/edge-agent?section=backend").await?;
        w.wait_until("(document.getElementById('f-servicestage-arch-messages')?.textContent || '').includes('no node of cluster local is aarch64')").await.context("the architecture lint shows next to the architecture")?;
        let message = w.text_of("f-servicestage-arch-messages").await?;
        ensure!(message.as_str().unwrap_or_default().contains("end `Timeout`"), "{message}");
        // Back to a model that fits; a large generated workload runs in slices and can be cancelled.
        w.goto("/simulator").await?;
        w.wait_until("document.getElementById('cl-0-nodes-0-cpu') !== null").await?;
        w.press("Reset to the default model").await?;
        w.wait_until("document.getElementById('cl-0-nodes-0-cpu').value === '4000'").await?;
        // Zadig's sizing rule worked out beneath its queue settings: 2 × 5 builds at the `low`
        // preset fit the three default nodes; sizes pasted as Kubernetes prints them (2.5 CPUs,
        // 1.5 GiB) hold 3, and the note turns into a warning.
        w.wait_until("(document.getElementById('zadig-room')?.textContent || '').startsWith('Up to 2 × 5 = 10 job tasks may run at once; cluster local holds 12 such builds')").await.context("the queue settings are weighed against the model")?;
        w.type_into("cl-0-nodes-0-cpu", "2500m").await?;
        w.type_into("cl-0-nodes-0-memory", "1536Mi").await?;
        w.wait_until("document.querySelector('#zadig-room .message.warning')?.textContent.includes('holds 3 such builds at a time') && document.getElementById('zadig-room').textContent.includes('the other 7 would start and wait')").await.context("quantities read and the overflow is a warning")?;
        ensure!(w.eval_with("return document.getElementById('cl-0-nodes-0-memory').getAttribute('aria-invalid')", vec![]).await? == "false", "a quantity is not marked");
        w.press("Reset to the default model").await?;
        w.wait_until("document.getElementById('cl-0-nodes-0-cpu').value === '4000'").await?;
        // The default row's three nodes are node-1…node-3: a row added is node-4, and a row
        // renamed to one of theirs is marked at its name.
        w.press("Add nodes").await?;
        w.wait_until("document.getElementById('cl-0-nodes-1-name') !== null").await.context("a node row is added")?;
        ensure!(w.value_of("cl-0-nodes-1-name").await? == "node-4", "the added row's name is free");
        ensure!(w.eval_with("return document.getElementById('cl-0-nodes-1-name').getAttribute('aria-invalid')", vec![]).await?.as_str() == Some("false"), "and reads");
        w.type_into("cl-0-nodes-1-name", "node-2").await?;
        w.wait_until("document.getElementById('cl-0-nodes-1-name').getAttribute('aria-invalid') === 'true'").await.context("a taken node name is marked")?;
        let taken = w.text_of("cl-0-nodes-1-name-message").await?;
        ensure!(taken.as_str().unwrap_or_default().contains("already called `node-2`"), "{taken}");
        w.press("Reset to the default model").await?;
        w.wait_until("document.getElementById('cl-0-nodes-1-name') === null").await?;
        w.type_into("workload-rate", "400000").await?;
        w.type_into("workload-hours", "1").await?;
        // The generated workload replaces the scenario's arrivals, and can be undone.
        let before = w.value_of("scenario-text").await?;
        w.press("Generate workload").await?;
        w.wait_until("document.getElementById('workload-status')?.textContent.includes('400000 jobs')").await?;
        // By keyboard: the spent Undo hands focus to the scenario it put back.
        w.eval_with("[...document.querySelectorAll('button')].find(b => b.textContent === 'Undo the workload').focus()", vec![]).await?;
        w.press_enter().await?;
        w.wait_until("document.activeElement.id === 'scenario-text'").await.context("focus goes to the scenario put back")?;
        ensure!(w.value_of("scenario-text").await? == before, "the scenario is back as it was");
        w.press("Generate workload").await?;
        w.wait_until("(document.getElementById('scenario-text')?.value || '').includes('400000')").await?;
        // By keyboard: Run is disabled while the run goes, and focus goes to Cancel run.
        w.press_with_enter("run-simulation").await?;
        w.wait_until("document.getElementById('run-progress') !== null").await.context("a progress bar shows")?;
        w.wait_until("Number(document.getElementById('run-progress').value) > 0").await.context("progress moves while the page stays responsive")?;
        w.wait_until("document.activeElement.id === 'cancel-run'").await.context("focus goes from Run to Cancel run")?;
        // Clicked from script: the button is read while the run yields between slices.
        w.eval_with("document.getElementById('cancel-run').click()", vec![]).await.context("cancel")?;
        w.wait_until("document.getElementById('run-progress') === null").await.context("cancel stops the run")?;
        w.wait_until("document.activeElement.id === 'run-simulation'").await.context("and back to Run as Cancel run goes")?;
        ensure!(w.eval_with("return document.getElementById('comparison')", vec![]).await?.is_null(), "a cancelled run shows no result");
        // A small workload runs to the end and is compared with more nodes; a number of extra
        // nodes that does not read is marked and kept as typed, and nothing runs.
        w.type_into("workload-rate", "60").await?;
        w.press("Generate workload").await?;
        w.type_into("extra-nodes", "none").await?;
        w.wait_until("document.getElementById('extra-nodes').getAttribute('aria-invalid') === 'true'").await.context("the field is marked")?;
        w.press("Run").await?;
        w.wait_until("(document.getElementById('scenario-error')?.textContent || '').includes('extra nodes')").await.context("the run is refused")?;
        let why = w.text_of("extra-nodes-message").await?;
        ensure!(why.as_str().unwrap_or_default().contains("`none` is not a whole number"), "the message quotes the text: {why}");
        ensure!(w.value_of("extra-nodes").await? == "none", "what was typed stays");
        w.type_into("extra-nodes", "3").await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the run ends")?;
        let text = w.text_of("comparison").await?;
        ensure!(text.as_str().unwrap_or_default().starts_with("Add 3 nodes: p95 wait"), "comparison: {text}");
        // The starting scenario's Rainbond build requests no CPU: each summary tells the
        // builder slots it held instead.
        let slots = w.eval_with("return [...document.querySelectorAll('.sim-summary dt')].filter(d => d.textContent === 'Builder slots held in local').map(d => d.nextElementSibling.textContent)", vec![]).await?;
        ensure!(slots.as_array().is_some_and(|s| s.len() == 2 && s.iter().all(|v| v.as_str().is_some_and(|v| v.ends_with('%') && v != "0.0%"))), "builder slots: {slots}");
        // Each backend's statuses under its name as the console spells it.
        let named = w.eval_with("return [...document.querySelector('.sim-summary').querySelectorAll('dt')].map(d => d.textContent).filter(t => /nuon|rainbond|servicestage|zadig/i.test(t))", vec![]).await?;
        ensure!(named == serde_json::json!(["Nuon", "Rainbond", "ServiceStage", "Zadig", "Nuon component builds"]), "backends named: {named}");
        // The Gantt chart follows in a task of its own.
        w.wait_until("document.querySelector('svg.gantt rect.bar') !== null").await.context("the Gantt chart is drawn")?;
        ensure!(w.eval_with("return document.querySelector('svg.utilisation-chart path.utilisation-line') !== null", vec![]).await?.as_bool() == Some(true), "the utilisation chart is drawn");
        ensure!(w.eval_with("return document.querySelector('svg.queue-chart path') !== null", vec![]).await?.as_bool() == Some(true), "the queue chart is drawn");
        // The three charts share one time axis: the same round times under each.
        let ticks = w.eval_with("return ['gantt', 'utilisation-chart', 'queue-chart'].map(c => [...document.querySelectorAll(`svg.${c} text.tick`)].map(t => t.textContent + '@' + t.getAttribute('x')).join(' '))", vec![]).await?;
        let ticks: Vec<String> = serde_json::from_value(ticks)?;
        ensure!(ticks[0].matches('@').count() >= 2 && ticks.iter().all(|t| *t == ticks[0]), "time axes: {ticks:?}");
        // The bars as a table, for keyboard users: drawn when opened, one row per bar.
        w.click(".gantt-table summary").await?;
        w.wait_until("document.querySelectorAll('.gantt-table tbody tr').length > 0").await.context("the table opens")?;
        let rows = w.eval_with("return [document.querySelectorAll('.gantt-table tbody tr').length, document.querySelectorAll('svg.gantt rect.bar').length]", vec![]).await?;
        ensure!(rows[0] == rows[1], "a row per bar: {rows}");
        // The starting scenario's Nuon builds run on their runner, which has a row of its own
        // after the nodes, with bars on it.
        let runner = w.eval_with("return [[...document.querySelectorAll('h2')].some(h => h.textContent.startsWith('Jobs on nodes and runners')), [...document.querySelectorAll('.gantt-table tbody tr')].some(r => r.cells[2].textContent === 'runner org-runner')]", vec![]).await?;
        ensure!(runner == serde_json::json!([true, true]), "a runner row with bars: {runner}");
        // Past 2,000 jobs the run keeps summaries only, yet still charts its CPU and queue,
        // sampled, and says so in place of the chart of jobs on nodes.
        w.type_into("workload-rate", "3000").await?;
        w.press("Generate workload").await?;
        w.wait_until("(document.getElementById('scenario-text')?.value || '').includes('3000')").await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('sampled-note') !== null").await.context("a summary run says how its charts are sampled")?;
        let note = w.text_of("sampled-note").await?;
        ensure!(note.as_str().unwrap_or_default().contains("more than 2000 jobs, so no chart or table of jobs one by one"), "{note}");
        let drawn = w.eval_with("return [document.querySelector('svg.gantt') === null, document.querySelector('svg.utilisation-chart path.utilisation-line')?.getAttribute('d').split('L').length, document.querySelector('svg.queue-chart path.queue-line')?.getAttribute('d').split('L').length]", vec![]).await?;
        ensure!(drawn[0] == true && drawn[1].as_u64() > Some(10) && drawn[2].as_u64() > Some(10), "no Gantt chart, and both sampled charts have a line: {drawn}");
        // A scenario whose fields do not read: every problem on its own line, each where it is,
        // the text marked and pointing at them, and Run offered again at once.
        w.paste_into("scenario-text", "{\"workload\": {\"jobs\": [{\"build\": \"g\", \"at\": 0}, {\"build\": \"g\", \"submit\": \"0:05:00\"}]}}").await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('scenario-text').getAttribute('aria-invalid') === 'true'").await.context("A is marked")?;
        let problems = w.text_of("scenario-error").await?;
        let problems = problems.as_str().unwrap_or_default();
        ensure!(problems.contains("/workload/jobs/0/at (line 1, column") && problems.contains("Did you mean `submit`?") && problems.contains("/workload/jobs/1/submit"), "{problems}");
        ensure!(w.eval_with("return document.getElementById('scenario-text').getAttribute('aria-describedby')", vec![]).await? == "scenario-error", "A points at its problems");
        ensure!(w.eval_with("return document.getElementById('run-progress') === null", vec![]).await? == true, "no progress left behind");
        // Each place is a button that puts the cursor there, counted in the text as typed
        // (the cluster model goes in after this one line's brace, and moves no column).
        let typed = w.value_of("scenario-text").await?;
        let column = typed.find("\"submit\"").context("the text has the field")? + 1;
        w.press(&format!("/workload/jobs/1/submit (line 1, column {column})")).await?;
        let cursor = w.eval_with("const t = document.getElementById('scenario-text'); return [document.activeElement === t, t.selectionStart, t.selectionEnd]", vec![]).await?;
        ensure!(cursor == serde_json::json!([true, column - 1, column - 1]), "the cursor is at the field: {cursor}");
        // In a long text the place is scrolled into sight: the field had stayed at its end.
        let jobs: Vec<serde_json::Value> = (0..80).map(|i| serde_json::json!({"build": if i == 20 { "missing" } else { "g" }, "submit": i})).collect();
        let long = serde_json::to_string_pretty(&serde_json::json!({"builds": [{"name": "g", "definition": {"git_ref": "main"}}], "workload": {"jobs": jobs}}))?;
        w.paste_into("scenario-text", &long).await?;
        w.press("Run").await?;
        w.wait_until("(document.getElementById('scenario-error')?.textContent || '').startsWith('/workload/jobs/20/build (line ')").await.context("the long text's problem is placed")?;
        w.click("#scenario-error li button").await?;
        let sight = w.eval_with("const t = document.getElementById('scenario-text'); return [document.activeElement === t, t.value.slice(t.selectionStart).startsWith('\"build\": \"missing\"'), t.scrollTop, t.scrollHeight - t.clientHeight]", vec![]).await?;
        let (top, end) = (sight[2].as_f64().unwrap_or_default(), sight[3].as_f64().unwrap_or_default());
        ensure!(sight[0] == true && sight[1] == true && top > 0.0 && top < end / 2.0, "the cursor is at the missing build, in sight: {sight}");
        // A build field that does not read: the run goes ahead without it and says so.
        let scenario = r#"{"builds": [{"definition": {"name": "g", "project_key": "p", "build_script": "make",
  "advanced_settings": {"timeout": 5, "cluster_name": "local", "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024, "gpu_limit": 1}}}}],
 "workload": {"jobs": [{"build": "g", "submit": 0}]}}"#;
        w.paste_into("scenario-text", scenario).await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('left-out') !== null").await.context("what did not read is listed")?;
        let left_out = w.text_of("left-out").await?;
        ensure!(left_out.as_str().unwrap_or_default().contains("/builds/0/definition/advanced_settings/resource_spec/gpu_limit (line 2, column"), "{left_out}");
        ensure!(w.eval_with("return document.getElementById('scenario-text').getAttribute('aria-invalid')", vec![]).await? == "false", "A reads now");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// Scenario A: four 3-CPU builds of ten minutes at once; on the default model's three 4-CPU
/// nodes the fourth waits ten minutes.
const FOUR_BUILDS: &str = r#"{"zadig": {"workflow_concurrency": 10},
 "builds": [{"definition": {"name": "g", "project_key": "p", "build_script": "make",
   "advanced_settings": {"timeout": 60, "cluster_name": "local", "resource_spec": {"cpu_limit": 3000, "memory_limit": 1024}}}}],
 "workload": {"jobs": [{"build": "g", "submit": 0, "duration": 600}, {"build": "g", "submit": 0, "duration": 600},
   {"build": "g", "submit": 0, "duration": 600}, {"build": "g", "submit": 0, "duration": 600}]}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_second_scenario_is_run_beside_the_first_and_kept_unless_it_holds_secrets() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        w.paste_into("scenario-text", FOUR_BUILDS).await?;
        w.click("#compare-scenario").await?;
        w.wait_until("(document.getElementById('scenario-b-message')?.textContent || '').includes('Scenario B is empty')").await.context("an empty B says so next to it")?;
        ensure!(w.eval_with("return document.getElementById('scenario-b-text').getAttribute('aria-invalid')", vec![]).await? == "true", "B is marked");
        w.press("Copy scenario A into B").await?;
        ensure!(w.value_of("scenario-b-text").await? == FOUR_BUILDS, "B starts as a copy of A");
        // B: the same builds on a cluster of its own, two 8-CPU nodes, where all four fit; B
        // says so in its own name and question.
        let bigger = FOUR_BUILDS.replacen('{', r#"{"name": "two big nodes", "description": "Do all four fit at once?", "clusters": [{"name": "local", "nodes": [{"name": "big", "count": 2, "cpu": 8000, "memory": 16384}]}],"#, 1);
        w.paste_into("scenario-b-text", &bigger).await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the run ends")?;
        let line = w.text_of("comparison").await?;
        ensure!(line == "Scenario A → B: p95 wait 0:10:00 → 0:00:00, max wait 0:10:00 → 0:00:00", "comparison: {line}");
        // Both runs download as one file, the CLI's comparison JSON: the same line, every job,
        // each run on its own nodes.
        w.capture_downloads().await?;
        w.press("Download results (JSON)").await?;
        let results: serde_json::Value = serde_json::from_str(&w.last_download().await?)?;
        ensure!(results["comparison"] == line, "the file's line: {}", results["comparison"]);
        ensure!(results["first"].get("name").is_none() && results["second"]["name"] == "two big nodes", "each run keeps its scenario's name, if any");
        for (run, nodes) in [("first", "node-1 node-2 node-3"), ("second", "big-1 big-2")] {
            let jobs = results[run]["jobs"].as_array().map_or(0, Vec::len);
            ensure!(jobs == 4 && results[run]["summary"]["jobs"] == 4, "{run}: {jobs} jobs");
            let names: Vec<&str> = results[run]["nodes"].as_array().into_iter().flatten().filter_map(|n| n["node"].as_str()).collect();
            ensure!(names.join(" ") == nodes, "{run}'s nodes: {names:?}");
        }
        // The file keeps what the page listed above the results, each at its place in the text as typed.
        let findings: Vec<(String, u64)> = results["first"]["findings"].as_array().into_iter().flatten()
            .map(|f| (f["path"].as_str().unwrap_or_default().to_string(), f["line"].as_u64().unwrap_or(0))).collect();
        ensure!(findings.contains(&("/builds/0/definition/build_os".to_string(), 2)), "the file's findings: {findings:?}");
        // Each summary says why its jobs waited: A's for CPU on the default model, B's not at all.
        let reasons = "return [...document.querySelectorAll('.sim-summary')].map(s => s.querySelector('.reasons-table') \
            ? [...s.querySelectorAll('.reasons-table tbody tr')].map(r => [...r.cells].map(c => c.textContent).join(' | ')).join('; ') \
            : s.querySelector('.muted')?.textContent)";
        let reasons = w.eval_with(reasons, vec![]).await?;
        ensure!(reasons == serde_json::json!(["Insufficient cpu on all 3 nodes of cluster local | 1 | 0:10:00", "No job waited."]), "why jobs waited: {reasons}");
        // A's jobs one by one: each with where it ran; a search finds the one that waited, and
        // says why and for how long; the longest wait comes first when asked.
        let table = "return [...document.querySelectorAll('.sim-jobs-table tbody tr')].map(r => [...r.cells].map(c => c.textContent).join(' | '))";
        w.wait_until("document.querySelectorAll('.sim-jobs-table tbody tr').length === 4").await.context("the table follows the charts")?;
        let all = w.eval_with(table, vec![]).await?;
        let all: Vec<String> = serde_json::from_value(all)?;
        ensure!(all.len() == 4 && all[0] == "job-1 | g | passed Zadig | 0:00:00 | 0:00:00 | 0:10:00 | 0:10:00 | node-1 | ", "A's jobs: {all:?}");
        w.type_into("sim-jobs-search", "insufficient CPU").await?;
        w.wait_until("document.querySelectorAll('.sim-jobs-table tbody tr').length === 1").await.context("the search narrows the table")?;
        let found: Vec<String> = serde_json::from_value(w.eval_with(table, vec![]).await?)?;
        ensure!(found == ["job-4 | g | passed Zadig | 0:00:00 | 0:10:00 | 0:10:00 | 0:20:00 | node-1 | 0:00:00–0:10:00 Insufficient cpu on all 3 nodes of cluster local (job-0-0-0-build)"], "found: {found:?}");
        ensure!(w.text_of("sim-jobs-count").await? == "1 of 4 jobs matches", "the count says so");
        // The jobs the search's words find, by final status; pressing one narrows the search to it.
        let tally = "return [...document.querySelectorAll('.sim-jobs .status-tally button')].map(b => b.textContent + ':' + b.getAttribute('aria-pressed')).join(',')";
        w.wait_until("document.querySelector('.sim-jobs .status-tally button')?.textContent === 'passed 1'").await.context("the tally follows the search")?;
        w.press("passed 1").await?;
        w.wait_until("document.getElementById('sim-jobs-search').value === 'status:passed insufficient CPU'").await.context("the status joins the search")?;
        ensure!(w.eval_with(tally, vec![]).await? == "passed 1:true", "pressed: {}", w.eval_with(tally, vec![]).await?);
        ensure!(w.text_of("sim-jobs-count").await? == "1 of 4 jobs matches", "the same job");
        w.type_into("sim-jobs-search", "status:timeout").await?;
        w.wait_until("document.getElementById('sim-jobs-count').textContent === '0 of 4 jobs match'").await.context("no job timed out")?;
        ensure!(w.eval_with(tally, vec![]).await? == "passed 4:false,timeout 0:true", "every job's status, and the one asked for: {}", w.eval_with(tally, vec![]).await?);
        w.type_into("sim-jobs-search", "").await?;
        w.choose("sim-jobs-order", "Longest wait first").await?;
        w.wait_until("document.querySelector('.sim-jobs-table tbody th')?.textContent === 'job-4'").await.context("the longest wait first")?;
        // A job's id opens its whole report: timeline, waits with the job task that waited,
        // steps on their node; Escape closes it and gives focus back to the id.
        w.click(".sim-jobs-table tbody th button").await?;
        w.wait_until("document.getElementById('sim-job-dialog')?.open === true").await.context("the report opens")?;
        ensure!(w.text_of("sim-job-dialog-title").await? == "Job job-4: Scenario A", "the report names the job and its run");
        let report = w.eval_with("const d = document.getElementById('sim-job-dialog'); return [d.querySelector('#job-status').textContent, d.querySelector('.waits').textContent, \
            [...d.querySelectorAll('.steps-table tbody tr')].map(r => r.cells[5].textContent).join(' ')]", vec![]).await?;
        ensure!(report[0] == "passed" && report[1] == "0:00:00–0:10:00 Insufficient cpu on all 3 nodes of cluster local (job-0-0-0-build)", "report: {report}");
        ensure!(report[2].as_str().is_some_and(|nodes| !nodes.is_empty() && nodes.split(' ').all(|n| n == "node-1")), "its steps ran on node-1: {report}");
        w.browser.client.active_element().await?.send_keys(&fantoccini::key::Key::Escape.to_string()).await?;
        w.wait_until("document.getElementById('sim-job-dialog')?.open === false && document.activeElement.textContent === 'job-4'").await.context("Escape closes it, focus back on the id")?;
        // A bar of the Gantt chart opens its job's report too.
        w.click("svg.gantt rect.bar").await?;
        w.wait_until("document.getElementById('sim-job-dialog')?.open === true").await.context("a bar opens its job's report")?;
        ensure!(w.text_of("sim-job-dialog-title").await? == "Job job-1: Scenario A", "the first bar is job-1's");
        // The report lists what the checks said of its build before the run.
        let found = w.eval_with("return [...document.querySelectorAll('#sim-job-dialog .job-findings li')].map(l => l.textContent)", vec![]).await?;
        let places: Vec<String> = serde_json::from_value::<Vec<String>>(found)?.into_iter().map(|f| f.split(" (").next().unwrap_or_default().to_string()).collect();
        ensure!(places == ["/builds/0/definition/infrastructure", "/builds/0/definition/build_os", "/builds/0/definition/script_type"], "job-1's findings: {places:?}");
        w.click("#sim-job-dialog .dialog-close").await?;
        w.wait_until("document.getElementById('sim-job-dialog')?.open === false").await?;
        let titles = w.eval_with("return [...document.querySelectorAll('.sim-summary h2')].map(h => h.textContent).join(', ')", vec![]).await?;
        ensure!(titles == "Scenario A, Scenario B", "side by side: {titles}");
        let about = w.eval_with("return [...document.querySelectorAll('.sim-summary')].map(s => s.querySelector('.scenario-about')?.textContent ?? null)", vec![]).await?;
        ensure!(about == serde_json::json!([null, "two big nodes — Do all four fit at once?"]), "B's summary says what B asks, A's nothing: {about}");
        // The charts are A's at first, and B's when chosen: B's Gantt rows are its own nodes.
        // (A row's label is its name as it fits, then its whole name as a tooltip.)
        let rows = "return [...document.querySelectorAll('svg.gantt > text:not(.tick)')].map(t => t.firstChild.textContent).join(' ')";
        ensure!(w.eval_with(rows, vec![]).await? == "node-1 node-2 node-3", "A's nodes");
        w.click("#charts-of-1").await?;
        w.wait_until("(document.querySelector('svg.gantt > text:not(.tick)')?.firstChild.textContent || '') === 'big-1'").await.context("B's charts")?;
        ensure!(w.eval_with(rows, vec![]).await? == "big-1 big-2", "B's nodes");
        // A job of B places its findings in B's text: a place closes the report, the text
        // behind it, and puts the cursor there.
        w.click("svg.gantt rect.bar").await?;
        w.wait_until("document.getElementById('sim-job-dialog')?.open === true").await.context("a bar of B opens its job's report")?;
        w.click("#sim-job-dialog .job-findings li:nth-child(2) button").await?;
        w.wait_until("document.getElementById('sim-job-dialog')?.open === false && document.activeElement?.id === 'scenario-b-text'").await.context("the place closes the report and goes to B's text")?;
        let line = w.eval_with("const b = document.getElementById('scenario-b-text'); return b.value.slice(0, b.selectionStart).split('\\n').length", vec![]).await?;
        ensure!(line == 2, "the cursor is on the finding's line: {line}");
        // Copying A over an edited B can be undone.
        w.press("Copy scenario A into B").await?;
        ensure!(w.value_of("scenario-b-text").await? == FOUR_BUILDS, "A copied over B");
        w.press("Undo the copy").await?;
        ensure!(w.value_of("scenario-b-text").await? == bigger, "B is back as it was");
        // A problem in B names B and where it is; nothing runs.
        w.paste_into("scenario-b-text", "{\n  \"workload\": {\"jobs\": [{\"build\": \"missing\", \"submit\": 0}]}\n}").await?;
        w.press("Run").await?;
        w.wait_until("(document.getElementById('scenario-error')?.textContent || '').startsWith('Scenario B /workload/jobs/0/build (line 2, column')").await.context("B's problem is placed")?;
        ensure!(w.eval_with("return document.getElementById('scenario-text').getAttribute('aria-invalid')", vec![]).await? == "false", "A is not marked for B's problem");
        let marked = w.eval_with("const b = document.getElementById('scenario-b-text'); return [b.getAttribute('aria-invalid'), b.getAttribute('aria-describedby')]", vec![]).await?;
        ensure!(marked == serde_json::json!(["true", "scenario-b-message scenario-error"]), "B is marked and points at its problem: {marked}");
        w.click("#scenario-error li button").await?;
        let cursor = w.eval_with("const b = document.getElementById('scenario-b-text'); return [document.activeElement === b, b.value.slice(b.selectionStart, b.selectionStart + 7)]", vec![]).await?;
        ensure!(cursor == serde_json::json!([true, "\"build\""]), "the place in B puts the cursor there: {cursor}");
        // …and the page is ready to run again at once: no progress left behind, Run offered.
        w.wait_until("document.getElementById('run-progress') === null && [...document.querySelectorAll('button')].find(b => b.textContent === 'Run')?.disabled === false")
            .await
            .context("Run is offered again after a scenario that does not read")?;
        // The choice and B are kept across a reload…
        w.paste_into("scenario-b-text", &bigger).await?;
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('scenario-b-text') !== null").await.context("the choice is kept")?;
        ensure!(w.value_of("scenario-b-text").await? == bigger, "B is kept");
        // …unless B holds a secret: then it stays in this tab only, and the page says so.
        let secret = bigger.replacen("\"build_script\": \"make\",", "\"build_script\": \"make\", \"parameters\": [{\"key\": \"TOKEN\", \"type\": \"string\", \"default_value\": \"s3cret-value\", \"is_credential\": true}],", 1);
        w.paste_into("scenario-b-text", &secret).await?;
        w.wait_until("document.getElementById('scenario-b-kept') !== null").await.context("the note shows")?;
        let stored = w.eval_with("return localStorage.getItem('buildbay.simulator.scenario-b')", vec![]).await?;
        ensure!(stored.is_null(), "B with a secret is not stored: {stored}");
        let everything = w.eval_with("return Object.keys(localStorage).map(k => localStorage.getItem(k)).join('\\n')", vec![]).await?;
        ensure!(!everything.as_str().unwrap_or_default().contains("s3cret-value"), "the secret is nowhere in local storage");
        // Scenario B, its note and the comparison's results pass axe.
        let found = w.accessibility_violations().await?;
        ensure!(found.is_empty(), "axe: {found:?}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A scenario larger than local storage holds is not silently lost on reload: the page says it
/// is kept in this tab only, and a scenario that fits again is stored again.
#[tokio::test(flavor = "multi_thread")]
async fn a_scenario_too_large_to_store_is_kept_in_the_tab_and_says_so() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        w.paste_into("scenario-text", FOUR_BUILDS).await?;
        // Twelve million characters of padding: more than any browser's local storage takes.
        w.eval_with(
            "const e = document.getElementById('scenario-text'); e.value = '{\"padding\": \"' + 'x'.repeat(12e6) + '\",' + e.value.slice(1); \
             e.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![],
        )
        .await?;
        w.wait_until("(document.getElementById('scenario-kept')?.textContent || '').includes('larger than the browser lets')").await.context("the note shows")?;
        let note = w.text_of("scenario-kept").await?;
        ensure!(note.as_str().unwrap_or_default().contains("(12.0 MB)"), "the note gives the size: {note}");
        let described = w.eval_with("return document.getElementById('scenario-text').getAttribute('aria-describedby')", vec![]).await?;
        ensure!(described == "scenario-kept", "the field points at the note: {described}");
        let stored = w.eval_with("return localStorage.getItem('buildbay.simulator.scenario')", vec![]).await?;
        ensure!(stored == FOUR_BUILDS, "the last version that fitted is still stored");
        // Back to a size that fits: stored, and the note goes.
        w.paste_into("scenario-text", &FOUR_BUILDS.replace("600", "660")).await?;
        w.wait_until("document.getElementById('scenario-kept') === null").await.context("the note goes")?;
        let stored = w.eval_with("return localStorage.getItem('buildbay.simulator.scenario')", vec![]).await?;
        ensure!(stored == FOUR_BUILDS.replace("600", "660"), "stored again: {stored}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// What was typed in the workload and "compare with" fields is there again after a reload.
#[tokio::test(flavor = "multi_thread")]
async fn the_workload_and_extra_nodes_fields_keep_what_was_typed() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        w.type_into("workload-rate", "45").await?;
        w.type_into("workload-hours", "1.5").await?;
        w.type_into("workload-builds", "api, web").await?;
        w.type_into("extra-nodes", "3").await?;
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('workload-rate') !== null").await?;
        for (id, typed) in [("workload-rate", "45"), ("workload-hours", "1.5"), ("workload-cap", "0"), ("workload-builds", "api, web"), ("extra-nodes", "3")] {
            let value = w.value_of(id).await?;
            ensure!(value == typed, "#{id} reads {value:?} after a reload, not {typed:?}");
        }
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A build stored in the console joins scenario A as its backend takes it, without its secret,
/// can be taken back, and is read by the run (which here places the cluster it names).
#[tokio::test(flavor = "multi_thread")]
async fn a_stored_build_is_added_to_the_scenario_without_its_secret() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.import_fixture("seeds/zadig-build.json", "api-test").await?;
        w.goto("/simulator").await?;
        w.paste_into("scenario-text", FOUR_BUILDS).await?;
        w.wait_until("document.querySelectorAll('#stored-build option').length === 2").await.context("the stored build is offered")?;
        let id = w.eval_with("return document.querySelectorAll('#stored-build option')[1].value", vec![]).await?;
        w.choose("stored-build", id.as_str().unwrap_or_default()).await?;
        w.press("Add to scenario A").await?;
        w.wait_until("(document.getElementById('stored-build-status')?.textContent || '').startsWith('Added build api-test to scenario A as Zadig takes it')").await.context("it says what it did")?;
        let scenario: serde_json::Value = serde_json::from_str(&w.value_of("scenario-text").await?)?;
        let added = &scenario["builds"][1];
        ensure!(added["name"] == "api-test" && added["semantics"] == "zadig" && added["definition"]["services"].as_array().map(Vec::len) == Some(2), "the build as Zadig takes it: {added}");
        ensure!(scenario["workload"] == serde_json::from_str::<serde_json::Value>(FOUR_BUILDS)?["workload"], "the rest as typed");
        let text = w.value_of("scenario-text").await?;
        ensure!(!text.contains("abc123") && text.contains("********"), "the credential's value is masked");
        // Masked, the scenario holds no secret: it is kept between visits, with no note.
        w.wait_until("localStorage.getItem('buildbay.simulator.scenario')?.includes('api-test')").await.context("the scenario is stored")?;
        ensure!(w.eval_with("return document.getElementById('scenario-kept')", vec![]).await?.is_null(), "no tab-only note");
        // An undo puts the scenario back as typed.
        w.press("Undo adding the build").await?;
        ensure!(w.value_of("scenario-text").await? == FOUR_BUILDS, "the undo puts back the text as typed");
        // The run reads an added build: the fixture's cluster is not in the console's model, and
        // the problem is placed; adding it again updates it in place.
        w.press("Add to scenario A").await?;
        w.wait_until("(document.getElementById('stored-build-status')?.textContent || '').startsWith('Added build')").await?;
        w.press("Run").await?;
        w.wait_until("(document.getElementById('scenario-error')?.textContent || '').includes('/builds/1/definition/advanced_settings/cluster_name')").await.context("the added build is read")?;
        w.press("Add to scenario A").await?;
        w.wait_until("(document.getElementById('stored-build-status')?.textContent || '').startsWith('Updated build api-test')").await.context("a second add updates")?;
        ensure!(w.value_of("scenario-text").await? == text, "an update of the same build changes nothing else");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A run's results are still there after a look at another page (they are not run again).
#[tokio::test(flavor = "multi_thread")]
async fn results_are_still_there_after_a_look_at_another_page() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        w.paste_into("scenario-text", FOUR_BUILDS).await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the run ends")?;
        let line = w.text_of("comparison").await?;
        w.click("nav a[href='/jobs']").await?;
        w.wait_until("location.pathname === '/jobs'").await?;
        w.click("nav a[href='/simulator']").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the results are back")?;
        let again = w.text_of("comparison").await?;
        ensure!(again == line, "the same results: {again} against {line}");
        ensure!(w.eval_with("return document.getElementById('run-progress')", vec![]).await?.is_null(), "nothing runs again");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A run of about 1,800 two-service jobs has some 3,600 bars, drawn a batch per task (in one
/// task they took 103–141 ms): every bar arrives, each opens its job, and the table has them all.
#[tokio::test(flavor = "multi_thread")]
async fn a_gantt_chart_of_thousands_of_bars_is_drawn_whole_in_batches() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        w.paste_into("scenario-text", buildbay_e2e::scenarios::MANY_BARS).await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the run ends")?;
        w.wait_until("document.querySelector('svg.gantt') !== null").await.context("the Gantt chart starts")?;
        let label = w.eval_with("return document.querySelector('svg.gantt').getAttribute('aria-label')", vec![]).await?;
        let count: usize = label.as_str().and_then(|l| l.strip_prefix("Gantt chart of ")).and_then(|l| l.split(' ').next()).and_then(|n| n.parse().ok()).unwrap_or(0);
        ensure!(count > 3_000, "thousands of attempts: {label}");
        w.wait_until(&format!("document.querySelectorAll('svg.gantt rect.bar').length === {count}")).await.context("every bar is drawn")?;
        // The last batch's bars open their job's report like the first's.
        w.click("svg.gantt g.bars rect.bar:last-of-type").await?;
        w.wait_until("document.getElementById('sim-job-dialog')?.open === true").await.context("a bar of the last batch opens its job")?;
        w.click("#sim-job-dialog .dialog-close").await?;
        w.click(".gantt-table summary").await?;
        w.wait_until(&format!("document.querySelectorAll('.gantt-table tbody tr').length === {count}")).await.context("the table has every bar")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}


/// A scenario opened from a file and saved to one, as scenarios travel between the Simulator
/// and `buildbay simulate`: the file's text comes in (with a way back) and runs, and goes out
/// under the file's name without its secret values, unless the admin asks for them that once.
#[tokio::test(flavor = "multi_thread")]
async fn a_scenario_is_opened_from_a_file_and_saved_without_its_secrets() -> anyhow::Result<()> {
    let fixture = include_str!("../../core/tests/fixtures/seeds/zadig-build.json");
    // On the fixture's own cluster, so that the file is a whole scenario for the CLI too.
    let cluster = r#"{"name": "local-20250523164625", "nodes": [{"name": "n", "cpu": 8000, "memory": 16384}]}"#;
    let scenario = format!(r#"{{"clusters": [{cluster}], "builds": [{{"name": "api", "definition": {fixture}}}], "workload": {{"jobs": [{{"id": "j1", "build": "api", "submit": 0, "duration": 60}}]}}}}"#);
    ensure!(scenario.contains("\"abc123\""), "the fixture's build holds a credential variable's value");
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("nightly.json");
    std::fs::write(&path, &scenario)?;
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        let before = w.value_of("scenario-text").await?;
        w.pick_file("scenario-a-open", &path).await?;
        w.wait_until("(document.getElementById('scenario-a-opened')?.textContent || '').startsWith('Opened nightly.json as scenario A.')").await.context("the file opens")?;
        ensure!(w.value_of("scenario-text").await? == scenario, "the text is the file's");
        // One click replaced the text: it comes back while the opened one stands untouched.
        w.press("Undo opening the file").await?;
        ensure!(w.value_of("scenario-text").await? == before, "the text before the file is back");
        w.pick_file("scenario-a-open", &path).await?;
        w.wait_until("document.getElementById('scenario-text').value.includes('abc123')").await.context("the same file opens again")?;
        // It holds a secret: the opt-in shows, off, and the file saved leaves the value out.
        let opt_in = "const e = document.getElementById('scenario-a-secrets'); return e ? e.checked : null";
        ensure!(w.eval_with(opt_in, vec![]).await? == serde_json::json!(false), "the opt-in shows, off");
        w.capture_downloads().await?;
        w.press("Save scenario A as a file").await?;
        let saved = w.last_download().await?;
        ensure!(!saved.contains("abc123") && saved.contains("\"********\""), "saved without the secret: {saved}");
        let status = w.text_of("scenario-a-saved").await?;
        ensure!(
            status == "Saved scenario A as nightly.json with the cluster model's Zadig queue and Nuon runners, the secret values of 1 build or template written as ********.",
            "status: {status}"
        );
        // The scenario names its own clusters; the model's Zadig queue and runners go in, so
        // that `buildbay simulate` runs the file as the page does. Nothing else changed.
        let read = |t: &str| serde_json::from_str::<serde_json::Value>(t);
        let mut file = read(&saved)?;
        ensure!(file["zadig"]["workflow_concurrency"].is_u64() && file["runners"][0]["name"] == "org-runner", "the model's parts: {saved}");
        file.as_object_mut().context("an object")?.retain(|key, _| key != "zadig" && key != "runners");
        ensure!(file == read(&scenario.replace("\"abc123\"", "\"********\""))?, "only the secret changed: {saved}");
        ensure!(buildbay_core::simulate::scenario::parse(&saved).is_ok(), "the saved file is a scenario `buildbay simulate` reads");
        // Without the model, and with the opt-in, the file holds the text as typed; the opt-in
        // is for that one save only.
        w.click("#scenario-a-model").await?;
        w.click("#scenario-a-secrets").await?;
        w.press("Save scenario A as a file").await?;
        w.wait_until("window.__downloads.length === 2").await.context("a second file")?;
        ensure!(w.last_download().await? == scenario, "saved as typed, secret and all");
        ensure!(w.eval_with(opt_in, vec![]).await? == serde_json::json!(false), "the opt-in is off again");
        // A file dropped on the text opens the same way; dropped text is left to the browser.
        w.paste_into("scenario-text", "{}").await?;
        let drop = "const dt = new DataTransfer(); dt.items.add(new File([arguments[0]], 'dropped.json', {type: 'application/json'})); \
            document.getElementById('scenario-text').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));";
        w.eval_with(drop, vec![serde_json::json!(scenario)]).await?;
        w.wait_until("(document.getElementById('scenario-a-opened')?.textContent || '').startsWith('Opened dropped.json as scenario A.')").await.context("a dropped file opens")?;
        ensure!(w.value_of("scenario-text").await? == scenario, "the text is the dropped file's");
        // The opened scenario runs (on its own cluster).
        w.press("Run").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the opened scenario runs")?;
        // A text that is not JSON cannot be searched for secrets: without the opt-in it is
        // not saved, and the alert says why and what to do; nothing typed is lost.
        w.paste_into("scenario-text", "{\"seed\": ").await?;
        w.press("Save scenario A as a file").await?;
        w.wait_until("(document.getElementById('scenario-a-saved')?.textContent || '').includes('is not saved')").await.context("refused")?;
        let refused = w.text_of("scenario-a-saved").await?;
        ensure!(refused.as_str().is_some_and(|t| t.starts_with("The scenario is not JSON yet (line 1")), "why: {refused}");
        ensure!(w.value_of("scenario-text").await? == "{\"seed\": ", "the text stays as typed");
        // Scenario B has the same controls; empty, it has nothing to save and no secret to ask about.
        w.click("#compare-scenario").await?;
        w.wait_until("document.getElementById('scenario-b-open') !== null").await.context("B's file controls")?;
        ensure!(w.eval_with("return document.getElementById('scenario-b-secrets') === null", vec![]).await? == serde_json::json!(true), "no opt-in for an empty B");
        w.press("Save scenario B as a file").await?;
        w.wait_until("(document.getElementById('scenario-b-saved')?.textContent || '') === 'Scenario B is empty: there is nothing to save yet.'").await.context("an empty B is not saved")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// Random arrivals on the default model: each seed draws other jobs, so the seeds' waits differ.
const ARRIVALS: &str = r#"{"name": "an hour of arrivals", "seed": 11, "zadig": {"workflow_concurrency": 20},
 "builds": [{"definition": {"name": "g", "project_key": "p", "build_script": "make",
   "advanced_settings": {"timeout": 60, "cluster_name": "local", "resource_spec": {"cpu_limit": 3000, "memory_limit": 1024}}}}],
 "workload": {"arrivals": [{"per_hour": 120, "from": 0, "until": 3600}]}}"#;

/// Over several seeds the comparison runs again on each, and the page says how the waits
/// spread and on how many seeds the extra node lowered them; a count that does not read is
/// marked at its field and not run.
#[tokio::test(flavor = "multi_thread")]
async fn a_comparison_over_several_seeds_says_how_the_waits_spread() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        w.paste_into("scenario-text", ARRIVALS).await?;
        w.type_into("extra-nodes", "1").await?;
        w.type_into("seed-count", "0").await?;
        w.wait_until("document.getElementById('seed-count').getAttribute('aria-invalid') === 'true'").await?;
        let message = w.text_of("seed-count-message").await?;
        ensure!(message.as_str().unwrap_or_default().contains("from 1 to 100"), "the field says what it takes: {message}");
        w.press("Run").await?;
        w.wait_until("document.getElementById('scenario-error') !== null").await?;
        let error = w.text_of("scenario-error").await?;
        ensure!(error.as_str().unwrap_or_default().contains("number of seeds"), "not run: {error}");
        w.type_into("seed-count", "4").await?;
        w.wait_until("document.getElementById('seed-count').getAttribute('aria-invalid') === 'false'").await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('seed-sweep') !== null").await.context("the sweep ends")?;
        let line = w.text_of("seed-sweep").await?;
        let line = line.as_str().unwrap_or_default();
        ensure!(line.starts_with("Add 1 node: p95 wait ") && line.contains(" over 4 seeds (11 to 14); lower on "), "{line}");
        let comparison = w.text_of("comparison").await?;
        ensure!(comparison.as_str().unwrap_or_default().starts_with("Add 1 node: "), "the first seed's runs are shown whole as before: {comparison}");
        let rows = w.eval_with("return Array.from(document.querySelectorAll('.seed-runs tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent))", vec![]).await?;
        let rows: Vec<Vec<String>> = serde_json::from_value(rows)?;
        ensure!(rows.len() == 8, "a row per seed and side: {rows:?}");
        let column = |k: usize| rows.iter().map(|r| r[k].as_str()).collect::<Vec<_>>();
        ensure!(column(0) == ["11", "11", "12", "12", "13", "13", "14", "14"] && column(1)[..2] == ["As written", "With extra nodes"], "{rows:?}");
        ensure!(column(6).iter().all(|s| s.starts_with("zadig passed ")), "{rows:?}");
        let p95: Vec<&str> = column(4).into_iter().step_by(2).collect();
        ensure!(p95.iter().any(|w| *w != p95[0]), "the seeds give different waits: {p95:?}");
        ensure!(w.eval_with("return document.querySelector('.seed-runs').open", vec![]).await? == serde_json::json!(true), "a few seeds' table shows open");
        let spreads = w.eval_with("return document.querySelector('.seed-spreads').textContent", vec![]).await?;
        ensure!(spreads.as_str().unwrap_or_default().starts_with("As writtenp50 0:00:00, p95 "), "each side's waits over the seeds: {spreads}");
        // The seeds' runs download as the CLI's sweep JSON, with the findings each side ran with.
        w.capture_downloads().await?;
        w.press("Download the seeds' runs (JSON)").await?;
        let sweep: serde_json::Value = serde_json::from_str(&w.last_download().await?)?;
        ensure!(sweep["line"] == line && sweep["runs"].as_array().map_or(0, Vec::len) == 4, "the file's line and runs: {sweep}");
        ensure!(sweep["name"] == "an hour of arrivals" && sweep.get("description").is_none(), "the file says what it ran: {sweep}");
        for side in ["findings", "compared_findings"] {
            let paths: Vec<&str> = sweep[side].as_array().into_iter().flatten().filter_map(|f| f["path"].as_str()).collect();
            ensure!(paths.contains(&"/builds/0/definition/build_os"), "the file's {side}: {paths:?}");
        }
        // The field, the line, the spreads and the table pass axe.
        let found = w.accessibility_violations().await?;
        ensure!(found.is_empty(), "axe: {found:?}");
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('seed-count') !== null").await?;
        ensure!(w.value_of("seed-count").await? == "4", "the count is kept");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A scenario typed in one tab is the one another open tab shows, so neither tab's next
/// keystroke stores its older text over it; a text kept in one tab only (it holds a secret) is
/// never replaced by another tab's.
#[tokio::test(flavor = "multi_thread")]
async fn a_scenario_typed_in_one_tab_is_taken_up_by_the_others() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        let (first, second) = w.second_tab().await?;
        w.goto("/simulator").await?;
        w.switch_to(&first).await?;
        w.paste_into("scenario-text", FOUR_BUILDS).await?;
        w.switch_to(&second).await?;
        w.wait_until(&format!("document.getElementById('scenario-text').value === {}", serde_json::to_string(FOUR_BUILDS)?)).await.context("the other tab shows it")?;
        // The second tab's text holds a secret: kept there only, and the first tab's next
        // text does not replace it.
        let secret = FOUR_BUILDS.replacen("\"build_script\": \"make\",", "\"build_script\": \"make\", \"parameters\": [{\"key\": \"TOKEN\", \"type\": \"string\", \"default_value\": \"s3cret-value\", \"is_credential\": true}],", 1);
        ensure!(secret != FOUR_BUILDS, "the fixture has a build script to put the secret beside");
        w.paste_into("scenario-text", &secret).await?;
        w.wait_until("document.getElementById('scenario-kept') !== null").await.context("the tab-only note shows")?;
        w.switch_to(&first).await?;
        w.paste_into("scenario-text", "{}").await?;
        w.switch_to(&second).await?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        ensure!(w.value_of("scenario-text").await? == secret, "the secret-holding text stays as typed");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A link to the comparison carries scenario A and scenario B (or the extra nodes); opened, it
/// fills A, B and the choice between them, runs as it ran here, and one undo puts all three back.
#[tokio::test(flavor = "multi_thread")]
async fn a_comparison_travels_in_a_link_and_opens_whole() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        w.paste_into("scenario-text", FOUR_BUILDS).await?;
        w.click("#compare-scenario").await?;
        let bigger = FOUR_BUILDS.replacen('{', r#"{"clusters": [{"name": "local", "nodes": [{"name": "big", "count": 2, "cpu": 8000, "memory": 16384}]}],"#, 1);
        w.paste_into("scenario-b-text", &bigger).await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the run ends")?;
        let here = w.text_of("comparison").await?;
        ensure!(here == "Scenario A → B: p95 wait 0:10:00 → 0:00:00, max wait 0:10:00 → 0:00:00", "comparison: {here}");
        w.press("Copy a link to the comparison").await?;
        w.wait_until("document.getElementById('scenario-link') !== null").await.context("the link is made")?;
        let said = w.text_of("scenario-link-made").await?;
        ensure!(said.as_str().is_some_and(|s| s.starts_with("Link to the comparison copied (") || s.starts_with("The link to the comparison (")), "what it says: {said}");
        let link = w.value_of("scenario-link").await?;
        ensure!(link.contains("#scenario=") && link.contains("&scenario-b="), "the link: {link}");
        // Other things typed since, and more nodes chosen; the link brings the comparison back.
        w.paste_into("scenario-text", "{}").await?;
        w.paste_into("scenario-b-text", "{\"seed\": 2}").await?;
        w.click("#compare-nodes").await?;
        w.browser.client.goto(&link).await?;
        w.wait_until("document.getElementById('scenario-link-opened') !== null").await.context("the link's comparison is opened")?;
        let opened = w.text_of("scenario-link-opened").await?;
        ensure!(opened.as_str().is_some_and(|s| s.starts_with("Opened the comparison in the link: scenario A, compared with scenario B.")), "it says so: {opened}");
        ensure!(w.eval_with("return document.getElementById('compare-scenario').checked", vec![]).await? == true, "B is chosen");
        ensure!(w.value_of("scenario-b-text").await?.contains("\"big\""), "B is the link's");
        w.press("Run").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the link's comparison runs")?;
        ensure!(w.text_of("comparison").await? == here, "it runs as it ran before");
        w.press("Undo opening the link").await?;
        ensure!(w.value_of("scenario-text").await? == "{}", "A is back as it was");
        ensure!(w.eval_with("return document.getElementById('compare-nodes').checked", vec![]).await? == true, "more nodes are chosen again");
        w.click("#compare-scenario").await?;
        ensure!(w.value_of("scenario-b-text").await? == "{\"seed\": 2}", "B is back as it was");
        // A comparison whose B does not read makes no link, and says where to look.
        w.paste_into("scenario-b-text", "").await?;
        w.press("Copy a link to the comparison").await?;
        w.wait_until("(document.getElementById('scenario-link-made')?.textContent || '').startsWith('What scenario A is compared with does not read: Scenario B is empty')").await.context("no link for an empty B")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A link to scenario A carries it with the cluster model and its secret values masked; opened,
/// it replaces A's text with a way back, leaves the address without it, and runs as it ran here.
#[tokio::test(flavor = "multi_thread")]
async fn a_scenario_travels_in_a_link_without_its_secrets() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/simulator").await?;
        let secret = FOUR_BUILDS.replacen("\"build_script\": \"make\",", "\"build_script\": \"make\", \"parameters\": [{\"key\": \"TOKEN\", \"type\": \"string\", \"default_value\": \"s3cret-value\", \"is_credential\": true}],", 1);
        ensure!(secret != FOUR_BUILDS, "the fixture has a build script to put the secret beside");
        w.paste_into("scenario-text", &secret).await?;
        w.press("Run").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the run ends")?;
        let here = w.text_of("comparison").await?;
        w.press("Copy a link to scenario A").await?;
        w.wait_until("document.getElementById('scenario-link') !== null").await.context("the link is made")?;
        let said = w.text_of("scenario-link-made").await?;
        ensure!(said.as_str().is_some_and(|s| s.starts_with("Link to scenario A copied (") || s.starts_with("The link to scenario A (")), "what it says: {said}");
        let link = w.value_of("scenario-link").await?;
        ensure!(link.starts_with(&w.site.url("/simulator#scenario=")), "the link: {link}");
        // Something else typed since; the link brings the scenario back, with a way back to this.
        w.paste_into("scenario-text", "{}").await?;
        w.browser.client.goto(&link).await?;
        w.wait_until("document.getElementById('scenario-link-opened') !== null").await.context("the link's scenario is opened")?;
        ensure!(w.text_of("scenario-link-opened").await?.as_str().is_some_and(|s| s.starts_with("Opened the scenario in the link as scenario A.")), "it says so");
        ensure!(w.eval_with("return location.hash", vec![]).await? == "", "the address keeps no scenario");
        let opened = w.value_of("scenario-text").await?;
        ensure!(!opened.contains("s3cret-value") && opened.contains("********"), "the secret is masked: {opened}");
        ensure!(opened.contains("\"clusters\""), "the cluster model is in: {opened}");
        w.press("Run").await?;
        w.wait_until("document.getElementById('comparison') !== null").await.context("the link's scenario runs")?;
        ensure!(w.text_of("comparison").await? == here, "it runs as it ran before");
        w.press("Undo opening the link").await?;
        ensure!(w.value_of("scenario-text").await? == "{}", "the text is back as it was");
        // A link cut short says so, and replaces nothing.
        let cut = &link[..link.len() - 1];
        w.browser.client.goto(&format!("{cut}!")).await?;
        w.wait_until("document.getElementById('scenario-link-opened') !== null").await.context("a mangled link is answered")?;
        ensure!(w.text_of("scenario-link-opened").await?.as_str().is_some_and(|s| s.starts_with("The link's scenario does not read")), "it says why");
        ensure!(w.value_of("scenario-text").await? == "{}", "nothing replaced");
        // A text not JSON yet makes no link: its secrets cannot be told.
        w.paste_into("scenario-text", "{\"builds\": [").await?;
        w.press("Copy a link to scenario A").await?;
        w.wait_until("(document.getElementById('scenario-link-made')?.textContent || '').endsWith('a link never carries them: fix it first.')").await.context("no link for a text not JSON yet")?;
        ensure!(w.eval_with("return document.getElementById('scenario-link')", vec![]).await?.is_null(), "no link shown");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}
