// The im2col packers and col2im; compiled once per CPU path
// (util/CpuDispatch.h), each packing for its GEMM's register tile.
#include "kernels/Im2col.h"

#include <algorithm>
#include <vector>

#include "gemm/MicroKernel.h"
#include "util/Copy.h"
#include "util/CpuDispatch.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {
namespace {

constexpr int64_t MR = kGemmMR;

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
  int64_t ih0(const ConvGeometry& g) const { return oh * g.strideH - g.padTop; }
  int64_t iw0(const ConvGeometry& g) const { return ow * g.strideW - g.padLeft; }
};

// Index in x of (b, ih, iw, channel 0), or -1 outside the image.
inline int64_t pixelIndex(const ConvGeometry& g, int64_t b, int64_t ih, int64_t iw) {
  if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) return -1;
  return ((b * g.inH + ih) * g.inW + iw) * g.inC;
}

// Columns [start, end) of col that belong to filter row fr.
struct FilterRowSpan {
  int64_t fr, start, end;
};

std::vector<FilterRowSpan> filterRowSpans(const ConvGeometry& g, int64_t c0, int64_t c1) {
  std::vector<FilterRowSpan> spans;
  const int64_t rowLen = g.filterW * g.inC;
  for (int64_t c = c0; c < c1;) {
    const int64_t fr = c / rowLen, end = std::min(c1, (fr + 1) * rowLen);
    spans.push_back({fr, c, end});
    c = end;
  }
  return spans;
}

// Writes the columns covered by spans (starting at column c0) of pixel p's
// col row to out.
void colRow(const ConvGeometry& g, const float* x, const PixelCursor& p, const std::vector<FilterRowSpan>& spans,
            int64_t c0, float* out) {
  const int64_t C = g.inC, rowLen = g.filterW * C, ih0 = p.ih0(g), iw0 = p.iw0(g);
  // In-bounds taps of a filter row (dilation 1): fcLo..fcHi-1.
  const int64_t fcLo = std::max<int64_t>(0, -iw0), fcHi = std::min(g.filterW, g.inW - iw0);
  for (const FilterRowSpan& s : spans) {
    float* o = out + (s.start - c0);
    const int64_t ih = ih0 + s.fr * g.dilationH, rowStart = s.fr * rowLen;
    if (ih < 0 || ih >= g.inH) {
      zeroFloats(o, s.end - s.start);
    } else if (g.dilationW == 1) {
      const int64_t vLo = rowStart + fcLo * C, vHi = std::max(vLo, rowStart + fcHi * C);
      const int64_t a = std::min(std::max(s.start, vLo), s.end), b = std::max(a, std::min(s.end, vHi));
      zeroFloats(o, a - s.start);
      if (b > a) copyFloats(o + (a - s.start), x + (((p.b * g.inH + ih) * g.inW + iw0) * C + (a - rowStart)), b - a);
      zeroFloats(o + (b - s.start), s.end - b);
    } else {
      for (int64_t t = s.start; t < s.end;) {
        const int64_t fc = (t - rowStart) / C, ch = (t - rowStart) % C, n = std::min(C - ch, s.end - t);
        const int64_t at = pixelIndex(g, p.b, ih, iw0 + fc * g.dilationW);
        if (at < 0)
          zeroFloats(o + (t - s.start), n);
        else
          copyFloats(o + (t - s.start), x + at + ch, n);
        t += n;
      }
    }
  }
}

}  // namespace

// Im2colA::pack.
void packIm2col(const ConvGeometry& g, const float* x, int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) {
  const std::vector<FilterRowSpan> spans = filterRowSpans(g, k0, k0 + kc);
  PixelCursor px(g, i0);
  for (int64_t r = 0; r < mc; ++r, px.next(g)) colRow(g, x, px, spans, k0, dst + r * kGemmKCStride);
  for (int64_t r = mc; r % MR != 0; ++r) zeroFloats(dst + r * kGemmKCStride, kc);
}

// Im2colTransposedA::pack.
void packIm2colTransposed(const ConvGeometry& g, const float* x, int64_t i0, int64_t mc, int64_t k0, int64_t kc,
                          float* dst) {
  // The block's rows cut into chunks that stay within one tap (contiguous in
  // x) and one panel (contiguous in dst): per pixel, one short copy each.
  struct Chunk {
    int64_t dst, channel, n, dh, dw;
  };
  std::vector<Chunk> chunks;
  for (int64_t r = 0; r < mc;) {
    const int64_t i = i0 + r, tap = i / g.inC, ch = i % g.inC;
    const int64_t n = std::min({g.inC - ch, MR - r % MR, mc - r});
    chunks.push_back({(r / MR) * MR * kc + r % MR, ch, n, (tap / g.filterW) * g.dilationH, (tap % g.filterW) * g.dilationW});
    r += n;
  }
  if (const int64_t used = mc % MR) {
    float* last = dst + (mc / MR) * MR * kc;
    for (int64_t k = 0; k < kc; ++k) zeroShort(last + k * MR + used, MR - used);
  }
  PixelCursor px(g, k0);
  for (int64_t k = 0; k < kc; ++k, px.next(g)) {
    const int64_t ih0 = px.ih0(g), iw0 = px.iw0(g);
    for (const Chunk& c : chunks) {
      const int64_t at = pixelIndex(g, px.b, ih0 + c.dh, iw0 + c.dw);
      float* d = dst + c.dst + k * MR;
      if (at < 0)
        zeroShort(d, c.n);
      else
        copyShort(d, x + at + c.channel, c.n);
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

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(packIm2col)
SIMSIAM_CPU_VARIANTS(packIm2colTransposed)
SIMSIAM_CPU_VARIANTS(col2imAdd)

void Im2colA::pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const {
  SIMSIAM_CPU_PICK(packIm2col)(g_, x_, i0, mc, k0, kc, dst);
}

void Im2colTransposedA::pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const {
  SIMSIAM_CPU_PICK(packIm2colTransposed)(g_, x_, i0, mc, k0, kc, dst);
}

void col2imAdd(const ConvGeometry& g, const float* col, int64_t b0, int64_t b1, float* x) {
  SIMSIAM_CPU_PICK(col2imAdd)(g, col, b0, b1, x);
}
#endif

}  // namespace simsiam
