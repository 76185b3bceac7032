#include "kernels/ArgMinMax.h"

#include "util/ThreadPool.h"

namespace simsiam {

void argMinMaxCpu(bool max, const float* x, int32_t* y, int64_t outer, int64_t reduce, int64_t inner) {
  if (reduce <= 0 || outer * inner == 0) return;
  parallelFor(outer, 1, [&](int64_t o0, int64_t o1) {
    for (int64_t o = o0; o < o1; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        const float* xo = x + o * reduce * inner + i;
        float best = xo[0];
        int64_t index = 0;
        for (int64_t r = 1; r < reduce; ++r) {
          const float v = xo[r * inner];
          if (max ? v > best : v < best) {
            best = v;
            index = r;
          }
        }
        y[o * inner + i] = static_cast<int32_t>(index);
      }
  });
}

}  // namespace simsiam
