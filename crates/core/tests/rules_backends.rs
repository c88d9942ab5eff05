//! One broken and one satisfying input per Rainbond, Nuon and ServiceStage rule, and the rules
//! for starting a job.

mod support;

use buildbay_core::diagnostic::Severity::{Error, Warning};
use buildbay_core::model::{BranchOverride, Build, Job, JobInput, Service, Variable};
use buildbay_core::validate::validate_job;
use buildbay_core::Target;
use serde_json::{Value, json};
use support::{check_doc, dump, fixture_json, has, set};

/// Asserts the base is free of errors, `broken` has the finding, and `fixed` does not.
fn rule(base: &Value, target: Target, breaks: &[(&str, Value)], path: &str, code: &str, severity: buildbay_core::Severity, fixes: &[(&str, Value)]) {
    let clean = check_doc(base, Some(target));
    assert!(clean.diagnostics.iter().all(|d| !d.is_error()), "base:\n{}", dump(&clean));
    let mut doc = base.clone();
    for (p, v) in breaks {
        set(&mut doc, p, (!v.is_null()).then(|| v.clone()));
    }
    let checked = check_doc(&doc, Some(target));
    assert!(has(&checked, path, code, severity), "expected {severity} {path} {code}:\n{}", dump(&checked));
    for (p, v) in fixes {
        set(&mut doc, p, (!v.is_null()).then(|| v.clone()));
    }
    let checked = check_doc(&doc, Some(target));
    assert!(!checked.diagnostics.iter().any(|d| d.path == path && d.code == code), "still {code} at {path}:\n{}", dump(&checked));
}

#[test]
fn rainbond() {
    let base = json!({"build_type": "source_code", "server_type": "git", "branch": "main", "repo_url": "https://github.com/acme/api.git", "username": "u", "password": "p"});
    let t = Target::Rainbond;
    rule(&base, t, &[("/build_type", json!("binary"))], "/build_type", "invalid-choice", Error, &[("/build_type", json!("market")), ("/repo_url", Value::Null), ("/username", Value::Null), ("/password", Value::Null)]);
    rule(&base, t, &[("/server_type", json!("loss"))], "/server_type", "invalid-choice", Error, &[("/server_type", json!("oss"))]);
    rule(&base, t, &[("/build_type", json!(""))], "/build_type", "invalid-choice", Error, &[("/build_type", Value::Null)]);
    rule(&base, t, &[("/branch", json!(""))], "/branch", "blank", Error, &[("/branch", json!("dev"))]);
    rule(&base, t, &[("/password", json!("   "))], "/password", "blank", Error, &[("/password", Value::Null)]);
    rule(&base, t, &[("/repo_url", json!(format!("https://example.com/{}", "x".repeat(1010))))], "/repo_url", "too-long", Error, &[("/repo_url", json!("https://example.com/a.git"))]);
    rule(&base, t, &[("/branch", json!("b".repeat(256)))], "/branch", "too-long", Error, &[("/branch", json!("main"))]);
    rule(&base, t, &[("/build_type", json!("docker_image"))], "/repo_url", "repo-url-mismatch", Error, &[("/repo_url", json!("nginx:1.25"))]);
    rule(&base, t, &[("/repo_url", json!("registry.example.com/team/api:1.0"))], "/repo_url", "repo-url-mismatch", Error, &[("/repo_url", json!("git@github.com:acme/api.git"))]);
    rule(&base, t, &[("/server_type", json!("svn"))], "/server_type", "server-type-mismatch", Error, &[("/repo_url", json!("svn://svn.example.com/api"))]);
    rule(&base, t, &[("/repo_url", Value::Null)], "/password", "credentials-without-url", Warning, &[("/repo_url", json!("https://github.com/acme/api.git"))]);
    rule(&base, t, &[("/password", json!(true))], "/password", "invalid-type", Error, &[("/password", json!("p"))]);
    rule(&base, t, &[("/branch", json!([]))], "/branch", "invalid-type", Error, &[("/branch", json!(12))]);
    // DRF reads a number as text, and everything is optional.
    assert!(check_doc(&json!({"branch": 12}), Some(t)).diagnostics.is_empty());
    assert!(check_doc(&json!({}), Some(t)).diagnostics.is_empty());
    let image = check_doc(&fixture_json("backends/rainbond-build-image.json"), None);
    assert!(image.diagnostics.is_empty(), "{}", dump(&image));
}

#[test]
fn nuon() {
    let base = fixture_json("backends/nuon-build.json");
    let t = Target::Nuon;
    rule(&base, t, &[("/git_ref", Value::Null)], "/git_ref", "required", Error, &[("/use_latest", json!(true))]);
    rule(&base, t, &[("/git_ref", json!(""))], "/git_ref", "required", Error, &[("/git_ref", json!("v1.2.0"))]);
    rule(&base, t, &[("/git_ref", json!("feature x"))], "/git_ref", "invalid-git-ref", Error, &[("/git_ref", json!("feature/x"))]);
    rule(&base, t, &[("/use_latest", json!("yes"))], "/use_latest", "invalid-type", Error, &[("/use_latest", json!(false))]);
    rule(&base, t, &[("/use_latest", json!(true))], "/git_ref", "ignored", Warning, &[("/git_ref", Value::Null)]);
    assert!(has(&check_doc(&json!({}), Some(t)), "/git_ref", "required", Error));
    assert!(has(&check_doc(&json!({"Git_Ref": "main"}), Some(t)), "/Git_Ref", "key-case", Warning), "Go reads keys case-insensitively");
    assert!(check_doc(&json!({"Git_Ref": "main"}), Some(t)).diagnostics.iter().all(|d| !d.is_error()));
}

#[test]
fn servicestage() {
    let base = fixture_json("backends/servicestage-job.json");
    let t = Target::ServiceStage;
    rule(&base, t, &[("/job_name", json!("a"))], "/job_name", "invalid-name", Error, &[("/job_name", json!("ab"))]);
    rule(&base, t, &[("/job_name", json!("1ab"))], "/job_name", "invalid-name", Error, &[("/job_name", json!("a1b"))]);
    rule(&base, t, &[("/job_name", json!("ab-"))], "/job_name", "invalid-name", Error, &[("/job_name", json!("ab-c"))]);
    rule(&base, t, &[("/job_name", json!(format!("a{}", "b".repeat(64))))], "/job_name", "invalid-name", Error, &[("/job_name", json!(format!("a{}", "b".repeat(63))))]);
    rule(&base, t, &[("/job_name", json!("a.b"))], "/job_name", "invalid-name", Error, &[("/job_name", json!("a_b"))]);
    rule(&base, t, &[("/job_name", json!(""))], "/job_name", "required", Error, &[("/job_name", json!("job"))]);
    rule(&base, t, &[("/job_description", json!("é".repeat(65)))], "/job_description", "too-long", Error, &[("/job_description", json!("é".repeat(64)))]);
    rule(&base, t, &[("/environment_setting", Value::Null)], "/environment_setting", "required", Error, &[("/environment_setting", json!({}))]);
    rule(&base, t, &[("/environment_setting/build_os/arch", json!("arm64"))], "/environment_setting/build_os/arch", "invalid-enum", Error, &[("/environment_setting/build_os/arch", json!("aarch64"))]);
    rule(&base, t, &[("/code_repo/url", json!(""))], "/code_repo/url", "required", Error, &[("/code_repo/url", json!("https://gitlab.com/a/b.git"))]);
    rule(&base, t, &[("/code_repo/namespace", Value::Null)], "/code_repo/namespace", "required", Error, &[("/code_repo/namespace", json!("acme"))]);
    rule(&base, t, &[("/environment_setting", json!([]))], "/environment_setting", "invalid-type", Error, &[("/environment_setting", json!({"use_public_cluster": true}))]);
}

fn demo_build() -> Build {
    Build {
        name: "api".into(),
        services: vec![Service { name: "api".into(), module: "api".into(), ..Default::default() }],
        repos: vec![buildbay_core::model::Repo { codehost: "gh".into(), namespace: "o".into(), name: "r".into(), branch: "main".into(), ..Default::default() }],
        variables: vec![Variable {
            key: "ENV".into(),
            kind: "choice".into(),
            default_value: "dev".into(),
            choice_options: vec!["dev".into(), "prod".into()],
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn jobs() {
    let build = demo_build();
    let good = Job {
        build: "api".into(),
        job_name: "build".into(),
        workflow_key: "api-workflow".into(),
        services: vec![("api".into(), "api".into())],
        branches: vec![BranchOverride { repo: 0, branch: "release/1.2".into(), ..BranchOverride::default() }],
        inputs: vec![JobInput { key: "ENV".into(), value: "prod".into(), ..JobInput::default() }],
        ..Default::default()
    };
    assert!(validate_job(&good, &build).is_empty(), "{:?}", validate_job(&good, &build));
    let cases: Vec<(Job, &str, &str)> = vec![
        (Job { job_name: "Build".into(), ..good.clone() }, "/job_name", "invalid-name"),
        (Job { job_name: "a".repeat(33), ..good.clone() }, "/job_name", "invalid-name"),
        (Job { workflow_key: "my_flow".into(), ..good.clone() }, "/workflow_key", "invalid-name"),
        (Job { services: vec![("web".into(), "web".into())], ..good.clone() }, "/services/0", "unknown-service"),
        (Job { services: vec![("api".into(), "api".into()), ("api".into(), "api".into())], ..good.clone() }, "/services/1", "duplicate"),
        (Job { branches: vec![BranchOverride { repo: 3, branch: "main".into(), ..BranchOverride::default() }], ..good.clone() }, "/branches/0/repo", "unknown-repo"),
        (Job { branches: vec![BranchOverride { repo: 0, branch: "a..b".into(), ..BranchOverride::default() }], ..good.clone() }, "/branches/0/branch", "invalid-git-ref"),
        (Job { inputs: vec![JobInput { key: "ENV".into(), value: "staging".into(), ..JobInput::default() }], ..good.clone() }, "/inputs/0/value", "value-not-an-option"),
        (Job { inputs: vec![JobInput { key: "NOPE".into(), value: "x".into(), ..JobInput::default() }], ..good.clone() }, "/inputs/0/key", "unknown-variable"),
    ];
    for (job, path, code) in cases {
        let found = validate_job(&job, &build);
        assert!(found.iter().any(|d| d.path == path && d.code == code), "{path} {code}: {found:?}");
    }
}
