//! The bundled example loads completely, and the relationships engines rely on hold in it
//! (examples/incident-3tier/README.md is the ground truth).

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::Path;

use keyaki_snapshot::{Snapshot, WarningKind};

fn example() -> Snapshot {
    Snapshot::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier"))
        .unwrap()
}

#[test]
fn every_file_is_known_and_the_account_is_identified() {
    let snap = example();
    let unknown: Vec<_> = snap
        .warnings()
        .iter()
        .filter(|w| w.kind == WarningKind::UnknownFile)
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
    let [account] = snap.accounts() else {
        panic!("one account")
    };
    assert_eq!(account.id.as_ref().unwrap().as_str(), "123456789012");
    assert_eq!(account.regions.len(), 1);
    assert!(snap.organization().is_some());
}

#[test]
fn instance_to_network_relationships() {
    let snap = example();
    let region = &snap.accounts()[0].regions[0];
    let ec2 = &region.ec2;
    for instance in &ec2.instances {
        let enis = ec2.instance_network_interfaces(&instance.instance_id);
        assert!(!enis.is_empty(), "{} has no ENI", instance.instance_id);
        let subnet = ec2.subnet(&enis[0].subnet_id).unwrap();
        let vpc = ec2.vpc(&subnet.vpc_id).unwrap();
        assert_eq!(vpc.cidr_block, "10.0.0.0/16");
        assert!(ec2.subnet_route_table(&subnet.subnet_id).is_some());
        assert!(ec2.subnet_network_acl(&subnet.subnet_id).is_some());
    }
}

#[test]
fn role_to_instance_profile_to_instances() {
    let snap = example();
    let account = &snap.accounts()[0];
    let web: Vec<&str> = account
        .role_instances("web-server-role")
        .iter()
        .map(|(_, i)| i.instance_id.as_str())
        .collect();
    assert_eq!(
        web.len(),
        2,
        "both web servers run as web-server-role: {web:?}"
    );
    let (_, first) = account.role_instances("web-server-role")[0];
    assert_eq!(
        account.instance_role(first).unwrap().role_name,
        "web-server-role"
    );
}

#[test]
fn principal_to_policies_and_bucket_to_policy() {
    let snap = example();
    let account = &snap.accounts()[0];
    let role = account.iam.role("developer-role").unwrap();
    let policies = account.iam.principal_policies(role.arn.as_str()).unwrap();
    assert!(
        policies.iter().any(|p| p.name == "developer-policy"),
        "{:?}",
        policies.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    let bucket = account.s3.bucket("acme-customer-data").unwrap();
    let policy = bucket.policy.as_ref().unwrap();
    assert!(
        policy.raw.get().contains("444455556666"),
        "the foreign-account grant is in the bucket policy"
    );
}

#[test]
fn find_resolves_ids_and_arns_across_services() {
    let snap = example();
    for item in snap.inventory() {
        assert!(
            snap.find(&item.id).any(|found| std::ptr::eq(found, item)),
            "{} {}",
            item.resource_type,
            item.id
        );
        if let Some(arn) = &item.arn {
            assert!(
                snap.find(arn).any(|found| std::ptr::eq(found, item)),
                "{arn}"
            );
            arn.parse::<keyaki_core::Arn>()
                .unwrap_or_else(|e| panic!("{}: {e}", item.resource_type));
        }
    }
}
