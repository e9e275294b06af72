//! Every real network snapshot in testdata/network-snapshots loads, without an error, into
//! the model the network engine reads.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::{Path, PathBuf};

use keyaki_snapshot::{Snapshot, WarningKind};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/network-snapshots")
}

fn snapshot_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && path.file_name().unwrap() != "networks" {
            dirs.push(path);
        }
    }
    for entry in std::fs::read_dir(corpus().join("networks")).unwrap() {
        dirs.push(entry.unwrap().path());
    }
    dirs.sort();
    dirs
}

fn load(name: &str) -> Snapshot {
    Snapshot::load(corpus().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_network_snapshot_loads_without_error() {
    let dirs = snapshot_dirs();
    assert!(
        dirs.len() >= 20,
        "expected the whole corpus, found {}",
        dirs.len()
    );
    for dir in dirs {
        let report = Snapshot::load_report(&dir);
        assert!(
            report.errors.is_empty(),
            "{}: {:#?}",
            dir.display(),
            report.errors
        );
        assert!(
            !report.snapshot.inventory().is_empty(),
            "{}: nothing loaded",
            dir.display()
        );
        // Nothing is dropped silently: a file is either loaded or named in a warning.
        for w in report.snapshot.warnings() {
            assert!(
                matches!(
                    w.kind,
                    WarningKind::NotModelled | WarningKind::Location | WarningKind::Duplicate
                ),
                "{w}"
            );
        }
        // Every resource found a region: the path or the content says which.
        for account in report.snapshot.accounts() {
            for region in &account.regions {
                assert!(
                    region.region.is_some(),
                    "{}: resources without a region",
                    dir.display()
                );
            }
        }
    }
}

#[test]
fn loading_is_deterministic() {
    let a = serde_json::to_string(load("test-transit-gateway-peering").inventory()).unwrap();
    let b = serde_json::to_string(load("test-transit-gateway-peering").inventory()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn region_comes_from_the_content_when_the_path_has_none() {
    let snap = load("test-public-private-subnet");
    let [account] = snap.accounts() else {
        panic!("one account")
    };
    let regions: Vec<_> = account
        .regions
        .iter()
        .map(|r| r.region.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(regions, ["us-east-2"]);
    // No account.json: the owner of the resources names the account.
    assert!(account.id.is_some());
}

#[test]
fn subnet_route_tables_follow_explicit_then_main_association() {
    let snap = load("test-public-private-subnet");
    let ec2 = &snap.accounts()[0].regions[0].ec2;
    // Explicitly associated: the public subnet's table routes to the internet gateway.
    let public = ec2.subnet_route_table("subnet-0cf7a93fbd779f3a3").unwrap();
    assert_eq!(public.route_table_id, "rtb-0d20fcae075afe460");
    // Not associated: the VPC's main route table applies.
    let private = ec2.subnet_route_table("subnet-0f263105946ad1a1d").unwrap();
    assert_eq!(private.route_table_id, "rtb-002f0eabf583bf991");
    assert!(private.associations.iter().any(|a| a.main));
}

#[test]
fn load_balancer_listeners_and_target_health_are_connected() {
    let snap = load("test-load-balancer");
    let elb = &snap.accounts()[0].regions[0].elbv2;
    let [lb] = elb.load_balancers.as_slice() else {
        panic!("one load balancer")
    };
    let listeners: Vec<_> = elb.listeners_of(&lb.load_balancer_arn).collect();
    assert_eq!(listeners.len(), 1);
    let groups: Vec<&str> = listeners[0]
        .default_actions
        .iter()
        .flat_map(|a| a.target_groups())
        .collect();
    let group = elb.target_group(groups[0]).unwrap();
    assert_eq!(group.target_group_name, "test-lb-tg");
    assert_eq!(group.targets.len(), 2);
    assert!(
        group
            .targets
            .iter()
            .all(|t| t.target_health.as_ref().unwrap().state.as_deref() == Some("healthy"))
    );
}

#[test]
fn transit_gateway_route_tables_get_their_propagations() {
    let snap = load("test-transit-gateway-multi-table");
    let ec2 = &snap.accounts()[0].regions[0].ec2;
    assert_eq!(ec2.transit_gateway_route_tables.len(), 2);
    for table in &ec2.transit_gateway_route_tables {
        assert_eq!(
            table.propagations.len(),
            1,
            "{}",
            table.transit_gateway_route_table_id
        );
    }
}

#[test]
fn several_accounts_keep_their_folders() {
    let snap = load("test-transit-gateway-multi-account");
    let ids: Vec<_> = snap
        .accounts()
        .iter()
        .map(|a| a.id.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["028403472736", "951601349076"]);
    // The folder names an account that is not a 12-digit id: the label is kept.
    let snap = load("test-multi-account");
    let labels: Vec<_> = snap.accounts().iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["111", "222"]);
}

#[test]
fn find_by_id_and_by_arn() {
    let snap = load("test-load-balancer");
    let lb = snap
        .inventory()
        .iter()
        .find(|i| i.resource_type == "AWS::ElasticLoadBalancingV2::LoadBalancer")
        .unwrap();
    let by_arn: Vec<_> = snap.find(lb.arn.as_deref().unwrap()).collect();
    assert_eq!(by_arn.len(), 1);
    let vpc = snap
        .inventory()
        .iter()
        .find(|i| i.resource_type == "AWS::EC2::VPC")
        .unwrap();
    assert_eq!(snap.find(&vpc.id).next().unwrap().arn, vpc.arn);
    assert!(
        vpc.arn
            .as_deref()
            .unwrap()
            .starts_with("arn:aws:ec2:us-east-2:")
    );
}
