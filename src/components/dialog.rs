//! A modal dialog on the native `<dialog>` element: it traps focus, closes on Escape, and gives
//! focus back to whatever opened it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal dialog shown while `open` is true.
#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    /// The heading, which may follow a signal (a dialog showing one of many items names it).
    #[prop(into)]
    title: TextProp,
    /// Id for the title, which labels the dialog.
    #[prop(into)]
    id: String,
    children: ChildrenFn,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let Some(dialog) = node.get() else { return };
        if open.get() {
            if !dialog.open() {
                let active = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                opener.set_value(active);
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
            if let Some(el) = opener.get_value() {
                let _ = el.focus();
            }
        }
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog
            node_ref=node
            id=id
            class="dialog"
            aria-labelledby=labelled_by
            on:close=move |_: web_sys::Event| open.set(false)
            on:cancel=move |_: web_sys::Event| open.set(false)
        >
            <header class="dialog-head">
                <h2 id=title_id>{move || title.get()}</h2>
                <button type="button" class="dialog-close" aria-label="Close" on:click=move |_| open.set(false)>"×"</button>
            </header>
            <div class="dialog-body">{move || open.get().then(|| children())}</div>
        </dialog>
    }
}
