//! A run's jobs one by one: found by typing (an id, a status, a node, a reason), ordered by
//! submission or by the longest wait or run, shown a hundred at a time (a run keeps up to
//! 2,000 jobs one by one). Core's `simulate::job_table` decides the rows and what matches.

use buildbay_core::simulate::job_table::{JobOrder, JobRow, select};
use buildbay_core::simulate::outcome::status_tally;
use buildbay_core::simulate::text::{clock, listed_count};
use leptos::prelude::*;

use super::job_dialog::OpenedJob;
use crate::components::status_badge::badge_class;
use crate::components::search_field::SearchField;
use crate::components::show_more::{PAGE, ShowMore};
use crate::components::status_tally::StatusTally;


/// The jobs of one run, `title` naming it ("As written"); a job's id opens its report.
#[component]
pub fn JobTable(rows: Vec<JobRow>, opened: OpenedJob, title: &'static str) -> impl IntoView {
    let total = rows.len();
    let rows = StoredValue::new(rows);
    let query = RwSignal::new(String::new());
    let order = RwSignal::new(JobOrder::Submitted);
    let shown = RwSignal::new(PAGE);
    let chosen = Memo::new(move |_| rows.with_value(|r| select(r, &query.get(), order.get())));
    let tally = Memo::new(move |_| rows.with_value(|r| status_tally(r, &query.get())));
    let count = move || listed_count(total, chosen.with(Vec::len), shown.get(), ("job", "jobs"));
    let more = move || chosen.with(Vec::len).saturating_sub(shown.get());
    let row = move |r: &JobRow| {
        let id = r.id.clone();
        view! {
            <tr>
                <th scope="row"><button type="button" class="link" title="Its timeline, steps and log" on:click=move |_| opened.open(id.clone())>{r.id.clone()}</button></th>
                <td>{r.build.clone()}</td>
                <td><span class=badge_class(r.tone)>{r.status.clone()}</span> " " <span class="muted">{r.semantics.label()}</span></td>
                <td>{clock(r.submitted)}</td>
                <td>{clock(r.waited)}</td>
                <td>{r.ran.map_or_else(|| "—".to_string(), clock)}</td>
                <td>{r.ended.map_or_else(|| "—".to_string(), clock)}</td>
                // Each name kept whole: "node-1" broke at its hyphen in a narrow column.
                <td>{r.ran_on.iter().enumerate().map(|(i, n)| view! { {(i > 0).then_some(", ")}<span class="place-name">{n.clone()}</span> }).collect_view()}</td>
                <td>{(!r.waits.is_empty()).then(|| view! { <ul class="job-waits">{r.waits.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul> })}</td>
            </tr>
        }
    };
    view! {
        <section class="sim-jobs" aria-labelledby="sim-jobs-title">
            <h2 id="sim-jobs-title">{format!("Jobs one by one: {title}")}</h2>
            <div class="toolbar">
                <SearchField id="sim-jobs-search" label="Find jobs" placeholder="Id, status, node or reason, e.g. timeout cpu" count_id="sim-jobs-count"
                    query=query on_change=Callback::new(move |()| shown.set(PAGE)) />
                <div class="toolbar-field">
                    <label for="sim-jobs-order">"Order"</label>
                    <select id="sim-jobs-order" on:change=move |ev| order.set(JobOrder::from_label(&event_target_value(&ev)))>
                        {JobOrder::ALL.iter().map(|(o, label)| view! { <option value=*label selected=move || order.get() == *o>{*label}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <p id="sim-jobs-count" class="muted" role="status">{count}</p>
            <StatusTally tally=tally.into() query=query on_change=Callback::new(move |()| shown.set(PAGE)) search_id="sim-jobs-search" label="Jobs by final status" />
            <table class="jobs-table sim-jobs-table" aria-labelledby="sim-jobs-title">
                <thead><tr>
                    <th scope="col">"Job"</th><th scope="col">"Build"</th><th scope="col">"Status"</th><th scope="col">"Submitted"</th>
                    <th scope="col">"Waited"</th><th scope="col">"Ran for"</th><th scope="col">"Ended"</th><th scope="col">"Ran on"</th><th scope="col">"Why it waited"</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let shown = shown.get();
                        chosen.with(|c| rows.with_value(|r| c.iter().take(shown).map(|&i| row(&r[i])).collect_view()))
                    }}
                </tbody>
            </table>
            <ShowMore limit=shown more=Signal::derive(more) rows=".sim-jobs-table tbody tr" />
        </section>
    }
}
