//! A scenario value of the wrong kind, answered in the admin's terms ("a number: `submit` is
//! seconds from the scenario's start") rather than Rust's ("expected f64"), and a field the
//! scenario lacks answered with the one meant.

use crate::import;
use crate::simulate::scenario::{NuonSettings, RainbondSettings};
use crate::target::Target;

/// What a scenario's number field counts, by its name (the last step of its JSON pointer).
pub(crate) fn unit_of(field: &str) -> Option<&'static str> {
    Some(match field {
        "submit" | "cancel_at" | "from" | "until" => "seconds from the scenario's start (300 is 0:05:00)",
        "duration" | "pickup_delay" | "tool_install" | "git_clone" | "script" | "docker_build" | "archive" => "seconds (90 is a minute and a half)",
        "queue_timeout" | "available_timeout" | "execution_timeout" | "overall_timeout" => "seconds (3600 is an hour)",
        "cpu" => "millicores (4000 is 4 CPUs)",
        "memory" => "MiB (8192 is 8 GiB)",
        "failure_rate" => "a fraction from 0 to 1 (0.1 is 10 %)",
        "per_hour" => "how many jobs arrive an hour (30 is one every two minutes)",
        _ => return None,
    })
}

/// Rust's number types as serde names them in "expected …", and what to say instead.
const NUMBER_WORDS: [(&str, &str); 12] = [
    ("u8", "a whole number, 0 or more"),
    ("u16", "a whole number, 0 or more"),
    ("u32", "a whole number, 0 or more"),
    ("u64", "a whole number, 0 or more"),
    ("usize", "a whole number, 0 or more"),
    ("i8", "a whole number"),
    ("i16", "a whole number"),
    ("i32", "a whole number"),
    ("i64", "a whole number"),
    ("isize", "a whole number"),
    ("f32", "a number"),
    ("f64", "a number"),
];

/// Words people write for a scenario's fields, and the field each means where it stands (the
/// first whose field is expected there: `start` is a job's `submit`, an arrival's `from`).
const SYNONYMS: [(&str, &str); 95] = [
    ("at", "submit"),
    ("time", "submit"),
    ("start", "submit"),
    ("start", "from"),
    ("submit_at", "submit"),
    ("submitted_at", "submit"),
    ("submit_time", "submit"),
    ("cancel", "cancel_at"),
    ("cancelled_at", "cancel_at"),
    ("rate", "per_hour"),
    ("arrival_rate", "per_hour"),
    ("jobs_per_hour", "per_hour"),
    ("horizon", "until"),
    ("end", "until"),
    ("to", "until"),
    ("status", "outcome"),
    ("result", "outcome"),
    ("final_status", "outcome"),
    ("fail", "outcome"),
    ("failed", "outcome"),
    ("fails", "outcome"),
    ("step_durations", "durations"),
    ("steps", "durations"),
    ("backend", "semantics"),
    ("target", "semantics"),
    ("vocabulary", "semantics"),
    ("build", "definition"),
    ("request", "definition"),
    ("spec", "definition"),
    ("failure_probability", "failure_rate"),
    ("fail_rate", "failure_rate"),
    ("cpu_millicores", "cpu"),
    ("millicores", "cpu"),
    ("cpu_m", "cpu"),
    ("cpus", "cpu"),
    ("memory_mib", "memory"),
    ("memory_mb", "memory"),
    ("mem", "memory"),
    ("ram", "memory"),
    ("gpu", "gpus"),
    ("gpu_count", "gpus"),
    ("architecture", "arch"),
    ("pod_cap", "max_pods"),
    ("pods", "max_pods"),
    ("max_pod", "max_pods"),
    ("pod_limit", "max_pods"),
    ("replicas", "count"),
    ("type", "strategy"),
    ("kind", "strategy"),
    ("node_labels", "labels"),
    ("strategy_name", "name"),
    ("build_concurrency", "job_concurrency"),
    ("workflow_limits", "workflows"),
    ("concurrency_limits", "workflows"),
    ("limits", "workflows"),
    ("type", "policy"),
    ("retries", "maximum_retry"),
    ("max_retry", "maximum_retry"),
    ("max_retries", "maximum_retry"),
    ("id", "name"),
    ("status", "healthy"),
    ("active", "healthy"),
    ("demo_mode", "sandbox_mode"),
    ("sandbox_enabled", "sandbox_mode"),
    ("submitted", "submit"),
    ("start_time", "submit"),
    ("submit_s", "submit"),
    ("runtime", "duration"),
    ("run_time", "duration"),
    ("duration_s", "duration"),
    ("duration_sec", "duration"),
    ("duration_secs", "duration"),
    ("duration_seconds", "duration"),
    ("elapsed", "duration"),
    ("job_id", "id"),
    ("name", "id"),
    ("cores", "cpu"),
    ("mem_mib", "memory"),
    ("memory_gb", "memory"),
    ("num", "count"),
    ("instances", "count"),
    ("hostname", "name"),
    ("platform", "arch"),
    ("node_pools", "nodes"),
    ("pools", "nodes"),
    ("node_groups", "nodes"),
    ("strategy", "strategies"),
    ("schedule_strategies", "strategies"),
    ("title", "name"),
    ("comment", "description"),
    ("comments", "description"),
    ("notes", "description"),
    ("note", "description"),
    ("desc", "description"),
    ("public_git_vcs_config", "public_repo"),
];

/// Fields written one level too high (a workload's jobs at the scenario's top), the field they
/// go under there, and how that reads.
const NESTED: [(&str, &str, &str); 6] = [
    ("jobs", "workload", "{\"workload\": {\"jobs\": [...]}}"),
    ("arrivals", "workload", "{\"workload\": {\"arrivals\": [...]}}"),
    ("nodes", "clusters", "{\"clusters\": [{\"name\": \"prod\", \"nodes\": [...]}]}"),
    ("strategies", "clusters", "{\"clusters\": [{\"name\": \"prod\", \"nodes\": [...], \"strategies\": [...]}]}"),
    ("workflow_concurrency", "zadig", "{\"zadig\": {\"workflow_concurrency\": 2}}"),
    ("job_concurrency", "zadig", "{\"zadig\": {\"job_concurrency\": 5}}"),
];

/// The part of a build entry holding a backend's settings that has a field `name`, and the
/// backend, for a setting written beside `definition` instead; the fields are read off the
/// settings' own types (every field written), so the two cannot drift apart.
fn entry_part_with(name: &str) -> Option<(&'static str, &'static str)> {
    let parts = [("nuon", "Nuon", serde_json::to_value(NuonSettings::default())), ("rainbond", "Rainbond", serde_json::to_value(RainbondSettings::default()))];
    parts.into_iter().find(|(_, _, fields)| fields.as_ref().is_ok_and(|f| f.get(name).is_some())).map(|(part, backend, _)| (part, backend))
}

/// Words for a timeout written where the scenario keeps none: each backend keeps its own where
/// its build or runner job does.
const TIMEOUT_WORDS: [&str; 5] = ["timeout", "timeout_minutes", "timeout_seconds", "build_timeout", "job_timeout"];

/// Words for a thing the scenario writes another way, the field that marks where they were
/// written (one of the fields expected there), and how it is written: no one field is meant.
const TOLD_WHERE: [(&[&str], &str, &str); 21] = [
    // Nuon's kind of repository, written as its name, on a build's `nuon`.
    (
        &["vcs", "vcs_type", "vcs_connection_type", "connected_repo", "connected_github_vcs_config"],
        "public_repo",
        "A component of a public repository is written with its config, {\"public_repo\": {\"repo\": \"https://github.com/acme/api\", \"branch\": \"main\"}}, whose branch Nuon builds whatever the request says; without one, a connected repository, which builds the request's `git_ref` (or, with `use_latest`, its latest commit).",
    ),
    (
        &["concurrency"],
        "workflow_concurrency",
        "Zadig has two: `workflow_concurrency`, the tasks running at once across the system (Zadig's default 2), and `job_concurrency`, the job tasks running at once inside one task (default 5); a workflow's own limit goes in `workflows`.",
    ),
    // What a run request gives besides its services (Zadig's `repo_info` and `inputs`), on a job.
    (
        &["branch", "branches", "git_ref", "inputs", "variables", "envs", "env", "key_vals", "repos"],
        "submit",
        "A job runs its build as the scenario's `definition` gives it: its branches and variable values are the build's own, so set them there (or in a copy of the build under another name); a job picks its `services` and `workflow`, and pins times and outcomes.",
    ),
    (
        &["cancel_after", "cancel_in", "cancel_delay"],
        "cancel_at",
        "A cancel is written `cancel_at`, in seconds from the scenario's start like `submit`, not from the job's submission: a job submitted at 100 and cancelled 30 s later has `\"cancel_at\": 130`.",
    ),
    (
        &["retry", "retries", "max_retry", "maximum_retry", "max_executions"],
        "attempts",
        "How often a job is tried again is its build's: a Zadig build's `error_policy` ({\"policy\": \"retry\", \"maximum_retry\": 2}) beside its `definition`, a Nuon build's `nuon.max_executions`; a job pins what each of its attempts does in `attempts`.",
    ),
    // The same build's retries, asked for on its entry, where its error policy is.
    (
        &["retry", "retries", "max_retry", "max_retries", "maximum_retry", "error_policies"],
        "error_policy",
        "A Zadig build is tried again by its `error_policy`: {\"policy\": \"retry\", \"maximum_retry\": 2}; a Nuon build by its entry's `nuon.max_executions`.",
    ),
    // Zadig's queue, written at the scenario's top.
    (
        &["concurrency", "workflow_limits", "build_concurrency"],
        "zadig",
        "Zadig's queue goes under `zadig`: {\"zadig\": {\"workflow_concurrency\": 2, \"job_concurrency\": 5, \"workflows\": {\"api-workflow\": 1}}} (tasks across the system, job tasks inside one task, a workflow's own limit).",
    ),
    // A job pinned, or repeated.
    (
        &["pin", "pins", "pinned"],
        "attempts",
        "A job pins its run with `duration`, `outcome` and `durations` (seconds per step) for every attempt, or attempt by attempt in `attempts`: [{\"outcome\": \"failed\", \"duration\": 30}, {\"duration\": 60}].",
    ),
    (
        &["count", "repeat", "times", "copies"],
        "submit",
        "A job is one run: write one job per submission, or give the workload `arrivals` ({\"per_hour\": 30, \"from\": 0, \"until\": 7200}) for many.",
    ),
    // A node's size, written as Kubernetes shows it.
    (
        &["capacity", "allocatable", "resources"],
        "cpu",
        "A node's size is its allocatable `cpu`, in millicores or as a quantity (\"3500m\", \"4\"), and `memory`, in MiB or as a quantity (\"16Gi\"), with `gpus` and `max_pods` beside them.",
    ),
    // Zadig's strategies carry tolerations and nodes carry taints; the simulation has neither.
    (
        &["taints", "taint", "tolerations", "toleration"],
        "labels",
        "Taints and tolerations are not simulated: a node takes every pod its labels, its strategy and its room allow. Leave a node no build may use out of the cluster, or label the nodes and give the builds a `required` strategy that names their labels.",
    ),
    // A cluster's default strategy, named on the cluster rather than marked on the strategy.
    (
        &["default_strategy", "default", "default_strategy_name"],
        "strategies",
        "A cluster's default strategy is the one of its `strategies` marked `\"default\": true` ([{\"name\": \"pool\", \"strategy\": \"required\", \"labels\": [\"pool:build\"], \"default\": true}]): a Zadig build naming no `strategy_name`, or one the cluster lacks, is scheduled by it.",
    ),
    // A job placed by hand: the scheduler places it.
    (
        &["node", "nodes", "node_name", "cluster", "cluster_name", "node_selector", "affinity"],
        "submit",
        "A job runs where the scheduler puts it: on its build's cluster (Zadig's `advanced_settings.cluster_name`, ServiceStage's `environment_setting.cluster_name`, in the build under `definition`; Rainbond's builder nodes; Nuon's runner), on a node its strategy allows with room for it. To keep a build to some nodes, label them and give the build a `required` strategy naming those labels.",
    ),
    // The same, on a build entry: where a build's cluster and strategy are written.
    (
        &["cluster", "strategy", "node", "nodes", "node_selector", "affinity"],
        "definition",
        "A build's cluster and strategy are the build's own, under `definition`: Zadig's `advanced_settings.cluster_name` and `strategy_name` (a strategy of that cluster's `strategies`), ServiceStage's `environment_setting.cluster_name`; a build naming none runs on the first cluster.",
    ),
    // A job put ahead of others: neither queue has priorities.
    (
        &["priority", "prio", "order"],
        "submit",
        "Jobs have no priority: Zadig's queue starts waiting tasks oldest first and Nuon's runner takes its jobs first in, first out. A job submitted earlier starts earlier.",
    ),
    // A node's place or kind, written as a field of its own: strategies pick nodes by labels.
    (
        &["zone", "region", "pool", "node_pool", "nodepool", "role", "tier", "instance_type", "os", "topology"],
        "max_pods",
        "A node's place or kind is one of its `labels`, each label mapped to its value ({\"labels\": {\"zone\": \"a\"}}): a `required` or `preferred` strategy picks nodes by them (\"zone:a\").",
    ),
    // The same, written on a strategy.
    (
        &["zone", "region", "pool", "node_pool", "nodepool", "role", "tier", "instance_type", "os", "topology", "node_selector", "selector", "match_labels", "affinity"],
        "strategy",
        "A strategy names the node labels it wants in its `labels`, \"key:value\" strings as Zadig takes them ([\"zone:a\"]): `required` keeps its builds to nodes with any one of the keys, `preferred` favours them; nodes carry them in their own `labels` ({\"zone\": \"a\"}).",
    ),
    // One job made to wait for another: each starts at its `submit` and waits only for room.
    (
        &["after", "depends_on", "dependencies", "needs", "wait_for", "start_after", "submit_after", "delay"],
        "submit",
        "Jobs do not wait for one another: each is submitted at its `submit`, in seconds from the scenario's start, and waits only for room (its queue, a node, a runner). To run one after another, submit the second when the first ends, or give their Zadig workflow a limit of 1 in `zadig.workflows`.",
    ),
    // The seed, written in the workload.
    (
        &["seed", "random_seed", "rng_seed"],
        "arrivals",
        "The seed is the scenario's own, at its top ({\"seed\": 7, \"clusters\": …}), or `--seed N` on the command line: one seed draws every arrival, step time and failure.",
    ),
    // An arrival rate or a horizon written at the scenario's top.
    (
        &["arrival_rate", "rate", "per_hour", "jobs_per_hour", "horizon", "until", "duration", "end", "run_for"],
        "workload",
        "A scenario runs until its last job ends; jobs arriving at a rate over a horizon are one of the workload's `arrivals`: {\"workload\": {\"arrivals\": [{\"per_hour\": 30, \"from\": 0, \"until\": 7200}]}} (jobs an hour, from and until seconds from the scenario's start).",
    ),
    // An arrival rate written straight into the workload, which takes its rates as `arrivals`.
    (
        &["arrival_rate", "rate", "per_hour", "jobs_per_hour", "rate_per_hour", "arrivals_per_hour", "horizon", "from", "until", "max_jobs", "arrival", "rates", "arrival_rates"],
        "arrivals",
        "An arrival rate over a horizon is one of the workload's `arrivals`: [{\"per_hour\": 30, \"from\": 0, \"until\": 7200}] (jobs an hour, from and until seconds from the scenario's start).",
    ),
];

/// Where a timeout is written, for one written where the scenario has none: a build's
/// (Zadig's minutes in its `advanced_settings`, Nuon's seconds in the entry's `nuon`), a job's
/// (its build's, or an attempt pinned to time out), or Nuon's four.
fn timeout_hint(expected: &[&str]) -> Option<&'static str> {
    if expected.contains(&"execution_timeout") {
        return Some("Nuon's timeouts are four, in seconds: `queue_timeout`, `available_timeout`, `execution_timeout` (one execution's) and `overall_timeout`.");
    }
    // A build entry, and the scenario's top or its `zadig` queue, where a default for every
    // build might be looked for: each build keeps its own.
    if ["definition", "workload", "workflow_concurrency"].iter().any(|f| expected.contains(f)) {
        return Some("Each build keeps its own timeout: a Zadig build's is its `advanced_settings.timeout`, in minutes, in the build under `definition` ({\"definition\": {…, \"advanced_settings\": {\"timeout\": 10}}}; a ServiceStage build given in that shape reads it too); a Nuon build's are the entry's `nuon` timeouts, in seconds ({\"nuon\": {\"execution_timeout\": 600}}); Rainbond's attempts are 30 minutes.");
    }
    if expected.contains(&"outcome") {
        return Some("A job times out by its build's timeout (Zadig's `advanced_settings.timeout` in minutes, Nuon's `nuon` timeouts in seconds); to have an attempt time out whatever its timeout is, write `\"outcome\": \"timeout\"`.");
    }
    None
}

/// Where `manual_check`'s decision is written, for one written elsewhere: in the build's
/// `error_policy` for all its jobs, or on a job for its failures (not per attempt: a job
/// under `manual_check` is not retried).
fn decision_hint(name: &str, expected: &[&str]) -> String {
    let (on_job, in_policy) = ("on a job, beside its `build`, for that job's failures", "in a build's `error_policy`");
    let example = format!("{{\"error_policy\": {{\"policy\": \"manual_check\", \"{name}\": {}}}}}", if name == "decision" { "\"ignore\"" } else { "300" });
    if expected.contains(&"error_policy") {
        format!("`{name}` goes {in_policy}, under `manual_check`: {example}; or {on_job}.")
    } else if expected.contains(&"outcome") {
        format!("A decision under `manual_check` is written {on_job} (a job under `manual_check` is not retried, so it has one attempt), or {in_policy} for all its jobs.")
    } else {
        format!("A decision under `manual_check` is written {in_policy} for all its jobs ({example}), or {on_job}.")
    }
}

/// What to write instead of a field the scenario does not have where it stands: a build's own
/// field goes inside its `definition`; otherwise the field a common word or a near miss means.
fn unknown_field_hint(name: &str, expected: &[&str], pointer: &str) -> Option<String> {
    if let Some(hint) = TIMEOUT_WORDS.contains(&name).then(|| timeout_hint(expected)).flatten() {
        return Some(hint.to_string());
    }
    if ["decision", "decision_after"].contains(&name) {
        return Some(decision_hint(name, expected));
    }
    let in_build_entry = matches!(crate::pointer::tokens(pointer).as_slice(), [builds, _, _] if builds == "builds");
    let a_build_field = [Target::Zadig, Target::Rainbond, Target::Nuon, Target::ServiceStage].into_iter().any(|t| import::is_build_field(t, name));
    if in_build_entry && a_build_field && expected.contains(&"definition") {
        return Some(format!("`{name}` is a field of the build itself: the scenario takes the build, in any shape buildbay imports, under `definition`."));
    }
    if let Some((part, backend)) = entry_part_with(name).filter(|(part, _)| expected.contains(part)) {
        return Some(format!("`{name}` is one of the build's {backend} settings: it goes in the entry's `{part}`, {{\"{part}\": {{\"{name}\": …}}}}."));
    }
    if let Some((_, parent, example)) = NESTED.iter().find(|(field, parent, _)| *field == name && expected.contains(parent)) {
        return Some(format!("`{name}` goes under `{parent}`: {example}."));
    }
    if let Some((_, _, hint)) = TOLD_WHERE.iter().find(|(words, place, _)| words.contains(&name) && expected.contains(place)) {
        return Some(hint.to_string());
    }
    let meant = SYNONYMS.iter().find(|(word, field)| *word == name && expected.contains(field)).map(|(_, field)| *field);
    meant.or_else(|| import::closest(name, expected)).map(|field| format!("Did you mean `{field}`?"))
}

/// How the two kinds of labels are written, for a `labels` field given as the other kind
/// (the end of a sentence that says what was expected).
fn shape_of(pointer: &str) -> &'static str {
    if !pointer.ends_with("/labels") {
        "."
    } else if pointer.contains("/strategies/") {
        ": a strategy's `labels` are \"key:value\" strings, as Zadig takes them ([\"pool:build\"])."
    } else {
        ": a node's `labels` map each label to its value ({\"pool\": \"build\"})."
    }
}

/// How a list of entries is written, for one given as an object (keyed by name, say): the end
/// of a sentence that says a list was expected.
fn list_of(pointer: &str) -> Option<String> {
    let tokens = crate::pointer::tokens(pointer);
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let (holds, entry) = entry_of(&tokens)?;
    Some(format!(": {holds} ([{entry}])."))
}

/// What a list of the scenario holds, and one entry of it as written, for the list at `tokens`.
fn entry_of(tokens: &[&str]) -> Option<(&'static str, &'static str)> {
    Some(match tokens {
        ["builds"] => ("one entry per build, each naming it", "{\"name\": \"api\", \"semantics\": \"zadig\", \"definition\": {…}}"),
        ["clusters"] => ("one entry per cluster, each naming it", "{\"name\": \"prod\", \"nodes\": [{\"name\": \"n\", \"count\": 3, \"cpu\": 4000, \"memory\": 8192}]}"),
        ["clusters", _, "nodes"] => ("one row per kind of node, each naming it", "{\"name\": \"n\", \"count\": 3, \"cpu\": 4000, \"memory\": 8192}"),
        ["clusters", _, "strategies"] => ("one entry per strategy, each naming it", "{\"name\": \"pool\", \"strategy\": \"required\", \"labels\": [\"pool:build\"]}"),
        ["runners"] => ("one entry per runner, each naming it", "{\"name\": \"org-runner\"}"),
        ["templates"] => ("one Zadig build template per entry, each naming it", "{\"name\": \"go-service\", …}"),
        ["workload", "jobs"] => ("one entry per job, each naming its build", "{\"build\": \"api\", \"submit\": 0}"),
        ["workload", "arrivals"] => ("one entry per arrival rate", "{\"builds\": [\"api\"], \"per_hour\": 30, \"from\": 0, \"until\": 7200}"),
        _ => return None,
    })
}

/// What an object holds, for one written as a list (which serde alone would read as its fields
/// in order): the end of a sentence that says an object was expected.
fn object_of(pointer: &str) -> String {
    let tokens = crate::pointer::tokens(pointer);
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    match tokens.as_slice() {
        ["workload"] => ": the workload holds a list of `jobs` and one of `arrivals` ({\"workload\": {\"jobs\": [{\"build\": \"api\", \"submit\": 0}]}}).".to_string(),
        ["zadig"] => ": `zadig` holds Zadig's queue settings ({\"zadig\": {\"workflow_concurrency\": 2, \"job_concurrency\": 5, \"workflows\": {\"api-workflow\": 1}}}).".to_string(),
        ["zadig", "workflows"] => ": `workflows` maps each workflow's name to its limit ({\"api-workflow\": 1}).".to_string(),
        [.., "durations"] => ": `durations` gives the seconds each kind of step takes ({\"git_clone\": 30, \"script\": 300}).".to_string(),
        [.., "error_policy"] => ": `error_policy` is Zadig's, a policy and its setting ({\"policy\": \"retry\", \"maximum_retry\": 2}).".to_string(),
        // An entry of one of the scenario's lists: how that entry is written.
        [list @ .., last] if last.parse::<usize>().is_ok() => {
            let entry = entry_of(list).map(|(_, entry)| format!(": {entry}")).unwrap_or_default();
            format!(" with its fields named, not a list of their values{entry}.")
        }
        _ => " with its fields named, not a list of their values.".to_string(),
    }
}

/// Serde's message about the value at `pointer`, with a number type named as a number and,
/// for a field that counts something, what it counts; an unknown field gets a hint of what was
/// meant. Any other message is kept as it is.
pub(crate) fn plain_message(message: &str, pointer: &str) -> String {
    if let Some((name, expected)) = message.strip_prefix("unknown field `").and_then(|rest| rest.split_once("`, expected ")) {
        // "one of `a`, `b`" or "`a`": the names are every other piece between backticks.
        let fields: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return match unknown_field_hint(name, &fields, pointer) {
            Some(hint) => format!("{message}. {hint}"),
            None => message.to_string(),
        };
    }
    let Some((before, expected)) = message.rsplit_once(", expected ") else { return message.to_string() };
    // Serde names the Rust type an object is read into (`struct JobSpec`); the reader wrote JSON.
    if expected.starts_with("struct ") || expected.starts_with("a map") {
        let shape = if before == "invalid type: sequence" && !pointer.ends_with("/labels") { object_of(pointer) } else { shape_of(pointer).to_string() };
        return format!("{before}, expected an object{shape}");
    }
    if expected == "a sequence" {
        // One name where a list is taken: say how the list of that one is written.
        if let Some(one) = before.strip_prefix("invalid type: string ").filter(|_| !pointer.ends_with("/labels")) {
            return format!("{before}, expected an array: a list, even of one, as [{one}].");
        }
        let listed = list_of(pointer).filter(|_| before == "invalid type: map");
        return format!("{before}, expected an array{}", listed.unwrap_or_else(|| shape_of(pointer).to_string()));
    }
    let Some((_, words)) = NUMBER_WORDS.iter().find(|(rust, _)| *rust == expected) else { return message.to_string() };
    let field = pointer.rsplit('/').next().unwrap_or_default();
    match unit_of(field) {
        Some(unit) => format!("{before}, expected {words}: `{field}` is {unit}."),
        None => format!("{before}, expected {words}."),
    }
}

#[cfg(test)]
mod tests {
    use super::plain_message;

    #[test]
    fn an_unknown_field_is_answered_with_what_was_meant() {
        let build_entry = "unknown field `build_script`, expected one of `name`, `semantics`, `definition`, `durations`";
        assert_eq!(
            plain_message(build_entry, "/builds/0/build_script"),
            format!("{build_entry}. `build_script` is a field of the build itself: the scenario takes the build, in any shape buildbay imports, under `definition`.")
        );
        let job = "unknown field `at`, expected one of `id`, `build`, `submit`, `cancel_at`";
        assert_eq!(plain_message(job, "/workload/jobs/0/at"), format!("{job}. Did you mean `submit`?"));
        let top = "unknown field `clusterz`, expected one of `seed`, `clusters`";
        assert_eq!(plain_message(top, "/clusterz"), format!("{top}. Did you mean `clusters`?"));
        // What a scenario says of itself, in the words files use for it.
        let top = "unknown field `title`, expected one of `name`, `description`, `seed`, `clusters`";
        assert_eq!(plain_message(top, "/title"), format!("{top}. Did you mean `name`?"));
        let top = top.replace("`title`", "`comment`");
        assert_eq!(plain_message(&top, "/comment"), format!("{top}. Did you mean `description`?"));
        // The words the and people's own descriptions use.
        let node = "unknown field `gpu`, expected one of `name`, `cpu`, `memory`, `gpus`, `arch`, `labels`, `max_pods`, `count`, `builder`";
        assert_eq!(plain_message(node, "/clusters/0/nodes/0/gpu"), format!("{node}. Did you mean `gpus`?"));
        let node = node.replace("`gpu`", "`pod_cap`");
        assert_eq!(plain_message(&node, "/clusters/0/nodes/0/pod_cap"), format!("{node}. Did you mean `max_pods`?"));
        let arrival = "unknown field `start`, expected one of `builds`, `per_hour`, `from`, `until`, `max_jobs`";
        assert_eq!(plain_message(arrival, "/workload/arrivals/0/start"), format!("{arrival}. Did you mean `from`?"));
        let entry = "unknown field `backend`, expected one of `name`, `semantics`, `definition`";
        assert_eq!(plain_message(entry, "/builds/0/backend"), format!("{entry}. Did you mean `semantics`?"));
        let workload = "unknown field `horizon`, expected `jobs` or `arrivals`";
        assert!(plain_message(workload, "/workload/horizon").ends_with("is one of the workload's `arrivals`: [{\"per_hour\": 30, \"from\": 0, \"until\": 7200}] (jobs an hour, from and until seconds from the scenario's start)."));
        let top = "unknown field `jobs`, expected one of `seed`, `clusters`, `runners`, `zadig`, `builds`, `templates`, `workload`, `failure_rate`";
        assert_eq!(plain_message(top, "/jobs"), format!("{top}. `jobs` goes under `workload`: {{\"workload\": {{\"jobs\": [...]}}}}."));
        // A timeout, wherever it is written, is sent where its backend keeps it.
        let entry = "unknown field `timeout`, expected one of `name`, `semantics`, `definition`, `durations`, `nuon`";
        assert!(plain_message(entry, "/builds/0/timeout").contains("Each build keeps its own timeout: a Zadig build's is its `advanced_settings.timeout`, in minutes, in the build under `definition`"));
        let top = "unknown field `timeout`, expected one of `seed`, `clusters`, `runners`, `zadig`, `builds`, `templates`, `workload`, `failure_rate`";
        assert!(plain_message(top, "/timeout").contains("Each build keeps its own timeout: a Zadig build's is its `advanced_settings.timeout`, in minutes, in the build under `definition`"));
        let job = "unknown field `timeout_minutes`, expected one of `id`, `build`, `submit`, `outcome`, `attempts`";
        assert!(plain_message(job, "/workload/jobs/0/timeout_minutes").ends_with("write `\"outcome\": \"timeout\"`."));
        let nuon = "unknown field `timeout`, expected one of `runner`, `queue_timeout`, `available_timeout`, `execution_timeout`, `overall_timeout`";
        assert!(plain_message(nuon, "/builds/0/nuon/timeout").ends_with("`execution_timeout` (one execution's) and `overall_timeout`."));
        // So is `manual_check`'s decision: to the build's error policy, or the job.
        let entry = "unknown field `decision`, expected one of `name`, `semantics`, `definition`, `error_policy`, `nuon`";
        assert!(plain_message(entry, "/builds/0/decision").ends_with("`decision` goes in a build's `error_policy`, under `manual_check`: {\"error_policy\": {\"policy\": \"manual_check\", \"decision\": \"ignore\"}}; or on a job, beside its `build`, for that job's failures."));
        let attempt = "unknown field `decision_after`, expected one of `outcome`, `duration`, `pickup_delay`";
        assert!(plain_message(attempt, "/workload/jobs/0/attempts/0/decision_after").contains("is written on a job, beside its `build`, for that job's failures (a job under `manual_check` is not retried"));
        let zadig = "unknown field `decision`, expected one of `workflow_concurrency`, `job_concurrency`, `workflows`";
        assert!(plain_message(zadig, "/zadig/decision").contains("is written in a build's `error_policy` for all its jobs"));
        // A field's name with a word added to it, and a flag for a job's outcome.
        let arrival = arrival.replace("`start`", "`rate_per_hour`");
        assert_eq!(plain_message(&arrival, "/workload/arrivals/0/rate_per_hour"), format!("{arrival}. Did you mean `per_hour`?"));
        let job = "unknown field `fail`, expected one of `id`, `build`, `submit`, `duration`, `outcome`, `attempts`";
        assert_eq!(plain_message(job, "/workload/jobs/0/fail"), format!("{job}. Did you mean `outcome`?"));
        let zadig = "unknown field `build_concurrency`, expected one of `workflow_concurrency`, `job_concurrency`, `workflows`";
        assert_eq!(plain_message(zadig, "/zadig/build_concurrency"), format!("{zadig}. Did you mean `job_concurrency`?"));
        let zadig = zadig.replace("`build_concurrency`", "`concurrency`");
        assert!(plain_message(&zadig, "/zadig/concurrency").ends_with("Zadig has two: `workflow_concurrency`, the tasks running at once across the system (Zadig's default 2), and `job_concurrency`, the job tasks running at once inside one task (default 5); a workflow's own limit goes in `workflows`."));
        let policy = "unknown field `retries`, expected one of `policy`, `maximum_retry`, `decision`, `decision_after`";
        assert_eq!(plain_message(policy, "/builds/0/error_policy/retries"), format!("{policy}. Did you mean `maximum_retry`?"));
        // Zadig's own names for a strategy's fields, and what the simulation leaves out.
        let strategy = "unknown field `strategy_name`, expected one of `name`, `strategy`, `labels`, `default`";
        assert_eq!(plain_message(strategy, "/clusters/0/strategies/0/strategy_name"), format!("{strategy}. Did you mean `name`?"));
        let strategy = strategy.replace("`strategy_name`", "`tolerations`");
        assert!(plain_message(&strategy, "/clusters/0/strategies/0/tolerations").ends_with("give the builds a `required` strategy that names their labels."));
        // Words from people's own scenarios, at a job, a node, a cluster, a build entry and the top.
        {
            let job = "unknown field `duration_s`, expected one of `id`, `build`, `submit`, `duration`, `durations`, `outcome`, `attempts`";
            assert_eq!(plain_message(job, "/workload/jobs/0/duration_s"), format!("{job}. Did you mean `duration`?"));
            let job = job.replace("`duration_s`", "`pin`");
            assert!(plain_message(&job, "/workload/jobs/0/pin").contains("A job pins its run with `duration`, `outcome` and `durations`"));
            let job = job.replace("`pin`", "`repeat`");
            assert!(plain_message(&job, "/workload/jobs/0/repeat").contains("A job is one run: write one job per submission"));
            let node = "unknown field `cores`, expected one of `name`, `cpu`, `memory`, `gpus`, `arch`, `labels`, `max_pods`, `count`, `builder`";
            assert_eq!(plain_message(node, "/clusters/0/nodes/0/cores"), format!("{node}. Did you mean `cpu`?"));
            let node = node.replace("`cores`", "`num`");
            assert_eq!(plain_message(&node, "/clusters/0/nodes/0/num"), format!("{node}. Did you mean `count`?"));
            let node = node.replace("`num`", "`allocatable`");
            assert!(plain_message(&node, "/clusters/0/nodes/0/allocatable").contains("A node's size is its allocatable `cpu`"));
            let cluster = "unknown field `node_pools`, expected one of `name`, `nodes`, `strategies`";
            assert_eq!(plain_message(cluster, "/clusters/0/node_pools"), format!("{cluster}. Did you mean `nodes`?"));
            let entry = "unknown field `retries`, expected one of `name`, `semantics`, `definition`, `durations`, `failure_rate`, `error_policy`, `nuon`, `rainbond`";
            assert!(plain_message(entry, "/builds/0/retries").contains("A Zadig build is tried again by its `error_policy`"));
            let top = "unknown field `concurrency`, expected one of `seed`, `clusters`, `runners`, `zadig`, `builds`, `templates`, `workload`, `failure_rate`";
            assert!(plain_message(top, "/concurrency").contains("Zadig's queue goes under `zadig`"));
        }
        // A backend's settings written beside `definition`, and placement by hand.
        {
            let entry = "unknown field `runner`, expected one of `name`, `semantics`, `definition`, `durations`, `failure_rate`, `error_policy`, `nuon`, `rainbond`";
            assert_eq!(plain_message(entry, "/builds/0/runner"), format!("{entry}. `runner` is one of the build's Nuon settings: it goes in the entry's `nuon`, {{\"nuon\": {{\"runner\": …}}}}."));
            let entry = entry.replace("`runner`", "`kind`");
            assert_eq!(plain_message(&entry, "/builds/0/kind"), format!("{entry}. `kind` is one of the build's Rainbond settings: it goes in the entry's `rainbond`, {{\"rainbond\": {{\"kind\": …}}}}."));
            let entry = entry.replace("`kind`", "`cluster`");
            assert!(plain_message(&entry, "/builds/0/cluster").contains("A build's cluster and strategy are the build's own, under `definition`"));
            // In the `nuon` part itself, a Nuon field is no slip of place.
            let nuon = "unknown field `kind`, expected one of `runner`, `job_type`, `queue_timeout`";
            assert_eq!(plain_message(nuon, "/builds/0/nuon/kind"), nuon);
            let cluster = "unknown field `default_strategy`, expected one of `name`, `nodes`, `strategies`";
            assert!(plain_message(cluster, "/clusters/0/default_strategy").contains("the one of its `strategies` marked `\"default\": true`"));
            let job = "unknown field `node`, expected one of `id`, `build`, `submit`, `semantics`, `services`, `workflow`, `cancel_at`";
            assert!(plain_message(job, "/workload/jobs/0/node").starts_with(&format!("{job}. A job runs where the scheduler puts it")));
            let job = job.replace("`node`", "`priority`");
            assert!(plain_message(&job, "/workload/jobs/0/priority").contains("Jobs have no priority"));
        }
        // A node's zone or pool, a strategy's selector, a job after another, a seed or a
        // horizon out of place.
        {
            let node = "unknown field `zone`, expected one of `name`, `cpu`, `memory`, `gpus`, `arch`, `labels`, `max_pods`, `count`, `builder`";
            assert!(plain_message(node, "/clusters/0/nodes/0/zone").starts_with(&format!("{node}. A node's place or kind is one of its `labels`")));
            let strategy = "unknown field `node_selector`, expected one of `name`, `strategy`, `labels`, `default`";
            assert!(plain_message(strategy, "/clusters/0/strategies/0/node_selector").starts_with(&format!("{strategy}. A strategy names the node labels it wants in its `labels`")));
            let job = "unknown field `after`, expected one of `id`, `build`, `submit`, `semantics`, `services`, `workflow`, `decision`, `decision_after`";
            assert!(plain_message(job, "/workload/jobs/0/after").starts_with(&format!("{job}. Jobs do not wait for one another")), "not `decision_after`");
            let workload = "unknown field `jobs_per_hour`, expected `jobs` or `arrivals`";
            assert!(plain_message(workload, "/workload/jobs_per_hour").contains("is one of the workload's `arrivals`"), "not `jobs`");
            let workload = workload.replace("`jobs_per_hour`", "`seed`");
            assert!(plain_message(&workload, "/workload/seed").contains("The seed is the scenario's own, at its top"));
            let top = "unknown field `horizon`, expected one of `seed`, `clusters`, `runners`, `zadig`, `builds`, `templates`, `workload`, `failure_rate`";
            assert!(plain_message(top, "/horizon").contains("A scenario runs until its last job ends; jobs arriving at a rate over a horizon are one of the workload's `arrivals`"));
        }
        let runner = "unknown field `id`, expected one of `name`, `healthy`";
        assert_eq!(plain_message(runner, "/runners/0/id"), format!("{runner}. Did you mean `name`?"));
        let runner = "unknown field `demo_mode`, expected one of `name`, `healthy`, `sandbox_mode`";
        assert_eq!(plain_message(runner, "/runners/0/demo_mode"), format!("{runner}. Did you mean `sandbox_mode`?"));
        let job = job.replace("`fail`", "`branch`");
        assert!(plain_message(&job, "/workload/jobs/0/branch").ends_with("its branches and variable values are the build's own, so set them there (or in a copy of the build under another name); a job picks its `services` and `workflow`, and pins times and outcomes."));
        let job = "unknown field `cancel_after`, expected one of `id`, `build`, `submit`, `cancel_at`, `outcome`, `attempts`";
        assert!(plain_message(job, "/workload/jobs/0/cancel_after").ends_with("a job submitted at 100 and cancelled 30 s later has `\"cancel_at\": 130`."));
        let job = "unknown field `retry`, expected one of `id`, `build`, `submit`, `cancel_at`, `outcome`, `attempts`";
        assert!(plain_message(job, "/workload/jobs/0/retry").starts_with(&format!("{job}. How often a job is tried again is its build's: a Zadig build's `error_policy`")));
        // Two fields a name holds point at neither.
        let both = arrival.replace("`rate_per_hour`", "`max_jobs_per_hour`");
        assert_eq!(plain_message(&both, "/workload/arrivals/0/max_jobs_per_hour"), both);
        let nothing_near = "unknown field `colour`, expected one of `seed`, `clusters`";
        assert_eq!(plain_message(nothing_near, "/colour"), nothing_near);
    }

    #[test]
    fn number_types_are_named_as_numbers_with_the_fields_unit() {
        assert_eq!(
            plain_message("invalid type: string \"0:05:00\", expected f64", "/workload/jobs/0/submit"),
            "invalid type: string \"0:05:00\", expected a number: `submit` is seconds from the scenario's start (300 is 0:05:00)."
        );
        assert_eq!(
            plain_message("invalid type: string \"4 cores\", expected i64", "/clusters/0/nodes/0/cpu"),
            "invalid type: string \"4 cores\", expected a whole number: `cpu` is millicores (4000 is 4 CPUs)."
        );
        assert_eq!(plain_message("invalid value: integer `-1`, expected u32", "/builds/0/nuon/max_executions"), "invalid value: integer `-1`, expected a whole number, 0 or more.");
        assert_eq!(plain_message("invalid type: string \"x\", expected u64", "/seed"), "invalid type: string \"x\", expected a whole number, 0 or more.");
        assert_eq!(plain_message("invalid type: string \"b\", expected struct JobSpec", "/workload/jobs/1"), "invalid type: string \"b\", expected an object.");
        assert_eq!(
            plain_message("invalid type: map, expected a sequence", "/workload/jobs"),
            "invalid type: map, expected an array: one entry per job, each naming its build ([{\"build\": \"api\", \"submit\": 0}])."
        );
        assert!(plain_message("invalid type: map, expected a sequence", "/builds").ends_with("one entry per build, each naming it ([{\"name\": \"api\", \"semantics\": \"zadig\", \"definition\": {…}}])."));
        assert_eq!(plain_message("invalid type: boolean `true`, expected a sequence", "/builds"), "invalid type: boolean `true`, expected an array.");
        assert_eq!(plain_message("invalid type: string \"api\", expected a sequence", "/workload/jobs/0/services"), "invalid type: string \"api\", expected an array: a list, even of one, as [\"api\"].");
        assert_eq!(
            plain_message("invalid type: map, expected a sequence", "/clusters/0/strategies/0/labels"),
            "invalid type: map, expected an array: a strategy's `labels` are \"key:value\" strings, as Zadig takes them ([\"pool:build\"])."
        );
        assert_eq!(
            plain_message("invalid type: sequence, expected a map", "/clusters/0/nodes/0/labels"),
            "invalid type: sequence, expected an object: a node's `labels` map each label to its value ({\"pool\": \"build\"})."
        );
        // A map or an object written as a list of its values is shown how it is written.
        assert_eq!(
            plain_message("invalid type: sequence, expected a map", "/zadig/workflows"),
            "invalid type: sequence, expected an object: `workflows` maps each workflow's name to its limit ({\"api-workflow\": 1})."
        );
        assert_eq!(
            plain_message("invalid type: sequence, expected struct StepDurations", "/workload/jobs/3/durations"),
            "invalid type: sequence, expected an object: `durations` gives the seconds each kind of step takes ({\"git_clone\": 30, \"script\": 300})."
        );
    }

    #[test]
    fn other_messages_are_kept_as_they_are() {
        for (message, pointer) in [
            ("invalid type: integer `3`, expected a string", "/workload/jobs/0/build"),
            ("expected f64", "/x"),
            ("", ""),
        ] {
            assert_eq!(plain_message(message, pointer), message);
        }
    }
}
