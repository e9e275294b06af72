//! `keyaki exposure`: what the internet can reach, with the exact flows and every hop.

use std::io::Write;

use anyhow::Context;
use keyaki_net::{Exposure, ExposureReport, Network};
use keyaki_report::{Cell, Column, FindingFormat, Sheet};

use crate::ExitStatus;
use crate::cli::{ExposureArgs, FindingsFormat};
use crate::output;

pub fn run(args: ExposureArgs) -> anyhow::Result<ExitStatus> {
    let snapshot = super::load_snapshot(&args.snapshot)?;
    let net = Network::build(&snapshot);
    let report = keyaki_net::exposure(&net);
    let findings = report.to_findings();
    output::refuse_binary_on_terminal(args.format == FindingsFormat::Xlsx, args.output.as_deref())?;
    let mut out = output::open(args.output.as_deref())?;
    match args.format {
        FindingsFormat::Table => write_table(
            &mut out,
            &report,
            &output::table_options(args.output.as_deref()),
        )?,
        FindingsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        FindingsFormat::Jsonl => {
            FindingFormat::Jsonl.write(&findings, &mut out, &Default::default())?
        }
        FindingsFormat::Csv => {
            FindingFormat::Csv.write(&findings, &mut out, &Default::default())?
        }
        FindingsFormat::Xlsx => {
            FindingFormat::Xlsx.write(&findings, &mut out, &Default::default())?
        }
    }
    out.flush().context("cannot write the output")?;
    Ok(super::fail_on_status(&findings, args.fail_on))
}

/// `i-0123 (bastion)`, or the ENI and its owner when no instance is attached.
pub fn target_label(e: &Exposure) -> String {
    let id = e.instance_id.as_deref().unwrap_or(&e.eni_id);
    match (&e.name, e.owner_kind) {
        (Some(name), _) => format!("{id} ({name})"),
        (None, "load-balancer") => {
            let lb = e
                .owner
                .as_deref()
                .and_then(load_balancer_name)
                .unwrap_or("load balancer");
            format!("{id} ({lb})")
        }
        _ => id.to_owned(),
    }
}

/// `web-alb` from `arn:aws:elasticloadbalancing:...:loadbalancer/app/web-alb/50dc6c495c0c9188`.
pub fn load_balancer_name(arn: &str) -> Option<&str> {
    let rest = arn.split_once(":loadbalancer/")?.1;
    rest.split('/').nth(1)
}

/// `22`, `80,443`, `1024-65535`.
pub fn ports_text(e: &Exposure) -> String {
    if e.port_ranges == [[0, u16::MAX]] {
        return "all".to_owned();
    }
    e.port_ranges
        .iter()
        .map(|[a, b]| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `direct` or `load balancer web-alb`.
pub fn via_text(e: &Exposure) -> String {
    match &e.load_balancer {
        Some(arn) => format!(
            "load balancer {}",
            load_balancer_name(arn).unwrap_or(arn.as_str())
        ),
        None => e.via.to_owned(),
    }
}

fn write_table(
    out: &mut dyn Write,
    report: &ExposureReport,
    options: &keyaki_report::RenderOptions,
) -> anyhow::Result<()> {
    if report.findings.is_empty() {
        writeln!(
            out,
            "nothing is reachable from the internet ({} network interfaces examined)",
            report.enis_examined
        )?;
    } else {
        let mut sheet = Sheet::new(
            "Exposure",
            [
                Column::new("severity", "Severity"),
                Column::new("target", "Reachable").width(40),
                Column::new("address", "Address"),
                Column::new("protocol", "Protocol"),
                Column::new("ports", "Ports"),
                Column::new("via", "Via"),
                Column::new("sources", "From").width(40),
            ],
        )?;
        // Worst first; the JSON keeps the engine's order (account, region, VPC, ENI).
        let mut findings: Vec<&Exposure> = report.findings.iter().collect();
        findings.sort_by_key(|e| std::cmp::Reverse(e.severity));
        for e in findings {
            let address = match &e.public_address {
                Some(public) => format!("{public} -> {}", e.address),
                None => e.address.clone(),
            };
            sheet.push_row([
                Cell::from(e.severity),
                target_label(e).into(),
                address.into(),
                e.protocol.as_str().into(),
                ports_text(e).into(),
                via_text(e).into(),
                e.sources_text.as_str().into(),
            ])?;
        }
        sheet.write_table(&mut *out, options)?;
        writeln!(
            out,
            "{}; {} examined",
            super::count(report.findings.len(), "exposure", "exposures"),
            super::count(
                report.enis_examined,
                "network interface",
                "network interfaces"
            )
        )?;
    }
    if !report.unreachable_open_rules.is_empty() {
        writeln!(out, "\nopen to the internet, but no path from it:")?;
        for r in &report.unreachable_open_rules {
            let on = r.instance_id.as_deref().unwrap_or(&r.eni_id);
            writeln!(out, "  {on}: {}: {}", r.rule, r.reason)?;
        }
    }
    if !report.shadowed_rules.is_empty() {
        writeln!(
            out,
            "\nlistener rules that never forward (an earlier rule takes every request they match):"
        )?;
        for r in &report.shadowed_rules {
            let lb = load_balancer_name(&r.load_balancer).unwrap_or(r.load_balancer.as_str());
            writeln!(
                out,
                "  {lb} {}: {} is shadowed by {}",
                r.listener,
                r.rule_text,
                r.shadowed_by_text.join(", ")
            )?;
        }
    }
    if !report.gaps.is_empty() {
        writeln!(out, "\nwhat the snapshot lacks for a complete answer:")?;
        for gap in &report.gaps {
            writeln!(out, "  {}: {}", gap.resource, gap.message)?;
        }
    }
    writeln!(
        out,
        "\nevery hop of each path: --format json (docs/commands/exposure.md)"
    )?;
    Ok(())
}
