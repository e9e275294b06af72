//! CIS AWS Foundations Benchmark requirements that the other areas do not cover: instances
//! use instance roles, CIFS is not open to the internet, EFS file systems are encrypted,
//! IAM Access Analyzer runs in every Region, and IAM holds no expired server certificates.

use keyaki_core::Severity;
use keyaki_snapshot::services::ec2::{IpPermission, SecurityGroup};
use serde_json::{Value, json};

use super::{
    account_label, account_resource, global, has_iam, missing, region_collected, region_name,
    regional, regions, status,
};
use crate::Framework::{Cis30, Cis50};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

/// The SMB/CIFS port.
const CIFS_PORT: i32 = 445;

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "iam.no-expired-server-certificates",
        title: "IAM holds no expired SSL/TLS server certificates",
        description: "Fails for each server certificate of iam list-server-certificates whose Expiration is in the past; unknown for an account whose IAM was collected without list-server-certificates.",
        rationale: "An expired certificate still attached to a load balancer or CloudFront breaks TLS, and a stale one can be deployed by mistake.",
        severity: Severity::Medium,
        resource_type: "AWS::IAM::ServerCertificate",
        remediation: "Delete the expired certificate (after moving anything that uses it to a current one, preferably in ACM).",
        cli: Some("aws iam delete-server-certificate --server-certificate-name {certificate}"),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html",
        ],
        control: None,
        requirements: &[(Cis30, "1.19"), (Cis50, "1.18")],
        check: expired_server_certificates,
    },
    Rule {
        id: "ec2.instance-profile-attached",
        title: "EC2 instances use an IAM instance role",
        description: "Fails for each instance that is not terminated and has no IamInstanceProfile in describe-instances.",
        rationale: "An instance role hands out short-lived, rotated credentials; without one, applications on the instance tend to carry long-lived access keys.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::Instance",
        remediation: "Create an instance profile with a role that grants what the instance needs, and associate it with the instance.",
        cli: Some(
            "aws ec2 associate-iam-instance-profile --instance-id {instance} --iam-instance-profile Name=<profile> --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
        ],
        control: None,
        requirements: &[(Cis30, "1.18"), (Cis50, "1.17")],
        check: instance_profile,
    },
    Rule {
        id: "ec2.sg-cifs-restricted",
        title: "No security group allows 0.0.0.0/0 or ::/0 to CIFS (port 445)",
        description: "Fails for each security group with an inbound rule from 0.0.0.0/0 or ::/0 whose protocol is TCP, UDP or all and whose port range includes 445.",
        rationale: "SMB on the internet is scanned constantly and has a long history of wormable flaws.",
        severity: Severity::High,
        resource_type: "AWS::EC2::SecurityGroup",
        remediation: "Remove the rule or restrict its source to trusted networks.",
        cli: Some(
            "aws ec2 revoke-security-group-ingress --group-id {group} --ip-permissions file://open-cifs-rules.json --region {region}",
        ),
        references: &["https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html"],
        control: None,
        requirements: &[(Cis50, "5.1.2")],
        check: cifs_open,
    },
    Rule {
        id: "efs.encrypted",
        title: "EFS file systems encrypt file data at rest",
        description: "Fails for each file system of describe-file-systems with Encrypted false.",
        rationale: "Encryption at rest with a KMS key puts a key policy between the data and whoever gets the disks or a copy.",
        severity: Severity::Medium,
        resource_type: "AWS::EFS::FileSystem",
        remediation: "Encryption at rest is set when a file system is created: create an encrypted file system and copy the data over (AWS DataSync or a backup restore).",
        cli: Some(
            "aws efs create-file-system --encrypted --kms-key-id <key-arn> --region {region}",
        ),
        references: &["https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html"],
        control: Some("EFS.1"),
        requirements: &[(Cis30, "2.4.1"), (Cis50, "2.3.1")],
        check: efs_encrypted,
    },
    Rule {
        id: "accessanalyzer.enabled",
        title: "IAM Access Analyzer is enabled in the Region",
        description: "Fails for each collected Region whose accessanalyzer list-analyzers lists no ACTIVE analyzer; unknown when the Region has no list-analyzers output.",
        rationale: "Access Analyzer reports resources shared outside the account or organization as soon as a policy shares them.",
        severity: Severity::Medium,
        resource_type: "AWS::::Account",
        remediation: "Create an account (or organization) analyzer in the Region.",
        cli: Some(
            "aws accessanalyzer create-analyzer --analyzer-name account-analyzer --type ACCOUNT --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html",
        ],
        control: None,
        requirements: &[(Cis30, "1.20"), (Cis50, "1.19")],
        check: access_analyzer,
    },
];

fn instance_profile(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for i in &region.ec2.instances {
            if i.state.as_ref().is_some_and(|s| s.name == "terminated") {
                continue;
            }
            let profile = i.iam_instance_profile.as_ref().map(|p| p.arn.clone());
            let arn = format!(
                "arn:{}:ec2:{}:{}:instance/{}",
                account.partition(),
                region_name(region),
                account_label(account),
                i.instance_id
            );
            let mut e = regional(
                account,
                region,
                arn,
                status(profile.is_some()),
                json!({"instance_profile": profile, "name": keyaki_snapshot::tag(&i.tags, "Name")}),
            );
            e.vars.push(("instance", i.instance_id.clone()));
            out.push(e);
        }
    }
}

/// Whether an inbound rule on TCP, UDP or all protocols covers port 445.
fn opens_cifs(p: &IpPermission) -> bool {
    match p.ip_protocol.to_ascii_lowercase().as_str() {
        "-1" | "all" => true,
        "tcp" | "6" | "udp" | "17" => match (p.from_port, p.to_port) {
            (Some(from), Some(to)) => {
                (from == -1 && to == -1) || (from <= CIFS_PORT && CIFS_PORT <= to)
            }
            _ => true,
        },
        _ => false,
    }
}

fn open_cifs_rules(sg: &SecurityGroup) -> Vec<Value> {
    sg.ip_permissions
        .iter()
        .filter(|p| opens_cifs(p))
        .filter_map(|p| {
            let sources: Vec<&str> = p
                .ip_ranges
                .iter()
                .map(|r| r.cidr_ip.as_str())
                .chain(p.ipv6_ranges.iter().map(|r| r.cidr_ipv6.as_str()))
                .filter(|c| matches!(*c, "0.0.0.0/0" | "::/0"))
                .collect();
            (!sources.is_empty()).then(|| {
                json!({"protocol": p.ip_protocol, "from_port": p.from_port, "to_port": p.to_port, "sources": sources})
            })
        })
        .collect()
}

fn cifs_open(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for sg in &region.ec2.security_groups {
            let open = open_cifs_rules(sg);
            let arn = format!(
                "arn:{}:ec2:{}:{}:security-group/{}",
                account.partition(),
                region_name(region),
                account_label(account),
                sg.group_id
            );
            let mut e = regional(
                account,
                region,
                arn,
                status(open.is_empty()),
                json!({"group_name": sg.group_name, "open_rules": open}),
            );
            e.vars.push(("group", sg.group_id.clone()));
            out.push(e);
        }
    }
}

fn efs_encrypted(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for fs in &region.efs.file_systems {
            let arn = fs.file_system_arn.clone().unwrap_or_else(|| {
                format!(
                    "arn:{}:elasticfilesystem:{}:{}:file-system/{}",
                    account.partition(),
                    region_name(region),
                    account_label(account),
                    fs.file_system_id
                )
            });
            let st = fs.encrypted.map_or(Status::Unknown, status);
            let mut e = regional(
                account,
                region,
                arn,
                st,
                json!({"file_system": fs.file_system_id, "encrypted": fs.encrypted, "kms_key": fs.kms_key_id}),
            );
            e.vars.push(("file_system", fs.file_system_id.clone()));
            out.push(e);
        }
    }
}

fn access_analyzer(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        let analyzers = &region.accessanalyzer;
        if !region_collected(region) && analyzers.is_empty() {
            continue;
        }
        let listed: Vec<Value> = analyzers
            .analyzers
            .iter()
            .map(|a| json!({"name": a.name, "type": a.kind, "status": a.status}))
            .collect();
        let (st, evidence) = match analyzers.is_enabled() {
            Some(on) => (status(on), json!({"analyzers": listed})),
            None => (
                Status::Unknown,
                json!({"missing": format!("{}/accessanalyzer/list-analyzers.json", region_name(region))}),
            ),
        };
        out.push(regional(
            account,
            region,
            account_resource(account),
            st,
            evidence,
        ));
    }
}

fn expired_server_certificates(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for account in cx.snapshot.accounts() {
        let Some(certificates) = account.iam.server_certificates.as_ref() else {
            if has_iam(account) {
                out.push(missing(
                    account,
                    account_resource(account),
                    "iam list-server-certificates",
                ));
            }
            continue;
        };
        for c in certificates {
            let resource = c.arn.clone().unwrap_or_else(|| {
                format!(
                    "arn:{}:iam::{}:server-certificate/{}",
                    account.partition(),
                    account_label(account),
                    c.server_certificate_name
                )
            });
            let expires = c.expiration.as_ref().map(|t| t.unix_seconds());
            let st = expires.map_or(Status::Unknown, |e| status(e > cx.now));
            let mut e = global(
                account,
                resource,
                st,
                json!({"certificate": c.server_certificate_name, "expiration": c.expiration.as_ref().map(ToString::to_string)}),
            );
            e.vars
                .push(("certificate", c.server_certificate_name.clone()));
            out.push(e);
        }
    }
}
