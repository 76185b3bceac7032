// Gather.cu (gatherCuda) against Gather.cc (gatherCpu): 4- and 1-byte
// elements, batch dims, outer dims, slices of one element, indices outside
// [0, dim) (zeros). Bit for bit.
#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Gather.h"

using parity::DeviceBuffer;
using simsiam::GatherShape;

namespace {

void gatherCase(parity::Context& ctx, int e, GatherShape s) {
  const std::vector<uint8_t> x = parity::randomBytes(ctx.rng, s.batch * s.outer * s.dim * s.slice * e);
  // Mostly valid indices; about 1 in 6 outside [0, dim).
  std::vector<int32_t> idx = ctx.rng.ints(s.batch * s.count, 0, s.dim - 1);
  for (auto& i : idx) {
    const uint64_t r = ctx.rng.next() % 12;
    if (r == 0) i = -1;
    else if (r == 1) i = static_cast<int32_t>(s.dim);
    else if (r == 2) i = ctx.rng.next() % 2 ? 2147483647 : -2147483647 - 1;
  }
  std::vector<uint8_t> want(s.batch * s.outer * s.count * s.slice * e);
  simsiam::gatherCpu(e, s, x.data(), idx.data(), want.data());
  DeviceBuffer<uint8_t> dx(x), dy(want.size());
  DeviceBuffer<int32_t> di(idx);
  ctx.launched(simsiam::gatherCuda(e, s, dx, di, dy, ctx.stream()), "gatherCuda");
  ctx.expectBits("gather", dy.download(), want);
}

}  // namespace

// {batch, outer, dim, slice, count}
PARITY_CASE("Gather/4-byte elements") {
  gatherCase(ctx, 4, {1, 1, 10, 7, 13});     // rows of a matrix
  gatherCase(ctx, 4, {1, 3, 5, 1, 9});       // an inner axis, slices of one
  gatherCase(ctx, 4, {2, 3, 6, 4, 5});       // batch dims
  gatherCase(ctx, 4, {1, 1, 1, 1, 1});       // one element
  gatherCase(ctx, 4, {1, 1, 2000, 3, 1031}); // > 1024 rows
}
PARITY_CASE("Gather/1-byte elements") {
  gatherCase(ctx, 1, {1, 1, 10, 7, 13});
  gatherCase(ctx, 1, {3, 2, 4, 3, 5});
  gatherCase(ctx, 1, {1, 7, 3, 1, 1});
}

PARITY_CASE("Gather/empty, 2-byte elements refused") {
  DeviceBuffer<uint8_t> x(16), y(16);
  DeviceBuffer<int32_t> idx(4);
  ctx.launched(simsiam::gatherCuda(4, {1, 2, 3, 2, 0}, x, idx, y, ctx.stream()), "gather of no indices");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint8_t>(16));
  ctx.refused(simsiam::gatherCuda(2, {1, 1, 4, 1, 2}, x, idx, y, ctx.stream()), "gather of 2-byte elements");
}
