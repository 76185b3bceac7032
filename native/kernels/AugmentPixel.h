// Per-pixel steps of the SimSiam augmentation, shared verbatim by the CPU
// reference (SimSiamAugment.cc) and the CUDA kernel (SimSiamAugment.cu) so the
// two differ only in summation order. Values are floats in [0, 1] with
// torchvision's float-tensor semantics: clamp after every jitter step.
#pragma once
#include <cmath>
#include <cstdint>

#include "kernels/AugmentParams.h"

#ifdef __CUDACC__
#define SIMSIAM_HD __host__ __device__ __forceinline__
#else
#define SIMSIAM_HD inline
#endif

namespace simsiam {

struct Rgb {
  float r, g, b;
};

SIMSIAM_HD float clamp01(float v) { return fminf(fmaxf(v, 0.f), 1.f); }
SIMSIAM_HD float grayOf(Rgb c) { return 0.299f * c.r + 0.587f * c.g + 0.114f * c.b; }

// Bilinear resize of the crop to S x S (PyTorch's upsample_bilinear2d with
// align_corners=False, no antialias); the flip mirrors the output column.
// `src` points at pixel (0, 0) of an RGB8 image with row stride `stride`.
SIMSIAM_HD Rgb samplePixel(const uint8_t* src, int stride, const ViewParams& p, int S, int ox, int oy) {
  if (p.flip) ox = S - 1 - ox;
  const float scaleX = static_cast<float>(p.cropW) / S, scaleY = static_cast<float>(p.cropH) / S;
  const float sx = fmaxf(scaleX * (ox + 0.5f) - 0.5f, 0.f);
  const float sy = fmaxf(scaleY * (oy + 0.5f) - 0.5f, 0.f);
  const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
  const int dx = x0 < p.cropW - 1 ? 3 : 0, dy = y0 < p.cropH - 1 ? stride : 0;
  const float lx1 = sx - x0, ly1 = sy - y0, lx0 = 1.f - lx1, ly0 = 1.f - ly1;
  const uint8_t* q = src + static_cast<int64_t>(p.cropY + y0) * stride + (p.cropX + x0) * 3;
  float out[3];
  for (int c = 0; c < 3; ++c) {
    const float top = lx0 * q[c] + lx1 * q[c + dx];
    const float bottom = lx0 * q[dy + c] + lx1 * q[dy + c + dx];
    out[c] = (ly0 * top + ly1 * bottom) / 255.f;
  }
  return {out[0], out[1], out[2]};
}

SIMSIAM_HD Rgb blendWith(Rgb c, float other, float f) {
  const float o = (1.f - f) * other;
  return {clamp01(f * c.r + o), clamp01(f * c.g + o), clamp01(f * c.b + o)};
}

// torchvision's _rgb2hsv / shift / _hsv2rgb.
SIMSIAM_HD Rgb shiftHue(Rgb c, float shift) {
  const float maxc = fmaxf(c.r, fmaxf(c.g, c.b)), minc = fminf(c.r, fminf(c.g, c.b));
  const bool eq = maxc == minc;
  const float cr = maxc - minc;
  const float s = cr / (eq ? 1.f : maxc);
  const float div = eq ? 1.f : cr;
  const float rc = (maxc - c.r) / div, gc = (maxc - c.g) / div, bc = (maxc - c.b) / div;
  float h;
  if (maxc == c.r) h = bc - gc;
  else if (maxc == c.g) h = 2.f + rc - bc;
  else h = 4.f + gc - rc;
  h = fmodf(h / 6.f + 1.f, 1.f);
  h += shift;
  h -= floorf(h);  // Python's % 1.0
  const float v = maxc;
  const float i = floorf(h * 6.f), f = h * 6.f - i;
  const float pp = clamp01(v * (1.f - s)), qq = clamp01(v * (1.f - s * f)), tt = clamp01(v * (1.f - s * (1.f - f)));
  switch (static_cast<int>(i) % 6) {
    case 0: return {v, tt, pp};
    case 1: return {qq, v, pp};
    case 2: return {pp, v, tt};
    case 3: return {pp, qq, v};
    case 4: return {tt, pp, v};
    default: return {v, pp, qq};
  }
}

// Applies jitter steps order[from..to) (contrast needs the image mean, which
// the caller computes over the image as it stands before that step).
SIMSIAM_HD Rgb jitterSteps(Rgb c, const ViewParams& p, int from, int to, float contrastMean) {
  for (int k = from; k < to; ++k) {
    switch (p.order[k]) {
      case kBrightness: c = {clamp01(c.r * p.brightness), clamp01(c.g * p.brightness), clamp01(c.b * p.brightness)}; break;
      case kContrast: c = blendWith(c, contrastMean, p.contrast); break;
      case kSaturation: c = blendWith(c, grayOf(c), p.saturation); break;
      default: c = shiftHue(c, p.hue); break;
    }
  }
  return c;
}

// Position of the contrast step in the jitter order (4 when no jitter).
SIMSIAM_HD int contrastStep(const ViewParams& p) {
  if (!p.jitter) return 4;
  for (int k = 0; k < 4; ++k)
    if (p.order[k] == kContrast) return k;
  return 4;
}

// Everything from the contrast step on: the rest of the jitter, then grayscale.
SIMSIAM_HD Rgb finishColour(Rgb c, const ViewParams& p, int contrastAt, float contrastMean) {
  if (p.jitter) c = jitterSteps(c, p, contrastAt, 4, contrastMean);
  if (p.grayscale) {
    const float g = grayOf(c);
    c = {g, g, g};
  }
  return c;
}

// torch 'reflect' padding index (no edge repeat); requires radius < n.
SIMSIAM_HD int reflectIndex(int i, int n) {
  if (i < 0) return -i;
  if (i >= n) return 2 * (n - 1) - i;
  return i;
}

// torchvision's 1-D Gaussian: exp(-x^2 / (2 sigma^2)) over x = -r..r, normalised.
SIMSIAM_HD void gaussianWeights(float sigma, int k, float* w) {
  const int r = k / 2;
  float sum = 0.f;
  for (int i = 0; i < k; ++i) {
    const float x = static_cast<float>(i - r) / sigma;
    w[i] = expf(-0.5f * x * x);
    sum += w[i];
  }
  for (int i = 0; i < k; ++i) w[i] /= sum;
}

}  // namespace simsiam
