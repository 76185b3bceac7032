#include "kernels/Im2col.h"

#include <algorithm>
#include <cstring>

namespace simsiam {
namespace {

constexpr int64_t MR = kGemmMR;

// x row of input pixel (b, ih, iw), or null when it lies outside the image.
inline const float* inputPixel(const ConvGeometry& g, const float* x, int64_t b, int64_t ih, int64_t iw) {
  if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) return nullptr;
  return x + ((b * g.inH + ih) * g.inW + iw) * g.inC;
}

// Output pixel index -> (b, oh, ow), stepped without divisions.
struct PixelCursor {
  int64_t b, oh, ow;
  PixelCursor(const ConvGeometry& g, int64_t m) {
    const int64_t hw = g.outH * g.outW;
    b = m / hw;
    oh = (m % hw) / g.outW;
    ow = m % g.outW;
  }
  void next(const ConvGeometry& g) {
    if (++ow < g.outW) return;
    ow = 0;
    if (++oh < g.outH) return;
    oh = 0;
    ++b;
  }
};

}  // namespace

void Im2colA::pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const {
  const ConvGeometry& g = g_;
  PixelCursor px(g, i0);
  for (int64_t r = 0; r < mc; ++r, px.next(g)) {
    float* row = dst + r * kGemmKCStride;
    const int64_t ih0 = px.oh * g.strideH - g.padTop, iw0 = px.ow * g.strideW - g.padLeft;
    // Walk [k0, k0 + kc) one tap (a run of channels) at a time.
    int64_t k = k0, tap = k0 / g.inC, ch = k0 % g.inC;
    while (k < k0 + kc) {
      const int64_t n = std::min(g.inC - ch, k0 + kc - k);
      const int64_t fr = tap / g.filterW, fc = tap % g.filterW;
      const float* src = inputPixel(g, x_, px.b, ih0 + fr * g.dilationH, iw0 + fc * g.dilationW);
      float* out = row + (k - k0);
      if (src)
        std::memcpy(out, src + ch, static_cast<size_t>(n) * sizeof(float));
      else
        std::memset(out, 0, static_cast<size_t>(n) * sizeof(float));
      k += n;
      ch = 0;
      ++tap;
    }
  }
  for (int64_t r = mc; r % MR != 0; ++r) std::memset(dst + r * kGemmKCStride, 0, static_cast<size_t>(kc) * sizeof(float));
}

void Im2colTransposedA::pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const {
  const ConvGeometry& g = g_;
  // A panel's MR rows are consecutive (tap, channel) indices: split them into
  // runs within one tap, each a contiguous copy from x per pixel.
  struct Run {
    int64_t row, len, channel, dh, dw;
  };
  for (int64_t p = 0; p * MR < mc; ++p) {
    const int64_t rows = std::min(MR, mc - p * MR);
    Run runs[MR];
    int64_t nRuns = 0;
    for (int64_t r = 0; r < rows;) {
      const int64_t i = i0 + p * MR + r, tap = i / g.inC, ch = i % g.inC;
      const int64_t len = std::min(g.inC - ch, rows - r);
      runs[nRuns++] = {r, len, ch, (tap / g.filterW) * g.dilationH, (tap % g.filterW) * g.dilationW};
      r += len;
    }
    float* d = dst + p * MR * kc;
    PixelCursor px(g, k0);
    for (int64_t k = 0; k < kc; ++k, px.next(g), d += MR) {
      const int64_t ih0 = px.oh * g.strideH - g.padTop, iw0 = px.ow * g.strideW - g.padLeft;
      for (int64_t u = 0; u < nRuns; ++u) {
        const Run& run = runs[u];
        const float* src = inputPixel(g, x_, px.b, ih0 + run.dh, iw0 + run.dw);
        float* out = d + run.row;
        if (src)
          for (int64_t j = 0; j < run.len; ++j) out[j] = src[run.channel + j];
        else
          for (int64_t j = 0; j < run.len; ++j) out[j] = 0.f;
      }
      for (int64_t r = rows; r < MR; ++r) d[r] = 0.f;
    }
  }
}

void col2imAdd(const ConvGeometry& g, const float* col, int64_t b0, int64_t b1, float* x) {
  const int64_t depth = g.depth();
  for (int64_t b = b0; b < b1; ++b)
    for (int64_t oh = 0; oh < g.outH; ++oh)
      for (int64_t ow = 0; ow < g.outW; ++ow) {
        const float* row = col + (((b - b0) * g.outH + oh) * g.outW + ow) * depth;
        const int64_t ih0 = oh * g.strideH - g.padTop, iw0 = ow * g.strideW - g.padLeft;
        for (int64_t fr = 0; fr < g.filterH; ++fr) {
          const int64_t ih = ih0 + fr * g.dilationH;
          if (ih < 0 || ih >= g.inH) continue;
          for (int64_t fc = 0; fc < g.filterW; ++fc) {
            const int64_t iw = iw0 + fc * g.dilationW;
            if (iw < 0 || iw >= g.inW) continue;
            float* dst = x + ((b * g.inH + ih) * g.inW + iw) * g.inC;
            const float* src = row + (fr * g.filterW + fc) * g.inC;
            for (int64_t c = 0; c < g.inC; ++c) dst[c] += src[c];
          }
        }
      }
}

}  // namespace simsiam
