//! chromedriver plus a headless Chromium session, and the page's console log.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde::Deserialize;
use serde_json::{Value, json};

/// A chromedriver process (in its own process group) with one connected session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

/// One line of the browser's console log as chromedriver reports it.
#[derive(Debug, Clone, Deserialize)]
pub struct ConsoleEntry {
    pub level: String,
    pub message: String,
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn env_path(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

/// chromedriver's legacy log endpoint, which still returns the page's console in W3C mode.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}

/// A Chrome DevTools Protocol command sent through chromedriver.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session of the given size.
    /// A chromedriver that exits (another process took its port between our look and its bind)
    /// or never answers is ended and started again on another port, up to three times, so a busy
    /// machine's race does not fail a test.
    pub async fn start(width: u32, height: u32) -> anyhow::Result<Browser> {
        let mut last = None;
        for _ in 0..3 {
            match Browser::start_once(width, height).await {
                Ok(browser) => return Ok(browser),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| anyhow::anyhow!("no attempt was made")))
    }

    async fn start_once(width: u32, height: u32) -> anyhow::Result<Browser> {
        let port = free_port()?;
        let chromedriver = env_path("CHROMEDRIVER", "/usr/bin/chromedriver");
        let mut driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {chromedriver} (cargo xtask setup installs it)"))?;
        let profile = tempfile::tempdir()?;
        let caps = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": env_path("CHROMIUM", "/usr/bin/chromium"),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--disable-extensions",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        });
        let Value::Object(caps) = caps else { unreachable!("capabilities are an object") };
        let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match builder.connect(&url).await {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline || !matches!(driver.try_wait(), Ok(None)) => {
                    end_group(&mut driver);
                    bail!("could not open a Chromium session: {e}");
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        let browser = Browser { client, driver, _profile: profile };
        browser.client.set_window_size(width, height).await?;
        Ok(browser)
    }

    /// Console entries logged since the previous call.
    pub async fn console(&self) -> anyhow::Result<Vec<ConsoleEntry>> {
        let raw = self.client.issue_cmd(BrowserLog).await?;
        Ok(serde_json::from_value(raw)?)
    }

    /// Console errors (level SEVERE) since the previous call.
    pub async fn console_errors(&self) -> anyhow::Result<Vec<ConsoleEntry>> {
        Ok(self.console().await?.into_iter().filter(|e| e.level == "SEVERE").collect())
    }

    /// Sends a Chrome DevTools Protocol command, e.g. to emulate `prefers-color-scheme`.
    pub async fn cdp(&self, cmd: &str, params: Value) -> anyhow::Result<Value> {
        Ok(self.client.issue_cmd(Cdp { cmd: cmd.to_string(), params }).await?)
    }

    /// Runs a script in the page and returns its result as JSON.
    pub async fn eval(&self, script: &str) -> anyhow::Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Polls the JavaScript expression `condition` until it is true or `timeout` passes.
    pub async fn wait_until(&self, condition: &str, timeout: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + timeout;
        // A condition that throws (an element not rendered yet, read with `.textContent`) is
        // not yet met rather than a failure: the page may still be mounting or loading data.
        let script = format!("try {{ return Boolean({condition}); }} catch (e) {{ return String(e); }}");
        loop {
            let thrown = match self.eval(&script).await? {
                Value::Bool(true) => return Ok(()),
                Value::String(error) => Some(error),
                _ => None,
            };
            if Instant::now() > deadline {
                // Where the page was and what it showed, so that a timeout on a loaded CI
                // machine can be told apart from a page that went somewhere else.
                let seen = self
                    .eval("return location.pathname + ' showing: ' + (document.querySelector('main') || document.body).innerText.slice(0, 400);")
                    .await
                    .map_or_else(|e| format!("(the page could not be read: {e})"), |v| v.as_str().unwrap_or_default().to_string());
                let thrown = thrown.map(|e| format!(" (the condition last threw {e})")).unwrap_or_default();
                bail!("timed out after {timeout:?} waiting for `{condition}`{thrown}; the page was at {seen}");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Ends the session and chromedriver; every test calls this, passing or not.
    pub async fn close(mut self) {
        let client = self.client.clone();
        let _ = client.close().await;
        self.kill_driver();
    }

    fn kill_driver(&mut self) {
        end_group(&mut self.driver);
    }
}

/// Ends chromedriver and the Chromium below it: it runs in a process group of its own.
fn end_group(driver: &mut Child) {
    let pgid = driver.id() as i32;
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
    }
    let _ = driver.wait();
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.kill_driver();
    }
}
