// One SGD-with-momentum step of a parameter (CPU reference: SgdMomentumUpdate.cc; the
// per-element step is shared, SgdMomentumUpdate.h): one grid-stride pass.
#include <cuda_runtime.h>

#include "kernels/GridStride.cuh"
#include "kernels/SgdMomentumUpdate.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

__global__ void sgdMomentumUpdateKernel(SgdParams p, const float* w, const float* __restrict__ g, const float* buf,
                                        int64_t n, float* wOut, float* bufOut) {
  // w/buf may alias wOut/bufOut: each element is read before it is written, by one thread.
  SIMSIAM_GRID_STRIDE(i, n) { sgdStep(p, w[i], g[i], p.first ? 0.f : buf[i], &wOut[i], &bufOut[i]); }
}

}  // namespace

int sgdMomentumUpdateCuda(const SgdParams& p, const float* w, const float* g, const float* buf, int64_t n, float* wOut,
                          float* bufOut, void* stream) {
  if (n == 0) return 0;
  sgdMomentumUpdateKernel<<<gridStrideBlocks(n), kGridStrideThreads, 0, static_cast<cudaStream_t>(stream)>>>(
      p, w, g, buf, n, wOut, bufOut);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
