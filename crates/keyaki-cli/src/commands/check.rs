//! `keyaki check`: the compliance rules on a snapshot, with evidence and a fix for each failure.

use std::io::Write;

use anyhow::Context;
use keyaki_report::{FindingFormat, RenderOptions};
use keyaki_rules::{CheckOptions, Framework, Suppressions};

use crate::ExitStatus;
use crate::cli::{CheckArgs, CheckFormat};
use crate::output;

pub fn run(args: CheckArgs) -> anyhow::Result<ExitStatus> {
    let framework = args
        .framework
        .as_deref()
        .map(str::parse::<Framework>)
        .transpose()?;
    let suppressions = match &args.suppressions {
        Some(path) => Suppressions::load(path)?,
        None => Suppressions::default(),
    };
    let snapshot = super::load_snapshot(&args.snapshot)?;
    let options = CheckOptions {
        framework,
        severity: args.severity.map(Into::into),
        rules: args.rules.clone(),
        suppressions,
        now: None,
    };
    let report = keyaki_rules::check(&snapshot, &options);
    let findings = report.findings();

    output::refuse_binary_on_terminal(args.format == CheckFormat::Xlsx, args.output.as_deref())?;
    let mut out = output::open(args.output.as_deref())?;
    let plain = RenderOptions::default();
    match args.format {
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report.results)?;
            writeln!(out)?;
        }
        CheckFormat::Table => {
            FindingFormat::Table.write(
                &findings,
                &mut out,
                &output::table_options(args.output.as_deref()),
            )?;
            let s = &report.summary;
            writeln!(
                out,
                "{} rules: {} pass, {} fail, {} suppressed, {} not applicable, {} unknown (the snapshot lacks the output a rule needs)",
                s.rules, s.pass, s.fail, s.suppressed, s.not_applicable, s.unknown
            )?;
        }
        CheckFormat::Jsonl => FindingFormat::Jsonl.write(&findings, &mut out, &plain)?,
        CheckFormat::Csv => FindingFormat::Csv.write(&findings, &mut out, &plain)?,
        CheckFormat::Xlsx => FindingFormat::Xlsx.write(&findings, &mut out, &plain)?,
        CheckFormat::Sarif => FindingFormat::Sarif.write(&findings, &mut out, &plain)?,
        CheckFormat::Asff => FindingFormat::Asff.write(&findings, &mut out, &plain)?,
    }
    out.flush().context("cannot write the output")?;
    Ok(super::fail_on_status(&findings, args.fail_on))
}
