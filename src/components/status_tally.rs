//! A list's jobs counted by status, each count a button that lists only the jobs in it.

use buildbay_core::simulate::outcome::StatusCount;
use buildbay_core::workspace::{searched_status, with_status};
use leptos::prelude::*;

use crate::components::status_badge::badge_class;

/// How many of a list's jobs are in each status, at a glance (as the clock runs, on the Jobs
/// page): pressing a status narrows the list's search `query` to it (`status:failed`, the
/// search's other words kept) and runs `on_change`, as typing does; pressing it again lets
/// every status back. A button stays the same element while its count changes, so it keeps
/// keyboard focus as the clock runs; one that goes (a status let go of that no job is in)
/// hands focus to the search field, `search_id`.
#[component]
pub fn StatusTally(
    tally: Signal<Vec<StatusCount>>,
    query: RwSignal<String>,
    on_change: Callback<()>,
    search_id: &'static str,
    /// What the counts are of, for assistive technology: "Jobs by status".
    label: &'static str,
) -> impl IntoView {
    let asked = Memo::new(move |_| query.with(|q| searched_status(q)));
    let count_of = move |status: &str| tally.with(|t| t.iter().find(|c| c.status == status).map(|c| (c.jobs, c.tone)));
    view! {
        <Show when=move || tally.with(|t| !t.is_empty())>
            <ul class="status-tally" aria-label=label>
                <For each=move || tally.with(|t| t.iter().map(|c| (c.word(), c.status.clone())).collect::<Vec<_>>()) key=|k| k.clone() children=move |(word, status)| {
                    let (s1, s2) = (status.clone(), status.clone());
                    let asked_for = word.clone();
                    let pressed = move || asked.with(|a| a.as_deref() == Some(asked_for.as_str()));
                    let was_pressed = pressed.clone();
                    let choose = move |_| {
                        let chosen = (!was_pressed()).then_some(word.as_str());
                        query.update(|q| *q = with_status(q, chosen));
                        on_change.run(());
                    };
                    view! {
                        <li>
                            <button type="button" class=move || count_of(&s1).map(|(_, tone)| badge_class(tone)).unwrap_or_default()
                                aria-pressed=move || pressed().to_string() data-focus-next=search_id on:click=choose>
                                {status} " " <span class="tally-count">{move || count_of(&s2).map_or(0, |(jobs, _)| jobs)}</span>
                            </button>
                        </li>
                    }
                } />
            </ul>
        </Show>
    }
}
