//! Rainbond's component build OpenAPI (`goodrain/rainbond-console`, Django REST framework):
//! `POST /openapi/v1/teams/{team}/regions/{region}/apps/{app_id}/services/{service}/build`.
//!
//! Every body field is optional and nullable; only `repo_url`, `branch`, `username` and
//! `password` have an effect. Fields follow DRF's rules: a `CharField` takes a string or a
//! number (made a string) but not a boolean, and refuses a blank string.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;


/// `build_type` choices (`ComponentBuildReqSerializers`); validated, never used by the server.
pub const BUILD_TYPES: [&str; 3] = ["source_code", "docker_image", "market"];
/// `server_type` choices; the published docs misspell `oss` as `loss`.
pub const SERVER_TYPES: [&str; 3] = ["svn", "git", "oss"];
/// `branch` is `max_length=255`, `repo_url` 1024, `username` and `password` 255.
pub const MAX_LENGTHS: [(&str, usize); 4] = [("branch", 255), ("repo_url", 1024), ("username", 255), ("password", 255)];

/// The build request body. `None` means absent or `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildRequest {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "choice")]
    pub build_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "choice")]
    pub server_type: Option<String>,
    /// The server defaults an absent branch to `master`.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "char_field")]
    pub branch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "char_field")]
    pub repo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "char_field")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "char_field")]
    pub password: Option<String>,
}

/// A DRF `CharField`: strings as they are, numbers as their text; anything else is refused.
fn char_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(serde::de::Error::custom("Not a valid string")),
    }
}

/// A DRF `ChoiceField`: any scalar is compared by its text, so non-strings never match a choice.
fn choice<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(if b { "True" } else { "False" }.to_string())),
        other => Err(serde::de::Error::custom(format!("{} is not a valid choice", kind_of(&other)))),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `200 {"event_id": "<32 hex>"}`: the build was accepted (not wrapped in `data.bean`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildAccepted {
    pub event_id: String,
}

string_enum! {
    /// An event's `final_status`: empty while it runs.
    pub enum EventFinalStatus {
        Running = "",
        Complete = "complete",
        Timeout = "timeout",
        Failure = "failure",
        Empty = "empty",
        EmptyComplete = "emptycomplete",
    }
}

string_enum! {
    /// An event's `status` once complete (empty while it runs).
    pub enum EventStatus {
        Unset = "",
        Success = "success",
        Failure = "failure",
        Timeout = "timeout",
        Checking = "checking",
    }
}

/// A service event (`ServiceEvent`), e.g. one build; times are RFC 3339 strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Event {
    pub event_id: String,
    pub tenant_id: String,
    pub service_id: String,
    pub target: String,
    pub target_id: String,
    pub user_name: String,
    pub create_time: String,
    pub start_time: String,
    pub end_time: String,
    pub opt_type: String,
    pub syn_type: i64,
    pub status: EventStatus,
    pub final_status: EventFinalStatus,
    pub message: String,
    pub reason: String,
}

/// One line of an event's log (`GET .../events/{event_id}/logs`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventLogLine {
    pub message: String,
    pub time: String,
    pub utime: i64,
}

/// The console's error envelope (`MessageResponse`); HTTP status is `code` unless overridden.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    pub code: i64,
    pub msg: String,
    pub msg_show: String,
    pub data: Value,
}

/// DRF validation failure: `400 {"detail":"参数错误","err":{field:[messages]},"code":20400,"error_type":"ValidationError"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValidationErrorBody {
    pub detail: String,
    pub err: Value,
    pub code: i64,
    pub error_type: String,
}
