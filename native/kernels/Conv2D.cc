// Forward convolution as one GEMM: y [pixels x outC] = col [pixels x depth] *
// filter [depth x outC], with the im2col panels packed straight from x and
// the bias/activation applied to each tile as it is finished.
#include "kernels/Conv2D.h"

#include "gemm/Gemm.h"
#include "kernels/Im2col.h"

namespace simsiam {

void conv2dCpu(const ConvGeometry& g, const float* x, const float* filter, float* y, const Epilogue& ep) {
  const Im2colA col(g, x);
  const MatrixB w(filter, g.outC, false);
  gemm(col, w, g.pixels(), g.outC, g.depth(), y, g.outC, false, ep);
}

}  // namespace simsiam
