//! Generating a workload: an arrival rate over a horizon, written into the scenario's text.

use buildbay_core::simulate::scenario::Arrival;
use buildbay_core::simulate::workload::with_arrivals;
use leptos::prelude::*;

/// Reads a positive number typed into a field, or says what is wrong with it.
fn positive(text: &str, what: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        Ok(_) => Err(format!("{what} must be more than 0.")),
        Err(_) => Err(format!("`{}` is not a number.", text.trim())),
    }
}

/// The workload form: jobs per hour, for how many hours, at most how many, of which builds.
#[component]
pub fn WorkloadForm(text: RwSignal<String>) -> impl IntoView {
    let rate = RwSignal::new("30".to_string());
    let hours = RwSignal::new("2".to_string());
    let cap = RwSignal::new("0".to_string());
    let builds = RwSignal::new(String::new());
    let rate_problem = Memo::new(move |_| positive(&rate.get(), "Jobs per hour").err());
    let hours_problem = Memo::new(move |_| positive(&hours.get(), "Hours").err());
    let cap_problem = Memo::new(move |_| cap.with(|c| c.trim().parse::<u64>().err().map(|_| format!("`{}` is not a whole number (0: no limit).", c.trim()))));
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let generate = move |_| {
        let (Ok(per_hour), Ok(h), Ok(max_jobs)) = (positive(&rate.get_untracked(), "Jobs per hour"), positive(&hours.get_untracked(), "Hours"), cap.get_untracked().trim().parse::<u64>()) else {
            outcome.set(Some(Err("Fix the fields marked above first.".into())));
            return;
        };
        let names = builds.get_untracked().split(',').map(str::trim).filter(|b| !b.is_empty()).map(String::from).collect();
        let arrival = Arrival { builds: names, per_hour, from: 0.0, until: h * 3600.0, max_jobs };
        match with_arrivals(&text.get_untracked(), &[arrival]) {
            Ok(next) => {
                text.set(next);
                outcome.set(Some(Ok(format!("Workload set: about {:.0} jobs over {h} h.", if max_jobs > 0 { (per_hour * h).min(max_jobs as f64) } else { per_hour * h }))));
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
            {move || outcome.get().map(|o| match o {
                Ok(m) => view! { <p role="status" id="workload-status">{m}</p> }.into_any(),
                Err(e) => view! { <p role="alert" class="error" id="workload-status">{e}</p> }.into_any(),
            })}
        </section>
    }
}
