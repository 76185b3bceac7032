// FusedBatchNorm.cu against fusedBatchNormCyclicCpu: bit-exact (explicitly
// rounded double operations on both sides, FusedBatchNorm.h). Options: offset
// and scale each present or null, parameters of length 1 or L (the
// per-channel loop of the CPU reference) or of unrelated lengths read
// cyclically, NaN/+-Inf/-0 inputs, a negative variance (NaN), several
// blocks of the grid-stride loop.
#include <string>

#include "Parity.h"
#include "kernels/FusedBatchNorm.h"

using parity::DeviceBuffer;

namespace {

struct Lens {
  int64_t mean, variance, offset, scale;  // offset / scale 0: null
};

void fused(parity::Context& ctx, int64_t n, Lens lens, double epsilon, bool specials) {
  const auto x = specials ? ctx.rng.floatsWithSpecials(static_cast<size_t>(n), -4, 4)
                          : ctx.rng.floats(static_cast<size_t>(n), -4, 4);
  const auto mean = ctx.rng.floats(static_cast<size_t>(lens.mean));
  auto variance = ctx.rng.floats(static_cast<size_t>(lens.variance), 0.0, 2.0);
  if (specials) variance[0] = -1.0f;  // sqrt of a negative: NaN, on both sides
  const auto offset = ctx.rng.floats(static_cast<size_t>(lens.offset));
  const auto scale = ctx.rng.floats(static_cast<size_t>(lens.scale), 0.5, 2.0);
  simsiam::BatchNormParams host{mean.data(), variance.data(), lens.offset ? offset.data() : nullptr,
                                lens.scale ? scale.data() : nullptr, lens.mean, lens.variance, lens.offset,
                                lens.scale, epsilon};
  std::vector<float> want(static_cast<size_t>(n));
  simsiam::fusedBatchNormCyclicCpu(x.data(), n, host, want.data());
  DeviceBuffer<float> dx(x), dmean(mean), dvar(variance), doff(offset), dscale(scale), dy(want.size());
  simsiam::BatchNormParams dev = host;
  dev.mean = dmean;
  dev.variance = dvar;
  dev.offset = lens.offset ? doff.get() : nullptr;
  dev.scale = lens.scale ? dscale.get() : nullptr;
  ctx.launched(simsiam::fusedBatchNormCuda(dx, n, dev, dy, ctx.stream()), "fusedBatchNormCuda");
  ctx.expectBits("y", dy.download(), want);
}

}  // namespace

PARITY_CASE("FusedBatchNorm/per channel, offset and scale, 50x37") { fused(ctx, 50 * 37, {37, 37, 37, 37}, 1e-3, false); }
PARITY_CASE("FusedBatchNorm/per channel, no offset") { fused(ctx, 20 * 16, {16, 16, 0, 16}, 1e-3, true); }
PARITY_CASE("FusedBatchNorm/per channel, no scale") { fused(ctx, 20 * 16, {16, 16, 16, 0}, 1e-5, true); }
PARITY_CASE("FusedBatchNorm/per channel, neither offset nor scale") { fused(ctx, 9 * 8, {8, 8, 0, 0}, 1e-3, true); }
PARITY_CASE("FusedBatchNorm/broadcast lengths 1 and L") { fused(ctx, 30 * 12, {1, 12, 1, 12}, 1e-3, true); }
PARITY_CASE("FusedBatchNorm/all scalars, batch 1") { fused(ctx, 1, {1, 1, 1, 1}, 1e-3, false); }
PARITY_CASE("FusedBatchNorm/cyclic unrelated lengths 3,5,7,2 over 1001") {
  fused(ctx, 1001, {3, 5, 7, 2}, 1e-3, true);
}
PARITY_CASE("FusedBatchNorm/cyclic, n not a multiple of L") { fused(ctx, 100, {6, 6, 6, 6}, 0.01, false); }
PARITY_CASE("FusedBatchNorm/many blocks, 6401x64") {
  fused(ctx, 6401 * 64, {64, 64, 64, 64}, 1e-3, true);
}
PARITY_CASE("FusedBatchNorm/epsilon 0, zero variance") {
  // variance 0 and epsilon 0: division by zero, +-Inf or NaN, the same bits on both sides.
  const int64_t n = 40;
  const auto x = ctx.rng.floats(static_cast<size_t>(n));
  const std::vector<float> mean{0.25f, 0.f}, variance{0.f, 0.f};
  simsiam::BatchNormParams host{mean.data(), variance.data(), nullptr, nullptr, 2, 2, 0, 0, 0.0};
  std::vector<float> want(static_cast<size_t>(n));
  simsiam::fusedBatchNormCyclicCpu(x.data(), n, host, want.data());
  DeviceBuffer<float> dx(x), dmean(mean), dvar(variance), dy(want.size());
  simsiam::BatchNormParams dev = host;
  dev.mean = dmean;
  dev.variance = dvar;
  ctx.launched(simsiam::fusedBatchNormCuda(dx, n, dev, dy, ctx.stream()), "fusedBatchNormCuda");
  ctx.expectBits("y", dy.download(), want);
}
PARITY_CASE("FusedBatchNorm/n 0 launches nothing") {
  simsiam::BatchNormParams p{nullptr, nullptr, nullptr, nullptr, 0, 0, 0, 0, 1e-3};
  ctx.launched(simsiam::fusedBatchNormCuda(nullptr, 0, p, nullptr, ctx.stream()), "n 0");
}
PARITY_CASE("FusedBatchNorm/refusals: parameter lengths below 1") {
  DeviceBuffer<float> dx(8), dp(8), dy(8);
  const simsiam::BatchNormParams ok{dp, dp, dp, dp, 8, 8, 8, 8, 1e-3};
  auto with = [&](auto change) {
    simsiam::BatchNormParams p = ok;
    change(p);
    return simsiam::fusedBatchNormCuda(dx, 8, p, dy, ctx.stream());
  };
  ctx.refused(with([](simsiam::BatchNormParams& p) { p.meanLen = 0; }), "meanLen 0");
  ctx.refused(with([](simsiam::BatchNormParams& p) { p.varianceLen = 0; }), "varianceLen 0");
  ctx.refused(with([](simsiam::BatchNormParams& p) { p.offsetLen = 0; }), "offsetLen 0");
  ctx.refused(with([](simsiam::BatchNormParams& p) { p.scaleLen = -1; }), "scaleLen -1");
  // A null offset / scale needs no length.
  ctx.launched(with([](simsiam::BatchNormParams& p) {
                 p.offset = nullptr;
                 p.offsetLen = 0;
                 p.scale = nullptr;
                 p.scaleLen = 0;
               }),
               "null offset and scale with length 0");
}
