//! `keyaki check` on the bundled example: the failures a reviewer expects, formats, exit codes.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

mod common;

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

fn check_stdout(args: &[&str]) -> Vec<u8> {
    keyaki()
        .arg("check")
        .arg(example())
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// The open failures, as `--format jsonl` lists them.
fn open_failures() -> Vec<serde_json::Value> {
    String::from_utf8(check_stdout(&["--format", "jsonl"]))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The JSON inside `<script type="application/json" id="keyaki-data">`.
fn html_data(page: &str) -> serde_json::Value {
    let start = page
        .find("<script type=\"application/json\" id=\"keyaki-data\">")
        .unwrap();
    let body = &page[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    assert!(!body.contains('<'), "no raw < in the data block");
    serde_json::from_str(body).unwrap()
}

#[test]
fn ocsf_is_one_compliance_finding_event_per_open_failure() {
    let failures = open_failures();
    let events: Vec<serde_json::Value> =
        serde_json::from_slice(&check_stdout(&["--format", "ocsf"])).unwrap();
    assert_eq!(events.len(), failures.len());
    for (event, finding) in events.iter().zip(&failures) {
        assert_eq!(event["class_uid"], 2003, "{event}");
        assert_eq!(event["category_uid"], 2);
        assert_eq!(event["type_uid"], 200_301);
        assert_eq!(event["activity_id"], 1);
        assert!((1..=5).contains(&event["severity_id"].as_u64().unwrap()));
        assert!(
            event["time"].as_i64().unwrap() > 1_600_000_000_000,
            "Unix milliseconds"
        );
        assert_eq!(event["metadata"]["version"], "1.8.0");
        assert_eq!(event["metadata"]["product"]["name"], "keyaki");
        assert_eq!(event["finding_info"]["uid"], finding["id"]);
        assert_eq!(event["finding_info"]["analytic"]["uid"], finding["rule_id"]);
        assert_eq!(event["compliance"]["status_id"], 3);
        assert_eq!(event["resources"][0]["uid"], finding["resource_arn"]);
        assert_eq!(event["cloud"]["provider"], "AWS");
    }
    // The IMDSv1 web servers, with their CIS requirement and the framework's full name.
    let imds: Vec<_> = events
        .iter()
        .filter(|e| e["finding_info"]["analytic"]["uid"] == "ec2.imdsv2-required")
        .collect();
    assert_eq!(imds.len(), 2);
    let requirements = imds[0]["compliance"]["requirements"].as_array().unwrap();
    assert!(
        requirements.contains(&"cis-3.0 5.6".into()),
        "{requirements:?}"
    );
    let standards = imds[0]["compliance"]["standards"].as_array().unwrap();
    assert!(standards.contains(&"CIS Amazon Web Services Foundations Benchmark v3.0.0".into()));
}

#[test]
fn html_is_a_self_contained_report_with_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    keyaki()
        .arg("check")
        .arg(example())
        .args(["--format", "html", "--output"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let page = std::fs::read_to_string(&file).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http"),
        "nothing fetched"
    );
    let data = html_data(&page);
    let failures = open_failures();
    assert_eq!(data["findings"].as_array().unwrap().len(), failures.len());
    assert_eq!(data["findings"][0]["id"], failures[0]["id"]);
    for name in [
        "CIS Amazon Web Services Foundations Benchmark v3.0.0",
        "CIS Amazon Web Services Foundations Benchmark v5.0.0",
        "AWS Foundational Security Best Practices",
        "NIST SP 800-53 Revision 5",
    ] {
        assert!(page.contains(&format!("<strong>{name}</strong>")), "{name}");
    }
    // One framework only with --framework.
    let page =
        String::from_utf8(check_stdout(&["--format", "html", "--framework", "fsbp"])).unwrap();
    assert!(page.contains("<strong>AWS Foundational Security Best Practices</strong>"));
    assert!(!page.contains("<strong>NIST SP 800-53 Revision 5</strong>"));
}

#[test]
fn xlsx_has_a_worksheet_per_framework_with_coverage() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("check.xlsx");
    keyaki()
        .arg("check")
        .arg(example())
        .args(["--format", "xlsx", "--output"])
        .arg(&file)
        .assert()
        .success();
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Findings",
            "Summary",
            "cis-3.0",
            "cis-5.0",
            "fsbp",
            "nist-800-53-r5"
        ]
    );
    let findings = book.worksheet_range("Findings").unwrap();
    assert_eq!(findings.height() - 1, open_failures().len());
    let cis = book.worksheet_range("cis-3.0").unwrap();
    let header: Vec<String> = cis
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(Data::to_string)
        .collect();
    assert_eq!(
        header,
        ["Requirement", "Title", "Status", "Rules", "Pass", "Fail"]
    );
    let row = |id: &str| -> Vec<String> {
        cis.rows()
            .find(|r| r[0] == Data::String(id.into()))
            .unwrap_or_else(|| panic!("no requirement {id}"))
            .iter()
            .map(Data::to_string)
            .collect()
    };
    // IMDSv2 (CIS v3.0 5.6): one instance passes, the two web servers fail.
    let imds = row("5.6");
    assert_eq!(imds[2..], ["automated", "ec2.imdsv2-required", "1", "2"]);
    // Every CIS requirement is listed, automated or not.
    let statuses: Vec<String> = cis.rows().skip(1).map(|r| r[2].to_string()).collect();
    assert!(
        statuses
            .iter()
            .all(|s| ["automated", "manual", "not yet"].contains(&s.as_str()))
    );
    assert!(statuses.iter().any(|s| s == "automated") && statuses.iter().any(|s| s == "manual"));
    assert_eq!(statuses.len(), 62, "CIS v3.0 has 62 requirements");
}

#[test]
fn detect_writes_ocsf_detection_findings_and_html() {
    let lake = common::example_lake();
    let findings = common::stdout_json(
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .args(["--format", "json"]),
    );
    let events = common::stdout_json(
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .args(["--format", "ocsf"]),
    );
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), findings.as_array().unwrap().len());
    assert!(!events.is_empty());
    for e in events {
        assert_eq!(e["class_uid"], 2004, "{e}");
        assert_eq!(e["type_uid"], 200_401);
        assert_eq!(e["is_alert"], true);
        assert!(e.get("compliance").is_none());
    }
    assert!(
        events
            .iter()
            .any(|e| e["finding_info"]["analytic"]["uid"] == "ct.cloudtrail-tampering")
    );
    let out = keyaki()
        .arg("detect")
        .arg(&lake.path)
        .args(["--format", "html"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page = String::from_utf8(out).unwrap();
    let ids = |list: &serde_json::Value| -> Vec<String> {
        let mut ids: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&html_data(&page)["findings"]), ids(&findings));
    assert!(
        !page.contains("id=\"coverage\""),
        "detections have no framework coverage"
    );
    keyaki()
        .args(["detect", "--list", "--format", "html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--list writes table, json"));
}
