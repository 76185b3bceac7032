// Select.cu against Select.cc: selectCuda on 4- and 1-byte elements,
// addNCuda on float32 and int32 across its batches of kAddNBatch (8) inputs
// per launch, clipByValueCuda. All bit for bit: the same float additions in
// the same order, comparisons in double.
#include <cmath>
#include <limits>

#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Select.h"

using parity::DeviceBuffer;
using simsiam::ElementType;

namespace {

void selectCase(parity::Context& ctx, size_t elemBytes, int64_t n) {
  // Conditions 0, 1 and a stray 2 (only exactly 1 takes t, as in tfjs).
  std::vector<uint8_t> c(n);
  for (auto& v : c) v = static_cast<uint8_t>(ctx.rng.next() % 3);
  const std::vector<uint8_t> t = parity::randomBytes(ctx.rng, n * elemBytes),
                             e = parity::randomBytes(ctx.rng, n * elemBytes);
  std::vector<uint8_t> want(n * elemBytes);
  simsiam::selectCpu(c.data(), t.data(), e.data(), want.data(), n, elemBytes);
  DeviceBuffer<uint8_t> dc(c), dt(t), de(e), dy(n * elemBytes);
  ctx.launched(simsiam::selectCuda(dc, dt, de, dy, n, elemBytes, ctx.stream()), "selectCuda");
  ctx.expectBits("select", dy.download(), want);
}

// count inputs of n 4-byte values; inPlace: y is x[0].
void addNCase(parity::Context& ctx, ElementType type, int count, int64_t n, bool inPlace = false) {
  std::vector<std::vector<uint32_t>> x(count);
  for (auto& v : x) {
    v.resize(n);
    for (auto& b : v) {
      if (type == ElementType::kInt32)  // large values: the sums wrap modulo 2^32
        b = static_cast<uint32_t>(ctx.rng.next());
      else  // floats of mixed magnitude (rounding order matters) and denormals
        b = ctx.rng.next() % 16 == 0
                ? static_cast<uint32_t>(ctx.rng.next() % 0x800000u)
                : parity::bitsOf(static_cast<float>(ctx.rng.normal() * std::pow(10.0, ctx.rng.integer(-3, 3))));
    }
  }
  std::vector<uint32_t> want(n);
  std::vector<const void*> hostPtrs, devPtrs;
  for (auto& v : x) hostPtrs.push_back(v.data());
  simsiam::addNCpu(type, hostPtrs.data(), count, want.data(), n);
  std::vector<DeviceBuffer<uint32_t>> dx;
  for (auto& v : x) dx.emplace_back(v);
  for (auto& d : dx) devPtrs.push_back(d.get());
  DeviceBuffer<uint32_t> dy(inPlace ? 0 : n);
  uint32_t* y = inPlace ? dx[0].get() : dy.get();
  ctx.launched(simsiam::addNCuda(type, devPtrs.data(), count, y, n, ctx.stream()), "addNCuda");
  ctx.expectBits("addN", inPlace ? dx[0].download() : dy.download(), want);
}

void clipCase(parity::Context& ctx, int64_t n, double lo, double hi) {
  std::vector<float> x = ctx.rng.floatsWithSpecials(n, -2, 2);
  // The bounds themselves, their float roundings and denormals.
  const float pool[] = {static_cast<float>(lo), static_cast<float>(hi), std::nextafter(static_cast<float>(lo), 0.f),
                        1e-40f, -1e-40f};
  for (auto& v : x)
    if (ctx.rng.next() % 6 == 0) v = pool[ctx.rng.next() % 5];
  std::vector<float> want(n);
  simsiam::clipByValueCpu(x.data(), want.data(), n, lo, hi);
  DeviceBuffer<float> dx(x), dy(n);
  ctx.launched(simsiam::clipByValueCuda(dx, dy, n, lo, hi, ctx.stream()), "clipByValueCuda");
  ctx.expectBits("clip", dy.download(), want);  // x's own bits pass through, NaN payloads included
}

}  // namespace

PARITY_CASE("Select/4-byte elements, 1 and odd sizes") {
  for (int64_t n : {1, 33, 1031, 70001}) selectCase(ctx, 4, n);
}
PARITY_CASE("Select/1-byte elements, 1 and odd sizes") {
  for (int64_t n : {1, 33, 1031, 70001}) selectCase(ctx, 1, n);
}

PARITY_CASE("Select/AddN float32, 1 to 17 inputs") {
  for (int count : {1, 2, 7, 8, 9, 16, 17}) addNCase(ctx, ElementType::kFloat32, count, 1031);
  addNCase(ctx, ElementType::kFloat32, 3, 1);
}
PARITY_CASE("Select/AddN int32 wrapping, 1 to 17 inputs") {
  for (int count : {1, 3, 8, 9, 17}) addNCase(ctx, ElementType::kInt32, count, 1031);
}
PARITY_CASE("Select/AddN into its first input") {
  addNCase(ctx, ElementType::kFloat32, 11, 777, true);
  addNCase(ctx, ElementType::kInt32, 9, 300, true);
}

PARITY_CASE("Select/ClipByValue, bounds not representable in float32") {
  clipCase(ctx, 1, -0.5, 0.5);
  clipCase(ctx, 1031, -0.1, 0.7);
  clipCase(ctx, 70001, 0.0, 6.0);
  clipCase(ctx, 257, -std::numeric_limits<double>::infinity(), 1e-45);
}

PARITY_CASE("Select/empty, unsupported sizes and types refused") {
  DeviceBuffer<uint8_t> c(8), t(32), e(32), y(32);
  DeviceBuffer<float> fx(8), fy(8);
  const void* xs[1] = {t.get()};
  ctx.launched(simsiam::selectCuda(c, t, e, y, 0, 4, ctx.stream()), "selectCuda of nothing");
  ctx.launched(simsiam::addNCuda(ElementType::kFloat32, xs, 1, y, 0, ctx.stream()), "addNCuda of nothing");
  ctx.launched(simsiam::addNCuda(ElementType::kFloat32, xs, 0, y, 8, ctx.stream()), "addNCuda of no inputs");
  ctx.launched(simsiam::clipByValueCuda(fx, fy, 0, 0, 1, ctx.stream()), "clipByValueCuda of nothing");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint8_t>(32));
  ctx.expectBits("untouched", fy.download(), parity::untouched<float>(8));
  ctx.refused(simsiam::selectCuda(c, t, e, y, 8, 2, ctx.stream()), "selectCuda of 2-byte elements");
  ctx.refused(simsiam::addNCuda(ElementType::kBool, xs, 1, y, 8, ctx.stream()), "addNCuda of bool");
}
