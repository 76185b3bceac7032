// Planted bug: threads past the end return before the block's barrier (n is
// not a multiple of the block), so the barrier is reached by part of the block.
// emu-builds: plain asan tsan
// emu-expect[plain,asan,tsan]: simsiam-emu: kernel shiftLeft .* block \(1,0,0\).*: threads 100-127 exited without reaching the __syncthreads at .*early_return.cu:12 where threads 0-99 wait
#include "Check.h"

__global__ void shiftLeft(const int* x, int* y, int n) {
  __shared__ int s[128];
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  s[threadIdx.x] = x[i];
  __syncthreads();
  y[i] = threadIdx.x + 1 < blockDim.x && i + 1 < n ? s[threadIdx.x + 1] : 0;
}

int main() {
  const int n = 228;
  int* y = deviceArray<int>(n);
  shiftLeft<<<2, 128>>>(toDevice(std::vector<int>(n, 3)), y, n);
  toHost(y, n);
  return finish("early_return");
}
