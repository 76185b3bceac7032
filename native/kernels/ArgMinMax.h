// ArgMax / ArgMin of tfjs on float32 along one axis of x viewed as
// [outer, reduce, inner] (int32 output [outer, inner]): the index of the first
// extreme element, with tfjs-backend-cpu's NaN behaviour (its loop is
// `best = x[0]; for each v: if (v > best) ...`, so a NaN first element wins
// and later NaNs are never chosen). CPU reference: ArgMinMax.cc (that loop);
// CUDA: ArgMinMax.cu (a tree over (class, value, index), the same result).
#pragma once
#include <cstddef>
#include <cstdint>

namespace simsiam {

void argMinMaxCpu(bool max, const float* x, int32_t* y, int64_t outer, int64_t reduce, int64_t inner);

// workspace: argMinMaxCudaWorkspace(...) bytes (may be null when 0).
size_t argMinMaxCudaWorkspace(int64_t outer, int64_t reduce, int64_t inner);
int argMinMaxCuda(bool max, const float* x, int32_t* y, int64_t outer, int64_t reduce, int64_t inner, void* workspace,
                  void* stream);

}  // namespace simsiam
