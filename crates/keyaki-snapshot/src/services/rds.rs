//! Amazon RDS: database instances.

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

/// What one RDS file holds.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum Output {
    DbInstances(Vec<Resource<DbInstance>>),
}

/// Amazon RDS resources of one region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Rds {
    /// DB instances.
    pub db_instances: Vec<Resource<DbInstance>>,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    doc.is("DBInstances", &["Marker"])
        .then(|| doc.list("DBInstances").map(Output::DbInstances))
}

impl Output {
    pub(crate) fn region_hint(&self) -> Option<Region> {
        let Output::DbInstances(dbs) = self;
        dbs.iter().find_map(|d| {
            d.db_instance_arn
                .as_deref()
                .and_then(|a| a.parse::<keyaki_core::Arn>().ok()?.region().cloned())
                .or_else(|| Region::from_availability_zone(d.availability_zone.as_deref()?))
        })
    }
}

impl Rds {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        let Output::DbInstances(items) = output;
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

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
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
