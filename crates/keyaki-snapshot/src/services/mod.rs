//! One module per AWS service: the typed model of its CLI outputs, how to recognise them,
//! and how they merge into an account.
//!
//! Each module exposes the same four things:
//! - `Output`, what one file of the service holds once parsed;
//! - `recognize(&Document) -> Option<Result<Output, Vec<LoadError>>>`, which says whether a
//!   file is one of the service's outputs (by its top-level keys, and for outputs whose keys
//!   are shared, such as `Policy`, by the folder it is in) and parses it;
//! - `absorb(&mut self, Output, &Place, &mut Vec<Warning>)` on the service's data, which
//!   merges a parsed file into the account (paginated outputs arrive as several files);
//! - `inventory(&self, &Scope, &mut Vec<InventoryItem>)` on the service's data, which lists
//!   its resources.

use crate::LoadError;
use crate::document::Document;

pub mod accessanalyzer;
pub(crate) mod awsconfig;
pub use awsconfig::{ConfigurationItem, configuration_history};
pub mod cloudtrail;
pub mod cloudwatch;
pub mod configservice;
pub mod ec2;
pub mod efs;
pub mod elbv2;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod organizations;
pub mod rds;
pub mod s3;
pub mod secretsmanager;
pub mod securityhub;
mod shared;
pub mod sns;
pub mod sqs;
pub mod sts;

pub use shared::ResourcePolicy;

/// A parsed file of any service.
#[derive(Debug)]
pub(crate) enum Output {
    Sts(sts::Output),
    Iam(iam::Output),
    Organizations(organizations::Output),
    S3(s3::Output),
    Ec2(ec2::Output),
    Elbv2(elbv2::Output),
    Rds(rds::Output),
    Lambda(lambda::Output),
    Kms(kms::Output),
    CloudTrail(cloudtrail::Output),
    CloudWatch(cloudwatch::Output),
    Efs(efs::Output),
    AccessAnalyzer(accessanalyzer::Output),
    Logs(logs::Output),
    ConfigService(configservice::Output),
    GuardDuty(guardduty::Output),
    SecurityHub(securityhub::Output),
    SecretsManager(secretsmanager::Output),
    Sns(sns::Output),
    Sqs(sqs::Output),
}

/// Whether this output belongs to the account as a whole rather than to a region.
impl Output {
    pub(crate) fn is_global(&self) -> bool {
        matches!(
            self,
            Output::Sts(_) | Output::Iam(_) | Output::Organizations(_) | Output::S3(_)
        )
    }
}

/// Tries every service on `doc`. The first service that claims the file parses it.
pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    macro_rules! try_service {
        ($module:ident, $variant:ident) => {
            if let Some(result) = $module::recognize(doc) {
                return Some(result.map(Output::$variant));
            }
        };
    }
    try_service!(sts, Sts);
    try_service!(iam, Iam);
    try_service!(organizations, Organizations);
    try_service!(s3, S3);
    try_service!(ec2, Ec2);
    try_service!(elbv2, Elbv2);
    try_service!(rds, Rds);
    try_service!(lambda, Lambda);
    try_service!(kms, Kms);
    try_service!(cloudtrail, CloudTrail);
    try_service!(cloudwatch, CloudWatch);
    try_service!(logs, Logs);
    try_service!(efs, Efs);
    try_service!(accessanalyzer, AccessAnalyzer);
    try_service!(configservice, ConfigService);
    try_service!(guardduty, GuardDuty);
    try_service!(securityhub, SecurityHub);
    try_service!(secretsmanager, SecretsManager);
    try_service!(sns, Sns);
    try_service!(sqs, Sqs);
    None
}

impl Output {
    /// A region the file's content names (an availability zone, an ARN), for files whose
    /// path does not give one.
    pub(crate) fn region_hint(&self) -> Option<keyaki_core::Region> {
        match self {
            Output::Ec2(o) => o.region_hint(),
            Output::Elbv2(o) => o.region_hint(),
            Output::Rds(o) => o.region_hint(),
            _ => None,
        }
    }

    /// Calls `f` with each account id that the file names as a resource owner.
    pub(crate) fn owner_hints(&self, f: &mut dyn FnMut(&str)) {
        if let Output::Ec2(o) = self {
            o.owner_hints(f);
        }
    }
}
