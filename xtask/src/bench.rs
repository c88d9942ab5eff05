//! `cargo xtask bench`: the figures the README reports, measured the same way every time.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::browsers;
use crate::tools::{self, Result, command, run, step};

/// Raw, gzip and brotli sizes of one kind of bundle file.
#[derive(Debug, Default, Clone, Copy)]
struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, other: Self) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len()
}

fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("compressing in memory");
    out.len()
}

fn sizes_of(path: &Path) -> Result<Sizes> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Sizes { raw: bytes.len(), gzip: gzip_len(&bytes), brotli: brotli_len(&bytes) })
}

fn bundle_sizes(dist: &Path) -> Result<[(&'static str, Sizes); 3]> {
    let (mut wasm, mut js, mut css) = (Sizes::default(), Sizes::default(), Sizes::default());
    let entries = fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => wasm += sizes_of(&path)?,
            Some("js") => js += sizes_of(&path)?,
            Some("css") => css += sizes_of(&path)?,
            _ => {}
        }
    }
    Ok([("wasm", wasm), ("js", js), ("css", css)])
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// Median of a criterion benchmark, in microseconds, from its saved estimates.
fn criterion_median_us(id: &str) -> Result<f64> {
    let path = tools::root().join("target/criterion").join(id).join("new/estimates.json");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    // estimates.json: {"mean": {...}, "median": {"point_estimate": <ns>, ...}, ...}
    let median = text.split("\"median\"").nth(1).ok_or("no median in estimates.json")?;
    let value = median.split("\"point_estimate\":").nth(1).ok_or("no point estimate")?;
    let number: String = value.chars().skip_while(|c| c.is_whitespace()).take_while(|c| c.is_ascii_digit() || *c == '.' || *c == 'e' || *c == '-').collect();
    number.parse::<f64>().map(|ns| ns / 1000.0).map_err(|e| format!("{number}: {e}"))
}

/// Runs the native criterion benchmarks and returns their medians in microseconds.
fn native_benchmarks() -> Result<Vec<(String, f64)>> {
    step("native benchmarks (criterion)", || run(command("cargo").args(["bench", "-p", "buildbay-core", "--bench", "validate"])))?;
    let ids = ["validate_100_services_zadig", "validate_100_services_rainbond", "validate_100_services_nuon", "validate_100_services_servicestage"];
    ids.iter().map(|id| criterion_median_us(id).map(|us| (id.to_string(), us))).collect()
}

/// Builds `buildbay-wasm-bench` like the shipped bundle (release profile, wasm-bindgen,
/// wasm-opt -Oz) into `target/wasm-bench/` with a page that loads it.
fn build_wasm_bench() -> Result<std::path::PathBuf> {
    let out = tools::root().join("target/wasm-bench");
    step("build the wasm benchmarks", || {
        run(command("cargo").args(["build", "--release", "--target", "wasm32-unknown-unknown", "-p", "buildbay-wasm-bench"]))?;
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        let raw = tools::root().join("target/wasm32-unknown-unknown/release/buildbay_wasm_bench.wasm");
        run(command("wasm-bindgen").args(["--target", "web", "--no-typescript", "--out-dir"]).arg(&out).arg(&raw))?;
        let module = out.join("buildbay_wasm_bench_bg.wasm");
        run(command("wasm-opt").arg("-Oz").arg("--output").arg(&module).arg(&module))?;
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bench</title><script type=\"module\">\n\
            import init, * as bench from '/buildbay_wasm_bench.js';\n\
            await init();\n\
            window.bench = bench;\n\
            </script></head><body></body></html>\n";
        fs::write(out.join("index.html"), page).map_err(|e| e.to_string())
    })?;
    Ok(out)
}

/// Builds the release bundle, reports its sizes, then runs the native and browser timings.
pub fn run_bench() -> Result {
    // A browser an earlier run left spinning would slow every figure below.
    browsers::end_leftovers();
    let native = native_benchmarks()?;
    let wasm_dir = build_wasm_bench()?;
    tools::build_release_bundle()?;
    let dist = tools::root().join("dist");
    let rows = bundle_sizes(&dist)?;
    let mut total = Sizes::default();
    println!("\n### Release bundle\n");
    println!("| file | raw | gzip -9 | brotli -q 11 |");
    println!("|---|---|---|---|");
    for (name, s) in rows {
        total += s;
        println!("| {name} | {} | {} | {} |", kb(s.raw), kb(s.gzip), kb(s.brotli));
    }
    println!("| **total** | {} | {} | **{}** |", kb(total.raw), kb(total.gzip), kb(total.brotli));
    println!("\n### Native (criterion, median)\n");
    println!("| benchmark | median |");
    println!("|---|---|");
    for (id, us) in &native {
        println!("| {id} | {us:.1} µs |");
    }
    let zadig_native = native.first().map(|(_, us)| *us).unwrap_or_default();
    // The browser benchmark runs the native simulation itself, alternating with the wasm one.
    let measured = step("browser benchmarks (headless Chromium)", || {
        run(browsers::command("cargo")
            .args(["run", "--quiet", "-p", "buildbay-e2e", "--bin", "browser-bench", "--", "--dist"])
            .arg(&dist)
            .arg("--wasm-bench")
            .arg(&wasm_dir)
            .arg("--native-validate-us")
            .arg(format!("{zadig_native:.3}")))
    });
    browsers::end_leftovers();
    measured
}
