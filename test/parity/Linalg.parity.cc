// Linalg.cu against Linalg.cc: the tiled SGEMM, im2col, col2im, the 2-D
// transpose, the bias/activation epilogue and the NHWC window.
#include <cmath>

#include "Parity.h"
#include "kernels/LinalgDevice.h"
#include "kernels/Linalg.h"

using parity::DeviceBuffer;
using parity::canonicalNaN;
using simsiam::ConvGeometry;
using simsiam::EpilogueArgs;
using simsiam::GemmArgs;
using simsiam::WindowArgs;

namespace {

// ---- SGEMM ----

int64_t extent(int64_t batch, int64_t stride, int64_t rows, int64_t ld) {
  return rows == 0 || batch == 0 ? 0 : (batch - 1) * stride + rows * ld;
}

// Packed (ld = the stored row length) unless given; batches back to back.
GemmArgs gemmArgs(bool tA, bool tB, int64_t M, int64_t N, int64_t K, int64_t batch = 1, int64_t pad = 0,
                  bool accumulate = false) {
  GemmArgs g = simsiam::rowMajor(tA, tB, M, N, K, accumulate);  // what the bindings launch
  g.lda += pad;
  g.ldb += pad;
  g.ldc += pad;
  g.strideA = (tA ? K : M) * g.lda;
  g.strideB = (tB ? N : K) * g.ldb;
  g.strideC = M * g.ldc;
  g.batch = batch;
  return g;
}

// Float sums of K products of values in [-1, 1] in another order (the CPU
// GEMM's blocks vs 16-deep tiles of fmaf): within ~sqrt(K) ulps of values of
// magnitude ~sqrt(K), so 1e-5 relative plus 2e-6 * K absolute is ample.
void gemmCase(parity::Context& ctx, const GemmArgs& g) {
  const std::vector<float> a = ctx.rng.floats(extent(g.batch, g.strideA, g.transA ? g.K : g.M, g.lda));
  const std::vector<float> b = ctx.rng.floats(extent(g.batch, g.strideB, g.transB ? g.N : g.K, g.ldb));
  std::vector<float> c = ctx.rng.floats(extent(g.batch, g.strideC, g.M, g.ldc));  // kept where not written
  DeviceBuffer<float> da(a), db(b), dc(c);
  simsiam::sgemmStridedCpu(g, a.data(), b.data(), c.data());
  ctx.launched(simsiam::sgemmTiledCuda(g, da, db, dc, ctx.stream()), "sgemmTiledCuda");
  ctx.expectClose("C", dc.download(), c, 1e-5, 2e-6 * static_cast<double>(g.K > 0 ? g.K : 1));
}

}  // namespace

PARITY_CASE("Linalg/sgemm NN odd 37x29x23") { gemmCase(ctx, gemmArgs(false, false, 37, 29, 23)); }
PARITY_CASE("Linalg/sgemm NT partial tiles 70x65x33") { gemmCase(ctx, gemmArgs(false, true, 70, 65, 33)); }
PARITY_CASE("Linalg/sgemm TN partial tiles 65x70x17") { gemmCase(ctx, gemmArgs(true, false, 65, 70, 17)); }
PARITY_CASE("Linalg/sgemm TT 129x3x300") { gemmCase(ctx, gemmArgs(true, true, 129, 3, 300)); }
PARITY_CASE("Linalg/sgemm 1x1x1") { gemmCase(ctx, gemmArgs(false, false, 1, 1, 1)); }
PARITY_CASE("Linalg/sgemm batch 3, padded leading dimensions, accumulate") {
  gemmCase(ctx, gemmArgs(false, true, 33, 47, 19, 3, 5, true));
  gemmCase(ctx, gemmArgs(true, false, 20, 66, 40, 2, 3, true));
}
PARITY_CASE("Linalg/sgemm broadcast B (strideB 0)") {
  GemmArgs g = gemmArgs(false, false, 17, 9, 12, 4);
  g.strideB = 0;
  gemmCase(ctx, g);
}
// K = 0: the product is zero, C written (or kept when accumulating).
PARITY_CASE("Linalg/sgemm depth 0") {
  gemmCase(ctx, gemmArgs(false, false, 5, 7, 0));
  gemmCase(ctx, gemmArgs(false, false, 5, 7, 0, 2, 0, true));
}
// Empty products launch nothing.
PARITY_CASE("Linalg/sgemm empty (M, N or batch 0)") {
  gemmCase(ctx, gemmArgs(false, false, 0, 7, 3));
  gemmCase(ctx, gemmArgs(false, false, 7, 0, 3));
  gemmCase(ctx, gemmArgs(false, false, 7, 3, 3, 0));
}
// 65536 row tiles: grid y is split into launches of at most 65535 (N = K = 1
// keeps it at one block per tile and 4M multiplies).
PARITY_CASE("Linalg/sgemm grid-y split, 65536 row tiles") { gemmCase(ctx, gemmArgs(false, false, 65535 * 64 + 1, 1, 1)); }
// 65536 matrices: grid z is split the same way.
PARITY_CASE("Linalg/sgemm grid-z split, batch 65536") { gemmCase(ctx, gemmArgs(false, true, 1, 2, 3, 65536)); }

namespace {

// ---- im2col / col2im ----

// A geometry with explicit pads; out sizes as tfjs's for those pads.
ConvGeometry geometry(int64_t batch, int64_t inH, int64_t inW, int64_t inC, int64_t fH, int64_t fW, int64_t sH,
                      int64_t sW, int64_t dH, int64_t dW, int64_t padTop, int64_t padBottom, int64_t padLeft,
                      int64_t padRight) {
  ConvGeometry g{};
  g.batch = batch;
  g.inH = inH;
  g.inW = inW;
  g.inC = inC;
  g.filterH = fH;
  g.filterW = fW;
  g.strideH = sH;
  g.strideW = sW;
  g.dilationH = dH;
  g.dilationW = dW;
  g.padTop = padTop;
  g.padLeft = padLeft;
  g.outH = (inH + padTop + padBottom - (fH - 1) * dH - 1) / sH + 1;
  g.outW = (inW + padLeft + padRight - (fW - 1) * dW - 1) / sW + 1;
  g.outC = 1;
  return g;
}

// im2col copies values: bit-exact. Images [b0, b1) of the batch.
void im2colCase(parity::Context& ctx, const ConvGeometry& g, int64_t b0, int64_t b1) {
  const std::vector<float> x = ctx.rng.floatsWithSpecials(g.xSize());
  std::vector<float> col((b1 - b0) * g.outH * g.outW * g.depth());
  DeviceBuffer<float> dx(x), dcol(col.size());
  simsiam::im2colCpu(g, x.data(), b0, b1, col.data());
  ctx.launched(simsiam::im2colCuda(g, dx, b0, b1, dcol, ctx.stream()), "im2colCuda");
  ctx.expectBits("col", canonicalNaN(dcol.download()), canonicalNaN(col));
}

// col2im gathers each x value's taps in one fixed order in float on both
// sides: bit-exact.
void col2imCase(parity::Context& ctx, const ConvGeometry& g, int64_t images) {
  const std::vector<float> col = ctx.rng.floats(images * g.outH * g.outW * g.depth());
  std::vector<float> x(images * g.inH * g.inW * g.inC);
  DeviceBuffer<float> dcol(col), dx(x.size());
  simsiam::col2imCpu(g, col.data(), images, x.data());
  ctx.launched(simsiam::col2imCuda(g, dcol, images, dx, ctx.stream()), "col2imCuda");
  ctx.expectBits("x", dx.download(), x);
}

}  // namespace

PARITY_CASE("Linalg/im2col 3x3 same, stride 1") { im2colCase(ctx, geometry(2, 7, 6, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), 0, 2); }
PARITY_CASE("Linalg/im2col stride 2x3, dilation 2x1, asymmetric pads, images [1, 3)") {
  im2colCase(ctx, geometry(4, 11, 13, 5, 3, 2, 2, 3, 2, 1, 0, 2, 1, 0), 1, 3);
}
PARITY_CASE("Linalg/im2col batch 1, 1 channel, valid") { im2colCase(ctx, geometry(1, 5, 5, 1, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0), 0, 1); }
PARITY_CASE("Linalg/im2col negative pads (cropping)") { im2colCase(ctx, geometry(2, 9, 8, 2, 3, 3, 1, 2, 1, 1, -1, 0, -2, 1), 0, 2); }
PARITY_CASE("Linalg/im2col no images") { im2colCase(ctx, geometry(2, 5, 5, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), 1, 1); }

PARITY_CASE("Linalg/col2im 3x3 same, stride 1") { col2imCase(ctx, geometry(2, 7, 6, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), 2); }
// Stride 2 leaves rows no window starts on; valid padding leaves the last
// rows and columns outside every window.
PARITY_CASE("Linalg/col2im stride 2, valid, uncovered edges") { col2imCase(ctx, geometry(3, 10, 9, 4, 3, 2, 2, 3, 1, 1, 0, 0, 0, 0), 3); }
PARITY_CASE("Linalg/col2im dilation 2, asymmetric pads") { col2imCase(ctx, geometry(1, 12, 11, 2, 3, 3, 1, 2, 2, 1, 2, 1, 0, 2), 1); }
PARITY_CASE("Linalg/col2im negative pads") { col2imCase(ctx, geometry(2, 9, 8, 2, 3, 3, 2, 1, 1, 1, -1, 0, -2, 1), 2); }
PARITY_CASE("Linalg/col2im no images") { col2imCase(ctx, geometry(2, 5, 5, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), 0); }

namespace {

// ---- transpose ----

void transposeCase(parity::Context& ctx, int64_t rows, int64_t cols) {
  const std::vector<float> in = ctx.rng.floatsWithSpecials(rows * cols);
  std::vector<float> out(in.size());
  DeviceBuffer<float> din(in), dout(out.size());
  simsiam::transposeCpu(in.data(), rows, cols, out.data());
  ctx.launched(simsiam::transposeCuda(din, rows, cols, dout, ctx.stream()), "transposeCuda");
  ctx.expectBits("out", dout.download(), out);  // moves bits
}

}  // namespace

PARITY_CASE("Linalg/transpose 1x1") { transposeCase(ctx, 1, 1); }
PARITY_CASE("Linalg/transpose odd 37x45") { transposeCase(ctx, 37, 45); }
PARITY_CASE("Linalg/transpose 64x33, 1x100, 100x1") {
  transposeCase(ctx, 64, 33);
  transposeCase(ctx, 1, 100);
  transposeCase(ctx, 100, 1);
}
PARITY_CASE("Linalg/transpose empty") { transposeCase(ctx, 0, 5); }
// 65537 tiles on a grid of 65536 blocks: block 0 takes a second tile.
PARITY_CASE("Linalg/transpose more tiles than blocks (1 x 65537*32)") { transposeCase(ctx, 1, 65537 * 32); }

namespace {

// ---- epilogue ----

// Activation codes (gemm/Epilogue.h): 0 none, 1 relu, 2 relu6, 3 elu,
// 4 leaky relu, 5 prelu, 6 sigmoid; others act as none.
// The same float formulas on both sides: bitwise (NaN payloads aside), but
// elu and sigmoid go through expm1f / expf, which CUDA computes within 1 and
// 2 ulps of the correctly rounded value: 4 ulps relative for those two.
void epilogueCase(parity::Context& ctx, EpilogueArgs e, int64_t n, int64_t biasN, int64_t preluN) {
  const std::vector<float> bias = ctx.rng.floatsWithSpecials(biasN), prelu = ctx.rng.floats(preluN, -0.5, 0.5);
  std::vector<float> y = ctx.rng.floatsWithSpecials(n, -8.0, 8.0);
  DeviceBuffer<float> dbias(bias), dprelu(prelu), dy(y);
  EpilogueArgs host = e;
  if (biasN) {
    host.bias = bias.data();
    e.bias = dbias;
  }
  if (preluN) {
    host.prelu = prelu.data();
    e.prelu = dprelu;
  }
  simsiam::epilogueCpu(host, y.data(), n);
  ctx.launched(simsiam::epilogueCuda(e, dy, n, ctx.stream()), "epilogueCuda");
  if (e.act == 3 || e.act == 6)
    ctx.expectClose("y", dy.download(), y, 4.8e-7, 0.0);
  else
    ctx.expectBits("y", canonicalNaN(dy.download()), canonicalNaN(y));
}

EpilogueArgs act(int code) {
  EpilogueArgs e;
  e.act = code;
  e.leakyAlpha = 0.2f;
  return e;
}

}  // namespace

PARITY_CASE("Linalg/epilogue every activation, no bias") {
  for (int code = 1; code <= 7; ++code) {
    epilogueCase(ctx, act(code), 1001, 0, code == 5 ? 1 : 0);
  }
}
PARITY_CASE("Linalg/epilogue every activation, bias per channel") {
  for (int code = 0; code <= 7; ++code) {
    EpilogueArgs e = act(code);
    e.biasPeriod = 13;
    e.preluPeriod = 13;
    epilogueCase(ctx, e, 13 * 77, 13, code == 5 ? 13 : 0);
  }
}
// A [M, 1] bias against [.., M, N] (inner N, period M); PReLU weights per row.
PARITY_CASE("Linalg/epilogue bias and prelu with inner strides") {
  EpilogueArgs e = act(5);
  e.biasInner = 7;
  e.biasPeriod = 5;
  e.preluInner = 7;
  e.preluPeriod = 5;
  epilogueCase(ctx, e, 3 * 5 * 7, 5, 5);
  e = act(0);
  e.biasPeriod = 1;
  epilogueCase(ctx, e, 999, 1, 0);
}
// No bias, no activation: nothing is launched and y is unchanged.
PARITY_CASE("Linalg/epilogue identity and empty") {
  epilogueCase(ctx, act(0), 100, 0, 0);
  epilogueCase(ctx, act(1), 0, 0, 0);
}

namespace {

// ---- window ----

void windowCase(parity::Context& ctx, const WindowArgs& a) {
  const std::vector<float> in = ctx.rng.floatsWithSpecials(a.batch * a.inH * a.inW * a.channels);
  std::vector<float> out(a.batch * a.outH * a.outW * a.channels);
  DeviceBuffer<float> din(in), dout(out.size());
  simsiam::windowCpu(a, in.data(), out.data());
  ctx.launched(simsiam::windowCuda(a, din, dout, ctx.stream()), "windowCuda");
  ctx.expectBits("out", dout.download(), out);  // moves bits
}

}  // namespace

// Fields: batch, inH, inW, outH, outW, channels, offH, offW.
PARITY_CASE("Linalg/window asymmetric padding") { windowCase(ctx, WindowArgs{2, 5, 7, 8, 9, 3, 1, 2}); }
PARITY_CASE("Linalg/window crop") { windowCase(ctx, WindowArgs{3, 9, 8, 5, 4, 2, -2, -3}); }
PARITY_CASE("Linalg/window pad rows, crop columns, batch 1, 1 channel") { windowCase(ctx, WindowArgs{1, 4, 9, 7, 5, 1, 2, -1}); }
PARITY_CASE("Linalg/window empty") { windowCase(ctx, WindowArgs{0, 4, 4, 5, 5, 3, 1, 1}); }
