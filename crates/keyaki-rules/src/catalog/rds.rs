//! Amazon RDS: the AWS Security Hub controls on DB instances, DB clusters, snapshots and
//! event subscriptions that the DB instance rules of `data.rs` do not cover.
//!
//! Each rule implements one control as the AWS Security Hub user guide defines it
//! ("Amazon Relational Database Service controls", `rds-controls.md`).

use keyaki_core::Severity;
use keyaki_snapshot::services::rds::{DbCluster, DbInstance};
use keyaki_snapshot::{Account, RegionData};
use serde_json::{Value, json};

use super::fields::{bool_at, int_at, raw, str_at, strs_at};
use super::{account_resource, regional, regions, status};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

const GUIDE: &str = "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html";

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "rds.snapshot-private",
        title: "RDS snapshots are not public",
        description: "Fails for each manual DB snapshot or DB cluster snapshot whose `restore` attribute (describe-db-snapshot-attributes, describe-db-cluster-snapshot-attributes) lists `all`. Automated snapshots cannot be shared and pass.",
        rationale: "A public snapshot can be copied and restored by every AWS account.",
        severity: Severity::Critical,
        resource_type: "AWS::RDS::DBSnapshot",
        remediation: "Remove `all` from the snapshot's restore attribute (make it private).",
        cli: Some(
            "aws rds modify-db-snapshot-attribute --db-snapshot-identifier {snapshot} --attribute-name restore --values-to-remove all --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html",
        ],
        control: Some("RDS.1"),
        requirements: &[],
        check: snapshot_private,
    },
    Rule {
        id: "rds.snapshot-encrypted",
        title: "RDS snapshots are encrypted at rest",
        description: "Fails for each DB snapshot with Encrypted false and each DB cluster snapshot with StorageEncrypted false.",
        rationale: "An unencrypted snapshot exposes the database's data to whoever can read the storage.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBSnapshot",
        remediation: "Copy the snapshot with encryption enabled (a KMS key), then delete the unencrypted one.",
        cli: Some(
            "aws rds copy-db-snapshot --source-db-snapshot-identifier {snapshot} --target-db-snapshot-identifier {snapshot}-encrypted --kms-key-id alias/aws/rds --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        ],
        control: Some("RDS.4"),
        requirements: &[],
        check: snapshot_encrypted,
    },
    Rule {
        id: "rds.enhanced-monitoring",
        title: "RDS DB instances have Enhanced Monitoring",
        description: "Fails for each DB instance whose MonitoringInterval is 0 or absent.",
        rationale: "Enhanced Monitoring gives operating-system metrics that show performance problems before they cost availability.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Enable Enhanced Monitoring with a monitoring role and an interval of 1 to 60 seconds.",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --monitoring-interval 60 --monitoring-role-arn <role-arn> --apply-immediately --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.html",
        ],
        control: Some("RDS.6"),
        requirements: &[],
        check: enhanced_monitoring,
    },
    Rule {
        id: "rds.cluster-deletion-protection",
        title: "RDS DB clusters have deletion protection",
        description: "Fails for each DB cluster with DeletionProtection false.",
        rationale: "Deletion protection stops a mistaken or malicious delete of the whole cluster.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::DBCluster",
        remediation: "Enable deletion protection on the cluster.",
        cli: Some(
            "aws rds modify-db-cluster --db-cluster-identifier {cluster} --deletion-protection --apply-immediately --region {region}",
        ),
        references: &[GUIDE],
        control: Some("RDS.7"),
        requirements: &[],
        check: cluster_deletion_protection,
    },
    Rule {
        id: "rds.database-logging",
        title: "RDS DB instances export their engine's logs to CloudWatch Logs",
        description: "Fails for each DB instance whose EnabledCloudwatchLogsExports lacks a log the control requires for its engine: Oracle alert, audit, trace, listener; PostgreSQL and Aurora PostgreSQL postgresql, upgrade; MySQL, MariaDB, Aurora and Aurora MySQL audit, error, general, slowquery; SQL Server error, agent. Other engines are not applicable.",
        rationale: "Database logs record requests, errors and sign-ins for security audits and incident response.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Publish the engine's logs to CloudWatch Logs (modify the instance's log exports).",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[{missing_logs}]}' --apply-immediately --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html",
        ],
        control: Some("RDS.9"),
        requirements: &[],
        check: database_logging,
    },
    Rule {
        id: "rds.instance-iam-auth",
        title: "RDS DB instances use IAM database authentication",
        description: "Fails for each available (or backing-up, storage-optimization, storage-full) DB instance of engine mysql, postgres, aurora, aurora-mysql, aurora-postgresql or mariadb with IAMDatabaseAuthenticationEnabled false; other engines and states are not applicable.",
        rationale: "IAM authentication replaces long-lived database passwords with short-lived tokens tied to IAM identities.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Enable IAM database authentication on the instance.",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --enable-iam-database-authentication --apply-immediately --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html",
        ],
        control: Some("RDS.10"),
        requirements: &[],
        check: instance_iam_auth,
    },
    Rule {
        id: "rds.automatic-backups",
        title: "RDS DB instances keep automated backups for at least 7 days",
        description: "Fails for each DB instance whose BackupRetentionPeriod is below 7 days (0 means automated backups are off); `backupRetentionMinimum` is 7 as in the control.",
        rationale: "Automated backups allow a point-in-time restore after data loss or ransomware.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Set a backup retention period of 7 days or more.",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --backup-retention-period 7 --apply-immediately --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
        ],
        control: Some("RDS.11"),
        requirements: &[],
        check: automatic_backups,
    },
    Rule {
        id: "rds.cluster-iam-auth",
        title: "RDS DB clusters use IAM database authentication",
        description: "Fails for each DB cluster with IAMDatabaseAuthenticationEnabled false.",
        rationale: "IAM authentication replaces long-lived database passwords with short-lived tokens tied to IAM identities.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBCluster",
        remediation: "Enable IAM database authentication on the cluster.",
        cli: Some(
            "aws rds modify-db-cluster --db-cluster-identifier {cluster} --enable-iam-database-authentication --apply-immediately --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.html",
        ],
        control: Some("RDS.12"),
        requirements: &[],
        check: cluster_iam_auth,
    },
    Rule {
        id: "rds.aurora-backtracking",
        title: "Aurora MySQL clusters have backtracking enabled",
        description: "Fails for each Aurora MySQL DB cluster (engine aurora or aurora-mysql) whose BacktrackWindow is 0 or absent; other engines are not applicable.",
        rationale: "Backtracking rewinds a cluster to a point in time in minutes, without a restore.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBCluster",
        remediation: "Set a backtrack window on the cluster (it can be set only when the cluster is created or restored).",
        cli: Some(
            "aws rds modify-db-cluster --db-cluster-identifier {cluster} --backtrack-window 86400 --apply-immediately --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Backtrack.html",
        ],
        control: Some("RDS.14"),
        requirements: &[],
        check: aurora_backtracking,
    },
    Rule {
        id: "rds.cluster-multi-az",
        title: "RDS DB clusters span multiple Availability Zones",
        description: "Fails for each DB cluster with MultiAZ false.",
        rationale: "Instances in several Availability Zones keep the cluster up through a zone failure.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBCluster",
        remediation: "Add a reader instance in another Availability Zone.",
        cli: Some(
            "aws rds create-db-instance --db-cluster-identifier {cluster} --db-instance-identifier {cluster}-reader --db-instance-class <class> --engine <engine> --availability-zone <other-az> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html",
        ],
        control: Some("RDS.15"),
        requirements: &[],
        check: cluster_multi_az,
    },
    Rule {
        id: "rds.cluster-copy-tags-to-snapshot",
        title: "RDS DB clusters copy tags to snapshots",
        description: "Fails for each DB cluster with CopyTagsToSnapshot false.",
        rationale: "Tags on snapshots carry ownership and data classification, which access policies and inventories rely on.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::DBCluster",
        remediation: "Enable copying tags to snapshots on the cluster.",
        cli: Some(
            "aws rds modify-db-cluster --db-cluster-identifier {cluster} --copy-tags-to-snapshot --apply-immediately --region {region}",
        ),
        references: &[GUIDE],
        control: Some("RDS.16"),
        requirements: &[],
        check: cluster_copy_tags,
    },
    Rule {
        id: "rds.instance-copy-tags-to-snapshot",
        title: "RDS DB instances copy tags to snapshots",
        description: "Fails for each DB instance with CopyTagsToSnapshot false.",
        rationale: "Tags on snapshots carry ownership and data classification, which access policies and inventories rely on.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Enable copying tags to snapshots on the instance.",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --copy-tags-to-snapshot --apply-immediately --region {region}",
        ),
        references: &[GUIDE],
        control: Some("RDS.17"),
        requirements: &[],
        check: instance_copy_tags,
    },
    Rule {
        id: "rds.in-vpc",
        title: "RDS DB instances are deployed in a VPC",
        description: "Fails for each DB instance without a DB subnet group in a VPC (DBSubnetGroup.VpcId).",
        rationale: "Outside a VPC an instance has none of the VPC's network controls (security groups, network ACLs, private subnets).",
        severity: Severity::High,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Move the instance into a VPC (restore a snapshot into a DB subnet group).",
        cli: None,
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.html",
        ],
        control: Some("RDS.18"),
        requirements: &[],
        check: in_vpc,
    },
    Rule {
        id: "rds.event-subscription-cluster",
        title: "An RDS event subscription notifies of critical cluster events",
        description: "Fails for each Region with RDS resources and no enabled event subscription of source type db-cluster whose categories (all, or a list) include maintenance and failure.",
        rationale: "Event notifications tell operators at once when a cluster fails or enters maintenance.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::EventSubscription",
        remediation: "Create an event subscription for DB clusters with the maintenance and failure categories.",
        cli: Some(
            "aws rds create-event-subscription --subscription-name cluster-critical --sns-topic-arn <topic-arn> --source-type db-cluster --event-categories maintenance failure --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html",
        ],
        control: Some("RDS.19"),
        requirements: &[],
        check: event_subscription_cluster,
    },
    Rule {
        id: "rds.event-subscription-instance",
        title: "An RDS event subscription notifies of critical DB instance events",
        description: "Fails for each Region with RDS resources and no enabled event subscription of source type db-instance whose categories (all, or a list) include maintenance, configuration change and failure.",
        rationale: "Event notifications tell operators at once when an instance fails, changes or enters maintenance.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::EventSubscription",
        remediation: "Create an event subscription for DB instances with the maintenance, configuration change and failure categories.",
        cli: Some(
            "aws rds create-event-subscription --subscription-name instance-critical --sns-topic-arn <topic-arn> --source-type db-instance --event-categories maintenance \"configuration change\" failure --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html",
        ],
        control: Some("RDS.20"),
        requirements: &[],
        check: event_subscription_instance,
    },
    Rule {
        id: "rds.event-subscription-parameter-group",
        title: "An RDS event subscription notifies of critical parameter group events",
        description: "Fails for each Region with RDS resources and no enabled event subscription of source type db-parameter-group whose categories (all, or a list) include configuration change.",
        rationale: "A parameter group change can weaken every database that uses it; a notification makes it visible.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::EventSubscription",
        remediation: "Create an event subscription for DB parameter groups with the configuration change category.",
        cli: Some(
            "aws rds create-event-subscription --subscription-name parameter-group-critical --sns-topic-arn <topic-arn> --source-type db-parameter-group --event-categories \"configuration change\" --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html",
        ],
        control: Some("RDS.21"),
        requirements: &[],
        check: event_subscription_parameter_group,
    },
    Rule {
        id: "rds.event-subscription-security-group",
        title: "An RDS event subscription notifies of critical DB security group events",
        description: "Fails for each Region with RDS resources and no enabled event subscription of source type db-security-group whose categories (all, or a list) include configuration change and failure.",
        rationale: "A DB security group change can open a database to the network; a notification makes it visible.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::EventSubscription",
        remediation: "Create an event subscription for DB security groups with the configuration change and failure categories.",
        cli: Some(
            "aws rds create-event-subscription --subscription-name security-group-critical --sns-topic-arn <topic-arn> --source-type db-security-group --event-categories \"configuration change\" failure --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html",
        ],
        control: Some("RDS.22"),
        requirements: &[],
        check: event_subscription_security_group,
    },
    Rule {
        id: "rds.non-default-port",
        title: "RDS DB instances do not use their engine's default port",
        description: "Fails for each DB instance whose endpoint port is its engine's default: 3306 (MySQL, MariaDB, Aurora MySQL), 5432 (PostgreSQL, Aurora PostgreSQL), 1521 (Oracle), 1433 (SQL Server). Other engines are not applicable.",
        rationale: "A known port tells an attacker what runs behind it and makes scanning cheaper.",
        severity: Severity::Low,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Change the instance's port, then the security group rules and connection strings.",
        cli: Some(
            "aws rds modify-db-instance --db-instance-identifier {db} --db-port-number <port> --apply-immediately --region {region}",
        ),
        references: &[GUIDE],
        control: Some("RDS.23"),
        requirements: &[],
        check: non_default_port,
    },
    Rule {
        id: "rds.cluster-custom-admin-username",
        title: "RDS DB clusters use a custom administrator username",
        description: "Fails for each DB cluster whose MasterUsername is a default (`admin` or `postgres`); Neptune and DocumentDB clusters are not applicable.",
        rationale: "Default administrator names are public knowledge: with one, an attacker needs to guess only the password.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBCluster",
        remediation: "Create a new cluster with a unique administrator username and migrate to it (the name cannot be changed).",
        cli: None,
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-default-admin-check.html",
        ],
        control: Some("RDS.24"),
        requirements: &[],
        check: cluster_admin_username,
    },
    Rule {
        id: "rds.instance-custom-admin-username",
        title: "RDS DB instances use a custom administrator username",
        description: "Fails for each DB instance whose MasterUsername is a default (`admin` or `postgres`); Neptune and DocumentDB instances are not applicable.",
        rationale: "Default administrator names are public knowledge: with one, an attacker needs to guess only the password.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBInstance",
        remediation: "Create a new instance with a unique administrator username and migrate to it (the name cannot be changed).",
        cli: None,
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-default-admin-check.html",
        ],
        control: Some("RDS.25"),
        requirements: &[],
        check: instance_admin_username,
    },
    Rule {
        id: "rds.cluster-encrypted",
        title: "RDS DB clusters are encrypted at rest",
        description: "Fails for each DB cluster with StorageEncrypted false.",
        rationale: "Encryption at rest protects the cluster's data, backups and snapshots from whoever can read the storage.",
        severity: Severity::Medium,
        resource_type: "AWS::RDS::DBCluster",
        remediation: "Restore an encrypted copy of the cluster from a snapshot copied with encryption, and switch to it (encryption cannot be turned on in place).",
        cli: Some(
            "aws rds create-db-cluster-snapshot --db-cluster-identifier {cluster} --db-cluster-snapshot-identifier {cluster}-pre-encryption --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-encrypted-at-rest.html",
        ],
        control: Some("RDS.27"),
        requirements: &[],
        check: cluster_encrypted,
    },
];

/// One evaluation per DB instance; `decide` sees the typed instance and its raw JSON.
fn each_instance(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    decide: fn(&DbInstance, &Value) -> (Status, Value),
) {
    for (account, region) in regions(cx) {
        for db in &region.rds.db_instances {
            let (st, evidence) = decide(db, &raw(db));
            let arn = db
                .db_instance_arn
                .clone()
                .unwrap_or_else(|| db.db_instance_identifier.clone());
            let mut e = regional(account, region, arn, st, evidence);
            e.vars.push(("db", db.db_instance_identifier.clone()));
            if let Some(Value::Array(list)) = e.evidence.get("missing_logs") {
                let names: Vec<String> = list
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|s| format!("\"{s}\""))
                    .collect();
                e.vars.push(("missing_logs", names.join(",")));
            }
            out.push(e);
        }
    }
}

/// One evaluation per DB cluster.
fn each_cluster(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    decide: fn(&DbCluster, &Value) -> (Status, Value),
) {
    for (account, region) in regions(cx) {
        for c in &region.rds.db_clusters {
            let (st, evidence) = decide(c, &raw(c));
            let arn = c
                .db_cluster_arn
                .clone()
                .unwrap_or_else(|| c.db_cluster_identifier.clone());
            let mut e = regional(account, region, arn, st, evidence);
            e.vars.push(("cluster", c.db_cluster_identifier.clone()));
            out.push(e);
        }
    }
}

/// A boolean setting: pass when true, fail when false, unknown when absent.
fn flag(value: Option<bool>) -> Status {
    value.map_or(Status::Unknown, status)
}

fn snapshot_private(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        let rds = &region.rds;
        let snaps = rds
            .db_snapshots
            .iter()
            .map(|s| {
                let arn = s.db_snapshot_arn.clone();
                (
                    &s.db_snapshot_identifier,
                    arn,
                    s.snapshot_type.as_deref(),
                    "describe-db-snapshot-attributes",
                )
            })
            .chain(rds.db_cluster_snapshots.iter().map(|s| {
                let arn = s.db_cluster_snapshot_arn.clone();
                (
                    &s.db_cluster_snapshot_identifier,
                    arn,
                    s.snapshot_type.as_deref(),
                    "describe-db-cluster-snapshot-attributes",
                )
            }));
        for (id, arn, kind, command) in snaps {
            let resource = arn.unwrap_or_else(|| id.clone());
            let (st, evidence) = if kind == Some("automated") {
                (
                    Status::Pass,
                    json!({"snapshot_type": kind, "shareable": false}),
                )
            } else if let Some(attrs) = rds.snapshot_attributes(id) {
                let restore: Vec<&str> = attrs.restore().collect();
                (
                    status(!restore.contains(&"all")),
                    json!({"snapshot_type": kind, "restore": restore}),
                )
            } else {
                (
                    Status::Unknown,
                    json!({"snapshot_type": kind, "missing": format!("aws rds {command} for {id}")}),
                )
            };
            let mut e = regional(account, region, resource, st, evidence);
            e.vars.push(("snapshot", id.clone()));
            out.push(e);
        }
    }
}

fn snapshot_encrypted(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for s in &region.rds.db_snapshots {
            let resource = s
                .db_snapshot_arn
                .clone()
                .unwrap_or_else(|| s.db_snapshot_identifier.clone());
            let mut e = regional(
                account,
                region,
                resource,
                flag(s.encrypted),
                json!({"encrypted": s.encrypted}),
            );
            e.vars.push(("snapshot", s.db_snapshot_identifier.clone()));
            out.push(e);
        }
        for s in &region.rds.db_cluster_snapshots {
            let resource = s
                .db_cluster_snapshot_arn
                .clone()
                .unwrap_or_else(|| s.db_cluster_snapshot_identifier.clone());
            let mut e = regional(
                account,
                region,
                resource,
                flag(s.storage_encrypted),
                json!({"storage_encrypted": s.storage_encrypted}),
            );
            e.vars
                .push(("snapshot", s.db_cluster_snapshot_identifier.clone()));
            out.push(e);
        }
    }
}

fn enhanced_monitoring(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_instance(cx, out, |_, raw| {
        let interval = int_at(raw, "MonitoringInterval");
        (
            status(interval.is_some_and(|i| i > 0)),
            json!({"monitoring_interval": interval, "monitoring_role_arn": str_at(raw, "MonitoringRoleArn")}),
        )
    });
}

fn cluster_deletion_protection(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_cluster(cx, out, |c, _| {
        (
            flag(c.deletion_protection),
            json!({"deletion_protection": c.deletion_protection}),
        )
    });
}

/// The logs RDS.9 requires for an engine, `None` for engines it does not evaluate.
fn required_logs(engine: &str) -> Option<&'static [&'static str]> {
    const MYSQL: &[&str] = &["audit", "error", "general", "slowquery"];
    const POSTGRES: &[&str] = &["postgresql", "upgrade"];
    match engine {
        "mysql" | "mariadb" | "aurora" | "aurora-mysql" => Some(MYSQL),
        "postgres" | "aurora-postgresql" => Some(POSTGRES),
        e if e.starts_with("oracle") => Some(&["alert", "audit", "trace", "listener"]),
        e if e.starts_with("sqlserver") => Some(&["error", "agent"]),
        _ => None,
    }
}

fn database_logging(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_instance(cx, out, |db, raw| {
        let engine = db.engine.as_deref().unwrap_or_default();
        let enabled = strs_at(raw, "EnabledCloudwatchLogsExports");
        let Some(required) = required_logs(engine) else {
            return (Status::NotApplicable, json!({"engine": db.engine}));
        };
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|l| !enabled.contains(l))
            .collect();
        (
            status(missing.is_empty()),
            json!({"engine": engine, "enabled_logs": enabled, "required_logs": required, "missing_logs": missing}),
        )
    });
}

fn instance_iam_auth(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_instance(cx, out, |db, _| {
        const ENGINES: &[&str] = &[
            "mysql",
            "postgres",
            "aurora",
            "aurora-mysql",
            "aurora-postgresql",
            "mariadb",
        ];
        const STATES: &[&str] = &[
            "available",
            "backing-up",
            "storage-optimization",
            "storage-full",
        ];
        let engine = db.engine.as_deref().unwrap_or_default();
        let state = db.db_instance_status.as_deref().unwrap_or_default();
        let evidence = json!({"engine": db.engine, "status": db.db_instance_status,
            "iam_database_authentication_enabled": db.iam_database_authentication_enabled});
        if !ENGINES.contains(&engine) || !STATES.contains(&state) {
            return (Status::NotApplicable, evidence);
        }
        (status(db.iam_database_authentication_enabled), evidence)
    });
}

fn automatic_backups(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_instance(cx, out, |db, _| {
        let days = db.backup_retention_period;
        (
            days.map_or(Status::Unknown, |d| status(d >= 7)),
            json!({"backup_retention_period": days, "backup_retention_minimum": 7}),
        )
    });
}

fn cluster_iam_auth(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_cluster(cx, out, |c, _| {
        (
            flag(c.iam_database_authentication_enabled),
            json!({"iam_database_authentication_enabled": c.iam_database_authentication_enabled}),
        )
    });
}

fn aurora_backtracking(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_cluster(cx, out, |c, _| {
        let engine = c.engine.as_deref().unwrap_or_default();
        let evidence = json!({"engine": c.engine, "backtrack_window": c.backtrack_window});
        if engine != "aurora" && engine != "aurora-mysql" {
            return (Status::NotApplicable, evidence);
        }
        (status(c.backtrack_window.is_some_and(|w| w > 0)), evidence)
    });
}

fn cluster_multi_az(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_cluster(cx, out, |c, _| {
        (
            flag(c.multi_az),
            json!({"multi_az": c.multi_az, "availability_zones": c.availability_zones}),
        )
    });
}

fn cluster_copy_tags(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_cluster(cx, out, |c, _| {
        (
            flag(c.copy_tags_to_snapshot),
            json!({"copy_tags_to_snapshot": c.copy_tags_to_snapshot}),
        )
    });
}

fn instance_copy_tags(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_instance(cx, out, |_, raw| {
        let on = bool_at(raw, "CopyTagsToSnapshot");
        (flag(on), json!({"copy_tags_to_snapshot": on}))
    });
}

fn in_vpc(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_instance(cx, out, |db, _| {
        let vpc = db.db_subnet_group.as_ref().and_then(|g| g.vpc_id.clone());
        (status(vpc.is_some()), json!({"vpc_id": vpc}))
    });
}

/// Whether an enabled subscription of `source_type` covers every category in `wanted`
/// (a subscription with no categories listed covers all of them).
fn subscribed(
    account: &Account,
    region: &RegionData,
    source_type: &str,
    wanted: &[&str],
    out: &mut Vec<Evaluation>,
) {
    let rds = &region.rds;
    let has_rds = !rds.db_instances.is_empty() || !rds.db_clusters.is_empty();
    if !has_rds && !rds.event_subscriptions_listed {
        return;
    }
    let resource = account_resource(account);
    if !rds.event_subscriptions_listed {
        out.push(regional(
            account,
            region,
            resource,
            Status::Unknown,
            json!({"missing": "aws rds describe-event-subscriptions"}),
        ));
        return;
    }
    let matching: Vec<&str> = rds
        .event_subscriptions
        .iter()
        .filter(|s| {
            s.enabled
                && s.source_type.as_deref() == Some(source_type)
                && (s.event_categories_list.is_empty()
                    || wanted
                        .iter()
                        .all(|w| s.event_categories_list.iter().any(|c| c == w)))
        })
        .map(|s| s.cust_subscription_id.as_str())
        .collect();
    out.push(regional(account, region, resource, status(!matching.is_empty()),
        json!({"source_type": source_type, "required_categories": wanted, "matching_subscriptions": matching})));
}

fn event_subscription_cluster(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        subscribed(
            account,
            region,
            "db-cluster",
            &["maintenance", "failure"],
            out,
        );
    }
}

fn event_subscription_instance(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        subscribed(
            account,
            region,
            "db-instance",
            &["maintenance", "configuration change", "failure"],
            out,
        );
    }
}

fn event_subscription_parameter_group(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        subscribed(
            account,
            region,
            "db-parameter-group",
            &["configuration change"],
            out,
        );
    }
}

fn event_subscription_security_group(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        subscribed(
            account,
            region,
            "db-security-group",
            &["configuration change", "failure"],
            out,
        );
    }
}

/// The default port of an engine, `None` for engines RDS.23 does not evaluate.
fn default_port(engine: &str) -> Option<i64> {
    match engine {
        "mysql" | "mariadb" | "aurora" | "aurora-mysql" => Some(3306),
        "postgres" | "aurora-postgresql" => Some(5432),
        e if e.starts_with("oracle") => Some(1521),
        e if e.starts_with("sqlserver") => Some(1433),
        _ => None,
    }
}

fn non_default_port(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_instance(cx, out, |db, raw| {
        let engine = db.engine.as_deref().unwrap_or_default();
        let port = db
            .endpoint
            .as_ref()
            .and_then(|e| e.port)
            .or_else(|| int_at(raw, "DbInstancePort").filter(|p| *p > 0));
        let Some(default) = default_port(engine) else {
            return (
                Status::NotApplicable,
                json!({"engine": db.engine, "port": port}),
            );
        };
        (
            port.map_or(Status::Unknown, |p| status(p != default)),
            json!({"engine": engine, "port": port, "default_port": default}),
        )
    });
}

/// RDS.24 and RDS.25: the default administrator names, and the engines they skip.
fn admin_username(engine: Option<&str>, username: Option<&str>) -> (Status, Value) {
    let evidence = json!({"engine": engine, "master_username": username, "default_usernames": ["admin", "postgres"]});
    let engine = engine.unwrap_or_default();
    if engine == "neptune" || engine == "docdb" {
        return (Status::NotApplicable, evidence);
    }
    let st = username.map_or(Status::Unknown, |u| status(u != "admin" && u != "postgres"));
    (st, evidence)
}

fn cluster_admin_username(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_cluster(cx, out, |c, _| {
        admin_username(c.engine.as_deref(), c.master_username.as_deref())
    });
}

fn instance_admin_username(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_instance(cx, out, |db, raw| {
        admin_username(db.engine.as_deref(), str_at(raw, "MasterUsername"))
    });
}

fn cluster_encrypted(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_cluster(cx, out, |c, raw| {
        (
            flag(c.storage_encrypted),
            json!({"storage_encrypted": c.storage_encrypted, "kms_key_id": str_at(raw, "KmsKeyId")}),
        )
    });
}
