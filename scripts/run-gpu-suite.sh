#!/usr/bin/env bash
# On the GPU machine (no npm needed): unpack the bundle carried in the working
# tree (dist/simsiam-node-linux-x64.tar.xz or .tar.gz, from `npm run bundle`),
# run the GPU suite on it and leave gpu-suite.json, gpu-suite.log and
# nvidia-smi.txt in $OUT (default: the working directory). Arguments go to the
# suite: e.g. --only conformance,fused,step,memory  or  --only bench-resnet50.
# SIMSIAM_PYTORCH=1 also runs bench/pytorch_baseline.py (python3 + torch) into
# $OUT/pytorch-baseline.json. Exits with the suite's status.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
out=${OUT:-$repo}
mkdir -p "$out"
tarball=${SIMSIAM_BUNDLE:-}
if [ -z "$tarball" ]; then
  for t in dist/simsiam-node-linux-x64.tar.xz dist/simsiam-node-linux-x64.tar.gz; do [ -f "$t" ] && { tarball=$t; break; }; done
fi
[ -n "$tarball" ] && [ -f "$tarball" ] || { echo "run-gpu-suite: no bundle in dist/ (run npm run bundle and carry it)" >&2; exit 2; }
work=${SIMSIAM_SUITE_DIR:-${TMPDIR:-/tmp}/simsiam-gpu-suite}
rm -rf "$work" && mkdir -p "$work"
tar -xf "$tarball" -C "$work" || exit 2
nvidia-smi > "$out/nvidia-smi.txt" 2>&1 || true
"$work/simsiam-node-linux-x64/simsiam-gpu-suite" --out "$out" "$@" 2>&1 | tee "$out/gpu-suite.log"
rc=${PIPESTATUS[0]}
if [ "${SIMSIAM_PYTORCH:-0}" = 1 ]; then
  python3 "$repo/bench/pytorch_baseline.py" > "$out/pytorch-baseline.json" 2> "$out/pytorch-baseline.log" || echo "run-gpu-suite: pytorch baseline failed (see pytorch-baseline.log)" >&2
  cat "$out/pytorch-baseline.json"
fi
exit "$rc"
