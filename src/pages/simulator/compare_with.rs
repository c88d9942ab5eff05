//! What the scenario is compared with: the same with more nodes, or a second scenario (B) for
//! any other question. Each field keeps what was typed and says next to itself what is wrong.

use buildbay_core::simulate::compare::AlternativeForm;
use leptos::prelude::*;

use super::kept::{KeptScenario, TabOnlyNote, kept_scenario};
use super::scenario_file::{SCENARIO_B, ScenarioFile, ScenarioOpener};
use super::undo::Replaceable;
use crate::state::{kept_flag, kept_text};

/// Where the choice of a second scenario (rather than more nodes) is kept between visits.
const SECOND_CHOSEN_KEY: &str = "buildbay.simulator.compare-with-scenario";
/// Where scenario B is kept between visits.
const SECOND_KEY: &str = "buildbay.simulator.scenario-b";
/// Where the number of extra nodes is kept between visits, as typed.
const EXTRA_NODES_KEY: &str = "buildbay.simulator.extra-nodes";

/// The "compare with" fields as typed.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    /// Whether a second scenario is chosen (else more nodes).
    pub second_chosen: RwSignal<bool>,
    pub extra_nodes: RwSignal<String>,
    pub second: KeptScenario,
}

impl Choice {
    /// The fields as they were left last time (two extra nodes, and an empty scenario B, at first).
    pub fn load() -> Choice {
        Choice { second_chosen: kept_flag(SECOND_CHOSEN_KEY, false), extra_nodes: kept_text(EXTRA_NODES_KEY, "2"), second: kept_scenario(SECOND_KEY, "") }
    }

    /// The fields for core to read (tracked, so a memo over it follows every field).
    pub fn form(&self) -> AlternativeForm {
        AlternativeForm { second_scenario: self.second_chosen.get(), extra_nodes: self.extra_nodes.get(), scenario: self.second.text.get() }
    }
}

/// The choice and its field; `first` is scenario A (for copying into B), and `b_unreadable`
/// whether the last run stopped at B's text (whose problems, `scenario-error`, B then points at).
#[component]
pub fn CompareWith(choice: Choice, first: RwSignal<String>, b_unreadable: Signal<bool>) -> impl IntoView {
    let Choice { second_chosen, extra_nodes, second } = choice;
    let problem = Memo::new(move |_| choice.form().read().err());
    let nodes_problem = move || problem.get().filter(|_| !second_chosen.get());
    let scenario_problem = move || problem.get().filter(|_| second_chosen.get());
    let copy = Replaceable::new(second.text);
    let opener = ScenarioOpener::new(second.text, SCENARIO_B);
    view! {
        <fieldset class="compare-with">
            <legend>"Compare with"</legend>
            <div class="choices">
                <label class="choice">
                    <input type="radio" name="compare-with" id="compare-nodes" prop:checked=move || !second_chosen.get() on:change=move |_| second_chosen.set(false) />
                    "The same scenario with more nodes"
                </label>
                <label class="choice">
                    <input type="radio" name="compare-with" id="compare-scenario" prop:checked=move || second_chosen.get() on:change=move |_| second_chosen.set(true) />
                    "A second scenario (B)"
                </label>
            </div>
            <Show when=move || !second_chosen.get()>
                <div class="toolbar-field">
                    <label for="extra-nodes">"Extra nodes"</label>
                    <input id="extra-nodes" type="text" inputmode="numeric" prop:value=move || extra_nodes.get()
                        on:input=move |ev| extra_nodes.set(event_target_value(&ev))
                        aria-invalid=move || nodes_problem().is_some().to_string() aria-describedby="extra-nodes-hint extra-nodes-message" />
                    <span class="hint" id="extra-nodes-hint">"More nodes like the first node row's (of the first cluster that has one), named after them"</span>
                    <span class="field-message error" id="extra-nodes-message">{nodes_problem}</span>
                </div>
            </Show>
            <Show when=move || second_chosen.get()>
                <label for="scenario-b-text">"Scenario B (JSON, like scenario A; without its own \"clusters\" it runs on the cluster model above)"</label>
                <textarea id="scenario-b-text" class="scenario-text" rows="12" spellcheck="false"
                    prop:value=move || second.text.get()
                    on:input=move |ev| second.text.set(event_target_value(&ev))
                    on:dragover=move |ev| opener.drag_over(ev) on:drop=move |ev| opener.drop(ev)
                    aria-invalid=move || (scenario_problem().is_some() || b_unreadable.get()).to_string()
                    aria-describedby=move || {
                        let notes = ["scenario-b-message", if second.unkept() { "scenario-b-kept" } else { "" }, if b_unreadable.get() { "scenario-error" } else { "" }];
                        notes.into_iter().filter(|id| !id.is_empty()).collect::<Vec<_>>().join(" ")
                    }></textarea>
                <span class="field-message error" id="scenario-b-message">{scenario_problem}</span>
                <TabOnlyNote scenario=second id="scenario-b-kept" />
                <div class="toolbar">
                    <button type="button" on:click=move |_| copy.replace(first.get_untracked())>"Copy scenario A into B"</button>
                    <Show when=move || copy.can_undo()>
                        <button type="button" on:click=move |_| copy.undo()>"Undo the copy"</button>
                    </Show>
                </div>
                <ScenarioFile scenario=second opener=opener />
            </Show>
        </fieldset>
    }
}
