//! Browser storage for the workspace: IndexedDB (through rexie) for builds, their summaries and
//! drafts; session storage for this tab's identity, its unsaved template texts and the draft of
//! a build being typed into, and of the simulation's changes not yet stored, when the page
//! unloads; a broadcast channel so tabs hear of each other's saves.
//!
//! Records are stored as JSON text in core's schema ([`buildbay_core::workspace`]), so they can
//! be read, migrated or refused by core's rules. Every failure becomes a [`StorageError`] the
//! console shows as it is.

mod broadcast;
mod db;
mod tab;
pub mod unload_draft;
pub mod unload_simulation;

pub use broadcast::{Broadcast, Notice};
pub use db::{SaveOutcome, SimulationWrite, Storage};
pub use tab::{new_id, tab_id};

use std::fmt;

/// The browser's local storage, for small settings kept across visits (None when it is
/// unavailable, as in some private windows: callers then keep their defaults).
pub fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Calls `changed` with the text whenever another tab stores `key` in local storage (the
/// browser tells every tab but the one that stored it), for as long as the caller lives.
pub fn on_other_tab_storing(key: &'static str, changed: impl Fn(String) + 'static) {
    use leptos::prelude::{on_cleanup, window_event_listener};
    let listener = window_event_listener(leptos::ev::storage, move |e| {
        if e.key().as_deref() == Some(key)
            && let Some(text) = e.new_value()
        {
            changed(text);
        }
    });
    on_cleanup(move || listener.remove());
}

/// This tab's session storage: kept across reloads of the tab and nowhere else (None when it is
/// unavailable: callers then keep things in memory only).
pub fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Why storage failed, in terms the admin can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// IndexedDB cannot be opened (private browsing, blocked by settings, or not supported).
    Unavailable(String),
    /// The browser refused to store more (the storage quota is used up).
    Full,
    /// A record was written by a newer Buildbay or is damaged; it is left untouched.
    Unreadable { id: String, why: String },
    /// Anything else the browser reported.
    Failed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(why) => write!(
                f,
                "Browser storage is unavailable ({why}). Your work stays in this tab only: export your builds before closing it."
            ),
            StorageError::Full => write!(
                f,
                "Browser storage is full, so the last change was not stored. It is still here: export your builds or free space, then save again."
            ),
            StorageError::Unreadable { id, why } => write!(f, "A stored build ({id}) could not be read: {why}. It was left as it is."),
            StorageError::Failed(why) => write!(f, "Browser storage failed: {why}. Your changes are still on screen; try saving again."),
        }
    }
}

impl From<rexie::Error> for StorageError {
    fn from(error: rexie::Error) -> StorageError {
        let text = error.to_string();
        if text.contains("QuotaExceeded") || text.contains("quota") {
            StorageError::Full
        } else {
            StorageError::Failed(text)
        }
    }
}
