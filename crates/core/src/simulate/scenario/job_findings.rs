//! The findings that bear on one job: `--job`'s report reads as one job's part of the result,
//! so it carries the warnings about that job, its build and the scenario as a whole, and not
//! those about the other builds and jobs; the Simulator's job dialog lists the same ones.

use serde::Serialize;

use super::{JobSpec, Prepared};
use crate::Diagnostic;
use crate::simulate::outcome::JobOutcome;

/// One job's part of a run's result with the findings about it beside its fields (`findings`,
/// left out when there are none), as a whole result keeps the run's: `--job`'s JSON.
#[derive(Debug, Serialize)]
pub struct JobWithFindings<'a> {
    #[serde(flatten)]
    pub job: &'a JobOutcome,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Diagnostic>,
}

/// A scenario's findings, each with the jobs it bears on, kept apart from the scenario so that
/// a finished run's results can still say which are about a job once the scenario is gone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobFindings {
    findings: Vec<(Diagnostic, About)>,
    /// The jobs the workload lists, kept only when a finding is about an arrival: a job none of
    /// them is was made by an arrival.
    listed: Vec<Entry>,
}

/// Which jobs a finding bears on.
#[derive(Debug, Clone, PartialEq)]
enum About {
    /// Everything outside the builds, templates and workload (clusters, runners, Zadig's queue).
    Every,
    /// A build's entry, or a template, by the builds that run with it.
    Builds(Vec<String>),
    /// A job's own entry in the workload.
    Entry(Entry),
    /// An arrival, by the builds it picks from (all when none are named).
    Arrival(Vec<String>),
    /// A place in the builds, templates or workload that is no one entry's.
    NoJob,
}

/// A listed job as a run's job is matched to it: by its id, or an id-less one by its build and
/// its submission to the millisecond, as the run keeps it.
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Id(String),
    Unnamed { build: String, submit: u64 },
}

impl Entry {
    fn of(job: &JobSpec) -> Entry {
        if job.id.is_empty() { Entry::Unnamed { build: job.build.clone(), submit: super::millis(job.submit) } } else { Entry::Id(job.id.clone()) }
    }

    fn is(&self, job: &JobOutcome) -> bool {
        match self {
            Entry::Id(id) => *id == job.id,
            Entry::Unnamed { build, submit } => *build == job.build && *submit == super::millis(job.submitted),
        }
    }
}

impl Prepared {
    /// The findings about `job`: those at its build's entry, its build's template, its own
    /// entry in the workload (an id-less one by its build and submission) or else the arrivals
    /// that can have made it, and those about the scenario as a whole (clusters, runners, Zadig's queue).
    pub fn findings_about(&self, job: &JobOutcome) -> Vec<Diagnostic> {
        self.job_findings().about(job)
    }

    /// `job` with the findings about it, as one job's report is written out.
    pub fn with_findings<'a>(&self, job: &'a JobOutcome) -> JobWithFindings<'a> {
        JobWithFindings { job, findings: self.findings_about(job) }
    }

    /// Each finding with the jobs it bears on, to answer [`JobFindings::about`] after the run.
    pub fn job_findings(&self) -> JobFindings {
        let findings: Vec<(Diagnostic, About)> = self.findings.iter().map(|d| (d.clone(), self.about(&d.path))).collect();
        let arrivals = findings.iter().any(|(_, about)| matches!(about, About::Arrival(_)));
        let listed = if arrivals { self.scenario.workload.jobs.iter().map(Entry::of).collect() } else { Vec::new() };
        JobFindings { findings, listed }
    }

    /// Which jobs a finding at `path` bears on.
    fn about(&self, path: &str) -> About {
        let scenario = &self.scenario;
        // The entry a path is under, by its place in the list at `list`.
        let index = |list: &str| {
            let rest = path.strip_prefix(list)?.strip_prefix('/')?;
            rest.split('/').next()?.parse::<usize>().ok()
        };
        let under = |part: &str| path.strip_prefix(part).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if let Some(b) = index("/builds") {
            return self.builds.get(b).map_or(About::NoJob, |b| About::Builds(vec![b.name.clone()]));
        }
        if let Some(t) = index("/templates") {
            let name = scenario.templates.get(t).and_then(|t| t.get("name")).and_then(|n| n.as_str());
            // By the name each build's definition gives: the build the run holds has its
            // template's settings applied, which leaves no template name in it.
            let template_of = |b: usize| scenario.builds.get(b).and_then(|e| e.definition.get("template_name")).and_then(|n| n.as_str());
            let made = self.builds.iter().enumerate().filter(|&(b, _)| name.is_some() && template_of(b) == name);
            return About::Builds(made.map(|(_, b)| b.name.clone()).collect());
        }
        if let Some(k) = index("/workload/jobs") {
            return scenario.workload.jobs.get(k).map_or(About::NoJob, |j| About::Entry(Entry::of(j)));
        }
        if let Some(a) = index("/workload/arrivals") {
            return scenario.workload.arrivals.get(a).map_or(About::NoJob, |a| About::Arrival(a.builds.clone()));
        }
        if ["/builds", "/templates", "/workload"].iter().any(|part| under(part)) { About::NoJob } else { About::Every }
    }
}

impl JobFindings {
    /// The findings about `job`, in the scenario's order (see [`Prepared::findings_about`]).
    pub fn about(&self, job: &JobOutcome) -> Vec<Diagnostic> {
        let listed = || self.listed.iter().any(|e| e.is(job));
        let bears = |about: &About| match about {
            About::Every => true,
            About::Builds(builds) => builds.contains(&job.build),
            About::Entry(entry) => entry.is(job),
            About::Arrival(builds) => (builds.is_empty() || builds.contains(&job.build)) && !listed(),
            About::NoJob => false,
        };
        self.findings.iter().filter(|(_, about)| bears(about)).map(|(d, _)| d.clone()).collect()
    }
}
