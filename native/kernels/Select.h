// Select (tf.where with condition, t and e of one shape): y = condition == 1
// ? t : e on 1- or 4-byte elements; AddN (float32 / int32) and ClipByValue
// (float32). Semantics: kernels/MovementOps.h; CPU reference Select.cc, CUDA
// Select.cu.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/Movement.h"

namespace simsiam {

// elemBytes 1 or 4.
void selectCpu(const uint8_t* condition, const void* t, const void* e, void* y, int64_t n, size_t elemBytes);

// y = x[0] + x[1] + ... (count >= 1 inputs, left to right from 0); type
// float32 or int32. y may be one of the inputs only if it is x[0].
void addNCpu(ElementType type, const void* const* x, int count, void* y, int64_t n);

void clipByValueCpu(const float* x, float* y, int64_t n, double lo, double hi);

// CUDA: device pointers, stream a cudaStream_t; returns a cudaError_t as int.
int selectCuda(const uint8_t* condition, const void* t, const void* e, void* y, int64_t n, size_t elemBytes,
               void* stream);
int addNCuda(ElementType type, const void* const* x, int count, void* y, int64_t n, void* stream);
int clipByValueCuda(const float* x, float* y, int64_t n, double lo, double hi, void* stream);

}  // namespace simsiam
