//! The compliance frameworks and their requirements.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A compliance framework whose requirements rules map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Framework {
    /// CIS Amazon Web Services Foundations Benchmark v3.0.0.
    #[serde(rename = "cis-3.0")]
    Cis30,
    /// CIS Amazon Web Services Foundations Benchmark v5.0.0.
    #[serde(rename = "cis-5.0")]
    Cis50,
    /// AWS Foundational Security Best Practices (the AWS Security Hub standard).
    #[serde(rename = "fsbp")]
    Fsbp,
    /// NIST SP 800-53 revision 5, through AWS Security Hub's published control mapping.
    #[serde(rename = "nist-800-53-r5")]
    Nist80053R5,
}

impl Framework {
    /// Every framework.
    pub const ALL: [Framework; 4] = [
        Framework::Cis30,
        Framework::Cis50,
        Framework::Fsbp,
        Framework::Nist80053R5,
    ];

    /// The id used in JSON and on the command line (`cis-3.0`).
    pub fn id(self) -> &'static str {
        match self {
            Framework::Cis30 => "cis-3.0",
            Framework::Cis50 => "cis-5.0",
            Framework::Fsbp => "fsbp",
            Framework::Nist80053R5 => "nist-800-53-r5",
        }
    }

    /// The framework's full name.
    pub fn name(self) -> &'static str {
        match self {
            Framework::Cis30 => "CIS Amazon Web Services Foundations Benchmark v3.0.0",
            Framework::Cis50 => "CIS Amazon Web Services Foundations Benchmark v5.0.0",
            Framework::Fsbp => "AWS Foundational Security Best Practices",
            Framework::Nist80053R5 => "NIST SP 800-53 Revision 5",
        }
    }

    /// Every requirement of the framework, in the framework's order.
    pub fn requirements(self) -> Vec<Requirement> {
        match self {
            Framework::Cis30 => cis_list(CIS_3_0),
            Framework::Cis50 => cis_list(CIS_5_0),
            Framework::Fsbp => crate::controls::CONTROLS
                .iter()
                .filter(|c| c.fsbp)
                .map(|c| Requirement {
                    id: c.id,
                    title: c.title,
                    manual: false,
                })
                .collect(),
            Framework::Nist80053R5 => {
                let mut ids: Vec<&'static str> = crate::controls::CONTROLS
                    .iter()
                    .flat_map(|c| c.nist.iter().copied())
                    .collect();
                ids.sort_by_key(|id| nist_key(id));
                ids.dedup();
                ids.into_iter()
                    .map(|id| Requirement {
                        id,
                        title: "",
                        manual: false,
                    })
                    .collect()
            }
        }
    }
}

/// Sorts `AC-2(12)` after `AC-2(3)` and `AC-10` after `AC-9`.
fn nist_key(id: &str) -> (String, u32, u32) {
    let (family, rest) = id.split_once('-').unwrap_or((id, ""));
    let (num, enh) = match rest.split_once('(') {
        Some((n, e)) => (n, e.trim_end_matches(')')),
        None => (rest, "0"),
    };
    (
        family.to_owned(),
        num.parse().unwrap_or(0),
        enh.parse().unwrap_or(0),
    )
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Framework {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let lower = s.to_ascii_lowercase();
        let found = match lower.as_str() {
            "cis-3.0" | "cis-3.0.0" | "cis3" => Some(Framework::Cis30),
            "cis-5.0" | "cis-5.0.0" | "cis5" => Some(Framework::Cis50),
            "fsbp" | "aws-fsbp" => Some(Framework::Fsbp),
            "nist-800-53-r5" | "nist" | "nist-800-53" => Some(Framework::Nist80053R5),
            _ => None,
        };
        found.ok_or_else(|| Error::UnknownFramework {
            input: s.to_owned(),
        })
    }
}

/// One requirement of a framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Its id within the framework (`1.4`, `EC2.8`, `AC-2(1)`).
    pub id: &'static str,
    /// Its title; empty for NIST controls (keyaki does not ship the NIST catalog text).
    pub title: &'static str,
    /// Whether the framework itself says it is assessed by hand (CIS "Manual"), or it
    /// cannot be decided from resource configuration.
    pub manual: bool,
}

fn cis_list(items: &'static [(&'static str, &'static str, bool)]) -> Vec<Requirement> {
    items
        .iter()
        .map(|&(id, title, manual)| Requirement { id, title, manual })
        .collect()
}

/// CIS AWS Foundations Benchmark v3.0.0: id, title, and whether it is manual (or needs
/// data a configuration snapshot does not hold).
const CIS_3_0: &[(&str, &str, bool)] = &[
    ("1.1", "Maintain current contact details", true),
    (
        "1.2",
        "Ensure security contact information is registered",
        true,
    ),
    (
        "1.3",
        "Ensure security questions are registered in the AWS account",
        true,
    ),
    (
        "1.4",
        "Ensure no 'root' user account access key exists",
        false,
    ),
    (
        "1.5",
        "Ensure MFA is enabled for the 'root' user account",
        false,
    ),
    (
        "1.6",
        "Ensure hardware MFA is enabled for the 'root' user account",
        false,
    ),
    (
        "1.7",
        "Eliminate use of the 'root' user for administrative and daily tasks",
        true,
    ),
    (
        "1.8",
        "Ensure IAM password policy requires minimum length of 14 or greater",
        false,
    ),
    (
        "1.9",
        "Ensure IAM password policy prevents password reuse",
        false,
    ),
    (
        "1.10",
        "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
        false,
    ),
    (
        "1.11",
        "Do not setup access keys during initial user setup for all IAM users that have a console password",
        true,
    ),
    (
        "1.12",
        "Ensure credentials unused for 45 days or greater are disabled",
        false,
    ),
    (
        "1.13",
        "Ensure there is only one active access key available for any single IAM user",
        false,
    ),
    (
        "1.14",
        "Ensure access keys are rotated every 90 days or less",
        false,
    ),
    (
        "1.15",
        "Ensure IAM Users Receive Permissions Only Through Groups",
        false,
    ),
    (
        "1.16",
        "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
        false,
    ),
    (
        "1.17",
        "Ensure a support role has been created to manage incidents with AWS Support",
        false,
    ),
    (
        "1.18",
        "Ensure IAM instance roles are used for AWS resource access from instances",
        true,
    ),
    (
        "1.19",
        "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed",
        false,
    ),
    (
        "1.20",
        "Ensure that IAM Access analyzer is enabled for all regions",
        false,
    ),
    (
        "1.21",
        "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
        true,
    ),
    (
        "1.22",
        "Ensure access to AWSCloudShellFullAccess is restricted",
        false,
    ),
    (
        "2.1.1",
        "Ensure S3 Bucket Policy is set to deny HTTP requests",
        false,
    ),
    ("2.1.2", "Ensure MFA Delete is enabled on S3 buckets", false),
    (
        "2.1.3",
        "Ensure all data in Amazon S3 has been discovered, classified and secured when required",
        true,
    ),
    (
        "2.1.4",
        "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
        false,
    ),
    (
        "2.2.1",
        "Ensure EBS Volume Encryption is Enabled in all Regions",
        false,
    ),
    (
        "2.3.1",
        "Ensure that encryption-at-rest is enabled for RDS Instances",
        false,
    ),
    (
        "2.3.2",
        "Ensure Auto Minor Version Upgrade feature is Enabled for RDS Instances",
        false,
    ),
    (
        "2.3.3",
        "Ensure that public access is not given to RDS Instance",
        false,
    ),
    (
        "2.4.1",
        "Ensure that encryption is enabled for EFS file systems",
        false,
    ),
    ("3.1", "Ensure CloudTrail is enabled in all regions", false),
    (
        "3.2",
        "Ensure CloudTrail log file validation is enabled",
        false,
    ),
    ("3.3", "Ensure AWS Config is enabled in all regions", false),
    (
        "3.4",
        "Ensure that S3 Bucket access logging is enabled on the CloudTrail S3 bucket",
        false,
    ),
    (
        "3.5",
        "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
        false,
    ),
    (
        "3.6",
        "Ensure rotation for customer-created symmetric CMKs is enabled",
        false,
    ),
    (
        "3.7",
        "Ensure VPC flow logging is enabled in all VPCs",
        false,
    ),
    (
        "3.8",
        "Ensure that Object-level logging for write events is enabled for S3 bucket",
        false,
    ),
    (
        "3.9",
        "Ensure that Object-level logging for read events is enabled for S3 bucket",
        false,
    ),
    ("4.1", "Ensure unauthorized API calls are monitored", false),
    (
        "4.2",
        "Ensure management console sign-in without MFA is monitored",
        false,
    ),
    ("4.3", "Ensure usage of 'root' account is monitored", false),
    ("4.4", "Ensure IAM policy changes are monitored", false),
    (
        "4.5",
        "Ensure CloudTrail configuration changes are monitored",
        false,
    ),
    (
        "4.6",
        "Ensure AWS Management Console authentication failures are monitored",
        false,
    ),
    (
        "4.7",
        "Ensure disabling or scheduled deletion of customer created CMKs is monitored",
        false,
    ),
    (
        "4.8",
        "Ensure S3 bucket policy changes are monitored",
        false,
    ),
    (
        "4.9",
        "Ensure AWS Config configuration changes are monitored",
        false,
    ),
    ("4.10", "Ensure security group changes are monitored", false),
    (
        "4.11",
        "Ensure Network Access Control Lists (NACL) changes are monitored",
        false,
    ),
    (
        "4.12",
        "Ensure changes to network gateways are monitored",
        false,
    ),
    ("4.13", "Ensure route table changes are monitored", false),
    ("4.14", "Ensure VPC changes are monitored", false),
    (
        "4.15",
        "Ensure AWS Organizations changes are monitored",
        false,
    ),
    ("4.16", "Ensure AWS Security Hub is enabled", false),
    (
        "5.1",
        "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
        false,
    ),
    (
        "5.2",
        "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
        false,
    ),
    (
        "5.3",
        "Ensure no security groups allow ingress from ::/0 to remote server administration ports",
        false,
    ),
    (
        "5.4",
        "Ensure the default security group of every VPC restricts all traffic",
        false,
    ),
    (
        "5.5",
        "Ensure routing tables for VPC peering are \"least access\"",
        true,
    ),
    (
        "5.6",
        "Ensure that EC2 Metadata Service only allows IMDSv2",
        false,
    ),
];

/// CIS AWS Foundations Benchmark v5.0.0, in the same form.
const CIS_5_0: &[(&str, &str, bool)] = &[
    ("1.1", "Maintain current contact details", true),
    (
        "1.2",
        "Ensure security contact information is registered",
        true,
    ),
    (
        "1.3",
        "Ensure no 'root' user account access key exists",
        false,
    ),
    (
        "1.4",
        "Ensure MFA is enabled for the 'root' user account",
        false,
    ),
    (
        "1.5",
        "Ensure hardware MFA is enabled for the 'root' user account",
        false,
    ),
    (
        "1.6",
        "Eliminate use of the 'root' user for administrative and daily tasks",
        true,
    ),
    (
        "1.7",
        "Ensure IAM password policy requires minimum length of 14 or greater",
        false,
    ),
    (
        "1.8",
        "Ensure IAM password policy prevents password reuse",
        false,
    ),
    (
        "1.9",
        "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
        false,
    ),
    (
        "1.10",
        "Do not create access keys during initial setup for IAM users with a console password",
        true,
    ),
    (
        "1.11",
        "Ensure credentials unused for 45 days or more are disabled",
        false,
    ),
    (
        "1.12",
        "Ensure there is only one active access key for any single IAM user",
        false,
    ),
    (
        "1.13",
        "Ensure access keys are rotated every 90 days or less",
        false,
    ),
    (
        "1.14",
        "Ensure IAM users receive permissions only through groups",
        false,
    ),
    (
        "1.15",
        "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
        false,
    ),
    (
        "1.16",
        "Ensure a support role has been created to manage incidents with AWS Support",
        false,
    ),
    (
        "1.17",
        "Ensure IAM instance roles are used for AWS resource access from instances",
        true,
    ),
    (
        "1.18",
        "Ensure that all expired SSL/TLS certificates stored in IAM are removed",
        false,
    ),
    (
        "1.19",
        "Ensure that IAM External Access Analyzer is enabled for all regions",
        false,
    ),
    (
        "1.20",
        "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
        true,
    ),
    (
        "1.21",
        "Ensure access to AWSCloudShellFullAccess is restricted",
        false,
    ),
    (
        "2.1.1",
        "Ensure S3 bucket policy is set to deny HTTP requests",
        false,
    ),
    ("2.1.2", "Ensure MFA Delete is enabled on S3 buckets", false),
    (
        "2.1.3",
        "Ensure all data in Amazon S3 has been discovered, classified, and secured when necessary",
        true,
    ),
    (
        "2.1.4",
        "Ensure that S3 is configured with 'Block Public Access' enabled",
        false,
    ),
    (
        "2.2.1",
        "Ensure that encryption-at-rest is enabled for RDS instances",
        false,
    ),
    (
        "2.2.2",
        "Ensure the Auto Minor Version Upgrade feature is enabled for RDS instances",
        false,
    ),
    (
        "2.2.3",
        "Ensure that RDS instances are not publicly accessible",
        false,
    ),
    (
        "2.2.4",
        "Ensure Multi-AZ deployments are used for enhanced availability in Amazon RDS",
        false,
    ),
    (
        "2.3.1",
        "Ensure that encryption is enabled for EFS file systems",
        false,
    ),
    ("3.1", "Ensure CloudTrail is enabled in all regions", false),
    (
        "3.2",
        "Ensure CloudTrail log file validation is enabled",
        false,
    ),
    ("3.3", "Ensure AWS Config is enabled in all regions", false),
    (
        "3.4",
        "Ensure that server access logging is enabled on the CloudTrail S3 bucket",
        false,
    ),
    (
        "3.5",
        "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
        false,
    ),
    (
        "3.6",
        "Ensure rotation for customer-created symmetric CMKs is enabled",
        false,
    ),
    (
        "3.7",
        "Ensure VPC flow logging is enabled in all VPCs",
        false,
    ),
    (
        "3.8",
        "Ensure that object-level logging for write events is enabled for S3 buckets",
        false,
    ),
    (
        "3.9",
        "Ensure that object-level logging for read events is enabled for S3 buckets",
        false,
    ),
    ("4.1", "Ensure unauthorized API calls are monitored", false),
    (
        "4.2",
        "Ensure management console sign-in without MFA is monitored",
        false,
    ),
    (
        "4.3",
        "Ensure usage of the 'root' account is monitored",
        false,
    ),
    ("4.4", "Ensure IAM policy changes are monitored", false),
    (
        "4.5",
        "Ensure CloudTrail configuration changes are monitored",
        false,
    ),
    (
        "4.6",
        "Ensure AWS Management Console authentication failures are monitored",
        false,
    ),
    (
        "4.7",
        "Ensure disabling or scheduled deletion of customer created CMKs is monitored",
        false,
    ),
    (
        "4.8",
        "Ensure S3 bucket policy changes are monitored",
        false,
    ),
    (
        "4.9",
        "Ensure AWS Config configuration changes are monitored",
        false,
    ),
    ("4.10", "Ensure security group changes are monitored", false),
    (
        "4.11",
        "Ensure Network Access Control List (NACL) changes are monitored",
        false,
    ),
    (
        "4.12",
        "Ensure changes to network gateways are monitored",
        false,
    ),
    ("4.13", "Ensure route table changes are monitored", false),
    ("4.14", "Ensure VPC changes are monitored", false),
    (
        "4.15",
        "Ensure AWS Organizations changes are monitored",
        false,
    ),
    ("4.16", "Ensure AWS Security Hub is enabled", false),
    (
        "5.1.1",
        "Ensure EBS volume encryption is enabled in all regions",
        false,
    ),
    (
        "5.1.2",
        "Ensure CIFS access is restricted to trusted networks to prevent unauthorized access",
        true,
    ),
    (
        "5.2",
        "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
        false,
    ),
    (
        "5.3",
        "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
        false,
    ),
    (
        "5.4",
        "Ensure no security groups allow ingress from ::/0 to remote server administration ports",
        false,
    ),
    (
        "5.5",
        "Ensure the default security group of every VPC restricts all traffic",
        false,
    ),
    (
        "5.6",
        "Ensure routing tables for VPC peering are \"least access\"",
        true,
    ),
    (
        "5.7",
        "Ensure that the EC2 Metadata Service only allows IMDSv2",
        false,
    ),
];
