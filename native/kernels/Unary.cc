#include "kernels/Unary.h"

#include <cmath>

#include "kernels/TensorShape.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace {

// The JS kernels compute on doubles and round to float32. For Square, Neg,
// Abs, Sqrt, Relu and Step that is the float32 operation itself; 1 / sqrt
// rounds twice, so it runs in double as in JS.
struct ReluOp {
  static float f(float x, float) { return (x > 0.f || x != x) ? x : 0.f; }  // Math.max(0, x): NaN stays, -0 -> 0
};
struct StepOp {
  static float f(float x, float alpha) { return x != x ? x : (x > 0.f ? 1.f : alpha); }
};
struct SqrtOp {
  static float f(float x, float) { return std::sqrt(x); }
};
struct RsqrtOp {
  static float f(float x, float) { return static_cast<float>(1.0 / std::sqrt(static_cast<double>(x))); }
};
struct SquareOp {
  static float f(float x, float) { return x * x; }
};
struct NegOp {
  static float f(float x, float) { return -x; }
};
struct AbsOp {
  static float f(float x, float) { return std::fabs(x); }
};

template <class Op>
void run(const float* x, float* __restrict y, int64_t n, float alpha) {
  parallelFor(n, kElementwiseGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) y[i] = Op::f(x[i], alpha);
  });
}

}  // namespace

void unaryCpu(UnaryOp op, const float* x, float* y, int64_t n, float alpha) {
  switch (op) {
    case UnaryOp::kRelu: return run<ReluOp>(x, y, n, alpha);
    case UnaryOp::kStep: return run<StepOp>(x, y, n, alpha);
    case UnaryOp::kSqrt: return run<SqrtOp>(x, y, n, alpha);
    case UnaryOp::kRsqrt: return run<RsqrtOp>(x, y, n, alpha);
    case UnaryOp::kSquare: return run<SquareOp>(x, y, n, alpha);
    case UnaryOp::kNeg: return run<NegOp>(x, y, n, alpha);
    case UnaryOp::kAbs: return run<AbsOp>(x, y, n, alpha);
    case UnaryOp::kCount: break;
  }
}

}  // namespace simsiam
