// Planted bug: 2048 threads per block (the limit is 1024).
// emu-builds: plain asan tsan
// emu-expect[plain,asan,tsan]: simsiam-emu: launch of fill at .*threads_2048.cu:11 refused \(cudaErrorInvalidConfiguration\): 2048 threads per block
#include "Check.h"

__global__ void fill(float* y) { y[blockIdx.x * blockDim.x + threadIdx.x] = 1.f; }

int main() {
  float* y = deviceArray<float>(4096);
  const int threads = 2048;
  fill<<<2, threads>>>(y);
  CHECK(cudaGetLastError() == cudaSuccess);
  return finish("threads_2048");
}
