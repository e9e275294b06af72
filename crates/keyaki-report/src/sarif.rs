//! SARIF 2.1.0: findings for code-scanning dashboards.
//!
//! One run, with keyaki as the tool: each distinct rule becomes a `reportingDescriptor`
//! and each finding a `result` whose location is the resource, written as a logical
//! location (a cloud resource has no file). Severity maps to `level`: critical and high to
//! `error`, medium to `warning`, low and informational to `note`. The finding's stable id
//! is the `partialFingerprints` entry `keyaki/v1`, so dashboards follow a finding across runs.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use keyaki_core::{Finding, Severity};
use serde_json::{Value, json};

use crate::Error;

/// The SARIF level of a severity.
pub(crate) fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Informational => "note",
    }
}

/// The SARIF log of `findings`, as a JSON value.
pub(crate) fn to_value(findings: &[Finding]) -> Value {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules = Vec::new();
    for f in findings {
        if !rule_index.contains_key(f.rule_id.as_str()) {
            rule_index.insert(&f.rule_id, rules.len());
            let tags: Vec<String> = f
                .compliance
                .iter()
                .map(|c| format!("{}:{}", c.framework, c.requirement))
                .collect();
            rules.push(json!({
                "id": f.rule_id,
                "shortDescription": {"text": f.title},
                "help": {"text": f.remediation.text},
                "defaultConfiguration": {"level": level(f.severity)},
                "properties": {"tags": tags, "severity": f.severity},
            }));
        }
    }
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut properties = json!({
                "severity": f.severity,
                "account": f.account,
                "region": f.region,
                "evidence": f.evidence,
            });
            if let Some(cli) = &f.remediation.cli {
                properties["remediationCli"] = json!(cli);
            }
            json!({
                "ruleId": f.rule_id,
                "ruleIndex": rule_index.get(f.rule_id.as_str()).copied().unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": format!("{}: {}", f.title, f.resource_arn)},
                "locations": [{
                    "logicalLocations": [{"fullyQualifiedName": f.resource_arn, "kind": "resource"}],
                }],
                "partialFingerprints": {"keyaki/v1": f.id},
                "properties": properties,
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "keyaki",
                "informationUri": "https://github.com/keyaki-sec/keyaki",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// Writes `findings` as a pretty SARIF 2.1.0 log.
pub(crate) fn write(findings: &[Finding], out: impl Write) -> Result<(), Error> {
    let mut out = BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &to_value(findings))?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyaki_core::AccountId;

    fn findings() -> Vec<Finding> {
        vec![
            Finding::builder(
                "ec2.imdsv2-required",
                "EC2 instances require IMDSv2",
                Severity::High,
            )
            .resource("arn:aws:ec2:us-east-1:123456789012:instance/i-1")
            .account(Some(AccountId::new("123456789012").expect("id")))
            .compliance("cis-3.0", "5.6")
            .remediation(
                "require tokens",
                Some("aws ec2 modify-instance-metadata-options".into()),
            )
            .build(),
            Finding::builder("s3.bucket-versioning", "versioning", Severity::Low)
                .resource("arn:aws:s3:::b")
                .build(),
            Finding::builder(
                "ec2.imdsv2-required",
                "EC2 instances require IMDSv2",
                Severity::High,
            )
            .resource("arn:aws:ec2:us-east-1:123456789012:instance/i-2")
            .build(),
        ]
    }

    /// The properties SARIF 2.1.0 requires (OASIS SARIF v2.1.0, sections 3.13, 3.14, 3.18,
    /// 3.19, 3.27, 3.49): `version` and `runs`; a run's `tool.driver.name`; a result's
    /// `message` with `text`; a reportingDescriptor's `id`; and the enumerations of `level`.
    #[test]
    fn required_properties_of_sarif_2_1_0() {
        let v = to_value(&findings());
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "keyaki");
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), 2, "one descriptor per distinct rule");
        for r in rules {
            assert!(r["id"].is_string());
        }
        let results = run["results"].as_array().expect("results");
        assert_eq!(results.len(), 3);
        for r in results {
            assert!(r["message"]["text"].is_string());
            assert!(
                ["none", "note", "warning", "error"].contains(&r["level"].as_str().expect("level"))
            );
            let index = r["ruleIndex"].as_u64().expect("index") as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            assert!(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].is_string());
            assert_eq!(
                r["partialFingerprints"]["keyaki/v1"]
                    .as_str()
                    .expect("fp")
                    .len(),
                32
            );
        }
        assert_eq!(results[0]["level"], "error");
        assert_eq!(results[1]["level"], "note");
        assert_eq!(rules[0]["properties"]["tags"], json!(["cis-3.0:5.6"]));
    }
}
