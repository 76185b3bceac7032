#include "kernels/SgdMomentumUpdate.h"

#include "kernels/TensorShape.h"
#include "util/ThreadPool.h"

namespace simsiam {

void sgdMomentumUpdateCpu(const SgdParams& p, const float* w, const float* g, const float* buf, int64_t n, float* wOut,
                          float* bufOut) {
  parallelFor(n, kElementwiseGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) sgdStep(p, w[i], g[i], p.first ? 0.f : buf[i], &wOut[i], &bufOut[i]);
  });
}

}  // namespace simsiam
