//! One module per routed section of the console.

pub mod build;
pub mod builds;
mod jobs;
mod not_found;
mod settings;
mod simulator;
mod templates;
mod url_query;

pub use build::BuildPage;
pub use builds::BuildsPage;
pub use jobs::{JobPage, JobsPage};
pub use not_found::NotFoundPage;
pub use settings::SettingsPage;
pub use simulator::{SimulatorPage, SimulatorRun};
pub use templates::{TemplatePage, TemplatesPage};

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_params_map;

/// A path segment for a name, so any name (a build's, a template's, a job's) opens its own page.
pub(crate) fn encoded(name: &str) -> String {
    js_sys::encode_uri_component(name).as_string().unwrap_or_default()
}

/// Goes to `path` once an awaited store operation has finished, unless the page that asked is
/// gone by then: the admin who went elsewhere meanwhile is not pulled back, and the page does
/// not die reading a value disposed with it.
pub(crate) fn navigate_unless_left<F>(navigate: StoredValue<F, LocalStorage>, path: &str, options: NavigateOptions)
where
    F: Fn(&str, NavigateOptions) + 'static,
{
    let _ = navigate.try_with_value(|go| go(path, options));
}

/// The heading and lead paragraph every section opens with; sets the document title too.
#[component]
pub fn SectionIntro(
    /// Section title, also used in the document title; it follows the route when that changes.
    #[prop(into)]
    title: Signal<String>,
    /// One or two sentences saying what the section holds.
    children: Children,
) -> impl IntoView {
    Effect::new(move |_| crate::shell::set_page_title(&title.get()));
    view! {
        <header class="section-intro">
            <h1>{move || title.get()}</h1>
            <div class="lead">{children()}</div>
        </header>
    }
}

/// Reads one route parameter, empty when absent; values are shown as text, never as HTML.
pub fn route_param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name).unwrap_or_default())
}
