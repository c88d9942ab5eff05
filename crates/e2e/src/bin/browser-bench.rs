//! Browser figures for `cargo xtask bench`, measured in headless Chromium: start-up of the
//! release bundle, and core's hot paths as wasm (`buildbay-wasm-bench`).
//!
//! Usage: `browser-bench --dist DIR --wasm-bench DIR [--native-validate-us N]`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use buildbay_e2e::{Browser, Site};

/// Loads of the shell measured for the start-up figure (odd, so the median is one load).
const LOADS: usize = 15;
/// Repetitions of one validation per timing, and timings taken (the median is reported).
const VALIDATIONS: u32 = 2000;
const ROUNDS: usize = 5;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Time from navigation start to the shell's `buildbay:interactive` mark, over fresh loads with
/// HTTP caching off (`Cache-Control: no-store`), so every load fetches and compiles the wasm.
async fn time_to_interactive(browser: &Browser, site: &Site) -> anyhow::Result<Vec<f64>> {
    let mut times = Vec::with_capacity(LOADS);
    for _ in 0..LOADS {
        browser.client.goto(&site.url("/builds")).await?;
        browser
            .wait_until("performance.getEntriesByName('buildbay:interactive').length > 0", Duration::from_secs(20))
            .await?;
        let t = browser.eval("return performance.getEntriesByName('buildbay:interactive')[0].startTime").await?;
        times.push(t.as_f64().context("mark time")?);
    }
    Ok(times)
}

/// Mean microseconds per validation of the 100-service build, several rounds.
async fn validate_in_wasm(browser: &Browser, site: &Site) -> anyhow::Result<Vec<f64>> {
    browser.client.goto(&site.url("/index.html")).await?;
    browser.wait_until("window.bench !== undefined", Duration::from_secs(20)).await?;
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let us = browser.eval(&format!("return window.bench.validate_100_services_us({VALIDATIONS})")).await?;
        rounds.push(us.as_f64().context("a number of microseconds")?);
    }
    Ok(rounds)
}

struct Args {
    dist: PathBuf,
    wasm_bench: PathBuf,
    native_validate_us: Option<f64>,
}

fn args() -> anyhow::Result<Args> {
    let mut dist = None;
    let mut wasm_bench = None;
    let mut native_validate_us = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--dist" => dist = Some(PathBuf::from(value)),
            "--wasm-bench" => wasm_bench = Some(PathBuf::from(value)),
            "--native-validate-us" => native_validate_us = value.parse().ok(),
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(Args {
        dist: dist.context("--dist DIR is required")?,
        wasm_bench: wasm_bench.context("--wasm-bench DIR is required")?,
        native_validate_us,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args()?;
    let app = Site::serve(&args.dist)?;
    let bench = Site::serve(&args.wasm_bench)?;
    let browser = Browser::start(1280, 900).await?;
    let outcome = async {
        let tti = time_to_interactive(&browser, &app).await?;
        let validate = validate_in_wasm(&browser, &bench).await?;
        anyhow::Ok((tti, validate))
    }
    .await;
    browser.close().await;
    let (tti, validate) = outcome?;
    let (min, max) = tti.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    println!("\n### In headless Chromium\n");
    println!("| figure | median | spread | goal |");
    println!("|---|---|---|---|");
    println!(
        "| navigation → shell interactive ({LOADS} uncached loads) | **{:.0} ms** | {min:.0}–{max:.0} ms | < 400 ms |",
        median(tti)
    );
    let (vmin, vmax) = validate.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    let wasm_median = median(validate);
    let ratio = args.native_validate_us.map(|n| format!(" ({:.1}× native)", wasm_median / n)).unwrap_or_default();
    println!(
        "| validate a 100-service build, Zadig rules (wasm, mean of {VALIDATIONS}, median of {ROUNDS}) | **{wasm_median:.1} µs**{ratio} | {vmin:.1}–{vmax:.1} µs | ≤ 100 µs |"
    );
    Ok(())
}
