//! Policy documents: customer managed and inline permissions, trust policies, the AWS managed
//! policies that synthetic principals attach, and bucket policies.
//!
//! The mix is chosen to exercise analysis: administrators, service wildcards, `NotAction`,
//! `iam:PassRole` and policy-version escalation paths, denies with conditions, and trust
//! policies open to other accounts or to everyone.

use rand::Rng;
use serde_json::{Value, json};

use crate::names::{self, APPS, TEAMS};

/// The document version every policy uses.
const VERSION: &str = "2012-10-17";

fn doc(statements: Vec<Value>) -> Value {
    json!({ "Version": VERSION, "Statement": statements })
}

/// The account-level facts that documents refer to.
#[derive(Debug)]
pub(crate) struct Scope<'a> {
    pub(crate) account: &'a str,
    pub(crate) regions: &'a [&'static str],
    pub(crate) buckets: &'a [String],
    /// Other accounts of the organisation.
    pub(crate) peers: &'a [&'a str],
    /// Accounts outside the organisation (vendors).
    pub(crate) vendors: &'a [String],
    pub(crate) org_id: Option<&'a str>,
    pub(crate) company: &'a str,
}

impl Scope<'_> {
    fn region<R: Rng>(&self, rng: &mut R) -> &'static str {
        self.regions[rng.random_range(0..self.regions.len())]
    }

    fn bucket<R: Rng>(&self, rng: &mut R) -> String {
        if self.buckets.is_empty() {
            format!("{}-{}-*", self.company, names::pick(rng, APPS))
        } else {
            self.buckets[rng.random_range(0..self.buckets.len())].clone()
        }
    }

    fn other_account<R: Rng>(&self, rng: &mut R) -> String {
        if self.peers.is_empty() {
            self.vendor(rng)
        } else {
            self.peers[rng.random_range(0..self.peers.len())].to_owned()
        }
    }

    fn vendor<R: Rng>(&self, rng: &mut R) -> String {
        self.vendors[rng.random_range(0..self.vendors.len())].clone()
    }
}

/// What a customer managed policy grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grant {
    Admin,
    ServiceWildcard,
    ReadOnly,
    Bucket,
    PassRole,
    IamWrite,
    RequireMfa,
    SourceIp,
    Secrets,
    AssumeCross,
    PowerUser,
    Boundary,
}

impl Grant {
    const WEIGHTED: [(Grant, u32); 12] = [
        (Grant::Admin, 4),
        (Grant::ServiceWildcard, 14),
        (Grant::ReadOnly, 14),
        (Grant::Bucket, 22),
        (Grant::PassRole, 5),
        (Grant::IamWrite, 3),
        (Grant::RequireMfa, 5),
        (Grant::SourceIp, 5),
        (Grant::Secrets, 10),
        (Grant::AssumeCross, 5),
        (Grant::PowerUser, 3),
        (Grant::Boundary, 10),
    ];

    pub(crate) fn pick<R: Rng>(rng: &mut R) -> Self {
        let total: u32 = Self::WEIGHTED.iter().map(|(_, w)| w).sum();
        let mut x = rng.random_range(0..total);
        for (grant, w) in Self::WEIGHTED {
            if x < w {
                return grant;
            }
            x -= w;
        }
        Grant::ReadOnly
    }

    /// A name for a policy with this grant (made unique by the caller).
    pub(crate) fn name<R: Rng>(self, rng: &mut R) -> String {
        let app = names::pick(rng, APPS);
        match self {
            Grant::Admin => "admin-access".to_owned(),
            Grant::ServiceWildcard => {
                format!(
                    "{}-full-access",
                    names::pick(rng, &["s3", "ec2", "dynamodb", "sqs", "lambda"])
                )
            }
            Grant::ReadOnly => format!("{app}-read-only"),
            Grant::Bucket => format!("{app}-bucket-access"),
            Grant::PassRole => format!("{app}-deploy"),
            Grant::IamWrite => "iam-self-service".to_owned(),
            Grant::RequireMfa => "require-mfa".to_owned(),
            Grant::SourceIp => "office-network-only".to_owned(),
            Grant::Secrets => format!("{app}-secrets-read"),
            Grant::AssumeCross => format!("assume-{}-roles", names::pick(rng, TEAMS)),
            Grant::PowerUser => "power-user".to_owned(),
            Grant::Boundary => format!("{}-boundary", names::pick(rng, TEAMS)),
        }
    }

    /// One version of the document.
    pub(crate) fn document<R: Rng>(self, rng: &mut R, scope: &Scope<'_>) -> Value {
        let account = scope.account;
        match self {
            Grant::Admin => doc(vec![
                json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
            ]),
            Grant::ServiceWildcard => {
                let svc = names::pick(rng, &["s3", "ec2", "dynamodb", "sqs", "lambda", "logs"]);
                doc(vec![
                    json!({"Effect": "Allow", "Action": format!("{svc}:*"), "Resource": "*"}),
                ])
            }
            Grant::ReadOnly => doc(vec![json!({
                "Sid": "DescribeAll",
                "Effect": "Allow",
                "Action": ["ec2:Describe*", "elasticloadbalancing:Describe*", "cloudwatch:Get*", "cloudwatch:List*", "logs:Describe*"],
                "Resource": "*"
            })]),
            Grant::Bucket => {
                let bucket = scope.bucket(rng);
                let write = rng.random_bool(0.5);
                let mut object_actions = vec!["s3:GetObject"];
                if write {
                    object_actions.extend(["s3:PutObject", "s3:DeleteObject"]);
                }
                doc(vec![
                    json!({"Sid": "ListBucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": format!("arn:aws:s3:::{bucket}")}),
                    json!({"Sid": "Objects", "Effect": "Allow", "Action": object_actions, "Resource": format!("arn:aws:s3:::{bucket}/*")}),
                ])
            }
            Grant::PassRole => {
                let app = names::pick(rng, APPS);
                let roles = if rng.random_bool(0.5) {
                    format!("arn:aws:iam::{account}:role/*")
                } else {
                    format!("arn:aws:iam::{account}:role/{app}-*")
                };
                doc(vec![
                    json!({"Sid": "PassRoles", "Effect": "Allow", "Action": "iam:PassRole", "Resource": roles}),
                    json!({"Sid": "Deploy", "Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:InvokeFunction", "ec2:RunInstances", "cloudformation:*"], "Resource": "*"}),
                ])
            }
            Grant::IamWrite => doc(vec![json!({
                "Effect": "Allow",
                "Action": ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:CreateAccessKey"],
                "Resource": "*"
            })]),
            Grant::RequireMfa => doc(vec![json!({
                "Sid": "DenyWithoutMfa",
                "Effect": "Deny",
                "NotAction": ["iam:ChangePassword", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "sts:GetSessionToken"],
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
            })]),
            Grant::SourceIp => doc(vec![json!({
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {
                    "NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]},
                    "Bool": {"aws:ViaAWSService": "false"}
                }
            })]),
            Grant::Secrets => {
                let region = scope.region(rng);
                let app = names::pick(rng, APPS);
                let key = crate::ids::uuid(rng.random());
                doc(vec![
                    json!({"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "Resource": format!("arn:aws:secretsmanager:{region}:{account}:secret:{app}/*")}),
                    json!({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": format!("arn:aws:kms:{region}:{account}:key/{key}")}),
                ])
            }
            Grant::AssumeCross => {
                let other = scope.other_account(rng);
                doc(vec![
                    json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": format!("arn:aws:iam::{other}:role/*")}),
                ])
            }
            Grant::PowerUser => doc(vec![
                json!({"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}),
            ]),
            Grant::Boundary => doc(vec![
                json!({"Sid": "Ceiling", "Effect": "Allow", "Action": ["s3:*", "dynamodb:*", "sqs:*", "logs:*", "cloudwatch:*", "lambda:*"], "Resource": "*"}),
                json!({"Sid": "NoIamWrites", "Effect": "Deny", "Action": ["iam:Create*", "iam:Put*", "iam:Attach*", "iam:Delete*"], "Resource": "*"}),
            ]),
        }
    }
}

/// A small inline policy for a user, group or role.
pub(crate) fn inline<R: Rng>(rng: &mut R, scope: &Scope<'_>) -> (String, Value) {
    let choice = rng.random_range(0..5);
    let app = names::pick(rng, APPS);
    match choice {
        0 => (
            format!("{app}-queue"),
            doc(vec![
                json!({"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"], "Resource": format!("arn:aws:sqs:{}:{}:{app}-*", scope.region(rng), scope.account)}),
            ]),
        ),
        1 => (
            format!("{app}-table"),
            doc(vec![
                json!({"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], "Resource": format!("arn:aws:dynamodb:{}:{}:table/{app}", scope.region(rng), scope.account)}),
            ]),
        ),
        2 => (
            "s3-everything".to_owned(),
            doc(vec![
                json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
            ]),
        ),
        3 => (
            "deny-billing".to_owned(),
            doc(vec![
                json!({"Effect": "Deny", "Action": ["aws-portal:*", "budgets:*"], "Resource": "*"}),
            ]),
        ),
        _ => {
            let bucket = scope.bucket(rng);
            (
                format!("{app}-read-bucket"),
                doc(vec![
                    json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")]}),
                ]),
            )
        }
    }
}

/// An AWS managed policy that synthetic principals attach.
#[derive(Debug)]
pub(crate) struct AwsManaged {
    pub(crate) name: &'static str,
    pub(crate) path: &'static str,
    pub(crate) version: &'static str,
    /// Creation and last update, seconds since the epoch.
    pub(crate) created: i64,
    pub(crate) updated: i64,
    pub(crate) document: fn() -> Value,
}

pub(crate) const ADMINISTRATOR_ACCESS: usize = 0;
pub(crate) const S3_READ_ONLY: usize = 1;
pub(crate) const EC2_READ_ONLY: usize = 2;
pub(crate) const LAMBDA_BASIC: usize = 3;
pub(crate) const SSM_CORE: usize = 4;
pub(crate) const CHANGE_PASSWORD: usize = 5;
pub(crate) const POWER_USER: usize = 6;

pub(crate) const AWS_MANAGED: [AwsManaged; 7] = [
    AwsManaged {
        name: "AdministratorAccess",
        path: "/",
        version: "v1",
        created: 1_423_248_386,
        updated: 1_423_248_386,
        document: || {
            doc(vec![
                json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
            ])
        },
    },
    AwsManaged {
        name: "AmazonS3ReadOnlyAccess",
        path: "/",
        version: "v3",
        created: 1_423_248_383,
        updated: 1_691_523_584,
        document: || {
            doc(vec![json!({
                "Effect": "Allow",
                "Action": ["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"],
                "Resource": "*"
            })])
        },
    },
    AwsManaged {
        name: "AmazonEC2ReadOnlyAccess",
        path: "/",
        version: "v3",
        created: 1_423_248_375,
        updated: 1_636_134_442,
        document: || {
            doc(vec![
                json!({"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}),
                json!({"Effect": "Allow", "Action": "elasticloadbalancing:Describe*", "Resource": "*"}),
                json!({"Effect": "Allow", "Action": ["cloudwatch:ListMetrics", "cloudwatch:GetMetricStatistics", "cloudwatch:Describe*"], "Resource": "*"}),
                json!({"Effect": "Allow", "Action": "autoscaling:Describe*", "Resource": "*"}),
            ])
        },
    },
    AwsManaged {
        name: "AWSLambdaBasicExecutionRole",
        path: "/service-role/",
        version: "v1",
        created: 1_428_444_914,
        updated: 1_428_444_914,
        document: || {
            doc(vec![json!({
                "Effect": "Allow",
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": "*"
            })])
        },
    },
    AwsManaged {
        name: "AmazonSSMManagedInstanceCore",
        path: "/",
        version: "v2",
        created: 1_552_598_414,
        updated: 1_679_001_614,
        document: || {
            doc(vec![
                json!({"Effect": "Allow", "Action": [
                    "ssm:DescribeAssociation", "ssm:GetDeployablePatchSnapshotForInstance", "ssm:GetDocument",
                    "ssm:DescribeDocument", "ssm:GetManifest", "ssm:GetParameter", "ssm:GetParameters",
                    "ssm:ListAssociations", "ssm:ListInstanceAssociations", "ssm:PutInventory",
                    "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult", "ssm:UpdateAssociationStatus",
                    "ssm:UpdateInstanceAssociationStatus", "ssm:UpdateInstanceInformation"
                ], "Resource": "*"}),
                json!({"Effect": "Allow", "Action": [
                    "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                    "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"
                ], "Resource": "*"}),
                json!({"Effect": "Allow", "Action": [
                    "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage",
                    "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"
                ], "Resource": "*"}),
            ])
        },
    },
    AwsManaged {
        name: "IAMUserChangePassword",
        path: "/",
        version: "v2",
        created: 1_479_251_417,
        updated: 1_479_251_417,
        document: || {
            doc(vec![
                json!({"Effect": "Allow", "Action": ["iam:ChangePassword"], "Resource": ["arn:aws:iam::*:user/${aws:username}"]}),
                json!({"Effect": "Allow", "Action": ["iam:GetAccountPasswordPolicy"], "Resource": "*"}),
            ])
        },
    },
    AwsManaged {
        name: "PowerUserAccess",
        path: "/",
        version: "v5",
        created: 1_423_248_388,
        updated: 1_671_555_474,
        document: || {
            doc(vec![
                json!({"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"}),
                json!({"Effect": "Allow", "Action": [
                    "iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles",
                    "organizations:DescribeOrganization", "account:ListRegions", "account:GetAccountInformation"
                ], "Resource": "*"}),
            ])
        },
    },
];

impl AwsManaged {
    pub(crate) fn arn(&self) -> String {
        format!("arn:aws:iam::aws:policy{}{}", self.path, self.name)
    }
}

/// Trust policy letting an AWS service assume the role.
pub(crate) fn trust_service(service: &str) -> Value {
    doc(vec![
        json!({"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}),
    ])
}

/// Trust policy letting an account (its root) or a principal ARN assume the role.
pub(crate) fn trust_aws(principal: &str, external_id: Option<&str>, mfa: bool) -> Value {
    let mut statement =
        json!({"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"});
    if let Some(id) = external_id {
        statement["Condition"] = json!({"StringEquals": {"sts:ExternalId": id}});
    } else if mfa {
        statement["Condition"] = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
    }
    doc(vec![statement])
}

/// Trust policy of a role that single sign-on users assume through SAML.
pub(crate) fn trust_saml(provider_arn: &str) -> Value {
    doc(vec![json!({
        "Effect": "Allow",
        "Principal": {"Federated": provider_arn},
        "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
        "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}
    })])
}

/// Trust policy of a Kubernetes service account role (OIDC web identity).
pub(crate) fn trust_oidc(
    provider_arn: &str,
    issuer: &str,
    namespace: &str,
    account: &str,
) -> Value {
    doc(vec![json!({
        "Effect": "Allow",
        "Principal": {"Federated": provider_arn},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {
            format!("{issuer}:sub"): format!("system:serviceaccount:{namespace}:{account}"),
            format!("{issuer}:aud"): "sts.amazonaws.com"
        }}
    })])
}

/// Inline policy of the role that collected the snapshot: read access to what it wrote.
pub(crate) fn collector() -> Value {
    doc(vec![json!({
        "Sid": "ReadConfiguration",
        "Effect": "Allow",
        "Action": [
            "ec2:Describe*", "iam:Get*", "iam:List*", "s3:GetBucket*", "s3:GetBucketPolicy",
            "s3:ListAllMyBuckets", "organizations:Describe*", "organizations:List*", "sts:GetCallerIdentity"
        ],
        "Resource": "*"
    })])
}

/// A bucket policy, or `None` for a bucket without one.
pub(crate) fn bucket_policy<R: Rng>(
    rng: &mut R,
    bucket: &str,
    purpose: &str,
    scope: &Scope<'_>,
) -> Option<Value> {
    let arn = format!("arn:aws:s3:::{bucket}");
    let objects = format!("{arn}/*");
    let tls = json!({
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, objects],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    });
    let x: f64 = rng.random();
    let statements = match purpose {
        "static-site" | "media" if x < 0.6 => vec![json!({
            "Sid": "PublicRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": objects
        })],
        "logs" if x < 0.8 => vec![
            json!({
                "Sid": "LogDeliveryWrite",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": objects,
                "Condition": {"StringEquals": {"aws:SourceAccount": scope.account}}
            }),
            tls,
        ],
        _ if x < 0.35 => vec![tls],
        _ if x < 0.5 => {
            let other = scope.other_account(rng);
            vec![json!({
                "Sid": "CrossAccountRead",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{other}:root")},
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [arn, objects]
            })]
        }
        _ if x < 0.6 => match scope.org_id {
            Some(org) => vec![json!({
                "Sid": "OrganizationRead",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": objects,
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": org}}
            })],
            None => vec![tls],
        },
        _ if x < 0.62 => vec![json!({
            "Sid": "AnyoneCanList",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": ["s3:ListBucket", "s3:GetObject"],
            "Resource": [arn, objects]
        })],
        _ => return None,
    };
    Some(doc(statements))
}
