//! `keyaki history`: one resource's configuration timeline from AWS Config files, with the
//! CloudTrail event behind each change when a lake is given.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use anyhow::Context;
use keyaki_lake::Lake;
use keyaki_rules::{CausingEvent, ChangeKind, ResourceHistory};
use serde_json::{Map, Value};

use crate::ExitStatus;
use crate::cli::{HistoryArgs, HistoryFormat};
use crate::output;

pub fn run(args: HistoryArgs) -> anyhow::Result<ExitStatus> {
    if !args.config_dir.is_dir() {
        anyhow::bail!("{}: no such directory", args.config_dir.display());
    }
    let mut history = keyaki_rules::history(&args.config_dir, &args.resource)?;
    if let Some(path) = &args.lake {
        let lake = super::open_lake(path)?;
        find_causes(&lake, &mut history)?;
    }
    let mut out = output::open(None)?;
    match args.format {
        HistoryFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &history)?;
            writeln!(out)?;
        }
        HistoryFormat::Table => write_human(&mut out, &history, args.lake.is_some())?,
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitStatus::Success)
}

/// CloudTrail event ids are UUIDs; anything else is not put into SQL.
fn is_event_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

const COLUMNS: &str = "eventid, eventname, eventtime, useridentity.arn AS actor, sourceipaddress";

/// Fills `caused_by` of each step: the events AWS Config names in `relatedEvents`, found in
/// the lake's CloudTrail table; for a step whose related events are absent from the lake (or
/// that names none), the successful write calls that mention the resource within the step's
/// window.
fn find_causes(lake: &Lake, history: &mut ResourceHistory) -> anyhow::Result<()> {
    let ids: BTreeSet<&str> = history
        .steps
        .iter()
        .flat_map(|s| s.related_events.iter().map(String::as_str))
        .filter(|id| is_event_id(id))
        .collect();
    let mut by_id: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    if !ids.is_empty() {
        let list: Vec<String> = ids.iter().map(|id| sql_string(id)).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM cloudtrail_logs WHERE eventid IN ({}) ORDER BY eventtime, eventid",
            list.join(", ")
        );
        for row in query(lake, &sql)? {
            if let Some(id) = row.get("eventid").and_then(Value::as_str) {
                by_id.entry(id.to_owned()).or_insert(row);
            }
        }
    }
    let needles: BTreeSet<&str> = [
        history.resource_id.as_deref(),
        history.resource_name.as_deref(),
        history.arn.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    for step in &mut history.steps {
        let mut found: Vec<CausingEvent> = step
            .related_events
            .iter()
            .filter_map(|id| by_id.get(id))
            .map(|row| event(row, "related_event"))
            .collect();
        if found.is_empty()
            && let (Some(start), Some(end)) = (&step.window_start, &step.window_end)
            && !needles.is_empty()
        {
            let mentions: Vec<String> = needles
                .iter()
                .flat_map(|n| {
                    let n = sql_string(n);
                    [
                        format!("strpos(coalesce(requestparameters, ''), {n}) > 0"),
                        format!("strpos(coalesce(responseelements, ''), {n}) > 0"),
                    ]
                })
                .collect();
            let sql = format!(
                "SELECT {COLUMNS} FROM cloudtrail_logs \
                 WHERE eventtime >= {} AND eventtime <= {} \
                 AND coalesce(readonly, '') <> 'true' AND errorcode IS NULL \
                 AND ({}) ORDER BY eventtime, eventid",
                sql_string(start),
                sql_string(end),
                mentions.join(" OR ")
            );
            found = query(lake, &sql)?
                .iter()
                .map(|row| event(row, "time_window"))
                .collect();
        }
        step.caused_by = found;
    }
    Ok(())
}

fn query(lake: &Lake, sql: &str) -> anyhow::Result<Vec<Map<String, Value>>> {
    let result = lake.query(sql).with_context(|| {
        format!(
            "cannot look up CloudTrail events in {}",
            lake.dir().display()
        )
    })?;
    Ok(result.to_json_rows()?)
}

fn event(row: &Map<String, Value>, matched_by: &'static str) -> CausingEvent {
    let s = |k: &str| row.get(k).and_then(Value::as_str).map(str::to_owned);
    CausingEvent {
        event_id: s("eventid").unwrap_or_default(),
        event_name: s("eventname").unwrap_or_default(),
        event_time: s("eventtime").unwrap_or_default(),
        actor: s("actor"),
        source_ip: s("sourceipaddress"),
        matched_by,
    }
}

fn write_human(out: &mut dyn Write, h: &ResourceHistory, with_lake: bool) -> anyhow::Result<()> {
    let name = h
        .arn
        .as_deref()
        .or(h.resource_id.as_deref())
        .unwrap_or_default();
    writeln!(
        out,
        "{} {name}{}: {}",
        h.resource_type,
        h.resource_name
            .as_deref()
            .filter(|n| Some(*n) != h.resource_id.as_deref())
            .map(|n| format!(" ({n})"))
            .unwrap_or_default(),
        super::count(h.steps.len(), "configuration item", "configuration items")
    )?;
    for (i, step) in h.steps.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "{}  {}  state {}  {}",
            step.capture_time.as_deref().unwrap_or("(no capture time)"),
            step.status.as_deref().unwrap_or("(no status)"),
            step.state_id.as_deref().unwrap_or("-"),
            step.source
        )?;
        for e in &step.caused_by {
            writeln!(
                out,
                "  caused by {} at {} by {} from {} (event {}{})",
                e.event_name,
                e.event_time,
                e.actor.as_deref().unwrap_or("(no actor)"),
                e.source_ip.as_deref().unwrap_or("(no address)"),
                e.event_id,
                if e.matched_by == "related_event" {
                    ", named by AWS Config"
                } else {
                    ", in the window, mentions the resource"
                }
            )?;
        }
        if with_lake && step.caused_by.is_empty() {
            if step.related_events.is_empty() {
                writeln!(
                    out,
                    "  no CloudTrail event found in the lake for this change"
                )?;
            } else {
                writeln!(
                    out,
                    "  AWS Config names events {} that the lake does not hold",
                    step.related_events.join(", ")
                )?;
            }
        } else if !with_lake && !step.related_events.is_empty() {
            writeln!(
                out,
                "  related CloudTrail events: {} (give --lake to see them)",
                step.related_events.join(", ")
            )?;
        }
        if i == 0 {
            writeln!(out, "  first recorded state")?;
        } else if step.changes.is_empty() {
            writeln!(out, "  no change of configuration")?;
        }
        for c in &step.changes {
            match c.kind {
                ChangeKind::Added => writeln!(out, "  + {}: {}", c.path, c.new)?,
                ChangeKind::Removed => writeln!(out, "  - {}: {}", c.path, c.old)?,
                ChangeKind::Changed => writeln!(out, "  ~ {}: {} -> {}", c.path, c.old, c.new)?,
            }
        }
    }
    Ok(())
}
