#!/usr/bin/env bash
# keyaki check, every framework, on synthetic snapshots of about 1k, 10k and 100k resources.
# Usage: bench/check/run.sh [WORKDIR]   (release build; set CARGO_TARGET_DIR to reuse one)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-/tmp/keyaki-bench-check}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -q -p keyaki-cli
k="$target/release/keyaki"
mkdir -p "$work"
echo "| size | resources | check (json, every result) | peak memory | check (table, failures) |"
echo "| --- | --- | --- | --- | --- |"
for n in 1 10 100; do
  dir="$work/snap-${n}k"
  rm -rf "$dir"
  "$k" synth "$dir" --enis $((400 * n)) --instances $((250 * n)) --security-groups $((50 * n)) \
    --principals $((100 * n)) --policies $((150 * n)) --buckets $((50 * n)) >/dev/null
  resources=$("$k" inventory "$dir" --format jsonl | wc -l)
  json=$( { /usr/bin/time -f "%e s|%M" "$k" check "$dir" --format json --output "$work/out.json" >/dev/null; } 2>&1 | tail -1)
  table=$( { /usr/bin/time -f "%e s" "$k" check "$dir" >/dev/null; } 2>&1 | tail -1)
  echo "| ${n}k | $resources | ${json%%|*} | $(( ${json##*|} / 1024 )) MiB | $table |"
done
