//! Organizations: not modelled yet.

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::source::Place;
use crate::{LoadError, Warning};

/// What one Organizations file holds.
#[derive(Debug)]
pub enum Output {}

/// The Organizations data of one account (or region).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Organizations {}

pub(crate) fn recognize(_doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    None
}

impl Organizations {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, _warnings: &mut Vec<Warning>) {
        match output {}
    }

    /// Whether no organisation file was loaded.
    pub fn is_empty(&self) -> bool {
        true
    }

    pub(crate) fn inventory(&self, _scope: &Scope, _out: &mut Vec<InventoryItem>) {}
}
