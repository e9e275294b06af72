//! Data services: RDS, Lambda, SNS, SQS and Secrets Manager.

use keyaki_core::Severity;
use serde_json::{Value, json};

use super::{age_days, parse_time, regional, regions, status};
use crate::Framework::{Cis30, Cis50};
use crate::Rule;
use crate::policy;
use crate::rule::{Context, Evaluation, Status};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "rds.not-public",
        title: "RDS DB instances are not publicly accessible",
        description: "Fails for each DB instance with PubliclyAccessible true.",
        rationale: "A publicly accessible database has a DNS name that resolves to a public address.",
        severity: Severity::Critical,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Turn off public accessibility.",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --no-publicly-accessible --apply-immediately --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
        ],
        control: Some("RDS.2"),
        requirements: &[(Cis30, "2.3.3"), (Cis50, "2.2.3")],
        check: rds_public,
    },
    Rule {
        id: "rds.storage-encrypted",
        title: "RDS DB instances encrypt their storage",
        description: "Fails for each DB instance with StorageEncrypted false.",
        rationale: "Encryption at rest protects data, backups and snapshots.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Restore an encrypted copy from an encrypted snapshot copy and switch to it.",
        cli: Some(
            "aws rds create-db-snapshot --db-instance-identifier {db} --db-snapshot-identifier {db}-pre-encryption --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        ],
        control: Some("RDS.3"),
        requirements: &[(Cis30, "2.3.1"), (Cis50, "2.2.1")],
        check: rds_encrypted,
    },
    Rule {
        id: "rds.multi-az",
        title: "RDS DB instances are Multi-AZ",
        description: "Fails for each DB instance with MultiAZ false.",
        rationale: "A standby in another Availability Zone keeps the database up through a zone failure.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Convert the instance to a Multi-AZ deployment.",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --multi-az --apply-immediately --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html",
        ],
        control: Some("RDS.5"),
        requirements: &[(Cis50, "2.2.4")],
        check: rds_multi_az,
    },
    Rule {
        id: "rds.deletion-protection",
        title: "RDS DB instances have deletion protection",
        description: "Fails for each DB instance with DeletionProtection false.",
        rationale: "Deletion protection stops a mistaken or malicious delete.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Enable deletion protection.",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --deletion-protection --apply-immediately --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection",
        ],
        control: Some("RDS.8"),
        requirements: &[],
        check: rds_deletion_protection,
    },
    Rule {
        id: "rds.auto-minor-version-upgrade",
        title: "RDS DB instances upgrade minor versions automatically",
        description: "Fails for each DB instance with AutoMinorVersionUpgrade false.",
        rationale: "Minor versions carry security fixes.",
        severity: Severity::High,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Enable automatic minor version upgrades.",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --auto-minor-version-upgrade --apply-immediately --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades",
        ],
        control: Some("RDS.13"),
        requirements: &[(Cis30, "2.3.2"), (Cis50, "2.2.2")],
        check: rds_minor_upgrade,
    },
    Rule {
        id: "lambda.no-public-policy",
        title: "Lambda function policies do not allow public invocation",
        description: "Fails for each function whose resource policy has an Allow statement for \"*\" without a condition that narrows the caller (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, ...).",
        rationale: "A public function can be invoked by anyone, at your cost and with its role's rights.",
        severity: Severity::Critical,
        resource_type: "AWS::Lambda::Function",
        remediation: "Remove the statement, or add a condition on the calling source.",
        cli: Some(
            "aws lambda remove-permission --function-name {function} --statement-id <sid> --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
        ],
        control: Some("Lambda.1"),
        requirements: &[],
        check: lambda_public,
    },
    Rule {
        id: "sns.kms-encryption",
        title: "SNS topics are encrypted with KMS",
        description: "Fails for each topic whose attributes have no KmsMasterKeyId.",
        rationale: "Server-side encryption protects message contents at rest.",
        severity: Severity::Medium,
        resource_type: "AWS::SNS::Topic",
        remediation: "Set a KMS key on the topic.",
        cli: Some(
            "aws sns set-topic-attributes --topic-arn {resource} --attribute-name KmsMasterKeyId --attribute-value alias/aws/sns --region {region}",
        ),
        references: &["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
        control: Some("SNS.1"),
        requirements: &[],
        check: sns_kms,
    },
    Rule {
        id: "sqs.encryption",
        title: "SQS queues are encrypted at rest",
        description: "Fails for each queue with neither KmsMasterKeyId nor SqsManagedSseEnabled.",
        rationale: "Server-side encryption protects messages at rest.",
        severity: Severity::Medium,
        resource_type: "AWS::SQS::Queue",
        remediation: "Enable SSE-SQS or SSE-KMS on the queue.",
        cli: Some(
            "aws sqs set-queue-attributes --queue-url {queue_url} --attributes SqsManagedSseEnabled=true --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
        ],
        control: Some("SQS.1"),
        requirements: &[],
        check: sqs_encryption,
    },
    Rule {
        id: "secretsmanager.rotation-enabled",
        title: "Secrets rotate automatically",
        description: "Fails for each secret with RotationEnabled not true.",
        rationale: "A secret that never changes stays valid for whoever copied it.",
        severity: Severity::Medium,
        resource_type: "AWS::SecretsManager::Secret",
        remediation: "Configure a rotation function and schedule for the secret.",
        cli: Some(
            "aws secretsmanager rotate-secret --secret-id {resource} --rotation-rules AutomaticallyAfterDays=30 --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
        ],
        control: Some("SecretsManager.1"),
        requirements: &[],
        check: secret_rotation,
    },
    Rule {
        id: "secretsmanager.rotated-90-days",
        title: "Secrets were rotated in the last 90 days",
        description: "Fails for each secret whose LastRotatedDate (or, never rotated, CreatedDate) is more than 90 days before the check time.",
        rationale: "Rotation that is configured but never happens gives no protection.",
        severity: Severity::Medium,
        resource_type: "AWS::SecretsManager::Secret",
        remediation: "Rotate the secret now and check its rotation schedule.",
        cli: Some("aws secretsmanager rotate-secret --secret-id {resource} --region {region}"),
        references: &[
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
        ],
        control: Some("SecretsManager.4"),
        requirements: &[],
        check: secret_rotated_recently,
    },
];

fn rds(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    decide: fn(&keyaki_snapshot::services::rds::DbInstance) -> (Status, Value),
) {
    for (account, region) in regions(cx) {
        for db in &region.rds.db_instances {
            let (st, evidence) = decide(db);
            let arn = db
                .db_instance_arn
                .clone()
                .unwrap_or_else(|| db.db_instance_identifier.clone());
            let mut e = regional(account, region, arn, st, evidence);
            e.vars.push(("db", db.db_instance_identifier.clone()));
            out.push(e);
        }
    }
}

fn rds_public(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    rds(cx, out, |db| {
        (
            status(!db.publicly_accessible),
            json!({"publicly_accessible": db.publicly_accessible}),
        )
    });
}

fn rds_encrypted(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    rds(cx, out, |db| {
        (
            status(db.storage_encrypted),
            json!({"storage_encrypted": db.storage_encrypted, "kms_key": db.kms_key_id}),
        )
    });
}

fn rds_multi_az(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    rds(cx, out, |db| {
        (status(db.multi_az), json!({"multi_az": db.multi_az}))
    });
}

fn rds_deletion_protection(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    rds(cx, out, |db| {
        (
            db.deletion_protection.map_or(Status::Unknown, status),
            json!({"deletion_protection": db.deletion_protection}),
        )
    });
}

fn rds_minor_upgrade(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    rds(cx, out, |db| {
        (
            db.auto_minor_version_upgrade
                .map_or(Status::Unknown, status),
            json!({"auto_minor_version_upgrade": db.auto_minor_version_upgrade}),
        )
    });
}

fn lambda_public(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for f in &region.lambda.functions {
            let doc = f.policy.as_ref().and_then(|p| p.raw.to_value().ok());
            let public: Vec<Value> = doc
                .as_ref()
                .map(|d| {
                    policy::statements(d)
                        .into_iter()
                        .filter(|s| {
                            policy::is_allow(s)
                                && policy::aws_principals(s).contains(&"*")
                                && policy::narrowing_conditions(s).is_empty()
                        })
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let arn = f.arn().map_or_else(|| f.name.clone(), str::to_owned);
            let mut e = regional(
                account,
                region,
                arn,
                status(public.is_empty()),
                json!({"has_policy": doc.is_some(), "public_statements": public}),
            );
            e.vars.push(("function", f.name.clone()));
            out.push(e);
        }
    }
}

fn sns_kms(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for t in &region.sns.topics {
            let st = if t.attributes.is_none() {
                Status::Unknown
            } else {
                status(t.kms_key().is_some())
            };
            let arn = t.arn().map_or_else(|| t.name.clone(), str::to_owned);
            out.push(regional(
                account,
                region,
                arn,
                st,
                json!({"kms_master_key_id": t.kms_key()}),
            ));
        }
    }
}

fn sqs_encryption(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for q in &region.sqs.queues {
            let enc = q.encryption();
            let st = enc.map_or(Status::Unknown, |e| status(e != "none"));
            let arn = q.arn().map_or_else(|| q.name.clone(), str::to_owned);
            let mut e = regional(account, region, arn, st, json!({"encryption": enc}));
            e.vars
                .push(("queue_url", q.url().unwrap_or(&q.name).to_owned()));
            out.push(e);
        }
    }
}

fn secret_rotation(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for s in &region.secretsmanager.secrets {
            let on = s.rotation_enabled();
            let arn = s.arn().map_or_else(|| s.name.clone(), str::to_owned);
            out.push(regional(
                account,
                region,
                arn,
                on.map_or(Status::Unknown, status),
                json!({"rotation_enabled": on}),
            ));
        }
    }
}

fn secret_rotated_recently(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for s in &region.secretsmanager.secrets {
            let Some(l) = s.listed.as_ref() else { continue };
            let since = l
                .last_rotated_date
                .as_deref()
                .or(l.created_date.as_deref())
                .and_then(parse_time);
            let days = since.as_ref().map(|t| age_days(t, cx.now));
            let arn = s.arn().map_or_else(|| s.name.clone(), str::to_owned);
            out.push(regional(account, region, arn, days.map_or(Status::Unknown, |d| status(d <= 90)),
                json!({"last_rotated": l.last_rotated_date, "created": l.created_date, "days_since": days, "max_days": 90})));
        }
    }
}
