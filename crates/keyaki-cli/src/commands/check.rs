//! `keyaki check`: the compliance rules on a snapshot, with evidence and a fix for each failure.

use std::io::Write;

use anyhow::Context;
use keyaki_report::{
    Coverage, CoverageStatus, FindingFormat, FindingKind, FrameworkCoverage, RenderOptions,
    RequirementCoverage,
};
use keyaki_rules::{
    Catalog, CheckOptions, CheckReport, CheckResult, CustomRules, Framework, Status, Suppressions,
};

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
    let custom = match &args.custom_rules {
        Some(dir) => CustomRules::load(dir)?,
        None => CustomRules::default(),
    };
    let snapshot = super::load_snapshot(&args.snapshot)?;
    let options = CheckOptions {
        framework,
        severity: args.severity.map(Into::into),
        rules: args.rules.clone(),
        suppressions,
        now: None,
        custom,
        no_builtin: args.no_builtin,
    };
    let report = keyaki_rules::check(&snapshot, &options);
    let findings = report.findings();

    output::refuse_binary_on_terminal(args.format == CheckFormat::Xlsx, args.output.as_deref())?;
    let mut out = output::open(args.output.as_deref())?;
    let plain = RenderOptions::default();
    // The workbook, OCSF and HTML name the frameworks and show their coverage.
    let rich = || {
        RenderOptions::default()
            .kind(FindingKind::Compliance)
            .coverage(coverage(&report, framework))
            .title(format!("keyaki check {}", args.snapshot.display()))
    };
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
        CheckFormat::Xlsx => FindingFormat::Xlsx.write(&findings, &mut out, &rich())?,
        CheckFormat::Sarif => FindingFormat::Sarif.write(&findings, &mut out, &plain)?,
        CheckFormat::Asff => FindingFormat::Asff.write(&findings, &mut out, &plain)?,
        CheckFormat::Ocsf => FindingFormat::Ocsf.write(&findings, &mut out, &rich())?,
        CheckFormat::Html => FindingFormat::Html.write(&findings, &mut out, &rich())?,
    }
    out.flush().context("cannot write the output")?;
    Ok(super::fail_on_status(&findings, args.fail_on))
}

/// Every requirement of `framework` (or of every framework), with the rules that check it and
/// the passing and open failing results of this run.
fn coverage(report: &CheckReport, framework: Option<Framework>) -> Coverage {
    let catalog = Catalog::builtin();
    let frameworks = framework.map_or_else(|| Framework::ALL.to_vec(), |f| vec![f]);
    Coverage::new(
        frameworks
            .into_iter()
            .map(|f| FrameworkCoverage {
                id: f.id().to_owned(),
                name: f.name().to_owned(),
                requirements: f
                    .requirements()
                    .into_iter()
                    .map(|q| {
                        let bears = |r: &&CheckResult| {
                            r.compliance
                                .iter()
                                .any(|c| c.framework == f.id() && c.requirement == q.id)
                        };
                        // The built-in rules that check it, and any other rule (a custom one)
                        // whose results say they bear on it.
                        let mut rules: Vec<String> = catalog
                            .rules_for(f, q.id)
                            .iter()
                            .map(|r| r.id.to_owned())
                            .collect();
                        for r in report.results.iter().filter(bears) {
                            if !rules.contains(&r.rule_id) {
                                rules.push(r.rule_id.clone());
                            }
                        }
                        let status = if !rules.is_empty() {
                            CoverageStatus::Automated
                        } else if q.manual {
                            CoverageStatus::Manual
                        } else {
                            CoverageStatus::NotYet
                        };
                        let (pass, fail) =
                            report
                                .results
                                .iter()
                                .filter(bears)
                                .fold((0, 0), |(p, x), r| {
                                    (
                                        p + usize::from(r.status == Status::Pass),
                                        x + usize::from(r.is_open_failure()),
                                    )
                                });
                        RequirementCoverage {
                            id: q.id.to_owned(),
                            title: q.title.to_owned(),
                            status,
                            rules,
                            pass,
                            fail,
                        }
                    })
                    .collect(),
            })
            .collect(),
    )
}
