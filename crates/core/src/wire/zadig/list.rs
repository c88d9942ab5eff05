//! `GET /openapi/build?projectKey=&pageNum=&pageSize=`: `OpenAPIBuildListResp`.

use serde::{Deserialize, Serialize};

use crate::wire::zadig::ServiceWithModule;

/// One page of builds; `total` counts every build of the project, not just this page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildList {
    pub total: i64,
    pub builds: Vec<BuildBrief>,
}

/// A build in the list (`OpenAPIBuildBrief`); `update_time` is in unix seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildBrief {
    pub name: String,
    pub project_key: String,
    /// `zadig` for builds made through the OpenAPI, `jenkins` for Jenkins builds.
    pub source: String,
    pub update_by: String,
    pub update_time: i64,
    pub target_services: Vec<ServiceWithModule>,
}
