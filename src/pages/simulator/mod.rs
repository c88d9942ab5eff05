//! Simulator: the console's cluster model (edited in a form), a scenario's builds and workload,
//! run through core's engine without blocking the page, drawn as a Gantt chart of jobs on nodes
//! and a queue-length chart, and compared with the same scenario on more nodes.

mod charts;
mod clusters;
mod run;
mod workload;

use buildbay_core::simulate::scenario::{extra_nodes, with_cluster_model};
use buildbay_core::simulate::text::comparison;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::pages::SectionIntro;
use crate::state::Lab;
use charts::{Gantt, QueueChart, Summary, UtilisationChart};
use clusters::ClusterForm;
use run::{Compared, Progress, run_sliced};
use workload::WorkloadForm;

/// The scenario the page starts with: builds and a workload for the default cluster model.
const EXAMPLE: &str = include_str!("../../../examples/simulator.json");
/// Where the scenario text is kept between visits, as typed.
const STORAGE_KEY: &str = "buildbay.simulator.scenario";

/// `/simulator`: edit the cluster model and a scenario, run it, and compare it with more capacity.
#[component]
pub fn SimulatorPage() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let saved = crate::storage::local().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let text = RwSignal::new(saved.unwrap_or_else(|| EXAMPLE.to_string()));
    Effect::new(move |_| {
        let t = text.get();
        if let Some(s) = crate::storage::local() {
            let _ = s.set_item(STORAGE_KEY, &t);
        }
    });
    // The extra-nodes field as typed; what it reads as (or what is wrong with it) follows.
    let extra_text = RwSignal::new("2".to_string());
    let extra = Memo::new(move |_| extra_nodes(&extra_text.get()));
    let extra_problem = move || extra.with(|e| e.as_ref().err().cloned());
    let result = RwSignal::new(None);
    let progress = RwSignal::new(None::<Progress>);
    let generation = RwSignal::new(0u64);
    let go = move |_| {
        generation.update(|g| *g += 1);
        // A model whose fields do not all read would run on its last readable state, which
        // the form no longer shows: say so instead.
        let problems = lab.cluster_problems();
        if !problems.is_empty() {
            let n = problems.len();
            result.set(Some(Err(format!("The cluster model has {n} problem{}: fix the marked fields above first.", if n == 1 { "" } else { "s" }))));
            return;
        }
        let Ok(extra) = extra.get_untracked() else {
            result.set(Some(Err("The number of extra nodes does not read: fix it next to its field first.".into())));
            return;
        };
        let scenario = with_cluster_model(&text.get_untracked(), &lab.clusters.get_untracked());
        result.set(None);
        progress.set(Some(Progress { scenario: 0, finished: 0, jobs: 0 }));
        spawn_local(async move {
            if let Some(r) = run_sliced(scenario, extra, progress, generation).await {
                result.set(Some(r));
            }
        });
    };
    let cancel = move |_| {
        generation.update(|g| *g += 1);
        progress.set(None);
    };
    view! {
        <SectionIntro title="Simulator">
            <p>
                "Where builds would be scheduled, how long they would wait and why, before anything "
                "runs: edit the cluster model and the scenario (builds in any shape Buildbay imports, "
                "and a workload), run it, and see it again with more nodes."
            </p>
        </SectionIntro>
        <ClusterForm />
        <WorkloadForm text=text />
        <label for="scenario-text">"Scenario (JSON; the format is in the README). Without its own \"clusters\" it runs on the cluster model above."</label>
        <textarea id="scenario-text" class="scenario-text" rows="16" spellcheck="false"
            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        <div class="toolbar">
            <div class="toolbar-field">
                <label for="extra-nodes">"Compare with extra nodes"</label>
                <input id="extra-nodes" type="text" inputmode="numeric" prop:value=move || extra_text.get()
                    on:input=move |ev| extra_text.set(event_target_value(&ev))
                    aria-invalid=move || extra_problem().is_some().to_string() aria-describedby="extra-nodes-hint extra-nodes-message" />
                <span class="hint" id="extra-nodes-hint">"Added to the first node row of the first cluster"</span>
                <span class="field-message error" id="extra-nodes-message">{extra_problem}</span>
            </div>
            <button type="button" class="primary" on:click=go disabled=move || progress.with(Option::is_some)>"Run"</button>
            <Show when=move || progress.with(Option::is_some)>
                <button type="button" id="cancel-run" on:click=cancel>"Cancel run"</button>
            </Show>
        </div>
        {move || progress.get().map(|p| {
            let label = if p.scenario == 0 { "as written" } else { "with extra nodes" };
            view! {
                <div class="run-progress">
                    <label for="run-progress">{format!("Simulating {label}: {} of {} jobs finished", p.finished, p.jobs)}</label>
                    <progress id="run-progress" max=p.jobs.max(1).to_string() value=p.finished.to_string()></progress>
                </div>
            }
        })}
        {move || result.get().map(|r| match r {
            Err(e) => view! { <p class="error" role="alert" id="scenario-error">{e}</p> }.into_any(),
            Ok(Compared { written: a, more: b, extra, left_out }) => {
                let charts = !a.jobs.is_empty();
                view! {
                    <p id="comparison" role="status">{comparison(extra, &a.summary, &b.summary)}</p>
                    {(!left_out.is_empty()).then(|| view! {
                        <div class="left-out" id="left-out" role="note">
                            <p>"Simulated as read: these parts of the builds did not read and are left out."</p>
                            <pre>{left_out}</pre>
                        </div>
                    })}
                    <div class="compare">
                        <Summary outcome=a.clone() title="As written" />
                        <Summary outcome=b title="With extra nodes" />
                    </div>
                    {if charts {
                        view! {
                            <h2>"Jobs on nodes"</h2>
                            <Gantt outcome=a.clone() />
                            <h2>"CPU utilisation"</h2>
                            <UtilisationChart outcome=a.clone() />
                            <h2>"Queue length"</h2>
                            <QueueChart outcome=a />
                        }.into_any()
                    } else {
                        view! { <p class="hint">{format!("More than {} jobs: summaries only, without per-job charts.", run::FULL_DETAIL_JOBS)}</p> }.into_any()
                    }}
                }.into_any()
            }
        })}
    }
}
