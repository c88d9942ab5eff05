//! The findings of a JSON text being edited, each with a link that puts the cursor at its line
//! and column: the JSON view of a build and a template's page both list them this way.

use buildbay_core::diagnostic::Diagnostic;
use leptos::html;
use leptos::prelude::*;

/// Puts the cursor of `area` at `line` and `column` (from 1, counted in characters) and
/// focuses it.
fn jump(area: NodeRef<html::Textarea>, line: usize, column: usize) {
    let Some(el) = area.get_untracked() else { return };
    let value = el.value();
    let mut offset = 0usize;
    for (i, l) in value.split('\n').enumerate() {
        if i + 1 == line {
            offset += l.chars().take(column.saturating_sub(1)).map(char::len_utf16).sum::<usize>();
            break;
        }
        offset += l.encode_utf16().count() + 1;
    }
    let _ = el.focus();
    let _ = el.set_selection_range(offset as u32, offset as u32);
}

/// A list (`id`, for the text's `aria-describedby`) of the first hundred findings, errors and
/// warnings alike, each placed by line and column where it has one, else by its path.
#[component]
pub fn TextFindings(#[prop(into)] findings: Signal<Vec<Diagnostic>>, area: NodeRef<html::Textarea>, id: &'static str) -> impl IntoView {
    let list = move || {
        findings
            .get()
            .into_iter()
            .take(100)
            .map(|d| {
                let kind = if d.is_error() { "Error" } else { "Warning" };
                let place = d.position.map(|p| (p.line, p.column));
                let where_ = place.map(|(l, c)| format!("line {l}, column {c}")).unwrap_or_else(|| d.path.clone());
                view! {
                    <li class=if d.is_error() { "message error" } else { "message warning" }>
                        <span class="message-kind">{kind}":"</span>" "
                        {match place {
                            Some((l, c)) => view! { <button type="button" class="link" on:click=move |_| jump(area, l, c)>{where_.clone()}</button> }.into_any(),
                            None => view! { <code>{where_.clone()}</code> }.into_any(),
                        }}
                        " — " {d.message.clone()}
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul id=id class="field-messages" aria-live="polite">{list}</ul> }
}
