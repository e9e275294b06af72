//! What `keyaki synth` writes is a snapshot keyaki loads without an error or a warning, with
//! exactly the resources the summary counts.

#![allow(clippy::unwrap_used)] // a test that cannot write its own data should stop right there

use keyaki_snapshot::Snapshot;
use keyaki_synth::{SynthConfig, generate};

fn config(accounts: usize) -> SynthConfig {
    SynthConfig {
        accounts,
        principals: 30,
        policies: 10,
        buckets: 6,
        instances: 120,
        enis: 200,
        security_groups: 25,
        seed: 11,
        // Small pages, so that every list is split over several files.
        page_size: 50,
        ..SynthConfig::default()
    }
}

#[test]
fn a_single_account_loads_completely() {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(&config(1), dir.path()).unwrap();
    let snapshot = Snapshot::load(dir.path()).unwrap();
    assert!(snapshot.warnings().is_empty(), "{:#?}", snapshot.warnings());
    let counts = snapshot.counts();
    assert_eq!(
        counts["AWS::EC2::NetworkInterface"] as u64,
        summary.network_interfaces
    );
    assert_eq!(counts["AWS::EC2::Instance"] as u64, summary.instances);
    assert_eq!(
        counts["AWS::EC2::SecurityGroup"] as u64,
        summary.security_groups
    );
    assert_eq!(counts["AWS::EC2::Subnet"] as u64, summary.subnets);
    assert_eq!(counts["AWS::EC2::VPC"] as u64, summary.vpcs);
    assert_eq!(counts["AWS::IAM::User"] as u64, summary.users);
    assert_eq!(counts["AWS::IAM::Role"] as u64, summary.roles);
    assert_eq!(counts["AWS::S3::Bucket"] as u64, summary.buckets);
    // Every instance's ENIs are found through the relationship index.
    for account in snapshot.accounts() {
        for region in &account.regions {
            for instance in &region.ec2.instances {
                assert!(
                    !region
                        .ec2
                        .instance_network_interfaces(&instance.instance_id)
                        .is_empty()
                );
            }
        }
    }
}

#[test]
fn an_organisation_loads_with_every_account() {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(&config(3), dir.path()).unwrap();
    let snapshot = Snapshot::load(dir.path()).unwrap();
    assert!(snapshot.warnings().is_empty(), "{:#?}", snapshot.warnings());
    let with_resources = snapshot
        .accounts()
        .iter()
        .filter(|a| !a.regions.is_empty())
        .count();
    assert_eq!(with_resources as u64, summary.accounts);
    assert!(snapshot.accounts().iter().all(|a| a.id.is_some()));
    let org = snapshot
        .organization()
        .expect("the organisation files load");
    assert!(!org.is_empty());
}
