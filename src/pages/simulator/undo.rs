//! What a button replaces wholesale (a scenario's text by a copy or a generated workload, the
//! Simulator's fields by a link), with a way back while the replacement stands untouched:
//! nothing typed is lost to one click.

use leptos::prelude::*;

/// Fields a button may replace as one: read and written as one value.
pub trait Fields: Copy + Send + Sync + 'static {
    type Value: Clone + Send + Sync + 'static;
    /// The value as it stands, untracked.
    fn current(&self) -> Self::Value;
    /// Whether they stand at `value` (tracked, so an undo offer follows typing in any of them).
    fn stand_at(&self, value: &Self::Value) -> bool;
    fn put(&self, value: Self::Value);
}

/// A scenario's text.
impl Fields for RwSignal<String> {
    type Value = String;

    fn current(&self) -> String {
        self.get_untracked()
    }

    fn stand_at(&self, value: &String) -> bool {
        self.with(|t| t == value)
    }

    fn put(&self, value: String) {
        self.set(value);
    }
}

/// The fields, and what they were before the last replacement (with what replaced them).
#[derive(Debug)]
pub struct Replaceable<F: Fields = RwSignal<String>> {
    fields: F,
    last: RwSignal<Option<(F::Value, F::Value)>>,
}

impl<F: Fields> Clone for Replaceable<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Fields> Copy for Replaceable<F> {}

impl<F: Fields> Replaceable<F> {
    pub fn new(fields: F) -> Replaceable<F> {
        Replaceable { fields, last: RwSignal::new(None) }
    }

    /// Replaces the fields' value, remembering what it was.
    pub fn replace(&self, with: F::Value) {
        self.last.set(Some((self.fields.current(), with.clone())));
        self.fields.put(with);
    }

    /// Whether the last replacement stands as it was made (typing since ends the offer).
    pub fn can_undo(&self) -> bool {
        self.last.with(|last| last.as_ref().is_some_and(|(_, after)| self.fields.stand_at(after)))
    }

    /// Puts the fields back as they were before the last replacement.
    pub fn undo(&self) {
        if let Some((before, _)) = self.last.get_untracked() {
            self.fields.put(before);
        }
        self.last.set(None);
    }
}

/// What a button that replaces the text did: its message, with an undo while the replacement
/// stands as made, or why it could not (as an alert), under `id`.
#[component]
pub fn ReplacedStatus<F: Fields>(outcome: RwSignal<Option<Result<String, String>>>, replace: Replaceable<F>, id: &'static str, undo_label: &'static str, restores: &'static str) -> impl IntoView {
    move || {
        outcome.get().map(|o| match o {
            Ok(m) => view! {
                <p role="status" id=id>
                    {m}" "
                    <Show when=move || replace.can_undo()>
                        <button type="button" data-focus-next=restores on:click=move |_| replace.undo()>{undo_label}</button>
                    </Show>
                </p>
            }
            .into_any(),
            Err(e) => view! { <p role="alert" class="error" id=id>{e}</p> }.into_any(),
        })
    }
}
