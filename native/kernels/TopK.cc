#include "kernels/TopK.h"

#include <algorithm>
#include <functional>
#include <vector>

#include "util/ThreadPool.h"

namespace simsiam {

void topKCpu(const float* x, float* values, int32_t* indices, int64_t rows, int64_t n, int64_t k) {
  if (k <= 0 || n <= 0) return;
  parallelFor(rows, 1, [&](int64_t r0, int64_t r1) {
    std::vector<uint64_t> keys(static_cast<size_t>(n));
    for (int64_t r = r0; r < r1; ++r) {
      const float* xr = x + r * n;
      for (int64_t i = 0; i < n; ++i) keys[i] = topKKey(xr[i], i);
      std::partial_sort(keys.begin(), keys.begin() + k, keys.end(), std::greater<uint64_t>());
      for (int64_t j = 0; j < k; ++j) {
        const int64_t i = topKIndexOf(keys[j]);
        values[r * k + j] = xr[i];
        indices[r * k + j] = static_cast<int32_t>(i);
      }
    }
  });
}

}  // namespace simsiam
