//! Preferences kept in this browser (local storage), each an explicit opt-in.

use leptos::prelude::*;

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

fn read(key: &str, default: bool) -> bool {
    crate::storage::local().and_then(|s| s.get_item(key).ok().flatten()).map(|v| v == "true").unwrap_or(default)
}

impl Settings {
    /// Loads the preferences and keeps local storage in step with them.
    pub fn load() -> Settings {
        let settings = Settings {
            remember_secrets: RwSignal::new(read(REMEMBER_SECRETS, false)),
            single_key_shortcuts: RwSignal::new(read(SINGLE_KEY_SHORTCUTS, true)),
        };
        for (key, signal) in [(REMEMBER_SECRETS, settings.remember_secrets), (SINGLE_KEY_SHORTCUTS, settings.single_key_shortcuts)] {
            Effect::new(move |_| {
                let value = signal.get();
                if let Some(s) = crate::storage::local() {
                    let _ = s.set_item(key, if value { "true" } else { "false" });
                }
            });
        }
        settings
    }
}
