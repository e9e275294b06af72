//! S3 bucket ACL grants in `can` and `who-can`.
//!
//! Each case checks a rule of the S3 user guide's ACL overview
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html> ("Mapping of ACL
//! permissions and access policy permissions", "Amazon S3 predefined groups") or of Block
//! Public Access
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
//! (`IgnorePublicAcls`, `RestrictPublicBuckets`).
#![allow(clippy::unwrap_used)]

mod s3_accounts;

use keyaki_iam::{Access, Decision};
use s3_accounts::{ALICE, CAROL, decision, load, who_can, write};

const BUCKET: &str = "arn:aws:s3:::data-bucket";
const OBJECT: &str = "arn:aws:s3:::data-bucket/report.csv";

const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

fn group(uri: &str, permission: &str) -> serde_json::Value {
    serde_json::json!({"Grantee": {"Type": "Group", "URI": uri}, "Permission": permission})
}

fn canonical(id: &str, permission: &str) -> serde_json::Value {
    serde_json::json!({"Grantee": {"Type": "CanonicalUser", "ID": id}, "Permission": permission})
}

/// The two accounts of [`s3_accounts`]; the bucket has the ACL `grants` (and the owner's own
/// FULL_CONTROL), an optional bucket policy and an optional account-level Block Public
/// Access configuration.
fn access(
    name: &str,
    grants: &[serde_json::Value],
    policy: Option<&str>,
    bpa: Option<&str>,
) -> Access {
    let mut all = vec![canonical("owner-canonical-id", "FULL_CONTROL")];
    all.extend(grants.iter().cloned());
    let acl = serde_json::json!({"Owner": {"ID": "owner-canonical-id"}, "Grants": all});
    let mut files = vec![(
        "s3/data-bucket/get-bucket-acl.json".to_owned(),
        acl.to_string(),
    )];
    if let Some(statements) = policy {
        let doc = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
        files.push((
            "s3/data-bucket/get-bucket-policy.json".to_owned(),
            serde_json::json!({ "Policy": doc }).to_string(),
        ));
    }
    if let Some(config) = bpa {
        files.push((
            "s3control/get-public-access-block.json".to_owned(),
            format!(r#"{{"PublicAccessBlockConfiguration": {config}}}"#),
        ));
    }
    load(&write(&format!("bucket-acl-{name}"), files))
}

/// `public-read` (AllUsers READ on the bucket) maps to s3:ListBucket,
/// s3:ListBucketVersions and s3:ListBucketMultipartUploads for everyone, signed in or not;
/// the explanation names the ACL.
#[test]
fn all_users_read_lets_anyone_list() {
    let a = access("all-users-read", &[group(ALL_USERS, "READ")], None, None);
    for action in [
        "s3:ListBucket",
        "s3:ListBucketVersions",
        "s3:ListBucketMultipartUploads",
    ] {
        assert_eq!(
            decision(&a, "anonymous", action, BUCKET),
            Decision::Allow,
            "{action}"
        );
    }
    let e = a
        .can(
            "anonymous",
            "s3:ListBucket",
            BUCKET,
            &keyaki_iam::Context::empty(),
        )
        .unwrap();
    assert_eq!(
        e.explanation.deciding[0].policy.name,
        "bucket ACL of data-bucket"
    );
    assert!(
        who_can(&a, "s3:ListBucket", BUCKET)
            .iter()
            .any(|p| p == "*")
    );
}

/// A bucket ACL's READ does not grant reading objects (that is an object ACL's READ), and
/// WRITE grants s3:PutObject on the bucket's objects but not listing or reading.
#[test]
fn bucket_read_is_not_object_read_and_write_is_put_only() {
    let a = access(
        "read-write",
        &[group(ALL_USERS, "READ"), group(ALL_USERS, "WRITE")],
        None,
        None,
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:GetObject", OBJECT),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:PutObject", OBJECT),
        Decision::Allow
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:DeleteObject", OBJECT),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:PutBucketAcl", BUCKET),
        Decision::ImplicitDeny
    );
}

/// READ_ACP and WRITE_ACP map to s3:GetBucketAcl and s3:PutBucketAcl; FULL_CONTROL is
/// READ, WRITE, READ_ACP and WRITE_ACP together.
#[test]
fn acp_permissions_and_full_control() {
    let a = access("acp", &[group(ALL_USERS, "WRITE_ACP")], None, None);
    assert_eq!(
        decision(&a, "anonymous", "s3:PutBucketAcl", BUCKET),
        Decision::Allow
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:GetBucketAcl", BUCKET),
        Decision::ImplicitDeny
    );
    let a = access("full", &[group(ALL_USERS, "FULL_CONTROL")], None, None);
    for (action, resource) in [
        ("s3:ListBucket", BUCKET),
        ("s3:GetBucketAcl", BUCKET),
        ("s3:PutBucketAcl", BUCKET),
        ("s3:PutObject", OBJECT),
    ] {
        assert_eq!(
            decision(&a, "anonymous", action, resource),
            Decision::Allow,
            "{action}"
        );
    }
    assert_eq!(
        decision(&a, "anonymous", "s3:GetObject", OBJECT),
        Decision::ImplicitDeny
    );
}

/// AuthenticatedUsers is any signed request of any AWS account, not anonymous requests;
/// the partner's user still needs her own identity policy (cross-account access needs both
/// sides), which carol has.
#[test]
fn authenticated_users_excludes_anonymous() {
    let a = access("authenticated", &[group(AUTHENTICATED, "READ")], None, None);
    assert_eq!(
        decision(&a, CAROL, "s3:ListBucket", BUCKET),
        Decision::Allow
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:ListBucket", BUCKET),
        Decision::ImplicitDeny
    );
}

/// A grant to another account's canonical user: who-can names it; the owner's own
/// FULL_CONTROL grant gives the owner's users nothing their IAM policies do not (alice
/// has no S3 permission).
#[test]
fn canonical_user_grants_and_the_owners_own_grant() {
    let a = access(
        "canonical",
        &[canonical("partner-canonical-id", "WRITE")],
        None,
        None,
    );
    let who = who_can(&a, "s3:PutObject", OBJECT);
    assert!(who.iter().any(|p| p == "partner-canonical-id"), "{who:?}");
    assert!(!who.iter().any(|p| p == "*"), "{who:?}");
    assert_eq!(
        decision(&a, ALICE, "s3:ListBucket", BUCKET),
        Decision::ImplicitDeny
    );
}

/// IgnorePublicAcls: S3 ignores the public grants (AllUsers, AuthenticatedUsers).
#[test]
fn ignore_public_acls_sets_public_grants_aside() {
    let config = r#"{"BlockPublicAcls": false, "IgnorePublicAcls": true, "BlockPublicPolicy": false, "RestrictPublicBuckets": false}"#;
    let a = access(
        "ignore",
        &[group(ALL_USERS, "READ"), group(AUTHENTICATED, "WRITE")],
        None,
        Some(config),
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:ListBucket", BUCKET),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decision(&a, CAROL, "s3:PutObject", OBJECT),
        Decision::ImplicitDeny
    );
    assert!(
        !who_can(&a, "s3:ListBucket", BUCKET)
            .iter()
            .any(|p| p == "*")
    );
    // BlockPublicAcls alone changes nothing that exists.
    let config = r#"{"BlockPublicAcls": true, "IgnorePublicAcls": false, "BlockPublicPolicy": false, "RestrictPublicBuckets": false}"#;
    let a = access(
        "block-only",
        &[group(ALL_USERS, "READ")],
        None,
        Some(config),
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:ListBucket", BUCKET),
        Decision::Allow
    );
}

/// An explicit deny in the bucket policy wins over an ACL grant ("ACLs cannot be used to
/// grant access to requesters that are rejected by explicit denials in bucket policies").
#[test]
fn a_bucket_policy_deny_wins_over_an_acl_grant() {
    let deny = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::data-bucket"}"#;
    let a = access("deny", &[group(ALL_USERS, "READ")], Some(deny), None);
    assert_eq!(
        decision(&a, "anonymous", "s3:ListBucket", BUCKET),
        Decision::ExplicitDeny
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:ListBucketVersions", BUCKET),
        Decision::Allow
    );
}

/// what-can finds what a bucket ACL gives a principal of another account: carol (`s3:*`
/// in her own account) reaches the bucket's listing through the AuthenticatedUsers grant;
/// nothing in the ACL gives her the objects to read.
#[test]
fn what_can_includes_acl_grants() {
    let a = access("what-can", &[group(AUTHENTICATED, "READ")], None, None);
    let filter = keyaki_iam::WhatCanFilter {
        service: Some("s3".into()),
        ..Default::default()
    };
    let answer = a.what_can(CAROL, &filter).unwrap();
    let reached: Vec<(String, Vec<String>)> = answer
        .services
        .iter()
        .flat_map(|s| &s.levels)
        .flat_map(|l| &l.actions)
        .map(|x| (x.action.clone(), x.resources.clone()))
        .collect();
    let list = reached.iter().find(|(action, _)| action == "s3:ListBucket");
    assert!(
        list.is_some_and(|(_, r)| r.iter().any(|r| r == BUCKET)),
        "{reached:?}"
    );
    assert!(
        !reached
            .iter()
            .any(|(action, r)| action == "s3:GetObject" && r.iter().any(|r| r.starts_with(BUCKET))),
        "{reached:?}"
    );
}

/// Within the owner's account a resource policy's grant alone allows, and the explanation
/// names the ACL that allowed (alice has no S3 permission of her own).
#[test]
fn same_account_allow_names_the_acl() {
    let a = access("same-account", &[group(ALL_USERS, "READ")], None, None);
    let e = a
        .can(
            ALICE,
            "s3:ListBucket",
            BUCKET,
            &keyaki_iam::Context::empty(),
        )
        .unwrap();
    assert_eq!(e.decision, Decision::Allow);
    assert!(
        e.explanation
            .summary
            .contains("\"bucket ACL of data-bucket\""),
        "{}",
        e.explanation.summary
    );
}
