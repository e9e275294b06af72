//! Amazon Resource Names.
//!
//! Format, from <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html>:
//! `arn:partition:service:region:account-id:resource`, where the resource is
//! `resource-id`, `resource-type/resource-id` or `resource-type:resource-id`. Some ARNs omit the
//! region (IAM, S3), the account (S3), or both; AWS-owned resources such as managed policies
//! carry `aws` in place of an account id.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{AccountId, Error, Region};

/// A group of AWS Regions; every account lives in exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Partition {
    /// `aws`: the commercial Regions.
    Aws,
    /// `aws-cn`: the China Regions.
    AwsCn,
    /// `aws-us-gov`: the AWS GovCloud (US) Regions.
    AwsUsGov,
    /// `aws-iso`: the US ISO East and West Regions.
    AwsIso,
    /// `aws-iso-b`: the US ISOB East Region.
    AwsIsoB,
    /// `aws-iso-e`: the EU ISOE West Region.
    AwsIsoE,
    /// `aws-iso-f`: the US ISOF Regions.
    AwsIsoF,
    /// `aws-eusc`: the AWS European Sovereign Cloud.
    AwsEusc,
}

impl Partition {
    const ALL: [(Partition, &'static str); 8] = [
        (Partition::Aws, "aws"),
        (Partition::AwsCn, "aws-cn"),
        (Partition::AwsUsGov, "aws-us-gov"),
        (Partition::AwsIso, "aws-iso"),
        (Partition::AwsIsoB, "aws-iso-b"),
        (Partition::AwsIsoE, "aws-iso-e"),
        (Partition::AwsIsoF, "aws-iso-f"),
        (Partition::AwsEusc, "aws-eusc"),
    ];

    /// The partition's name as it appears in an ARN.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(p, _)| *p == self)
            .map(|(_, name)| *name)
            .expect("every partition is listed in Partition::ALL")
    }

    /// Looks a partition up by its ARN name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(p, _)| *p)
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed Amazon Resource Name.
///
/// The ARN keeps its original text, so it displays exactly as it was written, and compares
/// and hashes by that text (ARNs are case-sensitive).
#[derive(Clone)]
pub struct Arn {
    text: Box<str>,
    /// Byte offsets of the five colons that separate the six fields.
    colons: [u32; 5],
    partition: Partition,
    region: Option<Region>,
    account: Option<AccountId>,
}

impl Arn {
    /// Parses an ARN.
    pub fn new(text: &str) -> Result<Self, Error> {
        let invalid = |reason| Error::InvalidArn {
            input: text.to_owned(),
            reason,
        };
        if u32::try_from(text.len()).is_err() {
            return Err(invalid("too long"));
        }
        let mut colons = [0u32; 5];
        let mut found = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b':' {
                colons[found] = i as u32;
                found += 1;
                if found == 5 {
                    break;
                }
            }
        }
        if found < 5 {
            return Err(invalid("expected six fields separated by ':'"));
        }
        let field = |n: usize| -> &str {
            let start = if n == 0 {
                0
            } else {
                colons[n - 1] as usize + 1
            };
            let end = if n == 5 {
                text.len()
            } else {
                colons[n] as usize
            };
            &text[start..end]
        };
        if field(0) != "arn" {
            return Err(invalid("an ARN starts with \"arn:\""));
        }
        let partition = Partition::from_name(field(1)).ok_or_else(|| {
            invalid("unknown partition (expected aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f or aws-eusc)")
        })?;
        let service = field(2);
        if service.is_empty()
            || !service
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        {
            return Err(invalid("the service is empty or not a service namespace"));
        }
        let region = match field(3) {
            "" => None,
            r => Some(Region::new(r).map_err(|_| invalid("the region is not a region code"))?),
        };
        let account = match field(4) {
            "" | "aws" => None,
            a => Some(
                AccountId::new(a)
                    .map_err(|_| invalid("the account is not a 12-digit account id or \"aws\""))?,
            ),
        };
        if field(5).is_empty() {
            return Err(invalid("the resource is empty"));
        }
        Ok(Self {
            text: text.into(),
            colons,
            partition,
            region,
            account,
        })
    }

    fn field(&self, n: usize) -> &str {
        let start = if n == 0 {
            0
        } else {
            self.colons[n - 1] as usize + 1
        };
        let end = if n == 5 {
            self.text.len()
        } else {
            self.colons[n] as usize
        };
        &self.text[start..end]
    }

    /// The whole ARN as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The partition, such as `aws`.
    pub fn partition(&self) -> Partition {
        self.partition
    }

    /// The service namespace, such as `iam` or `s3`.
    pub fn service(&self) -> &str {
        self.field(2)
    }

    /// The region, when the ARN has one.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The account field exactly as written: an account id, `aws`, or empty.
    pub fn account(&self) -> &str {
        self.field(4)
    }

    /// The owning account, when the account field is an account id.
    pub fn account_id(&self) -> Option<&AccountId> {
        self.account.as_ref()
    }

    /// The resource part: everything after the fifth colon.
    pub fn resource(&self) -> &str {
        self.field(5)
    }

    /// The resource type, when the resource reads `type/id` or `type:id`.
    ///
    /// The type is the text before the first `/` or `:`, whichever comes first. S3 object
    /// ARNs (`bucket/key`) have no type; for them this returns the bucket name, so callers
    /// that care about S3 use [`Arn::resource`].
    pub fn resource_type(&self) -> Option<&str> {
        let resource = self.resource();
        resource.find(['/', ':']).map(|i| &resource[..i])
    }

    /// The resource id: the resource part after its type, or the whole resource part.
    pub fn resource_id(&self) -> &str {
        let resource = self.resource();
        match resource.find(['/', ':']) {
            Some(i) => &resource[i + 1..],
            None => resource,
        }
    }

    /// The last `/`-separated segment of the resource: the friendly name of an IAM user,
    /// role or policy behind its path (`user/division/alice` -> `alice`).
    pub fn resource_name(&self) -> &str {
        let id = self.resource_id();
        id.rsplit('/').next().unwrap_or(id)
    }

    /// The IAM path of an IAM entity's ARN: `user/division/alice` -> `/division/`,
    /// `role/admin` -> `/`. `None` for other services.
    ///
    /// See <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns>.
    pub fn iam_path(&self) -> Option<&str> {
        if self.service() != "iam" {
            return None;
        }
        let resource = self.resource();
        let first = resource.find('/')?;
        let last = resource.rfind('/')?;
        Some(&resource[first..=last])
    }
}

impl FromStr for Arn {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl PartialEq for Arn {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}
impl Eq for Arn {}
impl PartialOrd for Arn {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Arn {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}
impl std::hash::Hash for Arn {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Arn({})", &self.text)
    }
}

impl Serialize for Arn {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Arn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arn(s: &str) -> Arn {
        Arn::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    // Shapes from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html and
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
    #[test]
    fn parses_the_documented_shapes() {
        let user = arn("arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/JaneDoe");
        assert_eq!(user.partition(), Partition::Aws);
        assert_eq!(user.service(), "iam");
        assert_eq!(user.region(), None);
        assert_eq!(user.account_id().unwrap().as_str(), "123456789012");
        assert_eq!(user.resource_type(), Some("user"));
        assert_eq!(user.resource_id(), "division_abc/subdivision_xyz/JaneDoe");
        assert_eq!(user.resource_name(), "JaneDoe");
        assert_eq!(user.iam_path(), Some("/division_abc/subdivision_xyz/"));

        let role = arn("arn:aws:iam::123456789012:role/admin");
        assert_eq!(role.iam_path(), Some("/"));
        assert_eq!(role.resource_name(), "admin");

        let session = arn("arn:aws:sts::123456789012:assumed-role/web-server-role/i-0abc");
        assert_eq!(session.resource_type(), Some("assumed-role"));
        assert_eq!(session.resource_id(), "web-server-role/i-0abc");

        let bucket = arn("arn:aws:s3:::my-bucket/photos/2024/cat.jpg");
        assert_eq!(bucket.region(), None);
        assert_eq!(bucket.account(), "");
        assert_eq!(bucket.account_id(), None);
        assert_eq!(bucket.resource(), "my-bucket/photos/2024/cat.jpg");

        let managed = arn("arn:aws:iam::aws:policy/AdministratorAccess");
        assert_eq!(managed.account(), "aws");
        assert_eq!(managed.account_id(), None);

        let instance = arn("arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-1234567890abcdef0");
        assert_eq!(instance.partition(), Partition::AwsCn);
        assert_eq!(instance.region().unwrap().as_str(), "cn-north-1");
        assert_eq!(instance.resource_id(), "i-1234567890abcdef0");

        let function = arn("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-fn:PROD");
        assert_eq!(function.resource_type(), Some("function"));
        assert_eq!(function.resource_id(), "my-fn:PROD");

        let sns = arn("arn:aws:sns:us-east-1:123456789012:security-alerts");
        assert_eq!(sns.resource_type(), None);
        assert_eq!(sns.resource_id(), "security-alerts");
        assert_eq!(sns.iam_path(), None);

        let tg = arn(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067",
        );
        assert_eq!(tg.resource_type(), Some("targetgroup"));
    }

    #[test]
    fn rejects_what_is_not_an_arn_with_a_reason() {
        for (bad, reason) in [
            ("", "six fields"),
            ("arn:aws:iam::123456789012", "six fields"),
            ("urn:aws:iam::123456789012:user/x", "starts with"),
            ("arn:amazon:iam::123456789012:user/x", "partition"),
            ("arn:aws::::x", "service"),
            ("arn:aws:ec2:moon-base:123456789012:instance/i-1", "region"),
            ("arn:aws:iam::12345:user/x", "account"),
            ("arn:aws:iam::123456789012:", "resource is empty"),
        ] {
            match Arn::new(bad) {
                Err(Error::InvalidArn { reason: r, .. }) => {
                    assert!(r.contains(reason), "{bad}: {r}")
                }
                other => panic!("{bad}: expected an error, got {other:?}"),
            }
        }
    }

    #[test]
    fn serde_round_trip() {
        let a = arn("arn:aws:iam::123456789012:role/x");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, "\"arn:aws:iam::123456789012:role/x\"");
        assert_eq!(serde_json::from_str::<Arn>(&json).unwrap(), a);
        assert!(serde_json::from_str::<Arn>("\"nope\"").is_err());
    }

    proptest! {
        // Whatever the input, parsing never panics, and what parses displays as it was written.
        #[test]
        fn parse_never_panics_and_round_trips(s in "\\PC{0,80}") {
            if let Ok(a) = Arn::new(&s) {
                prop_assert_eq!(a.to_string(), s);
            }
        }

        #[test]
        fn well_formed_arns_round_trip(
            service in "[a-z][a-z0-9-]{0,15}",
            region in prop_oneof![Just(String::new()), Just("us-east-1".to_owned()), Just("eu-west-3".to_owned())],
            account in prop_oneof![Just(String::new()), Just("aws".to_owned()), "[0-9]{12}"],
            resource in "[a-zA-Z0-9/:_.*+=,@-]{1,40}",
        ) {
            let text = format!("arn:aws:{service}:{region}:{account}:{resource}");
            let a = Arn::new(&text).unwrap();
            prop_assert_eq!(a.service(), service.as_str());
            prop_assert_eq!(a.account(), account.as_str());
            prop_assert_eq!(a.resource(), resource.as_str());
            prop_assert_eq!(a.as_str(), text.as_str());
        }
    }
}
