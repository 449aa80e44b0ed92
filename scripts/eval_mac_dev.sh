#!/usr/bin/env bash
# Aligns every chapter of a mac-dev style folder (src/NNN, tgt/NNN,
# gold/NNN.align) in one batch run of the release binary, then scores it
# with `bitext eval --calibration`.
#   scripts/eval_mac_dev.sh [../shared/data/mac-dev] [extra align flags...]
set -euo pipefail
dir=${1:-../shared/data/mac-dev}
shift || true
cargo build --release -q
bitext=${CARGO_TARGET_DIR:-target}/release/bitext
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bitext" align --presplit -f beads --out-dir "$out" "$@" "$dir/src" "$dir/tgt"
"$bitext" eval "$dir/gold" "$out" --calibration
