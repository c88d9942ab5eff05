//! This tab's identity: kept in session storage, so a reload is the same tab (and finds its own
//! drafts) while another tab is not.

const KEY: &str = "buildbay.tab";

/// A random id for this tab, stable across reloads of the tab.
pub fn tab_id() -> String {
    let session = super::session();
    if let Some(id) = session.as_ref().and_then(|s| s.get_item(KEY).ok().flatten()) {
        return id;
    }
    let id = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("tab-{}", js_sys::Date::now() as u64));
    if let Some(s) = session {
        let _ = s.set_item(KEY, &id);
    }
    id
}

/// A new random id for a build record.
pub fn new_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("b-{}-{}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e9) as u64))
}
