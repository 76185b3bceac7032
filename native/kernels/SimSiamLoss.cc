// CPU reference for the fused SimSiam loss (see SimSiamLoss.h). Per row:
// accumulate |p|^2, |z|^2 and <p, z> in double, then write the gradient
//   dD/dp_i = -(1/B) * (z_i/n_z - [|p_i| > eps] * cos_i * p_i/n_p) / n_p,
// with n = max(|.|, eps); that is PyTorch's F.normalize gradient, finite for
// zero rows.
#include "kernels/SimSiamLoss.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "util/ThreadPool.h"

namespace simsiam {

namespace {

double rowPair(const float* p, const float* z, int64_t D, double scale, float* grad) {
  double pp = 0, zz = 0, pz = 0;
  for (int64_t j = 0; j < D; ++j) {
    const double a = p[j], b = z[j];
    pp += a * a;
    zz += b * b;
    pz += a * b;
  }
  const double np = std::max(std::sqrt(pp), static_cast<double>(kNormEps));
  const double nz = std::max(std::sqrt(zz), static_cast<double>(kNormEps));
  const double cos = pz / (np * nz);
  if (grad) {
    // scale = -w/B; the p-term vanishes where the clamp on |p| is active.
    const double cz = scale / (np * nz);
    const double cp = std::sqrt(pp) > kNormEps ? -scale * cos / (np * np) : 0.0;
    for (int64_t j = 0; j < D; ++j) grad[j] = static_cast<float>(cz * z[j] + cp * p[j]);
  }
  return cos;
}

}  // namespace

float pairLossCpu(const LossPairs& pairs, int64_t B, int64_t D) {
  if (B <= 0) return 0.0f;
  const double scale = -static_cast<double>(pairs.weight) / static_cast<double>(B);
  std::vector<double> rowCos(static_cast<size_t>(B), 0.0);
  const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(D, 1));
  parallelFor(B, grain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      double sum = 0;
      for (int k = 0; k < pairs.count; ++k) {
        float* g = pairs.grad[k] ? pairs.grad[k] + i * D : nullptr;
        sum += rowPair(pairs.p[k] + i * D, pairs.z[k] + i * D, D, scale, g);
      }
      rowCos[static_cast<size_t>(i)] = sum;
    }
  });
  double total = 0;  // fixed order: bitwise reproducible whatever the threads
  for (double c : rowCos) total += c;
  return static_cast<float>(total * scale);
}

void scaleGradCpu(const float* grad, float dy, int64_t n, float* out) {
  parallelFor(n, 1 << 16, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) out[i] = dy * grad[i];
  });
}

void scaleGradByScalarCpu(const float* grad, const float* dy, int64_t n, float* out) {
  scaleGradCpu(grad, *dy, n, out);
}

}  // namespace simsiam
