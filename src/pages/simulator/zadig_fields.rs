//! Zadig's queue settings in the cluster model's form: how many workflow tasks run at once and
//! how many job tasks inside one, and each workflow's own limit, which started jobs queue by and scenarios without their own
//! `zadig` take. Fields keep what was typed; core's `ZadigRows::read` says what does not read.

use buildbay_core::diagnostic::message_at;
use buildbay_core::simulate::cluster_form::ZadigRows;
use buildbay_core::simulate::lints::QueueRoom;
use leptos::prelude::*;

use super::clusters::Field;
use crate::state::Lab;

/// The settings, each a field with its message beside it, and beneath them what they let
/// run at once against the room the model's nodes have.
#[component]
pub fn ZadigFields() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let problems = Memo::new(move |_| lab.zadig_problems());
    let field = move |name: &'static str, label: &'static str, get: fn(&ZadigRows) -> String, set: fn(&mut ZadigRows, String)| {
        let path = format!("/zadig/{name}");
        let value = Signal::derive(move || lab.zadig_rows.with(get));
        let problem = Signal::derive({
            let path = path.clone();
            move || problems.with(|ps| message_at(ps, &path).map(String::from))
        });
        let on_input = Callback::new(move |v: String| {
            let mut rows = lab.zadig_rows.get_untracked();
            set(&mut rows, v);
            lab.edit_zadig(rows);
        });
        view! { <Field id=format!("zadig-{name}") label=label choices=&[] value=value problem=problem on_input=on_input /> }
    };
    // Zadig's own sizing rule, worked out for the model as it stands (the last settings and
    // clusters that read).
    let room = Memo::new(move |_| {
        let zadig = lab.zadig.get();
        lab.clusters.with(|clusters| QueueRoom::of(&zadig, clusters)).map(|r| (r.overflows(), r.sentence()))
    });
    view! {
        <fieldset class="cluster zadig-settings" aria-describedby="zadig-settings-hint">
            <legend>"Zadig's queue"</legend>
            <p class="hint" id="zadig-settings-hint">
                "How many workflow tasks run at once across the system (Zadig's default 2), and how many "
                "job tasks at once inside one task (default 5; at 1 they run one by one and the first that "
                "fails ends the task), and a limit per workflow (-1 for none; a build's jobs run in its "
                "own workflow, "<code>"<build>-workflow"</code>"). Jobs started here and scenarios without their own "
                <code>"zadig"</code>" run under them."
            </p>
            <div class="zadig-fields">
                {field("workflow_concurrency", "Workflow concurrency", |r| r.workflow_concurrency.clone(), |r, v| r.workflow_concurrency = v)}
                {field("job_concurrency", "Job concurrency", |r| r.job_concurrency.clone(), |r, v| r.job_concurrency = v)}
                {field("workflows", "Per-workflow limits (workflow=limit, …)", |r| r.workflows.clone(), |r, v| r.workflows = v)}
            </div>
            <div id="zadig-room" role="status">
                {move || room.get().map(|(over, text)| if over {
                    view! { <p class="message warning"><span class="message-kind">"Warning: "</span>{text}</p> }.into_any()
                } else {
                    view! { <p class="hint">{text}</p> }.into_any()
                })}
            </div>
        </fieldset>
    }
}
