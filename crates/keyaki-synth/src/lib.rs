//! Deterministic generator of large, realistic keyaki snapshots.
//!
//! keyaki reads a *CLI-dir* snapshot: a directory of the unmodified JSON outputs of AWS CLI
//! commands. This crate writes such a directory from nothing but a [`SynthConfig`]: accounts
//! with VPCs, subnets, route tables, gateways, network ACLs, security groups, network
//! interfaces and instances in one or two regions, IAM users, groups, roles and managed
//! policies, and S3 buckets with their policies and settings. It is what keyaki's tests and
//! benchmarks run on when real data is too small or too private.
//!
//! - **Deterministic.** The same configuration and seed give byte-identical files: every random
//!   choice comes from a seeded ChaCha stream, no clock is read and no hash map is iterated.
//! - **Consistent.** Every id that one file names exists in the file that describes it; the
//!   network interfaces of instances appear in `describe-instances` and
//!   `describe-network-interfaces` with identical ids and addresses.
//! - **Realistic.** Field names, nesting and id formats are those of the AWS CLI; the content
//!   mixes good practice with the misconfigurations analysis must find (SSH or RDP open to the
//!   internet, administrators, `iam:PassRole`, roles trusting everyone, public buckets).
//! - **Fast.** Large lists are rendered while they are written, and files are written in
//!   parallel; 100,000 network interfaces take a few seconds.
//!
//! [`generate`] writes the snapshot and returns a [`Summary`] of what it wrote:
//!
//! ```
//! use keyaki_synth::{SynthConfig, generate};
//!
//! let dir = tempfile::tempdir()?;
//! let config = SynthConfig {
//!     principals: 10,
//!     instances: 20,
//!     enis: 30,
//!     security_groups: 12,
//!     seed: 42,
//!     ..Default::default()
//! };
//! let summary = generate(&config, dir.path())?;
//! assert_eq!(summary.network_interfaces, 30);
//! assert_eq!(summary.instances, 20);
//! assert!(dir.path().join("account.json").is_file());
//! assert!(dir.path().join("global/iam/get-account-authorization-details.json").is_file());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Layout
//!
//! ```text
//! OUT/account.json                                    sts get-caller-identity
//! OUT/global/iam/get-account-authorization-details.json
//! OUT/global/s3/list-buckets.json
//! OUT/global/s3/<bucket>/get-bucket-policy.json       (and get-public-access-block.json,
//!                                                      get-bucket-encryption.json,
//!                                                      get-bucket-versioning.json) for some
//! OUT/<region>/ec2/describe-vpcs.json                 (and describe-subnets, -route-tables,
//!                                                      -internet-gateways, -nat-gateways,
//!                                                      -security-groups, -network-acls,
//!                                                      -network-interfaces, -instances,
//!                                                      -addresses)
//! ```
//!
//! With more than one account the trees are `OUT/accounts/<id>/...`, one per account;
//! `OUT/global/organizations/` has `describe-organization.json`, `list-accounts.json` and
//! `list-roots.json`, and `OUT/account.json` is the management account's caller identity
//! (the organisation's files are what the management account sees). A list longer than [`SynthConfig::page_size`] (at most 1000) is split
//! as paginated output would be: `describe-network-interfaces.1.json`, `.2.json`, ..., each a
//! complete document with the same top-level key.

mod account;
mod config;
mod error;
mod iam;
mod ids;
pub mod logs;
mod names;
mod network;
mod org;
mod policies;
mod region;
mod s3;
mod summary;
mod tag;
mod time;
mod write;

use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

pub use config::SynthConfig;
pub use error::Error;
pub use logs::{LogsConfig, LogsSummary, generate_logs};
pub use summary::Summary;

/// Top-level entries of a snapshot; `overwrite` replaces exactly these.
fn owned_entries() -> impl Iterator<Item = &'static str> {
    ["account.json", "global", "accounts"]
        .into_iter()
        .chain(region::ALL.iter().map(|r| r.name))
}

/// Writes a synthetic snapshot described by `config` into `out_dir`.
///
/// The directory is created if needed. If it exists and is not empty, this fails with
/// [`Error::NotEmpty`] unless `config.overwrite` is set, in which case the snapshot entries
/// (`account.json`, `global/`, `accounts/`, region folders) are replaced and anything else
/// is left alone.
pub fn generate(config: &SynthConfig, out_dir: impl AsRef<Path>) -> Result<Summary, Error> {
    config.validate()?;
    let out = out_dir.as_ref();
    prepare(out, config.overwrite)?;
    let org = org::Org::new(config);
    let sink = write::Sink::new(out, config.pretty, config.page_size);
    let per_account: Vec<Summary> = (0..config.accounts)
        .into_par_iter()
        .map(|index| account::generate(config, &org, index, &sink))
        .collect::<Result<_, _>>()?;
    let mut total = Summary::default();
    for summary in &per_account {
        total.add(summary);
    }
    let mut jobs = Vec::new();
    org::write_jobs(&org, &sink, &mut jobs);
    total.files += jobs.len() as u64;
    total.bytes += account::run(jobs)?;
    Ok(total)
}

fn prepare(out: &Path, overwrite: bool) -> Result<(), Error> {
    match fs::metadata(out) {
        Ok(meta) if !meta.is_dir() => Err(Error::NotADirectory {
            path: out.to_path_buf(),
        }),
        Ok(_) => {
            let mut entries = fs::read_dir(out).map_err(|e| Error::io(out, e))?;
            if entries.next().is_none() {
                return Ok(());
            }
            if !overwrite {
                return Err(Error::NotEmpty {
                    path: out.to_path_buf(),
                });
            }
            for name in owned_entries() {
                let path = out.join(name);
                let result = match fs::symlink_metadata(&path) {
                    Ok(meta) if meta.is_dir() => fs::remove_dir_all(&path),
                    Ok(_) => fs::remove_file(&path),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                    Err(e) => Err(e),
                };
                result.map_err(|e| Error::io(&path, e))?;
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(out).map_err(|e| Error::io(out, e))
        }
        Err(e) => Err(Error::io(out, e)),
    }
}
