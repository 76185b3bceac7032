// FusedBatchNorm (inference-style normalisation with given moments) of tfjs's
// cpu backend on float32 (native/kernels/FusedBatchNorm.cc):
//   y[i] = offset[c] + (x[i] - mean[c]) * scale[c] / sqrt(variance[c] + epsilon),
// c = i mod L, evaluated in double like the JS kernel (bit-identical results).
#pragma once
#include <cstdint>

namespace simsiam {

// Each parameter holds 1 or L values (offset/scale may be null: 0 / 1);
// x holds a multiple of L values.
struct BatchNormParams {
  const float *mean, *variance, *offset, *scale;
  int64_t meanLen, varianceLen, offsetLen, scaleLen;
  double epsilon;
};

void fusedBatchNormCpu(const float* x, int64_t n, const BatchNormParams& p, float* y);

// The JS kernel's general form (the cuda backend's reference): every
// parameter is read cyclically with its own length (each >= 1, null offset /
// scale: 0 / 1), whatever x's size; the per-channel case takes the loop above.
void fusedBatchNormCyclicCpu(const float* x, int64_t n, const BatchNormParams& p, float* y);

// CUDA (FusedBatchNorm.cu): fusedBatchNormCyclicCpu on device pointers, in
// double with explicitly rounded operations (bit-identical). Returns a
// cudaError_t as int.
int fusedBatchNormCuda(const float* x, int64_t n, const BatchNormParams& p, float* y, void* stream);

}  // namespace simsiam
