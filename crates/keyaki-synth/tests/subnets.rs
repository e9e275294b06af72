//! `subnets`: the generator writes exactly the subnets asked for, every interface sits in one
//! of them, and the snapshot loads.

#![allow(clippy::unwrap_used)] // a test that cannot write its own data should stop right there

use std::collections::HashSet;

use keyaki_snapshot::Snapshot;
use keyaki_synth::{SynthConfig, generate};

fn check(subnets: usize, instances: usize, enis: usize) {
    let dir = tempfile::tempdir().unwrap();
    let config = SynthConfig {
        principals: 2,
        policies: 1,
        buckets: 1,
        instances,
        enis,
        security_groups: 40,
        subnets: Some(subnets),
        seed: 5,
        ..SynthConfig::default()
    };
    let summary = generate(&config, dir.path()).unwrap();
    assert_eq!(summary.subnets, subnets as u64);
    let snapshot = Snapshot::load(dir.path()).unwrap();
    assert!(snapshot.warnings().is_empty(), "{:#?}", snapshot.warnings());
    let mut ids = HashSet::new();
    let mut cidrs = HashSet::new();
    for account in snapshot.accounts() {
        for region in &account.regions {
            for s in &region.ec2.subnets {
                ids.insert(s.subnet_id.clone());
                // Subnets of one VPC never overlap: each /16 is cut into distinct blocks.
                assert!(cidrs.insert((s.vpc_id.clone(), s.cidr_block.clone())));
            }
            for v in &region.ec2.vpcs {
                assert!(!v.is_default, "no default VPC with --subnets");
            }
        }
    }
    assert_eq!(ids.len(), subnets);
    for account in snapshot.accounts() {
        for region in &account.regions {
            for e in &region.ec2.network_interfaces {
                assert!(ids.contains(&e.subnet_id));
            }
        }
    }
}

#[test]
fn exactly_the_subnets_asked_for() {
    check(1, 3, 4);
    check(7, 20, 25);
    check(600, 300, 320);
}

#[test]
fn too_few_subnets_for_the_interfaces_is_an_error() {
    let config = SynthConfig {
        enis: 70_000,
        instances: 10,
        subnets: Some(1),
        ..SynthConfig::default()
    };
    let err = config.validate().unwrap_err().to_string();
    assert!(err.contains("subnets must be at least 3"), "{err}");
}
