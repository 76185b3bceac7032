// Shape of a 2-D convolution in NHWC, as tfjs's computeConv2DInfo gives it:
// x [batch, inH, inW, inC], filter [filterH, filterW, inC, outC],
// y [batch, outH, outW, outC]; output pixel (oh, ow) reads input rows
// oh*strideH - padTop + fr*dilationH (columns alike). Taps outside the input
// read zero, whatever the padding that produced outH/outW.
#pragma once
#include <cstdint>

namespace simsiam {

struct ConvGeometry {
  int64_t batch, inH, inW, inC;
  int64_t outH, outW, outC;
  int64_t filterH, filterW;
  int64_t strideH, strideW;
  int64_t dilationH, dilationW;
  int64_t padTop, padLeft;  // may be negative (transposed convolutions)

  static constexpr int kFields = 15;  // the order above; see src/kernels/shared/conv_geometry.ts

  int64_t pixels() const { return batch * outH * outW; }       // GEMM rows
  int64_t depth() const { return filterH * filterW * inC; }    // GEMM depth (im2col columns)
  int64_t xSize() const { return batch * inH * inW * inC; }
  int64_t ySize() const { return pixels() * outC; }
  int64_t filterSize() const { return depth() * outC; }
};

}  // namespace simsiam
