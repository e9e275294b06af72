#!/usr/bin/env python3
"""Derive keyaki's CIS AWS Foundations Benchmark tables from Prowler's compliance mappings.

Prowler (https://github.com/prowler-cloud/prowler, Apache-2.0) ships, for each CIS version, a JSON
file listing every requirement with its id, title, assessment status (Automated or Manual) and the
Prowler checks that cover it. keyaki vendors a compact derivation of two of them, one TSV per
version under crates/keyaki-rules/data/cis-prowler/:

    # header lines (source repository, commit, file, this script)
    id <TAB> assessment <TAB> title <TAB> prowler checks (comma-separated, may be empty)

Rows are in the benchmark's order (sections and numbers compared numerically), so 1.10 follows
1.9. keyaki's tests read these tables: every CIS requirement a rule claims must be in them, and
docs/cis-prowler.md is generated from them.

Usage:
    python3 scripts/cis_prowler.py --git-dir PROWLER_GIT_DIR [--commit REV]
    python3 scripts/cis_prowler.py --git-dir PROWLER_GIT_DIR --check

PROWLER_GIT_DIR is a clone (or bare repository) of prowler-cloud/prowler; the files are read
with `git show REV:PATH`, so no work tree is needed. --check writes nothing and exits 1 when the
vendored tables differ from what the given commit yields.

Known defects of the source are corrected here, each listed in CORRECTIONS with its reason, and
the README next to the tables names them.

Standard library only (Python 3.11).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "crates" / "keyaki-rules" / "data" / "cis-prowler"

# (version, Prowler file, output file)
SOURCES = [
    ("3.0", "prowler/compliance/aws/cis_3.0_aws.json", "cis_3.0_aws.tsv"),
    ("5.0", "prowler/compliance/aws/cis_5.0_aws.json", "cis_5.0_aws.tsv"),
]

# (version, id as Prowler writes it, title prefix) -> the right id, and why.
CORRECTIONS = {
    (
        "5.0",
        "1.1",
        "Do not create access keys during initial setup",
    ): (
        "1.10",
        "Prowler's cis_5.0_aws.json gives this requirement the id \"1.1\" (a second 1.1, between "
        "1.9 and 1.11); the benchmark numbers it 1.10",
    ),
}


def git_show(git_dir: Path, rev: str, path: str) -> str:
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{rev}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def resolve(git_dir: Path, rev: str) -> str:
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "rev-parse", f"{rev}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def id_key(req_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in req_id.split("."))


def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def derive(version: str, document: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    seen = set()
    for req in document["Requirements"]:
        req_id = str(req["Id"])
        title = clean(req.get("Description", ""))
        for (v, wrong, prefix), (right, _why) in CORRECTIONS.items():
            if v == version and req_id == wrong and title.startswith(prefix):
                req_id = right
        attrs = req.get("Attributes") or [{}]
        assessment = attrs[0].get("AssessmentStatus", "")
        if assessment not in ("Automated", "Manual"):
            raise SystemExit(f"cis {version} {req_id}: unexpected AssessmentStatus {assessment!r}")
        if req_id in seen:
            raise SystemExit(f"cis {version}: requirement id {req_id} appears twice")
        seen.add(req_id)
        checks = ",".join(req.get("Checks", []))
        rows.append((req_id, assessment, title, checks))
    rows.sort(key=lambda r: id_key(r[0]))
    return rows


def render(version: str, commit: str, source: str, rows) -> str:
    lines = [
        f"# CIS Amazon Web Services Foundations Benchmark v{version}.0: requirements and Prowler checks",
        f"# derived from prowler-cloud/prowler {commit} {source} (Apache-2.0, see LICENSE)",
        "# by scripts/cis_prowler.py; columns: id, assessment, title, prowler checks",
    ]
    for row in rows:
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--git-dir", required=True, type=Path)
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    commit = resolve(args.git_dir, args.commit)
    stale = []
    for version, source, name in SOURCES:
        document = json.loads(git_show(args.git_dir, commit, source))
        text = render(version, commit, source, derive(version, document))
        target = OUT / name
        if args.check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target.relative_to(ROOT)))
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    if not args.check:
        (OUT / "LICENSE").write_text(git_show(args.git_dir, commit, "LICENSE"))
        print(f"wrote {OUT.relative_to(ROOT)} from prowler-cloud/prowler {commit}")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
