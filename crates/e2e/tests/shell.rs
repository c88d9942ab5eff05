//! End-to-end: the release bundle's shell in headless Chromium — sections by click and by URL,
//! themes, keyboard entry, narrow screens, and a clean browser console throughout.

use std::time::Duration;

use anyhow::{Context, ensure};
use buildbay_e2e::World;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

const SECTIONS: [(&str, &str); 5] = [
    ("/builds", "Builds"),
    ("/templates", "Templates"),
    ("/jobs", "Jobs"),
    ("/simulator", "Simulator"),
    ("/settings", "Settings"),
];
const WAIT: Duration = buildbay_e2e::WAIT;

#[tokio::test(flavor = "multi_thread")]
async fn shell_renders_and_root_opens_builds() -> anyhow::Result<()> {
    let world = World::open(1280, 900).await?;
    let outcome = async {
        world.goto("/").await?;
        world.browser.wait_until("location.pathname === '/builds'", WAIT).await?;
        ensure!(world.heading().await? == "Builds");
        let brand = world.browser.eval("return document.querySelector('.brand-name').textContent").await?;
        ensure!(brand == json!("Buildbay"), "product name in the header: {brand}");
        let nav = world
            .browser
            .eval("return [...document.querySelectorAll('nav a')].map(a => a.textContent)")
            .await?;
        ensure!(nav == json!(["Builds", "Templates", "Jobs", "Simulator", "Settings"]), "nav: {nav}");
        let landmarks = world
            .browser
            .eval("return ['header', 'nav', 'main'].map(t => document.querySelectorAll(t).length > 0)")
            .await?;
        ensure!(landmarks == json!([true, true, true]), "landmarks: {landmarks}");
        // Chromium runs wasm SIMD: index.html's check must agree, or it would turn users away.
        let unsupported = world.browser.eval("return document.getElementById('unsupported-browser')").await?;
        ensure!(unsupported.is_null(), "the unsupported-browser note shows in Chromium: {unsupported}");
        let title = world.browser.eval("return document.title").await?;
        ensure!(title == json!("Builds · Buildbay"), "document title: {title}");
        Ok(())
    }
    .await;
    world.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn each_section_opens_by_click() -> anyhow::Result<()> {
    let world = World::open(1280, 900).await?;
    let outcome = async {
        world.goto("/builds").await?;
        for (path, label) in SECTIONS.iter().rev() {
            let link = world.browser.client.find(Locator::LinkText(label)).await?;
            link.click().await?;
            world
                .browser
                .wait_until(&format!("location.pathname === '{path}' && document.querySelector('main h1')?.textContent === '{label}'"), WAIT)
                .await
                .with_context(|| format!("clicking {label}"))?;
            let current = world
                .browser
                .eval("return document.querySelector('nav a[aria-current=page]')?.textContent")
                .await?;
            ensure!(current == json!(label), "aria-current marks {label}, got {current}");
        }
        Ok(())
    }
    .await;
    world.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn each_section_opens_by_direct_url() -> anyhow::Result<()> {
    let world = World::open(1280, 900).await?;
    let outcome = async {
        let mut routes: Vec<(String, String)> =
            SECTIONS.iter().map(|(p, l)| (p.to_string(), l.to_string())).collect();
        routes.extend([
            ("/builds/api-build".into(), "Build api-build".into()),
            ("/templates/go-service".into(), "Template go-service".into()),
            ("/jobs/42".into(), "Job 42".into()),
            ("/no/such/page".into(), "Page not found".into()),
        ]);
        for (path, heading) in routes {
            world.goto(&path).await?;
            ensure!(world.path().await? == path, "stays at {path}");
            let got = world.heading().await?;
            ensure!(got == heading, "{path}: heading {got:?}, expected {heading:?}");
        }
        Ok(())
    }
    .await;
    world.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn route_names_render_as_text() -> anyhow::Result<()> {
    let world = World::open(1280, 900).await?;
    let outcome = async {
        world.goto("/builds/%3Cimg%20src=x%20onerror=alert(1)%3E").await?;
        let heading = world.heading().await?;
        ensure!(heading == "Build <img src=x onerror=alert(1)>", "heading shows the name literally: {heading}");
        let images = world.browser.eval("return document.querySelectorAll('main img').length").await?;
        ensure!(images == json!(0), "no element was injected");
        Ok(())
    }
    .await;
    world.finish(outcome).await
}

async fn background(world: &World) -> anyhow::Result<String> {
    let v = world.browser.eval("return getComputedStyle(document.body).backgroundColor").await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn emulate_scheme(world: &World, scheme: &str) -> anyhow::Result<()> {
    world
        .browser
        .cdp("Emulation.setEmulatedMedia", json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn themes_follow_the_system_and_the_toggle_is_remembered() -> anyhow::Result<()> {
    let world = World::open(1280, 900).await?;
    let outcome = async {
        world.goto("/builds").await?;
        emulate_scheme(&world, "light").await?;
        let light = background(&world).await?;
        emulate_scheme(&world, "dark").await?;
        let dark = background(&world).await?;
        ensure!(light == "rgb(246, 247, 249)", "light system theme background: {light}");
        ensure!(dark == "rgb(17, 20, 24)", "dark system theme background: {dark}");
        // Under a dark system preference, the toggle switches to light and remembers it.
        let toggle = world.browser.client.find(Locator::Css(".theme-toggle")).await?;
        toggle.click().await?;
        world.browser.wait_until("document.documentElement.dataset.theme === 'light'", WAIT).await?;
        ensure!(background(&world).await? == light, "toggle applies the light theme");
        world.browser.client.refresh().await?;
        world.browser.wait_until("document.querySelector('main h1') !== null", WAIT).await?;
        ensure!(background(&world).await? == light, "the choice survives a reload");
        // Settings can hand the choice back to the system.
        world.goto("/settings").await?;
        world.browser.client.find(Locator::Css("label[for=theme-system]")).await?.click().await?;
        world.browser.wait_until("document.documentElement.dataset.theme === undefined", WAIT).await?;
        ensure!(background(&world).await? == dark, "following the system again");
        Ok(())
    }
    .await;
    world.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_users_skip_to_content() -> anyhow::Result<()> {
    let world = World::open(1280, 900).await?;
    let outcome = async {
        world.goto("/jobs").await?;
        let body = world.browser.client.find(Locator::Css("body")).await?;
        body.send_keys(&Key::Tab.to_string()).await?;
        let first = world.browser.eval("return document.activeElement.className").await?;
        ensure!(first == json!("skip-link"), "the first Tab stop is the skip link, got {first}");
        let outline = world
            .browser
            .eval("return getComputedStyle(document.activeElement).outlineStyle")
            .await?;
        ensure!(outline == json!("solid"), "focus is visible: outline {outline}");
        world.browser.client.active_element().await?.send_keys(&Key::Enter.to_string()).await?;
        world.browser.wait_until("document.activeElement.id === 'main'", WAIT).await?;
        Ok(())
    }
    .await;
    world.finish(outcome).await
}

#[tokio::test(flavor = "multi_thread")]
async fn usable_at_375_pixels_wide() -> anyhow::Result<()> {
    let world = World::open(375, 800).await?;
    let outcome = async {
        for (path, label) in SECTIONS {
            world.goto(path).await?;
            ensure!(world.heading().await? == label);
            let overflow = world
                .browser
                .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                .await?;
            ensure!(overflow.as_i64() == Some(0), "{path} scrolls sideways at 375 px by {overflow} px");
            let nav_visible = world
                .browser
                .eval("return [...document.querySelectorAll('nav a')].every(a => { const r = a.getBoundingClientRect(); return r.width > 0 && r.right <= innerWidth; })")
                .await?;
            ensure!(nav_visible == json!(true), "every section link is on screen at 375 px");
        }
        Ok(())
    }
    .await;
    world.finish(outcome).await
}

/// A preference changed in one tab holds in every open tab at once: a tab opened before an
/// admin stopped remembering secrets went on storing them in clear text until reloaded.
#[tokio::test(flavor = "multi_thread")]
async fn a_preference_changed_in_one_tab_holds_in_every_open_tab() -> anyhow::Result<()> {
    let world = World::open(1280, 900).await?;
    let outcome = async {
        world.goto("/settings").await?;
        let (first, second) = world.second_tab().await?;
        world.goto("/settings").await?;
        world.wait_until("document.getElementById('remember-secrets')?.checked === false").await?;
        world.switch_to(&first).await?;
        world.click("#remember-secrets").await?;
        world.click("#single-key-shortcuts").await?;
        world.switch_to(&second).await?;
        world
            .wait_until("document.getElementById('remember-secrets').checked && !document.getElementById('single-key-shortcuts').checked")
            .await
            .context("the other tab follows the opt-in")?;
        world.click("#remember-secrets").await?;
        world.switch_to(&first).await?;
        world.wait_until("document.getElementById('remember-secrets').checked === false").await.context("and the opt-out")?;
        Ok(())
    }
    .await;
    world.finish(outcome).await
}

/// `g` then a section's letter opens the section as its header link does: focus lands at the
/// content, the editor's unsaved-changes guard still asks, and turning single-key shortcuts off
/// in Settings turns these off too.
#[tokio::test(flavor = "multi_thread")]
async fn g_then_a_letter_opens_a_section() -> anyhow::Result<()> {
    let world = World::open(1280, 900).await?;
    let keys = |keys: &'static str| {
        let world = &world;
        async move {
            let body = world.browser.client.find(Locator::Css("body")).await?;
            for key in keys.chars() {
                body.send_keys(&key.to_string()).await?;
            }
            anyhow::Ok(())
        }
    };
    let outcome = async {
        world.goto("/builds").await?;
        for (letters, path) in [("gj", "/jobs"), ("gs", "/simulator"), ("g,", "/settings"), ("gt", "/templates"), ("gb", "/builds")] {
            keys(letters).await?;
            world.browser.wait_until(&format!("location.pathname === '{path}'"), WAIT).await.with_context(|| format!("{letters} opens {path}"))?;
            world.browser.wait_until("document.activeElement.id === 'main'", WAIT).await.with_context(|| format!("focus at the content of {path}"))?;
        }
        // A letter alone, or after any other key, opens nothing.
        keys("jxs").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        ensure!(world.path().await? == "/builds", "a letter without g stays");
        // The sheet lists them, and each header link announces its keys.
        keys("?").await?;
        world.wait_until("document.getElementById('shortcuts-dialog')?.open && document.getElementById('shortcuts-dialog').textContent.includes('g then jGo to Jobs')").await.context("the sheet lists g then j")?;
        keys("gj").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        ensure!(world.path().await? == "/builds", "keys go to an open dialog, not the page behind it");
        world.browser.client.active_element().await?.send_keys(&Key::Escape.to_string()).await?;
        world.wait_until("!document.getElementById('shortcuts-dialog').open").await?;
        let announced = world.eval_with("return document.querySelector(\".app-nav a[href='/simulator']\").getAttribute('aria-keyshortcuts')", vec![]).await?;
        ensure!(announced == json!("g s"), "the Simulator link announces g s: {announced}");
        // Unsaved changes in the editor: asked first, and staying keeps them.
        world.import_fixture("seeds/zadig-build.json", "api-test").await?;
        world.goto("/builds/api-test").await?;
        world.type_into("f-name", "api-test-2").await?;
        world.browser.client.find(Locator::Css("h1")).await?.click().await?;
        keys("gj").await?;
        let asked = world.browser.client.get_alert_text().await.context("the guard asks")?;
        ensure!(asked.contains("unsaved changes"), "{asked}");
        world.browser.client.dismiss_alert().await?;
        ensure!(world.path().await? == "/builds/api-test", "staying stays");
        ensure!(world.value_of("f-name").await? == "api-test-2", "with what was typed");
        // Turned off in Settings, they are off.
        keys("g,").await?;
        world.browser.client.accept_alert().await?;
        world.browser.wait_until("location.pathname === '/settings'", WAIT).await?;
        world.click("#single-key-shortcuts").await?;
        world.wait_until("!document.getElementById('single-key-shortcuts').checked").await?;
        keys("gj").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        ensure!(world.path().await? == "/settings", "off means off");
        Ok(())
    }
    .await;
    world.finish(outcome).await
}


/// A button whose work ends after a read from storage, pressed in the same moment as a link
/// to another section, once read its page's state after the page was gone and stopped the
/// whole console: adding a stored build to the scenario, and exporting every build (whose
/// file still downloads, with the choices made in the dialog).
#[tokio::test(flavor = "multi_thread")]
async fn a_button_pressed_just_before_leaving_its_page_does_not_stop_the_console() -> anyhow::Result<()> {
    let w = World::open(1280, 900).await?;
    let outcome = async {
        w.import_fixture("seeds/zadig-build.json", "api-test").await?;
        w.press("Save").await?;
        w.wait_until("document.querySelector('.editor-status').textContent.includes('Saved')").await?;
        w.goto("/simulator").await?;
        w.wait_until("document.getElementById('stored-build')?.options.length > 1").await?;
        w.eval_with("const s = document.getElementById('stored-build'); s.value = s.options[1].value; s.dispatchEvent(new Event('change', {bubbles: true}));", vec![]).await?;
        w.eval_with("[...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Add to scenario A').click(); document.querySelector(\".app-nav a[href='/jobs']\").click()", vec![]).await?;
        w.wait_until("location.pathname === '/jobs'").await?;
        ensure!(!w.has_stopped().await?, "the console lives on after adding a build and leaving");
        w.goto("/builds").await?;
        w.capture_downloads().await?;
        w.press("Export all…").await?;
        w.choose("export-all-target", "nuon").await?;
        w.eval_with("[...document.querySelectorAll('#export-all-dialog button')].find(b => b.textContent.trim() === 'Download').click(); document.querySelector(\".app-nav a[href='/jobs']\").click()", vec![]).await?;
        w.wait_until("location.pathname === '/jobs'").await?;
        ensure!(!w.has_stopped().await?, "the console lives on after exporting and leaving");
        let exported: serde_json::Value = serde_json::from_str(&w.last_download().await?)?;
        ensure!(exported["target"] == "nuon" && exported["builds"].as_array().map(Vec::len) == Some(1), "the export still downloads, as chosen: {exported}");
        Ok(())
    }
    .await;
    w.finish(outcome).await
}
