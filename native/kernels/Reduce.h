// Reductions of tfjs's cpu backend on float32: Sum, Mean, Max, Min over any
// set of axes, in place (no transpose) (native/kernels/Reduce.cc).
//
// Sum and Mean accumulate in double, in an order fixed by the shape alone, so
// large sums stay accurate (|error| ~ 1e-16 * sum |x| before the final
// rounding to float32) and a result is the same for any thread count. Max and
// Min return exactly what tfjs-backend-cpu's JS kernels return.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/TensorShape.h"

namespace simsiam {

enum class ReduceOp : int { kSum, kMean, kMax, kMin, kCount };

struct ReduceShape {
  int rank;
  int64_t dims[kMaxRank];
  bool reduced[kMaxRank];
};

// y (the kept dimensions, in order) = op of x over the reduced dimensions.
// Max/Min visit the reduced elements in row-major order, as tfjs does when
// the axes are given in increasing order.
void reduceCpu(ReduceOp op, const ReduceShape& s, const float* x, float* y);

// CUDA (Reduce.cu): the same values. Sum and Mean accumulate in double too
// (per-thread partial sums, then a fixed tree), so they differ from reduceCpu
// only in the order of double additions (|diff| ~ 1e-16 * sum |x| before the
// final rounding, far inside TOLERANCE.summation); Max and Min keep the first
// of equal numbers and the last NaN (row-major order), as reduceCpu's fold
// does, so -0/+0 and NaN signs and payloads come out as reduceCpu's.
// `workspace`: reduceCudaWorkspace(op, s) bytes of device memory (may be null
// when that is 0). The result does not depend on the GPU model (the split of
// the work depends on the shape only). Returns a cudaError_t as int.
size_t reduceCudaWorkspace(ReduceOp op, const ReduceShape& s);
int reduceCuda(ReduceOp op, const ReduceShape& s, const float* x, float* y, void* workspace, void* stream);

}  // namespace simsiam
