//! ServiceStage's rules for a create-build-job body (from Huawei's documentation).

use crate::diagnostic::{Diagnostic, Source};
use crate::validate::Checker;
use crate::validate::rules::{looks_like_repo_url, servicestage_job_name_problem};
use crate::wire::servicestage::{ARCHES, CreateJobRequest, MAX_DESCRIPTION_CHARS, REPO_TYPES};

/// The create-job body.
pub(crate) fn job(r: &CreateJobRequest) -> Vec<Diagnostic> {
    let mut c = Checker::default();
    if c.require("/job_name", &r.job_name, Source::Server, "The job name")
        && let Some(problem) = servicestage_job_name_problem(&r.job_name) {
            c.error(
                "/job_name",
                "invalid-name",
                Source::Server,
                format!("The job name \"{}\" {problem} (2–64 letters, digits, '-' and '_', starting with a letter, ending with a letter or digit).", r.job_name),
            );
        }
    let length = r.job_description.chars().count();
    if length > MAX_DESCRIPTION_CHARS {
        c.error(
            "/job_description",
            "too-long",
            Source::Server,
            format!("The description may have at most {MAX_DESCRIPTION_CHARS} characters ({length} given)."),
        );
    }
    match &r.environment_setting {
        None => c.error(
            "/environment_setting",
            "required",
            Source::Server,
            "environment_setting is required, even if empty ({}).",
        ),
        Some(env) => {
            if let Some(os) = &env.build_os {
                let aliases = [("amd64", "x86_64"), ("x86-64", "x86_64"), ("arm64", "aarch64")];
                if !os.arch.is_empty() && !ARCHES.contains(&os.arch.as_str()) {
                    let hint = aliases
                        .iter()
                        .find(|(a, _)| a.eq_ignore_ascii_case(&os.arch))
                        .map(|(_, right)| format!(" ServiceStage calls it \"{right}\"."))
                        .unwrap_or_default();
                    c.error(
                        "/environment_setting/build_os/arch",
                        "invalid-enum",
                        Source::Server,
                        format!("Architecture \"{}\" is not \"x86_64\" or \"aarch64\".{hint}", os.arch),
                    );
                }
            }
            if env.use_public_cluster && (!env.cluster_id.is_empty() || !env.cluster_name.is_empty()) {
                c.warn(
                    "/environment_setting/use_public_cluster",
                    "ignored",
                    Source::Lint,
                    "A public cluster is used, so cluster_id and cluster_name are ignored.",
                );
            }
        }
    }
    if let Some(repo) = &r.code_repo {
        let fields = [("type", &repo.kind, "The repository type"), ("url", &repo.url, "The repository URL"), ("branch", &repo.branch, "The branch"), ("namespace", &repo.namespace, "The organisation (namespace)")];
        for (field, value, what) in fields {
            c.require(format!("/code_repo/{field}"), value, Source::Server, what);
        }
        if !repo.kind.is_empty() && !REPO_TYPES.iter().any(|t| t.eq_ignore_ascii_case(&repo.kind)) {
            c.warn(
                "/code_repo/type",
                "unknown-repo-type",
                Source::Lint,
                format!("ServiceStage documents the repository types {}; \"{}\" may be refused.", REPO_TYPES.join(", "), repo.kind),
            );
        }
        if !repo.url.is_empty() && !looks_like_repo_url(&repo.url) {
            c.error("/code_repo/url", "invalid-url", Source::Runtime, format!("\"{}\" is not a repository address (https://… or git@…).", repo.url));
        }
    }
    c.out
}
