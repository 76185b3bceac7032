// The strided copy (kernels/Movement.h; CPU reference: stridedCopyCpu in
// Slice.cc), the kernel of the cuda backend's Slice, StridedSlice, Concat,
// Unpack, SplitV and Transpose's general case. One thread per output unit
// (up to 16 bytes when the innermost run allows), 32-bit index math when
// every offset fits.
#include <cuda_runtime.h>

#include "kernels/MovementUnits.cuh"
#include "kernels/Slice.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

template <typename U, typename Index>
__global__ void stridedCopyKernel(StridedCopy c, const U* __restrict__ x, U* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) {
    Index rest = static_cast<Index>(i), xo = static_cast<Index>(c.xOffset), yo = static_cast<Index>(c.yOffset);
    for (int d = c.rank - 1; d >= 0; --d) {
      const Index size = static_cast<Index>(c.size[d]);
      const Index idx = rest % size;
      rest /= size;
      xo += idx * static_cast<Index>(c.xStride[d]);
      yo += idx * static_cast<Index>(c.yStride[d]);
    }
    y[yo] = x[xo];
  }
}

}  // namespace

int stridedCopyCuda(const StridedCopy& copy, size_t elemBytes, const void* x, void* y, void* stream) {
  const int64_t n0 = shapeSize(copy.size, copy.rank);
  if (n0 == 0) return 0;
  int unit = 0;
  const StridedCopy c = widen(simplify(copy), elemBytes, &unit);
  const int64_t n = shapeSize(c.size, c.rank);
  const bool small = fitsInt32(c);
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  const bool known = withUnit(unit, [&](auto u) {
    using U = decltype(u);
    const U* xu = static_cast<const U*>(x);
    U* yu = static_cast<U*>(y);
    if (small)
      stridedCopyKernel<U, int32_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(c, xu, yu, n);
    else
      stridedCopyKernel<U, int64_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(c, xu, yu, n);
  });
  if (!known) return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
