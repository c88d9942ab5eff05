//! What running a build costs: its steps in each backend's order and the seeded duration model.
//!
//! Base durations (seconds), each multiplied by a seeded factor in [0.8, 1.2] unless pinned:
//! tool install 10 + 15 per tool; git clone 8 per repository (+4 with submodules); script 30 + 2
//! per non-empty line (at most 1800); Docker build 90 for the first platform and 135 for each
//! further one (emulated); archive 5. With the build's cache enabled, a build that has already
//! run once installs tools in 20 % and clones in 25 % of the time. Backend overheads are fixed:
//! Nuon initialise 5, outputs 1, cleanup 3; Rainbond executor 1, push 10, image pull 20, retag
//! 1, image push 15; ServiceStage pre- and post-process 2 each, artifact push 10.

use rand_core::RngCore;

use super::cluster::Request;
use super::scenario::{AttemptPin, BuildEntry, DEFAULT_ARCH, ErrorPolicy, JobSpec, StepDurations, StrategySpec, millis};
use crate::model::{Build, ResourcePreset, ResourceSpec};
use crate::target::Target;
use crate::wire::zadig::JobErrorPolicy;

/// The kinds of work a step does, which is what durations can be pinned by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    ToolInstall,
    GitClone,
    Script,
    DockerBuild,
    Archive,
    /// A backend's own fixed overhead (initialise, cleanup, image pull…).
    Overhead,
}

/// One step of an attempt as the backend names it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepTemplate {
    pub name: String,
    pub kind: StepKind,
    /// The repository or platform the step works on, when it has one.
    pub detail: String,
    /// Base duration in milliseconds before jitter and cache.
    pub base: u64,
    /// A fixed overhead is never jittered and never pinned by kind.
    pub fixed: bool,
}

/// The decision Zadig's `manual_check` waits for, which the scenario makes for the person it
/// would ask: a run has no one to ask.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ManualDecision {
    /// `ignore`: the job task reads `unstable`; else `reject`: it keeps its failure.
    pub ignore: bool,
    /// From the failure to the decision.
    pub after_ms: u64,
}

/// What becomes of a failed or timed-out Zadig job task: Zadig's `JobErrorPolicy`, read once
/// from the scenario's word (by the wire type's own reading) with `manual_check`'s decision
/// beside it, so that a job task's end compares no text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OnJobFailure {
    /// The failure stands (Zadig's default; a policy written empty is this one).
    Stop,
    /// The job task runs again, up to the build's `maximum_retry` times.
    Retry,
    /// The failure is reported as `unstable`.
    IgnoreError,
    /// The failure waits for a person's decision, which the scenario gives.
    ManualCheck(ManualDecision),
}

impl OnJobFailure {
    /// The policy a build's scenario entry gives (a word the scenario check refuses reads as
    /// `stop`; a `manual_check` that leaves the decision to its jobs gets `reject` at once,
    /// which each job's own replaces: a scenario with a job of it deciding nothing is refused).
    // Out of line: inlined into `Profile::new`, the wire type's reading moved the event loop's
    // code, and the benchmark took 5–7 % longer in alternating rounds, though it runs once a build.
    #[inline(never)]
    pub(crate) fn of(policy: &ErrorPolicy) -> OnJobFailure {
        match JobErrorPolicy::parse(&policy.policy) {
            JobErrorPolicy::Retry => OnJobFailure::Retry,
            JobErrorPolicy::IgnoreError => OnJobFailure::IgnoreError,
            JobErrorPolicy::ManualCheck => OnJobFailure::ManualCheck(ManualDecision {
                ignore: policy.decision.as_deref() == Some("ignore"),
                after_ms: policy.decision_after.map(millis).unwrap_or(0),
            }),
            JobErrorPolicy::Stop | JobErrorPolicy::Other(_) => OnJobFailure::Stop,
        }
    }

    /// Zadig's policy, as a job task's `error_policy.policy` shows it.
    pub fn policy(self) -> JobErrorPolicy {
        match self {
            OnJobFailure::Stop => JobErrorPolicy::Stop,
            OnJobFailure::Retry => JobErrorPolicy::Retry,
            OnJobFailure::IgnoreError => JobErrorPolicy::IgnoreError,
            OnJobFailure::ManualCheck(_) => JobErrorPolicy::ManualCheck,
        }
    }
}

impl ManualDecision {
    /// The decision on one job's failure: what the job pins, each part in place of the build's.
    pub(crate) fn for_job(self, job: &JobSpec) -> ManualDecision {
        ManualDecision {
            ignore: job.decision.as_deref().map_or(self.ignore, |d| d == "ignore"),
            after_ms: job.decision_after.map_or(self.after_ms, millis),
        }
    }
}

/// Everything about a build the engine needs, read once from the model.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub semantics: Target,
    pub request: Request,
    /// Zadig and ServiceStage: minutes, as the backend interprets the build's timeout.
    pub timeout_ms: u64,
    pub cluster: usize,
    pub strategy: Option<String>,
    pub arch: Option<String>,
    /// (service, module) pairs; one element `("", "")` for backends without services.
    pub services: Vec<(String, String)>,
    /// Steps per service, in order.
    pub steps: Vec<Vec<StepTemplate>>,
    /// How each of those steps' durations is decided when the job pins none (from the build's
    /// pinned durations and whether its cache is enabled, which nothing else reads).
    draws: Vec<Vec<Draw>>,
    pub failure_rate: f64,
    pub error_policy: OnJobFailure,
    pub maximum_retry: u32,
    pub image_build: bool,
    pub component: String,
    /// Zadig: the project the build belongs to, which its task detail names (`project_key`).
    pub project_key: String,
    /// The name the build goes by in its backend (ServiceStage's `job_name`), which the
    /// scenario's entry may rename for its jobs to refer to.
    pub backend_name: String,
    pub nuon: NuonTimeouts,
    /// The tools the build installs ("go 1.22"), which its tool-install step logs.
    pub tools: Vec<String>,
    /// The build script's commands (non-empty lines but comments, the first
    /// [`LOGGED_COMMANDS`]), which its script step logs as written, marked `+` as in a trace.
    pub commands: Vec<String>,
    /// How many commands the script has in all, so a log cut at the first few says how many more.
    pub command_count: usize,
    /// Per service, the repositories it checks out and on which branch: what a job ran is the
    /// first thing asked of it, and its clone step and Zadig job task say so.
    pub repos: Vec<Vec<CheckedOut>>,
    /// Per service, the variables with the values the job runs with (a secret masked), as a
    /// Zadig job task's `spec.envs` shows them: a template build's service gives its own.
    pub envs: Vec<Vec<Env>>,
    /// Nuon: the ref its build request carries (empty when the build gives none); `None` with
    /// `use_latest`, where Nuon records the id of the latest commit instead.
    pub git_ref: Option<String>,
    /// Zadig: Kubernetes refuses the build's pod (a request above its limit, or a negative
    /// size), so each attempt fails as it prepares, where Zadig stored the build without a word.
    pub pod_refused: bool,
}

/// A repository a job checks out, named as Zadig's job task `spec.repos` names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckedOut {
    pub repo_namespace: String,
    pub repo_name: String,
    pub branch: String,
    /// How steps and logs name it: [`repo_name`], or its clone URL (Rainbond's steps).
    #[serde(skip)]
    named: [String; 2],
}

/// A variable as the job runs with it, named as Zadig's `KeyVal` (`spec.envs`): a multi-select's
/// value is its chosen options joined by commas, as they reach the script, a secret's is masked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Env {
    pub key: String,
    pub value: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub is_credential: bool,
}

impl Env {
    /// The variable as `service` runs it: its own input for the variable, if it gives one.
    fn of(v: &crate::model::Variable, service: Option<&crate::model::Service>) -> Env {
        let input = service.and_then(|s| s.inputs.iter().find(|i| i.key == v.key));
        let is_credential = v.is_credential || input.is_some_and(|i| i.is_credential);
        let value = match (input, v.kind.as_str()) {
            (Some(i), "multi-select") => i.value.split(',').map(str::trim).filter(|o| !o.is_empty()).collect::<Vec<_>>().join(","),
            (Some(i), _) => i.value.clone(),
            (None, "multi-select") => v.choice_values.join(","),
            (None, _) => v.default_value.clone(),
        };
        // A secret's value never leaves the scenario: results are downloaded and kept.
        let value = if is_credential && !value.is_empty() { crate::model::MASK.to_string() } else { value };
        Env { key: v.key.clone(), value, kind: v.kind.clone(), is_credential }
    }
}

/// How many of a build script's commands a log shows: a long script would otherwise fill
/// every attempt's log with hundreds of lines.
pub const LOGGED_COMMANDS: usize = 40;

/// A step's duration when the job pins none — the build's pin, a fixed overhead or a seeded
/// draw around its base, cold or with a warm cache — worked out once per build: a capacity run
/// plans a million attempts of the same few steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Draw {
    cold: u64,
    warm: u64,
    /// Whether the duration is the base times a seeded factor in [0.8, 1.2].
    jittered: bool,
}

impl Draw {
    fn of(step: &StepTemplate, pins: &StepDurations, cache: bool) -> Draw {
        if !step.fixed
            && let Some(secs) = pins.of(step.kind)
        {
            let ms = millis(secs);
            return Draw { cold: ms, warm: ms, jittered: false };
        }
        let warm_factor = match (cache, step.kind) {
            (true, StepKind::ToolInstall) => 200,
            (true, StepKind::GitClone) => 250,
            _ => 1000,
        };
        Draw { cold: step.base, warm: step.base * warm_factor / 1000, jittered: !step.fixed }
    }
}

impl StepDurations {
    /// Each duration pinned, by its field's name, the kind of step it sets and its seconds.
    pub(crate) fn pinned(&self) -> impl Iterator<Item = (&'static str, StepKind, f64)> + '_ {
        let fields = [("tool_install", StepKind::ToolInstall), ("git_clone", StepKind::GitClone), ("script", StepKind::Script), ("docker_build", StepKind::DockerBuild), ("archive", StepKind::Archive)];
        fields.into_iter().filter_map(|(field, kind)| self.of(kind).map(|secs| (field, kind, secs)))
    }

    /// The duration pinned for steps of this kind, in seconds (never for a fixed overhead).
    fn of(&self, kind: StepKind) -> Option<f64> {
        match kind {
            StepKind::ToolInstall => self.tool_install,
            StepKind::GitClone => self.git_clone,
            StepKind::Script => self.script,
            StepKind::DockerBuild => self.docker_build,
            StepKind::Archive => self.archive,
            StepKind::Overhead => None,
        }
    }
}

impl Profile {
    /// Whether any of the build's steps is of `kind` and may be pinned (not a fixed overhead).
    pub(crate) fn pins(&self, kind: StepKind) -> bool {
        self.steps.iter().flatten().any(|s| !s.fixed && s.kind == kind)
    }

    /// The most attempts a job of this build makes, and why no more, for a pinned attempt past
    /// them: Zadig's error policy, Nuon's `max_executions`, Rainbond's builder.
    pub(crate) fn attempts_made(&self) -> (u32, String) {
        match self.semantics {
            Target::Zadig if self.error_policy == OnJobFailure::Retry => {
                let n = self.maximum_retry;
                (n + 1, format!("its error policy retries it {}", super::text::counted(u64::from(n), "time", "times")))
            }
            Target::Zadig => (1, format!("its error policy, `{}`, does not retry it", self.error_policy.policy())),
            Target::Nuon => (self.nuon.max_executions, format!("its `max_executions` is {}", self.nuon.max_executions)),
            Target::Rainbond if self.image_build => (2, "Rainbond's builder tries an image build twice at most".into()),
            Target::Rainbond => (1, "Rainbond's builder builds source once".into()),
            Target::ServiceStage => (1, "a ServiceStage build instance runs once".into()),
        }
    }
}

/// Whether a Rainbond build pulls an image (released slot, two attempts) rather than building
/// source: as its scenario entry says, else as its request's `build_type` does.
fn rainbond_image_build(entry: &BuildEntry, build: &Build) -> bool {
    match entry.rainbond.kind.as_deref() {
        Some(kind) => kind == "image",
        None => build.rainbond.build_type.as_deref() == Some("docker_image"),
    }
}

/// The runner job types of Nuon's `build` group, its default (`docker-build`) first.
pub const NUON_BUILD_JOB_TYPES: [&str; 5] = ["docker-build", "container-image-build", "terraform-module-build", "helm-chart-build", "noop-build"];

/// A Nuon runner job's limits in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NuonTimeouts {
    pub runner: usize,
    pub queue: u64,
    pub available: u64,
    pub execution: u64,
    pub overall: u64,
    pub max_executions: u32,
    pub job_type: &'static str,
}

const SECOND: u64 = 1000;

/// How long a step runs that hangs (an attempt pinned to time out): twice the longest timeout
/// a scenario may give, so that its timeout always ends it first.
const HUNG_MS: u64 = 2_000_000_000 * SECOND;

/// The (service, module) pairs a job of the build runs, one pod each: a Zadig build's
/// services, or the build itself when it lists none; one unnamed unit for other backends.
pub fn services_of(name: &str, semantics: Target, build: &Build) -> Vec<(String, String)> {
    if semantics != Target::Zadig {
        vec![(String::new(), String::new())]
    } else if build.services.is_empty() {
        vec![(name.to_string(), name.to_string())]
    } else {
        build.services.iter().map(|s| (s.name.clone(), s.module.clone())).collect()
    }
}

impl Profile {
    /// The Zadig strategy its pods are scheduled by: the one it names, else its cluster's
    /// default one; none for a ServiceStage build, which Zadig's strategies never reach.
    pub fn scheduling_strategy<'a>(&self, strategies: &'a [StrategySpec]) -> Option<&'a StrategySpec> {
        if self.semantics != Target::Zadig {
            return None;
        }
        super::cluster::strategy_for(strategies, self.strategy.as_deref())
    }

    /// Reads a build for the given semantics; `clusters` names the scenario's clusters.
    pub fn new(name: &str, semantics: Target, build: &Build, entry: &BuildEntry, clusters: &[String], runners: &[String], failure_rate: f64) -> Profile {
        // Nuon builds a public repository component at its config's branch, whatever the request says.
        let configured;
        let build = match (&entry.nuon.public_repo, semantics) {
            (Some(config), Target::Nuon) => {
                configured = config.applied_to(build);
                &configured
            }
            _ => build,
        };
        let adv = build.advanced.as_ref();
        // Without advanced settings Zadig runs its `low` preset; with them, the spec as given (a
        // preset's sizes, or `define`), leaving a size of 0 out of the pod: a pod that requests
        // nothing fits any node with room for one more pod. ServiceStage's requests carry no
        // sizes, so its builds run as the `low` preset.
        let low = || ResourcePreset::Low.spec().unwrap_or_default();
        let spec = match adv {
            Some(a) if semantics == Target::Zadig || a.resources != ResourceSpec::default() => a.resources.clone(),
            _ => low(),
        };
        let pick = |req: i64, limit: i64| if req > 0 { req } else { limit.max(0) };
        let pod_refused = semantics == Target::Zadig && spec.refused_by_kubernetes();
        let gpus = spec.gpu_limit.split_once(':').and_then(|(_, q)| q.trim().parse::<i64>().ok()).unwrap_or(0).max(0);
        let request = Request { cpu: pick(spec.cpu_req, spec.cpu_limit), memory: pick(spec.memory_req, spec.memory_limit), gpus };
        let timeout_minutes = match adv {
            None => 60,
            // Zadig runs a timeout of 0 or less as 600 minutes; ServiceStage has no such field,
            // so the console's own default of 60 applies.
            Some(a) if a.timeout_minutes <= 0 && semantics != Target::Zadig => 60,
            Some(a) if a.timeout_minutes <= 0 => 600,
            Some(a) => a.timeout_minutes.min(1_000_000),
        };
        let named = adv.map(|a| a.cluster_name.clone()).unwrap_or_default();
        let wanted_cluster = match semantics {
            // ServiceStage's environment names its cluster by name and by id: either may be the model's.
            Target::ServiceStage if !clusters.contains(&named) => build.servicestage.cluster_id.clone(),
            _ => named,
        };
        let cluster = clusters.iter().position(|c| *c == wanted_cluster).unwrap_or(0);
        // Scheduling strategies are Zadig's (node affinity on its build pods): a ServiceStage
        // build's pod gets none, whatever the model's advanced settings hold.
        let strategy = adv.map(|a| a.strategy_name.clone()).filter(|s| !s.is_empty() && semantics == Target::Zadig);
        let arch = match semantics {
            Target::ServiceStage => Some(if build.servicestage.arch.is_empty() { DEFAULT_ARCH.to_string() } else { build.servicestage.arch.clone() }),
            Target::Rainbond => Some(entry.rainbond.arch.as_deref().and_then(super::scenario::node_arch).unwrap_or(DEFAULT_ARCH).to_string()),
            _ => None,
        };
        let image_build = rainbond_image_build(entry, build);
        let services = services_of(name, semantics, build);
        let repos_of = |i: usize| -> Vec<&crate::model::Repo> {
            match build.services.get(i) {
                Some(s) if semantics == Target::Zadig && !s.repos.is_empty() => s.repos.iter().collect(),
                _ if semantics == Target::Zadig => build.repos.iter().collect(),
                // The other backends' requests send one repository, the build's first.
                _ => build.primary_repo().into_iter().collect(),
            }
        };
        let steps: Vec<Vec<StepTemplate>> =
            services.iter().enumerate().map(|(i, (service, _))| templates(semantics, build, service, &repos_of(i), image_build)).collect();
        let mut repos: Vec<Vec<CheckedOut>> = (0..services.len()).map(|i| repos_of(i).into_iter().map(CheckedOut::of).collect()).collect();
        if semantics == Target::Rainbond {
            // Rainbond's build request defaults an absent branch to `master`.
            repos.iter_mut().flatten().filter(|r| r.branch.is_empty()).for_each(|r| r.branch = "master".into());
        }
        // Nuon builds the ref its request carries (the build's own, else its repository's
        // branch), or, with `use_latest`, the latest commit, whose id it records.
        let git_ref = super::start::takes_git_ref(build, semantics).then(|| super::start::default_git_ref(build));
        if let Some(r) = git_ref.as_ref().filter(|r| !r.is_empty()) {
            repos.iter_mut().flatten().for_each(|repo| repo.branch = r.clone());
        }
        let envs = (0..services.len()).map(|i| build.variables.iter().map(|v| Env::of(v, build.services.get(i))).collect()).collect();
        let nuon = &entry.nuon;
        let job_type = nuon.job_type.as_deref().and_then(|t| NUON_BUILD_JOB_TYPES.into_iter().find(|k| *k == t)).unwrap_or(NUON_BUILD_JOB_TYPES[0]);
        let default_execution = match job_type {
            "docker-build" => 60 * 60,
            "container-image-build" => 15 * 60,
            _ => 5 * 60,
        };
        let queue = nuon.queue_timeout.map(millis).unwrap_or(24 * 3600 * SECOND);
        let available = nuon.available_timeout.map(millis).unwrap_or(30 * SECOND);
        let execution = nuon.execution_timeout.map(millis).unwrap_or(default_execution * SECOND);
        // 0 is refused with the scenario; a floor of 1 keeps the engine whole whatever it is given.
        let max_executions = nuon.max_executions.unwrap_or(1).max(1);
        let overall = match nuon.overall_timeout.map(millis) {
            Some(o) if o > 0 => o,
            // Saturating: a timeout out of range is refused with the scenario, but its capacity
            // warnings are worked out (from this profile) before the scenario is refused.
            _ => queue.saturating_add(u64::from(max_executions).saturating_mul(available.saturating_add(execution))),
        };
        let runner = nuon.runner_in(runners.iter().map(String::as_str));
        let cache = adv.and_then(|a| a.cache.as_ref()).is_some_and(|c| c.enabled);
        let traced: Vec<&str> = traced(build).collect();
        let draws = steps.iter().map(|steps| steps.iter().map(|s| Draw::of(s, &entry.durations, cache)).collect()).collect();
        Profile {
            name: name.to_string(),
            semantics,
            request,
            timeout_ms: timeout_minutes as u64 * 60 * SECOND,
            cluster,
            strategy,
            arch,
            services,
            steps,
            draws,
            failure_rate: entry.failure_rate.unwrap_or(failure_rate),
            error_policy: OnJobFailure::of(&entry.error_policy),
            maximum_retry: entry.error_policy.maximum_retry,
            image_build,
            component: entry.rainbond.component.clone().unwrap_or_else(|| name.to_string()),
            project_key: build.project_key.trim().to_string(),
            backend_name: if build.name.trim().is_empty() { name.to_string() } else { build.name.trim().to_string() },
            nuon: NuonTimeouts { runner, queue, available, execution, overall, max_executions, job_type },
            tools: build.installs.iter().map(|i| format!("{} {}", i.name.trim(), i.version.trim()).trim().to_string()).filter(|t| !t.is_empty()).collect(),
            commands: traced.iter().take(LOGGED_COMMANDS).map(|c| c.to_string()).collect(),
            command_count: traced.len(),
            repos,
            envs,
            git_ref,
            pod_refused,
        }
    }

    /// The branch the job checks `repo` (as steps name it) out on, if it says.
    pub fn branch_of(&self, repo: &str) -> Option<&str> {
        self.repos.iter().flatten().find(|r| r.named.iter().any(|n| n == repo)).map(|r| r.branch.as_str()).filter(|b| !b.is_empty())
    }
}

impl CheckedOut {
    /// How its clone step names it (the step's `detail`).
    pub(crate) fn step_name(&self) -> &str {
        &self.named[0]
    }

    fn of(r: &crate::model::Repo) -> CheckedOut {
        let (namespace, name) = r.namespace_and_name();
        let name = if name.is_empty() { crate::model::url_repo_name(&r.url) } else { name };
        CheckedOut { repo_namespace: namespace.to_string(), repo_name: name.to_string(), branch: r.branch.trim().to_string(), named: [repo_name(r), r.url.clone()] }
    }
}

fn step(name: impl Into<String>, kind: StepKind, detail: impl Into<String>, seconds: u64, fixed: bool) -> StepTemplate {
    StepTemplate { name: name.into(), kind, detail: detail.into(), base: seconds * SECOND, fixed }
}

fn platforms(build: &Build) -> Vec<String> {
    let Some(docker) = &build.docker else { return Vec::new() };
    let listed: Vec<String> = if docker.buildkit {
        docker.platforms.split(',').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
    } else {
        Vec::new()
    };
    if listed.is_empty() { vec!["linux/amd64".into()] } else { listed }
}

/// The build script's commands: its non-empty lines, trimmed.
fn commands(build: &Build) -> impl Iterator<Item = &str> {
    build.script.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// The commands a shell traces as it runs them: comments (and the `#!` line) are not.
fn traced(build: &Build) -> impl Iterator<Item = &str> {
    commands(build).filter(|c| !c.starts_with('#'))
}

fn script_seconds(build: &Build) -> u64 {
    (30 + 2 * commands(build).count() as u64).min(1800)
}

/// How a repository is named in steps and logs, `namespace/name`, its name read from the
/// clone URL when only that was given (ServiceStage's `code_repo` and Rainbond's `repo_url`
/// name no repository).
pub(crate) fn repo_name(r: &crate::model::Repo) -> String {
    match r.namespace_and_name() {
        (_, "") => crate::model::url_repo_name(&r.url).to_string(),
        ("", name) => name.to_string(),
        (namespace, name) => format!("{namespace}/{name}"),
    }
}

/// The steps of one attempt in the backend's order and names.
fn templates(semantics: Target, build: &Build, service: &str, repos: &[&crate::model::Repo], image_build: bool) -> Vec<StepTemplate> {
    let tools = 10 + 15 * build.installs.len() as u64;
    let clone = |r: &crate::model::Repo| 8 + if r.submodules { 4 } else { 0 };
    let mut out = Vec::new();
    let platforms = platforms(build);
    let docker_cost = |i: usize| if i == 0 { 90 } else { 135 };
    match semantics {
        Target::Zadig => {
            let svc = service;
            out.push(step(format!("{svc}-tool-install"), StepKind::ToolInstall, "", tools, false));
            for r in repos {
                out.push(step(format!("{svc}-git"), StepKind::GitClone, repo_name(r), clone(r), false));
            }
            let script = match build.script_type.as_str() {
                "batch_file" => "batchfile",
                "powershell" => "powershell",
                _ => "shell",
            };
            out.push(step(format!("{svc}-{script}"), StepKind::Script, "", script_seconds(build), false));
            if build.docker.is_some() {
                for (i, p) in platforms.iter().enumerate() {
                    out.push(step(format!("{svc}-docker-build"), StepKind::DockerBuild, p.clone(), docker_cost(i), false));
                }
            }
            out.push(step(format!("{svc}-archive"), StepKind::Archive, "", 5, false));
        }
        Target::Nuon => {
            out.push(step("initialize", StepKind::Overhead, "resetting, fetching, validate", 5, true));
            out.push(step("tool-install", StepKind::ToolInstall, "", tools, false));
            for r in repos {
                out.push(step("git-clone", StepKind::GitClone, repo_name(r), clone(r), false));
            }
            out.push(step("execute", StepKind::Script, "", script_seconds(build), false));
            for (i, p) in platforms.iter().enumerate() {
                out.push(step("docker-build", StepKind::DockerBuild, p.clone(), docker_cost(i), false));
            }
            out.push(step("outputs", StepKind::Overhead, "", 1, true));
            out.push(step("cleanup", StepKind::Overhead, "", 3, true));
        }
        Target::Rainbond if image_build => {
            let image = repos.first().map(|r| r.url.clone()).unwrap_or_default();
            out.push(step("pullimage", StepKind::Script, image, 20, true));
            out.push(step("changetag", StepKind::Overhead, "", 1, true));
            out.push(step("push-image", StepKind::Archive, "", 15, true));
        }
        Target::Rainbond => {
            out.push(step("builder-exector", StepKind::Overhead, "", 1, true));
            for r in repos {
                out.push(step("clone-code", StepKind::GitClone, if r.url.is_empty() { repo_name(r) } else { r.url.clone() }, clone(r), false));
            }
            out.push(step("build-code", StepKind::Script, "", script_seconds(build) + tools, false));
            for (i, p) in platforms.iter().enumerate() {
                out.push(step("build-image", StepKind::DockerBuild, p.clone(), docker_cost(i), false));
            }
            out.push(step("push-image", StepKind::Archive, "", 10, true));
        }
        Target::ServiceStage => {
            out.push(step("Init", StepKind::ToolInstall, "", tools, false));
            let download: u64 = repos.iter().map(|r| clone(r)).sum::<u64>().max(2);
            out.push(step("Download", StepKind::GitClone, repos.first().map(|r| repo_name(r)).unwrap_or_default(), download, false));
            out.push(step("PreProcess", StepKind::Overhead, "", 2, true));
            out.push(step("Build", StepKind::Script, "", script_seconds(build), false));
            let docker: u64 = if build.docker.is_some() { (0..platforms.len()).map(docker_cost).sum::<u64>() + 10 } else { 10 };
            out.push(step("Artifact", StepKind::DockerBuild, platforms.join(","), docker, false));
            out.push(step("PostProcess", StepKind::Overhead, "", 2, true));
        }
    }
    out
}

/// What one attempt does: each step's duration and whether (and after which step) it fails.
///
/// Summary runs keep only the outcome and the length (`durations` left empty), so a
/// million-job run allocates nothing per attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attempt {
    pub durations: Vec<u64>,
    /// Index of the step that fails; the attempt ends when it does.
    pub fails_at: Option<usize>,
    /// Milliseconds from the attempt's start to its end (its failing step's end when it fails).
    pub run_ms: u64,
}

impl Attempt {
    /// Milliseconds from the attempt's start to its end (its failing step's end when it fails).
    pub fn length(&self) -> u64 {
        self.run_ms
    }
}

/// Decides an attempt of the build's `service`th service: pinned values first, then the job's
/// pins, then the seeded model.
pub fn attempt(profile: &Profile, service: usize, job: &JobSpec, number: u32, warm: bool, rng: &mut impl RngCore) -> Attempt {
    let mut durations = Vec::new();
    let (fails_at, run_ms) = attempt_into(&mut durations, profile, service, job, number, warm, rng);
    Attempt { durations, fails_at, run_ms }
}

/// [`attempt`] into a reused buffer of step durations; returns the failing step and the length.
pub fn attempt_into(durations: &mut Vec<u64>, profile: &Profile, service: usize, job: &JobSpec, number: u32, warm: bool, rng: &mut impl RngCore) -> (Option<usize>, u64) {
    let service = service.min(profile.steps.len() - 1);
    let steps = &profile.steps[service];
    let pin: Option<&AttemptPin> = job.attempts.get(number as usize);
    durations.clear();
    durations.extend(steps.iter().zip(&profile.draws[service]).map(|(s, draw)| {
        if !s.fixed
            && let Some(secs) = job.durations.of(s.kind)
        {
            return millis(secs);
        }
        let base = if warm { draw.warm } else { draw.cold };
        if draw.jittered { base * (800 + u64::from(rng.next_u32() % 401)) / 1000 } else { base }
    }));
    let outcome = pin.and_then(|p| p.outcome.as_deref()).or(job.outcome.as_deref());
    let fails = match outcome {
        Some(o) => o == "failed",
        None => profile.failure_rate > 0.0 && unit_interval(rng.next_u64()) < profile.failure_rate,
    };
    let fateful = || steps.iter().position(|s| s.kind == StepKind::Script).unwrap_or(steps.len().saturating_sub(1));
    // An attempt pinned to time out hangs at the step a pinned failure fails at, until a
    // timeout ends it: every backend has one, and none a scenario may give reaches this far.
    let hangs = outcome == Some("timeout");
    if hangs && let Some(hung) = durations.get_mut(fateful()) {
        *hung = HUNG_MS;
    }
    let fails_at = fails.then(fateful);
    let last = fails_at.map_or(durations.len(), |i| i + 1).min(durations.len()).min(steps.len());
    // A pinned duration is how long the attempt runs: to its end, or to the end of the step it
    // fails at, so that a pinned failure happens exactly when pinned.
    if !hangs && let Some(total) = pin.and_then(|p| p.duration).or(job.duration).map(millis) {
        scale(&mut durations[..last], &steps[..last], total);
    }
    (fails_at, durations[..last].iter().sum())
}

/// Scales step durations to sum exactly to `total`, keeping their proportions (the steps that
/// run: up to a failing step, the ones after it never start).
fn scale(durations: &mut [u64], steps: &[StepTemplate], total: u64) {
    let weights: Vec<u64> = steps.iter().map(|s| s.base.max(1)).collect();
    let sum: u64 = weights.iter().sum();
    let mut given = 0;
    for (d, w) in durations.iter_mut().zip(&weights) {
        *d = ((u128::from(total) * u128::from(*w)) / u128::from(sum.max(1))) as u64;
        given += *d;
    }
    if let Some(last) = durations.last_mut() {
        *last += total - given.min(total);
    }
}

/// A uniform number in [0, 1) from 53 random bits.
pub fn unit_interval(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Natural logarithm from basic arithmetic only, so native and wasm give identical bits.
///
/// The mantissa is brought into [√½, √2), where the series 2·atanh(s) = 2s·Σ s^2k/(2k+1)
/// reaches full double precision by k = 10 (every generated arrival takes one logarithm).
/// The series is summed by Estrin's scheme, pairs of terms side by side: a handful of
/// dependent steps where Horner's rule chains eleven, which held up each arrival.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if x < f64::MIN_POSITIVE {
        // Subnormal: scale into the normal range first (2^54 is exact).
        return ln(x * 18_014_398_509_481_984.0) - 54.0 * std::f64::consts::LN_2;
    }
    if x.is_infinite() {
        return x;
    }
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut mantissa = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if mantissa > std::f64::consts::SQRT_2 {
        mantissa *= 0.5;
        exponent += 1;
    }
    let s = (mantissa - 1.0) / (mantissa + 1.0);
    // 1/1, 1/3, …, 1/21: the series' coefficients, divided out once.
    const C: [f64; 11] = {
        let mut c = [0.0; 11];
        let mut k = 0;
        while k < 11 {
            c[k] = 1.0 / (2 * k + 1) as f64;
            k += 1;
        }
        c
    };
    let z = s * s;
    let z2 = z * z;
    let z4 = z2 * z2;
    let pair = |k: usize| C[k] + C[k + 1] * z;
    let low = (pair(0) + pair(2) * z2) + (pair(4) + pair(6) * z2) * z4;
    let high = (pair(8) + C[10] * z2) * (z4 * z4);
    let series = low + high;
    2.0 * s * series + exponent as f64 * std::f64::consts::LN_2
}

#[cfg(test)]
mod tests {
    use super::{Env, ln};
    use crate::model::{Service, ServiceInput, Variable};

    #[test]
    fn a_services_multi_select_runs_as_its_options_joined_by_commas() {
        let v = Variable { key: "OPTS".into(), kind: "multi-select".into(), choice_values: vec!["a".into()], ..Variable::default() };
        let service = Service { inputs: vec![ServiceInput { key: "OPTS".into(), value: " a, c ,".into(), ..ServiceInput::default() }], ..Service::default() };
        assert_eq!(Env::of(&v, Some(&service)).value, "a,c", "as the start form's ticks write it, read as the script gets it");
        assert_eq!(Env::of(&v, None).value, "a");
    }

    #[test]
    fn ln_matches_the_standard_library_to_within_rounding() {
        let mut x = 1.0e-310;
        while x < 1.0e300 {
            let (ours, std) = (ln(x), x.ln());
            assert!((ours - std).abs() <= 4.0 * f64::EPSILON * std.abs().max(1.0), "ln({x}) = {ours}, std says {std}");
            x *= 1.37;
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
    }
}
