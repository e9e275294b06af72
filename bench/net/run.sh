#!/usr/bin/env bash
# Network reachability at scale: `keyaki exposure` and a few `keyaki reach` on generated
# snapshots of 100, 1,000 and 5,000 subnets, beside the check most scripts do ("public IP and a
# security group open to 0.0.0.0/0", naive_exposure.py) on the same JSON, with the ENIs each
# one gets wrong.
#
#   bench/net/run.sh [SUBNETS...]        (default 100 1000 5000)
#
# Needs a release build (built here), Python 3 and GNU time (/usr/bin/time). Prints one Markdown
# table row per size; copy the figures into bench/net/README.md with the date and the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."

# KEYAKI_BIN=path uses another build of keyaki (and skips the release build).
if [ -z "${KEYAKI_BIN:-}" ]; then
  cargo build --release -q -p keyaki-cli
fi
bin=${KEYAKI_BIN:-target/release/keyaki}
sizes=${*:-100 1000 5000}

echo "| subnets | instances | ENIs | keyaki exposure | peak memory | keyaki reach (mean of 5) | naive check | exposed ENIs (keyaki) | flagged by naive | naive false positives | naive false negatives |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for n in $sizes; do
  dir=${TMPDIR:-/tmp}/keyaki-bench-net-$n
  rm -rf "$dir"
  # Two instances per subnet; the other ENIs are NAT gateways, endpoints and the like.
  "$bin" synth "$dir" --subnets "$n" --instances $((2 * n)) --enis $((2 * n + n / 5)) \
    --security-groups $((n / 10 + 20)) --principals 5 --policies 2 --buckets 1 --seed 7 >&2
  python3 bench/net/compare.py "$bin" "$dir" "$n"
done
