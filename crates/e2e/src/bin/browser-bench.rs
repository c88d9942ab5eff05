//! Browser figures for `cargo xtask bench`, measured in headless Chromium against the release bundle.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use buildbay_e2e::{Browser, Site};

/// Loads of the shell measured for the start-up figure (odd, so the median is one load).
const LOADS: usize = 15;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Time from navigation start to the shell's `buildbay:interactive` mark, over fresh loads with
/// HTTP caching off (`Cache-Control: no-store`), so every load fetches and compiles the wasm.
async fn time_to_interactive(site: &Site) -> anyhow::Result<Vec<f64>> {
    let browser = Browser::start(1280, 900).await?;
    let mut times = Vec::with_capacity(LOADS);
    let outcome = async {
        for _ in 0..LOADS {
            browser.client.goto(&site.url("/builds")).await?;
            browser
                .wait_until("performance.getEntriesByName('buildbay:interactive').length > 0", Duration::from_secs(20))
                .await?;
            let t = browser
                .eval("return performance.getEntriesByName('buildbay:interactive')[0].startTime")
                .await?;
            times.push(t.as_f64().context("mark time")?);
        }
        anyhow::Ok(())
    }
    .await;
    browser.close().await;
    outcome?;
    Ok(times)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dist: PathBuf = std::env::args().nth(1).map(PathBuf::from).context("usage: browser-bench DIST")?;
    let site = Site::serve(&dist)?;
    let tti = time_to_interactive(&site).await?;
    let (min, max) = tti.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    println!("\n### Start-up in headless Chromium\n");
    println!("| figure | median | min | max | goal |");
    println!("|---|---|---|---|---|");
    println!(
        "| navigation → shell interactive ({LOADS} uncached loads) | **{:.0} ms** | {min:.0} ms | {max:.0} ms | < 400 ms |",
        median(tti)
    );
    Ok(())
}
