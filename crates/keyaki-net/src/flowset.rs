//! Exact sets of flows: the packet-set algebra behind every symbolic answer.
//!
//! A flow is one packet header as the VPC sees it: source address, destination address,
//! IP protocol number, source port and destination port. A [`FlowSet`] is a finite union of
//! disjoint boxes (one interval per field), kept separately for IPv4 and IPv6, so that
//! intersection, union and difference are exact and an answer covers every packet at once.
//!
//! For ICMP and ICMPv6 the destination-port field carries `type * 256 + code`, which is how
//! security groups and network ACLs name ICMP traffic; protocols without ports match any
//! value in the port fields.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;

use serde::Serialize;

use crate::addr::{Family, Prefix, Ranges, ip_to_u128};

/// The fields of a flow, in box order.
pub(crate) const SRC: usize = 0;
pub(crate) const DST: usize = 1;
pub(crate) const PROTO: usize = 2;
pub(crate) const SPORT: usize = 3;
pub(crate) const DPORT: usize = 4;
const DIMS: usize = 5;

/// IANA protocol numbers keyaki names.
pub mod proto {
    /// ICMP.
    pub const ICMP: u8 = 1;
    /// TCP.
    pub const TCP: u8 = 6;
    /// UDP.
    pub const UDP: u8 = 17;
    /// ICMPv6.
    pub const ICMPV6: u8 = 58;
}

/// The name of protocol `p`: `tcp`, `udp`, `icmp`, `icmpv6`, or its number.
pub fn protocol_name(p: u8) -> String {
    match p {
        proto::TCP => "tcp".into(),
        proto::UDP => "udp".into(),
        proto::ICMP => "icmp".into(),
        proto::ICMPV6 => "icmpv6".into(),
        n => n.to_string(),
    }
}

/// Whether protocol `p` has ports (TCP and UDP) or ICMP type/code in the port field.
pub(crate) fn has_ports(p: u8) -> bool {
    matches!(p, proto::TCP | proto::UDP | proto::ICMP | proto::ICMPV6)
}

/// One interval per field, inclusive.
pub(crate) type FlowBox = [(u128, u128); DIMS];

/// One concrete packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Packet {
    /// The source address.
    pub src: IpAddr,
    /// The destination address.
    pub dst: IpAddr,
    /// The IP protocol number.
    pub protocol: u8,
    /// The source port (0 for protocols without ports).
    pub src_port: u16,
    /// The destination port; for ICMP, `type * 256 + code`.
    pub dst_port: u16,
}

impl Packet {
    /// A TCP packet.
    pub fn tcp(src: IpAddr, src_port: u16, dst: IpAddr, dst_port: u16) -> Packet {
        Packet {
            src,
            dst,
            protocol: proto::TCP,
            src_port,
            dst_port,
        }
    }

    /// The reply to this packet: addresses and ports swapped.
    pub fn reply(&self) -> Packet {
        Packet {
            src: self.dst,
            dst: self.src,
            protocol: self.protocol,
            src_port: self.dst_port,
            dst_port: self.src_port,
        }
    }

    /// The family, when source and destination agree on one.
    pub fn family(&self) -> Option<Family> {
        let (a, _) = ip_to_u128(self.src);
        let (b, _) = ip_to_u128(self.dst);
        (a == b).then_some(a)
    }

    pub(crate) fn point(&self) -> Option<(Family, [u128; DIMS])> {
        let (fa, s) = ip_to_u128(self.src);
        let (fb, d) = ip_to_u128(self.dst);
        (fa == fb).then_some((
            fa,
            [
                s,
                d,
                u128::from(self.protocol),
                u128::from(self.src_port),
                u128::from(self.dst_port),
            ],
        ))
    }
}

impl fmt::Display for Packet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if has_ports(self.protocol) && !matches!(self.protocol, proto::ICMP | proto::ICMPV6) {
            write!(
                f,
                "{} {}:{} -> {}:{}",
                protocol_name(self.protocol),
                self.src,
                self.src_port,
                self.dst,
                self.dst_port
            )
        } else {
            write!(
                f,
                "{} {} -> {}",
                protocol_name(self.protocol),
                self.src,
                self.dst
            )
        }
    }
}

/// Every field of a box but the source.
type SrcKey = [(u128, u128); 4];

/// An exact set of flows, IPv4 and IPv6.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowSet {
    v4: Vec<FlowBox>,
    v6: Vec<FlowBox>,
}

fn full(family: Family) -> FlowBox {
    [
        (0, family.max()),
        (0, family.max()),
        (0, 255),
        (0, 65535),
        (0, 65535),
    ]
}

pub(crate) fn box_intersect(a: &FlowBox, b: &FlowBox) -> Option<FlowBox> {
    let mut out = *a;
    for d in 0..DIMS {
        let lo = a[d].0.max(b[d].0);
        let hi = a[d].1.min(b[d].1);
        if lo > hi {
            return None;
        }
        out[d] = (lo, hi);
    }
    Some(out)
}

/// `a - b` as disjoint boxes.
pub(crate) fn box_subtract(a: &FlowBox, b: &FlowBox, out: &mut Vec<FlowBox>) {
    if box_intersect(a, b).is_none() {
        out.push(*a);
        return;
    }
    let mut rest = *a;
    for d in 0..DIMS {
        let (lo, hi) = rest[d];
        let (blo, bhi) = b[d];
        if lo < blo {
            let mut piece = rest;
            piece[d] = (lo, blo - 1);
            out.push(piece);
        }
        if hi > bhi {
            let mut piece = rest;
            piece[d] = (bhi + 1, hi);
            out.push(piece);
        }
        rest[d] = (lo.max(blo), hi.min(bhi));
    }
}

pub(crate) fn boxes_subtract(a: &[FlowBox], b: &[FlowBox]) -> Vec<FlowBox> {
    let mut cur: Vec<FlowBox> = a.to_vec();
    for bb in b {
        if cur.is_empty() {
            break;
        }
        let mut next = Vec::with_capacity(cur.len());
        for aa in &cur {
            box_subtract(aa, bb, &mut next);
        }
        cur = next;
    }
    cur
}

pub(crate) fn boxes_intersect(a: &[FlowBox], b: &[FlowBox]) -> Vec<FlowBox> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            if let Some(z) = box_intersect(x, y) {
                out.push(z);
            }
        }
    }
    out
}

pub(crate) fn boxes_union(a: &[FlowBox], b: &[FlowBox]) -> Vec<FlowBox> {
    let mut out = a.to_vec();
    out.extend(boxes_subtract(b, a));
    out
}

/// Merges boxes that differ in one field only and touch in it, until nothing merges.
/// The set is unchanged; only its description gets shorter.
pub(crate) fn coalesce(boxes: &mut Vec<FlowBox>) {
    loop {
        let mut changed = false;
        for d in 0..DIMS {
            let mut groups: HashMap<FlowBox, Vec<(u128, u128)>> = HashMap::new();
            for b in boxes.iter() {
                let mut key = *b;
                key[d] = (0, 0);
                groups.entry(key).or_default().push(b[d]);
            }
            let mut out = Vec::with_capacity(boxes.len());
            for (key, mut ivs) in groups {
                ivs.sort_unstable();
                let before = ivs.len();
                let merged = Ranges::from_intervals(ivs);
                if merged.intervals().len() < before {
                    changed = true;
                }
                for &iv in merged.intervals() {
                    let mut b = key;
                    b[d] = iv;
                    out.push(b);
                }
            }
            *boxes = out;
        }
        if !changed {
            break;
        }
    }
    boxes.sort_unstable();
}

impl FlowSet {
    /// No flow at all.
    pub fn empty() -> FlowSet {
        FlowSet::default()
    }

    /// Every flow of both families.
    pub fn all() -> FlowSet {
        FlowSet {
            v4: vec![full(Family::V4)],
            v6: vec![full(Family::V6)],
        }
    }

    /// Every flow of `family`.
    pub fn all_of(family: Family) -> FlowSet {
        let mut s = FlowSet::empty();
        *s.boxes_mut(family) = vec![full(family)];
        s
    }

    /// The flows from `src` to `dst` of protocols `protocols`, with source ports
    /// `src_ports` and destination ports `dst_ports` (inclusive ranges). `src` and `dst`
    /// must be of one family; otherwise the set is empty.
    pub fn cube(
        src: Prefix,
        dst: Prefix,
        protocols: (u8, u8),
        src_ports: (u16, u16),
        dst_ports: (u16, u16),
    ) -> FlowSet {
        let mut s = FlowSet::empty();
        if src.family() != dst.family() {
            return s;
        }
        let b: FlowBox = [
            (src.first(), src.last()),
            (dst.first(), dst.last()),
            (u128::from(protocols.0), u128::from(protocols.1)),
            (u128::from(src_ports.0), u128::from(src_ports.1)),
            (u128::from(dst_ports.0), u128::from(dst_ports.1)),
        ];
        if b.iter().all(|(lo, hi)| lo <= hi) {
            s.boxes_mut(src.family()).push(b);
        }
        s
    }

    /// The single packet `p`.
    pub fn packet(p: &Packet) -> FlowSet {
        let mut s = FlowSet::empty();
        if let Some((family, pt)) = p.point() {
            s.boxes_mut(family).push(pt.map(|v| (v, v)));
        }
        s
    }

    pub(crate) fn from_boxes(family: Family, boxes: Vec<FlowBox>) -> FlowSet {
        let mut s = FlowSet::empty();
        *s.boxes_mut(family) = boxes;
        s
    }

    pub(crate) fn boxes(&self, family: Family) -> &[FlowBox] {
        match family {
            Family::V4 => &self.v4,
            Family::V6 => &self.v6,
        }
    }

    pub(crate) fn boxes_mut(&mut self, family: Family) -> &mut Vec<FlowBox> {
        match family {
            Family::V4 => &mut self.v4,
            Family::V6 => &mut self.v6,
        }
    }

    fn zip(&self, other: &FlowSet, f: impl Fn(&[FlowBox], &[FlowBox]) -> Vec<FlowBox>) -> FlowSet {
        FlowSet {
            v4: f(&self.v4, &other.v4),
            v6: f(&self.v6, &other.v6),
        }
    }

    /// The flows in both sets.
    pub fn intersect(&self, other: &FlowSet) -> FlowSet {
        self.zip(other, boxes_intersect)
    }

    /// The flows in either set.
    pub fn union(&self, other: &FlowSet) -> FlowSet {
        self.zip(other, boxes_union)
    }

    /// The flows in `self` and not in `other`.
    pub fn subtract(&self, other: &FlowSet) -> FlowSet {
        self.zip(other, boxes_subtract)
    }

    /// Whether the set holds no flow.
    pub fn is_empty(&self) -> bool {
        self.v4.is_empty() && self.v6.is_empty()
    }

    /// Whether every flow of `self` is in `other`.
    pub fn is_subset(&self, other: &FlowSet) -> bool {
        self.subtract(other).is_empty()
    }

    /// Whether the two sets hold the same flows (whatever their boxes).
    pub fn same_flows(&self, other: &FlowSet) -> bool {
        self.is_subset(other) && other.is_subset(self)
    }

    /// Whether packet `p` is in the set.
    pub fn contains(&self, p: &Packet) -> bool {
        match p.point() {
            Some((family, pt)) => self
                .boxes(family)
                .iter()
                .any(|b| (0..DIMS).all(|d| b[d].0 <= pt[d] && pt[d] <= b[d].1)),
            None => false,
        }
    }

    /// The same set with the fewest boxes this simple merge finds, sorted.
    pub fn coalesced(mut self) -> FlowSet {
        coalesce(&mut self.v4);
        coalesce(&mut self.v6);
        self
    }

    /// The number of boxes (a measure of the description's size, not of the set's).
    pub fn box_count(&self) -> usize {
        self.v4.len() + self.v6.len()
    }

    /// The replies to the flows: source and destination (addresses and ports) swapped.
    pub fn reversed(&self) -> FlowSet {
        let rev = |b: &FlowBox| [b[DST], b[SRC], b[PROTO], b[DPORT], b[SPORT]];
        FlowSet {
            v4: self.v4.iter().map(rev).collect(),
            v6: self.v6.iter().map(rev).collect(),
        }
    }

    /// Some packet of the set, if any: a witness that the concrete tracer can re-check.
    pub fn witness(&self) -> Option<Packet> {
        let (family, b) = self
            .v4
            .first()
            .map(|b| (Family::V4, b))
            .or_else(|| self.v6.first().map(|b| (Family::V6, b)))?;
        let pick = |d: usize, preferred: u128| {
            if b[d].0 <= preferred && preferred <= b[d].1 {
                preferred
            } else {
                b[d].0
            }
        };
        Some(Packet {
            src: crate::addr::u128_to_ip(family, b[SRC].0),
            dst: crate::addr::u128_to_ip(family, b[DST].0),
            protocol: u8::try_from(pick(PROTO, 6)).unwrap_or(6),
            src_port: u16::try_from(pick(SPORT, 49152)).unwrap_or(0),
            dst_port: u16::try_from(b[DPORT].0).unwrap_or(0),
        })
    }

    /// The set grouped by protocol and destination ports, with the sources (and, when not
    /// every address, the destinations and source ports) that go with them.
    pub fn summary(&self) -> Vec<FlowSummary> {
        let set = self.clone().coalesced();
        let mut out = Vec::new();
        for family in Family::BOTH {
            // Group by everything but the source, and gather the sources.
            let mut groups: Vec<(SrcKey, Vec<(u128, u128)>)> = Vec::new();
            for b in set.boxes(family) {
                let key = [b[DST], b[PROTO], b[SPORT], b[DPORT]];
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, v)) => v.push(b[SRC]),
                    None => groups.push((key, vec![b[SRC]])),
                }
            }
            for ([dst, protocols, sport, dport], srcs) in groups {
                out.push(FlowSummary {
                    family,
                    protocols,
                    src: Ranges::from_intervals(srcs),
                    dst: Ranges::interval(dst.0, dst.1),
                    src_ports: sport,
                    dst_ports: dport,
                });
            }
        }
        out.sort_by(|a, b| {
            (a.family, a.protocols, a.dst_ports, a.src_ports).cmp(&(
                b.family,
                b.protocols,
                b.dst_ports,
                b.src_ports,
            ))
        });
        out
    }

    /// One line per group of [`FlowSet::summary`], such as
    /// `tcp 22 from 0.0.0.0/0 except 198.51.100.0/24`.
    pub fn describe(&self) -> Vec<String> {
        self.summary().iter().map(ToString::to_string).collect()
    }
}

/// A group of flows with one protocol range and one destination port range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSummary {
    /// The family.
    pub family: Family,
    /// The protocol numbers, inclusive.
    pub protocols: (u128, u128),
    /// The sources.
    pub src: Ranges,
    /// The destinations.
    pub dst: Ranges,
    /// The source ports, inclusive.
    pub src_ports: (u128, u128),
    /// The destination ports, inclusive (ICMP: type and code).
    pub dst_ports: (u128, u128),
}

impl FlowSummary {
    /// `tcp`, `udp`, `icmp`, `all`, `6-17`...
    pub fn protocol_label(&self) -> String {
        match self.protocols {
            (0, 255) => "all".into(),
            (a, b) if a == b => protocol_name(a as u8),
            (a, b) => format!("protocols {a}-{b}"),
        }
    }

    /// Whether the destination-port field is meaningful for this group.
    pub fn has_ports(&self) -> bool {
        self.protocols.0 == self.protocols.1 && has_ports(self.protocols.0 as u8)
    }

    fn ports_label(&self) -> Option<String> {
        if !self.has_ports() {
            return None;
        }
        let (a, b) = self.dst_ports;
        let icmp = matches!(self.protocols.0 as u8, proto::ICMP | proto::ICMPV6);
        Some(if (a, b) == (0, 65535) {
            if icmp {
                "all types".into()
            } else {
                "all ports".into()
            }
        } else if icmp {
            let (t0, c0, t1, c1) = (a >> 8, a & 255, b >> 8, b & 255);
            if t0 == t1 && c0 == c1 {
                format!("type {t0} code {c0}")
            } else if t0 == t1 && (c0, c1) == (0, 255) {
                format!("type {t0}")
            } else {
                format!("types {t0}/{c0}-{t1}/{c1}")
            }
        } else if a == b {
            a.to_string()
        } else {
            format!("{a}-{b}")
        })
    }
}

impl fmt::Display for FlowSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.protocol_label())?;
        if let Some(ports) = self.ports_label() {
            write!(f, " {ports}")?;
        }
        write!(f, " from {}", self.src.render(self.family))?;
        if self.dst.intervals() != [(0, self.family.max())] {
            write!(f, " to {}", self.dst.render(self.family))?;
        }
        if self.has_ports()
            && !matches!(self.protocols.0 as u8, proto::ICMP | proto::ICMPV6)
            && self.src_ports != (0, 65535)
        {
            let (a, b) = self.src_ports;
            if a == b {
                write!(f, " source port {a}")?;
            } else {
                write!(f, " source ports {a}-{b}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn p(s: &str) -> Prefix {
        s.parse().unwrap()
    }

    #[test]
    fn renders_an_exception() {
        let ssh = FlowSet::cube(
            p("0.0.0.0/0"),
            p("10.0.0.12/32"),
            (6, 6),
            (0, 65535),
            (22, 22),
        );
        let hole = FlowSet::cube(
            p("198.51.100.0/24"),
            p("0.0.0.0/0"),
            (0, 255),
            (0, 65535),
            (0, 65535),
        );
        let s = ssh.subtract(&hole);
        assert_eq!(
            s.describe(),
            vec!["tcp 22 from 0.0.0.0/0 except 198.51.100.0/24 to 10.0.0.12/32"]
        );
        let all = FlowSet::all_of(Family::V6);
        assert_eq!(all.describe(), vec!["all from ::/0"]);
        let icmp = FlowSet::cube(
            p("::/0"),
            p("::/0"),
            (58, 58),
            (0, 65535),
            (128 << 8, (128 << 8) | 255),
        );
        assert_eq!(icmp.describe(), vec!["icmpv6 type 128 from ::/0"]);
    }

    #[test]
    fn packets_and_replies() {
        let pkt = Packet::tcp(
            "203.0.113.5".parse().unwrap(),
            50000,
            "10.0.0.12".parse().unwrap(),
            22,
        );
        let s = FlowSet::packet(&pkt);
        assert!(s.contains(&pkt));
        assert!(!s.contains(&pkt.reply()));
        assert!(s.reversed().contains(&pkt.reply()));
        assert_eq!(s.witness(), Some(pkt));
        assert_eq!(pkt.to_string(), "tcp 203.0.113.5:50000 -> 10.0.0.12:22");
    }

    // The algebra against a brute-force model: every field takes values 0..=3.
    const SMALL: u128 = 3;
    type Point = [u128; DIMS];

    fn points(boxes: &[FlowBox]) -> BTreeSet<Point> {
        let mut out = BTreeSet::new();
        for b in boxes {
            for a in b[0].0..=b[0].1 {
                for c in b[1].0..=b[1].1 {
                    for d in b[2].0..=b[2].1 {
                        for e in b[3].0..=b[3].1 {
                            for f in b[4].0..=b[4].1 {
                                out.insert([a, c, d, e, f]);
                            }
                        }
                    }
                }
            }
        }
        out
    }

    fn disjoint(boxes: &[FlowBox]) -> bool {
        boxes
            .iter()
            .enumerate()
            .all(|(i, a)| boxes[i + 1..].iter().all(|b| box_intersect(a, b).is_none()))
    }

    fn interval() -> impl Strategy<Value = (u128, u128)> {
        (0..=SMALL, 0..=SMALL).prop_map(|(a, b)| (a.min(b), a.max(b)))
    }

    fn a_box() -> impl Strategy<Value = FlowBox> {
        [interval(), interval(), interval(), interval(), interval()]
    }

    /// A set built the way the engine builds them: unions of boxes.
    fn a_set() -> impl Strategy<Value = Vec<FlowBox>> {
        prop::collection::vec(a_box(), 0..5).prop_map(|bs| {
            bs.iter()
                .fold(Vec::new(), |acc, b| boxes_union(&acc, &[*b]))
        })
    }

    proptest! {
        #[test]
        fn union_intersection_difference_match_the_model(a in a_set(), b in a_set()) {
            let (pa, pb) = (points(&a), points(&b));
            prop_assert!(disjoint(&a));
            let u = boxes_union(&a, &b);
            prop_assert!(disjoint(&u));
            prop_assert_eq!(points(&u), pa.union(&pb).copied().collect::<BTreeSet<_>>());
            let i = boxes_intersect(&a, &b);
            prop_assert!(disjoint(&i));
            prop_assert_eq!(points(&i), pa.intersection(&pb).copied().collect::<BTreeSet<_>>());
            let d = boxes_subtract(&a, &b);
            prop_assert!(disjoint(&d));
            prop_assert_eq!(points(&d), pa.difference(&pb).copied().collect::<BTreeSet<_>>());
            prop_assert_eq!(d.is_empty(), pa.is_subset(&pb));
        }

        #[test]
        fn coalescing_keeps_the_set(a in a_set()) {
            let mut c = a.clone();
            coalesce(&mut c);
            prop_assert!(disjoint(&c));
            prop_assert!(c.len() <= a.len());
            prop_assert_eq!(points(&c), points(&a));
        }

        #[test]
        fn contains_matches_the_model(a in a_set(), pt in [0..=SMALL, 0..=SMALL, 0..=SMALL, 0..=SMALL, 0..=SMALL]) {
            let set = FlowSet::from_boxes(Family::V4, a.clone());
            let pkt = Packet {
                src: crate::addr::u128_to_ip(Family::V4, pt[0]),
                dst: crate::addr::u128_to_ip(Family::V4, pt[1]),
                protocol: pt[2] as u8,
                src_port: pt[3] as u16,
                dst_port: pt[4] as u16,
            };
            prop_assert_eq!(set.contains(&pkt), points(&a).contains(&pt));
        }

        #[test]
        fn ranges_render_back_to_the_same_set(iv in prop::collection::vec((0u128..64, 0u128..64), 0..6)) {
            let r = Ranges::from_intervals(iv.into_iter().map(|(a, b)| (a.min(b), a.max(b))).collect());
            let back = r.to_prefixes(Family::V4).iter().fold(Ranges::empty(), |acc, p| acc.union(&p.ranges()));
            prop_assert_eq!(back, r);
        }
    }
}
