// Scratch memory of the CPU kernels, kept between calls: a fresh multi-MB
// std::vector per call costs a memset plus page faults on every call. Each
// slot is one 64-byte aligned buffer per thread, grown on demand, contents
// undefined. Callers use distinct slots for buffers that are alive together.
#pragma once
#include <cstddef>

namespace simsiam {

enum class WorkspaceSlot {
  kGemmPackA,
  kGemmPackB,
  kGemmPartial,
  kConvFilter,
  kConvColumns,
  kWinogradFilter,    // kernels/ConvWinograd.cc: the transformed filter, or the filter gradient's 16 sums
  kWinogradTiles,     // a chunk's transformed input tiles
  kWinogradProducts,  // a chunk's 16 GEMM products, or its transformed output gradient
  kCount
};

float* workspace(WorkspaceSlot slot, size_t floats);

}  // namespace simsiam
