//! Zadig: workflow tasks queue system-wide, their build jobs run as pods.
//!
//! A task is `created`, then `waiting` until fewer than `workflow_concurrency` tasks run and its
//! workflow's own limit allows (oldest first), then `queued` and `running`. Inside, one job per
//! service runs, at most `job_concurrency` at once; each is `prepare` until its pod is bound, then
//! `running`, then `passed`, `failed`, `timeout` or `cancelled`. The job's timeout counts from
//! `prepare`, so a pod that never fits ends `timeout`. Error policies: `retry` reruns a failed or
//! timed-out job up to `maximum_retry` times, `ignore_error` turns it `unstable`, `manual_check`
//! holds it `wait_for_manual_error_handling` (its pod gone, its task still running) until the
//! scenario's decision: `ignore` turns it `unstable`, `reject` gives it back its failure. With a job
//! concurrency of 1 the jobs run one by one and the first that fails ends the stage: the rest
//! never run (`RunJobs`' sequential path).

use std::sync::LazyLock;

use super::word::word;
use super::{Detail, Engine, Event, NEVER, Scope, Word};
use crate::simulate::plan::{OnJobFailure, ManualDecision};
use crate::wire::zadig::TaskStatus;

/// Why a job task fails as it prepares when Kubernetes refuses its pod (a request above its
/// limit, or a negative size): the timeline says so rather than leave a failure unexplained.
const POD_REFUSED: &str = "Kubernetes refused the build pod: a resource request is above its limit, or a size is negative";

/// Why a task's later job tasks never ran: the timeline says so, since nothing else would.
const NOT_RUN: &str = "job concurrency 1 runs the stage's jobs one at a time and stops at the first that fails; the rest did not run";

/// The decisions `manual_check` waits for, as the job task's timeline gives them.
const IGNORED: &str = "the failure was ignored by hand (error policy manual_check)";
const REJECTED: &str = "the failure was rejected by hand (error policy manual_check)";

/// Stage status precedence (`updateStageStatus`): the highest wins. The rule is the wire
/// type's ([`TaskStatus::stage_rank`]); here it is read from a table made once over the
/// vocabulary, since a capacity run rolls up a million stages and parsing text each time showed.
pub fn stage_rank(status: Word) -> u8 {
    static RANKS: LazyLock<Vec<u8>> = LazyLock::new(|| Word::all().map(|w| TaskStatus::parse(w.as_str()).stage_rank()).collect());
    RANKS.get(status.index()).copied().unwrap_or(0)
}

/// The task's status from its one stage, by the wire type's roll-up
/// ([`TaskStatus::roll_up_workflow`]: a final `unstable` reads `passed`), from a table made
/// once over the vocabulary, as [`stage_rank`] is.
pub fn task_status(stage: Word) -> Word {
    static TASK: LazyLock<Vec<Word>> =
        LazyLock::new(|| Word::all().map(|w| Word::of(TaskStatus::roll_up_workflow([&TaskStatus::parse(w.as_str())]).as_str())).collect());
    TASK.get(stage.index()).copied().unwrap_or(stage)
}

impl Engine {
    pub(super) fn zadig_submit(&mut self, job: u32) {
        self.jobs[job as usize].status = word!("waiting");
        self.record(job, Scope::Job, "created", "");
        self.record(job, Scope::Job, "waiting", "");
        self.enqueue(job);
        self.waiting_tasks.push_back(job);
        self.zadig_dispatch();
        if self.jobs[job as usize].status == word!("waiting") {
            let reason = self.zadig_block_reason(job);
            self.wait(job, None, |_| reason);
        }
    }

    fn zadig_block_reason(&self, job: u32) -> String {
        let workflow = self.jobs[job as usize].workflow as usize;
        let limit = self.workflow_limits[workflow];
        if self.running_tasks >= self.workflow_concurrency {
            format!("workflow concurrency {} reached", self.workflow_concurrency)
        } else if limit >= 0 && i64::from(self.workflow_running[workflow]) >= limit {
            format!("workflow {} concurrency limit {} reached", self.workflows[workflow], limit)
        } else {
            "waiting for an older task".to_string()
        }
    }

    /// Starts waiting tasks, oldest first, while the system-wide limit allows.
    fn zadig_dispatch(&mut self) {
        let mut i = 0;
        while self.running_tasks < self.workflow_concurrency && i < self.waiting_tasks.len() {
            let job = self.waiting_tasks[i];
            let workflow = self.jobs[job as usize].workflow as usize;
            let limit = self.workflow_limits[workflow];
            if limit >= 0 && i64::from(self.workflow_running[workflow]) >= limit {
                i += 1;
                continue;
            }
            // Almost always the oldest: taking it off the front moves nothing.
            if i == 0 {
                self.waiting_tasks.pop_front();
            } else {
                self.waiting_tasks.remove(i);
            }
            self.running_tasks += 1;
            self.workflow_running[workflow] += 1;
            self.stop_waiting(job, None);
            self.jobs[job as usize].status = word!("running");
            self.record(job, Scope::Job, "queued", "");
            self.record(job, Scope::Job, "running", "");
            let group = self.selector_group(job);
            let units = self.jobs[job as usize].units.clone();
            for u in units.clone() {
                self.units[u as usize].group = group;
            }
            if units.is_empty() {
                self.zadig_finish(job);
                continue;
            }
            let first = (units.len() as u32).min(self.job_concurrency);
            for k in 0..units.len() as u32 {
                if k >= first {
                    let concurrency = self.job_concurrency;
                    self.wait(job, Some(units.start + k), |_| format!("job concurrency {concurrency} reached"));
                }
            }
            for _ in 0..first {
                self.zadig_next_unit(job);
            }
        }
        if self.detail == Detail::Full {
            self.zadig_say_why_tasks_wait();
        }
    }

    /// Words each waiting task's reason afresh once the queue has settled, in the order Zadig's
    /// queue checks: with every place taken it looks no further, so all wait for the workflow
    /// concurrency; with a place left it passed over every one, each for its workflow's limit.
    /// Only a change between the two rewrites them (a task submitted since says its own), so a
    /// settled queue costs one comparison.
    fn zadig_say_why_tasks_wait(&mut self) {
        let place_free = self.running_tasks < self.workflow_concurrency;
        if place_free == self.tasks_wait_for_workflows {
            return;
        }
        self.tasks_wait_for_workflows = place_free;
        for i in 0..self.waiting_tasks.len() {
            let job = self.waiting_tasks[i];
            let reason = self.zadig_block_reason(job);
            self.wait(job, None, |_| reason);
        }
    }

    /// Starts the job's next unit that has not run yet.
    fn zadig_next_unit(&mut self, job: u32) {
        let j = &mut self.jobs[job as usize];
        if j.cancelled || j.next_unit >= j.units.len() as u32 {
            return;
        }
        let unit = j.units.start + j.next_unit;
        j.next_unit += 1;
        j.active_units += 1;
        self.zadig_unit_prepare(unit);
    }

    fn zadig_unit_prepare(&mut self, unit: u32) {
        let job = self.units[unit as usize].job;
        let unit_in_job = unit - self.jobs[job as usize].units.start;
        self.stop_waiting(job, Some(unit));
        self.units[unit as usize].status = word!("prepare");
        self.jobs[job as usize].attempts += 1;
        self.record(job, Scope::Unit(unit_in_job), "prepare", "");
        if self.profile_of(job).pod_refused {
            // Kubernetes refuses to create the pod, so the job task fails as it prepares.
            self.zadig_unit_done(unit, word!("failed"), POD_REFUSED);
            return;
        }
        let timeout = self.profile_of(job).timeout_ms;
        self.pod_start(unit);
        self.pod_deadline(unit, timeout);
    }

    /// A job's attempt ended with `status` (`passed`, `failed` or `timeout`), and why if it says.
    pub(super) fn zadig_unit_done(&mut self, unit: u32, status: Word, why: &'static str) {
        let job = self.units[unit as usize].job;
        let unit_in_job = unit - self.jobs[job as usize].units.start;
        self.pod_release(unit, status.as_str());
        let profile = self.profile_of(job);
        let (policy, max_retry) = (profile.error_policy, profile.maximum_retry);
        if status == word!("passed") {
            self.warm_up(job);
        }
        let final_status = if status == word!("passed") {
            status
        } else if policy == OnJobFailure::Retry && self.units[unit as usize].retries < max_retry {
            self.record(job, Scope::Unit(unit_in_job), status.as_str(), why);
            self.units[unit as usize].retries += 1;
            self.zadig_unit_prepare(unit);
            return;
        } else if policy == OnJobFailure::IgnoreError {
            self.record(job, Scope::Unit(unit_in_job), status.as_str(), why);
            word!("unstable")
        } else if let OnJobFailure::ManualCheck(decision) = policy {
            self.record(job, Scope::Unit(unit_in_job), status.as_str(), why);
            self.zadig_await_decision(unit, status, decision.for_job(self.pins(job)));
            return;
        } else {
            status
        };
        self.zadig_unit_ends(unit, final_status, if final_status == status { why } else { "" });
    }

    /// Under `manual_check`, a failed or timed-out job task waits for a person's decision (Zadig's
    /// `waitForManualErrorHandling`), its pod gone and its task holding its place, until the
    /// decision the scenario gives for them comes.
    fn zadig_await_decision(&mut self, unit: u32, status: Word, decision: ManualDecision) {
        let job = self.units[unit as usize].job;
        let unit_in_job = unit - self.jobs[job as usize].units.start;
        let u = &mut self.units[unit as usize];
        u.status = word!("wait_for_manual_error_handling");
        // The failure a rejection gives back: the attempt is over, so nothing else reads it.
        u.fails = status == word!("failed");
        let epoch = u.epoch;
        self.record(job, Scope::Unit(unit_in_job), "wait_for_manual_error_handling", "");
        self.wait(job, Some(unit), |_| "error policy manual_check: waiting for someone to ignore or reject the failure".into());
        self.deadline(decision.after_ms, Event::UnitTimeout(unit, epoch));
    }

    /// The decision `manual_check` waited for: `ignore` makes the job task `unstable`, `reject`
    /// gives it back the failure it waited with.
    pub(super) fn zadig_decided(&mut self, unit: u32) {
        let job = self.units[unit as usize].job;
        let ignore = matches!(self.profile_of(job).error_policy, OnJobFailure::ManualCheck(d) if d.for_job(self.pins(job)).ignore);
        let failure = if self.units[unit as usize].fails { word!("failed") } else { word!("timeout") };
        self.stop_waiting(job, Some(unit));
        if ignore {
            self.zadig_unit_ends(unit, word!("unstable"), IGNORED);
        } else {
            self.zadig_unit_ends(unit, failure, REJECTED);
        }
    }

    /// A job task ended as `final_status`: the stage goes on with its next job task, or ends.
    fn zadig_unit_ends(&mut self, unit: u32, final_status: Word, note: &'static str) {
        let job = self.units[unit as usize].job;
        let unit_in_job = unit - self.jobs[job as usize].units.start;
        self.units[unit as usize].status = final_status;
        self.record(job, Scope::Unit(unit_in_job), final_status.as_str(), note);
        let stops = self.runs_jobs_one_by_one() && matches!(final_status.as_str(), "failed" | "timeout" | "cancelled");
        let j = &mut self.jobs[job as usize];
        j.active_units -= 1;
        j.done_units += 1;
        if stops && j.done_units < j.units.len() as u32 {
            self.zadig_stop_stage(job);
            return;
        }
        self.zadig_next_unit(job);
        let j = &self.jobs[job as usize];
        // The last job task to end finishes the task, unless the next one, ending at once (a
        // refused pod), has finished it already, deeper down.
        if j.done_units == j.units.len() as u32 && j.ended == NEVER {
            self.zadig_finish(job);
        }
    }

    /// Whether a task's jobs run one by one, so that the first to fail ends the stage: Zadig's
    /// `RunJobs` takes its sequential path at a concurrency of 1.
    fn runs_jobs_one_by_one(&self) -> bool {
        self.job_concurrency == 1
    }

    /// With a job concurrency of 1 Zadig runs a stage's jobs one by one (`RunJobs`) and returns at
    /// the first that fails, times out or is cancelled: the jobs after it never run and keep the
    /// status they were created with, and the task ends with the stage's roll-up.
    fn zadig_stop_stage(&mut self, job: u32) {
        let j = &mut self.jobs[job as usize];
        let (start, from, len) = (j.units.start, j.next_unit, j.units.len() as u32);
        j.next_unit = len;
        for k in from..len {
            self.stop_waiting(job, Some(start + k));
        }
        self.zadig_finish_with(job, NOT_RUN);
    }

    /// Rolls the jobs up into the stage and the task, and frees the task's slot.
    fn zadig_finish(&mut self, job: u32) {
        self.zadig_finish_with(job, "");
    }

    /// [`Self::zadig_finish`], with why the task ended as it did when the timeline should say.
    fn zadig_finish_with(&mut self, job: u32, note: &'static str) {
        let units = self.jobs[job as usize].units.clone();
        let stage = units.map(|u| self.units[u as usize].status).max_by_key(|s| stage_rank(*s)).unwrap_or(word!("skipped"));
        let stage = if self.jobs[job as usize].cancelled { word!("cancelled") } else { stage };
        self.jobs[job as usize].secondary = stage;
        let status = task_status(stage);
        self.record(job, Scope::Job, status.as_str(), note);
        self.ended(job, status);
        self.running_tasks -= 1;
        let workflow = self.jobs[job as usize].workflow as usize;
        self.workflow_running[workflow] -= 1;
        self.zadig_dispatch();
    }

    pub(super) fn zadig_cancel(&mut self, job: u32) {
        if let Some(i) = self.waiting_tasks.iter().position(|j| *j == job) {
            self.waiting_tasks.remove(i);
            self.jobs[job as usize].secondary = word!("cancelled");
            self.record(job, Scope::Job, "cancelled", "");
            self.ended(job, word!("cancelled"));
            return;
        }
        let units = self.jobs[job as usize].units.clone();
        for unit in units {
            let status = self.units[unit as usize].status;
            if matches!(status.as_str(), "passed" | "failed" | "timeout" | "unstable" | "cancelled") {
                continue;
            }
            if status == word!("created") && self.runs_jobs_one_by_one() {
                // One at a time, Zadig returns at the cancelled job: the rest never run.
                self.stop_waiting(job, Some(unit));
                continue;
            }
            let unit_in_job = unit - self.jobs[job as usize].units.start;
            self.pod_release(unit, "cancelled");
            self.units[unit as usize].status = word!("cancelled");
            self.record(job, Scope::Unit(unit_in_job), "cancelled", "");
        }
        self.zadig_finish(job);
    }
}

#[cfg(test)]
mod tests {
    use super::{stage_rank, task_status, word};

    /// The table gives Zadig's stage precedence for its words, and nothing to other backends'.
    #[test]
    fn stage_ranks_follow_zadigs_precedence() {
        let order = [word!("cancelled"), word!("timeout"), word!("failed"), word!("pause"), word!("reject"), word!("passed"), word!("unstable"), word!("running")];
        let ranks: Vec<u8> = order.iter().map(|w| stage_rank(*w)).collect();
        assert_eq!(ranks, [7, 6, 5, 4, 3, 2, 1, 0]);
        assert_eq!(stage_rank(word!("Failed")), 0, "ServiceStage's word is not Zadig's");
        assert_eq!(stage_rank(word!("")), 0);
    }

    /// A task reads its one stage's status, but a final `unstable` reads `passed`, as Zadig reports it.
    #[test]
    fn a_task_reads_its_stage_by_zadigs_roll_up() {
        let stages = [word!("unstable"), word!("passed"), word!("failed"), word!("timeout"), word!("cancelled"), word!("skipped"), word!("running")];
        let tasks: Vec<&str> = stages.iter().map(|w| task_status(*w).as_str()).collect();
        assert_eq!(tasks, ["passed", "passed", "failed", "timeout", "cancelled", "skipped", "running"]);
    }
}
