//! AWS Secrets Manager: the AWS Security Hub controls SecretsManager.2 and SecretsManager.3,
//! as the AWS Security Hub user guide defines them ("AWS Secrets Manager controls",
//! `secretsmanager-controls.md`).

use keyaki_core::Severity;
use serde_json::json;

use super::fields::{raw, str_at};
use super::{age_days, parse_time, regional, regions, status};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

const GUIDE: &str =
    "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html";

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "secretsmanager.rotation-succeeds",
        title: "Secrets with automatic rotation rotate on schedule",
        description: "Fails for each secret with rotation enabled whose scheduled rotation date has passed without a rotation: the NextRotationDate of list-secrets, or else the LastRotatedDate (never rotated: CreatedDate) plus RotationRules.AutomaticallyAfterDays, is before the check time. Secrets without rotation are not applicable.",
        rationale: "A rotation that fails leaves the old secret valid, and nobody notices unless someone looks.",
        severity: Severity::Medium,
        resource_type: "AWS::SecretsManager::Secret",
        remediation: "Check the rotation function's logs, fix the cause, and rotate the secret.",
        cli: Some("aws secretsmanager rotate-secret --secret-id {resource} --region {region}"),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html",
        ],
        control: Some("SecretsManager.2"),
        requirements: &[],
        check: rotation_succeeds,
    },
    Rule {
        id: "secretsmanager.unused-90-days",
        title: "Secrets were accessed in the last 90 days",
        description: "Fails for each secret whose LastAccessedDate (never accessed: CreatedDate) is more than 90 days (the control's default) before the check time.",
        rationale: "An unused secret still grants access to whoever holds a copy of it.",
        severity: Severity::Medium,
        resource_type: "AWS::SecretsManager::Secret",
        remediation: "Delete the secret if nothing uses it.",
        cli: Some(
            "aws secretsmanager delete-secret --secret-id {resource} --recovery-window-in-days 30 --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-secret-unused.html",
        ],
        control: Some("SecretsManager.3"),
        requirements: &[],
        check: unused,
    },
];

fn rotation_succeeds(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for s in &region.secretsmanager.secrets {
            let Some(l) = s.listed.as_ref() else { continue };
            let arn = s.arn().map_or_else(|| s.name.clone(), str::to_owned);
            if s.rotation_enabled() != Some(true) {
                out.push(regional(
                    account,
                    region,
                    arn,
                    Status::NotApplicable,
                    json!({"rotation_enabled": s.rotation_enabled()}),
                ));
                continue;
            }
            let raw = raw(l);
            let next = str_at(&raw, "NextRotationDate").map(str::to_owned);
            let days = l
                .rotation_rules
                .as_ref()
                .and_then(|r| r.automatically_after_days);
            let since = l
                .last_rotated_date
                .as_deref()
                .or(l.created_date.as_deref())
                .and_then(parse_time);
            let due = match next.as_deref().and_then(parse_time) {
                Some(t) => Some(t.unix_seconds()),
                None => since.zip(days).map(|(t, d)| t.unix_seconds() + d * 86_400),
            };
            let st = due.map_or(Status::Unknown, |d| status(d >= cx.now));
            out.push(regional(account, region, arn, st, json!({"next_rotation_date": next,
                "last_rotated": l.last_rotated_date, "created": l.created_date, "automatically_after_days": days,
                "overdue_days": due.map(|d| (cx.now - d).div_euclid(86_400)).filter(|d| *d >= 0)})));
        }
    }
}

fn unused(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for s in &region.secretsmanager.secrets {
            let Some(l) = s.listed.as_ref() else { continue };
            let since = l
                .last_accessed_date
                .as_deref()
                .or(l.created_date.as_deref())
                .and_then(parse_time);
            let days = since.as_ref().map(|t| age_days(t, cx.now));
            let arn = s.arn().map_or_else(|| s.name.clone(), str::to_owned);
            out.push(regional(account, region, arn, days.map_or(Status::Unknown, |d| status(d <= 90)),
                json!({"last_accessed": l.last_accessed_date, "created": l.created_date, "days_since": days, "unused_for_days": 90})));
        }
    }
}
