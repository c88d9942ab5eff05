//! The model ⇄ Rainbond's component build body: the first repository's URL, branch and
//! credentials, plus the (unused) build and server types.

use crate::convert::{Conversion, Losses, note_zadig_only};
use crate::model::{Build, RainbondOptions, Repo};
use crate::wire::rainbond as wire;

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

/// The build body for the build's first repository.
pub fn build_request(build: &Build) -> Conversion<wire::BuildRequest> {
    let mut losses = Losses::default();
    note_zadig_only(build, &mut losses, "Rainbond");
    losses.note(!build.name.is_empty(), "name", "Rainbond names the component in the request path, not in the body");
    losses.note(build.advanced.is_some(), "advanced", "Rainbond takes no cluster, resource or timeout settings per build");
    let repo = build.primary_repo().cloned().unwrap_or_default();
    losses.note(
        !repo.codehost.is_empty() || !repo.namespace.is_empty() || !repo.name.is_empty(),
        "repos/0",
        "Rainbond builds from the repository URL; code host, namespace and name are not sent",
    );
    losses.finish(wire::BuildRequest {
        build_type: build.rainbond.build_type.clone(),
        server_type: build.rainbond.server_type.clone(),
        branch: non_empty(&repo.branch),
        repo_url: non_empty(&repo.url),
        username: non_empty(&repo.username),
        password: non_empty(&repo.password),
    })
}

/// A Rainbond build body as the console's model; nothing is lost.
pub fn from_build_request(r: wire::BuildRequest) -> Build {
    let repo = Repo {
        url: r.repo_url.unwrap_or_default(),
        branch: r.branch.unwrap_or_default(),
        username: r.username.unwrap_or_default(),
        password: r.password.unwrap_or_default(),
        ..Repo::default()
    };
    let repos = if repo == Repo::default() { Vec::new() } else { vec![repo] };
    Build {
        repos,
        rainbond: RainbondOptions { build_type: r.build_type, server_type: r.server_type },
        ..Build::default()
    }
}
