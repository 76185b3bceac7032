// GatherV2 (CPU reference: Gather.cc): a grid-stride loop over y's elements,
// typed by element size (4-byte values copied as uint32, bool as uint8).
#include <cuda_runtime.h>

#include "kernels/Gather.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;

template <typename T>
__global__ void gatherKernel(const T* __restrict__ x, const int32_t* __restrict__ indices, T* __restrict__ y,
                             GatherShape s, int64_t n) {
  for (int64_t e = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; e < n;
       e += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t r = e / s.slice, i = e - r * s.slice;
    const int64_t bo = r / s.count, c = r - bo * s.count, b = bo / s.outer;
    const int64_t index = indices[b * s.count + c];
    y[e] = index >= 0 && index < s.dim ? x[(bo * s.dim + index) * s.slice + i] : T(0);
  }
}

}  // namespace

int gatherCuda(int elementBytes, const GatherShape& s, const void* x, const int32_t* indices, void* y, void* stream) {
  const int64_t n = s.batch * s.outer * s.count * s.slice;
  if (n == 0) return 0;
  const int64_t blocks = (n + kThreads - 1) / kThreads;
  const unsigned grid = static_cast<unsigned>(blocks < (1 << 20) ? blocks : (1 << 20));
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  if (elementBytes == 4)
    gatherKernel<uint32_t><<<grid, kThreads, 0, st>>>(static_cast<const uint32_t*>(x), indices, static_cast<uint32_t*>(y), s, n);
  else if (elementBytes == 1)
    gatherKernel<uint8_t><<<grid, kThreads, 0, st>>>(static_cast<const uint8_t*>(x), indices, static_cast<uint8_t*>(y), s, n);
  else
    return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
