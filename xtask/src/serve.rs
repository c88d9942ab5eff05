//! `cargo xtask serve`: the console at http://127.0.0.1:8080 with its embedded defaults.

use crate::tools::{Result, command, run};

/// Builds and serves the console with trunk (which rebuilds on change and falls back to
/// index.html for deep links such as /builds/api).
pub fn run_serve(release: bool) -> Result {
    let mut cmd = command("trunk");
    cmd.arg("serve");
    if release {
        cmd.arg("--release");
    }
    eprintln!("xtask: serving Buildbay at http://127.0.0.1:8080 (Ctrl+C stops)");
    run(&mut cmd)
}
