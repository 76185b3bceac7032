#!/usr/bin/env bash
# Shows that the emulator's checks bite on the project's real kernels: plants
# one bug at a time in a scratch copy of the sources (never in this tree),
# rebuilds the parity harness on the CUDA-on-CPU emulator in the build that
# should catch it, runs the affected cases and expects a failure or a report.
#
#   scripts/plant-bugs.sh [NAME...]     default: every planted bug below
#
# Prints one line per bug ("caught" with the first line of evidence, or
# "MISSED") and `N passed, N failed` last (a bug caught is a pass).
# SIMSIAM_PLANT_DIR (default /tmp/simsiam-plant) holds the copy and its builds.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${SIMSIAM_PLANT_DIR:-/tmp/simsiam-plant}
src=$work/src
mkdir -p "$work"
rm -rf "$src" && mkdir -p "$src/test"
cp -r "$root/CMakeLists.txt" "$root/cmake" "$root/native" "$src/"
cp -r "$root/test/parity" "$src/test/"

# name | file | python old | python new | build variant | parity --only | evidence regex
BUGS=(
  "missing-syncthreads|native/kernels/SimSiamLoss.cu|    for (int k = 0; k < N; ++k) shared[warp][k] = v[k];\n  __syncthreads();|    for (int k = 0; k < N; ++k) shared[warp][k] = v[k];|plain|SimSiamLoss/two pairs 9x700|FAIL|simsiam-emu"
  "wrong-shuffle-offset|native/kernels/SimSiamLoss.cu|for (int o = 16; o > 0; o >>= 1)|for (int o = 8; o > 0; o >>= 1)|plain|SimSiamLoss/two pairs 9x700|FAIL"
  "shared-out-of-bounds|native/kernels/SimSiamLoss.cu|__shared__ float red[kWarps][3 * P];|__shared__ float red[kWarps - 1][3 * P];|address|SimSiamLoss/two pairs 9x700|runtime error|AddressSanitizer"
  "cross-block-race|native/kernels/SimSiamLoss.cu|       i += static_cast<int64_t>(gridDim.x) * blockDim.x)\n    out[i] = d * grad[i];|       i += blockDim.x)\n    out[i] = d * grad[i];|thread|SimSiamLoss/scaleGrad odd sizes|ThreadSanitizer: data race"
)

configure() {  # configure VARIANT -> build dir
  local v=$1 dir=$work/build-$1 san="" cov=OFF
  [ "$v" = address ] && san=address
  [ "$v" = thread ] && san=thread
  if [ ! -f "$dir/build.ninja" ] && [ ! -f "$dir/Makefile" ]; then
    cmake -S "$src" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DSIMSIAM_CUDA=EMU -DSIMSIAM_EMU_SANITIZE=$san \
      -DSIMSIAM_EMU_COVERAGE=$cov >"$work/configure-$v.log" 2>&1 || { echo "configure $v failed: $work/configure-$v.log" >&2; return 1; }
  fi
  echo "$dir"
}

passed=0 failed=0
for bug in "${BUGS[@]}"; do
  IFS='|' read -r name file old new variant only evidence alt <<<"$bug"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  cp "$root/$file" "$src/$file"
  if ! python3 - "$src/$file" "$old" "$new" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2].replace('\\n', '\n'), sys.argv[3].replace('\\n', '\n')
s = open(path).read()
if s.count(old) < 1: sys.exit(f"{path}: the text to change is not there: {old!r}")
open(path, 'w').write(s.replace(old, new, 1))
PY
  then echo "$name: cannot plant (the kernel changed; update this script)"; failed=$((failed + 1)); continue; fi
  dir=$(configure "$variant") || { failed=$((failed + 1)); continue; }
  log=$work/$name.log
  if ! cmake --build "$dir" --target simsiam_parity -j 2 >"$log.build" 2>&1; then
    echo "$name: the planted copy does not build ($log.build)"; failed=$((failed + 1))
  else
    env SIMSIAM_EMU_ORDER=${SIMSIAM_EMU_ORDER:-forward} ASAN_OPTIONS=detect_leaks=0 TSAN_OPTIONS=halt_on_error=1 \
      timeout 300 "$dir/simsiam_parity" --only "$only" >"$log" 2>&1
    rc=$?
    hit=$(grep -m1 -E "$evidence${alt:+|$alt}" "$log")
    if [ $rc -ne 0 ] && [ -n "$hit" ]; then
      echo "$name ($variant build): caught — ${hit:0:200}"; passed=$((passed + 1))
    else
      echo "$name ($variant build): MISSED (exit $rc, log $log)"; failed=$((failed + 1))
    fi
  fi
  cp "$root/$file" "$src/$file"  # unplant: the next bug starts from the real kernel
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
