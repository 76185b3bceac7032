// BatchNormTraining.cu against BatchNormTraining.cc, forward and backward.
// Tolerance: the conformance suite's BN bound (rtol 1e-4, atol 1e-5). Both
// sides take the same sums in the same order (float within 256-row blocks,
// double across them), so only fused multiply-adds can differ (nvcc may
// contract d * d + acc or x * scale + shift, the host build does not), and
// the backward pass subtracts nearly equal terms, hence the relative slack.
// Shapes: M of 1 and below one row block, several row blocks (the 2-D
// blockSums/gradSums grid with its 8 row-block lanes, more than 8 blocks so
// the grid has several rows), C below, at and above the 32-channel tile, not
// a multiple. A lane takes a second row block only once the grid's 65535
// rows are used up (M > 134M rows): too large for the emulator.
#include <string>

#include "Parity.h"
#include "kernels/BatchNormTraining.h"

using parity::DeviceBuffer;

namespace {

constexpr double kRtol = 1e-4, kAtol = 1e-5;

void forward(parity::Context& ctx, int64_t M, int64_t C, float epsilon) {
  const auto x = ctx.rng.floats(static_cast<size_t>(M * C), -2.0, 3.0);
  const auto gamma = ctx.rng.floats(static_cast<size_t>(C), 0.5, 1.5);
  const auto beta = ctx.rng.floats(static_cast<size_t>(C));
  std::vector<float> y(x.size()), mean(C), variance(C);
  simsiam::batchNormTrainingCpu(x.data(), M, C, gamma.data(), beta.data(), epsilon, y.data(), mean.data(),
                                variance.data());
  DeviceBuffer<float> dx(x), dgamma(gamma), dbeta(beta), dy(x.size()), dmean(C), dvar(C);
  DeviceBuffer<float> workspace(static_cast<size_t>(simsiam::batchNormTrainingWorkspace(M, C)));
  ctx.launched(simsiam::batchNormTrainingCuda(dx, M, C, dgamma, dbeta, epsilon, dy, dmean, dvar, workspace,
                                              ctx.stream()),
               "batchNormTrainingCuda");
  ctx.expectClose("mean", dmean.download(), mean, kRtol, kAtol);
  ctx.expectClose("variance", dvar.download(), variance, kRtol, kAtol);
  ctx.expectClose("y", dy.download(), y, kRtol, kAtol);
}

// The backward pass at the forward pass's statistics; dMean / dVariance
// absent (null, = zero) or given.
void backward(parity::Context& ctx, int64_t M, int64_t C, bool statGrads, float epsilon) {
  const auto x = ctx.rng.floats(static_cast<size_t>(M * C), -2.0, 3.0);
  const auto g = ctx.rng.floats(static_cast<size_t>(M * C));
  const auto gamma = ctx.rng.floats(static_cast<size_t>(C), 0.5, 1.5);
  const std::vector<float> beta(C, 0.f);
  std::vector<float> y(x.size()), mean(C), variance(C);
  simsiam::batchNormTrainingCpu(x.data(), M, C, gamma.data(), beta.data(), epsilon, y.data(), mean.data(),
                                variance.data());
  const auto dMean = ctx.rng.floats(static_cast<size_t>(C));
  const auto dVariance = ctx.rng.floats(static_cast<size_t>(C));
  const float* hm = statGrads ? dMean.data() : nullptr;
  const float* hv = statGrads ? dVariance.data() : nullptr;
  std::vector<float> dx(x.size()), dgamma(C), dbeta(C);
  simsiam::batchNormTrainingGradCpu(g.data(), x.data(), M, C, gamma.data(), mean.data(), variance.data(), hm, hv,
                                    epsilon, dx.data(), dgamma.data(), dbeta.data());
  DeviceBuffer<float> ddy(g), dxIn(x), dgammaIn(gamma), dmean(mean), dvar(variance), ddMean(dMean),
      ddVariance(dVariance), ddx(x.size()), ddgamma(C), ddbeta(C);
  DeviceBuffer<float> workspace(static_cast<size_t>(simsiam::batchNormTrainingWorkspace(M, C)));
  ctx.launched(simsiam::batchNormTrainingGradCuda(ddy, dxIn, M, C, dgammaIn, dmean, dvar,
                                                  statGrads ? ddMean.get() : nullptr,
                                                  statGrads ? ddVariance.get() : nullptr, epsilon, ddx, ddgamma,
                                                  ddbeta, workspace, ctx.stream()),
               "batchNormTrainingGradCuda");
  ctx.expectClose("dbeta", ddbeta.download(), dbeta, kRtol, kAtol);
  ctx.expectClose("dgamma", ddgamma.download(), dgamma, kRtol, kAtol);
  ctx.expectClose("dx", ddx.download(), dx, kRtol, kAtol);
}

}  // namespace

PARITY_CASE("BatchNormTraining/forward M 1, C 5") { forward(ctx, 1, 5, 1e-3f); }
PARITY_CASE("BatchNormTraining/forward M 3, C 37") { forward(ctx, 3, 37, 1e-3f); }
PARITY_CASE("BatchNormTraining/forward M 256, C 32 (one full block and tile)") { forward(ctx, 256, 32, 1e-5f); }
PARITY_CASE("BatchNormTraining/forward M 1000, C 64") { forward(ctx, 1000, 64, 1e-3f); }
PARITY_CASE("BatchNormTraining/forward M 2500, C 37 (10 row blocks)") { forward(ctx, 2500, 37, 1e-3f); }
PARITY_CASE("BatchNormTraining/forward M 4355, C 3 (18 row blocks, 3 grid rows)") { forward(ctx, 4355, 3, 1e-3f); }
PARITY_CASE("BatchNormTraining/forward M 200, C 70") { forward(ctx, 200, 70, 0.1f); }
PARITY_CASE("BatchNormTraining/backward M 1, C 5") { backward(ctx, 1, 5, false, 1e-3f); }
PARITY_CASE("BatchNormTraining/backward M 3, C 37, dMean and dVariance") { backward(ctx, 3, 37, true, 1e-3f); }
PARITY_CASE("BatchNormTraining/backward M 1000, C 64") { backward(ctx, 1000, 64, false, 1e-3f); }
PARITY_CASE("BatchNormTraining/backward M 2500, C 37, dMean and dVariance") { backward(ctx, 2500, 37, true, 1e-3f); }
PARITY_CASE("BatchNormTraining/backward M 4355, C 3") { backward(ctx, 4355, 3, false, 1e-5f); }
PARITY_CASE("BatchNormTraining/backward M 200, C 70, dMean and dVariance") { backward(ctx, 200, 70, true, 0.1f); }
PARITY_CASE("BatchNormTraining/empty: M 0 or C 0 launch nothing") {
  ctx.launched(simsiam::batchNormTrainingCuda(nullptr, 0, 4, nullptr, nullptr, 1e-3f, nullptr, nullptr, nullptr, nullptr,
                                              ctx.stream()),
               "forward M 0");
  ctx.launched(simsiam::batchNormTrainingGradCuda(nullptr, nullptr, 5, 0, nullptr, nullptr, nullptr, nullptr, nullptr,
                                                  1e-3f, nullptr, nullptr, nullptr, nullptr, ctx.stream()),
               "backward C 0");
}
