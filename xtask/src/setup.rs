//! `cargo xtask setup`: installs exactly what is missing, each with its pinned version.
//!
//! It is idempotent and prints every step with its duration. A fresh machine spends most of its
//! first run compiling trunk and wasm-bindgen-cli; a prebuilt tool cache, when one sits beside the
//! checkout, shortens that without ever being required.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::{
    self, NPM_PACKAGES, Result, TRUNK_VERSION, WASM_BINDGEN_VERSION, cargo_bin, command, output, run,
    step,
};

/// Installs everything `serve`, `test` and `bench` need.
pub fn install() -> Result {
    wasm_target()?;
    if !(trunk_ok() && wasm_bindgen_ok()) {
        tool_cache()?;
    }
    trunk()?;
    wasm_bindgen_cli()?;
    npm_tools()?;
    browser()?;
    fetch_crates()
}

fn wasm_target() -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        eprintln!("xtask: wasm32-unknown-unknown target: present");
        return Ok(());
    }
    step("rustup target add wasm32-unknown-unknown", || {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
    })
}

fn version_of(binary: &str) -> Option<String> {
    output(Command::new(cargo_bin().join(binary)).arg("--version"))
        .or_else(|| output(Command::new(binary).arg("--version")))
}

fn trunk_ok() -> bool {
    version_of("trunk").as_deref() == Some(&format!("trunk {TRUNK_VERSION}"))
}

fn wasm_bindgen_ok() -> bool {
    version_of("wasm-bindgen").as_deref() == Some(&format!("wasm-bindgen {WASM_BINDGEN_VERSION}"))
        && version_of("wasm-bindgen-test-runner").is_some()
}

/// A folder of prebuilt tools (`shared/toolcache/install`) next to an ancestor of the checkout.
fn find_tool_cache() -> Option<PathBuf> {
    let root = tools::root();
    root.ancestors()
        .map(|dir| dir.join("shared/toolcache/install"))
        .find(|candidate| candidate.is_file())
}

fn tool_cache() -> Result {
    let Some(installer) = find_tool_cache() else { return Ok(()) };
    // The cache only saves time; when it fails, cargo install below still does the job.
    let _ = step(&format!("prebuilt tools from {}", installer.display()), || {
        run(&mut Command::new(&installer))
    });
    Ok(())
}

fn trunk() -> Result {
    if trunk_ok() {
        eprintln!("xtask: trunk {TRUNK_VERSION}: present");
        return Ok(());
    }
    step(&format!("cargo install --locked trunk --version {TRUNK_VERSION} (about 25 min)"), || {
        run(Command::new("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
    })
}

fn wasm_bindgen_cli() -> Result {
    if wasm_bindgen_ok() {
        eprintln!("xtask: wasm-bindgen-cli {WASM_BINDGEN_VERSION}: present");
        return Ok(());
    }
    // Without --locked: the CLI's own lockfile names a webpki-roots the registry here lacks.
    step(&format!("cargo install wasm-bindgen-cli --version {WASM_BINDGEN_VERSION} (about 9 min)"), || {
        run(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
            "--force",
        ]))
    })
}

fn installed_npm_version(package: &str) -> Option<String> {
    let manifest = tools::tools_dir().join("node_modules").join(package).join("package.json");
    let text = fs::read_to_string(manifest).ok()?;
    // The manifest is npm's own JSON; a plain scan for the version key is enough here.
    let at = text.find("\"version\"")?;
    let rest = &text[at + "\"version\"".len()..];
    let start = rest.find('"')? + 1;
    let end = rest[start..].find('"')? + start;
    Some(rest[start..end].to_string())
}

fn npm_tools() -> Result {
    let missing: Vec<String> = NPM_PACKAGES
        .iter()
        .filter(|(name, version)| installed_npm_version(name).as_deref() != Some(*version))
        .map(|(name, version)| format!("{name}@{version}"))
        .collect();
    if missing.is_empty() {
        eprintln!("xtask: npm tools in .tools/: present");
        return Ok(());
    }
    ensure_apt_package("npm", "npm")?;
    step(&format!("npm install {} into .tools/", missing.join(" ")), || {
        fs::create_dir_all(tools::tools_dir()).map_err(|e| e.to_string())?;
        run(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--save-exact", "--prefix"])
            .arg(tools::tools_dir())
            .args(&missing))
    })
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).as_deref() == Some("0")
}

fn on_path(binary: &str) -> bool {
    output(Command::new("sh").args(["-c", &format!("command -v {binary}")])).is_some()
}

/// Installs a Debian package when its binary is missing, or says exactly what to install.
fn ensure_apt_package(binary: &str, package: &str) -> Result {
    if on_path(binary) || Path::new(binary).is_file() {
        return Ok(());
    }
    apt_install(&[package], &format!("{binary} is missing"))
}

fn apt_install(packages: &[&str], why: &str) -> Result {
    if !is_root() {
        return Err(format!(
            "{why}; install the Debian packages {} (sudo apt-get install {})",
            packages.join(", "),
            packages.join(" ")
        ));
    }
    step(&format!("apt-get install {}", packages.join(" ")), || {
        run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
        run(Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    })
}

fn browser() -> Result {
    let have_browser = tools::chromium().is_file();
    let have_driver = tools::chromedriver().is_file();
    if have_browser && have_driver {
        eprintln!("xtask: chromium and chromedriver: present");
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"], "Chromium or chromedriver is missing")
}

fn fetch_crates() -> Result {
    // trunk builds with --offline (Trunk.toml), so every crate, wasm-only ones included, must be local.
    step("cargo fetch", || run(command("cargo").arg("fetch")))
}
