//! The editor's sections. Each shows only the fields that apply to the build as it stands.

mod advanced;
mod backend;
mod basics;
mod docker;
mod lists;
mod variables;

use buildbay_core::Target;
use leptos::prelude::*;

use crate::components::form::Form;
use crate::components::script_editor::ScriptEditor;
use crate::pages::build::editor::EditorState;

/// A part of the editor, named in the URL (`?section=variables`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Basics,
    Services,
    Repositories,
    Installs,
    Variables,
    Script,
    Docker,
    Advanced,
    Backend,
}

impl Section {
    /// The sections in the order the editor shows them.
    pub const ALL: [Section; 9] = [
        Section::Basics,
        Section::Services,
        Section::Repositories,
        Section::Installs,
        Section::Variables,
        Section::Script,
        Section::Docker,
        Section::Advanced,
        Section::Backend,
    ];

    /// The section's name in the URL (`?section=advanced`), so a link opens it.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Basics => "basics",
            Section::Services => "services",
            Section::Repositories => "repositories",
            Section::Installs => "installs",
            Section::Variables => "variables",
            Section::Script => "script",
            Section::Docker => "docker",
            Section::Advanced => "advanced",
            Section::Backend => "backend",
        }
    }

    /// The section a URL names, if any.
    pub fn parse(text: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The section's heading and tab text.
    pub fn label(self) -> &'static str {
        match self {
            Section::Basics => "Basics",
            Section::Services => "Services",
            Section::Repositories => "Repositories",
            Section::Installs => "Tools",
            Section::Variables => "Variables",
            Section::Script => "Script",
            Section::Docker => "Docker build",
            Section::Advanced => "Advanced",
            Section::Backend => "Backend options",
        }
    }

    /// The section a model pointer's field is in.
    pub fn of_path(path: &str) -> Section {
        let top = path.split('/').nth(1).unwrap_or_default();
        match top {
            "services" => Section::Services,
            "repos" => Section::Repositories,
            "installs" => Section::Installs,
            "variables" => Section::Variables,
            "script" => Section::Script,
            "docker" => Section::Docker,
            "advanced" => Section::Advanced,
            "rainbond" | "nuon" | "servicestage" | "description" => Section::Backend,
            _ => Section::Basics,
        }
    }

    /// Whether `target`'s request carries this section (template builds carry only a few).
    pub fn carried(self, target: Target, from_template: bool) -> bool {
        match (target, self) {
            (_, Section::Basics | Section::Backend) => true,
            (Target::Zadig, Section::Services | Section::Repositories) => true,
            (Target::Zadig, _) => !from_template,
            (Target::Rainbond | Target::ServiceStage, Section::Repositories) => true,
            (Target::ServiceStage, Section::Advanced) => true,
            _ => false,
        }
    }
}

/// A title for a list item from one of its fields, or "<item> <n>".
pub(crate) fn item_title(form: Form, path: &str, field: &str, item: &str, i: usize) -> String {
    let text = form.text(&format!("{path}/{field}"));
    if text.trim().is_empty() { format!("{item} {}", i + 1) } else { format!("{item} {}: {text}", i + 1) }
}

/// The content of one section.
#[component]
pub fn SectionView(section: Section) -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let note = move || {
        let target = editor.target.get();
        let template = editor.build.with(|b| b.is_from_template());
        (!section.carried(target, template)).then(|| {
            let why = if template && target == Target::Zadig {
                "This build is made from a template, which supplies this section; it is kept but not sent.".to_string()
            } else {
                format!("{} does not use this section; it is kept for the other backends.", target.label())
            };
            view! { <p class="note" role="note">{why}</p> }
        })
    };
    let body = match section {
        Section::Basics => view! { <basics::Basics /> }.into_any(),
        Section::Services => view! { <lists::Services /> }.into_any(),
        Section::Repositories => view! { <lists::Repositories /> }.into_any(),
        Section::Installs => view! { <lists::Installs /> }.into_any(),
        Section::Variables => view! { <variables::Variables /> }.into_any(),
        Section::Script => view! {
            <ScriptEditor path="/script" label="Build script" />
        }
        .into_any(),
        Section::Docker => view! { <docker::Docker /> }.into_any(),
        Section::Advanced => view! { <advanced::Advanced /> }.into_any(),
        Section::Backend => view! { <backend::Backend /> }.into_any(),
    };
    view! {
        {note}
        {body}
    }
}
