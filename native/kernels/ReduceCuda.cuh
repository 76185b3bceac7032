// The CUDA reduction machinery shared by Reduce.cu (Sum, Mean, Max, Min) and
// ArgMinMax.cu (ArgMax, ArgMin). Included by .cu files only.
//
// x is reduced in place (no transpose): the dimensions are merged into runs
// of kept and reduced dimensions, output j decodes over the kept runs and the
// reduced index r over the reduced runs (mixed radix; no division where a
// side has a single run, the common case). Two kernels:
//  - rows: the innermost run is reduced (contiguous): a warp (short rows) or
//    a block (long rows) per output, threads striding over r;
//  - columns: the innermost run is kept (per-channel [M, C] -> [C]): a block
//    of bx x by threads, bx consecutive outputs (coalesced) times by lanes
//    over r, combined through shared memory.
// When there are too few outputs to fill the GPU the reduced range is split
// into chunks (grid.y); each chunk writes a partial result to the workspace
// and a last kernel combines the chunks in order. All splits depend on the
// shape only, so a result is reproducible and the same on every GPU.
//
// A policy P defines Acc, identity(), load(v, r), combine(a, b) (associative
// and commutative, so any tree gives the fold's result: double addition for
// sums, a total order with index tie-breaking for max/min) and shfl(a, o).
#pragma once
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels/TensorShape.h"
#include "util/CudaCheck.h"

namespace simsiam {
namespace reduce_cuda {

constexpr int kThreads = 256;
// Blocks to aim for before splitting the reduced range (a few per SM).
constexpr int64_t kTargetBlocks = 512;
constexpr int64_t kMaxChunks = 1024;
// Fewest reduced elements per chunk (rows kernel) / reduced rows (columns).
constexpr int64_t kMinRowChunk = 4096;
constexpr int64_t kMinColumnChunk = 256;

struct Dims {
  int n = 0;
  int64_t size[kMaxRank] = {};
  int64_t stride[kMaxRank] = {};
};

// The element offset of linear index i over dims d (row-major in d's order).
__host__ __device__ __forceinline__ int64_t offsetOf(const Dims& d, int64_t i) {
  if (d.n == 0) return 0;
  if (d.n == 1) return i * d.stride[0];
  int64_t off = 0;
  for (int k = d.n - 1; k > 0; --k) {
    const int64_t q = i / d.size[k];
    off += (i - q * d.size[k]) * d.stride[k];
    i = q;
  }
  return off + i * d.stride[0];
}

struct Plan {
  Dims kept, red;  // kept: all kept runs (rows) or all but the inner one (columns)
  bool rows = true;
  int64_t nOut = 0, nRed = 1, inner = 1, outerKept = 1;
  int64_t chunks = 1, chunkLen = 1;
  int group = 32;      // rows: threads per output
  int bx = 32, by = 8;  // columns
  int64_t blocks = 1;
};

inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

inline void setChunks(Plan& p, int64_t blocks, int64_t minChunk) {
  p.blocks = blocks;
  p.chunks = 1;
  if (blocks < kTargetBlocks) {
    const int64_t want = ceilDiv(kTargetBlocks, blocks);
    p.chunks = std::max<int64_t>(1, std::min({want, p.nRed / minChunk, kMaxChunks}));
  }
  p.chunkLen = ceilDiv(p.nRed, p.chunks);
  p.chunks = ceilDiv(p.nRed, p.chunkLen);
}

// dims/reduced: the shape (any rank <= kMaxRank); nOut == 0 for an empty x.
inline Plan makePlan(int rank, const int64_t* dims, const bool* reduced) {
  Plan p;
  struct Run { int64_t size; bool reduced; };
  std::vector<Run> runs;
  int64_t total = 1;
  for (int d = 0; d < rank; ++d) {
    total *= dims[d];
    if (dims[d] == 1) continue;
    if (!runs.empty() && runs.back().reduced == reduced[d])
      runs.back().size *= dims[d];
    else
      runs.push_back({dims[d], reduced[d]});
  }
  if (total == 0) return p;
  std::vector<int64_t> stride(runs.size());
  int64_t s = 1;
  for (int k = static_cast<int>(runs.size()) - 1; k >= 0; --k) {
    stride[k] = s;
    s *= runs[k].size;
  }
  p.rows = runs.empty() || runs.back().reduced;
  const size_t keptEnd = p.rows ? runs.size() : runs.size() - 1;
  p.nOut = 1;
  for (size_t k = 0; k < runs.size(); ++k) {
    Dims& d = runs[k].reduced ? p.red : p.kept;
    if (!runs[k].reduced && k >= keptEnd) continue;  // the inner kept run (columns)
    d.size[d.n] = runs[k].size;
    d.stride[d.n] = stride[k];
    ++d.n;
  }
  for (int k = 0; k < p.red.n; ++k) p.nRed *= p.red.size[k];
  for (int k = 0; k < p.kept.n; ++k) p.outerKept *= p.kept.size[k];
  if (p.rows) {
    p.nOut = p.outerKept;
    p.group = p.nRed >= 2048 ? kThreads : 32;
    setChunks(p, ceilDiv(p.nOut, kThreads / p.group), kMinRowChunk);
  } else {
    p.inner = runs.back().size;
    p.nOut = p.outerKept * p.inner;
    p.bx = 32;
    while (p.bx / 2 >= p.inner) p.bx /= 2;
    p.by = kThreads / p.bx;
    setChunks(p, p.outerKept * ceilDiv(p.inner, p.bx), kMinColumnChunk);
  }
  return p;
}

template <class P>
inline size_t workspaceBytes(const Plan& p) {
  return p.chunks > 1 ? static_cast<size_t>(p.chunks * p.nOut) * sizeof(typename P::Acc) : 0;
}

template <class P>
__device__ __forceinline__ typename P::Acc warpReduce(typename P::Acc a) {
  for (int o = 16; o > 0; o >>= 1) a = P::combine(a, P::shfl(a, o));
  return a;  // lane 0 holds the result
}

// F::finish(acc, count) -> Out.
template <class P, class F, class Out>
__global__ void rowsKernel(const float* __restrict__ x, Out* __restrict__ y, typename P::Acc* __restrict__ partial,
                           Dims kept, Dims red, int64_t nOut, int64_t nRed, int64_t chunkLen, int group) {
  using Acc = typename P::Acc;
  __shared__ Acc warpAcc[kThreads / 32];
  const int perBlock = blockDim.x / group;
  const int lane = threadIdx.x % group, g = threadIdx.x / group;
  const int64_t r0 = blockIdx.y * chunkLen, r1 = min(nRed, r0 + chunkLen);
  for (int64_t j0 = static_cast<int64_t>(blockIdx.x) * perBlock; j0 < nOut;
       j0 += static_cast<int64_t>(gridDim.x) * perBlock) {
    const int64_t j = j0 + g;
    Acc acc = P::identity();
    if (j < nOut) {
      const float* xj = x + offsetOf(kept, j);
      for (int64_t r = r0 + lane; r < r1; r += group) acc = P::combine(acc, P::load(xj[offsetOf(red, r)], r));
    }
    acc = warpReduce<P>(acc);
    if (group > 32) {
      if (threadIdx.x % 32 == 0) warpAcc[threadIdx.x / 32] = acc;
      __syncthreads();
      if (threadIdx.x < 32) {
        acc = threadIdx.x < blockDim.x / 32 ? warpAcc[threadIdx.x] : P::identity();
        acc = warpReduce<P>(acc);
      }
      __syncthreads();
    }
    if (lane == 0 && j < nOut) {
      if (partial)
        partial[blockIdx.y * nOut + j] = acc;
      else
        y[j] = F::finish(acc, static_cast<double>(nRed));
    }
  }
}

template <class P, class F, class Out>
__global__ void columnsKernel(const float* __restrict__ x, Out* __restrict__ y, typename P::Acc* __restrict__ partial,
                              Dims kept, Dims red, int64_t inner, int64_t outerKept, int64_t nRed, int64_t chunkLen) {
  using Acc = typename P::Acc;
  __shared__ Acc tile[kThreads];
  const int bx = blockDim.x, by = blockDim.y, tx = threadIdx.x, ty = threadIdx.y;
  const int64_t r0 = blockIdx.y * chunkLen, r1 = min(nRed, r0 + chunkLen);
  const int64_t tilesPerRow = (inner + bx - 1) / bx, tiles = outerKept * tilesPerRow;
  for (int64_t t = blockIdx.x; t < tiles; t += gridDim.x) {
    const int64_t ko = t / tilesPerRow, i = (t - ko * tilesPerRow) * bx + tx;
    Acc acc = P::identity();
    if (i < inner) {
      const float* xj = x + offsetOf(kept, ko) + i;
      for (int64_t r = r0 + ty; r < r1; r += by) acc = P::combine(acc, P::load(xj[offsetOf(red, r)], r));
    }
    tile[ty * bx + tx] = acc;
    __syncthreads();
    if (ty == 0 && i < inner) {
      for (int k = 1; k < by; ++k) acc = P::combine(acc, tile[k * bx + tx]);
      const int64_t j = ko * inner + i;
      if (partial)
        partial[blockIdx.y * (outerKept * inner) + j] = acc;
      else
        y[j] = F::finish(acc, static_cast<double>(nRed));
    }
    __syncthreads();
  }
}

template <class P, class F, class Out>
__global__ void combineChunksKernel(const typename P::Acc* __restrict__ partial, Out* __restrict__ y, int64_t nOut,
                                    int64_t chunks, int64_t nRed) {
  for (int64_t j = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; j < nOut;
       j += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    typename P::Acc acc = partial[j];
    for (int64_t c = 1; c < chunks; ++c) acc = P::combine(acc, partial[c * nOut + j]);
    y[j] = F::finish(acc, static_cast<double>(nRed));
  }
}

inline unsigned gridOf(int64_t blocks) {
  return static_cast<unsigned>(std::max<int64_t>(1, std::min<int64_t>(blocks, int64_t{1} << 20)));
}

// Runs plan p; workspace: workspaceBytes<P>(p) bytes.
template <class P, class F, class Out>
int run(const Plan& p, const float* x, Out* y, void* workspace, cudaStream_t st) {
  if (p.nOut == 0) return 0;
  using Acc = typename P::Acc;
  Acc* partial = p.chunks > 1 ? static_cast<Acc*>(workspace) : nullptr;
  if (p.chunks > 1 && !partial) return static_cast<int>(cudaErrorInvalidValue);
  const dim3 grid(gridOf(p.blocks), static_cast<unsigned>(p.chunks));
  if (p.rows) {
    rowsKernel<P, F, Out><<<grid, kThreads, 0, st>>>(x, y, partial, p.kept, p.red, p.nOut, p.nRed, p.chunkLen, p.group);
  } else {
    columnsKernel<P, F, Out><<<grid, dim3(p.bx, p.by), 0, st>>>(x, y, partial, p.kept, p.red, p.inner, p.outerKept,
                                                                 p.nRed, p.chunkLen);
  }
  SIMSIAM_CUDA_LAUNCHED();
  if (partial) {
    combineChunksKernel<P, F, Out><<<gridOf(ceilDiv(p.nOut, kThreads)), kThreads, 0, st>>>(partial, y, p.nOut, p.chunks,
                                                                                           p.nRed);
    SIMSIAM_CUDA_LAUNCHED();
  }
  return 0;
}

// ---- policies -------------------------------------------------------------

struct SumPolicy {
  using Acc = double;
  static __host__ __device__ __forceinline__ Acc identity() { return 0.0; }
  static __host__ __device__ __forceinline__ Acc load(float v, int64_t) { return static_cast<double>(v); }
  static __host__ __device__ __forceinline__ Acc combine(Acc a, Acc b) { return a + b; }
  static __device__ __forceinline__ Acc shfl(Acc a, int o) { return __shfl_down_sync(0xffffffffu, a, o); }
};

// A candidate of max/min: its class (higher wins: 2 NaN that wins, 1 a
// number, 0 a NaN that loses, -1 none), then its value, then the lower index.
struct Candidate {
  float v;
  int cls;
  long long r;
};

// kMax: larger values win. kArg: tfjs's ArgMax/ArgMin fold (`if (v > best)`
// from the first element): a NaN first element wins, later NaNs never do.
// Otherwise (Max/Min: `if (isNaN(v) || v > best)`) any NaN wins, and of two
// NaNs the later one (the fold keeps the last: its sign and payload come out
// as the CPU reference's); among equal values (-0 == +0) the first wins in both.
template <bool kMax, bool kArg>
struct ExtremePolicy {
  using Acc = Candidate;
  static __host__ __device__ __forceinline__ Acc identity() { return {0.f, -1, 0x7fffffffffffffffLL}; }
  static __host__ __device__ __forceinline__ Acc load(float v, int64_t r) {
    const int cls = v != v ? (kArg && r != 0 ? 0 : 2) : 1;
    return {v, cls, static_cast<long long>(r)};
  }
  static __host__ __device__ __forceinline__ Acc combine(Acc a, Acc b) {
    if (a.cls != b.cls) return a.cls > b.cls ? a : b;
    if (a.cls == 1 && a.v != b.v) return (kMax ? a.v > b.v : a.v < b.v) ? a : b;
    if (!kArg && a.cls == 2) return a.r >= b.r ? a : b;
    return a.r <= b.r ? a : b;
  }
  static __device__ __forceinline__ Acc shfl(Acc a, int o) {
    return {__shfl_down_sync(0xffffffffu, a.v, o), __shfl_down_sync(0xffffffffu, a.cls, o),
            __shfl_down_sync(0xffffffffu, a.r, o)};
  }
};

}  // namespace reduce_cuda
}  // namespace simsiam
