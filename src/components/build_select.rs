//! A choice among the builds stored in this console, as the Jobs page and the Simulator offer it.

use leptos::prelude::*;

use crate::state::Workspace;

/// A `<select>` of the stored builds by name, writing the chosen build's id (empty for none)
/// into `chosen`; its label, hint and message are the caller's, tied by `id` and `described_by`,
/// and `invalid` marks it while its message says what is wrong.
#[component]
pub fn StoredBuildSelect(
    id: &'static str,
    chosen: RwSignal<String>,
    described_by: &'static str,
    #[prop(optional, into)] invalid: Signal<bool>,
) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    view! {
        <select id=id aria-describedby=described_by aria-invalid=move || invalid.get().to_string() on:change=move |ev| chosen.set(event_target_value(&ev))>
            <option value="">"Choose a build…"</option>
            {move || ws.catalog.with(|c| c.entries().iter().map(|e| {
                let entry = e.id.clone();
                view! { <option value=e.id.clone() selected=move || chosen.with(|c| *c == entry)>{e.name.clone()}</option> }
            }).collect_view())}
        </select>
    }
}
