//! AWS Organizations: the organisation, its root, organizational units and accounts, and the
//! policies attached to them (service control policies, resource control policies, ...).
//!
//! The outputs, as `keyaki collect` and scripts/snapshot.sh lay them out under
//! `global/organizations/`:
//! ```text
//! describe-organization.json                          {"Organization": {...}}
//! list-roots.json                                     {"Roots": [...]}
//! list-accounts.json                                  {"Accounts": [...]}
//! list-policies-SERVICE_CONTROL_POLICY.json           {"Policies": [...]}
//! list-policies-RESOURCE_CONTROL_POLICY.json          {"Policies": [...]}
//! <policy-id>/describe-policy.json                    {"Policy": {"PolicySummary": ..., "Content": "..."}}
//! <policy-id>/list-targets-for-policy.json            {"Targets": [...]}
//! <parent-id>/list-organizational-units-for-parent.json  {"OrganizationalUnits": [...]}
//! <parent-id>/list-accounts-for-parent.json           {"Accounts": [...]}
//! <parent-id>/list-children.json                      {"Children": [...]}
//! <child-id>/list-parents.json                        {"Parents": [...]}
//! ```
//! The folder names the policy, parent or child a per-resource output is about. Field names
//! follow the AWS CLI output exactly. A policy's content is a [`PolicyDocument`], the type
//! IAM policies use.

use std::collections::{HashMap, HashSet};
use std::fmt;

use keyaki_core::{AccountId, Arn};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::json;

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::{Origin, Resource};
use crate::services::iam::{Placer, PolicyDocument, Timestamp, first_item_keys};
use crate::source::Place;
use crate::{LoadError, Warning, WarningKind};

/// The policy type of service control policies.
pub const SERVICE_CONTROL_POLICY: &str = "SERVICE_CONTROL_POLICY";
/// The policy type of resource control policies.
pub const RESOURCE_CONTROL_POLICY: &str = "RESOURCE_CONTROL_POLICY";

/// A policy type and whether it is enabled (`PolicyTypeSummary`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyTypeSummary {
    /// `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`, `TAG_POLICY`, ...
    #[serde(rename = "Type")]
    pub policy_type: String,
    /// `ENABLED`, `PENDING_ENABLE` or `PENDING_DISABLE`.
    #[serde(default)]
    pub status: Option<String>,
}

/// `aws organizations describe-organization`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Organization {
    /// `o-...`.
    pub id: String,
    /// The organisation's ARN.
    #[serde(default)]
    pub arn: Option<Arn>,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    #[serde(default)]
    pub feature_set: Option<String>,
    /// The management account's ARN.
    #[serde(default)]
    pub master_account_arn: Option<Arn>,
    /// The management account.
    #[serde(default)]
    pub master_account_id: Option<AccountId>,
    /// The management account's email address.
    #[serde(default)]
    pub master_account_email: Option<String>,
    /// Deprecated by AWS (it lists SCPs only); the root's `PolicyTypes` are authoritative.
    #[serde(default)]
    pub available_policy_types: Vec<PolicyTypeSummary>,
}

/// `aws organizations list-roots`: the root of the organisation's tree.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Root {
    /// `r-...`.
    pub id: String,
    /// The root's ARN.
    #[serde(default)]
    pub arn: Option<Arn>,
    /// `Root`.
    #[serde(default)]
    pub name: Option<String>,
    /// The policy types enabled in the root.
    #[serde(default)]
    pub policy_types: Vec<PolicyTypeSummary>,
}

impl Root {
    /// Whether `policy_type` is enabled in the root.
    pub fn is_enabled(&self, policy_type: &str) -> bool {
        self.policy_types
            .iter()
            .any(|t| t.policy_type == policy_type && t.status.as_deref() == Some("ENABLED"))
    }
}

/// `aws organizations list-accounts`: a member account.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MemberAccount {
    /// The account id.
    pub id: AccountId,
    /// The account's ARN in the organisation.
    #[serde(default)]
    pub arn: Option<Arn>,
    /// The account's email address.
    #[serde(default)]
    pub email: Option<String>,
    /// The account's name.
    #[serde(default)]
    pub name: Option<String>,
    /// `ACTIVE`, `SUSPENDED` or `PENDING_CLOSURE` (deprecated in favour of `State`).
    #[serde(default)]
    pub status: Option<String>,
    /// `PENDING_ACTIVATION`, `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE` or `CLOSED`.
    #[serde(default)]
    pub state: Option<String>,
    /// `INVITED` or `CREATED`.
    #[serde(default)]
    pub joined_method: Option<String>,
    /// When the account joined.
    #[serde(default)]
    pub joined_timestamp: Option<Timestamp>,
    /// The account's paths in the organisation's tree, when the output has them.
    #[serde(default)]
    pub paths: Vec<String>,
}

impl MemberAccount {
    /// `State`, else the older `Status`.
    pub fn state(&self) -> Option<&str> {
        self.state.as_deref().or(self.status.as_deref())
    }
}

/// `aws organizations list-organizational-units-for-parent`: an organizational unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrganizationalUnit {
    /// `ou-...`.
    pub id: String,
    /// The OU's ARN.
    #[serde(default)]
    pub arn: Option<Arn>,
    /// The OU's name.
    #[serde(default)]
    pub name: Option<String>,
}

/// `aws organizations list-policies`: a policy without its content (`PolicySummary`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicySummary {
    /// `p-...`.
    pub id: String,
    /// The policy's ARN.
    #[serde(default)]
    pub arn: Option<Arn>,
    /// The policy's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`, `TAG_POLICY`, ... When the
    /// output lacks it, the file name `list-policies-<TYPE>` gives it.
    #[serde(rename = "Type", default)]
    pub policy_type: String,
    /// Whether AWS manages the policy (such as `FullAWSAccess`).
    #[serde(default)]
    pub aws_managed: bool,
}

/// `aws organizations list-targets-for-policy`: a root, OU or account a policy is attached
/// to (`PolicyTargetSummary`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyTarget {
    /// `r-...`, `ou-...` or an account id.
    pub target_id: String,
    /// The target's ARN.
    #[serde(default)]
    pub arn: Option<Arn>,
    /// The target's name.
    #[serde(default)]
    pub name: Option<String>,
    /// `ROOT`, `ORGANIZATIONAL_UNIT` or `ACCOUNT`.
    #[serde(rename = "Type", default)]
    pub target_type: Option<String>,
}

/// `aws organizations list-children` and `list-parents`: one node (`Child`, `Parent`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Node {
    /// `r-...`, `ou-...` or an account id.
    pub id: String,
    /// `ROOT`, `ORGANIZATIONAL_UNIT` or `ACCOUNT`.
    #[serde(rename = "Type", default)]
    pub node_type: Option<String>,
}

/// `aws organizations describe-policy`: `{"Policy": {"PolicySummary": ..., "Content": ...}}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribedPolicy {
    policy_summary: PolicySummary,
    #[serde(default)]
    content: Option<PolicyDocument>,
}

/// An organisation policy: its summary and, when `describe-policy` was collected, its content.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The summary, from `list-policies` or `describe-policy`.
    pub summary: Resource<PolicySummary>,
    /// The policy document, from `describe-policy`.
    pub content: Option<PolicyDocument>,
}

impl std::ops::Deref for Policy {
    type Target = PolicySummary;
    fn deref(&self) -> &PolicySummary {
        &self.summary.data
    }
}

/// What a node of the organisation's tree is, told by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TargetKind {
    /// `r-...`.
    Root,
    /// `ou-...`.
    OrganizationalUnit,
    /// A 12-digit account id.
    Account,
}

impl TargetKind {
    /// The kind of the node `id`, or `None` if the id has none of the shapes.
    pub fn of(id: &str) -> Option<Self> {
        if id.starts_with("r-") {
            Some(TargetKind::Root)
        } else if id.starts_with("ou-") {
            Some(TargetKind::OrganizationalUnit)
        } else if AccountId::new(id).is_ok() {
            Some(TargetKind::Account)
        } else {
            None
        }
    }
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TargetKind::Root => "root",
            TargetKind::OrganizationalUnit => "organizational unit",
            TargetKind::Account => "account",
        })
    }
}

/// The policies of one type attached to one node on the path from the root to an account.
#[derive(Debug, Clone)]
pub struct PolicyLevel<'a> {
    /// The node: the root, an OU, or the account.
    pub target: &'a str,
    /// What the node is.
    pub kind: Option<TargetKind>,
    /// The policies attached to it directly.
    pub policies: Vec<&'a Policy>,
}

/// What one Organizations file holds.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum Output {
    Organization(Resource<Organization>),
    Roots(Vec<Resource<Root>>),
    /// `list-accounts`, or `list-accounts-for-parent` when the folder names the parent.
    Accounts {
        parent: Option<String>,
        accounts: Vec<Resource<MemberAccount>>,
    },
    OrganizationalUnits {
        parent: Option<String>,
        units: Vec<Resource<OrganizationalUnit>>,
    },
    Children {
        parent: Option<String>,
        children: Vec<Resource<Node>>,
    },
    Parents {
        child: Option<String>,
        parents: Vec<Resource<Node>>,
    },
    Policies(Vec<Resource<PolicySummary>>),
    Policy(Policy),
    Targets {
        policy: Option<String>,
        targets: Vec<Resource<PolicyTarget>>,
    },
}

/// The organisation: its tree and its policies, as loaded from the management account (or a
/// delegated administrator).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Organizations {
    /// `describe-organization`.
    pub organization: Option<Resource<Organization>>,
    /// `list-roots` (an organisation has one root).
    pub roots: Vec<Resource<Root>>,
    /// Member accounts, the management account included.
    pub accounts: Vec<Resource<MemberAccount>>,
    /// Organizational units.
    pub organizational_units: Vec<Resource<OrganizationalUnit>>,
    /// Policies of every type.
    pub policies: Vec<Policy>,
    /// Parent by child id.
    parents: HashMap<String, String>,
    /// Targets by policy id.
    targets: HashMap<String, Vec<Resource<PolicyTarget>>>,
    /// Policy ids by target id, in the order their attachments were read.
    attached: HashMap<String, Vec<String>>,
    index: Index,
}

#[derive(Debug, Clone, Default)]
struct Index {
    roots: HashMap<String, usize>,
    accounts: HashMap<String, usize>,
    units: HashMap<String, usize>,
    policies: HashMap<String, usize>,
}

const PAGE: &[&str] = &["NextToken"];

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let place = doc.place();
    let service = place.service.as_deref();
    let ours = service == Some("organizations");
    // Outside an organizations folder, shared keys are claimed when the items look right.
    let looks = |key: &str, fields: &[&str]| {
        ours || (service.is_none_or(|s| s != "iam")
            && first_item_keys(doc, key)
                .is_some_and(|keys| keys.iter().any(|k| fields.contains(&k.as_str()))))
    };
    let folder = || place.resource.clone();
    let result = if doc.is("Organization", &[]) {
        member(doc, "Organization").map(Output::Organization)
    } else if doc.is("Roots", PAGE) {
        doc.list("Roots").map(Output::Roots)
    } else if doc.is("OrganizationalUnits", PAGE) {
        doc.list("OrganizationalUnits")
            .map(|units| Output::OrganizationalUnits {
                parent: folder(),
                units,
            })
    } else if doc.is("Accounts", PAGE) && looks("Accounts", &["JoinedMethod", "Email"]) {
        doc.list("Accounts").map(|accounts| Output::Accounts {
            parent: folder(),
            accounts,
        })
    } else if doc.is("Children", PAGE) && ours {
        doc.list("Children").map(|children| Output::Children {
            parent: folder(),
            children,
        })
    } else if doc.is("Parents", PAGE) && ours {
        doc.list("Parents").map(|parents| Output::Parents {
            child: folder(),
            parents,
        })
    } else if doc.is("Policies", PAGE) && looks("Policies", &["AwsManaged", "Type"]) {
        policies(doc).map(Output::Policies)
    } else if doc.is("Policy", &[]) && is_described_policy(doc) {
        described_policy(doc).map(Output::Policy)
    } else if doc.is("Targets", PAGE) && looks("Targets", &["TargetId"]) {
        doc.list("Targets").map(|targets| Output::Targets {
            policy: folder(),
            targets,
        })
    } else {
        return None;
    };
    Some(result)
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

/// `list-policies`, with the policy type from the file name (`list-policies-<TYPE>`) for
/// items that lack one.
fn policies(doc: &Document<'_>) -> Result<Vec<Resource<PolicySummary>>, Vec<LoadError>> {
    let mut list: Vec<Resource<PolicySummary>> = doc.list("Policies")?;
    if let Some(from_name) = doc.place().command.strip_prefix("list-policies-") {
        for p in &mut list {
            if p.data.policy_type.is_empty() {
                p.data.policy_type = from_name.to_owned();
            }
        }
    }
    Ok(list)
}

/// `Policy` is also the key of S3 bucket, KMS key and Lambda function policies, whose value
/// is a string: only an object with a `PolicySummary` is an organisation policy.
fn is_described_policy(doc: &Document<'_>) -> bool {
    #[derive(Deserialize)]
    struct Peek {
        #[serde(rename = "PolicySummary")]
        _summary: IgnoredAny,
    }
    matches!(doc.member::<Peek>("Policy"), Ok(Some(_)))
}

fn described_policy(doc: &Document<'_>) -> Result<Policy, Vec<LoadError>> {
    let described = member::<DescribedPolicy>(doc, "Policy")?;
    let Resource { data, raw, origin } = described;
    let mut content = data.content;
    if let Some(content) = &mut content {
        Placer::new(doc.file).place(
            content,
            format!("{}.Content", origin.json_path),
            origin.line,
        );
    }
    Ok(Policy {
        summary: Resource {
            data: data.policy_summary,
            raw,
            origin,
        },
        content,
    })
}

/// Adds `items` to `list`, skipping ids already loaded with a warning; returns the
/// positions of the items added.
fn merge<T>(
    list: &mut Vec<Resource<T>>,
    index: &mut HashMap<String, usize>,
    items: Vec<Resource<T>>,
    id: impl Fn(&T) -> &str,
    warnings: &mut Vec<Warning>,
) -> Vec<usize> {
    let mut added = Vec::new();
    for item in items {
        let key = id(&item.data);
        if let Some(&existing) = index.get(key) {
            warnings.push(duplicate(key, &item.origin, &list[existing].origin));
            continue;
        }
        index.insert(key.to_owned(), list.len());
        added.push(list.len());
        list.push(item);
    }
    added
}

fn duplicate(what: &str, new: &Origin, old: &Origin) -> Warning {
    Warning {
        path: new.file.to_path_buf(),
        kind: WarningKind::Duplicate,
        message: format!(
            "{what} at {} is already loaded from {old}; the first is kept",
            new.json_path
        ),
    }
}

fn no_folder(origin: &Origin, command: &str, folder: &str) -> Warning {
    Warning {
        path: origin.file.to_path_buf(),
        kind: WarningKind::Location,
        message: format!(
            "{command} output outside a folder named after its {folder}; the {folder} is unknown"
        ),
    }
}

impl Organizations {
    pub(crate) fn absorb(&mut self, output: Output, place: &Place, warnings: &mut Vec<Warning>) {
        let ix = &mut self.index;
        match output {
            Output::Organization(org) => match &self.organization {
                Some(old) => warnings.push(duplicate("the organization", &org.origin, &old.origin)),
                None => self.organization = Some(org),
            },
            Output::Roots(roots) => {
                merge(&mut self.roots, &mut ix.roots, roots, |r| &r.id, warnings);
            }
            Output::Accounts { parent, accounts } => {
                // list-accounts and list-accounts-for-parent name the same accounts.
                for account in accounts {
                    let id = account.id.as_str().to_owned();
                    if let Some(parent) = &parent {
                        set_parent(&mut self.parents, &id, parent, &account.origin, warnings);
                    }
                    match ix.accounts.get(&id) {
                        Some(&old) => {
                            let old = &self.accounts[old].origin;
                            if old.file == account.origin.file
                                || place_command(old) == place.command
                            {
                                warnings.push(duplicate(&id, &account.origin, old));
                            }
                        }
                        None => {
                            ix.accounts.insert(id, self.accounts.len());
                            self.accounts.push(account);
                        }
                    }
                }
            }
            Output::OrganizationalUnits { parent, units } => {
                match &parent {
                    Some(parent) => {
                        for unit in &units {
                            set_parent(&mut self.parents, &unit.id, parent, &unit.origin, warnings);
                        }
                    }
                    None => {
                        if let Some(first) = units.first() {
                            warnings.push(no_folder(
                                &first.origin,
                                "list-organizational-units-for-parent",
                                "parent",
                            ));
                        }
                    }
                }
                merge(
                    &mut self.organizational_units,
                    &mut ix.units,
                    units,
                    |u| &u.id,
                    warnings,
                );
            }
            Output::Children { parent, children } => match parent {
                Some(parent) => {
                    for child in &children {
                        set_parent(
                            &mut self.parents,
                            &child.id,
                            &parent,
                            &child.origin,
                            warnings,
                        );
                    }
                }
                None => {
                    if let Some(first) = children.first() {
                        warnings.push(no_folder(&first.origin, "list-children", "parent"));
                    }
                }
            },
            Output::Parents { child, parents } => match (child, parents.first()) {
                (Some(child), Some(parent)) => {
                    set_parent(
                        &mut self.parents,
                        &child,
                        &parent.id,
                        &parent.origin,
                        warnings,
                    );
                }
                (None, Some(parent)) => {
                    warnings.push(no_folder(&parent.origin, "list-parents", "child"));
                }
                (_, None) => {}
            },
            Output::Policies(summaries) => {
                for summary in summaries {
                    match ix.policies.get(&summary.id) {
                        // describe-policy and list-policies name the same policies.
                        Some(&old) => {
                            let old = &self.policies[old].summary.origin;
                            if old.json_path.starts_with("$.Policies") {
                                warnings.push(duplicate(&summary.id, &summary.origin, old));
                            }
                        }
                        None => {
                            ix.policies.insert(summary.id.clone(), self.policies.len());
                            self.policies.push(Policy {
                                summary,
                                content: None,
                            });
                        }
                    }
                }
            }
            Output::Policy(policy) => match ix.policies.get(&policy.summary.id) {
                Some(&old) => {
                    let old = &mut self.policies[old];
                    match (&old.content, policy.content) {
                        (Some(existing), Some(new)) => warnings.push(duplicate(
                            &format!("the content of {}", policy.summary.id),
                            new.origin(),
                            existing.origin(),
                        )),
                        (None, new) => {
                            old.content = new;
                            // The describe-policy summary is the fuller one.
                            old.summary = policy.summary;
                        }
                        (Some(_), None) => {}
                    }
                }
                None => {
                    ix.policies
                        .insert(policy.summary.id.clone(), self.policies.len());
                    self.policies.push(policy);
                }
            },
            Output::Targets { policy, targets } => {
                let Some(policy) = policy else {
                    if let Some(first) = targets.first() {
                        warnings.push(no_folder(
                            &first.origin,
                            "list-targets-for-policy",
                            "policy",
                        ));
                    }
                    return;
                };
                let list = self.targets.entry(policy.clone()).or_default();
                for target in targets {
                    if let Some(old) = list.iter().find(|t| t.target_id == target.target_id) {
                        warnings.push(duplicate(
                            &format!("the attachment of {policy} to {}", target.target_id),
                            &target.origin,
                            &old.origin,
                        ));
                        continue;
                    }
                    self.attached
                        .entry(target.target_id.clone())
                        .or_default()
                        .push(policy.clone());
                    list.push(target);
                }
            }
        }
    }

    /// Whether no organisation file was loaded.
    pub fn is_empty(&self) -> bool {
        self.organization.is_none()
            && self.roots.is_empty()
            && self.accounts.is_empty()
            && self.organizational_units.is_empty()
            && self.policies.is_empty()
            && self.targets.is_empty()
            && self.parents.is_empty()
    }

    /// The organisation's root.
    pub fn root(&self) -> Option<&Resource<Root>> {
        self.roots.first()
    }

    /// The management account.
    pub fn management_account_id(&self) -> Option<&AccountId> {
        self.organization.as_ref()?.master_account_id.as_ref()
    }

    /// The member account `id`.
    pub fn account(&self, id: &str) -> Option<&Resource<MemberAccount>> {
        self.accounts.get(*self.index.accounts.get(id)?)
    }

    /// The organizational unit `id`.
    pub fn organizational_unit(&self, id: &str) -> Option<&Resource<OrganizationalUnit>> {
        self.organizational_units.get(*self.index.units.get(id)?)
    }

    /// The policy `id`.
    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.get(*self.index.policies.get(id)?)
    }

    /// The parent (a root or an OU) of the OU or account `id`.
    pub fn parent(&self, id: &str) -> Option<&str> {
        if let Some(parent) = self.parents.get(id) {
            return Some(parent);
        }
        // `Paths` of an account: `o-.../r-.../ou-.../` (possibly ending with the account).
        let account = self.account(id)?;
        account.paths.iter().find_map(|path| {
            let nodes: Vec<&str> = path.split('/').filter(|n| !n.is_empty()).collect();
            let nodes = match nodes.split_last() {
                Some((last, rest)) if *last == id => rest,
                _ => nodes.as_slice(),
            };
            nodes
                .last()
                .copied()
                .filter(|n| n.starts_with("r-") || n.starts_with("ou-"))
        })
    }

    /// The ids of the OUs and accounts whose parent is `parent`, sorted.
    pub fn children(&self, parent: &str) -> Vec<&str> {
        let mut children: Vec<&str> =
            self.parents
                .iter()
                .filter(|(_, p)| p.as_str() == parent)
                .map(|(c, _)| c.as_str())
                .chain(
                    self.accounts.iter().map(|a| a.id.as_str()).filter(|a| {
                        !self.parents.contains_key(*a) && self.parent(a) == Some(parent)
                    }),
                )
                .collect();
        children.sort_unstable();
        children.dedup();
        children
    }

    /// The OUs whose parent is `parent`, by id.
    pub fn child_units(&self, parent: &str) -> Vec<&Resource<OrganizationalUnit>> {
        self.children(parent)
            .into_iter()
            .filter_map(|id| self.organizational_unit(id))
            .collect()
    }

    /// The accounts whose parent is `parent`, by id.
    pub fn child_accounts(&self, parent: &str) -> Vec<&Resource<MemberAccount>> {
        self.children(parent)
            .into_iter()
            .filter_map(|id| self.account(id))
            .collect()
    }

    /// The path from the root to `id` (an OU or account), both included: `[r-..., ou-...,
    /// ..., id]`. `None` when the snapshot does not say where `id` hangs (a parent is
    /// missing) or its parents form a loop.
    pub fn path(&self, id: &str) -> Option<Vec<&str>> {
        let mut path = Vec::new();
        let mut seen = HashSet::new();
        let mut node = self
            .index
            .accounts
            .get_key_value(id)
            .or_else(|| self.index.units.get_key_value(id))
            .or_else(|| self.index.roots.get_key_value(id))
            .map(|(k, _)| k.as_str())
            .or_else(|| self.parents.get_key_value(id).map(|(k, _)| k.as_str()))?;
        loop {
            if !seen.insert(node) {
                return None;
            }
            path.push(node);
            if TargetKind::of(node) == Some(TargetKind::Root) || self.index.roots.contains_key(node)
            {
                break;
            }
            node = self.parent(node)?;
        }
        path.reverse();
        Some(path)
    }

    /// The targets `policy` is attached to.
    pub fn policy_targets(&self, policy: &str) -> &[Resource<PolicyTarget>] {
        self.targets.get(policy).map_or(&[], Vec::as_slice)
    }

    /// The policies of type `policy_type` (such as [`SERVICE_CONTROL_POLICY`]) attached
    /// directly to `target` (a root, OU or account).
    pub fn attached_policies(&self, target: &str, policy_type: &str) -> Vec<&Policy> {
        self.attached
            .get(target)
            .into_iter()
            .flatten()
            .filter_map(|id| self.policy(id))
            .filter(|p| p.policy_type == policy_type)
            .collect()
    }

    /// For each node from the root down to `account`, the policies of `policy_type`
    /// attached to it: what an SCP or RCP evaluation walks, since a request must be allowed
    /// at every level. `None` when the account's place in the tree is unknown.
    pub fn policy_levels(&self, account: &str, policy_type: &str) -> Option<Vec<PolicyLevel<'_>>> {
        let path = self.path(account)?;
        Some(
            path.into_iter()
                .map(|target| PolicyLevel {
                    target,
                    kind: TargetKind::of(target),
                    policies: self.attached_policies(target, policy_type),
                })
                .collect(),
        )
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        let text = |arn: &Option<Arn>| arn.as_ref().map(ToString::to_string);
        if let Some(org) = &self.organization {
            let mut item = scope
                .item("AWS::Organizations::Organization", &org.id, &org.origin)
                .attr("feature_set", org.feature_set.clone())
                .attr(
                    "management_account_id",
                    org.master_account_id.as_ref().map(ToString::to_string),
                )
                .attr("management_account_email", org.master_account_email.clone())
                .attr("root", self.root().map(|r| r.id.clone()))
                .attr(
                    "enabled_policy_types",
                    self.root().map(|r| {
                        json!(
                            r.policy_types
                                .iter()
                                .filter(|t| t.status.as_deref() == Some("ENABLED"))
                                .map(|t| t.policy_type.as_str())
                                .collect::<Vec<_>>()
                        )
                    }),
                );
            if let Some(arn) = text(&org.arn) {
                item = item.arn(arn);
            }
            out.push(item);
        }
        for a in &self.accounts {
            let mut item = scope
                .item("AWS::Organizations::Account", a.id.as_str(), &a.origin)
                .name(a.name.clone())
                .attr("email", a.email.clone())
                .attr("state", a.state().map(str::to_owned))
                .attr("joined_method", a.joined_method.clone())
                .attr(
                    "joined",
                    a.joined_timestamp.as_ref().map(ToString::to_string),
                )
                .attr("parent", self.parent(a.id.as_str()).map(str::to_owned))
                .attr(
                    "management_account",
                    self.management_account_id() == Some(&a.id),
                );
            if let Some(arn) = text(&a.arn) {
                item = item.arn(arn);
            }
            out.push(item);
        }
        for u in &self.organizational_units {
            let mut item = scope
                .item("AWS::Organizations::OrganizationalUnit", &u.id, &u.origin)
                .name(u.name.clone())
                .attr("parent", self.parent(&u.id).map(str::to_owned));
            if let Some(arn) = text(&u.arn) {
                item = item.arn(arn);
            }
            out.push(item);
        }
        for p in &self.policies {
            let targets: Vec<&str> = self
                .policy_targets(&p.id)
                .iter()
                .map(|t| t.target_id.as_str())
                .collect();
            let mut item = scope
                .item("AWS::Organizations::Policy", &p.id, &p.summary.origin)
                .name(p.name.clone())
                .attr("type", p.policy_type.clone())
                .attr("aws_managed", p.aws_managed)
                .attr("description", p.description.clone())
                .attr("targets", json!(targets))
                .attr("content_loaded", p.content.is_some());
            if let Some(arn) = text(&p.arn) {
                item = item.arn(arn);
            }
            out.push(item);
        }
    }
}

/// The command of the file an origin names (its file name without `.json` and page suffix).
fn place_command(origin: &Origin) -> String {
    let name = origin
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    match stem.rsplit_once('.') {
        Some((base, page)) if !page.is_empty() && page.bytes().all(|b| b.is_ascii_digit()) => {
            base.to_owned()
        }
        _ => stem.to_owned(),
    }
}

fn set_parent(
    parents: &mut HashMap<String, String>,
    child: &str,
    parent: &str,
    origin: &Origin,
    warnings: &mut Vec<Warning>,
) {
    match parents.get(child) {
        Some(old) if old != parent => warnings.push(Warning {
            path: origin.file.to_path_buf(),
            kind: WarningKind::Duplicate,
            message: format!(
                "{child} is under {old} in another output, and under {parent} here; {old} is kept"
            ),
        }),
        Some(_) => {}
        None => {
            parents.insert(child.to_owned(), parent.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::source::SourceFile;

    fn load(files: &[(&str, &str)]) -> (Organizations, Vec<Warning>) {
        let root = Path::new("/snap");
        let mut org = Organizations::default();
        let mut warnings = Vec::new();
        for (path, text) in files {
            let full = root.join(path);
            let file = SourceFile {
                path: Arc::from(full.as_path()),
                text: Arc::from(*text),
                place: crate::source::place(root, &full),
            };
            let doc = Document::parse(&file).expect("JSON");
            let output = recognize(&doc)
                .unwrap_or_else(|| panic!("{path} not recognised"))
                .unwrap_or_else(|e| panic!("{e:?}"));
            org.absorb(output, &file.place, &mut warnings);
        }
        (org, warnings)
    }

    #[test]
    fn target_kinds() {
        assert_eq!(TargetKind::of("r-a1b2"), Some(TargetKind::Root));
        assert_eq!(
            TargetKind::of("ou-a1b2-c3d4e5f6"),
            Some(TargetKind::OrganizationalUnit)
        );
        assert_eq!(TargetKind::of("012345678901"), Some(TargetKind::Account));
        assert_eq!(TargetKind::of("p-FullAWSAccess"), None);
    }

    #[test]
    fn parents_from_account_paths() {
        let (org, warnings) = load(&[(
            "global/organizations/list-accounts.json",
            r#"{"Accounts": [
                {"Id": "222222222222", "Paths": ["o-a1b2c3d4e5/r-a1b2/ou-a1b2-c3d4e5f6/222222222222/"]},
                {"Id": "333333333333", "Paths": ["o-a1b2c3d4e5/r-a1b2/"]}
            ]}"#,
        )]);
        assert!(warnings.is_empty());
        assert_eq!(org.parent("222222222222"), Some("ou-a1b2-c3d4e5f6"));
        assert_eq!(org.parent("333333333333"), Some("r-a1b2"));
        assert_eq!(
            org.path("333333333333"),
            Some(vec!["r-a1b2", "333333333333"])
        );
        // The OU's own parent is not known: no path.
        assert_eq!(org.path("222222222222"), None);
        assert_eq!(org.children("r-a1b2"), ["333333333333"]);
    }

    #[test]
    fn children_and_parents_outputs() {
        let (org, warnings) = load(&[
            (
                "global/organizations/r-a1b2/list-children.json",
                r#"{"Children": [{"Id": "ou-a1b2-c3d4e5f6", "Type": "ORGANIZATIONAL_UNIT"}, {"Id": "111111111111", "Type": "ACCOUNT"}]}"#,
            ),
            (
                "global/organizations/222222222222/list-parents.json",
                r#"{"Parents": [{"Id": "ou-a1b2-c3d4e5f6", "Type": "ORGANIZATIONAL_UNIT"}]}"#,
            ),
            (
                "global/organizations/333333333333/list-parents.json",
                r#"{"Parents": [{"Id": "r-zzzz", "Type": "ROOT"}]}"#,
            ),
            (
                "global/organizations/ou-a1b2-c3d4e5f6/list-children.json",
                r#"{"Children": [{"Id": "333333333333", "Type": "ACCOUNT"}]}"#,
            ),
        ]);
        assert_eq!(org.children("r-a1b2"), ["111111111111", "ou-a1b2-c3d4e5f6"]);
        assert_eq!(
            org.path("222222222222"),
            Some(vec!["r-a1b2", "ou-a1b2-c3d4e5f6", "222222222222"])
        );
        // Two outputs disagree on 333333333333's parent: the first read is kept.
        assert_eq!(org.parent("333333333333"), Some("r-zzzz"));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].kind, WarningKind::Duplicate);
        assert!(!org.is_empty());
    }

    #[test]
    fn a_loop_of_parents_has_no_path() {
        let (org, _) = load(&[
            (
                "global/organizations/ou-aaaa-11111111/list-organizational-units-for-parent.json",
                r#"{"OrganizationalUnits": [{"Id": "ou-aaaa-22222222"}]}"#,
            ),
            (
                "global/organizations/ou-aaaa-22222222/list-organizational-units-for-parent.json",
                r#"{"OrganizationalUnits": [{"Id": "ou-aaaa-11111111"}]}"#,
            ),
        ]);
        assert_eq!(org.path("ou-aaaa-11111111"), None);
    }

    #[test]
    fn only_a_policy_object_with_a_summary_is_an_organisation_policy() {
        let root = Path::new("/snap");
        for (path, text) in [
            ("global/s3/b/get-bucket-policy.json", r#"{"Policy": "{}"}"#),
            ("p.json", r#"{"Policy": {"Statement": []}}"#),
        ] {
            let full = root.join(path);
            let file = SourceFile {
                path: Arc::from(full.as_path()),
                text: Arc::from(text),
                place: crate::source::place(root, &full),
            };
            let doc = Document::parse(&file).expect("JSON");
            assert!(recognize(&doc).is_none(), "{path}");
        }
        let (org, _) = load(&[(
            "global/organizations/p-examplepolicyid111/describe-policy.json",
            r#"{"Policy": {"PolicySummary": {"Id": "p-examplepolicyid111", "Type": "SERVICE_CONTROL_POLICY"}, "Content": "{\"Version\":\"2012-10-17\"}"}}"#,
        )]);
        let policy = org.policy("p-examplepolicyid111").expect("policy");
        assert_eq!(
            policy.content.as_ref().map(PolicyDocument::json),
            Some(r#"{"Version":"2012-10-17"}"#)
        );
    }

    #[test]
    fn list_policies_then_describe_policy() {
        let (org, warnings) = load(&[
            (
                "global/organizations/list-policies-SERVICE_CONTROL_POLICY.json",
                r#"{"Policies": [{"Id": "p-examplepolicyid111", "Name": "DenyLeave", "Type": "SERVICE_CONTROL_POLICY"}]}"#,
            ),
            (
                "global/organizations/p-examplepolicyid111/describe-policy.json",
                r#"{"Policy": {"PolicySummary": {"Id": "p-examplepolicyid111", "Name": "DenyLeave", "Type": "SERVICE_CONTROL_POLICY"}, "Content": "{}"}}"#,
            ),
            (
                "global/organizations/p-examplepolicyid111/list-targets-for-policy.json",
                r#"{"Targets": [{"TargetId": "r-a1b2", "Type": "ROOT"}]}"#,
            ),
        ]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(org.policies.len(), 1);
        assert!(org.policies[0].content.is_some());
        assert_eq!(
            org.attached_policies("r-a1b2", SERVICE_CONTROL_POLICY)
                .len(),
            1
        );
        assert!(
            org.attached_policies("r-a1b2", RESOURCE_CONTROL_POLICY)
                .is_empty()
        );
    }
}
