// Cast between float32, int32 and bool (ElementType codes; semantics:
// kernels/MovementOps.h). CPU reference Cast.cc, CUDA Cast.cu.
#pragma once
#include <cstdint>

#include "kernels/Movement.h"

namespace simsiam {

// from != to; returns false for an unsupported pair.
bool castSupported(ElementType from, ElementType to);
void castCpu(ElementType from, ElementType to, const void* x, void* y, int64_t n);

// CUDA: device pointers, stream a cudaStream_t; returns a cudaError_t as int.
int castCuda(ElementType from, ElementType to, const void* x, void* y, int64_t n, void* stream);

}  // namespace simsiam
