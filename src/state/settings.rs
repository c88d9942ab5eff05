//! Preferences kept in this browser (local storage), each an explicit opt-in.

use leptos::prelude::*;

use crate::storage::on_other_tab_storing;

const REMEMBER_SECRETS: &str = "buildbay.remember-secrets";
const SINGLE_KEY_SHORTCUTS: &str = "buildbay.single-key-shortcuts";

/// The console's preferences.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Keep secret values (credential variables, repository passwords) in browser storage in
    /// clear text. Off by default: they are stored as `********` and live only in the open tab.
    pub remember_secrets: RwSignal<bool>,
    /// `?` and `/` as shortcuts (WCAG 2.1.4 asks that single-key shortcuts can be turned off).
    pub single_key_shortcuts: RwSignal<bool>,
}

/// A yes/no choice kept in local storage under `key` (`default` until it is set), written back
/// whenever it changes.
pub fn kept_flag(key: &'static str, default: bool) -> RwSignal<bool> {
    kept(key, default, |v| Some(v == "true"), |b| b.to_string())
}

/// A field's text kept in local storage under `key` (`default` until it is set), written back
/// whenever it changes, so what was typed is there again on the next visit. Never for secrets.
pub fn kept_text(key: &'static str, default: &str) -> RwSignal<String> {
    kept(key, default.to_string(), |v| Some(v.to_string()), String::clone)
}

/// A value kept in local storage as text under `key`: `default` until it is set or while what
/// is stored does not `read`. It follows the other tabs: a choice made in one (to stop
/// remembering secrets, say) holds in every open tab at once, where another tab had gone on
/// storing secret values in clear text until it was reloaded.
fn kept<T: Clone + Send + Sync + 'static>(key: &'static str, default: T, read: fn(&str) -> Option<T>, write: fn(&T) -> String) -> RwSignal<T> {
    let stored = crate::storage::local().and_then(|s| s.get_item(key).ok().flatten());
    let value = RwSignal::new(stored.as_deref().and_then(read).unwrap_or(default));
    Effect::new(move |_| {
        let text = value.with(write);
        if let Some(s) = crate::storage::local() {
            let _ = s.set_item(key, &text);
        }
    });
    on_other_tab_storing(key, move |text| {
        if let Some(changed) = read(&text) {
            value.set(changed);
        }
    });
    value
}

impl Settings {
    /// Loads the preferences and keeps local storage in step with them.
    pub fn load() -> Settings {
        Settings { remember_secrets: kept_flag(REMEMBER_SECRETS, false), single_key_shortcuts: kept_flag(SINGLE_KEY_SHORTCUTS, true) }
    }
}
