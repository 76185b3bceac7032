// Per-pixel steps of the SimSiam augmentation, shared verbatim by the CPU
// reference (SimSiamAugment.cc) and the CUDA kernel (SimSiamAugment.cu) so the
// two differ only in summation order. Values are floats in [0, 1] with
// torchvision's float-tensor semantics: clamp after every jitter step.
#pragma once
#include <cmath>
#include <cstdint>

#include "kernels/AugmentParams.h"
#include "kernels/HostDevice.h"


namespace simsiam {

struct Rgb {
  float r, g, b;
};

// Plain compares, not fminf/fmaxf: those are libm calls on the host (their NaN
// rules block inlining) and the values here are never NaN.
SIMSIAM_HD float maxOf(float a, float b) { return a > b ? a : b; }
SIMSIAM_HD float minOf(float a, float b) { return a < b ? a : b; }
SIMSIAM_HD float clamp01(float v) { return v < 0.f ? 0.f : (v > 1.f ? 1.f : v); }
SIMSIAM_HD float grayOf(Rgb c) { return 0.299f * c.r + 0.587f * c.g + 0.114f * c.b; }

// Bilinear resize of the crop to S x S (PyTorch's upsample_bilinear2d with
// align_corners=False, no antialias); the flip mirrors the output column.
// `src` points at pixel (0, 0) of an RGB8 image with row stride `stride`.
SIMSIAM_HD Rgb samplePixel(const uint8_t* src, int stride, const ViewParams& p, int S, int ox, int oy) {
  if (p.flip) ox = S - 1 - ox;
  const float scaleX = static_cast<float>(p.cropW) / S, scaleY = static_cast<float>(p.cropH) / S;
  const float sx = maxOf(scaleX * (ox + 0.5f) - 0.5f, 0.f);
  const float sy = maxOf(scaleY * (oy + 0.5f) - 0.5f, 0.f);
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

SIMSIAM_HD float blendValue(float v, float f, float o) { return clamp01(f * v + o); }  // o = (1 - f) * other

SIMSIAM_HD Rgb blendWith(Rgb c, float other, float f) {
  const float o = (1.f - f) * other;
  return {blendValue(c.r, f, o), blendValue(c.g, f, o), blendValue(c.b, f, o)};
}

// torchvision's _rgb2hsv / shift / _hsv2rgb.
SIMSIAM_HD Rgb shiftHue(Rgb c, float shift) {
  const float maxc = maxOf(c.r, maxOf(c.g, c.b)), minc = minOf(c.r, minOf(c.g, c.b));
  const bool eq = maxc == minc;
  const float cr = maxc - minc;
  const float s = cr / (eq ? 1.f : maxc);
  const float div = eq ? 1.f : cr;
  const float rc = (maxc - c.r) / div, gc = (maxc - c.g) / div, bc = (maxc - c.b) / div;
  // Branch-free selects (same values as torchvision's masks) so loops vectorise.
  const float hr = bc - gc, hg = 2.f + rc - bc, hb = 4.f + gc - rc;
  float h = maxc == c.r ? hr : (maxc == c.g ? hg : hb);
  h = h / 6.f + 1.f;
  h -= floorf(h);  // == fmodf(h, 1) for h > 0, without the libm call
  h += shift;
  h -= floorf(h);  // Python's % 1.0
  const float v = maxc;
  const float fi = floorf(h * 6.f), f = h * 6.f - fi;
  const float pp = clamp01(v * (1.f - s)), qq = clamp01(v * (1.f - s * f)), tt = clamp01(v * (1.f - s * (1.f - f)));
  const int i = static_cast<int>(fi) % 6;
  // Sectors 0..5: (v,t,p) (q,v,p) (p,v,t) (p,q,v) (t,p,v) (v,p,q).
  const float r = (i == 0 || i == 5) ? v : (i == 1 ? qq : (i == 4 ? tt : pp));
  const float g = (i == 1 || i == 2) ? v : (i == 0 ? tt : (i == 3 ? qq : pp));
  const float b = (i == 3 || i == 4) ? v : (i == 2 ? tt : (i == 5 ? qq : pp));
  return {r, g, b};
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
// Taps under 1e-30 are set to 0: they change no output at float precision, and
// denormal weights would slow the CPU's multiply-adds a hundredfold.
SIMSIAM_HD void gaussianWeights(float sigma, int k, float* w) {
  const int r = k / 2;
  float sum = 0.f;
  for (int i = 0; i < k; ++i) {
    const float x = static_cast<float>(i - r) / sigma;
    const float e = expf(-0.5f * x * x);
    w[i] = e < 1e-30f ? 0.f : e;
    sum += w[i];
  }
  for (int i = 0; i < k; ++i) w[i] /= sum;
}

}  // namespace simsiam
