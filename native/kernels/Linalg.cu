// CUDA kernels of the device matrix products and convolutions (CPU
// references: Linalg.cc; per-element work shared in LinalgOps.h): a tiled
// SGEMM (used without cuBLAS), im2col / col2im (convolutions without cuDNN),
// a tiled transpose (filter layouts for cuDNN), the bias/activation epilogue
// and an NHWC pad/crop window (asymmetric padding for cuDNN).
#include <cuda_runtime.h>

#include <algorithm>

#include "kernels/Linalg.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 256;



// 64 x 64 tile of C per block of 256 threads, 4 x 4 values per thread,
// depth in steps of 16 through shared memory.
constexpr int kTile = 64, kDepthStep = 16;

__global__ void sgemmTiledKernel(GemmArgs g, const float* __restrict__ a, const float* __restrict__ b,
                                 float* __restrict__ c, int64_t batch0, int64_t tileRow0) {
  __shared__ float As[kDepthStep][kTile + 4];
  __shared__ float Bs[kDepthStep][kTile + 4];
  const int64_t z = batch0 + blockIdx.z;
  a += z * g.strideA;
  b += z * g.strideB;
  c += z * g.strideC;
  const int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;
  const int64_t i0 = (tileRow0 + blockIdx.y) * kTile, j0 = static_cast<int64_t>(blockIdx.x) * kTile;
  float acc[4][4] = {};
  for (int64_t k0 = 0; k0 < g.K; k0 += kDepthStep) {
    // Consecutive threads read consecutive addresses: along the depth where
    // it is the operand's contiguous dimension, else along rows / columns.
    for (int e = tid; e < kTile * kDepthStep; e += kThreads) {
      const int r = g.transA ? e % kTile : e / kDepthStep, kk = g.transA ? e / kTile : e % kDepthStep;
      const int64_t i = i0 + r, k = k0 + kk;
      As[kk][r] = (k < g.K && i < g.M) ? (g.transA ? a[k * g.lda + i] : a[i * g.lda + k]) : 0.f;
    }
    for (int e = tid; e < kTile * kDepthStep; e += kThreads) {
      const int r = g.transB ? e / kDepthStep : e % kTile, kk = g.transB ? e % kDepthStep : e / kTile;
      const int64_t j = j0 + r, k = k0 + kk;
      Bs[kk][r] = (k < g.K && j < g.N) ? (g.transB ? b[j * g.ldb + k] : b[k * g.ldb + j]) : 0.f;
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < kDepthStep; ++kk) {
      float ar[4], br[4];
#pragma unroll
      for (int u = 0; u < 4; ++u) {
        ar[u] = As[kk][ty * 4 + u];
        br[u] = Bs[kk][tx + 16 * u];
      }
#pragma unroll
      for (int u = 0; u < 4; ++u)
#pragma unroll
        for (int v = 0; v < 4; ++v) acc[u][v] = fmaf(ar[u], br[v], acc[u][v]);
    }
    __syncthreads();
  }
#pragma unroll
  for (int u = 0; u < 4; ++u) {
    const int64_t i = i0 + ty * 4 + u;
    if (i >= g.M) continue;
#pragma unroll
    for (int v = 0; v < 4; ++v) {
      const int64_t j = j0 + tx + 16 * v;
      if (j >= g.N) continue;
      float* p = c + i * g.ldc + j;
      *p = g.accumulate ? *p + acc[u][v] : acc[u][v];
    }
  }
}

__global__ void im2colKernel(ConvGeometry g, const float* __restrict__ x, int64_t b0, int64_t depth, int64_t n,
                             float* __restrict__ col) {
  SIMSIAM_GRID_STRIDE(idx, n) { col[idx] = im2colValue(g, x, b0, idx / depth, idx % depth); }
}

__global__ void col2imKernel(ConvGeometry g, const float* __restrict__ col, int64_t n, float* __restrict__ x) {
  SIMSIAM_GRID_STRIDE(i, n) { x[i] = col2imValue(g, col, i); }
}

// 32 x 32 tiles through shared memory; tiles walked by a grid-stride loop.
__global__ void transposeKernel(const float* __restrict__ in, int64_t rows, int64_t cols, float* __restrict__ out) {
  __shared__ float tile[32][33];
  const int64_t tileRows = (rows + 31) / 32, tileCols = (cols + 31) / 32;
  for (int64_t t = blockIdx.x; t < tileRows * tileCols; t += gridDim.x) {
    const int64_t r0 = (t / tileCols) * 32, c0 = (t % tileCols) * 32;
    for (int k = threadIdx.y; k < 32; k += blockDim.y) {
      const int64_t r = r0 + k, cc = c0 + threadIdx.x;
      if (r < rows && cc < cols) tile[k][threadIdx.x] = in[r * cols + cc];
    }
    __syncthreads();
    for (int k = threadIdx.y; k < 32; k += blockDim.y) {
      const int64_t cc = c0 + k, r = r0 + threadIdx.x;
      if (r < rows && cc < cols) out[cc * rows + r] = tile[threadIdx.x][k];
    }
    __syncthreads();
  }
}

__global__ void epilogueKernel(EpilogueArgs e, float* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) { y[i] = epilogueValue(e, y[i], i); }
}

__global__ void windowKernel(WindowArgs a, const float* __restrict__ in, int64_t n, float* __restrict__ out) {
  SIMSIAM_GRID_STRIDE(i, n) { out[i] = windowValue(a, in, i); }
}

}  // namespace

int sgemmTiledCuda(const GemmArgs& g, const float* a, const float* b, float* c, void* stream) {
  if (g.M == 0 || g.N == 0 || g.batch == 0) return 0;
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  const int64_t tilesM = (g.M + kTile - 1) / kTile, tilesN = (g.N + kTile - 1) / kTile;
  // grid y and z are at most 65535: over 4M rows (a 1x1 convolution of a
  // large batch) or 65535 matrices take several launches.
  for (int64_t z0 = 0; z0 < g.batch; z0 += 65535)
    for (int64_t t0 = 0; t0 < tilesM; t0 += 65535) {
      const dim3 grid(static_cast<unsigned>(tilesN), static_cast<unsigned>(std::min<int64_t>(65535, tilesM - t0)),
                      static_cast<unsigned>(std::min<int64_t>(65535, g.batch - z0)));
      sgemmTiledKernel<<<grid, kThreads, 0, st>>>(g, a, b, c, z0, t0);
      SIMSIAM_CUDA_LAUNCHED();
    }
  return 0;
}

int im2colCuda(const ConvGeometry& g, const float* x, int64_t b0, int64_t b1, float* col, void* stream) {
  const int64_t depth = g.depth(), n = (b1 - b0) * g.outH * g.outW * depth;
  if (n == 0) return 0;
  im2colKernel<<<gridStrideBlocks(n), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(g, x, b0, depth, n, col);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

int col2imCuda(const ConvGeometry& g, const float* col, int64_t images, float* x, void* stream) {
  const int64_t n = images * g.inH * g.inW * g.inC;
  if (n == 0) return 0;
  col2imKernel<<<gridStrideBlocks(n), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(g, col, n, x);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

int transposeCuda(const float* in, int64_t rows, int64_t cols, float* out, void* stream) {
  if (rows == 0 || cols == 0) return 0;
  const int64_t tiles = ((rows + 31) / 32) * ((cols + 31) / 32);
  const unsigned grid = static_cast<unsigned>(std::min<int64_t>(tiles, 1 << 16));
  transposeKernel<<<grid, dim3(32, 8), 0, static_cast<cudaStream_t>(stream)>>>(in, rows, cols, out);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

int epilogueCuda(const EpilogueArgs& e, float* y, int64_t n, void* stream) {
  if (n == 0 || e.isIdentity()) return 0;
  epilogueKernel<<<gridStrideBlocks(n), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(e, y, n);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

int windowCuda(const WindowArgs& a, const float* in, float* out, void* stream) {
  const int64_t n = a.batch * a.outH * a.outW * a.channels;
  if (n == 0) return 0;
  windowKernel<<<gridStrideBlocks(n), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(a, in, n, out);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
