//! Applying an edited request body back onto the model without touching what that body does
//! not carry: editing the Rainbond JSON must not wipe the build's variables.

use crate::model::{AdvancedSettings, Build, Repo};
use crate::target::Target;

/// `base` with everything `target`'s request carries taken from `edited` (the model read back
/// from an edited request body) and everything else kept.
pub fn apply_request(base: &Build, target: Target, edited: Build) -> Build {
    let mut out = base.clone();
    match target {
        Target::Zadig if edited.is_from_template() => {
            out.name = edited.name;
            out.project_key = edited.project_key;
            out.template_name = edited.template_name;
            out.services = edited.services;
        }
        Target::Zadig => {
            out.name = edited.name;
            out.project_key = edited.project_key;
            out.template_name = None;
            out.services = edited
                .services
                .into_iter()
                .enumerate()
                .map(|(i, mut s)| {
                    // Plain builds send services by name only; keep what a template build had.
                    if let Some(old) = base.services.get(i) {
                        s.repos = old.repos.clone();
                        s.inputs = old.inputs.clone();
                    }
                    s
                })
                .collect();
            out.infrastructure = edited.infrastructure;
            out.build_os = edited.build_os;
            out.installs = edited.installs;
            out.repos = merge_repos(&base.repos, edited.repos, |old, new| {
                // A namespace or name the request took from the clone URL stays derived, as the
                // build had it, unless edited.
                let (namespace, name) = old.namespace_and_name();
                let derived = |given: &str, from_url: &str, new: String| if given.is_empty() && new == from_url { String::new() } else { new };
                Repo {
                    namespace: derived(&old.namespace, namespace, new.namespace),
                    name: derived(&old.name, name, new.name),
                    url: old.url.clone(),
                    provider: old.provider.clone(),
                    username: old.username.clone(),
                    password: old.password.clone(),
                    hidden: old.hidden,
                    ..new
                }
            });
            out.variables = edited
                .variables
                .into_iter()
                .enumerate()
                .map(|(i, mut v)| {
                    v.required = base.variables.get(i).is_some_and(|old| old.required && old.key == v.key);
                    v
                })
                .collect();
            out.script_type = edited.script_type;
            out.script = edited.script;
            out.docker = edited.docker.map(|mut d| {
                d.template_id = base.docker.as_ref().map(|o| o.template_id.clone()).unwrap_or_default();
                d
            });
            out.advanced = edited.advanced;
        }
        Target::Rainbond => {
            out.rainbond = edited.rainbond;
            let repo = edited.repos.into_iter().next().unwrap_or_default();
            set_primary_repo(&mut out, |r| {
                r.url = repo.url;
                r.branch = repo.branch;
                r.username = repo.username;
                r.password = repo.password;
            });
        }
        Target::Nuon => {
            // A git ref equal to the one derived from the first repository stays derived.
            let derived = base.primary_repo().map(|r| r.branch.clone()).filter(|b| !b.is_empty());
            out.nuon.use_latest = edited.nuon.use_latest;
            out.nuon.git_ref = match edited.nuon.git_ref {
                Some(g) if base.nuon.git_ref.is_none() && Some(&g) == derived.as_ref() => None,
                other => other,
            };
        }
        Target::ServiceStage => {
            out.name = edited.name;
            out.description = edited.description;
            out.servicestage = edited.servicestage;
            let cluster = edited.advanced.map(|a| a.cluster_name).unwrap_or_default();
            if !cluster.is_empty() || out.advanced.is_some() {
                out.advanced.get_or_insert_with(AdvancedSettings::default).cluster_name = cluster;
            }
            match edited.repos.into_iter().next() {
                Some(repo) => set_primary_repo(&mut out, |r| {
                    r.provider = repo.provider;
                    r.url = repo.url;
                    r.branch = repo.branch;
                    r.namespace = repo.namespace;
                }),
                None if base.repos.len() == 1 && is_servicestage_only(&base.repos[0]) => out.repos.clear(),
                None => {}
            }
        }
    }
    out
}

fn is_servicestage_only(r: &Repo) -> bool {
    r.codehost.is_empty() && r.name.is_empty() && r.username.is_empty() && r.password.is_empty()
}

fn set_primary_repo(build: &mut Build, edit: impl FnOnce(&mut Repo)) {
    if build.repos.is_empty() {
        build.repos.push(Repo::default());
    }
    edit(&mut build.repos[0]);
    if build.repos.len() == 1 && build.repos[0] == Repo::default() {
        build.repos.clear();
    }
}

fn merge_repos(old: &[Repo], new: Vec<Repo>, keep: impl Fn(&Repo, Repo) -> Repo) -> Vec<Repo> {
    new.into_iter().enumerate().map(|(i, r)| match old.get(i) { Some(o) => keep(o, r), None => r }).collect()
}
