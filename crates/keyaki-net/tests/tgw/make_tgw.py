#!/usr/bin/env python3
"""Writes the transit gateway snapshots of keyaki-net's tests (tests/reach.rs): two VPCs
joined by a transit gateway, with attachment subnets in some zones only.

VPC A 10.1.0.0/16: src-a (10.1.1.10, us-east-1a), src-b (10.1.2.10, us-east-1b); attachment
subnet 10.1.10.0/24 in us-east-1a only, whose network ACL denies tcp 3306 inbound.
VPC B 10.2.0.0/16: dst (10.2.1.10, us-east-1a); attachment subnets 10.2.10.0/24 (us-east-1a,
allow all) and 10.2.11.0/24 (us-east-1b, an ACL that denies everything outbound).

`tgw-zones` has appliance mode off; `tgw-appliance` turns it on for VPC B's attachment.

Run: python3 crates/keyaki-net/tests/tgw/make_tgw.py
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ACCOUNT = "111122223333"
TGW = "tgw-0a0000000000000a1"
TGW_RTB = "tgw-rtb-0a00000000000a1"
ATT_A = "tgw-attach-0a0000000000a"
ATT_B = "tgw-attach-0a0000000000b"


def subnet(sid, vpc, cidr, az):
    return {"SubnetId": sid, "VpcId": vpc, "CidrBlock": cidr, "AvailabilityZone": az, "State": "available",
            "OwnerId": ACCOUNT, "Ipv6CidrBlockAssociationSet": [], "MapPublicIpOnLaunch": False}


def entry(n, action, egress, proto="-1", ports=None):
    e = {"RuleNumber": n, "RuleAction": action, "Egress": egress, "Protocol": proto, "CidrBlock": "0.0.0.0/0"}
    if ports:
        e["PortRange"] = {"From": ports[0], "To": ports[1]}
    return e


def acl(aid, vpc, subnets, entries, default=False):
    return {"NetworkAclId": aid, "VpcId": vpc, "IsDefault": default, "OwnerId": ACCOUNT, "Entries": entries,
            "Associations": [{"NetworkAclAssociationId": f"aclassoc-{s[-6:]}", "NetworkAclId": aid, "SubnetId": s}
                             for s in subnets]}


ALLOW = [entry(100, "allow", False), entry(100, "allow", True), entry(32767, "deny", False), entry(32767, "deny", True)]


def eni(eid, vpc, sid, ip, az, sg, instance):
    return {"NetworkInterfaceId": eid, "SubnetId": sid, "VpcId": vpc, "AvailabilityZone": az,
            "InterfaceType": "interface", "Description": "", "OwnerId": ACCOUNT, "Status": "in-use",
            "PrivateIpAddress": ip, "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": ip}],
            "Ipv6Addresses": [], "Groups": [{"GroupId": sg, "GroupName": sg}], "SourceDestCheck": True,
            "TagSet": [], "Attachment": {"AttachmentId": "eni-attach-" + eid[-8:], "InstanceId": instance,
                                         "DeviceIndex": 0, "Status": "attached", "InstanceOwnerId": ACCOUNT}}


def sg(gid, vpc):
    everything = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [],
                   "PrefixListIds": [], "UserIdGroupPairs": []}]
    return {"GroupId": gid, "GroupName": gid, "Description": "all", "VpcId": vpc, "OwnerId": ACCOUNT,
            "IpPermissions": everything, "IpPermissionsEgress": everything}


def rtb(rid, vpc, cidr, subnets):
    return {"RouteTableId": rid, "VpcId": vpc, "OwnerId": ACCOUNT,
            "Routes": [{"DestinationCidrBlock": cidr, "GatewayId": "local", "Origin": "CreateRouteTable",
                        "State": "active"},
                       {"DestinationCidrBlock": "10.0.0.0/8", "TransitGatewayId": TGW, "Origin": "CreateRoute",
                        "State": "active"}],
            "Associations": [{"Main": True, "RouteTableId": rid, "AssociationState": {"State": "associated"}}] +
                            [{"Main": False, "RouteTableId": rid, "SubnetId": s,
                              "AssociationState": {"State": "associated"}} for s in subnets]}


def write(name, appliance_b):
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    files = {
        "describe-vpcs.json": {"Vpcs": [
            {"VpcId": "vpc-0a000000000000a", "CidrBlock": "10.1.0.0/16", "OwnerId": ACCOUNT, "State": "available",
             "IsDefault": False},
            {"VpcId": "vpc-0a000000000000b", "CidrBlock": "10.2.0.0/16", "OwnerId": ACCOUNT, "State": "available",
             "IsDefault": False}]},
        "describe-subnets.json": {"Subnets": [
            subnet("subnet-0a00000000src-a", "vpc-0a000000000000a", "10.1.1.0/24", "us-east-1a"),
            subnet("subnet-0a00000000src-b", "vpc-0a000000000000a", "10.1.2.0/24", "us-east-1b"),
            subnet("subnet-0a00000000att-a", "vpc-0a000000000000a", "10.1.10.0/24", "us-east-1a"),
            subnet("subnet-0b00000000dst-a", "vpc-0a000000000000b", "10.2.1.0/24", "us-east-1a"),
            subnet("subnet-0b00000000att-a", "vpc-0a000000000000b", "10.2.10.0/24", "us-east-1a"),
            subnet("subnet-0b00000000att-b", "vpc-0a000000000000b", "10.2.11.0/24", "us-east-1b")]},
        "describe-route-tables.json": {"RouteTables": [
            rtb("rtb-0a000000000000a", "vpc-0a000000000000a", "10.1.0.0/16",
                ["subnet-0a00000000src-a", "subnet-0a00000000src-b", "subnet-0a00000000att-a"]),
            rtb("rtb-0a000000000000b", "vpc-0a000000000000b", "10.2.0.0/16",
                ["subnet-0b00000000dst-a", "subnet-0b00000000att-a", "subnet-0b00000000att-b"])]},
        "describe-network-acls.json": {"NetworkAcls": [
            acl("acl-0a0000000default", "vpc-0a000000000000a", ["subnet-0a00000000src-a", "subnet-0a00000000src-b"],
                ALLOW, default=True),
            acl("acl-0a000000attach-a", "vpc-0a000000000000a", ["subnet-0a00000000att-a"],
                [entry(90, "deny", False, "6", (3306, 3306))] + ALLOW),
            acl("acl-0b0000000default", "vpc-0a000000000000b", ["subnet-0b00000000dst-a", "subnet-0b00000000att-a"],
                ALLOW, default=True),
            acl("acl-0b000000attach-b", "vpc-0a000000000000b", ["subnet-0b00000000att-b"],
                [entry(100, "allow", False), entry(32767, "deny", False), entry(32767, "deny", True)])]},
        "describe-security-groups.json": {"SecurityGroups": [sg("sg-0a00000000000a", "vpc-0a000000000000a"),
                                                             sg("sg-0b00000000000b", "vpc-0a000000000000b")]},
        "describe-network-interfaces.json": {"NetworkInterfaces": [
            eni("eni-0a0000000src-a", "vpc-0a000000000000a", "subnet-0a00000000src-a", "10.1.1.10", "us-east-1a",
                "sg-0a00000000000a", "i-0a0000000000src-a"),
            eni("eni-0a0000000src-b", "vpc-0a000000000000a", "subnet-0a00000000src-b", "10.1.2.10", "us-east-1b",
                "sg-0a00000000000a", "i-0a0000000000src-b"),
            eni("eni-0b00000000dst-a", "vpc-0a000000000000b", "subnet-0b00000000dst-a", "10.2.1.10", "us-east-1a",
                "sg-0b00000000000b", "i-0b00000000000dst")]},
        "describe-transit-gateway-vpc-attachments.json": {"TransitGatewayVpcAttachments": [
            {"TransitGatewayAttachmentId": ATT_A, "TransitGatewayId": TGW, "VpcId": "vpc-0a000000000000a",
             "VpcOwnerId": ACCOUNT, "State": "available", "SubnetIds": ["subnet-0a00000000att-a"],
             "Options": {"DnsSupport": "enable", "Ipv6Support": "disable", "ApplianceModeSupport": "disable"}},
            {"TransitGatewayAttachmentId": ATT_B, "TransitGatewayId": TGW, "VpcId": "vpc-0a000000000000b",
             "VpcOwnerId": ACCOUNT, "State": "available",
             "SubnetIds": ["subnet-0b00000000att-a", "subnet-0b00000000att-b"],
             "Options": {"DnsSupport": "enable", "Ipv6Support": "disable",
                         "ApplianceModeSupport": "enable" if appliance_b else "disable"}}]},
        "describe-transit-gateway-route-tables.json": {"TransitGatewayRouteTables": [
            {"TransitGatewayRouteTableId": TGW_RTB, "TransitGatewayId": TGW, "State": "available",
             "DefaultAssociationRouteTable": True, "DefaultPropagationRouteTable": True}]},
        TGW_RTB + "/search-transit-gateway-routes.json": {"Routes": [
            {"DestinationCidrBlock": "10.1.0.0/16", "Type": "propagated", "State": "active",
             "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": ATT_A, "ResourceId": "vpc-0a000000000000a",
                                            "ResourceType": "vpc"}]},
            {"DestinationCidrBlock": "10.2.0.0/16", "Type": "propagated", "State": "active",
             "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": ATT_B, "ResourceId": "vpc-0a000000000000b",
                                            "ResourceType": "vpc"}]}],
            "AdditionalRoutesAvailable": False},
    }
    for rel, body in files.items():
        path = os.path.join(root, "us-east-1", "ec2", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            json.dump(body, fh, indent=2)
            fh.write("\n")
    with open(os.path.join(root, "account.json"), "w") as fh:
        json.dump({"UserId": "AIDAEXAMPLE", "Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/audit"}, fh,
                  indent=2)
        fh.write("\n")


write("tgw-zones", False)
write("tgw-appliance", True)
