#!/usr/bin/env bash
# The CUDA emulator suite (docs/cuda-emulator.md): every .cu of native/ run on
# the CUDA-on-CPU emulator (native/emu/), no GPU needed.
#
#   scripts/emu-suite.sh [PART...]     default: every part, in this order
#
#   selftest  the emulator's own tests (test/emu/run.sh)
#   plain     build-emu/plain: simsiam_parity with SIMSIAM_EMU_ORDER=forward, reverse, random:1, random:2
#   address   build-emu/address: simsiam_parity under ASan + UBSan
#   thread    build-emu/thread: simsiam_parity under TSan
#   coverage  build-emu/coverage: simsiam_parity, then scripts/coverage-gate.mjs
#   addon     the emulated addon (build-emu/plain) under `vitest run test/cuda test/conformance`, with
#             SIMSIAM_NATIVE_ADDON pointing at it and the cuda backend on the emulated device
#
# Each build directory is configured and built once (incrementally on later
# runs). Each part prints `N passed, N failed` and its wall time; the last line
# is the sum, `N passed, N failed`; the exit status is 1 on any failure.
# Environment: SIMSIAM_EMU_BUILD (default build-emu), SIMSIAM_EMU_JOBS (2),
# SIMSIAM_EMU_TIMEOUT (seconds per test run, default 900).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${SIMSIAM_EMU_BUILD:-build-emu}
case "$OUT" in /*) ;; *) OUT="$ROOT/$OUT" ;; esac
JOBS=${SIMSIAM_EMU_JOBS:-2}
TIMEOUT=${SIMSIAM_EMU_TIMEOUT:-900}
LOGS="$OUT/logs"
mkdir -p "$LOGS"

ALL_PARTS=(selftest plain address thread coverage addon)
if [ $# -gt 0 ]; then PARTS=("$@"); else PARTS=("${ALL_PARTS[@]}"); fi
for p in "${PARTS[@]}"; do
  [[ " ${ALL_PARTS[*]} " == *" $p "* ]] || { echo "emu-suite: unknown part '$p' (${ALL_PARTS[*]})"; echo "0 passed, 1 failed"; exit 2; }
done

TOTAL_PASSED=0 TOTAL_FAILED=0
PART_PASSED=0 PART_FAILED=0
SUMMARY=()
declare -A BUILT=()  # variant -> 0 (built) or 1 (failed)

pass() { PART_PASSED=$((PART_PASSED + ${1:-1})); }
fail() { PART_FAILED=$((PART_FAILED + ${1:-1})); }

# build VARIANT TARGET...: configure build-emu/VARIANT once, then build the targets.
build() {
  local variant=$1; shift
  local dir="$OUT/$variant" log="$LOGS/build-$variant.log" t0=$SECONDS
  local key="$variant:$*"
  if [ -n "${BUILT[$key]:-}" ]; then return "${BUILT[$key]}"; fi
  local sanitize="" coverage=OFF
  case $variant in address|thread) sanitize=$variant ;; coverage) coverage=ON ;; esac
  local -a defs=(-DSIMSIAM_CUDA=EMU "-DSIMSIAM_EMU_SANITIZE=$sanitize" "-DSIMSIAM_EMU_COVERAGE=$coverage")
  local rc=0
  {
    if [ ! -f "$dir/Makefile" ] && [ ! -f "$dir/build.ninja" ]; then
      if [ "$variant" = plain ]; then
        # cmake-js passes the N-API headers (the addon is built here too).
        npx --no-install cmake-js configure --out "$dir" "${defs[@]/#-D/--CD}"
      else
        cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release "${defs[@]}"
      fi
    fi
  } >"$log" 2>&1 || rc=$?
  if [ $rc -eq 0 ]; then cmake --build "$dir" --target "$@" -j "$JOBS" >>"$log" 2>&1 || rc=$?; fi
  if [ $rc -ne 0 ]; then
    echo "  build $variant ($*): FAILED in $((SECONDS - t0)) s; the end of $log:"
    grep -E "error|Error|FAILED" "$log" | head -n 20 | sed 's/^/    /'
    tail -n 15 "$log" | sed 's/^/    /'
  else
    echo "  build $variant ($*): $((SECONDS - t0)) s"
  fi
  BUILT[$key]=$rc
  return $rc
}

# count LOG RC: add a test run's `N passed, N failed` (its last such line); a run
# that died without one counts its "ok"/"FAIL" lines plus one failure.
count() {
  local log=$1 rc=$2 line p f
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line"); f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1  # a non-zero exit is a failure even when every case passed
  else
    p=$(grep -cE '^ok ' "$log"); f=$(( $(grep -cE '^FAIL ' "$log") + 1 ))
    echo "    (exit $rc without a summary line: crashed or timed out)"
  fi
  pass "$p"; fail "$f"
  echo "    $p passed, $f failed"
}

# run_logged NAME CMD...: run with a time limit, keep the log, show failures and the summary.
run_logged() {
  local name=$1; shift
  local log="$LOGS/$name.log" t0=$SECONDS rc=0
  timeout --kill-after=30 "$TIMEOUT" "$@" >"$log" 2>&1 || rc=$?
  echo "  $name: exit $rc in $((SECONDS - t0)) s (log $log)"
  if [ $rc -ne 0 ]; then
    grep -E '^FAIL |ERROR|runtime error|Sanitizer|WARNING: ThreadSanitizer|emu: |FAIL  |×|✗' "$log" | head -n 40 | sed 's/^/    /'
    tail -n 25 "$log" | sed 's/^/    | /'
  fi
  count "$log" "$rc"
  return $rc
}

parity() {  # parity VARIANT NAME [ENV=VALUE...]
  local variant=$1 name=$2; shift 2
  run_logged "$name" env SIMSIAM_EMU_FATAL=1 "$@" "$OUT/$variant/simsiam_parity"
}

part_selftest() {
  if [ ! -f test/emu/run.sh ]; then echo "  test/emu/run.sh is missing"; fail; return; fi
  run_logged selftest env SIMSIAM_EMU_BUILD="$OUT" SIMSIAM_EMU_JOBS="$JOBS" bash test/emu/run.sh
}

part_plain() {
  build plain simsiam_parity simsiam_native || { fail; return; }
  local order
  for order in forward reverse random:1 random:2; do
    parity plain "parity-plain-${order/:/}" SIMSIAM_EMU_ORDER="$order"
  done
}

part_address() {
  build address simsiam_parity || { fail; return; }
  # detect_leaks: the emulator's fibers and pools live until exit; halt on the first report.
  parity address parity-address ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
}

part_thread() {
  build thread simsiam_parity || { fail; return; }
  parity thread parity-thread TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
}

part_coverage() {
  build coverage simsiam_parity || { fail; return; }
  find "$OUT/coverage" -name '*.gcda' -delete  # counts of this run only
  parity coverage parity-coverage
  local log="$LOGS/coverage-gate.log" t0=$SECONDS rc=0
  node scripts/coverage-gate.mjs --build "$OUT/coverage" >"$log" 2>&1 || rc=$?
  echo "  coverage-gate: exit $rc in $((SECONDS - t0)) s (log $log)"
  # The never-executed lines, the exemptions and the summary.
  sed 's/^/    /' "$log" | head -n 80
  if [ $rc -eq 0 ]; then pass; else fail; fi
}

part_addon() {
  build plain simsiam_parity simsiam_native || { fail; return; }
  local addon="$OUT/plain/Release/simsiam_native.node"
  [ -f "$addon" ] || addon=$(find "$OUT/plain" -name simsiam_native.node | head -n 1)
  if [ ! -f "$addon" ]; then echo "  no simsiam_native.node under $OUT/plain"; fail; return; fi
  # The emulated addon must offer a CUDA device and keep cuBLAS/cuDNN unloaded.
  local info
  if info=$(node -e '
    const n = require(process.argv[1]); const i = n.deviceInfo(); const libs = n.device.libraries();
    const s = JSON.stringify(libs);
    if (!i.build.cuda || i.cuda.devices.length === 0) throw new Error("no CUDA device: " + i.cuda.reason);
    if (/"loaded":\s*true/.test(s)) throw new Error("cuBLAS/cuDNN loaded on the emulator: " + s);
    console.log(i.cuda.devices[0].name + ", cudaArchitectures " + i.build.cudaArchitectures + "; libraries " + s);
  ' "$addon" 2>&1); then
    echo "  emulated addon: $info"; pass
  else
    echo "  emulated addon: FAILED: $info"; fail
  fi
  # SIMSIAM_REQUIRE_GPU=1: test/cuda/setup.ts then registers the backend on the
  # `cuda` device or fails, instead of falling back to the host reference device.
  run_logged vitest-addon env SIMSIAM_NATIVE_ADDON="$addon" SIMSIAM_CUDA_DEVICE=cuda SIMSIAM_REQUIRE_GPU=1 \
    SIMSIAM_EMU_FATAL=1 npx --no-install vitest run test/cuda test/conformance --reporter=verbose \
    --reporter=./test/summary_reporter.ts
  if grep -qE 'training step on cuda \(cuda device\)' "$LOGS/vitest-addon.log"; then
    echo "  the training step ran on the emulated cuda device"; pass
  else
    echo "  the training step did not run on the emulated cuda device (see $LOGS/vitest-addon.log)"; fail
  fi
}

T_ALL=$SECONDS
for part in "${PARTS[@]}"; do
  PART_PASSED=0 PART_FAILED=0
  t0=$SECONDS
  echo "== $part"
  "part_$part"
  dt=$((SECONDS - t0))
  echo "== $part: $PART_PASSED passed, $PART_FAILED failed in ${dt} s"
  SUMMARY+=("$(printf '%-9s %4d s  %s passed, %s failed' "$part" "$dt" "$PART_PASSED" "$PART_FAILED")")
  TOTAL_PASSED=$((TOTAL_PASSED + PART_PASSED)) TOTAL_FAILED=$((TOTAL_FAILED + PART_FAILED))
done
echo "== emu-suite in $((SECONDS - T_ALL)) s:"
printf '  %s\n' "${SUMMARY[@]}"
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ]
