//! The regions a synthetic account uses, with what differs between them.

/// A region and its naming conventions.
#[derive(Debug)]
pub(crate) struct Region {
    pub(crate) name: &'static str,
    pub(crate) azs: [&'static str; 3],
    pub(crate) az_ids: [&'static str; 3],
    /// The first 32 bits of the region's Amazon IPv6 pool, as text.
    pub(crate) ipv6_pool: &'static str,
    /// /13 blocks of Amazon public IPv4 space in the region.
    pub(crate) public_blocks: [u32; 8],
    /// The AWS-managed prefix lists of S3 and DynamoDB in the region.
    pub(crate) s3_prefix_list: &'static str,
    pub(crate) dynamodb_prefix_list: &'static str,
    /// Suffix of private DNS names (`ip-10-0-1-17.<suffix>`).
    pub(crate) private_dns: &'static str,
    /// Suffix of public DNS names (`ec2-3-80-1-2.<suffix>`).
    pub(crate) public_dns: &'static str,
}

const fn ip(a: u8, b: u8) -> u32 {
    ((a as u32) << 24) | ((b as u32) << 16)
}

pub(crate) const US_EAST_1: Region = Region {
    name: "us-east-1",
    azs: ["us-east-1a", "us-east-1b", "us-east-1c"],
    az_ids: ["use1-az1", "use1-az2", "use1-az4"],
    ipv6_pool: "2600:1f18",
    public_blocks: [
        ip(3, 208),
        ip(3, 216),
        ip(34, 192),
        ip(34, 200),
        ip(54, 144),
        ip(54, 152),
        ip(18, 208),
        ip(44, 192),
    ],
    s3_prefix_list: "pl-63a5400a",
    dynamodb_prefix_list: "pl-02cd2c6b",
    private_dns: "ec2.internal",
    public_dns: "compute-1.amazonaws.com",
};

pub(crate) const EU_WEST_1: Region = Region {
    name: "eu-west-1",
    azs: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    az_ids: ["euw1-az1", "euw1-az2", "euw1-az3"],
    ipv6_pool: "2a05:d018",
    public_blocks: [
        ip(3, 248),
        ip(34, 240),
        ip(52, 16),
        ip(54, 72),
        ip(63, 32),
        ip(18, 200),
        ip(34, 248),
        ip(52, 208),
    ],
    s3_prefix_list: "pl-6da54004",
    dynamodb_prefix_list: "pl-6fa54006",
    private_dns: "eu-west-1.compute.internal",
    public_dns: "eu-west-1.compute.amazonaws.com",
};

/// Every region the generator uses, in the order accounts take them.
pub(crate) const ALL: [&Region; 2] = [&US_EAST_1, &EU_WEST_1];

impl Region {
    /// The `n`th public address of this region's pool: distinct for distinct `n < 2^22`.
    pub(crate) fn public_ip(&self, n: u64) -> u32 {
        let block = self.public_blocks[((n >> 19) % 8) as usize];
        let offset = ((n & 0x7_ffff)
            .wrapping_mul(0x9e37_79b1)
            .wrapping_add(0x3_1337))
            & 0x7_ffff;
        block | offset as u32
    }
}
