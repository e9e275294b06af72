//! IAM outputs loaded from a snapshot directory: every output, the relationships the engines
//! ask for, both forms of policy documents, pagination and the inventory.

use std::path::{Path, PathBuf};

use keyaki_snapshot::services::iam::{DocumentForm, Iam, PolicySource, ROOT_USER};
use keyaki_snapshot::{Snapshot, WarningKind};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/iam");
const IAM_FILES: &[&str] = &[
    "get-account-authorization-details.json",
    "credential-report.csv",
    "get-account-password-policy.json",
    "get-account-summary.json",
    "list-virtual-mfa-devices.json",
];

/// A snapshot with `files` (relative to tests/data/iam) under `global/iam/`, and `extra`
/// files written as given.
fn snapshot(files: &[&str], extra: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let iam = dir.path().join("global/iam");
    std::fs::create_dir_all(&iam).expect("create global/iam");
    std::fs::write(
        dir.path().join("account.json"),
        r#"{"UserId": "AIDA1111111111EXAMPLE", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/Alice"}"#,
    )
    .expect("write account.json");
    for file in files {
        let name = Path::new(file).file_name().expect("file name");
        std::fs::copy(Path::new(DATA).join(file), iam.join(name)).expect("copy fixture");
    }
    for (path, text) in extra {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, text).expect("write file");
    }
    let root = dir.path().to_owned();
    (dir, root)
}

fn iam(snapshot: &Snapshot) -> &Iam {
    &snapshot.accounts()[0].iam
}

#[test]
fn loads_every_output() {
    let (_dir, root) = snapshot(IAM_FILES, &[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    assert!(snap.warnings().is_empty(), "{:?}", snap.warnings());
    let iam = iam(&snap);
    assert_eq!(iam.users.len(), 3);
    assert_eq!(iam.groups.len(), 2);
    assert_eq!(iam.roles.len(), 3);
    assert_eq!(iam.policies.len(), 4);
    assert_eq!(iam.instance_profiles.len(), 1);
    assert_eq!(iam.virtual_mfa_devices.len(), 3);
    assert_eq!(
        iam.credential_report.as_ref().map(|r| r.rows.len()),
        Some(4)
    );

    let policy = iam.password_policy.as_ref().expect("password policy");
    assert_eq!(policy.minimum_password_length, Some(14));
    assert_eq!(policy.password_reuse_prevention, Some(24));
    assert!(policy.expire_passwords && !policy.hard_expiry);

    let summary = iam.account_summary.as_ref().expect("account summary");
    assert_eq!(summary.root_mfa_enabled(), Some(true));
    assert_eq!(summary.root_access_keys_present(), Some(false));
    assert_eq!(summary.get("Users"), Some(3));
}

#[test]
fn looks_up_principals_by_name_arn_and_id() {
    let (_dir, root) = snapshot(IAM_FILES, &[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let iam = iam(&snap);

    let deployer = iam.user("ci-deployer").expect("user by name");
    assert_eq!(deployer.path, "/automation/");
    assert_eq!(
        iam.user_by_arn("arn:aws:iam::123456789012:user/automation/ci-deployer")
            .map(|u| &u.user_id),
        Some(&deployer.user_id)
    );
    assert_eq!(
        iam.user_by_id("AIDA2222222222EXAMPLE")
            .map(|u| u.user_name.as_str()),
        Some("ci-deployer")
    );
    assert!(
        iam.user_by_id("AROA1234567890EXAMPLE").is_none(),
        "a role's id is not a user's"
    );
    assert_eq!(
        iam.group_by_arn("arn:aws:iam::123456789012:group/Admins")
            .map(|g| g.group_id.as_str()),
        Some("AGPA1111111111EXAMPLE")
    );
    assert_eq!(
        iam.role_by_arn("arn:aws:iam::123456789012:role/service-role/lambda-processor")
            .map(|r| r.role_name.as_str()),
        Some("lambda-processor")
    );
    assert_eq!(
        iam.role_by_id("AROA1234567890EXAMPLE")
            .map(|r| r.role_name.as_str()),
        Some("EC2role")
    );
    assert_eq!(
        iam.policy("AdministratorAccess")
            .map(|p| p.is_aws_managed()),
        Some(true)
    );
    assert_eq!(
        iam.policy_by_arn("arn:aws:iam::123456789012:policy/DeployPolicy")
            .map(|p| p.policy_id.as_str()),
        Some("ANPA3333333333EXAMPLE")
    );
    // AWS managed policies the snapshot leaves out are simply unknown.
    assert!(
        iam.policy_by_arn("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
            .is_none()
    );

    let groups: Vec<&str> = iam
        .user_groups("Alice")
        .iter()
        .map(|g| g.group_name.as_str())
        .collect();
    assert_eq!(groups, ["Admins", "Developers"]);
    let members: Vec<&str> = iam
        .group_members("Developers")
        .iter()
        .map(|u| u.user_name.as_str())
        .collect();
    assert_eq!(members, ["Alice", "bob"]);
}

#[test]
fn every_policy_that_applies_to_a_principal() {
    let (_dir, root) = snapshot(IAM_FILES, &[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let iam = iam(&snap);

    let applied = iam.user_policies("Alice").expect("Alice");
    let summary: Vec<String> = applied
        .iter()
        .map(|p| {
            format!(
                "{} | {} | {} | {}",
                p.source,
                p.name,
                p.arn.map(ToString::to_string).unwrap_or_default(),
                p.document
                    .map(|d| d.origin().json_path.to_string())
                    .unwrap_or_else(|| "(not in the snapshot)".into())
            )
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"), @r"
    inline | AliceSelfManageMFA |  | $.UserDetailList[0].UserPolicyList[0].PolicyDocument
    managed | DeveloperS3Access | arn:aws:iam::123456789012:policy/DeveloperS3Access | $.Policies[0].PolicyVersionList[0].Document
    inline of group Admins | DenyLeaveOrganization |  | $.GroupDetailList[0].GroupPolicyList[0].PolicyDocument
    managed of group Admins | AdministratorAccess | arn:aws:iam::aws:policy/AdministratorAccess | $.Policies[3].PolicyVersionList[0].Document
    managed of group Developers | DeveloperS3Access | arn:aws:iam::123456789012:policy/DeveloperS3Access | $.Policies[0].PolicyVersionList[0].Document
    managed of group Developers | AmazonS3ReadOnlyAccess | arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess | (not in the snapshot)
    permissions boundary | DeveloperBoundary | arn:aws:iam::123456789012:policy/DeveloperBoundary | $.Policies[1].PolicyVersionList[0].Document
    ");
    assert_eq!(
        applied[2].source,
        PolicySource::GroupInline { group: "Admins" }
    );

    let role: Vec<(String, &str)> = iam
        .role_policies("lambda-processor")
        .expect("role")
        .iter()
        .map(|p| (p.source.to_string(), p.name))
        .collect();
    assert_eq!(
        role,
        [
            ("inline".to_owned(), "ProcessOrders"),
            ("permissions boundary".to_owned(), "DeveloperBoundary")
        ]
    );
    let by_arn = iam
        .principal_policies("arn:aws:iam::123456789012:role/EC2role")
        .expect("role by ARN");
    assert_eq!(by_arn.len(), 1);
    assert!(by_arn[0].document.is_none());
    assert!(iam.user_policies("nobody").is_none());
    assert_eq!(iam.group_policies("Admins").map(|p| p.len()), Some(2));
}

#[test]
fn object_documents_are_kept_verbatim_with_their_place() {
    let (_dir, root) = snapshot(IAM_FILES, &[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let iam = iam(&snap);
    let role = iam.role("lambda-processor").expect("role");
    let inline = &role.role_policy_list[0].policy_document;
    assert_eq!(inline.form(), DocumentForm::Object);
    assert_eq!(
        &*inline.origin().json_path,
        "$.RoleDetailList[2].RolePolicyList[0].PolicyDocument"
    );
    // The text is the file's own bytes: a span in the document maps back to the file.
    let file = std::fs::read_to_string(&inline.origin().file).expect("read");
    let offset = inline.file_offset().expect("verbatim");
    assert_eq!(&file[offset..offset + inline.json().len()], inline.json());
    let line = file[..offset].matches('\n').count() + 1;
    assert_eq!(inline.origin().line, line);
    assert!(inline.json().starts_with("{\n"));
    let value = inline.to_value().expect("JSON");
    assert_eq!(
        value["Statement"][0]["Resource"],
        "arn:aws:sqs:us-east-1:123456789012:orders"
    );

    let trust = role.assume_role_policy_document.as_ref().expect("trust");
    assert_eq!(
        &*trust.origin().json_path,
        "$.RoleDetailList[2].AssumeRolePolicyDocument"
    );
}

#[test]
fn the_default_version_of_a_managed_policy() {
    let (_dir, root) = snapshot(IAM_FILES, &[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let iam = iam(&snap);
    let policy = iam.policy("DeveloperS3Access").expect("policy");
    assert_eq!(policy.policy_version_list.len(), 2);
    assert_eq!(
        policy.default_version().map(|v| v.version_id.as_str()),
        Some("v2")
    );
    let document = iam
        .managed_policy_document("arn:aws:iam::123456789012:policy/DeveloperS3Access")
        .expect("default document");
    assert!(
        document.json().contains("DevBucketReadWrite"),
        "{}",
        document.json()
    );
    assert_eq!(
        &*document.origin().json_path,
        "$.Policies[0].PolicyVersionList[0].Document"
    );
    let old = policy.policy_version_list[1].document.as_ref().expect("v1");
    assert!(!old.json().contains("PutObject"));
}

#[test]
fn url_encoded_documents_as_the_api_returns_them() {
    let (_dir, root) = snapshot(&["url-encoded/get-account-authorization-details.json"], &[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let iam = iam(&snap);
    let role = iam.role("AuditReadOnly").expect("role");
    let trust = role.assume_role_policy_document.as_ref().expect("trust");
    assert_eq!(trust.form(), DocumentForm::UrlEncoded);
    assert_eq!(trust.file_offset(), None);
    assert_eq!(
        trust.json(),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::999988887777:root","arn:aws:iam::999988887777:role/auditor"]},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"a+b c"}}}]}"#
    );
    assert_eq!(trust.origin().line, 11);
    let document = iam
        .managed_policy_document("arn:aws:iam::123456789012:policy/AuditExtra")
        .expect("managed");
    assert_eq!(document.form(), DocumentForm::UrlEncoded);
    assert!(document.json().contains("cloudtrail:LookupEvents"));
    let inline = &role.role_policy_list[0].policy_document;
    assert_eq!(
        inline.to_value().expect("JSON")["Statement"][0]["Action"],
        "config:Get*"
    );
}

#[test]
fn instance_profiles_connect_roles() {
    let (_dir, root) = snapshot(IAM_FILES, &[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let iam = iam(&snap);
    let arn = "arn:aws:iam::123456789012:instance-profile/EC2role";
    let profile = iam.instance_profile(arn).expect("profile");
    assert_eq!(profile.instance_profile_id, "AIPA1234567890EXAMPLE");
    assert_eq!(
        &*profile.origin.json_path,
        "$.RoleDetailList[0].InstanceProfileList[0]"
    );
    assert_eq!(
        iam.instance_profile_role(arn).map(|r| r.role_id.as_str()),
        Some("AROA1234567890EXAMPLE")
    );
    let profiles: Vec<&str> = iam
        .role_instance_profiles("EC2role")
        .iter()
        .map(|p| p.instance_profile_name.as_str())
        .collect();
    assert_eq!(profiles, ["EC2role"]);
    assert!(iam.role_instance_profiles("lambda-processor").is_empty());
}

#[test]
fn credential_report_and_mfa() {
    let (_dir, root) = snapshot(IAM_FILES, &[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let iam = iam(&snap);
    let report = iam.credential_report.as_ref().expect("report");

    let root_row = report.root().expect("root row");
    assert_eq!(root_row.user, ROOT_USER);
    assert_eq!(root_row.arn.as_str(), "arn:aws:iam::123456789012:root");
    assert_eq!(root_row.password_enabled, None, "not_supported");
    assert_eq!(root_row.password_last_changed, None);
    assert_eq!(
        root_row.password_last_used.as_ref().map(|t| t.as_str()),
        Some("2024-05-02T08:15:00+00:00")
    );
    assert!(root_row.mfa_active);
    assert_eq!(root_row.active_access_keys(), 0);
    assert_eq!(root_row.origin.line, 2);

    let deployer = iam.credential_report_row("ci-deployer").expect("row");
    assert_eq!(deployer.password_enabled, Some(false));
    assert_eq!(deployer.password_last_used, None);
    assert_eq!(deployer.active_access_keys(), 2);
    assert_eq!(
        deployer.access_key_1.last_used_region.as_deref(),
        Some("eu-west-1")
    );
    assert_eq!(
        deployer.access_key_1.last_used_service.as_deref(),
        Some("cloudformation")
    );
    assert_eq!(deployer.access_key_2.last_used_date, None);
    assert!(deployer.access_key_2.exists());
    assert_eq!(
        deployer.last_activity().map(|t| t.as_str()),
        Some("2024-05-02T03:00:00+00:00")
    );
    assert!(!deployer.cert_1.active && deployer.cert_1.last_rotated.is_none());

    let bob = iam.credential_report_row("bob").expect("bob");
    assert_eq!(bob.password_enabled, Some(true));
    assert_eq!(bob.password_last_used, None, "no_information");
    assert!(!bob.access_key_1.exists());

    let without: Vec<&str> = iam.users_without_mfa().map(|r| r.user.as_str()).collect();
    assert_eq!(without, ["ci-deployer", "bob"]);

    let with_virtual: Vec<&str> = iam.virtual_mfa_users().map(|a| a.as_str()).collect();
    assert_eq!(
        with_virtual,
        [
            "arn:aws:iam::123456789012:root",
            "arn:aws:iam::123456789012:user/Alice"
        ]
    );
    let device = iam
        .virtual_mfa_device("arn:aws:iam::123456789012:root")
        .expect("root's device");
    assert_eq!(
        device.serial_number,
        "arn:aws:iam::123456789012:mfa/root-account-mfa-device"
    );
    assert!(
        iam.virtual_mfa_device("arn:aws:iam::123456789012:user/bob")
            .is_none()
    );
}

#[test]
fn pages_merge_and_duplicates_are_reported() {
    // A first page with Alice and bob, a second with bob again and ci-deployer.
    let full: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(DATA).join("get-account-authorization-details.json"))
            .expect("read fixture"),
    )
    .expect("JSON");
    let users = full["UserDetailList"].as_array().expect("users");
    let page1 = serde_json::json!({
        "UserDetailList": [users[0], users[2]],
        "GroupDetailList": full["GroupDetailList"],
        "RoleDetailList": [],
        "Policies": full["Policies"],
        "IsTruncated": true,
        "Marker": "AAEAAQAAAAEAAAACMHgL2A1K8aE9ZbqmHTb4"
    });
    let page2 = serde_json::json!({
        "UserDetailList": [users[2], users[1]],
        "RoleDetailList": full["RoleDetailList"],
        "IsTruncated": false
    });
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).expect("JSON");
    let (_dir, root) = snapshot(
        &[],
        &[
            (
                "global/iam/get-account-authorization-details.1.json",
                &pretty(&page1),
            ),
            (
                "global/iam/get-account-authorization-details.2.json",
                &pretty(&page2),
            ),
        ],
    );
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let iam = iam(&snap);
    let users: Vec<&str> = iam.users.iter().map(|u| u.user_name.as_str()).collect();
    assert_eq!(users, ["Alice", "bob", "ci-deployer"]);
    assert_eq!(iam.roles.len(), 3);
    assert_eq!(iam.instance_profiles.len(), 1);
    // The user moved between pages keeps its first place; the next page's copy is reported.
    assert_eq!(
        &*iam.user("bob").expect("bob").origin.json_path,
        "$.UserDetailList[1]"
    );
    let warnings: Vec<String> = snap
        .warnings()
        .iter()
        .map(|w| {
            assert_eq!(w.kind, WarningKind::Duplicate);
            w.to_string().replace(&*root.to_string_lossy(), "SNAP")
        })
        .collect();
    insta::assert_snapshot!(warnings.join("\n"), @"SNAP/global/iam/get-account-authorization-details.2.json: AIDA3333333333EXAMPLE at $.UserDetailList[0] is already loaded from SNAP/global/iam/get-account-authorization-details.1.json:52: $.UserDetailList[1]; the first is kept");
}

#[test]
fn a_policies_only_page_is_iam_in_an_iam_folder() {
    // `--filter LocalManagedPolicy` prints only `Policies`, the key organizations
    // list-policies also uses.
    let full: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(DATA).join("get-account-authorization-details.json"))
            .expect("read fixture"),
    )
    .expect("JSON");
    let only = serde_json::json!({ "Policies": full["Policies"] }).to_string();
    let (_dir, root) = snapshot(
        &[],
        &[
            ("global/iam/get-account-authorization-details.json", &only),
            // Outside any service folder, the items' fields decide.
            ("policies.json", &only),
        ],
    );
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let iam = iam(&snap);
    assert_eq!(iam.policies.len(), 4);
    assert!(snap.organization().is_none());
    assert_eq!(snap.warnings().len(), 4, "{:?}", snap.warnings());
}

#[test]
fn inventory_lists_every_iam_resource() {
    let (_dir, root) = snapshot(IAM_FILES, &[]);
    let snap = Snapshot::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let counts = snap.counts();
    assert_eq!(counts.get("AWS::IAM::User"), Some(&3));
    assert_eq!(counts.get("AWS::IAM::Group"), Some(&2));
    assert_eq!(counts.get("AWS::IAM::Role"), Some(&3));
    assert_eq!(counts.get("AWS::IAM::ManagedPolicy"), Some(&4));
    assert_eq!(counts.get("AWS::IAM::InstanceProfile"), Some(&1));

    let items: Vec<serde_json::Value> = ["Alice", "EC2role", "AdministratorAccess", "EC2role"]
        .iter()
        .zip([
            "AWS::IAM::User",
            "AWS::IAM::Role",
            "AWS::IAM::ManagedPolicy",
            "AWS::IAM::InstanceProfile",
        ])
        .map(|(id, kind)| {
            let item = snap
                .find(id)
                .find(|i| i.resource_type == kind)
                .unwrap_or_else(|| panic!("{kind} {id}"));
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
        "type": "AWS::IAM::User",
        "id": "Alice",
        "arn": "arn:aws:iam::123456789012:user/Alice",
        "account": "123456789012",
        "region": null,
        "name": "Alice",
        "attributes": {
          "path": "/",
          "user_id": "AIDA1111111111EXAMPLE",
          "created": "2020-01-15T10:00:00+00:00",
          "groups": [
            "Admins",
            "Developers"
          ],
          "attached_policies": [
            "DeveloperS3Access"
          ],
          "inline_policies": [
            "AliceSelfManageMFA"
          ],
          "permissions_boundary": "arn:aws:iam::123456789012:policy/DeveloperBoundary",
          "mfa_active": true,
          "password_enabled": true,
          "password_last_used": "2024-05-01T17:30:12+00:00",
          "access_keys_active": 1,
          "last_activity": "2024-05-01T17:30:12+00:00"
        },
        "source": "SNAP/global/iam/get-account-authorization-details.json:3"
      },
      {
        "type": "AWS::IAM::Role",
        "id": "EC2role",
        "arn": "arn:aws:iam::123456789012:role/EC2role",
        "account": "123456789012",
        "region": null,
        "name": "EC2role",
        "attributes": {
          "path": "/",
          "role_id": "AROA1234567890EXAMPLE",
          "created": "2014-07-30T17:09:20+00:00",
          "trust_principals": [
            "Service: ec2.amazonaws.com"
          ],
          "attached_policies": [
            "AmazonS3ReadOnlyAccess"
          ],
          "instance_profiles": [
            "EC2role"
          ],
          "last_used": "2024-05-01T11:03:54+00:00",
          "last_used_region": "us-east-1"
        },
        "source": "SNAP/global/iam/get-account-authorization-details.json:129"
      },
      {
        "type": "AWS::IAM::ManagedPolicy",
        "id": "AdministratorAccess",
        "arn": "arn:aws:iam::aws:policy/AdministratorAccess",
        "account": "123456789012",
        "region": null,
        "name": "AdministratorAccess",
        "attributes": {
          "path": "/",
          "policy_id": "ANPAIWMBCKSKIEE64ZLYK",
          "aws_managed": true,
          "created": "2015-02-06T18:39:46+00:00",
          "updated": "2015-02-06T18:39:46+00:00",
          "default_version": "v1",
          "versions": 1,
          "attachments": 2,
          "boundary_uses": 0,
          "attachable": true
        },
        "source": "SNAP/global/iam/get-account-authorization-details.json:414"
      },
      {
        "type": "AWS::IAM::InstanceProfile",
        "id": "EC2role",
        "arn": "arn:aws:iam::123456789012:instance-profile/EC2role",
        "account": "123456789012",
        "region": null,
        "name": "EC2role",
        "attributes": {
          "path": "/",
          "instance_profile_id": "AIPA1234567890EXAMPLE",
          "created": "2014-07-30T17:09:20+00:00",
          "role": "EC2role"
        },
        "source": "SNAP/global/iam/get-account-authorization-details.json:149"
      }
    ]
    "#);
}
