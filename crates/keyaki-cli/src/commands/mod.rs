//! One module per command.

pub mod audit;
pub mod check;
pub mod demo;
pub mod detect;
pub mod diff;
pub mod egress;
pub mod export;
pub mod exposure;
pub mod history;
pub mod iam;
pub mod ingest;
pub mod inventory;
pub mod query;
pub mod reach;
pub mod synth;
pub mod timeline;
pub mod validate;

use std::path::Path;

use anyhow::{Context, bail};
use keyaki_core::Finding;
use keyaki_lake::Lake;
use keyaki_snapshot::Snapshot;

use crate::ExitStatus;
use crate::cli::FailOn;

/// Loads a snapshot, failing with every error found.
pub fn load_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    Snapshot::load(path).with_context(|| format!("cannot load the snapshot {}", path.display()))
}

/// Opens a lake written by `keyaki ingest`. A missing folder is an error here (the library
/// would show it as empty, which hides a mistyped path).
pub fn open_lake(path: &Path) -> anyhow::Result<Lake> {
    if !path.is_dir() {
        bail!(
            "{}: no such directory; create a lake with `keyaki ingest --lake {} LOGS...`",
            path.display(),
            path.display()
        );
    }
    Lake::open(path).with_context(|| format!("cannot open the lake {}", path.display()))
}

/// `Findings` when a finding is at or above `--fail-on`, else `Success`.
pub fn fail_on_status(findings: &[Finding], fail_on: Option<FailOn>) -> ExitStatus {
    match fail_on {
        Some(threshold) => {
            let threshold = keyaki_core::Severity::from(threshold);
            if findings.iter().any(|f| f.severity >= threshold) {
                ExitStatus::Findings
            } else {
                ExitStatus::Success
            }
        }
        None => ExitStatus::Success,
    }
}

/// `1 file`, `2 files`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
