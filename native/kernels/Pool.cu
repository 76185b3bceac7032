// CUDA kernels of the pooling ops (semantics and the shared per-element code:
// Pool.h; CPU reference: Pool.cc). One thread per output (forward, max
// positions) or input (backward) element, channels fastest so a warp reads
// adjacent channels; grid-stride loops, 64-bit index decomposition.
#include <cuda_runtime.h>

#include "kernels/Pool.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;


// i -> (b, row, col, c) of a [batch, rows, cols, channels] tensor.
struct Index4 {
  int64_t b, r, q, c;
};
__device__ __forceinline__ Index4 split(int64_t i, int64_t rows, int64_t cols, int64_t channels) {
  Index4 k;
  k.c = i % channels;
  i /= channels;
  k.q = i % cols;
  i /= cols;
  k.r = i % rows;
  k.b = i / rows;
  return k;
}

__global__ void poolKernel(PoolOp op, const float* __restrict__ x, PoolGeometry g, float* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) {
    const Index4 k = split(i, g.outH, g.outW, g.channels);
    y[i] = op == PoolOp::kMax ? pool::maxAt(x, g, k.b, k.r, k.q, k.c) : pool::avgAt(x, g, k.b, k.r, k.q, k.c);
  }
}

__global__ void positionsKernel(const float* __restrict__ x, PoolGeometry g, int32_t* __restrict__ positions,
                                int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) {
    const Index4 k = split(i, g.outH, g.outW, g.channels);
    positions[i] = pool::argmaxAt(x, g, k.b, k.r, k.q, k.c);
  }
}

__global__ void gradKernel(const float* __restrict__ dy, const int32_t* __restrict__ positions, PoolGeometry g,
                           double multiplier, float* __restrict__ dx, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) {
    const Index4 k = split(i, g.inH, g.inW, g.channels);
    dx[i] = pool::gradAt(dy, positions, g, k.b, k.r, k.q, k.c, multiplier);
  }
}

}  // namespace

int poolCuda(PoolOp op, const float* x, const PoolGeometry& g, float* y, void* stream) {
  const int64_t n = g.batch * g.outH * g.outW * g.channels;
  if (n <= 0) return 0;
  poolKernel<<<gridStrideBlocks(n), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(op, x, g, y, n);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

int maxPoolGradCuda(const float* dy, const float* x, const PoolGeometry& g, int32_t* positions, float* dx,
                    void* stream) {
  cudaStream_t s = static_cast<cudaStream_t>(stream);
  const int64_t nOut = g.batch * g.outH * g.outW * g.channels, nIn = g.batch * g.inH * g.inW * g.channels;
  if (nOut > 0) {
    positionsKernel<<<gridStrideBlocks(nOut), kThreads, 0, s>>>(x, g, positions, nOut);
    SIMSIAM_CUDA_LAUNCHED();
  }
  if (nIn > 0) {
    gradKernel<<<gridStrideBlocks(nIn), kThreads, 0, s>>>(dy, positions, g, 1.0, dx, nIn);
    SIMSIAM_CUDA_LAUNCHED();
  }
  return 0;
}

int avgPoolGradCuda(const float* dy, const PoolGeometry& g, float* dx, void* stream) {
  const int64_t n = g.batch * g.inH * g.inW * g.channels;
  if (n <= 0) return 0;
  const double multiplier = 1.0 / static_cast<double>(g.filterH * g.filterW);
  gradKernel<<<gridStrideBlocks(n), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(dy, nullptr, g, multiplier, dx, n);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
