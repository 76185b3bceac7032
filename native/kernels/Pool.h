// 2-D pooling on NHWC float32 with tfjs-backend-cpu's semantics
// (utils/pool_utils.ts, kernels/MaxPoolGrad.ts, AvgPoolGrad.ts):
//   MaxPool      first strict maximum (`>`) over the valid window, -Inf when
//                it has none (NaN inputs are never taken).
//   AvgPool      sum over the valid (unpadded) window in double / its count.
//   MaxPoolGrad  dx[p] = sum of dy over the windows whose max position (the
//                first strict maximum in row-major window order, as
//                maxPoolPositions) is p; in double, windows in row-major order.
//   AvgPoolGrad  dx[p] = sum of dy over the windows covering p, times
//                1 / (filterH * filterW) (the padded size, as tfjs), in double.
// Dilation 1 (tfjs's pooling kernels have none). The per-element functions
// are shared by the CPU reference (Pool.cc) and the CUDA kernels (Pool.cu):
// the results are bit-identical.
#pragma once
#include <math.h>

#include <cstdint>

#include "kernels/HostDevice.h"

namespace simsiam {

struct PoolGeometry {
  int64_t batch, inH, inW, channels, outH, outW;
  int64_t filterH, filterW, strideH, strideW, padTop, padLeft;
};

enum class PoolOp : int { kMax = 0, kAvg = 1, kCount };

namespace pool {

// Output element (b, oy, ox, c) of the forward pass.
SIMSIAM_HD float maxAt(const float* x, const PoolGeometry& g, int64_t b, int64_t oy, int64_t ox, int64_t c) {
  const int64_t r0 = oy * g.strideH - g.padTop, c0 = ox * g.strideW - g.padLeft;
  const int64_t rMin = r0 > 0 ? r0 : 0, rMax = r0 + g.filterH < g.inH ? r0 + g.filterH : g.inH;
  const int64_t cMin = c0 > 0 ? c0 : 0, cMax = c0 + g.filterW < g.inW ? c0 + g.filterW : g.inW;
  float m = -INFINITY;
  for (int64_t r = rMin; r < rMax; ++r) {
    const float* row = x + ((b * g.inH + r) * g.inW) * g.channels + c;
    for (int64_t q = cMin; q < cMax; ++q) {
      const float v = row[q * g.channels];
      if (v > m) m = v;
    }
  }
  return m;
}

SIMSIAM_HD float avgAt(const float* x, const PoolGeometry& g, int64_t b, int64_t oy, int64_t ox, int64_t c) {
  const int64_t r0 = oy * g.strideH - g.padTop, c0 = ox * g.strideW - g.padLeft;
  const int64_t rMin = r0 > 0 ? r0 : 0, rMax = r0 + g.filterH < g.inH ? r0 + g.filterH : g.inH;
  const int64_t cMin = c0 > 0 ? c0 : 0, cMax = c0 + g.filterW < g.inW ? c0 + g.filterW : g.inW;
  double sum = 0.0;
  int64_t count = 0;
  for (int64_t r = rMin; r < rMax; ++r) {
    const float* row = x + ((b * g.inH + r) * g.inW) * g.channels + c;
    for (int64_t q = cMin; q < cMax; ++q) {
      sum += static_cast<double>(row[q * g.channels]);
      ++count;
    }
  }
  return static_cast<float>(sum / static_cast<double>(count));  // 0 / 0 = NaN, as in JS
}

// maxPoolPositions: wr * filterW + wc of the first strict maximum, -1 if none.
SIMSIAM_HD int32_t argmaxAt(const float* x, const PoolGeometry& g, int64_t b, int64_t oy, int64_t ox, int64_t c) {
  const int64_t r0 = oy * g.strideH - g.padTop, c0 = ox * g.strideW - g.padLeft;
  const int64_t rMin = r0 > 0 ? r0 : 0, rMax = r0 + g.filterH < g.inH ? r0 + g.filterH : g.inH;
  const int64_t cMin = c0 > 0 ? c0 : 0, cMax = c0 + g.filterW < g.inW ? c0 + g.filterW : g.inW;
  float m = -INFINITY;
  int32_t at = -1;
  for (int64_t r = rMin; r < rMax; ++r) {
    const float* row = x + ((b * g.inH + r) * g.inW) * g.channels + c;
    for (int64_t q = cMin; q < cMax; ++q) {
      const float v = row[q * g.channels];
      if (v > m) {
        m = v;
        at = static_cast<int32_t>((r - r0) * g.filterW + (q - c0));
      }
    }
  }
  return at;
}

// The output rows (or columns) whose window covers input row i: [*lo, *hi].
SIMSIAM_HD void coveringRange(int64_t i, int64_t pad, int64_t filter, int64_t stride, int64_t out, int64_t* lo,
                              int64_t* hi) {
  const int64_t first = i + pad - filter + 1;  // o * stride >= first
  *lo = first <= 0 ? 0 : (first + stride - 1) / stride;
  const int64_t last = (i + pad) / stride;  // i + pad >= 0
  *hi = last < out - 1 ? last : out - 1;
}

// Input element (b, iy, ix, c) of the backward pass; positions from argmaxAt
// (null for the average pool).
SIMSIAM_HD float gradAt(const float* dy, const int32_t* positions, const PoolGeometry& g, int64_t b, int64_t iy,
                        int64_t ix, int64_t c, double multiplier) {
  int64_t oyLo, oyHi, oxLo, oxHi;
  coveringRange(iy, g.padTop, g.filterH, g.strideH, g.outH, &oyLo, &oyHi);
  coveringRange(ix, g.padLeft, g.filterW, g.strideW, g.outW, &oxLo, &oxHi);
  double sum = 0.0;
  for (int64_t oy = oyLo; oy <= oyHi; ++oy) {
    const int64_t wr = iy - (oy * g.strideH - g.padTop);
    for (int64_t ox = oxLo; ox <= oxHi; ++ox) {
      const int64_t at = ((b * g.outH + oy) * g.outW + ox) * g.channels + c;
      if (positions && positions[at] != wr * g.filterW + (ix - (ox * g.strideW - g.padLeft))) continue;
      sum += static_cast<double>(dy[at]);
    }
  }
  return static_cast<float>(positions ? sum : sum * multiplier);
}

}  // namespace pool

// CPU reference (threads over rows of the output / input).
void poolCpu(PoolOp op, const float* x, const PoolGeometry& g, float* y);
// positions: an int32 scratch of the output's size.
void maxPoolGradCpu(const float* dy, const float* x, const PoolGeometry& g, int32_t* positions, float* dx);
void avgPoolGradCpu(const float* dy, const PoolGeometry& g, float* dx);

// CUDA: device pointers; return a cudaError_t as int.
int poolCuda(PoolOp op, const float* x, const PoolGeometry& g, float* y, void* stream);
int maxPoolGradCuda(const float* dy, const float* x, const PoolGeometry& g, int32_t* positions, float* dx,
                    void* stream);
int avgPoolGradCuda(const float* dy, const PoolGeometry& g, float* dx, void* stream);

}  // namespace simsiam
