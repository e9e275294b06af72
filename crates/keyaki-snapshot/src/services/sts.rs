//! AWS STS: `sts get-caller-identity`, saved as `account.json`, says which account the
//! snapshot is of and who took it.

use keyaki_core::{AccountId, Arn, Partition};
use serde::Deserialize;

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::Place;
use crate::{LoadError, Warning};

/// The output of `aws sts get-caller-identity`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallerIdentity {
    /// The unique id of the calling entity.
    pub user_id: String,
    /// The account.
    pub account: AccountId,
    /// The ARN of the caller.
    pub arn: Arn,
}

/// What one STS file holds.
#[derive(Debug)]
pub enum Output {
    /// `sts get-caller-identity`.
    CallerIdentity(Resource<CallerIdentity>),
}

/// Who took the snapshot.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Sts {
    /// `sts get-caller-identity`.
    pub caller_identity: Option<Resource<CallerIdentity>>,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    if doc.is("Account", &["UserId", "Arn", "ResponseMetadata"]) && doc.has("Arn") {
        return Some(doc.whole().map(Output::CallerIdentity).map_err(|e| vec![e]));
    }
    None
}

impl Sts {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, _warnings: &mut Vec<Warning>) {
        match output {
            Output::CallerIdentity(identity) => self.caller_identity = Some(identity),
        }
    }

    /// The account the caller identity names.
    pub fn account_id(&self) -> Option<AccountId> {
        self.caller_identity.as_ref().map(|c| c.account.clone())
    }

    /// The partition of the caller's ARN.
    pub fn partition(&self) -> Option<Partition> {
        self.caller_identity.as_ref().map(|c| c.arn.partition())
    }

    pub(crate) fn inventory(&self, _scope: &Scope, _out: &mut Vec<InventoryItem>) {}
}
