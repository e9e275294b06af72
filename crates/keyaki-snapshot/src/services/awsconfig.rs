//! AWS Config configuration snapshots and configuration history files, as AWS Config
//! delivers them to S3 (`{"fileVersion", "configSnapshotId" | "requestId",
//! "configurationItems": [...]}`, plain or gzipped).
//!
//! Each configuration item is converted into the output of the AWS CLI command that
//! describes the same resource (AWS Config writes camelCase keys where the CLI writes
//! PascalCase ones), and those outputs are read by the services' own parsers, so that a
//! resource from AWS Config is the same typed value as one from the CLI. Items are ordered by
//! `configurationItemCaptureTime`, then `configurationStateId` (or `configurationStateID`,
//! the older spelling); the latest state of each resource is kept, and a resource whose latest
//! item says it was deleted is left out. Resource types keyaki does not model are reported as
//! not-modelled warnings.
//!
//! Shapes: <https://docs.aws.amazon.com/config/latest/developerguide/config-item-table.html>,
//! <https://docs.aws.amazon.com/config/latest/developerguide/example-s3-snapshot.html>.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use keyaki_core::Region;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::document::Document;
use crate::source::{Place, SourceFile};
use crate::{LoadError, Warning, WarningKind};

/// One configuration item: the fields keyaki reads.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    resource_type: String,
    #[serde(default)]
    resource_id: Option<String>,
    #[serde(default)]
    resource_name: Option<String>,
    /// `awsAccountId` in delivered files, `accountId` in API answers.
    #[serde(default, alias = "awsAccountId")]
    account_id: Option<String>,
    #[serde(default)]
    aws_region: Option<String>,
    #[serde(default)]
    configuration_item_capture_time: Option<String>,
    #[serde(default, alias = "configurationStateID")]
    configuration_state_id: Option<Value>,
    #[serde(default)]
    configuration_item_status: Option<String>,
    /// An object in delivered files, a JSON string in API answers.
    #[serde(default)]
    configuration: Option<Value>,
    #[serde(default)]
    supplementary_configuration: Option<Map<String, Value>>,
    /// `ARN` in delivered files, `arn` in API answers.
    #[serde(default, rename = "ARN", alias = "arn")]
    arn: Option<String>,
    /// The CloudTrail event ids of the API calls that caused the change.
    #[serde(default)]
    related_events: Option<Vec<Value>>,
}

/// One configuration item of a resource, as AWS Config delivered it, for
/// [`configuration_history`].
#[derive(Debug, Clone)]
pub struct ConfigurationItem {
    /// `resourceType` (`AWS::EC2::SecurityGroup`).
    pub resource_type: String,
    /// `resourceId`.
    pub resource_id: Option<String>,
    /// `resourceName`.
    pub resource_name: Option<String>,
    /// `ARN` (or `arn`).
    pub arn: Option<String>,
    /// `configurationItemCaptureTime`, as written.
    pub capture_time: Option<String>,
    /// `configurationStateId` (or `configurationStateID`), as text.
    pub state_id: Option<String>,
    /// `configurationItemStatus` (`OK`, `ResourceDiscovered`, `ResourceDeleted`, ...).
    pub status: Option<String>,
    /// `relatedEvents`: the CloudTrail event ids of the API calls that caused the change.
    pub related_events: Vec<String>,
    /// The item as written, with `configuration` and `supplementaryConfiguration` values that
    /// the API gives as JSON strings parsed.
    pub item: Value,
    /// Where it was read.
    pub origin: crate::Origin,
}

/// Every configuration item of one resource in the AWS Config configuration history and
/// snapshot files (`*.json`, `*.json.gz`) under `dir`, ordered by
/// `configurationItemCaptureTime`, then `configurationStateId` (numerically), then file order.
/// `resource` is the resource's id, ARN or name. Files that are not AWS Config files are
/// skipped; files that cannot be read or parsed are errors.
pub fn configuration_history(
    dir: &std::path::Path,
    resource: &str,
) -> Result<Vec<ConfigurationItem>, crate::LoadErrors> {
    let (files, mut errors) = crate::source::walk(dir);
    let mut found = Vec::new();
    for file in files {
        let name = file.to_string_lossy();
        let gz = name.ends_with(".json.gz");
        if !gz && !name.ends_with(".json") {
            continue;
        }
        let bytes = if gz {
            let mut bytes = Vec::new();
            std::fs::File::open(&file)
                .and_then(|f| {
                    std::io::Read::read_to_end(
                        &mut flate2::read::MultiGzDecoder::new(f),
                        &mut bytes,
                    )
                })
                .map(|_| bytes)
        } else {
            std::fs::read(&file)
        };
        let text = match bytes.map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                errors.push(LoadError::Syntax {
                    path: file.clone(),
                    line: 1,
                    column: 1,
                    format: "UTF-8",
                    message: "the file is not UTF-8 text".into(),
                });
                continue;
            }
            Err(source) => {
                errors.push(LoadError::Io { path: file, source });
                continue;
            }
        };
        let source = SourceFile {
            path: Arc::from(file.as_path()),
            text: text.into(),
            place: crate::source::place(dir, &file),
        };
        let doc = match Document::parse(&source) {
            Ok(doc) => doc,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if !is_config_file(&doc) {
            continue;
        }
        let items: Vec<crate::Resource<Item>> = match doc.list("configurationItems") {
            Ok(items) => items,
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        for r in items {
            let data = r.data;
            let matches = [&data.resource_id, &data.arn, &data.resource_name]
                .into_iter()
                .any(|v| v.as_deref() == Some(resource));
            if !matches {
                continue;
            }
            let mut item = r.raw.to_value().unwrap_or(Value::Null);
            for key in ["configuration", "supplementaryConfiguration"] {
                if let Some(v) = item.get_mut(key) {
                    *v = parse_embedded(v);
                }
                if let Some(Value::Object(map)) = item.get_mut(key) {
                    for v in map.values_mut() {
                        *v = parse_embedded(v);
                    }
                }
            }
            let state_id = match &data.configuration_state_id {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            found.push((
                state_order(&data),
                ConfigurationItem {
                    resource_type: data.resource_type,
                    resource_id: data.resource_id,
                    resource_name: data.resource_name,
                    arn: data.arn,
                    capture_time: data.configuration_item_capture_time,
                    state_id,
                    status: data.configuration_item_status,
                    related_events: data
                        .related_events
                        .unwrap_or_default()
                        .into_iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                    item,
                    origin: r.origin,
                },
            ));
        }
    }
    if let Some(errors) = crate::LoadErrors::new(errors) {
        return Err(errors);
    }
    // The sort is stable: equal keys keep file order.
    // Times are compared as instants (`09:41:03Z` before `09:41:03.120Z`), text that is not a
    // time after them.
    let instant = |t: &Option<String>| {
        let parsed = t.as_deref().map(crate::Timestamp::parse);
        (
            parsed.as_ref().is_some_and(Result::is_err),
            parsed.and_then(Result::ok),
            t.clone(),
        )
    };
    found.sort_by_cached_key(|(state, item)| (instant(&item.capture_time), state.clone()));
    Ok(found.into_iter().map(|(_, item)| item).collect())
}

/// What a file of configuration items becomes: files in the shape of AWS CLI outputs, each
/// with the place it would have in a snapshot directory.
#[derive(Debug)]
pub(crate) struct Converted {
    pub files: Vec<SourceFile>,
    pub warnings: Vec<Warning>,
}

/// Whether `doc` is an AWS Config snapshot or history file.
pub(crate) fn is_config_file(doc: &Document<'_>) -> bool {
    doc.is(
        "configurationItems",
        &["fileVersion", "configSnapshotId", "requestId"],
    )
}

/// Converts the configuration items of `doc` into CLI-shaped files.
pub(crate) fn convert(doc: &Document<'_>) -> Result<Converted, Vec<LoadError>> {
    let items: Vec<crate::Resource<Item>> = doc.list("configurationItems")?;
    let mut items: Vec<(usize, Item)> = items
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i, r.data))
        .collect();
    items.sort_by(|(i, a), (j, b)| {
        a.configuration_item_capture_time
            .cmp(&b.configuration_item_capture_time)
            .then_with(|| state_order(a).cmp(&state_order(b)))
            .then(i.cmp(j))
    });
    // The latest state of each resource.
    let mut latest: BTreeMap<(String, String, String, String), Item> = BTreeMap::new();
    for (i, item) in items {
        let key = (
            item.account_id.clone().unwrap_or_default(),
            item.aws_region.clone().unwrap_or_default(),
            item.resource_type.clone(),
            item.resource_id
                .clone()
                .or_else(|| item.resource_name.clone())
                .unwrap_or_else(|| format!("#{i}")),
        );
        latest.insert(key, item);
    }

    let mut out = Outputs::default();
    let mut not_modelled: BTreeMap<String, usize> = BTreeMap::new();
    for ((account, region, resource_type, _), item) in latest {
        let deleted = item
            .configuration_item_status
            .as_deref()
            .is_some_and(|s| s.starts_with("ResourceDeleted") || s == "ResourceNotRecorded");
        if deleted {
            continue;
        }
        let Some(configuration) = item.configuration.as_ref().map(parse_embedded) else {
            continue;
        };
        let regional = (account.clone(), region.clone());
        let global = (account.clone(), String::new());
        let key = match resource_type.as_str() {
            "AWS::EC2::VPC" => Some((regional, "Vpcs")),
            "AWS::EC2::Subnet" => Some((regional, "Subnets")),
            "AWS::EC2::SecurityGroup" => Some((regional, "SecurityGroups")),
            "AWS::EC2::NetworkInterface" => Some((regional, "NetworkInterfaces")),
            "AWS::EC2::Instance" => Some((regional, "Instances")),
            "AWS::EC2::RouteTable" => Some((regional, "RouteTables")),
            "AWS::EC2::InternetGateway" => Some((regional, "InternetGateways")),
            "AWS::EC2::NetworkAcl" => Some((regional, "NetworkAcls")),
            "AWS::EC2::Volume" => Some((regional, "Volumes")),
            "AWS::IAM::User" => Some((global, "UserDetailList")),
            "AWS::IAM::Role" => Some((global, "RoleDetailList")),
            "AWS::IAM::Group" => Some((global, "GroupDetailList")),
            "AWS::IAM::Policy" => Some((global, "Policies")),
            "AWS::S3::Bucket" => {
                out.bucket(&account, &region, &configuration, &item);
                None
            }
            _ => {
                *not_modelled.entry(resource_type.clone()).or_default() += 1;
                None
            }
        };
        if let Some((scope, list)) = key {
            out.lists
                .entry(scope)
                .or_default()
                .entry(list)
                .or_default()
                .push(pascal(&configuration));
        }
    }

    let mut warnings = Vec::new();
    for (resource_type, n) in not_modelled {
        warnings.push(Warning {
            path: doc.path().to_owned(),
            kind: WarningKind::NotModelled,
            message: format!(
                "AWS Config resource type {resource_type} ({n} resource{}) is recognised but not modelled yet; skipped",
                if n == 1 { "" } else { "s" }
            ),
        });
    }
    Ok(Converted {
        files: out.files(doc),
        warnings,
    })
}

/// `configurationStateId` is a number written as a string in current files: order numbers
/// numerically, and anything else as text after them.
fn state_order(item: &Item) -> (usize, String) {
    match &item.configuration_state_id {
        Some(Value::Number(n)) => (n.to_string().len(), n.to_string()),
        Some(Value::String(s)) if s.bytes().all(|b| b.is_ascii_digit()) => {
            let s = s.trim_start_matches('0');
            (s.len(), s.to_owned())
        }
        Some(Value::String(s)) => (usize::MAX, s.clone()),
        _ => (0, String::new()),
    }
}

/// A value that the API gives as a JSON string and delivered files as JSON.
fn parse_embedded(value: &Value) -> Value {
    match value {
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| value.clone()),
        other => other.clone(),
    }
}

/// camelCase keys to PascalCase, at every level. In security group rules AWS Config keeps
/// both `ipRanges` (bare CIDRs) and `ipv4Ranges` (`{"cidrIp"}` objects, the CLI's
/// `IpRanges`): the latter is used.
fn pascal(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let has_v4 = map.contains_key("ipv4Ranges");
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k.as_str() {
                    "ipRanges" if has_v4 => continue,
                    "ipv4Ranges" => "IpRanges".to_owned(),
                    _ => upper_first(k),
                };
                out.insert(key, pascal(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(pascal).collect()),
        other => other.clone(),
    }
}

fn upper_first(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The CLI-shaped outputs gathered from one file.
#[derive(Default)]
struct Outputs {
    /// By (account, region; empty for global), then top-level key.
    lists: BTreeMap<(String, String), BTreeMap<&'static str, Vec<Value>>>,
    /// `list-buckets` entries by account.
    buckets: BTreeMap<String, Vec<Value>>,
    /// Per-bucket outputs: (account, bucket, command, output).
    settings: Vec<(String, String, &'static str, Value)>,
}

impl Outputs {
    fn bucket(&mut self, account: &str, region: &str, configuration: &Value, item: &Item) {
        let Some(name) = configuration
            .get("name")
            .and_then(Value::as_str)
            .or(item.resource_name.as_deref())
            .or(item.resource_id.as_deref())
        else {
            return;
        };
        let mut listed = json!({"Name": name});
        if let Some(created) = configuration.get("creationDate") {
            listed["CreationDate"] = created.clone();
        }
        if !region.is_empty() {
            listed["BucketRegion"] = json!(region);
        }
        self.buckets
            .entry(account.to_owned())
            .or_default()
            .push(listed);
        let supplementary = item.supplementary_configuration.as_ref();
        let get = |key: &str| supplementary.and_then(|s| s.get(key)).map(parse_embedded);
        let mut add = |command: &'static str, output: Value| {
            self.settings
                .push((account.to_owned(), name.to_owned(), command, output));
        };
        if let Some(text) = get("BucketPolicy")
            .as_ref()
            .and_then(|p| p.get("policyText"))
            .and_then(Value::as_str)
        {
            add("get-bucket-policy", json!({"Policy": text}));
        }
        if let Some(block) = get("PublicAccessBlockConfiguration").filter(Value::is_object) {
            add(
                "get-public-access-block",
                json!({"PublicAccessBlockConfiguration": pascal(&block)}),
            );
        }
        if let Some(sse) = get("ServerSideEncryptionConfiguration").filter(Value::is_object) {
            let rules: Vec<Value> = sse
                .get("rules")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|rule| {
                    let by_default = rule.get("applyServerSideEncryptionByDefault");
                    let mut out = json!({});
                    if let Some(d) = by_default.filter(|d| d.is_object()) {
                        let mut inner = json!({"SSEAlgorithm": d.get("sseAlgorithm").cloned().unwrap_or(Value::Null)});
                        if let Some(key) = d.get("kmsMasterKeyID").filter(|k| !k.is_null()) {
                            inner["KMSMasterKeyID"] = key.clone();
                        }
                        out["ApplyServerSideEncryptionByDefault"] = inner;
                    }
                    if let Some(b) = rule.get("bucketKeyEnabled").filter(|b| !b.is_null()) {
                        out["BucketKeyEnabled"] = b.clone();
                    }
                    out
                })
                .collect();
            add(
                "get-bucket-encryption",
                json!({"ServerSideEncryptionConfiguration": {"Rules": rules}}),
            );
        }
        if let Some(versioning) = get("BucketVersioningConfiguration").filter(Value::is_object) {
            let mut out = json!({});
            if let Some(status) = versioning
                .get("status")
                .and_then(Value::as_str)
                .filter(|s| *s != "Off")
            {
                out["Status"] = json!(status);
            }
            if let Some(mfa) = versioning
                .get("isMfaDeleteEnabled")
                .and_then(Value::as_bool)
            {
                out["MFADelete"] = json!(if mfa { "Enabled" } else { "Disabled" });
            }
            add("get-bucket-versioning", out);
        }
        if let Some(logging) = get("BucketLoggingConfiguration").filter(Value::is_object) {
            let out = match logging.get("destinationBucketName").and_then(Value::as_str) {
                Some(target) => json!({"LoggingEnabled": {
                    "TargetBucket": target,
                    "TargetPrefix": logging.get("logFilePrefix").and_then(Value::as_str).unwrap_or(""),
                }}),
                None => json!({}),
            };
            add("get-bucket-logging", out);
        }
    }

    fn files(self, doc: &Document<'_>) -> Vec<SourceFile> {
        let base = doc.place();
        let path = doc.file.path.clone();
        let file = |account: &str,
                    region: Option<Region>,
                    service: &str,
                    resource: Option<&str>,
                    command: &str,
                    value: Value| {
            let folder = base.folder.join(format!(
                "awsconfig/{account}/{}/{service}",
                region.as_ref().map_or("global", Region::as_str)
            ));
            SourceFile {
                path: Arc::clone(&path),
                text: value.to_string().into(),
                place: Place {
                    account: (!account.is_empty()).then(|| account.to_owned()),
                    global: region.is_none(),
                    region,
                    service: Some(service.to_owned()),
                    resource: resource.map(str::to_owned),
                    command: command.to_owned(),
                    folder,
                    path: PathBuf::from(&*path),
                },
            }
        };
        let mut out = Vec::new();
        for ((account, region), lists) in self.lists {
            let region = Region::new(&region).ok();
            if region.is_none() {
                let mut details = json!({
                    "UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []
                });
                for (key, list) in lists {
                    details[key] = Value::Array(list);
                }
                out.push(file(
                    &account,
                    None,
                    "iam",
                    None,
                    "get-account-authorization-details",
                    details,
                ));
                continue;
            }
            for (key, list) in lists {
                let value = if key == "Instances" {
                    json!({"Reservations": [{"Instances": list}]})
                } else {
                    json!({ key: list })
                };
                out.push(file(
                    &account,
                    region.clone(),
                    "ec2",
                    None,
                    &format!("describe-{}", key.to_ascii_lowercase()),
                    value,
                ));
            }
        }
        for (account, buckets) in self.buckets {
            out.push(file(
                &account,
                None,
                "s3",
                None,
                "list-buckets",
                json!({ "Buckets": buckets }),
            ));
        }
        for (account, bucket, command, value) in self.settings {
            out.push(file(&account, None, "s3", Some(&bucket), command, value));
        }
        out
    }
}
