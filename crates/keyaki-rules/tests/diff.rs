#![allow(clippy::unwrap_used)]
//! `diff` on two small snapshots: an SSH rule opened to the world, a new IAM user, a removed
//! bucket and a bucket policy that now denies plain HTTP.

use std::path::Path;

use keyaki_rules::{ChangeKind, DiffOptions, Status, diff};
use keyaki_snapshot::Snapshot;
use serde_json::{Value, json};

const ACCOUNT: &str = "123456789012";

fn write(root: &Path, file: &str, value: &Value) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

fn security_groups(ssh_from: &str) -> Value {
    json!({"SecurityGroups": [{
        "GroupId": "sg-0123456789abcdef0",
        "GroupName": "bastion-sg",
        "Description": "bastion",
        "OwnerId": ACCOUNT,
        "VpcId": "vpc-0123456789abcdef0",
        "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
             "IpRanges": [{"CidrIp": "10.0.0.0/8"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
             "IpRanges": [{"CidrIp": ssh_from, "Description": "ssh"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}
        ],
        "IpPermissionsEgress": []
    }]})
}

fn user(name: &str, id: &str) -> Value {
    json!({
        "UserName": name,
        "UserId": id,
        "Path": "/",
        "Arn": format!("arn:aws:iam::{ACCOUNT}:user/{name}"),
        "CreateDate": "2025-01-01T00:00:00+00:00",
        "UserPolicyList": [],
        "GroupList": [],
        "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}],
        "Tags": []
    })
}

fn authorization_details(users: Vec<Value>) -> Value {
    json!({"UserDetailList": users, "GroupDetailList": [], "RoleDetailList": [], "Policies": []})
}

fn bucket_policy(ssl_only: bool) -> Value {
    let mut statements = vec![json!({
        "Sid": "Read",
        "Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::acme-data/*"
    })];
    if ssl_only {
        statements.push(json!({
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        }));
    }
    let document = json!({"Version": "2012-10-17", "Statement": statements});
    json!({"Policy": document.to_string()})
}

fn bucket(name: &str) -> Value {
    json!({"Name": name, "CreationDate": "2024-05-14T10:05:19+00:00", "BucketRegion": "us-east-1"})
}

fn snapshot(root: &Path, new: bool) -> Snapshot {
    let base = root.join(if new { "new" } else { "old" });
    write(
        &base,
        "account.json",
        &json!({"UserId": "AIDAEXAMPLE", "Account": ACCOUNT, "Arn": format!("arn:aws:iam::{ACCOUNT}:user/admin")}),
    );
    write(
        &base,
        "us-east-1/ec2/describe-security-groups.json",
        &security_groups(if new { "0.0.0.0/0" } else { "10.0.0.0/8" }),
    );
    let mut users = vec![user("alice", "AIDAALICE")];
    if new {
        users.push(user("mallory", "AIDAMALLORY"));
    }
    write(
        &base,
        "global/iam/get-account-authorization-details.json",
        &authorization_details(users),
    );
    let mut buckets = vec![bucket("acme-data")];
    if !new {
        buckets.push(bucket("acme-old-logs"));
        write(
            &base,
            "global/s3/acme-old-logs/get-bucket-versioning.json",
            &json!({}),
        );
    }
    write(
        &base,
        "global/s3/list-buckets.json",
        &json!({"Buckets": buckets}),
    );
    write(
        &base,
        "global/s3/acme-data/get-bucket-policy.json",
        &bucket_policy(new),
    );
    Snapshot::load(base).unwrap()
}

#[test]
fn resources_and_findings_change() {
    let dir = tempfile::tempdir().unwrap();
    let old = snapshot(dir.path(), false);
    let new = snapshot(dir.path(), true);
    let d = diff(&old, &new, &DiffOptions::default());

    // Resources.
    let added: Vec<_> = d
        .added
        .iter()
        .map(|r| (r.resource_type.as_str(), r.id.as_str()))
        .collect();
    assert_eq!(added, [("AWS::IAM::User", "mallory")]);
    let removed: Vec<_> = d
        .removed
        .iter()
        .map(|r| (r.resource_type.as_str(), r.id.as_str()))
        .collect();
    assert_eq!(removed, [("AWS::S3::Bucket", "acme-old-logs")]);

    let changed: Vec<_> = d
        .changed
        .iter()
        .map(|c| (c.resource.resource_type.as_str(), c.resource.id.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            ("AWS::EC2::SecurityGroup", "sg-0123456789abcdef0"),
            ("AWS::S3::Bucket", "acme-data"),
        ]
    );
    // The source range is the key of a rule's ranges: the old one went, a new one came.
    let sg: Vec<_> = d.changed[0]
        .changes
        .iter()
        .map(|c| {
            (
                c.path.as_str(),
                c.kind,
                c.old["CidrIp"].clone(),
                c.new["CidrIp"].clone(),
            )
        })
        .collect();
    assert_eq!(
        sg,
        [
            (
                "$.IpPermissions[1].IpRanges[0]",
                ChangeKind::Removed,
                json!("10.0.0.0/8"),
                Value::Null
            ),
            (
                "$.IpPermissions[1].IpRanges[0]",
                ChangeKind::Added,
                Value::Null,
                json!("0.0.0.0/0")
            ),
        ]
    );
    let bucket = &d.changed[1].changes;
    assert_eq!(bucket.len(), 1, "{bucket:#?}");
    assert_eq!(bucket[0].path, "$.Policy.Statement[1]");
    assert_eq!(bucket[0].kind, ChangeKind::Added);
    assert_eq!(bucket[0].new["Sid"], "DenyInsecureTransport");

    // Findings.
    let appeared: Vec<_> = d
        .findings
        .appeared
        .iter()
        .map(|f| (f.rule_id.as_str(), f.resource_arn.as_str()))
        .collect();
    assert!(
        appeared.contains(&(
            "ec2.sg-ssh-open-ipv4",
            "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0"
        )),
        "{appeared:#?}"
    );
    assert!(
        appeared.contains(&(
            "iam.user-direct-policies",
            "arn:aws:iam::123456789012:user/mallory"
        )),
        "{appeared:#?}"
    );
    assert!(
        appeared
            .iter()
            .all(|(_, arn)| arn.contains("sg-0123456789abcdef0") || arn.contains("mallory")),
        "{appeared:#?}"
    );
    let resolved: Vec<_> = d
        .findings
        .resolved
        .iter()
        .map(|f| {
            (
                f.result.rule_id.as_str(),
                f.result.resource_arn.as_str(),
                f.status_now,
            )
        })
        .collect();
    assert!(
        resolved.contains(&(
            "s3.bucket-ssl-only",
            "arn:aws:s3:::acme-data",
            Some(Status::Pass)
        )),
        "{resolved:#?}"
    );
    assert!(
        resolved.contains(&("s3.bucket-versioning", "arn:aws:s3:::acme-old-logs", None)),
        "{resolved:#?}"
    );
    assert!(
        resolved
            .iter()
            .all(|(_, arn, _)| arn.contains("acme-data") || arn.contains("acme-old-logs")),
        "{resolved:#?}"
    );
    assert_eq!(d.summary.findings_appeared, d.findings.appeared.len());

    // Serialisable and deterministic.
    let a = serde_json::to_string(&d).unwrap();
    let b = serde_json::to_string(&diff(&old, &new, &DiffOptions::default())).unwrap();
    assert_eq!(a, b);
    let v: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["summary"]["added"], 1);
    assert_eq!(
        v["changed"][0]["resource"]["type"],
        "AWS::EC2::SecurityGroup"
    );
    assert!(v["findings"]["resolved"][0]["rule_id"].is_string());
}

#[test]
fn a_snapshot_equals_itself() {
    let dir = tempfile::tempdir().unwrap();
    let old = snapshot(dir.path(), false);
    let again = Snapshot::load(dir.path().join("old")).unwrap();
    let d = diff(&old, &again, &DiffOptions::default());
    assert!(d.is_empty(), "{d:#?}");
    assert!(d.summary.unchanged > 0);
}
