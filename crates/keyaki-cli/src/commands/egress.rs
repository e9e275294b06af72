//! `keyaki egress`: which network interfaces can reach the internet, and through what.

use std::io::Write;

use anyhow::Context;
use keyaki_net::{EgressReport, Network};
use keyaki_report::{Cell, Column, Sheet};

use crate::ExitStatus;
use crate::cli::{EgressArgs, EgressFormat};
use crate::output;

pub fn run(args: EgressArgs) -> anyhow::Result<ExitStatus> {
    let snapshot = super::load_snapshot(&args.snapshot)?;
    let net = Network::build(&snapshot);
    let report = keyaki_net::egress(&net);
    let mut out = output::open(args.output.as_deref())?;
    match args.format {
        EgressFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        EgressFormat::Jsonl => {
            for e in &report.egress {
                serde_json::to_writer(&mut out, e)?;
                writeln!(out)?;
            }
        }
        EgressFormat::Csv => sheet(&report, false)?.write_csv(&mut out)?,
        EgressFormat::Table => {
            if report.egress.is_empty() {
                writeln!(out, "no network interface can reach the internet")?;
            } else {
                sheet(&report, true)?
                    .write_table(&mut out, &output::table_options(args.output.as_deref()))?;
                writeln!(
                    out,
                    "{}",
                    super::count(report.egress.len(), "way out", "ways out")
                )?;
            }
            if !report.no_egress.is_empty() {
                writeln!(out, "\nno way out:")?;
                for n in &report.no_egress {
                    let who = n.instance_id.as_deref().unwrap_or(&n.eni_id);
                    writeln!(out, "  {who} ({}): {}", n.eni_id, n.reason)?;
                }
            }
            if !report.gaps.is_empty() {
                writeln!(out, "\nwhat the snapshot lacks for a complete answer:")?;
                for gap in &report.gaps {
                    writeln!(out, "  {}: {}", gap.resource, gap.message)?;
                }
            }
        }
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitStatus::Success)
}

/// One row per way out: the table for people, or every field for CSV.
fn sheet(report: &EgressReport, for_people: bool) -> anyhow::Result<Sheet> {
    let columns = if for_people {
        vec![
            Column::new("eni", "Interface").width(40),
            Column::new("family", "Family"),
            Column::new("gateway", "Through").width(40),
            Column::new("seen_as", "Seen as"),
            Column::new("destinations", "Destinations").width(50),
        ]
    } else {
        [
            "eni_id",
            "instance_id",
            "name",
            "vpc_id",
            "subnet_id",
            "account",
            "region",
            "family",
            "gateway_kind",
            "gateway",
            "seen_as",
            "destinations",
            "flows",
        ]
        .into_iter()
        .map(|k| Column::new(k, k))
        .collect()
    };
    let mut sheet = Sheet::new("Egress", columns)?;
    for e in &report.egress {
        let family = match e.family {
            keyaki_net::Family::V4 => "v4",
            keyaki_net::Family::V6 => "v6",
        };
        let row: Vec<Cell> = if for_people {
            let mut who = e.instance_id.clone().unwrap_or_else(|| e.eni_id.clone());
            if let Some(name) = &e.name {
                who.push_str(&format!(" ({name})"));
            }
            vec![
                who.into(),
                family.into(),
                format!("{} {}", e.gateway_kind, e.gateway).into(),
                e.seen_as.clone().into(),
                e.destinations.as_str().into(),
            ]
        } else {
            vec![
                e.eni_id.as_str().into(),
                e.instance_id.clone().into(),
                e.name.clone().into(),
                e.vpc_id.as_str().into(),
                e.subnet_id.as_str().into(),
                e.account.clone().into(),
                e.region.clone().into(),
                family.into(),
                e.gateway_kind.into(),
                e.gateway.as_str().into(),
                e.seen_as.clone().into(),
                e.destinations.as_str().into(),
                e.flows.join("; ").into(),
            ]
        };
        sheet.push_row(row)?;
    }
    Ok(sheet)
}
