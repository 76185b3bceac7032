// Shared by the data-movement kernels (Slice, PadV2, Tile, Transpose,
// Concat, Cast, Select, Compare, AddN): element types and the strided copy.
//
// Movement kernels work on element sizes, not values: float32 and int32 are
// 4-byte elements, bool 1-byte ones, so every dtype of the cuda backend runs
// natively. On CUDA the innermost contiguous run of a copy is moved in
// "units" of up to 16 bytes when every extent and offset of that dimension
// allows it (chooseUnit): a [512, 32, 32, 64] float32 slice moves uint4s.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/TensorShape.h"

namespace simsiam {

// The dtypes the device stores; same order as device::DType (device/Device.h)
// and src/backend/cuda/shared/movement.ts.
enum class ElementType : int { kFloat32 = 0, kInt32 = 1, kBool = 2, kCount };

inline size_t elementBytes(ElementType t) { return t == ElementType::kBool ? 1 : 4; }

// y[yOffset + sum_d i_d * yStride[d]] = x[xOffset + sum_d i_d * xStride[d]]
// for every index i of `size` (element units; strides may be negative).
// y must not overlap x.
struct StridedCopy {
  int rank = 0;
  int64_t size[kMaxRank] = {}, xStride[kMaxRank] = {}, yStride[kMaxRank] = {};
  int64_t xOffset = 0, yOffset = 0;
};

// Drops size-1 dimensions and merges neighbours that walk both sides as one
// dimension would; rank >= 1 afterwards (a scalar is size [1]).
inline StridedCopy simplify(const StridedCopy& c) {
  StridedCopy s;
  s.xOffset = c.xOffset;
  s.yOffset = c.yOffset;
  for (int d = 0; d < c.rank; ++d) {
    if (c.size[d] == 1) continue;
    if (s.rank > 0 && s.xStride[s.rank - 1] == c.xStride[d] * c.size[d] &&
        s.yStride[s.rank - 1] == c.yStride[d] * c.size[d]) {
      s.size[s.rank - 1] *= c.size[d];
      s.xStride[s.rank - 1] = c.xStride[d];
      s.yStride[s.rank - 1] = c.yStride[d];
    } else {
      s.size[s.rank] = c.size[d];
      s.xStride[s.rank] = c.xStride[d];
      s.yStride[s.rank++] = c.yStride[d];
    }
  }
  if (s.rank == 0) {
    s.rank = 1;
    s.size[0] = 1;
    s.xStride[0] = s.yStride[0] = 1;
  }
  return s;
}

// The largest power of two from 16 down to elemBytes (itself a power of two
// up to 16) dividing every value of `bytes`.
inline int chooseUnit(size_t elemBytes, const int64_t* bytes, int n) {
  for (int u = 16; u > static_cast<int>(elemBytes); u /= 2) {
    bool ok = true;
    for (int i = 0; i < n && ok; ++i) ok = bytes[i] % u == 0;
    if (ok) return u;
  }
  return static_cast<int>(elemBytes);
}

// A copy whose innermost dimension is contiguous on both sides rewritten in
// units of `*unit` bytes (the strides and offsets of the copy, in elements of
// elemBytes, become units).
inline StridedCopy widen(const StridedCopy& c, size_t elemBytes, int* unit) {
  const int last = c.rank - 1;
  *unit = static_cast<int>(elemBytes);
  if (c.xStride[last] != 1 || c.yStride[last] != 1) return c;
  const int64_t e = static_cast<int64_t>(elemBytes);
  int64_t bytes[2 * kMaxRank + 2];
  int n = 0;
  bytes[n++] = c.size[last] * e;
  bytes[n++] = c.xOffset * e;
  bytes[n++] = c.yOffset * e;
  for (int d = 0; d < last; ++d) {
    bytes[n++] = c.xStride[d] * e;
    bytes[n++] = c.yStride[d] * e;
  }
  const int u = chooseUnit(elemBytes, bytes, n);
  *unit = u;
  if (u == static_cast<int>(elemBytes)) return c;
  StridedCopy w = c;
  w.size[last] = c.size[last] * e / u;
  w.xOffset = c.xOffset * e / u;
  w.yOffset = c.yOffset * e / u;
  for (int d = 0; d < last; ++d) {
    w.xStride[d] = c.xStride[d] * e / u;
    w.yStride[d] = c.yStride[d] * e / u;
  }
  return w;
}

// Whether every offset the copy touches (and the element count) fits an
// int32 index.
inline bool fitsInt32(const StridedCopy& c) {
  const int64_t lim = int64_t{1} << 31;
  int64_t n = 1, xLo = c.xOffset, xHi = c.xOffset, yLo = c.yOffset, yHi = c.yOffset;
  for (int d = 0; d < c.rank; ++d) {
    n *= c.size[d];
    const int64_t dx = (c.size[d] - 1) * c.xStride[d], dy = (c.size[d] - 1) * c.yStride[d];
    (dx < 0 ? xLo : xHi) += dx;
    (dy < 0 ? yLo : yHi) += dy;
  }
  return n < lim && xLo >= 0 && yLo >= 0 && xHi < lim && yHi < lim;
}

// CPU reference (threaded by rows); elemBytes is any size.
void stridedCopyCpu(const StridedCopy& c, size_t elemBytes, const void* x, void* y);

// CUDA: device pointers, stream a cudaStream_t; returns a cudaError_t as int.
// One thread per output unit, 32-bit index math when it fits.
int stridedCopyCuda(const StridedCopy& c, size_t elemBytes, const void* x, void* y, void* stream);

}  // namespace simsiam
