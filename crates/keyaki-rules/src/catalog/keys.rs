//! AWS KMS keys and the IAM policies that reach them: the AWS Security Hub controls IAM.21,
//! KMS.1, KMS.2 and KMS.5, as the AWS Security Hub user guide defines them
//! ("AWS Identity and Access Management controls", `iam-controls.md`; "AWS KMS controls",
//! `kms-controls.md`).

use keyaki_core::Severity;
use keyaki_snapshot::Account;
use keyaki_snapshot::services::iam::{ManagedPolicy, PolicyDocument};
use serde_json::{Value, json};

use super::{global, missing, regional, regions, status};
use crate::Rule;
use crate::policy;
use crate::rule::{Context, Evaluation, Status};

const KMS_GUIDE: &str =
    "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html";
const IAM_GUIDE: &str =
    "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html";

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "iam.policy-no-service-wildcard",
        title: "Customer managed policies do not allow all actions of a service",
        description: "Fails for each customer managed policy (not used as a permissions boundary) whose default version has an Allow statement with an Action of the form `service:*` (or `*`), or an Allow statement with NotAction.",
        rationale: "`service:*` grants every present and future action of the service, including its administrative ones.",
        severity: Severity::Low,
        resource_type: "AWS::IAM::Policy",
        remediation: "List the actions the policy's users need instead of `service:*`, and replace NotAction with Action.",
        cli: Some(
            "aws iam create-policy-version --policy-arn {resource} --policy-document file://least-privilege.json --set-as-default",
        ),
        references: &[
            IAM_GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-full-access.html",
        ],
        control: Some("IAM.21"),
        requirements: &[],
        check: service_wildcard,
    },
    Rule {
        id: "kms.policy-no-decrypt-all-keys",
        title: "Customer managed policies do not allow decryption with every KMS key",
        description: "Fails for each customer managed policy (not used as a permissions boundary) whose default version allows kms:Decrypt or kms:ReEncryptFrom on a Resource that covers every KMS key (`*`, or a pattern that matches keys in any Region and account). Conditions are not considered, as the control does not consider them.",
        rationale: "Decryption with every key lets the policy's users read any data encrypted in the account.",
        severity: Severity::Medium,
        resource_type: "AWS::IAM::Policy",
        remediation: "Name the keys the policy's users need in the Resource element.",
        cli: Some(
            "aws iam create-policy-version --policy-arn {resource} --policy-document file://scoped-kms.json --set-as-default",
        ),
        references: &[
            KMS_GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/iam-customer-policy-blocked-kms-actions.html",
        ],
        control: Some("KMS.1"),
        requirements: &[],
        check: managed_decrypt_all,
    },
    Rule {
        id: "kms.inline-policy-no-decrypt-all-keys",
        title: "Inline policies do not allow decryption with every KMS key",
        description: "Fails for each IAM user, group and role with an inline policy that allows kms:Decrypt or kms:ReEncryptFrom on a Resource that covers every KMS key (`*`, or a pattern that matches keys in any Region and account). Conditions are not considered, as the control does not consider them.",
        rationale: "Decryption with every key lets the identity read any data encrypted in the account.",
        severity: Severity::Medium,
        resource_type: "AWS::IAM::Role",
        remediation: "Name the keys the identity needs in the Resource element of its inline policy.",
        cli: None,
        references: &[
            KMS_GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/iam-inline-policy-blocked-kms-actions.html",
        ],
        control: Some("KMS.2"),
        requirements: &[],
        check: inline_decrypt_all,
    },
    Rule {
        id: "kms.key-not-public",
        title: "KMS key policies do not allow public access",
        description: "Fails for each KMS key whose key policy has an Allow statement for the principal `*` without a condition that narrows the caller (aws:SourceAccount, aws:PrincipalOrgID, aws:SourceArn, ...) to fixed values (no wildcard or policy variable).",
        rationale: "A public key policy lets any AWS account use the key to encrypt and decrypt data.",
        severity: Severity::Critical,
        resource_type: "AWS::KMS::Key",
        remediation: "Remove the public statement, or narrow it with a condition on the calling account or organization.",
        cli: Some(
            "aws kms put-key-policy --key-id {key} --policy-name default --policy file://key-policy.json --region {region}",
        ),
        references: &[
            KMS_GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/kms-key-policy-no-public-access.html",
        ],
        control: Some("KMS.5"),
        requirements: &[],
        check: key_not_public,
    },
];

/// Whether the action pattern grants every action of a service (`s3:*`) or of all (`*`).
fn full_service(action: &str) -> bool {
    action == "*"
        || action
            .split_once(':')
            .is_some_and(|(service, rest)| !service.is_empty() && rest == "*")
}

fn service_wildcard(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for_each_customer_policy(cx, out, |account, p, doc, out| {
        let bad: Vec<Value> = policy::statements(doc)
            .into_iter()
            .filter(|s| policy::is_allow(s))
            .filter(|s| {
                s.get("NotAction").is_some()
                    || policy::strings(s.get("Action"))
                        .into_iter()
                        .any(full_service)
            })
            .cloned()
            .collect();
        out.push(global(
            account,
            p.arn.to_string(),
            status(bad.is_empty()),
            json!({"default_version": p.default_version_id, "statements": bad}),
        ));
    });
}

/// Calls `check` with the default version document of every customer managed policy. A
/// policy used as a permissions boundary is not applicable (the controls look at policies
/// that grant permissions); one whose document is missing is unknown.
fn for_each_customer_policy(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    mut check: impl FnMut(&Account, &ManagedPolicy, &Value, &mut Vec<Evaluation>),
) {
    for account in cx.snapshot.accounts() {
        for p in account.iam.policies.iter().filter(|p| !p.is_aws_managed()) {
            if p.permissions_boundary_usage_count.unwrap_or(0) > 0 {
                out.push(global(
                    account,
                    p.arn.to_string(),
                    Status::NotApplicable,
                    json!({"permissions_boundary_usage_count": p.permissions_boundary_usage_count}),
                ));
                continue;
            }
            let Some(doc) = p.default_document().and_then(|d| d.to_value().ok()) else {
                out.push(missing(
                    account,
                    p.arn.to_string(),
                    "the policy's default version document",
                ));
                continue;
            };
            check(account, p, &doc, out);
        }
    }
}

const DECRYPT: &[&str] = &["kms:Decrypt", "kms:ReEncryptFrom"];

/// Two keys in different Regions and accounts: a Resource pattern matching both covers
/// every key.
const SAMPLE_KEYS: &[&str] = &[
    "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000001",
    "arn:aws:kms:eu-west-1:222222222222:key/ffffffff-ffff-ffff-ffff-fffffffffff2",
];

fn covers_all_keys(pattern: &str) -> bool {
    SAMPLE_KEYS.iter().all(|k| policy::wildcard(pattern, k))
}

/// The Allow statements of `doc` that allow a decryption action on every KMS key.
fn decrypt_all(doc: &Value) -> Vec<Value> {
    policy::statements(doc)
        .into_iter()
        .filter(|s| policy::is_allow(s) && !policy::allowed_actions(s, DECRYPT).is_empty())
        .filter(|s| match s.get("NotResource") {
            Some(not) => !policy::strings(Some(not)).into_iter().any(covers_all_keys),
            None => policy::strings(s.get("Resource"))
                .into_iter()
                .any(covers_all_keys),
        })
        .cloned()
        .collect()
}

fn managed_decrypt_all(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for_each_customer_policy(cx, out, |account, p, doc, out| {
        let bad = decrypt_all(doc);
        out.push(global(account, p.arn.to_string(), status(bad.is_empty()),
            json!({"default_version": p.default_version_id, "blocked_actions": DECRYPT, "statements": bad})));
    });
}

/// One evaluation for an identity with inline policies `policies` (name, document).
fn inline(
    account: &Account,
    arn: String,
    policies: &[(&str, &PolicyDocument)],
    out: &mut Vec<Evaluation>,
) {
    let mut bad = Vec::new();
    for (name, doc) in policies {
        let Ok(doc) = doc.to_value() else { continue };
        for s in decrypt_all(&doc) {
            bad.push(json!({"policy": name, "statement": s}));
        }
    }
    out.push(global(account, arn, status(bad.is_empty()),
        json!({"inline_policies": policies.iter().map(|(n, _)| *n).collect::<Vec<_>>(), "blocked_actions": DECRYPT, "statements": bad})));
}

fn inline_decrypt_all(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        let iam = &account.iam;
        for u in &iam.users {
            let p: Vec<_> = u
                .user_policy_list
                .iter()
                .map(|p| (p.policy_name.as_str(), &p.policy_document))
                .collect();
            inline(account, u.arn.to_string(), &p, out);
        }
        for g in &iam.groups {
            let p: Vec<_> = g
                .group_policy_list
                .iter()
                .map(|p| (p.policy_name.as_str(), &p.policy_document))
                .collect();
            inline(account, g.arn.to_string(), &p, out);
        }
        for r in &iam.roles {
            let p: Vec<_> = r
                .role_policy_list
                .iter()
                .map(|p| (p.policy_name.as_str(), &p.policy_document))
                .collect();
            inline(account, r.arn.to_string(), &p, out);
        }
    }
}

/// Whether a narrowing condition of `stmt` holds only fixed values (no wildcard, no
/// policy variable).
fn narrowed_to_fixed_values(stmt: &Value) -> bool {
    let keys = policy::narrowing_conditions(stmt);
    if keys.is_empty() {
        return false;
    }
    let Some(Value::Object(ops)) = stmt.get("Condition") else {
        return false;
    };
    ops.values()
        .filter_map(Value::as_object)
        .flat_map(|m| m.iter())
        .filter(|(k, _)| keys.contains(&k.to_ascii_lowercase()))
        .all(|(_, v)| {
            policy::strings(Some(v))
                .iter()
                .all(|s| !s.contains('*') && !s.contains('?') && !s.contains("${"))
        })
}

fn key_not_public(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for k in &region.kms.keys {
            let resource = k.arn().map_or_else(|| k.key_id.clone(), str::to_owned);
            let (st, evidence) = match k.policy.as_ref().and_then(|p| p.raw.to_value().ok()) {
                Some(doc) => {
                    let public: Vec<Value> = policy::statements(&doc)
                        .into_iter()
                        .filter(|s| {
                            policy::is_allow(s)
                                && policy::aws_principals(s).contains(&"*")
                                && !narrowed_to_fixed_values(s)
                        })
                        .cloned()
                        .collect();
                    (
                        status(public.is_empty()),
                        json!({"public_statements": public}),
                    )
                }
                None => (
                    Status::Unknown,
                    json!({"missing": format!("aws kms get-key-policy --key-id {} --policy-name default", k.key_id)}),
                ),
            };
            let mut e = regional(account, region, resource, st, evidence);
            e.vars.push(("key", k.key_id.clone()));
            out.push(e);
        }
    }
}
