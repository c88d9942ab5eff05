//! Nuon's runners in the cluster model's form: the runners Nuon build jobs go to and whether
//! each is healthy or in sandbox mode, which started Nuon jobs run on and scenarios without their own `runners`
//! take. Names keep what was typed; core's `check_runners` (through the Lab) says which does not do.

use buildbay_core::Diagnostic;
use buildbay_core::diagnostic::message_at;
use buildbay_core::simulate::cluster_form::added_runner;
use buildbay_core::simulate::scenario::RunnerSpec;
use leptos::prelude::*;

use super::clusters::Field;
use crate::state::Lab;

/// Changes the runners as typed through `f`; the model follows when they are sound.
fn change(lab: Lab, f: impl FnOnce(&mut Vec<RunnerSpec>)) {
    let mut rows = lab.runner_rows.get_untracked();
    f(&mut rows);
    lab.edit_runners(rows);
}

/// Every runner, each a name with its message beside it and a health checkbox, and a button to
/// add one.
#[component]
pub fn RunnerFields() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let problems = Memo::new(move |_| lab.runner_problems());
    let rows = move || 0..lab.runner_rows.with(Vec::len);
    view! {
        <fieldset class="cluster runner-settings" aria-describedby="runner-settings-hint">
            <legend>"Nuon's runners"</legend>
            <p class="hint" id="runner-settings-hint">
                "A Nuon build job goes to its org's runner: the first here, unless the build names another. "
                "A runner that is not healthy turns its jobs away ("<code>"not-attempted"</code>", \"runner is not in a "
                "healthy state\"); one in sandbox mode runs nothing, and Nuon marks each of its jobs "<code>"finished"</code>" "
                "after a 5 s sleep (\"success in sandbox mode\"). Nuon jobs started here and scenarios without their own "<code>"runners"</code>" use these."
            </p>
            <For each=rows key=|r| *r let:r>
                <RunnerRow lab=lab problems=problems r=r />
            </For>
            <button type="button" on:click=move |_| change(lab, |rows| { let added = added_runner(rows); rows.push(added) })>"Add runner"</button>
        </fieldset>
    }
}

/// One runner: its name, whether it is healthy and in sandbox mode, and its Remove button.
#[component]
fn RunnerRow(lab: Lab, problems: Memo<Vec<Diagnostic>>, r: usize) -> impl IntoView {
    let name_path = format!("/runners/{r}/name");
    let name = Signal::derive(move || lab.runner_rows.with(|rows| rows.get(r).map(|x| x.name.clone()).unwrap_or_default()));
    let problem = Signal::derive(move || problems.with(|ps| message_at(ps, &name_path).map(String::from)));
    let on_name = Callback::new(move |v: String| change(lab, |rows| if let Some(x) = rows.get_mut(r) { x.name = v }));
    let healthy_id = format!("runner-{r}-healthy");
    let sandbox_id = format!("runner-{r}-sandbox");
    view! {
        <fieldset class="node-row">
            <legend>{format!("Runner {}", r + 1)}</legend>
            <Field id=format!("runner-{r}-name") label="Name" choices=&[] value=name problem=problem on_input=on_name />
            <div class="cluster-field cluster-check">
                <input type="checkbox" id=healthy_id.clone() prop:checked=move || lab.runner_rows.with(|rows| rows.get(r).is_some_and(|x| x.healthy))
                    on:change=move |ev| { let on = event_target_checked(&ev); change(lab, |rows| if let Some(x) = rows.get_mut(r) { x.healthy = on }) } />
                <label for=healthy_id>"Healthy"</label>
            </div>
            <div class="cluster-field cluster-check">
                <input type="checkbox" id=sandbox_id.clone() prop:checked=move || lab.runner_rows.with(|rows| rows.get(r).is_some_and(|x| x.sandbox_mode))
                    on:change=move |ev| { let on = event_target_checked(&ev); change(lab, |rows| if let Some(x) = rows.get_mut(r) { x.sandbox_mode = on }) } />
                <label for=sandbox_id>"Sandbox mode"</label>
            </div>
            <button type="button" class="remove-item" aria-label=format!("Remove runner {}", r + 1)
                on:click=move |_| change(lab, |rows| if r < rows.len() { rows.remove(r); })>"Remove"</button>
        </fieldset>
    }
}
