//! The editor's draft as it stood when the page unloaded, kept in this tab's session storage.
//! Session storage is written at once, while an IndexedDB write started as the page goes may
//! not land (a reload on a busy machine loses it), so the reloaded tab takes this copy back.

use buildbay_core::workspace::{self, Draft};

const PREFIX: &str = "buildbay.unload-draft.";

/// Keeps `draft` for this tab's next load of its build (already masked as storage requires).
pub fn keep(draft: &Draft) {
    if let (Some(session), Ok(text)) = (super::session(), serde_json::to_string(draft)) {
        let _ = session.set_item(&format!("{PREFIX}{}", draft.build_id), &text);
    }
}

/// Takes back the draft kept for `build_id` by this tab's last unload, if any; it is read once.
pub fn take(build_id: &str) -> Option<Draft> {
    let session = super::session()?;
    let key = format!("{PREFIX}{build_id}");
    let text = session.get_item(&key).ok().flatten()?;
    let _ = session.remove_item(&key);
    workspace::migrate::<Draft>(&text).ok()
}

/// Forgets the draft kept for `build_id`: the build has nothing unsaved any more (saved, or
/// its changes undone), so a kept copy would bring back what is no longer pending.
pub fn forget(build_id: &str) {
    if let Some(session) = super::session() {
        let _ = session.remove_item(&format!("{PREFIX}{build_id}"));
    }
}
