//! Buildbay's browser console: a thin Leptos shell that wires signals to `buildbay-core`.
//!
//! `App` lives here (not in `main.rs`) so that browser tests can mount it.

pub mod components;
pub mod pages;
pub mod storage;
pub mod shell;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::pages::{
    BuildPage, BuildsPage, JobPage, JobsPage, NotFoundPage, SettingsPage, SimulatorPage,
    TemplatePage, TemplatesPage,
};
use crate::shell::{FocusKeeper, GoToPalette, Header, Shortcuts, SkipLink, StorageBanner, ThemeState, Toasts};
use crate::state::{Lab, Settings, Workspace};

/// The whole console: shell (skip link, header, navigation) around the routed section, with
/// the workspace and preferences every page shares.
#[component]
pub fn App() -> impl IntoView {
    provide_context(ThemeState::from_storage());
    let settings = Settings::load();
    provide_context(settings);
    provide_context(Workspace::start(settings));
    provide_context(Lab::start());
    provide_context(crate::state::JobDraft::new());
    provide_context(crate::pages::SimulatorRun::new());
    view! {
        <Router>
            <SkipLink />
            <Header />
            <StorageBanner />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/builds" /> } />
                    <Route path=path!("/builds") view=BuildsPage />
                    <Route path=path!("/builds/:name") view=BuildPage />
                    <Route path=path!("/templates") view=TemplatesPage />
                    <Route path=path!("/templates/:name") view=TemplatePage />
                    <Route path=path!("/jobs") view=JobsPage />
                    <Route path=path!("/jobs/:id") view=JobPage />
                    <Route path=path!("/simulator") view=SimulatorPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </main>
            <Toasts />
            <footer class="app-footer">
                <Shortcuts />
                <FocusKeeper />
                <GoToPalette />
            </footer>
        </Router>
    }
}
