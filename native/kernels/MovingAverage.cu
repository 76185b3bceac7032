// Moving-average update of a BatchNormalization statistic (CPU reference:
// MovingAverage.cc; the per-element step is shared, MovingAverage.h).
#include <cuda_runtime.h>

#include "kernels/GridStride.cuh"
#include "kernels/MovingAverage.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

__global__ void movingAverageKernel(const float* current, const float* __restrict__ value, int64_t n, float decay,
                                    float* y) {
  SIMSIAM_GRID_STRIDE(i, n) { y[i] = movingAverageStep(current[i], value[i], decay); }
}

}  // namespace

int movingAverageCuda(const float* current, const float* value, int64_t n, float decay, float* y, void* stream) {
  if (n == 0) return 0;
  movingAverageKernel<<<gridStrideBlocks(n), kGridStrideThreads, 0, static_cast<cudaStream_t>(stream)>>>(
      current, value, n, decay, y);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
