// MovingAverage.cu against MovingAverage.cc: bit-exact but for NaN payloads
// (the shared per-element step rounds each difference and product to
// float32, MovingAverage.h).
// Decays 0, 1 and in between; NaN/+-Inf/-0 statistics; y separate from or
// aliasing current (the in-place update of the bindings); one to many blocks.
#include <string>

#include "Parity.h"
#include "kernels/MovingAverage.h"

using parity::DeviceBuffer;
using parity::canonicalNaN;

namespace {

void moving(parity::Context& ctx, int64_t n, float decay, bool inPlace, bool specials) {
  const size_t len = static_cast<size_t>(n);
  const auto current = specials ? ctx.rng.floatsWithSpecials(len, -3, 3) : ctx.rng.floats(len, -3, 3);
  const auto value = specials ? ctx.rng.floatsWithSpecials(len, -3, 3) : ctx.rng.floats(len, -3, 3);
  std::vector<float> want(len);
  simsiam::movingAverageCpu(current.data(), value.data(), n, decay, want.data());
  DeviceBuffer<float> dcur(current), dval(value), dy(len);
  float* y = inPlace ? dcur.get() : dy.get();
  ctx.launched(simsiam::movingAverageCuda(dcur, dval, n, decay, y, ctx.stream()), "movingAverageCuda");
  ctx.expectBits("y", canonicalNaN(inPlace ? dcur.download() : dy.download()), canonicalNaN(want));
}

}  // namespace

PARITY_CASE("MovingAverage/decay 0.01 (momentum 0.99), 64 channels") { moving(ctx, 64, 0.01f, false, false); }
PARITY_CASE("MovingAverage/in place, 37 channels, specials") { moving(ctx, 37, 0.1f, true, true); }
PARITY_CASE("MovingAverage/decay 0 and 1") {
  moving(ctx, 100, 0.0f, false, true);
  moving(ctx, 100, 1.0f, true, true);
}
PARITY_CASE("MovingAverage/one value") { moving(ctx, 1, 0.3f, false, false); }
PARITY_CASE("MovingAverage/many blocks, 100003 values in place") { moving(ctx, 100003, 0.001f, true, false); }
PARITY_CASE("MovingAverage/n 0 launches nothing") {
  ctx.launched(simsiam::movingAverageCuda(nullptr, nullptr, 0, 0.1f, nullptr, ctx.stream()), "n 0");
}
