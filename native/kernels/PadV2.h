// PadV2 of tfjs's cpu backend on float32: x surrounded by before[d] and
// after[d] elements of a constant per dimension (native/kernels/PadV2.cc).
#pragma once
#include <cstdint>

#include "kernels/TensorShape.h"

namespace simsiam {

struct PadShape {
  int rank;
  int64_t dims[kMaxRank], before[kMaxRank], after[kMaxRank];
};

void padV2Cpu(const PadShape& s, const float* x, float value, float* y);

}  // namespace simsiam
