//! S3 bucket ACLs as the evaluator sees them: each grant to someone other than the bucket
//! owner becomes an `Allow` statement of a resource-based policy, with the actions that S3
//! maps the ACL permission to
//! (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#acl-access-policy-permission-mapping>).
//!
//! - `READ` on a bucket: `s3:ListBucket`, `s3:ListBucketVersions`,
//!   `s3:ListBucketMultipartUploads`; `WRITE`: `s3:PutObject` (objects of the bucket);
//!   `READ_ACP`: `s3:GetBucketAcl`; `WRITE_ACP`: `s3:PutBucketAcl`; `FULL_CONTROL`: all four.
//!   A bucket ACL never grants `s3:GetObject` (that is an object ACL's `READ`).
//! - Grants to the owner's own canonical user are left out: they give the owning account
//!   nothing its identity policies do not already decide (an account's grant is delegated to
//!   its users and roles through their IAM policies, as a resource policy naming the account).
//! - The `AllUsers` group is everyone, signed in or not (`"Principal": "*"`); the
//!   `AuthenticatedUsers` group is any signed request of any AWS account (`"*"` with the
//!   request's principal account present); `LogDelivery` is S3 server access logging
//!   (`logging.s3.amazonaws.com`); another account's canonical user is a `CanonicalUser`
//!   principal (its account id cannot be known from a snapshot).
//! - `IgnorePublicAcls` (the account's or the bucket's) makes S3 "ignore all public ACLs"
//!   (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>):
//!   the grants to `AllUsers` and `AuthenticatedUsers` are left out. The grants of such an ACL
//!   to named accounts are kept: the page does not say that they stop working, and keyaki
//!   would rather show access that may exist than hide it.
//! - A bucket whose ACL grants anyone outside the owning account cannot have ACLs disabled
//!   (S3 refuses the bucket owner enforced Object Ownership setting with such an ACL,
//!   <https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-migrating-acls-prerequisites.html>),
//!   so every grant this module turns into a statement is in force.

use keyaki_snapshot::services::s3::{ALL_USERS, AUTHENTICATED_USERS, Acl, Grant};
use serde_json::{Value, json};

/// The S3 server access logging group.
const LOG_DELIVERY: &str = "http://acs.amazonaws.com/groups/s3/LogDelivery";

/// The bucket-level actions and object-level actions an ACL permission allows.
fn actions(permission: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    const READ: &[&str] = &[
        "s3:ListBucket",
        "s3:ListBucketVersions",
        "s3:ListBucketMultipartUploads",
    ];
    const WRITE: &[&str] = &["s3:PutObject"];
    const FULL_BUCKET: &[&str] = &[
        "s3:ListBucket",
        "s3:ListBucketVersions",
        "s3:ListBucketMultipartUploads",
        "s3:GetBucketAcl",
        "s3:PutBucketAcl",
    ];
    match permission {
        "READ" => Some((READ, &[])),
        "WRITE" => Some((&[], WRITE)),
        "READ_ACP" => Some((&["s3:GetBucketAcl"], &[])),
        "WRITE_ACP" => Some((&["s3:PutBucketAcl"], &[])),
        "FULL_CONTROL" => Some((FULL_BUCKET, WRITE)),
        _ => None,
    }
}

/// A grant's statement `Principal`, and its `Condition` if it needs one.
type Grantee = (Value, Option<Value>);

/// Whom a grant's statement names; `None` for the owner's own grant. `Err` for a grantee
/// that cannot be expressed (an email grantee, an unknown group).
fn principal(grant: &Grant, owner: Option<&str>) -> Result<Option<Grantee>, String> {
    let g = &grant.grantee;
    match (g.kind.as_str(), g.uri.as_deref(), g.id.as_deref()) {
        ("Group", Some(ALL_USERS), _) => Ok(Some((json!("*"), None))),
        ("Group", Some(AUTHENTICATED_USERS), _) => Ok(Some((
            json!("*"),
            Some(json!({"Null": {"aws:PrincipalAccount": "false"}})),
        ))),
        ("Group", Some(LOG_DELIVERY), _) => {
            Ok(Some((json!({"Service": "logging.s3.amazonaws.com"}), None)))
        }
        ("CanonicalUser", _, Some(id)) if Some(id) == owner => Ok(None),
        ("CanonicalUser", _, Some(id)) => Ok(Some((json!({"CanonicalUser": id}), None))),
        (kind, uri, _) => Err(format!(
            "the grant of {} to a {kind} grantee{} is not evaluated (no IAM principal names it)",
            grant.permission,
            uri.map(|u| format!(" ({u})")).unwrap_or_default()
        )),
    }
}

/// The resource-based policy equivalent to the bucket ACL's grants, as JSON text; `None`
/// when no grant is left (only the owner's, or the public ones when `ignore_public_acls`).
/// Grants that cannot be expressed are named in `warnings`.
pub(crate) fn acl_policy(
    bucket_arn: &str,
    acl: &Acl,
    ignore_public_acls: bool,
    warnings: &mut Vec<String>,
) -> Option<String> {
    let owner = acl.owner.as_ref().and_then(|o| o.id.as_deref());
    let mut statements = Vec::new();
    for (i, grant) in acl.grants.iter().enumerate() {
        let public = matches!(
            grant.grantee.uri.as_deref(),
            Some(ALL_USERS | AUTHENTICATED_USERS)
        );
        if public && ignore_public_acls {
            continue;
        }
        let Some((on_bucket, on_objects)) = actions(&grant.permission) else {
            warnings.push(format!(
                "bucket ACL of {bucket_arn}: unknown permission {:?} in grant {i}",
                grant.permission
            ));
            continue;
        };
        let (principal, condition) = match principal(grant, owner) {
            Ok(Some(p)) => p,
            Ok(None) => continue,
            Err(e) => {
                warnings.push(format!("bucket ACL of {bucket_arn}: {e}"));
                continue;
            }
        };
        let mut add = |suffix: &str, resource: String, list: &[&str]| {
            if list.is_empty() {
                return;
            }
            let mut s = json!({
                "Sid": format!("Grant{i}{}{suffix}", grant.permission.replace('_', "")),
                "Effect": "Allow",
                "Principal": principal,
                "Action": list,
                "Resource": resource,
            });
            if let Some(c) = &condition {
                s["Condition"] = c.clone();
            }
            statements.push(s);
        };
        add("Bucket", bucket_arn.to_owned(), on_bucket);
        add("Objects", format!("{bucket_arn}/*"), on_objects);
    }
    if statements.is_empty() {
        return None;
    }
    let doc = json!({"Version": "2012-10-17", "Statement": statements});
    serde_json::to_string_pretty(&doc).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acl(grants: Value) -> Acl {
        serde_json::from_value(json!({"Owner": {"ID": "owner-id"}, "Grants": grants})).unwrap()
    }

    #[test]
    fn owner_grants_give_no_statement() {
        let a = acl(json!([
            {"Grantee": {"Type": "CanonicalUser", "ID": "owner-id"}, "Permission": "FULL_CONTROL"}
        ]));
        assert_eq!(
            acl_policy("arn:aws:s3:::b", &a, false, &mut Vec::new()),
            None
        );
    }

    #[test]
    fn public_grants_are_ignored_under_ignore_public_acls() {
        let a = acl(json!([
            {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"},
            {"Grantee": {"Type": "Group", "URI": AUTHENTICATED_USERS}, "Permission": "WRITE"}
        ]));
        assert!(acl_policy("arn:aws:s3:::b", &a, false, &mut Vec::new()).is_some());
        assert_eq!(
            acl_policy("arn:aws:s3:::b", &a, true, &mut Vec::new()),
            None
        );
    }

    #[test]
    fn email_grantees_are_named_not_dropped() {
        let a = acl(json!([
            {"Grantee": {"Type": "AmazonCustomerByEmail", "EmailAddress": "x@example.com"}, "Permission": "READ"}
        ]));
        let mut warnings = Vec::new();
        assert_eq!(acl_policy("arn:aws:s3:::b", &a, false, &mut warnings), None);
        assert!(
            warnings[0].contains("AmazonCustomerByEmail"),
            "{warnings:?}"
        );
    }
}
