// Slice of tfjs's cpu backend on float32: y = x[begin : begin + size] per
// dimension (native/kernels/Slice.cc).
#pragma once
#include <cstdint>

#include "kernels/TensorShape.h"

namespace simsiam {

struct SliceShape {
  int rank;
  int64_t dims[kMaxRank], begin[kMaxRank], size[kMaxRank];
};

void sliceCpu(const SliceShape& s, const float* x, float* y);

}  // namespace simsiam
