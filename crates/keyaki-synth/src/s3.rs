//! S3 buckets as `aws s3api list-buckets` and the per-bucket `get-*` commands print them.

use rand::Rng;
use serde::Serialize;

use crate::account::{AccountCtx, Stream};
use crate::ids::{Kind, hex_digits};
use crate::names::{self, BUCKET_PURPOSES, ENVS};
use crate::policies::{self, Scope};
use crate::time::HISTORY;

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Bucket {
    pub(crate) name: String,
    creation_date: String,
    bucket_region: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct Owner {
    #[serde(rename = "DisplayName")]
    display_name: String,
    #[serde(rename = "ID")]
    id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct PublicAccessBlock {
    block_public_acls: bool,
    ignore_public_acls: bool,
    block_public_policy: bool,
    restrict_public_buckets: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Encryption {
    rules: Vec<EncryptionRule>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct EncryptionRule {
    apply_server_side_encryption_by_default: EncryptionDefault,
    bucket_key_enabled: bool,
}

#[derive(Debug, Serialize)]
struct EncryptionDefault {
    #[serde(rename = "SSEAlgorithm")]
    sse_algorithm: &'static str,
    #[serde(rename = "KMSMasterKeyID", skip_serializing_if = "Option::is_none")]
    kms_master_key_id: Option<String>,
}

/// `aws s3api get-bucket-versioning` output (nothing is printed for a never-versioned bucket).
#[derive(Debug, Serialize)]
pub(crate) struct Versioning {
    #[serde(rename = "Status")]
    status: &'static str,
    #[serde(rename = "MFADelete", skip_serializing_if = "Option::is_none")]
    mfa_delete: Option<&'static str>,
}

/// What the per-bucket commands print for one bucket.
#[derive(Debug)]
pub(crate) struct Settings {
    /// The bucket policy as the JSON string that `get-bucket-policy` returns.
    pub(crate) policy: Option<String>,
    pub(crate) public_access_block: Option<PublicAccessBlock>,
    pub(crate) encryption: Option<Encryption>,
    pub(crate) versioning: Option<Versioning>,
}

/// The buckets of one account, sorted by name as S3 lists them.
#[derive(Debug)]
pub(crate) struct S3 {
    pub(crate) buckets: Vec<Bucket>,
    pub(crate) settings: Vec<Settings>,
    pub(crate) owner: Owner,
}

/// Bucket names: unique across the organisation because they embed the account id.
pub(crate) fn names(ctx: &AccountCtx<'_>) -> Vec<(String, &'static str)> {
    let mut rng = ctx.rng(Stream::BucketNames);
    let company = ctx.org.company;
    let account = ctx.id;
    (0..ctx.config.buckets)
        .map(|i| {
            let raw = ctx.ids.raw(Kind::Misc, 1000 + i);
            match i {
                0 => (
                    format!("aws-cloudtrail-logs-{account}-{}", hex_digits(raw, 8)),
                    "logs",
                ),
                1 => (format!("{company}-iac-state-{account}"), "backups"),
                2 => (
                    format!(
                        "cf-templates-{}-{}",
                        hex_digits(raw, 12),
                        ctx.regions[0].name
                    ),
                    "artifacts",
                ),
                _ => {
                    let purpose = names::pick(&mut rng, BUCKET_PURPOSES);
                    let env = names::pick(&mut rng, ENVS);
                    (format!("{company}-{env}-{purpose}-{account}-{i}"), purpose)
                }
            }
        })
        .collect()
}

/// Builds the buckets and their settings.
pub(crate) fn build(ctx: &AccountCtx<'_>, names: &[(String, &'static str)]) -> S3 {
    let mut rng = ctx.rng(Stream::S3);
    let regions: Vec<&'static str> = ctx.regions.iter().map(|r| r.name).collect();
    let peers = ctx.peers();
    let bucket_names: Vec<String> = names.iter().map(|(n, _)| n.clone()).collect();
    let scope = Scope {
        account: ctx.id,
        regions: &regions,
        buckets: &bucket_names,
        peers: &peers,
        vendors: &ctx.org.vendors,
        org_id: ctx.org.id.as_deref(),
        company: ctx.org.company,
    };
    let mut rows: Vec<(Bucket, Settings)> = names
        .iter()
        .map(|(name, purpose)| {
            let region = regions[rng.random_range(0..regions.len())];
            let created = ctx.epoch + rng.random_range(0..HISTORY);
            let policy =
                policies::bucket_policy(&mut rng, name, purpose, &scope).map(|doc| doc.to_string());
            let public_access_block = if rng.random_bool(0.6) {
                let on = rng.random_bool(0.85);
                Some(PublicAccessBlock {
                    block_public_acls: on,
                    ignore_public_acls: on,
                    block_public_policy: on,
                    restrict_public_buckets: on,
                })
            } else {
                None
            };
            let encryption = if rng.random_bool(0.9) {
                let kms = rng.random_bool(0.3);
                Some(Encryption {
                    rules: vec![EncryptionRule {
                        apply_server_side_encryption_by_default: EncryptionDefault {
                            sse_algorithm: if kms { "aws:kms" } else { "AES256" },
                            kms_master_key_id: kms.then(|| {
                                format!(
                                    "arn:aws:kms:{region}:{}:key/{}",
                                    ctx.id,
                                    crate::ids::uuid(rng.random())
                                )
                            }),
                        },
                        bucket_key_enabled: kms,
                    }],
                })
            } else {
                None
            };
            let versioning = match rng.random_range(0..20) {
                0..7 => Some(Versioning {
                    status: "Enabled",
                    mfa_delete: rng.random_bool(0.3).then_some("Disabled"),
                }),
                7 => Some(Versioning {
                    status: "Suspended",
                    mfa_delete: None,
                }),
                _ => None,
            };
            (
                Bucket {
                    name: name.clone(),
                    creation_date: crate::time::iso(created),
                    bucket_region: region,
                },
                Settings {
                    policy,
                    public_access_block,
                    encryption,
                    versioning,
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let (buckets, settings) = rows.into_iter().unzip();
    let canonical: String = (0..4)
        .map(|k| format!("{:016x}", crate::ids::mix(ctx.ids.raw(Kind::Misc, 3) ^ k)))
        .collect();
    S3 {
        buckets,
        settings,
        owner: Owner {
            display_name: ctx.member().email_local(),
            id: canonical,
        },
    }
}
