// CUDA kernels of BatchNormTraining; CPU reference in BatchNormTraining.cc.
// x is [M, C] (NHWC rows). Per-channel sums are deterministic and in the CPU
// reference's order: blockSums gives each (block of 256 rows, channel) a
// thread that sums its rows in row order in float (adjacent threads read
// adjacent channels: coalesced), then a per-channel thread adds the block
// partials in block order in double.
//   forward:  blockSums(x) -> meanKernel -> blockSums((x - mean)^2) ->
//             varianceKernel (variance, scale, shift) -> normaliseKernel
//   backward: gradSums (sum dy, sum dy * xhat) -> gradCoefficients -> gradApply
// Workspace: the block partials (blocks * 2C) then 4C per-channel values.
#include <cuda_runtime.h>

#include "kernels/BatchNormTraining.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;
constexpr int64_t kRowBlock = kBatchNormRowBlock;
constexpr int kChannelTile = 32, kBlockTile = 8;  // blockSums thread block: 32 channels x 8 row blocks
constexpr int64_t kMaxGridY = 65535;


dim3 sumGrid(int64_t C, int64_t blocks) {
  const int64_t gy = (blocks + kBlockTile - 1) / kBlockTile;
  return dim3(static_cast<unsigned>((C + kChannelTile - 1) / kChannelTile),
              static_cast<unsigned>(gy < kMaxGridY ? gy : kMaxGridY));
}

// partial[b * C + c] = sum over rows of block b of x (mu null) or (x - mu)^2.
__global__ void blockSumsKernel(const float* __restrict__ x, int64_t M, int64_t C, const float* __restrict__ mu,
                                float* __restrict__ partial) {
  const int64_t c = blockIdx.x * static_cast<int64_t>(kChannelTile) + threadIdx.x;
  if (c >= C) return;
  const int64_t blocks = (M + kRowBlock - 1) / kRowBlock;
  const float m = mu ? mu[c] : 0.f;
  for (int64_t b = blockIdx.y * static_cast<int64_t>(kBlockTile) + threadIdx.y; b < blocks;
       b += static_cast<int64_t>(gridDim.y) * kBlockTile) {
    const int64_t r1 = (b + 1) * kRowBlock < M ? (b + 1) * kRowBlock : M;
    float acc = 0.f;
    if (mu) {
      for (int64_t r = b * kRowBlock; r < r1; ++r) {
        const float d = x[r * C + c] - m;
        acc += d * d;
      }
    } else {
      for (int64_t r = b * kRowBlock; r < r1; ++r) acc += x[r * C + c];
    }
    partial[b * C + c] = acc;
  }
}

__global__ void meanKernel(const float* __restrict__ partial, int64_t blocks, int64_t C, int64_t M,
                           float* __restrict__ mean, float* __restrict__ mu) {
  SIMSIAM_GRID_STRIDE(c, C) {
    double s = 0.0;
    for (int64_t b = 0; b < blocks; ++b) s += partial[b * C + c];
    mean[c] = mu[c] = static_cast<float>(s / static_cast<double>(M));
  }
}

__global__ void varianceKernel(const float* __restrict__ partial, int64_t blocks, int64_t C, int64_t M,
                               const float* __restrict__ gamma, const float* __restrict__ beta, float epsilon,
                               const float* __restrict__ mu, float* __restrict__ variance,
                               float* __restrict__ scale, float* __restrict__ shift) {
  SIMSIAM_GRID_STRIDE(c, C) {
    double s = 0.0;
    for (int64_t b = 0; b < blocks; ++b) s += partial[b * C + c];
    const float v = static_cast<float>(s / static_cast<double>(M));
    variance[c] = v;
    const float inv = 1.f / sqrtf(v + epsilon);
    scale[c] = gamma[c] * inv;
    shift[c] = beta[c] - mu[c] * scale[c];
  }
}

__global__ void normaliseKernel(const float* __restrict__ x, int64_t n, int64_t C, const float* __restrict__ scale,
                                const float* __restrict__ shift, float* __restrict__ y) {
  SIMSIAM_GRID_STRIDE(i, n) {
    const int64_t c = i % C;
    y[i] = x[i] * scale[c] + shift[c];
  }
}

// partial[b * 2C + c] = sum dy, partial[b * 2C + C + c] = sum dy * (x - mean) * inv.
__global__ void gradSumsKernel(const float* __restrict__ dy, const float* __restrict__ x, int64_t M, int64_t C,
                               const float* __restrict__ mean, const float* __restrict__ variance, float epsilon,
                               float* __restrict__ partial) {
  const int64_t c = blockIdx.x * static_cast<int64_t>(kChannelTile) + threadIdx.x;
  if (c >= C) return;
  const int64_t blocks = (M + kRowBlock - 1) / kRowBlock;
  const float m = mean[c], inv = 1.f / sqrtf(variance[c] + epsilon);
  for (int64_t b = blockIdx.y * static_cast<int64_t>(kBlockTile) + threadIdx.y; b < blocks;
       b += static_cast<int64_t>(gridDim.y) * kBlockTile) {
    const int64_t r1 = (b + 1) * kRowBlock < M ? (b + 1) * kRowBlock : M;
    float s0 = 0.f, s1 = 0.f;
    for (int64_t r = b * kRowBlock; r < r1; ++r) {
      const float g = dy[r * C + c];
      s0 += g;
      s1 += g * (x[r * C + c] - m) * inv;
    }
    partial[b * 2 * C + c] = s0;
    partial[b * 2 * C + C + c] = s1;
  }
}

// coef: a = gamma * inv, b = mean(dy), k = a * inv * mean(dy * xhat) - 2 dVar / M, d = dMean / M.
__global__ void gradCoefficientsKernel(const float* __restrict__ partial, int64_t blocks, int64_t C, int64_t M,
                                       const float* __restrict__ gamma, const float* __restrict__ variance,
                                       const float* __restrict__ dMean, const float* __restrict__ dVariance,
                                       float epsilon, float* __restrict__ dgamma, float* __restrict__ dbeta,
                                       float* __restrict__ coef) {
  const double m = static_cast<double>(M);
  SIMSIAM_GRID_STRIDE(c, C) {
    double s0 = 0.0, s1 = 0.0;
    for (int64_t b = 0; b < blocks; ++b) {
      s0 += partial[b * 2 * C + c];
      s1 += partial[b * 2 * C + C + c];
    }
    const float inv = 1.f / sqrtf(variance[c] + epsilon);
    dbeta[c] = static_cast<float>(s0);
    dgamma[c] = static_cast<float>(s1);
    const float a = gamma[c] * inv;
    coef[c] = a;
    coef[C + c] = static_cast<float>(s0 / m);
    coef[2 * C + c] = a * inv * static_cast<float>(s1 / m) - (dVariance ? static_cast<float>(2.0 * dVariance[c] / m) : 0.f);
    coef[3 * C + c] = dMean ? static_cast<float>(dMean[c] / m) : 0.f;
  }
}

__global__ void gradApplyKernel(const float* __restrict__ dy, const float* __restrict__ x, int64_t n, int64_t C,
                                const float* __restrict__ mean, const float* __restrict__ coef,
                                float* __restrict__ dx) {
  SIMSIAM_GRID_STRIDE(i, n) {
    const int64_t c = i % C;
    dx[i] = coef[c] * (dy[i] - coef[C + c]) - (x[i] - mean[c]) * coef[2 * C + c] + coef[3 * C + c];
  }
}

}  // namespace

int batchNormTrainingCuda(const float* x, int64_t M, int64_t C, const float* gamma, const float* beta,
                          float epsilon, float* y, float* mean, float* variance, float* workspace, void* streamPtr) {
  if (M <= 0 || C <= 0) return 0;
  cudaStream_t stream = static_cast<cudaStream_t>(streamPtr);
  const int64_t blocks = (M + kRowBlock - 1) / kRowBlock;
  float* partial = workspace;
  float* mu = workspace + blocks * 2 * C;
  float* scale = mu + C;
  float* shift = scale + C;
  const dim3 block(kChannelTile, kBlockTile), grid = sumGrid(C, blocks);
  blockSumsKernel<<<grid, block, 0, stream>>>(x, M, C, nullptr, partial);
  SIMSIAM_CUDA_LAUNCHED();
  meanKernel<<<gridStrideBlocks(C, 128), 128, 0, stream>>>(partial, blocks, C, M, mean, mu);
  SIMSIAM_CUDA_LAUNCHED();
  blockSumsKernel<<<grid, block, 0, stream>>>(x, M, C, mu, partial);
  SIMSIAM_CUDA_LAUNCHED();
  varianceKernel<<<gridStrideBlocks(C, 128), 128, 0, stream>>>(partial, blocks, C, M, gamma, beta, epsilon, mu, variance,
                                                        scale, shift);
  SIMSIAM_CUDA_LAUNCHED();
  normaliseKernel<<<gridStrideBlocks(M * C), kThreads, 0, stream>>>(x, M * C, C, scale, shift, y);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

int batchNormTrainingGradCuda(const float* dy, const float* x, int64_t M, int64_t C, const float* gamma,
                              const float* mean, const float* variance, const float* dMean,
                              const float* dVariance, float epsilon, float* dx, float* dgamma, float* dbeta,
                              float* workspace, void* streamPtr) {
  if (M <= 0 || C <= 0) return 0;
  cudaStream_t stream = static_cast<cudaStream_t>(streamPtr);
  const int64_t blocks = (M + kRowBlock - 1) / kRowBlock;
  float* partial = workspace;
  float* coef = workspace + blocks * 2 * C;
  gradSumsKernel<<<sumGrid(C, blocks), dim3(kChannelTile, kBlockTile), 0, stream>>>(dy, x, M, C, mean, variance,
                                                                                    epsilon, partial);
  SIMSIAM_CUDA_LAUNCHED();
  gradCoefficientsKernel<<<gridStrideBlocks(C, 128), 128, 0, stream>>>(partial, blocks, C, M, gamma, variance, dMean,
                                                                dVariance, epsilon, dgamma, dbeta, coef);
  SIMSIAM_CUDA_LAUNCHED();
  gradApplyKernel<<<gridStrideBlocks(M * C), kThreads, 0, stream>>>(dy, x, M * C, C, mean, coef, dx);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
