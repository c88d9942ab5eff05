//! Capacity lints: what the current cluster model says about a build before it ever runs.

use super::cluster::{Fleet, Selector};
use super::plan::Profile;
use super::scenario::{BuildEntry, ClusterSpec};
use crate::model::{Build, Template};
use crate::target::Target;
use crate::{Diagnostic, Source};

/// Where a lint points: Zadig's request pointer for Zadig (like validation's findings), the
/// model's own pointer for the other targets, whose requests have no such fields.
fn at(target: Target, zadig_path: &str) -> String {
    if target == Target::Zadig { zadig_path.to_string() } else { crate::convert::model_path(Target::Zadig, zadig_path) }
}

/// Warnings for a build against the clusters: a request no node can hold (the build would wait
/// until its timeout), a strategy whose labels match no node, a cluster or strategy not defined.
/// Only Zadig and ServiceStage builds run as pods placed by their requests: a Nuon build runs on
/// its runner and a Rainbond build in a builder's slot, whatever it requests. A build made from
/// a template runs with the template's settings, never its own, so it is checked by `template`
/// (the one it names, when stored; without it there is nothing to check, and validation already
/// says the template is unknown), each warning placed at the build's `template_name`.
pub fn capacity_lints(build: &Build, template: Option<&Template>, target: Target, clusters: &[ClusterSpec]) -> Vec<Diagnostic> {
    let Some(name) = build.template_name.as_deref() else { return lints(build, target, clusters, "this build") };
    let Some(template) = template.filter(|t| t.name == name) else { return Vec::new() };
    let mut found = lints(&template.applied_to(build), target, clusters, &format!("this build (by its template `{name}`)"));
    for d in &mut found {
        d.path = at(target, "/template_name");
    }
    found
}

/// The same warnings for every build made from `template`, at the template body's own fields
/// (its `advanced_settings` are the ones those builds run with), placed in `text`, the body
/// they were read from.
pub fn template_lints(template: &Template, text: &str, clusters: &[ClusterSpec]) -> Vec<Diagnostic> {
    let mut found = lints(&template.applied_to(&Build::default()), Target::Zadig, clusters, "a build made from this template");
    for d in &mut found {
        d.position = crate::pointer::locate(text, &d.path);
    }
    found
}

/// The capacity warnings for `build` as it runs, `subject` naming it in the messages.
fn lints(build: &Build, target: Target, clusters: &[ClusterSpec], subject: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let sentence = crate::import::capitalised(subject);
    if clusters.iter().all(|c| c.nodes.is_empty()) || matches!(target, Target::Nuon | Target::Rainbond) {
        return out;
    }
    let adv = build.advanced.as_ref();
    let names: Vec<String> = clusters.iter().map(|c| c.name.clone()).collect();
    let profile = Profile::new(&build.name, target, build, &BuildEntry::default(), &names, &[], 0.0);
    let mut fleet = Fleet::new(clusters);
    let info = &fleet.clusters[profile.cluster];
    let wanted = adv.map(|a| a.cluster_name.as_str()).unwrap_or("");
    if !wanted.is_empty() && !clusters.iter().any(|c| c.name == wanted) {
        out.push(Diagnostic::warning(at(target, "/advanced_settings/cluster_name"), "capacity-unknown-cluster", Source::Lint, format!("The cluster model has no cluster `{wanted}`; the simulator runs {subject} on `{}`.", info.name)));
    }
    let strategy = super::cluster::strategy_for(&info.strategies, profile.strategy.as_deref()).cloned();
    if let Some(name) = &profile.strategy
        && let Some(message) = super::cluster::unknown_strategy_message(&info.name, &info.strategies, name, subject)
    {
        out.push(Diagnostic::warning(at(target, "/advanced_settings/strategy_name"), "capacity-unknown-strategy", Source::Lint, message));
    }
    let cluster_name = info.name.clone();
    let selector = Selector::of(profile.cluster, profile.arch.clone(), strategy.as_ref());
    let group = fleet.group(&selector);
    if let Some(s) = &strategy {
        if s.strategy == "required" && fleet.clusters[profile.cluster].nodes.clone().all(|n| !fleet.admits(group, n)) {
            out.push(Diagnostic::warning(at(target, "/advanced_settings/strategy_name"), "capacity-strategy-matches-no-node", Source::Lint, format!("Strategy `{}` requires labels {} that no node of cluster {cluster_name} has; {subject} would wait until its timeout ({} min) and end `timeout`.", s.name, s.labels.join(", "), profile.timeout_ms / 60_000)));
            return out;
        }
        if s.strategy == "preferred" && fleet.clusters[profile.cluster].nodes.clone().all(|n| {
            let node = &fleet.nodes[n];
            selector.labels.iter().all(|(k, v)| node.labels.get(k).is_none_or(|x| !v.contains(x)))
        }) {
            out.push(Diagnostic::warning(at(target, "/advanced_settings/strategy_name"), "capacity-strategy-matches-no-node", Source::Lint, format!("Strategy `{}` prefers labels {} that no node of cluster {cluster_name} has; it schedules like `normal`.", s.name, s.labels.join(", "))));
        }
    }
    if !fleet.could_ever_fit(group, profile.request) {
        let r = profile.request;
        let nodes: Vec<_> = fleet.clusters[profile.cluster].nodes.clone().map(|n| &fleet.nodes[n]).collect();
        let size = |n: &super::cluster::Node| (n.capacity.cpu, n.capacity.memory);
        // The first of the largest, or all of them when they are alike (a row of identical nodes).
        let largest = nodes.iter().rev().max_by_key(|n| size(n));
        let biggest = match largest {
            Some(n) if nodes.len() > 1 && nodes.iter().all(|m| size(m) == size(n)) => format!("each of its {} nodes has {}m CPU and {} MiB", nodes.len(), n.capacity.cpu, n.capacity.memory),
            Some(n) if nodes.len() == 1 => format!("its one node, {}, has {}m CPU and {} MiB", n.name, n.capacity.cpu, n.capacity.memory),
            Some(n) => format!("the largest node, {}, has {}m CPU and {} MiB", n.name, n.capacity.cpu, n.capacity.memory),
            None => String::new(),
        };
        let path = if r.gpus > 0 { "/advanced_settings/resource_spec/gpu_limit" } else { "/advanced_settings/resource_spec/cpu_req" };
        out.push(Diagnostic::warning(at(target, path), "capacity-request-fits-no-node", Source::Lint, format!("{sentence} requests {}m CPU, {} MiB memory{} — more than any node of cluster {cluster_name} offers ({biggest}). It would wait until its timeout ({} min) and end `timeout`.", r.cpu, r.memory, if r.gpus > 0 { format!(", {} GPU", r.gpus) } else { String::new() }, profile.timeout_ms / 60_000)));
    }
    out
}
