// OneHot.cu (oneHotCuda) against OneHot.cc (oneHotCpu): depth 1 and odd
// depths, one index and > 1024, indices outside [0, depth) (a row of off),
// float32 and int32 on/off bit patterns. Bit for bit.
#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/OneHot.h"

using parity::DeviceBuffer;

namespace {

void oneHotCase(parity::Context& ctx, int64_t count, int64_t depth, uint32_t on, uint32_t off) {
  std::vector<int32_t> idx = ctx.rng.ints(count, -2, depth + 1);
  if (count > 2) idx[0] = -2147483647 - 1, idx[1] = 2147483647;
  std::vector<uint32_t> want(count * depth);
  simsiam::oneHotCpu(idx.data(), want.data(), count, depth, on, off);
  DeviceBuffer<int32_t> di(idx);
  DeviceBuffer<uint32_t> dy(want.size());
  ctx.launched(simsiam::oneHotCuda(di, dy, count, depth, on, off, ctx.stream()), "oneHotCuda");
  ctx.expectBits("oneHot", dy.download(), want);
}

}  // namespace

PARITY_CASE("OneHot/float32 1 and 0") {
  const uint32_t one = parity::bitsOf(1.f), zero = parity::bitsOf(0.f);
  oneHotCase(ctx, 1, 1, one, zero);
  oneHotCase(ctx, 1, 10, one, zero);
  oneHotCase(ctx, 37, 1, one, zero);
  oneHotCase(ctx, 37, 11, one, zero);
  oneHotCase(ctx, 1100, 10, one, zero);  // > 1024 rows
}
PARITY_CASE("OneHot/int32 and odd on/off values") {
  oneHotCase(ctx, 513, 7, 1, 0);
  oneHotCase(ctx, 64, 300, 0xFFFFFFFFu, 5);
  oneHotCase(ctx, 20, 3, parity::bitsOf(-0.f), 0x7fc00001u);  // -0 on, a NaN payload off
}
PARITY_CASE("OneHot/empty") {
  DeviceBuffer<int32_t> idx(4);
  DeviceBuffer<uint32_t> y(4);
  ctx.launched(simsiam::oneHotCuda(idx, y, 0, 5, 1, 0, ctx.stream()), "no indices");
  ctx.launched(simsiam::oneHotCuda(idx, y, 4, 0, 1, 0, ctx.stream()), "depth 0");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint32_t>(4));
}
