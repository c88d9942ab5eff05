//! Plausible log lines per step, made on demand: the build's own tools and script commands,
//! spread over each step's planned length (so a running step shows only the lines its clock
//! has reached), a seeded commit for each checkout, and each backend's own step words.

use serde::Serialize;

use super::outcome::StepOut;
use super::plan::{Profile, StepKind};
use crate::model::url_repo_name;
use crate::target::Target;

/// One line of a job's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLine {
    pub at: f64,
    pub step: String,
    pub text: String,
}

impl LogLine {
    /// The line as a log file holds it, `0:01:10 [git] + git checkout main`: the page, its
    /// download and the CLI print the same text.
    pub fn line(&self) -> String {
        format!("{} [{}] {}", super::text::clock(self.at), self.step, self.text)
    }

    /// Whether the line holds `query` (already lower case), in its text or its step's name.
    pub fn matches(&self, query: &str) -> bool {
        query.is_empty() || self.text.to_lowercase().contains(query) || self.step.to_lowercase().contains(query)
    }

    /// Whether the log pane shows the line: from `step` (every step when empty) and holding
    /// `query` (already lower case).
    pub fn shown(&self, query: &str, step: &str) -> bool {
        (step.is_empty() || self.step == step) && self.matches(query)
    }
}

/// The log as its pane shows it: the lines of `step` (every step's when empty) holding `query`
/// (in any case), each as [`LogLine::line`] writes it and ended by a newline.
pub fn shown_text(logs: &[LogLine], query: &str, step: &str) -> String {
    let query = query.to_lowercase();
    logs.iter().filter(|l| l.shown(&query, step)).map(|l| l.line() + "\n").collect()
}

/// The steps a log has lines from, in the order their first lines come: the choices of the
/// log pane's step filter, which thus grows as a running job reaches each step.
pub fn log_steps(logs: &[LogLine]) -> Vec<String> {
    let mut steps: Vec<String> = Vec::new();
    for line in logs {
        if !steps.contains(&line.step) {
            steps.push(line.step.clone());
        }
    }
    steps
}

/// What the log pane keeps, said beside it: `None` while neither a search nor a step narrows
/// it, so an empty log pane never goes without a word when they kept nothing.
pub fn search_line(logs: &[LogLine], query: &str, step: &str) -> Option<String> {
    let wanted = query.trim();
    let all = logs.len();
    if wanted.is_empty() {
        if step.is_empty() {
            return None;
        }
        return Some(match logs.iter().filter(|l| l.step == step).count() {
            0 => format!("No line of {all} is from step {step}."),
            1 => format!("1 of {all} lines is from step {step}."),
            n => format!("{n} of {all} lines are from step {step}."),
        });
    }
    let lower = query.to_lowercase();
    let (of, within) = if step.is_empty() { (all, String::new()) } else { (logs.iter().filter(|l| l.step == step).count(), format!(" of step {step}")) };
    Some(match logs.iter().filter(|l| l.shown(&lower, step)).count() {
        0 if step.is_empty() => format!("No line of {of} matches “{wanted}”."),
        0 => format!("No line of step {step} matches “{wanted}” (it has {of})."),
        1 => format!("1 of {of} lines{within} matches."),
        n => format!("{n} of {of} lines{within} match."),
    })
}

/// FNV-1a over a job and a word, seeded: a stable stand-in for the ids a backend makes up
/// (a commit, an event), the same for the same seed.
pub(crate) fn seeded_hash(seed: u64, job: u32, detail: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in job.to_le_bytes().iter().chain(detail.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn commit(seed: u64, job: u32, detail: &str) -> String {
    format!("{:016x}", seeded_hash(seed, job, detail))[..7].to_string()
}

/// The commit a job's first checkout reports ("HEAD is now at …"): the id Nuon records as the
/// git ref of a build of the latest commit (`use_latest`).
pub(crate) fn head_commit(seed: u64, job: u32, profile: &Profile) -> String {
    commit(seed, job, profile.repos.first().and_then(|r| r.first()).map_or("", |r| r.step_name()))
}

/// What a step logs: lines spread evenly from its start over its planned length, then one
/// line when it ends, which depends on how.
struct StepLog {
    body: Vec<String>,
    /// The line when it passes, if it writes one.
    passed: Option<String>,
    /// The line when it fails.
    failed: String,
}

impl StepLog {
    fn new(body: Vec<String>, passed: Option<&str>) -> StepLog {
        StepLog { body, passed: passed.map(String::from), failed: "step failed".into() }
    }

    fn of(semantics: Target, step: &StepOut, profile: &Profile, seed: u64, job: u32) -> StepLog {
        let one = |text: &str| vec![text.to_string()];
        match (semantics, step.name.as_str(), step.kind) {
            (Target::Rainbond, "builder-exector", _) => StepLog::new(one("Builder received the build task"), None),
            // A request without a `repo_url` builds the image the component already names, which
            // the scenario does not hold: the log says whose it is rather than leave a blank.
            (Target::Rainbond, "pullimage", _) => {
                let image = if step.detail.is_empty() { format!("the image of component {}", profile.component) } else { step.detail.clone() };
                StepLog::new(vec![format!("Start pull image: {image}")], Some("Pull image success"))
            }
            (Target::Rainbond, "changetag", _) => StepLog::new(one("Change image tag"), None),
            (Target::Rainbond, "push-image", _) => StepLog::new(one("Start push image"), Some("Build success")),
            // The runner's own steps, in its words (`resetting, fetching, validate, initialize`).
            (Target::Nuon, "initialize", _) => StepLog::new(["resetting", "fetching", "validate", "initialize"].map(String::from).to_vec(), None),
            (Target::Nuon, "outputs", _) => StepLog::new(one("outputs"), None),
            (Target::Nuon, "cleanup", _) => StepLog::new(one("cleanup"), None),
            (Target::ServiceStage, "PreProcess", _) => StepLog::new(one("Preparing the build"), None),
            (Target::ServiceStage, "PostProcess", _) => StepLog::new(one("Post-processing the build"), None),
            (Target::ServiceStage, "Artifact", _) if step.detail.is_empty() => StepLog::new(one("Packaging the artifact"), Some("Artifact archived")),
            (_, _, StepKind::ToolInstall) => {
                let build = if profile.name.is_empty() { "the build" } else { &profile.name };
                if profile.tools.is_empty() {
                    return StepLog::new(vec![format!("No tools to install for {build}")], None);
                }
                let mut body = vec![format!("Installing tools for {build}")];
                body.extend(profile.tools.iter().map(|t| format!("Installing {t}")));
                StepLog::new(body, Some("Tools installed"))
            }
            // Without `repo_url` Rainbond saves nothing of the request's source (its branch
            // included) and builds the component's stored repository at its stored branch.
            (Target::Rainbond, _, StepKind::GitClone) if step.detail.is_empty() => StepLog {
                body: one("Cloning the component's own repository at its own branch (the request gives no repo_url)"),
                passed: Some(format!("HEAD is now at {}", commit(seed, job, ""))),
                failed: "fatal: could not read from the remote repository".into(),
            },
            (_, _, StepKind::GitClone) if step.detail.is_empty() => StepLog::new(one("No code repository configured; nothing to download"), None),
            (_, _, StepKind::GitClone) => StepLog {
                body: std::iter::once(format!("Cloning into '/workspace/{}'...", url_repo_name(&step.detail)))
                    .chain(profile.branch_of(&step.detail).map(|b| format!("Checking out branch '{b}'")))
                    .collect(),
                passed: Some(format!("HEAD is now at {}", commit(seed, job, &step.detail))),
                failed: "fatal: could not read from the remote repository".into(),
            },
            (_, _, StepKind::Script) => {
                let mut body: Vec<String> = profile.commands.iter().map(|c| format!("+ {c}")).collect();
                match profile.command_count - profile.commands.len() {
                    0 => {}
                    more => body.push(format!("+ … ({more} more commands)")),
                }
                if body.is_empty() {
                    body.push("Running the build".into());
                }
                StepLog { body, passed: Some("build script finished".into()), failed: "error: build script exited with status 1".into() }
            }
            (_, _, StepKind::DockerBuild) => {
                let platform = if step.detail.is_empty() { "linux/amd64" } else { &step.detail };
                let body = vec![
                    format!("#1 [internal] load build definition from Dockerfile ({platform})"),
                    "#2 [internal] load .dockerignore".into(),
                    "#3 [internal] load build context".into(),
                    "#4 exporting to image".into(),
                ];
                StepLog::new(body, Some("#4 DONE"))
            }
            (_, _, StepKind::Archive) => StepLog::new(one("Archiving the build's outputs"), Some("Archive uploaded")),
            (_, name, StepKind::Overhead) => StepLog::new(vec![format!("{name} started")], None),
        }
    }
}

/// The log of a job's steps, in time order.
pub fn for_job(seed: u64, job: u32, semantics: Target, steps: &[StepOut], profile: &Profile) -> Vec<LogLine> {
    let (ended_well, failed) = super::outcome::step_words(semantics);
    let mut out = Vec::new();
    for s in steps {
        let log = StepLog::of(semantics, s, profile, seed, job);
        let lines = log.body.len();
        for (i, text) in log.body.into_iter().enumerate() {
            // Whole milliseconds, like every other time of the run.
            let at = ((s.start + (s.planned_end - s.start) * i as f64 / lines as f64) * 1000.0).round() / 1000.0;
            if at > s.end {
                break;
            }
            out.push(LogLine { at, step: s.name.clone(), text });
        }
        let last = match s.status.as_str() {
            status if status == ended_well => log.passed,
            status if status == failed => Some(log.failed),
            // A step still running has not stopped: its log simply has no more lines yet.
            "running" => None,
            other => Some(format!("step stopped: {other}")),
        };
        if let Some(text) = last {
            out.push(LogLine { at: s.end, step: s.name.clone(), text });
        }
    }
    out.sort_by(|a, b| a.at.total_cmp(&b.at));
    out
}

#[cfg(test)]
mod search_tests {
    use super::{LogLine, search_line};

    #[test]
    fn a_search_says_how_many_lines_it_keeps() {
        let line = |step: &str, text: &str| LogLine { at: 0.0, step: step.into(), text: text.into() };
        let logs = [line("git", "+ git checkout main"), line("shell", "+ make test"), line("shell", "+ make build")];
        assert_eq!(search_line(&logs, "  ", ""), None);
        assert_eq!(search_line(&logs, "Make", "").as_deref(), Some("2 of 3 lines match."));
        assert_eq!(search_line(&logs, "GIT", "").as_deref(), Some("1 of 3 lines matches."));
        assert_eq!(search_line(&logs, " deploy ", "").as_deref(), Some("No line of 3 matches “deploy”."));
    }

    #[test]
    fn a_step_narrows_the_lines_a_search_looks_in() {
        let line = |step: &str, text: &str| LogLine { at: 0.0, step: step.into(), text: text.into() };
        let logs = [line("git", "+ git checkout main"), line("shell", "+ make test"), line("shell", "+ make build")];
        assert_eq!(super::log_steps(&logs), ["git", "shell"]);
        assert_eq!(search_line(&logs, "", "shell").as_deref(), Some("2 of 3 lines are from step shell."));
        assert_eq!(search_line(&logs, "", "git").as_deref(), Some("1 of 3 lines is from step git."));
        assert_eq!(search_line(&logs, "test", "shell").as_deref(), Some("1 of 2 lines of step shell matches."));
        assert_eq!(search_line(&logs, "make", "git").as_deref(), Some("No line of step git matches “make” (it has 1)."));
        assert!(logs.iter().filter(|l| l.shown("make", "shell")).count() == 2 && !logs[0].shown("", "shell"));
        assert_eq!(super::shown_text(&logs, "BUILD", "shell"), "0:00:00 [shell] + make build\n");
        assert_eq!(super::shown_text(&logs, "", "").lines().count(), 3);
    }
}
