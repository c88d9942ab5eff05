//! A Zadig build template as the console edits it.

use serde::{Deserialize, Serialize};

use crate::model::{AdvancedSettings, DockerStep, Install, RemoteInfo, Variable, MASK};

/// A build template: environment, script, variables and settings shared by the builds made
/// from it, which supply per-service repositories and variable inputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Template {
    /// Zadig's id, once the template exists there.
    pub id: String,
    pub name: String,
    pub infrastructure: String,
    /// VM labels selecting hosts when the infrastructure is `vm`.
    pub vm_labels: Vec<String>,
    pub build_os: String,
    pub installs: Vec<Install>,
    pub variables: Vec<Variable>,
    pub script_type: String,
    pub script: String,
    pub docker: Option<DockerStep>,
    pub advanced: Option<AdvancedSettings>,
    pub remote: Option<RemoteInfo>,
}

impl Template {
    /// The variable a build's input `key` sets, if the template defines it.
    pub fn variable(&self, key: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.key == key)
    }

    /// A copy whose credential defaults read `********`.
    pub fn masked(&self) -> Template {
        let mut copy = self.clone();
        for v in copy.variables.iter_mut().filter(|v| v.is_credential && !v.default_value.is_empty()) {
            v.default_value = MASK.to_string();
        }
        copy
    }
}
