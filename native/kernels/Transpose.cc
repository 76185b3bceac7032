#include "kernels/Transpose.h"

#include <algorithm>

#include "util/ThreadPool.h"
#include "util/Transpose.h"

namespace simsiam {

void transposeCpu(const TransposeShape& shape, size_t elemBytes, const void* x, void* y) {
  if (shapeSize(shape.dims, shape.rank) == 0) return;
  const TransposeShape c = collapseTranspose(shape);
  int64_t b = 0, r = 0, cols = 0;
  if (elemBytes == sizeof(float) && batchedTranspose2D(c, &b, &r, &cols)) {
    // util/Transpose.h moves 4-byte values through float registers without
    // arithmetic, so int32 bit patterns come through unchanged.
    const float* src = static_cast<const float*>(x);
    float* dst = static_cast<float*>(y);
    const int64_t plane = r * cols;
    if (b == 1) return transpose(src, r, cols, dst);
    parallelFor(b, std::max<int64_t>(1, kElementwiseGrain / plane), [&](int64_t b0, int64_t b1) {
      for (int64_t i = b0; i < b1; ++i) transposeRows(src + i * plane, cols, 0, r, cols, dst + i * plane, r);
    });
    return;
  }
  stridedCopyCpu(transposeCopy(c), elemBytes, x, y);
}

}  // namespace simsiam
