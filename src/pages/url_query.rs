//! What a page shows (a list's search and order, a job's log search and step) kept in its
//! URL, so that a view can be bookmarked, shared and reloaded as it was.

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// How long typing pauses before the URL follows: a router navigation per keystroke would
/// cost more than the search.
const QUIET_MS: u64 = 300;

/// The query parameter `name` of the URL the page was opened at (empty when absent).
pub fn query_param(name: &str) -> String {
    use_query_map().with_untracked(|q| q.get(name).unwrap_or_default())
}

/// Keeps the URL of the page naming `params` as they change (each a name and its value; an
/// empty value is left out), without adding history entries, once typing pauses, and never
/// once the page has been left (the path they changed at is no longer the one shown).
pub fn keep_in_url(params: impl Fn() -> Vec<(&'static str, String)> + Send + Sync + 'static) {
    let navigate = use_navigate();
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let given: Vec<String> = params().into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(&v))).collect();
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        let pathname = || web_sys::window().and_then(|w| w.location().pathname().ok());
        let Some(path) = pathname() else { return };
        let navigate = navigate.clone();
        let handle = set_timeout_with_handle(
            move || {
                let wanted = if given.is_empty() { String::new() } else { format!("?{}", given.join("&")) };
                let current = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
                if current != wanted && pathname().as_deref() == Some(path.as_str()) {
                    navigate(&format!("{path}{wanted}"), NavigateOptions { replace: true, scroll: false, ..Default::default() });
                }
            },
            std::time::Duration::from_millis(QUIET_MS),
        )
        .ok();
        timer.set_value(handle);
    });
}
