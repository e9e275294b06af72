//! `keyaki can`, `who-can`, `what-can`, `simulate` and `policy validate` on the bundled
//! example, whose README gives the ground truth.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

mod common;

use common::{example, keyaki, run, stdout_json};
use serde_json::Value;

const ROLE: &str = "arn:aws:iam::123456789012:role/developer-role";
const POLICY: &str = "arn:aws:iam::123456789012:policy/developer-policy";

#[test]
fn batch_job_assumes_developer_role_without_mfa() {
    let (out, _) = run(
        keyaki()
            .arg("can")
            .arg(example())
            .args(["batch-job", "sts:AssumeRole", ROLE]),
        0,
    );
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("ALLOWED: "), "{out}");
    assert!(first.contains("user/batch-job"), "{out}");
    // The deciding statement, with its file, line and JSON path.
    let deciding: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("deciding statements:"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(deciding[1].contains("\"NightlyReportJob\""), "{out}");
    assert!(
        deciding[2].contains("get-account-authorization-details.json:")
            && deciding[2].contains("$.RoleDetailList["),
        "{out}"
    );
}

#[test]
fn bob_needs_mfa_and_gets_in_with_it() {
    let (out, _) = run(
        keyaki()
            .arg("can")
            .arg(example())
            .args(["bob", "sts:AssumeRole", ROLE]),
        0,
    );
    assert!(out.starts_with("DENIED (implicit"), "{out}");
    assert!(out.contains("failed conditions:"), "{out}");
    assert!(
        out.contains("missing context keys: aws:MultiFactorAuthPresent"),
        "{out}"
    );
    let json = stdout_json(
        keyaki()
            .arg("can")
            .arg(example())
            .args(["bob", "sts:AssumeRole", ROLE])
            .args(["--context", "aws:MultiFactorAuthPresent=true"])
            .args(["--format", "json"]),
    );
    assert_eq!(json["decision"], "Allow", "{json:#}");
    assert_eq!(json["context"]["aws:MultiFactorAuthPresent"], "true");
}

#[test]
fn developer_role_can_rewrite_its_own_policy() {
    let json = stdout_json(
        keyaki()
            .arg("can")
            .arg(example())
            .args(["developer-role", "iam:CreatePolicyVersion", POLICY])
            .args(["--format", "json"]),
    );
    assert_eq!(json["decision"], "Allow", "{json:#}");
    assert_eq!(json["action"], "iam:CreatePolicyVersion");
    let deciding = json["explanation"]["deciding"].as_array().unwrap();
    assert!(
        deciding
            .iter()
            .any(|s| s["policy"]["name"] == "developer-policy"),
        "{json:#}"
    );
    assert!(deciding[0]["location"]["line"].as_u64().unwrap() > 0);
}

#[test]
fn who_can_read_customer_data_includes_the_partner_account() {
    let args = |cmd: &mut assert_cmd::Command| {
        cmd.arg("who-can")
            .arg(example())
            .args(["s3:GetObject", "arn:aws:s3:::acme-customer-data/*"]);
    };
    let mut cmd = keyaki();
    args(&mut cmd);
    let json = stdout_json(cmd.args(["--format", "json"]));
    let principals: Vec<&str> = json["principals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["principal"].as_str().unwrap())
        .collect();
    for who in [
        "arn:aws:iam::444455556666:root",
        "arn:aws:iam::123456789012:user/batch-job",
        "arn:aws:iam::123456789012:user/svc-backup",
    ] {
        assert!(principals.contains(&who), "{who} not in {principals:?}");
    }
    let mut cmd = keyaki();
    args(&mut cmd);
    let (out, _) = run(&mut cmd, 0);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains(" principals can s3:GetObject")
    );
    assert!(out.contains("arn:aws:iam::444455556666:root"), "{out}");
}

#[test]
fn what_can_lists_developer_role_permissions_management() {
    let json = stdout_json(
        keyaki()
            .arg("what-can")
            .arg(example())
            .args(["developer-role", "--service", "iam"])
            .args(["--access-level", "permissions-management"])
            .args(["--format", "json"]),
    );
    let services = json["services"].as_array().unwrap();
    assert_eq!(services.len(), 1, "{json:#}");
    assert_eq!(services[0]["service"], "iam");
    let actions: Vec<&str> = services[0]["levels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["actions"].as_array().unwrap())
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"iam:CreatePolicyVersion"), "{actions:?}");
    let (out, _) = run(
        keyaki()
            .arg("what-can")
            .arg(example())
            .args(["developer-role", "--service", "iam"]),
        0,
    );
    assert!(out.contains("iam:CreatePolicyVersion"), "{out}");
}

#[test]
fn bad_questions_exit_1_with_a_message() {
    let (_, err) = run(
        keyaki()
            .arg("can")
            .arg(example())
            .args(["mallory", "s3:GetObject", "*"]),
        1,
    );
    assert!(err.contains("unknown principal \"mallory\""), "{err}");
    let (_, err) = run(
        keyaki()
            .arg("can")
            .arg(example())
            .args(["bob", "GetObject", "*"]),
        1,
    );
    assert!(err.contains("invalid action"), "{err}");
    let (_, err) = run(
        keyaki().arg("who-can").arg(example()).args([
            "s3:GetObject",
            "*",
            "--context",
            "no-equals-sign",
        ]),
        1,
    );
    assert!(err.contains("KEY=VALUE"), "{err}");
    run(
        keyaki().arg("what-can").arg(example()).arg("nobody-at-all"),
        1,
    );
}

const SIMULATE: &str = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject",
              "resource": "arn:aws:s3:::reports/alice/q1.csv",
              "context": {"aws:SourceIp": "198.51.100.7"}},
  "identityPolicies": [{"Version": "2012-10-17", "Statement": [
    {"Sid": "OwnFolder", "Effect": "Allow", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::reports/${aws:username}/*",
     "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}]
}"#;

#[test]
fn simulate_decides_and_explains() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("request.json");
    std::fs::write(&file, SIMULATE).unwrap();
    let json = stdout_json(
        keyaki()
            .arg("simulate")
            .arg(&file)
            .args(["--format", "json"]),
    );
    assert_eq!(json["decision"], "ImplicitDeny");
    assert_eq!(
        json["explanation"]["failed_conditions"][0]["key"],
        "aws:SourceIp"
    );
    let (out, _) = run(keyaki().arg("simulate").arg(&file), 0);
    assert!(out.starts_with("DENIED"), "{out}");
    // The failed condition, located in the input file.
    assert!(out.contains("request.json:8:"), "{out}");
    // From the right address, allowed.
    std::fs::write(&file, SIMULATE.replace("198.51.100.7", "203.0.113.9")).unwrap();
    let json = stdout_json(
        keyaki()
            .arg("simulate")
            .arg(&file)
            .args(["--format", "json"]),
    );
    assert_eq!(json["decision"], "Allow", "{json:#}");
}

#[test]
fn simulate_rejects_a_malformed_policy_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.json");
    std::fs::write(
        &file,
        SIMULATE.replace(r#""Effect": "Allow""#, r#""Effect": "allow""#),
    )
    .unwrap();
    let (out, err) = run(keyaki().arg("simulate").arg(&file), 1);
    assert!(out.is_empty());
    assert!(err.contains("bad.json:6:"), "{err}");
    assert!(
        err.contains("$.identityPolicies[0].Statement[0].Effect"),
        "{err}"
    );
    assert!(err.contains("did you mean \"Allow\""), "{err}");
    run(
        keyaki()
            .arg("simulate")
            .arg(dir.path().join("missing.json")),
        1,
    );
}

#[test]
fn policy_validate_reports_located_findings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("policy.json");
    std::fs::write(
        &file,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObjekt", "iam:PassRole"], "Resource": "*"}
  ]
}
"#,
    )
    .unwrap();
    // No ERROR: exit 0 at the default --fail-on error.
    let (out, _) = run(keyaki().args(["policy", "validate"]).arg(&file), 0);
    assert!(
        out.contains("policy.json:4:36: $.Statement[0].Action[0]: WARNING unknown-action"),
        "{out}"
    );
    assert!(out.contains("did you mean \"s3:GetObject\""), "{out}");
    assert!(
        out.contains("SECURITY_WARNING pass-role-with-star"),
        "{out}"
    );
    run(
        keyaki()
            .args(["policy", "validate", "--fail-on", "security-warning"])
            .arg(&file),
        3,
    );
    let json = stdout_json(
        keyaki()
            .args([
                "policy", "validate", "--kind", "boundary", "--format", "json",
            ])
            .arg(&file),
    );
    let codes: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["issue_code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"unknown-action"), "{codes:?}");
    let sarif = stdout_json(
        keyaki()
            .args(["policy", "validate", "--format", "sarif"])
            .arg(&file),
    );
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn policy_validate_malformed_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(
        &file,
        "{\"Version\": \"2012-10-17\", \"Statement\": [\n {\"Effect\": \"Allow\", \"Action\": \"s3:*\" \"Resource\": \"*\"}]}\n",
    )
    .unwrap();
    // An ERROR finding, located: exit 3 (--fail-on error).
    let (out, _) = run(keyaki().args(["policy", "validate"]).arg(&file), 3);
    assert!(out.contains("broken.json:2:"), "{out}");
    assert!(out.contains("ERROR json-syntax"), "{out}");
    // A file that cannot be read: exit 1.
    let (_, err) = run(
        keyaki()
            .args(["policy", "validate"])
            .arg(dir.path().join("missing.json")),
        1,
    );
    assert!(err.contains("missing.json"), "{err}");
    // Neither files nor --snapshot: a usage error.
    run(keyaki().args(["policy", "validate"]), 2);
}

#[test]
fn policy_validate_the_example_snapshot_has_no_errors() {
    let json = stdout_json(
        keyaki()
            .args(["policy", "validate", "--format", "json", "--snapshot"])
            .arg(example()),
    );
    for policy in json.as_array().unwrap() {
        for f in policy["findings"].as_array().unwrap() {
            assert_ne!(f["finding_type"], Value::from("ERROR"), "{f:#}");
        }
    }
    run(
        keyaki()
            .args(["policy", "validate", "--snapshot"])
            .arg(example()),
        0,
    );
}

/// A bucket of account 111122223333 whose policy grants `s3:GetObject` to the partner account
/// 444455556666 and to everyone, with the account-level `RestrictPublicBuckets` set to
/// `restrict`; the partner's user carol may use S3 anywhere.
fn public_bucket_snapshot(dir: &std::path::Path, restrict: bool) -> std::path::PathBuf {
    let root = dir.join(format!("restrict-{restrict}"));
    let owner = root.join("accounts/111122223333/global");
    let partner = root.join("accounts/444455556666/global");
    let policy = r#"{"Version": "2012-10-17", "Statement": [
      {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
       "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data-bucket/*"},
      {"Sid": "Public", "Effect": "Allow", "Principal": "*",
       "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data-bucket/*"}]}"#;
    let carol = r#"{"UserDetailList": [{"Path": "/", "UserName": "carol", "UserId": "AIDACAROLEXAMPLE",
        "Arn": "arn:aws:iam::444455556666:user/carol", "CreateDate": "2025-01-01T00:00:00+00:00",
        "UserPolicyList": [{"PolicyName": "s3", "PolicyDocument": {"Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}],
        "GroupList": [], "AttachedManagedPolicies": [], "Tags": []}],
        "GroupDetailList": [], "RoleDetailList": [], "Policies": []}"#;
    let files = [
        (owner.join("s3/list-buckets.json"), r#"{"Buckets": [{"Name": "data-bucket", "CreationDate": "2025-01-01T00:00:00+00:00", "BucketRegion": "us-east-1"}]}"#.to_owned()),
        (owner.join("s3/data-bucket/get-bucket-policy.json"), serde_json::json!({"Policy": policy}).to_string()),
        (
            owner.join("s3control/get-public-access-block.json"),
            format!(r#"{{"PublicAccessBlockConfiguration": {{"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": false, "RestrictPublicBuckets": {restrict}}}}}"#),
        ),
        (partner.join("iam/get-account-authorization-details.json"), carol.to_owned()),
    ];
    for (path, text) in files {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    root
}

/// S3 Block Public Access `RestrictPublicBuckets`
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>):
/// with it on, a public bucket policy no longer lets other accounts or anonymous users in,
/// and `can` says which setting, at which level, and which statement makes the policy public.
#[test]
fn who_can_honours_restrict_public_buckets() {
    let dir = tempfile::tempdir().unwrap();
    let object = "arn:aws:s3:::data-bucket/report.csv";
    let carol = "arn:aws:iam::444455556666:user/carol";
    let who = |restrict: bool| -> Vec<String> {
        let json = stdout_json(
            keyaki()
                .arg("who-can")
                .arg(public_bucket_snapshot(dir.path(), restrict))
                .args(["s3:GetObject", object, "--format", "json"]),
        );
        json["principals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["principal"].as_str().unwrap().to_owned())
            .collect()
    };
    let open = who(false);
    assert!(open.iter().any(|p| p == "*"), "{open:?}");
    assert!(open.iter().any(|p| p == carol), "{open:?}");
    let restricted = who(true);
    assert!(!restricted.iter().any(|p| p == "*"), "{restricted:?}");
    assert!(
        !restricted.iter().any(|p| p.contains("444455556666")),
        "{restricted:?}"
    );

    let (out, _) = run(
        keyaki()
            .arg("can")
            .arg(public_bucket_snapshot(dir.path(), true))
            .args([carol, "s3:GetObject", object]),
        0,
    );
    assert!(
        out.contains("RestrictPublicBuckets is on (account-level)")
            && out.contains("the bucket policy is public because statement Public"),
        "{out}"
    );
}
