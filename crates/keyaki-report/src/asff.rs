//! The AWS Security Finding Format (ASFF), as `aws securityhub batch-import-findings
//! --findings file://FILE` reads it: a JSON array of findings.
//!
//! Each finding fills every attribute ASFF requires (`SchemaVersion`, `Id`, `ProductArn`,
//! `GeneratorId`, `AwsAccountId`, `Types`, `CreatedAt`, `UpdatedAt`, `Severity`, `Title`,
//! `Description`, `Resources`), and `Compliance`, `Remediation` and `ProductFields`. The
//! product is the account's own default product
//! (`arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`), which any account may
//! import into. A finding without a Region is filed under `us-east-1`, and one without an
//! account under `000000000000`, so that the file stays importable; check those before
//! importing.

use std::io::{BufWriter, Write};

use keyaki_core::{Finding, Severity};
use serde_json::{Value, json};

use crate::Error;

/// Security Hub limits `Title` to 256 characters and `Description` to 1024.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Informational => "INFORMATIONAL",
    }
}

/// The ASFF resource type for an ARN or an account-level resource.
pub(crate) fn resource_type(arn: &str) -> &'static str {
    let service_and_kind = arn.split(':').nth(2).zip(arn.split(':').nth(5));
    match service_and_kind {
        Some(("ec2", r)) if r.starts_with("instance/") => "AwsEc2Instance",
        Some(("ec2", r)) if r.starts_with("security-group/") => "AwsEc2SecurityGroup",
        Some(("ec2", r)) if r.starts_with("volume/") => "AwsEc2Volume",
        Some(("ec2", r)) if r.starts_with("vpc/") => "AwsEc2Vpc",
        Some(("ec2", r)) if r.starts_with("network-acl/") => "AwsEc2NetworkAcl",
        Some(("s3", _)) => "AwsS3Bucket",
        Some(("iam", r)) if r.starts_with("user/") => "AwsIamUser",
        Some(("iam", r)) if r.starts_with("role/") => "AwsIamRole",
        Some(("iam", r)) if r.starts_with("policy/") => "AwsIamPolicy",
        Some(("kms", _)) => "AwsKmsKey",
        Some(("rds", _)) => "AwsRdsDbInstance",
        Some(("lambda", _)) => "AwsLambdaFunction",
        Some(("sns", _)) => "AwsSnsTopic",
        Some(("sqs", _)) => "AwsSqsQueue",
        Some(("secretsmanager", _)) => "AwsSecretsManagerSecret",
        Some(("cloudtrail", _)) => "AwsCloudTrailTrail",
        _ if arn.starts_with("AWS::::Account:") || arn.ends_with(":root") => "AwsAccount",
        _ => "Other",
    }
}

/// The ASFF findings of `findings`, stamped `now` (ISO 8601).
pub(crate) fn to_value(findings: &[Finding], now: &str) -> Value {
    let items: Vec<Value> = findings
        .iter()
        .map(|f| {
            let account = f.account.as_ref().map_or("000000000000", |a| a.as_str());
            let region = f.region.as_ref().map_or("us-east-1", |r| r.as_str());
            let partition = f.resource_arn.split(':').nth(1).filter(|p| p.starts_with("aws")).unwrap_or("aws");
            let requirements: Vec<String> =
                f.compliance.iter().map(|c| format!("{} {}", c.framework, c.requirement)).collect();
            let mut description = f.title.clone();
            if !f.remediation.text.is_empty() {
                description = format!("{} on {}. {}", f.title, f.resource_arn, f.remediation.text);
            }
            let mut product_fields = json!({"keyaki/rule_id": f.rule_id, "keyaki/finding_id": f.id});
            if let Some(cli) = &f.remediation.cli {
                product_fields["keyaki/remediation_cli"] = json!(clip(cli, 4096));
            }
            json!({
                "SchemaVersion": "2018-10-08",
                "Id": format!("keyaki/{}", f.id),
                "ProductArn": format!("arn:{partition}:securityhub:{region}:{account}:product/{account}/default"),
                "GeneratorId": format!("keyaki/{}", f.rule_id),
                "AwsAccountId": account,
                "Types": ["Software and Configuration Checks/AWS Security Best Practices"],
                "CreatedAt": now,
                "UpdatedAt": now,
                "Severity": {"Label": label(f.severity)},
                "Title": clip(&f.title, 256),
                "Description": clip(&description, 1024),
                "Resources": [{
                    "Type": resource_type(&f.resource_arn),
                    "Id": f.resource_arn,
                    "Partition": partition,
                    "Region": region,
                }],
                "Compliance": {"Status": "FAILED", "RelatedRequirements": requirements},
                "Remediation": {"Recommendation": {"Text": clip(&f.remediation.text, 512)}},
                "ProductFields": product_fields,
                "RecordState": "ACTIVE",
                "Workflow": {"Status": "NEW"},
            })
        })
        .collect();
    Value::Array(items)
}

/// Writes `findings` as a pretty JSON array of ASFF findings stamped `now`.
pub(crate) fn write(findings: &[Finding], out: impl Write, now: &str) -> Result<(), Error> {
    let mut out = BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &to_value(findings, now))?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// The current time in ISO 8601 UTC (`2026-03-14T12:00:00Z`).
pub(crate) fn now_iso8601() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iso8601(i64::try_from(secs).unwrap_or(0))
}

/// Seconds since the epoch as ISO 8601 UTC (Howard Hinnant's civil-from-days).
pub(crate) fn iso8601(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyaki_core::{AccountId, Region};

    /// The attributes the ASFF requires of every imported finding (AWS Security Hub user
    /// guide, "Required top-level attributes in ASFF"), with their types and limits.
    #[test]
    fn required_attributes() {
        let f = Finding::builder(
            "ec2.imdsv2-required",
            "EC2 instances require IMDSv2",
            Severity::High,
        )
        .resource("arn:aws:ec2:us-east-1:123456789012:instance/i-1")
        .account(Some(AccountId::new("123456789012").expect("id")))
        .region(Some(Region::new("us-east-1").expect("region")))
        .compliance("fsbp", "EC2.8")
        .remediation("x".repeat(2000), None)
        .build();
        let v = to_value(&[f], "2026-03-14T12:00:00Z");
        let item = &v[0];
        for key in [
            "SchemaVersion",
            "Id",
            "ProductArn",
            "GeneratorId",
            "AwsAccountId",
            "CreatedAt",
            "UpdatedAt",
            "Title",
            "Description",
        ] {
            assert!(item[key].is_string(), "{key}");
        }
        assert_eq!(item["SchemaVersion"], "2018-10-08");
        assert_eq!(
            item["ProductArn"],
            "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default"
        );
        assert!(item["Types"].as_array().is_some_and(|t| !t.is_empty()));
        assert_eq!(item["Severity"]["Label"], "HIGH");
        assert_eq!(item["Resources"][0]["Type"], "AwsEc2Instance");
        assert!(item["Resources"][0]["Id"].is_string());
        assert!(item["Title"].as_str().expect("title").chars().count() <= 256);
        assert!(
            item["Description"]
                .as_str()
                .expect("description")
                .chars()
                .count()
                <= 1024
        );
        assert_eq!(item["Compliance"]["Status"], "FAILED");
        assert_eq!(item["Compliance"]["RelatedRequirements"][0], "fsbp EC2.8");
    }

    #[test]
    fn timestamps() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_773_489_600), "2026-03-14T12:00:00Z");
    }
}
