// CPU kernels of BatchNormTraining (see the header). Per-channel sums are taken
// over fixed row blocks in double and combined in block order, so the result
// does not depend on the thread count.
#include "kernels/BatchNormTraining.h"

#include <cmath>
#include <vector>

#include "util/ThreadPool.h"

namespace simsiam {
namespace {

constexpr int64_t kRowBlock = kBatchNormRowBlock;

// out[c] = sum over rows of f(row pointer(s), c), as per-block partials.
template <typename RowFn>
void channelSums(int64_t M, int64_t C, int sums, RowFn rowFn, double* out) {
  const int64_t blocks = (M + kRowBlock - 1) / kRowBlock;
  std::vector<double> partial(static_cast<size_t>(blocks * sums * C), 0.0);
  parallelFor(blocks, 1, [&](int64_t b0, int64_t b1) {
    std::vector<float> acc(static_cast<size_t>(sums * C));
    for (int64_t b = b0; b < b1; ++b) {
      std::fill(acc.begin(), acc.end(), 0.f);
      const int64_t end = std::min(M, (b + 1) * kRowBlock);
      for (int64_t r = b * kRowBlock; r < end; ++r) rowFn(r, acc.data());
      double* p = partial.data() + b * sums * C;
      for (int64_t k = 0; k < sums * C; ++k) p[k] = acc[static_cast<size_t>(k)];
    }
  });
  for (int64_t k = 0; k < sums * C; ++k) out[k] = 0.0;
  for (int64_t b = 0; b < blocks; ++b)
    for (int64_t k = 0; k < sums * C; ++k) out[k] += partial[static_cast<size_t>(b * sums * C + k)];
}

}  // namespace

int64_t batchNormTrainingWorkspace(int64_t M, int64_t C) {
  const int64_t blocks = (M + kRowBlock - 1) / kRowBlock;
  return blocks * 2 * C + 4 * C;
}

void batchNormSumsCpu(const float* x, int64_t M, int64_t C, const float* center, double* sums) {
  if (!center) {
    channelSums(M, C, 1, [&](int64_t r, float* acc) {
      const float* row = x + r * C;
      for (int64_t c = 0; c < C; ++c) acc[c] += row[c];
    }, sums);
    return;
  }
  // On centred values: no cancellation in E[x^2] - E[x]^2.
  channelSums(M, C, 1, [&](int64_t r, float* acc) {
    const float* row = x + r * C;
    for (int64_t c = 0; c < C; ++c) {
      const float d = row[c] - center[c];
      acc[c] += d * d;
    }
  }, sums);
}

void batchNormApplyCpu(const float* x, int64_t M, int64_t C, const float* gamma, const float* beta,
                       const float* mean, const float* variance, float epsilon, float* y) {
  std::vector<float> scale(static_cast<size_t>(C)), shift(static_cast<size_t>(C));
  for (int64_t c = 0; c < C; ++c) {
    const float inv = 1.f / std::sqrt(variance[c] + epsilon);
    scale[c] = gamma[c] * inv;
    shift[c] = beta[c] - mean[c] * scale[c];
  }
  parallelFor(M, 4096 / std::max<int64_t>(C, 1) + 1, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const float* in = x + r * C;
      float* out = y + r * C;
      for (int64_t c = 0; c < C; ++c) out[c] = in[c] * scale[c] + shift[c];
    }
  });
}

void batchNormTrainingCpu(const float* x, int64_t M, int64_t C, const float* gamma, const float* beta,
                          float epsilon, float* y, float* mean, float* variance) {
  std::vector<double> sum(static_cast<size_t>(C)), sq(static_cast<size_t>(C));
  batchNormSumsCpu(x, M, C, nullptr, sum.data());
  for (int64_t c = 0; c < C; ++c) mean[c] = static_cast<float>(sum[c] / static_cast<double>(M));
  batchNormSumsCpu(x, M, C, mean, sq.data());
  for (int64_t c = 0; c < C; ++c) variance[c] = static_cast<float>(sq[c] / static_cast<double>(M));
  batchNormApplyCpu(x, M, C, gamma, beta, mean, variance, epsilon, y);
}

void batchNormGradSumsCpu(const float* dy, const float* x, int64_t M, int64_t C, const float* mean,
                          const float* variance, float epsilon, double* sums) {
  std::vector<float> inv(static_cast<size_t>(C));
  for (int64_t c = 0; c < C; ++c) inv[c] = 1.f / std::sqrt(variance[c] + epsilon);
  // sums[0..C) = sum dy, sums[C..2C) = sum dy * xhat
  channelSums(M, C, 2, [&](int64_t r, float* acc) {
    const float* g = dy + r * C;
    const float* in = x + r * C;
    for (int64_t c = 0; c < C; ++c) {
      acc[c] += g[c];
      acc[C + c] += g[c] * (in[c] - mean[c]) * inv[c];
    }
  }, sums);
}

void batchNormGradApplyCpu(const float* dy, const float* x, int64_t M, int64_t C, const float* gamma,
                           const float* mean, const float* variance, const double* sums, double count,
                           const float* dMean, const float* dVariance, float epsilon, float* dx) {
  // dx = gamma*inv*(dy - mean(dy)) - (x - mean)*(gamma*inv^2*mean(dy*xhat) - 2*dVar/m) + dMean/m
  std::vector<float> a(static_cast<size_t>(C)), b(static_cast<size_t>(C)), k(static_cast<size_t>(C)), d(static_cast<size_t>(C));
  const double m = count;
  for (int64_t c = 0; c < C; ++c) {
    const float inv = 1.f / std::sqrt(variance[c] + epsilon);
    a[c] = gamma[c] * inv;
    b[c] = static_cast<float>(sums[c] / m);
    k[c] = a[c] * inv * static_cast<float>(sums[C + c] / m) - (dVariance ? static_cast<float>(2.0 * dVariance[c] / m) : 0.f);
    d[c] = dMean ? static_cast<float>(dMean[c] / m) : 0.f;
  }
  parallelFor(M, 4096 / std::max<int64_t>(C, 1) + 1, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const float* g = dy + r * C;
      const float* in = x + r * C;
      float* out = dx + r * C;
      for (int64_t c = 0; c < C; ++c) out[c] = a[c] * (g[c] - b[c]) - (in[c] - mean[c]) * k[c] + d[c];
    }
  });
}

void batchNormTrainingGradCpu(const float* dy, const float* x, int64_t M, int64_t C, const float* gamma,
                              const float* mean, const float* variance, const float* dMean,
                              const float* dVariance, float epsilon, float* dx, float* dgamma, float* dbeta) {
  std::vector<double> sums(static_cast<size_t>(2 * C));
  batchNormGradSumsCpu(dy, x, M, C, mean, variance, epsilon, sums.data());
  for (int64_t c = 0; c < C; ++c) {
    dbeta[c] = static_cast<float>(sums[c]);
    dgamma[c] = static_cast<float>(sums[C + c]);
  }
  batchNormGradApplyCpu(dy, x, M, C, gamma, mean, variance, sums.data(), static_cast<double>(M), dMean, dVariance,
                        epsilon, dx);
}

}  // namespace simsiam
