//! What a generation wrote.

use std::fmt;

/// Counts of the resources and files written, summed over all accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// Accounts.
    pub accounts: u64,
    /// (account, region) pairs with EC2 resources.
    pub regions: u64,
    /// VPCs, default VPCs included.
    pub vpcs: u64,
    /// Subnets.
    pub subnets: u64,
    /// Route tables.
    pub route_tables: u64,
    /// Internet gateways.
    pub internet_gateways: u64,
    /// NAT gateways.
    pub nat_gateways: u64,
    /// Network ACLs.
    pub network_acls: u64,
    /// Security groups, default groups included.
    pub security_groups: u64,
    /// Network interfaces.
    pub network_interfaces: u64,
    /// EC2 instances.
    pub instances: u64,
    /// EC2 reservations.
    pub reservations: u64,
    /// Elastic IP addresses.
    pub elastic_ips: u64,
    /// IAM users.
    pub users: u64,
    /// IAM groups.
    pub groups: u64,
    /// IAM roles.
    pub roles: u64,
    /// IAM instance profiles.
    pub instance_profiles: u64,
    /// Customer managed policies.
    pub customer_managed_policies: u64,
    /// AWS managed policies attached somewhere, listed in the authorization details.
    pub aws_managed_policies: u64,
    /// S3 buckets.
    pub buckets: u64,
    /// S3 buckets with a bucket policy.
    pub bucket_policies: u64,
    /// Files written.
    pub files: u64,
    /// Bytes written.
    pub bytes: u64,
}

impl Summary {
    /// The counts as (name, value) pairs, in a fixed order.
    pub fn counts(&self) -> [(&'static str, u64); 23] {
        [
            ("accounts", self.accounts),
            ("regions", self.regions),
            ("vpcs", self.vpcs),
            ("subnets", self.subnets),
            ("route_tables", self.route_tables),
            ("internet_gateways", self.internet_gateways),
            ("nat_gateways", self.nat_gateways),
            ("network_acls", self.network_acls),
            ("security_groups", self.security_groups),
            ("network_interfaces", self.network_interfaces),
            ("instances", self.instances),
            ("reservations", self.reservations),
            ("elastic_ips", self.elastic_ips),
            ("users", self.users),
            ("groups", self.groups),
            ("roles", self.roles),
            ("instance_profiles", self.instance_profiles),
            ("customer_managed_policies", self.customer_managed_policies),
            ("aws_managed_policies", self.aws_managed_policies),
            ("buckets", self.buckets),
            ("bucket_policies", self.bucket_policies),
            ("files", self.files),
            ("bytes", self.bytes),
        ]
    }

    pub(crate) fn add(&mut self, other: &Summary) {
        let Summary {
            accounts,
            regions,
            vpcs,
            subnets,
            route_tables,
            internet_gateways,
            nat_gateways,
            network_acls,
            security_groups,
            network_interfaces,
            instances,
            reservations,
            elastic_ips,
            users,
            groups,
            roles,
            instance_profiles,
            customer_managed_policies,
            aws_managed_policies,
            buckets,
            bucket_policies,
            files,
            bytes,
        } = other;
        self.accounts += accounts;
        self.regions += regions;
        self.vpcs += vpcs;
        self.subnets += subnets;
        self.route_tables += route_tables;
        self.internet_gateways += internet_gateways;
        self.nat_gateways += nat_gateways;
        self.network_acls += network_acls;
        self.security_groups += security_groups;
        self.network_interfaces += network_interfaces;
        self.instances += instances;
        self.reservations += reservations;
        self.elastic_ips += elastic_ips;
        self.users += users;
        self.groups += groups;
        self.roles += roles;
        self.instance_profiles += instance_profiles;
        self.customer_managed_policies += customer_managed_policies;
        self.aws_managed_policies += aws_managed_policies;
        self.buckets += buckets;
        self.bucket_policies += bucket_policies;
        self.files += files;
        self.bytes += bytes;
    }
}

/// One line with the main counts; `{:#}` prints every count, one per line.
///
/// ```
/// let summary = keyaki_synth::Summary::default();
/// assert_eq!(
///     summary.to_string(),
///     "0 accounts, 0 VPCs, 0 security groups, 0 network interfaces, 0 instances, \
///      0 IAM users and roles, 0 buckets; 0 files, 0 bytes"
/// );
/// assert!(format!("{summary:#}").starts_with("accounts "));
/// ```
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            for (name, value) in self.counts() {
                writeln!(f, "{name:<26} {value:>12}")?;
            }
            return Ok(());
        }
        write!(
            f,
            "{} accounts, {} VPCs, {} security groups, {} network interfaces, {} instances, \
             {} IAM users and roles, {} buckets; {} files, {} bytes",
            self.accounts,
            self.vpcs,
            self.security_groups,
            self.network_interfaces,
            self.instances,
            self.users + self.roles,
            self.buckets,
            self.files,
            self.bytes
        )
    }
}
