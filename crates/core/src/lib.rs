//! Buildbay's pure core: everything the console knows about builds, independent of any browser.
//!
//! This crate has no web dependency, no clock and no global randomness, so the browser app, the
//! command line and the native tests all run exactly the same rules.

pub mod check;
pub mod convert;
pub mod diagnostic;
pub mod edit;
pub mod import;
pub mod model;
mod objects_as_written;
pub mod pointer;
pub mod sample;
pub mod simulate;
pub mod target;
pub mod validate;
pub mod wire;
pub mod workspace;

pub use diagnostic::{Diagnostic, Position, Severity, Source};
pub use target::Target;

/// The product name, shared so the shell, the CLI and reports never spell it differently.
pub const PRODUCT_NAME: &str = "Buildbay";
