//! IAM users, groups, roles, instance profiles and managed policies, shaped as
//! `aws iam get-account-authorization-details` prints them (policy documents as JSON objects).

use std::collections::BTreeSet;

use rand::Rng;
use serde::Serialize;
use serde_json::Value;

use crate::account::{AccountCtx, Stream};
use crate::ids::{IdSpace, Kind};
use crate::names::{self, APPS, FIRST, GROUPS, LAST, TEAMS};
use crate::policies::{self, AWS_MANAGED, Grant, Scope};
use crate::tag::Tag;
use crate::time::{DAY, HISTORY};

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UserDetail {
    path: String,
    user_name: String,
    user_id: String,
    arn: String,
    create_date: String,
    user_policy_list: Vec<PolicyDetail>,
    group_list: Vec<String>,
    attached_managed_policies: Vec<AttachedPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions_boundary: Option<PermissionsBoundary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GroupDetail {
    path: String,
    group_name: String,
    group_id: String,
    arn: String,
    create_date: String,
    group_policy_list: Vec<PolicyDetail>,
    attached_managed_policies: Vec<AttachedPolicy>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RoleDetail {
    path: String,
    role_name: String,
    role_id: String,
    arn: String,
    create_date: String,
    assume_role_policy_document: Value,
    instance_profile_list: Vec<InstanceProfile>,
    role_policy_list: Vec<PolicyDetail>,
    attached_managed_policies: Vec<AttachedPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions_boundary: Option<PermissionsBoundary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
    role_last_used: RoleLastUsed,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceProfile {
    path: String,
    instance_profile_name: String,
    instance_profile_id: String,
    arn: String,
    create_date: String,
    roles: Vec<Role>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Role {
    path: String,
    role_name: String,
    role_id: String,
    arn: String,
    create_date: String,
    assume_role_policy_document: Value,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct RoleLastUsed {
    #[serde(skip_serializing_if = "Option::is_none")]
    last_used_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyDetail {
    policy_name: String,
    policy_document: Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AttachedPolicy {
    policy_name: String,
    policy_arn: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PermissionsBoundary {
    permissions_boundary_type: &'static str,
    permissions_boundary_arn: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ManagedPolicyDetail {
    policy_name: String,
    policy_id: String,
    arn: String,
    path: String,
    default_version_id: String,
    attachment_count: u32,
    permissions_boundary_usage_count: u32,
    is_attachable: bool,
    create_date: String,
    update_date: String,
    policy_version_list: Vec<PolicyVersion>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyVersion {
    document: Value,
    version_id: String,
    is_default_version: bool,
    create_date: String,
}

/// `aws sts get-caller-identity`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct CallerIdentity {
    user_id: String,
    account: String,
    arn: String,
}

/// An instance profile that EC2 instances of the account can use.
#[derive(Debug)]
pub(crate) struct ProfileRef {
    pub(crate) arn: String,
    pub(crate) id: String,
}

/// Everything IAM in one account.
#[derive(Debug)]
pub(crate) struct Iam {
    pub(crate) users: Vec<UserDetail>,
    pub(crate) groups: Vec<GroupDetail>,
    pub(crate) roles: Vec<RoleDetail>,
    pub(crate) policies: Vec<ManagedPolicyDetail>,
    pub(crate) customer_policies: usize,
    pub(crate) profiles: Vec<ProfileRef>,
    pub(crate) caller: CallerIdentity,
}

/// The session name of the role that "collected" the snapshot.
const SESSION: &str = "keyaki-snapshot";

/// A customer managed policy while attachments are counted.
struct Customer {
    detail: ManagedPolicyDetail,
    grant: Grant,
}

struct Builder<'a, R> {
    rng: R,
    ctx: &'a AccountCtx<'a>,
    scope: Scope<'a>,
    ids: IdSpace,
    customer: Vec<Customer>,
    aws_counts: [u32; AWS_MANAGED.len()],
    boundaries: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RoleKind {
    OrgAccess,
    Collector,
    Ec2,
    Lambda,
    Ecs,
    CrossAccount,
    Vendor,
    SsoAdmin,
    SsoReadOnly,
    SsoDeveloper,
    Irsa,
    Deploy,
    OpenTrust,
}

impl<R: Rng> Builder<'_, R> {
    fn created(&mut self) -> i64 {
        self.ctx.epoch + self.rng.random_range(0..HISTORY * 9 / 10)
    }

    /// Attaches a customer managed policy once (IAM attaches a policy at most once).
    fn attach_customer(&mut self, attached: &mut Vec<AttachedPolicy>, index: usize) {
        let detail = &mut self.customer[index].detail;
        if attached.iter().all(|a| a.policy_arn != detail.arn) {
            detail.attachment_count += 1;
            attached.push(AttachedPolicy {
                policy_name: detail.policy_name.clone(),
                policy_arn: detail.arn.clone(),
            });
        }
    }

    /// Attaches an AWS managed policy once.
    fn attach_aws(&mut self, attached: &mut Vec<AttachedPolicy>, index: usize) {
        let arn = AWS_MANAGED[index].arn();
        if attached.iter().all(|a| a.policy_arn != arn) {
            self.aws_counts[index] += 1;
            attached.push(AttachedPolicy {
                policy_name: AWS_MANAGED[index].name.to_owned(),
                policy_arn: arn,
            });
        }
    }

    /// A random customer policy that is not a permissions boundary, if any.
    fn some_customer(&mut self) -> Option<usize> {
        if self.customer.is_empty() {
            return None;
        }
        let start = self.rng.random_range(0..self.customer.len());
        (0..self.customer.len())
            .map(|k| (start + k) % self.customer.len())
            .find(|&i| self.customer[i].grant != Grant::Boundary)
    }

    fn boundary(&mut self) -> Option<PermissionsBoundary> {
        if self.boundaries.is_empty() {
            return None;
        }
        let index = self.boundaries[self.rng.random_range(0..self.boundaries.len())];
        let detail = &mut self.customer[index].detail;
        detail.permissions_boundary_usage_count += 1;
        Some(PermissionsBoundary {
            permissions_boundary_type: "PermissionsBoundaryPolicy",
            permissions_boundary_arn: detail.arn.clone(),
        })
    }

    fn inline(&mut self) -> PolicyDetail {
        let (policy_name, policy_document) = policies::inline(&mut self.rng, &self.scope);
        PolicyDetail {
            policy_name,
            policy_document,
        }
    }

    fn customer_policies(&mut self, count: usize) {
        let mut taken = BTreeSet::new();
        for i in 0..count {
            let grant = if i == 0 {
                Grant::Admin
            } else {
                Grant::pick(&mut self.rng)
            };
            let name = unique(&mut taken, grant.name(&mut self.rng));
            let path = if self.rng.random_bool(0.2) {
                "/teams/"
            } else {
                "/"
            };
            let versions = match self.rng.random_range(0..10) {
                0 => 3,
                1 | 2 => 2,
                _ => 1,
            };
            let created = self.created();
            let mut at = created;
            let mut list = Vec::with_capacity(versions);
            for v in 1..=versions {
                if v > 1 {
                    at += self.rng.random_range(DAY..60 * DAY);
                }
                list.push(PolicyVersion {
                    document: grant.document(&mut self.rng, &self.scope),
                    version_id: format!("v{v}"),
                    is_default_version: v == versions,
                    create_date: crate::time::iso(at),
                });
            }
            // AWS lists the default version first, then older versions newest first.
            list.reverse();
            if grant == Grant::Boundary {
                self.boundaries.push(i);
            }
            self.customer.push(Customer {
                grant,
                detail: ManagedPolicyDetail {
                    arn: format!("arn:aws:iam::{}:policy{path}{name}", self.ctx.id),
                    policy_name: name,
                    policy_id: self.ids.unique("ANPA", Kind::Policy, i),
                    path: path.to_owned(),
                    default_version_id: format!("v{versions}"),
                    attachment_count: 0,
                    permissions_boundary_usage_count: 0,
                    is_attachable: true,
                    create_date: crate::time::iso(created),
                    update_date: crate::time::iso(at),
                    policy_version_list: list,
                },
            });
        }
    }

    fn groups(&mut self, count: usize) -> Vec<GroupDetail> {
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let name = match GROUPS.get(i) {
                Some(name) => (*name).to_owned(),
                None => format!("team-{}-{}", TEAMS[i % TEAMS.len()], i / TEAMS.len()),
            };
            let mut attached = Vec::new();
            match name.as_str() {
                "Admins" => self.attach_aws(&mut attached, policies::ADMINISTRATOR_ACCESS),
                "ReadOnly" | "Support" => {
                    self.attach_aws(&mut attached, policies::EC2_READ_ONLY);
                    self.attach_aws(&mut attached, policies::S3_READ_ONLY);
                }
                "Ops" => self.attach_aws(&mut attached, policies::POWER_USER),
                _ => {
                    for _ in 0..self.rng.random_range(1..=2) {
                        if let Some(p) = self.some_customer() {
                            self.attach_customer(&mut attached, p);
                        }
                    }
                }
            }
            let mut inline = Vec::new();
            if self.rng.random_bool(0.3) {
                inline.push(self.inline());
            }
            out.push(GroupDetail {
                path: "/".to_owned(),
                arn: format!("arn:aws:iam::{}:group/{name}", self.ctx.id),
                group_id: self.ids.unique("AGPA", Kind::Group, i),
                group_name: name,
                create_date: crate::time::iso(self.created()),
                group_policy_list: inline,
                attached_managed_policies: attached,
            });
        }
        out
    }

    fn users(&mut self, count: usize, groups: &[GroupDetail]) -> Vec<UserDetail> {
        let mut taken = BTreeSet::new();
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let service = self.rng.random_bool(0.2);
            let base = if service {
                format!("svc-{}", names::pick(&mut self.rng, APPS))
            } else {
                format!(
                    "{}.{}",
                    names::pick(&mut self.rng, FIRST),
                    names::pick(&mut self.rng, LAST)
                )
            };
            let name = unique(&mut taken, base);
            let path = if !service && self.rng.random_bool(0.15) {
                "/engineering/"
            } else {
                "/"
            };
            let mut group_list = Vec::new();
            if !groups.is_empty() && !service {
                for _ in 0..self.rng.random_range(0..=2) {
                    let g = &groups[self.rng.random_range(0..groups.len())].group_name;
                    if !group_list.contains(g) {
                        group_list.push(g.clone());
                    }
                }
            }
            let mut attached = Vec::new();
            if !service && self.rng.random_bool(0.5) {
                self.attach_aws(&mut attached, policies::CHANGE_PASSWORD);
            }
            if self.rng.random_bool(if service { 0.7 } else { 0.2 })
                && let Some(p) = self.some_customer()
            {
                self.attach_customer(&mut attached, p);
            }
            if self.rng.random_bool(0.03) {
                self.attach_aws(&mut attached, policies::ADMINISTRATOR_ACCESS);
            }
            let mut inline = Vec::new();
            if self.rng.random_bool(0.15) {
                inline.push(self.inline());
            }
            let boundary = if self.rng.random_bool(0.05) {
                self.boundary()
            } else {
                None
            };
            let tags = if self.rng.random_bool(0.5) {
                vec![Tag::new("team", names::pick(&mut self.rng, TEAMS))]
            } else {
                Vec::new()
            };
            out.push(UserDetail {
                arn: format!("arn:aws:iam::{}:user{path}{name}", self.ctx.id),
                path: path.to_owned(),
                user_name: name,
                user_id: self.ids.unique("AIDA", Kind::User, i),
                create_date: crate::time::iso(self.created()),
                user_policy_list: inline,
                group_list,
                attached_managed_policies: attached,
                permissions_boundary: boundary,
                tags,
            });
        }
        out
    }

    fn role_kinds(&mut self, count: usize) -> Vec<RoleKind> {
        let mut kinds = Vec::with_capacity(count);
        if self.ctx.is_member() && kinds.len() < count {
            kinds.push(RoleKind::OrgAccess);
        }
        if kinds.len() < count {
            kinds.push(RoleKind::Collector);
        }
        let mut sso = vec![
            RoleKind::SsoDeveloper,
            RoleKind::SsoReadOnly,
            RoleKind::SsoAdmin,
        ];
        while kinds.len() < count {
            let x = self.rng.random_range(0..100);
            let kind = match x {
                0..40 => RoleKind::Ec2,
                40..60 => RoleKind::Lambda,
                60..66 => RoleKind::Ecs,
                66..74 => RoleKind::CrossAccount,
                74..78 => RoleKind::Vendor,
                78..84 => sso.pop().unwrap_or(RoleKind::Ec2),
                84..91 => RoleKind::Irsa,
                91..99 => RoleKind::Deploy,
                _ => RoleKind::OpenTrust,
            };
            kinds.push(kind);
        }
        kinds
    }

    fn roles(&mut self, count: usize) -> (Vec<RoleDetail>, Vec<ProfileRef>) {
        let kinds = self.role_kinds(count);
        let account = self.ctx.id;
        let mut taken = BTreeSet::new();
        let mut out: Vec<RoleDetail> = Vec::with_capacity(count);
        let mut profiles = Vec::new();
        let sso_provider = format!(
            "arn:aws:iam::{account}:saml-provider/AWSSSO_{}_DO_NOT_DELETE",
            crate::ids::hex_digits(self.ids.raw(Kind::Misc, 1), 16)
        );
        for (i, kind) in kinds.into_iter().enumerate() {
            let app = names::pick(&mut self.rng, APPS);
            let env = names::pick(&mut self.rng, crate::names::ENVS);
            let mut path = "/";
            let mut attached = Vec::new();
            let mut inline = Vec::new();
            let (base, trust) = match kind {
                RoleKind::OrgAccess => {
                    self.attach_aws(&mut attached, policies::ADMINISTRATOR_ACCESS);
                    let root = format!("arn:aws:iam::{}:root", self.ctx.management_id());
                    (
                        "OrganizationAccountAccessRole".to_owned(),
                        policies::trust_aws(&root, None, false),
                    )
                }
                RoleKind::Collector => {
                    inline.push(PolicyDetail {
                        policy_name: "read-configuration".to_owned(),
                        policy_document: policies::collector(),
                    });
                    let trusted = format!("arn:aws:iam::{}:root", self.ctx.management_id());
                    (
                        "SecurityAuditReader".to_owned(),
                        policies::trust_aws(&trusted, None, false),
                    )
                }
                RoleKind::Ec2 => {
                    if self.rng.random_bool(0.6) {
                        self.attach_aws(&mut attached, policies::SSM_CORE);
                    }
                    if self.rng.random_bool(0.5)
                        && let Some(p) = self.some_customer()
                    {
                        self.attach_customer(&mut attached, p);
                    }
                    if self.rng.random_bool(0.2) {
                        inline.push(self.inline());
                    }
                    (
                        format!("{env}-{app}-ec2"),
                        policies::trust_service("ec2.amazonaws.com"),
                    )
                }
                RoleKind::Lambda => {
                    path = "/service-role/";
                    self.attach_aws(&mut attached, policies::LAMBDA_BASIC);
                    if self.rng.random_bool(0.6) {
                        inline.push(self.inline());
                    }
                    (
                        format!("{app}-{env}-lambda-role"),
                        policies::trust_service("lambda.amazonaws.com"),
                    )
                }
                RoleKind::Ecs => {
                    if let Some(p) = self.some_customer() {
                        self.attach_customer(&mut attached, p);
                    }
                    (
                        format!("{env}-{app}-task"),
                        policies::trust_service("ecs-tasks.amazonaws.com"),
                    )
                }
                RoleKind::CrossAccount => {
                    if self.rng.random_bool(0.5) {
                        self.attach_aws(&mut attached, policies::EC2_READ_ONLY);
                    } else if let Some(p) = self.some_customer() {
                        self.attach_customer(&mut attached, p);
                    }
                    let other = if self.scope.peers.is_empty() {
                        self.scope.vendors[0].clone()
                    } else {
                        self.scope.peers[self.rng.random_range(0..self.scope.peers.len())]
                            .to_owned()
                    };
                    let principal = format!("arn:aws:iam::{other}:root");
                    (
                        format!("{}-cross-account", names::pick(&mut self.rng, TEAMS)),
                        policies::trust_aws(&principal, None, self.rng.random_bool(0.3)),
                    )
                }
                RoleKind::Vendor => {
                    self.attach_aws(&mut attached, policies::S3_READ_ONLY);
                    self.attach_aws(&mut attached, policies::EC2_READ_ONLY);
                    let vendor =
                        &self.scope.vendors[self.rng.random_range(0..self.scope.vendors.len())];
                    let principal = format!("arn:aws:iam::{vendor}:root");
                    let external = crate::ids::uuid(self.rng.random());
                    let external = if self.rng.random_bool(0.8) {
                        Some(external.as_str())
                    } else {
                        None
                    };
                    (
                        "vendor-monitoring".to_owned(),
                        policies::trust_aws(&principal, external, false),
                    )
                }
                RoleKind::SsoAdmin | RoleKind::SsoReadOnly | RoleKind::SsoDeveloper => {
                    path = "/aws-reserved/sso.amazonaws.com/";
                    let set = match kind {
                        RoleKind::SsoAdmin => {
                            self.attach_aws(&mut attached, policies::ADMINISTRATOR_ACCESS);
                            "AdministratorAccess"
                        }
                        RoleKind::SsoReadOnly => {
                            self.attach_aws(&mut attached, policies::EC2_READ_ONLY);
                            self.attach_aws(&mut attached, policies::S3_READ_ONLY);
                            "ReadOnly"
                        }
                        _ => {
                            self.attach_aws(&mut attached, policies::POWER_USER);
                            "Developer"
                        }
                    };
                    let suffix = crate::ids::hex_digits(self.ids.raw(Kind::Role, i), 16);
                    (
                        format!("AWSReservedSSO_{set}_{suffix}"),
                        policies::trust_saml(&sso_provider),
                    )
                }
                RoleKind::Irsa => {
                    if let Some(p) = self.some_customer() {
                        self.attach_customer(&mut attached, p);
                    }
                    let region =
                        self.scope.regions[self.rng.random_range(0..self.scope.regions.len())];
                    let cluster = crate::ids::hex_digits(self.ids.raw(Kind::Misc, 2), 32)
                        .to_ascii_uppercase();
                    let issuer = format!("oidc.eks.{region}.amazonaws.com/id/{cluster}");
                    let provider = format!("arn:aws:iam::{account}:oidc-provider/{issuer}");
                    (
                        format!("{env}-{app}-irsa"),
                        policies::trust_oidc(&provider, &issuer, app, app),
                    )
                }
                RoleKind::Deploy => {
                    let deployer = out
                        .iter()
                        .find(|r| r.role_name.ends_with("-ec2"))
                        .map(|r| r.arn.clone());
                    let principal =
                        deployer.unwrap_or_else(|| format!("arn:aws:iam::{account}:root"));
                    if let Some(p) = self
                        .customer
                        .iter()
                        .position(|c| c.grant == Grant::PassRole)
                    {
                        self.attach_customer(&mut attached, p);
                    } else if self.rng.random_bool(0.3) {
                        self.attach_aws(&mut attached, policies::ADMINISTRATOR_ACCESS);
                    }
                    (
                        format!("{env}-{app}-deployer"),
                        policies::trust_aws(&principal, None, false),
                    )
                }
                RoleKind::OpenTrust => {
                    if let Some(p) = self.some_customer() {
                        self.attach_customer(&mut attached, p);
                    }
                    (
                        format!("{app}-shared-access"),
                        policies::trust_aws("*", None, false),
                    )
                }
            };
            let name = unique(&mut taken, base);
            let role_id = self.ids.unique("AROA", Kind::Role, i);
            let arn = format!("arn:aws:iam::{account}:role{path}{name}");
            let created = self.created();
            let mut instance_profiles = Vec::new();
            if kind == RoleKind::Ec2 {
                let profile_arn = format!("arn:aws:iam::{account}:instance-profile/{name}");
                let profile_id = self.ids.unique("AIPA", Kind::InstanceProfile, i);
                instance_profiles.push(InstanceProfile {
                    path: "/".to_owned(),
                    instance_profile_name: name.clone(),
                    instance_profile_id: profile_id.clone(),
                    arn: profile_arn.clone(),
                    create_date: crate::time::iso(created),
                    roles: vec![Role {
                        path: path.to_owned(),
                        role_name: name.clone(),
                        role_id: role_id.clone(),
                        arn: arn.clone(),
                        create_date: crate::time::iso(created),
                        assume_role_policy_document: trust.clone(),
                    }],
                });
                profiles.push(ProfileRef {
                    arn: profile_arn,
                    id: profile_id,
                });
            }
            let boundary = if matches!(kind, RoleKind::Lambda | RoleKind::Ecs | RoleKind::Irsa)
                && self.rng.random_bool(0.15)
            {
                self.boundary()
            } else {
                None
            };
            let tags = if self.rng.random_bool(0.4) {
                vec![
                    Tag::new("team", names::pick(&mut self.rng, TEAMS)),
                    Tag::new("env", env),
                ]
            } else {
                Vec::new()
            };
            let last_used = if self.rng.random_bool(0.7) {
                let now = self.ctx.now();
                RoleLastUsed {
                    last_used_date: Some(crate::time::iso(
                        now - self.rng.random_range(0..90 * DAY),
                    )),
                    region: Some(
                        self.scope.regions[self.rng.random_range(0..self.scope.regions.len())]
                            .to_owned(),
                    ),
                }
            } else {
                RoleLastUsed {
                    last_used_date: None,
                    region: None,
                }
            };
            out.push(RoleDetail {
                path: path.to_owned(),
                role_name: name,
                role_id,
                arn,
                create_date: crate::time::iso(created),
                assume_role_policy_document: trust,
                instance_profile_list: instance_profiles,
                role_policy_list: inline,
                attached_managed_policies: attached,
                permissions_boundary: boundary,
                tags,
                role_last_used: last_used,
            });
        }
        (out, profiles)
    }
}

/// Builds the IAM content of one account.
pub(crate) fn build(ctx: &AccountCtx<'_>, buckets: &[String]) -> Iam {
    let principals = ctx.config.principals;
    let user_count = (principals * 35 + 50) / 100;
    let role_count = principals - user_count;
    let group_count = if user_count == 0 {
        0
    } else {
        (user_count / 4).clamp(1, 40)
    };
    let regions: Vec<&'static str> = ctx.regions.iter().map(|r| r.name).collect();
    let peers: Vec<&str> = ctx.peers();
    let mut b = Builder {
        rng: ctx.rng(Stream::Iam),
        ctx,
        scope: Scope {
            account: ctx.id,
            regions: &regions,
            buckets,
            peers: &peers,
            vendors: &ctx.org.vendors,
            org_id: ctx.org.id.as_deref(),
            company: ctx.org.company,
        },
        ids: ctx.ids,
        customer: Vec::new(),
        aws_counts: [0; AWS_MANAGED.len()],
        boundaries: Vec::new(),
    };
    b.customer_policies(ctx.config.policies);
    let groups = b.groups(group_count);
    let users = b.users(user_count, &groups);
    let (roles, profiles) = b.roles(role_count);

    let caller = match roles.first() {
        Some(role) => CallerIdentity {
            user_id: format!("{}:{SESSION}", role.role_id),
            account: ctx.id.to_owned(),
            arn: format!(
                "arn:aws:sts::{}:assumed-role/{}/{SESSION}",
                ctx.id, role.role_name
            ),
        },
        None => CallerIdentity {
            user_id: ctx.id.to_owned(),
            account: ctx.id.to_owned(),
            arn: format!("arn:aws:iam::{}:root", ctx.id),
        },
    };

    let customer_policies = b.customer.len();
    let mut policies: Vec<ManagedPolicyDetail> = b.customer.into_iter().map(|c| c.detail).collect();
    let shared = IdSpace::shared();
    for (i, managed) in AWS_MANAGED.iter().enumerate() {
        let count = b.aws_counts[i];
        if count == 0 {
            continue;
        }
        policies.push(ManagedPolicyDetail {
            policy_name: managed.name.to_owned(),
            policy_id: shared.unique("ANPA", Kind::Policy, i),
            arn: managed.arn(),
            path: managed.path.to_owned(),
            default_version_id: managed.version.to_owned(),
            attachment_count: count,
            permissions_boundary_usage_count: 0,
            is_attachable: true,
            create_date: crate::time::iso(managed.created),
            update_date: crate::time::iso(managed.updated),
            policy_version_list: vec![PolicyVersion {
                document: (managed.document)(),
                version_id: managed.version.to_owned(),
                is_default_version: true,
                create_date: crate::time::iso(managed.updated),
            }],
        });
    }

    Iam {
        users,
        groups,
        roles,
        policies,
        customer_policies,
        profiles,
        caller,
    }
}

/// `base`, or `base-2`, `base-3`, ... if taken.
fn unique(taken: &mut BTreeSet<String>, base: String) -> String {
    if taken.insert(base.clone()) {
        return base;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}
