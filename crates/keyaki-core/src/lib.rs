//! The shared vocabulary of keyaki.
//!
//! Every engine speaks about the same few things: an [`Arn`] that names a resource, the
//! [`AccountId`] and [`Region`] it lives in, and the [`Finding`]s an analysis produces, each
//! with a [`Severity`]. These types validate on construction, so code that holds one can
//! rely on it being well formed.
//!
//! ```
//! use keyaki_core::{Arn, Finding, Severity};
//!
//! let arn: Arn = "arn:aws:iam::123456789012:user/division/alice".parse()?;
//! assert_eq!(arn.service(), "iam");
//! assert_eq!(arn.account_id().map(|a| a.as_str()), Some("123456789012"));
//! assert_eq!(arn.resource_type(), Some("user"));
//! assert_eq!(arn.resource_name(), "alice");
//!
//! let finding = Finding::builder("ec2.sg-open-ssh", "SSH open to the internet", Severity::High)
//!     .resource(arn.to_string())
//!     .decisive(serde_json::json!({"port": 22}))
//!     .build();
//! assert_eq!(finding.id.len(), 32);
//! # Ok::<(), keyaki_core::Error>(())
//! ```

mod arn;
mod error;
mod finding;
mod ids;
mod severity;

pub use arn::{Arn, Partition};
pub use error::Error;
pub use finding::{ComplianceRef, Finding, FindingBuilder, Remediation};
pub use ids::{AccountId, Region};
pub use severity::Severity;
