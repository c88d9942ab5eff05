//! What stopped a job from starting, above the start form: each problem a link that focuses
//! its field, as the build editor's error summary does, so that a refusal about a field out of
//! view (a branch, a variable further down) is found by keyboard and screen reader alike.

use buildbay_core::Diagnostic;
use buildbay_core::simulate::text::counted;
use leptos::prelude::*;

use crate::components::{focus_by_id, focus_first};

/// The summary's id: focus goes there when a start is refused.
pub(super) const SUMMARY_ID: &str = "job-start-problems";

/// The control a start-form problem at `path` (a pointer into the job core reads from the form)
/// is about, as a CSS selector: a field's own control, or the first of a group's.
fn control_of(path: &str) -> String {
    let mut parts = path.trim_start_matches('/').split('/');
    let id = match (parts.next(), parts.next()) {
        (Some("services"), _) => return ".job-services input".to_string(),
        (Some("branches"), Some(i)) => format!("job-branch-{i}"),
        (Some("git_ref"), _) => "job-git-ref".to_string(),
        (Some("inputs"), Some(i)) => format!("job-var-{i}"),
        _ => "job-build".to_string(),
    };
    // A choice of a few options, or a multi-select, is a group of inputs under the id.
    format!("#{id}:is(input, select), #{id} :is(input, select)")
}

/// The errors that stopped the last start, each a link to its field; nothing while there are none.
#[component]
pub(super) fn StartRefusal(problems: RwSignal<Vec<Diagnostic>>) -> impl IntoView {
    let items = move || {
        problems.with(|ps| {
            ps.iter()
                .filter(|p| p.is_error())
                .map(|p| {
                    let control = control_of(&p.path);
                    let href = control.split(':').next().filter(|s| s.starts_with('#')).unwrap_or("#start-job-title").to_string();
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
