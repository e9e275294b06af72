//! Helpers shared by the test files: the binary, the bundled example, JSON output.

#![allow(dead_code)] // each test file uses the helpers it needs

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn keyaki() -> Command {
    Command::cargo_bin("keyaki").unwrap()
}

pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier")
}

/// Runs the command, expects success, and parses standard output as JSON.
pub fn stdout_json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

/// Runs the command, expects `code`, and returns standard output and standard error.
pub fn run(cmd: &mut Command, code: i32) -> (String, String) {
    let out = cmd.assert().code(code).get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A lake holding the bundled example's logs, in a temporary folder removed on drop.
pub struct ExampleLake {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn example_lake() -> ExampleLake {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lake");
    keyaki()
        .args(["ingest", "--lake"])
        .arg(&path)
        .arg(example().join("logs"))
        .assert()
        .success();
    ExampleLake { _dir: dir, path }
}
