#![allow(clippy::unwrap_used)]
//! The bundled breached example: the failures its README's "What is wrong" list implies.

use keyaki_rules::{CheckOptions, CheckReport, Framework, Status, Suppressions, check};
use keyaki_snapshot::{Snapshot, Timestamp};

fn example() -> Snapshot {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/incident-3tier");
    Snapshot::load(root).unwrap()
}

/// The snapshot was taken at 2026-03-14 12:00:00 UTC (README).
fn at_snapshot_time() -> CheckOptions {
    CheckOptions {
        now: Some(
            Timestamp::parse("2026-03-14T12:00:00Z")
                .unwrap()
                .unix_seconds(),
        ),
        ..CheckOptions::default()
    }
}

fn status(report: &CheckReport, rule: &str, resource_part: &str) -> Status {
    let hits: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.rule_id == rule && r.resource_arn.contains(resource_part))
        .collect();
    assert_eq!(hits.len(), 1, "{rule} on {resource_part}: {hits:#?}");
    hits[0].status
}

#[test]
fn the_breach_is_found() {
    let report = check(&example(), &at_snapshot_time());
    use Status::{Fail, NotApplicable, Pass};
    let expect = [
        // 1. IMDSv1 on web-1 and web-2; the bastion requires tokens.
        ("ec2.imdsv2-required", "i-a8c31c8d9e52e859f", Fail),
        ("ec2.imdsv2-required", "i-3c5fd218a801b4b8b", Fail),
        ("ec2.imdsv2-required", "i-dbe834b4ae262edd3", Pass),
        // 3. batch-job's key from 2024-09-18, never rotated.
        ("iam.access-key-rotation", "user/batch-job", Fail),
        // 6. the partner account outside the organisation; versioning and logging off.
        (
            "s3.bucket-shared-outside-org",
            ":::acme-customer-data",
            Fail,
        ),
        ("s3.bucket-versioning", ":::acme-customer-data", Fail),
        ("s3.bucket-access-logging", ":::acme-customer-data", Fail),
        // 7. SSH from 0.0.0.0/0 and ::/0 on bastion-sg, reachable from the internet.
        ("ec2.sg-ssh-open-ipv4", "sg-eb9829ca7ed26b459", Fail),
        ("ec2.sg-admin-ports-ipv6", "sg-eb9829ca7ed26b459", Fail),
        (
            "ec2.internet-exposed-risky-port",
            "i-dbe834b4ae262edd3",
            Fail,
        ),
        // 8. debug-sg opens 8080 to the world, but no path reaches web-1.
        ("ec2.sg-high-risk-ports", "sg-aa3052bc93c22b32c", Fail),
        (
            "ec2.internet-exposed-risky-port",
            "i-a8c31c8d9e52e859f",
            Pass,
        ),
        ("ec2.sg-ssh-open-ipv4", "sg-f1f0b41be3bdcd3ef", Pass),
        // 9. EBS default encryption off, the bastion's root volume unencrypted.
        (
            "ec2.ebs-default-encryption",
            "AWS::::Account:123456789012",
            Fail,
        ),
        (
            "ec2.attached-volume-encrypted",
            "vol-1b4851659e1dd4b51",
            Fail,
        ),
        (
            "ec2.attached-volume-encrypted",
            "vol-fe00da2d62050f4a3",
            Pass,
        ),
        // 10. alias/prod-rds without rotation; AWS managed keys are not applicable.
        (
            "kms.key-rotation",
            "bc43206f-2c93-422f-9764-8b2e3afd7754",
            Fail,
        ),
        (
            "kms.key-rotation",
            "e4a8e7be-c0e1-4039-83b1-3089d29e2368",
            NotApplicable,
        ),
        // 11. account-level Block Public Access incomplete.
        (
            "s3.account-public-access-block",
            "AWS::::Account:123456789012",
            Fail,
        ),
        // 12. bob: password without MFA; ci-deploy: two active keys, unused password.
        ("iam.user-console-mfa", "user/bob", Fail),
        ("iam.user-console-mfa", "user/alice", Pass),
        ("iam.single-active-key", "user/ci-deploy", Fail),
        ("iam.unused-credentials-45", "user/ci-deploy", Fail),
        // 13. password policy: length 12, no reuse prevention.
        (
            "iam.password-policy-length-14",
            "AWS::::Account:123456789012",
            Fail,
        ),
        (
            "iam.password-policy-reuse",
            "AWS::::Account:123456789012",
            Fail,
        ),
        // 15. developer-policy v2 allows * on *; svc-backup holds AdministratorAccess directly.
        ("iam.policy-full-admin", "policy/developer-policy", Fail),
        ("iam.user-direct-policies", "user/svc-backup", Fail),
        // What is right: prod-db is private and encrypted, root has no keys and has MFA.
        ("rds.not-public", "db:prod-db", Pass),
        ("rds.storage-encrypted", "db:prod-db", Pass),
        ("iam.root-access-key", ":root", Pass),
        ("iam.root-mfa", ":root", Pass),
        ("guardduty.enabled", "AWS::::Account:123456789012", Pass),
        (
            "config.recorder-enabled",
            "AWS::::Account:123456789012",
            Pass,
        ),
        (
            "cloudtrail.multi-region-management-events",
            "AWS::::Account:123456789012",
            Pass,
        ),
        ("ec2.vpc-flow-logs", "vpc-4b079769bb185e9dc", Pass),
        ("lambda.no-public-policy", "function:thumbnailer", Pass),
    ];
    for (rule, resource, want) in expect {
        assert_eq!(
            status(&report, rule, resource),
            want,
            "{rule} on {resource}"
        );
    }
    // Every failure names its fix, and CLI templates are filled.
    for r in report.results.iter().filter(|r| r.status == Fail) {
        assert!(!r.remediation.text.is_empty());
        if let Some(cli) = &r.remediation.cli {
            assert!(
                !cli.contains("{bucket}")
                    && !cli.contains("{instance}")
                    && !cli.contains("{region}"),
                "{cli}"
            );
        }
    }
    assert_eq!(
        report.summary.unknown, 0,
        "the example holds every output the rules read"
    );
}

#[test]
fn json_shape_and_framework_filter() {
    let mut options = at_snapshot_time();
    options.framework = Some(Framework::Cis30);
    let report = check(&example(), &options);
    let r = report
        .results
        .iter()
        .find(|r| {
            r.rule_id == "ec2.imdsv2-required" && r.resource_arn.ends_with("i-a8c31c8d9e52e859f")
        })
        .unwrap();
    let v = serde_json::to_value(r).unwrap();
    for key in [
        "rule_id",
        "status",
        "severity",
        "resource_arn",
        "account",
        "region",
        "evidence",
        "remediation",
        "compliance",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["status"], "fail");
    assert_eq!(v["account"], "123456789012");
    assert_eq!(v["region"], "us-east-1");
    assert_eq!(
        v["compliance"],
        serde_json::json!([{"framework": "cis-3.0", "requirement": "5.6"}])
    );
    assert_eq!(
        v["remediation"]["cli"],
        "aws ec2 modify-instance-metadata-options --instance-id i-a8c31c8d9e52e859f --http-tokens required --http-endpoint enabled --region us-east-1"
    );
    // Rules without a CIS v3.0 requirement are not run.
    assert!(
        report
            .results
            .iter()
            .all(|r| r.rule_id != "ec2.sg-ssh-open-ipv4")
    );
    // NIST comes through the FSBP control.
    let all = check(&example(), &at_snapshot_time());
    let r = all
        .results
        .iter()
        .find(|r| r.rule_id == "ec2.imdsv2-required")
        .unwrap();
    let frameworks: Vec<_> = r
        .compliance
        .iter()
        .map(|c| format!("{}:{}", c.framework, c.requirement))
        .collect();
    assert!(
        frameworks.contains(&"fsbp:EC2.8".to_owned()),
        "{frameworks:?}"
    );
    assert!(
        frameworks.iter().any(|f| f.starts_with("nist-800-53-r5:")),
        "{frameworks:?}"
    );
}

#[test]
fn suppressions_hide_until_they_expire() {
    let file = r#"{"suppressions": [{"rule": "ec2.sg-ssh-open-ipv4", "resource": "*sg-eb9829ca7ed26b459",
        "reason": "bastion, replaced by Session Manager in Q2", "owner": "alice", "expires": "2026-06-30"}]}"#;
    let mut options = at_snapshot_time();
    options.suppressions = Suppressions::parse(file, std::path::Path::new("s.json")).unwrap();
    let report = check(&example(), &options);
    let r = report
        .results
        .iter()
        .find(|r| r.rule_id == "ec2.sg-ssh-open-ipv4" && r.status == Status::Fail)
        .unwrap();
    assert!(r.suppressed.is_some() && !r.is_open_failure());
    assert_eq!(report.summary.suppressed, 1);
    assert!(
        report
            .findings()
            .iter()
            .all(|f| f.rule_id != "ec2.sg-ssh-open-ipv4")
    );

    options.now = Some(
        Timestamp::parse("2026-07-01T00:00:00Z")
            .unwrap()
            .unix_seconds(),
    );
    let later = check(&example(), &options);
    let r = later
        .results
        .iter()
        .find(|r| r.rule_id == "ec2.sg-ssh-open-ipv4" && r.status == Status::Fail)
        .unwrap();
    assert!(r.is_open_failure() && r.expired_suppression.is_some());
}
