// CUDA side of kernels/Movement.h: the unit types a copy moves (1 to 16
// bytes) and the launch shape of the one-thread-per-unit kernels.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/GridStride.cuh"

namespace simsiam {

constexpr int kMovementThreads = 256;

inline unsigned movementBlocks(int64_t n) { return gridStrideBlocks(n, kMovementThreads); }

// Calls f(U{}) with the unsigned type of `bytes` (1, 2, 4, 8, 16); false for
// another size.
template <typename F>
bool withUnit(int bytes, F&& f) {
  switch (bytes) {
    case 1: f(uint8_t{}); return true;
    case 2: f(uint16_t{}); return true;
    case 4: f(uint32_t{}); return true;
    case 8: f(uint2{}); return true;
    case 16: f(uint4{}); return true;
    default: return false;
  }
}

}  // namespace simsiam
