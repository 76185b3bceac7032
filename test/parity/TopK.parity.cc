// TopK.cu against TopK.cc: both rank by the unique 64-bit key of TopK.h, so
// values and indices are bit-exact, NaN/+-Inf/-0 and ties included. Shapes
// pick the kernel's paths: k == n (no select), k < n with the radix select
// stopping early (distinct values) or running down to the index bits (ties
// at the threshold), k = 1 (nothing to sort), k not a power of two (padding),
// n not a multiple of the block, several rows per launch.
#include <string>

#include "Parity.h"
#include "kernels/TopK.h"

using parity::DeviceBuffer;

namespace {

void topK(parity::Context& ctx, const std::vector<float>& x, int64_t rows, int64_t n, int64_t k) {
  std::vector<float> wantV(static_cast<size_t>(rows * k));
  std::vector<int32_t> wantI(wantV.size());
  simsiam::topKCpu(x.data(), wantV.data(), wantI.data(), rows, n, k);
  DeviceBuffer<float> dx(x), values(wantV.size());
  DeviceBuffer<int32_t> indices(wantI.size());
  ctx.launched(simsiam::topKCuda(dx, values, indices, rows, n, k, ctx.stream()), "topKCuda");
  ctx.expectBits("values", values.download(), wantV);
  ctx.expectBits("indices", indices.download(), wantI);
}

std::vector<float> ties(parity::Rng& rng, size_t n, int64_t levels) {
  std::vector<float> x(n);
  for (auto& v : x) {
    v = static_cast<float>(rng.integer(-levels, levels));
    if (v == 0.f && rng.next() % 2) v = -0.0f;
  }
  return x;
}

}  // namespace

PARITY_CASE("TopK/k 1 of 37, 5 rows") { topK(ctx, ctx.rng.floats(5 * 37), 5, 37, 1); }
PARITY_CASE("TopK/k == n 1x1") { topK(ctx, ctx.rng.floats(1), 1, 1, 1); }
PARITY_CASE("TopK/k == n 3x100, specials") { topK(ctx, ctx.rng.floatsWithSpecials(300), 3, 100, 100); }
PARITY_CASE("TopK/k == n 2x2048 (largest k)") { topK(ctx, ctx.rng.floats(2 * 2048), 2, 2048, 2048); }
PARITY_CASE("TopK/k 10 of 1000, 7 rows") { topK(ctx, ctx.rng.floats(7 * 1000), 7, 1000, 10); }
PARITY_CASE("TopK/k 2048 of 100003, several radix passes") { topK(ctx, ctx.rng.floats(100003), 1, 100003, 2048); }
PARITY_CASE("TopK/k 300 of 5000, specials, 3 rows") {
  topK(ctx, ctx.rng.floatsWithSpecials(3 * 5000), 3, 5000, 300);
}
PARITY_CASE("TopK/k 13 of 777, NaN and infinities at the threshold") {
  // Mostly NaN / +-Inf: the threshold falls inside a run of equal keys' values.
  std::vector<float> x(2 * 777);
  const float special[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                           -std::numeric_limits<float>::infinity(), 0.0f, -0.0f};
  for (auto& v : x) v = special[ctx.rng.next() % 5];
  topK(ctx, x, 2, 777, 13);
}
PARITY_CASE("TopK/k 500 of 3000, -Inf below the threshold (bin 0)") {
  // 3000 values, 2600 of them -Inf: the k-th key's top byte is 0.
  std::vector<float> x = ctx.rng.floats(3000);
  for (size_t i = 0; i < x.size(); ++i)
    if (ctx.rng.next() % 15 != 0) x[i] = -std::numeric_limits<float>::infinity();
  topK(ctx, x, 1, 3000, 500);
}
PARITY_CASE("TopK/ties: k 100 of 1000 among 5 levels, 4 rows") { topK(ctx, ties(ctx.rng, 4000, 2), 4, 1000, 100); }
PARITY_CASE("TopK/ties: all equal, k 700 of 1500") {
  std::vector<float> x(1500, 0.5f);
  topK(ctx, x, 1, 1500, 700);
}
PARITY_CASE("TopK/ties: -0 and +0 only, k 33 of 100") {
  std::vector<float> x(100);
  for (auto& v : x) v = ctx.rng.next() % 2 ? 0.0f : -0.0f;
  topK(ctx, x, 1, 100, 33);
}
PARITY_CASE("TopK/ties across 70000 indices (index bits above 16), k 5") {
  std::vector<float> x(70000, -1.0f);
  for (int i : {3, 65536, 65537, 69999, 131 * 7, 40000}) x[i] = 2.0f;
  topK(ctx, x, 1, 70000, 5);
}
// Rows are independent blocks (a 1-D grid up to 2^20 rows): a few hundred are enough.
PARITY_CASE("TopK/200 rows, k 3 of 9") { topK(ctx, ctx.rng.floatsWithSpecials(200 * 9), 200, 9, 3); }
PARITY_CASE("TopK/empty: rows 0 or k 0 launch nothing") {
  ctx.launched(simsiam::topKCuda(nullptr, nullptr, nullptr, 0, 10, 3, ctx.stream()), "rows 0");
  ctx.launched(simsiam::topKCuda(nullptr, nullptr, nullptr, 4, 10, 0, ctx.stream()), "k 0");
}
PARITY_CASE("TopK/refusals: k > 2048, k > n, n >= 2^31") {
  DeviceBuffer<float> dx(3000), values(3000);
  DeviceBuffer<int32_t> indices(3000);
  ctx.refused(simsiam::topKCuda(dx, values, indices, 1, 3000, 2049, ctx.stream()), "k above kTopKMaxK");
  ctx.refused(simsiam::topKCuda(dx, values, indices, 1, 10, 11, ctx.stream()), "k above n");
  // Refused before any access: the pointers are never read.
  ctx.refused(simsiam::topKCuda(dx, values, indices, 1, int64_t{1} << 31, 1, ctx.stream()), "n of 2^31");
}
