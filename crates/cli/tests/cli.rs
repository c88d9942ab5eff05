//! The `buildbay` binary as a person runs it.

use std::process::Command;

fn buildbay(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_buildbay")).args(args).output().expect("run buildbay")
}

#[test]
fn version_names_the_binary_and_version() {
    let out = buildbay(&["--version"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("buildbay {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_says_what_the_tool_is_for() {
    let out = buildbay(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Zadig, Rainbond, Nuon and ServiceStage"), "{text}");
    assert!(text.contains("Usage: buildbay"), "{text}");
}
