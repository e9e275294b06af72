//! `keyaki reach`: can A reach B, and if not, which hop blocks it, why, and the fix.

use std::io::Write;

use anyhow::Context;
use keyaki_net::{Endpoint, Hop, Network, Protocol, ReachAnswer, ReachQuery};

use crate::ExitStatus;
use crate::cli::{ReachArgs, ReachFormat};
use crate::output;

pub fn run(args: ReachArgs) -> anyhow::Result<ExitStatus> {
    // Parse the question before loading anything: a typo is reported at once.
    let from = endpoint("--from", &args.from)?;
    let to = endpoint("--to", &args.to)?;
    let protocol: Protocol = args
        .protocol
        .parse()
        .with_context(|| format!("--protocol {:?}", args.protocol))?;
    let snapshot = super::load_snapshot(&args.snapshot)?;
    let net = Network::build(&snapshot);
    let query = ReachQuery {
        from,
        to,
        protocol: Some(protocol),
        port: args.port,
    };
    let answer = keyaki_net::reach(&net, &query).with_context(|| {
        format!(
            "cannot answer `reach --from {} --to {}`",
            args.from, args.to
        )
    })?;
    let mut out = output::open(None)?;
    match args.format {
        ReachFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &answer)?;
            writeln!(out)?;
        }
        ReachFormat::Table => write_human(&mut out, &args, &answer)?,
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitStatus::Success)
}

/// An endpoint as `--from` and `--to` take it.
fn endpoint(flag: &str, text: &str) -> anyhow::Result<Endpoint> {
    text.parse().map_err(|_| {
        anyhow::anyhow!(
            "{flag} {text:?}: expected internet, an instance id (i-...), an ENI id (eni-...), a subnet id (subnet-...) or an IP address"
        )
    })
}

fn hop_line(hop: &Hop) -> String {
    let mut line = format!("{:<7} {:<16} {}", hop.direction, hop.kind, hop.id);
    match hop.note.as_deref() {
        // An ENI's note repeats its id: `eni-0123 (web-1, i-0456)`.
        Some(note) if note.starts_with(&hop.id) => line.push_str(&note[hop.id.len()..]),
        Some(note) => line.push_str(&format!(" ({note})")),
        None => {}
    }
    line
}

fn write_human(out: &mut dyn Write, args: &ReachArgs, answer: &ReachAnswer) -> anyhow::Result<()> {
    let port = args
        .port
        .map_or_else(|| "any port".to_owned(), |p| format!("port {p}"));
    let verdict = if answer.reachable {
        "REACHABLE"
    } else {
        "NOT REACHABLE"
    };
    writeln!(
        out,
        "{verdict}: {} -> {} on {} {port}",
        args.from, args.to, args.protocol
    )?;
    writeln!(out, "packet traced: {}", answer.packet)?;
    writeln!(out, "\npath:")?;
    for hop in &answer.path {
        writeln!(out, "  {}", hop_line(hop))?;
        for rule in &hop.rules {
            writeln!(out, "          admitted by {rule}")?;
        }
    }
    if let Some(blocked) = &answer.blocked_at {
        writeln!(out, "\nblocked at:")?;
        writeln!(out, "  {}", hop_line(&blocked.hop))?;
        for rule in &blocked.hop.rules {
            writeln!(out, "          decided by {rule}")?;
        }
        writeln!(out, "  why: {}", blocked.reason)?;
        writeln!(out, "  fix: {}", blocked.fix)?;
    }
    match &answer.reachable_flows {
        Some(flows) if flows.is_empty() => {
            writeln!(out, "\nno flow between these endpoints gets through")?
        }
        Some(flows) => {
            writeln!(out, "\nevery flow that gets through:")?;
            for flow in flows {
                writeln!(out, "  {flow}")?;
            }
        }
        None => writeln!(
            out,
            "\n(the set of all flows is not computed for this case; the packet above was traced)"
        )?,
    }
    Ok(())
}
