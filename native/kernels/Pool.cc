// CPU reference of the pooling kernels (semantics: Pool.h). Threads over
// (image, row) of the output (forward, positions) or of the input (backward).
#include "kernels/Pool.h"

#include <algorithm>

#include "util/ThreadPool.h"

namespace simsiam {
namespace {

// fn(b, row) for every image row of `rows` rows per image.
template <typename Fn>
void forRows(int64_t batch, int64_t rows, int64_t rowWork, Fn&& fn) {
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(rowWork, 1));
  parallelFor(batch * rows, grain, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) fn(i / rows, i % rows);
  });
}

}  // namespace

void poolCpu(PoolOp op, const float* x, const PoolGeometry& g, float* y) {
  forRows(g.batch, g.outH, g.outW * g.channels * g.filterH * g.filterW, [&](int64_t b, int64_t oy) {
    float* out = y + (b * g.outH + oy) * g.outW * g.channels;
    for (int64_t ox = 0; ox < g.outW; ++ox)
      for (int64_t c = 0; c < g.channels; ++c)
        out[ox * g.channels + c] = op == PoolOp::kMax ? pool::maxAt(x, g, b, oy, ox, c) : pool::avgAt(x, g, b, oy, ox, c);
  });
}

void maxPoolGradCpu(const float* dy, const float* x, const PoolGeometry& g, int32_t* positions, float* dx) {
  forRows(g.batch, g.outH, g.outW * g.channels * g.filterH * g.filterW, [&](int64_t b, int64_t oy) {
    int32_t* out = positions + (b * g.outH + oy) * g.outW * g.channels;
    for (int64_t ox = 0; ox < g.outW; ++ox)
      for (int64_t c = 0; c < g.channels; ++c) out[ox * g.channels + c] = pool::argmaxAt(x, g, b, oy, ox, c);
  });
  forRows(g.batch, g.inH, g.inW * g.channels * 4, [&](int64_t b, int64_t iy) {
    float* out = dx + (b * g.inH + iy) * g.inW * g.channels;
    for (int64_t ix = 0; ix < g.inW; ++ix)
      for (int64_t c = 0; c < g.channels; ++c) out[ix * g.channels + c] = pool::gradAt(dy, positions, g, b, iy, ix, c, 1.0);
  });
}

void avgPoolGradCpu(const float* dy, const PoolGeometry& g, float* dx) {
  const double multiplier = 1.0 / static_cast<double>(g.filterH * g.filterW);
  forRows(g.batch, g.inH, g.inW * g.channels * 4, [&](int64_t b, int64_t iy) {
    float* out = dx + (b * g.inH + iy) * g.inW * g.channels;
    for (int64_t ix = 0; ix < g.inW; ++ix)
      for (int64_t c = 0; c < g.channels; ++c)
        out[ix * g.channels + c] = pool::gradAt(dy, nullptr, g, b, iy, ix, c, multiplier);
  });
}

}  // namespace simsiam
