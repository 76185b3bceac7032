#include "kernels/Slice.h"

#include <algorithm>
#include <cstring>

#include "util/ThreadPool.h"

namespace simsiam {

void sliceCpu(const SliceShape& shape, const float* x, float* y) {
  if (shapeSize(shape.size, shape.rank) == 0) return;
  if (shape.rank == 0) {  // a scalar
    y[0] = x[0];
    return;
  }
  // A dimension taken whole merges into the one before it: the copies are
  // rows as long as possible.
  SliceShape s{0, {}, {}, {}};
  for (int d = 0; d < shape.rank; ++d) {
    const bool whole = shape.begin[d] == 0 && shape.size[d] == shape.dims[d];
    if (s.rank > 0 && whole) {
      s.dims[s.rank - 1] *= shape.dims[d];
      s.begin[s.rank - 1] *= shape.dims[d];
      s.size[s.rank - 1] *= shape.dims[d];
    } else {
      s.dims[s.rank] = shape.dims[d];
      s.begin[s.rank] = shape.begin[d];
      s.size[s.rank++] = shape.size[d];
    }
  }
  const int last = s.rank - 1;
  int64_t xStride[kMaxRank];
  for (int64_t d = last, st = 1; d >= 0; --d) {
    xStride[d] = st;
    st *= s.dims[d];
  }
  const int64_t rowLen = s.size[last], rows = shapeSize(s.size, last);
  parallelFor(rows, std::max<int64_t>(1, kElementwiseGrain / rowLen), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t off = s.begin[last], rest = r;
      for (int d = last - 1; d >= 0; --d) {
        off += (s.begin[d] + rest % s.size[d]) * xStride[d];
        rest /= s.size[d];
      }
      std::memcpy(y + r * rowLen, x + off, static_cast<size_t>(rowLen) * sizeof(float));
    }
  });
}

}  // namespace simsiam
