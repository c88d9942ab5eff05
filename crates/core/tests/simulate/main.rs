//! The simulator, one table test per scheduling rule (a file per backend's rules), plus its
//! scenario checks, reports, lints, forms, determinism and properties; helpers shared by all here.

mod zadig;
mod fit;
mod nuon;
mod rainbond;
mod servicestage;
mod scenario_checks;
mod properties;
mod model;
mod reports;
mod lints;
mod forms;
mod templates;
mod started;

use buildbay_core::simulate::compare::Alternative;
use buildbay_core::simulate::outcome::{JobOutcome, WaitOut};
use buildbay_core::simulate::{self, Detail, Engine, Outcome, scenario};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A Zadig build request Zadig accepts, on cluster `prod` unless `advanced` names another
/// (Zadig requires a cluster name once advanced settings are given).
fn zadig_build(name: &str, mut advanced: Value) -> Value {
    if let Some(settings) = advanced.as_object_mut() {
        settings.entry("cluster_name").or_insert_with(|| json!("prod"));
    }
    json!({"definition": {"name": name, "project_key": "p", "infrastructure": "kubernetes", "build_os": "ubuntu 20.04",
        "script_type": "shell", "build_script": "make", "services": [{"service_name": name, "service_module": name}],
        "advanced_settings": advanced}})
}

fn cluster(nodes: Value) -> Value {
    json!([{"name": "prod", "nodes": nodes, "strategies": [
        {"name": "pool", "strategy": "required", "labels": ["pool:build"]},
        {"name": "nowhere", "strategy": "required", "labels": ["pool:gpu"]}]}])
}

fn run(scenario: Value) -> Outcome {
    let prepared = scenario::parse(&scenario.to_string()).unwrap_or_else(|e| panic!("scenario invalid: {e:?}"));
    simulate::simulate(&prepared, prepared.scenario.seed, Detail::Full)
}

/// Each finding's place and words, of those with `code` (of all, for an empty one): what a
/// reader is told, and where.
fn said<'a>(found: &'a [buildbay_core::Diagnostic], code: &str) -> Vec<(&'a str, &'a str)> {
    found.iter().filter(|d| code.is_empty() || d.code == code).map(|d| (d.path.as_str(), d.message.as_str())).collect()
}

fn job<'a>(o: &'a Outcome, id: &str) -> &'a JobOutcome {
    o.jobs.iter().find(|j| j.id == id).unwrap_or_else(|| panic!("no job {id}"))
}

/// The README's example with two hours of arrivals (120 an hour) beside its explicit jobs.
fn example_with_arrivals() -> simulate::Prepared {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenario.json")).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["workload"]["arrivals"] = json!([{"per_hour": 120, "from": 0, "until": 7200}]);
    scenario::parse(&value.to_string()).unwrap()
}

/// The two example scenarios, parsed, for checks that go over every place of a real scenario.
fn examples() -> [Value; 2] {
    [include_str!("../../../../examples/scenario.json"), include_str!("../../../../examples/simulator.json")].map(|text| serde_json::from_str(text).unwrap())
}

/// Every place in `value` (each field and each entry, at any depth) by its JSON pointer, with
/// what is there, parents before their children.
fn places(value: &Value) -> Vec<(String, &Value)> {
    fn walk<'a>(value: &'a Value, at: &str, out: &mut Vec<(String, &'a Value)>) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(fields) => fields.iter().map(|(k, v)| (buildbay_core::pointer::join(at, k), v)).collect(),
            Value::Array(items) => items.iter().enumerate().map(|(i, v)| (buildbay_core::pointer::index(at, i), v)).collect(),
            _ => Vec::new(),
        };
        for (here, child) in children {
            out.push((here.clone(), child));
            walk(child, &here, out);
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

fn one_node(cpu: i64) -> Value {
    cluster(json!([{"name": "n1", "cpu": cpu, "memory": 8192, "labels": {"pool": "build"}}]))
}

fn nuon(settings: Value, jobs: Value) -> Outcome {
    run(json!({"builds": [{"name": "c", "definition": {"git_ref": "main"}, "nuon": settings}], "workload": {"jobs": jobs}}))
}

fn rainbond(nodes: Value, builds: Value, jobs: Value) -> Outcome {
    run(json!({"clusters": [{"name": "region", "nodes": nodes}], "builds": builds, "workload": {"jobs": jobs}}))
}

fn rb_build(name: &str, kind: &str) -> Value {
    json!({"name": name, "definition": {"repo_url": format!("https://git.example.com/{name}.git"), "branch": "main"}, "rainbond": {"kind": kind}})
}
