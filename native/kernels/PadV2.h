// PadV2 of tfjs's cpu backend: x surrounded by before[d] and after[d]
// elements of a constant per dimension (native/kernels/PadV2.cc). The float32
// entry serves the cpu backend; padCpu / padCuda take any element size (the
// cuda backend's float32, int32 and bool), `value` pointing at one element.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/TensorShape.h"

namespace simsiam {

struct PadShape {
  int rank;
  int64_t dims[kMaxRank], before[kMaxRank], after[kMaxRank];
};

void padV2Cpu(const PadShape& s, const float* x, float value, float* y);

// elemBytes: 1, 2, 4 or 8.
void padCpu(const PadShape& s, size_t elemBytes, const void* x, const void* value, void* y);

// CUDA: device pointers (value: host memory), stream a cudaStream_t; returns
// a cudaError_t as int.
int padCuda(const PadShape& s, size_t elemBytes, const void* x, const void* value, void* y, void* stream);

// The pad with neighbours merged: a dimension without padding merges into
// the one before it (scaling its pads), so output rows are as long as
// possible. rank 0 stays 0 (a scalar).
inline PadShape collapsePad(const PadShape& shape) {
  PadShape s{0, {}, {}, {}};
  for (int d = 0; d < shape.rank; ++d) {
    if (s.rank > 0 && shape.before[d] == 0 && shape.after[d] == 0) {
      s.dims[s.rank - 1] *= shape.dims[d];
      s.before[s.rank - 1] *= shape.dims[d];
      s.after[s.rank - 1] *= shape.dims[d];
    } else {
      s.dims[s.rank] = shape.dims[d];
      s.before[s.rank] = shape.before[d];
      s.after[s.rank++] = shape.after[d];
    }
  }
  return s;
}

}  // namespace simsiam
