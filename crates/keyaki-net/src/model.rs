//! The network model: the snapshot's VPC resources indexed for reachability, ENI-centric.
//!
//! Built once from a [`Snapshot`]; every engine (exposure, reach, egress) borrows it. Ids of
//! VPC resources are unique across accounts and regions, so the model is one flat index.

use std::collections::HashMap;
use std::net::IpAddr;

use keyaki_core::{AccountId, Region};
use keyaki_snapshot::Snapshot;
use keyaki_snapshot::services::ec2;
use keyaki_snapshot::services::elbv2;

use crate::addr::{Family, Prefix, Ranges};
use crate::flowset::FlowSet;
use crate::routing::{Rank, Route, RouteTable, Target};
use crate::rules::{AclRule, NetworkAcl, Peer, SecurityGroup, Service, SgRule};

/// Where a resource lives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Place {
    pub account: Option<AccountId>,
    pub region: Option<Region>,
}

#[derive(Debug, Clone)]
pub(crate) struct Vpc {
    pub id: String,
    pub cidrs: Vec<Prefix>,
    /// The attached internet gateway.
    pub igw: Option<String>,
    /// The attached egress-only internet gateways.
    pub eigws: Vec<String>,
    /// The main route table.
    pub main_route_table: Option<usize>,
    /// Gateway route tables by gateway id (edge associations).
    pub edge_route_tables: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Subnet {
    pub id: String,
    pub vpc: usize,
    pub cidrs: Vec<Prefix>,
    pub route_table: Option<usize>,
    pub acl: Option<usize>,
    /// The Availability Zone (`us-east-1a`), when the snapshot gives it.
    pub az: Option<String>,
}

/// One private IPv4 address of an ENI and its public address, if any.
#[derive(Debug, Clone)]
pub(crate) struct PrivateV4 {
    pub ip: IpAddr,
    pub public: Option<IpAddr>,
}

/// What an ENI belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Owner {
    Instance(String),
    LoadBalancer(String),
    NatGateway(String),
    VpcEndpoint(String),
    Other(String),
    None,
}

#[derive(Debug, Clone)]
pub(crate) struct Eni {
    pub id: String,
    pub subnet: usize,
    pub vpc: usize,
    pub groups: Vec<usize>,
    /// Group ids that the snapshot does not describe.
    pub missing_groups: Vec<String>,
    pub v4: Vec<PrivateV4>,
    pub v6: Vec<IpAddr>,
    pub owner: Owner,
    pub interface_type: String,
    pub name: Option<String>,
    pub place: Place,
}

impl Eni {
    /// Every address of `family` the ENI answers on (private IPv4 or IPv6).
    pub fn addresses(&self, family: Family) -> Ranges {
        let ips: Vec<IpAddr> = match family {
            Family::V4 => self.v4.iter().map(|a| a.ip).collect(),
            Family::V6 => self.v6.clone(),
        };
        ips.into_iter().fold(Ranges::empty(), |acc, ip| {
            acc.union(&Prefix::host(ip).ranges())
        })
    }

    pub fn primary_v4(&self) -> Option<IpAddr> {
        self.v4.first().map(|a| a.ip)
    }

    pub fn instance_id(&self) -> Option<&str> {
        match &self.owner {
            Owner::Instance(i) => Some(i),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct NatGateway {
    pub id: String,
    pub subnet: Option<usize>,
    pub public: bool,
    pub private_ip: Option<IpAddr>,
    pub public_ip: Option<IpAddr>,
    pub available: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Peering {
    pub id: String,
    pub requester: Option<String>,
    pub accepter: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct TgwAttachment {
    pub id: String,
    pub tgw: String,
    pub resource_type: String,
    pub resource_id: Option<String>,
    pub route_table: Option<String>,
    pub available: bool,
    /// The attachment subnets of a VPC attachment (one per Availability Zone), when the
    /// snapshot has `describe-transit-gateway-vpc-attachments`.
    pub subnets: Vec<usize>,
    /// `ApplianceModeSupport` of a VPC attachment.
    pub appliance_mode: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct TgwRoute {
    pub prefix: Prefix,
    pub attachments: Vec<String>,
    pub propagated: bool,
    pub blackhole: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct TgwRouteTable {
    pub id: String,
    pub routes: Vec<TgwRoute>,
}

#[derive(Debug, Clone)]
pub(crate) struct Listener {
    pub port: u16,
    pub protocols: Vec<u8>,
    pub label: String,
    pub forwards: Vec<Forward>,
}

/// A target group a listener forwards to, and the rule that does it.
#[derive(Debug, Clone)]
pub(crate) struct Forward {
    pub target_group: String,
    /// `None` for the default action; else the rule: its ARN (or priority) and its text
    /// (`rule 10 (path-pattern /api/*)`).
    pub rule: Option<(String, String)>,
    /// The client addresses of the rule's `source-ip` conditions (all must match), minus
    /// those whose requests an earlier rule takes, for IPv4 and IPv6; `None` for every client.
    pub sources: Option<(Ranges, Ranges)>,
    /// The earlier rules that take this rule's requests from some clients (text).
    pub taken_by: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct LoadBalancer {
    pub arn: String,
    pub name: String,
    pub kind: String,
    pub internet_facing: bool,
    pub groups: Vec<usize>,
    pub enis: Vec<usize>,
    pub listeners: Vec<Listener>,
    /// Listener rules that never receive a request (an earlier rule takes them all).
    pub shadowed: Vec<crate::exposure::ShadowedRule>,
}

#[derive(Debug, Clone)]
pub(crate) struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub target_type: String,
    pub port: Option<u16>,
    pub protocols: Vec<u8>,
    pub targets: Vec<(String, Option<u16>, Option<String>)>,
}

/// Things the model could not resolve, reported with every answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Gap {
    /// The resource concerned.
    pub resource: String,
    /// What is missing or not modelled.
    pub message: String,
}

/// The network of a snapshot, indexed for reachability questions.
///
/// Build it once with [`Network::build`] and ask it [`crate::exposure`],
/// [`crate::reach`] and [`crate::egress`] questions.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub(crate) vpcs: Vec<Vpc>,
    pub(crate) subnets: Vec<Subnet>,
    pub(crate) route_tables: Vec<RouteTable>,
    pub(crate) acls: Vec<NetworkAcl>,
    pub(crate) groups: Vec<SecurityGroup>,
    pub(crate) enis: Vec<Eni>,
    pub(crate) nats: Vec<NatGateway>,
    pub(crate) peerings: Vec<Peering>,
    pub(crate) tgw_attachments: Vec<TgwAttachment>,
    pub(crate) tgw_route_tables: Vec<TgwRouteTable>,
    pub(crate) load_balancers: Vec<LoadBalancer>,
    pub(crate) target_groups: Vec<TargetGroup>,
    pub(crate) gateway_endpoints: HashMap<String, String>,
    pub(crate) gaps: Vec<Gap>,
    ix: HashMap<String, usize>,
    /// ENIs by private and public address.
    by_ip: HashMap<IpAddr, Vec<usize>>,
    by_public_ip: HashMap<IpAddr, usize>,
    /// ENIs by security group position.
    pub(crate) members: Vec<Vec<usize>>,
    /// Instance id -> its ENIs, primary first.
    pub(crate) instance_enis: HashMap<String, Vec<usize>>,
}

fn prefix(text: &str) -> Option<Prefix> {
    text.parse().ok()
}

fn tagged_name(tags: &[keyaki_snapshot::Tag]) -> Option<String> {
    keyaki_snapshot::tag(tags, "Name").map(str::to_owned)
}

impl Network {
    /// Indexes the VPC resources of every account and region of `snapshot`.
    pub fn build(snapshot: &Snapshot) -> Network {
        let mut net = Network::default();
        let mut prefix_lists: HashMap<String, Vec<Prefix>> = HashMap::new();
        let mut ec2s: Vec<(&ec2::Ec2, &elbv2::Elbv2, Place)> = Vec::new();
        for account in snapshot.accounts() {
            for region in &account.regions {
                let place = Place {
                    account: account.id.clone(),
                    region: region.region.clone(),
                };
                for pl in &region.ec2.prefix_lists {
                    let cidrs: Vec<Prefix> = pl
                        .cidrs
                        .iter()
                        .map(String::as_str)
                        .chain(pl.entries.iter().map(|e| e.cidr.as_str()))
                        .filter_map(prefix)
                        .collect();
                    if !(cidrs.is_empty() && prefix_lists.contains_key(&pl.prefix_list_id)) {
                        prefix_lists.insert(pl.prefix_list_id.clone(), cidrs);
                    }
                }
                ec2s.push((&region.ec2, &region.elbv2, place));
            }
        }
        // VPCs first, then everything that points at them.
        for (e, _, _) in &ec2s {
            for v in &e.vpcs {
                let mut cidrs: Vec<Prefix> = Vec::new();
                let assoc_ok = |s: &Option<ec2::BlockState>| {
                    s.as_ref().is_none_or(|s| s.state == "associated")
                };
                cidrs.extend(prefix(&v.cidr_block));
                for a in &v.cidr_block_association_set {
                    if assoc_ok(&a.cidr_block_state)
                        && let Some(p) = prefix(&a.cidr_block)
                        && !cidrs.contains(&p)
                    {
                        cidrs.push(p);
                    }
                }
                for a in &v.ipv6_cidr_block_association_set {
                    if assoc_ok(&a.cidr_block_state)
                        && let Some(p) = prefix(&a.ipv6_cidr_block)
                    {
                        cidrs.push(p);
                    }
                }
                net.add_id(&v.vpc_id, net.vpcs.len());
                net.vpcs.push(Vpc {
                    id: v.vpc_id.clone(),
                    cidrs,
                    igw: None,
                    eigws: Vec::new(),
                    main_route_table: None,
                    edge_route_tables: HashMap::new(),
                });
            }
        }
        for (e, _, _) in &ec2s {
            for g in &e.internet_gateways {
                for a in &g.attachments {
                    let attached = a
                        .state
                        .as_deref()
                        .is_none_or(|s| s == "available" || s == "attached");
                    if attached && let Some(v) = net.vpc_ix(&a.vpc_id) {
                        net.vpcs[v].igw = Some(g.internet_gateway_id.clone());
                    }
                }
            }
            for g in &e.egress_only_internet_gateways {
                for a in &g.attachments {
                    if let Some(v) = net.vpc_ix(&a.vpc_id) {
                        net.vpcs[v]
                            .eigws
                            .push(g.egress_only_internet_gateway_id.clone());
                    }
                }
            }
            for ep in &e.vpc_endpoints {
                if ep.vpc_endpoint_type.as_deref() == Some("Gateway") {
                    net.gateway_endpoints
                        .insert(ep.vpc_endpoint_id.clone(), ep.service_name.clone());
                }
            }
        }
        for (e, _, _) in &ec2s {
            for t in &e.route_tables {
                let Some(v) = net.vpc_ix(&t.vpc_id) else {
                    net.gap(
                        &t.route_table_id,
                        "route table of a VPC the snapshot does not describe",
                    );
                    continue;
                };
                let routes = t
                    .routes
                    .iter()
                    .filter_map(|r| net.route(r, &prefix_lists, &t.route_table_id))
                    .collect();
                let ix = net.route_tables.len();
                net.route_tables.push(RouteTable {
                    id: t.route_table_id.clone(),
                    routes,
                });
                net.add_id(&t.route_table_id, ix);
                for a in &t.associations {
                    let active = a
                        .association_state
                        .as_ref()
                        .is_none_or(|s| s.state == "associated");
                    if !active {
                        continue;
                    }
                    if a.main {
                        net.vpcs[v].main_route_table = Some(ix);
                    }
                    if let Some(g) = &a.gateway_id {
                        net.vpcs[v].edge_route_tables.insert(g.clone(), ix);
                    }
                }
            }
        }
        for (e, _, _) in &ec2s {
            for a in &e.network_acls {
                let mut inbound = Vec::new();
                let mut outbound = Vec::new();
                for entry in &a.entries {
                    let Some(rule) = acl_rule(entry) else {
                        net.gap(
                            &a.network_acl_id,
                            &format!(
                                "rule {} has no CIDR or protocol keyaki reads; ignored",
                                entry.rule_number
                            ),
                        );
                        continue;
                    };
                    if entry.egress {
                        outbound.push(rule);
                    } else {
                        inbound.push(rule);
                    }
                }
                net.add_id(&a.network_acl_id, net.acls.len());
                net.acls
                    .push(NetworkAcl::new(a.network_acl_id.clone(), inbound, outbound));
            }
            for g in &e.security_groups {
                let sg = security_group(g, &prefix_lists, &mut net.gaps);
                net.add_id(&g.group_id, net.groups.len());
                net.groups.push(sg);
            }
        }
        for (e, _, _) in &ec2s {
            for s in &e.subnets {
                let Some(v) = net.vpc_ix(&s.vpc_id) else {
                    continue;
                };
                let mut cidrs: Vec<Prefix> = s
                    .cidr_block
                    .as_deref()
                    .and_then(prefix)
                    .into_iter()
                    .collect();
                for a in &s.ipv6_cidr_block_association_set {
                    let ok = a
                        .cidr_block_state
                        .as_ref()
                        .is_none_or(|s| s.state == "associated");
                    if ok && let Some(p) = prefix(&a.ipv6_cidr_block) {
                        cidrs.push(p);
                    }
                }
                // The explicit association, else the VPC's main route table.
                // <https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#subnet-route-tables>
                let route_table = e
                    .route_tables
                    .iter()
                    .find(|t| {
                        t.associations.iter().any(|a| {
                            a.subnet_id.as_deref() == Some(s.subnet_id.as_str())
                                && a.association_state
                                    .as_ref()
                                    .is_none_or(|st| st.state == "associated")
                        })
                    })
                    .and_then(|t| net.ix.get(&t.route_table_id).copied())
                    .or(net.vpcs[v].main_route_table);
                let acl = e
                    .subnet_network_acl(&s.subnet_id)
                    .and_then(|a| net.ix.get(&a.network_acl_id).copied());
                if acl.is_none() {
                    net.gap(&s.subnet_id, "no network ACL association in the snapshot; the subnet is treated as having the default allow-all ACL");
                }
                net.add_id(&s.subnet_id, net.subnets.len());
                net.subnets.push(Subnet {
                    id: s.subnet_id.clone(),
                    vpc: v,
                    cidrs,
                    route_table,
                    acl,
                    az: s.availability_zone.clone(),
                });
            }
        }
        for (e, _, place) in &ec2s {
            for n in &e.network_interfaces {
                net.add_eni(n, place);
            }
            // Instances whose ENIs describe-network-interfaces did not list.
            for i in &e.instances {
                for n in &i.network_interfaces {
                    if net.ix.contains_key(&n.network_interface_id) {
                        continue;
                    }
                    net.add_instance_eni(i, n, place);
                }
            }
            for a in &e.addresses {
                // Elastic IPs: associate any that the ENI listing lacks.
                let (Some(eni), Ok(public)) = (
                    a.network_interface_id
                        .as_deref()
                        .and_then(|id| net.ix.get(id).copied()),
                    a.public_ip.parse::<IpAddr>(),
                ) else {
                    continue;
                };
                let Some(e) = net.enis.get_mut(eni) else {
                    continue;
                };
                let private: Option<IpAddr> =
                    a.private_ip_address.as_deref().and_then(|p| p.parse().ok());
                if let Some(slot) = e
                    .v4
                    .iter_mut()
                    .find(|s| Some(s.ip) == private || (private.is_none() && s.public.is_none()))
                    && slot.public.is_none()
                {
                    slot.public = Some(public);
                    net.by_public_ip.insert(public, eni);
                }
            }
        }
        for (e, _, _) in &ec2s {
            for n in &e.nat_gateways {
                let addr = n
                    .nat_gateway_addresses
                    .iter()
                    .find(|a| a.is_primary.unwrap_or(true))
                    .or(n.nat_gateway_addresses.first());
                let eni = addr
                    .and_then(|a| a.network_interface_id.as_deref())
                    .and_then(|id| net.ix.get(id).copied());
                if let Some(eni) = eni {
                    net.enis[eni].owner = Owner::NatGateway(n.nat_gateway_id.clone());
                }
                net.add_id(&n.nat_gateway_id, net.nats.len());
                net.nats.push(NatGateway {
                    id: n.nat_gateway_id.clone(),
                    subnet: n.subnet_id.as_deref().and_then(|s| net.ix.get(s).copied()),
                    public: n.connectivity_type.as_deref() != Some("private"),
                    private_ip: addr
                        .and_then(|a| a.private_ip.as_deref())
                        .and_then(|p| p.parse().ok()),
                    public_ip: addr
                        .and_then(|a| a.public_ip.as_deref())
                        .and_then(|p| p.parse().ok()),
                    available: n.state.as_deref().is_none_or(|s| s == "available"),
                });
            }
            for p in &e.vpc_peering_connections {
                if net.ix.contains_key(&p.vpc_peering_connection_id) {
                    continue;
                }
                net.add_id(&p.vpc_peering_connection_id, net.peerings.len());
                net.peerings.push(Peering {
                    id: p.vpc_peering_connection_id.clone(),
                    requester: p.requester_vpc_info.as_ref().and_then(|i| i.vpc_id.clone()),
                    accepter: p.accepter_vpc_info.as_ref().and_then(|i| i.vpc_id.clone()),
                    active: p.status.as_ref().is_none_or(|s| s.code == "active"),
                });
            }
            for a in &e.transit_gateway_attachments {
                if net
                    .tgw_attachments
                    .iter()
                    .any(|x| x.id == a.transit_gateway_attachment_id)
                {
                    continue;
                }
                net.tgw_attachments.push(TgwAttachment {
                    id: a.transit_gateway_attachment_id.clone(),
                    tgw: a.transit_gateway_id.clone().unwrap_or_default(),
                    resource_type: a.resource_type.clone().unwrap_or_default(),
                    resource_id: a.resource_id.clone(),
                    route_table: a
                        .association
                        .as_ref()
                        .filter(|s| s.state.as_deref().is_none_or(|s| s == "associated"))
                        .and_then(|s| s.transit_gateway_route_table_id.clone()),
                    available: a.state.as_deref().is_none_or(|s| s == "available"),
                    subnets: Vec::new(),
                    appliance_mode: false,
                });
            }
            for a in &e.transit_gateway_vpc_attachments {
                let subnets: Vec<usize> = a
                    .subnet_ids
                    .iter()
                    .filter_map(|s| net.subnet_ix(s))
                    .collect();
                let appliance_mode = a.appliance_mode();
                if let Some(x) = net
                    .tgw_attachments
                    .iter_mut()
                    .find(|x| x.id == a.transit_gateway_attachment_id)
                {
                    if x.subnets.is_empty() {
                        x.subnets = subnets;
                        x.appliance_mode = appliance_mode;
                    }
                    continue;
                }
                net.tgw_attachments.push(TgwAttachment {
                    id: a.transit_gateway_attachment_id.clone(),
                    tgw: a.transit_gateway_id.clone().unwrap_or_default(),
                    resource_type: "vpc".into(),
                    resource_id: a.vpc_id.clone(),
                    route_table: None,
                    available: a.state.as_deref().is_none_or(|s| s == "available"),
                    subnets,
                    appliance_mode,
                });
            }
            for t in &e.transit_gateway_route_tables {
                let routes = t
                    .routes
                    .iter()
                    .filter_map(|r| {
                        let prefix = r.destination_cidr_block.as_deref().and_then(prefix)?;
                        Some(TgwRoute {
                            prefix,
                            attachments: r
                                .transit_gateway_attachments
                                .iter()
                                .filter_map(|a| a.transit_gateway_attachment_id.clone())
                                .collect(),
                            propagated: r.kind.as_deref() == Some("propagated"),
                            blackhole: r.state.as_deref() == Some("blackhole"),
                        })
                    })
                    .collect();
                net.tgw_route_tables.push(TgwRouteTable {
                    id: t.transit_gateway_route_table_id.clone(),
                    routes,
                });
            }
        }
        // Attachments without an association in their own listing: the default association
        // route table of their transit gateway.
        let mut defaults: HashMap<String, String> = HashMap::new();
        for (e, _, _) in &ec2s {
            for t in &e.transit_gateway_route_tables {
                if t.default_association_route_table
                    && let Some(g) = &t.transit_gateway_id
                {
                    defaults.insert(g.clone(), t.transit_gateway_route_table_id.clone());
                }
            }
        }
        for a in &mut net.tgw_attachments {
            if a.route_table.is_none() {
                a.route_table = defaults.get(&a.tgw).cloned();
            }
        }
        net.members = vec![Vec::new(); net.groups.len()];
        for (i, e) in net.enis.iter().enumerate() {
            for &g in &e.groups {
                net.members[g].push(i);
            }
            if let Owner::Instance(id) = &e.owner {
                net.instance_enis.entry(id.clone()).or_default().push(i);
            }
        }
        for (_, lb, _) in &ec2s {
            net.add_load_balancers(lb);
        }
        for e in &net.enis {
            for g in &e.missing_groups {
                net.gaps.push(Gap {
                    resource: e.id.clone(),
                    message: format!(
                        "security group {g} is not in the snapshot; its rules admit nothing here"
                    ),
                });
            }
        }
        net
    }

    fn add_id(&mut self, id: &str, ix: usize) {
        self.ix.entry(id.to_owned()).or_insert(ix);
    }

    fn gap(&mut self, resource: &str, message: &str) {
        self.gaps.push(Gap {
            resource: resource.to_owned(),
            message: message.to_owned(),
        });
    }

    pub(crate) fn vpc_ix(&self, id: &str) -> Option<usize> {
        self.ix
            .get(id)
            .copied()
            .filter(|&i| self.vpcs.get(i).is_some_and(|v| v.id == id))
    }

    pub(crate) fn subnet_ix(&self, id: &str) -> Option<usize> {
        self.ix
            .get(id)
            .copied()
            .filter(|&i| self.subnets.get(i).is_some_and(|v| v.id == id))
    }

    pub(crate) fn eni_ix(&self, id: &str) -> Option<usize> {
        self.ix
            .get(id)
            .copied()
            .filter(|&i| self.enis.get(i).is_some_and(|v| v.id == id))
    }

    pub(crate) fn nat_ix(&self, id: &str) -> Option<usize> {
        self.ix
            .get(id)
            .copied()
            .filter(|&i| self.nats.get(i).is_some_and(|v| v.id == id))
    }

    pub(crate) fn peering_ix(&self, id: &str) -> Option<usize> {
        self.ix
            .get(id)
            .copied()
            .filter(|&i| self.peerings.get(i).is_some_and(|v| v.id == id))
    }

    /// The ENIs whose private address is `ip`.
    pub(crate) fn enis_at(&self, ip: IpAddr) -> &[usize] {
        self.by_ip.get(&ip).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The ENI whose public IPv4 address is `ip`.
    pub(crate) fn eni_with_public(&self, ip: IpAddr) -> Option<usize> {
        self.by_public_ip.get(&ip).copied()
    }

    fn route(
        &mut self,
        r: &ec2::Route,
        lists: &HashMap<String, Vec<Prefix>>,
        table: &str,
    ) -> Option<Route> {
        let (destination, prefixes, from_list) = if let Some(c) = &r.destination_cidr_block {
            (c.clone(), vec![prefix(c)?], false)
        } else if let Some(c) = &r.destination_ipv6_cidr_block {
            (c.clone(), vec![prefix(c)?], false)
        } else if let Some(pl) = &r.destination_prefix_list_id {
            let entries = match lists.get(pl) {
                Some(e) => e.clone(),
                None => {
                    self.gap(
                        table,
                        &format!("route to prefix list {pl}, whose entries the snapshot lacks; the route is ignored"),
                    );
                    Vec::new()
                }
            };
            (pl.clone(), entries, true)
        } else {
            return None;
        };
        let target = if let Some(g) = &r.gateway_id {
            if g == "local" {
                Target::Local
            } else if g.starts_with("igw-") {
                Target::InternetGateway(g.clone())
            } else if g.starts_with("vgw-") {
                Target::VpnGateway(g.clone())
            } else if g.starts_with("vpce-") {
                Target::GatewayEndpoint(g.clone())
            } else {
                Target::Other(g.clone())
            }
        } else if let Some(n) = &r.nat_gateway_id {
            Target::NatGateway(n.clone())
        } else if let Some(p) = &r.vpc_peering_connection_id {
            Target::Peering(p.clone())
        } else if let Some(t) = &r.transit_gateway_id {
            Target::TransitGateway(t.clone())
        } else if let Some(e) = &r.egress_only_internet_gateway_id {
            Target::EgressOnlyInternetGateway(e.clone())
        } else if let Some(n) = &r.network_interface_id {
            Target::NetworkInterface(n.clone())
        } else if let Some(i) = &r.instance_id {
            Target::Instance(i.clone())
        } else {
            Target::Other(
                r.local_gateway_id
                    .clone()
                    .or(r.carrier_gateway_id.clone())
                    .or(r.core_network_arn.clone())
                    .unwrap_or_else(|| "unknown".into()),
            )
        };
        let rank = if r.origin.as_deref() == Some("EnableVgwRoutePropagation") {
            Rank::Propagated
        } else if from_list {
            Rank::PrefixList
        } else {
            Rank::Static
        };
        Some(Route {
            destination,
            prefixes,
            target,
            rank,
            blackhole: r.state.as_deref() == Some("blackhole"),
        })
    }

    fn index_eni(&mut self, ix: usize) {
        let e = &self.enis[ix];
        let ips: Vec<IpAddr> =
            e.v4.iter()
                .map(|a| a.ip)
                .chain(e.v6.iter().copied())
                .collect();
        let publics: Vec<IpAddr> = e.v4.iter().filter_map(|a| a.public).collect();
        for ip in ips {
            self.by_ip.entry(ip).or_default().push(ix);
        }
        for ip in publics {
            self.by_public_ip.entry(ip).or_insert(ix);
        }
    }

    fn add_eni(&mut self, n: &ec2::NetworkInterface, place: &Place) {
        let Some(subnet) = self.subnet_ix(&n.subnet_id) else {
            self.gap(
                &n.network_interface_id,
                "ENI in a subnet the snapshot does not describe; skipped",
            );
            return;
        };
        let mut v4: Vec<PrivateV4> = Vec::new();
        for a in &n.private_ip_addresses {
            if let Ok(ip) = a.private_ip_address.parse() {
                let public = a
                    .association
                    .as_ref()
                    .and_then(|x| x.public_ip.as_deref())
                    .and_then(|p| p.parse().ok());
                let slot = PrivateV4 { ip, public };
                if a.primary {
                    v4.insert(0, slot);
                } else {
                    v4.push(slot);
                }
            }
        }
        if v4.is_empty()
            && let Some(ip) = n.private_ip_address.as_deref().and_then(|p| p.parse().ok())
        {
            v4.push(PrivateV4 { ip, public: None });
        }
        if let Some(public) = n
            .association
            .as_ref()
            .and_then(|a| a.public_ip.as_deref())
            .and_then(|p| p.parse().ok())
        {
            let primary = n
                .private_ip_address
                .as_deref()
                .and_then(|p| p.parse::<IpAddr>().ok());
            if let Some(slot) = v4.iter_mut().find(|s| Some(s.ip) == primary).or(None) {
                slot.public.get_or_insert(public);
            } else if let Some(first) = v4.first_mut() {
                first.public.get_or_insert(public);
            }
        }
        let v6 = n
            .ipv6_addresses
            .iter()
            .filter_map(|a| a.ipv6_address.parse().ok())
            .collect();
        let (groups, missing_groups) =
            self.resolve_groups(n.groups.iter().map(|g| g.group_id.as_str()));
        let description = n.description.clone().unwrap_or_default();
        let kind = n
            .interface_type
            .clone()
            .unwrap_or_else(|| "interface".into());
        let owner = if let Some(i) = n.attachment.as_ref().and_then(|a| a.instance_id.clone()) {
            Owner::Instance(i)
        } else if let Some(rest) = description.strip_prefix("ELB ") {
            Owner::LoadBalancer(rest.to_owned())
        } else if kind == "nat_gateway" {
            Owner::NatGateway(description.clone())
        } else if kind == "vpc_endpoint" {
            Owner::VpcEndpoint(description.clone())
        } else if description.is_empty() {
            Owner::None
        } else {
            Owner::Other(description.clone())
        };
        let ix = self.enis.len();
        self.add_id(&n.network_interface_id, ix);
        self.enis.push(Eni {
            id: n.network_interface_id.clone(),
            subnet,
            vpc: self.subnets[subnet].vpc,
            groups,
            missing_groups,
            v4,
            v6,
            owner,
            interface_type: kind,
            name: tagged_name(&n.tags),
            place: place.clone(),
        });
        self.index_eni(ix);
    }

    fn add_instance_eni(
        &mut self,
        i: &ec2::Instance,
        n: &ec2::InstanceNetworkInterface,
        place: &Place,
    ) {
        let Some(subnet) = n
            .subnet_id
            .as_deref()
            .or(i.subnet_id.as_deref())
            .and_then(|s| self.subnet_ix(s))
        else {
            return;
        };
        let Some(ip) = n.private_ip_address.as_deref().and_then(|p| p.parse().ok()) else {
            return;
        };
        let public = n
            .association
            .as_ref()
            .and_then(|a| a.public_ip.as_deref())
            .and_then(|p| p.parse().ok());
        let (groups, missing_groups) =
            self.resolve_groups(n.groups.iter().map(|g| g.group_id.as_str()));
        let ix = self.enis.len();
        self.add_id(&n.network_interface_id, ix);
        self.enis.push(Eni {
            id: n.network_interface_id.clone(),
            subnet,
            vpc: self.subnets[subnet].vpc,
            groups,
            missing_groups,
            v4: vec![PrivateV4 { ip, public }],
            v6: Vec::new(),
            owner: Owner::Instance(i.instance_id.clone()),
            interface_type: "interface".into(),
            name: tagged_name(&i.tags),
            place: place.clone(),
        });
        self.index_eni(ix);
    }

    fn resolve_groups<'a>(&self, ids: impl Iterator<Item = &'a str>) -> (Vec<usize>, Vec<String>) {
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for id in ids {
            match self
                .ix
                .get(id)
                .copied()
                .filter(|&i| self.groups.get(i).is_some_and(|g| g.id == id))
            {
                Some(g) => found.push(g),
                None => missing.push(id.to_owned()),
            }
        }
        (found, missing)
    }

    fn add_load_balancers(&mut self, lbs: &elbv2::Elbv2) {
        for tg in &lbs.target_groups {
            let protocols = lb_protocols(tg.protocol.as_deref());
            self.target_groups.push(TargetGroup {
                arn: tg.target_group_arn.clone(),
                name: tg.target_group_name.clone(),
                target_type: tg.target_type.clone().unwrap_or_else(|| "instance".into()),
                port: tg.port.and_then(|p| u16::try_from(p).ok()),
                protocols,
                targets: tg
                    .targets
                    .iter()
                    .map(|t| {
                        (
                            t.target.id.clone(),
                            t.target.port.and_then(|p| u16::try_from(p).ok()),
                            t.target_health.as_ref().and_then(|h| h.state.clone()),
                        )
                    })
                    .collect(),
            });
        }
        for lb in &lbs.load_balancers {
            // The ENIs of a load balancer are described "ELB app/<name>/<id>".
            let suffix = lb
                .load_balancer_arn
                .split_once(":loadbalancer/")
                .map(|(_, s)| s.to_owned())
                .unwrap_or_default();
            let enis: Vec<usize> = self
                .enis
                .iter()
                .enumerate()
                .filter(|(_, e)| e.owner == Owner::LoadBalancer(suffix.clone()))
                .map(|(i, _)| i)
                .collect();
            for &e in &enis {
                self.enis[e].owner = Owner::LoadBalancer(lb.load_balancer_arn.clone());
            }
            let (groups, _) = self.resolve_groups(lb.security_groups.iter().map(String::as_str));
            let mut shadowed = Vec::new();
            let listeners = lbs
                .listeners_of(&lb.load_balancer_arn)
                .filter_map(|l| {
                    let port = u16::try_from(l.port?).ok()?;
                    let label = format!("{} {}", l.protocol.as_deref().unwrap_or("?"), port);
                    let mut forwards: Vec<Forward> = Vec::new();
                    let mut add =
                        |target_group: &str,
                         rule: Option<(String, String)>,
                         sources: Option<(Ranges, Ranges)>,
                         taken_by: &[(String, String)]| {
                            let f = Forward {
                                target_group: target_group.to_owned(),
                                rule,
                                sources,
                                taken_by: taken_by.iter().map(|(_, t)| t.clone()).collect(),
                            };
                            if !forwards
                                .iter()
                                .any(|x| x.target_group == f.target_group && x.rule == f.rule)
                            {
                                forwards.push(f);
                            }
                        };
                    // The rules in evaluation order, the default rule last (from the listener's
                    // default actions when describe-rules does not list it).
                    let mut rules = l.rules.clone();
                    if !rules.iter().any(|r| r.is_default) {
                        rules.push(elbv2::Rule {
                            rule_arn: None,
                            priority: Some("default".into()),
                            conditions: Vec::new(),
                            actions: l.default_actions.clone(),
                            is_default: true,
                        });
                    }
                    for e in crate::listener::evaluate(l, &rules) {
                        let groups: Vec<&str> = if e.rule.is_default {
                            l.default_actions
                                .iter()
                                .filter(|a| a.kind == "forward")
                                .flat_map(elbv2::Action::target_groups)
                                .collect()
                        } else {
                            e.rule.target_groups().collect()
                        };
                        let id = crate::listener::rule_id(l, e.rule);
                        if e.shadowed {
                            shadowed.push(crate::exposure::ShadowedRule {
                                load_balancer: lb.load_balancer_arn.clone(),
                                listener: label.clone(),
                                listener_arn: l.listener_arn.clone(),
                                rule: if e.rule.is_default {
                                    format!("{} default rule", l.listener_arn)
                                } else {
                                    id
                                },
                                rule_text: e.rule.describe(),
                                shadowed_by: e.taken_by.iter().map(|(i, _)| i.clone()).collect(),
                                shadowed_by_text: e
                                    .taken_by
                                    .iter()
                                    .map(|(_, t)| t.clone())
                                    .collect(),
                                target_groups: groups.iter().map(|g| (*g).to_owned()).collect(),
                            });
                            continue;
                        }
                        let rule = (!e.rule.is_default).then(|| (id.clone(), e.rule.describe()));
                        for g in groups {
                            add(g, rule.clone(), e.sources.clone(), &e.taken_by);
                        }
                    }
                    Some(Listener {
                        port,
                        protocols: lb_protocols(l.protocol.as_deref()),
                        label,
                        forwards,
                    })
                })
                .collect();
            if enis.is_empty() {
                self.gap(
                    &lb.load_balancer_arn,
                    "no ENI of this load balancer in the snapshot (describe-network-interfaces); its paths are not evaluated",
                );
            }
            self.load_balancers.push(LoadBalancer {
                arn: lb.load_balancer_arn.clone(),
                name: lb.load_balancer_name.clone(),
                kind: lb.kind.clone().unwrap_or_else(|| "application".into()),
                internet_facing: lb.scheme.as_deref() == Some("internet-facing"),
                groups,
                enis,
                listeners,
                shadowed,
            });
        }
    }

    /// The security-group part of an ENI's inbound filter, for traffic that comes from
    /// `from` (another ENI, which group rules match by membership) or from outside
    /// (`None`: only CIDR and prefix-list rules can match).
    pub(crate) fn sg_in(&self, eni: usize, from: Option<usize>) -> FlowSet {
        self.sg_set(eni, from, true)
    }

    /// The security-group part of an ENI's outbound filter towards `to`.
    pub(crate) fn sg_out(&self, eni: usize, to: Option<usize>) -> FlowSet {
        self.sg_set(eni, to, false)
    }

    fn sg_set(&self, eni: usize, peer: Option<usize>, inbound: bool) -> FlowSet {
        let mut out = FlowSet::empty();
        for &g in &self.enis[eni].groups {
            let rules = if inbound {
                &self.groups[g].ingress
            } else {
                &self.groups[g].egress
            };
            for r in rules {
                out = out.union(&self.sg_rule_flows(r, peer, inbound));
            }
        }
        out
    }

    /// The flows one rule admits; the ENI side of the flow is left open (the rule applies to
    /// every address of the ENI).
    pub(crate) fn sg_rule_flows(&self, r: &SgRule, peer: Option<usize>, inbound: bool) -> FlowSet {
        let mut out = FlowSet::empty();
        for family in Family::BOTH {
            let all = Ranges::interval(0, family.max());
            let peers = match &r.peer {
                Peer::Group(g) => {
                    let member = peer.is_some_and(|p| {
                        self.enis[p].groups.iter().any(|&i| &self.groups[i].id == g)
                    });
                    if member { all.clone() } else { Ranges::empty() }
                }
                _ => r.peer_ranges(family),
            };
            if peers.is_empty() {
                continue;
            }
            let f = if inbound {
                r.service.flows(family, &peers, &all)
            } else {
                r.service.flows(family, &all, &peers)
            };
            out = out.union(&f);
        }
        out
    }

    /// The rules (as `sg-id: label`) of an ENI's groups that admit some of `flows`.
    pub(crate) fn sg_admitting(
        &self,
        eni: usize,
        peer: Option<usize>,
        flows: &FlowSet,
        inbound: bool,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for &g in &self.enis[eni].groups {
            let group = &self.groups[g];
            let rules = if inbound {
                &group.ingress
            } else {
                &group.egress
            };
            for r in rules {
                if !self
                    .sg_rule_flows(r, peer, inbound)
                    .intersect(flows)
                    .is_empty()
                {
                    out.push(r.cite(group, inbound));
                }
            }
        }
        out
    }

    /// The network ACL of a subnet; `None` when the snapshot does not say (treated as the
    /// default ACL, which allows everything).
    pub(crate) fn acl_of(&self, subnet: usize) -> Option<&NetworkAcl> {
        self.subnets[subnet].acl.map(|a| &self.acls[a])
    }

    /// The flows a subnet's ACL lets through in one direction.
    pub(crate) fn acl_allows(&self, subnet: usize, outbound: bool) -> FlowSet {
        match self.acl_of(subnet) {
            Some(acl) => acl.allowed(outbound).clone(),
            None => FlowSet::all(),
        }
    }

    pub(crate) fn route_table_of(&self, subnet: usize) -> Option<&RouteTable> {
        self.subnets[subnet]
            .route_table
            .map(|r| &self.route_tables[r])
    }

    /// The ENI label: `eni-... (web-1, i-...)`.
    pub(crate) fn eni_label(&self, eni: usize) -> String {
        let e = &self.enis[eni];
        let mut parts: Vec<String> = Vec::new();
        if let Some(n) = &e.name {
            parts.push(n.clone());
        }
        match &e.owner {
            Owner::Instance(i) => parts.push(i.clone()),
            Owner::LoadBalancer(l) => {
                parts.push(l.rsplit(":loadbalancer/").next().unwrap_or(l).to_owned())
            }
            Owner::NatGateway(n) | Owner::VpcEndpoint(n) | Owner::Other(n) if !n.is_empty() => {
                parts.push(n.clone())
            }
            _ => {}
        }
        if parts.is_empty() {
            e.id.clone()
        } else {
            format!("{} ({})", e.id, parts.join(", "))
        }
    }

    /// How many ENIs, security groups, subnets and VPCs the model holds.
    pub fn counts(&self) -> NetworkCounts {
        NetworkCounts {
            vpcs: self.vpcs.len(),
            subnets: self.subnets.len(),
            enis: self.enis.len(),
            security_groups: self.groups.len(),
            network_acls: self.acls.len(),
            route_tables: self.route_tables.len(),
            load_balancers: self.load_balancers.len(),
        }
    }

    /// What the model could not resolve (missing prefix list entries, subnets without an
    /// ACL association, ...). Every answer is exact for what the snapshot holds; these say
    /// where the snapshot falls short.
    pub fn gaps(&self) -> &[Gap] {
        &self.gaps
    }
}

/// The size of a [`Network`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[allow(missing_docs)]
pub struct NetworkCounts {
    pub vpcs: usize,
    pub subnets: usize,
    pub enis: usize,
    pub security_groups: usize,
    pub network_acls: usize,
    pub route_tables: usize,
    pub load_balancers: usize,
}

fn lb_protocols(p: Option<&str>) -> Vec<u8> {
    use crate::flowset::proto;
    match p.unwrap_or("TCP") {
        "UDP" => vec![proto::UDP],
        "TCP_UDP" => vec![proto::TCP, proto::UDP],
        "GENEVE" => vec![proto::UDP],
        _ => vec![proto::TCP],
    }
}

fn acl_rule(e: &ec2::NetworkAclEntry) -> Option<AclRule> {
    let cidr = e
        .cidr_block
        .as_deref()
        .or(e.ipv6_cidr_block.as_deref())
        .and_then(prefix)?;
    let protocols = Service::protocol(&e.protocol)?;
    let ports = match protocols.0 {
        crate::flowset::proto::ICMP | crate::flowset::proto::ICMPV6
            if protocols.0 == protocols.1 =>
        {
            let tc = e.icmp_type_code.as_ref();
            Service::ports_for(protocols, tc.and_then(|t| t.kind), tc.and_then(|t| t.code))
        }
        _ => {
            let pr = e.port_range.as_ref();
            Service::ports_for(protocols, pr.and_then(|p| p.from), pr.and_then(|p| p.to))
        }
    };
    Some(AclRule {
        number: e.rule_number,
        allow: e.rule_action.eq_ignore_ascii_case("allow"),
        cidr,
        service: Service { protocols, ports },
    })
}

fn sg_rules(
    perms: &[ec2::IpPermission],
    field: &str,
    lists: &HashMap<String, Vec<Prefix>>,
    group: &str,
    gaps: &mut Vec<Gap>,
) -> Vec<SgRule> {
    let mut out = Vec::new();
    for (i, p) in perms.iter().enumerate() {
        let Some(protocols) = Service::protocol(&p.ip_protocol) else {
            gaps.push(Gap {
                resource: group.to_owned(),
                message: format!(
                    "{field}[{i}]: unknown protocol {:?}; rule ignored",
                    p.ip_protocol
                ),
            });
            continue;
        };
        let service = Service {
            protocols,
            ports: Service::ports_for(protocols, p.from_port, p.to_port),
        };
        let path = format!("{field}[{i}]");
        for r in &p.ip_ranges {
            if let Some(c) = prefix(&r.cidr_ip) {
                out.push(SgRule {
                    service,
                    peer: Peer::Cidr(c),
                    path: path.clone(),
                    description: r.description.clone(),
                });
            }
        }
        for r in &p.ipv6_ranges {
            if let Some(c) = prefix(&r.cidr_ipv6) {
                out.push(SgRule {
                    service,
                    peer: Peer::Cidr(c),
                    path: path.clone(),
                    description: r.description.clone(),
                });
            }
        }
        for r in &p.prefix_list_ids {
            let entries = lists.get(&r.prefix_list_id).cloned();
            if entries.is_none() {
                gaps.push(Gap {
                    resource: group.to_owned(),
                    message: format!(
                        "{path}: prefix list {} without entries in the snapshot; it matches nothing here",
                        r.prefix_list_id
                    ),
                });
            }
            out.push(SgRule {
                service,
                peer: Peer::PrefixList(r.prefix_list_id.clone(), entries),
                path: path.clone(),
                description: r.description.clone(),
            });
        }
        for r in &p.user_id_group_pairs {
            if let Some(g) = &r.group_id {
                out.push(SgRule {
                    service,
                    peer: Peer::Group(g.clone()),
                    path: path.clone(),
                    description: r.description.clone(),
                });
            }
        }
    }
    out
}

fn security_group(
    g: &ec2::SecurityGroup,
    lists: &HashMap<String, Vec<Prefix>>,
    gaps: &mut Vec<Gap>,
) -> SecurityGroup {
    SecurityGroup {
        id: g.group_id.clone(),
        name: g.group_name.clone(),
        ingress: sg_rules(&g.ip_permissions, "IpPermissions", lists, &g.group_id, gaps),
        egress: sg_rules(
            &g.ip_permissions_egress,
            "IpPermissionsEgress",
            lists,
            &g.group_id,
            gaps,
        ),
    }
}

impl Network {
    /// The attachment subnet where traffic from `subnet` enters transit gateway attachment
    /// `a`: the one in the same Availability Zone. `None` when the attachment has no subnet
    /// in that zone (traffic from there cannot reach the transit gateway); `Some(None)`
    /// when the snapshot does not say (no attachment subnets, or zones unknown).
    /// <https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html>
    pub(crate) fn tgw_entry(&self, a: &TgwAttachment, subnet: usize) -> Option<Option<usize>> {
        let Some(az) = self.subnets[subnet].az.as_deref() else {
            return Some(None);
        };
        if a.subnets.is_empty() || a.subnets.iter().any(|&x| self.subnets[x].az.is_none()) {
            return Some(None);
        }
        a.subnets
            .iter()
            .copied()
            .find(|&x| self.subnets[x].az.as_deref() == Some(az))
            .map(Some)
    }

    /// The attachment subnets through which the transit gateway may send a flow that
    /// arrived in zone `from_az` into attachment `a`'s VPC. With appliance mode the gateway
    /// picks one subnet per flow by a flow hash, so any of them may carry it; without, it
    /// keeps the flow in its zone when `a` has a subnet there, else uses another zone.
    /// `[None]` when the snapshot does not list the attachment subnets.
    /// <https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-az-overview>
    pub(crate) fn tgw_exits(&self, a: &TgwAttachment, from_az: Option<&str>) -> Vec<Option<usize>> {
        if a.subnets.is_empty() {
            return vec![None];
        }
        if !a.appliance_mode
            && let Some(az) = from_az
            && let Some(&x) = a
                .subnets
                .iter()
                .find(|&&x| self.subnets[x].az.as_deref() == Some(az))
        {
            return vec![Some(x)];
        }
        a.subnets.iter().copied().map(Some).collect()
    }
}
