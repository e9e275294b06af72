//! Findings in every format: as they are in JSON, flattened into columns for CSV and
//! workbooks, and condensed for the terminal.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use comfy_table::Color;
use keyaki_core::{Finding, Severity};

use crate::xlsx::{Page, write_pages};
use crate::{
    Cell, Column, Coverage, CoverageStatus, Error, FrameworkCoverage, RenderOptions, Sheet,
};

/// A pretty JSON array of findings, each in its documented JSON shape.
pub(crate) fn write_json(findings: &[Finding], out: impl Write) -> Result<(), Error> {
    let mut out = BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, findings)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// One compact JSON finding per line.
pub(crate) fn write_jsonl(findings: &[Finding], out: impl Write) -> Result<(), Error> {
    let mut out = BufWriter::new(out);
    for finding in findings {
        serde_json::to_writer(&mut out, finding)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// CSV with one flattened finding per record.
pub(crate) fn write_csv(findings: &[Finding], out: impl Write) -> Result<(), Error> {
    flattened(findings)?.write_csv(out)
}

/// A table of severity, rule, resource and title, then a count by severity.
pub(crate) fn write_table(
    findings: &[Finding],
    mut out: impl Write,
    options: &RenderOptions,
) -> Result<(), Error> {
    if findings.is_empty() {
        writeln!(out, "no findings")?;
        out.flush()?;
        return Ok(());
    }
    let mut sheet = Sheet::new(
        "Findings",
        [
            Column::new("severity", "Severity"),
            Column::new("rule_id", "Rule"),
            Column::new("resource_arn", "Resource"),
            Column::new("title", "Title"),
        ],
    )?;
    for f in findings {
        sheet.push_row([
            f.severity.into(),
            (&f.rule_id).into(),
            (&f.resource_arn).into(),
            (&f.title).into(),
        ])?;
    }
    crate::table::write(&sheet, &mut out, options, |row, column| {
        let finding = findings.get(row).filter(|_| column == 0)?;
        Some(severity_color(finding.severity))
    })?;
    writeln!(out, "{}", count_line(findings))?;
    out.flush()?;
    Ok(())
}

/// A workbook with every finding on "Findings" and counts on "Summary"; with `coverage`, a
/// count per framework on "Summary" and one worksheet per framework, requirement by
/// requirement.
pub(crate) fn write_xlsx(
    findings: &[Finding],
    mut out: impl Write,
    coverage: Option<&Coverage>,
) -> Result<(), Error> {
    let all = flattened(findings)?;
    let (by_severity, by_rule) = summary(findings)?;
    let by_framework = coverage.map(framework_summary).transpose()?;
    let frameworks: Vec<Sheet> = coverage
        .map(|c| c.frameworks().iter().map(framework_sheet).collect())
        .transpose()?
        .unwrap_or_default();
    let mut summary_tables = vec![&by_severity, &by_rule];
    summary_tables.extend(by_framework.as_ref());
    let mut pages = vec![
        Page {
            name: "Findings",
            tables: vec![&all],
        },
        Page {
            name: "Summary",
            tables: summary_tables,
        },
    ];
    pages.extend(frameworks.iter().map(|sheet| Page {
        name: sheet.name(),
        tables: vec![sheet],
    }));
    let bytes = write_pages(&pages)?;
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(())
}

/// Per framework: requirements by coverage status, and how many pass or fail.
fn framework_summary(coverage: &Coverage) -> Result<Sheet, Error> {
    let mut sheet = Sheet::new(
        "By framework",
        [
            Column::new("framework", "Framework"),
            Column::new("requirements", "Requirements"),
            Column::new("automated", "Automated"),
            Column::new("manual", "Manual"),
            Column::new("not_yet", "Not yet"),
            Column::new("passing", "Passing"),
            Column::new("failing", "Failing"),
        ],
    )?;
    for f in coverage.frameworks() {
        sheet.push_row([
            Cell::from(f.id.as_str()),
            f.requirements.len().into(),
            f.automated().into(),
            f.count(CoverageStatus::Manual).into(),
            f.count(CoverageStatus::NotYet).into(),
            f.passing().into(),
            f.failing().into(),
        ])?;
    }
    Ok(sheet)
}

/// One framework, one requirement per row: whether it is checked, by which rules, and the
/// pass and fail counts of this run.
fn framework_sheet(framework: &FrameworkCoverage) -> Result<Sheet, Error> {
    let mut sheet = Sheet::new(
        framework.id.as_str(),
        [
            Column::new("requirement", "Requirement"),
            Column::new("title", "Title"),
            Column::new("status", "Status"),
            Column::new("rules", "Rules"),
            Column::new("pass", "Pass"),
            Column::new("fail", "Fail"),
        ],
    )?;
    for r in &framework.requirements {
        sheet.push_row([
            Cell::from(r.id.as_str()),
            non_empty(&r.title),
            r.status.as_str().into(),
            non_empty(&r.rules.join(", ")),
            r.pass.into(),
            r.fail.into(),
        ])?;
    }
    Ok(sheet)
}

/// Every field of every finding, one column each; nested fields flattened to text.
fn flattened(findings: &[Finding]) -> Result<Sheet, Error> {
    let mut sheet = Sheet::new(
        "Findings",
        [
            Column::new("id", "ID"),
            Column::new("rule_id", "Rule"),
            Column::new("severity", "Severity"),
            Column::new("title", "Title"),
            Column::new("resource_arn", "Resource"),
            Column::new("account", "Account"),
            Column::new("region", "Region"),
            Column::new("remediation", "Remediation"),
            Column::new("remediation_cli", "Remediation CLI"),
            Column::new("compliance", "Compliance"),
            Column::new("evidence", "Evidence"),
        ],
    )?;
    for f in findings {
        let compliance = f
            .compliance
            .iter()
            .map(|c| format!("{}:{}", c.framework, c.requirement))
            .collect::<Vec<_>>()
            .join(";");
        let evidence = match &f.evidence {
            serde_json::Value::Null => Cell::Empty,
            value => Cell::Text(value.to_string()),
        };
        sheet.push_row([
            (&f.id).into(),
            (&f.rule_id).into(),
            f.severity.into(),
            (&f.title).into(),
            (&f.resource_arn).into(),
            f.account.as_ref().into(),
            f.region.as_ref().into(),
            non_empty(&f.remediation.text),
            f.remediation.cli.as_ref().into(),
            non_empty(&compliance),
            evidence,
        ])?;
    }
    Ok(sheet)
}

fn non_empty(text: &str) -> Cell {
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::from(text)
    }
}

/// Counts per severity (most severe first, with a total) and per rule (worst rules first).
fn summary(findings: &[Finding]) -> Result<(Sheet, Sheet), Error> {
    // Counts indexed like `Severity::ALL`, lowest first.
    let mut totals = [0_usize; SEVERITIES];
    let mut rules: BTreeMap<&str, [usize; SEVERITIES]> = BTreeMap::new();
    for f in findings {
        let at = severity_index(f.severity);
        totals[at] += 1;
        rules.entry(&f.rule_id).or_default()[at] += 1;
    }

    let mut by_severity = Sheet::new(
        "By severity",
        [
            Column::new("severity", "Severity"),
            Column::new("findings", "Findings"),
        ],
    )?;
    for severity in Severity::ALL.into_iter().rev() {
        by_severity.push_row([severity.into(), totals[severity_index(severity)].into()])?;
    }
    by_severity.push_row(["total".into(), findings.len().into()])?;

    let mut columns = vec![
        Column::new("rule_id", "Rule"),
        Column::new("findings", "Findings"),
    ];
    columns.extend(
        Severity::ALL
            .into_iter()
            .rev()
            .map(|s| Column::new(s.as_str(), severity_header(s))),
    );
    let mut by_rule = Sheet::new("By rule", columns)?;
    let mut ranked: Vec<(&str, [usize; SEVERITIES])> = rules.into_iter().collect();
    // Worst first: compare the counts from critical down; then by rule id.
    ranked.sort_by(|(a_rule, a), (b_rule, b)| {
        b.iter()
            .rev()
            .cmp(a.iter().rev())
            .then_with(|| a_rule.cmp(b_rule))
    });
    for (rule, counts) in ranked {
        let total: usize = counts.iter().sum();
        let mut row = vec![Cell::from(rule), Cell::from(total)];
        row.extend(counts.iter().rev().map(|&n| Cell::from(n)));
        by_rule.push_row(row)?;
    }
    Ok((by_severity, by_rule))
}

const SEVERITIES: usize = Severity::ALL.len();

fn severity_header(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Informational => "Informational",
    }
}

fn severity_index(severity: Severity) -> usize {
    Severity::ALL
        .iter()
        .position(|&s| s == severity)
        .unwrap_or_default()
}

fn severity_color(severity: Severity) -> Color {
    match severity {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
        Severity::Informational => Color::Grey,
    }
}

/// `3 findings: 1 critical, 2 high`.
fn count_line(findings: &[Finding]) -> String {
    let counts: Vec<String> = Severity::ALL
        .into_iter()
        .rev()
        .filter_map(|severity| {
            let n = findings.iter().filter(|f| f.severity == severity).count();
            (n > 0).then(|| format!("{n} {severity}"))
        })
        .collect();
    let noun = if findings.len() == 1 {
        "finding"
    } else {
        "findings"
    };
    format!("{} {noun}: {}", findings.len(), counts.join(", "))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    use keyaki_core::{AccountId, Region};
    use serde_json::json;

    use super::*;
    use crate::FindingFormat;

    fn findings() -> Vec<Finding> {
        let account = AccountId::new("123456789012").expect("account");
        let region = Region::new("us-east-1").expect("region");
        vec![
            Finding::builder("ec2.sg-open-ssh", "SSH open to the internet", Severity::High)
                .resource("arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b")
                .account(Some(account.clone()))
                .region(Some(region.clone()))
                .evidence(json!({"port": 22, "cidr": "0.0.0.0/0"}))
                .remediation(
                    "Remove the rule, or restrict it to known \"admin\" ranges",
                    Some("aws ec2 revoke-security-group-ingress --group-id sg-0a1b --protocol tcp --port 22 --cidr 0.0.0.0/0".into()),
                )
                .compliance("fsbp", "EC2.13")
                .compliance("cis-3.0", "5.2")
                .build(),
            Finding::builder("iam.root-mfa", "Root user has no MFA", Severity::Critical)
                .resource("arn:aws:iam::123456789012:root")
                .account(Some(account))
                .remediation("Enable MFA on the root user", None)
                .compliance("cis-3.0", "1.5")
                .build(),
            Finding::builder("ec2.sg-open-ssh", "SSH open to the internet", Severity::High)
                .resource("sg-9z8y")
                .region(Some(region))
                .evidence(json!({"port": 22, "note": "line one\nline two"}))
                .build(),
        ]
    }

    fn render(format: FindingFormat, findings: &[Finding]) -> String {
        let mut out = Vec::new();
        format
            .write(findings, &mut out, &RenderOptions::new().width(Some(100)))
            .expect("render");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn json_is_the_documented_shape() {
        let text = render(FindingFormat::Json, &findings()[1..2]);
        insta::assert_snapshot!(text, @r#"
        [
          {
            "id": "b4197cfde250ba090c444ab280b59d59",
            "rule_id": "iam.root-mfa",
            "title": "Root user has no MFA",
            "severity": "critical",
            "resource_arn": "arn:aws:iam::123456789012:root",
            "account": "123456789012",
            "region": null,
            "evidence": null,
            "remediation": {
              "text": "Enable MFA on the root user"
            },
            "compliance": [
              {
                "framework": "cis-3.0",
                "requirement": "1.5"
              }
            ]
          }
        ]
        "#);
        let back: Vec<Finding> =
            serde_json::from_str(&render(FindingFormat::Json, &findings())).expect("parses back");
        assert_eq!(back, findings());
    }

    #[test]
    fn jsonl_is_one_finding_per_line() {
        let text = render(FindingFormat::Jsonl, &findings());
        let back: Vec<Finding> = text
            .lines()
            .map(|line| serde_json::from_str(line).expect("one finding"))
            .collect();
        assert_eq!(back, findings());
        insta::assert_snapshot!(text.lines().nth(1).expect("second line"), @r#"{"id":"b4197cfde250ba090c444ab280b59d59","rule_id":"iam.root-mfa","title":"Root user has no MFA","severity":"critical","resource_arn":"arn:aws:iam::123456789012:root","account":"123456789012","region":null,"evidence":null,"remediation":{"text":"Enable MFA on the root user"},"compliance":[{"framework":"cis-3.0","requirement":"1.5"}]}"#);
    }

    #[test]
    fn csv_flattens_every_field() {
        insta::assert_snapshot!(render(FindingFormat::Csv, &findings()), @r#"
        id,rule_id,severity,title,resource_arn,account,region,remediation,remediation_cli,compliance,evidence
        0d33d300c17188e99233e314dcad4968,ec2.sg-open-ssh,high,SSH open to the internet,arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b,123456789012,us-east-1,"Remove the rule, or restrict it to known ""admin"" ranges",aws ec2 revoke-security-group-ingress --group-id sg-0a1b --protocol tcp --port 22 --cidr 0.0.0.0/0,cis-3.0:5.2;fsbp:EC2.13,"{""port"":22,""cidr"":""0.0.0.0/0""}"
        b4197cfde250ba090c444ab280b59d59,iam.root-mfa,critical,Root user has no MFA,arn:aws:iam::123456789012:root,123456789012,,Enable MFA on the root user,,cis-3.0:1.5,
        8bf6b9442a449fc4936d5b05bc7dab9f,ec2.sg-open-ssh,high,SSH open to the internet,sg-9z8y,,us-east-1,,,,"{""port"":22,""note"":""line one\nline two""}"
        "#);
    }

    #[test]
    fn table_shows_the_essentials_and_a_count() {
        insta::assert_snapshot!(render(FindingFormat::Table, &findings()), @"
        ╭──────────┬─────────────────┬──────────────────────────────────────────┬──────────────────────────╮
        │ Severity ┆ Rule            ┆ Resource                                 ┆ Title                    │
        ╞══════════╪═════════════════╪══════════════════════════════════════════╪══════════════════════════╡
        │ high     ┆ ec2.sg-open-ssh ┆ arn:aws:ec2:us-east-1:123456789012:secur ┆ SSH open to the internet │
        │          ┆                 ┆ ity-group/sg-0a1b                        ┆                          │
        │ critical ┆ iam.root-mfa    ┆ arn:aws:iam::123456789012:root           ┆ Root user has no MFA     │
        │ high     ┆ ec2.sg-open-ssh ┆ sg-9z8y                                  ┆ SSH open to the internet │
        ╰──────────┴─────────────────┴──────────────────────────────────────────┴──────────────────────────╯
        3 findings: 1 critical, 2 high
        ");
    }

    #[test]
    fn table_colours_severities_when_asked() {
        let mut out = Vec::new();
        FindingFormat::Table
            .write(
                &findings(),
                &mut out,
                &RenderOptions::new().width(Some(100)).color(true),
            )
            .expect("render");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.contains("\u{1b}[38;5;9m")
                || text.contains("\u{1b}[31m")
                || text.contains("\u{1b}[91m"),
            "{text:?}"
        );
    }

    #[test]
    fn no_findings() {
        assert_eq!(render(FindingFormat::Table, &[]), "no findings\n");
        assert_eq!(render(FindingFormat::Json, &[]), "[]\n");
        assert_eq!(render(FindingFormat::Jsonl, &[]), "");
        assert_eq!(
            render(FindingFormat::Csv, &[]),
            "id,rule_id,severity,title,resource_arn,account,region,remediation,remediation_cli,compliance,evidence\n"
        );
        let mut book = workbook(&[]);
        let findings = book.worksheet_range("Findings").expect("findings");
        assert_eq!(findings.get_size(), (1, 11));
        let summary = book.worksheet_range("Summary").expect("summary");
        assert_eq!(summary[(6, 1)], Data::Float(0.0), "total");
    }

    fn workbook(findings: &[Finding]) -> Xlsx<Cursor<Vec<u8>>> {
        let mut bytes = Vec::new();
        FindingFormat::Xlsx
            .write(findings, &mut bytes, &RenderOptions::new())
            .expect("xlsx");
        open_workbook_from_rs(Cursor::new(bytes)).expect("readable workbook")
    }

    fn strings(range: &calamine::Range<Data>, row: usize) -> Vec<String> {
        (0..range.width())
            .map(|c| range.get((row, c)).map(Data::to_string).unwrap_or_default())
            .collect()
    }

    #[test]
    fn xlsx_has_findings_and_a_summary() {
        let mut book = workbook(&findings());
        assert_eq!(book.sheet_names(), ["Findings", "Summary"]);

        let all = book.worksheet_range("Findings").expect("findings");
        assert_eq!(all.get_size(), (4, 11));
        assert_eq!(
            strings(&all, 0),
            [
                "ID",
                "Rule",
                "Severity",
                "Title",
                "Resource",
                "Account",
                "Region",
                "Remediation",
                "Remediation CLI",
                "Compliance",
                "Evidence"
            ]
        );
        assert_eq!(all[(1, 5)], Data::String("123456789012".into()));
        assert_eq!(all[(1, 9)], Data::String("cis-3.0:5.2;fsbp:EC2.13".into()));
        assert_eq!(
            all[(1, 10)],
            Data::String(r#"{"port":22,"cidr":"0.0.0.0/0"}"#.into())
        );
        assert_eq!(all[(2, 6)], Data::Empty, "global resource: no region");

        // Severity counts from column A, rule counts from column D.
        let summary = book.worksheet_range("Summary").expect("summary");
        let column = |c: usize| -> Vec<String> {
            (0..summary.height())
                .map(|r| summary.get((r, c)).map(Data::to_string).unwrap_or_default())
                .collect()
        };
        assert_eq!(
            column(0),
            [
                "Severity",
                "critical",
                "high",
                "medium",
                "low",
                "informational",
                "total"
            ]
        );
        assert_eq!(column(1), ["Findings", "1", "2", "0", "0", "0", "3"]);
        assert_eq!(summary[(1, 1)], Data::Float(1.0));
        assert_eq!(
            strings(&summary, 0)[3..],
            [
                "Rule",
                "Findings",
                "Critical",
                "High",
                "Medium",
                "Low",
                "Informational"
            ]
        );
        // The worst rule first: a critical outranks two highs.
        assert_eq!(
            strings(&summary, 1)[3..],
            ["iam.root-mfa", "1", "1", "0", "0", "0", "0"]
        );
        assert_eq!(
            strings(&summary, 2)[3..],
            ["ec2.sg-open-ssh", "2", "0", "2", "0", "0", "0"]
        );
    }

    #[test]
    fn count_line_reads_naturally() {
        let all = findings();
        assert_eq!(count_line(&all), "3 findings: 1 critical, 2 high");
        assert_eq!(count_line(&all[..1]), "1 finding: 1 high");
    }
}
