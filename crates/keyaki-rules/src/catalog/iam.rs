//! IAM: the root user, users' credentials, policies and the password policy.

use keyaki_core::Severity;
use keyaki_snapshot::Account;
use keyaki_snapshot::services::iam::{AccessKeyStatus, CredentialReportRow, PasswordPolicy};
use serde_json::{Value, json};

use super::{account_resource, age_days, global, has_iam, missing, root_arn, status};
use crate::Framework::{Cis30, Cis50};
use crate::Rule;
use crate::policy;
use crate::rule::{Context, Evaluation, Status};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "iam.root-access-key",
        title: "The root user has no access key",
        description: "Fails when the credential report shows an active access key for the root user \
            (or, without a report, when the account summary says AccountAccessKeysPresent).",
        rationale: "A root access key gives unrestricted, unconditional programmatic access to the whole account.",
        severity: Severity::Critical,
        resource_type: "AWS::::Account",
        remediation: "Sign in as the root user and delete its access keys (Security credentials page).",
        cli: None,
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
        ],
        control: Some("IAM.4"),
        requirements: &[(Cis30, "1.4"), (Cis50, "1.3")],
        check: root_access_key,
    },
    Rule {
        id: "iam.root-mfa",
        title: "The root user has MFA",
        description: "Fails when the root user has no MFA device (credential report `mfa_active`, or the account summary's AccountMFAEnabled).",
        rationale: "The root user cannot be restricted by policy; a password alone protects the whole account.",
        severity: Severity::Critical,
        resource_type: "AWS::::Account",
        remediation: "Sign in as the root user and assign an MFA device.",
        cli: None,
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html",
        ],
        control: Some("IAM.9"),
        requirements: &[(Cis30, "1.5"), (Cis50, "1.4")],
        check: root_mfa,
    },
    Rule {
        id: "iam.root-hardware-mfa",
        title: "The root user has a hardware MFA device",
        description: "Fails when the root user has no MFA, or its MFA device is a virtual one (listed by `list-virtual-mfa-devices` for the root user).",
        rationale: "A virtual MFA device lives on a phone that can be lost, cloned or compromised.",
        severity: Severity::Critical,
        resource_type: "AWS::::Account",
        remediation: "Replace the root user's virtual MFA device with a hardware key or token.",
        cli: None,
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_physical.html",
        ],
        control: Some("IAM.6"),
        requirements: &[(Cis30, "1.6"), (Cis50, "1.5")],
        check: root_hardware_mfa,
    },
    Rule {
        id: "iam.user-console-mfa",
        title: "IAM users with a console password have MFA",
        description: "Fails for each IAM user whose credential report row has `password_enabled` true and `mfa_active` false.",
        rationale: "A stolen or guessed password is enough to sign in to the console without MFA.",
        severity: Severity::Medium,
        resource_type: "AWS::IAM::User",
        remediation: "Assign an MFA device to the user, or remove the console password if the user does not need it.",
        cli: Some("aws iam delete-login-profile --user-name {user}"),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html",
        ],
        control: Some("IAM.5"),
        requirements: &[(Cis30, "1.10"), (Cis50, "1.9")],
        check: user_console_mfa,
    },
    Rule {
        id: "iam.user-mfa",
        title: "Every IAM user has MFA",
        description: "Fails for each IAM user whose credential report row has `mfa_active` false.",
        rationale: "MFA adds a second factor to every sign-in.",
        severity: Severity::Medium,
        resource_type: "AWS::IAM::User",
        remediation: "Assign an MFA device to the user.",
        cli: None,
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html"],
        control: Some("IAM.19"),
        requirements: &[],
        check: user_mfa,
    },
    Rule {
        id: "iam.access-key-rotation",
        title: "Active access keys are rotated every 90 days or less",
        description: "Fails for each IAM user with an active access key last rotated (created) more than 90 days before the check time.",
        rationale: "Long-lived keys end up in code, configuration files and laptops; rotation bounds how long a leaked key works.",
        severity: Severity::Medium,
        resource_type: "AWS::IAM::User",
        remediation: "Create a new access key, move the workload to it, then deactivate and delete the old one.",
        cli: Some(
            "aws iam update-access-key --user-name {user} --access-key-id <old-key-id> --status Inactive",
        ),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#Using_RotateAccessKey",
        ],
        control: Some("IAM.3"),
        requirements: &[(Cis30, "1.14"), (Cis50, "1.13")],
        check: access_key_rotation,
    },
    Rule {
        id: "iam.unused-credentials-45",
        title: "Credentials unused for 45 days or more are disabled",
        description: "Fails for each IAM user with a console password or an active access key not used for 45 days or more (never used: counted from its creation).",
        rationale: "Unused credentials are attack surface that nobody watches.",
        severity: Severity::Medium,
        resource_type: "AWS::IAM::User",
        remediation: "Remove the unused password or deactivate the unused access key.",
        cli: Some("aws iam delete-login-profile --user-name {user}"),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
        ],
        control: Some("IAM.22"),
        requirements: &[(Cis30, "1.12"), (Cis50, "1.11")],
        check: unused_45,
    },
    Rule {
        id: "iam.unused-credentials-90",
        title: "Credentials unused for 90 days are removed",
        description: "Fails for each IAM user with a console password or an active access key not used for 90 days or more (never used: counted from its creation).",
        rationale: "Unused credentials are attack surface that nobody watches.",
        severity: Severity::Medium,
        resource_type: "AWS::IAM::User",
        remediation: "Remove the unused password or deactivate the unused access key.",
        cli: Some("aws iam delete-login-profile --user-name {user}"),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
        ],
        control: Some("IAM.8"),
        requirements: &[],
        check: unused_90,
    },
    Rule {
        id: "iam.single-active-key",
        title: "No IAM user has more than one active access key",
        description: "Fails for each IAM user whose two access keys are both active.",
        rationale: "A second active key is usually a rotation left half done, and doubles what can leak.",
        severity: Severity::Low,
        resource_type: "AWS::IAM::User",
        remediation: "Deactivate the key that is no longer in use, then delete it.",
        cli: Some(
            "aws iam update-access-key --user-name {user} --access-key-id <unused-key-id> --status Inactive",
        ),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
        ],
        control: None,
        requirements: &[(Cis30, "1.13"), (Cis50, "1.12")],
        check: single_active_key,
    },
    Rule {
        id: "iam.user-direct-policies",
        title: "IAM users receive permissions only through groups",
        description: "Fails for each IAM user with an attached managed policy or an inline policy.",
        rationale: "Permissions managed on groups are easier to review and to revoke.",
        severity: Severity::Low,
        resource_type: "AWS::IAM::User",
        remediation: "Move the user's policies to a group, add the user to it, and detach the user's own policies.",
        cli: Some("aws iam detach-user-policy --user-name {user} --policy-arn <policy-arn>"),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html",
        ],
        control: Some("IAM.2"),
        requirements: &[(Cis30, "1.15"), (Cis50, "1.14")],
        check: user_direct_policies,
    },
    Rule {
        id: "iam.policy-full-admin",
        title: "No customer managed policy allows \"*\" on \"*\"",
        description: "Fails for each customer managed policy whose default version has an Allow statement with Action \"*\" and Resource \"*\".",
        rationale: "Full administrator rights granted through a custom policy are easy to hand out by mistake and hard to notice.",
        severity: Severity::High,
        resource_type: "AWS::IAM::Policy",
        remediation: "Replace the statement with the actions and resources the holders need; grant administrator rights only through a reviewed role.",
        cli: Some(
            "aws iam create-policy-version --policy-arn {resource} --policy-document file://least-privilege.json --set-as-default",
        ),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        ],
        control: Some("IAM.1"),
        requirements: &[(Cis30, "1.16"), (Cis50, "1.15")],
        check: policy_full_admin,
    },
    Rule {
        id: "iam.support-role",
        title: "A role or group may manage incidents with AWS Support",
        description: "Fails when no IAM user, group or role has the AWS managed policy AWSSupportAccess attached.",
        rationale: "Without it, the people who handle incidents cannot open AWS Support cases when they need to.",
        severity: Severity::Low,
        resource_type: "AWS::::Account",
        remediation: "Create a role for incident responders and attach arn:aws:iam::aws:policy/AWSSupportAccess to it.",
        cli: Some(
            "aws iam attach-role-policy --role-name <support-role> --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess",
        ),
        references: &["https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html"],
        control: Some("IAM.18"),
        requirements: &[(Cis30, "1.17"), (Cis50, "1.16")],
        check: support_role,
    },
    Rule {
        id: "iam.cloudshell-full-access",
        title: "AWSCloudShellFullAccess is attached to nobody",
        description: "Fails for each IAM user, group or role with the AWS managed policy AWSCloudShellFullAccess attached.",
        rationale: "CloudShell full access allows uploading and downloading files in the shell environment, a path for data exfiltration.",
        severity: Severity::Medium,
        resource_type: "AWS::IAM::Policy",
        remediation: "Detach AWSCloudShellFullAccess and grant a narrower CloudShell policy.",
        cli: None,
        references: &[
            "https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html",
        ],
        control: None,
        requirements: &[(Cis30, "1.22"), (Cis50, "1.21")],
        check: cloudshell_full_access,
    },
    Rule {
        id: "iam.password-policy-length-14",
        title: "The password policy requires at least 14 characters",
        description: "Fails when the account has no password policy or its MinimumPasswordLength is below 14.",
        rationale: "Longer passwords resist guessing and brute force.",
        severity: Severity::Medium,
        resource_type: "AWS::::Account",
        remediation: "Set a minimum password length of 14 or more.",
        cli: Some("aws iam update-account-password-policy --minimum-password-length 14"),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        ],
        control: Some("IAM.15"),
        requirements: &[(Cis30, "1.8"), (Cis50, "1.7")],
        check: password_length_14,
    },
    Rule {
        id: "iam.password-policy-reuse",
        title: "The password policy prevents reuse of the last 24 passwords",
        description: "Fails when the account has no password policy or its PasswordReusePrevention is unset or below 24.",
        rationale: "Reuse lets an old, possibly leaked password come back.",
        severity: Severity::Low,
        resource_type: "AWS::::Account",
        remediation: "Set password reuse prevention to 24.",
        cli: Some("aws iam update-account-password-policy --password-reuse-prevention 24"),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        ],
        control: Some("IAM.16"),
        requirements: &[(Cis30, "1.9"), (Cis50, "1.8")],
        check: password_reuse,
    },
    Rule {
        id: "iam.password-policy-strong",
        title: "The password policy requires upper and lower case, numbers, symbols and 8 characters",
        description: "Fails when the account has no password policy, or it does not require uppercase, lowercase, numbers and symbols, or allows fewer than 8 characters.",
        rationale: "Complex passwords resist guessing.",
        severity: Severity::Medium,
        resource_type: "AWS::::Account",
        remediation: "Require every character class and at least 8 characters (14 for CIS).",
        cli: Some(
            "aws iam update-account-password-policy --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --minimum-password-length 14",
        ),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        ],
        control: Some("IAM.7"),
        requirements: &[],
        check: password_strong,
    },
];

/// The credential report, or an `unknown` evaluation for the account.
fn report_rows<'a>(
    account: &'a Account,
    out: &mut Vec<Evaluation>,
) -> Option<&'a [CredentialReportRow]> {
    if !has_iam(account) {
        return None;
    }
    match &account.iam.credential_report {
        Some(r) => Some(&r.rows),
        None => {
            out.push(missing(
                account,
                account_resource(account),
                "aws iam get-credential-report (global/iam/credential-report.csv)",
            ));
            None
        }
    }
}

fn user_eval(
    account: &Account,
    row: &CredentialReportRow,
    ok: bool,
    evidence: Value,
) -> Evaluation {
    let mut e = global(account, row.arn.to_string(), status(ok), evidence);
    e.vars.push(("user", row.user.clone()));
    e
}

fn ts(t: Option<&keyaki_snapshot::Timestamp>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.as_str().to_owned()))
}

fn root_access_key(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        if !has_iam(account) {
            continue;
        }
        let root = account
            .iam
            .credential_report
            .as_ref()
            .and_then(|r| r.root());
        let (present, evidence) = match (root, account.iam.account_summary.as_ref()) {
            (Some(row), _) => (
                Some(row.access_key_1.active || row.access_key_2.active),
                json!({"source": "credential report", "access_key_1_active": row.access_key_1.active,
                       "access_key_2_active": row.access_key_2.active}),
            ),
            (None, Some(summary)) => (
                summary.root_access_keys_present(),
                json!({"source": "account summary", "AccountAccessKeysPresent": summary.get("AccountAccessKeysPresent")}),
            ),
            (None, None) => (None, Value::Null),
        };
        match present {
            Some(p) => out.push(global(account, root_arn(account), status(!p), evidence)),
            None => out.push(missing(
                account,
                root_arn(account),
                "aws iam get-credential-report",
            )),
        }
    }
}

fn root_mfa_state(account: &Account) -> Option<(bool, Value)> {
    if let Some(row) = account
        .iam
        .credential_report
        .as_ref()
        .and_then(|r| r.root())
    {
        return Some((
            row.mfa_active,
            json!({"source": "credential report", "mfa_active": row.mfa_active}),
        ));
    }
    let summary = account.iam.account_summary.as_ref()?;
    let on = summary.root_mfa_enabled()?;
    Some((
        on,
        json!({"source": "account summary", "AccountMFAEnabled": summary.get("AccountMFAEnabled")}),
    ))
}

fn root_mfa(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts().iter().filter(|a| has_iam(a)) {
        match root_mfa_state(account) {
            Some((on, evidence)) => {
                out.push(global(account, root_arn(account), status(on), evidence))
            }
            None => out.push(missing(
                account,
                root_arn(account),
                "aws iam get-credential-report",
            )),
        }
    }
}

fn root_hardware_mfa(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts().iter().filter(|a| has_iam(a)) {
        let root = root_arn(account);
        match root_mfa_state(account) {
            None => out.push(missing(account, root, "aws iam get-credential-report")),
            Some((false, evidence)) => out.push(global(account, root, Status::Fail, evidence)),
            Some((true, _)) if account.iam.virtual_mfa_devices.is_empty() => {
                // Without list-virtual-mfa-devices the kind of device cannot be told.
                out.push(missing(account, root, "aws iam list-virtual-mfa-devices"));
            }
            Some((true, _)) => {
                let virtual_device = account.iam.virtual_mfa_devices.iter().find(|d| {
                    d.user
                        .as_ref()
                        .is_some_and(|u| u.arn.as_str().ends_with(":root"))
                });
                let evidence = json!({"mfa_active": true,
                    "virtual_mfa_device": virtual_device.map(|d| d.serial_number.clone())});
                out.push(global(
                    account,
                    root,
                    status(virtual_device.is_none()),
                    evidence,
                ));
            }
        }
    }
}

fn users<'a>(account: &'a Account, out: &mut Vec<Evaluation>) -> Vec<&'a CredentialReportRow> {
    report_rows(account, out)
        .map(|rows| rows.iter().filter(|r| !r.is_root()).collect())
        .unwrap_or_default()
}

fn user_console_mfa(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for row in users(account, out) {
            let evidence = json!({"password_enabled": row.password_enabled, "mfa_active": row.mfa_active,
                "password_last_used": ts(row.password_last_used.as_ref())});
            if row.password_enabled != Some(true) {
                let mut e = user_eval(account, row, true, evidence);
                e.status = Status::NotApplicable;
                out.push(e);
            } else {
                out.push(user_eval(account, row, row.mfa_active, evidence));
            }
        }
    }
}

fn user_mfa(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for row in users(account, out) {
            let evidence = json!({"mfa_active": row.mfa_active});
            out.push(user_eval(account, row, row.mfa_active, evidence));
        }
    }
}

fn key_json(n: u8, k: &AccessKeyStatus, now: i64) -> Value {
    json!({"key": n, "active": k.active, "last_rotated": ts(k.last_rotated.as_ref()),
        "age_days": k.last_rotated.as_ref().map(|t| age_days(t, now)),
        "last_used": ts(k.last_used_date.as_ref())})
}

fn access_key_rotation(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for row in users(account, out) {
            let keys = [(1, &row.access_key_1), (2, &row.access_key_2)];
            let active: Vec<_> = keys.iter().filter(|(_, k)| k.active).collect();
            if active.is_empty() {
                let mut e = user_eval(account, row, true, json!({"active_access_keys": 0}));
                e.status = Status::NotApplicable;
                out.push(e);
                continue;
            }
            let stale: Vec<Value> = active
                .iter()
                .filter(|(_, k)| {
                    k.last_rotated
                        .as_ref()
                        .is_none_or(|t| age_days(t, cx.now) > 90)
                })
                .map(|(n, k)| key_json(*n, k, cx.now))
                .collect();
            let evidence = json!({"max_age_days": 90, "stale_keys": stale,
                "active_keys": active.iter().map(|(n, k)| key_json(*n, k, cx.now)).collect::<Vec<_>>()});
            out.push(user_eval(account, row, stale.is_empty(), evidence));
        }
    }
}

/// The credentials of `row` unused for at least `days` days at `now`.
fn unused_credentials(row: &CredentialReportRow, days: i64, now: i64) -> (Vec<Value>, bool) {
    let mut unused = Vec::new();
    let mut any = false;
    if row.password_enabled == Some(true) {
        any = true;
        let since = row
            .password_last_used
            .as_ref()
            .or(row.user_creation_time.as_ref());
        if since.is_none_or(|t| age_days(t, now) >= days) {
            unused.push(
                json!({"credential": "password", "last_used": ts(row.password_last_used.as_ref()),
                "days": since.map(|t| age_days(t, now))}),
            );
        }
    }
    for (n, k) in [(1, &row.access_key_1), (2, &row.access_key_2)] {
        if !k.active {
            continue;
        }
        any = true;
        let since = k.last_used_date.as_ref().or(k.last_rotated.as_ref());
        if since.is_none_or(|t| age_days(t, now) >= days) {
            unused.push(json!({"credential": format!("access_key_{n}"), "last_used": ts(k.last_used_date.as_ref()),
                "days": since.map(|t| age_days(t, now))}));
        }
    }
    (unused, any)
}

fn unused(cx: &Context<'_>, out: &mut Vec<Evaluation>, days: i64) {
    for account in cx.snapshot.accounts() {
        for row in users(account, out) {
            let (unused, any) = unused_credentials(row, days, cx.now);
            let evidence = json!({"max_unused_days": days, "unused": unused});
            let mut e = user_eval(account, row, unused.is_empty(), evidence);
            if !any {
                e.status = Status::NotApplicable;
            }
            out.push(e);
        }
    }
}

fn unused_45(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    unused(cx, out, 45);
}

fn unused_90(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    unused(cx, out, 90);
}

fn single_active_key(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for row in users(account, out) {
            let n = row.active_access_keys();
            out.push(user_eval(
                account,
                row,
                n <= 1,
                json!({"active_access_keys": n}),
            ));
        }
    }
}

fn user_direct_policies(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for user in &account.iam.users {
            let attached: Vec<&str> = user
                .attached_managed_policies
                .iter()
                .map(|p| p.policy_arn.as_str())
                .collect();
            let inline: Vec<&str> = user
                .user_policy_list
                .iter()
                .map(|p| p.policy_name.as_str())
                .collect();
            let ok = attached.is_empty() && inline.is_empty();
            let mut e = global(
                account,
                user.arn.to_string(),
                status(ok),
                json!({"attached_policies": attached, "inline_policies": inline, "groups": user.group_list}),
            );
            e.vars.push(("user", user.user_name.clone()));
            out.push(e);
        }
    }
}

/// Whether a statement allows `*` on `*`.
fn full_admin(stmt: &Value) -> bool {
    policy::is_allow(stmt)
        && policy::strings(stmt.get("Action")).contains(&"*")
        && policy::strings(stmt.get("Resource")).contains(&"*")
}

fn policy_full_admin(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for p in account.iam.policies.iter().filter(|p| !p.is_aws_managed()) {
            let Some(doc) = p.default_document().and_then(|d| d.to_value().ok()) else {
                out.push(missing(
                    account,
                    p.arn.to_string(),
                    "the policy's default version document",
                ));
                continue;
            };
            let admin: Vec<Value> = policy::statements(&doc)
                .into_iter()
                .filter(|s| full_admin(s))
                .cloned()
                .collect();
            let evidence = json!({"default_version": p.default_version_id, "attachment_count": p.attachment_count,
                "admin_statements": admin});
            out.push(global(
                account,
                p.arn.to_string(),
                status(admin.is_empty()),
                evidence,
            ));
        }
    }
}

/// The users, groups and roles with the managed policy `arn` attached.
fn attached_to(account: &Account, arn_suffix: &str) -> Vec<String> {
    let hit = |arn: &str| arn.ends_with(arn_suffix) && arn.contains(":iam::aws:policy/");
    let mut out = Vec::new();
    for u in &account.iam.users {
        if u.attached_managed_policies
            .iter()
            .any(|p| hit(p.policy_arn.as_str()))
        {
            out.push(u.arn.to_string());
        }
    }
    for g in &account.iam.groups {
        if g.attached_managed_policies
            .iter()
            .any(|p| hit(p.policy_arn.as_str()))
        {
            out.push(g.arn.to_string());
        }
    }
    for r in &account.iam.roles {
        if r.attached_managed_policies
            .iter()
            .any(|p| hit(p.policy_arn.as_str()))
        {
            out.push(r.arn.to_string());
        }
    }
    out
}

fn support_role(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx
        .snapshot
        .accounts()
        .iter()
        .filter(|a| !a.iam.users.is_empty() || !a.iam.roles.is_empty())
    {
        let holders = attached_to(account, "/AWSSupportAccess");
        let ok = !holders.is_empty();
        out.push(global(
            account,
            account_resource(account),
            status(ok),
            json!({"AWSSupportAccess_attached_to": holders}),
        ));
    }
}

fn cloudshell_full_access(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx
        .snapshot
        .accounts()
        .iter()
        .filter(|a| !a.iam.users.is_empty() || !a.iam.roles.is_empty())
    {
        let holders = attached_to(account, "/AWSCloudShellFullAccess");
        let resource = format!(
            "arn:{}:iam::aws:policy/AWSCloudShellFullAccess",
            account.partition()
        );
        out.push(global(
            account,
            resource,
            status(holders.is_empty()),
            json!({"attached_to": holders}),
        ));
    }
}

fn password_policy(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    decide: fn(Option<&PasswordPolicy>) -> (bool, Value),
) {
    for account in cx.snapshot.accounts().iter().filter(|a| has_iam(a)) {
        let policy = account.iam.password_policy.as_ref().map(|p| &p.data);
        let (ok, mut evidence) = decide(policy);
        if policy.is_none() {
            evidence = json!({"password_policy": null, "note": "no get-account-password-policy output: the account has no password policy, or it was not collected"});
        }
        out.push(global(
            account,
            account_resource(account),
            status(ok),
            evidence,
        ));
    }
}

fn password_length_14(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    password_policy(cx, out, |p| {
        let len = p.and_then(|p| p.minimum_password_length);
        (
            len.is_some_and(|l| l >= 14),
            json!({"MinimumPasswordLength": len, "required": 14}),
        )
    });
}

fn password_reuse(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    password_policy(cx, out, |p| {
        let n = p.and_then(|p| p.password_reuse_prevention);
        (
            n.is_some_and(|n| n >= 24),
            json!({"PasswordReusePrevention": n, "required": 24}),
        )
    });
}

fn password_strong(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    password_policy(cx, out, |p| match p {
        None => (false, Value::Null),
        Some(p) => {
            let ok = p.require_uppercase_characters
                && p.require_lowercase_characters
                && p.require_numbers
                && p.require_symbols
                && p.minimum_password_length.is_some_and(|l| l >= 8);
            (
                ok,
                json!({"RequireUppercaseCharacters": p.require_uppercase_characters,
                "RequireLowercaseCharacters": p.require_lowercase_characters,
                "RequireNumbers": p.require_numbers, "RequireSymbols": p.require_symbols,
                "MinimumPasswordLength": p.minimum_password_length}),
            )
        }
    });
}
