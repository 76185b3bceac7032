#!/usr/bin/env bash
# The whole GPU check from the offline bundle (no npm, no compiler), in under
# 8 minutes on an H100/H200, most valuable part first:
#   parity       simsiam_parity: every CUDA launcher against its CPU reference
#   memcheck, racecheck, synccheck
#                the parity harness again under compute-sanitizer (found on PATH
#                or in /usr/local/cuda*/bin; skipped with a note otherwise)
#   conformance  gpu-suite --only conformance,fused: the cuda backend vs cpu
#   step         gpu-suite --only step,memory: a training step cuda vs cpu, and
#                device memory constant over 200 steps
#   bench        gpu-suite --only bench with few steps: fused loss and
#                augmentation kernels, resnet18 and resnet50 training
#   initcheck    the parity harness under initcheck, if the budget still allows
# Every part runs under `timeout`, its limit the smaller of its own cap and
# what the budget (SIMSIAM_GPU_BUDGET or --budget, default 450 s from the start
# of this script) leaves after the later parts' minimums; a part with no time
# left is skipped. Each part leaves <part>.log and its JSON in $OUT (default
# ./gpu-out), and $OUT/gpu-check.json (every part: status, seconds, limit,
# result) is rewritten after every part, so a run cut short keeps what it
# did. A table of the parts is printed last; exit status 1 when a part failed
# or ran out of time.
#
# Usage: run-gpu-suite.sh [--dry-run] [--budget SECONDS]
#        run-gpu-suite.sh GPU-SUITE-ARGS...   (e.g. --only bench-resnet50: that gpu-suite run alone)
# --dry-run needs no GPU: the parity harness only lists its cases, the
# sanitizers are skipped, and the suite parts run with small sizes on the host
# reference device (what test/bundle.test.ts runs in CI).
# In the repository (scripts/) it unpacks dist/simsiam-node-linux-x64.tar.xz
# (or .tar.gz; SIMSIAM_BUNDLE names another tarball) into $SIMSIAM_SUITE_DIR
# (default $TMPDIR/simsiam-gpu-suite) and runs that; inside an unpacked bundle
# it runs the bundle it is in. SIMSIAM_PYTORCH=1 (repository only) also runs
# bench/pytorch_baseline.py into $OUT/pytorch-baseline.json with the time left.
set -uo pipefail
t0=$(date +%s%N)
out=${OUT:-$PWD/gpu-out}
mkdir -p "$out" && out=$(cd "$out" && pwd)
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
budget=${SIMSIAM_GPU_BUDGET:-450}
dry=0
suite_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1; suite_args+=("$1") ;;
    --budget) budget=${2:?--budget needs seconds}; shift ;;
    --budget=*) budget=${1#*=} ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) suite_args+=("$1") ;;
  esac
  shift
done
[[ "$budget" =~ ^[0-9]+$ ]] || { echo "run-gpu-suite: --budget needs whole seconds, received '$budget'" >&2; exit 2; }

now_ms() { echo $(( ($(date +%s%N) - t0) / 1000000 )); }
left() { echo $(( budget - $(now_ms) / 1000 )); }

# ---------------------------------------------------------------- the bundle
repo=
if [ -x "$here/simsiam-gpu-suite" ]; then
  bundle=$here
else
  repo=$(cd "$here/.." && pwd)
  tarball=${SIMSIAM_BUNDLE:-}
  if [ -z "$tarball" ]; then
    for t in "$repo/dist/simsiam-node-linux-x64.tar.xz" "$repo/dist/simsiam-node-linux-x64.tar.gz"; do [ -f "$t" ] && { tarball=$t; break; }; done
  fi
  [ -n "$tarball" ] && [ -f "$tarball" ] || { echo "run-gpu-suite: no bundle in dist/ (make one with npm run bundle and copy dist/simsiam-node-linux-x64.tar.xz here)" >&2; exit 2; }
  work=${SIMSIAM_SUITE_DIR:-${TMPDIR:-/tmp}/simsiam-gpu-suite}
  rm -rf "$work" && mkdir -p "$work"
  tar -xf "$tarball" -C "$work" || { echo "run-gpu-suite: cannot unpack $tarball" >&2; exit 2; }
  bundle=$work/simsiam-node-linux-x64
fi
suite=$bundle/simsiam-gpu-suite
parity=$bundle/simsiam_parity
timeout 20 nvidia-smi > "$out/nvidia-smi.txt" 2>&1 || true
gpu=$(timeout 20 nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -n 1)
echo "run-gpu-suite: bundle $bundle, ${gpu:-no GPU found by nvidia-smi}; budget ${budget} s; results in $out"

# Any argument but --dry-run/--budget: that one gpu-suite run, under the budget.
if [ ${#suite_args[@]} -gt $dry ]; then
  limit=$(left); [ "$limit" -ge 10 ] || limit=10
  timeout -k 10 "$limit" "$suite" --out "$out" "${suite_args[@]}" 2>&1 | tee "$out/gpu-suite.log"
  exit "${PIPESTATUS[0]}"
fi

sanitizer=$(command -v compute-sanitizer 2>/dev/null || true)
if [ -z "$sanitizer" ]; then
  for c in /usr/local/cuda/bin/compute-sanitizer $(ls -d /usr/local/cuda-*/bin/compute-sanitizer 2>/dev/null | sort -V -r); do
    [ -x "$c" ] && { sanitizer=$c; break; }
  done
fi

# ---------------------------------------------------------------- results
names=() statuses=() seconds=() limits=() results=() notes=() logs=() jsons=()
json_str() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/ }; s=${s//$'\t'/ }; s=${s//$'\r'/ }
  printf '"%s"' "$s"
}
write_summary() {
  local complete=$1 i
  {
    printf '{\n  "complete": %s,\n  "dryRun": %s,\n  "budgetSeconds": %s,\n  "seconds": %s,\n' \
      "$complete" "$([ $dry = 1 ] && echo true || echo false)" "$budget" "$(awk "BEGIN{print $(now_ms)/1000}")"
    printf '  "gpu": %s,\n  "bundle": %s,\n  "computeSanitizer": %s,\n  "parts": [' \
      "$(json_str "${gpu:-}")" "$(json_str "$bundle")" "$(json_str "${sanitizer:-}")"
    for i in "${!names[@]}"; do
      [ "$i" -gt 0 ] && printf ','
      printf '\n    {"name": %s, "status": %s, "seconds": %s, "limitSeconds": %s, "result": %s, "note": %s, "log": %s, "json": %s}' \
        "$(json_str "${names[$i]}")" "$(json_str "${statuses[$i]}")" "${seconds[$i]}" "${limits[$i]}" \
        "$(json_str "${results[$i]}")" "$(json_str "${notes[$i]}")" "$(json_str "${logs[$i]}")" "$(json_str "${jsons[$i]}")"
    done
    printf '\n  ]\n}\n'
  } > "$out/gpu-check.json.tmp" && mv "$out/gpu-check.json.tmp" "$out/gpu-check.json"
}
add() {  # name status seconds limit result note log json
  names+=("$1"); statuses+=("$2"); seconds+=("$3"); limits+=("$4"); results+=("$5"); notes+=("$6"); logs+=("$7"); jsons+=("$8")
  printf '== %s: %s%s%s\n' "$1" "$2" "${5:+, $5}" "${6:+ ($6)}"
  write_summary false
}

# run NAME CAP RESERVE NOTE JSON COMMAND...: under `timeout`, its limit the
# smaller of CAP and the budget left after RESERVE seconds for later parts.
run() {
  local name=$1 cap=$2 reserve=$3 note=$4 json=$5
  shift 5
  local limit=$(( $(left) - reserve ))
  [ "$limit" -gt "$cap" ] && limit=$cap
  if [ "$limit" -lt 10 ]; then
    add "$name" skipped 0 0 "" "no time left in the ${budget} s budget" "" ""
    return
  fi
  local log=$out/$name.log start=$(now_ms) rc status result
  echo "== $name (limit ${limit} s): $*"
  timeout -k 10 "$limit" "$@" > "$log" 2>&1
  rc=$?
  result=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  case $rc in
    0) status=pass ;;
    124|137) status=timeout; note="${note:+$note; }stopped after ${limit} s" ;;
    86) status=fail; note="${note:+$note; }compute-sanitizer reported errors: $(grep -aE 'ERROR SUMMARY|RACECHECK SUMMARY' "$log" | tail -n 1 | sed 's/^=* *//')" ;;
    *) status=fail; note="${note:+$note; }exit status $rc" ;;
  esac
  tail -n 3 "$log" | sed 's/^/   /'
  add "$name" "$status" "$(awk "BEGIN{printf \"%.1f\", ($(now_ms) - $start)/1000}")" "$limit" "$result" "$note" "$log" "$json"
}

# ---------------------------------------------------------------- the parts
# compute-sanitizer: API errors are not reported (the harness provokes out of
# memory and a bad device ordinal on purpose, and checks every return code
# itself), nor leaks (the device keeps a pinned staging cache for the life of
# the process); memory access, race, synchronisation and initialisation
# errors exit 86.
sanitize=("$sanitizer" --report-api-errors no --error-exitcode 86 --print-limit 20)
# Minimums kept for later parts: sanitizers 20 s each, conformance 40, step 20, bench 40.
if [ ! -x "$parity" ]; then
  add parity skipped 0 0 "" "no simsiam_parity in the bundle (an addon built without CUDA?)" "" ""
elif [ $dry = 1 ]; then
  run parity 30 100 "dry run: cases listed, not run (needs a GPU)" "" "$parity" --list
  [ -s "$out/parity.log" ] || { statuses[-1]=fail; notes[-1]="--list printed no cases"; write_summary false; }
  results[-1]="$(wc -l < "$out/parity.log") cases"; write_summary false
else
  run parity 60 180 "" "$out/parity.json" "$parity" --json "$out/parity.json"
fi
for tool in memcheck racecheck synccheck; do
  if [ $dry = 1 ]; then add "$tool" skipped 0 0 "" "dry run" "" ""; continue; fi
  if [ ! -x "$parity" ]; then add "$tool" skipped 0 0 "" "no parity harness" "" ""; continue; fi
  if [ -z "$sanitizer" ]; then add "$tool" skipped 0 0 "" "compute-sanitizer not found (PATH, /usr/local/cuda*/bin)" "" ""; continue; fi
  case $tool in
    memcheck) cap=75 reserve=$((20 + 20 + 100)) ;;
    racecheck) cap=75 reserve=$((20 + 100)) ;;
    synccheck) cap=45 reserve=100 ;;
  esac
  run "$tool" "$cap" "$reserve" "" "$out/parity-$tool.json" "${sanitize[@]}" --tool "$tool" "$parity" --json "$out/parity-$tool.json"
done
run conformance 90 60 "" "$out/suite-conformance.json" "$suite" "${suite_args[@]}" --only conformance,fused --json "$out/suite-conformance.json"
run step 60 40 "" "$out/suite-step.json" "$suite" "${suite_args[@]}" --only step,memory --memory-steps 200 --json "$out/suite-step.json"
run bench 150 0 "" "$out/suite-bench.json" "$suite" "${suite_args[@]}" --only bench --steps 20 --seconds 20 --json "$out/suite-bench.json"
if [ $dry = 1 ]; then
  add initcheck skipped 0 0 "" "dry run" "" ""
elif [ -x "$parity" ] && [ -n "$sanitizer" ] && [ "$(left)" -ge 30 ]; then
  run initcheck 60 0 "" "$out/parity-initcheck.json" "${sanitize[@]}" --tool initcheck "$parity" --json "$out/parity-initcheck.json"
else
  add initcheck skipped 0 0 "" "$([ -z "$sanitizer" ] || [ ! -x "$parity" ] && echo 'no compute-sanitizer or parity harness' || echo "under 30 s of the budget left")" "" ""
fi
if [ "${SIMSIAM_PYTORCH:-0}" = 1 ] && [ -n "$repo" ]; then
  run pytorch 120 0 "" "$out/pytorch-baseline.json" sh -c 'python3 "$1" > "$2"' sh "$repo/bench/pytorch_baseline.py" "$out/pytorch-baseline.json"
fi
write_summary true

# ---------------------------------------------------------------- the table
passed=0 failed=0 skipped=0
printf '\n%-12s %-8s %8s %6s  %s\n' part status seconds limit 'result / note'
for i in "${!names[@]}"; do
  case ${statuses[$i]} in pass) passed=$((passed + 1)) ;; skipped) skipped=$((skipped + 1)) ;; *) failed=$((failed + 1)) ;; esac
  detail=${results[$i]}
  [ -n "${notes[$i]}" ] && detail="${detail:+$detail; }${notes[$i]}"
  printf '%-12s %-8s %8s %6s  %s\n' "${names[$i]}" "${statuses[$i]}" "${seconds[$i]}" "${limits[$i]}" "$detail"
done
printf 'gpu check: %d passed, %d failed, %d skipped in %s s (budget %s s); %s\n' "$passed" "$failed" "$skipped" \
  "$(awk "BEGIN{printf \"%.0f\", $(now_ms)/1000}")" "$budget" "$out/gpu-check.json"
[ "$failed" -eq 0 ]
