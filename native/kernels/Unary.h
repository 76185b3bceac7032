// Unary element-wise kernels on float32 (ops: ElementwiseOps.h). The CPU
// kernel serves tfjs's cpu backend (bit-identical to its JS kernels) and is
// the reference of the CUDA one.
#pragma once
#include <cstdint>

#include "kernels/ElementwiseOps.h"

namespace simsiam {


// y[i] = op(x[i]); alpha is Step's value for x <= 0.
void unaryCpu(UnaryOp op, const float* x, float* y, int64_t n, float alpha);

// CUDA: device pointers, stream a cudaStream_t; returns a cudaError_t as int.
int unaryCuda(UnaryOp op, const float* x, float* y, int64_t n, float alpha, void* stream);

}  // namespace simsiam
