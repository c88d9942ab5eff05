//! One scenario's run done a bounded step at a time: setting up, simulating, summing up,
//! ranking and building the result. A browser task may last 50 ms and a million-job run takes
//! most of a second, so the Simulator calls [`SteppedRun::step`] until its slice is over; the
//! order of the phases and the size of each step are decided here, where plain tests check them.

use super::outcome::{JobsBuilt, Tally};
use super::{Detail, Engine, Loading, Outcome, Prepared};

/// How many simulated events a job's report (steps, logs, backend view) costs to build, about:
/// a step of `budget` events builds `budget / REPORT_COST` reports (2,000 took 35 ms natively
/// in one step, and 60 ms in a browser whose wasm was not yet optimised).
const REPORT_COST: usize = 16;

/// What a run is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Where every run starts.
    #[default]
    SettingUp,
    Simulating,
    SummingUp,
    /// Ranking the waits, then the run times, for their percentiles: a selection over every
    /// job, tens of milliseconds on a million in a browser, so each list is a step of its own.
    Ranking,
    /// Building the result from the ranked lists and the engine's totals.
    Finishing,
}

/// How far a run has got: its phase and, of its jobs, how many are done in that phase (set
/// up, finished, summed up; all of them while the ranked lists and the result are made).
/// The default is a run about to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    pub jobs: u64,
}

impl Progress {
    /// What a progress bar's label says after the run's title.
    pub fn label(&self, title: &str) -> String {
        let (done, jobs) = (self.done, self.jobs);
        match self.phase {
            Phase::SettingUp => format!("{title}: setting up jobs, {done} of about {jobs}"),
            Phase::Simulating => format!("{title}: simulating, {done} of {jobs} jobs finished"),
            Phase::SummingUp => format!("{title}: summing up, {done} of {jobs} jobs"),
            Phase::Ranking => format!("{title}: ranking waits and run times of {jobs} jobs"),
            Phase::Finishing => format!("{title}: building the result, {done} of {jobs} jobs"),
        }
    }
}

/// Where a run is after a step.
#[derive(Debug)]
pub enum Step {
    /// More to do. `own_task` says the next step should start a task of its own: a phase has
    /// just begun (what ended the last one must not share a task with the next one's first
    /// step), or the next step is one indivisible piece of work (ranking a list, the result).
    Working { progress: Progress, own_task: bool },
    /// The run's result.
    Done(Box<Outcome>),
}

/// A run being done step by step.
pub struct SteppedRun<'a> {
    stage: Stage<'a>,
    /// Jobs the workload is expected to make (the set-up's progress reads "of about").
    expected: u64,
    /// The scenario, whose name, description and findings the result keeps.
    prepared: &'a Prepared,
}

enum Stage<'a> {
    /// Boxed: its workload generators and a peeked job make it much larger than the others.
    SettingUp(Box<Loading<'a>>),
    Simulating(Engine),
    SummingUp(Engine, Tally),
    Ranking(Engine, Tally),
    Finishing(Engine, Tally),
    /// The figures are made; the jobs' reports are being built into the result.
    Building(Engine, Box<Outcome>, JobsBuilt),
    /// The result has been handed out; further steps hand out nothing more.
    Over,
}

impl<'a> SteppedRun<'a> {
    /// A run of `prepared` on its own seed, nothing done yet (the engine's fixed parts, such
    /// as the node tree, are built here).
    pub fn new(prepared: &'a Prepared, detail: Detail) -> SteppedRun<'a> {
        SteppedRun::on_seed(prepared, prepared.scenario.seed, detail)
    }

    /// A run of `prepared` on `seed` (another sample of its random choices, as a sweep over
    /// seeds makes them), nothing done yet.
    pub fn on_seed(prepared: &'a Prepared, seed: u64, detail: Detail) -> SteppedRun<'a> {
        SteppedRun {
            stage: Stage::SettingUp(Box::new(Engine::loading(prepared, seed, detail))),
            expected: prepared.expected_jobs().round() as u64,
            prepared,
        }
    }

    /// Does one step: at most `budget` jobs set up, events simulated or jobs summed up, or one
    /// list ranked, or the result's figures made, or `budget / 16` jobs' reports built. A step after the result returns an empty progress.
    pub fn step(&mut self, budget: usize) -> Step {
        let (stage, step) = match std::mem::replace(&mut self.stage, Stage::Over) {
            Stage::SettingUp(mut loading) => {
                if loading.add(budget) {
                    let done = loading.added() as u64;
                    let progress = Progress { phase: Phase::SettingUp, done, jobs: self.expected.max(done) };
                    (Stage::SettingUp(loading), Step::Working { progress, own_task: false })
                } else {
                    let engine = (*loading).finish();
                    let step = begins(Phase::Simulating, &engine);
                    (Stage::Simulating(engine), step)
                }
            }
            Stage::Simulating(mut engine) => {
                if engine.run_bounded(u64::MAX, budget as u64) {
                    // Jobs made as the clock reaches them are not all known yet.
                    let jobs = if engine.jobs_to_come() { self.expected } else { 0 }.max(engine.job_count() as u64);
                    let progress = Progress { phase: Phase::Simulating, done: engine.finished, jobs };
                    (Stage::Simulating(engine), Step::Working { progress, own_task: false })
                } else {
                    let step = begins(Phase::SummingUp, &engine);
                    (Stage::SummingUp(engine, Tally::default()), step)
                }
            }
            Stage::SummingUp(engine, mut tally) => {
                if tally.add(&engine, budget) {
                    let progress = Progress { phase: Phase::SummingUp, done: tally.counted() as u64, jobs: engine.job_count() as u64 };
                    (Stage::SummingUp(engine, tally), Step::Working { progress, own_task: false })
                } else {
                    let step = begins(Phase::Ranking, &engine);
                    (Stage::Ranking(engine, tally), step)
                }
            }
            Stage::Ranking(engine, mut tally) => {
                if tally.rank() {
                    let step = begins(Phase::Ranking, &engine);
                    (Stage::Ranking(engine, tally), step)
                } else {
                    let step = begins(Phase::Finishing, &engine);
                    (Stage::Finishing(engine, tally), step)
                }
            }
            Stage::Finishing(mut engine, tally) => {
                let outcome = Box::new(tally.figures(&mut engine));
                let progress = Progress { phase: Phase::Finishing, done: 0, jobs: engine.job_count() as u64 };
                (Stage::Building(engine, outcome, JobsBuilt::default()), Step::Working { progress, own_task: false })
            }
            Stage::Building(engine, mut outcome, mut built) => {
                // A job's report costs about what 16 simulated events do.
                if built.add(&mut outcome, &engine, budget / REPORT_COST) {
                    let progress = Progress { phase: Phase::Finishing, done: built.done(), jobs: engine.job_count() as u64 };
                    (Stage::Building(engine, outcome, built), Step::Working { progress, own_task: false })
                } else {
                    outcome.keep_scenario_words(self.prepared);
                    (Stage::Over, Step::Done(outcome))
                }
            }
            Stage::Over => (Stage::Over, Step::Working { progress: Progress { phase: Phase::Finishing, done: 0, jobs: 0 }, own_task: true }),
        };
        self.stage = stage;
        step
    }
}

/// The step that hands over to `phase` (or to its next indivisible piece), which starts in a
/// task of its own.
fn begins(phase: Phase, engine: &Engine) -> Step {
    let jobs = engine.job_count() as u64;
    // Ranking follows summing every job up; building the result counts the reports it built.
    let done = if phase == Phase::Ranking { jobs } else { 0 };
    Step::Working { progress: Progress { phase, done, jobs }, own_task: true }
}
