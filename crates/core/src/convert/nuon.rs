//! The model ⇄ Nuon's create-component-build body: a git ref, or "use the latest commit".

use crate::convert::{Conversion, Losses, note_zadig_only};
use crate::model::{Build, NuonOptions};
use crate::wire::nuon as wire;

/// The body; without an explicit git ref, the first repository's branch is built.
pub fn build_request(build: &Build) -> Conversion<wire::CreateBuildRequest> {
    let mut losses = Losses::default();
    note_zadig_only(build, &mut losses, "Nuon");
    losses.note(!build.name.is_empty(), "name", "Nuon names the component in the request path, not in the body");
    losses.note(build.advanced.is_some(), "advanced", "Nuon takes no cluster, resource or timeout settings per build");
    losses.finish(wire::CreateBuildRequest { git_ref: requested_git_ref(build), use_latest: build.nuon.use_latest })
}

/// The `git_ref` the body carries: the build's own, else (unless it builds the latest commit)
/// its first repository's branch; the start form and the simulated run build the same.
pub fn requested_git_ref(build: &Build) -> Option<String> {
    build.nuon.git_ref.clone().or_else(|| build.primary_repo().map(|r| r.branch.clone()).filter(|b| !b.is_empty() && !build.nuon.use_latest))
}

/// A Nuon build body as the console's model; nothing is lost.
pub fn from_build_request(r: wire::CreateBuildRequest) -> Build {
    Build { nuon: NuonOptions { git_ref: r.git_ref, use_latest: r.use_latest }, ..Build::default() }
}
