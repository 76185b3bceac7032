// OneHot (CPU reference: OneHot.cc): a grid-stride loop over y's elements.
#include <cuda_runtime.h>

#include "kernels/OneHot.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;

__global__ void oneHotKernel(const int32_t* __restrict__ indices, uint32_t* __restrict__ y, int64_t n, int64_t depth,
                             uint32_t on, uint32_t off) {
  for (int64_t e = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; e < n;
       e += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t row = e / depth, d = e - row * depth;
    y[e] = indices[row] == d ? on : off;
  }
}

}  // namespace

int oneHotCuda(const int32_t* indices, uint32_t* y, int64_t count, int64_t depth, uint32_t on, uint32_t off,
               void* stream) {
  const int64_t n = count * depth;
  if (n == 0) return 0;
  const int64_t blocks = (n + kThreads - 1) / kThreads;
  const unsigned grid = static_cast<unsigned>(blocks < (1 << 20) ? blocks : (1 << 20));
  oneHotKernel<<<grid, kThreads, 0, static_cast<cudaStream_t>(stream)>>>(indices, y, n, depth, on, off);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
