//! The start form's fields: a branch per repository (or Nuon's one git ref) and a value per
//! variable (per service where a template build's services give it differently), each marked
//! where the job rules refuse it.

use buildbay_core::Diagnostic;
use buildbay_core::diagnostic::message_at;
use buildbay_core::model::{BranchOverride, JobInput, Variable};
use leptos::prelude::*;

use crate::components::form::{MAX_RADIOS, RevealButton};

/// The message of the first finding at `path`, if any.
pub(super) fn problem_at(problems: RwSignal<Vec<Diagnostic>>, path: &str) -> Option<String> {
    problems.with(|ps| message_at(ps, path).map(String::from))
}

/// The branch to check out of one repository, marked where the job rules refuse it.
#[component]
pub(super) fn BranchField(branches: RwSignal<Vec<BranchOverride>>, problems: RwSignal<Vec<Diagnostic>>, index: usize, label: String) -> impl IntoView {
    let id = format!("job-branch-{index}");
    let message_id = format!("{id}-message");
    let path = format!("/branches/{index}/branch");
    let problem = Signal::derive(move || problem_at(problems, &path));
    let value = move || branches.with(|b| b.get(index).map(|b| b.branch.clone()).unwrap_or_default());
    let set = move |ev| branches.update(|b| if let Some(b) = b.get_mut(index) { b.branch = event_target_value(&ev) });
    view! {
        <div class="toolbar-field">
            <label for=id.clone()>{label}</label>
            <input type="text" id=id prop:value=value on:input=set aria-invalid=move || problem.with(Option::is_some).to_string() aria-describedby=message_id.clone() />
            <span class="field-message error" id=message_id>{problem}</span>
        </div>
    }
}

/// The ref a Nuon job builds (Nuon's request takes one, whatever the repositories), marked
/// where the job rules refuse it; a build of the latest commit (`use_latest`) says so instead.
#[component]
pub(super) fn GitRefField(git_ref: RwSignal<String>, problems: RwSignal<Vec<Diagnostic>>, latest: bool) -> impl IntoView {
    if latest {
        return view! {
            <p class="toolbar-field muted" id="job-git-ref-latest">"Git ref: the latest commit (the build sets use_latest, and Nuon replaces any ref it is given)"</p>
        }
        .into_any();
    }
    let problem = Signal::derive(move || problem_at(problems, "/git_ref"));
    view! {
        <div class="toolbar-field">
            <label for="job-git-ref">"Git ref"</label>
            <input type="text" id="job-git-ref" prop:value=move || git_ref.get() on:input=move |ev| git_ref.set(event_target_value(&ev))
                aria-invalid=move || problem.with(Option::is_some).to_string() aria-describedby="job-git-ref-hint job-git-ref-message" />
            <span class="field-message" id="job-git-ref-hint">"A branch, tag or commit, as Nuon's build request takes it"</span>
            <span class="field-message error" id="job-git-ref-message">{problem}</span>
        </div>
    }
    .into_any()
}

/// A field of one service's (its value, its repository's branch), hidden while the service is
/// not ticked, as it would run nowhere; a field of the whole build's (`service` empty) always shows.
#[component]
pub(super) fn ServiceSlot(services: RwSignal<Vec<String>>, service: String, children: Children) -> impl IntoView {
    let unused = move || !service.is_empty() && !services.with(|v| v.contains(&service));
    view! { <div class="field-slot" hidden=unused>{children()}</div> }
}

/// How the start form names a variable: its key, and that it is a secret.
pub(super) fn variable_label(variable: &Variable) -> String {
    if variable.is_credential { format!("{} (secret)", variable.key) } else { variable.key.clone() }
}

/// A variable a template build's services give differently: a value per service, each starting
/// from the service's own, as Zadig's run request takes them (`service_list[].inputs`); the
/// variable's description once, for the group.
#[component]
pub(super) fn PerServiceInputs(
    inputs: RwSignal<Vec<JobInput>>,
    problems: RwSignal<Vec<Diagnostic>>,
    /// The services ticked: a value for one not ticked runs nowhere, so its field is hidden.
    services: RwSignal<Vec<String>>,
    index: usize,
    variable: Variable,
    each: Vec<(usize, String)>,
) -> impl IntoView {
    let hint_id = format!("job-var-{index}-hint");
    let hint = variable.description.trim().to_string();
    let no_hint = hint.is_empty();
    let one = Variable { description: String::new(), ..variable.clone() };
    let described = (!no_hint).then(|| hint_id.clone());
    view! {
        <fieldset class="toolbar-field job-per-service" id=format!("job-var-{index}") aria-describedby=described>
            <legend>{format!("{} — per service", variable_label(&variable))}</legend>
            <div class="toolbar">
                {each.into_iter().map(|(n, service)| {
                    let variable = one.clone();
                    view! {
                        <ServiceSlot services=services service=service.clone()>
                            <JobInputField inputs=inputs problems=problems index=n variable=variable label=service />
                        </ServiceSlot>
                    }
                }).collect_view()}
            </div>
            <span class="field-message" id=hint_id hidden=no_hint>{hint}</span>
        </fieldset>
    }
}

/// One variable's value for the job (for every service, or the one `label` names): a choice
/// offers its options (as radio buttons up to [`MAX_RADIOS`], else a drop-down), a
/// multi-select its options to tick, a secret is typed unseen; the variable's description says
/// what it is for.
#[component]
pub(super) fn JobInputField(inputs: RwSignal<Vec<JobInput>>, problems: RwSignal<Vec<Diagnostic>>, index: usize, variable: Variable, label: String) -> impl IntoView {
    let id = format!("job-var-{index}");
    let message_id = format!("{id}-message");
    let hint_id = format!("{id}-hint");
    let hint = variable.description.trim().to_string();
    let described = [(!hint.is_empty()).then_some(hint_id.as_str()), Some(message_id.as_str())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let path = format!("/inputs/{index}/value");
    let problem = Signal::derive(move || problem_at(problems, &path));
    let invalid = move || problem.with(Option::is_some).to_string();
    let set = move |value: String| inputs.update(|vs| if let Some(v) = vs.get_mut(index) { v.value = value });
    let current = inputs.with_untracked(|vs| vs.get(index).cloned().unwrap_or_default());
    let no_hint = hint.is_empty();
    let after = view! {
        <span class="field-message" id=hint_id hidden=no_hint>{hint}</span>
        <span class="field-message error" id=message_id>{problem}</span>
    };
    let multiple = variable.kind == "multi-select";
    let few = variable.kind == "choice" && variable.choice_options.len() <= MAX_RADIOS;
    if (multiple || few) && !variable.choice_options.is_empty() {
        let options = variable.choice_options.clone();
        let boxes = variable.choice_options.iter().enumerate().map(|(k, option)| {
            let box_id = format!("{id}-{k}");
            let ticked = if multiple { current.picked().any(|p| p == option) } else { *option == current.value };
            // An empty option reads "(empty)", as the build editor shows it.
            let text = if option.is_empty() { "(empty)".to_string() } else { option.clone() };
            let for_id = box_id.clone();
            let (option, options) = (option.clone(), options.clone());
            let pick = move |ev| {
                let on = event_target_checked(&ev);
                inputs.update(|vs| {
                    if let Some(v) = vs.get_mut(index) {
                        v.value = if multiple { v.toggled(&options, &option, on) } else { option.clone() };
                    }
                })
            };
            let (kind, name) = if multiple { ("checkbox", None) } else { ("radio", Some(id.clone())) };
            view! { <label for=for_id><input type=kind id=box_id name=name checked=ticked aria-invalid=invalid on:change=pick />{text}</label> }
        });
        let role = (!multiple).then_some("radiogroup");
        return view! {
            <fieldset class="toolbar-field job-choices" id=id role=role aria-describedby=described>
                <legend>{label}</legend>
                <div class="choice-boxes">{boxes.collect_view()}</div>
                {after}
            </fieldset>
        }
        .into_any();
    }
    let field = if variable.kind == "choice" && !variable.choice_options.is_empty() {
        // A value that is no option (a default the build gives wrongly) shows as what it is,
        // not as the first option the drop-down would otherwise show while keeping it.
        let unknown = (!variable.choice_options.contains(&current.value)).then(|| {
            let value = current.value.clone();
            view! { <option value=value.clone() selected=true>{format!("“{value}” (not an option)")}</option> }
        });
        view! {
            <select id=id.clone() aria-invalid=invalid aria-describedby=described on:change=move |ev| set(event_target_value(&ev))>
                {unknown}
                {variable.choice_options.iter().map(|o| view! { <option value=o.clone() selected=*o == current.value>{o.clone()}</option> }).collect_view()}
            </select>
        }.into_any()
    } else if variable.is_credential {
        // Typed unseen, with a button to check what was typed.
        let revealed = RwSignal::new(false);
        let kind = move || if revealed.get() { "text" } else { "password" };
        view! {
            <span class="secret">
                <input id=id.clone() type=kind class="secret-input" autocomplete="new-password" spellcheck="false" value=current.value aria-invalid=invalid aria-describedby=described
                    on:change=move |ev| set(event_target_value(&ev)) />
                <RevealButton revealed=revealed label=label.clone() />
            </span>
        }.into_any()
    } else {
        view! { <input id=id.clone() type="text" autocomplete="off" value=current.value aria-invalid=invalid aria-describedby=described on:change=move |ev| set(event_target_value(&ev)) /> }.into_any()
    };
    view! {
        <div class="toolbar-field">
            <label for=id>{label}</label>
            {field}
            {after}
        </div>
    }
    .into_any()
}
