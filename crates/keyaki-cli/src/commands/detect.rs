//! `keyaki detect`: detections over a lake, reported as findings.

use std::io::Write;

use anyhow::{Context, bail};
use keyaki_lake::Detection;
use keyaki_report::{Column, FindingFormat, FindingKind, Sheet};

use crate::ExitStatus;
use crate::cli::{DetectArgs, DetectFormat};
use crate::output;

pub fn run(args: DetectArgs) -> anyhow::Result<ExitStatus> {
    let detections = detections(&args)?;
    output::refuse_binary_on_terminal(args.format == DetectFormat::Xlsx, args.output.as_deref())?;
    if args.list {
        if matches!(args.format, DetectFormat::Ocsf | DetectFormat::Html) {
            bail!("--list writes table, json, jsonl, csv or xlsx; ocsf and html are for findings");
        }
        let mut out = output::open(args.output.as_deref())?;
        list(&mut out, &detections, &args)?;
        out.flush().context("cannot write the output")?;
        return Ok(ExitStatus::Success);
    }
    let Some(lake_dir) = &args.lake else {
        bail!("give the lake to run the detections on: keyaki detect LAKE");
    };
    let lake = super::open_lake(lake_dir)?;
    if let Some(path) = &args.ioc {
        lake.set_iocs(&super::query::read_iocs(path)?)
            .context("cannot load the indicator list")?;
    }
    let report = keyaki_lake::detect(&lake, &detections);
    let mut out = output::open(args.output.as_deref())?;
    let options = output::table_options(args.output.as_deref())
        .kind(FindingKind::Detection)
        .title(format!("keyaki detect {}", lake_dir.display()));
    let format = match args.format {
        DetectFormat::Table => FindingFormat::Table,
        DetectFormat::Json => FindingFormat::Json,
        DetectFormat::Jsonl => FindingFormat::Jsonl,
        DetectFormat::Csv => FindingFormat::Csv,
        DetectFormat::Xlsx => FindingFormat::Xlsx,
        DetectFormat::Ocsf => FindingFormat::Ocsf,
        DetectFormat::Html => FindingFormat::Html,
    };
    format.write(&report.findings, &mut out, &options)?;
    if args.format == DetectFormat::Table {
        writeln!(
            out,
            "{} detections run; details of each finding: --format json",
            report.detections_run
        )?;
    }
    out.flush().context("cannot write the output")?;
    if !report.errors.is_empty() {
        let mut stderr = std::io::stderr().lock();
        for e in &report.errors {
            let _ = writeln!(
                stderr,
                "error: detection {} could not run: {}",
                e.detection_id, e.error
            );
        }
        let _ = writeln!(
            stderr,
            "error: {} of {} detections could not run; the findings above are from the others",
            report.errors.len(),
            report.detections_run
        );
        return Ok(ExitStatus::Error);
    }
    Ok(super::fail_on_status(&report.findings, args.fail_on))
}

/// The built-in detections (unless `--no-builtin`) and those of `--rules`.
fn detections(args: &DetectArgs) -> anyhow::Result<Vec<Detection>> {
    let mut all = if args.no_builtin {
        Vec::new()
    } else {
        keyaki_lake::builtin_detections()
    };
    for path in &args.rules {
        let mine = keyaki_lake::load_detections(path)
            .with_context(|| format!("cannot load the detections in {}", path.display()))?;
        if mine.is_empty() {
            bail!("{}: no .sql detection files", path.display());
        }
        for d in mine {
            if let Some(other) = all.iter().find(|o| o.id == d.id) {
                bail!(
                    "{}: detection id {:?} is already defined in {}",
                    d.origin,
                    d.id,
                    other.origin
                );
            }
            all.push(d);
        }
    }
    for path in &args.sigma {
        let set = keyaki_lake::load_sigma_rules(path)
            .with_context(|| format!("cannot load the Sigma rules in {}", path.display()))?;
        if set.rules.is_empty() && set.unsupported.is_empty() {
            bail!("{}: no .yml Sigma rules", path.display());
        }
        let mut stderr = std::io::stderr().lock();
        for (file, reason) in &set.unsupported {
            let _ = writeln!(
                stderr,
                "warning: {}: Sigma rule not run: {reason}",
                file.display()
            );
        }
        if !set.unsupported.is_empty() {
            let _ = writeln!(
                stderr,
                "warning: {} of {} Sigma rules in {} not run (unsupported); the others run",
                set.unsupported.len(),
                set.rules.len() + set.unsupported.len(),
                path.display()
            );
        }
        for d in set.rules {
            if let Some(other) = all.iter().find(|o| o.id == d.id) {
                bail!(
                    "{}: detection id {:?} is already defined in {}",
                    d.origin,
                    d.id,
                    other.origin
                );
            }
            all.push(d);
        }
    }
    if all.is_empty() {
        bail!("no detections to run: --no-builtin needs --rules PATH or --sigma PATH");
    }
    Ok(all)
}

/// `--list`: id, severity, title, MITRE techniques, GuardDuty type, origin.
fn list(out: &mut dyn Write, detections: &[Detection], args: &DetectArgs) -> anyhow::Result<()> {
    match args.format {
        DetectFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, detections)?;
            writeln!(out)?;
        }
        DetectFormat::Jsonl => {
            for d in detections {
                serde_json::to_writer(&mut *out, d)?;
                writeln!(out)?;
            }
        }
        format => {
            let mut sheet = Sheet::new(
                "Detections",
                [
                    Column::new("id", "Id"),
                    Column::new("severity", "Severity"),
                    Column::new("title", "Title").width(60),
                    Column::new("mitre", "MITRE"),
                    Column::new("guardduty", "GuardDuty").width(50),
                    Column::new("origin", "Defined in"),
                ],
            )?;
            for d in detections {
                sheet.push_row([
                    d.id.as_str().into(),
                    d.severity.into(),
                    d.title.as_str().into(),
                    d.mitre.join(", ").into(),
                    d.guardduty.clone().into(),
                    d.origin.as_str().into(),
                ])?;
            }
            match format {
                DetectFormat::Csv => sheet.write_csv(&mut *out)?,
                DetectFormat::Xlsx => keyaki_report::SheetFormat::Xlsx.write(
                    &sheet,
                    &mut *out,
                    &Default::default(),
                )?,
                _ => {
                    sheet.write_table(&mut *out, &output::table_options(args.output.as_deref()))?;
                    writeln!(out, "{} detections", detections.len())?;
                }
            }
        }
    }
    Ok(())
}
