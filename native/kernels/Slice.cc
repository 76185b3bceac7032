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

namespace simsiam {
namespace {

template <typename T>
void copyElements(const T* x, int64_t xs, T* y, int64_t ys, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i * ys] = x[i * xs];
}

}  // namespace

void stridedCopyCpu(const StridedCopy& copy, size_t elemBytes, const void* xv, void* yv) {
  if (shapeSize(copy.size, copy.rank) == 0) return;
  const StridedCopy c = simplify(copy);
  const int last = c.rank - 1;
  const int64_t rowLen = c.size[last], rows = shapeSize(c.size, last);
  const int64_t sx = c.xStride[last], sy = c.yStride[last];
  const int64_t e = static_cast<int64_t>(elemBytes);
  const char* x = static_cast<const char*>(xv);
  char* y = static_cast<char*>(yv);
  parallelFor(rows, std::max<int64_t>(1, kElementwiseGrain / rowLen), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t xo = c.xOffset, yo = c.yOffset, rest = r;
      for (int d = last - 1; d >= 0; --d) {
        const int64_t i = rest % c.size[d];
        rest /= c.size[d];
        xo += i * c.xStride[d];
        yo += i * c.yStride[d];
      }
      const char* xr = x + xo * e;
      char* yr = y + yo * e;
      if (sx == 1 && sy == 1)
        std::memcpy(yr, xr, static_cast<size_t>(rowLen * e));
      else if (e == 4)
        copyElements(reinterpret_cast<const uint32_t*>(xr), sx, reinterpret_cast<uint32_t*>(yr), sy, rowLen);
      else if (e == 1)
        copyElements(reinterpret_cast<const uint8_t*>(xr), sx, reinterpret_cast<uint8_t*>(yr), sy, rowLen);
      else
        for (int64_t i = 0; i < rowLen; ++i) std::memcpy(yr + i * sy * e, xr + i * sx * e, elemBytes);
    }
  });
}

}  // namespace simsiam
