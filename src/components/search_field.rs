//! A list's search box, the same on every page that lists things.

use leptos::prelude::*;

/// A labelled search field over a list: each keystroke sets `query` and runs `on_change` (a
/// paged list goes back to its first page), and a screen reader reads the list's count line
/// (`count_id`) with it, so the admin hears how many match as they type.
#[component]
pub fn SearchField(
    id: &'static str,
    #[prop(default = "Search")] label: &'static str,
    placeholder: &'static str,
    count_id: &'static str,
    query: RwSignal<String>,
    #[prop(optional)] on_change: Option<Callback<()>>,
    /// A key that focuses the field from anywhere on the page, announced to assistive technology.
    #[prop(optional)]
    shortcut: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="toolbar-field grow">
            <label for=id>{label}</label>
            <input
                type="search"
                id=id
                placeholder=placeholder
                autocomplete="off"
                aria-keyshortcuts=shortcut
                aria-describedby=count_id
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    if let Some(changed) = on_change {
                        changed.run(());
                    }
                }
            />
        </div>
    }
}
