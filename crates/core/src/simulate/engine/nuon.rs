//! Nuon: a component build's runner job, processed strictly first-in first-out per runner.
//!
//! The control plane takes one job at a time per runner. At dequeue, a job older than its
//! queue timeout is `not-attempted`. Each attempt (up to `max_executions`) makes the job
//! `available`; the runner picks it up (pinned delay, default at once) or the available timeout
//! makes it `timed-out` and the next attempt starts; once picked up it is `in-progress` until the
//! execution ends (`finished`; a failure makes the job `failed` and the next attempt starts) or
//! the execution timeout (`timed-out`, next attempt) or the overall timeout (`timed-out`, final)
//! passes. A cancel while in progress with executions left is such a failure too: the next
//! attempt starts. A runner in sandbox mode runs nothing: the control plane holds each job
//! `queued` through a 5 s sleep and marks it `finished`, before it looks at the queue timeout.
//! The component build goes `queued` → `planning` → `building` → `active`, or `error`
//! at the job's first failure status, because Nuon's client stops polling there (or at the
//! overall deadline of a job still queued, since the client stops waiting then too).

use super::agenda::Rank;
use super::word::word;
use super::{Engine, Event, NEVER, Scope, Word};

const PICKUP: u8 = 1;
const AVAILABLE_TIMEOUT: u8 = 2;
const OVERALL_TIMEOUT: u8 = 3;
const EXECUTION_TIMEOUT: u8 = 4;
const EXECUTION_END: u8 = 5;
const SANDBOX_END: u8 = 6;

/// What a job of a runner in sandbox mode is `finished` with, which its report recognises.
pub(crate) const SANDBOX_SUCCESS: &str = "success in sandbox mode";

/// How long ProcessJob sleeps in sandbox mode before it marks a job `finished`
/// (`sandbox_mode_sleep`, 5 s by default).
const SANDBOX_SLEEP: u64 = 5_000;

impl Engine {
    fn runner_of(&self, job: u32) -> usize {
        self.profile_of(job).nuon.runner.min(self.runners.len() - 1)
    }

    pub(super) fn nuon_submit(&mut self, job: u32) {
        let j = &mut self.jobs[job as usize];
        j.status = word!("queued");
        j.secondary = word!("building");
        j.note = word!("queued");
        // As the create-build handler inserts the row (and its 201 answers).
        self.record(job, Scope::Build, "queued", "queued and waiting for runner to pick up");
        self.record(job, Scope::Build, "planning", "creating build plan");
        self.record(job, Scope::Build, "building", "building");
        self.record(job, Scope::Job, "queued", "queued");
        self.enqueue(job);
        let runner = self.runner_of(job);
        self.runners[runner].queue.push_back(job);
        if self.runners[runner].busy.is_none() {
            self.nuon_next(runner);
        } else {
            // Nuon's client gives up on a job past `created_at + overall_timeout` whatever its
            // status, so a job queued that long fails its build before the runner reaches it.
            self.deadline(self.profile_of(job).nuon.overall, Event::NuonOverdue(job));
        }
        // While queued, the reason ("runner busy with job N") is derived from the runner's
        // history when the outcome is assembled, since it changes each time the runner moves on.
    }

    /// The runner takes its next queued job, if any.
    fn nuon_next(&mut self, runner: usize) {
        while let Some(job) = self.runners[runner].queue.pop_front() {
            let j = &self.jobs[job as usize];
            if j.cancelled || j.ended != NEVER {
                continue;
            }
            let t = self.profile_of(job).nuon;
            // ProcessJob checks the runner before it stamps `started_at`: a job an unhealthy
            // runner turns away never started.
            if !self.runners[runner].healthy {
                self.nuon_end(job, "not-attempted", "runner is not in a healthy state");
                continue;
            }
            self.mark_dequeued(job);
            if self.runners[runner].sandbox {
                self.nuon_sandbox(runner, job);
                return;
            }
            if self.jobs[job as usize].submit + t.queue < self.now {
                self.nuon_end(job, "not-attempted", "queue timeout reached");
                continue;
            }
            self.nuon_take(runner, job);
            self.nuon_attempt(job);
            return;
        }
    }

    /// Sandbox mode: ProcessJob sleeps with the job still `queued`, holding the runner, then
    /// marks it `finished`; no execution is made, and the queue timeout is never looked at.
    fn nuon_sandbox(&mut self, runner: usize, job: u32) {
        self.nuon_take(runner, job);
        self.started(job);
        let wake = self.now + SANDBOX_SLEEP;
        // The client gives up at the overall deadline even while the control plane sleeps.
        let overall = self.jobs[job as usize].submit.saturating_add(self.profile_of(job).nuon.overall);
        if overall < wake {
            self.schedule(overall.max(self.now), Rank::Deadline, Event::NuonOverdue(job));
        }
        self.jobs[job as usize].decision = SANDBOX_END;
        let epoch = self.jobs[job as usize].epoch;
        self.schedule(wake, Rank::Completion, Event::NuonWake(job, epoch));
    }

    /// The sandbox sleep ends: the job is `finished` unless a cancel ended it meanwhile, and
    /// the runner moves on either way.
    fn nuon_sandbox_end(&mut self, job: u32) {
        if self.jobs[job as usize].ended == NEVER {
            self.nuon_set(job, "finished", SANDBOX_SUCCESS);
            self.nuon_build_active(job);
            self.ended(job, word!("finished"));
        }
        self.nuon_release(job);
    }

    /// The component build reads `active` once its runner job is `finished`, unless the
    /// client already gave up on it.
    fn nuon_build_active(&mut self, job: u32) {
        if self.jobs[job as usize].secondary == "building" {
            self.jobs[job as usize].secondary = word!("active");
            self.record(job, Scope::Build, "active", "build is active and ready to be deployed");
        }
    }

    /// The runner takes the job off its queue and processes it until [`Engine::nuon_release`].
    fn nuon_take(&mut self, runner: usize, job: u32) {
        self.runners[runner].busy = Some(job);
        self.runners[runner].history.push((job, self.now, u64::MAX));
    }

    /// Frees the runner after its job returned, and moves on.
    fn nuon_release(&mut self, job: u32) {
        let runner = self.runner_of(job);
        if self.runners[runner].busy == Some(job) {
            self.runners[runner].busy = None;
            if let Some(last) = self.runners[runner].history.last_mut() {
                last.2 = self.now;
            }
            self.nuon_next(runner);
        }
    }

    fn nuon_set(&mut self, job: u32, status: &'static str, note: &'static str) {
        let j = &mut self.jobs[job as usize];
        j.status = Word::of(status);
        j.note = Word::of(note);
        self.record(job, Scope::Job, status, note);
    }

    /// Ends the job on a failure status (every end but `finished` is one).
    fn nuon_end(&mut self, job: u32, status: &'static str, note: &'static str) {
        self.nuon_fail(job, status, note);
        self.ended(job, self.jobs[job as usize].status);
    }

    /// Sets a failure status on the runner job, then on the build it fails: the build's
    /// `error` follows from it, so a timeline lists it after its cause.
    fn nuon_fail(&mut self, job: u32, status: &'static str, note: &'static str) {
        self.nuon_set(job, status, note);
        self.nuon_fail_build(job);
    }

    /// The component build reads `error` from the runner job's first failure status on.
    fn nuon_fail_build(&mut self, job: u32) {
        if self.jobs[job as usize].secondary == "building" {
            self.jobs[job as usize].secondary = word!("error");
            self.record(job, Scope::Build, "error", "build did not complete successfully");
        }
    }

    fn nuon_attempt(&mut self, job: u32) {
        let number = self.jobs[job as usize].attempts;
        self.jobs[job as usize].attempts += 1;
        self.begin_attempt(job, None);
        self.nuon_set(job, "available", "waiting for runner to reserve job");
        self.wait(job, None, |_| "waiting for the runner to pick the job up".to_string());
        let t = self.profile_of(job).nuon;
        let pickup = self.pins(job).attempts.get(number as usize).and_then(|p| p.pickup_delay).map(super::millis).unwrap_or(0);
        let overall = self.jobs[job as usize].submit.saturating_add(t.overall);
        let (pickup_at, available) = (self.now + pickup, self.now + t.available);
        let (at, decision) = if overall < self.now {
            // Dequeued past its overall deadline (its queue timeout is the longer one): the
            // control plane's first look finds the deadline gone before any runner can reserve it.
            (self.now, OVERALL_TIMEOUT)
        } else if pickup_at <= available && pickup_at <= overall {
            (pickup_at, PICKUP)
        } else if overall <= available {
            (overall, OVERALL_TIMEOUT)
        } else {
            (available, AVAILABLE_TIMEOUT)
        };
        self.jobs[job as usize].decision = decision;
        let epoch = self.jobs[job as usize].epoch;
        self.schedule(at, if decision == PICKUP { Rank::Completion } else { Rank::Deadline }, Event::NuonWake(job, epoch));
    }

    pub(super) fn nuon_wake(&mut self, job: u32, epoch: u32) {
        if self.jobs[job as usize].epoch != epoch {
            return;
        }
        if self.jobs[job as usize].decision == SANDBOX_END {
            self.nuon_sandbox_end(job);
            return;
        }
        if self.jobs[job as usize].ended != NEVER {
            return;
        }
        let number = self.jobs[job as usize].attempts.saturating_sub(1);
        let t = self.profile_of(job).nuon;
        match self.jobs[job as usize].decision {
            PICKUP => {
                self.stop_waiting(job, None);
                self.started(job);
                let plan = self.plan_attempt(job, 0, 0, number);
                let end = self.now + plan.length();
                let (deadline, overall) = (self.now + t.execution, self.jobs[job as usize].submit.saturating_add(t.overall));
                self.begin_attempt(job, Some(plan));
                self.record(job, Scope::Execution(number), "pending", "");
                self.nuon_set(job, "in-progress", "in-progress");
                let (at, decision) = if end <= deadline && end <= overall {
                    (end, EXECUTION_END)
                } else if overall <= deadline {
                    (overall, OVERALL_TIMEOUT)
                } else {
                    (deadline, EXECUTION_TIMEOUT)
                };
                self.jobs[job as usize].decision = decision;
                self.schedule(at, if decision == EXECUTION_END { Rank::Completion } else { Rank::Deadline }, Event::NuonWake(job, epoch));
            }
            AVAILABLE_TIMEOUT => {
                self.nuon_fail(job, "timed-out", "timeout waiting for runner to pick up job");
                self.nuon_retry_or_stop(job, true);
            }
            OVERALL_TIMEOUT => {
                self.nuon_close_execution(job, "timed-out");
                self.nuon_fail(job, "timed-out", "overall timeout");
                self.nuon_retry_or_stop(job, false);
            }
            EXECUTION_TIMEOUT => {
                self.nuon_close_execution(job, "timed-out");
                self.nuon_fail(job, "timed-out", "execution timeout");
                self.nuon_retry_or_stop(job, true);
            }
            _ => {
                let failed = self.extra(job).attempt_plan.as_ref().is_some_and(|p| p.fails_at.is_some());
                if failed {
                    self.nuon_close_execution(job, "failed");
                    self.nuon_fail(job, "failed", "failed");
                    self.nuon_retry_or_stop(job, true);
                } else {
                    self.nuon_close_execution(job, "finished");
                    self.warm_up(job);
                    self.nuon_set(job, "finished", "finished");
                    self.nuon_build_active(job);
                    self.nuon_retry_or_stop(job, false);
                }
            }
        }
    }

    /// Whether a job's overall deadline still finds it queued with its build undecided.
    pub(super) fn nuon_overdue_applies(&self, job: u32) -> bool {
        let j = &self.jobs[job as usize];
        j.ended == NEVER && j.status == word!("queued") && j.secondary == word!("building")
    }

    /// The overall deadline passes while the runner job is still queued (the agenda drops the
    /// event otherwise, by [`Engine::nuon_overdue_applies`]): its build fails now, as Nuon's
    /// client reads it, and the runner job stays queued until the runner reaches it.
    pub(super) fn nuon_overdue(&mut self, job: u32) {
        self.nuon_fail_build(job);
    }

    /// Records the end of the current attempt's execution, if the runner had picked it up.
    fn nuon_close_execution(&mut self, job: u32, status: &'static str) {
        let Some(number) = self.jobs[job as usize].attempts.checked_sub(1) else { return };
        if let (start, Some(plan)) = self.end_attempt(job) {
            self.record(job, Scope::Execution(number), status, "");
            if self.detail == super::Detail::Full {
                self.placements.push(super::Placement { job, unit: 0, attempt: number, node: None, start, end: self.now, status, plan: *plan });
            }
        }
    }

    /// After an attempt: the next one if allowed and wanted, else the job keeps its status.
    fn nuon_retry_or_stop(&mut self, job: u32, retryable: bool) {
        let max = self.profile_of(job).nuon.max_executions;
        self.jobs[job as usize].epoch += 1;
        if retryable && self.jobs[job as usize].attempts < max {
            self.nuon_attempt(job);
            return;
        }
        self.ended(job, self.jobs[job as usize].status);
        self.nuon_release(job);
    }

    /// Cancels the runner job. A job still queued or waiting to be picked up stops there. A job
    /// in progress has its execution cancelled, which the control plane's monitor treats like a
    /// failed execution: with executions left it starts the next attempt, marking the job
    /// `available` again over the `cancelled` (a quirk of Nuon's `monitorJobExecution`, which
    /// returns retry for a cancelled job), and only the last attempt's cancel is final.
    pub(super) fn nuon_cancel(&mut self, job: u32) {
        let j = &self.jobs[job as usize];
        if j.ended != NEVER || j.cancelled {
            return;
        }
        if j.decision == SANDBOX_END {
            // ProcessJob sleeps on and holds the runner until its sleep ends.
            self.jobs[job as usize].cancelled = true;
            self.nuon_end(job, "cancelled", "cancelled");
            return;
        }
        let max = self.profile_of(job).nuon.max_executions;
        if j.status == word!("in-progress") && j.attempts < max {
            self.nuon_close_execution(job, "cancelled");
            self.nuon_fail(job, "cancelled", "cancelled");
            self.nuon_retry_or_stop(job, true);
            return;
        }
        self.jobs[job as usize].cancelled = true;
        self.jobs[job as usize].epoch += 1;
        self.nuon_close_execution(job, "cancelled");
        self.nuon_end(job, "cancelled", "cancelled");
        self.nuon_release(job);
    }
}
