#include "kernels/AugmentParams.h"

#include <algorithm>
#include <cmath>

#include "util/Philox.h"

namespace simsiam {
namespace {

enum Section : uint32_t { kCrop = 0, kFlip = 1, kJitter = 2, kGray = 3, kBlur = 4 };

PhiloxStream stream(uint64_t seed, int64_t index, int view, Section s) {
  return PhiloxStream(seed, static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32),
                      static_cast<uint32_t>(view) | (static_cast<uint32_t>(s) << 8));
}

// torchvision RandomResizedCrop.get_params, with its 10 tries and fallback.
void sampleCrop(PhiloxStream& rng, int H, int W, const AugmentConfig& c, ViewParams& p) {
  const double area = static_cast<double>(H) * W;
  const double logLo = std::log(static_cast<double>(c.ratioMin));
  const double logHi = std::log(static_cast<double>(c.ratioMax));
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target = area * rng.uniform(c.scaleMin, c.scaleMax);
    const double ratio = std::exp(rng.uniform(logLo, logHi));
    const int w = static_cast<int>(std::lround(std::sqrt(target * ratio)));
    const int h = static_cast<int>(std::lround(std::sqrt(target / ratio)));
    if (w > 0 && w <= W && h > 0 && h <= H) {
      p.cropY = static_cast<int32_t>(rng.below(H - h + 1));
      p.cropX = static_cast<int32_t>(rng.below(W - w + 1));
      p.cropW = w;
      p.cropH = h;
      return;
    }
  }
  const double inRatio = static_cast<double>(W) / H;
  int w = W, h = H;
  if (inRatio < c.ratioMin) {
    h = static_cast<int>(std::lround(w / static_cast<double>(c.ratioMin)));
  } else if (inRatio > c.ratioMax) {
    w = static_cast<int>(std::lround(h * static_cast<double>(c.ratioMax)));
  }
  w = std::clamp(w, 1, W);
  h = std::clamp(h, 1, H);
  p.cropW = w;
  p.cropH = h;
  p.cropY = (H - h) / 2;
  p.cropX = (W - w) / 2;
}

float factor(PhiloxStream& rng, float strength) {
  if (strength <= 0.f) return 1.f;
  return static_cast<float>(rng.uniform(std::max(0.0, 1.0 - strength), 1.0 + strength));
}

}  // namespace

ViewParams sampleViewParams(uint64_t seed, int64_t index, int view, int srcH, int srcW,
                            const AugmentConfig& cfg) {
  ViewParams p{};
  PhiloxStream crop = stream(seed, index, view, kCrop);
  sampleCrop(crop, srcH, srcW, cfg, p);

  PhiloxStream flip = stream(seed, index, view, kFlip);
  p.flip = flip.uniform() < cfg.flipProb;

  PhiloxStream jitter = stream(seed, index, view, kJitter);
  p.jitter = jitter.uniform() < cfg.jitterProb;
  for (int k = 0; k < 4; ++k) p.order[k] = k;
  p.brightness = p.contrast = p.saturation = 1.f;
  p.hue = 0.f;
  if (p.jitter) {
    for (int k = 3; k > 0; --k) std::swap(p.order[k], p.order[jitter.below(k + 1)]);  // Fisher-Yates
    p.brightness = factor(jitter, cfg.brightness);
    p.contrast = factor(jitter, cfg.contrast);
    p.saturation = factor(jitter, cfg.saturation);
    p.hue = cfg.hue > 0.f ? static_cast<float>(jitter.uniform(-cfg.hue, cfg.hue)) : 0.f;
  }

  PhiloxStream gray = stream(seed, index, view, kGray);
  p.grayscale = gray.uniform() < cfg.grayscaleProb;

  PhiloxStream blur = stream(seed, index, view, kBlur);
  p.blurSigma = 0.f;
  if (blur.uniform() < cfg.blurProb)
    p.blurSigma = static_cast<float>(blur.uniform(cfg.blurSigmaMin, cfg.blurSigmaMax));
  return p;
}

int blurKernelSize(int size) {
  int k = size / 10;
  if (k % 2 == 0) k += 1;
  return std::max(k, 3);
}

}  // namespace simsiam
