//! A run's problems and findings as the Simulator lists them: each place in a scenario's text
//! is a button that puts the cursor there, so a problem on line 212 is one click away.

use buildbay_core::simulate::compare::{Listed, Side, Spot};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::text_findings::put_cursor;

/// The id of the text a spot is in: scenario A's, or B's.
fn text_id(spot: Spot) -> &'static str {
    match spot.side {
        Side::A => "scenario-text",
        Side::B => "scenario-b-text",
    }
}

/// Puts the cursor at the spot in its scenario's text; nothing when that text is no longer
/// shown (B's, once the comparison was switched back to more nodes). A place listed in a
/// dialog (a job's report) closes it first: the text is behind it, out of reach while it is open.
fn go_to(spot: Spot, from: &web_sys::Event) {
    let dialog = from.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("dialog").ok().flatten());
    if let Some(dialog) = dialog.and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok()) {
        dialog.close();
    }
    let field = document().get_element_by_id(text_id(spot)).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
    if let Some(field) = field {
        put_cursor(&field, spot.position);
    }
}

/// The problems one a line, each place with a spot a button that goes there.
#[component]
pub fn ProblemList(problems: Vec<Listed>) -> impl IntoView {
    let items = problems
        .into_iter()
        .map(|Listed { place, message, spot }| {
            let place = match (spot, place.is_empty()) {
                (_, true) => None,
                (Some(spot), false) => Some(view! { <button type="button" class="link" title="Put the cursor there in the scenario's text" on:click=move |ev| go_to(spot, &ev)>{place}</button> }.into_any()),
                (None, false) => Some(view! { <code>{place}</code> }.into_any()),
            };
            let between = place.is_some().then_some(": ");
            view! { <li>{place}{between}{message}</li> }
        })
        .collect_view();
    view! { <ul class="problem-list">{items}</ul> }
}
