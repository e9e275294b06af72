//! `keyaki snapshot validate`: what a snapshot holds, and what is wrong with it.

use std::io::Write;

use keyaki_snapshot::{LoadError, Snapshot, Warning};
use serde::Serialize;

use crate::ExitStatus;
use crate::cli::{ValidateArgs, ValidateFormat};
use crate::output;

/// The JSON report (docs/formats.md#validation-report).
#[derive(Debug, Serialize)]
struct Report<'a> {
    snapshot: String,
    files: usize,
    accounts: Vec<AccountSummary>,
    resources: usize,
    counts: std::collections::BTreeMap<&'static str, usize>,
    warnings: &'a [Warning],
    errors: Vec<ErrorEntry>,
}

#[derive(Debug, Serialize)]
struct AccountSummary {
    label: String,
    id: Option<String>,
    regions: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ErrorEntry {
    path: String,
    message: String,
}

pub fn run(args: ValidateArgs) -> anyhow::Result<ExitStatus> {
    let report = Snapshot::load_report(&args.snapshot);
    let snapshot = &report.snapshot;
    let summary = Report {
        snapshot: args.snapshot.display().to_string(),
        files: snapshot.file_count(),
        accounts: snapshot.accounts().iter().map(account_summary).collect(),
        resources: snapshot.inventory().len(),
        counts: snapshot.counts(),
        warnings: snapshot.warnings(),
        errors: report.errors.iter().map(error_entry).collect(),
    };
    let mut out = output::open(None)?;
    match args.format {
        ValidateFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &summary)?;
            writeln!(out)?;
        }
        ValidateFormat::Table => print_human(&mut out, &summary)?,
    }
    out.flush()?;
    Ok(if report.errors.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

fn account_summary(account: &keyaki_snapshot::Account) -> AccountSummary {
    AccountSummary {
        label: account.label.clone(),
        id: account.id.as_ref().map(ToString::to_string),
        regions: account
            .regions
            .iter()
            .map(|r| {
                r.region
                    .as_ref()
                    .map_or_else(|| "(unknown)".to_owned(), ToString::to_string)
            })
            .collect(),
    }
}

fn error_entry(error: &LoadError) -> ErrorEntry {
    ErrorEntry {
        path: error.path().display().to_string(),
        message: error.to_string(),
    }
}

fn print_human(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    writeln!(
        out,
        "snapshot {}: {} files, {} resources",
        report.snapshot, report.files, report.resources
    )?;
    for account in &report.accounts {
        let id = account.id.as_deref().unwrap_or("unknown id");
        let label = if account.id.as_deref() == Some(account.label.as_str()) {
            String::new()
        } else {
            format!(" (folder {})", account.label)
        };
        writeln!(
            out,
            "account {id}{label}: regions {}",
            if account.regions.is_empty() {
                "none".to_owned()
            } else {
                account.regions.join(", ")
            }
        )?;
    }
    writeln!(out)?;
    for (kind, count) in &report.counts {
        writeln!(out, "{count:>8}  {kind}")?;
    }
    if !report.warnings.is_empty() {
        writeln!(out, "\n{} warnings:", report.warnings.len())?;
        for warning in report.warnings {
            writeln!(out, "  warning: {warning}")?;
        }
    }
    if report.errors.is_empty() {
        writeln!(out, "\nno errors")?;
    } else {
        writeln!(out, "\n{} errors:", report.errors.len())?;
        for error in &report.errors {
            writeln!(out, "  error: {}", error.message)?;
        }
    }
    Ok(())
}
