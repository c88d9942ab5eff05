//! The exact request body for the chosen backend, editable and in step with the form.
//!
//! Form edits rewrite the text; text edits that parse are applied to the model (only the parts
//! the backend carries) and show in the form. Text that does not parse stays exactly as typed,
//! with the line and column of the problem, and the form is left alone until it parses.

use buildbay_core::check;
use buildbay_core::convert;
use buildbay_core::diagnostic::Diagnostic;
use buildbay_core::import::{Document, Hint};
use buildbay_core::validate::Context;
use leptos::prelude::*;

use crate::components::text_findings::JsonTextEditor;
use crate::pages::build::editor::EditorState;

/// The JSON view.
#[component]
pub fn JsonView() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let text = RwSignal::new(editor.request_text_untracked());
    // True while the text holds the admin's own edits, which a model change must not overwrite.
    let editing = RwSignal::new(false);
    let findings = RwSignal::new(Vec::<Diagnostic>::new());
    Effect::new(move |_| {
        editor.build.track();
        editor.target.track();
        if !editing.get() {
            text.set(editor.request_text_untracked());
        }
    });
    let on_input = move |value: String| {
        text.set(value.clone());
        editing.set(true);
        let target = editor.target.get_untracked();
        let checked = check::check(&value, Hint::Target(target), Some(target), &Context::default());
        let blocking = checked.unreadable || checked.diagnostics.iter().any(|d| d.code == "invalid-type");
        let mut shown = checked.diagnostics.clone();
        let shape_ok = checked.shape.is_some_and(|s| s.is_request() && s.target() == target);
        if !checked.unreadable && !shape_ok {
            shown.insert(
                0,
                Diagnostic::error(
                    "",
                    "not-a-request",
                    buildbay_core::Source::Lint,
                    format!("This reads as {}, not a {} request body; the form is unchanged.", checked.shape.map(|s| s.label()).unwrap_or("another document"), target.label()),
                ),
            );
        }
        findings.set(shown);
        if blocking || !shape_ok {
            return;
        }
        if let Some(Document::Build(model)) = checked.imported.map(|i| i.document) {
            let current = editor.build.get_untracked();
            let mut next = convert::apply_request(&current, target, model);
            next.restore_masked(&current);
            editor.replace(next, "/json");
        }
    };
    let on_blur = move |()| {
        if !findings.with(|f| f.iter().any(|d| d.code == "parse-error" || d.code == "invalid-type" || d.code == "not-a-request")) {
            editing.set(false);
        }
    };
    let label = move || format!("{} request body", editor.target.get().label());
    view! {
        <JsonTextEditor
            prefix="json"
            label=Signal::derive(label)
            hint="Exactly what the backend receives. Edit it and the form follows; secrets show as ********. \
                While the text does not parse, the form keeps its last valid state and nothing you typed here is lost."
            rows="28"
            text=text
            on_input=Callback::new(on_input)
            on_blur=Callback::new(on_blur)
            findings=findings
        />
    }
}

impl EditorState {
    /// The request body text without subscribing the caller to changes.
    pub fn request_text_untracked(&self) -> String {
        let target = self.target.get_untracked();
        let body = self.build.with_untracked(|b| convert::to_request(&b.masked(), target).value);
        serde_json::to_string_pretty(&body).unwrap_or_default()
    }
}
