#!/usr/bin/env bash
# who-can and what-can over a synthetic snapshot of one account with ~5,000 roles (7,500
# principals), 20,000 customer managed policies and 10,000 buckets: generated with keyaki's
# synth library on first run, then loaded, indexed and queried.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${1:-${TMPDIR:-/tmp}/keyaki-iam-synth}"
cargo build -q --release -p keyaki-iam --example bench_access
target/release/examples/bench_access "$dir" 7500 20000 10000
