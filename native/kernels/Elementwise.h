// Binary element-wise kernels on float32 with NumPy broadcasting (ops:
// ElementwiseOps.h). The CPU kernel serves tfjs's cpu backend (results
// bit-identical to its JS kernels) and is the reference of the CUDA one.
#pragma once
#include <cstdint>

#include "kernels/ElementwiseOps.h"

namespace simsiam {

// y (out's size) = op(a, b); y must not overlap a or b.
void binaryCpu(BinaryOp op, const BroadcastShapes& s, const float* a, const float* b, float* y);

}  // namespace simsiam

namespace simsiam {
// CUDA: device pointers, stream a cudaStream_t; returns a cudaError_t as int.
int binaryCuda(BinaryOp op, const BroadcastShapes& s, const float* a, const float* b, float* y, void* stream);
}  // namespace simsiam
