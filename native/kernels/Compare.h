// Comparisons (Greater, GreaterEqual, Less, LessEqual, Equal, NotEqual) on
// float32, int32 or bool operands and LogicalAnd / LogicalOr on bool, with
// NumPy broadcasting, to bool (uint8). Semantics: kernels/MovementOps.h; CPU
// reference Compare.cc, CUDA Compare.cu.
#pragma once
#include <cstdint>

#include "kernels/ElementwiseOps.h"
#include "kernels/Movement.h"
#include "kernels/MovementOps.h"

namespace simsiam {

// a, b of `type`; y (out's size) must not overlap them.
void compareCpu(CompareOp op, ElementType type, const BroadcastShapes& s, const void* a, const void* b, uint8_t* y);
// y = !x (x, y bool).
void logicalNotCpu(const uint8_t* x, uint8_t* y, int64_t n);

// CUDA: device pointers, stream a cudaStream_t; returns a cudaError_t as int.
int compareCuda(CompareOp op, ElementType type, const BroadcastShapes& s, const void* a, const void* b, uint8_t* y,
                void* stream);
int logicalNotCuda(const uint8_t* x, uint8_t* y, int64_t n, void* stream);

}  // namespace simsiam
