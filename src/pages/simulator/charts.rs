//! What a run shows: a summary per scenario, a Gantt chart of jobs on nodes, utilisation and
//! the queue length over time (SVG drawn by the app on one time axis, no chart library).

use buildbay_core::simulate::chart::{GanttLayout, gantt, gantt_places, time_ticks};
use buildbay_core::simulate::compare::Side;
use buildbay_core::simulate::job_table::job_rows;
use buildbay_core::simulate::outcome::{Outcome, status_tone};
use buildbay_core::simulate::scenario::JobFindings;
use buildbay_core::simulate::text::{clock, counted, spread, status_counts};
use leptos::prelude::*;

use crate::components::status_badge::tone_class;

use super::job_dialog::{JobDialog, OpenedJob};
use super::job_table::JobTable;

/// One scenario's figures: jobs by status, wait and run percentiles, queue, utilisation, and
/// why jobs waited, under the scenario's own name and question when it gives them (`about`).
#[component]
pub fn Summary(summary: buildbay_core::simulate::outcome::Summary, title: &'static str, about: Option<String>) -> impl IntoView {
    let s = &summary;
    view! {
        <section class="sim-summary" aria-label=title>
            <h2>{title}</h2>
            {about.map(|about| view! { <p class="scenario-about">{about}</p> })}
            <dl>
                <dt>"Jobs"</dt><dd>{s.jobs}</dd>
                <dt>"Wait p50 / p95 / max"</dt><dd>{spread(&s.wait, false, " / ", "no jobs")}</dd>
                <dt>"Run p50 / p95 / max"</dt><dd>{spread(&s.run, false, " / ", "no job ran to an end")}</dd>
                <dt>"Queue max / mean"</dt><dd>{format!("{} / {:.2}", s.queue_max, s.queue_mean)}</dd>
                {s.utilisation.iter().map(|(c, u)| view! { <dt>{format!("CPU utilisation of {c}")}</dt><dd>{format!("{:.1}%", u * 100.0)}</dd> }).collect_view()}
                {s.builder_slots.iter().map(|(c, u)| view! { <dt>{format!("Builder slots held in {c}")}</dt><dd>{format!("{:.1}%", u * 100.0)}</dd> }).collect_view()}
                // Each backend by name as the rest of the console spells it ("ServiceStage", not the key "servicestage").
                {s.by_status.iter().map(|(k, v)| view! { <dt>{buildbay_core::Target::parse(k).map_or_else(|| k.clone(), |t| t.label().to_string())}</dt><dd>{status_counts(v)}</dd> }).collect_view()}
                {(!s.nuon_builds.is_empty()).then(|| view! { <dt>"Nuon component builds"</dt><dd>{status_counts(&s.nuon_builds)}</dd> })}
            </dl>
            {match &s.waits_by_reason {
                Some(reasons) if !reasons.is_empty() => view! {
                    <table class="reasons-table">
                        <caption>"Why jobs waited, the most first"</caption>
                        <thead><tr><th scope="col">"Reason"</th><th scope="col">"Jobs"</th><th scope="col">"Waited in all"</th></tr></thead>
                        <tbody>{reasons.iter().map(|r| view! { <tr><td>{r.reason.clone()}</td><td>{r.jobs}</td><td>{clock(r.seconds)}</td></tr> }).collect_view()}</tbody>
                    </table>
                }.into_any(),
                Some(_) => view! { <p class="muted">"No job waited."</p> }.into_any(),
                None => view! { <p class="muted">{format!("Why jobs waited is told for runs of up to {} jobs, which keep every job.", super::run::FULL_DETAIL_JOBS)}</p> }.into_any(),
            }}
        </section>
    }
}

/// The charts' shared geometry: one plot area, so the same time sits at the same x in all three.
const WIDTH: f64 = 900.0;
/// The left column, for node and cluster names and the value scale.
const LABELS: f64 = 110.0;
/// The bottom band, for the time axis.
const AXIS: f64 = 18.0;
/// One lane of the Gantt chart (a pod's bar and the gap below it).
const LANE: f64 = 12.0;

/// Where time `t` (seconds) of a run ending at `end` sits across the plot.
fn x_of(t: f64, end: f64) -> f64 {
    LABELS + (WIDTH - LABELS) * t / end
}

/// Round times under a chart of `height` (plot from 0 to `height - AXIS`): a faint line each,
/// labelled below.
#[component]
fn TimeAxis(end: f64, height: f64) -> impl IntoView {
    let ticks = time_ticks(end, 8);
    let last = ticks.len().saturating_sub(1);
    ticks
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let x = x_of(t, end);
            let anchor = if i == 0 { "start" } else if i == last && x > WIDTH - 30.0 { "end" } else { "middle" };
            view! {
                <line class="grid" x1=x x2=x y1="0" y2=height - AXIS />
                <text class="tick" x=x y=height - 4.0 text-anchor=anchor>{clock(t)}</text>
            }
        })
        .collect_view()
}

/// How many bars the Gantt chart draws per task: 3,580 bars in one task took 103–141 ms, and
/// batches of 500 still made an occasional task of 50 ms on a freshly loaded page.
const BARS_PER_TASK: usize = 250;

/// Each attempt as a bar on its node's row, pods running at once on lanes of their own (the
/// layout is core's [`gantt`]; this only scales it). Charts read the run where it is stored,
/// never a copy: a run keeps up to 2,000 jobs with their steps and logs. The bars are drawn
/// [`BARS_PER_TASK`] at a time, each batch in a task of its own.
fn gantt_chart(outcome: &Outcome, opened: OpenedJob) -> impl IntoView + use<> {
    let layout = std::sync::Arc::new(gantt(outcome));
    let end = outcome.end.max(1.0);
    // A row is as tall as its lanes (an idle node still gets one), plus a gap.
    let row_height = |lanes: u32| f64::from(lanes.max(1)) * LANE + 6.0;
    let mut tops = Vec::with_capacity(layout.rows.len());
    let mut plot = 0.0;
    for row in &layout.rows {
        tops.push(plot);
        plot += row_height(row.lanes);
    }
    let height = plot + AXIS;
    let rows = layout.rows.iter().zip(&tops).map(|(row, top)| {
        let middle = top + row_height(row.lanes) / 2.0;
        view! {
            // A long name is cut to the label column, whole in its tooltip.
            <text x="0" y=middle + 4.0>{fit_label(&row.node)}<title>{row.node.clone()}</title></text>
            <line class="row-rule" x1=LABELS x2=WIDTH y1=*top y2=*top />
        }
    }).collect_view();
    let batches = layout.bars.len().div_ceil(BARS_PER_TASK);
    let drawn = RwSignal::new(batches.min(1));
    super::run::stage_in_tasks(drawn, 2..=batches);
    let tops = std::sync::Arc::new(tops);
    let bars = {
        let layout = layout.clone();
        move |batch: usize| {
            let from = batch * BARS_PER_TASK;
            let to = (from + BARS_PER_TASK).min(layout.bars.len());
            layout.bars[from..to].iter().map(|b| {
                let node = &layout.rows[b.row].node;
                let x = x_of(b.start, end);
                let w = (x_of(b.end, end) - x).max(1.0);
                let y = tops[b.row] + 3.0 + f64::from(b.lane) * LANE;
                let unit = if b.unit.is_empty() { String::new() } else { format!(" {}", b.unit) };
                let title = format!("{}{unit}, attempt {}, on {node}: {}–{} ({})", b.job, b.attempt, clock(b.start), clock(b.end), b.status);
                let job = b.job.clone();
                // Coloured by what the status means, whatever the backend calls it (`timed-out`, `Timeout`…).
                let tone = tone_class(status_tone(&b.status, b.status != "running"));
                view! { <rect x=x y=y width=w height=LANE - 3.0 class=format!("bar {tone}") on:click=move |_| opened.open(job.clone())><title>{title}</title></rect> }
            }).collect_view()
        }
    };
    let runners = match layout.runners {
        0 => String::new(),
        n => format!(" and {}", counted(n as u64, "runner", "runners")),
    };
    let (attempts, nodes) = (counted(layout.bars.len() as u64, "attempt", "attempts"), counted((layout.rows.len() - layout.runners) as u64, "node", "nodes"));
    let label = format!("Gantt chart of {attempts} on {nodes}{runners} over {}", clock(end));
    view! {
        <div class="chart-scroll" role="region" aria-label="Gantt chart" tabindex="0">
        <svg class="gantt" role="img" aria-label=label viewBox=format!("0 0 {WIDTH} {height}") width="100%">
            <TimeAxis end=end height=height />
            {rows}
            <g class="bars">
                <For each=move || 0..drawn.get() key=|batch| *batch let:batch>{bars(batch)}</For>
            </g>
        </svg>
        </div>
        <GanttTable layout=layout />
    }
}

/// A row's name as it fits the label column (about 15 characters at 12 px in [`LABELS`]).
fn fit_label(name: &str) -> String {
    const FITS: usize = 15;
    if name.chars().count() <= FITS { name.to_string() } else { name.chars().take(FITS - 1).chain(['…']).collect() }
}

/// The Gantt chart's bars as a table, for keyboard and screen-reader users (a bar's details are
/// otherwise only a pointer's hover away); drawn when opened, as a run may have thousands.
#[component]
fn GanttTable(layout: std::sync::Arc<GanttLayout>) -> impl IntoView {
    let open = RwSignal::new(false);
    let layout = StoredValue::new(layout);
    view! {
        <details class="gantt-table" on:toggle=move |ev| open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
            <summary>{format!("Attempts on {} as a table", layout.with_value(|l| l.places()))}</summary>
            <Show when=move || open.get()>
                <div class="table-scroll" role="region" aria-label="Attempts on nodes" tabindex="0">
                <table class="steps-table">
                    <thead><tr><th scope="col">"Job"</th><th scope="col">"Attempt"</th><th scope="col">"Node"</th><th scope="col">"Start"</th><th scope="col">"End"</th><th scope="col">"Status"</th></tr></thead>
                    <tbody>
                        {layout.with_value(|l| l.bars.iter().map(|b| view! {
                            <tr>
                                <td>{b.job.clone()} {(!b.unit.is_empty()).then(|| format!(" ({})", b.unit))}</td>
                                <td>{b.attempt}</td>
                                <td>{l.rows[b.row].node.clone()}</td>
                                <td>{clock(b.start)}</td>
                                <td>{clock(b.end)}</td>
                                <td>{b.status.clone()}</td>
                            </tr>
                        }).collect_view())}
                    </tbody>
                </table>
                </div>
            </Show>
        </details>
    }
}

/// An SVG path of a step series across the plot: each value holds from its time until the
/// next point; `max` is at the top of a plot `height` high.
fn step_path(points: impl IntoIterator<Item = (f64, f64)>, end: f64, max: f64, height: f64) -> String {
    let y_of = |v: f64| height - (height - 10.0) * v / max.max(f64::MIN_POSITIVE);
    let mut d = format!("M{LABELS} {height}");
    let mut last = height;
    for (t, v) in points {
        let x = x_of(t, end);
        let y = y_of(v);
        d.push_str(&format!(" L{x:.1} {last:.1} L{x:.1} {y:.1}"));
        last = y;
    }
    d.push_str(&format!(" L{WIDTH} {last:.1}"));
    d
}

/// Jobs waiting over time, as a step line.
fn queue_chart(outcome: &Outcome) -> impl IntoView + use<> {
    let end = outcome.end.max(1.0);
    let line = outcome.queue_line();
    let max = line.iter().map(|p| p.1).fold(1.0, f64::max);
    let plot = 120.0;
    let d = step_path(line, end, max, plot);
    view! {
        <div class="chart-scroll" role="region" aria-label="Queue length chart" tabindex="0">
        <svg class="queue-chart" role="img" aria-label=format!("Queue length over time, at most {max}") viewBox=format!("0 0 {WIDTH} {}", plot + AXIS) width="100%">
            <TimeAxis end=end height=plot + AXIS />
            <path d=d class="queue-line" fill="none" />
            <text x="0" y="14">{counted(max as u64, "job", "jobs")}</text>
            <text x="0" y=plot>"0"</text>
        </svg>
        </div>
    }
}

/// Each cluster's share of CPU requested over time, one step line per cluster (0–100 %).
fn utilisation_chart(outcome: &Outcome) -> impl IntoView + use<> {
    let end = outcome.end.max(1.0);
    let plot = 120.0;
    let lines = outcome.utilisation_lines();
    let peak = lines.iter().flat_map(|(_, s)| s.iter().map(|p| p.1)).fold(0.0_f64, f64::max);
    let label = format!("CPU requested over time per cluster, peaking at {:.0}%", peak * 100.0);
    view! {
        <div class="chart-scroll" role="region" aria-label="CPU utilisation chart" tabindex="0">
        <svg class="utilisation-chart" role="img" aria-label=label viewBox=format!("0 0 {WIDTH} {}", plot + AXIS) width="100%">
            <TimeAxis end=end height=plot + AXIS />
            <text x="0" y="14">"100%"</text>
            <text x="0" y=plot>"0%"</text>
            {lines.into_iter().enumerate().map(|(i, (cluster, series))| view! {
                <path d=step_path(series, end, 1.0, plot) class=format!("utilisation-line series-{}", i % 4) fill="none"><title>{cluster.clone()}</title></path>
                <text x="0" y=32.0 + 14.0 * i as f64 class=format!("series-{}", i % 4)>{cluster}</text>
            }).collect_view()}
        </svg>
        </div>
    }
}

/// The Gantt, utilisation and queue charts of one of the two runs, chosen by the reader (the
/// first at first); a run that kept summaries only says so instead.
#[component]
pub fn Charts(outcomes: std::sync::Arc<[Outcome; 2]>, titles: [&'static str; 2], findings: std::sync::Arc<[JobFindings; 2]>, sides: [Side; 2], full_detail_jobs: f64) -> impl IntoView {
    let shown = RwSignal::new(0usize);
    let outcomes = StoredValue::new(outcomes);
    let findings = StoredValue::new(findings);
    let choice = move |i: usize| {
        let id = format!("charts-of-{i}");
        view! {
            <label class="choice">
                <input type="radio" name="charts-of" id=id prop:checked=move || shown.get() == i on:change=move |_| shown.set(i) />
                {titles[i]}
            </label>
        }
    };
    view! {
        <fieldset class="charts-of">
            <legend>"Charts of"</legend>
            <div class="choices">{choice(0)}{choice(1)}</div>
        </fieldset>
        {move || outcomes.with_value(|o| {
            let i = shown.get();
            let outcome = &o[i];
            // A bar or a job's id opens the job's report.
            let opened = OpenedJob::new();
            // The Gantt chart and the job table are each drawn in a task of their own, after
            // the other charts: with a run of 2,000 jobs, the three together made one task of
            // 100 ms or more on a freshly loaded page.
            let drawn = RwSignal::new(0u8);
            super::run::stage_in_tasks(drawn, 1..=2);
            // A summary run (the only kind with samples) keeps no jobs to draw on nodes.
            let per_job = if let Some(sampled) = &outcome.sampled {
                let every = sampled.interval;
                view! {
                    <p class="hint" id="sampled-note">{format!("{}: more than {full_detail_jobs} jobs, so no chart or table of jobs one by one; the charts below show each {every} s interval's mean CPU requested and most jobs waiting.", titles[i])}</p>
                }.into_any()
            } else {
                view! {
                    <h2>{format!("Jobs on {}: {}", gantt_places(outcome), titles[i])}</h2>
                    <Show when=move || { drawn.get() >= 1 } fallback=|| view! { <p class="muted">"Drawing the chart…"</p> }>
                        {move || outcomes.with_value(|o| gantt_chart(&o[i], opened))}
                    </Show>
                }.into_any()
            };
            view! {
                {per_job}
                <h2>{format!("CPU utilisation: {}", titles[i])}</h2>
                {utilisation_chart(outcome)}
                <h2>{format!("Queue length: {}", titles[i])}</h2>
                {queue_chart(outcome)}
                {outcome.sampled.is_none().then(|| view! {
                    <Show when=move || { drawn.get() >= 2 }>
                        {move || outcomes.with_value(|o| view! { <JobTable rows=job_rows(&o[i]) opened=opened title=titles[i] /> })}
                    </Show>
                    <JobDialog outcomes=outcomes findings=findings run=i side=sides[i] opened=opened title=titles[i] />
                })}
            }.into_any()
        })}
    }
}
