//! Addresses, prefixes and sets of addresses of one family.
//!
//! An IPv4 address is held as a `u128` below 2^32, an IPv6 address as the full `u128`; the
//! [`Family`] says which. A set of addresses is a sorted list of disjoint, non-adjacent
//! inclusive intervals ([`Ranges`]), which renders back to the fewest CIDR blocks.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::Error;

/// IPv4 or IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// IPv4.
    V4,
    /// IPv6.
    V6,
}

impl Family {
    /// The number of bits of an address.
    pub fn bits(self) -> u8 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }

    /// The largest address.
    pub fn max(self) -> u128 {
        match self {
            Family::V4 => u128::from(u32::MAX),
            Family::V6 => u128::MAX,
        }
    }

    /// Both families, IPv4 first.
    pub const BOTH: [Family; 2] = [Family::V4, Family::V6];
}

/// The family and numeric value of `ip`.
pub fn ip_to_u128(ip: IpAddr) -> (Family, u128) {
    match ip {
        IpAddr::V4(v4) => (Family::V4, u128::from(u32::from(v4))),
        IpAddr::V6(v6) => (Family::V6, u128::from(v6)),
    }
}

/// The address of `family` whose value is `value`.
pub fn u128_to_ip(family: Family, value: u128) -> IpAddr {
    match family {
        // The value of an IPv4 address fits in 32 bits by construction.
        Family::V4 => IpAddr::V4(Ipv4Addr::from(value as u32)),
        Family::V6 => IpAddr::V6(Ipv6Addr::from(value)),
    }
}

/// A CIDR block such as `10.0.0.0/16` or `::/0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Prefix {
    family: Family,
    addr: u128,
    len: u8,
}

impl Prefix {
    /// The block of `len` leading bits of `ip`; host bits are cleared, as AWS does with a
    /// non-canonical CIDR such as `100.68.0.18/18`.
    pub fn new(ip: IpAddr, len: u8) -> Result<Prefix, Error> {
        let (family, value) = ip_to_u128(ip);
        if len > family.bits() {
            return Err(Error::BadCidr {
                text: format!("{ip}/{len}"),
            });
        }
        let host = family.bits() - len;
        let mask = if host == 128 {
            0
        } else {
            family.max() & !((1u128 << host) - 1)
        };
        Ok(Prefix {
            family,
            addr: value & mask,
            len,
        })
    }

    /// Every address of `family`.
    pub fn all(family: Family) -> Prefix {
        Prefix {
            family,
            addr: 0,
            len: 0,
        }
    }

    /// The single address `ip`.
    pub fn host(ip: IpAddr) -> Prefix {
        let (family, addr) = ip_to_u128(ip);
        Prefix {
            family,
            addr,
            len: family.bits(),
        }
    }

    /// The family.
    pub fn family(&self) -> Family {
        self.family
    }

    /// The prefix length.
    pub fn prefix_len(&self) -> u8 {
        self.len
    }

    /// The first address, as a number.
    pub fn first(&self) -> u128 {
        self.addr
    }

    /// The last address, as a number.
    pub fn last(&self) -> u128 {
        let host = self.family.bits() - self.len;
        if host == 128 {
            u128::MAX
        } else {
            self.addr | ((1u128 << host) - 1)
        }
    }

    /// Whether `ip` is in the block.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let (family, value) = ip_to_u128(ip);
        family == self.family && self.first() <= value && value <= self.last()
    }

    /// Whether `other` lies wholly inside this block.
    pub fn covers(&self, other: &Prefix) -> bool {
        self.family == other.family && self.first() <= other.first() && other.last() <= self.last()
    }

    /// The block as a set.
    pub fn ranges(&self) -> Ranges {
        Ranges::interval(self.first(), self.last())
    }

    /// The `n`th address of the block (0 = the network address).
    pub fn nth(&self, n: u128) -> Option<IpAddr> {
        let v = self.first().checked_add(n)?;
        (v <= self.last()).then(|| u128_to_ip(self.family, v))
    }
}

impl FromStr for Prefix {
    type Err = Error;
    fn from_str(s: &str) -> Result<Prefix, Error> {
        let bad = || Error::BadCidr { text: s.to_owned() };
        let (ip, len) = match s.split_once('/') {
            Some((ip, len)) => {
                let ip: IpAddr = ip.trim().parse().map_err(|_| bad())?;
                let len: u8 = len.trim().parse().map_err(|_| bad())?;
                (ip, len)
            }
            None => {
                let ip: IpAddr = s.trim().parse().map_err(|_| bad())?;
                let (family, _) = ip_to_u128(ip);
                (ip, family.bits())
            }
        };
        Prefix::new(ip, len)
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", u128_to_ip(self.family, self.addr), self.len)
    }
}

impl Serialize for Prefix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A set of numbers (addresses, ports, protocols) as sorted, disjoint, non-adjacent
/// inclusive intervals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Ranges(Vec<(u128, u128)>);

impl Ranges {
    /// The empty set.
    pub fn empty() -> Ranges {
        Ranges(Vec::new())
    }

    /// `lo..=hi` (empty when `lo > hi`).
    pub fn interval(lo: u128, hi: u128) -> Ranges {
        if lo > hi {
            Ranges::empty()
        } else {
            Ranges(vec![(lo, hi)])
        }
    }

    /// The set of the given intervals, in any order, overlapping or not.
    pub fn from_intervals(mut iv: Vec<(u128, u128)>) -> Ranges {
        iv.retain(|(a, b)| a <= b);
        iv.sort_unstable();
        let mut out: Vec<(u128, u128)> = Vec::with_capacity(iv.len());
        for (a, b) in iv {
            match out.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        Ranges(out)
    }

    /// The intervals, sorted.
    pub fn intervals(&self) -> &[(u128, u128)] {
        &self.0
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `v` is in the set.
    pub fn contains(&self, v: u128) -> bool {
        match self.0.binary_search_by(|&(a, _)| a.cmp(&v)) {
            Ok(_) => true,
            Err(0) => false,
            Err(i) => self.0[i - 1].1 >= v,
        }
    }

    /// The union.
    pub fn union(&self, other: &Ranges) -> Ranges {
        let mut all = self.0.clone();
        all.extend_from_slice(&other.0);
        Ranges::from_intervals(all)
    }

    /// The intersection.
    pub fn intersect(&self, other: &Ranges) -> Ranges {
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < self.0.len() && j < other.0.len() {
            let (a0, a1) = self.0[i];
            let (b0, b1) = other.0[j];
            let lo = a0.max(b0);
            let hi = a1.min(b1);
            if lo <= hi {
                out.push((lo, hi));
            }
            if a1 < b1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        Ranges(out)
    }

    /// The complement within `0..=max`.
    pub fn complement(&self, max: u128) -> Ranges {
        let mut out = Vec::new();
        let mut next: Option<u128> = Some(0);
        for &(a, b) in &self.0 {
            if let Some(n) = next
                && a > n
            {
                out.push((n, a - 1));
            }
            next = b.checked_add(1);
        }
        if let Some(n) = next
            && n <= max
        {
            out.push((n, max));
        }
        Ranges(out)
    }

    /// The difference `self - other`.
    pub fn subtract(&self, other: &Ranges) -> Ranges {
        self.intersect(&other.complement(u128::MAX))
    }

    /// The fewest CIDR blocks of `family` that make up the set.
    pub fn to_prefixes(&self, family: Family) -> Vec<Prefix> {
        let mut out = Vec::new();
        for &(lo, hi) in &self.0 {
            let mut cur = lo;
            loop {
                // The largest aligned block that starts at `cur` and ends by `hi`.
                let mut host = if cur == 0 {
                    u32::from(family.bits())
                } else {
                    cur.trailing_zeros().min(u32::from(family.bits()))
                };
                while host > 0 {
                    let end = if host >= 128 {
                        u128::MAX
                    } else {
                        cur | ((1u128 << host) - 1)
                    };
                    if end <= hi {
                        break;
                    }
                    host -= 1;
                }
                // host <= family.bits() by construction.
                let len = family.bits() - host as u8;
                out.push(Prefix {
                    family,
                    addr: cur,
                    len,
                });
                let end = if host >= 128 {
                    u128::MAX
                } else {
                    cur | ((1u128 << host) - 1)
                };
                if end >= hi {
                    break;
                }
                cur = end + 1;
            }
        }
        out
    }

    /// Renders the set as CIDR blocks, or as "all except ..." when that is shorter.
    pub fn render(&self, family: Family) -> String {
        let max = family.max();
        if self.is_empty() {
            return "nothing".into();
        }
        let own = self.to_prefixes(family);
        let rest = self.complement(max).to_prefixes(family);
        let join = |p: &[Prefix]| {
            p.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if rest.is_empty() {
            Prefix::all(family).to_string()
        } else if rest.len() < own.len() {
            format!("{} except {}", Prefix::all(family), join(&rest))
        } else {
            join(&own)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_parse_and_canonicalise() {
        let p: Prefix = "100.68.0.18/18".parse().unwrap();
        assert_eq!(p.to_string(), "100.68.0.0/18");
        let all: Prefix = "::/0".parse().unwrap();
        assert_eq!(all.first(), 0);
        assert_eq!(all.last(), u128::MAX);
        let host: Prefix = "10.0.0.1".parse().unwrap();
        assert_eq!(host.prefix_len(), 32);
        assert!("10.0.0.0/33".parse::<Prefix>().is_err());
        assert!("banana".parse::<Prefix>().is_err());
    }

    #[test]
    fn ranges_render_as_fewest_cidrs() {
        let all: Prefix = "0.0.0.0/0".parse().unwrap();
        let hole: Prefix = "198.51.100.0/24".parse().unwrap();
        let set = all.ranges().subtract(&hole.ranges());
        assert_eq!(set.render(Family::V4), "0.0.0.0/0 except 198.51.100.0/24");
        let a: Prefix = "10.0.0.0/25".parse().unwrap();
        let b: Prefix = "10.0.0.128/25".parse().unwrap();
        assert_eq!(
            a.ranges().union(&b.ranges()).render(Family::V4),
            "10.0.0.0/24"
        );
        assert_eq!(
            Ranges::interval(1, 6).to_prefixes(Family::V4).len(),
            3 // 1/32, 2/31, 4/31, 6/32 -> 1, 2-3, 4-5, 6
                + 1
        );
    }

    #[test]
    fn complement_and_contains() {
        let r = Ranges::from_intervals(vec![(5, 9), (1, 2), (3, 3)]);
        assert_eq!(r.intervals(), &[(1, 3), (5, 9)]);
        assert!(r.contains(3) && !r.contains(4) && r.contains(9) && !r.contains(0));
        assert_eq!(r.complement(10).intervals(), &[(0, 0), (4, 4), (10, 10)]);
    }
}
