//! `keyaki exposure`, `reach` and `egress` on the bundled example, against its README's
//! ground truth: the bastion's SSH and the load balancer's 80/443 are exposed, the web servers
//! only through the load balancer, the database not at all.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

mod common;

use common::{example, keyaki, run, stdout_json};
use serde_json::Value;

const BASTION: &str = "i-dbe834b4ae262edd3";
const WEB_1: &str = "i-a8c31c8d9e52e859f";
const WEB_2: &str = "i-3c5fd218a801b4b8b";
const PROD_DB: &str = "10.0.20.14";

fn exposure_json() -> Value {
    stdout_json(
        keyaki()
            .args(["exposure", "--format", "json"])
            .arg(example()),
    )
}

fn ports(f: &Value) -> Vec<u64> {
    f["port_ranges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r[0].as_u64().unwrap()..=r[1].as_u64().unwrap())
        .collect()
}

#[test]
fn exposure_finds_what_the_readme_says_is_exposed() {
    let report = exposure_json();
    let findings = report["findings"].as_array().unwrap();
    let of = |instance: &str| -> Vec<&Value> {
        findings
            .iter()
            .filter(|f| f["instance_id"] == instance)
            .collect()
    };
    // The bastion: SSH only, straight from the internet, at its Elastic IP.
    let bastion = of(BASTION);
    assert_eq!(bastion.len(), 1, "{bastion:#?}");
    assert_eq!(bastion[0]["via"], "direct");
    assert_eq!(bastion[0]["protocol"], "tcp");
    assert_eq!(ports(bastion[0]), [22]);
    assert_eq!(bastion[0]["public_address"], "3.222.47.105");
    assert_eq!(bastion[0]["severity"], "high");
    assert_eq!(bastion[0]["risky_ports"][0]["service"], "SSH");
    // The load balancer's interfaces: its listeners, 443 (and 80, which redirects).
    let alb: Vec<&Value> = findings
        .iter()
        .filter(|f| f["owner_kind"] == "load-balancer")
        .collect();
    assert_eq!(alb.len(), 2, "one per load balancer node: {alb:#?}");
    for f in &alb {
        assert_eq!(f["via"], "direct");
        assert!(ports(f).contains(&443), "{f:#}");
    }
    // The web servers: port 80, only through the load balancer.
    for web in [WEB_1, WEB_2] {
        let found = of(web);
        assert!(!found.is_empty(), "{web} is reachable through web-alb");
        for f in found {
            assert_eq!(f["via"], "load-balancer", "{f:#}");
            assert!(
                f["load_balancer"].as_str().unwrap().contains("/web-alb/"),
                "{f:#}"
            );
            assert_eq!(ports(f), [80]);
        }
    }
    // The database: not at all.
    assert!(
        findings.iter().all(|f| f["address"] != PROD_DB),
        "prod-db must not be exposed"
    );
    assert_eq!(
        findings.len(),
        bastion.len() + alb.len() + of(WEB_1).len() + of(WEB_2).len()
    );
    // debug-sg's 8080 from anywhere is reported as a rule with no path, and why.
    let debug: Vec<&Value> = report["unreachable_open_rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule"].as_str().unwrap().contains("debug-sg"))
        .collect();
    assert_eq!(debug.len(), 1, "{report:#}");
    assert_eq!(debug[0]["instance_id"], WEB_1);
    assert!(debug[0]["rule"].as_str().unwrap().contains("tcp 8080"));
    assert_eq!(report["enis_examined"], 7);
}

#[test]
fn exposure_table_for_people() {
    let (out, err) = run(keyaki().arg("exposure").arg(example()), 0);
    assert_eq!(err, "");
    insta::assert_snapshot!(out, @r#"
    ╭──────────┬─────────────────────────────────┬────────────────────────────┬──────────┬────────┬───────────────────────┬──────────────────────────────╮
    │ Severity ┆ Reachable                       ┆ Address                    ┆ Protocol ┆ Ports  ┆ Via                   ┆ From                         │
    ╞══════════╪═════════════════════════════════╪════════════════════════════╪══════════╪════════╪═══════════════════════╪══════════════════════════════╡
    │ high     ┆ i-dbe834b4ae262edd3 (bastion)   ┆ 3.222.47.105 -> 10.0.0.12  ┆ tcp      ┆ 22     ┆ direct                ┆ 0.0.0.0/0 except 10.0.0.0/16 │
    │ low      ┆ i-3c5fd218a801b4b8b (web-2)     ┆ 10.0.11.58                 ┆ tcp      ┆ 80     ┆ load balancer web-alb ┆ 0.0.0.0/0 except 10.0.0.0/16 │
    │ low      ┆ eni-6e507fe6c968f298f (web-alb) ┆ 54.164.33.12 -> 10.0.1.201 ┆ tcp      ┆ 80,443 ┆ direct                ┆ 0.0.0.0/0 except 10.0.0.0/16 │
    │ low      ┆ i-a8c31c8d9e52e859f (web-1)     ┆ 10.0.10.37                 ┆ tcp      ┆ 80     ┆ load balancer web-alb ┆ 0.0.0.0/0 except 10.0.0.0/16 │
    │ low      ┆ eni-86aff7c5090ca0fd7 (web-alb) ┆ 52.4.181.90 -> 10.0.0.87   ┆ tcp      ┆ 80,443 ┆ direct                ┆ 0.0.0.0/0 except 10.0.0.0/16 │
    ╰──────────┴─────────────────────────────────┴────────────────────────────┴──────────┴────────┴───────────────────────┴──────────────────────────────╯
    5 exposures; 7 network interfaces examined

    open to the internet, but no path from it:
      i-a8c31c8d9e52e859f: sg-aa3052bc93c22b32c (debug-sg) IpPermissions[0]: tcp 8080 from 0.0.0.0/0 "temp test - remove": the ENI has no public IPv4 address
      i-dbe834b4ae262edd3: sg-eb9829ca7ed26b459 (bastion-sg) IpPermissions[0]: tcp 22 from ::/0: the ENI has no IPv6 address

    every hop of each path: --format json (docs/commands/exposure.md)
    "#);
}

#[test]
fn exposure_fail_on_exits_3_at_or_above_the_threshold() {
    // The worst exposure of the example is high (SSH on the bastion).
    for (threshold, code) in [("low", 3), ("high", 3), ("critical", 0)] {
        let (out, _) = run(
            keyaki()
                .args(["exposure", "--fail-on", threshold])
                .arg(example()),
            code,
        );
        assert!(out.contains(BASTION), "the report is printed either way");
    }
    // A bad threshold is a usage error.
    keyaki()
        .args(["exposure", "--fail-on", "severe"])
        .arg(example())
        .assert()
        .failure();
}

#[test]
fn exposure_findings_formats_agree_with_the_report() {
    let report = exposure_json();
    let n = report["findings"].as_array().unwrap().len();
    let (jsonl, _) = run(
        keyaki()
            .args(["exposure", "--format", "jsonl"])
            .arg(example()),
        0,
    );
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), n);
    for f in &lines {
        assert_eq!(f["rule_id"], "net.internet-exposure");
        assert_eq!(f["id"].as_str().unwrap().len(), 32);
        assert!(
            f["resource_arn"]
                .as_str()
                .unwrap()
                .starts_with("arn:aws:ec2:us-east-1:123456789012:network-interface/eni-"),
            "{f}"
        );
    }
    let (csv, _) = run(
        keyaki()
            .args(["exposure", "--format", "csv"])
            .arg(example()),
        0,
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&reader.headers().unwrap()[1], "rule_id");
    assert_eq!(reader.records().count(), n);
    // A workbook goes to a file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("exposure.xlsx");
    keyaki()
        .args(["exposure", "--format", "xlsx", "--output"])
        .arg(&path)
        .arg(example())
        .assert()
        .success();
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
}

#[test]
fn reach_internet_to_the_bastion_on_ssh() {
    let answer = stdout_json(
        keyaki()
            .args(["reach", "--format", "json", "--from", "internet", "--to"])
            .arg(BASTION)
            .args(["--port", "22"])
            .arg(example()),
    );
    assert_eq!(answer["reachable"], true);
    assert_eq!(answer["blocked_at"], Value::Null);
    assert_eq!(answer["packet"]["dst"], "3.222.47.105");
    assert_eq!(answer["packet"]["dst_port"], 22);
    let kinds: Vec<&str> = answer["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "internet-gateway",
        "network-acl",
        "security-group",
        "eni",
        "route-table",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert!(
        answer["reachable_flows"][0]
            .as_str()
            .unwrap()
            .starts_with("tcp 22 from 0.0.0.0/0")
    );
}

#[test]
fn reach_the_database_is_blocked_and_says_where_and_how_to_open_it() {
    // From the bastion: the database's security group admits only the web servers.
    let (out, err) = run(
        keyaki()
            .args([
                "reach", "--from", BASTION, "--to", PROD_DB, "--port", "3306",
            ])
            .arg(example()),
        0,
    );
    assert_eq!(err, "");
    insta::assert_snapshot!(out, @r"
    NOT REACHABLE: i-dbe834b4ae262edd3 -> 10.0.20.14 on tcp port 3306
    packet traced: tcp 10.0.0.12:49152 -> 10.0.20.14:3306

    path:
      forward eni              eni-36abaa867ec4c87de (bastion, i-dbe834b4ae262edd3)
      forward security-group   sg-eb9829ca7ed26b459 (outbound, eni-36abaa867ec4c87de)
              admitted by sg-eb9829ca7ed26b459 (bastion-sg) IpPermissionsEgress[0]: all to 0.0.0.0/0
      forward route-table      rtb-09a7859eaa27efaa3
              admitted by 10.0.0.0/16 -> local
      forward network-acl      acl-94b01662537104959 (outbound, subnet-3918eb1c7e59b222c)
              admitted by 100 allow all 0.0.0.0/0
      forward network-acl      acl-7f5c24b9928f5e07c (inbound, subnet-8c2b9d316da39e172)
              admitted by 120 allow tcp 1024-65535 10.0.0.0/16

    blocked at:
      forward security-group   sg-eacde3ee27ade7bf1 (inbound, eni-065f2148f7fc1892d)
      why: no inbound rule of the security groups of eni-065f2148f7fc1892d allows tcp 10.0.0.12:49152 -> 10.0.20.14:3306 (from 10.0.0.12)
      fix: aws ec2 authorize-security-group-ingress --group-id sg-eacde3ee27ade7bf1 --ip-permissions IpProtocol=tcp,FromPort=3306,ToPort=3306,IpRanges=[{CidrIp=10.0.0.12/32}]

    no flow between these endpoints gets through
    ");
    // From the internet: a private address, nothing routes to it.
    let answer = stdout_json(
        keyaki()
            .args(["reach", "--format", "json", "--from", "internet"])
            .args(["--to", PROD_DB, "--port", "3306"])
            .arg(example()),
    );
    assert_eq!(answer["reachable"], false);
    assert!(answer["blocked_at"]["reason"].is_string());
    // And the web servers are not reachable directly, only through the load balancer.
    let answer = stdout_json(
        keyaki()
            .args(["reach", "--format", "json", "--from", "internet", "--to"])
            .arg(WEB_1)
            .args(["--port", "8080"])
            .arg(example()),
    );
    assert_eq!(answer["reachable"], false);
}

#[test]
fn reach_bad_input_is_a_clear_error() {
    let (out, err) = run(
        keyaki()
            .args(["reach", "--from", "i-00000000000000000", "--to", "internet"])
            .arg(example()),
        1,
    );
    assert_eq!(out, "");
    insta::assert_snapshot!(err, @r#"
    error: cannot answer `reach --from i-00000000000000000 --to internet`
      caused by: instance "i-00000000000000000" is not in the snapshot
    "#);
    let (_, err) = run(
        keyaki()
            .args(["reach", "--from", "bastion", "--to", "internet"])
            .arg(example()),
        1,
    );
    insta::assert_snapshot!(err, @r#"error: --from "bastion": expected internet, an instance id (i-...), an ENI id (eni-...), a subnet id (subnet-...) or an IP address"#);
    let (_, err) = run(
        keyaki()
            .args(["reach", "--from", "internet", "--to", BASTION])
            .args(["--protocol", "ssh"])
            .arg(example()),
        1,
    );
    assert!(err.contains("unknown protocol \"ssh\""), "{err}");
}

#[test]
fn egress_names_the_gateway_and_the_address_the_internet_sees() {
    let report = stdout_json(keyaki().args(["egress", "--format", "json"]).arg(example()));
    let ways = report["egress"].as_array().unwrap();
    let of = |instance: &str| -> &Value {
        ways.iter()
            .find(|e| e["instance_id"] == instance)
            .unwrap_or_else(|| panic!("{instance} has a way out: {report:#}"))
    };
    for web in [WEB_1, WEB_2] {
        assert_eq!(of(web)["gateway_kind"], "nat-gateway");
        assert_eq!(of(web)["seen_as"], "44.206.118.23");
    }
    assert_eq!(of(BASTION)["gateway_kind"], "internet-gateway");
    assert_eq!(of(BASTION)["seen_as"], "3.222.47.105");
    let (csv, _) = run(
        keyaki().args(["egress", "--format", "csv"]).arg(example()),
        0,
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "eni_id");
    assert_eq!(reader.records().count(), ways.len());
    let (table, _) = run(keyaki().arg("egress").arg(example()), 0);
    assert!(
        table.contains("nat-gateway nat-5cf65a1b42f94aac1"),
        "{table}"
    );
    assert!(table.contains("ways out"), "{table}");
}

/// A listener rule shadowed by an earlier one is listed under the table, with the rule that
/// takes its requests; its target is not exposed.
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html>
#[test]
fn exposure_lists_shadowed_listener_rules() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../keyaki-net/tests/scenarios/alb-shadowed-rule");
    let out = keyaki().args(["exposure"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("listener rules that never forward")
            && text.contains(
                "web HTTPS 443: rule 20 (path-pattern /app/admin/*) is shadowed by rule 5 (path-pattern /app/*; source-ip 198.51.100.0/24), rule 10 (path-pattern /app/*)"
            ),
        "{text}"
    );
    assert!(!text.contains("i-0a00000000000adm1"), "{text}");
}
