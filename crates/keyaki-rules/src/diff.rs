//! `diff`: what changed between two snapshots of the same estate.
//!
//! Resources are matched by type and ARN (or, for resources without one, by type, account,
//! Region and id). Each matched pair is compared on its JSON as AWS returned it, field by
//! field: a change names its JSON path (`$.IpPermissions[2].IpRanges[0].CidrIp`), the old
//! value and the new one. Arrays of objects are matched by a natural key where the elements
//! have one (security group rules by protocol and ports, tags by `Key`, statements by
//! `Sid`, lists of resources by their id), arrays of plain values as sets, and anything else
//! by position. Fields that change on every snapshot without any change of configuration
//! ([`VOLATILE_FIELDS`]) are left out unless asked for.
//!
//! The rules run on both sides, and the open failures that appeared and that were resolved
//! are listed by their stable id.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use keyaki_core::{AccountId, Region};
use keyaki_snapshot::{InventoryItem, Origin, RawJson, Resource, Snapshot};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{CheckOptions, CheckResult, Status, check};

/// Fields that record when something was last used rather than how it is configured. They
/// differ between any two snapshots of a live account, so [`diff`] ignores them unless
/// [`DiffOptions::keep_volatile`] is set.
pub const VOLATILE_FIELDS: &[&str] = &[
    // IAM get-account-authorization-details: the last use of a role.
    "RoleLastUsed",
    // IAM users: the last sign-in with the password.
    "PasswordLastUsed",
    // iam get-access-key-last-used, and the same field inside RoleLastUsed.
    "AccessKeyLastUsed",
    "LastUsedDate",
    // AWS Config configuration items: when the item was recorded, not what it says.
    "configurationItemCaptureTime",
    "configurationStateId",
    "configurationStateID",
];

/// What to compare and how to check.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// How to run the rules on both sides (framework, severity, suppressions, "now").
    pub check: CheckOptions,
    /// Also report changes of the [`VOLATILE_FIELDS`].
    pub keep_volatile: bool,
    /// More field names to ignore wherever they appear.
    pub ignore_fields: Vec<String>,
}

/// A resource as the diff names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ResourceRef {
    /// The resource type, as CloudFormation names it (`AWS::EC2::SecurityGroup`).
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The ARN, when the resource has one.
    pub arn: Option<String>,
    /// The owning account.
    pub account: Option<AccountId>,
    /// The Region; `null` for global resources.
    pub region: Option<Region>,
    /// The id (`sg-...`, a bucket name, a user name).
    pub id: String,
    /// Its `Name` tag or own name.
    pub name: Option<String>,
}

/// How one field changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The field or element is new.
    Added,
    /// The field or element is gone.
    Removed,
    /// The value is different.
    Changed,
}

/// One field-level change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The JSON path of the field: positions in the new document for added and changed
    /// values, in the old one for removed values.
    pub path: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The old value; `null` when added.
    pub old: Value,
    /// The new value; `null` when removed.
    pub new: Value,
}

/// A resource on both sides whose JSON differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceChange {
    /// The resource (as named in the new snapshot).
    pub resource: ResourceRef,
    /// The changes, in document order.
    pub changes: Vec<FieldChange>,
}

/// A failure of the old snapshot that is no longer open in the new one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedFinding {
    /// The result in the old snapshot.
    #[serde(flatten)]
    pub result: CheckResult,
    /// The status in the new snapshot: `pass`, `fail` when a suppression now hides it, or
    /// `null` when the rule no longer evaluates the resource (the resource is gone).
    pub status_now: Option<Status>,
}

/// The findings that changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FindingsDiff {
    /// Open failures in the new snapshot that were not open in the old one.
    pub appeared: Vec<CheckResult>,
    /// Open failures in the old snapshot that are not open in the new one.
    pub resolved: Vec<ResolvedFinding>,
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiffSummary {
    /// Resources only in the new snapshot.
    pub added: usize,
    /// Resources only in the old snapshot.
    pub removed: usize,
    /// Resources on both sides whose JSON differs.
    pub changed: usize,
    /// Resources on both sides with the same JSON.
    pub unchanged: usize,
    /// Findings that appeared.
    pub findings_appeared: usize,
    /// Findings that were resolved.
    pub findings_resolved: usize,
}

/// What changed between two snapshots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotDiff {
    /// Counts.
    pub summary: DiffSummary,
    /// Resources only in the new snapshot, sorted by type, ARN, account, Region and id.
    pub added: Vec<ResourceRef>,
    /// Resources only in the old snapshot, in the same order.
    pub removed: Vec<ResourceRef>,
    /// Resources whose JSON differs, in the same order.
    pub changed: Vec<ResourceChange>,
    /// Findings that appeared and were resolved.
    pub findings: FindingsDiff,
}

impl SnapshotDiff {
    /// Whether nothing changed: no resource and no finding.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.findings.appeared.is_empty()
            && self.findings.resolved.is_empty()
    }
}

/// Compares `old` with `new`: resources added, removed and changed, and the findings that
/// appeared and were resolved.
pub fn diff(old: &Snapshot, new: &Snapshot, options: &DiffOptions) -> SnapshotDiff {
    let ignore: BTreeSet<&str> = options
        .ignore_fields
        .iter()
        .map(String::as_str)
        .chain(
            VOLATILE_FIELDS
                .iter()
                .copied()
                .filter(|_| !options.keep_volatile),
        )
        .collect();
    let old_side = Side::new(old);
    let new_side = Side::new(new);

    let mut added = Vec::new();
    let mut removed = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for (key, o) in &old_side.items {
        match new_side.items.get(key) {
            None => removed.push(resource_ref(o)),
            Some(n) => {
                let mut changes = Vec::new();
                let a = old_side.document(o);
                let b = new_side.document(n);
                compare(&mut "$".to_owned(), &a, &b, &ignore, &mut changes);
                if changes.is_empty() {
                    unchanged += 1;
                } else {
                    changed.push(ResourceChange {
                        resource: resource_ref(n),
                        changes,
                    });
                }
            }
        }
    }
    for (key, n) in &new_side.items {
        if !old_side.items.contains_key(key) {
            added.push(resource_ref(n));
        }
    }

    let findings = findings_diff(old, new, &options.check);
    SnapshotDiff {
        summary: DiffSummary {
            added: added.len(),
            removed: removed.len(),
            changed: changed.len(),
            unchanged,
            findings_appeared: findings.appeared.len(),
            findings_resolved: findings.resolved.len(),
        },
        added,
        removed,
        changed,
        findings,
    }
}

fn findings_diff(old: &Snapshot, new: &Snapshot, options: &CheckOptions) -> FindingsDiff {
    let before = check(old, options);
    let after = check(new, options);
    let open = |results: &[CheckResult]| -> BTreeSet<String> {
        results
            .iter()
            .filter(|r| r.is_open_failure())
            .map(|r| r.id.clone())
            .collect()
    };
    let open_before = open(&before.results);
    let open_after = open(&after.results);
    let status_after: HashMap<&str, Status> = after
        .results
        .iter()
        .map(|r| (r.id.as_str(), r.status))
        .collect();
    let mut appeared: Vec<CheckResult> = after
        .results
        .iter()
        .filter(|r| r.is_open_failure() && !open_before.contains(&r.id))
        .cloned()
        .collect();
    let mut resolved: Vec<ResolvedFinding> = before
        .results
        .iter()
        .filter(|r| r.is_open_failure() && !open_after.contains(&r.id))
        .map(|r| ResolvedFinding {
            status_now: status_after.get(r.id.as_str()).copied(),
            result: r.clone(),
        })
        .collect();
    // A rule can give several results on one resource only with distinct ids; keep one of each.
    appeared.dedup_by(|a, b| a.id == b.id);
    resolved.dedup_by(|a, b| a.result.id == b.result.id);
    FindingsDiff { appeared, resolved }
}

/// How resources are matched: by type and ARN, or by type, account, Region and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    resource_type: &'static str,
    arn: Option<String>,
    account: Option<String>,
    region: Option<String>,
    id: String,
}

/// One snapshot's resources by key, with the JSON of each.
struct Side<'a> {
    items: BTreeMap<Key, &'a InventoryItem>,
    documents: HashMap<(&'a Path, &'a str), Value>,
}

impl<'a> Side<'a> {
    fn new(snapshot: &'a Snapshot) -> Self {
        let mut items = BTreeMap::new();
        for item in snapshot.inventory() {
            let key = match &item.arn {
                Some(arn) => Key {
                    resource_type: item.resource_type,
                    arn: Some(arn.clone()),
                    account: None,
                    region: None,
                    id: String::new(),
                },
                None => Key {
                    resource_type: item.resource_type,
                    arn: None,
                    account: item.account.as_ref().map(|a| a.as_str().to_owned()),
                    region: item.region.as_ref().map(|r| r.as_str().to_owned()),
                    id: item.id.clone(),
                },
            };
            // The first of two resources with the same key is the one the snapshot keeps.
            items.entry(key).or_insert(item);
        }
        Self {
            items,
            documents: documents(snapshot),
        }
    }

    /// The JSON compared for `item`: what AWS returned for it, or for the resources whose
    /// JSON keyaki does not gather here, the inventory's attributes.
    fn document(&self, item: &InventoryItem) -> Value {
        let origin = &item.origin;
        if let Some(value) = self.documents.get(&(&*origin.file, &*origin.json_path)) {
            return value.clone();
        }
        let mut map = Map::new();
        for (k, v) in &item.attributes {
            map.insert((*k).to_owned(), v.clone());
        }
        Value::Object(map)
    }
}

fn resource_ref(item: &InventoryItem) -> ResourceRef {
    ResourceRef {
        resource_type: item.resource_type.to_owned(),
        arn: item.arn.clone(),
        account: item.account.clone(),
        region: item.region.clone(),
        id: item.id.clone(),
        name: item.name.clone(),
    }
}

fn parsed(raw: &RawJson) -> Value {
    raw.to_value().unwrap_or(Value::Null)
}

/// The JSON of every resource keyaki gathers here, by where the resource was read.
pub(crate) fn documents(snapshot: &Snapshot) -> HashMap<(&Path, &str), Value> {
    let mut out = HashMap::new();
    fn put<'a, T>(out: &mut HashMap<(&'a Path, &'a str), Value>, list: &'a [Resource<T>]) {
        for r in list {
            out.insert(origin_key(&r.origin), parsed(&r.raw));
        }
    }
    for account in snapshot.accounts() {
        let iam = &account.iam;
        put(&mut out, &iam.users);
        put(&mut out, &iam.groups);
        put(&mut out, &iam.roles);
        put(&mut out, &iam.policies);
        put(&mut out, &iam.instance_profiles);
        for bucket in &account.s3.buckets {
            let mut map = Map::new();
            let parts: [(&str, Option<&RawJson>); 9] = [
                ("Bucket", bucket.listed.as_ref().map(|r| &r.raw)),
                ("Location", bucket.location.as_ref().map(|r| &r.raw)),
                ("Policy", bucket.policy.as_ref().map(|r| &r.raw)),
                (
                    "PolicyStatus",
                    bucket.policy_status.as_ref().map(|r| &r.raw),
                ),
                ("Acl", bucket.acl.as_ref().map(|r| &r.raw)),
                (
                    "PublicAccessBlockConfiguration",
                    bucket.public_access_block.as_ref().map(|r| &r.raw),
                ),
                (
                    "ServerSideEncryptionConfiguration",
                    bucket.encryption.as_ref().map(|r| &r.raw),
                ),
                ("Versioning", bucket.versioning.as_ref().map(|r| &r.raw)),
                ("Logging", bucket.logging.as_ref().map(|r| &r.raw)),
            ];
            for (name, raw) in parts {
                if let Some(raw) = raw {
                    map.insert(name.to_owned(), parsed(raw));
                }
            }
            out.insert(origin_key(bucket.origin()), Value::Object(map));
        }
        for region in &account.regions {
            let ec2 = &region.ec2;
            put(&mut out, &ec2.vpcs);
            put(&mut out, &ec2.subnets);
            put(&mut out, &ec2.route_tables);
            put(&mut out, &ec2.internet_gateways);
            put(&mut out, &ec2.egress_only_internet_gateways);
            put(&mut out, &ec2.nat_gateways);
            put(&mut out, &ec2.security_groups);
            put(&mut out, &ec2.network_acls);
            put(&mut out, &ec2.network_interfaces);
            put(&mut out, &ec2.instances);
            put(&mut out, &ec2.addresses);
            put(&mut out, &ec2.prefix_lists);
            put(&mut out, &ec2.vpc_endpoints);
            put(&mut out, &ec2.vpc_peering_connections);
            put(&mut out, &ec2.transit_gateways);
            put(&mut out, &ec2.transit_gateway_attachments);
            put(&mut out, &ec2.transit_gateway_route_tables);
            put(&mut out, &ec2.flow_logs);
            put(&mut out, &ec2.volumes);
            put(&mut out, &region.elbv2.load_balancers);
            put(&mut out, &region.elbv2.listeners);
            put(&mut out, &region.elbv2.target_groups);
            put(&mut out, &region.rds.db_instances);
        }
    }
    out
}

fn origin_key(origin: &Origin) -> (&Path, &str) {
    (&origin.file, &origin.json_path)
}

/// Field-level comparison of `a` (old) and `b` (new) at `path`.
pub(crate) fn compare(
    path: &mut String,
    a: &Value,
    b: &Value,
    ignore: &BTreeSet<&str>,
    out: &mut Vec<FieldChange>,
) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                if ignore.contains(k.as_str()) {
                    continue;
                }
                let len = path.len();
                push_key(path, k);
                match y.get(k) {
                    Some(vb) => compare(path, va, vb, ignore, out),
                    None => out.push(change(path, ChangeKind::Removed, va, &Value::Null)),
                }
                path.truncate(len);
            }
            for (k, vb) in y {
                if ignore.contains(k.as_str()) || x.contains_key(k) {
                    continue;
                }
                let len = path.len();
                push_key(path, k);
                out.push(change(path, ChangeKind::Added, &Value::Null, vb));
                path.truncate(len);
            }
        }
        (Value::Array(x), Value::Array(y)) => compare_arrays(path, x, y, ignore, out),
        _ if a == b => {}
        _ => out.push(change(path, ChangeKind::Changed, a, b)),
    }
}

fn compare_arrays(
    path: &mut String,
    x: &[Value],
    y: &[Value],
    ignore: &BTreeSet<&str>,
    out: &mut Vec<FieldChange>,
) {
    let len = path.len();
    let at = |path: &mut String, i: usize| {
        path.truncate(len);
        path.push_str(&format!("[{i}]"));
    };
    if x.iter().chain(y).all(is_scalar) {
        // Plain values (action lists, CIDR lists) compare as sets.
        for (i, v) in x.iter().enumerate() {
            if !y.contains(v) {
                at(path, i);
                out.push(change(path, ChangeKind::Removed, v, &Value::Null));
            }
        }
        for (i, v) in y.iter().enumerate() {
            if !x.contains(v) {
                at(path, i);
                out.push(change(path, ChangeKind::Added, &Value::Null, v));
            }
        }
    } else if let Some(fields) = natural_key(x, y) {
        let keys_x: Vec<Vec<&Value>> = x.iter().map(|v| key_of(v, &fields)).collect();
        let keys_y: Vec<Vec<&Value>> = y.iter().map(|v| key_of(v, &fields)).collect();
        for (i, v) in x.iter().enumerate() {
            if !keys_y.contains(&keys_x[i]) {
                at(path, i);
                out.push(change(path, ChangeKind::Removed, v, &Value::Null));
            }
        }
        for (j, v) in y.iter().enumerate() {
            at(path, j);
            match keys_x.iter().position(|k| *k == keys_y[j]) {
                Some(i) => compare(path, &x[i], v, ignore, out),
                None => out.push(change(path, ChangeKind::Added, &Value::Null, v)),
            }
        }
    } else {
        for i in 0..x.len().max(y.len()) {
            at(path, i);
            match (x.get(i), y.get(i)) {
                (Some(a), Some(b)) => compare(path, a, b, ignore, out),
                (Some(a), None) => out.push(change(path, ChangeKind::Removed, a, &Value::Null)),
                (None, Some(b)) => out.push(change(path, ChangeKind::Added, &Value::Null, b)),
                (None, None) => {}
            }
        }
    }
    path.truncate(len);
}

/// Keys that identify an element of an array of objects, tried in order. A group matches
/// when every element on both sides has at least one of its fields and no two elements of
/// one side share a key.
const NATURAL_KEYS: &[&[&str]] = &[
    // Security group rules: protocol and ports.
    &["IpProtocol", "FromPort", "ToPort"],
    // Network ACL entries.
    &["RuleNumber", "Egress"],
    // Routes.
    &[
        "DestinationCidrBlock",
        "DestinationIpv6CidrBlock",
        "DestinationPrefixListId",
    ],
    // The sources of a security group rule.
    &["CidrIp"],
    &["CidrIpv6"],
    &["PrefixListId"],
    &["GroupId", "UserId"],
    // Tags, policy statements, inline and attached policies, policy versions.
    &["Key"],
    &["Sid"],
    &["PolicyArn"],
    &["PolicyName"],
    &["VersionId"],
    &["Arn"],
];

fn natural_key(x: &[Value], y: &[Value]) -> Option<Vec<String>> {
    let all: Vec<&Map<String, Value>> = x.iter().chain(y).filter_map(Value::as_object).collect();
    if all.len() != x.len() + y.len() || all.is_empty() {
        return None;
    }
    // Each group as the AWS CLI writes it, then in camelCase as AWS Config writes it.
    let camel = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    let candidates = NATURAL_KEYS
        .iter()
        .map(|g| g.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
        .chain(
            NATURAL_KEYS
                .iter()
                .map(|g| g.iter().map(|s| camel(s)).collect::<Vec<_>>()),
        )
        .chain(id_fields(&all).into_iter().map(|f| vec![f]));
    candidates.into_iter().find(|fields| {
        all.iter()
            .all(|o| fields.iter().any(|f| o.get(f).is_some_and(is_scalar)))
            && unique(x, fields)
            && unique(y, fields)
    })
}

/// Fields named `...Id` or `...Arn` that every element has, sorted: the id of a list of
/// resources (`InstanceId`, `SubnetId`, `AssociationId`).
fn id_fields(all: &[&Map<String, Value>]) -> Vec<String> {
    let mut fields: Vec<String> = all
        .first()
        .map(|o| {
            o.keys()
                .filter(|k| k.ends_with("Id") || k.ends_with("Arn"))
                .filter(|k| all.iter().all(|e| e.get(*k).is_some_and(Value::is_string)))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    fields.sort();
    fields
}

fn unique(items: &[Value], fields: &[String]) -> bool {
    let keys: Vec<Vec<&Value>> = items.iter().map(|v| key_of(v, fields)).collect();
    keys.iter().enumerate().all(|(i, k)| !keys[..i].contains(k))
}

fn key_of<'v>(value: &'v Value, fields: &[String]) -> Vec<&'v Value> {
    const NULL: &Value = &Value::Null;
    fields
        .iter()
        .map(|f| value.get(f).unwrap_or(NULL))
        .collect()
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn push_key(path: &mut String, key: &str) {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&Value::String(key.to_owned()).to_string());
        path.push(']');
    }
}

fn change(path: &str, kind: ChangeKind, old: &Value, new: &Value) -> FieldChange {
    FieldChange {
        path: path.to_owned(),
        kind,
        old: old.clone(),
        new: new.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changes(a: Value, b: Value) -> Vec<(String, Value, Value)> {
        let mut out = Vec::new();
        compare(&mut "$".into(), &a, &b, &BTreeSet::new(), &mut out);
        out.into_iter().map(|c| (c.path, c.old, c.new)).collect()
    }

    #[test]
    fn security_group_rules_match_by_protocol_and_ports() {
        let old = json!({"IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}
        ]});
        let new = json!({"IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ]});
        assert_eq!(
            changes(old, new),
            vec![(
                "$.IpPermissions[0].IpRanges[1]".into(),
                Value::Null,
                json!({"CidrIp": "0.0.0.0/0"})
            )]
        );
    }

    #[test]
    fn scalars_and_keys() {
        assert_eq!(
            changes(
                json!({"A": 1, "Tags": [{"Key": "x", "Value": "1"}], "L": ["a", "b"], "a b": 1}),
                json!({"A": 2, "Tags": [{"Key": "x", "Value": "2"}], "L": ["b", "c"]})
            ),
            vec![
                ("$.A".into(), json!(1), json!(2)),
                ("$.Tags[0].Value".into(), json!("1"), json!("2")),
                ("$.L[0]".into(), json!("a"), Value::Null),
                ("$.L[1]".into(), Value::Null, json!("c")),
                ("$[\"a b\"]".into(), json!(1), Value::Null),
            ]
        );
    }

    #[test]
    fn positions_without_a_key() {
        assert_eq!(
            changes(
                json!([{"Effect": "Allow"}, {"Effect": "Deny"}]),
                json!([{"Effect": "Allow"}])
            ),
            vec![("$[1]".into(), json!({"Effect": "Deny"}), Value::Null)]
        );
    }
}
