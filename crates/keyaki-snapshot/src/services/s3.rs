//! S3: not modelled yet.

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::source::Place;
use crate::{LoadError, Warning};

/// What one S3 file holds.
#[derive(Debug)]
pub enum Output {}

/// The S3 data of one account (or region).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct S3 {}

pub(crate) fn recognize(_doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    None
}

impl S3 {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, _warnings: &mut Vec<Warning>) {
        match output {}
    }

    pub(crate) fn inventory(&self, _scope: &Scope, _out: &mut Vec<InventoryItem>) {}
}
