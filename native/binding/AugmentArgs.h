// The augmentation's config object and per-view parameter records, shared by
// native.augment (SimSiamAugmentBinding.cc) and the device bindings
// (device/FusedDeviceBinding.cc).
#pragma once
#include <napi.h>

#include <algorithm>

#include "kernels/AugmentParams.h"

namespace simsiam {

constexpr int kAugmentParamFields = 16;  // layout decoded by src/ops/view_params.ts

inline float augmentNumberField(const Napi::Object& o, const char* name, float fallback) {
  Napi::Value v = o.Get(name);
  return v.IsNumber() ? static_cast<float>(v.As<Napi::Number>().DoubleValue()) : fallback;
}

inline void augmentTripleField(const Napi::Object& o, const char* name, float* dst) {
  Napi::Value v = o.Get(name);
  if (!v.IsArray()) return;
  Napi::Array a = v.As<Napi::Array>();
  for (uint32_t c = 0; c < 3 && c < a.Length(); ++c) dst[c] = static_cast<float>(a.Get(c).As<Napi::Number>().DoubleValue());
}

// AugmentConfig fields by name; missing ones keep their defaults.
inline AugmentConfig readAugmentConfig(const Napi::Object& o) {
  AugmentConfig c;
  c.size = static_cast<int>(augmentNumberField(o, "size", static_cast<float>(c.size)));
  c.scaleMin = augmentNumberField(o, "scaleMin", c.scaleMin);
  c.scaleMax = augmentNumberField(o, "scaleMax", c.scaleMax);
  c.ratioMin = augmentNumberField(o, "ratioMin", c.ratioMin);
  c.ratioMax = augmentNumberField(o, "ratioMax", c.ratioMax);
  c.flipProb = augmentNumberField(o, "flipProb", c.flipProb);
  c.jitterProb = augmentNumberField(o, "jitterProb", c.jitterProb);
  c.brightness = augmentNumberField(o, "brightness", c.brightness);
  c.contrast = augmentNumberField(o, "contrast", c.contrast);
  c.saturation = augmentNumberField(o, "saturation", c.saturation);
  c.hue = augmentNumberField(o, "hue", c.hue);
  c.grayscaleProb = augmentNumberField(o, "grayscaleProb", c.grayscaleProb);
  c.blurProb = augmentNumberField(o, "blurProb", c.blurProb);
  c.blurSigmaMin = augmentNumberField(o, "blurSigmaMin", c.blurSigmaMin);
  c.blurSigmaMax = augmentNumberField(o, "blurSigmaMax", c.blurSigmaMax);
  augmentTripleField(o, "mean", c.mean);
  augmentTripleField(o, "std", c.std);
  return c;
}

// One view's parameters as kAugmentParamFields doubles.
inline void writeViewParams(const ViewParams& p, double* o) {
  const double f[kAugmentParamFields] = {double(p.cropX), double(p.cropY), double(p.cropW), double(p.cropH),
                                         double(p.flip), double(p.jitter), double(p.order[0]), double(p.order[1]),
                                         double(p.order[2]), double(p.order[3]), p.brightness, p.contrast,
                                         p.saturation, p.hue, double(p.grayscale), p.blurSigma};
  std::copy(f, f + kAugmentParamFields, o);
}

}  // namespace simsiam
