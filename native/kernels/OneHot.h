// OneHot of tfjs: y [count, depth] of 4-byte values (the bits of a float32 or
// an int32), y[e, d] = d == indices[e] ? on : off; an index outside
// [0, depth) gives a row of `off` (as tfjs-backend-cpu). CPU reference:
// OneHot.cc; CUDA: OneHot.cu.
#pragma once
#include <cstdint>

namespace simsiam {

void oneHotCpu(const int32_t* indices, uint32_t* y, int64_t count, int64_t depth, uint32_t on, uint32_t off);
int oneHotCuda(const int32_t* indices, uint32_t* y, int64_t count, int64_t depth, uint32_t on, uint32_t off,
               void* stream);

}  // namespace simsiam
