//! Identifiers in AWS's formats, derived without collisions from (account, kind, index).
//!
//! Every id is a bijective scramble of a key that packs the account index, the kind of
//! resource and its index, so two resources never share an id, whatever the seed.

/// The splitmix64 finaliser: a bijection on `u64` that scatters nearby keys.
pub(crate) const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What an id names; part of the key, so ids of different kinds never coincide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kind {
    Vpc = 1,
    Subnet,
    SecurityGroup,
    NetworkInterface,
    Instance,
    Reservation,
    InternetGateway,
    NatGateway,
    RouteTable,
    NetworkAcl,
    Allocation,
    Image,
    DhcpOptions,
    VpcEndpoint,
    LoadBalancer,
    User,
    Role,
    Group,
    Policy,
    InstanceProfile,
    Misc,
}

/// The account index used for ids that AWS shares between all accounts (AWS managed policies).
const SHARED_ACCOUNT: u64 = 0xff_ffff;

/// Derives the ids of one account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IdSpace {
    salt: u64,
    account: u64,
}

impl IdSpace {
    pub(crate) fn new(seed: u64, account: usize) -> Self {
        Self {
            salt: mix(seed ^ 0x6b65_7961_6b69_0001),
            account: account as u64 & 0xff_ffff,
        }
    }

    /// The id space of resources that AWS owns and every account sees with the same id.
    pub(crate) fn shared() -> Self {
        Self {
            salt: 0x5eed_0fa7_5000_0000,
            account: SHARED_ACCOUNT,
        }
    }

    /// A 64-bit value unique to (account, kind, n) for `n < 2^32`.
    pub(crate) fn raw(&self, kind: Kind, n: usize) -> u64 {
        debug_assert!(n < 1 << 32, "index {n} does not fit the id key");
        let key = (self.account << 40) | ((kind as u64) << 32) | (n as u64 & 0xffff_ffff);
        mix(key ^ self.salt)
    }

    /// `prefix-0` followed by 16 hex digits, as in `vpc-0a1b2c3d4e5f60718`.
    pub(crate) fn hex(&self, prefix: &str, kind: Kind, n: usize) -> String {
        hex_id(prefix, self.raw(kind, n))
    }

    /// A 21-character unique id such as `AIDAJQABLZS4A3QDU576Q`.
    pub(crate) fn unique(&self, prefix: &str, kind: Kind, n: usize) -> String {
        unique_id(prefix, self.raw(kind, n))
    }
}

/// `prefix-0` followed by the 16 hex digits of `raw`: 17 hex digits in all.
pub(crate) fn hex_id(prefix: &str, raw: u64) -> String {
    format!("{prefix}-0{raw:016x}")
}

/// A derived value, unique for distinct `raw` under the same `tag`.
pub(crate) fn derive(raw: u64, tag: u64) -> u64 {
    mix(raw ^ mix(tag))
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `prefix` and 17 base32 characters: 13 that encode `raw` and 4 more derived from it.
pub(crate) fn unique_id(prefix: &str, raw: u64) -> String {
    let mut out = String::with_capacity(prefix.len() + 17);
    out.push_str(prefix);
    for i in (0..13).rev() {
        out.push(BASE32[((raw >> (i * 5)) & 31) as usize] as char);
    }
    let tail = mix(raw ^ 0x7a11);
    for i in 0..4 {
        out.push(BASE32[((tail >> (i * 5)) & 31) as usize] as char);
    }
    out
}

/// Lower-case hex digits of a derived value, for names that AWS suffixes with random hex.
pub(crate) fn hex_digits(raw: u64, digits: usize) -> String {
    let full = format!("{:016x}{:016x}", raw, mix(raw));
    full[..digits.min(32)].to_owned()
}

/// A version-4 style UUID derived from `raw`.
pub(crate) fn uuid(raw: u64) -> String {
    let a = mix(raw ^ 0x0a);
    let b = mix(raw ^ 0x0b);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// A dotted IPv4 address.
pub(crate) fn ipv4(ip: u32) -> String {
    let [a, b, c, d] = ip.to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
}

/// A CIDR block.
pub(crate) fn cidr(base: u32, len: u8) -> String {
    format!("{}/{len}", ipv4(base))
}

/// An IPv4 address with dashes, as in host names (`ip-10-0-1-17`).
pub(crate) fn dashed(ip: u32) -> String {
    let [a, b, c, d] = ip.to_be_bytes();
    format!("{a}-{b}-{c}-{d}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_aws_shapes() {
        let ids = IdSpace::new(7, 3);
        let vpc = ids.hex("vpc", Kind::Vpc, 0);
        assert_eq!(vpc.len(), "vpc-".len() + 17);
        assert!(
            vpc[4..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        let user = ids.unique("AIDA", Kind::User, 5);
        assert_eq!(user.len(), 21);
        assert!(
            user.chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
        );
        assert_eq!(uuid(1).len(), 36);
    }

    #[test]
    fn ids_do_not_collide_across_accounts_kinds_and_indices() {
        let mut seen = std::collections::BTreeSet::new();
        for account in 0..4 {
            let ids = IdSpace::new(42, account);
            for kind in [Kind::Vpc, Kind::Subnet, Kind::NetworkInterface] {
                for n in 0..500 {
                    assert!(seen.insert(ids.raw(kind, n)));
                }
            }
        }
    }

    #[test]
    fn addresses_format() {
        assert_eq!(ipv4(0x0a00_0111), "10.0.1.17");
        assert_eq!(cidr(0x0a01_0000, 16), "10.1.0.0/16");
        assert_eq!(dashed(0x0a00_0111), "10-0-1-17");
    }
}
