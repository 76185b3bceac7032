// Filter gradient of a convolution as one GEMM over all output pixels:
// dw [depth x outC] = col^T [depth x pixels] * dy [pixels x outC]. The
// reduction runs over batch*outH*outW, so gemm splits it across threads when
// dw alone is too small to share out. 3x3 filters at stride 1 with many
// channels: the Winograd kernel of kernels/ConvWinograd.cc; other geometries
// up to 64 channels (dilation 1): the direct kernel of kernels/ConvDirect.cc.
#include "gemm/Gemm.h"
#include "kernels/Conv2D.h"
#include "kernels/ConvDirect.h"
#include "kernels/ConvWinograd.h"
#include "kernels/Im2col.h"

namespace simsiam {

void conv2dBackpropFilterCpu(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  if (conv2dBackpropFilterWinogradCpu(g, x, dy, dw)) return;
  if (conv2dBackpropFilterDirectCpu(g, x, dy, dw)) return;
  const Im2colTransposedA colT(g, x);
  const MatrixB grad(dy, g.outC, false);
  gemm(colT, grad, g.depth(), g.outC, g.pixels(), dw, g.outC, false);
}

}  // namespace simsiam
