//! Zadig's model (zadig-api.md §5.5, peer-apis.md §4): workflow tasks queue system-wide and per
//! workflow, oldest first; each runs a job task per service, at most `job_concurrency` at once;
//! each job task's pod is placed as Kubernetes places it, by requests and the pod cap, on a node
//! its strategy admits (`required`), the best scored (`preferred` first, then the most left, as
//! the engine documents its scoring), or waits, oldest first, for room, its reason told again
//! whenever a pod leaves a node (the scheduler's retry). ServiceStage builds
//! share the nodes: a pod each, Zadig's `low` request, no strategy, 60 minutes from submission.

use super::*;

/// A row of identical nodes, labelled `pool: a` or `pool: b` or not at all.
#[derive(Debug, Clone)]
struct NodeRow {
    count: usize,
    cpu: i64,
    memory: i64,
    max_pods: i64,
    pool: Option<&'static str>,
}

/// What Zadig does when a job task fails or times out.
#[derive(Debug, Clone, Copy)]
enum Policy {
    Stop,
    IgnoreError,
    Retry(u32),
    /// Held for a person, who ignores (`true`) or rejects the failure so many ms later.
    ManualCheck(bool, u64),
}

/// A build: its pod's requests (its limits a little above), its timeout in minutes (none: 60),
/// its error policy, how many services it builds and whether it names the cluster's strategy;
/// or a ServiceStage build, whose pod asks Zadig's `low` preset and which none of those reach.
#[derive(Debug, Clone)]
struct Build {
    cpu: i64,
    memory: i64,
    headroom: i64,
    timeout: Option<i64>,
    policy: Policy,
    services: usize,
    strategy: bool,
    servicestage: bool,
}

/// A random Zadig scenario: nodes, the queue's limits, builds and their jobs.
#[derive(Debug, Clone)]
pub(super) struct Case {
    rows: Vec<NodeRow>,
    /// The cluster's strategy `pool` on label `pool: a`: `required` (`true`) or `preferred`.
    required: bool,
    workflow_concurrency: usize,
    job_concurrency: usize,
    /// Per-workflow limits, -1 for none, over `b<i>-workflow` and `shared`.
    limits: Vec<(String, i64)>,
    builds: Vec<Build>,
    /// Each job, and whether it runs in the `shared` workflow rather than its build's own.
    jobs: Vec<(PinnedJob, bool)>,
}

/// Draws a Zadig case (shrinking toward fewer, simpler parts).
pub(super) fn case() -> impl Strategy<Value = Case> {
    let pool = proptest::option::weighted(0.6, prop_oneof![Just("a"), Just("b")]);
    let row = (1usize..4, 2u8..17, 1u8..17, 1i64..6, pool).prop_map(|(count, cpu, memory, max_pods, pool)| NodeRow { count, cpu: i64::from(cpu) * 500, memory: i64::from(memory) * 1024, max_pods, pool });
    let manual = (proptest::bool::ANY, 0u64..600_000).prop_map(|(ignore, after)| Policy::ManualCheck(ignore, after));
    let policy = prop_oneof![Just(Policy::Stop), Just(Policy::IgnoreError), (0u32..4).prop_map(Policy::Retry), manual];
    let build = (1u8..25, 1u8..49, 0u8..2, proptest::option::weighted(0.8, 1i64..21), policy, prop_oneof![2 => Just(1usize), 1 => 2usize..4], proptest::bool::weighted(0.4), proptest::bool::weighted(0.15))
        .prop_map(|(cpu, memory, headroom, timeout, policy, services, strategy, servicestage)| {
            let zadig = Build { cpu: i64::from(cpu) * 250, memory: i64::from(memory) * 256, headroom: i64::from(headroom) * 500, timeout, policy, services, strategy, servicestage };
            if servicestage { Build { cpu: 1000, memory: 1024, headroom: 0, timeout: None, policy: Policy::Stop, services: 1, strategy: false, servicestage } } else { zadig }
        });
    let limit = proptest::option::weighted(0.4, prop_oneof![Just(1i64), Just(2), Just(3), Just(-1)]);
    (proptest::collection::vec(row, 1..4), proptest::bool::ANY, 1usize..5, prop_oneof![Just(1usize), Just(2), Just(5)], proptest::collection::vec(build, 1..5), proptest::collection::vec(limit, 5))
        .prop_flat_map(|(rows, required, workflow_concurrency, job_concurrency, builds, limits)| {
            let names = (0..builds.len()).map(|b| format!("b{b}-workflow")).chain(["shared".to_string()]);
            let limits: Vec<(String, i64)> = names.zip(limits).filter_map(|(name, limit)| limit.map(|l| (name, l))).collect();
            let jobs = proptest::collection::vec((pinned_job(builds.len(), 600_000, 900_000), proptest::bool::weighted(0.2)), 1..25);
            (Just(rows), Just(required), Just(workflow_concurrency), Just(job_concurrency), Just(builds), Just(limits), jobs)
        })
        .prop_map(|(rows, required, workflow_concurrency, job_concurrency, builds, limits, jobs)| Case { rows, required, workflow_concurrency, job_concurrency, limits, builds, jobs })
}

impl Case {
    /// The case as a scenario file gives it.
    pub(super) fn scenario(&self) -> Value {
        let nodes: Vec<Value> = self.rows.iter().enumerate().map(|(i, r)| {
            let labels = r.pool.map_or(json!({}), |p| json!({"pool": p}));
            json!({"name": format!("r{i}"), "count": r.count, "cpu": r.cpu, "memory": r.memory, "max_pods": r.max_pods, "labels": labels})
        }).collect();
        let builds: Vec<Value> = self.builds.iter().enumerate().map(|(i, b)| {
            if b.servicestage {
                return json!({"name": format!("b{i}"), "definition": {"job_name": format!("ss-{i}"), "environment_setting": {}}});
            }
            let mut advanced = json!({"resource_spec": {"cpu_limit": b.cpu + b.headroom, "memory_limit": b.memory + b.headroom, "cpu_req": b.cpu, "memory_req": b.memory}});
            if let Some(t) = b.timeout {
                advanced["timeout"] = json!(t);
            }
            if b.strategy {
                advanced["strategy_name"] = json!("pool");
            }
            let mut build = zadig_build(&format!("b{i}"), advanced);
            build["definition"]["services"] = (0..b.services).map(|s| json!({"service_name": format!("s{s}"), "service_module": format!("s{s}")})).collect();
            build["error_policy"] = match b.policy {
                Policy::Stop => json!({"policy": "stop"}),
                Policy::IgnoreError => json!({"policy": "ignore_error"}),
                Policy::Retry(n) => json!({"policy": "retry", "maximum_retry": n}),
                Policy::ManualCheck(ignore, after) => json!({"policy": "manual_check", "decision": if ignore { "ignore" } else { "reject" }, "decision_after": seconds(after)}),
            };
            build
        }).collect();
        let jobs: Vec<Value> = self.jobs.iter().enumerate().map(|(i, (job, shared))| {
            let mut j = job.scenario(i, &format!("b{}", job.build), false);
            if *shared && !self.builds[job.build].servicestage {
                j["workflow"] = json!("shared");
            }
            j
        }).collect();
        let limits: serde_json::Map<String, Value> = self.limits.iter().map(|(w, l)| (w.clone(), json!(l))).collect();
        let strategy = json!({"name": "pool", "strategy": if self.required { "required" } else { "preferred" }, "labels": ["pool:a"]});
        json!({"seed": 1, "clusters": [{"name": "prod", "nodes": nodes, "strategies": [strategy]}],
               "zadig": {"workflow_concurrency": self.workflow_concurrency, "job_concurrency": self.job_concurrency, "workflows": limits},
               "builds": builds, "workload": {"jobs": jobs}})
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Submit(usize),
    Cancel(usize),
    /// A job task's attempt (task, service, try) ran its pinned length.
    End(usize, usize, u32),
    /// A job task's timeout from its `prepare` (task, service, try).
    Timeout(usize, usize, u32),
    /// The decision a job task held under `manual_check` waited for (task, service, try).
    Decided(usize, usize, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitState {
    Created,
    Pending,
    Running(usize),
    /// Failed or timed out under `manual_check`: its pod gone, its place held.
    Held,
    Done,
}

#[derive(Debug, Clone)]
struct Unit {
    state: UnitState,
    status: &'static str,
    tries: u32,
    /// The failure a held job task keeps if it is rejected.
    failure: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TaskState {
    Before,
    Waiting,
    Running,
    Done,
}

#[derive(Debug, Clone)]
struct Task {
    state: TaskState,
    units: Vec<Unit>,
    next: usize,
    cancelled: bool,
    out: Expected,
    /// Every wait so far, and the one open for the task and for each job task.
    waits: Vec<Wait>,
    open: BTreeMap<Option<usize>, usize>,
}

/// A wait: from, to, job task, reason; its place among the reasons of its unbroken stretch,
/// and once that passes the most told one by one, the reasons folded into it.
#[derive(Debug, Clone)]
struct Wait {
    from: u64,
    to: Option<u64>,
    unit: Option<usize>,
    reason: String,
    told: u32,
    prev: Option<usize>,
    folded: Option<Folded>,
}

/// A wait as listed: from, to, job task, reason, and the reasons folded into it.
type Span<'a> = (u64, u64, Option<usize>, &'a str, Option<&'a Folded>);

/// A folded wait's changes of reason, when its last reason began, and each earlier reason
/// with how long it held in all (each change keeps the reasons' times as they were before it).
#[derive(Debug, Clone)]
struct Folded {
    changes: u32,
    since: u64,
    earlier: BTreeMap<String, u64>,
    before: Option<(u32, u64, BTreeMap<String, u64>, String)>,
}

#[derive(Debug, Clone)]
struct Node {
    cpu: i64,
    memory: i64,
    max_pods: i64,
    pool: Option<&'static str>,
    used: (i64, i64, i64),
}

impl Node {
    fn fits(&self, cpu: i64, memory: i64) -> bool {
        self.used.2 < self.max_pods && self.cpu - self.used.0 >= cpu && self.memory - self.used.1 >= memory
    }

    /// The least-allocated share of CPU and memory before the pod, in thousandths.
    fn score(&self) -> i64 {
        ((self.cpu - self.used.0).max(0) * 1000 / self.cpu + (self.memory - self.used.1).max(0) * 1000 / self.memory) / 2
    }
}

/// The backend's rules run over a case, each queue a list, each choice a scan.
pub(super) struct Model<'a> {
    case: &'a Case,
    agenda: Agenda<Event>,
    nodes: Vec<Node>,
    tasks: Vec<Task>,
    waiting: Vec<usize>,
    running: usize,
    per_workflow: BTreeMap<String, i64>,
    pending: Vec<(usize, usize)>,
}

/// Zadig's stage precedence (`updateStageStatus`).
fn stage_rank(status: &str) -> u8 {
    match status {
        "cancelled" => 7,
        "timeout" => 6,
        "failed" => 5,
        "passed" => 2,
        "unstable" => 1,
        _ => 0,
    }
}

/// A ServiceStage instance's state for a pod's end.
fn servicestage_state(status: &str) -> &'static str {
    match status {
        "passed" => "Successful",
        "failed" => "Failed",
        "timeout" => "Timeout",
        _ => "Cancel",
    }
}

impl<'a> Model<'a> {
    pub(super) fn new(case: &'a Case) -> Self {
        let nodes = case.rows.iter().flat_map(|r| std::iter::repeat_n(Node { cpu: r.cpu, memory: r.memory, max_pods: r.max_pods, pool: r.pool, used: (0, 0, 0) }, r.count)).collect();
        let tasks = case.jobs.iter().map(|(job, _)| {
            let services = case.builds[job.build].services;
            let unit = Unit { state: UnitState::Created, status: "created", tries: 0, failure: "" };
            Task { state: TaskState::Before, units: vec![unit; services], next: 0, cancelled: false, out: Expected::default(), waits: Vec::new(), open: BTreeMap::new() }
        }).collect();
        Model { case, agenda: Agenda::new(), nodes, tasks, waiting: Vec::new(), running: 0, per_workflow: BTreeMap::new(), pending: Vec::new() }
    }

    fn build(&self, task: usize) -> &'a Build {
        &self.case.builds[self.case.jobs[task].0.build]
    }

    fn workflow(&self, task: usize) -> String {
        let (job, shared) = &self.case.jobs[task];
        if *shared { "shared".into() } else { format!("b{}-workflow", job.build) }
    }

    fn limit(&self, workflow: &str) -> i64 {
        self.case.limits.iter().find(|(w, _)| w == workflow).map_or(-1, |(_, l)| *l)
    }

    /// Whether the build's pods may go on the node: a `required` strategy wants its label.
    fn admits(&self, build: &Build, node: &Node) -> bool {
        !(build.strategy && self.case.required) || node.pool == Some("a")
    }

    /// A `preferred` strategy's weight on the nodes with its label, normalised to the most any
    /// node matches (so nothing when none has it), weighted 2 against the least-allocated share.
    fn affinity(&self, build: &Build, node: &Node) -> i64 {
        let preferred = build.strategy && !self.case.required && self.nodes.iter().any(|n| n.pool == Some("a"));
        if preferred && node.pool == Some("a") { 2000 } else { 0 }
    }

    /// Each job's outcome, by id.
    pub(super) fn run(mut self) -> BTreeMap<String, Expected> {
        for (i, (job, _)) in self.case.jobs.iter().enumerate() {
            self.agenda.at(job.submit, 2, Event::Submit(i));
            if let Some(c) = job.cancel {
                self.agenda.at(c, 2, Event::Cancel(i));
            }
        }
        while let Some((now, event)) = self.agenda.next() {
            match event {
                Event::Submit(t) if self.build(t).servicestage => {
                    // No queue before the pod: the instance asks for it at once.
                    self.tasks[t].state = TaskState::Running;
                    self.next_unit(t, now);
                }
                Event::Submit(t) => {
                    self.tasks[t].state = TaskState::Waiting;
                    self.waiting.push(t);
                    self.start_tasks(now);
                    if self.tasks[t].state == TaskState::Waiting {
                        let reason = self.blocked_by(t);
                        self.wait(t, None, reason, now);
                    }
                }
                Event::End(t, u, tries) => {
                    let unit = &self.tasks[t].units[u];
                    if matches!(unit.state, UnitState::Running(_)) && unit.tries == tries {
                        let failed = self.case.jobs[t].0.attempt(tries - 1).outcome == Pinned::Failed;
                        self.release(t, u, now);
                        self.result(t, u, if failed { "failed" } else { "passed" }, now);
                    }
                }
                Event::Timeout(t, u, tries) => {
                    let unit = &self.tasks[t].units[u];
                    if matches!(unit.state, UnitState::Running(_) | UnitState::Pending) && unit.tries == tries {
                        self.release(t, u, now);
                        self.result(t, u, "timeout", now);
                    }
                }
                Event::Decided(t, u, tries) => {
                    let unit = &self.tasks[t].units[u];
                    if unit.state == UnitState::Held && unit.tries == tries {
                        let Policy::ManualCheck(ignore, _) = self.build(t).policy else { unreachable!() };
                        let status = if ignore { "unstable" } else { unit.failure };
                        self.stop_waiting(t, Some(u), now);
                        self.unit_ends(t, u, status, now);
                    }
                }
                Event::Cancel(t) => match self.tasks[t].state {
                    TaskState::Waiting => {
                        self.waiting.retain(|w| *w != t);
                        let task = &mut self.tasks[t];
                        task.state = TaskState::Done;
                        (task.out.status, task.out.finished) = ("cancelled".into(), Some(now));
                        self.close_waits(t, now);
                    }
                    TaskState::Running => {
                        self.tasks[t].cancelled = true;
                        for u in 0..self.tasks[t].units.len() {
                            // One by one, Zadig returns at the cancelled job task and the rest
                            // never run; in its pool the rest run on the cancelled context and
                            // end `cancelled` at once.
                            let state = self.tasks[t].units[u].state;
                            let unstarted = state == UnitState::Created && self.case.job_concurrency > 1;
                            self.stop_waiting(t, Some(u), now);
                            if unstarted || matches!(state, UnitState::Running(_) | UnitState::Pending | UnitState::Held) {
                                self.release(t, u, now);
                                (self.tasks[t].units[u].state, self.tasks[t].units[u].status) = (UnitState::Done, "cancelled");
                            }
                        }
                        self.finish(t, now);
                    }
                    _ => {}
                },
            }
            self.say_why_tasks_wait(now);
        }
        self.tasks.into_iter().enumerate().map(|(i, t)| (PinnedJob::id(i), t.out)).collect()
    }

    /// Starts waiting tasks, oldest first, while the system-wide limit allows and each one's
    /// workflow has room (a task whose workflow is full lets a younger one by).
    /// A task passed over says why it still waits.
    fn start_tasks(&mut self, now: u64) {
        let mut i = 0;
        while self.running < self.case.workflow_concurrency && i < self.waiting.len() {
            let t = self.waiting[i];
            if self.workflow_full(t) {
                let reason = self.blocked_by(t);
                self.wait(t, None, reason, now);
                i += 1;
                continue;
            }
            self.waiting.remove(i);
            self.running += 1;
            *self.per_workflow.entry(self.workflow(t)).or_default() += 1;
            self.tasks[t].state = TaskState::Running;
            self.stop_waiting(t, None, now);
            let first = self.case.job_concurrency.min(self.tasks[t].units.len());
            for u in first..self.tasks[t].units.len() {
                self.wait(t, Some(u), format!("job concurrency {} reached", self.case.job_concurrency), now);
            }
            for _ in 0..first {
                self.next_unit(t, now);
            }
        }
    }

    fn workflow_full(&self, t: usize) -> bool {
        let w = self.workflow(t);
        let limit = self.limit(&w);
        limit >= 0 && self.per_workflow.get(&w).copied().unwrap_or(0) >= limit
    }

    /// Every waiting task's reason as things stand after an event: Zadig's queue checks the
    /// system-wide limit before it looks at any task.
    fn say_why_tasks_wait(&mut self, now: u64) {
        for t in self.waiting.clone() {
            let reason = self.blocked_by(t);
            self.wait(t, None, reason, now);
        }
    }

    /// Why a task still waits: the system-wide limit first, then its workflow's.
    fn blocked_by(&self, t: usize) -> String {
        if self.running >= self.case.workflow_concurrency {
            format!("workflow concurrency {} reached", self.case.workflow_concurrency)
        } else if self.workflow_full(t) {
            format!("workflow {} concurrency limit {} reached", self.workflow(t), self.limit(&self.workflow(t)))
        } else {
            "waiting for an older task".into()
        }
    }

    /// Why no node takes a pod, as the scheduler counts it over the cluster's nodes: each
    /// reason with how many nodes give it, in the order the nodes first give them.
    fn why_not(&self, build: &Build) -> String {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for node in &self.nodes {
            let reasons: Vec<&str> = if !self.admits(build, node) {
                vec!["node(s) didn't match node affinity"]
            } else {
                [(node.used.2 >= node.max_pods, "Too many pods"), (node.cpu - node.used.0 < build.cpu, "Insufficient cpu"), (node.memory - node.used.1 < build.memory, "Insufficient memory")]
                    .into_iter().filter_map(|(fails, reason)| fails.then_some(reason)).collect()
            };
            for reason in reasons {
                match counts.iter_mut().find(|(r, _)| *r == reason) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((reason, 1)),
                }
            }
        }
        let total = self.nodes.len();
        let parts: Vec<String> = counts.iter().map(|(reason, n)| {
            let nodes = if *n == 1 { "1 node".to_string() } else { format!("{n} nodes") };
            if *n == total && total > 1 { format!("{reason} on all {nodes}") } else { format!("{reason} on {nodes}") }
        }).collect();
        format!("{} of cluster prod", parts.join(", "))
    }

    /// A job task's wait for the task itself (`None`) or the job task: one that goes on for the
    /// same reason stays one.
    fn wait(&mut self, t: usize, unit: Option<usize>, reason: String, now: u64) {
        let task = &mut self.tasks[t];
        let (mut told, mut prev) = (1, None);
        if let Some(&open) = task.open.get(&unit) {
            let w = &mut task.waits[open];
            if w.reason == reason {
                return;
            }
            // Past the most reasons one stretch tells, a change is folded into its last wait; a
            // reason that held no time never was, and a change back within the instant undone.
            if w.told >= buildbay_core::simulate::engine::REASONS_TOLD && (w.folded.is_some() || w.from < now) {
                let f = w.folded.get_or_insert(Folded { changes: 0, since: w.from, earlier: BTreeMap::new(), before: None });
                let old = std::mem::replace(&mut w.reason, reason.clone());
                if now > f.since {
                    f.before = Some((f.changes, f.since, f.earlier.clone(), old.clone()));
                    *f.earlier.entry(old).or_default() += now - f.since;
                    (f.changes, f.since) = (f.changes + 1, now);
                } else if f.before.as_ref().is_some_and(|b| b.3 == reason) {
                    // (A reason between, that held no time either, keeps the change to undo.)
                    let (changes, since, earlier, _) = f.before.take().unwrap();
                    (f.changes, f.since, f.earlier) = (changes, since, earlier);
                }
                return;
            }
            if task.waits[open].from == now {
                // It held no time, so it never was: another reason takes its place, and a
                // return to the reason before it takes up the wait before it again.
                match task.waits[open].prev {
                    Some(p) if task.waits[p].reason == reason && task.waits[p].to == Some(now) => {
                        task.waits[open].to = Some(now);
                        task.waits[p].to = None;
                        task.open.insert(unit, p);
                    }
                    _ => task.waits[open].reason = reason,
                }
                return;
            }
            task.waits[open].to = Some(now);
            (told, prev) = (task.waits[open].told + 1, Some(open));
        }
        task.waits.push(Wait { from: now, to: None, unit, reason, told, prev, folded: None });
        task.open.insert(unit, task.waits.len() - 1);
    }

    fn stop_waiting(&mut self, t: usize, unit: Option<usize>, now: u64) {
        let task = &mut self.tasks[t];
        if let Some(w) = task.open.remove(&unit) {
            task.waits[w].to = Some(now);
        }
    }

    /// The job's waits as its result lists them: a wait still open ends with the job, one
    /// that took no time is not listed, and one that goes on for the same reason after it is
    /// the same wait; a ServiceStage build's waits are its own, not its pod's.
    fn close_waits(&mut self, t: usize, now: u64) {
        let servicestage = self.build(t).servicestage;
        let task = &mut self.tasks[t];
        // (from, to, job task, reason, the reasons folded into it): a wait going on for the
        // same reason after it is the same wait, and one that folded reasons keeps them.
        let mut spans: Vec<Span<'_>> = Vec::new();
        for w in &task.waits {
            let to = w.to.unwrap_or(now);
            if to <= w.from {
                continue;
            }
            // A fold whose every change was undone within its instant left one reason.
            let folded = w.folded.as_ref().filter(|f| f.changes > 0);
            match spans.iter_mut().rev().find(|s| s.2 == w.unit) {
                Some(last) if last.3 == w.reason && last.1 == w.from && folded.is_none() => last.1 = to,
                _ => spans.push((w.from, to, w.unit, &w.reason, folded)),
            }
        }
        let mut lines: Vec<String> = spans.iter().map(|(from, to, unit, reason, folded)| {
            let unit = unit.filter(|_| !servicestage).map(|u| format!("job-0-0-{u}-build"));
            let reason = folded_reason(reason, folded.map(|f| {
                let mut earlier: Vec<(String, u64)> = f.earlier.iter().filter(|e| *e.1 > 0).map(|(r, ms)| (r.clone(), *ms)).collect();
                earlier.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                (f.changes, earlier)
            }));
            wait_line(*from, *to, unit.as_deref(), &reason)
        }).collect();
        lines.sort();
        lines.dedup();
        task.out.waits = Some(lines);
    }

    fn next_unit(&mut self, t: usize, now: u64) {
        let task = &mut self.tasks[t];
        if task.cancelled || task.next >= task.units.len() {
            return;
        }
        task.next += 1;
        let unit = task.next - 1;
        self.prepare(t, unit, now);
    }

    /// A job task's attempt begins: its timeout runs from now, its pod goes to the best node
    /// that fits or waits.
    fn prepare(&mut self, t: usize, u: usize, now: u64) {
        let build = self.build(t);
        self.stop_waiting(t, Some(u), now);
        self.tasks[t].out.attempts += 1;
        let unit = &mut self.tasks[t].units[u];
        unit.tries += 1;
        unit.state = UnitState::Pending;
        let minutes = build.timeout.map_or(60, |m| if m <= 0 { 600 } else { m });
        self.agenda.at(now + minutes as u64 * 60_000, 1, Event::Timeout(t, u, unit.tries));
        let mut best: Option<(i64, usize)> = None;
        for (i, node) in self.nodes.iter().enumerate() {
            let score = self.affinity(build, node) + node.score();
            if self.admits(build, node) && node.fits(build.cpu, build.memory) && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
        match best {
            Some((_, node)) => self.place(t, u, node, now),
            None => {
                self.pending.push((t, u));
                let reason = self.why_not(build);
                // A ServiceStage build waits as a whole, for its pod.
                self.wait(t, if build.servicestage { None } else { Some(u) }, reason, now);
            }
        }
    }

    fn place(&mut self, t: usize, u: usize, node: usize, now: u64) {
        let build = self.build(t);
        let n = &mut self.nodes[node];
        n.used = (n.used.0 + build.cpu, n.used.1 + build.memory, n.used.2 + 1);
        self.stop_waiting(t, if build.servicestage { None } else { Some(u) }, now);
        let task = &mut self.tasks[t];
        task.out.started.get_or_insert(now);
        let unit = &mut task.units[u];
        unit.state = UnitState::Running(node);
        let pin = self.case.jobs[t].0.attempt(unit.tries - 1);
        if let Some(d) = pin.duration {
            self.agenda.at(now + d, 0, Event::End(t, u, unit.tries));
        }
    }

    /// Takes a job task's pod off its node (or out of the waiting pods), and lets the oldest
    /// waiting pods that now fit there onto that node.
    fn release(&mut self, t: usize, u: usize, now: u64) {
        self.stop_waiting(t, Some(u), now);
        match self.tasks[t].units[u].state {
            UnitState::Pending => self.pending.retain(|p| *p != (t, u)),
            UnitState::Running(node) => {
                let build = self.build(t);
                let n = &mut self.nodes[node];
                n.used = (n.used.0 - build.cpu, n.used.1 - build.memory, n.used.2 - 1);
                let mut i = 0;
                while i < self.pending.len() {
                    let (pt, pu) = self.pending[i];
                    let b = self.build(pt);
                    if self.admits(b, &self.nodes[node]) && self.nodes[node].fits(b.cpu, b.memory) {
                        self.pending.remove(i);
                        self.place(pt, pu, node, now);
                    } else {
                        i += 1;
                    }
                }
                // The scheduler tries the pods still waiting again, and says why each waits now.
                for (pt, pu) in self.pending.clone() {
                    let b = self.build(pt);
                    let reason = self.why_not(b);
                    self.wait(pt, if b.servicestage { None } else { Some(pu) }, reason, now);
                }
            }
            _ => {}
        }
        self.tasks[t].units[u].state = UnitState::Created;
    }

    /// An attempt ended `status`: the error policy decides what the job task comes to.
    fn result(&mut self, t: usize, u: usize, status: &'static str, now: u64) {
        if status == "passed" {
            return self.unit_ends(t, u, "passed", now);
        }
        match self.build(t).policy {
            Policy::Retry(n) if self.tasks[t].units[u].tries <= n => self.prepare(t, u, now),
            Policy::IgnoreError => self.unit_ends(t, u, "unstable", now),
            Policy::ManualCheck(_, after) => {
                let unit = &mut self.tasks[t].units[u];
                (unit.state, unit.failure) = (UnitState::Held, status);
                self.agenda.at(now + after, 1, Event::Decided(t, u, unit.tries));
                self.wait(t, Some(u), "error policy manual_check: waiting for someone to ignore or reject the failure".into(), now);
            }
            _ => self.unit_ends(t, u, status, now),
        }
    }

    fn unit_ends(&mut self, t: usize, u: usize, status: &'static str, now: u64) {
        let task = &mut self.tasks[t];
        (task.units[u].state, task.units[u].status) = (UnitState::Done, status);
        let done = task.units.iter().filter(|x| x.state == UnitState::Done).count();
        if self.case.job_concurrency == 1 && matches!(status, "failed" | "timeout") && done < task.units.len() {
            let from = std::mem::replace(&mut task.next, task.units.len());
            for rest in from..self.tasks[t].units.len() {
                self.stop_waiting(t, Some(rest), now);
            }
            return self.finish(t, now);
        }
        self.next_unit(t, now);
        let task = &self.tasks[t];
        if task.state != TaskState::Done && task.units.iter().all(|x| x.state == UnitState::Done) {
            self.finish(t, now);
        }
    }

    /// The task ends with its stage's roll-up (`unstable` read as `passed`) and frees its place;
    /// a ServiceStage instance ends in its own words, having held no place.
    fn finish(&mut self, t: usize, now: u64) {
        let task = &mut self.tasks[t];
        let stage = task.units.iter().map(|u| u.status).max_by_key(|s| stage_rank(s)).unwrap_or("passed");
        let stage = if task.cancelled { "cancelled" } else { stage };
        task.out.status = if stage == "unstable" { "passed".into() } else { stage.into() };
        task.out.finished = Some(now);
        task.out.job_tasks = task.units.iter().map(|u| u.status.to_string()).collect();
        task.state = TaskState::Done;
        self.close_waits(t, now);
        if self.build(t).servicestage {
            self.tasks[t].out.job_tasks.clear();
            self.tasks[t].out.status = servicestage_state(stage).into();
            return;
        }
        self.running -= 1;
        *self.per_workflow.entry(self.workflow(t)).or_default() -= 1;
        self.start_tasks(now);
    }
}
