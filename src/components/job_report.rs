//! One simulated job's report: its status timeline, waits, the job as its backend's API would
//! show it, its steps and its searchable, downloadable log. The Jobs page shows it live as the
//! clock runs; the Simulator shows any job of a finished run with it.
//!
//! Only the contents follow the job: the search field, the disclosure and the buttons stay the
//! same elements while it runs, so typing in the search or an open disclosure survives every
//! tick of the clock.

use buildbay_core::simulate::logs::{LogLine, log_steps, shown_text};
use buildbay_core::simulate::outcome::JobOutcome;
use buildbay_core::simulate::text::clock;
use leptos::prelude::*;

use super::boxes::TableScroll;
use super::download::download;
use crate::state::kept_flag;

/// Where the choice to wrap long log lines is kept: it holds for every job's log, across visits.
const LOG_WRAP: &str = "buildbay.log-wrap";

/// The job's status in its backend's words, which backend, which build, and how many attempts;
/// a change of status is announced politely, as the clock moves it on.
#[component]
pub fn JobStatusLine(#[prop(into)] job: Signal<Option<JobOutcome>>) -> impl IntoView {
    let text = move |f: fn(&JobOutcome) -> String| job.with(|j| j.as_ref().map(f).unwrap_or_default());
    view! {
        <p class="job-status" aria-live="polite">"Status: " <strong id="job-status" data-final=move || text(|j| j.finished.is_some().to_string())>{move || text(JobOutcome::status_label)}</strong>
            " · " {move || text(|j| j.semantics.label().to_string())} " · build " {move || text(|j| j.build.clone())} " · " {move || text(JobOutcome::attempts_label)}</p>
    }
}

/// What narrows a job's log: a search and a step (empty for every step). The job page gives
/// its own, kept in its URL; elsewhere the report keeps them to itself.
#[derive(Clone, Copy)]
pub struct LogView {
    pub search: RwSignal<String>,
    pub step: RwSignal<String>,
}

impl LogView {
    /// A log narrowed by `search` to `step` (both may be empty).
    pub fn new(search: String, step: String) -> LogView {
        LogView { search: RwSignal::new(search), step: RwSignal::new(step) }
    }
}

/// The report of `job` (nothing while it is none).
#[component]
pub fn JobReport(
    #[prop(into)] job: Signal<Option<JobOutcome>>,
    /// The log's search and step, when the page keeps them (in its URL); else the report's own.
    #[prop(optional)]
    log_view: Option<LogView>,
) -> impl IntoView {
    let LogView { search, step } = log_view.unwrap_or_else(|| LogView::new(String::new(), String::new()));
    let steps = Memo::new(move |_| job.with(|j| j.as_ref().map(|j| log_steps(&j.logs)).unwrap_or_default()));
    let wrap = kept_flag(LOG_WRAP, false);
    let read = move |f: &dyn Fn(&JobOutcome) -> AnyView| job.with(|j| j.as_ref().map(f));
    let backend_label = move || job.with(|j| j.as_ref().map(|j| j.semantics.label()).unwrap_or_default());
    let download_log = move |_| {
        job.with_untracked(|j| {
            if let Some(j) = j {
                let text = j.logs.iter().map(LogLine::line).collect::<Vec<_>>().join("\n");
                let _ = download(&format!("{}.log", j.id), &text, "text/plain");
            }
        });
    };
    view! {
        <h2 id="timeline-title">"Timeline"</h2>
        <ol class="timeline" aria-labelledby="timeline-title">
            {move || read(&|j| j.transitions.iter().map(|t| view! {
                <li><time>{clock(t.at)}</time> " " <span class="scope">{t.scope.clone()}</span> " → " <strong>{t.status.clone()}</strong> {(!t.note.is_empty()).then(|| format!(" — {}", t.note))}</li>
            }).collect_view().into_any())}
        </ol>
        <Show when=move || job.with(|j| j.as_ref().is_some_and(|j| !j.waits.is_empty()))>
            <h2>"Waits"</h2>
            <ul class="waits">
                {move || read(&|j| j.waits.iter().map(|w| view! {
                    <li>{w.describe()}</li>
                }).collect_view().into_any())}
            </ul>
        </Show>
        <details class="backend-view">
            <summary>{move || format!("As {}'s API would show it", backend_label())}</summary>
            <pre id="backend-view" tabindex="0" aria-label=move || format!("The job as {}'s API would show it", backend_label())>
                {move || job.with(|j| j.as_ref().map(|j| serde_json::to_string_pretty(&j.backend).unwrap_or_default()))}
            </pre>
        </details>
        <h2 id="steps-title">"Steps"</h2>
        // No table of headings over nothing: until a step begins, a line says why there is none.
        <Show when=move || job.with(|j| j.as_ref().is_some_and(|j| !j.steps.is_empty()))>
        <TableScroll labelledby="steps-title">
        <table class="steps-table" aria-labelledby="steps-title">
            <thead><tr><th scope="col">"Attempt"</th><th scope="col">"Step"</th><th scope="col">"Start"</th><th scope="col">"End"</th><th scope="col">"Status"</th><th scope="col">"Node"</th></tr></thead>
            <tbody>
                {move || read(&|j| j.steps.iter().map(|s| view! {
                    <tr><td>{s.attempt}</td><td>{s.name.clone()} {(!s.detail.is_empty()).then(|| format!(" ({})", s.detail))}</td><td>{clock(s.start)}</td><td>{s.ended().map_or_else(|| "—".to_string(), clock)}</td><td>{s.status.clone()}</td><td>{s.node.clone().unwrap_or_default()}</td></tr>
                }).collect_view().into_any())}
            </tbody>
        </table>
        </TableScroll>
        </Show>
        {move || job.with(|j| j.as_ref().and_then(JobOutcome::no_steps_line)).map(|line| view! { <p class="hint" id="steps-none">{line}</p> })}
        <h2 id="logs-title">"Logs"</h2>
        <div class="toolbar">
            <div class="toolbar-field grow">
                <label for="log-search">"Search the log"</label>
                <input id="log-search" type="search" aria-keyshortcuts="/" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
            </div>
            <div class="toolbar-field">
                <label for="log-step">"Step"</label>
                <select id="log-step" aria-describedby="log-matches" prop:value=move || step.get() on:change=move |ev| step.set(event_target_value(&ev))>
                    <option value="">"Every step"</option>
                    {move || steps.get().into_iter().map(|s| view! { <option value=s.clone() selected=step.get_untracked() == s>{s.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="radio-row">
                <input type="checkbox" id="log-wrap" prop:checked=move || wrap.get() on:change=move |ev| wrap.set(event_target_checked(&ev)) />
                <label for="log-wrap">"Wrap long lines"</label>
            </div>
            <button type="button" on:click=download_log>"Download log"</button>
        </div>
        // How many lines the search keeps, said as it is typed, or that there is no line yet
        // (an empty log pane says nothing).
        <p class="hint" id="log-matches" role="status">
            {move || search.with(|q| step.with(|st| job.with(|j| j.as_ref().and_then(|j| j.log_line(q, st)))))}
        </p>
        <pre class="job-log" class:wrap=move || wrap.get() aria-labelledby="logs-title" aria-describedby="log-matches" tabindex="0">
            {move || search.with(|q| step.with(|st| job.with(|j| j.as_ref().map(|j| shown_text(&j.logs, q, st)).unwrap_or_default())))}
        </pre>
    }
}
