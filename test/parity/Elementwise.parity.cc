// Elementwise.cu (binaryCuda) against Elementwise.cc (binaryCpu): every
// BinaryOp on the flat kernel (same shape, scalar on either side, one
// element) and the broadcast kernel (int32 index).
#include <limits>

#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Elementwise.h"

using parity::DeviceBuffer;
using simsiam::BinaryOp;

namespace {

struct Shapes {
  std::vector<int64_t> a, b;
};

// Same shape, scalar right, scalar left, both scalars (flat kernel); row,
// channel (NHWC), both sides, batch 1 and > 1024 rows (broadcast kernel).
const Shapes kShapes[] = {
    {{7, 13}, {7, 13}},   {{5, 3}, {}},          {{}, {4, 9}},     {{}, {}},
    {{6, 1, 5}, {4, 5}},  {{2, 3, 3, 17}, {17}}, {{3, 1, 4}, {1, 5, 1}}, {{1, 31}, {1, 31}},
    {{1100, 3}, {1100, 1}}, {{1}, {1029, 1, 7}}, {{2, 1, 3, 1, 5}, {1, 4, 1, 6, 1}},
};

// Inputs without denormals: the CPU reference runs under FTZ/DAZ (parallelFor).
std::vector<float> inputs(parity::Context& ctx, BinaryOp op, int64_t n) {
  if (op == BinaryOp::kPow) {  // bases around 1, moderate exponents: no overflow to denormals
    std::vector<float> v = ctx.rng.floats(n, 0.1, 2.0);
    return v;
  }
  return ctx.rng.floatsWithSpecials(n, -2.0, 2.0);
}

void check(parity::Context& ctx, BinaryOp op, const std::vector<float>& got, const std::vector<float>& want) {
  if (op == BinaryOp::kPow)  // pow in double, rounded once: CUDA's pow and glibc's may differ by one float ulp
    ctx.expectClose("pow", got, want, 1.2e-7, 1e-37);
  else  // IEEE float ops, or double ops without a libm call (SquaredDifference)
    parity::expectSameFloats(ctx, "binary", got, want);
}

void runShape(parity::Context& ctx, BinaryOp op, const Shapes& sh, std::vector<float> a, std::vector<float> b) {
  const simsiam::BroadcastShapes s = parity::broadcastShapes(sh.a, sh.b);
  const int64_t n = simsiam::shapeSize(s.out, s.rank);
  std::vector<float> want(n);
  simsiam::binaryCpu(op, s, a.data(), b.data(), want.data());
  DeviceBuffer<float> da(a), db(b), dy(n);
  ctx.launched(simsiam::binaryCuda(op, s, da, db, dy, ctx.stream()), "binaryCuda");
  check(ctx, op, dy.download(), want);
}

void everyShape(parity::Context& ctx, BinaryOp op) {
  for (const Shapes& sh : kShapes) {
    auto a = inputs(ctx, op, parity::product(sh.a));
    auto b = op == BinaryOp::kPow ? ctx.rng.floats(parity::product(sh.b), -3.0, 3.0) : inputs(ctx, op, parity::product(sh.b));
    runShape(ctx, op, sh, a, b);
  }
}

}  // namespace

PARITY_CASE("Elementwise/Add, every shape") { everyShape(ctx, BinaryOp::kAdd); }
PARITY_CASE("Elementwise/Sub, every shape") { everyShape(ctx, BinaryOp::kSub); }
PARITY_CASE("Elementwise/Multiply, every shape") { everyShape(ctx, BinaryOp::kMultiply); }
PARITY_CASE("Elementwise/RealDiv, every shape") { everyShape(ctx, BinaryOp::kRealDiv); }
PARITY_CASE("Elementwise/SquaredDifference, every shape") { everyShape(ctx, BinaryOp::kSquaredDifference); }
PARITY_CASE("Elementwise/Maximum, every shape") { everyShape(ctx, BinaryOp::kMaximum); }
PARITY_CASE("Elementwise/Minimum, every shape") { everyShape(ctx, BinaryOp::kMinimum); }
PARITY_CASE("Elementwise/Pow, every shape") { everyShape(ctx, BinaryOp::kPow); }

// Every pair of NaN, +-Infinity, +-0, +-1 and ordinary values, for every op:
// Math.max/min's NaN and signed zeros, Math.pow's 1 ** NaN and (+-1) ** +-Infinity.
PARITY_CASE("Elementwise/specials, every op") {
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> v = {nan, inf, -inf, 0.f, -0.f, 1.f, -1.f, 2.f, -0.5f, 3.f, 1.f / 3.f, -8.f};
  const int64_t k = static_cast<int64_t>(v.size());
  std::vector<float> a(k * k), b(k * k);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < k; ++j) a[i * k + j] = v[i], b[i * k + j] = v[j];
  for (int op = 0; op < static_cast<int>(BinaryOp::kCount); ++op)
    runShape(ctx, static_cast<BinaryOp>(op), {{k * k}, {k * k}}, a, b);
}

PARITY_CASE("Elementwise/empty output, unknown op refused") {
  DeviceBuffer<float> a(4), b(4), y(4);
  const simsiam::BroadcastShapes empty = parity::broadcastShapes({0, 4}, {4});
  ctx.launched(simsiam::binaryCuda(BinaryOp::kAdd, empty, a, b, y, ctx.stream()), "binaryCuda of nothing");
  ctx.expectBits("untouched", y.download(), parity::untouched<float>(4));
  const simsiam::BroadcastShapes s = parity::broadcastShapes({4}, {4});
  ctx.refused(simsiam::binaryCuda(BinaryOp::kCount, s, a, b, y, ctx.stream()), "binaryCuda(kCount)");
}
