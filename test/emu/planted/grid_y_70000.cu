// Planted bug: 70000 blocks on grid y (the limit is 65535; only x may be larger).
// emu-builds: plain asan tsan
// emu-expect[plain,asan,tsan]: simsiam-emu: launch of rows at .*grid_y_70000.cu:10 refused \(cudaErrorInvalidConfiguration\): grid 1x70000x1 exceeds
#include "Check.h"

__global__ void rows(float* y) { y[blockIdx.y] = 1.f; }

int main() {
  float* y = deviceArray<float>(70000);
  rows<<<dim3(1, 70000), 1>>>(y);
  CHECK(cudaGetLastError() == cudaSuccess);
  return finish("grid_y_70000");
}
