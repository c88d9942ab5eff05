//! Rainbond's rules: DRF field validation (the server's 400s) and whether the URL fits the build.

use crate::diagnostic::{Diagnostic, Source};
use crate::validate::Checker;
use crate::validate::rules::{looks_like_image, looks_like_repo_url};
use crate::wire::rainbond::{BUILD_TYPES, BuildRequest, MAX_LENGTHS, SERVER_TYPES};

/// A component build body.
pub(crate) fn build(r: &BuildRequest) -> Vec<Diagnostic> {
    let mut c = Checker::default();
    choice(&mut c, "/build_type", r.build_type.as_deref(), &BUILD_TYPES);
    choice(&mut c, "/server_type", r.server_type.as_deref(), &SERVER_TYPES);
    let texts = [("branch", &r.branch), ("repo_url", &r.repo_url), ("username", &r.username), ("password", &r.password)];
    for (field, value) in texts {
        let Some(value) = value else { continue };
        let path = format!("/{field}");
        // DRF trims surrounding whitespace before its checks.
        let trimmed = value.trim();
        if trimmed.is_empty() {
            c.error(&path, "blank", Source::Server, format!("{field} may not be blank: leave it out (or null) instead."));
            continue;
        }
        let max = MAX_LENGTHS.iter().find(|(f, _)| *f == field).map(|(_, m)| *m).unwrap_or(usize::MAX);
        let length = trimmed.chars().count();
        if length > max {
            c.error(&path, "too-long", Source::Server, format!("{field} may have at most {max} characters ({length} given)."));
        }
    }
    url_fits_build(&mut c, r);
    let url = r.repo_url.as_deref().map(str::trim).unwrap_or("");
    let has = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    if url.is_empty() {
        for (field, value) in [("username", &r.username), ("password", &r.password)] {
            if has(value) {
                c.warn(
                    format!("/{field}"),
                    "credentials-without-url",
                    Source::Lint,
                    format!("Rainbond saves {field} only together with repo_url; without a URL it is ignored."),
                );
            }
        }
    }
    c.out
}

fn choice(c: &mut Checker, path: &str, value: Option<&str>, choices: &[&str]) {
    let Some(value) = value else { return };
    if choices.contains(&value) {
        return;
    }
    let hint = match value {
        "loss" => " (Rainbond's docs misspell \"oss\" as \"loss\")".to_string(),
        _ => choices
            .iter()
            .find(|c| c.eq_ignore_ascii_case(value.trim()))
            .map(|c| format!(" Did you mean \"{c}\"?"))
            .unwrap_or_default(),
    };
    c.error(
        path,
        "invalid-choice",
        Source::Server,
        format!("\"{value}\" is not a valid choice: use {}.{hint}", crate::validate::checker::quoted_list(choices)),
    );
}

fn url_fits_build(c: &mut Checker, r: &BuildRequest) {
    let Some(url) = r.repo_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else { return };
    let repo_address = looks_like_repo_url(url);
    // A bare word is a valid image name too; only a tag, a path or a digest makes it clearly one.
    let clearly_image = !repo_address && looks_like_image(url) && url.contains([':', '/', '@']);
    match r.build_type.as_deref() {
        Some("source_code") if clearly_image => c.error(
            "/repo_url",
            "repo-url-mismatch",
            Source::Runtime,
            format!("A source_code build clones repo_url, but \"{url}\" is an image; use build_type docker_image or give the repository address."),
        ),
        Some("source_code") if !repo_address => c.warn(
            "/repo_url",
            "repo-url-mismatch",
            Source::Runtime,
            format!("A source_code build clones repo_url, and \"{url}\" does not look like a repository address (https://…, git@host:org/repo.git, svn://…)."),
        ),
        Some("docker_image") if repo_address || !looks_like_image(url) => c.error(
            "/repo_url",
            "repo-url-mismatch",
            Source::Runtime,
            format!("A docker_image build pulls repo_url as an image, but \"{url}\" is not an image reference (nginx:1.25, registry.example.com/team/app:tag)."),
        ),
        Some("market") => c.warn("/repo_url", "repo-url-mismatch", Source::Lint, "Market builds install from the app market; repo_url is not used."),
        _ => {}
    }
    let lower = url.to_ascii_lowercase();
    match r.server_type.as_deref() {
        Some("git") if lower.starts_with("svn://") || lower.starts_with("svn+ssh://") => c.error(
            "/server_type",
            "server-type-mismatch",
            Source::Runtime,
            "server_type is git but repo_url is a Subversion address.",
        ),
        Some("svn") if lower.starts_with("git@") || lower.starts_with("git://") || lower.ends_with(".git") => c.error(
            "/server_type",
            "server-type-mismatch",
            Source::Runtime,
            "server_type is svn but repo_url is a Git address.",
        ),
        _ => {}
    }
}
