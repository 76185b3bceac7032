// SimSiamLoss.cu against SimSiamLoss.cc: the fused loss (pairLossCudaWorkspace,
// caller-owned workspace) and its backward scale (scaleGradCuda).
#include <algorithm>
#include <cmath>

#include "Parity.h"
#include "kernels/SimSiamLoss.h"

using parity::DeviceBuffer;

namespace {

struct LossOptions {
  bool grad[2] = {true, true};  // which dL/dp are asked for
  std::vector<int64_t> zeroP, zeroZ;  // rows set to zero in every p / z
  double scale = 1.0;                 // input magnitude
};

// dL/dp_j = cz z_j + cp p_j, a difference of two terms that cancel (exactly
// for D = 1): besides 1e-4 relative, each row within 1e-5 of its largest
// term (the kernel's float norms and cosine carry ~1e-6 relative error).
void expectGrad(parity::Context& ctx, const std::vector<float>& got, const std::vector<float>& want,
                const std::vector<float>& p, const std::vector<float>& z, int64_t B, int64_t D, double scale) {
  for (int64_t i = 0; i < B; ++i) {
    double pp = 0, zz = 0, pz = 0;
    for (int64_t j = i * D; j < (i + 1) * D; ++j) {
      pp += double(p[j]) * p[j];
      zz += double(z[j]) * z[j];
      pz += double(p[j]) * z[j];
    }
    const double np = std::max(std::sqrt(pp), 1e-12), nz = std::max(std::sqrt(zz), 1e-12);
    const double cz = std::fabs(scale / (np * nz)), cp = std::fabs(scale * pz / (np * nz) / (np * np));
    double term = 0;
    for (int64_t j = i * D; j < (i + 1) * D; ++j) term = std::max(term, cz * std::fabs(z[j]) + cp * std::fabs(p[j]));
    ctx.expectClose("dL/dp row", std::vector<float>(got.begin() + i * D, got.begin() + (i + 1) * D),
                    std::vector<float>(want.begin() + i * D, want.begin() + (i + 1) * D), 1e-4,
                    std::max(1e-7, 1e-5 * term));
  }
}

// Forward and dL/dp for B x D with `pairs` pairs. The CPU reference sums each
// row in double, the kernel in float (a block tree over D values) and the
// rows in float in a fixed order: the loss within 1e-5 relative (+1e-7 for
// sums that cancel), dL/dp as expectGrad.
void lossCase(parity::Context& ctx, int pairs, int64_t B, int64_t D, const LossOptions& o = LossOptions{}) {
  std::vector<std::vector<float>> p, z;
  std::vector<DeviceBuffer<float>> dp, dz, dg;
  simsiam::LossPairs host{}, dev{};
  host.count = dev.count = pairs;
  host.weight = dev.weight = pairs == 2 ? 0.5f : 1.0f;
  std::vector<std::vector<float>> grad(pairs, std::vector<float>(B * D));
  for (int k = 0; k < pairs; ++k) {
    p.push_back(ctx.rng.floats(B * D, -o.scale, o.scale));
    z.push_back(ctx.rng.floats(B * D, -o.scale, o.scale));
    for (int64_t r : o.zeroP) std::fill(p[k].begin() + r * D, p[k].begin() + (r + 1) * D, 0.f);
    for (int64_t r : o.zeroZ) std::fill(z[k].begin() + r * D, z[k].begin() + (r + 1) * D, 0.f);
  }
  for (int k = 0; k < pairs; ++k) {
    dp.emplace_back(p[k]);
    dz.emplace_back(z[k]);
    dg.emplace_back(o.grad[k] ? B * D : 0);
    host.p[k] = p[k].data();
    host.z[k] = z[k].data();
    host.grad[k] = o.grad[k] ? grad[k].data() : nullptr;
    dev.p[k] = dp[k];
    dev.z[k] = dz[k];
    dev.grad[k] = o.grad[k] ? dg[k].get() : nullptr;
  }
  const float want = simsiam::pairLossCpu(host, B, D);
  DeviceBuffer<float> loss(1), rows(B);
  DeviceBuffer<unsigned> counter(1);  // 0xFFFFFFFF: the launcher must zero it
  ctx.launched(simsiam::pairLossCudaWorkspace(dev, B, D, loss, rows, counter, ctx.stream()), "pairLossCudaWorkspace");
  ctx.expectClose("loss", loss.download(), {want}, 1e-5, 1e-7);
  for (int k = 0; k < pairs; ++k)
    if (o.grad[k]) expectGrad(ctx, dg[k].download(), grad[k], p[k], z[k], B, D, -host.weight / static_cast<double>(B));
  // The last block leaves the counter at zero (atomicInc wraps it).
  ctx.expectBits("counter", counter.download(), std::vector<unsigned>{0u});
}

}  // namespace

PARITY_CASE("SimSiamLoss/two pairs 512x2048") { lossCase(ctx, 2, 512, 2048); }
PARITY_CASE("SimSiamLoss/one pair, odd 3x37") { lossCase(ctx, 1, 3, 37); }
PARITY_CASE("SimSiamLoss/batch 1, D 1, one and two pairs") {
  lossCase(ctx, 1, 1, 1);
  lossCase(ctx, 2, 1, 1);
}
// D over the block (256) and not a multiple of it: threads loop over the row.
PARITY_CASE("SimSiamLoss/two pairs 9x700") { lossCase(ctx, 2, 9, 700); }
// B > 1024 blocks: the last block's fixed-order sum loops over the rows
// (more than once per thread from B = 257 on, enough for two pairs).
PARITY_CASE("SimSiamLoss/B 1025 one pair, B 300 two pairs") {
  lossCase(ctx, 1, 1025, 3);
  lossCase(ctx, 2, 300, 5);
}
// Forward only (null gradient pointers), and one gradient of two.
PARITY_CASE("SimSiamLoss/null gradient pointers") {
  LossOptions none;
  none.grad[0] = none.grad[1] = false;
  lossCase(ctx, 1, 7, 33, none);
  lossCase(ctx, 2, 7, 33, none);
  LossOptions second;
  second.grad[0] = false;
  lossCase(ctx, 2, 6, 19, second);
}
// Zero rows: the norms clamp at eps (the p-term of the gradient vanishes,
// the z-term is huge but finite), zero p and z together give cos 0.
PARITY_CASE("SimSiamLoss/zero rows (eps clamp)") {
  LossOptions o;
  o.zeroP = {0, 3};
  o.zeroZ = {3, 4};
  lossCase(ctx, 2, 6, 9, o);
  lossCase(ctx, 1, 6, 9, o);
}
// Rows with |p| < eps but not zero (values ~1e-14).
PARITY_CASE("SimSiamLoss/tiny rows under eps") {
  LossOptions o;
  o.scale = 1e-14;
  lossCase(ctx, 1, 4, 7, o);
}
// Sizes the launcher refuses (cudaErrorInvalidValue) before any launch.
PARITY_CASE("SimSiamLoss/refuses empty and oversized shapes") {
  simsiam::LossPairs pairs{};
  pairs.count = 1;
  pairs.weight = 1.f;
  DeviceBuffer<float> loss(1), rows(1);
  DeviceBuffer<unsigned> counter(1);
  const int64_t big = int64_t{1} << 31;
  ctx.refused(simsiam::pairLossCudaWorkspace(pairs, 0, 4, loss, rows, counter, ctx.stream()), "B 0");
  ctx.refused(simsiam::pairLossCudaWorkspace(pairs, 4, 0, loss, rows, counter, ctx.stream()), "D 0");
  ctx.refused(simsiam::pairLossCudaWorkspace(pairs, -1, 4, loss, rows, counter, ctx.stream()), "B -1");
  ctx.refused(simsiam::pairLossCudaWorkspace(pairs, big, 4, loss, rows, counter, ctx.stream()), "B 2^31");
  ctx.refused(simsiam::pairLossCudaWorkspace(pairs, 4, big, loss, rows, counter, ctx.stream()), "D 2^31");
}

namespace {

// out = dy * grad: one float product on both sides, bit-exact (NaN payloads
// aside, which a GPU does not keep).
void scaleCase(parity::Context& ctx, int64_t n, float dyValue) {
  std::vector<float> grad = ctx.rng.floatsWithSpecials(n, -4.0, 4.0), out(n);
  const std::vector<float> dy{dyValue};
  DeviceBuffer<float> dgrad(grad), ddy(dy), dout(n);
  simsiam::scaleGradByScalarCpu(grad.data(), dy.data(), n, out.data());
  ctx.launched(simsiam::scaleGradCuda(dgrad, ddy, n, dout, ctx.stream()), "scaleGradCuda");
  std::vector<float> got = dout.download();
  for (auto* v : {&got, &out})
    for (auto& x : *v)
      if (std::isnan(x)) x = std::numeric_limits<float>::quiet_NaN();
  ctx.expectBits("out", got, out);
}

}  // namespace

PARITY_CASE("SimSiamLoss/scaleGrad odd sizes, specials") {
  scaleCase(ctx, 1, 0.7f);
  scaleCase(ctx, 1001, -1.5f);
  scaleCase(ctx, 70001, 2.f);
}
PARITY_CASE("SimSiamLoss/scaleGrad dy 0, -0, NaN, Inf") {
  for (float dy : {0.f, -0.f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()})
    scaleCase(ctx, 257, dy);
}
PARITY_CASE("SimSiamLoss/scaleGrad empty") { scaleCase(ctx, 0, 1.f); }
