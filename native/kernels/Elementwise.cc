#include "kernels/Elementwise.h"

#include <algorithm>
#include <cmath>

#include "util/ThreadPool.h"

namespace simsiam {
namespace {

// tfjs evaluates each op on JS doubles and rounds the result to float32. For
// +, -, *, / of two float32 values that is the float32 operation itself (a
// double has more than 2 * 24 + 2 significand bits, so the second rounding
// never differs); a squared difference rounds (a - b)^2 once, so it runs in
// double. Maximum/Minimum are Math.max/min: NaN wins, and +0 > -0.
struct AddOp {
  static float f(float a, float b) { return a + b; }
};
struct SubOp {
  static float f(float a, float b) { return a - b; }
};
struct MultiplyOp {
  static float f(float a, float b) { return a * b; }
};
struct RealDivOp {
  static float f(float a, float b) { return a / b; }
};
struct SquaredDifferenceOp {
  static float f(float a, float b) {
    const double d = static_cast<double>(a) - static_cast<double>(b);
    return static_cast<float>(d * d);
  }
};
struct MaximumOp {
  static float f(float a, float b) { return (a > b || a != a || (a == b && !std::signbit(a))) ? a : b; }
};
struct MinimumOp {
  static float f(float a, float b) { return (a < b || a != a || (a == b && std::signbit(a))) ? a : b; }
};

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

// The broadcast with adjacent dimensions of the same kind (both operands
// vary, only a varies, only b varies) merged and size-1 dimensions dropped;
// a stride of 0 repeats the operand. The innermost strides are 0 or 1.
struct Plan {
  int rank = 0;
  int64_t size[kMaxRank], aStride[kMaxRank], bStride[kMaxRank];
};

Plan collapse(const BroadcastShapes& s) {
  Plan p;
  int kind[kMaxRank];
  for (int d = 0; d < s.rank; ++d) {
    if (s.out[d] == 1) continue;
    const int k = (s.a[d] != 1 ? 1 : 0) | (s.b[d] != 1 ? 2 : 0);
    if (p.rank > 0 && kind[p.rank - 1] == k) {
      p.size[p.rank - 1] *= s.out[d];
    } else {
      kind[p.rank] = k;
      p.size[p.rank++] = s.out[d];
    }
  }
  if (p.rank == 0) {  // one element
    kind[0] = 3;
    p.size[p.rank++] = 1;
  }
  int64_t aNext = 1, bNext = 1;
  for (int d = p.rank - 1; d >= 0; --d) {
    p.aStride[d] = (kind[d] & 1) ? aNext : 0;
    p.bStride[d] = (kind[d] & 2) ? bNext : 0;
    if (kind[d] & 1) aNext *= p.size[d];
    if (kind[d] & 2) bNext *= p.size[d];
  }
  return p;
}

// Output elements [begin, end) by an odometer over the outer dimensions and
// one vectorised loop per run of the innermost one.
template <class Op>
void runRange(const Plan& p, const float* a, const float* b, float* y, int64_t begin, int64_t end) {
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
void run(const Plan& p, const float* a, const float* b, float* y) {
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
  const Plan p = collapse(s);
  switch (op) {
    case BinaryOp::kAdd: return run<AddOp>(p, a, b, y);
    case BinaryOp::kSub: return run<SubOp>(p, a, b, y);
    case BinaryOp::kMultiply: return run<MultiplyOp>(p, a, b, y);
    case BinaryOp::kRealDiv: return run<RealDivOp>(p, a, b, y);
    case BinaryOp::kSquaredDifference: return run<SquaredDifferenceOp>(p, a, b, y);
    case BinaryOp::kMaximum: return run<MaximumOp>(p, a, b, y);
    case BinaryOp::kMinimum: return run<MinimumOp>(p, a, b, y);
    case BinaryOp::kCount: break;
  }
}

}  // namespace simsiam
