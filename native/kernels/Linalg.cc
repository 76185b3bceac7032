// CPU references of the device linalg kernels (Linalg.h); the host
// reference device runs these, in the same order as the GPU path.
#include "kernels/Linalg.h"

#include "gemm/Gemm.h"
#include "util/ThreadPool.h"
#include "util/Transpose.h"

namespace simsiam {

void sgemmStridedCpu(const GemmArgs& g, const float* a, const float* b, float* c) {
  for (int64_t i = 0; i < g.batch; ++i) {
    const MatrixA ma(a + i * g.strideA, g.lda, g.transA);
    const MatrixB mb(b + i * g.strideB, g.ldb, g.transB);
    gemm(ma, mb, g.M, g.N, g.K, c + i * g.strideC, g.ldc, g.accumulate);
  }
}

void im2colCpu(const ConvGeometry& g, const float* x, int64_t b0, int64_t b1, float* col) {
  const int64_t rows = (b1 - b0) * g.outH * g.outW, depth = g.depth();
  parallelFor(rows, 64, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r)
      for (int64_t k = 0; k < depth; ++k) col[r * depth + k] = im2colValue(g, x, b0, r, k);
  });
}

void col2imCpu(const ConvGeometry& g, const float* col, int64_t images, float* x) {
  const int64_t n = images * g.inH * g.inW * g.inC;
  parallelFor(n, 4096, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) x[i] = col2imValue(g, col, i);
  });
}

void transposeCpu(const float* in, int64_t rows, int64_t cols, float* out) { transpose(in, rows, cols, out); }

void epilogueCpu(const EpilogueArgs& e, float* y, int64_t n) {
  if (e.isIdentity()) return;
  parallelFor(n, 1 << 14, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) y[i] = epilogueValue(e, y[i], i);
  });
}

void windowCpu(const WindowArgs& a, const float* in, float* out) {
  const int64_t n = a.batch * a.outH * a.outW * a.channels;
  parallelFor(n, 1 << 14, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) out[i] = windowValue(a, in, i);
  });
}

}  // namespace simsiam
