// Compiled once per CPU path (util/CpuDispatch.h).
#include "kernels/Elementwise.h"

#include <algorithm>
#include <cmath>

#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {
namespace {

template <class Op>
void vectorVector(const float* a, const float* b, float* __restrict y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = Op::f(a[i], b[i]);
}
template <class Op>
void vectorScalar(const float* a, float b, float* __restrict y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = Op::f(a[i], b);
}
template <class Op>
void scalarVector(float a, const float* b, float* __restrict y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = Op::f(a, b[i]);
}

// Output elements [begin, end) by an odometer over the outer dimensions and
// one vectorised loop per run of the innermost one.
template <class Op>
void runRange(const BroadcastPlan& p, const float* a, const float* b, float* y, int64_t begin, int64_t end) {
  const int last = p.rank - 1;
  int64_t idx[kMaxRank], ao = 0, bo = 0, rest = begin;
  for (int d = last; d >= 0; --d) {
    idx[d] = rest % p.size[d];
    rest /= p.size[d];
    ao += idx[d] * p.aStride[d];
    bo += idx[d] * p.bStride[d];
  }
  const int64_t n = p.size[last], sa = p.aStride[last], sb = p.bStride[last];
  for (int64_t i = begin; i < end;) {
    const int64_t len = std::min(n - idx[last], end - i);
    if (sa != 0 && sb != 0)
      vectorVector<Op>(a + ao, b + bo, y + i, len);
    else if (sa != 0)
      vectorScalar<Op>(a + ao, b[bo], y + i, len);
    else
      scalarVector<Op>(a[ao], b + bo, y + i, len);
    i += len;
    ao += len * sa;
    bo += len * sb;
    idx[last] += len;
    for (int d = last; d > 0 && idx[d] == p.size[d]; --d) {
      ao += p.aStride[d - 1] - idx[d] * p.aStride[d];
      bo += p.bStride[d - 1] - idx[d] * p.bStride[d];
      idx[d] = 0;
      ++idx[d - 1];
    }
  }
}

// [rows, n] op [n] (or [n] op [rows, n]) with a short n, the per-channel
// broadcast of NHWC activations: the short operand is repeated to a period
// of at least kPeriod floats so that the inner loop is long.
constexpr int64_t kPeriod = 256;

template <class Op, bool kBRepeats>
void runPeriodic(const float* a, const float* b, float* y, int64_t total, int64_t n) {
  const float* shortOperand = kBRepeats ? b : a;
  const int64_t period = n * std::max<int64_t>(1, kPeriod / n);
  float repeated[2 * kPeriod];
  for (int64_t j = 0; j < period; ++j) repeated[j] = shortOperand[j % n];
  const int64_t blocks = (total + period - 1) / period;
  parallelFor(blocks, std::max<int64_t>(1, kElementwiseGrain / period), [&](int64_t b0, int64_t b1) {
    for (int64_t blk = b0; blk < b1; ++blk) {
      const int64_t off = blk * period, len = std::min(period, total - off);
      if (kBRepeats)
        vectorVector<Op>(a + off, repeated, y + off, len);
      else
        vectorVector<Op>(repeated, b + off, y + off, len);
    }
  });
}

template <class Op>
void run(const BroadcastPlan& p, const float* a, const float* b, float* y) {
  const int64_t total = shapeSize(p.size, p.rank);
  if (p.rank == 2 && p.aStride[1] == 1 && p.bStride[1] == 1 && p.size[1] < kPeriod) {
    if (p.bStride[0] == 0) return runPeriodic<Op, true>(a, b, y, total, p.size[1]);
    if (p.aStride[0] == 0) return runPeriodic<Op, false>(a, b, y, total, p.size[1]);
  }
  parallelFor(total, kElementwiseGrain, [&](int64_t begin, int64_t end) { runRange<Op>(p, a, b, y, begin, end); });
}

}  // namespace

void binaryCpu(BinaryOp op, const BroadcastShapes& s, const float* a, const float* b, float* y) {
  if (shapeSize(s.out, s.rank) == 0) return;
  const BroadcastPlan p = collapseBroadcast(s);
  withBinaryOp(op, [&](auto f) { run<decltype(f)>(p, a, b, y); });
}

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(binaryCpu)

void binaryCpu(BinaryOp op, const BroadcastShapes& s, const float* a, const float* b, float* y) {
  SIMSIAM_CPU_PICK(binaryCpu)(op, s, a, b, y);
}
#endif

}  // namespace simsiam
