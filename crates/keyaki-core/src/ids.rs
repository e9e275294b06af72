use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// A 12-digit AWS account id, such as `123456789012`.
///
/// Leading zeros are significant: `012345678901` is a different account from `12345678901`,
/// so the id is kept as text and never as a number.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId([u8; 12]);

impl AccountId {
    /// Parses a 12-digit account id.
    pub fn new(text: &str) -> Result<Self, Error> {
        let bytes = text.as_bytes();
        if bytes.len() != 12 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(Error::InvalidAccountId {
                input: text.to_owned(),
            });
        }
        let mut id = [0u8; 12];
        id.copy_from_slice(bytes);
        Ok(Self(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        // The bytes were checked to be ASCII digits in `new`.
        std::str::from_utf8(&self.0).expect("account ids hold ASCII digits only")
    }
}

impl FromStr for AccountId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountId({})", self.as_str())
    }
}

impl Serialize for AccountId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AccountId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

/// An AWS region code, such as `us-east-1`, `eu-central-2`, `cn-north-1` or `us-gov-west-1`.
///
/// A region code is lowercase letters, digits and hyphens, starts with a letter and ends with
/// a digit. The check is on the shape, not on a fixed list, so regions that AWS opens after
/// this release are accepted.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region(Box<str>);

impl Region {
    /// Parses a region code.
    pub fn new(text: &str) -> Result<Self, Error> {
        if Self::is_region_code(text) {
            Ok(Self(text.into()))
        } else {
            Err(Error::InvalidRegion {
                input: text.to_owned(),
            })
        }
    }

    /// Whether `text` has the shape of a region code (`xx-name-N`).
    pub fn is_region_code(text: &str) -> bool {
        let parts: Vec<&str> = text.split('-').collect();
        parts.len() >= 3
            && parts.iter().all(|p| !p.is_empty())
            && parts[0].bytes().all(|b| b.is_ascii_lowercase())
            && parts[1..parts.len() - 1]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_lowercase()))
            && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
    }

    /// The region code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The region an availability zone name belongs to: `us-east-1a` -> `us-east-1`,
    /// and for Local Zones `us-west-2-lax-1a` -> `us-west-2`.
    pub fn from_availability_zone(zone: &str) -> Option<Self> {
        // Walk prefixes that end in a digit, longest first, and take the first that is a
        // region code whose remainder is a zone suffix.
        let bytes = zone.as_bytes();
        (1..bytes.len())
            .rev()
            .filter(|&end| bytes[end - 1].is_ascii_digit())
            .map(|end| &zone[..end])
            .filter(|prefix| Self::is_region_code(prefix))
            .min_by_key(|prefix| prefix.len())
            .map(|prefix| Self(prefix.into()))
    }
}

impl FromStr for Region {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({})", &self.0)
    }
}

impl Serialize for Region {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits_and_keep_leading_zeros() {
        assert_eq!(
            AccountId::new("012345678901").unwrap().as_str(),
            "012345678901"
        );
        for bad in [
            "",
            "12345678901",
            "1234567890123",
            "12345678901a",
            "aws",
            "123456789012 ",
        ] {
            assert!(AccountId::new(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn region_codes_of_every_partition() {
        for good in [
            "us-east-1",
            "eu-central-2",
            "cn-north-1",
            "us-gov-west-1",
            "us-isob-east-1",
            "ap-southeast-5",
            "eusc-de-east-1",
        ] {
            assert!(Region::new(good).is_ok(), "{good}");
        }
        for bad in ["", "us-east", "US-EAST-1", "us-east-1a", "global", "us--1"] {
            assert!(Region::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn region_of_an_availability_zone() {
        let region = |z| Region::from_availability_zone(z).map(|r| r.to_string());
        assert_eq!(region("us-east-1a").as_deref(), Some("us-east-1"));
        assert_eq!(region("us-gov-west-1b").as_deref(), Some("us-gov-west-1"));
        assert_eq!(region("us-west-2-lax-1a").as_deref(), Some("us-west-2"));
        assert_eq!(region("nonsense"), None);
    }
}
