//! Drives Buildbay's release bundle in Debian's Chromium through chromedriver.
//!
//! [`Site`] serves `dist/` on a free loopback port the way a production host would (gzip,
//! deep links falling back to `index.html`); [`Browser`] starts chromedriver and a headless
//! Chromium session and collects what the page logged. End-to-end tests and browser benchmarks
//! share both.

mod browser;
mod catalog;
pub mod scenarios;
mod site;
mod world;

pub use browser::{Browser, ConsoleEntry};
pub use catalog::{build_summaries, summary_name};
pub use site::Site;
pub use world::{WAIT, World};

use std::path::PathBuf;

/// The release bundle to test: `$BUILDBAY_DIST`, else `dist/` at the workspace root.
pub fn dist_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::var_os("BUILDBAY_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
    anyhow::ensure!(
        dir.join("index.html").is_file(),
        "no release bundle at {} — `cargo xtask test` builds it (or run `trunk build --release`)",
        dir.display()
    );
    Ok(dir)
}
