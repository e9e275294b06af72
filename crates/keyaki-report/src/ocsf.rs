//! The Open Cybersecurity Schema Framework (OCSF) 1.8.0: a JSON array of events, one per
//! finding.
//!
//! Failed checks (`keyaki check`) are **Compliance Finding** events (`class_uid` 2003) and
//! detections (`keyaki detect`) **Detection Finding** events (2004), both in the Findings
//! category (`category_uid` 2) with the activity Create (1), so `type_uid` is
//! `class_uid * 100 + 1`. Each event fills every attribute the class requires (`activity_id`,
//! `category_uid`, `class_uid`, `type_uid`, `severity_id`, `time`, `metadata` with `product`
//! and `version`, `finding_info.uid`, and for compliance findings `compliance`) and, with the
//! `cloud` profile, `cloud.provider`; and the recommended attributes keyaki knows: names and
//! captions, `message`, `status`, `finding_info.title` and `analytic`, `compliance.standards`,
//! `requirements`, `control` and `status_id` (Fail), `resources[]` (`uid`, `type`, `region`,
//! `cloud_partition`), `cloud.region` and `cloud.account`, `remediation.desc`, and the
//! evidence as `evidences[].data`. The AWS CLI command that fixes a finding has no OCSF
//! attribute and goes to `unmapped.keyaki.remediation_cli`.

use std::io::{BufWriter, Write};

use keyaki_core::{Finding, Severity};
use serde_json::{Map, Value, json};

use crate::options::FindingKind;
use crate::{Coverage, Error};

/// The OCSF schema version the events follow.
pub(crate) const OCSF_VERSION: &str = "1.8.0";

/// The Findings category.
const CATEGORY_UID: u32 = 2;
/// The Create activity of a finding class.
const ACTIVITY_CREATE: u32 = 1;

/// The OCSF class of a kind of finding: its `class_uid` and caption.
fn class(kind: FindingKind) -> (u32, &'static str) {
    match kind {
        FindingKind::Compliance => (2003, "Compliance Finding"),
        FindingKind::Detection => (2004, "Detection Finding"),
    }
}

/// OCSF `severity_id` and its caption (dictionary: 1 Informational ... 5 Critical).
fn severity(severity: Severity) -> (u8, &'static str) {
    match severity {
        Severity::Informational => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// The OCSF events of `findings`, created at `time_ms` (Unix milliseconds).
pub(crate) fn to_value(
    findings: &[Finding],
    kind: FindingKind,
    time_ms: i64,
    coverage: Option<&Coverage>,
) -> Value {
    let (class_uid, class_name) = class(kind);
    let type_uid = class_uid * 100 + ACTIVITY_CREATE;
    let events = findings
        .iter()
        .map(|f| {
            let (severity_id, severity_name) = severity(f.severity);
            let partition = f
                .resource_arn
                .split(':')
                .nth(1)
                .filter(|p| f.resource_arn.starts_with("arn:") && p.starts_with("aws"))
                .unwrap_or("aws");
            let mut resource = Map::new();
            resource.insert("uid".into(), json!(f.resource_arn));
            resource.insert(
                "type".into(),
                json!(crate::asff::resource_type(&f.resource_arn)),
            );
            if let Some(region) = &f.region {
                resource.insert("region".into(), json!(region.as_str()));
            }
            resource.insert("cloud_partition".into(), json!(partition));
            resource.insert("role_id".into(), json!(1));
            resource.insert("role".into(), json!("Target"));

            let mut cloud = Map::new();
            cloud.insert("provider".into(), json!("AWS"));
            if let Some(region) = &f.region {
                cloud.insert("region".into(), json!(region.as_str()));
            }
            if let Some(account) = &f.account {
                cloud.insert(
                    "account".into(),
                    json!({"uid": account.as_str(), "type_id": 10, "type": "AWS Account"}),
                );
            }
            cloud.insert("cloud_partition".into(), json!(partition));

            let mut event = Map::new();
            event.insert("activity_id".into(), json!(ACTIVITY_CREATE));
            event.insert("activity_name".into(), json!("Create"));
            event.insert("category_uid".into(), json!(CATEGORY_UID));
            event.insert("category_name".into(), json!("Findings"));
            event.insert("class_uid".into(), json!(class_uid));
            event.insert("class_name".into(), json!(class_name));
            event.insert("type_uid".into(), json!(type_uid));
            event.insert("type_name".into(), json!(format!("{class_name}: Create")));
            event.insert("severity_id".into(), json!(severity_id));
            event.insert("severity".into(), json!(severity_name));
            event.insert("status_id".into(), json!(1));
            event.insert("status".into(), json!("New"));
            event.insert("time".into(), json!(time_ms));
            event.insert(
                "message".into(),
                json!(format!("{}: {}", f.title, f.resource_arn)),
            );
            event.insert(
                "metadata".into(),
                json!({
                    "version": OCSF_VERSION,
                    "profiles": ["cloud"],
                    "uid": f.id,
                    "product": {
                        "name": "keyaki",
                        "vendor_name": "keyaki",
                        "version": env!("CARGO_PKG_VERSION"),
                        "url_string": "https://github.com/keyaki-sec/keyaki",
                    },
                }),
            );
            event.insert(
                "finding_info".into(),
                json!({
                    "uid": f.id,
                    "title": f.title,
                    "analytic": {"uid": f.rule_id, "name": f.rule_id, "type_id": 1, "type": "Rule"},
                    "created_time": time_ms,
                }),
            );
            if kind == FindingKind::Compliance {
                let mut standards: Vec<&str> = f
                    .compliance
                    .iter()
                    .map(|c| {
                        coverage
                            .and_then(|cov| cov.framework_name(&c.framework))
                            .unwrap_or(&c.framework)
                    })
                    .collect();
                standards.dedup();
                let requirements: Vec<String> = f
                    .compliance
                    .iter()
                    .map(|c| format!("{} {}", c.framework, c.requirement))
                    .collect();
                event.insert(
                    "compliance".into(),
                    json!({
                        "control": f.rule_id,
                        "standards": standards,
                        "requirements": requirements,
                        "status_id": 3,
                        "status": "Fail",
                    }),
                );
            } else {
                event.insert("is_alert".into(), json!(true));
            }
            event.insert("resources".into(), json!([resource]));
            event.insert("cloud".into(), Value::Object(cloud));
            if !f.remediation.text.is_empty() {
                event.insert("remediation".into(), json!({"desc": f.remediation.text}));
            }
            if !f.evidence.is_null() {
                event.insert("evidences".into(), json!([{"data": f.evidence}]));
            }
            if let Some(cli) = &f.remediation.cli {
                event.insert(
                    "unmapped".into(),
                    json!({"keyaki": {"remediation_cli": cli}}),
                );
            }
            Value::Object(event)
        })
        .collect();
    Value::Array(events)
}

/// Writes `findings` as a pretty JSON array of OCSF events created at `now` (ISO 8601 UTC).
pub(crate) fn write(
    findings: &[Finding],
    out: impl Write,
    kind: FindingKind,
    now: &str,
    coverage: Option<&Coverage>,
) -> Result<(), Error> {
    let time_ms = epoch_millis(now).ok_or_else(|| Error::Timestamp {
        value: now.to_owned(),
    })?;
    let mut out = BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &to_value(findings, kind, time_ms, coverage))?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Unix milliseconds of an ISO 8601 UTC time `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
pub(crate) fn epoch_millis(text: &str) -> Option<i64> {
    let text = text.strip_suffix('Z')?;
    let (date, time) = text.split_once('T')?;
    let mut date = date.splitn(3, '-');
    let y: i64 = date.next()?.parse().ok()?;
    let m: i64 = date.next()?.parse().ok()?;
    let d: i64 = date.next()?.parse().ok()?;
    let (hms, fraction) = match time.split_once('.') {
        Some((hms, f)) => (hms, f),
        None => (time, ""),
    };
    let mut hms = hms.splitn(3, ':');
    let hh: i64 = hms.next()?.parse().ok()?;
    let mm: i64 = hms.next()?.parse().ok()?;
    let ss: i64 = hms.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis: i64 = format!("{fraction:0<3}").get(..3)?.parse().ok()?;
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400) + hh * 3600 + mm * 60 + ss) * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_millis_reads_iso_8601() {
        assert_eq!(epoch_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            epoch_millis("2026-03-14T12:00:00Z"),
            Some(1_773_489_600_000)
        );
        assert_eq!(
            epoch_millis("2026-03-14T12:00:00.25Z"),
            Some(1_773_489_600_250)
        );
        for bad in [
            "2026-03-14 12:00:00",
            "2026-13-01T00:00:00Z",
            "yesterday",
            "",
        ] {
            assert_eq!(epoch_millis(bad), None, "{bad}");
        }
        // Round trip with the ASFF stamp.
        for secs in [0_i64, 951_782_400, 1_773_489_600, 4_102_444_800] {
            assert_eq!(epoch_millis(&crate::asff::iso8601(secs)), Some(secs * 1000));
        }
    }

    #[test]
    fn classes_and_severities() {
        let f = Finding::builder("r", "t", Severity::Critical)
            .resource("arn:aws-cn:s3:::b")
            .build();
        let v = to_value(std::slice::from_ref(&f), FindingKind::Compliance, 5, None);
        assert_eq!(v[0]["class_uid"], 2003);
        assert_eq!(v[0]["type_uid"], 200_301);
        assert_eq!(v[0]["severity_id"], 5);
        assert_eq!(v[0]["resources"][0]["cloud_partition"], "aws-cn");
        assert!(v[0].get("evidences").is_none(), "no evidence, no evidences");
        let v = to_value(&[f], FindingKind::Detection, 5, None);
        assert_eq!(v[0]["class_uid"], 2004);
        assert_eq!(v[0]["type_uid"], 200_401);
        assert!(v[0].get("compliance").is_none());
    }
}
