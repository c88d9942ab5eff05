//! The in-browser build engine: a deterministic discrete-event simulation of where builds
//! would run, how long they would wait and why, under each backend's own rules.
//!
//! Pure and seeded: the same scenario and seed give byte-identical results natively and in
//! wasm (integer time in milliseconds, seeded ChaCha and PCG generators, no floating-point library calls).

pub mod chart;
pub mod cluster;
pub mod cluster_form;
pub mod compare;
pub mod engine;
mod field_words;
pub mod job_table;
pub mod lints;
pub mod logs;
mod names_held;
pub mod node_size;
pub mod outcome;
pub mod plan;
pub mod scenario;
pub mod scenario_file;
pub mod scenario_link;
pub mod scenario_text;
pub mod seeds;
pub mod start;
pub mod started;
pub mod stepped;
pub mod text;
pub mod wait_reasons;
pub mod workload;

pub use engine::{Detail, Engine, Loading};
pub use outcome::Outcome;
pub use scenario::{Prepared, Scenario};

/// Runs a prepared scenario to the end (every job reaches a terminal status).
pub fn simulate(prepared: &Prepared, seed: u64, detail: Detail) -> Outcome {
    let mut outcome = run(prepared, seed, detail);
    outcome.keep_scenario_words(prepared);
    outcome
}

/// [`simulate`] without the scenario's findings, name and description, for a caller that keeps
/// only the figures (a sweep over seeds would copy them once a seed only to drop them).
pub(crate) fn run(prepared: &Prepared, seed: u64, detail: Detail) -> Outcome {
    let mut engine = Engine::new(prepared, seed, detail);
    engine.run();
    Outcome::of(&mut engine)
}

/// The capacity-planning benchmark's scenario: `nodes` nodes of 8 CPU / 16 GiB and `jobs` Zadig
/// jobs of the `min` preset arriving at about 80 % of the fleet's capacity.
pub fn capacity_scenario(jobs: u64, nodes: u32) -> Prepared {
    use scenario::{Arrival, BuildEntry, ClusterSpec, NodeSpec, Workload, ZadigSettings};
    let build = serde_json::json!({"name": "svc", "project_key": "bench", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04",
        "script_type": "shell", "build_script": "make\nmake test", "services": [{"service_name": "svc", "service_module": "svc"}],
        "installs": [{"name": "go", "version": "1.22"}],
        "repo_info": [{"codehost_name": "gh", "repo_namespace": "acme", "repo_name": "svc", "branch": "main"}],
        "advanced_settings": {"timeout": 60, "resource_spec": {"cpu_limit": 2000, "memory_limit": 2048, "cpu_req": 500, "memory_req": 512}}});
    // 16 pods per node by CPU; a run takes about 70 s; 80 % of that capacity per hour.
    let per_hour = f64::from(nodes) * 16.0 * 0.8 * 3600.0 / 70.0;
    let s = Scenario {
        seed: 1,
        clusters: vec![ClusterSpec { name: "bench".into(), nodes: vec![NodeSpec { name: "node".into(), cpu: 8000, memory: 16384, count: nodes, ..NodeSpec::default() }], strategies: Vec::new() }],
        zadig: ZadigSettings { workflow_concurrency: 1_000_000, ..ZadigSettings::default() },
        builds: vec![BuildEntry { definition: build, ..BuildEntry::default() }],
        workload: Workload { jobs: Vec::new(), arrivals: vec![Arrival { builds: Vec::new(), per_hour, from: 0.0, until: 1.0e9, max_jobs: jobs }] },
        ..Scenario::default()
    };
    scenario::prepare(s).unwrap_or_else(|_| Prepared { scenario: Scenario::default(), builds: Vec::new(), findings: Vec::new() })
}

/// How many whole runs the capacity benchmark times, natively and in wasm alike, keeping the
/// fastest: on a shared machine a single run can be a third slower for reasons of its own.
pub const CAPACITY_RUNS: usize = 5;

/// Runs the benchmark scenario with summaries only; returns (events processed, jobs ended).
pub fn capacity_run(prepared: &Prepared) -> (u64, usize) {
    let mut engine = Engine::new(prepared, prepared.scenario.seed, Detail::Summary);
    engine.run();
    (engine.events, engine.finished as usize)
}

/// The cluster model a console starts with: the default clusters, Zadig's default queue and
/// Nuon's one healthy org runner.
pub fn default_model() -> scenario::ClusterModel {
    scenario::ClusterModel { clusters: default_clusters(), zadig: scenario::ZadigSettings::default(), runners: vec![scenario::RunnerSpec::default()] }
}

/// The cluster model the console starts with: one cluster, `local`, of three 4-CPU / 8 GiB
/// x86_64 nodes labelled `pool: build`, with Zadig's three kinds of strategy over that label.
pub fn default_clusters() -> Vec<scenario::ClusterSpec> {
    use scenario::{ClusterSpec, NodeSpec, StrategySpec};
    let labels = [("pool".to_string(), "build".to_string())].into_iter().collect();
    vec![ClusterSpec {
        name: "local".into(),
        nodes: vec![NodeSpec { name: "node".into(), count: 3, cpu: 4000, memory: 8192, labels, ..NodeSpec::default() }],
        strategies: vec![
            StrategySpec { name: "random".into(), strategy: "normal".into(), labels: Vec::new(), default: true },
            StrategySpec { name: "build-pool".into(), strategy: "required".into(), labels: vec!["pool:build".into()], default: false },
        ],
    }]
}
