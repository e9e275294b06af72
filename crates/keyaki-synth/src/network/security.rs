//! Security group roles and their rules, and network ACL entries.
//!
//! Rules are a realistic mix: HTTPS from anywhere on web tiers, application tiers that admit
//! only their load balancers' groups, databases that admit only application groups, a few
//! risky SSH/RDP/all-traffic rules open to the internet, IPv6 ranges and prefix lists.

use rand::Rng;
use serde::Serialize;

/// What a security group is for; decides its rules and which resources use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SgRole {
    Web,
    Lb,
    App,
    Db,
    Cache,
    Bastion,
    Windows,
    Lambda,
    Endpoint,
    Batch,
    Monitoring,
    Legacy,
}

pub(crate) const ROLE_COUNT: usize = 12;

impl SgRole {
    const WEIGHTED: [(SgRole, u32); ROLE_COUNT] = [
        (SgRole::Web, 12),
        (SgRole::Lb, 10),
        (SgRole::App, 20),
        (SgRole::Db, 12),
        (SgRole::Cache, 5),
        (SgRole::Bastion, 5),
        (SgRole::Windows, 3),
        (SgRole::Lambda, 10),
        (SgRole::Endpoint, 6),
        (SgRole::Batch, 8),
        (SgRole::Monitoring, 5),
        (SgRole::Legacy, 4),
    ];

    pub(crate) fn pick<R: Rng>(rng: &mut R) -> Self {
        let total: u32 = Self::WEIGHTED.iter().map(|(_, w)| w).sum();
        let mut x = rng.random_range(0..total);
        for (role, w) in Self::WEIGHTED {
            if x < w {
                return role;
            }
            x -= w;
        }
        SgRole::App
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            SgRole::Web => "web",
            SgRole::Lb => "alb",
            SgRole::App => "app",
            SgRole::Db => "db",
            SgRole::Cache => "cache",
            SgRole::Bastion => "bastion",
            SgRole::Windows => "windows",
            SgRole::Lambda => "lambda",
            SgRole::Endpoint => "endpoints",
            SgRole::Batch => "batch",
            SgRole::Monitoring => "monitoring",
            SgRole::Legacy => "legacy",
        }
    }

    pub(crate) fn description(self) -> &'static str {
        match self {
            SgRole::Web => "Web servers",
            SgRole::Lb => "Application load balancer",
            SgRole::App => "Application tier",
            SgRole::Db => "Database access",
            SgRole::Cache => "Cache cluster",
            SgRole::Bastion => "Bastion hosts",
            SgRole::Windows => "Windows hosts",
            SgRole::Lambda => "Lambda functions in VPC",
            SgRole::Endpoint => "Interface VPC endpoints",
            SgRole::Batch => "Batch workers",
            SgRole::Monitoring => "Monitoring agents",
            SgRole::Legacy => "launch-wizard-1 created by the console",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct IpPermission {
    ip_protocol: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_port: Option<i32>,
    user_id_group_pairs: Vec<GroupPair>,
    ip_ranges: Vec<IpRange>,
    ipv6_ranges: Vec<Ipv6Range>,
    prefix_list_ids: Vec<PrefixListId>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct GroupPair {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
    user_id: String,
    group_id: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct IpRange {
    cidr_ip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Ipv6Range {
    cidr_ipv6: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PrefixListId {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
    prefix_list_id: String,
}

/// Protocol and port range of a permission; `None` ports for all protocols.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Proto(&'static str, Option<(i32, i32)>);

pub(crate) const ALL: Proto = Proto("-1", None);

pub(crate) const fn tcp(from: i32, to: i32) -> Proto {
    Proto("tcp", Some((from, to)))
}

const ICMP_ALL: Proto = Proto("icmp", Some((-1, -1)));

/// Permissions being assembled; ranges with the same protocol and ports share a permission,
/// as EC2 groups them.
#[derive(Debug, Default)]
pub(crate) struct Rules(Vec<IpPermission>);

impl Rules {
    fn entry(&mut self, proto: Proto) -> &mut IpPermission {
        let (from_port, to_port) = match proto.1 {
            Some((f, t)) => (Some(f), Some(t)),
            None => (None, None),
        };
        let found = self.0.iter().position(|p| {
            p.ip_protocol == proto.0 && p.from_port == from_port && p.to_port == to_port
        });
        let index = match found {
            Some(i) => i,
            None => {
                self.0.push(IpPermission {
                    ip_protocol: proto.0,
                    from_port,
                    to_port,
                    user_id_group_pairs: Vec::new(),
                    ip_ranges: Vec::new(),
                    ipv6_ranges: Vec::new(),
                    prefix_list_ids: Vec::new(),
                });
                self.0.len() - 1
            }
        };
        &mut self.0[index]
    }

    pub(crate) fn cidr(&mut self, proto: Proto, cidr: &str, description: Option<&'static str>) {
        let entry = self.entry(proto);
        if entry.ip_ranges.iter().all(|r| r.cidr_ip != cidr) {
            entry.ip_ranges.push(IpRange {
                cidr_ip: cidr.to_owned(),
                description,
            });
        }
    }

    pub(crate) fn cidr6(&mut self, proto: Proto, cidr: &str, description: Option<&'static str>) {
        let entry = self.entry(proto);
        if entry.ipv6_ranges.iter().all(|r| r.cidr_ipv6 != cidr) {
            entry.ipv6_ranges.push(Ipv6Range {
                cidr_ipv6: cidr.to_owned(),
                description,
            });
        }
    }

    pub(crate) fn group(
        &mut self,
        proto: Proto,
        account: &str,
        group_id: &str,
        description: Option<&'static str>,
    ) {
        let entry = self.entry(proto);
        if entry
            .user_id_group_pairs
            .iter()
            .all(|g| g.group_id != group_id)
        {
            entry.user_id_group_pairs.push(GroupPair {
                description,
                user_id: account.to_owned(),
                group_id: group_id.to_owned(),
            });
        }
    }

    pub(crate) fn prefix_list(
        &mut self,
        proto: Proto,
        id: &str,
        description: Option<&'static str>,
    ) {
        let entry = self.entry(proto);
        if entry.prefix_list_ids.iter().all(|p| p.prefix_list_id != id) {
            entry.prefix_list_ids.push(PrefixListId {
                description,
                prefix_list_id: id.to_owned(),
            });
        }
    }

    pub(crate) fn into_vec(self) -> Vec<IpPermission> {
        self.0
    }
}

/// What a group's rules may refer to.
pub(crate) struct RuleScope<'a> {
    pub(crate) account: &'a str,
    pub(crate) self_id: &'a str,
    pub(crate) vpc_cidr: &'a str,
    pub(crate) ipv6: bool,
    pub(crate) s3_prefix_list: &'a str,
    /// A group of the same VPC with the given role, if there is one.
    pub(crate) peer: &'a dyn Fn(SgRole) -> Option<&'a str>,
}

const OFFICE: &str = "203.0.113.0/24";
const VPN: &str = "198.51.100.0/24";

/// Ingress and egress permissions of a group with `role`.
pub(crate) fn rules<R: Rng>(
    rng: &mut R,
    role: SgRole,
    s: &RuleScope<'_>,
) -> (Vec<IpPermission>, Vec<IpPermission>) {
    let mut ingress = Rules::default();
    let from_peer = |ingress: &mut Rules,
                     proto: Proto,
                     roles: &[SgRole],
                     description: Option<&'static str>|
     -> bool {
        let mut any = false;
        for role in roles {
            if let Some(id) = (s.peer)(*role) {
                ingress.group(proto, s.account, id, description);
                any = true;
            }
        }
        any
    };
    match role {
        SgRole::Web | SgRole::Lb => {
            ingress.cidr(tcp(443, 443), "0.0.0.0/0", Some("HTTPS from anywhere"));
            if s.ipv6 {
                ingress.cidr6(tcp(443, 443), "::/0", Some("HTTPS from anywhere"));
            }
            if rng.random_bool(0.6) {
                ingress.cidr(tcp(80, 80), "0.0.0.0/0", None);
            }
            if role == SgRole::Web && rng.random_bool(0.3) {
                from_peer(
                    &mut ingress,
                    tcp(22, 22),
                    &[SgRole::Bastion],
                    Some("SSH from bastion"),
                );
            }
        }
        SgRole::App => {
            let port = if rng.random_bool(0.5) { 8080 } else { 8443 };
            if !from_peer(
                &mut ingress,
                tcp(port, port),
                &[SgRole::Lb, SgRole::Web],
                Some("from load balancer"),
            ) {
                ingress.cidr(tcp(port, port), s.vpc_cidr, None);
            }
            from_peer(&mut ingress, tcp(22, 22), &[SgRole::Bastion], None);
            if rng.random_bool(0.2) {
                ingress.cidr(ICMP_ALL, s.vpc_cidr, Some("ping"));
            }
        }
        SgRole::Db => {
            let port = if rng.random_bool(0.5) { 5432 } else { 3306 };
            if !from_peer(
                &mut ingress,
                tcp(port, port),
                &[SgRole::App, SgRole::Lambda],
                None,
            ) || rng.random_bool(0.3)
            {
                ingress.cidr(tcp(port, port), s.vpc_cidr, Some("VPC"));
            }
        }
        SgRole::Cache => {
            if !from_peer(&mut ingress, tcp(6379, 6379), &[SgRole::App], None) {
                ingress.cidr(tcp(6379, 6379), s.vpc_cidr, None);
            }
        }
        SgRole::Bastion => {
            if rng.random_bool(0.35) {
                ingress.cidr(tcp(22, 22), "0.0.0.0/0", None);
            } else {
                ingress.cidr(tcp(22, 22), OFFICE, Some("office"));
                ingress.cidr(tcp(22, 22), VPN, Some("vpn"));
            }
        }
        SgRole::Windows => {
            if rng.random_bool(0.5) {
                ingress.cidr(tcp(3389, 3389), "0.0.0.0/0", None);
            } else {
                ingress.cidr(tcp(3389, 3389), VPN, Some("vpn"));
            }
        }
        SgRole::Lambda => {}
        SgRole::Endpoint => ingress.cidr(tcp(443, 443), s.vpc_cidr, Some("HTTPS from the VPC")),
        SgRole::Batch => {
            ingress.group(ALL, s.account, s.self_id, Some("cluster members"));
            from_peer(
                &mut ingress,
                tcp(9100, 9100),
                &[SgRole::Monitoring],
                Some("metrics"),
            );
        }
        SgRole::Monitoring => ingress.cidr(tcp(9090, 9090), s.vpc_cidr, None),
        SgRole::Legacy => {
            if rng.random_bool(0.3) {
                ingress.cidr(ALL, "0.0.0.0/0", None);
            } else {
                ingress.cidr(tcp(0, 65535), "10.0.0.0/8", None);
                ingress.cidr(tcp(22, 22), "0.0.0.0/0", None);
            }
        }
    }

    let mut egress = Rules::default();
    if rng.random_bool(0.85) {
        egress.cidr(ALL, "0.0.0.0/0", None);
        if s.ipv6 && rng.random_bool(0.5) {
            egress.cidr6(ALL, "::/0", None);
        }
    } else {
        egress.cidr(tcp(443, 443), "0.0.0.0/0", None);
        egress.prefix_list(tcp(443, 443), s.s3_prefix_list, Some("S3 gateway endpoint"));
        if role == SgRole::App
            && let Some(db) = (s.peer)(SgRole::Db)
        {
            egress.group(tcp(5432, 5432), s.account, db, None);
        }
    }
    (ingress.into_vec(), egress.into_vec())
}

/// The rules of a VPC's default security group: all traffic from itself, all traffic out.
pub(crate) fn default_rules(
    account: &str,
    self_id: &str,
    ipv6: bool,
) -> (Vec<IpPermission>, Vec<IpPermission>) {
    let mut ingress = Rules::default();
    ingress.group(ALL, account, self_id, None);
    let mut egress = Rules::default();
    egress.cidr(ALL, "0.0.0.0/0", None);
    if ipv6 {
        egress.cidr6(ALL, "::/0", None);
    }
    (ingress.into_vec(), egress.into_vec())
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct NaclEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_block: Option<String>,
    egress: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    icmp_type_code: Option<IcmpTypeCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ipv6_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port_range: Option<PortRange>,
    protocol: &'static str,
    rule_action: &'static str,
    rule_number: u32,
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "PascalCase")]
struct IcmpTypeCode {
    code: i32,
    #[serde(rename = "Type")]
    kind: i32,
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PortRange {
    from: u16,
    to: u16,
}

fn entry(
    egress: bool,
    number: u32,
    action: &'static str,
    protocol: &'static str,
    cidr: &str,
) -> NaclEntry {
    let v6 = cidr.contains(':');
    NaclEntry {
        cidr_block: (!v6).then(|| cidr.to_owned()),
        egress,
        icmp_type_code: None,
        ipv6_cidr_block: v6.then(|| cidr.to_owned()),
        port_range: None,
        protocol,
        rule_action: action,
        rule_number: number,
    }
}

fn ports(mut e: NaclEntry, from: u16, to: u16) -> NaclEntry {
    e.port_range = Some(PortRange { from, to });
    e
}

/// Entries of a default network ACL: allow everything, then the implicit denies (32767, and
/// 32768 for IPv6).
pub(crate) fn default_acl(ipv6: bool) -> Vec<NaclEntry> {
    let mut out = Vec::new();
    for egress in [true, false] {
        out.push(entry(egress, 100, "allow", "-1", "0.0.0.0/0"));
        if ipv6 {
            out.push(entry(egress, 101, "allow", "-1", "::/0"));
        }
        out.push(entry(egress, 32767, "deny", "-1", "0.0.0.0/0"));
        if ipv6 {
            out.push(entry(egress, 32768, "deny", "-1", "::/0"));
        }
    }
    out
}

/// Entries of a custom ACL for public subnets: numbered allow rules for web traffic and
/// ephemeral ports, an optional explicit SSH deny, then the implicit denies.
pub(crate) fn public_acl<R: Rng>(rng: &mut R, vpc_cidr: &str, ipv6: bool) -> Vec<NaclEntry> {
    let mut out = vec![entry(true, 100, "allow", "-1", "0.0.0.0/0")];
    if ipv6 {
        out.push(entry(true, 101, "allow", "-1", "::/0"));
    }
    out.push(entry(true, 32767, "deny", "-1", "0.0.0.0/0"));
    if ipv6 {
        out.push(entry(true, 32768, "deny", "-1", "::/0"));
    }
    if rng.random_bool(0.4) {
        out.push(ports(entry(false, 90, "deny", "6", "0.0.0.0/0"), 22, 22));
    }
    out.push(ports(
        entry(false, 100, "allow", "6", "0.0.0.0/0"),
        443,
        443,
    ));
    if ipv6 {
        out.push(ports(entry(false, 105, "allow", "6", "::/0"), 443, 443));
    }
    out.push(ports(entry(false, 110, "allow", "6", "0.0.0.0/0"), 80, 80));
    out.push(ports(
        entry(false, 120, "allow", "6", "0.0.0.0/0"),
        1024,
        65535,
    ));
    out.push(entry(false, 130, "allow", "-1", vpc_cidr));
    if rng.random_bool(0.3) {
        let mut icmp = entry(false, 140, "allow", "1", "0.0.0.0/0");
        icmp.icmp_type_code = Some(IcmpTypeCode { code: -1, kind: -1 });
        out.push(icmp);
    }
    out.push(entry(false, 32767, "deny", "-1", "0.0.0.0/0"));
    if ipv6 {
        out.push(entry(false, 32768, "deny", "-1", "::/0"));
    }
    out
}
