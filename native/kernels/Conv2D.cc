// Forward convolution as one GEMM: y [pixels x outC] = col [pixels x depth] *
// filter [depth x outC], with the im2col panels packed straight from x and
// the bias/activation applied to each tile as it is finished; for few input
// channels at stride 1, the direct kernel of kernels/ConvDirect.cc instead,
// and for 3x3 filters at stride 1 with many channels, the Winograd
// convolution of kernels/ConvWinograd.cc.
#include "kernels/Conv2D.h"

#include "gemm/Gemm.h"
#include "kernels/ConvDirect.h"
#include "kernels/ConvWinograd.h"
#include "kernels/Im2col.h"

namespace simsiam {

void conv2dCpu(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep) {
  if (conv2dDirectCpu(g, x, filter, y, ep)) return;
  if (conv2dWinogradCpu(g, x, filter, y, ep)) return;
  const Im2colA col(g, x);
  const MatrixB w(filter, g.outC, false);
  gemm(col, w, g.pixels(), g.outC, g.depth(), y, g.outC, false, ep);
}

}  // namespace simsiam
