//! Route tables: longest-prefix match with AWS's tie-breaks, for one address (the tracer)
//! and for every address at once (the symbolic engine).
//!
//! <https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html>:
//! the longest prefix wins; on equal prefixes a static route beats a prefix-list route,
//! which beats a propagated route; a propagated route never overrides the `local` route
//! even when it is more specific
//! (<https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html>).

use std::net::IpAddr;

use serde::Serialize;

use crate::addr::{Family, Prefix, Ranges, ip_to_u128};

/// Where a route sends traffic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Target {
    /// Within the VPC.
    Local,
    /// An internet gateway.
    InternetGateway(String),
    /// An egress-only internet gateway (IPv6).
    EgressOnlyInternetGateway(String),
    /// A NAT gateway.
    NatGateway(String),
    /// A VPC peering connection.
    Peering(String),
    /// A transit gateway.
    TransitGateway(String),
    /// A network interface (appliance).
    NetworkInterface(String),
    /// An instance (appliance).
    Instance(String),
    /// A gateway VPC endpoint (S3, DynamoDB).
    GatewayEndpoint(String),
    /// A virtual private gateway (Site-to-Site VPN, Direct Connect).
    VpnGateway(String),
    /// Anything else (local gateway, carrier gateway, core network).
    Other(String),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Local => f.write_str("local"),
            Target::InternetGateway(id)
            | Target::EgressOnlyInternetGateway(id)
            | Target::NatGateway(id)
            | Target::Peering(id)
            | Target::TransitGateway(id)
            | Target::NetworkInterface(id)
            | Target::Instance(id)
            | Target::GatewayEndpoint(id)
            | Target::VpnGateway(id)
            | Target::Other(id) => f.write_str(id),
        }
    }
}

/// Static routes beat prefix-list routes, which beat propagated routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    Static = 0,
    PrefixList = 1,
    Propagated = 2,
}

/// One route, with its destination resolved to prefixes.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    /// The destination as written: a CIDR or a prefix list id.
    pub destination: String,
    /// The destination blocks (one for a CIDR, the entries for a prefix list).
    pub prefixes: Vec<Prefix>,
    pub target: Target,
    pub rank: Rank,
    pub blackhole: bool,
}

impl Route {
    pub fn label(&self) -> String {
        let state = if self.blackhole { " (blackhole)" } else { "" };
        format!("{} -> {}{state}", self.destination, self.target)
    }
}

/// A route table: its routes and what it applies to.
#[derive(Debug, Clone)]
pub(crate) struct RouteTable {
    pub id: String,
    pub routes: Vec<Route>,
}

impl RouteTable {
    /// The route that carries traffic to `ip`: longest prefix, then rank; a propagated route
    /// never beats a local one. An independent implementation of [`RouteTable::partition`].
    pub fn lookup(&self, ip: IpAddr) -> Option<&Route> {
        let (family, _) = ip_to_u128(ip);
        let local_covers = self
            .routes
            .iter()
            .any(|r| r.target == Target::Local && r.prefixes.iter().any(|p| p.contains(ip)));
        let mut best: Option<(&Route, u8)> = None;
        for r in &self.routes {
            if r.rank == Rank::Propagated && local_covers {
                continue;
            }
            for p in &r.prefixes {
                if p.family() != family || !p.contains(ip) {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((b, len)) => {
                        p.prefix_len() > len || (p.prefix_len() == len && r.rank < b.rank)
                    }
                };
                if better {
                    best = Some((r, p.prefix_len()));
                }
            }
        }
        best.map(|(r, _)| r)
    }

    /// For every route, the destinations of `family` it wins; addresses that no route
    /// covers are in none.
    pub fn partition(&self, family: Family) -> Vec<(usize, Ranges)> {
        // Every (prefix, route) candidate, best first.
        let mut cands: Vec<(u8, Rank, usize, Prefix)> = Vec::new();
        for (i, r) in self.routes.iter().enumerate() {
            for p in &r.prefixes {
                if p.family() == family {
                    cands.push((p.prefix_len(), r.rank, i, *p));
                }
            }
        }
        cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let local: Ranges = self
            .routes
            .iter()
            .filter(|r| r.target == Target::Local)
            .flat_map(|r| r.prefixes.iter())
            .filter(|p| p.family() == family)
            .fold(Ranges::empty(), |acc, p| acc.union(&p.ranges()));
        let mut claimed = Ranges::empty();
        let mut won: Vec<(usize, Ranges)> = Vec::new();
        for (_, rank, i, p) in cands {
            let mut mine = p.ranges().subtract(&claimed);
            if rank == Rank::Propagated {
                mine = mine.subtract(&local);
            }
            if mine.is_empty() {
                continue;
            }
            claimed = claimed.union(&mine);
            match won.iter_mut().find(|(j, _)| *j == i) {
                Some((_, r)) => *r = r.union(&mine),
                None => won.push((i, mine)),
            }
        }
        won
    }

    /// The destinations of `family` whose route goes to `target` (and is not a blackhole).
    pub fn destinations_via(&self, family: Family, target: &Target) -> Ranges {
        self.partition(family)
            .into_iter()
            .filter(|(i, _)| {
                let r = &self.routes[*i];
                &r.target == target && !r.blackhole
            })
            .fold(Ranges::empty(), |acc, (_, r)| acc.union(&r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(dest: &str, target: Target, rank: Rank) -> Route {
        Route {
            destination: dest.into(),
            prefixes: vec![dest.parse().unwrap()],
            target,
            rank,
            blackhole: false,
        }
    }

    fn table() -> RouteTable {
        RouteTable {
            id: "rtb-1".into(),
            routes: vec![
                route("10.0.0.0/16", Target::Local, Rank::Static),
                route(
                    "0.0.0.0/0",
                    Target::InternetGateway("igw-1".into()),
                    Rank::Static,
                ),
                route(
                    "172.31.0.0/16",
                    Target::Peering("pcx-1".into()),
                    Rank::Static,
                ),
                route(
                    "172.31.0.0/24",
                    Target::VpnGateway("vgw-1".into()),
                    Rank::Propagated,
                ),
                route(
                    "172.31.0.0/24",
                    Target::NatGateway("nat-1".into()),
                    Rank::Static,
                ),
                route(
                    "10.0.5.0/24",
                    Target::VpnGateway("vgw-1".into()),
                    Rank::Propagated,
                ),
            ],
        }
    }

    /// Longest prefix first; a static route beats a propagated one with the same prefix.
    /// <https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html>
    #[test]
    fn longest_prefix_then_static_over_propagated() {
        let t = table();
        let at = |ip: &str| t.lookup(ip.parse().unwrap()).map(|r| r.target.to_string());
        assert_eq!(at("172.31.9.9").as_deref(), Some("pcx-1"));
        assert_eq!(at("172.31.0.9").as_deref(), Some("nat-1"));
        assert_eq!(at("8.8.8.8").as_deref(), Some("igw-1"));
        assert_eq!(at("10.0.1.1").as_deref(), Some("local"));
        assert_eq!(at("2001:db8::1"), None);
    }

    /// A propagated route never overrides the local route, even when more specific.
    /// <https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html>
    #[test]
    fn propagated_never_beats_local() {
        let t = table();
        let r = t.lookup("10.0.5.1".parse().unwrap()).unwrap();
        assert_eq!(r.target, Target::Local);
        let via = t.destinations_via(Family::V4, &Target::Local);
        assert!(via.contains(u128::from(u32::from(
            "10.0.5.1".parse::<std::net::Ipv4Addr>().unwrap()
        ))));
    }

    #[test]
    fn partition_agrees_with_lookup() {
        let t = table();
        let parts = t.partition(Family::V4);
        for ip in [
            "172.31.9.9",
            "172.31.0.9",
            "8.8.8.8",
            "10.0.1.1",
            "10.0.5.1",
        ] {
            let addr: IpAddr = ip.parse().unwrap();
            let (_, v) = ip_to_u128(addr);
            let symbolic = parts.iter().find(|(_, r)| r.contains(v)).map(|(i, _)| *i);
            let concrete = t
                .lookup(addr)
                .map(|r| t.routes.iter().position(|x| std::ptr::eq(x, r)).unwrap());
            assert_eq!(symbolic, concrete, "{ip}");
        }
    }
}
