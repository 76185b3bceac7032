// CPU reference for the fused augmentation. Per view, on an interleaved float
// buffer that stays in cache: resample, then each jitter step as one pass over
// the buffer (contrast reads the gray mean of the buffer as it stands), then
// grayscale, then the separable blur as row and column multiply-add sweeps
// (summing taps in the same order as the CUDA kernel), then normalisation.
// Whole-buffer passes with branch-free inner loops let the compiler vectorise;
// compiled once per CPU path (util/CpuDispatch.h).
#include "kernels/SimSiamAugment.h"

#include <vector>

#include "kernels/AugmentPixel.h"
#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {
namespace {

struct Scratch {
  std::vector<float> buf, tmp, weights;
};

double grayMean(const float* v, int64_t pixels) {
  double sum = 0;
  for (int64_t i = 0; i < pixels; ++i) sum += grayOf({v[3 * i], v[3 * i + 1], v[3 * i + 2]});
  return sum / static_cast<double>(pixels);
}

void jitterPass(float* v, int64_t pixels, const ViewParams& p, int op) {
  const int64_t n = 3 * pixels;
  switch (op) {
    case kBrightness:
      for (int64_t i = 0; i < n; ++i) v[i] = clamp01(v[i] * p.brightness);
      break;
    case kContrast: {
      const float o = (1.f - p.contrast) * static_cast<float>(grayMean(v, pixels));
      for (int64_t i = 0; i < n; ++i) v[i] = blendValue(v[i], p.contrast, o);
      break;
    }
    case kSaturation:
      for (int64_t i = 0; i < pixels; ++i) {
        float* c = v + 3 * i;
        const float o = (1.f - p.saturation) * grayOf({c[0], c[1], c[2]});
        for (int k = 0; k < 3; ++k) c[k] = blendValue(c[k], p.saturation, o);
      }
      break;
    default:
      for (int64_t i = 0; i < pixels; ++i) {
        const Rgb c = shiftHue({v[3 * i], v[3 * i + 1], v[3 * i + 2]}, p.hue);
        v[3 * i] = c.r;
        v[3 * i + 1] = c.g;
        v[3 * i + 2] = c.b;
      }
  }
}

// out[x] = sum_t w[t] * in[reflect(x + t - r)] along one row of S RGB pixels.
void blurRow(const float* in, float* out, int S, const float* w, int k) {
  const int r = k / 2;
  for (int x = 0; x < S; ++x) {
    if (x == r && S - r > r) x = S - r;  // the interior is done below
    float s[3] = {0.f, 0.f, 0.f};
    for (int t = 0; t < k; ++t) {
      const float* c = in + 3 * reflectIndex(x + t - r, S);
      for (int ch = 0; ch < 3; ++ch) s[ch] += w[t] * c[ch];
    }
    for (int ch = 0; ch < 3; ++ch) out[3 * x + ch] = s[ch];
  }
  if (S - r <= r) return;
  float* o = out + 3 * r;
  const int n = 3 * (S - 2 * r);
  for (int j = 0; j < n; ++j) o[j] = 0.f;
  for (int t = 0; t < k; ++t) {
    const float* src = in + 3 * t;  // = in + 3 * (r + t - r)
    const float wt = w[t];
    for (int j = 0; j < n; ++j) o[j] += wt * src[j];
  }
}

void augmentOne(const ImageRef& img, const ViewParams& p, const AugmentConfig& cfg, float* out, Scratch& s) {
  const int S = cfg.size;
  const int64_t pixels = static_cast<int64_t>(S) * S, rowLen = 3 * static_cast<int64_t>(S);
  s.buf.resize(static_cast<size_t>(3 * pixels));
  float* v = s.buf.data();
  for (int y = 0; y < S; ++y)
    for (int x = 0; x < S; ++x) {
      const Rgb c = samplePixel(img.data, img.width * 3, p, S, x, y);
      float* o = v + 3 * (static_cast<int64_t>(y) * S + x);
      o[0] = c.r;
      o[1] = c.g;
      o[2] = c.b;
    }
  if (p.jitter)
    for (int k = 0; k < 4; ++k) jitterPass(v, pixels, p, p.order[k]);
  if (p.grayscale)
    for (int64_t i = 0; i < pixels; ++i) {
      const float g = grayOf({v[3 * i], v[3 * i + 1], v[3 * i + 2]});
      v[3 * i] = v[3 * i + 1] = v[3 * i + 2] = g;
    }

  const float* src = v;
  if (p.blurSigma > 0.f) {
    const int k = blurKernelSize(S), r = k / 2;
    s.weights.resize(static_cast<size_t>(k));
    const float* w = s.weights.data();
    gaussianWeights(p.blurSigma, k, s.weights.data());
    s.tmp.resize(static_cast<size_t>(3 * pixels));
    float* rows = s.tmp.data();
    for (int y = 0; y < S; ++y) blurRow(v + y * rowLen, rows + y * rowLen, S, w, k);
    // Columns: each output row is a weighted sum of (reflected) rows.
    for (int y = 0; y < S; ++y) {
      float* o = out + y * rowLen;
      for (int64_t j = 0; j < rowLen; ++j) o[j] = 0.f;
      for (int t = 0; t < k; ++t) {
        const float* in = rows + reflectIndex(y + t - r, S) * rowLen;
        const float wt = w[t];
        for (int64_t j = 0; j < rowLen; ++j) o[j] += wt * in[j];
      }
    }
    src = out;
  }
  for (int64_t i = 0; i < pixels; ++i)
    for (int ch = 0; ch < 3; ++ch) out[3 * i + ch] = (src[3 * i + ch] - cfg.mean[ch]) / cfg.std[ch];
}

}  // namespace

void augmentViewsCpu(const ImageRef* images, const ViewParams* params, int64_t n,
                     const AugmentConfig& cfg, float* out) {
  const int64_t viewSize = static_cast<int64_t>(cfg.size) * cfg.size * 3;
  parallelFor(n, 1, [&](int64_t begin, int64_t end) {
    Scratch s;
    for (int64_t i = begin; i < end; ++i) augmentOne(images[i], params[i], cfg, out + i * viewSize, s);
  });
}

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(augmentViewsCpu)

void augmentViewsCpu(const ImageRef* images, const ViewParams* params, int64_t n, const AugmentConfig& cfg, float* out) {
  SIMSIAM_CPU_PICK(augmentViewsCpu)(images, params, n, cfg, out);
}

// One pass per batch over its output: the baseline code only.
void toUint8Cpu(const float* x, int64_t n, uint8_t* y) {
  parallelFor(n, int64_t{1} << 16, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) y[i] = clampToUint8(x[i]);
  });
}

void toUint8Cpu(const int32_t* x, int64_t n, uint8_t* y) {
  parallelFor(n, int64_t{1} << 16, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) y[i] = clampToUint8(x[i]);
  });
}

#endif

}  // namespace simsiam
