// One SGD-with-momentum step of a parameter in one pass (PyTorch semantics,
// as src/optim/sgd.ts):
//   d = g + wd * w;  buf = first ? d : momentum * buf + d;  w = w - lr * buf
// Every product and sum is rounded to float32, exactly like the composition of
// tfjs ops it replaces (6 kernels per parameter), so results are bit-identical
// to it on every backend.
#pragma once
#include <cstdint>

#include "kernels/HostDevice.h"

namespace simsiam {

struct SgdParams {
  float lr, momentum, weightDecay;
  bool first;  // no momentum buffer yet: it starts at d
};

// Products and sums rounded one at a time: no fused multiply-add (the CPU file
// is compiled with -ffp-contract=off; CUDA gets explicit _rn intrinsics).
SIMSIAM_HD float sgdMul(float a, float b) {
#ifdef __CUDA_ARCH__
  return __fmul_rn(a, b);
#else
  return a * b;
#endif
}
SIMSIAM_HD float sgdAdd(float a, float b) {
#ifdef __CUDA_ARCH__
  return __fadd_rn(a, b);
#else
  return a + b;
#endif
}

SIMSIAM_HD void sgdStep(const SgdParams& p, float w, float g, float buf, float* wOut, float* bufOut) {
  const float d = p.weightDecay != 0.f ? sgdAdd(g, sgdMul(p.weightDecay, w)) : g;
  const float b = p.first ? d : sgdAdd(sgdMul(p.momentum, buf), d);
  *bufOut = b;
  *wOut = sgdAdd(w, -sgdMul(p.lr, b));
}

// buf may be null when p.first. Outputs may alias w / buf (updated in place).
void sgdMomentumUpdateCpu(const SgdParams& p, const float* w, const float* g, const float* buf, int64_t n, float* wOut,
                          float* bufOut);

// CUDA: device pointers; returns a cudaError_t as int.
int sgdMomentumUpdateCuda(const SgdParams& p, const float* w, const float* g, const float* buf, int64_t n, float* wOut,
                          float* bufOut, void* stream);

}  // namespace simsiam
