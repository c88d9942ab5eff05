//! What a run shows: a summary per scenario, a Gantt chart of jobs on nodes and the queue
//! length over time (SVG drawn by the app, no chart library).

use buildbay_core::simulate::outcome::Outcome;
use buildbay_core::simulate::text::clock;
use leptos::prelude::*;

/// One scenario's figures: jobs by status, wait and run percentiles, queue, utilisation.
#[component]
pub fn Summary(outcome: Outcome, title: &'static str) -> impl IntoView {
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
pub fn Gantt(outcome: Outcome) -> impl IntoView {
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

/// An SVG path of a step series: each value holds from its time until the next point.
fn step_path(points: impl IntoIterator<Item = (f64, f64)>, end: f64, max: f64, width: f64, height: f64) -> String {
    let y_of = |v: f64| height - (height - 10.0) * v / max.max(f64::MIN_POSITIVE);
    let mut d = format!("M0 {height}");
    let mut last = height;
    for (t, v) in points {
        let x = width * t / end;
        let y = y_of(v);
        d.push_str(&format!(" L{x:.1} {last:.1} L{x:.1} {y:.1}"));
        last = y;
    }
    d.push_str(&format!(" L{width} {last:.1}"));
    d
}

/// Jobs waiting over time, as a step line.
#[component]
pub fn QueueChart(outcome: Outcome) -> impl IntoView {
    let end = outcome.end.max(1.0);
    let max = outcome.queue.iter().map(|p| p.1).max().unwrap_or(0).max(1) as f64;
    let (width, height) = (900.0, 120.0);
    let d = step_path(outcome.queue.iter().map(|(t, v)| (*t, *v as f64)), end, max, width, height);
    view! {
        <svg class="queue-chart" role="img" aria-label=format!("Queue length over time, at most {max}") viewBox=format!("0 0 {width} {height}") width="100%">
            <path d=d class="queue-line" fill="none" />
            <text x=width - 70.0 y="14">{format!("{max} jobs")}</text>
        </svg>
    }
}

/// Each cluster's share of CPU requested over time, one step line per cluster (0–100 %).
#[component]
pub fn UtilisationChart(outcome: Outcome) -> impl IntoView {
    let end = outcome.end.max(1.0);
    let (width, height) = (900.0, 120.0);
    let lines = outcome.cluster_utilisation();
    let peak = lines.iter().flat_map(|(_, s)| s.iter().map(|p| p.1)).fold(0.0_f64, f64::max);
    let label = format!("CPU requested over time per cluster, peaking at {:.0}%", peak * 100.0);
    view! {
        <svg class="utilisation-chart" role="img" aria-label=label viewBox=format!("0 0 {width} {height}") width="100%">
            {lines.into_iter().enumerate().map(|(i, (cluster, series))| view! {
                <path d=step_path(series, end, 1.0, width, height) class=format!("utilisation-line series-{}", i % 4) fill="none"><title>{cluster.clone()}</title></path>
                <text x="4" y=14.0 + 14.0 * i as f64 class=format!("series-{}", i % 4)>{cluster}</text>
            }).collect_view()}
            <text x=width - 40.0 y="14">"100%"</text>
        </svg>
    }
}
