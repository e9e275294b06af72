//! The account snapshot: every AWS resource keyaki knows, typed, indexed and immutable.
//!
//! A snapshot is a directory of the unmodified JSON that AWS CLI commands print (the
//! "CLI-dir" format of docs/formats.md). [`Snapshot::load`] recognises each file by its
//! content, reads it into the typed model of its service ([`services`]), keeps every
//! resource's raw JSON and origin ([`Resource`]), and indexes everything by ARN and id
//! ([`Snapshot::find`]). Bad input never panics: each problem becomes a [`LoadError`] that
//! names the file, line, column and JSON path; what merely looks odd becomes a [`Warning`].
//!
//! ```no_run
//! use keyaki_snapshot::Snapshot;
//!
//! let snapshot = Snapshot::load("examples/incident-3tier")?;
//! for account in snapshot.accounts() {
//!     for region in &account.regions {
//!         println!("{:?}: {} VPCs", region.region, region.ec2.vpcs.len());
//!     }
//! }
//! for item in snapshot.find("vpc-0a1b2c3d4e5f6a7b8") {
//!     println!("{} {}", item.resource_type, item.origin);
//! }
//! # Ok::<(), keyaki_snapshot::LoadErrors>(())
//! ```

mod common;
mod document;
mod error;
mod inventory;
mod load;
mod raw;
mod resource;
pub mod services;
mod snapshot;
mod source;

pub use common::{Tag, tag};
pub use error::{LoadError, LoadErrors, Warning, WarningKind};
pub use inventory::{InventoryItem, RESOURCE_TYPES, Scope};
pub use raw::RawJson;
pub use resource::{Origin, Resource};
pub use services::ResourcePolicy;
pub use services::iam::{PolicyDocument, Timestamp};
pub use snapshot::{Account, LoadReport, RegionData, Snapshot};
