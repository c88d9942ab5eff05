//! Jobs: build jobs run by the in-browser engine, and one job's timeline, steps and logs.

use buildbay_core::Target;
use buildbay_core::Diagnostic;
use buildbay_core::model::Build;
use buildbay_core::simulate::lints::start_lints;
use buildbay_core::simulate::start::{branch_fields, job_from_form, per_service_inputs, takes_git_ref, takes_services};
use buildbay_core::simulate::text::{clock, counted, listed_count};
use buildbay_core::simulate::outcome::{JobLine, ListedOrder};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::NavigateOptions;

use crate::components::boxes::{EmptyState, TableScroll};
use crate::components::build_select::StoredBuildSelect;
use crate::components::job_report::{JobReport, JobStatusLine, LogView};
use crate::components::search_field::SearchField;
use crate::components::show_more::{PAGE, ShowMore};
use crate::components::status_badge::badge_class;
use crate::components::status_tally::StatusTally;
use crate::pages::url_query::{keep_in_url, query_param};
use crate::pages::{SectionIntro, route_param};
use crate::state::{ClearedJobs, JobDraft, Lab, Workspace};

mod cancel_found;
mod fields;
mod live_rows;
mod refusal;

use cancel_found::CancelFound;
use live_rows::LiveRows;
use refusal::{StartRefusal, focus_summary};
use fields::{BranchField, GitRefField, JobInputField, PerServiceInputs, ServiceSlot, problem_at, variable_label};

/// The simulated clock: time, speed and pause, shared by the Jobs pages.
#[component]
fn ClockBar() -> impl IntoView {
    let lab = expect_context::<Lab>();
    view! {
        <div class="toolbar clock-bar" role="group" aria-label="Simulated clock">
            <p class="clock" aria-live="off">"Simulated time " <strong id="sim-clock">{move || clock(lab.now())}</strong></p>
            <div class="toolbar-field">
                <label for="sim-speed">"Speed"</label>
                <select id="sim-speed" on:change=move |ev| { lab.speed.set(event_target_value(&ev).parse().unwrap_or(10)); lab.remember(); }>
                    {[1u32, 10, 60, 100, 1000].into_iter().map(|s| view! { <option value=s.to_string() selected=move || lab.speed.get() == s>{format!("{s}×")}</option> }).collect_view()}
                </select>
            </div>
            <button type="button" aria-pressed=move || lab.paused.get().to_string() on:click=move |_| lab.toggle_pause()>
                {move || if lab.paused.get() { "Resume" } else { "Pause" }}
            </button>
        </div>
    }
}

/// `/jobs`: start a job from a build; every job with its live status.
#[component]
pub fn JobsPage() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let ws = expect_context::<Workspace>();
    let draft = expect_context::<JobDraft>();
    let JobDraft { chosen, build, semantics, services, branches, inputs, git_ref, .. } = draft;
    let message = RwSignal::new(None::<String>);
    // The last clear's jobs, for its undo (until another job starts), and what it said.
    let cleared = RwSignal::new(None::<ClearedJobs>);
    let cleared_note = RwSignal::new(None::<String>);
    // The job rules' findings, by pointer into the job record (`/branches/0/branch`, …).
    let problems = RwSignal::new(Vec::<Diagnostic>::new());
    // What the editor's capacity lints say of the chosen build under the chosen semantics on
    // the cluster model jobs run on: a job that would wait until its timeout is told so before
    // it starts, not only after (the draft's build has its template's settings applied); so is
    // a Nuon job whose runner would run nothing of it.
    let clusters = crate::state::cluster_model();
    let capacity = Memo::new(move |_| {
        let semantics = semantics.get();
        build.with(|b| b.as_ref().map(|b| clusters.with(|cs| lab.runners.with(|rs| start_lints(b, semantics, cs, rs)))).unwrap_or_default())
    });
    Effect::new(move |_| {
        let id = chosen.get();
        if id.is_empty() {
            draft.clear();
            return;
        }
        // Back on the page: the form is as it was left, unless its build has been deleted since
        // or the template it is made from has been stored since (the refusal said to store it).
        if draft.holds(&id) {
            if !ws.catalog.with_untracked(|c| c.entries().iter().any(|e| e.id == id)) {
                chosen.set(String::new());
            } else if let Some(held) = build.get_untracked().filter(Build::is_from_template)
                && let Some(template) = ws.template_of(&held)
            {
                problems.set(Vec::new());
                draft.apply_template(template.applied_to(&held));
            }
            return;
        }
        spawn_local(async move {
            match ws.load(&id).await {
                Ok(Some(record)) => {
                    problems.set(Vec::new());
                    // A build made from a template runs with the template's settings and variables.
                    let build = ws.template_of(&record.build).map_or_else(|| record.build.clone(), |t| t.applied_to(&record.build));
                    draft.fill(id, record.target, build);
                }
                // A build chosen before a reload and deleted since (in another tab) is no choice.
                Ok(None) => chosen.set(String::new()),
                Err(_) => {}
            }
        });
    });
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen_build = build.get_untracked();
        let picked = services.get_untracked();
        let job = job_from_form(chosen_build.as_ref(), semantics.get_untracked(), &picked, &branches.get_untracked(), inputs.get_untracked(), &git_ref.get_untracked());
        let started = job.and_then(|job| chosen_build.as_ref().map_or_else(|| Err(Vec::new()), |b| lab.start_job(&job, b)));
        match started {
            Ok(id) => {
                problems.set(Vec::new());
                cleared.set(None);
                cleared_note.set(None);
                // A job its backend refuses at once (a Rainbond 409) says so here.
                let said = untrack(|| lab.job(&id)).map_or_else(|| format!("Started {id}."), |j| j.start_line());
                message.set(Some(said));
            }
            Err(found) => {
                // The summary says what stopped it; with nothing to list, the status line does.
                let listed = found.iter().any(Diagnostic::is_error);
                problems.set(found);
                message.set((!listed).then(|| "The job was not started.".to_string()));
                if listed {
                    focus_summary();
                }
            }
        }
    };
    let live = LiveRows::follow(lab);
    // The search and the order are in the URL, so a view of the list ("running", the longest
    // wait first) can be kept and shared.
    live.query.set(query_param("q"));
    live.order.set(ListedOrder::from_key(&query_param("order")));
    keep_in_url(move || vec![("q", live.query.get()), ("order", live.order.get().key().to_string())]);
    let clear_jobs = move |_| {
        let gone = lab.clear();
        message.set(None);
        cleared_note.set(Some(format!("Cleared {}; the simulated clock is back at 0:00:00.", counted(gone.len() as u64, "job", "jobs"))));
        cleared.set(Some(gone));
    };
    let undo_clear = move |_| {
        if let Some(gone) = cleared.try_update(Option::take).flatten() {
            let jobs = counted(gone.len() as u64, "job", "jobs");
            lab.put_back(gone);
            cleared_note.set(Some(format!("Put back {jobs} where they stood.")));
        }
    };
    view! {
        <SectionIntro title="Jobs">
            <p>
                "Build jobs run a build in the simulated scheduler under one backend's semantics "
                "(Zadig, Rainbond, Nuon or ServiceStage), with what that backend's run request takes: "
                "Zadig's services and a branch per repository, Rainbond's and ServiceStage's branch, "
                "Nuon's git ref. The list follows the simulated clock live. Jobs run on the "
                <a href="/simulator">"Simulator's cluster model"</a>", its nodes, strategies, Zadig's queue and Nuon's runners."
            </p>
        </SectionIntro>
        <ClockBar />
        <form class="start-job" on:submit=start aria-labelledby="start-job-title">
            <h2 id="start-job-title">"Start a job"</h2>
            <StartRefusal problems=problems />
            <div class="toolbar">
                <div class="toolbar-field grow">
                    <label for="job-build">"Build"</label>
                    <StoredBuildSelect id="job-build" chosen=chosen described_by="job-build-hint job-build-message job-build-capacity"
                        invalid=Signal::derive(move || problem_at(problems, "/build").is_some()) />
                    <span class="field-message" id="job-build-hint">
                        <Show when=move || ws.holds_no_builds()>
                            "No builds yet: " <A href="/builds">"create or import one on the Builds page"</A> " to run it here."
                        </Show>
                    </span>
                    <span class="field-message error" id="job-build-message">{move || problem_at(problems, "/build")}</span>
                    <ul class="field-messages" id="job-build-capacity">
                        {move || capacity.get().into_iter().map(|d| view! { <li class="message warning"><span class="message-kind">"Warning: "</span>{d.message}</li> }).collect_view()}
                    </ul>
                </div>
                <div class="toolbar-field">
                    <label for="job-semantics">"Semantics"</label>
                    <select id="job-semantics" on:change=move |ev| semantics.set(Target::parse(&event_target_value(&ev)).unwrap_or(Target::Zadig))>
                        {Target::ALL.into_iter().map(|t| view! { <option value=t.as_str() selected=move || semantics.get() == t>{t.label()}</option> }).collect_view()}
                    </select>
                </div>
                // A field per repository the job checks out that its semantics' request takes
                // (Zadig's each, a template build's per service; the others' first), none for a
                // build without one; Nuon's one git ref instead.
                {move || build.with(|b| b.as_ref().map(|b| {
                    let semantics = semantics.get();
                    let shown = branches.with_untracked(|typed| branch_fields(b, semantics, typed));
                    let branch_fields = shown.into_iter().map(|f| view! {
                        <ServiceSlot services=services service=f.hidden_with>
                            <BranchField branches=branches problems=problems index=f.index label=f.label />
                        </ServiceSlot>
                    }).collect_view();
                    let nuon = semantics == Target::Nuon;
                    let latest = !takes_git_ref(b, semantics);
                    view! { {branch_fields} <Show when=move || nuon><GitRefField git_ref=git_ref problems=problems latest=latest /></Show> }
                }))}
            </div>
            // Only Zadig's run request names services; the other backends build the build once.
            <Show when=move || takes_services(semantics.get()) && build.with(|b| b.as_ref().is_some_and(|b| !b.services.is_empty()))>
                <fieldset class="job-services" aria-describedby="job-services-message">
                    <legend>"Services"</legend>
                    {move || build.get().map(|b| b.services.iter().map(|s| {
                        let name = s.name.clone();
                        let id = format!("job-svc-{name}");
                        let n2 = name.clone();
                        let for_id = id.clone();
                        view! {
                            <label for=for_id>
                                <input type="checkbox" id=id prop:checked=move || services.with(|v| v.contains(&n2))
                                    aria-invalid=move || problem_at(problems, "/services").is_some().to_string()
                                    on:change=move |ev| { let on = event_target_checked(&ev); let n = name.clone(); services.update(|v| { v.retain(|x| *x != n); if on { v.push(n); } }); } />
                                {if s.name.is_empty() { "(a service not named yet)".to_string() } else { s.name.clone() }}
                            </label>
                        }
                    }).collect_view())}
                    <span class="field-message error" id="job-services-message">{move || problem_at(problems, "/services")}</span>
                </fieldset>
            </Show>
            <Show when=move || inputs.with(|v| !v.is_empty())>
                <fieldset class="job-inputs">
                    <legend>"Variables"</legend>
                    <div class="toolbar">
                        {move || build.with(|b| b.iter().flat_map(|b| b.variables.iter().enumerate()).map(|(i, v)| {
                            let semantics = semantics.get();
                            let each: Vec<(usize, String)> = inputs.with_untracked(|vs| per_service_inputs(vs, &v.key, semantics).map(|(n, s)| (n, s.to_string())).collect());
                            if each.is_empty() {
                                view! { <JobInputField inputs=inputs problems=problems index=i variable=v.clone() label=variable_label(v) /> }.into_any()
                            } else {
                                view! { <PerServiceInputs inputs=inputs problems=problems services=services index=i variable=v.clone() each=each /> }.into_any()
                            }
                        }).collect_view())}
                    </div>
                </fieldset>
            </Show>
            <button type="submit" class="primary">"Start job"</button>
            <p role="status" class="muted" id="job-start-message">{move || message.get()}</p>
        </form>
        <div class="list-item-head jobs-head">
            <h2 id="jobs-title">"Jobs"</h2>
            <div class="toolbar-actions">
                <CancelFound live=live said=cleared_note />
                <Show when=move || !live.is_empty()>
                    <button type="button" id="clear-jobs" data-focus-next="undo-clear" on:click=clear_jobs title="Forgets every job started here and sets the simulated clock back to 0:00:00">"Clear jobs"</button>
                </Show>
            </div>
        </div>
        <div role="status">
            {move || cleared_note.get().map(|note| view! {
                <p class="muted" id="jobs-cleared">
                    {note}
                    <Show when=move || cleared.with(Option::is_some)>
                        " " <button type="button" id="undo-clear" data-focus-next="clear-jobs" on:click=undo_clear>"Undo clearing"</button>
                    </Show>
                </p>
            })}
        </div>
        <Show when=move || !live.is_empty() fallback=move || if lab.restored() {
            view! {
                <EmptyState id="jobs-empty" title="No jobs have run yet" subsection=true>
                    <p>"Start one above; it appears here and follows the simulated clock."</p>
                </EmptyState>
            }.into_any()
        } else {
            view! { <p id="jobs-loading" class="muted" role="status">"Loading the jobs kept in this browser…"</p> }.into_any()
        }>
            <div class="toolbar">
                <SearchField id="job-search" label="Find jobs" placeholder="Id, build, backend or status, e.g. running" count_id="jobs-count" shortcut="/"
                    query=live.query on_change=Callback::new(move |()| live.limit.set(PAGE)) />
                <div class="toolbar-field">
                    <label for="job-order">"Order"</label>
                    <select id="job-order" on:change=move |ev| { live.order.set(ListedOrder::from_key(&event_target_value(&ev))); live.limit.set(PAGE); }>
                        {ListedOrder::ALL.iter().map(|(o, key, label)| view! { <option value=*key selected=move || live.order.get() == *o>{*label}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            // Not a live region: as jobs change status the count changes with the clock.
            <p id="jobs-count" class="muted">{move || listed_count(live.len(), live.found(), live.limit.get(), ("job", "jobs"))}</p>
            <StatusTally tally=live.tally.into() query=live.query on_change=Callback::new(move |()| live.limit.set(PAGE)) search_id="job-search" label="Jobs by status" />
            // On a narrow screen the table scrolls in its own box rather than the page sideways.
            <TableScroll labelledby="jobs-title">
            <table class="jobs-table" aria-labelledby="jobs-title">
                <thead><tr><th scope="col">"Job"</th><th scope="col">"Build"</th><th scope="col">"Semantics"</th><th scope="col">"Status"</th><th scope="col">"Submitted"</th><th scope="col">"Waited"</th><th scope="col">"Ran for"</th></tr></thead>
                <tbody>
                    // Keyed by position and id only: a row stays the same element while its
                    // status and wait change, so a link keeps focus (and a click its target)
                    // as the clock runs; only the cells of the rows that change are updated.
                    <For each=move || live.keys() key=|k| k.clone() children=move |(i, id)| {
                        let row = live.row(i);
                        let read = move |f: fn(&JobLine) -> String| row.and_then(|r| r.try_with(f)).unwrap_or_default();
                        view! {
                            <tr>
                                <td><A href=format!("/jobs/{id}")>{id.clone()}</A></td>
                                <td>{untrack(|| read(|r| r.build.clone()))}</td>
                                <td>{untrack(|| read(|r| r.semantics.label().to_string()))}</td>
                                <td><span class=move || read(|r| badge_class(r.tone())) data-final=move || read(|r| r.finished.to_string())>{move || read(|r| r.status.clone())}</span></td>
                                <td>{untrack(|| read(|r| clock(r.submitted)))}</td>
                                <td>{move || read(|r| clock(r.wait))}</td>
                                <td>{move || read(|r| r.ran.map_or_else(|| "—".to_string(), clock))}</td>
                            </tr>
                        }
                    } />
                </tbody>
            </table>
            </TableScroll>
            <ShowMore limit=live.limit more=Signal::derive(move || live.more()) rows=".jobs-table tbody tr" />
        </Show>
    }
}

/// `/jobs/:id`: one job's status timeline, steps and logs, with cancel and retry.
#[component]
pub fn JobPage() -> impl IntoView {
    let id = route_param("id");
    let lab = expect_context::<Lab>();
    let job = Memo::new(move |_| lab.job(&id.get()));
    let finished = move || job.with(|j| j.as_ref().is_some_and(|j| j.finished.is_some()));
    // Why its backend cannot cancel it while it runs (a Rainbond build runs on), said beside
    // the button.
    let no_cancel = move || job.with(|j| j.as_ref().filter(|j| j.finished.is_none()).and_then(|j| j.semantics.no_cancel()));
    let navigate = leptos_router::hooks::use_navigate();
    let retry = Callback::new({
        let navigate = navigate.clone();
        move |_: ()| {
            if let Some(new) = lab.retry(&id.get_untracked()) {
                navigate(&format!("/jobs/{new}"), Default::default());
            }
        }
    });
    // A job started here (a retry, just opened) that another tab's job of the same id made
    // take a new one: the page follows it rather than show the other tab's job. Only renames
    // made while the page is open count: one opened later at the old id means that id's job.
    Effect::new(move |seen: Option<usize>| {
        let renames = lab.renamed.get();
        let current = id.get_untracked();
        let made_since = renames.get(seen.unwrap_or(renames.len())..).unwrap_or_default();
        if let Some((_, new)) = made_since.iter().rev().find(|(old, _)| *old == current) {
            navigate(&format!("/jobs/{new}"), NavigateOptions { replace: true, ..Default::default() });
        }
        renames.len()
    });
    // The log's search and step, in the URL: a link can point at what a step wrote.
    let log_view = LogView::new(query_param("q"), query_param("step"));
    keep_in_url(move || vec![("q", log_view.search.get()), ("step", log_view.step.get())]);
    view! {
        <SectionIntro title=Signal::derive(move || format!("Job {}", id.get()))>
            <p>"The job's statuses in its backend's words, its steps and its log, as the simulated clock runs."</p>
        </SectionIntro>
        <ClockBar />
        <Show when=move || job.with(Option::is_some) fallback=move || view! {
            <p class="muted">"No job " <code>{move || id.get()}</code> " exists in this browser."</p>
            <p><a href="/jobs">"Back to jobs"</a></p>
        }>
            <JobStatusLine job=job />
            <div class="toolbar-actions">
                <button type="button" id="job-cancel" data-focus-next="job-retry" disabled=move || finished() || no_cancel().is_some()
                    aria-describedby=move || no_cancel().map(|_| "job-cancel-note") title="Cancels the job where it stands, as its backend cancels one, while it waits or runs"
                    on:click=move |_| lab.cancel(&id.get_untracked())>"Cancel"</button>
                <button type="button" id="job-retry" data-focus-next="job-cancel" disabled=move || !finished() title="Runs the job again with the same choices, once this run has ended" on:click=move |_| retry.run(())>"Retry"</button>
            </div>
            {move || no_cancel().map(|why| view! { <p class="muted" id="job-cancel-note">{why}</p> })}
            <JobReport job=job log_view=log_view />
        </Show>
    }
}
