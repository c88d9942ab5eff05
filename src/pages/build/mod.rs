//! `/builds/:name`: the build editor.
//!
//! The URL names the build and the open section (`?section=variables`, `?view=json`). Edits
//! autosave as a draft of this tab; Save validates and stores a new revision, refusing to
//! overwrite a newer one saved by another tab.

mod editor;
mod json_view;
mod sections;
mod summary;

pub use editor::EditorState;
pub use sections::Section;

use buildbay_core::Target;
use buildbay_core::convert;
use buildbay_core::workspace::{BuildRecord, Draft, export_file_name};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::components::dialog::Dialog;
use crate::components::download::download;
use crate::pages::builds::table::{format_recent, format_time};
use crate::pages::route_param;
use crate::components::include_secrets::IncludeSecrets;
use crate::state::{Toast, Workspace, WorkspaceStatus};
use crate::storage::unload_draft;
use editor::{DraftState, SaveState};
use json_view::JsonView;
use sections::SectionView;
use summary::ErrorSummary;

/// What loading the build found.
#[derive(Clone)]
#[allow(clippy::large_enum_variant, reason = "one value per open build page, in one signal: its size is never multiplied")]
enum Loaded {
    Loading,
    Missing,
    Failed(String),
    Ready { record: BuildRecord, mine: Option<Draft>, others: Vec<Draft> },
}

/// `/builds/:name`.
#[component]
pub fn BuildPage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let name = route_param("name");
    let current_id = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(Loaded::Loading);
    // Bind to a build by id; a rename keeps the binding, opening another name switches it.
    Effect::new(move |_| {
        if ws.status.get() == WorkspaceStatus::Loading {
            return;
        }
        let found = ws.catalog.with(|c| c.named(&name.get()).map(|s| s.id.clone()));
        match (found, current_id.get_untracked()) {
            (Some(id), current) if current.as_ref() != Some(&id) => current_id.set(Some(id)),
            (None, None) => loaded.set(Loaded::Missing),
            _ => {}
        }
    });
    Effect::new(move |_| {
        let Some(id) = current_id.get() else { return };
        loaded.set(Loaded::Loading);
        spawn_local(async move {
            let record = ws.load(&id).await;
            let drafts = match ws.drafts_storage() {
                Some(s) => s.drafts(&id).await.unwrap_or_default(),
                None => Vec::new(),
            };
            loaded.set(match record {
                Ok(Some(record)) => {
                    let tab = ws.tab();
                    let (mine, others): (Vec<Draft>, Vec<Draft>) = drafts.into_iter().partition(|d| d.tab == tab);
                    let mine = newer_draft(mine.into_iter().next(), unload_draft::take(&id), ws);
                    Loaded::Ready { record, mine, others }
                }
                Ok(None) => Loaded::Missing,
                Err(e) => Loaded::Failed(e.to_string()),
            });
        });
    });
    move || match loaded.get() {
        Loaded::Loading => view! { <p class="muted" role="status">"Loading the build…"</p> }.into_any(),
        Loaded::Missing => view! {
            <crate::pages::SectionIntro title=Signal::derive(move || format!("Build {}", name.get()))>
                <p>"No build with this name is stored in this browser."</p>
            </crate::pages::SectionIntro>
            <p><a href="/builds">"Back to builds"</a></p>
        }
        .into_any(),
        Loaded::Failed(why) => view! {
            <h1>"The build could not be opened"</h1>
            <p role="alert">{why}</p>
            <p><a href="/builds">"Back to builds"</a></p>
        }
        .into_any(),
        Loaded::Ready { record, mine, others } => view! { <Editor record=record mine=mine others=others /> }.into_any(),
    }
}

fn is_typing_target(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// This tab's draft: the one IndexedDB holds or the copy session storage kept as the page last
/// unloaded, whichever is newer; a kept copy IndexedDB lacks is stored there too, so other tabs
/// see it as they see any draft.
fn newer_draft(stored: Option<Draft>, kept: Option<Draft>, ws: Workspace) -> Option<Draft> {
    match (stored, kept) {
        (stored, Some(kept)) if kept.supersedes(stored.as_ref()) => {
            if let Some(storage) = ws.drafts_storage() {
                let draft = kept.clone();
                spawn_local(async move {
                    let _ = storage.put_draft(&draft).await;
                });
            }
            Some(kept)
        }
        (stored, _) => stored,
    }
}

/// The editor of one loaded build.
#[component]
fn Editor(record: BuildRecord, mine: Option<Draft>, others: Vec<Draft>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let restored_at = mine.as_ref().map(|d| d.updated_at);
    let existing = record.revision > 1 || !record.build.name.starts_with("new-build");
    let state = EditorState::new(ws, record, mine, existing);
    provide_context(state);
    provide_context(state.form);
    let query = use_query_map();
    let navigate = use_navigate();
    let section = RwSignal::new(query.with_untracked(|q| q.get("section").and_then(|s| Section::parse(&s)).unwrap_or(Section::Basics)));
    let json = RwSignal::new(query.with_untracked(|q| q.get("view").as_deref() == Some("json")));
    // Follow the URL (back/forward), and keep it naming the section and view.
    Effect::new(move |_| {
        let q = query.get();
        // Setting a signal to the value it has still re-renders; only follow real changes.
        if let Some(s) = q.get("section").and_then(|s| Section::parse(&s))
            && section.get_untracked() != s
        {
            section.set(s);
        }
        let j = q.get("view").as_deref() == Some("json");
        if json.get_untracked() != j {
            json.set(j);
        }
    });
    let url_for = move |name: &str, s: Section, j: bool| {
        format!(
            "/builds/{}?section={}{}",
            js_sys::encode_uri_component(name),
            s.as_str(),
            if j { "&view=json" } else { "" }
        )
    };
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            let s = section.get();
            let j = json.get();
            let name = state.saved.with_untracked(|r| r.build.name.clone());
            let wanted = url_for(&name, s, j);
            let here = web_sys::window().and_then(|w| w.location().pathname().ok().zip(w.location().search().ok()));
            if here.map(|(p, q)| format!("{p}{q}")) != Some(wanted.clone()) {
                navigate(&wanted, NavigateOptions { replace: true, scroll: false, ..Default::default() });
            }
        });
    }
    let other_drafts = RwSignal::new(others);
    let restored = RwSignal::new(restored_at);
    let outside = Memo::new(move |_| {
        let id = state.saved.with(|r| r.id.clone());
        ws.outside_save.get().filter(|(other, rev)| *other == id && *rev > state.saved.with(|r| r.revision))
    });
    let do_save = {
        let navigate = navigate.clone();
        move |overwrite: Option<u64>| {
            let navigate = navigate.clone();
            spawn_local(async move {
                // Not when the admin has left the editor while the save was being stored.
                if let (Some(new_name), Some(s), Some(j)) = (state.save(overwrite).await, section.try_get_untracked(), json.try_get_untracked()) {
                    navigate(&url_for(&new_name, s, j), NavigateOptions { replace: true, scroll: false, ..Default::default() });
                }
            });
        }
    };
    // Keyboard: save, undo and redo over the whole build.
    let save_key = do_save.clone();
    let keys = window_event_listener(ev::keydown, move |e| {
        let command = e.ctrl_key() || e.meta_key();
        if !command {
            return;
        }
        match e.key().to_lowercase().as_str() {
            "s" => {
                e.prevent_default();
                save_key(None);
            }
            "z" if e.shift_key() => {
                e.prevent_default();
                state.redo();
            }
            "z" => {
                e.prevent_default();
                state.undo();
            }
            "y" => {
                e.prevent_default();
                state.redo();
            }
            _ => {}
        }
    });
    let _ = is_typing_target;
    // Guards: closing the tab, and following a link away, with unsaved changes.
    let unload = window_event_listener(ev::beforeunload, move |e| {
        // Typing still inside the autosave's quiet period is stored now, not lost with the page.
        state.store_draft_on_unload();
        if state.dirty.get_untracked() {
            e.prevent_default();
            e.set_return_value("");
        }
    });
    let guard = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
        if !state.dirty.get_untracked() || e.default_prevented() || e.button() != 0 || e.ctrl_key() || e.meta_key() || e.shift_key() {
            return;
        }
        let anchor = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest("a[href]").ok().flatten());
        let Some(anchor) = anchor.and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok()) else { return };
        let here = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        let same_origin = web_sys::window().and_then(|w| w.location().origin().ok()) == Some(anchor.origin());
        if !same_origin || anchor.pathname() == here {
            return;
        }
        let leave = web_sys::window()
            .and_then(|w| w.confirm_with_message("This build has unsaved changes. They stay as a draft you can restore, but they are not saved. Leave anyway?").ok())
            .unwrap_or(true);
        if !leave {
            e.prevent_default();
            e.stop_immediate_propagation();
        }
    });
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(d) = &document {
        let _ = d.add_event_listener_with_callback_and_bool("click", guard.as_ref().unchecked_ref(), true);
    }
    let guard = StoredValue::new_local(Some(guard));
    on_cleanup(move || {
        state.store_draft_on_leave();
        keys.remove();
        unload.remove();
        if let (Some(d), Some(g)) = (web_sys::window().and_then(|w| w.document()), guard.try_update_value(|g| g.take()).flatten()) {
            let _ = d.remove_event_listener_with_callback_and_bool("click", g.as_ref().unchecked_ref(), true);
        }
    });

    let export_open = RwSignal::new(false);
    let include_secrets = RwSignal::new(false);
    // The opt-in to export secrets never carries over from one export to the next.
    Effect::new(move |_| {
        if export_open.get() {
            include_secrets.set(false);
        }
    });
    let export = move |_| {
        let build = state.build.get_untracked();
        let target = state.target.get_untracked();
        let build = if include_secrets.get_untracked() { build } else { build.masked() };
        let body = convert::to_request(&build, target).value;
        let text = serde_json::to_string_pretty(&body).unwrap_or_default();
        match download(&export_file_name(&build.name, target), &text, "application/json") {
            Ok(()) => {
                export_open.set(false);
                ws.toast.set(Some(Toast::note(format!("Exported {} as a {} request body.", build.name, target.label()))));
            }
            Err(e) => ws.problem.set(Some(format!("The download could not start: {e}"))),
        }
    };
    let conflict_open = Memo::new(move |_| matches!(state.save_state.get(), SaveState::Conflict(_)));
    let conflict_record = move || match state.save_state.get() {
        SaveState::Conflict(r) => Some(*r),
        _ => None,
    };
    let save_button = do_save.clone();
    let counts = move || {
        let (e, w) = state.findings.with(|f| {
            let e = f.iter().filter(|d| d.is_error()).count();
            (e, f.len() - e)
        });
        match (e, w) {
            (0, 0) => "No problems".to_string(),
            _ => format!("{e} error{}, {w} warning{}", if e == 1 { "" } else { "s" }, if w == 1 { "" } else { "s" }),
        }
    };
    let save_note = move || match state.save_state.get() {
        SaveState::Idle => None,
        SaveState::Saving => Some("Saving…".to_string()),
        SaveState::Saved(t) => Some(format!("Saved at {}", format_recent(t))),
        SaveState::Blocked => match state.error_count() {
            0 => None,
            n => Some(format!("Not saved: {n} error{} to fix", if n == 1 { "" } else { "s" })),
        },
        SaveState::Conflict(_) => Some("Not saved: changed in another tab".to_string()),
        SaveState::Failed(why) => Some(format!("Not saved: {why}")),
    };
    let draft_note = move || match state.draft_state.get() {
        DraftState::Clean => None,
        DraftState::Pending => Some("Unsaved changes".to_string()),
        DraftState::Stored(t) => Some(format!("Unsaved changes, draft kept at {}", format_recent(t))),
        DraftState::Failed(why) => Some(format!("Draft not stored: {why}")),
    };
    let sections_nav = move || {
        let target = state.target.get();
        let template = state.build.with(|b| b.is_from_template());
        let counts = state.findings.with(|fs| {
            let mut per = std::collections::HashMap::new();
            for d in fs.iter().filter(|d| d.is_error()) {
                *per.entry(Section::of_path(&convert::model_path(target, &d.path))).or_insert(0usize) += 1;
            }
            per
        });
        Section::ALL
            .into_iter()
            .map(|s| {
                let n = counts.get(&s).copied().unwrap_or(0);
                let dim = !s.carried(target, template);
                view! {
                    <li>
                        <a
                            href=format!("?section={}", s.as_str())
                            class:dim=dim
                            aria-current=move || (section.get() == s && !json.get()).then_some("page")
                            on:click=move |ev| {
                                ev.prevent_default();
                                json.set(false);
                                section.set(s);
                            }
                        >
                            {s.label()}
                            {(n > 0).then(|| view! { <span class="badge error">{n}<span class="visually-hidden">{format!(" error{}", if n == 1 { "" } else { "s" })}</span></span> })}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    let title = move || {
        let n = state.build.with(|b| b.name.clone());
        crate::shell::set_page_title(&format!("Build {n}"));
        if n.is_empty() { "Build (no name yet)".to_string() } else { format!("Build {n}") }
    };
    view! {
        <div class="editor">
            <header class="editor-head">
                <h1>{title}</h1>
                <div class="editor-status" role="status" aria-live="polite">
                    <button type="button" class="link counts" on:click=move |_| { state.reveal_all.set(true); state.summary_open.set(true); state.summary_focus.update(|n| *n += 1); }>{counts}</button>
                    {move || save_note().map(|n| view! { <span>{n}</span> })}
                    {move || draft_note().map(|n| view! { <span class="muted draft-note">{n}</span> })}
                </div>
                <div class="editor-actions">
                    <button type="button" class="primary" id="editor-save" on:click=move |_| save_button(None) aria-keyshortcuts="Control+S Meta+S">"Save"</button>
                    <button type="button" id="editor-undo" data-focus-next="editor-redo editor-save" on:click=move |_| state.undo() disabled=move || !state.can_undo() aria-keyshortcuts="Control+Z Meta+Z">"Undo"</button>
                    <button type="button" id="editor-redo" data-focus-next="editor-undo editor-save" on:click=move |_| state.redo() disabled=move || !state.can_redo() aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z">"Redo"</button>
                    <button
                        type="button"
                        id="editor-discard"
                        data-focus-next="editor-undo editor-save"
                        disabled=move || !state.dirty.get()
                        title="Puts the build back as last saved; Undo brings your changes back"
                        on:click=move |_| {
                            state.discard_changes();
                            ws.toast.set(Some(Toast::note("Discarded your unsaved changes; Undo brings them back.".into())));
                        }
                    >"Discard changes"</button>
                    <button type="button" on:click=move |_| export_open.set(true)>"Export…"</button>
                    <button type="button" aria-pressed=move || json.get().to_string() on:click=move |_| json.update(|j| *j = !*j)>
                        {move || if json.get() { "Show form" } else { "Show JSON" }}
                    </button>
                </div>
                <fieldset class="target-picker">
                    <legend>"Backend"</legend>
                    {Target::ALL
                        .into_iter()
                        .map(|t| {
                            let id = format!("target-{}", t.as_str());
                            view! {
                                <span class="segment">
                                    <input type="radio" name="target" id=id.clone() prop:checked=move || state.target.get() == t on:change=move |_| state.set_target(t) />
                                    <label for=id>{t.label()}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </header>
            {move || restored.get().map(|t| view! {
                <div class="banner info" role="status">
                    {format!("Restored your unsaved changes from {}.", format_time(t))}
                    " "<button type="button" class="link" data-focus-next="main" on:click=move |_| restored.set(None)>"Keep them"</button>
                    " "<button type="button" class="link" data-focus-next="editor-undo main" on:click=move |_| { state.discard_changes(); restored.set(None); }>"Discard them"</button>
                </div>
            })}
            {move || {
                other_drafts.get().into_iter().map(|d| {
                    let when = format_time(d.updated_at);
                    let draft = d.clone();
                    let discard = d.clone();
                    view! {
                        <div class="banner warning" role="status">
                            {format!("Unsaved changes to this build from another tab or session ({when}).")}
                            " "
                            <button type="button" data-focus-next="main" on:click=move |_| {
                                let mut b = draft.build.clone();
                                b.restore_masked(&state.build.get_untracked());
                                state.replace(b, "");
                                state.target.set(draft.target);
                                state.base_revision.set(draft.base_revision);
                                let tab = draft.tab.clone();
                                other_drafts.update(|o| o.retain(|x| x.tab != tab));
                            }>"Restore them"</button>
                            " "
                            <button type="button" data-focus-next="main" on:click=move |_| {
                                let d = discard.clone();
                                if let Some(s) = ws.drafts_storage() {
                                    spawn_local(async move { let _ = s.delete_draft(&d.build_id, &d.tab).await; });
                                }
                                other_drafts.update(|o| o.retain(|x| x.tab != discard.tab));
                            }>"Discard them"</button>
                        </div>
                    }
                }).collect_view()
            }}
            {move || outside.get().map(|(id, revision)| view! {
                <div class="banner warning" role="status">
                    {format!("This build was saved in another tab (revision {revision}). Your changes here are not saved over it.")}
                    " "
                    <button type="button" data-focus-next="main" on:click=move |_| {
                        let id = id.clone();
                        spawn_local(async move {
                            if let Ok(Some(stored)) = ws.load(&id).await {
                                state.take(stored);
                            }
                        });
                    }>"Load that version"</button>
                </div>
            })}
            <ErrorSummary section=section />
            <Show when=move || !state.losses.with(Vec::is_empty)>
                <details class="losses">
                    <summary>{move || format!("{} cannot carry {} part(s) of this build", state.target.get().label(), state.losses.with(Vec::len))}</summary>
                    <ul>
                        {move || state.losses.get().into_iter().map(|l| view! { <li><code>{l.field}</code>" — "{l.message}</li> }).collect_view()}
                    </ul>
                </details>
            </Show>
            <div class="editor-body">
                <nav class="section-nav" aria-label="Build sections">
                    <ul>{sections_nav}</ul>
                </nav>
                <section class="editor-section" aria-labelledby="section-title">
                    <h2 id="section-title" tabindex="-1">{move || if json.get() { "JSON".to_string() } else { section.get().label().to_string() }}</h2>
                    {move || if json.get() {
                        view! { <JsonView /> }.into_any()
                    } else {
                        let s = section.get();
                        view! { <SectionView section=s /> }.into_any()
                    }}
                </section>
            </div>
            <Dialog open=export_open title="Export this build" id="export-dialog">
                <p>{move || format!("Downloads the {} request body as {}.", state.target.get().label(), export_file_name(&state.build.with(|b| b.name.clone()), state.target.get()))}</p>
                <IncludeSecrets include=include_secrets id="export-secrets" />
                <div class="dialog-actions">
                    <button type="button" class="primary" on:click=export>"Download"</button>
                    <button type="button" on:click=move |_| export_open.set(false)>"Cancel"</button>
                </div>
            </Dialog>
            <ConflictDialog open=conflict_open record=Signal::derive(conflict_record) save=do_save.clone() />
        </div>
    }
}

/// What to do when another tab saved first.
#[component]
fn ConflictDialog<F>(open: Memo<bool>, record: Signal<Option<BuildRecord>>, save: F) -> impl IntoView
where
    F: Fn(Option<u64>) + Clone + Send + Sync + 'static,
{
    let state = expect_context::<EditorState>();
    let ws = expect_context::<Workspace>();
    let shown = RwSignal::new(false);
    Effect::new(move |_| shown.set(open.get()));
    Effect::new(move |_| {
        if !shown.get() && open.get_untracked() {
            state.save_state.set(SaveState::Idle);
        }
    });
    let save = StoredValue::new(save);
    let overwrite = move |_| {
        if let Some(r) = record.get_untracked() {
            save.with_value(|s| s(Some(r.revision)));
        }
    };
    let take = move |_| {
        if let Some(r) = record.get_untracked() {
            state.take(r);
        }
    };
    let copy = move |_| {
        let mut build = state.build.get_untracked();
        build.name = buildbay_core::workspace::copy_name(&build.name, |n| ws.name_taken(n));
        let target = state.target.get_untracked();
        spawn_local(async move {
            let name = build.name.clone();
            if ws.import(vec![build], target).await.is_ok() {
                ws.toast.set(Some(Toast::note(format!("Saved your version as \"{name}\"."))));
                // The editor may have been left while the copy was stored: nothing to take into then.
                if let Some(r) = record.try_get_untracked().flatten() {
                    state.take(r);
                }
            }
        });
    };
    view! {
        <Dialog open=shown title="Saved in another tab" id="conflict-dialog">
            <p>{move || record.get().map(|r| format!("Another tab saved this build (revision {}, {}) after you started editing. Choose what to keep:", r.revision, format_time(r.updated_at)))}</p>
            <div class="dialog-actions column">
                <button type="button" class="primary" on:click=overwrite>"Save mine over theirs"</button>
                <button type="button" on:click=copy>"Save mine as a copy, and load theirs"</button>
                <button type="button" class="danger" on:click=take>"Load theirs and drop mine"</button>
                <button type="button" on:click=move |_| shown.set(false)>"Decide later"</button>
            </div>
        </Dialog>
    }
}
