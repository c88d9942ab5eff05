//! Jobs generated from arrival rates: exponential gaps from the seeded generator.
//!
//! A million-job capacity run generates a million jobs, so a generated job is only its
//! submission time and build, never a full [`JobSpec`](super::scenario::JobSpec).

use std::collections::HashMap;

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use super::plan::{ln, unit_interval};
use super::scenario::{Arrival, PreparedBuild, millis};
use super::scenario_text;

/// One generated job: when it is submitted and which of the scenario's builds it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Milliseconds from the scenario's start.
    pub submit: u64,
    /// Index into the prepared builds.
    pub build: u32,
}

/// The jobs the arrival rates produce, in submission order (arrivals listed first go first at
/// the same instant), made one at a time as the engine takes them: a million-job run never
/// holds the whole list. Jobs of a build the scenario does not define are left out.
/// `index` is the builds' [`build_index`](super::scenario::build_index).
pub fn generate(arrivals: &[Arrival], builds: &[PreparedBuild], index: &HashMap<&str, usize>, seed: u64) -> Generator {
    let streams = arrivals
        .iter()
        .enumerate()
        .filter(|(_, arrival)| arrival.per_hour.is_finite() && arrival.per_hour > 0.0 && !builds.is_empty())
        .map(|(i, arrival)| {
            let by_name = |name: &str| index.get(name).map(|&b| b as u32);
            // Build names are unique (the scenario's checks refuse duplicates), so all builds
            // are simply every index.
            let choices = if arrival.builds.is_empty() { (0..builds.len() as u32).map(Some).collect() } else { arrival.builds.iter().map(|n| by_name(n)).collect() };
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6172_7269_7661_6c73);
            rng.set_stream(i as u64);
            let mut stream = Stream { rng, choices, mean_gap: 3600.0 / arrival.per_hour, t: arrival.from, until: arrival.until, max_jobs: arrival.max_jobs, made: 0, next: None };
            stream.advance();
            stream
        })
        .collect();
    Generator { streams }
}

/// The generated jobs still to come, merged from one stream per arrival rate.
#[derive(Debug, Clone)]
pub struct Generator {
    streams: Vec<Stream>,
}

impl Iterator for Generator {
    type Item = Generated;

    fn next(&mut self) -> Option<Generated> {
        // The earliest next job; the first listed arrival among equals (`min_by_key` keeps the
        // first minimum).
        self.streams.iter_mut().filter(|s| s.next.is_some()).min_by_key(|s| s.next.map(|g| g.submit))?.take()
    }
}

/// One arrival rate's jobs: exponential gaps from its own seeded stream.
#[derive(Debug, Clone)]
struct Stream {
    rng: ChaCha8Rng,
    choices: Vec<Option<u32>>,
    mean_gap: f64,
    t: f64,
    until: f64,
    max_jobs: u64,
    made: u64,
    /// Its next job, or None once it has ended.
    next: Option<Generated>,
}

impl Stream {
    /// Its next job, drawing the one after it.
    fn take(&mut self) -> Option<Generated> {
        let job = self.next;
        self.advance();
        job
    }

    /// Draws the stream's next job (skipping jobs of builds the scenario does not define).
    fn advance(&mut self) {
        self.next = None;
        while self.next.is_none() {
            // 1 - u is in (0, 1], so the logarithm is finite.
            let gap = -ln(1.0 - unit_interval(self.rng.next_u64())) * self.mean_gap;
            self.t += gap;
            if self.t >= self.until || (self.max_jobs > 0 && self.made >= self.max_jobs) {
                return;
            }
            let choice = self.choices[(self.rng.next_u32() as usize) % self.choices.len()];
            self.made += 1;
            self.next = choice.map(|build| Generated { submit: millis(self.t), build });
        }
    }
}

/// A scenario's text with its arrival rates replaced by `arrivals` (its explicit jobs kept), as
/// the Simulator's workload form writes it; a message says why when the text is not a scenario.
pub fn with_arrivals(text: &str, arrivals: &[Arrival]) -> Result<String, String> {
    let mut object = scenario_text::object(text)?;
    let workload = object.entry("workload").or_insert_with(|| serde_json::json!({}));
    let Some(workload) = workload.as_object_mut() else { return Err("`workload` must be an object.".into()) };
    workload.insert("arrivals".into(), serde_json::to_value(arrivals).map_err(|e| e.to_string())?);
    scenario_text::written(object)
}

/// The Simulator's workload form as typed: an arrival rate over a horizon from time 0.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArrivalForm {
    pub per_hour: String,
    pub hours: String,
    /// At most this many jobs; 0 for no limit.
    pub max_jobs: String,
    /// Build names separated by commas; empty for all of the scenario's builds.
    pub builds: String,
}

impl ArrivalForm {
    /// The arrival the fields describe, or a message per field that does not read (at
    /// `/per_hour`, `/hours`, `/max_jobs`).
    pub fn read(&self) -> Result<Arrival, Vec<crate::Diagnostic>> {
        let mut problems = Vec::new();
        let mut positive = |path: &str, text: &str, what: &str| match text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => v,
            Ok(_) => {
                problems.push(crate::Diagnostic::error(path, "not-positive", crate::Source::Runtime, format!("{what} must be more than 0.")));
                0.0
            }
            Err(_) => {
                problems.push(crate::Diagnostic::error(path, "not-a-number", crate::Source::Runtime, format!("`{}` is not a number.", text.trim())));
                0.0
            }
        };
        let per_hour = positive("/per_hour", &self.per_hour, "Jobs per hour");
        let hours = positive("/hours", &self.hours, "Hours");
        let max_jobs = self.max_jobs.trim().parse::<u64>().unwrap_or_else(|_| {
            problems.push(crate::Diagnostic::error("/max_jobs", "not-a-number", crate::Source::Runtime, format!("`{}` is not a whole number (0: no limit).", self.max_jobs.trim())));
            0
        });
        let builds = self.builds.split(',').map(str::trim).filter(|b| !b.is_empty()).map(String::from).collect();
        if problems.is_empty() { Ok(Arrival { builds, per_hour, from: 0.0, until: hours * 3600.0, max_jobs }) } else { Err(problems) }
    }
}

impl Arrival {
    /// About how many jobs the arrival submits (its rate over its span, capped by `max_jobs`).
    pub fn expected_jobs(&self) -> f64 {
        let span = (self.until - self.from).max(0.0) / 3600.0 * self.per_hour.max(0.0);
        if self.max_jobs > 0 { span.min(self.max_jobs as f64) } else { span }
    }

    /// About when the arrival submits its last job: at `until`, or earlier once `max_jobs`
    /// are made.
    pub fn expected_end(&self) -> f64 {
        if self.per_hour > 0.0 { self.from + self.expected_jobs() / self.per_hour * 3600.0 } else { self.until }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrival(builds: &[&str], per_hour: f64, max_jobs: u64) -> Arrival {
        Arrival { builds: builds.iter().map(|b| b.to_string()).collect(), per_hour, from: 0.0, until: 36_000.0, max_jobs }
    }

    #[test]
    fn merged_streams_equal_the_stable_sort_of_each_stream_in_turn() {
        let scenario = serde_json::json!({"builds": [
            {"name": "a", "definition": {"name": "a", "project_key": "p", "build_script": "make"}},
            {"name": "b", "definition": {"name": "b", "project_key": "p", "build_script": "make"}}]});
        let prepared = super::super::scenario::prepare(serde_json::from_value(scenario).unwrap()).unwrap();
        let arrivals = [arrival(&["a"], 3600.0, 0), arrival(&[], 1800.0, 500), arrival(&["b"], 7200.0, 0)];
        let index = super::super::scenario::build_index(&prepared.builds);
        let merged: Vec<Generated> = generate(&arrivals, &prepared.builds, &index, 9).collect();
        let mut expected: Vec<Generated> = generate(&arrivals, &prepared.builds, &index, 9).streams.into_iter().flat_map(|mut s| std::iter::from_fn(move || s.take())).collect();
        expected.sort_by_key(|g| g.submit);
        assert_eq!(merged, expected);
        assert!(merged.len() > 1000, "{} jobs", merged.len());
        assert_eq!(generate(&arrivals[1..2], &prepared.builds, &index, 9).count(), 500);
    }
}
