// Transpose.cu (transposeCuda) against Transpose.cc (transposeCpu): the
// tiled kernel ([B, R, C] -> [B, C, R]) for every unit size, odd sizes, grids
// split above 65535 blocks in y and z; the general path (the strided copy)
// for every element size. Bit for bit.
#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Transpose.h"

using parity::DeviceBuffer;
using simsiam::TransposeShape;

namespace {

TransposeShape transposeShape(std::vector<int64_t> dims, std::vector<int> perm) {
  TransposeShape s{static_cast<int>(dims.size()), {}, {}};
  for (int d = 0; d < s.rank; ++d) s.dims[d] = dims[d], s.perm[d] = perm[d];
  return s;
}

bool tiled(const TransposeShape& s) {
  int64_t b, r, c;
  return simsiam::batchedTranspose2D(simsiam::collapseTranspose(s), &b, &r, &c);
}

// tiledPath: whether the shape is meant for the tiled kernel (checked).
void transposeCase(parity::Context& ctx, const TransposeShape& s, size_t e, bool tiledPath) {
  ctx.expectTrue(tiled(s) == tiledPath, tiledPath ? "expected the tiled kernel" : "expected the strided copy");
  const int64_t n = simsiam::shapeSize(s.dims, s.rank);
  const std::vector<uint8_t> x = parity::randomBytes(ctx.rng, n * e);
  std::vector<uint8_t> want(n * e);
  simsiam::transposeCpu(s, e, x.data(), want.data());
  DeviceBuffer<uint8_t> dx(x), dy(n * e);
  ctx.launched(simsiam::transposeCuda(s, e, dx, dy, ctx.stream()), "transposeCuda");
  ctx.expectBits("transpose", dy.download(), want);
}

}  // namespace

PARITY_CASE("Transpose/tiled, every unit size") {
  for (size_t e : {1, 2, 4, 8, 16}) {
    transposeCase(ctx, transposeShape({37, 45}, {1, 0}), e, true);           // batch 1, partial tiles
    transposeCase(ctx, transposeShape({3, 33, 65}, {0, 2, 1}), e, true);     // batched
    transposeCase(ctx, transposeShape({2, 5, 7, 3}, {0, 3, 1, 2}), e, true); // NHWC -> NCHW
  }
  transposeCase(ctx, transposeShape({1100, 3}, {1, 0}), 4, true);  // > 1024 rows
  transposeCase(ctx, transposeShape({2, 3, 1, 4}, {0, 3, 2, 1}), 4, true);  // size-1 axis dropped
}

// Grids capped at 65535 blocks in y (rows) and z (batches): the block loops
// take the rest (65535 blocks of 256 threads at least: the slow cases on the
// emulator, run in its plain forward order only).
PARITY_CASE("Transpose/tiled, more than 65535 row tiles") {
  transposeCase(ctx, transposeShape({65535 * 32 + 40, 2}, {1, 0}), 1, true);
}
PARITY_CASE("Transpose/tiled, more than 65535 batches") {
  transposeCase(ctx, transposeShape({65600, 2, 2}, {0, 2, 1}), 1, true);
}

PARITY_CASE("Transpose/general permutations, every element size") {
  for (size_t e : {1, 2, 4, 8, 16}) {
    transposeCase(ctx, transposeShape({3, 4, 5}, {2, 1, 0}), e, false);
    transposeCase(ctx, transposeShape({2, 3, 4, 5}, {3, 1, 2, 0}), e, false);
  }
  transposeCase(ctx, transposeShape({4, 6, 8}, {1, 0, 2}), 4, false);  // innermost axis kept: 16-byte units
  transposeCase(ctx, transposeShape({3, 5, 3}, {1, 0, 2}), 1, false);  // kept, 1-byte units
  transposeCase(ctx, transposeShape({2, 3, 4}, {0, 1, 2}), 4, false);  // identity
  transposeCase(ctx, transposeShape({1, 1}, {1, 0}), 4, false);        // one element
  transposeCase(ctx, transposeShape({1031, 2, 3}, {2, 0, 1}), 2, true);  // [C, HW] -> [HW, C] after merging
}

PARITY_CASE("Transpose/empty, 3-byte elements and oversized grids refused") {
  DeviceBuffer<uint8_t> x(64), y(64);
  ctx.launched(simsiam::transposeCuda(transposeShape({0, 5}, {1, 0}), 4, x, y, ctx.stream()), "transpose of nothing");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint8_t>(64));
  // No tiled kernel and no unit for 3-byte elements.
  ctx.refused(simsiam::transposeCuda(transposeShape({4, 5}, {1, 0}), 3, x, y, ctx.stream()), "3-byte elements");
  // 2^32 column tiles: refused before anything is read.
  ctx.refused(simsiam::transposeCuda(transposeShape({2, int64_t{1} << 37}, {1, 0}), 4, x, y, ctx.stream()),
              "a grid of 2^32 blocks in x");
}
