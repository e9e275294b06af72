//! `keyaki check --rules DIR`: the example custom rules on the bundled example, their results'
//! shape, and the errors of bad rule files.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{example, keyaki, run, stdout_json};
use serde_json::Value;

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/rules")
}

fn check(args: &[&str]) -> Vec<Value> {
    stdout_json(
        keyaki()
            .arg("check")
            .arg(example())
            .args(["--format", "json"])
            .args(args),
    )
    .as_array()
    .unwrap()
    .clone()
}

fn statuses(results: &[Value], rule: &str) -> Vec<(String, String)> {
    results
        .iter()
        .filter(|r| r["rule_id"] == rule)
        .map(|r| {
            let arn = r["resource_arn"].as_str().unwrap();
            let short = arn.rsplit(['/', ':']).next().unwrap().to_owned();
            (short, r["status"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn the_example_rules_give_what_docs_custom_rules_md_says() {
    let dir = rules_dir();
    let results = check(&["--rules", dir.to_str().unwrap(), "--no-builtin"]);
    let ids: BTreeSet<&str> = results
        .iter()
        .map(|r| r["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "acme.ec2-instance-profile",
            "acme.ec2-owner-and-environment-tags",
            "acme.s3-versioning-enabled",
            "acme.sg-internet-ingress-web-only",
        ])
    );
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(
        statuses(&results, "acme.sg-internet-ingress-web-only"),
        vec![
            pair("sg-77c92beb25709ec1c", "not_applicable"), // default
            pair("sg-962eb7f02da2ef8de", "pass"),           // web-alb-sg: 80, 443
            pair("sg-f1f0b41be3bdcd3ef", "pass"),           // web-sg: from the load balancer only
            pair("sg-aa3052bc93c22b32c", "fail"),           // debug-sg: 8080 from anywhere
            pair("sg-eb9829ca7ed26b459", "fail"),           // bastion-sg: 22 from anywhere
            pair("sg-eacde3ee27ade7bf1", "pass"),           // db-sg
        ]
    );
    assert_eq!(
        statuses(&results, "acme.ec2-instance-profile"),
        vec![
            pair("i-a8c31c8d9e52e859f", "pass"),
            pair("i-3c5fd218a801b4b8b", "pass"),
            pair("i-dbe834b4ae262edd3", "fail"), // the bastion has no instance profile
        ]
    );
    assert!(
        statuses(&results, "acme.ec2-owner-and-environment-tags")
            .iter()
            .all(|(_, s)| s == "pass")
    );
    let s3 = statuses(&results, "acme.s3-versioning-enabled");
    let failing: Vec<&str> = s3
        .iter()
        .filter(|(_, s)| s == "fail")
        .map(|(b, _)| b.as_str())
        .collect();
    assert_eq!(
        failing,
        ["acme-customer-data", "acme-network-logs-123456789012"]
    );

    // The evidence cites the resource, the rule and the values the expressions gave.
    let debug = results
        .iter()
        .find(|r| {
            r["resource_arn"]
                .as_str()
                .unwrap()
                .ends_with("sg-aa3052bc93c22b32c")
        })
        .unwrap();
    let evidence = &debug["evidence"];
    assert_eq!(evidence["condition"]["value"], false);
    assert_eq!(evidence["applies_if"]["value"], true);
    assert_eq!(
        evidence["open_to_internet"],
        serde_json::json!([{"protocol": "tcp", "from": 8080, "to": 8080}])
    );
    assert!(
        evidence["rule_source"]
            .as_str()
            .unwrap()
            .ends_with("security-groups.yaml:3")
    );
    assert!(
        evidence["source"]
            .as_str()
            .unwrap()
            .contains("describe-security-groups.json:")
    );
    assert_eq!(
        debug["remediation"]["cli"],
        "aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-aa3052bc93c22b32c --ip-permissions '<the rule from the evidence>'"
    );
    assert_eq!(
        debug["compliance"],
        serde_json::json!([{"framework": "cis-3.0", "requirement": "5.2"}])
    );
}

#[test]
fn custom_results_have_the_shape_of_built_in_ones_and_run_alongside() {
    let dir = rules_dir();
    let builtin = check(&[]);
    let both = check(&["--rules", dir.to_str().unwrap()]);
    let custom = check(&["--rules", dir.to_str().unwrap(), "--no-builtin"]);
    assert_eq!(both.len(), builtin.len() + custom.len());
    let keys = |r: &Value| -> BTreeSet<String> { r.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&builtin[0]), keys(&custom[0]));
    // The framework filter applies to custom rules: only the one mapped to CIS 3.0 runs.
    let cis = check(&[
        "--rules",
        dir.to_str().unwrap(),
        "--no-builtin",
        "--framework",
        "cis-3.0",
    ]);
    assert!(
        cis.iter()
            .all(|r| r["rule_id"] == "acme.sg-internet-ingress-web-only")
    );
    assert_eq!(cis.len(), 6);
    // And --fail-on counts their failures.
    keyaki()
        .arg("check")
        .arg(example())
        .args(["--rules", dir.to_str().unwrap(), "--no-builtin"])
        .args(["--fail-on", "high"])
        .assert()
        .code(3);
}

#[test]
fn bad_rule_files_are_refused_with_every_problem_and_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.yaml"),
        "\
- id: a.one
  title: One
  severity: hgih
  resource_type: AWS::EC2::SecurityGroup
  conditon: x
  condition: lenght(Tags) > `0`
- id: a.two
  title: Two
  severity: low
  resource_type: AWS::S3::Bucket
  condition: Name ==
",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("dup.yml"),
        "id: ec2.imdsv2-required\ntitle: t\nseverity: low\nresource_type: AWS::EC2::Instance\ncondition: '`true`'\n",
    )
    .unwrap();
    let (stdout, stderr) = run(
        keyaki()
            .arg("check")
            .arg(example())
            .arg("--rules")
            .arg(dir.path()),
        1,
    );
    assert!(stdout.is_empty());
    for expected in [
        "bad.yaml:3:13: $[0].severity: unknown severity \"hgih\"",
        "bad.yaml:5:3: $[0].conditon: unknown field (did you mean \"condition\"?)",
        "bad.yaml:6:14: $[0].condition: unknown JMESPath function lenght() (did you mean length()?)",
        "bad.yaml:11:21: $[1].condition: not a valid JMESPath expression",
        "dup.yml:1:1: $.id: id \"ec2.imdsv2-required\" is the id of a built-in rule",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }

    // An empty folder is a mistake too, and --no-builtin needs --rules.
    let empty = tempfile::tempdir().unwrap();
    let (_, stderr) = run(
        keyaki()
            .arg("check")
            .arg(example())
            .arg("--rules")
            .arg(empty.path()),
        1,
    );
    assert!(stderr.contains("no *.yaml or *.yml file"), "{stderr}");
    keyaki()
        .arg("check")
        .arg(example())
        .arg("--no-builtin")
        .assert()
        .code(2);
}
