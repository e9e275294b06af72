//! Exposure on the bundled example and on every network snapshot of the test data.

#![allow(clippy::unwrap_used)] // test helpers: a failure here is a test failure

use std::path::{Path, PathBuf};

use keyaki_net::{ExposureReport, Network, exposure};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn answer(path: &Path) -> ExposureReport {
    let snapshot =
        keyaki_snapshot::Snapshot::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    exposure(&Network::build(&snapshot))
}

fn ports(report: &ExposureReport, eni: &str, via: &str) -> Vec<[u16; 2]> {
    let mut p: Vec<[u16; 2]> = report
        .findings
        .iter()
        .filter(|f| f.eni_id == eni && f.via == via)
        .flat_map(|f| f.port_ranges.clone())
        .collect();
    p.sort_unstable();
    p
}

/// The ground truth of examples/incident-3tier/README.md: the bastion's SSH and the ALB's
/// 443 are exposed, the web servers only through the ALB, RDS not at all, and debug-sg's
/// 8080 from anywhere has no path.
#[test]
fn incident_example() {
    let r = answer(&root().join("examples/incident-3tier"));
    let bastion = "eni-36abaa867ec4c87de";
    let alb = ["eni-86aff7c5090ca0fd7", "eni-6e507fe6c968f298f"];
    let web = ["eni-733637c5e2f082d8d", "eni-1799777d7faa37fd7"];
    let rds = "eni-065f2148f7fc1892d";
    let nat = "eni-505e4313cf6f23710";

    assert_eq!(ports(&r, bastion, "direct"), vec![[22, 22]]);
    let ssh = r.findings.iter().find(|f| f.eni_id == bastion).unwrap();
    assert_eq!(ssh.instance_id.as_deref(), Some("i-dbe834b4ae262edd3"));
    assert_eq!(ssh.protocol, "tcp");
    assert_eq!(ssh.public_address.as_deref(), Some("3.222.47.105"));
    assert!(
        ssh.sources
            .iter()
            .any(|s| s == "0.0.0.0/1" || s == "128.0.0.0/1")
    );
    assert_eq!(ssh.severity, keyaki_core::Severity::High);
    assert!(ssh.risky_ports.iter().any(|p| p.port == 22));
    let kinds: Vec<&str> = ssh.path.iter().map(|h| h.kind).collect();
    assert_eq!(
        kinds,
        [
            "internet-gateway",
            "network-acl",
            "security-group",
            "eni",
            "network-acl",
            "route-table"
        ]
    );
    assert!(
        ssh.path[2]
            .rules
            .iter()
            .any(|r| r.contains("bastion-sg") && r.contains("tcp 22 from 0.0.0.0/0"))
    );

    for eni in alb {
        assert_eq!(
            ports(&r, eni, "direct"),
            vec![[80, 80], [443, 443]],
            "{eni}"
        );
    }
    for eni in web {
        assert!(
            ports(&r, eni, "direct").is_empty(),
            "{eni} is not directly exposed"
        );
        assert_eq!(ports(&r, eni, "load-balancer"), vec![[80, 80]], "{eni}");
        let f = r.findings.iter().find(|f| f.eni_id == eni).unwrap();
        assert!(
            f.load_balancer
                .as_deref()
                .unwrap()
                .contains("loadbalancer/app/web-alb/")
        );
        assert!(
            f.path
                .iter()
                .any(|h| h.kind == "listener" && h.id == "HTTPS 443")
        );
        assert!(f.path.iter().any(|h| {
            h.kind == "security-group"
                && h.rules
                    .iter()
                    .any(|r| r.contains("tcp 80 from sg-962eb7f02da2ef8de"))
        }));
    }
    for eni in [rds, nat] {
        assert!(
            r.findings.iter().all(|f| f.eni_id != eni),
            "{eni} is not exposed"
        );
    }
    let debug = r
        .unreachable_open_rules
        .iter()
        .find(|u| u.rule.contains("debug-sg") && u.rule.contains("8080"))
        .expect("debug-sg's open rule is reported without a path");
    assert_eq!(debug.eni_id, web[0]);
    assert_eq!(debug.reason, "the ENI has no public IPv4 address");
    // The bastion's ::/0 rule has no IPv6 address to reach.
    assert!(
        r.unreachable_open_rules
            .iter()
            .any(|u| u.eni_id == bastion && u.rule.contains("::/0"))
    );
    // Findings for the rule engine.
    let findings = r.to_findings();
    assert_eq!(findings.len(), r.findings.len());
    assert!(
        findings
            .iter()
            .all(|f| f.rule_id == "net.internet-exposure" && f.id.len() == 32)
    );
}

fn corpus() -> Vec<PathBuf> {
    let base = root().join("testdata/network-snapshots");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "networks"))
        .collect();
    out.extend(
        std::fs::read_dir(base.join("networks"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    out.sort();
    out
}

/// Every network snapshot gets an answer; where the name says what to expect, it holds.
#[test]
fn every_network_snapshot_gets_an_answer() {
    let dirs = corpus();
    assert!(dirs.len() >= 20);
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let r = answer(&dir);
        let direct: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.via == "direct")
            .map(|f| f.eni_id.as_str())
            .collect();
        match name.as_str() {
            // The instance in the public subnet is reachable on SSH, the private one not.
            "test-public-private-subnet" => {
                assert_eq!(direct, ["eni-09da8cad43844dc1f"], "{name}");
                assert!(
                    r.unreachable_open_rules
                        .iter()
                        .any(|u| u.eni_id == "eni-07c1506e49d784fe0")
                );
            }
            "test-public-subnet" => assert_eq!(direct, ["eni-00064850627e198ee"], "{name}"),
            // No internet gateway at all: nothing is exposed.
            "test"
            | "test-subnet"
            | "test-vpn-gateway"
            | "test-vpc-peering"
            | "test-vpc-peering-multi-account"
            | "test-direct-connect-gateway"
            | "test-direct-connect-private-vif"
            | "test-transit-gateway-multi-account" => {
                assert!(r.findings.is_empty(), "{name}: {direct:?}");
            }
            // The NAT gateway's ENI has a public address but takes no connection; only the
            // bastion in the public subnet is exposed.
            "test-nat-gateway" => {
                assert!(!direct.is_empty());
                assert!(
                    r.findings.iter().all(|f| f.owner_kind == "instance"),
                    "{name}"
                );
            }
            // The load balancer is internal: nothing through it.
            "test-load-balancer" => {
                assert!(
                    r.findings
                        .iter()
                        .all(|f| f.via == "direct" && f.owner_kind == "instance")
                );
            }
            // Replies to the S3 ranges go to the gateway endpoint, not the internet gateway.
            "test-vpc-endpoint-gateway" => {
                let f = r.findings.iter().find(|f| f.protocol == "tcp").unwrap();
                assert!(f.sources_text.contains(" except "), "{}", f.sources_text);
                assert!(f.sources_text.contains("52.2") || f.sources_text.contains("3.5."));
            }
            _ => {}
        }
    }
}

/// Listener rules are evaluated from the lowest priority number and the first match takes
/// the request: rule 20 (`/app/admin/*`) is shadowed by rule 10 (`/app/*`), so the admin
/// instance behind it is not exposed and the rule is reported; rule 5 (`/app/*` from
/// 198.51.100.0/24, a fixed response) leaves rule 10 the other clients, which its hop says.
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html>,
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html>
#[test]
fn shadowed_listener_rules_forward_nothing() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/alb-shadowed-rule");
    let r = answer(&dir);
    assert!(
        r.findings
            .iter()
            .all(|f| f.eni_id != "eni-0a00000000000adm1"),
        "{:#?}",
        r.findings
    );
    let web = r
        .findings
        .iter()
        .find(|f| f.eni_id == "eni-0a0000000000000a1" && f.via == "load-balancer")
        .unwrap();
    assert_eq!(
        web.sources_text,
        "0.0.0.0/0 except 10.0.0.0/16, 198.51.100.0/24"
    );
    let hop = web.path.iter().find(|h| h.kind == "listener-rule").unwrap();
    assert!(hop.id.ends_with("/0000000000000010"), "{hop:?}");
    assert!(
        hop.note
            .as_deref()
            .unwrap()
            .contains("rule 5 (path-pattern /app/*; source-ip 198.51.100.0/24)"),
        "{hop:?}"
    );
    assert_eq!(r.shadowed_rules.len(), 1);
    let s = &r.shadowed_rules[0];
    assert_eq!(s.rule_text, "rule 20 (path-pattern /app/admin/*)");
    assert!(
        s.shadowed_by_text
            .contains(&"rule 10 (path-pattern /app/*)".to_owned())
    );
    assert!(s.target_groups[0].contains("targetgroup/admin-tg/"));
}
