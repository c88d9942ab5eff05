//! What a simulation is asked: clusters, runners, builds and a workload, as a JSON document
//! (its parts in `document`), read and checked (`checks`) into what the engine runs.
//!
//! Times in a scenario are seconds (fractions allowed); Zadig timeouts stay in minutes because
//! that is how the build itself states them.

mod checks;
mod document;
mod job_findings;
pub use job_findings::{JobFindings, JobWithFindings};
mod secrets;

use serde_json::Value;

use crate::import::{self, Document, Hint};
use crate::model::Build;
use crate::objects_as_written::ObjectsAsWritten;
use crate::simulate::plan::Profile;
use crate::simulate::names_held;
use crate::target::Target;
use crate::validate::Context;
use crate::{Diagnostic, Severity, Source};
use checks::{check_attempts, check_attempts_made, check_capacity, check_cluster_use, check_clusters, check_durations, check_durations_used, check_fields_used, check_job_ids, check_node_units, check_nuon_timeout, check_outcome, check_pod_resources, check_rate, check_seconds, check_services, check_workflow_limits};
pub use checks::{ARCHITECTURES, DEFAULT_ARCH, MAX_ATTEMPTS, MAX_JOBS, MAX_NODES, STRATEGY_KINDS, check_cluster_model, check_runners, check_zadig_settings, node_arch, nodes_within_limits};
pub(crate) use checks::number_after;
pub use document::{Arrival, AttemptPin, BuildEntry, ClusterSpec, ErrorPolicy, JobSpec, NodeSpec, NuonSettings, PublicRepo, RainbondSettings, RunnerSpec, Scenario, StepDurations, StrategySpec, Workload, ZadigSettings};
pub use secrets::{holds_secrets, without_secrets};

/// The most nodes a comparison adds: beyond it the question is a different fleet, not "a few more".
pub const MAX_EXTRA_NODES: u32 = 1000;

/// Reads the Simulator's "compare with extra nodes" field as typed, saying what is wrong with it.
pub fn extra_nodes(text: &str) -> Result<u32, String> {
    let t = text.trim();
    match t.parse::<u32>() {
        Ok(n) if (1..=MAX_EXTRA_NODES).contains(&n) => Ok(n),
        Ok(n) => Err(format!("Give between 1 and {MAX_EXTRA_NODES} extra nodes, not {n}.")),
        Err(_) if t.is_empty() => Err(format!("Give how many nodes to add, from 1 to {MAX_EXTRA_NODES}.")),
        Err(_) => Err(format!("`{t}` is not a whole number of nodes (1 to {MAX_EXTRA_NODES}).")),
    }
}

/// A scenario checked and with its builds read: what the engine runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub scenario: Scenario,
    pub builds: Vec<PreparedBuild>,
    /// What did not read in the builds' definitions (a field of the wrong type, an unknown one)
    /// and templates, what the jobs give that their backend has no use for (a Nuon job's
    /// `services`), and what the capacity lints say: the run goes ahead on the rest, so the
    /// reader must be told what it leaves out. At scenario paths, at most [`MAX_LISTED`] and a
    /// line for the rest.
    pub findings: Vec<Diagnostic>,
}

impl Prepared {
    /// About how many jobs the scenario submits (its explicit jobs plus what its arrivals
    /// produce), to choose how much detail a run keeps before running it.
    pub fn expected_jobs(&self) -> f64 {
        let w = &self.scenario.workload;
        w.jobs.len() as f64 + w.arrivals.iter().map(Arrival::expected_jobs).sum::<f64>()
    }

    /// Full detail for a scenario of up to `full_jobs` expected jobs, else summaries only:
    /// full detail costs kilobytes a job, which a large run cannot spend.
    pub fn detail_up_to(&self, full_jobs: f64) -> super::Detail {
        if self.expected_jobs() > full_jobs { super::Detail::Summary } else { super::Detail::Full }
    }

    /// The same scenario with `extra` more nodes in its first node row, checked again (the row
    /// may go past its largest count); refused when no cluster has a row to copy, rather than
    /// compared with itself under the heading "Add N nodes".
    pub fn with_extra_nodes(&self, extra: u32) -> Result<Prepared, Vec<Diagnostic>> {
        if self.scenario.clusters.iter().all(|c| c.nodes.is_empty()) {
            let why = "There is no node row to add nodes to: extra nodes are more of the first node row, and no cluster of this scenario has one.";
            return Err(vec![problem("/clusters", "no-node-row", why.to_string())]);
        }
        prepare(self.scenario.clone().with_extra_nodes(extra))
    }
}

/// The console's cluster model: the infrastructure the Jobs page's jobs run on, which a
/// Simulator scenario takes wherever it names none of its own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusterModel {
    pub clusters: Vec<ClusterSpec>,
    /// Zadig's queue settings.
    pub zadig: ZadigSettings,
    /// Nuon's runners (none: the engine's one healthy `org-runner`).
    pub runners: Vec<RunnerSpec>,
}

/// The parts of the cluster model the scenario names none of its own (`clusters`, Zadig's
/// queue settings `zadig`, Nuon's `runners` when the model has any), with their values; none
/// while the text is not a JSON object, which is refused as typed, its problems where typed.
fn missing_model_parts(text: &str, model: &ClusterModel) -> Vec<(&'static str, Value)> {
    let Ok(Value::Object(named)) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let names = |key: &str| named.contains_key(key);
    let mut parts = Vec::new();
    let mut put = |key: &'static str, value: Result<Value, serde_json::Error>| {
        if !names(key) && let Ok(value) = value {
            parts.push((key, value));
        }
    };
    put("clusters", serde_json::to_value(&model.clusters));
    put("zadig", serde_json::to_value(&model.zadig));
    if !model.runners.is_empty() {
        put("runners", serde_json::to_value(&model.runners));
    }
    parts
}

/// The text with `parts` (each `"key": value`, already written) right after its opening brace.
fn after_opening_brace(text: &str, parts: &[String], between: &str) -> String {
    let Some(brace) = text.find('{').filter(|_| !parts.is_empty()) else { return text.to_string() };
    let rest = &text[brace + 1..];
    let comma = if rest.trim_start().starts_with('}') { "" } else { "," };
    format!("{}{{{between}{}{comma}{rest}", &text[..brace], parts.join(&format!(",{between}")))
}

/// The scenario text with the console's cluster model put in where it names none of its own:
/// `clusters`, Zadig's queue settings `zadig` and Nuon's `runners`. They go in right after the
/// opening brace, so positions in problems stay where they were typed everywhere after the
/// first line.
pub fn with_cluster_model(text: &str, model: &ClusterModel) -> String {
    with_parts(text, &missing_model_parts(text, model))
}

/// The text with `parts` put in compactly after its opening brace.
fn with_parts(text: &str, parts: &[(&'static str, Value)]) -> String {
    let parts: Vec<String> = parts.iter().map(|(key, value)| format!("\"{key}\":{value}")).collect();
    after_opening_brace(text, &parts, "")
}

/// The scenario as a file `buildbay simulate` runs as the page does, though the command line
/// has no cluster model: the model's parts the scenario names none of put in after its opening
/// brace, indented as the page writes JSON, the rest as typed; and which parts went in.
pub fn with_cluster_model_written(text: &str, model: &ClusterModel) -> (String, Vec<&'static str>) {
    let missing = missing_model_parts(text, model);
    let keys = missing.iter().map(|(key, _)| *key).collect();
    let parts: Vec<String> = missing
        .into_iter()
        .map(|(key, value)| {
            let pretty = serde_json::to_string_pretty(&value).unwrap_or_default().replace('\n', "\n  ");
            format!("\"{key}\": {pretty}")
        })
        .collect();
    (after_opening_brace(text, &parts, "\n  "), keys)
}

/// Reads a build definition as `buildbay import` would; when that cannot tell whose it is (an
/// empty Rainbond body, say: every field of Rainbond's build request is optional), the entry's
/// `semantics` names the backend to read it as.
fn read_definition(definition: &Value, semantics: Option<Target>) -> Result<import::Imported, import::ImportError> {
    match (import::import_value(definition.clone(), Hint::Auto), semantics) {
        (Err(_), Some(target)) => import::import_value(definition.clone(), Hint::Target(target)),
        (read, _) => read,
    }
}

/// The name a scenario's build entry goes by, as its jobs name it: its own `name`, else its
/// definition's as read under its `semantics` (`None` when neither gives one). Whatever edits
/// the scenario's builds by name must find an entry named only in its definition too, or it
/// would add a second build of that name, which the scenario refuses.
pub(crate) fn entry_name(entry: &Value) -> Option<String> {
    let own = entry.get("name").and_then(Value::as_str).filter(|n| !n.is_empty());
    if let Some(own) = own {
        return Some(own.to_string());
    }
    // The two fields read by hand: deserialising a whole entry from a `Value` would bring a
    // second copy of every entry type's reader into the bundle (7.7 KB brotli) for one name.
    let semantics = entry.get("semantics").and_then(Value::as_str).and_then(Target::parse);
    match read_definition(entry.get("definition")?, semantics).ok()?.document {
        Document::Build(build) if !build.name.is_empty() => Some(build.name),
        _ => None,
    }
}

/// The errors the definition's backend would refuse it with, as warnings: the simulation runs
/// the build as written (what-if), and says that the real request would not be accepted. So
/// are the inputs of a template build that its template (in `context`) lacks: Zadig drops
/// them without a word, and so does the run; and a timeout as Zadig reads it (minutes, 0 or
/// less for 600), which sets when the run ends such a build.
fn what_its_backend_says(imported: &import::Imported, at: &str, context: &Context) -> Vec<Diagnostic> {
    let backend = imported.shape.target().label();
    let mut said = Vec::new();
    for mut d in import::prefix(crate::check::request_findings(imported, context), at) {
        d.message = match (d.severity, d.source, d.code.as_str()) {
            // The scenario says so in its own words (`template-not-in-scenario`).
            (_, _, "unknown-template") => continue,
            (Severity::Error, Source::Server, _) => format!("{backend} would refuse this request: {} The simulation runs it as written.", d.message),
            (_, _, "unknown-input") => format!("{} The simulation drops it too.", d.message),
            // How long the build may wait or run is the simulation's business too.
            (_, _, "timeout-in-minutes" | "timeout-not-positive") => d.message,
            _ => continue,
        };
        d.severity = Severity::Warning;
        said.push(d);
    }
    said
}

/// One build of the scenario, read into the console's model.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedBuild {
    pub name: String,
    pub semantics: Target,
    pub build: Build,
}

/// Each build's index by name (the first build of a name), for looking builds up per job: a
/// scenario may hold thousands of builds and a million jobs naming them.
pub fn build_index(builds: &[PreparedBuild]) -> std::collections::HashMap<&str, usize> {
    let mut index = std::collections::HashMap::with_capacity(builds.len());
    for (i, build) in builds.iter().enumerate() {
        index.entry(build.name.as_str()).or_insert(i);
    }
    index
}

/// The largest scenario document read (generated workloads may still be larger).
pub const MAX_SCENARIO_BYTES: usize = 64 * 1024 * 1024;

/// Reads a scenario document; every problem says where it is (a JSON pointer, and line and
/// column for syntax errors).
pub fn parse(text: &str) -> Result<Prepared, Vec<Diagnostic>> {
    parse_placing(text, text, |_| true)
}

/// Reads a scenario on the console's cluster model (see [`with_cluster_model`]), each problem
/// located in the text as typed, so that a one-line scenario's places are right too; a part
/// taken from the model was never typed, so a problem in it has its pointer but no line.
pub fn parse_on_model(text: &str, model: &ClusterModel) -> Result<Prepared, Vec<Diagnostic>> {
    // Found once: finding them reads the whole text, which may be megabytes.
    let taken = missing_model_parts(text, model);
    let in_taken = |path: &str| taken.iter().any(|(key, _)| path.strip_prefix('/').and_then(|p| p.strip_prefix(key)).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')));
    parse_placing(&with_parts(text, &taken), text, |path| !in_taken(path))
}

/// Reads `text`, placing each problem that has no position yet in `typed` (the text as the
/// admin typed it) by its pointer where `placeable` says the path was typed there.
fn parse_placing(text: &str, typed: &str, placeable: impl Fn(&str) -> bool) -> Result<Prepared, Vec<Diagnostic>> {
    let place = |problems: &mut [Diagnostic]| crate::diagnostic::place(problems, typed, |d| placeable(&d.path));
    let mut prepared = parse_unlocated(text).map_err(|mut problems| {
        place(&mut problems);
        problems
    })?;
    // The console's model holds limits for the Jobs page's builds: unused by a scenario that
    // takes them, they are no slip of its own.
    prepared.findings.retain(|d| d.code != "workflow-limit-not-used" || placeable(&d.path));
    place(&mut prepared.findings);
    Ok(prepared)
}

fn parse_unlocated(text: &str) -> Result<Prepared, Vec<Diagnostic>> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(vec![problem("", "document-too-large", format!("The scenario is {} bytes; the limit is {MAX_SCENARIO_BYTES}.", text.len()))]);
    }
    let value = import::parse_json(text).map_err(|d| vec![d])?;
    // Serde would read an array as the scenario's fields in order, and complain of its items.
    if !value.is_object() {
        let message = format!("A scenario is a JSON object (with `clusters`, `builds`, `workload`…); this is {}.", import::kind_of(&value));
        return Err(vec![problem("", "invalid-scenario", message)]);
    }
    prepare(read_scenario(value)?)
}

/// The most problems of kind and name one reading reports; past them the scenario is probably
/// not one at all (and each is found by reading the whole scenario again).
const MAX_READ_PROBLEMS: usize = 20;

/// Reads the scenario's fields, reporting every value of the wrong kind and every unknown
/// field at once (each is set aside and the rest read again) rather than one per attempt. A
/// list where an object goes is one of them, at any depth, not the object's fields in order.
fn read_scenario(mut value: Value) -> Result<Scenario, Vec<Diagnostic>> {
    // The top level's keys as written, so that problems found apart come out in that order.
    let written: Vec<String> = value.as_object().map(|top| top.keys().cloned().collect()).unwrap_or_default();
    let mut problems = Vec::new();
    loop {
        let error = match serde_path_to_error::deserialize::<_, Scenario>(ObjectsAsWritten(&value)) {
            Ok(scenario) if problems.is_empty() => return Ok(scenario),
            Ok(_) => break,
            Err(error) => error,
        };
        if problems.len() == MAX_READ_PROBLEMS {
            // One more reading found one more: the list is cut short and must say so.
            let message = format!("…and more: the reading stopped after {MAX_READ_PROBLEMS} unknown fields and values of the wrong kind. Fix these and run again to see the rest.");
            problems.push(problem("", MORE_PROBLEMS, message));
            break;
        }
        let at = crate::pointer::of_serde_path(error.path());
        let message = error.inner().to_string();
        problems.push(problem(&at, "invalid-scenario", super::field_words::plain_message(&message, &at)));
        let replacement = import::expected_of(&message).map(|(_, empty)| empty);
        if at.is_empty() || !import::patch(&mut value, &at, replacement) {
            break;
        }
    }
    // Serde reports in the order written; a problem at the top (the list's cut) comes last.
    let rank = |d: &Diagnostic| crate::pointer::tokens(&d.path).first().and_then(|top| written.iter().position(|key| key == top)).unwrap_or(usize::MAX);
    problems.sort_by_key(rank);
    Err(problems)
}

/// What to say of a job's or an arrival's build that the scenario lacks: the names it has (the
/// first eight), and the one most likely meant.
fn unknown_build(name: &str, builds: &[PreparedBuild]) -> String {
    let names: Vec<&str> = builds.iter().map(|b| b.name.as_str()).collect();
    let Some(listed) = names_held::listed(&names) else {
        return if name.is_empty() { "Give the job a `build`, and the scenario the build in `builds`.".to_string() } else { format!("No build named `{name}`: the scenario's `builds` name none.") };
    };
    if name.is_empty() {
        return format!("Give the job a `build`: the name of one of the scenario's builds ({listed}).");
    }
    format!("No build named `{name}` in `builds` (its builds: {listed}).{}", names_held::likely_meant(name, &names))
}

/// Checks a scenario and reads its builds, collecting every problem rather than the first.
pub fn prepare(mut scenario: Scenario) -> Result<Prepared, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut builds = Vec::new();
    // The builds' findings, then the templates' and the jobs'.
    let mut build_findings = Vec::new();
    let mut other_findings = Vec::new();
    // Builds named here whose definition does not read: their problems are reported once, at
    // the definition, not again at every job that names them.
    let mut unread = std::collections::BTreeSet::new();
    // The templates, looked up by name (the first of a name, as a second is refused): what a
    // template build runs with, and what its request's inputs are checked against.
    let templates = Context::new(Vec::new(), read_templates(&scenario.templates, &mut problems, &mut other_findings).into_iter().map(|t| (String::new(), t)).collect());
    // The clusters' nodes for the capacity warnings, made once if any build needs them; none
    // for a model over the node limits, which is refused before its nodes are made.
    let mut fleet = None;
    let within_node_limits = nodes_within_limits(&scenario.clusters);
    // Names seen so far: a scenario may hold thousands of builds and name them per job.
    let mut named = std::collections::HashSet::new();
    // Builds under `manual_check` that leave the decision to their jobs.
    let mut undecided = Vec::new();
    for (i, entry) in scenario.builds.iter().enumerate() {
        let at = format!("/builds/{i}/definition");
        match read_definition(&entry.definition, entry.semantics) {
            Ok(imported) => {
                let said = what_its_backend_says(&imported, &at, &templates);
                match imported.document {
                    Document::Build(build) => {
                        let name = if entry.name.is_empty() { build.name.clone() } else { entry.name.clone() };
                        if name.is_empty() {
                            problems.push(problem(&format!("/builds/{i}/name"), "missing-build-name", "Give the build a name (here or in its definition) so jobs can refer to it.".into()));
                        }
                        let semantics = entry.semantics.unwrap_or(imported.shape.target());
                        if entry.error_policy.is_manual_check() && entry.error_policy.decision.is_none() {
                            undecided.push((i, name.clone(), semantics));
                        }
                        let mut findings = import::prefix(imported.findings, &at);
                        findings.extend(said);
                        let template = build.template_name.as_deref().and_then(|t| templates.template(t));
                        let build = with_template(build, (template, &templates), &at, &mut findings);
                        check_cluster_use(&scenario.clusters, (&at, &entry.definition), &name, &build, &mut problems, &mut findings);
                        check_pod_resources((&at, &entry.definition), &name, semantics, &build, &mut findings);
                        checks::check_public_repo_ref(&mut findings, (i, entry), semantics, &build);
                        if within_node_limits {
                            check_capacity((&mut fleet, &scenario.clusters), (&at, entry), &name, semantics, &build, template.map(|t| t.name.as_str()), &mut findings);
                        }
                        if !name.is_empty() && !named.insert(name.clone()) {
                            problems.push(problem(&format!("/builds/{i}/name"), "duplicate-build", format!("Two builds are named `{name}`.")));
                        }
                        builds.push(PreparedBuild { name, semantics, build });
                        build_findings.extend(findings);
                    }
                    _ => {
                        unread.insert(entry.name.as_str());
                        problems.push(problem(&at, "not-a-build", format!("This is {}, not a build definition: give the build as its backend takes it (a build request or detail).", imported.shape.label())));
                    }
                }
            }
            Err(error) => {
                unread.insert(entry.name.as_str());
                problems.extend(import::prefix(error.diagnostics, &at));
            }
        }
        check_rate(&mut problems, &format!("/builds/{i}/failure_rate"), entry.failure_rate);
        if !entry.error_policy.reads() {
            problems.push(problem(&format!("/builds/{i}/error_policy/policy"), "invalid-error-policy", format!("Error policy `{}` is not one of stop, retry, ignore_error, manual_check.", entry.error_policy.policy)));
        }
        checks::check_manual_decision(&mut problems, &mut other_findings, &format!("/builds/{i}/error_policy"), &entry.error_policy);
        if let Some(kind) = &entry.rainbond.kind
            && kind != "source" && kind != "image" {
                problems.push(problem(&format!("/builds/{i}/rainbond/kind"), "invalid-rainbond-kind", format!("Rainbond build kind `{kind}` is neither `source` nor `image`.")));
            }
        if let Some(arch) = &entry.rainbond.arch
            && node_arch(arch).is_none() {
                problems.push(problem(&format!("/builds/{i}/rainbond/arch"), "invalid-arch", format!("Architecture `{arch}` is none of x86_64 (amd64) and aarch64 (arm64).")));
            }
        // A retry count allows that many runs after the first.
        check_attempts(&mut problems, &format!("/builds/{i}/error_policy"), "maximum_retry", entry.error_policy.maximum_retry, MAX_ATTEMPTS - 1);
        check_durations(&mut problems, &format!("/builds/{i}/durations"), &entry.durations);
        let n = &entry.nuon;
        check_attempts(&mut problems, &format!("/builds/{i}/nuon"), "max_executions", n.max_executions.unwrap_or(1), MAX_ATTEMPTS);
        if n.max_executions == Some(0) {
            // Nuon's ProcessJob loops over its executions: with none it would never run the job.
            let why = "`max_executions` must be at least 1: a runner job with none is never run (Nuon makes every build job with 1).";
            problems.push(problem(&format!("/builds/{i}/nuon/max_executions"), "too-few-attempts", why.to_string()));
        }
        for (field, v) in [("queue_timeout", n.queue_timeout), ("available_timeout", n.available_timeout), ("execution_timeout", n.execution_timeout), ("overall_timeout", n.overall_timeout)] {
            check_nuon_timeout(&mut problems, &format!("/builds/{i}/nuon/{field}"), v);
        }
        if let Some(job_type) = &n.job_type
            && !super::plan::NUON_BUILD_JOB_TYPES.contains(&job_type.as_str()) {
                problems.push(problem(&format!("/builds/{i}/nuon/job_type"), "invalid-job-type", format!("Job type `{job_type}` is not one of Nuon's build job types: {}.", super::plan::NUON_BUILD_JOB_TYPES.join(", "))));
            }
        checks::check_public_repo_branch(&mut problems, i, entry);
        if let Some(runner) = &n.runner
            && !scenario.runners.iter().any(|r| &r.name == runner) {
                let names: Vec<&str> = scenario.runners.iter().map(|r| r.name.as_str()).collect();
                let (there, meant) = names_held::around("runners", runner, &names);
                problems.push(problem(&format!("/builds/{i}/nuon/runner"), "unknown-runner", format!("No runner named `{runner}` in `runners`{there}.{meant}")));
            }
    }
    check_clusters(&scenario, &builds, &mut problems);
    check_node_units(&scenario.clusters, &mut other_findings);
    problems.extend(check_runners(&scenario.runners));
    check_rate(&mut problems, "/failure_rate", Some(scenario.failure_rate));
    problems.extend(check_zadig_settings(&scenario.zadig));
    let by_name = build_index(&builds);
    check_workflow_limits(&scenario, (&builds, &by_name), &mut other_findings);
    // Entries pair with the builds read when every one read, as a run needs: then a build's own
    // pinned durations, and each job's pinned attempts and durations, are checked against what
    // its job makes (worked out once per build and semantics, for the jobs that pin any).
    let paired = builds.len() == scenario.builds.len();
    let mut profiles: std::collections::HashMap<(&str, Target), Profile> = std::collections::HashMap::new();
    if paired {
        for (i, (build, entry)) in builds.iter().zip(&scenario.builds).enumerate().filter(|(_, (_, e))| e.durations != StepDurations::default()) {
            let profile = Profile::new(&build.name, build.semantics, &build.build, entry, &[], &[], 0.0);
            check_durations_used(&mut other_findings, &format!("/builds/{i}/durations"), &entry.durations, &profile);
        }
    }
    for (i, job) in scenario.workload.jobs.iter().enumerate() {
        let at = format!("/workload/jobs/{i}");
        match by_name.get(job.build.as_str()).map(|&b| (b, &builds[b])) {
            Some((b, build)) => {
                check_services(&mut problems, &at, job, build);
                check_fields_used(&mut other_findings, &at, job, build);
                let semantics = job.semantics.unwrap_or(build.semantics);
                let entry = scenario.builds.get(b).filter(|_| paired);
                checks::check_job_decision_used(&mut other_findings, &at, job, entry.map(|e| &e.error_policy), semantics);
                if semantics == Target::Nuon
                    && let Some(runner) = entry.and_then(|e| checks::sandbox_runner(&scenario.runners, e))
                {
                    checks::check_sandbox_pins(&mut other_findings, &at, job, runner);
                }
                let pins = job.attempts.len() > 1 || job.durations != StepDurations::default();
                if let Some(entry) = entry.filter(|_| pins) {
                    let profile = profiles.entry((job.build.as_str(), semantics)).or_insert_with(|| Profile::new(&build.name, semantics, &build.build, entry, &[], &[], 0.0));
                    check_attempts_made(&mut other_findings, &at, job, profile);
                    check_durations_used(&mut other_findings, &format!("{at}/durations"), &job.durations, profile);
                }
            }
            None if !unread.contains(job.build.as_str()) => {
                problems.push(problem(&format!("{at}/build"), "unknown-build", unknown_build(&job.build, &builds)));
            }
            None => {}
        }
        check_seconds(&mut problems, &format!("{at}/submit"), Some(job.submit));
        checks::check_decision(&mut problems, &at, job.decision.as_deref(), job.decision_after);
        check_seconds(&mut problems, &format!("{at}/cancel_at"), job.cancel_at);
        // Both count from the scenario's start; a cancel before the job exists is most likely
        // written as counting from its submission.
        if let Some(cancel) = job.cancel_at.filter(|c| *c < job.submit && job.submit.is_finite()) {
            let meant = cancel + job.submit;
            problems.push(problem(&format!("{at}/cancel_at"), "cancel-before-submit", format!("`cancel_at` {cancel} is before the job's `submit` {}: both are seconds from the scenario's start (to cancel {cancel} s after submission, write {meant}).", job.submit)));
        }
        check_seconds(&mut problems, &format!("{at}/duration"), job.duration);
        check_durations(&mut problems, &format!("{at}/durations"), &job.durations);
        check_outcome(&mut problems, &at, job.outcome.as_deref(), job.duration);
        for (a, pin) in job.attempts.iter().enumerate() {
            check_outcome(&mut problems, &format!("{at}/attempts/{a}"), pin.outcome.as_deref(), pin.duration);
            check_seconds(&mut problems, &format!("{at}/attempts/{a}/duration"), pin.duration);
            check_seconds(&mut problems, &format!("{at}/attempts/{a}/pickup_delay"), pin.pickup_delay);
        }
    }
    check_job_ids(&mut problems, &scenario.workload);
    checks::check_decisions_given(&mut problems, &undecided, &scenario.workload);
    // Jobs expected so far: a million jobs take about 130 MB, and the browser has 4 GB.
    let mut expected_jobs = scenario.workload.jobs.len() as f64;
    for (i, arrival) in scenario.workload.arrivals.iter().enumerate() {
        let at = format!("/workload/arrivals/{i}");
        if !(arrival.per_hour.is_finite() && arrival.per_hour > 0.0) {
            problems.push(problem(&format!("{at}/per_hour"), "invalid-rate", format!("Arrivals per hour must be a number above 0, not {}.", checks::given(arrival.per_hour))));
        }
        check_seconds(&mut problems, &format!("{at}/from"), Some(arrival.from));
        check_seconds(&mut problems, &format!("{at}/until"), Some(arrival.until));
        if arrival.until <= arrival.from {
            // An `until` of 0 is most likely one not written: say what it is for.
            let message = if arrival.until == 0.0 {
                "Give the arrivals an `until`: the second from the scenario's start when they stop (7200 for two hours of arrivals).".to_string()
            } else {
                format!("`until` must be after `from` ({}), not {}.", checks::given(arrival.from), checks::given(arrival.until))
            };
            problems.push(problem(&format!("{at}/until"), "empty-horizon", message));
        }
        if arrival.max_jobs == 0 && arrival.per_hour.is_finite() && (arrival.until - arrival.from) / 3600.0 * arrival.per_hour > 5.0e6 {
            problems.push(problem(&format!("{at}/max_jobs"), "workload-too-large", "This arrival rate would generate more than 5 million jobs; set `max_jobs` to allow it.".into()));
        } else if arrival.per_hour.is_finite() {
            let before = expected_jobs;
            expected_jobs += arrival.expected_jobs();
            if expected_jobs > MAX_JOBS && before <= MAX_JOBS {
                problems.push(problem(&format!("{at}/max_jobs"), "workload-too-large", format!("The workload would come to about {:.0} million jobs; a scenario simulates at most {:.0} million (lower `max_jobs` or the rate).", expected_jobs / 1.0e6, MAX_JOBS / 1.0e6)));
            }
        }
        for (b, name) in arrival.builds.iter().enumerate() {
            if !by_name.contains_key(name.as_str()) && !unread.contains(name.as_str()) {
                problems.push(problem(&format!("{at}/builds/{b}"), "unknown-build", unknown_build(name, &builds)));
            }
        }
        if arrival.builds.is_empty() && builds.is_empty() {
            problems.push(problem(&format!("{at}/builds"), "unknown-build", "There are no builds to generate jobs from.".into()));
        }
    }
    if problems.iter().any(|d| d.severity == Severity::Error) {
        // What did not read in the definitions comes along: it may be why a job's field is
        // refused (`target_services` in a request, not read, leaves a build without services).
        problems.extend(build_findings.into_iter().chain(other_findings));
        Err(capped(problems))
    } else {
        build_findings.extend(other_findings);
        // The engine reads pinned outcomes in one vocabulary.
        for job in &mut scenario.workload.jobs {
            let pins = std::iter::once(&mut job.outcome).chain(job.attempts.iter_mut().map(|a| &mut a.outcome));
            for outcome in pins.filter_map(|o| o.as_mut()) {
                if let Ok(word) = checks::outcome_word(outcome) {
                    *outcome = word.to_string();
                }
            }
        }
        Ok(Prepared { scenario, builds, findings: capped(build_findings) })
    }
}

/// The most problems (or findings) a reading lists: a generated workload's 20,000
/// jobs may all name a misspelt build, and one line each would bury the rest (and locating
/// each in a text of megabytes would hold the page for half a minute).
pub const MAX_LISTED: usize = 100;

/// The code of the line that stands for the problems not listed (past [`MAX_LISTED`], or past
/// the twenty wrong fields one reading finds).
pub use crate::diagnostic::MORE_PROBLEMS;

/// The first [`MAX_LISTED`] problems, errors before warnings where they must choose (an
/// error stops the run), in their order, and a line saying how many more there were.
fn capped(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let Some(left_out) = crate::diagnostic::left_out(&problems, MAX_LISTED) else {
        return problems;
    };
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let mut warnings_kept = MAX_LISTED.saturating_sub(errors);
    let mut errors_kept = MAX_LISTED - warnings_kept;
    let mut kept: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|d| {
            let room = if d.is_error() { &mut errors_kept } else { &mut warnings_kept };
            let keep = *room > 0;
            *room = room.saturating_sub(1);
            keep
        })
        .collect();
    let message = format!("{left_out} Fix these and run again to see the rest.");
    kept.push(if errors > 0 { Diagnostic::error("", MORE_PROBLEMS, Source::Lint, message) } else { Diagnostic::warning("", MORE_PROBLEMS, Source::Lint, message) });
    kept
}

/// A `templates` entry read as what its place says it is, the body of Zadig's
/// `/openapi/templates/builds`: a short one (a name, a script, its parameters) is a template
/// too, and a field a template lacks (a build's `services`) is a finding, not a refusal.
fn read_template(value: &Value) -> Result<import::Imported, import::ImportError> {
    import::import_value(value.clone(), Hint::Shape(import::Shape::ZadigBuildTemplate))
}

/// The scenario's templates; each that does not read is a problem, and so is a name used
/// twice (Zadig keeps one template per name, and a build names its template), and what a
/// template's body gives that a template has no field for is a finding at it.
fn read_templates(texts: &[Value], problems: &mut Vec<Diagnostic>, findings: &mut Vec<Diagnostic>) -> Vec<crate::model::Template> {
    let mut templates = Vec::new();
    let mut named = std::collections::HashSet::new();
    for (i, text) in texts.iter().enumerate() {
        let at = format!("/templates/{i}");
        match read_template(text) {
            Ok(import::Imported { document: Document::Template(template), findings: left_out, .. }) => {
                if !template.name.is_empty() && !named.insert(template.name.clone()) {
                    problems.push(problem(&format!("{at}/name"), "duplicate-template", format!("Two templates are named `{}`: a build names its template, so each needs a name no other has.", template.name)));
                }
                templates.push(template);
                // A value of the wrong kind is refused, as Zadig refuses the whole body.
                let (errors, rest): (Vec<_>, Vec<_>) = import::prefix(left_out, &at).into_iter().partition(|d| d.severity == Severity::Error);
                problems.extend(errors);
                findings.extend(rest);
            }
            Ok(imported) => problems.push(problem(&at, "not-a-template", format!("This is {}, not a Zadig build template.", imported.shape.label()))),
            Err(error) => problems.extend(import::prefix(error.diagnostics, &at)),
        }
    }
    templates
}

/// A build made from a template as Zadig runs it, when the scenario holds the template (found
/// among `held`); else the build as written, with a warning that its template's settings are
/// missing from the run, and which templates the scenario does hold.
fn with_template(build: Build, (template, held): (Option<&crate::model::Template>, &Context), at: &str, findings: &mut Vec<Diagnostic>) -> Build {
    let Some(name) = build.template_name.clone() else { return build };
    match template {
        Some(template) => template.applied_to(&build),
        None => {
            let names = held.template_names();
            let (there, meant) = names_held::around("templates", &name, &names);
            let message = format!(
                "This build is made from template `{name}`, which the scenario's `templates` does not hold{there}: Zadig runs the template's tools, script and resources, so this run {}.{meant}",
                without_template(&build)
            );
            findings.push(Diagnostic::warning(format!("{at}/template_name"), "template-not-in-scenario", Source::Lint, message));
            build
        }
    }
}

/// What a template build runs with when its template is missing: what it carries itself (a
/// build detail carries tools, a script and settings; a create-from-template request none).
fn without_template(build: &Build) -> String {
    let missing: Vec<&str> = [
        (build.installs.is_empty(), "no tools"),
        (build.script.trim().is_empty(), "an empty script"),
        (build.advanced.is_none(), "the `low` resources"),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect();
    match missing.len() {
        0 => "uses the ones written in the build, which may not be the template's".to_string(),
        3 => format!("has none of them ({})", missing.join(", ")),
        _ => format!("has only what the build itself carries ({})", missing.join(", ")),
    }
}

fn problem(path: &str, code: &str, message: String) -> Diagnostic {
    Diagnostic::error(path, code, Source::Lint, message)
}

/// Seconds (as a scenario writes them) to the engine's milliseconds.
pub(crate) fn millis(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 { (seconds * 1000.0).round() as u64 } else { 0 }
}
