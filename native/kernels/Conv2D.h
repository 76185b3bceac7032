// The convolution kernels registered on tfjs's cpu backend, NHWC float32
// (native/kernels/Conv2D.cc, Conv2DBackpropInput.cc, Conv2DBackpropFilter.cc).
// g is always the forward geometry of the convolution.
#pragma once
#include "gemm/Epilogue.h"
#include "kernels/ConvGeometry.h"

namespace simsiam {

// y = ep(conv(x, filter)); serves Conv2D and FusedConv2D.
void conv2dCpu(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep);

// dx = d(sum dy * y)/dx, written whole.
void conv2dBackpropInputCpu(const ConvGeometry& g, const float* dy, const float* filter, float* dx);

// dw = d(sum dy * y)/dfilter, written whole.
void conv2dBackpropFilterCpu(const ConvGeometry& g, const float* x, const float* dy, float* dw);

}  // namespace simsiam
