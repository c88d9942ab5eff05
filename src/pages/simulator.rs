//! Simulator: clusters, nodes and workloads for what-if capacity planning.

use leptos::prelude::*;

use crate::pages::SectionIntro;

/// `/simulator`: the cluster model and scenario runs.
#[component]
pub fn SimulatorPage() -> impl IntoView {
    view! {
        <SectionIntro title="Simulator">
            <p>
                "The simulator answers, before anything runs, where builds would be scheduled, how "
                "long they would wait and why: clusters and nodes, a workload, and the resulting "
                "queue, utilisation and wait times — with scenarios compared side by side."
            </p>
        </SectionIntro>
        <section class="empty-state" aria-labelledby="sim-empty">
            <h2 id="sim-empty">"No cluster model yet"</h2>
            <p>"Clusters, nodes and scheduling strategies you describe will be edited here."</p>
        </section>
    }
}
