// ArgMinMax.cu against ArgMinMax.cc: bit-exact indices (ArgMinMax.h), ties
// to the first index, a NaN first element wins, later NaNs never do. x is
// [outer, reduce, inner]: inner == 1 takes the rows kernel, inner > 1 the
// columns kernel, a long reduce with few outputs their chunked forms.
#include <string>

#include "Parity.h"
#include "kernels/ArgMinMax.h"

using parity::DeviceBuffer;

namespace {

enum class Fill { kUniform, kSpecials, kTies, kNaNFirst };

std::vector<float> inputs(parity::Context& ctx, Fill fill, int64_t outer, int64_t reduce, int64_t inner) {
  const size_t n = static_cast<size_t>(outer * reduce * inner);
  switch (fill) {
    case Fill::kUniform: return ctx.rng.floats(n);
    case Fill::kSpecials: return ctx.rng.floatsWithSpecials(n);
    case Fill::kTies: {
      std::vector<float> x(n);
      for (auto& v : x) {
        v = static_cast<float>(ctx.rng.integer(-2, 2));
        if (v == 0.f && ctx.rng.next() % 2) v = -0.0f;
      }
      return x;
    }
    case Fill::kNaNFirst: {
      // Every other output starts with a NaN; NaNs later on in all of them.
      std::vector<float> x = ctx.rng.floats(n);
      const float nan = std::numeric_limits<float>::quiet_NaN();
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t i = 0; i < inner; ++i) {
          float* xo = x.data() + o * reduce * inner + i;
          if ((o + i) % 2 == 0) xo[0] = nan;
          for (int64_t r = 1; r < reduce; ++r)
            if (ctx.rng.next() % 7 == 0) xo[r * inner] = nan;
        }
      return x;
    }
  }
  return {};
}

void both(parity::Context& ctx, Fill fill, int64_t outer, int64_t reduce, int64_t inner) {
  const std::vector<float> x = inputs(ctx, fill, outer, reduce, inner);
  DeviceBuffer<float> dx(x);
  const size_t ws = simsiam::argMinMaxCudaWorkspace(outer, reduce, inner);
  DeviceBuffer<unsigned char> workspace(ws);
  for (bool max : {true, false}) {
    std::vector<int32_t> want(static_cast<size_t>(outer * inner));
    simsiam::argMinMaxCpu(max, x.data(), want.data(), outer, reduce, inner);
    DeviceBuffer<int32_t> dy(want.size());
    ctx.launched(simsiam::argMinMaxCuda(max, dx, dy, outer, reduce, inner, ws ? workspace.get() : nullptr, ctx.stream()),
                 max ? "argMinMaxCuda max" : "argMinMaxCuda min");
    ctx.expectBits(max ? "ArgMax" : "ArgMin", dy.download(), want);
  }
}

}  // namespace

// rows (inner 1)
PARITY_CASE("ArgMinMax/rows, warp per output 9x13") { both(ctx, Fill::kSpecials, 9, 13, 1); }
PARITY_CASE("ArgMinMax/rows, 1100 outputs of 40 (>1024 rows)") { both(ctx, Fill::kUniform, 1100, 40, 1); }
PARITY_CASE("ArgMinMax/rows, block per output 3x2500") { both(ctx, Fill::kSpecials, 3, 2500, 1); }
PARITY_CASE("ArgMinMax/rows, chunked 2x9001") { both(ctx, Fill::kSpecials, 2, 9001, 1); }
PARITY_CASE("ArgMinMax/rows, batch 1, chunked 1x20011") { both(ctx, Fill::kUniform, 1, 20011, 1); }
PARITY_CASE("ArgMinMax/rows, ties and -0/+0 50x37") { both(ctx, Fill::kTies, 50, 37, 1); }
PARITY_CASE("ArgMinMax/rows, ties chunked 2x9001") { both(ctx, Fill::kTies, 2, 9001, 1); }
PARITY_CASE("ArgMinMax/rows, NaN first 40x29") { both(ctx, Fill::kNaNFirst, 40, 29, 1); }
PARITY_CASE("ArgMinMax/rows, NaN first chunked 2x9001") { both(ctx, Fill::kNaNFirst, 2, 9001, 1); }
PARITY_CASE("ArgMinMax/reduce of 1") { both(ctx, Fill::kSpecials, 7, 1, 3); }
// columns (inner > 1)
PARITY_CASE("ArgMinMax/columns 4x33x5") { both(ctx, Fill::kSpecials, 4, 33, 5); }
PARITY_CASE("ArgMinMax/columns, wide inner 3x17x70") { both(ctx, Fill::kUniform, 3, 17, 70); }
PARITY_CASE("ArgMinMax/columns, chunked 1x3001x7") { both(ctx, Fill::kSpecials, 1, 3001, 7); }
PARITY_CASE("ArgMinMax/columns, ties chunked 1x3001x7") { both(ctx, Fill::kTies, 1, 3001, 7); }
PARITY_CASE("ArgMinMax/columns, NaN first 3x40x6") { both(ctx, Fill::kNaNFirst, 3, 40, 6); }
PARITY_CASE("ArgMinMax/columns, NaN first chunked 1x3001x7") { both(ctx, Fill::kNaNFirst, 1, 3001, 7); }
// edges
PARITY_CASE("ArgMinMax/empty and reduce 0 launch nothing") {
  ctx.launched(simsiam::argMinMaxCuda(true, nullptr, nullptr, 3, 0, 4, nullptr, ctx.stream()), "reduce 0");
  ctx.launched(simsiam::argMinMaxCuda(false, nullptr, nullptr, 0, 5, 4, nullptr, ctx.stream()), "outer 0");
  ctx.expectTrue(simsiam::argMinMaxCudaWorkspace(0, 5, 4) == 0, "no workspace when empty");
}
PARITY_CASE("ArgMinMax/refusal: chunked plan without workspace") {
  DeviceBuffer<float> dx(2 * 9001);
  DeviceBuffer<int32_t> dy(2);
  ctx.expectTrue(simsiam::argMinMaxCudaWorkspace(2, 9001, 1) > 0, "the 2x9001 plan is chunked");
  ctx.refused(simsiam::argMinMaxCuda(true, dx, dy, 2, 9001, 1, nullptr, ctx.stream()), "argMinMaxCuda no workspace");
}
