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

}  // namespace simsiam
