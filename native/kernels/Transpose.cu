// Transpose (CPU reference: Transpose.cc). A batched 2-D transpose
// ([B, R, C] -> [B, C, R]) goes through 32 x 32 tiles in shared memory, so
// both the reads and the writes are coalesced; any other permutation is the
// strided copy of Slice.cu (coalesced writes; reads coalesced when the
// innermost axis stays innermost).
#include <cuda_runtime.h>

#include "kernels/MovementUnits.cuh"
#include "kernels/Transpose.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kTile = 32, kRows = 8;

template <typename T>
__global__ void transposeTiledKernel(const T* __restrict__ x, T* __restrict__ y, int64_t batches, int64_t R,
                                     int64_t C) {
  __shared__ T tile[kTile][kTile + 1];
  const int64_t c0 = static_cast<int64_t>(blockIdx.x) * kTile;
  for (int64_t b = blockIdx.z; b < batches; b += gridDim.z) {
    const T* xb = x + b * R * C;
    T* yb = y + b * R * C;
    for (int64_t r0 = static_cast<int64_t>(blockIdx.y) * kTile; r0 < R; r0 += static_cast<int64_t>(gridDim.y) * kTile) {
      for (int j = threadIdx.y; j < kTile; j += kRows) {
        const int64_t r = r0 + j, c = c0 + threadIdx.x;
        if (r < R && c < C) tile[j][threadIdx.x] = xb[r * C + c];
      }
      __syncthreads();
      for (int j = threadIdx.y; j < kTile; j += kRows) {
        const int64_t c = c0 + j, r = r0 + threadIdx.x;
        if (c < C && r < R) yb[c * R + r] = tile[threadIdx.x][j];
      }
      __syncthreads();
    }
  }
}

template <typename T>
int launchTiled(const void* x, void* y, int64_t b, int64_t r, int64_t c, cudaStream_t st) {
  const int64_t gx = (c + kTile - 1) / kTile, gy = (r + kTile - 1) / kTile;
  if (gx > 0x7fffffff) return static_cast<int>(cudaErrorInvalidValue);
  const dim3 grid(static_cast<unsigned>(gx), static_cast<unsigned>(gy < 65535 ? gy : 65535),
                  static_cast<unsigned>(b < 65535 ? b : 65535));
  transposeTiledKernel<T><<<grid, dim3(kTile, kRows), 0, st>>>(static_cast<const T*>(x), static_cast<T*>(y), b, r, c);
  return 0;
}

}  // namespace

int transposeCuda(const TransposeShape& shape, size_t elemBytes, const void* x, void* y, void* stream) {
  if (shapeSize(shape.dims, shape.rank) == 0) return 0;
  const TransposeShape c = collapseTranspose(shape);
  int64_t b = 0, r = 0, cols = 0;
  // Every unit size (1 to 16 bytes) has a tiled kernel; another element
  // size takes the strided copy.
  int err = 0;
  if (batchedTranspose2D(c, &b, &r, &cols) &&
      withUnit(static_cast<int>(elemBytes), [&](auto u) {
        err = launchTiled<decltype(u)>(x, y, b, r, cols, static_cast<cudaStream_t>(stream));
      })) {
    if (err) return err;
    SIMSIAM_CUDA_LAUNCHED();
    return 0;
  }
  return stridedCopyCuda(transposeCopy(c), elemBytes, x, y, stream);
}

}  // namespace simsiam
