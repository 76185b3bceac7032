#!/usr/bin/env bash
# The CUDA emulator suite (docs/cuda-emulator.md): every .cu of native/ run on
# the CUDA-on-CPU emulator (native/emu/), no GPU needed.
#
#   scripts/emu-suite.sh [PART...]     default: every part, in this order
#
#   plain     build-emu/plain: simsiam_parity with SIMSIAM_EMU_ORDER=forward, reverse, random:1, random:2
#   address   build-emu/address: simsiam_parity under ASan + UBSan
#   thread    build-emu/thread: simsiam_parity under TSan
#   coverage  build-emu/coverage: simsiam_parity, then scripts/coverage-gate.mjs
#   addon     the emulated addon (build-emu/plain) under `vitest run test/cuda test/conformance`, with
#             SIMSIAM_NATIVE_ADDON pointing at it and the cuda backend on the emulated device
#   selftest  the emulator's own tests (test/emu/run.sh, SAN=plain, asan, tsan): started first, in the
#             background (single-threaded builds and runs fill the second core), reported last
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

ALL_PARTS=(plain address thread coverage addon selftest)
if [ $# -gt 0 ]; then PARTS=("$@"); else PARTS=("${ALL_PARTS[@]}"); fi
for p in "${PARTS[@]}"; do
  [[ " ${ALL_PARTS[*]} " == *" $p "* ]] || { echo "emu-suite: unknown part '$p' (${ALL_PARTS[*]})"; echo "0 passed, 1 failed"; exit 2; }
done

TOTAL_PASSED=0 TOTAL_FAILED=0
PART_PASSED=0 PART_FAILED=0
SUMMARY=()
declare -A BUILT=()  # variant -> 0 (built) or 1 (failed)

PART_CPU=0 TOTAL_CPU=0
# CPU seconds (user + system) of the processes a subshell waited for, from its `times` output.
cpu_of() { [ -f "$1" ] && tail -n 1 "$1" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%d", t }' || echo 0; }
add_cpu() { local c; c=$(cpu_of "$1"); PART_CPU=$((PART_CPU + c)); TOTAL_CPU=$((TOTAL_CPU + c)); }

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
  (
    set -e
    if [ ! -f "$dir/Makefile" ] && [ ! -f "$dir/build.ninja" ]; then
      if [ "$variant" = plain ]; then
        # cmake-js passes the N-API headers (the addon is built here too).
        npx --no-install cmake-js configure --out "$dir" "${defs[@]/#-D/--CD}"
      else
        cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release "${defs[@]}"
      fi
    fi
    rc=0; cmake --build "$dir" --target "$@" -j "$JOBS" || rc=$?
    times >"$log.times"
    exit $rc
  ) >"$log" 2>&1 || rc=$?
  add_cpu "$log.times"
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

# A test run with a time limit, its output in $LOGS/NAME.log. run_start puts it in
# the background (the emulator runs one block at a time, so two runs share the
# two cores); run_wait prints its time, any failure and its counts.
declare -A RUN_PID=() RUN_T0=()
run_start() {
  local name=$1; shift
  local log="$LOGS/$name.log"
  RUN_T0[$name]=$SECONDS
  rm -f "$log.rc" "$log.times"
  ( rc=0; timeout --kill-after=30 "$TIMEOUT" "$@" >"$log" 2>&1 || rc=$?; times >"$log.times"; echo "$rc $SECONDS" >"$log.rc" ) &
  RUN_PID[$name]=$!
}
run_wait() {
  local name=$1 log="$LOGS/$1.log" rc end
  wait "${RUN_PID[$name]}"
  read -r rc end <"$log.rc" || { rc=1; end=$SECONDS; }
  add_cpu "$log.times"
  echo "  $name: exit $rc in $((end - RUN_T0[$name])) s (log $log)"
  if [ "$rc" -ne 0 ]; then
    grep -E '^FAIL |ERROR|runtime error|Sanitizer|WARNING: ThreadSanitizer|emu: |FAIL  |×|✗' "$log" | head -n 40 | sed 's/^/    /'
    tail -n 25 "$log" | sed 's/^/    | /'
  fi
  count "$log" "$rc"
  return "$rc"
}
run_logged() { run_start "$@"; run_wait "$1"; }

# The cases for the TSan run: those that took at most SIMSIAM_EMU_HEAVY_MS
# (default 1000; 0: every case) in the plain forward run; the few heavy ones
# (grids past 65535 blocks, ...) run in every other build and order.
# Sets LIGHT_ARGS to the harness's --only argument (empty: every case).
LIGHT_ARGS=()
light_cases() {
  LIGHT_ARGS=()
  local json="$LOGS/parity-plain-forward.json" heavy_ms=${SIMSIAM_EMU_HEAVY_MS:-1000} only
  [ "$heavy_ms" != 0 ] && [ -f "$json" ] || return 0
  # --only takes substrings, split at commas: each light case by a comma-free piece of its name that no
  # heavy case contains (a case with none stays with the full runs).
  only=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")), max = Number(process.argv[2]);
    const heavy = r.cases.filter((c) => c.ms > max), light = r.cases.filter((c) => c.ms <= max);
    if (!heavy.length || !light.length) process.exit(0);
    console.error(`  ${heavy.length} heavy case(s) (> ${max} ms in the plain forward run) not under TSan: ` +
      heavy.map((c) => c.name).join("; "));
    const pieces = new Set();
    for (const c of light) {
      const p = c.name.split(",").filter((s) => s.trim()).find((s) => !heavy.some((h) => h.name.includes(s)));
      if (p) pieces.add(p);
    }
    console.log([...pieces].join(","));
  ' "$json" "$heavy_ms") || return 0
  [ -n "$only" ] && LIGHT_ARGS=(--only "$only")
  return 0
}

parity_start() {  # parity_start VARIANT NAME [ENV=VALUE...] [-- HARNESS ARGS...]
  local variant=$1 name=$2; shift 2
  local -a envs=() args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
  [ $# -gt 0 ] && shift && args=("$@")
  run_start "$name" env SIMSIAM_EMU_FATAL=1 "${envs[@]}" "$OUT/$variant/simsiam_parity" "${args[@]}"
}

# test/emu/run.sh builds its own (rebuilding only what changed), once per sanitizer.
SELFTEST_T0=
selftest_start() {
  [ -f test/emu/run.sh ] || return 0
  SELFTEST_T0=$SECONDS
  local san
  for san in plain asan tsan; do
    run_start "selftest-$san" nice -n 5 env SAN=$san EMU_TEST_DIR="$OUT/selftest-$san" bash test/emu/run.sh
  done
}
part_selftest() {
  if [ ! -f test/emu/run.sh ]; then echo "  test/emu/run.sh is missing"; fail; return; fi
  [ -n "$SELFTEST_T0" ] || selftest_start
  run_wait selftest-plain; run_wait selftest-asan; run_wait selftest-tsan
  echo "  (started with the suite, ${SELFTEST_T0}..$SECONDS s, alongside the other parts)"
}

part_plain() {
  build plain simsiam_parity simsiam_native || { fail; return; }
  # Every case forward and reverse, then in two random orders, two runs at a time.
  parity_start plain parity-plain-forward SIMSIAM_EMU_ORDER=forward -- --json "$LOGS/parity-plain-forward.json"
  parity_start plain parity-plain-reverse SIMSIAM_EMU_ORDER=reverse
  run_wait parity-plain-forward; run_wait parity-plain-reverse
  parity_start plain parity-plain-random1 SIMSIAM_EMU_ORDER=random:1
  parity_start plain parity-plain-random2 SIMSIAM_EMU_ORDER=random:2
  run_wait parity-plain-random1; run_wait parity-plain-random2
}

part_address() {
  build address simsiam_parity || { fail; return; }
  # Every case, the heavy ones too (~2 min of the run on 2 cores).
  # detect_leaks: the emulator's fibers and pools live until exit; halt on the first report.
  parity_start address parity-address \
    ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  run_wait parity-address
}

part_thread() {
  build thread simsiam_parity || { fail; return; }
  light_cases
  parity_start thread parity-thread TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" -- "${LIGHT_ARGS[@]}"
  run_wait parity-thread
}

part_coverage() {
  build coverage simsiam_parity || { fail; return; }
  find "$OUT/coverage" -name '*.gcda' -delete  # counts of this run only
  parity_start coverage parity-coverage
  run_wait parity-coverage
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
    for (const l of [libs.cublas, libs.cudnn])
      if (l.path || !/emulator/.test(l.error)) throw new Error("cuBLAS/cuDNN not kept off the emulator: " + s);
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
[[ " ${PARTS[*]} " == *" selftest "* ]] && [ "${#PARTS[@]}" -gt 1 ] && selftest_start
for part in "${PARTS[@]}"; do
  PART_PASSED=0 PART_FAILED=0 PART_CPU=0
  t0=$SECONDS
  echo "== $part"
  "part_$part"
  dt=$((SECONDS - t0)) cpu=$PART_CPU
  [ "$part" = selftest ] && [ -n "$SELFTEST_T0" ] && dt=$((SECONDS - SELFTEST_T0))  # in the background from the start
  echo "== $part: $PART_PASSED passed, $PART_FAILED failed in ${dt} s (CPU ${cpu} s)"
  SUMMARY+=("$(printf '%-9s %4d s (CPU %4d s)  %s passed, %s failed' "$part" "$dt" "$cpu" "$PART_PASSED" "$PART_FAILED")")
  TOTAL_PASSED=$((TOTAL_PASSED + PART_PASSED)) TOTAL_FAILED=$((TOTAL_FAILED + PART_FAILED))
done
echo "== emu-suite in $((SECONDS - T_ALL)) s (CPU $TOTAL_CPU s: builds and test runs):"
printf '  %s\n' "${SUMMARY[@]}"
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ]
