//! `keyaki diff`: what changed between two snapshots, resources and findings.

use std::io::Write;

use anyhow::Context;
use keyaki_rules::{ChangeKind, CheckOptions, DiffOptions, Framework, ResourceRef, SnapshotDiff};

use crate::ExitStatus;
use crate::cli::{DiffArgs, DiffFormat};
use crate::output;

pub fn run(args: DiffArgs) -> anyhow::Result<ExitStatus> {
    let framework = args
        .framework
        .as_deref()
        .map(str::parse::<Framework>)
        .transpose()?;
    let old = super::load_snapshot(&args.old)?;
    let new = super::load_snapshot(&args.new)?;
    let options = DiffOptions {
        check: CheckOptions {
            framework,
            ..CheckOptions::default()
        },
        ..DiffOptions::default()
    };
    let diff = keyaki_rules::diff(&old, &new, &options);
    let mut out = output::open(None)?;
    match args.format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &diff)?;
            writeln!(out)?;
        }
        DiffFormat::Table => write_human(&mut out, &diff)?,
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitStatus::Success)
}

/// `AWS::EC2::SecurityGroup sg-0123 (web-sg)` or the ARN.
fn resource(r: &ResourceRef) -> String {
    let id = r.arn.as_deref().unwrap_or(&r.id);
    let mut text = format!("{:<28} {id}", r.resource_type);
    if let Some(name) = r
        .name
        .as_deref()
        .filter(|n| *n != r.id && Some(*n) != r.arn.as_deref())
    {
        text.push_str(&format!(" ({name})"));
    }
    text
}

fn value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(none)".to_owned(),
        other => other.to_string(),
    }
}

fn write_human(out: &mut dyn Write, diff: &SnapshotDiff) -> anyhow::Result<()> {
    let s = &diff.summary;
    writeln!(
        out,
        "{} added, {} removed, {} changed, {} unchanged; findings: {} appeared, {} resolved",
        s.added, s.removed, s.changed, s.unchanged, s.findings_appeared, s.findings_resolved
    )?;
    if !diff.added.is_empty() {
        writeln!(out, "\nadded:")?;
        for r in &diff.added {
            writeln!(out, "  + {}", resource(r))?;
        }
    }
    if !diff.removed.is_empty() {
        writeln!(out, "\nremoved:")?;
        for r in &diff.removed {
            writeln!(out, "  - {}", resource(r))?;
        }
    }
    if !diff.changed.is_empty() {
        writeln!(out, "\nchanged:")?;
        for c in &diff.changed {
            writeln!(out, "  ~ {}", resource(&c.resource))?;
            for change in &c.changes {
                let kind = match change.kind {
                    ChangeKind::Added => "added",
                    ChangeKind::Removed => "removed",
                    ChangeKind::Changed => "changed",
                };
                writeln!(
                    out,
                    "      {}: {} -> {} ({kind})",
                    change.path,
                    value(&change.old),
                    value(&change.new)
                )?;
            }
        }
    }
    if !diff.findings.appeared.is_empty() {
        writeln!(out, "\nfindings appeared:")?;
        for f in &diff.findings.appeared {
            writeln!(
                out,
                "  + {:<8} {} {}: {}",
                f.severity, f.rule_id, f.resource_arn, f.title
            )?;
        }
    }
    if !diff.findings.resolved.is_empty() {
        writeln!(out, "\nfindings resolved:")?;
        for r in &diff.findings.resolved {
            let f = &r.result;
            let now = r
                .status_now
                .map_or_else(|| "resource gone".to_owned(), |s| format!("now {s}"));
            writeln!(
                out,
                "  - {:<8} {} {}: {} ({now})",
                f.severity, f.rule_id, f.resource_arn, f.title
            )?;
        }
    }
    Ok(())
}
