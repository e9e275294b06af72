#![allow(clippy::unwrap_used)]
//! AWS Config snapshot and history files, plain and gzipped, loaded into the snapshot model.

use keyaki_snapshot::{Snapshot, WarningKind};

fn data(dir: &str) -> String {
    format!("{}/tests/data/awsconfig/{dir}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn configuration_snapshot_loads_into_the_model() {
    let snapshot = Snapshot::load(data("snapshot")).unwrap();
    let account = &snapshot.accounts()[0];
    assert_eq!(account.id.as_ref().unwrap().as_str(), "123456789012");
    let region = account.region(&"us-east-1".parse().unwrap()).unwrap();
    assert_eq!(region.ec2.vpcs.len(), 1);
    let sg = &region.ec2.security_groups[0];
    assert_eq!(sg.group_id, "sg-0aaa1111bbbb2222c");
    let raw = sg.raw.to_value().unwrap();
    assert_eq!(
        raw["IpPermissions"][0]["IpRanges"][0]["CidrIp"],
        "0.0.0.0/0"
    );
    assert_eq!(region.ec2.volumes.len(), 1);
    assert_eq!(account.iam.users[0].user_name, "batch-job");
    let bucket = &account.s3.buckets[0];
    assert_eq!(bucket.name, "acme-customer-data");
    assert!(bucket.policy.is_some());
    assert!(
        bucket
            .public_access_block
            .as_ref()
            .unwrap()
            .block_public_acls
    );
    assert_eq!(bucket.versioning.as_ref().unwrap().state(), "Unversioned");
    assert!(
        bucket
            .encryption
            .as_ref()
            .unwrap()
            .default_encryption()
            .unwrap()
            .kms_master_key_id
            .is_some()
    );
    let counts = snapshot.counts();
    assert_eq!(counts.get("AWS::S3::Bucket"), Some(&1));
    // Lambda functions are not modelled from AWS Config yet: said, not dropped silently.
    assert!(
        snapshot
            .warnings()
            .iter()
            .any(|w| w.kind == WarningKind::NotModelled
                && w.message.contains("AWS::Lambda::Function")),
        "{:#?}",
        snapshot.warnings()
    );
}

#[test]
fn history_keeps_the_latest_state_and_drops_deleted_resources() {
    let snapshot = Snapshot::load(data("history")).unwrap();
    let account = &snapshot.accounts()[0];
    let region = account.region(&"us-east-1".parse().unwrap()).unwrap();
    assert_eq!(region.ec2.security_groups.len(), 1);
    let raw = region.ec2.security_groups[0].raw.to_value().unwrap();
    // The later item (configurationStateID spelling) wins, though it comes first in the file.
    assert_eq!(
        raw["IpPermissions"][0]["IpRanges"][0]["CidrIp"],
        "0.0.0.0/0"
    );
    assert!(account.s3.buckets.is_empty());
    // Other gzipped files are reported, not read.
    assert!(
        snapshot
            .warnings()
            .iter()
            .any(|w| w.kind == WarningKind::UnknownFile && w.path.ends_with("not-config.json.gz")),
        "{:#?}",
        snapshot.warnings()
    );
}
