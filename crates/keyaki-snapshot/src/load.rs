//! Reading a snapshot directory into a [`Snapshot`].
//!
//! Files are read and parsed in parallel, then merged in path order, so the result does not
//! depend on thread scheduling.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use keyaki_core::{AccountId, Partition, Region};
use rayon::prelude::*;

use crate::document::Document;
use crate::services::{self, Output};
use crate::snapshot::{Account, LoadReport, Snapshot};
use crate::source::{self, Place, SourceFile};
use crate::{LoadError, Warning, WarningKind};

/// Outputs that keyaki recognises but does not model yet: top-level key and the command that
/// writes it. They are reported as such rather than as unknown files.
const NOT_MODELLED: &[(&str, &str)] = &[
    ("AvailabilityZones", "ec2 describe-availability-zones"),
    ("CustomerGateways", "ec2 describe-customer-gateways"),
    ("DhcpOptions", "ec2 describe-dhcp-options"),
    (
        "DirectConnectGatewayAssociations",
        "directconnect describe-direct-connect-gateway-associations",
    ),
    (
        "DirectConnectGateways",
        "directconnect describe-direct-connect-gateways",
    ),
    ("DomainStatusList", "es describe-elasticsearch-domains"),
    ("Hosts", "ec2 describe-hosts"),
    ("InstanceStatuses", "ec2 describe-instance-status"),
    ("Instances", "ec2 describe-classic-link-instances"),
    (
        "LoadBalancerAttributes",
        "elbv2 describe-load-balancer-attributes",
    ),
    ("MovingAddressStatuses", "ec2 describe-moving-addresses"),
    ("PlacementGroups", "ec2 describe-placement-groups"),
    ("ServiceNames", "ec2 describe-vpc-endpoint-services"),
    ("Tags", "ec2 describe-tags"),
    (
        "VirtualInterfaces",
        "directconnect describe-virtual-interfaces",
    ),
    ("VpnConnections", "ec2 describe-vpn-connections"),
    ("VpnGateways", "ec2 describe-vpn-gateways"),
];

/// Files that are not data and are skipped without a warning.
fn is_documentation(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("readme")
        || lower.starts_with("license")
        || lower.starts_with("notice")
        || lower.ends_with(".md")
}

enum Parsed {
    Output(Box<Output>),
    NotModelled {
        key: String,
        command: &'static str,
    },
    Unknown(String),
    /// An AWS Config snapshot or history file: outputs of several accounts and regions.
    Config(Vec<(Place, Output)>, Vec<Warning>),
}

struct ParsedFile {
    path: Arc<Path>,
    place: Place,
    result: Result<Parsed, Vec<LoadError>>,
}

pub(crate) fn load(path: &Path) -> LoadReport {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let root = match source::snapshot_root(path) {
        Ok(root) => root,
        Err(e) => {
            errors.push(e);
            let snapshot = finish(path.to_owned(), Vec::new(), warnings, 0);
            return LoadReport { snapshot, errors };
        }
    };
    let (files, walk_errors) = source::walk(&root);
    errors.extend(walk_errors);

    let candidates: Vec<_> = files
        .into_iter()
        .filter(|file| {
            let relative = file.strip_prefix(&root).unwrap_or(file);
            // Logs sit beside a snapshot (`SNAP/logs/`) and are read by `keyaki ingest`.
            if relative
                .components()
                .next()
                .is_some_and(|c| c.as_os_str() == "logs")
            {
                return false;
            }
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if is_documentation(&name) {
                return false;
            }
            // Gzipped JSON is how AWS Config delivers its snapshot and history files.
            if name.ends_with(".json") || name.ends_with(".csv") || name.ends_with(".json.gz") {
                return true;
            }
            warnings.push(Warning {
                path: file.clone(),
                kind: WarningKind::UnknownFile,
                message: "not a .json or .csv file; skipped".into(),
            });
            false
        })
        .collect();
    let file_count = candidates.len();

    let parsed: Vec<ParsedFile> = candidates
        .par_iter()
        .map(|file| parse_file(&root, file))
        .collect();

    let mut builder = Builder::default();
    for file in parsed {
        match file.result {
            Err(file_errors) => errors.extend(file_errors),
            Ok(Parsed::Unknown(keys)) => warnings.push(Warning {
                path: file.path.to_path_buf(),
                kind: WarningKind::UnknownFile,
                message: format!(
                    "not an AWS CLI output keyaki knows (top-level keys: {keys}); skipped"
                ),
            }),
            Ok(Parsed::NotModelled { key, command }) => warnings.push(Warning {
                path: file.path.to_path_buf(),
                kind: WarningKind::NotModelled,
                message: format!(
                    "output of `aws {command}` ({key}) is recognised but not modelled yet; skipped"
                ),
            }),
            Ok(Parsed::Output(output)) => builder.add(file.path, file.place, *output),
            Ok(Parsed::Config(outputs, config_warnings)) => {
                warnings.extend(config_warnings);
                for (place, output) in outputs {
                    builder.add(Arc::clone(&file.path), place, output);
                }
            }
        }
    }
    let accounts = builder.build(&root, &mut warnings);
    let snapshot = finish(root, accounts, warnings, file_count);
    LoadReport { snapshot, errors }
}

fn parse_file(root: &Path, file: &Path) -> ParsedFile {
    let path: Arc<Path> = Arc::from(file);
    let place = source::place(root, file);
    let read = if file.to_string_lossy().ends_with(".gz") {
        read_gzip(file)
    } else {
        std::fs::read(file)
    };
    let text = match read {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
                let line = prefix.matches('\n').count() + 1;
                let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let error = LoadError::Syntax {
                    path: file.to_owned(),
                    line,
                    column,
                    format: "UTF-8",
                    message: "the file is not UTF-8 text".into(),
                };
                return ParsedFile {
                    path,
                    place,
                    result: Err(vec![error]),
                };
            }
        },
        Err(source) => {
            return ParsedFile {
                path,
                place,
                result: Err(vec![LoadError::Io {
                    path: file.to_owned(),
                    source,
                }]),
            };
        }
    };
    let source = SourceFile {
        path: Arc::clone(&path),
        text: text.into(),
        place: place.clone(),
    };
    let result = if file.extension().is_some_and(|e| e == "csv") {
        match services::iam::recognize_csv(&source) {
            Some(result) => result.map(|o| Parsed::Output(Box::new(Output::Iam(o)))),
            None => Ok(Parsed::Unknown(
                "(a CSV file that is not the IAM credential report)".into(),
            )),
        }
    } else {
        match Document::parse(&source) {
            Err(e) => Err(vec![e]),
            Ok(doc) if services::awsconfig::is_config_file(&doc) => config_file(&doc),
            Ok(_) if file.to_string_lossy().ends_with(".gz") => Ok(Parsed::Unknown(
                "(a gzipped JSON file that is not an AWS Config snapshot or history file)".into(),
            )),
            Ok(doc) => match services::recognize(&doc) {
                Some(result) => result.map(|o| Parsed::Output(Box::new(o))),
                None => Ok(classify_unknown(&doc)),
            },
        }
    };
    ParsedFile {
        path,
        place,
        result,
    }
}

fn read_gzip(file: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(file)?).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Converts an AWS Config file into CLI-shaped outputs and reads them with the services'
/// parsers.
fn config_file(doc: &Document<'_>) -> Result<Parsed, Vec<LoadError>> {
    let converted = services::awsconfig::convert(doc)?;
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for source in &converted.files {
        match Document::parse(source) {
            Err(e) => errors.push(e),
            Ok(inner) => match services::recognize(&inner) {
                Some(Ok(output)) => outputs.push((source.place.clone(), output)),
                Some(Err(e)) => errors.extend(e),
                None => {}
            },
        }
    }
    if errors.is_empty() {
        Ok(Parsed::Config(outputs, converted.warnings))
    } else {
        Err(errors)
    }
}

fn classify_unknown(doc: &Document<'_>) -> Parsed {
    let keys: Vec<&str> = doc.keys().collect();
    if let [key] = keys.as_slice()
        && let Some((_, command)) = NOT_MODELLED.iter().find(|(k, _)| k == key)
    {
        return Parsed::NotModelled {
            key: (*key).to_owned(),
            command,
        };
    }
    if keys.contains(&"ServiceNames") {
        return Parsed::NotModelled {
            key: "ServiceNames".into(),
            command: "ec2 describe-vpc-endpoint-services",
        };
    }
    Parsed::Unknown(if keys.is_empty() {
        "none".into()
    } else {
        keys.join(", ")
    })
}

/// A parsed file: where it was, and what it held.
type PlacedOutput = (Arc<Path>, Place, Output);

/// Parsed outputs grouped by account, waiting for regions and account ids to be settled.
#[derive(Default)]
struct Builder {
    /// By account folder label; `None` for files outside `accounts/`.
    accounts: BTreeMap<Option<String>, Vec<PlacedOutput>>,
}

impl Builder {
    fn add(&mut self, path: Arc<Path>, place: Place, output: Output) {
        self.accounts
            .entry(place.account.clone())
            .or_default()
            .push((path, place, output));
    }

    fn build(self, root: &Path, warnings: &mut Vec<Warning>) -> Vec<Account> {
        let mut accounts = Vec::new();
        for (label, outputs) in self.accounts {
            // A region for every folder whose path does not give one: the first region its
            // resources name (availability zones, ARNs).
            let mut folder_regions: HashMap<&Path, Region> = HashMap::new();
            for (_, place, output) in &outputs {
                if place.region.is_none()
                    && !place.global
                    && !output.is_global()
                    && !folder_regions.contains_key(place.folder.as_path())
                    && let Some(region) = output.region_hint()
                {
                    folder_regions.insert(place.folder.as_path(), region);
                }
            }
            let folder_regions: HashMap<_, _> = folder_regions
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect();

            let mut owners: BTreeMap<String, usize> = BTreeMap::new();
            let mut account = Account {
                label: label.clone().unwrap_or_default(),
                ..Account::default()
            };
            let mut unplaced = Vec::new();
            for (path, place, output) in outputs {
                output.owner_hints(&mut |owner| *owners.entry(owner.to_owned()).or_default() += 1);
                if output.is_global() {
                    absorb_global(&mut account, output, &place, warnings);
                    continue;
                }
                let region = place
                    .region
                    .clone()
                    .or_else(|| folder_regions.get(&place.folder).cloned());
                if region.is_none() {
                    unplaced.push(path.to_path_buf());
                }
                absorb_regional(&mut account, region.as_ref(), output, &place, warnings);
            }
            for region in &mut account.regions {
                region.ec2.settle(warnings);
                region.elbv2.settle(warnings);
            }
            unplaced.sort();
            unplaced.dedup();
            for path in unplaced {
                warnings.push(Warning {
                    path,
                    kind: WarningKind::Location,
                    message: "neither the path nor the content names a region; the resources are kept without one".into(),
                });
            }
            settle_identity(&mut account, root, label.as_deref(), &owners, warnings);
            accounts.push(account);
        }
        // An organisation snapshot keeps the organisation's files at its root, beside
        // `accounts/`: that root "account" is the management account when account.json
        // says so, and otherwise only carries the organisation.
        accounts
    }
}

fn absorb_global(
    account: &mut Account,
    output: Output,
    place: &Place,
    warnings: &mut Vec<Warning>,
) {
    match output {
        Output::Sts(o) => account.sts.absorb(o, place, warnings),
        Output::Iam(o) => account.iam.absorb(o, place, warnings),
        Output::Organizations(o) => account.organizations.absorb(o, place, warnings),
        Output::S3(o) => account.s3.absorb(o, place, warnings),
        regional => absorb_regional(account, None, regional, place, warnings),
    }
}

fn absorb_regional(
    account: &mut Account,
    region: Option<&Region>,
    output: Output,
    place: &Place,
    warnings: &mut Vec<Warning>,
) {
    let data = account.region_mut(region);
    match output {
        Output::Ec2(o) => data.ec2.absorb(o, place, warnings),
        Output::Elbv2(o) => data.elbv2.absorb(o, place, warnings),
        Output::Rds(o) => data.rds.absorb(o, place, warnings),
        Output::Lambda(o) => data.lambda.absorb(o, place, warnings),
        Output::Kms(o) => data.kms.absorb(o, place, warnings),
        Output::CloudTrail(o) => data.cloudtrail.absorb(o, place, warnings),
        Output::CloudWatch(o) => data.cloudwatch.absorb(o, place, warnings),
        Output::Logs(o) => data.logs.absorb(o, place, warnings),
        Output::Efs(o) => data.efs.absorb(o, place, warnings),
        Output::AccessAnalyzer(o) => data.accessanalyzer.absorb(o, place, warnings),
        Output::ConfigService(o) => data.config.absorb(o, place, warnings),
        Output::GuardDuty(o) => data.guardduty.absorb(o, place, warnings),
        Output::SecurityHub(o) => data.securityhub.absorb(o, place, warnings),
        Output::SecretsManager(o) => data.secretsmanager.absorb(o, place, warnings),
        Output::Sns(o) => data.sns.absorb(o, place, warnings),
        Output::Sqs(o) => data.sqs.absorb(o, place, warnings),
        global => absorb_global(account, global, place, warnings),
    }
}

/// Settles the account id and partition: the `accounts/<id>` folder name, else the caller
/// identity, else the account that owns the resources.
fn settle_identity(
    account: &mut Account,
    root: &Path,
    label: Option<&str>,
    owners: &BTreeMap<String, usize>,
    warnings: &mut Vec<Warning>,
) {
    let from_label = label.and_then(|l| AccountId::new(l).ok());
    let from_sts = account.sts.account_id();
    let owner = owners
        .iter()
        .max_by_key(|(id, n)| (**n, std::cmp::Reverse(id.as_str())))
        .and_then(|(id, _)| AccountId::new(id).ok());
    account.id = from_label
        .clone()
        .or_else(|| from_sts.clone())
        .or_else(|| owner.clone());
    if let (Some(folder), Some(sts)) = (&from_label, &from_sts)
        && folder != sts
    {
        warnings.push(Warning {
            path: root.join("accounts").join(&account.label),
            kind: WarningKind::Location,
            message: format!(
                "folder says account {folder} but account.json says {sts}; using {folder}"
            ),
        });
    }
    if account.id.is_none() {
        let path = if account.label.is_empty() {
            root.to_owned()
        } else {
            root.join("accounts").join(&account.label)
        };
        warnings.push(Warning {
            path,
            kind: WarningKind::Location,
            message: match label {
                Some(l) => format!("folder name {l:?} is not a 12-digit account id, and neither account.json nor the resources say which account this is"),
                None => "no account.json (sts get-caller-identity) and no resource names its owner; the account id is unknown".into(),
            },
        });
    }
    if account.label.is_empty() {
        account.label = account
            .id
            .as_ref()
            .map(|id| id.to_string())
            .unwrap_or_default();
    }
    account.partition = account.sts.partition().or_else(|| {
        account
            .regions
            .iter()
            .filter_map(|r| r.region.as_ref())
            .next()
            .map(partition_of_region)
    });
}

fn partition_of_region(region: &Region) -> Partition {
    let code = region.as_str();
    if code.starts_with("cn-") {
        Partition::AwsCn
    } else if code.starts_with("us-gov-") {
        Partition::AwsUsGov
    } else if code.starts_with("us-isob-") {
        Partition::AwsIsoB
    } else if code.starts_with("us-iso-") {
        Partition::AwsIso
    } else if code.starts_with("eu-isoe-") {
        Partition::AwsIsoE
    } else if code.starts_with("us-isof-") {
        Partition::AwsIsoF
    } else if code.starts_with("eusc-") {
        Partition::AwsEusc
    } else {
        Partition::Aws
    }
}

fn finish(
    root: std::path::PathBuf,
    accounts: Vec<Account>,
    mut warnings: Vec<Warning>,
    files: usize,
) -> Snapshot {
    warnings.sort();
    warnings.dedup();
    Snapshot {
        root,
        accounts,
        warnings,
        files,
        inventory: std::sync::OnceLock::new(),
    }
}

/// Lists every resource of every account, and indexes the list by id and ARN.
pub(crate) fn build_inventory(accounts: &[Account]) -> crate::snapshot::Inventory {
    let mut inventory = Vec::new();
    for account in accounts {
        let scope = account.global_scope();
        account.sts.inventory(&scope, &mut inventory);
        account.iam.inventory(&scope, &mut inventory);
        account.organizations.inventory(&scope, &mut inventory);
        account.s3.inventory(&scope, &mut inventory);
        for region in &account.regions {
            let scope = region.scope(account);
            region.ec2.inventory(&scope, &mut inventory);
            region.elbv2.inventory(&scope, &mut inventory);
            region.rds.inventory(&scope, &mut inventory);
            region.lambda.inventory(&scope, &mut inventory);
            region.kms.inventory(&scope, &mut inventory);
            region.cloudtrail.inventory(&scope, &mut inventory);
            region.cloudwatch.inventory(&scope, &mut inventory);
            region.logs.inventory(&scope, &mut inventory);
            region.efs.inventory(&scope, &mut inventory);
            region.accessanalyzer.inventory(&scope, &mut inventory);
            region.config.inventory(&scope, &mut inventory);
            region.guardduty.inventory(&scope, &mut inventory);
            region.securityhub.inventory(&scope, &mut inventory);
            region.secretsmanager.inventory(&scope, &mut inventory);
            region.sns.inventory(&scope, &mut inventory);
            region.sqs.inventory(&scope, &mut inventory);
        }
    }
    let mut index: HashMap<String, Vec<usize>> = HashMap::with_capacity(inventory.len() * 2);
    for (i, item) in inventory.iter().enumerate() {
        index.entry(item.id.clone()).or_default().push(i);
        if let Some(arn) = &item.arn
            && arn != &item.id
        {
            index.entry(arn.clone()).or_default().push(i);
        }
    }
    crate::snapshot::Inventory {
        items: inventory,
        index,
    }
}
