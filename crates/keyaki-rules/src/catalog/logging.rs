//! Logging and detection: CloudTrail, AWS Config, GuardDuty, Security Hub, VPC flow logs
//! and KMS key rotation.

use keyaki_core::Severity;
use keyaki_snapshot::services::cloudtrail::Trail;
use keyaki_snapshot::{Account, RegionData};
use serde_json::{Value, json};

use super::{account_resource, region_collected, region_name, regional, regions, status};
use crate::Framework::{Cis30, Cis50};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "cloudtrail.multi-region-management-events",
        title: "A logging multi-Region trail records read and write management events",
        description: "Fails for the account when no trail is multi-Region, logging (get-trail-status IsLogging), and records all management events (an event selector with IncludeManagementEvents and ReadWriteType All and no excluded event sources, or an advanced selector on eventCategory Management without a readOnly filter).",
        rationale: "Without a complete trail in every Region, actions in unused Regions and on global services go unrecorded.",
        severity: Severity::High,
        resource_type: "AWS::::Account",
        remediation: "Create (or fix) a multi-Region trail that records all management events, and start logging.",
        cli: Some(
            "aws cloudtrail create-trail --name management-trail --s3-bucket-name <bucket> --is-multi-region-trail && aws cloudtrail start-logging --name management-trail",
        ),
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
        ],
        control: Some("CloudTrail.1"),
        requirements: &[(Cis30, "3.1"), (Cis50, "3.1")],
        check: multi_region_trail,
    },
    Rule {
        id: "cloudtrail.kms-encryption",
        title: "Trails encrypt their logs with a KMS key",
        description: "Fails for each trail without a KmsKeyId.",
        rationale: "SSE-KMS adds a key policy between the log files and whoever can read the bucket.",
        severity: Severity::Medium,
        resource_type: "AWS::CloudTrail::Trail",
        remediation: "Configure the trail to encrypt log files with a customer managed KMS key.",
        cli: Some("aws cloudtrail update-trail --name {resource} --kms-key-id <key-arn>"),
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
        ],
        control: Some("CloudTrail.2"),
        requirements: &[(Cis30, "3.5"), (Cis50, "3.5")],
        check: trail_kms,
    },
    Rule {
        id: "cloudtrail.log-file-validation",
        title: "Trails validate their log files",
        description: "Fails for each trail with LogFileValidationEnabled false.",
        rationale: "Digest files prove that log files were not changed or deleted after delivery.",
        severity: Severity::Low,
        resource_type: "AWS::CloudTrail::Trail",
        remediation: "Enable log file validation on the trail.",
        cli: Some("aws cloudtrail update-trail --name {resource} --enable-log-file-validation"),
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-enabling.html",
        ],
        control: Some("CloudTrail.4"),
        requirements: &[(Cis30, "3.2"), (Cis50, "3.2")],
        check: trail_validation,
    },
    Rule {
        id: "cloudtrail.cloudwatch-logs",
        title: "Trails deliver to CloudWatch Logs",
        description: "Fails for each trail without a CloudWatchLogsLogGroupArn.",
        rationale: "Delivery to CloudWatch Logs allows metric filters and alarms on API activity.",
        severity: Severity::Low,
        resource_type: "AWS::CloudTrail::Trail",
        remediation: "Configure the trail to send events to a CloudWatch Logs log group.",
        cli: Some(
            "aws cloudtrail update-trail --name {resource} --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn>",
        ),
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
        ],
        control: Some("CloudTrail.5"),
        requirements: &[],
        check: trail_cloudwatch,
    },
    Rule {
        id: "cloudtrail.bucket-access-logging",
        title: "The trail's S3 bucket has server access logging",
        description: "Fails for each trail whose S3 bucket is in the snapshot without server access logging; unknown when the bucket is not in the snapshot.",
        rationale: "Access logs show who read or deleted the audit trail itself.",
        severity: Severity::Low,
        resource_type: "AWS::CloudTrail::Trail",
        remediation: "Enable server access logging on the trail's bucket, to another bucket.",
        cli: Some(
            "aws s3api put-bucket-logging --bucket {bucket} --bucket-logging-status file://logging.json",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
        ],
        control: Some("CloudTrail.7"),
        requirements: &[(Cis30, "3.4"), (Cis50, "3.4")],
        check: trail_bucket_logging,
    },
    Rule {
        id: "cloudtrail.s3-object-write-events",
        title: "A multi-Region trail records S3 object-level write events for all buckets",
        description: "Fails for the account when no multi-Region trail has a data event selector on AWS::S3::Object for all buckets (`arn:aws:s3` or `arn:aws:s3:::`) with ReadWriteType All or WriteOnly, or an advanced selector on AWS::S3::Object without a readOnly true filter.",
        rationale: "Object-level events show who wrote or deleted which object.",
        severity: Severity::Medium,
        resource_type: "AWS::::Account",
        remediation: "Add an S3 data event selector for all buckets to a multi-Region trail.",
        cli: Some(
            "aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3\"]}]}]'",
        ),
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
        ],
        control: None,
        requirements: &[(Cis30, "3.8"), (Cis50, "3.8")],
        check: s3_write_events,
    },
    Rule {
        id: "cloudtrail.s3-object-read-events",
        title: "A multi-Region trail records S3 object-level read events for all buckets",
        description: "As cloudtrail.s3-object-write-events, for ReadWriteType All or ReadOnly.",
        rationale: "Object-level read events show who downloaded which object: the record of an exfiltration.",
        severity: Severity::Medium,
        resource_type: "AWS::::Account",
        remediation: "Add an S3 data event selector for all buckets to a multi-Region trail.",
        cli: Some(
            "aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3\"]}]}]'",
        ),
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
        ],
        control: None,
        requirements: &[(Cis30, "3.9"), (Cis50, "3.9")],
        check: s3_read_events,
    },
    Rule {
        id: "config.recorder-enabled",
        title: "AWS Config records all resources in the Region",
        description: "Fails for each collected Region without a configuration recorder that is recording with allSupported true.",
        rationale: "The configuration history is what change investigation and audits rely on.",
        severity: Severity::Medium,
        resource_type: "AWS::::Account",
        remediation: "Create a configuration recorder for all supported resource types and a delivery channel, then start it.",
        cli: Some(
            "aws configservice start-configuration-recorder --configuration-recorder-name default --region {region}",
        ),
        references: &["https://docs.aws.amazon.com/config/latest/developerguide/gs-cli.html"],
        control: Some("Config.1"),
        requirements: &[(Cis30, "3.3"), (Cis50, "3.3")],
        check: config_enabled,
    },
    Rule {
        id: "guardduty.enabled",
        title: "GuardDuty is enabled in the Region",
        description: "Fails for each collected Region without an enabled GuardDuty detector.",
        rationale: "GuardDuty detects credential misuse, reconnaissance and compromised instances.",
        severity: Severity::High,
        resource_type: "AWS::::Account",
        remediation: "Enable GuardDuty in the Region.",
        cli: Some("aws guardduty create-detector --enable --region {region}"),
        references: &["https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html"],
        control: Some("GuardDuty.1"),
        requirements: &[],
        check: guardduty_enabled,
    },
    Rule {
        id: "securityhub.enabled",
        title: "Security Hub is enabled in the Region",
        description: "Fails for each collected Region where describe-hub returned no hub.",
        rationale: "Security Hub gathers findings from every security service in one place.",
        severity: Severity::Medium,
        resource_type: "AWS::::Account",
        remediation: "Enable Security Hub in the Region.",
        cli: Some("aws securityhub enable-security-hub --region {region}"),
        references: &[
            "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html",
        ],
        control: None,
        requirements: &[(Cis30, "4.16"), (Cis50, "4.16")],
        check: securityhub_enabled,
    },
    Rule {
        id: "ec2.vpc-flow-logs",
        title: "Every VPC has flow logs",
        description: "Fails for each VPC without an active flow log on the VPC that captures ALL or REJECT traffic.",
        rationale: "Flow logs are the record of who talked to what on the network.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::VPC",
        remediation: "Create a flow log on the VPC.",
        cli: Some(
            "aws ec2 create-flow-logs --resource-type VPC --resource-ids {vpc} --traffic-type ALL --log-destination-type s3 --log-destination <bucket-arn> --region {region}",
        ),
        references: &["https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"],
        control: Some("EC2.6"),
        requirements: &[(Cis30, "3.7"), (Cis50, "3.7")],
        check: vpc_flow_logs,
    },
    Rule {
        id: "kms.key-rotation",
        title: "Customer managed symmetric KMS keys rotate automatically",
        description: "Fails for each enabled customer managed SYMMETRIC_DEFAULT key whose get-key-rotation-status says KeyRotationEnabled false. AWS managed keys and other key specs are not applicable.",
        rationale: "Rotation limits how much data one key version protects.",
        severity: Severity::Medium,
        resource_type: "AWS::KMS::Key",
        remediation: "Enable automatic rotation on the key.",
        cli: Some("aws kms enable-key-rotation --key-id {key} --region {region}"),
        references: &["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
        control: Some("KMS.4"),
        requirements: &[(Cis30, "3.6"), (Cis50, "3.6")],
        check: kms_rotation,
    },
    Rule {
        id: "kms.not-pending-deletion",
        title: "KMS keys are not scheduled for deletion",
        description: "Fails for each customer managed key in state PendingDeletion.",
        rationale: "Deleting a key makes everything encrypted with it unreadable for good.",
        severity: Severity::Critical,
        resource_type: "AWS::KMS::Key",
        remediation: "Cancel the key deletion if the key is still needed.",
        cli: Some("aws kms cancel-key-deletion --key-id {key} --region {region}"),
        references: &[
            "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html",
        ],
        control: Some("KMS.3"),
        requirements: &[],
        check: kms_pending_deletion,
    },
];

/// Each trail once, in its home Region (shadow copies are skipped).
fn trails<'a>(cx: &'a Context<'_>) -> Vec<(&'a Account, &'a RegionData, &'a Trail)> {
    let mut out = Vec::new();
    for (account, region) in regions(cx) {
        for trail in &region.cloudtrail.trails {
            if !trail.is_shadow(region_name(region)) {
                out.push((account, region, trail));
            }
        }
    }
    out
}

fn trail_eval(
    account: &Account,
    region: &RegionData,
    trail: &Trail,
    ok: Option<bool>,
    evidence: Value,
) -> Evaluation {
    let resource = trail
        .arn()
        .map_or_else(|| trail.name.clone(), str::to_owned);
    let mut e = regional(
        account,
        region,
        resource,
        ok.map_or(Status::Unknown, status),
        evidence,
    );
    e.vars.push(("trail", trail.name.clone()));
    e
}

/// Whether a trail records all management events, read and write.
fn all_management_events(trail: &Trail) -> Option<bool> {
    let selectors = trail.event_selectors.as_ref()?;
    if !selectors.advanced_event_selectors.is_empty() {
        return Some(selectors.advanced_event_selectors.iter().any(|s| {
            let mgmt = s
                .field_selectors
                .iter()
                .any(|f| f.field == "eventCategory" && f.equals.iter().any(|v| v == "Management"));
            let filtered = s
                .field_selectors
                .iter()
                .any(|f| f.field == "readOnly" || f.field == "eventSource");
            mgmt && !filtered
        }));
    }
    Some(selectors.event_selectors.iter().any(|s| {
        s.include_management_events != Some(false)
            && s.read_write_type.as_deref().is_none_or(|t| t == "All")
            && s.exclude_management_event_sources.is_empty()
    }))
}

fn trail_summary(trail: &Trail) -> Value {
    json!({"trail": trail.name, "multi_region": trail.is_multi_region(), "is_logging": trail.is_logging(),
        "all_management_events": all_management_events(trail)})
}

fn multi_region_trail(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    let all = trails(cx);
    for account in cx.snapshot.accounts() {
        let collected: Vec<&RegionData> = account
            .regions
            .iter()
            .filter(|r| region_collected(r))
            .collect();
        if collected.is_empty() {
            continue;
        }
        let mine: Vec<&Trail> = all
            .iter()
            .filter(|(a, _, _)| std::ptr::eq(*a, account))
            .map(|(_, _, t)| *t)
            .collect();
        let good = mine.iter().any(|t| {
            t.is_multi_region() == Some(true)
                && t.is_logging() == Some(true)
                && all_management_events(t) == Some(true)
        });
        let unknown = !good
            && mine
                .iter()
                .any(|t| t.is_logging().is_none() || all_management_events(t).is_none());
        let evidence = json!({"trails": mine.iter().map(|t| trail_summary(t)).collect::<Vec<_>>()});
        let mut e = super::global(account, account_resource(account), status(good), evidence);
        if unknown {
            e.status = Status::Unknown;
        }
        out.push(e);
    }
}

fn trail_kms(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (a, r, t) in trails(cx) {
        let key = t.configuration.as_ref().map(|c| c.kms_key_id.clone());
        out.push(trail_eval(
            a,
            r,
            t,
            key.as_ref().map(Option::is_some),
            json!({"KmsKeyId": key.flatten()}),
        ));
    }
}

fn trail_validation(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (a, r, t) in trails(cx) {
        let v = t.log_file_validation();
        out.push(trail_eval(
            a,
            r,
            t,
            v,
            json!({"LogFileValidationEnabled": v}),
        ));
    }
}

fn trail_cloudwatch(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (a, r, t) in trails(cx) {
        let group = t
            .configuration
            .as_ref()
            .map(|c| c.cloud_watch_logs_log_group_arn.clone());
        out.push(trail_eval(
            a,
            r,
            t,
            group.as_ref().map(Option::is_some),
            json!({"CloudWatchLogsLogGroupArn": group.flatten()}),
        ));
    }
}

fn trail_bucket_logging(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (a, r, t) in trails(cx) {
        let bucket_name = t
            .configuration
            .as_ref()
            .and_then(|c| c.s3_bucket_name.clone());
        let bucket = bucket_name.as_deref().and_then(|b| {
            cx.snapshot
                .accounts()
                .iter()
                .find_map(|acc| acc.s3.bucket(b))
        });
        let logging = bucket.and_then(|b| b.logging_enabled());
        let mut e = trail_eval(
            a,
            r,
            t,
            logging,
            json!({"bucket": bucket_name, "logging_enabled": logging}),
        );
        if let Some(b) = bucket_name {
            e.vars.push(("bucket", b));
        }
        out.push(e);
    }
}

/// Whether a trail records S3 object events of every bucket of kind `want` (`ReadOnly` or
/// `WriteOnly`).
fn s3_object_events(trail: &Trail, want: &str) -> bool {
    let Some(sel) = trail.event_selectors.as_ref() else {
        return false;
    };
    let basic = sel.event_selectors.iter().any(|s| {
        let rw = s.read_write_type.as_deref().unwrap_or("All");
        (rw == "All" || rw == want)
            && s.data_resources.iter().any(|d| {
                d.kind == "AWS::S3::Object"
                    && d.values.iter().any(|v| {
                        v == "arn:aws:s3"
                            || v == "arn:aws:s3:::"
                            || v.starts_with("arn:aws-") && v.ends_with(":s3")
                    })
            })
    });
    let advanced = sel.advanced_event_selectors.iter().any(|s| {
        let s3 = s.field_selectors.iter().any(|f| {
            f.field == "resources.type" && f.equals.iter().any(|v| v == "AWS::S3::Object")
        });
        let narrowed = s.field_selectors.iter().any(|f| {
            (f.field == "readOnly"
                && f.equals
                    .iter()
                    .any(|v| (v == "true") != (want == "ReadOnly")))
                || f.field == "resources.ARN"
                || f.field == "eventName"
        });
        s3 && !narrowed
    });
    basic || advanced
}

fn s3_events(cx: &Context<'_>, out: &mut Vec<Evaluation>, want: &str) {
    let all = trails(cx);
    for account in cx.snapshot.accounts() {
        let mine: Vec<&Trail> = all
            .iter()
            .filter(|(a, _, _)| std::ptr::eq(*a, account))
            .map(|(_, _, t)| *t)
            .collect();
        if mine.is_empty() && !account.regions.iter().any(region_collected) {
            continue;
        }
        let covering: Vec<&str> = mine
            .iter()
            .filter(|t| t.is_multi_region() == Some(true) && s3_object_events(t, want))
            .map(|t| t.name.as_str())
            .collect();
        let selectors: Vec<Value> = mine
            .iter()
            .map(|t| json!({"trail": t.name, "event_selectors": t.event_selectors.as_ref().map(|s| s.raw.to_value().ok())}))
            .collect();
        out.push(super::global(
            account,
            account_resource(account),
            status(!covering.is_empty()),
            json!({"covering_trails": covering, "selectors": selectors}),
        ));
    }
}

fn s3_write_events(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    s3_events(cx, out, "WriteOnly");
}

fn s3_read_events(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    s3_events(cx, out, "ReadOnly");
}

fn config_enabled(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx).filter(|(_, r)| region_collected(r)) {
        let recorders: Vec<Value> = region.config.recorders.iter().map(|r| json!({
            "name": r.name, "recording": r.is_recording(),
            "all_supported": r.configuration.as_ref().and_then(|c| c.recording_group.as_ref()).and_then(|g| g.all_supported),
        })).collect();
        let ok = region.config.recorders.iter().any(|r| {
            r.is_recording() == Some(true)
                && r.configuration
                    .as_ref()
                    .and_then(|c| c.recording_group.as_ref())
                    .and_then(|g| g.all_supported)
                    != Some(false)
        });
        out.push(regional(
            account,
            region,
            account_resource(account),
            status(ok),
            json!({"recorders": recorders}),
        ));
    }
}

fn guardduty_enabled(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx).filter(|(_, r)| region_collected(r)) {
        let on = region.guardduty.is_enabled();
        let detectors: Vec<&str> = region
            .guardduty
            .detectors
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        out.push(regional(
            account,
            region,
            account_resource(account),
            status(on == Some(true)),
            json!({"detectors": detectors, "enabled": on}),
        ));
    }
}

fn securityhub_enabled(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx).filter(|(_, r)| region_collected(r)) {
        let hub = region.securityhub.hub.as_ref().map(|h| h.hub_arn.clone());
        out.push(regional(
            account,
            region,
            account_resource(account),
            status(hub.is_some()),
            json!({"hub_arn": hub}),
        ));
    }
}

fn vpc_flow_logs(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for vpc in &region.ec2.vpcs {
            let logs: Vec<Value> = region.ec2.flow_logs.iter()
                .filter(|f| f.resource_id.as_deref() == Some(vpc.vpc_id.as_str()))
                .map(|f| json!({"flow_log": f.flow_log_id, "traffic_type": f.traffic_type, "status": f.flow_log_status, "destination": f.log_destination}))
                .collect();
            let ok = region.ec2.flow_logs.iter().any(|f| {
                f.resource_id.as_deref() == Some(vpc.vpc_id.as_str())
                    && f.flow_log_status.as_deref().is_none_or(|s| s == "ACTIVE")
                    && matches!(
                        f.traffic_type.as_deref(),
                        Some("ALL") | Some("REJECT") | None
                    )
            });
            let arn = format!(
                "arn:{}:ec2:{}:{}:vpc/{}",
                account.partition(),
                region_name(region),
                super::account_label(account),
                vpc.vpc_id
            );
            let mut e = regional(
                account,
                region,
                arn,
                status(ok),
                json!({"vpc": vpc.vpc_id, "flow_logs": logs}),
            );
            e.vars.push(("vpc", vpc.vpc_id.clone()));
            out.push(e);
        }
    }
}

fn kms_rotation(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for key in &region.kms.keys {
            let meta = key.metadata.as_ref();
            let resource = key.arn().map_or_else(|| key.key_id.clone(), str::to_owned);
            let evidence = json!({"key_manager": meta.and_then(|m| m.key_manager.clone()), "key_spec": meta.and_then(|m| m.key_spec.clone()),
                "key_state": meta.and_then(|m| m.key_state.clone()), "rotation_enabled": key.rotation_enabled(),
                "aliases": region.kms.aliases_of(key).map(|a| a.alias_name.clone()).collect::<Vec<_>>()});
            let st = match (key.is_customer_managed(), meta) {
                (None, _) | (_, None) => Status::Unknown,
                (Some(false), _) => Status::NotApplicable,
                (Some(true), Some(m))
                    if m.key_spec
                        .as_deref()
                        .is_some_and(|s| s != "SYMMETRIC_DEFAULT")
                        || m.key_state.as_deref().is_some_and(|s| s != "Enabled") =>
                {
                    Status::NotApplicable
                }
                (Some(true), Some(_)) => key.rotation_enabled().map_or(Status::Unknown, status),
            };
            let mut e = regional(account, region, resource, st, evidence);
            e.vars.push(("key", key.key_id.clone()));
            out.push(e);
        }
    }
}

fn kms_pending_deletion(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for key in &region.kms.keys {
            let Some(meta) = key.metadata.as_ref() else {
                continue;
            };
            let resource = key.arn().map_or_else(|| key.key_id.clone(), str::to_owned);
            let st = if key.is_customer_managed() == Some(true) {
                status(meta.key_state.as_deref() != Some("PendingDeletion"))
            } else {
                Status::NotApplicable
            };
            let mut e = regional(
                account,
                region,
                resource,
                st,
                json!({"key_state": meta.key_state, "deletion_date": meta.deletion_date}),
            );
            e.vars.push(("key", key.key_id.clone()));
            out.push(e);
        }
    }
}
