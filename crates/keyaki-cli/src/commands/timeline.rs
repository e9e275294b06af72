//! `keyaki timeline`: everything one actor did, across every log, in time order.

use std::io::Write;

use anyhow::Context;
use keyaki_lake::{Timeline, TimelineEvent, TimelineQuery};
use keyaki_report::{Column, Sheet};

use crate::ExitStatus;
use crate::cli::{TimelineArgs, TimelineFormat};
use crate::output;

pub fn run(args: TimelineArgs) -> anyhow::Result<ExitStatus> {
    let lake = super::open_lake(&args.lake)?;
    let mut query = TimelineQuery::new(&args.actor).private_addresses(args.private_addresses);
    if let Some(from) = &args.from {
        query = query.from(from);
    }
    if let Some(to) = &args.to {
        query = query.to(to);
    }
    let timeline = keyaki_lake::timeline(&lake, &query)
        .with_context(|| format!("cannot build the timeline of {}", args.actor))?;
    let mut out = output::open(args.output.as_deref())?;
    match args.format {
        TimelineFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &timeline)?;
            writeln!(out)?;
        }
        TimelineFormat::Jsonl => {
            for e in &timeline.events {
                serde_json::to_writer(&mut out, e)?;
                writeln!(out)?;
            }
        }
        TimelineFormat::Csv => sheet(&timeline.events)?.write_csv(&mut out)?,
        TimelineFormat::Table => write_human(&mut out, &timeline)?,
        TimelineFormat::Html => out.write_all(timeline.to_html().as_bytes())?,
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitStatus::Success)
}

fn sheet(events: &[TimelineEvent]) -> anyhow::Result<Sheet> {
    let mut sheet = Sheet::new(
        "Timeline",
        [
            "time",
            "source",
            "actor",
            "action",
            "target",
            "source_ip",
            "outcome",
            "id",
            "via",
        ]
        .map(|k| Column::new(k, k)),
    )?;
    for e in events {
        sheet.push_row([
            e.time.as_str().into(),
            e.source.as_str().into(),
            e.actor.as_str().into(),
            e.action.as_str().into(),
            e.target.clone().into(),
            e.source_ip.clone().into(),
            e.outcome.clone().into(),
            e.id.clone().into(),
            e.via.as_str().into(),
        ])?;
    }
    Ok(sheet)
}

/// One line per event: `time source action [on target] by actor from address -> outcome`.
pub fn event_line(e: &TimelineEvent) -> String {
    let mut line = format!("{}  {:<10}  {}", e.time, e.source.as_str(), e.action);
    if let Some(target) = &e.target {
        line.push_str(&format!(" on {target}"));
    }
    if e.source == keyaki_lake::SourceKind::CloudTrail {
        line.push_str(&format!(" by {}", e.actor));
    }
    if let Some(ip) = &e.source_ip
        && !e.action.contains(ip.as_str())
    {
        line.push_str(&format!(" from {ip}"));
    }
    if let Some(outcome) = &e.outcome {
        line.push_str(&format!(" -> {outcome}"));
    }
    line
}

fn write_human(out: &mut dyn Write, t: &Timeline) -> anyhow::Result<()> {
    writeln!(
        out,
        "timeline of {}: {}",
        t.actor,
        super::count(t.events.len(), "event", "events")
    )?;
    for (what, values) in [
        ("access keys", &t.access_keys),
        ("principals", &t.principals),
        ("addresses", &t.addresses),
    ] {
        if !values.is_empty() {
            writeln!(out, "  {what} followed: {}", values.join(", "))?;
        }
    }
    writeln!(out)?;
    for e in &t.events {
        writeln!(out, "{}", event_line(e))?;
    }
    Ok(())
}
