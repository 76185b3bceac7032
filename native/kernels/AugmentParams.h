// Per-view parameters of the SimSiam augmentation and their sampling. The
// parameters are drawn on the host from Philox streams keyed by the seed and
// (image index, view, section), so CPU and CUDA apply the very same views and
// each section (crop, flip, jitter, grayscale, blur) is independent of the
// options of the others.
#pragma once
#include <cstdint>

namespace simsiam {

struct AugmentConfig {
  int size = 224;                       // output side S
  float scaleMin = 0.2f, scaleMax = 1.0f;
  float ratioMin = 0.75f, ratioMax = 4.0f / 3.0f;
  float flipProb = 0.5f;
  float jitterProb = 0.8f;
  float brightness = 0.4f, contrast = 0.4f, saturation = 0.4f, hue = 0.1f;
  float grayscaleProb = 0.2f;
  float blurProb = 0.5f;
  float blurSigmaMin = 0.1f, blurSigmaMax = 2.0f;
  float mean[3] = {0.485f, 0.456f, 0.406f};
  float std[3] = {0.229f, 0.224f, 0.225f};
  // Image i of a call draws its views as image firstIndex + i * indexStride:
  // a data-parallel worker's share of a global batch gets the views that
  // image would get in the whole batch.
  int64_t firstIndex = 0;
  int64_t indexStride = 1;
};

enum JitterOp : int32_t { kBrightness = 0, kContrast = 1, kSaturation = 2, kHue = 3 };

// Plain data, copied as is to the device.
struct ViewParams {
  int32_t cropX, cropY, cropW, cropH;
  int32_t flip;
  int32_t jitter;          // 0: no colour jitter
  int32_t order[4];        // JitterOp in the order applied
  float brightness, contrast, saturation, hue;
  int32_t grayscale;
  float blurSigma;         // 0: no blur
};

// Draws view `view` (0 or 1) of image `index` for a source of srcH x srcW.
ViewParams sampleViewParams(uint64_t seed, int64_t index, int view, int srcH, int srcW,
                            const AugmentConfig& cfg);

// Gaussian kernel side for output side S: floor(S / 10) made odd, at least 3.
int blurKernelSize(int size);

}  // namespace simsiam
