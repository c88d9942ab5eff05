//! A scenario as a link: "Copy a link to scenario A" puts scenario A, with the cluster model and
//! its secret values masked, in a link's fragment (core's `scenario_link`), which no server
//! sees; a page opened with such a link opens its scenario as A, with a way back.

use buildbay_core::simulate::scenario_link::{fragment_for, from_fragment};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::undo::{Replaceable, ReplacedStatus};
use crate::state::Lab;

/// The scenario the page's URL carries, if any, taken out of the URL (the address keeps its
/// path): a reload must not put it over what was typed since.
fn take_from_url() -> Option<Result<String, String>> {
    let window = web_sys::window()?;
    let location = window.location();
    let arrived = from_fragment(&location.hash().ok()?)?;
    let rest = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&rest));
    }
    Some(arrived)
}

/// This page's address with `fragment` after it.
fn link_with(fragment: &str) -> Result<String, String> {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).ok_or("The page's address could not be read.")?;
    Ok(format!("{origin}/simulator#{fragment}"))
}

/// Writes `text` to the clipboard; false when the browser does not let the page.
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// What the last "Copy a link" made: the link and whether it reached the clipboard, or why none was made.
#[derive(Debug, Clone, PartialEq)]
enum Made {
    Link { link: String, copied: bool },
    Refused(String),
}

/// The link button for scenario `text` (A's), the link it made, and the scenario a link
/// brought, opened in `text`'s place with an undo.
#[component]
pub fn ScenarioLink(text: RwSignal<String>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let replace = Replaceable::new(text);
    let opened = RwSignal::new(None::<Result<String, String>>);
    let take_up = move || {
        if let Some(arrived) = take_from_url() {
            opened.set(Some(arrived.map(|scenario| {
                replace.replace(scenario);
                "Opened the scenario in the link as scenario A.".to_string()
            })));
        }
    };
    take_up();
    // A link opened in a tab already on this page changes only the address's fragment, which
    // loads nothing: the page takes it up as it arrives.
    let arrivals = window_event_listener(leptos::ev::hashchange, move |_| take_up());
    on_cleanup(move || arrivals.remove());
    let made = RwSignal::new(None::<Made>);
    let make = move |_| {
        // A link carries the model: one whose fields do not all read would carry its last readable state.
        if !lab.cluster_problems().is_empty() {
            return made.set(Some(Made::Refused("The cluster model above has fields that do not read: fix the marked fields first, since the link carries the model.".into())));
        }
        let link = text.with_untracked(|typed| fragment_for(typed, "A", &lab.model())).and_then(|f| link_with(&f));
        match link {
            Ok(link) => spawn_local(async move {
                let copied = copy_to_clipboard(&link).await;
                made.set(Some(Made::Link { link, copied }));
            }),
            Err(why) => made.set(Some(Made::Refused(why))),
        }
    };
    // The whole link is selected as the field takes focus, ready to copy by hand.
    let select_all = move |ev: web_sys::FocusEvent| event_target::<web_sys::HtmlInputElement>(&ev).select();
    let said = move || {
        made.get().map(|m| match m {
            Made::Link { link, copied } => {
                let size = link.len().div_ceil(1000);
                let line = if copied { format!("Link to scenario A copied ({size} KB).") } else { format!("The link to scenario A ({size} KB) is below: the browser did not let the page copy it.") };
                view! {
                    <p role="status" id="scenario-link-made">{line}</p>
                    <div class="field">
                        <label for="scenario-link">"Link to scenario A"</label>
                        <input id="scenario-link" type="text" readonly=true prop:value=link on:focus=select_all />
                    </div>
                }
                .into_any()
            }
            Made::Refused(why) => view! { <p role="alert" class="error" id="scenario-link-made">{why}</p> }.into_any(),
        })
    };
    view! {
        <div class="scenario-link">
            <button type="button" on:click=make aria-describedby="scenario-link-hint">"Copy a link to scenario A"</button>
            <p class="hint" id="scenario-link-hint">
                "The link carries the scenario with the cluster model above, its secret values masked, after its #, which the browser sends to no server: "
                "whoever opens it gets this scenario in their Simulator, and the same seed runs the same (so does "<code>"buildbay simulate \"LINK\""</code>")."
            </p>
            {said}
            <ReplacedStatus outcome=opened replace=replace id="scenario-link-opened" undo_label="Undo opening the link" />
        </div>
    }
}
