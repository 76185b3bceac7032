// PadV2.cu (padCuda) against PadV2.cc (padCpu, padV2Cpu for float32): 1-,
// 2-, 4- and 8-byte elements, every unit (1 to 16 bytes), NHWC spatial
// padding, a scalar, an empty x, NaN and -0 pad values. Bit for bit.
#include <limits>

#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Movement.h"
#include "kernels/PadV2.h"

using parity::DeviceBuffer;
using simsiam::PadShape;

namespace {

PadShape padShape(std::vector<int64_t> dims, std::vector<int64_t> before, std::vector<int64_t> after) {
  PadShape s{static_cast<int>(dims.size()), {}, {}, {}};
  for (int d = 0; d < s.rank; ++d) s.dims[d] = dims[d], s.before[d] = before[d], s.after[d] = after[d];
  return s;
}

int64_t outSize(const PadShape& s) {
  int64_t n = 1;
  for (int d = 0; d < s.rank; ++d) n *= s.before[d] + s.dims[d] + s.after[d];
  return n;
}

// The unit padCuda moves (as it computes it), checked so each case reaches
// the instantiation it is meant for.
int unitOf(const PadShape& shape, size_t e) {
  PadShape s = simsiam::collapsePad(shape);
  if (s.rank == 0) return static_cast<int>(e);
  const int last = s.rank - 1;
  const int64_t bytes[3] = {s.dims[last] * static_cast<int64_t>(e), s.before[last] * static_cast<int64_t>(e),
                            s.after[last] * static_cast<int64_t>(e)};
  return simsiam::chooseUnit(e, bytes, 3);
}

void padCase(parity::Context& ctx, const PadShape& s, size_t e, int unit) {
  ctx.expectTrue(unitOf(s, e) == unit, "pads in units of " + std::to_string(unitOf(s, e)) + " bytes, not " +
                                           std::to_string(unit));
  int64_t xn = 1;
  for (int d = 0; d < s.rank; ++d) xn *= s.dims[d];
  const std::vector<uint8_t> x = parity::randomBytes(ctx.rng, xn * e), value = parity::randomBytes(ctx.rng, e);
  std::vector<uint8_t> want(outSize(s) * e);
  simsiam::padCpu(s, e, x.data(), value.data(), want.data());
  DeviceBuffer<uint8_t> dx(x), dy(want.size());
  ctx.launched(simsiam::padCuda(s, e, dx, value.data(), dy, ctx.stream()), "padCuda");
  ctx.expectBits("pad", dy.download(), want);
}

// float32 through padV2Cpu, the cpu backend's entry.
void floatCase(parity::Context& ctx, const PadShape& s, float value) {
  int64_t xn = 1;
  for (int d = 0; d < s.rank; ++d) xn *= s.dims[d];
  const std::vector<float> x = ctx.rng.floatsWithSpecials(xn);
  std::vector<float> want(outSize(s));
  simsiam::padV2Cpu(s, x.data(), value, want.data());
  DeviceBuffer<float> dx(x), dy(want.size());
  ctx.launched(simsiam::padCuda(s, 4, dx, &value, dy, ctx.stream()), "padCuda (float32)");
  ctx.expectBits("pad", dy.download(), want);
}

}  // namespace

PARITY_CASE("PadV2/float32 NHWC spatial padding, NaN and -0 values") {
  // Channels merge into W: whole 16-byte runs.
  floatCase(ctx, padShape({2, 5, 5, 8}, {0, 1, 2, 0}, {0, 1, 2, 0}), 0.f);
  floatCase(ctx, padShape({1, 3, 4, 3}, {0, 2, 1, 0}, {0, 0, 3, 0}), -0.f);
  floatCase(ctx, padShape({3, 7}, {1, 0}, {2, 5}), std::numeric_limits<float>::quiet_NaN());
  floatCase(ctx, padShape({1100, 3}, {1, 1}, {0, 2}), 1.5f);  // > 1024 rows
  floatCase(ctx, padShape({}, {}, {}), 2.f);                  // a scalar
}

PARITY_CASE("PadV2/every element size and unit") {
  // [rows, k]: pads and width in whole units of 16, 8, 4, 2 or 1 bytes.
  padCase(ctx, padShape({3, 4}, {1, 4}, {2, 8}), 4, 16);
  padCase(ctx, padShape({3, 2}, {1, 2}, {0, 4}), 4, 8);
  padCase(ctx, padShape({3, 5}, {2, 1}, {1, 2}), 4, 4);
  padCase(ctx, padShape({4, 6}, {1, 2}, {1, 4}), 1, 2);
  padCase(ctx, padShape({4, 5}, {1, 1}, {2, 3}), 1, 1);
  padCase(ctx, padShape({3, 8}, {0, 8}, {1, 0}), 1, 8);
  padCase(ctx, padShape({5, 3}, {1, 1}, {1, 2}), 2, 2);
  padCase(ctx, padShape({2, 3, 4}, {1, 0, 4}, {1, 0, 4}), 2, 8);
  padCase(ctx, padShape({7, 3}, {1, 1}, {2, 0}), 8, 8);
  padCase(ctx, padShape({7, 2}, {1, 2}, {2, 0}), 8, 16);
  padCase(ctx, padShape({2, 2, 3}, {1, 1, 0}, {0, 2, 0}), 4, 4);
}

PARITY_CASE("PadV2/empty x, zero pads, empty output") {
  padCase(ctx, padShape({0, 3}, {2, 1}, {1, 0}), 4, 4);  // every output element is the value
  padCase(ctx, padShape({4, 6}, {0, 0}, {0, 0}), 4, 16);  // a plain copy
  DeviceBuffer<uint8_t> x(16), y(16);
  const uint32_t v = 7;
  ctx.launched(simsiam::padCuda(padShape({3, 0}, {1, 0}, {1, 0}), 4, x, &v, y, ctx.stream()), "pad to nothing");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint8_t>(16));
}

PARITY_CASE("PadV2/3-byte elements refused") {
  DeviceBuffer<uint8_t> x(64), y(64);
  const uint8_t v[3] = {1, 2, 3};
  ctx.refused(simsiam::padCuda(padShape({5}, {1}, {1}), 3, x, v, y, ctx.stream()), "pad of 3-byte elements");
}
