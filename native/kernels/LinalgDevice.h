// Matrix products and convolutions on the current device (device/Device.h),
// NHWC float32, tfjs's semantics; pointers are device buffers.
//   GEMM: cuBLAS (sgemmStridedBatched, row-major as C^T = B^T A^T), else the
//     tiled CUDA SGEMM; the host device runs the CPU blocked GEMM.
//   Convolutions: cuDNN (NHWC tensors, KRSC filters transposed from tfjs's
//     HWIO, algorithms from the *_v7 heuristics cached per shape, asymmetric
//     padding through a padded copy of the input), else im2col / col2im in
//     chunks of images + the GEMM. The host device runs the cuDNN structure
//     (transposes, padded copies) with explicit im2col + the CPU GEMM standing
//     in for cuDNN's kernels, or, with cuDNN disabled (setLibrariesEnabled),
//     the plain im2col path: CI runs both structures on the CPU references.
//   Bias/activation: one epilogue pass over the output.
#pragma once
#include <cstdint>

#include "kernels/ConvGeometry.h"
#include "kernels/Linalg.h"
#include "kernels/MatMul.h"

namespace simsiam {

enum class GemmImpl { kAuto, kTiled };

// Row-major C [M x N] (+)= op(A) op(B) with packed leading dimensions.
GemmArgs rowMajor(bool transA, bool transB, int64_t M, int64_t N, int64_t K, bool accumulate);

void gemmDevice(const GemmArgs& g, const float* a, const float* b, float* c, const char* kernel,
                GemmImpl impl = GemmImpl::kAuto);

// c[i] = epilogue(op(a[aIndex[i]]) op(b[bIndex[i]])); the batch is split into
// runs where both indices advance by a constant, one strided GEMM per run.
void batchMatMulDevice(const MatMulShape& s, const float* a, const int32_t* aIndex, const float* b,
                       const int32_t* bIndex, float* c, const EpilogueArgs& e, const char* kernel);

void conv2dDevice(const ConvGeometry& g, const float* x, const float* filter, float* y, const EpilogueArgs& e,
                  const char* kernel);
void conv2dBackpropInputDevice(const ConvGeometry& g, const float* dy, const float* filter, float* dx,
                               const char* kernel);
void conv2dBackpropFilterDevice(const ConvGeometry& g, const float* x, const float* dy, float* dw,
                                const char* kernel);

// Which implementation the convolutions of this shape use on the current
// device: "cudnn", "cudnn-padded", "im2col" (tests, `simsiam info`).
const char* convPath(const ConvGeometry& g);

}  // namespace simsiam
