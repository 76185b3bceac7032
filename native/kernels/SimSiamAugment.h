// The fused SimSiam augmentation: crop + resize + flip + colour jitter +
// grayscale + Gaussian blur + normalisation in one pass per view, from RGB8
// sources to float32 NHWC [n, S, S, 3]. Parameters come from AugmentParams.
#pragma once
#include <math.h>

#include <cstdint>

#include "kernels/AugmentParams.h"
#include "kernels/HostDevice.h"

namespace simsiam {

struct ImageRef {
  const uint8_t* data;  // packed RGB8, row-major
  int height, width;
};

// CPU reference: views[i] of images[i] into out + i * S * S * 3 (threads over images).
void augmentViewsCpu(const ImageRef* images, const ViewParams* params, int64_t n,
                     const AugmentConfig& cfg, float* out);

// CUDA: `pixels` holds every image; image i starts at byte offsets[i] and has
// heights[i] x widths[i]. All pointers are device pointers; `means` is a
// caller-owned workspace of n floats (the cuda backend's pool). Returns a
// cudaError_t as int.
int augmentViewsCudaWorkspace(const uint8_t* pixels, const int64_t* offsets, const int32_t* heights,
                              const int32_t* widths, const ViewParams* params, int64_t n,
                              const AugmentConfig& cfg, float* out, float* means, void* stream);

// An image tensor of 0..255 values as RGB8, as JS's Uint8ClampedArray: NaN
// and negatives -> 0, clamped to 255, rounded half to even.
SIMSIAM_HD uint8_t clampToUint8(float v) {
  if (!(v > 0.f)) return 0;
  if (v >= 255.f) return 255;
  return static_cast<uint8_t>(rintf(v));
}
SIMSIAM_HD uint8_t clampToUint8(int32_t v) { return static_cast<uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v)); }

void toUint8Cpu(const float* x, int64_t n, uint8_t* y);
void toUint8Cpu(const int32_t* x, int64_t n, uint8_t* y);
int toUint8Cuda(const float* x, int64_t n, uint8_t* y, void* stream);
int toUint8Cuda(const int32_t* x, int64_t n, uint8_t* y, void* stream);

}  // namespace simsiam
