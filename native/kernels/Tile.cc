#include "kernels/Tile.h"

#include <algorithm>
#include <cstring>

#include "util/ThreadPool.h"

namespace simsiam {
namespace {

constexpr int64_t kTaskBytes = kElementwiseGrain * 4;  // the float32 grain

// y[0, block) holds one copy: repeat it to y[0, block * reps) (bytes).
// Doubling copies up to a task's worth, then those pieces in parallel.
void repeatBlock(char* y, int64_t block, int64_t reps, bool parallel) {
  const int64_t total = block * reps;
  int64_t have = block;
  while (have < total && (!parallel || have < kTaskBytes)) {
    const int64_t n = std::min(have, total - have);
    std::memcpy(y + have, y, static_cast<size_t>(n));
    have += n;
  }
  if (have >= total) return;
  const int64_t pieces = (total - have + have - 1) / have;
  parallelFor(pieces, 1, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const int64_t at = have + p * have;
      std::memcpy(y + at, y, static_cast<size_t>(std::min(have, total - at)));
    }
  });
}

// Strides in bytes.
struct Tiler {
  TileShape s;
  int64_t xStride[kMaxRank], yStride[kMaxRank];  // yStride: one copy's slot of each output element of the dim

  // Writes the tile of dimensions [d, rank) of the sub-array x into y.
  void tile(int d, const char* x, char* y) const {
    const int64_t n = s.dims[d];
    if (d == s.rank - 1)
      std::memcpy(y, x, static_cast<size_t>(n * xStride[d]));
    else
      for (int64_t i = 0; i < n; ++i) tile(d + 1, x + i * xStride[d], y + i * yStride[d]);
    repeatBlock(y, n * yStride[d], s.reps[d], false);
  }
};

}  // namespace

void tileCpu(const TileShape& shape, const float* x, float* y) { tileCpu(shape, sizeof(float), x, y); }

void tileCpu(const TileShape& shape, size_t elemBytes, const void* xv, void* yv) {
  if (shapeSize(shape.dims, shape.rank) == 0 || shapeSize(shape.reps, shape.rank) == 0) return;
  const char* x = static_cast<const char*>(xv);
  char* y = static_cast<char*>(yv);
  Tiler t{collapseTile(shape), {}, {}};
  const TileShape& s = t.s;
  int64_t xs = static_cast<int64_t>(elemBytes), ys = xs;
  for (int d = s.rank - 1; d >= 0; --d) {
    t.xStride[d] = xs;
    t.yStride[d] = ys;
    xs *= s.dims[d];
    ys *= s.dims[d] * s.reps[d];
  }
  // The outermost dimension: its sub-tiles in parallel, then its repeats.
  if (s.rank == 1) {
    std::memcpy(y, x, static_cast<size_t>(s.dims[0] * t.xStride[0]));
  } else {
    parallelFor(s.dims[0], std::max<int64_t>(1, kTaskBytes / t.yStride[0]), [&](int64_t i0, int64_t i1) {
      for (int64_t i = i0; i < i1; ++i) t.tile(1, x + i * t.xStride[0], y + i * t.yStride[0]);
    });
  }
  repeatBlock(y, s.dims[0] * t.yStride[0], s.reps[0], true);
}

}  // namespace simsiam
