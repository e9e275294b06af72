//! Iam: not modelled yet.

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::source::Place;
use crate::{LoadError, Warning};

/// What one Iam file holds.
#[derive(Debug)]
pub enum Output {}

/// The Iam data of one account (or region).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Iam {}

pub(crate) fn recognize(_doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    None
}

/// Recognises the decoded credential report (`iam get-credential-report`), a CSV file.
pub(crate) fn recognize_csv(
    _file: &crate::source::SourceFile,
) -> Option<Result<Output, Vec<LoadError>>> {
    None
}

impl Iam {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, _warnings: &mut Vec<Warning>) {
        match output {}
    }

    pub(crate) fn inventory(&self, _scope: &Scope, _out: &mut Vec<InventoryItem>) {}
}
