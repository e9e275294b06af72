//! `reach` on the bundled example, AWS semantics the tracer pins, and the agreement of the
//! symbolic engine with the packet tracer on random packets.

#![allow(clippy::unwrap_used)] // test helpers: a failure here is a test failure

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use keyaki_net::{Endpoint, Network, Packet, Protocol, ReachQuery, reach, reachable_flows, trace};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &Path) -> Network {
    let snapshot =
        keyaki_snapshot::Snapshot::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Network::build(&snapshot)
}

fn incident() -> Network {
    load(&root().join("examples/incident-3tier"))
}

fn ask(net: &Network, from: &str, to: &str, port: Option<u16>) -> keyaki_net::ReachAnswer {
    reach(
        net,
        &ReachQuery {
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
            protocol: Some(Protocol::Number(6)),
            port,
        },
    )
    .unwrap()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn internet_reaches_the_bastion_on_ssh_only() {
    let net = incident();
    let a = ask(&net, "internet", "i-dbe834b4ae262edd3", Some(22));
    assert!(a.reachable, "{a:#?}");
    assert!(a.blocked_at.is_none());
    assert_eq!(a.packet.dst, ip("3.222.47.105"));
    assert!(
        a.reachable_flows.as_ref().unwrap()[0]
            .starts_with("tcp 22 from 0.0.0.0/0 except 10.0.0.0/16")
    );
    let b = ask(&net, "internet", "i-dbe834b4ae262edd3", Some(3389));
    assert!(!b.reachable);
    let blocked = b.blocked_at.unwrap();
    assert_eq!(blocked.hop.kind, "security-group");
    assert!(
        blocked.fix.starts_with(
            "aws ec2 authorize-security-group-ingress --group-id sg-eb9829ca7ed26b459"
        )
    );
}

#[test]
fn web_1s_debug_port_has_no_path_from_the_internet() {
    let net = incident();
    let a = ask(&net, "internet", "i-a8c31c8d9e52e859f", Some(8080));
    assert!(!a.reachable);
    assert_eq!(a.reachable_flows, Some(vec![]));
    let why = a.blocked_at.unwrap();
    assert!(why.reason.contains("private address"), "{}", why.reason);
}

#[test]
fn web_reaches_the_database_and_the_bastion_does_not() {
    let net = incident();
    let a = ask(
        &net,
        "i-a8c31c8d9e52e859f",
        "eni-065f2148f7fc1892d",
        Some(3306),
    );
    assert!(a.reachable, "{a:#?}");
    let kinds: Vec<&str> = a.path.iter().map(|h| h.kind).collect();
    assert!(kinds.contains(&"network-acl"));
    // The bastion: the db subnets' ACL lets it through (rule 120 admits tcp 1024-65535
    // from the whole VPC, and 3306 is in that range); db-sg, which admits only web-sg,
    // stops it.
    let b = ask(&net, "i-dbe834b4ae262edd3", "10.0.20.14", Some(3306));
    assert!(!b.reachable);
    let blocked = b.blocked_at.unwrap();
    assert_eq!(blocked.hop.kind, "security-group");
    assert_eq!(blocked.hop.id, "sg-eacde3ee27ade7bf1");
    assert!(
        b.path
            .iter()
            .any(|h| h.id == "acl-7f5c24b9928f5e07c" && h.rules[0].starts_with("120 allow"))
    );
    // web-1 to the database on SSH: the db subnets' ACL.
    let c = ask(
        &net,
        "i-a8c31c8d9e52e859f",
        "eni-065f2148f7fc1892d",
        Some(22),
    );
    assert!(!c.reachable);
    assert_eq!(c.blocked_at.unwrap().hop.kind, "network-acl");
}

#[test]
fn web_reaches_the_internet_through_the_nat_gateway() {
    let net = incident();
    let a = ask(&net, "i-a8c31c8d9e52e859f", "198.51.100.77", Some(443));
    assert!(a.reachable, "{a:#?}");
    assert!(
        a.path
            .iter()
            .any(|h| h.kind == "nat-gateway" && h.id == "nat-5cf65a1b42f94aac1")
    );
    assert!(a.path.iter().any(|h| {
        h.kind == "internet-gateway"
            && h.note
                .as_deref()
                .is_some_and(|n| n.contains("44.206.118.23"))
    }));
}

/// Security groups filter traffic between two ENIs of one subnet, and network ACLs do not
/// apply there. <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>,
/// <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html>
#[test]
fn security_groups_apply_within_a_subnet() {
    let net = incident();
    // The bastion and ALB node a share prod-public-a.
    let ok = ask(
        &net,
        "eni-36abaa867ec4c87de",
        "eni-86aff7c5090ca0fd7",
        Some(443),
    );
    assert!(ok.reachable, "{ok:#?}");
    let no = ask(
        &net,
        "eni-36abaa867ec4c87de",
        "eni-86aff7c5090ca0fd7",
        Some(8443),
    );
    assert!(!no.reachable);
    assert_eq!(no.blocked_at.unwrap().hop.kind, "security-group");
}

#[test]
fn acls_do_not_apply_within_a_subnet() {
    let net = incident();
    let ok = ask(
        &net,
        "eni-36abaa867ec4c87de",
        "eni-86aff7c5090ca0fd7",
        Some(443),
    );
    assert!(
        ok.path.iter().all(|h| h.kind != "network-acl"),
        "{:#?}",
        ok.path
    );
}

/// <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>: security
/// groups cannot block the Route 53 Resolver; neither they nor network ACLs filter the
/// instance metadata service.
#[test]
fn metadata_service_is_not_filtered() {
    let net = incident();
    let a = ask(&net, "i-a8c31c8d9e52e859f", "169.254.169.254", Some(80));
    assert!(a.reachable);
    assert!(a.path.iter().any(|h| h.kind == "aws-service"));
}

/// The first four addresses and the last of a subnet are reserved; VPC base + 2 is DNS.
/// <https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html>
#[test]
fn reserved_addresses() {
    let net = incident();
    let a = ask(&net, "i-a8c31c8d9e52e859f", "10.0.20.1", Some(80));
    assert!(!a.reachable);
    assert!(a.blocked_at.unwrap().reason.contains("reserves"));
    let dns = reach(
        &net,
        &ReachQuery {
            from: "i-a8c31c8d9e52e859f".parse().unwrap(),
            to: "10.0.0.2".parse().unwrap(),
            protocol: Some(Protocol::Number(17)),
            port: Some(53),
        },
    )
    .unwrap();
    assert!(dns.reachable, "{dns:#?}");
}

#[test]
fn unknown_endpoints_are_errors() {
    let net = incident();
    let q = ReachQuery {
        from: "i-00000000".parse().unwrap(),
        to: Endpoint::Internet,
        protocol: None,
        port: None,
    };
    assert!(reach(&net, &q).is_err());
    assert!("not-an-endpoint".parse::<Endpoint>().is_err());
}

fn snapshots() -> Vec<PathBuf> {
    let mut out = vec![root().join("examples/incident-3tier")];
    let base = root().join("testdata/network-snapshots");
    for e in std::fs::read_dir(&base).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() && p.file_name().is_some_and(|n| n != "networks") {
            out.push(p);
        }
    }
    let scen = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    for e in std::fs::read_dir(&scen).unwrap() {
        let p = e.unwrap().path();
        if p.join("case.json").exists() {
            out.push(p);
        }
    }
    let tgw = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tgw");
    for e in std::fs::read_dir(&tgw).unwrap() {
        let p = e.unwrap().path();
        if p.join("account.json").exists() {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// ENIs of a network: (id, private IPv4, public IPv4) read back through the public API.
fn enis(path: &Path) -> Vec<(String, Option<IpAddr>, Option<IpAddr>)> {
    let snapshot = keyaki_snapshot::Snapshot::load(path).unwrap();
    let mut out = Vec::new();
    for a in snapshot.accounts() {
        for r in &a.regions {
            for e in &r.ec2.network_interfaces {
                let private = e.private_ip_address.as_deref().and_then(|p| p.parse().ok());
                let public = e
                    .association
                    .as_ref()
                    .and_then(|x| x.public_ip.as_deref())
                    .and_then(|p| p.parse().ok());
                out.push((e.network_interface_id.clone(), private, public));
            }
        }
    }
    out
}

/// Whether the tracer sent the packet out of the VPCs (through an internet, NAT, VPN or
/// egress-only gateway) rather than to the destination ENI: the symbolic ENI-to-ENI sets
/// cover the paths inside a VPC, over peering and through transit gateways, so such packets
/// are outside the comparison.
fn leaves_the_vpcs(t: &keyaki_net::ReachAnswer) -> bool {
    t.path.iter().any(|h| {
        h.direction == "forward"
            && matches!(
                h.kind,
                "internet-gateway" | "nat-gateway" | "egress-only-internet-gateway" | "vpn-gateway"
            )
    })
}

const PORTS: &[u16] = &[
    0, 22, 53, 80, 443, 1023, 1024, 3306, 8080, 33434, 49152, 65535,
];

/// The symbolic engine and the packet tracer agree on random packets: ENI to ENI (in a VPC,
/// over peering, through a transit gateway), and from the internet to every ENI with a
/// public address. Packets the tracer sends out of the VPCs (internet, NAT, VPN gateways)
/// are outside the ENI-to-ENI sets and skipped: egress through a NAT gateway is not compared
/// yet (the symbolic egress sets are not exposed as a `FlowSet`).
#[test]
fn symbolic_and_tracer_agree() {
    let mut runner = TestRunner::new(Config {
        cases: 64,
        ..Config::default()
    });
    let mut checked = 0usize;
    for path in snapshots() {
        let net = load(&path);
        let list = enis(&path);
        if list.is_empty() {
            continue;
        }
        let pairs: Vec<(usize, usize)> = (0..list.len())
            .flat_map(|i| (0..list.len()).map(move |j| (i, j)))
            .filter(|(i, j)| i != j)
            .collect();
        let protocols = prop_oneof![Just(6u8), Just(17u8), Just(1u8), any::<u8>()];
        let port = prop_oneof![prop::sample::select(PORTS), any::<u16>()];
        // ENI to ENI.
        let strategy = (
            prop::sample::select(if pairs.is_empty() {
                vec![(0, 0)]
            } else {
                pairs.clone()
            }),
            protocols.clone(),
            port.clone(),
            port.clone(),
        );
        runner
            .run(&strategy, |((i, j), proto, sport, dport)| {
                if i == j {
                    return Ok(());
                }
                let (Some(src), Some(dst)) = (list[i].1, list[j].1) else {
                    return Ok(());
                };
                let from = Endpoint::Eni(list[i].0.clone());
                let to = Endpoint::Eni(list[j].0.clone());
                let Some(set) = reachable_flows(&net, &from, &to).unwrap() else {
                    return Ok(());
                };
                let p = Packet {
                    src,
                    dst,
                    protocol: proto,
                    src_port: sport,
                    dst_port: dport,
                };
                let t = trace(&net, &from, &p).unwrap();
                if leaves_the_vpcs(&t) {
                    return Ok(());
                }
                prop_assert_eq!(
                    t.reachable,
                    set.contains(&p),
                    "{} {}: {:#?}",
                    path.display(),
                    p,
                    t
                );
                Ok(())
            })
            .unwrap();
        // Internet to ENI.
        let public: Vec<usize> = (0..list.len()).filter(|&i| list[i].2.is_some()).collect();
        if !public.is_empty() {
            let src = prop_oneof![
                any::<u32>().prop_map(|v| IpAddr::from(v.to_be_bytes())),
                (0u32..65536).prop_map(|v| IpAddr::from((0x0a00_0000u32 | v).to_be_bytes())),
            ];
            let strategy = (
                prop::sample::select(public),
                src,
                protocols,
                port.clone(),
                port,
            );
            runner
                .run(&strategy, |(i, src, proto, sport, dport)| {
                    let Some(dst) = list[i].2 else { return Ok(()) };
                    let to = Endpoint::Eni(list[i].0.clone());
                    let set = reachable_flows(&net, &Endpoint::Internet, &to)
                        .unwrap()
                        .unwrap();
                    let p = Packet {
                        src,
                        dst,
                        protocol: proto,
                        src_port: sport,
                        dst_port: dport,
                    };
                    let t = trace(&net, &Endpoint::Internet, &p).unwrap();
                    prop_assert_eq!(
                        t.reachable,
                        set.contains(&p),
                        "{} {}: {:#?}",
                        path.display(),
                        p,
                        t
                    );
                    Ok(())
                })
                .unwrap();
        }
        // The witness of every non-empty symbolic set is reachable by the tracer.
        for (i, j) in pairs {
            let from = Endpoint::Eni(list[i].0.clone());
            let to = Endpoint::Eni(list[j].0.clone());
            if let Some(set) = reachable_flows(&net, &from, &to).unwrap()
                && let Some(w) = set.witness()
            {
                let t = trace(&net, &from, &w).unwrap();
                assert!(
                    t.reachable,
                    "{}: witness {w} not reachable: {t:#?}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "too few witnesses checked: {checked}");
}

#[test]
fn egress_of_the_incident_example() {
    let net = incident();
    let r = keyaki_net::egress(&net);
    let via = |eni: &str| -> Vec<(&str, &str)> {
        r.egress
            .iter()
            .filter(|e| e.eni_id == eni)
            .map(|e| (e.gateway_kind, e.gateway.as_str()))
            .collect()
    };
    assert_eq!(
        via("eni-733637c5e2f082d8d"),
        [("nat-gateway", "nat-5cf65a1b42f94aac1")]
    );
    assert_eq!(
        via("eni-36abaa867ec4c87de"),
        [("internet-gateway", "igw-722ff0483f13c7094")]
    );
    let web1 = r
        .egress
        .iter()
        .find(|e| e.eni_id == "eni-733637c5e2f082d8d")
        .unwrap();
    assert_eq!(web1.seen_as.as_deref(), Some("44.206.118.23"));
    // The database subnets route only locally.
    assert!(via("eni-065f2148f7fc1892d").is_empty());
}

/// The symbolic engine and the tracer agree on every ENI pair across a transit gateway in
/// the corpus snapshots (routes both ways, attachment subnets and their zones, their network
/// ACLs), on a grid of packets; some of them get through.
/// <https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html>,
/// <https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html>
#[test]
fn symbolic_and_tracer_agree_across_transit_gateways() {
    let mut compared = 0usize;
    let mut reachable = 0usize;
    for path in snapshots() {
        let name = path.to_string_lossy();
        if !name.contains("transit-gateway") && !name.contains("tgw") {
            continue;
        }
        let net = load(&path);
        let list = enis(&path);
        for (i, a) in list.iter().enumerate() {
            for (j, b) in list.iter().enumerate() {
                let (Some(src), Some(dst)) = (a.1, b.1) else {
                    continue;
                };
                if i == j {
                    continue;
                }
                let from = Endpoint::Eni(a.0.clone());
                let to = Endpoint::Eni(b.0.clone());
                let Some(set) = reachable_flows(&net, &from, &to).unwrap() else {
                    continue;
                };
                for proto in [6u8, 17, 1] {
                    for &dport in &[22u16, 80, 443, 3306] {
                        let p = Packet {
                            src,
                            dst,
                            protocol: proto,
                            src_port: 40000,
                            dst_port: dport,
                        };
                        let t = trace(&net, &from, &p).unwrap();
                        if leaves_the_vpcs(&t) {
                            continue;
                        }
                        assert_eq!(
                            t.reachable,
                            set.contains(&p),
                            "{}: {p}: {t:#?}",
                            path.display()
                        );
                        compared += 1;
                        reachable += usize::from(t.reachable);
                    }
                }
            }
        }
    }
    assert!(
        compared > 0 && reachable > 0,
        "{compared} compared, {reachable} reachable"
    );
}

fn tgw(name: &str) -> Network {
    load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/tgw")
            .join(name),
    )
}

fn tgw_packet(src: &str, port: u16) -> Packet {
    Packet::tcp(ip(src), 40000, ip("10.2.1.10"), port)
}

/// A VPC's traffic reaches a transit gateway only from a zone where the attachment has a
/// subnet; the gateway keeps the flow in its zone when the next attachment has a subnet
/// there (so the other zone's attachment subnet, whose ACL denies everything outbound, is not
/// used). <https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html>,
/// <https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-az-overview>
#[test]
fn transit_gateway_zone_affinity() {
    let net = tgw("tgw-zones");
    let from = |e: &str| Endpoint::Eni(e.to_owned());
    let a = trace(
        &net,
        &from("eni-0a0000000src-a"),
        &tgw_packet("10.1.1.10", 22),
    )
    .unwrap();
    assert!(a.reachable, "{a:#?}");
    let subnets: Vec<&str> = a
        .path
        .iter()
        .filter(|h| h.kind == "transit-gateway-attachment")
        .filter_map(|h| h.note.as_deref())
        .collect();
    assert_eq!(
        subnets,
        [
            "attachment subnet subnet-0a00000000att-a (us-east-1a)",
            "attachment subnet subnet-0b00000000att-a (us-east-1a)",
            "attachment subnet subnet-0b00000000att-a (us-east-1a)",
            "attachment subnet subnet-0a00000000att-a (us-east-1a)",
        ]
    );
    let b = trace(
        &net,
        &from("eni-0a0000000src-b"),
        &tgw_packet("10.1.2.10", 22),
    )
    .unwrap();
    assert!(!b.reachable);
    let why = b.blocked_at.unwrap();
    assert_eq!(why.hop.kind, "transit-gateway-attachment");
    assert!(
        why.reason.contains("no attachment subnet in us-east-1b"),
        "{}",
        why.reason
    );
}

/// The attachment subnet's network ACL applies, inbound, to traffic from an instance to
/// the transit gateway. <https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html>
#[test]
fn transit_gateway_attachment_subnet_acl() {
    let net = tgw("tgw-zones");
    let from = Endpoint::Eni("eni-0a0000000src-a".into());
    let t = trace(&net, &from, &tgw_packet("10.1.1.10", 3306)).unwrap();
    assert!(!t.reachable);
    let why = t.blocked_at.unwrap();
    assert_eq!(
        (why.hop.kind, why.hop.id.as_str()),
        ("network-acl", "acl-0a000000attach-a")
    );
    assert!(why.reason.contains("inbound"), "{}", why.reason);
    let set = reachable_flows(&net, &from, &Endpoint::Eni("eni-0b00000000dst-a".into()))
        .unwrap()
        .unwrap();
    assert!(set.contains(&tgw_packet("10.1.1.10", 22)));
    assert!(!set.contains(&tgw_packet("10.1.1.10", 3306)));
}

/// With appliance mode the transit gateway picks the attachment subnet of a flow by a flow
/// hash, in any zone: the subnet whose ACL denies everything outbound may carry it, so keyaki
/// does not promise the path. <https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html>
#[test]
fn transit_gateway_appliance_mode() {
    let net = tgw("tgw-appliance");
    let from = Endpoint::Eni("eni-0a0000000src-a".into());
    let t = trace(&net, &from, &tgw_packet("10.1.1.10", 22)).unwrap();
    assert!(!t.reachable, "{t:#?}");
    let why = t.blocked_at.unwrap();
    assert_eq!(why.hop.id, "acl-0b000000attach-b");
    assert!(why.reason.contains("appliance mode"), "{}", why.reason);
    let set = reachable_flows(&net, &from, &Endpoint::Eni("eni-0b00000000dst-a".into()))
        .unwrap()
        .unwrap();
    assert!(set.is_empty());
}
