//! End-to-end journeys through the Templates section in Chromium: a template made, broken and
//! fixed, saved under a new name and reloaded; a build made from it and checked against it; a
//! template imported; a delete undone; and accessibility with axe-core.

use anyhow::{Context, ensure};
use buildbay_e2e::World;
use serde_json::json;

/// Replaces `from` by `to` in the template's text, as a person editing it would.
async fn edit(w: &World, from: &str, to: &str) -> anyhow::Result<()> {
    let text = w.value_of("template-text").await?;
    ensure!(text.contains(from), "the template text has no {from:?}: {text}");
    w.paste_into("template-text", &text.replacen(from, to, 1)).await
}

/// Imports one template through the Templates section's import dialog and waits for its page.
async fn import_template(w: &World, template: &serde_json::Value, name: &str) -> anyhow::Result<()> {
    w.goto("/templates").await?;
    w.import_here(&template.to_string(), "Import 1 template", &format!("/templates/{name}")).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_template_is_made_checked_saved_and_used_by_a_build() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/templates").await?;
        w.press("New template").await?;
        w.wait_until("location.pathname === '/templates/new-template' && document.getElementById('template-text') !== null").await?;
        // Text that does not read is marked where it breaks, and is never saved.
        edit(&w, "\"build_os\": \"ubuntu 20.04\"", "\"build_os\": ").await?;
        w.wait_until("document.getElementById('template-text').getAttribute('aria-invalid') === 'true'").await?;
        let findings = w.text_of("template-findings").await?;
        ensure!(findings.as_str().unwrap_or_default().contains("line 4, column"), "the error says where: {findings}");
        // Its place is a button that puts the cursor on that line.
        w.click("#template-findings li button").await?;
        let cursor = w.eval_with("const t = document.getElementById('template-text'); return [document.activeElement === t, t.value.slice(0, t.selectionStart).split('\\n').length]", vec![]).await?;
        ensure!(cursor == serde_json::json!([true, 4]), "the cursor is on line 4: {cursor}");
        w.press("Save template").await?;
        w.wait_until("document.getElementById('template-note').textContent.startsWith('Not saved')").await?;
        // Fixed, renamed, with a required variable, and saved.
        edit(&w, "\"build_os\": ,", "\"build_os\": \"ubuntu 20.04\",").await?;
        edit(&w, "\"name\": \"new-template\"", "\"name\": \"go-service\"").await?;
        edit(&w, "\"parameters\": []", "\"parameters\": [{\"key\": \"GO_VERSION\", \"type\": \"string\", \"default_value\": \"1.22\", \"required\": true}, \
            {\"key\": \"DEPLOY_TOKEN\", \"type\": \"string\", \"default_value\": \"t0ken\", \"is_credential\": true}]").await?;
        w.wait_until("document.getElementById('template-text').getAttribute('aria-invalid') === 'false'").await?;
        w.press("Save template").await?;
        w.wait_until("location.pathname === '/templates/go-service'").await?;
        ensure!(w.text_of("template-note").await? == json!("Saved template \"go-service\"."), "saved");
        // It survives a reload under its new name, and the old name is gone.
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('template-text') !== null && document.getElementById('template-text').value.includes('GO_VERSION')").await?;
        w.goto("/templates").await?;
        w.wait_until("document.getElementById('template-count')?.textContent === '1 template'").await.context("the list is read")?;
        let names = w.eval_with("return [...document.querySelectorAll('.templates-table tbody tr td:first-child')].map(td => td.textContent)", vec![]).await?;
        ensure!(names == json!(["go-service"]), "one template, renamed: {names}");
        // A build made from it gets its input, and is checked against it.
        w.goto("/templates/go-service").await?;
        w.press("New build from this template").await?;
        w.wait_until("location.pathname === '/builds/go-service-build'").await?;
        w.wait_until("document.body.textContent.includes('GO_VERSION')").await?;
        // The template's secret is never copied into the build, and its input is typed unseen.
        let secret = w.eval_with("const i = document.getElementById('f-services-0-inputs-1-value'); return i && `${i.type}:${i.value}`", vec![]).await?;
        ensure!(secret == json!("password:"), "the DEPLOY_TOKEN input is a password field left empty: {secret}");
        // The builds list counts its findings against the template, and again when the template changes.
        const ERRORS: &str = "return (() => { const row = [...document.querySelectorAll('[role=row]')].find(r => r.textContent.includes('go-service-build')); \
            const badge = row && row.querySelector('.badge.error'); return badge ? parseInt(badge.textContent) : 0; })()";
        w.goto("/builds").await?;
        w.wait_until("document.body.textContent.includes('go-service-build')").await?;
        let before = w.eval_with(ERRORS, vec![]).await?.as_i64().unwrap_or(0);
        w.goto("/templates/go-service").await?;
        w.wait_until("document.getElementById('template-text') !== null && document.getElementById('template-text').value.includes('GO_VERSION')").await?;
        edit(&w, "\"parameters\": [", "\"parameters\": [{\"key\": \"REGION\", \"type\": \"string\", \"default_value\": \"eu\", \"required\": true},").await?;
        w.press("Save template").await?;
        w.wait_until("document.getElementById('template-note').textContent.startsWith('Saved template')").await?;
        w.goto("/builds").await?;
        w.wait_until("document.body.textContent.includes('go-service-build')").await?;
        let after = w.eval_with(ERRORS, vec![]).await?.as_i64().unwrap_or(0);
        ensure!(after == before + 1, "the build now lacks the REGION input the template requires: {before} → {after} errors");
        w.goto("/templates").await?;
        w.wait_until("document.querySelector('.templates-table a[href=\"/builds/go-service-build\"]') !== null").await?;
        let violations = w.accessibility_violations().await?;
        ensure!(violations.is_empty(), "axe on the templates list: {violations:?}");
        w.goto("/templates/go-service").await?;
        w.wait_until("document.getElementById('template-text') !== null").await?;
        let violations = w.accessibility_violations().await?;
        ensure!(violations.is_empty(), "axe on a template: {violations:?}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_imported_template_lands_in_templates_and_a_delete_can_be_undone() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        let template = json!({"buildbay": 1, "target": "zadig", "templates": [{"name": "node-service", "infrastructure": "kubernetes",
            "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "npm ci",
            "parameters": [{"key": "NODE", "type": "choice", "default_value": "20", "choice_option": ["18", "20"]}]}]});
        import_template(&w, &template, "node-service").await?;
        w.wait_until("document.getElementById('template-text') !== null && document.getElementById('template-text').value.includes('npm ci')").await?;
        w.goto("/templates").await?;
        w.press("Delete").await?;
        w.wait_until("document.activeElement && document.activeElement.id === 'undo-template-delete'").await?;
        ensure!(w.text_of("template-count").await? == json!("No templates yet."), "deleted");
        w.press_enter().await?;
        w.wait_until("document.getElementById('template-count').textContent === '1 template'").await?;
        w.wait_until("document.activeElement.id === 'template-search'").await.context("focus goes from the spent Undo to the search")?;
        w.browser.client.refresh().await?;
        w.wait_until("document.querySelector('.templates-table a[href=\"/templates/node-service\"]') !== null").await?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// An export of thousands of templates and builds made from them imports in seconds, each build
/// checked against its template as it is stored: the templates went in one by one, each
/// checked against every other (2,000 took 46 s), and the builds were then each checked again.
/// They are then listed a hundred at a time, with a search.
#[tokio::test(flavor = "multi_thread")]
async fn thousands_of_templates_and_their_builds_import_in_seconds() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        let templates: Vec<serde_json::Value> = (0..2000)
            .map(|i| json!({"name": format!("t{i}"), "infrastructure": "kubernetes", "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "make",
                "parameters": [{"key": "MODE", "type": "string", "default_value": "fast", "required": true}]}))
            .collect();
        let builds: Vec<serde_json::Value> = (0..2000)
            .map(|i| json!({"name": format!("b{i}"), "project_key": "p", "template_name": format!("t{i}"),
                "target_services": [{"service_name": format!("s{i}"), "service_module": "m"}]}))
            .collect();
        let bundle = json!({"buildbay": 1, "target": "zadig", "builds": builds, "templates": templates});
        w.goto("/templates").await?;
        w.press("Import…").await?;
        w.paste_into("import-text", &bundle.to_string()).await?;
        w.press("Import 2000 builds and 2000 templates").await?;
        let pressed = std::time::Instant::now();
        w.wait_until("document.querySelector('.toast')?.textContent.includes('Imported 2000 builds and 2000 templates.')").await?;
        ensure!(pressed.elapsed() < std::time::Duration::from_secs(15), "the import took {:?}", pressed.elapsed());
        // The list shows a hundred at a time (2,000 rows took seconds to draw and to take down),
        // and a search finds the one wanted.
        w.goto("/templates").await?;
        w.wait_until("document.getElementById('template-count')?.textContent === '2000 templates; the first 100 are listed'").await?;
        ensure!(w.eval_with("return document.querySelectorAll('.templates-table tbody tr').length", vec![]).await? == json!(100), "a hundred rows");
        w.press("Show 100 more").await?;
        w.wait_until("document.querySelectorAll('.templates-table tbody tr').length === 200").await?;
        w.wait_until("document.activeElement === document.querySelector('.templates-table tbody tr:nth-child(101) a')").await?;
        w.paste_into("template-search", "T1999").await?;
        w.wait_until("document.getElementById('template-count')?.textContent === '1 of 2000 templates matches'").await?;
        let found = w.eval_with("return [...document.querySelectorAll('.templates-table tbody tr td:first-child')].map(td => td.textContent)", vec![]).await?;
        ensure!(found == json!(["t1999"]), "{found}");
        // Each build was checked against its template, which requires the input MODE they lack.
        w.goto("/builds").await?;
        w.wait_until("document.getElementById('build-count')?.textContent === '2000 builds'").await?;
        let rows = w.eval_with("return [...document.querySelectorAll('.builds-row[aria-rowindex]')].slice(1).map(r => r.querySelector('.badge.error')?.textContent ?? '')", vec![]).await?;
        let rows: Vec<String> = serde_json::from_value(rows)?;
        ensure!(rows.len() > 5 && rows.iter().all(|badge| badge == "1 error"), "each listed build shows its template's missing input: {rows:?}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A template used by many builds names a few in its row and links to the builds list showing
/// exactly those (`template:NAME`): every name was a link in one cell, so a template used by a
/// thousand builds made its row a wall that pushed the others out of sight. Its page lists
/// fifty, then links to them all.
#[tokio::test(flavor = "multi_thread")]
async fn a_template_used_by_many_builds_links_to_them_all_in_the_builds_list() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        let template = |name: &str| json!({"name": name, "infrastructure": "kubernetes", "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "make", "parameters": []});
        let build = |name: String, template: &str| json!({"name": name, "project_key": "p", "template_name": template,
            "target_services": [{"service_name": "s", "service_module": "m"}]});
        let mut builds: Vec<serde_json::Value> = (0..60).map(|i| build(format!("svc-{i:02}"), "go")).collect();
        builds.push(build("go-tool".into(), "go-service"));
        let bundle = json!({"buildbay": 1, "target": "zadig", "builds": builds, "templates": [template("go"), template("go-service")]});
        w.goto("/templates").await?;
        w.press("Import…").await?;
        w.paste_into("import-text", &bundle.to_string()).await?;
        w.press("Import 61 builds and 2 templates").await?;
        w.wait_until("document.querySelector('.toast')?.textContent.includes('Imported 61 builds and 2 templates.')").await?;
        w.goto("/templates").await?;
        w.wait_until("document.getElementById('template-count')?.textContent === '2 templates'").await?;
        let cells = w.eval_with("return [...document.querySelectorAll('.templates-table tbody tr')].map(r => [...r.querySelectorAll('td:nth-child(6) a')].map(a => a.textContent))", vec![]).await?;
        ensure!(cells == json!([["svc-00", "svc-01", "svc-02", "and 57 more"], ["go-tool"]]), "three names, then one link to the rest: {cells}");
        let all = w.eval_with("const a = [...document.querySelectorAll('.templates-table a')].find(a => a.textContent === 'and 57 more'); return [a.getAttribute('aria-label'), a.getAttribute('href')]", vec![]).await?;
        ensure!(all == json!(["All 60 builds made from template go", "/builds?q=template%3Ago"]), "{all}");
        w.click(".templates-table a[href='/builds?q=template%3Ago']").await?;
        w.wait_until("location.pathname === '/builds' && document.getElementById('build-count')?.textContent === '60 of 61 builds match'").await?;
        ensure!(w.value_of("build-search").await? == "template:go", "the search says what it shows");
        // A bare word finds the builds made from a template by its name too.
        w.paste_into("build-search", "go-service").await?;
        w.wait_until("document.getElementById('build-count')?.textContent === '1 of 61 builds matches'").await?;
        // The template's page names fifty and links to the rest.
        w.goto("/templates/go").await?;
        w.wait_until("document.querySelectorAll('#template-builds-title ~ .build-links li').length === 51").await?;
        let last = w.eval_with("const links = document.querySelectorAll('#template-builds-title ~ .build-links a'); return [links[49].textContent, links[50].textContent, links[50].getAttribute('href')]", vec![]).await?;
        ensure!(last == json!(["svc-49", "and 10 more", "/builds?q=template%3Ago"]), "{last}");
        let violations = w.accessibility_violations().await?;
        ensure!(violations.is_empty(), "axe on a much-used template: {violations:?}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn two_tabs_never_silently_overwrite_a_template() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/templates").await?;
        w.press("New template").await?;
        w.wait_until("location.pathname === '/templates/new-template' && document.getElementById('template-text') !== null").await?;
        let url = w.browser.client.current_url().await?;
        let (first, second) = w.second_tab().await?;
        w.browser.client.goto(url.as_str()).await?;
        w.wait_until("document.getElementById('template-text') !== null && document.getElementById('template-text').value.includes('new-template')").await?;
        edit(&w, "set -e", "make from-tab-two").await?;
        w.press("Save template").await?;
        w.wait_until("document.getElementById('template-note').textContent.startsWith('Saved template')").await?;
        w.switch_to(&first).await?;
        // Nothing typed in the first tab: it shows the second tab's version.
        w.wait_until("document.getElementById('template-text').value.includes('from-tab-two')").await?;
        edit(&w, "make from-tab-two", "make from-tab-one").await?;
        // The second tab saves again while the first one types.
        w.switch_to(&second).await?;
        edit(&w, "make from-tab-two", "make from-tab-two-again").await?;
        w.press("Save template").await?;
        w.wait_until("document.getElementById('template-note').textContent.startsWith('Saved template')").await?;
        w.switch_to(&first).await?;
        w.press("Save template").await?;
        w.wait_until("document.getElementById('template-note').textContent.startsWith('Not saved: another tab saved')").await?;
        ensure!(w.value_of("template-text").await?.contains("from-tab-one"), "the first tab's text stays");
        // Pressed again, the first tab's version replaces the other.
        w.press("Save template").await?;
        w.wait_until("document.getElementById('template-note').textContent.startsWith('Saved template')").await?;
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('template-text') !== null && document.getElementById('template-text').value.includes('from-tab-one')").await?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_templates_list_and_a_template_fit_375_pixels() -> anyhow::Result<()> {
    let w = World::open(375, 800).await?;
    let outcome = async {
        w.goto("/templates").await?;
        w.press("New template").await?;
        w.wait_until("document.getElementById('template-text') !== null").await?;
        for path in ["/templates/new-template", "/templates"] {
            w.goto(path).await?;
            w.wait_until("document.getElementById('template-text') !== null || document.querySelector('.templates-table') !== null").await?;
            let overflow = w.eval_with("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![]).await?;
            ensure!(overflow == json!(0), "{path} scrolls sideways at 375 px by {overflow} px");
        }
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A build made from a template runs with the template's script and variables: Zadig never
/// reads a template build's own.
#[tokio::test(flavor = "multi_thread")]
async fn a_template_build_runs_its_templates_script_on_the_jobs_page() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        let template = json!({"buildbay": 1, "target": "zadig", "templates": [{"name": "demo-template", "infrastructure": "kubernetes",
            "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "make release-from-template",
            "installs": [{"name": "go", "version": "1.22"}],
            "parameters": [{"key": "name", "type": "string", "default_value": "x", "required": true},
                {"key": "password", "type": "string", "default_value": "y", "is_credential": true}],
            "advanced_settings": {"timeout": 60, "cluster_name": "local", "resource_spec": {"cpu_limit": 1000, "memory_limit": 1024}}}]});
        w.import_fixture("seeds/zadig-template-build.json", "demo-build").await?;
        w.goto("/jobs").await?;
        w.wait_until("document.querySelectorAll('#job-build option').length === 2").await.context("the build is offered")?;
        let value = w.eval_with("return document.querySelectorAll('#job-build option')[1].value", vec![]).await?;
        w.choose("job-build", value.as_str().unwrap_or_default()).await?;
        // Without its template the build cannot run: the refusal stands beside the build.
        w.press("Start job").await?;
        w.wait_until("document.getElementById('job-build').getAttribute('aria-invalid') === 'true'").await.context("the build is marked")?;
        let why = w.text_of("job-build-message").await?;
        ensure!(why.as_str().unwrap_or_default().starts_with("Template `demo-template` is not stored here"), "the refusal names the template: {why}");
        ensure!(w.eval_with("return document.querySelector('.jobs-table a')", vec![]).await?.is_null(), "no job started");
        // Stored meanwhile (without leaving the console), the form takes the template on return.
        w.click("nav a[href='/templates']").await?;
        w.import_here(&template.to_string(), "Import 1 template", "/templates/demo-template").await?;
        w.click("nav a[href='/jobs']").await?;
        w.wait_until("document.getElementById('job-build')?.getAttribute('aria-invalid') === 'false'").await.context("the refusal goes")?;
        // The start form offers the template's variables, the service's input as the value and
        // the template's secret typed unseen.
        w.wait_until("document.getElementById('job-var-1')?.type === 'password'").await.context("the template's secret is an input")?;
        ensure!(w.value_of("job-var-0").await? == "admin", "the service's input is the value");
        w.choose("sim-speed", "1000").await?;
        w.press("Start job").await?;
        w.wait_until("document.querySelector('.jobs-table a') !== null").await.context("the job is listed")?;
        w.wait_until("document.querySelector('.jobs-table').textContent.includes('passed')").await.context("the job passes")?;
        w.click(".jobs-table a").await?;
        w.wait_until("document.querySelector('.job-log') !== null && document.querySelector('.job-log').textContent.includes('+ make release-from-template')")
            .await
            .context("the log shows the template's script")?;
        // Services that give a value differently get a field each, starting from their own
        // (Zadig's run request takes inputs per service); a secret's typed unseen.
        let two = json!({"name": "duo-build", "project_key": "demo", "template_name": "demo-template", "target_services": [
            {"service_name": "api", "service_module": "api", "inputs": [{"key": "name", "value": "eu"}, {"key": "password", "value": "p1"}],
                "repo_info": [{"codehost_name": "gh", "repo_namespace": "org", "repo_name": "api", "branch": "main"}]},
            {"service_name": "web", "service_module": "web", "inputs": [{"key": "name", "value": "us"}, {"key": "password", "value": "p2"}],
                "repo_info": [{"codehost_name": "gh", "repo_namespace": "org", "repo_name": "web", "branch": "dev"}]}]});
        w.goto("/builds").await?;
        w.import_here(&two.to_string(), "Import 1 build", "/builds/duo-build").await?;
        w.goto("/jobs").await?;
        w.wait_until("[...document.querySelectorAll('#job-build option')].some(o => o.textContent === 'duo-build')").await?;
        let value = w.eval_with("return [...document.querySelectorAll('#job-build option')].find(o => o.textContent === 'duo-build').value", vec![]).await?;
        w.choose("job-build", value.as_str().unwrap_or_default()).await?;
        // The variables' values for all are 0 and 1; then name for api and web, password for api and web.
        w.wait_until("document.getElementById('job-var-0')?.tagName === 'FIELDSET'").await.context("name is a group of per-service fields")?;
        let legend = w.eval_with("return document.querySelector('#job-var-0 > legend').textContent", vec![]).await?;
        ensure!(legend == json!("name — per service"), "the group is named: {legend}");
        let labels = w.eval_with("return [...document.querySelectorAll('#job-var-0 label')].map(l => l.textContent + '=' + document.getElementById(l.htmlFor).value).join(' ')", vec![]).await?;
        ensure!(labels == json!("api=eu web=us"), "each service's field with its own value: {labels}");
        ensure!(w.eval_with("return document.getElementById('job-var-5').type", vec![]).await? == json!("password"), "a secret's typed unseen");
        // Each service's repository has its branch field, named, from the branch it gives.
        let branches = w.eval_with("return [0, 1].map(i => document.querySelector(`label[for=job-branch-${i}]`).textContent + '=' + document.getElementById(`job-branch-${i}`).value).join(' ')", vec![]).await?;
        ensure!(branches == json!("Branch of org/api (api)=main Branch of org/web (web)=dev"), "a branch per service: {branches}");
        let found = w.accessibility_violations().await?;
        ensure!(found.is_empty(), "axe on the per-service fields: {found:?}");
        // A service not ticked has no fields: its values would run nowhere.
        let hidden = "[3, 5].map(i => document.getElementById(`job-var-${i}`)).concat([document.getElementById('job-branch-1')]).map(f => f.closest('.field-slot').hidden)";
        w.click("#job-svc-web").await?;
        w.wait_until(&format!("{hidden}.every(h => h)")).await.context("web's fields go while web is not ticked")?;
        w.click("#job-svc-web").await?;
        w.wait_until(&format!("{hidden}.every(h => !h)")).await.context("and come back with it")?;
        // Rainbond's request sends one repository and no services: the first service's branch
        // alone, shown whatever was ticked, and a value per variable.
        w.click("#job-svc-api").await?;
        w.choose("job-semantics", "rainbond").await?;
        w.wait_until("document.getElementById('job-branch-1') === null").await.context("one branch field")?;
        let asked = w.eval_with("return [document.querySelector('label[for=job-branch-0]').textContent, document.getElementById('job-branch-0').value, \
            document.getElementById('job-branch-0').closest('.field-slot').hidden, document.querySelector('.job-services') === null, document.getElementById('job-var-0').tagName]", vec![]).await?;
        ensure!(asked == json!(["Branch", "main", false, true, "INPUT"]), "Rainbond's fields: {asked}");
        w.choose("job-semantics", "zadig").await?;
        w.wait_until("document.getElementById('job-svc-api') !== null && document.getElementById('job-var-0')?.tagName === 'FIELDSET'").await.context("Zadig's fields again")?;
        w.click("#job-svc-api").await?;
        // web's value and branch changed, api's left: each service runs with its own.
        w.type_into("job-var-3", "ap").await?;
        w.type_into("job-branch-1", "release/9").await?;
        w.press("Start job").await?;
        w.wait_until("[...document.querySelectorAll('.jobs-table tr')].some(r => r.textContent.includes('duo-build') && r.textContent.includes('passed'))").await.context("the job passes")?;
        let link = w.eval_with("return [...document.querySelectorAll('.jobs-table tr')].find(r => r.textContent.includes('duo-build')).querySelector('a').getAttribute('href')", vec![]).await?;
        w.click(&format!(".jobs-table a[href='{}']", link.as_str().unwrap_or_default())).await?;
        w.wait_until("document.getElementById('backend-view') !== null").await?;
        w.click(".backend-view summary").await?;
        let view: serde_json::Value = serde_json::from_str(w.text_of("backend-view").await?.as_str().unwrap_or_default())?;
        let env = |job: usize| view["stages"][0]["jobs"][job]["spec"]["envs"].clone();
        ensure!(env(0)[0]["value"] == "eu" && env(1)[0]["value"] == "ap", "api keeps eu, web runs ap: {view}");
        ensure!(env(0)[1]["value"] == "********" && env(1)[1]["value"] == "********", "secrets masked: {view}");
        let branch = |job: usize| view["stages"][0]["jobs"][job]["spec"]["repos"][0]["branch"].clone();
        ensure!(branch(0) == "main" && branch(1) == "release/9", "api checks out main, web release/9: {view}");
        // Settings says what browser storage holds, in words.
        w.click("nav a[href='/settings']").await?;
        w.wait_until("document.body.textContent.includes('Browser storage (IndexedDB) holds 2 builds and 1 template, beside')").await.context("storage counted")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_template_no_node_can_hold_is_warned_about_on_its_page_and_at_its_builds() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        // A template whose builds request 64 CPUs, against the default model's 4-CPU nodes.
        let template = json!({"buildbay": 1, "target": "zadig", "templates": [{"name": "demo-template", "infrastructure": "kubernetes",
            "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "make",
            "parameters": [{"key": "name", "type": "string", "default_value": "x"}, {"key": "password", "type": "string", "default_value": "", "is_credential": true}],
            "advanced_settings": {"timeout": 20, "cluster_name": "local", "resource_spec": {"cpu_limit": 64000, "memory_limit": 1024}}}]});
        import_template(&w, &template, "demo-template").await?;
        w.wait_until("(document.getElementById('template-findings')?.textContent || '').includes('A build made from this template requests 64000m CPU')")
            .await
            .context("the template's page warns that no node holds its builds")?;
        let findings = w.text_of("template-findings").await?;
        ensure!(findings.as_str().unwrap_or_default().contains("until its timeout (20 min)"), "with the template's timeout: {findings}");
        // A build made from it asks for nothing itself; it is warned about by its template, at its template's name.
        w.import_fixture("seeds/zadig-template-build.json", "demo-build").await?;
        w.goto("/builds/demo-build").await?;
        w.wait_until("(document.getElementById('f-template_name-messages')?.textContent || '').includes('(by its template `demo-template`) requests 64000m CPU')")
            .await
            .context("the build's template name carries the capacity warning")?;
        // The template made to fit: the warning goes from both.
        w.goto("/templates/demo-template").await?;
        w.wait_until("document.getElementById('template-text') !== null && document.getElementById('template-text').value.includes('64000')").await?;
        edit(&w, "\"cpu_limit\": 64000", "\"cpu_limit\": 2000").await?;
        w.wait_until("!(document.getElementById('template-findings')?.textContent || '').includes('64000m')").await.context("the template's warning goes")?;
        w.press("Save template").await?;
        w.wait_until("document.getElementById('template-note').textContent.startsWith('Saved template')").await?;
        w.goto("/builds/demo-build").await?;
        w.wait_until("document.getElementById('f-template_name') !== null").await?;
        w.wait_until("!(document.getElementById('f-template_name-messages')?.textContent || '').includes('64000m')").await.context("and the build's")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn unsaved_template_text_survives_a_reload_unless_it_holds_a_secret() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        w.goto("/templates").await?;
        w.press("New template").await?;
        w.wait_until("location.pathname === '/templates/new-template' && document.getElementById('template-text') !== null").await?;
        edit(&w, "set -e\\n", "set -e\\nmake typed-before-reload\\n").await?;
        w.wait_until("document.getElementById('template-note').textContent === 'Unsaved changes (kept if this tab reloads).'").await?;
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('template-text')?.value.includes('typed-before-reload')").await.context("the unsaved text comes back after a reload")?;
        // A credential's value typed in is not written to storage: after a reload the text is the saved one.
        edit(&w, "\"parameters\": []", "\"parameters\": [{\"key\": \"TOKEN\", \"type\": \"string\", \"default_value\": \"s3cret-typed\", \"is_credential\": true}]").await?;
        w.wait_until("document.getElementById('template-note').textContent.includes('holds a secret')").await.context("the page says the text is kept in memory only")?;
        let stored = w.eval_with("return sessionStorage.getItem('buildbay.template-drafts') || ''", vec![]).await?;
        ensure!(!stored.as_str().unwrap_or_default().contains("s3cret"), "the secret is not in session storage: {stored}");
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('template-text') !== null && document.getElementById('template-text').value.includes('set -e')").await?;
        let text = w.value_of("template-text").await?;
        ensure!(!text.contains("s3cret-typed"), "the secret did not survive the reload: {text}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}
