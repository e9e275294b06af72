//! One module per command.

pub mod demo;
pub mod inventory;
pub mod synth;
pub mod validate;

use std::path::Path;

use anyhow::Context;
use keyaki_snapshot::Snapshot;

/// Loads a snapshot, failing with every error found.
pub fn load_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    Snapshot::load(path).with_context(|| format!("cannot load the snapshot {}", path.display()))
}
