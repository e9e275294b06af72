//! Amazon S3: Block Public Access, bucket policies and ACLs, encryption, versioning and
//! logging.

use std::collections::BTreeSet;

use keyaki_core::Severity;
use keyaki_snapshot::Account;
use keyaki_snapshot::services::s3::Bucket;
use serde_json::{Value, json};

use super::{account_resource, global, status};
use crate::Framework::{Cis30, Cis50};
use crate::Rule;
use crate::policy;
use crate::rule::{Context, Evaluation, Status};

const BPA_DOC: &str =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html";

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "s3.account-public-access-block",
        title: "Account-level S3 Block Public Access is fully on",
        description: "Fails when the account's Block Public Access configuration (s3control get-public-access-block) is missing or any of its four settings is false.",
        rationale: "The account-level block overrides any bucket policy or ACL that would make data public.",
        severity: Severity::Medium,
        resource_type: "AWS::::Account",
        remediation: "Turn on all four Block Public Access settings for the account.",
        cli: Some(
            "aws s3control put-public-access-block --account-id {account} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        ),
        references: &[BPA_DOC],
        control: Some("S3.1"),
        requirements: &[(Cis30, "2.1.4"), (Cis50, "2.1.4")],
        check: account_bpa,
    },
    Rule {
        id: "s3.bucket-public-access-block",
        title: "Bucket-level S3 Block Public Access is fully on",
        description: "Fails for each bucket whose own Block Public Access configuration is missing or has any of its four settings false.",
        rationale: "The bucket-level block keeps the bucket private even if the account-level block is changed.",
        severity: Severity::High,
        resource_type: "AWS::S3::Bucket",
        remediation: "Turn on all four Block Public Access settings for the bucket.",
        cli: Some(
            "aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        ),
        references: &[BPA_DOC],
        control: Some("S3.8"),
        requirements: &[(Cis30, "2.1.4"), (Cis50, "2.1.4")],
        check: bucket_bpa,
    },
    Rule {
        id: "s3.bucket-public-read",
        title: "Buckets do not allow public read access",
        description: "Fails for each bucket that an ACL grant to AllUsers or AuthenticatedUsers (READ, READ_ACP or FULL_CONTROL) or a bucket policy Allow to \"*\" without a narrowing condition opens for reading, unless Block Public Access (bucket and account combined) neutralises it.",
        rationale: "A publicly readable bucket publishes its data to the internet.",
        severity: Severity::Critical,
        resource_type: "AWS::S3::Bucket",
        remediation: "Remove the public grant or statement, and turn on Block Public Access.",
        cli: Some(
            "aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
        ],
        control: Some("S3.2"),
        requirements: &[],
        check: public_read,
    },
    Rule {
        id: "s3.bucket-public-write",
        title: "Buckets do not allow public write access",
        description: "As s3.bucket-public-read, for WRITE, WRITE_ACP and FULL_CONTROL grants and Put/Delete actions.",
        rationale: "A publicly writable bucket lets anyone plant or destroy data.",
        severity: Severity::Critical,
        resource_type: "AWS::S3::Bucket",
        remediation: "Remove the public grant or statement, and turn on Block Public Access.",
        cli: Some(
            "aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
        ],
        control: Some("S3.3"),
        requirements: &[],
        check: public_write,
    },
    Rule {
        id: "s3.bucket-ssl-only",
        title: "Bucket policies deny requests without TLS",
        description: "Fails for each bucket whose policy has no Deny statement for all principals on s3:* (or *) with the condition Bool aws:SecureTransport false.",
        rationale: "Without it, clients may send data and credentials' signatures over plain HTTP.",
        severity: Severity::Medium,
        resource_type: "AWS::S3::Bucket",
        remediation: "Add a statement denying s3:* to \"*\" when aws:SecureTransport is false.",
        cli: Some(
            "aws s3api put-bucket-policy --bucket {bucket} --policy file://policy-with-deny-insecure-transport.json",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
        ],
        control: Some("S3.5"),
        requirements: &[(Cis30, "2.1.1"), (Cis50, "2.1.1")],
        check: ssl_only,
    },
    Rule {
        id: "s3.bucket-cross-account-admin-actions",
        title: "Bucket policies do not let other accounts change the bucket's access or encryption",
        description: "Fails for each bucket whose policy allows a principal of another account (or \"*\") s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration or s3:PutObjectAcl. Conditions are not considered, as AWS defines the control.",
        rationale: "Another account that can rewrite the policy or ACLs controls the bucket.",
        severity: Severity::High,
        resource_type: "AWS::S3::Bucket",
        remediation: "Remove those actions from the statements that name other accounts.",
        cli: Some(
            "aws s3api put-bucket-policy --bucket {bucket} --policy file://fixed-policy.json",
        ),
        references: &[
            "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-blacklisted-actions-prohibited.html",
        ],
        control: Some("S3.6"),
        requirements: &[],
        check: cross_account_admin,
    },
    Rule {
        id: "s3.bucket-shared-outside-org",
        title: "Bucket policies grant nothing to accounts outside the organisation",
        description: "Fails for each bucket whose policy has an Allow statement naming an AWS account that is neither the bucket owner nor a member of the snapshot's organisation, without an aws:PrincipalOrgID-style narrowing condition. The per-Region Elastic Load Balancing accounts that AWS documents for load balancer access log delivery are AWS service accounts, not foreign ones: statements naming them (or the logdelivery.elasticloadbalancing.amazonaws.com service principal) are listed in the evidence and do not fail the bucket.",
        rationale: "Data shared with a foreign account leaves your control: its users, keys and logs are not yours.",
        severity: Severity::High,
        resource_type: "AWS::S3::Bucket",
        remediation: "Remove the statement, or narrow it to the accounts and prefixes that must be shared and record the decision as a suppression.",
        cli: Some(
            "aws s3api put-bucket-policy --bucket {bucket} --policy file://policy-without-external-access.json",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html",
            ELB_ACCESS_LOGS_DOC,
        ],
        control: None,
        requirements: &[],
        check: shared_outside_org,
    },
    Rule {
        id: "s3.bucket-access-logging",
        title: "Buckets have server access logging",
        description: "Fails for each bucket whose get-bucket-logging has no LoggingEnabled.",
        rationale: "Access logs record every request to the bucket, for investigations.",
        severity: Severity::Medium,
        resource_type: "AWS::S3::Bucket",
        remediation: "Enable server access logging to a separate log bucket.",
        cli: Some(
            "aws s3api put-bucket-logging --bucket {bucket} --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"<log-bucket>\",\"TargetPrefix\":\"{bucket}/\"}}'",
        ),
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
        control: Some("S3.9"),
        requirements: &[],
        check: access_logging,
    },
    Rule {
        id: "s3.bucket-versioning",
        title: "Buckets have versioning enabled",
        description: "Fails for each bucket whose versioning status is not Enabled.",
        rationale: "Versioning keeps overwritten and deleted objects recoverable.",
        severity: Severity::Low,
        resource_type: "AWS::S3::Bucket",
        remediation: "Enable versioning on the bucket.",
        cli: Some(
            "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled",
        ),
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
        control: Some("S3.14"),
        requirements: &[],
        check: versioning,
    },
    Rule {
        id: "s3.bucket-mfa-delete",
        title: "Buckets require MFA to delete versions",
        description: "Fails for each bucket whose versioning configuration does not have MFADelete Enabled.",
        rationale: "MFA Delete stops a stolen key from erasing object versions.",
        severity: Severity::Low,
        resource_type: "AWS::S3::Bucket",
        remediation: "As the root user, enable MFA Delete together with versioning.",
        cli: Some(
            "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa '<serial> <code>'",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html",
        ],
        control: None,
        requirements: &[(Cis30, "2.1.2"), (Cis50, "2.1.2")],
        check: mfa_delete,
    },
    Rule {
        id: "s3.bucket-default-encryption",
        title: "Buckets encrypt new objects by default",
        description: "Fails for each bucket without a default server-side encryption rule (get-bucket-encryption).",
        rationale: "Default encryption protects objects written without an encryption header.",
        severity: Severity::Medium,
        resource_type: "AWS::S3::Bucket",
        remediation: "Set default encryption (SSE-S3 or SSE-KMS) on the bucket.",
        cli: Some(
            "aws s3api put-bucket-encryption --bucket {bucket} --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\"}}]}'",
        ),
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
        ],
        control: Some("S3.4"),
        requirements: &[],
        check: default_encryption,
    },
];

fn bucket_eval(account: &Account, bucket: &Bucket, st: Status, evidence: Value) -> Evaluation {
    let mut e = global(account, bucket.arn(account.partition()), st, evidence);
    e.region = bucket.region();
    e.vars.push(("bucket", bucket.name.clone()));
    e
}

fn account_bpa(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts().iter().filter(|a| !a.s3.is_empty()) {
        let bpa = account
            .s3
            .account_public_access_block
            .as_ref()
            .map(|r| r.data);
        let ok = bpa.is_some_and(|b| b.all());
        out.push(global(
            account,
            account_resource(account),
            status(ok),
            json!({"account_public_access_block": bpa.map(|b| b.summary())}),
        ));
    }
}

fn bucket_bpa(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let own = b.public_access_block.as_ref().map(|r| r.data);
            out.push(bucket_eval(
                account,
                b,
                status(own.is_some_and(|c| c.all())),
                json!({"bucket_public_access_block": own.map(|c| c.summary())}),
            ));
        }
    }
}

const READ_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:ListBucket",
    "s3:GetObjectVersion",
    "s3:ListBucketVersions",
];
const WRITE_ACTIONS: &[&str] = &[
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:PutObjectAcl",
    "s3:PutBucketPolicy",
    "s3:PutBucketAcl",
    "s3:DeleteBucket",
];

fn public(cx: &Context<'_>, out: &mut Vec<Evaluation>, perms: &[&str], actions: &[&str]) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let bpa = account.s3.effective_public_access_block(b);
            let ignore_acls = bpa.is_some_and(|c| c.ignore_public_acls);
            let restrict = bpa.is_some_and(|c| c.restrict_public_buckets);
            let grants: Vec<Value> = b
                .acl
                .as_ref()
                .map(|acl| {
                    acl.public_grants()
                        .filter(|g| perms.contains(&g.permission.as_str()))
                        .map(|g| json!({"grantee": g.grantee.uri, "permission": g.permission}))
                        .collect()
                })
                .unwrap_or_default();
            let mut statements = Vec::new();
            if let Some(doc) = b.policy.as_ref().and_then(|p| p.raw.to_value().ok()) {
                for stmt in policy::statements(&doc) {
                    if policy::is_allow(stmt)
                        && policy::aws_principals(stmt).contains(&"*")
                        && policy::narrowing_conditions(stmt).is_empty()
                        && !policy::allowed_actions(stmt, actions).is_empty()
                    {
                        statements.push(stmt.clone());
                    }
                }
            }
            let open_acl = !grants.is_empty() && !ignore_acls;
            let open_policy = !statements.is_empty() && !restrict;
            let st = if b.acl.is_none() && b.policy.is_none() && b.policy_status.is_none() {
                Status::Unknown
            } else {
                status(!open_acl && !open_policy)
            };
            out.push(bucket_eval(
                account,
                b,
                st,
                json!({"public_acl_grants": grants, "public_statements": statements,
                "ignore_public_acls": ignore_acls, "restrict_public_buckets": restrict,
                "policy_status_is_public": b.policy_status.as_ref().map(|s| s.is_public)}),
            ));
        }
    }
}

fn public_read(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    public(cx, out, &["READ", "READ_ACP", "FULL_CONTROL"], READ_ACTIONS);
}

fn public_write(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    public(
        cx,
        out,
        &["WRITE", "WRITE_ACP", "FULL_CONTROL"],
        WRITE_ACTIONS,
    );
}

/// Whether the statement is the deny-insecure-transport statement.
fn denies_plain_http(stmt: &Value) -> bool {
    if stmt.get("Effect").and_then(Value::as_str) != Some("Deny")
        || !policy::aws_principals(stmt).contains(&"*")
    {
        return false;
    }
    let actions = policy::strings(stmt.get("Action"));
    if !actions
        .iter()
        .any(|a| *a == "*" || a.eq_ignore_ascii_case("s3:*"))
    {
        return false;
    }
    let Some(Value::Object(ops)) = stmt.get("Condition") else {
        return false;
    };
    ops.iter().any(|(op, keys)| {
        op.eq_ignore_ascii_case("Bool")
            && keys.as_object().is_some_and(|k| {
                k.iter().any(|(key, v)| {
                    key.eq_ignore_ascii_case("aws:SecureTransport")
                        && policy::strings(Some(v))
                            .iter()
                            .any(|s| s.eq_ignore_ascii_case("false"))
                        || key.eq_ignore_ascii_case("aws:SecureTransport")
                            && v == &Value::Bool(false)
                })
            })
    })
}

fn ssl_only(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let doc = b.policy.as_ref().and_then(|p| p.raw.to_value().ok());
            let deny = doc.as_ref().and_then(|d| {
                policy::statements(d)
                    .into_iter()
                    .find(|s| denies_plain_http(s))
                    .cloned()
            });
            out.push(bucket_eval(
                account,
                b,
                status(deny.is_some()),
                json!({"has_policy": doc.is_some(), "deny_insecure_transport_statement": deny}),
            ));
        }
    }
}

const ADMIN_ACTIONS: &[&str] = &[
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketPolicy",
    "s3:PutEncryptionConfiguration",
    "s3:PutObjectAcl",
];

/// Allow statements of the bucket's policy with the foreign accounts they name.
fn foreign_statements<'a>(
    doc: &'a Value,
    own: &str,
    known: &BTreeSet<String>,
    heed_conditions: bool,
) -> Vec<(&'a Value, Vec<String>)> {
    let mut out = Vec::new();
    for stmt in policy::statements(doc) {
        if !policy::is_allow(stmt)
            || (heed_conditions && !policy::narrowing_conditions(stmt).is_empty())
        {
            continue;
        }
        let foreign: Vec<String> = policy::aws_principals(stmt)
            .into_iter()
            .filter_map(policy::principal_account)
            .filter(|a| *a != own && (*a == "*" || !known.contains(*a)))
            .map(str::to_owned)
            .collect();
        if !foreign.is_empty() {
            out.push((stmt, foreign));
        }
    }
    out
}

fn cross_account_admin(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        let own = super::account_label(account);
        let none = BTreeSet::new();
        for b in &account.s3.buckets {
            let Some(doc) = b.policy.as_ref().and_then(|p| p.raw.to_value().ok()) else {
                out.push(bucket_eval(
                    account,
                    b,
                    Status::Pass,
                    json!({"has_policy": false}),
                ));
                continue;
            };
            let bad: Vec<Value> = foreign_statements(&doc, own, &none, false)
                .into_iter()
                .filter_map(|(s, accounts)| {
                    let actions = policy::allowed_actions(s, ADMIN_ACTIONS);
                    (!actions.is_empty()).then(
                        || json!({"sid": s.get("Sid"), "accounts": accounts, "actions": actions}),
                    )
                })
                .collect();
            out.push(bucket_eval(
                account,
                b,
                status(bad.is_empty()),
                json!({"statements": bad}),
            ));
        }
    }
}

/// The page that lists the Elastic Load Balancing accounts allowed to write load balancer
/// access logs to a bucket ("Attach a policy to your S3 bucket").
const ELB_ACCESS_LOGS_DOC: &str = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html";

/// The AWS accounts of Elastic Load Balancing that deliver load balancer access logs, one per
/// Region, exactly as listed on "Enable access logs for your Application Load Balancer"
/// (Elastic Load Balancing, User Guide for Application Load Balancers, section "Attach a
/// policy to your S3 bucket", [`ELB_ACCESS_LOGS_DOC`]). Regions not in the list (those opened
/// from August 2022, such as Middle East (UAE)) grant [`ELB_LOG_DELIVERY_SERVICE`] instead.
pub(crate) const ELB_LOG_DELIVERY_ACCOUNTS: &[(&str, &str)] = &[
    ("us-east-1", "127311923021"),
    ("us-east-2", "033677994240"),
    ("us-west-1", "027434742980"),
    ("us-west-2", "797873946194"),
    ("af-south-1", "098369216593"),
    ("ca-central-1", "985666609251"),
    ("eu-central-1", "054676820928"),
    ("eu-west-1", "156460612806"),
    ("eu-west-2", "652711504416"),
    ("eu-south-1", "635631232127"),
    ("eu-west-3", "009996457667"),
    ("eu-north-1", "897822967062"),
    ("ap-east-1", "754344448648"),
    ("ap-northeast-1", "582318560864"),
    ("ap-northeast-2", "600734575887"),
    ("ap-northeast-3", "383597477331"),
    ("ap-southeast-1", "114774131450"),
    ("ap-southeast-2", "783225319266"),
    ("ap-south-1", "718504428378"),
    ("me-south-1", "076674570225"),
    ("sa-east-1", "507241528517"),
    ("us-gov-west-1", "048591011584"),
    ("us-gov-east-1", "190560391635"),
];

/// The service principal that delivers load balancer access logs in the Regions that have no
/// account in [`ELB_LOG_DELIVERY_ACCOUNTS`] (same page).
pub(crate) const ELB_LOG_DELIVERY_SERVICE: &str = "logdelivery.elasticloadbalancing.amazonaws.com";

/// The Region whose Elastic Load Balancing log-delivery account `account` is, if it is one.
fn elb_log_delivery_region(account: &str) -> Option<&'static str> {
    ELB_LOG_DELIVERY_ACCOUNTS
        .iter()
        .find(|(_, id)| *id == account)
        .map(|(region, _)| *region)
}

/// The `Service` principals of a statement.
fn service_principals(stmt: &Value) -> Vec<&str> {
    match stmt.get("Principal") {
        Some(Value::Object(map)) => policy::strings(map.get("Service")),
        _ => Vec::new(),
    }
}

fn shared_outside_org(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    let known = cx.known_accounts();
    for account in cx.snapshot.accounts() {
        let own = super::account_label(account);
        for b in &account.s3.buckets {
            let Some(doc) = b.policy.as_ref().and_then(|p| p.raw.to_value().ok()) else {
                out.push(bucket_eval(
                    account,
                    b,
                    Status::Pass,
                    json!({"has_policy": false}),
                ));
                continue;
            };
            let mut found = Vec::new();
            let mut service = Vec::new();
            for (s, accounts) in foreign_statements(&doc, own, &known, true) {
                let (elb, foreign): (Vec<String>, Vec<String>) = accounts
                    .into_iter()
                    .partition(|a| elb_log_delivery_region(a).is_some());
                for a in &elb {
                    service.push(json!({"sid": s.get("Sid"), "account": a,
                        "service": "Elastic Load Balancing access log delivery",
                        "region": elb_log_delivery_region(a), "source": ELB_ACCESS_LOGS_DOC}));
                }
                if !foreign.is_empty() {
                    found.push(json!({"sid": s.get("Sid"), "accounts": foreign,
                        "actions": s.get("Action"), "resources": s.get("Resource")}));
                }
            }
            for s in policy::statements(&doc)
                .into_iter()
                .filter(|s| policy::is_allow(s))
            {
                if service_principals(s).contains(&ELB_LOG_DELIVERY_SERVICE) {
                    service.push(
                        json!({"sid": s.get("Sid"), "principal": ELB_LOG_DELIVERY_SERVICE,
                        "service": "Elastic Load Balancing access log delivery",
                        "source": ELB_ACCESS_LOGS_DOC}),
                    );
                }
            }
            let mut evidence = json!({"external_statements": found});
            if !service.is_empty() {
                evidence["aws_service_accounts"] = json!(service);
            }
            let mut e = bucket_eval(account, b, status(found.is_empty()), evidence);
            if !found.is_empty() {
                e.evidence["organization_accounts"] = json!(known);
            }
            out.push(e);
        }
    }
}

fn access_logging(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let on = b.logging_enabled();
            let target = b
                .logging
                .as_ref()
                .and_then(|l| l.logging_enabled.as_ref())
                .map(|l| l.target_bucket.clone());
            out.push(bucket_eval(
                account,
                b,
                on.map_or(Status::Unknown, status),
                json!({"logging_enabled": on, "target_bucket": target}),
            ));
        }
    }
}

fn versioning(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let state = b.versioning.as_ref().map(|v| v.state().to_owned());
            let st = state
                .as_deref()
                .map_or(Status::Unknown, |s| status(s == "Enabled"));
            out.push(bucket_eval(account, b, st, json!({"versioning": state})));
        }
    }
}

fn mfa_delete(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let mfa = b.versioning.as_ref().map(|v| v.mfa_delete.clone());
            let st = mfa
                .as_ref()
                .map_or(Status::Unknown, |m| status(m.as_deref() == Some("Enabled")));
            out.push(bucket_eval(
                account,
                b,
                st,
                json!({"mfa_delete": mfa.flatten()}),
            ));
        }
    }
}

fn default_encryption(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        for b in &account.s3.buckets {
            let enc = b.encryption.as_ref().and_then(|e| {
                e.default_encryption()
                    .map(|d| (d.sse_algorithm.clone(), d.kms_master_key_id.clone()))
            });
            let st = if b.encryption.is_none() {
                Status::Unknown
            } else {
                status(enc.is_some())
            };
            out.push(bucket_eval(account, b, st, json!({"sse_algorithm": enc.as_ref().map(|e| &e.0), "kms_key": enc.and_then(|e| e.1)})));
        }
    }
}
