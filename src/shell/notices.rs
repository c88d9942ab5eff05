//! Page-wide notices: storage problems (until dismissed) and short toasts with Undo.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::{Workspace, WorkspaceStatus};

/// A banner for storage problems, and a note while builds live in this tab only.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    view! {
        {move || ws.problem.get().map(|text| view! {
            <div class="banner error" role="alert">
                <span>{text}</span>
                " "
                <button type="button" class="link" on:click=move |_| ws.problem.set(None)>"Dismiss"</button>
            </div>
        })}
        {move || matches!(ws.status.get(), WorkspaceStatus::MemoryOnly(_)).then(|| view! {
            <p class="banner warning">"Builds are kept in this tab only: browser storage is not available. Export them before closing the tab."</p>
        })}
    }
}

/// The latest toast, with Undo when it offers one; it stays until replaced or closed, or, when
/// it has nothing to undo, until a page other than the one its action opened comes up (so
/// "Imported 1 build." does not cover the Jobs page's steps a minute later).
#[component]
pub fn Toasts() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) && ws.toast.get_untracked().is_some_and(|t| t.stale_on_new_page()) {
            ws.toast.set(None);
        }
        path
    });
    view! {
        <div class="toasts" role="status" aria-live="polite">
            {move || ws.toast.get().map(|t| {
                let can_undo = t.undo.is_some();
                view! {
                    <div class="toast">
                        <span>{t.message}</span>
                        {can_undo.then(|| view! {
                            <button type="button" id="toast-undo" data-focus-next="main" on:click=move |_| spawn_local(async move { let _ = ws.undo_delete().await; })>"Undo"</button>
                        })}
                        <button type="button" class="link" aria-label="Close message" data-focus-next="main" on:click=move |_| ws.toast.set(None)>"×"</button>
                    </div>
                }
            })}
        </div>
    }
}
