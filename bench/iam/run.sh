#!/usr/bin/env bash
# Decisions per second, single core, keyaki vs @cloud-copilot/iam-simulate, on the same 10,000
# generated requests as the differential test (policies parsed with every request on both
# sides). Needs node and the peer:
#   npm install --no-save --prefix crates/keyaki-iam/tests/differential @cloud-copilot/iam-simulate@0.1.173
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/keyaki-iam-bench"
modules="${KEYAKI_NODE_MODULES:-$PWD/crates/keyaki-iam/tests/differential/node_modules}"
target="${CARGO_TARGET_DIR:-$PWD/target}"
KEYAKI_DIFF_DUMP="$out" KEYAKI_NODE_MODULES="$modules" cargo test -q --release -p keyaki-iam --test differential >/dev/null
cargo build -q --release -p keyaki-iam --example iam
echo "keyaki:       $(taskset -c 0 "$target/release/examples/iam" bench "$out/keyaki.jsonl")"
echo "iam-simulate: $(NODE_PATH="$modules" taskset -c 0 node bench/iam/peer_bench.cjs "$out/peer.jsonl")"
echo "iam-simulate, authorize alone: $(NODE_PATH="$modules" taskset -c 0 node bench/iam/peer_bench_decide.cjs "$out/peer.jsonl")"
