// Unary element-wise kernels (CPU reference: Unary.cc; the per-element ops
// are shared, ElementwiseOps.h): one grid-stride kernel per op.
#include <cuda_runtime.h>

#include "kernels/Unary.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;

template <class Op>
__global__ void unaryKernel(const float* __restrict__ x, float* __restrict__ y, int64_t n, float alpha) {
  SIMSIAM_GRID_STRIDE(i, n)
    y[i] = Op::f(x[i], alpha);
}

}  // namespace

int unaryCuda(UnaryOp op, const float* x, float* y, int64_t n, float alpha, void* stream) {
  if (n == 0) return 0;
  const unsigned grid = gridStrideBlocks(n, kThreads);
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  const bool known =
      withUnaryOp(op, [&](auto f) { unaryKernel<decltype(f)><<<grid, kThreads, 0, st>>>(x, y, n, alpha); });
  if (!known) return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
