#!/usr/bin/env python3
"""Times `keyaki exposure`, five `keyaki reach` and the naive check on one snapshot, and
compares their answers ENI by ENI. Prints one Markdown table row; details go to stderr.

    python3 bench/net/compare.py KEYAKI_BIN SNAPSHOT_DIR SUBNETS
"""
import collections
import glob
import json
import os
import subprocess
import sys

bin_, root, subnets = sys.argv[1], sys.argv[2], int(sys.argv[3])
here = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, runs=3):
    """Best wall time of `runs` runs, its peak memory (MiB), and the last run's stdout."""
    best, rss, out = None, None, None
    for _ in range(runs):
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True)
        if p.returncode not in (0, 3):
            sys.exit(f"{' '.join(cmd)} failed: {p.stderr}")
        t, m = p.stderr.strip().splitlines()[-1].split()
        if best is None or float(t) < best:
            best, rss = float(t), int(m) // 1024
        out = p.stdout
    return best, rss, out


t_exp, rss_exp, out = timed([bin_, "exposure", root, "--format", "json"])
report = json.loads(out)
exposed = {f["eni_id"] for f in report["findings"]}
direct = {f["eni_id"] for f in report["findings"] if f["via"] == "direct"}
why_not = {u["eni_id"]: u["reason"] for u in report["unreachable_open_rules"]}

t_naive, _, out = timed(["python3", os.path.join(here, "naive_exposure.py"), root])
flagged = json.loads(out)

# Reach: two exposed instances from the internet, three pairs of instances in one VPC.
enis = []
for path in sorted(glob.glob(os.path.join(root, "**", "ec2", "describe-network-interfaces*.json"), recursive=True)):
    with open(path) as fh:
        enis += [e for e in json.load(fh)["NetworkInterfaces"] if (e.get("Attachment") or {}).get("InstanceId")]
queries = []
for f in [f for f in report["findings"] if f["via"] == "direct" and f["instance_id"]][:2]:
    queries.append(["--from", "internet", "--to", f["instance_id"], "--port", str(f["port_ranges"][0][0])])
by_vpc = collections.defaultdict(list)
for e in enis:
    by_vpc[e["VpcId"]].append(e["NetworkInterfaceId"])
pairs = [(v[0], v[-1]) for v in by_vpc.values() if len(v) > 1]
for a, b in (pairs * 3)[: 5 - len(queries)]:
    queries.append(["--from", a, "--to", b, "--port", "443"])
reach_times = []
for q in queries:
    t, _, out = timed([bin_, "reach", root] + q + ["--format", "json"], runs=1)
    reach_times.append(t)
    print(f"reach {' '.join(q)}: {t:.2f} s, reachable={json.loads(out).get('reachable')}", file=sys.stderr)

fp = sorted(set(flagged) - exposed)
fn = sorted(exposed - set(flagged))
fn_lb = [e for e in fn if e not in direct]
reasons = collections.Counter(why_not.get(e, "(no open-rule reason recorded)").split(";")[0][:70] for e in fp)
print(f"{subnets} subnets: naive false positives by keyaki's reason: {reasons.most_common(4)}", file=sys.stderr)
fn_v6 = [e for e in fn if all(f["family"] == "v6" for f in report["findings"] if f["eni_id"] == e)]
print(f"{subnets} subnets: naive false negatives: {len(fn)} ({len(fn_lb)} through a load balancer, "
      f"{len(fn_v6)} over IPv6 only, on ENIs without a public IPv4 address)", file=sys.stderr)

instances = len(enis)
total_enis = report["enis_examined"]
print(f"| {subnets:,} | {instances:,} | {total_enis:,} | {t_exp:.2f} s | {rss_exp} MiB | "
      f"{sum(reach_times) / len(reach_times):.2f} s | {t_naive:.2f} s | {len(exposed):,} | {len(flagged):,} | "
      f"{len(fp):,} | {len(fn):,} |")
