// Direct convolutions for few channels (kernels/ConvDirect.h); compiled once
// per CPU path (util/CpuDispatch.h), with the register tile and the panel
// vectors of that path's GEMM (gemm/MicroKernel.h).
//
// Both read a zero-padded copy of a few images at a time, xp, in which every
// tap of every output pixel is in range (no bounds checks in the loops):
// padded row ih + padTop of (outH - 1)*strideH + filterH, column iw + padLeft
// of (outW - 1)*strideW + filterW, NHWC like x.
//
// Forward (stride 1): the output pixels are walked in the padded width,
// q = oh*Wp + ow (ow >= outW: junk, computed and dropped), so tap (fr, fc) of
// pixel q is padded pixel q + fr*Wp + fc: MR consecutive pixels are the MR
// rows of a register tile, inC floats apart in xp, read in place; the depth
// runs over taps x channels and the filter ([tap*inC + c][outC]) is the B
// panel as it is. Filter gradient (any stride): for a filter row fr, the
// filterW*inC values (fc, c) that a pixel's taps read are contiguous in xp;
// MR of them are a tile's rows, the output pixels its depth (strideW*inC
// floats apart) and dy's rows its B panel, both in place.
#include "kernels/ConvDirect.h"

#include <algorithm>
#include <vector>

#include "gemm/MicroKernel.h"
#include "util/Copy.h"
#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"
#include "util/Workspace.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {

#if defined(SIMSIAM_GEMM_PANEL_VECTORS)
namespace {

using gemm_detail::Panel;
constexpr int64_t MR = kGemmMR, NR = kGemmNR;
constexpr int kNarrowCount = static_cast<int>(sizeof(kGemmNarrowNR) / sizeof(kGemmNarrowNR[0]));
constexpr int64_t NW0 = kGemmNarrowNR[0], NWMIN = kGemmNarrowNR[kNarrowCount - 1];

// Floats of xp per image, and the padding's offsets.
struct Padded {
  int64_t H, W, C, top, left;
  int64_t image() const { return H * W * C; }
};

Padded paddedOf(const ConvGeometry& g) {
  return {(g.outH - 1) * g.strideH + g.filterH, (g.outW - 1) * g.strideW + g.filterW, g.inC, g.padTop, g.padLeft};
}

// Images [b0, b1) of x into xp, then MR * C zeros: the tiles' last rows read
// up to MR floats or pixels past the last image (into values they drop).
void padImages(const ConvGeometry& g, const Padded& p, const float* x, int64_t b0, int64_t b1, float* xp) {
  const int64_t C = p.C, lo = std::min(std::max<int64_t>(p.left, 0), p.W);
  const int64_t hi = std::max(lo, std::min(p.left + g.inW, p.W));
  for (int64_t b = b0; b < b1; ++b)
    for (int64_t ip = 0; ip < p.H; ++ip) {
      float* row = xp + ((b - b0) * p.H + ip) * p.W * C;
      const int64_t ih = ip - p.top;
      if (ih < 0 || ih >= g.inH) {
        zeroFloats(row, p.W * C);
        continue;
      }
      zeroFloats(row, lo * C);
      copyFloats(row + lo * C, x + ((b * g.inH + ih) * g.inW + (lo - p.left)) * C, (hi - lo) * C);
      zeroFloats(row + hi * C, (p.W - hi) * C);
    }
  zeroFloats(xp + (b1 - b0) * p.image(), MR * C);
}

// The width of the panel that starts at column j0 of n (n a multiple of NWMIN).
int64_t panelWidth(int64_t n, int64_t j0) {
  const int64_t rest = n - j0;
  return rest >= NR ? NR : rest >= NW0 ? NW0 : NWMIN;
}

// The MR x W register tile of both kernels: per row NV (1 or 2) vectors of the panel.
template <int64_t W>
struct Tile {
  using T = typename Panel<W>::T;
  using V = typename T::V;
  static constexpr int NV = Panel<W>::kCount;
  static_assert(NV * T::kWidth == W && NV <= 2, "panel");
  V acc0[MR], acc1[MR];

  Tile() {
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) acc0[r] = acc1[r] = T::zero();
  }
  // Row r += a[r * aStep] * b[0, W).
  __attribute__((always_inline)) void update(const float* a, int64_t aStep, const float* b) {
    const V b0 = T::load(b);
    const V b1 = NV == 2 ? T::load(b + T::kWidth) : b0;
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
      const V av = T::broadcast(a + r * aStep);
      acc0[r] = T::fma(av, b0, acc0[r]);
      if constexpr (NV == 2) acc1[r] = T::fma(av, b1, acc1[r]);
    }
  }
  __attribute__((always_inline)) void store(float* t) const {
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
      T::store(t + r * W, acc0[r]);
      if constexpr (NV == 2) T::store(t + r * W + T::kWidth, acc1[r]);
    }
  }
};

// t[r][j] = sum over taps, c < C: a[tapOffset[tap] + r*C + c] * w[(tap*C + c)*ldw + j], r < MR, j < W.
template <int64_t W, int64_t C>
void forwardTile(const float* a, const int64_t* tapOffset, int64_t taps, const float* w, int64_t ldw, float* t) {
  Tile<W> tile;
  for (int64_t tap = 0; tap < taps; ++tap) {
    const float* at = a + tapOffset[tap];
    for (int64_t c = 0; c < C; ++c, w += ldw) tile.update(at + c, C, w);
  }
  tile.store(t);
}

template <int64_t C>
void forwardPanel(int64_t width, const float* a, const int64_t* tapOffset, int64_t taps, const float* w, int64_t ldw,
                  float* t) {
  if (width == NR)
    forwardTile<NR, C>(a, tapOffset, taps, w, ldw, t);
  else if (width == NW0)
    forwardTile<NW0, C>(a, tapOffset, taps, w, ldw, t);
  else
    forwardTile<NWMIN, C>(a, tapOffset, taps, w, ldw, t);
}

// Stride 1, dilation 1, inC == C.
template <int64_t C>
void forward(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep) {
  const Padded p = paddedOf(g);
  const int64_t taps = g.filterH * g.filterW, perImage = p.image(), outC = g.outC;
  std::vector<int64_t> tapOffset(static_cast<size_t>(taps));
  for (int64_t fr = 0; fr < g.filterH; ++fr)
    for (int64_t fc = 0; fc < g.filterW; ++fc) tapOffset[fr * g.filterW + fc] = (fr * p.W + fc) * C;
  // Pixels walked per image: up to the last real one.
  const int64_t nq = (g.outH - 1) * p.W + g.outW;
  const int64_t images = std::min(g.batch, std::max<int64_t>(1, 16384 / perImage));  // padded at a time: ~64 KiB
  parallelFor((g.batch + images - 1) / images, 1, [&](int64_t begin, int64_t end) {
    float* xp = workspace(WorkspaceSlot::kConvColumns, static_cast<size_t>(images * perImage + MR * C));
    alignas(64) float t[MR * NR];
    int64_t rowOf[MR];  // y row of each tile row, -1 for a junk pixel
    for (int64_t chunk = begin; chunk < end; ++chunk) {
      const int64_t b0 = chunk * images, b1 = std::min(g.batch, b0 + images);
      padImages(g, p, x, b0, b1, xp);
      for (int64_t b = b0; b < b1; ++b) {
        const float* img = xp + (b - b0) * perImage;
        float* yImage = y + b * g.outH * g.outW * outC;
        for (int64_t q0 = 0; q0 < nq; q0 += MR) {
          // The tile's pixels in y: consecutive rows from rowOf[first valid].
          int64_t oh = q0 / p.W, ow = q0 % p.W, first = -1, count = 0;
          for (int64_t r = 0; r < MR; ++r) {
            const bool real = q0 + r < nq && ow < g.outW;
            rowOf[r] = real ? oh * g.outW + ow : -1;
            if (real && first < 0) first = rowOf[r];
            count += real;
            if (++ow == p.W) ow = 0, ++oh;
          }
          if (count == 0) continue;  // a filter wider than the tile: all junk
          for (int64_t j0 = 0; j0 < outC;) {
            const int64_t width = panelWidth(outC, j0);
            forwardPanel<C>(width, img + q0 * C, tapOffset.data(), taps, filter + j0, outC, t);
            for (int64_t r = 0; r < MR; ++r)
              if (rowOf[r] >= 0) copyFloats(yImage + rowOf[r] * outC + j0, t + r * width, width);
            if (!ep.isIdentity()) applyEpilogue(ep, yImage + first * outC + j0, outC, count, width, j0);
            j0 += width;
          }
        }
      }
    }
  });
}

// t[r][j] = sum over images, rows, cols: a[i*aImage + row*aRow + col*aCol + r] * b[i*bImage + row*bRow + col*bCol + j].
template <int64_t W>
void filterTile(const float* a, const float* b, int64_t images, int64_t aImage, int64_t bImage, int64_t rows,
                int64_t aRow, int64_t bRow, int64_t cols, int64_t aCol, int64_t bCol, float* t) {
  Tile<W> tile;
  for (int64_t i = 0; i < images; ++i)
    for (int64_t row = 0; row < rows; ++row) {
      const float* ap = a + i * aImage + row * aRow;
      const float* bp = b + i * bImage + row * bRow;
      for (int64_t col = 0; col < cols; ++col, ap += aCol, bp += bCol) tile.update(ap, 1, bp);
    }
  tile.store(t);
}

void filterPanel(int64_t width, const float* a, const float* b, int64_t images, int64_t aImage, int64_t bImage,
                 int64_t rows, int64_t aRow, int64_t bRow, int64_t cols, int64_t aCol, int64_t bCol, float* t) {
  if (width == NR)
    filterTile<NR>(a, b, images, aImage, bImage, rows, aRow, bRow, cols, aCol, bCol, t);
  else if (width == NW0)
    filterTile<NW0>(a, b, images, aImage, bImage, rows, aRow, bRow, cols, aCol, bCol, t);
  else
    filterTile<NWMIN>(a, b, images, aImage, bImage, rows, aRow, bRow, cols, aCol, bCol, t);
}

// Dilation 1. Each thread sums its share of the images into its own copy of
// dw (the first into dw itself), added up afterwards in a fixed order.
void filterGradient(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  const Padded p = paddedOf(g);
  const int64_t C = g.inC, outC = g.outC, rowsPerFilterRow = g.filterW * C, size = g.filterSize();
  const int64_t perImage = p.image(), dyImage = g.outH * g.outW * outC;
  const int64_t images = std::min(g.batch, std::max<int64_t>(1, 65536 / perImage));  // padded at a time: ~256 KiB
  const int64_t shares = std::min<int64_t>(g.batch, numThreads());
  float* partial = shares > 1 ? workspace(WorkspaceSlot::kGemmPartial, static_cast<size_t>((shares - 1) * size)) : nullptr;
  parallelFor(shares, 1, [&](int64_t begin, int64_t end) {
    float* xp = workspace(WorkspaceSlot::kConvColumns, static_cast<size_t>(images * perImage + MR * C));
    alignas(64) float t[MR * NR];
    for (int64_t share = begin; share < end; ++share) {
      float* sum = share == 0 ? dw : partial + (share - 1) * size;
      std::fill(sum, sum + size, 0.f);
      const int64_t lo = g.batch * share / shares, hi = g.batch * (share + 1) / shares;
      for (int64_t b0 = lo; b0 < hi; b0 += images) {
        const int64_t b1 = std::min(hi, b0 + images);
        padImages(g, p, x, b0, b1, xp);
        for (int64_t fr = 0; fr < g.filterH; ++fr)
          for (int64_t r0 = 0; r0 < rowsPerFilterRow; r0 += MR) {
            const int64_t mr = std::min(MR, rowsPerFilterRow - r0);
            for (int64_t j0 = 0; j0 < outC;) {
              const int64_t width = panelWidth(outC, j0);
              filterPanel(width, xp + fr * p.W * C + r0, dy + b0 * dyImage + j0, b1 - b0, perImage, dyImage, g.outH,
                          g.strideH * p.W * C, g.outW * outC, g.outW, g.strideW * C, outC, t);
              float* d = sum + (fr * rowsPerFilterRow + r0) * outC + j0;
              for (int64_t r = 0; r < mr; ++r)
                for (int64_t j = 0; j < width; ++j) d[r * outC + j] += t[r * width + j];
              j0 += width;
            }
          }
      }
    }
  });
  for (int64_t share = 1; share < shares; ++share) {
    const float* s = partial + (share - 1) * size;
    for (int64_t i = 0; i < size; ++i) dw[i] += s[i];
  }
}

bool channelsFit(int64_t outC) { return outC % NWMIN == 0 && outC <= 2 * NR; }

}  // namespace

bool conv2dDirectCpu(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep) {
  if (g.strideH != 1 || g.strideW != 1 || g.dilationH != 1 || g.dilationW != 1 || !channelsFit(g.outC) ||
      g.pixels() == 0)
    return false;
  switch (g.inC) {
    case 3:
      forward<3>(g, x, filter, y, ep);
      return true;
    case 8:
      forward<8>(g, x, filter, y, ep);
      return true;
    case 16:
      forward<16>(g, x, filter, y, ep);
      return true;
    default:
      return false;
  }
}

bool conv2dBackpropFilterDirectCpu(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  if (g.dilationH != 1 || g.dilationW != 1 || !channelsFit(g.outC) || g.inC > 64 || g.pixels() == 0) return false;
  filterGradient(g, x, dy, dw);
  return true;
}

#else  // no vector types for this compiler: the im2col GEMMs do it all

bool conv2dDirectCpu(const ConvGeometry&, const float*, const float*, float*, const Epilogue&) { return false; }
bool conv2dBackpropFilterDirectCpu(const ConvGeometry&, const float*, const float*, float*) { return false; }

#endif

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(conv2dDirectCpu)
SIMSIAM_CPU_VARIANTS(conv2dBackpropFilterDirectCpu)

bool conv2dDirectCpu(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep) {
  return SIMSIAM_CPU_PICK(conv2dDirectCpu)(g, x, filter, y, ep);
}

bool conv2dBackpropFilterDirectCpu(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  return SIMSIAM_CPU_PICK(conv2dBackpropFilterDirectCpu)(g, x, dy, dw);
}
#endif

}  // namespace simsiam
