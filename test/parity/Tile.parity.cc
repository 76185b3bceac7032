// Tile.cu (tileCuda) against Tile.cc (tileCpu): every unit (1 to 16 bytes),
// merged dimensions (copied-once neighbours, pure repeats), a scalar, > 1024
// rows, zero dims or reps. Bit for bit.
#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Movement.h"
#include "kernels/Tile.h"

using parity::DeviceBuffer;
using simsiam::TileShape;

namespace {

TileShape tileShape(std::vector<int64_t> dims, std::vector<int64_t> reps) {
  TileShape s{static_cast<int>(dims.size()), {}, {}};
  for (int d = 0; d < s.rank; ++d) s.dims[d] = dims[d], s.reps[d] = reps[d];
  return s;
}

// The unit tileCuda moves, as it computes it.
int unitOf(const TileShape& shape, size_t e) {
  const TileShape s = simsiam::collapseTile(shape);
  const int64_t bytes[1] = {s.dims[s.rank - 1] * static_cast<int64_t>(e)};
  return simsiam::chooseUnit(e, bytes, 1);
}

void tileCase(parity::Context& ctx, const TileShape& s, size_t e, int unit) {
  ctx.expectTrue(unitOf(s, e) == unit,
                 "tiles in units of " + std::to_string(unitOf(s, e)) + " bytes, not " + std::to_string(unit));
  const int64_t xn = simsiam::shapeSize(s.dims, s.rank), yn = xn * simsiam::shapeSize(s.reps, s.rank);
  const std::vector<uint8_t> x = parity::randomBytes(ctx.rng, xn * e);
  std::vector<uint8_t> want(yn * e);
  simsiam::tileCpu(s, e, x.data(), want.data());
  DeviceBuffer<uint8_t> dx(x), dy(want.size());
  ctx.launched(simsiam::tileCuda(s, e, dx, dy, ctx.stream()), "tileCuda");
  ctx.expectBits("tile", dy.download(), want);
}

}  // namespace

PARITY_CASE("Tile/float32 through the cpu backend's entry") {
  const TileShape s = tileShape({2, 3, 5}, {2, 1, 3});
  const std::vector<float> x = ctx.rng.floatsWithSpecials(30);
  std::vector<float> want(180);
  simsiam::tileCpu(s, x.data(), want.data());
  DeviceBuffer<float> dx(x), dy(180);
  ctx.launched(simsiam::tileCuda(s, 4, dx, dy, ctx.stream()), "tileCuda");
  ctx.expectBits("tile", dy.download(), want);
}

PARITY_CASE("Tile/every unit") {
  tileCase(ctx, tileShape({3}, {5}), 1, 1);
  tileCase(ctx, tileShape({2, 6}, {3, 2}), 1, 2);
  tileCase(ctx, tileShape({2, 3}, {3, 2}), 4, 4);
  tileCase(ctx, tileShape({2, 2}, {2, 3}), 4, 8);
  tileCase(ctx, tileShape({4}, {5}), 4, 16);
  tileCase(ctx, tileShape({3, 5}, {2, 3}), 2, 2);
  tileCase(ctx, tileShape({3, 3}, {2, 2}), 8, 8);
  tileCase(ctx, tileShape({2, 3}, {3, 2}), 16, 16);
}

PARITY_CASE("Tile/merged dimensions, scalar, > 1024 rows") {
  tileCase(ctx, tileShape({2, 1, 1, 3}, {1, 2, 3, 1}), 4, 4);  // pure repeat of size-1 neighbours
  tileCase(ctx, tileShape({4, 2, 3, 5}, {1, 1, 2, 1}), 4, 4);  // copied-once neighbours
  tileCase(ctx, tileShape({1, 1}, {1, 1}), 4, 4);              // nothing left: one element
  tileCase(ctx, tileShape({}, {}), 1, 1);                      // a scalar
  tileCase(ctx, tileShape({1100, 3}, {2, 3}), 4, 4);
  tileCase(ctx, tileShape({1, 7}, {1031, 1}), 1, 1);            // batch 1 repeated
}

PARITY_CASE("Tile/zero dims or reps, 3-byte elements refused") {
  DeviceBuffer<uint8_t> x(16), y(16);
  ctx.launched(simsiam::tileCuda(tileShape({0, 3}, {2, 2}), 4, x, y, ctx.stream()), "tile of nothing");
  ctx.launched(simsiam::tileCuda(tileShape({2, 3}, {2, 0}), 4, x, y, ctx.stream()), "tile zero times");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint8_t>(16));
  ctx.refused(simsiam::tileCuda(tileShape({5}, {2}), 3, x, y, ctx.stream()), "tile of 3-byte elements");
}
