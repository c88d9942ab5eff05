//! A Zadig build template as the console edits it.

use serde::{Deserialize, Serialize};

use crate::model::{AdvancedSettings, Build, DockerStep, Install, RemoteInfo, Variable, MASK};

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

    /// Whether the template keeps variable `key` secret, so that a build's input for it is
    /// typed unseen and masked like the template's own value.
    pub fn keeps_secret(&self, key: &str) -> bool {
        self.variable(key).is_some_and(|v| v.is_credential)
    }

    /// `build`, made from this template, as Zadig runs it: the template's environment, tools,
    /// script, Docker step and advanced settings (a template build's own are never read), and
    /// its variables with the values the build's first service gives as inputs (a key the
    /// template lacks is dropped, as Zadig drops it). Repositories stay per service.
    pub fn applied_to(&self, build: &Build) -> Build {
        let inputs = build.services.first().map(|s| s.inputs.as_slice()).unwrap_or_default();
        let variables = self
            .variables
            .iter()
            .map(|v| {
                let given = inputs.iter().find(|i| i.key == v.key);
                Variable {
                    default_value: given.map_or_else(|| v.default_value.clone(), |i| i.value.clone()),
                    is_credential: v.is_credential || given.is_some_and(|i| i.is_credential),
                    required: false,
                    ..v.clone()
                }
            })
            .collect();
        Build {
            template_name: None,
            infrastructure: self.infrastructure.clone(),
            build_os: self.build_os.clone(),
            installs: self.installs.clone(),
            variables,
            script_type: self.script_type.clone(),
            script: self.script.clone(),
            docker: self.docker.clone(),
            advanced: self.advanced.clone(),
            ..build.clone()
        }
    }

    /// The credential defaults this template holds in clear (set, and not already `********`).
    pub fn clear_secrets(&self) -> Vec<&str> {
        self.variables.iter().filter(|v| v.is_credential).map(|v| v.default_value.as_str()).filter(|v| !v.is_empty() && *v != MASK).collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Service, ServiceInput};

    #[test]
    fn a_template_build_runs_with_the_templates_settings_and_its_own_inputs() {
        let template = Template {
            name: "go".into(),
            installs: vec![Install { name: "go".into(), version: "1.22".into() }],
            script: "make".into(),
            advanced: Some(AdvancedSettings { timeout_minutes: 15, ..AdvancedSettings::default() }),
            variables: vec![
                Variable { key: "MODE".into(), default_value: "fast".into(), required: true, ..Variable::default() },
                Variable { key: "REGION".into(), default_value: "eu".into(), ..Variable::default() },
            ],
            ..Template::default()
        };
        let input = ServiceInput { key: "MODE".into(), value: "slow".into(), ..ServiceInput::default() };
        let stray = ServiceInput { key: "NOPE".into(), value: "x".into(), ..ServiceInput::default() };
        let build = Build {
            name: "api".into(),
            template_name: Some("go".into()),
            script: "ignored".into(),
            services: vec![Service { name: "api".into(), inputs: vec![input, stray], ..Service::default() }],
            ..Build::default()
        };
        let run = template.applied_to(&build);
        assert_eq!((run.name.as_str(), run.script.as_str(), run.installs.len(), run.template_name.as_deref()), ("api", "make", 1, None));
        assert_eq!(run.advanced.map(|a| a.timeout_minutes), Some(15));
        let values: Vec<(&str, &str)> = run.variables.iter().map(|v| (v.key.as_str(), v.default_value.as_str())).collect();
        assert_eq!(values, [("MODE", "slow"), ("REGION", "eu")], "inputs set the template's variables; a key it lacks is dropped");
        assert_eq!(run.services, build.services);
        let secret = Template { variables: vec![Variable { key: "TOKEN".into(), is_credential: true, ..Variable::default() }], ..template };
        assert!(secret.keeps_secret("TOKEN") && !secret.keeps_secret("MODE") && !secret.keeps_secret("NOPE"));
    }
}
