// TopK over rows (CPU reference: TopK.cc; the rank key: TopK.h). A block per
// row: a radix select finds the k-th largest 64-bit key 8 bits at a time
// (a shared histogram per pass, warp-aggregated atomics; it stops as soon as
// the remaining candidates are exactly the ones needed, so the index half of
// the key is only looked at when values tie at the threshold), then the k
// survivors are gathered into shared memory and bitonic-sorted by key. Keys
// are unique, so the result is exactly the CPU reference's.
#include <cuda_runtime.h>

#include "kernels/TopK.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kThreads = 512;

__global__ void topKKernel(const float* __restrict__ x, float* __restrict__ values, int32_t* __restrict__ indices,
                           int64_t rows, int64_t n, int64_t k, int kpad) {
  extern __shared__ unsigned long long selected[];  // kpad keys
  __shared__ unsigned hist[256];
  __shared__ unsigned long long prefixS, maskS;
  __shared__ long long kRemS;
  __shared__ int doneS;
  __shared__ unsigned slots;
  const int tid = threadIdx.x, lane = tid % 32;
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const float* xr = x + row * n;
    unsigned long long prefix = 0, mask = 0;  // the bits of the k-th key found so far
    long long kRem = k;                       // of the keys matching prefix, how many are taken
    if (k < n) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        __syncthreads();
        for (int i = tid; i < 256; i += blockDim.x) hist[i] = 0;
        __syncthreads();
        // Whole warps run every iteration (blockDim is a multiple of 32), so
        // the match below always has the full mask.
        for (int64_t base = 0; base < n; base += blockDim.x) {
          const int64_t i = base + tid;
          unsigned bin = 256u;  // no bin
          if (i < n) {
            const unsigned long long key = topKKey(xr[i], i);
            if ((key & mask) == prefix) bin = static_cast<unsigned>((key >> shift) & 0xff);
          }
          const unsigned peers = __match_any_sync(0xffffffffu, bin);
          if (bin < 256 && lane == __ffs(peers) - 1) atomicAdd(&hist[bin], static_cast<unsigned>(__popc(peers)));
        }
        __syncthreads();
        if (tid == 0) {
          long long above = 0;
          int d = 255;
          for (; d > 0; --d) {
            if (above + hist[d] >= kRem) break;
            above += hist[d];
          }
          kRemS = kRem - above;
          prefixS = prefix | (static_cast<unsigned long long>(d) << shift);
          maskS = mask | (0xffull << shift);
          doneS = static_cast<long long>(hist[d]) == kRem - above;
        }
        __syncthreads();
        prefix = prefixS;
        mask = maskS;
        kRem = kRemS;
        if (doneS) break;
      }
    }
    // The keys above the threshold and the remaining candidates: k in all.
    __syncthreads();
    if (tid == 0) slots = 0;
    for (int i = static_cast<int>(k) + tid; i < kpad; i += blockDim.x) selected[i] = 0;  // below every key
    __syncthreads();
    for (int64_t i = tid; i < n; i += blockDim.x) {
      const unsigned long long key = topKKey(xr[i], i);
      if ((key & mask) >= prefix) {
        const unsigned pos = atomicAdd(&slots, 1u);
        if (pos < static_cast<unsigned>(k)) selected[pos] = key;
      }
    }
    // Bitonic sort, decreasing.
    for (int size = 2; size <= kpad; size <<= 1)
      for (int stride = size >> 1; stride > 0; stride >>= 1) {
        __syncthreads();
        for (int t = tid; t < kpad / 2; t += blockDim.x) {
          const int lo = 2 * stride * (t / stride) + t % stride, hi = lo + stride;
          const unsigned long long a = selected[lo], b = selected[hi];
          const bool decreasing = (lo & size) == 0;
          if (decreasing ? a < b : a > b) {
            selected[lo] = b;
            selected[hi] = a;
          }
        }
      }
    __syncthreads();
    for (int j = tid; j < k; j += blockDim.x) {
      const int64_t i = topKIndexOf(selected[j]);
      values[row * k + j] = xr[i];
      indices[row * k + j] = static_cast<int32_t>(i);
    }
  }
}

}  // namespace

int topKCuda(const float* x, float* values, int32_t* indices, int64_t rows, int64_t n, int64_t k, void* stream) {
  if (rows == 0 || k == 0) return 0;
  if (k > kTopKMaxK || k > n || n >= (int64_t{1} << 31)) return static_cast<int>(cudaErrorInvalidValue);
  int kpad = 1;
  while (kpad < k) kpad <<= 1;
  const unsigned grid = static_cast<unsigned>(rows < (int64_t{1} << 20) ? rows : (int64_t{1} << 20));
  topKKernel<<<grid, kThreads, kpad * sizeof(unsigned long long), static_cast<cudaStream_t>(stream)>>>(
      x, values, indices, rows, n, k, kpad);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
