//! The bundled breached example (`examples/incident-3tier`), whose README is the ground truth.

use std::path::Path;
use std::sync::OnceLock;

use keyaki_iam::{Access, Context, Decision};
use keyaki_snapshot::Snapshot;

fn access() -> &'static Access {
    static ACCESS: OnceLock<Access> = OnceLock::new();
    ACCESS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier");
        let snapshot = Snapshot::load(&root).expect("the example loads");
        Access::new(&snapshot)
    })
}

const ACCOUNT: &str = "123456789012";

fn can(
    principal: &str,
    action: &str,
    resource: &str,
    ctx: &[(&str, &str)],
) -> keyaki_iam::CanAnswer {
    access()
        .can(
            principal,
            action,
            resource,
            &Context::from_pairs(ctx.iter().copied()),
        )
        .expect("answered")
}

#[test]
fn no_warnings_on_the_example() {
    let w = access().warnings();
    assert!(w.iter().all(|w| !w.contains("does not parse")), "{w:#?}");
}

#[test]
fn batch_job_assumes_developer_role_by_name() {
    let a = can(
        "batch-job",
        "sts:AssumeRole",
        &format!("arn:aws:iam::{ACCOUNT}:role/developer-role"),
        &[],
    );
    assert_eq!(a.decision, Decision::Allow, "{:#?}", a.explanation);
    assert!(
        a.explanation
            .deciding
            .iter()
            .any(|d| d.sid.as_deref() == Some("NightlyReportJob"))
    );
    let d = &a.explanation.deciding[0];
    assert!(
        d.location
            .to_string()
            .contains("get-account-authorization-details.json:"),
        "{}",
        d.location
    );
    assert!(
        d.location.json_path.starts_with("$.RoleDetailList["),
        "{}",
        d.location.json_path
    );
}

#[test]
fn bob_needs_mfa_for_developer_role() {
    let role = format!("arn:aws:iam::{ACCOUNT}:role/developer-role");
    let a = can("bob", "sts:AssumeRole", &role, &[]);
    assert_eq!(a.decision, Decision::ImplicitDeny, "{:#?}", a.explanation);
    assert!(
        a.explanation
            .missing_keys
            .iter()
            .any(|k| k == "aws:MultiFactorAuthPresent"),
        "{:#?}",
        a.explanation
    );
    let a = can(
        "bob",
        "sts:AssumeRole",
        &role,
        &[("aws:MultiFactorAuthPresent", "true")],
    );
    assert_eq!(a.decision, Decision::Allow, "{:#?}", a.explanation);
}

#[test]
fn developer_role_can_rewrite_its_own_policy() {
    let a = can(
        "developer-role",
        "iam:CreatePolicyVersion",
        &format!("arn:aws:iam::{ACCOUNT}:policy/developer-policy"),
        &[],
    );
    assert_eq!(a.decision, Decision::Allow, "{:#?}", a.explanation);
}

#[test]
fn ci_deploy_boundary_blocks_pass_role() {
    let a = can(
        "ci-deploy",
        "iam:PassRole",
        &format!("arn:aws:iam::{ACCOUNT}:role/thumbnailer-role"),
        &[],
    );
    assert_eq!(a.decision, Decision::ImplicitDeny, "{:#?}", a.explanation);
    assert!(
        a.explanation.summary.contains("boundary"),
        "{}",
        a.explanation.summary
    );
}

#[test]
fn scp_protects_guardduty_but_not_cloudtrail() {
    let a = can("svc-backup", "guardduty:DeleteDetector", "*", &[]);
    assert_eq!(a.decision, Decision::ExplicitDeny, "{:#?}", a.explanation);
    assert!(
        a.explanation
            .deciding
            .iter()
            .any(|d| d.sid.as_deref() == Some("ProtectSecurityServices"))
    );
    let a = can(
        "svc-backup",
        "cloudtrail:StopLogging",
        &format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/management-trail"),
        &[],
    );
    assert_eq!(a.decision, Decision::Allow, "{:#?}", a.explanation);
}

#[test]
fn web_server_role_reads_the_secret_not_the_customer_data() {
    let a = can(
        "web-server-role",
        "secretsmanager:GetSecretValue",
        &format!("arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:prod/db/password-YXJ7w6"),
        &[],
    );
    assert_eq!(a.decision, Decision::Allow, "{:#?}", a.explanation);
    let a = can(
        "web-server-role",
        "s3:GetObject",
        "arn:aws:s3:::acme-customer-data/orders.csv",
        &[],
    );
    assert_ne!(a.decision, Decision::Allow, "{:#?}", a.explanation);
}

#[test]
fn who_can_read_customer_data_includes_the_partner_account() {
    let w = access()
        .who_can(
            "s3:GetObject",
            "arn:aws:s3:::acme-customer-data/orders.csv",
            &Context::empty(),
        )
        .expect("answered");
    let names: Vec<&str> = w.principals.iter().map(|p| p.principal.as_str()).collect();
    assert!(
        names.contains(&"arn:aws:iam::444455556666:root"),
        "{names:#?}"
    );
    assert!(
        names.contains(&"arn:aws:iam::123456789012:user/svc-backup"),
        "{names:#?}"
    );
    assert!(
        names.contains(&"arn:aws:iam::123456789012:user/batch-job"),
        "{names:#?}"
    );
    assert!(
        !names.contains(&"arn:aws:iam::123456789012:role/web-server-role"),
        "{names:#?}"
    );
}

#[test]
fn what_can_developer_role() {
    let w = access()
        .what_can(
            &format!("arn:aws:iam::{ACCOUNT}:role/developer-role"),
            &keyaki_iam::WhatCanFilter {
                service: Some("iam".into()),
                ..Default::default()
            },
        )
        .expect("answered");
    // v2 of developer-policy allows everything.
    assert!(w.total_actions > 100, "{}", w.total_actions);
}

#[test]
fn the_example_policies_validate_without_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier");
    let snapshot = Snapshot::load(&root).expect("the example loads");
    let account = &snapshot.accounts()[0];
    let mut errors = Vec::new();
    let mut checked = 0;
    for p in &account.iam.policies {
        for v in &p.policy_version_list {
            if let Some(doc) = &v.document {
                checked += 1;
                for f in keyaki_iam::validate(
                    doc.json(),
                    keyaki_iam::PolicyKind::Identity,
                    keyaki_iam::Origin::of_document(doc),
                ) {
                    if f.finding_type == keyaki_iam::FindingType::Error {
                        errors.push(f.to_string());
                    }
                }
            }
        }
    }
    assert!(checked > 10);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_session_arn_keeps_its_name_and_its_role() {
    let a = can(
        "arn:aws:sts::123456789012:assumed-role/developer-role/batch-sync",
        "iam:CreatePolicyVersion",
        &format!("arn:aws:iam::{ACCOUNT}:policy/developer-policy"),
        &[],
    );
    assert_eq!(a.decision, Decision::Allow, "{:#?}", a.explanation);
    assert_eq!(
        a.principal.arn,
        "arn:aws:sts::123456789012:assumed-role/developer-role/batch-sync"
    );
    assert_eq!(
        a.principal.role_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/developer-role")
    );
    let userid = a
        .context
        .get("aws:userid")
        .map(|v| v.values()[0].clone())
        .unwrap_or_default();
    assert!(userid.ends_with(":batch-sync"), "{userid}");
}

#[test]
fn what_can_filters_by_resource_and_level() {
    let w = access()
        .what_can(
            "batch-job",
            &keyaki_iam::WhatCanFilter {
                resource: Some("arn:aws:s3:::acme-customer-data/orders.csv".into()),
                access_level: Some(keyaki_iam::AccessLevel::Read),
                ..Default::default()
            },
        )
        .expect("answered");
    let actions: Vec<&str> = w
        .services
        .iter()
        .flat_map(|s| {
            s.levels
                .iter()
                .flat_map(|l| l.actions.iter().map(|a| a.action.as_str()))
        })
        .collect();
    assert!(actions.contains(&"s3:GetObject"), "{actions:?}");
    assert!(!actions.contains(&"s3:ListBucket"), "{actions:?}");
    assert!(w.services.iter().all(|s| {
        s.levels
            .iter()
            .all(|l| l.access_level == keyaki_iam::AccessLevel::Read)
    }));
}

#[test]
fn unknown_principal_is_an_error() {
    let e = access().can("nobody", "s3:GetObject", "*", &Context::empty());
    assert!(matches!(e, Err(keyaki_iam::Error::UnknownPrincipal(_))));
    let e = access().can("alice", "GetObject", "*", &Context::empty());
    assert!(matches!(e, Err(keyaki_iam::Error::InvalidAction(_))));
}

#[test]
fn validating_the_snapshot_finds_no_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier");
    let snapshot = Snapshot::load(&root).expect("the example loads");
    let all = keyaki_iam::validate_snapshot(&snapshot);
    let lines: Vec<String> = all
        .iter()
        .flat_map(|p| {
            p.findings
                .iter()
                .map(move |f| format!("{} {}: {}", p.policy.name, f.issue_code, f.message))
        })
        .collect();
    // The bucket policy shares customer data with another account, not with everyone: no
    // public-principal finding there; developer-policy v2 allows everything.
    assert!(
        lines
            .iter()
            .all(|l| !l.starts_with("bucket policy of acme-customer-data public-principal")),
        "{lines:#?}"
    );
    assert!(
        all.iter().all(|p| p
            .findings
            .iter()
            .all(|f| f.finding_type != keyaki_iam::FindingType::Error)),
        "{lines:#?}"
    );
}
