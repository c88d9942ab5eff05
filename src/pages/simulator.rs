//! Simulator: a scenario (clusters, nodes, strategies, builds, workload) run through core's
//! engine, drawn as a Gantt chart of jobs on nodes and a queue-length chart, and compared with
//! the same scenario on more nodes.

use buildbay_core::simulate::outcome::Outcome;
use buildbay_core::simulate::text::clock;
use buildbay_core::simulate::{Detail, scenario, simulate};
use leptos::prelude::*;

use crate::pages::SectionIntro;

const EXAMPLE: &str = include_str!("../../examples/scenario.json");

/// Runs the scenario as written and with `extra_nodes` more nodes; problems say where.
fn run(text: &str, extra_nodes: u32) -> Result<(Outcome, Outcome), String> {
    let describe = |problems: Vec<buildbay_core::Diagnostic>| {
        problems
            .iter()
            .map(|d| match d.position {
                Some(p) => format!("{} (line {}, column {}): {}", d.path, p.line, p.column, d.message),
                None => format!("{}: {}", d.path, d.message),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let written = scenario::parse(text).map_err(describe)?;
    let more = scenario::prepare(written.scenario.clone().with_extra_nodes(extra_nodes)).map_err(describe)?;
    let seed = written.scenario.seed;
    Ok((simulate(&written, seed, Detail::Full), simulate(&more, seed, Detail::Full)))
}

/// `/simulator`: edit a scenario, run it, and compare it with more capacity.
#[component]
pub fn SimulatorPage() -> impl IntoView {
    let text = RwSignal::new(EXAMPLE.to_string());
    let extra = RwSignal::new(2u32);
    let result = RwSignal::new(None::<Result<(Outcome, Outcome), String>>);
    let go = move |_| {
        let t = text.get_untracked();
        result.set(Some(run(&t, extra.get_untracked())));
    };
    view! {
        <SectionIntro title="Simulator">
            <p>
                "Where builds would be scheduled, how long they would wait and why, before anything "
                "runs: edit the scenario (clusters, nodes, strategies, builds in any shape Buildbay "
                "imports, and a workload), run it, and see it again with more nodes."
            </p>
        </SectionIntro>
        <label for="scenario-text">"Scenario (JSON; the format is in the README)"</label>
        <textarea id="scenario-text" class="scenario-text" rows="16" spellcheck="false"
            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        <div class="toolbar">
            <div class="toolbar-field">
                <label for="extra-nodes">"Compare with extra nodes"</label>
                <input id="extra-nodes" type="number" min="1" max="1000" prop:value=move || extra.get().to_string()
                    on:input=move |ev| extra.set(event_target_value(&ev).parse().unwrap_or(2)) />
            </div>
            <button type="button" class="primary" on:click=go>"Run"</button>
        </div>
        {move || result.get().map(|r| match r {
            Err(e) => view! { <p class="error" role="alert" id="scenario-error">{e}</p> }.into_any(),
            Ok((a, b)) => view! {
                <p id="comparison" role="status">
                    {format!("Add {} node(s): p95 wait {} → {}, max wait {} → {}", extra.get_untracked(), clock(a.summary.wait.p95), clock(b.summary.wait.p95), clock(a.summary.wait.max), clock(b.summary.wait.max))}
                </p>
                <div class="compare">
                    <Summary outcome=a.clone() title="As written" />
                    <Summary outcome=b title="With extra nodes" />
                </div>
                <h2>"Jobs on nodes"</h2>
                <Gantt outcome=a.clone() />
                <h2>"Queue length"</h2>
                <QueueChart outcome=a />
            }.into_any(),
        })}
    }
}

#[component]
fn Summary(outcome: Outcome, title: &'static str) -> impl IntoView {
    let s = outcome.summary.clone();
    view! {
        <section class="sim-summary" aria-label=title>
            <h2>{title}</h2>
            <dl>
                <dt>"Jobs"</dt><dd>{s.jobs}</dd>
                <dt>"Wait p50 / p95 / max"</dt><dd>{format!("{} / {} / {}", clock(s.wait.p50), clock(s.wait.p95), clock(s.wait.max))}</dd>
                <dt>"Run p50 / p95 / max"</dt><dd>{format!("{} / {} / {}", clock(s.run.p50), clock(s.run.p95), clock(s.run.max))}</dd>
                <dt>"Queue max / mean"</dt><dd>{format!("{} / {:.2}", s.queue_max, s.queue_mean)}</dd>
                {s.utilisation.iter().map(|(c, u)| view! { <dt>{format!("Utilisation of {c}")}</dt><dd>{format!("{:.1}%", u * 100.0)}</dd> }).collect_view()}
                {s.by_status.iter().map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.iter().map(|(s, n)| format!("{s} {n}")).collect::<Vec<_>>().join(", ")}</dd> }).collect_view()}
            </dl>
        </section>
    }
}

/// Jobs' steps as bars on one row per node (SVG drawn here, no chart library).
#[component]
fn Gantt(outcome: Outcome) -> impl IntoView {
    let nodes: Vec<String> = outcome.nodes.iter().map(|n| n.node.clone()).collect();
    let end = outcome.end.max(1.0);
    let (width, row, label) = (900.0, 22.0, 110.0);
    let height = row * (nodes.len() as f64 + 1.0);
    let mut bars = Vec::new();
    for j in &outcome.jobs {
        let mut spans: Vec<(String, f64, f64, String)> = Vec::new();
        for s in &j.steps {
            if let Some(node) = &s.node {
                match spans.iter_mut().find(|x| &x.0 == node && (x.2 - s.start).abs() < 1e-6) {
                    Some(x) => { x.2 = s.end; x.3 = s.status.clone(); }
                    None => spans.push((node.clone(), s.start, s.end, s.status.clone())),
                }
            }
        }
        for (node, a, b, status) in spans {
            if let Some(i) = nodes.iter().position(|n| *n == node) {
                let x = label + (width - label) * a / end;
                let w = ((width - label) * (b - a) / end).max(1.0);
                bars.push(view! { <rect x=x y=row * i as f64 + 3.0 width=w height=row - 6.0 class=format!("bar {status}")><title>{format!("{} on {node}: {}–{} ({status})", j.id, clock(a), clock(b))}</title></rect> });
            }
        }
    }
    view! {
        <svg class="gantt" role="img" aria-label="Gantt chart of jobs on nodes" viewBox=format!("0 0 {width} {height}") width="100%">
            {nodes.iter().enumerate().map(|(i, n)| view! { <text x="0" y=row * i as f64 + 15.0>{n.clone()}</text> }).collect_view()}
            {bars}
            <text x=label y=height - 4.0>"0:00:00"</text>
            <text x=width - 60.0 y=height - 4.0>{clock(end)}</text>
        </svg>
    }
}

/// Jobs waiting over time, as a step line.
#[component]
fn QueueChart(outcome: Outcome) -> impl IntoView {
    let end = outcome.end.max(1.0);
    let max = outcome.queue.iter().map(|p| p.1).max().unwrap_or(0).max(1) as f64;
    let (width, height) = (900.0, 120.0);
    let mut d = format!("M0 {height}");
    let mut last = height;
    for (t, v) in &outcome.queue {
        let x = width * t / end;
        let y = height - (height - 10.0) * (*v as f64) / max;
        d.push_str(&format!(" L{x:.1} {last:.1} L{x:.1} {y:.1}"));
        last = y;
    }
    d.push_str(&format!(" L{width} {last:.1}"));
    view! {
        <svg class="queue-chart" role="img" aria-label=format!("Queue length over time, at most {max}") viewBox=format!("0 0 {width} {height}") width="100%">
            <path d=d class="queue-line" fill="none" />
        </svg>
    }
}
