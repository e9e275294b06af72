//! Amazon S3: the account's buckets, each with the settings a reviewer checks first (bucket
//! policy, ACL, Block Public Access, default encryption, versioning, server access logging),
//! and the account-level Block Public Access setting.
//!
//! Layout, with the outputs of `aws s3api`:
//! ```text
//! global/s3/list-buckets.json
//! global/s3/<bucket>/get-bucket-policy.json          {"Policy": "<policy document as text>"}
//! global/s3/<bucket>/get-bucket-policy-status.json   {"PolicyStatus": {"IsPublic": ...}}
//! global/s3/<bucket>/get-bucket-acl.json             {"Owner": ..., "Grants": [...]}
//! global/s3/<bucket>/get-public-access-block.json    {"PublicAccessBlockConfiguration": ...}
//! global/s3/<bucket>/get-bucket-encryption.json      {"ServerSideEncryptionConfiguration": ...}
//! global/s3/<bucket>/get-bucket-versioning.json      {"Status": ...} or {} (never enabled)
//! global/s3/<bucket>/get-bucket-logging.json         {"LoggingEnabled": ...} or {} (off)
//! global/s3/<bucket>/get-bucket-location.json        {"LocationConstraint": ...}
//! global/s3control/get-public-access-block.json      the account-level block (aws s3control)
//! ```
//! The per-bucket outputs name no bucket: the folder does. Two of them print an empty object
//! (`{}`) for "off", which only the file name tells apart, so those two are recognised by
//! their command name (`get-bucket-versioning`, `get-bucket-logging`).

use std::collections::HashMap;

use keyaki_core::{Partition, Region};

use serde::{Deserialize, Serialize};

use super::shared::{ResourcePolicy, dangling, duplicate, retract, set_once, timestamp};
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::{Origin, Resource};
use crate::source::Place;
use crate::{LoadError, Warning, WarningKind};

/// The owner of the buckets (`list-buckets`) or of one bucket (`get-bucket-acl`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Owner {
    /// The owner's canonical user id.
    #[serde(default, rename = "ID")]
    pub id: Option<String>,
    /// The display name (S3 stopped returning it in most Regions in 2025).
    #[serde(default)]
    pub display_name: Option<String>,
}

/// One bucket of `aws s3api list-buckets`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListedBucket {
    /// The bucket name.
    pub name: String,
    /// When the bucket was created.
    #[serde(default, deserialize_with = "timestamp")]
    pub creation_date: Option<String>,
    /// The bucket's Region (returned by newer versions of the API).
    #[serde(default)]
    pub bucket_region: Option<String>,
}

/// Who a grant of a bucket ACL is for.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Grantee {
    /// `CanonicalUser`, `AmazonCustomerByEmail` or `Group`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// The canonical user id, for `CanonicalUser`.
    #[serde(default, rename = "ID")]
    pub id: Option<String>,
    /// The display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// The group URI, for `Group`.
    #[serde(default, rename = "URI")]
    pub uri: Option<String>,
    /// The email address, for `AmazonCustomerByEmail`.
    #[serde(default)]
    pub email_address: Option<String>,
}

/// One grant of a bucket ACL.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Grant {
    /// Who is granted.
    pub grantee: Grantee,
    /// `FULL_CONTROL`, `WRITE`, `WRITE_ACP`, `READ` or `READ_ACP`.
    pub permission: String,
}

/// The group of everyone, signed in or not.
pub const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
/// The group of every AWS account (any signed request).
pub const AUTHENTICATED_USERS: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/// `aws s3api get-bucket-acl`: the bucket's access control list.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Acl {
    /// The bucket owner.
    #[serde(default)]
    pub owner: Option<Owner>,
    /// The grants.
    #[serde(default)]
    pub grants: Vec<Grant>,
}

impl Acl {
    /// The grants to the `AllUsers` or `AuthenticatedUsers` groups, which make a bucket
    /// public (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups>).
    pub fn public_grants(&self) -> impl Iterator<Item = &Grant> {
        self.grants.iter().filter(|g| {
            matches!(
                g.grantee.uri.as_deref(),
                Some(ALL_USERS | AUTHENTICATED_USERS)
            )
        })
    }
}

/// The four Block Public Access settings, of a bucket or of the account.
///
/// A setting that is absent is off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicAccessBlockConfiguration {
    /// Reject new public ACLs.
    #[serde(default)]
    pub block_public_acls: bool,
    /// Ignore existing public ACLs.
    #[serde(default)]
    pub ignore_public_acls: bool,
    /// Reject new public bucket policies.
    #[serde(default)]
    pub block_public_policy: bool,
    /// Restrict access under a public policy to AWS services and the owning account.
    #[serde(default)]
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlockConfiguration {
    /// The settings in force when both `self` and `other` apply: S3 uses the most
    /// restrictive combination of the account's and the bucket's settings
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>).
    pub fn combine(&self, other: &Self) -> Self {
        Self {
            block_public_acls: self.block_public_acls || other.block_public_acls,
            ignore_public_acls: self.ignore_public_acls || other.ignore_public_acls,
            block_public_policy: self.block_public_policy || other.block_public_policy,
            restrict_public_buckets: self.restrict_public_buckets || other.restrict_public_buckets,
        }
    }

    /// Whether all four settings are on.
    pub fn all(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }

    /// `all`, `none`, or the names of the settings that are on, for display.
    pub fn summary(&self) -> String {
        let on: Vec<&str> = [
            (self.block_public_acls, "BlockPublicAcls"),
            (self.ignore_public_acls, "IgnorePublicAcls"),
            (self.block_public_policy, "BlockPublicPolicy"),
            (self.restrict_public_buckets, "RestrictPublicBuckets"),
        ]
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, name)| *name)
        .collect();
        match on.len() {
            0 => "none".into(),
            4 => "all".into(),
            _ => on.join(","),
        }
    }
}

/// The default encryption of new objects.
#[derive(Debug, Clone, Deserialize)]
pub struct EncryptionByDefault {
    /// `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (DSSE-KMS).
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: String,
    /// The KMS key (id, ARN or alias), for the KMS algorithms; absent means the AWS managed
    /// key `aws/s3`.
    #[serde(default, rename = "KMSMasterKeyID")]
    pub kms_master_key_id: Option<String>,
}

/// One rule of a bucket's default encryption.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptionRule {
    /// The default encryption.
    #[serde(default)]
    pub apply_server_side_encryption_by_default: Option<EncryptionByDefault>,
    /// Whether S3 Bucket Keys are used with SSE-KMS.
    #[serde(default)]
    pub bucket_key_enabled: Option<bool>,
}

/// `aws s3api get-bucket-encryption`: the bucket's default encryption.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerSideEncryptionConfiguration {
    /// The rules (S3 allows one).
    #[serde(default)]
    pub rules: Vec<EncryptionRule>,
}

impl ServerSideEncryptionConfiguration {
    /// The default encryption of the first rule.
    pub fn default_encryption(&self) -> Option<&EncryptionByDefault> {
        self.rules
            .iter()
            .find_map(|r| r.apply_server_side_encryption_by_default.as_ref())
    }
}

/// `aws s3api get-bucket-lifecycle-configuration`: the lifecycle rules (the command fails
/// with `NoSuchLifecycleConfiguration` for a bucket without any; a snapshot may record that
/// as `{}`). The rules' other fields are in the raw JSON.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Lifecycle {
    /// The rules.
    #[serde(default)]
    pub rules: Vec<LifecycleRule>,
}

/// One lifecycle rule: its id and whether it is `Enabled` or `Disabled`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct LifecycleRule {
    #[serde(rename = "ID")]
    pub id: Option<String>,
    pub status: String,
}

impl Lifecycle {
    /// The rules whose `Status` is `Enabled`.
    pub fn enabled_rules(&self) -> impl Iterator<Item = &LifecycleRule> {
        self.rules.iter().filter(|r| r.status == "Enabled")
    }
}

/// `aws s3api get-bucket-notification-configuration`: `{}` when the bucket sends no event
/// notifications.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Notification {
    #[serde(default)]
    pub topic_configurations: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    pub queue_configurations: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    pub lambda_function_configurations: Vec<serde::de::IgnoredAny>,
    /// Present (`{}`) when events go to Amazon EventBridge.
    pub event_bridge_configuration: Option<serde::de::IgnoredAny>,
}

impl Notification {
    /// Whether any event notification is configured.
    pub fn is_enabled(&self) -> bool {
        !self.topic_configurations.is_empty()
            || !self.queue_configurations.is_empty()
            || !self.lambda_function_configurations.is_empty()
            || self.event_bridge_configuration.is_some()
    }
}

/// `aws s3api get-bucket-versioning`: `{}` when versioning was never enabled.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Versioning {
    /// `Enabled` or `Suspended`; absent when the bucket was never versioned.
    #[serde(default)]
    pub status: Option<String>,
    /// `Enabled` or `Disabled`; absent when MFA delete was never configured.
    #[serde(default, rename = "MFADelete")]
    pub mfa_delete: Option<String>,
}

impl Versioning {
    /// `Enabled`, `Suspended`, or `Unversioned` for a bucket that was never versioned.
    pub fn state(&self) -> &str {
        self.status.as_deref().unwrap_or("Unversioned")
    }
}

/// Where server access logs go.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingEnabled {
    /// The bucket that receives the logs.
    pub target_bucket: String,
    /// The key prefix of the log objects.
    #[serde(default)]
    pub target_prefix: Option<String>,
}

/// `aws s3api get-bucket-logging`: `{}` when server access logging is off.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Logging {
    /// The logging target; `None` when logging is off.
    #[serde(default)]
    pub logging_enabled: Option<LoggingEnabled>,
}

/// `aws s3api get-bucket-location`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Location {
    /// The Region code; `null` for `us-east-1`, `EU` for `eu-west-1`.
    #[serde(default)]
    pub location_constraint: Option<String>,
}

impl Location {
    /// The bucket's Region (<https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html>).
    pub fn region(&self) -> Option<Region> {
        match self.location_constraint.as_deref() {
            None | Some("") => Region::new("us-east-1").ok(),
            Some("EU") => Region::new("eu-west-1").ok(),
            Some(code) => Region::new(code).ok(),
        }
    }
}

/// `aws s3api get-bucket-policy-status`: whether S3 considers the bucket policy public.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyStatus {
    /// Whether the policy grants public access.
    pub is_public: bool,
}

/// One bucket with everything the snapshot says about it.
///
/// A bucket is known from `list-buckets`, from its own folder, or from both; a setting is
/// `None` when its output is not in the snapshot (S3 answers an error rather than an empty
/// value when a bucket has no policy, no Block Public Access or no encryption settings).
#[derive(Debug, Clone)]
pub struct Bucket {
    /// The bucket name.
    pub name: String,
    /// Its entry in `list-buckets`, if it is listed.
    pub listed: Option<Resource<ListedBucket>>,
    /// `get-bucket-policy`: the bucket policy.
    pub policy: Option<Resource<ResourcePolicy>>,
    /// `get-bucket-policy-status`.
    pub policy_status: Option<Resource<PolicyStatus>>,
    /// `get-bucket-acl`.
    pub acl: Option<Resource<Acl>>,
    /// `get-public-access-block`: the bucket's own Block Public Access settings.
    pub public_access_block: Option<Resource<PublicAccessBlockConfiguration>>,
    /// `get-bucket-encryption`.
    pub encryption: Option<Resource<ServerSideEncryptionConfiguration>>,
    /// `get-bucket-versioning`.
    pub versioning: Option<Resource<Versioning>>,
    /// `get-bucket-logging`.
    pub logging: Option<Resource<Logging>>,
    /// `get-bucket-location`.
    pub location: Option<Resource<Location>>,
    /// `get-bucket-lifecycle-configuration`.
    pub lifecycle: Option<Resource<Lifecycle>>,
    /// `get-bucket-notification-configuration`.
    pub notification: Option<Resource<Notification>>,
    origin: Origin,
    dangling: Option<Warning>,
}

impl Bucket {
    fn new(name: String, origin: Origin) -> Self {
        Self {
            name,
            listed: None,
            policy: None,
            policy_status: None,
            acl: None,
            public_access_block: None,
            encryption: None,
            versioning: None,
            logging: None,
            location: None,
            lifecycle: None,
            notification: None,
            origin,
            dangling: None,
        }
    }

    /// Where the bucket was read: its `list-buckets` entry, or else its first own output.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The bucket's ARN, `arn:PARTITION:s3:::NAME`.
    pub fn arn(&self, partition: Partition) -> String {
        format!("arn:{partition}:s3:::{}", self.name)
    }

    /// The bucket's Region, from `list-buckets` or `get-bucket-location`.
    pub fn region(&self) -> Option<Region> {
        self.listed
            .as_ref()
            .and_then(|l| l.bucket_region.as_deref())
            .and_then(|r| Region::new(r).ok())
            .or_else(|| self.location.as_ref().and_then(|l| l.region()))
    }

    /// Whether versioning is `Enabled`; `None` when the snapshot lacks `get-bucket-versioning`.
    pub fn versioning_enabled(&self) -> Option<bool> {
        self.versioning
            .as_ref()
            .map(|v| v.status.as_deref() == Some("Enabled"))
    }

    /// Whether server access logging is on; `None` when the snapshot lacks
    /// `get-bucket-logging`.
    pub fn logging_enabled(&self) -> Option<bool> {
        self.logging.as_ref().map(|l| l.logging_enabled.is_some())
    }
}

/// What one S3 file holds.
#[derive(Debug)]
pub enum Output {
    /// `list-buckets`.
    Buckets {
        /// The owner of the buckets.
        owner: Option<Resource<Owner>>,
        /// The buckets of this page.
        buckets: Vec<Resource<ListedBucket>>,
    },
    /// `s3control get-public-access-block`: the account-level setting.
    AccountPublicAccessBlock(Resource<PublicAccessBlockConfiguration>),
    /// A per-bucket output, with the bucket its folder names.
    Bucket {
        /// The bucket folder; `None` for a file outside a bucket folder.
        bucket: Option<String>,
        /// What the file says.
        setting: BucketSetting,
    },
}

/// One per-bucket output.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum BucketSetting {
    Policy(Resource<ResourcePolicy>),
    PolicyStatus(Resource<PolicyStatus>),
    Acl(Resource<Acl>),
    PublicAccessBlock(Resource<PublicAccessBlockConfiguration>),
    Encryption(Resource<ServerSideEncryptionConfiguration>),
    Versioning(Resource<Versioning>),
    Logging(Resource<Logging>),
    Location(Resource<Location>),
    Lifecycle(Resource<Lifecycle>),
    Notification(Resource<Notification>),
}

impl BucketSetting {
    /// The command that prints this output.
    fn command(&self) -> &'static str {
        match self {
            BucketSetting::Policy(_) => "get-bucket-policy",
            BucketSetting::PolicyStatus(_) => "get-bucket-policy-status",
            BucketSetting::Acl(_) => "get-bucket-acl",
            BucketSetting::PublicAccessBlock(_) => "get-public-access-block",
            BucketSetting::Encryption(_) => "get-bucket-encryption",
            BucketSetting::Versioning(_) => "get-bucket-versioning",
            BucketSetting::Logging(_) => "get-bucket-logging",
            BucketSetting::Location(_) => "get-bucket-location",
            BucketSetting::Lifecycle(_) => "get-bucket-lifecycle-configuration",
            BucketSetting::Notification(_) => "get-bucket-notification-configuration",
        }
    }

    fn origin(&self) -> &Origin {
        match self {
            BucketSetting::Policy(r) => &r.origin,
            BucketSetting::PolicyStatus(r) => &r.origin,
            BucketSetting::Acl(r) => &r.origin,
            BucketSetting::PublicAccessBlock(r) => &r.origin,
            BucketSetting::Encryption(r) => &r.origin,
            BucketSetting::Versioning(r) => &r.origin,
            BucketSetting::Logging(r) => &r.origin,
            BucketSetting::Location(r) => &r.origin,
            BucketSetting::Lifecycle(r) => &r.origin,
            BucketSetting::Notification(r) => &r.origin,
        }
    }
}

/// The S3 data of one account: its buckets and the account-level Block Public Access.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct S3 {
    /// The owner of the buckets, from `list-buckets`.
    pub owner: Option<Resource<Owner>>,
    /// The buckets, in the order they were first read.
    pub buckets: Vec<Bucket>,
    /// `s3control get-public-access-block`: the account-level Block Public Access.
    pub account_public_access_block: Option<Resource<PublicAccessBlockConfiguration>>,
    /// Bucket positions by name.
    index: HashMap<String, usize>,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let place = doc.place();
    let service = place.service.as_deref();
    let command = place.command.as_str();
    if doc.is("Buckets", &["Owner", "ContinuationToken", "Prefix"]) {
        return Some(buckets(doc));
    }
    if service == Some("s3control") {
        if !doc.is("PublicAccessBlockConfiguration", &[]) {
            return None;
        }
        let block = member(doc, "PublicAccessBlockConfiguration")?;
        return Some(
            block
                .map(Output::AccountPublicAccessBlock)
                .map_err(|e| vec![e]),
        );
    }
    // Per-bucket outputs: in an S3 folder, or named after their command outside any
    // service folder (they then lack a bucket, which `absorb` reports).
    let in_s3 = matches!(service, Some("s3" | "s3api"))
        || (service.is_none()
            && (command.starts_with("get-bucket-") || command == "get-public-access-block"));
    if !in_s3 {
        return None;
    }
    let empty = doc.keys().next().is_none();
    let setting = if doc.is("Policy", &[]) {
        embedded(doc, "Policy").map(|r| r.map(BucketSetting::Policy))
    } else if doc.is("PolicyStatus", &[]) {
        member(doc, "PolicyStatus").map(|r| r.map(BucketSetting::PolicyStatus))
    } else if doc.is("Grants", &["Owner"]) {
        Some(doc.whole().map(BucketSetting::Acl))
    } else if doc.is("PublicAccessBlockConfiguration", &[]) {
        member(doc, "PublicAccessBlockConfiguration")
            .map(|r| r.map(BucketSetting::PublicAccessBlock))
    } else if doc.is("ServerSideEncryptionConfiguration", &[]) {
        member(doc, "ServerSideEncryptionConfiguration").map(|r| r.map(BucketSetting::Encryption))
    } else if doc.is("MFADelete", &["Status"])
        || ((doc.is("Status", &[]) || empty) && command.contains("versioning"))
    {
        // `{"Status": ...}` alone is also what get-bucket-accelerate-configuration prints.
        Some(doc.whole().map(BucketSetting::Versioning))
    } else if doc.is("LoggingEnabled", &[]) || (empty && command.contains("logging")) {
        Some(doc.whole().map(BucketSetting::Logging))
    } else if doc.is("LocationConstraint", &[]) {
        Some(doc.whole().map(BucketSetting::Location))
    } else if doc.is("Rules", &["TransitionDefaultMinimumObjectSize"])
        || (empty && command.contains("lifecycle"))
    {
        Some(doc.whole().map(BucketSetting::Lifecycle))
    } else if (!empty
        && doc.keys().all(|k| {
            matches!(
                k,
                "TopicConfigurations"
                    | "QueueConfigurations"
                    | "LambdaFunctionConfigurations"
                    | "EventBridgeConfiguration"
            )
        }))
        || (empty && command.contains("notification"))
    {
        Some(doc.whole().map(BucketSetting::Notification))
    } else {
        None
    }?;
    Some(
        setting
            .map(|setting| Output::Bucket {
                bucket: place.resource.clone(),
                setting,
            })
            .map_err(|e| vec![e]),
    )
}

fn buckets(doc: &Document<'_>) -> Result<Output, Vec<LoadError>> {
    match (doc.member("Owner"), doc.list("Buckets")) {
        (Ok(owner), Ok(buckets)) => Ok(Output::Buckets { owner, buckets }),
        (owner, buckets) => Err(owner
            .err()
            .into_iter()
            .chain(buckets.err().into_iter().flatten())
            .collect()),
    }
}

/// The member `key`, which the caller checked is present.
fn member<T: serde::de::DeserializeOwned>(
    doc: &Document<'_>,
    key: &str,
) -> Option<Result<Resource<T>, LoadError>> {
    doc.member(key).transpose()
}

/// The policy document held as text in the member `key`, which the caller checked is present.
fn embedded<T: serde::de::DeserializeOwned>(
    doc: &Document<'_>,
    key: &str,
) -> Option<Result<Resource<T>, LoadError>> {
    doc.embedded(key).transpose()
}

impl S3 {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::Buckets { owner, buckets } => {
                if self.owner.is_none() {
                    self.owner = owner;
                }
                for listed in buckets {
                    self.add_listed(listed, warnings);
                }
            }
            Output::AccountPublicAccessBlock(block) => set_once(
                &mut self.account_public_access_block,
                block,
                "the account's get-public-access-block",
                warnings,
            ),
            Output::Bucket {
                bucket: None,
                setting,
            } => warnings.push(Warning {
                path: setting.origin().file.to_path_buf(),
                kind: WarningKind::Location,
                message: match setting {
                    BucketSetting::PublicAccessBlock(_) => "get-public-access-block output outside a bucket folder (global/s3/<bucket>/) and outside global/s3control/, so neither its bucket nor whether it is the account's setting is known; skipped".into(),
                    _ => format!(
                        "{} output outside a folder named after its bucket (global/s3/<bucket>/); skipped",
                        setting.command()
                    ),
                },
            }),
            Output::Bucket {
                bucket: Some(name),
                setting,
            } => self.add_setting(name, setting, warnings),
        }
    }

    fn add_listed(&mut self, listed: Resource<ListedBucket>, warnings: &mut Vec<Warning>) {
        let Some(&i) = self.index.get(&listed.name) else {
            self.index.insert(listed.name.clone(), self.buckets.len());
            let mut bucket = Bucket::new(listed.name.clone(), listed.origin.clone());
            bucket.listed = Some(listed);
            self.buckets.push(bucket);
            return;
        };
        let bucket = &mut self.buckets[i];
        if let Some(first) = &bucket.listed {
            warnings.push(duplicate(
                &listed.origin,
                "bucket",
                &bucket.name,
                "list-buckets",
                first,
            ));
            return;
        }
        bucket.origin = listed.origin.clone();
        bucket.listed = Some(listed);
        if let Some(warning) = bucket.dangling.take() {
            retract(warnings, &warning);
        }
    }

    fn add_setting(&mut self, name: String, setting: BucketSetting, warnings: &mut Vec<Warning>) {
        let command = setting.command();
        let i = match self.index.get(&name) {
            Some(&i) => i,
            None => {
                let origin = setting.origin().clone();
                let warning = dangling(&origin, command, "bucket", &name, "list-buckets");
                warnings.push(warning.clone());
                let mut bucket = Bucket::new(name.clone(), origin);
                bucket.dangling = Some(warning);
                self.index.insert(name, self.buckets.len());
                self.buckets.push(bucket);
                self.buckets.len() - 1
            }
        };
        let bucket = &mut self.buckets[i];
        let what = format!("bucket {:?}: {command}", bucket.name);
        match setting {
            BucketSetting::Policy(r) => set_once(&mut bucket.policy, r, &what, warnings),
            BucketSetting::PolicyStatus(r) => {
                set_once(&mut bucket.policy_status, r, &what, warnings)
            }
            BucketSetting::Acl(r) => set_once(&mut bucket.acl, r, &what, warnings),
            BucketSetting::PublicAccessBlock(r) => {
                set_once(&mut bucket.public_access_block, r, &what, warnings)
            }
            BucketSetting::Encryption(r) => set_once(&mut bucket.encryption, r, &what, warnings),
            BucketSetting::Versioning(r) => set_once(&mut bucket.versioning, r, &what, warnings),
            BucketSetting::Logging(r) => set_once(&mut bucket.logging, r, &what, warnings),
            BucketSetting::Location(r) => set_once(&mut bucket.location, r, &what, warnings),
            BucketSetting::Lifecycle(r) => set_once(&mut bucket.lifecycle, r, &what, warnings),
            BucketSetting::Notification(r) => {
                set_once(&mut bucket.notification, r, &what, warnings)
            }
        }
    }

    /// The bucket `name`.
    pub fn bucket(&self, name: &str) -> Option<&Bucket> {
        self.buckets.get(*self.index.get(name)?)
    }

    /// The bucket with ARN `arn` (`arn:aws:s3:::NAME`).
    pub fn bucket_by_arn(&self, arn: &str) -> Option<&Bucket> {
        let mut fields = arn.splitn(6, ':');
        let (Some("arn"), Some(_), Some("s3"), Some(""), Some(""), Some(name)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return None;
        };
        self.bucket(name)
    }

    /// The Block Public Access settings in force for `bucket`: its own combined with the
    /// account's. `None` when the snapshot has neither.
    pub fn effective_public_access_block(
        &self,
        bucket: &Bucket,
    ) -> Option<PublicAccessBlockConfiguration> {
        let own = bucket.public_access_block.as_ref().map(|r| r.data);
        let account = self.account_public_access_block.as_ref().map(|r| r.data);
        match (own, account) {
            (Some(a), Some(b)) => Some(a.combine(&b)),
            (one, other) => one.or(other),
        }
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
            && self.owner.is_none()
            && self.account_public_access_block.is_none()
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for b in &self.buckets {
            let encryption = b.encryption.as_ref().and_then(|e| e.default_encryption());
            out.push(
                scope
                    .item("AWS::S3::Bucket", &b.name, b.origin())
                    .arn(b.arn(scope.partition))
                    .name(Some(&b.name))
                    .attr("region", b.region().map(|r| r.as_str().to_owned()))
                    .attr(
                        "created",
                        b.listed.as_ref().and_then(|l| l.creation_date.clone()),
                    )
                    .attr(
                        "public_access_block",
                        self.effective_public_access_block(b).map(|p| p.summary()),
                    )
                    .attr("has_policy", b.policy.is_some())
                    .attr(
                        "policy_is_public",
                        b.policy_status.as_ref().map(|s| s.is_public),
                    )
                    .attr(
                        "acl_is_public",
                        b.acl.as_ref().map(|a| a.public_grants().next().is_some()),
                    )
                    .attr("encryption", encryption.map(|e| e.sse_algorithm.clone()))
                    .attr(
                        "kms_key",
                        encryption.and_then(|e| e.kms_master_key_id.clone()),
                    )
                    .attr(
                        "versioning",
                        b.versioning.as_ref().map(|v| v.state().to_owned()),
                    )
                    .attr(
                        "mfa_delete",
                        b.versioning.as_ref().and_then(|v| v.mfa_delete.clone()),
                    )
                    .attr("logging", b.logging_enabled())
                    .attr(
                        "log_target",
                        b.logging
                            .as_ref()
                            .and_then(|l| l.logging_enabled.as_ref())
                            .map(|l| l.target_bucket.clone()),
                    ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_constraint_names_the_region() {
        let region = |c: Option<&str>| {
            Location {
                location_constraint: c.map(String::from),
            }
            .region()
            .map(|r| r.as_str().to_owned())
        };
        assert_eq!(region(None).as_deref(), Some("us-east-1"));
        assert_eq!(region(Some("EU")).as_deref(), Some("eu-west-1"));
        assert_eq!(
            region(Some("ap-northeast-1")).as_deref(),
            Some("ap-northeast-1")
        );
    }

    #[test]
    fn public_access_block_combines_account_and_bucket() {
        let bucket = PublicAccessBlockConfiguration {
            block_public_acls: true,
            ..Default::default()
        };
        let account = PublicAccessBlockConfiguration {
            block_public_policy: true,
            ..Default::default()
        };
        assert_eq!(
            bucket.combine(&account).summary(),
            "BlockPublicAcls,BlockPublicPolicy"
        );
        assert_eq!(PublicAccessBlockConfiguration::default().summary(), "none");
    }
}
