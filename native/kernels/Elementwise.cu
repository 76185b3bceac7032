// Binary element-wise kernels with NumPy broadcasting (CPU reference:
// Elementwise.cc; the per-element ops are shared, ElementwiseOps.h).
// Two kernels: same-shape operands (or one scalar), and the general
// broadcast over the collapsed plan, where each thread decomposes its output
// index (32-bit index math when the output fits).
#include <cuda_runtime.h>

#include "kernels/Elementwise.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = kGridStrideThreads;

// aStep/bStep: 1 for a vector operand, 0 for a scalar one.
template <class Op>
__global__ void flatKernel(const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ y,
                           int64_t n, int aStep, int bStep) {
  SIMSIAM_GRID_STRIDE(i, n)
    y[i] = Op::f(a[i * aStep], b[i * bStep]);
}

template <class Op, typename Index>
__global__ void broadcastKernel(BroadcastPlan p, const float* __restrict__ a, const float* __restrict__ b,
                                float* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) {
    Index ao, bo;
    broadcastOffsets<Index>(p, static_cast<Index>(i), &ao, &bo);
    y[i] = Op::f(a[ao], b[bo]);
  }
}

}  // namespace

int binaryCuda(BinaryOp op, const BroadcastShapes& s, const float* a, const float* b, float* y, void* stream) {
  const int64_t n = shapeSize(s.out, s.rank);
  if (n == 0) return 0;
  const BroadcastPlan p = collapseBroadcast(s);
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  const bool flat = p.rank == 1;
  bool known = withBinaryOp(op, [&](auto f) {
    using Op = decltype(f);
    if (flat)
      flatKernel<Op><<<gridStrideBlocks(n), kThreads, 0, st>>>(a, b, y, n, p.aStride[0] ? 1 : 0, p.bStride[0] ? 1 : 0);
    else if (n < (int64_t{1} << 31))
      broadcastKernel<Op, int32_t><<<gridStrideBlocks(n), kThreads, 0, st>>>(p, a, b, y, n);
    else
      broadcastKernel<Op, int64_t><<<gridStrideBlocks(n), kThreads, 0, st>>>(p, a, b, y, n);
  });
  if (!known) return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
