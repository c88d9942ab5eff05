//! Where the project's tools live and how xtask runs them.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Failure of an xtask step, already phrased for the person at the terminal.
pub type Result<T = ()> = std::result::Result<T, String>;

/// Exact tool versions; Trunk.toml and Cargo.toml pin the same numbers.
pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// npm packages installed into `.tools/`: binaryen for wasm-opt, axe-core for accessibility audits.
pub const NPM_PACKAGES: &[(&str, &str)] = &[("binaryen", "132.0.0"), ("axe-core", "4.10.3")];

/// The workspace root (the folder holding the root Cargo.toml).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Git-ignored folder for project-local tools (npm packages).
pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin() -> PathBuf {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin")
}

/// The chromedriver binary that wasm-bindgen-test and the end-to-end tests drive.
pub fn chromedriver() -> PathBuf {
    env::var_os("CHROMEDRIVER").map(PathBuf::from).unwrap_or_else(|| "/usr/bin/chromedriver".into())
}

/// The Chromium binary (Debian's), never a downloaded one.
pub fn chromium() -> PathBuf {
    env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| "/usr/bin/chromium".into())
}

/// PATH with the project's npm binaries and cargo's bin folder first, so trunk finds the pinned tools.
pub fn tool_path() -> OsString {
    let mut parts = vec![tools_dir().join("node_modules").join(".bin"), cargo_bin()];
    if let Some(path) = env::var_os("PATH") {
        parts.extend(env::split_paths(&path));
    }
    env::join_paths(parts).unwrap_or_default()
}

/// A command with the tool PATH and the browser variables every browser-facing step needs.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root())
        .env("PATH", tool_path())
        .env("CHROMEDRIVER", chromedriver())
        .env("CHROMIUM", chromium());
    cmd
}

/// Runs a command to completion, failing with the command line when it does not succeed.
pub fn run(cmd: &mut Command) -> Result {
    let shown = show(cmd);
    let status = cmd.status().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{shown}` failed ({status})")) }
}

/// Runs a command and returns its trimmed stdout, or None when it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The command line as a person would type it, for messages.
pub fn show(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// Runs one named step and prints how long it took, so slow set-up is never a mystery.
pub fn step<T>(name: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
    eprintln!("xtask: {name} …");
    let started = Instant::now();
    let outcome = body();
    let took = started.elapsed().as_secs_f64();
    match &outcome {
        Ok(_) => eprintln!("xtask: {name}: done in {took:.1} s"),
        Err(e) => eprintln!("xtask: {name}: FAILED after {took:.1} s: {e}"),
    }
    outcome
}

/// Builds the release bundle into `dist/` with trunk, as shipped.
pub fn build_release_bundle() -> Result {
    step("build the release bundle (trunk build --release)", || {
        run(command("trunk").args(["build", "--release"]))
    })
}
