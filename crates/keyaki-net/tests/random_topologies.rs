//! Random VPC topologies: keyaki's set-based answers against the concrete packet tracer.
//!
//! proptest draws small snapshots (one or two VPCs, subnets, route tables with internet
//! gateway, NAT gateway, peering and blackhole routes, network ACLs with numbered allow and
//! deny rules, security groups with CIDR and security-group rules, ENIs with and without
//! public addresses, public and private NAT gateways), writes them as the AWS CLI would, loads
//! them, and checks on packets drawn inside and outside every set that the symbolic engine
//! and the tracer agree:
//!
//! - internet to each ENI with a public address (`reachable_flows` and `exposure`);
//! - ENI to ENI, in a VPC and across a peering connection;
//! - ENI to the internet (`reachable_flows` to `internet`, `egress`), through an internet
//!   gateway or a NAT gateway.
//!
//! NAT gateways are outbound only: the internet never reaches an ENI through one, nor the
//! NAT gateway itself, and traffic that leaves through one is seen with the NAT gateway's
//! public address. <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html>,
//! <https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html>

#![allow(clippy::unwrap_used)] // test helpers: a failure here is a test failure

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

use keyaki_net::{Endpoint, Network, Packet, egress, exposure, reachable_flows, trace};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

const ACCOUNT: &str = "111122223333";

/// A stream of choices drawn by proptest. The choice 0 is always the simplest option, so
/// shrinking the bytes towards zero simplifies the topology.
struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n
    }

    /// True with about `percent` % probability; never for the byte 0.
    fn chance(&mut self, percent: u32) -> bool {
        u32::from(self.byte()) * 100 / 256 >= 100 - percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// A small deterministic generator for the packets drawn in each topology.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const CIDRS: &[&str] = &[
    "0.0.0.0/0",
    "203.0.113.0/24",
    "198.51.100.0/25",
    "128.0.0.0/1",
    "10.0.0.0/16",
    "10.1.0.0/16",
    "10.0.1.0/24",
    "10.0.0.0/8",
    "10.0.0.10/32",
    "198.18.0.0/15",
];
const ROUTE_DESTINATIONS: &[&str] = &[
    "0.0.0.0/0",
    "203.0.113.0/24",
    "128.0.0.0/1",
    "198.51.100.0/24",
    "198.18.0.0/15",
    "64.0.0.0/2",
];
const PORT_RANGES: &[(u16, u16)] = &[
    (0, 65535),
    (22, 22),
    (80, 80),
    (443, 443),
    (1024, 65535),
    (0, 1023),
    (32768, 60999),
    (1, 21),
];
const PORTS: &[u16] = &[
    22, 80, 443, 0, 21, 1023, 1024, 32768, 49152, 60999, 61000, 65535,
];
const INTERNET: &[[u8; 4]] = &[
    [203, 0, 113, 7],
    [198, 51, 100, 9],
    [198, 51, 100, 200],
    [1, 2, 3, 4],
    [130, 1, 2, 3],
    [70, 1, 2, 3],
    [8, 8, 8, 8],
    [198, 18, 5, 5],
];

#[derive(Debug, Clone)]
struct EniInfo {
    id: String,
    private: Ipv4Addr,
    public: Option<Ipv4Addr>,
    nat: Option<String>,
}

#[derive(Debug, Clone)]
struct NatInfo {
    id: String,
    private: Ipv4Addr,
    public: Option<Ipv4Addr>,
}

struct Topology {
    files: Vec<(String, Value)>,
    enis: Vec<EniInfo>,
    nats: Vec<NatInfo>,
}

fn id(kind: &str, n: usize) -> String {
    format!("{kind}-{n:017x}")
}

fn acl_entries(c: &mut Choices, egress: bool) -> Vec<Value> {
    let mut out = Vec::new();
    let mut numbers: Vec<u16> = vec![50, 60, 70, 80, 90, 100, 110, 120];
    for _ in 0..c.below(4) {
        let n = numbers.remove(c.below(numbers.len()));
        let protocol = c.pick(&["-1", "6", "17", "1"]);
        let mut e = json!({
            "RuleNumber": n,
            "RuleAction": if c.chance(50) { "deny" } else { "allow" },
            "Egress": egress,
            "Protocol": protocol,
            "CidrBlock": c.pick(CIDRS),
        });
        match protocol {
            "6" | "17" => {
                let (from, to) = c.pick(PORT_RANGES);
                e["PortRange"] = json!({"From": from, "To": to});
            }
            "1" => {
                e["IcmpTypeCode"] = json!({"Type": c.pick(&[-1, 8, 0]), "Code": -1});
            }
            _ => {}
        }
        out.push(e);
    }
    if !c.chance(30) {
        out.push(
            json!({"RuleNumber": 200, "RuleAction": "allow", "Egress": egress,
                        "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}),
        );
    }
    out.push(
        json!({"RuleNumber": 32767, "RuleAction": "deny", "Egress": egress,
                    "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}),
    );
    out
}

fn permission(c: &mut Choices, groups: &[String]) -> Value {
    let protocol = c.pick(&["tcp", "udp", "icmp", "-1", "tcp"]);
    let mut p = json!({"IpProtocol": protocol, "IpRanges": [], "Ipv6Ranges": [],
                       "UserIdGroupPairs": [], "PrefixListIds": []});
    match protocol {
        "tcp" | "udp" => {
            let (from, to) = c.pick(PORT_RANGES);
            p["FromPort"] = json!(from);
            p["ToPort"] = json!(to);
        }
        "icmp" => {
            p["FromPort"] = json!(c.pick(&[-1, 8]));
            p["ToPort"] = json!(-1);
        }
        _ => {}
    }
    if c.chance(35) {
        let g = &groups[c.below(groups.len())];
        p["UserIdGroupPairs"] = json!([{"GroupId": g, "UserId": ACCOUNT}]);
    } else {
        p["IpRanges"] = json!([{"CidrIp": c.pick(CIDRS)}]);
    }
    p
}

fn build(c: &mut Choices) -> Topology {
    let vpc_count = 1 + c.below(2);
    let mut vpcs = Vec::new();
    let mut subnets = Vec::new();
    let mut igws = Vec::new();
    let mut tables = Vec::new();
    let mut acls = Vec::new();
    let mut sgs = Vec::new();
    let mut interfaces = Vec::new();
    let mut nat_gateways = Vec::new();
    let mut enis = Vec::new();
    let mut nats = Vec::new();
    let mut public_counter = 10u8;
    let pcx = id("pcx", 1);
    let peering = vpc_count == 2 && c.chance(60);
    for v in 0..vpc_count {
        let vpc = id("vpc", v);
        let vpc_cidr = format!("10.{v}.0.0/16");
        vpcs.push(json!({"VpcId": vpc, "CidrBlock": vpc_cidr, "OwnerId": ACCOUNT,
            "State": "available", "IsDefault": false,
            "CidrBlockAssociationSet": [{"CidrBlock": vpc_cidr, "CidrBlockState": {"State": "associated"}}]}));
        // The internet gateway: attached (usually), or existing but detached.
        let igw = id("igw", v);
        let attached = !c.chance(20);
        let has_igw = attached || c.chance(50);
        if has_igw {
            let attachments = if attached {
                json!([{"VpcId": vpc, "State": "available"}])
            } else {
                json!([])
            };
            igws.push(
                json!({"InternetGatewayId": igw, "OwnerId": ACCOUNT, "Attachments": attachments}),
            );
        }
        let subnet_count = 1 + c.below(3);
        let subnet_ids: Vec<String> = (0..subnet_count)
            .map(|j| id("subnet", v * 16 + j))
            .collect();
        for (j, s) in subnet_ids.iter().enumerate() {
            subnets.push(json!({"SubnetId": s, "VpcId": vpc, "CidrBlock": format!("10.{v}.{j}.0/24"),
                "AvailabilityZone": "us-east-1a", "OwnerId": ACCOUNT, "MapPublicIpOnLaunch": false}));
        }
        // A NAT gateway, public (usually) or private.
        let nat = id("nat", v);
        let has_nat = c.chance(55);
        if has_nat {
            let j = c.below(subnet_count);
            let public = !c.chance(15);
            let private: Ipv4Addr = format!("10.{v}.{j}.5").parse().unwrap();
            let public_ip: Option<Ipv4Addr> = public.then(|| {
                public_counter += 1;
                Ipv4Addr::new(198, 18, 0, public_counter)
            });
            let eni_id = id("eni", 0x900 + v);
            let mut address = json!({"NetworkInterfaceId": eni_id, "PrivateIp": private.to_string(),
                                     "IsPrimary": true});
            let mut eni = json!({"NetworkInterfaceId": eni_id, "SubnetId": subnet_ids[j], "VpcId": vpc,
                "AvailabilityZone": "us-east-1a", "InterfaceType": "nat_gateway",
                "Description": format!("Interface for NAT Gateway {nat}"), "OwnerId": ACCOUNT,
                "Status": "in-use", "PrivateIpAddress": private.to_string(),
                "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": private.to_string()}],
                "Ipv6Addresses": [], "Groups": [], "SourceDestCheck": false, "TagSet": []});
            if let Some(p) = public_ip {
                address["PublicIp"] = json!(p.to_string());
                address["AllocationId"] = json!(format!("eipalloc-{v}"));
                let assoc = json!({"PublicIp": p.to_string(), "IpOwnerId": "amazon"});
                eni["Association"] = assoc.clone();
                eni["PrivateIpAddresses"][0]["Association"] = assoc;
            }
            nat_gateways.push(
                json!({"NatGatewayId": nat, "VpcId": vpc, "SubnetId": subnet_ids[j],
                "State": "available", "ConnectivityType": if public { "public" } else { "private" },
                "NatGatewayAddresses": [address]}),
            );
            interfaces.push(eni);
            enis.push(EniInfo {
                id: eni_id,
                private,
                public: public_ip,
                nat: Some(nat.clone()),
            });
            nats.push(NatInfo {
                id: nat.clone(),
                private,
                public: public_ip,
            });
        }
        // Route tables: the main one, and some subnets with their own.
        let mut targets: Vec<(&str, String)> = Vec::new();
        if has_igw {
            targets.push(("GatewayId", igw.clone()));
        }
        if has_nat {
            targets.push(("NatGatewayId", nat.clone()));
        }
        if peering {
            targets.push(("VpcPeeringConnectionId", pcx.clone()));
        }
        let peer_cidr = format!("10.{}.0.0/16", 1 - v);
        let routes = |c: &mut Choices| -> Vec<Value> {
            let mut out = vec![
                json!({"DestinationCidrBlock": vpc_cidr, "GatewayId": "local",
                                      "Origin": "CreateRouteTable", "State": "active"}),
            ];
            if targets.is_empty() {
                return out;
            }
            let mut used = BTreeSet::new();
            if peering && c.chance(60) {
                used.insert(peer_cidr.clone());
                out.push(
                    json!({"DestinationCidrBlock": peer_cidr, "VpcPeeringConnectionId": pcx,
                                "Origin": "CreateRoute", "State": "active"}),
                );
            }
            for _ in 0..c.below(4) {
                let dest = c.pick(ROUTE_DESTINATIONS);
                if !used.insert(dest.to_owned()) {
                    continue;
                }
                let (key, target) = targets[c.below(targets.len())].clone();
                let state = if c.chance(10) { "blackhole" } else { "active" };
                let mut r =
                    json!({"DestinationCidrBlock": dest, "Origin": "CreateRoute", "State": state});
                r[key] = json!(target);
                out.push(r);
            }
            out
        };
        let main = id("rtb", v * 16 + 15);
        tables.push(json!({"RouteTableId": main, "VpcId": vpc, "OwnerId": ACCOUNT,
            "Routes": routes(c),
            "Associations": [{"Main": true, "RouteTableId": main, "AssociationState": {"State": "associated"}}]}));
        for (j, s) in subnet_ids.iter().enumerate() {
            if c.chance(60) {
                let t = id("rtb", v * 16 + j);
                tables.push(json!({"RouteTableId": t, "VpcId": vpc, "OwnerId": ACCOUNT,
                    "Routes": routes(c),
                    "Associations": [{"Main": false, "RouteTableId": t, "SubnetId": s,
                                      "AssociationState": {"State": "associated"}}]}));
            }
        }
        // Network ACLs; every subnet is associated with one.
        let acl_count = 1 + c.below(2);
        let mut members: Vec<Vec<&String>> = vec![Vec::new(); acl_count];
        for s in &subnet_ids {
            members[c.below(acl_count)].push(s);
        }
        for (k, m) in members.iter().enumerate() {
            let a = id("acl", v * 16 + k);
            let mut entries = acl_entries(c, false);
            entries.extend(acl_entries(c, true));
            acls.push(json!({"NetworkAclId": a, "VpcId": vpc, "IsDefault": k == 0, "OwnerId": ACCOUNT,
                "Entries": entries,
                "Associations": m.iter().map(|s| json!({"NetworkAclAssociationId": format!("aclassoc-{s}"),
                    "NetworkAclId": a, "SubnetId": s})).collect::<Vec<_>>()}));
        }
        // Security groups.
        let group_ids: Vec<String> = (0..1 + c.below(3)).map(|k| id("sg", v * 16 + k)).collect();
        for g in &group_ids {
            let ingress: Vec<Value> = (0..c.below(4)).map(|_| permission(c, &group_ids)).collect();
            let egress: Vec<Value> = if c.chance(30) {
                (0..c.below(3)).map(|_| permission(c, &group_ids)).collect()
            } else {
                vec![
                    json!({"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                            "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}),
                ]
            };
            sgs.push(
                json!({"GroupId": g, "GroupName": g, "Description": g, "VpcId": vpc,
                "OwnerId": ACCOUNT, "IpPermissions": ingress, "IpPermissionsEgress": egress}),
            );
        }
        // Instances' ENIs.
        for (j, s) in subnet_ids.iter().enumerate() {
            for k in 0..1 + c.below(2) {
                let n = enis.len();
                let eni_id = id("eni", n);
                let private: Ipv4Addr = format!("10.{v}.{j}.{}", 10 + k).parse().unwrap();
                let public = c.chance(50).then(|| {
                    public_counter += 1;
                    Ipv4Addr::new(198, 19, 0, public_counter)
                });
                let first = c.below(group_ids.len());
                let mut groups = vec![&group_ids[first]];
                if group_ids.len() > 1 && c.chance(30) {
                    groups.push(&group_ids[(first + 1) % group_ids.len()]);
                }
                let mut eni = json!({"NetworkInterfaceId": eni_id, "SubnetId": s, "VpcId": vpc,
                    "AvailabilityZone": "us-east-1a", "InterfaceType": "interface", "Description": "",
                    "OwnerId": ACCOUNT, "Status": "in-use", "PrivateIpAddress": private.to_string(),
                    "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": private.to_string()}],
                    "Ipv6Addresses": [],
                    "Groups": groups.iter().map(|g| json!({"GroupId": g, "GroupName": g})).collect::<Vec<_>>(),
                    "SourceDestCheck": true, "TagSet": [],
                    "Attachment": {"AttachmentId": format!("eni-attach-{n}"), "InstanceId": id("i", n),
                                   "DeviceIndex": 0, "Status": "attached", "InstanceOwnerId": ACCOUNT}});
                if let Some(p) = public {
                    let assoc = json!({"PublicIp": p.to_string(), "IpOwnerId": "amazon"});
                    eni["Association"] = assoc.clone();
                    eni["PrivateIpAddresses"][0]["Association"] = assoc;
                }
                interfaces.push(eni);
                enis.push(EniInfo {
                    id: eni_id,
                    private,
                    public,
                    nat: None,
                });
            }
        }
    }
    let mut files = vec![
        ("describe-vpcs.json".to_owned(), json!({"Vpcs": vpcs})),
        (
            "describe-subnets.json".to_owned(),
            json!({"Subnets": subnets}),
        ),
        (
            "describe-internet-gateways.json".to_owned(),
            json!({"InternetGateways": igws}),
        ),
        (
            "describe-route-tables.json".to_owned(),
            json!({"RouteTables": tables}),
        ),
        (
            "describe-network-acls.json".to_owned(),
            json!({"NetworkAcls": acls}),
        ),
        (
            "describe-security-groups.json".to_owned(),
            json!({"SecurityGroups": sgs}),
        ),
        (
            "describe-network-interfaces.json".to_owned(),
            json!({"NetworkInterfaces": interfaces}),
        ),
        (
            "describe-nat-gateways.json".to_owned(),
            json!({"NatGateways": nat_gateways}),
        ),
    ];
    if peering {
        let info = |v: usize| {
            json!({"VpcId": id("vpc", v), "CidrBlock": format!("10.{v}.0.0/16"),
                                     "OwnerId": ACCOUNT, "Region": "us-east-1"})
        };
        files.push((
            "describe-vpc-peering-connections.json".to_owned(),
            json!({"VpcPeeringConnections": [{"VpcPeeringConnectionId": pcx,
                "RequesterVpcInfo": info(0), "AccepterVpcInfo": info(1),
                "Status": {"Code": "active", "Message": "Active"}}]}),
        ));
    }
    Topology { files, enis, nats }
}

fn write(t: &Topology, dir: &Path) {
    let ec2 = dir.join("us-east-1/ec2");
    std::fs::create_dir_all(&ec2).unwrap();
    for (name, body) in &t.files {
        std::fs::write(ec2.join(name), serde_json::to_vec_pretty(body).unwrap()).unwrap();
    }
    std::fs::write(
        dir.join("account.json"),
        json!({"UserId": "AIDAEXAMPLE", "Account": ACCOUNT,
               "Arn": format!("arn:aws:iam::{ACCOUNT}:user/audit")})
        .to_string(),
    )
    .unwrap();
}

fn random_packet(rng: &mut SplitMix, src: IpAddr, dst: IpAddr) -> Packet {
    let protocol = match rng.below(6) {
        0 | 1 => 6,
        2 => 17,
        3 => 1,
        4 => 47,
        _ => (rng.next() % 256) as u8,
    };
    let port = |rng: &mut SplitMix| {
        if rng.below(3) == 0 {
            (rng.next() % 65536) as u16
        } else {
            rng.pick(PORTS)
        }
    };
    let (src_port, dst_port) = match protocol {
        6 | 17 => (port(rng), port(rng)),
        1 => (0, rng.pick(&[8u16 << 8, 0, 3 << 8 | 4])),
        _ => (0, 0),
    };
    Packet {
        src,
        dst,
        protocol,
        src_port,
        dst_port,
    }
}

fn internet_address(rng: &mut SplitMix, eni_private: &[Ipv4Addr]) -> IpAddr {
    match rng.below(5) {
        0 => IpAddr::from((rng.next() as u32).to_be_bytes()),
        // An address of the VPCs themselves, which the internet gateway never replies to.
        1 => IpAddr::V4(eni_private[rng.below(eni_private.len())]),
        _ => IpAddr::from(rng.pick(INTERNET)),
    }
}

/// Packets on and just outside the edges of `set`: for each group of flows, a packet at a
/// corner, then that packet with one field moved to the other end of its range or one past
/// either end. The addresses that the question fixes (`fixed_src`, `fixed_dst`) are kept.
fn boundary_packets(
    set: &keyaki_net::FlowSet,
    fixed_src: Option<IpAddr>,
    fixed_dst: Option<IpAddr>,
) -> Vec<Packet> {
    let mut out = Vec::new();
    let v4 = |x: u128| {
        IpAddr::V4(Ipv4Addr::from(
            u32::try_from(x.min(u128::from(u32::MAX))).unwrap(),
        ))
    };
    let around = |a: u128, b: u128, max: u128| {
        let mut v = vec![a, b, a.saturating_sub(1), (b + 1).min(max)];
        v.dedup();
        v
    };
    for s in set.summary().iter().take(6) {
        if s.family != keyaki_net::Family::V4 {
            continue;
        }
        let (p0, p1) = s.protocols;
        let &(src0, _) = s.src.intervals().first().unwrap();
        let &(dst0, _) = s.dst.intervals().first().unwrap();
        let corner = Packet {
            src: fixed_src.unwrap_or(v4(src0)),
            dst: fixed_dst.unwrap_or(v4(dst0)),
            protocol: p0 as u8,
            src_port: s.src_ports.0 as u16,
            dst_port: s.dst_ports.0 as u16,
        };
        out.push(corner);
        for p in around(p0, p1, 255) {
            out.push(Packet {
                protocol: p as u8,
                ..corner
            });
        }
        if fixed_src.is_none() {
            for &(a, b) in s.src.intervals().iter().take(3) {
                for x in around(a, b, u128::from(u32::MAX)) {
                    out.push(Packet {
                        src: v4(x),
                        ..corner
                    });
                }
            }
        }
        if fixed_dst.is_none() {
            for &(a, b) in s.dst.intervals().iter().take(3) {
                for x in around(a, b, u128::from(u32::MAX)) {
                    out.push(Packet {
                        dst: v4(x),
                        ..corner
                    });
                }
            }
        }
        for x in around(s.src_ports.0, s.src_ports.1, 65535) {
            out.push(Packet {
                src_port: x as u16,
                ..corner
            });
        }
        for x in around(s.dst_ports.0, s.dst_ports.1, 65535) {
            out.push(Packet {
                dst_port: x as u16,
                ..corner
            });
        }
    }
    out
}

/// Whether the tracer sent the packet out of the VPCs.
fn leaves_the_vpcs(t: &keyaki_net::ReachAnswer) -> bool {
    t.path.iter().any(|h| {
        h.direction == "forward"
            && matches!(
                h.kind,
                "internet-gateway" | "nat-gateway" | "egress-only-internet-gateway"
            )
    })
}

/// Whether an exposure finding of `report` covers packet `p` sent to ENI `eni`.
fn exposed(report: &keyaki_net::ExposureReport, eni: &str, p: &Packet) -> bool {
    report.findings.iter().any(|f| {
        f.eni_id == eni
            && f.via == "direct"
            && match f.protocol.as_str() {
                "all" => true,
                label => match label.strip_prefix("protocols ") {
                    Some(range) => {
                        let (a, b) = range.split_once('-').unwrap();
                        (a.parse::<u8>().unwrap()..=b.parse().unwrap()).contains(&p.protocol)
                    }
                    None => label == keyaki_net::protocol_name(p.protocol),
                },
            }
            && f.port_ranges
                .iter()
                .any(|[a, b]| (*a..=*b).contains(&p.dst_port))
            && f.sources
                .iter()
                .any(|s| s.parse::<keyaki_net::Prefix>().unwrap().contains(p.src))
            && f.client_ports
                .is_none_or(|[a, b]| (a..=b).contains(&p.src_port))
    })
}

/// Every check on one topology; counts what was compared in `stats`.
fn check(t: &Topology, seed: u64, stats: &mut Stats) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    write(t, dir.path());
    let snapshot = keyaki_snapshot::Snapshot::load(dir.path())
        .map_err(|e| TestCaseError::fail(format!("does not load: {e}")))?;
    let net = Network::build(&snapshot);
    let mut rng = SplitMix(seed);
    let privates: Vec<Ipv4Addr> = t.enis.iter().map(|e| e.private).collect();
    let publics: BTreeSet<IpAddr> = t
        .enis
        .iter()
        .filter_map(|e| e.public.map(IpAddr::V4))
        .collect();
    let report = exposure(&net);
    let out = egress(&net);

    // Internet to every ENI with a public address.
    for e in &t.enis {
        let to = Endpoint::Eni(e.id.clone());
        let set = reachable_flows(&net, &Endpoint::Internet, &to)
            .unwrap()
            .unwrap();
        let direct = report
            .findings
            .iter()
            .any(|f| f.eni_id == e.id && f.via == "direct");
        prop_assert_eq!(direct, !set.is_empty(), "exposure of {}", e.id);
        let Some(public) = e.public else {
            prop_assert!(set.is_empty(), "{} has no public address", e.id);
            continue;
        };
        if e.nat.is_some() {
            // A NAT gateway accepts no connection from outside.
            prop_assert!(set.is_empty(), "the internet reaches NAT gateway {}", e.id);
        }
        let mut packets: Vec<Packet> = set.witness().into_iter().collect();
        packets.extend(boundary_packets(&set, None, Some(IpAddr::V4(public))));
        for _ in 0..24 {
            let src = internet_address(&mut rng, &privates);
            packets.push(random_packet(&mut rng, src, IpAddr::V4(public)));
        }
        for p in packets {
            let traced = trace(&net, &Endpoint::Internet, &p).unwrap();
            prop_assert_eq!(
                traced.reachable,
                set.contains(&p),
                "internet to {}: {}: {:#?}",
                e.id,
                p,
                traced
            );
            prop_assert_eq!(
                traced.reachable,
                exposed(&report, &e.id, &p),
                "exposure of {}: {}: {:#?}",
                e.id,
                p,
                report.findings
            );
            stats.internet += 1;
            stats.internet_reachable += usize::from(traced.reachable);
        }
    }

    // ENI to ENI.
    for a in t.enis.iter().filter(|e| e.nat.is_none()) {
        for b in &t.enis {
            if a.id == b.id {
                continue;
            }
            let from = Endpoint::Eni(a.id.clone());
            let to = Endpoint::Eni(b.id.clone());
            let Some(set) = reachable_flows(&net, &from, &to).unwrap() else {
                continue;
            };
            let mut packets: Vec<Packet> = set.witness().into_iter().collect();
            packets.extend(boundary_packets(
                &set,
                Some(IpAddr::V4(a.private)),
                Some(IpAddr::V4(b.private)),
            ));
            for _ in 0..6 {
                packets.push(random_packet(
                    &mut rng,
                    IpAddr::V4(a.private),
                    IpAddr::V4(b.private),
                ));
            }
            for p in packets {
                let traced = trace(&net, &from, &p).unwrap();
                if leaves_the_vpcs(&traced) {
                    prop_assert!(!set.contains(&p), "{} leaves the VPCs: {:#?}", p, traced);
                    continue;
                }
                prop_assert_eq!(
                    traced.reachable,
                    set.contains(&p),
                    "{} to {}: {}: {:#?}",
                    a.id,
                    b.id,
                    p,
                    traced
                );
                stats.eni += 1;
                stats.eni_reachable += usize::from(traced.reachable);
            }
        }
    }

    // ENI to the internet: internet gateway or NAT gateway.
    for a in t.enis.iter().filter(|e| e.nat.is_none()) {
        let from = Endpoint::Eni(a.id.clone());
        let set = reachable_flows(&net, &from, &Endpoint::Internet)
            .unwrap()
            .unwrap();
        let listed = out.egress.iter().any(|x| x.eni_id == a.id);
        prop_assert_eq!(listed, !set.is_empty(), "egress of {}", a.id);
        let mut packets: Vec<Packet> = set.witness().into_iter().collect();
        packets.extend(boundary_packets(&set, Some(IpAddr::V4(a.private)), None));
        for _ in 0..16 {
            let dst = internet_address(&mut rng, &privates);
            packets.push(random_packet(&mut rng, IpAddr::V4(a.private), dst));
        }
        for p in packets {
            // Addresses of the snapshot's own ENIs are reached back through the internet,
            // which the egress sets do not follow.
            if publics.contains(&p.dst)
                || t.nats
                    .iter()
                    .any(|n| n.public.map(IpAddr::V4) == Some(p.dst))
            {
                continue;
            }
            let traced = trace(&net, &from, &p).unwrap();
            if !leaves_the_vpcs(&traced) {
                prop_assert!(!set.contains(&p), "{} stays in the VPCs: {:#?}", p, traced);
                continue;
            }
            prop_assert_eq!(
                traced.reachable,
                set.contains(&p),
                "{} to the internet: {}: {:#?}",
                a.id,
                p,
                traced
            );
            stats.egress += 1;
            if !traced.reachable {
                continue;
            }
            stats.egress_reachable += 1;
            // Through a NAT gateway the packet leaves with the NAT gateway's public address.
            if let Some(hop) = traced.path.iter().find(|h| h.kind == "nat-gateway") {
                let nat = t.nats.iter().find(|n| n.id == hop.id).unwrap();
                let public = nat.public.unwrap();
                let igw = traced
                    .path
                    .iter()
                    .find(|h| h.kind == "internet-gateway")
                    .unwrap();
                prop_assert_eq!(
                    igw.note.clone().unwrap_or_default(),
                    format!("translates {} to {public}", nat.private)
                );
                let way = out
                    .egress
                    .iter()
                    .find(|x| x.eni_id == a.id && x.gateway == nat.id);
                prop_assert!(
                    way.is_some(),
                    "{} through {} missing from egress",
                    a.id,
                    nat.id
                );
                prop_assert_eq!(way.unwrap().seen_as.clone(), Some(public.to_string()));
                stats.via_nat += 1;
            }
        }
    }
    Ok(())
}

#[derive(Debug, Default)]
struct Stats {
    internet: usize,
    internet_reachable: usize,
    eni: usize,
    eni_reachable: usize,
    egress: usize,
    egress_reachable: usize,
    via_nat: usize,
}

/// The symbolic answers (exposure, ENI-to-ENI and ENI-to-internet flow sets, egress) agree
/// with the packet tracer on random topologies, inside and outside every set; and enough
/// packets of each kind get through for the comparison to mean something.
#[test]
fn symbolic_and_tracer_agree_on_random_topologies() {
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    let stats = std::cell::RefCell::new(Stats::default());
    let strategy = (prop::collection::vec(any::<u8>(), 160), any::<u64>());
    runner
        .run(&strategy, |(bytes, seed)| {
            let topology = build(&mut Choices {
                bytes: &bytes,
                at: 0,
            });
            check(&topology, seed, &mut stats.borrow_mut())
        })
        .unwrap();
    let s = stats.into_inner();
    assert!(
        s.internet_reachable > 20 && s.internet > s.internet_reachable,
        "{s:?}"
    );
    assert!(s.eni_reachable > 20 && s.eni > s.eni_reachable, "{s:?}");
    assert!(
        s.egress_reachable > 20 && s.egress > s.egress_reachable && s.via_nat > 5,
        "{s:?}"
    );
}
