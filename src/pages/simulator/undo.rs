//! A scenario text a button replaces wholesale (a copy, a generated workload), with a way back
//! while the replacement stands untouched: nothing typed is lost to one click.

use leptos::prelude::*;

/// Something a button replaced wholesale, which can be put back while the replacement stands.
pub trait Undoable: Copy + Send + Sync + 'static {
    /// Whether the last replacement stands as it was made (typing since ends the offer).
    fn can_undo(&self) -> bool;
    /// Puts back what the last replacement replaced.
    fn undo(&self);
}

/// The text, and what it was before the last replacement (with what replaced it).
#[derive(Debug, Clone, Copy)]
pub struct Replaceable {
    text: RwSignal<String>,
    last: RwSignal<Option<(String, String)>>,
}

impl Replaceable {
    pub fn new(text: RwSignal<String>) -> Replaceable {
        Replaceable { text, last: RwSignal::new(None) }
    }

    /// Replaces the text, remembering what it was.
    pub fn replace(&self, with: String) {
        let before = self.text.get_untracked();
        self.last.set(Some((before, with.clone())));
        self.text.set(with);
    }

}

impl Undoable for Replaceable {
    fn can_undo(&self) -> bool {
        self.last.with(|last| last.as_ref().is_some_and(|(_, after)| self.text.with(|t| t == after)))
    }

    fn undo(&self) {
        if let Some((before, _)) = self.last.get_untracked() {
            self.text.set(before);
        }
        self.last.set(None);
    }
}

/// What a button that replaces the text did: its message, with an undo while the replacement
/// stands as made, or why it could not (as an alert), under `id`.
#[component]
pub fn ReplacedStatus<U: Undoable>(outcome: RwSignal<Option<Result<String, String>>>, replace: U, id: &'static str, undo_label: &'static str) -> impl IntoView {
    move || {
        outcome.get().map(|o| match o {
            Ok(m) => view! {
                <p role="status" id=id>
                    {m}" "
                    <Show when=move || replace.can_undo()>
                        <button type="button" on:click=move |_| replace.undo()>{undo_label}</button>
                    </Show>
                </p>
            }
            .into_any(),
            Err(e) => view! { <p role="alert" class="error" id=id>{e}</p> }.into_any(),
        })
    }
}
