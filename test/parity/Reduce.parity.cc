// Reduce.cu (reduceCuda, the machinery of ReduceCuda.cuh) against Reduce.cc.
// Shapes pick the paths of makePlan: rows (innermost run reduced) with a warp
// (nRed < 2048) or a block (>= 2048) per output, columns (innermost run kept),
// the chunked variants of both (few outputs, long reduced range: partial
// results in the workspace, then combineChunksKernel), and 1 to 3 kept and
// reduced runs (offsetOf's three forms).
#include <initializer_list>
#include <string>

#include "Parity.h"
#include "kernels/Reduce.h"

using parity::DeviceBuffer;
using simsiam::ReduceOp;
using simsiam::ReduceShape;

namespace {

const ReduceOp kOps[] = {ReduceOp::kSum, ReduceOp::kMean, ReduceOp::kMax, ReduceOp::kMin};
const char* const kOpNames[] = {"Sum", "Mean", "Max", "Min"};

ReduceShape shapeOf(std::initializer_list<int64_t> dims, std::initializer_list<int> axes) {
  ReduceShape s{};
  s.rank = static_cast<int>(dims.size());
  int d = 0;
  for (int64_t n : dims) s.dims[d++] = n;
  for (int a : axes) s.reduced[a] = true;
  return s;
}

int64_t sizeOf(const ReduceShape& s) { return simsiam::shapeSize(s.dims, s.rank); }

int64_t outputsOf(const ReduceShape& s) {
  int64_t n = 1;
  for (int d = 0; d < s.rank; ++d)
    if (!s.reduced[d]) n *= s.dims[d];
  return n;
}

// Quiet NaNs of both signs and several payloads: Max/Min must return the one
// the CPU fold keeps (the last NaN in row-major order), bit for bit.
void sprinkleNaNPayloads(parity::Rng& rng, std::vector<float>& x, int oneIn) {
  static const uint32_t kNaN[] = {0x7fc00000u, 0xffc00000u, 0x7fc00123u, 0xffd00001u, 0x7fffffffu};
  for (auto& v : x)
    if (rng.next() % oneIn == 0) std::memcpy(&v, &kNaN[rng.next() % 5], 4);
}

// One op on x (host) against the CPU reference. Sum and Mean: both sides add
// in double in different orders (|diff| ~ 1e-16 * sum |x| before the one
// rounding to float), so at most 1 ulp of the result (rtol 2^-23) apart,
// atol for results that cancel to ~0. Max and Min: bit-exact (Reduce.h).
void check(parity::Context& ctx, ReduceOp op, const ReduceShape& s, const std::vector<float>& x) {
  const std::string name = kOpNames[static_cast<int>(op)];
  std::vector<float> want(static_cast<size_t>(outputsOf(s)));
  if (sizeOf(s) == 0) want.clear();
  simsiam::reduceCpu(op, s, x.data(), want.data());
  DeviceBuffer<float> dx(x), dy(want.size());
  const size_t ws = simsiam::reduceCudaWorkspace(op, s);
  DeviceBuffer<unsigned char> workspace(ws);
  ctx.launched(simsiam::reduceCuda(op, s, dx, dy, ws ? workspace.get() : nullptr, ctx.stream()),
               ("reduceCuda " + name).c_str());
  if (op == ReduceOp::kSum || op == ReduceOp::kMean)
    ctx.expectClose(name.c_str(), dy.download(), want, 1.2e-7, 1e-9);
  else
    ctx.expectBits(name.c_str(), dy.download(), want);
}

// Every op on seeded values, with NaN/+-Inf/-0 sprinkled in when `specials`.
void allOps(parity::Context& ctx, const ReduceShape& s, bool specials) {
  const size_t n = static_cast<size_t>(sizeOf(s));
  const std::vector<float> x = specials ? ctx.rng.floatsWithSpecials(n) : ctx.rng.floats(n);
  for (ReduceOp op : kOps) check(ctx, op, s, x);
}

// Small integers: many equal values (first of equal elements wins) and exact sums.
void allOpsTies(parity::Context& ctx, const ReduceShape& s) {
  std::vector<float> x(static_cast<size_t>(sizeOf(s)));
  for (auto& v : x) {
    v = static_cast<float>(ctx.rng.integer(-3, 3));
    if (v == 0.f && ctx.rng.next() % 2) v = -0.0f;
  }
  for (ReduceOp op : kOps) check(ctx, op, s, x);
}

}  // namespace

// ---- rows: the innermost run is reduced ----
PARITY_CASE("Reduce/rows, warp per output, 7x13 axis 1") { allOps(ctx, shapeOf({7, 13}, {1}), true); }
PARITY_CASE("Reduce/rows, 1500 outputs of 37 (>1024 rows)") { allOps(ctx, shapeOf({1500, 37}, {1}), false); }
PARITY_CASE("Reduce/rows, block per output, 3x3000 unchunked") { allOps(ctx, shapeOf({3, 3000}, {1}), true); }
PARITY_CASE("Reduce/rows, block per output, chunked 5x9001") { allOps(ctx, shapeOf({5, 9001}, {1}), true); }
PARITY_CASE("Reduce/rows, everything to a scalar, chunked 20011") { allOps(ctx, shapeOf({20011}, {0}), true); }
PARITY_CASE("Reduce/rows, whole 2-D to a scalar 7x13") { allOps(ctx, shapeOf({7, 13}, {0, 1}), false); }
PARITY_CASE("Reduce/rows, batch 1: 1x31 axis 1") { allOps(ctx, shapeOf({1, 31}, {1}), true); }
PARITY_CASE("Reduce/rows, two kept and two reduced runs 2x3x5x17 axes 1,3") {
  allOps(ctx, shapeOf({2, 3, 5, 17}, {1, 3}), true);
}
PARITY_CASE("Reduce/rows, three kept and three reduced runs") {
  allOps(ctx, shapeOf({2, 3, 2, 5, 3, 7}, {1, 3, 5}), true);
}
PARITY_CASE("Reduce/rows, rank 8, four kept and four reduced runs") {
  allOps(ctx, shapeOf({2, 3, 2, 3, 2, 3, 2, 3}, {1, 3, 5, 7}), true);
}
PARITY_CASE("Reduce/rows, size-1 dims dropped 3x1x4 axes 1,2") { allOps(ctx, shapeOf({3, 1, 4}, {1, 2}), false); }
PARITY_CASE("Reduce/rows, all dims 1") { allOps(ctx, shapeOf({1, 1, 1}, {1}), true); }
PARITY_CASE("Reduce/rows, ties and -0/+0 5x9001") { allOpsTies(ctx, shapeOf({5, 9001}, {1})); }
PARITY_CASE("Reduce/rows, ties and -0/+0 40x33") { allOpsTies(ctx, shapeOf({40, 33}, {1})); }

// ---- columns: the innermost run is kept ----
PARITY_CASE("Reduce/columns, 300x7 axis 0 unchunked") { allOps(ctx, shapeOf({300, 7}, {0}), true); }
PARITY_CASE("Reduce/columns, chunked 3001x7 axis 0") { allOps(ctx, shapeOf({3001, 7}, {0}), true); }
PARITY_CASE("Reduce/columns, wide inner 13x70 axis 0 (bx 32)") { allOps(ctx, shapeOf({13, 70}, {0}), true); }
PARITY_CASE("Reduce/columns, two reduced runs 4x6x3x2x5 axes 0,2") {
  allOps(ctx, shapeOf({4, 6, 3, 2, 5}, {0, 2}), true);
}
PARITY_CASE("Reduce/columns, chunked with outer kept runs 2x2003x70 axis 1") {
  allOps(ctx, shapeOf({2, 2003, 70}, {1}), true);
}
PARITY_CASE("Reduce/columns, rank 8, four reduced runs and three outer kept runs") {
  allOps(ctx, shapeOf({3, 2, 3, 2, 3, 2, 3, 5}, {0, 2, 4, 6}), true);
}
PARITY_CASE("Reduce/columns, many tiles 2x3x5x17 axes 0,2") { allOps(ctx, shapeOf({2, 3, 5, 17}, {0, 2}), true); }
PARITY_CASE("Reduce/columns, reduced axis of size 1: 5x1 axis 1") {
  allOps(ctx, shapeOf({5, 1}, {1}), true);
}
PARITY_CASE("Reduce/columns, no reduced axis 5") { allOps(ctx, shapeOf({5}, {}), true); }
PARITY_CASE("Reduce/columns, ties and -0/+0 3001x7") { allOpsTies(ctx, shapeOf({3001, 7}, {0})); }

// ---- NaN payloads: Max/Min keep the last NaN, as tfjs's fold does ----
PARITY_CASE("Reduce/NaN payloads, rows chunked 3x9001") {
  const ReduceShape s = shapeOf({3, 9001}, {1});
  std::vector<float> x = ctx.rng.floats(static_cast<size_t>(sizeOf(s)));
  sprinkleNaNPayloads(ctx.rng, x, 500);
  for (ReduceOp op : kOps) check(ctx, op, s, x);
}
PARITY_CASE("Reduce/NaN payloads, rows warp 64x40") {
  const ReduceShape s = shapeOf({64, 40}, {1});
  std::vector<float> x = ctx.rng.floats(static_cast<size_t>(sizeOf(s)));
  sprinkleNaNPayloads(ctx.rng, x, 6);
  for (ReduceOp op : kOps) check(ctx, op, s, x);
}
PARITY_CASE("Reduce/NaN payloads, columns chunked 3001x7") {
  const ReduceShape s = shapeOf({3001, 7}, {0});
  std::vector<float> x = ctx.rng.floats(static_cast<size_t>(sizeOf(s)));
  sprinkleNaNPayloads(ctx.rng, x, 300);
  for (ReduceOp op : kOps) check(ctx, op, s, x);
}

// ---- edges ----
PARITY_CASE("Reduce/empty input launches nothing") {
  const ReduceShape s = shapeOf({4, 0, 3}, {1});
  for (ReduceOp op : kOps) {
    ctx.expectTrue(simsiam::reduceCudaWorkspace(op, s) == 0, "no workspace for an empty input");
    ctx.launched(simsiam::reduceCuda(op, s, nullptr, nullptr, nullptr, ctx.stream()), "reduceCuda empty");
  }
}
PARITY_CASE("Reduce/refusals: chunked plan without workspace, kCount") {
  const ReduceShape s = shapeOf({5, 9001}, {1});
  DeviceBuffer<float> dx(static_cast<size_t>(sizeOf(s))), dy(5);
  for (ReduceOp op : kOps) {
    ctx.expectTrue(simsiam::reduceCudaWorkspace(op, s) > 0, "the 5x9001 plan is chunked");
    ctx.refused(simsiam::reduceCuda(op, s, dx, dy, nullptr, ctx.stream()), "reduceCuda without workspace");
  }
  ctx.refused(simsiam::reduceCuda(ReduceOp::kCount, shapeOf({7, 13}, {1}), dx, dy, nullptr, ctx.stream()),
              "reduceCuda kCount");
}
