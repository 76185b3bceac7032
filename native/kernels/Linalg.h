// The building blocks of the device matrix products and convolutions
// (LinalgDevice.h): each CUDA launcher (Linalg.cu) has a CPU reference
// (Linalg.cc) with the same semantics, which the host reference device runs.
// Per-element work: kernels/LinalgOps.h.
#pragma once
#include <cstdint>

#include "kernels/ConvGeometry.h"
#include "kernels/LinalgOps.h"

namespace simsiam {

// Row-major strided-batched GEMM: for i < batch,
//   C_i (M x N, row stride ldc) = op(A_i) op(B_i) (+ C_i when accumulate)
// with A_i = a + i*strideA ([M x K], or [K x M] when transA, row stride lda),
// B_i = b + i*strideB ([K x N], or [N x K] when transB, row stride ldb).
struct GemmArgs {
  bool transA = false, transB = false;
  int64_t M = 0, N = 0, K = 0;
  int64_t lda = 0, ldb = 0, ldc = 0;
  int64_t strideA = 0, strideB = 0, strideC = 0;
  int64_t batch = 1;
  bool accumulate = false;
};

// Reference: the CPU blocked GEMM (gemm/Gemm.h) per matrix.
void sgemmStridedCpu(const GemmArgs& g, const float* a, const float* b, float* c);
// A plain tiled CUDA SGEMM: the fallback without cuBLAS, and the independent
// check of the cuBLAS path in the GPU suite.
int sgemmTiledCuda(const GemmArgs& g, const float* a, const float* b, float* c, void* stream);

// col [(b1 - b0) * outH * outW x depth] of images [b0, b1) (LinalgOps.h im2colValue).
void im2colCpu(const ConvGeometry& g, const float* x, int64_t b0, int64_t b1, float* col);
int im2colCuda(const ConvGeometry& g, const float* x, int64_t b0, int64_t b1, float* col, void* stream);

// Writes images [b0, b1) of x (x points at image b0) whole from their col
// rows (col2imValue): the input gradient from dcol.
void col2imCpu(const ConvGeometry& g, const float* col, int64_t images, float* x);
int col2imCuda(const ConvGeometry& g, const float* col, int64_t images, float* x, void* stream);

// out [cols x rows] = in [rows x cols]^T (filter HWIO <-> cuDNN's KRSC).
void transposeCpu(const float* in, int64_t rows, int64_t cols, float* out);
int transposeCuda(const float* in, int64_t rows, int64_t cols, float* out, void* stream);

// y[i] = epilogueValue(e, y[i], i) for i < n, in place.
void epilogueCpu(const EpilogueArgs& e, float* y, int64_t n);
int epilogueCuda(const EpilogueArgs& e, float* y, int64_t n, void* stream);

// Pads or crops NHWC images (windowValue): out holds batch*outH*outW*channels values.
void windowCpu(const WindowArgs& a, const float* in, float* out);
int windowCuda(const WindowArgs& a, const float* in, float* out, void* stream);

}  // namespace simsiam
