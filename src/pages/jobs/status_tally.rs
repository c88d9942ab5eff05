//! The jobs' statuses with their counts, each a button that lists only the jobs in it.

use buildbay_core::workspace::{searched_status, with_status};
use leptos::prelude::*;

use super::live_rows::LiveRows;
use crate::components::show_more::PAGE;
use crate::components::status_badge::badge_class;

/// How many of the listed jobs are in each status, at a glance as the clock runs: pressing a
/// status narrows the search to it (`status:failed`, the search's other words kept), pressing
/// it again lets every status back. A button stays the same element while its count changes,
/// so it keeps keyboard focus as the clock runs; one that goes (a status let go of that no job
/// is in) hands focus to the search.
#[component]
pub fn StatusTally(live: LiveRows) -> impl IntoView {
    let asked = Memo::new(move |_| live.query.with(|q| searched_status(q)));
    view! {
        <Show when=move || live.tally.with(|t| !t.is_empty())>
            <ul class="status-tally" aria-label="Jobs by status">
                <For each=move || live.tally.with(|t| t.iter().map(|c| c.status.clone()).collect::<Vec<_>>()) key=|s| s.clone() children=move |status| {
                    let counted = {
                        let status = status.clone();
                        move || live.tally.with(|t| t.iter().find(|c| c.status == status).map(|c| (c.jobs, c.tone)))
                    };
                    let counted2 = counted.clone();
                    let word = status.to_lowercase();
                    let pressed = move || asked.with(|a| a.as_deref() == Some(word.as_str()));
                    let pressed2 = pressed.clone();
                    let choose = {
                        let status = status.clone();
                        move |_| {
                            let chosen = (!pressed2()).then_some(status.as_str());
                            live.query.update(|q| *q = with_status(q, chosen));
                            live.limit.set(PAGE);
                        }
                    };
                    view! {
                        <li>
                            <button type="button" class=move || counted().map(|(_, tone)| badge_class(tone)).unwrap_or_default()
                                aria-pressed=move || pressed().to_string() data-focus-next="job-search" on:click=choose>
                                {status.clone()} " " <span class="tally-count">{move || counted2().map_or(0, |(jobs, _)| jobs)}</span>
                            </button>
                        </li>
                    }
                } />
            </ul>
        </Show>
    }
}
