//! Security group and network ACL rules: parsed once, matched concretely (one packet) and
//! symbolically (a [`FlowSet`]).
//!
//! - Security groups allow only, and all rules of all groups on an ENI combine
//!   (<https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>).
//! - Network ACL rules are evaluated in increasing rule number, the first match decides,
//!   and traffic that matches no rule is denied
//!   (<https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html>).
//! - A protocol other than TCP (6), UDP (17), ICMP (1) or ICMPv6 (58) matches on every port
//!   (the CreateNetworkAclEntry and AuthorizeSecurityGroupIngress API references).

use serde::Serialize;

use crate::addr::{Family, Prefix, Ranges};
use crate::flowset::{DPORT, DST, FlowBox, FlowSet, PROTO, Packet, SRC, proto};

/// The protocol and destination-port part of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Service {
    /// Protocol numbers, inclusive.
    pub protocols: (u8, u8),
    /// Destination ports (or ICMP `type * 256 + code`), inclusive.
    pub ports: (u16, u16),
}

impl Service {
    pub const ALL: Service = Service {
        protocols: (0, 255),
        ports: (0, 65535),
    };

    /// Parses a protocol as AWS writes it (`tcp`, `6`, `-1`, `icmpv6`, ...).
    pub fn protocol(text: &str) -> Option<(u8, u8)> {
        match text.trim().to_ascii_lowercase().as_str() {
            "-1" | "all" => Some((0, 255)),
            "tcp" => Some((proto::TCP, proto::TCP)),
            "udp" => Some((proto::UDP, proto::UDP)),
            "icmp" => Some((proto::ICMP, proto::ICMP)),
            "icmpv6" | "icmp6" => Some((proto::ICMPV6, proto::ICMPV6)),
            n => n.parse::<u8>().ok().map(|p| (p, p)),
        }
    }

    /// The ports of a TCP/UDP rule, or the ICMP type/code (`-1` = any), as a port range.
    pub fn ports_for(protocols: (u8, u8), from: Option<i32>, to: Option<i32>) -> (u16, u16) {
        if protocols.0 != protocols.1 {
            return (0, 65535);
        }
        match protocols.0 {
            proto::TCP | proto::UDP => {
                let clamp = |v: i32| u16::try_from(v.clamp(0, 65535)).unwrap_or(0);
                match (from, to) {
                    (Some(a), Some(b)) if a >= 0 && b >= 0 => (clamp(a), clamp(b)),
                    (Some(a), None) if a >= 0 => (clamp(a), clamp(a)),
                    _ => (0, 65535),
                }
            }
            proto::ICMP | proto::ICMPV6 => {
                // For ICMP, "from" is the type and "to" the code; -1 is any.
                match (from, to) {
                    (Some(t), code) if (0..=255).contains(&t) => {
                        let t = u16::try_from(t).unwrap_or(0) << 8;
                        match code {
                            Some(c) if (0..=255).contains(&c) => {
                                let c = u16::try_from(c).unwrap_or(0);
                                (t | c, t | c)
                            }
                            _ => (t, t | 255),
                        }
                    }
                    _ => (0, 65535),
                }
            }
            _ => (0, 65535),
        }
    }

    pub fn matches(&self, p: &Packet) -> bool {
        self.protocols.0 <= p.protocol
            && p.protocol <= self.protocols.1
            && self.ports.0 <= p.dst_port
            && p.dst_port <= self.ports.1
    }

    /// The flows of this service between `src` and `dst`.
    pub fn flows(&self, family: Family, src: &Ranges, dst: &Ranges) -> FlowSet {
        let mut boxes: Vec<FlowBox> = Vec::new();
        for &s in src.intervals() {
            for &d in dst.intervals() {
                let mut b: FlowBox = [
                    (0, family.max()),
                    (0, family.max()),
                    (0, 255),
                    (0, 65535),
                    (0, 65535),
                ];
                b[SRC] = s;
                b[DST] = d;
                b[PROTO] = (u128::from(self.protocols.0), u128::from(self.protocols.1));
                b[DPORT] = (u128::from(self.ports.0), u128::from(self.ports.1));
                boxes.push(b);
            }
        }
        FlowSet::from_boxes(family, boxes)
    }

    /// `tcp 22`, `all`, `icmp type 8`, ...
    pub fn label(&self) -> String {
        let s = self.flows(
            Family::V4,
            &Ranges::interval(0, Family::V4.max()),
            &Ranges::interval(0, Family::V4.max()),
        );
        match s.summary().first() {
            Some(sum) => {
                let text = sum.to_string();
                text.split(" from ").next().unwrap_or(&text).to_owned()
            }
            None => "nothing".into(),
        }
    }
}

/// Who a security group rule admits (inbound) or lets out to (outbound).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Peer {
    /// A CIDR block.
    Cidr(Prefix),
    /// A managed prefix list, resolved to its CIDRs (`None` when the snapshot lacks its
    /// entries).
    PrefixList(String, Option<Vec<Prefix>>),
    /// The ENIs that have a security group.
    Group(String),
}

/// One rule of a security group, one peer each (AWS's own "security group rule").
#[derive(Debug, Clone)]
pub(crate) struct SgRule {
    pub service: Service,
    pub peer: Peer,
    /// Where it stands: `IpPermissions[i]` and the peer.
    pub path: String,
    pub description: Option<String>,
}

impl SgRule {
    /// The addresses of the peer, in `family`; group peers have none here (they match by
    /// membership).
    pub fn peer_ranges(&self, family: Family) -> Ranges {
        let of = |p: &Prefix| {
            if p.family() == family {
                p.ranges()
            } else {
                Ranges::empty()
            }
        };
        match &self.peer {
            Peer::Cidr(p) => of(p),
            Peer::PrefixList(_, Some(list)) => list
                .iter()
                .fold(Ranges::empty(), |acc, p| acc.union(&of(p))),
            Peer::PrefixList(_, None) | Peer::Group(_) => Ranges::empty(),
        }
    }

    /// The rule with its group and place: `sg-1 (web) IpPermissions[0]: tcp 22 from
    /// 0.0.0.0/0 "ops"`.
    pub fn cite(&self, group: &SecurityGroup, inbound: bool) -> String {
        let mut s = format!(
            "{} ({}) {}: {}",
            group.id,
            group.name,
            self.path,
            self.label(inbound)
        );
        if let Some(d) = self.description.as_deref().filter(|d| !d.is_empty()) {
            s.push_str(&format!(" \"{d}\""));
        }
        s
    }

    /// A short text: `tcp 22 from 0.0.0.0/0`.
    pub fn label(&self, inbound: bool) -> String {
        let peer = match &self.peer {
            Peer::Cidr(p) => p.to_string(),
            Peer::PrefixList(id, _) => id.clone(),
            Peer::Group(g) => g.clone(),
        };
        format!(
            "{} {} {peer}",
            self.service.label(),
            if inbound { "from" } else { "to" }
        )
    }
}

/// A security group with its rules.
#[derive(Debug, Clone)]
pub(crate) struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub ingress: Vec<SgRule>,
    pub egress: Vec<SgRule>,
}

/// One numbered network ACL rule.
#[derive(Debug, Clone)]
pub(crate) struct AclRule {
    pub number: i32,
    pub allow: bool,
    pub cidr: Prefix,
    pub service: Service,
}

impl AclRule {
    /// Whether the rule matches the packet; `outbound` rules match the destination, inbound
    /// ones the source.
    pub fn matches(&self, p: &Packet, outbound: bool) -> bool {
        let addr = if outbound { p.dst } else { p.src };
        self.cidr.contains(addr) && self.service.matches(p)
    }

    /// The flows this rule matches.
    pub fn flows(&self, outbound: bool) -> FlowSet {
        let family = self.cidr.family();
        let all = Ranges::interval(0, family.max());
        let peer = self.cidr.ranges();
        if outbound {
            self.service.flows(family, &all, &peer)
        } else {
            self.service.flows(family, &peer, &all)
        }
    }

    pub fn label(&self) -> String {
        let number = if self.number == 32767 {
            "*".to_owned()
        } else {
            self.number.to_string()
        };
        format!(
            "{number} {} {} {}",
            if self.allow { "allow" } else { "deny" },
            self.service.label(),
            self.cidr
        )
    }
}

/// A network ACL: inbound and outbound rules, each sorted by number.
#[derive(Debug, Clone)]
pub(crate) struct NetworkAcl {
    pub id: String,
    pub inbound: Vec<AclRule>,
    pub outbound: Vec<AclRule>,
    /// The allowed flows, computed once.
    pub allowed_in: FlowSet,
    pub allowed_out: FlowSet,
}

/// Which rule of an ACL decided a packet; `None` as the rule means no rule matched (the
/// implicit final deny).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AclDecision {
    /// Whether the packet is allowed.
    pub allowed: bool,
    /// The deciding rule, as `100 allow tcp 22 0.0.0.0/0`, or `no rule matches`.
    pub rule: String,
}

impl NetworkAcl {
    pub fn new(id: String, mut inbound: Vec<AclRule>, mut outbound: Vec<AclRule>) -> NetworkAcl {
        inbound.sort_by_key(|r| r.number);
        outbound.sort_by_key(|r| r.number);
        let allowed_in = allowed(&inbound, false);
        let allowed_out = allowed(&outbound, true);
        NetworkAcl {
            id,
            inbound,
            outbound,
            allowed_in,
            allowed_out,
        }
    }

    pub fn rules(&self, outbound: bool) -> &[AclRule] {
        if outbound {
            &self.outbound
        } else {
            &self.inbound
        }
    }

    pub fn allowed(&self, outbound: bool) -> &FlowSet {
        if outbound {
            &self.allowed_out
        } else {
            &self.allowed_in
        }
    }

    /// The first matching rule decides; no match is a deny.
    pub fn decide(&self, p: &Packet, outbound: bool) -> AclDecision {
        for r in self.rules(outbound) {
            if r.matches(p, outbound) {
                return AclDecision {
                    allowed: r.allow,
                    rule: r.label(),
                };
            }
        }
        AclDecision {
            allowed: false,
            rule: "no rule matches (implicit deny)".into(),
        }
    }

    /// The allow rules that admit some of `flows` (first match taken into account).
    pub fn admitting(&self, flows: &FlowSet, outbound: bool) -> Vec<String> {
        let mut seen = FlowSet::empty();
        let mut out = Vec::new();
        for r in self.rules(outbound) {
            let f = r.flows(outbound);
            let effective = f.subtract(&seen);
            if r.allow && !effective.intersect(flows).is_empty() {
                out.push(r.label());
            }
            seen = seen.union(&f);
        }
        out
    }
}

/// The flows a rule list allows: each allow rule's flows less those of the rules before it.
fn allowed(rules: &[AclRule], outbound: bool) -> FlowSet {
    let mut seen = FlowSet::empty();
    let mut ok = FlowSet::empty();
    for r in rules {
        let f = r.flows(outbound);
        if r.allow {
            ok = ok.union(&f.subtract(&seen));
        }
        seen = seen.union(&f);
    }
    ok.coalesced()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(number: i32, allow: bool, cidr: &str, proto: &str, ports: (i32, i32)) -> AclRule {
        let protocols = Service::protocol(proto).unwrap();
        AclRule {
            number,
            allow,
            cidr: cidr.parse().unwrap(),
            service: Service {
                protocols,
                ports: Service::ports_for(protocols, Some(ports.0), Some(ports.1)),
            },
        }
    }

    fn tcp(src: &str, dst: &str, dport: u16) -> Packet {
        Packet::tcp(src.parse().unwrap(), 40000, dst.parse().unwrap(), dport)
    }

    /// Rules are evaluated in rule-number order and the first match wins, even when a
    /// later rule says otherwise; nothing matching means deny.
    /// <https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html>
    #[test]
    fn nacl_first_match_in_number_order_then_deny() {
        let acl = NetworkAcl::new(
            "acl-1".into(),
            vec![
                rule(200, true, "0.0.0.0/0", "6", (22, 22)),
                rule(100, false, "198.51.100.0/24", "-1", (0, 0)),
            ],
            vec![],
        );
        let d = acl.decide(&tcp("198.51.100.7", "10.0.0.5", 22), false);
        assert!(!d.allowed);
        assert!(d.rule.starts_with("100 deny"));
        assert!(
            acl.decide(&tcp("203.0.113.7", "10.0.0.5", 22), false)
                .allowed
        );
        let d = acl.decide(&tcp("203.0.113.7", "10.0.0.5", 80), false);
        assert!(!d.allowed);
        assert!(d.rule.contains("implicit deny"));
        // The symbolic set says the same.
        let set = acl.allowed(false);
        assert!(set.contains(&tcp("203.0.113.7", "10.0.0.5", 22)));
        assert!(!set.contains(&tcp("198.51.100.7", "10.0.0.5", 22)));
        assert_eq!(
            set.describe(),
            vec!["tcp 22 from 0.0.0.0/0 except 198.51.100.0/24"]
        );
    }

    /// IPv4 rules never match IPv6 traffic and the reverse.
    /// <https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html>
    #[test]
    fn nacl_rules_are_per_family() {
        let acl = NetworkAcl::new(
            "acl-1".into(),
            vec![rule(100, true, "0.0.0.0/0", "-1", (0, 0))],
            vec![],
        );
        assert!(
            !acl.decide(&tcp("2001:db8::1", "2001:db8::2", 22), false)
                .allowed
        );
    }

    /// Outbound rules match the destination; the port range is the destination port, so
    /// replies need the client's ephemeral ports.
    /// <https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html>
    #[test]
    fn nacl_outbound_matches_destination_and_port() {
        let acl = NetworkAcl::new(
            "acl-1".into(),
            vec![],
            vec![rule(100, true, "0.0.0.0/0", "tcp", (1024, 65535))],
        );
        let reply = tcp("203.0.113.7", "10.0.0.5", 22).reply();
        assert!(acl.decide(&reply, true).allowed);
        let low = Packet::tcp(
            "10.0.0.5".parse().unwrap(),
            22,
            "203.0.113.7".parse().unwrap(),
            1000,
        );
        assert!(!acl.decide(&low, true).allowed);
    }

    /// Any protocol other than TCP, UDP and ICMP ignores ports.
    #[test]
    fn other_protocols_have_no_ports() {
        let p = Service::protocol("50").unwrap();
        assert_eq!(Service::ports_for(p, Some(22), Some(22)), (0, 65535));
        let icmp = Service::protocol("icmp").unwrap();
        assert_eq!(
            Service::ports_for(icmp, Some(8), Some(-1)),
            (8 << 8, (8 << 8) | 255)
        );
        assert_eq!(Service::ports_for(icmp, Some(-1), Some(-1)), (0, 65535));
    }
}
