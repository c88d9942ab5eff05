//! The Go to palette (Ctrl+K or ⌘K): any section, build, template or job by a few letters of
//! its name, picked with the arrow keys and opened as its link opens, and the commands an
//! admin reaches for from anywhere (New build, New template, Start a job, Import builds,
//! Import templates, Run the simulation, Pause or Resume the simulated clock, and, while jobs
//! are under way, Cancel the jobs under way). A modifier
//! shortcut, so it works while typing and the single-key switch in Settings leaves it on.

use buildbay_core::Target;
use buildbay_core::simulate::outcome::find_jobs;
use buildbay_core::simulate::text::{clock, counted};
use buildbay_core::workspace::{Destination, DestinationKind, best_destinations};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::dialog::Dialog;
use crate::pages::encoded;
use crate::shell::header::SECTIONS;
use crate::state::{Lab, Toast, Workspace};

/// How many places the palette lists at once: enough to choose among, few enough to read.
const SHOWN: usize = 12;

/// What the palette does besides opening a place: each a button elsewhere, here from any page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    NewBuild,
    NewTemplate,
    /// Lands on the field with this id, for the admin to go on from there.
    Focus(&'static str),
    /// Presses the button with this id, as a click on it would: what it does stays its own.
    Press(&'static str),
    /// Pauses the jobs' simulated clock, or sets it going again, where the admin is: it is the
    /// console's one clock, so there is no page to go to first.
    ToggleClock,
    /// Opens the Jobs page's "Cancel N under way" dialog, which asks before it cancels; offered
    /// only while a job is under way, and said so if they have all ended by the time it lands.
    CancelUnderWay,
}

/// The cancel command's name.
const CANCEL_UNDER_WAY: &str = "Cancel the jobs under way";

/// The clock command's name as things stand: what it would do now.
fn clock_command(paused: bool) -> &'static str {
    if paused { "Resume the simulated clock" } else { "Pause the simulated clock" }
}

/// The commands by name, with what each does and the section it lands in.
const COMMANDS: [(&str, &str, &str, Command); 6] = [
    ("New build", "a Zadig build, opened in the editor", "/builds", Command::NewBuild),
    ("New template", "a build template, opened in its editor", "/templates", Command::NewTemplate),
    ("Start a job", "the Jobs page, at its Build field", "/jobs", Command::Focus("job-build")),
    ("Import builds", "from a file, a drop or a paste, on the Builds page", "/builds", Command::Press("import-builds")),
    ("Import templates", "from a file, a drop or a paste, on the Templates page", "/templates", Command::Press("import-templates")),
    ("Run the simulation", "the Simulator's scenario as it stands", "/simulator", Command::Press("run-simulation")),
];

impl Command {
    /// The command a palette entry of kind Command stands for.
    fn named(name: &str) -> Option<Command> {
        if name == clock_command(true) || name == clock_command(false) {
            return Some(Command::ToggleClock);
        }
        if name == CANCEL_UNDER_WAY {
            return Some(Command::CancelUnderWay);
        }
        COMMANDS.iter().find(|(n, ..)| *n == name).map(|c| c.3)
    }

    /// Does it, leaving the page first as a link to its section would: where the editor's
    /// unsaved-changes guard keeps the admin, nothing is made or pressed; else the new build or
    /// template is stored and opened in its editor, or the button pressed.
    fn run(self, ws: Workspace, lab: Lab, landing: &str) {
        let focus = match self {
            Command::Focus(id) | Command::Press(id) => id,
            Command::CancelUnderWay => "cancel-found",
            Command::NewBuild | Command::NewTemplate => "main",
            Command::ToggleClock => return toggle_clock(ws, lab),
        };
        let arriving = crate::shell::go_to::arrive_at(landing, focus);
        spawn_local(async move {
            if !arriving.await {
                return;
            }
            let made = match self {
                Command::Focus(_) | Command::ToggleClock => return,
                Command::Press(button) => {
                    crate::components::press_by_id(button);
                    return;
                }
                Command::CancelUnderWay => return cancel_under_way(ws, lab),
                Command::NewTemplate => ws.create_template().await.map(|name| format!("/templates/{}", encoded(&name))),
                Command::NewBuild => ws.create(Target::Zadig).await.map(|name| format!("/builds/{}", encoded(&name))),
            };
            if let Ok(path) = made {
                crate::shell::go_to::open_path(&path);
            }
        });
    }
}

/// Pauses or resumes the clock as the Jobs page's button does, and says so where the admin is,
/// with the simulated time it stands at.
fn toggle_clock(ws: Workspace, lab: Lab) {
    lab.toggle_pause();
    let at = clock(lab.now_untracked());
    let said = if lab.paused.get_untracked() {
        format!("Simulated clock paused at {at}.")
    } else {
        format!("Simulated clock running again from {at}, at {}×.", lab.speed.get_untracked())
    };
    ws.toast.set(Some(Toast::note(said)));
}

/// Presses the Jobs page's "Cancel N under way", whose dialog asks first; when every job it
/// would cancel has ended since the palette offered it, there is no button, and a note says so
/// (and why the Rainbond builds still under way are not cancelled).
fn cancel_under_way(ws: Workspace, lab: Lab) {
    if crate::components::press_by_id("cancel-found") {
        return;
    }
    let said = find_jobs(&untrack(|| lab.lines()), "").nothing_to_cancel();
    ws.toast.set(Some(Toast::note(said)));
}

/// Every place there is to go to as the palette opens: sections, the commands, then builds,
/// templates and the jobs started here, the latest first.
fn destinations(ws: Workspace, lab: Lab) -> Vec<Destination> {
    let mut all: Vec<Destination> = SECTIONS
        .iter()
        .map(|(path, label, _)| Destination { name: (*label).into(), kind: DestinationKind::Section, detail: String::new(), path: (*path).into() })
        .collect();
    all.extend(COMMANDS.iter().map(|(name, does, path, _)| Destination { name: (*name).into(), kind: DestinationKind::Command, detail: (*does).into(), path: (*path).into() }));
    let paused = lab.paused.get_untracked();
    let now = clock(lab.now_untracked());
    all.push(Destination {
        name: clock_command(paused).into(),
        kind: DestinationKind::Command,
        detail: if paused { format!("the jobs' clock, paused at {now}") } else { format!("the jobs' clock, at {now}, {}×", lab.speed.get_untracked()) },
        path: "/jobs".into(),
    });
    let jobs = untrack(|| lab.lines());
    // Counted by the rule the Jobs page's "Cancel N under way" counts by, with no search.
    let cancellable = find_jobs(&jobs, "").cancellable;
    if cancellable > 0 {
        all.push(Destination {
            name: CANCEL_UNDER_WAY.into(),
            kind: DestinationKind::Command,
            detail: format!("{} not ended, on the Jobs page, after asking", counted(cancellable as u64, "job", "jobs")),
            path: "/jobs".into(),
        });
    }
    ws.catalog.with_untracked(|c| {
        all.extend(c.entries().iter().map(|b| Destination {
            name: b.name.clone(),
            kind: DestinationKind::Build,
            detail: b.target.label().into(),
            path: format!("/builds/{}", encoded(&b.name)),
        }))
    });
    ws.templates.with_untracked(|ts| {
        all.extend(ts.iter().map(|t| Destination {
            name: t.name().into(),
            kind: DestinationKind::Template,
            detail: String::new(),
            path: format!("/templates/{}", encoded(t.name())),
        }))
    });
    all.extend(jobs.into_iter().rev().map(|j| Destination {
        path: format!("/jobs/{}", encoded(&j.id)),
        detail: format!("{} · {}", j.build, j.status),
        name: j.id,
        kind: DestinationKind::Job,
    }));
    all
}

/// The palette and its Ctrl+K / ⌘K shortcut.
#[component]
pub fn GoToPalette() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lab = expect_context::<Lab>();
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let all = RwSignal::new(Vec::<Destination>::new());
    let listener = window_event_listener(ev::keydown, move |e| {
        if (e.ctrl_key() || e.meta_key()) && !e.alt_key() && !e.shift_key() && e.key().eq_ignore_ascii_case("k") {
            e.prevent_default();
            all.set(destinations(ws, lab));
            query.set(String::new());
            active.set(0);
            open.set(true);
            request_animation_frame(|| crate::components::focus_by_id("palette-input"));
        }
    });
    on_cleanup(move || listener.remove());
    let shown = Memo::new(move |_| query.with(|q| all.with(|a| best_destinations(q, a, SHOWN).into_iter().cloned().collect::<Vec<_>>())));
    let go = move |i: usize| {
        let Some(chosen) = shown.with_untracked(|s| s.get(i).cloned()) else { return };
        open.set(false);
        match Command::named(&chosen.name).filter(|_| chosen.kind == DestinationKind::Command) {
            Some(command) => command.run(ws, lab, &chosen.path),
            None => crate::shell::go_to::open_path(&chosen.path),
        }
    };
    let keys = move |e: web_sys::KeyboardEvent| {
        let n = shown.with_untracked(Vec::len);
        match e.key().as_str() {
            "ArrowDown" if n > 0 => {
                e.prevent_default();
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                e.prevent_default();
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" => {
                e.prevent_default();
                go(active.get_untracked());
            }
            _ => {}
        }
    };
    let option_id = |i: usize| format!("palette-option-{i}");
    let count = move || match shown.with(Vec::len) {
        0 => "Nothing here goes by that name.".to_string(),
        1 => "1 match; Enter takes it.".to_string(),
        n => format!("{n} matches; ↑ and ↓ choose, Enter takes one."),
    };
    view! {
        <Dialog open=open title="Go to" id="palette">
            <label for="palette-input">"A section, build, template, job or command"</label>
            <input
                id="palette-input"
                type="text"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                aria-expanded="true"
                aria-controls="palette-list"
                aria-autocomplete="list"
                aria-describedby="palette-count"
                aria-activedescendant=move || (shown.with(Vec::len) > 0).then(|| option_id(active.get()))
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(0);
                }
                on:keydown=keys
            />
            <ul id="palette-list" class="palette-list" role="listbox" aria-label="Places and commands">
                {move || {
                    shown
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, d)| {
                            view! {
                                <li
                                    role="option"
                                    id=option_id(i)
                                    aria-selected=move || (active.get() == i).to_string()
                                    on:click=move |_| go(i)
                                    on:mousemove=move |_| active.set(i)
                                >
                                    <span class="palette-name">{d.name}</span>
                                    <span class="palette-kind">{d.kind.label()}{(!d.detail.is_empty()).then(|| format!(" · {}", d.detail))}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p id="palette-count" class="muted" role="status" aria-live="polite">{count}</p>
        </Dialog>
    }
}
