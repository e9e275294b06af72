//! SARIF and ASFF output validated against JSON Schemas: the official SARIF 2.1.0 schema
//! (OASIS, vendored in `tests/data/sarif-2.1.0`) and keyaki's schema of what AWS Security Hub
//! requires of an imported finding (`tests/data/asff`, written from the AWS Security Hub user
//! guide page "Required top-level ASFF attributes",
//! https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html).

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::Path;

use keyaki_core::{AccountId, Finding, Region, Severity};
use keyaki_report::{FindingFormat, RenderOptions};
use serde_json::{Value, json};

fn schema(relative: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Findings with every field set, none set, and the awkward cases: quotes and newlines, long
/// text, other partitions, resources that are not ARNs.
fn findings() -> Vec<Finding> {
    let account = AccountId::new("123456789012").unwrap();
    vec![
        Finding::builder(
            "ec2.sg-open-ssh",
            "SSH open to the internet",
            Severity::High,
        )
        .resource("arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b")
        .account(Some(account.clone()))
        .region(Some(Region::new("us-east-1").unwrap()))
        .evidence(json!({"port": 22, "cidr": "0.0.0.0/0", "note": "line \"one\"\nline two"}))
        .remediation(
            "Restrict the rule",
            Some("aws ec2 revoke-security-group-ingress --group-id sg-0a1b".into()),
        )
        .compliance("cis-3.0", "5.2")
        .compliance("fsbp", "EC2.13")
        .build(),
        Finding::builder("iam.root-mfa", "t".repeat(400), Severity::Critical)
            .resource("arn:aws-cn:iam::123456789012:root")
            .account(Some(account))
            .remediation("x".repeat(3000), None)
            .build(),
        Finding::builder("custom.thing", "Something", Severity::Informational)
            .resource("i-0abc")
            .build(),
        Finding::builder("s3.public", "Bucket is public", Severity::Low)
            .resource("arn:aws-us-gov:s3:::acme-data")
            .region(Some(Region::new("us-gov-west-1").unwrap()))
            .build(),
        Finding::builder("rds.public", "Database is public", Severity::Medium)
            .resource("arn:aws:rds:eu-west-1:123456789012:db:prod")
            .build(),
    ]
}

fn render(format: FindingFormat, findings: &[Finding]) -> Value {
    let mut out = Vec::new();
    format
        .write(
            findings,
            &mut out,
            &RenderOptions::new().timestamp("2026-03-14T12:00:00Z"),
        )
        .unwrap();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let validator = schema("sarif-2.1.0/sarif-schema-2.1.0.json");
    for findings in [&findings()[..], &findings()[..1], &[]] {
        let log = render(FindingFormat::Sarif, findings);
        let errors = errors(&validator, &log);
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The schema is not a rubber stamp.
    let mut log = render(FindingFormat::Sarif, &findings());
    log["runs"][0]["results"][0]["level"] = json!("fatal");
    log["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let errors = errors(&validator, &log);
    assert!(
        errors.iter().any(|e| e.contains("/runs/0/results/0/level")),
        "{errors:#?}"
    );
    assert!(errors.iter().any(|e| e.contains("name")), "{errors:#?}");
}

#[test]
fn asff_output_has_every_attribute_security_hub_requires() {
    let validator = schema("asff/asff-import.schema.json");
    for findings in [&findings()[..], &[]] {
        let asff = render(FindingFormat::Asff, findings);
        let errors = errors(&validator, &asff);
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // Each required attribute, removed in turn, is missed.
    let asff = render(FindingFormat::Asff, &findings()[..1]);
    for key in [
        "AwsAccountId",
        "CreatedAt",
        "Description",
        "GeneratorId",
        "Id",
        "ProductArn",
        "Resources",
        "SchemaVersion",
        "Severity",
        "Title",
        "Types",
        "UpdatedAt",
    ] {
        let mut broken = asff.clone();
        broken[0].as_object_mut().unwrap().remove(key);
        let errors = errors(&validator, &broken);
        assert!(errors.iter().any(|e| e.contains(key)), "{key}: {errors:#?}");
    }
    let mut broken = asff.clone();
    broken[0]["Title"] = json!("t".repeat(257));
    broken[0]["Severity"]["Label"] = json!("SEVERE");
    broken[0]["Resources"][0]
        .as_object_mut()
        .unwrap()
        .remove("Type");
    assert_eq!(
        errors(&validator, &broken).len(),
        3,
        "{:#?}",
        errors(&validator, &broken)
    );
}
