// Planted bug: 64 threads index a 32-element shared array. Each __shared__
// variable is its own allocation, so the sanitizer build sees the overrun.
// emu-builds: asan
// emu-expect[asan]: index 32 out of bounds for type 'float \[32\]'|AddressSanitizer: heap-buffer-overflow
#include "Check.h"

__global__ void scale(const float* x, float* y) {
  __shared__ float s[32];
  s[threadIdx.x] = 2.f * x[threadIdx.x];
  __syncthreads();
  y[threadIdx.x] = s[threadIdx.x];
}

int main() {
  float* y = deviceArray<float>(64);
  scale<<<1, 64>>>(toDevice(std::vector<float>(64, 1.f)), y);
  toHost(y, 64);
  return finish("shared_oob");
}
