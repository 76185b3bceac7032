// Planted bug: the barrier between thread 0's `isLast = ...` and the other
// threads' `if (!isLast) return;` is missing (compare SimSiamLoss.cu). In
// forward order thread 0 happens to run first; in reverse order the others
// read the poisoned flag first.
// emu-builds: plain asan tsan
// emu-order: reverse
// emu-expect[plain]: simsiam-emu: kernel rowsThenTotal .*exited without reaching the __syncthreads at .*last_block_no_barrier.cu:2[0-9]
// emu-expect[asan]: load of value 255, which is not a valid value for type 'bool'|exited without reaching the __syncthreads
// emu-expect[tsan]: ThreadSanitizer: data race
#include "Check.h"

__global__ void rowsThenTotal(const float* x, float* rows, unsigned* counter, float* total) {
  __shared__ bool isLast;
  __shared__ float part[64];
  if (threadIdx.x == 0) {
    rows[blockIdx.x] = x[blockIdx.x];
    __threadfence();
    isLast = atomicInc(counter, gridDim.x - 1) == gridDim.x - 1;
  }
  // __syncthreads(); missing
  if (!isLast) return;
  part[threadIdx.x] = threadIdx.x < gridDim.x ? __ldcg(rows + threadIdx.x) : 0.f;
  __syncthreads();
  if (threadIdx.x == 0) {
    float s = 0;
    for (int i = 0; i < 64; ++i) s += part[i];
    *total = s;
  }
}

int main() {
  float *rows = deviceArray<float>(8), *total = deviceArray<float>(1);
  unsigned* counter = deviceArray<unsigned>(1);
  CUDA_OK(cudaMemset(counter, 0, sizeof(unsigned)));
  rowsThenTotal<<<8, 64>>>(toDevice(std::vector<float>(8, 1.f)), rows, counter, total);
  const float t = toHost(total, 1)[0];
  if (t != 8.f) {
    std::fprintf(stderr, "total %g differs from the CPU reference 8\n", t);
    return 1;
  }
  return finish("last_block_no_barrier");
}
