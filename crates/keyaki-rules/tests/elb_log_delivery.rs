#![allow(clippy::unwrap_used)]
//! `s3.bucket-shared-outside-org` and the Elastic Load Balancing log-delivery accounts.
//!
//! AWS documents the bucket policy that lets a load balancer write its access logs on
//! "Enable access logs for your Application Load Balancer", section "Attach a policy to your
//! S3 bucket"
//! (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>):
//! it grants `s3:PutObject` to `arn:aws:iam::elb-account-id:root`, where elb-account-id is the
//! Elastic Load Balancing account of the Region (127311923021 for US East (N. Virginia), ...),
//! and in the Regions not listed there to the service principal
//! `logdelivery.elasticloadbalancing.amazonaws.com`. Those accounts belong to AWS, not to
//! someone outside the organisation.

use std::fs;
use std::path::Path;

use keyaki_rules::{CheckOptions, Status, check};
use keyaki_snapshot::Snapshot;
use serde_json::{Value, json};

const CALLER: &str = r#"{"UserId": "AIDAEXAMPLEUSERID0001", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/auditor"}"#;

fn evaluate(bucket: &str, region: &str, statements: Value) -> (Status, Value) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, value: Value| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    };
    fs::write(Path::new(root).join("account.json"), CALLER).unwrap();
    write(
        "global/s3/list-buckets.json",
        json!({"Buckets": [{"Name": bucket, "CreationDate": "2025-11-04T08:30:55+00:00", "BucketRegion": region}],
               "Owner": {"ID": "2c6adf03210d37d5d220a429abcc6b443329cacb911f3ce9c0b05a6dd1c72486"}}),
    );
    let policy = json!({"Version": "2012-10-17", "Statement": statements});
    write(
        &format!("global/s3/{bucket}/get-bucket-policy.json"),
        json!({"Policy": policy.to_string()}),
    );
    let snapshot = Snapshot::load(root).unwrap();
    let options = CheckOptions {
        rules: vec!["s3.bucket-shared-outside-org".to_owned()],
        ..CheckOptions::default()
    };
    let report = check(&snapshot, &options);
    assert_eq!(report.results.len(), 1, "{:#?}", report.results);
    let r = &report.results[0];
    (r.status, r.evidence.clone())
}

#[test]
fn elb_account_of_the_region_is_an_aws_service_account() {
    let (status, evidence) = evaluate(
        "acme-alb-logs",
        "us-east-1",
        json!([{
            "Sid": "ElbAccessLogs",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::127311923021:root"},
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::acme-alb-logs/AWSLogs/123456789012/*"
        }]),
    );
    assert_eq!(status, Status::Pass, "{evidence:#}");
    let service = &evidence["aws_service_accounts"][0];
    assert_eq!(service["account"], "127311923021");
    assert_eq!(service["region"], "us-east-1");
    assert_eq!(
        service["service"],
        "Elastic Load Balancing access log delivery"
    );
    assert!(
        service["source"]
            .as_str()
            .unwrap()
            .ends_with("/application/enable-access-logging.html")
    );
}

#[test]
fn every_documented_elb_account_is_accepted() {
    // The list on the page, Region by Region (the GovCloud accounts included).
    for (region, account) in [
        ("us-east-2", "033677994240"),
        ("eu-west-1", "156460612806"),
        ("ap-northeast-1", "582318560864"),
        ("sa-east-1", "507241528517"),
        ("us-gov-west-1", "048591011584"),
        ("us-gov-east-1", "190560391635"),
    ] {
        let (status, evidence) = evaluate(
            "acme-alb-logs",
            region,
            json!([{"Effect": "Allow", "Principal": {"AWS": account},
                    "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-alb-logs/*"}]),
        );
        assert_eq!(status, Status::Pass, "{region} {account}: {evidence:#}");
        assert_eq!(evidence["aws_service_accounts"][0]["region"], region);
    }
}

#[test]
fn elb_service_principal_is_named_in_the_evidence() {
    let (status, evidence) = evaluate(
        "acme-alb-logs-uae",
        "me-central-1",
        json!([{
            "Effect": "Allow",
            "Principal": {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::acme-alb-logs-uae/AWSLogs/123456789012/*"
        }]),
    );
    assert_eq!(status, Status::Pass, "{evidence:#}");
    assert_eq!(
        evidence["aws_service_accounts"][0]["principal"],
        "logdelivery.elasticloadbalancing.amazonaws.com"
    );
}

#[test]
fn other_foreign_accounts_in_the_same_policy_still_fail() {
    let (status, evidence) = evaluate(
        "acme-alb-logs",
        "us-east-1",
        json!([
            {"Sid": "ElbAccessLogs", "Effect": "Allow",
             "Principal": {"AWS": ["arn:aws:iam::127311923021:root", "arn:aws:iam::444455556666:root"]},
             "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-alb-logs/*"}
        ]),
    );
    assert_eq!(status, Status::Fail, "{evidence:#}");
    assert_eq!(
        evidence["external_statements"][0]["accounts"],
        json!(["444455556666"])
    );
    assert_eq!(
        evidence["aws_service_accounts"][0]["account"],
        "127311923021"
    );
}

#[test]
fn an_account_that_is_not_on_the_page_is_foreign() {
    // One digit away from the us-east-1 account.
    let (status, _) = evaluate(
        "acme-alb-logs",
        "us-east-1",
        json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::127311923022:root"},
                "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-alb-logs/*"}]),
    );
    assert_eq!(status, Status::Fail);
}
