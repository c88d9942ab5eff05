//! Runs over several seeds: the field that asks how many, and the table of what each seed gave
//! with how the waits spread (core's `simulate::seeds`, as `buildbay simulate --seeds` prints it).

use buildbay_core::simulate::seeds::{Sweep, seed_count};
use leptos::prelude::*;

use crate::state::kept_text;

/// Where the number of seeds is kept between visits, as typed.
const SEEDS_KEY: &str = "buildbay.simulator.seeds";

/// The number of seeds as typed (1 at first: one run, as before).
#[derive(Debug, Clone, Copy)]
pub struct SeedCount {
    pub typed: RwSignal<String>,
}

impl SeedCount {
    /// The field as it was left last time.
    pub fn load() -> SeedCount {
        SeedCount { typed: kept_text(SEEDS_KEY, "1") }
    }

    /// How many seeds to run, or why the field does not read (tracked).
    pub fn read(&self) -> Result<u32, String> {
        self.typed.with(|t| seed_count(t))
    }
}

/// The "Seeds" field, with its hint and, next to it, what is wrong with it.
#[component]
pub fn SeedCountField(seeds: SeedCount) -> impl IntoView {
    let problem = move || seeds.read().err();
    view! {
        <div class="toolbar-field seed-count">
            <label for="seed-count">"Seeds"</label>
            <input id="seed-count" type="text" inputmode="numeric" prop:value=move || seeds.typed.get()
                on:input=move |ev| seeds.typed.set(event_target_value(&ev))
                aria-invalid=move || problem().is_some().to_string() aria-describedby="seed-count-hint seed-count-message" />
            <span class="hint" id="seed-count-hint">"Over 1, both runs again on the seeds after the scenario's, summaries only: how much of the difference is the seed's luck"</span>
            <span class="field-message error" id="seed-count-message">{problem}</span>
        </div>
    }
}

/// Up to how many seeds the table of each seed's runs shows open (more would push the
/// summaries and charts of the first seed far down the page; it opens on a click).
const OPEN_UP_TO: usize = 10;
/// The name the sweep is offered under.
const SWEEP_FILE: &str = "buildbay-seeds.json";

/// What the seeds gave: the line, each side's wait figures over the seeds, a row per seed and
/// side, and the sweep as `buildbay simulate --seeds --format json` prints it.
#[component]
pub fn SeedSweep(sweep: Sweep, titles: [&'static str; 2]) -> impl IntoView {
    let compared = sweep.compared_wait.is_some();
    let rows = sweep
        .rows(titles)
        .map(|row| {
            let [p50, p95, max] = row.waits;
            view! {
                <tr>
                    <th scope="row">{row.seed}</th>
                    {compared.then(|| view! { <td>{row.title}</td> })}
                    <td class="number">{row.jobs}</td>
                    <td class="number">{p50}</td>
                    <td class="number">{p95}</td>
                    <td class="number">{max}</td>
                    <td>{row.finals}</td>
                </tr>
            }
        })
        .collect_view();
    let spreads = sweep
        .sides(titles)
        .map(|(title, w)| {
            let figures = w.figures().map_or_else(|| "no jobs on any seed".to_string(), |[p50, p95, max]| format!("p50 {p50}, p95 {p95}, max {max}"));
            view! { <dt>{title}</dt><dd>{figures}</dd> }
        })
        .collect_view();
    let line = sweep.line.clone();
    let (runs, shown_open) = (sweep.runs.len(), sweep.runs.len() <= OPEN_UP_TO);
    let rows_count = runs * if compared { 2 } else { 1 };
    // Written out only when asked for: a hundred seeds' summaries are not worth making on every run.
    let sweep = StoredValue::new(sweep);
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let saved = sweep.with_value(serde_json::to_string_pretty).map_err(|e| e.to_string()).and_then(|text| crate::components::download::download(SWEEP_FILE, &text, "application/json"));
        problem.set(saved.err().map(|e| format!("The seeds' runs could not be downloaded: {e}")));
    };
    view! {
        <section class="seed-sweep" aria-labelledby="seed-sweep">
            <p id="seed-sweep" role="status">{line}</p>
            <p class="muted">"Waits over the seeds, median (lowest to highest):"</p>
            <dl class="seed-spreads">{spreads}</dl>
            <details class="seed-runs" open=shown_open>
                <summary>{format!("Each seed's runs ({rows_count} rows, summaries only)")}</summary>
                <div class="table-scroll" role="region" aria-label="Runs by seed" tabindex="0">
                    <table class="steps-table">
                        <thead><tr>
                            <th scope="col">"Seed"</th>
                            {compared.then(|| view! { <th scope="col">"Run"</th> })}
                            <th scope="col">"Jobs"</th><th scope="col">"Wait p50"</th><th scope="col">"Wait p95"</th><th scope="col">"Wait max"</th><th scope="col">"Final statuses"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
            <div class="toolbar">
                <button type="button" on:click=save aria-describedby="seeds-file-hint">"Download the seeds' runs (JSON)"</button>
                <p class="hint" id="seeds-file-hint">"As "<code>"buildbay simulate --seeds N --format json"</code>" prints them."</p>
            </div>
            {move || problem.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
