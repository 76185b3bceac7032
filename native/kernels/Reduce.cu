// Sum, Mean, Max, Min on float32 over any set of axes, in place (CPU
// reference: Reduce.cc; the kernels and policies: ReduceCuda.cuh).
#include <cuda_runtime.h>

#include "kernels/Reduce.h"
#include "kernels/ReduceCuda.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

using namespace reduce_cuda;

struct SumFinish {
  static __device__ __forceinline__ float finish(double acc, double) { return static_cast<float>(acc); }
};
struct MeanFinish {
  static __device__ __forceinline__ float finish(double acc, double n) { return static_cast<float>(acc / n); }
};
struct ValueFinish {
  static __device__ __forceinline__ float finish(Candidate c, double) { return c.v; }
};

Plan planOf(const ReduceShape& s) { return makePlan(s.rank, s.dims, s.reduced); }

}  // namespace

size_t reduceCudaWorkspace(ReduceOp op, const ReduceShape& s) {
  const Plan p = planOf(s);
  return op == ReduceOp::kSum || op == ReduceOp::kMean ? workspaceBytes<SumPolicy>(p)
                                                       : workspaceBytes<ExtremePolicy<true, false>>(p);
}

int reduceCuda(ReduceOp op, const ReduceShape& s, const float* x, float* y, void* workspace, void* stream) {
  const Plan p = planOf(s);
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  switch (op) {
    case ReduceOp::kSum: return run<SumPolicy, SumFinish>(p, x, y, workspace, st);
    case ReduceOp::kMean: return run<SumPolicy, MeanFinish>(p, x, y, workspace, st);
    case ReduceOp::kMax: return run<ExtremePolicy<true, false>, ValueFinish>(p, x, y, workspace, st);
    case ReduceOp::kMin: return run<ExtremePolicy<false, false>, ValueFinish>(p, x, y, workspace, st);
    case ReduceOp::kCount: break;
  }
  return static_cast<int>(cudaErrorInvalidValue);
}

}  // namespace simsiam
