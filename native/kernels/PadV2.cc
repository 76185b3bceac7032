#include "kernels/PadV2.h"

#include <algorithm>
#include <cstring>

#include "util/ThreadPool.h"

namespace simsiam {
namespace {

template <typename T>
void pad(const PadShape& shape, const T* x, T value, T* y) {
  const PadShape s = collapsePad(shape);
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
      T* row = y + r * rowLen;
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
      if (s.dims[last] > 0) std::memcpy(row + s.before[last], x + off, static_cast<size_t>(s.dims[last]) * sizeof(T));
      std::fill(row + s.before[last] + s.dims[last], row + rowLen, value);
    }
  });
}

template <typename T>
void padTyped(const PadShape& s, const void* x, const void* value, void* y) {
  T v;
  std::memcpy(&v, value, sizeof(T));
  pad<T>(s, static_cast<const T*>(x), v, static_cast<T*>(y));
}

}  // namespace

void padV2Cpu(const PadShape& s, const float* x, float value, float* y) { pad<float>(s, x, value, y); }

void padCpu(const PadShape& s, size_t elemBytes, const void* x, const void* value, void* y) {
  switch (elemBytes) {
    case 1: return padTyped<uint8_t>(s, x, value, y);
    case 2: return padTyped<uint16_t>(s, x, value, y);
    case 4: return padTyped<uint32_t>(s, x, value, y);
    case 8: return padTyped<uint64_t>(s, x, value, y);
    default: break;
  }
}

}  // namespace simsiam
