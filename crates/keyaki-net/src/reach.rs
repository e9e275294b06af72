//! `reach`: can A reach B, and if not, which hop blocks it and why.
//!
//! Two engines answer together. The symbolic one computes the exact set of flows between
//! the endpoints that get there and back (for the cases it models: internet to ENI, ENI to
//! ENI within a VPC or across a peering connection). The packet tracer walks one concrete
//! packet hop by hop, forward and back, and names the rule or route that lets it through or
//! stops it. When the symbolic set is not empty its witness is the packet traced, so the
//! path shown is a real one; property tests check that both engines agree.

use std::net::IpAddr;
use std::str::FromStr;

use serde::Serialize;

use crate::Error;
use crate::addr::{Family, Prefix, Ranges, ip_to_u128};
use crate::exposure::Hop;
use crate::flowset::{FlowSet, Packet, proto};
use crate::model::{Network, Owner};
use crate::routing::Target;
use crate::rules::{Peer, Service};

/// One end of a `reach` question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// Anywhere on the internet.
    Internet,
    /// An ENI, `eni-...`.
    Eni(String),
    /// An instance, `i-...` (its primary ENI).
    Instance(String),
    /// A subnet, `subnet-...` (its first ENI).
    Subnet(String),
    /// An address: an ENI's private or public address, or one outside the snapshot.
    Ip(IpAddr),
}

impl FromStr for Endpoint {
    type Err = Error;
    fn from_str(s: &str) -> Result<Endpoint, Error> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("internet") {
            Ok(Endpoint::Internet)
        } else if s.starts_with("eni-") {
            Ok(Endpoint::Eni(s.to_owned()))
        } else if s.starts_with("i-") {
            Ok(Endpoint::Instance(s.to_owned()))
        } else if s.starts_with("subnet-") {
            Ok(Endpoint::Subnet(s.to_owned()))
        } else {
            s.parse()
                .map(Endpoint::Ip)
                .map_err(|_| Error::UnknownEndpoint {
                    what: "endpoint (internet, eni-, i-, subnet- or an IP address)",
                    id: s.to_owned(),
                })
        }
    }
}

/// The protocol of a `reach` question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// One IP protocol.
    Number(u8),
    /// Every protocol.
    All,
}

impl FromStr for Protocol {
    type Err = Error;
    fn from_str(s: &str) -> Result<Protocol, Error> {
        match Service::protocol(s) {
            Some((0, 255)) => Ok(Protocol::All),
            Some((p, _)) => Ok(Protocol::Number(p)),
            None => Err(Error::BadProtocol { text: s.to_owned() }),
        }
    }
}

/// A `reach` question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachQuery {
    /// Where the traffic starts.
    pub from: Endpoint,
    /// Where it goes.
    pub to: Endpoint,
    /// The protocol; `tcp` when unset.
    pub protocol: Option<Protocol>,
    /// The destination port (TCP/UDP) or ICMP `type * 256 + code`; any when unset.
    pub port: Option<u16>,
}

/// Where and why a packet stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocked {
    /// The hop that drops it.
    pub hop: Hop,
    /// Why.
    pub reason: String,
    /// What change would let it through.
    pub fix: String,
}

/// The answer of [`reach`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReachAnswer {
    /// Whether the packet gets to the destination and its reply gets back.
    pub reachable: bool,
    /// The packet traced.
    pub packet: Packet,
    /// The hops it went through, with the admitting rule or route at each.
    pub path: Vec<Hop>,
    /// Where it stopped, when it did.
    pub blocked_at: Option<Blocked>,
    /// Every flow between the endpoints that gets through, when the symbolic engine models
    /// the case (`null` otherwise), one line per group.
    pub reachable_flows: Option<Vec<String>>,
}

/// A trace: hops so far, then either success or a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trace {
    pub hops: Vec<Hop>,
    pub blocked: Option<Blocked>,
}

impl Trace {
    fn new() -> Trace {
        Trace {
            hops: Vec::new(),
            blocked: None,
        }
    }

    fn pass(&mut self, hop: Hop) {
        self.hops.push(hop);
    }

    fn block(mut self, hop: Hop, reason: impl Into<String>, fix: impl Into<String>) -> Trace {
        self.blocked = Some(Blocked {
            hop,
            reason: reason.into(),
            fix: fix.into(),
        });
        self
    }

    pub fn reachable(&self) -> bool {
        self.blocked.is_none()
    }
}

/// Addresses that security groups and network ACLs do not filter: the instance metadata
/// service, Amazon Time Sync, the Route 53 Resolver at 169.254.169.253 (and their IPv6
/// forms). <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>,
/// <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html>
pub(crate) fn unfiltered_service(ip: IpAddr) -> Option<&'static str> {
    match ip.to_string().as_str() {
        "169.254.169.254" | "fd00:ec2::254" => Some("instance metadata service"),
        "169.254.169.123" | "fd00:ec2::123" => Some("Amazon Time Sync Service"),
        "169.254.169.253" | "fd00:ec2::253" => Some("Route 53 Resolver (Amazon DNS)"),
        _ => None,
    }
}

fn where_(eni: &crate::model::Eni, net: &Network) -> String {
    net.subnets[eni.subnet].id.clone()
}

impl Network {
    fn acl_step(
        &self,
        t: &mut Trace,
        subnet: usize,
        p: &Packet,
        outbound: bool,
        direction: &'static str,
    ) -> bool {
        let dir = if outbound { "outbound" } else { "inbound" };
        match self.acl_of(subnet) {
            None => {
                t.pass(Hop::new("network-acl", "(default)", direction).note(dir));
                true
            }
            Some(acl) => {
                let d = acl.decide(p, outbound);
                let hop = Hop::new("network-acl", &acl.id, direction)
                    .rules(vec![d.rule.clone()])
                    .note(format!("{dir}, {}", self.subnets[subnet].id));
                if d.allowed {
                    t.pass(hop);
                    true
                } else {
                    let fix = format!(
                        "add an {dir} allow rule to {} for {p}, numbered before the rule that denies it",
                        acl.id
                    );
                    *t = t.clone().block(
                        hop,
                        format!("{} ({dir}) denies {p}: {}", acl.id, d.rule),
                        fix,
                    );
                    false
                }
            }
        }
    }

    /// Whether the ENI's security groups let `p` in (from ENI `peer` or from outside), and
    /// the rule that does.
    pub(crate) fn sg_decide(
        &self,
        eni: usize,
        peer: Option<usize>,
        p: &Packet,
        inbound: bool,
    ) -> Option<String> {
        let e = &self.enis[eni];
        let remote = if inbound { p.src } else { p.dst };
        for &g in &e.groups {
            let group = &self.groups[g];
            let rules = if inbound {
                &group.ingress
            } else {
                &group.egress
            };
            for r in rules {
                if !r.service.matches(p) {
                    continue;
                }
                let hit = match &r.peer {
                    Peer::Cidr(c) => c.contains(remote),
                    Peer::PrefixList(_, Some(list)) => list.iter().any(|c| c.contains(remote)),
                    Peer::PrefixList(_, None) => false,
                    Peer::Group(id) => peer.is_some_and(|x| {
                        self.enis[x]
                            .groups
                            .iter()
                            .any(|&i| &self.groups[i].id == id)
                    }),
                };
                if hit {
                    return Some(r.cite(group, inbound));
                }
            }
        }
        None
    }

    fn sg_step(
        &self,
        t: &mut Trace,
        eni: usize,
        peer: Option<usize>,
        p: &Packet,
        inbound: bool,
    ) -> bool {
        let e = &self.enis[eni];
        let ids: Vec<&str> = e
            .groups
            .iter()
            .map(|&g| self.groups[g].id.as_str())
            .collect();
        let dir = if inbound { "inbound" } else { "outbound" };
        let hop =
            Hop::new("security-group", ids.join(","), "forward").note(format!("{dir}, {}", e.id));
        if inbound && e.groups.is_empty() && self.nlb_without_groups(eni) {
            t.pass(hop.rules(vec![
                "no security groups on this Network Load Balancer".into(),
            ]));
            return true;
        }
        match self.sg_decide(eni, peer, p, inbound) {
            Some(rule) => {
                t.pass(hop.rules(vec![rule]));
                true
            }
            None => {
                let first = ids.first().copied().unwrap_or("a security group");
                let (verb, side) = if inbound {
                    ("ingress", "from")
                } else {
                    ("egress", "to")
                };
                let who = if inbound { p.src } else { p.dst };
                let fix = format!(
                    "aws ec2 authorize-security-group-{verb} --group-id {first} --ip-permissions IpProtocol={},FromPort={},ToPort={},IpRanges=[{{CidrIp={}}}]",
                    crate::flowset::protocol_name(p.protocol),
                    p.dst_port,
                    p.dst_port,
                    Prefix::host(who)
                );
                *t = t.clone().block(
                    hop,
                    format!(
                        "no {dir} rule of the security groups of {} allows {p} ({side} {who})",
                        e.id
                    ),
                    fix,
                );
                false
            }
        }
    }

    fn nlb_without_groups(&self, eni: usize) -> bool {
        match &self.enis[eni].owner {
            Owner::LoadBalancer(arn) => self
                .load_balancers
                .iter()
                .find(|l| &l.arn == arn)
                .is_some_and(|l| l.kind == "network" && l.groups.is_empty()),
            _ => false,
        }
    }

    /// The ENI of `vpcs` whose private address is `ip`.
    fn eni_in(&self, ip: IpAddr, vpc: usize) -> Option<usize> {
        self.enis_at(ip)
            .iter()
            .copied()
            .find(|&e| self.enis[e].vpc == vpc)
    }

    fn route_hop(
        &self,
        subnet: usize,
        direction: &'static str,
        route: &crate::routing::Route,
    ) -> Hop {
        let id = self
            .route_table_of(subnet)
            .map(|t| t.id.clone())
            .unwrap_or_default();
        Hop::new("route-table", id, direction).rules(vec![route.label()])
    }

    /// Traces `p` leaving ENI `s`.
    pub(crate) fn trace_from_eni(&self, s: usize, p: &Packet) -> Trace {
        let mut t = Trace::new();
        let se = &self.enis[s];
        t.pass(Hop::new("eni", &se.id, "forward").note(self.eni_label(s)));
        if let Some(service) = unfiltered_service(p.dst) {
            t.pass(Hop::new("aws-service", p.dst.to_string(), "forward").note(format!(
                "{service}: reached from the instance itself, not filtered by security groups or network ACLs"
            )));
            return t;
        }
        let (family, _) = ip_to_u128(p.dst);
        let vpc = se.vpc;
        let dst_eni = self
            .eni_in(p.dst, vpc)
            .or_else(|| self.enis_at(p.dst).first().copied());
        if !self.sg_step(&mut t, s, dst_eni, p, false) {
            return t;
        }
        let Some(rt) = self.route_table_of(se.subnet) else {
            return t.block(
                Hop::new("route-table", "(none)", "forward"),
                format!("{} has no route table", where_(se, self)),
                "associate a route table with the subnet",
            );
        };
        let Some(route) = rt.lookup(p.dst) else {
            return t.block(
                Hop::new("route-table", &rt.id, "forward"),
                format!("{} has no route to {}", rt.id, p.dst),
                format!("add a route for {} to {}", p.dst, rt.id),
            );
        };
        let hop = self.route_hop(se.subnet, "forward", route);
        if route.blackhole {
            return t.block(
                hop,
                format!(
                    "the route {} is a blackhole (its target is gone)",
                    route.label()
                ),
                format!("replace the route {} in {}", route.destination, rt.id),
            );
        }
        t.pass(hop);
        match route.target.clone() {
            Target::Local => {
                // Within the VPC: the reserved addresses first.
                if let Some(sub) = self
                    .subnets
                    .iter()
                    .find(|x| x.vpc == vpc && x.cidrs.iter().any(|c| c.contains(p.dst)))
                {
                    let reserved = sub
                        .cidrs
                        .iter()
                        .find(|c| c.contains(p.dst))
                        .is_some_and(|c| {
                            let (_, v) = ip_to_u128(p.dst);
                            family == Family::V4 && (v - c.first() < 4 || v == c.last())
                        });
                    if reserved {
                        let vpc_base = self.vpcs[vpc].cidrs.first().map(Prefix::first);
                        let (_, v) = ip_to_u128(p.dst);
                        if vpc_base.is_some_and(|b| b + 2 == v) && p.dst_port == 53 {
                            t.pass(Hop::new("aws-service", p.dst.to_string(), "forward").note(
                                "Amazon DNS (the VPC base address plus two), not filtered by security groups or network ACLs",
                            ));
                            return t;
                        }
                        // <https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html>
                        return t.block(
                            Hop::new("subnet", &sub.id, "forward"),
                            format!(
                                "{} is one of the five addresses AWS reserves in {}",
                                p.dst, sub.id
                            ),
                            "send to an address of an interface instead",
                        );
                    }
                }
                let Some(d) = self.eni_in(p.dst, vpc) else {
                    return t.block(
                        Hop::new("vpc", &self.vpcs[vpc].id, "forward"),
                        format!(
                            "no interface in {} has the address {}",
                            self.vpcs[vpc].id, p.dst
                        ),
                        "check the destination address",
                    );
                };
                self.deliver(t, s, d, p, None)
            }
            Target::InternetGateway(igw) => self.via_igw(t, s, p, &igw, se.subnet, p.src),
            Target::EgressOnlyInternetGateway(eigw) => {
                if !self.acl_step(&mut t, se.subnet, p, true, "forward") {
                    return t;
                }
                t.pass(Hop::new("egress-only-internet-gateway", eigw, "forward"));
                self.to_internet(t, p, se.subnet)
            }
            Target::NatGateway(nat) => self.via_nat(t, s, p, &nat),
            Target::Peering(pcx) => self.via_peering(t, s, p, &pcx),
            Target::TransitGateway(tgw) => self.via_tgw(t, s, p, &tgw),
            Target::GatewayEndpoint(vpce) => {
                if !self.acl_step(&mut t, se.subnet, p, true, "forward") {
                    return t;
                }
                let service = self
                    .gateway_endpoints
                    .get(&vpce)
                    .cloned()
                    .unwrap_or_default();
                t.pass(Hop::new("gateway-endpoint", vpce, "forward").note(service));
                let reply = p.reply();
                self.acl_step(&mut t, se.subnet, &reply, false, "return");
                t
            }
            Target::VpnGateway(vgw) => {
                if !self.acl_step(&mut t, se.subnet, p, true, "forward") {
                    return t;
                }
                t.pass(
                    Hop::new("vpn-gateway", vgw, "forward")
                        .note("leaves the VPC to the on-premises network"),
                );
                let reply = p.reply();
                self.acl_step(&mut t, se.subnet, &reply, false, "return");
                t
            }
            Target::NetworkInterface(id) | Target::Instance(id) => t.block(
                Hop::new("appliance", &id, "forward"),
                format!("routed to the appliance {id}; keyaki does not trace through appliances"),
                "trace from the appliance to the destination separately",
            ),
            Target::Other(id) => t.block(
                Hop::new("gateway", &id, "forward"),
                format!("routed to {id}, which keyaki does not model"),
                "trace from that gateway separately",
            ),
        }
    }

    /// Delivery inside a VPC (or after a peering/transit hop) to ENI `d`, and the reply.
    fn deliver(&self, t: Trace, s: usize, d: usize, p: &Packet, back_via: Option<Target>) -> Trace {
        self.deliver_with(t, s, d, p, back_via, true)
    }

    /// [`Self::deliver`]; `acls` false leaves the network ACLs to the caller (the transit
    /// gateway path, whose ACLs are those of the attachment subnets).
    fn deliver_with(
        &self,
        mut t: Trace,
        s: usize,
        d: usize,
        p: &Packet,
        back_via: Option<Target>,
        acls: bool,
    ) -> Trace {
        let se = &self.enis[s];
        let de = &self.enis[d];
        // Network ACLs apply only where traffic crosses a subnet boundary.
        // <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html>
        let crosses = acls && se.subnet != de.subnet;
        if crosses && !self.acl_step(&mut t, se.subnet, p, true, "forward") {
            return t;
        }
        if crosses && !self.acl_step(&mut t, de.subnet, p, false, "forward") {
            return t;
        }
        // Security groups filter even between instances of one subnet.
        let peer = if matches!(back_via, Some(Target::TransitGateway(_))) {
            None
        } else {
            Some(s)
        };
        if !self.sg_step(&mut t, d, peer, p, true) {
            return t;
        }
        t.pass(Hop::new("eni", &de.id, "forward").note(self.eni_label(d)));
        // The reply: routed back, then through both ACLs.
        let reply = p.reply();
        if let Some(rt) = self.route_table_of(de.subnet) {
            let expected = back_via.unwrap_or(Target::Local);
            match rt.lookup(reply.dst) {
                Some(r) if r.target == expected && !r.blackhole => {
                    t.pass(self.route_hop(de.subnet, "return", r));
                }
                other => {
                    let got = other
                        .map(|r| r.label())
                        .unwrap_or_else(|| "no route".into());
                    let hop = Hop::new("route-table", &rt.id, "return").rules(vec![got.clone()]);
                    return t.block(
                        hop,
                        format!(
                            "the reply to {} is routed by {} ({got}), not back through {expected}",
                            reply.dst, rt.id
                        ),
                        format!(
                            "add a route for {} to {expected} in {}",
                            Prefix::host(reply.dst),
                            rt.id
                        ),
                    );
                }
            }
        }
        if crosses && !self.acl_step(&mut t, de.subnet, &reply, true, "return") {
            return t;
        }
        if crosses && !self.acl_step(&mut t, se.subnet, &reply, false, "return") {
            return t;
        }
        t
    }

    /// Out through the internet gateway; `private_src` is the address the instance used.
    fn via_igw(
        &self,
        mut t: Trace,
        s: usize,
        p: &Packet,
        igw: &str,
        subnet: usize,
        private_src: IpAddr,
    ) -> Trace {
        let se = &self.enis[s];
        let (family, _) = ip_to_u128(p.dst);
        if self.vpcs[se.vpc].igw.as_deref() != Some(igw) {
            return t.block(
                Hop::new("internet-gateway", igw, "forward"),
                format!("{igw} is not attached to {}", self.vpcs[se.vpc].id),
                format!("attach {igw} to the VPC"),
            );
        }
        if !self.acl_step(&mut t, subnet, p, true, "forward") {
            return t;
        }
        let out = if family == Family::V4 {
            let public = se
                .v4
                .iter()
                .find(|a| a.ip == private_src)
                .and_then(|a| a.public);
            let Some(public) = public else {
                return t.block(
                    Hop::new("internet-gateway", igw, "forward"),
                    format!("{} has no public IPv4 address for {private_src}; the internet gateway does not forward it", se.id),
                    format!("associate an Elastic IP address with {} or route through a NAT gateway", se.id),
                );
            };
            t.pass(
                Hop::new("internet-gateway", igw, "forward")
                    .note(format!("translates {private_src} to {public}")),
            );
            Packet { src: public, ..*p }
        } else {
            t.pass(Hop::new("internet-gateway", igw, "forward"));
            *p
        };
        // Addressed to something in the snapshot: back in from the internet.
        if self.eni_with_public(out.dst).is_some()
            || self
                .enis_at(out.dst)
                .iter()
                .any(|&e| !self.enis[e].v6.is_empty() && self.enis[e].v6.contains(&out.dst))
        {
            let inner = self.trace_from_internet(&out);
            t.hops.extend(inner.hops);
            if inner.blocked.is_some() {
                t.blocked = inner.blocked;
                return t;
            }
        } else {
            t.pass(Hop::new("internet", out.dst.to_string(), "forward"));
        }
        let reply = p.reply();
        self.acl_step(&mut t, subnet, &reply, false, "return");
        t
    }

    fn to_internet(&self, mut t: Trace, p: &Packet, subnet: usize) -> Trace {
        t.pass(Hop::new("internet", p.dst.to_string(), "forward"));
        let reply = p.reply();
        self.acl_step(&mut t, subnet, &reply, false, "return");
        t
    }

    fn via_nat(&self, mut t: Trace, s: usize, p: &Packet, nat: &str) -> Trace {
        let se = &self.enis[s];
        let Some(n) = self.nat_ix(nat).map(|i| &self.nats[i]) else {
            return t.block(
                Hop::new("nat-gateway", nat, "forward"),
                format!("{nat} is not in the snapshot"),
                "add describe-nat-gateways to the snapshot",
            );
        };
        if !n.available {
            return t.block(
                Hop::new("nat-gateway", nat, "forward"),
                format!("{nat} is not available"),
                "replace the NAT gateway",
            );
        }
        let (Some(nat_subnet), Some(nat_ip)) = (n.subnet, n.private_ip) else {
            return t.block(
                Hop::new("nat-gateway", nat, "forward"),
                format!("the snapshot lacks the subnet or address of {nat}"),
                "add describe-nat-gateways to the snapshot",
            );
        };
        let crosses = nat_subnet != se.subnet;
        if crosses && !self.acl_step(&mut t, se.subnet, p, true, "forward") {
            return t;
        }
        if crosses && !self.acl_step(&mut t, nat_subnet, p, false, "forward") {
            return t;
        }
        let out = Packet { src: nat_ip, ..*p };
        t.pass(
            Hop::new("nat-gateway", nat, "forward")
                .note(format!("translates {} to {nat_ip}", p.src)),
        );
        let Some(route) = self
            .route_table_of(nat_subnet)
            .and_then(|rt| rt.lookup(out.dst))
        else {
            return t.block(
                Hop::new("route-table", "(nat subnet)", "forward"),
                format!("the subnet of {nat} has no route to {}", out.dst),
                "add a default route to the internet gateway in the NAT gateway's subnet",
            );
        };
        let hop = self.route_hop(nat_subnet, "forward", route);
        match route.target.clone() {
            Target::InternetGateway(igw) if n.public && !route.blackhole => {
                t.pass(hop);
                if !self.acl_step(&mut t, nat_subnet, &out, true, "forward") {
                    return t;
                }
                let Some(public) = n.public_ip else {
                    return t.block(
                        Hop::new("nat-gateway", nat, "forward"),
                        format!("{nat} has no public address"),
                        "use a public NAT gateway",
                    );
                };
                t.pass(
                    Hop::new("internet-gateway", &igw, "forward")
                        .note(format!("translates {nat_ip} to {public}")),
                );
                let outside = Packet { src: public, ..out };
                if self.eni_with_public(outside.dst).is_some() {
                    let inner = self.trace_from_internet(&outside);
                    t.hops.extend(inner.hops);
                    if inner.blocked.is_some() {
                        t.blocked = inner.blocked;
                        return t;
                    }
                } else {
                    t.pass(Hop::new("internet", out.dst.to_string(), "forward"));
                }
                let r1 = out.reply();
                if !self.acl_step(&mut t, nat_subnet, &r1, false, "return") {
                    return t;
                }
                let r2 = p.reply();
                if crosses && !self.acl_step(&mut t, nat_subnet, &r2, true, "return") {
                    return t;
                }
                if crosses && !self.acl_step(&mut t, se.subnet, &r2, false, "return") {
                    return t;
                }
                t
            }
            Target::InternetGateway(_) => t.block(
                hop,
                format!("{nat} is a private NAT gateway; the internet gateway drops its traffic"),
                "use a public NAT gateway",
            ),
            _ => t.block(
                hop,
                format!(
                    "the route after {nat} ({}) is not traced by keyaki",
                    route.label()
                ),
                "trace from the NAT gateway's subnet separately",
            ),
        }
    }

    fn via_peering(&self, mut t: Trace, s: usize, p: &Packet, pcx: &str) -> Trace {
        let se = &self.enis[s];
        let Some(pc) = self.peering_ix(pcx).map(|i| &self.peerings[i]) else {
            return t.block(
                Hop::new("peering", pcx, "forward"),
                format!("{pcx} is not in the snapshot"),
                "add describe-vpc-peering-connections to the snapshot",
            );
        };
        if !pc.active {
            return t.block(
                Hop::new("peering", pcx, "forward"),
                format!("{pcx} is not active"),
                "accept the peering connection",
            );
        }
        let here = &self.vpcs[se.vpc].id;
        let other = if pc.requester.as_deref() == Some(here.as_str()) {
            &pc.accepter
        } else {
            &pc.requester
        };
        let Some(peer_vpc) = other.as_deref().and_then(|v| self.vpc_ix(v)) else {
            return t.block(
                Hop::new("peering", pcx, "forward"),
                format!("the peer VPC of {pcx} is not in the snapshot"),
                "add the peer account to the snapshot",
            );
        };
        t.pass(Hop::new("peering", pcx, "forward").note(format!("to {}", self.vpcs[peer_vpc].id)));
        // Peering is not transitive: only the peer VPC's own addresses are reachable.
        // <https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html>
        if !self.vpcs[peer_vpc].cidrs.iter().any(|c| c.contains(p.dst)) {
            return t.block(
                Hop::new("peering", pcx, "forward"),
                format!(
                    "{} is outside the peer VPC {}; a peering connection does not carry traffic to the peer's gateways or other networks",
                    p.dst, self.vpcs[peer_vpc].id
                ),
                "peer with the destination's VPC directly, or use a transit gateway",
            );
        }
        let Some(d) = self.eni_in(p.dst, peer_vpc) else {
            return t.block(
                Hop::new("vpc", &self.vpcs[peer_vpc].id, "forward"),
                format!(
                    "no interface in {} has the address {}",
                    self.vpcs[peer_vpc].id, p.dst
                ),
                "check the destination address",
            );
        };
        self.deliver(t, s, d, p, Some(Target::Peering(pcx.to_owned())))
    }

    fn via_tgw(&self, mut t: Trace, s: usize, p: &Packet, tgw: &str) -> Trace {
        let se = &self.enis[s];
        let here = self.vpcs[se.vpc].id.clone();
        let attach = self.tgw_attachments.iter().find(|a| {
            a.tgw == tgw && a.resource_id.as_deref() == Some(here.as_str()) && a.available
        });
        let Some(attach) = attach else {
            return t.block(
                Hop::new("transit-gateway", tgw, "forward"),
                format!("{here} has no available attachment to {tgw}"),
                format!("attach {here} to {tgw}"),
            );
        };
        let Some((route, table)) = self.tgw_lookup(attach.route_table.as_deref(), p.dst) else {
            return t.block(
                Hop::new("transit-gateway", tgw, "forward").note(attach.id.clone()),
                format!(
                    "the transit gateway route table of {} has no route to {}",
                    attach.id, p.dst
                ),
                format!("add a static route for {} or a propagation", p.dst),
            );
        };
        let hop = Hop::new("transit-gateway", tgw, "forward")
            .rules(vec![format!(
                "{} -> {}",
                route.prefix,
                route.attachments.join(",")
            )])
            .note(format!("route table {table}, from {}", attach.id));
        if route.blackhole {
            return t.block(
                hop,
                format!("the route {} is a blackhole", route.prefix),
                "replace the route",
            );
        }
        t.pass(hop);
        let Some(next) = route
            .attachments
            .first()
            .and_then(|id| self.tgw_attachments.iter().find(|a| &a.id == id))
        else {
            return t.block(
                Hop::new("transit-gateway", tgw, "forward"),
                "the route's attachment is not in the snapshot".to_owned(),
                "add describe-transit-gateway-attachments to the snapshot",
            );
        };
        if next.resource_type != "vpc" {
            t.pass(
                Hop::new("transit-gateway-attachment", &next.id, "forward").note(format!(
                    "leaves through a {} attachment ({})",
                    next.resource_type,
                    next.resource_id.clone().unwrap_or_default()
                )),
            );
            return t;
        }
        let Some(dst_vpc) = next.resource_id.as_deref().and_then(|v| self.vpc_ix(v)) else {
            return t.block(
                Hop::new("transit-gateway-attachment", &next.id, "forward"),
                "the destination VPC is not in the snapshot".to_owned(),
                "add the other account to the snapshot",
            );
        };
        let Some(d) = self.eni_in(p.dst, dst_vpc) else {
            return t.block(
                Hop::new("vpc", &self.vpcs[dst_vpc].id, "forward"),
                format!(
                    "no interface in {} has the address {}",
                    self.vpcs[dst_vpc].id, p.dst
                ),
                "check the destination address",
            );
        };
        let de = &self.enis[d];
        // Availability Zones: the source's traffic enters the transit gateway through the
        // attachment subnet in its own zone, and there must be one.
        // <https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html>
        let Some(entry) = self.tgw_entry(attach, se.subnet) else {
            return t.block(
                Hop::new("transit-gateway-attachment", &attach.id, "forward"),
                format!(
                    "{} has no attachment subnet in {}, the zone of {}; resources in a zone without an attachment subnet cannot reach the transit gateway",
                    attach.id,
                    self.subnets[se.subnet].az.as_deref().unwrap_or("?"),
                    self.subnets[se.subnet].id
                ),
                format!("add a subnet of that zone to {}", attach.id),
            );
        };
        let reply = p.reply();
        let back_entry = if next.appliance_mode {
            None
        } else {
            match self.tgw_entry(next, de.subnet) {
                Some(e) => Some(e),
                None => {
                    return t.block(
                        Hop::new("transit-gateway-attachment", &next.id, "return"),
                        format!(
                            "{} has no attachment subnet in {}, the zone of {}; the reply cannot reach the transit gateway",
                            next.id,
                            self.subnets[de.subnet].az.as_deref().unwrap_or("?"),
                            self.subnets[de.subnet].id
                        ),
                        format!("add a subnet of that zone to {}", next.id),
                    );
                }
            }
        };
        // Network ACLs on the transit gateway path: from an instance to the gateway, the
        // outbound rules of the instance's subnet and the inbound rules of the attachment
        // subnet; from the gateway to an instance in another subnet, the outbound rules of the
        // attachment subnet and the inbound rules of the instance's subnet (none when they
        // share the subnet).
        // <https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html>
        if !self.acl_step(&mut t, se.subnet, p, true, "forward") {
            return t;
        }
        if let Some(a) = entry {
            t.pass(self.tgw_subnet_hop(attach, a, "forward"));
            if !self.acl_step(&mut t, a, p, false, "forward") {
                return t;
            }
        }
        let from_az = self.subnets[se.subnet].az.clone();
        let exits = self.tgw_exits(next, from_az.as_deref());
        let several = exits.len() > 1;
        let mut first: Option<Trace> = None;
        for x in exits {
            let mut t = t.clone();
            if let Some(x) = x {
                t.pass(self.tgw_subnet_hop(next, x, "forward"));
            }
            if x != Some(de.subnet) {
                if let Some(x) = x
                    && !self.acl_step(&mut t, x, p, true, "forward")
                {
                    return self.tgw_choice(t, several);
                }
                if !self.acl_step(&mut t, de.subnet, p, false, "forward") {
                    return self.tgw_choice(t, several);
                }
            }
            let mut t = self.deliver_with(
                t,
                s,
                d,
                p,
                Some(Target::TransitGateway(tgw.to_owned())),
                false,
            );
            if t.blocked.is_some() {
                return t;
            }
            // The reply enters the gateway through the attachment subnet in the replying
            // instance's zone, or, with appliance mode, the one the flow came in by.
            let y = if next.appliance_mode {
                x
            } else {
                back_entry.flatten()
            };
            if !self.acl_step(&mut t, de.subnet, &reply, true, "return") {
                return self.tgw_choice(t, several);
            }
            if let Some(y) = y {
                t.pass(self.tgw_subnet_hop(next, y, "return"));
                if !self.acl_step(&mut t, y, &reply, false, "return") {
                    return self.tgw_choice(t, several);
                }
            }
            // The reply must come back through the same transit gateway, and its route
            // table must lead to the source's attachment.
            let back = self.tgw_lookup(next.route_table.as_deref(), reply.dst);
            let ok = back
                .as_ref()
                .is_some_and(|(r, _)| r.attachments.contains(&attach.id) && !r.blackhole);
            if !ok {
                let table = back
                    .map(|(_, table)| table)
                    .unwrap_or_else(|| next.route_table.clone().unwrap_or_default());
                return t.block(
                    Hop::new("transit-gateway", tgw, "return").note(format!("route table {table}")),
                    format!(
                        "the transit gateway route table of {} has no route back to {} through {}",
                        next.id, reply.dst, attach.id
                    ),
                    format!("add a route for {} to {} in {table}", reply.dst, attach.id),
                );
            }
            let reply_az = y
                .and_then(|y| self.subnets[y].az.clone())
                .or_else(|| self.subnets[de.subnet].az.clone());
            let zs = if attach.appliance_mode && entry.is_some() {
                vec![entry]
            } else {
                self.tgw_exits(attach, reply_az.as_deref())
            };
            let several_back = zs.len() > 1;
            for z in zs {
                let mut t = t.clone();
                if let Some(z) = z {
                    t.pass(self.tgw_subnet_hop(attach, z, "return"));
                }
                if z != Some(se.subnet) {
                    if let Some(z) = z
                        && !self.acl_step(&mut t, z, &reply, true, "return")
                    {
                        return self.tgw_choice(t, several || several_back);
                    }
                    if !self.acl_step(&mut t, se.subnet, &reply, false, "return") {
                        return self.tgw_choice(t, several || several_back);
                    }
                }
                first.get_or_insert(t);
            }
        }
        first.unwrap_or(t)
    }

    /// An attachment subnet hop: `tgw-attach-... (subnet-..., us-east-1a)`.
    fn tgw_subnet_hop(
        &self,
        a: &crate::model::TgwAttachment,
        subnet: usize,
        direction: &'static str,
    ) -> Hop {
        let sub = &self.subnets[subnet];
        let mut note = format!(
            "attachment subnet {} ({})",
            sub.id,
            sub.az.as_deref().unwrap_or("zone unknown")
        );
        if a.appliance_mode {
            note.push_str(", appliance mode");
        }
        Hop::new("transit-gateway-attachment", &a.id, direction).note(note)
    }

    /// A blocked trace through one of several attachment subnets the gateway may choose:
    /// the reason says so.
    fn tgw_choice(&self, mut t: Trace, several: bool) -> Trace {
        if several && let Some(b) = &mut t.blocked {
            b.reason.push_str(
                " (the transit gateway may send the flow through this attachment subnet: with appliance mode it picks one per flow, and without an attachment subnet in the flow's zone it uses another zone)",
            );
        }
        t
    }

    fn tgw_lookup(
        &self,
        table: Option<&str>,
        ip: IpAddr,
    ) -> Option<(crate::model::TgwRoute, String)> {
        let table = self
            .tgw_route_tables
            .iter()
            .find(|t| Some(t.id.as_str()) == table)?;
        table
            .routes
            .iter()
            .filter(|r| r.prefix.contains(ip))
            .min_by_key(|r| (std::cmp::Reverse(r.prefix.prefix_len()), r.propagated))
            .map(|r| (r.clone(), table.id.clone()))
    }

    /// Traces `p`, sent from the internet to a public address (or an IPv6 address).
    pub(crate) fn trace_from_internet(&self, p: &Packet) -> Trace {
        let mut t = Trace::new();
        t.pass(Hop::new("internet", p.src.to_string(), "forward"));
        let (family, _) = ip_to_u128(p.dst);
        let (d, private) = match family {
            Family::V4 => match self.eni_with_public(p.dst) {
                Some(d) => {
                    let private = self.enis[d]
                        .v4
                        .iter()
                        .find(|a| a.public == Some(p.dst))
                        .map(|a| a.ip);
                    (d, private.unwrap_or(p.dst))
                }
                None => {
                    let reason = if self.enis_at(p.dst).is_empty() {
                        format!(
                            "no interface in the snapshot has the public address {}",
                            p.dst
                        )
                    } else {
                        format!(
                            "{} is a private address; the internet cannot route to it",
                            p.dst
                        )
                    };
                    return t.block(
                        Hop::new("internet", p.dst.to_string(), "forward"),
                        reason,
                        "give the destination a public or Elastic IP address in a public subnet",
                    );
                }
            },
            Family::V6 => match self
                .enis_at(p.dst)
                .iter()
                .copied()
                .find(|&e| self.enis[e].v6.contains(&p.dst))
            {
                Some(d) => (d, p.dst),
                None => {
                    return t.block(
                        Hop::new("internet", p.dst.to_string(), "forward"),
                        format!(
                            "no interface in the snapshot has the IPv6 address {}",
                            p.dst
                        ),
                        "check the destination address",
                    );
                }
            },
        };
        let de = &self.enis[d];
        let vpc = &self.vpcs[de.vpc];
        let Some(igw) = vpc.igw.clone() else {
            return t.block(
                Hop::new("vpc", &vpc.id, "forward"),
                format!("{} has no internet gateway attached", vpc.id),
                format!("aws ec2 attach-internet-gateway --vpc-id {}", vpc.id),
            );
        };
        if matches!(de.owner, Owner::NatGateway(_)) || de.interface_type == "nat_gateway" {
            return t.block(
                Hop::new("nat-gateway", &de.id, "forward"),
                "a NAT gateway accepts no connection from outside".to_owned(),
                "NAT gateways are outbound only; expose the service through a load balancer",
            );
        }
        let inside = Packet { dst: private, ..*p };
        let igw_hop = Hop::new("internet-gateway", &igw, "forward");
        t.pass(if private != p.dst {
            igw_hop.note(format!("translates {} to {private}", p.dst))
        } else {
            igw_hop
        });
        if let Some(&rt) = vpc.edge_route_tables.get(&igw) {
            let table = &self.route_tables[rt];
            match table.lookup(private) {
                Some(r) if r.target == Target::Local && !r.blackhole => {
                    t.pass(
                        Hop::new("route-table", &table.id, "forward")
                            .rules(vec![r.label()])
                            .note("gateway route table"),
                    );
                }
                other => {
                    let got = other
                        .map(|r| r.label())
                        .unwrap_or_else(|| "no route".into());
                    return t.block(
                        Hop::new("route-table", &table.id, "forward").rules(vec![got.clone()]),
                        format!("the gateway route table {} sends {private} to {got}, not to the local route", table.id),
                        "trace from the appliance separately",
                    );
                }
            }
        }
        if !self.acl_step(&mut t, de.subnet, &inside, false, "forward") {
            return t;
        }
        if !self.sg_step(&mut t, d, None, &inside, true) {
            return t;
        }
        if let Owner::LoadBalancer(arn) = &de.owner
            && let Some(lb) = self.load_balancers.iter().find(|l| &l.arn == arn)
        {
            let listener = lb
                .listeners
                .iter()
                .find(|l| l.port == inside.dst_port && l.protocols.contains(&inside.protocol));
            match listener {
                Some(l) => t.pass(Hop::new("listener", &l.label, "forward").note(lb.name.clone())),
                None => {
                    return t.block(
                        Hop::new("load-balancer", &lb.arn, "forward"),
                        format!(
                            "{} has no listener for {} port {}",
                            lb.name,
                            crate::flowset::protocol_name(inside.protocol),
                            inside.dst_port
                        ),
                        "add a listener",
                    );
                }
            }
        }
        t.pass(Hop::new("eni", &de.id, "forward").note(self.eni_label(d)));
        let reply = inside.reply();
        if !self.acl_step(&mut t, de.subnet, &reply, true, "return") {
            return t;
        }
        let target = Target::InternetGateway(igw.clone());
        match self
            .route_table_of(de.subnet)
            .and_then(|rt| rt.lookup(reply.dst).map(|r| (rt, r)))
        {
            Some((_, r)) if r.target == target && !r.blackhole => {
                t.pass(self.route_hop(de.subnet, "return", r));
                t
            }
            other => {
                let id = self
                    .route_table_of(de.subnet)
                    .map(|r| r.id.clone())
                    .unwrap_or_default();
                let got = other
                    .map(|(_, r)| r.label())
                    .unwrap_or_else(|| "no route".into());
                t.block(
                    Hop::new("route-table", &id, "return").rules(vec![got.clone()]),
                    format!("the reply to {} is routed by {id} ({got}), not to {igw}", reply.dst),
                    format!("aws ec2 create-route --route-table-id {id} --destination-cidr-block {} --gateway-id {igw}", Prefix::all(family)),
                )
            }
        }
    }

    /// The exact flows from ENI `s` to ENI `d` that get there and back, when both are in one
    /// VPC (local route) or in two peered VPCs; `None` for paths the symbolic engine does
    /// not model.
    pub(crate) fn eni_to_eni_flows(&self, s: usize, d: usize) -> Option<FlowSet> {
        let se = &self.enis[s];
        let de = &self.enis[d];
        let rt_s = self.route_table_of(se.subnet)?;
        let rt_d = self.route_table_of(de.subnet)?;
        let mut extra: Option<FlowSet> = None;
        let (there, back) = if se.vpc == de.vpc {
            (Target::Local, Target::Local)
        } else {
            // Another VPC: through a transit gateway or a peering connection (each route
            // goes one way, so the two sets do not overlap).
            let tgw = self.eni_to_eni_tgw_flows(s, d);
            let pcx = self.peerings.iter().find(|p| {
                p.active
                    && ((p.requester.as_deref() == Some(self.vpcs[se.vpc].id.as_str())
                        && p.accepter.as_deref() == Some(self.vpcs[de.vpc].id.as_str()))
                        || (p.accepter.as_deref() == Some(self.vpcs[se.vpc].id.as_str())
                            && p.requester.as_deref() == Some(self.vpcs[de.vpc].id.as_str())))
            });
            let Some(pcx) = pcx else {
                return tgw;
            };
            extra = tgw;
            (
                Target::Peering(pcx.id.clone()),
                Target::Peering(pcx.id.clone()),
            )
        };
        let mut out = FlowSet::empty();
        for family in Family::BOTH {
            let src = se.addresses(family);
            let mut dst = de.addresses(family);
            if src.is_empty() || dst.is_empty() {
                continue;
            }
            // Only destinations the source's route table sends the right way, inside the
            // destination VPC, and not reserved.
            dst = dst.intersect(&rt_s.destinations_via(family, &there));
            if there != Target::Local {
                let peer_cidrs = self.vpcs[de.vpc]
                    .cidrs
                    .iter()
                    .fold(Ranges::empty(), |a, c| {
                        a.union(&if c.family() == family {
                            c.ranges()
                        } else {
                            Ranges::empty()
                        })
                    });
                dst = dst.intersect(&peer_cidrs);
            }
            let src = src.intersect(&rt_d.destinations_via(family, &back));
            let mut f = Service::ALL.flows(family, &src, &dst);
            f = f.intersect(&self.sg_out(s, Some(d)));
            if se.subnet != de.subnet {
                f = f.intersect(&self.acl_allows(se.subnet, true));
                f = f.intersect(&self.acl_allows(de.subnet, false));
                let replies = f
                    .reversed()
                    .intersect(&self.acl_allows(de.subnet, true))
                    .intersect(&self.acl_allows(se.subnet, false));
                f = f.intersect(&replies.reversed());
            }
            f = f.intersect(&self.sg_in(d, Some(s)));
            out = out.union(&f);
        }
        if let Some(tgw) = extra {
            out = out.union(&tgw);
        }
        Some(out.coalesced())
    }

    /// The exact flows from ENI `s` to ENI `d` in another VPC through a transit gateway both
    /// VPCs are attached to, or `None` when no transit gateway joins them. Mirrors the
    /// tracer: routes both ways, the Availability Zones of the attachment subnets, their
    /// network ACLs, appliance mode.
    fn eni_to_eni_tgw_flows(&self, s: usize, d: usize) -> Option<FlowSet> {
        let se = &self.enis[s];
        let de = &self.enis[d];
        let rt_s = self.route_table_of(se.subnet)?;
        let rt_d = self.route_table_of(de.subnet)?;
        let here = self.vpcs[se.vpc].id.as_str();
        let there_vpc = self.vpcs[de.vpc].id.as_str();
        let mut tgws: Vec<&str> = Vec::new();
        for a in &self.tgw_attachments {
            if a.resource_id.as_deref() == Some(there_vpc)
                && a.resource_type == "vpc"
                && !tgws.contains(&a.tgw.as_str())
            {
                tgws.push(a.tgw.as_str());
            }
        }
        let mut out: Option<FlowSet> = None;
        for tgw in tgws {
            let Some(attach) = self
                .tgw_attachments
                .iter()
                .find(|a| a.tgw == tgw && a.resource_id.as_deref() == Some(here) && a.available)
            else {
                continue;
            };
            let via = Target::TransitGateway(tgw.to_owned());
            let total = out.get_or_insert_with(FlowSet::empty);
            for next in self.tgw_attachments.iter().filter(|a| {
                a.tgw == tgw
                    && a.resource_type == "vpc"
                    && a.resource_id.as_deref() == Some(there_vpc)
            }) {
                let Some(entry) = self.tgw_entry(attach, se.subnet) else {
                    continue;
                };
                let back_entry = if next.appliance_mode {
                    None
                } else {
                    match self.tgw_entry(next, de.subnet) {
                        Some(e) => Some(e),
                        None => continue,
                    }
                };
                for family in Family::BOTH {
                    let src = se.addresses(family);
                    let dst = de.addresses(family);
                    if src.is_empty() || dst.is_empty() {
                        continue;
                    }
                    let dst = dst
                        .intersect(&rt_s.destinations_via(family, &via))
                        .intersect(&self.tgw_destinations(
                            attach.route_table.as_deref(),
                            family,
                            |r| !r.blackhole && r.attachments.first() == Some(&next.id),
                        ));
                    let src = src
                        .intersect(&rt_d.destinations_via(family, &via))
                        .intersect(&self.tgw_destinations(
                            next.route_table.as_deref(),
                            family,
                            |r| !r.blackhole && r.attachments.contains(&attach.id),
                        ));
                    let mut f = Service::ALL.flows(family, &src, &dst);
                    f = f.intersect(&self.sg_out(s, Some(d)));
                    f = f.intersect(&self.acl_allows(se.subnet, true));
                    if let Some(a) = entry {
                        f = f.intersect(&self.acl_allows(a, false));
                    }
                    let mut replies = FlowSet::all().intersect(&self.acl_allows(de.subnet, true));
                    let from_az = self.subnets[se.subnet].az.clone();
                    for x in self.tgw_exits(next, from_az.as_deref()) {
                        if x != Some(de.subnet) {
                            if let Some(x) = x {
                                f = f.intersect(&self.acl_allows(x, true));
                            }
                            f = f.intersect(&self.acl_allows(de.subnet, false));
                        }
                        let y = if next.appliance_mode {
                            x
                        } else {
                            back_entry.flatten()
                        };
                        if let Some(y) = y {
                            replies = replies.intersect(&self.acl_allows(y, false));
                        }
                        let reply_az = y
                            .and_then(|y| self.subnets[y].az.clone())
                            .or_else(|| self.subnets[de.subnet].az.clone());
                        let zs = if attach.appliance_mode && entry.is_some() {
                            vec![entry]
                        } else {
                            self.tgw_exits(attach, reply_az.as_deref())
                        };
                        for z in zs {
                            if z != Some(se.subnet) {
                                if let Some(z) = z {
                                    replies = replies.intersect(&self.acl_allows(z, true));
                                }
                                replies = replies.intersect(&self.acl_allows(se.subnet, false));
                            }
                        }
                    }
                    f = f.intersect(&self.sg_in(d, None));
                    f = f.intersect(&replies.reversed());
                    *total = total.union(&f);
                }
            }
        }
        out.map(|f| f.coalesced())
    }

    /// The addresses of `family` whose best route in transit gateway route table `table`
    /// (longest prefix, then static before propagated) satisfies `pick`.
    fn tgw_destinations(
        &self,
        table: Option<&str>,
        family: Family,
        pick: impl Fn(&crate::model::TgwRoute) -> bool,
    ) -> Ranges {
        let Some(table) = self
            .tgw_route_tables
            .iter()
            .find(|t| Some(t.id.as_str()) == table)
        else {
            return Ranges::empty();
        };
        let mut routes: Vec<&crate::model::TgwRoute> = table
            .routes
            .iter()
            .filter(|r| r.prefix.family() == family)
            .collect();
        // A stable sort keeps the first of equal routes first, as the tracer's `min_by_key`.
        routes.sort_by_key(|r| (std::cmp::Reverse(r.prefix.prefix_len()), r.propagated));
        let mut covered = Ranges::empty();
        let mut out = Ranges::empty();
        for r in routes {
            let mine = r.prefix.ranges().subtract(&covered);
            if pick(r) {
                out = out.union(&mine);
            }
            covered = covered.union(&r.prefix.ranges());
        }
        out
    }

    /// The exact flows from the internet to ENI `d` (destination: the address the internet
    /// uses, public IPv4 or IPv6), direct paths only.
    pub(crate) fn internet_to_eni_flows(&self, d: usize) -> FlowSet {
        let mut out = FlowSet::empty();
        for path in self.direct_paths(d) {
            let Some(public) = path
                .public
                .or((path.family == Family::V6).then_some(path.address))
            else {
                continue;
            };
            // Re-address the flows to the public address.
            let all = Ranges::interval(0, path.family.max());
            let to_public = Service::ALL.flows(path.family, &all, &Prefix::host(public).ranges());
            let mut boxes = Vec::new();
            for b in path.flows.boxes(path.family) {
                let mut b = *b;
                b[crate::flowset::DST] = (ip_to_u128(public).1, ip_to_u128(public).1);
                boxes.push(b);
            }
            out = out.union(&FlowSet::from_boxes(path.family, boxes).intersect(&to_public));
        }
        out
    }
}

enum Resolved {
    Internet(Option<IpAddr>),
    Eni(usize),
    /// An address outside the snapshot, or a public address of an ENI (as destination).
    Address(IpAddr),
}

fn resolve(net: &Network, e: &Endpoint, as_source: bool) -> Result<Resolved, Error> {
    match e {
        Endpoint::Internet => Ok(Resolved::Internet(None)),
        Endpoint::Eni(id) => net
            .eni_ix(id)
            .map(Resolved::Eni)
            .ok_or(Error::UnknownEndpoint {
                what: "ENI",
                id: id.clone(),
            }),
        Endpoint::Instance(id) => net
            .instance_enis
            .get(id)
            .and_then(|v| v.first().copied())
            .map(Resolved::Eni)
            .ok_or(Error::UnknownEndpoint {
                what: "instance",
                id: id.clone(),
            }),
        Endpoint::Subnet(id) => {
            let s = net.subnet_ix(id).ok_or(Error::UnknownEndpoint {
                what: "subnet",
                id: id.clone(),
            })?;
            net.enis
                .iter()
                .position(|e| e.subnet == s)
                .map(Resolved::Eni)
                .ok_or(Error::UnknownEndpoint {
                    what: "interface in subnet",
                    id: id.clone(),
                })
        }
        Endpoint::Ip(ip) => {
            let at = net.enis_at(*ip);
            match at.len() {
                1 => Ok(Resolved::Eni(at[0])),
                0 => {
                    if as_source {
                        match net.eni_with_public(*ip) {
                            Some(e) => Ok(Resolved::Eni(e)),
                            None => Ok(Resolved::Internet(Some(*ip))),
                        }
                    } else {
                        Ok(Resolved::Address(*ip))
                    }
                }
                n => Err(Error::AmbiguousEndpoint {
                    id: ip.to_string(),
                    count: n,
                }),
            }
        }
    }
}

/// Answers a `reach` question: whether the traffic gets there and back, the hops, and for a
/// blocked packet the first hop that stops it, why, and what would open it.
pub fn reach(net: &Network, q: &ReachQuery) -> Result<ReachAnswer, Error> {
    let from = resolve(net, &q.from, true)?;
    let to = resolve(net, &q.to, false)?;
    let protocol = q.protocol.unwrap_or(Protocol::Number(proto::TCP));
    let protocols = match protocol {
        Protocol::All => (0u8, 255u8),
        Protocol::Number(p) => (p, p),
    };
    let ports = q.port.map(|p| (p, p)).unwrap_or((0, 65535));
    // The protocol of the packet traced when no witness is found: TCP for "all".
    let traced_protocol = if protocols.0 == protocols.1 {
        protocols.0
    } else {
        proto::TCP
    };
    let wanted = |family: Family| {
        let all = Ranges::interval(0, family.max());
        Service { protocols, ports }.flows(family, &all, &all)
    };
    let wanted = wanted(Family::V4).union(&wanted(Family::V6));
    // The destination address the packet is sent to.
    let dst_ip = |r: &Resolved, family: Family| -> Option<IpAddr> {
        match r {
            Resolved::Eni(d) => {
                let e = &net.enis[*d];
                match family {
                    Family::V4 => e.primary_v4(),
                    Family::V6 => e.v6.first().copied(),
                }
            }
            Resolved::Address(ip) => Some(*ip),
            Resolved::Internet(ip) => ip.or_else(|| Some(default_internet(family))),
        }
    };
    let (symbolic, default_packet): (Option<FlowSet>, Packet) = match (&from, &to) {
        (Resolved::Internet(src), Resolved::Eni(d)) => {
            let set = net.internet_to_eni_flows(*d).intersect(&wanted);
            let set = match src {
                Some(ip) => set.intersect(&Service::ALL.flows(
                    ip_to_u128(*ip).0,
                    &Prefix::host(*ip).ranges(),
                    &Ranges::interval(0, ip_to_u128(*ip).0.max()),
                )),
                None => set,
            };
            let e = &net.enis[*d];
            let dst =
                e.v4.iter()
                    .find_map(|a| a.public)
                    .or(e.v6.first().copied())
                    .or(e.primary_v4())
                    .ok_or(Error::UnknownEndpoint {
                        what: "address of",
                        id: e.id.clone(),
                    })?;
            let family = ip_to_u128(dst).0;
            let src = src.unwrap_or_else(|| default_internet(family));
            (Some(set), packet(src, dst, traced_protocol, q.port))
        }
        (Resolved::Internet(src), Resolved::Address(ip)) => {
            let family = ip_to_u128(*ip).0;
            (
                None,
                packet(
                    src.unwrap_or_else(|| default_internet(family)),
                    *ip,
                    traced_protocol,
                    q.port,
                ),
            )
        }
        (Resolved::Eni(s), Resolved::Eni(d)) => {
            let set = net.eni_to_eni_flows(*s, *d).map(|f| f.intersect(&wanted));
            let e = &net.enis[*s];
            let family = if e.primary_v4().is_some() && net.enis[*d].primary_v4().is_some() {
                Family::V4
            } else {
                Family::V6
            };
            let src = match family {
                Family::V4 => e.primary_v4(),
                Family::V6 => e.v6.first().copied(),
            }
            .ok_or(Error::UnknownEndpoint {
                what: "address of",
                id: e.id.clone(),
            })?;
            let dst = dst_ip(&to, family).ok_or(Error::UnknownEndpoint {
                what: "address of",
                id: net.enis[*d].id.clone(),
            })?;
            (set, packet(src, dst, traced_protocol, q.port))
        }
        (Resolved::Eni(s), other) => {
            let e = &net.enis[*s];
            let family = match other {
                Resolved::Address(ip) => ip_to_u128(*ip).0,
                _ => Family::V4,
            };
            let src = match family {
                Family::V4 => e.primary_v4(),
                Family::V6 => e.v6.first().copied(),
            }
            .ok_or(Error::UnknownEndpoint {
                what: "address of",
                id: e.id.clone(),
            })?;
            let dst = dst_ip(other, family).unwrap_or_else(|| default_internet(family));
            (None, packet(src, dst, traced_protocol, q.port))
        }
        (Resolved::Internet(_), Resolved::Internet(_)) | (Resolved::Address(_), _) => {
            return Err(Error::UnknownEndpoint {
                what: "source inside the snapshot for",
                id: "internet".into(),
            });
        }
    };
    let traced = symbolic
        .as_ref()
        .and_then(FlowSet::witness)
        .unwrap_or(default_packet);
    let trace = match &from {
        Resolved::Internet(_) => net.trace_from_internet(&traced),
        Resolved::Eni(s) => net.trace_from_eni(*s, &traced),
        Resolved::Address(_) => net.trace_from_internet(&traced),
    };
    Ok(ReachAnswer {
        reachable: trace.reachable(),
        packet: traced,
        path: trace.hops,
        blocked_at: trace.blocked,
        reachable_flows: symbolic.map(|s| s.describe()),
    })
}

fn default_internet(family: Family) -> IpAddr {
    match family {
        // Documentation ranges (RFC 5737, RFC 3849): an arbitrary host on the internet.
        Family::V4 => IpAddr::from([203, 0, 113, 10]),
        Family::V6 => IpAddr::from([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10]),
    }
}

fn packet(src: IpAddr, dst: IpAddr, protocol: u8, port: Option<u16>) -> Packet {
    let ports = matches!(protocol, proto::TCP | proto::UDP);
    let icmp = matches!(protocol, proto::ICMP | proto::ICMPV6);
    Packet {
        src,
        dst,
        protocol,
        src_port: if ports { 49152 } else { 0 },
        dst_port: port.unwrap_or(if ports {
            443
        } else if icmp {
            8 << 8
        } else {
            0
        }),
    }
}

/// Traces one concrete packet sent from `from` (`internet`, an ENI, an instance, a subnet
/// or an address), hop by hop and back.
pub fn trace(net: &Network, from: &Endpoint, packet: &Packet) -> Result<ReachAnswer, Error> {
    let t = match resolve(net, from, true)? {
        Resolved::Eni(s) => net.trace_from_eni(s, packet),
        Resolved::Internet(_) | Resolved::Address(_) => net.trace_from_internet(packet),
    };
    Ok(ReachAnswer {
        reachable: t.reachable(),
        packet: *packet,
        path: t.hops,
        blocked_at: t.blocked,
        reachable_flows: None,
    })
}

/// Every flow from `from` to `to` that gets there and back, when the symbolic engine
/// models the case (internet to an ENI; ENI to ENI in one VPC, across a peering connection
/// or through a transit gateway; an ENI to the internet); `None` otherwise. From the
/// internet, the destination is the address the internet uses (the public IPv4 address, or
/// the IPv6 address). To the internet, the source is the ENI's own address, as it sends the
/// packet (an internet or NAT gateway translates it on the way), and the destinations are
/// every address the ENI's route table sends to an internet, egress-only internet or NAT
/// gateway: an address of the snapshot's own ENIs there is reached back through the
/// internet, which these flows do not follow (see [`egress`](crate::egress)).
pub fn reachable_flows(
    net: &Network,
    from: &Endpoint,
    to: &Endpoint,
) -> Result<Option<FlowSet>, Error> {
    let from = resolve(net, from, true)?;
    let to = resolve(net, to, false)?;
    Ok(match (from, to) {
        (Resolved::Internet(None), Resolved::Eni(d)) => Some(net.internet_to_eni_flows(d)),
        (Resolved::Eni(s), Resolved::Eni(d)) => net.eni_to_eni_flows(s, d),
        (Resolved::Eni(s), Resolved::Internet(None)) => Some(net.eni_to_internet_flows(s)),
        _ => None,
    })
}
