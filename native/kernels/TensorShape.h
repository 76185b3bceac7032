// Shape limits and helpers shared by the element-wise, reduction and
// data-movement kernels (the TypeScript side falls back to the stock kernel
// above kMaxRank: src/kernels/shared/shape_args.ts).
#pragma once
#include <cstdint>

namespace simsiam {

constexpr int kMaxRank = 8;

// Elements per parallel task of the memory-bound kernels: smaller arrays (most
// calls of a training step) run inline on the calling thread.
constexpr int64_t kElementwiseGrain = int64_t{1} << 15;

inline int64_t shapeSize(const int64_t* dims, int rank) {
  int64_t n = 1;
  for (int d = 0; d < rank; ++d) n *= dims[d];
  return n;
}

}  // namespace simsiam
