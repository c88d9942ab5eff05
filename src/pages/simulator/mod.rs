//! Simulator: the console's cluster model (edited in a form), a scenario's builds and workload,
//! run through core's engine without blocking the page, drawn as a Gantt chart of jobs on nodes
//! and a queue-length chart, and compared with the same scenario on more nodes or with a second
//! scenario.

mod charts;
mod clusters;
mod compare_with;
mod job_dialog;
mod job_table;
mod kept;
mod problem_list;
mod run;
mod scenario_file;
mod scenario_link;
mod seed_sweep;
mod stored_builds;
mod undo;
mod workload;
mod runner_fields;
mod zadig_fields;

use leptos::prelude::*;
use leptos::task::spawn_local;

use buildbay_core::simulate::compare::{Comparison, Side, Unreadable};
use buildbay_core::simulate::text::{counted, scenario_title};

use crate::components::download::download;
use crate::pages::SectionIntro;
use crate::state::Lab;
use charts::{Charts, Summary};
use clusters::ClusterForm;
use compare_with::{Choice, CompareWith};
use kept::{TabOnlyNote, kept_scenario};
use problem_list::ProblemList;
pub use run::SimulatorRun;
use run::{Compared, Progress, run_sliced};
use scenario_file::{SCENARIO_A, ScenarioFile, ScenarioOpener};
use scenario_link::ScenarioLink;
use seed_sweep::{SeedCount, SeedCountField, SeedSweep};
use stored_builds::StoredBuilds;
use workload::WorkloadForm;

/// The scenario the page starts with: builds and a workload for the default cluster model.
const EXAMPLE: &str = include_str!("../../../examples/simulator.json");
/// The name the downloaded results are offered under.
const RESULTS_FILE: &str = "buildbay-simulation.json";
/// Where the scenario text is kept between visits, as typed.
const STORAGE_KEY: &str = "buildbay.simulator.scenario";

/// `/simulator`: edit the cluster model and a scenario, run it, and compare it with more capacity.
#[component]
pub fn SimulatorPage() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let first = kept_scenario(STORAGE_KEY, EXAMPLE);
    let text = first.text;
    let opener = ScenarioOpener::new(text, SCENARIO_A);
    let choice = Choice::load();
    let seeds = SeedCount::load();
    let SimulatorRun { result, progress, generation, running } = expect_context::<SimulatorRun>();
    let download_problem = RwSignal::new(None::<String>);
    // The text the last run stopped at says so, pointing at the problems.
    let stopped_at = move |side| result.with(|r| matches!(r, Some(Err(Unreadable { stopped_at: Some(at), .. })) if *at == side));
    let a_unreadable = move || stopped_at(Side::A);
    let go = move |_| {
        generation.update(|g| *g += 1);
        download_problem.set(None);
        // A model whose fields do not all read would run on its last readable state, which
        // the form no longer shows: say so instead.
        let problems = lab.cluster_problems();
        if !problems.is_empty() {
            let problems = format!("The cluster model has {}: fix the marked fields above first.", counted(problems.len() as u64, "problem", "problems"));
            result.set(Some(Err(Unreadable::elsewhere(problems))));
            return;
        }
        let Ok(alternative) = untrack(|| choice.form()).read() else {
            let field = if choice.second_chosen.get_untracked() { "Scenario B" } else { "The number of extra nodes" };
            result.set(Some(Err(Unreadable::elsewhere(format!("{field} does not read: fix it next to its field first.")))));
            return;
        };
        let Ok(seed_count) = untrack(|| seeds.read()) else {
            result.set(Some(Err(Unreadable::elsewhere("The number of seeds does not read: fix it next to its field first.".into()))));
            return;
        };
        result.set(None);
        running.set(alternative.titles());
        progress.set(Some(Progress::default()));
        let (text, model) = (text.get_untracked(), lab.model());
        spawn_local(async move {
            if let Some(r) = run_sliced(text, alternative, model, seed_count, progress, generation).await {
                result.set(Some(r));
            }
        });
    };
    let cancel = move |_| {
        generation.update(|g| *g += 1);
        progress.set(None);
    };
    // Both runs as one file, the JSON `buildbay simulate --format json` prints for the same comparison.
    let download_results = move |_| {
        let json = result.with_untracked(|r| match r {
            Some(Ok(c)) => Some(Comparison::of(&c.alternative, &c.runs[0], &c.runs[1]).to_json()),
            _ => None,
        });
        let saved = json.map(|json| json.and_then(|text| download(RESULTS_FILE, &text, "application/json")));
        download_problem.set(match saved {
            Some(Err(e)) => Some(format!("The results could not be downloaded: {e}")),
            _ => None,
        });
    };
    view! {
        <SectionIntro title="Simulator">
            <p>
                "Where builds would be scheduled, how long they would wait and why, before anything "
                "runs: edit the cluster model and the scenario (builds in any shape Buildbay imports, "
                "and a workload), run it, and see it again with more nodes or beside a second scenario."
            </p>
        </SectionIntro>
        <ClusterForm />
        <StoredBuilds text=text />
        <WorkloadForm text=text />
        <label for="scenario-text">"Scenario A (JSON; the format is in the README). Without its own \"clusters\", \"zadig\" or \"runners\" it runs on the cluster model above, its Zadig queue and its Nuon runners."</label>
        <textarea id="scenario-text" class="scenario-text" rows="16" spellcheck="false"
            aria-invalid=move || a_unreadable().to_string()
            aria-describedby=move || {
                let notes = [first.unkept().then_some("scenario-kept"), a_unreadable().then_some("scenario-error")];
                let ids = notes.into_iter().flatten().collect::<Vec<_>>().join(" ");
                (!ids.is_empty()).then_some(ids)
            }
            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
            on:dragover=move |ev| opener.drag_over(ev) on:drop=move |ev| opener.drop(ev)></textarea>
        <TabOnlyNote scenario=first id="scenario-kept" />
        <ScenarioFile scenario=first opener=opener />
        <ScenarioLink text=text choice=choice />
        <CompareWith choice=choice first=text b_unreadable=Signal::derive(move || stopped_at(Side::B)) />
        <SeedCountField seeds=seeds />
        <div class="toolbar">
            <button type="button" class="primary" id="run-simulation" data-focus-next="cancel-run" on:click=go disabled=move || progress.with(Option::is_some)>"Run"</button>
            <Show when=move || progress.with(Option::is_some)>
                <button type="button" id="cancel-run" data-focus-next="run-simulation" on:click=cancel>"Cancel run"</button>
            </Show>
        </div>
        {move || progress.get().map(|p| {
            let title = running.get_untracked()[usize::from(p.scenario.min(1))];
            view! {
                <div class="run-progress">
                    <label for="run-progress">{p.label(title)}</label>
                    <progress id="run-progress" max=p.run.jobs.max(1).to_string() value=p.run.done.to_string()></progress>
                </div>
            }
        })}
        {move || result.get().map(|r| match r {
            Err(e) => view! { <div class="error" role="alert" id="scenario-error"><ProblemList problems=e.problems /></div> }.into_any(),
            Ok(Compared { runs, alternative, left_out, job_findings, sweep }) => {
                let [a, b] = &*runs;
                let [title_a, title_b] = alternative.titles();
                // The charts follow the summaries in a task of their own: together, on a run of
                // about 1,800 jobs in a slow minute of the machine, they made one task of 50 ms.
                let charts_shown = RwSignal::new(false);
                run::stage_in_tasks(charts_shown, [true]);
                view! {
                    <p id="comparison" role="status">{alternative.line(&a.summary, &b.summary)}</p>
                    {sweep.map(|sweep| view! { <SeedSweep sweep=sweep titles=[title_a, title_b] /> })}
                    <div class="toolbar">
                        <button type="button" on:click=download_results aria-describedby="results-file-hint">"Download results (JSON)"</button>
                        <p class="hint" id="results-file-hint">"Both runs as the CLI's "<code>"buildbay simulate --format json"</code>" prints them: "
                            {format!("every job's statuses, waits, steps and logs up to {} jobs, summaries above.", run::FULL_DETAIL_JOBS)}</p>
                    </div>
                    {move || download_problem.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    {(!left_out.is_empty()).then(|| view! {
                        <div class="left-out" id="left-out" role="note">
                            <p>"Simulated as read, with these findings (a part that did not read or does not apply is left out; a build no node can take waits until its timeout)."</p>
                            <ProblemList problems=left_out />
                        </div>
                    })}
                    <div class="compare">
                        <Summary summary=a.summary.clone() title=title_a about=scenario_title(a.name.as_deref(), a.description.as_deref()) />
                        <Summary summary=b.summary.clone() title=title_b about=scenario_title(b.name.as_deref(), b.description.as_deref()) />
                    </div>
                    <Show when=move || charts_shown.get()>
                        <Charts outcomes=runs.clone() titles=[title_a, title_b] findings=job_findings.clone() sides=alternative.sides() full_detail_jobs=run::FULL_DETAIL_JOBS />
                    </Show>
                }.into_any()
            }
        })}
    }
}
