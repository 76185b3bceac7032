// SimSiamLoss.cu against SimSiamLoss.cc.
#include "Parity.h"
#include "kernels/SimSiamLoss.h"

using parity::DeviceBuffer;

namespace {

// Forward and dL/dp for B x D with `pairs` pairs; the loss within 1e-5
// relative (float row sums in a fixed order vs double on the CPU).
void lossCase(parity::Context& ctx, int pairs, int64_t B, int64_t D) {
  std::vector<std::vector<float>> p, z;
  std::vector<DeviceBuffer<float>> dp, dz, dg;
  simsiam::LossPairs host{}, dev{};
  host.count = dev.count = pairs;
  host.weight = dev.weight = pairs == 2 ? 0.5f : 1.0f;
  std::vector<std::vector<float>> grad(pairs, std::vector<float>(B * D));
  for (int k = 0; k < pairs; ++k) {
    p.push_back(ctx.rng.floats(B * D));
    z.push_back(ctx.rng.floats(B * D));
  }
  for (int k = 0; k < pairs; ++k) {
    dp.emplace_back(p[k]);
    dz.emplace_back(z[k]);
    dg.emplace_back(B * D);
    host.p[k] = p[k].data();
    host.z[k] = z[k].data();
    host.grad[k] = grad[k].data();
    dev.p[k] = dp[k];
    dev.z[k] = dz[k];
    dev.grad[k] = dg[k];
  }
  const float want = simsiam::pairLossCpu(host, B, D);
  DeviceBuffer<float> loss(1), rows(B);
  DeviceBuffer<unsigned> counter(1);
  ctx.launched(simsiam::pairLossCudaWorkspace(dev, B, D, loss, rows, counter, ctx.stream()), "pairLossCudaWorkspace");
  ctx.expectClose("loss", loss.download(), {want}, 1e-5, 1e-7);
  for (int k = 0; k < pairs; ++k) ctx.expectClose("dL/dp", dg[k].download(), grad[k], 1e-4, 1e-7);
}

}  // namespace

PARITY_CASE("SimSiamLoss/two pairs 512x2048") { lossCase(ctx, 2, 512, 2048); }
PARITY_CASE("SimSiamLoss/one pair, odd 3x37") { lossCase(ctx, 1, 3, 37); }
