//! Where a finding in a backend's request body lives in the console's model.
//!
//! Validation reports JSON pointers into the request a backend receives; the editor keys its
//! fields by pointers into the model (its serde field names). This maps one to the other, so
//! every finding lands next to the field that sets it.

use crate::target::Target;

/// Renames of one request segment into model segments, for segments that are not the same.
const ZADIG_RENAMES: [(&str, &str); 22] = [
    ("build_script", "script"),
    ("service_name", "name"),
    ("service_module", "module"),
    ("repo_info", "repos"),
    ("codehost_name", "codehost"),
    ("repo_namespace", "namespace"),
    ("repo_name", "name"),
    ("parameters", "variables"),
    ("type", "kind"),
    ("choice_option", "choice_options"),
    ("choice_value", "choice_values"),
    ("docker_build_step", "docker"),
    ("build_context_dir", "context_dir"),
    ("dockerfile_directory", "dockerfile_path"),
    ("enable_buildkit", "buildkit"),
    ("advanced_settings", "advanced"),
    ("timeout", "timeout_minutes"),
    ("resource_spec", "resources"),
    ("storages_properties", "volumes"),
    ("storage_size_in_gib", "size_gib"),
    ("custom_labels", "labels"),
    ("custom_annotations", "annotations"),
];

fn zadig(tokens: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        let parent = if i > 0 { tokens[i - 1].as_str() } else { "" };
        let mapped = match (parent, t.as_str()) {
            ("target_services", _) => t.clone(),
            ("", "target_services") => "services".to_string(),
            ("", "build_script") => "script".to_string(),
            ("", "name") | ("", "project_key") => t.clone(),
            ("cache_setting", "cache_dir") => "dir".to_string(),
            (_, "cache_setting") => "cache".to_string(),
            _ => ZADIG_RENAMES.iter().find(|(from, _)| from == t).map(|(_, to)| to.to_string()).unwrap_or_else(|| t.clone()),
        };
        out.push(mapped);
    }
    out
}

/// The model pointer a request pointer of `target` corresponds to. Pointers the model has no
/// field for map to their closest ancestor that it has.
pub fn model_path(target: Target, request_path: &str) -> String {
    let tokens = crate::pointer::tokens(request_path);
    let mapped: Vec<String> = match target {
        Target::Zadig => zadig(&tokens),
        Target::Rainbond => match tokens.first().map(String::as_str) {
            Some("build_type") => vec!["rainbond".into(), "build_type".into()],
            Some("server_type") => vec!["rainbond".into(), "server_type".into()],
            Some("repo_url") => vec!["repos".into(), "0".into(), "url".into()],
            Some(field @ ("branch" | "username" | "password")) => vec!["repos".into(), "0".into(), field.to_string()],
            _ => tokens,
        },
        Target::Nuon => match tokens.first().map(String::as_str) {
            Some(field @ ("git_ref" | "use_latest")) => vec!["nuon".into(), field.to_string()],
            _ => tokens,
        },
        Target::ServiceStage => {
            let t: Vec<&str> = tokens.iter().map(String::as_str).collect();
            match t.as_slice() {
                ["job_name", ..] => vec!["name".into()],
                ["job_description", ..] => vec!["description".into()],
                ["enterprise_project_id"] => vec!["servicestage".into(), "enterprise_project_id".into()],
                ["environment_setting", "cluster_name"] => vec!["advanced".into(), "cluster_name".into()],
                ["environment_setting", "build_os", ..] => vec!["servicestage".into(), "arch".into()],
                ["environment_setting", field] => vec!["servicestage".into(), field.to_string()],
                ["environment_setting"] => vec!["servicestage".into()],
                ["code_repo", "type"] => vec!["repos".into(), "0".into(), "provider".into()],
                ["code_repo", field] => vec!["repos".into(), "0".into(), field.to_string()],
                ["code_repo"] => vec!["repos".into(), "0".into()],
                _ => tokens.clone(),
            }
        }
    };
    mapped.iter().map(|t| format!("/{}", crate::pointer::escape(t))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zadig_paths_land_on_model_fields() {
        let cases = [
            ("/name", "/name"),
            ("/build_script", "/script"),
            ("/services/3/service_module", "/services/3/module"),
            ("/repo_info/1/repo_namespace", "/repos/1/namespace"),
            ("/repo_info/1/codehost_name", "/repos/1/codehost"),
            ("/parameters/0/choice_value/2", "/variables/0/choice_values/2"),
            ("/parameters/0/type", "/variables/0/kind"),
            ("/docker_build_step/dockerfile_directory", "/docker/dockerfile_path"),
            ("/advanced_settings/timeout", "/advanced/timeout_minutes"),
            ("/advanced_settings/cache_setting/cache_dir", "/advanced/cache/dir"),
            ("/advanced_settings/resource_spec/cpu_req", "/advanced/resources/cpu_req"),
            ("/advanced_settings/storages/storages_properties/1/storage_size_in_gib", "/advanced/storages/volumes/1/size_gib"),
            ("/advanced_settings/custom_labels/0/value", "/advanced/labels/0/value"),
            ("/target_services/2/service_name", "/services/2/name"),
            ("/target_services/2/repo_info/0/repo_name", "/services/2/repos/0/name"),
            ("/target_services/2/inputs/1/value", "/services/2/inputs/1/value"),
        ];
        for (request, model) in cases {
            assert_eq!(model_path(Target::Zadig, request), model, "{request}");
        }
    }

    #[test]
    fn other_backends_paths_land_on_model_fields() {
        assert_eq!(model_path(Target::Rainbond, "/repo_url"), "/repos/0/url");
        assert_eq!(model_path(Target::Rainbond, "/server_type"), "/rainbond/server_type");
        assert_eq!(model_path(Target::Nuon, "/git_ref"), "/nuon/git_ref");
        assert_eq!(model_path(Target::ServiceStage, "/job_name"), "/name");
        assert_eq!(model_path(Target::ServiceStage, "/environment_setting/build_os/arch"), "/servicestage/arch");
        assert_eq!(model_path(Target::ServiceStage, "/environment_setting/cluster_name"), "/advanced/cluster_name");
        assert_eq!(model_path(Target::ServiceStage, "/code_repo/type"), "/repos/0/provider");
    }
}
