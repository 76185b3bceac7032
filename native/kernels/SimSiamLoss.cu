// CUDA kernel for the fused SimSiam loss; CPU reference in SimSiamLoss.cc.
// One block per row: it reads the row of every p and z once for the norms and
// dot products (block reduction), writes dL/dp from the same (L1-resident)
// row, and stores the row's cosine sum. The last block to finish sums the rows
// in a fixed order, so the loss is deterministic and needs a single launch.
// scaleGradKernel: SimSiamLossGrad (dy * grad, dy a device scalar).
#include <cuda_runtime.h>

#include "kernels/SimSiamLoss.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;

template <int N>
__device__ void blockSum(float (&v)[N], float (*shared)[N]) {
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
#pragma unroll
  for (int k = 0; k < N; ++k)
    for (int o = 16; o > 0; o >>= 1) v[k] += __shfl_xor_sync(0xffffffffu, v[k], o);
  if (lane == 0)
#pragma unroll
    for (int k = 0; k < N; ++k) shared[warp][k] = v[k];
  __syncthreads();
#pragma unroll
  for (int k = 0; k < N; ++k) {
    float s = 0.f;
    for (int w = 0; w < kWarps; ++w) s += shared[w][k];
    v[k] = s;
  }
}

template <int P>
__global__ void pairLossKernel(LossPairs pairs, int D, float scale, float* rowVals,
                               unsigned* counter, float* lossOut, int B) {
  __shared__ float red[kWarps][3 * P];
  __shared__ bool isLast;
  const size_t row = static_cast<size_t>(blockIdx.x) * D;

  float acc[3 * P];  // per pair: |p|^2, |z|^2, <p,z>
#pragma unroll
  for (int k = 0; k < 3 * P; ++k) acc[k] = 0.f;
  for (int j = threadIdx.x; j < D; j += kThreads) {
#pragma unroll
    for (int k = 0; k < P; ++k) {
      const float a = pairs.p[k][row + j], b = pairs.z[k][row + j];
      acc[3 * k] += a * a;
      acc[3 * k + 1] += b * b;
      acc[3 * k + 2] += a * b;
    }
  }
  blockSum<3 * P>(acc, red);

  float cosSum = 0.f;
#pragma unroll
  for (int k = 0; k < P; ++k) {
    const float pn = sqrtf(acc[3 * k]);
    const float np = fmaxf(pn, kNormEps), nz = fmaxf(sqrtf(acc[3 * k + 1]), kNormEps);
    const float cos = acc[3 * k + 2] / (np * nz);
    cosSum += cos;
    float* g = pairs.grad[k];
    if (g) {
      const float cz = scale / (np * nz);
      const float cp = pn > kNormEps ? -scale * cos / (np * np) : 0.f;
      for (int j = threadIdx.x; j < D; j += kThreads)
        g[row + j] = cz * pairs.z[k][row + j] + cp * pairs.p[k][row + j];
    }
  }

  if (threadIdx.x == 0) {
    rowVals[blockIdx.x] = cosSum;
    __threadfence();
    isLast = atomicInc(counter, gridDim.x - 1) == gridDim.x - 1;  // the last wraps it to 0
  }
  __syncthreads();
  if (!isLast) return;
  // Fixed-order sum: each thread a strided partial, then the warp tree.
  float part[1] = {0.f};
  for (int i = threadIdx.x; i < B; i += kThreads) part[0] += __ldcg(rowVals + i);
  __syncthreads();
  blockSum<1>(part, reinterpret_cast<float(*)[1]>(red));
  if (threadIdx.x == 0) *lossOut = part[0] * scale;
}

// SimSiamLossGrad: out = dy * grad, dy read from device memory.
__global__ void scaleGradKernel(const float* __restrict__ grad, const float* __restrict__ dy, int64_t n,
                                float* __restrict__ out) {
  const float d = *dy;
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    out[i] = d * grad[i];
}

}  // namespace

int pairLossCudaWorkspace(const LossPairs& pairs, int64_t B, int64_t D, float* lossOut, float* rows,
                          unsigned* counter, void* streamPtr) {
  cudaStream_t stream = static_cast<cudaStream_t>(streamPtr);
  if (B <= 0 || B > 0x7fffffff || D <= 0 || D > 0x7fffffff) return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_TRY(cudaMemsetAsync(counter, 0, sizeof(unsigned), stream));
  const float scale = -pairs.weight / static_cast<float>(B);
  if (pairs.count == 2)
    pairLossKernel<2><<<static_cast<unsigned>(B), kThreads, 0, stream>>>(
        pairs, static_cast<int>(D), scale, rows, counter, lossOut, static_cast<int>(B));
  else
    pairLossKernel<1><<<static_cast<unsigned>(B), kThreads, 0, stream>>>(
        pairs, static_cast<int>(D), scale, rows, counter, lossOut, static_cast<int>(B));
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

int scaleGradCuda(const float* grad, const float* dy, int64_t n, float* out, void* stream) {
  if (n <= 0) return 0;
  const int64_t b = (n + kThreads - 1) / kThreads;
  scaleGradKernel<<<static_cast<unsigned>(b < (1 << 20) ? b : (1 << 20)), kThreads, 0,
                    static_cast<cudaStream_t>(stream)>>>(grad, dy, n, out);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
