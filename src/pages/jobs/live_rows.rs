//! The live list's rows, a signal per job, so that a tick costs in proportion to the jobs.

use buildbay_core::simulate::outcome::{FoundJobs, JobLine, ListedOrder, StatusCount, TalliedJob, listed_jobs};
use leptos::prelude::*;

use crate::components::show_more::PAGE;
use crate::state::Lab;

/// The Jobs list as signals: the jobs' ids (which change only when a job starts or the list is
/// cleared), the places of those its search finds, and one signal per job, set on a tick only
/// when that job's line changed. Every cell reading one list-wide memo made 2,000 jobs cost
/// 400 ms a tick: Leptos keeps a signal's readers in one ordered set and each re-run moves the
/// set's tail, so thousands of readers of one signal cost the square of their number.
#[derive(Clone, Copy)]
pub struct LiveRows {
    ids: RwSignal<Vec<String>>,
    rows: StoredValue<Vec<RwSignal<JobLine>>>,
    /// What the search field holds.
    pub query: RwSignal<String>,
    /// How the jobs are ordered.
    pub order: RwSignal<ListedOrder>,
    /// The places of the jobs the search finds (every job without one), in that order; set only
    /// when they change.
    found: RwSignal<Vec<usize>>,
    /// How many of them are listed.
    pub limit: RwSignal<usize>,
    /// How many of the jobs the search's words find are in each status; set only when it changes.
    pub tally: RwSignal<Vec<StatusCount>>,
    /// How many of the jobs the search finds are under way and their backend can cancel; set
    /// only when it changes.
    cancellable: RwSignal<usize>,
    /// How many are under way that it cannot (Rainbond builds); set only when it changes.
    not_cancellable: RwSignal<usize>,
}

impl LiveRows {
    /// Rows for the lab's jobs as they stand, following its clock from then on (for as long as
    /// the component that makes them lives).
    pub fn follow(lab: Lab) -> LiveRows {
        let live = LiveRows {
            ids: RwSignal::new(Vec::new()),
            rows: StoredValue::new(Vec::new()),
            query: RwSignal::new(String::new()),
            order: RwSignal::new(ListedOrder::Latest),
            found: RwSignal::new(Vec::new()),
            limit: RwSignal::new(PAGE),
            tally: RwSignal::new(Vec::new()),
            cancellable: RwSignal::new(0),
            not_cancellable: RwSignal::new(0),
        };
        let owner = Owner::current();
        live.take(untrack(|| lab.lines()), owner.as_ref());
        Effect::new(move |_| live.take(lab.lines(), owner.as_ref()));
        // A search typed (or an order chosen) between ticks looks in the rows as they stand.
        Effect::new(move |_| {
            live.query.track();
            live.order.track();
            let lines: Vec<JobLine> = live.rows.with_value(|rows| rows.iter().filter_map(|r| r.try_get_untracked()).collect());
            live.find(&lines);
        });
        live
    }

    /// Sets each row whose line changed, adds rows for new jobs and drops those of jobs gone.
    fn take(&self, lines: Vec<JobLine>, owner: Option<&Owner>) {
        let same_jobs = self.ids.with_untracked(|ids| ids.len() == lines.len() && ids.iter().zip(&lines).all(|(id, l)| *id == l.id));
        self.rows.update_value(|rows| {
            for gone in rows.drain(lines.len().min(rows.len())..) {
                gone.dispose();
            }
            for (i, line) in lines.iter().enumerate() {
                match rows.get(i) {
                    Some(row) => {
                        if row.with_untracked(|old| old != line) {
                            row.set(line.clone());
                        }
                    }
                    // Made under the page's owner, not the effect's (whose next run would drop it).
                    None => rows.push(owner.map_or_else(|| RwSignal::new(line.clone()), |o| o.with(|| RwSignal::new(line.clone())))),
                }
            }
        });
        if !same_jobs {
            self.ids.set(lines.iter().map(|l| l.id.clone()).collect());
        }
        self.find(&lines);
    }

    /// Finds the jobs the search asks for among `lines`, and counts them by status.
    fn find(&self, lines: &[JobLine]) {
        let order = self.order.get_untracked();
        let jobs = self.query.with_untracked(|query| listed_jobs(lines, query, order));
        let not_cancellable = jobs.not_cancellable();
        let FoundJobs { found, tally, cancellable, .. } = jobs;
        if self.found.with_untracked(|old| *old != found) {
            self.found.set(found);
        }
        if self.tally.with_untracked(|old| *old != tally) {
            self.tally.set(tally);
        }
        if self.cancellable.get_untracked() != cancellable {
            self.cancellable.set(cancellable);
        }
        if self.not_cancellable.get_untracked() != not_cancellable {
            self.not_cancellable.set(not_cancellable);
        }
    }

    /// The listed jobs' places and ids, the list's keys, in its order — the latest first
    /// unless asked otherwise, so a job just started is at the top whatever the count (reading
    /// it tracks starts, clears, what the search finds, in what order, and how many are listed).
    pub fn keys(&self) -> Vec<(usize, String)> {
        let limit = self.limit.get();
        self.found.with(|found| self.ids.with(|ids| found.iter().take(limit).filter_map(|&i| Some((i, ids.get(i)?.clone()))).collect()))
    }

    /// How many jobs there are (reading it tracks only starts and clears).
    pub fn len(&self) -> usize {
        self.ids.with(Vec::len)
    }

    /// Whether there is no job (reading it tracks only starts and clears).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many jobs the search finds.
    pub fn found(&self) -> usize {
        self.found.with(Vec::len)
    }

    /// How many of the jobs under way their backend cannot cancel, Rainbond builds (reading it
    /// tracks that).
    pub fn not_cancellable(&self) -> usize {
        self.not_cancellable.get()
    }

    /// How many of the jobs under way their backend can cancel (reading it tracks that).
    pub fn cancellable(&self) -> usize {
        self.cancellable.get()
    }

    /// The ids of the jobs the search finds that are still under way and that their backend
    /// can cancel, as the rows stand now.
    pub fn ids_cancellable(&self) -> Vec<String> {
        self.rows.with_value(|rows| {
            self.found.with_untracked(|found| found.iter().filter_map(|&i| rows.get(i)?.try_with_untracked(|l| l.cancellable().then(|| l.id.clone())).flatten()).collect())
        })
    }

    /// How many found jobs are left out of the list.
    pub fn more(&self) -> usize {
        self.found().saturating_sub(self.limit.get())
    }

    /// The row at `place`: its cells read it and nothing else.
    pub fn row(&self, place: usize) -> Option<RwSignal<JobLine>> {
        self.rows.with_value(|rows| rows.get(place).copied())
    }
}
