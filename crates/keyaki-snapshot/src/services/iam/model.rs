//! The typed shapes of the IAM outputs, field for field as the AWS CLI prints them
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html>
//! and the data types it links to).

use std::collections::BTreeMap;

use keyaki_core::Arn;
use serde::Deserialize;

use crate::common::Tag;

use super::policy_document::PolicyDocument;
use super::timestamp::Timestamp;

fn root_path() -> String {
    "/".into()
}

fn yes() -> bool {
    true
}

/// A managed policy attached to a user, group or role (`AttachedPolicy`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    /// The policy's name.
    pub policy_name: String,
    /// The policy's ARN; its account is `aws` for AWS managed policies.
    pub policy_arn: Arn,
}

/// An inline policy embedded in a user, group or role (`PolicyDetail`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InlinePolicy {
    /// The policy's name, unique within its user, group or role.
    pub policy_name: String,
    /// The policy document.
    pub policy_document: PolicyDocument,
}

/// The permissions boundary of a user or role (`AttachedPermissionsBoundary`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionsBoundary {
    /// `Policy` (the only type AWS defines).
    #[serde(default)]
    pub permissions_boundary_type: Option<String>,
    /// The ARN of the managed policy that sets the boundary.
    pub permissions_boundary_arn: Arn,
}

/// `UserDetailList[]`: an IAM user with its policies and groups.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserDetail {
    /// The user's name.
    pub user_name: String,
    /// The stable unique id (`AIDA...`).
    pub user_id: String,
    /// The user's ARN.
    pub arn: Arn,
    /// The IAM path, `/` by default.
    #[serde(default = "root_path")]
    pub path: String,
    /// When the user was created.
    #[serde(default)]
    pub create_date: Option<Timestamp>,
    /// The names of the groups the user belongs to.
    #[serde(default)]
    pub group_list: Vec<String>,
    /// Managed policies attached to the user.
    #[serde(default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    /// Inline policies.
    #[serde(default)]
    pub user_policy_list: Vec<InlinePolicy>,
    /// The permissions boundary.
    #[serde(default)]
    pub permissions_boundary: Option<PermissionsBoundary>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `GroupDetailList[]`: an IAM group with its policies.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupDetail {
    /// The group's name.
    pub group_name: String,
    /// The stable unique id (`AGPA...`).
    pub group_id: String,
    /// The group's ARN.
    pub arn: Arn,
    /// The IAM path, `/` by default.
    #[serde(default = "root_path")]
    pub path: String,
    /// When the group was created.
    #[serde(default)]
    pub create_date: Option<Timestamp>,
    /// Inline policies.
    #[serde(default)]
    pub group_policy_list: Vec<InlinePolicy>,
    /// Managed policies attached to the group.
    #[serde(default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
}

/// When a role was last used (`RoleLastUsed`); empty if not in the tracking period.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleLastUsed {
    /// When the role was last assumed.
    #[serde(default)]
    pub last_used_date: Option<Timestamp>,
    /// The region it was last used in.
    #[serde(default)]
    pub region: Option<String>,
}

/// `RoleDetailList[]`: an IAM role with its trust policy and permissions.
///
/// Its `InstanceProfileList` is read into [`InstanceProfile`]s of their own
/// ([`super::Iam::instance_profiles`], [`super::Iam::role_instance_profiles`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleDetail {
    /// The role's name.
    pub role_name: String,
    /// The stable unique id (`AROA...`).
    pub role_id: String,
    /// The role's ARN.
    pub arn: Arn,
    /// The IAM path, `/` by default.
    #[serde(default = "root_path")]
    pub path: String,
    /// When the role was created.
    #[serde(default)]
    pub create_date: Option<Timestamp>,
    /// The trust policy: who may assume the role.
    #[serde(default)]
    pub assume_role_policy_document: Option<PolicyDocument>,
    /// Inline policies.
    #[serde(default)]
    pub role_policy_list: Vec<InlinePolicy>,
    /// Managed policies attached to the role.
    #[serde(default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    /// The permissions boundary.
    #[serde(default)]
    pub permissions_boundary: Option<PermissionsBoundary>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// When the role was last used.
    #[serde(default)]
    pub role_last_used: Option<RoleLastUsed>,
}

/// A role as an instance profile lists it (`Role`); the role's full detail is its
/// [`RoleDetail`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfileRole {
    /// The role's name.
    pub role_name: String,
    /// The role's unique id.
    #[serde(default)]
    pub role_id: Option<String>,
    /// The role's ARN.
    pub arn: Arn,
    /// The role's path.
    #[serde(default = "root_path")]
    pub path: String,
}

/// `RoleDetailList[].InstanceProfileList[]`: an instance profile, which passes a role to
/// EC2 instances.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfile {
    /// The instance profile's name.
    pub instance_profile_name: String,
    /// The stable unique id (`AIPA...`).
    pub instance_profile_id: String,
    /// The instance profile's ARN, which EC2 instances name in `IamInstanceProfile.Arn`.
    pub arn: Arn,
    /// The IAM path, `/` by default.
    #[serde(default = "root_path")]
    pub path: String,
    /// When the instance profile was created.
    #[serde(default)]
    pub create_date: Option<Timestamp>,
    /// The role it holds (at most one).
    #[serde(default)]
    pub roles: Vec<InstanceProfileRole>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// One version of a managed policy (`PolicyVersion`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyVersion {
    /// The version's document.
    #[serde(default)]
    pub document: Option<PolicyDocument>,
    /// `v1`, `v2`, ...
    pub version_id: String,
    /// Whether this is the version in force.
    #[serde(default)]
    pub is_default_version: bool,
    /// When the version was created.
    #[serde(default)]
    pub create_date: Option<Timestamp>,
}

/// `Policies[]`: a managed policy, customer or AWS managed, with its versions
/// (`ManagedPolicyDetail`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicy {
    /// The policy's name.
    pub policy_name: String,
    /// The stable unique id (`ANPA...`).
    pub policy_id: String,
    /// The policy's ARN; its account is `aws` for AWS managed policies.
    pub arn: Arn,
    /// The IAM path, `/` by default.
    #[serde(default = "root_path")]
    pub path: String,
    /// The id of the version in force.
    #[serde(default)]
    pub default_version_id: Option<String>,
    /// How many users, groups and roles the policy is attached to.
    #[serde(default)]
    pub attachment_count: Option<u64>,
    /// How many users and roles use it as their permissions boundary.
    #[serde(default)]
    pub permissions_boundary_usage_count: Option<u64>,
    /// Whether it can be attached.
    #[serde(default = "yes")]
    pub is_attachable: bool,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// When the policy was created.
    #[serde(default)]
    pub create_date: Option<Timestamp>,
    /// When the policy was last updated.
    #[serde(default)]
    pub update_date: Option<Timestamp>,
    /// The versions (at most five).
    #[serde(default)]
    pub policy_version_list: Vec<PolicyVersion>,
}

impl ManagedPolicy {
    /// Whether AWS manages the policy (its ARN's account is `aws`).
    pub fn is_aws_managed(&self) -> bool {
        self.arn.account() == "aws"
    }

    /// The version in force: the one marked `IsDefaultVersion`, else the one named by
    /// `DefaultVersionId`.
    pub fn default_version(&self) -> Option<&PolicyVersion> {
        self.policy_version_list
            .iter()
            .find(|v| v.is_default_version)
            .or_else(|| {
                let id = self.default_version_id.as_deref()?;
                self.policy_version_list.iter().find(|v| v.version_id == id)
            })
    }

    /// The document of the version in force.
    pub fn default_document(&self) -> Option<&PolicyDocument> {
        self.default_version()?.document.as_ref()
    }
}

/// `aws iam get-account-password-policy`: the account's password policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PasswordPolicy {
    pub minimum_password_length: Option<u32>,
    #[serde(default)]
    pub require_symbols: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_uppercase_characters: bool,
    #[serde(default)]
    pub require_lowercase_characters: bool,
    #[serde(default)]
    pub allow_users_to_change_password: bool,
    /// Whether passwords expire (`MaxPasswordAge` is set).
    #[serde(default)]
    pub expire_passwords: bool,
    /// Days a password is valid.
    pub max_password_age: Option<u32>,
    /// How many previous passwords a user may not reuse.
    pub password_reuse_prevention: Option<u32>,
    /// Whether users cannot set a new password once theirs has expired.
    #[serde(default)]
    pub hard_expiry: bool,
}

/// `aws iam get-account-summary`: the `SummaryMap` of entity counts and quotas, such as
/// `AccountMFAEnabled`, `AccountAccessKeysPresent` or `Users`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct AccountSummary(pub BTreeMap<String, i64>);

impl AccountSummary {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<i64> {
        self.0.get(key).copied()
    }

    /// `AccountMFAEnabled`: whether the root user has an MFA device.
    pub fn root_mfa_enabled(&self) -> Option<bool> {
        self.get("AccountMFAEnabled").map(|v| v == 1)
    }

    /// `AccountAccessKeysPresent`: whether the root user has access keys.
    pub fn root_access_keys_present(&self) -> Option<bool> {
        self.get("AccountAccessKeysPresent").map(|v| v == 1)
    }
}

/// The user a virtual MFA device is assigned to (`User`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaDeviceUser {
    /// The user's name (absent for the root user).
    #[serde(default)]
    pub user_name: Option<String>,
    /// The user's unique id (the account id for the root user).
    #[serde(default)]
    pub user_id: Option<String>,
    /// The user's ARN (`arn:aws:iam::123456789012:root` for the root user).
    pub arn: Arn,
    /// The user's path.
    #[serde(default)]
    pub path: Option<String>,
    /// When the user was created.
    #[serde(default)]
    pub create_date: Option<Timestamp>,
    /// When the user's password was last used.
    #[serde(default)]
    pub password_last_used: Option<Timestamp>,
}

/// `aws iam list-virtual-mfa-devices`: one virtual MFA device (`VirtualMFADevice`). The
/// seed and QR code that the creating call returns are not modelled.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VirtualMfaDevice {
    /// The device's ARN (`arn:aws:iam::123456789012:mfa/alice`).
    pub serial_number: String,
    /// The user it is assigned to; `None` for an unassigned device.
    #[serde(default)]
    pub user: Option<MfaDeviceUser>,
    /// When it was enabled for the user.
    #[serde(default)]
    pub enable_date: Option<Timestamp>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}
