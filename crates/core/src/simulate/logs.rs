//! Plausible log lines per step, made on demand from the step's times and a seeded commit.

use serde::Serialize;

use super::outcome::StepOut;
use super::plan::Profile;
use crate::target::Target;

/// One line of a job's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLine {
    pub at: f64,
    pub step: String,
    pub text: String,
}

fn commit(seed: u64, job: u32, detail: &str) -> String {
    // FNV-1a over the inputs: a stable, seeded stand-in for a commit id.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in job.to_le_bytes().iter().chain(detail.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")[..7].to_string()
}

/// The log of a job's steps, in time order.
pub fn for_job(seed: u64, job: u32, semantics: Target, steps: &[StepOut], profile: &Profile) -> Vec<LogLine> {
    let mut out = Vec::new();
    for s in steps {
        let mut line = |at: f64, text: String| out.push(LogLine { at, step: s.name.clone(), text });
        let name = s.name.as_str();
        let base = name.rsplit('-').next().unwrap_or(name);
        match (semantics, name, base) {
            (_, _, "install") | (_, "Init", _) | (_, "tool-install", _) => {
                line(s.start, format!("Installing tools for {}", if profile.name.is_empty() { "the build" } else { &profile.name }));
            }
            (_, _, "git") | (_, "git-clone", _) | (_, "clone-code", _) | (_, "Download", _) => {
                if s.detail.is_empty() {
                    line(s.start, "No code repository configured; nothing to download".to_string());
                    continue;
                }
                let c = commit(seed, job, &s.detail);
                line(s.start, format!("Cloning into '/workspace/{}'...", s.detail.rsplit('/').next().unwrap_or("repo")));
                line(s.end, format!("HEAD is now at {c} {}", s.detail));
            }
            (_, _, "shell") | (_, _, "batchfile") | (_, _, "powershell") | (_, "execute", _) | (_, "build-code", _) | (_, "Build", _) => {
                line(s.start, "+ ./build.sh".to_string());
                if s.status == "failed" {
                    line(s.end, "error: build script exited with status 1".to_string());
                } else if s.status == "passed" {
                    line(s.end, "build script finished".to_string());
                }
            }
            (_, _, "build") | (_, "docker-build", _) | (_, "build-image", _) | (_, "Artifact", _) => {
                line(s.start, format!("#1 [internal] load build definition from Dockerfile ({})", if s.detail.is_empty() { "linux/amd64" } else { &s.detail }));
                if s.status == "passed" {
                    line(s.end, "#12 exporting to image done".to_string());
                }
            }
            (Target::Rainbond, "pullimage", _) => line(s.start, format!("Start pull image: {}", s.detail)),
            (Target::Rainbond, "push-image", _) => line(s.start, "Start push image".to_string()),
            _ => line(s.start, format!("{name} started")),
        }
        match s.status.as_str() {
            // A step still running has not stopped: its log simply has no more lines yet.
            "passed" | "failed" | "running" => {}
            other => out.push(LogLine { at: s.end, step: s.name.clone(), text: format!("step stopped: {other}") }),
        }
        if semantics == Target::Rainbond && s.status == "passed" && s.name == "push-image" {
            out.push(LogLine { at: s.end, step: s.name.clone(), text: "Build success".to_string() });
        }
    }
    out.sort_by(|a, b| a.at.total_cmp(&b.at));
    out
}
