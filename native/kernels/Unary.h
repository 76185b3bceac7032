// Unary element-wise kernels of tfjs's cpu backend on float32 that a
// training step runs (native/kernels/Unary.cc): bit-identical to the JS
// kernels.
#pragma once
#include <cstdint>

namespace simsiam {

enum class UnaryOp : int { kRelu, kStep, kSqrt, kRsqrt, kSquare, kNeg, kAbs, kCount };

// y[i] = op(x[i]); alpha is Step's value for x <= 0.
void unaryCpu(UnaryOp op, const float* x, float* y, int64_t n, float alpha);

}  // namespace simsiam
