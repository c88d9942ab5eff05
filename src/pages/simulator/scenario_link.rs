//! A scenario as a link: "Copy a link to scenario A" puts scenario A, with the cluster model and
//! its secret values masked, in a link's fragment (core's `scenario_link`), which no server
//! sees, and "Copy a link to the comparison" what A is compared with beside it; a page opened
//! with such a link opens what it carries, with a way back.

use buildbay_core::simulate::compare::AlternativeForm;
use buildbay_core::simulate::scenario_link::{Linked, comparison_fragment_for, fragment_for, from_fragment};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::compare_with::Choice;
use super::undo::{Fields, Replaceable, ReplacedStatus};
use crate::state::Lab;

/// What the page's URL carries, if anything, taken out of the URL (the address keeps its
/// path): a reload must not put it over what was typed since.
fn take_from_url() -> Option<Result<Linked, String>> {
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

/// What the last "Copy a link" made: what it links to, the link and whether it reached the
/// clipboard, or why none was made.
#[derive(Debug, Clone, PartialEq)]
enum Made {
    Link { to: &'static str, link: String, copied: bool },
    Refused(String),
}

/// The fields a link fills: scenario A's text and the "compare with" fields.
#[derive(Debug, Clone, Copy)]
struct LinkFields {
    text: RwSignal<String>,
    choice: Choice,
}

impl Fields for LinkFields {
    type Value = (String, AlternativeForm);

    fn current(&self) -> (String, AlternativeForm) {
        (self.text.get_untracked(), untrack(|| self.choice.form()))
    }

    fn stand_at(&self, (scenario, form): &(String, AlternativeForm)) -> bool {
        let Choice { second_chosen, extra_nodes, second } = self.choice;
        // Each field read, so that typing in any of them ends the undo offer.
        let same = [self.text.stand_at(scenario), second_chosen.get() == form.second_scenario, extra_nodes.stand_at(&form.extra_nodes), second.text.stand_at(&form.scenario)];
        same.iter().all(|s| *s)
    }

    fn put(&self, (scenario, form): (String, AlternativeForm)) {
        let Choice { second_chosen, extra_nodes, second } = self.choice;
        self.text.set(scenario);
        second_chosen.set(form.second_scenario);
        extra_nodes.set(form.extra_nodes);
        second.text.set(form.scenario);
    }
}

/// The link buttons for scenario `text` (A's) and its comparison (`choice`), the link made, and
/// what a link brought, opened in their place with an undo.
#[component]
pub fn ScenarioLink(text: RwSignal<String>, choice: Choice) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let opening = Replaceable::new(LinkFields { text, choice });
    let opened = RwSignal::new(None::<Result<String, String>>);
    let take_up = move || {
        if let Some(arrived) = take_from_url() {
            opened.set(Some(arrived.map(|linked| {
                let (scenario, form, said) = linked.opened_over(untrack(|| choice.form()));
                opening.replace((scenario, form));
                said
            })));
        }
    };
    take_up();
    // A link opened in a tab already on this page changes only the address's fragment, which
    // loads nothing: the page takes it up as it arrives.
    let arrivals = window_event_listener(leptos::ev::hashchange, move |_| take_up());
    on_cleanup(move || arrivals.remove());
    let made = RwSignal::new(None::<Made>);
    let make = move |comparison: bool| {
        // A link carries the model: one whose fields do not all read would carry its last readable state.
        if !lab.cluster_problems().is_empty() {
            return made.set(Some(Made::Refused("The cluster model above has fields that do not read: fix the marked fields first, since the link carries the model.".into())));
        }
        let model = lab.model();
        let (to, fragment) = if comparison {
            let alternative = untrack(|| choice.form()).read().map_err(|why| format!("What scenario A is compared with does not read: {why}"));
            ("the comparison", alternative.and_then(|alternative| text.with_untracked(|typed| comparison_fragment_for(typed, &alternative, &model))))
        } else {
            ("scenario A", text.with_untracked(|typed| fragment_for(typed, "A", &model)))
        };
        match fragment.and_then(|f| link_with(&f)) {
            Ok(link) => spawn_local(async move {
                let copied = copy_to_clipboard(&link).await;
                made.set(Some(Made::Link { to, link, copied }));
            }),
            Err(why) => made.set(Some(Made::Refused(why))),
        }
    };
    // The whole link is selected as the field takes focus, ready to copy by hand.
    let select_all = move |ev: web_sys::FocusEvent| event_target::<web_sys::HtmlInputElement>(&ev).select();
    let said = move || {
        made.get().map(|m| match m {
            Made::Link { to, link, copied } => {
                let size = link.len().div_ceil(1000);
                let line = if copied { format!("Link to {to} copied ({size} KB).") } else { format!("The link to {to} ({size} KB) is below: the browser did not let the page copy it.") };
                view! {
                    <p role="status" id="scenario-link-made">{line}</p>
                    <div class="field">
                        <label for="scenario-link">{format!("Link to {to}")}</label>
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
            <div class="toolbar">
                <button type="button" on:click=move |_| make(false) aria-describedby="scenario-link-hint">"Copy a link to scenario A"</button>
                <button type="button" on:click=move |_| make(true) aria-describedby="scenario-link-hint">"Copy a link to the comparison"</button>
            </div>
            <p class="hint" id="scenario-link-hint">
                "A link carries scenario A with the cluster model above, its secret values masked, after its #, which the browser sends to no server; "
                "the comparison's link also carries what A is compared with below (scenario B, masked likewise, or the extra nodes). "
                "Whoever opens it gets the same in their Simulator, and the same seed runs the same (so does "<code>"buildbay simulate \"LINK\""</code>")."
            </p>
            {said}
            <ReplacedStatus outcome=opened replace=opening id="scenario-link-opened" undo_label="Undo opening the link" restores="scenario-text" />
        </div>
    }
}
