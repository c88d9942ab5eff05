//! `/openapi/templates/builds` (PR #4922, reworked by #4965): build templates, whose server-side
//! validation is the strictest in Zadig. Input and detail share one type: the detail adds `id`,
//! `update_time` and `update_by`, which inputs leave out.

use serde::{Deserialize, Serialize};

use crate::wire::is_zero;
use crate::wire::zadig::{AdvancedSetting, DockerBuildStep, ToolItem};

/// A build template (`OpenAPIBuildTemplateInput`, or `OpenAPIBuildTemplateDetail` with an id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildTemplate {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub name: String,
    pub infrastructure: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vm_labels: Vec<String>,
    pub build_os: String,
    pub installs: Vec<ToolItem>,
    pub parameters: Vec<TemplateParameter>,
    pub script_type: String,
    pub build_script: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker_build_step: Option<DockerBuildStep>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advanced_settings: Option<AdvancedSetting>,
    #[serde(skip_serializing_if = "is_zero")]
    pub update_time: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub update_by: String,
}

/// A template variable; builds made from the template supply it as an input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateParameter {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub default_value: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choice_option: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choice_value: Vec<String>,
    pub is_credential: bool,
    pub description: String,
    pub required: bool,
}

/// `GET /openapi/templates/builds`: one page of templates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildTemplateList {
    pub total: i64,
    pub build_templates: Vec<BuildTemplateBrief>,
}

/// A template in the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuildTemplateBrief {
    pub id: String,
    pub name: String,
    pub infrastructure: String,
    pub update_time: i64,
    pub update_by: String,
}
