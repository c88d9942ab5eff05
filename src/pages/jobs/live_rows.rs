//! The live list's rows, a signal per job, so that a tick costs in proportion to the jobs.

use buildbay_core::simulate::outcome::JobLine;
use leptos::prelude::*;

use crate::state::Lab;

/// The Jobs list as signals: the jobs' ids (which change only when a job starts or the list is
/// cleared) and one signal per job, set on a tick only when that job's line changed. Every cell
/// reading one list-wide memo made 2,000 jobs cost 400 ms a tick: Leptos keeps a signal's
/// readers in one ordered set and each re-run moves the set's tail, so thousands of readers of
/// one signal cost the square of their number.
#[derive(Clone, Copy)]
pub struct LiveRows {
    ids: RwSignal<Vec<String>>,
    rows: StoredValue<Vec<RwSignal<JobLine>>>,
}

impl LiveRows {
    /// Rows for the lab's jobs as they stand, following its clock from then on (for as long as
    /// the component that makes them lives).
    pub fn follow(lab: Lab) -> LiveRows {
        let live = LiveRows { ids: RwSignal::new(Vec::new()), rows: StoredValue::new(Vec::new()) };
        let owner = Owner::current();
        live.take(untrack(|| lab.lines()), owner.as_ref());
        Effect::new(move |_| live.take(lab.lines(), owner.as_ref()));
        live
    }

    /// Sets each row whose line changed, adds rows for new jobs and drops those of jobs gone.
    fn take(&self, lines: Vec<JobLine>, owner: Option<&Owner>) {
        let same_jobs = self.ids.with_untracked(|ids| ids.len() == lines.len() && ids.iter().zip(&lines).all(|(id, l)| *id == l.id));
        let ids = (!same_jobs).then(|| lines.iter().map(|l| l.id.clone()).collect::<Vec<_>>());
        self.rows.update_value(|rows| {
            for gone in rows.drain(lines.len().min(rows.len())..) {
                gone.dispose();
            }
            for (i, line) in lines.into_iter().enumerate() {
                match rows.get(i) {
                    Some(row) => {
                        if row.with_untracked(|old| *old != line) {
                            row.set(line);
                        }
                    }
                    // Made under the page's owner, not the effect's (whose next run would drop it).
                    None => rows.push(owner.map_or_else(|| RwSignal::new(line.clone()), |o| o.with(|| RwSignal::new(line.clone())))),
                }
            }
        });
        if let Some(ids) = ids {
            self.ids.set(ids);
        }
    }

    /// The jobs' ids with their places, the list's keys (reading it tracks only starts and clears).
    pub fn keys(&self) -> Vec<(usize, String)> {
        self.ids.with(|ids| ids.iter().cloned().enumerate().collect())
    }

    /// Whether there is no job (reading it tracks only starts and clears).
    pub fn is_empty(&self) -> bool {
        self.ids.with(Vec::is_empty)
    }

    /// The row at `place`: its cells read it and nothing else.
    pub fn row(&self, place: usize) -> Option<RwSignal<JobLine>> {
        self.rows.with_value(|rows| rows.get(place).copied())
    }
}
