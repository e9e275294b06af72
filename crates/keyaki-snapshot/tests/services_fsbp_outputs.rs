#![allow(clippy::unwrap_used)]
//! The outputs keyaki reads for the AWS Foundational Security Best Practices controls:
//! RDS clusters, snapshots, snapshot attributes and event subscriptions; Classic Load
//! Balancers with their attributes and policies; v2 load balancer attributes; EBS
//! snapshots and their permissions, VPN connections, launch template versions; S3
//! lifecycle and notification configurations. Each is recognised by its content and
//! attached to its resource by its folder.

use std::path::Path;

use keyaki_snapshot::{Snapshot, WarningKind};
use serde_json::{Value, json};

fn write(dir: &Path, path: &str, value: Value) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

fn load(files: &[(&str, Value)]) -> Snapshot {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "account.json",
        json!({"UserId": "AIDAEXAMPLE", "Account": "111122223333", "Arn": "arn:aws:iam::111122223333:user/a"}),
    );
    for (path, value) in files {
        write(dir.path(), path, value.clone());
    }
    let snapshot = Snapshot::load(dir.path()).unwrap();
    let unexpected: Vec<String> = snapshot
        .warnings()
        .iter()
        .filter(|w| {
            matches!(
                w.kind,
                WarningKind::UnknownFile | WarningKind::Dangling | WarningKind::Location
            )
        })
        .map(ToString::to_string)
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    snapshot
}

#[test]
fn rds_clusters_snapshots_attributes_and_subscriptions() {
    let s = load(&[
        (
            "us-east-1/rds/describe-db-clusters.json",
            json!({"DBClusters": [
            {"DBClusterIdentifier": "c1", "Engine": "aurora-mysql", "StorageEncrypted": true, "BacktrackWindow": 0, "MultiAZ": false}]}),
        ),
        (
            "us-east-1/rds/describe-db-snapshots.json",
            json!({"DBSnapshots": [
            {"DBSnapshotIdentifier": "s1", "SnapshotType": "manual", "Encrypted": false}]}),
        ),
        (
            "us-east-1/rds/describe-db-cluster-snapshots.json",
            json!({"DBClusterSnapshots": [
            {"DBClusterSnapshotIdentifier": "cs1", "StorageEncrypted": true}]}),
        ),
        (
            "us-east-1/rds/s1/describe-db-snapshot-attributes.json",
            json!({"DBSnapshotAttributesResult": {
            "DBSnapshotIdentifier": "s1", "DBSnapshotAttributes": [{"AttributeName": "restore", "AttributeValues": ["all"]}]}}),
        ),
        (
            "us-east-1/rds/cs1/describe-db-cluster-snapshot-attributes.json",
            json!({"DBClusterSnapshotAttributesResult": {
            "DBClusterSnapshotIdentifier": "cs1", "DBClusterSnapshotAttributes": [{"AttributeName": "restore", "AttributeValues": []}]}}),
        ),
        (
            "us-east-1/rds/describe-event-subscriptions.json",
            json!({"EventSubscriptionsList": []}),
        ),
    ]);
    let region = &s.accounts()[0].regions[0];
    let rds = &region.rds;
    assert_eq!(rds.db_clusters[0].backtrack_window, Some(0));
    assert_eq!(rds.db_snapshots[0].encrypted, Some(false));
    assert_eq!(
        rds.snapshot_attributes("s1")
            .unwrap()
            .restore()
            .collect::<Vec<_>>(),
        ["all"]
    );
    assert_eq!(rds.snapshot_attributes("cs1").unwrap().restore().count(), 0);
    assert!(rds.event_subscriptions_listed && rds.event_subscriptions.is_empty());
    assert!(
        s.find("c1").next().is_some(),
        "DB clusters are in the inventory"
    );
}

#[test]
fn load_balancer_attributes_attach_to_their_load_balancers() {
    let arn =
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188";
    let folder = arn.replace(':', "%3A").replace('/', "%2F");
    let s = load(&[
        (
            "us-east-1/elbv2/describe-load-balancers.json",
            json!({"LoadBalancers": [
            {"LoadBalancerArn": arn, "LoadBalancerName": "web", "Type": "application"}]}),
        ),
        (
            &format!("us-east-1/elbv2/{folder}/describe-load-balancer-attributes.json"),
            json!({"Attributes": [
            {"Key": "deletion_protection.enabled", "Value": "true"}]}),
        ),
        (
            "us-east-1/elb/describe-load-balancers.json",
            json!({"LoadBalancerDescriptions": [
            {"LoadBalancerName": "classic", "AvailabilityZones": ["us-east-1a"], "ListenerDescriptions": [
                {"Listener": {"Protocol": "HTTPS", "LoadBalancerPort": 443, "SSLCertificateId": "arn:aws:acm:us-east-1:111122223333:certificate/x"},
                 "PolicyNames": ["tls"]}]}]}),
        ),
        (
            "us-east-1/elb/classic/describe-load-balancer-attributes.json",
            json!({"LoadBalancerAttributes": {
            "CrossZoneLoadBalancing": {"Enabled": true}, "ConnectionDraining": {"Enabled": false, "Timeout": 300}}}),
        ),
        (
            "us-east-1/elb/classic/describe-load-balancer-policies.json",
            json!({"PolicyDescriptions": [
            {"PolicyName": "tls", "PolicyTypeName": "SSLNegotiationPolicyType", "PolicyAttributeDescriptions": []}]}),
        ),
    ]);
    let elb = &s.accounts()[0].regions[0].elbv2;
    let attrs = elb.attributes_of(&elb.load_balancers[0]).unwrap();
    assert_eq!(attrs.get("deletion_protection.enabled"), Some("true"));
    let classic = &elb.classic[0];
    let a = classic.attributes.as_ref().unwrap();
    assert!(a.cross_zone_load_balancing.as_ref().unwrap().enabled);
    assert!(!a.connection_draining.as_ref().unwrap().enabled);
    assert_eq!(classic.policies.as_ref().unwrap()[0].policy_name, "tls");
}

#[test]
fn ec2_snapshots_vpn_connections_and_launch_templates() {
    let s = load(&[
        (
            "us-east-1/ec2/describe-snapshots.json",
            json!({"Snapshots": [{"SnapshotId": "snap-1", "Encrypted": true}]}),
        ),
        (
            "us-east-1/ec2/snap-1/describe-snapshot-attribute.json",
            json!({"SnapshotId": "snap-1", "CreateVolumePermissions": [{"Group": "all"}]}),
        ),
        (
            "us-east-1/ec2/describe-vpn-connections.json",
            json!({"VpnConnections": [
            {"VpnConnectionId": "vpn-1", "VgwTelemetry": [{"Status": "UP"}, {"Status": "DOWN"}]}]}),
        ),
        (
            "us-east-1/ec2/describe-launch-template-versions.json",
            json!({"LaunchTemplateVersions": [
            {"LaunchTemplateId": "lt-1", "VersionNumber": 1, "DefaultVersion": true, "LaunchTemplateData": {}}]}),
        ),
    ]);
    let ec2 = &s.accounts()[0].regions[0].ec2;
    assert_eq!(ec2.snapshots.len(), 1);
    assert_eq!(
        ec2.snapshot_attribute("snap-1")
            .unwrap()
            .create_volume_permissions[0]
            .group
            .as_deref(),
        Some("all")
    );
    assert_eq!(ec2.vpn_connections[0].vgw_telemetry.len(), 2);
    assert_eq!(ec2.launch_template_versions[0].default_version, Some(true));
}

#[test]
fn s3_lifecycle_and_notifications_including_empty_outputs() {
    let s = load(&[
        (
            "global/s3/list-buckets.json",
            json!({"Buckets": [{"Name": "a"}, {"Name": "b"}], "Owner": {"ID": "o"}}),
        ),
        (
            "global/s3/a/get-bucket-lifecycle-configuration.json",
            json!({"Rules": [{"ID": "x", "Status": "Enabled"}]}),
        ),
        (
            "global/s3/a/get-bucket-notification-configuration.json",
            json!({"EventBridgeConfiguration": {}}),
        ),
        (
            "global/s3/b/get-bucket-lifecycle-configuration.json",
            json!({}),
        ),
        (
            "global/s3/b/get-bucket-notification-configuration.json",
            json!({}),
        ),
    ]);
    let s3 = &s.accounts()[0].s3;
    let (a, b) = (&s3.buckets[0], &s3.buckets[1]);
    assert_eq!(a.lifecycle.as_ref().unwrap().enabled_rules().count(), 1);
    assert!(a.notification.as_ref().unwrap().is_enabled());
    assert_eq!(b.lifecycle.as_ref().unwrap().rules.len(), 0);
    assert!(!b.notification.as_ref().unwrap().is_enabled());
}
