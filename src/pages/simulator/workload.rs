//! Generating a workload: an arrival rate over a horizon, written into the scenario's text.
//! The fields are kept between visits as typed.

use buildbay_core::diagnostic::message_at;
use buildbay_core::simulate::workload::{ArrivalForm, with_arrivals};
use leptos::prelude::*;

use super::undo::{Replaceable, ReplacedStatus};
use crate::state::kept_text;

/// The workload form: jobs per hour, for how many hours, at most how many, of which builds.
#[component]
pub fn WorkloadForm(text: RwSignal<String>) -> impl IntoView {
    let rate = kept_text("buildbay.simulator.workload-rate", "30");
    let hours = kept_text("buildbay.simulator.workload-hours", "2");
    let cap = kept_text("buildbay.simulator.workload-cap", "0");
    let builds = kept_text("buildbay.simulator.workload-builds", "");
    let form = move || ArrivalForm { per_hour: rate.get(), hours: hours.get(), max_jobs: cap.get(), builds: builds.get() };
    let problems = Memo::new(move |_| form().read().err().unwrap_or_default());
    let problem_at = move |path: &'static str| Memo::new(move |_| problems.with(|ps| message_at(ps, path).map(String::from)));
    let (rate_problem, hours_problem, cap_problem) = (problem_at("/per_hour"), problem_at("/hours"), problem_at("/max_jobs"));
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let replace = Replaceable::new(text);
    let generate = move |_| {
        let Ok(arrival) = untrack(form).read() else {
            outcome.set(Some(Err("Fix the fields marked above first.".into())));
            return;
        };
        let (expected, h) = (arrival.expected_jobs(), arrival.until / 3600.0);
        match with_arrivals(&text.get_untracked(), &[arrival]) {
            Ok(next) => {
                replace.replace(next);
                outcome.set(Some(Ok(format!("Workload set: about {expected:.0} jobs over {h} h."))));
            }
            Err(e) => outcome.set(Some(Err(e))),
        }
    };
    let field = move |id: &'static str, label: &'static str, value: RwSignal<String>, problem: Memo<Option<String>>| {
        view! {
            <div class="toolbar-field">
                <label for=id>{label}</label>
                <input id=id type="text" inputmode="decimal" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))
                    aria-invalid=move || if problem.with(Option::is_some) { "true" } else { "false" } aria-describedby=format!("{id}-message") />
                <span class="field-message error" id=format!("{id}-message")>{move || problem.get()}</span>
            </div>
        }
    };
    let no_problem = Memo::new(|_| None::<String>);
    view! {
        <section class="workload-form" aria-labelledby="workload-heading">
            <h2 id="workload-heading">"Workload"</h2>
            <div class="toolbar">
                {field("workload-rate", "Jobs per hour", rate, rate_problem)}
                {field("workload-hours", "For hours", hours, hours_problem)}
                {field("workload-cap", "At most (0: no limit)", cap, cap_problem)}
                {field("workload-builds", "Builds (names, comma-separated; empty: all)", builds, no_problem)}
                <button type="button" on:click=generate>"Generate workload"</button>
            </div>
            <ReplacedStatus outcome=outcome replace=replace id="workload-status" undo_label="Undo the workload" restores="scenario-text" />
        </section>
    }
}
