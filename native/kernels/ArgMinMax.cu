// ArgMax / ArgMin (CPU reference: ArgMinMax.cc) with the reduction machinery
// of ReduceCuda.cuh: one reduced axis, candidates ordered by class, value and
// index (ExtremePolicy<_, true> gives tfjs's NaN rule).
#include <cuda_runtime.h>

#include "kernels/ArgMinMax.h"
#include "kernels/ReduceCuda.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

using namespace reduce_cuda;

struct IndexFinish {
  static __device__ __forceinline__ int32_t finish(Candidate c, double) { return static_cast<int32_t>(c.r); }
};

Plan planOf(int64_t outer, int64_t reduce, int64_t inner) {
  // Size-1 runs are dropped by the plan, so the reduced index is the index
  // along the axis whatever the sizes are.
  const int64_t dims[3] = {outer, reduce, inner};
  const bool reduced[3] = {false, true, false};
  return makePlan(3, dims, reduced);
}

}  // namespace

size_t argMinMaxCudaWorkspace(int64_t outer, int64_t reduce, int64_t inner) {
  return workspaceBytes<ExtremePolicy<true, true>>(planOf(outer, reduce, inner));
}

int argMinMaxCuda(bool max, const float* x, int32_t* y, int64_t outer, int64_t reduce, int64_t inner, void* workspace,
                  void* stream) {
  if (reduce <= 0) return 0;
  const Plan p = planOf(outer, reduce, inner);
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  return max ? run<ExtremePolicy<true, true>, IndexFinish>(p, x, y, workspace, st)
             : run<ExtremePolicy<false, true>, IndexFinish>(p, x, y, workspace, st);
}

}  // namespace simsiam
