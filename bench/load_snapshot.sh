#!/usr/bin/env bash
# Loading a large snapshot: keyaki beside the baseline a script-based tool pays first (parsing
# the same JSON files with Python's json module, one file at a time, or keeping them all as a
# model does), on the same generated data.
#
#   bench/load_snapshot.sh [ENIS]        (default 100000)
#
# Needs a release build (built here) and GNU time (/usr/bin/time). Prints a Markdown table row
# per tool; copy the figures into bench/RESULTS.md with the date and the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

enis=${1:-100000}
instances=$((enis * 6 / 10))
dir=${TMPDIR:-/tmp}/keyaki-bench-${enis}
cargo build --release -q -p keyaki-cli
bin=target/release/keyaki

echo "== generating $enis ENIs into $dir" >&2
/usr/bin/time -f "synth: %e s, %M KiB peak" "$bin" synth "$dir" --enis "$enis" --instances "$instances" \
  --security-groups 2000 --principals 500 --policies 200 --buckets 100 --seed 1 --overwrite >&2
du -sh "$dir" >&2

measure() { # name command...
  local name=$1
  shift
  local best=""
  local rss=""
  for _ in 1 2 3; do
    local out
    out=$( { /usr/bin/time -f "%e %M" "$@" >/dev/null; } 2>&1 | tail -1)
    local t=${out% *}
    rss=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  printf '| %s | %s s | %s MiB |\n' "$name" "$best" "$((rss / 1024))"
}

echo "| tool | wall time (best of 3) | peak memory |"
echo "| --- | --- | --- |"
measure "keyaki snapshot validate (typed model + indexes + inventory)" "$bin" snapshot validate "$dir" --format json
measure "python3 json.load of every file (parse only, no model)" python3 -c '
import json, os, sys
n = 0
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".json"):
            with open(os.path.join(root, f)) as fh:
                json.load(fh)
                n += 1
' "$dir"
measure "python3 json.load of every file, all kept in memory (what a model needs)" python3 -c '
import json, os, sys
docs = []
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".json"):
            with open(os.path.join(root, f)) as fh:
                docs.append(json.load(fh))
' "$dir"
