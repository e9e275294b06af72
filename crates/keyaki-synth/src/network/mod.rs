//! EC2 networking: VPCs, subnets, gateways, route tables, network ACLs, security groups,
//! network interfaces, instances and Elastic IPs of one account.
//!
//! The model is compact (indices and numbers, not JSON) so that hundreds of thousands of
//! interfaces fit in little memory; `render` turns it into the CLI's shapes while writing.
//! Interfaces of instances are stored once and rendered both inside `describe-instances` and
//! in `describe-network-interfaces`, so the two always agree.

mod render;
mod security;

use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

pub(crate) use render::write_jobs;
use security::{IpPermission, NaclEntry, ROLE_COUNT, SgRole};

use crate::Error;
use crate::account::{AccountCtx, Stream};
use crate::ids::{Kind, cidr, mix};
use crate::names::{self, APPS};
use crate::region::Region;
use crate::time::{DAY, HISTORY};

/// Where a subnet sits: public subnets route to an internet gateway, private ones to NAT,
/// data subnets nowhere outside the VPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tier {
    Public,
    Private,
    Data,
}

impl Tier {
    fn label(self) -> &'static str {
        match self {
            Tier::Public => "public",
            Tier::Private => "private",
            Tier::Data => "data",
        }
    }
}

#[derive(Debug)]
pub(crate) struct Vpc {
    raw: u64,
    region: u8,
    base: u32,
    is_default: bool,
    internet: bool,
    azs: u8,
    /// The VPC's /56 as the 24 bits after the region's /32 pool.
    ipv6: Option<u32>,
    name: String,
    env: &'static str,
    weight: u32,
    free: u32,
    subnets: Vec<u32>,
    default_sg: u32,
    by_role: [Vec<u32>; ROLE_COUNT],
    nats: Vec<u32>,
    igw: Option<u32>,
    s3_endpoint: u64,
    created: i64,
}

#[derive(Debug)]
pub(crate) struct Subnet {
    raw: u64,
    vpc: u32,
    az: u8,
    tier: Tier,
    base: u32,
    len: u8,
    used: u32,
    /// Index of the subnet's /64 in the VPC's /56.
    ipv6: Option<u8>,
    default_for_az: bool,
    map_public: bool,
}

impl Subnet {
    fn capacity(&self) -> u32 {
        // AWS reserves the first four addresses and the last one of every subnet.
        (1u32 << (32 - self.len)) - 5
    }

    fn free(&self) -> u32 {
        self.capacity() - self.used
    }
}

#[derive(Debug)]
pub(crate) struct SecurityGroup {
    raw: u64,
    vpc: u32,
    name: String,
    description: &'static str,
    role: Option<SgRole>,
    ingress: Vec<IpPermission>,
    egress: Vec<IpPermission>,
}

#[derive(Debug)]
pub(crate) struct NatGateway {
    raw: u64,
    vpc: u32,
    subnet: u32,
    eni: u32,
    address: u32,
    created: i64,
}

#[derive(Debug)]
pub(crate) struct RouteTable {
    raw: u64,
    vpc: u32,
    main: bool,
    name: String,
    subnets: Vec<u32>,
    routes: Vec<render::Route>,
}

#[derive(Debug)]
pub(crate) struct NetworkAcl {
    raw: u64,
    vpc: u32,
    is_default: bool,
    subnets: Vec<u32>,
    entries: Vec<NaclEntry>,
}

/// Who owns the public address of an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IpOwner {
    /// Auto-assigned from Amazon's pool.
    Amazon,
    /// An Elastic IP of the account.
    Account,
    /// A load balancer's address.
    Elb,
}

#[derive(Debug, Clone, Copy)]
struct Public {
    ip: u32,
    owner: IpOwner,
    /// The Elastic IP (index into addresses) when `owner` is `Account`.
    address: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EniKind {
    Instance(u32),
    Nat(u32),
    LoadBalancer { lb: u32, network: bool },
    Lambda(u32),
    Rds(u32),
    Endpoint(u32),
}

#[derive(Debug)]
pub(crate) struct Eni {
    raw: u64,
    subnet: u32,
    ip: u32,
    kind: EniKind,
    groups: Box<[u32]>,
    public: Option<Public>,
    ipv6: bool,
    created: i64,
}

#[derive(Debug)]
pub(crate) struct Instance {
    raw: u64,
    eni: u32,
    itype: u8,
    image: u8,
    running: bool,
    stopped_at: i64,
    launch: i64,
    profile: Option<u32>,
    key: Option<u8>,
    app: &'static str,
    env: &'static str,
    number: u32,
    imds_v2: bool,
    asg: bool,
}

#[derive(Debug)]
pub(crate) struct Reservation {
    raw: u64,
    region: u8,
    first: u32,
    count: u32,
}

#[derive(Debug)]
pub(crate) struct Address {
    alloc: u64,
    region: u8,
    ip: u32,
    eni: Option<u32>,
    instance: Option<u32>,
}

/// The EC2 networking of one account.
#[derive(Debug)]
pub(crate) struct Network {
    pub(crate) regions: Vec<&'static Region>,
    vpcs: Vec<Vpc>,
    subnets: Vec<Subnet>,
    sgs: Vec<SecurityGroup>,
    nats: Vec<NatGateway>,
    route_tables: Vec<RouteTable>,
    nacls: Vec<NetworkAcl>,
    enis: Vec<Eni>,
    instances: Vec<Instance>,
    reservations: Vec<Reservation>,
    addresses: Vec<Address>,
}

/// Counts for the summary.
#[derive(Debug, Default)]
pub(crate) struct NetworkCounts {
    pub(crate) vpcs: u64,
    pub(crate) subnets: u64,
    pub(crate) route_tables: u64,
    pub(crate) internet_gateways: u64,
    pub(crate) nat_gateways: u64,
    pub(crate) network_acls: u64,
    pub(crate) security_groups: u64,
    pub(crate) network_interfaces: u64,
    pub(crate) instances: u64,
    pub(crate) reservations: u64,
    pub(crate) elastic_ips: u64,
}

impl Network {
    pub(crate) fn counts(&self) -> NetworkCounts {
        NetworkCounts {
            vpcs: self.vpcs.len() as u64,
            subnets: self.subnets.len() as u64,
            route_tables: self.route_tables.len() as u64,
            internet_gateways: self.vpcs.iter().filter(|v| v.igw.is_some()).count() as u64,
            nat_gateways: self.nats.len() as u64,
            network_acls: self.nacls.len() as u64,
            security_groups: self.sgs.len() as u64,
            network_interfaces: self.enis.len() as u64,
            instances: self.instances.len() as u64,
            reservations: self.reservations.len() as u64,
            elastic_ips: self.addresses.len() as u64,
        }
    }
}

/// One planned VPC: its region, and whether it is the region's default VPC.
#[derive(Debug, Clone, Copy)]
pub(crate) struct VpcPlan {
    pub(crate) region: u8,
    pub(crate) is_default: bool,
}

/// Instance types with their architecture, cores and threads per core.
pub(crate) const INSTANCE_TYPES: [(&str, &str, u8, u8); 12] = [
    ("t3.micro", "x86_64", 1, 2),
    ("t3.small", "x86_64", 1, 2),
    ("t3.medium", "x86_64", 1, 2),
    ("t3.large", "x86_64", 1, 2),
    ("m5.large", "x86_64", 1, 2),
    ("m5.xlarge", "x86_64", 2, 2),
    ("c5.xlarge", "x86_64", 2, 2),
    ("r5.large", "x86_64", 1, 2),
    ("m6i.2xlarge", "x86_64", 4, 2),
    ("t4g.small", "arm64", 2, 1),
    ("m6g.large", "arm64", 2, 1),
    ("c7g.xlarge", "arm64", 4, 1),
];

/// Machine images: (operating system, windows, arm64, root device).
pub(crate) const IMAGES: [(&str, bool, bool, &str); 5] = [
    ("amzn2-x86_64", false, false, "/dev/xvda"),
    ("al2023-x86_64", false, false, "/dev/xvda"),
    ("al2023-arm64", false, true, "/dev/xvda"),
    ("ubuntu-22.04-amd64", false, false, "/dev/sda1"),
    ("windows-2022", true, false, "/dev/sda1"),
];

pub(crate) const KEY_NAMES: [&str; 5] = ["ops-2021", "deploy", "bastion", "legacy-admin", "eu-ops"];

struct Build<'a> {
    ctx: &'a AccountCtx<'a>,
    rng: ChaCha8Rng,
    net: Network,
    public_counter: [u64; 2],
}

/// Builds the network of an account; `profiles` is how many instance profiles IAM made.
pub(crate) fn build(ctx: &AccountCtx<'_>, profiles: usize) -> Result<Network, Error> {
    let mut b = Build {
        ctx,
        rng: ctx.rng(Stream::Network),
        net: Network {
            regions: ctx.regions.clone(),
            vpcs: Vec::new(),
            subnets: Vec::new(),
            sgs: Vec::new(),
            nats: Vec::new(),
            route_tables: Vec::new(),
            nacls: Vec::new(),
            enis: Vec::new(),
            instances: Vec::new(),
            reservations: Vec::new(),
            addresses: Vec::new(),
        },
        public_counter: [0; 2],
    };
    b.vpcs();
    b.security_groups();
    let mut extras = ctx.config.enis - ctx.config.instances;
    b.nat_gateways(&mut extras)?;
    b.instances(profiles)?;
    b.other_interfaces(extras)?;
    b.spare_addresses();
    b.route_tables();
    b.network_acls();
    b.security_group_rules();
    Ok(b.net)
}

impl Build<'_> {
    fn vpcs(&mut self) {
        let plans = self.ctx.layout.clone();
        let mut octets: Vec<u8> = (0..=255).collect();
        octets.shuffle(&mut self.rng);
        let mut next_octet = 0;
        for (index, plan) in plans.iter().enumerate() {
            let raw = self.ctx.ids.raw(Kind::Vpc, index);
            let vpc = index as u32;
            let created = self.ctx.epoch + self.rng.random_range(0..HISTORY / 4);
            let (base, internet, azs, ipv6, env) = if plan.is_default {
                (
                    0xac1f_0000,
                    true,
                    3u8,
                    None,
                    names::pick(&mut self.rng, names::ENVS),
                )
            } else {
                let octet = octets[next_octet % octets.len()];
                next_octet += 1;
                let internet = self.rng.random_bool(0.85);
                let azs = if internet {
                    self.rng.random_range(2..=3)
                } else {
                    3
                };
                let ipv6 = self.rng.random_bool(0.4).then(|| {
                    // A bijection on 24 bits of (account, vpc) keeps /56s distinct in the organisation.
                    let key = ((self.ctx.index as u32) << 8 | index as u32) & 0xff_ffff;
                    (key.wrapping_mul(0x9e_3779) ^ 0x5a_5a5a) & 0xff_ffff
                });
                (
                    0x0a00_0000 | u32::from(octet) << 16,
                    internet,
                    azs,
                    ipv6,
                    names::pick(&mut self.rng, names::ENVS),
                )
            };
            let name = if plan.is_default {
                "default".to_owned()
            } else {
                format!("{env}-{}-vpc", names::pick(&mut self.rng, APPS))
            };
            let mut subnets = Vec::new();
            let mut add = |b: &mut Self, az: u8, tier: Tier, sbase: u32, len: u8| {
                let n = b.net.subnets.len();
                // A /56 holds 256 /64s: later subnets have no IPv6 block.
                let position = u8::try_from(subnets.len()).ok();
                b.net.subnets.push(Subnet {
                    raw: b.ctx.ids.raw(Kind::Subnet, n),
                    vpc,
                    az,
                    tier,
                    base: sbase,
                    len,
                    used: 0,
                    ipv6: ipv6.and(position),
                    default_for_az: plan.is_default,
                    map_public: plan.is_default || (tier == Tier::Public && b.rng.random_bool(0.3)),
                });
                subnets.push(n as u32);
            };
            if plan.is_default {
                for az in 0..3u8 {
                    add(self, az, Tier::Public, base | u32::from(az) << 12, 20);
                }
            } else if let Some(total) = self.ctx.config.subnets {
                // The subnets asked for, shared evenly by the non-default VPCs (the plan has
                // no default VPC then), each VPC's /16 cut into equal blocks.
                let vpcs = plans.iter().filter(|p| !p.is_default).count().max(1);
                let count = total / vpcs + usize::from(index < total % vpcs);
                let bits = count.next_power_of_two().trailing_zeros() as u8;
                let len = 16 + bits;
                let tiers: &[Tier] = if internet {
                    &[Tier::Public, Tier::Private, Tier::Data]
                } else {
                    &[Tier::Private, Tier::Data]
                };
                for j in 0..count {
                    let tier = tiers[j % tiers.len()];
                    let az = ((j / tiers.len()) % usize::from(azs)) as u8;
                    add(
                        self,
                        az,
                        tier,
                        base | ((j as u32) << (32 - u32::from(len))),
                        len,
                    );
                }
            } else {
                if internet {
                    for az in 0..azs {
                        add(self, az, Tier::Public, base | (16 * u32::from(az)) << 8, 20);
                    }
                }
                for az in 0..azs {
                    add(
                        self,
                        az,
                        Tier::Private,
                        base | (64 * (u32::from(az) + 1)) << 8,
                        18,
                    );
                }
                for az in 0..azs {
                    add(
                        self,
                        az,
                        Tier::Data,
                        base | (48 + 4 * u32::from(az)) << 8,
                        22,
                    );
                }
            }
            let free = subnets
                .iter()
                .map(|&s| self.net.subnets[s as usize].free())
                .sum();
            self.net.vpcs.push(Vpc {
                raw,
                region: plan.region,
                base,
                is_default: plan.is_default,
                internet,
                azs,
                ipv6,
                name,
                env,
                weight: if plan.is_default {
                    1
                } else {
                    self.rng.random_range(2..=10)
                },
                free,
                subnets,
                default_sg: 0,
                by_role: Default::default(),
                nats: Vec::new(),
                igw: internet.then_some(0),
                s3_endpoint: self.ctx.ids.raw(Kind::VpcEndpoint, index),
                created,
            });
        }
        // Internet gateways are numbered in VPC order.
        let mut igw = 0;
        for vpc in &mut self.net.vpcs {
            if vpc.igw.is_some() {
                vpc.igw = Some(igw);
                igw += 1;
            }
        }
    }

    fn security_groups(&mut self) {
        for v in 0..self.net.vpcs.len() {
            let index = self.net.sgs.len();
            self.net.sgs.push(SecurityGroup {
                raw: self.ctx.ids.raw(Kind::SecurityGroup, index),
                vpc: v as u32,
                name: "default".to_owned(),
                description: "default VPC security group",
                role: None,
                ingress: Vec::new(),
                egress: Vec::new(),
            });
            self.net.vpcs[v].default_sg = index as u32;
        }
        let others = self
            .ctx
            .config
            .security_groups
            .saturating_sub(self.net.vpcs.len());
        let total_weight: u32 = self.net.vpcs.iter().map(|v| v.weight).sum();
        for _ in 0..others {
            let mut x = self.rng.random_range(0..total_weight);
            let mut v = 0;
            while x >= self.net.vpcs[v].weight {
                x -= self.net.vpcs[v].weight;
                v += 1;
            }
            let role = SgRole::pick(&mut self.rng);
            let index = self.net.sgs.len();
            let vpc = &mut self.net.vpcs[v];
            let name = if role == SgRole::Legacy {
                format!("launch-wizard-{index}")
            } else {
                format!("{}-{}-{index}", vpc.env, role.label())
            };
            vpc.by_role[role.index()].push(index as u32);
            self.net.sgs.push(SecurityGroup {
                raw: self.ctx.ids.raw(Kind::SecurityGroup, index),
                vpc: v as u32,
                name,
                description: role.description(),
                role: Some(role),
                ingress: Vec::new(),
                egress: Vec::new(),
            });
        }
    }

    /// A weighted random VPC with at least `need` free addresses that satisfies `want`,
    /// falling back to any VPC with room.
    fn pick_vpc(&mut self, need: u32, want: impl Fn(&Vpc) -> bool) -> Option<u32> {
        for strict in [true, false] {
            let ok = |v: &Vpc| v.free >= need && (!strict || want(v));
            let total: u32 = self
                .net
                .vpcs
                .iter()
                .filter(|v| ok(v))
                .map(|v| v.weight)
                .sum();
            if total == 0 {
                continue;
            }
            let mut x = self.rng.random_range(0..total);
            for (i, v) in self.net.vpcs.iter().enumerate() {
                if !ok(v) {
                    continue;
                }
                if x < v.weight {
                    return Some(i as u32);
                }
                x -= v.weight;
            }
        }
        None
    }

    /// An address in the VPC: in the subnet of `tier` and `az` if it has room, else in
    /// another subnet of the tier, else anywhere in the VPC.
    fn allocate(&mut self, vpc: u32, tier: Tier, az: u8) -> Result<(u32, u32), Error> {
        let v = &self.net.vpcs[vpc as usize];
        let subnets = &self.net.subnets;
        let fits = |pass: u8, s: &Subnet| {
            s.free() > 0
                && match pass {
                    0 => s.tier == tier && s.az == az,
                    1 => s.tier == tier,
                    _ => true,
                }
        };
        let chosen = (0..3u8).find_map(|pass| {
            v.subnets
                .iter()
                .copied()
                .find(|&s| fits(pass, &subnets[s as usize]))
        });
        let Some(s) = chosen else {
            return Err(Error::Internal(
                "a VPC chosen for its free addresses has none",
            ));
        };
        let subnet = &mut self.net.subnets[s as usize];
        let ip = subnet.base + 4 + subnet.used;
        subnet.used += 1;
        self.net.vpcs[vpc as usize].free -= 1;
        Ok((s, ip))
    }

    fn next_public_ip(&mut self, region: u8) -> u32 {
        let stride = self.ctx.config.enis as u64 + 16;
        let n = self.ctx.index as u64 * stride + self.public_counter[region as usize];
        self.public_counter[region as usize] += 1;
        self.net.regions[region as usize].public_ip(n)
    }

    fn region_of_subnet(&self, subnet: u32) -> u8 {
        self.net.vpcs[self.net.subnets[subnet as usize].vpc as usize].region
    }

    fn new_eni(
        &mut self,
        subnet: u32,
        ip: u32,
        kind: EniKind,
        groups: Box<[u32]>,
        created: i64,
    ) -> u32 {
        let n = self.net.enis.len();
        let ipv6 = self.net.subnets[subnet as usize].ipv6.is_some()
            && matches!(kind, EniKind::Instance(_) | EniKind::LoadBalancer { .. })
            && self.rng.random_bool(0.3);
        self.net.enis.push(Eni {
            raw: self.ctx.ids.raw(Kind::NetworkInterface, n),
            subnet,
            ip,
            kind,
            groups,
            public: None,
            ipv6,
            created,
        });
        n as u32
    }

    /// An Elastic IP associated with `eni`.
    fn elastic_ip(&mut self, eni: u32, instance: Option<u32>) -> Public {
        let region = self.region_of_subnet(self.net.enis[eni as usize].subnet);
        let ip = self.next_public_ip(region);
        let n = self.net.addresses.len();
        self.net.addresses.push(Address {
            alloc: self.ctx.ids.raw(Kind::Allocation, n),
            region,
            ip,
            eni: Some(eni),
            instance,
        });
        Public {
            ip,
            owner: IpOwner::Account,
            address: Some(n as u32),
        }
    }

    fn nat_gateways(&mut self, extras: &mut usize) -> Result<(), Error> {
        for v in 0..self.net.vpcs.len() {
            let vpc = &self.net.vpcs[v];
            if vpc.is_default || !vpc.internet {
                continue;
            }
            let azs = if self.rng.random_bool(0.6) {
                vpc.azs
            } else {
                1
            };
            for az in 0..azs {
                if *extras == 0 {
                    return Ok(());
                }
                *extras -= 1;
                let (subnet, ip) = self.allocate(v as u32, Tier::Public, az)?;
                let nat = self.net.nats.len() as u32;
                let created = self.net.vpcs[v].created + self.rng.random_range(0..30 * DAY);
                let eni = self.new_eni(subnet, ip, EniKind::Nat(nat), Box::new([]), created);
                let public = self.elastic_ip(eni, None);
                self.net.enis[eni as usize].public = Some(public);
                self.net.nats.push(NatGateway {
                    raw: self.ctx.ids.raw(Kind::NatGateway, nat as usize),
                    vpc: v as u32,
                    subnet,
                    eni,
                    address: public.address.unwrap_or_default(),
                    created,
                });
                self.net.vpcs[v].nats.push(nat);
            }
        }
        Ok(())
    }

    /// Groups for a resource in `vpc`: one with a preferred role, sometimes a second one and
    /// the default group; the default group alone when the VPC has no other.
    fn choose_groups(&mut self, vpc: u32, preferred: &[SgRole], extra: bool) -> Box<[u32]> {
        let v = &self.net.vpcs[vpc as usize];
        let mut groups = Vec::with_capacity(3);
        let start = self.rng.random_range(0..preferred.len().max(1));
        for k in 0..preferred.len() {
            let pool = &v.by_role[preferred[(start + k) % preferred.len()].index()];
            if !pool.is_empty() {
                groups.push(pool[self.rng.random_range(0..pool.len())]);
                break;
            }
        }
        if extra && self.rng.random_bool(0.3) {
            let all: Vec<u32> = v.by_role.iter().flatten().copied().collect();
            if !all.is_empty() {
                let g = all[self.rng.random_range(0..all.len())];
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
        }
        if groups.is_empty() || (extra && self.rng.random_bool(0.1)) {
            groups.push(v.default_sg);
        }
        groups.into_boxed_slice()
    }

    fn instances(&mut self, profiles: usize) -> Result<(), Error> {
        let total = self.ctx.config.instances;
        let page = self.ctx.config.page_size as u32;
        let mut made = 0usize;
        while made < total {
            let mut size: u32 = if self.rng.random_bool(0.85) {
                1
            } else {
                self.rng.random_range(2..=4)
            };
            size = size.min((total - made) as u32).min(page);
            let vpc = match self.pick_vpc(size, |_| true) {
                Some(v) => v,
                None => {
                    size = 1;
                    self.pick_vpc(1, |_| true)
                        .ok_or(Error::Internal("no VPC has room for an instance"))?
                }
            };
            let v = &self.net.vpcs[vpc as usize];
            let (is_default, internet, azs, region, env) =
                (v.is_default, v.internet, v.azs, v.region, v.env);
            let tier = if is_default || (internet && self.rng.random_bool(0.2)) {
                Tier::Public
            } else {
                Tier::Private
            };
            let az = self.rng.random_range(0..azs);
            let preferred: &[SgRole] = if tier == Tier::Public {
                &[
                    SgRole::Web,
                    SgRole::Bastion,
                    SgRole::Windows,
                    SgRole::Legacy,
                    SgRole::App,
                ]
            } else {
                &[
                    SgRole::App,
                    SgRole::Batch,
                    SgRole::Cache,
                    SgRole::Monitoring,
                    SgRole::Web,
                    SgRole::Legacy,
                ]
            };
            let groups = self.choose_groups(vpc, preferred, true);
            let windows_group = groups
                .iter()
                .any(|&g| self.net.sgs[g as usize].role == Some(SgRole::Windows));
            let image: u8 = if windows_group || self.rng.random_bool(0.04) {
                4
            } else {
                self.rng.random_range(0..4)
            };
            let arm = IMAGES[image as usize].2;
            let itype: u8 = if arm {
                self.rng.random_range(9..12)
            } else {
                self.rng.random_range(0..9)
            };
            let launch = self.ctx.epoch + self.rng.random_range(HISTORY / 8..HISTORY);
            let profile = (profiles > 0 && self.rng.random_bool(0.7))
                .then(|| self.rng.random_range(0..profiles) as u32);
            let key = self
                .rng
                .random_bool(0.6)
                .then(|| self.rng.random_range(0..KEY_NAMES.len()) as u8);
            let app = names::pick(&mut self.rng, APPS);
            let asg = size > 1 && self.rng.random_bool(0.5);
            let imds_v2 = self.rng.random_bool(0.6);
            let reservation = self.net.reservations.len();
            self.net.reservations.push(Reservation {
                raw: self.ctx.ids.raw(Kind::Reservation, reservation),
                region,
                first: self.net.instances.len() as u32,
                count: size,
            });
            for _ in 0..size {
                let (subnet, ip) = self.allocate(vpc, tier, az)?;
                let index = self.net.instances.len() as u32;
                let eni =
                    self.new_eni(subnet, ip, EniKind::Instance(index), groups.clone(), launch);
                let running = self.rng.random_bool(0.9);
                let public_subnet = self.net.subnets[subnet as usize].tier == Tier::Public;
                let map_public = self.net.subnets[subnet as usize].map_public;
                let x: f64 = self.rng.random();
                let public = if !public_subnet {
                    None
                } else if running && (map_public || x < 0.7) {
                    let ip = self.next_public_ip(region);
                    Some(Public {
                        ip,
                        owner: IpOwner::Amazon,
                        address: None,
                    })
                } else if x < 0.8 {
                    Some(self.elastic_ip(eni, Some(index)))
                } else {
                    None
                };
                self.net.enis[eni as usize].public = public;
                self.net.instances.push(Instance {
                    raw: self.ctx.ids.raw(Kind::Instance, index as usize),
                    eni,
                    itype,
                    image,
                    running,
                    stopped_at: launch + self.rng.random_range(0..(self.ctx.now() - launch).max(1)),
                    launch,
                    profile,
                    key,
                    app,
                    env,
                    number: index + 1,
                    imds_v2,
                    asg,
                });
            }
            made += size as usize;
        }
        Ok(())
    }

    fn other_interfaces(&mut self, count: usize) -> Result<(), Error> {
        struct Open {
            kind: EniKind,
            vpc: u32,
            tier: Tier,
            next_az: u8,
            azs: u8,
            groups: Box<[u32]>,
            internet_facing: bool,
            created: i64,
        }
        let mut open: Option<Open> = None;
        let mut load_balancers = 0u32;
        let mut endpoints = 0u32;
        let mut functions = 0u32;
        let mut databases = 0u32;
        for _ in 0..count {
            let mut group = match open.take() {
                Some(g) if g.next_az < g.azs && self.net.vpcs[g.vpc as usize].free > 0 => g,
                _ => {
                    let x = self.rng.random_range(0..100);
                    let vpc = self
                        .pick_vpc(1, |v| !v.is_default)
                        .ok_or(Error::Internal("no VPC has room for a network interface"))?;
                    let v = &self.net.vpcs[vpc as usize];
                    let (internet, azs) = (v.internet, v.azs);
                    let created = self.ctx.epoch + self.rng.random_range(HISTORY / 8..HISTORY);
                    let (kind, tier, groups, internet_facing, azs) = match x {
                        0..30 => {
                            let network = self.rng.random_bool(0.3);
                            let facing = internet && self.rng.random_bool(0.5);
                            let groups = if network {
                                Box::new([]) as Box<[u32]>
                            } else {
                                self.choose_groups(vpc, &[SgRole::Lb, SgRole::Web], false)
                            };
                            load_balancers += 1;
                            let kind = EniKind::LoadBalancer {
                                lb: load_balancers - 1,
                                network,
                            };
                            (
                                kind,
                                if facing { Tier::Public } else { Tier::Private },
                                groups,
                                facing,
                                azs,
                            )
                        }
                        30..55 => {
                            functions += 1;
                            let groups =
                                self.choose_groups(vpc, &[SgRole::Lambda, SgRole::App], false);
                            (
                                EniKind::Lambda(functions - 1),
                                Tier::Private,
                                groups,
                                false,
                                1,
                            )
                        }
                        55..80 => {
                            databases += 1;
                            let groups = self.choose_groups(vpc, &[SgRole::Db], false);
                            (EniKind::Rds(databases - 1), Tier::Data, groups, false, 1)
                        }
                        _ => {
                            endpoints += 1;
                            let groups = self.choose_groups(vpc, &[SgRole::Endpoint], false);
                            (
                                EniKind::Endpoint(endpoints - 1),
                                Tier::Private,
                                groups,
                                false,
                                azs,
                            )
                        }
                    };
                    let next_az = if azs == 1 {
                        self.rng.random_range(0..self.net.vpcs[vpc as usize].azs)
                    } else {
                        0
                    };
                    Open {
                        kind,
                        vpc,
                        tier,
                        next_az,
                        azs: if azs == 1 { next_az + 1 } else { azs },
                        groups,
                        internet_facing,
                        created,
                    }
                }
            };
            let (subnet, ip) = self.allocate(group.vpc, group.tier, group.next_az)?;
            group.next_az += 1;
            let eni = self.new_eni(subnet, ip, group.kind, group.groups.clone(), group.created);
            if group.internet_facing && self.net.subnets[subnet as usize].tier == Tier::Public {
                let region = self.region_of_subnet(subnet);
                let ip = self.next_public_ip(region);
                self.net.enis[eni as usize].public = Some(Public {
                    ip,
                    owner: IpOwner::Elb,
                    address: None,
                });
            }
            open = Some(group);
        }
        Ok(())
    }

    /// Elastic IPs allocated but not associated with anything (a common leftover).
    fn spare_addresses(&mut self) {
        for region in 0..self.net.regions.len() as u8 {
            for _ in 0..self.rng.random_range(0..=2) {
                let ip = self.next_public_ip(region);
                let n = self.net.addresses.len();
                self.net.addresses.push(Address {
                    alloc: self.ctx.ids.raw(Kind::Allocation, n),
                    region,
                    ip,
                    eni: None,
                    instance: None,
                });
            }
        }
    }

    fn route_tables(&mut self) {
        for v in 0..self.net.vpcs.len() {
            let vpc = &self.net.vpcs[v];
            let region = self.net.regions[vpc.region as usize];
            let local = render::Route::local(
                &cidr(vpc.base, 16),
                vpc.ipv6.map(|b| render::ipv6_block(region, b)),
            );
            let igw = vpc.igw.map(|i| render::igw_id(self.ctx, i));
            let s3 = render::Route::prefix_list(
                region.s3_prefix_list,
                &crate::ids::hex_id("vpce", vpc.s3_endpoint),
            );
            let dynamodb = self.rng.random_bool(0.3).then(|| {
                let endpoint = self.ctx.ids.hex("vpce", Kind::VpcEndpoint, (1 << 16) + v);
                render::Route::prefix_list(region.dynamodb_prefix_list, &endpoint)
            });
            let nat_ids: Vec<(u8, String)> = vpc
                .nats
                .iter()
                .map(|&n| {
                    let nat = &self.net.nats[n as usize];
                    (
                        self.net.subnets[nat.subnet as usize].az,
                        crate::ids::hex_id("nat", nat.raw),
                    )
                })
                .collect();
            let mut tables = Vec::new();
            let mut main_routes = local.clone();
            if vpc.is_default
                && let Some(igw) = &igw
            {
                main_routes.push(render::Route::gateway("0.0.0.0/0", igw));
            }
            tables.push((format!("{}-main", vpc.name), true, Vec::new(), main_routes));
            if !vpc.is_default {
                let by_tier = |tier: Tier, az: Option<u8>| -> Vec<u32> {
                    vpc.subnets
                        .iter()
                        .copied()
                        .filter(|&s| {
                            let s = &self.net.subnets[s as usize];
                            s.tier == tier && az.is_none_or(|a| a == s.az)
                        })
                        .collect()
                };
                if let Some(igw) = &igw {
                    let mut routes = local.clone();
                    routes.push(render::Route::gateway("0.0.0.0/0", igw));
                    if vpc.ipv6.is_some() {
                        routes.push(render::Route::gateway6("::/0", igw));
                    }
                    tables.push((
                        format!("{}-public", vpc.name),
                        false,
                        by_tier(Tier::Public, None),
                        routes,
                    ));
                }
                for az in 0..vpc.azs {
                    let mut routes = local.clone();
                    let nat = nat_ids.iter().find(|(a, _)| *a == az).or(nat_ids.first());
                    if let Some((_, nat)) = nat {
                        routes.push(render::Route::nat("0.0.0.0/0", nat));
                    }
                    routes.push(s3.clone());
                    routes.extend(dynamodb.clone());
                    let letter = region.azs[az as usize].chars().last().unwrap_or('a');
                    tables.push((
                        format!("{}-private-{letter}", vpc.name),
                        false,
                        by_tier(Tier::Private, Some(az)),
                        routes,
                    ));
                }
                let mut routes = local.clone();
                routes.push(s3.clone());
                tables.push((
                    format!("{}-data", vpc.name),
                    false,
                    by_tier(Tier::Data, None),
                    routes,
                ));
            }
            for (name, main, subnets, routes) in tables {
                let n = self.net.route_tables.len();
                self.net.route_tables.push(RouteTable {
                    raw: self.ctx.ids.raw(Kind::RouteTable, n),
                    vpc: v as u32,
                    main,
                    name,
                    subnets,
                    routes,
                });
            }
        }
    }

    fn network_acls(&mut self) {
        for v in 0..self.net.vpcs.len() {
            let vpc = &self.net.vpcs[v];
            let vpc_cidr = cidr(vpc.base, 16);
            let ipv6 = vpc.ipv6.is_some();
            let custom = !vpc.is_default && vpc.internet && self.rng.random_bool(0.5);
            let public: Vec<u32> = vpc
                .subnets
                .iter()
                .copied()
                .filter(|&s| self.net.subnets[s as usize].tier == Tier::Public)
                .collect();
            let rest: Vec<u32> = if custom {
                vpc.subnets
                    .iter()
                    .copied()
                    .filter(|s| !public.contains(s))
                    .collect()
            } else {
                vpc.subnets.clone()
            };
            let n = self.net.nacls.len();
            self.net.nacls.push(NetworkAcl {
                raw: self.ctx.ids.raw(Kind::NetworkAcl, n),
                vpc: v as u32,
                is_default: true,
                subnets: rest,
                entries: security::default_acl(ipv6),
            });
            if custom {
                let entries = security::public_acl(&mut self.rng, &vpc_cidr, ipv6);
                self.net.nacls.push(NetworkAcl {
                    raw: self.ctx.ids.raw(Kind::NetworkAcl, n + 1),
                    vpc: v as u32,
                    is_default: false,
                    subnets: public,
                    entries,
                });
            }
        }
    }

    fn security_group_rules(&mut self) {
        let account = self.ctx.id;
        let ids: Vec<String> = self
            .net
            .sgs
            .iter()
            .map(|g| crate::ids::hex_id("sg", g.raw))
            .collect();
        for g in 0..self.net.sgs.len() {
            let sg = &self.net.sgs[g];
            let vpc = &self.net.vpcs[sg.vpc as usize];
            let ipv6 = vpc.ipv6.is_some();
            let (ingress, egress) = match sg.role {
                None => security::default_rules(account, &ids[g], ipv6),
                Some(role) => {
                    let vpc_cidr = cidr(vpc.base, 16);
                    let region = self.net.regions[vpc.region as usize];
                    let salt = mix(sg.raw);
                    let by_role = &vpc.by_role;
                    let ids = &ids;
                    let peer = move |r: SgRole| -> Option<&str> {
                        let pool = &by_role[r.index()];
                        let candidates: Vec<u32> =
                            pool.iter().copied().filter(|&p| p as usize != g).collect();
                        if candidates.is_empty() {
                            None
                        } else {
                            Some(
                                ids[candidates[(salt % candidates.len() as u64) as usize] as usize]
                                    .as_str(),
                            )
                        }
                    };
                    let scope = security::RuleScope {
                        account,
                        self_id: &ids[g],
                        vpc_cidr: &vpc_cidr,
                        ipv6,
                        s3_prefix_list: region.s3_prefix_list,
                        peer: &peer,
                    };
                    security::rules(&mut self.rng, role, &scope)
                }
            };
            let sg = &mut self.net.sgs[g];
            sg.ingress = ingress;
            sg.egress = egress;
        }
    }
}
