//! The one error type of keyaki-synth.

use std::io;
use std::path::PathBuf;

/// Why a snapshot could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file or directory failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The output directory already has content and `overwrite` is not set.
    #[error("{}: directory is not empty (choose an empty directory or set overwrite)", path.display())]
    NotEmpty {
        /// The output directory.
        path: PathBuf,
    },
    /// The output path exists and is not a directory.
    #[error("{}: not a directory", path.display())]
    NotADirectory {
        /// The output path.
        path: PathBuf,
    },
    /// A count in the configuration is outside what the generator supports.
    #[error("invalid config: {field} is {value}, expected {min} to {max}")]
    OutOfRange {
        /// The configuration field.
        field: &'static str,
        /// Its value.
        value: u64,
        /// The smallest supported value.
        min: u64,
        /// The largest supported value.
        max: u64,
    },
    /// Fewer network interfaces than instances were asked for.
    #[error(
        "invalid config: enis is {enis} but instances is {instances}; every instance has a \
         primary network interface, so enis must be at least instances"
    )]
    EnisBelowInstances {
        /// The configured ENIs per account.
        enis: u64,
        /// The configured instances per account.
        instances: u64,
    },
    /// Too few security groups for the VPCs that the network interfaces need.
    #[error(
        "invalid config: {enis} network interfaces need {vpcs} VPCs, and every VPC has a default \
         security group, so security_groups must be at least {vpcs} (it is {security_groups})"
    )]
    TooFewSecurityGroups {
        /// The configured ENIs per account.
        enis: u64,
        /// The VPCs needed to hold them.
        vpcs: u64,
        /// The configured security groups per account.
        security_groups: u64,
    },
    /// Fewer subnets than the VPCs that the network interfaces need.
    #[error(
        "invalid config: {enis} network interfaces need {vpcs} VPCs when the number of \
         subnets is set, and every VPC has at least one subnet, so subnets must be at least \
         {vpcs} (it is {subnets})"
    )]
    TooFewSubnets {
        /// The configured ENIs per account.
        enis: u64,
        /// The VPCs needed to hold them.
        vpcs: u64,
        /// The configured subnets per account.
        subnets: u64,
    },
    /// An invariant of the generator did not hold.
    #[error("internal error: {0}; this is a bug in keyaki-synth, please report it")]
    Internal(&'static str),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}
