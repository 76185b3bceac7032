// Tile on any element size (CPU reference: tileCpu in Tile.cc): one thread
// per output unit reads x[i mod dims]. The innermost dimension moves in units
// of up to 16 bytes when its size allows; 32-bit index math when the output
// fits.
#include <cuda_runtime.h>

#include "kernels/Movement.h"
#include "kernels/MovementUnits.cuh"
#include "kernels/Tile.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

struct TilePlan {
  int rank;
  int64_t out[kMaxRank], dims[kMaxRank], xStride[kMaxRank];
};

template <typename U, typename Index>
__global__ void tileKernel(TilePlan p, const U* __restrict__ x, U* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) {
    Index rest = static_cast<Index>(i), off = 0;
    for (int d = p.rank - 1; d >= 0; --d) {
      const Index o = static_cast<Index>(p.out[d]);
      off += (rest % o) % static_cast<Index>(p.dims[d]) * static_cast<Index>(p.xStride[d]);
      rest /= o;
    }
    y[i] = x[off];
  }
}

}  // namespace

int tileCuda(const TileShape& shape, size_t elemBytes, const void* x, void* y, void* stream) {
  if (shapeSize(shape.dims, shape.rank) == 0 || shapeSize(shape.reps, shape.rank) == 0) return 0;
  const TileShape s = collapseTile(shape);
  const int last = s.rank - 1;
  const int64_t e = static_cast<int64_t>(elemBytes);
  const int64_t bytes[1] = {s.dims[last] * e};
  const int unit = chooseUnit(elemBytes, bytes, 1);
  TilePlan p{s.rank, {}, {}, {}};
  int64_t n = 1, xs = 1;
  for (int d = last; d >= 0; --d) {
    p.dims[d] = d == last ? s.dims[d] * e / unit : s.dims[d];
    p.out[d] = p.dims[d] * s.reps[d];
    p.xStride[d] = xs;
    xs *= p.dims[d];
    n *= p.out[d];
  }
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  const bool small = n < (int64_t{1} << 31);
  const bool known = withUnit(unit, [&](auto u) {
    using U = decltype(u);
    const U* xu = static_cast<const U*>(x);
    U* yu = static_cast<U*>(y);
    if (small)
      tileKernel<U, int32_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(p, xu, yu, n);
    else
      tileKernel<U, int64_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(p, xu, yu, n);
  });
  if (!known) return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
