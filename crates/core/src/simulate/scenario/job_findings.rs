//! The findings that bear on one job: `--job`'s report reads as one job's part of the result,
//! so it carries the warnings about that job, its build and the scenario as a whole, and not
//! those about the other builds and jobs.

use super::Prepared;
use crate::Diagnostic;
use crate::simulate::outcome::JobOutcome;

impl Prepared {
    /// The findings about `job`: those at its build's entry, its build's template, its own
    /// entry in the workload (an id-less one by its build and submission) or else the arrivals
    /// that can have made it, and those about the scenario as a whole (clusters, runners, Zadig's queue).
    pub fn findings_about(&self, job: &JobOutcome) -> Vec<Diagnostic> {
        let scenario = &self.scenario;
        let mut places = Vec::new();
        if let Some(b) = self.builds.iter().position(|b| b.name == job.build) {
            places.push(format!("/builds/{b}"));
            let template = self.builds[b].build.template_name.as_deref();
            let named = |t: &serde_json::Value| template.is_some() && t.get("name").and_then(|n| n.as_str()) == template;
            places.extend(scenario.templates.iter().position(named).map(|t| format!("/templates/{t}")));
        }
        // A submission as the run keeps it, to the millisecond.
        let own = |j: &super::JobSpec| if j.id.is_empty() { j.build == job.build && super::millis(j.submit) == super::millis(job.submitted) } else { j.id == job.id };
        let listed = places.len();
        places.extend(scenario.workload.jobs.iter().enumerate().filter(|(_, j)| own(j)).map(|(k, _)| format!("/workload/jobs/{k}")));
        if places.len() == listed {
            // Not a listed job, so one an arrival made.
            let makes = |a: &super::Arrival| a.builds.is_empty() || a.builds.contains(&job.build);
            places.extend(scenario.workload.arrivals.iter().enumerate().filter(|(_, a)| makes(a)).map(|(a, _)| format!("/workload/arrivals/{a}")));
        }
        let under = |path: &str, place: &str| path.strip_prefix(place).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        let elsewhere = |path: &str| ["/builds", "/templates", "/workload"].iter().any(|part| under(path, part));
        self.findings.iter().filter(|d| !elsewhere(&d.path) || places.iter().any(|p| under(&d.path, p))).cloned().collect()
    }
}
