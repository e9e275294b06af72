//! Amazon RDS: DB instances, DB clusters, their snapshots and the snapshots' sharing
//! attributes, and event subscriptions.

use keyaki_core::Region;
use serde::Deserialize;

use crate::common::Tag;
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::Place;
use crate::{LoadError, Warning, WarningKind};

/// A VPC security group of a DB instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct VpcSecurityGroupMembership {
    pub vpc_security_group_id: String,
    pub status: Option<String>,
}

/// A DB instance's endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Endpoint {
    pub address: Option<String>,
    pub port: Option<i64>,
}

/// A subnet of a DB subnet group.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct DbSubnet {
    pub subnet_identifier: String,
}

/// A DB instance's subnet group.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct DbSubnetGroup {
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: Option<String>,
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub subnets: Vec<DbSubnet>,
}

/// `aws rds describe-db-instances`: one DB instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct DbInstance {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    #[serde(default, rename = "DBInstanceArn")]
    pub db_instance_arn: Option<String>,
    #[serde(default, rename = "DBInstanceClass")]
    pub db_instance_class: Option<String>,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    #[serde(default, rename = "DBInstanceStatus")]
    pub db_instance_status: Option<String>,
    pub endpoint: Option<Endpoint>,
    #[serde(default)]
    pub publicly_accessible: bool,
    #[serde(default)]
    pub storage_encrypted: bool,
    pub kms_key_id: Option<String>,
    #[serde(default)]
    pub vpc_security_groups: Vec<VpcSecurityGroupMembership>,
    #[serde(default, rename = "DBSubnetGroup")]
    pub db_subnet_group: Option<DbSubnetGroup>,
    #[serde(default, rename = "MultiAZ")]
    pub multi_az: bool,
    pub availability_zone: Option<String>,
    pub backup_retention_period: Option<i64>,
    pub deletion_protection: Option<bool>,
    #[serde(default, rename = "IAMDatabaseAuthenticationEnabled")]
    pub iam_database_authentication_enabled: bool,
    pub auto_minor_version_upgrade: Option<bool>,
    #[serde(default)]
    pub tag_list: Vec<Tag>,
}

/// `aws rds describe-db-clusters`: one DB cluster (Aurora, Multi-AZ DB cluster, Neptune,
/// DocumentDB). The fields rules read; every other field is in the raw JSON.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct DbCluster {
    #[serde(rename = "DBClusterIdentifier")]
    pub db_cluster_identifier: String,
    #[serde(default, rename = "DBClusterArn")]
    pub db_cluster_arn: Option<String>,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    pub engine_mode: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub availability_zones: Vec<String>,
    #[serde(default, rename = "MultiAZ")]
    pub multi_az: Option<bool>,
    pub storage_encrypted: Option<bool>,
    pub deletion_protection: Option<bool>,
    #[serde(default, rename = "IAMDatabaseAuthenticationEnabled")]
    pub iam_database_authentication_enabled: Option<bool>,
    pub copy_tags_to_snapshot: Option<bool>,
    pub backtrack_window: Option<i64>,
    pub master_username: Option<String>,
    pub port: Option<i64>,
}

/// `aws rds describe-db-snapshots`: one DB snapshot.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct DbSnapshot {
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: String,
    #[serde(default, rename = "DBSnapshotArn")]
    pub db_snapshot_arn: Option<String>,
    #[serde(default, rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: Option<String>,
    pub engine: Option<String>,
    pub snapshot_type: Option<String>,
    pub encrypted: Option<bool>,
    pub status: Option<String>,
}

/// `aws rds describe-db-cluster-snapshots`: one DB cluster snapshot.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct DbClusterSnapshot {
    #[serde(rename = "DBClusterSnapshotIdentifier")]
    pub db_cluster_snapshot_identifier: String,
    #[serde(default, rename = "DBClusterSnapshotArn")]
    pub db_cluster_snapshot_arn: Option<String>,
    #[serde(default, rename = "DBClusterIdentifier")]
    pub db_cluster_identifier: Option<String>,
    pub engine: Option<String>,
    pub snapshot_type: Option<String>,
    pub storage_encrypted: Option<bool>,
    pub status: Option<String>,
}

/// One attribute of a snapshot (`restore`: the accounts that may copy or restore it,
/// `all` for every account).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct SnapshotAttribute {
    pub attribute_name: String,
    #[serde(default)]
    pub attribute_values: Vec<String>,
}

/// `aws rds describe-db-snapshot-attributes` (`DBSnapshotAttributesResult`) or
/// `aws rds describe-db-cluster-snapshot-attributes` (`DBClusterSnapshotAttributesResult`).
#[derive(Debug, Clone, Deserialize)]
#[allow(missing_docs)]
pub struct SnapshotAttributes {
    /// The snapshot identifier (`DBSnapshotIdentifier` or `DBClusterSnapshotIdentifier`).
    #[serde(alias = "DBSnapshotIdentifier", alias = "DBClusterSnapshotIdentifier")]
    pub snapshot_identifier: String,
    /// The attributes (`DBSnapshotAttributes` or `DBClusterSnapshotAttributes`).
    #[serde(
        default,
        alias = "DBSnapshotAttributes",
        alias = "DBClusterSnapshotAttributes"
    )]
    pub attributes: Vec<SnapshotAttribute>,
}

impl SnapshotAttributes {
    /// The values of the `restore` attribute.
    pub fn restore(&self) -> impl Iterator<Item = &str> {
        self.attributes
            .iter()
            .filter(|a| a.attribute_name == "restore")
            .flat_map(|a| a.attribute_values.iter().map(String::as_str))
    }
}

/// `aws rds describe-event-subscriptions`: one event notification subscription.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct EventSubscription {
    pub cust_subscription_id: String,
    pub event_subscription_arn: Option<String>,
    pub sns_topic_arn: Option<String>,
    pub status: Option<String>,
    pub source_type: Option<String>,
    #[serde(default)]
    pub source_ids_list: Vec<String>,
    #[serde(default)]
    pub event_categories_list: Vec<String>,
    #[serde(default)]
    pub enabled: bool,
}

/// What one RDS file holds.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum Output {
    DbInstances(Vec<Resource<DbInstance>>),
    DbClusters(Vec<Resource<DbCluster>>),
    DbSnapshots(Vec<Resource<DbSnapshot>>),
    DbClusterSnapshots(Vec<Resource<DbClusterSnapshot>>),
    SnapshotAttributes(Box<Resource<SnapshotAttributes>>),
    EventSubscriptions(Vec<Resource<EventSubscription>>),
}

/// Amazon RDS resources of one region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Rds {
    /// DB instances.
    pub db_instances: Vec<Resource<DbInstance>>,
    /// DB clusters.
    pub db_clusters: Vec<Resource<DbCluster>>,
    /// DB snapshots.
    pub db_snapshots: Vec<Resource<DbSnapshot>>,
    /// DB cluster snapshots.
    pub db_cluster_snapshots: Vec<Resource<DbClusterSnapshot>>,
    /// Sharing attributes of DB snapshots and DB cluster snapshots.
    pub snapshot_attributes: Vec<Resource<SnapshotAttributes>>,
    /// Event notification subscriptions.
    pub event_subscriptions: Vec<Resource<EventSubscription>>,
    /// Whether the snapshot holds `describe-event-subscriptions` (which may list none).
    pub event_subscriptions_listed: bool,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    const PAGE: &[&str] = &["Marker"];
    let result = if doc.is("DBInstances", PAGE) {
        doc.list("DBInstances").map(Output::DbInstances)
    } else if doc.is("DBClusters", PAGE) {
        doc.list("DBClusters").map(Output::DbClusters)
    } else if doc.is("DBSnapshots", PAGE) {
        doc.list("DBSnapshots").map(Output::DbSnapshots)
    } else if doc.is("DBClusterSnapshots", PAGE) {
        doc.list("DBClusterSnapshots")
            .map(Output::DbClusterSnapshots)
    } else if doc.is("EventSubscriptionsList", PAGE) {
        doc.list("EventSubscriptionsList")
            .map(Output::EventSubscriptions)
    } else if doc.is("DBSnapshotAttributesResult", &[])
        || doc.is("DBClusterSnapshotAttributesResult", &[])
    {
        let key = if doc.has("DBSnapshotAttributesResult") {
            "DBSnapshotAttributesResult"
        } else {
            "DBClusterSnapshotAttributesResult"
        };
        match doc.member::<SnapshotAttributes>(key) {
            Ok(Some(a)) => Ok(Output::SnapshotAttributes(Box::new(a))),
            Ok(None) => return None,
            Err(e) => Err(vec![e]),
        }
    } else {
        return None;
    };
    Some(result)
}

impl Output {
    pub(crate) fn region_hint(&self) -> Option<Region> {
        let from_arn = |a: Option<&str>| a?.parse::<keyaki_core::Arn>().ok()?.region().cloned();
        match self {
            Output::DbInstances(dbs) => dbs.iter().find_map(|d| {
                from_arn(d.db_instance_arn.as_deref())
                    .or_else(|| Region::from_availability_zone(d.availability_zone.as_deref()?))
            }),
            Output::DbClusters(c) => c.iter().find_map(|c| from_arn(c.db_cluster_arn.as_deref())),
            Output::DbSnapshots(s) => s
                .iter()
                .find_map(|s| from_arn(s.db_snapshot_arn.as_deref())),
            Output::DbClusterSnapshots(s) => s
                .iter()
                .find_map(|s| from_arn(s.db_cluster_snapshot_arn.as_deref())),
            Output::EventSubscriptions(s) => s
                .iter()
                .find_map(|s| from_arn(s.event_subscription_arn.as_deref())),
            Output::SnapshotAttributes(_) => None,
        }
    }
}

/// Adds `items` to `list`, keeping the first of two with the same key, with a warning.
fn merge<T>(
    list: &mut Vec<Resource<T>>,
    items: Vec<Resource<T>>,
    key: fn(&T) -> &str,
    warnings: &mut Vec<Warning>,
) {
    for item in items {
        if let Some(existing) = list.iter().find(|d| key(d) == key(&item)) {
            warnings.push(Warning {
                path: item.origin.file.to_path_buf(),
                kind: WarningKind::Duplicate,
                message: format!(
                    "{} is already loaded from {}; the first is kept",
                    key(&item),
                    existing.origin
                ),
            });
            continue;
        }
        list.push(item);
    }
}

impl Rds {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        let items = match output {
            Output::DbInstances(items) => items,
            Output::DbClusters(items) => {
                return merge(
                    &mut self.db_clusters,
                    items,
                    |c| &c.db_cluster_identifier,
                    warnings,
                );
            }
            Output::DbSnapshots(items) => {
                return merge(
                    &mut self.db_snapshots,
                    items,
                    |s| &s.db_snapshot_identifier,
                    warnings,
                );
            }
            Output::DbClusterSnapshots(items) => {
                return merge(
                    &mut self.db_cluster_snapshots,
                    items,
                    |s| &s.db_cluster_snapshot_identifier,
                    warnings,
                );
            }
            Output::EventSubscriptions(items) => {
                self.event_subscriptions_listed = true;
                return merge(
                    &mut self.event_subscriptions,
                    items,
                    |s| &s.cust_subscription_id,
                    warnings,
                );
            }
            Output::SnapshotAttributes(a) => {
                return merge(
                    &mut self.snapshot_attributes,
                    vec![*a],
                    |a| &a.snapshot_identifier,
                    warnings,
                );
            }
        };
        for item in items {
            if let Some(existing) = self
                .db_instances
                .iter()
                .find(|d| d.db_instance_identifier == item.db_instance_identifier)
            {
                warnings.push(Warning {
                    path: item.origin.file.to_path_buf(),
                    kind: WarningKind::Duplicate,
                    message: format!(
                        "{} is already loaded from {}; the first is kept",
                        item.db_instance_identifier, existing.origin
                    ),
                });
                continue;
            }
            self.db_instances.push(item);
        }
    }

    /// The DB instance `identifier`.
    pub fn db_instance(&self, identifier: &str) -> Option<&Resource<DbInstance>> {
        self.db_instances
            .iter()
            .find(|d| d.db_instance_identifier == identifier)
    }

    /// The sharing attributes of the DB snapshot or DB cluster snapshot `identifier`.
    pub fn snapshot_attributes(&self, identifier: &str) -> Option<&Resource<SnapshotAttributes>> {
        self.snapshot_attributes
            .iter()
            .find(|a| a.snapshot_identifier == identifier)
    }

    /// Whether the snapshot holds no RDS data.
    pub fn is_empty(&self) -> bool {
        self.db_instances.is_empty()
            && self.db_clusters.is_empty()
            && self.db_snapshots.is_empty()
            && self.db_cluster_snapshots.is_empty()
            && self.snapshot_attributes.is_empty()
            && !self.event_subscriptions_listed
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for c in &self.db_clusters {
            out.push(
                scope
                    .item("AWS::RDS::DBCluster", &c.db_cluster_identifier, &c.origin)
                    .arn(c.db_cluster_arn.clone().unwrap_or_else(|| {
                        scope.arn("rds", &format!("cluster:{}", c.db_cluster_identifier))
                    }))
                    .name(Some(c.db_cluster_identifier.clone()))
                    .attr("engine", c.engine.clone())
                    .attr("engine_version", c.engine_version.clone())
                    .attr("storage_encrypted", c.storage_encrypted),
            );
        }
        for s in &self.db_snapshots {
            out.push(
                scope
                    .item("AWS::RDS::DBSnapshot", &s.db_snapshot_identifier, &s.origin)
                    .arn(s.db_snapshot_arn.clone().unwrap_or_else(|| {
                        scope.arn("rds", &format!("snapshot:{}", s.db_snapshot_identifier))
                    }))
                    .name(Some(s.db_snapshot_identifier.clone()))
                    .attr("db_instance", s.db_instance_identifier.clone())
                    .attr("encrypted", s.encrypted),
            );
        }
        for s in &self.db_cluster_snapshots {
            out.push(
                scope
                    .item(
                        "AWS::RDS::DBClusterSnapshot",
                        &s.db_cluster_snapshot_identifier,
                        &s.origin,
                    )
                    .arn(s.db_cluster_snapshot_arn.clone().unwrap_or_else(|| {
                        scope.arn(
                            "rds",
                            &format!("cluster-snapshot:{}", s.db_cluster_snapshot_identifier),
                        )
                    }))
                    .name(Some(s.db_cluster_snapshot_identifier.clone()))
                    .attr("db_cluster", s.db_cluster_identifier.clone())
                    .attr("encrypted", s.storage_encrypted),
            );
        }
        for s in &self.event_subscriptions {
            out.push(
                scope
                    .item(
                        "AWS::RDS::EventSubscription",
                        &s.cust_subscription_id,
                        &s.origin,
                    )
                    .arn(s.event_subscription_arn.clone().unwrap_or_else(|| {
                        scope.arn("rds", &format!("es:{}", s.cust_subscription_id))
                    }))
                    .name(Some(s.cust_subscription_id.clone()))
                    .attr("source_type", s.source_type.clone())
                    .attr("enabled", s.enabled),
            );
        }
        for r in &self.db_instances {
            let groups: Vec<&str> = r
                .vpc_security_groups
                .iter()
                .map(|g| g.vpc_security_group_id.as_str())
                .collect();
            out.push(
                scope
                    .item("AWS::RDS::DBInstance", &r.db_instance_identifier, &r.origin)
                    .arn(r.db_instance_arn.clone().unwrap_or_else(|| {
                        scope.arn("rds", &format!("db:{}", r.db_instance_identifier))
                    }))
                    .name(Some(r.db_instance_identifier.clone()))
                    .attr("engine", r.engine.clone())
                    .attr("engine_version", r.engine_version.clone())
                    .attr("class", r.db_instance_class.clone())
                    .attr("publicly_accessible", r.publicly_accessible)
                    .attr("storage_encrypted", r.storage_encrypted)
                    .attr("multi_az", r.multi_az)
                    .attr(
                        "vpc_id",
                        r.db_subnet_group.as_ref().and_then(|g| g.vpc_id.clone()),
                    )
                    .attr("security_groups", serde_json::json!(groups))
                    .attr(
                        "endpoint",
                        r.endpoint.as_ref().and_then(|e| e.address.clone()),
                    ),
            );
        }
    }
}
