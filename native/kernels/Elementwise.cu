// Binary element-wise kernels with NumPy broadcasting (CPU reference:
// Elementwise.cc; the per-element ops are shared, ElementwiseOps.h).
// Two kernels: same-shape operands (or one scalar), and the general
// broadcast over the collapsed plan, where each thread decomposes its output
// index (32-bit index math when the output fits).
#include <cuda_runtime.h>

#include "kernels/Elementwise.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;

unsigned blocksFor(int64_t n) {
  const int64_t b = (n + kThreads - 1) / kThreads;
  return static_cast<unsigned>(b < (1 << 20) ? b : (1 << 20));
}

// aStep/bStep: 1 for a vector operand, 0 for a scalar one.
template <class Op>
__global__ void flatKernel(const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ y,
                           int64_t n, int aStep, int bStep) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    y[i] = Op::f(a[i * aStep], b[i * bStep]);
}

template <class Op, typename Index>
__global__ void broadcastKernel(BroadcastPlan p, const float* __restrict__ a, const float* __restrict__ b,
                                float* __restrict__ y, int64_t n) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    Index rest = static_cast<Index>(i), ao = 0, bo = 0;
    for (int d = p.rank - 1; d >= 0; --d) {
      const Index size = static_cast<Index>(p.size[d]);
      const Index idx = rest % size;
      rest /= size;
      ao += idx * static_cast<Index>(p.aStride[d]);
      bo += idx * static_cast<Index>(p.bStride[d]);
    }
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
      flatKernel<Op><<<blocksFor(n), kThreads, 0, st>>>(a, b, y, n, p.aStride[0] ? 1 : 0, p.bStride[0] ? 1 : 0);
    else if (n < (int64_t{1} << 31))
      broadcastKernel<Op, int32_t><<<blocksFor(n), kThreads, 0, st>>>(p, a, b, y, n);
    else
      broadcastKernel<Op, int64_t><<<blocksFor(n), kThreads, 0, st>>>(p, a, b, y, n);
  });
  if (!known) return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
