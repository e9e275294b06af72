#!/usr/bin/env bash
# The IAM benchmark of run.sh with a profile-guided build of keyaki beside the plain one.
#
# The build is trained on 10,000 *other* requests (the differential test's generator with
# another seed, KEYAKI_DIFF_SEED), then measured on the benchmark's own 10,000, so that the
# figure is not that of a build optimised for the requests it is timed on. iam-simulate runs on
# V8, whose JIT optimises from the types and branches it sees at run time; PGO gives keyaki's
# ahead-of-time build the same kind of information.
#
# Needs what run.sh needs, and llvm-profdata of the LLVM that rustc uses (`rustc -vV` prints
# it): `rustup component add llvm-tools`, or Debian's llvm-22 package for rustc 1.95.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/keyaki-iam-bench"
train="${TMPDIR:-/tmp}/keyaki-iam-train"
modules="${KEYAKI_NODE_MODULES:-$PWD/crates/keyaki-iam/tests/differential/node_modules}"
target="${CARGO_TARGET_DIR:-$PWD/target}"
llvm="$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
rustup_tools="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
profdata="$(command -v "$rustup_tools/llvm-profdata" || command -v "llvm-profdata-$llvm" || true)"
[ -n "$profdata" ] || {
  echo "llvm-profdata of LLVM $llvm not found: rustup component add llvm-tools, or apt-get install llvm-$llvm" >&2
  exit 1
}

# The measured requests (as run.sh) and the training requests.
KEYAKI_DIFF_DUMP="$out" KEYAKI_NODE_MODULES="$modules" \
  cargo test -q --release -p keyaki-iam --test differential >/dev/null
KEYAKI_DIFF_SEED=7 KEYAKI_DIFF_DUMP="$train" KEYAKI_NODE_MODULES="$modules" \
  cargo test -q --release -p keyaki-iam --test differential >/dev/null

# Plain build.
cargo build -q --release -p keyaki-iam --example iam
cp "$target/release/examples/iam" "$out/iam-plain"

# Instrumented build, one training run, then the build that uses its profile. Each has its own
# target directory: RUSTFLAGS differ, and sharing one would rebuild everything each time.
profiles="$train/profiles"
RUSTFLAGS="-Cprofile-generate=$profiles" CARGO_TARGET_DIR="$target/pgo-generate" \
  cargo build -q --release -p keyaki-iam --example iam
# Build scripts ran instrumented too: only the training run's profiles are kept.
rm -rf "$profiles"
"$target/pgo-generate/release/examples/iam" bench "$train/keyaki.jsonl" >/dev/null
"$profdata" merge -o "$train/iam.profdata" "$profiles"
RUSTFLAGS="-Cprofile-use=$train/iam.profdata -Cllvm-args=-pgo-warn-missing-function=false" \
  CARGO_TARGET_DIR="$target/pgo-use" cargo build -q --release -p keyaki-iam --example iam
cp "$target/pgo-use/release/examples/iam" "$out/iam-pgo"

# Both builds decide the same: every explanation byte for byte the same.
cmp <("$out/iam-plain" explain-lines "$out/keyaki.jsonl") \
  <("$out/iam-pgo" explain-lines "$out/keyaki.jsonl")

# Runs alternate (keyaki plain, keyaki PGO, iam-simulate), so that a busy spell of the machine
# hits all three; each line is one run.
for run in 1 2 3; do
  echo "keyaki:       $(taskset -c 0 "$out/iam-plain" bench "$out/keyaki.jsonl")"
  echo "keyaki (PGO): $(taskset -c 0 "$out/iam-pgo" bench "$out/keyaki.jsonl")"
  echo "iam-simulate: $(NODE_PATH="$modules" taskset -c 0 node bench/iam/peer_bench.cjs "$out/peer.jsonl")"
done
