//! Browsers the suites leave behind: every browser suite keeps its temporary files (Chromium's
//! profile among them) in one folder, so a Chromium whose test process died before it could
//! close it (a timeout, a crash) is found by that folder on its command line and ended,
//! rather than spinning on and slowing every test and benchmark after it.

use std::path::{Path, PathBuf};

use crate::tools;

/// The folder the browser suites' temporary files go in (their `TMPDIR`).
pub fn temp_dir() -> PathBuf {
    tools::root().join("target").join("browser-tmp")
}

/// A command for a browser suite: its temporary files, Chromium's profiles among them, go
/// into [`temp_dir`], so that what it leaves behind can be told apart from anything else.
pub fn command(program: &str) -> std::process::Command {
    let dir = temp_dir();
    let _ = std::fs::create_dir_all(&dir);
    let mut cmd = tools::command(program);
    cmd.env("TMPDIR", dir);
    cmd
}

/// Whether a process's command line (its arguments, NUL-separated as `/proc` gives them)
/// names a path inside `dir`.
pub fn names_dir(cmdline: &[u8], dir: &Path) -> bool {
    let dir = format!("{}/", dir.display());
    cmdline.split(|b| *b == 0).any(|arg| String::from_utf8_lossy(arg).contains(&dir))
}

/// Ends every process of this user whose command line names a path inside `dir`; returns how
/// many there were.
pub fn end_those_using(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    let me = std::process::id();
    let mut ended = 0;
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else { continue };
        if pid as u32 == me {
            continue;
        }
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else { continue };
        // SAFETY: kill only sends a signal; a process that has gone meanwhile makes it fail.
        if names_dir(&cmdline, dir) && unsafe { libc::kill(pid, libc::SIGKILL) } == 0 {
            ended += 1;
        }
    }
    ended
}

/// Ends browsers left by an earlier or the last browser suite, saying so when there were any,
/// and removes the files they left (a killed run's profiles stay otherwise).
pub fn end_leftovers() {
    let dir = temp_dir();
    let ended = end_those_using(&dir);
    if ended > 0 {
        eprintln!("xtask: ended {ended} browser process(es) a test run left behind");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_line_names_the_folder_only_by_a_path_inside_it() {
        let dir = Path::new("/w/target/browser-tmp");
        assert!(names_dir(b"/usr/lib/chromium/chromium\0--user-data-dir=/w/target/browser-tmp/.tmpAb12\0", dir));
        assert!(!names_dir(b"chromium\0--user-data-dir=/tmp/.tmpAb12\0", dir));
        assert!(!names_dir(b"ls\0/w/target/browser-tmp-other/x\0", dir), "a sibling folder is not this one");
    }

    #[test]
    fn a_process_left_using_the_folder_is_ended_and_others_are_not() {
        let dir = std::env::temp_dir().join(format!("buildbay-xtask-leftover-{}", std::process::id()));
        // Spawning returns once the exec has begun, a moment before the new command line is in
        // place (`/proc` shows none until then): wait for it, as a leftover has long had it.
        // The shell waits in its builtin `read` on a pipe and so never forks: a child forked to
        // run a command shows the shell's command line until its exec, and was counted as a
        // second leftover in one CI run.
        let spawn = |arg: String| {
            let child = std::process::Command::new("sh")
                .args(["-c", "read _", "sh", &arg])
                .stdin(std::process::Stdio::piped())
                .spawn()
                .expect("sh runs");
            let cmdline = format!("/proc/{}/cmdline", child.id());
            for _ in 0..200 {
                if std::fs::read(&cmdline).is_ok_and(|c| String::from_utf8_lossy(&c).contains(&arg)) {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            child
        };
        let mut left = spawn(format!("--user-data-dir={}/profile", dir.display()));
        let mut other = spawn("--user-data-dir=/elsewhere/profile".into());
        assert_eq!(end_those_using(&dir), 1);
        let status = left.wait().expect("the leftover is reaped");
        // `wait` closes its stdin first, which would end `read` too: only SIGKILL proves the kill.
        assert_eq!(std::os::unix::process::ExitStatusExt::signal(&status), Some(libc::SIGKILL), "the leftover was killed: {status}");
        assert!(other.try_wait().expect("the other one is there").is_none(), "an unrelated process runs on");
        let _ = other.kill();
        let _ = other.wait();
    }
}
