//! End-to-end journeys through the build editor in Chromium: a build made from nothing with
//! every section filled, errors met and fixed, saved and reloaded; import and export; markup
//! in names; the list's search, duplicate, delete and undo; two tabs; a killed tab's draft;
//! and accessibility with axe-core.

use anyhow::{Context, ensure};
use buildbay_e2e::World;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::{Value, json};

fn seed(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures").join(name);
    std::fs::read_to_string(path).unwrap()
}

async fn section(w: &World, name: &str) -> anyhow::Result<()> {
    w.click(&format!("nav.section-nav a[href='?section={name}']")).await?;
    w.wait_until(&format!("location.search.includes('section={name}')")).await
}

async fn json_text(w: &World) -> anyhow::Result<String> {
    w.press("Show JSON").await?;
    w.wait_until("document.getElementById('json-text') !== null").await?;
    let text = w.value_of("json-text").await?;
    w.press("Show form").await?;
    Ok(text)
}

async fn new_build(w: &World) -> anyhow::Result<()> {
    w.goto("/builds").await?;
    w.press("New build").await?;
    w.wait_until("location.pathname.startsWith('/builds/new-build') && document.querySelector('.editor h1') !== null").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_build_made_from_nothing_survives_a_reload_unchanged() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        new_build(&w).await?;
        // Basics, with an error met and fixed through the summary.
        w.type_into("f-name", "Payments API").await?;
        w.wait_until("document.getElementById('f-name').getAttribute('aria-invalid') === 'true'").await?;
        let message = w.text_of("f-name-messages").await?;
        ensure!(message.as_str().unwrap_or_default().contains("lowercase"), "the error shows next to the field: {message}");
        w.press("Save").await?;
        w.wait_until("document.activeElement && document.activeElement.classList.contains('error-summary')").await?;
        w.click(".error-summary a").await?;
        w.wait_until("document.activeElement && document.activeElement.id === 'f-name'").await.context("the summary link focuses the name")?;
        w.type_into("f-name", "payments-api").await?;
        w.wait_until("document.getElementById('f-name').getAttribute('aria-invalid') === 'false'").await?;
        w.type_into("f-project_key", "shop").await?;
        w.type_into("f-build_os", "ubuntu 20.04").await?;
        // Services.
        section(&w, "services").await?;
        w.press("Add service").await?;
        w.type_into("f-services-0-name", "payments").await?;
        w.type_into("f-services-0-module", "api").await?;
        w.press("Add service").await?;
        w.type_into("f-services-1-name", "payments").await?;
        w.type_into("f-services-1-module", "worker").await?;
        // Move the worker first, by keyboard.
        w.click("#f-services-1-up").await?;
        ensure!(w.value_of("f-services-0-module").await? == "worker", "reordered");
        // Removed by keyboard, the last service hands focus to the Remove of the one before.
        w.press("Add service").await?;
        w.press_with_enter("f-services-2-remove").await?;
        w.wait_until("document.getElementById('f-services-2-row') === null && document.activeElement.id === 'f-services-1-remove'").await.context("focus goes to the previous Remove")?;
        // Repositories.
        section(&w, "repositories").await?;
        w.press("Add repository").await?;
        w.type_into("f-repos-0-codehost", "github").await?;
        w.type_into("f-repos-0-namespace", "acme").await?;
        w.type_into("f-repos-0-name", "payments").await?;
        w.type_into("f-repos-0-checkout_path", "src/payments").await?;
        w.click("#f-repos-0-submodules").await?;
        // Tools.
        section(&w, "installs").await?;
        w.press("Add tool").await?;
        w.type_into("f-installs-0-name", "go").await?;
        w.type_into("f-installs-0-version", "1.22.5").await?;
        // Variables: a choice with radios, and a secret.
        section(&w, "variables").await?;
        w.press("Add variable").await?;
        w.type_into("f-variables-0-key", "DEPLOY_ENV").await?;
        w.choose("f-variables-0-kind", "choice").await?;
        for (i, option) in ["dev", "staging", "prod"].iter().enumerate() {
            w.press("Add option").await?;
            w.type_into(&format!("f-variables-0-choice_options-{i}"), option).await?;
        }
        w.click("#f-variables-0-default_value-2").await?;
        w.press("Add variable").await?;
        w.type_into("f-variables-1-key", "REGISTRY_TOKEN").await?;
        w.click("#f-variables-1-is_credential").await?;
        w.type_into("f-variables-1-default_value", "t0ken").await?;
        ensure!(
            w.eval_with("return document.getElementById('f-variables-1-default_value').type", vec![]).await? == json!("password"),
            "the secret is masked"
        );
        // Script.
        section(&w, "script").await?;
        w.paste_into("f-script", "#!/bin/bash\nset -e\nmake build SERVICE=$SERVICE\n").await?;
        // Docker.
        section(&w, "docker").await?;
        w.click("#toggle-docker").await?;
        w.type_into("f-docker-context_dir", "$REPONAME_0").await?;
        w.type_into("f-docker-dockerfile_path", "$REPONAME_0/Dockerfile").await?;
        w.click("#f-docker-buildkit").await?;
        // BuildKit without platforms is an error until they are given.
        w.wait_until("document.getElementById('f-docker-platforms') !== null").await?;
        w.type_into("f-docker-platforms", "linux/amd64,linux/arm64").await?;
        // Advanced.
        section(&w, "advanced").await?;
        w.click("#toggle-advanced").await?;
        w.type_into("f-advanced-cluster_name", "prod").await?;
        w.type_into("f-advanced-timeout_minutes", "45").await?;
        w.choose("resource-preset", "medium").await?;
        ensure!(w.value_of("f-advanced-resources-cpu_limit").await? == "8000", "the preset sets the values");
        w.type_into("f-advanced-resources-gpu_limit", "nvidia.com/gpu: 1").await?;
        w.click("#f-advanced-storages-enabled").await?;
        w.press("Add volume").await?;
        w.type_into("f-advanced-storages-volumes-0-mount_path", "/cache").await?;
        w.type_into("f-advanced-storages-volumes-0-storage_class", "cfs").await?;
        w.press("Add label").await?;
        w.type_into("f-advanced-labels-0-key", "team").await?;
        w.type_into("f-advanced-labels-0-value", "payments").await?;
        w.press("Add annotation").await?;
        w.type_into("f-advanced-annotations-0-key", "owner").await?;
        w.type_into("f-advanced-annotations-0-value", "Payments team").await?;
        w.click("#f-advanced-cache-enabled").await?;
        w.type_into("f-advanced-cache-dir", "$WORKSPACE/.cache").await?;
        w.press("Add output").await?;
        w.type_into("f-advanced-outputs-0", "VERSION").await?;
        // Backend options: Rainbond's, then back to Zadig.
        w.click("label[for='target-rainbond']").await?;
        section(&w, "backend").await?;
        w.choose("f-rainbond-build_type", "source_code").await?;
        w.type_into("f-repos-0-url", "https://github.com/acme/payments.git").await?;
        w.click("label[for='target-zadig']").await?;
        // Save, then reload and compare.
        w.press("Save").await?;
        w.wait_until("[...document.querySelectorAll('.editor-status span')].some(s => s.textContent.startsWith('Saved at'))").await.context("saved")?;
        let before = json_text(&w).await?;
        let body: Value = serde_json::from_str(&before)?;
        ensure!(body["name"] == "payments-api" && body["advanced_settings"]["timeout"] == 45, "{body}");
        ensure!(body["parameters"][1]["default_value"] == "********", "the JSON view masks secrets");
        ensure!(body["docker_build_step"]["platforms"] == "linux/amd64,linux/arm64");
        ensure!(w.path().await? == "/builds/payments-api", "the URL names the build after the rename");
        w.browser.client.refresh().await?;
        w.wait_until("document.querySelector('.editor h1') !== null").await?;
        ensure!(json_text(&w).await? == before, "the build is unchanged after a reload");
        section(&w, "backend").await?;
        w.click("label[for='target-rainbond']").await?;
        ensure!(w.value_of("f-repos-0-url").await? == "https://github.com/acme/payments.git", "Rainbond's options were kept");
        w.click("label[for='target-zadig']").await?;
        // The list shows it, valid, with its services and repository.
        w.goto("/builds").await?;
        // The list is read from IndexedDB after the page mounts, so its first row comes a moment after the heading.
        w.wait_until("document.querySelector('.builds-body [role=row][aria-rowindex=\"2\"]') !== null").await.context("the list shows the build")?;
        let row = w.eval_with("return document.querySelector('.builds-body [role=row][aria-rowindex=\"2\"]').textContent", vec![]).await?;
        let row = row.as_str().unwrap_or_default();
        ensure!(row.contains("payments-api") && row.contains("payments/worker") && row.contains("acme/payments") && row.contains("Valid"), "{row}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_counts_open_a_summary_of_warnings_too_when_nothing_blocks_saving() -> anyhow::Result<()> {
    let w = World::open(1280, 1000).await?;
    let outcome = async {
        new_build(&w).await?;
        w.type_into("f-project_key", "shop").await?;
        w.wait_until("document.querySelector('.counts').textContent === '0 errors, 1 warning'").await.context("only a warning is left")?;
        w.click(".counts").await?;
        w.wait_until("document.activeElement && document.activeElement.classList.contains('warnings-only')").await.context("the summary opens and takes focus")?;
        let summary = w.eval_with("return document.querySelector('.error-summary').textContent", vec![]).await?;
        let summary = summary.as_str().unwrap_or_default();
        ensure!(summary.starts_with("1 warning: the build can be saved as it is") && summary.contains("Services: No service is bound"), "{summary}");
        w.click(".error-summary a").await?;
        w.wait_until("new URLSearchParams(location.search).get('section') === 'services'").await.context("its link opens the section")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_form_stays_put_while_notes_come_and_go() -> anyhow::Result<()> {
    // On a desktop with the longest status there is (a refused save, an error left, a draft
    // being kept), and on a phone with the everyday one, which fits a line until the draft's
    // time is added.
    for (width, height, refused) in [(1280, 1000, true), (375, 800, false)] {
        let w = World::open(width, height).await?;
        let outcome = header_keeps_its_height_while_a_draft_is_kept(&w, refused).await.with_context(|| format!("{width} px wide"));
        w.finish(outcome).await?;
    }
    Ok(())
}

async fn header_keeps_its_height_while_a_draft_is_kept(w: &World, refused: bool) -> anyhow::Result<()> {
    new_build(w).await?;
    if refused {
        w.type_into("f-name", "Payments API").await?;
        w.press("Save").await?;
        w.wait_until("document.activeElement && document.activeElement.classList.contains('error-summary')").await?;
    } else {
        w.type_into("f-name", "payments-api").await?;
    }
    w.wait_until("document.querySelector('.editor-status').textContent.includes('draft kept')").await?;
    // Watch the header's height on every frame while a field is edited and its draft kept
    // (the summary below it shrinks as errors are fixed; the header must not change).
    w.eval_with(
        "window.__heights = []; window.__watching = true; \
         const watch = () => { window.__heights.push(document.querySelector('.editor-head').getBoundingClientRect().height); \
           if (window.__watching) requestAnimationFrame(watch); }; watch(); return true;",
        vec![],
    )
    .await?;
    w.type_into("f-project_key", "shop").await?;
    w.wait_until("document.querySelector('.editor-status').textContent.includes('draft kept')").await?;
    let heights = w.eval_with("window.__watching = false; return window.__heights;", vec![]).await?;
    let heights: Vec<f64> = serde_json::from_value(heights)?;
    ensure!(heights.len() > 2 && heights.iter().all(|h| *h == heights[0]), "the header changed height with its status: {heights:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_zadig_example_imports_and_exports_back_equal() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.goto("/builds").await?;
        w.press("Import…").await?;
        let example = seed("seeds/zadig-build.json");
        w.paste_into("import-text", &example).await?;
        w.wait_until("document.querySelector('.import-summary').textContent.includes('Zadig build request with 1 build')").await?;
        w.press("Import 1 build").await?;
        w.wait_until("location.pathname === '/builds/api-test' && document.querySelector('.editor h1') !== null").await?;
        w.capture_downloads().await?;
        w.press("Export…").await?;
        w.click("#export-secrets").await?;
        w.click("#export-dialog .dialog-actions button.primary").await?;
        let exported: Value = serde_json::from_str(&w.last_download().await?)?;
        let original: Value = serde_json::from_str(&example)?;
        ensure!(exported == original, "exported:\n{exported:#}\noriginal:\n{original:#}");
        // Without the opt-in, the secret is masked.
        w.press("Export…").await?;
        w.click("#export-dialog .dialog-actions button.primary").await?;
        let masked: Value = serde_json::from_str(&w.last_download().await?)?;
        ensure!(masked["parameters"][1]["default_value"] == "********", "{masked}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// A document with thousands of findings is read while the admin waits, and the dialog says how
/// many it leaves out: placing each finding by rescanning the text took minutes for this one.
#[tokio::test(flavor = "multi_thread")]
async fn a_document_with_thousands_of_findings_lists_a_hundred_and_counts_the_rest() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.goto("/builds").await?;
        w.press("Import…").await?;
        // An empty list is said to hold nothing, not taken for a document that checks clean.
        w.paste_into("import-text", "[]").await?;
        w.wait_until("document.querySelector('.import-summary').textContent === 'Found an empty list: there is nothing to import.'").await?;
        let listed = w.eval_with("return [...document.querySelectorAll('.import-findings li')].map(li => li.textContent)", vec![]).await?;
        ensure!(listed == json!(["Warning: line 1, column 1 — The list is empty: it holds no build or template."]), "{listed}");
        ensure!(w.eval_with("return document.querySelector('#import-dialog .dialog-actions button.primary').disabled", vec![]).await? == json!(true), "nothing to import");
        let services: Vec<Value> = (0..5000).map(|i| json!({"service_name": format!("svc-{i}"), "service_module": "m"})).collect();
        let parameters: Vec<Value> = (0..5000).map(|i| json!({"key": format!("bad key {i}"), "type": "string", "default_value": "x"})).collect();
        let doc = json!({"name": "wide", "project_key": "p", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "make", "services": services, "parameters": parameters});
        w.paste_into("import-text", &serde_json::to_string_pretty(&doc)?).await?;
        w.wait_until("document.querySelector('.import-summary').textContent.includes('with 1 build')").await?;
        let listed = w.eval_with("return [...document.querySelectorAll('.import-findings li')].map(li => li.textContent)", vec![]).await?;
        let listed: Vec<String> = serde_json::from_value(listed)?;
        ensure!(listed.len() == 101, "a hundred findings and a line for the rest: {}", listed.len());
        ensure!(listed[0].starts_with("Warning: line ") && listed[0].contains("bad key 0"), "a finding says where it is: {}", listed[0]);
        ensure!(listed[100] == "…and 4900 more (5000 warnings in all; the first 100 are listed).", "{}", listed[100]);
        // Its place is a button that puts the cursor there in the pasted text, as in the JSON views.
        w.eval_with("document.querySelector('.import-findings li button').click()", vec![]).await?;
        let cursor = w.eval_with("const t = document.getElementById('import-text'); return [document.activeElement === t, t.value.slice(t.selectionStart).startsWith('\"key\": \"bad key 0\"')]", vec![]).await?;
        ensure!(cursor == json!([true, true]), "the cursor is at the finding: {cursor}");
        w.press("Import 1 build").await?;
        w.wait_until("location.pathname === '/builds/wide' && document.querySelector('.editor h1') !== null").await?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// Opens the import dialog on the builds page and pastes `count` small Zadig builds into it,
/// waiting until it offers to import them all.
async fn paste_builds_to_import(w: &World, count: usize) -> anyhow::Result<()> {
    w.press("Import…").await?;
    let builds: Vec<Value> = (0..count)
        .map(|i| json!({"name": format!("b{i}"), "project_key": "p", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "make"}))
        .collect();
    w.paste_into("import-text", &Value::Array(builds).to_string()).await?;
    w.wait_until(&format!("document.querySelector('#import-dialog .dialog-actions button.primary').textContent === 'Import {count} builds'")).await
}

/// Storing thousands of builds takes seconds; the button says so and a second press meanwhile
/// stores nothing twice.
#[tokio::test(flavor = "multi_thread")]
async fn a_large_import_is_stored_once_however_often_it_is_pressed() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.goto("/builds").await?;
        paste_builds_to_import(&w, 5000).await?;
        // Every state the button goes through is noted; it is pressed twice before the page has
        // even redrawn it.
        w.eval_with(
            "const b = document.querySelector('#import-dialog .dialog-actions button.primary'); window.__seen = []; \
             new MutationObserver(() => window.__seen.push([b.disabled, b.textContent])).observe(b, {attributes: true, childList: true, subtree: true, characterData: true}); \
             b.click(); b.click(); return true;",
            vec![],
        )
        .await?;
        let pressed = std::time::Instant::now();
        w.wait_until("document.querySelector('.toast')?.textContent.includes('Imported 5000 builds.')").await?;
        let seen = w.eval_with("return window.__seen", vec![]).await?;
        // A second import, had the press started one, would have taken about as long again.
        tokio::time::sleep(pressed.elapsed() + std::time::Duration::from_secs(1)).await;
        w.goto("/builds").await?;
        w.wait_until("document.getElementById('build-count')?.textContent.endsWith(' builds')").await?;
        let count = w.eval_with("return document.getElementById('build-count').textContent", vec![]).await?;
        ensure!(count == json!("5000 builds"), "each build stored once: {count}");
        ensure!(seen.as_array().is_some_and(|s| s.contains(&json!([true, "Importing 5000 builds…"]))), "the button said it was busy: {seen}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// Builds imported in one tab are listed in another at once, and that tab is never held: it
/// heard of each build apart and worked each out against its whole list, a 6-second task
/// for 5,000 builds (15 s for 8,000).
#[tokio::test(flavor = "multi_thread")]
async fn builds_imported_in_one_tab_are_listed_in_another_without_holding_it() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.goto("/builds").await?;
        let (first, second) = w.second_tab().await?;
        w.goto("/builds").await?;
        w.eval_with("window.__tasks = []; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__tasks.push(e.duration); }).observe({type: 'longtask'}); return true;", vec![]).await?;
        w.switch_to(&first).await?;
        paste_builds_to_import(&w, 5000).await?;
        w.press("Import 5000 builds").await?;
        w.wait_until("document.querySelector('.toast')?.textContent.includes('Imported 5000 builds.')").await?;
        w.switch_to(&second).await?;
        w.wait_until("document.getElementById('build-count')?.textContent === '5000 builds'").await.context("the other tab lists them")?;
        let longest = w.eval_with("return Math.max(0, ...window.__tasks)", vec![]).await?;
        ensure!(longest.as_f64().is_some_and(|ms| ms < 1000.0), "the other tab was held for {longest} ms");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_a_name_renders_as_text() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.goto("/builds").await?;
        w.press("Import…").await?;
        let name = "<img src=x onerror=alert(1)>";
        let doc = json!({"name": name, "project_key": "p", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04", "script_type": "shell"});
        w.paste_into("import-text", &doc.to_string()).await?;
        w.press("Import 1 build").await?;
        w.wait_until("document.querySelector('.editor h1') !== null").await?;
        ensure!(w.heading().await? == format!("Build {name}"), "the heading shows the name as text");
        w.goto("/builds").await?;
        w.wait_until("document.querySelector('.builds-body .name a') !== null").await.context("the list shows the build")?;
        let cell = w.eval_with("return document.querySelector('.builds-body .name a').textContent", vec![]).await?;
        ensure!(cell == json!(name), "the list shows the name as text: {cell}");
        let images = w.eval_with("return document.querySelectorAll('img').length", vec![]).await?;
        ensure!(images == json!(0), "no element was injected");
        ensure!(w.browser.client.get_alert_text().await.is_err(), "no script ran");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_list_searches_duplicates_deletes_and_undoes() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.import_fixture("seeds/zadig-build.json", "api-test").await?;
        // The import's note shows on the build it opened, and goes when another page opens.
        w.wait_until("document.querySelector('.toast')?.textContent.includes('Imported 1 build.')").await.context("the import says so")?;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        w.click(".app-nav a[href='/jobs']").await?;
        w.wait_until("location.pathname === '/jobs' && document.querySelector('.toast') === null").await.context("the note goes with the next page")?;
        w.goto("/builds").await?;
        w.click("button[aria-label='Duplicate api-test']").await?;
        w.wait_until("location.pathname === '/builds/api-test-copy'").await?;
        w.goto("/builds").await?;
        w.wait_until("document.querySelectorAll('.builds-body [role=row]').length === 2").await?;
        // `/` focuses search; a service name finds both, a repository word too, nonsense none.
        w.browser.client.find(Locator::Css("body")).await?.send_keys("/").await?;
        w.wait_until("document.activeElement.id === 'build-search'").await?;
        w.type_into("build-search", "service2").await?;
        w.wait_until("document.getElementById('build-count').textContent.includes('2 builds')").await?;
        w.type_into("build-search", "copy").await?;
        w.wait_until("document.getElementById('build-count').textContent === '1 of 2 builds matches'").await?;
        // The URL follows the filter once typing pauses (it is debounced so history stays usable).
        w.wait_until("location.search === '?q=copy'").await.context("the URL names the filter")?;
        w.type_into("build-search", "").await?;
        w.choose("build-sort", "-name").await?;
        w.wait_until("document.querySelector('.builds-body .name a').textContent === 'api-test-copy'").await?;
        // Delete, then undo, by keyboard: focus goes from the row's gone Delete to the toast's
        // Undo, and from the spent Undo to the page's content.
        w.eval_with("document.querySelector(\"button[aria-label='Delete api-test-copy']\").focus()", vec![]).await?;
        w.press_enter().await?;
        w.wait_until("document.querySelectorAll('.builds-body [role=row]').length === 1").await?;
        w.wait_until("document.activeElement.id === 'toast-undo'").await.context("focus goes to the toast's Undo")?;
        w.press_enter().await?;
        w.wait_until("document.querySelectorAll('.builds-body [role=row]').length === 2").await?;
        w.wait_until("document.activeElement.id === 'main'").await.context("then to the page's content")?;
        w.wait_until("location.search === '?sort=-name'").await.context("the URL names the order")?;
        w.browser.client.refresh().await?;
        if w.wait_until("document.querySelectorAll('.builds-body [role=row]').length === 2").await.is_err() {
            let seen = w.eval_with("return document.querySelector('main').innerText", vec![]).await?;
            anyhow::bail!("the undone delete is stored; the page shows {seen}");
        }
        // A deletion's Undo stays through other pages until it is used.
        w.click("button[aria-label='Delete api-test-copy']").await?;
        w.wait_until("document.querySelectorAll('.builds-body [role=row]').length === 1").await?;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        w.click(".app-nav a[href='/templates']").await?;
        w.wait_until("location.pathname === '/templates'").await?;
        w.press("Undo").await.context("Undo is still offered on another page")?;
        w.click(".app-nav a[href='/builds']").await?;
        w.wait_until("document.querySelectorAll('.builds-body [role=row]').length === 2").await.context("the build is back")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_list_renders_only_the_rows_in_view_and_scrolls_by_keyboard() -> anyhow::Result<()> {
    const COUNT: usize = 2_000;
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.goto("/builds").await?;
        w.seed_summaries(&buildbay_e2e::build_summaries(COUNT)).await?;
        w.goto("/builds").await?;
        w.wait_until(&format!("document.getElementById('build-count').textContent === '{COUNT} builds'")).await?;
        let rows = "document.querySelectorAll('.builds-body [role=row]').length";
        let at_top = w.eval_with(&format!("return {rows}"), vec![]).await?.as_u64().unwrap_or_default();
        // Only a window's worth of rows exists, so a filter keystroke builds and lays out few.
        ensure!((10..40).contains(&at_top), "{at_top} rows rendered at the top of {COUNT}");
        ensure!(w.eval_with("return document.querySelector('.builds-body .name a').textContent", vec![]).await? == json!(buildbay_e2e::summary_name(0)));
        // The list is a focusable region: End scrolls it to the last build, whose row appears.
        w.browser.client.find(Locator::Css(".table-viewport")).await?.send_keys(&Key::End.to_string()).await?;
        let last = COUNT + 1;
        w.wait_until(&format!(
            "(() => {{ const row = document.querySelector('.builds-body [role=row][aria-rowindex=\"{last}\"]'); \
               return row !== null && row.querySelector('.name a').textContent === '{}'; }})()",
            buildbay_e2e::summary_name(COUNT - 1)
        ))
        .await
        .context("End brings the last build's row")?;
        let at_end = w.eval_with(&format!("return {rows}"), vec![]).await?.as_u64().unwrap_or_default();
        ensure!((10..40).contains(&at_end), "{at_end} rows rendered at the end of {COUNT}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// Saves a new build, opens it in a second window and switches there; returns the first window.
async fn saved_build_open_in_a_second_tab(w: &World) -> anyhow::Result<fantoccini::wd::WindowHandle> {
    new_build(w).await?;
    w.type_into("f-project_key", "shop").await?;
    w.press("Save").await?;
    w.wait_until("[...document.querySelectorAll('.editor-status span')].some(s => s.textContent.startsWith('Saved at'))").await?;
    let url = w.browser.client.current_url().await?;
    let (first, _) = w.second_tab().await?;
    w.browser.client.goto(url.as_str()).await?;
    w.wait_until("document.querySelector('.editor h1') !== null").await?;
    Ok(first)
}

#[tokio::test(flavor = "multi_thread")]
async fn two_tabs_never_silently_overwrite_each_other() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        let first = saved_build_open_in_a_second_tab(&w).await?;
        w.type_into("f-project_key", "from-tab-two").await?;
        w.press("Save").await?;
        w.wait_until("[...document.querySelectorAll('.editor-status span')].some(s => s.textContent.startsWith('Saved at'))").await?;
        w.switch_to(&first).await?;
        w.wait_until("document.body.textContent.includes('was saved in another tab')").await.context("the first tab hears of the save")?;
        w.type_into("f-project_key", "from-tab-one").await?;
        w.press("Save").await?;
        w.wait_until("document.getElementById('conflict-dialog').open").await.context("a conflict is shown, not a silent overwrite")?;
        w.press("Load theirs and drop mine").await?;
        w.wait_until("document.getElementById('f-project_key').value === 'from-tab-two'").await?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// The list shows a build as it is now: a row kept its first drawing for as long as its
/// build stayed in the same place, whatever another tab (or a template's change) did to it.
#[tokio::test(flavor = "multi_thread")]
async fn a_build_saved_in_another_tab_is_shown_anew_in_the_list() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        let first = saved_build_open_in_a_second_tab(&w).await?;
        let second = w.browser.client.window().await?;
        w.switch_to(&first).await?;
        w.goto("/builds").await?;
        w.wait_until("[...document.querySelectorAll('.builds-body .builds-row')].some(r => r.textContent.includes('shop'))").await?;
        w.switch_to(&second).await?;
        w.type_into("f-project_key", "from-tab-two").await?;
        w.press("Save").await?;
        w.wait_until("[...document.querySelectorAll('.editor-status span')].some(s => s.textContent.startsWith('Saved at'))").await?;
        w.switch_to(&first).await?;
        w.wait_until("[...document.querySelectorAll('.builds-body .builds-row')].some(r => r.textContent.includes('from-tab-two'))")
            .await
            .context("the list shows the project the other tab saved")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_tabs_unsaved_changes_can_be_restored() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        let first = saved_build_open_in_a_second_tab(&w).await?;
        w.type_into("f-project_key", "unsaved-work").await?;
        w.wait_until("document.body.textContent.includes('draft kept at')").await.context("the draft is stored as one types")?;
        w.browser.client.close_window().await?;
        w.switch_to(&first).await?;
        w.browser.client.refresh().await?;
        w.wait_until("document.body.textContent.includes('from another tab or session')").await?;
        w.press("Restore them").await?;
        w.wait_until("document.getElementById('f-project_key').value === 'unsaved-work'").await?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn typing_just_before_a_reload_is_kept() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.import_fixture("seeds/zadig-build.json", "api-test").await?;
        w.press("Save").await?;
        w.wait_until("document.querySelector('.editor-status').textContent.includes('Saved')").await?;
        // Reloaded inside the autosave's quiet period: the page stores the draft as it goes.
        w.type_into("f-project_key", "typed-just-now").await?;
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('f-project_key') !== null && document.getElementById('f-project_key').value === 'typed-just-now'")
            .await
            .context("the last keystrokes before the reload are back")?;
        // Even when IndexedDB's write never lands before the page goes (as on a busy machine):
        // session storage holds what was typed, masked like any stored draft.
        w.type_into("f-project_key", "typed-then-lost").await?;
        w.eval_with("IDBObjectStore.prototype.put = function () { throw new DOMException('gone', 'AbortError'); }", vec![]).await?;
        let kept = w
            .eval_with("dispatchEvent(new Event('beforeunload', {cancelable: true})); return sessionStorage.getItem(Object.keys(sessionStorage).find(k => k.startsWith('buildbay.unload-draft.')))", vec![])
            .await?;
        let kept = kept.as_str().unwrap_or_default();
        ensure!(kept.contains("typed-then-lost") && !kept.contains("abc123") && kept.contains("********"), "the unload's copy, secret masked: {kept}");
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('f-project_key') !== null && document.getElementById('f-project_key').value === 'typed-then-lost'")
            .await
            .context("the session copy brings them back")?;
        // Once saved, nothing is pending: no copy is left to bring back an older text.
        w.press("Save").await?;
        w.wait_until("document.querySelector('.editor-status').textContent.includes('Saved')").await?;
        w.wait_until("!Object.keys(sessionStorage).some(k => k.startsWith('buildbay.unload-draft.'))").await.context("the copy is forgotten")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// Leaving for another section inside the autosave's quiet period once killed the page: the
/// draft's timer fired on an editor already gone. Now the draft is stored as the editor goes,
/// as the guard's question promises, and comes back with the build; a save that lands after
/// the editor has gone is stored and the page lives on.
#[tokio::test(flavor = "multi_thread")]
async fn typing_just_before_leaving_for_another_section_is_kept() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.import_fixture("seeds/zadig-build.json", "api-test").await?;
        w.press("Save").await?;
        w.wait_until("document.querySelector('.editor-status').textContent.includes('Saved')").await?;
        w.type_into("f-project_key", "typed-then-left").await?;
        w.click(".app-nav a[href='/jobs']").await?;
        let asked = w.browser.client.get_alert_text().await.context("the guard asks")?;
        ensure!(asked.contains("stay as a draft"), "{asked}");
        w.browser.client.accept_alert().await?;
        w.wait_until("location.pathname === '/jobs'").await?;
        ensure!(!w.has_stopped().await?, "the page lives on");
        w.browser.client.back().await?;
        w.wait_until("document.getElementById('f-project_key')?.value === 'typed-then-left'").await.context("the draft comes back with the build")?;
        ensure!(w.eval_with("return document.body.textContent.includes('Restored your unsaved changes')", vec![]).await? == json!(true), "and says so");
        // Save pressed and the page left in one go: the save lands after the editor is gone,
        // which once read its disposed timer and killed the page too.
        w.eval_with("window.confirm = () => true; [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Save').click(); document.querySelector(\".app-nav a[href='/jobs']\").click()", vec![]).await?;
        w.wait_until("location.pathname === '/jobs'").await?;
        ensure!(!w.has_stopped().await?, "the page lives on after a save that lands late");
        w.browser.client.back().await?;
        w.wait_until("document.getElementById('f-project_key')?.value === 'typed-then-left' && !document.querySelector('.editor-status').textContent.includes('Unsaved') && !document.body.textContent.includes('Restored your unsaved changes')").await.context("the save landed, no draft left over it")?;
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

/// Edits can be thrown away in one press, from the editor or from the restored-draft banner,
/// and Undo brings them back; nothing is offered as unsaved afterwards.
#[tokio::test(flavor = "multi_thread")]
async fn unsaved_changes_can_be_discarded_and_the_discard_undone() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.import_fixture("seeds/zadig-build.json", "api-test").await?;
        w.press("Save").await?;
        w.wait_until("document.querySelector('.editor-status').textContent.includes('Saved')").await?;
        let discard = "[...document.querySelectorAll('.editor-actions button')].find(b => b.textContent === 'Discard changes')";
        ensure!(w.eval_with(&format!("return {discard}.disabled"), vec![]).await? == json!(true), "nothing to discard yet");
        let saved = w.value_of("f-project_key").await?;
        w.type_into("f-project_key", "thrown-away").await?;
        w.wait_until(&format!("!{discard}.disabled")).await.context("offered once changed")?;
        // By keyboard: the pressed button is disabled by its use, and focus goes to the Undo
        // that brings the changes back rather than to the top of the page.
        w.press_with_enter("editor-discard").await?;
        w.wait_until(&format!("document.getElementById('f-project_key').value === {saved:?} && {discard}.disabled")).await.context("the saved build is back")?;
        w.wait_until("!document.querySelector('.editor-status').textContent.includes('Unsaved')").await.context("nothing unsaved")?;
        w.wait_until("document.activeElement.id === 'editor-undo'").await.context("focus goes from Discard changes to Undo")?;
        w.press_enter().await?;
        w.wait_until("document.getElementById('f-project_key').value === 'thrown-away'").await.context("Undo brings the edit back")?;
        // Undo pressed until nothing is left to undo hands focus to Redo.
        for _ in 0..40 {
            if w.eval_with("return document.getElementById('editor-undo').disabled", vec![]).await? == json!(true) {
                break;
            }
            w.press_with_enter("editor-undo").await?;
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        }
        w.wait_until("document.activeElement.id === 'editor-redo'").await.context("focus goes from the spent Undo to Redo")?;
        w.press_enter().await?;
        w.wait_until("document.getElementById('editor-undo').disabled === false").await.context("Redo redoes")?;
        // A draft restored after a reload can be discarded from its banner.
        w.wait_until("document.querySelector('.editor-status').textContent.includes('draft kept')").await?;
        w.browser.client.refresh().await?;
        w.wait_until("document.body.textContent.includes('Restored your unsaved changes')").await?;
        w.eval_with("[...document.querySelectorAll('button')].find(b => b.textContent === 'Discard them').focus()", vec![]).await?;
        w.press_enter().await?;
        w.wait_until(&format!("document.getElementById('f-project_key').value === {saved:?} && !document.body.textContent.includes('Restored your unsaved changes')")).await?;
        w.wait_until("document.activeElement.id === 'editor-undo'").await.context("focus goes from the gone banner to Undo")?;
        w.browser.client.refresh().await?;
        w.wait_until("document.getElementById('f-project_key') !== null").await?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        ensure!(w.value_of("f-project_key").await? == saved, "the discarded draft stays gone after a reload");
        ensure!(w.eval_with("return document.body.textContent.includes('Restored your unsaved changes')", vec![]).await? == json!(false), "not offered again");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_list_and_the_editor_have_no_serious_accessibility_violations() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.import_fixture("seeds/zadig-build.json", "api-test").await?;
        let mut found = Vec::new();
        for s in ["basics", "services", "repositories", "variables", "script", "docker", "advanced"] {
            section(&w, s).await?;
            found.extend(w.accessibility_violations().await?.into_iter().map(|v| format!("editor/{s}: {v}")));
        }
        w.press("Save").await?;
        w.goto("/builds").await?;
        w.wait_until("document.querySelector('.builds-table') !== null").await?;
        found.extend(w.accessibility_violations().await?.into_iter().map(|v| format!("list: {v}")));
        w.click("label[for='theme-dark'], .theme-toggle").await?;
        found.extend(w.accessibility_violations().await?.into_iter().map(|v| format!("list (other theme): {v}")));
        ensure!(found.is_empty(), "serious or critical violations:\n{}", found.join("\n"));
        Ok(())
    }
    .await;
    w.finish(outcome).await
}
