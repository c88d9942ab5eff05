//! What the Simulator's charts show, laid out in time (seconds) and lanes, not pixels: the app
//! only scales these to its SVG, so what a chart says is decided and tested here.

use super::outcome::Outcome;

/// One bar of the Gantt chart: one attempt of one unit of a job on a node.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttBar {
    pub job: String,
    /// The Zadig job task (empty for backends with one unit per job).
    pub unit: String,
    pub attempt: u32,
    /// The node's row in [`GanttLayout::rows`].
    pub row: usize,
    /// The lane within the row: pods running on a node at once each get their own, so that
    /// no bar hides another.
    pub lane: u32,
    pub start: f64,
    pub end: f64,
    /// The status of the attempt's last step (`passed`, `failed`, `running`, …).
    pub status: String,
}

/// One row: a node's or a Nuon runner's name and how many lanes its busiest moment needs.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttRow {
    /// The node's name, or `runner <name>` for a Nuon runner.
    pub node: String,
    pub lanes: u32,
}

/// The Gantt chart of a run: every node (busy or not), then each Nuon runner a job was queued
/// on (its builds run there, on no node), and every attempt that ran on one of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GanttLayout {
    pub rows: Vec<GanttRow>,
    pub bars: Vec<GanttBar>,
    /// How many of the rows, the last ones, are Nuon runners.
    pub runners: usize,
}

/// What the Gantt chart shows, for its heading: "nodes", or "nodes and runners" when the run
/// has a Nuon job (known before the chart is laid out, so the heading can stand first).
pub fn gantt_places(outcome: &Outcome) -> &'static str {
    places(outcome.jobs.iter().any(|j| j.runner().is_some()))
}

fn places(runners: bool) -> &'static str {
    if runners { "nodes and runners" } else { "nodes" }
}

impl GanttLayout {
    /// What the laid-out chart shows (see [`gantt_places`]).
    pub fn places(&self) -> &'static str {
        places(self.runners > 0)
    }
}

/// Lays the run's attempts out on their nodes and runners: consecutive steps of one attempt
/// make one bar, and each row's bars take the first lane free at their start (as few lanes as
/// the most pods the node ran at once).
pub fn gantt(outcome: &Outcome) -> GanttLayout {
    let mut rows: Vec<GanttRow> = outcome.nodes.iter().map(|n| GanttRow { node: n.node.clone(), lanes: 0 }).collect();
    // Looked up once per step: a scan of a thousand-node fleet per step would dominate.
    let mut row_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, n) in outcome.nodes.iter().enumerate() {
        row_of.entry(n.node.as_str()).or_insert(i);
    }
    let mut runner_rows: Vec<(&str, usize)> = Vec::new();
    let mut bars: Vec<GanttBar> = Vec::new();
    for job in &outcome.jobs {
        let first = bars.len();
        // A Nuon job's steps run on its runner, not on a node.
        let runner_row = job.runner().map(|runner| match runner_rows.iter().find(|(r, _)| *r == runner) {
            Some(&(_, row)) => row,
            None => {
                rows.push(GanttRow { node: format!("runner {runner}"), lanes: 0 });
                runner_rows.push((runner, rows.len() - 1));
                rows.len() - 1
            }
        });
        for step in &job.steps {
            let row = match step.node.as_deref() {
                Some(node) => row_of.get(node).copied(),
                None => runner_row,
            };
            let Some(row) = row else { continue };
            let same = |b: &GanttBar| b.row == row && b.unit == step.unit && b.attempt == step.attempt;
            match bars[first..].iter_mut().rev().find(|b| same(b)) {
                Some(bar) => {
                    bar.end = bar.end.max(step.end);
                    bar.status.clone_from(&step.status);
                }
                None => bars.push(GanttBar { job: job.id.clone(), unit: step.unit.clone(), attempt: step.attempt, row, lane: 0, start: step.start, end: step.end, status: step.status.clone() }),
            }
        }
    }
    // Interval partitioning per node, in start order (jobs in their order at the same start): a
    // lane is free once its last bar ended.
    let mut order: Vec<usize> = (0..bars.len()).collect();
    order.sort_by(|&a, &b| bars[a].start.total_cmp(&bars[b].start).then(a.cmp(&b)));
    let mut lane_ends: Vec<Vec<f64>> = vec![Vec::new(); rows.len()];
    for i in order {
        let bar = &mut bars[i];
        let ends = &mut lane_ends[bar.row];
        let lane = match ends.iter().position(|&end| end <= bar.start) {
            Some(lane) => lane,
            None => {
                ends.push(0.0);
                ends.len() - 1
            }
        };
        ends[lane] = bar.end;
        bar.lane = lane as u32;
    }
    for (row, ends) in rows.iter_mut().zip(&lane_ends) {
        row.lanes = ends.len() as u32;
    }
    GanttLayout { rows, bars, runners: runner_rows.len() }
}

/// Round times for a time axis from 0 to `end` seconds: at most `at_most` of them, at a step a
/// reader counts in (10 s, 5 min, 1 h, …), starting at 0.
pub fn time_ticks(end: f64, at_most: usize) -> Vec<f64> {
    const STEPS: [f64; 21] = [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 10800.0, 21600.0, 43200.0, 86400.0, 172_800.0, 604_800.0, 2_592_000.0,
    ];
    if !end.is_finite() || end <= 0.0 || at_most < 2 {
        return vec![0.0];
    }
    let fits = |step: f64| end / step < at_most as f64;
    let step = STEPS.into_iter().find(|s| fits(*s)).unwrap_or_else(|| {
        // Beyond a month a step: whole months, as many as keep the count in bounds.
        let months = (end / 2_592_000.0 / (at_most - 1) as f64).ceil().max(1.0);
        months * 2_592_000.0
    });
    (0..at_most).map(|i| i as f64 * step).take_while(|t| *t <= end).collect()
}

#[cfg(test)]
mod tests {
    use super::time_ticks;

    #[test]
    fn ticks_fall_on_round_times_and_never_exceed_the_count_or_the_end() {
        assert_eq!(time_ticks(12_548.0, 8), [0.0, 1800.0, 3600.0, 5400.0, 7200.0, 9000.0, 10800.0]);
        assert_eq!(time_ticks(50.0, 6), [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(time_ticks(0.0, 6), [0.0]);
        assert_eq!(time_ticks(f64::NAN, 6), [0.0]);
        for end in [0.5, 7.0, 599.0, 3601.0, 1.0e6, 1.0e9, 1.0e300] {
            let ticks = time_ticks(end, 7);
            assert!(ticks.len() <= 7 && ticks.last().is_some_and(|t| *t <= end), "{end}: {ticks:?}");
        }
    }
}
