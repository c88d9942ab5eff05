//! The button under a paged list, the same under every list that shows a page at a time.

use leptos::prelude::*;

use super::focus_first;

/// How many rows a paged list shows at first, and how many more each press adds: enough to
/// read on, few enough to draw within a frame (5,000 templates took 1 s to draw and 3.5 s to
/// take down on leaving the page).
pub const PAGE: usize = 100;

/// "Show N more" under a list showing its first `limit` rows, while `more` are left out: each
/// press lists [`PAGE`] more and moves focus to the first new row's first link or button (`rows`
/// selects the list's rows), since the button goes with the last page.
#[component]
pub fn ShowMore(limit: RwSignal<usize>, #[prop(into)] more: Signal<usize>, rows: &'static str) -> impl IntoView {
    let show_more = move |_| {
        let first_new = limit.get_untracked() + 1;
        limit.update(|l| *l += PAGE);
        request_animation_frame(move || focus_first(&format!("{rows}:nth-child({first_new}) :is(a, button)")));
    };
    view! {
        <Show when=move || { more.get() > 0 }>
            <p class="list-more">
                <button type="button" on:click=show_more>{move || format!("Show {} more", more.get().min(PAGE))}</button>
            </p>
        </Show>
    }
}
