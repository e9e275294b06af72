//! Amazon S3 in a CLI-dir snapshot: `list-buckets`, the per-bucket `get-bucket-*` outputs in
//! `global/s3/<bucket>/`, and the account-level block in `global/s3control/`.

use std::path::Path;

use keyaki_snapshot::services::s3::{Bucket, S3};
use keyaki_snapshot::{Snapshot, WarningKind};
use serde_json::{Value, json};

struct Snap {
    dir: tempfile::TempDir,
}

impl Snap {
    /// A snapshot of account 111122223333 (with its `account.json`).
    fn new() -> Self {
        let snap = Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
        };
        snap.file("account.json", ACCOUNT)
    }

    fn file(self, path: &str, text: &str) -> Self {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("a file path has a parent"))
            .expect("creating the folders");
        std::fs::write(full, text).expect("writing the file");
        self
    }

    /// Writes `value` as the AWS CLI prints it (pretty JSON).
    fn json(self, path: &str, value: Value) -> Self {
        let text = serde_json::to_string_pretty(&value).expect("JSON text");
        self.file(path, &text)
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn load(&self) -> Snapshot {
        Snapshot::load(self.path()).expect("the snapshot loads")
    }

    /// Every warning, one per line, with the temporary directory written `SNAP`.
    fn warnings(&self, snapshot: &Snapshot) -> String {
        let root = self.path().display().to_string();
        snapshot
            .warnings()
            .iter()
            .map(|w| w.to_string().replace(&root, "SNAP"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

const ACCOUNT: &str = r#"{
    "UserId": "AIDAJQABLZS4A3QDU576Q",
    "Account": "111122223333",
    "Arn": "arn:aws:iam::111122223333:user/auditor"
}"#;

/// A bucket policy that denies requests over plain HTTP, as AWS prints it: a JSON document
/// inside a JSON string.
const TLS_ONLY_POLICY: &str = r#"{"Version":"2012-10-17","Id":"TlsOnly","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::amzn-s3-demo-bucket","arn:aws:s3:::amzn-s3-demo-bucket/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;

const LOG_DELIVERY_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"S3ServerAccessLogsPolicy","Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::example-audit-logs/access/*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}"#;

const PUBLIC_READ_POLICY: &str = r#"{"Version":"2008-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::public-website-assets/*"}]}"#;

const OWNER_ID: &str = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

/// Three listed buckets with their settings, and the account-level block. Two bucket
/// folders sort before `list-buckets.json` and one after it, so the loader sees per-bucket
/// outputs both before and after the list.
fn account_with_buckets() -> Snap {
    let owner_only_acl = json!({
        "Owner": {"DisplayName": "secops", "ID": OWNER_ID},
        "Grants": [{
            "Grantee": {"DisplayName": "secops", "ID": OWNER_ID, "Type": "CanonicalUser"},
            "Permission": "FULL_CONTROL"
        }]
    });
    Snap::new()
        .json(
            "global/s3/list-buckets.json",
            json!({
                "Buckets": [
                    {"Name": "amzn-s3-demo-bucket", "CreationDate": "2023-06-12T21:13:39+00:00", "BucketRegion": "us-east-1"},
                    {"Name": "example-audit-logs", "CreationDate": "2022-02-03T10:01:22+00:00", "BucketRegion": "eu-west-1"},
                    {"Name": "public-website-assets", "CreationDate": "2021-11-30T08:45:00+00:00", "BucketRegion": "us-west-2"}
                ],
                "Owner": {"DisplayName": "secops", "ID": OWNER_ID}
            }),
        )
        .json(
            "global/s3control/get-public-access-block.json",
            json!({"PublicAccessBlockConfiguration": {
                "BlockPublicAcls": true,
                "IgnorePublicAcls": true,
                "BlockPublicPolicy": false,
                "RestrictPublicBuckets": false
            }}),
        )
        // amzn-s3-demo-bucket: locked down.
        .json(
            "global/s3/amzn-s3-demo-bucket/get-bucket-policy.json",
            json!({"Policy": TLS_ONLY_POLICY}),
        )
        .json(
            "global/s3/amzn-s3-demo-bucket/get-bucket-acl.json",
            owner_only_acl.clone(),
        )
        .json(
            "global/s3/amzn-s3-demo-bucket/get-public-access-block.json",
            json!({"PublicAccessBlockConfiguration": {
                "BlockPublicAcls": true,
                "IgnorePublicAcls": true,
                "BlockPublicPolicy": true,
                "RestrictPublicBuckets": true
            }}),
        )
        .json(
            "global/s3/amzn-s3-demo-bucket/get-bucket-encryption.json",
            json!({"ServerSideEncryptionConfiguration": {"Rules": [{
                "ApplyServerSideEncryptionByDefault": {
                    "SSEAlgorithm": "aws:kms",
                    "KMSMasterKeyID": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                },
                "BucketKeyEnabled": true
            }]}}),
        )
        .json(
            "global/s3/amzn-s3-demo-bucket/get-bucket-versioning.json",
            json!({"Status": "Enabled", "MFADelete": "Disabled"}),
        )
        .json(
            "global/s3/amzn-s3-demo-bucket/get-bucket-logging.json",
            json!({"LoggingEnabled": {"TargetBucket": "example-audit-logs", "TargetPrefix": "access/amzn-s3-demo-bucket/"}}),
        )
        .json(
            "global/s3/amzn-s3-demo-bucket/get-bucket-location.json",
            json!({"LocationConstraint": null}),
        )
        // example-audit-logs: never versioned, no access logging of its own (both `{}`).
        .json(
            "global/s3/example-audit-logs/get-bucket-policy.json",
            json!({"Policy": LOG_DELIVERY_POLICY}),
        )
        .file("global/s3/example-audit-logs/get-bucket-versioning.json", "{}\n")
        .file("global/s3/example-audit-logs/get-bucket-logging.json", "{}\n")
        .json(
            "global/s3/example-audit-logs/get-bucket-encryption.json",
            json!({"ServerSideEncryptionConfiguration": {"Rules": [{
                "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                "BucketKeyEnabled": false
            }]}}),
        )
        .json(
            "global/s3/example-audit-logs/get-bucket-location.json",
            json!({"LocationConstraint": "EU"}),
        )
        // public-website-assets: public by policy and by ACL.
        .json(
            "global/s3/public-website-assets/get-bucket-policy.json",
            json!({"Policy": PUBLIC_READ_POLICY}),
        )
        .json(
            "global/s3/public-website-assets/get-bucket-policy-status.json",
            json!({"PolicyStatus": {"IsPublic": true}}),
        )
        .json(
            "global/s3/public-website-assets/get-bucket-acl.json",
            json!({
                "Owner": {"ID": OWNER_ID},
                "Grants": [
                    {"Grantee": {"ID": OWNER_ID, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"},
                    {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}
                ]
            }),
        )
        .json(
            "global/s3/public-website-assets/get-public-access-block.json",
            json!({"PublicAccessBlockConfiguration": {
                "BlockPublicAcls": false,
                "IgnorePublicAcls": false,
                "BlockPublicPolicy": false,
                "RestrictPublicBuckets": false
            }}),
        )
        .json(
            "global/s3/public-website-assets/get-bucket-versioning.json",
            json!({"Status": "Suspended"}),
        )
}

fn s3(snapshot: &Snapshot) -> &S3 {
    &snapshot.accounts()[0].s3
}

fn bucket<'a>(snapshot: &'a Snapshot, name: &str) -> &'a Bucket {
    s3(snapshot).bucket(name).expect(name)
}

#[test]
fn every_bucket_setting_is_attached_to_its_bucket() {
    let snap = account_with_buckets();
    let snapshot = snap.load();
    assert_eq!(snap.warnings(&snapshot), "");
    let s3 = s3(&snapshot);
    let names: Vec<&str> = s3.buckets.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "amzn-s3-demo-bucket",
            "example-audit-logs",
            "public-website-assets"
        ]
    );
    assert_eq!(
        s3.owner.as_ref().unwrap().id.as_deref(),
        Some(OWNER_ID),
        "list-buckets owner"
    );

    let b = bucket(&snapshot, "amzn-s3-demo-bucket");
    assert!(b.listed.is_some());
    assert!(b.public_access_block.as_ref().unwrap().all());
    let encryption = b.encryption.as_ref().unwrap().default_encryption().unwrap();
    assert_eq!(encryption.sse_algorithm, "aws:kms");
    assert_eq!(
        encryption.kms_master_key_id.as_deref(),
        Some("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
    );
    assert_eq!(b.versioning_enabled(), Some(true));
    assert_eq!(
        b.versioning.as_ref().unwrap().mfa_delete.as_deref(),
        Some("Disabled")
    );
    assert_eq!(b.logging_enabled(), Some(true));
    assert_eq!(b.acl.as_ref().unwrap().public_grants().count(), 0);
    assert_eq!(
        b.location.as_ref().unwrap().region().unwrap().as_str(),
        "us-east-1"
    );
    assert_eq!(
        b.arn(keyaki_core::Partition::Aws),
        "arn:aws:s3:::amzn-s3-demo-bucket"
    );
    // The origin is the bucket's entry in the list, even though its folder was read first.
    assert_eq!(b.origin().json_path.as_ref(), "$.Buckets[0]");

    let p = bucket(&snapshot, "public-website-assets");
    assert_eq!(p.acl.as_ref().unwrap().public_grants().count(), 1);
    assert!(p.policy_status.as_ref().unwrap().is_public);
    assert_eq!(p.versioning.as_ref().unwrap().state(), "Suspended");
    assert_eq!(
        p.logging_enabled(),
        None,
        "no get-bucket-logging in the snapshot"
    );
}

#[test]
fn empty_versioning_and_logging_outputs_mean_off() {
    let snapshot = account_with_buckets().load();
    let b = bucket(&snapshot, "example-audit-logs");
    let versioning = b.versioning.as_ref().unwrap();
    assert_eq!(versioning.status, None);
    assert_eq!(versioning.state(), "Unversioned");
    assert_eq!(versioning.raw.get(), "{}");
    assert_eq!(b.versioning_enabled(), Some(false));
    assert_eq!(b.logging_enabled(), Some(false));
    assert!(b.logging.as_ref().unwrap().logging_enabled.is_none());
    assert_eq!(
        b.location.as_ref().unwrap().region().unwrap().as_str(),
        "eu-west-1",
        "the EU location constraint"
    );
}

#[test]
fn bucket_policy_keeps_the_exact_embedded_text() {
    let snapshot = account_with_buckets().load();
    let policy = bucket(&snapshot, "amzn-s3-demo-bucket")
        .policy
        .as_ref()
        .unwrap();
    assert_eq!(policy.raw.get(), TLS_ONLY_POLICY);
    assert_eq!(policy.origin.json_path.as_ref(), "$.Policy");
    assert_eq!(policy.origin.line, 2);
    assert!(
        policy
            .origin
            .file
            .ends_with("global/s3/amzn-s3-demo-bucket/get-bucket-policy.json")
    );
}

#[test]
fn account_and_bucket_public_access_blocks_are_told_apart_by_folder() {
    let snapshot = account_with_buckets().load();
    let s3 = s3(&snapshot);
    let account = s3.account_public_access_block.as_ref().unwrap();
    assert!(account.block_public_acls && !account.block_public_policy);
    assert!(
        account
            .origin
            .file
            .ends_with("global/s3control/get-public-access-block.json")
    );

    // Bucket setting only on example-audit-logs: the account's applies.
    let logs = bucket(&snapshot, "example-audit-logs");
    assert!(logs.public_access_block.is_none());
    assert_eq!(
        s3.effective_public_access_block(logs).unwrap().summary(),
        "BlockPublicAcls,IgnorePublicAcls"
    );
    // Both: the most restrictive combination.
    let public = bucket(&snapshot, "public-website-assets");
    assert_eq!(
        public.public_access_block.as_ref().unwrap().summary(),
        "none"
    );
    assert_eq!(
        s3.effective_public_access_block(public).unwrap().summary(),
        "BlockPublicAcls,IgnorePublicAcls"
    );
}

#[test]
fn lookups_by_name_and_arn() {
    let snapshot = account_with_buckets().load();
    let s3 = s3(&snapshot);
    assert_eq!(
        s3.bucket_by_arn("arn:aws:s3:::example-audit-logs")
            .map(|b| b.name.as_str()),
        Some("example-audit-logs")
    );
    assert!(
        s3.bucket_by_arn("arn:aws:s3:::example-audit-logs/key")
            .is_none()
    );
    assert!(
        s3.bucket_by_arn("arn:aws:sqs:us-east-1:111122223333:example-audit-logs")
            .is_none()
    );
    assert!(s3.bucket("no-such-bucket").is_none());
    let found: Vec<&str> = snapshot
        .find("arn:aws:s3:::public-website-assets")
        .map(|i| i.resource_type)
        .collect();
    assert_eq!(found, ["AWS::S3::Bucket"]);
}

#[test]
fn inventory_rows() {
    let snap = account_with_buckets();
    let snapshot = snap.load();
    let root = snap.path().display().to_string();
    let rows: Vec<String> = snapshot
        .inventory()
        .iter()
        .filter(|i| i.resource_type == "AWS::S3::Bucket")
        .map(|i| serde_json::to_string(i).unwrap().replace(&root, "SNAP"))
        .collect();
    insta::assert_snapshot!(rows.join("\n"), @r#"
    {"type":"AWS::S3::Bucket","id":"amzn-s3-demo-bucket","arn":"arn:aws:s3:::amzn-s3-demo-bucket","account":"111122223333","region":null,"name":"amzn-s3-demo-bucket","attributes":{"region":"us-east-1","created":"2023-06-12T21:13:39+00:00","public_access_block":"all","has_policy":true,"acl_is_public":false,"encryption":"aws:kms","kms_key":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","versioning":"Enabled","mfa_delete":"Disabled","logging":true,"log_target":"example-audit-logs"},"source":"SNAP/global/s3/list-buckets.json:3"}
    {"type":"AWS::S3::Bucket","id":"example-audit-logs","arn":"arn:aws:s3:::example-audit-logs","account":"111122223333","region":null,"name":"example-audit-logs","attributes":{"region":"eu-west-1","created":"2022-02-03T10:01:22+00:00","public_access_block":"BlockPublicAcls,IgnorePublicAcls","has_policy":true,"encryption":"AES256","versioning":"Unversioned","logging":false},"source":"SNAP/global/s3/list-buckets.json:8"}
    {"type":"AWS::S3::Bucket","id":"public-website-assets","arn":"arn:aws:s3:::public-website-assets","account":"111122223333","region":null,"name":"public-website-assets","attributes":{"region":"us-west-2","created":"2021-11-30T08:45:00+00:00","public_access_block":"BlockPublicAcls,IgnorePublicAcls","has_policy":true,"policy_is_public":true,"acl_is_public":true,"versioning":"Suspended"},"source":"SNAP/global/s3/list-buckets.json:13"}
    "#);
}

#[test]
fn per_bucket_output_for_an_unlisted_bucket_is_kept_with_a_warning() {
    // `archive-2019` sorts before `list-buckets.json`, `zz-legacy` after it: neither is listed.
    let snap = account_with_buckets()
        .json(
            "global/s3/archive-2019/get-bucket-versioning.json",
            json!({"Status": "Enabled"}),
        )
        .json(
            "global/s3/zz-legacy/get-bucket-policy.json",
            json!({"Policy": PUBLIC_READ_POLICY}),
        )
        .json(
            "global/s3/zz-legacy/get-bucket-acl.json",
            json!({"Owner": {"ID": OWNER_ID}, "Grants": []}),
        );
    let snapshot = snap.load();
    insta::assert_snapshot!(snap.warnings(&snapshot), @r#"
    SNAP/global/s3/archive-2019/get-bucket-versioning.json: get-bucket-versioning output for bucket "archive-2019", which the snapshot's list-buckets does not list; the bucket is kept
    SNAP/global/s3/zz-legacy/get-bucket-acl.json: get-bucket-acl output for bucket "zz-legacy", which the snapshot's list-buckets does not list; the bucket is kept
    "#);
    assert!(
        snapshot
            .warnings()
            .iter()
            .all(|w| w.kind == WarningKind::Dangling)
    );
    let archive = bucket(&snapshot, "archive-2019");
    assert!(archive.listed.is_none());
    assert_eq!(archive.versioning_enabled(), Some(true));
    let legacy = bucket(&snapshot, "zz-legacy");
    assert!(legacy.policy.is_some() && legacy.acl.is_some());
    // Its first output in path order: get-bucket-acl.json.
    assert!(
        legacy
            .origin()
            .file
            .ends_with("zz-legacy/get-bucket-acl.json")
    );
    assert_eq!(snapshot.find("arn:aws:s3:::zz-legacy").count(), 1);
}

#[test]
fn bucket_outputs_without_any_list() {
    let snap = Snap::new().json(
        "global/s3/amzn-s3-demo-bucket/get-bucket-policy.json",
        json!({"Policy": TLS_ONLY_POLICY}),
    );
    let snapshot = snap.load();
    insta::assert_snapshot!(snap.warnings(&snapshot), @r#"SNAP/global/s3/amzn-s3-demo-bucket/get-bucket-policy.json: get-bucket-policy output for bucket "amzn-s3-demo-bucket", which the snapshot's list-buckets does not list; the bucket is kept"#);
    assert_eq!(s3(&snapshot).buckets.len(), 1);
}

#[test]
fn per_bucket_output_outside_a_bucket_folder_is_a_location_warning() {
    let snap = Snap::new()
        .json(
            "global/s3/get-bucket-policy.json",
            json!({"Policy": TLS_ONLY_POLICY}),
        )
        .json(
            "global/s3/get-public-access-block.json",
            json!({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true}}),
        )
        .file("global/s3/get-bucket-versioning.json", "{}");
    let snapshot = snap.load();
    insta::assert_snapshot!(snap.warnings(&snapshot), @"
    SNAP/global/s3/get-bucket-policy.json: get-bucket-policy output outside a folder named after its bucket (global/s3/<bucket>/); skipped
    SNAP/global/s3/get-bucket-versioning.json: get-bucket-versioning output outside a folder named after its bucket (global/s3/<bucket>/); skipped
    SNAP/global/s3/get-public-access-block.json: get-public-access-block output outside a bucket folder (global/s3/<bucket>/) and outside global/s3control/, so neither its bucket nor whether it is the account's setting is known; skipped
    ");
    assert!(
        snapshot
            .warnings()
            .iter()
            .all(|w| w.kind == WarningKind::Location)
    );
    assert!(s3(&snapshot).buckets.is_empty());
    assert!(s3(&snapshot).account_public_access_block.is_none());
}

#[test]
fn an_empty_object_is_recognised_only_by_its_command() {
    // `{}` named after another command is not a versioning or logging output.
    let snap = Snap::new()
        .file(
            "global/s3/amzn-s3-demo-bucket/get-bucket-tagging.json",
            "{}",
        )
        .json(
            "global/s3/amzn-s3-demo-bucket/get-bucket-accelerate-configuration.json",
            json!({"Status": "Enabled"}),
        );
    let snapshot = snap.load();
    insta::assert_snapshot!(snap.warnings(&snapshot), @"
    SNAP/global/s3/amzn-s3-demo-bucket/get-bucket-accelerate-configuration.json: not an AWS CLI output keyaki knows (top-level keys: Status); skipped
    SNAP/global/s3/amzn-s3-demo-bucket/get-bucket-tagging.json: not an AWS CLI output keyaki knows (top-level keys: none); skipped
    ");
    assert!(s3(&snapshot).buckets.is_empty());
}

#[test]
fn duplicate_outputs_keep_the_first() {
    let snap = account_with_buckets()
        .json(
            "global/s3/list-buckets.2.json",
            json!({"Buckets": [{"Name": "example-audit-logs", "CreationDate": "2022-02-03T10:01:22+00:00"}]}),
        )
        .json(
            "global/s3/example-audit-logs/versioning.json",
            json!({"Status": "Enabled"}),
        );
    let snapshot = snap.load();
    insta::assert_snapshot!(snap.warnings(&snapshot), @r#"
    SNAP/global/s3/example-audit-logs/versioning.json: bucket "example-audit-logs": get-bucket-versioning is already loaded from SNAP/global/s3/example-audit-logs/get-bucket-versioning.json:1: $; the first is kept
    SNAP/global/s3/list-buckets.2.json: bucket "example-audit-logs" at $.Buckets[0] is already loaded from SNAP/global/s3/list-buckets.json:8: $.Buckets[1] (list-buckets); the first is kept
    "#);
    assert_eq!(
        bucket(&snapshot, "example-audit-logs").versioning_enabled(),
        Some(false)
    );
}
