// Transpose on any element size: y = x with its axes permuted, out[i] =
// dims[perm[i]] (tfjs's Transpose; CPU reference Transpose.cc, CUDA
// Transpose.cu). Axes that stay neighbours merge first; a batched 2-D
// transpose ([B, R, C] -> [B, C, R], NHWC <-> NCHW included) runs a tiled
// kernel (AVX 8 x 8 blocks on the CPU, util/Transpose.h, for 4-byte
// elements; 32 x 32 shared-memory tiles on CUDA); anything else is a strided
// copy (kernels/Movement.h).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/Movement.h"
#include "kernels/TensorShape.h"

namespace simsiam {

struct TransposeShape {
  int rank;
  int64_t dims[kMaxRank];  // of x
  int perm[kMaxRank];
};

void transposeCpu(const TransposeShape& s, size_t elemBytes, const void* x, void* y);

// CUDA: device pointers, stream a cudaStream_t; returns a cudaError_t as int.
int transposeCuda(const TransposeShape& s, size_t elemBytes, const void* x, void* y, void* stream);

// Size-1 axes dropped and output neighbours that are input neighbours
// (perm[i + 1] == perm[i] + 1) merged; rank >= 1 afterwards.
inline TransposeShape collapseTranspose(const TransposeShape& s) {
  // Drop size-1 axes.
  int newIndex[kMaxRank];
  TransposeShape a{0, {}, {}};
  for (int d = 0; d < s.rank; ++d) {
    newIndex[d] = -1;
    if (s.dims[d] != 1) {
      newIndex[d] = a.rank;
      a.dims[a.rank++] = s.dims[d];
    }
  }
  int k = 0;
  for (int i = 0; i < s.rank; ++i)
    if (newIndex[s.perm[i]] >= 0) a.perm[k++] = newIndex[s.perm[i]];
  if (a.rank == 0) return TransposeShape{1, {1}, {0}};
  // Groups of output axes that are consecutive input axes.
  int groupStart[kMaxRank], groupLen[kMaxRank], groups = 0;
  for (int i = 0; i < a.rank; ++i) {
    if (i > 0 && a.perm[i] == a.perm[i - 1] + 1) {
      ++groupLen[groups - 1];
    } else {
      groupStart[groups] = a.perm[i];
      groupLen[groups++] = 1;
    }
  }
  // Input order of the groups: by their first input axis.
  TransposeShape c{groups, {}, {}};
  for (int g = 0; g < groups; ++g) {
    int rank = 0;
    for (int h = 0; h < groups; ++h) rank += groupStart[h] < groupStart[g];
    c.perm[g] = rank;
    int64_t size = 1;
    for (int j = 0; j < groupLen[g]; ++j) size *= a.dims[groupStart[g] + j];
    c.dims[rank] = size;
  }
  return c;
}

// The transpose as a strided copy into a dense y.
inline StridedCopy transposeCopy(const TransposeShape& s) {
  int64_t xStride[kMaxRank];
  for (int64_t d = s.rank - 1, st = 1; d >= 0; --d) {
    xStride[d] = st;
    st *= s.dims[d];
  }
  StridedCopy c;
  c.rank = s.rank;
  for (int64_t i = s.rank - 1, st = 1; i >= 0; --i) {
    c.size[i] = s.dims[s.perm[i]];
    c.xStride[i] = xStride[s.perm[i]];
    c.yStride[i] = st;
    st *= c.size[i];
  }
  return c;
}

// A collapsed transpose that is x [B, R, C] -> y [B, C, R]: sets B, R, C.
inline bool batchedTranspose2D(const TransposeShape& c, int64_t* b, int64_t* r, int64_t* cols) {
  if (c.rank == 2 && c.perm[0] == 1) {
    *b = 1, *r = c.dims[0], *cols = c.dims[1];
    return true;
  }
  if (c.rank == 3 && c.perm[0] == 0 && c.perm[1] == 2) {
    *b = c.dims[0], *r = c.dims[1], *cols = c.dims[2];
    return true;
  }
  return false;
}

}  // namespace simsiam
