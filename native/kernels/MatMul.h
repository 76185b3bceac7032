// BatchMatMul / _FusedMatMul on tfjs's cpu backend: for each output matrix i,
// c[i] = ep(op(a[aIndex[i]]) * op(b[bIndex[i]])); the index arrays carry the
// broadcasting of the batch dimensions. Matrices are dense row-major:
// a is [M x K] ([K x M] when transA), b is [K x N] ([N x K] when transB).
#pragma once
#include <cstdint>

#include "gemm/Epilogue.h"

namespace simsiam {

struct MatMulShape {
  int64_t batch, M, N, K;
  bool transA, transB;
};

void batchMatMulCpu(const MatMulShape& s, const float* a, const int32_t* aIndex, const float* b,
                    const int32_t* bIndex, float* c, const Epilogue& ep);

}  // namespace simsiam
