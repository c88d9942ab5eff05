//! The model ⇄ ServiceStage's create-build-job body: name, description, environment and the
//! first repository.

use crate::convert::{Conversion, Losses, note_zadig_only};
use crate::model::{AdvancedSettings, Build, Repo, ServiceStageOptions};
use crate::wire::servicestage as wire;

/// The create-job body; `environment_setting` is always sent, as ServiceStage requires it.
pub fn job_request(build: &Build) -> Conversion<wire::CreateJobRequest> {
    let mut losses = Losses::default();
    note_zadig_only(build, &mut losses, "ServiceStage");
    let advanced = build.advanced.clone().unwrap_or_default();
    losses.note(
        build.advanced.as_ref().is_some_and(|a| *a != AdvancedSettings { cluster_name: a.cluster_name.clone(), ..AdvancedSettings::default() }),
        "advanced",
        "ServiceStage takes only the cluster name of the advanced settings",
    );
    let repo = build.primary_repo();
    losses.note(
        repo.is_some_and(|r| !r.codehost.is_empty() || !r.name.is_empty()),
        "repos/0",
        "ServiceStage identifies the repository by its URL; code host alias and name are not sent",
    );
    let ss = &build.servicestage;
    let environment = wire::EnvironmentSetting {
        docker_version: ss.docker_version.clone(),
        cluster_id: ss.cluster_id.clone(),
        use_public_cluster: ss.use_public_cluster,
        cluster_name: advanced.cluster_name.clone(),
        build_os: (!ss.arch.is_empty()).then(|| wire::BuildOs { arch: ss.arch.clone() }),
    };
    losses.finish(wire::CreateJobRequest {
        job_name: build.name.clone(),
        job_description: build.description.clone(),
        environment_setting: Some(environment),
        code_repo: repo.map(|r| wire::CodeRepo {
            kind: r.provider.clone(),
            url: r.url.clone(),
            branch: r.branch.clone(),
            namespace: r.namespace.clone(),
        }),
        enterprise_project_id: ss.enterprise_project_id.clone(),
    })
}

/// A ServiceStage create-job body as the console's model; nothing is lost.
pub fn from_job_request(r: wire::CreateJobRequest) -> Build {
    let env = r.environment_setting.unwrap_or_default();
    let advanced = (!env.cluster_name.is_empty())
        .then(|| AdvancedSettings { cluster_name: env.cluster_name.clone(), ..AdvancedSettings::default() });
    Build {
        name: r.job_name,
        description: r.job_description,
        repos: r
            .code_repo
            .map(|c| Repo { provider: c.kind, url: c.url, branch: c.branch, namespace: c.namespace, ..Repo::default() })
            .into_iter()
            .collect(),
        advanced,
        servicestage: ServiceStageOptions {
            docker_version: env.docker_version,
            cluster_id: env.cluster_id,
            use_public_cluster: env.use_public_cluster,
            arch: env.build_os.map(|o| o.arch).unwrap_or_default(),
            enterprise_project_id: r.enterprise_project_id,
        },
        ..Build::default()
    }
}
