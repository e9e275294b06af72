//! Bad IAM input: every problem is an error that names the file, line, column and JSON path
//! (or CSV column), and says what was expected.

use keyaki_snapshot::Snapshot;

/// Loads a snapshot holding `files` and returns its errors, one per line, with the temporary
/// directory written `SNAP`.
fn errors(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, text).expect("write file");
    }
    let report = Snapshot::load_report(dir.path());
    let root = dir.path().to_string_lossy().into_owned();
    report
        .errors
        .iter()
        .map(|e| e.to_string().replace(&root, "SNAP"))
        .collect::<Vec<_>>()
        .join("\n")
}

const AUTHZ: &str = "global/iam/get-account-authorization-details.json";
const REPORT: &str = "global/iam/credential-report.csv";
const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

#[test]
fn malformed_json() {
    let text = r#"{
    "UserDetailList": [
        {
            "UserName": "Alice",
            "UserId": "AIDA1111111111EXAMPLE",,
            "Arn": "arn:aws:iam::123456789012:user/Alice"
        }
    ]
}"#;
    insta::assert_snapshot!(errors(&[(AUTHZ, text)]), @"SNAP/global/iam/get-account-authorization-details.json:5:47: invalid JSON: key must be a string");
}

#[test]
fn a_role_without_its_arn() {
    let text = r#"{
    "RoleDetailList": [
        {
            "Path": "/",
            "RoleName": "EC2role",
            "RoleId": "AROA1234567890EXAMPLE",
            "CreateDate": "2014-07-30T17:09:20+00:00",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}
        }
    ],
    "IsTruncated": false
}"#;
    insta::assert_snapshot!(errors(&[(AUTHZ, text)]), @"SNAP/global/iam/get-account-authorization-details.json:9:9: $.RoleDetailList[0]: missing field `Arn`");
}

#[test]
fn wrong_types_and_bad_values_are_all_reported() {
    let text = r#"{
    "UserDetailList": [
        {
            "UserName": "Alice",
            "UserId": "AIDA1111111111EXAMPLE",
            "Arn": "arn:aws:iam::123456789012:user/Alice",
            "GroupList": "Admins"
        },
        {
            "UserName": "bob",
            "UserId": "AIDA3333333333EXAMPLE",
            "Arn": "arn:aws:iam::123456789012:user/bob",
            "CreateDate": "last tuesday"
        }
    ],
    "GroupDetailList": [
        {
            "GroupName": "Admins",
            "GroupId": "AGPA1111111111EXAMPLE",
            "Arn": "arn:aws:iam::123456789012:group/Admins",
            "AttachedManagedPolicies": [
                {"PolicyName": "AdministratorAccess", "PolicyArn": "AdministratorAccess"}
            ]
        }
    ],
    "Policies": [
        {
            "PolicyName": "DeployPolicy",
            "PolicyId": "ANPA3333333333EXAMPLE",
            "Arn": "arn:aws:iam::123456789012:policy/DeployPolicy",
            "PolicyVersionList": [
                {"Document": 42, "VersionId": "v1", "IsDefaultVersion": true}
            ]
        }
    ]
}"#;
    insta::assert_snapshot!(errors(&[(AUTHZ, text)]), @r#"
    SNAP/global/iam/get-account-authorization-details.json:7:33: $.UserDetailList[0].GroupList: invalid type: string "Admins", expected a sequence
    SNAP/global/iam/get-account-authorization-details.json:13:40: $.UserDetailList[1].CreateDate: invalid timestamp "last tuesday": expected an ISO 8601 date and time such as 2024-05-01T12:00:00Z
    SNAP/global/iam/get-account-authorization-details.json:22:89: $.GroupDetailList[0].AttachedManagedPolicies[0].PolicyArn: invalid ARN "AdministratorAccess": expected six fields separated by ':'
    SNAP/global/iam/get-account-authorization-details.json:32:31: $.Policies[0].PolicyVersionList[0].Document: invalid type: number `42`, expected a policy document (a JSON object, or a string holding one)
    "#);
}

#[test]
fn a_url_encoded_document_that_is_not_json() {
    // `%7B%22Version%22%3A` is `{"Version":`, cut short.
    let text = r#"{
    "RoleDetailList": [
        {
            "RoleName": "AuditReadOnly",
            "RoleId": "AROA4444444444EXAMPLE",
            "Arn": "arn:aws:iam::123456789012:role/AuditReadOnly",
            "RolePolicyList": [
                {"PolicyName": "ReadConfig", "PolicyDocument": "%7B%22Version%22%3A"}
            ]
        }
    ]
}"#;
    insta::assert_snapshot!(errors(&[(AUTHZ, text)]), @"SNAP/global/iam/get-account-authorization-details.json:8:85: $.RoleDetailList[0].RolePolicyList[0].PolicyDocument: the URL-decoded policy document is not a JSON object: EOF while parsing a value at 1:11 of the document");
}

#[test]
fn other_iam_outputs() {
    insta::assert_snapshot!(errors(&[
        ("global/iam/get-account-password-policy.json", r#"{"PasswordPolicy": {"MinimumPasswordLength": "fourteen"}}"#),
        ("global/iam/get-account-summary.json", r#"{"SummaryMap": {"Users": 3, "AccountMFAEnabled": true}}"#),
        ("global/iam/list-virtual-mfa-devices.json", r#"{"VirtualMFADevices": [{"User": {"UserName": "Alice"}}]}"#),
    ]), @r#"
    SNAP/global/iam/get-account-password-policy.json:1:55: $.PasswordPolicy.MinimumPasswordLength: invalid type: string "fourteen", expected u32
    SNAP/global/iam/get-account-summary.json:1:53: $.SummaryMap.AccountMFAEnabled: invalid type: boolean `true`, expected i64
    SNAP/global/iam/list-virtual-mfa-devices.json:1:53: $.VirtualMFADevices[0].User: missing field `Arn`
    "#);
}

#[test]
fn a_credential_report_with_a_missing_column() {
    let header = HEADER.replace(",mfa_active", "");
    let text = format!(
        "{header}\n<root_account>,arn:aws:iam::123456789012:root,2019-03-04T09:12:41+00:00,not_supported,N/A,not_supported,not_supported,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
    );
    insta::assert_snapshot!(errors(&[(REPORT, &text)]), @r#"SNAP/global/iam/credential-report.csv:1:1: header: not the header of an IAM credential report: missing the column "mfa_active""#);
}

#[test]
fn a_credential_report_with_bad_rows() {
    let text = format!(
        "{HEADER}\n\
<root_account>,arn:aws:iam::123456789012:root,2019-03-04T09:12:41+00:00,not_supported,2024-05-02T08:15:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n\
Alice,arn:aws:iam::123456789012:user/Alice,2020-01-15T10:00:00+00:00,yes,2024-05-01,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n\
bob,user/bob,2023-09-12T08:30:00+00:00,true,no_information,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n\
carol,arn:aws:iam::123456789012:user/carol,2023-09-12T08:30:00+00:00,true\n"
    );
    insta::assert_snapshot!(errors(&[(REPORT, &text)]), @r#"
    SNAP/global/iam/credential-report.csv:3:70: password_enabled: expected true, false or not_supported, found "yes"
    SNAP/global/iam/credential-report.csv:3:74: password_last_used: expected an ISO 8601 time, N/A, no_information or not_supported, found "2024-05-01"
    SNAP/global/iam/credential-report.csv:4:5: arn: invalid ARN "user/bob": expected six fields separated by ':'
    SNAP/global/iam/credential-report.csv:5:1: invalid CSV: this row has 4 fields, but the header has 22
    "#);
}

#[test]
fn other_csv_files_are_not_claimed() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("users.csv"),
        "name,email\nalice,alice@example.com\n",
    )
    .expect("write");
    let report = Snapshot::load_report(dir.path());
    assert!(report.errors.is_empty());
    assert_eq!(report.snapshot.warnings().len(), 1);
}
