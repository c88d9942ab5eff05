//! Setting an engine up: its state from a prepared scenario, then its jobs, a slice at a time
//! when there are many (a million jobs take longer to add than a browser task may last).

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::agenda::{Agenda, Rank};
use super::in_flight::{JobSums, Upcoming};
use super::sampled::Sampled;
use super::word::Word;
use super::{Detail, Engine, Event, JobExtra, JobState, NEVER, NONE, PendingQueue, Runner, Samples, UnitState, rainbond};
use crate::simulate::cluster::Fleet;
use crate::simulate::plan::Profile;
use crate::simulate::scenario::{self, JobSpec, Prepared, millis};
use crate::target::Target;

/// About how many intervals a summary run's charts are sampled into over its expected span.
const SAMPLED_INTERVALS: f64 = 1000.0;

/// An engine whose workload is still being added, a slice at a time if need be: a million
/// jobs take longer to set up than a browser task may last.
pub struct Loading<'a> {
    engine: Engine,
    /// Explicit jobs, in submission order.
    specs: std::iter::Peekable<std::vec::IntoIter<JobSpec>>,
    /// Generated jobs to make now; `None` when the engine makes them as its clock reaches them.
    generated: Option<std::iter::Peekable<crate::simulate::workload::Generator>>,
    limits: &'a BTreeMap<String, i64>,
    /// Each build's profile by name, looked up per explicit job: searching the list per job
    /// took seconds for 50,000 jobs over 10,000 builds.
    profile_of: HashMap<&'a str, usize>,
}

impl Loading<'_> {
    /// Adds up to `budget` more jobs in submission order (an explicit job before generated
    /// ones at the same instant); returns whether any remain.
    pub fn add(&mut self, budget: usize) -> bool {
        for _ in 0..budget {
            let spec_at = self.specs.peek().map(|s| s.submit * 1000.0);
            let generated = self.generated.as_mut().and_then(|g| g.next_if(|g| spec_at.is_none_or(|at| (g.submit as f64) < at)));
            match generated {
                Some(g) => {
                    let workflow = self.engine.default_workflow(g.build as usize, self.limits);
                    self.engine.add_generated(g.build as usize, g.submit, workflow);
                }
                None => match self.specs.next() {
                    Some(spec) => {
                        if let Some(&profile) = self.profile_of.get(spec.build.as_str()) {
                            self.engine.add_job_for(profile, spec, self.limits);
                        }
                    }
                    None => return false,
                },
            }
        }
        self.specs.peek().is_some() || self.generated.as_mut().is_some_and(|g| g.peek().is_some())
    }

    /// How many jobs have been added so far.
    pub fn added(&self) -> usize {
        self.engine.job_count()
    }

    /// The engine with the whole workload added.
    pub fn finish(mut self) -> Engine {
        while self.add(usize::MAX) {}
        self.engine
    }
}

impl Engine {
    /// Builds the engine for a prepared scenario with the given seed.
    pub fn new(prepared: &Prepared, seed: u64, detail: Detail) -> Engine {
        Engine::loading(prepared, seed, detail).finish()
    }

    /// Builds the engine with no job added yet; [`Loading`] adds them.
    pub fn loading(prepared: &Prepared, seed: u64, detail: Detail) -> Loading<'_> {
        let scenario = &prepared.scenario;
        let cluster_names: Vec<String> = scenario.clusters.iter().map(|c| c.name.clone()).collect();
        let mut runners: Vec<Runner> = scenario
            .runners
            .iter()
            .map(|r| Runner { name: r.name.clone(), healthy: r.healthy, sandbox: r.sandbox_mode, queue: VecDeque::new(), busy: None, history: Vec::new() })
            .collect();
        if runners.is_empty() {
            runners.push(Runner { name: "org-runner".into(), healthy: true, sandbox: false, queue: VecDeque::new(), busy: None, history: Vec::new() });
        }
        let runner_names: Vec<String> = runners.iter().map(|r| r.name.clone()).collect();
        let profiles: Vec<Profile> = prepared
            .builds
            .iter()
            .zip(&scenario.builds)
            .map(|(b, entry)| Profile::new(&b.name, b.semantics, &b.build, entry, &cluster_names, &runner_names, scenario.failure_rate))
            .collect();
        // Without any cluster, pods still get one (empty) to wait in until their timeout.
        let fleet = if scenario.clusters.is_empty() {
            Fleet::new(&[scenario::ClusterSpec { name: "none".into(), ..Default::default() }])
        } else {
            Fleet::new(&scenario.clusters)
        };
        let nodes = fleet.nodes.len();
        let mut specs = scenario.workload.jobs.clone();
        let profile_of = scenario::build_index(&prepared.builds);
        let generated = crate::simulate::workload::generate(&scenario.workload.arrivals, &prepared.builds, &profile_of, seed);
        // A summary of generated jobs only needs the jobs in flight (see `in_flight`): they are
        // made as the clock reaches them, and a finished one's slot goes to a later one.
        let recycles = detail == Detail::Summary && specs.is_empty();
        let mut engine = Engine {
            detail,
            seed,
            now: 0,
            agenda: if recycles { Agenda::submissions_first() } else { Agenda::default() },
            events: 0,
            warm: vec![false; profiles.len()],
            profile_groups: vec![None; profiles.len()],
            profile_workflows: vec![None; profiles.len()],
            profiles,
            specs: Vec::new(),
            unpinned: JobSpec::default(),
            scratch: Vec::new(),
            jobs: Vec::new(),
            extras: Vec::new(),
            finished: 0,
            units: Vec::new(),
            unit_plans: Vec::new(),
            pending: vec![PendingQueue::default(); fleet.clusters.len().max(1)],
            fleet,
            runners,
            workflows: Vec::new(),
            workflow_index: HashMap::new(),
            workflow_limits: Vec::new(),
            workflow_running: Vec::new(),
            waiting_tasks: VecDeque::new(),
            tasks_wait_for_workflows: false,
            running_tasks: 0,
            workflow_concurrency: scenario.zadig.workflow_concurrency.max(1),
            job_concurrency: scenario.zadig.job_concurrency.max(1),
            components: Vec::new(),
            builder_queue: VecDeque::new(),
            builder_slots: rainbond::BuilderSlotTime::default(),
            transitions: Vec::new(),
            waits: Vec::new(),
            placements: Vec::new(),
            cpu_series: vec![Vec::new(); nodes],
            cpu_integral: vec![0; nodes],
            memory_integral: vec![0; nodes],
            last_change: vec![0; nodes],
            queue_series: Vec::new(),
            queued: 0,
            queue_max: 0,
            queue_integral: 0,
            queue_changed: 0,
            samples: None,
            made: 0,
            upcoming: None,
            recycles,
            free: Vec::new(),
            retired: JobSums::default(),
        };
        if detail == Detail::Summary {
            // Whole seconds, at least one: the charts read in seconds.
            let width = ((prepared.scenario.expected_span() / SAMPLED_INTERVALS).ceil().max(1.0) * 1000.0) as u64;
            let clusters = engine.fleet.clusters.len();
            engine.samples = Some(Samples { queue: Sampled::new(width), clusters: vec![Sampled::new(width); clusters] });
        }
        // Explicit jobs first at the same instant, then generated ones; indices follow submission.
        specs.sort_by(|a, b| a.submit.total_cmp(&b.submit));
        // Room for all the jobs at once (a Poisson count rarely exceeds its mean by four
        // deviations): growing a vector of a million jobs would copy it.
        let expected = prepared.expected_jobs();
        let room = (expected + 4.0 * expected.sqrt() + 16.0).min(6.0e6) as usize;
        if recycles {
            engine.retired.waits_ms.reserve(room);
            engine.retired.runs_ms.reserve(room);
            engine.upcoming = Some(Upcoming { generated, limits: scenario.zadig.workflows.clone() });
            engine.make_next_job();
            return Loading { engine, specs: Vec::new().into_iter().peekable(), generated: None, limits: &scenario.zadig.workflows, profile_of };
        }
        engine.jobs.reserve(room);
        engine.units.reserve(room);
        Loading { engine, specs: specs.into_iter().peekable(), generated: Some(generated.peekable()), limits: &scenario.zadig.workflows, profile_of }
    }

    /// Adds a build as it is now (the app snapshots a build when a job starts); returns its index.
    pub fn add_build(&mut self, build: &scenario::PreparedBuild, entry: &scenario::BuildEntry) -> usize {
        let clusters: Vec<String> = self.fleet.clusters.iter().map(|c| c.name.clone()).collect();
        let runners: Vec<String> = self.runners.iter().map(|r| r.name.clone()).collect();
        self.profiles.push(Profile::new(&build.name, build.semantics, &build.build, entry, &clusters, &runners, 0.0));
        self.warm.push(false);
        self.profile_groups.push(None);
        self.profile_workflows.push(None);
        self.profiles.len() - 1
    }

    /// Adds a job of the build at `profile`; returns the job's index.
    pub fn add_job_for(&mut self, profile: usize, spec: JobSpec, limits: &BTreeMap<String, i64>) -> u32 {
        let p = &self.profiles[profile];
        let semantics = spec.semantics.unwrap_or(p.semantics);
        let services: Vec<u32> = if semantics == Target::Zadig {
            let all = 0..p.services.len() as u32;
            if spec.services.is_empty() {
                all.collect()
            } else {
                all.filter(|i| spec.services.contains(&p.services[*i as usize].0)).collect()
            }
        } else {
            vec![0]
        };
        let workflow = match &spec.workflow {
            None => self.default_workflow(profile, limits),
            Some(name) => self.workflow(name.clone(), limits),
        };
        let pins = if spec.pins_attempts() { Some(self.specs.len() as u32) } else { None };
        let given_id = (!spec.id.is_empty()).then(|| spec.id.clone());
        let submit = millis(spec.submit).max(self.now);
        let index = self.push_job(profile, semantics, submit, services.into_iter(), workflow, given_id, pins);
        let cancel_at = spec.cancel_at.map(millis);
        if pins.is_some() {
            self.specs.push(spec);
        }
        if let Some(at) = cancel_at {
            self.schedule(at.max(submit), Rank::Other, Event::Cancel(index));
        }
        index
    }

    /// Adds a generated job: the build as it is, all its services, in `workflow` (its default).
    pub(super) fn add_generated(&mut self, profile: usize, submit: u64, workflow: u32) -> u32 {
        let semantics = self.profiles[profile].semantics;
        let services = if semantics == Target::Zadig { self.profiles[profile].services.len() as u32 } else { 1 };
        self.push_job(profile, semantics, submit.max(self.now), 0..services, workflow, None, None)
    }

    /// The build's own workflow (`<build>-workflow`), created on first use.
    pub(super) fn default_workflow(&mut self, profile: usize, limits: &BTreeMap<String, i64>) -> u32 {
        if let Some(w) = self.profile_workflows[profile] {
            return w;
        }
        let w = self.workflow(format!("{}-workflow", self.profiles[profile].name), limits);
        self.profile_workflows[profile] = Some(w);
        w
    }

    /// Records a job and its units and schedules its submission; returns its index.
    #[allow(clippy::too_many_arguments)]
    fn push_job(&mut self, profile: usize, semantics: Target, submit: u64, services: impl ExactSizeIterator<Item = u32>, workflow: u32, given_id: Option<String>, pins: Option<u32>) -> u32 {
        let (index, units) = match self.free_slot(services.len() as u32) {
            Some(slot) => (slot, self.reset_units(slot, services)),
            None => {
                let index = self.jobs.len() as u32;
                let first = self.units.len() as u32;
                for service in services {
                    self.units.push(UnitState::created(index, service));
                    if self.detail == Detail::Full {
                        self.unit_plans.push(None);
                    }
                }
                (index, first..self.units.len() as u32)
            }
        };
        let extra = if given_id.is_some() || pins.is_some() || matches!(semantics, Target::Nuon | Target::Rainbond) {
            self.extras.push(JobExtra { given_id, pins: pins.unwrap_or(NONE), ..JobExtra::NONE });
            (self.extras.len() - 1) as u32
        } else {
            NONE
        };
        let job = JobState {
            submit,
            started: NEVER,
            ended: NEVER,
            units,
            ordinal: self.made,
            profile: profile as u32,
            workflow,
            attempts: 0,
            next_unit: 0,
            active_units: 0,
            done_units: 0,
            epoch: 0,
            open_wait: NONE,
            extra,
            status: Word::default(),
            secondary: Word::default(),
            note: Word::default(),
            semantics,
            http_status: 0,
            cancelled: false,
            in_queue: false,
            decision: 0,
        };
        match self.jobs.get_mut(index as usize) {
            Some(slot) => *slot = job,
            None => self.jobs.push(job),
        }
        self.made += 1;
        self.agenda.submit(submit, index);
        index
    }

    /// How many jobs have been made: all of them once set up, unless they are made as the
    /// clock reaches them (then those submitted so far and the next one).
    pub fn job_count(&self) -> usize {
        self.made as usize
    }

    /// The index of a workflow by name, created with its concurrency limit on first use.
    fn workflow(&mut self, name: String, limits: &BTreeMap<String, i64>) -> u32 {
        if let Some(&w) = self.workflow_index.get(&name) {
            return w;
        }
        let w = self.workflows.len() as u32;
        self.workflow_limits.push(limits.get(&name).copied().unwrap_or(-1));
        self.workflow_index.insert(name.clone(), w);
        self.workflows.push(name);
        self.workflow_running.push(0);
        w
    }
}
