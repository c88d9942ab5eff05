//! What stopped a job from starting, above the start form: each problem a link that focuses
//! its field, as the build editor's error summary does, so that a refusal about a field out of
//! view (a branch, a variable further down) is found by keyboard and screen reader alike.

use buildbay_core::Diagnostic;
use buildbay_core::simulate::text::counted;
use leptos::prelude::*;

use crate::components::{focus_by_id, focus_first};

/// The summary's id: focus goes there when a start is refused.
pub(super) const SUMMARY_ID: &str = "job-start-problems";

/// The id of the field a start-form problem at `path` (a pointer into the job core reads from
/// the form) is about; None for the services, a group of checkboxes without one.
fn field_of(path: &str) -> Option<String> {
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next()) {
        (Some("services"), _) => None,
        (Some("branches"), Some(i)) => Some(format!("job-branch-{i}")),
        (Some("git_ref"), _) => Some("job-git-ref".to_string()),
        (Some("inputs"), Some(i)) => Some(format!("job-var-{i}")),
        _ => Some("job-build".to_string()),
    }
}

/// The control to focus for `field`, as a CSS selector: the field itself, or the first control
/// of a group under its id (a choice of a few options, a multi-select) or of the services.
fn control_of(field: Option<&str>) -> String {
    match field {
        Some(id) => format!("#{id}:is(input, select), #{id} :is(input, select)"),
        None => ".job-services input".to_string(),
    }
}

/// The errors that stopped the last start, each a link to its field; nothing while there are none.
#[component]
pub(super) fn StartRefusal(problems: RwSignal<Vec<Diagnostic>>) -> impl IntoView {
    let items = move || {
        problems.with(|ps| {
            ps.iter()
                .filter(|p| p.is_error())
                .map(|p| {
                    let field = field_of(&p.path);
                    let href = field.as_deref().map_or_else(|| "#start-job-title".to_string(), |id| format!("#{id}"));
                    let control = control_of(field.as_deref());
                    view! {
                        <li>
                            <a href=href on:click=move |ev| {
                                ev.prevent_default();
                                focus_first(&control);
                            }>{p.message.clone()}</a>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let errors = move || problems.with(|ps| ps.iter().filter(|p| p.is_error()).count());
    let title = move || format!("The job was not started: {} to fix", counted(errors() as u64, "problem", "problems"));
    view! {
        <Show when=move || { errors() > 0 }>
            <div class="error-summary" id=SUMMARY_ID role="alert" tabindex="-1" aria-labelledby="job-start-problems-title">
                <h3 id="job-start-problems-title">{title}</h3>
                <ul>{items}</ul>
            </div>
        </Show>
    }
}

/// Moves focus to the summary once it is drawn.
pub(super) fn focus_summary() {
    request_animation_frame(|| focus_by_id(SUMMARY_ID));
}
