//! Amazon EC2 and Amazon VPC: the AWS Security Hub EC2 controls on instances, snapshots,
//! subnets, network ACLs, security groups, VPC endpoints, transit gateways, VPN connections
//! and launch templates that `ec2.rs` does not cover, as the AWS Security Hub user guide
//! defines them ("Amazon EC2 controls", `ec2-controls.md`).

use std::collections::BTreeSet;

use keyaki_core::Severity;
use serde_json::{Value, json};

use super::fields::{raw, str_at};
use super::{account_resource, parse_time, region_name, regional, regions, status};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

const GUIDE: &str = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html";

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "ec2.ebs-snapshot-not-public",
        title: "EBS snapshots are not publicly restorable",
        description: "Fails for each Region where an EBS snapshot the account owns has a createVolumePermission for the group `all` (describe-snapshot-attribute).",
        rationale: "Anyone can create a volume from a public snapshot and read its data.",
        severity: Severity::Critical,
        resource_type: "AWS::::Account",
        remediation: "Remove the `all` group from the snapshot's createVolumePermission.",
        cli: Some(
            "aws ec2 modify-snapshot-attribute --snapshot-id <snapshot-id> --attribute createVolumePermission --operation-type remove --group-names all --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html",
        ],
        control: Some("EC2.1"),
        requirements: &[],
        check: snapshots_not_public,
    },
    Rule {
        id: "ec2.stopped-instance-30-days",
        title: "EC2 instances are not stopped for more than 30 days",
        description: "Fails for each instance in state stopped whose StateTransitionReason says it stopped more than 30 days (the control's `allowedDays`) before the check time.",
        rationale: "An instance that does not run is not patched or watched; started again, it brings old flaws back.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::Instance",
        remediation: "Terminate the instance, or start it and bring it up to date.",
        cli: Some("aws ec2 terminate-instances --instance-ids {instance} --region {region}"),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/ec2-stopped-instance.html",
        ],
        control: Some("EC2.4"),
        requirements: &[],
        check: stopped_instances,
    },
    Rule {
        id: "ec2.vpc-ec2-endpoint",
        title: "Every VPC has a VPC endpoint for the Amazon EC2 service",
        description: "Fails for each VPC without a VPC endpoint for com.amazonaws.<region>.ec2 (the control's `serviceName` ec2).",
        rationale: "An interface endpoint keeps EC2 API calls on the AWS network and lets endpoint policies restrict them.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::VPC",
        remediation: "Create an interface VPC endpoint for Amazon EC2 in the VPC.",
        cli: Some(
            "aws ec2 create-vpc-endpoint --vpc-id {vpc} --vpc-endpoint-type Interface --service-name com.amazonaws.{region}.ec2 --subnet-ids <subnet-ids> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/interface-vpc-endpoints.html",
        ],
        control: Some("EC2.10"),
        requirements: &[],
        check: ec2_endpoint,
    },
    Rule {
        id: "ec2.subnet-no-auto-public-ip",
        title: "Subnets do not assign public IP addresses automatically",
        description: "Fails for each subnet with MapPublicIpOnLaunch true.",
        rationale: "Every instance launched in such a subnet gets a public address, reachable from the internet if its security group allows.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::Subnet",
        remediation: "Turn off automatic public IPv4 addressing on the subnet.",
        cli: Some(
            "aws ec2 modify-subnet-attribute --subnet-id {subnet} --no-map-public-ip-on-launch --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/vpc/latest/userguide/modify-subnets.html",
        ],
        control: Some("EC2.15"),
        requirements: &[],
        check: subnet_public_ip,
    },
    Rule {
        id: "ec2.nacl-unused",
        title: "Network ACLs are associated with a subnet",
        description: "Fails for each network ACL with no subnet association (its only relationship is its VPC).",
        rationale: "Unused network ACLs clutter the configuration and hide the rules that do apply.",
        severity: Severity::Low,
        resource_type: "AWS::EC2::NetworkAcl",
        remediation: "Delete the unused network ACL.",
        cli: Some("aws ec2 delete-network-acl --network-acl-id {nacl} --region {region}"),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
        ],
        control: Some("EC2.16"),
        requirements: &[],
        check: nacl_unused,
    },
    Rule {
        id: "ec2.instance-single-eni",
        title: "EC2 instances use a single network interface",
        description: "Fails for each instance with more than one network interface attached.",
        rationale: "An instance on several subnets can bridge networks that are meant to stay apart.",
        severity: Severity::Low,
        resource_type: "AWS::EC2::Instance",
        remediation: "Detach the extra network interfaces the instance does not need.",
        cli: Some(
            "aws ec2 detach-network-interface --attachment-id <attachment-id> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html",
        ],
        control: Some("EC2.17"),
        requirements: &[],
        check: single_eni,
    },
    Rule {
        id: "ec2.vpn-tunnels-up",
        title: "Both tunnels of every Site-to-Site VPN connection are up",
        description: "Fails for each VPN connection with a tunnel (VgwTelemetry) whose Status is not UP.",
        rationale: "A connection on one tunnel has no redundancy: the next maintenance or failure cuts it.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::VPNConnection",
        remediation: "Configure the second tunnel on the customer gateway device and bring it up.",
        cli: None,
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
        ],
        control: Some("EC2.20"),
        requirements: &[],
        check: vpn_tunnels,
    },
    Rule {
        id: "ec2.security-group-unused",
        title: "Security groups are attached to an instance or network interface",
        description: "Fails for each security group that no EC2 instance and no network interface uses.",
        rationale: "Unused security groups clutter the configuration and may be attached later with rules nobody reviewed.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::SecurityGroup",
        remediation: "Delete the unused security group.",
        cli: Some("aws ec2 delete-security-group --group-id {group} --region {region}"),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/config/latest/developerguide/ec2-security-group-attached-to-eni-periodic.html",
        ],
        control: Some("EC2.22"),
        requirements: &[],
        check: sg_unused,
    },
    Rule {
        id: "ec2.tgw-no-auto-accept",
        title: "Transit gateways do not accept shared VPC attachments automatically",
        description: "Fails for each transit gateway whose Options.AutoAcceptSharedAttachments is enable.",
        rationale: "Auto-accept lets any account the gateway is shared with attach a VPC without review.",
        severity: Severity::High,
        resource_type: "AWS::EC2::TransitGateway",
        remediation: "Turn off automatic acceptance of shared attachments.",
        cli: Some(
            "aws ec2 modify-transit-gateway --transit-gateway-id {tgw} --options AutoAcceptSharedAttachments=disable --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html",
        ],
        control: Some("EC2.23"),
        requirements: &[],
        check: tgw_auto_accept,
    },
    Rule {
        id: "ec2.no-paravirtual",
        title: "EC2 instances do not use paravirtual virtualization",
        description: "Fails for each instance whose VirtualizationType is paravirtual.",
        rationale: "Paravirtual (PV) instances run on older hardware and lack HVM's security and performance features.",
        severity: Severity::Medium,
        resource_type: "AWS::EC2::Instance",
        remediation: "Migrate the workload to an HVM instance.",
        cli: None,
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/virtualization_types.html",
        ],
        control: Some("EC2.24"),
        requirements: &[],
        check: paravirtual,
    },
    Rule {
        id: "ec2.launch-template-no-public-ip",
        title: "Launch templates do not assign public IP addresses",
        description: "Fails for each launch template whose default version has a network interface with AssociatePublicIpAddress true.",
        rationale: "Every instance launched from the template gets a public address.",
        severity: Severity::High,
        resource_type: "AWS::EC2::LaunchTemplate",
        remediation: "Create a template version without AssociatePublicIpAddress and make it the default.",
        cli: Some(
            "aws ec2 modify-launch-template --launch-template-id {template} --default-version <version> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-launch-template-versions.html",
        ],
        control: Some("EC2.25"),
        requirements: &[],
        check: launch_template_public_ip,
    },
];

/// An evaluation with one `{name}` variable.
fn with_var(mut e: Evaluation, name: &'static str, value: &str) -> Evaluation {
    e.vars.push((name, value.to_owned()));
    e
}

fn snapshots_not_public(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        let ec2 = &region.ec2;
        if ec2.snapshots.is_empty() && ec2.snapshot_attributes.is_empty() {
            continue;
        }
        let mut ids: BTreeSet<&str> = ec2
            .snapshots
            .iter()
            .map(|s| s.snapshot_id.as_str())
            .collect();
        ids.extend(
            ec2.snapshot_attributes
                .iter()
                .map(|a| a.snapshot_id.as_str()),
        );
        let mut public = Vec::new();
        let mut unknown = Vec::new();
        for id in ids {
            match ec2.snapshot_attribute(id) {
                Some(a)
                    if a.create_volume_permissions
                        .iter()
                        .any(|p| p.group.as_deref() == Some("all")) =>
                {
                    public.push(id)
                }
                Some(_) => {}
                None => unknown.push(id),
            }
        }
        let st = if !public.is_empty() {
            Status::Fail
        } else if !unknown.is_empty() {
            Status::Unknown
        } else {
            Status::Pass
        };
        let mut evidence = json!({"public_snapshots": public});
        if !unknown.is_empty() {
            evidence["missing"] = json!(format!(
                "aws ec2 describe-snapshot-attribute --attribute createVolumePermission for {}",
                unknown.join(", ")
            ));
        }
        out.push(regional(
            account,
            region,
            account_resource(account),
            st,
            evidence,
        ));
    }
}

/// The time in `User initiated (2026-01-01 12:00:00 GMT)`, as Unix seconds.
fn stopped_at(reason: &str) -> Option<i64> {
    let inner = reason.split_once('(')?.1.split_once(')')?.0;
    let text = inner.strip_suffix(" GMT")?.replacen(' ', "T", 1) + "Z";
    parse_time(&text).map(|t| t.unix_seconds())
}

fn stopped_instances(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for i in &region.ec2.instances {
            let state = i.state.as_ref().map(|s| s.name.as_str());
            let raw = raw(i);
            let reason = str_at(&raw, "StateTransitionReason");
            let (st, days) = if state == Some("stopped") {
                match reason.and_then(stopped_at) {
                    Some(at) => {
                        let days = (cx.now - at).div_euclid(86_400);
                        (status(days <= 30), Some(days))
                    }
                    None => (Status::Unknown, None),
                }
            } else {
                (Status::Pass, None)
            };
            let e = regional(
                account,
                region,
                i.instance_id.clone(),
                st,
                json!({"state": state, "state_transition_reason": reason, "days_stopped": days, "allowed_days": 30}),
            );
            out.push(with_var(e, "instance", &i.instance_id));
        }
    }
}

fn ec2_endpoint(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        let service = format!("com.amazonaws.{}.ec2", region_name(region));
        for vpc in &region.ec2.vpcs {
            let endpoints: Vec<&str> = region
                .ec2
                .vpc_endpoints
                .iter()
                .filter(|e| e.vpc_id == vpc.vpc_id && e.service_name == service)
                .map(|e| e.vpc_endpoint_id.as_str())
                .collect();
            let e = regional(
                account,
                region,
                vpc.vpc_id.clone(),
                status(!endpoints.is_empty()),
                json!({"service_name": service, "endpoints": endpoints}),
            );
            out.push(with_var(e, "vpc", &vpc.vpc_id));
        }
    }
}

fn subnet_public_ip(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for s in &region.ec2.subnets {
            let resource = s.subnet_arn.clone().unwrap_or_else(|| s.subnet_id.clone());
            let e = regional(
                account,
                region,
                resource,
                status(!s.map_public_ip_on_launch),
                json!({"map_public_ip_on_launch": s.map_public_ip_on_launch}),
            );
            out.push(with_var(e, "subnet", &s.subnet_id));
        }
    }
}

fn nacl_unused(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for n in &region.ec2.network_acls {
            let subnets: Vec<&str> = n
                .associations
                .iter()
                .map(|a| a.subnet_id.as_str())
                .collect();
            let e = regional(
                account,
                region,
                n.network_acl_id.clone(),
                status(!subnets.is_empty()),
                json!({"vpc_id": n.vpc_id, "is_default": n.is_default, "associated_subnets": subnets}),
            );
            out.push(with_var(e, "nacl", &n.network_acl_id));
        }
    }
}

fn single_eni(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for i in &region.ec2.instances {
            let enis: Vec<&str> = i
                .network_interfaces
                .iter()
                .map(|n| n.network_interface_id.as_str())
                .collect();
            let e = regional(
                account,
                region,
                i.instance_id.clone(),
                status(enis.len() <= 1),
                json!({"network_interfaces": enis}),
            );
            out.push(with_var(e, "instance", &i.instance_id));
        }
    }
}

fn vpn_tunnels(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for v in &region.ec2.vpn_connections {
            let tunnels: Vec<Value> = v
                .vgw_telemetry
                .iter()
                .map(|t| json!({"outside_ip": t.outside_ip_address, "status": t.status}))
                .collect();
            let up = !v.vgw_telemetry.is_empty()
                && v.vgw_telemetry
                    .iter()
                    .all(|t| t.status.as_deref() == Some("UP"));
            let e = regional(
                account,
                region,
                v.vpn_connection_id.clone(),
                status(up),
                json!({"state": v.state, "tunnels": tunnels}),
            );
            out.push(with_var(e, "vpn", &v.vpn_connection_id));
        }
    }
}

fn sg_unused(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        let ec2 = &region.ec2;
        let mut used: BTreeSet<&str> = BTreeSet::new();
        for eni in &ec2.network_interfaces {
            used.extend(eni.groups.iter().map(|g| g.group_id.as_str()));
        }
        for i in &ec2.instances {
            used.extend(i.security_groups.iter().map(|g| g.group_id.as_str()));
            for n in &i.network_interfaces {
                used.extend(n.groups.iter().map(|g| g.group_id.as_str()));
            }
        }
        let known = !ec2.network_interfaces.is_empty() || !ec2.instances.is_empty();
        for sg in &ec2.security_groups {
            let attached = used.contains(sg.group_id.as_str());
            let (st, evidence) = if attached || known {
                (status(attached), json!({"attached": attached}))
            } else {
                (
                    Status::Unknown,
                    json!({"missing": "aws ec2 describe-network-interfaces"}),
                )
            };
            let e = regional(account, region, sg.group_id.clone(), st, evidence);
            out.push(with_var(e, "group", &sg.group_id));
        }
    }
}

fn tgw_auto_accept(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for t in &region.ec2.transit_gateways {
            let raw = raw(t);
            let auto = raw
                .get("Options")
                .and_then(|o| str_at(o, "AutoAcceptSharedAttachments"));
            let resource = t
                .transit_gateway_arn
                .clone()
                .unwrap_or_else(|| t.transit_gateway_id.clone());
            let st = auto.map_or(Status::Unknown, |a| status(a != "enable"));
            let e = regional(
                account,
                region,
                resource,
                st,
                json!({"auto_accept_shared_attachments": auto}),
            );
            out.push(with_var(e, "tgw", &t.transit_gateway_id));
        }
    }
}

fn paravirtual(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for i in &region.ec2.instances {
            let raw = raw(i);
            let kind = str_at(&raw, "VirtualizationType");
            let st = kind.map_or(Status::Unknown, |k| status(k != "paravirtual"));
            let e = regional(
                account,
                region,
                i.instance_id.clone(),
                st,
                json!({"virtualization_type": kind}),
            );
            out.push(with_var(e, "instance", &i.instance_id));
        }
    }
}

fn launch_template_public_ip(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        let versions = &region.ec2.launch_template_versions;
        let templates: BTreeSet<&str> = versions
            .iter()
            .map(|v| v.launch_template_id.as_str())
            .collect();
        for id in templates {
            let of: Vec<_> = versions
                .iter()
                .filter(|v| v.launch_template_id == id)
                .collect();
            // The default version; a listing of one version per template is taken as it.
            let Some(v) = of
                .iter()
                .find(|v| v.default_version == Some(true))
                .or_else(|| (of.len() == 1).then(|| &of[0]))
            else {
                continue;
            };
            let raw = raw(v);
            let public: Vec<Value> = raw
                .get("LaunchTemplateData")
                .and_then(|d| d.get("NetworkInterfaces"))
                .and_then(Value::as_array)
                .map(|nics| {
                    nics.iter()
                        .filter(|n| n.get("AssociatePublicIpAddress").and_then(Value::as_bool) == Some(true))
                        .map(|n| json!({"device_index": n.get("DeviceIndex"), "associate_public_ip_address": true}))
                        .collect()
                })
                .unwrap_or_default();
            let e = regional(
                account,
                region,
                id.to_owned(),
                status(public.is_empty()),
                json!({"template": v.launch_template_name, "version": v.version_number, "public_interfaces": public}),
            );
            out.push(with_var(e, "template", id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stopped_at;

    #[test]
    fn reads_the_stop_time_from_the_transition_reason() {
        assert_eq!(
            stopped_at("User initiated (1970-01-02 00:00:00 GMT)"),
            Some(86_400)
        );
        assert_eq!(stopped_at("User initiated"), None);
        assert_eq!(stopped_at(""), None);
    }
}
