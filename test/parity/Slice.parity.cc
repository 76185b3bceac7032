// Slice.cu (stridedCopyCuda) against Slice.cc (stridedCopyCpu, and sliceCpu
// for float32 slices): every unit (1, 2, 4, 8, 16 bytes) with 32- and 64-bit
// index math, negative strides, non-unit steps, writes into part of a larger
// y. Data movement: bit for bit, y's untouched bytes included.
#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Slice.h"

using parity::DeviceBuffer;
using simsiam::StridedCopy;

namespace {

StridedCopy strided(std::vector<int64_t> size, std::vector<int64_t> xStride, std::vector<int64_t> yStride,
                    int64_t xOffset = 0, int64_t yOffset = 0) {
  StridedCopy c;
  c.rank = static_cast<int>(size.size());
  for (int d = 0; d < c.rank; ++d) c.size[d] = size[d], c.xStride[d] = xStride[d], c.yStride[d] = yStride[d];
  c.xOffset = xOffset;
  c.yOffset = yOffset;
  return c;
}

// The unit and index width the launcher picks, checked so each case reaches
// the instantiation it is meant for.
void expectPlan(parity::Context& ctx, const StridedCopy& c, size_t e, int unit, bool int32) {
  int u = 0;
  const StridedCopy w = simsiam::widen(simplify(c), e, &u);
  ctx.expectTrue(u == unit, "moves units of " + std::to_string(u) + " bytes, not " + std::to_string(unit));
  ctx.expectTrue(simsiam::fitsInt32(w) == int32, int32 ? "expected 32-bit index math" : "expected 64-bit index math");
}

// x and y hold xElems / yElems elements of e bytes; the copy gets pointers
// xBase / yBase elements in (so offsets may be negative).
void copyCase(parity::Context& ctx, const StridedCopy& c, size_t e, int64_t xElems, int64_t yElems, int unit,
              bool int32 = true, int64_t xBase = 0, int64_t yBase = 0) {
  expectPlan(ctx, c, e, unit, int32);
  const std::vector<uint8_t> x = parity::randomBytes(ctx.rng, xElems * e);
  std::vector<uint8_t> want = parity::untouched<uint8_t>(yElems * e);
  simsiam::stridedCopyCpu(c, e, x.data() + xBase * e, want.data() + yBase * e);
  DeviceBuffer<uint8_t> dx(x), dy(yElems * e);
  ctx.launched(simsiam::stridedCopyCuda(c, e, dx.get() + xBase * e, dy.get() + yBase * e, ctx.stream()),
               "stridedCopyCuda");
  ctx.expectBits("strided copy", dy.download(), want);
}

// A float32 slice: the strided copy, and sliceCpu too.
void sliceCase(parity::Context& ctx, std::vector<int64_t> dims, std::vector<int64_t> begin, std::vector<int64_t> size,
               int unit) {
  simsiam::SliceShape s{static_cast<int>(dims.size()), {}, {}, {}};
  for (int d = 0; d < s.rank; ++d) s.dims[d] = dims[d], s.begin[d] = begin[d], s.size[d] = size[d];
  const StridedCopy c = simsiam::sliceCopy(s, nullptr);
  expectPlan(ctx, c, 4, unit, true);
  const std::vector<float> x = ctx.rng.floatsWithSpecials(parity::product(dims));
  std::vector<float> want(parity::product(size));
  simsiam::sliceCpu(s, x.data(), want.data());
  DeviceBuffer<float> dx(x), dy(want.size());
  ctx.launched(simsiam::stridedCopyCuda(c, 4, dx, dy, ctx.stream()), "stridedCopyCuda (slice)");
  ctx.expectBits("slice", dy.download(), want);
}

}  // namespace

PARITY_CASE("Slice/float32 slices in 16-, 8- and 4-byte units") {
  sliceCase(ctx, {3, 5, 8}, {1, 1, 0}, {2, 3, 8}, 16);
  sliceCase(ctx, {4, 6}, {1, 2}, {3, 2}, 8);
  sliceCase(ctx, {5, 7}, {1, 1}, {3, 5}, 4);
  sliceCase(ctx, {1100, 9}, {3, 2}, {1090, 5}, 4);   // > 1024 rows
  sliceCase(ctx, {1, 37}, {0, 0}, {1, 37}, 4);       // batch 1, whole
  sliceCase(ctx, {}, {}, {}, 4);                     // a scalar
  sliceCase(ctx, {2, 3, 4, 8}, {1, 0, 1, 0}, {1, 3, 2, 8}, 16);
}

PARITY_CASE("Slice/bool slices in 2- and 1-byte units") {
  // [6, 10] -> rows of 6 bytes at even offsets: 2-byte units; odd: 1-byte.
  copyCase(ctx, strided({4, 6}, {10, 1}, {6, 1}, 12), 1, 60, 24, 2);
  copyCase(ctx, strided({4, 5}, {10, 1}, {5, 1}, 11), 1, 60, 20, 1);
  copyCase(ctx, strided({1031, 3}, {7, 1}, {3, 1}, 2), 1, 1031 * 7, 1031 * 3, 1);
}

PARITY_CASE("Slice/every element size with steps (StridedSlice)") {
  // Every other element of every other row: no widening, unit = element.
  for (size_t e : {1, 2, 4, 8, 16})
    copyCase(ctx, strided({5, 6}, {24, 2}, {6, 1}, 1), e, 120, 30, static_cast<int>(e));
}

PARITY_CASE("Slice/negative strides, every element size") {
  // [5, 7] reversed on both axes: the innermost stride is -1, unit = element.
  for (size_t e : {1, 2, 4, 8, 16})
    copyCase(ctx, strided({5, 7}, {-7, -1}, {7, 1}, 34), e, 35, 35, static_cast<int>(e));
  // Rows reversed, each row kept: widened to 16-byte units, stride -2 units.
  copyCase(ctx, strided({6, 8}, {-8, 1}, {8, 1}, 40), 4, 48, 48, 16);
  // Reversed with a step of -3 over > 1024 rows.
  copyCase(ctx, strided({1100, 3}, {-3, -2}, {3, 1}, 3299 + 4), 4, 3304, 3300, 4);
}

PARITY_CASE("Slice/into part of a larger y (Concat)") {
  // Two pieces side by side in [3, 10]: columns [0, 6) then [6, 10).
  copyCase(ctx, strided({3, 6}, {6, 1}, {10, 1}, 0, 0), 4, 18, 30, 8);
  copyCase(ctx, strided({3, 4}, {4, 1}, {10, 1}, 0, 6), 4, 12, 30, 8);
  copyCase(ctx, strided({3, 3}, {3, 1}, {10, 1}, 0, 7), 1, 9, 30, 1);
}

// 64-bit index math for every unit without a 2^31-element buffer: a negative
// offset (the copy's pointer is inside its buffer) takes the path too.
PARITY_CASE("Slice/64-bit index math, every unit") {
  for (size_t e : {1, 2, 4, 8, 16})  // not widened: steps of 2
    copyCase(ctx, strided({4, 5}, {10, 2}, {5, 1}, -20), e, 60, 20, static_cast<int>(e), false, 20, 0);
  copyCase(ctx, strided({3, 8}, {8, 1}, {8, 1}, -24), 4, 48, 24, 16, false, 24, 0);  // widened to 16 bytes
  copyCase(ctx, strided({3, 2}, {4, 1}, {2, 1}, 0, -6), 4, 12, 12, 8, false, 0, 6);   // y side, 8 bytes
}

PARITY_CASE("Slice/empty, unsupported unit refused") {
  DeviceBuffer<uint8_t> x(64), y(64);
  ctx.launched(simsiam::stridedCopyCuda(strided({3, 0}, {1, 1}, {1, 1}), 4, x, y, ctx.stream()), "copy of nothing");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint8_t>(64));
  // 3-byte elements in a run of 15 bytes: no unit fits.
  ctx.refused(simsiam::stridedCopyCuda(strided({5}, {1}, {1}), 3, x, y, ctx.stream()), "copy of 3-byte elements");
}
