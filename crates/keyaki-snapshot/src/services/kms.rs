//! AWS KMS: the keys of one Region with their key policies, rotation status and aliases.
//!
//! Layout, with the outputs of `aws kms`:
//! ```text
//! <region>/kms/list-keys.json                          {"Keys": [{"KeyId", "KeyArn"}]}
//! <region>/kms/list-aliases.json                       {"Aliases": [...]}
//! <region>/kms/<key-id>/describe-key.json              {"KeyMetadata": {...}}
//! <region>/kms/<key-id>/get-key-policy.json            {"Policy": "<document>", "PolicyName"}
//! <region>/kms/<key-id>/get-key-rotation-status.json   {"KeyRotationEnabled": ...}
//! ```
//! The key folder is the key id or the key ARN (with `:` written `%3A` and `/` `%2F`).
//! `describe-key` names its key itself, so it may sit anywhere.

use std::collections::HashMap;

use serde::Deserialize;

use super::shared::{
    ResourcePolicy, dangling, duplicate, in_service, outside_folder, retract, set_once, timestamp,
};
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::{Origin, Resource};
use crate::source::Place;
use crate::{LoadError, Warning};

/// One key of `aws kms list-keys`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyListEntry {
    /// The key id, such as `1234abcd-12ab-34cd-56ef-1234567890ab` or `mrk-...`.
    pub key_id: String,
    /// The key ARN.
    #[serde(default)]
    pub key_arn: Option<String>,
}

/// `aws kms describe-key`: the key's metadata.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyMetadata {
    /// The key id.
    pub key_id: String,
    /// The key ARN.
    #[serde(default)]
    pub arn: Option<String>,
    /// The owning account.
    #[serde(default, rename = "AWSAccountId")]
    pub aws_account_id: Option<String>,
    /// `AWS` for AWS managed keys, `CUSTOMER` for customer managed keys.
    #[serde(default)]
    pub key_manager: Option<String>,
    /// `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, ...
    #[serde(default)]
    pub key_state: Option<String>,
    /// Whether the key is enabled.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`, ...
    #[serde(default)]
    pub key_spec: Option<String>,
    /// `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`, `KEY_AGREEMENT`.
    #[serde(default)]
    pub key_usage: Option<String>,
    /// Where the key material comes from: `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`,
    /// `EXTERNAL_KEY_STORE` (the `Origin` field).
    #[serde(default, rename = "Origin")]
    pub key_material_origin: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether this is a multi-Region key.
    #[serde(default)]
    pub multi_region: Option<bool>,
    /// When the key was created.
    #[serde(default, deserialize_with = "timestamp")]
    pub creation_date: Option<String>,
    /// When a key pending deletion will be deleted.
    #[serde(default, deserialize_with = "timestamp")]
    pub deletion_date: Option<String>,
}

/// `aws kms get-key-rotation-status`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyRotationStatus {
    /// Whether automatic rotation of the key material is on.
    pub key_rotation_enabled: bool,
    /// The key (newer versions of the API).
    #[serde(default)]
    pub key_id: Option<String>,
    /// Days between automatic rotations (newer versions of the API).
    #[serde(default)]
    pub rotation_period_in_days: Option<i64>,
    /// The next automatic rotation.
    #[serde(default, deserialize_with = "timestamp")]
    pub next_rotation_date: Option<String>,
    /// When an on-demand rotation in progress started.
    #[serde(default, deserialize_with = "timestamp")]
    pub on_demand_rotation_start_date: Option<String>,
}

/// One alias of `aws kms list-aliases`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alias {
    /// `alias/NAME`; `alias/aws/SERVICE` for AWS managed keys.
    pub alias_name: String,
    /// The alias ARN.
    #[serde(default)]
    pub alias_arn: Option<String>,
    /// The key id the alias points to; absent for aliases AWS predefined but never used.
    #[serde(default)]
    pub target_key_id: Option<String>,
    /// When the alias was created.
    #[serde(default, deserialize_with = "timestamp")]
    pub creation_date: Option<String>,
    /// When the alias was last pointed at a key.
    #[serde(default, deserialize_with = "timestamp")]
    pub last_updated_date: Option<String>,
}

/// One KMS key with everything the snapshot says about it.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key id.
    pub key_id: String,
    /// Its entry in `list-keys`, if it is listed.
    pub listed: Option<Resource<KeyListEntry>>,
    /// `describe-key`.
    pub metadata: Option<Resource<KeyMetadata>>,
    /// `get-key-policy`: the key policy.
    pub policy: Option<Resource<ResourcePolicy>>,
    /// The name of the key policy (always `default`), from newer outputs of `get-key-policy`.
    pub policy_name: Option<String>,
    /// `get-key-rotation-status`.
    pub rotation: Option<Resource<KeyRotationStatus>>,
    origin: Origin,
    dangling: Option<Warning>,
}

impl Key {
    fn new(key_id: String, origin: Origin) -> Self {
        Self {
            key_id,
            listed: None,
            metadata: None,
            policy: None,
            policy_name: None,
            rotation: None,
            origin,
            dangling: None,
        }
    }

    /// Where the key was read: its `list-keys` entry, or else its first own output.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The key ARN, when the snapshot says it.
    pub fn arn(&self) -> Option<&str> {
        self.metadata
            .as_ref()
            .and_then(|m| m.arn.as_deref())
            .or_else(|| self.listed.as_ref().and_then(|l| l.key_arn.as_deref()))
    }

    /// Whether the key is customer managed (`KeyManager` is `CUSTOMER`); `None` without
    /// `describe-key`.
    pub fn is_customer_managed(&self) -> Option<bool> {
        self.metadata
            .as_ref()
            .and_then(|m| m.key_manager.as_deref())
            .map(|m| m == "CUSTOMER")
    }

    /// Whether automatic rotation is on; `None` without `get-key-rotation-status`.
    pub fn rotation_enabled(&self) -> Option<bool> {
        self.rotation.as_ref().map(|r| r.key_rotation_enabled)
    }
}

/// What one KMS file holds.
#[derive(Debug)]
pub enum Output {
    /// `list-keys`.
    Keys(Vec<Resource<KeyListEntry>>),
    /// `list-aliases`.
    Aliases(Vec<Resource<Alias>>),
    /// `describe-key`.
    Metadata(Box<Resource<KeyMetadata>>),
    /// `get-key-policy`, with the key its folder names.
    Policy {
        /// The key id from the folder.
        key: Option<String>,
        /// The key policy.
        policy: Resource<ResourcePolicy>,
        /// `PolicyName`, when printed.
        policy_name: Option<String>,
    },
    /// `get-key-rotation-status`, with the key its folder (or content) names.
    Rotation {
        /// The key id.
        key: Option<String>,
        /// The status.
        status: Box<Resource<KeyRotationStatus>>,
    },
}

/// AWS KMS keys and aliases of one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Kms {
    /// The keys, in the order they were first read.
    pub keys: Vec<Key>,
    /// The aliases.
    pub aliases: Vec<Resource<Alias>>,
    /// Key positions by key id.
    index: HashMap<String, usize>,
    /// Alias positions by alias name.
    alias_index: HashMap<String, usize>,
}

/// The key id in a key id or key ARN (`arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`).
pub fn key_id_of(id_or_arn: &str) -> &str {
    match id_or_arn.strip_prefix("arn:") {
        Some(rest) => rest.split_once(":key/").map_or(id_or_arn, |(_, id)| id),
        None => id_or_arn,
    }
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let place = doc.place();
    let service = place.service.as_deref();
    let result = if doc.is("KeyMetadata", &[]) {
        one(doc.member("KeyMetadata").transpose()?).map(|m| Output::Metadata(Box::new(m)))
    } else if doc.is("Keys", &["Truncated", "NextMarker"]) && matches!(service, None | Some("kms"))
    {
        doc.list("Keys").map(Output::Keys)
    } else if doc.is("Aliases", &["Truncated", "NextMarker"]) && service == Some("kms") {
        // `lambda list-aliases` prints `Aliases` too: only a kms folder tells them apart.
        doc.list("Aliases").map(Output::Aliases)
    } else if doc.is("Policy", &["PolicyName"]) && in_service(place, &["kms"], &["get-key-policy"])
    {
        let policy = doc.embedded("Policy").transpose()?;
        key_policy(doc, place, policy)
    } else if doc.has("KeyRotationEnabled") {
        one(doc.whole()).map(|status: Resource<KeyRotationStatus>| Output::Rotation {
            key: place
                .resource
                .as_deref()
                .or(status.key_id.as_deref())
                .map(|k| key_id_of(k).to_owned()),
            status: Box::new(status),
        })
    } else {
        return None;
    };
    Some(result)
}

fn one<T>(result: Result<T, LoadError>) -> Result<T, Vec<LoadError>> {
    result.map_err(|e| vec![e])
}

fn key_policy(
    doc: &Document<'_>,
    place: &Place,
    policy: Result<Resource<ResourcePolicy>, LoadError>,
) -> Result<Output, Vec<LoadError>> {
    let policy = one(policy)?;
    let name: Option<Resource<String>> = one(doc.member("PolicyName"))?;
    Ok(Output::Policy {
        key: place.resource.as_deref().map(|k| key_id_of(k).to_owned()),
        policy,
        policy_name: name.map(|n| n.data),
    })
}

impl Kms {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::Keys(keys) => {
                for listed in keys {
                    self.add_listed(listed, warnings);
                }
            }
            Output::Aliases(aliases) => {
                for alias in aliases {
                    match self.alias_index.get(&alias.alias_name) {
                        Some(&i) => warnings.push(duplicate(
                            &alias.origin,
                            "alias",
                            &alias.alias_name,
                            "list-aliases",
                            &self.aliases[i],
                        )),
                        None => {
                            self.alias_index
                                .insert(alias.alias_name.clone(), self.aliases.len());
                            self.aliases.push(alias);
                        }
                    }
                }
            }
            Output::Metadata(metadata) => {
                let id = metadata.key_id.clone();
                let key = self.entry(&id, &metadata.origin, "describe-key", warnings);
                let what = format!("key {id:?}: describe-key");
                set_once(&mut key.metadata, *metadata, &what, warnings);
            }
            Output::Policy {
                key: None, policy, ..
            } => warnings.push(outside_folder(
                &policy.origin,
                "get-key-policy",
                "<region>/kms/<key-id>/",
            )),
            Output::Policy {
                key: Some(id),
                policy,
                policy_name,
            } => {
                let key = self.entry(&id, &policy.origin, "get-key-policy", warnings);
                if key.policy.is_none() {
                    key.policy_name = policy_name;
                }
                let what = format!("key {id:?}: get-key-policy");
                set_once(&mut key.policy, policy, &what, warnings);
            }
            Output::Rotation { key: None, status } => warnings.push(outside_folder(
                &status.origin,
                "get-key-rotation-status",
                "<region>/kms/<key-id>/",
            )),
            Output::Rotation {
                key: Some(id),
                status,
            } => {
                let key = self.entry(&id, &status.origin, "get-key-rotation-status", warnings);
                let what = format!("key {id:?}: get-key-rotation-status");
                set_once(&mut key.rotation, *status, &what, warnings);
            }
        }
    }

    fn add_listed(&mut self, listed: Resource<KeyListEntry>, warnings: &mut Vec<Warning>) {
        let Some(&i) = self.index.get(&listed.key_id) else {
            self.index.insert(listed.key_id.clone(), self.keys.len());
            let mut key = Key::new(listed.key_id.clone(), listed.origin.clone());
            key.listed = Some(listed);
            self.keys.push(key);
            return;
        };
        let key = &mut self.keys[i];
        if let Some(first) = &key.listed {
            warnings.push(duplicate(
                &listed.origin,
                "key",
                &key.key_id,
                "list-keys",
                first,
            ));
            return;
        }
        key.origin = listed.origin.clone();
        key.listed = Some(listed);
        if let Some(warning) = key.dangling.take() {
            retract(warnings, &warning);
        }
    }

    /// The key `id`, created (with a warning) when `list-keys` has not listed it.
    fn entry(
        &mut self,
        id: &str,
        origin: &Origin,
        command: &str,
        warnings: &mut Vec<Warning>,
    ) -> &mut Key {
        let i = match self.index.get(id) {
            Some(&i) => i,
            None => {
                let warning = dangling(origin, command, "key", id, "list-keys");
                warnings.push(warning.clone());
                let mut key = Key::new(id.to_owned(), origin.clone());
                key.dangling = Some(warning);
                self.index.insert(id.to_owned(), self.keys.len());
                self.keys.push(key);
                self.keys.len() - 1
            }
        };
        &mut self.keys[i]
    }

    /// The key named by a key id, key ARN, alias name (`alias/NAME`) or alias ARN.
    pub fn key(&self, id: &str) -> Option<&Key> {
        let alias_name = id
            .strip_prefix("arn:")
            .and_then(|rest| rest.split_once(":alias/"))
            .map(|(_, name)| format!("alias/{name}"))
            .or_else(|| id.starts_with("alias/").then(|| id.to_owned()));
        let key_id = match alias_name {
            Some(name) => self.alias(&name)?.target_key_id.as_deref()?,
            None => key_id_of(id),
        };
        self.keys.get(*self.index.get(key_id)?)
    }

    /// The alias `name` (`alias/NAME`).
    pub fn alias(&self, name: &str) -> Option<&Resource<Alias>> {
        self.aliases.get(*self.alias_index.get(name)?)
    }

    /// The aliases that point to `key`.
    pub fn aliases_of<'a>(&'a self, key: &'a Key) -> impl Iterator<Item = &'a Resource<Alias>> {
        self.aliases
            .iter()
            .filter(|a| a.target_key_id.as_deref() == Some(key.key_id.as_str()))
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.aliases.is_empty()
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        use serde_json::json;
        for k in &self.keys {
            let aliases: Vec<&str> = self.aliases_of(k).map(|a| a.alias_name.as_str()).collect();
            let metadata = k.metadata.as_ref().map(|m| &m.data);
            let arn = k
                .arn()
                .map(str::to_owned)
                .unwrap_or_else(|| scope.arn("kms", &format!("key/{}", k.key_id)));
            out.push(
                scope
                    .item("AWS::KMS::Key", &k.key_id, k.origin())
                    .arn(arn)
                    .name(aliases.first().copied())
                    .attr("key_manager", metadata.and_then(|m| m.key_manager.clone()))
                    .attr("key_state", metadata.and_then(|m| m.key_state.clone()))
                    .attr("key_spec", metadata.and_then(|m| m.key_spec.clone()))
                    .attr("key_usage", metadata.and_then(|m| m.key_usage.clone()))
                    .attr(
                        "origin",
                        metadata.and_then(|m| m.key_material_origin.clone()),
                    )
                    .attr("multi_region", metadata.and_then(|m| m.multi_region))
                    .attr("rotation", k.rotation_enabled())
                    .attr(
                        "rotation_period_days",
                        k.rotation.as_ref().and_then(|r| r.rotation_period_in_days),
                    )
                    .attr("has_policy", k.policy.is_some())
                    .attr("aliases", (!aliases.is_empty()).then(|| json!(aliases)))
                    .attr(
                        "deletion_date",
                        metadata.and_then(|m| m.deletion_date.clone()),
                    )
                    .attr("description", metadata.and_then(|m| m.description.clone())),
            );
        }
    }
}
