#!/usr/bin/env python3
"""The usual scripted check for internet exposure, as many audit scripts and Prowler-style
checks do it: an ENI is exposed when it has a public IPv4 address and one of its security
groups has an inbound rule open to 0.0.0.0/0 (or ::/0). Routes, network ACLs, the internet
gateway, the reply path and load balancers are not looked at.

    python3 bench/net/naive_exposure.py SNAPSHOT_DIR   -> JSON {eni_id: [rule, ...]} on stdout
"""
import glob
import json
import os
import sys


def documents(root, command):
    for path in sorted(glob.glob(os.path.join(root, "**", "ec2", command + "*.json"), recursive=True)):
        with open(path) as fh:
            yield json.load(fh)


def naive(root):
    open_rules = {}
    for doc in documents(root, "describe-security-groups"):
        for g in doc.get("SecurityGroups", []):
            for p in g.get("IpPermissions", []):
                world = [r["CidrIp"] for r in p.get("IpRanges", []) if r.get("CidrIp") == "0.0.0.0/0"]
                world += [r["CidrIpv6"] for r in p.get("Ipv6Ranges", []) if r.get("CidrIpv6") == "::/0"]
                if world:
                    ports = "all" if p.get("IpProtocol") == "-1" else f"{p.get('FromPort')}-{p.get('ToPort')}"
                    open_rules.setdefault(g["GroupId"], []).append(f"{g['GroupId']} {p.get('IpProtocol')} {ports}")
    flagged = {}
    for doc in documents(root, "describe-network-interfaces"):
        for e in doc.get("NetworkInterfaces", []):
            if not (e.get("Association") or {}).get("PublicIp"):
                continue
            rules = [r for g in e.get("Groups", []) for r in open_rules.get(g["GroupId"], [])]
            if rules:
                flagged[e["NetworkInterfaceId"]] = rules
    return flagged


if __name__ == "__main__":
    json.dump(naive(sys.argv[1]), sys.stdout)
