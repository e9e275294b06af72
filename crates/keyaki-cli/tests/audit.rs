//! `keyaki audit`: the CIS 3.0 evidence package of the bundled example: its files, its counts
//! against `keyaki check`, its hashes, and an HTML page that escapes what the account controls.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{example, keyaki, stdout_json};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn write_package(snapshot: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("audit");
    keyaki()
        .arg("audit")
        .arg(snapshot)
        .args(["--framework", "cis-3.0", "--output"])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    (dir, out)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn files_under(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(root).unwrap().to_owned();
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_cis_package_of_the_example_agrees_with_check_and_its_hashes_verify() {
    let (_dir, out) = write_package(&example(), &[]);
    assert!(out.join("index.html").is_file());
    let index = read_json(&out.join("index.json"));
    assert_eq!(index["format_version"], 1);
    assert_eq!(index["framework"]["id"], "cis-3.0");
    assert_eq!(index["keyaki_version"], env!("CARGO_PKG_VERSION"));
    assert!(index["generated_at"].as_str().unwrap().ends_with('Z'));
    assert!(index["snapshot"]["snapshot_time"].is_string());

    // Counts per requirement agree with `keyaki check --framework cis-3.0`.
    let results = stdout_json(keyaki().arg("check").arg(example()).args([
        "--framework",
        "cis-3.0",
        "--format",
        "json",
    ]));
    let mut expected: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for r in results.as_array().unwrap() {
        let status = match r["status"].as_str().unwrap() {
            "fail" if r.get("suppressed").is_some() => "suppressed",
            s => s,
        };
        for c in r["compliance"].as_array().unwrap() {
            *expected
                .entry(c["requirement"].as_str().unwrap().to_owned())
                .or_default()
                .entry(status.to_owned())
                .or_default() += 1;
        }
    }
    let requirements = index["requirements"].as_array().unwrap();
    assert_eq!(requirements.len(), 62, "CIS 3.0 has 62 recommendations");
    let mut total_results = 0;
    for req in requirements {
        let id = req["id"].as_str().unwrap();
        let counts = &req["counts"];
        let want = expected.remove(id).unwrap_or_default();
        for status in ["pass", "fail", "suppressed", "not_applicable", "unknown"] {
            assert_eq!(
                counts[status].as_u64().unwrap(),
                want.get(status).copied().unwrap_or(0),
                "requirement {id}, {status}"
            );
        }
        let status = req["status"].as_str().unwrap();
        if counts["fail"].as_u64().unwrap() > 0 {
            assert_eq!(status, "fail", "{id}");
        }
        match req["folder"].as_str() {
            Some(folder) => {
                // findings.json holds the results; one evidence file per result.
                let findings = read_json(&out.join(folder).join("findings.json"));
                let n = findings.as_array().unwrap().len();
                total_results += n;
                let evidence = std::fs::read_dir(out.join(folder).join("evidence"))
                    .unwrap()
                    .count();
                assert_eq!(evidence, n, "{id}");
                assert!(!req["rules"].as_array().unwrap().is_empty());
            }
            None => {
                assert!(
                    ["manual", "not_automated"].contains(&status),
                    "{id}: {status}"
                );
                assert!(req["rules"].as_array().unwrap().is_empty());
            }
        }
    }
    assert!(
        expected.is_empty(),
        "results for unknown requirements: {expected:?}"
    );
    assert!(total_results > 0);
    // The example's web servers allow IMDSv1 (CIS 3.0 5.6).
    let status_of = |id: &str| {
        requirements.iter().find(|r| r["id"] == id).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status_of("5.6"), "fail");

    // The file list is every file of the snapshot, and each hash verifies.
    let listed: Vec<&Value> = index["snapshot"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let paths: Vec<String> = listed
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths, files_under(&example()));
    for f in listed {
        let bytes = std::fs::read(example().join(f["path"].as_str().unwrap())).unwrap();
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"], hex.as_str(), "{}", f["path"]);
        assert_eq!(f["bytes"], bytes.len());
    }

    // The page is self-contained: no script, no remote resource.
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script"));
    assert!(!html.contains(" src="));
    assert!(!html.contains("<link"));
    assert!(html.contains("<style>"));
    assert!(html.contains("Snapshot files"));
}

/// Copies the example, recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn values_from_the_account_are_escaped_in_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("snap");
    copy_dir(&example(), &snap);
    let sg_file = snap.join("us-east-1/ec2/describe-security-groups.json");
    let mut sgs = read_json(&sg_file);
    let evil = "<script>alert(\"x\")</script>' onmouseover='alert(1)";
    for g in sgs["SecurityGroups"].as_array_mut().unwrap() {
        g["Tags"] = serde_json::json!([{"Key": "Name", "Value": evil}, {"Key": "\"><img src=x>", "Value": "&"}]);
    }
    std::fs::write(&sg_file, serde_json::to_string_pretty(&sgs).unwrap()).unwrap();
    // A custom rule mapped to CIS 5.2 reports the tags as evidence, so they reach the page.
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("tags.yaml"),
        "id: acme.sg-tagged\ntitle: Security groups are tagged\nseverity: low\n\
         resource_type: AWS::EC2::SecurityGroup\ncondition: length(Tags) == `0`\n\
         evidence:\n  tags: Tags\ncompliance:\n  - framework: cis-3.0\n    requirement: '5.2'\n",
    )
    .unwrap();
    let (_out_dir, out) = write_package(&snap, &["--rules", rules.to_str().unwrap()]);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script"), "unescaped script");
    assert!(!html.contains("<img"), "unescaped tag");
    assert!(!html.contains("' onmouseover='"), "unescaped quote");
    assert!(html.contains(
        "&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;&#39; onmouseover=&#39;alert(1)"
    ));
    let index = read_json(&out.join("index.json"));
    let req = index["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "5.2")
        .unwrap();
    assert!(
        req["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "acme.sg-tagged")
    );
    // The evidence files keep the value as it was, in JSON.
    let findings = read_json(&out.join("requirements/5.2/findings.json"));
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["evidence"]["tags"][0]["Value"] == evil)
    );
}
