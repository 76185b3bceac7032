#include "kernels/OneHot.h"

#include <algorithm>

namespace simsiam {

void oneHotCpu(const int32_t* indices, uint32_t* y, int64_t count, int64_t depth, uint32_t on, uint32_t off) {
  std::fill(y, y + count * depth, off);
  for (int64_t e = 0; e < count; ++e) {
    const int64_t d = indices[e];
    if (d >= 0 && d < depth) y[e * depth + d] = on;
  }
}

}  // namespace simsiam
