//! Rainbond's model (peer-apis.md §2.3–2.6): the console refuses a build whose architecture no
//! node of the cluster has; the region refuses one while the component's last event is
//! unfinished and not yet 3 minutes old (its start kept to the second), and stamps an older
//! one `timeout`; builder nodes take tasks first in first out into their 2 × CPU slots (a
//! source build holds its slot, an image build gives it back at once); a build runs at most 30
//! minutes, an image build twice; a task no builder takes in 30 minutes ends `timeout`. A task
//! waiting says for what: its architecture's builder slots, or a builder of its architecture.

use super::*;

/// A row of nodes: how many, whole CPUs, whether they build, their architecture.
#[derive(Debug, Clone)]
struct NodeRow {
    count: usize,
    cpus: i64,
    builder: bool,
    arch: &'static str,
}

/// A build: source or image, its component, its architecture (none: x86_64).
#[derive(Debug, Clone)]
struct Build {
    image: bool,
    component: usize,
    arch: Option<&'static str>,
}

/// A random Rainbond scenario: one region's nodes, builds and their jobs.
#[derive(Debug, Clone)]
pub(super) struct Case {
    rows: Vec<NodeRow>,
    builds: Vec<Build>,
    jobs: Vec<PinnedJob>,
}

/// Draws a Rainbond case (shrinking toward fewer, simpler parts).
pub(super) fn case() -> impl Strategy<Value = Case> {
    let arch = prop_oneof![2 => Just("x86_64"), 1 => Just("aarch64")];
    let row = (1usize..3, 1i64..5, proptest::bool::weighted(0.7), arch.clone()).prop_map(|(count, cpus, builder, arch)| NodeRow { count, cpus, builder, arch });
    let build = (proptest::bool::ANY, 0usize..3, proptest::option::weighted(0.3, arch)).prop_map(|(image, component, arch)| Build { image, component, arch });
    (proptest::collection::vec(row, 1..4), proptest::collection::vec(build, 1..5))
        .prop_flat_map(|(rows, builds)| {
            // Some jobs on a whole second, where the 3-minute rule's rounding shows.
            let job = (pinned_job(builds.len(), 1_200_000, 2_000_000), proptest::bool::weighted(0.1)).prop_map(|(mut j, whole)| {
                if whole {
                    j.submit -= j.submit % 1000;
                }
                j.cancel = None;
                j
            });
            (Just(rows), Just(builds), proptest::collection::vec(job, 1..25))
        })
        .prop_map(|(rows, builds, jobs)| Case { rows, builds, jobs })
}

impl Case {
    /// The case as a scenario file gives it.
    pub(super) fn scenario(&self) -> Value {
        let nodes: Vec<Value> = self.rows.iter().enumerate().map(|(i, r)| json!({"name": format!("n{i}"), "count": r.count, "cpu": r.cpus * 1000, "memory": 8192, "builder": r.builder, "arch": r.arch})).collect();
        let builds: Vec<Value> = self.builds.iter().enumerate().map(|(i, b)| {
            let mut rainbond = json!({"kind": if b.image { "image" } else { "source" }, "component": format!("c{}", b.component)});
            if let Some(arch) = b.arch {
                rainbond["arch"] = json!(arch);
            }
            let definition = if b.image { json!({"repo_url": "nginx:1", "build_type": "docker_image"}) } else { json!({"repo_url": "https://git.example.com/x.git", "branch": "main", "build_type": "source_code"}) };
            json!({"name": format!("b{i}"), "semantics": "rainbond", "definition": definition, "rainbond": rainbond})
        }).collect();
        let jobs: Vec<Value> = self.jobs.iter().enumerate().map(|(i, j)| j.scenario(i, &format!("b{}", j.build), false)).collect();
        json!({"seed": 1, "clusters": [{"name": "prod", "nodes": nodes}], "builds": builds, "workload": {"jobs": jobs}})
    }
}

/// 30 minutes: an attempt's limit, and the longest a task waits for a builder.
const HALF_HOUR: u64 = 1_800_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Submit(usize),
    /// An attempt ends (job, attempt number from 1).
    Done(usize, u32),
    /// A task still queued half an hour after its submission.
    Expire(usize),
}

#[derive(Debug, Clone)]
struct Node {
    arch: &'static str,
    builder: bool,
    slots: i64,
    used: i64,
}

/// The backend's rules run over a case, each queue a list, each choice a scan.
pub(super) struct Model<'a> {
    case: &'a Case,
    agenda: Agenda<Event>,
    nodes: Vec<Node>,
    out: Vec<Expected>,
    /// Each job's event's `final_status` ("" while unfinished) and its builder node.
    finals: Vec<&'static str>,
    builder: Vec<Option<usize>>,
    /// Each component's last event.
    last: BTreeMap<usize, usize>,
    /// Why each task waited for a builder, if it did.
    queued_because: Vec<String>,
    queue: Vec<usize>,
}

impl<'a> Model<'a> {
    pub(super) fn new(case: &'a Case) -> Self {
        let mut nodes: Vec<Node> = case.rows.iter().flat_map(|r| std::iter::repeat_n(Node { arch: r.arch, builder: r.builder, slots: 2 * r.cpus, used: 0 }, r.count)).collect();
        // A cluster that marks no builder builds on every node.
        if !nodes.iter().any(|n| n.builder) {
            nodes.iter_mut().for_each(|n| n.builder = true);
        }
        let n = case.jobs.len();
        Model { case, agenda: Agenda::new(), nodes, out: vec![Expected::default(); n], finals: vec![""; n], builder: vec![None; n], last: BTreeMap::new(), queue: Vec::new(), queued_because: vec![String::new(); n] }
    }

    fn build(&self, j: usize) -> &'a Build {
        &self.case.builds[self.case.jobs[j].build]
    }

    fn arch(&self, j: usize) -> &'static str {
        self.build(j).arch.unwrap_or("x86_64")
    }

    /// Each job's outcome, by id.
    pub(super) fn run(mut self) -> BTreeMap<String, Expected> {
        for (j, job) in self.case.jobs.iter().enumerate() {
            self.agenda.at(job.submit, 2, Event::Submit(j));
        }
        while let Some((now, event)) = self.agenda.next() {
            match event {
                Event::Submit(j) => self.submit(j, now),
                Event::Expire(j) => {
                    if let Some(pos) = self.queue.iter().position(|q| *q == j) {
                        self.queue.remove(pos);
                        if self.finals[j].is_empty() {
                            self.finals[j] = "complete";
                        }
                        self.end(j, "timeout", now);
                    }
                }
                Event::Done(j, number) => self.done(j, number, now),
            }
        }
        self.out.into_iter().enumerate().map(|(i, o)| (PinnedJob::id(i), o)).collect()
    }

    /// Why a task waits for a builder, counted over the builder nodes.
    fn why_queued(&self, j: usize) -> String {
        let counted = |n: usize| if n == 1 { "1 builder node".to_string() } else { format!("{n} builder nodes") };
        let builders: Vec<&Node> = self.nodes.iter().filter(|n| n.builder).collect();
        let matching: Vec<&&Node> = builders.iter().filter(|n| n.arch == self.arch(j)).collect();
        if matching.is_empty() {
            format!("no builder node with architecture {} ({})", self.arch(j), counted(builders.len()))
        } else {
            format!("all {} builder slots busy on {}", matching.iter().map(|n| n.slots).sum::<i64>(), counted(matching.len()))
        }
    }

    fn submit(&mut self, j: usize, now: u64) {
        if !self.nodes.iter().any(|n| n.arch == self.arch(j)) {
            return self.end(j, "refused", now);
        }
        let component = self.build(j).component;
        if let Some(&last) = self.last.get(&component)
            && self.finals[last].is_empty()
        {
            let start = self.case.jobs[last].submit / 1000 * 1000;
            if now <= start + 180_000 {
                return self.end(j, "refused", now);
            }
            self.finals[last] = "timeout";
        }
        self.last.insert(component, j);
        self.queue.push(j);
        self.dispatch(now);
        if self.builder[j].is_none() && self.out[j].finished.is_none() {
            self.agenda.at(now + HALF_HOUR, 1, Event::Expire(j));
            self.queued_because[j] = self.why_queued(j);
        }
    }

    /// Builder nodes take queued tasks, first in first out, each to the matching builder with
    /// the most free slots (the first listed of equals); a task none can take stays queued.
    fn dispatch(&mut self, now: u64) {
        let mut i = 0;
        while i < self.queue.len() {
            let j = self.queue[i];
            let mut best: Option<usize> = None;
            for (k, n) in self.nodes.iter().enumerate() {
                if n.builder && n.arch == self.arch(j) && n.used < n.slots && best.is_none_or(|b| n.slots - n.used > self.nodes[b].slots - self.nodes[b].used) {
                    best = Some(k);
                }
            }
            let Some(node) = best else {
                i += 1;
                continue;
            };
            self.queue.remove(i);
            self.builder[j] = Some(node);
            self.out[j].started = Some(now);
            if !self.build(j).image {
                self.nodes[node].used += 1;
            }
            self.attempt(j, now);
        }
    }

    fn attempt(&mut self, j: usize, now: u64) {
        self.out[j].attempts += 1;
        let pin = self.case.jobs[j].attempt(self.out[j].attempts - 1);
        let length = pin.duration.map_or(HALF_HOUR, |d| d.min(HALF_HOUR));
        self.agenda.at(now + length, 0, Event::Done(j, self.out[j].attempts));
    }

    fn done(&mut self, j: usize, number: u32, now: u64) {
        let pin = self.case.jobs[j].attempt(number - 1);
        let status = match pin.duration {
            None => "timeout",
            Some(d) if d > HALF_HOUR => "timeout",
            Some(_) if pin.outcome == Pinned::Failed => "failure",
            Some(_) => "success",
        };
        if status != "success" && self.build(j).image && number == 1 {
            return self.attempt(j, now);
        }
        self.finals[j] = "complete";
        self.end(j, status, now);
        if !self.build(j).image
            && let Some(node) = self.builder[j]
        {
            self.nodes[node].used -= 1;
        }
        self.dispatch(now);
    }

    fn end(&mut self, j: usize, status: &str, now: u64) {
        (self.out[j].status, self.out[j].finished) = (status.into(), Some(now));
        // Its one wait: from submission until a builder took it, or it ended queued.
        let (from, to) = (self.case.jobs[j].submit, self.out[j].started.unwrap_or(now));
        let waited = !self.queued_because[j].is_empty() && to > from;
        self.out[j].waits = Some(if waited { vec![wait_line(from, to, None, &self.queued_because[j])] } else { Vec::new() });
    }
}
