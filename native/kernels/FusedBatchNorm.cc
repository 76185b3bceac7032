// Compiled once per CPU path (util/CpuDispatch.h).
#include "kernels/FusedBatchNorm.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/TensorShape.h"
#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {
namespace {

// Per-channel values repeated to a period of at least this many, so that the
// inner loop is long even for 8 channels.
constexpr int64_t kPeriod = 256;

}  // namespace

void fusedBatchNormCpu(const float* x, int64_t n, const BatchNormParams& p, float* y) {
  const int64_t L = std::max({p.meanLen, p.varianceLen, p.offset ? p.offsetLen : 1, p.scale ? p.scaleLen : 1});
  const int64_t period = L * std::max<int64_t>(1, kPeriod / L);
  // Columns of the period: JS computes off + (x - m) * s / Math.sqrt(v + eps)
  // on doubles; the square root is per channel, the rest per element.
  std::vector<double> mean(period), scale(period), offset(period), root(period);
  for (int64_t j = 0; j < period; ++j) {
    const int64_t c = j % L;
    mean[j] = p.mean[p.meanLen == 1 ? 0 : c];
    scale[j] = p.scale ? p.scale[p.scaleLen == 1 ? 0 : c] : 1.0;
    offset[j] = p.offset ? p.offset[p.offsetLen == 1 ? 0 : c] : 0.0;
    root[j] = std::sqrt(static_cast<double>(p.variance[p.varianceLen == 1 ? 0 : c]) + p.epsilon);
  }
  const double *m = mean.data(), *s = scale.data(), *o = offset.data(), *r = root.data();
  const int64_t blocks = (n + period - 1) / period;
  parallelFor(blocks, std::max<int64_t>(1, kElementwiseGrain / period), [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      const int64_t at = b * period, len = std::min(period, n - at);
      const float* xb = x + at;
      float* yb = y + at;
      for (int64_t j = 0; j < len; ++j)
        yb[j] = static_cast<float>(o[j] + (static_cast<double>(xb[j]) - m[j]) * s[j] / r[j]);
    }
  });
}

void fusedBatchNormCyclicCpu(const float* x, int64_t n, const BatchNormParams& p, float* y) {
  if (n <= 0) return;
  const int64_t offsetLen = p.offset ? p.offsetLen : 1, scaleLen = p.scale ? p.scaleLen : 1;
  const int64_t L = std::max({p.meanLen, p.varianceLen, offsetLen, scaleLen});
  const auto fits = [&](int64_t len) { return len == 1 || len == L; };
  if (n % L == 0 && fits(p.meanLen) && fits(p.varianceLen) && fits(offsetLen) && fits(scaleLen)) {
    SIMSIAM_CPU_NS::fusedBatchNormCpu(x, n, p, y);  // qualified: ADL also finds the dispatcher
    return;
  }
  parallelFor(n, kElementwiseGrain, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) {
      const double o = p.offset ? static_cast<double>(p.offset[i % p.offsetLen]) : 0.0;
      const double s = p.scale ? static_cast<double>(p.scale[i % p.scaleLen]) : 1.0;
      const double r = std::sqrt(static_cast<double>(p.variance[i % p.varianceLen]) + p.epsilon);
      y[i] = static_cast<float>(o + (static_cast<double>(x[i]) - p.mean[i % p.meanLen]) * s / r);
    }
  });
}

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(fusedBatchNormCpu)
SIMSIAM_CPU_VARIANTS(fusedBatchNormCyclicCpu)

void fusedBatchNormCpu(const float* x, int64_t n, const BatchNormParams& p, float* y) {
  SIMSIAM_CPU_PICK(fusedBatchNormCpu)(x, n, p, y);
}

void fusedBatchNormCyclicCpu(const float* x, int64_t n, const BatchNormParams& p, float* y) {
  SIMSIAM_CPU_PICK(fusedBatchNormCyclicCpu)(x, n, p, y);
}
#endif

}  // namespace simsiam
