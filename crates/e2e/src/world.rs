//! One test's world: the bundle served on a free port and a browser session looking at it,
//! with the helpers journeys need (fields by id, buttons by name, downloads, accessibility).

use std::time::Duration;

use anyhow::{Context, bail, ensure};
use fantoccini::Locator;
use fantoccini::wd::WindowHandle;
use serde_json::{Value, json};

use crate::{Browser, Site, dist_dir};

/// How long a journey waits for something to appear: generous, because two browsers share a
/// two-CPU CI machine (15 s was once exceeded there by a step that takes half a second alone);
/// what never appears still fails, only later.
pub const WAIT: Duration = Duration::from_secs(30);

/// The served bundle and a browser.
pub struct World {
    pub site: Site,
    pub browser: Browser,
}

impl World {
    /// Serves the bundle and opens a browser window of the given size.
    pub async fn open(width: u32, height: u32) -> anyhow::Result<World> {
        let site = Site::serve(&dist_dir()?)?;
        let browser = Browser::start(width, height).await?;
        Ok(World { site, browser })
    }

    /// Opens a path and waits for the section's heading.
    pub async fn goto(&self, path: &str) -> anyhow::Result<()> {
        self.browser.client.goto(&self.site.url(path)).await?;
        self.browser.wait_until("document.querySelector('main h1') !== null", WAIT).await
    }

    /// The text of the section's main heading.
    pub async fn heading(&self) -> anyhow::Result<String> {
        let v = self.browser.eval("return document.querySelector('main h1').textContent").await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The current URL's path.
    pub async fn path(&self) -> anyhow::Result<String> {
        Ok(self.browser.client.current_url().await?.path().to_string())
    }

    /// Opens a second tab of the same browser (same storage, its own page) and switches to it;
    /// returns the first tab and the second, for [`World::switch_to`].
    pub async fn second_tab(&self) -> anyhow::Result<(WindowHandle, WindowHandle)> {
        let first = self.browser.client.window().await?;
        let second = self.browser.client.new_window(true).await?.handle;
        self.switch_to(&second).await?;
        Ok((first, second))
    }

    /// Makes `tab` the one the journey looks at and acts in.
    pub async fn switch_to(&self, tab: &WindowHandle) -> anyhow::Result<()> {
        Ok(self.browser.client.switch_to_window(tab.clone()).await?)
    }

    /// Runs a script with arguments.
    pub async fn eval_with(&self, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
        Ok(self.browser.client.execute(script, args).await?)
    }

    /// Waits for an element, then clicks it.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let el = self.browser.client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.with_context(|| format!("waiting for {css}"))?;
        el.click().await.with_context(|| format!("clicking {css}"))?;
        Ok(())
    }

    /// Clicks the button with this visible text (the first one, or the one inside `within`).
    pub async fn press(&self, text: &str) -> anyhow::Result<()> {
        // XPath 1.0 has no escapes: a text with an apostrophe is quoted with double quotes.
        let quoted = if text.contains('\'') { format!("\"{text}\"") } else { format!("'{text}'") };
        let xpath = format!("//button[normalize-space()={quoted}]");
        let el = self.browser.client.wait().at_most(WAIT).for_element(Locator::XPath(&xpath)).await.with_context(|| format!("no button {text}"))?;
        el.click().await.with_context(|| format!("pressing {text}"))?;
        Ok(())
    }

    /// Presses the button with this id as a keyboard user does: focused, then Enter.
    pub async fn press_with_enter(&self, id: &str) -> anyhow::Result<()> {
        self.browser.client.wait().at_most(WAIT).for_element(Locator::Id(id)).await.with_context(|| format!("no button #{id}"))?;
        self.eval_with("document.getElementById(arguments[0]).focus()", vec![json!(id)]).await?;
        self.press_enter().await.with_context(|| format!("pressing #{id} with Enter"))
    }

    /// Presses Enter on whatever has focus now, as a keyboard user goes on from where focus
    /// was left.
    pub async fn press_enter(&self) -> anyhow::Result<()> {
        self.browser.client.active_element().await?.send_keys(&fantoccini::key::Key::Enter.to_string()).await?;
        Ok(())
    }

    /// Waits for the element with this id, then types into it as a person would: it is
    /// focused, emptied, and each character is sent as a key press.
    pub async fn type_into(&self, id: &str, text: &str) -> anyhow::Result<()> {
        let el = self
            .browser
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Id(id))
            .await
            .with_context(|| format!("no field #{id}"))?;
        el.click().await?;
        self.eval_with(
            "const e = document.getElementById(arguments[0]); e.select && e.select(); e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![json!(id)],
        )
        .await?;
        el.send_keys(text).await.with_context(|| format!("typing into #{id}"))?;
        Ok(())
    }

    /// Picks the file at `path` in the file input with this id, as an admin choosing it would.
    pub async fn pick_file(&self, id: &str, path: &std::path::Path) -> anyhow::Result<()> {
        let el = self.browser.client.wait().at_most(WAIT).for_element(Locator::Id(id)).await.with_context(|| format!("no file input #{id}"))?;
        el.send_keys(&path.to_string_lossy()).await.with_context(|| format!("picking {} in #{id}", path.display()))?;
        Ok(())
    }

    /// Sets a long value at once (pasting), firing the input event the app listens to.
    pub async fn paste_into(&self, id: &str, text: &str) -> anyhow::Result<()> {
        self.browser.client.wait().at_most(WAIT).for_element(Locator::Id(id)).await.with_context(|| format!("no field #{id}"))?;
        self.eval_with(
            "const e = document.getElementById(arguments[0]); e.focus(); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![json!(id), json!(text)],
        )
        .await?;
        Ok(())
    }

    /// Picks an option of the select with this id.
    pub async fn choose(&self, id: &str, value: &str) -> anyhow::Result<()> {
        self.browser.client.wait().at_most(WAIT).for_element(Locator::Id(id)).await.with_context(|| format!("no select #{id}"))?;
        let found = self
            .eval_with(
                "const e = document.getElementById(arguments[0]); if (![...e.options].some(o => o.value === arguments[1])) return false; e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true})); return true;",
                vec![json!(id), json!(value)],
            )
            .await?;
        ensure!(found == json!(true), "#{id} has no option {value}");
        Ok(())
    }

    /// The value of a form control.
    pub async fn value_of(&self, id: &str) -> anyhow::Result<String> {
        let v = self.eval_with("const e = document.getElementById(arguments[0]); return e ? e.value : null;", vec![json!(id)]).await?;
        v.as_str().map(str::to_string).with_context(|| format!("no control #{id}"))
    }

    /// The text of the element with this id as the page gives it (null when there is none),
    /// the one read most checks of a message, status or line make.
    pub async fn text_of(&self, id: &str) -> anyhow::Result<Value> {
        self.eval_with("const e = document.getElementById(arguments[0]); return e ? e.textContent : null;", vec![json!(id)]).await
    }

    /// The simulation state as IndexedDB holds it, once it contains `needle` (or as it is
    /// after five seconds): a change is stored a moment after the page shows it, and a reload
    /// before that would test the write's timing rather than what survives.
    pub async fn stored_simulation_with(&self, needle: &str) -> anyhow::Result<String> {
        const STORED: &str = "return new Promise(done => { const open = indexedDB.open('buildbay'); \
            open.onsuccess = () => { const get = open.result.transaction('simulation').objectStore('simulation').get('state'); \
            get.onsuccess = () => done(get.result || ''); get.onerror = () => done(''); }; open.onerror = () => done(''); })";
        let mut stored = String::new();
        for _ in 0..50 {
            stored = self.eval_with(STORED, vec![]).await?.as_str().unwrap_or_default().to_string();
            if stored.contains(needle) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Ok(stored)
    }

    /// Runs `script` on the simulation's IndexedDB store (`store`, in a read-write transaction)
    /// as another tab or the browser would, behind the page's back (no notice is sent); true
    /// once the transaction has completed.
    pub async fn in_simulation_store(&self, script: &str) -> anyhow::Result<Value> {
        let wrapped = format!(
            "return new Promise(done => {{ const open = indexedDB.open('buildbay'); open.onerror = () => done(String(open.error)); \
               open.onsuccess = () => {{ const db = open.result; const tx = db.transaction('simulation', 'readwrite'); const store = tx.objectStore('simulation'); \
                 tx.oncomplete = () => {{ db.close(); done(true); }}; tx.onerror = () => done(String(tx.error)); {script} }}; }})"
        );
        self.eval_with(&wrapped, vec![]).await
    }

    /// Waits until a JavaScript condition holds.
    pub async fn wait_until(&self, condition: &str) -> anyhow::Result<()> {
        self.browser.wait_until(condition, WAIT).await
    }

    /// Whether the console has stopped on a panic, its fatal panel showing: a panic in wasm
    /// kills the page, so a journey that could cause one checks for it.
    pub async fn has_stopped(&self) -> anyhow::Result<bool> {
        // A late panic shows after the task it ran in: give it time to land.
        tokio::time::sleep(Duration::from_millis(800)).await;
        Ok(self.eval_with("return document.body.textContent.includes('stopped because of an internal error')", vec![]).await? == json!(true))
    }

    /// Records what the page offers for download from now on (blobs made into object URLs).
    pub async fn capture_downloads(&self) -> anyhow::Result<()> {
        self.browser
            .eval(
                "window.__downloads = []; const create = URL.createObjectURL.bind(URL); \
                 URL.createObjectURL = (b) => { window.__downloads.push(b); return create(b); }; return true;",
            )
            .await?;
        Ok(())
    }

    /// The text of the last download.
    pub async fn last_download(&self) -> anyhow::Result<String> {
        self.wait_until("window.__downloads && window.__downloads.length > 0").await?;
        let v = self
            .browser
            .client
            .execute_async("const done = arguments[arguments.length - 1]; window.__downloads[window.__downloads.length - 1].text().then(done);", vec![])
            .await?;
        v.as_str().map(str::to_string).context("download text")
    }

    /// Runs axe-core on the page; returns the serious and critical violations.
    pub async fn accessibility_violations(&self) -> anyhow::Result<Vec<String>> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).with_context(|| format!("{} (cargo xtask setup installs axe-core)", path.display()))?;
        self.browser.client.execute(&source, vec![]).await?;
        let result = self
            .browser
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations \
                   .filter(v => v.impact === 'serious' || v.impact === 'critical') \
                   .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))))",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(result)?)
    }

    /// Imports a fixture from `crates/core/tests/fixtures` on the Builds page and waits for
    /// its editor to open at `/builds/<name>`.
    pub async fn import_fixture(&self, fixture: &str, name: &str) -> anyhow::Result<()> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures").join(fixture);
        let text = std::fs::read_to_string(&path)?;
        self.goto("/builds").await?;
        self.import_here(&text, "Import 1 build", &format!("/builds/{name}")).await
    }

    /// Imports `text` through the open page's Import… dialog, confirming with the button
    /// `confirm` ("Import 1 build"), and waits for the page it lands on.
    pub async fn import_here(&self, text: &str, confirm: &str, lands_at: &str) -> anyhow::Result<()> {
        self.press("Import…").await?;
        self.paste_into("import-text", text).await?;
        self.press(confirm).await?;
        self.wait_until(&format!("location.pathname === '{lands_at}'")).await
    }

    /// Writes build summaries straight into the app's IndexedDB store (the page must have
    /// opened it once); the list shows them on its next load.
    pub async fn seed_summaries(&self, summaries: &[String]) -> anyhow::Result<()> {
        let seeded = self
            .browser
            .client
            .execute_async(
                "const [items] = arguments; const done = arguments[arguments.length - 1]; \
                 const open = indexedDB.open('buildbay'); \
                 open.onsuccess = () => { const db = open.result; const tx = db.transaction(['summaries'], 'readwrite'); const store = tx.objectStore('summaries'); \
                   for (const text of items) { store.put(text, JSON.parse(text).id); } \
                   tx.oncomplete = () => { db.close(); done(items.length); }; tx.onerror = () => done('error: ' + tx.error); }; \
                 open.onerror = () => done('error: ' + open.error);",
                vec![json!(summaries)],
            )
            .await?;
        ensure!(seeded == json!(summaries.len()), "seeding the build list: {seeded}");
        Ok(())
    }

    /// Closes the browser whatever happened, then fails on the journey's error or on console errors.
    pub async fn finish(self, outcome: anyhow::Result<()>) -> anyhow::Result<()> {
        let errors = self.browser.console_errors().await;
        if outcome.is_err()
            && let Ok(png) = self.browser.client.screenshot().await
        {
            let _ = std::fs::write(std::env::temp_dir().join("buildbay-e2e-failure.png"), png);
        }
        self.browser.close().await;
        outcome?;
        let errors = errors?;
        if !errors.is_empty() {
            bail!("the browser console shows errors: {errors:#?}");
        }
        Ok(())
    }
}
