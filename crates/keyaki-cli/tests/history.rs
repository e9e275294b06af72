//! `keyaki history`: configuration timelines from AWS Config history and snapshot files, and
//! the CloudTrail events behind the changes, found in the bundled example's lake.
//!
//! The files follow the delivered format AWS documents: "Components of a Configuration Item"
//! (https://docs.aws.amazon.com/config/latest/developerguide/config-item-table.html) and
//! "Example Configuration History" / "Example Configuration Snapshot"
//! (https://docs.aws.amazon.com/config/latest/developerguide/example-s3-snapshot.html):
//! `{"fileVersion", "requestId" | "configSnapshotId", "configurationItems": [...]}`, items with
//! `configurationItemCaptureTime`, `configurationStateId` (`configurationStateID` in older
//! files), `configurationItemStatus`, `ARN`, `relatedEvents` and `configuration`, gzipped as
//! delivered to S3.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

mod common;

use std::io::Write;
use std::path::Path;

use common::{example_lake, keyaki, run, stdout_json};
use serde_json::{Value, json};

const ACCOUNT: &str = "123456789012";
const SG: &str = "sg-0d2f5c1e9a7b3c4d5";

fn sg_item(time: &str, state: Value, state_key: &str, status: &str, rules: Value) -> Value {
    let mut item = json!({
        "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": time,
        "configurationItemStatus": status,
        "configurationItemMD5Hash": "",
        "ARN": format!("arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/{SG}"),
        "resourceType": "AWS::EC2::SecurityGroup",
        "resourceId": SG,
        "resourceName": "app-sg",
        "awsRegion": "us-east-1",
        "awsAccountId": ACCOUNT,
        "availabilityZone": "Not Applicable",
        "resourceCreationTime": null,
        "tags": {"Name": "app-sg"},
        "relatedEvents": [],
        "relationships": [{"resourceId": "vpc-0a1b2c3d4e5f6a7b8", "resourceType": "AWS::EC2::VPC", "name": "Is contained in Vpc"}],
        "configuration": {
            "description": "app servers",
            "groupName": "app-sg",
            "ipPermissions": rules,
            "ownerId": ACCOUNT,
            "groupId": SG,
            "ipPermissionsEgress": [{"ipProtocol": "-1", "ipv6Ranges": [], "prefixListIds": [], "userIdGroupPairs": [], "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}], "ipRanges": ["0.0.0.0/0"]}],
            "tags": [{"key": "Name", "value": "app-sg"}],
            "vpcId": "vpc-0a1b2c3d4e5f6a7b8"
        },
        "supplementaryConfiguration": {}
    });
    item[state_key] = state;
    item
}

fn tcp(port: u16, cidr: &str) -> Value {
    json!({"fromPort": port, "ipProtocol": "tcp", "ipv6Ranges": [], "prefixListIds": [], "toPort": port,
           "userIdGroupPairs": [], "ipv4Ranges": [{"cidrIp": cidr}], "ipRanges": [cidr]})
}

fn write_gz(path: &Path, value: &Value) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    gz.write_all(serde_json::to_string(value).unwrap().as_bytes())
        .unwrap();
    gz.finish().unwrap();
}

fn write_json(path: &Path, value: &Value) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

/// A delivery folder: two gzipped history files (items out of order, both spellings of the
/// state id, numbers and strings) and a snapshot file repeating the latest state.
fn sg_config_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = dir
        .path()
        .join(format!("AWSLogs/{ACCOUNT}/Config/us-east-1/2026/3"));
    let history = |day: &str, name: &str| {
        base.join(format!(
            "{day}/ConfigHistory/{ACCOUNT}_Config_us-east-1_ConfigHistory_AWS::EC2::SecurityGroup_{name}.json.gz"
        ))
    };
    // The newer file first in name order, to show that order comes from the items.
    write_gz(
        &history("1", "20260312T092541Z_20260312T100000Z_1"),
        &json!({"fileVersion": "1.0", "requestId": "8b3f1a70-6c2d-4e4b-9c1e-2f0a5d7e3b91", "configurationItems": [
            // Same capture time as the next: the state id orders them, as a number (9 < 10).
            sg_item("2026-03-12T09:58:00.000Z", json!("10"), "configurationStateId", "OK",
                json!([tcp(22, "10.0.0.0/8"), tcp(8080, "0.0.0.0/0"), tcp(443, "0.0.0.0/0")])),
            sg_item("2026-03-12T09:58:00.000Z", json!("9"), "configurationStateId", "OK",
                json!([tcp(22, "10.0.0.0/8"), tcp(8080, "0.0.0.0/0")])),
            sg_item("2026-03-12T09:25:41.120Z", json!(1_773_307_541_120_u64), "configurationStateId", "OK",
                json!([tcp(22, "10.0.0.0/8"), tcp(8080, "0.0.0.0/0")])),
        ]}),
    );
    write_gz(
        &history("10", "20260310T080000Z_20260310T080000Z_1"),
        &json!({"fileVersion": "1.0", "requestId": "1c0e7f52-0a8b-4d6e-8f3a-6b9d2c4e1a07", "configurationItems": [
            sg_item("2026-03-10T08:00:00.000Z", json!(1_773_129_600_000_u64), "configurationStateID", "ResourceDiscovered",
                json!([tcp(22, "10.0.0.0/8")])),
        ]}),
    );
    // A configuration snapshot delivered later repeats the last state: no change.
    write_json(
        &base.join(format!(
            "13/ConfigSnapshot/{ACCOUNT}_Config_us-east-1_ConfigSnapshot_20260313T000000Z_5f1b9c2e.json"
        )),
        &json!({"fileVersion": "1.0", "configSnapshotId": "5f1b9c2e-3d4a-4b6c-8e7f-9a0b1c2d3e4f", "configurationItems": [
            sg_item("2026-03-13T00:00:00.000Z", json!("1773360000000"), "configurationStateId", "OK",
                json!([tcp(443, "0.0.0.0/0"), tcp(8080, "0.0.0.0/0"), tcp(22, "10.0.0.0/8")])),
        ]}),
    );
    dir
}

#[test]
fn a_security_group_timeline_in_order_with_field_changes() {
    let dir = sg_config_dir();
    let h = stdout_json(keyaki().arg("history").arg(dir.path()).args([
        "--resource",
        SG,
        "--format",
        "json",
    ]));
    assert_eq!(h["resource_type"], "AWS::EC2::SecurityGroup");
    assert_eq!(h["account"], ACCOUNT);
    let steps = h["steps"].as_array().unwrap();
    let order: Vec<(&str, &str)> = steps
        .iter()
        .map(|s| {
            (
                s["capture_time"].as_str().unwrap(),
                s["state_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("2026-03-10T08:00:00.000Z", "1773129600000"),
            ("2026-03-12T09:25:41.120Z", "1773307541120"),
            ("2026-03-12T09:58:00.000Z", "9"),
            ("2026-03-12T09:58:00.000Z", "10"),
            ("2026-03-13T00:00:00.000Z", "1773360000000"),
        ]
    );
    assert_eq!(steps[0]["status"], "ResourceDiscovered");
    assert_eq!(steps[0]["changes"], json!([]));
    // 8080 from anywhere appears, field by field.
    let added: Vec<&Value> = steps[1]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "added")
        .collect();
    assert!(
        added.iter().any(|c| c["path"]
            .as_str()
            .unwrap()
            .starts_with("$.configuration.ipPermissions")
            && c["new"]["fromPort"] == 8080),
        "{:#}",
        steps[1]
    );
    // The state id alone changed between 09:25 and the first 09:58 item: nothing to report.
    assert_eq!(steps[2]["changes"], json!([]));
    assert!(
        steps[3]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "added" && c["new"]["fromPort"] == 443)
    );
    // Rules matched by protocol and ports, not position: the snapshot's reordering is no change.
    assert_eq!(steps[4]["changes"], json!([]));
    assert!(
        steps[0]["source"]
            .as_str()
            .unwrap()
            .contains("ConfigHistory_AWS::EC2::SecurityGroup_20260310T080000Z")
    );
    assert_eq!(steps[0]["json_path"], "$.configurationItems[0]");

    // The table names each step and its changes.
    let (stdout, _) = run(
        keyaki().arg("history").arg(dir.path()).args([
            "--resource",
            &format!("arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/{SG}"),
        ]),
        0,
    );
    assert!(stdout.contains("5 configuration items"), "{stdout}");
    assert!(
        stdout.contains("2026-03-12T09:25:41.120Z  OK  state 1773307541120"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+ $.configuration.ipPermissions"),
        "{stdout}"
    );
}

/// The IAM role the example's intruder gave AdministratorAccess to, as AWS Config recorded
/// it, with the CloudTrail event id of the AttachRolePolicy call in the example's logs.
fn role_item(time: &str, state: &str, status: &str, policies: Value, related: Value) -> Value {
    json!({
        "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": time,
        "configurationStateId": state,
        "configurationItemStatus": status,
        "configurationItemMD5Hash": "",
        "ARN": format!("arn:aws:iam::{ACCOUNT}:role/web-server-role"),
        "resourceType": "AWS::IAM::Role",
        "resourceId": "AROABZPUZDIKMI6Y7KLED",
        "resourceName": "web-server-role",
        "awsRegion": "global",
        "awsAccountId": ACCOUNT,
        "availabilityZone": "Not Applicable",
        "resourceCreationTime": "2025-11-04T08:55:12.000Z",
        "tags": {},
        "relatedEvents": related,
        "relationships": [],
        "configuration": {
            "path": "/",
            "roleName": "web-server-role",
            "roleId": "AROABZPUZDIKMI6Y7KLED",
            "arn": format!("arn:aws:iam::{ACCOUNT}:role/web-server-role"),
            "createDate": "2025-11-04T08:55:12.000Z",
            "assumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
            "instanceProfileList": [],
            "rolePolicyList": [],
            "attachedManagedPolicies": policies,
            "permissionsBoundary": null,
            "tags": []
        },
        "supplementaryConfiguration": {}
    })
}

fn user_item(time: &str) -> Value {
    json!({
        "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": time,
        "configurationStateId": "1773308350000",
        "configurationItemStatus": "ResourceDiscovered",
        "configurationItemMD5Hash": "",
        "ARN": format!("arn:aws:iam::{ACCOUNT}:user/svc-backup"),
        "resourceType": "AWS::IAM::User",
        "resourceId": "AIDABZPUZDIKM2YLPVYM6",
        "resourceName": "svc-backup",
        "awsRegion": "global",
        "awsAccountId": ACCOUNT,
        "availabilityZone": "Not Applicable",
        "resourceCreationTime": "2026-03-12T09:38:05.000Z",
        "tags": {},
        "relatedEvents": [],
        "relationships": [],
        "configuration": {
            "path": "/", "userName": "svc-backup", "userId": "AIDABZPUZDIKM2YLPVYM6",
            "arn": format!("arn:aws:iam::{ACCOUNT}:user/svc-backup"),
            "createDate": "2026-03-12T09:38:05.000Z", "userPolicyList": [], "groupList": [],
            "attachedManagedPolicies": [{"policyName": "AdministratorAccess", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}],
            "permissionsBoundary": null, "tags": []
        },
        "supplementaryConfiguration": {}
    })
}

fn iam_config_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join(format!(
        "AWSLogs/{ACCOUNT}/Config/us-east-1/2026/3/12/ConfigHistory"
    ));
    let ssm = json!([{"policyName": "AmazonSSMManagedInstanceCore", "policyArn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}]);
    let admin = json!([
        {"policyName": "AmazonSSMManagedInstanceCore", "policyArn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"},
        {"policyName": "AdministratorAccess", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
    ]);
    write_gz(
        &base.join(format!("{ACCOUNT}_Config_us-east-1_ConfigHistory_AWS::IAM::Role_20260312T093000Z_20260312T093000Z_1.json.gz")),
        &json!({"fileVersion": "1.0", "requestId": "3e9a6c1b-7f2d-4a58-b0c4-d1e2f3a4b5c6", "configurationItems": [
            role_item("2026-03-12T08:00:00.000Z", "1773302400000", "OK", ssm, json!([])),
            role_item("2026-03-12T09:30:00.000Z", "1773307800000", "OK", admin,
                json!(["771e4f5a-93bc-4b61-aba1-cb9b2adc90de"])),
        ]}),
    );
    write_gz(
        &base.join(format!("{ACCOUNT}_Config_us-east-1_ConfigHistory_AWS::IAM::User_20260312T093910Z_20260312T093910Z_1.json.gz")),
        &json!({"fileVersion": "1.0", "requestId": "6d2b8e4f-1a3c-4e5d-9f7a-0b1c2d3e4f5a", "configurationItems": [
            user_item("2026-03-12T09:39:10.000Z"),
        ]}),
    );
    dir
}

#[test]
fn the_lake_names_the_call_behind_each_change() {
    let dir = iam_config_dir();
    let lake = example_lake();

    // AWS Config names the event: AttachRolePolicy by the stolen instance credentials.
    let h = stdout_json(
        keyaki()
            .arg("history")
            .arg(dir.path())
            .args([
                "--resource",
                "web-server-role",
                "--format",
                "json",
                "--lake",
            ])
            .arg(&lake.path),
    );
    let steps = h["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(
        steps[1]["caused_by"],
        json!([{
            "event_id": "771e4f5a-93bc-4b61-aba1-cb9b2adc90de",
            "event_name": "AttachRolePolicy",
            "event_time": "2026-03-12T09:23:03Z",
            "actor": "arn:aws:sts::123456789012:assumed-role/web-server-role/i-a8c31c8d9e52e859f",
            "source_ip": "203.0.113.45",
            "matched_by": "related_event"
        }])
    );
    let change = &steps[1]["changes"][0];
    assert_eq!(change["kind"], "added");
    assert_eq!(change["new"]["policyName"], "AdministratorAccess");

    // No related events: the successful writes that mention the user in the 15 minutes before
    // AWS Config discovered it.
    let h = stdout_json(
        keyaki()
            .arg("history")
            .arg(dir.path())
            .args([
                "--resource",
                "AIDABZPUZDIKM2YLPVYM6",
                "--format",
                "json",
                "--lake",
            ])
            .arg(&lake.path),
    );
    let caused: Vec<(&str, &str)> = h["steps"][0]["caused_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["matched_by"], "time_window");
            assert_eq!(e["source_ip"], "198.51.100.77");
            (
                e["event_name"].as_str().unwrap(),
                e["event_time"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        caused,
        [
            ("CreateUser", "2026-03-12T09:38:05Z"),
            ("CreateAccessKey", "2026-03-12T09:38:20Z"),
            ("AttachUserPolicy", "2026-03-12T09:38:31Z"),
            ("CreateLoginProfile", "2026-03-12T09:38:45Z"),
        ]
    );

    let (stdout, _) = run(
        keyaki()
            .arg("history")
            .arg(dir.path())
            .args([
                "--resource",
                "arn:aws:iam::123456789012:role/web-server-role",
                "--lake",
            ])
            .arg(&lake.path),
        0,
    );
    assert!(
        stdout.contains("caused by AttachRolePolicy at 2026-03-12T09:23:03Z by arn:aws:sts::123456789012:assumed-role/web-server-role/i-a8c31c8d9e52e859f from 203.0.113.45"),
        "{stdout}"
    );
}

#[test]
fn unknown_resources_and_bad_files_are_errors() {
    let dir = sg_config_dir();
    let (_, stderr) = run(
        keyaki()
            .arg("history")
            .arg(dir.path())
            .args(["--resource", "sg-00000000000000000"]),
        1,
    );
    assert!(stderr.contains("no AWS Config configuration item has resourceId, ARN or resourceName \"sg-00000000000000000\""), "{stderr}");

    let bad = dir.path().join("AWSLogs/broken.json");
    std::fs::write(
        &bad,
        "{\"fileVersion\": \"1.0\", \"configurationItems\": [\n  {\"resourceType\": 7}\n]}",
    )
    .unwrap();
    let (_, stderr) = run(
        keyaki()
            .arg("history")
            .arg(dir.path())
            .args(["--resource", SG]),
        1,
    );
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("resourceType"), "{stderr}");
}
