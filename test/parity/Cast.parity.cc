// Cast.cu (castCuda) against Cast.cc: every from/to pair of float32, int32
// and bool, bit for bit. float32 -> int32 reaches every branch of
// ops::toInt32 (truncation in range, NaN/Inf -> 0, wrapping modulo 2^32
// above and below); -> bool decides on the bits (denormals are true).
#include <limits>

#include "Parity.h"
#include "ParityUtil.h"
#include "kernels/Cast.h"

using parity::DeviceBuffer;
using simsiam::ElementType;

namespace {

std::vector<uint8_t> values(parity::Context& ctx, ElementType type, int64_t n) {
  const float inf = std::numeric_limits<float>::infinity();
  static const float kFloats[] = {std::numeric_limits<float>::quiet_NaN(), inf, -inf, 0.f, -0.f, 1e-40f, -1e-40f,
                                  0.5f, -0.5f, -0.99f, 1.99f, 16777217.f, 2147483520.f, -2147483648.f,
                                  2147483648.f, 3e9f, -3e9f, 4294967296.f, -4294967296.f, 1e20f, -1e20f,
                                  6.1e9f, -6.1e9f, std::numeric_limits<float>::max()};
  static const int32_t kInts[] = {0, 1, -1, 2, 16777217, -16777217, 2147483647, -2147483647 - 1, 123456789};
  const size_t e = simsiam::elementBytes(type);
  std::vector<uint8_t> v(n * e);
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t r = ctx.rng.next();
    if (type == ElementType::kFloat32) {
      const float f = r % 3 == 0 ? static_cast<float>(ctx.rng.uniform(-1e4, 1e4)) : kFloats[r % 24];
      std::memcpy(&v[i * 4], &f, 4);
    } else if (type == ElementType::kInt32) {
      const int32_t k = r % 3 == 0 ? static_cast<int32_t>(ctx.rng.next()) : kInts[r % 9];
      std::memcpy(&v[i * 4], &k, 4);
    } else {
      v[i] = r % 4 == 0 ? static_cast<uint8_t>(ctx.rng.next()) : static_cast<uint8_t>(r % 2);  // mostly 0 / 1
    }
  }
  return v;
}

void castCase(parity::Context& ctx, ElementType from, ElementType to, int64_t n) {
  const std::vector<uint8_t> x = values(ctx, from, n);
  std::vector<uint8_t> want(n * simsiam::elementBytes(to));
  simsiam::castCpu(from, to, x.data(), want.data(), n);
  DeviceBuffer<uint8_t> dx(x), dy(want.size());
  ctx.launched(simsiam::castCuda(from, to, dx, dy, n, ctx.stream()), "castCuda");
  ctx.expectBits("cast", dy.download(), want);
}

void everySize(parity::Context& ctx, ElementType from, ElementType to) {
  for (int64_t n : {1, 255, 1031, 70001}) castCase(ctx, from, to, n);
}

}  // namespace

PARITY_CASE("Cast/float32 to int32") { everySize(ctx, ElementType::kFloat32, ElementType::kInt32); }
PARITY_CASE("Cast/float32 to bool") { everySize(ctx, ElementType::kFloat32, ElementType::kBool); }
PARITY_CASE("Cast/int32 to float32") { everySize(ctx, ElementType::kInt32, ElementType::kFloat32); }
PARITY_CASE("Cast/int32 to bool") { everySize(ctx, ElementType::kInt32, ElementType::kBool); }
PARITY_CASE("Cast/bool to float32") { everySize(ctx, ElementType::kBool, ElementType::kFloat32); }
PARITY_CASE("Cast/bool to int32") { everySize(ctx, ElementType::kBool, ElementType::kInt32); }

PARITY_CASE("Cast/empty, same or unknown types refused") {
  DeviceBuffer<uint8_t> x(16), y(16);
  ctx.launched(simsiam::castCuda(ElementType::kInt32, ElementType::kFloat32, x, y, 0, ctx.stream()),
               "castCuda of nothing");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint8_t>(16));
  for (int t = 0; t < static_cast<int>(ElementType::kCount); ++t)
    ctx.refused(simsiam::castCuda(static_cast<ElementType>(t), static_cast<ElementType>(t), x, y, 4, ctx.stream()),
                "castCuda to the same type");
  ctx.refused(simsiam::castCuda(ElementType::kCount, ElementType::kInt32, x, y, 4, ctx.stream()), "castCuda from kCount");
  ctx.refused(simsiam::castCuda(ElementType::kFloat32, ElementType::kCount, x, y, 4, ctx.stream()), "castCuda to kCount");
  ctx.refused(simsiam::castCuda(static_cast<ElementType>(-1), ElementType::kInt32, x, y, 4, ctx.stream()),
              "castCuda from -1");
}
