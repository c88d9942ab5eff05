//! Zadig's two JSON error bodies (`pkg/tool/errors`, `pkg/middleware/gin/response.go`).
//! Binding, permission and token failures answer with an empty body instead.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `HTTPError`: business and parameter failures; codes 6xxx and 7xxx are sent as HTTP 400.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpError {
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    pub code: i64,
    pub description: String,
    /// `{}` from the servers read for this reference; newer docs show `null`.
    pub extra: Value,
}

/// Any other error: HTTP 500 with `{"message":"Internal Error: ","code":500,"description":...}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InternalError {
    pub message: String,
    pub code: i64,
    pub description: String,
}

impl HttpError {
    /// The HTTP status Zadig answers with for this error code.
    pub fn http_status(&self) -> u16 {
        match self.code {
            6000..=7999 => 400,
            code => u16::try_from(code).ok().filter(|c| (100..=599).contains(c)).unwrap_or(500),
        }
    }
}
