// Tile of tfjs's cpu backend: y[i] = x[i mod shape] per dimension, out shape
// = dims * reps (native/kernels/Tile.cc). The float32 entry serves the cpu
// backend; tileCpu with elemBytes / tileCuda take any element size.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/TensorShape.h"

namespace simsiam {

struct TileShape {
  int rank;
  int64_t dims[kMaxRank], reps[kMaxRank];
};

void tileCpu(const TileShape& s, const float* x, float* y);
void tileCpu(const TileShape& s, size_t elemBytes, const void* x, void* y);

// CUDA: device pointers, stream a cudaStream_t; returns a cudaError_t as int.
int tileCuda(const TileShape& s, size_t elemBytes, const void* x, void* y, void* stream);

// The tile with dimensions merged where that changes nothing: neighbours that
// are both copied once (reps 1) and neighbours that are both size 1 (a pure
// repeat); size-1 dimensions copied once are dropped. rank >= 1 afterwards.
inline TileShape collapseTile(const TileShape& s) {
  TileShape c{0, {}, {}};
  for (int d = 0; d < s.rank; ++d) {
    if (s.dims[d] == 1 && s.reps[d] == 1) continue;
    if (c.rank > 0 && c.reps[c.rank - 1] == 1 && s.reps[d] == 1) {
      c.dims[c.rank - 1] *= s.dims[d];
    } else if (c.rank > 0 && c.dims[c.rank - 1] == 1 && s.dims[d] == 1) {
      c.reps[c.rank - 1] *= s.reps[d];
    } else {
      c.dims[c.rank] = s.dims[d];
      c.reps[c.rank++] = s.reps[d];
    }
  }
  if (c.rank == 0) {
    c.dims[0] = c.reps[0] = 1;
    c.rank = 1;
  }
  return c;
}

}  // namespace simsiam
