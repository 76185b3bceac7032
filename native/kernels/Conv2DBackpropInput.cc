// Input gradient of a convolution.
// Stride 1: dx is the convolution of dy with the filter flipped in space and
// with in/out channels swapped (the transposed convolution), i.e. the same
// implicit-im2col GEMM as the forward pass, without any scatter.
// Larger strides, or fewer input channels than the GEMM's narrowest panel
// (that GEMM would be inC columns wide, mostly padding): dcol = dy * filter^T,
// one chunk of images at a time, then col2im adds each chunk into dx.
#include <algorithm>
#include <cstring>

#include "gemm/Gemm.h"
#include "kernels/Conv2D.h"
#include "kernels/Im2col.h"
#include "util/ThreadPool.h"
#include "util/Transpose.h"
#include "util/Workspace.h"

namespace simsiam {
namespace {

constexpr int64_t kChunkElements = int64_t{1} << 20;  // dcol per chunk: 4 MiB, stays in cache for col2im

void stride1(const ConvGeometry& g, const float* dy, const float* filter, float* dx) {
  const int64_t taps = g.filterH * g.filterW;
  float* flipped = workspace(WorkspaceSlot::kConvFilter, static_cast<size_t>(g.filterSize()));
  // flipped[fH-1-fr][fW-1-fc][oc][ic] = filter[fr][fc][ic][oc]
  parallelFor(taps, 1, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t)
      transpose(filter + t * g.inC * g.outC, g.inC, g.outC, flipped + (taps - 1 - t) * g.inC * g.outC, false);
  });
  const ConvGeometry t{g.batch, g.outH, g.outW, g.outC, g.inH, g.inW, g.inC, g.filterH, g.filterW, 1, 1,
                       g.dilationH, g.dilationW, (g.filterH - 1) * g.dilationH - g.padTop,
                       (g.filterW - 1) * g.dilationW - g.padLeft};
  conv2dCpu(t, dy, flipped, dx, Epilogue{});
}

void strided(const ConvGeometry& g, const float* dy, const float* filter, float* dx) {
  const int64_t depth = g.depth(), imageRows = g.outH * g.outW;
  float* filterT = workspace(WorkspaceSlot::kConvFilter, static_cast<size_t>(g.filterSize()));  // [outC x depth]
  transpose(filter, depth, g.outC, filterT);
  std::memset(dx, 0, static_cast<size_t>(g.xSize()) * sizeof(float));
  const int64_t images = std::max<int64_t>(1, kChunkElements / std::max<int64_t>(1, imageRows * depth));
  float* col = workspace(WorkspaceSlot::kConvColumns, static_cast<size_t>(std::min(images, g.batch) * imageRows * depth));
  const MatrixB w(filterT, depth, false);
  for (int64_t b0 = 0; b0 < g.batch; b0 += images) {
    const int64_t b1 = std::min(g.batch, b0 + images);
    const MatrixA grad(dy + b0 * imageRows * g.outC, g.outC, false);
    gemm(grad, w, (b1 - b0) * imageRows, depth, g.outC, col, depth, false);
    parallelFor(b1 - b0, 1, [&](int64_t begin, int64_t end) {
      col2imAdd(g, col + begin * imageRows * depth, b0 + begin, b0 + end, dx);
    });
  }
}

}  // namespace

void conv2dBackpropInputCpu(const ConvGeometry& g, const float* dy, const float* filter, float* dx) {
  if (g.strideH == 1 && g.strideW == 1 && g.inC >= gemmTile().nrMin)
    stride1(g, dy, filter, dx);
  else
    strided(g, dy, filter, dx);
}

}  // namespace simsiam
