//! Light and dark themes: follow `prefers-color-scheme` until the person picks one, then remember it.
//!
//! The choice is applied as `data-theme` on `<html>`; `style/tokens.css` maps it to colours. An
//! inline script in `index.html` applies a remembered choice before the wasm loads, so a reload
//! never flashes the wrong theme.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// localStorage key of the remembered theme choice (also read by the inline script in index.html).
pub const THEME_STORAGE_KEY: &str = "buildbay.theme";

/// What the person chose: follow the system, or a fixed theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    /// Every choice in the order the settings page offers them.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    /// The stored spelling, also used as `data-theme` for fixed themes.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    /// Reads a stored spelling; anything unknown means "follow the system".
    pub fn parse(stored: &str) -> ThemeChoice {
        match stored {
            "light" => ThemeChoice::Light,
            "dark" => ThemeChoice::Dark,
            _ => ThemeChoice::System,
        }
    }

    /// Human label for settings and announcements.
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow the system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }
}

/// The theme as context: the remembered choice and whether the system currently prefers dark.
#[derive(Debug, Clone, Copy)]
pub struct ThemeState {
    pub choice: RwSignal<ThemeChoice>,
    pub system_dark: RwSignal<bool>,
}

fn dark_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media("(prefers-color-scheme: dark)").ok().flatten()
}

impl ThemeState {
    /// Loads the remembered choice, starts following the system preference, and keeps
    /// `<html data-theme>` and storage in step with the choice from now on.
    pub fn from_storage() -> ThemeState {
        let stored = crate::storage::local()
            .and_then(|s| s.get_item(THEME_STORAGE_KEY).ok().flatten())
            .map(|s| ThemeChoice::parse(&s))
            .unwrap_or_default();
        let state = ThemeState {
            choice: RwSignal::new(stored),
            system_dark: RwSignal::new(dark_query().map(|q| q.matches()).unwrap_or(false)),
        };
        state.follow_system();
        Effect::new(move |_| state.apply(state.choice.get()));
        state
    }

    /// Whether the page is dark right now, whichever way that was decided.
    pub fn is_dark(&self) -> bool {
        match self.choice.get() {
            ThemeChoice::System => self.system_dark.get(),
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
        }
    }

    fn follow_system(self) {
        let Some(query) = dark_query() else { return };
        let system_dark = self.system_dark;
        let on_change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
            move |event: web_sys::MediaQueryListEvent| system_dark.set(event.matches()),
        );
        let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        // The listener lives as long as the page; the console has a single theme state.
        on_change.forget();
    }

    fn apply(self, choice: ThemeChoice) {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = match choice {
                ThemeChoice::System => root.remove_attribute("data-theme"),
                fixed => root.set_attribute("data-theme", fixed.as_str()),
            };
        }
        // Storage can be unavailable (private mode, blocked); the theme then lasts for this visit.
        if let Some(storage) = crate::storage::local() {
            let _ = match choice {
                ThemeChoice::System => storage.remove_item(THEME_STORAGE_KEY),
                fixed => storage.set_item(THEME_STORAGE_KEY, fixed.as_str()),
            };
        }
    }
}

/// Header button that flips between light and dark and remembers the result.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = expect_context::<ThemeState>();
    let label = move || if theme.is_dark() { "Switch to light theme" } else { "Switch to dark theme" };
    let flip = move |_| {
        let next = if theme.is_dark() { ThemeChoice::Light } else { ThemeChoice::Dark };
        theme.choice.set(next);
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            on:click=flip
            aria-label=label
            title=label
            aria-pressed=move || theme.is_dark().to_string()
        >
            <span aria-hidden="true">{move || if theme.is_dark() { "☾" } else { "☀" }}</span>
            <span class="theme-toggle-text">{move || if theme.is_dark() { "Dark" } else { "Light" }}</span>
        </button>
    }
}
