//! The scenario document's parts as its JSON gives them: the infrastructure, the builds and
//! the workload, each with the defaults a field left out takes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::checks::{DEFAULT_ARCH, number_after};
use crate::target::Target;
use crate::wire::zadig::JobErrorPolicy;

/// A whole what-if question: the infrastructure, the builds and the jobs to run on it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// What the scenario is called ("nightly rush"), which its results carry, so that a saved
    /// result or one side of a comparison says which question it answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The question the scenario asks, in its author's words, carried into its results beside
    /// its name: a file passed between people explains itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Seeds every random choice; the same seed gives byte-identical results.
    pub seed: u64,
    pub clusters: Vec<ClusterSpec>,
    /// Nuon runners; a build job goes to the org runner (the first one unless the build names one).
    pub runners: Vec<RunnerSpec>,
    pub zadig: ZadigSettings,
    pub builds: Vec<BuildEntry>,
    /// Zadig build templates (as `/openapi/templates/builds` takes them) that builds made from
    /// a template run with: such a build's tools, script and resources are its template's.
    pub templates: Vec<Value>,
    pub workload: Workload,
    /// Probability in [0, 1] that an attempt fails (at its script step), unless a job pins its outcome.
    pub failure_rate: f64,
}

/// A Kubernetes cluster (or Rainbond region / ServiceStage build cluster) and its nodes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterSpec {
    pub name: String,
    pub nodes: Vec<NodeSpec>,
    /// Zadig scheduling strategies; builds pick one by name, else the `default` one, else `normal`.
    pub strategies: Vec<StrategySpec>,
}

/// One node, or `count` identical nodes named `<name>-1` … `<name>-<count>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NodeSpec {
    pub name: String,
    /// Allocatable CPU in millicores (a Kubernetes quantity string such as `"4"` reads too).
    #[serde(deserialize_with = "crate::simulate::node_size::cpu")]
    pub cpu: i64,
    /// Allocatable memory in MiB (a Kubernetes quantity string such as `"8Gi"` reads too).
    #[serde(deserialize_with = "crate::simulate::node_size::memory")]
    pub memory: i64,
    pub gpus: i64,
    /// `x86_64` or `aarch64` (or Kubernetes' `amd64`, `arm64`, read as those).
    pub arch: String,
    pub labels: BTreeMap<String, String>,
    /// Kubernetes' pod cap (110 by default).
    pub max_pods: i64,
    pub count: u32,
    /// Rainbond: whether this node runs the builder (all nodes do when none says so).
    pub builder: bool,
}

impl NodeSpec {
    /// The name of the row's node `k` (from 0): the row's name alone when it holds one node.
    pub fn node_name(&self, k: u32) -> String {
        if self.count > 1 { format!("{}-{}", self.name, u64::from(k) + 1) } else { self.name.clone() }
    }

    /// Whether one of the row's nodes is called `name`, without naming them all (a row may
    /// hold 100,000).
    pub fn names_node(&self, name: &str) -> bool {
        if self.count <= 1 {
            return name == self.name;
        }
        number_after(name, &self.name).is_some_and(|k| (1..=u64::from(self.count)).contains(&k))
    }
}

impl Default for NodeSpec {
    fn default() -> NodeSpec {
        NodeSpec {
            name: String::new(),
            cpu: 0,
            memory: 0,
            gpus: 0,
            arch: DEFAULT_ARCH.into(),
            labels: BTreeMap::new(),
            max_pods: 110,
            count: 1,
            builder: false,
        }
    }
}

/// A Zadig scheduling strategy: `normal`, `required` or `preferred` with `key:value` node labels.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StrategySpec {
    pub name: String,
    pub strategy: String,
    pub labels: Vec<String>,
    pub default: bool,
}

/// A Nuon runner; an unhealthy one makes its jobs `not-attempted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunnerSpec {
    pub name: String,
    pub healthy: bool,
    /// Its runner group's `SandboxMode` setting: the control plane marks each job `finished`
    /// after a 5 s sleep and no runner runs it, as demo organisations use it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sandbox_mode: bool,
}

impl Default for RunnerSpec {
    fn default() -> RunnerSpec {
        RunnerSpec { name: "org-runner".into(), healthy: true, sandbox_mode: false }
    }
}

/// Zadig's system settings that queue workflow tasks and their jobs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ZadigSettings {
    /// Tasks running at once across the whole system (Zadig's default is 2).
    pub workflow_concurrency: u32,
    /// Jobs running at once inside one task (Zadig's `BuildConcurrency`, default 5).
    pub job_concurrency: u32,
    /// Per-workflow `concurrency_limit` (-1 or absent: unlimited).
    pub workflows: BTreeMap<String, i64>,
}

impl Default for ZadigSettings {
    fn default() -> ZadigSettings {
        ZadigSettings { workflow_concurrency: 2, job_concurrency: 5, workflows: BTreeMap::new() }
    }
}

/// A build the workload can run, given in any shape `buildbay import` reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BuildEntry {
    /// How jobs refer to it; defaults to the build's own name.
    pub name: String,
    /// Whose semantics its jobs follow; defaults to the backend the definition is written for.
    pub semantics: Option<Target>,
    /// The build: a Zadig create request, a Rainbond/Nuon/ServiceStage body, a bundle entry…
    pub definition: Value,
    /// Step durations in seconds by kind, replacing the duration model for this build.
    pub durations: StepDurations,
    pub failure_rate: Option<f64>,
    /// Zadig's error policy for the workflow's build job.
    pub error_policy: ErrorPolicy,
    pub nuon: NuonSettings,
    pub rainbond: RainbondSettings,
}

/// Pinned durations in seconds for each kind of step (each repository, each platform).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StepDurations {
    pub tool_install: Option<f64>,
    pub git_clone: Option<f64>,
    pub script: Option<f64>,
    pub docker_build: Option<f64>,
    pub archive: Option<f64>,
}

/// What Zadig does when the build job fails or times out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ErrorPolicy {
    /// `stop` (default), `retry`, `ignore_error` or `manual_check`.
    pub policy: String,
    pub maximum_retry: u32,
    /// With `manual_check`, what the person Zadig waits for decides: `ignore` (the job task
    /// reads `unstable`) or `reject` (it keeps its failure); the scenario decides for them, as
    /// a run has no one to ask.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// With `manual_check`, the seconds from the failure to that decision, all of which the
    /// task holds its place under the workflow concurrency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_after: Option<f64>,
}

impl ErrorPolicy {
    /// Whether the policy is a word Zadig has (one written empty is its default, `stop`), read
    /// as its wire type reads it.
    pub fn reads(&self) -> bool {
        self.policy.is_empty() || !matches!(JobErrorPolicy::parse(&self.policy), JobErrorPolicy::Other(_))
    }

    /// Whether a failure waits for a person's decision (`manual_check`).
    pub fn is_manual_check(&self) -> bool {
        JobErrorPolicy::parse(&self.policy) == JobErrorPolicy::ManualCheck
    }
}

impl Default for ErrorPolicy {
    fn default() -> ErrorPolicy {
        ErrorPolicy { policy: "stop".into(), maximum_retry: 0, decision: None, decision_after: None }
    }
}

/// Nuon runner-job settings, in seconds (the API carries them as nanoseconds).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NuonSettings {
    pub runner: Option<String>,
    /// `docker-build` (default, 60 min execution timeout) or `container-image-build` (15 min) …
    pub job_type: Option<String>,
    pub queue_timeout: Option<f64>,
    pub available_timeout: Option<f64>,
    pub execution_timeout: Option<f64>,
    /// Absent or 0: queue + max_executions × (available + execution), as Nuon derives it.
    pub overall_timeout: Option<f64>,
    pub max_executions: Option<u32>,
    /// The component's config when it builds a public repository (Nuon's `public_repo` VCS
    /// type), whose branch Nuon builds whatever ref the request carries; absent, a connected
    /// repository, which builds the request's `git_ref` (or, with `use_latest`, the latest commit).
    pub public_repo: Option<PublicRepo>,
}

impl NuonSettings {
    /// Where among the runners (by name, in order) its jobs go: the one it names, else the
    /// first, the org's runner, as Nuon sends a build job to its org's runner group.
    pub(crate) fn runner_in<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> usize {
        self.runner.as_deref().and_then(|r| names.into_iter().position(|x| x == r)).unwrap_or(0)
    }
}

/// A Nuon component's public repository config (`public_git_vcs_config`): Nuon overwrites a
/// build request's `git_ref` with its `branch`, so a build of it shows what it really built.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublicRepo {
    /// The repository, a clone URL or `owner/name`; absent, the build's first repository.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub repo: String,
    pub branch: String,
}

impl PublicRepo {
    /// The build as Nuon runs it for this component: its config's repository (if it names
    /// one) at its config's branch, which the request's `git_ref` is overwritten with.
    pub(crate) fn applied_to(&self, build: &crate::model::Build) -> crate::model::Build {
        let mut build = build.clone();
        let branch = self.branch.trim().to_string();
        let repo = self.repo.trim();
        if !repo.is_empty() {
            let mut configured = crate::model::Repo { branch: branch.clone(), ..crate::model::Repo::default() };
            match repo.split_once('/') {
                Some((namespace, name)) if !repo.contains(':') && !name.contains('/') => (configured.namespace, configured.name) = (namespace.to_string(), name.to_string()),
                _ => configured.url = repo.to_string(),
            }
            build.repos = vec![configured];
        }
        build.nuon = crate::model::NuonOptions { git_ref: Some(branch), use_latest: false };
        build
    }
}

/// How Rainbond builds the component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RainbondSettings {
    /// `source` or `image`; by default from the build (`build_type`, else an image URL, else source).
    pub kind: Option<String>,
    /// The component; defaults to the build's name (one build at a time per component).
    pub component: Option<String>,
    /// `x86_64` (`amd64`) or `aarch64` (`arm64`): some node of the cluster must have it, or
    /// the console refuses the build with 404, and the builder node must match (default x86_64).
    pub arch: Option<String>,
}

/// The jobs to run: listed one by one, generated from arrival rates, or both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workload {
    pub jobs: Vec<JobSpec>,
    pub arrivals: Vec<Arrival>,
}

/// One build job, submitted at a given second, optionally with its run pinned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobSpec {
    /// Defaults to `job-<n>` in submission order.
    pub id: String,
    pub build: String,
    pub submit: f64,
    pub semantics: Option<Target>,
    /// Zadig: the services to build (names); empty builds them all.
    pub services: Vec<String>,
    /// Zadig: the workflow the task belongs to (default `<build>-workflow`).
    pub workflow: Option<String>,
    /// Cancel the job at this second.
    pub cancel_at: Option<f64>,
    /// Each attempt's run time in seconds, from its start to its end, replacing all step durations.
    pub duration: Option<f64>,
    pub durations: StepDurations,
    /// `passed`, `failed` or `timeout` (or a backend's word for one), for every attempt not pinned in `attempts`.
    pub outcome: Option<String>,
    /// Per attempt (first, second, …): outcome, duration and Nuon pick-up delay.
    pub attempts: Vec<AttemptPin>,
    /// Under its build's `manual_check`, this job's decision on a failure (`ignore` or
    /// `reject`), in place of the build's: two runs of one build can be decided apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// The seconds from the failure to the decision, in place of the build's (left out: the
    /// build's, else 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_after: Option<f64>,
}

impl JobSpec {
    /// Whether the job pins anything about its attempts (durations, outcomes, pick-up delays,
    /// the decision on a failure), so the engine keeps its spec beside it.
    pub fn pins_attempts(&self) -> bool {
        self.duration.is_some() || self.durations != StepDurations::default() || self.outcome.is_some() || !self.attempts.is_empty() || self.decision.is_some() || self.decision_after.is_some()
    }
}

/// What one attempt does, pinned so the result can be predicted exactly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttemptPin {
    pub outcome: Option<String>,
    pub duration: Option<f64>,
    /// Nuon: seconds before the runner picks the job up (default 0); at or past the available
    /// timeout the attempt times out.
    pub pickup_delay: Option<f64>,
}

/// Jobs of the listed builds arriving at a steady rate, spaced by seeded exponential gaps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Arrival {
    /// Builds to pick from uniformly; empty means all of the scenario's builds.
    pub builds: Vec<String>,
    pub per_hour: f64,
    /// First possible arrival, in seconds.
    pub from: f64,
    /// No arrival at or after this second.
    pub until: f64,
    /// At most this many jobs (0: no cap).
    pub max_jobs: u64,
}

impl Scenario {
    /// About how many seconds the run takes: until its last expected submission (an arrival
    /// with `max_jobs` stops when it has made them) and an hour more for the last jobs to run.
    pub fn expected_span(&self) -> f64 {
        let w = &self.workload;
        let last_job = w.jobs.iter().map(|j| j.submit).fold(0.0, f64::max);
        let last_arrival = w.arrivals.iter().map(Arrival::expected_end).fold(0.0, f64::max);
        last_job.max(last_arrival).max(0.0) + 3600.0
    }

    /// The same scenario with `extra` more nodes like its first node row's (the first cluster's
    /// that has one): the simplest "what if we had more capacity" question. The row grows, its
    /// new nodes numbered after its last, unless that would rename its one node (`big` would
    /// become `big-1`) or give a new node a name another node has: then the extra nodes are a
    /// row of their own beside it, `<row>-extra`, so that both runs name the same nodes alike
    /// and a comparison is never refused for a clash the scenario did not write.
    pub fn with_extra_nodes(mut self, extra: u32) -> Scenario {
        let Some(cluster) = self.clusters.iter_mut().find(|c| !c.nodes.is_empty()) else { return self };
        let first = cluster.nodes[0].clone();
        // Whether a single node of `rows` is called `<base>-<k>` for a `k` in `numbers`.
        let taken = |rows: &[NodeSpec], base: &str, numbers: std::ops::RangeInclusive<u64>| {
            rows.iter().any(|r| r.count <= 1 && number_after(&r.name, base).is_some_and(|k| numbers.contains(&k)))
        };
        let (count, extra_count) = (u64::from(first.count), u64::from(extra));
        if first.count > 1 && !taken(&cluster.nodes[1..], &first.name, count + 1..=count + extra_count) {
            cluster.nodes[0].count = first.count.saturating_add(extra);
            return self;
        }
        let free = |name: &String| !cluster.nodes.iter().any(|r| &r.name == name) && !taken(&cluster.nodes, name, 1..=extra_count);
        let candidates = (1u64..).map(|k| if k == 1 { format!("{}-extra", first.name) } else { format!("{}-extra{k}", first.name) });
        let name = candidates.take(cluster.nodes.len() + 1).find(free).unwrap_or_default();
        cluster.nodes.insert(1, NodeSpec { name, count: extra, ..first });
        self
    }
}
