//! Amazon EC2 and VPC: security groups, network ACLs, instance metadata, public addresses,
//! EBS encryption and internet exposure.

use keyaki_core::Severity;
use keyaki_snapshot::services::ec2::{IpPermission, SecurityGroup};
use keyaki_snapshot::{Account, RegionData};
use serde_json::{Value, json};

use super::{account_label, account_resource, region_name, regional, regions, status};
use crate::Framework::{Cis30, Cis50};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

const SG_DOC: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html";

/// The ports AWS lists as high risk for EC2.19.
const HIGH_RISK_PORTS: &[u16] = &[
    20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500,
    5601, 8080, 8088, 8888, 9200, 9300,
];

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "ec2.sg-ssh-open-ipv4",
        title: "No security group allows SSH (22) from 0.0.0.0/0 or ::/0",
        description: "Fails for each security group with an inbound rule from 0.0.0.0/0 or ::/0 whose protocol is TCP or all and whose port range includes 22, as the AWS Config rule restricted-ssh behind control EC2.13 does (the id keeps its historical `-ipv4` suffix).",
        rationale: "SSH open to the world invites brute force and exploitation of the SSH server.",
        severity: Severity::High,
        resource_type: "AWS::EC2::SecurityGroup",
        remediation: "Restrict the rule to known addresses, or reach hosts through Session Manager instead. For a ::/0 rule, revoke with --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'.",
        cli: Some(
            "aws ec2 revoke-security-group-ingress --group-id {group} --protocol tcp --port 22 --cidr 0.0.0.0/0 --region {region}",
        ),
        references: &[
            SG_DOC,
            "https://docs.aws.amazon.com/config/latest/developerguide/restricted-ssh.html",
        ],
        control: Some("EC2.13"),
        requirements: &[],
        check: ssh_open,
    },
    Rule {
        id: "ec2.sg-rdp-open-ipv4",
        title: "No security group allows RDP (3389) from 0.0.0.0/0 or ::/0",
        description: "Fails for each security group with an inbound rule from 0.0.0.0/0 or ::/0 whose protocol is TCP or all and whose port range includes 3389, as the AWS Config rule restricted-common-ports behind control EC2.14 does (the id keeps its historical `-ipv4` suffix).",
        rationale: "RDP open to the world invites brute force and exploitation.",
        severity: Severity::High,
        resource_type: "AWS::EC2::SecurityGroup",
        remediation: "Restrict the rule to known addresses, or use Fleet Manager. For a ::/0 rule, revoke with --ip-permissions 'IpProtocol=tcp,FromPort=3389,ToPort=3389,Ipv6Ranges=[{CidrIpv6=::/0}]'.",
        cli: Some(
            "aws ec2 revoke-security-group-ingress --group-id {group} --protocol tcp --port 3389 --cidr 0.0.0.0/0 --region {region}",
        ),
        references: &[
            SG_DOC,
            "https://docs.aws.amazon.com/config/latest/developerguide/restricted-common-ports.html",
        ],
        control: Some("EC2.14"),
        requirements: &[],
        check: rdp_open,
    },
    Rule {
        id: "ec2.sg-admin-ports-ipv4",
        title: "No security group allows 0.0.0.0/0 to remote administration ports (22, 3389)",
        description: "Fails for each security group with an inbound rule from 0.0.0.0/0 whose protocol is TCP, UDP or all and whose port range includes 22 or 3389.",
        rationale: "Remote administration ports should only be reachable from known networks.",
        severity: Severity::High,
        resource_type: "AWS::EC2::SecurityGroup",
        remediation: "Remove the rule or restrict its source.",
        cli: Some(
            "aws ec2 revoke-security-group-ingress --group-id {group} --ip-permissions file://open-admin-rules.json --region {region}",
        ),
        references: &[SG_DOC],
        control: None,
        requirements: &[(Cis30, "5.2"), (Cis50, "5.3")],
        check: admin_ipv4,
    },
    Rule {
        id: "ec2.sg-admin-ports-ipv6",
        title: "No security group allows ::/0 to remote administration ports (22, 3389)",
        description: "As ec2.sg-admin-ports-ipv4, for rules from ::/0.",
        rationale: "Remote administration ports should only be reachable from known networks, over IPv6 too.",
        severity: Severity::High,
        resource_type: "AWS::EC2::SecurityGroup",
        remediation: "Remove the rule or restrict its source.",
        cli: Some(
            "aws ec2 revoke-security-group-ingress --group-id {group} --ip-permissions file://open-admin-rules.json --region {region}",
        ),
        references: &[SG_DOC],
        control: None,
        requirements: &[(Cis30, "5.3"), (Cis50, "5.4")],
        check: admin_ipv6,
    },
    Rule {
        id: "ec2.sg-high-risk-ports",
        title: "No security group allows unrestricted access to high-risk ports",
        description: "Fails for each security group with an inbound rule from 0.0.0.0/0 or ::/0 that opens one of the ports AWS lists as high risk (20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300).",
        rationale: "These ports carry services that are attacked first.",
        severity: Severity::Critical,
        resource_type: "AWS::EC2::SecurityGroup",
        remediation: "Remove the rules or restrict their sources.",
        cli: None,
        references: &[SG_DOC],
        control: Some("EC2.19"),
        requirements: &[],
        check: high_risk,
    },
    Rule {
        id: "ec2.sg-unauthorized-ports",
        title: "Security groups allow unrestricted inbound traffic only to ports 80 and 443",
        description: "Fails for each security group with an inbound rule from 0.0.0.0/0 or ::/0 that opens any TCP port other than 80 and 443 (or any other protocol).",
        rationale: "Only public web ports are meant to be open to the world.",
        severity: Severity::High,
        resource_type: "AWS::EC2::SecurityGroup",
        remediation: "Restrict the sources of the other rules.",
        cli: None,
        references: &[SG_DOC],
        control: Some("EC2.18"),
        requirements: &[],
        check: unauthorized_ports,
    },
    Rule {
        id: "ec2.default-sg-closed",
        title: "Default security groups allow no traffic",
        description: "Fails for each security group named `default` that has any inbound or outbound rule.",
        rationale: "Resources launched without a group land in the default one; it should let nothing through.",
        severity: Severity::High,
        resource_type: "AWS::EC2::SecurityGroup",
        remediation: "Remove every rule of the default security group and move resources to purpose-made groups.",
        cli: Some(
            "aws ec2 revoke-security-group-ingress --group-id {group} --ip-permissions file://default-sg-ingress.json --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
        ],
        control: Some("EC2.2"),
        requirements: &[(Cis30, "5.4"), (Cis50, "5.5")],
        check: default_sg,
    },
    Rule {
        id: "ec2.nacl-admin-ports",
        title: "No network ACL allows 0.0.0.0/0 or ::/0 to ports 22 or 3389",
        description: "Fails for each network ACL whose inbound entries, taken in rule-number order, allow TCP traffic from 0.0.0.0/0 or ::/0 to port 22 or 3389 before any entry denies it.",
        rationale: "Network ACLs are the subnet-level guard for remote administration ports.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::NetworkAcl",
        remediation: "Add deny entries for 22 and 3389 from 0.0.0.0/0 and ::/0 ahead of the allow entries, or narrow them.",
        cli: Some(
            "aws ec2 create-network-acl-entry --network-acl-id {nacl} --ingress --rule-number 50 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny --region {region}",
        ),
        references: &["https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"],
        control: Some("EC2.21"),
        requirements: &[(Cis30, "5.1"), (Cis50, "5.2")],
        check: nacl_admin,
    },
    Rule {
        id: "ec2.imdsv2-required",
        title: "EC2 instances require IMDSv2",
        description: "Fails for each instance whose MetadataOptions.HttpTokens is not `required` while the metadata endpoint is enabled.",
        rationale: "IMDSv1 answers plain GET requests, so a server-side request forgery hands out the instance role's credentials.",
        severity: Severity::High,
        resource_type: "AWS::EC2::Instance",
        remediation: "Require session tokens (IMDSv2) on the instance.",
        cli: Some(
            "aws ec2 modify-instance-metadata-options --instance-id {instance} --http-tokens required --http-endpoint enabled --region {region}",
        ),
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html",
        ],
        control: Some("EC2.8"),
        requirements: &[(Cis30, "5.6"), (Cis50, "5.7")],
        check: imdsv2,
    },
    Rule {
        id: "ec2.instance-public-ip",
        title: "EC2 instances have no public IPv4 address",
        description: "Fails for each instance with a PublicIpAddress.",
        rationale: "A public address makes the instance directly addressable from the internet.",
        severity: Severity::High,
        resource_type: "AWS::EC2::Instance",
        remediation: "Put the instance in a private subnet behind a load balancer or NAT gateway.",
        cli: None,
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html",
        ],
        control: Some("EC2.9"),
        requirements: &[],
        check: public_ip,
    },
    Rule {
        id: "ec2.ebs-default-encryption",
        title: "EBS encryption by default is on in the Region",
        description: "Fails for each Region whose get-ebs-encryption-by-default says EbsEncryptionByDefault false; unknown for collected Regions without that output.",
        rationale: "Default encryption ensures no new volume or snapshot is written in the clear.",
        severity: Severity::Medium,
        resource_type: "AWS::::Account",
        remediation: "Enable EBS encryption by default in the Region.",
        cli: Some("aws ec2 enable-ebs-encryption-by-default --region {region}"),
        references: &[
            "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
        ],
        control: Some("EC2.7"),
        requirements: &[(Cis30, "2.2.1"), (Cis50, "5.1.1")],
        check: ebs_default,
    },
    Rule {
        id: "ec2.attached-volume-encrypted",
        title: "Attached EBS volumes are encrypted",
        description: "Fails for each EBS volume attached to an instance with Encrypted false.",
        rationale: "Unencrypted volumes and their snapshots expose data to anyone who can copy them.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::Volume",
        remediation: "Snapshot the volume, copy the snapshot with encryption, create a volume from it and swap it in.",
        cli: Some("aws ec2 create-snapshot --volume-id {volume} --region {region}"),
        references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
        control: Some("EC2.3"),
        requirements: &[],
        check: volume_encrypted,
    },
    Rule {
        id: "ec2.internet-exposed-risky-port",
        title: "No instance is reachable from the internet on a high-risk port",
        description: "Fails for each instance whose network interface the internet can reach (the network engine's exact exposure: route, network ACL and security group, both ways) on a port it rates as risky (SSH, RDP, databases, ...). Passes for the other instances.",
        rationale: "A rule being open is not enough to matter; a path from the internet is.",
        severity: Severity::High,
        resource_type: "AWS::EC2::Instance",
        remediation: "Close the path at the security group, network ACL or route that the evidence names.",
        cli: None,
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/infrastructure-security.html",
        ],
        control: None,
        requirements: &[],
        check: exposed,
    },
];

fn sg_eval(
    account: &Account,
    region: &RegionData,
    sg: &SecurityGroup,
    ok: bool,
    evidence: Value,
) -> Evaluation {
    let arn = format!(
        "arn:{}:ec2:{}:{}:security-group/{}",
        account.partition(),
        region_name(region),
        account_label(account),
        sg.group_id
    );
    let mut e = regional(account, region, arn, status(ok), evidence);
    e.vars.push(("group", sg.group_id.clone()));
    e
}

/// Whether a rule's protocol is one of `protocols` (`tcp`, `udp`; `-1` is all).
fn proto_matches(p: &IpPermission, protocols: &[&str]) -> bool {
    let proto = p.ip_protocol.to_ascii_lowercase();
    proto == "-1"
        || proto == "all"
        || protocols.iter().any(|want| match *want {
            "tcp" => proto == "tcp" || proto == "6",
            "udp" => proto == "udp" || proto == "17",
            _ => false,
        })
}

/// Whether a rule's port range includes `port` (all protocols: every port).
fn covers(p: &IpPermission, port: u16) -> bool {
    let proto = p.ip_protocol.to_ascii_lowercase();
    if proto == "-1" || proto == "all" {
        return true;
    }
    match (p.from_port, p.to_port) {
        (Some(from), Some(to)) => {
            (from == -1 && to == -1) || (from <= i32::from(port) && i32::from(port) <= to)
        }
        _ => true,
    }
}

/// The inbound rules open to `world` (`0.0.0.0/0` or `::/0`) on a protocol of
/// `protocols` covering one of `ports`, with the ports they open.
fn open_rules(sg: &SecurityGroup, world: &[&str], protocols: &[&str], ports: &[u16]) -> Vec<Value> {
    let mut out = Vec::new();
    for p in &sg.ip_permissions {
        let sources: Vec<&str> = p
            .ip_ranges
            .iter()
            .map(|r| r.cidr_ip.as_str())
            .chain(p.ipv6_ranges.iter().map(|r| r.cidr_ipv6.as_str()))
            .filter(|c| world.contains(c))
            .collect();
        if sources.is_empty() || !proto_matches(p, protocols) {
            continue;
        }
        let hit: Vec<u16> = ports
            .iter()
            .copied()
            .filter(|port| covers(p, *port))
            .collect();
        if !hit.is_empty() {
            out.push(
                json!({"protocol": p.ip_protocol, "from_port": p.from_port, "to_port": p.to_port,
                "sources": sources, "ports": hit}),
            );
        }
    }
    out
}

fn sg_rule(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    world: &[&str],
    protocols: &[&str],
    ports: &[u16],
) {
    for (account, region) in regions(cx) {
        for sg in &region.ec2.security_groups {
            let open = open_rules(sg, world, protocols, ports);
            out.push(sg_eval(
                account,
                region,
                sg,
                open.is_empty(),
                json!({"group_name": sg.group_name, "open_rules": open}),
            ));
        }
    }
}

fn ssh_open(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    sg_rule(cx, out, &["0.0.0.0/0", "::/0"], &["tcp"], &[22]);
}

fn rdp_open(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    sg_rule(cx, out, &["0.0.0.0/0", "::/0"], &["tcp"], &[3389]);
}

fn admin_ipv4(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    sg_rule(cx, out, &["0.0.0.0/0"], &["tcp", "udp"], &[22, 3389]);
}

fn admin_ipv6(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    sg_rule(cx, out, &["::/0"], &["tcp", "udp"], &[22, 3389]);
}

fn high_risk(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    sg_rule(
        cx,
        out,
        &["0.0.0.0/0", "::/0"],
        &["tcp", "udp"],
        HIGH_RISK_PORTS,
    );
}

fn unauthorized_ports(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for sg in &region.ec2.security_groups {
            let mut bad = Vec::new();
            for p in &sg.ip_permissions {
                let sources: Vec<&str> = p
                    .ip_ranges
                    .iter()
                    .map(|r| r.cidr_ip.as_str())
                    .chain(p.ipv6_ranges.iter().map(|r| r.cidr_ipv6.as_str()))
                    .filter(|c| *c == "0.0.0.0/0" || *c == "::/0")
                    .collect();
                if sources.is_empty() {
                    continue;
                }
                let proto = p.ip_protocol.to_ascii_lowercase();
                let authorized = (proto == "tcp" || proto == "6")
                    && matches!((p.from_port, p.to_port), (Some(f), Some(t)) if f == t && (f == 80 || f == 443));
                if !authorized {
                    bad.push(json!({"protocol": p.ip_protocol, "from_port": p.from_port, "to_port": p.to_port, "sources": sources}));
                }
            }
            out.push(sg_eval(account, region, sg, bad.is_empty(), json!({"group_name": sg.group_name, "authorized_tcp_ports": [80, 443], "unauthorized_rules": bad})));
        }
    }
}

fn default_sg(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for sg in region
            .ec2
            .security_groups
            .iter()
            .filter(|g| g.group_name == "default")
        {
            let n_in = sg.ip_permissions.len();
            let n_out = sg.ip_permissions_egress.len();
            out.push(sg_eval(
                account,
                region,
                sg,
                n_in == 0 && n_out == 0,
                json!({"vpc": sg.vpc_id, "inbound_rules": n_in, "outbound_rules": n_out}),
            ));
        }
    }
}

fn nacl_admin(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for acl in &region.ec2.network_acls {
            let mut entries: Vec<_> = acl.entries.iter().filter(|e| !e.egress).collect();
            entries.sort_by_key(|e| e.rule_number);
            let mut allowing = Vec::new();
            for port in [22u16, 3389] {
                for world in ["0.0.0.0/0", "::/0"] {
                    // The first entry that matches TCP from anywhere to `port` decides.
                    let first = entries.iter().find(|e| {
                        let proto_ok = e.protocol == "-1" || e.protocol == "6";
                        let port_ok = e.protocol == "-1"
                            || e.port_range.as_ref().is_none_or(|r| {
                                r.from.is_none_or(|f| f <= i32::from(port))
                                    && r.to.is_none_or(|t| i32::from(port) <= t)
                            });
                        let cidr = e.cidr_block.as_deref().or(e.ipv6_cidr_block.as_deref());
                        proto_ok && port_ok && cidr == Some(world)
                    });
                    if let Some(e) = first.filter(|e| e.rule_action == "allow") {
                        allowing.push(
                            json!({"port": port, "source": world, "rule_number": e.rule_number}),
                        );
                    }
                }
            }
            let arn = format!(
                "arn:{}:ec2:{}:{}:network-acl/{}",
                account.partition(),
                region_name(region),
                account_label(account),
                acl.network_acl_id
            );
            let mut ev = regional(
                account,
                region,
                arn,
                status(allowing.is_empty()),
                json!({"is_default": acl.is_default, "allowed": allowing,
                    "subnets": acl.associations.iter().map(|a| a.subnet_id.clone()).collect::<Vec<_>>()}),
            );
            ev.vars.push(("nacl", acl.network_acl_id.clone()));
            out.push(ev);
        }
    }
}

fn instance_arn(account: &Account, region: &RegionData, id: &str) -> String {
    format!(
        "arn:{}:ec2:{}:{}:instance/{}",
        account.partition(),
        region_name(region),
        account_label(account),
        id
    )
}

fn instances(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    decide: fn(&keyaki_snapshot::services::ec2::Instance) -> (Status, Value),
) {
    for (account, region) in regions(cx) {
        for i in &region.ec2.instances {
            if i.state.as_ref().is_some_and(|s| s.name == "terminated") {
                continue;
            }
            let (st, mut evidence) = decide(i);
            evidence["name"] = json!(keyaki_snapshot::tag(&i.tags, "Name"));
            let mut e = regional(
                account,
                region,
                instance_arn(account, region, &i.instance_id),
                st,
                evidence,
            );
            e.vars.push(("instance", i.instance_id.clone()));
            out.push(e);
        }
    }
}

fn imdsv2(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    instances(cx, out, |i| {
        let Some(m) = i.metadata_options.as_ref() else {
            return (Status::Unknown, json!({"metadata_options": null}));
        };
        let disabled = m.http_endpoint.as_deref() == Some("disabled");
        let ok = disabled || m.http_tokens.as_deref() == Some("required");
        (
            status(ok),
            json!({"http_tokens": m.http_tokens, "http_endpoint": m.http_endpoint,
            "instance_profile": i.iam_instance_profile.as_ref().map(|p| p.arn.clone())}),
        )
    });
}

fn public_ip(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    instances(cx, out, |i| {
        (
            status(i.public_ip_address.is_none()),
            json!({"public_ip": i.public_ip_address}),
        )
    });
}

fn ebs_default(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx).filter(|(_, r)| !r.ec2.is_empty()) {
        let setting = region
            .ec2
            .ebs_encryption_by_default
            .as_ref()
            .map(|s| s.ebs_encryption_by_default);
        out.push(regional(
            account,
            region,
            account_resource(account),
            setting.map_or(Status::Unknown, status),
            json!({"ebs_encryption_by_default": setting}),
        ));
    }
}

fn volume_encrypted(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for v in &region.ec2.volumes {
            let attached: Vec<_> = v
                .attachments
                .iter()
                .filter_map(|a| a.instance_id.clone())
                .collect();
            let st = if attached.is_empty() {
                Status::NotApplicable
            } else {
                status(v.encrypted)
            };
            let arn = format!(
                "arn:{}:ec2:{}:{}:volume/{}",
                account.partition(),
                region_name(region),
                account_label(account),
                v.volume_id
            );
            let mut e = regional(
                account,
                region,
                arn,
                st,
                json!({"encrypted": v.encrypted, "kms_key": v.kms_key_id, "attached_to": attached}),
            );
            e.vars.push(("volume", v.volume_id.clone()));
            out.push(e);
        }
    }
}

fn exposed(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    let report = cx.exposure();
    for (account, region) in regions(cx) {
        for i in &region.ec2.instances {
            if i.state.as_ref().is_some_and(|s| s.name != "running") {
                continue;
            }
            let hits: Vec<Value> = report.findings.iter()
                .filter(|e| e.instance_id.as_deref() == Some(i.instance_id.as_str()) && !e.risky_ports.is_empty())
                .map(|e| json!({"eni": e.eni_id, "address": e.public_address.clone().unwrap_or_else(|| e.address.clone()),
                    "protocol": e.protocol, "risky_ports": e.risky_ports, "sources": e.sources_text, "via": e.via,
                    "path": e.path}))
                .collect();
            let mut e = regional(
                account,
                region,
                instance_arn(account, region, &i.instance_id),
                status(hits.is_empty()),
                json!({"name": keyaki_snapshot::tag(&i.tags, "Name"), "exposures": hits}),
            );
            e.vars.push(("instance", i.instance_id.clone()));
            out.push(e);
        }
    }
}
