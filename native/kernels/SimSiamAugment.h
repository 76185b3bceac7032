// The fused SimSiam augmentation: crop + resize + flip + colour jitter +
// grayscale + Gaussian blur + normalisation in one pass per view, from RGB8
// sources to float32 NHWC [n, S, S, 3]. Parameters come from AugmentParams.
#pragma once
#include <cstdint>

#include "kernels/AugmentParams.h"

namespace simsiam {

struct ImageRef {
  const uint8_t* data;  // packed RGB8, row-major
  int height, width;
};

// CPU reference: views[i] of images[i] into out + i * S * S * 3 (threads over images).
void augmentViewsCpu(const ImageRef* images, const ViewParams* params, int64_t n,
                     const AugmentConfig& cfg, float* out);

// CUDA: `pixels` holds every image; image i starts at byte offsets[i] and has
// heights[i] x widths[i]. All pointers are device pointers. Returns a
// cudaError_t as int.
int augmentViewsCuda(const uint8_t* pixels, const int64_t* offsets, const int32_t* heights,
                     const int32_t* widths, const ViewParams* params, int64_t n,
                     const AugmentConfig& cfg, float* out, void* stream);

}  // namespace simsiam
