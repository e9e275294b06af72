//! `egress`: which ENIs can reach the internet, through which gateway, with which flows.
//!
//! Out through an internet gateway needs a public IPv4 address (the gateway translates the
//! private one) or an IPv6 address; out through an egress-only internet gateway, an IPv6
//! address; out through a public NAT gateway, a route from the NAT gateway's subnet to an
//! internet gateway. On every leg the security group's outbound rules (stateful: the reply
//! needs nothing) and both directions of each network ACL crossed (stateless) apply.
//! <https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html>,
//! <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html>,
//! <https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html>

use serde::Serialize;

use crate::addr::{Family, Ranges};
use crate::flowset::{DST, FlowSet};
use crate::model::{Network, Owner};
use crate::routing::Target;
use crate::rules::Service;

/// One ENI's way out to the internet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Egress {
    /// The ENI.
    pub eni_id: String,
    /// Its instance.
    pub instance_id: Option<String>,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The VPC.
    pub vpc_id: String,
    /// The subnet.
    pub subnet_id: String,
    /// The account.
    pub account: Option<String>,
    /// The region.
    pub region: Option<String>,
    /// `v4` or `v6`.
    pub family: Family,
    /// `internet-gateway`, `egress-only-internet-gateway` or `nat-gateway`.
    pub gateway_kind: &'static str,
    /// The gateway id.
    pub gateway: String,
    /// The address the internet sees (public IPv4 of the ENI or of the NAT gateway).
    pub seen_as: Option<String>,
    /// The destinations reachable this way, as text with exceptions.
    pub destinations: String,
    /// The exact flows, one line per group.
    pub flows: Vec<String>,
}

/// An ENI with no way out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoEgress {
    /// The ENI.
    pub eni_id: String,
    /// Its instance.
    pub instance_id: Option<String>,
    /// Why it cannot reach the internet.
    pub reason: String,
}

/// The answer of [`egress`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EgressReport {
    /// Every ENI with a way out, per gateway and family.
    pub egress: Vec<Egress>,
    /// ENIs (attached to instances) with no way out.
    pub no_egress: Vec<NoEgress>,
    /// What the snapshot lacks for a complete answer.
    pub gaps: Vec<crate::model::Gap>,
}

fn destinations(flows: &FlowSet, family: Family) -> Ranges {
    flows.boxes(family).iter().fold(Ranges::empty(), |acc, b| {
        acc.union(&Ranges::interval(b[DST].0, b[DST].1))
    })
}

/// One way out of one ENI to the internet, with the exact flows as the ENI sends them (its
/// own address as the source, before any translation).
pub(crate) struct WayOut {
    pub family: Family,
    /// `internet-gateway`, `egress-only-internet-gateway` or `nat-gateway`.
    pub kind: &'static str,
    pub gateway: String,
    /// The address the internet sees.
    pub seen_as: Option<String>,
    pub flows: FlowSet,
}

/// Every ENI that can reach the internet, through which gateway, with the exact flows.
pub fn egress(net: &Network) -> EgressReport {
    let mut out = Vec::new();
    let mut none = Vec::new();
    for (i, e) in net.enis.iter().enumerate() {
        if matches!(e.owner, Owner::NatGateway(_)) {
            continue;
        }
        let mut reasons: Vec<String> = Vec::new();
        let Some(ways) = ways_out(net, i, &mut reasons) else {
            continue;
        };
        if ways.is_empty() && e.instance_id().is_some() {
            reasons.dedup();
            none.push(NoEgress {
                eni_id: e.id.clone(),
                instance_id: e.instance_id().map(str::to_owned),
                reason: if reasons.is_empty() {
                    "no route to an internet or NAT gateway".into()
                } else {
                    reasons.join("; ")
                },
            });
        }
        out.extend(ways.into_iter().map(|w| Egress {
            eni_id: e.id.clone(),
            instance_id: e.instance_id().map(str::to_owned),
            name: e.name.clone(),
            vpc_id: net.vpcs[e.vpc].id.clone(),
            subnet_id: net.subnets[e.subnet].id.clone(),
            account: e.place.account.as_ref().map(|a| a.as_str().to_owned()),
            region: e.place.region.as_ref().map(|r| r.as_str().to_owned()),
            family: w.family,
            gateway_kind: w.kind,
            gateway: w.gateway,
            seen_as: w.seen_as,
            destinations: destinations(&w.flows, w.family).render(w.family),
            flows: w.flows.describe(),
        }));
    }
    EgressReport {
        egress: out,
        no_egress: none,
        gaps: net.gaps.clone(),
    }
}

impl Network {
    /// The exact flows from ENI `i` to the internet that get out and back, through any
    /// gateway, with the ENI's own addresses as the source.
    pub(crate) fn eni_to_internet_flows(&self, i: usize) -> FlowSet {
        let mut reasons = Vec::new();
        ways_out(self, i, &mut reasons)
            .unwrap_or_default()
            .into_iter()
            .fold(FlowSet::empty(), |acc, w| acc.union(&w.flows))
            .coalesced()
    }
}

/// The ways out of ENI `i`, one per gateway and family, each with its exact flows; why the
/// others fail goes to `reasons`. `None` when the ENI's subnet has no route table.
pub(crate) fn ways_out(net: &Network, i: usize, reasons: &mut Vec<String>) -> Option<Vec<WayOut>> {
    let e = &net.enis[i];
    let mut found = Vec::new();
    let rt = net.route_table_of(e.subnet)?;
    for family in Family::BOTH {
        let src = e.addresses(family);
        if src.is_empty() {
            continue;
        }
        let all = Ranges::interval(0, family.max());
        let base = Service::ALL
            .flows(family, &src, &all)
            .intersect(&net.sg_out(i, None));
        if base.is_empty() {
            reasons.push(format!(
                "no outbound security group rule to the internet ({family:?})"
            ));
            continue;
        }
        let mut targets: Vec<Target> = Vec::new();
        for r in &rt.routes {
            if matches!(
                r.target,
                Target::InternetGateway(_)
                    | Target::EgressOnlyInternetGateway(_)
                    | Target::NatGateway(_)
            ) && !targets.contains(&r.target)
            {
                targets.push(r.target.clone());
            }
        }
        if targets.is_empty() {
            reasons.push(format!(
                "{} has no route to an internet or NAT gateway",
                rt.id
            ));
        }
        for target in targets {
            let dst = rt.destinations_via(family, &target);
            let mut f = base.intersect(&Service::ALL.flows(family, &all, &dst));
            let (kind, gateway, seen_as) = match &target {
                Target::InternetGateway(igw) => {
                    if net.vpcs[e.vpc].igw.as_deref() != Some(igw.as_str()) {
                        reasons.push(format!("{igw} is not attached to the VPC"));
                        continue;
                    }
                    let src = match family {
                        Family::V4 => {
                            // Only private addresses with a public one get out.
                            e.v4.iter()
                                .filter(|a| a.public.is_some())
                                .fold(Ranges::empty(), |acc, a| {
                                    acc.union(&crate::addr::Prefix::host(a.ip).ranges())
                                })
                        }
                        Family::V6 => src.clone(),
                    };
                    if src.is_empty() {
                        reasons.push(format!("no public IPv4 address for {igw}"));
                        continue;
                    }
                    f = f.intersect(&Service::ALL.flows(family, &src, &all));
                    f = acl_round_trip(net, e.subnet, f);
                    let seen = e.v4.iter().find_map(|a| a.public).map(|p| p.to_string());
                    (
                        "internet-gateway",
                        igw.clone(),
                        if family == Family::V4 { seen } else { None },
                    )
                }
                Target::EgressOnlyInternetGateway(eigw) => {
                    if family != Family::V6 {
                        continue;
                    }
                    f = acl_round_trip(net, e.subnet, f);
                    ("egress-only-internet-gateway", eigw.clone(), None)
                }
                Target::NatGateway(nat) => {
                    let Some(n) = net.nat_ix(nat).map(|x| &net.nats[x]) else {
                        reasons.push(format!("{nat} is not in the snapshot"));
                        continue;
                    };
                    if !n.public || !n.available || family != Family::V4 {
                        reasons.push(format!("{nat} is private or not available"));
                        continue;
                    }
                    let (Some(ns), Some(nat_ip)) = (n.subnet, n.private_ip) else {
                        continue;
                    };
                    // To the NAT gateway and back.
                    if ns != e.subnet {
                        f = acl_round_trip(net, e.subnet, f);
                        let replies = f.reversed().intersect(&net.acl_allows(ns, true));
                        f = f
                            .intersect(&net.acl_allows(ns, false))
                            .intersect(&replies.reversed());
                    }
                    // From the NAT gateway (its address, the same ports) to the internet.
                    let nat_rt = net.route_table_of(ns);
                    let nat_igw = nat_rt.and_then(|t| {
                        t.routes.iter().find_map(|r| match &r.target {
                            Target::InternetGateway(g) => Some(g.clone()),
                            _ => None,
                        })
                    });
                    let Some(igw) = nat_igw else {
                        reasons.push(format!(
                            "the subnet of {nat} has no route to an internet gateway"
                        ));
                        continue;
                    };
                    let via = nat_rt
                        .map(|t| t.destinations_via(family, &Target::InternetGateway(igw.clone())))
                        .unwrap_or_default();
                    let mut translated = Vec::new();
                    for b in f.boxes(family) {
                        let mut b = *b;
                        let ip = crate::addr::ip_to_u128(nat_ip).1;
                        b[crate::flowset::SRC] = (ip, ip);
                        translated.push(b);
                    }
                    let t = FlowSet::from_boxes(family, translated)
                        .intersect(&Service::ALL.flows(family, &all, &via));
                    let t = acl_round_trip(net, ns, t);
                    // Keep the instance's flows whose translated form survives.
                    let ok = destinations_with_ports(&t, family);
                    f = f.intersect(&ok);
                    (
                        "nat-gateway",
                        nat.clone(),
                        n.public_ip.map(|p| p.to_string()),
                    )
                }
                _ => continue,
            };
            let f = f.coalesced();
            if f.is_empty() {
                reasons.push(format!(
                    "the network ACLs of the way through {gateway} stop everything"
                ));
                continue;
            }
            found.push(WayOut {
                family,
                kind,
                gateway,
                seen_as,
                flows: f,
            });
        }
    }
    Some(found)
}

/// Flows that leave `subnet` (outbound ACL) and whose replies come back in (inbound ACL).
fn acl_round_trip(net: &Network, subnet: usize, f: FlowSet) -> FlowSet {
    let f = f.intersect(&net.acl_allows(subnet, true));
    let replies = f.reversed().intersect(&net.acl_allows(subnet, false));
    f.intersect(&replies.reversed())
}

/// The flows with any source whose destination, protocol and ports are in `t`.
fn destinations_with_ports(t: &FlowSet, family: Family) -> FlowSet {
    let boxes = t
        .boxes(family)
        .iter()
        .map(|b| {
            let mut b = *b;
            b[crate::flowset::SRC] = (0, family.max());
            b
        })
        .collect();
    FlowSet::from_boxes(family, boxes)
}
