//! The rule catalog, one module per area, and the helpers rules share.

use keyaki_core::{AccountId, Region};
use keyaki_snapshot::{Account, RegionData, Timestamp};
use serde_json::{Value, json};

use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

mod buckets;
mod cis_extra;
mod data;
mod ec2;
mod elb;
mod fields;
mod guardduty;
mod iam;
mod keys;
mod lambda;
mod logging;
mod messaging;
mod monitoring;
mod rds;
mod s3;
mod secrets;
mod vpc;

/// Every rule, grouped by area, in a stable order.
pub(crate) fn rules() -> impl Iterator<Item = &'static Rule> {
    iam::RULES
        .iter()
        .chain(logging::RULES)
        .chain(monitoring::RULES)
        .chain(s3::RULES)
        .chain(ec2::RULES)
        .chain(data::RULES)
        .chain(rds::RULES)
        .chain(elb::RULES)
        .chain(vpc::RULES)
        .chain(keys::RULES)
        .chain(lambda::RULES)
        .chain(secrets::RULES)
        .chain(messaging::RULES)
        .chain(guardduty::RULES)
        .chain(buckets::RULES)
        .chain(cis_extra::RULES)
}

/// The resource name of account-wide and Region-wide settings, as AWS Security Hub
/// writes it.
pub(crate) fn account_resource(account: &Account) -> String {
    format!("AWS::::Account:{}", account_label(account))
}

/// The account id, or the folder label when the snapshot does not say the id.
pub(crate) fn account_label(account: &Account) -> &str {
    account
        .id
        .as_ref()
        .map(AccountId::as_str)
        .unwrap_or(&account.label)
}

/// The root user's ARN.
pub(crate) fn root_arn(account: &Account) -> String {
    format!(
        "arn:{}:iam::{}:root",
        account.partition(),
        account_label(account)
    )
}

/// An evaluation of a global resource of `account`.
pub(crate) fn global(
    account: &Account,
    resource: impl Into<String>,
    status: Status,
    evidence: Value,
) -> Evaluation {
    let resource = resource.into();
    Evaluation {
        vars: vec![
            ("account", account_label(account).to_owned()),
            ("resource", resource.clone()),
        ],
        resource,
        account: account.id.clone(),
        region: None,
        status,
        evidence,
    }
}

/// An evaluation of a resource in `region`.
pub(crate) fn regional(
    account: &Account,
    region: &RegionData,
    resource: impl Into<String>,
    status: Status,
    evidence: Value,
) -> Evaluation {
    let mut e = global(account, resource, status, evidence);
    e.region = region.region.clone();
    e.vars.push(("region", region_name(region).to_owned()));
    e
}

/// The Region code, or `unknown-region`.
pub(crate) fn region_name(region: &RegionData) -> &str {
    region
        .region
        .as_ref()
        .map(Region::as_str)
        .unwrap_or("unknown-region")
}

/// An `unknown` evaluation: the snapshot lacks `missing` (an AWS CLI command).
pub(crate) fn missing(account: &Account, resource: impl Into<String>, missing: &str) -> Evaluation {
    global(
        account,
        resource,
        Status::Unknown,
        json!({"missing": missing}),
    )
}

/// Pass when `ok`, else fail.
pub(crate) fn status(ok: bool) -> Status {
    if ok { Status::Pass } else { Status::Fail }
}

/// Whole days from `ts` to `now`.
pub(crate) fn age_days(ts: &Timestamp, now: i64) -> i64 {
    (now - ts.unix_seconds()).div_euclid(86_400)
}

/// Parses an AWS timestamp string; `None` when it is not one.
pub(crate) fn parse_time(text: &str) -> Option<Timestamp> {
    Timestamp::parse(text).ok()
}

/// The regions of every account that hold any data, with their account.
pub(crate) fn regions<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = (&'a Account, &'a RegionData)> {
    cx.snapshot
        .accounts()
        .iter()
        .flat_map(|a| a.regions.iter().map(move |r| (a, r)))
}

/// Whether the snapshot has any file of a regional service in the region: used to tell a
/// Region that was collected from one that merely appears.
pub(crate) fn region_collected(region: &RegionData) -> bool {
    !region.ec2.is_empty()
        || !region.cloudtrail.is_empty()
        || !region.config.is_empty()
        || !region.guardduty.is_empty()
        || !region.securityhub.is_empty()
}

/// Does the snapshot collect IAM for this account.
pub(crate) fn has_iam(account: &Account) -> bool {
    !account.iam.is_empty()
}
