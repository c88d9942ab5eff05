//! The console's frame: skip link, header with navigation, theme, keyboard focus kept on the
//! page, and the fatal-error panel.

pub mod fatal;
mod focus_keeper;
mod go_to;
mod header;
mod notices;
mod palette;
mod shortcuts;
mod theme;

pub use focus_keeper::FocusKeeper;
pub use header::{Header, SkipLink};
pub use notices::{StorageBanner, Toasts};
pub use palette::GoToPalette;
pub use shortcuts::Shortcuts;
pub use theme::{ThemeChoice, ThemeState};

/// Name of the performance mark set once the shell can take input; `cargo xtask bench` reads it.
pub const INTERACTIVE_MARK: &str = "buildbay:interactive";

/// Records the moment the mounted shell became interactive, for the start-up benchmark.
pub fn mark_interactive() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(INTERACTIVE_MARK);
    }
}

/// Sets the document title so each section is named in tabs, history and screen readers.
pub fn set_page_title(section: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{section} · {}", buildbay_core::PRODUCT_NAME));
    }
}
