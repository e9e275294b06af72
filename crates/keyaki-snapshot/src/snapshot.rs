//! The snapshot: accounts, their global services and their regions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use keyaki_core::{AccountId, Partition, Region};

use crate::inventory::{InventoryItem, Scope};
use crate::services::{
    accessanalyzer::AccessAnalyzer, cloudtrail::CloudTrail, cloudwatch::CloudWatch,
    configservice::ConfigService, ec2::Ec2, efs::Efs, elbv2::Elbv2, guardduty::GuardDuty, iam::Iam,
    kms::Kms, lambda::Lambda, logs::Logs, organizations::Organizations, rds::Rds, s3::S3,
    secretsmanager::SecretsManager, securityhub::SecurityHub, sns::Sns, sqs::Sqs, sts::Sts,
};
use crate::{LoadErrors, Warning};

/// One account, or an organisation of accounts, as loaded from a snapshot directory.
///
/// A snapshot is immutable once loaded; engines borrow it. Every resource keeps its typed
/// view, its raw JSON and where it was read ([`crate::Resource`]).
#[derive(Debug)]
pub struct Snapshot {
    pub(crate) root: PathBuf,
    pub(crate) accounts: Vec<Account>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) files: usize,
    /// Built on first use: commands that only walk the typed model never pay for it.
    pub(crate) inventory: OnceLock<Inventory>,
}

/// Every resource as an inventory row, and the rows' positions by ARN and by id.
#[derive(Debug)]
pub(crate) struct Inventory {
    pub(crate) items: Vec<InventoryItem>,
    pub(crate) index: HashMap<String, Vec<usize>>,
}

/// What loading produced when errors are allowed: the resources that did load, and every
/// error. `keyaki snapshot validate` shows both.
#[derive(Debug)]
pub struct LoadReport {
    /// The resources that loaded.
    pub snapshot: Snapshot,
    /// The files that did not load, and why.
    pub errors: Vec<crate::LoadError>,
}

impl Snapshot {
    /// Loads the snapshot in `path`; fails with every error found if any file is bad.
    pub fn load(path: impl AsRef<Path>) -> Result<Snapshot, LoadErrors> {
        let report = Self::load_report(path);
        match LoadErrors::new(report.errors) {
            Some(errors) => Err(errors),
            None => Ok(report.snapshot),
        }
    }

    /// Loads what can be loaded from `path` and reports the rest.
    pub fn load_report(path: impl AsRef<Path>) -> LoadReport {
        crate::load::load(path.as_ref())
    }

    /// The directory the snapshot was read from.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The accounts, in the order of their folders.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// The account with id `id`.
    pub fn account(&self, id: &AccountId) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id.as_ref() == Some(id))
    }

    /// The organisation's structure and policies, from whichever account's folder holds them.
    pub fn organization(&self) -> Option<&Organizations> {
        self.accounts
            .iter()
            .map(|a| &a.organizations)
            .find(|o| !o.is_empty())
    }

    /// Things that did not stop loading but that a person should know.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// How many files were read.
    pub fn file_count(&self) -> usize {
        self.files
    }

    /// Every resource, account by account, service by service.
    pub fn inventory(&self) -> &[InventoryItem] {
        &self.built_inventory().items
    }

    fn built_inventory(&self) -> &Inventory {
        self.inventory
            .get_or_init(|| crate::load::build_inventory(&self.accounts))
    }

    /// The resources whose ARN or id is `key`. Ids are unique within an account and region,
    /// so an id may match one resource in each of several accounts.
    pub fn find(&self, key: &str) -> impl Iterator<Item = &InventoryItem> {
        let inventory = self.built_inventory();
        inventory
            .index
            .get(key)
            .into_iter()
            .flatten()
            .map(|&i| &inventory.items[i])
    }

    /// How many resources of each type, sorted by type.
    pub fn counts(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for item in self.inventory() {
            *counts.entry(item.resource_type).or_insert(0) += 1;
        }
        counts
    }
}

/// One AWS account: its global services (IAM, S3, Organizations) and its regions.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Account {
    /// The name of the account's folder under `accounts/`, or the account id for a
    /// single-account snapshot.
    pub label: String,
    /// The account id, when the snapshot says it (folder name, `account.json`, or the
    /// owner of its resources).
    pub id: Option<AccountId>,
    /// The partition the account is in.
    pub partition: Option<Partition>,
    /// `sts get-caller-identity`: who took the snapshot.
    pub sts: Sts,
    /// IAM.
    pub iam: Iam,
    /// AWS Organizations, for the management account or an organisation snapshot.
    pub organizations: Organizations,
    /// Amazon S3 buckets and account-level settings.
    pub s3: S3,
    /// The regions, sorted by code; `None` for files whose region could not be told.
    pub regions: Vec<RegionData>,
}

impl Account {
    /// The data of `region`.
    pub fn region(&self, region: &Region) -> Option<&RegionData> {
        self.regions
            .iter()
            .find(|r| r.region.as_ref() == Some(region))
    }

    pub(crate) fn region_mut(&mut self, region: Option<&Region>) -> &mut RegionData {
        let pos = match self
            .regions
            .binary_search_by(|r| r.region.as_ref().cmp(&region))
        {
            Ok(pos) => pos,
            Err(pos) => {
                self.regions.insert(
                    pos,
                    RegionData {
                        region: region.cloned(),
                        ..RegionData::default()
                    },
                );
                pos
            }
        };
        &mut self.regions[pos]
    }

    /// The instances that run with `role_name`'s credentials: those whose instance profile
    /// holds the role, in every region, with the region they run in.
    pub fn role_instances(
        &self,
        role_name: &str,
    ) -> Vec<(
        &RegionData,
        &crate::Resource<crate::services::ec2::Instance>,
    )> {
        let profiles = self.iam.role_instance_profiles(role_name);
        let mut out = Vec::new();
        for region in &self.regions {
            for profile in &profiles {
                out.extend(
                    region
                        .ec2
                        .instances_with_profile(profile.arn.as_str())
                        .map(|i| (region, i)),
                );
            }
        }
        out
    }

    /// The role whose credentials an instance runs with, through its instance profile.
    pub fn instance_role(
        &self,
        instance: &crate::services::ec2::Instance,
    ) -> Option<&crate::Resource<crate::services::iam::RoleDetail>> {
        let profile = instance.iam_instance_profile.as_ref()?;
        self.iam.instance_profile_role(&profile.arn)
    }

    /// The partition, defaulting to `aws`.
    pub fn partition(&self) -> Partition {
        self.partition.unwrap_or(Partition::Aws)
    }

    /// The scope for building ARNs of global resources.
    pub fn global_scope(&self) -> Scope<'_> {
        Scope {
            account: self.id.as_ref(),
            region: None,
            partition: self.partition(),
        }
    }
}

/// The regional services of one account in one region.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct RegionData {
    /// The region; `None` for files whose region could not be told.
    pub region: Option<Region>,
    /// Amazon EC2 and Amazon VPC.
    pub ec2: Ec2,
    /// Elastic Load Balancing (v2).
    pub elbv2: Elbv2,
    /// Amazon RDS.
    pub rds: Rds,
    /// AWS Lambda.
    pub lambda: Lambda,
    /// AWS KMS.
    pub kms: Kms,
    /// AWS CloudTrail.
    pub cloudtrail: CloudTrail,
    /// Amazon CloudWatch alarms.
    pub cloudwatch: CloudWatch,
    /// Amazon CloudWatch Logs metric filters.
    pub logs: Logs,
    /// Amazon EFS.
    pub efs: Efs,
    /// IAM Access Analyzer.
    pub accessanalyzer: AccessAnalyzer,
    /// AWS Config.
    pub config: ConfigService,
    /// Amazon GuardDuty.
    pub guardduty: GuardDuty,
    /// AWS Security Hub.
    pub securityhub: SecurityHub,
    /// AWS Secrets Manager.
    pub secretsmanager: SecretsManager,
    /// Amazon SNS.
    pub sns: Sns,
    /// Amazon SQS.
    pub sqs: Sqs,
}

impl RegionData {
    /// The scope for building ARNs of this region's resources in `account`.
    pub fn scope<'a>(&'a self, account: &'a Account) -> Scope<'a> {
        Scope {
            account: account.id.as_ref(),
            region: self.region.as_ref(),
            partition: account.partition(),
        }
    }
}
