//! Deterministic, fully filled sample builds: benchmark inputs and demo data.

use serde_json::Value;

use crate::model::{
    AdvancedSettings, Build, Cache, DockerStep, Install, Label, Repo, ResourceSpec, Service, Storages, Variable, Volume,
};

/// A valid Zadig build with `services` services and every section filled (repositories,
/// installs, variables of each type, script, Docker step, resources, cache, storages, labels,
/// annotations, outputs). The same input always gives the same build.
pub fn large_build(name: &str, services: usize) -> Build {
    let repos = (0..services.clamp(1, 10))
        .map(|i| Repo {
            codehost: "github".into(),
            namespace: "acme".into(),
            name: format!("repo-{i}"),
            branch: "main".into(),
            remote_name: "origin".into(),
            checkout_path: format!("src/repo-{i}"),
            submodules: i % 2 == 0,
            ..Repo::default()
        })
        .collect();
    let mut variables: Vec<Variable> = (0..20)
        .map(|i| Variable {
            key: format!("VAR_{i}"),
            kind: "string".into(),
            default_value: format!("value-{i}"),
            description: format!("Variable number {i}"),
            ..Variable::default()
        })
        .collect();
    variables.push(Variable {
        key: "DEPLOY_ENV".into(),
        kind: "choice".into(),
        default_value: "staging".into(),
        choice_options: vec!["dev".into(), "staging".into(), "prod".into()],
        ..Variable::default()
    });
    variables.push(Variable {
        key: "TARGETS".into(),
        kind: "multi-select".into(),
        default_value: "linux".into(),
        choice_options: vec!["linux".into(), "darwin".into(), "windows".into()],
        choice_values: vec!["linux".into(), "darwin".into()],
        ..Variable::default()
    });
    variables.push(Variable {
        key: "REGISTRY_TOKEN".into(),
        kind: "string".into(),
        default_value: "secret-token".into(),
        is_credential: true,
        ..Variable::default()
    });
    Build {
        name: name.into(),
        project_key: "platform".into(),
        services: (0..services)
            .map(|i| Service { name: format!("service-{i}"), module: format!("module-{i}"), ..Service::default() })
            .collect(),
        infrastructure: "kubernetes".into(),
        build_os: "ubuntu 20.04".into(),
        installs: ["go 1.22.5", "node 20.11.1", "java 17", "maven 3.9.6", "python 3.11"]
            .iter()
            .map(|s| {
                let (name, version) = s.split_once(' ').unwrap_or((s, "1"));
                Install { name: name.into(), version: version.into() }
            })
            .collect(),
        repos,
        variables,
        script_type: "shell".into(),
        script: "#!/bin/bash\nset -e\ncd $REPONAME_0\nmake build SERVICE=$SERVICE\nmake test\n".into(),
        docker: Some(DockerStep {
            context_dir: "$REPONAME_0".into(),
            dockerfile_source: "local".into(),
            dockerfile_path: "$REPONAME_0/Dockerfile".into(),
            build_args: "--build-arg SERVICE=$SERVICE".into(),
            buildkit: true,
            platforms: "linux/amd64,linux/arm64".into(),
            ..DockerStep::default()
        }),
        advanced: Some(AdvancedSettings {
            timeout_minutes: 60,
            cache: Some(Cache { enabled: true, dir: "$WORKSPACE/.cache".into() }),
            cluster_name: "prod".into(),
            resources: ResourceSpec { cpu_limit: 4000, memory_limit: 8192, cpu_req: 1000, memory_req: 1024, gpu_limit: String::new() },
            strategy_name: "preferred".into(),
            storages: Some(Storages {
                enabled: true,
                volumes: vec![
                    Volume {
                        provision_type: "dynamic".into(),
                        storage_class: "cfs".into(),
                        size_gib: 20,
                        access_mode: "ReadWriteMany".into(),
                        mount_path: "/cache".into(),
                        ..Volume::default()
                    },
                    Volume { provision_type: "static".into(), pvc: "shared-artifacts".into(), mount_path: "/artifacts".into(), ..Volume::default() },
                ],
            }),
            use_host_docker_daemon: false,
            privileged_mode: true,
            annotations: vec![Label { key: "buildbay.io/owner".into(), value: Value::String("platform-team".into()) }],
            labels: vec![
                Label { key: "team".into(), value: Value::String("platform".into()) },
                Label { key: "cost-center".into(), value: Value::String("cc-42".into()) },
            ],
            outputs: vec!["VERSION".into(), "ARTIFACT_URL".into()],
        }),
        ..Build::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::Target;

    #[test]
    fn masked_secrets_can_be_restored() {
        let build = large_build("s", 2);
        let mut masked = build.masked();
        assert_ne!(masked, build);
        assert!(!serde_json::to_string(&masked).unwrap().contains("secret-token"));
        masked.restore_masked(&build);
        assert_eq!(masked, build);
    }

    #[test]
    fn the_large_sample_is_valid_and_deterministic() {
        let build = large_build("bench", 100);
        assert_eq!(build, large_build("bench", 100));
        let findings = crate::validate::validate(&build, Target::Zadig);
        assert!(findings.is_empty(), "{findings:#?}");
        assert_eq!(build.services.len(), 100);
    }
}
