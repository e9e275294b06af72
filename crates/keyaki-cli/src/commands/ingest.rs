//! `keyaki ingest`: log files into a lake, every record accounted for.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Context;
use keyaki_lake::{Counts, FileStatus, IngestOptions, IngestReport, SourceKind};
use keyaki_report::{Cell, Column, Sheet};

use crate::ExitStatus;
use crate::cli::{IngestArgs, IngestFormat};
use crate::output;

pub fn run(args: IngestArgs) -> anyhow::Result<ExitStatus> {
    let mut options = IngestOptions::new();
    if let Some(source) = args.source {
        options = options.source(source.into());
    }
    if let Some(format) = &args.nginx_format {
        options = options.nginx_format(format);
    }
    if let Some(format) = &args.flow_format {
        options = options.flow_format(format);
    }
    if let Some(account) = &args.account {
        options = options.account(account);
    }
    if let Some(region) = &args.region {
        options = options.region(region);
    }
    if let Some(threads) = args.threads {
        options = options.threads(threads);
    }
    let report = keyaki_lake::ingest(&args.lake, &args.paths, &options)
        .with_context(|| format!("cannot ingest into the lake {}", args.lake.display()))?;
    let mut out = output::open(None)?;
    match args.format {
        IngestFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        IngestFormat::Table => write_human(&mut out, &args, &report)?,
    }
    out.flush().context("cannot write the output")?;
    let failed = report.count(|s| matches!(s, FileStatus::Failed(_)));
    if failed > 0 {
        let mut stderr = std::io::stderr().lock();
        for f in &report.files {
            if let FileStatus::Failed(reason) = &f.status {
                let _ = writeln!(stderr, "error: {}: {reason}", f.path.display());
            }
        }
        let _ = writeln!(
            stderr,
            "error: {} could not be read; the other files are in the lake",
            super::count(failed, "file", "files")
        );
        return Ok(ExitStatus::Error);
    }
    Ok(ExitStatus::Success)
}

fn write_human(
    out: &mut dyn Write,
    args: &IngestArgs,
    report: &IngestReport,
) -> anyhow::Result<()> {
    // Counts and files per source, for the files whose records were read this time.
    let mut by_source: BTreeMap<SourceKind, (usize, Counts)> = BTreeMap::new();
    for f in &report.files {
        if let (Some(source), FileStatus::Ingested) = (f.source, &f.status) {
            let entry = by_source.entry(source).or_default();
            entry.0 += 1;
            entry.1 = add(entry.1, f.counts);
        }
    }
    let ingested: usize = by_source.values().map(|(n, _)| n).sum();
    writeln!(
        out,
        "{} ingested into {} ({} given)",
        super::count(ingested, "file", "files"),
        args.lake.display(),
        super::count(report.files.len(), "input file", "input files")
    )?;
    if !by_source.is_empty() {
        let mut sheet = Sheet::new(
            "Ingest",
            [
                Column::new("source", "Source"),
                Column::new("files", "Files"),
                Column::new("read", "Read"),
                Column::new("written", "Written"),
                Column::new("quarantined", "Quarantined"),
                Column::new("skipped", "Skipped"),
            ],
        )?;
        let row = |name: &str, files: usize, c: Counts| -> Vec<Cell> {
            vec![
                name.into(),
                files.into(),
                c.read.into(),
                c.written.into(),
                c.quarantined.into(),
                c.skipped.into(),
            ]
        };
        for (source, (files, counts)) in &by_source {
            sheet.push_row(row(source.as_str(), *files, *counts))?;
        }
        sheet.push_row(row("total", ingested, report.totals))?;
        sheet.write_table(&mut *out, &output::table_options(None))?;
    }
    let already = report.count(|s| matches!(s, FileStatus::AlreadyIngested));
    if already > 0 {
        writeln!(
            out,
            "{} already in the lake (same content): nothing written",
            super::count(already, "file", "files")
        )?;
    }
    let digests = report.count(|s| matches!(s, FileStatus::DigestSkipped));
    if digests > 0 {
        writeln!(
            out,
            "{} skipped (they hold no records)",
            super::count(digests, "CloudTrail digest file", "CloudTrail digest files")
        )?;
    }
    for f in &report.files {
        match &f.status {
            FileStatus::Unrecognized(reason) => writeln!(
                out,
                "not a log keyaki reads: {}: {reason}",
                f.path.display()
            )?,
            FileStatus::Failed(reason) => writeln!(out, "failed: {}: {reason}", f.path.display())?,
            _ if f.counts.quarantined > 0 => writeln!(
                out,
                "{} quarantined: {}",
                super::count(
                    usize::try_from(f.counts.quarantined).unwrap_or(usize::MAX),
                    "record",
                    "records"
                ),
                f.path.display()
            )?,
            _ => {}
        }
    }
    if report.totals.quarantined > 0 {
        for q in &report.quarantine_files {
            writeln!(out, "quarantine, with the reasons: {}", q.display())?;
        }
    }
    writeln!(
        out,
        "records: {} read = {} written + {} quarantined + {} skipped",
        report.totals.read, report.totals.written, report.totals.quarantined, report.totals.skipped
    )?;
    Ok(())
}

fn add(a: Counts, b: Counts) -> Counts {
    Counts {
        read: a.read + b.read,
        written: a.written + b.written,
        quarantined: a.quarantined + b.quarantined,
        skipped: a.skipped + b.skipped,
    }
}
