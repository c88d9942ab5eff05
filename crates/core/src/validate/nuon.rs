//! Nuon's rules for a create-component-build body.

use crate::diagnostic::{Diagnostic, Source};
use crate::validate::Checker;
use crate::validate::rules::git_ref_problem;
use crate::wire::nuon::CreateBuildRequest;

/// The body: `git_ref` is required unless `use_latest` is true.
pub(crate) fn build(r: &CreateBuildRequest) -> Vec<Diagnostic> {
    let mut c = Checker::default();
    match (&r.git_ref, r.use_latest) {
        (None, false) => c.error(
            "/git_ref",
            "required",
            Source::Server,
            "git_ref is required unless use_latest is true (Nuon answers \"invalid input for GitRef\").",
        ),
        (Some(g), false) if g.is_empty() => c.error(
            "/git_ref",
            "required",
            Source::Server,
            "git_ref is empty: give a branch, tag or commit, or set use_latest to true.",
        ),
        (Some(g), true) if !g.is_empty() => c.warn(
            "/git_ref",
            "ignored",
            Source::Lint,
            "With use_latest, Nuon builds the latest commit of a connected repository and replaces git_ref.",
        ),
        _ => {}
    }
    if let Some(g) = r.git_ref.as_deref().filter(|g| !g.is_empty())
        && let Some(problem) = git_ref_problem(g) {
            c.error("/git_ref", "invalid-git-ref", Source::Runtime, format!("\"{g}\" {problem}."));
        }
    c.out
}
