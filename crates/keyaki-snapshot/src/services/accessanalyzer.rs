//! IAM Access Analyzer: the analyzers of one Region.
//!
//! Layout, with the outputs of `aws accessanalyzer`:
//! ```text
//! <region>/accessanalyzer/list-analyzers.json    {"analyzers": [...], "nextToken"}
//! ```
//! The CLI prints this service's keys in camelCase.

use serde::Deserialize;

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::Place;
use crate::{LoadError, Warning};

/// One analyzer of `aws accessanalyzer list-analyzers`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Analyzer {
    /// The analyzer ARN.
    pub arn: String,
    /// The analyzer name.
    pub name: String,
    /// `ACCOUNT`, `ORGANIZATION`, or an unused-access type.
    #[serde(rename = "type")]
    pub kind: String,
    /// `ACTIVE`, `CREATING`, `DISABLED` or `FAILED`.
    #[serde(default)]
    pub status: Option<String>,
}

/// What one Access Analyzer file holds.
#[derive(Debug)]
pub enum Output {
    /// `list-analyzers`.
    Analyzers(Vec<Resource<Analyzer>>),
}

/// IAM Access Analyzer in one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct AccessAnalyzer {
    /// The analyzers, in the order they were read.
    pub analyzers: Vec<Resource<Analyzer>>,
    listed: bool,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    if doc.is("analyzers", &["nextToken"]) {
        return Some(doc.list("analyzers").map(Output::Analyzers));
    }
    None
}

impl AccessAnalyzer {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, _warnings: &mut Vec<Warning>) {
        match output {
            Output::Analyzers(items) => {
                self.listed = true;
                self.analyzers.extend(items);
            }
        }
    }

    /// Whether an analyzer is `ACTIVE`; `None` when `list-analyzers` was not read.
    pub fn is_enabled(&self) -> Option<bool> {
        self.listed.then(|| {
            self.analyzers
                .iter()
                .any(|a| a.status.as_deref() == Some("ACTIVE"))
        })
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.analyzers.is_empty() && !self.listed
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for a in &self.analyzers {
            out.push(
                scope
                    .item("AWS::AccessAnalyzer::Analyzer", a.arn.clone(), &a.origin)
                    .arn(a.arn.clone())
                    .name(Some(&a.name))
                    .attr("type", a.kind.clone())
                    .attr("status", a.status.clone()),
            );
        }
    }
}
