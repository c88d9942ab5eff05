//! The simulated scheduler the Jobs page drives: core's engine, a clock that runs at a chosen
//! speed, the cluster model, and the jobs started in this browser (kept in IndexedDB with the
//! rest of the console's data and replayed on load: the engine is deterministic, so the same
//! jobs and clock give the same state).

use std::collections::BTreeMap;

use buildbay_core::Target;
use buildbay_core::model::Build;
use buildbay_core::simulate::scenario::{BuildEntry, ClusterModel, ClusterSpec, JobSpec, Prepared, PreparedBuild, RunnerSpec, Scenario, ZadigSettings, check_runners};
use buildbay_core::Diagnostic;
use buildbay_core::model::Job;
use buildbay_core::simulate::cluster_form::{self, ClusterRows, ZadigRows};
use buildbay_core::simulate::start::prepare_run;
use buildbay_core::simulate::outcome::{JobLine, JobOutcome, job_lines};
use buildbay_core::simulate::{Detail, Engine, default_clusters, default_model};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use buildbay_core::simulate::started::{LocalChange, ModelPart, merged_clock_ms, merged_onto, next_job_id};

use super::started_jobs::{StartedJob, StartedJobs};
use super::workspace::{Toast, Workspace};
use crate::storage::unload_simulation::{self, KeptSimulation};
use crate::storage::{Broadcast, Notice, SimulationWrite, Storage, tab_id};

/// Where earlier versions kept the state in local storage; moved into IndexedDB on first load.
const LEGACY_KEY: &str = "buildbay.simulation";
const LEGACY_CLOCK_KEY: &str = "buildbay.simulation.clock";
/// While the clock runs, the state is written every this many ticks (once a second).
const TICKS_PER_SAVE: u64 = 10;
/// How often the clock ticks in real time, in milliseconds.
pub const TICK_MS: u64 = 100;
/// The most events one tick may process, so a tick never blocks the page for long.
const EVENTS_PER_TICK: u64 = 20_000;

/// What IndexedDB keeps of the simulation: read back as [`Saved`], written as [`SavedText`]
/// (borrowing the model, with the jobs' JSON as kept ready), one field list for both.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Stored<Jobs, Clusters, Rows> {
    clock_ms: u64,
    speed: u32,
    paused: bool,
    jobs: Jobs,
    /// The cluster model jobs run on and the editor lints against (absent: the default one).
    #[serde(default)]
    clusters: Clusters,
    /// The cluster form as typed (it may not read yet; nothing typed is lost on reload).
    #[serde(default)]
    cluster_rows: Rows,
    /// Zadig's queue settings the Jobs page's tasks run under (absent: Zadig's defaults).
    #[serde(default)]
    zadig: Option<ZadigSettings>,
    /// Their fields as typed.
    #[serde(default)]
    zadig_rows: Option<ZadigRows>,
    /// Nuon's runners the Jobs page's Nuon jobs go to (absent: one healthy `org-runner`).
    #[serde(default)]
    runners: Option<Vec<RunnerSpec>>,
    /// Their fields as typed.
    #[serde(default)]
    runner_rows: Option<Vec<RunnerSpec>>,
}

/// The simulation state as read from IndexedDB (older states lack the cluster fields).
type Saved = Stored<Vec<StartedJob>, Option<Vec<ClusterSpec>>, Option<Vec<ClusterRows>>>;

/// The simulation state as written.
type SavedText<'a> = Stored<&'a RawValue, &'a [ClusterSpec], &'a [ClusterRows]>;

/// The cluster model capacity lints check against: the lab's, or the default one where no lab
/// runs (a component test), read tracked so lints follow the Simulator's edits.
pub fn cluster_model() -> Signal<Vec<ClusterSpec>> {
    match use_context::<Lab>() {
        Some(lab) => lab.clusters.into(),
        None => Signal::stored(default_clusters()),
    }
}

/// The engine and its clock, shared by the Jobs pages.
#[derive(Clone, Copy)]
pub struct Lab {
    engine: StoredValue<Engine, LocalStorage>,
    started: StoredValue<StartedJobs, LocalStorage>,
    /// Simulated milliseconds since the lab started.
    pub clock_ms: RwSignal<u64>,
    /// Simulated seconds per real second.
    pub speed: RwSignal<u32>,
    pub paused: RwSignal<bool>,
    /// Bumps whenever the engine moved, so views re-read it.
    pub revision: RwSignal<u64>,
    /// Jobs started here that a merge with another tab's state gave another id, (old, new) in
    /// the order it happened, so a page showing one follows it to its new id.
    pub renamed: RwSignal<Vec<(String, String)>>,
    /// The console's cluster model: where started jobs run, what the editor's capacity lints
    /// check against; the Simulator page edits it.
    pub clusters: RwSignal<Vec<ClusterSpec>>,
    /// The cluster form's fields as typed; `clusters` follows them whenever they read.
    pub cluster_rows: RwSignal<Vec<ClusterRows>>,
    /// Zadig's queue settings (workflow and job concurrency) started jobs run under, and
    /// scenarios without their own take; the Simulator's cluster form edits them.
    pub zadig: RwSignal<ZadigSettings>,
    /// Their fields as typed; `zadig` follows them whenever they read.
    pub zadig_rows: RwSignal<ZadigRows>,
    /// Nuon's runners started Nuon jobs go to, and scenarios without their own take.
    pub runners: RwSignal<Vec<RunnerSpec>>,
    /// Their fields as typed; `runners` follows them whenever they read.
    pub runner_rows: RwSignal<Vec<RunnerSpec>>,
    db: StoredValue<Option<Storage>, LocalStorage>,
    /// Whether the saved state has been read (nothing is written before, so it is never lost).
    loaded: RwSignal<bool>,
    /// The save on its way, to be written once the current task ends (a change when any ask
    /// in the task was one).
    queued: StoredValue<Option<SimulationWrite>>,
    /// The stored state's revision this tab's state was made from (see [`Storage::put_simulation`]).
    known: StoredValue<u64>,
    /// Tells the other tabs of this tab's changes, and hears of theirs.
    broadcast: StoredValue<Broadcast, LocalStorage>,
    tab: StoredValue<String>,
    /// What this tab changed since the stored state it last wrote or took up, made over again
    /// on another tab's state when both changed it at once (see [`Lab::take_up`]).
    changes: StoredValue<Vec<LocalChange>>,
    /// Where a job renamed by such a merge is told of.
    workspace: StoredValue<Option<Workspace>, LocalStorage>,
}

fn fresh_engine(model: ClusterModel) -> Engine {
    let ClusterModel { clusters, zadig, runners } = model;
    let prepared = Prepared { scenario: Scenario { clusters, zadig, runners, ..Scenario::default() }, builds: Vec::new(), findings: Vec::new() };
    Engine::new(&prepared, 1, Detail::Full)
}

impl Lab {
    /// Starts the clock at once and restores the saved jobs, clock and cluster model (replaying
    /// them) as soon as IndexedDB answers.
    pub fn start() -> Lab {
        let model = default_model();
        let lab = Lab {
            engine: StoredValue::new_local(fresh_engine(model.clone())),
            cluster_rows: RwSignal::new(ClusterRows::of_model(&model.clusters)),
            clusters: RwSignal::new(model.clusters),
            zadig: RwSignal::new(model.zadig),
            zadig_rows: RwSignal::new(ZadigRows::default()),
            runner_rows: RwSignal::new(model.runners.clone()),
            runners: RwSignal::new(model.runners),
            started: StoredValue::new_local(StartedJobs::default()),
            clock_ms: RwSignal::new(0),
            speed: RwSignal::new(10),
            paused: RwSignal::new(false),
            revision: RwSignal::new(0),
            renamed: RwSignal::new(Vec::new()),
            db: StoredValue::new_local(None),
            loaded: RwSignal::new(false),
            queued: StoredValue::new(None),
            known: StoredValue::new(0),
            broadcast: StoredValue::new_local(Broadcast::open()),
            tab: StoredValue::new(tab_id()),
            changes: StoredValue::new(Vec::new()),
            workspace: StoredValue::new_local(use_context::<Workspace>()),
        };
        spawn_local(async move {
            let db = Storage::open().await.ok();
            let stored = match &db {
                Some(db) => db.simulation().await.ok().flatten(),
                None => None,
            };
            lab.db.set_value(db);
            lab.restore(stored);
        });
        lab.broadcast.with_value(|b| {
            b.listen(move |notice| {
                if let Notice::SimulationChanged { tab } = notice
                    && tab != lab.tab.get_value()
                {
                    lab.take_up_stored();
                }
            });
        });
        // A change made a moment before the page goes (a reload, the tab closed) is kept at once
        // as well, should its IndexedDB write not land.
        let pagehide = window_event_listener(leptos::ev::pagehide, move |_| lab.keep_on_unload());
        let ticks = StoredValue::new(0u64);
        let clock = set_interval_with_handle(
            move || {
                if !lab.paused.get_untracked() {
                    let step = TICK_MS * u64::from(lab.speed.get_untracked());
                    lab.advance_to(lab.clock_ms.get_untracked() + step);
                    ticks.update_value(|t| *t += 1);
                    if ticks.get_value().is_multiple_of(TICKS_PER_SAVE) {
                        lab.save_as(SimulationWrite::Progress);
                    }
                }
            },
            std::time::Duration::from_millis(TICK_MS),
        );
        // The console never unmounts, but a test that mounts it does: the clock and the
        // listener stop with it rather than read a lab already gone.
        on_cleanup(move || {
            pagehide.remove();
            if let Ok(clock) = clock {
                clock.clear();
            }
        });
        lab
    }

    /// Takes the saved state (or, the first time, what local storage held) and replays it.
    fn restore(&self, stored: Option<(String, u64)>) {
        let legacy = || {
            let local = crate::storage::local()?;
            let text = local.get_item(LEGACY_KEY).ok().flatten()?;
            let clock = local.get_item(LEGACY_CLOCK_KEY).ok().flatten().and_then(|c| c.parse::<u64>().ok()).unwrap_or(0);
            let mut saved: Saved = serde_json::from_str(&text).ok()?;
            saved.clock_ms = saved.clock_ms.max(clock);
            let _ = local.remove_item(LEGACY_KEY);
            let _ = local.remove_item(LEGACY_CLOCK_KEY);
            Some(saved)
        };
        // What this tab's last load changed and had not stored as it went: its state, with those
        // changes, is this tab's, to be made over again on the stored state like any change of
        // its own (a write of them that landed after all is not made twice).
        if let Some(kept) = unload_simulation::take()
            && self.changes.with_value(Vec::is_empty)
            && let Ok(saved) = serde_json::from_str::<Saved>(&kept.state)
        {
            let clock = saved.clock_ms;
            self.apply(saved, kept.known, clock);
            self.changes.set_value(kept.changes);
        }
        let revision = stored.as_ref().map_or(0, |(_, r)| *r);
        let saved = stored.and_then(|(text, _)| serde_json::from_str::<Saved>(&text).ok()).or_else(legacy);
        // Jobs started in this tab before the saved state arrived run after the saved ones.
        if let Some(saved) = saved {
            self.take_up(saved, revision);
        }
        self.loaded.set(true);
        let changed = self.changes.with_value(|c| !c.is_empty());
        self.save_as(if changed { SimulationWrite::Change } else { SimulationWrite::Progress });
    }

    /// Takes up the state another tab stored after changing it, unless this tab's is as new,
    /// with this tab's own changes since made over again on it and stored. When it is this tab's
    /// own (a write of this tab's that was on its way when the refused one set out), changes not
    /// yet stored are written again; when none is stored any more (the site's data cleared),
    /// this tab's state is stored afresh.
    fn take_up_stored(&self) {
        let lab = *self;
        spawn_local(async move {
            let Some(db) = lab.db.get_value() else { return };
            let Ok(stored) = db.simulation().await else { return };
            let pending = lab.changes.with_value(|c| !c.is_empty());
            match stored {
                Some((text, revision)) if revision != lab.known.get_value() => {
                    if let Ok(saved) = serde_json::from_str::<Saved>(&text)
                        && lab.take_up(saved, revision)
                    {
                        lab.save();
                    }
                }
                Some(_) if pending => lab.save(),
                Some(_) => {}
                None => {
                    lab.known.set_value(0);
                    lab.save();
                }
            }
        });
    }

    /// Puts a stored state in force, as of `revision`, with what this tab changed since the state
    /// it knew made over again on it: its jobs started and cancelled (a job given an id the
    /// other tab gave one of its own takes the next, and a toast says so), its model and pace if
    /// it edited them. With no change here, the state is taken as stored; the clock is core's
    /// `merged_clock_ms`. Returns whether this tab's changes are in it, to be stored.
    fn take_up(&self, mut saved: Saved, revision: u64) -> bool {
        let changes = self.changes.get_value();
        let made = |change: LocalChange| changes.contains(&change);
        let mut merged = self.started.with_value(|s| merged_onto(s.all(), std::mem::take(&mut saved.jobs), &changes));
        saved.jobs = std::mem::take(&mut merged.jobs);
        // Only the parts of the model edited here: another tab's edit of another part stays.
        if made(LocalChange::Model(ModelPart::Clusters)) {
            saved.clusters = Some(self.clusters.get_untracked());
            saved.cluster_rows = Some(self.cluster_rows.get_untracked());
        }
        if made(LocalChange::Model(ModelPart::Zadig)) {
            (saved.zadig, saved.zadig_rows) = (Some(self.zadig.get_untracked()), Some(self.zadig_rows.get_untracked()));
        }
        if made(LocalChange::Model(ModelPart::Runners)) {
            (saved.runners, saved.runner_rows) = (Some(self.runners.get_untracked()), Some(self.runner_rows.get_untracked()));
        }
        if made(LocalChange::Pace) {
            (saved.speed, saved.paused) = (self.speed.get_untracked(), self.paused.get_untracked());
        }
        let clock = merged_clock_ms(&changes, saved.clock_ms, self.clock_ms.get_untracked());
        self.apply(saved, revision, clock);
        // The changes still to store name the jobs by their ids now.
        self.changes.update_value(|changes| merged.rename_in(changes));
        if !merged.renamed.is_empty() {
            if let Some(ws) = self.workspace.get_value() {
                let told: Vec<String> = merged.renamed.iter().map(|(old, new)| format!("the job started here as {old} is now {new}")).collect();
                ws.toast.set(Some(Toast::note(format!("Another tab started a job under the same id at the same moment: {}.", told.join("; ")))));
            }
            self.renamed.update(|all| all.extend(merged.renamed));
        }
        !changes.is_empty()
    }

    /// Puts a saved state in force (its model, speed and pause, its jobs replayed up to
    /// `clock`), as of `revision`.
    fn apply(&self, saved: Saved, revision: u64, clock: u64) {
        let clusters = saved.clusters.clone().unwrap_or_else(default_clusters);
        self.cluster_rows.set(saved.cluster_rows.clone().unwrap_or_else(|| ClusterRows::of_model(&clusters)));
        self.clusters.set(clusters);
        let zadig = saved.zadig.clone().unwrap_or_default();
        self.zadig_rows.set(saved.zadig_rows.clone().unwrap_or_else(|| ZadigRows::of(&zadig)));
        self.zadig.set(zadig);
        let runners = saved.runners.clone().unwrap_or_else(|| default_model().runners);
        self.runner_rows.set(saved.runner_rows.clone().unwrap_or_else(|| runners.clone()));
        self.runners.set(runners);
        self.speed.set(saved.speed.clamp(1, 1000));
        self.paused.set(saved.paused);
        self.replay(saved.jobs, clock);
        self.known.set_value(revision);
    }

    fn add(&self, job: StartedJob) -> u32 {
        let prepared = PreparedBuild { name: job.build.name.clone(), semantics: job.semantics, build: job.build.clone() };
        let index = self.engine.try_update_value(|e| {
            let profile = e.add_build(&prepared, &BuildEntry::default());
            e.add_job_for(profile, job.spec.clone(), &BTreeMap::new())
        });
        self.started.update_value(|s| s.push(job));
        index.unwrap_or(0)
    }

    /// Runs the engine up to `clock` (at most a tick's worth of events at once).
    fn advance_to(&self, clock: u64) {
        let reached = self.engine.try_update_value(|e| {
            e.run_bounded(clock, EVENTS_PER_TICK);
            e.now()
        });
        if let Some(now) = reached {
            self.clock_ms.set(now.max(self.clock_ms.get_untracked()));
            self.revision.update(|r| *r += 1);
        }
    }

    /// Notes a change made in this tab, to make over again on another tab's state should that
    /// one be stored first (see [`Lab::take_up`]).
    fn record(&self, change: LocalChange) {
        self.changes.update_value(|c| c.push(change));
    }

    /// Stores a change made in this tab (see [`Lab::save_as`]).
    fn save(&self) {
        self.save_as(SimulationWrite::Change);
    }

    /// Writes the jobs, clock, speed, pause state and cluster model to IndexedDB (after a
    /// change, and once a second while the clock runs), once the current task ends: however
    /// often one task asks (a burst of starts), the state is copied once, where each ask held a
    /// copy of every job until IndexedDB answered (2,300 starts in one task took 1.9 GB and
    /// killed the page).
    fn save_as(&self, write: SimulationWrite) {
        if !self.loaded.get_untracked() {
            return;
        }
        let already = self.queued.get_value();
        self.queued.set_value(already.max(Some(write)));
        if already.is_some() {
            return;
        }
        let lab = *self;
        spawn_local(async move {
            if let Some(write) = lab.queued.try_update_value(Option::take).flatten() {
                lab.write(write);
            }
        });
    }

    /// Writes the state as it is now (see [`Lab::save_as`]). Every tab saves its clock's
    /// progress, so a tab's progress is written only over the state it was made from: a job
    /// started or a model edited in another tab is taken up here instead, and is not lost.
    fn write(&self, write: SimulationWrite) {
        let text = self.state_text();
        let Some(db) = self.db.get_value() else {
            // With no storage there is no state shared with other tabs to make them over on.
            self.changes.update_value(Vec::clear);
            return;
        };
        let Some(text) = text else { return };
        let (lab, known, sent) = (*self, self.known.get_value(), self.changes.with_value(Vec::len));
        spawn_local(async move {
            match db.put_simulation(&text, known, write).await {
                Ok(Some(revision)) => {
                    lab.known.update_value(|k| *k = (*k).max(revision));
                    // The text written holds this tab's changes up to then; later ones are to store still.
                    lab.changes.update_value(|c| drop(c.drain(..sent.min(c.len()))));
                    // A copy kept as the page went (and came back from the back-forward cache)
                    // holds changes stored now: taken up on a later load, it would undo newer ones.
                    if sent > 0 {
                        unload_simulation::forget();
                    }
                    if write == SimulationWrite::Change {
                        lab.broadcast.with_value(|b| b.send(&Notice::SimulationChanged { tab: lab.tab.get_value() }));
                    }
                }
                // Another tab changed the state since (its notice may be on its way, or lost):
                // this tab's changes are made over again on it and stored.
                Ok(None) => lab.take_up_stored(),
                Err(e) => leptos::logging::warn!("the simulation state was not stored: {e}"),
            }
        });
    }

    /// The state as IndexedDB keeps it: the jobs (as kept ready), clock, pace and cluster model.
    fn state_text(&self) -> Option<String> {
        let (clock_ms, speed, paused) = (self.clock_ms.get_untracked(), self.speed.get_untracked(), self.paused.get_untracked());
        let (zadig, zadig_rows) = (Some(self.zadig.get_untracked()), Some(self.zadig_rows.get_untracked()));
        let (runners, runner_rows) = (Some(self.runners.get_untracked()), Some(self.runner_rows.get_untracked()));
        let text = self.clusters.with_untracked(|clusters| {
            self.cluster_rows.with_untracked(|cluster_rows| {
                self.started.try_update_value(|started| {
                    let jobs = started.json()?;
                    serde_json::to_string(&SavedText { clock_ms, speed, paused, jobs, clusters, cluster_rows, zadig, zadig_rows, runners, runner_rows })
                })
            })
        });
        text?.ok()
    }

    /// As the page goes, keeps this tab's changes not yet stored (the IndexedDB write on its
    /// way may not land) with the state they make, for its next load to store.
    fn keep_on_unload(&self) {
        if !self.loaded.get_untracked() || self.changes.with_value(Vec::is_empty) || self.db.with_value(Option::is_none) {
            return;
        }
        if let Some(state) = self.state_text() {
            unload_simulation::keep(&KeptSimulation { state, known: self.known.get_value(), changes: self.changes.get_value() });
        }
    }

    /// Starts `job` of `build` now (checked by core's job rules first); returns its id, or the
    /// problems to show next to the job form's fields.
    pub fn start_job(&self, job: &Job, build: &Build) -> Result<String, Vec<Diagnostic>> {
        let run = prepare_run(job, build, self.now_untracked())?;
        Ok(self.launch(run.build, job.semantics, run.spec))
    }

    /// Submits a prepared run now under the next free `job-<n>` id.
    fn launch(&self, build: Build, semantics: Target, mut spec: JobSpec) -> String {
        let id = self.started.with_value(|s| next_job_id(s.all()));
        spec.id = id.clone();
        self.record(LocalChange::Started(id.clone()));
        spec.submit = self.now_untracked();
        spec.cancel_at = None;
        self.add(StartedJob { build, semantics, spec, tab: self.tab.get_value() });
        self.advance_to(self.clock_ms.get_untracked());
        self.save();
        id
    }

    /// Cancels a job now (remembered, so a reload replays the cancel at the same moment).
    pub fn cancel(&self, id: &str) {
        self.cancel_all(&[id.to_string()]);
    }

    /// Cancels the jobs `ids` now, at one moment, in the order they were started — the order
    /// a reload replays cancels of the same moment in, so it comes to the same state; returns
    /// how many there were.
    pub fn cancel_all(&self, ids: &[String]) -> usize {
        let now = self.clock_ms.get_untracked();
        let seconds = now as f64 / 1000.0;
        let mut cancelled: Vec<(usize, &String)> = ids.iter().filter_map(|id| self.started.try_update_value(|s| s.cancel_at(id, seconds)).flatten().map(|i| (i, id))).collect();
        cancelled.sort_unstable();
        for &(i, id) in &cancelled {
            self.record(LocalChange::Cancelled(id.clone(), seconds));
            self.engine.update_value(|e| e.cancel_now(i as u32));
        }
        if !cancelled.is_empty() {
            self.advance_to(now);
            self.save();
        }
        cancelled.len()
    }

    /// Starts the same job again, now; returns the new job's id.
    pub fn retry(&self, id: &str) -> Option<String> {
        let job = self.started.with_value(|s| s.find(id).cloned())?;
        Some(self.launch(job.build, job.semantics, job.spec))
    }

    /// Takes the cluster form's fields as typed: the model follows when they read, and the
    /// rows are kept either way.
    pub fn edit_clusters(&self, rows: Vec<ClusterRows>) {
        let read = cluster_form::read(&rows).ok();
        self.take_typed(ModelPart::Clusters, self.cluster_rows, rows, read, self.clusters);
    }

    /// Takes Zadig's settings as typed: they apply when they read, and the fields are kept
    /// either way.
    pub fn edit_zadig(&self, rows: ZadigRows) {
        let read = rows.read().ok();
        self.take_typed(ModelPart::Zadig, self.zadig_rows, rows, read, self.zadig);
    }

    /// Takes Nuon's runners as typed: they apply when every one has a name of its own, and
    /// the fields are kept either way.
    pub fn edit_runners(&self, rows: Vec<RunnerSpec>) {
        let read = check_runners(&rows).is_empty().then(|| rows.clone());
        self.take_typed(ModelPart::Runners, self.runner_rows, rows, read, self.runners);
    }

    /// Keeps a form's `rows` as typed and, when they `read` as a model other than the one in
    /// force, puts it in force and replays the started jobs on it (else only saves): what is
    /// typed is never lost, and a half-typed model never runs.
    fn take_typed<R: Send + Sync + 'static, M: PartialEq + Send + Sync + 'static>(&self, part: ModelPart, fields: RwSignal<R>, rows: R, read: Option<M>, model: RwSignal<M>) {
        self.record(LocalChange::Model(part));
        fields.set(rows);
        match read {
            Some(read) if model.with_untracked(|now| *now != read) => {
                model.set(read);
                self.replay_started();
            }
            _ => self.save(),
        }
    }

    /// What is wrong with the cluster form's fields now, Zadig's settings and Nuon's runners
    /// included (reading it tracks them).
    pub fn cluster_problems(&self) -> Vec<Diagnostic> {
        let mut problems = self.cluster_rows.with(|rows| cluster_form::read(rows).err().unwrap_or_default());
        problems.extend(self.zadig_problems());
        problems.extend(self.runner_problems());
        problems
    }

    /// What is wrong with Nuon's runners as typed now (reading it tracks them).
    pub fn runner_problems(&self) -> Vec<Diagnostic> {
        self.runner_rows.with(|rows| check_runners(rows))
    }

    /// Puts a whole cluster model in place, its fields showing it, with one replay of the
    /// started jobs rather than one per part ("Reset to the default model").
    pub fn set_model(&self, model: ClusterModel) {
        for part in [ModelPart::Clusters, ModelPart::Zadig, ModelPart::Runners] {
            self.record(LocalChange::Model(part));
        }
        self.cluster_rows.set(ClusterRows::of_model(&model.clusters));
        self.zadig_rows.set(ZadigRows::of(&model.zadig));
        self.runner_rows.set(model.runners.clone());
        if model == self.model() {
            self.save();
            return;
        }
        let ClusterModel { clusters, zadig, runners } = model;
        self.clusters.set(clusters);
        self.zadig.set(zadig);
        self.runners.set(runners);
        self.replay_started();
    }

    /// The cluster model as it stands (the last fields that read), untracked.
    pub fn model(&self) -> ClusterModel {
        ClusterModel { clusters: self.clusters.get_untracked(), zadig: self.zadig.get_untracked(), runners: self.runners.get_untracked() }
    }

    /// What is wrong with Zadig's settings as typed now (reading it tracks them).
    pub fn zadig_problems(&self) -> Vec<Diagnostic> {
        self.zadig_rows.with(|rows| rows.read().err().unwrap_or_default())
    }

    /// Replaces the cluster model; jobs already started replay on the new one.
    pub fn set_clusters(&self, clusters: Vec<ClusterSpec>) {
        self.record(LocalChange::Model(ModelPart::Clusters));
        self.clusters.set(clusters);
        self.replay_started();
    }

    /// Replays the jobs started so far on the model as it is now, up to the clock.
    fn replay_started(&self) {
        let jobs = self.started.try_update_value(StartedJobs::take).unwrap_or_default();
        self.replay(jobs, self.clock_ms.get_untracked());
        self.save();
    }

    /// Starts `jobs` afresh on the cluster model and runs them up to `clock` (all of it: a
    /// replay is not a live tick).
    fn replay(&self, jobs: Vec<StartedJob>, clock: u64) {
        self.engine.set_value(fresh_engine(self.model()));
        self.started.set_value(StartedJobs::default());
        for job in jobs {
            self.add(job);
        }
        self.engine.update_value(|e| {
            e.run_until(clock);
        });
        self.clock_ms.set(clock);
        self.revision.update(|r| *r += 1);
    }

    /// Forgets every job and sets the clock back to 0; returns what was forgotten, which
    /// [`Lab::put_back`] puts back.
    pub fn clear(&self) -> ClearedJobs {
        let cleared = ClearedJobs { clock_ms: self.clock_ms.get_untracked(), jobs: self.started.try_update_value(StartedJobs::take).unwrap_or_default() };
        self.record(LocalChange::Cleared);
        self.engine.set_value(fresh_engine(self.model()));
        self.clock_ms.set(0);
        self.revision.update(|r| *r += 1);
        self.save();
        cleared
    }

    /// Undoes a clear: its jobs run again on the cluster model up to the moment they were
    /// cleared, and the clock goes on from there.
    pub fn put_back(&self, cleared: ClearedJobs) {
        self.changes.update_value(|c| c.extend(cleared.jobs.iter().map(|j| LocalChange::Started(j.spec.id.clone()))));
        self.replay(cleared.jobs, cleared.clock_ms);
        self.save();
    }

    /// Every job's line for the live list (reading it tracks `revision`).
    pub fn lines(&self) -> Vec<JobLine> {
        self.revision.track();
        self.engine.with_value(job_lines)
    }

    /// One job's full report as it stands (reading it tracks `revision`).
    pub fn job(&self, id: &str) -> Option<JobOutcome> {
        self.revision.track();
        self.engine.with_value(|e| e.job_index(id).and_then(|i| JobOutcome::of(e, i)))
    }

    /// Remembers the speed and pause state.
    pub fn remember(&self) {
        self.record(LocalChange::Pace);
        self.save();
    }

    /// Whether the jobs and model kept in this browser have been read (reading it tracks it),
    /// so that a page says there are no jobs only when there are none, not while they load.
    pub fn restored(&self) -> bool {
        self.loaded.get()
    }

    /// The simulated time in seconds, for views that follow the clock (reading it tracks it).
    pub fn now(&self) -> f64 {
        self.clock_ms.get() as f64 / 1000.0
    }

    /// The simulated time in seconds, read without tracking it: for handlers and for what is
    /// gathered once (a start, a note, the palette's list), not for views that follow it.
    pub fn now_untracked(&self) -> f64 {
        self.clock_ms.get_untracked() as f64 / 1000.0
    }

    /// Pauses the clock or sets it going again, and keeps that, whichever control asked: the
    /// Jobs page's button or the Go to palette's command.
    pub fn toggle_pause(&self) {
        self.paused.update(|p| *p = !*p);
        self.remember();
    }
}

/// The jobs a clear forgot and the clock then, kept by the Jobs page for its undo.
#[derive(Debug, Clone)]
pub struct ClearedJobs {
    jobs: Vec<StartedJob>,
    clock_ms: u64,
}

impl ClearedJobs {
    /// How many jobs were cleared.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Whether the clear forgot no job.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }
}
