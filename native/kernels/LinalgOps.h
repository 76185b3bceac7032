// The per-element work of the device linalg kernels (Linalg.h), shared
// verbatim by the CPU references (Linalg.cc) and the CUDA kernels (Linalg.cu).
#pragma once
#include <math.h>

#include <cstdint>

#include "kernels/ConvGeometry.h"
#include "kernels/HostDevice.h"

namespace simsiam {

// Bias/activation after a product or convolution: y = act(y + bias[bi(i)])
// with bi(i) = (i / inner) % period (so [N] per channel is inner 1, period N,
// a scalar period 1, [M, 1] against [.., M, N] inner N, period M); the PReLU
// weights likewise. Activation codes: gemm/Epilogue.h.
struct EpilogueArgs {
  const float* bias = nullptr;
  int64_t biasInner = 1, biasPeriod = 1;
  int act = 0;
  float leakyAlpha = 0.f;
  const float* prelu = nullptr;
  int64_t preluInner = 1, preluPeriod = 1;

  bool isIdentity() const { return bias == nullptr && act == 0; }
};

// Same formulas as gemm/Epilogue.cc (tfjs-backend-cpu's activations).
SIMSIAM_HD float epilogueValue(const EpilogueArgs& e, float v, int64_t i) {
  if (e.bias) v += e.bias[(i / e.biasInner) % e.biasPeriod];
  switch (e.act) {
    case 1:
      return v < 0.f ? 0.f : v;
    case 2:
      return v < 0.f ? 0.f : (v > 6.f ? 6.f : v);
    case 3:
      return v >= 0.f ? v : expm1f(v);
    case 4:
      return v < 0.f ? e.leakyAlpha * v : v;
    case 5:
      return v < 0.f ? e.prelu[(i / e.preluInner) % e.preluPeriod] * v : v;
    case 6:
      return 1.f / (1.f + expf(-v));
    default:
      return v;
  }
}

// im2col of images [b0, ..): col row r (pixel (b0 + r / (outH*outW), oh, ow)),
// column k = (fr*filterW + fc)*inC + c; zero outside x.
SIMSIAM_HD float im2colValue(const ConvGeometry& g, const float* x, int64_t b0, int64_t r, int64_t k) {
  const int64_t c = k % g.inC, tap = k / g.inC;
  const int64_t fc = tap % g.filterW, fr = tap / g.filterW;
  const int64_t ow = r % g.outW, rest = r / g.outW;
  const int64_t oh = rest % g.outH, b = b0 + rest / g.outH;
  const int64_t ih = oh * g.strideH - g.padTop + fr * g.dilationH;
  const int64_t iw = ow * g.strideW - g.padLeft + fc * g.dilationW;
  if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) return 0.f;
  return x[((b * g.inH + ih) * g.inW + iw) * g.inC + c];
}

// col2im as a gather (no atomics, a fixed order): x value i of images
// [b0, ..) relative to b0 = the sum over the taps that read it of their
// col entries (col rows relative to b0 too).
SIMSIAM_HD float col2imValue(const ConvGeometry& g, const float* col, int64_t i) {
  const int64_t c = i % g.inC;
  int64_t rest = i / g.inC;
  const int64_t iw = rest % g.inW;
  rest /= g.inW;
  const int64_t ih = rest % g.inH, b = rest / g.inH;
  const int64_t depth = g.filterH * g.filterW * g.inC;
  float sum = 0.f;
  for (int64_t fr = 0; fr < g.filterH; ++fr) {
    const int64_t th = ih + g.padTop - fr * g.dilationH;
    if (th < 0 || th % g.strideH != 0) continue;
    const int64_t oh = th / g.strideH;
    if (oh >= g.outH) continue;
    for (int64_t fc = 0; fc < g.filterW; ++fc) {
      const int64_t tw = iw + g.padLeft - fc * g.dilationW;
      if (tw < 0 || tw % g.strideW != 0) continue;
      const int64_t ow = tw / g.strideW;
      if (ow >= g.outW) continue;
      sum += col[((b * g.outH + oh) * g.outW + ow) * depth + (fr * g.filterW + fc) * g.inC + c];
    }
  }
  return sum;
}

// A window of NHWC images: out[b, h, w, c] = in[b, h - offH, w - offW, c], or
// 0 outside in. Positive offsets pad, negative ones crop.
struct WindowArgs {
  int64_t batch, inH, inW, outH, outW, channels, offH, offW;
};

SIMSIAM_HD float windowValue(const WindowArgs& a, const float* in, int64_t i) {
  const int64_t c = i % a.channels;
  int64_t rest = i / a.channels;
  const int64_t w = rest % a.outW;
  rest /= a.outW;
  const int64_t h = rest % a.outH, b = rest / a.outH;
  const int64_t ih = h - a.offH, iw = w - a.offW;
  if (ih < 0 || ih >= a.inH || iw < 0 || iw >= a.inW) return 0.f;
  return in[((b * a.inH + ih) * a.inW + iw) * a.channels + c];
}

}  // namespace simsiam
