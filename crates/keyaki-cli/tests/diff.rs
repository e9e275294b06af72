//! `keyaki diff` on the bundled example and a copy of it with one security group rule opened.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

mod common;

use std::path::Path;

use common::{example, keyaki, run, stdout_json};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

const DB_SG: &str = "sg-eacde3ee27ade7bf1";

/// The example with db-sg's MySQL rule opened to 0.0.0.0/0.
fn opened_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), dir.path());
    let path = dir
        .path()
        .join("us-east-1/ec2/describe-security-groups.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let group = json["SecurityGroups"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|g| g["GroupId"] == DB_SG)
        .unwrap();
    assert_eq!(group["IpPermissions"][0]["FromPort"], 3306);
    group["IpPermissions"][0]["IpRanges"] = serde_json::json!([{"CidrIp": "0.0.0.0/0"}]);
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    dir
}

#[test]
fn an_opened_rule_is_a_change_and_a_new_finding() {
    let new = opened_copy();
    let json = stdout_json(
        keyaki()
            .arg("diff")
            .arg(example())
            .arg(new.path())
            .args(["--format", "json"]),
    );
    let summary = &json["summary"];
    assert_eq!(summary["added"], 0, "{summary}");
    assert_eq!(summary["removed"], 0, "{summary}");
    assert_eq!(summary["changed"], 1, "{summary}");
    let changed = &json["changed"][0];
    assert_eq!(changed["resource"]["id"], DB_SG);
    let change = &changed["changes"][0];
    assert_eq!(change["kind"], "added");
    assert_eq!(change["path"], "$.IpPermissions[0].IpRanges[0]");
    assert_eq!(change["new"]["CidrIp"], "0.0.0.0/0");
    let appeared = json["findings"]["appeared"].as_array().unwrap();
    assert!(!appeared.is_empty(), "{json:#}");
    assert!(
        appeared
            .iter()
            .all(|f| f["resource_arn"].as_str().unwrap().ends_with(DB_SG)),
        "{appeared:#?}"
    );
    assert!(json["findings"]["resolved"].as_array().unwrap().is_empty());

    let (out, _) = run(keyaki().arg("diff").arg(example()).arg(new.path()), 0);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("0 added, 0 removed, 1 changed, "),
        "{out}"
    );
    assert!(out.contains("(db-sg)"), "{out}");
    assert!(
        out.contains("$.IpPermissions[0].IpRanges[0]: (none) -> {\"CidrIp\":\"0.0.0.0/0\"}"),
        "{out}"
    );
    assert!(out.contains("findings appeared:"), "{out}");

    // The other way round, the findings are resolved.
    let json = stdout_json(
        keyaki()
            .arg("diff")
            .arg(new.path())
            .arg(example())
            .args(["--format", "json"]),
    );
    assert_eq!(
        json["findings"]["resolved"].as_array().unwrap().len(),
        appeared.len()
    );
}

#[test]
fn a_snapshot_against_itself_is_empty() {
    let (out, _) = run(keyaki().arg("diff").arg(example()).arg(example()), 0);
    assert!(out.starts_with("0 added, 0 removed, 0 changed, "), "{out}");
    assert!(out.contains("findings: 0 appeared, 0 resolved"), "{out}");
}

#[test]
fn bad_input_exits_1() {
    let (_, err) = run(
        keyaki()
            .arg("diff")
            .arg(example())
            .arg(example())
            .args(["--framework", "no-such-framework"]),
        1,
    );
    assert!(!err.is_empty());
    run(
        keyaki().arg("diff").arg(example()).arg("/no/such/snapshot"),
        1,
    );
}
