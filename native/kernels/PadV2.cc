#include "kernels/PadV2.h"

#include <algorithm>
#include <cstring>

#include "util/ThreadPool.h"

namespace simsiam {

void padV2Cpu(const PadShape& shape, const float* x, float value, float* y) {
  // A dimension without padding merges into the one before it (scaling its
  // pads): output rows are as long as possible.
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
  if (s.rank == 0) {  // a scalar
    y[0] = x[0];
    return;
  }
  const int last = s.rank - 1;
  int64_t out[kMaxRank], xStride[kMaxRank];
  for (int64_t d = last, st = 1; d >= 0; --d) {
    out[d] = s.before[d] + s.dims[d] + s.after[d];
    xStride[d] = st;
    st *= s.dims[d];
  }
  const int64_t rowLen = out[last], rows = shapeSize(out, last);
  if (rowLen == 0 || rows == 0) return;
  parallelFor(rows, std::max<int64_t>(1, kElementwiseGrain / rowLen), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      float* row = y + r * rowLen;
      int64_t off = 0, rest = r;
      bool inside = true;
      for (int d = last - 1; d >= 0 && inside; --d) {
        const int64_t i = rest % out[d] - s.before[d];
        rest /= out[d];
        inside = i >= 0 && i < s.dims[d];
        off += i * xStride[d];
      }
      if (!inside) {
        std::fill(row, row + rowLen, value);
        continue;
      }
      std::fill(row, row + s.before[last], value);
      if (s.dims[last] > 0)
        std::memcpy(row + s.before[last], x + off, static_cast<size_t>(s.dims[last]) * sizeof(float));
      std::fill(row + s.before[last] + s.dims[last], row + rowLen, value);
    }
  });
}

}  // namespace simsiam
