//! Buildbay's pure core: everything the console knows about builds, independent of any browser.
//!
//! This crate has no web dependency, no clock and no global randomness, so the browser app, the
//! command line and the native tests all run exactly the same rules.

/// The product name, shared so the shell, the CLI and reports never spell it differently.
pub const PRODUCT_NAME: &str = "Buildbay";

/// The backends Buildbay can configure builds for, in the order the console lists them.
pub const BACKENDS: [&str; 4] = ["Zadig", "Rainbond", "Nuon", "ServiceStage"];
