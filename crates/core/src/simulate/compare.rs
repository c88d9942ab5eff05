//! Two runs side by side: the scenario as written against the same with more nodes, or against
//! a second scenario (another fleet, workload or limit), with the one line that says what changed.

use std::fmt;

use serde::Serialize;

use super::outcome::{Outcome, Summary};
use super::scenario::{self, ClusterModel, Prepared};
use super::text::clock;
use crate::{Diagnostic, Position};

/// What the scenario is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alternative {
    /// The same scenario with this many more nodes like the first cluster's first node row:
    /// the simplest "what if we had more capacity" question.
    ExtraNodes(u32),
    /// A second scenario as typed, for any other question (bigger nodes, another strategy, a
    /// workflow limit, a heavier workload).
    Scenario(String),
}

/// The Simulator's "compare with" fields as typed: the choice, and each choice's field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlternativeForm {
    /// Whether a second scenario is chosen (else more nodes).
    pub second_scenario: bool,
    pub extra_nodes: String,
    pub scenario: String,
}

impl AlternativeForm {
    /// The alternative the chosen field describes, or why it does not read (said next to it).
    pub fn read(&self) -> Result<Alternative, String> {
        if !self.second_scenario {
            return scenario::extra_nodes(&self.extra_nodes).map(Alternative::ExtraNodes);
        }
        if self.scenario.trim().is_empty() {
            return Err("Scenario B is empty: copy scenario A into it and change what you want to compare.".into());
        }
        Ok(Alternative::Scenario(self.scenario.clone()))
    }
}

/// Both runs as one document: the line that says what changed and each run's whole result.
/// The CLI prints it (`--extra-nodes`/`--compare` with `--format json`) and the Simulator
/// downloads it, so a comparison reads the same wherever it was made.
#[derive(Debug, Serialize)]
pub struct Comparison<'a> {
    pub comparison: String,
    pub first: &'a Outcome,
    pub second: &'a Outcome,
}

impl<'a> Comparison<'a> {
    /// The comparison of two finished runs of `alternative`.
    pub fn of(alternative: &Alternative, first: &'a Outcome, second: &'a Outcome) -> Comparison<'a> {
        Comparison { comparison: alternative.line(&first.summary, &second.summary), first, second }
    }

    /// As indented JSON (the results of at most two full-detail runs: a few megabytes).
    pub fn to_json(&self) -> Result<String, String> {
        serde_json::to_string_pretty(self).map_err(|e| e.to_string())
    }
}

/// Both scenarios ready to run, and what did not read in their builds, one finding a line.
#[derive(Debug, Clone)]
pub struct Pair {
    pub first: Prepared,
    pub second: Prepared,
    pub left_out: Vec<Listed>,
}

impl Alternative {
    /// The two runs' titles, as their summaries are headed and their progress is told.
    pub fn titles(&self) -> [&'static str; 2] {
        match self {
            Alternative::ExtraNodes(_) => ["As written", "With extra nodes"],
            Alternative::Scenario(_) => ["Scenario A", "Scenario B"],
        }
    }

    /// Whose text each run's findings point into: a second scenario's its own, the extra
    /// nodes' run A's, whose text it was read from.
    pub fn sides(&self) -> [Side; 2] {
        match self {
            Alternative::ExtraNodes(_) => [Side::A, Side::A],
            Alternative::Scenario(_) => [Side::A, Side::B],
        }
    }

    /// What changed, in one line: "Add 2 nodes: p95 wait 0:21:23 → 0:03:12, max wait 0:24:44 →
    /// 0:21:40", or "Scenario A → B: …"; a run without jobs says "none (no jobs)", since
    /// 0:00:00 would read as jobs that never waited.
    pub fn line(&self, first: &Summary, second: &Summary) -> String {
        if first.wait.count == 0 && second.wait.count == 0 {
            return format!("{}: no jobs in either run", self.change());
        }
        let figure = |s: &Summary, value: f64| if s.wait.count == 0 { "none (no jobs)".to_string() } else { clock(value) };
        format!(
            "{}: p95 wait {} → {}, max wait {} → {}",
            self.change(),
            figure(first, first.wait.p95),
            figure(second, second.wait.p95),
            figure(first, first.wait.max),
            figure(second, second.wait.max)
        )
    }

    /// What changed, as the comparison's line begins: "Add 2 nodes", "Scenario A → B".
    pub fn change(&self) -> String {
        match self {
            Alternative::ExtraNodes(n) => format!("Add {n} {}", if *n == 1 { "node" } else { "nodes" }),
            Alternative::Scenario(_) => "Scenario A → B".to_string(),
        }
    }

    /// Reads both scenarios, each on the console's cluster model wherever it names none of its
    /// own. When a second scenario is given, every problem line says which of the two it is in.
    pub fn prepare(&self, first: &str, model: &ClusterModel) -> Result<Pair, Unreadable> {
        let titled = matches!(self, Alternative::Scenario(_));
        let [a, b] = self.titles();
        let label = |title: &'static str| if titled { Some(title) } else { None };
        let read = |text: &str, title, side| {
            scenario::parse_on_model(text, model).map_err(|p| Unreadable { problems: listed(label(title), Some(side), &p), stopped_at: Some(side) })
        };
        let first = read(first, a, Side::A)?;
        let second = match self {
            // The extra nodes are no text: their problems point nowhere to go.
            Alternative::ExtraNodes(n) => first.with_extra_nodes(*n).map_err(|p| Unreadable { problems: listed(None, None, &p), stopped_at: None })?,
            Alternative::Scenario(text) => read(text, b, Side::B)?,
        };
        let mut left_out = listed(label(a), Some(Side::A), first.findings.iter());
        if titled {
            left_out.extend(listed(label(b), Some(Side::B), second.findings.iter()));
        }
        Ok(Pair { first, second, left_out })
    }
}

/// Why a comparison cannot run: its problems, and the scenario text they are in, which the
/// page marks (none when they are the extra nodes', the cluster model's or another field's).
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub problems: Vec<Listed>,
    pub stopped_at: Option<Side>,
}

impl Unreadable {
    /// A problem outside both scenarios' texts (the cluster model, a field beside them), which
    /// stops the run before either is read.
    pub fn elsewhere(message: String) -> Unreadable {
        Unreadable { problems: vec![Listed { place: String::new(), message, spot: None }], stopped_at: None }
    }
}

/// One problem or finding as the Simulator lists it: where, what, and the place in a scenario's
/// text it points to, so that the page can take the admin there rather than make them count lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// "Scenario B /builds/0 (line 3, column 5)"; empty for a problem that is no text's.
    pub place: String,
    /// What is wrong, "Warning: " first for a warning among errors.
    pub message: String,
    pub spot: Option<Spot>,
}

/// One of the Simulator's two scenario texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

/// A line and column in scenario A's text or in B's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub side: Side,
    pub position: Position,
}

impl fmt::Display for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.place, self.message) }
    }
}

/// Problems as they are listed, each saying where: "/builds/0 (line 3, column 5)", after the
/// scenario's title when there are two; among errors, a warning says it is one ("Warning: …"),
/// since it did not stop the run but may say why an error did. `side` says whose text their
/// positions are in (None: no text's).
pub fn listed<'a>(title: Option<&str>, side: Option<Side>, problems: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<Listed> {
    let problems: Vec<&Diagnostic> = problems.into_iter().collect();
    let mixed = problems.iter().any(|d| d.is_error());
    problems
        .into_iter()
        .map(|d| Listed {
            // The line counting what is not listed is about the list, not a place in a text:
            // it has no place, nor a title.
            place: match title {
                _ if d.counts_the_rest() => String::new(),
                Some(t) => format!("{t} {}", d.place()).trim_end().to_string(),
                None => d.place(),
            },
            message: format!("{}{}", if mixed && !d.is_error() { "Warning: " } else { "" }, d.message),
            spot: side.zip(d.position).map(|(side, position)| Spot { side, position }),
        })
        .collect()
}

/// Listed problems as text, one a line (a test's or a log's view of them).
pub fn lines(listed: &[Listed]) -> String {
    listed.iter().map(Listed::to_string).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::{Detail, default_clusters, default_model, simulate};

    const ONE_BUILD: &str = r#"{"zadig": {"workflow_concurrency": 10}, "builds": [{"definition": {"name": "g", "project_key": "p", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04", "script_type": "shell", "build_script": "make",
  "advanced_settings": {"timeout": 60, "cluster_name": "local", "resource_spec": {"cpu_limit": 3000, "memory_limit": 1024}}}}],
 "workload": {"jobs": [{"build": "g", "submit": 0, "duration": 600}, {"build": "g", "submit": 0, "duration": 600},
   {"build": "g", "submit": 0, "duration": 600}, {"build": "g", "submit": 0, "duration": 600}]}}"#;

    #[test]
    fn a_second_scenario_with_bigger_nodes_is_run_as_typed_and_compared_in_one_line() {
        // Four 3-CPU builds on three 4-CPU nodes: the fourth waits ten minutes. Scenario B names
        // its own cluster of two 8-CPU nodes, where all four fit at once.
        let b = ONE_BUILD.replacen('{', r#"{"clusters": [{"name": "local", "nodes": [{"name": "big", "count": 2, "cpu": 8000, "memory": 16384}]}],"#, 1);
        let alternative = Alternative::Scenario(b);
        let pair = alternative.prepare(ONE_BUILD, &default_model()).unwrap();
        assert_eq!(pair.second.scenario.clusters[0].nodes[0].name, "big", "B keeps its own clusters");
        assert_eq!(pair.first.scenario.clusters, default_clusters(), "A runs on the cluster model");
        let (a, b) = (simulate(&pair.first, 1, Detail::Summary), simulate(&pair.second, 1, Detail::Summary));
        assert_eq!(alternative.line(&a.summary, &b.summary), "Scenario A → B: p95 wait 0:10:00 → 0:00:00, max wait 0:10:00 → 0:00:00");
        assert_eq!(alternative.titles(), ["Scenario A", "Scenario B"]);
        assert!(pair.left_out.is_empty());
    }

    #[test]
    fn a_problem_in_either_scenario_says_which_and_where() {
        let broken = "{\n  \"workload\": {\"jobs\": [{\"build\": \"missing\", \"submit\": 0}]}\n}";
        let b = Alternative::Scenario(broken.to_string()).prepare(ONE_BUILD, &default_model()).unwrap_err();
        assert!(lines(&b.problems).starts_with("Scenario B /workload/jobs/0/build (line 2, column 26): ") && b.stopped_at == Some(Side::B), "{b:?}");
        assert_eq!(b.problems[0].spot, Some(Spot { side: Side::B, position: Position { line: 2, column: 26 } }), "a place to go to in B");
        let a = Alternative::Scenario(ONE_BUILD.to_string()).prepare(broken, &default_model()).unwrap_err();
        assert!(lines(&a.problems).starts_with("Scenario A /workload/jobs/0/build (line 2, column ") && a.stopped_at == Some(Side::A), "{a:?}");
        assert_eq!(a.problems[0].spot.map(|s| s.side), Some(Side::A));
        let nodes = Alternative::ExtraNodes(2).prepare(broken, &default_model()).unwrap_err();
        assert!(lines(&nodes.problems).starts_with("/workload/jobs/0/build (line 2, column ") && nodes.stopped_at == Some(Side::A), "one scenario needs no title: {nodes:?}");
        let too_many = Alternative::ExtraNodes(100_000).prepare(ONE_BUILD, &default_model()).unwrap_err();
        assert_eq!(too_many.stopped_at, None, "the extra nodes are no text: {too_many:?}");
    }

    #[test]
    fn a_place_is_where_it_was_typed_though_the_cluster_model_went_in_before_it() {
        // One line: the cluster model put in after the opening brace would move every column.
        let typed = r#"{"workload": {"jobs": [{"build": "missing", "submit": 0}]}}"#;
        let problems = Alternative::ExtraNodes(1).prepare(typed, &default_model()).unwrap_err().problems;
        assert_eq!(problems[0].spot, Some(Spot { side: Side::A, position: Position { line: 1, column: 25 } }), "{problems:?}");
        assert_eq!(&typed[24..31], r#""build""#);
        // A problem in a part the model gave was never typed: it keeps its pointer, not a line.
        let mut model = default_model();
        model.clusters[0].nodes[0].cpu = -1;
        let problems = Alternative::ExtraNodes(1).prepare(ONE_BUILD, &model).unwrap_err().problems;
        assert_eq!((problems[0].place.as_str(), problems[0].spot), ("/clusters/0/nodes/0/cpu", None), "{problems:?}");
        assert!(problems[1..].iter().all(|p| p.spot.is_some_and(|s| s.side == Side::A && s.position.line == 2)), "what was typed keeps its place: {problems:?}");
        // Elsewhere is no text at all.
        let elsewhere = Unreadable::elsewhere("The cluster model has 1 problem.".into());
        assert_eq!(lines(&elsewhere.problems), "The cluster model has 1 problem.");
    }

    #[test]
    fn the_form_reads_the_chosen_field_only() {
        let form = AlternativeForm { second_scenario: false, extra_nodes: " 3".into(), scenario: String::new() };
        assert_eq!(form.read(), Ok(Alternative::ExtraNodes(3)));
        let form = AlternativeForm { extra_nodes: "lots".into(), ..form };
        assert_eq!(form.read(), Err("`lots` is not a whole number of nodes (1 to 1000).".into()));
        let form = AlternativeForm { second_scenario: true, ..form };
        assert!(form.read().unwrap_err().starts_with("Scenario B is empty"), "the nodes field no longer matters");
        let form = AlternativeForm { scenario: "{}".into(), ..form };
        assert_eq!(form.read(), Ok(Alternative::Scenario("{}".into())));
    }

    #[test]
    fn more_nodes_are_added_to_the_first_node_row_and_counted_in_the_line() {
        let pair = Alternative::ExtraNodes(1).prepare(ONE_BUILD, &default_model()).unwrap();
        assert_eq!(pair.second.scenario.clusters[0].nodes[0].count, pair.first.scenario.clusters[0].nodes[0].count + 1);
        let (a, b) = (simulate(&pair.first, 1, Detail::Summary), simulate(&pair.second, 1, Detail::Summary));
        assert_eq!(Alternative::ExtraNodes(1).line(&a.summary, &b.summary), "Add 1 node: p95 wait 0:10:00 → 0:00:00, max wait 0:10:00 → 0:00:00");
    }

    #[test]
    fn a_run_without_jobs_is_not_read_as_jobs_that_never_waited() {
        let pair = Alternative::ExtraNodes(1).prepare(ONE_BUILD, &default_model()).unwrap();
        let (busy, none) = (simulate(&pair.first, 1, Detail::Summary), simulate(&scenario::parse("{}").unwrap(), 1, Detail::Summary));
        let versus = Alternative::Scenario(String::new());
        assert_eq!(versus.line(&none.summary, &none.summary), "Scenario A → B: no jobs in either run");
        assert_eq!(versus.line(&busy.summary, &none.summary), "Scenario A → B: p95 wait 0:10:00 → none (no jobs), max wait 0:10:00 → none (no jobs)");
    }

    #[test]
    fn more_nodes_go_to_the_first_node_row_there_is_and_need_one() {
        let two = scenario::parse(r#"{"clusters": [{"name": "empty", "nodes": []}, {"name": "c", "nodes": [{"name": "n", "count": 3, "cpu": 1000, "memory": 1024}]}]}"#).unwrap();
        let more = two.with_extra_nodes(2).unwrap();
        assert_eq!(more.scenario.clusters[1].nodes[0].count, 5, "the second cluster holds the first row");
        // A row of one node keeps its node's name, and the new nodes take names no node has:
        // the comparison runs rather than being refused for a clash the scenario never wrote.
        let names = |text: &str, extra: u32| {
            let more = scenario::parse(text).unwrap().with_extra_nodes(extra).unwrap();
            crate::simulate::simulate(&more, 1, crate::simulate::Detail::Full).nodes.iter().map(|n| n.node.clone()).collect::<Vec<_>>().join(" ")
        };
        let rows = |rows: &str| format!(r#"{{"clusters": [{{"name": "c", "nodes": [{rows}]}}]}}"#);
        assert_eq!(names(&rows(r#"{"name": "n", "cpu": 1000, "memory": 1024}, {"name": "n-2", "cpu": 500, "memory": 512}"#), 2), "n n-extra-1 n-extra-2 n-2");
        assert_eq!(names(&rows(r#"{"name": "big", "cpu": 1000, "memory": 1024}"#), 1), "big big-extra");
        // A row of several grows, unless a new number is another node's name…
        assert_eq!(names(&rows(r#"{"name": "n", "count": 2, "cpu": 1000, "memory": 1024}, {"name": "m", "cpu": 500, "memory": 512}"#), 2), "n-1 n-2 n-3 n-4 m");
        assert_eq!(names(&rows(r#"{"name": "n", "count": 2, "cpu": 1000, "memory": 1024}, {"name": "n-4", "cpu": 500, "memory": 512}"#), 2), "n-1 n-2 n-extra-1 n-extra-2 n-4");
        // …and a row of its own takes the first free name.
        assert_eq!(names(&rows(r#"{"name": "n", "cpu": 1000, "memory": 1024}, {"name": "n-extra", "cpu": 500, "memory": 512}, {"name": "n-extra2-1", "cpu": 500, "memory": 512}"#), 1), "n n-extra3 n-extra n-extra2-1");
        let more = scenario::parse(&rows(r#"{"name": "n", "cpu": 1000, "memory": 1024, "labels": {"pool": "ci"}, "builder": true}"#)).unwrap().with_extra_nodes(3).unwrap();
        let [_, extra] = &more.scenario.clusters[0].nodes[..] else { panic!("two rows: {:?}", more.scenario.clusters[0].nodes) };
        assert_eq!((extra.cpu, extra.count, extra.labels.get("pool").map(String::as_str), extra.builder), (1000, 3, Some("ci"), true), "like the first row");
        let none = scenario::parse(r#"{"clusters": [{"name": "empty", "nodes": []}]}"#).unwrap();
        let refused = none.with_extra_nodes(2).unwrap_err();
        assert_eq!((refused[0].path.as_str(), refused[0].code.as_str()), ("/clusters", "no-node-row"), "{refused:?}");
    }
}
