// Direct convolutions for few channels (native/kernels/ConvDirect.cc): the
// forward pass (stride 1; 3, 8 or 16 input channels) and the filter gradient
// (any stride; up to 64 input channels) without im2col packing, where packing
// the column matrix costs about as much as the multiply-adds it feeds (the
// mnist-demo model's 8-64 channels). Output channels: a multiple of the GEMM's
// narrowest panel (gemmTile().nrMin), at most 2 * NR; dilation 1.
// Each returns false, having done nothing, for a geometry it does not take;
// the caller then runs its im2col GEMM.
#pragma once
#include "gemm/Epilogue.h"
#include "kernels/ConvGeometry.h"

namespace simsiam {

// y = ep(conv(x, filter)) as conv2dCpu.
bool conv2dDirectCpu(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep);

// dw = d(sum dy * y)/dfilter as conv2dBackpropFilterCpu, written whole.
bool conv2dBackpropFilterDirectCpu(const ConvGeometry& g, const float* x, const float* dy, float* dw);

}  // namespace simsiam
