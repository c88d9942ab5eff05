//! Settings: how the console looks and, later, which backend it syncs with.

use leptos::prelude::*;

use crate::pages::SectionIntro;
use crate::shell::{ThemeChoice, ThemeState};

/// `/settings`: appearance now; backends and storage as those capabilities land.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let theme = expect_context::<ThemeState>();
    view! {
        <SectionIntro title="Settings">
            <p>
                "Settings for this browser: appearance, and the REST backend Buildbay syncs with when "
                "one is configured. Without one, everything stays in this browser."
            </p>
        </SectionIntro>
        <fieldset class="setting">
            <legend>"Theme"</legend>
            {ThemeChoice::ALL
                .into_iter()
                .map(|choice| {
                    let id = format!("theme-{}", choice.as_str());
                    view! {
                        <div class="radio-row">
                            <input
                                type="radio"
                                name="theme"
                                id=id.clone()
                                value=choice.as_str()
                                prop:checked=move || theme.choice.get() == choice
                                on:change=move |_| theme.choice.set(choice)
                            />
                            <label for=id>{choice.label()}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        <section class="empty-state" aria-labelledby="backend-empty">
            <h2 id="backend-empty">"Backend: none configured"</h2>
            <p>"Buildbay works offline with the in-browser engine and browser storage."</p>
        </section>
    }
}
