//! Internet exposure: every ENI the internet can reach, directly or through an
//! internet-facing load balancer, with the exact flows and the rule that admits them at
//! every hop, both ways.
//!
//! A direct path is: internet -> internet gateway (public address translated to the private
//! one, so security groups see the private address) -> the gateway route table, if any ->
//! the subnet's network ACL, inbound -> the ENI's security groups -> the ENI; and back:
//! the network ACL, outbound (stateless: the reply to the client's ephemeral port must be
//! allowed) -> the subnet's route table, whose route for the client must be the same
//! internet gateway. Security groups are stateful, so the reply needs no rule.

use std::collections::BTreeMap;
use std::net::IpAddr;

use keyaki_core::{Finding, Severity};
use serde::Serialize;

use crate::addr::{Family, Prefix, Ranges};
use crate::flowset::{FlowSet, protocol_name};
use crate::model::{Network, Owner};
use crate::routing::Target;

/// One hop of a path, with the rules or routes that let the flows through it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// `internet`, `internet-gateway`, `route-table`, `network-acl`, `security-group`,
    /// `eni`, `load-balancer`, `listener`, `listener-rule`, `target-group`, `nat-gateway`, `peering`,
    /// `transit-gateway`, `gateway-endpoint`, `vpn-gateway`.
    pub kind: &'static str,
    /// The resource id (or ARN).
    pub id: String,
    /// `forward` (towards the destination) or `return` (the reply).
    pub direction: &'static str,
    /// The rules or routes that admit the flows here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Anything else worth saying (an address translation, a listener).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Hop {
    pub(crate) fn new(kind: &'static str, id: impl Into<String>, direction: &'static str) -> Hop {
        Hop {
            kind,
            id: id.into(),
            direction,
            rules: Vec::new(),
            note: None,
        }
    }

    pub(crate) fn rules(mut self, rules: Vec<String>) -> Hop {
        self.rules = rules;
        self
    }

    pub(crate) fn note(mut self, note: impl Into<String>) -> Hop {
        self.note = Some(note.into());
        self
    }
}

/// A well-known port whose exposure raises the severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskyPort {
    /// The port.
    pub port: u16,
    /// What usually listens there.
    pub service: &'static str,
}

/// One ENI reachable from the internet on one protocol from one set of sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exposure {
    /// The ENI.
    pub eni_id: String,
    /// The instance it is attached to.
    pub instance_id: Option<String>,
    /// What owns the ENI: `instance`, `load-balancer`, `other`.
    pub owner_kind: &'static str,
    /// The owner's id or ARN (instance id, load balancer ARN, ENI description).
    pub owner: Option<String>,
    /// The `Name` tag of the ENI.
    pub name: Option<String>,
    /// The VPC.
    pub vpc_id: String,
    /// The subnet.
    pub subnet_id: String,
    /// The account.
    pub account: Option<String>,
    /// The region.
    pub region: Option<String>,
    /// `ipv4` or `ipv6`.
    pub family: Family,
    /// The address the flows arrive at (private IPv4 or IPv6).
    pub address: String,
    /// The public IPv4 address the internet uses, when translated.
    pub public_address: Option<String>,
    /// `direct` or `load-balancer`.
    pub via: &'static str,
    /// The load balancer, for `load-balancer` exposures.
    pub load_balancer: Option<String>,
    /// `tcp`, `udp`, `icmp`, `icmpv6`, `all` or a protocol number.
    pub protocol: String,
    /// Destination port ranges, inclusive (`[[0, 65535]]` when the protocol has none; ICMP:
    /// `type * 256 + code`).
    pub port_ranges: Vec<[u16; 2]>,
    /// The source addresses, as the fewest CIDR blocks.
    pub sources: Vec<String>,
    /// The sources as text, with exceptions: `0.0.0.0/0 except 198.51.100.0/24`.
    pub sources_text: String,
    /// The client (source) ports the return leg allows, when not all of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ports: Option<[u16; 2]>,
    /// The exact flows, one line per group.
    pub flows: Vec<String>,
    /// The well-known risky ports among the exposed ones.
    pub risky_ports: Vec<RiskyPort>,
    /// How much it matters.
    pub severity: Severity,
    /// The hops, with the rule or route that admits the flows at each, then the return leg.
    pub path: Vec<Hop>,
}

/// A security group rule open to the whole internet whose ENI the internet cannot reach on
/// it, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreachableOpenRule {
    /// The ENI.
    pub eni_id: String,
    /// The instance.
    pub instance_id: Option<String>,
    /// The security group and its rule.
    pub rule: String,
    /// The first thing on the way that stops it.
    pub reason: String,
}

/// A listener rule that never receives a request: earlier rules (lower priority numbers,
/// evaluated first) take every request it matches, so its target groups get nothing through
/// it. <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShadowedRule {
    /// The load balancer.
    pub load_balancer: String,
    /// The listener: `HTTPS 443`.
    pub listener: String,
    /// The listener's ARN.
    pub listener_arn: String,
    /// The rule's ARN (`<listener ARN> default rule` for the default rule).
    pub rule: String,
    /// The rule: `rule 20 (path-pattern /api/v2/*)`.
    pub rule_text: String,
    /// The earlier rules that take its requests (ARNs).
    pub shadowed_by: Vec<String>,
    /// The same rules as text.
    pub shadowed_by_text: Vec<String>,
    /// The target groups the rule forwards to, which get no request through it.
    pub target_groups: Vec<String>,
}

/// The answer of [`exposure`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExposureReport {
    /// Every exposure, by account, region, ENI.
    pub findings: Vec<Exposure>,
    /// Rules open to 0.0.0.0/0 or ::/0 with no path from the internet.
    pub unreachable_open_rules: Vec<UnreachableOpenRule>,
    /// Listener rules of internet-facing load balancers that never receive a request; their
    /// target groups are not counted as reached through them.
    pub shadowed_rules: Vec<ShadowedRule>,
    /// How many ENIs were examined.
    pub enis_examined: usize,
    /// What the snapshot lacks for a complete answer.
    pub gaps: Vec<crate::model::Gap>,
}

impl ExposureReport {
    /// The exposures as findings for the rule engine and the report renderers
    /// (`net.internet-exposure`).
    pub fn to_findings(&self) -> Vec<Finding> {
        self.findings.iter().map(Exposure::to_finding).collect()
    }
}

/// The internet address set of a family.
fn internet(family: Family) -> Ranges {
    Ranges::interval(0, family.max())
}

/// The stages of the direct path to one address of one ENI, each the flows that survive it.
pub(crate) struct DirectPath {
    pub family: Family,
    pub address: IpAddr,
    pub public: Option<IpAddr>,
    pub igw: String,
    pub edge_table: Option<String>,
    /// Flows that reach the ENI and whose replies get back.
    pub flows: FlowSet,
    /// Why a flow set stops, stage by stage: (stage name, flows still alive after it).
    pub stages: Vec<(&'static str, FlowSet)>,
}

impl Network {
    /// The addresses of an ENI the internet can address, and the direct path's stages.
    pub(crate) fn direct_paths(&self, eni: usize) -> Vec<DirectPath> {
        let e = &self.enis[eni];
        let mut out = Vec::new();
        if matches!(e.owner, Owner::NatGateway(_)) || e.interface_type == "nat_gateway" {
            // NAT gateways take no connection from outside.
            // <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html>
            return out;
        }
        let vpc = &self.vpcs[e.vpc];
        let Some(igw) = vpc.igw.clone() else {
            return out;
        };
        let mut targets: Vec<(Family, IpAddr, Option<IpAddr>)> = Vec::new();
        for a in &e.v4 {
            if a.public.is_some() {
                targets.push((Family::V4, a.ip, a.public));
            }
        }
        for ip in &e.v6 {
            targets.push((Family::V6, *ip, None));
        }
        for (family, address, public) in targets {
            out.push(self.direct_path(eni, family, address, public, &igw));
        }
        out
    }

    fn direct_path(
        &self,
        eni: usize,
        family: Family,
        address: IpAddr,
        public: Option<IpAddr>,
        igw: &str,
    ) -> DirectPath {
        let e = &self.enis[eni];
        let vpc = &self.vpcs[e.vpc];
        let mut stages: Vec<(&'static str, FlowSet)> = Vec::new();
        let all = Ranges::interval(0, family.max());
        let host = Prefix::host(address).ranges();
        let mut flows = crate::rules::Service::ALL.flows(family, &internet(family), &host);
        stages.push(("internet gateway", flows.clone()));
        // A gateway route table (edge association) decides where inbound traffic goes.
        // <https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html>
        let edge = vpc
            .edge_route_tables
            .get(igw)
            .map(|&t| &self.route_tables[t]);
        if let Some(t) = edge {
            let local = t.destinations_via(family, &Target::Local);
            if local.intersect(&host).is_empty() {
                flows = FlowSet::empty();
            }
        }
        stages.push(("gateway route table", flows.clone()));
        flows = flows.intersect(&self.acl_allows(e.subnet, false));
        stages.push(("network ACL inbound", flows.clone()));
        let sg = if e.groups.is_empty() && self.unfiltered_lb_eni(eni) {
            FlowSet::all()
        } else {
            self.sg_in(eni, None)
        };
        flows = flows.intersect(&sg);
        stages.push(("security groups", flows.clone()));
        if let Owner::LoadBalancer(arn) = &e.owner
            && let Some(lb) = self.load_balancers.iter().find(|l| &l.arn == arn)
        {
            let mut listening = FlowSet::empty();
            for l in &lb.listeners {
                for &p in &l.protocols {
                    let svc = crate::rules::Service {
                        protocols: (p, p),
                        ports: (l.port, l.port),
                    };
                    listening = listening.union(&svc.flows(family, &all, &all));
                }
            }
            flows = flows.intersect(&listening);
            stages.push(("load balancer listeners", flows.clone()));
        }
        // The reply leaves through the subnet's network ACL, outbound.
        let replies_ok = self.acl_allows(e.subnet, true).intersect(&flows.reversed());
        flows = flows.intersect(&replies_ok.reversed());
        stages.push(("network ACL outbound (reply)", flows.clone()));
        // And must be routed back to the same internet gateway.
        let back = match self.route_table_of(e.subnet) {
            Some(t) => t.destinations_via(family, &Target::InternetGateway(igw.to_owned())),
            None => Ranges::empty(),
        };
        flows = flows.intersect(&crate::rules::Service::ALL.flows(family, &back, &all));
        stages.push(("route table (reply)", flows.clone()));
        DirectPath {
            family,
            address,
            public,
            igw: igw.to_owned(),
            edge_table: edge.map(|t| t.id.clone()),
            flows: flows.coalesced(),
            stages,
        }
    }

    /// Network Load Balancers without security groups filter nothing themselves.
    fn unfiltered_lb_eni(&self, eni: usize) -> bool {
        match &self.enis[eni].owner {
            Owner::LoadBalancer(arn) => self
                .load_balancers
                .iter()
                .find(|l| &l.arn == arn)
                .is_some_and(|l| l.kind == "network" && l.groups.is_empty()),
            _ => false,
        }
    }

    fn direct_hops(&self, eni: usize, path: &DirectPath, flows: &FlowSet) -> Vec<Hop> {
        let e = &self.enis[eni];
        let mut hops = Vec::new();
        let mut igw = Hop::new("internet-gateway", &path.igw, "forward");
        if let Some(p) = path.public {
            igw = igw.note(format!(
                "translates the public address {p} to the private address {}",
                path.address
            ));
        }
        hops.push(igw);
        if let Some(t) = &path.edge_table {
            hops.push(Hop::new("route-table", t, "forward").note("gateway route table: local"));
        }
        hops.push(self.acl_hop(e.subnet, flows, false, "forward"));
        let sg_rules = if e.groups.is_empty() && self.unfiltered_lb_eni(eni) {
            vec!["no security groups on this Network Load Balancer".to_owned()]
        } else {
            self.sg_admitting(eni, None, flows, true)
        };
        hops.push(Hop::new("security-group", group_ids(self, eni), "forward").rules(sg_rules));
        hops.push(Hop::new("eni", &e.id, "forward").note(self.eni_label(eni)));
        hops.push(self.acl_hop(e.subnet, &flows.reversed(), true, "return"));
        if let Some(t) = self.route_table_of(e.subnet) {
            let target = Target::InternetGateway(path.igw.clone());
            let routes = t
                .routes
                .iter()
                .filter(|r| r.target == target && !r.blackhole)
                .map(|r| r.label())
                .collect();
            hops.push(Hop::new("route-table", &t.id, "return").rules(routes));
        }
        hops
    }

    pub(crate) fn acl_hop(
        &self,
        subnet: usize,
        flows: &FlowSet,
        outbound: bool,
        direction: &'static str,
    ) -> Hop {
        let note = if outbound { "outbound" } else { "inbound" };
        match self.acl_of(subnet) {
            Some(acl) => Hop::new("network-acl", &acl.id, direction)
                .rules(acl.admitting(flows, outbound))
                .note(note),
            None => Hop::new("network-acl", "(default)", direction).note(format!(
                "{note}; no association in the snapshot, default ACL assumed"
            )),
        }
    }
}

fn group_ids(net: &Network, eni: usize) -> String {
    let ids: Vec<&str> = net.enis[eni]
        .groups
        .iter()
        .map(|&g| net.groups[g].id.as_str())
        .collect();
    ids.join(",")
}

/// Well-known ports whose exposure to the internet is risky.
const RISKY: &[(u16, &str)] = &[
    (20, "FTP data"),
    (21, "FTP"),
    (22, "SSH"),
    (23, "Telnet"),
    (25, "SMTP"),
    (135, "Microsoft RPC"),
    (137, "NetBIOS"),
    (139, "NetBIOS"),
    (161, "SNMP"),
    (445, "SMB"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (2049, "NFS"),
    (2375, "Docker"),
    (2376, "Docker"),
    (2379, "etcd"),
    (3306, "MySQL"),
    (3389, "RDP"),
    (5432, "PostgreSQL"),
    (5601, "Kibana"),
    (5900, "VNC"),
    (5984, "CouchDB"),
    (6379, "Redis"),
    (6443, "Kubernetes API"),
    (7001, "WebLogic"),
    (8020, "HDFS"),
    (9042, "Cassandra"),
    (9092, "Kafka"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch"),
    (10250, "kubelet"),
    (11211, "memcached"),
    (27017, "MongoDB"),
];

fn risky_in(protocol: &str, ranges: &[[u16; 2]]) -> Vec<RiskyPort> {
    if !matches!(protocol, "tcp" | "udp" | "all") {
        return Vec::new();
    }
    RISKY
        .iter()
        .filter(|(p, _)| ranges.iter().any(|[a, b]| a <= p && p <= b))
        .map(|&(port, service)| RiskyPort { port, service })
        .collect()
}

fn severity(protocol: &str, ranges: &[[u16; 2]], risky: &[RiskyPort], via_lb: bool) -> Severity {
    let wide = protocol == "all" || ranges.iter().any(|[a, b]| b - a >= 1000);
    if !risky.is_empty() && wide {
        Severity::Critical
    } else if !risky.is_empty() || wide {
        Severity::High
    } else if via_lb
        || ranges
            .iter()
            .all(|[a, b]| *a == *b && (*a == 80 || *a == 443))
    {
        Severity::Low
    } else {
        Severity::Medium
    }
}

struct Group {
    protocol: String,
    src: Ranges,
    client_ports: (u128, u128),
    ports: Vec<[u16; 2]>,
    flows: FlowSet,
}

/// Splits a flow set into groups of one protocol and one source set.
fn groups(flows: &FlowSet, family: Family) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for s in flows.summary() {
        let protocol = s.protocol_label();
        let port = [
            u16::try_from(s.dst_ports.0).unwrap_or(0),
            u16::try_from(s.dst_ports.1).unwrap_or(u16::MAX),
        ];
        let cube = crate::flowset::FlowSet::from_boxes(
            family,
            s.src
                .intervals()
                .iter()
                .flat_map(|&src| {
                    s.dst
                        .intervals()
                        .iter()
                        .map(move |&dst| [src, dst, s.protocols, s.src_ports, s.dst_ports])
                })
                .collect(),
        );
        match out
            .iter_mut()
            .find(|g| g.protocol == protocol && g.src == s.src && g.client_ports == s.src_ports)
        {
            Some(g) => {
                g.ports.push(port);
                g.flows = g.flows.union(&cube);
            }
            None => out.push(Group {
                protocol,
                src: s.src.clone(),
                client_ports: s.src_ports,
                ports: vec![port],
                flows: cube,
            }),
        }
    }
    for g in &mut out {
        g.ports.sort_unstable();
        let mut merged: Vec<[u16; 2]> = Vec::new();
        for p in g.ports.drain(..) {
            match merged.last_mut() {
                Some(last) if u32::from(p[0]) <= u32::from(last[1]) + 1 => {
                    last[1] = last[1].max(p[1])
                }
                _ => merged.push(p),
            }
        }
        g.ports = merged;
    }
    out
}

/// Every ENI of the network reachable from the internet, with exact flows and paths.
pub fn exposure(net: &Network) -> ExposureReport {
    let mut findings = Vec::new();
    let mut reached: Vec<FlowSet> = vec![FlowSet::empty(); net.enis.len()];
    let mut direct: Vec<Vec<DirectPath>> = Vec::with_capacity(net.enis.len());
    #[allow(clippy::needless_range_loop)] // `reached` is also filled by the load balancer pass
    for eni in 0..net.enis.len() {
        let paths = net.direct_paths(eni);
        for path in &paths {
            if path.flows.is_empty() {
                continue;
            }
            reached[eni] = reached[eni].union(&path.flows);
            for g in groups(&path.flows, path.family) {
                let hops = net.direct_hops(eni, path, &g.flows);
                findings.push(make(
                    net,
                    eni,
                    path.family,
                    path.address,
                    path.public,
                    "direct",
                    None,
                    &g,
                    hops,
                ));
            }
        }
        direct.push(paths);
    }
    let mut shadowed_rules = Vec::new();
    for lb in net.load_balancers.iter().filter(|l| l.internet_facing) {
        findings.extend(through_load_balancer(net, lb, &direct, &mut reached));
        shadowed_rules.extend(lb.shadowed.iter().cloned());
    }
    let unreachable = unreachable_open_rules(net, &direct, &reached);
    findings.sort_by(|a, b| {
        (
            &a.account,
            &a.region,
            &a.vpc_id,
            &a.eni_id,
            a.via,
            &a.protocol,
            &a.port_ranges,
        )
            .cmp(&(
                &b.account,
                &b.region,
                &b.vpc_id,
                &b.eni_id,
                b.via,
                &b.protocol,
                &b.port_ranges,
            ))
    });
    ExposureReport {
        findings,
        unreachable_open_rules: unreachable,
        shadowed_rules,
        enis_examined: net.enis.len(),
        gaps: net.gaps.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
fn make(
    net: &Network,
    eni: usize,
    family: Family,
    address: IpAddr,
    public: Option<IpAddr>,
    via: &'static str,
    load_balancer: Option<String>,
    g: &Group,
    path: Vec<Hop>,
) -> Exposure {
    let e = &net.enis[eni];
    let risky = risky_in(&g.protocol, &g.ports);
    let (owner_kind, owner) = match &e.owner {
        Owner::Instance(i) => ("instance", Some(i.clone())),
        Owner::LoadBalancer(l) => ("load-balancer", Some(l.clone())),
        Owner::NatGateway(n) => ("nat-gateway", Some(n.clone())),
        Owner::VpcEndpoint(v) => ("vpc-endpoint", Some(v.clone())),
        Owner::Other(o) => ("other", Some(o.clone())),
        Owner::None => ("none", None),
    };
    let via_lb = via == "load-balancer" || owner_kind == "load-balancer";
    Exposure {
        eni_id: e.id.clone(),
        instance_id: e.instance_id().map(str::to_owned),
        owner_kind,
        owner,
        name: e.name.clone(),
        vpc_id: net.vpcs[e.vpc].id.clone(),
        subnet_id: net.subnets[e.subnet].id.clone(),
        account: e.place.account.as_ref().map(|a| a.as_str().to_owned()),
        region: e.place.region.as_ref().map(|r| r.as_str().to_owned()),
        family,
        address: address.to_string(),
        public_address: public.map(|p| p.to_string()),
        via,
        load_balancer,
        protocol: g.protocol.clone(),
        port_ranges: g.ports.clone(),
        sources: g
            .src
            .to_prefixes(family)
            .iter()
            .map(ToString::to_string)
            .collect(),
        sources_text: g.src.render(family),
        client_ports: (g.client_ports != (0, 65535)).then(|| {
            [
                u16::try_from(g.client_ports.0).unwrap_or(0),
                u16::try_from(g.client_ports.1).unwrap_or(u16::MAX),
            ]
        }),
        flows: g.flows.describe(),
        severity: severity(&g.protocol, &g.ports, &risky, via_lb),
        risky_ports: risky,
        path,
    }
}

/// A target reached through a load balancer: ENI, port, protocol, family.
type TargetKey = (usize, u16, u8, Family);

fn through_load_balancer(
    net: &Network,
    lb: &crate::model::LoadBalancer,
    direct: &[Vec<DirectPath>],
    reached: &mut [FlowSet],
) -> Vec<Exposure> {
    // Target ENI -> (target port, protocol) -> (client sources, family, hops).
    let mut acc: BTreeMap<TargetKey, (Ranges, Vec<Hop>, IpAddr)> = BTreeMap::new();
    for &l in &lb.enis {
        for path in &direct[l] {
            if path.flows.is_empty() {
                continue;
            }
            let family = path.family;
            let all = Ranges::interval(0, family.max());
            for listener in &lb.listeners {
                for &p in &listener.protocols {
                    let svc = crate::rules::Service {
                        protocols: (p, p),
                        ports: (listener.port, listener.port),
                    };
                    let clients = path.flows.intersect(&svc.flows(family, &all, &all));
                    if clients.is_empty() {
                        continue;
                    }
                    let client_src = clients
                        .summary()
                        .iter()
                        .fold(Ranges::empty(), |acc, s| acc.union(&s.src));
                    for fwd in &listener.forwards {
                        let Some(tg) = net.target_groups.iter().find(|t| t.arn == fwd.target_group)
                        else {
                            continue;
                        };
                        // A rule with a source-ip condition forwards only those clients.
                        let client_src = match &fwd.sources {
                            None => client_src.clone(),
                            Some((v4, v6)) => client_src.intersect(match family {
                                Family::V4 => v4,
                                Family::V6 => v6,
                            }),
                        };
                        if client_src.is_empty() {
                            continue;
                        }
                        for (id, port, _health) in &tg.targets {
                            let Some(port) = port.or(tg.port) else {
                                continue;
                            };
                            let target = match tg.target_type.as_str() {
                                "instance" => {
                                    net.instance_enis.get(id).and_then(|v| v.first().copied())
                                }
                                "ip" => id
                                    .parse::<IpAddr>()
                                    .ok()
                                    .and_then(|ip| net.enis_at(ip).first().copied()),
                                _ => None,
                            };
                            let Some(t) = target else { continue };
                            let te = &net.enis[t];
                            let Some(t_addr) = (match family {
                                Family::V4 => te.primary_v4(),
                                Family::V6 => te.v6.first().copied().or(te.primary_v4()),
                            }) else {
                                continue;
                            };
                            let t_family = crate::addr::ip_to_u128(t_addr).0;
                            let preserved = lb.kind == "network" && tg.target_type == "instance";
                            let Some(lb_addr) = net.enis[l].primary_v4() else {
                                continue;
                            };
                            let src = if preserved && t_family == family {
                                client_src.clone()
                            } else {
                                Prefix::host(lb_addr).ranges()
                            };
                            let src_family = if preserved { family } else { Family::V4 };
                            if src_family != t_family {
                                continue;
                            }
                            let back = backend(net, lb, l, t, &src, t_addr, port, &tg.protocols);
                            let Some((flows, hops)) = back else { continue };
                            let sources_reaching = if preserved {
                                flows
                                    .summary()
                                    .iter()
                                    .fold(Ranges::empty(), |a, s| a.union(&s.src))
                            } else {
                                client_src.clone()
                            };
                            if sources_reaching.is_empty() {
                                continue;
                            }
                            let mut path_hops = net.direct_hops(l, path, &clients);
                            // The return leg of the front end goes last.
                            let split = path_hops
                                .iter()
                                .position(|h| h.direction == "return")
                                .unwrap_or(path_hops.len());
                            let ret: Vec<Hop> = path_hops.split_off(split);
                            path_hops.push(
                                Hop::new("listener", &listener.label, "forward")
                                    .note(format!("{} ({})", lb.name, lb.arn)),
                            );
                            // Earlier rules that take the requests of some clients are
                            // named on the rule's hop.
                            let taken = (!fwd.taken_by.is_empty()).then(|| {
                                format!(
                                    "{}; earlier rules take the requests of other clients: {}",
                                    listener.label,
                                    fwd.taken_by.join(", ")
                                )
                            });
                            match &fwd.rule {
                                Some((rule_id, rule)) => path_hops.push(
                                    Hop::new("listener-rule", rule_id, "forward")
                                        .rules(vec![rule.clone()])
                                        .note(taken.unwrap_or_else(|| listener.label.clone())),
                                ),
                                None => {
                                    if let Some(note) = taken {
                                        path_hops.push(
                                            Hop::new("listener-rule", "default", "forward")
                                                .rules(vec!["default rule".to_owned()])
                                                .note(note),
                                        );
                                    }
                                }
                            }
                            path_hops.push(
                                Hop::new("target-group", &tg.arn, "forward")
                                    .note(format!("{}: target {id} port {port}", tg.name)),
                            );
                            path_hops.extend(hops);
                            path_hops.extend(ret);
                            for &proto in &tg.protocols {
                                let key = (t, port, proto, family);
                                let entry = acc.entry(key).or_insert_with(|| {
                                    (Ranges::empty(), path_hops.clone(), t_addr)
                                });
                                entry.0 = entry.0.union(&sources_reaching);
                            }
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for ((t, port, proto, family), (src, hops, t_addr)) in acc {
        let g = Group {
            protocol: protocol_name(proto),
            src: src.clone(),
            client_ports: (0, 65535),
            ports: vec![[port, port]],
            flows: crate::rules::Service {
                protocols: (proto, proto),
                ports: (port, port),
            }
            .flows(family, &src, &Ranges::interval(0, family.max())),
        };
        reached[t] = reached[t].union(&g.flows);
        let mut f = make(
            net,
            t,
            family,
            t_addr,
            None,
            "load-balancer",
            Some(lb.arn.clone()),
            &g,
            hops,
        );
        f.flows = vec![format!(
            "{} {port} from {} through {}",
            protocol_name(proto),
            src.render(family),
            lb.name
        )];
        out.push(f);
    }
    out
}

/// The flows from load balancer node `l` to target `t` that get there and back, with hops.
#[allow(clippy::too_many_arguments)]
fn backend(
    net: &Network,
    lb: &crate::model::LoadBalancer,
    l: usize,
    t: usize,
    src: &Ranges,
    t_addr: IpAddr,
    port: u16,
    protocols: &[u8],
) -> Option<(FlowSet, Vec<Hop>)> {
    let family = crate::addr::ip_to_u128(t_addr).0;
    let le = &net.enis[l];
    let te = &net.enis[t];
    let dst = Prefix::host(t_addr).ranges();
    let mut flows = FlowSet::empty();
    for &p in protocols {
        let svc = crate::rules::Service {
            protocols: (p, p),
            ports: (port, port),
        };
        flows = flows.union(&svc.flows(family, src, &dst));
    }
    let mut hops = Vec::new();
    // The load balancer's own security groups, outbound.
    if !lb.groups.is_empty() {
        flows = flows.intersect(&net.sg_out(l, Some(t)));
        hops.push(
            Hop::new("security-group", group_ids(net, l), "forward")
                .rules(net.sg_admitting(l, Some(t), &flows, false))
                .note("load balancer, outbound"),
        );
    }
    // Routed inside the VPC.
    let route = net.route_table_of(le.subnet)?.lookup(t_addr)?;
    if route.target != Target::Local || route.blackhole {
        return None;
    }
    hops.push(
        Hop::new("route-table", &net.route_table_of(le.subnet)?.id, "forward")
            .rules(vec![route.label()]),
    );
    if le.subnet != te.subnet {
        flows = flows.intersect(&net.acl_allows(le.subnet, true));
        flows = flows.intersect(&net.acl_allows(te.subnet, false));
        let replies = flows
            .reversed()
            .intersect(&net.acl_allows(te.subnet, true))
            .intersect(&net.acl_allows(le.subnet, false));
        flows = flows.intersect(&replies.reversed());
        hops.push(net.acl_hop(le.subnet, &flows, true, "forward"));
        hops.push(net.acl_hop(te.subnet, &flows, false, "forward"));
    }
    flows = flows.intersect(&net.sg_in(t, Some(l)));
    if flows.is_empty() {
        return None;
    }
    hops.push(
        Hop::new("security-group", group_ids(net, t), "forward").rules(net.sg_admitting(
            t,
            Some(l),
            &flows,
            true,
        )),
    );
    hops.push(Hop::new("eni", &te.id, "forward").note(net.eni_label(t)));
    if le.subnet != te.subnet {
        hops.push(net.acl_hop(te.subnet, &flows.reversed(), true, "return"));
        hops.push(net.acl_hop(le.subnet, &flows.reversed(), false, "return"));
    }
    Some((flows, hops))
}

fn unreachable_open_rules(
    net: &Network,
    direct: &[Vec<DirectPath>],
    reached: &[FlowSet],
) -> Vec<UnreachableOpenRule> {
    let mut out = Vec::new();
    for (eni, e) in net.enis.iter().enumerate() {
        for &g in &e.groups {
            let group = &net.groups[g];
            for r in &group.ingress {
                let crate::rules::Peer::Cidr(p) = &r.peer else {
                    continue;
                };
                if p.prefix_len() > 0 {
                    continue;
                }
                let family = p.family();
                let rule_flows = net.sg_rule_flows(r, None, true);
                if !rule_flows.intersect(&reached[eni]).is_empty() {
                    continue;
                }
                let paths: Vec<&DirectPath> =
                    direct[eni].iter().filter(|d| d.family == family).collect();
                let reason = if matches!(e.owner, Owner::NatGateway(_)) {
                    "NAT gateways accept no inbound connections".to_owned()
                } else if net.vpcs[e.vpc].igw.is_none() {
                    format!("{} has no internet gateway attached", net.vpcs[e.vpc].id)
                } else if paths.is_empty() {
                    match family {
                        Family::V4 => "the ENI has no public IPv4 address".to_owned(),
                        Family::V6 => "the ENI has no IPv6 address".to_owned(),
                    }
                } else {
                    // The first stage at which the rule's flows die, on every address.
                    let mut reasons: Vec<&str> = Vec::new();
                    for d in paths {
                        let mut prev = true;
                        for (stage, alive) in &d.stages {
                            let now = !alive.intersect(&rule_flows).is_empty();
                            if prev && !now {
                                if !reasons.contains(stage) {
                                    reasons.push(stage);
                                }
                                break;
                            }
                            prev = now;
                        }
                    }
                    format!("blocked at: {}", reasons.join(", "))
                };
                out.push(UnreachableOpenRule {
                    eni_id: e.id.clone(),
                    instance_id: e.instance_id().map(str::to_owned),
                    rule: r.cite(group, true),
                    reason,
                });
            }
        }
    }
    out
}

impl Exposure {
    /// This exposure as a finding (`net.internet-exposure`), with the exposure itself as
    /// evidence and the ENI, protocol, ports and sources as its identity.
    pub fn to_finding(&self) -> Finding {
        let ports: Vec<String> = self
            .port_ranges
            .iter()
            .map(|[a, b]| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                }
            })
            .collect();
        let what = match (&self.instance_id, &self.owner) {
            (Some(i), _) => i.clone(),
            (None, Some(o)) => o.clone(),
            _ => self.eni_id.clone(),
        };
        let title = format!(
            "{what} reachable from the internet on {} {} ({})",
            self.protocol,
            ports.join(","),
            self.via
        );
        let arn = match (&self.account, &self.region) {
            (Some(a), Some(r)) => format!("arn:aws:ec2:{r}:{a}:network-interface/{}", self.eni_id),
            _ => self.eni_id.clone(),
        };
        let evidence = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        let remediation = match self.path.iter().find(|h| h.kind == "security-group") {
            Some(h) if self.via == "direct" => format!(
                "narrow or remove the security group rules that admit it ({}) or remove the public address",
                h.rules.join("; ")
            ),
            _ => "narrow the load balancer's listeners or security groups, or the target's security group".to_owned(),
        };
        Finding::builder("net.internet-exposure", title, self.severity)
            .resource(arn)
            .account(
                self.account
                    .as_deref()
                    .and_then(|a| keyaki_core::AccountId::new(a).ok()),
            )
            .region(
                self.region
                    .as_deref()
                    .and_then(|r| keyaki_core::Region::new(r).ok()),
            )
            .evidence(evidence)
            .decisive(serde_json::json!({
                "eni": self.eni_id,
                "via": self.via,
                "protocol": self.protocol,
                "ports": self.port_ranges,
                "sources": self.sources,
            }))
            .remediation(remediation, None)
            .build()
    }
}
