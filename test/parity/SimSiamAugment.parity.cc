// SimSiamAugment.cu against SimSiamAugment.cc: the fused views
// (augmentViewsCudaWorkspace, caller-owned means) with the same ViewParams on
// both sides, and the RGB8 conversion of image tensors (toUint8Cuda).
#include <algorithm>
#include <cmath>

#include "Parity.h"
#include "kernels/AugmentParams.h"
#include "kernels/SimSiamAugment.h"

using parity::DeviceBuffer;
using simsiam::AugmentConfig;
using simsiam::ViewParams;

namespace {

// Images of different sizes packed one after another, and one view of each.
struct Batch {
  std::vector<int32_t> heights, widths;
  std::vector<int64_t> offsets;
  std::vector<uint8_t> pixels;
  std::vector<ViewParams> params;

  void add(parity::Context& ctx, int h, int w) {
    offsets.push_back(static_cast<int64_t>(pixels.size()));
    heights.push_back(h);
    widths.push_back(w);
    for (int64_t i = 0; i < int64_t{3} * h * w; ++i) pixels.push_back(static_cast<uint8_t>(ctx.rng.integer(0, 255)));
  }
  // Params for every image, drawn as the op draws them (seed, index, view).
  void draw(const AugmentConfig& cfg, uint64_t seed, int view) {
    params.clear();
    for (size_t i = 0; i < heights.size(); ++i)
      params.push_back(simsiam::sampleViewParams(seed, static_cast<int64_t>(i), view, heights[i], widths[i], cfg));
  }
  int64_t size() const { return static_cast<int64_t>(heights.size()); }
};

// The same per-pixel code (AugmentPixel.h) on both sides; the contrast mean
// is a float tree sum on CUDA (a double sum on the CPU), and CUDA's expf (the
// Gaussian weights) may differ by an ulp: the views, normalised values of
// magnitude <= ~2.7, within 1e-4 absolute (the conformance AUGMENT bound).
void augmentCase(parity::Context& ctx, const Batch& b, const AugmentConfig& cfg) {
  const int64_t n = b.size(), viewSize = int64_t{3} * cfg.size * cfg.size;
  std::vector<simsiam::ImageRef> images;
  for (int64_t i = 0; i < n; ++i) images.push_back({b.pixels.data() + b.offsets[i], b.heights[i], b.widths[i]});
  std::vector<float> want(n * viewSize);
  simsiam::augmentViewsCpu(images.data(), b.params.data(), n, cfg, want.data());
  DeviceBuffer<uint8_t> pixels(b.pixels);
  DeviceBuffer<int64_t> offsets(b.offsets);
  DeviceBuffer<int32_t> heights(b.heights), widths(b.widths);
  DeviceBuffer<ViewParams> params(b.params);
  DeviceBuffer<float> means(n), out(want.size());
  ctx.launched(simsiam::augmentViewsCudaWorkspace(pixels, offsets, heights, widths, params, n, cfg, out, means,
                                                  ctx.stream()),
               "augmentViewsCudaWorkspace");
  ctx.expectClose("views", out.download(), want, 0.0, 1e-4);
}

// Every flip / jitter / grayscale / blur combination over 16 views of ragged
// images (params drawn with everything on, then switched off per view).
Batch combinations(parity::Context& ctx, const AugmentConfig& drawn) {
  Batch b;
  const int sizes[][2] = {{20, 24}, {17, 13}, {31, 40}, {9, 9}, {40, 17}, {12, 33}, {25, 25}, {8, 30}};
  for (int i = 0; i < 16; ++i) b.add(ctx, sizes[i % 8][0], sizes[i % 8][1]);
  b.draw(drawn, 77 + ctx.rng.integer(0, 1000), 0);
  for (int i = 0; i < 16; ++i) {
    ViewParams& p = b.params[i];
    p.flip = i & 1;
    p.jitter = (i >> 1) & 1;
    p.grayscale = (i >> 2) & 1;
    if (!((i >> 3) & 1)) p.blurSigma = 0.f;
  }
  return b;
}

AugmentConfig allOn(int size) {
  AugmentConfig cfg;
  cfg.size = size;
  cfg.flipProb = cfg.jitterProb = cfg.grayscaleProb = cfg.blurProb = 1.f;
  return cfg;
}

}  // namespace

PARITY_CASE("SimSiamAugment/every step combination, ragged images, S 24") {
  const AugmentConfig cfg = allOn(24);
  augmentCase(ctx, combinations(ctx, cfg), cfg);
}
// Two tiles a side with a partial last tile: the halo rows and columns past
// S + r are skipped.
PARITY_CASE("SimSiamAugment/every step combination, partial tiles, S 37") {
  const AugmentConfig cfg = allOn(37);
  augmentCase(ctx, combinations(ctx, cfg), cfg);
}
// The smallest output (S 2, kernel 3, radius 1) and S 3.
PARITY_CASE("SimSiamAugment/tiny outputs S 2 and 3") {
  for (int S : {2, 3}) {
    const AugmentConfig cfg = allOn(S);
    augmentCase(ctx, combinations(ctx, cfg), cfg);
  }
}
// The op's default probabilities and a second view, as the training draws them.
PARITY_CASE("SimSiamAugment/drawn views, default config, S 32") {
  AugmentConfig cfg;
  cfg.size = 32;
  Batch b;
  for (int i = 0; i < 12; ++i) b.add(ctx, static_cast<int>(ctx.rng.integer(8, 48)), static_cast<int>(ctx.rng.integer(8, 48)));
  for (int view : {0, 1}) {
    b.draw(cfg, 1234, view);
    augmentCase(ctx, b, cfg);
  }
}
// All 24 orders of the four jitter steps (the contrast mean is taken before
// the contrast step, wherever it falls), hue shifts of both signs.
PARITY_CASE("SimSiamAugment/every jitter order") {
  AugmentConfig cfg = allOn(16);
  cfg.blurProb = 0.f;
  cfg.grayscaleProb = 0.f;
  Batch b;
  for (int i = 0; i < 24; ++i) b.add(ctx, 21, 19);
  b.draw(cfg, 99, 1);
  int order[4] = {0, 1, 2, 3};
  for (int i = 0; i < 24; ++i) {
    std::copy(order, order + 4, b.params[i].order);
    b.params[i].hue = i % 2 ? 0.09f : -0.07f;
    std::next_permutation(order, order + 4);
  }
  augmentCase(ctx, b, cfg);
}
// Orders the sampler never draws but the steps accept: repeated steps and no
// contrast step at all (no mean needed; every step runs before the rest).
PARITY_CASE("SimSiamAugment/jitter orders without a contrast step") {
  AugmentConfig cfg = allOn(16);
  cfg.blurProb = 0.f;
  Batch b;
  for (int i = 0; i < 4; ++i) b.add(ctx, 18, 22);
  b.draw(cfg, 5, 0);
  const int32_t orders[4][4] = {{3, 2, 0, 2}, {0, 0, 0, 0}, {2, 3, 1, 1}, {1, 1, 3, 0}};
  for (int i = 0; i < 4; ++i) std::copy(orders[i], orders[i] + 4, b.params[i].order);
  augmentCase(ctx, b, cfg);
}
// Crops of one pixel, one row, one column and the whole image (the bilinear
// taps collapse at the last row / column), up- and down-sampled.
PARITY_CASE("SimSiamAugment/extreme crops") {
  AugmentConfig cfg = allOn(12);
  Batch b;
  for (int i = 0; i < 6; ++i) b.add(ctx, 30, 26);
  b.draw(cfg, 3, 0);
  const int32_t crops[6][4] = {{5, 7, 1, 1}, {0, 29, 26, 1}, {25, 0, 1, 30}, {0, 0, 26, 30}, {10, 10, 12, 12}, {3, 4, 6, 5}};
  for (int i = 0; i < 6; ++i) {
    ViewParams& p = b.params[i];
    p.cropX = crops[i][0];
    p.cropY = crops[i][1];
    p.cropW = crops[i][2];
    p.cropH = crops[i][3];
    if (i % 2) p.blurSigma = 0.f;
  }
  augmentCase(ctx, b, cfg);
}
// S 224 (kernel 23): the tile's halo needs more than 48 KB of dynamic shared
// memory, raised with cudaFuncSetAttribute.
PARITY_CASE("SimSiamAugment/S 224 with blur (raised shared memory)") {
  const AugmentConfig cfg = allOn(224);
  Batch b;
  b.add(ctx, 240, 200);
  b.add(ctx, 100, 130);
  b.draw(cfg, 11, 0);
  b.params[1].blurSigma = 0.f;
  augmentCase(ctx, b, cfg);
}
// S 960 (kernel 97): 32-wide tiles exceed the 227 KB opt-in limit, so the
// launcher halves the tile to 16. One view without blur keeps it cheap.
PARITY_CASE("SimSiamAugment/S 960 halves the tile") {
  AugmentConfig cfg = allOn(960);
  Batch b;
  b.add(ctx, 50, 60);
  b.draw(cfg, 12, 0);
  b.params[0].blurSigma = 0.f;
  augmentCase(ctx, b, cfg);
}
// 65536 views: gridDim.z is at most 65535, so the views launch in two chunks.
PARITY_CASE("SimSiamAugment/65536 views (grid z chunks)") {
  const AugmentConfig cfg = allOn(2);
  Batch b;
  b.add(ctx, 3, 4);
  b.draw(cfg, 8, 0);
  const ViewParams p = b.params[0];
  for (int i = 1; i < 65536; ++i) {
    b.heights.push_back(3);
    b.widths.push_back(4);
    b.offsets.push_back(0);
    ViewParams q = p;
    q.flip = i & 1;
    q.jitter = (i >> 1) & 1;
    q.grayscale = (i >> 2) & 1;
    if ((i >> 3) & 1) q.blurSigma = 0.f;
    b.params.push_back(q);
  }
  augmentCase(ctx, b, cfg);
}
PARITY_CASE("SimSiamAugment/no views") {
  const AugmentConfig cfg = allOn(8);
  augmentCase(ctx, Batch{}, cfg);
}
// Output sizes the launcher refuses: S 1 (radius 1 is not under S), S 2560
// (kernel 257 over the 255 limit) before any launch, and S 1300 (kernel 131:
// even 8-wide tiles exceed the shared memory limit) after the means.
PARITY_CASE("SimSiamAugment/refuses sizes it cannot blur") {
  Batch b;
  b.add(ctx, 4, 4);
  b.draw(allOn(8), 1, 0);
  b.params[0].jitter = 0;  // the means kernel returns at once
  DeviceBuffer<uint8_t> pixels(b.pixels);
  DeviceBuffer<int64_t> offsets(b.offsets);
  DeviceBuffer<int32_t> heights(b.heights), widths(b.widths);
  DeviceBuffer<ViewParams> params(b.params);
  DeviceBuffer<float> means(1), out(1);
  for (int S : {1, 2560, 1300}) {
    const AugmentConfig cfg = allOn(S);
    ctx.refused(simsiam::augmentViewsCudaWorkspace(pixels, offsets, heights, widths, params, 1, cfg, out, means,
                                                   ctx.stream()),
                ("S " + std::to_string(S)).c_str());
  }
}

namespace {

// One clamp and rounding per value on both sides: bit-exact.
template <typename T>
void toUint8Case(parity::Context& ctx, const std::vector<T>& x) {
  std::vector<uint8_t> want(x.size());
  simsiam::toUint8Cpu(x.data(), static_cast<int64_t>(x.size()), want.data());
  DeviceBuffer<T> dx(x);
  DeviceBuffer<uint8_t> dy(x.size());
  ctx.launched(simsiam::toUint8Cuda(dx.get(), static_cast<int64_t>(x.size()), dy.get(), ctx.stream()), "toUint8Cuda");
  ctx.expectBits("rgb8", dy.download(), want);
}

}  // namespace

// NaN, infinities, -0, negatives, values over 255 and ties (x.5, rounded half
// to even).
PARITY_CASE("SimSiamAugment/toUint8 float") {
  std::vector<float> x = ctx.rng.floatsWithSpecials(4099, -30.0, 290.0);
  for (int i = 0; i < 600; ++i) x.push_back(static_cast<float>(i) * 0.5f - 20.f);
  x.push_back(254.5f);
  x.push_back(255.f);
  x.push_back(std::nextafter(255.f, 0.f));
  x.push_back(1e-30f);
  toUint8Case(ctx, x);
  toUint8Case(ctx, std::vector<float>{});
}
PARITY_CASE("SimSiamAugment/toUint8 int32") {
  std::vector<int32_t> x = ctx.rng.ints(3001, -300, 600);
  for (int32_t v : {INT32_MIN, -1, 0, 1, 254, 255, 256, INT32_MAX}) x.push_back(v);
  toUint8Case(ctx, x);
  toUint8Case(ctx, std::vector<int32_t>{});
}
