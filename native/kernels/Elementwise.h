// Binary element-wise kernels of tfjs's cpu backend on float32 with NumPy
// broadcasting: Add, Sub, Multiply, RealDiv, SquaredDifference, Maximum,
// Minimum (native/kernels/Elementwise.cc). Results are bit-identical to
// tfjs-backend-cpu's JS kernels (see the .cc for why).
#pragma once
#include <cstdint>

#include "kernels/TensorShape.h"

namespace simsiam {

enum class BinaryOp : int {
  kAdd,
  kSub,
  kMultiply,
  kRealDiv,
  kSquaredDifference,
  kMaximum,
  kMinimum,
  kCount,
};

// Shapes right-aligned to one rank: each a[d], b[d] is out[d] or 1.
struct BroadcastShapes {
  int rank;
  int64_t out[kMaxRank], a[kMaxRank], b[kMaxRank];
};

// y (out's size) = op(a, b); y must not overlap a or b.
void binaryCpu(BinaryOp op, const BroadcastShapes& s, const float* a, const float* b, float* y);

}  // namespace simsiam
