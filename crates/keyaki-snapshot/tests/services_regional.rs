//! The regional security services in a CLI-dir snapshot: KMS, Lambda, CloudTrail, Config,
//! GuardDuty, Security Hub, Secrets Manager, SNS and SQS, each with its list output and its
//! per-resource outputs in `<region>/<service>/<resource>/`.

use std::path::Path;

use keyaki_core::Region;
use keyaki_snapshot::{RegionData, Snapshot, WarningKind};
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
        snap.json(
            "account.json",
            json!({
                "UserId": "AIDAJQABLZS4A3QDU576Q",
                "Account": "111122223333",
                "Arn": "arn:aws:iam::111122223333:user/auditor"
            }),
        )
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

    /// The inventory rows of `types`, one JSON object per line.
    fn inventory(&self, snapshot: &Snapshot, types: &[&str]) -> String {
        let root = self.path().display().to_string();
        snapshot
            .inventory()
            .iter()
            .filter(|i| types.contains(&i.resource_type))
            .map(|i| {
                serde_json::to_string(i)
                    .expect("an inventory row as JSON")
                    .replace(&root, "SNAP")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn region<'a>(snapshot: &'a Snapshot, code: &str) -> &'a RegionData {
    snapshot.accounts()[0]
        .region(&Region::new(code).expect("a region code"))
        .unwrap_or_else(|| panic!("region {code}"))
}

const APP_KEY: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const S3_KEY: &str = "0987dcba-09fe-87dc-65ba-ab0987654321";
const MRK: &str = "mrk-1234abcd12ab34cd56ef1234567890ab";

const KEY_POLICY: &str = r#"{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::111122223333:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}"#;

const FUNCTION_POLICY: &str = r#"{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s3-invoke","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111122223333:function:order-processor","Condition":{"StringEquals":{"AWS:SourceAccount":"111122223333"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::amzn-s3-demo-bucket"}}}]}"#;

const SECRET_POLICY: &str = "{\n\"Version\":\"2012-10-17\",\n\"Statement\":[{\n\"Effect\":\"Allow\",\n\"Principal\":{\n\"AWS\":\"arn:aws:iam::444455556666:root\"\n},\n\"Action\":\"secretsmanager:GetSecretValue\",\n\"Resource\":\"*\"\n}]\n}";

const TOPIC_POLICY: &str = r#"{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"arn:aws:sns:us-east-1:111122223333:my-topic","Condition":{"StringEquals":{"AWS:SourceOwner":"111122223333"}}}]}"#;

const QUEUE_POLICY: &str = r#"{"Version":"2012-10-17","Id":"orders-policy","Statement":[{"Sid":"AllowTopic","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:orders","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:my-topic"}}}]}"#;

fn kms(snap: Snap) -> Snap {
    let arn = |id: &str| format!("arn:aws:kms:us-east-1:111122223333:key/{id}");
    snap.json(
        "us-east-1/kms/list-keys.json",
        json!({
            "Keys": [
                {"KeyId": S3_KEY, "KeyArn": arn(S3_KEY)},
                {"KeyId": APP_KEY, "KeyArn": arn(APP_KEY)},
                {"KeyId": MRK, "KeyArn": arn(MRK)}
            ],
            "Truncated": false
        }),
    )
    .json(
        "us-east-1/kms/list-aliases.json",
        json!({"Aliases": [
            {"AliasName": "alias/app-data", "AliasArn": "arn:aws:kms:us-east-1:111122223333:alias/app-data", "TargetKeyId": APP_KEY, "CreationDate": 1566160362.664, "LastUpdatedDate": 1566160362.664},
            {"AliasName": "alias/aws/s3", "AliasArn": "arn:aws:kms:us-east-1:111122223333:alias/aws/s3", "TargetKeyId": S3_KEY},
            {"AliasName": "alias/aws/ebs", "AliasArn": "arn:aws:kms:us-east-1:111122223333:alias/aws/ebs"}
        ], "Truncated": false}),
    )
    .json(
        &format!("us-east-1/kms/{APP_KEY}/describe-key.json"),
        json!({"KeyMetadata": {
            "AWSAccountId": "111122223333",
            "KeyId": APP_KEY,
            "Arn": arn(APP_KEY),
            "CreationDate": 1566160362.664,
            "Enabled": true,
            "Description": "Application data",
            "KeyUsage": "ENCRYPT_DECRYPT",
            "KeyState": "Enabled",
            "Origin": "AWS_KMS",
            "KeyManager": "CUSTOMER",
            "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "KeySpec": "SYMMETRIC_DEFAULT",
            "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
            "MultiRegion": false
        }}),
    )
    .json(
        &format!("us-east-1/kms/{APP_KEY}/get-key-policy.json"),
        json!({"Policy": KEY_POLICY, "PolicyName": "default"}),
    )
    .json(
        &format!("us-east-1/kms/{APP_KEY}/get-key-rotation-status.json"),
        json!({
            "KeyRotationEnabled": true,
            "KeyId": arn(APP_KEY),
            "RotationPeriodInDays": 365,
            "NextRotationDate": "2025-08-18T20:32:42.664000+00:00"
        }),
    )
    .json(
        &format!("us-east-1/kms/{S3_KEY}/describe-key.json"),
        json!({"KeyMetadata": {
            "AWSAccountId": "111122223333",
            "KeyId": S3_KEY,
            "Arn": arn(S3_KEY),
            "CreationDate": "2019-08-23T00:06:23.394000+00:00",
            "Enabled": true,
            "Description": "Default KMS key that protects my S3 objects when no other key is defined",
            "KeyUsage": "ENCRYPT_DECRYPT",
            "KeyState": "Enabled",
            "Origin": "AWS_KMS",
            "KeyManager": "AWS",
            "KeySpec": "SYMMETRIC_DEFAULT",
            "MultiRegion": false
        }}),
    )
    .json(
        &format!("us-east-1/kms/{S3_KEY}/get-key-rotation-status.json"),
        json!({"KeyRotationEnabled": true}),
    )
    // A key folder named by the key ARN.
    .json(
        "us-east-1/kms/arn%3Aaws%3Akms%3Aus-east-1%3A111122223333%3Akey%2Fmrk-1234abcd12ab34cd56ef1234567890ab/get-key-rotation-status.json",
        json!({"KeyRotationEnabled": false}),
    )
}

fn lambda(snap: Snap) -> Snap {
    snap.json(
        "us-east-1/lambda/list-functions.json",
        json!({"Functions": [
            {
                "FunctionName": "order-processor",
                "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:order-processor",
                "Runtime": "python3.12",
                "Role": "arn:aws:iam::111122223333:role/service-role/order-processor-role-x1y2z3",
                "Handler": "app.handler",
                "CodeSize": 4121,
                "Description": "",
                "Timeout": 30,
                "MemorySize": 256,
                "LastModified": "2025-10-01T16:47:28.490+0000",
                "CodeSha256": "sU0cJ2/hOZevwV/lTxCuQqK3gDZP3i8gUoqUUVRmY6E=",
                "Version": "$LATEST",
                "VpcConfig": {
                    "SubnetIds": ["subnet-0a1b2c3d4e5f6a7b8", "subnet-0f1e2d3c4b5a69788"],
                    "SecurityGroupIds": ["sg-0123456789abcdef0"],
                    "VpcId": "vpc-0a1b2c3d4e5f6a7b8",
                    "Ipv6AllowedForDualStack": false
                },
                "Environment": {"Variables": {
                    "DB_HOST": "orders.cluster-c9akciq32.us-east-1.rds.amazonaws.com",
                    "DB_PASSWORD": "hunter2-s3cr3t-value"
                }},
                "KMSKeyArn": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "TracingConfig": {"Mode": "PassThrough"},
                "RevisionId": "93017fc9-59cb-41dc-901b-4845ce4bf668",
                "PackageType": "Zip",
                "Architectures": ["arm64"]
            },
            {
                "FunctionName": "thumbnail-generator",
                "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:thumbnail-generator",
                "Runtime": "nodejs22.x",
                "Role": "arn:aws:iam::111122223333:role/service-role/thumbnail-role",
                "Handler": "index.handler",
                "LastModified": "2025-09-23T18:32:33.857+0000",
                "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": ""},
                "PackageType": "Zip",
                "Architectures": ["x86_64"]
            }
        ]}),
    )
    .json(
        "us-east-1/lambda/order-processor/get-policy.json",
        json!({"Policy": FUNCTION_POLICY, "RevisionId": "93017fc9-59cb-41dc-901b-4845ce4bf668"}),
    )
}

fn cloudtrail(snap: Snap) -> Snap {
    let management = json!({
        "Name": "management-events",
        "S3BucketName": "example-audit-logs",
        "S3KeyPrefix": "cloudtrail",
        "IncludeGlobalServiceEvents": true,
        "IsMultiRegionTrail": true,
        "HomeRegion": "us-east-1",
        "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events",
        "LogFileValidationEnabled": true,
        "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/management:*",
        "CloudWatchLogsRoleArn": "arn:aws:iam::111122223333:role/CloudTrail_CloudWatchLogs_Role",
        "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "HasCustomEventSelectors": false,
        "HasInsightSelectors": false,
        "IsOrganizationTrail": false
    });
    snap.json(
        "us-east-1/cloudtrail/describe-trails.json",
        json!({"trailList": [
            management.clone(),
            {
                "Name": "data-events-trail",
                "S3BucketName": "example-audit-logs",
                "IncludeGlobalServiceEvents": false,
                "IsMultiRegionTrail": false,
                "HomeRegion": "us-east-1",
                "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/data-events-trail",
                "LogFileValidationEnabled": false,
                "HasCustomEventSelectors": true,
                "HasInsightSelectors": false,
                "IsOrganizationTrail": false
            }
        ]}),
    )
    .json(
        "us-east-1/cloudtrail/management-events/get-trail-status.json",
        json!({
            "IsLogging": true,
            "LatestDeliveryTime": 1454022144.869,
            "LatestNotificationAttemptSucceeded": "2016-01-28T23:02:24Z",
            "LatestDeliveryAttemptTime": "2016-01-28T23:02:24Z",
            "TimeLoggingStarted": "2015-11-06T18:36:38Z",
            "LatestDeliveryAttemptSucceeded": "2016-01-28T23:02:24Z",
            "LatestCloudWatchLogsDeliveryTime": 1454022144.918,
            "StartLoggingTime": 1446834998.695,
            "StopLoggingTime": 1446834996.933,
            "TimeLoggingStopped": "2015-11-06T18:36:36Z"
        }),
    )
    .json(
        "us-east-1/cloudtrail/management-events/get-event-selectors.json",
        json!({
            "EventSelectors": [{
                "ReadWriteType": "All",
                "IncludeManagementEvents": true,
                "DataResources": [],
                "ExcludeManagementEventSources": []
            }],
            "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events"
        }),
    )
    .json(
        "us-east-1/cloudtrail/data-events-trail/get-trail-status.json",
        json!({
            "IsLogging": false,
            "LatestDeliveryError": "AccessDenied",
            "StopLoggingTime": "2024-03-02T09:15:00.000000+00:00"
        }),
    )
    .json(
        "us-east-1/cloudtrail/data-events-trail/get-event-selectors.json",
        json!({
            "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/data-events-trail",
            "AdvancedEventSelectors": [{
                "Name": "Log S3 data events",
                "FieldSelectors": [
                    {"Field": "eventCategory", "Equals": ["Data"]},
                    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}
                ]
            }]
        }),
    )
    // eu-west-1 shows the multi-Region trail of us-east-1 (a shadow trail).
    .json(
        "eu-west-1/cloudtrail/describe-trails.json",
        json!({"trailList": [management]}),
    )
}

fn config(snap: Snap) -> Snap {
    snap.json(
        "us-east-1/configservice/describe-configuration-recorders.json",
        json!({"ConfigurationRecorders": [{
            "name": "default",
            "roleARN": "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "recordingGroup": {
                "allSupported": true,
                "includeGlobalResourceTypes": true,
                "resourceTypes": [],
                "exclusionByResourceTypes": {"resourceTypes": []},
                "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}
            },
            "recordingMode": {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []}
        }]}),
    )
    .json(
        "us-east-1/configservice/describe-configuration-recorder-status.json",
        json!({"ConfigurationRecordersStatus": [{
            "name": "default",
            "lastStartTime": 1441039997.819,
            "lastStopTime": 1441039992.835,
            "recording": true,
            "lastStatus": "SUCCESS",
            "lastStatusChangeTime": 1452193834.344
        }]}),
    )
    .json(
        "us-east-1/configservice/describe-delivery-channels.json",
        json!({"DeliveryChannels": [{
            "name": "default",
            "s3BucketName": "config-bucket-111122223333",
            "snsTopicARN": "arn:aws:sns:us-east-1:111122223333:config-topic",
            "configSnapshotDeliveryProperties": {"deliveryFrequency": "TwentyFour_Hours"}
        }]}),
    )
}

const DETECTOR: &str = "12abc34d567e8fa901bc2d34eexample";

fn guardduty_and_securityhub(snap: Snap) -> Snap {
    snap.json(
        "us-east-1/guardduty/list-detectors.json",
        json!({"DetectorIds": [DETECTOR]}),
    )
    .json(
        &format!("us-east-1/guardduty/{DETECTOR}/get-detector.json"),
        json!({
            "CreatedAt": "2017-12-22T22:51:31.940Z",
            "FindingPublishingFrequency": "SIX_HOURS",
            "ServiceRole": "arn:aws:iam::111122223333:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
            "Status": "ENABLED",
            "UpdatedAt": "2018-11-07T03:24:22.938Z",
            "DataSources": {
                "CloudTrail": {"Status": "ENABLED"},
                "DNSLogs": {"Status": "ENABLED"},
                "FlowLogs": {"Status": "ENABLED"},
                "S3Logs": {"Status": "ENABLED"}
            },
            "Tags": {"team": "security"},
            "Features": [
                {"Name": "CLOUD_TRAIL", "Status": "ENABLED", "UpdatedAt": "2023-03-10T15:08:18+00:00"},
                {"Name": "S3_DATA_EVENTS", "Status": "ENABLED", "UpdatedAt": "2023-03-10T15:08:18+00:00"},
                {"Name": "EKS_AUDIT_LOGS", "Status": "DISABLED", "UpdatedAt": "2023-03-10T15:08:18+00:00"}
            ]
        }),
    )
    .json(
        "eu-west-1/guardduty/list-detectors.json",
        json!({"DetectorIds": []}),
    )
    .json(
        "us-east-1/securityhub/describe-hub.json",
        json!({
            "HubArn": "arn:aws:securityhub:us-east-1:111122223333:hub/default",
            "SubscribedAt": "2019-11-19T23:15:10.046Z",
            "AutoEnableControls": true,
            "ControlFindingGenerator": "SECURITY_CONTROL"
        }),
    )
}

fn secrets(snap: Snap) -> Snap {
    snap.json(
        "us-east-1/secretsmanager/list-secrets.json",
        json!({"SecretList": [
            {
                "ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:MyTestSecret-a1b2c3",
                "Name": "MyTestSecret",
                "LastChangedDate": 1523477145.729,
                "SecretVersionsToStages": {"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111": ["AWSCURRENT"]}
            },
            {
                "ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-Xy9Zq1",
                "Name": "prod/db/password",
                "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "RotationEnabled": true,
                "RotationLambdaARN": "arn:aws:lambda:us-east-1:111122223333:function:rotate-db",
                "RotationRules": {"AutomaticallyAfterDays": 30},
                "LastRotatedDate": 1673477781.26,
                "LastChangedDate": 1673477781.275,
                "LastAccessedDate": 1673395200.0,
                "CreatedDate": 1673467300.7,
                "Tags": [{"Key": "env", "Value": "prod"}],
                "PrimaryRegion": "us-east-1"
            }
        ]}),
    )
    .json(
        "us-east-1/secretsmanager/prod%2Fdb%2Fpassword/get-resource-policy.json",
        json!({
            "ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-Xy9Zq1",
            "Name": "prod/db/password",
            "ResourcePolicy": SECRET_POLICY
        }),
    )
    // A secret without a resource policy.
    .json(
        "us-east-1/secretsmanager/MyTestSecret/get-resource-policy.json",
        json!({
            "ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:MyTestSecret-a1b2c3",
            "Name": "MyTestSecret"
        }),
    )
}

fn sns_and_sqs(snap: Snap) -> Snap {
    snap.json(
        "us-east-1/sns/list-topics.json",
        json!({"Topics": [
            {"TopicArn": "arn:aws:sns:us-east-1:111122223333:my-topic"},
            {"TopicArn": "arn:aws:sns:us-east-1:111122223333:alerts"}
        ]}),
    )
    .json(
        "us-east-1/sns/arn%3Aaws%3Asns%3Aus-east-1%3A111122223333%3Amy-topic/get-topic-attributes.json",
        json!({"Attributes": {
            "SubscriptionsConfirmed": "1",
            "DisplayName": "my-topic",
            "SubscriptionsDeleted": "0",
            "EffectiveDeliveryPolicy": "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false}}",
            "Owner": "111122223333",
            "Policy": TOPIC_POLICY,
            "TopicArn": "arn:aws:sns:us-east-1:111122223333:my-topic",
            "SubscriptionsPending": "0"
        }}),
    )
    // A topic folder named by the topic name.
    .json(
        "us-east-1/sns/alerts/get-topic-attributes.json",
        json!({"Attributes": {
            "Owner": "111122223333",
            "TopicArn": "arn:aws:sns:us-east-1:111122223333:alerts",
            "KmsMasterKeyId": "alias/aws/sns",
            "SubscriptionsConfirmed": "3",
            "FifoTopic": "false"
        }}),
    )
    .json(
        "us-east-1/sqs/list-queues.json",
        json!({"QueueUrls": [
            "https://sqs.us-east-1.amazonaws.com/111122223333/orders",
            "https://sqs.us-east-1.amazonaws.com/111122223333/orders-dlq"
        ]}),
    )
    .json(
        "us-east-1/sqs/orders/get-queue-attributes.json",
        json!({"Attributes": {
            "QueueArn": "arn:aws:sqs:us-east-1:111122223333:orders",
            "ApproximateNumberOfMessages": "0",
            "CreatedTimestamp": "1701234567",
            "LastModifiedTimestamp": "1701234890",
            "VisibilityTimeout": "30",
            "MaximumMessageSize": "262144",
            "MessageRetentionPeriod": "345600",
            "DelaySeconds": "0",
            "Policy": QUEUE_POLICY,
            "RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:111122223333:orders-dlq\",\"maxReceiveCount\":5}",
            "KmsMasterKeyId": "alias/app-data",
            "KmsDataKeyReusePeriodSeconds": "300",
            "SqsManagedSseEnabled": "false"
        }}),
    )
    .json(
        "us-east-1/sqs/orders-dlq/get-queue-attributes.json",
        json!({"Attributes": {
            "QueueArn": "arn:aws:sqs:us-east-1:111122223333:orders-dlq",
            "MessageRetentionPeriod": "1209600",
            "SqsManagedSseEnabled": "true"
        }}),
    )
}

fn everything() -> Snap {
    sns_and_sqs(secrets(guardduty_and_securityhub(config(cloudtrail(
        lambda(kms(Snap::new())),
    )))))
}

#[test]
fn a_full_snapshot_loads_without_warnings() {
    let snap = everything();
    let snapshot = snap.load();
    assert_eq!(snap.warnings(&snapshot), "");
}

#[test]
fn kms_keys_with_metadata_policy_rotation_and_aliases() {
    let snapshot = everything().load();
    let kms = &region(&snapshot, "us-east-1").kms;
    assert_eq!(kms.keys.len(), 3);
    let app = kms.key(APP_KEY).unwrap();
    assert!(app.listed.is_some());
    assert_eq!(app.is_customer_managed(), Some(true));
    assert_eq!(app.rotation_enabled(), Some(true));
    assert_eq!(
        app.rotation.as_ref().unwrap().rotation_period_in_days,
        Some(365)
    );
    let metadata = app.metadata.as_ref().unwrap();
    assert_eq!(metadata.key_state.as_deref(), Some("Enabled"));
    // Seconds since 1970, as AWS CLI v1 prints them, become UTC ISO 8601 text.
    assert_eq!(
        metadata.creation_date.as_deref(),
        Some("2019-08-18T20:32:42.664Z")
    );
    assert_eq!(app.policy.as_ref().unwrap().raw.get(), KEY_POLICY);
    assert_eq!(app.policy_name.as_deref(), Some("default"));

    // Lookups by id, ARN, alias name and alias ARN.
    let by = |id: &str| kms.key(id).map(|k| k.key_id.as_str());
    assert_eq!(
        by("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        Some(APP_KEY)
    );
    assert_eq!(by("alias/app-data"), Some(APP_KEY));
    assert_eq!(
        by("arn:aws:kms:us-east-1:111122223333:alias/aws/s3"),
        Some(S3_KEY)
    );
    assert_eq!(
        by("alias/aws/ebs"),
        None,
        "a predefined alias without a key"
    );
    let aliases: Vec<&str> = kms.aliases_of(app).map(|a| a.alias_name.as_str()).collect();
    assert_eq!(aliases, ["alias/app-data"]);

    assert_eq!(kms.key(S3_KEY).unwrap().is_customer_managed(), Some(false));
    // The folder named by the key ARN attaches to the key.
    assert_eq!(kms.key(MRK).unwrap().rotation_enabled(), Some(false));
}

#[test]
fn lambda_functions_keep_environment_variable_names_only() {
    let snap = everything();
    let snapshot = snap.load();
    let lambda = &region(&snapshot, "us-east-1").lambda;
    let f = lambda
        .function("arn:aws:lambda:us-east-1:111122223333:function:order-processor:$LATEST")
        .unwrap();
    let configuration = f.configuration.as_ref().unwrap();
    assert_eq!(
        configuration.environment.as_ref().unwrap().variable_names,
        ["DB_HOST", "DB_PASSWORD"]
    );
    assert_eq!(f.in_vpc(), Some(true));
    assert_eq!(f.policy.as_ref().unwrap().raw.get(), FUNCTION_POLICY);
    assert_eq!(
        f.policy_revision_id.as_deref(),
        Some("93017fc9-59cb-41dc-901b-4845ce4bf668")
    );
    // The value stays in the raw JSON only: neither the typed view nor the inventory has it.
    assert!(configuration.raw.get().contains("hunter2-s3cr3t-value"));
    assert!(!format!("{:?}", configuration.data).contains("hunter2"));
    let inventory = snap.inventory(&snapshot, &["AWS::Lambda::Function"]);
    assert!(!inventory.contains("hunter2"));
    assert!(inventory.contains("DB_PASSWORD"));

    let thumbnails = lambda.function("thumbnail-generator").unwrap();
    assert_eq!(thumbnails.in_vpc(), Some(false));
    assert!(thumbnails.policy.is_none());
    let role = "arn:aws:iam::111122223333:role/service-role/thumbnail-role";
    let with_role: Vec<&str> = lambda
        .functions_with_role(role)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(with_role, ["thumbnail-generator"]);
}

#[test]
fn cloudtrail_trails_with_status_and_selectors() {
    let snapshot = everything().load();
    let trails = &region(&snapshot, "us-east-1").cloudtrail;
    let m = trails
        .trail("arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events")
        .unwrap();
    assert_eq!(m.is_multi_region(), Some(true));
    assert_eq!(m.is_logging(), Some(true));
    assert_eq!(m.log_file_validation(), Some(true));
    let status = m.status.as_ref().unwrap();
    assert_eq!(
        status.latest_delivery_time.as_deref(),
        Some("2016-01-28T23:02:24.869Z")
    );
    let selectors = m.event_selectors.as_ref().unwrap();
    assert_eq!(
        selectors.event_selectors[0].read_write_type.as_deref(),
        Some("All")
    );
    assert!(!m.is_shadow("us-east-1"));

    let d = trails.trail("data-events-trail").unwrap();
    assert_eq!(d.is_logging(), Some(false));
    let advanced = &d.event_selectors.as_ref().unwrap().advanced_event_selectors;
    assert_eq!(advanced[0].field_selectors[1].equals, ["AWS::S3::Object"]);
    assert_eq!(
        d.status.as_ref().unwrap().latest_delivery_error.as_deref(),
        Some("AccessDenied")
    );

    let shadow = region(&snapshot, "eu-west-1")
        .cloudtrail
        .trail("management-events")
        .unwrap();
    assert!(shadow.is_shadow("eu-west-1"));
    assert_eq!(shadow.is_logging(), None);
}

#[test]
fn config_guardduty_and_securityhub() {
    let snapshot = everything().load();
    let us = region(&snapshot, "us-east-1");
    let recorder = us.config.recorder("default").unwrap();
    assert_eq!(recorder.is_recording(), Some(true));
    assert_eq!(
        recorder.status.as_ref().unwrap().last_start_time.as_deref(),
        Some("2015-08-31T16:53:17.819Z")
    );
    let group = recorder
        .configuration
        .as_ref()
        .unwrap()
        .recording_group
        .as_ref()
        .unwrap();
    assert_eq!(group.all_supported, Some(true));
    assert_eq!(us.config.is_recording(), Some(true));
    assert_eq!(
        us.config.delivery_channels[0].s3_bucket_name.as_deref(),
        Some("config-bucket-111122223333")
    );
    // The status file sorts before the recorders file: no dangling warning remains.
    assert!(snapshot.warnings().is_empty());

    let detector = us.guardduty.detector(DETECTOR).unwrap();
    assert_eq!(detector.is_enabled(), Some(true));
    assert_eq!(detector.details.as_ref().unwrap().tags["team"], "security");
    assert_eq!(us.guardduty.is_enabled(), Some(true));
    let eu = region(&snapshot, "eu-west-1");
    assert_eq!(eu.guardduty.is_enabled(), Some(false), "no detector listed");

    assert_eq!(us.securityhub.is_enabled(), Some(true));
    assert_eq!(eu.securityhub.is_enabled(), None, "absent means unknown");
}

#[test]
fn secrets_with_resource_policies() {
    let snapshot = everything().load();
    let secrets = &region(&snapshot, "us-east-1").secretsmanager;
    let db = secrets.secret("prod/db/password").unwrap();
    assert_eq!(
        db.arn(),
        Some("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-Xy9Zq1")
    );
    assert_eq!(db.rotation_enabled(), Some(true));
    assert_eq!(db.policy.as_ref().unwrap().raw.get(), SECRET_POLICY);
    assert_eq!(
        db.listed.as_ref().unwrap().last_accessed_date.as_deref(),
        Some("2023-01-11T00:00:00Z")
    );
    let test = secrets
        .secret("arn:aws:secretsmanager:us-east-1:111122223333:secret:MyTestSecret-a1b2c3")
        .unwrap();
    assert!(test.policy.is_none());
    assert_eq!(test.rotation_enabled(), Some(false));
}

#[test]
fn topics_and_queues_with_access_policies() {
    let snapshot = everything().load();
    let us = region(&snapshot, "us-east-1");
    let topic = us
        .sns
        .topic("arn:aws:sns:us-east-1:111122223333:my-topic")
        .unwrap();
    assert_eq!(topic.policy.as_ref().unwrap().raw.get(), TOPIC_POLICY);
    assert_eq!(
        topic.policy.as_ref().unwrap().origin.json_path.as_ref(),
        "$.Attributes.Policy"
    );
    assert_eq!(topic.kms_key(), None);
    let alerts = us.sns.topic("alerts").unwrap();
    assert_eq!(alerts.kms_key(), Some("alias/aws/sns"));
    assert!(alerts.policy.is_none());

    let orders = us
        .sqs
        .queue("https://sqs.us-east-1.amazonaws.com/111122223333/orders")
        .unwrap();
    assert_eq!(
        orders.arn(),
        Some("arn:aws:sqs:us-east-1:111122223333:orders")
    );
    assert_eq!(orders.policy.as_ref().unwrap().raw.get(), QUEUE_POLICY);
    assert_eq!(orders.encryption(), Some("SSE-KMS"));
    let dlq = us
        .sqs
        .queue("arn:aws:sqs:us-east-1:111122223333:orders-dlq")
        .unwrap();
    assert_eq!(dlq.encryption(), Some("SSE-SQS"));
}

#[test]
fn inventory_rows() {
    let snap = everything();
    let snapshot = snap.load();
    let types = [
        "AWS::KMS::Key",
        "AWS::Lambda::Function",
        "AWS::CloudTrail::Trail",
        "AWS::Config::ConfigurationRecorder",
        "AWS::GuardDuty::Detector",
        "AWS::SecurityHub::Hub",
        "AWS::SecretsManager::Secret",
        "AWS::SNS::Topic",
        "AWS::SQS::Queue",
    ];
    insta::assert_snapshot!(snap.inventory(&snapshot, &types), @r#"
    {"type":"AWS::CloudTrail::Trail","id":"management-events","arn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events","account":"111122223333","region":"eu-west-1","name":"management-events","attributes":{"home_region":"us-east-1","shadow":true,"multi_region":true,"organization_trail":false,"log_file_validation":true,"s3_bucket":"example-audit-logs","kms_key":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","cloudwatch_logs_log_group":"arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/management:*"},"source":"SNAP/eu-west-1/cloudtrail/describe-trails.json:3"}
    {"type":"AWS::Lambda::Function","id":"order-processor","arn":"arn:aws:lambda:us-east-1:111122223333:function:order-processor","account":"111122223333","region":"us-east-1","name":"order-processor","attributes":{"runtime":"python3.12","package_type":"Zip","role":"arn:aws:iam::111122223333:role/service-role/order-processor-role-x1y2z3","handler":"app.handler","in_vpc":true,"vpc_id":"vpc-0a1b2c3d4e5f6a7b8","security_groups":["sg-0123456789abcdef0"],"environment_variables":["DB_HOST","DB_PASSWORD"],"kms_key":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","has_policy":true,"last_modified":"2025-10-01T16:47:28.490+0000"},"source":"SNAP/us-east-1/lambda/list-functions.json:3"}
    {"type":"AWS::Lambda::Function","id":"thumbnail-generator","arn":"arn:aws:lambda:us-east-1:111122223333:function:thumbnail-generator","account":"111122223333","region":"us-east-1","name":"thumbnail-generator","attributes":{"runtime":"nodejs22.x","package_type":"Zip","role":"arn:aws:iam::111122223333:role/service-role/thumbnail-role","handler":"index.handler","in_vpc":false,"has_policy":false,"last_modified":"2025-09-23T18:32:33.857+0000"},"source":"SNAP/us-east-1/lambda/list-functions.json:43"}
    {"type":"AWS::KMS::Key","id":"0987dcba-09fe-87dc-65ba-ab0987654321","arn":"arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321","account":"111122223333","region":"us-east-1","name":"alias/aws/s3","attributes":{"key_manager":"AWS","key_state":"Enabled","key_spec":"SYMMETRIC_DEFAULT","key_usage":"ENCRYPT_DECRYPT","origin":"AWS_KMS","multi_region":false,"rotation":true,"has_policy":false,"aliases":["alias/aws/s3"],"description":"Default KMS key that protects my S3 objects when no other key is defined"},"source":"SNAP/us-east-1/kms/list-keys.json:3"}
    {"type":"AWS::KMS::Key","id":"1234abcd-12ab-34cd-56ef-1234567890ab","arn":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","account":"111122223333","region":"us-east-1","name":"alias/app-data","attributes":{"key_manager":"CUSTOMER","key_state":"Enabled","key_spec":"SYMMETRIC_DEFAULT","key_usage":"ENCRYPT_DECRYPT","origin":"AWS_KMS","multi_region":false,"rotation":true,"rotation_period_days":365,"has_policy":true,"aliases":["alias/app-data"],"description":"Application data"},"source":"SNAP/us-east-1/kms/list-keys.json:7"}
    {"type":"AWS::KMS::Key","id":"mrk-1234abcd12ab34cd56ef1234567890ab","arn":"arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab","account":"111122223333","region":"us-east-1","name":null,"attributes":{"rotation":false,"has_policy":false},"source":"SNAP/us-east-1/kms/list-keys.json:11"}
    {"type":"AWS::CloudTrail::Trail","id":"management-events","arn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events","account":"111122223333","region":"us-east-1","name":"management-events","attributes":{"home_region":"us-east-1","multi_region":true,"organization_trail":false,"logging":true,"log_file_validation":true,"s3_bucket":"example-audit-logs","kms_key":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","cloudwatch_logs_log_group":"arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/management:*"},"source":"SNAP/us-east-1/cloudtrail/describe-trails.json:3"}
    {"type":"AWS::CloudTrail::Trail","id":"data-events-trail","arn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/data-events-trail","account":"111122223333","region":"us-east-1","name":"data-events-trail","attributes":{"home_region":"us-east-1","multi_region":false,"organization_trail":false,"logging":false,"log_file_validation":false,"s3_bucket":"example-audit-logs","latest_delivery_error":"AccessDenied"},"source":"SNAP/us-east-1/cloudtrail/describe-trails.json:19"}
    {"type":"AWS::Config::ConfigurationRecorder","id":"default","arn":null,"account":"111122223333","region":"us-east-1","name":"default","attributes":{"recording":true,"last_status":"SUCCESS","all_supported":true,"include_global_resource_types":true,"recording_strategy":"ALL_SUPPORTED_RESOURCE_TYPES","recording_frequency":"CONTINUOUS","role":"arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig","delivery_bucket":"config-bucket-111122223333"},"source":"SNAP/us-east-1/configservice/describe-configuration-recorders.json:3"}
    {"type":"AWS::GuardDuty::Detector","id":"12abc34d567e8fa901bc2d34eexample","arn":"arn:aws:guardduty:us-east-1:111122223333:detector/12abc34d567e8fa901bc2d34eexample","account":"111122223333","region":"us-east-1","name":null,"attributes":{"status":"ENABLED","finding_publishing_frequency":"SIX_HOURS","enabled_features":["CLOUD_TRAIL","S3_DATA_EVENTS"]},"source":"SNAP/us-east-1/guardduty/list-detectors.json:3"}
    {"type":"AWS::SecurityHub::Hub","id":"arn:aws:securityhub:us-east-1:111122223333:hub/default","arn":"arn:aws:securityhub:us-east-1:111122223333:hub/default","account":"111122223333","region":"us-east-1","name":null,"attributes":{"subscribed_at":"2019-11-19T23:15:10.046Z","auto_enable_controls":true,"control_finding_generator":"SECURITY_CONTROL"},"source":"SNAP/us-east-1/securityhub/describe-hub.json:1"}
    {"type":"AWS::SecretsManager::Secret","id":"arn:aws:secretsmanager:us-east-1:111122223333:secret:MyTestSecret-a1b2c3","arn":"arn:aws:secretsmanager:us-east-1:111122223333:secret:MyTestSecret-a1b2c3","account":"111122223333","region":"us-east-1","name":"MyTestSecret","attributes":{"rotation_enabled":false,"has_policy":false},"source":"SNAP/us-east-1/secretsmanager/list-secrets.json:3"}
    {"type":"AWS::SecretsManager::Secret","id":"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-Xy9Zq1","arn":"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-Xy9Zq1","account":"111122223333","region":"us-east-1","name":"prod/db/password","attributes":{"rotation_enabled":true,"rotation_days":30,"last_rotated":"2023-01-11T22:56:21.260Z","last_accessed":"2023-01-11T00:00:00Z","kms_key":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","has_policy":true,"primary_region":"us-east-1"},"source":"SNAP/us-east-1/secretsmanager/list-secrets.json:13"}
    {"type":"AWS::SNS::Topic","id":"arn:aws:sns:us-east-1:111122223333:my-topic","arn":"arn:aws:sns:us-east-1:111122223333:my-topic","account":"111122223333","region":"us-east-1","name":"my-topic","attributes":{"display_name":"my-topic","encryption":"none","has_policy":true,"subscriptions_confirmed":1},"source":"SNAP/us-east-1/sns/list-topics.json:3"}
    {"type":"AWS::SNS::Topic","id":"arn:aws:sns:us-east-1:111122223333:alerts","arn":"arn:aws:sns:us-east-1:111122223333:alerts","account":"111122223333","region":"us-east-1","name":"alerts","attributes":{"encryption":"SSE-KMS","kms_key":"alias/aws/sns","has_policy":false,"subscriptions_confirmed":3,"fifo":false},"source":"SNAP/us-east-1/sns/list-topics.json:6"}
    {"type":"AWS::SQS::Queue","id":"https://sqs.us-east-1.amazonaws.com/111122223333/orders","arn":"arn:aws:sqs:us-east-1:111122223333:orders","account":"111122223333","region":"us-east-1","name":"orders","attributes":{"encryption":"SSE-KMS","kms_key":"alias/app-data","has_policy":true,"dead_letter_queue":"arn:aws:sqs:us-east-1:111122223333:orders-dlq"},"source":"SNAP/us-east-1/sqs/list-queues.json:3"}
    {"type":"AWS::SQS::Queue","id":"https://sqs.us-east-1.amazonaws.com/111122223333/orders-dlq","arn":"arn:aws:sqs:us-east-1:111122223333:orders-dlq","account":"111122223333","region":"us-east-1","name":"orders-dlq","attributes":{"encryption":"SSE-SQS","has_policy":false},"source":"SNAP/us-east-1/sqs/list-queues.json:4"}
    "#);
    // Every row can be found by its id and by its ARN.
    for item in snapshot.inventory() {
        assert!(snapshot.find(&item.id).count() >= 1, "{}", item.id);
        if let Some(arn) = &item.arn {
            assert!(snapshot.find(arn).count() >= 1, "{arn}");
        }
    }
}

#[test]
fn the_policy_key_is_told_apart_by_service_folder() {
    // The same output, `{"Policy": "<document>"}`, in three services' resource folders.
    let policy = json!({"Policy": KEY_POLICY});
    let snap = Snap::new()
        .json(
            "global/s3/amzn-s3-demo-bucket/get-bucket-policy.json",
            policy.clone(),
        )
        .json(
            &format!("us-east-1/kms/{APP_KEY}/get-key-policy.json"),
            policy.clone(),
        )
        .json(
            "us-east-1/lambda/order-processor/get-policy.json",
            policy.clone(),
        )
        // Another service's resource policy is not one of these.
        .json(
            "us-east-1/kinesis/orders-stream/get-resource-policy.json",
            policy,
        );
    let snapshot = snap.load();
    let account = &snapshot.accounts()[0];
    assert!(
        account
            .s3
            .bucket("amzn-s3-demo-bucket")
            .unwrap()
            .policy
            .is_some()
    );
    let us = region(&snapshot, "us-east-1");
    assert!(us.kms.key(APP_KEY).unwrap().policy.is_some());
    assert!(
        us.lambda
            .function("order-processor")
            .unwrap()
            .policy
            .is_some()
    );
    insta::assert_snapshot!(snap.warnings(&snapshot), @r#"
    SNAP/global/s3/amzn-s3-demo-bucket/get-bucket-policy.json: get-bucket-policy output for bucket "amzn-s3-demo-bucket", which the snapshot's list-buckets does not list; the bucket is kept
    SNAP/us-east-1/kinesis/orders-stream/get-resource-policy.json: not an AWS CLI output keyaki knows (top-level keys: Policy); skipped
    SNAP/us-east-1/kms/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-policy.json: get-key-policy output for key "1234abcd-12ab-34cd-56ef-1234567890ab", which the snapshot's list-keys does not list; the key is kept
    SNAP/us-east-1/lambda/order-processor/get-policy.json: get-policy output for function "order-processor", which the snapshot's list-functions does not list; the function is kept
    "#);
}

#[test]
fn the_attributes_key_is_told_apart_by_folder_then_content() {
    let snap = Snap::new()
        .json(
            "us-east-1/sns/alerts/get-topic-attributes.json",
            json!({"Attributes": {"TopicArn": "arn:aws:sns:us-east-1:111122223333:alerts", "Owner": "111122223333"}}),
        )
        .json(
            "us-east-1/sqs/orders/get-queue-attributes.json",
            json!({"Attributes": {"QueueArn": "arn:aws:sqs:us-east-1:111122223333:orders", "VisibilityTimeout": "30"}}),
        )
        // Outside a service folder the content decides.
        .json(
            "us-east-1/get-topic-attributes.json",
            json!({"Attributes": {"TopicArn": "arn:aws:sns:us-east-1:111122223333:billing", "Policy": TOPIC_POLICY}}),
        )
        .json(
            "us-east-1/get-queue-attributes.json",
            json!({"Attributes": {"QueueArn": "arn:aws:sqs:us-east-1:111122223333:billing", "Policy": QUEUE_POLICY}}),
        )
        // A subscription's attributes name a topic too, but are not a topic's.
        .json(
            "us-east-1/sns/alerts-sub/get-subscription-attributes.json",
            json!({"Attributes": {
                "SubscriptionArn": "arn:aws:sns:us-east-1:111122223333:alerts:1f2c0c0e-example",
                "TopicArn": "arn:aws:sns:us-east-1:111122223333:alerts",
                "Protocol": "email"
            }}),
        );
    let snapshot = snap.load();
    let us = region(&snapshot, "us-east-1");
    let topics: Vec<&str> = us.sns.topics.iter().map(|t| t.name.as_str()).collect();
    let queues: Vec<&str> = us.sqs.queues.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(topics, ["billing", "alerts"]);
    assert_eq!(queues, ["billing", "orders"]);
    assert!(us.sns.topic("billing").unwrap().policy.is_some());
    assert!(us.sqs.queue("billing").unwrap().policy.is_some());
    insta::assert_snapshot!(snap.warnings(&snapshot), @r#"
    SNAP/us-east-1/get-queue-attributes.json: get-queue-attributes output for queue "billing", which the snapshot's list-queues does not list; the queue is kept
    SNAP/us-east-1/get-topic-attributes.json: get-topic-attributes output for topic "arn:aws:sns:us-east-1:111122223333:billing", which the snapshot's list-topics does not list; the topic is kept
    SNAP/us-east-1/sns/alerts/get-topic-attributes.json: get-topic-attributes output for topic "arn:aws:sns:us-east-1:111122223333:alerts", which the snapshot's list-topics does not list; the topic is kept
    SNAP/us-east-1/sns/alerts-sub/get-subscription-attributes.json: not an AWS CLI output keyaki knows (top-level keys: Attributes); skipped
    SNAP/us-east-1/sqs/orders/get-queue-attributes.json: get-queue-attributes output for queue "orders", which the snapshot's list-queues does not list; the queue is kept
    "#);
}

#[test]
fn per_resource_outputs_without_their_lists() {
    let snap = Snap::new()
        .json(
            &format!("us-east-1/kms/{APP_KEY}/get-key-rotation-status.json"),
            json!({"KeyRotationEnabled": false}),
        )
        .json(
            "us-east-1/lambda/order-processor/get-policy.json",
            json!({"Policy": FUNCTION_POLICY, "RevisionId": "93017fc9-59cb-41dc-901b-4845ce4bf668"}),
        )
        .json(
            "us-east-1/cloudtrail/management-events/get-trail-status.json",
            json!({"IsLogging": true}),
        )
        .json(
            &format!("us-east-1/guardduty/{DETECTOR}/get-detector.json"),
            json!({"Status": "DISABLED", "ServiceRole": "arn:aws:iam::111122223333:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty"}),
        )
        .json(
            "us-east-1/secretsmanager/prod%2Fdb%2Fpassword/get-resource-policy.json",
            json!({"ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-Xy9Zq1", "Name": "prod/db/password", "ResourcePolicy": SECRET_POLICY}),
        )
        .json(
            "us-east-1/sns/alerts/get-topic-attributes.json",
            json!({"Attributes": {"TopicArn": "arn:aws:sns:us-east-1:111122223333:alerts"}}),
        )
        .json(
            "us-east-1/sqs/orders/get-queue-attributes.json",
            json!({"Attributes": {"QueueArn": "arn:aws:sqs:us-east-1:111122223333:orders"}}),
        )
        .json(
            "us-east-1/configservice/describe-configuration-recorder-status.json",
            json!({"ConfigurationRecordersStatus": [{"name": "default", "recording": false, "lastStatus": "FAILURE", "lastErrorCode": "AccessDenied"}]}),
        );
    let snapshot = snap.load();
    insta::assert_snapshot!(snap.warnings(&snapshot), @r#"
    SNAP/us-east-1/cloudtrail/management-events/get-trail-status.json: get-trail-status output for trail "management-events", which the snapshot's describe-trails does not list; the trail is kept
    SNAP/us-east-1/configservice/describe-configuration-recorder-status.json: describe-configuration-recorder-status output for configuration recorder "default", which the snapshot's describe-configuration-recorders does not list; the configuration recorder is kept
    SNAP/us-east-1/guardduty/12abc34d567e8fa901bc2d34eexample/get-detector.json: get-detector output for detector "12abc34d567e8fa901bc2d34eexample", which the snapshot's list-detectors does not list; the detector is kept
    SNAP/us-east-1/kms/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-rotation-status.json: get-key-rotation-status output for key "1234abcd-12ab-34cd-56ef-1234567890ab", which the snapshot's list-keys does not list; the key is kept
    SNAP/us-east-1/lambda/order-processor/get-policy.json: get-policy output for function "order-processor", which the snapshot's list-functions does not list; the function is kept
    SNAP/us-east-1/secretsmanager/prod%2Fdb%2Fpassword/get-resource-policy.json: get-resource-policy output for secret "prod/db/password", which the snapshot's list-secrets does not list; the secret is kept
    SNAP/us-east-1/sns/alerts/get-topic-attributes.json: get-topic-attributes output for topic "arn:aws:sns:us-east-1:111122223333:alerts", which the snapshot's list-topics does not list; the topic is kept
    SNAP/us-east-1/sqs/orders/get-queue-attributes.json: get-queue-attributes output for queue "orders", which the snapshot's list-queues does not list; the queue is kept
    "#);
    assert!(
        snapshot
            .warnings()
            .iter()
            .all(|w| w.kind == WarningKind::Dangling)
    );
    // Every resource is kept, built from what its own output says.
    let us = region(&snapshot, "us-east-1");
    assert_eq!(us.kms.key(APP_KEY).unwrap().rotation_enabled(), Some(false));
    assert!(
        us.lambda
            .function("order-processor")
            .unwrap()
            .policy
            .is_some()
    );
    assert_eq!(
        us.cloudtrail
            .trail("management-events")
            .unwrap()
            .is_logging(),
        Some(true)
    );
    assert_eq!(us.guardduty.is_enabled(), Some(false));
    assert!(
        us.secretsmanager
            .secret("prod/db/password")
            .unwrap()
            .policy
            .is_some()
    );
    assert!(
        us.sns
            .topic("arn:aws:sns:us-east-1:111122223333:alerts")
            .is_some()
    );
    assert_eq!(us.config.is_recording(), Some(false));
    insta::assert_snapshot!(snap.inventory(&snapshot, &["AWS::SQS::Queue", "AWS::Lambda::Function"]), @r#"
    {"type":"AWS::Lambda::Function","id":"order-processor","arn":"arn:aws:lambda:us-east-1:111122223333:function:order-processor","account":"111122223333","region":"us-east-1","name":"order-processor","attributes":{"has_policy":true},"source":"SNAP/us-east-1/lambda/order-processor/get-policy.json:2"}
    {"type":"AWS::SQS::Queue","id":"orders","arn":"arn:aws:sqs:us-east-1:111122223333:orders","account":"111122223333","region":"us-east-1","name":"orders","attributes":{"encryption":"none","has_policy":false},"source":"SNAP/us-east-1/sqs/orders/get-queue-attributes.json:2"}
    "#);
}

#[test]
fn per_resource_outputs_outside_resource_folders() {
    let snap = Snap::new()
        .json(
            "us-east-1/kms/get-key-policy.json",
            json!({"Policy": KEY_POLICY, "PolicyName": "default"}),
        )
        .json(
            "us-east-1/lambda/get-policy.json",
            json!({"Policy": FUNCTION_POLICY, "RevisionId": "93017fc9-59cb-41dc-901b-4845ce4bf668"}),
        )
        .json(
            "us-east-1/cloudtrail/get-trail-status.json",
            json!({"IsLogging": true}),
        )
        .json(
            "us-east-1/guardduty/get-detector.json",
            json!({"Status": "ENABLED", "CreatedAt": "2017-12-22T22:51:31.940Z"}),
        );
    let snapshot = snap.load();
    insta::assert_snapshot!(snap.warnings(&snapshot), @"
    SNAP/us-east-1/cloudtrail/get-trail-status.json: get-trail-status output outside a folder named after its resource (<region>/cloudtrail/<trail-name>/); skipped
    SNAP/us-east-1/guardduty/get-detector.json: get-detector output outside a folder named after its resource (<region>/guardduty/<detector-id>/); skipped
    SNAP/us-east-1/kms/get-key-policy.json: get-key-policy output outside a folder named after its resource (<region>/kms/<key-id>/); skipped
    SNAP/us-east-1/lambda/get-policy.json: get-policy output outside a folder named after its resource (<region>/lambda/<function-name>/); skipped
    ");
    assert!(
        snapshot
            .warnings()
            .iter()
            .all(|w| w.kind == WarningKind::Location)
    );
}
