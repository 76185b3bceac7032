// Slice of tfjs's cpu backend on float32: y = x[begin : begin + size] per
// dimension (native/kernels/Slice.cc). The cuda backend's Slice,
// StridedSlice, Concat, Unpack and SplitV are strided copies
// (kernels/Movement.h) on any element size: stridedCopyCpu / stridedCopyCuda,
// implemented in Slice.cc / Slice.cu.
#pragma once
#include <cstdint>

#include "kernels/Movement.h"
#include "kernels/TensorShape.h"

namespace simsiam {

struct SliceShape {
  int rank;
  int64_t dims[kMaxRank], begin[kMaxRank], size[kMaxRank];
};

void sliceCpu(const SliceShape& s, const float* x, float* y);

// The strided copy of x[begin + i * stride] (stride null: all 1) into a
// dense y of shape `size`.
inline StridedCopy sliceCopy(const SliceShape& s, const int64_t* stride) {
  StridedCopy c;
  c.rank = s.rank;
  int64_t xs = 1, ys = 1;
  for (int d = s.rank - 1; d >= 0; --d) {
    const int64_t st = stride ? stride[d] : 1;
    c.size[d] = s.size[d];
    c.xStride[d] = xs * st;
    c.yStride[d] = ys;
    c.xOffset += s.begin[d] * xs;
    xs *= s.dims[d];
    ys *= s.size[d];
  }
  return c;
}

}  // namespace simsiam
