// CUDA kernels for the fused augmentation; CPU reference in SimSiamAugment.cc,
// per-pixel steps shared through AugmentPixel.h.
//   contrastMeanKernel  one block per view: gray mean of the image as it stands
//                       before the contrast step (only views that jitter).
//   augmentTileKernel   one block per T x T output tile of a view: views
//                       without blur compute and write their pixels directly;
//                       views with blur compute the tile plus a reflected halo
//                       into shared memory, blur rows then columns there, and
//                       write normalised pixels once.
//   toUint8Kernel       an int32/float32 image tensor on the device -> RGB8.
#include <cuda_runtime.h>

#include "kernels/AugmentPixel.h"
#include "kernels/SimSiamAugment.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;
constexpr int kMaxKernel = 255;
constexpr int64_t kMaxGridZ = 65535;

__device__ __forceinline__ void writeNormalised(Rgb c, const AugmentConfig& cfg, float* o) {
  o[0] = (c.r - cfg.mean[0]) / cfg.std[0];
  o[1] = (c.g - cfg.mean[1]) / cfg.std[1];
  o[2] = (c.b - cfg.mean[2]) / cfg.std[2];
}

__global__ void contrastMeanKernel(const uint8_t* pixels, const int64_t* offsets, const int32_t* widths,
                                   const ViewParams* params, AugmentConfig cfg, float* means) {
  const int i = blockIdx.x;
  const ViewParams p = params[i];
  const int at = contrastStep(p);
  if (at == 4) {
    if (threadIdx.x == 0) means[i] = 0.f;
    return;
  }
  const int S = cfg.size;
  const uint8_t* src = pixels + offsets[i];
  const int stride = widths[i] * 3;
  float sum = 0.f;
  for (int idx = threadIdx.x; idx < S * S; idx += blockDim.x) {
    const Rgb c = jitterSteps(samplePixel(src, stride, p, S, idx % S, idx / S), p, 0, at, 0.f);
    sum += grayOf(c);
  }
  __shared__ float partial[kThreads / 32];
  for (int o = 16; o > 0; o >>= 1) sum += __shfl_xor_sync(0xffffffffu, sum, o);
  if ((threadIdx.x & 31) == 0) partial[threadIdx.x >> 5] = sum;
  __syncthreads();
  if (threadIdx.x == 0) {
    float total = 0.f;
    for (int w = 0; w < kThreads / 32; ++w) total += partial[w];
    means[i] = total / static_cast<float>(S * S);
  }
}

__device__ __forceinline__ Rgb colourAt(const uint8_t* src, int stride, const ViewParams& p, int S, int x,
                                        int y, int at, float mean) {
  Rgb c = samplePixel(src, stride, p, S, x, y);
  // The steps before the contrast step: all of them when the order has none.
  if (p.jitter) c = jitterSteps(c, p, 0, at, 0.f);
  return finishColour(c, p, at, mean);
}

// blockDim = (T, kThreads / T); dynamic shared memory = region + rows + weights.
__global__ void augmentTileKernel(const uint8_t* pixels, const int64_t* offsets, const int32_t* widths,
                                  const ViewParams* params, const float* means, AugmentConfig cfg,
                                  int kernelSize, float* out) {
  extern __shared__ float smem[];
  const int T = blockDim.x, i = blockIdx.z, S = cfg.size;
  const int x0 = blockIdx.x * T, y0 = blockIdx.y * T;
  const ViewParams p = params[i];
  const uint8_t* src = pixels + offsets[i];
  const int stride = widths[i] * 3;
  const int at = contrastStep(p);
  const float mean = means[i];
  float* dst = out + static_cast<int64_t>(i) * S * S * 3;
  const int tid = threadIdx.y * T + threadIdx.x, nthreads = T * blockDim.y;

  if (p.blurSigma <= 0.f) {
    for (int ty = threadIdx.y; ty < T; ty += blockDim.y) {
      const int x = x0 + threadIdx.x, y = y0 + ty;
      if (x < S && y < S)
        writeNormalised(colourAt(src, stride, p, S, x, y, at, mean), cfg, dst + (static_cast<int64_t>(y) * S + x) * 3);
    }
    return;
  }

  const int r = kernelSize / 2, E = T + 2 * r;
  Rgb* region = reinterpret_cast<Rgb*>(smem);  // E x E
  Rgb* rows = region + E * E;                  // E x T, blurred along x
  float* w = reinterpret_cast<float*>(rows + E * T);
  if (tid == 0) gaussianWeights(p.blurSigma, kernelSize, w);
  for (int e = tid; e < E * E; e += nthreads) {
    const int gx = x0 - r + e % E, gy = y0 - r + e / E;
    if (gx < S + r && gy < S + r)  // beyond that no output of this tile reads it
      region[e] = colourAt(src, stride, p, S, reflectIndex(gx, S), reflectIndex(gy, S), at, mean);
  }
  __syncthreads();
  for (int e = tid; e < E * T; e += nthreads) {
    const int ey = e / T, tx = e % T;
    if (x0 + tx >= S || y0 - r + ey >= S + r) continue;
    Rgb s{0.f, 0.f, 0.f};
    for (int t = 0; t < kernelSize; ++t) {
      const Rgb c = region[ey * E + tx + t];
      s.r += w[t] * c.r;
      s.g += w[t] * c.g;
      s.b += w[t] * c.b;
    }
    rows[e] = s;
  }
  __syncthreads();
  for (int ty = threadIdx.y; ty < T; ty += blockDim.y) {
    const int x = x0 + threadIdx.x, y = y0 + ty;
    if (x >= S || y >= S) continue;
    Rgb s{0.f, 0.f, 0.f};
    for (int t = 0; t < kernelSize; ++t) {
      const Rgb c = rows[(ty + t) * T + threadIdx.x];
      s.r += w[t] * c.r;
      s.g += w[t] * c.g;
      s.b += w[t] * c.b;
    }
    writeNormalised(s, cfg, dst + (static_cast<int64_t>(y) * S + x) * 3);
  }
}

size_t tileSharedBytes(int T, int kernelSize) {
  const size_t E = static_cast<size_t>(T) + 2 * (kernelSize / 2);
  return (E * E + E * T) * sizeof(Rgb) + kernelSize * sizeof(float);
}

template <typename T>
__global__ void toUint8Kernel(const T* __restrict__ x, int64_t n, uint8_t* __restrict__ y) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    y[i] = clampToUint8(x[i]);
}

template <typename T>
int toUint8(const T* x, int64_t n, uint8_t* y, void* stream) {
  if (n <= 0) return 0;
  const int64_t b = (n + kThreads - 1) / kThreads;
  toUint8Kernel<T><<<static_cast<unsigned>(b < (1 << 20) ? b : (1 << 20)), kThreads, 0,
                     static_cast<cudaStream_t>(stream)>>>(x, n, y);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace

int augmentViewsCudaWorkspace(const uint8_t* pixels, const int64_t* offsets, const int32_t* heights,
                              const int32_t* widths, const ViewParams* params, int64_t n,
                              const AugmentConfig& cfg, float* out, float* means, void* streamPtr) {
  (void)heights;  // crops are validated against the sizes on the host
  cudaStream_t stream = static_cast<cudaStream_t>(streamPtr);
  if (n <= 0) return 0;
  const int S = cfg.size, k = blurKernelSize(S);
  if (S <= k / 2 || k > kMaxKernel) return static_cast<int>(cudaErrorInvalidValue);
  contrastMeanKernel<<<static_cast<unsigned>(n), kThreads, 0, stream>>>(pixels, offsets, widths, params, cfg, means);
  SIMSIAM_CUDA_LAUNCHED();

  int device = 0, maxShared = 0;
  SIMSIAM_CUDA_TRY(cudaGetDevice(&device));
  SIMSIAM_CUDA_TRY(cudaDeviceGetAttribute(&maxShared, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
  int T = 32;
  while (T > 8 && tileSharedBytes(T, k) > static_cast<size_t>(maxShared)) T /= 2;
  const size_t shared = tileSharedBytes(T, k);
  if (shared > static_cast<size_t>(maxShared)) return static_cast<int>(cudaErrorInvalidConfiguration);
  SIMSIAM_CUDA_TRY(cudaFuncSetAttribute(augmentTileKernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                        static_cast<int>(shared)));
  const unsigned tiles = static_cast<unsigned>((S + T - 1) / T);
  const int64_t viewSize = static_cast<int64_t>(S) * S * 3;
  // gridDim.z is at most 65535: launch the views in chunks.
  for (int64_t base = 0; base < n; base += kMaxGridZ) {
    const unsigned count = static_cast<unsigned>(n - base < kMaxGridZ ? n - base : kMaxGridZ);
    augmentTileKernel<<<dim3(tiles, tiles, count), dim3(T, kThreads / T), shared, stream>>>(
        pixels, offsets + base, widths + base, params + base, means + base, cfg, k, out + base * viewSize);
    SIMSIAM_CUDA_LAUNCHED();
  }
  return 0;
}

int toUint8Cuda(const float* x, int64_t n, uint8_t* y, void* stream) { return toUint8(x, n, y, stream); }
int toUint8Cuda(const int32_t* x, int64_t n, uint8_t* y, void* stream) { return toUint8(x, n, y, stream); }

}  // namespace simsiam
