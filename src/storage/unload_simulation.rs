//! The simulation's state as it stood when the page went with changes of this tab's not yet
//! stored (a job started, a node resized a moment before a reload), kept in this tab's session
//! storage: session storage is written at once, while the IndexedDB write on its way may not
//! land, so the reloaded tab makes those changes over again on the stored state.

use buildbay_core::simulate::started::LocalChange;
use serde::{Deserialize, Serialize};

const KEY: &str = "buildbay.unload-simulation";

/// What a page that went kept: its state as it writes it to IndexedDB (secrets masked as
/// there), the stored revision it was made from, and its changes since.
#[derive(Debug, Serialize, Deserialize)]
pub struct KeptSimulation {
    pub state: String,
    pub known: u64,
    pub changes: Vec<LocalChange>,
}

/// Keeps `kept` for this tab's next load.
pub fn keep(kept: &KeptSimulation) {
    if let (Some(session), Ok(text)) = (super::session(), serde_json::to_string(kept)) {
        let _ = session.set_item(KEY, &text);
    }
}

/// Forgets what was kept: the changes it holds are stored now.
pub fn forget() {
    if let Some(session) = super::session() {
        let _ = session.remove_item(KEY);
    }
}

/// Takes back what this tab's last load kept as it went, if anything; it is read once.
pub fn take() -> Option<KeptSimulation> {
    let session = super::session()?;
    let text = session.get_item(KEY).ok().flatten()?;
    let _ = session.remove_item(KEY);
    serde_json::from_str(&text).ok()
}
