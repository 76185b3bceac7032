// Compare.cu (compareCuda, logicalNotCuda) against Compare.cc: every
// CompareOp on every element type (the kernel is instantiated for each pair,
// LogicalAnd/Or on float and int32 included) over same-shape, scalar and
// broadcast operands (int32 index). Comparisons are exact: bit for bit.
#include <limits>

#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Compare.h"

using parity::DeviceBuffer;
using simsiam::CompareOp;
using simsiam::ElementType;

namespace {

struct Shapes {
  std::vector<int64_t> a, b;
};

const Shapes kShapes[] = {
    {{7, 13}, {7, 13}}, {{5, 3}, {}},        {{}, {4, 9}},          {{}, {}},
    {{6, 1, 5}, {4, 5}}, {{3, 1, 4}, {1, 5, 1}}, {{1100, 3}, {1100, 1}}, {{1, 33}, {2, 1}},
};

// Values drawn from a small pool so that equal operands are common; float
// pools carry NaN, +-Infinity, +-0 and denormals (compared as IEEE values on
// the calling thread, no FTZ), int32 its extremes, bool 0, 1 and a stray 2.
// LogicalAnd/Or on float return an operand converted to uint8, defined only
// for values in (-1, 256): their pool keeps to those.
std::vector<uint8_t> values(parity::Context& ctx, CompareOp op, ElementType type, int64_t n) {
  const float inf = std::numeric_limits<float>::infinity();
  static const float kFloats[] = {std::numeric_limits<float>::quiet_NaN(), inf, -inf, 0.f, -0.f, 1e-40f, -1e-40f,
                                  1.f, -1.f, 0.5f, 3.25f, -7.f};
  static const float kLogicalFloats[] = {0.f, -0.f, 1e-40f, -1e-40f, 0.5f, 1.f, 3.25f, 200.f, 0.f, 1.f, -0.5f, 255.f};
  const bool logical = op == CompareOp::kLogicalAnd || op == CompareOp::kLogicalOr;
  static const int32_t kInts[] = {0, 1, -1, 2, 7, -7, std::numeric_limits<int32_t>::min(),
                                  std::numeric_limits<int32_t>::max()};
  static const uint8_t kBools[] = {0, 1, 1, 0, 2};
  const size_t e = simsiam::elementBytes(type);
  std::vector<uint8_t> v(n * e);
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t r = ctx.rng.next();
    if (type == ElementType::kFloat32) std::memcpy(&v[i * 4], &(logical ? kLogicalFloats : kFloats)[r % 12], 4);
    else if (type == ElementType::kInt32) std::memcpy(&v[i * 4], &kInts[r % 8], 4);
    else v[i] = kBools[r % 5];
  }
  return v;
}

void runShape(parity::Context& ctx, CompareOp op, ElementType type, const Shapes& sh) {
  const simsiam::BroadcastShapes s = parity::broadcastShapes(sh.a, sh.b);
  const int64_t n = simsiam::shapeSize(s.out, s.rank);
  const std::vector<uint8_t> a = values(ctx, op, type, parity::product(sh.a)), b = values(ctx, op, type, parity::product(sh.b));
  std::vector<uint8_t> want(n);
  simsiam::compareCpu(op, type, s, a.data(), b.data(), want.data());
  DeviceBuffer<uint8_t> da(a), db(b), dy(n);
  ctx.launched(simsiam::compareCuda(op, type, s, da, db, dy, ctx.stream()), "compareCuda");
  ctx.expectBits("compare", dy.download(), want);
}

void everyTypeAndShape(parity::Context& ctx, CompareOp op) {
  for (int t = 0; t < static_cast<int>(ElementType::kCount); ++t)
    for (const Shapes& sh : kShapes) runShape(ctx, op, static_cast<ElementType>(t), sh);
}

}  // namespace

PARITY_CASE("Compare/Greater") { everyTypeAndShape(ctx, CompareOp::kGreater); }
PARITY_CASE("Compare/GreaterEqual") { everyTypeAndShape(ctx, CompareOp::kGreaterEqual); }
PARITY_CASE("Compare/Less") { everyTypeAndShape(ctx, CompareOp::kLess); }
PARITY_CASE("Compare/LessEqual") { everyTypeAndShape(ctx, CompareOp::kLessEqual); }
PARITY_CASE("Compare/Equal") { everyTypeAndShape(ctx, CompareOp::kEqual); }
PARITY_CASE("Compare/NotEqual") { everyTypeAndShape(ctx, CompareOp::kNotEqual); }
PARITY_CASE("Compare/LogicalAnd") { everyTypeAndShape(ctx, CompareOp::kLogicalAnd); }
PARITY_CASE("Compare/LogicalOr") { everyTypeAndShape(ctx, CompareOp::kLogicalOr); }

PARITY_CASE("Compare/LogicalNot, 1 and odd sizes") {
  for (int64_t n : {1, 255, 1031, 70001}) {
    std::vector<uint8_t> x = parity::randomBytes(ctx.rng, n), want(n);
    for (int64_t i = 0; i < n; i += 3) x[i] = static_cast<uint8_t>(i % 2);  // plenty of 0 and 1
    simsiam::logicalNotCpu(x.data(), want.data(), n);
    DeviceBuffer<uint8_t> dx(x), dy(n);
    ctx.launched(simsiam::logicalNotCuda(dx, dy, n, ctx.stream()), "logicalNotCuda");
    ctx.expectBits("logicalNot", dy.download(), want);
  }
}

PARITY_CASE("Compare/empty, unknown op or type refused") {
  DeviceBuffer<uint8_t> a(16), b(16), y(4);
  const simsiam::BroadcastShapes empty = parity::broadcastShapes({4, 0}, {1});
  ctx.launched(simsiam::compareCuda(CompareOp::kLess, ElementType::kFloat32, empty, a, b, y, ctx.stream()),
               "compareCuda of nothing");
  ctx.launched(simsiam::logicalNotCuda(a, y, 0, ctx.stream()), "logicalNotCuda of nothing");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint8_t>(4));
  const simsiam::BroadcastShapes s = parity::broadcastShapes({4}, {4});
  ctx.refused(simsiam::compareCuda(CompareOp::kCount, ElementType::kInt32, s, a, b, y, ctx.stream()),
              "compareCuda(kCount)");
  ctx.refused(simsiam::compareCuda(CompareOp::kEqual, ElementType::kCount, s, a, b, y, ctx.stream()),
              "compareCuda(type kCount)");
}
