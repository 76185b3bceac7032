// BatchNorm in training mode over x viewed as [M, C] (NHWC: M = N*H*W rows,
// C channels): batch mean and biased variance per channel, y = gamma * xhat +
// beta with xhat = (x - mean) / sqrt(var + eps); and the backward pass.
// Two passes each way instead of tfjs-layers' ~30 broadcasting ops.
#pragma once
#include <cstdint>

namespace simsiam {

void batchNormTrainingCpu(const float* x, int64_t M, int64_t C, const float* gamma, const float* beta,
                          float epsilon, float* y, float* mean, float* variance);

// dx, dgamma, dbeta from dy; dMean / dVariance (gradients reaching the mean and
// variance outputs) may be null (= zero).
void batchNormTrainingGradCpu(const float* dy, const float* x, int64_t M, int64_t C, const float* gamma,
                              const float* mean, const float* variance, const float* dMean,
                              const float* dVariance, float epsilon, float* dx, float* dgamma, float* dbeta);

// The phases of the two above, for SyncBatchNorm (src/distributed/): the
// per-channel sums a data-parallel run adds up over its workers between them.
// With one worker they give the very results of the two above.
//   forward:  sums = [sum x] (center null) or [sum (x - center)^2], in double;
//             mean = sum / count, variance = sum (x - mean)^2 / count over all workers' rows;
//             y = gamma * (x - mean) / sqrt(variance + eps) + beta
//   backward: sums = [sum dy, sum dy * xhat] (2C) over all workers' rows;
//             dx from them and the total row count; dgamma, dbeta = this worker's sums
void batchNormSumsCpu(const float* x, int64_t M, int64_t C, const float* center, double* sums);
void batchNormApplyCpu(const float* x, int64_t M, int64_t C, const float* gamma, const float* beta,
                       const float* mean, const float* variance, float epsilon, float* y);
void batchNormGradSumsCpu(const float* dy, const float* x, int64_t M, int64_t C, const float* mean,
                          const float* variance, float epsilon, double* sums);
void batchNormGradApplyCpu(const float* dy, const float* x, int64_t M, int64_t C, const float* gamma,
                           const float* mean, const float* variance, const double* sums, double count,
                           const float* dMean, const float* dVariance, float epsilon, float* dx);

// CUDA (BatchNormTraining.cu): the same sums in the same order as the CPU
// reference (float over blocks of kBatchNormRowBlock rows, double across the
// blocks in block order), so results are deterministic and match it up to
// fused multiply-adds. Device pointers; `workspace` holds
// batchNormTrainingWorkspace(M, C) floats. Return a cudaError_t as int.
constexpr int64_t kBatchNormRowBlock = 256;
int64_t batchNormTrainingWorkspace(int64_t M, int64_t C);
int batchNormTrainingCuda(const float* x, int64_t M, int64_t C, const float* gamma, const float* beta,
                          float epsilon, float* y, float* mean, float* variance, float* workspace, void* stream);
int batchNormTrainingGradCuda(const float* dy, const float* x, int64_t M, int64_t C, const float* gamma,
                              const float* mean, const float* variance, const float* dMean,
                              const float* dVariance, float epsilon, float* dx, float* dgamma, float* dbeta,
                              float* workspace, void* stream);

}  // namespace simsiam
