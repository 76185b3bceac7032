// Launch shape of the one-thread-per-element CUDA kernels: at most 2^20 blocks
// of a grid-stride loop over [0, n), so every n gives a valid grid and each
// thread loops when n is larger than the grid.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

namespace simsiam {

constexpr int kGridStrideThreads = 256;

inline unsigned gridStrideBlocks(int64_t n, int threads = kGridStrideThreads) {
  const int64_t b = (n + threads - 1) / threads;
  return static_cast<unsigned>(b < (1 << 20) ? b : (1 << 20));
}

}  // namespace simsiam

// for (i over [0, n)) in a kernel launched with gridStrideBlocks(n).
#define SIMSIAM_GRID_STRIDE(i, n)                                                \
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; \
       i < (n); i += static_cast<int64_t>(gridDim.x) * blockDim.x)
