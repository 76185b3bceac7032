// PadV2 on any element size (CPU reference: padCpu in PadV2.cc): one thread
// per output unit, which copies x or writes the constant. The innermost
// (merged) dimension moves in units of up to 16 bytes when its pads and size
// allow (NHWC spatial padding: whole channel runs), 32-bit index math when
// the output fits.
#include <cuda_runtime.h>

#include <cstring>

#include "kernels/Movement.h"
#include "kernels/MovementUnits.cuh"
#include "kernels/PadV2.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

struct PadPlan {
  int rank;
  int64_t out[kMaxRank], dims[kMaxRank], before[kMaxRank], xStride[kMaxRank];
};

template <typename U, typename Index>
__global__ void padKernel(PadPlan p, const U* __restrict__ x, U value, U* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) {
    Index rest = static_cast<Index>(i), off = 0;
    bool inside = true;
    for (int d = p.rank - 1; d >= 0; --d) {
      const Index o = static_cast<Index>(p.out[d]);
      const Index k = rest % o - static_cast<Index>(p.before[d]);
      rest /= o;
      inside = inside && k >= 0 && k < static_cast<Index>(p.dims[d]);
      off += k * static_cast<Index>(p.xStride[d]);
    }
    y[i] = inside ? x[off] : value;
  }
}

}  // namespace

int padCuda(const PadShape& shape, size_t elemBytes, const void* x, const void* value, void* y, void* stream) {
  PadShape s = collapsePad(shape);
  if (s.rank == 0) {  // a scalar: one element
    s.rank = 1;
    s.dims[0] = 1;
    s.before[0] = s.after[0] = 0;
  }
  const int last = s.rank - 1;
  const int64_t e = static_cast<int64_t>(elemBytes);
  const int64_t bytes[3] = {s.dims[last] * e, s.before[last] * e, s.after[last] * e};
  const int unit = chooseUnit(elemBytes, bytes, 3);
  const int64_t k = unit / e;  // elements per unit
  PadPlan p{s.rank, {}, {}, {}, {}};
  int64_t n = 1, xs = 1;
  for (int d = last; d >= 0; --d) {
    p.dims[d] = d == last ? s.dims[d] / k : s.dims[d];
    p.before[d] = d == last ? s.before[d] / k : s.before[d];
    p.out[d] = p.before[d] + p.dims[d] + (d == last ? s.after[d] / k : s.after[d]);
    p.xStride[d] = xs;
    xs *= p.dims[d];
    n *= p.out[d];
  }
  if (n == 0) return 0;
  unsigned char pattern[16];
  for (int64_t j = 0; j < k; ++j) std::memcpy(pattern + j * e, value, elemBytes);
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  const bool small = n < (int64_t{1} << 31);
  const bool known = withUnit(unit, [&](auto u) {
    using U = decltype(u);
    U v;
    std::memcpy(&v, pattern, sizeof(U));
    const U* xu = static_cast<const U*>(x);
    U* yu = static_cast<U*>(y);
    if (small)
      padKernel<U, int32_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(p, xu, v, yu, n);
    else
      padKernel<U, int64_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(p, xu, v, yu, n);
  });
  if (!known) return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
