//! AWS IAM: users, groups, roles, managed policies and instance profiles
//! (`aws iam get-account-authorization-details`), the credential report, the password
//! policy, the account summary, virtual MFA devices and server certificates
//! (`aws iam list-server-certificates`, `global/iam/list-server-certificates.json`).
//!
//! Field names follow the AWS CLI output exactly. Policy documents are kept as text
//! ([`PolicyDocument`]), whether the file holds them as JSON objects (as the AWS CLI prints
//! them) or as URL-encoded strings (as the IAM API returns them); the IAM engine parses them.
//! [`Iam`] indexes everything by name, ARN and id, and answers the questions the engines ask:
//! which policies apply to a principal, which role an instance profile passes, who has MFA.

mod credential_report;
mod model;
mod policy_document;
mod timestamp;

use std::collections::HashMap;
use std::fmt;

use keyaki_core::Arn;
use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde_json::{Value, json};

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::{Place, SourceFile};
use crate::{LoadError, Warning, WarningKind};

pub use credential_report::{
    AccessKeyStatus, COLUMNS as CREDENTIAL_REPORT_COLUMNS, CertificateStatus, CredentialReport,
    CredentialReportRow, ROOT_USER,
};
pub use model::{
    AccountSummary, AttachedPolicy, GroupDetail, InlinePolicy, InstanceProfile,
    InstanceProfileRole, ManagedPolicy, MfaDeviceUser, PasswordPolicy, PermissionsBoundary,
    PolicyVersion, RoleDetail, RoleLastUsed, UserDetail, VirtualMfaDevice,
};
pub(crate) use policy_document::Placer;
pub use policy_document::{DocumentForm, InvalidPolicyDocument, PolicyDocument};
pub use timestamp::{InvalidTimestamp, Timestamp};

/// One page of `aws iam get-account-authorization-details`.
#[derive(Debug, Default)]
pub struct AuthorizationDetails {
    /// `UserDetailList`.
    pub users: Vec<Resource<UserDetail>>,
    /// `GroupDetailList`.
    pub groups: Vec<Resource<GroupDetail>>,
    /// `RoleDetailList`.
    pub roles: Vec<Resource<RoleDetail>>,
    /// `RoleDetailList[].InstanceProfileList[]`.
    pub instance_profiles: Vec<Resource<InstanceProfile>>,
    /// `Policies`.
    pub policies: Vec<Resource<ManagedPolicy>>,
}

/// What one IAM file holds.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum Output {
    AuthorizationDetails(AuthorizationDetails),
    CredentialReport(CredentialReport),
    PasswordPolicy(Resource<PasswordPolicy>),
    AccountSummary(Resource<AccountSummary>),
    VirtualMfaDevices(Vec<Resource<VirtualMfaDevice>>),
    ServerCertificates(Vec<Resource<ServerCertificateMetadata>>),
}

/// One server certificate of `aws iam list-server-certificates`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerCertificateMetadata {
    /// The certificate name.
    pub server_certificate_name: String,
    /// The certificate id.
    #[serde(default)]
    pub server_certificate_id: Option<String>,
    /// The certificate ARN.
    #[serde(default)]
    pub arn: Option<String>,
    /// When it was uploaded.
    #[serde(default)]
    pub upload_date: Option<Timestamp>,
    /// When it expires.
    #[serde(default)]
    pub expiration: Option<Timestamp>,
}

/// The IAM data of one account.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Iam {
    /// Users.
    pub users: Vec<Resource<UserDetail>>,
    /// Groups.
    pub groups: Vec<Resource<GroupDetail>>,
    /// Roles.
    pub roles: Vec<Resource<RoleDetail>>,
    /// Managed policies: every customer managed policy, and the AWS managed policies the
    /// snapshot includes (those attached to something, when the output was not filtered).
    pub policies: Vec<Resource<ManagedPolicy>>,
    /// Instance profiles, read from the roles that hold them.
    pub instance_profiles: Vec<Resource<InstanceProfile>>,
    /// The credential report.
    pub credential_report: Option<CredentialReport>,
    /// The password policy (absent when the account has none, or it was not collected).
    pub password_policy: Option<Resource<PasswordPolicy>>,
    /// The account summary.
    pub account_summary: Option<Resource<AccountSummary>>,
    /// Virtual MFA devices.
    pub virtual_mfa_devices: Vec<Resource<VirtualMfaDevice>>,
    /// Server certificates; `None` when `list-server-certificates` was not read.
    pub server_certificates: Option<Vec<Resource<ServerCertificateMetadata>>>,
    index: Index,
}

/// Positions in the lists of [`Iam`].
#[derive(Debug, Clone, Default)]
struct Index {
    /// Unique ids (`AIDA...`, `AGPA...`, `AROA...`, `ANPA...`, `AIPA...`), for de-duplication.
    ids: HashMap<String, usize>,
    users: HashMap<String, usize>,
    users_by_arn: HashMap<String, usize>,
    groups: HashMap<String, usize>,
    groups_by_arn: HashMap<String, usize>,
    roles: HashMap<String, usize>,
    roles_by_arn: HashMap<String, usize>,
    policies_by_arn: HashMap<String, usize>,
    /// By name: the customer managed policy of that name if any, else the AWS managed one.
    policies_by_name: HashMap<String, usize>,
    profiles_by_arn: HashMap<String, usize>,
    /// Instance profiles by the name of the role they hold.
    profiles_by_role: HashMap<String, Vec<usize>>,
    /// Virtual MFA devices by serial number.
    mfa_devices: HashMap<String, usize>,
    /// Virtual MFA devices by the ARN of their user.
    mfa_by_user_arn: HashMap<String, usize>,
    /// Credential report rows by user name.
    report_rows: HashMap<String, usize>,
}

/// Where a policy that applies to a principal comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicySource<'a> {
    /// An inline policy of the principal itself.
    Inline,
    /// A managed policy attached to the principal itself.
    Managed,
    /// An inline policy of a group the user belongs to.
    GroupInline {
        /// The group's name.
        group: &'a str,
    },
    /// A managed policy attached to a group the user belongs to.
    GroupManaged {
        /// The group's name.
        group: &'a str,
    },
    /// The principal's permissions boundary (a managed policy).
    PermissionsBoundary,
}

impl fmt::Display for PolicySource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicySource::Inline => f.write_str("inline"),
            PolicySource::Managed => f.write_str("managed"),
            PolicySource::GroupInline { group } => write!(f, "inline of group {group}"),
            PolicySource::GroupManaged { group } => write!(f, "managed of group {group}"),
            PolicySource::PermissionsBoundary => f.write_str("permissions boundary"),
        }
    }
}

/// A policy that applies to a principal.
#[derive(Debug, Clone, Copy)]
pub struct AppliedPolicy<'a> {
    /// Where it comes from.
    pub source: PolicySource<'a>,
    /// The policy's name.
    pub name: &'a str,
    /// The managed policy's ARN; `None` for inline policies.
    pub arn: Option<&'a Arn>,
    /// The document in force; `None` for a managed policy the snapshot does not include
    /// (AWS managed policies may be left out).
    pub document: Option<&'a PolicyDocument>,
}

/// Allowed beside the data of paginated IAM outputs.
const PAGE: &[&str] = &["IsTruncated", "Marker", "NextToken"];
/// The lists of `get-account-authorization-details`.
const DETAILS: &[&str] = &[
    "UserDetailList",
    "GroupDetailList",
    "RoleDetailList",
    "Policies",
];

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let result = if is_authorization_details(doc) {
        authorization_details(doc).map(Output::AuthorizationDetails)
    } else if doc.is("PasswordPolicy", &[]) {
        member(doc, "PasswordPolicy").map(Output::PasswordPolicy)
    } else if doc.is("SummaryMap", &[]) {
        member(doc, "SummaryMap").map(Output::AccountSummary)
    } else if doc.is("VirtualMFADevices", PAGE) {
        doc.list("VirtualMFADevices").map(Output::VirtualMfaDevices)
    } else if doc.is("ServerCertificateMetadataList", PAGE) {
        doc.list("ServerCertificateMetadataList")
            .map(Output::ServerCertificates)
    } else {
        return None;
    };
    Some(result)
}

/// Recognises the decoded credential report (`iam get-credential-report`), a CSV file.
pub(crate) fn recognize_csv(file: &SourceFile) -> Option<Result<Output, Vec<LoadError>>> {
    credential_report::is_credential_report(file)
        .then(|| credential_report::parse(file).map(Output::CredentialReport))
}

fn member<T: serde::de::DeserializeOwned>(
    doc: &Document<'_>,
    key: &str,
) -> Result<Resource<T>, Vec<LoadError>> {
    match doc.member(key) {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(vec![LoadError::Shape {
            path: doc.path().to_path_buf(),
            line: 1,
            column: 1,
            json_path: format!("$.{key}"),
            message: "missing".into(),
        }]),
        Err(e) => Err(vec![e]),
    }
}

/// Whether `doc` is a page of `get-account-authorization-details`. A file with only
/// `Policies` may also be `organizations list-policies`: the folder or the items decide.
fn is_authorization_details(doc: &Document<'_>) -> bool {
    if !DETAILS.iter().any(|k| doc.has(k))
        || !doc
            .keys()
            .all(|k| DETAILS.contains(&k) || PAGE.contains(&k))
    {
        return false;
    }
    if DETAILS[..3].iter().any(|k| doc.has(k)) || doc.has("IsTruncated") || doc.has("Marker") {
        return true;
    }
    match doc.place().service.as_deref() {
        Some("iam") => true,
        Some("organizations") => false,
        _ => first_item_keys(doc, "Policies")
            .is_some_and(|keys| keys.iter().any(|k| k == "PolicyName")),
    }
}

/// The keys of the first object in the array `key`, when it is an array of objects.
pub(crate) fn first_item_keys(doc: &Document<'_>, key: &str) -> Option<Vec<String>> {
    struct FirstKeys(Vec<String>);
    impl<'de> Deserialize<'de> for FirstKeys {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = FirstKeys;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an array of objects")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FirstKeys, A::Error> {
                    let first: Option<HashMap<String, IgnoredAny>> = seq.next_element()?;
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(FirstKeys(
                        first.map(|m| m.into_keys().collect()).unwrap_or_default(),
                    ))
                }
            }
            d.deserialize_seq(V)
        }
    }
    doc.member::<FirstKeys>(key)
        .ok()
        .flatten()
        .map(|r| r.data.0)
}

/// Reads a page of `get-account-authorization-details`, with every error of every list.
fn authorization_details(doc: &Document<'_>) -> Result<AuthorizationDetails, Vec<LoadError>> {
    fn take<T>(result: Result<Vec<T>, Vec<LoadError>>, errors: &mut Vec<LoadError>) -> Vec<T> {
        result.unwrap_or_else(|e| {
            errors.extend(e);
            Vec::new()
        })
    }
    let mut errors = Vec::new();
    let mut users: Vec<Resource<UserDetail>> = take(doc.list("UserDetailList"), &mut errors);
    let mut groups: Vec<Resource<GroupDetail>> = take(doc.list("GroupDetailList"), &mut errors);
    let roles_result = doc.list::<RoleDetail>("RoleDetailList");
    let roles_ok = roles_result.is_ok();
    let mut roles = take(roles_result, &mut errors);
    // The profiles' errors would repeat those of the roles.
    let profiles: Vec<Vec<Resource<InstanceProfile>>> = if roles_ok {
        take(
            doc.nested("RoleDetailList", "InstanceProfileList"),
            &mut errors,
        )
    } else {
        Vec::new()
    };
    let mut policies: Vec<Resource<ManagedPolicy>> = take(doc.list("Policies"), &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }

    let placer = Placer::new(doc.file);
    let inline = |list: &mut Vec<InlinePolicy>, base: &str, key: &str, line: usize| {
        for (j, p) in list.iter_mut().enumerate() {
            placer.place(
                &mut p.policy_document,
                format!("{base}.{key}[{j}].PolicyDocument"),
                line,
            );
        }
    };
    for Resource { data, origin, .. } in &mut users {
        inline(
            &mut data.user_policy_list,
            &origin.json_path,
            "UserPolicyList",
            origin.line,
        );
    }
    for Resource { data, origin, .. } in &mut groups {
        inline(
            &mut data.group_policy_list,
            &origin.json_path,
            "GroupPolicyList",
            origin.line,
        );
    }
    for Resource { data, origin, .. } in &mut roles {
        if let Some(trust) = &mut data.assume_role_policy_document {
            placer.place(
                trust,
                format!("{}.AssumeRolePolicyDocument", origin.json_path),
                origin.line,
            );
        }
        inline(
            &mut data.role_policy_list,
            &origin.json_path,
            "RolePolicyList",
            origin.line,
        );
    }
    for Resource { data, origin, .. } in &mut policies {
        for (j, version) in data.policy_version_list.iter_mut().enumerate() {
            if let Some(document) = &mut version.document {
                placer.place(
                    document,
                    format!("{}.PolicyVersionList[{j}].Document", origin.json_path),
                    origin.line,
                );
            }
        }
    }
    Ok(AuthorizationDetails {
        users,
        groups,
        roles,
        instance_profiles: profiles.into_iter().flatten().collect(),
        policies,
    })
}

/// Adds `items` to `list`, skipping those whose id is already loaded, with a warning.
/// Returns the positions of the items added.
fn merge<T>(
    list: &mut Vec<Resource<T>>,
    ids: &mut HashMap<String, usize>,
    items: Vec<Resource<T>>,
    id: impl Fn(&T) -> &str,
    warn: bool,
    warnings: &mut Vec<Warning>,
) -> Vec<usize> {
    let mut added = Vec::with_capacity(items.len());
    for item in items {
        let key = id(&item.data);
        if let Some(&existing) = ids.get(key)
            && list.get(existing).is_some_and(|e| id(&e.data) == key)
        {
            if warn {
                warnings.push(Warning {
                    path: item.origin.file.to_path_buf(),
                    kind: WarningKind::Duplicate,
                    message: format!(
                        "{key} at {} is already loaded from {}; the first is kept",
                        item.origin.json_path, list[existing].origin
                    ),
                });
            }
            continue;
        }
        ids.insert(key.to_owned(), list.len());
        added.push(list.len());
        list.push(item);
    }
    added
}

fn duplicate(what: &str, new: &crate::Origin, old: &crate::Origin) -> Warning {
    Warning {
        path: new.file.to_path_buf(),
        kind: WarningKind::Duplicate,
        message: format!("{what} is already loaded from {old}; the first is kept"),
    }
}

impl Iam {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::AuthorizationDetails(details) => self.absorb_details(details, warnings),
            Output::CredentialReport(report) => self.absorb_report(report, warnings),
            Output::PasswordPolicy(policy) => match &self.password_policy {
                Some(old) => warnings.push(duplicate(
                    "the password policy",
                    &policy.origin,
                    &old.origin,
                )),
                None => self.password_policy = Some(policy),
            },
            Output::AccountSummary(summary) => match &self.account_summary {
                Some(old) => warnings.push(duplicate(
                    "the account summary",
                    &summary.origin,
                    &old.origin,
                )),
                None => self.account_summary = Some(summary),
            },
            Output::VirtualMfaDevices(devices) => {
                let added = merge(
                    &mut self.virtual_mfa_devices,
                    &mut self.index.mfa_devices,
                    devices,
                    |d| &d.serial_number,
                    true,
                    warnings,
                );
                for i in added {
                    if let Some(user) = &self.virtual_mfa_devices[i].user {
                        self.index
                            .mfa_by_user_arn
                            .entry(user.arn.to_string())
                            .or_insert(i);
                    }
                }
            }
            Output::ServerCertificates(certificates) => self
                .server_certificates
                .get_or_insert_with(Vec::new)
                .extend(certificates),
        }
    }

    fn absorb_details(&mut self, details: AuthorizationDetails, warnings: &mut Vec<Warning>) {
        let ix = &mut self.index;
        for i in merge(
            &mut self.users,
            &mut ix.ids,
            details.users,
            |u| &u.user_id,
            true,
            warnings,
        ) {
            let u = &self.users[i];
            ix.users.entry(u.user_name.clone()).or_insert(i);
            ix.users_by_arn.entry(u.arn.to_string()).or_insert(i);
        }
        for i in merge(
            &mut self.groups,
            &mut ix.ids,
            details.groups,
            |g| &g.group_id,
            true,
            warnings,
        ) {
            let g = &self.groups[i];
            ix.groups.entry(g.group_name.clone()).or_insert(i);
            ix.groups_by_arn.entry(g.arn.to_string()).or_insert(i);
        }
        for i in merge(
            &mut self.roles,
            &mut ix.ids,
            details.roles,
            |r| &r.role_id,
            true,
            warnings,
        ) {
            let r = &self.roles[i];
            ix.roles.entry(r.role_name.clone()).or_insert(i);
            ix.roles_by_arn.entry(r.arn.to_string()).or_insert(i);
        }
        // A duplicate role already warned; its instance profiles come along silently.
        for i in merge(
            &mut self.instance_profiles,
            &mut ix.ids,
            details.instance_profiles,
            |p| &p.instance_profile_id,
            false,
            warnings,
        ) {
            let p = &self.instance_profiles[i];
            ix.profiles_by_arn.entry(p.arn.to_string()).or_insert(i);
            for role in &p.roles {
                ix.profiles_by_role
                    .entry(role.role_name.clone())
                    .or_default()
                    .push(i);
            }
        }
        for i in merge(
            &mut self.policies,
            &mut ix.ids,
            details.policies,
            |p| &p.policy_id,
            true,
            warnings,
        ) {
            let p = &self.policies[i];
            ix.policies_by_arn.entry(p.arn.to_string()).or_insert(i);
            let customer = !p.is_aws_managed();
            ix.policies_by_name
                .entry(p.policy_name.clone())
                .and_modify(|old| {
                    if customer && self.policies[*old].is_aws_managed() {
                        *old = i;
                    }
                })
                .or_insert(i);
        }
    }

    fn absorb_report(&mut self, report: CredentialReport, warnings: &mut Vec<Warning>) {
        let existing = self
            .credential_report
            .get_or_insert_with(|| CredentialReport { rows: Vec::new() });
        for row in report.rows {
            if let Some(&old) = self.index.report_rows.get(&row.user) {
                warnings.push(duplicate(
                    &format!("the credential report row of {}", row.user),
                    &row.origin,
                    &existing.rows[old].origin,
                ));
                continue;
            }
            self.index
                .report_rows
                .insert(row.user.clone(), existing.rows.len());
            existing.rows.push(row);
        }
    }

    /// Whether no IAM file was loaded.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
            && self.groups.is_empty()
            && self.roles.is_empty()
            && self.policies.is_empty()
            && self.credential_report.is_none()
            && self.password_policy.is_none()
            && self.account_summary.is_none()
            && self.virtual_mfa_devices.is_empty()
            && self.server_certificates.is_none()
    }

    /// The user named `name`.
    pub fn user(&self, name: &str) -> Option<&Resource<UserDetail>> {
        self.users.get(*self.index.users.get(name)?)
    }

    /// The user whose ARN is `arn`.
    pub fn user_by_arn(&self, arn: &str) -> Option<&Resource<UserDetail>> {
        self.users.get(*self.index.users_by_arn.get(arn)?)
    }

    /// The user whose unique id (`AIDA...`) is `id`.
    pub fn user_by_id(&self, id: &str) -> Option<&Resource<UserDetail>> {
        let i = *self.index.ids.get(id)?;
        self.users.get(i).filter(|u| u.user_id == id)
    }

    /// The group named `name`.
    pub fn group(&self, name: &str) -> Option<&Resource<GroupDetail>> {
        self.groups.get(*self.index.groups.get(name)?)
    }

    /// The group whose ARN is `arn`.
    pub fn group_by_arn(&self, arn: &str) -> Option<&Resource<GroupDetail>> {
        self.groups.get(*self.index.groups_by_arn.get(arn)?)
    }

    /// The role named `name`.
    pub fn role(&self, name: &str) -> Option<&Resource<RoleDetail>> {
        self.roles.get(*self.index.roles.get(name)?)
    }

    /// The role whose ARN is `arn`.
    pub fn role_by_arn(&self, arn: &str) -> Option<&Resource<RoleDetail>> {
        self.roles.get(*self.index.roles_by_arn.get(arn)?)
    }

    /// The role whose unique id (`AROA...`) is `id`.
    pub fn role_by_id(&self, id: &str) -> Option<&Resource<RoleDetail>> {
        let i = *self.index.ids.get(id)?;
        self.roles.get(i).filter(|r| r.role_id == id)
    }

    /// The managed policy whose ARN is `arn`; `None` for an AWS managed policy the
    /// snapshot does not include.
    pub fn policy_by_arn(&self, arn: &str) -> Option<&Resource<ManagedPolicy>> {
        self.policies.get(*self.index.policies_by_arn.get(arn)?)
    }

    /// The managed policy named `name`: the customer managed one if there is one (names
    /// are unique among an account's customer managed policies), else the AWS managed one.
    pub fn policy(&self, name: &str) -> Option<&Resource<ManagedPolicy>> {
        self.policies.get(*self.index.policies_by_name.get(name)?)
    }

    /// The document of the version in force of the managed policy `arn`.
    pub fn managed_policy_document(&self, arn: &str) -> Option<&PolicyDocument> {
        self.policy_by_arn(arn)?.default_document()
    }

    /// The groups `user` belongs to, in the order of its `GroupList`; groups the snapshot
    /// does not include are left out.
    pub fn user_groups(&self, user: &str) -> Vec<&Resource<GroupDetail>> {
        self.user(user)
            .map(|u| u.group_list.iter().filter_map(|g| self.group(g)).collect())
            .unwrap_or_default()
    }

    /// The users that belong to `group`.
    pub fn group_members(&self, group: &str) -> Vec<&Resource<UserDetail>> {
        self.users
            .iter()
            .filter(|u| u.group_list.iter().any(|g| g == group))
            .collect()
    }

    fn managed<'a>(
        &'a self,
        attached: &'a [AttachedPolicy],
        source: PolicySource<'a>,
        out: &mut Vec<AppliedPolicy<'a>>,
    ) {
        out.extend(attached.iter().map(|a| AppliedPolicy {
            source,
            name: &a.policy_name,
            arn: Some(&a.policy_arn),
            document: self.managed_policy_document(a.policy_arn.as_str()),
        }));
    }

    fn inline<'a>(
        list: &'a [InlinePolicy],
        source: PolicySource<'a>,
        out: &mut Vec<AppliedPolicy<'a>>,
    ) {
        out.extend(list.iter().map(|p| AppliedPolicy {
            source,
            name: &p.policy_name,
            arn: None,
            document: Some(&p.policy_document),
        }));
    }

    fn boundary<'a>(
        &'a self,
        boundary: Option<&'a PermissionsBoundary>,
        out: &mut Vec<AppliedPolicy<'a>>,
    ) {
        if let Some(b) = boundary {
            let arn = &b.permissions_boundary_arn;
            let policy = self.policy_by_arn(arn.as_str());
            out.push(AppliedPolicy {
                source: PolicySource::PermissionsBoundary,
                name: policy.map_or_else(|| arn.resource_name(), |p| p.policy_name.as_str()),
                arn: Some(arn),
                document: policy.and_then(|p| p.default_document()),
            });
        }
    }

    /// Every policy that applies to the user `name`: its inline and managed policies, those
    /// of its groups, and its permissions boundary. `None` if there is no such user.
    pub fn user_policies(&self, name: &str) -> Option<Vec<AppliedPolicy<'_>>> {
        let user = self.user(name)?;
        let mut out = Vec::new();
        Self::inline(&user.user_policy_list, PolicySource::Inline, &mut out);
        self.managed(
            &user.attached_managed_policies,
            PolicySource::Managed,
            &mut out,
        );
        for group in self.user_groups(name) {
            let name = group.group_name.as_str();
            Self::inline(
                &group.group_policy_list,
                PolicySource::GroupInline { group: name },
                &mut out,
            );
            self.managed(
                &group.attached_managed_policies,
                PolicySource::GroupManaged { group: name },
                &mut out,
            );
        }
        self.boundary(user.permissions_boundary.as_ref(), &mut out);
        Some(out)
    }

    /// Every policy that applies to the role `name`: its inline and managed policies and
    /// its permissions boundary (not its trust policy). `None` if there is no such role.
    pub fn role_policies(&self, name: &str) -> Option<Vec<AppliedPolicy<'_>>> {
        let role = self.role(name)?;
        let mut out = Vec::new();
        Self::inline(&role.role_policy_list, PolicySource::Inline, &mut out);
        self.managed(
            &role.attached_managed_policies,
            PolicySource::Managed,
            &mut out,
        );
        self.boundary(role.permissions_boundary.as_ref(), &mut out);
        Some(out)
    }

    /// The inline and managed policies of the group `name`. `None` if there is no such group.
    pub fn group_policies(&self, name: &str) -> Option<Vec<AppliedPolicy<'_>>> {
        let group = self.group(name)?;
        let mut out = Vec::new();
        Self::inline(&group.group_policy_list, PolicySource::Inline, &mut out);
        self.managed(
            &group.attached_managed_policies,
            PolicySource::Managed,
            &mut out,
        );
        Some(out)
    }

    /// Every policy that applies to the user or role whose ARN is `arn`.
    pub fn principal_policies(&self, arn: &str) -> Option<Vec<AppliedPolicy<'_>>> {
        if let Some(user) = self.user_by_arn(arn) {
            self.user_policies(&user.user_name)
        } else {
            let role = self.role_by_arn(arn)?;
            self.role_policies(&role.role_name)
        }
    }

    /// The instance profile whose ARN is `arn`.
    pub fn instance_profile(&self, arn: &str) -> Option<&Resource<InstanceProfile>> {
        self.instance_profiles
            .get(*self.index.profiles_by_arn.get(arn)?)
    }

    /// The role the instance profile `profile_arn` passes to the instances it is attached
    /// to (an EC2 instance names its profile in `IamInstanceProfile.Arn`).
    pub fn instance_profile_role(&self, profile_arn: &str) -> Option<&Resource<RoleDetail>> {
        let role = self.instance_profile(profile_arn)?.roles.first()?;
        self.role_by_arn(role.arn.as_str())
            .or_else(|| self.role(&role.role_name))
    }

    /// The instance profiles that hold the role `role`.
    pub fn role_instance_profiles(&self, role: &str) -> Vec<&Resource<InstanceProfile>> {
        self.index
            .profiles_by_role
            .get(role)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.instance_profiles.get(i))
            .collect()
    }

    /// The virtual MFA device assigned to the user whose ARN is `user_arn` (the root user's
    /// ARN is `arn:aws:iam::ACCOUNT:root`).
    pub fn virtual_mfa_device(&self, user_arn: &str) -> Option<&Resource<VirtualMfaDevice>> {
        self.virtual_mfa_devices
            .get(*self.index.mfa_by_user_arn.get(user_arn)?)
    }

    /// The ARNs of the users (the root user included) that have a virtual MFA device.
    pub fn virtual_mfa_users(&self) -> impl Iterator<Item = &Arn> {
        self.virtual_mfa_devices
            .iter()
            .filter_map(|d| d.user.as_ref().map(|u| &u.arn))
    }

    /// The credential report row of the user `name` ([`ROOT_USER`] for the root user).
    pub fn credential_report_row(&self, name: &str) -> Option<&CredentialReportRow> {
        let report = self.credential_report.as_ref()?;
        report.rows.get(*self.index.report_rows.get(name)?)
    }

    /// The IAM users (not the root user) whose credential report row says no MFA device is
    /// active. Empty when the snapshot has no credential report.
    pub fn users_without_mfa(&self) -> impl Iterator<Item = &CredentialReportRow> {
        self.credential_report
            .iter()
            .flat_map(|r| r.users())
            .filter(|r| !r.mfa_active)
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        let names = |list: &[AttachedPolicy]| -> Value {
            json!(
                list.iter()
                    .map(|p| p.policy_name.as_str())
                    .collect::<Vec<_>>()
            )
        };
        let inline_names = |list: &[InlinePolicy]| -> Value {
            json!(
                list.iter()
                    .map(|p| p.policy_name.as_str())
                    .collect::<Vec<_>>()
            )
        };
        let time = |t: Option<&Timestamp>| t.map(|t| t.to_string());
        for u in &self.users {
            let row = self.credential_report_row(&u.user_name);
            let mfa = row
                .map(|r| r.mfa_active)
                .or_else(|| self.virtual_mfa_device(u.arn.as_str()).map(|_| true));
            out.push(
                scope
                    .item("AWS::IAM::User", &u.user_name, &u.origin)
                    .arn(u.arn.to_string())
                    .name(Some(&u.user_name))
                    .attr("path", u.path.clone())
                    .attr("user_id", u.user_id.clone())
                    .attr("created", time(u.create_date.as_ref()))
                    .attr("groups", json!(u.group_list))
                    .attr("attached_policies", names(&u.attached_managed_policies))
                    .attr("inline_policies", inline_names(&u.user_policy_list))
                    .attr(
                        "permissions_boundary",
                        u.permissions_boundary
                            .as_ref()
                            .map(|b| b.permissions_boundary_arn.to_string()),
                    )
                    .attr("mfa_active", mfa)
                    .attr("password_enabled", row.and_then(|r| r.password_enabled))
                    .attr(
                        "password_last_used",
                        time(row.and_then(|r| r.password_last_used.as_ref())),
                    )
                    .attr("access_keys_active", row.map(|r| r.active_access_keys()))
                    .attr("last_activity", time(row.and_then(|r| r.last_activity()))),
            );
        }
        for g in &self.groups {
            out.push(
                scope
                    .item("AWS::IAM::Group", &g.group_name, &g.origin)
                    .arn(g.arn.to_string())
                    .name(Some(&g.group_name))
                    .attr("path", g.path.clone())
                    .attr("group_id", g.group_id.clone())
                    .attr("created", time(g.create_date.as_ref()))
                    .attr("members", self.group_members(&g.group_name).len())
                    .attr("attached_policies", names(&g.attached_managed_policies))
                    .attr("inline_policies", inline_names(&g.group_policy_list)),
            );
        }
        for r in &self.roles {
            let last_used = r.role_last_used.as_ref();
            let profiles: Vec<&str> = self
                .role_instance_profiles(&r.role_name)
                .iter()
                .map(|p| p.instance_profile_name.as_str())
                .collect();
            out.push(
                scope
                    .item("AWS::IAM::Role", &r.role_name, &r.origin)
                    .arn(r.arn.to_string())
                    .name(Some(&r.role_name))
                    .attr("path", r.path.clone())
                    .attr("role_id", r.role_id.clone())
                    .attr("created", time(r.create_date.as_ref()))
                    .attr(
                        "trust_principals",
                        r.assume_role_policy_document
                            .as_ref()
                            .map(trust_principals)
                            .unwrap_or(Value::Null),
                    )
                    .attr("attached_policies", names(&r.attached_managed_policies))
                    .attr("inline_policies", inline_names(&r.role_policy_list))
                    .attr(
                        "permissions_boundary",
                        r.permissions_boundary
                            .as_ref()
                            .map(|b| b.permissions_boundary_arn.to_string()),
                    )
                    .attr(
                        "instance_profiles",
                        if profiles.is_empty() {
                            Value::Null
                        } else {
                            json!(profiles)
                        },
                    )
                    .attr(
                        "last_used",
                        time(last_used.and_then(|l| l.last_used_date.as_ref())),
                    )
                    .attr("last_used_region", last_used.and_then(|l| l.region.clone())),
            );
        }
        for p in &self.policies {
            out.push(
                scope
                    .item("AWS::IAM::ManagedPolicy", &p.policy_name, &p.origin)
                    .arn(p.arn.to_string())
                    .name(Some(&p.policy_name))
                    .attr("path", p.path.clone())
                    .attr("policy_id", p.policy_id.clone())
                    .attr("aws_managed", p.is_aws_managed())
                    .attr("created", time(p.create_date.as_ref()))
                    .attr("updated", time(p.update_date.as_ref()))
                    .attr("default_version", p.default_version_id.clone())
                    .attr("versions", p.policy_version_list.len())
                    .attr("attachments", p.attachment_count)
                    .attr("boundary_uses", p.permissions_boundary_usage_count)
                    .attr("attachable", p.is_attachable),
            );
        }
        for p in &self.instance_profiles {
            out.push(
                scope
                    .item(
                        "AWS::IAM::InstanceProfile",
                        &p.instance_profile_name,
                        &p.origin,
                    )
                    .arn(p.arn.to_string())
                    .name(Some(&p.instance_profile_name))
                    .attr("path", p.path.clone())
                    .attr("instance_profile_id", p.instance_profile_id.clone())
                    .attr("created", time(p.create_date.as_ref()))
                    .attr("role", p.roles.first().map(|r| r.role_name.clone())),
            );
        }
    }
}

/// The `Principal` values of a trust policy's statements, as text such as
/// `Service: ec2.amazonaws.com` or `AWS: arn:aws:iam::111122223333:root`, sorted.
fn trust_principals(document: &PolicyDocument) -> Value {
    let Ok(value) = document.to_value() else {
        return Value::Null;
    };
    let statements = match value.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect::<Vec<_>>(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    let mut principals: Vec<String> = Vec::new();
    for statement in statements {
        match statement.get("Principal") {
            Some(Value::String(s)) => principals.push(s.clone()),
            Some(Value::Object(map)) => {
                for (kind, v) in map {
                    match v {
                        Value::String(s) => principals.push(format!("{kind}: {s}")),
                        Value::Array(list) => principals.extend(
                            list.iter()
                                .filter_map(Value::as_str)
                                .map(|s| format!("{kind}: {s}")),
                        ),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    principals.sort();
    principals.dedup();
    if principals.is_empty() {
        Value::Null
    } else {
        json!(principals)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        let root = Path::new("/snap");
        let full = root.join(path);
        SourceFile {
            path: Arc::from(full.as_path()),
            text: Arc::from(text),
            place: crate::source::place(root, &full),
        }
    }

    fn recognized(path: &str, text: &str) -> Option<Output> {
        let file = file(path, text);
        let doc = Document::parse(&file).expect("JSON");
        recognize(&doc).map(|r| r.unwrap_or_else(|e| panic!("{e:?}")))
    }

    const IAM_POLICIES: &str = r#"{"Policies": [{"PolicyName": "DeployPolicy", "PolicyId": "ANPA3333333333EXAMPLE", "Arn": "arn:aws:iam::123456789012:policy/DeployPolicy"}]}"#;
    const ORG_POLICIES: &str = r#"{"Policies": [{"Id": "p-FullAWSAccess", "Name": "FullAWSAccess", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": true}]}"#;

    #[test]
    fn policies_alone_are_iam_only_when_they_look_like_it() {
        assert!(matches!(
            recognized("global/iam/authz.json", IAM_POLICIES),
            Some(Output::AuthorizationDetails(_))
        ));
        assert!(matches!(
            recognized("authz.json", IAM_POLICIES),
            Some(Output::AuthorizationDetails(_))
        ));
        assert!(recognized("global/organizations/list-policies.json", IAM_POLICIES).is_none());
        assert!(recognized("list-policies.json", ORG_POLICIES).is_none());
        // Pagination keys only IAM writes settle it.
        assert!(matches!(
            recognized("x.json", r#"{"Policies": [], "IsTruncated": false}"#),
            Some(Output::AuthorizationDetails(_))
        ));
        // Unknown keys beside the lists: not this output.
        assert!(recognized("x.json", r#"{"UserDetailList": [], "Other": 1}"#).is_none());
    }

    #[test]
    fn documents_get_their_json_path_and_line() {
        let text = "{\n  \"RoleDetailList\": [\n    {\"RoleName\": \"r\", \"RoleId\": \"AROA1\", \"Arn\": \"arn:aws:iam::123456789012:role/r\",\n     \"AssumeRolePolicyDocument\": {\"Version\": \"2012-10-17\"}}\n  ]\n}";
        let Some(Output::AuthorizationDetails(details)) = recognized("global/iam/a.json", text)
        else {
            panic!("not recognised");
        };
        let trust = details.roles[0]
            .assume_role_policy_document
            .as_ref()
            .expect("trust");
        assert_eq!(trust.json(), r#"{"Version": "2012-10-17"}"#);
        assert_eq!(trust.origin().line, 4);
        assert_eq!(
            &*trust.origin().json_path,
            "$.RoleDetailList[0].AssumeRolePolicyDocument"
        );
        assert_eq!(
            &text[trust.file_offset().expect("verbatim")..][..7],
            "{\"Versi"
        );
    }

    #[test]
    fn trust_principals_as_text() {
        let origin = crate::Origin {
            file: Arc::from(Path::new("t.json")),
            json_path: "$".into(),
            line: 1,
        };
        let doc = |json: &str| PolicyDocument::from_json(json, origin.clone()).expect("doc");
        assert_eq!(
            trust_principals(&doc(
                r#"{"Statement": [{"Principal": {"AWS": ["arn:aws:iam::111122223333:root", "111122223333"], "Service": "ec2.amazonaws.com"}}, {"Principal": {"Federated": "cognito-identity.amazonaws.com"}}]}"#
            )),
            json!([
                "AWS: 111122223333",
                "AWS: arn:aws:iam::111122223333:root",
                "Federated: cognito-identity.amazonaws.com",
                "Service: ec2.amazonaws.com"
            ])
        );
        assert_eq!(
            trust_principals(&doc(r#"{"Statement": {"Principal": "*"}}"#)),
            json!(["*"])
        );
        assert_eq!(trust_principals(&doc(r#"{"Statement": []}"#)), Value::Null);
    }

    #[test]
    fn duplicate_settings_keep_the_first() {
        let mut iam = Iam::default();
        let mut warnings = Vec::new();
        let place = crate::source::place(Path::new("/snap"), Path::new("/snap/global/iam/p.json"));
        for _ in 0..2 {
            let Some(output) = recognized(
                "global/iam/get-account-password-policy.json",
                r#"{"PasswordPolicy": {"MinimumPasswordLength": 14}}"#,
            ) else {
                panic!("not recognised");
            };
            iam.absorb(output, &place, &mut warnings);
        }
        assert_eq!(
            iam.password_policy
                .as_ref()
                .and_then(|p| p.minimum_password_length),
            Some(14)
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].kind, WarningKind::Duplicate);
        assert!(!iam.is_empty());
    }
}
