// The moving-average update of a BatchNormalization statistic in one pass,
// tfjs-layers' convention: y = current - (current - value) * decay, each
// difference and product rounded to float32 like the three tfjs ops it
// replaces (so results are bit-identical to them on every backend).
#pragma once
#include <cstdint>

#include "kernels/HostDevice.h"
#include "kernels/SgdMomentumUpdate.h"

namespace simsiam {

SIMSIAM_HD float movingAverageStep(float current, float value, float decay) {
  return sgdAdd(current, -sgdMul(sgdAdd(current, -value), decay));
}

// y may alias current.
void movingAverageCpu(const float* current, const float* value, int64_t n, float decay, float* y);

// CUDA: device pointers; returns a cudaError_t as int.
int movingAverageCuda(const float* current, const float* value, int64_t n, float decay, float* y, void* stream);

}  // namespace simsiam
