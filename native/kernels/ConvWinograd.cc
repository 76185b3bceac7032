// Winograd F(2x2, 3x3) (kernels/ConvWinograd.h; Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks",
// 2016). Per 4x4 input tile d and 3x3 filter g, the 2x2 outputs are Y = A^T [(G g G^T) .* (B^T d B)] A with
//   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1],
//   A^T = [1 1 1 0; 0 1 -1 -1]
// (small exact coefficients: the result differs from the direct sum by float rounding only). Summed over the input
// channels, the 16 element-wise products are 16 GEMMs, one per tile position xi:
//   M[xi] [tiles x outC] = V[xi] [tiles x inC] * U[xi] [inC x outC].
// U (the transformed filter) is made once per call; then each thread takes chunks of tiles and runs the input
// transform (V of the chunk), the 16 GEMMs and the output transform (into y, with the epilogue), the chunk's V and M
// small enough to stay in cache. The transforms loop over channels, contiguous in NHWC, and vectorise; compiled
// once per CPU path (util/CpuDispatch.h).
#include "kernels/ConvWinograd.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "gemm/Gemm.h"
#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"
#include "util/Workspace.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {
namespace {

constexpr int64_t kXi = 16;                       // tile positions: 4 x 4
constexpr int64_t kChunkBytes = int64_t{3} << 20;  // V and M of one chunk of tiles

// Calls f(i) for i = c*outC + k over every input channel c and output channel k: the offset of (c, k) in a plane of
// an HWIO filter, of its transform and of the filter gradient's sums. The threads take channels c; the k loop runs
// over contiguous values and vectorises (f only reads one buffer and writes another).
template <class F>
void forEachChannelPair(const ConvGeometry& g, F f) {
  const int64_t K = g.outC;
  parallelFor(g.inC, std::max<int64_t>(1, 4096 / K), [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c)
#pragma GCC ivdep
      for (int64_t k = 0; k < K; ++k) f(c * K + k);
  });
}

// U[xi][c][k] = (G g G^T)[xi], g[fr][fc] = filter[fr][fc][c][k] (HWIO).
void transformFilter(const ConvGeometry& g, const float* w, float* u) {
  const int64_t plane = g.inC * g.outC;
  forEachChannelPair(g, [=](int64_t i) {
    float t[4][3];
    for (int fc = 0; fc < 3; ++fc) {
      const float g0 = w[fc * plane + i], g1 = w[(3 + fc) * plane + i], g2 = w[(6 + fc) * plane + i];
      t[0][fc] = g0;
      t[1][fc] = 0.5f * (g0 + g1 + g2);
      t[2][fc] = 0.5f * (g0 - g1 + g2);
      t[3][fc] = g2;
    }
    for (int r = 0; r < 4; ++r) {
      u[(r * 4 + 0) * plane + i] = t[r][0];
      u[(r * 4 + 1) * plane + i] = 0.5f * (t[r][0] + t[r][1] + t[r][2]);
      u[(r * 4 + 2) * plane + i] = 0.5f * (t[r][0] - t[r][1] + t[r][2]);
      u[(r * 4 + 3) * plane + i] = t[r][2];
    }
  });
}

// The 2x2 output blocks of the convolution, numbered t = (n * rows + row) * cols + col over the batch.
struct Tiles {
  int64_t rows, cols, count;  // per image: ceil(outH / 2) x ceil(outW / 2); count: over the batch

  explicit Tiles(const ConvGeometry& g)
      : rows((g.outH + 1) / 2), cols((g.outW + 1) / 2), count(g.batch * rows * cols) {}

  struct Origin {
    int64_t n, oh, ow;  // image, and the output pixel at the block's top left
  };
  Origin origin(int64_t t) const {
    const int64_t r = t % (rows * cols);
    return {t / (rows * cols), 2 * (r / cols), 2 * (r % cols)};
  }
};

// The four pixels of block o in an NHWC tensor of the output's geometry with `channels` channels (dy or y), row by
// row; a pixel past the output's edge gets `outside` instead.
template <class T>
void blockPixels(const ConvGeometry& g, const Tiles::Origin& o, T* base, int64_t channels, T* outside, T* px[4]) {
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      const int64_t oh = o.oh + i, ow = o.ow + j;
      px[i * 2 + j] = oh < g.outH && ow < g.outW ? base + ((o.n * g.outH + oh) * g.outW + ow) * channels : outside;
    }
}

// V[xi][r][c] = (B^T d B)[xi] of the 4x4 input patch d of tile t0 + r, for rows r in [r0, r1) of planes of `rows`
// rows (taps outside x read zero).
void transformInput(const ConvGeometry& g, const Tiles& tiles, const float* x, int64_t t0, int64_t r0, int64_t r1,
                    int64_t rows, const float* zeros, float* v) {
  const int64_t C = g.inC, plane = rows * C;
  for (int64_t tl = r0; tl < r1; ++tl) {
    const Tiles::Origin b = tiles.origin(t0 + tl);
    const float* p[16];
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) {
        const int64_t ih = b.oh - g.padTop + i, iw = b.ow - g.padLeft + j;
        p[i * 4 + j] = ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW ? x + ((b.n * g.inH + ih) * g.inW + iw) * C : zeros;
      }
    float* o = v + tl * C;
#pragma GCC ivdep  // o never overlaps x or zeros: vectorise over the channels
    for (int64_t c = 0; c < C; ++c) {
      float d[4][4], s[4][4];
      for (int q = 0; q < 16; ++q) d[q / 4][q % 4] = p[q][c];
      for (int j = 0; j < 4; ++j) {  // B^T d
        s[0][j] = d[0][j] - d[2][j];
        s[1][j] = d[1][j] + d[2][j];
        s[2][j] = d[2][j] - d[1][j];
        s[3][j] = d[1][j] - d[3][j];
      }
      for (int i = 0; i < 4; ++i) {  // (B^T d) B
        o[(i * 4 + 0) * plane + c] = s[i][0] - s[i][2];
        o[(i * 4 + 1) * plane + c] = s[i][1] + s[i][2];
        o[(i * 4 + 2) * plane + c] = s[i][2] - s[i][1];
        o[(i * 4 + 3) * plane + c] = s[i][1] - s[i][3];
      }
    }
  }
}

// The filter gradient's transform of the output gradient: E[xi][r][k] = (A e A^T)[xi] of tile t0 + r's 2x2 block e
// of dy (pixels outside dy read zero), rows [r0, r1) of planes of `rows` rows.
void transformGradient(const ConvGeometry& g, const Tiles& tiles, const float* dy, int64_t t0, int64_t r0, int64_t r1,
                       int64_t rows, const float* zeros, float* e) {
  const int64_t K = g.outC, plane = rows * K;
  for (int64_t tl = r0; tl < r1; ++tl) {
    const float* p[4];
    blockPixels(g, tiles.origin(t0 + tl), dy, K, zeros, p);
    float* o = e + tl * K;
#pragma GCC ivdep  // o never overlaps dy or zeros
    for (int64_t k = 0; k < K; ++k) {
      const float d00 = p[0][k], d01 = p[1][k], d10 = p[2][k], d11 = p[3][k];
      // A e (4x2), A = [1 0; 1 1; 1 -1; 0 -1]
      const float s[4][2] = {{d00, d01}, {d00 + d10, d01 + d11}, {d00 - d10, d01 - d11}, {-d10, -d11}};
      for (int i = 0; i < 4; ++i) {  // (A e) A^T
        o[(i * 4 + 0) * plane + k] = s[i][0];
        o[(i * 4 + 1) * plane + k] = s[i][0] + s[i][1];
        o[(i * 4 + 2) * plane + k] = s[i][0] - s[i][1];
        o[(i * 4 + 3) * plane + k] = -s[i][1];
      }
    }
  }
}

// dw[fr][fc][c][k] = (G^T P G)[fr][fc] of P[xi][c][k] (HWIO).
void transformFilterGradient(const ConvGeometry& g, const float* pr, float* dw) {
  const int64_t plane = g.inC * g.outC;
  forEachChannelPair(g, [=](int64_t i) {
    float a[4][4], h[3][4];
    for (int q = 0; q < 16; ++q) a[q / 4][q % 4] = pr[q * plane + i];
    for (int j = 0; j < 4; ++j) {  // G^T P, G^T = [1 1/2 1/2 0; 0 1/2 -1/2 0; 0 1/2 1/2 1]
      h[0][j] = a[0][j] + 0.5f * (a[1][j] + a[2][j]);
      h[1][j] = 0.5f * (a[1][j] - a[2][j]);
      h[2][j] = 0.5f * (a[1][j] + a[2][j]) + a[3][j];
    }
    for (int fr = 0; fr < 3; ++fr) {  // (G^T P) G
      dw[(fr * 3 + 0) * plane + i] = h[fr][0] + 0.5f * (h[fr][1] + h[fr][2]);
      dw[(fr * 3 + 1) * plane + i] = 0.5f * (h[fr][1] - h[fr][2]);
      dw[(fr * 3 + 2) * plane + i] = 0.5f * (h[fr][1] + h[fr][2]) + h[fr][3];
    }
  });
}

// The 2x2 outputs A^T M A of each tile into y (those inside it), then the epilogue on them.
void transformOutput(const ConvGeometry& g, const Tiles& tiles, const float* m, int64_t t0, int64_t tc, float* spill,
                     float* y, const Epilogue& ep) {
  const int64_t K = g.outC, plane = tc * K;
  for (int64_t tl = 0; tl < tc; ++tl) {
    float* out[4];
    blockPixels(g, tiles.origin(t0 + tl), y, K, spill, out);
    const float* s = m + tl * K;
#pragma GCC ivdep  // y and spill never overlap m
    for (int64_t k = 0; k < K; ++k) {
      float a[4][4];
      for (int q = 0; q < 16; ++q) a[q / 4][q % 4] = s[q * plane + k];
      float h[2][4];
      for (int j = 0; j < 4; ++j) {  // A^T M
        h[0][j] = a[0][j] + a[1][j] + a[2][j];
        h[1][j] = a[1][j] - a[2][j] - a[3][j];
      }
      for (int i = 0; i < 2; ++i) {  // (A^T M) A
        out[i * 2 + 0][k] = h[i][0] + h[i][1] + h[i][2];
        out[i * 2 + 1][k] = h[i][1] - h[i][2] - h[i][3];
      }
    }
    if (!ep.isIdentity())
      for (float* o : out)
        if (o != spill) applyEpilogue(ep, o, K, 1, K, 0);
  }
}

}  // namespace

bool conv2dWinogradCpu(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep) {
  if (!winogradTakes(g)) return false;
  const int64_t C = g.inC, K = g.outC;
  const Tiles tiles(g);
  const int64_t T = tiles.count;
  float* u = workspace(WorkspaceSlot::kWinogradFilter, static_cast<size_t>(kXi * C * K));
  transformFilter(g, filter, u);
  // Chunks of tiles: a multiple of the register tile's rows, V and M within kChunkBytes but at least 128 tiles
  // (each chunk packs all of U for its GEMMs: 16 MiB at 512 channels), and at least one per thread (the threads
  // take whole chunks).
  const int64_t mr = gemmTile().mr;
  const int64_t byBytes = std::max<int64_t>(128, kChunkBytes / (kXi * (C + K) * static_cast<int64_t>(sizeof(float))));
  const int64_t byThreads = (T + numThreads() - 1) / numThreads();
  const int64_t tc = std::max<int64_t>(mr, (std::min(byBytes, byThreads) + mr - 1) / mr * mr);
  const int64_t chunks = (T + tc - 1) / tc;
  const std::vector<float> zeros(static_cast<size_t>(C), 0.f);
  parallelFor(chunks, 1, [&](int64_t c0, int64_t c1) {
    float* v = workspace(WorkspaceSlot::kWinogradTiles, static_cast<size_t>(kXi * tc * C));
    float* m = workspace(WorkspaceSlot::kWinogradProducts, static_cast<size_t>(kXi * tc * K));
    std::vector<float> spill(static_cast<size_t>(K));
    for (int64_t chunk = c0; chunk < c1; ++chunk) {
      const int64_t t0 = chunk * tc, n = std::min(tc, T - t0);
      // V and M hold n rows per tile position (the last chunk's n may be below tc).
      transformInput(g, tiles, x, t0, 0, n, n, zeros.data(), v);
      for (int64_t xi = 0; xi < kXi; ++xi)
        ::simsiam::gemmSerial(MatrixA(v + xi * n * C, C, false), MatrixB(u + xi * C * K, K, false), n, K, C,
                              m + xi * n * K, K, false);
      transformOutput(g, tiles, m, t0, n, spill.data(), y, ep);
    }
  });
  return true;
}

bool conv2dBackpropFilterWinogradCpu(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  if (!winogradTakes(g)) return false;
  const int64_t C = g.inC, K = g.outC;
  const Tiles tiles(g);
  const int64_t T = tiles.count;
  // P[xi] [inC x outC] = sum over tiles of V[xi]^T E[xi]: 16 GEMMs whose depth is the tiles, a chunk of them at a
  // time (accumulated), the threads on different xi. The chunk's V and E are shared by the threads.
  const int64_t tc = std::max<int64_t>(256, kChunkBytes / (kXi * (C + K) * static_cast<int64_t>(sizeof(float))));
  float* pr = workspace(WorkspaceSlot::kWinogradFilter, static_cast<size_t>(kXi * C * K));
  float* v = workspace(WorkspaceSlot::kWinogradTiles, static_cast<size_t>(kXi * std::min(tc, T) * C));
  float* e = workspace(WorkspaceSlot::kWinogradProducts, static_cast<size_t>(kXi * std::min(tc, T) * K));
  const std::vector<float> zeros(static_cast<size_t>(std::max(C, K)), 0.f);
  for (int64_t t0 = 0; t0 < T; t0 += tc) {
    const int64_t n = std::min(tc, T - t0);
    parallelFor(n, 16, [&](int64_t r0, int64_t r1) {
      transformInput(g, tiles, x, t0, r0, r1, n, zeros.data(), v);
      transformGradient(g, tiles, dy, t0, r0, r1, n, zeros.data(), e);
    });
    parallelFor(kXi, 1, [&](int64_t xi0, int64_t xi1) {
      for (int64_t xi = xi0; xi < xi1; ++xi)
        ::simsiam::gemmSerial(MatrixA(v + xi * n * C, C, true), MatrixB(e + xi * n * K, K, false), C, K, n,
                              pr + xi * C * K, K, t0 > 0);
    });
  }
  transformFilterGradient(g, pr, dw);
  return true;
}

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(conv2dWinogradCpu)
SIMSIAM_CPU_VARIANTS(conv2dBackpropFilterWinogradCpu)

bool winogradTakes(const ConvGeometry& g) {
  static const bool enabled = [] {
    const char* env = std::getenv("SIMSIAM_CONV_WINOGRAD");
    return !(env && std::strcmp(env, "0") == 0);
  }();
  return enabled && g.filterH == 3 && g.filterW == 3 && g.strideH == 1 && g.strideW == 1 && g.dilationH == 1 &&
         g.dilationW == 1 && g.inC >= kWinogradMinChannels && g.outC >= kWinogradMinChannels && g.pixels() > 0;
}

bool conv2dWinogradCpu(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep) {
  return SIMSIAM_CPU_PICK(conv2dWinogradCpu)(g, x, filter, y, ep);
}

bool conv2dBackpropFilterWinogradCpu(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  return SIMSIAM_CPU_PICK(conv2dBackpropFilterWinogradCpu)(g, x, dy, dw);
}
#endif

}  // namespace simsiam
