#!/usr/bin/env python3
"""Writes the conformance scenarios of keyaki-net's exposure engine.

Each scenario is a small CLI-dir snapshot (the JSON `aws ec2 describe-*` and
`aws elbv2 describe-*` print) in `<name>/us-east-1/...`, with `case.json` naming the AWS
rule it checks and the documentation page that states it. `expected.json` is written by
the harness (`KEYAKI_BLESS=1 cargo test -p keyaki-net --test scenarios`) and reviewed by hand.

Run: python3 crates/keyaki-net/tests/scenarios/make_scenarios.py
"""
import copy
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ACCOUNT = "111122223333"
VPC = "vpc-0a0000000000000a1"
IGW = "igw-0a0000000000000a1"
SUBNET = "subnet-0a0000000000000a1"
SUBNET_B = "subnet-0a0000000000000b2"
RTB = "rtb-0a0000000000000a1"
RTB_MAIN = "rtb-0a00000000000main"
ACL = "acl-0a0000000000000a1"
SG = "sg-0a0000000000000a1"
SG2 = "sg-0a0000000000000a2"
ENI = "eni-0a0000000000000a1"
INSTANCE = "i-0a0000000000000a1"


def vpc(ipv6=False):
    v = {"VpcId": VPC, "CidrBlock": "10.0.0.0/16", "OwnerId": ACCOUNT, "State": "available",
         "CidrBlockAssociationSet": [{"CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}}],
         "IsDefault": False}
    if ipv6:
        v["Ipv6CidrBlockAssociationSet"] = [{"Ipv6CidrBlock": "2600:1f18:aaaa:bb00::/56",
                                             "Ipv6CidrBlockState": {"State": "associated"}}]
    return v


def subnet(sid=SUBNET, cidr="10.0.0.0/24", ipv6=False, az="us-east-1a"):
    s = {"SubnetId": sid, "VpcId": VPC, "CidrBlock": cidr, "AvailabilityZone": az, "OwnerId": ACCOUNT,
         "MapPublicIpOnLaunch": False}
    if ipv6:
        s["Ipv6CidrBlockAssociationSet"] = [{"Ipv6CidrBlock": "2600:1f18:aaaa:bb00::/64",
                                             "Ipv6CidrBlockState": {"State": "associated"}}]
    return s


def route(dest, **target):
    r = {"Origin": "CreateRoute", "State": "active"}
    if dest.startswith("pl-"):
        r["DestinationPrefixListId"] = dest
    elif ":" in dest:
        r["DestinationIpv6CidrBlock"] = dest
    else:
        r["DestinationCidrBlock"] = dest
    r.update(target)
    return r


def local(ipv6=False):
    rs = [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}]
    if ipv6:
        rs.append({"DestinationIpv6CidrBlock": "2600:1f18:aaaa:bb00::/56", "GatewayId": "local",
                   "Origin": "CreateRouteTable", "State": "active"})
    return rs


def route_tables(public_routes, subnets=(SUBNET,), ipv6=False, extra=()):
    main = {"RouteTableId": RTB_MAIN, "VpcId": VPC, "OwnerId": ACCOUNT, "Routes": local(ipv6),
            "Associations": [{"Main": True, "RouteTableId": RTB_MAIN, "AssociationState": {"State": "associated"}}]}
    tables = [main]
    if public_routes is not None:
        tables.append({"RouteTableId": RTB, "VpcId": VPC, "OwnerId": ACCOUNT,
                       "Routes": local(ipv6) + public_routes,
                       "Associations": [{"Main": False, "RouteTableId": RTB, "SubnetId": s,
                                         "AssociationState": {"State": "associated"}} for s in subnets]})
    tables.extend(extra)
    return tables


def acl_entry(n, action, egress, cidr="0.0.0.0/0", proto="-1", ports=None):
    e = {"RuleNumber": n, "RuleAction": action, "Egress": egress, "Protocol": proto}
    e["Ipv6CidrBlock" if ":" in cidr else "CidrBlock"] = cidr
    if ports:
        e["PortRange"] = {"From": ports[0], "To": ports[1]}
    return e


def allow_all_acl(ipv6=False):
    es = [acl_entry(100, "allow", False), acl_entry(100, "allow", True),
          acl_entry(32767, "deny", False), acl_entry(32767, "deny", True)]
    if ipv6:
        es += [acl_entry(101, "allow", False, "::/0"), acl_entry(101, "allow", True, "::/0"),
               acl_entry(32768, "deny", False, "::/0"), acl_entry(32768, "deny", True, "::/0")]
    return es


def acl(entries, subnets=(SUBNET,), aid=ACL, default=True):
    return {"NetworkAclId": aid, "VpcId": VPC, "IsDefault": default, "OwnerId": ACCOUNT, "Entries": entries,
            "Associations": [{"NetworkAclAssociationId": "aclassoc-" + s[-8:], "NetworkAclId": aid, "SubnetId": s}
                             for s in subnets]}


def perm(proto, ports=None, cidrs=(), cidrs6=(), groups=(), lists=()):
    p = {"IpProtocol": proto, "IpRanges": [{"CidrIp": c} for c in cidrs],
         "Ipv6Ranges": [{"CidrIpv6": c} for c in cidrs6],
         "UserIdGroupPairs": [{"GroupId": g, "UserId": ACCOUNT} for g in groups],
         "PrefixListIds": [{"PrefixListId": l} for l in lists]}
    if ports:
        p["FromPort"], p["ToPort"] = ports
    return p


def sg(gid, name, ingress, egress=None):
    if egress is None:
        egress = [perm("-1", cidrs=["0.0.0.0/0"], cidrs6=["::/0"])]
    return {"GroupId": gid, "GroupName": name, "Description": name, "VpcId": VPC, "OwnerId": ACCOUNT,
            "IpPermissions": ingress, "IpPermissionsEgress": egress}


def eni(eid=ENI, ip="10.0.0.10", public=None, groups=(SG,), sid=SUBNET, instance=INSTANCE, ipv6=(),
        kind="interface", description="", name=None):
    e = {"NetworkInterfaceId": eid, "SubnetId": sid, "VpcId": VPC, "AvailabilityZone": "us-east-1a",
         "InterfaceType": kind, "Description": description, "OwnerId": ACCOUNT, "Status": "in-use",
         "PrivateIpAddress": ip,
         "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": ip}],
         "Ipv6Addresses": [{"Ipv6Address": a} for a in ipv6],
         "Groups": [{"GroupId": g, "GroupName": g} for g in groups], "SourceDestCheck": True,
         "TagSet": [{"Key": "Name", "Value": name}] if name else []}
    if public:
        e["Association"] = {"PublicIp": public, "IpOwnerId": "amazon"}
        e["PrivateIpAddresses"][0]["Association"] = {"PublicIp": public, "IpOwnerId": "amazon"}
    if instance:
        e["Attachment"] = {"AttachmentId": "eni-attach-" + eid[-8:], "InstanceId": instance, "DeviceIndex": 0,
                           "Status": "attached", "InstanceOwnerId": ACCOUNT}
    return e


def igw(vpc_id=VPC):
    return [{"InternetGatewayId": IGW, "OwnerId": ACCOUNT,
             "Attachments": [{"VpcId": vpc_id, "State": "available"}]}]


BASE = {
    "vpcs": [vpc()],
    "subnets": [subnet()],
    "igws": igw(),
    "rtbs": route_tables([route("0.0.0.0/0", GatewayId=IGW)]),
    "acls": [acl(allow_all_acl())],
    "sgs": [sg(SG, "ssh", [perm("tcp", (22, 22), cidrs=["0.0.0.0/0"])])],
    "enis": [eni(public="198.18.0.10", name="host")],
}


def write(name, rule, doc, expect, changes=None, extra_files=None):
    s = copy.deepcopy(BASE)
    for k, v in (changes or {}).items():
        s[k] = v
    root = os.path.join(HERE, name)
    shutil.rmtree(os.path.join(root, "us-east-1"), ignore_errors=True)
    ec2 = os.path.join(root, "us-east-1", "ec2")
    os.makedirs(ec2, exist_ok=True)
    files = {
        "describe-vpcs.json": {"Vpcs": s["vpcs"]},
        "describe-subnets.json": {"Subnets": s["subnets"]},
        "describe-internet-gateways.json": {"InternetGateways": s["igws"]},
        "describe-route-tables.json": {"RouteTables": s["rtbs"]},
        "describe-network-acls.json": {"NetworkAcls": s["acls"]},
        "describe-security-groups.json": {"SecurityGroups": s["sgs"]},
        "describe-network-interfaces.json": {"NetworkInterfaces": s["enis"]},
    }
    for f, body in files.items():
        with open(os.path.join(ec2, f), "w") as fh:
            json.dump(body, fh, indent=2)
            fh.write("\n")
    for rel, body in (extra_files or {}).items():
        path = os.path.join(root, "us-east-1", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            json.dump(body, fh, indent=2)
            fh.write("\n")
    with open(os.path.join(root, "account.json"), "w") as fh:
        json.dump({"UserId": "AIDAEXAMPLE", "Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/audit"}, fh, indent=2)
        fh.write("\n")
    with open(os.path.join(root, "case.json"), "w") as fh:
        json.dump({"rule": rule, "doc": doc, "expect": expect}, fh, indent=2)
        fh.write("\n")


SG_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"
ACL_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html"
EPH_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html"
IGW_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html"
RT_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html"
NAT_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html"
EIGW_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html"
GRT_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html"
PL_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html"
ALB_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html"

write("public-ssh", "an instance with a public address in a subnet routed to an internet gateway is reachable on what its security group admits; the gateway translates the public address to the private one, which the rules see",
      IGW_DOC, "eni exposed on tcp 22, direct")
write("no-public-address", "without a public address the internet gateway has nothing to translate: no path, whatever the security group says",
      IGW_DOC, "nothing exposed; the open rule is reported with its reason",
      {"enis": [eni(name="host")]})
write("no-route-back", "a public address in a subnet whose route table has no route to the internet gateway: replies cannot leave, so nothing is reachable",
      RT_DOC, "nothing exposed; blocked at the reply route",
      {"rtbs": route_tables(None)})
write("nacl-first-match", "network ACL rules are evaluated in rule-number order and the first match decides: a deny numbered before the allow wins for its sources",
      ACL_DOC, "tcp 22 from 0.0.0.0/0 except 198.51.100.0/24 (and the VPC's own range, whose replies stay local)",
      {"acls": [acl([acl_entry(90, "deny", False, "198.51.100.0/24"),
                     acl_entry(100, "allow", False, "0.0.0.0/0", "6", (22, 22)),
                     acl_entry(100, "allow", True), acl_entry(32767, "deny", False), acl_entry(32767, "deny", True)])]})
write("nacl-ephemeral-reply", "network ACLs are stateless: the reply to a client must be allowed outbound to the client's ephemeral port",
      EPH_DOC, "tcp 22 exposed only to clients using source ports 1024-65535",
      {"acls": [acl([acl_entry(100, "allow", False),
                     acl_entry(100, "allow", True, "0.0.0.0/0", "6", (1024, 65535)),
                     acl_entry(32767, "deny", False), acl_entry(32767, "deny", True)])]})
write("nacl-no-reply", "with no outbound ACL rule for the replies, an inbound allow is not enough",
      EPH_DOC, "nothing exposed; blocked at the outbound ACL (it lets out only UDP)",
      {"acls": [acl([acl_entry(100, "allow", False),
                     acl_entry(100, "allow", True, "0.0.0.0/0", "17", (1024, 65535)),
                     acl_entry(32767, "deny", False), acl_entry(32767, "deny", True)])]})
write("sg-union", "the rules of all security groups on an ENI combine into one allow set",
      SG_DOC, "tcp 22 and tcp 443 both exposed",
      {"sgs": [sg(SG, "ssh", [perm("tcp", (22, 22), cidrs=["0.0.0.0/0"])]),
               sg(SG2, "https", [perm("tcp", (443, 443), cidrs=["0.0.0.0/0"])])],
       "enis": [eni(public="198.18.0.10", groups=(SG, SG2), name="host")]})
write("sg-reference-not-internet", "a rule that references a security group admits only traffic from ENIs in that group, never the internet",
      SG_DOC, "nothing exposed",
      {"sgs": [sg(SG, "self", [perm("-1", groups=[SG])])]})
write("prefix-list-source", "a security group rule with a managed prefix list admits the list's CIDRs",
      PL_DOC, "tcp 22 from 192.0.2.0/24 only",
      {"sgs": [sg(SG, "office", [perm("tcp", (22, 22), lists=["pl-0a00000000000office"])])]},
      {"ec2/describe-managed-prefix-lists.json": {"PrefixLists": [
          {"PrefixListId": "pl-0a00000000000office", "PrefixListName": "office", "AddressFamily": "IPv4",
           "OwnerId": ACCOUNT, "State": "create-complete", "MaxEntries": 5, "Version": 1}]},
       "ec2/pl-0a00000000000office/get-managed-prefix-list-entries.json": {"Entries": [{"Cidr": "192.0.2.0/24", "Description": "office"}]}})
write("ipv6-direct", "an IPv6 address is reachable through the internet gateway without translation when the route table sends ::/0 to it",
      IGW_DOC, "tcp 443 exposed over IPv6",
      {"vpcs": [vpc(ipv6=True)], "subnets": [subnet(ipv6=True)],
       "rtbs": route_tables([route("0.0.0.0/0", GatewayId=IGW), route("::/0", GatewayId=IGW)], ipv6=True),
       "acls": [acl(allow_all_acl(ipv6=True))],
       "sgs": [sg(SG, "https6", [perm("tcp", (443, 443), cidrs6=["::/0"])])],
       "enis": [eni(ipv6=["2600:1f18:aaaa:bb00::10"], name="host")]})
write("ipv6-egress-only", "an egress-only internet gateway lets IPv6 out but takes no connection from the internet",
      EIGW_DOC, "nothing exposed over IPv6",
      {"vpcs": [vpc(ipv6=True)], "subnets": [subnet(ipv6=True)],
       "rtbs": route_tables([route("0.0.0.0/0", GatewayId=IGW),
                             route("::/0", EgressOnlyInternetGatewayId="eigw-0a0000000000000a1")], ipv6=True),
       "acls": [acl(allow_all_acl(ipv6=True))],
       "sgs": [sg(SG, "https6", [perm("tcp", (443, 443), cidrs6=["::/0"])])],
       "enis": [eni(ipv6=["2600:1f18:aaaa:bb00::10"], name="host")]},
      {"ec2/describe-egress-only-internet-gateways.json": {"EgressOnlyInternetGateways": [
          {"EgressOnlyInternetGatewayId": "eigw-0a0000000000000a1", "Attachments": [{"VpcId": VPC, "State": "attached"}]}]}})
write("nat-gateway-outbound-only", "a NAT gateway takes no connection from the internet, though its ENI has a public address",
      NAT_DOC, "nothing exposed",
      {"enis": [eni(eid="eni-0a00000000000a0nat", ip="10.0.0.5", public="198.18.0.5", groups=(), instance=None,
                    kind="nat_gateway", description="Interface for NAT Gateway nat-0a0000000000000a1")]},
      {"ec2/describe-nat-gateways.json": {"NatGateways": [
          {"NatGatewayId": "nat-0a0000000000000a1", "VpcId": VPC, "SubnetId": SUBNET, "State": "available",
           "ConnectivityType": "public",
           "NatGatewayAddresses": [{"NetworkInterfaceId": "eni-0a00000000000a0nat", "PrivateIp": "10.0.0.5",
                                    "PublicIp": "198.18.0.5", "AllocationId": "eipalloc-0a1", "IsPrimary": True}]}]}})
write("gateway-route-table-appliance", "a gateway route table (edge association) sends inbound traffic for the subnet to an appliance instead of the local route",
      GRT_DOC, "nothing exposed directly: inbound traffic goes to the appliance",
      {"rtbs": route_tables([route("0.0.0.0/0", GatewayId=IGW)], extra=[
          {"RouteTableId": "rtb-0a000000000000edge", "VpcId": VPC, "OwnerId": ACCOUNT,
           "Routes": local() + [route("10.0.0.0/24", NetworkInterfaceId="eni-0a00000000000appl")],
           "Associations": [{"Main": False, "RouteTableId": "rtb-0a000000000000edge", "GatewayId": IGW,
                             "AssociationState": {"State": "associated"}}]}])})
write("longest-prefix-reply", "replies follow the longest-prefix route: clients in a range routed elsewhere (here a NAT gateway) get no reply through the internet gateway",
      RT_DOC, "tcp 22 from 0.0.0.0/0 except 203.0.113.0/24 (and the VPC's range)",
      {"rtbs": route_tables([route("0.0.0.0/0", GatewayId=IGW), route("203.0.113.0/24", NatGatewayId="nat-0a0000000000000ff")])})

# An internet-facing ALB in two public subnets forwarding 443 to an instance on port 80.
LB_ARN = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/web/0a000000000000a1"
TG_ARN = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/web-tg/0a000000000000a1"
SG_ALB = "sg-0a00000000000a1b"
APP_SUBNET = "subnet-0a00000000000app"


def alb_case(name, rule, expect, web_ingress, doc=ALB_DOC, default_actions=None, rules=None, extra_tgs=(),
             extra_sgs=(), extra_enis=()):
    listener_arn = LB_ARN.replace(":loadbalancer/", ":listener/") + "/0a1"
    lb_files = {
        "elbv2/describe-load-balancers.json": {"LoadBalancers": [{
            "LoadBalancerArn": LB_ARN, "LoadBalancerName": "web", "Scheme": "internet-facing", "Type": "application",
            "VpcId": VPC, "State": {"Code": "active"}, "SecurityGroups": [SG_ALB], "IpAddressType": "ipv4",
            "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": SUBNET, "LoadBalancerAddresses": []}]}]},
        "elbv2/describe-listeners.json": {"Listeners": [{
            "ListenerArn": listener_arn, "LoadBalancerArn": LB_ARN,
            "Port": 443, "Protocol": "HTTPS",
            "DefaultActions": default_actions or [{"Type": "forward", "TargetGroupArn": TG_ARN, "Order": 1}]}]},
        "elbv2/describe-target-groups.json": {"TargetGroups": [{
            "TargetGroupArn": TG_ARN, "TargetGroupName": "web-tg", "Protocol": "HTTP", "Port": 80, "VpcId": VPC,
            "TargetType": "instance", "LoadBalancerArns": [LB_ARN]}]},
        "elbv2/" + TG_ARN.replace(":", "%3A").replace("/", "%2F") + "/describe-target-health.json": {
            "TargetHealthDescriptions": [{"Target": {"Id": INSTANCE, "Port": 80}, "HealthCheckPort": "80",
                                          "TargetHealth": {"State": "healthy"}}]},
    }
    if rules is not None:
        lb_files["elbv2/" + listener_arn.replace(":", "%3A").replace("/", "%2F") + "/describe-rules.json"] = {
            "Rules": rules}
    for arn, tg_name, port, target in extra_tgs:
        lb_files["elbv2/describe-target-groups.json"]["TargetGroups"].append({
            "TargetGroupArn": arn, "TargetGroupName": tg_name, "Protocol": "HTTP", "Port": port, "VpcId": VPC,
            "TargetType": "instance", "LoadBalancerArns": [LB_ARN]})
        lb_files["elbv2/" + arn.replace(":", "%3A").replace("/", "%2F") + "/describe-target-health.json"] = {
            "TargetHealthDescriptions": [{"Target": {"Id": target, "Port": port}, "HealthCheckPort": str(port),
                                          "TargetHealth": {"State": "healthy"}}]}
    write(name, rule, doc, expect, {
        "subnets": [subnet(), subnet(APP_SUBNET, "10.0.10.0/24")],
        "acls": [acl(allow_all_acl(), subnets=(SUBNET, APP_SUBNET))],
        "sgs": [sg(SG_ALB, "alb", [perm("tcp", (443, 443), cidrs=["0.0.0.0/0"])]),
                sg(SG, "web", web_ingress)] + list(extra_sgs),
        "enis": [eni(eid="eni-0a0000000000000alb", ip="10.0.0.20", public="198.18.0.20", groups=(SG_ALB,),
                     instance=None, description="ELB app/web/0a000000000000a1"),
                 eni(ip="10.0.10.10", sid=APP_SUBNET, name="web")] + list(extra_enis),
    }, lb_files)


alb_case("alb-to-target", "an internet-facing ALB forwards its listener's traffic to targets whose security group admits the ALB's security group",
         "the ALB ENI on tcp 443 (direct) and the web instance on tcp 80 through the load balancer",
         [perm("tcp", (80, 80), groups=[SG_ALB])])
alb_case("alb-target-closed", "a target whose security group does not admit the load balancer is not reachable through it",
         "only the ALB ENI on tcp 443", [perm("tcp", (80, 80), cidrs=["10.9.0.0/16"])])

# Listener rules: the default action answers 404 itself, so the web instance is reached only
# through rule 10; rule 20 forwards /admin/* to the admin instance, for one range of clients.
RULES_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html"
ADMIN_TG = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/admin-tg/0a000000000000b2"
ADMIN_INSTANCE = "i-0a00000000000adm1"
RULE = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:listener-rule/app/web/0a000000000000a1/0a1/"
alb_case("alb-listener-rules", "a listener forwards by its rules as well as its default action: targets of a rule's target groups are reachable, and a source-ip condition limits the clients",
         "the ALB ENI on tcp 443; the web instance on tcp 80 through rule 10 only; the admin instance on tcp 8080 from 198.51.100.0/24 only, through rule 20",
         [perm("tcp", (80, 80), groups=[SG_ALB])], doc=RULES_DOC,
         default_actions=[{"Type": "fixed-response", "Order": 1,
                           "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain"}}],
         rules=[
             {"RuleArn": RULE + "0000000000000010", "Priority": "10", "IsDefault": False,
              "Conditions": [{"Field": "path-pattern", "Values": ["/app/*"],
                              "PathPatternConfig": {"Values": ["/app/*"]}}],
              "Actions": [{"Type": "forward", "TargetGroupArn": TG_ARN, "Order": 1,
                           "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG_ARN, "Weight": 1}]}}]},
             {"RuleArn": RULE + "0000000000000020", "Priority": "20", "IsDefault": False,
              "Conditions": [{"Field": "path-pattern", "Values": ["/admin/*"],
                              "PathPatternConfig": {"Values": ["/admin/*"]}},
                             {"Field": "source-ip", "SourceIpConfig": {"Values": ["198.51.100.0/24"]}}],
              "Actions": [{"Type": "forward", "TargetGroupArn": ADMIN_TG, "Order": 1}]},
             {"RuleArn": RULE + "00000000000000df", "Priority": "default", "IsDefault": True, "Conditions": [],
              "Actions": [{"Type": "fixed-response", "Order": 1,
                           "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain"}}]},
         ],
         extra_tgs=[(ADMIN_TG, "admin-tg", 8080, ADMIN_INSTANCE)],
         extra_sgs=[sg(SG2, "admin", [perm("tcp", (8080, 8080), groups=[SG_ALB])])],
         extra_enis=[eni(eid="eni-0a00000000000adm1", ip="10.0.10.11", sid=APP_SUBNET, groups=(SG2,),
                         instance=ADMIN_INSTANCE, name="admin")])

# Rule priority: rule 5 answers /app/* itself for one range of clients, rule 10 forwards
# /app/* to the web instance for the others, and rule 20 (/app/admin/*) is shadowed by rule
# 10: every request it matches is taken first, so the admin instance gets nothing.
alb_case("alb-shadowed-rule", "listener rules are evaluated lowest priority first and the first match takes the request: a rule whose requests all match an earlier rule never forwards, and an earlier rule limited by source-ip leaves the later rule the other clients",
         "the ALB ENI on tcp 443; the web instance on tcp 80 from everyone except 198.51.100.0/24 (rule 5 takes those), through rule 10; the admin instance not at all: rule 20 is shadowed by rule 10 and reported",
         [perm("tcp", (80, 80), groups=[SG_ALB])], doc=RULES_DOC,
         default_actions=[{"Type": "fixed-response", "Order": 1,
                           "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain"}}],
         rules=[
             {"RuleArn": RULE + "0000000000000020", "Priority": "20", "IsDefault": False,
              "Conditions": [{"Field": "path-pattern", "Values": ["/app/admin/*"],
                              "PathPatternConfig": {"Values": ["/app/admin/*"]}}],
              "Actions": [{"Type": "forward", "TargetGroupArn": ADMIN_TG, "Order": 1}]},
             {"RuleArn": RULE + "0000000000000010", "Priority": "10", "IsDefault": False,
              "Conditions": [{"Field": "path-pattern", "Values": ["/app/*"],
                              "PathPatternConfig": {"Values": ["/app/*"]}}],
              "Actions": [{"Type": "forward", "TargetGroupArn": TG_ARN, "Order": 1}]},
             {"RuleArn": RULE + "0000000000000005", "Priority": "5", "IsDefault": False,
              "Conditions": [{"Field": "path-pattern", "Values": ["/app/*"],
                              "PathPatternConfig": {"Values": ["/app/*"]}},
                             {"Field": "source-ip", "SourceIpConfig": {"Values": ["198.51.100.0/24"]}}],
              "Actions": [{"Type": "fixed-response", "Order": 1,
                           "FixedResponseConfig": {"StatusCode": "403", "ContentType": "text/plain"}}]},
             {"RuleArn": RULE + "00000000000000df", "Priority": "default", "IsDefault": True, "Conditions": [],
              "Actions": [{"Type": "fixed-response", "Order": 1,
                           "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain"}}]},
         ],
         extra_tgs=[(ADMIN_TG, "admin-tg", 8080, ADMIN_INSTANCE)],
         extra_sgs=[sg(SG2, "admin", [perm("tcp", (8080, 8080), groups=[SG_ALB])])],
         extra_enis=[eni(eid="eni-0a00000000000adm1", ip="10.0.10.11", sid=APP_SUBNET, groups=(SG2,),
                         instance=ADMIN_INSTANCE, name="admin")])
