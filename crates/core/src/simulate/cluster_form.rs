//! The cluster model as a form edits it: every field as typed, so a half-typed number is never
//! lost, read back into [`ClusterSpec`]s and Zadig's queue settings with a message per field
//! that does not read.
//!
//! Pointers follow the scenario format (`/clusters/0/nodes/1/cpu`), so the same checks speak
//! for the form and for a scenario file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::node_size;
use super::scenario::{ClusterSpec, NodeSpec, RunnerSpec, StrategySpec, ZadigSettings, check_cluster_model, check_zadig_settings};
use crate::workspace::numbered_free_name;
use crate::{Diagnostic, Source};

/// One row of nodes (`count` identical nodes) as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeRow {
    pub name: String,
    pub count: String,
    pub cpu: String,
    pub memory: String,
    pub gpus: String,
    pub arch: String,
    /// `key=value` pairs separated by commas.
    pub labels: String,
    pub max_pods: String,
    pub builder: bool,
}

impl Default for NodeRow {
    fn default() -> NodeRow {
        NodeRow::of(&NodeSpec { name: "node".into(), cpu: 4000, memory: 8192, ..NodeSpec::default() })
    }
}

/// One Zadig scheduling strategy as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StrategyRow {
    pub name: String,
    /// `normal`, `required` or `preferred`.
    pub strategy: String,
    /// `key:value` labels separated by commas.
    pub labels: String,
    pub default: bool,
}

/// One cluster as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterRows {
    pub name: String,
    pub nodes: Vec<NodeRow>,
    pub strategies: Vec<StrategyRow>,
}

impl NodeRow {
    /// The row showing a node spec.
    pub fn of(n: &NodeSpec) -> NodeRow {
        NodeRow {
            name: n.name.clone(),
            count: n.count.to_string(),
            cpu: n.cpu.to_string(),
            memory: n.memory.to_string(),
            gpus: n.gpus.to_string(),
            arch: n.arch.clone(),
            labels: n.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "),
            max_pods: n.max_pods.to_string(),
            builder: n.builder,
        }
    }
}

impl StrategyRow {
    /// The row showing a strategy.
    pub fn of(s: &StrategySpec) -> StrategyRow {
        StrategyRow { name: s.name.clone(), strategy: s.strategy.clone(), labels: s.labels.join(", "), default: s.default }
    }
}

impl ClusterRows {
    /// The rows showing a cluster model.
    pub fn of_model(clusters: &[ClusterSpec]) -> Vec<ClusterRows> {
        clusters
            .iter()
            .map(|c| ClusterRows { name: c.name.clone(), nodes: c.nodes.iter().map(NodeRow::of).collect(), strategies: c.strategies.iter().map(StrategyRow::of).collect() })
            .collect()
    }

    /// A new cluster for "Add cluster": one default row of nodes, under a name no cluster has.
    pub fn added(clusters: &[ClusterRows]) -> ClusterRows {
        let name = numbered_free_name("cluster", clusters.len() + 1, |n| clusters.iter().any(|c| c.name.trim() == n));
        ClusterRows { name, nodes: vec![NodeRow::default()], strategies: Vec::new() }
    }

    /// A new row for "Add nodes", named so that none of its nodes shares a name with another
    /// (a row of three `node` is `node-1`…`node-3`, so the next row is not `node-2`).
    pub fn added_nodes(&self) -> NodeRow {
        let rows: Vec<NodeSpec> = self.nodes.iter().map(|r| NodeSpec { name: r.name.trim().to_string(), count: r.count.trim().parse().unwrap_or(1), ..NodeSpec::default() }).collect();
        let name = numbered_free_name("node", self.nodes.len() + 1, |n| rows.iter().any(|r| r.name == n || r.names_node(n)));
        NodeRow { name, ..NodeRow::default() }
    }

    /// A new `normal` strategy for "Add strategy", under a name no strategy of the cluster has.
    pub fn added_strategy(&self) -> StrategyRow {
        let name = numbered_free_name("strategy", self.strategies.len() + 1, |n| self.strategies.iter().any(|s| s.name.trim() == n));
        StrategyRow { name, strategy: "normal".into(), ..StrategyRow::default() }
    }
}

/// Zadig's queue settings as typed: the system's workflow concurrency and each task's job
/// concurrency, which the Jobs page's tasks queue by and scenarios without their own take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ZadigRows {
    pub workflow_concurrency: String,
    pub job_concurrency: String,
    /// Per-workflow concurrency limits, `workflow=limit` separated by commas (a started job's
    /// task runs in its build's workflow, `<build>-workflow`).
    pub workflows: String,
}

impl Default for ZadigRows {
    fn default() -> ZadigRows {
        ZadigRows::of(&ZadigSettings::default())
    }
}

impl ZadigRows {
    /// The fields showing Zadig's settings.
    pub fn of(z: &ZadigSettings) -> ZadigRows {
        let workflows = z.workflows.iter().map(|(name, limit)| format!("{name}={limit}")).collect::<Vec<_>>().join(", ");
        ZadigRows { workflow_concurrency: z.workflow_concurrency.to_string(), job_concurrency: z.job_concurrency.to_string(), workflows }
    }

    /// Reads the fields: the settings when both read and allow a task to run, else each
    /// problem at its field's pointer (`/zadig/job_concurrency`, as in a scenario).
    pub fn read(&self) -> Result<ZadigSettings, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut number = |field: &str, text: &str| -> u32 {
            match text.trim().parse::<i64>() {
                // Past u32 a limit means "no limit" as surely as u32::MAX does.
                Ok(v) => v.clamp(0, i64::from(u32::MAX)) as u32,
                Err(_) => {
                    problems.push(bad(&format!("/zadig/{field}"), "not-a-number", format!("`{}` is not a whole number.", text.trim())));
                    1
                }
            }
        };
        let workflow_concurrency = number("workflow_concurrency", &self.workflow_concurrency);
        let job_concurrency = number("job_concurrency", &self.job_concurrency);
        let workflows = self.read_workflows(&mut problems);
        let settings = ZadigSettings { workflow_concurrency, job_concurrency, workflows };
        // A limit's problem is shown at the one field that holds them all.
        problems.extend(check_zadig_settings(&settings).into_iter().map(|mut d| {
            if d.path.starts_with("/zadig/workflows/") {
                d.path = "/zadig/workflows".into();
            }
            d
        }));
        if problems.is_empty() { Ok(settings) } else { Err(problems) }
    }

    /// The per-workflow limits as typed (`api-workflow=1, web-workflow=-1`), each part that does
    /// not read, or names a workflow twice, a problem at the field.
    fn read_workflows(&self, problems: &mut Vec<Diagnostic>) -> BTreeMap<String, i64> {
        let mut workflows = BTreeMap::new();
        for part in self.workflows.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let read = part.split_once('=').and_then(|(name, limit)| Some((name.trim(), limit.trim().parse::<i64>().ok()?))).filter(|(name, _)| !name.is_empty());
            match read {
                Some((name, _)) if workflows.contains_key(name) => {
                    problems.push(bad("/zadig/workflows", "duplicate-workflow", format!("Workflow `{name}` is given a limit twice.")));
                }
                Some((name, limit)) => {
                    workflows.insert(name.to_string(), limit);
                }
                None => problems.push(bad("/zadig/workflows", "invalid-limit", format!("`{part}` should read `workflow=limit`, a whole number (-1 for no limit)."))),
            }
        }
        workflows
    }
}

/// A new healthy runner for "Add runner", under a name no runner has.
pub fn added_runner(runners: &[RunnerSpec]) -> RunnerSpec {
    let name = numbered_free_name("runner", runners.len() + 1, |n| runners.iter().any(|r| r.name.trim() == n));
    RunnerSpec { name, healthy: true, sandbox_mode: false }
}

/// Reads the rows: the cluster model when every field reads and the model is sound, else every
/// problem at its field's pointer.
pub fn read(rows: &[ClusterRows]) -> Result<Vec<ClusterSpec>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut clusters = Vec::new();
    for (c, cluster) in rows.iter().enumerate() {
        let at = format!("/clusters/{c}");
        if cluster.name.trim().is_empty() {
            problems.push(bad(&format!("{at}/name"), "empty-name", "A cluster needs a name.".into()));
        }
        let mut nodes = Vec::new();
        for (n, row) in cluster.nodes.iter().enumerate() {
            let at = format!("{at}/nodes/{n}");
            let mut size = |field: &str, text: &str, quantity: fn(&str) -> Result<i64, String>| -> i64 {
                node_size::typed(text, quantity).unwrap_or_else(|message| {
                    problems.push(bad(&format!("{at}/{field}"), "not-a-size", message));
                    0
                })
            };
            let cpu = size("cpu", &row.cpu, node_size::cpu_quantity);
            let memory = size("memory", &row.memory, node_size::memory_quantity);
            let mut number = |field: &str, text: &str, unit: &str| -> i64 {
                match text.trim().parse::<i64>() {
                    Ok(v) => v,
                    Err(_) => {
                        problems.push(bad(&format!("{at}/{field}"), "not-a-number", format!("`{}` is not a whole number{unit}.", text.trim())));
                        0
                    }
                }
            };
            let gpus = number("gpus", &row.gpus, "");
            let max_pods = number("max_pods", &row.max_pods, "");
            let count = number("count", &row.count, "");
            if row.name.trim().is_empty() {
                problems.push(bad(&format!("{at}/name"), "empty-name", "A node needs a name.".into()));
            }
            let mut labels = BTreeMap::new();
            for part in row.labels.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                match part.split_once('=') {
                    Some((k, v)) if !k.trim().is_empty() => {
                        labels.insert(k.trim().to_string(), v.trim().to_string());
                    }
                    _ => problems.push(bad(&format!("{at}/labels"), "invalid-label", format!("Label `{part}` should read `key=value`."))),
                }
            }
            let count = u32::try_from(count).unwrap_or(0);
            nodes.push(NodeSpec { name: row.name.trim().to_string(), cpu, memory, gpus, arch: row.arch.trim().to_string(), labels, max_pods, count, builder: row.builder });
        }
        let strategies = cluster
            .strategies
            .iter()
            .enumerate()
            .map(|(s, row)| {
                if row.name.trim().is_empty() {
                    problems.push(bad(&format!("{at}/strategies/{s}/name"), "empty-name", "A strategy needs a name.".into()));
                }
                let labels = row.labels.split(',').map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
                StrategySpec { name: row.name.trim().to_string(), strategy: row.strategy.trim().to_string(), labels, default: row.default }
            })
            .collect();
        clusters.push(ClusterSpec { name: cluster.name.trim().to_string(), nodes, strategies });
    }
    let read_problems: std::collections::BTreeSet<String> = problems.iter().map(|d| d.path.clone()).collect();
    // A field that did not read is reported once, by what is wrong with its text.
    problems.extend(check_cluster_model(&clusters).into_iter().filter(|d| !read_problems.contains(&d.path)));
    if problems.iter().any(Diagnostic::is_error) { Err(problems) } else { Ok(clusters) }
}

fn bad(path: &str, code: &str, message: String) -> Diagnostic {
    Diagnostic::error(path, code, Source::Runtime, message)
}
