//! A monospace script editor with line numbers, where Tab indents.
//!
//! Tab inserts four spaces and Shift+Tab removes them, so the keyboard is not trapped: Escape,
//! then Tab, moves on to the next control (announced in the field's hint).

use leptos::html;
use leptos::prelude::*;
use serde_json::Value;

use crate::components::form::frame::{described_by, invalid};
use crate::components::form::{FieldFrame, Form, field_id};

const INDENT: &str = "    ";

/// The script field at `path`.
#[component]
pub fn ScriptEditor(#[prop(into)] path: String, #[prop(into)] label: String) -> impl IntoView {
    let form = expect_context::<Form>();
    let id = field_id(&path);
    let area = NodeRef::<html::Textarea>::new();
    let gutter = NodeRef::<html::Div>::new();
    // After Escape, the next Tab leaves the editor instead of indenting.
    let tab_leaves = RwSignal::new(false);
    let text = {
        let path = path.clone();
        Memo::new(move |_| form.text(&path))
    };
    let line_numbers = move || {
        let lines = text.with(|t| t.split('\n').count()).max(1);
        (1..=lines).map(|n| n.to_string()).collect::<Vec<_>>().join("\n")
    };
    let set = {
        let path = path.clone();
        move |value: String| form.set(&path, Value::String(value))
    };
    let on_input = {
        let set = set.clone();
        move |ev| set(event_target_value(&ev))
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            tab_leaves.set(true);
            return;
        }
        if ev.key() != "Tab" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            tab_leaves.set(false);
            return;
        }
        if tab_leaves.get_untracked() {
            tab_leaves.set(false);
            return;
        }
        ev.prevent_default();
        let Some(el) = area.get_untracked() else { return };
        let value = el.value();
        let start = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        let end = el.selection_end().ok().flatten().unwrap_or(0) as usize;
        // Selection offsets are in UTF-16 units; work on those.
        let units: Vec<u16> = value.encode_utf16().collect();
        let (start, end) = (start.min(units.len()), end.min(units.len()));
        let line_start = units[..start].iter().rposition(|u| *u == u16::from(b'\n')).map(|i| i + 1).unwrap_or(0);
        let (new_text, new_start, new_end) = if ev.shift_key() {
            let mut out: Vec<u16> = units[..line_start].to_vec();
            let removable = units[line_start..].iter().take(INDENT.len()).take_while(|u| **u == u16::from(b' ')).count();
            out.extend_from_slice(&units[line_start + removable..]);
            (String::from_utf16_lossy(&out), start.saturating_sub(removable).max(line_start), end.saturating_sub(removable).max(line_start))
        } else {
            let mut out: Vec<u16> = units[..start].to_vec();
            out.extend(INDENT.encode_utf16());
            out.extend_from_slice(&units[end..]);
            (String::from_utf16_lossy(&out), start + INDENT.len(), start + INDENT.len())
        };
        el.set_value(&new_text);
        let _ = el.set_selection_range(new_start as u32, new_end as u32);
        set(new_text);
    };
    let on_scroll = move |_| {
        if let (Some(a), Some(g)) = (area.get_untracked(), gutter.get_untracked()) {
            g.set_scroll_top(a.scroll_top());
        }
    };
    let hint = Some("Tab indents and Shift+Tab outdents. To leave the editor with the keyboard, press Escape, then Tab.".to_string());
    let aria_invalid = invalid(&path, form);
    let aria_described = described_by(&path, true, form);
    view! {
        <FieldFrame path=path.clone() label=label hint=hint>
            <div class="script-editor">
                <div class="gutter" aria-hidden="true" node_ref=gutter>{line_numbers}</div>
                <textarea
                    node_ref=area
                    id=id
                    class="code"
                    rows="14"
                    wrap="off"
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input=on_input
                    on:keydown=on_keydown
                    on:scroll=on_scroll
                    aria-invalid=aria_invalid
                    aria-describedby=aria_described
                ></textarea>
            </div>
        </FieldFrame>
    }
}
