//! Whether an S3 bucket policy is "public", in S3's own sense, and what S3 Block Public
//! Access does to a public policy.
//!
//! The definition is the one of "The meaning of public" in
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
//! and of `PublicAccessBlockConfiguration` in the S3 API reference
//! (<https://docs.aws.amazon.com/sdkfornet/v3/apidocs/items/S3/TPublicAccessBlockConfiguration.html>).
//! S3 starts from "public" and looks for a reason the policy is not. A policy is public when
//! one of its `Allow` statements grants a "bad action" (`s3:Get*`, `s3:List*`,
//! `s3:AbortMultipartUpload`, `s3:Delete*`, `s3:Put*`, `s3:RestoreObject`: those that could
//! expose the bucket's data to the public) to principals that are not fixed, unless a
//! condition of that statement limits it to fixed values (no wildcard, no policy variable)
//! of one of the listed keys:
//!
//! - a fixed AWS principal, user, role or service principal: in `Principal`, or with
//!   `aws:PrincipalOrgID` (the page's example), `aws:PrincipalAccount` or `aws:PrincipalArn`;
//! - `aws:SourceIp` with `IpAddress` on CIDRs no broader than /8 (IPv4) or /32 (IPv6);
//!   broader IPv4 ranges inside the RFC 1918 private ranges do not count as public;
//! - `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceOwner`,
//!   `aws:SourceAccount`, `s3:x-amz-server-side-encryption-aws-kms-key-id`,
//!   `s3:DataAccessPointAccount`;
//! - `aws:userid`, outside the pattern `AROLEID:*` (a value with a wildcard is not fixed);
//! - `s3:DataAccessPointArn`, whose access point name may hold a wildcard as long as the
//!   partition, region and account are fixed.
//!
//! A condition limits only when it must be met: a positive string or ARN operator
//! (`StringEquals`, `StringEqualsIgnoreCase`, `StringLike`, `ArnEquals`, `ArnLike`, or their
//! `ForAnyValue:` forms), never an `...IfExists` or `ForAllValues:` form (both are true when
//! the key is missing), nor a negated operator. `Deny` statements never make a policy public.
//! `Federated` principals (web identity and SAML providers) are not fixed AWS principals:
//! the page's first example of a public policy grants to `graph.facebook.com`. `NotPrincipal`
//! with `Allow` grants to every principal not listed, so it is not fixed either.

use std::net::{IpAddr, Ipv4Addr};

use serde::Serialize;

use crate::catalog::{Catalog, globs_intersect};
use crate::condition::{BaseOperator, SetOperator, parse_cidr};
use crate::loc::Location;
use crate::policy::{Condition, Effect, Policy, PrincipalType, Statement};

/// The S3 actions that "could expose the data inside a bucket to reads or writes by the
/// public" (lowercased action-name patterns).
const BAD_ACTIONS: [&str; 6] = [
    "get*",
    "list*",
    "abortmultipartupload",
    "delete*",
    "put*",
    "restoreobject",
];

/// Condition keys whose fixed values make a statement non-public (lowercased), besides
/// `aws:SourceIp` and `s3:DataAccessPointArn`, which have their own rules.
const FIXING_KEYS: [&str; 11] = [
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceowner",
    "aws:sourceaccount",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "aws:userid",
    "s3:dataaccesspointaccount",
];

/// Whether a bucket policy is public, in S3's sense.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "statements", rename_all = "snake_case")]
pub enum PublicStatus {
    /// No statement makes the policy public.
    NotPublic,
    /// Public because of these statements (at least one).
    Public(Vec<PublicStatement>),
}

impl PublicStatus {
    /// Whether the policy is public.
    pub fn is_public(&self) -> bool {
        matches!(self, PublicStatus::Public(_))
    }

    /// The statements that make the policy public (empty when it is not).
    pub fn statements(&self) -> &[PublicStatement] {
        match self {
            PublicStatus::NotPublic => &[],
            PublicStatus::Public(s) => s,
        }
    }
}

/// A statement that makes a bucket policy public, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicStatement {
    /// Its position in the `Statement` array.
    pub index: usize,
    /// Its Sid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The Sid, or `#index`.
    pub label: String,
    /// Why it is public, in words.
    pub reason: String,
    /// Where it is written.
    pub location: Location,
}

/// Where an S3 Block Public Access setting is on. S3 applies the most restrictive
/// combination of the account's and the bucket's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SettingLevel {
    /// The account's setting (`s3control get-public-access-block`).
    Account,
    /// The bucket's own setting (`s3api get-public-access-block`).
    Bucket,
    /// Both.
    AccountAndBucket,
}

impl SettingLevel {
    /// The level from whether the account's and the bucket's setting is on; `None` when
    /// neither is.
    pub fn of(account: bool, bucket: bool) -> Option<SettingLevel> {
        match (account, bucket) {
            (true, true) => Some(SettingLevel::AccountAndBucket),
            (true, false) => Some(SettingLevel::Account),
            (false, true) => Some(SettingLevel::Bucket),
            (false, false) => None,
        }
    }

    /// `account-level`, `bucket-level` or `account-level and bucket-level`.
    pub fn as_str(self) -> &'static str {
        match self {
            SettingLevel::Account => "account-level",
            SettingLevel::Bucket => "bucket-level",
            SettingLevel::AccountAndBucket => "account-level and bucket-level",
        }
    }
}

/// `RestrictPublicBuckets` in force on a bucket whose policy is public: only AWS service
/// principals and principals of the bucket owner's account are allowed through that policy;
/// the access it grants to other accounts and to anonymous requests is blocked, even the
/// access it grants to named accounts
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicRestriction {
    /// Where `RestrictPublicBuckets` is on.
    pub level: SettingLevel,
    /// The bucket owner's account.
    pub account: String,
    /// The statements that make the bucket policy public (at least one).
    pub statements: Vec<PublicStatement>,
}

impl PublicRestriction {
    /// The restriction on a bucket of `account` with `policy`, when `RestrictPublicBuckets`
    /// is on at `level` and the policy is public; `None` otherwise.
    pub fn of(
        level: Option<SettingLevel>,
        account: &str,
        policy: &Policy,
    ) -> Option<PublicRestriction> {
        let level = level?;
        match is_public_policy(policy) {
            PublicStatus::NotPublic => None,
            PublicStatus::Public(statements) => Some(PublicRestriction {
                level,
                account: account.to_owned(),
                statements,
            }),
        }
    }

    /// `RestrictPublicBuckets is on (account-level) and the bucket policy is public because
    /// statement ... `, for explanations.
    pub fn reason(&self) -> String {
        let because: Vec<String> = self
            .statements
            .iter()
            .map(|s| format!("statement {}: {}", s.label, s.reason))
            .collect();
        format!(
            "RestrictPublicBuckets is on ({}) and the bucket policy is public because {}",
            self.level.as_str(),
            because.join("; and ")
        )
    }
}

/// Whether `policy`, used as an S3 bucket policy, is public in S3's sense (see the module
/// documentation), with each statement that makes it so.
pub fn is_public_policy(policy: &Policy) -> PublicStatus {
    let statements: Vec<PublicStatement> = policy
        .statements()
        .iter()
        .filter_map(|stmt| {
            public_reason(stmt).map(|reason| PublicStatement {
                index: stmt.index,
                sid: stmt.sid.as_ref().map(|s| s.value.as_str().to_owned()),
                label: stmt.label(),
                reason,
                location: policy.source().locate(stmt.loc, &stmt.path()),
            })
        })
        .collect();
    if statements.is_empty() {
        PublicStatus::NotPublic
    } else {
        PublicStatus::Public(statements)
    }
}

/// Why `stmt` makes its policy public; `None` when it does not.
fn public_reason(stmt: &Statement) -> Option<String> {
    if stmt.effect.value != Effect::Allow {
        return None;
    }
    let bad = bad_actions(stmt)?;
    let whom = unfixed_principal(stmt)?;
    if stmt.conditions.iter().any(limits_to_fixed_values) {
        return None;
    }
    let near: Vec<String> = stmt.conditions.iter().filter_map(near_miss).collect();
    let reason = if near.is_empty() {
        format!(
            "it allows {bad} to {whom}, and no condition limits it to fixed values (a fixed source, VPC endpoint, account, organization or principal, or aws:SourceIp ranges no broader than /8)"
        )
    } else {
        format!(
            "it allows {bad} to {whom}, and no condition limits it to fixed values: {}",
            near.join("; ")
        )
    };
    Some(reason)
}

/// The bad actions the statement grants, in words; `None` when it grants none.
fn bad_actions(stmt: &Statement) -> Option<String> {
    if stmt.action.negated {
        let catalog = Catalog::global();
        let s3 = catalog.service("s3")?;
        let granted: Vec<&str> = s3
            .actions
            .iter()
            .filter(|a| {
                let lower = a.name.to_ascii_lowercase();
                is_bad(&lower) && stmt.matches_action("s3", &lower)
            })
            .map(|a| a.name.as_str())
            .collect();
        return match granted.as_slice() {
            [] => None,
            [one] => Some(format!("s3:{one} (NotAction)")),
            [first, ..] => Some(format!(
                "s3:{first} and {} other bad actions (NotAction)",
                granted.len() - 1
            )),
        };
    }
    let granted: Vec<&str> = stmt
        .action
        .items
        .iter()
        .filter(|item| match item.value.service() {
            None => true,
            Some("s3") => {
                let name = item
                    .value
                    .text
                    .split_once(':')
                    .map_or("", |(_, n)| n)
                    .to_ascii_lowercase();
                BAD_ACTIONS
                    .iter()
                    .any(|b| globs_intersect(name.as_bytes(), b.as_bytes()))
            }
            Some(_) => false,
        })
        .map(|item| item.value.text.as_str())
        .collect();
    (!granted.is_empty()).then(|| granted.join(", "))
}

/// Whether a lowercased S3 action name is a bad action.
fn is_bad(name: &str) -> bool {
    BAD_ACTIONS.iter().any(|b| match b.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *b,
    })
}

/// Whom the statement grants to, in words, when that is not a set of fixed principals.
fn unfixed_principal(stmt: &Statement) -> Option<String> {
    let el = stmt.principal.as_ref()?;
    if el.negated {
        return Some("every principal not named in NotPrincipal".into());
    }
    if el.any {
        return Some("everyone (\"Principal\": \"*\")".into());
    }
    el.items.iter().find_map(|item| {
        let v = &item.value.value;
        match item.kind {
            PrincipalType::Federated => Some(format!(
                "the users of the identity provider {v:?} (\"Federated\")"
            )),
            _ if v == "*" => Some(format!(
                "everyone (\"Principal\": {{\"{}\": \"*\"}})",
                item.kind.as_str()
            )),
            _ if !is_fixed(v) => Some(format!(
                "the principals matching {v:?}, which is not a fixed value"
            )),
            _ => None,
        }
    })
}

/// A value with no wildcard and no policy variable.
fn is_fixed(value: &str) -> bool {
    !value.contains(['*', '?']) && !value.contains("${")
}

/// Whether a condition must be met and holds the request to fixed values of a listed key.
fn limits_to_fixed_values(c: &Condition) -> bool {
    let op = c.operator.value;
    if op.if_exists || op.set == Some(SetOperator::ForAllValues) {
        return false;
    }
    let key = c.key.value.to_ascii_lowercase();
    if key == "aws:sourceip" {
        return op.base == BaseOperator::IpAddress
            && c.values.iter().all(|v| narrow_cidr(&v.value));
    }
    let positive = matches!(
        op.base,
        BaseOperator::StringEquals
            | BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringLike
            | BaseOperator::ArnEquals
            | BaseOperator::ArnLike
    );
    if !positive {
        return false;
    }
    if key == "s3:dataaccesspointarn" {
        return c.values.iter().all(|v| fixed_access_point_arn(&v.value));
    }
    FIXING_KEYS.contains(&key.as_str()) && c.values.iter().all(|v| is_fixed(&v.value))
}

/// Why a condition on a listed key does not limit the statement; `None` for other keys.
fn near_miss(c: &Condition) -> Option<String> {
    let key = c.key.value.to_ascii_lowercase();
    let listed = key == "aws:sourceip"
        || key == "s3:dataaccesspointarn"
        || FIXING_KEYS.contains(&key.as_str());
    if !listed || limits_to_fixed_values(c) {
        return None;
    }
    let op = c.operator.value;
    let operator = c.operator.value.to_string();
    if op.if_exists || op.set == Some(SetOperator::ForAllValues) {
        return Some(format!(
            "{operator} on {} is true when the key is missing",
            c.key.value
        ));
    }
    if key == "aws:sourceip" {
        if op.base != BaseOperator::IpAddress {
            return Some(format!(
                "{operator} on aws:SourceIp does not limit the request to a set of CIDRs"
            ));
        }
        let wide: Vec<&str> = c
            .values
            .iter()
            .filter(|v| !narrow_cidr(&v.value))
            .map(|v| v.value.as_str())
            .collect();
        return Some(format!(
            "aws:SourceIp {} is broader than /8 for IPv4 or /32 for IPv6",
            wide.join(", ")
        ));
    }
    let loose: Vec<&str> = c
        .values
        .iter()
        .filter(|v| !is_fixed(&v.value))
        .map(|v| v.value.as_str())
        .collect();
    if loose.is_empty() {
        return Some(format!(
            "{operator} on {} does not require a fixed value",
            c.key.value
        ));
    }
    Some(format!(
        "{} {} is not a fixed value",
        c.key.value,
        loose.join(", ")
    ))
}

/// A CIDR no broader than /8 (IPv4) or /32 (IPv6), or an IPv4 range inside an RFC 1918
/// private range.
fn narrow_cidr(text: &str) -> bool {
    let Some((ip, prefix)) = parse_cidr(text) else {
        return false;
    };
    match ip {
        IpAddr::V4(v4) => prefix >= 8 || in_rfc1918(v4, prefix),
        IpAddr::V6(_) => prefix >= 32,
    }
}

/// Whether `net/prefix` lies inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.
fn in_rfc1918(net: Ipv4Addr, prefix: u8) -> bool {
    const PRIVATE: [(Ipv4Addr, u8); 3] = [
        (Ipv4Addr::new(10, 0, 0, 0), 8),
        (Ipv4Addr::new(172, 16, 0, 0), 12),
        (Ipv4Addr::new(192, 168, 0, 0), 16),
    ];
    PRIVATE.iter().any(|(p, len)| {
        let mask = u32::MAX << (32 - u32::from(*len));
        prefix >= *len && u32::from(net) & mask == u32::from(*p)
    })
}

/// An access point ARN whose partition, service, region and account are fixed; the access
/// point name may hold wildcards.
fn fixed_access_point_arn(text: &str) -> bool {
    if text.contains("${") {
        return false;
    }
    let f: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = f.as_slice() else {
        return false;
    };
    *arn == "arn"
        && [partition, service, region, account]
            .iter()
            .all(|s| is_fixed(s) && !s.is_empty())
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && resource.starts_with("accesspoint/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_widths() {
        assert!(narrow_cidr("203.0.113.0/24"));
        assert!(narrow_cidr("11.0.0.0/8"));
        assert!(!narrow_cidr("0.0.0.0/1"));
        assert!(!narrow_cidr("0.0.0.0/0"));
        assert!(narrow_cidr("2001:db8::/32"));
        assert!(!narrow_cidr("2001::/16"));
        assert!(!narrow_cidr("not an ip"));
        assert!(narrow_cidr("198.51.100.7"));
    }

    #[test]
    fn bad_action_names() {
        for a in [
            "getobject",
            "listbucket",
            "putobject",
            "deleteobject",
            "abortmultipartupload",
            "restoreobject",
        ] {
            assert!(is_bad(a), "{a}");
        }
        for a in ["replicateobject", "bypassgovernanceretention", "createjob"] {
            assert!(!is_bad(a), "{a}");
        }
    }

    #[test]
    fn access_point_arns() {
        assert!(fixed_access_point_arn(
            "arn:aws:s3:us-west-2:123456789012:accesspoint/*"
        ));
        assert!(!fixed_access_point_arn(
            "arn:aws:s3:us-west-2:*:accesspoint/*"
        ));
        assert!(!fixed_access_point_arn(
            "arn:aws:s3:*:123456789012:accesspoint/x"
        ));
    }
}
