// The per-element arithmetic of the binary (Elementwise.h) and unary
// (Unary.h) kernels, shared by the CPU kernels and the CUDA ones.
//
// tfjs evaluates each op on JS doubles and rounds the result to float32. For
// +, -, *, /, sqrt, negation, abs, max/min, relu and step that is the float32
// operation itself (a double has more than 2 * 24 + 2 significand bits, so
// the second rounding never differs); everything that rounds more than once
// (a squared difference, 1 / sqrt, exp, log, pow, ...) runs in double, as in
// JS. CUDA's double exp/log/pow/tanh are within 1 ulp (double) of glibc's, so
// CPU and CUDA agree after the rounding to float32 but for rare ties.
#pragma once
#include <math.h>

#include <cstdint>

#include "kernels/HostDevice.h"
#include "kernels/TensorShape.h"

namespace simsiam {

// Op codes: also src/kernels/shared/op_codes.ts.
enum class BinaryOp : int {
  kAdd,
  kSub,
  kMultiply,
  kRealDiv,
  kSquaredDifference,
  kMaximum,
  kMinimum,
  kPow,
  kCount,
};

enum class UnaryOp : int {
  kRelu,
  kStep,
  kSqrt,
  kRsqrt,
  kSquare,
  kNeg,
  kAbs,
  kExp,
  kLog,
  kSigmoid,
  kTanh,
  kReciprocal,
  kRelu6,
  kElu,
  kLeakyRelu,
  kSign,
  kFloor,
  kCount,
};

namespace ops {

struct Add {
  static SIMSIAM_HD float f(float a, float b) { return a + b; }
};
struct Sub {
  static SIMSIAM_HD float f(float a, float b) { return a - b; }
};
struct Multiply {
  static SIMSIAM_HD float f(float a, float b) { return a * b; }
};
struct RealDiv {
  static SIMSIAM_HD float f(float a, float b) { return a / b; }
};
struct SquaredDifference {
  static SIMSIAM_HD float f(float a, float b) {
    const double d = static_cast<double>(a) - static_cast<double>(b);
    return static_cast<float>(d * d);
  }
};
// Math.max/min: NaN wins, and +0 > -0.
struct Maximum {
  static SIMSIAM_HD float f(float a, float b) { return (a > b || a != a || (a == b && !signbit(a))) ? a : b; }
};
struct Minimum {
  static SIMSIAM_HD float f(float a, float b) { return (a < b || a != a || (a == b && signbit(a))) ? a : b; }
};
// Math.pow: unlike C's pow, 1 ** NaN and (+-1) ** (+-Infinity) are NaN.
struct Pow {
  static SIMSIAM_HD float f(float a, float b) {
    if (b != b || ((a == 1.f || a == -1.f) && fabsf(b) == INFINITY)) return NAN;
    return static_cast<float>(pow(static_cast<double>(a), static_cast<double>(b)));
  }
};

// Unary ops take alpha: Step's value for x <= 0, LeakyRelu's slope.
struct Relu {
  static SIMSIAM_HD float f(float x, float) { return (x > 0.f || x != x) ? x : 0.f; }  // NaN stays, -0 -> 0
};
struct Step {
  static SIMSIAM_HD float f(float x, float alpha) { return x != x ? x : (x > 0.f ? 1.f : alpha); }
};
struct Sqrt {
  static SIMSIAM_HD float f(float x, float) { return sqrtf(x); }
};
struct Rsqrt {
  static SIMSIAM_HD float f(float x, float) { return static_cast<float>(1.0 / sqrt(static_cast<double>(x))); }
};
struct Square {
  static SIMSIAM_HD float f(float x, float) { return x * x; }
};
struct Neg {
  static SIMSIAM_HD float f(float x, float) { return -x; }
};
struct Abs {
  static SIMSIAM_HD float f(float x, float) { return fabsf(x); }
};
struct Exp {
  static SIMSIAM_HD float f(float x, float) { return static_cast<float>(exp(static_cast<double>(x))); }
};
struct Log {
  static SIMSIAM_HD float f(float x, float) { return static_cast<float>(log(static_cast<double>(x))); }
};
struct Sigmoid {
  static SIMSIAM_HD float f(float x, float) { return static_cast<float>(1.0 / (1.0 + exp(-static_cast<double>(x)))); }
};
struct Tanh {
  static SIMSIAM_HD float f(float x, float) { return static_cast<float>(tanh(static_cast<double>(x))); }
};
struct Reciprocal {
  static SIMSIAM_HD float f(float x, float) { return 1.f / x; }
};
struct Relu6 {
  static SIMSIAM_HD float f(float x, float) { return x != x ? x : (x < 0.f ? 0.f : (x > 6.f ? 6.f : x)); }
};
struct Elu {
  static SIMSIAM_HD float f(float x, float) {
    return x >= 0.f ? x : static_cast<float>(exp(static_cast<double>(x)) - 1.0);
  }
};
struct LeakyRelu {
  static SIMSIAM_HD float f(float x, float alpha) { return x < 0.f ? alpha * x : x; }
};
// tfjs-backend-cpu's Sign: NaN (and -0) give 0.
struct Sign {
  static SIMSIAM_HD float f(float x, float) { return x > 0.f ? 1.f : (x < 0.f ? -1.f : 0.f); }
};
struct Floor {
  static SIMSIAM_HD float f(float x, float) { return floorf(x); }
};

}  // namespace ops

// Calls f.template operator()<Op>() for the functor of `op`; false for an
// unknown op. Lets the CPU and CUDA dispatch share one switch.
template <typename F>
bool withBinaryOp(BinaryOp op, F&& f) {
  switch (op) {
    case BinaryOp::kAdd: f(ops::Add{}); return true;
    case BinaryOp::kSub: f(ops::Sub{}); return true;
    case BinaryOp::kMultiply: f(ops::Multiply{}); return true;
    case BinaryOp::kRealDiv: f(ops::RealDiv{}); return true;
    case BinaryOp::kSquaredDifference: f(ops::SquaredDifference{}); return true;
    case BinaryOp::kMaximum: f(ops::Maximum{}); return true;
    case BinaryOp::kMinimum: f(ops::Minimum{}); return true;
    case BinaryOp::kPow: f(ops::Pow{}); return true;
    case BinaryOp::kCount: break;
  }
  return false;
}

template <typename F>
bool withUnaryOp(UnaryOp op, F&& f) {
  switch (op) {
    case UnaryOp::kRelu: f(ops::Relu{}); return true;
    case UnaryOp::kStep: f(ops::Step{}); return true;
    case UnaryOp::kSqrt: f(ops::Sqrt{}); return true;
    case UnaryOp::kRsqrt: f(ops::Rsqrt{}); return true;
    case UnaryOp::kSquare: f(ops::Square{}); return true;
    case UnaryOp::kNeg: f(ops::Neg{}); return true;
    case UnaryOp::kAbs: f(ops::Abs{}); return true;
    case UnaryOp::kExp: f(ops::Exp{}); return true;
    case UnaryOp::kLog: f(ops::Log{}); return true;
    case UnaryOp::kSigmoid: f(ops::Sigmoid{}); return true;
    case UnaryOp::kTanh: f(ops::Tanh{}); return true;
    case UnaryOp::kReciprocal: f(ops::Reciprocal{}); return true;
    case UnaryOp::kRelu6: f(ops::Relu6{}); return true;
    case UnaryOp::kElu: f(ops::Elu{}); return true;
    case UnaryOp::kLeakyRelu: f(ops::LeakyRelu{}); return true;
    case UnaryOp::kSign: f(ops::Sign{}); return true;
    case UnaryOp::kFloor: f(ops::Floor{}); return true;
    case UnaryOp::kCount: break;
  }
  return false;
}

// Shapes right-aligned to one rank: each a[d], b[d] is out[d] or 1.
struct BroadcastShapes {
  int rank;
  int64_t out[kMaxRank], a[kMaxRank], b[kMaxRank];
};

// The broadcast with adjacent dimensions of the same kind (both operands
// vary, only a varies, only b varies) merged and size-1 dimensions dropped;
// a stride of 0 repeats the operand. The innermost strides are 0 or 1.
struct BroadcastPlan {
  int rank = 0;
  int64_t size[kMaxRank], aStride[kMaxRank], bStride[kMaxRank];
};

inline BroadcastPlan collapseBroadcast(const BroadcastShapes& s) {
  BroadcastPlan p;
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

// Offsets into a and b of output element i (row-major over the plan); Index
// is int32_t when the output has fewer than 2^31 elements.
template <typename Index>
SIMSIAM_HD void broadcastOffsets(const BroadcastPlan& p, Index i, Index* ao, Index* bo) {
  Index rest = i, a = 0, b = 0;
  for (int d = p.rank - 1; d >= 0; --d) {
    const Index size = static_cast<Index>(p.size[d]);
    const Index idx = rest % size;
    rest /= size;
    a += idx * static_cast<Index>(p.aStride[d]);
    b += idx * static_cast<Index>(p.bStride[d]);
  }
  *ao = a;
  *bo = b;
}

}  // namespace simsiam
