//! Cancelling, after asking, every job the search finds that is still under way.

use buildbay_core::Target;
use buildbay_core::simulate::text::{clock, counted};
use leptos::prelude::*;

use super::live_rows::LiveRows;
use crate::components::dialog::Dialog;
use crate::state::Lab;

/// "Cancel N under way": after a burst of starts, the jobs the search finds that have not ended
/// (all of a build's, or every `status:waiting` one) are cancelled at one moment once the admin
/// says so in a dialog, since a cancel cannot be undone (each job can be retried from its
/// page); `said` then says how many went. A Rainbond build is left out, and the dialog says
/// why: its API has no cancel.
#[component]
pub fn CancelFound(live: LiveRows, said: RwSignal<Option<String>>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let open = RwSignal::new(false);
    let jobs = move || counted(live.cancellable() as u64, "job", "jobs");
    // Rainbond builds under way, which its API cannot cancel: the dialog says they run on.
    let running_on = move || live.not_cancellable();
    let now = move || clock(lab.now());
    let confirm = move |_| {
        let at = clock(lab.now_untracked());
        let cancelled = lab.cancel_all(&live.ids_cancellable());
        open.set(false);
        said.set(Some(format!("Cancelled {} at {at}.", counted(cancelled as u64, "job", "jobs"))));
    };
    view! {
        <Show when=move || live.cancellable() != 0>
            <button type="button" id="cancel-found" class="danger" data-focus-next="clear-jobs" on:click=move |_| open.set(true)
                title="Cancels the jobs the search finds that have not ended, after asking">
                {move || format!("Cancel {} under way", jobs())}
            </button>
        </Show>
        <Dialog open=open title=move || format!("Cancel {}?", jobs()) id="cancel-found-dialog">
            <p>
                "The jobs the search finds that have not ended — queued, waiting or running — are cancelled now, at "
                {now} " on the simulated clock, each in its backend's words. A cancel cannot be undone; a job can be retried from its page."
            </p>
            <Show when=move || running_on() != 0>
                <p id="cancel-found-runs-on">
                    {move || format!("Left out: {} under way. ", counted(running_on() as u64, "Rainbond build", "Rainbond builds"))}
                    {Target::Rainbond.no_cancel()}
                </p>
            </Show>
            <div class="dialog-actions">
                <button type="button" class="danger" id="cancel-found-confirm" data-focus-next="cancel-found clear-jobs" on:click=confirm>{move || format!("Cancel {}", jobs())}</button>
                <button type="button" on:click=move |_| open.set(false)>"Keep them"</button>
            </div>
        </Dialog>
    }
}
