// CPU reference for the fused augmentation. Per view: resample and the jitter
// steps before contrast into a float buffer (summing the gray mean), the rest
// of the colour steps in place, then separable blur and normalisation into
// the output. The CUDA kernel computes the same pixels in tiles.
#include "kernels/SimSiamAugment.h"

#include <vector>

#include "kernels/AugmentPixel.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace {

void normalisePixel(Rgb c, const AugmentConfig& cfg, float* o) {
  o[0] = (c.r - cfg.mean[0]) / cfg.std[0];
  o[1] = (c.g - cfg.mean[1]) / cfg.std[1];
  o[2] = (c.b - cfg.mean[2]) / cfg.std[2];
}

void augmentOne(const ImageRef& img, const ViewParams& p, const AugmentConfig& cfg, float* out,
                std::vector<Rgb>& buf, std::vector<Rgb>& tmp) {
  const int S = cfg.size;
  const int64_t count = static_cast<int64_t>(S) * S;
  buf.resize(static_cast<size_t>(count));
  const int at = contrastStep(p);
  double graySum = 0;
  for (int y = 0; y < S; ++y)
    for (int x = 0; x < S; ++x) {
      Rgb c = samplePixel(img.data, img.width * 3, p, S, x, y);
      if (at < 4) {
        c = jitterSteps(c, p, 0, at, 0.f);
        graySum += grayOf(c);
      }
      buf[static_cast<size_t>(y) * S + x] = c;
    }
  const float mean = static_cast<float>(graySum / static_cast<double>(count));
  for (Rgb& c : buf) c = finishColour(c, p, at, mean);

  if (p.blurSigma <= 0.f) {
    for (int64_t i = 0; i < count; ++i) normalisePixel(buf[static_cast<size_t>(i)], cfg, out + 3 * i);
    return;
  }
  const int k = blurKernelSize(S), r = k / 2;
  std::vector<float> w(static_cast<size_t>(k));
  gaussianWeights(p.blurSigma, k, w.data());
  tmp.resize(static_cast<size_t>(count));
  for (int y = 0; y < S; ++y)
    for (int x = 0; x < S; ++x) {
      Rgb s{0.f, 0.f, 0.f};
      for (int t = 0; t < k; ++t) {
        const Rgb& c = buf[static_cast<size_t>(y) * S + reflectIndex(x + t - r, S)];
        s.r += w[t] * c.r;
        s.g += w[t] * c.g;
        s.b += w[t] * c.b;
      }
      tmp[static_cast<size_t>(y) * S + x] = s;
    }
  for (int y = 0; y < S; ++y)
    for (int x = 0; x < S; ++x) {
      Rgb s{0.f, 0.f, 0.f};
      for (int t = 0; t < k; ++t) {
        const Rgb& c = tmp[static_cast<size_t>(reflectIndex(y + t - r, S)) * S + x];
        s.r += w[t] * c.r;
        s.g += w[t] * c.g;
        s.b += w[t] * c.b;
      }
      normalisePixel(s, cfg, out + 3 * (static_cast<int64_t>(y) * S + x));
    }
}

}  // namespace

void augmentViewsCpu(const ImageRef* images, const ViewParams* params, int64_t n,
                     const AugmentConfig& cfg, float* out) {
  const int64_t viewSize = static_cast<int64_t>(cfg.size) * cfg.size * 3;
  parallelFor(n, 1, [&](int64_t begin, int64_t end) {
    std::vector<Rgb> buf, tmp;
    for (int64_t i = begin; i < end; ++i) augmentOne(images[i], params[i], cfg, out + i * viewSize, buf, tmp);
  });
}

}  // namespace simsiam
