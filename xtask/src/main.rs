//! `cargo xtask`: the project's whole set-up, test and benchmark story behind four commands.

mod bench;
mod browsers;
mod serve;
mod setup;
mod suites;
mod tools;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Command line of `cargo xtask`.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Set up, serve, test and benchmark Buildbay.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `cargo xtask` can do; each command first installs whatever it needs and is missing.
#[derive(Debug, Subcommand)]
enum Command {
    /// Install the wasm target, trunk, wasm-bindgen-cli, binaryen and Chromium where missing.
    Setup,
    /// Build the console and serve it at http://127.0.0.1:8080.
    Serve {
        /// Serve the optimised bundle (as shipped) instead of the debug build.
        #[arg(long)]
        release: bool,
    },
    /// Run every test suite (native, in-browser, end-to-end) and end with `N passed, N failed`.
    Test,
    /// Measure bundle sizes and browser timings.
    Bench,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Setup => setup::install(),
        Command::Serve { release } => setup::install().and_then(|()| serve::run_serve(release)),
        Command::Test => setup::install().and_then(|()| suites::run_all()),
        Command::Bench => setup::install().and_then(|()| bench::run_bench()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("xtask: {message}");
            }
            ExitCode::FAILURE
        }
    }
}
