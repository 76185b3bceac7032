// Pool.cu against Pool.cc: max/avg pooling, the max positions and both
// gradients. The kernels run the CPU reference's per-element code (Pool.h,
// double sums in the same order, one rounding): bit-exact throughout, but for
// the sign and payload of a NaN (Inf - Inf is -NaN on x86, the canonical +NaN
// on a GPU).
#include <algorithm>
#include <cmath>

#include "Parity.h"
#include "kernels/Pool.h"

using parity::DeviceBuffer;
using parity::canonicalNaN;
using simsiam::PoolGeometry;
using simsiam::PoolOp;

namespace {

enum class Pad { kSame, kValid };

// tfjs's SAME / VALID output sizes and pads (the smaller half on top/left).
PoolGeometry geometry(int64_t batch, int64_t inH, int64_t inW, int64_t channels, int64_t fH, int64_t fW, int64_t sH,
                      int64_t sW, Pad pad) {
  PoolGeometry g{};
  g.batch = batch;
  g.inH = inH;
  g.inW = inW;
  g.channels = channels;
  g.filterH = fH;
  g.filterW = fW;
  g.strideH = sH;
  g.strideW = sW;
  if (pad == Pad::kSame) {
    g.outH = (inH + sH - 1) / sH;
    g.outW = (inW + sW - 1) / sW;
    g.padTop = std::max<int64_t>((g.outH - 1) * sH + fH - inH, 0) / 2;
    g.padLeft = std::max<int64_t>((g.outW - 1) * sW + fW - inW, 0) / 2;
  } else {
    g.outH = (inH - fH + sH) / sH;
    g.outW = (inW - fW + sW) / sW;
  }
  return g;
}

// Explicit pads (tfjs's numeric / explicit padding, floor rounding).
PoolGeometry explicitPads(int64_t batch, int64_t inH, int64_t inW, int64_t channels, int64_t fH, int64_t fW,
                          int64_t sH, int64_t sW, int64_t top, int64_t bottom, int64_t left, int64_t right) {
  PoolGeometry g = geometry(batch, inH, inW, channels, fH, fW, sH, sW, Pad::kValid);
  g.padTop = top;
  g.padLeft = left;
  g.outH = (inH + top + bottom - fH) / sH + 1;
  g.outW = (inW + left + right - fW) / sW + 1;
  return g;
}

int64_t inSize(const PoolGeometry& g) { return g.batch * g.inH * g.inW * g.channels; }
int64_t outSize(const PoolGeometry& g) { return g.batch * g.outH * g.outW * g.channels; }

// Inputs: uniform with NaN/Inf/-0 sprinkled in, or small integers (ties).
std::vector<float> input(parity::Context& ctx, const PoolGeometry& g, bool ties) {
  if (!ties) return ctx.rng.floatsWithSpecials(inSize(g));
  std::vector<float> x(inSize(g));
  for (auto& v : x) v = static_cast<float>(ctx.rng.integer(0, 2));
  return x;
}

void forward(parity::Context& ctx, PoolOp op, const PoolGeometry& g, bool ties) {
  const std::vector<float> x = input(ctx, g, ties);
  std::vector<float> y(outSize(g));
  DeviceBuffer<float> dx(x), dy(y.size());
  simsiam::poolCpu(op, x.data(), g, y.data());
  ctx.launched(simsiam::poolCuda(op, dx, g, dy, ctx.stream()), "poolCuda");
  ctx.expectBits(op == PoolOp::kMax ? "max" : "avg", canonicalNaN(dy.download()), canonicalNaN(y));
}

void maxGrad(parity::Context& ctx, const PoolGeometry& g, bool ties) {
  const std::vector<float> x = input(ctx, g, ties), dy = ctx.rng.floats(outSize(g));
  std::vector<int32_t> positions(outSize(g));
  std::vector<float> dx(inSize(g));
  DeviceBuffer<float> ddy(dy), dxIn(x), ddx(dx.size());
  DeviceBuffer<int32_t> dpos(positions.size());
  simsiam::maxPoolGradCpu(dy.data(), x.data(), g, positions.data(), dx.data());
  ctx.launched(simsiam::maxPoolGradCuda(ddy, dxIn, g, dpos, ddx, ctx.stream()), "maxPoolGradCuda");
  ctx.expectBits("positions", dpos.download(), positions);
  ctx.expectBits("dx", ddx.download(), dx);
}

void avgGrad(parity::Context& ctx, const PoolGeometry& g) {
  const std::vector<float> dy = ctx.rng.floatsWithSpecials(outSize(g));
  std::vector<float> dx(inSize(g));
  DeviceBuffer<float> ddy(dy), ddx(dx.size());
  simsiam::avgPoolGradCpu(dy.data(), g, dx.data());
  ctx.launched(simsiam::avgPoolGradCuda(ddy, g, ddx, ctx.stream()), "avgPoolGradCuda");
  ctx.expectBits("dx", canonicalNaN(ddx.download()), canonicalNaN(dx));
}

// Everything on one geometry: both pools and both gradients, values with
// specials and with ties.
void all(parity::Context& ctx, const PoolGeometry& g) {
  for (bool ties : {false, true}) {
    forward(ctx, PoolOp::kMax, g, ties);
    forward(ctx, PoolOp::kAvg, g, ties);
    maxGrad(ctx, g, ties);
  }
  avgGrad(ctx, g);
}

}  // namespace

PARITY_CASE("Pool/3x3 stride 2 same 2x9x9x5") { all(ctx, geometry(2, 9, 9, 5, 3, 3, 2, 2, Pad::kSame)); }
PARITY_CASE("Pool/3x3 stride 2 valid 2x10x10x4") { all(ctx, geometry(2, 10, 10, 4, 3, 3, 2, 2, Pad::kValid)); }
PARITY_CASE("Pool/2x2 stride 2 valid, odd width 1x8x7x3") { all(ctx, geometry(1, 8, 7, 3, 2, 2, 2, 2, Pad::kValid)); }
PARITY_CASE("Pool/3x3 stride 1 same 2x6x6x4") { all(ctx, geometry(2, 6, 6, 4, 3, 3, 1, 1, Pad::kSame)); }
PARITY_CASE("Pool/2x3 filter, strides 1x2, valid 1x5x7x2") { all(ctx, geometry(1, 5, 7, 2, 2, 3, 1, 2, Pad::kValid)); }
PARITY_CASE("Pool/explicit pads 1x6x5x2") { all(ctx, explicitPads(1, 6, 5, 2, 3, 3, 2, 2, 1, 2, 0, 1)); }
PARITY_CASE("Pool/window larger than the input (same) 1x2x3x4") { all(ctx, geometry(1, 2, 3, 4, 5, 5, 2, 2, Pad::kSame)); }
PARITY_CASE("Pool/1x1 stride 2 1x5x5x3") { all(ctx, geometry(1, 5, 5, 3, 1, 1, 2, 2, Pad::kValid)); }
PARITY_CASE("Pool/batch 1, 1 channel, odd 1x13x11x1") { all(ctx, geometry(1, 13, 11, 1, 3, 2, 3, 2, Pad::kSame)); }
// Pads wider than the filter: windows with no input (max -Inf, avg 0/0 = NaN,
// no max position, no gradient).
PARITY_CASE("Pool/empty windows (pad 3, filter 2)") { all(ctx, explicitPads(2, 4, 4, 3, 2, 2, 2, 2, 3, 3, 3, 3)); }
// Many output elements per thread block and more than one block row.
PARITY_CASE("Pool/larger 3x33x31x17 3x3 stride 2 same") { all(ctx, geometry(3, 33, 31, 17, 3, 3, 2, 2, Pad::kSame)); }
// Empty tensors launch nothing.
PARITY_CASE("Pool/empty batch") {
  const PoolGeometry g = geometry(0, 5, 5, 3, 2, 2, 2, 2, Pad::kValid);
  forward(ctx, PoolOp::kMax, g, false);
  forward(ctx, PoolOp::kAvg, g, false);
  maxGrad(ctx, g, false);
  avgGrad(ctx, g);
}
