//! `cargo xtask bench`: the figures the README reports, measured the same way every time.

use std::fs;
use std::io::Write;
use std::path::Path;

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

/// Builds the release bundle, reports its sizes, then runs the browser timings.
pub fn run_bench() -> Result {
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
    step("browser benchmarks (headless Chromium)", || {
        run(command("cargo")
            .args(["run", "--quiet", "-p", "buildbay-e2e", "--bin", "browser-bench", "--"])
            .arg(&dist))
    })
}
