#include "kernels/Gather.h"

#include <algorithm>
#include <cstring>

#include "util/ThreadPool.h"

namespace simsiam {

void gatherCpu(int elementBytes, const GatherShape& s, const void* x, const int32_t* indices, void* y) {
  const int64_t rows = s.batch * s.outer * s.count;  // y rows of `slice` elements
  const size_t rowBytes = static_cast<size_t>(s.slice) * elementBytes;
  if (rows == 0 || rowBytes == 0) return;
  const char* xb = static_cast<const char*>(x);
  char* yb = static_cast<char*>(y);
  parallelFor(rows, std::max<int64_t>(1, (int64_t{1} << 15) / static_cast<int64_t>(rowBytes)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t c = r % s.count, bo = r / s.count, b = bo / s.outer;
      const int64_t index = indices[b * s.count + c];
      char* dst = yb + r * rowBytes;
      if (index < 0 || index >= s.dim)
        std::memset(dst, 0, rowBytes);
      else
        std::memcpy(dst, xb + (bo * s.dim + index) * rowBytes, rowBytes);
    }
  });
}

}  // namespace simsiam
