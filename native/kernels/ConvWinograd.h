// Winograd convolution F(2x2, 3x3) for 3x3 filters at stride 1 (native/kernels/ConvWinograd.cc): each 2x2 block of
// output pixels from a 4x4 input tile with 16 multiply-adds per channel pair instead of 36, i.e. 16 GEMMs of
// [tiles x inC] * [inC x outC] that do 2.25x fewer multiply-adds than the im2col GEMM. It serves the forward pass and
// the stride-1 input gradient (a transposed convolution, kernels/Conv2DBackpropInput.cc) and the filter gradient of
// the 3x3 layers with many channels, which hold most of a ResNet's arithmetic.
#pragma once
#include <cstdint>

#include "gemm/Epilogue.h"
#include "kernels/ConvGeometry.h"

namespace simsiam {

// Fewer channels than this on either side run the im2col GEMM or the direct kernels: the GEMMs' depth (inC) or
// width (outC) would be too small for the register tile to pay for the transforms.
constexpr int64_t kWinogradMinChannels = 32;

// Whether conv2dWinogradCpu takes g: filter 3x3, stride 1, dilation 1, inC and outC >= kWinogradMinChannels, a
// non-empty output, and SIMSIAM_CONV_WINOGRAD not 0 (read once; 0 keeps the im2col GEMM, for comparisons).
bool winogradTakes(const ConvGeometry& g);

// y = ep(conv(x, filter)) as conv2dCpu; false, having done nothing, where winogradTakes(g) is false.
bool conv2dWinogradCpu(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep);

// dw as conv2dBackpropFilterCpu, by the transposed algorithm: dw = G^T [sum over tiles (B^T d B) .* (A e A^T)] G,
// e the tile's 2x2 block of dy; the sum is 16 GEMMs over the tiles. False, having done nothing, as above.
bool conv2dBackpropFilterWinogradCpu(const ConvGeometry& g, const float* x, const float* dy, float* dw);

}  // namespace simsiam
