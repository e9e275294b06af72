//! Elbv2: not modelled yet.

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::source::Place;
use crate::{LoadError, Warning};

/// What one Elbv2 file holds.
#[derive(Debug)]
pub enum Output {}

/// The Elbv2 data of one account (or region).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Elbv2 {}

pub(crate) fn recognize(_doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    None
}

impl Elbv2 {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, _warnings: &mut Vec<Warning>) {
        match output {}
    }

    pub(crate) fn inventory(&self, _scope: &Scope, _out: &mut Vec<InventoryItem>) {}
}

impl Output {
    pub(crate) fn region_hint(&self) -> Option<keyaki_core::Region> {
        match *self {}
    }
}
