//! Amazon S3 bucket management: the AWS Security Hub controls S3.10 to S3.13 (lifecycle,
//! event notifications, ACLs), as the AWS Security Hub user guide defines them ("Amazon S3
//! controls", `s3-controls.md`).

use keyaki_core::Severity;
use keyaki_snapshot::Account;
use keyaki_snapshot::services::s3::Bucket;
use serde_json::{Value, json};

use super::{global, status};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

const GUIDE: &str = "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html";
const LIFECYCLE: &str =
    "aws s3api get-bucket-lifecycle-configuration (record {} for a bucket without one)";

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "s3.versioned-bucket-lifecycle",
        title: "Versioned S3 buckets have a lifecycle configuration",
        description: "Fails for each bucket with versioning Enabled and no enabled lifecycle rule; buckets without versioning are not applicable.",
        rationale: "Without lifecycle rules, noncurrent versions accumulate forever: cost, and data kept longer than intended.",
        severity: Severity::Medium,
        resource_type: "AWS::S3::Bucket",
        remediation: "Add a lifecycle rule that expires noncurrent versions.",
        cli: Some(
            "aws s3api put-bucket-lifecycle-configuration --bucket {bucket} --lifecycle-configuration file://lifecycle.json",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
        ],
        control: Some("S3.10"),
        requirements: &[],
        check: versioned_lifecycle,
    },
    Rule {
        id: "s3.event-notifications",
        title: "S3 buckets send event notifications",
        description: "Fails for each bucket whose notification configuration has no SNS topic, SQS queue, Lambda function or EventBridge destination.",
        rationale: "Event notifications let you react to object creation and deletion as it happens.",
        severity: Severity::Medium,
        resource_type: "AWS::S3::Bucket",
        remediation: "Configure event notifications for the bucket (to EventBridge, SNS, SQS or Lambda).",
        cli: Some(
            "aws s3api put-bucket-notification-configuration --bucket {bucket} --notification-configuration '{\"EventBridgeConfiguration\":{}}'",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html",
        ],
        control: Some("S3.11"),
        requirements: &[],
        check: event_notifications,
    },
    Rule {
        id: "s3.no-acl-user-access",
        title: "S3 bucket ACLs grant access only to the bucket owner",
        description: "Fails for each bucket whose ACL (get-bucket-acl) has a grant to anyone other than the bucket owner.",
        rationale: "ACLs are a second, hard-to-audit access path beside the bucket policy; AWS recommends turning them off.",
        severity: Severity::Medium,
        resource_type: "AWS::S3::Bucket",
        remediation: "Set Object Ownership to Bucket owner enforced, which turns ACLs off, and grant access with the bucket policy.",
        cli: Some(
            "aws s3api put-bucket-ownership-controls --bucket {bucket} --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
        ],
        control: Some("S3.12"),
        requirements: &[],
        check: no_acl_access,
    },
    Rule {
        id: "s3.bucket-lifecycle",
        title: "S3 buckets have a lifecycle configuration",
        description: "Fails for each bucket without an enabled lifecycle rule.",
        rationale: "Lifecycle rules remove or archive data that is no longer needed, which limits what a breach can expose.",
        severity: Severity::Low,
        resource_type: "AWS::S3::Bucket",
        remediation: "Add a lifecycle configuration with the bucket's retention rules.",
        cli: Some(
            "aws s3api put-bucket-lifecycle-configuration --bucket {bucket} --lifecycle-configuration file://lifecycle.json",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
        ],
        control: Some("S3.13"),
        requirements: &[],
        check: lifecycle,
    },
];

fn bucket_eval(account: &Account, bucket: &Bucket, st: Status, evidence: Value) -> Evaluation {
    let mut e = global(account, bucket.arn(account.partition()), st, evidence);
    e.region = bucket.region();
    e.vars.push(("bucket", bucket.name.clone()));
    e
}

/// The enabled lifecycle rules of a bucket, `None` without its lifecycle configuration.
fn enabled_rules(b: &Bucket) -> Option<Vec<Option<String>>> {
    b.lifecycle
        .as_ref()
        .map(|l| l.enabled_rules().map(|r| r.id.clone()).collect())
}

fn lifecycle_eval(account: &Account, b: &Bucket, mut evidence: Value) -> Evaluation {
    let (st, rules) = match enabled_rules(b) {
        Some(rules) => (status(!rules.is_empty()), json!(rules)),
        None => (Status::Unknown, Value::Null),
    };
    evidence["enabled_lifecycle_rules"] = rules;
    if st == Status::Unknown {
        evidence["missing"] = json!(LIFECYCLE);
    }
    bucket_eval(account, b, st, evidence)
}

fn versioned_lifecycle(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let state = b.versioning.as_ref().map(|v| v.state().to_owned());
            match state.as_deref() {
                None => out.push(bucket_eval(
                    account,
                    b,
                    Status::Unknown,
                    json!({"missing": "aws s3api get-bucket-versioning"}),
                )),
                Some("Enabled") => {
                    out.push(lifecycle_eval(account, b, json!({"versioning": "Enabled"})))
                }
                Some(other) => out.push(bucket_eval(
                    account,
                    b,
                    Status::NotApplicable,
                    json!({"versioning": other}),
                )),
            }
        }
    }
}

fn lifecycle(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            out.push(lifecycle_eval(account, b, json!({})));
        }
    }
}

fn event_notifications(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let (st, evidence) = match &b.notification {
                Some(n) => (
                    status(n.is_enabled()),
                    json!({
                    "topics": n.topic_configurations.len(), "queues": n.queue_configurations.len(),
                    "lambda_functions": n.lambda_function_configurations.len(),
                    "eventbridge": n.event_bridge_configuration.is_some()}),
                ),
                None => (
                    Status::Unknown,
                    json!({"missing": "aws s3api get-bucket-notification-configuration"}),
                ),
            };
            out.push(bucket_eval(account, b, st, evidence));
        }
    }
}

fn no_acl_access(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let Some(acl) = &b.acl else {
                out.push(bucket_eval(
                    account,
                    b,
                    Status::Unknown,
                    json!({"missing": "aws s3api get-bucket-acl"}),
                ));
                continue;
            };
            let owner = acl.owner.as_ref().and_then(|o| o.id.as_deref());
            let others: Vec<Value> = acl
                .grants
                .iter()
                .filter(|g| {
                    !(g.grantee.kind == "CanonicalUser"
                        && g.grantee.id.is_some()
                        && g.grantee.id.as_deref() == owner)
                })
                .map(|g| {
                    json!({"grantee_type": g.grantee.kind, "id": g.grantee.id, "uri": g.grantee.uri,
                    "email": g.grantee.email_address, "permission": g.permission})
                })
                .collect();
            out.push(bucket_eval(
                account,
                b,
                status(others.is_empty()),
                json!({"owner": owner, "other_grants": others}),
            ));
        }
    }
}
