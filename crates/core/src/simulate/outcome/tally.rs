//! Summing a run up: counts by status, wait and run percentiles, utilisation and the queue,
//! the figures a result holds before its jobs one by one.

use std::collections::BTreeMap;

use super::{JobsBuilt, NodeOutcome, Outcome, Percentiles, Summary, sampled_series, seconds};
use crate::simulate::engine::{Engine, JobSums, Word};

/// The per-job part of summing up a run, a slice at a time if need be: a million jobs take
/// longer to go through than a browser task may last.
#[derive(Debug, Default)]
pub struct Tally {
    /// Job slots gone through so far.
    slots_done: usize,
    /// Whether the sums of the jobs whose slots were reused have been taken in.
    took_retired: bool,
    sums: JobSums,
    /// The waits' and the run times' percentiles, once ranked.
    ranked: [Option<Percentiles>; 2],
}

impl Tally {
    /// Goes through up to `budget` more job slots; returns whether any remain.
    pub fn add(&mut self, engine: &Engine, budget: usize) -> bool {
        let slots = engine.jobs.len();
        let from = self.slots_done.min(slots);
        let to = from.saturating_add(budget).min(slots);
        if !self.took_retired {
            // Room for every job at once: doubling a million-entry list mid-way copies it all
            // within one slice (a 45 ms pause in the browser).
            let retired = &engine.retired;
            self.sums.waits_ms.reserve_exact(retired.waits_ms.len() + slots);
            self.sums.runs_ms.reserve_exact(retired.runs_ms.len() + slots);
            self.sums.absorb(retired);
            self.took_retired = true;
        }
        for j in engine.jobs[from..to].iter().filter(|j| !j.is_free()) {
            self.sums.count(j, engine.now);
        }
        if to > from {
            self.ranked = [None, None];
        }
        self.slots_done = to;
        to < slots
    }

    /// Ranks the waits, then the run times, one list per call (each a selection over every
    /// job: a million-job run's takes tens of milliseconds in a browser, so a caller slicing
    /// the work gives each a task of its own); returns whether a list remains.
    pub fn rank(&mut self) -> bool {
        if self.ranked[0].is_none() {
            self.ranked[0] = Some(Percentiles::of(&mut self.sums.waits_ms));
            return true;
        }
        if self.ranked[1].is_none() {
            self.ranked[1] = Some(Percentiles::of(&mut self.sums.runs_ms));
        }
        false
    }

    /// How many jobs have been gone through.
    pub fn counted(&self) -> usize {
        // Each job summed up adds its wait, whether its slot was reused or not.
        self.sums.waits_ms.len()
    }

    /// The result, once every job has been gone through (any left are gone through now).
    pub fn finish(self, engine: &mut Engine) -> Outcome {
        let mut outcome = self.figures(engine);
        let mut building = JobsBuilt::default();
        while building.add(&mut outcome, engine, usize::MAX) {}
        outcome
    }

    /// The result's figures, without its jobs one by one (which [`JobsBuilt`] adds).
    pub fn figures(mut self, engine: &mut Engine) -> Outcome {
        self.add(engine, usize::MAX);
        while self.rank() {}
        engine.settle();
        // The run ends when its last job does (deadlines of jobs already finished do not count).
        let end = if self.sums.unfinished { engine.now.max(self.sums.last_end) } else { self.sums.last_end };
        let Tally { sums: JobSums { counts, nuon_builds, .. }, ranked: [wait, run], .. } = self;
        let mut by_status: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let name = |status: Option<Word>| status.map_or("(not finished)", Word::as_str).to_string();
        for ((semantics, status), n) in counts {
            *by_status.entry(semantics.as_str().to_string()).or_default().entry(name(status)).or_default() += n;
        }
        let nuon_builds: BTreeMap<String, usize> = nuon_builds.into_iter().map(|(status, n)| (name(status), n)).collect();
        let mut utilisation = BTreeMap::new();
        let mut nodes = Vec::new();
        // A cluster without nodes (or the placeholder pods wait in when a scenario names no
        // cluster) has no capacity to share out: it is left out rather than shown as 0 %.
        let mut builder_slots = BTreeMap::new();
        let share = |integral: u128, capacity: i64| if capacity <= 0 || end == 0 { 0.0 } else { integral as f64 / (capacity as f64 * end as f64) };
        for (c, cluster) in engine.fleet.clusters.iter().enumerate().filter(|(_, c)| !c.nodes.is_empty()) {
            let mut used = 0u128;
            let rainbond = engine.builder_slots.clusters.get(c).copied().unwrap_or(false);
            let (mut held, mut slots) = (0u128, 0i64);
            for n in cluster.nodes.clone() {
                let node = &engine.fleet.nodes[n];
                used += engine.cpu_integral[n];
                let node_slots = (rainbond && engine.fleet.is_builder(n)).then(|| {
                    let h = engine.builder_slots.held.get(n).map_or(0, |h| h.0);
                    (held, slots) = (held + h, slots + node.slots);
                    share(h, node.slots)
                });
                nodes.push(NodeOutcome {
                    cluster: cluster.name.clone(),
                    node: node.name.clone(),
                    cpu: share(engine.cpu_integral[n], node.capacity.cpu),
                    memory: share(engine.memory_integral[n], node.capacity.memory),
                    cpu_capacity: node.capacity.cpu,
                    cpu_series: engine.cpu_series[n].iter().map(|p| (seconds(p.at), p.value)).collect(),
                    builder_slots: node_slots,
                });
            }
            let cap = engine.fleet.cpu_capacity(cluster) as u128 * u128::from(end);
            utilisation.insert(cluster.name.clone(), if cap == 0 { 0.0 } else { used as f64 / cap as f64 });
            if rainbond {
                builder_slots.insert(cluster.name.clone(), share(held, slots));
            }
        }
        let summary = Summary {
            jobs: engine.job_count(),
            by_status,
            nuon_builds,
            wait: wait.unwrap_or_default(),
            run: run.unwrap_or_default(),
            utilisation,
            builder_slots,
            queue_max: engine.queue_peak(),
            queue_mean: if end == 0 { 0.0 } else { engine.queue_integral as f64 / end as f64 },
            waits_by_reason: None,
        };
        Outcome {
            name: None,
            description: None,
            seed: engine.seed,
            end: seconds(end),
            events: engine.events,
            detail: engine.detail,
            summary,
            jobs: Vec::new(),
            nodes,
            queue: engine.queue_series.iter().map(|p| (seconds(p.at), p.value)).collect(),
            sampled: engine.samples.as_ref().map(|s| sampled_series(engine, s, end)),
            findings: Vec::new(),
        }
    }
}
