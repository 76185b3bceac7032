// Tile of tfjs's cpu backend on float32: y[i] = x[i mod shape] per dimension,
// out shape = dims * reps (native/kernels/Tile.cc).
#pragma once
#include <cstdint>

#include "kernels/TensorShape.h"

namespace simsiam {

struct TileShape {
  int rank;
  int64_t dims[kMaxRank], reps[kMaxRank];
};

void tileCpu(const TileShape& s, const float* x, float* y);

}  // namespace simsiam
