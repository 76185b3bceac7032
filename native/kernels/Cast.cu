// Cast (CPU reference: Cast.cc; per-element semantics shared,
// MovementOps.h): one grid-stride kernel per dtype pair.
#include <cuda_runtime.h>

#include <type_traits>

#include "kernels/Cast.h"
#include "kernels/MovementOps.h"
#include "kernels/MovementUnits.cuh"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

template <typename From, typename To>
__global__ void castKernel(const From* __restrict__ x, To* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n)
    y[i] = ops::Cast<From, To>::f(x[i]);
}

}  // namespace

int castCuda(ElementType from, ElementType to, const void* x, void* y, int64_t n, void* stream) {
  if (!castSupported(from, to)) return static_cast<int>(cudaErrorInvalidValue);
  if (n == 0) return 0;
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  withElementType(static_cast<int>(from), [&](auto f) {
    withElementType(static_cast<int>(to), [&](auto t) {
      using From = decltype(f);
      using To = decltype(t);
      if constexpr (!std::is_same_v<From, To>)
        castKernel<From, To><<<movementBlocks(n), kMovementThreads, 0, st>>>(static_cast<const From*>(x),
                                                                             static_cast<To*>(y), n);
    });
  });
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
