//! `keyaki demo`: every engine that exists, on the bundled example, in one short report.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use keyaki_core::{Finding, Severity};
use keyaki_lake::{IngestOptions, Lake, SourceKind, TimelineEvent, TimelineQuery};
use keyaki_net::Network;
use keyaki_snapshot::Snapshot;

use crate::ExitStatus;
use crate::cli::DemoArgs;
use crate::output;

/// Where the bundled example lives: next to the working directory when run from a checkout,
/// or next to the sources this binary was built from.
fn example_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let candidates = [
        PathBuf::from("examples/incident-3tier"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier"),
    ];
    match candidates.into_iter().find(|c| c.is_dir()) {
        Some(dir) => Ok(dir),
        None => bail!(
            "cannot find the bundled example examples/incident-3tier; run from the repository, or give --example DIR"
        ),
    }
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitStatus> {
    let dir = example_dir(args.example)?;
    let started = Instant::now();
    let snapshot = super::load_snapshot(&dir)?;
    let elapsed = started.elapsed();
    let mut out = output::open(None)?;
    writeln!(out, "keyaki demo: {}", dir.display())?;
    writeln!(
        out,
        "=========================================================="
    )?;
    snapshot_section(&mut out, &snapshot, elapsed)?;
    highlights_section(&mut out, &snapshot)?;
    exposure_section(&mut out, &snapshot)?;
    access_section(&mut out, &snapshot)?;
    // The lake sections take seconds in a debug build: show what is ready.
    out.flush()?;
    let logs = dir.join("logs");
    if logs.is_dir() {
        lake_sections(&mut out, &logs)?;
    } else {
        writeln!(
            out,
            "\n[detections] skipped: no logs/ folder next to the snapshot"
        )?;
    }
    writeln!(out, "\nNext:")?;
    let d = dir.display();
    writeln!(
        out,
        "  keyaki inventory {d} --format xlsx --output inventory.xlsx"
    )?;
    writeln!(
        out,
        "  keyaki reach {d} --from internet --to i-... --port 22"
    )?;
    writeln!(
        out,
        "  keyaki ingest --lake lake {d}/logs && keyaki detect lake"
    )?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

fn snapshot_section(
    out: &mut dyn Write,
    snapshot: &Snapshot,
    elapsed: std::time::Duration,
) -> std::io::Result<()> {
    writeln!(
        out,
        "\n[snapshot] {} files, {} resources, loaded in {:.1} ms",
        snapshot.file_count(),
        snapshot.inventory().len(),
        elapsed.as_secs_f64() * 1000.0
    )?;
    for account in snapshot.accounts() {
        let regions: Vec<String> = account
            .regions
            .iter()
            .filter_map(|r| r.region.as_ref().map(ToString::to_string))
            .collect();
        writeln!(
            out,
            "  account {} in {}",
            account
                .id
                .as_ref()
                .map_or("(unknown)".to_owned(), ToString::to_string),
            regions.join(", ")
        )?;
    }
    let counts = snapshot.counts();
    let mut line = String::new();
    for (kind, n) in counts {
        let short = kind.trim_start_matches("AWS::");
        let entry = format!("{n} {short}");
        if line.len() + entry.len() > 90 {
            writeln!(out, "  {}", line.trim_end_matches(", "))?;
            line.clear();
        }
        line.push_str(&entry);
        line.push_str(", ");
    }
    if !line.is_empty() {
        writeln!(out, "  {}", line.trim_end_matches(", "))?;
    }
    if !snapshot.warnings().is_empty() {
        writeln!(
            out,
            "  {} warnings (keyaki snapshot validate shows them)",
            snapshot.warnings().len()
        )?;
    }
    Ok(())
}

/// Facts read straight from the snapshot that a reviewer looks at first. Which security
/// group rules open to anywhere matter is the exposure section's exact answer.
fn highlights_section(out: &mut dyn Write, snapshot: &Snapshot) -> std::io::Result<()> {
    writeln!(out, "\n[inventory highlights]")?;
    for account in snapshot.accounts() {
        for region in &account.regions {
            let where_ = region
                .region
                .as_ref()
                .map_or("?".to_owned(), ToString::to_string);
            for lb in &region.elbv2.load_balancers {
                if lb.scheme.as_deref() == Some("internet-facing") {
                    writeln!(
                        out,
                        "  {where_}: load balancer {} is internet-facing ({})",
                        lb.load_balancer_name,
                        lb.dns_name.as_deref().unwrap_or("-")
                    )?;
                }
            }
            for instance in &region.ec2.instances {
                let name = keyaki_snapshot::tag(&instance.tags, "Name").unwrap_or("-");
                if let Some(ip) = &instance.public_ip_address {
                    writeln!(
                        out,
                        "  {where_}: instance {} ({name}) has public address {ip}",
                        instance.instance_id
                    )?;
                }
                if instance
                    .metadata_options
                    .as_ref()
                    .and_then(|m| m.http_tokens.as_deref())
                    == Some("optional")
                {
                    writeln!(
                        out,
                        "  {where_}: instance {} ({name}) still accepts IMDSv1 (HttpTokens optional)",
                        instance.instance_id
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// What the internet reaches, one line per exposure, worst first; then the open rules that
/// lead nowhere.
fn exposure_section(out: &mut dyn Write, snapshot: &Snapshot) -> anyhow::Result<()> {
    let started = Instant::now();
    let net = Network::build(snapshot);
    let report = keyaki_net::exposure(&net);
    let elapsed = started.elapsed();
    writeln!(
        out,
        "\n[exposure] what the internet reaches: {} paths, {} network interfaces examined in {:.1} ms",
        report.findings.len(),
        report.enis_examined,
        elapsed.as_secs_f64() * 1000.0
    )?;
    let mut findings: Vec<_> = report.findings.iter().collect();
    findings.sort_by_key(|e| std::cmp::Reverse(e.severity));
    let rows: Vec<[String; 4]> = findings
        .iter()
        .map(|e| {
            let how = match (&e.load_balancer, &e.public_address) {
                (Some(_), _) => format!("through {}", super::exposure::via_text(e)),
                (None, Some(public)) => format!("direct, at {public}"),
                (None, None) => format!("direct, at {}", e.address),
            };
            [
                e.severity.to_string(),
                super::exposure::target_label(e),
                format!("{} {}", e.protocol, super::exposure::ports_text(e)),
                how,
            ]
        })
        .collect();
    write_aligned(out, &rows)?;
    for r in &report.unreachable_open_rules {
        let on = r.instance_id.as_deref().unwrap_or(&r.eni_id);
        // `sg-0123 (debug-sg) IpPermissions[0]: tcp 8080 from 0.0.0.0/0 "temp"`, without
        // the description.
        let rule = r.rule.split(" \"").next().unwrap_or(&r.rule);
        writeln!(out, "  no path: {on} {rule}: {}", r.reason)?;
    }
    Ok(())
}

/// The escalation path of the bundled example, as `keyaki can` and `keyaki who-can` answer it.
fn access_section(out: &mut dyn Write, snapshot: &Snapshot) -> anyhow::Result<()> {
    const ACCOUNT: &str = "123456789012";
    let started = Instant::now();
    let access = keyaki_iam::Access::new(snapshot);
    let role = format!("arn:aws:iam::{ACCOUNT}:role/developer-role");
    let policy = format!("arn:aws:iam::{ACCOUNT}:policy/developer-policy");
    let questions = [
        (
            "batch-job",
            "sts:AssumeRole",
            role.as_str(),
            "developer-role",
        ),
        (
            "developer-role",
            "iam:CreatePolicyVersion",
            policy.as_str(),
            "developer-policy (its own: escalation to administrator)",
        ),
        ("bob", "sts:AssumeRole", role.as_str(), "developer-role"),
    ];
    let mut rows: Vec<[String; 3]> = Vec::new();
    for (principal, action, resource, label) in questions {
        let Ok(answer) = access.can(principal, action, resource, &keyaki_iam::Context::empty())
        else {
            continue;
        };
        let e = &answer.explanation;
        let why = if answer.decision.is_allowed() {
            e.deciding
                .first()
                .map_or_else(String::new, |s| match &s.sid {
                    Some(sid) => format!("by {sid:?} of {}", s.policy.name),
                    None => format!("by {}", s.policy.name),
                })
        } else if !e.missing_keys.is_empty() {
            format!("needs {}", e.missing_keys.join(", "))
        } else {
            String::new()
        };
        let verdict = if answer.decision.is_allowed() {
            "ALLOWED"
        } else {
            "DENIED"
        };
        rows.push([
            verdict.to_owned(),
            format!("{principal} {action} {label}"),
            why,
        ]);
    }
    let bucket = "arn:aws:s3:::acme-customer-data/*";
    let who = access
        .who_can("s3:GetObject", bucket, &keyaki_iam::Context::empty())
        .ok();
    let elapsed = started.elapsed();
    writeln!(
        out,
        "\n[access] IAM decisions, explained: {} principals indexed and asked in {:.1} ms",
        access.principal_count(),
        elapsed.as_secs_f64() * 1000.0
    )?;
    write_aligned(out, &rows)?;
    if let Some(who) = who {
        let outside: Vec<&str> = who
            .principals
            .iter()
            .filter(|p| p.account.as_deref().is_some_and(|a| a != ACCOUNT))
            .map(|p| p.principal.as_str())
            .collect();
        let mut line = format!(
            "  who can s3:GetObject {bucket}: {}",
            super::count(who.principals.len(), "principal", "principals")
        );
        if !outside.is_empty() {
            line.push_str(&format!(
                ", from outside the account: {}",
                outside.join(", ")
            ));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Rows of cells, each column padded to its widest cell, indented by two spaces.
fn write_aligned<const N: usize>(out: &mut dyn Write, rows: &[[String; N]]) -> std::io::Result<()> {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::from(" ");
        for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
            line.push(' ');
            if i + 1 == N {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}"));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Ingests the example's logs into a temporary lake, runs the built-in detections and lays
/// out the timeline of the stolen credentials they find.
fn lake_sections(out: &mut dyn Write, logs: &Path) -> anyhow::Result<()> {
    let tmp = tempfile::tempdir().context("cannot create a temporary folder for the lake")?;
    let started = Instant::now();
    let report = keyaki_lake::ingest(tmp.path(), &[logs.to_owned()], &IngestOptions::new())
        .with_context(|| format!("cannot ingest {}", logs.display()))?;
    writeln!(
        out,
        "\n[detections] {} log files, {} records ingested into a temporary lake in {:.0} ms, {} quarantined",
        report.files.len(),
        report.totals.written,
        started.elapsed().as_secs_f64() * 1000.0,
        report.totals.quarantined
    )?;
    out.flush()?;
    let lake = Lake::open(tmp.path()).context("cannot open the temporary lake")?;
    let started = Instant::now();
    let detections = keyaki_lake::builtin_detections();
    let found = keyaki_lake::detect(&lake, &detections);
    let elapsed = started.elapsed();
    detections_section(out, &found.findings, found.detections_run, elapsed)?;
    for e in &found.errors {
        writeln!(
            out,
            "  detection {} could not run: {}",
            e.detection_id, e.error
        )?;
    }
    if let Some((actor, why)) = timeline_actor(&found.findings) {
        let timeline = keyaki_lake::timeline(&lake, &TimelineQuery::new(&actor))
            .with_context(|| format!("cannot build the timeline of {actor}"))?;
        writeln!(
            out,
            "\n[timeline] {actor} ({why}): {} events, condensed",
            timeline.events.len()
        )?;
        for line in condense(&timeline.events) {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// How many findings per severity, then one line per detection (worst first) with its title
/// and what it was found on.
fn detections_section(
    out: &mut dyn Write,
    findings: &[Finding],
    run: usize,
    elapsed: std::time::Duration,
) -> std::io::Result<()> {
    let mut counts: BTreeMap<std::cmp::Reverse<Severity>, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(std::cmp::Reverse(f.severity)).or_default() += 1;
    }
    let counts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {}", s.0)).collect();
    writeln!(
        out,
        "  {} findings from {run} detections in {:.1} s: {}",
        findings.len(),
        elapsed.as_secs_f64(),
        counts.join(", ")
    )?;
    // One line per detection, in the order of its first (worst) finding.
    let mut by_rule: Vec<(&Finding, usize)> = Vec::new();
    for f in findings {
        match by_rule.iter_mut().find(|(g, _)| g.rule_id == f.rule_id) {
            Some((_, n)) => *n += 1,
            None => by_rule.push((f, 1)),
        }
    }
    const SHOWN: usize = 12;
    let rows: Vec<[String; 3]> = by_rule
        .iter()
        .take(SHOWN)
        .map(|(f, n)| {
            let on = short_principal(&f.resource_arn);
            let more = if *n > 1 {
                format!(" and {} more", n - 1)
            } else {
                String::new()
            };
            [
                f.severity.to_string(),
                f.rule_id.clone(),
                format!("{} ({on}{more})", f.title),
            ]
        })
        .collect();
    write_aligned(out, &rows)?;
    if by_rule.len() > SHOWN {
        let rest: usize = by_rule[SHOWN..].iter().map(|(_, n)| n).sum();
        writeln!(
            out,
            "  ... and {rest} findings of {} more detections (keyaki detect LAKE)",
            by_rule.len() - SHOWN
        )?;
    }
    Ok(())
}

/// `assumed-role/web-server-role/i-0123` for an STS ARN; other values unchanged.
fn short_principal(arn: &str) -> &str {
    arn.split_once(":assumed-role/")
        .map(|(_, rest)| rest)
        .or_else(|| arn.split_once(":user/").map(|(_, rest)| rest))
        .unwrap_or(arn)
}

/// The actor whose timeline tells the story: the access key of the first finding that names
/// one (stolen credentials), else the first finding's outside address.
fn timeline_actor(findings: &[Finding]) -> Option<(String, String)> {
    let key = findings.iter().find_map(|f| {
        f.evidence
            .get("access_key_id")
            .and_then(serde_json::Value::as_str)
            .map(|k| (k.to_owned(), format!("the access key of {}", f.rule_id)))
    });
    key.or_else(|| {
        findings.iter().find_map(|f| {
            let actor = f.evidence.get("actor")?.as_str()?;
            match actor.parse::<std::net::IpAddr>() {
                Ok(std::net::IpAddr::V4(v4)) if !v4.is_private() => {
                    Some((actor.to_owned(), format!("the address of {}", f.rule_id)))
                }
                _ => None,
            }
        })
    })
}

/// Events grouped by source into bursts (no gap over ten minutes), one line per burst, in
/// the order the bursts start.
fn condense(events: &[TimelineEvent]) -> Vec<String> {
    const GAP_SECONDS: i64 = 600;
    struct Burst<'a> {
        start: chrono::DateTime<chrono::FixedOffset>,
        end: chrono::DateTime<chrono::FixedOffset>,
        events: Vec<&'a TimelineEvent>,
    }
    let mut bursts: Vec<Burst<'_>> = Vec::new();
    let mut open: BTreeMap<SourceKind, usize> = BTreeMap::new();
    for e in events {
        let Ok(t) = chrono::DateTime::parse_from_rfc3339(&e.time) else {
            continue;
        };
        match open.get(&e.source).copied() {
            Some(i) if (t - bursts[i].end).num_seconds() <= GAP_SECONDS => {
                bursts[i].end = t;
                bursts[i].events.push(e);
            }
            _ => {
                open.insert(e.source, bursts.len());
                bursts.push(Burst {
                    start: t,
                    end: t,
                    events: vec![e],
                });
            }
        }
    }
    bursts.sort_by_key(|b| b.start);
    let rows: Vec<[String; 3]> = bursts
        .iter()
        .map(|b| {
            let when = if b.start == b.end {
                b.start.format("%m-%d %H:%M:%S").to_string()
            } else {
                format!(
                    "{}-{}",
                    b.start.format("%m-%d %H:%M:%S"),
                    b.end.format("%H:%M:%S")
                )
            };
            let source = b.events.first().map_or("", |e| e.source.as_str());
            [when, source.to_owned(), burst_summary(&b.events)]
        })
        .collect();
    let mut lines = Vec::new();
    let mut buf = Vec::new();
    if write_aligned(&mut buf, &rows).is_ok() {
        lines = String::from_utf8_lossy(&buf)
            .lines()
            .map(|l| l.trim_start().to_owned())
            .collect();
    }
    lines
}

/// `12 requests: 404 x9, 200 x3`, `24 calls, 9 denied: sts:GetCallerIdentity, ...`.
fn burst_summary(events: &[&TimelineEvent]) -> String {
    let n = events.len();
    let mut outcomes: Vec<(String, usize)> = Vec::new();
    for e in events {
        let o = e.outcome.clone().unwrap_or_else(|| "ok".to_owned());
        match outcomes.iter_mut().find(|(x, _)| *x == o) {
            Some((_, c)) => *c += 1,
            None => outcomes.push((o, 1)),
        }
    }
    outcomes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let outcome_text = |max: usize| {
        let mut parts: Vec<String> = outcomes
            .iter()
            .take(max)
            .map(|(o, c)| format!("{o} x{c}"))
            .collect();
        if outcomes.len() > max {
            parts.push("...".to_owned());
        }
        parts.join(", ")
    };
    let source = events.first().map(|e| e.source);
    match source {
        Some(SourceKind::CloudTrail) => {
            let mut ops: Vec<&str> = Vec::new();
            for e in events {
                if !ops.contains(&e.action.as_str()) {
                    ops.push(&e.action);
                }
            }
            let denied = events.iter().filter(|e| e.outcome.is_some()).count();
            let mut text = format!("{n} calls");
            if denied > 0 {
                text.push_str(&format!(" ({denied} failed)"));
            }
            text.push_str(": ");
            let mut shown = String::new();
            for (i, op) in ops.iter().enumerate() {
                if shown.len() + op.len() > 80 {
                    shown.push_str(&format!("and {} more", ops.len() - i));
                    break;
                }
                shown.push_str(op);
                if i + 1 < ops.len() {
                    shown.push_str(", ");
                }
            }
            text.push_str(&shown);
            text
        }
        Some(SourceKind::VpcFlow) => {
            let flows = if n == 1 { "flow" } else { "flows" };
            format!("{n} {flows}: {}", outcome_text(2))
        }
        _ => {
            let first = events.first().map_or("", |e| e.action.as_str());
            let path = first.split_once("://").map_or(first, |(_, rest)| {
                rest.find('/').map_or(rest, |i| &rest[i..])
            });
            let path: String = percent_decoded(path).chars().take(60).collect();
            let requests = if n == 1 { "request" } else { "requests" };
            format!("{n} {requests} ({}), first {path}", outcome_text(3))
        }
    }
}

/// `a%20b` -> `a b`, so that injected commands read as typed; invalid escapes stay as they are.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
