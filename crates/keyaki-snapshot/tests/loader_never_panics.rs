//! Whatever a file holds, loading reports it and never panics: arbitrary JSON under every
//! known top-level key, and arbitrary bytes.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use keyaki_snapshot::Snapshot;
use proptest::prelude::*;

/// Top-level keys of outputs keyaki recognises, with the folder each is usually saved in.
const OUTPUTS: &[(&str, &str)] = &[
    ("us-east-1/ec2/describe-vpcs.json", "Vpcs"),
    ("us-east-1/ec2/describe-subnets.json", "Subnets"),
    ("us-east-1/ec2/describe-route-tables.json", "RouteTables"),
    (
        "us-east-1/ec2/describe-security-groups.json",
        "SecurityGroups",
    ),
    ("us-east-1/ec2/describe-network-acls.json", "NetworkAcls"),
    (
        "us-east-1/ec2/describe-network-interfaces.json",
        "NetworkInterfaces",
    ),
    ("us-east-1/ec2/describe-instances.json", "Reservations"),
    (
        "us-east-1/ec2/describe-transit-gateway-route-tables.json",
        "TransitGatewayRouteTables",
    ),
    (
        "us-east-1/ec2/tgw-rtb-1/search-transit-gateway-routes.json",
        "Routes",
    ),
    (
        "us-east-1/ec2/pl-1/get-managed-prefix-list-entries.json",
        "Entries",
    ),
    (
        "us-east-1/elbv2/describe-load-balancers.json",
        "LoadBalancers",
    ),
    ("us-east-1/elbv2/describe-listeners.json", "Listeners"),
    (
        "us-east-1/elbv2/tg/describe-target-health.json",
        "TargetHealthDescriptions",
    ),
    ("us-east-1/rds/describe-db-instances.json", "DBInstances"),
    (
        "global/iam/get-account-authorization-details.json",
        "UserDetailList",
    ),
    (
        "global/iam/get-account-authorization-details.json",
        "RoleDetailList",
    ),
    (
        "global/organizations/describe-organization.json",
        "Organization",
    ),
    ("global/s3/list-buckets.json", "Buckets"),
    ("global/s3/bucket/get-bucket-policy.json", "Policy"),
    ("us-east-1/kms/key/get-key-policy.json", "Policy"),
    ("us-east-1/cloudtrail/describe-trails.json", "trailList"),
    (
        "us-east-1/sns/topic/get-topic-attributes.json",
        "Attributes",
    ),
    ("account.json", "Account"),
];

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "[a-zA-Z0-9:/*{}\"-]{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("VpcId".to_owned()),
                    Just("CidrBlock".to_owned()),
                    Just("Instances".to_owned()),
                    Just("Arn".to_owned()),
                    "[A-Z][a-z]{0,6}"
                ],
                inner,
                0..4
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_under_known_keys(which in 0..OUTPUTS.len(), value in json_value()) {
        let (path, key) = OUTPUTS[which];
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, serde_json::json!({ key: value }).to_string()).unwrap();
        let report = Snapshot::load_report(dir.path());
        // Either it loaded, or every error names the file.
        for error in &report.errors {
            prop_assert_eq!(error.path(), file.as_path());
        }
    }

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("us-east-1/ec2/describe-vpcs.json");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &bytes).unwrap();
        let _ = Snapshot::load_report(dir.path());
    }
}
