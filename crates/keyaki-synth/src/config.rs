//! What to generate.

use crate::Error;

/// The most accounts in one organisation.
pub(crate) const MAX_ACCOUNTS: usize = 10_000;
/// The most instances or network interfaces per account.
pub(crate) const MAX_ENIS: usize = 2_000_000;
/// The most IAM users and roles per account.
pub(crate) const MAX_PRINCIPALS: usize = 200_000;
/// The most customer managed policies, buckets or security groups per account.
pub(crate) const MAX_OTHER: usize = 100_000;
/// The most items in one file of a paginated output.
pub(crate) const MAX_PAGE: usize = 1000;
/// How many network interfaces one VPC is planned to hold at most (a VPC has room for more).
pub(crate) const ENIS_PER_VPC: usize = 40_000;
/// The most subnets per account when their number is set.
pub(crate) const MAX_SUBNETS: usize = 1_000_000;
/// The most subnets one VPC is cut into when their number is set: its /16 in blocks of /25
/// or larger.
pub(crate) const SUBNETS_PER_VPC: usize = 512;
/// How many network interfaces one VPC is planned to hold at most when the number of
/// subnets is set: a /16 cut into up to 512 equal blocks always has room for more.
pub(crate) const ENIS_PER_CUT_VPC: usize = 30_000;

/// The size and shape of a synthetic snapshot.
///
/// Every count except `accounts` is per account. Start from [`SynthConfig::default`] and set
/// what matters:
///
/// ```
/// let config = keyaki_synth::SynthConfig {
///     enis: 5_000,
///     instances: 3_000,
///     security_groups: 200,
///     seed: 7,
///     ..Default::default()
/// };
/// assert!(config.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthConfig {
    /// Accounts; more than one makes an organisation (`accounts/<id>/` trees). 1 to 10,000.
    pub accounts: usize,
    /// IAM users and roles per account (about a third are users).
    pub principals: usize,
    /// Customer managed policies per account.
    pub policies: usize,
    /// S3 buckets per account.
    pub buckets: usize,
    /// EC2 instances per account; each has one network interface.
    pub instances: usize,
    /// Network interfaces per account, at least `instances`. The others belong to NAT
    /// gateways, load balancers, Lambda functions, RDS databases and VPC endpoints.
    pub enis: usize,
    /// Security groups per account, including the default group of every VPC. At least 1,
    /// and at least one per 40,000 network interfaces.
    pub security_groups: usize,
    /// Subnets per account, when set: the non-default VPCs (and no default VPC) share exactly
    /// this many, each VPC's /16 cut into equal blocks (public, private and data subnets in
    /// turn, spread over its Availability Zones). More VPCs are planned when one VPC would
    /// need more than 512 subnets. `None` keeps the usual layout: one public, private and
    /// data subnet per Availability Zone, and sometimes a default VPC. 1 to 1,000,000.
    pub subnets: Option<usize>,
    /// The seed; the same configuration and seed give byte-identical files.
    pub seed: u64,
    /// The most items in one file: larger outputs are split into `name.1.json`, `name.2.json`,
    /// ... as paginated output would be. 1 to 1000.
    pub page_size: usize,
    /// Indent JSON as the AWS CLI does (4 spaces); `false` writes compact JSON.
    pub pretty: bool,
    /// Write into a non-empty directory, replacing `account.json`, `global/`, `accounts/` and
    /// the region folders that a snapshot has there. Other files are left alone.
    pub overwrite: bool,
}

impl Default for SynthConfig {
    fn default() -> Self {
        Self {
            accounts: 1,
            principals: 40,
            policies: 20,
            buckets: 12,
            instances: 60,
            enis: 100,
            security_groups: 30,
            subnets: None,
            seed: 0,
            page_size: MAX_PAGE,
            pretty: true,
            overwrite: false,
        }
    }
}

impl SynthConfig {
    /// Checks that the counts are in range and consistent with each other.
    pub fn validate(&self) -> Result<(), Error> {
        range("accounts", self.accounts, 1, MAX_ACCOUNTS)?;
        range("principals", self.principals, 0, MAX_PRINCIPALS)?;
        range("policies", self.policies, 0, MAX_OTHER)?;
        range("buckets", self.buckets, 0, MAX_OTHER)?;
        range("instances", self.instances, 0, MAX_ENIS)?;
        range("enis", self.enis, 0, MAX_ENIS)?;
        range("security_groups", self.security_groups, 1, MAX_OTHER)?;
        range("page_size", self.page_size, 1, MAX_PAGE)?;
        if let Some(subnets) = self.subnets {
            range("subnets", subnets, 1, MAX_SUBNETS)?;
        }
        if self.enis < self.instances {
            return Err(Error::EnisBelowInstances {
                enis: self.enis as u64,
                instances: self.instances as u64,
            });
        }
        let vpcs = self.vpcs_needed();
        if let Some(subnets) = self.subnets
            && subnets < vpcs
        {
            return Err(Error::TooFewSubnets {
                enis: self.enis as u64,
                vpcs: vpcs as u64,
                subnets: subnets as u64,
            });
        }
        if vpcs > self.security_groups {
            return Err(Error::TooFewSecurityGroups {
                enis: self.enis as u64,
                vpcs: vpcs as u64,
                security_groups: self.security_groups as u64,
            });
        }
        Ok(())
    }

    /// The fewest non-default VPCs that hold `enis` network interfaces with room to spare.
    pub(crate) fn vpcs_needed(&self) -> usize {
        match self.subnets {
            None => self.enis.div_ceil(ENIS_PER_VPC).max(1),
            Some(subnets) => self
                .enis
                .div_ceil(ENIS_PER_CUT_VPC)
                .max(subnets.div_ceil(SUBNETS_PER_VPC))
                .max(1),
        }
    }
}

fn range(field: &'static str, value: usize, min: usize, max: usize) -> Result<(), Error> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::OutOfRange {
            field,
            value: value as u64,
            min: min as u64,
            max: max as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid() {
        assert!(SynthConfig::default().validate().is_ok());
    }

    #[test]
    fn rejects_inconsistent_counts() {
        let config = SynthConfig {
            enis: 5,
            instances: 6,
            ..Default::default()
        };
        assert!(matches!(
            config.validate(),
            Err(Error::EnisBelowInstances { .. })
        ));
        let config = SynthConfig {
            enis: 100_000,
            instances: 10,
            security_groups: 2,
            ..Default::default()
        };
        let err = config.validate().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "invalid config: 100000 network interfaces need 3 VPCs, and every VPC has a \
                 default security group, so security_groups must be at least 3 (it is 2)"
            )
        );
        let config = SynthConfig {
            enis: 100_000,
            instances: 10,
            subnets: Some(2),
            security_groups: 10,
            ..Default::default()
        };
        assert_eq!(
            config.validate().err().map(|e| e.to_string()).as_deref(),
            Some(
                "invalid config: 100000 network interfaces need 4 VPCs when the number of \
                 subnets is set, and every VPC has at least one subnet, so subnets must be at \
                 least 4 (it is 2)"
            )
        );
        let config = SynthConfig {
            subnets: Some(5_000),
            security_groups: 9,
            ..Default::default()
        };
        assert!(matches!(
            config.validate(),
            Err(Error::TooFewSecurityGroups { vpcs: 10, .. })
        ));
        let config = SynthConfig {
            page_size: 0,
            ..Default::default()
        };
        assert_eq!(
            config.validate().err().map(|e| e.to_string()).as_deref(),
            Some("invalid config: page_size is 0, expected 1 to 1000")
        );
    }
}
