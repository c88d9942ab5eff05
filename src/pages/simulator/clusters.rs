//! The cluster model's form: clusters, rows of nodes and Zadig strategies, Zadig's queue and
//! Nuon's runners, edited in place.
//!
//! Fields keep what was typed (core's `cluster_form` reads them); the console's cluster model —
//! where started jobs run and what the editor lints against — follows whenever they read.

use buildbay_core::Diagnostic;
use buildbay_core::diagnostic::message_at;
use buildbay_core::simulate::cluster_form::ClusterRows;
use buildbay_core::simulate::default_model;
use buildbay_core::simulate::scenario::{ARCHITECTURES, STRATEGY_KINDS};
use leptos::prelude::*;

use super::runner_fields::RunnerFields;
use super::zadig_fields::ZadigFields;
use crate::state::Lab;

/// A form field's element id from its pointer: `/clusters/0/nodes/1/cpu` → `cl-0-nodes-1-cpu`.
fn field_id(path: &str) -> String {
    format!("cl{}", path.trim_start_matches("/clusters").replace('/', "-"))
}

/// The editing context every field shares: the rows, and the problems they have now (derived
/// from the rows, so rows restored from storage show theirs too).
#[derive(Clone, Copy)]
struct Editing {
    lab: Lab,
    problems: Memo<Vec<Diagnostic>>,
}

impl Editing {
    fn change(&self, f: impl FnOnce(&mut Vec<ClusterRows>)) {
        let mut rows = self.lab.cluster_rows.get_untracked();
        f(&mut rows);
        self.lab.edit_clusters(rows);
    }

    fn problem(&self, path: String) -> Signal<Option<String>> {
        let problems = self.problems;
        Signal::derive(move || problems.with(|ps| message_at(ps, &path).map(String::from)))
    }

    /// A field of the rows, read and written through `get` and `set`: typed, or chosen among
    /// `choices` when the value is one of a few words.
    fn field<G, S>(&self, path: String, label: &'static str, choices: &'static [&'static str], get: G, set: S) -> impl IntoView + use<G, S>
    where
        G: Fn(&Vec<ClusterRows>) -> Option<String> + Send + Sync + 'static,
        S: Fn(&mut Vec<ClusterRows>, String) + Send + Sync + Copy + 'static,
    {
        let rows = self.lab.cluster_rows;
        let value = Signal::derive(move || rows.with(|r| get(r).unwrap_or_default()));
        let this = *self;
        view! { <Field id=field_id(&path) label=label choices=choices value=value problem=self.problem(path) on_input=Callback::new(move |v: String| this.change(|r| set(r, v))) /> }
    }

    /// A checkbox of the rows, read and written through `get` and `set`.
    fn check<G, S>(&self, path: String, label: &'static str, get: G, set: S) -> impl IntoView + use<G, S>
    where
        G: Fn(&Vec<ClusterRows>) -> Option<bool> + Send + Sync + 'static,
        S: Fn(&mut Vec<ClusterRows>, bool) + Send + Sync + Copy + 'static,
    {
        let rows = self.lab.cluster_rows;
        let this = *self;
        let id = field_id(&path);
        view! {
            <div class="cluster-field cluster-check">
                <input type="checkbox" id=id.clone() prop:checked=move || rows.with(|r| get(r).unwrap_or(false))
                    on:change=move |ev| { let on = event_target_checked(&ev); this.change(|r| set(r, on)) } />
                <label for=id>{label}</label>
            </div>
        }
    }

    /// A button that removes item `i` of the list `list` picks out of the rows; `text` is what
    /// it shows, `label` what it is called (which names the item).
    fn remove<T, L>(&self, text: &'static str, label: String, i: usize, list: L) -> impl IntoView + use<T, L>
    where
        T: 'static,
        L: Fn(&mut Vec<ClusterRows>) -> Option<&mut Vec<T>> + Send + Sync + Copy + 'static,
    {
        let this = *self;
        let remove = move |_| {
            this.change(|r| {
                if let Some(items) = list(r).filter(|items| i < items.len()) {
                    items.remove(i);
                }
            })
        };
        view! { <button type="button" class="remove-item" aria-label=label on:click=remove>{text}</button> }
    }
}

/// A labelled input (or, with `choices`, a select) with its message beside it
/// (`aria-invalid`, `aria-describedby`).
#[component]
pub(super) fn Field(id: String, label: &'static str, choices: &'static [&'static str], value: Signal<String>, problem: Signal<Option<String>>, on_input: Callback<String>) -> impl IntoView {
    let message_id = format!("{id}-message");
    let invalid = move || if problem.with(Option::is_some) { "true" } else { "false" };
    let control = if choices.is_empty() {
        view! {
            <input id=id.clone() type="text" prop:value=move || value.get() aria-invalid=invalid aria-describedby=message_id.clone()
                on:input=move |ev| on_input.run(event_target_value(&ev)) />
        }
        .into_any()
    } else {
        // A value from elsewhere (a scenario, an older save) stays listed until it is changed.
        let options = move || {
            let current = value.get();
            let other = (!choices.contains(&current.as_str())).then_some(current.clone());
            choices.iter().map(|c| c.to_string()).chain(other).map(|c| view! { <option value=c.clone() selected=c == current>{c.clone()}</option> }).collect_view()
        };
        view! {
            <select id=id.clone() aria-invalid=invalid aria-describedby=message_id.clone() on:change=move |ev| on_input.run(event_target_value(&ev))>
                {options}
            </select>
        }
        .into_any()
    };
    view! {
        <div class="cluster-field">
            <label for=id>{label}</label>
            {control}
            <span class="field-message error" id=message_id role="status">{move || problem.get()}</span>
        </div>
    }
}

/// `/simulator`'s cluster section: every cluster with its node rows and strategies.
#[component]
pub fn ClusterForm() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let problems = Memo::new(move |_| lab.cluster_problems());
    let editing = Editing { lab, problems };
    let clusters = move || 0..lab.cluster_rows.with(Vec::len);
    // Problems of the model as a whole; a field's own (Zadig's settings' too) show beside it.
    let general = move || {
        problems.with(|ps| {
            let beside_a_field = |path: &str| path.contains("/nodes/") || path.contains("/strategies/") || path.ends_with("/name") || path.starts_with("/zadig/");
            ps.iter().filter(|d| !beside_a_field(&d.path)).map(|d| d.message.clone()).collect::<Vec<_>>()
        })
    };
    view! {
        <section class="cluster-form" aria-labelledby="cluster-model-heading">
            <h2 id="cluster-model-heading">"Cluster model"</h2>
            <p class="hint">"Jobs started on the Jobs page run here, and the build editor warns about requests and strategies it cannot place. Sizes are allocatable capacity: CPU in millicores, memory in MiB, or a quantity as kubectl describe node prints it (3500m, 16Gi)."</p>
            <ul class="error-list" role="alert">{move || general().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            <For each=clusters key=|c| *c let:c>
                <ClusterFields editing=editing c=c />
            </For>
            <ZadigFields />
            <RunnerFields />
            <div class="toolbar">
                <button type="button" on:click=move |_| editing.change(|r| { let added = ClusterRows::added(r); r.push(added) })>"Add cluster"</button>
                <button type="button" on:click=move |_| lab.set_model(default_model())>"Reset to the default model"</button>
            </div>
        </section>
    }
}

#[component]
fn ClusterFields(editing: Editing, c: usize) -> impl IntoView {
    let rows = editing.lab.cluster_rows;
    let nodes = move || 0..rows.with(|r| r.get(c).map_or(0, |x| x.nodes.len()));
    let strategies = move || 0..rows.with(|r| r.get(c).map_or(0, |x| x.strategies.len()));
    view! {
        <fieldset class="cluster">
            <legend>{move || rows.with(|r| r.get(c).map(|x| format!("Cluster {}", x.name)).unwrap_or_default())}</legend>
            {editing.field(format!("/clusters/{c}/name"), "Cluster name", &[], move |r| r.get(c).map(|x| x.name.clone()), move |r, v| if let Some(x) = r.get_mut(c) { x.name = v })}
            <h3>"Nodes"</h3>
            <For each=nodes key=|n| *n let:n>
                <NodeFields editing=editing c=c n=n />
            </For>
            <h3>"Strategies"</h3>
            <For each=strategies key=|s| *s let:s>
                <StrategyFields editing=editing c=c s=s />
            </For>
            <div class="toolbar">
                <button type="button" on:click=move |_| editing.change(|r| if let Some(x) = r.get_mut(c) { let added = x.added_nodes(); x.nodes.push(added) })>"Add nodes"</button>
                <button type="button" on:click=move |_| editing.change(|r| if let Some(x) = r.get_mut(c) { let added = x.added_strategy(); x.strategies.push(added) })>"Add strategy"</button>
                {editing.remove("Remove cluster", format!("Remove cluster {}", c + 1), c, |r| Some(r))}
            </div>
        </fieldset>
    }
}

macro_rules! node_field {
    ($editing:expr, $c:expr, $n:expr, $field:ident, $label:expr) => {
        node_field!($editing, $c, $n, $field, $label, &[])
    };
    ($editing:expr, $c:expr, $n:expr, $field:ident, $label:expr, $choices:expr) => {
        $editing.field(
            format!("/clusters/{}/nodes/{}/{}", $c, $n, stringify!($field)),
            $label,
            $choices,
            move |r| r.get($c).and_then(|x| x.nodes.get($n)).map(|x| x.$field.clone()),
            move |r, v| if let Some(x) = r.get_mut($c).and_then(|x| x.nodes.get_mut($n)) { x.$field = v },
        )
    };
}

macro_rules! strategy_field {
    ($editing:expr, $c:expr, $s:expr, $field:ident, $label:expr) => {
        strategy_field!($editing, $c, $s, $field, $label, &[])
    };
    ($editing:expr, $c:expr, $s:expr, $field:ident, $label:expr, $choices:expr) => {
        $editing.field(
            format!("/clusters/{}/strategies/{}/{}", $c, $s, stringify!($field)),
            $label,
            $choices,
            move |r| r.get($c).and_then(|x| x.strategies.get($s)).map(|x| x.$field.clone()),
            move |r, v| if let Some(x) = r.get_mut($c).and_then(|x| x.strategies.get_mut($s)) { x.$field = v },
        )
    };
}

#[component]
fn NodeFields(editing: Editing, c: usize, n: usize) -> impl IntoView {
    view! {
        <fieldset class="node-row">
            <legend>{format!("Node row {}", n + 1)}</legend>
            {node_field!(editing, c, n, name, "Name")}
            {node_field!(editing, c, n, count, "Count")}
            {node_field!(editing, c, n, cpu, "CPU (m)")}
            {node_field!(editing, c, n, memory, "Memory (MiB)")}
            {node_field!(editing, c, n, gpus, "GPUs")}
            {node_field!(editing, c, n, arch, "Architecture", &ARCHITECTURES)}
            {node_field!(editing, c, n, labels, "Labels (key=value, …)")}
            {node_field!(editing, c, n, max_pods, "Pod cap")}
            {editing.check(format!("/clusters/{c}/nodes/{n}/builder"), "Rainbond builder", move |r| r.get(c).and_then(|x| x.nodes.get(n)).map(|x| x.builder), move |r, on| if let Some(x) = r.get_mut(c).and_then(|x| x.nodes.get_mut(n)) { x.builder = on })}
            {editing.remove("Remove", format!("Remove node row {}", n + 1), n, move |r| r.get_mut(c).map(|x| &mut x.nodes))}
        </fieldset>
    }
}

#[component]
fn StrategyFields(editing: Editing, c: usize, s: usize) -> impl IntoView {
    view! {
        <fieldset class="node-row">
            <legend>{format!("Strategy {}", s + 1)}</legend>
            {strategy_field!(editing, c, s, name, "Name")}
            {strategy_field!(editing, c, s, strategy, "Kind", &STRATEGY_KINDS)}
            {strategy_field!(editing, c, s, labels, "Node labels (key:value, …)")}
            {editing.check(format!("/clusters/{c}/strategies/{s}/default"), "Default", move |r| r.get(c).and_then(|x| x.strategies.get(s)).map(|x| x.default), move |r, on| if let Some(x) = r.get_mut(c).and_then(|x| x.strategies.get_mut(s)) { x.default = on })}
            {editing.remove("Remove", format!("Remove strategy {}", s + 1), s, move |r| r.get_mut(c).map(|x| &mut x.strategies))}
        </fieldset>
    }
}
