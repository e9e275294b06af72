#![allow(clippy::unwrap_used)]
//! The outputs keyaki reads for the CIS monitoring and remaining CIS requirements: CloudWatch
//! Logs metric filters, CloudWatch alarms, SNS subscriptions, EFS file systems and IAM Access
//! Analyzer analyzers. Each is recognised by its top-level keys, in or out of its service
//! folder, and paginated files add up.

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
    let unknown: Vec<String> = snapshot
        .warnings()
        .iter()
        .filter(|w| matches!(w.kind, WarningKind::UnknownFile))
        .map(ToString::to_string)
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    snapshot
}

const TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:alarms";

#[test]
fn metric_filters_alarms_and_subscriptions() {
    let s = load(&[
        (
            "us-east-1/logs/describe-metric-filters.json",
            json!({"metricFilters": [{"filterName": "root", "filterPattern": "{ $.userIdentity.type = \"Root\" }",
                "logGroupName": "trail-logs", "creationTime": 1705310140000_i64,
                "metricTransformations": [{"metricName": "RootUsage", "metricNamespace": "CIS", "metricValue": "1"}]}],
                "nextToken": "abc"}),
        ),
        (
            "us-east-1/logs/describe-metric-filters-2.json",
            json!({"metricFilters": [{"filterName": "other", "filterPattern": "ERROR", "logGroupName": "app",
                "metricTransformations": []}]}),
        ),
        (
            "us-east-1/cloudwatch/describe-alarms.json",
            json!({"MetricAlarms": [{"AlarmName": "root", "AlarmActions": [TOPIC], "MetricName": "RootUsage",
                "Namespace": "CIS", "StateValue": "OK", "ActionsEnabled": true}], "CompositeAlarms": []}),
        ),
        (
            "us-east-1/sns/list-subscriptions.json",
            json!({"Subscriptions": [
                {"SubscriptionArn": format!("{TOPIC}:1f0c"), "TopicArn": TOPIC, "Protocol": "email", "Endpoint": "a@example.com", "Owner": "111122223333"},
                {"SubscriptionArn": "PendingConfirmation", "TopicArn": TOPIC, "Protocol": "email", "Endpoint": "b@example.com", "Owner": "111122223333"}]}),
        ),
    ]);
    let region = &s.accounts()[0].regions[0];
    assert!(region.logs.filters_listed());
    assert_eq!(region.logs.metric_filters.len(), 2);
    assert_eq!(region.logs.filters_of("trail-logs").count(), 1);
    assert_eq!(region.cloudwatch.alarms_on("CIS", "RootUsage").count(), 1);
    let confirmed: Vec<_> = region
        .sns
        .confirmed_subscriptions(TOPIC)
        .unwrap()
        .map(|s| s.endpoint.clone())
        .collect();
    assert_eq!(confirmed, vec![Some("a@example.com".to_owned())]);
}

#[test]
fn empty_listings_are_read_as_none_exist() {
    let s = load(&[
        (
            "us-east-1/logs/describe-metric-filters.json",
            json!({"metricFilters": []}),
        ),
        (
            "us-east-1/cloudwatch/describe-alarms.json",
            json!({"MetricAlarms": [], "CompositeAlarms": []}),
        ),
        (
            "us-east-1/sns/list-subscriptions.json",
            json!({"Subscriptions": []}),
        ),
        (
            "us-east-1/efs/describe-file-systems.json",
            json!({"FileSystems": []}),
        ),
        (
            "us-east-1/accessanalyzer/list-analyzers.json",
            json!({"analyzers": []}),
        ),
    ]);
    let region = &s.accounts()[0].regions[0];
    assert!(region.logs.filters_listed());
    assert!(region.cloudwatch.alarms_listed());
    assert_eq!(
        region.sns.confirmed_subscriptions(TOPIC).unwrap().count(),
        0
    );
    assert!(!region.efs.is_empty());
    assert_eq!(region.accessanalyzer.is_enabled(), Some(false));
}

#[test]
fn without_the_outputs_nothing_is_known() {
    let s = load(&[(
        "us-east-1/sns/list-topics.json",
        json!({"Topics": [{"TopicArn": TOPIC}]}),
    )]);
    let region = &s.accounts()[0].regions[0];
    assert!(!region.logs.filters_listed());
    assert!(!region.cloudwatch.alarms_listed());
    assert!(region.sns.confirmed_subscriptions(TOPIC).is_none());
    assert_eq!(region.accessanalyzer.is_enabled(), None);
}

#[test]
fn file_systems_and_analyzers() {
    let s = load(&[
        (
            "us-east-1/efs/describe-file-systems.json",
            json!({"FileSystems": [{"FileSystemId": "fs-1", "Encrypted": false, "LifeCycleState": "available",
                "FileSystemArn": "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1"}]}),
        ),
        (
            "us-east-1/accessanalyzer/list-analyzers.json",
            json!({"analyzers": [{"arn": "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/a", "name": "a",
                "type": "ACCOUNT", "status": "ACTIVE", "createdAt": "2024-01-15T09:40:00Z"}]}),
        ),
    ]);
    let region = &s.accounts()[0].regions[0];
    assert_eq!(region.efs.file_systems[0].encrypted, Some(false));
    assert_eq!(region.accessanalyzer.is_enabled(), Some(true));
    let types: Vec<&str> = s.inventory().iter().map(|i| i.resource_type).collect();
    assert!(types.contains(&"AWS::EFS::FileSystem"), "{types:?}");
    assert!(
        types.contains(&"AWS::AccessAnalyzer::Analyzer"),
        "{types:?}"
    );
}

#[test]
fn a_malformed_filter_names_its_json_path() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "us-east-1/logs/describe-metric-filters.json",
        json!({"metricFilters": [{"filterName": 7}]}),
    );
    let err = Snapshot::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("metricFilters[0]"), "{err}");
}
