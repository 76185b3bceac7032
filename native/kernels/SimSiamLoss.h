// SimSiam loss: L = sum over pairs k of w * D(p_k, z_k), with
// D(p, z) = -mean_i <p_i, z_i> / (max(|p_i|, eps) * max(|z_i|, eps)) and z
// stop-gradiented. simsiamLoss uses the pairs (p1, z2), (p2, z1) with w = 1/2;
// negativeCosineSimilarity uses (p, z) with w = 1. Forward and the gradients
// w.r.t. every p (for dy = 1) come out of one pass over the rows.
#pragma once
#include <cstdint>

namespace simsiam {

constexpr float kNormEps = 1e-12f;
constexpr int kMaxLossPairs = 2;

struct LossPairs {
  int count;                          // 1 or 2
  const float* p[kMaxLossPairs];      // [B, D] predictions
  const float* z[kMaxLossPairs];      // [B, D] targets (no gradient)
  float* grad[kMaxLossPairs];         // [B, D] dL/dp, may be null
  float weight;                       // w above
};

// CPU reference (double accumulation, threads over rows). Returns L.
float pairLossCpu(const LossPairs& pairs, int64_t B, int64_t D);

// Backward of the fused loss: out = dy * grad (threads over chunks).
void scaleGradCpu(const float* grad, float dy, int64_t n, float* out);

// CUDA: pointers are device pointers, lossOut a device float; caller-owned
// workspace (the cuda backend's pool): `rows` holds B floats, `counter` one
// unsigned (zeroed here, on the stream). Returns a cudaError_t as int
// (0 = success). Stream is a cudaStream_t.
int pairLossCudaWorkspace(const LossPairs& pairs, int64_t B, int64_t D, float* lossOut, float* rows,
                          unsigned* counter, void* stream);

// SimSiamLossGrad on the device: out = dy[0] * grad with dy a device scalar.
// CPU reference (host buffers) and CUDA (device pointers, cudaError_t as int).
void scaleGradByScalarCpu(const float* grad, const float* dy, int64_t n, float* out);
int scaleGradCuda(const float* grad, const float* dy, int64_t n, float* out, void* stream);

}  // namespace simsiam
