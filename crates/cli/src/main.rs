//! `buildbay`: the console's validation, conversion and simulation on the command line.

use clap::Parser;

/// Command-line arguments; subcommands arrive with the core rules they expose.
#[derive(Debug, Parser)]
#[command(
    name = "buildbay",
    version,
    about = "Configure, validate and simulate CI builds for Zadig, Rainbond, Nuon and ServiceStage."
)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
