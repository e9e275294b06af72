//! `keyaki export`: a lake's CloudTrail and flow log rows as OCSF events in Parquet.

use std::io::Write;

use anyhow::Context;

use crate::ExitStatus;
use crate::cli::{ExportArgs, ExportFormat};
use crate::output;

pub fn run(args: ExportArgs) -> anyhow::Result<ExitStatus> {
    // `--ocsf` is required by the parser; it names the format so others can follow.
    debug_assert!(args.ocsf);
    if !args.lake.is_dir() {
        anyhow::bail!(
            "{}: no such directory; create a lake with `keyaki ingest --lake {} LOGS...`",
            args.lake.display(),
            args.lake.display()
        );
    }
    let report = keyaki_lake::export_ocsf(&args.lake, &args.output).with_context(|| {
        format!(
            "cannot export {} as OCSF into {}",
            args.lake.display(),
            args.output.display()
        )
    })?;
    let mut out = output::open(None)?;
    match args.format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ExportFormat::Table => {
            for (class, n) in &report.written {
                writeln!(out, "{class}: {n} events")?;
            }
            if report.written.is_empty() {
                writeln!(
                    out,
                    "no CloudTrail or VPC flow log rows in {}",
                    args.lake.display()
                )?;
            }
            writeln!(
                out,
                "{} written to {}",
                super::count(report.files.len(), "file", "files"),
                args.output.display()
            )?;
            if !report.skipped.is_empty() {
                writeln!(
                    out,
                    "{} could not be converted (see --format json), first: {}: row {}: {}",
                    super::count(report.skipped.len(), "row", "rows"),
                    report.skipped[0].file.display(),
                    report.skipped[0].row,
                    report.skipped[0].reason
                )?;
            }
        }
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitStatus::Success)
}
