// Comparisons and logical ops with broadcasting (CPU reference: Compare.cc;
// per-element ops shared, MovementOps.h): one thread per output element over
// the collapsed broadcast plan, 32-bit index math when the output fits.
#include <cuda_runtime.h>

#include "kernels/Compare.h"
#include "kernels/MovementUnits.cuh"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

template <class Op, typename T, typename Index>
__global__ void compareKernel(BroadcastPlan p, const T* __restrict__ a, const T* __restrict__ b,
                              uint8_t* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) {
    Index ao, bo;
    broadcastOffsets<Index>(p, static_cast<Index>(i), &ao, &bo);
    y[i] = Op::f(a[ao], b[bo]);
  }
}

__global__ void logicalNotKernel(const uint8_t* __restrict__ x, uint8_t* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n)
    y[i] = x[i] ? 0 : 1;
}

}  // namespace

int compareCuda(CompareOp op, ElementType type, const BroadcastShapes& s, const void* a, const void* b, uint8_t* y,
                void* stream) {
  const int64_t n = shapeSize(s.out, s.rank);
  if (n == 0) return 0;
  const BroadcastPlan p = collapseBroadcast(s);
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  bool known = false;
  withCompareOp(op, [&](auto o) {
    known = withElementType(static_cast<int>(type), [&](auto t) {
      using Op = decltype(o);
      using T = decltype(t);
      const T* at = static_cast<const T*>(a);
      const T* bt = static_cast<const T*>(b);
      if (n < (int64_t{1} << 31))
        compareKernel<Op, T, int32_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(p, at, bt, y, n);
      else
        compareKernel<Op, T, int64_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(p, at, bt, y, n);
    });
  });
  if (!known) return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

int logicalNotCuda(const uint8_t* x, uint8_t* y, int64_t n, void* stream) {
  if (n == 0) return 0;
  logicalNotKernel<<<movementBlocks(n), kMovementThreads, 0, static_cast<cudaStream_t>(stream)>>>(x, y, n);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
