//! What a scenario is refused or warned for before it runs: each check names the field, by JSON
//! pointer, and says what would be meant instead.

use std::collections::HashMap;

use serde_json::Value;

use super::{BuildEntry, ClusterSpec, JobSpec, PreparedBuild, RunnerSpec, Scenario, StepDurations, Workload, ZadigSettings, problem};
use crate::model::Build;
use crate::simulate::cluster::Fleet;
use crate::simulate::names_held;
use crate::target::Target;
use crate::{Diagnostic, Source};

/// Fields a job gives that its backend has no use for: the run goes ahead without them, and a
/// finding says so rather than let the user believe they counted.
pub(super) fn check_fields_used(findings: &mut Vec<Diagnostic>, at: &str, job: &JobSpec, build: &PreparedBuild) {
    let semantics = job.semantics.unwrap_or(build.semantics);
    let mut unused = |field: String, what: &str| {
        let message = format!("{what}; this job runs under {}'s rules, so it is left out.", semantics.label());
        findings.push(Diagnostic::warning(field, "field-not-used", Source::Lint, message));
    };
    if semantics != Target::Zadig {
        if !job.services.is_empty() {
            unused(format!("{at}/services"), "`services` picks a Zadig build's services");
        }
        if job.workflow.is_some() {
            unused(format!("{at}/workflow"), "`workflow` names the Zadig workflow a task runs in");
        }
    }
    if semantics == Target::Rainbond && job.cancel_at.is_some() {
        unused(format!("{at}/cancel_at"), "`cancel_at` cancels a job, and Rainbond's API has no way to cancel a build (it runs on)");
    }
    if semantics != Target::Nuon {
        for (a, _) in job.attempts.iter().enumerate().filter(|(_, pin)| pin.pickup_delay.is_some()) {
            unused(format!("{at}/attempts/{a}/pickup_delay"), "`pickup_delay` is how long a Nuon runner takes to pick an attempt up");
        }
    }
}

/// A duration pinned for a kind of step its job never makes (a `git_clone` of a build that
/// checks out nothing, a `docker_build` of one without a Docker step, a step Rainbond's image
/// build does not have) pins nothing: a finding at the field says so, with the steps it makes.
pub(super) fn check_durations_used(findings: &mut Vec<Diagnostic>, at: &str, durations: &StepDurations, profile: &crate::simulate::plan::Profile) {
    // (A value out of range is refused at the field already.)
    for (field, _, _) in durations.pinned().filter(|(_, kind, secs)| !profile.pins(*kind) && seconds_read(*secs)) {
        let steps: Vec<&str> = profile.steps.first().map(|s| s.iter().map(|t| t.name.as_str()).collect()).unwrap_or_default();
        let message = format!("Under {}'s rules build `{}` makes no step that `{field}` sets (its steps: {}), so it pins nothing.", profile.semantics.label(), profile.name, steps.join(", "));
        findings.push(Diagnostic::warning(format!("{at}/{field}"), "duration-not-used", Source::Lint, message));
    }
}

/// An attempt pinned past the most its job can make is never made: the run goes ahead without
/// it, and a finding at the first such pin says how many are made and why (`profile` is the
/// job's build under the job's semantics).
pub(super) fn check_attempts_made(findings: &mut Vec<Diagnostic>, at: &str, job: &JobSpec, profile: &crate::simulate::plan::Profile) {
    let (most, why) = profile.attempts_made();
    if job.attempts.len() > most as usize {
        let made = crate::simulate::text::counted(u64::from(most), "attempt", "attempts");
        let message = format!("This job makes at most {made} ({why}), so attempt {} and any after it are never made.", most + 1);
        findings.push(Diagnostic::warning(format!("{at}/attempts/{most}"), "attempt-never-made", Source::Lint, message));
    }
}

/// The runner a Nuon build's jobs go to ([`super::NuonSettings::runner_in`]), when it is in
/// sandbox mode.
pub(super) fn sandbox_runner<'a>(runners: &'a [RunnerSpec], entry: &BuildEntry) -> Option<&'a RunnerSpec> {
    runners.get(entry.nuon.runner_in(runners.iter().map(|r| r.name.as_str()))).filter(|r| r.sandbox_mode)
}

/// A runner in sandbox mode runs nothing, so a Nuon job on it uses none of its pins (a
/// duration, an outcome, an attempt, a step's duration): a finding at the first says why.
pub(super) fn check_sandbox_pins(findings: &mut Vec<Diagnostic>, at: &str, job: &JobSpec, runner: &RunnerSpec) {
    let pinned = [
        (job.duration.is_some(), "duration"),
        (job.outcome.is_some(), "outcome"),
        (!job.attempts.is_empty(), "attempts"),
        (job.durations != StepDurations::default(), "durations"),
    ];
    if let Some((_, field)) = pinned.iter().find(|(pinned, _)| *pinned) {
        let message = format!("Runner `{}` is in sandbox mode: Nuon marks each of its jobs `finished` after a 5 s sleep and no runner runs it, so this job's `{field}` is never used.", runner.name);
        findings.push(Diagnostic::warning(format!("{at}/{field}"), "sandbox-runs-nothing", Source::Lint, message));
    }
}

/// A Zadig job's services must be its build's: a name that matches none would run nothing and
/// pass at once, which is never what was meant.
pub(super) fn check_services(problems: &mut Vec<Diagnostic>, at: &str, job: &JobSpec, build: &PreparedBuild) {
    if job.semantics.unwrap_or(build.semantics) != Target::Zadig {
        return;
    }
    // The engine runs what `services_of` gives for the build's own semantics: a build read for
    // another backend is one unnamed pod under Zadig's rules, with no service to name.
    let known: Vec<String> =
        crate::simulate::plan::services_of(&build.name, build.semantics, &build.build).into_iter().map(|(service, _)| service).filter(|s| !s.is_empty()).collect();
    let names: Vec<&str> = known.iter().map(String::as_str).collect();
    for (k, service) in job.services.iter().enumerate() {
        if !known.contains(service) {
            let listed = names_held::listed(&names).map_or_else(|| "it names none, so leave `services` out".to_string(), |l| format!("its services: {l}"));
            let meant = names_held::likely_meant(service, &names);
            problems.push(problem(&format!("{at}/services/{k}"), "unknown-service", format!("Build `{}` has no service `{service}` ({listed}).{meant}", build.name)));
        }
    }
}

/// Problems of Zadig's queue settings, at `/zadig/…` pointers: a limit under 1 (or, for one
/// workflow, other than -1) would let no task or job ever start. The cluster form shares them.
pub fn check_zadig_settings(zadig: &ZadigSettings) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if zadig.workflow_concurrency == 0 {
        problems.push(problem("/zadig/workflow_concurrency", "invalid-concurrency", "Workflow concurrency must be at least 1, or no task would ever run.".into()));
    }
    if zadig.job_concurrency == 0 {
        problems.push(problem("/zadig/job_concurrency", "invalid-concurrency", "Job concurrency must be at least 1, or no job would ever run.".into()));
    }
    for (name, limit) in &zadig.workflows {
        // Zadig reads -1 as unlimited and otherwise starts a task only below the limit.
        if *limit == 0 || *limit < -1 {
            let at = crate::pointer::join("/zadig/workflows", name);
            problems.push(problem(&at, "invalid-concurrency", format!("Workflow `{name}` has concurrency limit {limit}: it is -1 (unlimited) or at least 1, or no task of it would ever run.")));
        }
    }
    problems
}

/// Nuon's runners: a build picks one by name, so each needs a name no other has.
pub fn check_runners(runners: &[RunnerSpec]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut named = std::collections::HashSet::new();
    for (r, runner) in runners.iter().enumerate() {
        let at = format!("/runners/{r}/name");
        if runner.name.trim().is_empty() {
            problems.push(problem(&at, "empty-name", "A runner needs a name: a build picks its runner by name.".into()));
        } else if !named.insert(runner.name.as_str()) {
            problems.push(problem(&at, "duplicate-runner", format!("Two runners are named `{}`.", runner.name)));
        }
    }
    problems
}

/// The most nodes a model holds, in a row or in all: each is simulated one by one, and a count
/// of millions would fill the browser's memory before a job ran.
pub const MAX_NODES: u32 = 100_000;

/// Whether every node row of `clusters` holds 1 to [`MAX_NODES`] nodes and all of them at most
/// that many: only then may the nodes be made one by one (for the capacity warnings, say)
/// before the model's own problems are reported.
pub fn nodes_within_limits(clusters: &[ClusterSpec]) -> bool {
    let mut before = 0u64;
    clusters.iter().flat_map(|c| &c.nodes).all(|row| node_count_problem(row.count, &mut before).is_none())
}

/// What is wrong with a row of `count` nodes after `before` nodes of the model (a count out of
/// range, or the row that takes the model past [`MAX_NODES`]), as a code and a message; a
/// count in range is added to `before`.
fn node_count_problem(count: u32, before: &mut u64) -> Option<(&'static str, String)> {
    if count == 0 || count > MAX_NODES {
        return Some(("invalid-count", format!("`count` must be between 1 and {MAX_NODES}, not {count}.")));
    }
    let (was, limit) = (*before, u64::from(MAX_NODES));
    *before += u64::from(count);
    (*before > limit && was <= limit).then(|| ("too-many-nodes", format!("This row takes the model to {} nodes; a model holds at most {MAX_NODES} in all.", *before)))
}

/// Problems of a cluster model on its own (names, capacities, architectures, strategies), at
/// `/clusters/<c>/…` pointers; the Simulator's cluster form shows them next to its fields.
pub fn check_cluster_model(clusters: &[ClusterSpec]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    check_cluster_list(clusters, &mut problems);
    problems
}

/// The cluster model, and that a workload of pod-placed builds has some node to run on.
pub(super) fn check_clusters(scenario: &Scenario, builds: &[PreparedBuild], problems: &mut Vec<Diagnostic>) {
    check_cluster_list(&scenario.clusters, problems);
    let needs_cluster = builds.iter().any(|b| b.semantics != Target::Nuon);
    if needs_cluster && scenario.clusters.iter().all(|c| c.nodes.is_empty()) && (!scenario.workload.jobs.is_empty() || !scenario.workload.arrivals.is_empty()) {
        let named_none = if scenario.clusters.is_empty() {
            // The Simulator's starting scenario names none (the page puts its model in), so a
            // file of it run elsewhere is told where its clusters come from.
            " The scenario names no `clusters`: write them with their `nodes` ({\"clusters\": [{\"name\": \"local\", \"nodes\": [{\"name\": \"n\", \"count\": 3, \"cpu\": 4000, \"memory\": 8192}]}]}); the Simulator runs such a scenario on its cluster model, and saves it as a file with that model in (\"With the cluster model above\")."
        } else {
            ""
        };
        problems.push(problem("/clusters", "no-nodes", format!("Zadig, Rainbond and ServiceStage builds need at least one cluster with nodes.{named_none}")));
    }
}

/// A node size that reads as CPUs or GiB written as bare numbers (`"cpu": 4`, `"memory": 16`),
/// where the scenario counts millicores and MiB: it still runs as written, as a node hardly any
/// pod fits, so a warning at the field says which unit is read and how to write the size meant.
pub(super) fn check_node_units(clusters: &[ClusterSpec], findings: &mut Vec<Diagnostic>) {
    for (c, cluster) in clusters.iter().enumerate() {
        for (n, node) in cluster.nodes.iter().enumerate() {
            let at = |field: &str| format!("/clusters/{c}/nodes/{n}/{field}");
            if (1..=256).contains(&node.cpu) {
                let cpu = node.cpu;
                findings.push(Diagnostic::warning(at("cpu"), "small-node", Source::Lint, format!("`cpu` is millicores: this node has {cpu}m, a small fraction of one CPU, where a build's pod requests hundreds of millicores or more. {cpu} CPUs are written {} (or \"{cpu}\").", cpu * 1000)));
            }
            if (1..=256).contains(&node.memory) {
                let memory = node.memory;
                findings.push(Diagnostic::warning(at("memory"), "small-node", Source::Lint, format!("`memory` is MiB: this node has {memory} MiB, where a build's pod requests a GiB or so. {memory} GiB are written {} (or \"{memory}Gi\").", memory * 1024)));
            }
        }
    }
}

/// A per-workflow limit no Zadig job of the scenario runs under holds nothing, which a limit
/// written for the build's name (`api` where its jobs run in `api-workflow`) would do without
/// a word: a warning at the limit says so, and names the workflow most likely meant.
pub(super) fn check_workflow_limits(scenario: &Scenario, (builds, by_name): (&[PreparedBuild], &HashMap<&str, usize>), findings: &mut Vec<Diagnostic>) {
    if scenario.zadig.workflows.is_empty() {
        return;
    }
    let zadig = |build: &str, semantics: Option<Target>| semantics.or_else(|| by_name.get(build).map(|&b| builds[b].semantics)) == Some(Target::Zadig);
    let mut used = std::collections::BTreeSet::new();
    for job in scenario.workload.jobs.iter().filter(|j| zadig(&j.build, j.semantics)) {
        used.insert(job.workflow.clone().unwrap_or_else(|| format!("{}-workflow", job.build)));
    }
    for arrival in &scenario.workload.arrivals {
        let names: Vec<&str> = if arrival.builds.is_empty() { builds.iter().map(|b| b.name.as_str()).collect() } else { arrival.builds.iter().map(String::as_str).collect() };
        used.extend(names.into_iter().filter(|b| zadig(b, None)).map(|b| format!("{b}-workflow")));
    }
    for name in scenario.zadig.workflows.keys().filter(|name| !used.contains(*name)) {
        let meant = format!("{name}-workflow");
        let hint = if used.contains(&meant) {
            format!("Did you mean `{meant}`? Build `{name}`'s jobs run in that one.")
        } else {
            "A build's jobs run in `<build>-workflow` unless a job names its `workflow`.".to_string()
        };
        let message = format!("No Zadig job of this scenario runs in workflow `{name}`, so its limit holds none. {hint}");
        findings.push(Diagnostic::warning(crate::pointer::join("/zadig/workflows", name), "workflow-limit-not-used", Source::Lint, message));
    }
}

/// The node architectures builds are placed by (ServiceStage's and Rainbond's words for them).
pub const ARCHITECTURES: [&str; 2] = ["x86_64", "aarch64"];

/// The architecture of a node or build that names none: Kubernetes nodes and Rainbond's
/// `get_cluster_nodes_arch` default to amd64, and ServiceStage's `build_os` to x86_64.
pub const DEFAULT_ARCH: &str = ARCHITECTURES[0];

/// The node architecture named in the model's words or in Kubernetes' and Rainbond's
/// (`amd64`, `arm64`: a node's `kubernetes.io/arch`), in any case; `None` for anything else.
pub fn node_arch(arch: &str) -> Option<&'static str> {
    match arch.to_ascii_lowercase().as_str() {
        "x86_64" | "amd64" => Some("x86_64"),
        "aarch64" | "arm64" => Some("aarch64"),
        _ => None,
    }
}

/// Zadig's scheduling strategy kinds: any node, a node matching a label, or preferably one.
pub const STRATEGY_KINDS: [&str; 3] = ["normal", "required", "preferred"];

/// Each cluster, node row and strategy on its own and beside the others (names, sizes,
/// architectures, Zadig's strategy rules).
fn check_cluster_list(clusters: &[ClusterSpec], problems: &mut Vec<Diagnostic>) {
    let mut names = std::collections::BTreeSet::new();
    // Nodes so far over every cluster: each row may hold 100,000, but a thousand such rows
    // would take the fleet past any browser's memory.
    let mut nodes = 0u64;
    for (c, cluster) in clusters.iter().enumerate() {
        if !names.insert(cluster.name.as_str()) {
            problems.push(problem(&format!("/clusters/{c}/name"), "duplicate-cluster", format!("Two clusters are named `{}`.", cluster.name)));
        }
        let mut node_names = std::collections::BTreeSet::new();
        // Rows of several nodes by name: a single node `<row>-<k>` is looked up under `<row>`,
        // not tested against every row (a model may have 100,000 rows).
        let mut numbered = std::collections::HashMap::new();
        for row in cluster.nodes.iter().filter(|row| row.count > 1) {
            numbered.entry(row.name.as_str()).or_insert(row);
        }
        for (n, node) in cluster.nodes.iter().enumerate() {
            let at = format!("/clusters/{c}/nodes/{n}");
            for (field, v) in [("cpu", node.cpu), ("memory", node.memory), ("gpus", node.gpus), ("max_pods", node.max_pods)] {
                if v < 0 {
                    problems.push(problem(&format!("{at}/{field}"), "negative-capacity", format!("`{field}` must be 0 or more, not {v}.")));
                }
            }
            if node_arch(&node.arch).is_none() {
                problems.push(problem(&format!("{at}/arch"), "invalid-arch", format!("Architecture `{}` is none of x86_64 (amd64) and aarch64 (arm64).", node.arch)));
            }
            if let Some((code, message)) = node_count_problem(node.count, &mut nodes) {
                problems.push(problem(&format!("{at}/count"), code, message));
            }
            if !node_names.insert(node.name.as_str()) {
                problems.push(problem(&format!("{at}/name"), "duplicate-node", format!("Two nodes of cluster `{}` are named `{}`.", cluster.name, node.name)));
            } else if node.count <= 1
                && let Some(row) = node.name.rsplit_once('-').and_then(|(base, _)| numbered.get(base)).filter(|row| row.names_node(&node.name))
            {
                // A row of several nodes numbers them `<name>-1`…: a single node may not take one of
                // those names (a row of several is numbered under its own, so it cannot clash).
                let message = format!("A node of row `{}` is already called `{}` (its {} nodes are {}…{}); give this row another name.", row.name, node.name, row.count, row.node_name(0), row.node_name(row.count - 1));
                problems.push(problem(&format!("{at}/name"), "duplicate-node", message));
            }
        }
        let mut defaults = 0;
        let mut named = std::collections::HashSet::new();
        for (s, strategy) in cluster.strategies.iter().enumerate() {
            let at = format!("/clusters/{c}/strategies/{s}");
            // A build names its strategy, so a second of the same name could never be chosen.
            if !named.insert(strategy.name.as_str()) {
                problems.push(problem(&format!("{at}/name"), "duplicate-strategy", format!("Two strategies of cluster `{}` are named `{}`.", cluster.name, strategy.name)));
            }
            // Zadig's `ScheduleStrategy.Validate` refuses a name of more than 15 characters.
            let length = strategy.name.chars().count();
            if length > 15 {
                problems.push(problem(&format!("{at}/name"), "strategy-name-too-long", format!("Strategy name `{}` is {length} characters; Zadig takes at most 15.", strategy.name)));
            }
            match strategy.strategy.as_str() {
                "normal" => {}
                "required" | "preferred" => {
                    if strategy.labels.is_empty() {
                        problems.push(problem(&format!("{at}/labels"), "strategy-without-labels", "node labels is empty: `required` and `preferred` need at least one `key:value` label.".into()));
                    }
                }
                other => problems.push(problem(&format!("{at}/strategy"), "invalid-strategy", format!("Strategy `{other}` is not one of {}.", STRATEGY_KINDS.join(", ")))),
            }
            for (l, label) in strategy.labels.iter().enumerate() {
                if !label.contains(':') {
                    problems.push(problem(&format!("{at}/labels/{l}"), "invalid-label", format!("Label `{label}` should read `key:value`.")));
                }
            }
            defaults += usize::from(strategy.default);
        }
        if defaults > 1 {
            problems.push(problem(&format!("/clusters/{c}/strategies"), "default-strategy-not-unique", "default strategy must be unique.".into()));
        }
    }
}

/// The cluster a build definition (at `at`) names must exist, as Zadig refuses a build whose
/// `cluster_name` it cannot find; a strategy the cluster lacks Zadig drops without a word and
/// schedules by the cluster's default, so the run goes ahead and a finding says so.
pub(super) fn check_cluster_use(clusters: &[ClusterSpec], (at, definition): (&str, &Value), name: &str, build: &Build, problems: &mut Vec<Diagnostic>, findings: &mut Vec<Diagnostic>) {
    let Some(adv) = &build.advanced else { return };
    if adv.cluster_name.is_empty() {
        return;
    }
    // The field itself where the definition is in Zadig's, ServiceStage's or the console's
    // own shape, else the definition.
    let field = |f: &str| {
        ["advanced_settings", "environment_setting", "advanced"]
            .iter()
            .map(|section| format!("/{section}/{f}"))
            .find(|pointer| definition.pointer(pointer).is_some())
            .map_or_else(|| at.to_string(), |pointer| format!("{at}{pointer}"))
    };
    let Some(cluster) = clusters.iter().find(|c| c.name == adv.cluster_name) else {
        let names: Vec<&str> = clusters.iter().map(|c| c.name.as_str()).collect();
        let (there, meant) = names_held::around("clusters", &adv.cluster_name, &names);
        problems.push(problem(&field("cluster_name"), "unknown-cluster", format!("Build `{name}` runs on cluster `{}`, which the scenario does not define{there}.{meant}", adv.cluster_name)));
        return;
    };
    if !adv.strategy_name.is_empty()
        && let Some(message) = crate::simulate::cluster::unknown_strategy_message(&cluster.name, &cluster.strategies, &adv.strategy_name, &format!("build `{name}`"))
    {
        findings.push(Diagnostic::warning(field("strategy_name"), "unknown-strategy", Source::Lint, message));
    }
}

/// A Zadig build whose pod Kubernetes refuses still runs (Zadig stores it without a word), and
/// fails as each job prepares: a finding says why before the run shows it.
pub(super) fn check_pod_resources((at, definition): (&str, &Value), name: &str, semantics: Target, build: &Build, findings: &mut Vec<Diagnostic>) {
    let Some(adv) = build.advanced.as_ref().filter(|a| semantics == Target::Zadig && a.resources.refused_by_kubernetes()) else { return };
    let pointer = "/advanced_settings/resource_spec";
    let field = if definition.pointer(pointer).is_some() { format!("{at}{pointer}") } else { at.to_string() };
    let r = &adv.resources;
    let message = format!(
        "Build `{name}` requests {}m CPU and {} MiB memory against limits of {}m and {} MiB: Kubernetes refuses a request above its limit (or a negative size), so every job of it fails as it prepares.",
        r.cpu_req, r.memory_req, r.cpu_limit, r.memory_limit
    );
    findings.push(Diagnostic::warning(field, "pod-refused", Source::Lint, message));
}

/// What the build editor's capacity lints say of a build, said before the run too (a request
/// no node holds, an architecture no node has, a strategy whose labels match no node): the run
/// shows such a build waiting until its timeout, and the warning says why beforehand. A build
/// made from a template the scenario holds runs with the template's settings, so its warnings
/// stand at its `template_name`; any other at the definition's own field, or the nearest part of
/// it the definition writes. How the wait ends is worded by the entry's error policy.
pub(super) fn check_capacity((fleet, clusters): (&mut Option<Fleet>, &[ClusterSpec]), (at, entry): (&str, &BuildEntry), name: &str, semantics: Target, build: &Build, template: Option<&str>, findings: &mut Vec<Diagnostic>) {
    let definition = &entry.definition;
    // A pod Kubernetes refuses never waits for room: `check_pod_resources` says what it does.
    if semantics == Target::Zadig && build.advanced.as_ref().is_some_and(|a| a.resources.refused_by_kubernetes()) {
        return;
    }
    let subject = match template {
        Some(t) => format!("build `{name}` (by its template `{t}`)"),
        None => format!("build `{name}`"),
    };
    for mut d in crate::simulate::lints::scenario_lints(fleet, build, semantics, clusters, &subject, &entry.error_policy) {
        // The lints point into the build's request (a ServiceStage request carries no sizes, so
        // a size's warning stands at its definition).
        let inside = if template.is_some() { "/template_name".to_string() } else { nearest_written(definition, &d.path) };
        d.path = format!("{at}{inside}");
        findings.push(d);
    }
}

/// `pointer` if the document writes it, else its nearest ancestor that it writes (`""`, the
/// document itself, at the least).
fn nearest_written(document: &Value, pointer: &str) -> String {
    let mut p = pointer;
    while !p.is_empty() && document.pointer(p).is_none() {
        p = p.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
    p.to_string()
}

/// A failure rate is a probability; anything else would make every attempt fail or none.
pub(super) fn check_rate(problems: &mut Vec<Diagnostic>, at: &str, rate: Option<f64>) {
    if let Some(rate) = rate
        && !(0.0..=1.0).contains(&rate) {
            problems.push(problem(at, "invalid-probability", format!("A failure rate is a probability between 0 and 1, not {}.", given(rate))));
        }
}

/// The most jobs a scenario's workload may come to (ten times the benchmark's million): each
/// job's state stays in memory for the run, and a page that runs out of memory dies.
pub const MAX_JOBS: f64 = 1.0e7;

/// The most attempts one job may make in the simulator: a thousand-fold retry of a job that
/// fails at once would never end, or never while the page waits, and no backend runs such.
pub const MAX_ATTEMPTS: u32 = 100;

/// Refuses `field` of the object at `at` when its `value` is over `most`, the most that keeps a
/// job within `MAX_ATTEMPTS`.
pub(super) fn check_attempts(problems: &mut Vec<Diagnostic>, at: &str, field: &str, value: u32, most: u32) {
    if value > most {
        problems.push(problem(&format!("{at}/{field}"), "too-many-attempts", format!("`{field}` can be at most {most} here: the simulator runs at most {MAX_ATTEMPTS} attempts of a job.")));
    }
}

/// A number as a problem quotes it: as written, short (1e300 written out in full would be
/// three hundred digits), so that a list of such problems tells them apart.
pub(super) fn given(n: f64) -> String {
    if n.abs() >= 1.0e15 { format!("{n:e}") } else { n.to_string() }
}

/// Zadig's `manual_check` waits for a person to ignore or reject a failure, and a run has no
/// one to ask: the scenario gives the decision and how long it takes, or the job would wait for
/// ever. Given with another policy, they are left out, with a warning.
pub(super) fn check_manual_decision(problems: &mut Vec<Diagnostic>, findings: &mut Vec<Diagnostic>, at: &str, policy: &super::ErrorPolicy) {
    if !policy.is_manual_check() {
        let why = format!("this build's policy is `{}`", policy_name(policy));
        decision_not_used(findings, at, (policy.decision.is_some(), policy.decision_after.is_some()), &why);
        return;
    }
    // Without a decision here, each job of the build must give its own: `check_decisions_given`.
    check_decision(problems, at, policy.decision.as_deref(), policy.decision_after);
}

/// A decision, the build's or a job's, is `ignore` or `reject`, taken a number of seconds after
/// the failure.
pub(super) fn check_decision(problems: &mut Vec<Diagnostic>, at: &str, decision: Option<&str>, after: Option<f64>) {
    if let Some(other) = decision.filter(|d| !matches!(*d, "ignore" | "reject")) {
        problems.push(problem(&format!("{at}/decision"), "invalid-decision", format!("A decision is `ignore` (the job task reads `unstable`) or `reject` (it keeps its failure), not `{other}`.")));
    }
    check_seconds(problems, &format!("{at}/decision_after"), after);
}

/// A Zadig build under `manual_check` that gives no decision of its own must have one from
/// each of its jobs, or a failed job task would wait for ever: `undecided` lists such builds
/// (their place, name and semantics), and the problem names the first job, or arrival, that
/// gives none.
pub(super) fn check_decisions_given(problems: &mut Vec<Diagnostic>, undecided: &[(usize, String, Target)], workload: &Workload) {
    if undecided.is_empty() {
        return;
    }
    // The first job of each such build that decides nothing, found in one pass over the jobs.
    let by_name: HashMap<&str, usize> = undecided.iter().enumerate().map(|(u, (_, name, _))| (name.as_str(), u)).collect();
    let mut deciding_nothing: Vec<Option<(usize, &JobSpec)>> = vec![None; undecided.len()];
    for (k, j) in workload.jobs.iter().enumerate().filter(|(_, j)| j.decision.is_none()) {
        if let Some(&u) = by_name.get(j.build.as_str())
            && deciding_nothing[u].is_none()
            && j.semantics.unwrap_or(undecided[u].2) == Target::Zadig
        {
            deciding_nothing[u] = Some((k, j));
        }
    }
    for ((i, name, semantics), first) in undecided.iter().zip(deciding_nothing) {
        let arrival = workload.arrivals.iter().position(|a| *semantics == Target::Zadig && (a.builds.is_empty() || a.builds.contains(name)));
        let which = match (first, arrival) {
            (Some((k, j)), _) => format!("job `{}` (/workload/jobs/{k}) gives none", if j.id.is_empty() { "without an id" } else { j.id.as_str() }),
            (None, Some(a)) => format!("the jobs the arrivals at /workload/arrivals/{a} make give none"),
            (None, None) => continue,
        };
        problems.push(problem(
            &format!("/builds/{i}/error_policy/policy"),
            "decision-missing",
            format!("Under `manual_check` a failed or timed-out job task waits, as `wait_for_manual_error_handling`, until a person ignores or rejects the failure, and a run has no one to ask: give the decision, `\"decision\": \"ignore\"` (the job task reads `unstable`) or `\"reject\"` (it keeps its failure), and `\"decision_after\"`, the seconds it takes (0 if left out), here or on each job of build `{name}`; {which}."),
        ));
    }
}

/// A job's own decision is read only where its build's error policy is `manual_check` and the
/// job runs under Zadig's rules; elsewhere it is left out, with a warning.
pub(super) fn check_job_decision_used(findings: &mut Vec<Diagnostic>, at: &str, job: &JobSpec, policy: Option<&super::ErrorPolicy>, semantics: Target) {
    let why = match policy {
        _ if semantics != Target::Zadig => format!("this job runs under {}'s rules, which have no error policy", semantics.label()),
        Some(p) if !p.is_manual_check() => format!("its build's policy is `{}`", policy_name(p)),
        _ => return,
    };
    decision_not_used(findings, at, (job.decision.is_some(), job.decision_after.is_some()), &why);
}

/// The policy that runs: one written empty is Zadig's default, `stop`.
fn policy_name(policy: &super::ErrorPolicy) -> &str {
    if policy.policy.is_empty() { "stop" } else { policy.policy.as_str() }
}

/// Warns at `decision` and `decision_after` of the object at `at`, where given, that nothing
/// reads them, and `why`.
fn decision_not_used(findings: &mut Vec<Diagnostic>, at: &str, (decision, after): (bool, bool), why: &str) {
    for (field, given) in [("decision", decision), ("decision_after", after)] {
        if given {
            let message = format!("`{field}` is for the decision a person makes under the error policy `manual_check`, and {why}: it is left out.");
            findings.push(Diagnostic::warning(format!("{at}/{field}"), "decision-not-used", Source::Lint, message));
        }
    }
}

/// A time in seconds must be a finite, non-negative number within about thirty years.
pub(super) fn check_seconds(problems: &mut Vec<Diagnostic>, at: &str, seconds: Option<f64>) {
    if let Some(s) = seconds
        && !seconds_read(s) {
            problems.push(problem(at, "invalid-seconds", format!("Give a number of seconds between 0 and 1000000000, not {}.", given(s))));
        }
}

/// Whether a scenario's number of seconds is one it takes: 0 to a billion (31 years).
fn seconds_read(s: f64) -> bool {
    s.is_finite() && (0.0..=1.0e9).contains(&s)
}

/// A Nuon timeout is seconds in the scenario, where Nuon's API gives nanoseconds: a value too
/// large for seconds that reads as whole seconds in nanoseconds is most likely copied from
/// the API, and the answer says what to write.
pub(super) fn check_nuon_timeout(problems: &mut Vec<Diagnostic>, at: &str, seconds: Option<f64>) {
    match seconds {
        Some(ns) if !seconds_read(ns) && ns > 0.0 && ns <= 1.0e18 && ns % 1.0e9 == 0.0 => {
            let s = ns / 1.0e9;
            problems.push(problem(at, "invalid-seconds", format!("Give a number of seconds between 0 and 1000000000, not {}: that is nanoseconds, as Nuon's API gives its timeouts; in the scenario's seconds it is {s}.", given(ns))));
        }
        _ => check_seconds(problems, at, seconds),
    }
}

/// A public repository's config must name its branch, the one Nuon builds (`i` is the entry's place).
pub(super) fn check_public_repo_branch(problems: &mut Vec<Diagnostic>, i: usize, entry: &BuildEntry) {
    if entry.nuon.public_repo.as_ref().is_some_and(|c| c.branch.trim().is_empty()) {
        let why = "A public repository's config names the branch Nuon builds: give it, {\"public_repo\": {\"branch\": \"main\"}}.";
        problems.push(problem(&format!("/builds/{i}/nuon/public_repo/branch"), "required", why.to_string()));
    }
}

/// Nuon overwrites the `git_ref` of a build of a public repository with its config's branch
/// (and builds no latest commit of it): where the request asks for something else, a warning
/// at what it asks says what the build records instead.
pub(super) fn check_public_repo_ref(findings: &mut Vec<Diagnostic>, (i, entry): (usize, &BuildEntry), semantics: Target, build: &Build) {
    let Some(config) = entry.nuon.public_repo.as_ref().filter(|c| semantics == Target::Nuon && !c.branch.trim().is_empty()) else { return };
    let branch = config.branch.trim();
    let at = format!("/builds/{i}/definition");
    let written = |key: &str| entry.definition.get(key).is_some();
    let said = format!("Nuon builds this public repository at its config's branch, `{branch}`, whatever the request says");
    let (field, message) = if build.nuon.use_latest {
        let field = if written("use_latest") { format!("{at}/use_latest") } else { format!("/builds/{i}/nuon/public_repo/branch") };
        (field, format!("{said}: `use_latest` builds the latest commit of a connected repository only, so the build records `{branch}`, not a commit."))
    } else {
        match crate::convert::nuon::requested_git_ref(build).filter(|r| r.trim() != branch && !r.trim().is_empty()) {
            Some(asked) if written("git_ref") => (format!("{at}/git_ref"), format!("{said}: it overwrites this git_ref, `{asked}`, and the build records `{branch}`.")),
            Some(asked) => (format!("/builds/{i}/nuon/public_repo/branch"), format!("{said}: not `{asked}`, the branch the build's repository gives its request, and the build records `{branch}`.")),
            None => return,
        }
    };
    findings.push(Diagnostic::warning(field, "public-repo-ref-overwritten", Source::Lint, message));
}

/// Each pinned step duration is a number of seconds, like every other time in a scenario.
pub(super) fn check_durations(problems: &mut Vec<Diagnostic>, at: &str, durations: &StepDurations) {
    let StepDurations { tool_install, git_clone, script, docker_build, archive } = durations;
    for (field, seconds) in [("tool_install", tool_install), ("git_clone", git_clone), ("script", script), ("docker_build", docker_build), ("archive", archive)] {
        check_seconds(problems, &format!("{at}/{field}"), *seconds);
    }
}

/// A job's id names it in the results and in other jobs' wait reasons ("runner busy with job
/// x"), so it must name one job: not another listed job's, nor the `job-<n>` that a job without
/// an id gets by its place in submission order (with arrivals, that place depends on the seed).
pub(super) fn check_job_ids(problems: &mut Vec<Diagnostic>, workload: &Workload) {
    let jobs = &workload.jobs;
    // Listed jobs are numbered in submission order, the earlier listed first at the same second.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by(|a, b| jobs[*a].submit.total_cmp(&jobs[*b].submit));
    let mut first: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (i, job) in jobs.iter().enumerate().filter(|(_, j)| !j.id.is_empty()) {
        let at = format!("/workload/jobs/{i}/id");
        if let Some(earlier) = first.get(job.id.as_str()) {
            problems.push(problem(&at, "duplicate-job-id", format!("Job id `{}` is already the id of /workload/jobs/{earlier}; each job needs its own.", job.id)));
            continue;
        }
        first.insert(&job.id, i);
        let Some(n) = number_after(&job.id, "job").and_then(|n| usize::try_from(n).ok()) else { continue };
        let message = if !workload.arrivals.is_empty() {
            Some(format!("Jobs without an id, generated ones included, are called `job-<n>` in submission order, so `{}` could name another job; give this job another id.", job.id))
        } else {
            order.get(n - 1).filter(|k| **k != i && jobs[**k].id.is_empty()).map(|k| {
                format!("`{}` is the name of the {} job submitted, /workload/jobs/{k}, which has no id of its own; give this job another id.", job.id, ordinal_word(n))
            })
        };
        if let Some(message) = message {
            problems.push(problem(&at, "taken-job-id", message));
        }
    }
}

/// `n` when `name` reads `<base>-<n>` (n from 1, written without leading zeros), as numbered
/// nodes and jobs without an id (`job-<n>`) are named.
pub(crate) fn number_after(name: &str, base: &str) -> Option<u64> {
    let digits = name.strip_prefix(base)?.strip_prefix('-')?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// "1st", "2nd", "3rd", "11th"…, for messages.
fn ordinal_word(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A pinned outcome is `passed`, `failed` or `timeout`, the three an attempt can be pinned to,
/// or a backend's word for one ([`outcome_word`]); an attempt pinned to time out runs until its
/// timeout, so a `duration` pinned beside it (`at` is the pin's place) could only contradict it.
pub(super) fn check_outcome(problems: &mut Vec<Diagnostic>, at: &str, outcome: Option<&str>, duration: Option<f64>) {
    match outcome.map(outcome_word) {
        Some(Err(why)) => problems.push(problem(&format!("{at}/outcome"), "invalid-outcome", why)),
        Some(Ok("timeout")) if duration.is_some() => problems.push(problem(
            &format!("{at}/duration"),
            "duration-with-timeout",
            "An attempt pinned to time out (`outcome` `timeout`) runs until its build's timeout ends it, so a `duration` beside it says nothing: drop one of the two (a `duration` longer than the timeout times out too).".into(),
        )),
        _ => {}
    }
}

/// The outcome an attempt is pinned to, `passed`, `failed` or `timeout`, from those words or a
/// backend's own for them (Rainbond's `success` and `failure`, Nuon's `finished` and
/// `timed-out`, ServiceStage's `Successful`, `Failed` and `Timeout`, in any case): a scenario
/// pins a Nuon job's outcome in Nuon's words as readily as in Zadig's. A cancel is not an
/// outcome an attempt is pinned to, and the answer says what gives one.
pub(crate) fn outcome_word(word: &str) -> Result<&'static str, String> {
    match word.to_ascii_lowercase().as_str() {
        "passed" | "pass" | "success" | "successful" | "succeeded" | "finished" | "active" => Ok("passed"),
        "failed" | "fail" | "failure" | "error" => Ok("failed"),
        "timeout" | "timed-out" | "timed_out" => Ok("timeout"),
        "cancelled" | "canceled" | "cancel" => Err(format!("Outcome `{word}` is not one an attempt is pinned to: give the job a `cancel_at`, and it is cancelled then.")),
        // Statuses a run comes to by its build's settings rather than by one attempt's end.
        "unstable" => Err(format!("Outcome `{word}` is not one an attempt is pinned to: a Zadig job is `unstable` when it fails under its build's `ignore_error` policy, so pin `failed` and give its build, beside its `definition`, {{\"error_policy\": {{\"policy\": \"ignore_error\"}}}}.")),
        "not-attempted" | "not_attempted" => Err(format!("Outcome `{word}` is not one an attempt is pinned to: a Nuon job is `not-attempted` when its runner takes it after its `queue_timeout`, or its runner is not healthy (`\"healthy\": false` on the runner).")),
        _ => Err(format!("Outcome `{word}` is not `passed`, `failed` or `timeout` (nor a backend's own word for one, such as `success`, `finished`, `failure` or `timed-out`).")),
    }
}
