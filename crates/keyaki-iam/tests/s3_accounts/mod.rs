//! The two-account S3 snapshots of the bucket tests (Block Public Access, bucket ACLs): the
//! bucket owner's account (user alice, no S3 permission of her own) and a partner account
//! (user carol, `s3:*` anywhere), written to a folder and loaded, and the questions asked.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::{Path, PathBuf};

use keyaki_iam::{Access, Context, Decision};
use keyaki_snapshot::Snapshot;

pub const OWNER: &str = "111122223333";
pub const OTHER: &str = "444455556666";
pub const CAROL: &str = "arn:aws:iam::444455556666:user/carol";
pub const ALICE: &str = "arn:aws:iam::111122223333:user/alice";

/// `get-account-authorization-details` with one user whose inline policy allows `actions`
/// (a JSON string or array) on every resource.
pub fn auth_details(account: &str, user: &str, actions: &str) -> String {
    format!(
        r#"{{"UserDetailList": [{{"Path": "/", "UserName": "{user}", "UserId": "AIDA{user}EXAMPLE",
             "Arn": "arn:aws:iam::{account}:user/{user}", "CreateDate": "2025-01-01T00:00:00+00:00",
             "UserPolicyList": [{{"PolicyName": "s3", "PolicyDocument": {{"Version": "2012-10-17",
               "Statement": [{{"Effect": "Allow", "Action": {actions}, "Resource": "*"}}]}}}}],
             "GroupList": [], "AttachedManagedPolicies": [], "Tags": []}}],
           "GroupDetailList": [], "RoleDetailList": [], "Policies": []}}"#
    )
}

/// Writes the two accounts, bucket `data-bucket` of the owner, and `extra` files (paths
/// relative to the owner's `global` folder) under a fresh folder named `name`.
pub fn write(name: &str, extra: Vec<(String, String)>) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    let owner = root.join("accounts").join(OWNER).join("global");
    let other = root.join("accounts").join(OTHER).join("global");
    let files = [
        (owner.join("iam/get-account-authorization-details.json"), auth_details(OWNER, "alice", r#""sts:GetCallerIdentity""#)),
        (other.join("iam/get-account-authorization-details.json"), auth_details(OTHER, "carol", r#""s3:*""#)),
        (owner.join("s3/list-buckets.json"), r#"{"Buckets": [{"Name": "data-bucket", "CreationDate": "2025-01-01T00:00:00+00:00", "BucketRegion": "us-east-1"}]}"#.to_owned()),
    ]
    .into_iter()
    .chain(extra.into_iter().map(|(path, text)| (owner.join(path), text)));
    for (path, text) in files {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    root
}

/// Loads the snapshot at `root` and indexes it; no policy may fail to parse.
pub fn load(root: &Path) -> Access {
    let snap = Snapshot::load(root).unwrap();
    let access = Access::new(&snap);
    assert!(
        access.warnings().iter().all(|w| !w.contains("parse")),
        "{:?}",
        access.warnings()
    );
    access
}

pub fn decision(a: &Access, principal: &str, action: &str, resource: &str) -> Decision {
    a.can(principal, action, resource, &Context::empty())
        .unwrap()
        .decision
}

pub fn who_can(a: &Access, action: &str, resource: &str) -> Vec<String> {
    a.who_can(action, resource, &Context::empty())
        .unwrap()
        .principals
        .into_iter()
        .map(|p| p.principal)
        .collect()
}
