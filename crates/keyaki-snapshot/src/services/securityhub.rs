//! AWS Security Hub: whether it is enabled in one Region.
//!
//! Layout: `<region>/securityhub/describe-hub.json` (`aws securityhub describe-hub`). When
//! Security Hub is not enabled the command fails, and users save nothing (or the error
//! text, which is not JSON): the absence of the file means "not enabled, or unknown".

use serde::Deserialize;

use super::shared::set_once;
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::Place;
use crate::{LoadError, Warning};

/// `aws securityhub describe-hub`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Hub {
    /// The hub ARN, `arn:aws:securityhub:REGION:ACCOUNT:hub/default`.
    pub hub_arn: String,
    /// When Security Hub was enabled.
    #[serde(default)]
    pub subscribed_at: Option<String>,
    /// Whether new controls are enabled automatically.
    #[serde(default)]
    pub auto_enable_controls: Option<bool>,
    /// `SECURITY_CONTROL` (consolidated findings) or `STANDARD_CONTROL`.
    #[serde(default)]
    pub control_finding_generator: Option<String>,
}

/// What one Security Hub file holds.
#[derive(Debug)]
pub enum Output {
    /// `describe-hub`.
    Hub(Box<Resource<Hub>>),
}

/// AWS Security Hub in one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SecurityHub {
    /// `describe-hub`; `None` when Security Hub is not enabled or the snapshot lacks it.
    pub hub: Option<Resource<Hub>>,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    if doc.has("HubArn") && doc.has("SubscribedAt") {
        return Some(
            doc.whole()
                .map(|hub| Output::Hub(Box::new(hub)))
                .map_err(|e| vec![e]),
        );
    }
    None
}

impl SecurityHub {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::Hub(hub) => set_once(&mut self.hub, *hub, "describe-hub", warnings),
        }
    }

    /// `Some(true)` when the snapshot shows Security Hub enabled; `None` otherwise, since a
    /// missing `describe-hub` does not tell "disabled" from "not collected".
    pub fn is_enabled(&self) -> Option<bool> {
        self.hub.as_ref().map(|_| true)
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.hub.is_none()
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        if let Some(hub) = &self.hub {
            out.push(
                scope
                    .item("AWS::SecurityHub::Hub", &hub.hub_arn, &hub.origin)
                    .arn(hub.hub_arn.clone())
                    .attr("subscribed_at", hub.subscribed_at.clone())
                    .attr("auto_enable_controls", hub.auto_enable_controls)
                    .attr(
                        "control_finding_generator",
                        hub.control_finding_generator.clone(),
                    ),
            );
        }
    }
}
