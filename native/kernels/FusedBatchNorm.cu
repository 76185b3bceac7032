// CUDA kernel of FusedBatchNorm (tfjs's inference batch norm); CPU reference
// fusedBatchNormCyclicCpu in FusedBatchNorm.cc. tfjs evaluates
//   y = offset + (x - mean) * scale / sqrt(variance + epsilon)
// on doubles and rounds once to float32; the kernel does the same with
// explicitly rounded double operations (no contraction into an FMA), so the
// result is bit-identical. Parameters are read cyclically, each with its own
// length, exactly like the JS kernel.
#include <cuda_runtime.h>

#include "kernels/FusedBatchNorm.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;

__global__ void fusedBatchNormKernel(const float* __restrict__ x, int64_t n, BatchNormParams p, float* __restrict__ y) {
  SIMSIAM_GRID_STRIDE(i, n) {
    const double o = p.offset ? static_cast<double>(p.offset[i % p.offsetLen]) : 0.0;
    const double s = p.scale ? static_cast<double>(p.scale[i % p.scaleLen]) : 1.0;
    const double r = __dsqrt_rn(__dadd_rn(static_cast<double>(p.variance[i % p.varianceLen]), p.epsilon));
    const double centred = __dsub_rn(static_cast<double>(x[i]), static_cast<double>(p.mean[i % p.meanLen]));
    y[i] = __double2float_rn(__dadd_rn(o, __ddiv_rn(__dmul_rn(centred, s), r)));
  }
}

}  // namespace

int fusedBatchNormCuda(const float* x, int64_t n, const BatchNormParams& p, float* y, void* stream) {
  if (n <= 0) return 0;
  if (p.meanLen < 1 || p.varianceLen < 1 || (p.offset && p.offsetLen < 1) || (p.scale && p.scaleLen < 1))
    return static_cast<int>(cudaErrorInvalidValue);
  const unsigned blocks = gridStrideBlocks(n, kThreads);
  fusedBatchNormKernel<<<blocks, kThreads, 0, static_cast<cudaStream_t>(stream)>>>(x, n, p, y);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
