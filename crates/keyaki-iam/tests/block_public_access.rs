//! S3 Block Public Access: the meaning of a "public" bucket policy, and
//! `RestrictPublicBuckets` in `can`, `who-can` and `what-can`.
//!
//! Every case checks a rule of
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
//! ("The meaning of public", "Block public access settings") or of the
//! `PublicAccessBlockConfiguration` API reference
//! <https://docs.aws.amazon.com/sdkfornet/v3/apidocs/items/S3/TPublicAccessBlockConfiguration.html>
//! ("bad actions").
#![allow(clippy::unwrap_used)]

mod s3_accounts;

use keyaki_iam::{
    Access, Context, Decision, Origin, Policy, PolicyKind, PublicStatus, is_public_policy,
};
use s3_accounts::{ALICE, CAROL, OTHER, decision, load, who_can, write};

fn policy(statements: &str) -> Policy {
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    Policy::parse(&text, PolicyKind::Resource, Origin::inline("$")).unwrap()
}

/// One statement granting `action` to `principal` on the bucket, with `condition`.
fn one(principal: &str, action: &str, condition: Option<&str>) -> PublicStatus {
    let condition = condition.map_or(String::new(), |c| format!(r#", "Condition": {c}"#));
    is_public_policy(&policy(&format!(
        r#"{{"Sid": "S", "Effect": "Allow", "Principal": {principal}, "Action": "{action}",
             "Resource": "arn:aws:s3:::b/*"{condition}}}"#
    )))
}

fn public(principal: &str, action: &str, condition: Option<&str>) -> bool {
    one(principal, action, condition).is_public()
}

// ---- The meaning of "public": principals ----------------------------------------------

/// The page's examples: `"Principal": "*"` with `s3:PutObject` and no condition is public.
#[test]
fn everyone_without_condition_is_public() {
    let status = one(r#""*""#, "s3:PutObject", None);
    assert!(status.is_public());
    let s = &status.statements()[0];
    assert_eq!(s.label, "S");
    assert!(s.reason.contains("everyone"), "{}", s.reason);
    assert_eq!(s.location.json_path, "$.Statement[0]");
    assert!(public(r#"{"AWS": "*"}"#, "s3:GetObject", None));
}

/// The page's first example: a `Federated` principal (graph.facebook.com) is public.
#[test]
fn federated_principal_is_public() {
    assert!(public(
        r#"{"Federated": "graph.facebook.com"}"#,
        "s3:PutObject",
        None
    ));
}

/// "A fixed AWS principal, user, role, or service principal" is not public.
#[test]
fn fixed_principals_are_not_public() {
    for p in [
        r#"{"AWS": "arn:aws:iam::444455556666:root"}"#,
        r#"{"AWS": "444455556666"}"#,
        r#"{"AWS": ["arn:aws:iam::444455556666:user/carol", "arn:aws:iam::444455556666:role/r"]}"#,
        r#"{"Service": "cloudtrail.amazonaws.com"}"#,
    ] {
        assert!(!public(p, "s3:GetObject", None), "{p}");
    }
}

/// Fixed values are "values that don't contain a wildcard": a principal ARN with one is
/// not fixed.
#[test]
fn principal_with_a_wildcard_is_public() {
    assert!(public(
        r#"{"AWS": "arn:aws:iam::*:root"}"#,
        "s3:GetObject",
        None
    ));
}

/// `NotPrincipal` with `Allow` grants to everyone not listed: not a fixed principal.
#[test]
fn allow_not_principal_is_public() {
    let status = is_public_policy(&policy(
        r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ));
    assert!(status.is_public());
}

/// S3 evaluates what a policy grants: a `Deny` never makes it public.
#[test]
fn deny_statements_are_not_public() {
    let status = is_public_policy(&policy(
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#,
    ));
    assert_eq!(status, PublicStatus::NotPublic);
}

// ---- The meaning of "public": condition keys with fixed values ---------------------------

/// Each listed key with a fixed value makes `"Principal": "*"` non-public; the same key with
/// a wildcard (or a policy variable) does not.
#[test]
fn each_listed_key_with_a_fixed_value_is_not_public() {
    let cases = [
        (
            "aws:SourceArn",
            "arn:aws:cloudfront::111122223333:distribution/E1",
            "arn:aws:cloudfront::111122223333:distribution/*",
        ),
        ("aws:SourceVpc", "vpc-91237329", "vpc-*"),
        ("aws:SourceVpce", "vpce-1a2b3c4d", "vpce-*"),
        ("aws:SourceOwner", "111122223333", "1111*"),
        ("aws:SourceAccount", "111122223333", "*"),
        (
            "s3:x-amz-server-side-encryption-aws-kms-key-id",
            "arn:aws:kms:us-east-1:111122223333:key/k1",
            "arn:aws:kms:us-east-1:111122223333:key/*",
        ),
        ("aws:userid", "AIDAEXAMPLEUSERID", "AROAEXAMPLEROLEID:*"),
        ("aws:PrincipalOrgID", "o-a1b2c3d4e5", "o-*"),
        ("s3:DataAccessPointAccount", "111122223333", "11112222333?"),
        (
            "aws:SourceAccount",
            "111122223333",
            "${aws:PrincipalAccount}",
        ),
    ];
    for (key, fixed, loose) in cases {
        for op in ["StringEquals", "StringLike"] {
            let c = format!(r#"{{"{op}": {{"{key}": "{fixed}"}}}}"#);
            assert!(!public(r#""*""#, "s3:GetObject", Some(&c)), "{c}");
        }
        let c = format!(r#"{{"StringLike": {{"{key}": "{loose}"}}}}"#);
        let status = one(r#""*""#, "s3:GetObject", Some(&c));
        assert!(status.is_public(), "{c}");
        assert!(
            status.statements()[0]
                .reason
                .contains("is not a fixed value"),
            "{c}: {}",
            status.statements()[0].reason
        );
    }
}

/// The page's last example: `StringLike aws:SourceVpc vpc-*` is public; `StringEquals
/// aws:SourceVpc vpc-91237329` is not.
#[test]
fn the_pages_source_vpc_example() {
    assert!(public(
        r#""*""#,
        "s3:PutObject",
        Some(r#"{"StringLike": {"aws:SourceVpc": "vpc-*"}}"#)
    ));
    assert!(!public(
        r#""*""#,
        "s3:PutObject",
        Some(r#"{"StringEquals": {"aws:SourceVpc": "vpc-91237329"}}"#)
    ));
}

/// A condition that need not be met does not limit: `...IfExists`, `ForAllValues:`, and
/// negated operators are true when the key is missing or does not match.
#[test]
fn conditions_that_need_not_hold_do_not_limit() {
    for c in [
        r#"{"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
        r#"{"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
        r#"{"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
        r#"{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
        r#"{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}"#,
    ] {
        assert!(public(r#""*""#, "s3:GetObject", Some(c)), "{c}");
    }
}

/// `s3:DataAccessPointArn` may hold a wildcard in the access point name "as long as the
/// account id is fixed".
#[test]
fn data_access_point_arn_with_a_fixed_account() {
    assert!(!public(
        r#""*""#,
        "s3:GetObject",
        Some(
            r#"{"StringLike": {"s3:DataAccessPointArn": "arn:aws:s3:us-west-2:123456789012:accesspoint/*"}}"#
        )
    ));
    assert!(public(
        r#""*""#,
        "s3:GetObject",
        Some(
            r#"{"StringLike": {"s3:DataAccessPointArn": "arn:aws:s3:us-west-2:*:accesspoint/*"}}"#
        )
    ));
}

// ---- The meaning of "public": aws:SourceIp --------------------------------------------

/// "A set of CIDRs, using aws:SourceIp" is not public; "values broader than /8 for IPv4 and
/// /32 for IPv6" are.
#[test]
fn source_ip_narrow_and_wide() {
    let ip = |v: &str| format!(r#"{{"IpAddress": {{"aws:SourceIp": {v}}}}}"#);
    for narrow in [
        r#""203.0.113.0/24""#,
        r#"["198.51.100.7", "203.0.113.0/24"]"#,
        r#""11.0.0.0/8""#,
        r#""2001:db8::/32""#,
        r#""2001:db8::/64""#,
    ] {
        assert!(
            !public(r#""*""#, "s3:GetObject", Some(&ip(narrow))),
            "{narrow}"
        );
    }
    for wide in [
        r#""0.0.0.0/1""#,
        r#""0.0.0.0/0""#,
        r#""8.0.0.0/7""#,
        r#"["203.0.113.0/24", "0.0.0.0/1"]"#,
        r#""2001::/16""#,
        r#""::/0""#,
    ] {
        let status = one(r#""*""#, "s3:GetObject", Some(&ip(wide)));
        assert!(status.is_public(), "{wide}");
        assert!(
            status.statements()[0].reason.contains("broader than /8"),
            "{}",
            status.statements()[0].reason
        );
    }
}

// ---- Bad actions ----------------------------------------------------------------------

/// "Bad actions" (`s3:Get*`, `s3:List*`, `s3:AbortMultipartUpload`, `s3:Delete*`, `s3:Put*`,
/// `s3:RestoreObject`) granted to everyone make a policy public; other actions do not.
#[test]
fn bad_and_other_actions() {
    for bad in [
        "s3:GetObject",
        "s3:GetObjectAcl",
        "s3:ListBucket",
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
        "s3:PutObject",
        "s3:RestoreObject",
        "s3:*",
        "s3:*Object",
        "*",
    ] {
        assert!(public(r#""*""#, bad, None), "{bad}");
    }
    for other in [
        "s3:ReplicateObject",
        "s3:BypassGovernanceRetention",
        "s3:ObjectOwnerOverrideToBucketOwner",
        "sqs:SendMessage",
    ] {
        assert!(!public(r#""*""#, other, None), "{other}");
    }
}

/// `NotAction` grants every action it does not list: public unless it leaves out every bad
/// action.
#[test]
fn not_action_and_bad_actions() {
    let status = is_public_policy(&policy(
        r#"{"Effect": "Allow", "Principal": "*", "NotAction": "s3:Delete*", "Resource": "*"}"#,
    ));
    assert!(status.is_public());
    let status = is_public_policy(&policy(
        r#"{"Effect": "Allow", "Principal": "*", "NotAction": ["s3:Get*", "s3:List*", "s3:AbortMultipartUpload", "s3:Delete*", "s3:Put*", "s3:RestoreObject"], "Resource": "*"}"#,
    ));
    assert_eq!(status, PublicStatus::NotPublic);
}

/// The page's mixed policy: a service principal, a named account, and everyone. Only the
/// third statement makes it public.
#[test]
fn mixed_policy_names_the_public_statement() {
    let status = is_public_policy(&policy(MIXED_STATEMENTS));
    assert_eq!(
        status
            .statements()
            .iter()
            .map(|s| s.label.as_str())
            .collect::<Vec<_>>(),
        ["Public"]
    );
}

// ---- RestrictPublicBuckets in evaluation ------------------------------------------------

const OBJECT: &str = "arn:aws:s3:::data-bucket/report.csv";

/// The page's example of a bucket policy with public and non-public grants.
const MIXED_STATEMENTS: &str = r#"
  {"Sid": "CloudTrail", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
   "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data-bucket/*"},
  {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data-bucket/*"},
  {"Sid": "Public", "Effect": "Allow", "Principal": "*",
   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data-bucket/*"}"#;

/// Same as [`MIXED_STATEMENTS`] without the public statement.
const PRIVATE_STATEMENTS: &str = r#"
  {"Sid": "CloudTrail", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
   "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data-bucket/*"},
  {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data-bucket/*"}"#;

fn block(restrict: bool) -> String {
    format!(
        r#"{{"PublicAccessBlockConfiguration": {{"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": false, "RestrictPublicBuckets": {restrict}}}}}"#
    )
}

/// The two accounts of [`s3_accounts`], with the bucket policy `statements`. `account` and
/// `bucket`: the RestrictPublicBuckets setting of each level, `None` when not in the
/// snapshot.
fn access(name: &str, statements: &str, account: Option<bool>, bucket: Option<bool>) -> Access {
    let doc = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    let files = [(
        "s3/data-bucket/get-bucket-policy.json".to_owned(),
        serde_json::json!({ "Policy": doc }).to_string(),
    )]
    .into_iter()
    .chain(account.map(|on| {
        (
            "s3control/get-public-access-block.json".to_owned(),
            block(on),
        )
    }))
    .chain(bucket.map(|on| {
        (
            "s3/data-bucket/get-public-access-block.json".to_owned(),
            block(on),
        )
    }))
    .collect();
    load(&write(&format!("block-public-access-{name}"), files))
}

/// Both settings off: the public policy grants everyone, the partner account and the
/// service.
#[test]
fn both_off_the_policy_applies_as_written() {
    let a = access("off", MIXED_STATEMENTS, Some(false), Some(false));
    assert_eq!(decision(&a, CAROL, "s3:GetObject", OBJECT), Decision::Allow);
    assert_eq!(
        decision(&a, "anonymous", "s3:GetObject", OBJECT),
        Decision::Allow
    );
    assert_eq!(decision(&a, ALICE, "s3:GetObject", OBJECT), Decision::Allow);
    let who = who_can(&a, "s3:GetObject", OBJECT);
    assert!(who.iter().any(|p| p == "*"), "{who:?}");
    assert!(who.iter().any(|p| p == CAROL), "{who:?}");
}

/// Account-level RestrictPublicBuckets on a public policy: cross-account (even the named
/// partner) and anonymous access through it are blocked; the service principal and the
/// owner's users keep it.
#[test]
fn account_level_restricts_a_public_policy() {
    let a = access("account", MIXED_STATEMENTS, Some(true), None);
    let carol = a
        .can(CAROL, "s3:GetObject", OBJECT, &Context::empty())
        .unwrap();
    assert_eq!(carol.decision, Decision::ImplicitDeny);
    let summary = &carol.explanation.summary;
    assert!(
        summary.contains("RestrictPublicBuckets is on (account-level)")
            && summary.contains("bucket policy is public because statement Public"),
        "{summary}"
    );
    let step = carol
        .explanation
        .steps
        .iter()
        .find(|s| s.step == "resource")
        .unwrap();
    assert_eq!(step.result, "implicit-deny");
    assert_eq!(step.statements.len(), 1);
    assert_eq!(step.statements[0].sid.as_deref(), Some("Public"));
    assert!(
        step.note.as_deref().unwrap().contains("Partner"),
        "{step:?}"
    );

    let anon = a
        .can("anonymous", "s3:GetObject", OBJECT, &Context::empty())
        .unwrap();
    assert_eq!(anon.decision, Decision::ImplicitDeny);
    assert!(
        anon.explanation
            .summary
            .contains("RestrictPublicBuckets is on (account-level)")
    );

    assert_eq!(
        decision(&a, "cloudtrail.amazonaws.com", "s3:PutObject", OBJECT),
        Decision::Allow
    );
    assert_eq!(decision(&a, ALICE, "s3:GetObject", OBJECT), Decision::Allow);

    let who = who_can(&a, "s3:GetObject", OBJECT);
    assert!(!who.iter().any(|p| p == "*"), "{who:?}");
    assert!(!who.iter().any(|p| p.contains(OTHER)), "{who:?}");
    assert!(who.iter().any(|p| p == ALICE), "{who:?}");
    assert!(
        who_can(&a, "s3:PutObject", OBJECT)
            .iter()
            .any(|p| p == "cloudtrail.amazonaws.com")
    );
}

/// Bucket-level RestrictPublicBuckets: the same, and the explanation names the level.
#[test]
fn bucket_level_restricts_a_public_policy() {
    let a = access("bucket", MIXED_STATEMENTS, Some(false), Some(true));
    let carol = a
        .can(CAROL, "s3:GetObject", OBJECT, &Context::empty())
        .unwrap();
    assert_eq!(carol.decision, Decision::ImplicitDeny);
    assert!(
        carol
            .explanation
            .summary
            .contains("RestrictPublicBuckets is on (bucket-level)"),
        "{}",
        carol.explanation.summary
    );
    assert_eq!(
        decision(&a, "anonymous", "s3:GetObject", OBJECT),
        Decision::ImplicitDeny
    );
    let both = access("both", MIXED_STATEMENTS, Some(true), Some(true));
    let carol = both
        .can(CAROL, "s3:GetObject", OBJECT, &Context::empty())
        .unwrap();
    assert!(
        carol
            .explanation
            .summary
            .contains("RestrictPublicBuckets is on (account-level and bucket-level)"),
        "{}",
        carol.explanation.summary
    );
}

/// "RestrictPublicBuckets only applies to buckets that have public policies": without the
/// public statement, the partner account "regains access to the bucket".
#[test]
fn a_non_public_policy_is_not_restricted() {
    let a = access("private", PRIVATE_STATEMENTS, Some(true), Some(true));
    assert_eq!(decision(&a, CAROL, "s3:GetObject", OBJECT), Decision::Allow);
    assert_eq!(
        decision(&a, "anonymous", "s3:GetObject", OBJECT),
        Decision::ImplicitDeny
    );
    assert!(
        who_can(&a, "s3:GetObject", OBJECT)
            .iter()
            .any(|p| p == CAROL)
    );
}

/// `what-can` of the partner: the objects the public policy's account grant gave it are gone
/// while RestrictPublicBuckets is on.
#[test]
fn what_can_of_the_partner_loses_the_bucket() {
    let off = access("what-off", MIXED_STATEMENTS, None, None);
    let on = access("what-on", MIXED_STATEMENTS, Some(true), None);
    let filter = keyaki_iam::WhatCanFilter {
        service: Some("s3".into()),
        resource: Some(OBJECT.into()),
        access_level: None,
    };
    let reads = |a: &Access| {
        a.what_can(CAROL, &filter)
            .unwrap()
            .services
            .iter()
            .flat_map(|s| s.levels.iter())
            .flat_map(|l| l.actions.iter())
            .any(|x| x.action == "s3:GetObject")
    };
    assert!(reads(&off));
    assert!(!reads(&on));
}

/// A statement public because of a wide `aws:SourceIp` range: under RestrictPublicBuckets
/// its condition cannot change the answer for another account or an anonymous request, so
/// `can` names the restriction and no requirement on aws:SourceIp.
#[test]
fn restricted_conditions_are_not_offered_as_a_way_in() {
    let statements = r#"{"Sid": "Wide", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::data-bucket/*", "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/1"}}}"#;
    let a = access("wide-ip", statements, Some(true), None);
    let anon = a
        .can("anonymous", "s3:GetObject", OBJECT, &Context::empty())
        .unwrap();
    assert_eq!(anon.decision, Decision::ImplicitDeny);
    let e = &anon.explanation;
    assert!(
        e.summary
            .contains("RestrictPublicBuckets is on (account-level)")
            && e.summary.contains("statement Wide")
            && e.summary.contains("0.0.0.0/1 is broader than /8"),
        "{}",
        e.summary
    );
    assert!(e.requirements.is_empty(), "{:?}", e.requirements);
    // With a narrow range the policy is not public, and the condition decides.
    let narrow = access(
        "narrow-ip",
        &statements.replace("0.0.0.0/1", "203.0.113.0/24"),
        Some(true),
        None,
    );
    let ctx = Context::from_pairs([("aws:SourceIp", "203.0.113.9")]);
    let anon = narrow
        .can("anonymous", "s3:GetObject", OBJECT, &ctx)
        .unwrap();
    assert_eq!(anon.decision, Decision::Allow);
}
