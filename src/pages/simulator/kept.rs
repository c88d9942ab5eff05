//! Scenario texts kept between visits in local storage, as typed, except while one holds a
//! secret value: then it stays in the open tab only, unless the admin chose to remember secrets.
//! A text too large for local storage also stays in the tab only, and the page says so.

use buildbay_core::simulate::scenario::holds_secrets;
use leptos::prelude::*;

use crate::state::Settings;
use crate::storage::on_other_tab_storing;

/// A scenario text the page edits, and whether it is kept in this tab only.
#[derive(Debug, Clone, Copy)]
pub struct KeptScenario {
    pub text: RwSignal<String>,
    /// Whether it holds secret values now; None while it is not JSON, when nothing can be told.
    pub holds_secrets: Memo<Option<bool>>,
    /// It holds secrets and the admin has not chosen to remember them: not stored.
    pub tab_only: Memo<bool>,
    /// The browser refused to store it (local storage holds about 5 MB per site).
    pub refused: RwSignal<bool>,
}

impl KeptScenario {
    /// Whether the text is kept in this tab only, for either reason: a note under it says why.
    pub fn unkept(&self) -> bool {
        self.tab_only.get() || self.refused.get()
    }
}

/// The text stored under `key` (else `default`), stored again on every change it may be, and
/// taken up when another tab stores its own — unless this tab's is kept here only (it holds a
/// secret, or is too large to store), which another tab's text would replace unseen.
pub fn kept_scenario(key: &'static str, default: &str) -> KeptScenario {
    let settings = expect_context::<Settings>();
    let saved = crate::storage::local().and_then(|s| s.get_item(key).ok().flatten());
    let text = RwSignal::new(saved.unwrap_or_else(|| default.to_string()));
    let holds = Memo::new(move |_| text.with(|t| holds_secrets(t)));
    // While the text is not JSON, the last verdict holds: a secret typed before a typo counts.
    let secrets = Memo::new(move |last: Option<&bool>| holds.get().unwrap_or(last.copied().unwrap_or(false)));
    let tab_only = Memo::new(move |_| secrets.get() && !settings.remember_secrets.get());
    let refused = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(storage) = crate::storage::local() else { return };
        let stored = if tab_only.get() { storage.remove_item(key) } else { text.with(|t| storage.set_item(key, t)) };
        refused.set(!tab_only.get() && stored.is_err());
    });
    on_other_tab_storing(key, move |stored| {
        if !tab_only.get_untracked() && !refused.get_untracked() {
            text.set(stored);
        }
    });
    KeptScenario { text, holds_secrets: holds, tab_only, refused }
}

/// The note under a scenario kept in this tab only, saying why.
#[component]
pub fn TabOnlyNote(scenario: KeptScenario, id: &'static str) -> impl IntoView {
    let size = move || scenario.text.with(|t| format!("{:.1} MB", t.len() as f64 / 1_000_000.0));
    view! {
        <Show when=move || scenario.tab_only.get()>
            <p class="hint" id=id role="note">
                "This scenario holds secret values (credential variables or repository passwords), so it is kept "
                "only while this tab is open. To keep it across visits, choose to remember secrets in "
                <a href="/settings">"Settings"</a>"."
            </p>
        </Show>
        <Show when=move || scenario.refused.get()>
            <p class="hint" id=id role="note">
                "This scenario (" {size} ") is larger than the browser lets the console keep in its local "
                "storage, so this version is kept only while this tab is open; a reload brings back the last "
                "version that fitted. Save it as a file (below) to use it again."
            </p>
        </Show>
    }
}
