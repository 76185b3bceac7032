// Unary.cu (unaryCuda) against Unary.cc (unaryCpu): every UnaryOp, alpha
// ops (Step's value for x <= 0, LeakyRelu's slope) with more than one alpha,
// NaN / +-Infinity / +-0 inputs, one element and odd sizes over many blocks.
#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Unary.h"

using parity::DeviceBuffer;
using simsiam::UnaryOp;

namespace {

// exp, log and tanh are libm calls in double, rounded once to float: CUDA's
// and glibc's may differ by one float ulp (conformance: roundedFromDouble).
// Every other op is an IEEE float operation, or double + - * / sqrt, and must
// match bit for bit (NaN payloads aside).
bool roundedFromLibm(UnaryOp op) {
  return op == UnaryOp::kExp || op == UnaryOp::kLog || op == UnaryOp::kSigmoid || op == UnaryOp::kTanh ||
         op == UnaryOp::kElu;
}

void runOp(parity::Context& ctx, UnaryOp op, const std::vector<float>& x, float alpha) {
  const int64_t n = static_cast<int64_t>(x.size());
  std::vector<float> want(n);
  simsiam::unaryCpu(op, x.data(), want.data(), n, alpha);
  DeviceBuffer<float> dx(x), dy(n);
  ctx.launched(simsiam::unaryCuda(op, dx, dy, n, alpha, ctx.stream()), "unaryCuda");
  if (roundedFromLibm(op))
    ctx.expectClose("unary", dy.download(), want, 1.2e-7, 1e-37);
  else
    parity::expectSameFloats(ctx, "unary", dy.download(), want);
}

// Inputs in [-lo, hi] with specials; no denormals (the CPU reference runs
// under FTZ/DAZ in parallelFor).
void everySize(parity::Context& ctx, UnaryOp op, double lo, double hi, float alpha) {
  for (int64_t n : {1, 7, 256, 1031, 70001}) runOp(ctx, op, ctx.rng.floatsWithSpecials(n, lo, hi), alpha);
}

}  // namespace

PARITY_CASE("Unary/Relu") { everySize(ctx, UnaryOp::kRelu, -2, 2, 0.f); }
PARITY_CASE("Unary/Step, alpha 0.3 and -2") {
  everySize(ctx, UnaryOp::kStep, -2, 2, 0.3f);
  runOp(ctx, UnaryOp::kStep, ctx.rng.floatsWithSpecials(999, -2, 2), -2.f);
}
PARITY_CASE("Unary/Sqrt") { everySize(ctx, UnaryOp::kSqrt, -1, 4, 0.f); }
PARITY_CASE("Unary/Rsqrt") { everySize(ctx, UnaryOp::kRsqrt, -0.5, 4, 0.f); }
PARITY_CASE("Unary/Square") { everySize(ctx, UnaryOp::kSquare, -3, 3, 0.f); }
PARITY_CASE("Unary/Neg") { everySize(ctx, UnaryOp::kNeg, -3, 3, 0.f); }
PARITY_CASE("Unary/Abs") { everySize(ctx, UnaryOp::kAbs, -3, 3, 0.f); }
PARITY_CASE("Unary/Exp") { everySize(ctx, UnaryOp::kExp, -10, 10, 0.f); }
PARITY_CASE("Unary/Log") { everySize(ctx, UnaryOp::kLog, -1, 100, 0.f); }
PARITY_CASE("Unary/Sigmoid") { everySize(ctx, UnaryOp::kSigmoid, -10, 10, 0.f); }
PARITY_CASE("Unary/Tanh") { everySize(ctx, UnaryOp::kTanh, -5, 5, 0.f); }
PARITY_CASE("Unary/Reciprocal") { everySize(ctx, UnaryOp::kReciprocal, -5, 5, 0.f); }
PARITY_CASE("Unary/Relu6") { everySize(ctx, UnaryOp::kRelu6, -3, 9, 0.f); }
PARITY_CASE("Unary/Elu") { everySize(ctx, UnaryOp::kElu, -3, 3, 0.f); }
PARITY_CASE("Unary/LeakyRelu, alpha 0.1 and 1.5") {
  everySize(ctx, UnaryOp::kLeakyRelu, -3, 3, 0.1f);
  runOp(ctx, UnaryOp::kLeakyRelu, ctx.rng.floatsWithSpecials(999, -3, 3), 1.5f);
}
PARITY_CASE("Unary/Sign") { everySize(ctx, UnaryOp::kSign, -3, 3, 0.f); }
PARITY_CASE("Unary/Floor") { everySize(ctx, UnaryOp::kFloor, -30, 30, 0.f); }

PARITY_CASE("Unary/empty, unknown op refused") {
  DeviceBuffer<float> x(3), y(3);
  ctx.launched(simsiam::unaryCuda(UnaryOp::kExp, x, y, 0, 0.f, ctx.stream()), "unaryCuda of nothing");
  ctx.expectBits("untouched", y.download(), parity::untouched<float>(3));
  ctx.refused(simsiam::unaryCuda(UnaryOp::kCount, x, y, 3, 0.f, ctx.stream()), "unaryCuda(kCount)");
}
