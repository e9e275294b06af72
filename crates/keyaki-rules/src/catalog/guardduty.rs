//! Amazon GuardDuty protection plans: the AWS Security Hub controls GuardDuty.5 to
//! GuardDuty.10, as the AWS Security Hub user guide defines them ("Amazon GuardDuty
//! controls", `guardduty-controls.md`), evaluated for the account the snapshot describes (a
//! standalone account, or each account of an organisation snapshot).

use keyaki_core::Severity;
use keyaki_snapshot::{Account, RegionData};
use serde_json::{Value, json};

use super::fields::raw;
use super::{account_label, region_collected, region_name, regional, regions, status};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

const GUIDE: &str =
    "https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html";

macro_rules! feature_rule {
    ($id:expr, $title:expr, $control:expr, $feature:expr, $why:expr, $doc:expr, $check:ident) => {
        Rule {
            id: $id,
            title: $title,
            description: concat!(
                "Fails for each Region whose GuardDuty detector is missing, disabled, or does not have the ",
                $feature,
                " feature ENABLED (get-detector `Features`, or the older `DataSources`)."
            ),
            rationale: $why,
            severity: Severity::High,
            resource_type: "AWS::GuardDuty::Detector",
            remediation: concat!("Enable the ", $feature, " feature on the detector."),
            cli: Some(concat!(
                "aws guardduty update-detector --detector-id {detector} --features Name=",
                $feature,
                ",Status=ENABLED --region {region}"
            )),
            references: &[GUIDE, $doc],
            control: Some($control),
            requirements: &[],
            check: $check,
        }
    };
}

pub(crate) const RULES: &[Rule] = &[
    feature_rule!(
        "guardduty.eks-audit-logs",
        "GuardDuty EKS Audit Log Monitoring is enabled",
        "GuardDuty.5",
        "EKS_AUDIT_LOGS",
        "Kubernetes audit logs show who did what through the EKS API, which is how cluster takeovers begin.",
        "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-eks-audit-log-monitoring.html",
        eks_audit
    ),
    feature_rule!(
        "guardduty.lambda-protection",
        "GuardDuty Lambda Protection is enabled",
        "GuardDuty.6",
        "LAMBDA_NETWORK_LOGS",
        "Lambda Protection watches function network activity for signs of malicious code.",
        "https://docs.aws.amazon.com/guardduty/latest/ug/lambda-protection.html",
        lambda_protection
    ),
    feature_rule!(
        "guardduty.eks-runtime-monitoring",
        "GuardDuty EKS Runtime Monitoring with automated agent management is enabled",
        "GuardDuty.7",
        "EKS_RUNTIME_MONITORING",
        "Runtime Monitoring sees process and file activity inside EKS nodes and containers.",
        "https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html",
        eks_runtime
    ),
    feature_rule!(
        "guardduty.malware-protection",
        "GuardDuty Malware Protection for EC2 is enabled",
        "GuardDuty.8",
        "EBS_MALWARE_PROTECTION",
        "Malware Protection scans the EBS volumes of instances GuardDuty suspects.",
        "https://docs.aws.amazon.com/guardduty/latest/ug/malware-protection.html",
        malware_protection
    ),
    feature_rule!(
        "guardduty.rds-protection",
        "GuardDuty RDS Protection is enabled",
        "GuardDuty.9",
        "RDS_LOGIN_EVENTS",
        "RDS Protection profiles Aurora login activity and reports suspicious sign-ins.",
        "https://docs.aws.amazon.com/guardduty/latest/ug/rds-protection.html",
        rds_protection
    ),
    feature_rule!(
        "guardduty.s3-protection",
        "GuardDuty S3 Protection is enabled",
        "GuardDuty.10",
        "S3_DATA_EVENTS",
        "S3 Protection watches object-level API activity for data exfiltration and destruction.",
        "https://docs.aws.amazon.com/guardduty/latest/ug/s3-protection.html",
        s3_protection
    ),
];

/// The status of feature `name` in a get-detector output.
fn feature(detector: &Value, name: &str) -> Option<String> {
    detector
        .get("Features")
        .and_then(Value::as_array)?
        .iter()
        .find(|f| f.get("Name").and_then(Value::as_str) == Some(name))
        .and_then(|f| f.get("Status").and_then(Value::as_str))
        .map(str::to_owned)
}

/// The status at a path of the older `DataSources` element.
fn data_source(detector: &Value, path: &[&str]) -> Option<String> {
    let mut v = detector.get("DataSources")?;
    for p in path {
        v = v.get(p)?;
    }
    v.get("Status").and_then(Value::as_str).map(str::to_owned)
}

/// Whether the additional configuration `name` of feature `feature` is enabled.
fn additional(detector: &Value, feature_name: &str, name: &str) -> bool {
    detector
        .get("Features")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|f| f.get("Name").and_then(Value::as_str) == Some(feature_name))
        .filter(|f| f.get("Status").and_then(Value::as_str) == Some("ENABLED"))
        .flat_map(|f| {
            f.get("AdditionalConfiguration")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .any(|c| {
            c.get("Name").and_then(Value::as_str) == Some(name)
                && c.get("Status").and_then(Value::as_str) == Some("ENABLED")
        })
}

/// One evaluation per Region with GuardDuty data or other collected services; `decide`
/// returns whether the protection is on, with evidence, for an enabled detector.
fn each_region(cx: &Context<'_>, out: &mut Vec<Evaluation>, decide: fn(&Value) -> (bool, Value)) {
    for (account, region) in regions(cx).filter(|(_, r)| region_collected(r)) {
        evaluate(account, region, decide, out);
    }
}

fn evaluate(
    account: &Account,
    region: &RegionData,
    decide: fn(&Value) -> (bool, Value),
    out: &mut Vec<Evaluation>,
) {
    let detectors = &region.guardduty.detectors;
    let resource = |id: &str| {
        format!(
            "arn:{}:guardduty:{}:{}:detector/{id}",
            account.partition(),
            region_name(region),
            account_label(account)
        )
    };
    if detectors.is_empty() {
        let mut e = regional(
            account,
            region,
            super::account_resource(account),
            Status::Fail,
            json!({"detectors": [], "guardduty_enabled": false}),
        );
        e.vars.push(("detector", "<detector-id>".to_owned()));
        out.push(e);
        return;
    }
    for d in detectors {
        let (st, evidence) = match &d.details {
            None => (
                Status::Unknown,
                json!({"missing": format!("aws guardduty get-detector --detector-id {}", d.id)}),
            ),
            Some(details) if details.status != "ENABLED" => {
                (Status::Fail, json!({"detector_status": details.status}))
            }
            Some(details) => {
                let (on, evidence) = decide(&raw(details));
                (status(on), evidence)
            }
        };
        let mut e = regional(account, region, resource(&d.id), st, evidence);
        e.vars.push(("detector", d.id.clone()));
        out.push(e);
    }
}

/// A feature, or else its older data source, is ENABLED.
fn enabled(detector: &Value, name: &str, older: &[&str]) -> (bool, Value) {
    let f = feature(detector, name);
    let ds = if older.is_empty() {
        None
    } else {
        data_source(detector, older)
    };
    let on = f.as_deref().or(ds.as_deref()) == Some("ENABLED");
    (
        on,
        json!({"feature": name, "status": f, "data_source_status": ds}),
    )
}

fn eks_audit(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_region(cx, out, |d| {
        enabled(d, "EKS_AUDIT_LOGS", &["Kubernetes", "AuditLogs"])
    });
}

fn lambda_protection(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_region(cx, out, |d| enabled(d, "LAMBDA_NETWORK_LOGS", &[]));
}

fn eks_runtime(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_region(cx, out, |d| {
        let eks = additional(d, "EKS_RUNTIME_MONITORING", "EKS_ADDON_MANAGEMENT");
        let runtime = additional(d, "RUNTIME_MONITORING", "EKS_ADDON_MANAGEMENT");
        (
            eks || runtime,
            json!({"eks_runtime_monitoring": feature(d, "EKS_RUNTIME_MONITORING"),
            "runtime_monitoring": feature(d, "RUNTIME_MONITORING"), "eks_addon_management": eks || runtime}),
        )
    });
}

fn malware_protection(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_region(cx, out, |d| {
        enabled(
            d,
            "EBS_MALWARE_PROTECTION",
            &[
                "MalwareProtection",
                "ScanEc2InstanceWithFindings",
                "EbsVolumes",
            ],
        )
    });
}

fn rds_protection(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_region(cx, out, |d| enabled(d, "RDS_LOGIN_EVENTS", &[]));
}

fn s3_protection(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_region(cx, out, |d| enabled(d, "S3_DATA_EVENTS", &["S3Logs"]));
}
