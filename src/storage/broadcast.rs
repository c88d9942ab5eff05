//! Tells other tabs what this tab stored, so lists refresh, editors notice conflicts and the
//! simulation stays one across tabs.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

const CHANNEL: &str = "buildbay";

/// Something a tab did to stored builds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Notice {
    /// A build was created or saved at this revision.
    Saved { id: String, revision: u64, tab: String },
    Deleted { id: String, tab: String },
    /// Builds were imported, all at once: one notice for them, so another tab lists them in
    /// one pass rather than working each one out against its whole list.
    Imported { ids: Vec<String>, tab: String },
    /// A template was saved, renamed, deleted or imported: the other tabs read them again.
    TemplatesChanged { tab: String },
    /// The simulation's state changed (a job started or cancelled, the cluster model or the
    /// clock's speed edited): the other tabs take it up, so none writes its older copy over it.
    SimulationChanged { tab: String },
}

/// A broadcast channel; without support (or in tests) it quietly does nothing.
#[derive(Clone)]
pub struct Broadcast {
    channel: Option<web_sys::BroadcastChannel>,
}

impl Broadcast {
    /// Opens the channel.
    pub fn open() -> Broadcast {
        Broadcast { channel: web_sys::BroadcastChannel::new(CHANNEL).ok() }
    }

    /// Tells the other tabs.
    pub fn send(&self, notice: &Notice) {
        if let (Some(channel), Ok(text)) = (&self.channel, serde_json::to_string(notice)) {
            let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(&text));
        }
    }

    /// Calls `on_notice` for every notice from other tabs, for the rest of the page's life.
    pub fn listen(&self, on_notice: impl Fn(Notice) + 'static) {
        let Some(channel) = &self.channel else { return };
        let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(notice) = event.data().as_string().and_then(|t| serde_json::from_str(&t).ok()) {
                on_notice(notice);
            }
        });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
    }
}
