//! AWS Secrets Manager: the secrets of one Region (their metadata, never their values) and
//! their resource policies.
//!
//! Layout, with the outputs of `aws secretsmanager`:
//! ```text
//! <region>/secretsmanager/list-secrets.json                      {"SecretList": [...]}
//! <region>/secretsmanager/<secret-name>/get-resource-policy.json {"ARN", "Name", "ResourcePolicy"}
//! ```
//! `get-resource-policy` names its secret itself; the folder (the secret name, with `/`
//! written `%2F`, or its ARN) is used only when it does not. A secret without a resource
//! policy prints no `ResourcePolicy`.

use std::collections::HashMap;

use serde::Deserialize;

use super::shared::{
    ResourcePolicy, dangling, duplicate, in_service, outside_folder, retract, set_once, timestamp,
};
use crate::common::Tag;
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::{Origin, Resource};
use crate::source::Place;
use crate::{LoadError, Warning};

/// A secret's rotation schedule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RotationRules {
    /// Days between rotations.
    #[serde(default)]
    pub automatically_after_days: Option<i64>,
    /// A `rate()` or `cron()` schedule.
    #[serde(default)]
    pub schedule_expression: Option<String>,
    /// The length of the rotation window, such as `2h`.
    #[serde(default)]
    pub duration: Option<String>,
}

/// One secret of `aws secretsmanager list-secrets`. Its value is never in this output.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecretListEntry {
    /// The secret name.
    pub name: String,
    /// The secret ARN (the name and a random six-character suffix).
    #[serde(default, rename = "ARN")]
    pub arn: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The KMS key that encrypts the secret; absent means the AWS managed key
    /// `aws/secretsmanager`.
    #[serde(default)]
    pub kms_key_id: Option<String>,
    /// Whether automatic rotation is on.
    #[serde(default)]
    pub rotation_enabled: Option<bool>,
    /// The rotation function.
    #[serde(default, rename = "RotationLambdaARN")]
    pub rotation_lambda_arn: Option<String>,
    /// The rotation schedule.
    #[serde(default)]
    pub rotation_rules: Option<RotationRules>,
    /// When the secret was last rotated.
    #[serde(default, deserialize_with = "timestamp")]
    pub last_rotated_date: Option<String>,
    /// When the secret was last changed.
    #[serde(default, deserialize_with = "timestamp")]
    pub last_changed_date: Option<String>,
    /// The day the secret was last read.
    #[serde(default, deserialize_with = "timestamp")]
    pub last_accessed_date: Option<String>,
    /// When the secret was created.
    #[serde(default, deserialize_with = "timestamp")]
    pub created_date: Option<String>,
    /// When the secret was scheduled for deletion.
    #[serde(default, deserialize_with = "timestamp")]
    pub deleted_date: Option<String>,
    /// The service that manages the secret (`rds`, ...).
    #[serde(default)]
    pub owning_service: Option<String>,
    /// The primary Region of a replicated secret.
    #[serde(default)]
    pub primary_region: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// The secret a `get-resource-policy` output names.
#[derive(Debug, Clone, Deserialize)]
struct PolicyOwner {
    #[serde(default, rename = "ARN")]
    arn: Option<String>,
    #[serde(default, rename = "Name")]
    name: Option<String>,
}

/// One secret with everything the snapshot says about it.
#[derive(Debug, Clone)]
pub struct Secret {
    /// The secret name.
    pub name: String,
    /// Its entry in `list-secrets`, if it is listed.
    pub listed: Option<Resource<SecretListEntry>>,
    /// `get-resource-policy`: the resource policy, if the secret has one.
    pub policy: Option<Resource<ResourcePolicy>>,
    arn: Option<String>,
    origin: Origin,
    dangling: Option<Warning>,
}

impl Secret {
    fn new(name: String, arn: Option<String>, origin: Origin) -> Self {
        Self {
            name,
            listed: None,
            policy: None,
            arn,
            origin,
            dangling: None,
        }
    }

    /// Where the secret was read.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The secret ARN, when the snapshot says it.
    pub fn arn(&self) -> Option<&str> {
        self.arn.as_deref()
    }

    /// Whether automatic rotation is on; `None` when the secret is not listed.
    pub fn rotation_enabled(&self) -> Option<bool> {
        self.listed
            .as_ref()
            .map(|l| l.rotation_enabled == Some(true))
    }
}

/// What one Secrets Manager file holds.
#[derive(Debug)]
pub enum Output {
    /// `list-secrets`.
    Secrets(Vec<Resource<SecretListEntry>>),
    /// `get-resource-policy`.
    Policy {
        /// The secret ARN, from the output or the folder.
        arn: Option<String>,
        /// The secret name, from the output or the folder.
        name: Option<String>,
        /// The policy, if the secret has one.
        policy: Option<Resource<ResourcePolicy>>,
        /// Where the output was read.
        origin: Origin,
    },
}

/// AWS Secrets Manager secrets of one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SecretsManager {
    /// The secrets, in the order they were first read.
    pub secrets: Vec<Secret>,
    /// Positions by ARN and by name.
    index: HashMap<String, usize>,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let place = doc.place();
    if doc.is("SecretList", &["NextToken"]) {
        return Some(doc.list("SecretList").map(Output::Secrets));
    }
    if doc.is("ARN", &["Name", "ResourcePolicy"])
        && in_service(place, &["secretsmanager"], &["get-resource-policy"])
    {
        return Some(resource_policy(doc, place).map_err(|e| vec![e]));
    }
    None
}

fn resource_policy(doc: &Document<'_>, place: &Place) -> Result<Output, LoadError> {
    let owner: Resource<PolicyOwner> = doc.whole()?;
    let policy = doc.embedded("ResourcePolicy")?;
    let folder = place.resource.clone();
    let (folder_arn, folder_name) = match folder {
        Some(f) if f.starts_with("arn:") => (Some(f), None),
        other => (None, other),
    };
    Ok(Output::Policy {
        arn: owner.data.arn.or(folder_arn),
        name: owner.data.name.or(folder_name),
        policy,
        origin: owner.origin,
    })
}

impl SecretsManager {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::Secrets(secrets) => {
                for listed in secrets {
                    self.add_listed(listed, warnings);
                }
            }
            Output::Policy {
                arn: None,
                name: None,
                origin,
                ..
            } => warnings.push(outside_folder(
                &origin,
                "get-resource-policy",
                "<region>/secretsmanager/<secret-name>/",
            )),
            Output::Policy {
                arn,
                name,
                policy,
                origin,
            } => {
                let i = match self.position(arn.as_deref(), name.as_deref()) {
                    Some(i) => i,
                    None => {
                        let name = name.or_else(|| arn.clone()).unwrap_or_default();
                        let warning = dangling(
                            &origin,
                            "get-resource-policy",
                            "secret",
                            &name,
                            "list-secrets",
                        );
                        warnings.push(warning.clone());
                        let i = self.insert(Secret::new(name, arn, origin));
                        self.secrets[i].dangling = Some(warning);
                        i
                    }
                };
                if let Some(policy) = policy {
                    let what = format!("secret {:?}: get-resource-policy", self.secrets[i].name);
                    set_once(&mut self.secrets[i].policy, policy, &what, warnings);
                }
            }
        }
    }

    fn add_listed(&mut self, listed: Resource<SecretListEntry>, warnings: &mut Vec<Warning>) {
        let Some(i) = self.position(listed.arn.as_deref(), Some(&listed.name)) else {
            let mut secret = Secret::new(
                listed.name.clone(),
                listed.arn.clone(),
                listed.origin.clone(),
            );
            secret.listed = Some(listed);
            self.insert(secret);
            return;
        };
        if let Some(first) = &self.secrets[i].listed {
            warnings.push(duplicate(
                &listed.origin,
                "secret",
                &listed.name,
                "list-secrets",
                first,
            ));
            return;
        }
        if let (None, Some(arn)) = (&self.secrets[i].arn, &listed.arn) {
            self.index.insert(arn.clone(), i);
            self.secrets[i].arn = Some(arn.clone());
        }
        let secret = &mut self.secrets[i];
        secret.origin = listed.origin.clone();
        secret.listed = Some(listed);
        if let Some(warning) = secret.dangling.take() {
            retract(warnings, &warning);
        }
    }

    fn insert(&mut self, secret: Secret) -> usize {
        let i = self.secrets.len();
        self.index.entry(secret.name.clone()).or_insert(i);
        if let Some(arn) = &secret.arn {
            self.index.insert(arn.clone(), i);
        }
        self.secrets.push(secret);
        i
    }

    /// The secret with ARN `arn`, or else named `name` (if its ARN is unknown or the same).
    fn position(&self, arn: Option<&str>, name: Option<&str>) -> Option<usize> {
        arn.and_then(|a| self.index.get(a).copied()).or_else(|| {
            let i = *self.index.get(name?)?;
            let known = self.secrets[i].arn.as_deref();
            (known.is_none() || arn.is_none() || known == arn).then_some(i)
        })
    }

    /// The secret with this name or ARN.
    pub fn secret(&self, name_or_arn: &str) -> Option<&Secret> {
        self.secrets.get(*self.index.get(name_or_arn)?)
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for s in &self.secrets {
            let l = s.listed.as_ref().map(|l| &l.data);
            let mut item = scope
                .item(
                    "AWS::SecretsManager::Secret",
                    s.arn().unwrap_or(&s.name),
                    s.origin(),
                )
                .name(Some(&s.name))
                .attr("rotation_enabled", s.rotation_enabled())
                .attr(
                    "rotation_days",
                    l.and_then(|l| l.rotation_rules.as_ref())
                        .and_then(|r| r.automatically_after_days),
                )
                .attr("last_rotated", l.and_then(|l| l.last_rotated_date.clone()))
                .attr(
                    "last_accessed",
                    l.and_then(|l| l.last_accessed_date.clone()),
                )
                .attr("kms_key", l.and_then(|l| l.kms_key_id.clone()))
                .attr("has_policy", s.policy.is_some())
                .attr("owning_service", l.and_then(|l| l.owning_service.clone()))
                .attr("primary_region", l.and_then(|l| l.primary_region.clone()))
                .attr("deleted", l.and_then(|l| l.deleted_date.clone()));
            // The ARN ends in a suffix AWS chose: it is known only when printed.
            if let Some(arn) = s.arn() {
                item = item.arn(arn);
            }
            out.push(item);
        }
    }
}
