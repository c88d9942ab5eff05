//! Form fields bound to a model by JSON pointer, with their findings next to them.
//!
//! A [`Form`] in context gives fields the model as JSON, the findings per model pointer, and a
//! way to change the model. Every field is identified by its pointer, so its id, its value and
//! its messages all derive from one string.

mod checkbox;

/// Options beyond which one is picked from a drop-down rather than radio buttons, as Buildkite's
/// run forms do: a few options read best all in view, one click away.
pub const MAX_RADIOS: usize = 6;
pub(crate) mod frame;
mod list;
mod number;
mod secret;
mod select;
mod text;

pub use checkbox::Checkbox;
pub use frame::{FieldFrame, FieldMessages, field_id};
pub use list::ListEditor;
pub use number::NumberInput;
pub use secret::{RevealButton, SecretInput};
pub use select::Select;
pub use text::{TextArea, TextInput};

use std::collections::HashMap;

use buildbay_core::diagnostic::Severity;
use buildbay_core::edit::{self, Edit};
use leptos::prelude::*;
use serde_json::Value;

/// One message shown at a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMessage {
    pub severity: Severity,
    pub text: String,
    pub code: String,
}

/// The form's model and findings, as context for its fields.
#[derive(Clone, Copy)]
pub struct Form {
    /// The model as JSON.
    pub doc: Memo<Value>,
    /// Findings to show, by model pointer.
    pub messages: Memo<HashMap<String, Vec<FieldMessage>>>,
    /// Makes a change; the pointer names the field (for undo grouping and "touched").
    pub change: Callback<(String, Edit)>,
}

impl Form {
    /// The field's current text.
    pub fn text(&self, path: &str) -> String {
        self.doc.with(|d| edit::text_at(d, path))
    }

    /// The field's current value.
    pub fn value(&self, path: &str) -> Value {
        self.doc.with(|d| edit::get(d, path).cloned().unwrap_or(Value::Null))
    }

    /// The field's boolean value.
    pub fn flag(&self, path: &str) -> bool {
        self.doc.with(|d| edit::get(d, path).and_then(Value::as_bool).unwrap_or(false))
    }

    /// The length of the list at a pointer.
    pub fn len(&self, path: &str) -> usize {
        self.doc.with(|d| edit::get(d, path).and_then(Value::as_array).map(Vec::len).unwrap_or(0))
    }

    /// Whether the value at a pointer is present (not null or absent).
    pub fn present(&self, path: &str) -> bool {
        self.doc.with(|d| edit::get(d, path).is_some_and(|v| !v.is_null()))
    }

    /// Sets the value at a pointer.
    pub fn set(&self, path: &str, value: Value) {
        self.change.run((path.to_string(), Edit::Set { path: path.to_string(), value }));
    }

    /// The messages for a pointer.
    pub fn messages_at(&self, path: &str) -> Vec<FieldMessage> {
        self.messages.with(|m| m.get(path).cloned().unwrap_or_default())
    }
}
