//! One account: its context (id, regions, random streams), and the files it writes.

use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::SynthConfig;
use crate::iam::{self, GroupDetail, ManagedPolicyDetail, RoleDetail, UserDetail};
use crate::ids::IdSpace;
use crate::network::{self, VpcPlan};
use crate::org::{Member, Org};
use crate::region::{EU_WEST_1, Region, US_EAST_1};
use crate::s3::{self, Bucket, Owner};
use crate::time::HISTORY;
use crate::write::{Job, Keyed, Sink, page_name, pages};
use crate::{Error, Summary};

/// Independent random streams of an account, so that changing one count (say, buckets)
/// leaves the other parts of the account unchanged.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub(crate) enum Stream {
    Layout = 1,
    Iam,
    BucketNames,
    S3,
    Network,
}

/// What every generator of an account needs to know.
#[derive(Debug)]
pub(crate) struct AccountCtx<'a> {
    pub(crate) index: usize,
    pub(crate) id: &'a str,
    pub(crate) org: &'a Org,
    pub(crate) ids: IdSpace,
    pub(crate) epoch: i64,
    pub(crate) regions: Vec<&'static Region>,
    pub(crate) layout: Vec<VpcPlan>,
    pub(crate) config: &'a SynthConfig,
}

impl<'a> AccountCtx<'a> {
    pub(crate) fn new(config: &'a SynthConfig, org: &'a Org, index: usize) -> Self {
        let mut ctx = AccountCtx {
            index,
            id: &org.members[index].id,
            org,
            ids: IdSpace::new(org.seed, index),
            epoch: org.epoch,
            regions: Vec::new(),
            layout: Vec::new(),
            config,
        };
        let mut rng = ctx.rng(Stream::Layout);
        let (regions, layout) = plan(config, index, &mut rng);
        ctx.regions = regions;
        ctx.layout = layout;
        ctx
    }

    /// The random stream `stream` of this account.
    pub(crate) fn rng(&self, stream: Stream) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.org.seed);
        rng.set_stream(((self.index as u64) << 4) | stream as u64);
        rng
    }

    /// A member account of an organisation (not its management account).
    pub(crate) fn is_member(&self) -> bool {
        self.org.is_org() && self.index > 0
    }

    pub(crate) fn management_id(&self) -> &'a str {
        &self.org.management().id
    }

    pub(crate) fn member(&self) -> &'a Member {
        &self.org.members[self.index]
    }

    /// A few other accounts of the organisation that this one trusts or shares with.
    pub(crate) fn peers(&self) -> Vec<&'a str> {
        let n = self.org.members.len();
        let mut out: Vec<&str> = Vec::new();
        for candidate in [0, 1, 2, self.index + 1, self.index + 2] {
            if candidate < n && candidate != self.index {
                let id = self.org.members[candidate].id.as_str();
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    /// The time the snapshot was taken.
    pub(crate) fn now(&self) -> i64 {
        self.epoch + HISTORY
    }
}

/// Chooses the regions and VPCs of an account: enough VPCs for the interfaces, at most one
/// per security group (each VPC has a default group), and sometimes a default VPC.
fn plan(
    config: &SynthConfig,
    index: usize,
    rng: &mut ChaCha8Rng,
) -> (Vec<&'static Region>, Vec<VpcPlan>) {
    let budget = config.security_groups;
    let needed = config.vpcs_needed();
    let two = budget >= 2 && (index == 0 || rng.random_bool(0.5));
    let want = if two { 2 } else { 1 };
    let desired = needed.max(want * rng.random_range(2..=3));
    // With a set number of subnets every VPC gets at least one.
    let vpcs = desired
        .min(budget)
        .min(config.subnets.unwrap_or(usize::MAX))
        .max(1);
    let region_count = want.min(vpcs);
    let regions: Vec<&'static Region> = if region_count == 2 {
        vec![&US_EAST_1, &EU_WEST_1]
    } else if rng.random_bool(0.3) {
        vec![&EU_WEST_1]
    } else {
        vec![&US_EAST_1]
    };
    let mut layout: Vec<VpcPlan> = (0..vpcs)
        .map(|k| VpcPlan {
            region: (k % region_count) as u8,
            is_default: false,
        })
        .collect();
    let mut spare = budget - vpcs;
    for region in 0..region_count as u8 {
        if spare > 0 && rng.random_bool(0.4) && config.subnets.is_none() {
            layout.push(VpcPlan {
                region,
                is_default: true,
            });
            spare -= 1;
        }
    }
    (regions, layout)
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AuthorizationDetails<'a> {
    user_detail_list: &'a [UserDetail],
    group_detail_list: &'a [GroupDetail],
    role_detail_list: &'a [RoleDetail],
    policies: &'a [ManagedPolicyDetail],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListBuckets<'a> {
    buckets: &'a [Bucket],
    owner: &'a Owner,
}

/// The part of `list` that falls in `range` of the concatenation starting at `offset`.
fn window<'l, T>(list: &'l [T], offset: usize, range: &std::ops::Range<usize>) -> &'l [T] {
    let start = range.start.clamp(offset, offset + list.len()) - offset;
    let end = range.end.clamp(offset, offset + list.len()) - offset;
    &list[start..end]
}

/// Runs queued writes in parallel; returns the total bytes, in a deterministic sum.
pub(crate) fn run(jobs: Vec<Job<'_>>) -> Result<u64, Error> {
    let sizes: Vec<u64> = jobs
        .into_par_iter()
        .map(|job| job())
        .collect::<Result<_, _>>()?;
    Ok(sizes.iter().sum())
}

/// Generates and writes account `index`.
pub(crate) fn generate(
    config: &SynthConfig,
    org: &Org,
    index: usize,
    sink: &Sink,
) -> Result<Summary, Error> {
    let ctx = AccountCtx::new(config, org, index);
    let bucket_names = s3::names(&ctx);
    let names: Vec<String> = bucket_names.iter().map(|(n, _)| n.clone()).collect();
    let iam = iam::build(&ctx, &names);
    let s3 = s3::build(&ctx, &bucket_names);
    let net = network::build(&ctx, iam.profiles.len())?;

    let prefix = if org.is_org() {
        Path::new("accounts").join(ctx.id)
    } else {
        PathBuf::new()
    };
    let mut jobs: Vec<Job<'_>> = Vec::new();

    let path = prefix.join("account.json");
    let caller = &iam.caller;
    jobs.push(Box::new(move || sink.write(&path, caller)));
    if org.is_org() && index == 0 {
        // The organisation's files at the root were collected from the management account.
        jobs.push(Box::new(move || {
            sink.write(Path::new("account.json"), caller)
        }));
    }

    // IAM: one list of users, groups, roles and policies, split after every page_size items.
    let iam_dir = prefix.join("global").join("iam");
    let (u, g, r) = (iam.users.len(), iam.groups.len(), iam.roles.len());
    let total = u + g + r + iam.policies.len();
    let ranges = pages(total, sink.page_size());
    let count = ranges.len();
    for (page, range) in ranges.into_iter().enumerate() {
        let path = iam_dir.join(page_name("get-account-authorization-details", page, count));
        let doc = AuthorizationDetails {
            user_detail_list: window(&iam.users, 0, &range),
            group_detail_list: window(&iam.groups, u, &range),
            role_detail_list: window(&iam.roles, u + g, &range),
            policies: window(&iam.policies, u + g + r, &range),
        };
        jobs.push(Box::new(move || sink.write(&path, &doc)));
    }

    let s3_dir = prefix.join("global").join("s3");
    let ranges = pages(s3.buckets.len(), sink.page_size());
    let count = ranges.len();
    for (page, range) in ranges.into_iter().enumerate() {
        let path = s3_dir.join(page_name("list-buckets", page, count));
        let doc = ListBuckets {
            buckets: &s3.buckets[range],
            owner: &s3.owner,
        };
        jobs.push(Box::new(move || sink.write(&path, &doc)));
    }
    for (bucket, settings) in s3.buckets.iter().zip(&s3.settings) {
        let dir = s3_dir.join(&bucket.name);
        if let Some(policy) = &settings.policy {
            let path = dir.join("get-bucket-policy.json");
            jobs.push(Box::new(move || {
                sink.write(&path, &Keyed("Policy", policy))
            }));
        }
        if let Some(block) = &settings.public_access_block {
            let path = dir.join("get-public-access-block.json");
            jobs.push(Box::new(move || {
                sink.write(&path, &Keyed("PublicAccessBlockConfiguration", block))
            }));
        }
        if let Some(encryption) = &settings.encryption {
            let path = dir.join("get-bucket-encryption.json");
            jobs.push(Box::new(move || {
                sink.write(
                    &path,
                    &Keyed("ServerSideEncryptionConfiguration", encryption),
                )
            }));
        }
        if let Some(versioning) = &settings.versioning {
            let path = dir.join("get-bucket-versioning.json");
            jobs.push(Box::new(move || sink.write(&path, versioning)));
        }
    }

    network::write_jobs(&net, &ctx, &iam.profiles, sink, &prefix, &mut jobs);

    let files = jobs.len() as u64;
    let bytes = run(jobs)?;
    let n = net.counts();
    Ok(Summary {
        accounts: 1,
        regions: net.regions.len() as u64,
        vpcs: n.vpcs,
        subnets: n.subnets,
        route_tables: n.route_tables,
        internet_gateways: n.internet_gateways,
        nat_gateways: n.nat_gateways,
        network_acls: n.network_acls,
        security_groups: n.security_groups,
        network_interfaces: n.network_interfaces,
        instances: n.instances,
        reservations: n.reservations,
        elastic_ips: n.elastic_ips,
        users: iam.users.len() as u64,
        groups: iam.groups.len() as u64,
        roles: iam.roles.len() as u64,
        instance_profiles: iam.profiles.len() as u64,
        customer_managed_policies: iam.customer_policies as u64,
        aws_managed_policies: (iam.policies.len() - iam.customer_policies) as u64,
        buckets: s3.buckets.len() as u64,
        bucket_policies: s3.settings.iter().filter(|s| s.policy.is_some()).count() as u64,
        files,
        bytes,
    })
}
