//! Generated snapshots read back: determinism, layout, pagination, counts, and that every id
//! one file names exists where it should.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on unexpected input"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use keyaki_synth::{Error, Summary, SynthConfig, generate};
use proptest::prelude::*;
use serde_json::Value;

fn small() -> SynthConfig {
    SynthConfig {
        accounts: 1,
        principals: 24,
        policies: 10,
        buckets: 6,
        instances: 40,
        enis: 70,
        security_groups: 24,
        seed: 11,
        ..SynthConfig::default()
    }
}

fn run(config: &SynthConfig) -> (tempfile::TempDir, Summary) {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(config, dir.path()).unwrap();
    (dir, summary)
}

/// Every file under `root`, by path relative to it.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// `describe-vpcs` for `describe-vpcs.json` and `describe-vpcs.3.json`.
fn stem(path: &Path) -> String {
    let name = path.file_name().unwrap().to_str().unwrap();
    let name = name.strip_suffix(".json").unwrap();
    match name.rsplit_once('.') {
        Some((stem, n)) if n.chars().all(|c| c.is_ascii_digit()) => stem.to_owned(),
        _ => name.to_owned(),
    }
}

fn page_number(path: &Path) -> Option<usize> {
    let name = path.file_name()?.to_str()?.strip_suffix(".json")?;
    name.rsplit_once('.').and_then(|(_, n)| n.parse().ok())
}

/// The top-level keys each command prints.
fn expected_keys(stem: &str) -> &'static [&'static str] {
    match stem {
        "account" => &["UserId", "Account", "Arn"],
        "get-account-authorization-details" => &[
            "UserDetailList",
            "GroupDetailList",
            "RoleDetailList",
            "Policies",
        ],
        "list-buckets" => &["Buckets", "Owner"],
        "get-bucket-policy" => &["Policy"],
        "get-public-access-block" => &["PublicAccessBlockConfiguration"],
        "get-bucket-encryption" => &["ServerSideEncryptionConfiguration"],
        "get-bucket-versioning" => &["Status"],
        "describe-vpcs" => &["Vpcs"],
        "describe-subnets" => &["Subnets"],
        "describe-route-tables" => &["RouteTables"],
        "describe-internet-gateways" => &["InternetGateways"],
        "describe-nat-gateways" => &["NatGateways"],
        "describe-security-groups" => &["SecurityGroups"],
        "describe-network-acls" => &["NetworkAcls"],
        "describe-network-interfaces" => &["NetworkInterfaces"],
        "describe-instances" => &["Reservations"],
        "describe-addresses" => &["Addresses"],
        "describe-organization" => &["Organization"],
        "list-accounts" => &["Accounts"],
        "list-roots" => &["Roots"],
        other => panic!("unexpected file {other}"),
    }
}

/// The account trees of a snapshot: `accounts/<id>/` for an organisation, else the root.
fn account_roots(root: &Path) -> Vec<PathBuf> {
    let accounts = root.join("accounts");
    if accounts.is_dir() {
        let mut dirs: Vec<PathBuf> = fs::read_dir(accounts)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        dirs.sort();
        dirs
    } else {
        vec![root.to_path_buf()]
    }
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The pages of one output in `dir`, in order.
fn page_files(dir: &Path, stem_name: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && stem(p) == stem_name)
        .collect();
    files.sort_by_key(|p| page_number(p).unwrap_or(0));
    files
}

/// The items under `key` of every page of one output, concatenated.
fn items(dir: &Path, stem_name: &str, key: &str) -> Vec<Value> {
    page_files(dir, stem_name)
        .iter()
        .flat_map(|p| read(p)[key].as_array().unwrap().clone())
        .collect()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn parse_ip(ip: &str) -> u32 {
    let parts: Vec<u32> = ip.split('.').map(|p| p.parse().unwrap()).collect();
    assert_eq!(parts.len(), 4, "{ip}");
    parts.iter().fold(0, |acc, p| {
        assert!(*p < 256);
        acc << 8 | p
    })
}

fn parse_cidr(cidr: &str) -> (u32, u32) {
    let (ip, len) = cidr.split_once('/').unwrap();
    (parse_ip(ip), len.parse().unwrap())
}

fn contains(outer: &str, inner_ip: u32) -> bool {
    let (base, len) = parse_cidr(outer);
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    base & mask == base && inner_ip & mask == base
}

fn assert_hex_id(id: &str, prefix: &str) {
    let rest = id
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('-'))
        .unwrap_or_else(|| panic!("{id} is not a {prefix} id"));
    assert_eq!(rest.len(), 17, "{id}");
    assert!(
        rest.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "{id}"
    );
}

fn assert_unique_id(id: &str, prefix: &str) {
    assert!(id.starts_with(prefix), "{id} should start with {prefix}");
    assert_eq!(id.len(), 21, "{id}");
    assert!(
        id.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        "{id}"
    );
}

/// Counts of what was read back from the files.
#[derive(Debug, Default, PartialEq, Eq)]
struct Seen {
    vpcs: u64,
    subnets: u64,
    security_groups: u64,
    network_interfaces: u64,
    instances: u64,
    users: u64,
    roles: u64,
    customer_policies: u64,
    buckets: u64,
}

/// Checks one account tree and returns what it holds.
fn check_account(root: &Path, global_ids: &mut BTreeSet<String>) -> Seen {
    let mut seen = Seen::default();
    let identity = read(&root.join("account.json"));
    let account = s(&identity, "Account").to_owned();
    assert_eq!(account.len(), 12);
    assert!(account.chars().all(|c| c.is_ascii_digit()));

    // IAM.
    let iam_dir = root.join("global/iam");
    let users = items(
        &iam_dir,
        "get-account-authorization-details",
        "UserDetailList",
    );
    let groups = items(
        &iam_dir,
        "get-account-authorization-details",
        "GroupDetailList",
    );
    let roles = items(
        &iam_dir,
        "get-account-authorization-details",
        "RoleDetailList",
    );
    let policies = items(&iam_dir, "get-account-authorization-details", "Policies");
    let policy_by_arn: BTreeMap<&str, &Value> = policies.iter().map(|p| (s(p, "Arn"), p)).collect();
    assert_eq!(
        policy_by_arn.len(),
        policies.len(),
        "policy ARNs are unique"
    );
    let group_names: BTreeSet<&str> = groups.iter().map(|g| s(g, "GroupName")).collect();
    let mut attachments: BTreeMap<String, u64> = BTreeMap::new();
    let mut boundaries: BTreeMap<&str, u64> = BTreeMap::new();
    let mut profiles: BTreeMap<String, String> = BTreeMap::new();
    let mut count_attached = |entity: &Value, list: &str| {
        for a in arr(entity, list) {
            let arn = a["PolicyArn"].as_str().unwrap();
            let policy = policy_by_arn
                .get(arn)
                .unwrap_or_else(|| panic!("attached {arn} is not listed"));
            assert_eq!(s(policy, "PolicyName"), s(a, "PolicyName"));
            *attachments.entry(arn.to_owned()).or_default() += 1;
        }
    };
    for user in &users {
        assert_unique_id(s(user, "UserId"), "AIDA");
        assert!(global_ids.insert(s(user, "UserId").to_owned()));
        assert!(s(user, "Arn").starts_with(&format!("arn:aws:iam::{account}:user/")));
        assert!(s(user, "Arn").ends_with(&format!("/{}", s(user, "UserName"))));
        for g in arr(user, "GroupList") {
            assert!(
                group_names.contains(g.as_str().unwrap()),
                "user group {g} exists"
            );
        }
        count_attached(user, "AttachedManagedPolicies");
        for inline in arr(user, "UserPolicyList") {
            assert!(inline["PolicyDocument"]["Statement"].is_array());
        }
    }
    for group in &groups {
        assert_unique_id(s(group, "GroupId"), "AGPA");
        count_attached(group, "AttachedManagedPolicies");
    }
    for role in &roles {
        assert_unique_id(s(role, "RoleId"), "AROA");
        assert!(global_ids.insert(s(role, "RoleId").to_owned()));
        assert!(s(role, "Arn").starts_with(&format!("arn:aws:iam::{account}:role/")));
        let trust = &role["AssumeRolePolicyDocument"];
        assert_eq!(trust["Version"], "2012-10-17");
        assert!(!arr(trust, "Statement").is_empty());
        count_attached(role, "AttachedManagedPolicies");
        for profile in arr(role, "InstanceProfileList") {
            assert_unique_id(s(profile, "InstanceProfileId"), "AIPA");
            assert_eq!(s(&arr(profile, "Roles")[0], "RoleId"), s(role, "RoleId"));
            profiles.insert(
                s(profile, "Arn").to_owned(),
                s(profile, "InstanceProfileId").to_owned(),
            );
        }
        assert!(role["RoleLastUsed"].is_object());
    }
    for entity in users.iter().chain(&roles) {
        if let Some(b) = entity.get("PermissionsBoundary") {
            let arn = s(b, "PermissionsBoundaryArn");
            assert!(policy_by_arn.contains_key(arn), "boundary {arn} is listed");
            *boundaries.entry(arn).or_default() += 1;
        }
    }
    for policy in &policies {
        let arn = s(policy, "Arn");
        assert_unique_id(s(policy, "PolicyId"), "ANPA");
        assert_eq!(
            policy["AttachmentCount"].as_u64().unwrap(),
            attachments.get(arn).copied().unwrap_or(0),
            "{arn}"
        );
        assert_eq!(
            policy["PermissionsBoundaryUsageCount"].as_u64().unwrap(),
            boundaries.get(arn).copied().unwrap_or(0),
            "{arn}"
        );
        let versions = arr(policy, "PolicyVersionList");
        let defaults: Vec<&Value> = versions
            .iter()
            .filter(|v| v["IsDefaultVersion"] == true)
            .collect();
        assert_eq!(defaults.len(), 1, "{arn} has one default version");
        assert_eq!(s(defaults[0], "VersionId"), s(policy, "DefaultVersionId"));
        for v in versions {
            assert!(
                v["Document"]["Statement"].is_array(),
                "documents are JSON objects"
            );
        }
        if arn.starts_with(&format!("arn:aws:iam::{account}:policy/")) {
            seen.customer_policies += 1;
        } else {
            assert!(arn.starts_with("arn:aws:iam::aws:policy/"), "{arn}");
            assert!(
                policy["AttachmentCount"].as_u64().unwrap() > 0,
                "only attached AWS managed policies are listed"
            );
        }
    }
    let caller_arn = s(&identity, "Arn");
    if let Some(rest) = caller_arn.strip_prefix(&format!("arn:aws:sts::{account}:assumed-role/")) {
        let role_name = rest.split('/').next().unwrap();
        let role = roles
            .iter()
            .find(|r| s(r, "RoleName") == role_name)
            .expect("caller role exists");
        assert!(s(&identity, "UserId").starts_with(&format!("{}:", s(role, "RoleId"))));
    } else {
        assert_eq!(caller_arn, format!("arn:aws:iam::{account}:root"));
    }
    seen.users = users.len() as u64;
    seen.roles = roles.len() as u64;

    // S3.
    let s3_dir = root.join("global/s3");
    let buckets = items(&s3_dir, "list-buckets", "Buckets");
    let names: Vec<&str> = buckets.iter().map(|b| s(b, "Name")).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "buckets are listed by name");
    for name in &names {
        assert!(
            name.len() <= 63 && *name == name.to_ascii_lowercase(),
            "{name}"
        );
        assert!(
            global_ids.insert(format!("bucket:{name}")),
            "bucket names are unique"
        );
    }
    for entry in fs::read_dir(&s3_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(names.contains(&name), "{name} is a listed bucket");
            let policy = path.join("get-bucket-policy.json");
            if policy.exists() {
                let text = s(&read(&policy), "Policy").to_owned();
                let doc: Value = serde_json::from_str(&text).unwrap();
                assert!(doc["Statement"].is_array());
            }
        }
    }
    seen.buckets = buckets.len() as u64;

    // EC2, region by region.
    for entry in fs::read_dir(root).unwrap() {
        let region_dir = entry.unwrap().path();
        let region = region_dir.file_name().unwrap().to_str().unwrap().to_owned();
        if !region_dir.is_dir() || region == "global" {
            continue;
        }
        assert!(region == "us-east-1" || region == "eu-west-1", "{region}");
        let dir = region_dir.join("ec2");
        let vpcs = items(&dir, "describe-vpcs", "Vpcs");
        let subnets = items(&dir, "describe-subnets", "Subnets");
        let tables = items(&dir, "describe-route-tables", "RouteTables");
        let igws = items(&dir, "describe-internet-gateways", "InternetGateways");
        let nats = items(&dir, "describe-nat-gateways", "NatGateways");
        let sgs = items(&dir, "describe-security-groups", "SecurityGroups");
        let acls = items(&dir, "describe-network-acls", "NetworkAcls");
        let enis = items(&dir, "describe-network-interfaces", "NetworkInterfaces");
        let reservations = items(&dir, "describe-instances", "Reservations");
        let addresses = items(&dir, "describe-addresses", "Addresses");
        assert!(!vpcs.is_empty(), "a region folder has VPCs");

        let vpc_cidr: BTreeMap<&str, &str> = vpcs
            .iter()
            .map(|v| {
                assert_hex_id(s(v, "VpcId"), "vpc");
                assert_eq!(s(v, "OwnerId"), account);
                assert!(global_ids.insert(s(v, "VpcId").to_owned()));
                (s(v, "VpcId"), s(v, "CidrBlock"))
            })
            .collect();
        let mut subnet_vpc: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
        for subnet in &subnets {
            let id = s(subnet, "SubnetId");
            assert_hex_id(id, "subnet");
            let vpc = s(subnet, "VpcId");
            let outer = vpc_cidr
                .get(vpc)
                .unwrap_or_else(|| panic!("subnet {id}: VPC {vpc} exists"));
            let (base, _) = parse_cidr(s(subnet, "CidrBlock"));
            assert!(contains(outer, base), "subnet {id} lies in its VPC");
            assert!(s(subnet, "AvailabilityZone").starts_with(&region));
            assert!(s(subnet, "SubnetArn").ends_with(id));
            subnet_vpc.insert(id, (vpc, s(subnet, "CidrBlock")));
        }
        let sg_vpc: BTreeMap<&str, &str> = sgs
            .iter()
            .map(|g| {
                assert_hex_id(s(g, "GroupId"), "sg");
                assert!(vpc_cidr.contains_key(s(g, "VpcId")));
                (s(g, "GroupId"), s(g, "VpcId"))
            })
            .collect();
        let mut defaults: BTreeMap<&str, usize> = BTreeMap::new();
        for g in &sgs {
            if s(g, "GroupName") == "default" {
                *defaults.entry(s(g, "VpcId")).or_default() += 1;
            }
            for list in ["IpPermissions", "IpPermissionsEgress"] {
                for perm in arr(g, list) {
                    for key in [
                        "UserIdGroupPairs",
                        "IpRanges",
                        "Ipv6Ranges",
                        "PrefixListIds",
                    ] {
                        assert!(perm[key].is_array(), "{key} is always present");
                    }
                    for pair in arr(perm, "UserIdGroupPairs") {
                        let other = s(pair, "GroupId");
                        assert_eq!(
                            sg_vpc.get(other),
                            Some(&s(g, "VpcId")),
                            "referenced group {other} is in the VPC"
                        );
                        assert_eq!(s(pair, "UserId"), account);
                    }
                    for pl in arr(perm, "PrefixListIds") {
                        assert!(s(pl, "PrefixListId").starts_with("pl-"));
                    }
                }
            }
        }
        for vpc in vpc_cidr.keys() {
            assert_eq!(
                defaults.get(vpc),
                Some(&1),
                "VPC {vpc} has one default group"
            );
        }
        let igw_vpc: BTreeMap<&str, &str> = igws
            .iter()
            .map(|i| {
                assert_hex_id(s(i, "InternetGatewayId"), "igw");
                let vpc = s(&arr(i, "Attachments")[0], "VpcId");
                assert!(vpc_cidr.contains_key(vpc));
                (s(i, "InternetGatewayId"), vpc)
            })
            .collect();

        // Interfaces, by id.
        let mut eni_by_id: BTreeMap<&str, &Value> = BTreeMap::new();
        let mut private_ips = BTreeSet::new();
        for eni in &enis {
            let id = s(eni, "NetworkInterfaceId");
            assert_hex_id(id, "eni");
            assert!(global_ids.insert(id.to_owned()), "{id} is unique");
            let subnet = s(eni, "SubnetId");
            let (vpc, cidr) = subnet_vpc
                .get(subnet)
                .copied()
                .unwrap_or_else(|| panic!("{id}: subnet exists"));
            assert_eq!(s(eni, "VpcId"), vpc);
            let ip = s(eni, "PrivateIpAddress");
            assert!(contains(cidr, parse_ip(ip)), "{id}: {ip} in {cidr}");
            assert!(private_ips.insert((vpc, ip)), "{ip} is used once in {vpc}");
            assert_eq!(
                s(&arr(eni, "PrivateIpAddresses")[0], "PrivateIpAddress"),
                ip
            );
            for g in arr(eni, "Groups") {
                assert_eq!(
                    sg_vpc.get(s(g, "GroupId")),
                    Some(&vpc),
                    "{id}: group in VPC"
                );
            }
            assert!(eni["RequesterManaged"].is_boolean());
            eni_by_id.insert(id, eni);
        }
        seen.network_interfaces += enis.len() as u64;

        // NAT gateways.
        let mut nat_vpc: BTreeMap<&str, &str> = BTreeMap::new();
        for nat in &nats {
            let id = s(nat, "NatGatewayId");
            assert_hex_id(id, "nat");
            assert_eq!(subnet_vpc[s(nat, "SubnetId")].0, s(nat, "VpcId"));
            let address = &arr(nat, "NatGatewayAddresses")[0];
            let eni = eni_by_id[s(address, "NetworkInterfaceId")];
            assert_eq!(s(eni, "InterfaceType"), "nat_gateway");
            assert_eq!(s(eni, "PrivateIpAddress"), s(address, "PrivateIp"));
            assert_eq!(s(&eni["Association"], "PublicIp"), s(address, "PublicIp"));
            nat_vpc.insert(id, s(nat, "VpcId"));
        }

        // Route tables: one explicit association per subnet at most, targets that exist.
        let mut associated = BTreeSet::new();
        let mut mains = BTreeSet::new();
        for table in &tables {
            let vpc = s(table, "VpcId");
            assert!(vpc_cidr.contains_key(vpc));
            assert_hex_id(s(table, "RouteTableId"), "rtb");
            for a in arr(table, "Associations") {
                assert_eq!(s(a, "RouteTableId"), s(table, "RouteTableId"));
                if a["Main"] == true {
                    assert!(mains.insert(vpc), "one main table per VPC");
                } else {
                    let subnet = s(a, "SubnetId");
                    assert_eq!(subnet_vpc[subnet].0, vpc);
                    assert!(associated.insert(subnet), "{subnet} has one route table");
                }
            }
            for route in arr(table, "Routes") {
                if let Some(gw) = route["GatewayId"].as_str() {
                    if gw.starts_with("igw-") {
                        assert_eq!(
                            igw_vpc.get(gw),
                            Some(&vpc),
                            "gateway {gw} is attached to the VPC"
                        );
                    } else {
                        assert!(gw == "local" || gw.starts_with("vpce-"), "{gw}");
                    }
                }
                if let Some(nat) = route["NatGatewayId"].as_str() {
                    assert_eq!(nat_vpc.get(nat), Some(&vpc), "NAT {nat} is in the VPC");
                }
            }
        }
        assert_eq!(mains.len(), vpcs.len(), "every VPC has a main route table");

        // Network ACLs: every subnet in exactly one, default deny rules present.
        let mut acl_subnets = BTreeSet::new();
        for acl in &acls {
            let vpc = s(acl, "VpcId");
            for a in arr(acl, "Associations") {
                let subnet = s(a, "SubnetId");
                assert_eq!(subnet_vpc[subnet].0, vpc);
                assert!(acl_subnets.insert(subnet), "{subnet} has one network ACL");
            }
            for egress in [true, false] {
                assert!(
                    arr(acl, "Entries").iter().any(|e| e["RuleNumber"] == 32767
                        && e["Egress"] == egress
                        && e["RuleAction"] == "deny"),
                    "rule 32767 deny"
                );
            }
        }
        assert_eq!(acl_subnets.len(), subnets.len());

        // Instances: their interfaces are the same as in describe-network-interfaces.
        let mut attached_instances = BTreeMap::new();
        for eni in &enis {
            if let Some(instance) = eni["Attachment"]["InstanceId"].as_str() {
                attached_instances
                    .insert(instance.to_owned(), s(eni, "NetworkInterfaceId").to_owned());
            }
        }
        let mut instance_ids = BTreeSet::new();
        for reservation in &reservations {
            assert_hex_id(s(reservation, "ReservationId"), "r");
            for (k, instance) in arr(reservation, "Instances").iter().enumerate() {
                let id = s(instance, "InstanceId");
                assert_hex_id(id, "i");
                assert!(global_ids.insert(id.to_owned()));
                assert!(instance_ids.insert(id.to_owned()));
                assert_eq!(instance["AmiLaunchIndex"].as_u64(), Some(k as u64));
                let vpc = s(instance, "VpcId");
                assert_eq!(subnet_vpc[s(instance, "SubnetId")].0, vpc);
                for g in arr(instance, "SecurityGroups") {
                    assert_eq!(sg_vpc.get(s(g, "GroupId")), Some(&vpc));
                }
                let nics = arr(instance, "NetworkInterfaces");
                assert_eq!(nics.len(), 1);
                let nic = &nics[0];
                let eni = eni_by_id
                    .get(s(nic, "NetworkInterfaceId"))
                    .unwrap_or_else(|| panic!("{id}: interface listed"));
                for key in [
                    "PrivateIpAddress",
                    "SubnetId",
                    "VpcId",
                    "MacAddress",
                    "PrivateDnsName",
                ] {
                    assert_eq!(nic[key], eni[key], "{id}: {key}");
                }
                assert_eq!(nic["Groups"], eni["Groups"]);
                assert_eq!(nic["Groups"], instance["SecurityGroups"]);
                assert_eq!(nic["Ipv6Addresses"], eni["Ipv6Addresses"]);
                assert_eq!(s(&eni["Attachment"], "InstanceId"), id);
                assert_eq!(
                    s(&nic["Attachment"], "AttachmentId"),
                    s(&eni["Attachment"], "AttachmentId")
                );
                assert_eq!(instance["PrivateIpAddress"], eni["PrivateIpAddress"]);
                assert_eq!(
                    instance["PublicIpAddress"],
                    eni["Association"]["PublicIp"].clone()
                );
                if let Some(profile) = instance.get("IamInstanceProfile") {
                    assert_eq!(
                        profiles.get(s(profile, "Arn")).map(String::as_str),
                        Some(s(profile, "Id")),
                        "{id}: profile"
                    );
                }
            }
        }
        let attached: BTreeSet<String> = attached_instances.keys().cloned().collect();
        assert_eq!(
            attached, instance_ids,
            "every instance has its interface and no other"
        );
        seen.instances += instance_ids.len() as u64;

        // Elastic IPs.
        for address in &addresses {
            assert_hex_id(s(address, "AllocationId"), "eipalloc");
            if let Some(eni_id) = address["NetworkInterfaceId"].as_str() {
                let eni = eni_by_id[eni_id];
                assert_eq!(address["PrivateIpAddress"], eni["PrivateIpAddress"]);
                assert_eq!(address["AllocationId"], eni["Association"]["AllocationId"]);
                assert_eq!(address["PublicIp"], eni["Association"]["PublicIp"]);
            }
            if let Some(instance) = address["InstanceId"].as_str() {
                assert!(instance_ids.contains(instance));
            }
        }

        seen.vpcs += vpcs.len() as u64;
        seen.subnets += subnets.len() as u64;
        seen.security_groups += sgs.len() as u64;
    }
    seen
}

/// Checks a whole snapshot: file shapes, then every account tree.
fn check_snapshot(root: &Path, config: &SynthConfig, summary: &Summary) {
    let files = tree(root);
    assert_eq!(files.len() as u64, summary.files);
    assert_eq!(
        files.values().map(|b| b.len() as u64).sum::<u64>(),
        summary.bytes
    );
    for (path, bytes) in &files {
        assert_eq!(
            bytes.last(),
            Some(&b'\n'),
            "{} ends with a newline",
            path.display()
        );
        let value: Value =
            serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = stem(path);
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let expected = expected_keys(&stem);
        if stem == "get-bucket-versioning" {
            assert!(
                keys == ["Status"] || keys == ["Status", "MFADelete"],
                "{keys:?}"
            );
        } else {
            assert_eq!(keys, expected, "{}", path.display());
        }
        if let Some(list) = value[expected[0]].as_array() {
            assert!(
                list.len() <= config.page_size,
                "{}: {} items",
                path.display(),
                list.len()
            );
        }
    }

    let mut ids = BTreeSet::new();
    let mut total = Seen::default();
    let roots = account_roots(root);
    assert_eq!(roots.len(), config.accounts);
    for account_root in &roots {
        let seen = check_account(account_root, &mut ids);
        total.vpcs += seen.vpcs;
        total.subnets += seen.subnets;
        total.security_groups += seen.security_groups;
        total.network_interfaces += seen.network_interfaces;
        total.instances += seen.instances;
        total.users += seen.users;
        total.roles += seen.roles;
        total.customer_policies += seen.customer_policies;
        total.buckets += seen.buckets;
    }
    let n = config.accounts as u64;
    assert_eq!(total.network_interfaces, n * config.enis as u64);
    assert_eq!(total.instances, n * config.instances as u64);
    assert_eq!(total.security_groups, n * config.security_groups as u64);
    assert_eq!(total.users + total.roles, n * config.principals as u64);
    assert_eq!(total.customer_policies, n * config.policies as u64);
    assert_eq!(total.buckets, n * config.buckets as u64);
    assert_eq!(total.vpcs, summary.vpcs);
    assert_eq!(total.subnets, summary.subnets);
    assert_eq!(total.users, summary.users);
    assert_eq!(total.roles, summary.roles);
}

#[test]
fn same_config_and_seed_give_identical_bytes() {
    let config = SynthConfig {
        accounts: 2,
        page_size: 9,
        ..small()
    };
    let (a, _) = run(&config);
    let (b, _) = run(&config);
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert!(ta.len() > 20);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(
            bytes == &tb[path],
            "{} differs between runs",
            path.display()
        );
    }
    let (c, _) = run(&SynthConfig { seed: 12, ..config });
    assert_ne!(tree(c.path()), ta, "another seed gives another snapshot");
}

#[test]
fn single_account_is_consistent_and_counts_match() {
    let config = small();
    let (dir, summary) = run(&config);
    check_snapshot(dir.path(), &config, &summary);
    assert_eq!(summary.accounts, 1);
    assert_eq!(summary.network_interfaces, 70);
    assert_eq!(summary.instances, 40);
    assert_eq!(summary.security_groups, 24);
    assert_eq!(summary.users + summary.roles, 24);
    assert_eq!(summary.customer_managed_policies, 10);
    assert_eq!(summary.buckets, 6);
    assert!(summary.nat_gateways > 0);
    assert!(dir.path().join("account.json").is_file());
    assert!(!dir.path().join("accounts").exists());
    assert!(!dir.path().join("global/organizations").exists());
}

#[test]
fn long_outputs_are_split_into_pages() {
    let config = SynthConfig {
        page_size: 7,
        ..small()
    };
    let (dir, summary) = run(&config);
    check_snapshot(dir.path(), &config, &summary);
    let region = ["us-east-1", "eu-west-1"]
        .into_iter()
        .map(|r| dir.path().join(r).join("ec2"))
        .find(|d| d.is_dir())
        .unwrap();
    let pages = page_files(&region, "describe-network-interfaces");
    assert!(pages.len() > 1, "interfaces are split");
    let numbers: Vec<usize> = pages.iter().map(|p| page_number(p).unwrap()).collect();
    assert_eq!(
        numbers,
        (1..=pages.len()).collect::<Vec<_>>(),
        "pages are numbered from 1"
    );
    assert!(!region.join("describe-network-interfaces.json").exists());
    for page in &pages {
        let n = read(page)["NetworkInterfaces"].as_array().unwrap().len();
        assert!((1..=7).contains(&n));
    }
    for page in page_files(&region, "describe-instances") {
        let instances: usize = read(&page)["Reservations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["Instances"].as_array().unwrap().len())
            .sum();
        assert!(
            instances <= 7,
            "{instances} instances in {}",
            page.display()
        );
    }
    let iam = page_files(
        &dir.path().join("global/iam"),
        "get-account-authorization-details",
    );
    assert!(iam.len() > 1);
}

#[test]
fn organisation_has_one_tree_per_account() {
    let config = SynthConfig {
        accounts: 3,
        page_size: 2,
        ..small()
    };
    let (dir, summary) = run(&config);
    check_snapshot(dir.path(), &config, &summary);
    assert_eq!(summary.accounts, 3);
    let org_dir = dir.path().join("global/organizations");
    let organization = read(&org_dir.join("describe-organization.json"));
    let org_id = s(&organization["Organization"], "Id").to_owned();
    assert!(org_id.starts_with("o-") && org_id.len() == 12);
    let accounts = items(&org_dir, "list-accounts", "Accounts");
    assert_eq!(
        page_files(&org_dir, "list-accounts").len(),
        2,
        "3 accounts in pages of 2"
    );
    let listed: Vec<&str> = accounts.iter().map(|a| s(a, "Id")).collect();
    let mut dirs: Vec<String> = account_roots(dir.path())
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    dirs.sort();
    assert_eq!(sorted, dirs);
    assert_eq!(
        s(&organization["Organization"], "MasterAccountId"),
        listed[0]
    );
    // The root's caller identity is the management account's, which collected the
    // organisation's files.
    assert_eq!(
        fs::read(dir.path().join("account.json")).unwrap(),
        fs::read(
            dir.path()
                .join("accounts")
                .join(listed[0])
                .join("account.json")
        )
        .unwrap()
    );
    for root in account_roots(dir.path()) {
        let identity = read(&root.join("account.json"));
        assert_eq!(
            s(&identity, "Account"),
            root.file_name().unwrap().to_str().unwrap()
        );
    }
    // Member accounts can be administered from the management account.
    let member = dir.path().join("accounts").join(listed[1]);
    let roles = items(
        &member.join("global/iam"),
        "get-account-authorization-details",
        "RoleDetailList",
    );
    let access = roles
        .iter()
        .find(|r| r["RoleName"] == "OrganizationAccountAccessRole")
        .unwrap();
    assert_eq!(
        access["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"],
        format!("arn:aws:iam::{}:root", listed[0])
    );
    let roots = read(&org_dir.join("list-roots.json"));
    assert!(s(&roots["Roots"][0], "Id").starts_with("r-"));
}

#[test]
fn refuses_a_non_empty_directory_unless_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let err = generate(&small(), dir.path()).unwrap_err();
    assert!(matches!(err, Error::NotEmpty { .. }));
    assert!(
        err.to_string().contains(&dir.path().display().to_string()),
        "{err}"
    );

    // A paginated run, then a run with one page per output, with overwrite: no stale pages.
    let paged = SynthConfig {
        overwrite: true,
        page_size: 5,
        ..small()
    };
    generate(&paged, dir.path()).unwrap();
    let config = SynthConfig {
        overwrite: true,
        ..small()
    };
    let summary = generate(&config, dir.path()).unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    fs::remove_file(dir.path().join("notes.txt")).unwrap();
    check_snapshot(dir.path(), &config, &summary);
}

#[test]
fn reports_bad_output_paths_and_configs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    fs::write(&file, "x").unwrap();
    assert!(matches!(
        generate(&small(), &file),
        Err(Error::NotADirectory { .. })
    ));
    let err = generate(&small(), file.join("below")).unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(
        err.to_string()
            .starts_with(&file.join("below").display().to_string()),
        "{err}"
    );
    let bad = SynthConfig {
        instances: 10,
        enis: 5,
        ..small()
    };
    assert!(matches!(
        generate(&bad, dir.path().join("out")),
        Err(Error::EnisBelowInstances { .. })
    ));
    assert!(
        !dir.path().join("out").exists(),
        "nothing is written for an invalid config"
    );
}

#[test]
fn compact_output_holds_the_same_data() {
    let (pretty, _) = run(&small());
    let (compact, _) = run(&SynthConfig {
        pretty: false,
        ..small()
    });
    let (a, b) = (tree(pretty.path()), tree(compact.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        let x: Value = serde_json::from_slice(bytes).unwrap();
        let y: Value = serde_json::from_slice(&b[path]).unwrap();
        assert_eq!(x, y, "{}", path.display());
        assert!(b[path].len() <= bytes.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn tiny_configs_always_generate_consistent_snapshots(
        accounts in 1usize..=3,
        principals in 0usize..=6,
        policies in 0usize..=4,
        buckets in 0usize..=3,
        instances in 0usize..=8,
        extra in 0usize..=8,
        security_groups in 1usize..=6,
        page_size in 1usize..=5,
        seed in any::<u64>(),
    ) {
        let config = SynthConfig {
            accounts,
            principals,
            policies,
            buckets,
            instances,
            enis: instances + extra,
            security_groups,
            page_size,
            seed,
            ..SynthConfig::default()
        };
        let (dir, summary) = run(&config);
        check_snapshot(dir.path(), &config, &summary);
    }
}
