// The column matrix of a convolution, col[pixel][tap*inC + channel] =
// x at (pixel's batch, oh*strideH - padTop + fr*dilationH, ...) or 0, as GEMM
// operands that pack straight from x: in NHWC a tap is a contiguous run of
// channels, and with dilation 1 a filter row's in-bounds taps are one
// contiguous stretch of x.
#pragma once
#include "gemm/Gemm.h"
#include "kernels/ConvGeometry.h"

namespace simsiam {

// col as the left operand (rows = output pixels): the forward convolution.
class Im2colA final : public GemmA {
 public:
  Im2colA(const ConvGeometry& g, const float* x) : g_(g), x_(x) {}
  Layout layout() const override { return Layout::kRowMajor; }
  void pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const override;

 private:
  ConvGeometry g_;
  const float* x_;
};

// col^T as the left operand (rows = taps x channels, depth = output pixels):
// the filter gradient col^T * dy.
class Im2colTransposedA final : public GemmA {
 public:
  Im2colTransposedA(const ConvGeometry& g, const float* x) : g_(g), x_(x) {}
  Layout layout() const override { return Layout::kDepthMajor; }
  void pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const override;

 private:
  ConvGeometry g_;
  const float* x_;
};

// The adjoint of im2col for images [b0, b1): adds col (rows = the pixels of
// those images, row stride depth()) into x; taps outside x are dropped.
void col2imAdd(const ConvGeometry& g, const float* col, int64_t b0, int64_t b1, float* x);

}  // namespace simsiam
