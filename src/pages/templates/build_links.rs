//! The builds made from a template, as links: the first few by name, then one link to the
//! builds list showing them all, so a template used by a thousand builds is one line, not a wall.

use buildbay_core::workspace::template_query;
use leptos::prelude::*;
use leptos_router::components::A;

use super::encoded;

/// Links to the first `shown` of `names` (the builds made from `template`, sorted), and to the
/// builds list searched for them all when there are more.
#[component]
pub fn BuildLinks(template: String, names: Vec<String>, shown: usize) -> impl IntoView {
    let more = names.len().saturating_sub(shown);
    let all = format!("/builds?q={}", encoded(&template_query(&template)));
    let label = format!("All {} builds made from template {template}", names.len());
    view! {
        <ul class="build-links">
            {names.into_iter().take(shown).map(|n| view! { <li><A href=format!("/builds/{}", encoded(&n))>{n}</A></li> }).collect_view()}
            {(more > 0).then(|| view! { <li><A href=all attr:aria-label=label>{format!("and {more} more")}</A></li> })}
        </ul>
    }
}
