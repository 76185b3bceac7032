#!/usr/bin/env bash
# Self-tests of the CUDA-on-CPU emulator (native/emu): rewrites each test
# .cu, compiles it with g++ against the shim and the runtime, and runs it.
#
#   test/emu/run.sh [NAME...]        SAN=plain (default) | asan | tsan
#
# test/emu/*.cu are correct kernels: each must pass in the forward, reverse
# and random:7 orders. test/emu/planted/*.cu carry a bug the emulator must
# report; their header says where:
#   // emu-builds: plain asan tsan      the builds that must catch it
#   // emu-order: reverse               SIMSIAM_EMU_ORDER for the run
#   // emu-expect[BUILDS]: REGEX        stderr must match (grep -E), and the
#                                       exit status must be non-zero
# Build products go to $EMU_TEST_DIR (default /tmp/simsiam-emu-test-$SAN),
# rebuilt when a source is newer. Last line: `N passed, N failed`.
set -u
shopt -s nullglob
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SAN=${SAN:-plain}
OUT=${EMU_TEST_DIR:-/tmp/simsiam-emu-test-$SAN}
CXX=${CXX:-g++}
EMU="$ROOT/native/emu"
mkdir -p "$OUT/rt" "$OUT/src" "$OUT/bin" "$OUT/log"

COMMON=(-std=c++17 -g -ffp-contract=off -Wall -Wno-unknown-pragmas -Wno-sign-compare -I"$EMU/include" -I"$HERE" -I"$ROOT/native")
case "$SAN" in
  plain) KFLAGS=(-O2); RFLAGS=(-O2); LINK=() ;;
  asan)
    KFLAGS=(-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fsanitize=bounds-strict -fno-sanitize-recover=undefined)
    RFLAGS=("${KFLAGS[@]}"); LINK=("${KFLAGS[@]}") ;;
  tsan)
    # The runtime uninstrumented, as a shared object bound to itself.
    KFLAGS=(-O1 -fno-omit-frame-pointer -fsanitize=thread); RFLAGS=(-O2 -fPIC -DSIMSIAM_EMU_FOR_TSAN=1)
    LINK=(-fsanitize=thread) ;;
  *) echo "SAN must be plain, asan or tsan" >&2; exit 2 ;;
esac

stale() {  # stale TARGET SOURCES...: true when TARGET is missing or older than any source
  local t=$1; shift
  [ -e "$t" ] || return 0
  for s in "$@"; do [ "$s" -nt "$t" ] && return 0; done
  return 1
}

# ---- the runtime ----------------------------------------------------------------
RT_SRCS=("$EMU"/*.cc "$EMU"/*.S)
HDRS=("$EMU"/*.h "$EMU"/include/*.h "$EMU"/include/simsiam_emu/*.h)
objs=()
for src in "${RT_SRCS[@]}"; do
  obj="$OUT/rt/$(basename "$src").o"
  if stale "$obj" "$src" "${HDRS[@]}"; then
    $CXX "${COMMON[@]}" "${RFLAGS[@]}" -c "$src" -o "$obj" || { echo "runtime build failed: $src"; echo "0 passed, 1 failed"; exit 1; }
  fi
  objs+=("$obj")
done
if [ "$SAN" = tsan ]; then
  RT="$OUT/rt/libsimsiam_emu.so"
  stale "$RT" "${objs[@]}" && $CXX -shared -Wl,-Bsymbolic -o "$RT" "${objs[@]}" -pthread
  RTLINK=("$RT" -Wl,-rpath,"$OUT/rt")
else
  RT="$OUT/rt/libsimsiam_emu.a"
  stale "$RT" "${objs[@]}" && { rm -f "$RT"; ar rcs "$RT" "${objs[@]}"; }
  RTLINK=("$RT")
fi

# ---- one test ---------------------------------------------------------------------
build() {  # build SRC NAME -> binary path on stdout
  local src=$1 name=$2
  local cc="$OUT/src/$name.cu.cc" bin="$OUT/bin/$name"
  if stale "$bin" "$src" "$HERE/Check.h" "$RT" "$EMU/rewrite.mjs" "${HDRS[@]}"; then
    node "$EMU/rewrite.mjs" "$src" "$cc" >&2 &&
      $CXX "${COMMON[@]}" "${KFLAGS[@]}" -include cuda_runtime.h "$cc" -o "$bin" "${LINK[@]}" "${RTLINK[@]}" -pthread >&2 ||
      return 1
  fi
  echo "$bin"
}

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
wanted() {  # wanted NAME: no names given, or NAME among them
  [ $# -eq 1 ] && [ ${#SELECT[@]} -eq 0 ] && return 0
  for s in "${SELECT[@]}"; do [ "$s" = "$1" ] && return 0; done
  return 1
}
SELECT=("$@")

# `run.sh bench`: speed on the project's loss kernel (rewritten from native/).
if [ "${SELECT[*]:-}" = bench ]; then
  loss="$OUT/src/SimSiamLoss.cu.cc"
  node "$EMU/rewrite.mjs" "$ROOT/native/kernels/SimSiamLoss.cu" "$loss" &&
    $CXX "${COMMON[@]}" "${KFLAGS[@]}" -include cuda_runtime.h -c "$loss" -o "$OUT/bin/SimSiamLoss.cu.o" &&
    $CXX "${COMMON[@]}" -O2 $([ "$SAN" = plain ] || echo "${KFLAGS[@]}") -c "$ROOT/native/kernels/SimSiamLoss.cc" -o "$OUT/bin/SimSiamLoss.o" &&
    $CXX "${COMMON[@]}" -O2 $([ "$SAN" = plain ] || echo "${KFLAGS[@]}") -c "$ROOT/native/util/ThreadPool.cc" -o "$OUT/bin/ThreadPool.o" &&
    node "$EMU/rewrite.mjs" "$HERE/bench/loss_speed.cu" "$OUT/src/loss_speed.cu.cc" &&
    $CXX "${COMMON[@]}" "${KFLAGS[@]}" -include cuda_runtime.h "$OUT/src/loss_speed.cu.cc" "$OUT/bin/SimSiamLoss.cu.o" \
      "$OUT/bin/SimSiamLoss.o" "$OUT/bin/ThreadPool.o" -o "$OUT/bin/loss_speed" "${LINK[@]}" "${RTLINK[@]}" -pthread &&
    "$OUT/bin/loss_speed"
  exit $?
fi

for src in "$HERE"/*.cu; do
  name=$(basename "$src" .cu)
  wanted "$name" || continue
  bin=$(build "$src" "$name") || { fail "$name ($SAN): build"; continue; }
  for order in forward reverse random:7; do
    log="$OUT/log/$name.${order%%:*}.log"
    if SIMSIAM_EMU_ORDER=$order timeout 600 "$bin" >"$log" 2>&1; then
      pass "$name ($SAN, $order)"
    else
      fail "$name ($SAN, $order): see $log"; tail -5 "$log"
    fi
  done
done

for src in "$HERE"/planted/*.cu; do
  name=$(basename "$src" .cu)
  wanted "$name" || continue
  builds=$(sed -n 's|^// emu-builds: *||p' "$src")
  case " $builds " in *" $SAN "*) ;; *) continue ;; esac
  order=$(sed -n 's|^// emu-order: *||p' "$src")
  expect=""
  while IFS= read -r line; do
    which=${line%%]*}; which=${which#*[}
    case ",$which," in *",$SAN,"*) expect=${line#*]: } ;; esac
  done < <(grep '^// emu-expect\[' "$src")
  [ -n "$expect" ] || { fail "planted/$name ($SAN): no emu-expect for this build"; continue; }
  bin=$(build "$src" "planted_$name") || { fail "planted/$name ($SAN): build"; continue; }
  log="$OUT/log/planted_$name.log"
  SIMSIAM_EMU_ORDER=${order:-forward} SIMSIAM_EMU_FATAL=1 timeout 600 "$bin" >"$log" 2>&1
  status=$?
  if [ $status -ne 0 ] && grep -Eq -- "$expect" "$log"; then
    pass "planted/$name ($SAN): $(grep -Em1 -- "$expect" "$log" | cut -c1-160)"
  else
    fail "planted/$name ($SAN): exit $status, expected /$expect/ in $log"; tail -5 "$log"
  fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
