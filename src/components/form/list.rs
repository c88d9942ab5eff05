//! A list of items (services, repositories, variables…) with add, remove and reorder by keyboard
//! and pointer. Rows are rendered by index and read their fields by pointer, so moving an item
//! moves its values; focus follows the moved item.

use buildbay_core::edit::Edit;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::components::focus_by_id as focus;
use crate::components::form::{FieldMessages, Form, field_id};

/// The list at `path`. `row` renders the item at a pointer; `new_item` is what "Add" inserts.
#[component]
pub fn ListEditor<R, V>(
    #[prop(into)] path: String,
    /// The item's name for buttons and headings ("service", "repository").
    item: &'static str,
    new_item: Value,
    /// A short title for item `i` (e.g. its name), read reactively.
    title: fn(Form, &str, usize) -> String,
    row: R,
) -> impl IntoView
where
    R: Fn(String, usize) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let form = expect_context::<Form>();
    let len = {
        let path = path.clone();
        Memo::new(move |_| form.len(&path))
    };
    let list_id = field_id(&path);
    let add_id = format!("{list_id}-add");
    let add = {
        let path = path.clone();
        move |_| {
            let index = len.get_untracked();
            form.change.run((path.clone(), Edit::Insert { path: path.clone(), index, value: new_item.clone() }));
            // Focus the new item's first field once it is rendered.
            let target = format!("{}-{index}-row", field_id(&path));
            leptos::task::spawn_local(async move {
                leptos::task::tick().await;
                let first = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector(&format!("#{target} input, #{target} select, #{target} textarea")).ok().flatten());
                if let Some(el) = first.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            });
        }
    };
    let rows = {
        let path = path.clone();
        let add_id = add_id.clone();
        move || {
            (0..len.get())
                .map(|i| {
                    let item_path = format!("{path}/{i}");
                    // Buttons are named after the item's pointer; the row itself gets a suffix so a
                    // scalar item's input (whose id is the item's pointer) stays unique.
                    let row_id = field_id(&item_path);
                    let li_id = format!("{row_id}-row");
                    let list_path = path.clone();
                    let move_by = move |from: usize, to: usize| {
                        form.change.run((list_path.clone(), Edit::Move { path: list_path.clone(), from, to }));
                        let id = format!("{}-{to}-{}", field_id(&list_path), if to < from { "up" } else { "down" });
                        let fallback = format!("{}-{to}-remove", field_id(&list_path));
                        leptos::task::spawn_local(async move {
                            leptos::task::tick().await;
                            focus(&id);
                            if web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()).map(|e| e.id()) != Some(id) {
                                focus(&fallback);
                            }
                        });
                    };
                    let remove_path = path.clone();
                    // The next item takes this one's place and ids; the last gone, the one
                    // before it; the list emptied, its Add button.
                    let after_remove = {
                        let before = if i > 0 { format!(" {}-remove", field_id(&format!("{path}/{}", i - 1))) } else { String::new() };
                        format!("{row_id}-remove{before} {add_id}")
                    };
                    let heading = {
                        let item_path = item_path.clone();
                        move || title(form, &item_path, i)
                    };
                    let row_view = row.clone()(item_path.clone(), i);
                    let up = move_by.clone();
                    let down = move_by;
                    let down_label = heading.clone();
                    let up_label = heading.clone();
                    let row_label = heading.clone();
                    view! {
                        <li class="list-item" id=li_id aria-label=row_label>
                            <div class="list-item-head">
                                <span class="list-item-title">{heading.clone()}</span>
                                <span class="list-item-actions">
                                    <button
                                        type="button"
                                        id=format!("{row_id}-up")
                                        disabled=move || i == 0
                                        aria-label=move || format!("Move {} up", up_label())
                                        on:click=move |_| up(i, i - 1)
                                    >"↑"</button>
                                    <button
                                        type="button"
                                        id=format!("{row_id}-down")
                                        disabled=move || { i + 1 >= len.get() }
                                        aria-label=move || format!("Move {} down", down_label())
                                        on:click=move |_| down(i, i + 1)
                                    >"↓"</button>
                                    <button
                                        type="button"
                                        id=format!("{row_id}-remove")
                                        class="danger"
                                        data-focus-next=after_remove
                                        aria-label=format!("Remove {item} {}", i + 1)
                                        title=format!("Remove {item} {}", i + 1)
                                        on:click=move |_| {
                                            form.change.run((remove_path.clone(), Edit::Remove { path: remove_path.clone(), index: i }));
                                        }
                                    >"Remove"</button>
                                </span>
                            </div>
                            <div class="list-item-body">{row_view}</div>
                            <FieldMessages path=item_path.clone() />
                        </li>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <div class="list-editor" id=list_id>
            <FieldMessages path=path.clone() />
            <ol class="list-items">{rows}</ol>
            <button type="button" class="add" id=add_id on:click=add>{format!("Add {item}")}</button>
        </div>
    }
}
