//! Capacity lints: what the current cluster model says about a build before it ever runs.

use super::cluster::{Fleet, Request, Selector};
use super::plan::{OnJobFailure, Profile};
use super::scenario::{BuildEntry, ClusterSpec, ErrorPolicy, RunnerSpec, ZadigSettings, nodes_within_limits};
use crate::model::{Build, ResourcePreset, Template};
use crate::target::Target;
use crate::{Diagnostic, Source};

/// Where a lint points in the editor, from the request pointer the lint gives: Zadig's request
/// pointer for Zadig (like validation's findings), the model's own pointer for the other
/// targets — through their own request where it has the field (ServiceStage's architecture),
/// else through Zadig's, whose advanced settings the model keeps for them.
fn at(target: Target, request_path: &str) -> String {
    match target {
        Target::Zadig => request_path.to_string(),
        _ if request_path.starts_with("/environment_setting/") => crate::convert::model_path(target, request_path),
        _ => crate::convert::model_path(Target::Zadig, request_path),
    }
}

/// Warnings for a build against the clusters: a request no node can hold or an architecture no
/// node has (the build would wait until its timeout), a strategy whose labels match no node, a
/// cluster or strategy not defined.
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

/// Everything said of a build beside the Jobs page's Build field before a job of it starts
/// under `target`: its capacity lints on the model's clusters and, for Nuon, what the runner it
/// goes to would do with it.
pub fn start_lints(build: &Build, target: Target, clusters: &[ClusterSpec], runners: &[RunnerSpec]) -> Vec<Diagnostic> {
    let mut found = capacity_lints(build, None, target, clusters);
    found.extend(runner_lints(target, runners));
    found
}

/// What the runner a Nuon job started from the console goes to (the model's first: a stored
/// build names none) will do with it, said before it starts: an unhealthy one turns it away,
/// one in sandbox mode runs nothing. Other semantics run on no runner.
pub fn runner_lints(target: Target, runners: &[RunnerSpec]) -> Vec<Diagnostic> {
    let Some(runner) = runners.first().filter(|_| target == Target::Nuon) else { return Vec::new() };
    let message = if !runner.healthy {
        format!("Runner `{}` is not healthy: Nuon turns this job away `not-attempted` (\"runner is not in a healthy state\") and nothing of the build runs.", runner.name)
    } else if runner.sandbox_mode {
        format!("Runner `{}` is in sandbox mode: Nuon marks this job `finished` after a 5 s sleep (\"success in sandbox mode\") and nothing of the build runs.", runner.name)
    } else {
        return Vec::new();
    };
    vec![Diagnostic::warning("/runners/0", "runner-runs-nothing", Source::Lint, message)]
}

/// The same warnings for every build made from `template`, at the template body's own fields
/// (its `advanced_settings` are the ones those builds run with), placed in `text`, the body
/// they were read from.
pub fn template_lints(template: &Template, text: &str, clusters: &[ClusterSpec]) -> Vec<Diagnostic> {
    let mut found = lints(&template.applied_to(&Build::default()), Target::Zadig, clusters, "a build made from this template");
    crate::diagnostic::place(&mut found, text, |_| true);
    found
}

/// The capacity warnings for `build` as it runs, `subject` naming it in the messages, at the
/// editor's fields.
fn lints(build: &Build, target: Target, clusters: &[ClusterSpec], subject: &str) -> Vec<Diagnostic> {
    let mut found = request_lints(&mut None, build, target, clusters, subject, None);
    for d in &mut found {
        d.path = at(target, &d.path);
    }
    found
}

/// The capacity warnings a scenario's build gets before its run, from the scenario's own
/// clusters: the ones the editor would show, less the unknown cluster or strategy the scenario
/// already says in its own words. `fleet` is made once, on first need, for all of them: a
/// model may hold 100,000 nodes. Paths are pointers into the build's request (Zadig's for the
/// advanced settings), which the caller places in the definition as written. A Zadig build's
/// `policy` (its scenario entry's) says how its timeouts end: retried, or ignored as `unstable`.
pub(crate) fn scenario_lints(fleet: &mut Option<Fleet>, build: &Build, target: Target, clusters: &[ClusterSpec], subject: &str, policy: &ErrorPolicy) -> Vec<Diagnostic> {
    let mut found = request_lints(fleet, build, target, clusters, subject, Some(policy).filter(|_| target == Target::Zadig));
    found.retain(|d| !matches!(d.code.as_str(), "capacity-unknown-cluster" | "capacity-unknown-strategy"));
    found
}

/// The warnings themselves, at request pointers, on `fleet` (made from `clusters` when there is
/// none yet); none for builds that do not run as pods, or a model without nodes; `policy`,
/// where known, words how the timeouts end.
fn request_lints(fleet: &mut Option<Fleet>, build: &Build, target: Target, clusters: &[ClusterSpec], subject: &str, policy: Option<&ErrorPolicy>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if clusters.iter().all(|c| c.nodes.is_empty()) || matches!(target, Target::Nuon | Target::Rainbond) {
        return out;
    }
    // A model over the node limits is refused as it is read, before its nodes are ever made;
    // a fleet already made was within them.
    if fleet.is_none() && !nodes_within_limits(clusters) {
        return out;
    }
    let fleet = fleet.get_or_insert_with(|| Fleet::new(clusters));
    let sentence = crate::import::capitalised(subject);
    let adv = build.advanced.as_ref();
    let names: Vec<String> = clusters.iter().map(|c| c.name.clone()).collect();
    let profile = Profile::new(&build.name, target, build, &BuildEntry::default(), &names, &[], 0.0);
    let info = &fleet.clusters[profile.cluster];
    let wanted = adv.map(|a| a.cluster_name.as_str()).unwrap_or("");
    if !wanted.is_empty() && !clusters.iter().any(|c| c.name == wanted) {
        let held: Vec<&str> = clusters.iter().map(|c| c.name.as_str()).collect();
        let (there, meant) = super::names_held::around("clusters", wanted, &held);
        out.push(Diagnostic::warning("/advanced_settings/cluster_name", "capacity-unknown-cluster", Source::Lint, format!("The cluster model has no cluster `{wanted}`{there}; the simulator runs {subject} on `{}`.{meant}", info.name)));
    }
    let strategy = profile.scheduling_strategy(&info.strategies).cloned();
    if let Some(name) = &profile.strategy
        && let Some(message) = super::cluster::unknown_strategy_message(&info.name, &info.strategies, name, subject)
    {
        out.push(Diagnostic::warning("/advanced_settings/strategy_name", "capacity-unknown-strategy", Source::Lint, message));
    }
    let cluster_name = info.name.clone();
    let timeout = timeout_ending(target, profile.timeout_ms / 60_000, policy);
    // A build for an architecture no node has fits nowhere whatever it requests: said as that,
    // not as a request larger than nodes that are in fact larger.
    if let Some(arch) = profile.arch.as_deref().filter(|a| !info.archs.iter().any(|has| has == a)) {
        let has = if info.archs.is_empty() { "it has no nodes".to_string() } else { format!("its nodes are {}", info.archs.join(", ")) };
        out.push(Diagnostic::warning("/environment_setting/build_os/arch", "capacity-arch-matches-no-node", Source::Lint, format!("{sentence} builds on {arch}, and no node of cluster {cluster_name} is {arch} ({has}); it would wait until {timeout}.")));
        return out;
    }
    let selector = Selector::of(profile.cluster, profile.arch.clone(), strategy.as_ref());
    let group = fleet.group(&selector);
    if let Some(s) = &strategy {
        if s.strategy == "required" && fleet.clusters[profile.cluster].nodes.clone().all(|n| !fleet.admits(group, n)) {
            out.push(Diagnostic::warning("/advanced_settings/strategy_name", "capacity-strategy-matches-no-node", Source::Lint, format!("Strategy `{}` requires labels {} that no node of cluster {cluster_name} has; {subject} would wait until {timeout}.", s.name, s.labels.join(", "))));
            return out;
        }
        if s.strategy == "preferred" && fleet.clusters[profile.cluster].nodes.clone().all(|n| {
            let node = &fleet.nodes[n];
            selector.labels.iter().all(|(k, v)| node.labels.get(k).is_none_or(|x| !v.contains(x)))
        }) {
            out.push(Diagnostic::warning("/advanced_settings/strategy_name", "capacity-strategy-matches-no-node", Source::Lint, format!("Strategy `{}` prefers labels {} that no node of cluster {cluster_name} has; it schedules like `normal`.", s.name, s.labels.join(", "))));
        }
    }
    if !fleet.could_ever_fit(group, profile.request) {
        let r = profile.request;
        let all = fleet.clusters[profile.cluster].nodes.clone();
        // The nodes the build may use (its strategy's and architecture's): a larger node it may
        // not use is no answer to its size.
        let nodes: Vec<_> = all.clone().filter(|n| fleet.admits(group, *n)).map(|n| &fleet.nodes[n]).collect();
        let only = if nodes.len() == all.len() {
            String::new()
        } else {
            // Its architecture is among the cluster's (else it was warned about above), so it
            // narrows the nodes only where the cluster has others.
            let arch = profile.arch.as_deref().filter(|_| fleet.clusters[profile.cluster].archs.len() > 1);
            let by = strategy.as_ref().filter(|s| s.strategy == "required").map(|s| format!("strategy `{}` lets it use", s.name));
            match (arch, by) {
                (Some(a), Some(by)) => format!(" that is {a} and {by}"),
                (Some(a), None) => format!(" that is {a}"),
                (None, Some(by)) => format!(" {by}"),
                (None, None) => " it may use".to_string(),
            }
        };
        let (each, one, largest) = if only.is_empty() { ("each of its", "its one node", "the largest node") } else { ("each of those", "the one such node", "the largest of them") };
        // A build asking for GPUs is told the nodes' GPUs too, and measured by them first.
        let size = |n: &super::cluster::Node| (if r.gpus > 0 { n.capacity.gpus } else { 0 }, n.capacity.cpu, n.capacity.memory);
        let has = |n: &super::cluster::Node| {
            let c = n.capacity;
            if r.gpus > 0 { format!("{}m CPU, {} MiB and {}", c.cpu, c.memory, super::text::counted(c.gpus.max(0) as u64, "GPU", "GPUs")) } else { format!("{}m CPU and {} MiB", c.cpu, c.memory) }
        };
        // The first of the largest, or all of them when they are alike (a row of identical nodes).
        let biggest = match nodes.iter().rev().max_by_key(|n| size(n)) {
            Some(n) if nodes.len() > 1 && nodes.iter().all(|m| size(m) == size(n)) => format!("{each} {} nodes has {}", nodes.len(), has(n)),
            Some(n) if nodes.len() == 1 => format!("{one}, {}, has {}", n.name, has(n)),
            Some(n) => format!("{largest}, {}, has {}", n.name, has(n)),
            None => String::new(),
        };
        let path = if r.gpus > 0 { "/advanced_settings/resource_spec/gpu_limit" } else { "/advanced_settings/resource_spec/cpu_req" };
        let gpus = if r.gpus > 0 { format!(", {} GPU", r.gpus) } else { String::new() };
        out.push(Diagnostic::warning(path, "capacity-request-fits-no-node", Source::Lint, format!("{sentence} requests {}m CPU, {} MiB memory{gpus} — more than any node of cluster {cluster_name}{only} offers ({biggest}). It would wait until {timeout}.", r.cpu, r.memory)));
    }
    out
}

/// How a build that never starts ends, in its backend's words, after "would wait until": a
/// Zadig error policy that retries makes each run wait its timeout, and `ignore_error` reports
/// the timeout as `unstable`, so the warning must not promise a plain `timeout` then.
fn timeout_ending(target: Target, minutes: u64, policy: Option<&ErrorPolicy>) -> String {
    let status = if target == Target::ServiceStage { "Timeout" } else { "timeout" };
    let plain = format!("its timeout ({minutes} min) and end `{status}`");
    let Some(p) = policy else { return plain };
    match OnJobFailure::of(p) {
        OnJobFailure::Retry if p.maximum_retry > 0 => {
            let runs = u64::from(p.maximum_retry) + 1;
            let times = super::text::counted(u64::from(p.maximum_retry), "time", "times");
            format!("{plain} — on each of its {runs} runs, since its error policy retries it {times}: {} min in all", runs * minutes)
        }
        OnJobFailure::IgnoreError => format!("{plain}, which its error policy `ignore_error` turns into `unstable` (its task ends `passed`)"),
        OnJobFailure::ManualCheck(_) if p.decision.is_none() => {
            format!("{plain}, which its error policy `manual_check` holds as `wait_for_manual_error_handling` until each job's decision (`decision` on the job) has it ignored (`unstable`, its task `passed`) or rejected (`timeout`)")
        }
        OnJobFailure::ManualCheck(decision) => {
            let decided = if decision.ignore { "ignored: `unstable`, its task `passed`" } else { "rejected: `timeout`" };
            let after = p.decision_after.map_or_else(|| "at once".to_string(), |s| format!("{} later", super::text::clock(s)));
            format!("{plain}, which its error policy `manual_check` holds as `wait_for_manual_error_handling` until the scenario's decision, {after}, has it {decided}")
        }
        _ => plain,
    }
}

/// How many of the job tasks Zadig's queue settings let run at once the cluster its builds go to
/// by default can hold, so the admin sees Zadig's own sizing rule ("workflow concurrency × job
/// concurrency × a build's size ≤ the cluster's resources") worked out for the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRoom {
    /// The settings' workflow and job concurrency, as the sentence states them.
    pub concurrency: (u32, u32),
    /// Job tasks the settings let run at once (workflow concurrency × job concurrency).
    pub at_once: u64,
    /// The cluster a Zadig build without a `cluster_name` runs on: the model's first.
    pub cluster: String,
    /// Builds at Zadig's `low` preset that fit on its nodes at once (its default strategy's nodes).
    pub room: u64,
}

impl QueueRoom {
    /// Works it out for builds at Zadig's `low` preset, which a build without advanced settings
    /// runs; `None` when the model has no node to hold any.
    pub fn of(zadig: &ZadigSettings, clusters: &[ClusterSpec]) -> Option<QueueRoom> {
        let first = clusters.first().filter(|c| !c.nodes.is_empty() && nodes_within_limits(std::slice::from_ref(*c)))?;
        let low = ResourcePreset::Low.spec().unwrap_or_default();
        let request = Request { cpu: low.cpu_req, memory: low.memory_req, gpus: 0 };
        let mut fleet = Fleet::new(std::slice::from_ref(first));
        let strategy = super::cluster::strategy_for(&first.strategies, None);
        let group = fleet.group(&Selector::of(0, None, strategy));
        let room = fleet.clusters[0]
            .nodes
            .clone()
            .filter(|&n| fleet.admits(group, n))
            .map(|n| {
                let node = &fleet.nodes[n];
                let by_cpu = node.capacity.cpu / request.cpu.max(1);
                let by_memory = node.capacity.memory / request.memory.max(1);
                u64::try_from(by_cpu.min(by_memory).min(node.max_pods)).unwrap_or(0)
            })
            .fold(0u64, u64::saturating_add);
        let at_once = u64::from(zadig.workflow_concurrency).saturating_mul(u64::from(zadig.job_concurrency));
        Some(QueueRoom { concurrency: (zadig.workflow_concurrency, zadig.job_concurrency), at_once, cluster: first.name.clone(), room })
    }

    /// Whether some of the job tasks the settings allow would wait for room on the nodes.
    pub fn overflows(&self) -> bool {
        self.at_once > self.room
    }

    /// The sentence the Zadig settings show beneath them.
    pub fn sentence(&self) -> String {
        let low = ResourcePreset::Low.spec().unwrap_or_default();
        let size = format!("{}m CPU and {} MiB each, Zadig's low preset for a build without advanced settings", low.cpu_req, low.memory_req);
        let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let settings = format!("{} × {} = {}", self.concurrency.0, self.concurrency.1, plural(self.at_once, "job task", "job tasks"));
        let builds = plural(self.room, "such build", "such builds");
        if self.overflows() {
            format!(
                "Up to {settings} may run at once, but cluster {} holds {builds} at a time ({size}): the other {} would start and wait for a node to free up, or until their timeout. Zadig's own sizing rule: workflow concurrency × job concurrency × a build's size ≤ the cluster's resources.",
                self.cluster,
                self.at_once - self.room
            )
        } else {
            format!("Up to {settings} may run at once; cluster {} holds {builds} at a time ({size}).", self.cluster)
        }
    }
}
