//! Bad input to the S3, KMS, Lambda, CloudTrail, Config, GuardDuty, Secrets Manager, SNS and
//! SQS loaders: every problem is an error that names the file, line, column and JSON path
//! (inside an embedded policy document too), and says what was expected.

use keyaki_snapshot::Snapshot;

/// Loads a snapshot holding `files` and returns its errors, one per line, with the temporary
/// directory written `SNAP`.
fn errors(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a file path has a parent"))
            .expect("creating the folders");
        std::fs::write(path, text).expect("writing the file");
    }
    let report = Snapshot::load_report(dir.path());
    let root = dir.path().display().to_string();
    report
        .errors
        .iter()
        .map(|e| e.to_string().replace(&root, "SNAP"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn malformed_json() {
    let acl = r#"{
    "Owner": {
        "ID": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    },
    "Grants": [
        {
            "Grantee": {"Type": "CanonicalUser", "ID": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
            "Permission": "FULL_CONTROL",
        }
    ]
}"#;
    insta::assert_snapshot!(errors(&[("global/s3/amzn-s3-demo-bucket/get-bucket-acl.json", acl)]), @"SNAP/global/s3/amzn-s3-demo-bucket/get-bucket-acl.json:9:9: invalid JSON: key must be a string");
}

#[test]
fn bucket_policy_text_that_is_not_json() {
    let policy = r#"{
    "Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\" \"Resource\":\"arn:aws:s3:::amzn-s3-demo-bucket/*\"}]}"
}"#;
    insta::assert_snapshot!(errors(&[("global/s3/amzn-s3-demo-bucket/get-bucket-policy.json", policy)]), @"SNAP/global/s3/amzn-s3-demo-bucket/get-bucket-policy.json:2:1: $.Policy (embedded document).Statement: expected `,` or `}` (at 1:96 of the embedded document)");
}

#[test]
fn bucket_policy_text_that_is_json_but_not_a_document() {
    let policy = r#"{"Policy": "\"allow everyone\""}"#;
    insta::assert_snapshot!(errors(&[("global/s3/amzn-s3-demo-bucket/get-bucket-policy.json", policy)]), @r#"SNAP/global/s3/amzn-s3-demo-bucket/get-bucket-policy.json:1:1: $.Policy (embedded document): invalid type: string "allow everyone", expected a JSON object (a policy document) (at 1:16 of the embedded document)"#);
}

#[test]
fn bucket_policy_that_is_an_object_rather_than_text() {
    let policy = r#"{
    "Policy": {"Version": "2012-10-17", "Statement": []}
}"#;
    insta::assert_snapshot!(errors(&[("global/s3/amzn-s3-demo-bucket/get-bucket-policy.json", policy)]), @"SNAP/global/s3/amzn-s3-demo-bucket/get-bucket-policy.json:2:15: $.Policy: expected a string holding a JSON document: invalid type: map, expected a string");
}

#[test]
fn wrong_types() {
    let status = r#"{
    "IsLogging": "yes",
    "LatestDeliveryTime": 1454022144.869
}"#;
    let block = r#"{
    "PublicAccessBlockConfiguration": {
        "BlockPublicAcls": true,
        "IgnorePublicAcls": "TRUE",
        "BlockPublicPolicy": true,
        "RestrictPublicBuckets": true
    }
}"#;
    let key = r#"{
    "KeyMetadata": {
        "KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
        "CreationDate": true
    }
}"#;
    let recorders = r#"{
    "ConfigurationRecordersStatus": [
        {"name": "default", "recording": "true", "lastStatus": "SUCCESS"}
    ]
}"#;
    let queue = r#"{
    "Attributes": {
        "QueueArn": "arn:aws:sqs:us-east-1:111122223333:orders",
        "VisibilityTimeout": 30
    }
}"#;
    insta::assert_snapshot!(errors(&[
        ("us-east-1/cloudtrail/management-events/get-trail-status.json", status),
        ("global/s3control/get-public-access-block.json", block),
        ("us-east-1/kms/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json", key),
        ("us-east-1/configservice/describe-configuration-recorder-status.json", recorders),
        ("us-east-1/sqs/orders/get-queue-attributes.json", queue),
    ]), @r#"
    SNAP/global/s3control/get-public-access-block.json:4:34: $.PublicAccessBlockConfiguration.IgnorePublicAcls: invalid type: string "TRUE", expected a boolean
    SNAP/us-east-1/cloudtrail/management-events/get-trail-status.json:2:22: $.IsLogging: invalid type: string "yes", expected a boolean
    SNAP/us-east-1/configservice/describe-configuration-recorder-status.json:3:47: $.ConfigurationRecordersStatus[0].recording: invalid type: string "true", expected a boolean
    SNAP/us-east-1/kms/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json:4:28: $.KeyMetadata.CreationDate: invalid type: boolean `true`, expected a timestamp (ISO 8601 text or seconds since 1970)
    SNAP/us-east-1/sqs/orders/get-queue-attributes.json:4:31: $.Attributes.VisibilityTimeout: invalid type: integer `30`, expected a string
    "#);
}

#[test]
fn missing_required_fields_in_lists() {
    let functions = r#"{
    "Functions": [
        {"FunctionName": "order-processor", "Runtime": "python3.12"},
        {"FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:no-name"}
    ]
}"#;
    let trails =
        r#"{"trailList": [{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/x"}]}"#;
    let detector = r#"{
    "CreatedAt": "2017-12-22T22:51:31.940Z",
    "ServiceRole": "arn:aws:iam::111122223333:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
    "Status": null
}"#;
    insta::assert_snapshot!(errors(&[
        ("us-east-1/lambda/list-functions.json", functions),
        ("us-east-1/cloudtrail/describe-trails.json", trails),
        ("us-east-1/guardduty/12abc34d567e8fa901bc2d34eexample/get-detector.json", detector),
    ]), @"
    SNAP/us-east-1/cloudtrail/describe-trails.json:1:80: $.trailList[0]: missing field `Name`
    SNAP/us-east-1/guardduty/12abc34d567e8fa901bc2d34eexample/get-detector.json:4:18: $.Status: invalid type: null, expected a string
    SNAP/us-east-1/lambda/list-functions.json:4:81: $.Functions[1]: missing field `FunctionName`
    ");
}

#[test]
fn environment_variables_that_are_not_an_object() {
    let functions = r#"{
    "Functions": [
        {
            "FunctionName": "order-processor",
            "Environment": {"Variables": ["DB_PASSWORD=hunter2"]}
        }
    ]
}"#;
    insta::assert_snapshot!(errors(&[("us-east-1/lambda/list-functions.json", functions)]), @"SNAP/us-east-1/lambda/list-functions.json:5:42: $.Functions[0].Environment.Variables: invalid type: sequence, expected an object of environment variables");
}

#[test]
fn policies_inside_attributes_and_other_outputs() {
    let topic = r#"{
    "Attributes": {
        "Owner": "111122223333",
        "TopicArn": "arn:aws:sns:us-east-1:111122223333:my-topic",
        "Policy": "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"SNS:Publish\",}]}"
    }
}"#;
    let queue = r#"{"Attributes": {"QueueArn": "arn:aws:sqs:us-east-1:111122223333:orders", "Policy": "{\"Version\":\"2012-10-17\"} trailing"}}"#;
    let secret = r#"{
    "ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-Xy9Zq1",
    "Name": "prod/db/password",
    "ResourcePolicy": "{\n\"Version\":\"2012-10-17\",\n\"Statement\":[{\n\"Effect\":\"Allow\"\n}"
}"#;
    let key = r#"{"Policy": "", "PolicyName": "default"}"#;
    let function = r#"{"Policy": "[]", "RevisionId": "93017fc9-59cb-41dc-901b-4845ce4bf668"}"#;
    insta::assert_snapshot!(errors(&[
        ("us-east-1/sns/my-topic/get-topic-attributes.json", topic),
        ("us-east-1/sqs/orders/get-queue-attributes.json", queue),
        ("us-east-1/secretsmanager/prod%2Fdb%2Fpassword/get-resource-policy.json", secret),
        ("us-east-1/kms/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-policy.json", key),
        ("us-east-1/lambda/order-processor/get-policy.json", function),
    ]), @"
    SNAP/us-east-1/kms/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-policy.json:1:1: $.Policy (embedded document): EOF while parsing a value (at 1:0 of the embedded document)
    SNAP/us-east-1/lambda/order-processor/get-policy.json:1:1: $.Policy (embedded document): invalid type: sequence, expected a JSON object (a policy document) (at 1:0 of the embedded document)
    SNAP/us-east-1/secretsmanager/prod%2Fdb%2Fpassword/get-resource-policy.json:4:1: $.ResourcePolicy (embedded document).Statement: EOF while parsing a list (at 5:1 of the embedded document)
    SNAP/us-east-1/sns/my-topic/get-topic-attributes.json:5:1: $.Attributes.Policy (embedded document).Statement: key must be a string (at 1:103 of the embedded document)
    SNAP/us-east-1/sqs/orders/get-queue-attributes.json:1:1: $.Attributes.Policy (embedded document): trailing characters (at 1:26 of the embedded document)
    ");
}

#[test]
fn a_bad_file_does_not_hide_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "global/s3/list-buckets.json",
        r#"{"Buckets": [{"Name": "amzn-s3-demo-bucket", "CreationDate": "2023-06-12T21:13:39+00:00"}]}"#,
    );
    write(
        "global/s3/amzn-s3-demo-bucket/get-bucket-policy.json",
        r#"{"Policy": "not a policy"}"#,
    );
    write(
        "global/s3/amzn-s3-demo-bucket/get-bucket-versioning.json",
        r#"{"Status": "Enabled"}"#,
    );
    let report = Snapshot::load_report(dir.path());
    assert_eq!(report.errors.len(), 1);
    let s3 = &report.snapshot.accounts()[0].s3;
    let bucket = s3.bucket("amzn-s3-demo-bucket").unwrap();
    assert!(bucket.policy.is_none());
    assert_eq!(bucket.versioning_enabled(), Some(true));
}
