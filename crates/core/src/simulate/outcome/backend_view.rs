//! Each backend's own view of a simulated job: the fields its API returns, in its units.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{StepOut, TransitionOut, seconds, zadig_job_name};
use crate::simulate::engine::{Engine, JobState, Refusal};
use crate::simulate::logs;
use crate::target::Target;
use crate::wire::zadig::TaskStatus;

/// A moment as Zadig's Unix seconds, Rainbond's RFC 3339 event times and ServiceStage's times
/// keep it: to the second.
fn whole_seconds(ms: u64) -> f64 {
    seconds(ms / 1000 * 1000)
}

/// The numbers backends give runs — a Zadig workflow's tasks, a ServiceStage job's instances,
/// each from 1 in submission order — counted once per batch of reports, not once per job (a
/// full-detail run may report a million jobs).
#[derive(Debug, Default)]
pub(super) struct RunNumbers {
    seen: HashMap<(Target, u32), usize>,
    upto: usize,
}

impl RunNumbers {
    /// What a job's runs are numbered among: its workflow (Zadig) or its build (ServiceStage).
    fn series(job: &JobState) -> Option<(Target, u32)> {
        match job.semantics {
            Target::Zadig => Some((Target::Zadig, job.workflow)),
            Target::ServiceStage => Some((Target::ServiceStage, job.profile)),
            Target::Nuon | Target::Rainbond => None,
        }
    }

    /// The number of job `index`, counting the jobs before it that were not counted yet (a
    /// batch asks in increasing order; asked for an earlier job, it counts again from the start).
    pub(super) fn of(&mut self, engine: &Engine, index: u32) -> usize {
        let index = (index as usize).min(engine.jobs.len());
        if index < self.upto {
            *self = RunNumbers::default();
        }
        for job in &engine.jobs[self.upto..index] {
            if let Some(series) = Self::series(job) {
                *self.seen.entry(series).or_default() += 1;
            }
        }
        self.upto = index;
        engine.jobs.get(index).and_then(Self::series).map_or(1, |series| self.seen.get(&series).copied().unwrap_or(0) + 1)
    }
}

/// A Nuon id: its kind's three-letter prefix (`bld`, `job`, `run`) and 23 characters of
/// `[0-9a-z]`, 26 in all as Nuon's database checks, seeded so a run reads the same each time.
fn nuon_id(prefix: &str, seed: u64, job: u32, what: &str) -> String {
    const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let (mut a, mut b) = (logs::seeded_hash(seed, job, what), logs::seeded_hash(seed, job, &format!("{what} id")));
    let mut id = String::from(prefix);
    for i in 0..23 {
        let word = if i < 12 { &mut a } else { &mut b };
        id.push(char::from(ALPHABET[(*word % 36) as usize]));
        *word /= 36;
    }
    id
}

/// Nanoseconds, as Nuon's API gives its timeouts (Go durations serialised as integers).
fn ns(ms: u64) -> u128 {
    u128::from(ms) * 1_000_000
}

/// When `scope` first (or, with `last`, last) took a status `wanted` accepts, from the job's timeline.
fn first_or_last(transitions: &[TransitionOut], scope: &str, wanted: impl Fn(&str) -> bool, last: bool) -> Option<f64> {
    let mut matching = transitions.iter().filter(|t| t.scope == scope && wanted(&t.status));
    if last { matching.next_back() } else { matching.next() }.map(|t| t.at)
}

/// The job as its backend's API would report it (Zadig's task detail, Nuon's build and runner
/// job, Rainbond's answer and event, ServiceStage's build instance), with times from the
/// scenario's start.
/// `number` is the job's run number among its workflow's tasks or its ServiceStage job's
/// instances ([`RunNumbers`]).
pub(super) fn backend_view(engine: &Engine, index: u32, number: usize, steps: &[StepOut], transitions: &[TransitionOut]) -> Value {
    let job = &engine.jobs[index as usize];
    let profile = engine.profile_for(job);
    match job.semantics {
        Target::Zadig => {
            // Zadig's times are Unix seconds, 0 until set; here whole seconds from the
            // scenario's start, null until they happen.
            let ended_as = |status: &str| TaskStatus::parse(status).is_terminal();
            let ended = job.ended().map(whole_seconds);
            let jobs: Vec<Value> = job
                .units
                .clone()
                .map(|u| {
                    let unit = &engine.units[u as usize];
                    let k = u - job.units.start;
                    let (name, key) = zadig_job_name(engine, job, k);
                    let (service, module) = profile.services.get(unit.service as usize).cloned().unwrap_or_default();
                    // Zadig stamps `start_time` at each run's `prepare`, a retry's too (`retryJob`).
                    let start = first_or_last(transitions, &name, |s| s == "prepare", true).map(f64::floor);
                    let end = first_or_last(transitions, &name, ended_as, true).filter(|_| ended_as(unit.status.as_str())).map(f64::floor);
                    let repos = profile.repos.get(unit.service as usize).map_or(&[][..], Vec::as_slice);
                    let envs = profile.envs.get(unit.service as usize).map_or(&[][..], Vec::as_slice);
                    json!({"name": name, "key": key, "display_name": format!("build-{service}-{module}"), "origin_name": "build", "type": "zadig-build",
                           "status": unit.status, "start_time": start, "end_time": end, "cost_seconds": start.zip(end).map(|(s, e)| e - s),
                           "retry_count": unit.retries, "error_policy": {"policy": profile.error_policy.policy(), "maximum_retry": profile.maximum_retry},
                           "spec": {"service_name": service, "service_module": module, "repos": repos, "envs": envs},
                           "job_info": {"service_name": service, "service_module": module, "job_name": "build"}})
                })
                .collect();
            // Named as Zadig's task detail (`WorkflowTaskPreview`) names them; a workflow
            // numbers its tasks from 1 in the order they were created.
            let workflow = engine.workflows.get(job.workflow as usize).map_or("", String::as_str);
            let running = first_or_last(transitions, "task", |s| s == "running", false).map(f64::floor);
            json!({"task_id": number, "workflow_key": workflow, "workflow_name": workflow, "project_key": profile.project_key,
                   "status": job.status, "create_time": whole_seconds(job.submit), "start_time": running, "end_time": ended,
                   "stages": [{"name": "build", "status": job.secondary, "start_time": running, "end_time": ended, "jobs": jobs}]})
        }
        Target::Nuon => {
            let t = profile.nuon;
            let executions: Vec<Value> = steps
                .iter()
                .filter(|s| s.name == "initialize")
                .map(|s| {
                    let status = steps.iter().rev().find(|x| x.attempt == s.attempt).map(|x| x.status.as_str()).unwrap_or("");
                    // Nuon makes an execution's id with its runner-id maker, so it starts `run` too.
                    let id = nuon_id("run", engine.seed, index, &format!("execution {}", s.attempt));
                    json!({"id": id, "attempt": s.attempt, "created_at": s.start, "status": match status { "timeout" | "timed-out" => "timed-out", other => other }})
                })
                .collect();
            // Nuon's times are RFC 3339 timestamps; here seconds from the scenario's start, null
            // until they happen: ProcessJob starts the job when the runner takes it off its queue.
            let started = engine.extra(index).dequeued().map(seconds);
            // Nuon records the ref it built: the request's, or the latest commit's id.
            let git_ref = profile.git_ref.clone().unwrap_or_else(|| logs::head_commit(engine.seed, index, profile));
            let git_ref = (!git_ref.is_empty()).then_some(git_ref);
            // Its description is the one its last status came with ("build is active and ready to be deployed").
            let described = transitions.iter().rev().find(|t| t.scope == "build").map(|t| t.note.as_str()).filter(|n| !n.is_empty());
            let execution_count = executions.len();
            let mut view = json!({"build": {"id": nuon_id("bld", engine.seed, index, "build"), "status": job.secondary, "status_description": described, "git_ref": git_ref},
                   "runner_job": {"id": nuon_id("job", engine.seed, index, "runner job"), "status": job.status, "status_description": job.note, "created_at": seconds(job.submit), "started_at": started,
                                  "finished_at": job.ended().map(seconds), "type": t.job_type, "group": "build", "operation": "build",
                                  "queue_timeout": ns(t.queue), "available_timeout": ns(t.available), "execution_timeout": ns(t.execution),
                                  "overall_timeout": ns(t.overall), "max_executions": t.max_executions, "execution_count": execution_count,
                                  "runner": engine.runners[t.runner.min(engine.runners.len() - 1)].name},
                   "executions": executions});
            // Nuon's view counts executions with NULLIF and serialises with omitzero: a job no
            // runner picked up has no `execution_count` at all.
            if execution_count == 0
                && let Some(runner_job) = view["runner_job"].as_object_mut()
            {
                runner_job.shift_remove("execution_count");
            }
            view
        }
        Target::Rainbond => {
            if let Some(r) = Refusal::of(job.http_status) {
                json!({"http_status": r.http_status, "code": r.http_status, "msg": r.msg, "msg_show": r.msg_show, "event": null})
            } else {
                // Rainbond answers a build with its event's id, 32 hex digits (a UUID without
                // dashes). Its times are RFC 3339; here seconds from the scenario's start, the
                // end null until the build's callback completes the event.
                let event_id = format!("{:016x}{:016x}", logs::seeded_hash(engine.seed, index, "event"), logs::seeded_hash(engine.seed, index, "event id"));
                json!({"http_status": 200, "event_id": event_id, "component": profile.component, "kind": if profile.image_build { "image" } else { "source" },
                       "event": {"event_id": event_id, "status": job.status, "final_status": job.secondary, "start_time": whole_seconds(job.submit), "end_time": job.ended().map(whole_seconds)},
                       "version_status": match job.note.as_str() { "success" => "success", "failure" => "failure", _ => "" }})
            }
        }
        Target::ServiceStage => {
            let names = ["Init", "Download", "PreProcess", "Build", "Artifact", "PostProcess"];
            // Before any phase runs, the first phase is where the instance stands: it queues
            // there, and a timeout or cancel while queuing ends it there.
            let unstarted = steps.is_empty().then_some(job.status.as_str()).filter(|s| matches!(*s, "Queuing" | "Timeout" | "Cancel"));
            let phases: Vec<Value> = names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let state = match steps.iter().find(|s| s.name == *name).map(|s| s.status.as_str()) {
                        Some(ended @ ("Successful" | "Failed" | "Timeout" | "Cancel")) => ended,
                        Some(_) if *name == "Artifact" => "Pushing",
                        Some(_) => "Building",
                        None => match unstarted {
                            Some(state) if i == 0 => state,
                            _ => "NotStarted",
                        },
                    };
                    json!({"id": i + 1, "name": name, "state": state})
                })
                .collect();
            // ServiceStage's times read "2025-11-14 09:06:28 +0000 UTC"; here whole seconds from
            // the scenario's start, null until they happen, and `duration` in seconds as its list gives it.
            let (started, ended) = (job.started().map(whole_seconds), job.ended().map(whole_seconds));
            // A job's instances are numbered from 1 (`index`); the detail names the branch and
            // commit built (none for a build without a repository), the commit only once its
            // Download phase has checked it out ("HEAD is now at …"), as nothing knows it before.
            let checked_out = profile.repos.first().and_then(|r| r.first());
            let downloaded = steps.iter().any(|s| s.name == "Download" && s.status == "Successful");
            let commit_id = checked_out.filter(|_| downloaded).map(|_| logs::head_commit(engine.seed, index, profile));
            json!({"job_name": profile.backend_name, "index": number, "build_state": job.status, "started_at": started, "ended_at": ended,
                   "duration": started.zip(ended).map(|(s, e)| e - s), "branch": checked_out.map(|r| r.branch.as_str()), "commit_id": commit_id, "phases": phases})
        }
    }
}
