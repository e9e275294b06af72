//! AWS Organizations outputs loaded from a snapshot directory: the tree, the policies and
//! their attachments, the inventory, and bad input.

use std::path::{Path, PathBuf};

use keyaki_snapshot::Snapshot;
use keyaki_snapshot::services::iam::DocumentForm;
use keyaki_snapshot::services::organizations::{
    Organizations, RESOURCE_CONTROL_POLICY, SERVICE_CONTROL_POLICY, TargetKind,
};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/organizations");

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy fixture");
        }
    }
}

/// The fixture organisation under `global/organizations/`, plus `extra` files.
fn snapshot(extra: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(Path::new(DATA), &dir.path().join("global/organizations"));
    std::fs::write(
        dir.path().join("account.json"),
        r#"{"UserId": "AIDA5555555555EXAMPLE", "Account": "111111111111", "Arn": "arn:aws:iam::111111111111:user/auditor"}"#,
    )
    .expect("write account.json");
    for (path, text) in extra {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, text).expect("write");
    }
    let root = dir.path().to_owned();
    (dir, root)
}

fn org(snapshot: &Snapshot) -> &Organizations {
    snapshot.organization().expect("an organisation")
}

#[test]
fn loads_the_organisation() {
    let (_dir, root) = snapshot(&[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    assert!(snap.warnings().is_empty(), "{:?}", snap.warnings());
    let org = org(&snap);
    let o = org.organization.as_ref().expect("describe-organization");
    assert_eq!(o.id, "o-exampleorgid");
    assert_eq!(o.feature_set.as_deref(), Some("ALL"));
    assert_eq!(
        org.management_account_id().map(|a| a.as_str()),
        Some("111111111111")
    );
    let r = org.root().expect("root");
    assert_eq!(r.id, "r-examplerootid111");
    assert!(r.is_enabled(SERVICE_CONTROL_POLICY) && r.is_enabled(RESOURCE_CONTROL_POLICY));
    assert!(!r.is_enabled("TAG_POLICY"));
    assert_eq!(org.accounts.len(), 4);
    assert_eq!(org.organizational_units.len(), 3);
    assert_eq!(org.policies.len(), 5);

    let sandbox = org.account("444444444444").expect("account");
    assert_eq!(sandbox.state(), Some("SUSPENDED"));
    assert_eq!(sandbox.joined_method.as_deref(), Some("INVITED"));
    let prod = org.account("222222222222").expect("account");
    assert_eq!(
        prod.joined_timestamp.as_ref().map(|t| t.unix_seconds()),
        Some(1_484_042_400)
    );
}

#[test]
fn the_tree_from_root_to_account() {
    let (_dir, root) = snapshot(&[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let org = org(&snap);
    assert_eq!(
        org.children("r-examplerootid111"),
        ["111111111111", "ou-exam-dev22222", "ou-exam-prod1111"]
    );
    let units: Vec<_> = org
        .child_units("r-examplerootid111")
        .iter()
        .map(|u| u.name.clone().unwrap_or_default())
        .collect();
    assert_eq!(units, ["Development", "Production"]);
    let accounts: Vec<&str> = org
        .child_accounts("ou-exam-dev22222")
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        accounts,
        ["333333333333", "444444444444"],
        "list-parents places 4444"
    );
    assert_eq!(org.parent("ou-exam-work3333"), Some("ou-exam-prod1111"));
    assert_eq!(
        org.path("222222222222"),
        Some(vec![
            "r-examplerootid111",
            "ou-exam-prod1111",
            "ou-exam-work3333",
            "222222222222"
        ])
    );
    assert_eq!(
        org.path("111111111111"),
        Some(vec!["r-examplerootid111", "111111111111"])
    );
    assert_eq!(org.path("999999999999"), None);
    assert_eq!(
        TargetKind::of("ou-exam-work3333"),
        Some(TargetKind::OrganizationalUnit)
    );
    assert_eq!(TargetKind::of("222222222222"), Some(TargetKind::Account));
}

#[test]
fn policies_attached_along_the_path() {
    let (_dir, root) = snapshot(&[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let org = org(&snap);

    let levels = org
        .policy_levels("222222222222", SERVICE_CONTROL_POLICY)
        .expect("levels");
    let text: Vec<String> = levels
        .iter()
        .map(|l| {
            let names: Vec<&str> = l
                .policies
                .iter()
                .filter_map(|p| p.name.as_deref())
                .collect();
            format!(
                "{} ({}): {}",
                l.target,
                l.kind.expect("kind"),
                names.join(", ")
            )
        })
        .collect();
    insta::assert_snapshot!(text.join("\n"), @r"
    r-examplerootid111 (root): FullAWSAccess, DenyLeaveOrganization
    ou-exam-prod1111 (organizational unit): FullAWSAccess, RegionRestriction
    ou-exam-work3333 (organizational unit): FullAWSAccess
    222222222222 (account): FullAWSAccess
    ");
    let rcps: Vec<Vec<&str>> = org
        .policy_levels("222222222222", RESOURCE_CONTROL_POLICY)
        .expect("levels")
        .iter()
        .map(|l| l.policies.iter().map(|p| p.id.as_str()).collect())
        .collect();
    assert_eq!(
        rcps,
        [
            vec!["p-RCPFullAWSAccess"],
            vec![],
            vec!["p-examplercp33333"],
            vec![]
        ]
    );

    let region = org.policy("p-examplepolicyid222").expect("policy");
    assert_eq!(region.policy_type, SERVICE_CONTROL_POLICY);
    assert!(!region.aws_managed);
    let content = region.content.as_ref().expect("content");
    assert_eq!(content.form(), DocumentForm::JsonString);
    assert_eq!(&*content.origin().json_path, "$.Policy.Content");
    assert!(
        content
            .origin()
            .file
            .ends_with("p-examplepolicyid222/describe-policy.json")
    );
    let value = content.to_value().expect("JSON");
    assert_eq!(value["Statement"][0]["Sid"], "DenyOutsideRegions");
    let targets: Vec<&str> = org
        .policy_targets("p-FullAWSAccess")
        .iter()
        .map(|t| t.target_id.as_str())
        .collect();
    assert_eq!(targets.len(), 8);
    assert_eq!(
        org.attached_policies("ou-exam-prod1111", SERVICE_CONTROL_POLICY)
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        ["p-FullAWSAccess", "p-examplepolicyid222"]
    );
}

#[test]
fn inventory() {
    let (_dir, root) = snapshot(&[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let counts = snap.counts();
    assert_eq!(counts.get("AWS::Organizations::Organization"), Some(&1));
    assert_eq!(counts.get("AWS::Organizations::Account"), Some(&4));
    assert_eq!(
        counts.get("AWS::Organizations::OrganizationalUnit"),
        Some(&3)
    );
    assert_eq!(counts.get("AWS::Organizations::Policy"), Some(&5));
    let items: Vec<serde_json::Value> = [
        "o-exampleorgid",
        "222222222222",
        "ou-exam-work3333",
        "p-examplercp33333",
    ]
    .iter()
    .map(|id| {
        let item = snap
            .find(id)
            .find(|i| i.resource_type.starts_with("AWS::Organizations::"))
            .unwrap_or_else(|| panic!("{id}"));
        let mut value = serde_json::to_value(item).expect("JSON");
        value["source"] = value["source"]
            .as_str()
            .expect("source")
            .replace(&*root.to_string_lossy(), "SNAP")
            .into();
        value
    })
    .collect();
    insta::assert_json_snapshot!(items, @r#"
    [
      {
        "type": "AWS::Organizations::Organization",
        "id": "o-exampleorgid",
        "arn": "arn:aws:organizations::111111111111:organization/o-exampleorgid",
        "account": "111111111111",
        "region": null,
        "name": null,
        "attributes": {
          "feature_set": "ALL",
          "management_account_id": "111111111111",
          "management_account_email": "bill@example.com",
          "root": "r-examplerootid111",
          "enabled_policy_types": [
            "SERVICE_CONTROL_POLICY",
            "RESOURCE_CONTROL_POLICY"
          ]
        },
        "source": "SNAP/global/organizations/describe-organization.json:2"
      },
      {
        "type": "AWS::Organizations::Account",
        "id": "222222222222",
        "arn": "arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222",
        "account": "111111111111",
        "region": null,
        "name": "Production",
        "attributes": {
          "email": "prod@example.com",
          "state": "ACTIVE",
          "joined_method": "CREATED",
          "joined": "2017-01-10T10:00:00.123000+00:00",
          "parent": "ou-exam-work3333",
          "management_account": false
        },
        "source": "SNAP/global/organizations/list-accounts.json:12"
      },
      {
        "type": "AWS::Organizations::OrganizationalUnit",
        "id": "ou-exam-work3333",
        "arn": "arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-exam-work3333",
        "account": "111111111111",
        "region": null,
        "name": "Workloads",
        "attributes": {
          "parent": "ou-exam-prod1111"
        },
        "source": "SNAP/global/organizations/ou-exam-prod1111/list-organizational-units-for-parent.json:3"
      },
      {
        "type": "AWS::Organizations::Policy",
        "id": "p-examplercp33333",
        "arn": "arn:aws:organizations::111111111111:policy/o-exampleorgid/resource_control_policy/p-examplercp33333",
        "account": "111111111111",
        "region": null,
        "name": "EnforceTLS",
        "attributes": {
          "type": "RESOURCE_CONTROL_POLICY",
          "aws_managed": false,
          "description": "Deny requests without TLS",
          "targets": [
            "ou-exam-work3333"
          ],
          "content_loaded": true
        },
        "source": "SNAP/global/organizations/p-examplercp33333/describe-policy.json:2"
      }
    ]
    "#);
}

#[test]
fn shared_keys_are_left_to_their_services() {
    // `Policy` holding a string is an S3 bucket policy; `Policies` in an IAM folder is IAM's.
    let (_dir, root) = snapshot(&[
        (
            "global/s3/example-bucket/get-bucket-policy.json",
            r#"{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"}"#,
        ),
        (
            "global/iam/get-account-authorization-details.json",
            r#"{"Policies": []}"#,
        ),
    ]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(org(&snap).policies.len(), 5);
}

#[test]
fn epoch_timestamps_and_types_from_the_file_name() {
    // The AWS CLI with `cli_timestamp_format = none` prints seconds since the epoch; an
    // output saved without `Type` gets it from its file name.
    let (_dir, root) = snapshot(&[
        (
            "mgmt/global/organizations/list-accounts.json",
            r#"{"Accounts": [{"Id": "555555555555", "Name": "Logs", "JoinedMethod": "CREATED", "JoinedTimestamp": 1481830215.45}]}"#,
        ),
        (
            "mgmt/global/organizations/list-policies-TAG_POLICY.json",
            r#"{"Policies": [{"Id": "p-exampletag1", "Name": "CostCenter"}]}"#,
        ),
    ]);
    let snap = Snapshot::load(root.join("mgmt")).unwrap_or_else(|e| panic!("{e}"));
    let org = org(&snap);
    let logs = org.account("555555555555").expect("account");
    assert_eq!(
        logs.joined_timestamp.as_ref().map(|t| t.as_str()),
        Some("2016-12-15T19:30:15.45Z")
    );
    assert_eq!(
        org.policy("p-exampletag1").map(|p| p.policy_type.as_str()),
        Some("TAG_POLICY")
    );
}

#[test]
fn outputs_outside_their_folder_and_duplicates_are_reported() {
    let (_dir, root) = snapshot(&[
        (
            "global/organizations/list-targets-for-policy.json",
            r#"{"Targets": [{"TargetId": "r-examplerootid111", "Type": "ROOT"}]}"#,
        ),
        (
            "global/organizations/list-accounts.2.json",
            r#"{"Accounts": [{"Id": "333333333333", "Name": "Development"}]}"#,
        ),
    ]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let root_text = root.to_string_lossy().into_owned();
    let warnings: Vec<String> = snap
        .warnings()
        .iter()
        .map(|w| w.to_string().replace(&root_text, "SNAP"))
        .collect();
    insta::assert_snapshot!(warnings.join("\n"), @"
    SNAP/global/organizations/list-accounts.2.json: 333333333333 at $.Accounts[0] is already loaded from SNAP/global/organizations/list-accounts.json:21: $.Accounts[2]; the first is kept
    SNAP/global/organizations/list-targets-for-policy.json: list-targets-for-policy output outside a folder named after its policy; the policy is unknown
    ");
}

#[test]
fn bad_organizations_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("global/organizations");
    std::fs::create_dir_all(folder.join("p-examplepolicyid111")).expect("create");
    std::fs::write(
        folder.join("list-accounts.json"),
        r#"{
    "Accounts": [
        {"Id": "22222222222", "Name": "Production"},
        {"Name": "Development"}
    ]
}"#,
    )
    .expect("write");
    std::fs::write(
        folder.join("p-examplepolicyid111/describe-policy.json"),
        r#"{
    "Policy": {
        "PolicySummary": {"Id": "p-examplepolicyid111", "Type": "SERVICE_CONTROL_POLICY"},
        "Content": "{\"Version\": \"2012-10-17\", \"Statement\": [}"
    }
}"#,
    )
    .expect("write");
    std::fs::write(
        folder.join("describe-organization.json"),
        r#"{"Organization": {"Id": "o-exampleorgid", "MasterAccountId": 111111111111}}"#,
    )
    .expect("write");
    let report = Snapshot::load_report(dir.path());
    let root = dir.path().to_string_lossy().into_owned();
    let errors: Vec<String> = report
        .errors
        .iter()
        .map(|e| e.to_string().replace(&root, "SNAP"))
        .collect();
    insta::assert_snapshot!(errors.join("\n"), @r#"
    SNAP/global/organizations/describe-organization.json:1:73: $.Organization.MasterAccountId: invalid type: integer `111111111111`, expected a string
    SNAP/global/organizations/list-accounts.json:3:28: $.Accounts[0].Id: invalid account id "22222222222": expected 12 digits
    SNAP/global/organizations/list-accounts.json:4:31: $.Accounts[1]: missing field `Id`
    SNAP/global/organizations/p-examplepolicyid111/describe-policy.json:5:5: $.Policy.Content: the policy document in this string is not a JSON object: expected value at 1:41 of the document
    "#);
}
