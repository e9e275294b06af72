//! who-can and what-can over a large synthetic snapshot (`keyaki synth`): load, index, then
//! time queries. Used by bench/iam/access.sh; figures in bench/iam/RESULTS.md.
//!
//! ```text
//! cargo run --release -p keyaki-iam --example bench_access -- DIR [PRINCIPALS POLICIES BUCKETS]
//! ```

use std::time::Instant;

use keyaki_iam::{Access, Context, WhatCanFilter};
use keyaki_snapshot::Snapshot;
use keyaki_synth::SynthConfig;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(
        args.first()
            .ok_or("usage: bench_access DIR [PRINCIPALS POLICIES BUCKETS]")?,
    );
    let num = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    if !dir.join("account.json").exists() {
        let config = SynthConfig {
            principals: num(1, 7500),
            policies: num(2, 20_000),
            buckets: num(3, 10_000),
            instances: 100,
            enis: 150,
            pretty: false,
            ..SynthConfig::default()
        };
        let t = Instant::now();
        keyaki_synth::generate(&config, &dir)?;
        eprintln!("synth: {:.1} s", t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let snapshot = Snapshot::load(&dir)?;
    let load = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let access = Access::new(&snapshot);
    let index = t.elapsed().as_secs_f64();
    let account = snapshot.accounts()[0]
        .id
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let iam = &snapshot.accounts()[0].iam;
    let roles = iam.roles.len();
    let users = iam.users.len();
    let policies = iam.policies.len();
    let buckets = snapshot.accounts()[0].s3.buckets.len();
    println!(
        "snapshot: {users} users, {roles} roles, {policies} managed policies, {buckets} buckets; load {load:.2} s, index {index:.2} s, {} warnings",
        access.warnings().len()
    );
    let bucket = snapshot.accounts()[0]
        .s3
        .buckets
        .first()
        .map(|b| b.name.clone())
        .unwrap_or_default();
    let queries = [
        (
            "s3:GetObject".to_owned(),
            format!("arn:aws:s3:::{bucket}/data/file.csv"),
        ),
        (
            "iam:PassRole".to_owned(),
            format!(
                "arn:aws:iam::{account}:role/{}",
                iam.roles
                    .first()
                    .map(|r| r.role_name.as_str())
                    .unwrap_or("x")
            ),
        ),
        (
            "ec2:TerminateInstances".to_owned(),
            format!("arn:aws:ec2:us-east-1:{account}:instance/i-0123456789abcdef0"),
        ),
        (
            "sts:AssumeRole".to_owned(),
            format!(
                "arn:aws:iam::{account}:role/{}",
                iam.roles
                    .last()
                    .map(|r| r.role_name.as_str())
                    .unwrap_or("x")
            ),
        ),
    ];
    for (action, resource) in &queries {
        let t = Instant::now();
        let w = access.who_can(action, resource, &Context::empty())?;
        println!(
            "who-can {action} {resource}: {} of {} principals, {:.0} ms",
            w.principals.len(),
            w.checked,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    for r in iam.roles.iter().take(3) {
        let t = Instant::now();
        let w = access.what_can(r.arn.as_str(), &WhatCanFilter::default())?;
        println!(
            "what-can {}: {} actions in {} services, {:.0} ms",
            r.arn,
            w.total_actions,
            w.services.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    for u in iam.users.iter().take(2) {
        let t = Instant::now();
        let w = access.what_can(
            u.arn.as_str(),
            &WhatCanFilter {
                service: Some("s3".into()),
                ..WhatCanFilter::default()
            },
        )?;
        println!(
            "what-can {} --service s3: {} actions, {:.0} ms",
            u.arn,
            w.total_actions,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
