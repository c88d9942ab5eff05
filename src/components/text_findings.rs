//! A JSON text edited in place, with its findings listed below it, each with a link that puts
//! the cursor at its line and column: the JSON view of a build and a template's page both
//! edit their request bodies this way, and the import dialog lists a pasted document's
//! findings with the same list.

use buildbay_core::diagnostic::{Diagnostic, Position, left_out};
use buildbay_core::pointer::utf16_offset;
use leptos::html;
use leptos::prelude::*;

/// Puts the cursor of `field` at `position` (line and column from 1, counted in characters)
/// and focuses it, so that a finding's place is one click away rather than a count of lines.
pub fn put_cursor(field: &web_sys::HtmlTextAreaElement, position: Position) {
    let offset = u32::try_from(utf16_offset(&field.value(), position)).unwrap_or(u32::MAX);
    // In this order: Chromium scrolls a text field to its cursor as it takes focus, but not
    // when a focused field's selection is set (it stayed at its end, the line out of sight).
    let _ = field.set_selection_range(offset, offset);
    let _ = field.focus();
}

/// Puts the cursor of `area` at `line` and `column` and focuses it.
fn jump(area: NodeRef<html::Textarea>, line: usize, column: usize) {
    if let Some(field) = area.get_untracked() {
        put_cursor(&field, Position { line, column });
    }
}

/// How many findings a text's list shows before it counts the rest.
const LISTED: usize = 100;

/// A list (`id`, for the text's `aria-describedby`) of the first hundred findings, errors and
/// warnings alike, each placed by line and column where it has one, else by its path, and a
/// count of any past them: the JSON views and the import dialog list findings alike, each
/// place a button that puts the cursor there in `area`.
#[component]
pub fn TextFindings(#[prop(into)] findings: Signal<Vec<Diagnostic>>, area: NodeRef<html::Textarea>, id: String) -> impl IntoView {
    let rest = move || findings.with(|f| left_out(f, LISTED)).map(|line| view! { <li class="message">{line}</li> });
    let list = move || {
        findings
            .get()
            .into_iter()
            .take(LISTED)
            .map(|d| {
                let kind = if d.is_error() { "Error" } else { "Warning" };
                let place = match (d.position, d.spot_in_text()) {
                    (Some(p), Some(spot)) => Some(view! { <button type="button" class="link" on:click=move |_| jump(area, p.line, p.column)>{spot}</button> " — " }.into_any()),
                    (None, Some(spot)) => Some(view! { <code>{spot}</code> " — " }.into_any()),
                    (_, None) => None,
                };
                view! {
                    <li class=if d.is_error() { "message error" } else { "message warning" }>
                        <span class="message-kind">{kind}":"</span>" "
                        {place}
                        {d.message.clone()}
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul id=id class="field-messages" aria-live="polite">{list}{rest}</ul> }
}

/// A request body typed as text (`<prefix>-text`, its hint `<prefix>-hint`, its findings
/// `<prefix>-findings`): marked invalid while any finding is an error, and `on_input` given
/// the text as typed.
#[component]
pub fn JsonTextEditor(
    prefix: &'static str,
    #[prop(into)] label: Signal<String>,
    hint: &'static str,
    rows: &'static str,
    #[prop(into)] text: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional)] on_blur: Option<Callback<()>>,
    #[prop(into)] findings: Signal<Vec<Diagnostic>>,
) -> impl IntoView {
    let area = NodeRef::<html::Textarea>::new();
    let (text_id, hint_id, findings_id) = (format!("{prefix}-text"), format!("{prefix}-hint"), format!("{prefix}-findings"));
    view! {
        <div class="json-view">
            <label for=text_id.clone()>{label}</label>
            <p class="hint" id=hint_id.clone()>{hint}</p>
            <textarea
                id=text_id
                node_ref=area
                class="code"
                rows=rows
                spellcheck="false"
                autocomplete="off"
                prop:value=move || text.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=move |_| if let Some(blur) = on_blur { blur.run(()) }
                aria-describedby=format!("{hint_id} {findings_id}")
                aria-invalid=move || findings.with(|f| f.iter().any(Diagnostic::is_error)).to_string()
            ></textarea>
            <TextFindings findings=findings area=area id=findings_id />
        </div>
    }
}
