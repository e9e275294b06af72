//! Asks the IAM engine a question about a snapshot and prints the JSON answer.
//!
//! ```text
//! cargo run -p keyaki-iam --example iam -- can SNAP PRINCIPAL ACTION RESOURCE [KEY=VALUE]...
//! cargo run -p keyaki-iam --example iam -- who-can SNAP ACTION RESOURCE
//! cargo run -p keyaki-iam --example iam -- what-can SNAP PRINCIPAL [SERVICE]
//! cargo run -p keyaki-iam --example iam -- simulate FILE
//! cargo run -p keyaki-iam --example iam -- validate FILE...
//! cargo run -p keyaki-iam --example iam -- bench LINES.jsonl
//! cargo run -p keyaki-iam --example iam -- phase simulate|decide|parse LINES.jsonl [PASSES]
//! cargo run -p keyaki-iam --example iam -- explain-lines LINES.jsonl
//! ```
//!
//! `phase` times one part of a simulate request alone (for profilers: `perf record`, or
//! callgrind with `--toggle-collect`); `explain-lines` prints each line's evaluation as one
//! line of JSON, to compare two builds byte for byte.

use std::process::ExitCode;

use keyaki_iam::{Access, Context, WhatCanFilter};
use keyaki_snapshot::Snapshot;

// mimalloc: a simulate request builds and frees a few hundred small values, and with it the
// `bench` figures are 1.35x those of the system allocator (bench/iam/RESULTS.md gives both).
// The keyaki binary keeps the system allocator (docs/ARCHITECTURE.md says why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<String, Box<dyn std::error::Error>> {
    let load = |p: &str| -> Result<Access, Box<dyn std::error::Error>> {
        let snapshot = Snapshot::load(p)?;
        let access = Access::new(&snapshot);
        for w in access.warnings() {
            eprintln!("warning: {w}");
        }
        Ok(access)
    };
    let json = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["can", snap, principal, action, resource, keys @ ..] => {
            let mut ctx = Context::empty();
            for kv in keys.iter() {
                let (k, v) = kv.split_once('=').ok_or("context is KEY=VALUE")?;
                ctx.set(k, v);
            }
            serde_json::to_string_pretty(&load(snap)?.can(principal, action, resource, &ctx)?)?
        }
        ["who-can", snap, action, resource] => serde_json::to_string_pretty(
            &load(snap)?.who_can(action, resource, &Context::empty())?,
        )?,
        ["what-can", snap, principal, rest @ ..] => {
            let filter = WhatCanFilter {
                service: rest.first().map(|s| (*s).to_owned()),
                ..WhatCanFilter::default()
            };
            serde_json::to_string_pretty(&load(snap)?.what_can(principal, &filter)?)?
        }
        ["simulate", file] => {
            let text = std::fs::read_to_string(file)?;
            serde_json::to_string_pretty(&keyaki_iam::simulate(
                &text,
                Some(std::path::Path::new(file)),
            )?)?
        }
        ["bench", file] => {
            // One decision per line of a JSON Lines file of simulate inputs, parsing included,
            // single-threaded: the figure bench/iam/run.sh reports.
            let text = std::fs::read_to_string(file)?;
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let start = std::time::Instant::now();
            let mut allowed = 0;
            for _ in 0..5 {
                for line in &lines {
                    if keyaki_iam::simulate(line, None)?.decision.is_allowed() {
                        allowed += 1;
                    }
                }
            }
            let secs = start.elapsed().as_secs_f64();
            let n = lines.len() * 5;
            // Policies parsed once (as who-can and what-can do), decisions only.
            let sims = lines
                .iter()
                .map(|l| keyaki_iam::Simulation::parse(l, None))
                .collect::<Result<Vec<_>, _>>()?;
            let sets: Vec<_> = sims.iter().map(|s| (s.policy_set(), s.request())).collect();
            let start = std::time::Instant::now();
            let mut allowed_parsed = 0;
            for _ in 0..20 {
                for (set, request) in &sets {
                    if keyaki_iam::decide(set, request).is_allowed() {
                        allowed_parsed += 1;
                    }
                }
            }
            let secs_parsed = start.elapsed().as_secs_f64();
            let n_parsed = sims.len() * 20;
            // Policies parsed once, decisions with their explanations: the counterpart of
            // iam-simulate's `authorize` on prepared input (bench/iam/peer_bench_decide.cjs).
            let start = std::time::Instant::now();
            let mut allowed_explained = 0;
            for _ in 0..20 {
                for (set, request) in &sets {
                    if keyaki_iam::evaluate(set, request).decision.is_allowed() {
                        allowed_explained += 1;
                    }
                }
            }
            let secs_explained = start.elapsed().as_secs_f64();
            format!(
                "{{\"requests\": {n}, \"seconds\": {secs:.3}, \"per_second\": {:.0}, \"allowed\": {allowed}, \"preparsed\": {{\"requests\": {n_parsed}, \"seconds\": {secs_parsed:.3}, \"per_second\": {:.0}, \"allowed\": {allowed_parsed}}}, \"preparsed_explained\": {{\"requests\": {n_parsed}, \"seconds\": {secs_explained:.3}, \"per_second\": {:.0}, \"allowed\": {allowed_explained}}}}}",
                n as f64 / secs,
                n_parsed as f64 / secs_parsed,
                n_parsed as f64 / secs_explained
            )
        }
        ["phase", phase, file, passes @ ..] => {
            let text = std::fs::read_to_string(file)?;
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let passes: usize = match passes {
                [] => 5,
                [n] => n.parse()?,
                _ => return Err("phase simulate|decide|parse FILE [PASSES]".into()),
            };
            let start = std::time::Instant::now();
            let mut allowed = 0;
            for _ in 0..passes {
                for line in &lines {
                    let yes = match *phase {
                        "simulate" => keyaki_iam::simulate(line, None)?.decision.is_allowed(),
                        "decide" => keyaki_iam::Simulation::parse(line, None)?
                            .decide()
                            .is_allowed(),
                        "parse" => {
                            keyaki_iam::Simulation::parse(line, None)?;
                            false
                        }
                        _ => return Err("phase simulate|decide|parse FILE [PASSES]".into()),
                    };
                    allowed += usize::from(yes);
                }
            }
            let secs = start.elapsed().as_secs_f64();
            let n = lines.len() * passes;
            format!(
                "{{\"phase\": \"{phase}\", \"requests\": {n}, \"seconds\": {secs:.3}, \"per_second\": {:.0}, \"allowed\": {allowed}}}",
                n as f64 / secs
            )
        }
        ["explain-lines", file] => {
            let text = std::fs::read_to_string(file)?;
            let mut out = String::new();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                match keyaki_iam::simulate(line, None) {
                    Ok(e) => out.push_str(&serde_json::to_string(&e)?),
                    Err(e) => out.push_str(&format!("error: {e}")),
                }
                out.push('\n');
            }
            out.pop();
            out
        }
        ["validate", files @ ..] => {
            let mut out = Vec::new();
            for f in files {
                out.extend(keyaki_iam::validate_file(std::path::Path::new(f), None)?);
            }
            serde_json::to_string_pretty(&out)?
        }
        _ => {
            return Err(
                "usage: can|who-can|what-can|simulate|validate|bench|phase|explain-lines ..."
                    .into(),
            );
        }
    };
    Ok(json)
}
