//! `keyaki check` on the bundled example: the failures a reviewer expects, formats, exit codes.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn keyaki() -> Command {
    Command::cargo_bin("keyaki").unwrap()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier")
}

fn results(args: &[&str]) -> Vec<serde_json::Value> {
    let out = keyaki()
        .arg("check")
        .arg(example())
        .args(["--format", "json"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn the_example_fails_where_the_readme_says_it_is_wrong() {
    let all = results(&[]);
    let failing = |rule: &str, resource: &str| {
        all.iter().any(|r| {
            r["rule_id"] == rule
                && r["status"] == "fail"
                && r["resource_arn"].as_str().unwrap().contains(resource)
        })
    };
    // IMDSv1 on the web servers: how the instance credentials were taken.
    let imds: Vec<_> = all
        .iter()
        .filter(|r| r["rule_id"].as_str().unwrap().contains("imds") && r["status"] == "fail")
        .collect();
    assert_eq!(imds.len(), 2, "{imds:#?}");
    // SSH open to the world on the bastion's security group.
    assert!(all.iter().any(|r| {
        r["status"] == "fail"
            && r["resource_arn"]
                .as_str()
                .unwrap()
                .contains("sg-eb9829ca7ed26b459")
    }));
    // The customer data bucket is shared with a foreign account.
    assert!(
        failing("s3.bucket-shared-outside-org", "acme-customer-data"),
        "bucket shared with 444455556666"
    );
    // Every result names its rule, status and resource, and a failure carries a fix.
    for r in &all {
        assert!(
            ["pass", "fail", "not_applicable", "unknown"].contains(&r["status"].as_str().unwrap()),
            "{r}"
        );
        if r["status"] == "fail" {
            assert!(
                !r["remediation"]["text"].as_str().unwrap().is_empty(),
                "{r}"
            );
        }
    }
}

#[test]
fn a_framework_keeps_only_its_requirements() {
    for r in results(&["--framework", "cis-3.0"]) {
        for c in r["compliance"].as_array().unwrap() {
            assert_eq!(c["framework"], "cis-3.0", "{r}");
        }
    }
    keyaki()
        .arg("check")
        .arg(example())
        .args(["--framework", "cis-9"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cis-9"));
}

#[test]
fn sarif_and_fail_on() {
    let out = keyaki()
        .arg("check")
        .arg(example())
        .args(["--format", "sarif"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let sarif: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    keyaki()
        .arg("check")
        .arg(example())
        .args(["--fail-on", "high", "--format", "jsonl"])
        .assert()
        .code(3);
}

#[test]
fn suppressions_hide_a_failure_and_bad_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("accepted.json");
    std::fs::write(
        &file,
        r#"{"suppressions": [{"rule": "*imds*", "resource": "*", "reason": "migrating to IMDSv2 this sprint", "owner": "alice@example.com", "expires": "2999-12-31"}]}"#,
    )
    .unwrap();
    let all = results(&["--suppressions", file.to_str().unwrap()]);
    let open_imds = all
        .iter()
        .filter(|r| {
            r["rule_id"].as_str().unwrap().contains("imds")
                && r["status"] == "fail"
                && r.get("suppressed").is_none()
        })
        .count();
    assert_eq!(open_imds, 0);
    std::fs::write(&file, r#"{"suppressions": [{"rule": "x", "resource": "*", "reason": "", "owner": "a", "expires": "2999-01-01"}]}"#).unwrap();
    keyaki()
        .arg("check")
        .arg(example())
        .args(["--suppressions"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("reason"));
}
