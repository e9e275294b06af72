//! The renderers shared by every keyaki command: what a command found, written as a
//! terminal table, CSV, JSON, JSON Lines, an Excel workbook, or a format for another tool
//! (SARIF, ASFF, OCSF) or for a browser (HTML).
//!
//! Two kinds of results are rendered:
//!
//! - **Rows**: a [`Sheet`] is a named table of [`Column`]s and rows of [`Cell`]s (text,
//!   integers, booleans, timestamps, empty). Inventories and query answers are sheets.
//!   A sheet writes itself in each format ([`Sheet::write_table`], [`Sheet::write_csv`],
//!   [`Sheet::write_json`], [`Sheet::write_jsonl`]); a [`Workbook`] writes many sheets as
//!   one `.xlsx` file, one worksheet each. [`SheetFormat`] picks a format by name.
//! - **Findings**: [`FindingFormat`] writes a list of [`keyaki_core::Finding`]s as a table,
//!   JSON, JSON Lines, flattened CSV, a workbook with a summary, SARIF 2.1.0, the AWS
//!   Security Finding Format, OCSF 1.8.0 events, or a self-contained HTML report. A
//!   [`Coverage`] (frameworks, requirement by requirement, with what the run found) adds a
//!   worksheet per framework to the workbook and a coverage section to the HTML report; the
//!   caller builds it, so this crate knows no framework.
//!
//! Machine formats (CSV, JSON) name fields by column key; formats for people (the table, the
//! workbook) title columns by header. [`RenderOptions`] says whether the table may use colour
//! and how wide it may be, what kind of findings these are ([`FindingKind`]), the time stamp
//! and the coverage. Every failure is an [`Error`].
//!
//! ```
//! use keyaki_core::{Finding, Severity};
//! use keyaki_report::{Cell, Column, FindingFormat, RenderOptions, Sheet};
//!
//! // Rows: an inventory of security groups.
//! let mut sheet = Sheet::new("Security groups", [
//!     Column::new("group_id", "Group ID"),
//!     Column::new("open_to_world", "Open to the world"),
//!     Column::new("rules", "Rules"),
//! ])?;
//! sheet.push_row(["sg-0a1b".into(), Cell::from(true), Cell::from(3_u32)])?;
//! sheet.push_row(["sg-2c3d".into(), Cell::from(false), Cell::from(1_u32)])?;
//!
//! let mut csv = Vec::new();
//! sheet.write_csv(&mut csv)?;
//! assert_eq!(
//!     String::from_utf8_lossy(&csv),
//!     "group_id,open_to_world,rules\nsg-0a1b,true,3\nsg-2c3d,false,1\n",
//! );
//!
//! // Findings: what a check found.
//! let findings = [Finding::builder("ec2.sg-open-ssh", "SSH open to the internet", Severity::High)
//!     .resource("arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b")
//!     .build()];
//! let mut jsonl = Vec::new();
//! FindingFormat::Jsonl.write(&findings, &mut jsonl, &RenderOptions::new())?;
//! assert_eq!(jsonl.iter().filter(|&&b| b == b'\n').count(), 1);
//! # Ok::<(), keyaki_report::Error>(())
//! ```

mod asff;
mod cell;
mod coverage;
mod csv;
mod error;
mod findings;
mod format;
mod html;
mod json;
mod ocsf;
mod options;
mod sarif;
mod sheet;
mod table;
mod xlsx;

pub use cell::Cell;
pub use coverage::{Coverage, CoverageStatus, FrameworkCoverage, RequirementCoverage};
pub use error::Error;
pub use format::{FindingFormat, SheetFormat};
pub use options::{FindingKind, RenderOptions};
pub use sheet::{Column, Sheet};
pub use xlsx::Workbook;
